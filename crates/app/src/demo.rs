//! Creating a database: the built-in chains, and the Liuzhou demo data set.

use crate::{App, Result};
use liantu_store::LoadSummary;

/// Liuzhou's county boundaries for the demo's county map (MIT, `data/maps/NOTICE.md`).
const LIUZHOU_COUNTIES: &str = include_str!("../../../data/maps/450200.geojson");
const LIUZHOU_COUNTIES_SOURCE: &str = "ECharts 中国城市边界数据 0.1.4（MIT 许可，非标准地图）";

impl App {
    /// Loads the Liuzhou demo data set in one transaction, then its panel, candidates,
    /// projects, plans, the national 2020 input-output table and Liuzhou's county boundaries. The built-in chains must be
    /// installed.
    pub async fn load_demo(&self) -> Result<LoadSummary> {
        self.require_write(crate::WriteTarget::City).await?;
        let data = liantu_demo::dataset()?;
        let summary = self.store.load_dataset(&data).await?;
        self.install_demo_panel().await?;
        self.load_demo_candidates().await?;
        self.load_demo_projects().await?;
        self.load_demo_plans().await?;
        self.load_demo_workforce().await?;
        self.import_io_table(
            "nbs-2020-42",
            "2020年全国投入产出表（42部门）",
            "liantu 内置 / built in: data/io/china_io_2020_42.csv（国家统计局）",
            crate::invest::NBS_2020_42,
        )
        .await?;
        self.import_region_shapes_text(LIUZHOU_COUNTIES, LIUZHOU_COUNTIES_SOURCE)
            .await?;
        Ok(summary)
    }
}

pub use liantu_store::LoadSummary as DemoSummary;

/// The demo firms' workforce by occupation (`data/demo/workforce.csv`, illustrative).
const DEMO_WORKFORCE: &str = include_str!("../../../data/demo/workforce.csv");
/// Liuzhou's colleges with illustrative programme figures (`data/demo/programmes.csv`).
const DEMO_PROGRAMMES: &str = include_str!("../../../data/demo/programmes.csv");
/// Illustrative skill certifications (`data/demo/certifications.csv`).
const DEMO_CERTIFICATIONS: &str = include_str!("../../../data/demo/certifications.csv");
/// Innovation platforms, technology needs and achievements (`data/demo/platforms.csv`,
/// `tech_needs.csv`, `achievements.csv`): real hosts and owners where named, illustrative entries.
const DEMO_PLATFORMS: &str = include_str!("../../../data/demo/platforms.csv");
const DEMO_TECH_NEEDS: &str = include_str!("../../../data/demo/tech_needs.csv");
const DEMO_ACHIEVEMENTS: &str = include_str!("../../../data/demo/achievements.csv");

impl App {
    /// Imports the demo's workforce, programme and innovation files as a city's own would come:
    /// through the import, titles classified against the classification (installed first when
    /// missing).
    async fn load_demo_workforce(&self) -> Result<()> {
        self.install_builtin_occupations(false).await?;
        let dir = tempfile::tempdir().map_err(|e| {
            crate::AppError::internal(format!(
                "无法创建临时目录 / cannot create a temporary directory: {e}"
            ))
        })?;
        for (kind, name, text) in [
            (
                crate::data::DataKind::Workforce,
                "workforce.csv",
                DEMO_WORKFORCE,
            ),
            (
                crate::data::DataKind::Programmes,
                "programmes.csv",
                DEMO_PROGRAMMES,
            ),
            (
                crate::data::DataKind::Certifications,
                "certifications.csv",
                DEMO_CERTIFICATIONS,
            ),
            (
                crate::data::DataKind::Platforms,
                "platforms.csv",
                DEMO_PLATFORMS,
            ),
            (
                crate::data::DataKind::TechNeeds,
                "tech_needs.csv",
                DEMO_TECH_NEEDS,
            ),
            (
                crate::data::DataKind::Achievements,
                "achievements.csv",
                DEMO_ACHIEVEMENTS,
            ),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, text).map_err(|e| {
                crate::AppError::internal(format!(
                    "无法写入 / cannot write {}: {e}",
                    path.display()
                ))
            })?;
            self.import_file(kind, &path, &crate::data::ImportOptions::default())
                .await?;
        }
        Ok(())
    }
}

/// What [`App::load_scale_demo`] added.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleSummary {
    pub regions: usize,
    pub enterprises: u64,
    pub years: u64,
    pub memberships: u64,
    pub links: u64,
    pub candidates: usize,
    pub projects: usize,
    /// Monthly progress reports of those projects.
    pub reports: usize,
    /// Pending chain-node suggestions of the tagger's run over the whole register.
    pub suggestions: usize,
}

impl App {
    /// Adds `firms` made-up firms spread over Guangxi's counties (`liantu_demo::scale`) to a
    /// database holding the demo: the counties into `regions`, then the generated files
    /// and investment candidates (written into `dir`, removed after) through the import, as a
    /// city's own files come; projects taken up from half the candidates with their monthly
    /// reports (`liantu_demo::scale_projects`), through the checks a batch of them passes; and
    /// the tagger's suggestions — the province-size data set of the benchmarks. Every figure is
    /// illustrative.
    pub async fn load_scale_demo(&self, firms: u64, dir: &std::path::Path) -> Result<ScaleSummary> {
        self.require_write(crate::WriteTarget::City).await?;
        let guangxi = liantu_demo::scale::guangxi_regions()?;
        let regions = self.store.add_regions(&guangxi).await?;
        let mut nodes = Vec::new();
        for chain in self.all_chains().await? {
            nodes.extend(chain.nodes.iter().map(|n| {
                liantu_demo::scale::ScaleNode {
                    chain: chain.id.clone(),
                    node: n.id.clone(),
                    name: n.name_zh.clone(),
                    industry_code: n
                        .industry_codes
                        .iter()
                        .find(|c| c.is_class())
                        .map(ToString::to_string),
                }
            }));
        }
        let target = dir.to_path_buf();
        let files = crate::blocking(move || {
            std::fs::create_dir_all(&target).map_err(|e| {
                crate::AppError::internal(format!(
                    "无法创建目录 / cannot create {}: {e}",
                    target.display()
                ))
            })?;
            Ok(liantu_demo::scale::write_files(&target, firms, &nodes)?)
        })
        .await?;
        let options = crate::data::ImportOptions::default();
        let mut rows = [0u64; 4];
        let kinds = [
            (crate::data::DataKind::Enterprises, &files.enterprises),
            (crate::data::DataKind::Years, &files.years),
            (crate::data::DataKind::Memberships, &files.memberships),
            (crate::data::DataKind::Links, &files.links),
        ];
        for (k, (kind, path)) in kinds.into_iter().enumerate() {
            let imported = self.import_file(kind, path, &options).await;
            std::fs::remove_file(path).ok();
            rows[k] = imported?.rows;
        }
        let imported = self
            .import_candidates_file(&files.candidates, None, false)
            .await;
        std::fs::remove_file(&files.candidates).ok();
        std::fs::remove_dir(dir).ok();
        let candidates = imported?;
        let (projects, reports) = self.scale_projects(&guangxi).await?;
        // The tagger run over the whole register, as a city runs it after an import: the data
        // set holds its pending suggestions (about one for every two firms: a made-up firm's
        // product and code also match other nodes than its own).
        let tagged = self
            .suggest_tags(&crate::tag::SuggestRequest {
                chain: None,
                min_confidence: crate::tag::DEFAULT_MIN_CONFIDENCE,
                dry_run: false,
            })
            .await?;
        Ok(ScaleSummary {
            candidates,
            projects,
            reports,
            suggestions: tagged.suggestions,
            regions,
            enterprises: rows[0],
            years: rows[1],
            memberships: rows[2],
            links: rows[3],
        })
    }

    /// Projects from half the scale candidates, with their reports, in Guangxi's counties;
    /// returns how many projects and reports were saved.
    async fn scale_projects(
        &self,
        guangxi: &[liantu_model::records::Region],
    ) -> Result<(usize, usize)> {
        let config = self.project_config().await?;
        let candidates: Vec<liantu_model::candidate::Candidate> = self
            .store
            .candidates()
            .await?
            .into_iter()
            .filter(|c| c.id.starts_with(liantu_demo::scale::CANDIDATE_ID_PREFIX))
            .collect();
        let stages: Vec<String> = config.stages.iter().map(|s| s.id.clone()).collect();
        let counties: Vec<liantu_model::RegionCode> = guangxi
            .iter()
            .filter(|r| r.code.level() == liantu_model::RegionLevel::County)
            .map(|r| r.code)
            .collect();
        let ladder = liantu_demo::scale_projects::Ladder {
            stages: &stages,
            departments: &config.departments,
            counties: &counties,
        };
        let (projects, reports) =
            liantu_demo::scale_projects::projects(&candidates, &ladder, self.beijing_today());
        Ok((
            self.save_projects_batch(&projects).await?,
            self.save_reports_batch(&reports).await?,
        ))
    }
}
