//! Industrial-chain definitions: a chain is a set of nodes (products or trades, each with its
//! GB/T 4754-2017 codes) and edges (what flows from a supplying node to a buying node).
//!
//! Chains are written as TOML (see `docs/chain-format.md`). [`parse_chain`] reports *every*
//! problem in a file with its line and column, so a user can fix a file in one pass; it never
//! panics on any input. The built-in templates in `data/chains/` are compiled in ([`builtin`]).

mod builtin;
mod parse;

pub use builtin::{builtin, builtin_sources};
pub use parse::{Problem, parse_chain, parse_stored_chain};

pub use liantu_model::chain::{Chain, Edge, Node, is_valid_id};
