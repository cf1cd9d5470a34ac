//! Log lines on stderr (the journal under systemd): one per web request (method, route,
//! status, milliseconds, account) and one per recorded write (account, action, entity), as
//! text or JSON, at a level the operator sets.

use tracing_subscriber::filter::LevelFilter;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Level {
    Off,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Starts logging at `level`; unset, the server logs at `info` (its requests and writes) and
/// other commands at `warn` (their output is the answer, not a log).
pub fn init(level: Option<Level>, serving: bool, format: LogFormat) {
    let level = match level.unwrap_or(if serving { Level::Info } else { Level::Warn }) {
        Level::Off => LevelFilter::OFF,
        Level::Error => LevelFilter::ERROR,
        Level::Warn => LevelFilter::WARN,
        Level::Info => LevelFilter::INFO,
        Level::Debug => LevelFilter::DEBUG,
        Level::Trace => LevelFilter::TRACE,
    };
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(false);
    // A second subscriber cannot be set; that only happens in tests, which keep the first.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
