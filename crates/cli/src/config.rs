//! `liantu.toml`: every option that has a `LIANTU_*` environment variable, set in a file — what
//! an intranet server's operator edits (`/etc/liantu/liantu.toml` in the Debian package).
//!
//! Precedence, highest first: the command-line flag, the `LIANTU_*` environment variable, the
//! config file, the built-in default. The file's keys are the variables' names without the
//! prefix, in lower case (`LIANTU_DB` → `db`, `LIANTU_ALLOWED_HOSTS` → `allowed_hosts`), so the
//! set of keys is the set of variables and cannot drift from it. The file is `--config FILE`,
//! else `LIANTU_CONFIG`, else `/etc/liantu/liantu.toml` when it exists.
//!
//! How: the file's values become the clap arguments' defaults before parsing, so clap's own
//! order (flag, then environment, then default) gives the precedence above.

use clap::Command;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The config file read when neither `--config` nor `LIANTU_CONFIG` names one.
pub const SYSTEM_CONFIG: &str = "/etc/liantu/liantu.toml";

/// The config file named by `--config FILE` / `--config=FILE` in `args`, else by
/// `LIANTU_CONFIG`, else the system one if it exists. `None`: no file.
pub fn config_path(args: &[OsString]) -> Option<PathBuf> {
    let mut named = None;
    for (i, arg) in args.iter().enumerate() {
        if arg == "--" {
            break;
        }
        if arg == "--config" {
            named = args.get(i + 1).map(PathBuf::from);
        } else if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--config=")) {
            named = Some(PathBuf::from(path));
        }
    }
    named
        .or_else(|| std::env::var_os("LIANTU_CONFIG").map(PathBuf::from))
        .or_else(|| {
            Path::new(SYSTEM_CONFIG)
                .exists()
                .then(|| SYSTEM_CONFIG.into())
        })
}

/// `command` with the settings of the file at `path` as its arguments' defaults.
pub fn apply(command: Command, path: &Path) -> Result<Command, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "无法读取配置文件 {0}：{e} / cannot read the config file {0}: {e}",
            path.display()
        )
    })?;
    let settings = parse(&text, &keys(&command)).map_err(|e| {
        format!(
            "配置文件 {0} 有误 / the config file {0} is wrong:\n{e}",
            path.display()
        )
    })?;
    Ok(with_defaults(command, &settings))
}

/// The keys a config file may set: every `LIANTU_*` variable of `command` and its subcommands.
pub fn keys(command: &Command) -> Vec<String> {
    let mut keys = Vec::new();
    collect_keys(command, &mut keys);
    keys.sort();
    keys.dedup();
    keys
}

fn collect_keys(command: &Command, keys: &mut Vec<String>) {
    keys.extend(command.get_arguments().filter_map(key_of));
    for sub in command.get_subcommands() {
        collect_keys(sub, keys);
    }
}

fn key_of(arg: &clap::Arg) -> Option<String> {
    let env = arg.get_env()?.to_str()?;
    Some(env.strip_prefix("LIANTU_")?.to_ascii_lowercase())
}

/// The file's settings as argument values (an array is a list of values), every wrong key or
/// value reported with the file's line and column.
fn parse(text: &str, keys: &[String]) -> Result<BTreeMap<String, Vec<String>>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut settings = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, value) in table {
        if !keys.contains(&key) {
            errors.push(format!(
                "未知的设置 `{key}`（可用：{0}）/ unknown setting `{key}` (known: {0})",
                keys.join(", ")
            ));
            continue;
        }
        let values = match value {
            toml::Value::Array(items) => items.into_iter().map(scalar).collect(),
            other => scalar(other).map(|v| vec![v]),
        };
        match values {
            Some(values) => {
                settings.insert(key, values);
            }
            None => errors.push(format!(
                "`{key}` 须为字符串、数字、true/false 或它们的数组 / `{key}` must be a string, a number, true/false or an array of them"
            )),
        }
    }
    if errors.is_empty() {
        Ok(settings)
    } else {
        Err(errors.join("\n"))
    }
}

fn scalar(value: toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn with_defaults(mut command: Command, settings: &BTreeMap<String, Vec<String>>) -> Command {
    let set: Vec<(clap::Id, Vec<String>)> = command
        .get_arguments()
        .filter_map(|a| Some((a.get_id().clone(), settings.get(&key_of(a)?)?.clone())))
        .collect();
    for (id, values) in set {
        command = command.mut_arg(id, |a| a.default_values(values));
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subcommands {
        command = command.mut_subcommand(name, |s| with_defaults(s, settings));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_config_flag_is_found_in_either_spelling_before_a_double_dash() {
        assert_eq!(
            config_path(&args(&["liantu", "--config", "a.toml", "status"])),
            Some("a.toml".into())
        );
        assert_eq!(
            config_path(&args(&["liantu", "status", "--config=b.toml"])),
            Some("b.toml".into())
        );
    }

    #[test]
    fn unknown_keys_and_tables_are_each_reported() {
        let keys = vec!["db".to_string(), "bind".to_string()];
        let err = parse("db = 'x'\nport = 1\n[bind]\na = 1\n", &keys).unwrap_err();
        assert!(err.contains("`port`"), "{err}");
        assert!(err.contains("`bind` 须为"), "{err}");
        let err = parse("db = \n", &keys).unwrap_err();
        assert!(err.contains("line 1"), "{err}");
        let ok = parse("db = 'x.db'\nbind = ['a', 2]\n", &keys).unwrap();
        assert_eq!(ok["bind"], ["a", "2"]);
    }
}
