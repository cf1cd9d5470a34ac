//! The one clock of the use cases. Everything that stamps a time (scenarios, confirmations,
//! later audit rows and project dates) asks the [`App`](crate::App)'s clock, so tests can fix it.

use std::sync::Arc;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> OffsetDateTime;
}

/// The system's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that always says the same time (tests, reproducible runs).
pub struct FixedClock(pub OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

pub(crate) fn system() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// UTC as stored: `YYYY-MM-DDTHH:MM:SSZ`.
pub fn stored(t: OffsetDateTime) -> String {
    let t = t
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(t);
    t.format(&Rfc3339).unwrap_or_default()
}

/// The UTC date, `YYYY-MM-DD`.
pub fn date(t: OffsetDateTime) -> String {
    let d = t.to_offset(time::UtcOffset::UTC).date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A stored UTC time (`YYYY-MM-DDTHH:MM:SSZ`) in Beijing time as people write it:
/// `2026年12月3日 16:41`; `None` when `stored` is not in that form.
pub fn beijing(stored: &str) -> Option<String> {
    let t = OffsetDateTime::parse(stored, &Rfc3339).ok()?;
    let t = t.to_offset(time::UtcOffset::from_hms(8, 0, 0).ok()?);
    Some(format!(
        "{}年{}月{}日 {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    ))
}

/// A stored time as the reader's language writes it, in Beijing time — `2026年12月3日 16:41`,
/// `2026-12-03 16:41 (UTC+8)` — the one form every page shows times in. Text that is not a
/// stored time (a bare date, a note) comes back unchanged.
pub fn shown(stored: &str, lang: liantu_model::Lang) -> String {
    let Some(zh) = beijing(stored) else {
        return stored.to_string();
    };
    match lang {
        liantu_model::Lang::Zh => zh,
        liantu_model::Lang::En => {
            let t = OffsetDateTime::parse(stored, &Rfc3339)
                .ok()
                .and_then(|t| Some(t.to_offset(time::UtcOffset::from_hms(8, 0, 0).ok()?)));
            t.map_or(zh, |t| {
                format!(
                    "{:04}-{:02}-{:02} {:02}:{:02} (UTC+8)",
                    t.year(),
                    u8::from(t.month()),
                    t.day(),
                    t.hour(),
                    t.minute()
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_are_utc_seconds() {
        let t = time::macros::datetime!(2026-12-03 16:41:53.25 +08:00);
        assert_eq!(stored(t), "2026-12-03T08:41:53Z");
        assert_eq!(date(t), "2026-12-03");
        assert_eq!(stored(OffsetDateTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            beijing("2026-12-03T08:41:53Z").unwrap(),
            "2026年12月3日 16:41"
        );
        assert_eq!(
            beijing("2026-12-31T20:00:00Z").unwrap(),
            "2027年1月1日 04:00"
        );
        assert_eq!(beijing("yesterday"), None);
        use liantu_model::Lang;
        assert_eq!(
            shown("2026-12-03T08:41:53Z", Lang::Zh),
            "2026年12月3日 16:41"
        );
        assert_eq!(
            shown("2026-12-03T08:41:53Z", Lang::En),
            "2026-12-03 16:41 (UTC+8)"
        );
        assert_eq!(shown("2026-12-03", Lang::Zh), "2026-12-03");
    }
}
