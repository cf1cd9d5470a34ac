//! 术语说明: the technical terms liantu's pages and reports use, in plain words with the formula
//! underneath — the same definitions as the engines' crate docs (`analysis`, `complexity`, `tag`,
//! `symbiosis`, `invest`), kept here once so every page can explain a term where it appears.

/// One term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Anchor on the glossary page.
    pub id: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// Other names the term appears under in headers (abbreviations, short forms).
    pub aliases: &'static [&'static str],
    pub meaning_zh: &'static str,
    pub meaning_en: &'static str,
    /// How it is computed.
    pub formula: &'static str,
}

pub const TERMS: &[Term] = &[
    Term {
        id: "local-supply",
        name_zh: "本地配套率",
        name_en: "Local supply rate",
        aliases: &["Local supply"],
        meaning_zh: "本地企业采购的产品中，由本地（所选区域内）供应商提供的比例，按金额计算，不是按条数。",
        meaning_en: "The share of what local firms buy that local suppliers (inside the chosen region) provide — by value, not by the number of links.",
        formula: "本地配套率 = 本地供应商供货金额 ÷ 本地企业采购总额（只计买方在本地的供应关系）",
    },
    Term {
        id: "leader",
        name_zh: "链主",
        name_en: "Chain leader",
        aliases: &["链主得分", "Leader score"],
        meaning_zh: "在链上产值大、与本地企业供需联系多的本地企业，可带动上下游中小企业。得分由产值和本地联系两部分加权。",
        meaning_en: "A local firm with large output on the chain and many local supply links, able to pull smaller firms along. Its score weighs both.",
        formula: "得分 = 0.6 × 链上产值 ÷ 最大链上产值 + 0.4 × 本地供需联系数 ÷ 最大联系数（权重可在判定规则中调整）",
    },
    Term {
        id: "rca",
        name_zh: "显示性比较优势",
        name_en: "Revealed comparative advantage",
        aliases: &["RCA"],
        meaning_zh: "某地区某行业在本地经济中的占比，相对于该行业在全部地区中的占比。大于等于 1 表示本地在该行业有比较优势。",
        meaning_en: "An industry's share of the region's economy relative to its share of all regions; 1 or more means the region is specialised in it.",
        formula: "RCA = (X地区,行业 ÷ X地区) ÷ (X行业 ÷ X全部)",
    },
    Term {
        id: "eci",
        name_zh: "经济复杂度指数",
        name_en: "Economic complexity index",
        aliases: &["ECI"],
        meaning_zh: "地区产业结构的复杂程度：拥有的优势行业越多、这些行业越少见，指数越高。各地区之间标准化（均值 0、标准差 1）。",
        meaning_en: "How complex a region's industry mix is: more specialisations, and rarer ones, score higher. Standardised across regions (mean 0, sd 1).",
        formula: "由地区—行业优势矩阵的第二特征向量得到（Hidalgo 与 Hausmann 的方法，约定与哈佛增长实验室公开的计算程序一致）",
    },
    Term {
        id: "pci",
        name_zh: "产品（行业）复杂度指数",
        name_en: "Product complexity index",
        aliases: &["PCI", "复杂度"],
        meaning_zh: "一个行业需要的能力有多复杂：只有少数、且本身复杂的地区具备优势的行业，复杂度高。",
        meaning_en: "How demanding an industry is: industries only a few, themselves complex, regions specialise in score high.",
        formula: "行业侧的特征向量，用 ECI 的均值和标准差标准化",
    },
    Term {
        id: "density",
        name_zh: "关联密度",
        name_en: "Density",
        aliases: &["可行性", "Feasibility"],
        meaning_zh: "本地已有优势行业与某个尚无优势的行业有多接近，即发展它的可行性。越接近 1，本地已有的能力越能用上。",
        meaning_en: "How close the region's existing specialisations are to an industry it lacks — how feasible it is. Near 1: existing capabilities carry over.",
        formula: "密度 = Σ 本地优势行业与该行业的邻近度 ÷ Σ 该行业与所有行业的邻近度；邻近度 = 两个行业同时具备优势的地区数 ÷ 两者中较大的优势地区数",
    },
    Term {
        id: "cog",
        name_zh: "机会收益",
        name_en: "Complexity outlook gain",
        aliases: &["COG"],
        meaning_zh: "发展这个行业之后，本地离其他复杂行业会近多少：值越大，越能打开后续发展的机会。",
        meaning_en: "How much developing this industry would bring the region closer to other complex industries: higher means more future options.",
        formula: "COG = Σ 尚无优势的行业 k（邻近度 × k 的复杂度 ÷ k 的邻近度之和），按 ECI 标准差标准化",
    },
    Term {
        id: "shadow-price",
        name_zh: "影子价格",
        name_en: "Shadow price",
        aliases: &["Shadow price"],
        meaning_zh: "园区共生优化中，某股副产品或需求再多一个单位，园区总收益会增加多少（元/单位）。大于 0 说明这股资源是稀缺的。",
        meaning_en: "In the park's symbiosis optimisation, how much the park's total benefit would rise with one more unit of this stream (yuan per unit). Above 0: the stream is scarce.",
        formula: "线性规划的对偶值（HiGHS 求解）；选用整数规划时不给出",
    },
    Term {
        id: "confidence",
        name_zh: "置信度",
        name_en: "Confidence",
        aliases: &["Confidence"],
        meaning_zh: "自动标注中，企业属于某个环节的把握程度（0 到 1），由行业代码和主营产品、经营范围中的关键词相加；人工确认前只是建议。",
        meaning_en: "In auto-tagging, how sure liantu is that a firm belongs to a node (0 to 1), adding up industry-code and keyword evidence; only a suggestion until confirmed.",
        formula: "置信度 = 行业代码分 + 主营产品关键词数 × 0.3（至多 0.6）+ 经营范围关键词数 × 0.15（至多 0.3），总分至多为 1；代码分：完全相同 0.6，同中类 0.2，同大类 0.05",
    },
    Term {
        id: "completeness",
        name_zh: "链条完整度",
        name_en: "Chain completeness",
        aliases: &["加权完整度", "Weighted completeness", "Completeness"],
        meaning_zh: "产业链的环节中，本地已有企业的环节所占比例；加权完整度按上、中、下游的权重计算。",
        meaning_en: "The share of a chain's nodes that have local firms; the weighted form weighs upstream, midstream and downstream nodes.",
        formula: "完整度 = 有本地企业的环节数 ÷ 环节总数；加权完整度 = Σ 有企业环节的阶段权重 ÷ Σ 全部环节的阶段权重",
    },
    Term {
        id: "mu-tax",
        name_zh: "亩均税收",
        name_en: "Tax per mu",
        aliases: &["Tax per mu"],
        meaning_zh: "企业每亩用地一年缴纳的税收（万元/亩），是“亩均论英雄”评价的主要指标之一。",
        meaning_en: "A firm's yearly tax per mu of land it uses (万元 per mu), a main indicator of per-mu grading.",
        formula: "亩均税收 = 年度税收（万元）÷ 用地面积（亩）",
    },
];

impl Term {
    /// The standard abbreviation (RCA, PCI …), shown beside the Chinese name.
    pub fn abbreviation(&self) -> Option<&'static str> {
        self.aliases
            .iter()
            .copied()
            .find(|a| a.chars().all(|c| c.is_ascii_uppercase()))
    }
}

/// The term a header or label names, if any (its Chinese or English name, or an alias).
pub fn find(text: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| {
        text.contains(t.name_zh)
            || text.contains(t.name_en)
            || t.aliases.iter().any(|a| text.contains(a))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_found_by_name_alias_and_unit_suffixed_headers() {
        assert_eq!(find("本地配套率（%）").map(|t| t.id), Some("local-supply"));
        assert_eq!(find("PCI").map(|t| t.id), Some("pci"));
        assert_eq!(find("最低置信度").map(|t| t.id), Some("confidence"));
        assert_eq!(find("企业名称"), None);
    }

    #[test]
    fn every_term_has_both_languages_and_a_unique_anchor() {
        let mut ids = std::collections::HashSet::new();
        for t in TERMS {
            assert!(ids.insert(t.id), "{}", t.id);
            assert!(!t.meaning_zh.is_empty() && !t.meaning_en.is_empty() && !t.formula.is_empty());
        }
    }
}
