//! Derived results (diagnoses, node pages, chain maps, the knowledge graph) cached per store
//! revision: any committed write bumps the revision, and a lookup under a new revision starts
//! the cache afresh.
//!
//! A result is cached under the revision read *before* it was computed. If a write commits while
//! it is being computed, the result may be stale, and it is only ever served to readers who still
//! see the old revision — never to one who sees the write.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

pub(crate) struct RevisionCache<K, V> {
    inner: Mutex<Entries<K, V>>,
}

struct Entries<K, V> {
    revision: Option<i64>,
    values: HashMap<K, Arc<V>>,
}

impl<K: Eq + Hash, V> Default for RevisionCache<K, V> {
    fn default() -> Self {
        RevisionCache {
            inner: Mutex::new(Entries {
                revision: None,
                values: HashMap::new(),
            }),
        }
    }
}

impl<K: Eq + Hash, V> RevisionCache<K, V> {
    fn lock(&self) -> MutexGuard<'_, Entries<K, V>> {
        // A poisoned lock only means a request panicked mid-update: start afresh.
        self.inner.lock().unwrap_or_else(|poisoned| {
            let mut guard = poisoned.into_inner();
            guard.revision = None;
            guard.values.clear();
            guard
        })
    }

    /// The value cached for `key` at `revision`; a lookup at another revision than the cache
    /// holds makes `revision` current and drops everything cached before.
    pub(crate) fn get(&self, revision: i64, key: &K) -> Option<Arc<V>> {
        let mut entries = self.lock();
        if entries.revision != Some(revision) {
            entries.revision = Some(revision);
            entries.values.clear();
            return None;
        }
        entries.values.get(key).cloned()
    }

    /// Caches `value`, computed from data read at `revision`, unless the cache has moved on. A
    /// cache no lookup has seen at `revision` yet (the warm-up fills some before any reader
    /// asks) moves to it, dropping what older revisions left.
    pub(crate) fn insert(&self, revision: i64, key: K, value: Arc<V>) {
        let mut entries = self.lock();
        match entries.revision {
            Some(held) if held > revision => return,
            Some(held) if held == revision => {}
            _ => {
                entries.revision = Some(revision);
                entries.values.clear();
            }
        }
        entries.values.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_computed_before_a_write_is_not_served_after_it() {
        let cache: RevisionCache<&str, i32> = RevisionCache::default();
        assert_eq!(cache.get(1, &"k"), None);
        // Computed from revision 1; meanwhile a write (revision 2) was seen by another lookup.
        assert_eq!(cache.get(2, &"k"), None);
        cache.insert(1, "k", Arc::new(10));
        assert_eq!(cache.get(2, &"k"), None, "stale value must not be served");
        cache.insert(2, "k", Arc::new(20));
        assert_eq!(cache.get(2, &"k").as_deref(), Some(&20));
        // A new revision drops everything.
        assert_eq!(cache.get(3, &"k"), None);
        // A value of a revision no lookup has seen yet is kept for the lookups that come.
        cache.insert(4, "w", Arc::new(40));
        assert_eq!(cache.get(4, &"w").as_deref(), Some(&40));
        assert_eq!(cache.get(4, &"k"), None);
        let fresh: RevisionCache<&str, i32> = RevisionCache::default();
        fresh.insert(7, "w", Arc::new(70));
        assert_eq!(fresh.get(7, &"w").as_deref(), Some(&70));
    }
}
