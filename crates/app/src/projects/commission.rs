//! 投产登记: a project that has reached production enters the enterprise data — its firm
//! created or linked, memberships on the project's chain nodes, its output per year — and from
//! then on the diagnosis counts it. This closes the loop from recommendation to result: the
//! project page's "predicted vs now" reads the diagnosis this changes.

use crate::{App, AppError, Result, WriteTarget};
use liantu_model::project::Project;
use liantu_model::records::{Enterprise, Membership, Source, SourceKind};
use liantu_model::{IndustryCode, Ownership, Uscc};
use liantu_store::{Commissioned, Commissioning};
use std::collections::BTreeMap;

/// A project in production registered as a firm.
#[derive(Debug, Clone, Default)]
pub struct Commission {
    pub project: String,
    /// The firm's 统一社会信用代码.
    pub uscc: String,
    /// The firm's name, needed only when it is not yet in the data (it is then created in the
    /// project's county and park).
    pub name: Option<String>,
    /// GB/T 4754-2017 code of a new firm.
    pub industry_code: Option<String>,
    /// Of a new firm; 民营 when not given.
    pub ownership: Option<Ownership>,
    /// A year's output (万元) stated by hand; otherwise each year's output is the sum of the
    /// monthly reports' output in that year.
    pub output: Option<(i32, f64)>,
}

impl App {
    /// Registers a project's firm (see the module docs). Refused, with nothing written, before
    /// the project reaches the end of its planned path (投产 by default), for a malformed code,
    /// a project already linked to another firm, or a new firm without a name.
    pub async fn commission_project(&self, req: &Commission) -> Result<Commissioned> {
        let mut project = self.stored_project(&req.project).await?;
        self.require_write(WriteTarget::Project(&project)).await?;
        let since = self.operating_since(&project).await?;
        let uscc = parse_uscc(&req.uscc)?;
        if let Some(linked) = project.uscc.as_deref().filter(|u| *u != uscc.as_str()) {
            return Err(AppError::conflict(format!(
                "项目已关联企业 {linked} / the project is already linked to {linked}"
            )));
        }
        let source = commission_source(&project, self.beijing_today().to_string());
        let new_enterprise = match self.store.enterprise(uscc.as_str()).await? {
            Some(_) => None,
            None => Some(new_enterprise(
                req,
                &project,
                &uscc,
                &source,
                since.month().year(),
            )?),
        };
        let memberships = project
            .nodes
            .iter()
            .map(|k| Membership {
                uscc: uscc.clone(),
                chain: k.chain.clone(),
                node: k.node.clone(),
                share: None,
                source: source.id.clone(),
            })
            .collect();
        let output = self.output_by_year(&project, req.output).await?;
        project.uscc = Some(uscc.into_string());
        let commissioning = Commissioning {
            project,
            source,
            new_enterprise,
            memberships,
            output,
        };
        self.writing(async { Ok(self.store.commission_project(&commissioning).await?) })
            .await
    }

    /// The actual date of the stage that ends the planned path (投产), or why there is none.
    async fn operating_since(&self, project: &Project) -> Result<liantu_model::Day> {
        let config = self.project_config().await?;
        let stage = config
            .stage(&config.schedule.to)
            .ok_or_else(|| AppError::invalid("项目设置缺少投产阶段 / no production stage"))?;
        project
            .stages
            .iter()
            .find(|s| config.stage_index(&s.stage) == config.stage_index(&stage.id))
            .and_then(|s| s.actual)
            .ok_or_else(|| {
                AppError::invalid(format!(
                    "项目尚未{zh}（未记录「{zh}」的实际日期），不能登记企业 / the project has not \
                     reached {en} (no actual date), so no firm can be registered",
                    zh = stage.name_zh,
                    en = stage.name_en,
                ))
            })
    }

    /// Output per year: the monthly reports' output summed, a year stated by hand replacing
    /// the reports' sum for that year.
    async fn output_by_year(
        &self,
        project: &Project,
        stated: Option<(i32, f64)>,
    ) -> Result<Vec<(i32, f64)>> {
        let mut years: BTreeMap<i32, f64> = BTreeMap::new();
        for r in self.store.project_reports(&project.id).await? {
            if let Some(output) = r.output {
                *years.entry(r.month.year()).or_default() += output;
            }
        }
        if let Some((year, output)) = stated {
            if !(output.is_finite() && output >= 0.0) {
                return Err(AppError::invalid(format!(
                    "产值应为非负数，实际 {output} / output must be a non-negative number"
                )));
            }
            years.insert(year, output);
        }
        Ok(years.into_iter().collect())
    }
}

fn parse_uscc(text: &str) -> Result<Uscc> {
    match Uscc::parse(text) {
        Ok((code, None)) => Ok(code),
        Ok((_, Some(warning))) => Err(AppError::invalid(warning.to_string())),
        Err(e) => Err(AppError::invalid(e.to_string())),
    }
}

/// The rows written carry the project as their source; the demo's stay illustrative.
fn commission_source(project: &Project, today: String) -> Source {
    Source {
        id: format!("project:{}", project.id),
        kind: if project.source == "illustrative" {
            SourceKind::Illustrative
        } else {
            SourceKind::Public
        },
        title_zh: format!("重点项目投产登记：{}", project.name),
        title_en: format!("Project in production: {}", project.name),
        publisher: project.department.clone(),
        published: today,
        url: None,
    }
}

fn new_enterprise(
    req: &Commission,
    project: &Project,
    uscc: &Uscc,
    source: &Source,
    founded: i32,
) -> Result<Enterprise> {
    let name = req
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            AppError::invalid(format!(
                "企业 {uscc} 尚不在数据中，新建须给出企业名称 / {uscc} is not in the data: give \
                 the firm's name to create it",
                uscc = uscc.as_str()
            ))
        })?;
    let industry_code = req
        .industry_code
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| {
            IndustryCode::parse(c.trim())
                .map_err(|e| AppError::invalid(format!("{} / {}", e.message_zh(), e.message_en())))
        })
        .transpose()?;
    Ok(Enterprise {
        uscc: uscc.clone(),
        name: name.to_string(),
        region: project.region,
        park: project.park.clone(),
        ownership: req.ownership.unwrap_or(Ownership::Private),
        above_scale: false,
        industry_code,
        main_products: project.name.clone(),
        business_scope: None,
        high_tech: false,
        specialized: false,
        strategic_emerging: false,
        overseas_bases: None,
        listed: false,
        land_mu: project.land_mu,
        founded: Some(founded),
        source: source.id.clone(),
        uscc_illustrative: source.kind == SourceKind::Illustrative,
    })
}
