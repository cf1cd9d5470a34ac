//! The store revision, read once for every request waiting on it.
//!
//! Every signed-in request asks the database for its revision (another server or a CLI import
//! may have written since), and at tens of thousands of requests a second that one query was
//! half of what a cached page cost. Requests that arrive while a read is in flight wait for the
//! next read and share its answer — the next, not the one in flight, because that one may have
//! begun before a write they must see. So an answer always comes from a read that *began after
//! the caller asked*: every write committed before the call is in it, on this server or
//! another, and under load one query serves every request that queued behind it.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Default)]
pub(crate) struct SharedReads {
    /// How many reads have begun.
    begun: AtomicU64,
    /// The last read to finish: its number and the revision it found. Held while a read runs,
    /// so one runs at a time.
    last: tokio::sync::Mutex<Option<(u64, i64)>>,
}

impl SharedReads {
    /// The revision as of some moment after this call began: a read that began after it and
    /// has finished, or `read` now.
    pub(crate) async fn revision<F, E>(&self, read: impl FnOnce() -> F) -> Result<i64, E>
    where
        F: Future<Output = Result<i64, E>>,
    {
        let asked = self.begun.load(Ordering::Acquire);
        let mut last = self.last.lock().await;
        if let Some((number, revision)) = *last
            && number > asked
        {
            return Ok(revision);
        }
        let number = self.begun.fetch_add(1, Ordering::AcqRel) + 1;
        let revision = read().await?;
        *last = Some((number, revision));
        Ok(revision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicI64;

    /// A read that began before the caller asked is never the answer: a write committed just
    /// before the call is always seen.
    #[tokio::test]
    async fn an_answer_comes_from_a_read_begun_after_the_call() {
        let reads = SharedReads::default();
        let stored = AtomicI64::new(1);
        let read = || async { Ok::<_, ()>(stored.load(Ordering::SeqCst)) };
        assert_eq!(reads.revision(read).await, Ok(1));
        stored.store(2, Ordering::SeqCst);
        assert_eq!(
            reads.revision(read).await,
            Ok(2),
            "the write is seen at once"
        );
    }

    /// Callers that queue behind a read in flight share the next read: many callers, few
    /// queries, and each answer at least as new as the store when its caller asked.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn callers_waiting_together_share_one_read() {
        let reads = Arc::new(SharedReads::default());
        let queries = Arc::new(AtomicU64::new(0));
        let stored = Arc::new(AtomicI64::new(0));
        let mut callers = Vec::new();
        for _ in 0..200 {
            let (reads, queries, stored) = (reads.clone(), queries.clone(), stored.clone());
            callers.push(tokio::spawn(async move {
                let before = stored.fetch_add(1, Ordering::SeqCst) + 1;
                let seen = reads
                    .revision(|| async {
                        queries.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                        Ok::<_, ()>(stored.load(Ordering::SeqCst))
                    })
                    .await
                    .unwrap();
                assert!(seen >= before, "saw {seen}, the store was at {before}");
            }));
        }
        for caller in callers {
            caller.await.unwrap();
        }
        let queries = queries.load(Ordering::SeqCst);
        assert!(queries < 100, "{queries} queries for 200 callers");
    }

    /// A failed read is the caller's error and leaves the next caller to read again.
    #[tokio::test]
    async fn a_failed_read_is_not_kept() {
        let reads = SharedReads::default();
        assert_eq!(reads.revision(|| async { Err("down") }).await, Err("down"));
        assert_eq!(reads.revision(|| async { Ok::<_, &str>(7) }).await, Ok(7));
    }
}
