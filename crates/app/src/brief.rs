//! The chain's Word 专报 (`liantu report`): the diagnosis, local supply, the county layout and the
//! investment ranking told in a government brief's five sections, every sentence written from
//! the numbers by a template (no language model), every table with its units and sources.
//!
//! 一、总体情况 (completeness, output, firms, 本地配套率, the published figures beside them) ·
//! 二、强链弱链断链 (nodes by status, the rule that fired) · 三、本地配套与县区布局 (the weakest
//! local supply, single-supplier risks, the county map) · 四、招商方向与重点项目建议 (the best
//! candidates for this chain's gaps) · 五、工作建议 (one per kind of finding, with its numbers).

use crate::diagnosis::{DiagnosisReport, DiagnosisRequest, NodeView};
use crate::invest::{RankingReport, RankingRequest};
use crate::{App, Result};
use liantu_brief::{Block, BriefTable, Section};
pub use liantu_brief::{Brief, write_docx};
use liantu_model::{Lang, NodeStatus};
use liantu_table::{money, percent};

/// Candidates named in section 四.
const TOP_CANDIDATES: usize = 5;
/// Nodes named in section 三 as having the weakest local supply (among those with as many links
/// as the diagnosis rule needs to judge a rate).
const WEAK_SUPPLY_NODES: usize = 5;

impl App {
    /// The brief of `request`'s chain and region, dated today.
    pub async fn chain_brief(&self, request: &DiagnosisRequest) -> Result<Brief> {
        let report = self.chain_diagnosis(request).await?;
        let chain_map = self.chain_map(request, Lang::Zh, true).await?;
        let counties = match request.region.level() {
            liantu_model::RegionLevel::Prefecture => Some(self.county_map(request).await?),
            _ => None,
        };
        let ranking = match self.require_read(crate::ReadArea::Investment) {
            Ok(()) => Some(
                self.candidate_ranking(&RankingRequest {
                    region: request.region,
                    profile: crate::invest::default_profile()?,
                    year: request.year,
                    // Every reason: the chain's best may rank anywhere overall.
                    explain_top: None,
                    window: None,
                })
                .await?,
            ),
            Err(_) => None,
        };
        // A chain's published figures are the city's: quoted in the city's brief only.
        let facts: Vec<crate::Fact> =
            if request.region.level() == liantu_model::RegionLevel::Prefecture {
                self.facts()
                    .await?
                    .into_iter()
                    .filter(|f| f.scope == report.chain.id)
                    .collect()
            } else {
                Vec::new()
            };
        let sources = self.sources().await?;
        let today = self.clock.now().date();
        let mut brief = Brief {
            title: format!(
                "{}{}产业链发展情况专报",
                report.region.name_zh, report.chain.name_zh
            ),
            byline: format!(
                "链图 liantu 生成 · {}年{}月{}日",
                today.year(),
                u8::from(today.month()),
                today.day()
            ),
            header: report
                .illustrative
                .then(|| "示例数据（数值为虚构，仅用于演示）".to_string()),
            sections: Vec::new(),
        };
        let source_note = source_note(&report);
        brief.sections.push(overview(
            &report,
            &facts,
            &sources,
            &chain_map,
            &source_note,
        ));
        brief.sections.push(statuses(&report, &source_note));
        brief
            .sections
            .push(supply(&report, counties.as_ref(), &source_note));
        brief.sections.push(investment(&report, ranking.as_ref()));
        brief.sections.push(advice(&report));
        Ok(brief)
    }
}

impl App {
    /// The brief as a .docx file's bytes (built on the blocking pool: the maps are drawn).
    pub async fn chain_brief_docx(&self, request: &DiagnosisRequest) -> Result<Vec<u8>> {
        let brief = self.chain_brief(request).await?;
        crate::blocking(move || {
            let mut out = std::io::Cursor::new(Vec::new());
            write_docx(&brief, &mut out).map_err(|e| crate::AppError::internal(e.to_string()))?;
            Ok(out.into_inner())
        })
        .await
    }

    /// Writes the brief to `path` (.docx), whole or not at all.
    pub async fn write_chain_brief(
        &self,
        request: &DiagnosisRequest,
        path: &std::path::Path,
    ) -> Result<()> {
        let bytes = self.chain_brief_docx(request).await?;
        crate::files::write_whole(path, &bytes)
    }
}

fn source_note(r: &DiagnosisReport) -> String {
    let titles: Vec<&str> = r.sources.iter().map(|s| s.title_zh.as_str()).collect();
    let mut note = format!("数据来源：{}", titles.join("；"));
    if let Some(as_of) = &r.as_of {
        note.push_str(&format!("；截至 {as_of}"));
    }
    if let Some(y) = r.year {
        note.push_str(&format!("；{y} 年企业数据"));
    }
    note
}

/// The rule's text (a list, one item a line) as one paragraph: a Word run has no line breaks.
fn one_paragraph(text: &str) -> String {
    text.lines()
        .map(|l| l.trim().trim_start_matches("- ").trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn names(nodes: &[&NodeView]) -> String {
    nodes
        .iter()
        .map(|n| n.name_zh.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

fn with_status(r: &DiagnosisReport, s: NodeStatus) -> Vec<&NodeView> {
    r.nodes.iter().filter(|n| n.status == s).collect()
}

fn overview(
    r: &DiagnosisReport,
    facts: &[crate::Fact],
    sources: &[crate::Source],
    chain_map: &str,
    note: &str,
) -> Section {
    let c = &r.completeness;
    let s = &r.local_supply;
    let mut blocks = vec![Block::Text(format!(
        "{}{}产业链共梳理 {} 个环节，其中 {} 个环节有本地企业，按环节权重计完整度 {}。链上本地企业 {} 家，链上产值 {} 万元；全链本地配套率 {}（按采购金额计，{} 条供应关系中 {} 条在本地）。",
        r.region.name_zh,
        r.chain.name_zh,
        c.total_nodes,
        c.covered_nodes,
        c.weighted_ratio.map_or("—".into(), percent),
        r.local_enterprises,
        money(r.total_output),
        s.rate.map_or("—".into(), percent),
        s.link_count,
        s.local_link_count,
    ))];
    for f in facts {
        let source = sources
            .iter()
            .find(|x| x.id == f.source)
            .map_or(f.source.clone(), |x| {
                format!("{}（{}）", x.title_zh, x.publisher)
            });
        // 万元 as money; a whole count with separators (600,000 人); a rate as published.
        let value = if f.unit == "万元" || f.value.fract() == 0.0 {
            money(f.value)
        } else {
            f.value.to_string()
        };
        blocks.push(Block::Text(format!(
            "公开数据：{}为 {} {}（{} 年，{}）。该数字按全行业统计口径，上述链上产值只计本库本地企业在本链环节上的产值，两者口径不同。",
            f.indicator_zh, value, f.unit, f.year, source
        )));
    }
    blocks.push(Block::Figure {
        svg: chain_map.to_string(),
        caption: format!("图1 {}产业链图谱（环节状态与本地企业数）", r.chain.name_zh),
    });
    blocks.push(Block::Note(note.to_string()));
    Section {
        heading: "总体情况".into(),
        blocks,
    }
}

fn statuses(r: &DiagnosisReport, note: &str) -> Section {
    let strong = with_status(r, NodeStatus::Strong);
    let potential = with_status(r, NodeStatus::Potential);
    let weak = with_status(r, NodeStatus::Weak);
    let missing = with_status(r, NodeStatus::Missing);
    let mut text = format!("按诊断规则，优势环节 {} 个", strong.len());
    for (list, label) in [
        (&strong, ""),
        (&potential, "；潜力环节"),
        (&weak, "；薄弱环节"),
        (&missing, "；空白（断链）环节"),
    ] {
        if !label.is_empty() {
            text.push_str(&format!("{label} {} 个", list.len()));
        }
        if !list.is_empty() {
            text.push_str(&format!("（{}）", names(list)));
        }
    }
    text.push('。');
    let table = BriefTable {
        caption: "表1 环节诊断".into(),
        headers: [
            "环节",
            "状态",
            "本地企业（家）",
            "产值（万元）",
            "占全链产值",
            "判定依据",
        ]
        .map(String::from)
        .to_vec(),
        numeric: vec![false, false, true, true, true, false],
        rows: r
            .nodes
            .iter()
            .map(|n| {
                vec![
                    n.name_zh.clone(),
                    n.status_zh.to_string(),
                    n.enterprise_count.to_string(),
                    money(n.output),
                    n.output_share.map_or("—".into(), percent),
                    n.reason_zh.clone(),
                ]
            })
            .collect(),
    };
    Section {
        heading: "强链弱链断链".into(),
        blocks: vec![
            Block::Text(text),
            Block::Table(table),
            Block::Note(format!("判定规则：{}", one_paragraph(&r.rule_zh))),
            Block::Note(note.to_string()),
        ],
    }
}

fn supply(
    r: &DiagnosisReport,
    counties: Option<&crate::county_map::CountyMapView>,
    note: &str,
) -> Section {
    let min_links = r.rule.min_links_for_rate;
    let mut low: Vec<&NodeView> = r
        .nodes
        .iter()
        .filter(|n| n.local_supply.link_count >= min_links && n.local_supply.rate.is_some())
        .collect();
    low.sort_by(|a, b| {
        a.local_supply
            .rate
            .partial_cmp(&b.local_supply.rate)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    low.truncate(WEAK_SUPPLY_NODES);
    let mut blocks = Vec::new();
    if low.is_empty() {
        blocks.push(Block::Text(format!(
            "本链尚无足够的供应关系数据（每个环节至少 {min_links} 条）来比较各环节的本地配套率。"
        )));
    } else {
        let list: Vec<String> = low
            .iter()
            .map(|n| {
                format!(
                    "{} {}（{} 条供应关系中 {} 条在本地）",
                    n.name_zh,
                    n.local_supply.rate.map_or("—".into(), percent),
                    n.local_supply.link_count,
                    n.local_supply.local_link_count
                )
            })
            .collect();
        blocks.push(Block::Text(format!(
            "本地配套率最低的环节（至少 {min_links} 条供应关系）：{}。这些环节的原料和零部件主要从外地采购，是提高本地配套的重点。",
            list.join("；")
        )));
    }
    let risks: Vec<String> = r
        .nodes
        .iter()
        .filter_map(|n| {
            n.single_supplier_risk
                .as_ref()
                .map(|k| format!("{}（{} 占 {}）", n.name_zh, k.name, percent(k.share)))
        })
        .collect();
    if !risks.is_empty() {
        blocks.push(Block::Text(format!(
            "单一企业依赖风险（一家企业占环节本地产值不低于 {}）：{}。",
            percent(r.rule.single_supplier_threshold),
            risks.join("；")
        )));
    }
    if let Some(counties) = counties.filter(|c| !c.areas.is_empty()) {
        let lead: Vec<String> = counties
            .counties
            .iter()
            .filter(|c| c.output > 0.0)
            .map(|c| {
                format!(
                    "{} {} 万元（{}）",
                    c.name_zh,
                    money(c.output),
                    c.share.map_or("—".into(), percent)
                )
            })
            .collect();
        blocks.push(Block::Text(format!(
            "分县区看，链上产值分布为：{}。",
            lead.join("；")
        )));
        let off: Vec<String> = counties
            .counties
            .iter()
            .filter(|c| c.agrees == Some(false))
            .map(|c| {
                format!(
                    "{}（规划：{}；实际主导：{}）",
                    c.name_zh,
                    c.role_zh,
                    c.leading
                        .as_ref()
                        .map_or("无本地企业", |l| l.name_zh.as_str())
                )
            })
            .collect();
        if let Some(plan) = &counties.plan {
            blocks.push(Block::Text(if off.is_empty() {
                format!(
                    "对照《{}》的县区布局，各县区实际主导环节均在规划之内。",
                    plan.title
                )
            } else {
                format!(
                    "对照《{}》的县区布局，{} 个县区的实际主导环节不在规划之内：{}。",
                    plan.title,
                    off.len(),
                    off.join("；")
                )
            }));
        }
        blocks.push(Block::Figure {
            svg: crate::county_map::county_map_svg(counties, Lang::Zh),
            caption: format!("图2 {}产业链县区布局", r.chain.name_zh),
        });
        blocks.push(Block::Note(note.to_string()));
    }
    Section {
        heading: "本地配套与县区布局".into(),
        blocks,
    }
}

fn investment(r: &DiagnosisReport, ranking: Option<&RankingReport>) -> Section {
    let Some(ranking) = ranking else {
        return Section {
            heading: "招商方向与重点项目建议".into(),
            blocks: vec![Block::Text("当前账号无权查看招商项目，本节从略。".into())],
        };
    };
    let ours: Vec<&crate::invest::RankedCandidate> = ranking
        .results
        .iter()
        .filter(|c| c.score.eligible && c.nodes.iter().any(|n| n.chain == r.chain.id))
        .take(TOP_CANDIDATES)
        .collect();
    let gaps: Vec<&NodeView> = r
        .nodes
        .iter()
        .filter(|n| matches!(n.status, NodeStatus::Missing | NodeStatus::Weak))
        .collect();
    let mut blocks = vec![Block::Text(format!(
        "招商方向：围绕空白和薄弱环节补链强链，共 {} 个（{}）。",
        gaps.len(),
        names(&gaps)
    ))];
    if ours.is_empty() {
        blocks.push(Block::Text(
            "候选项目库中暂无服务本链且通过门槛的项目。".into(),
        ));
    } else {
        blocks.push(Block::Text(format!(
            "按评分方案《{}》，服务本链、通过门槛的候选项目中得分最高的 {} 个如下，建议优先对接。",
            ranking.profile.name_zh,
            ours.len()
        )));
        blocks.push(Block::Table(BriefTable {
            caption: "表2 重点招商项目建议".into(),
            headers: ["名次", "项目", "服务环节", "总分（满分 100）", "理由"]
                .map(String::from)
                .to_vec(),
            numeric: vec![true, false, false, true, false],
            rows: ours
                .iter()
                .map(|c| {
                    vec![
                        c.score.rank.to_string(),
                        c.score.name.clone(),
                        c.nodes
                            .iter()
                            .filter(|n| n.chain == r.chain.id)
                            .map(|n| {
                                let status = n
                                    .status
                                    .map_or(String::new(), |s| format!("（{}）", s.label_zh()));
                                format!("{}{status}", n.name_zh)
                            })
                            .collect::<Vec<_>>()
                            .join("、"),
                        format!("{:.1}", c.score.total / c.score.max_total * 100.0),
                        c.score.why_zh.clone(),
                    ]
                })
                .collect(),
        }));
        blocks.push(Block::Note(format!(
            "评分：{} 第 {} 版；候选项目数据为示例（虚构）时见其来源。",
            ranking.profile.name_zh, ranking.profile.version
        )));
    }
    Section {
        heading: "招商方向与重点项目建议".into(),
        blocks,
    }
}

fn advice(r: &DiagnosisReport) -> Section {
    let missing = with_status(r, NodeStatus::Missing);
    let weak = with_status(r, NodeStatus::Weak);
    let mut items = Vec::new();
    if !missing.is_empty() {
        items.push(format!(
            "补链：{} 个空白环节（{}）本地尚无企业，建议列入精准招商目录，逐一明确目标企业和承接园区。",
            missing.len(),
            names(&missing)
        ));
    }
    if !weak.is_empty() {
        items.push(format!(
            "强链：{} 个薄弱环节（{}）企业少或产值占比低，建议支持现有企业扩产、引进配套企业。",
            weak.len(),
            names(&weak)
        ));
    }
    if let Some(rate) = r.local_supply.rate.filter(|x| *x < 0.5) {
        items.push(format!(
            "提高本地配套：全链本地配套率为 {}，不足一半，建议组织链主企业与本地供应商对接，优先在本地采购。",
            percent(rate)
        ));
    }
    if let Some(leader) = r.leaders.first() {
        items.push(format!(
            "发挥链主带动：{} 链上产值 {} 万元，与本地企业有 {} 条供需联系，建议以其为核心组织“点·链·群”协同。",
            leader.name,
            money(leader.output),
            leader.links_as_buyer + leader.links_as_supplier
        ));
    }
    if items.is_empty() {
        items.push("本链各环节均有本地企业且配套良好，建议保持监测。".into());
    }
    Section {
        heading: "工作建议".into(),
        blocks: items
            .into_iter()
            .enumerate()
            .map(|(i, t)| Block::Text(format!("（{}）{t}", NUMERALS[i.min(9)])))
            .collect(),
    }
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
