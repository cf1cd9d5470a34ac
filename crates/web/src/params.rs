//! Query parameters arrive as text and are parsed here, so a bad value gets a message naming it
//! instead of a generic rejection.

use crate::error::Failure;
use liantu_model::{Ownership, RegionCode};
use serde::Deserialize;

pub const MAX_PAGE_SIZE: u32 = 200;
pub const DEFAULT_PAGE_SIZE: u32 = 20;

fn bad(name: &str, value: &str, expected_zh: &str, expected_en: &str) -> Failure {
    Failure::BadRequest(format!(
        "参数 {name} 的值 '{value}' 无效：{expected_zh} / invalid value '{value}' for {name}: {expected_en}"
    ))
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiagnosisQuery {
    /// Region (GB/T 2260 code); default the city's code.
    #[param(pattern = "^[0-9]{6}$", example = "450200")]
    pub region: Option<String>,
    /// Year of the enterprise figures; default the latest.
    #[param(value_type = Option<i32>, minimum = 1949, maximum = 2100)]
    pub year: Option<String>,
}

impl DiagnosisQuery {
    pub fn region(&self, default: RegionCode) -> Result<RegionCode, Failure> {
        match present(&self.region) {
            None => Ok(default),
            Some(r) => RegionCode::parse(r).map_err(|_| {
                bad(
                    "region",
                    r,
                    "应为 6 位行政区划代码",
                    "expected a 6-digit division code",
                )
            }),
        }
    }

    pub fn year(&self) -> Result<Option<i32>, Failure> {
        present(&self.year)
            .map(|y| {
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (1949..=2100).contains(y))
                    .ok_or_else(|| bad("year", y, "应为年份", "expected a year"))
            })
            .transpose()
    }
}

#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnterpriseQuery {
    /// Part of the name, or the beginning of the USCC.
    pub q: Option<String>,
    /// Region (GB/T 2260 code); a city matches its districts and counties.
    #[param(pattern = "^[0-9]{6}$", example = "450200")]
    pub region: Option<String>,
    /// Park id.
    pub park: Option<String>,
    /// Chain id.
    pub chain: Option<String>,
    /// Node id (with `chain`).
    pub node: Option<String>,
    /// Ownership.
    #[param(value_type = Option<Ownership>, inline)]
    pub ownership: Option<String>,
    /// `1` = 规上 only, `0` = below scale only.
    #[param(value_type = Option<crate::api_params::Flag>, inline)]
    pub above_scale: Option<String>,
    /// Page number, from 1.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    /// Rows per page, 1–200 (default 20).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub page_size: Option<String>,
}

pub struct Paging {
    pub page: u32,
    pub page_size: u32,
    /// Whether the reader chose `page_size` (page links keep it then).
    pub size_chosen: bool,
}

impl Paging {
    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.page_size)
    }
}

impl EnterpriseQuery {
    pub fn paging(&self) -> Result<Paging, Failure> {
        paging(
            &self.page,
            &self.page_size,
            DEFAULT_PAGE_SIZE,
            MAX_PAGE_SIZE,
        )
    }
}

/// `page` (from 1) and `page_size` (1 to `max`, else `default`) of a list.
pub fn paging(
    page: &Option<String>,
    page_size: &Option<String>,
    default: u32,
    max: u32,
) -> Result<Paging, Failure> {
    {
        let size_chosen = present(page_size).is_some();
        let page = match present(page) {
            None => 1,
            Some(p) => p
                .parse::<u32>()
                .ok()
                .filter(|p| (1..=1_000_000).contains(p))
                .ok_or_else(|| {
                    bad(
                        "page",
                        p,
                        "应为从 1 开始的页码",
                        "expected a page number from 1",
                    )
                })?,
        };
        let page_size = match present(page_size) {
            None => default,
            Some(s) => s
                .parse::<u32>()
                .ok()
                .filter(|s| (1..=max).contains(s))
                .ok_or_else(|| {
                    bad(
                        "page_size",
                        s,
                        &format!("每页 1–{max} 行"),
                        &format!("expected 1 to {max} rows per page"),
                    )
                })?,
        };
        Ok(Paging {
            page,
            page_size,
            size_chosen,
        })
    }
}

/// `page` and `page_size` of a list without other filters (the ranking, the candidates).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Page of rows, from 1.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    /// Rows per page, 1–1000 (default 500 in the API, 100 on a page).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    pub page_size: Option<String>,
}

/// Rows per page of a list page, of an API list by default, and at most.
pub const LIST_PAGE_ROWS: u32 = 100;
pub const LIST_API_ROWS: u32 = 500;
pub const LIST_MAX_ROWS: u32 = 1000;

impl ListQuery {
    /// The page asked for, `default` rows unless `page_size` says otherwise.
    pub fn paging(&self, default: u32) -> Result<Paging, Failure> {
        paging(&self.page, &self.page_size, default, LIST_MAX_ROWS)
    }
}

impl Paging {
    /// `(offset, rows)` of the page, as the app's windows take it.
    pub fn window(&self) -> (usize, usize) {
        (self.offset() as usize, self.page_size as usize)
    }
}

/// A list page's place among its pages and the links to its neighbours (`pager.html`).
pub struct Pager {
    pub page: u32,
    pub pages: usize,
    pub total: usize,
    /// The page asked for lies past the last (a link kept from a longer list): `prev` then
    /// leads to the last page.
    pub past_end: bool,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// For `total` rows; `base` is the page's path with its filters (`/projects?stage=land`), and
    /// `page_size` is kept in the links when the reader chose it.
    pub fn new(paging: &Paging, total: usize, base: &str) -> Pager {
        let pages = total.div_ceil(paging.page_size as usize).max(1);
        let sep = if base.contains('?') { '&' } else { '?' };
        let size = if paging.size_chosen {
            format!("&page_size={}", paging.page_size)
        } else {
            String::new()
        };
        let link = |page: u32| format!("{base}{sep}page={page}{size}");
        let past_end = paging.page as usize > pages;
        Pager {
            page: paging.page,
            pages,
            total,
            past_end,
            prev: if past_end {
                // Pages are counted in u32 (`Paging`), and there are fewer than the one asked.
                Some(link(pages as u32))
            } else {
                (paging.page > 1).then(|| link(paging.page - 1))
            },
            next: ((paging.page as usize) < pages).then(|| link(paging.page + 1)),
        }
    }
}

impl EnterpriseQuery {
    pub fn filter(&self) -> Result<liantu_app::EnterpriseFilter, Failure> {
        Ok(liantu_app::EnterpriseFilter {
            query: present(&self.q).map(str::to_string),
            region: present(&self.region)
                .map(|r| {
                    RegionCode::parse(r).map_err(|_| {
                        bad(
                            "region",
                            r,
                            "应为 6 位行政区划代码",
                            "expected a 6-digit division code",
                        )
                    })
                })
                .transpose()?,
            park: present(&self.park).map(str::to_string),
            chain: present(&self.chain).map(str::to_string),
            node: present(&self.node).map(str::to_string),
            ownership: present(&self.ownership)
                .map(|o| {
                    o.parse::<Ownership>().map_err(|_| {
                        bad(
                            "ownership",
                            o,
                            "可选 state/private/foreign/hmt",
                            "expected state, private, foreign or hmt",
                        )
                    })
                })
                .transpose()?,
            above_scale: match present(&self.above_scale) {
                None => None,
                Some("1") => Some(true),
                Some("0") => Some(false),
                Some(v) => return Err(bad("above_scale", v, "应为 1 或 0", "expected 1 or 0")),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(page: &str, size: &str) -> EnterpriseQuery {
        EnterpriseQuery {
            page: Some(page.into()),
            page_size: Some(size.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_pager_links_to_its_neighbours_only() {
        let at = |page, size, size_chosen| Paging {
            page,
            page_size: size,
            size_chosen,
        };
        let first = Pager::new(&at(1, 100, false), 250, "/invest");
        assert_eq!((first.pages, first.prev.as_deref()), (3, None));
        assert_eq!(first.next.as_deref(), Some("/invest?page=2"));
        let last = Pager::new(&at(3, 100, true), 250, "/projects?level=red");
        assert_eq!(
            last.prev.as_deref(),
            Some("/projects?level=red&page=2&page_size=100")
        );
        assert_eq!(last.next, None);
        // An empty list is one empty page.
        let empty = Pager::new(&at(1, 100, false), 0, "/candidates");
        assert_eq!((empty.pages, empty.prev, empty.next), (1, None, None));
        assert!(!empty.past_end);
        // Past the end (a link kept from a longer list): back to the last page.
        let past = Pager::new(&at(7, 100, false), 250, "/invest");
        assert!(past.past_end);
        assert_eq!(past.prev.as_deref(), Some("/invest?page=3"));
        assert_eq!(past.next, None);
    }

    #[test]
    fn paging_bounds() {
        assert!(q("1", "20").paging().is_ok());
        assert_eq!(q("3", "10").paging().unwrap().offset(), 20);
        for (p, s) in [
            ("-1", "20"),
            ("0", "20"),
            ("x", "20"),
            ("1", "0"),
            ("1", "201"),
            ("1", "99999999999"),
        ] {
            assert!(q(p, s).paging().is_err(), "{p} {s}");
        }
    }

    #[test]
    fn filter_values_are_checked() {
        let mut query = EnterpriseQuery {
            ownership: Some("国有".into()),
            above_scale: Some("1".into()),
            region: Some("450224".into()),
            ..Default::default()
        };
        let f = query.filter().unwrap();
        assert_eq!(f.ownership, Some(Ownership::State));
        assert_eq!(f.above_scale, Some(true));
        query.region = Some("45".into());
        assert!(query.filter().is_err());
    }
}
