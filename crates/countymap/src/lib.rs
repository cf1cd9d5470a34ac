//! County maps (产业布局图): the boundaries of a city's county-level divisions, read from GeoJSON,
//! and a choropleth of one figure per county drawn as a standalone SVG.
//!
//! - [`parse_geojson`] reads a `FeatureCollection` of `Polygon`/`MultiPolygon` features keyed by
//!   a GB/T 2260 code (`code` or `adcode` property), with every bad feature named (index, code,
//!   reason in Chinese and English); nothing is returned unless all are good.
//! - [`project`](projection::Albers) maps degrees to the page with the Albers equal-area conic
//!   projection, standard parallels 25° N and 47° N — the projection of China's national maps —
//!   centred on the map's own extent, so areas compare truly and north is up.
//! - [`render`] draws the areas shaded by value in five equal classes from 0 to the largest
//!   value, a label per county at its label point (moved aside when it would overlap another),
//!   a flag mark where the caller says planned and actual disagree, numbered point markers
//!   (parks) that labels keep clear of, a legend naming them, and the title, source and as-of
//!   inside the SVG, so a downloaded or printed map stands alone.

mod geojson;
pub mod projection;
mod render;

pub use geojson::{Area, FeatureError, GeoJsonError, parse_geojson};
pub use render::{CountyValue, MapFrame, MapPoint, render};
