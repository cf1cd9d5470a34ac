//! Finding firms by part of their name without reading every firm.
//!
//! Chinese firm names are searched by two or three characters (五菱, 柳工, 柳钢): a trigram index
//! (FTS5's `trigram` tokenizer, PostgreSQL's pg_trgm) cannot serve a two-character query and
//! falls back to reading every firm. So each name is indexed by its **bigrams** — the standard
//! way to index CJK text without a dictionary: `上汽通用五菱` → `上汽 汽通 通用 用五 五菱`. The
//! bigrams are computed here, in one place, stored in `enterprises.name_grams` by every write, and
//! indexed by the database: an FTS5 table kept in step by triggers on SQLite, a GIN index over
//! the words on PostgreSQL. A query of two or more characters asks for all of its bigrams (an
//! index lookup), then `LIKE` confirms the substring on the few firms found.
//!
//! Text is split into runs of letters and digits (punctuation, brackets and spaces end a run)
//! and lower-cased; a run of one character is its own token. A one-character query has no bigram
//! and is answered by `LIKE` alone (it reads every firm: the one search an index does not serve).

/// The runs of letters and digits of `text`, lower-cased.
fn runs(text: &str) -> Vec<Vec<char>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The tokens of `text`: every bigram of each run, a one-character run as itself; in order,
/// duplicates kept (the index stores them once).
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for run in runs(text) {
        if run.len() == 1 {
            tokens.push(run[0].to_string());
        } else {
            tokens.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
        }
    }
    tokens
}

/// What `enterprises.name_grams` holds for a firm called `name`: its tokens, space-separated.
pub(crate) fn name_grams(name: &str) -> String {
    tokens(name).join(" ")
}

/// The tokens a name must hold to contain `query`, space-separated: `None` when the query has a
/// one-character run (its character may sit inside any bigram) or no letters at all.
pub(crate) fn query_grams(query: &str) -> Option<String> {
    let runs = runs(query);
    if runs.is_empty() || runs.iter().any(|r| r.len() < 2) {
        return None;
    }
    let mut tokens = tokens(query);
    tokens.sort();
    tokens.dedup();
    Some(tokens.join(" "))
}

/// `grams` as an FTS5 query: every token, each quoted (a token is letters and digits only, so
/// quoting is all the escaping it needs), all required.
pub(crate) fn fts5_query(grams: &str) -> String {
    grams
        .split(' ')
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The newest migration that added a column derived from the name: `enterprises.name_grams`
/// (`0140_name_search.sql`) and `enterprises.name_sort` (`0160_name_order.sql`).
pub(crate) const NAME_KEYS_MIGRATION: i64 = 160;

/// Writes `name_grams` and `name_sort` for the firms that lack either (those stored before the
/// columns existed), a batch at a time. Run once, by the upgrade across [`NAME_KEYS_MIGRATION`]:
/// finding them reads every firm.
pub(crate) async fn fill_name_keys(pool: &sqlx::AnyPool) -> crate::Result<()> {
    use sqlx::Row;
    const BATCH: i64 = 10_000;
    loop {
        let rows = sqlx::query(
            "SELECT uscc, name FROM enterprises WHERE name_grams IS NULL OR name_sort IS NULL
             ORDER BY uscc LIMIT $1",
        )
        .bind(BATCH)
        .fetch_all(pool)
        .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut tx = pool.begin().await?;
        for row in &rows {
            let uscc: String = row.try_get("uscc")?;
            let name: String = row.try_get("name")?;
            sqlx::query("UPDATE enterprises SET name_grams = $1, name_sort = $2 WHERE uscc = $3")
                .bind(name_grams(&name))
                .bind(crate::name_order::name_sort(&name))
                .bind(uscc)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_bigrams_within_runs_of_letters_and_digits() {
        assert_eq!(name_grams("上汽通用五菱"), "上汽 汽通 通用 用五 五菱");
        assert_eq!(
            name_grams("柳州（中国）ABB-3M 有限公司"),
            "柳州 中国 ab bb 3m 有限 限公 公司"
        );
        assert_eq!(name_grams(""), "");
    }

    #[test]
    fn a_query_needs_every_bigram_or_has_none() {
        assert_eq!(query_grams("五菱").as_deref(), Some("五菱"));
        assert_eq!(query_grams(" 五菱汽车 ").as_deref(), Some("五菱 汽车 菱汽"));
        assert_eq!(query_grams("柳"), None);
        assert_eq!(query_grams("柳州 钢"), None);
        assert_eq!(query_grams("（）"), None);
        assert_eq!(fts5_query("五菱 菱汽"), "\"五菱\" AND \"菱汽\"");
    }

    /// Every name that contains a query of two or more characters holds all of the query's
    /// tokens — the index never loses a match that `LIKE` would find.
    #[test]
    fn the_index_finds_every_name_containing_the_query() {
        let names = [
            "上汽通用五菱汽车股份有限公司",
            "柳州五菱柳机动力有限公司",
            "广西柳工机械股份有限公司",
            "ABB（中国）有限公司",
        ];
        for name in names {
            let chars: Vec<char> = name.chars().collect();
            for start in 0..chars.len() {
                for end in start + 2..=chars.len() {
                    let query: String = chars[start..end].iter().collect();
                    let Some(grams) = query_grams(&query) else {
                        continue;
                    };
                    let held: Vec<String> = tokens(name);
                    for g in grams.split(' ') {
                        assert!(held.iter().any(|t| t == g), "{name} ∌ {g} of {query}");
                    }
                }
            }
        }
    }
}
