-- County boundaries for maps (`liantu map import`): one GeoJSON MultiPolygon per division code,
-- in degrees as imported, with a point for its label and where the boundary came from. A city's
-- import replaces the shapes of the codes it names and keeps the others.
CREATE TABLE region_shapes (
    code        TEXT PRIMARY KEY REFERENCES regions (code),
    name        TEXT NOT NULL,
    geometry    TEXT NOT NULL,
    -- "[lon, lat]" or NULL (the map then labels the middle of the largest polygon).
    label_point TEXT,
    source      TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
