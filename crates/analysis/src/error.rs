//! Typed errors for malformed input: a structure the caller built wrong (indices out of range,
//! repeated ids, a bad rule). Each names the offending item by its index in the input. Figures
//! outside the data contract are not errors: they are set aside ([`crate::SetAside`]).

/// Largest amount (万元) used for an output or a link value: the data contract's
/// (`liantu_model::bounds::AMOUNT`), far above any real figure, low enough that sums over
/// millions of items stay finite. A larger one is set aside, not an error.
pub const MAX_AMOUNT: f64 = liantu_model::bounds::AMOUNT.max;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DiagnosisError {
    #[error("产业链没有节点 / the chain has no nodes")]
    NoNodes,

    #[error("{what} 过多：{count} 条，上限 {max} / too many {what}: {count}, at most {max}")]
    TooMany {
        what: &'static str,
        count: usize,
        max: usize,
    },

    #[error(
        "节点 #{index} 的 id '{id}' 与节点 #{first} 重复 / node #{index} repeats the id '{id}' of node #{first}"
    )]
    DuplicateNodeId { index: u32, first: u32, id: String },

    #[error(
        "归属关系 #{membership} 引用的企业 #{enterprise} 不存在（共 {len} 家） / \
         membership #{membership} refers to enterprise #{enterprise}, but there are {len}"
    )]
    MembershipEnterpriseOutOfRange {
        membership: usize,
        enterprise: u32,
        len: usize,
    },

    #[error(
        "归属关系 #{membership} 引用的节点 #{node} 不存在（共 {len} 个） / \
         membership #{membership} refers to node #{node}, but there are {len}"
    )]
    MembershipNodeOutOfRange {
        membership: usize,
        node: u32,
        len: usize,
    },

    #[error(
        "企业 #{enterprise} 在节点 #{node} 上重复归属（归属关系 #{first} 与 #{duplicate}） / \
         enterprise #{enterprise} is on node #{node} twice (memberships #{first} and #{duplicate})"
    )]
    DuplicateMembership {
        enterprise: u32,
        node: u32,
        first: usize,
        duplicate: usize,
    },

    #[error(
        "供应联系 #{link} 的买方企业 #{buyer} 不存在（共 {len} 家） / \
         supply link #{link} has buyer #{buyer}, but there are {len} enterprises"
    )]
    LinkBuyerOutOfRange { link: usize, buyer: u32, len: usize },

    #[error(
        "供应联系 #{link} 的供应商企业 #{supplier} 不存在（共 {len} 家） / \
         supply link #{link} has supplier #{supplier}, but there are {len} enterprises"
    )]
    LinkSupplierOutOfRange {
        link: usize,
        supplier: u32,
        len: usize,
    },

    #[error(
        "供应联系 #{link} 引用的节点 #{node} 不存在（共 {len} 个） / \
         supply link #{link} refers to node #{node}, but there are {len}"
    )]
    LinkNodeOutOfRange { link: usize, node: u32, len: usize },

    #[error(
        "诊断规则 {field} = {value} 无效，应为 {expected} / diagnosis rule {field} = {value} is invalid, expected {expected}"
    )]
    InvalidRule {
        field: &'static str,
        value: f64,
        expected: &'static str,
    },
}
