//! Writes queue behind a running import: the store waits for the write lock (a minute by
//! default), and a write that still finds the database busy is refused as *unavailable* with a
//! message that says who holds it and since when — never a bare "database is locked".

use crate::{App, AppError, ErrorKind, Result};
use std::future::Future;

impl App {
    /// Runs a write; a busy database becomes [`AppError::Unavailable`] naming the import that
    /// holds it.
    pub(crate) async fn writing<T>(&self, write: impl Future<Output = Result<T>>) -> Result<T> {
        match write.await {
            Err(e) if e.kind() == ErrorKind::Unavailable && is_busy(&e) => {
                Err(self.busy_error().await)
            }
            other => other,
        }
    }

    /// Runs an import under a note that says what is being imported since when, so other writers
    /// kept waiting can tell the user.
    pub(crate) async fn importing<T>(
        &self,
        what: &str,
        import: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        self.writing(async { Ok(self.store.note_import_start(what, &self.now()).await?) })
            .await?;
        let result = self.writing(import).await;
        // The note goes whatever the outcome; a failure to remove it only leaves a stale note.
        let _ = self.store.note_import_end().await;
        result
    }

    async fn busy_error(&self) -> AppError {
        match self.store.running_import().await {
            Ok(Some((what, started))) => {
                let beijing = crate::clock::beijing(&started).unwrap_or_else(|| started.clone());
                AppError::Unavailable(format!(
                    "另一项导入（{what}）自 {beijing} 起正在写入数据库，请稍后再试 / another import ({what}) has been writing to the database since {started}; try again shortly"
                ))
            }
            _ => AppError::Unavailable(
                "数据库正忙于另一项写入，请稍后再试 / the database is busy with another write; try again shortly"
                    .into(),
            ),
        }
    }
}

fn is_busy(e: &AppError) -> bool {
    match e {
        AppError::Store(s) => s.is_busy(),
        AppError::Import(liantu_ingest::ImportError::Store(s)) => s.is_busy(),
        _ => false,
    }
}
