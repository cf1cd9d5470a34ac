//! The county layout of a chain (产业布局): for each county of an area, the chain's output,
//! firms and actual leading node (from that county's own diagnosis), the nodes the latest plan
//! with a layout wants it to lead in, whether the two agree, and its boundary for the map.
//!
//! A county **agrees** with the plan when the node with its largest chain output is one of the
//! plan's nodes for it; a planned county without any chain output does not agree. Counties the
//! plan does not name are neither.

use crate::diagnosis::{ChainRef, DiagnosisRequest, RegionRef, SourceRef};
use crate::{App, AppError, Result};
use liantu_countymap::{Area, CountyValue, MapFrame};
use liantu_model::{Lang, RegionCode, RegionLevel};
use liantu_projects::Plan;
use liantu_table::{Cell, Column, ColumnKind, Table, Text};
use serde::Serialize;
use std::path::Path;

/// Largest boundary file read (the 14 cities of Guangxi together are 11 MB).
const GEOJSON_MAX_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone, Serialize)]
pub struct NodeName {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountyFigure {
    pub code: RegionCode,
    pub name_zh: String,
    pub name_en: String,
    /// The chain's output of the county's firms, 万元.
    pub output: f64,
    pub firms: u32,
    /// Of the area's chain output.
    pub share: Option<f64>,
    /// The node with the county's largest chain output.
    pub leading: Option<NodeName>,
    pub planned: Vec<NodeName>,
    pub role_zh: String,
    pub role_en: String,
    /// `None`: the plan does not name the county.
    pub agrees: Option<bool>,
    pub has_boundary: bool,
}

/// A park of the area with a known location, and how many of its firms are on the chain.
#[derive(Debug, Clone, Serialize)]
pub struct MapPark {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub region: RegionCode,
    /// WGS 84 degrees (longitude, latitude).
    pub location: (f64, f64),
    pub chain_firms: i64,
    pub source: String,
    /// Whether the location lies inside the park's county boundary (`None`: no boundary): a
    /// `false` is a location to check.
    pub inside_county: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LayoutPlan {
    pub id: String,
    pub version: i64,
    pub title: String,
    pub year: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountyMapView {
    pub chain: ChainRef,
    pub region: RegionRef,
    pub year: Option<i32>,
    pub total_output: f64,
    pub counties: Vec<CountyFigure>,
    /// The area's parks with a location: those with the chain's firms first, then by id.
    pub parks: Vec<MapPark>,
    pub plan: Option<LayoutPlan>,
    /// Where the boundaries came from, as imported.
    pub boundary_sources: Vec<String>,
    pub sources: Vec<SourceRef>,
    pub as_of: Option<String>,
    pub illustrative: bool,
    #[serde(skip)]
    pub areas: Vec<Area>,
}

impl App {
    /// Loads county boundaries from a GeoJSON file (`liantu map import`): all or nothing, every
    /// bad feature named; each code must be a region in the database. Returns how many.
    pub async fn import_region_shapes(&self, path: &Path, source: &str) -> Result<usize> {
        self.require_write(crate::WriteTarget::City).await?;
        let size = std::fs::metadata(path)
            .map_err(|e| {
                AppError::invalid(format!(
                    "无法读取 {0} / cannot read {0}: {e}",
                    path.display()
                ))
            })?
            .len();
        if size > GEOJSON_MAX_BYTES {
            return Err(AppError::invalid(format!(
                "边界文件过大（{} MB，上限 {} MB）/ the boundary file is too large ({} MB, limit {} MB)",
                size >> 20,
                GEOJSON_MAX_BYTES >> 20,
                size >> 20,
                GEOJSON_MAX_BYTES >> 20
            )));
        }
        let text = crate::files::read_text(path)?;
        let source = if source.trim().is_empty() {
            path.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        } else {
            source.trim().to_string()
        };
        self.import_region_shapes_text(&text, &source).await
    }

    pub(crate) async fn import_region_shapes_text(
        &self,
        text: &str,
        source: &str,
    ) -> Result<usize> {
        self.require_write(crate::WriteTarget::City).await?;
        let areas =
            liantu_countymap::parse_geojson(text).map_err(|e| AppError::invalid(e.to_string()))?;
        let regions = self.store.regions().await?;
        let unknown: Vec<String> = areas
            .iter()
            .enumerate()
            .filter(|(_, a)| !regions.iter().any(|r| r.code.as_str() == a.code))
            .map(|(i, a)| {
                format!(
                    "第 {0} 个要素（{1} {2}）：数据库中没有这个行政区划代码 / feature {0} ({1}): unknown division code",
                    i + 1,
                    a.code,
                    a.name
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(AppError::invalid(format!(
                "{} 个要素的区划代码未知，未导入任何边界 / {} features with unknown codes, no boundary imported:\n{}",
                unknown.len(),
                unknown.len(),
                unknown.join("\n")
            )));
        }
        let now = crate::clock::stored(self.clock.now());
        let shapes: Vec<liantu_store::RegionShape> = areas
            .iter()
            .map(|a| {
                Ok(liantu_store::RegionShape {
                    code: RegionCode::parse(&a.code)
                        .map_err(|e| AppError::invalid(e.to_string()))?,
                    name: a.name.clone(),
                    geometry: a.geometry_json(),
                    label_point: a.label_point,
                    source: source.to_string(),
                    imported_at: now.clone(),
                })
            })
            .collect::<Result<_>>()?;
        Ok(self.store.replace_region_shapes(&shapes).await?)
    }

    /// The chain's county layout in `request.region` (see the module docs).
    pub async fn county_map(&self, request: &DiagnosisRequest) -> Result<CountyMapView> {
        // One diagnosis per county: a city's ten, not a province's hundred.
        if matches!(
            request.region.level(),
            RegionLevel::Country | RegionLevel::Province
        ) {
            return Err(AppError::invalid(format!(
                "县区布局按地级市查看，请选择一个市（而非 {0}）/ the county layout is drawn for a prefecture-level city, not {0}",
                request.region
            )));
        }
        let area = self.chain_diagnosis(request).await?;
        let counties: Vec<crate::Region> = self
            .store
            .regions()
            .await?
            .into_iter()
            // Districts (区) and counties alike: every county-level code inside the area.
            .filter(|r| {
                r.code.level() == RegionLevel::County
                    && r.code != request.region
                    && request.region.contains(&r.code)
            })
            .collect();
        let shapes = self.store.region_shapes(&request.region).await?;
        let plan = self.layout_plan(&request.chain, &request.region).await?;
        let node_name = |id: &str| {
            area.nodes.iter().find(|n| n.id == id).map(|n| NodeName {
                id: n.id.clone(),
                name_zh: n.name_zh.clone(),
                name_en: n.name_en.clone(),
            })
        };
        let mut figures = Vec::with_capacity(counties.len());
        for county in &counties {
            let report = self
                .chain_diagnosis(&DiagnosisRequest {
                    region: county.code,
                    ..request.clone()
                })
                .await?;
            let leading = report
                .nodes
                .iter()
                .filter(|n| n.output > 0.0)
                .max_by(|a, b| a.output.total_cmp(&b.output))
                .and_then(|n| node_name(&n.id));
            let layout = plan
                .as_ref()
                .and_then(|(_, p)| p.layout.iter().find(|l| l.region == county.code.as_str()));
            let planned: Vec<NodeName> = layout
                .map(|l| l.nodes.iter().filter_map(|n| node_name(n)).collect())
                .unwrap_or_default();
            let agrees = layout.map(|_| {
                leading
                    .as_ref()
                    .is_some_and(|l| planned.iter().any(|p| p.id == l.id))
            });
            figures.push(CountyFigure {
                code: county.code,
                name_zh: county.name_zh.clone(),
                name_en: county.name_en.clone(),
                output: report.total_output,
                firms: report.local_enterprises,
                share: (area.total_output > 0.0).then(|| report.total_output / area.total_output),
                leading,
                planned,
                role_zh: layout.map(|l| l.role_zh.clone()).unwrap_or_default(),
                role_en: layout.map(|l| l.role_en.clone()).unwrap_or_default(),
                agrees,
                has_boundary: shapes.iter().any(|s| s.code == county.code),
            });
        }
        // The counties' shapes only (not the area's own outline), and each source once.
        let drawn: Vec<liantu_store::RegionShape> = shapes
            .into_iter()
            .filter(|s| counties.iter().any(|c| c.code == s.code))
            .collect();
        let mut boundary_sources: Vec<String> = Vec::new();
        for s in &drawn {
            if !boundary_sources.contains(&s.source) {
                boundary_sources.push(s.source.clone());
            }
        }
        let areas = drawn
            .into_iter()
            .map(|s| {
                Area::from_geometry(s.code.to_string(), s.name, &s.geometry, s.label_point)
                    .map_err(AppError::internal)
            })
            .collect::<Result<Vec<_>>>()?;
        let firms_in = self
            .store
            .park_chain_firms(&request.chain, &request.region)
            .await?;
        let mut parks: Vec<MapPark> = self
            .store
            .parks()
            .await?
            .into_iter()
            .filter(|p| request.region.contains(&p.region))
            .filter_map(|p| {
                let location = p.location?;
                let inside_county = areas
                    .iter()
                    .find(|a| a.code == p.region.as_str())
                    .map(|a| a.contains([location.0, location.1]));
                Some(MapPark {
                    inside_county,
                    chain_firms: firms_in
                        .iter()
                        .find(|(id, _)| *id == p.id)
                        .map_or(0, |f| f.1),
                    id: p.id,
                    name_zh: p.name_zh,
                    name_en: p.name_en,
                    region: p.region,
                    location,
                    source: p.source,
                })
            })
            .collect();
        parks.sort_by(|a, b| {
            (b.chain_firms > 0)
                .cmp(&(a.chain_firms > 0))
                .then(a.id.cmp(&b.id))
        });
        Ok(CountyMapView {
            parks,
            chain: area.chain.clone(),
            region: area.region.clone(),
            year: area.year,
            total_output: area.total_output,
            counties: figures,
            plan: plan.map(|(v, p)| LayoutPlan {
                id: p.id,
                version: v,
                title: p.title_zh,
                year: p.year,
            }),
            boundary_sources,
            sources: area.sources.clone(),
            as_of: area.as_of.clone(),
            illustrative: area.illustrative,
            areas,
        })
    }

    /// The latest plan (latest year, then latest version) of `chain` for `region` with a layout.
    async fn layout_plan(&self, chain: &str, region: &RegionCode) -> Result<Option<(i64, Plan)>> {
        let mut best: Option<(i64, Plan)> = None;
        for v in self.store.latest_plans().await? {
            if v.region != region.as_str() {
                continue;
            }
            let Ok(plan) = Plan::parse(&v.definition) else {
                continue;
            };
            if plan.chain.as_deref() != Some(chain) || plan.layout.is_empty() {
                continue;
            }
            if best.as_ref().is_none_or(|(_, b)| plan.year > b.year) {
                best = Some((v.version, plan));
            }
        }
        Ok(best)
    }
}

/// The map as a standalone SVG in `lang`.
pub fn county_map_svg(view: &CountyMapView, lang: Lang) -> String {
    let t = |zh: &str, en: &str| lang.t(zh, en).to_string();
    let values: Vec<CountyValue> = view
        .counties
        .iter()
        .map(|c| {
            let mut lines = vec![format!(
                "{} {}",
                liantu_table::money(c.output),
                t("万元", "10k yuan")
            )];
            if let Some(l) = &c.leading {
                lines.push(lang.t(&l.name_zh, &l.name_en).to_string());
            }
            CountyValue {
                code: c.code.to_string(),
                value: Some(c.output),
                lines,
                flag: c.agrees == Some(false),
            }
        })
        .collect();
    let year = view.year.map_or(String::new(), |y| format!(" · {y}"));
    let mut source = format!(
        "{}{}",
        t("来源：", "Source: "),
        view.sources
            .iter()
            .map(|s| lang.t(&s.title_zh, &s.title_en))
            .collect::<Vec<_>>()
            .join("；")
    );
    if let Some(as_of) = &view.as_of {
        source.push_str(&format!("{}{as_of}", t(" · 截至 ", " · as of ")));
    }
    if let Some(p) = &view.plan {
        source.push_str(&format!("{}{}", t(" · 规划：", " · plan: "), p.title));
    }
    if !view.boundary_sources.is_empty() {
        source.push_str(&format!(
            "{}{}",
            t(" · 边界：", " · boundaries: "),
            view.boundary_sources.join("；")
        ));
    }
    let frame = MapFrame {
        title: format!(
            "{} · {}{year} · {}",
            lang.t(&view.chain.name_zh, &view.chain.name_en),
            lang.t(&view.region.name_zh, &view.region.name_en),
            t("县区布局", "county layout")
        ),
        legend_title: t("链上产值（万元）", "Chain output (10k yuan)"),
        no_data: t("无数据", "no data"),
        flag_label: t(
            "实际主导环节不在规划之内",
            "leading node not the planned one",
        ),
        source,
        illustrative: view
            .illustrative
            .then(|| t("示例数据", "Illustrative data")),
        points: view
            .parks
            .iter()
            .map(|p| liantu_countymap::MapPoint {
                lon: p.location.0,
                lat: p.location.1,
                name: match lang {
                    Lang::Zh => format!("{}（链上企业 {} 家）", p.name_zh, p.chain_firms),
                    Lang::En => format!("{} ({} firms on the chain)", p.name_en, p.chain_firms),
                },
                solid: p.chain_firms > 0,
            })
            .collect(),
    };
    // Counties named in the reader's language (the boundary file's names are Chinese).
    let areas: Vec<Area> = view
        .areas
        .iter()
        .map(|a| {
            let mut a = a.clone();
            if let Some(c) = view.counties.iter().find(|c| c.code.as_str() == a.code) {
                a.name = lang.t(&c.name_zh, &c.name_en).to_string();
            }
            a
        })
        .collect();
    liantu_countymap::render(&areas, &values, &frame)
}

/// The county table beside the map.
pub fn county_table(view: &CountyMapView) -> Table {
    let mut table = Table::new(
        Text::new("县区布局", "County layout"),
        vec![
            Column::new("region", "县区", "County", ColumnKind::Local),
            Column::new("code", "区划代码", "Code", ColumnKind::Text),
            Column::new(
                "output",
                "链上产值（万元）",
                "Chain output (10k yuan)",
                ColumnKind::Money,
            ),
            Column::new("share", "占全域", "Share", ColumnKind::Percent),
            Column::new("firms", "本地企业", "Local firms", ColumnKind::Count),
            Column::new("leading", "实际主导环节", "Leading node", ColumnKind::Local),
            Column::new("role", "规划定位", "Planned role", ColumnKind::Local),
            Column::new(
                "planned",
                "规划主导环节",
                "Planned nodes",
                ColumnKind::Local,
            ),
            Column::new(
                "agrees",
                "与规划一致",
                "Agrees with plan",
                ColumnKind::Label { badge: false },
            ),
        ],
    );
    for c in &view.counties {
        let names = |lang: Lang| {
            c.planned
                .iter()
                .map(|n| lang.t(&n.name_zh, &n.name_en))
                .collect::<Vec<_>>()
                .join(match lang {
                    Lang::Zh => "、",
                    Lang::En => ", ",
                })
        };
        table.push(vec![
            Cell::local(c.name_zh.clone(), c.name_en.clone()),
            Cell::text(c.code.to_string()),
            Cell::Money(c.output),
            Cell::optional(c.share, Cell::Percent),
            Cell::Count(i64::from(c.firms)),
            Cell::optional(c.leading.as_ref(), |l| {
                Cell::local(l.name_zh.clone(), l.name_en.clone())
            }),
            if c.role_zh.is_empty() {
                Cell::Empty
            } else {
                Cell::local(c.role_zh.clone(), c.role_en.clone())
            },
            if c.planned.is_empty() {
                Cell::Empty
            } else {
                Cell::local(names(Lang::Zh), names(Lang::En))
            },
            match c.agrees {
                Some(true) => Cell::label("yes", "一致", "yes"),
                Some(false) => Cell::label("no", "不一致", "no"),
                None => Cell::Empty,
            },
        ]);
    }
    table
}
