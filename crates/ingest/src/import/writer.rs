//! Writes batches into the import transaction on a task of its own, so the next batch is read
//! and validated while the previous one is written. The task hands the transaction back at the
//! end; if the import is abandoned instead, the task ends and the transaction rolls back.

use super::ImportError;
use crate::kinds::ImportKind;
use liantu_store::{ImportTx, StoreError};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub(crate) struct Writer<K: ImportKind> {
    send: mpsc::Sender<Vec<K::Record>>,
    task: JoinHandle<Result<ImportTx, StoreError>>,
}

impl<K: ImportKind> Writer<K> {
    pub(crate) fn spawn(mut tx: ImportTx) -> Writer<K> {
        let (send, mut recv) = mpsc::channel::<Vec<K::Record>>(2);
        let task = tokio::spawn(async move {
            while let Some(rows) = recv.recv().await {
                K::write(&mut tx, rows).await?;
            }
            Ok(tx)
        });
        Writer { send, task }
    }

    /// Queues a batch; an error when the writer has stopped (its store error).
    pub(crate) async fn write(&mut self, rows: Vec<K::Record>) -> Result<(), ImportError> {
        if self.send.send(rows).await.is_ok() {
            return Ok(());
        }
        match (&mut self.task).await {
            Ok(Err(e)) => Err(e.into()),
            Ok(Ok(_)) => Err(ImportError::Internal("writer stopped".into())),
            Err(e) => Err(ImportError::Internal(e.to_string())),
        }
    }

    /// Waits for every queued batch to be written and returns the transaction.
    pub(crate) async fn finish(self) -> Result<ImportTx, ImportError> {
        drop(self.send);
        match self.task.await {
            Ok(r) => Ok(r?),
            Err(e) => Err(ImportError::Internal(e.to_string())),
        }
    }
}
