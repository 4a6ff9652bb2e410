//! Caches of what is made from fonts (rewritten glyphs for PDF, rasterised glyphs for
//! EPUB covers), shared by the worker threads of one run. They are owned by the run's
//! [`crate::env::Env`] (and the PDF engine it holds), keyed by what the value is made
//! from within that one font set, and dropped with it: no statics, no addresses as keys.

use super::{Glyphs, HeadlineFace};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// A map filled on first use, bounded by a byte budget: when full it starts over, so a
/// value never depends on what was cached before (a cached value equals a fresh one).
pub struct SharedCache<K, V> {
    /// Entries and the bytes they hold.
    inner: Mutex<(HashMap<K, Arc<V>>, usize)>,
    budget: usize,
}

impl<K, V> std::fmt::Debug for SharedCache<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedCache")
            .field("budget", &self.budget)
            .finish()
    }
}

impl<K: Hash + Eq, V> SharedCache<K, V> {
    /// A cache that starts over once its entries hold more than `budget` bytes.
    pub fn with_budget(budget: usize) -> Self {
        SharedCache {
            inner: Mutex::new((HashMap::new(), 0)),
            budget,
        }
    }

    /// The value for `key`, made by `make` when it is not cached (made outside the
    /// lock, so threads never wait for one another's work; two may make the same value,
    /// which is the same). `weight`: bytes the value holds. `None` when `make` fails.
    pub fn get_or_make(
        &self,
        key: K,
        make: impl FnOnce() -> Option<V>,
        weight: impl FnOnce(&V) -> usize,
    ) -> Option<Arc<V>> {
        if let Some(v) = self.lock().0.get(&key) {
            return Some(v.clone());
        }
        let value = Arc::new(make()?);
        let bytes = weight(&value);
        let mut inner = self.lock();
        let (map, held) = &mut *inner;
        if *held > self.budget {
            map.clear();
            *held = 0;
        }
        *held += bytes;
        Some(map.entry(key).or_insert(value).clone())
    }

    /// A panic elsewhere cannot leave a half-written entry (entries go in whole), so a
    /// poisoned lock is still good.
    fn lock(&self) -> std::sync::MutexGuard<'_, (HashMap<K, Arc<V>>, usize)> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A rasterised glyph: coverage levels and its top-left pixel, relative to the
/// whole-pixel origin it was drawn at.
pub struct Bitmap {
    pub left: i64,
    pub top: i64,
    pub width: u32,
    pub height: u32,
    pub levels: Vec<u8>,
}

/// Which of the run's faces a glyph is drawn from, named by what chose it (the Env's
/// [`crate::env::Env::fonts_for`]): the regular face depends only on the glyph forms,
/// the bold one also on the headline face. Within one `Env` a key names one font, so
/// a traditional book never gets a simplified book's cached glyph (骨, 說 differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaceKey {
    Regular(Glyphs),
    Bold(Glyphs, HeadlineFace),
}

/// The face, glyph id, size (f32 bits), and the position's quarter-pixel fraction in x
/// and y.
pub type BitmapKey = (FaceKey, u16, u32, u8, u8);

/// Rasterised cover glyphs of the run's faces: a cover per article repeats its paper's
/// masthead and many headline characters, and rasterising was most of a cover's time.
pub type BitmapCache = SharedCache<BitmapKey, Bitmap>;

/// Bytes of glyph images kept for covers.
pub const BITMAP_CACHE_BYTES: usize = 16 << 20;

impl Default for BitmapCache {
    fn default() -> Self {
        SharedCache::with_budget(BITMAP_CACHE_BYTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_cache_starts_over_and_values_stay_the_same() {
        let cache: SharedCache<u32, u32> = SharedCache::with_budget(10);
        let mut made = 0;
        for round in 0..3 {
            for k in 0..4 {
                let v = cache.get_or_make(
                    k,
                    || {
                        made += 1;
                        Some(k * 2)
                    },
                    |_| 4,
                );
                assert_eq!(v.as_deref(), Some(&(k * 2)), "round {round}");
            }
        }
        // 4 bytes each, 10 allowed: the cache empties as it fills, so some are remade.
        assert!(made > 4, "{made}");
        assert!(cache.get_or_make(9, || None, |_| 0).is_none());
    }
}
