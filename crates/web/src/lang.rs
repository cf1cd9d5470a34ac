//! Interface language: Chinese by default; English when the `lang=en` cookie is set (the switch
//! in the page header sets it, so the choice is remembered). Handlers take [`Lang`] as an
//! extractor.

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use std::convert::Infallible;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        let english = headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|pair| pair.trim() == "lang=en");
        if english { Lang::En } else { Lang::Zh }
    }

    /// Picks the text for this language.
    pub fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn is_en(&self) -> bool {
        *self == Lang::En
    }

    /// The same language as the use cases name it.
    pub fn model(&self) -> liantu_model::Lang {
        match self {
            Lang::Zh => liantu_model::Lang::Zh,
            Lang::En => liantu_model::Lang::En,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Lang, Infallible> {
        Ok(Lang::from_headers(&parts.headers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn cookie_selects_english() {
        let mut h = HeaderMap::new();
        assert_eq!(Lang::from_headers(&h), Lang::Zh);
        h.insert(COOKIE, HeaderValue::from_static("a=1; lang=en"));
        assert_eq!(Lang::from_headers(&h), Lang::En);
        h.insert(COOKIE, HeaderValue::from_static("lang=zh"));
        assert_eq!(Lang::from_headers(&h), Lang::Zh);
    }
}
