//! GeoJSON boundaries: a `FeatureCollection` of county polygons, checked feature by feature.

use serde_json::Value;

/// One division's boundary: polygons, each an outer ring then its holes, in [lon, lat] degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// GB/T 2260 code (6 digits).
    pub code: String,
    pub name: String,
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
    /// A point inside the division for its label, when the file gives one (`label_point`, or
    /// ECharts' `center`/`centroid`).
    pub label_point: Option<[f64; 2]>,
}

impl Area {
    /// Whether `[lon, lat]` lies inside the area: inside an outer ring and outside its holes
    /// (even-odd crossings over every ring of a polygon).
    pub fn contains(&self, [x, y]: [f64; 2]) -> bool {
        self.polygons.iter().any(|polygon| {
            polygon.iter().fold(false, |inside, ring| {
                let crossings = ring
                    .iter()
                    .zip(ring.iter().cycle().skip(1))
                    .filter(|(a, b)| {
                        (a[1] > y) != (b[1] > y)
                            && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]
                    })
                    .count();
                inside ^ (crossings % 2 == 1)
            })
        })
    }

    /// The GeoJSON geometry of this area (a `MultiPolygon`), as stored.
    pub fn geometry_json(&self) -> String {
        serde_json::json!({"type": "MultiPolygon", "coordinates": self.polygons}).to_string()
    }

    /// The area from a stored geometry (as written by [`Area::geometry_json`]).
    pub fn from_geometry(
        code: String,
        name: String,
        geometry: &str,
        label_point: Option<[f64; 2]>,
    ) -> Result<Area, String> {
        let value: Value = serde_json::from_str(geometry).map_err(|e| e.to_string())?;
        let polygons = polygons(&value).map_err(|(zh, en)| format!("{zh} / {en}"))?;
        Ok(Area {
            code,
            name,
            polygons,
            label_point,
        })
    }
}

/// A feature that cannot be used: its 1-based index in the file, its code if it has one, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureError {
    pub feature: usize,
    pub code: Option<String>,
    pub reason_zh: String,
    pub reason_en: String,
}

impl std::fmt::Display for FeatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "第 {} 个要素 feature {}", self.feature, self.feature)?;
        if let Some(code) = &self.code {
            write!(f, "（{code}）")?;
        }
        write!(f, "：{} / {}", self.reason_zh, self.reason_en)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeoJsonError {
    #[error("不是有效的 JSON / not valid JSON: {0}")]
    Json(String),
    #[error(
        "不是 GeoJSON 要素集合（需要 \"type\": \"FeatureCollection\" 和 features）/ not a GeoJSON FeatureCollection"
    )]
    NotCollection,
    #[error("没有要素 / no features")]
    Empty,
    #[error("{} 个要素有问题，未导入任何边界 / {} bad features, no boundary imported:\n{}", .0.len(), .0.len(), list(.0))]
    Features(Vec<FeatureError>),
}

fn list(errors: &[FeatureError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

type Reason = (String, String);

fn reason(zh: &str, en: &str) -> Reason {
    (zh.to_string(), en.to_string())
}

/// Reads a FeatureCollection: every feature must have a 6-digit code (`code` or `adcode`), a
/// name, and Polygon/MultiPolygon geometry in degrees; codes must be unique. All or nothing.
pub fn parse_geojson(text: &str) -> Result<Vec<Area>, GeoJsonError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| GeoJsonError::Json(e.to_string()))?;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(GeoJsonError::NotCollection);
    }
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or(GeoJsonError::NotCollection)?;
    if features.is_empty() {
        return Err(GeoJsonError::Empty);
    }
    let mut areas = Vec::with_capacity(features.len());
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, feature) in features.iter().enumerate() {
        let code = code_of(feature);
        let fail = |(zh, en): Reason| FeatureError {
            feature: i + 1,
            code: code.clone(),
            reason_zh: zh,
            reason_en: en,
        };
        match area(feature, code.as_deref()) {
            Ok(a) if !seen.insert(a.code.clone()) => {
                errors.push(fail(reason("区划代码重复", "duplicate division code")));
            }
            Ok(a) => areas.push(a),
            Err(r) => errors.push(fail(r)),
        }
    }
    if errors.is_empty() {
        Ok(areas)
    } else {
        Err(GeoJsonError::Features(errors))
    }
}

fn code_of(feature: &Value) -> Option<String> {
    let props = feature.get("properties")?;
    match props.get("code").or_else(|| props.get("adcode"))? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn area(feature: &Value, code: Option<&str>) -> Result<Area, Reason> {
    let code = code.ok_or_else(|| {
        reason(
            "缺少区划代码（properties.code 或 adcode）",
            "no division code (properties.code or adcode)",
        )
    })?;
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(reason(
            "区划代码应为 6 位数字（GB/T 2260 县级）",
            "the division code must be 6 digits (GB/T 2260 county level)",
        ));
    }
    let props = &feature["properties"];
    let name = props
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default();
    if name.is_empty() {
        return Err(reason(
            "缺少名称（properties.name）",
            "no name (properties.name)",
        ));
    }
    let geometry = feature
        .get("geometry")
        .ok_or_else(|| reason("缺少几何（geometry）", "no geometry"))?;
    let label_point = ["label_point", "center", "centroid"]
        .iter()
        .find_map(|k| point(props.get(*k)?).ok());
    Ok(Area {
        code: code.to_string(),
        name: name.to_string(),
        polygons: polygons(geometry)?,
        label_point,
    })
}

fn polygons(geometry: &Value) -> Result<Vec<Vec<Vec<[f64; 2]>>>, Reason> {
    let coordinates = geometry
        .get("coordinates")
        .and_then(Value::as_array)
        .ok_or_else(|| reason("几何缺少坐标", "the geometry has no coordinates"))?;
    match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => Ok(vec![polygon(coordinates)?]),
        Some("MultiPolygon") => coordinates
            .iter()
            .map(|p| polygon(p.as_array().ok_or_else(bad_nesting)?))
            .collect(),
        _ => Err(reason(
            "几何类型应为 Polygon 或 MultiPolygon",
            "the geometry must be a Polygon or MultiPolygon",
        )),
    }
}

fn bad_nesting() -> Reason {
    reason("坐标嵌套层次不对", "coordinates nested wrongly")
}

fn polygon(rings: &[Value]) -> Result<Vec<Vec<[f64; 2]>>, Reason> {
    if rings.is_empty() {
        return Err(reason("多边形没有环", "a polygon without rings"));
    }
    rings
        .iter()
        .map(|ring| {
            let points = ring
                .as_array()
                .ok_or_else(bad_nesting)?
                .iter()
                .map(point)
                .collect::<Result<Vec<_>, _>>()?;
            if points.len() < 4 {
                return Err(reason(
                    "环少于 4 个点（首尾相同的闭合环）",
                    "a ring has fewer than 4 points (closed, first = last)",
                ));
            }
            Ok(points)
        })
        .collect()
}

fn point(v: &Value) -> Result<[f64; 2], Reason> {
    let a = v.as_array().ok_or_else(bad_nesting)?;
    let (Some(lon), Some(lat)) = (
        a.first().and_then(Value::as_f64),
        a.get(1).and_then(Value::as_f64),
    ) else {
        return Err(reason("坐标不是数字", "a coordinate is not a number"));
    };
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(reason(
            "坐标超出经纬度范围（应为度，经度 −180–180，纬度 −90–90）",
            "a coordinate is out of range (degrees: longitude −180–180, latitude −90–90)",
        ));
    }
    Ok([lon, lat])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = r#"[[[109,24],[110,24],[110,25],[109,25],[109,24]]]"#;

    fn collection(features: &[String]) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        )
    }

    fn feature(props: &str, geometry: &str) -> String {
        format!(r#"{{"type":"Feature","properties":{props},"geometry":{geometry}}}"#)
    }

    #[test]
    fn a_point_is_inside_the_outer_ring_and_outside_its_holes() {
        let square = |lo: f64, hi: f64| vec![[lo, lo], [hi, lo], [hi, hi], [lo, hi], [lo, lo]];
        let area = Area {
            code: "450202".into(),
            name: "甲".into(),
            // A 10° square with a 2° hole in the middle, and a separate small island.
            polygons: vec![
                vec![square(0.0, 10.0), square(4.0, 6.0)],
                vec![square(20.0, 21.0)],
            ],
            label_point: None,
        };
        assert!(area.contains([1.0, 1.0]));
        assert!(area.contains([20.5, 20.5]));
        assert!(!area.contains([5.0, 5.0]), "in the hole");
        assert!(!area.contains([15.0, 5.0]));
        assert!(!area.contains([-1.0, 5.0]));
    }

    #[test]
    fn reads_polygons_and_multipolygons_with_code_or_adcode() {
        let text = collection(&[
            feature(
                r#"{"code":"450202","name":"城中区","label_point":[109.4,24.3]}"#,
                &format!(r#"{{"type":"Polygon","coordinates":{SQUARE}}}"#),
            ),
            feature(
                r#"{"adcode":450203,"name":"鱼峰区"}"#,
                &format!(r#"{{"type":"MultiPolygon","coordinates":[{SQUARE},{SQUARE}]}}"#),
            ),
        ]);
        let areas = parse_geojson(&text).unwrap();
        assert_eq!(areas.len(), 2);
        assert_eq!(areas[0].label_point, Some([109.4, 24.3]));
        assert_eq!(areas[1].code, "450203");
        assert_eq!(areas[1].polygons.len(), 2);
        // Stored and read back unchanged.
        let back = Area::from_geometry(
            areas[1].code.clone(),
            areas[1].name.clone(),
            &areas[1].geometry_json(),
            None,
        )
        .unwrap();
        assert_eq!(back.polygons, areas[1].polygons);
    }

    #[test]
    fn every_bad_feature_is_named_and_nothing_is_returned() {
        let good = format!(r#"{{"type":"Polygon","coordinates":{SQUARE}}}"#);
        let text = collection(&[
            feature(r#"{"code":"450202","name":"城中区"}"#, &good),
            feature(r#"{"code":"4502","name":"短"}"#, &good),
            feature(r#"{"code":"450203"}"#, &good),
            feature(
                r#"{"code":"450204","name":"投影坐标"}"#,
                r#"{"type":"Polygon","coordinates":[[[12100000,2800000],[12200000,2800000],[12200000,2900000],[12100000,2800000]]]}"#,
            ),
            feature(
                r#"{"code":"450205","name":"点"}"#,
                r#"{"type":"Point","coordinates":[109,24]}"#,
            ),
            feature(r#"{"code":"450202","name":"重复"}"#, &good),
        ]);
        let GeoJsonError::Features(errors) = parse_geojson(&text).unwrap_err() else {
            panic!("expected feature errors");
        };
        let got: Vec<(usize, &str)> = errors
            .iter()
            .map(|e| (e.feature, e.reason_en.as_str()))
            .collect();
        assert_eq!(got.len(), 5, "{errors:?}");
        assert_eq!(got[0].0, 2);
        assert!(got[0].1.contains("6 digits"));
        assert!(got[1].1.contains("no name"));
        assert!(got[2].1.contains("out of range"));
        assert!(got[3].1.contains("Polygon or MultiPolygon"));
        assert_eq!(got[4], (6, "duplicate division code"));
        assert!(errors[2].to_string().contains("450204"));
    }

    #[test]
    fn not_geojson_is_said_plainly() {
        assert!(matches!(parse_geojson("{"), Err(GeoJsonError::Json(_))));
        assert_eq!(
            parse_geojson(r#"{"type":"Feature"}"#),
            Err(GeoJsonError::NotCollection)
        );
        assert_eq!(
            parse_geojson(r#"{"type":"FeatureCollection","features":[]}"#),
            Err(GeoJsonError::Empty)
        );
    }

    /// The real boundaries of Guangxi's 14 cities (../shared/data/maps): 111 counties, every one
    /// read, with a label point inside its own bounding box.
    #[test]
    fn guangxi_counties_read() {
        let Some(dir) = liantu_testdata::shared("maps/guangxi-counties") else {
            return;
        };
        let mut counties = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for a in parse_geojson(&text).unwrap() {
                counties += 1;
                let [lon, lat] = a.label_point.expect("label point");
                let ring = &a.polygons[0][0];
                let (min_lon, max_lon) = ring.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
                    (lo.min(p[0]), hi.max(p[0]))
                });
                let (min_lat, max_lat) = ring.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
                    (lo.min(p[1]), hi.max(p[1]))
                });
                let inside = a.polygons.len() > 1
                    || ((min_lon..=max_lon).contains(&lon) && (min_lat..=max_lat).contains(&lat));
                assert!(inside, "{} {}", a.code, a.name);
            }
        }
        assert_eq!(counties, 111);
    }
}
