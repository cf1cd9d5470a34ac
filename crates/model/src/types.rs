//! Small vocabularies shared by every crate, each with its Chinese and English label.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "未知的{kind_zh} '{value}'，可选：{expected} / unknown {kind_en} '{value}', expected one of: {expected}"
)]
pub struct UnknownVariant {
    pub kind_zh: &'static str,
    pub kind_en: &'static str,
    pub value: String,
    pub expected: &'static str,
}

/// Declares an enum whose variants parse from and print as a fixed lowercase key, and carry a
/// Chinese and an English label; a variant may list other spellings files use (`["省级"]`).
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident ($kind_zh:literal, $kind_en:literal) {
        $($variant:ident => $key:literal, $zh:literal, $en:literal $(, [$($alias:literal),*])?;)+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        // Every key is its variant's name in kebab-case (a web test holds the schema to `ALL`).
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(rename_all = "kebab-case"))]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn key(self) -> &'static str { match self { $($name::$variant => $key),+ } }
            pub fn label_zh(self) -> &'static str { match self { $($name::$variant => $zh),+ } }
            pub fn label_en(self) -> &'static str { match self { $($name::$variant => $en),+ } }
            /// The Chinese labels, for messages: "a、b、c".
            pub fn labels_zh() -> String { [$($zh),+].join("、") }
        }

        impl FromStr for $name {
            type Err = UnknownVariant;
            fn from_str(s: &str) -> Result<Self, UnknownVariant> {
                match s.trim() {
                    $($key | $zh $($(| $alias)*)? => Ok($name::$variant),)+
                    other => Err(UnknownVariant {
                        kind_zh: $kind_zh,
                        kind_en: $kind_en,
                        value: other.to_string(),
                        expected: concat!($($key, " "),+),
                    }),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownVariant;
            fn try_from(s: String) -> Result<Self, UnknownVariant> { s.parse() }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str { v.key() }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.key()) }
        }
    };
}

pub(crate) use vocabulary;

vocabulary! {
    /// Position of a chain node from raw materials to end products; `supporting` covers services
    /// and auxiliary trades (coatings, hardware, logistics) that serve several stages.
    Stage ("环节", "stage") {
        Upstream => "upstream", "上游", "upstream";
        Midstream => "midstream", "中游", "midstream";
        Downstream => "downstream", "下游", "downstream";
        Supporting => "supporting", "配套", "supporting";
    }
}

vocabulary! {
    /// How strong a chain node is locally: 优势 / 潜力 / 薄弱 / 空白.
    NodeStatus ("环节状态", "node status") {
        Strong => "strong", "优势", "strong";
        Potential => "potential", "潜力", "potential";
        Weak => "weak", "薄弱", "weak";
        Missing => "missing", "空白", "missing";
    }
}

vocabulary! {
    /// Ownership type: 国有 / 民营 / 外资 / 港澳台.
    Ownership ("所有制", "ownership") {
        State => "state", "国有", "state-owned";
        Private => "private", "民营", "private";
        Foreign => "foreign", "外资", "foreign-invested";
        Hmt => "hmt", "港澳台", "Hong Kong, Macao or Taiwan invested";
    }
}

vocabulary! {
    /// What flows along a chain edge.
    EdgeKind ("连接类型", "edge kind") {
        Supplies => "supplies", "供应", "supplies";
        ByProduct => "by-product", "副产品", "by-product";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_and_chinese_label() {
        assert_eq!("upstream".parse::<Stage>().unwrap(), Stage::Upstream);
        assert_eq!("配套".parse::<Stage>().unwrap(), Stage::Supporting);
        assert_eq!("空白".parse::<NodeStatus>().unwrap(), NodeStatus::Missing);
        assert_eq!(
            "by-product".parse::<EdgeKind>().unwrap(),
            EdgeKind::ByProduct
        );
    }

    #[test]
    fn unknown_value_lists_the_choices() {
        let err = "upstrem".parse::<Stage>().unwrap_err();
        assert_eq!(err.value, "upstrem");
        assert!(
            err.to_string()
                .contains("upstream midstream downstream supporting")
        );
    }

    #[test]
    fn serde_round_trip_uses_the_key() {
        let json = serde_json::to_string(&NodeStatus::Weak).unwrap();
        assert_eq!(json, "\"weak\"");
        let back: NodeStatus = serde_json::from_str(&json).unwrap();
        assert_eq!(back, NodeStatus::Weak);
    }
}
