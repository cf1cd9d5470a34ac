//! Who holds the write lock: an import notes itself before its long transaction starts, so a
//! writer kept waiting can say "another import has been running since …" instead of "locked".

use crate::{Result, Store};

impl Store {
    /// Notes that an import of `what` started at `started` (UTC, stored form); replaces any note
    /// left by an import that was killed.
    pub async fn note_import_start(&self, what: &str, started: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO running_import (id, what, started) VALUES (1, $1, $2)
             ON CONFLICT (id) DO UPDATE SET what = excluded.what, started = excluded.started",
        )
        .bind(what)
        .bind(started)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes the note of a finished import.
    pub async fn note_import_end(&self) -> Result<()> {
        sqlx::query("DELETE FROM running_import WHERE id = 1")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The import in progress: (what, started), if one is noted.
    pub async fn running_import(&self) -> Result<Option<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT what, started FROM running_import WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}
