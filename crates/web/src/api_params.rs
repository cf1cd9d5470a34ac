//! How the API reads its parameters: exactly as its OpenAPI document states them. A value given
//! must be well formed as given (not blank, not padded, in range, one of the listed values);
//! anything else is a 400 with the JSON error naming the parameter. The pages read the same
//! parameters leniently, since a form sends its empty fields.
//!
//! The patterns and ranges written in the handlers' `#[param(...)]` attributes are the ones
//! checked here (utoipa takes only literals there); schemathesis in CI holds the two together.

use crate::error::{ApiError, Failure};
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use liantu_model::{RegionCode, Uscc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::ops::RangeInclusive;

/// `Query<T>`, rejecting with the API's JSON error.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(e) => Err(ApiError(Failure::BadRequest(format!(
                "无法读取查询参数 / unreadable query: {}",
                e.body_text()
            )))),
        }
    }
}

/// `Path<T>`, rejecting with the API's JSON error.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(e) => Err(ApiError(Failure::BadRequest(format!(
                "无法读取路径参数 / unreadable path: {}",
                e.body_text()
            )))),
        }
    }
}

/// A yes/no switch in a query: `1` or `0`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // documentation only: `flag` reads the value
pub enum Flag {
    #[schema(rename = "0")]
    No,
    #[schema(rename = "1")]
    Yes,
}

/// A path naming one chain, e.g. `/api/v1/chains/{id}`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ChainPath {
    /// Chain id: lowercase letters, digits and '-', starting with a letter, e.g. `nev-battery`.
    #[param(pattern = "^[a-z]([a-z0-9-]{0,62}[a-z0-9])?$", example = "nev-battery")]
    pub id: String,
}

impl ChainPath {
    pub fn id(&self) -> Result<&str, Failure> {
        chain_id("id", &self.id)
    }
}

fn bad(name: &str, value: &str, expected_zh: &str, expected_en: &str) -> Failure {
    Failure::BadRequest(format!(
        "参数 {name} 的值 '{value}' 无效：{expected_zh} / invalid value '{value}' for {name}: {expected_en}"
    ))
}

/// A value that must be given.
pub fn required<'a>(name: &str, value: &'a Option<String>) -> Result<&'a str, Failure> {
    value.as_deref().ok_or_else(|| {
        Failure::BadRequest(format!("缺少参数 {name} / parameter {name} is required"))
    })
}

/// A whole number in `range`, written in decimal digits (a leading '-' for negatives).
pub fn integer_in(name: &str, value: &str, range: RangeInclusive<i64>) -> Result<i64, Failure> {
    value
        .parse::<i64>()
        .ok()
        .filter(|n| range.contains(n) && !value.starts_with('+'))
        .ok_or_else(|| {
            let (lo, hi) = (range.start(), range.end());
            bad(
                name,
                value,
                &format!("应为 {lo} 到 {hi} 的整数"),
                &format!("expected a whole number from {lo} to {hi}"),
            )
        })
}

/// A finite number in `range`.
pub fn number_in(name: &str, value: &str, range: RangeInclusive<f64>) -> Result<f64, Failure> {
    value
        .parse::<f64>()
        .ok()
        .filter(|n| range.contains(n) && !value.starts_with('+'))
        .ok_or_else(|| {
            let (lo, hi) = (range.start(), range.end());
            bad(
                name,
                value,
                &format!("应为 {lo} 到 {hi} 之间的数"),
                &format!("expected a number from {lo} to {hi}"),
            )
        })
}

/// One of the listed values, exactly.
pub fn one_of<'a>(name: &str, value: &'a str, allowed: &[&str]) -> Result<&'a str, Failure> {
    if allowed.contains(&value) {
        Ok(value)
    } else {
        let list = allowed.join(", ");
        Err(bad(
            name,
            value,
            &format!("可选 {list}"),
            &format!("expected one of {list}"),
        ))
    }
}

/// `"1"` or `"0"`.
pub fn flag(name: &str, value: &str) -> Result<bool, Failure> {
    Ok(one_of(name, value, &["0", "1"])? == "1")
}

/// A GB/T 2260 code: exactly six digits. Pattern `^[0-9]{6}$`.
pub fn region(name: &str, value: &str) -> Result<RegionCode, Failure> {
    if value.len() == 6
        && value.bytes().all(|b| b.is_ascii_digit())
        && let Ok(code) = RegionCode::parse(value)
    {
        return Ok(code);
    }
    Err(bad(
        name,
        value,
        "应为 6 位行政区划代码",
        "expected a 6-digit division code",
    ))
}

/// A chain (or node) id. Pattern `^[a-z]([a-z0-9-]{0,62}[a-z0-9])?$`.
pub fn chain_id<'a>(name: &str, value: &'a str) -> Result<&'a str, Failure> {
    if liantu_model::chain::is_valid_id(value) {
        Ok(value)
    } else {
        Err(bad(
            name,
            value,
            "应为小写字母、数字和 '-'，以字母开头，至多 64 个字符",
            "expected lowercase letters, digits and '-', starting with a letter, at most 64 characters",
        ))
    }
}

/// A USCC as its 18 characters (either case; the check character is not judged).
/// Pattern `^[1-9ANYany][0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y][0-9]{6}[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{9}[0-9A-Za-z]$`.
pub fn uscc(name: &str, value: &str) -> Result<Uscc, Failure> {
    match Uscc::parse(value) {
        Ok((code, _)) if value.len() == 18 => Ok(code),
        Ok(_) => Err(bad(
            name,
            value,
            "应为 18 位统一社会信用代码，前后不带空白",
            "expected the 18 characters of a USCC, without surrounding blanks",
        )),
        Err(e) => Err(Failure::BadRequest(format!("{name}: {e}"))),
    }
}

/// Comma-separated ids, none empty. Pattern `^[^,]+(,[^,]+)*$`.
pub fn id_list<'a>(name: &str, value: &'a str) -> Result<Vec<&'a str>, Failure> {
    let ids: Vec<&str> = value.split(',').collect();
    if ids.iter().any(|id| id.is_empty()) {
        return Err(bad(
            name,
            value,
            "应为逗号分隔的 id，不能为空",
            "expected comma-separated ids, none empty",
        ));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_taken_as_written_and_in_range() {
        assert_eq!(integer_in("page", "3", 1..=10), Ok(3));
        for v in ["", " 3", "3 ", "0", "11", "+3", "3.0", "x"] {
            assert!(integer_in("page", v, 1..=10).is_err(), "{v:?}");
        }
        assert_eq!(number_in("min", "0.5", 0.0..=1.0), Ok(0.5));
        assert_eq!(number_in("min", "1e-5", 0.0..=1.0), Ok(1e-5));
        for v in ["", " 0.5", "1.5", "-0.1", "NaN", "inf", "+0.5"] {
            assert!(number_in("min", v, 0.0..=1.0).is_err(), "{v:?}");
        }
    }

    #[test]
    fn codes_match_their_documented_patterns() {
        assert!(region("region", "450200").is_ok());
        for v in ["", "45020", "4502000", " 450200", "45020a"] {
            assert!(region("region", v).is_err(), "{v:?}");
        }
        assert!(chain_id("id", "nev-battery").is_ok());
        for v in ["", "Nev", "1ev", "nev-", "nev battery", &"a".repeat(65)] {
            assert!(chain_id("id", v).is_err(), "{v:?}");
        }
        assert!(uscc("uscc", "91450200MA5KA0L92X").is_ok());
        assert!(uscc("uscc", "91450200ma5ka0l92x").is_ok());
        for v in [
            "0",
            " 91450200MA5KA0L92X",
            "91450200MA5KA0L92X\n",
            "01450200MA5KA0L92X",
        ] {
            assert!(uscc("uscc", v).is_err(), "{v:?}");
        }
        assert_eq!(id_list("c", "a,b"), Ok(vec!["a", "b"]));
        for v in ["", ",", "a,", ",a", "a,,b"] {
            assert!(id_list("c", v).is_err(), "{v:?}");
        }
        assert!(flag("mip", "1").unwrap() && !flag("mip", "0").unwrap());
        assert!(flag("mip", "true").is_err());
    }
}
