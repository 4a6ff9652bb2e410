//! `--shard K/N`: a deterministic share of an archive, so N machines (a CI matrix, a
//! Kubernetes Indexed Job) split the work with no coordinator. An input belongs to shard
//! `xxh3_64(path relative to the folder given) mod N`, which depends only on the path,
//! never on the machine, the order of the walk or the other inputs: the N shards are
//! disjoint and together hold every input. In edition mode an edition belongs to the
//! shard its file name hashes to.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// Shard `index` (1-based, as users count) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// The whole archive: one shard.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Whether the input at `rel` (relative to the folder it was found in) is ours.
    pub fn holds_path(&self, rel: &Path) -> bool {
        self.holds_key(rel.to_string_lossy().as_bytes())
    }

    /// Whether the item with this stable key (a path, an edition's file name) is ours.
    pub fn holds_key(&self, key: &[u8]) -> bool {
        if self.count <= 1 {
            return true;
        }
        // `/` on every system, so a shard takes the same inputs on Windows runners.
        let normalised: Vec<u8> = key
            .iter()
            .map(|&b| if b == b'\\' { b'/' } else { b })
            .collect();
        xxhash_rust::xxh3::xxh3_64(&normalised) % u64::from(self.count) == u64::from(self.index - 1)
    }

    pub fn is_all(&self) -> bool {
        self.count <= 1
    }
}

impl Default for Shard {
    fn default() -> Self {
        Shard::ALL
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// `K/N` with 1 ≤ K ≤ N.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("--shard {s}: expected K/N with 1 <= K <= N, e.g. 2/8");
        let (k, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!("2/8".parse(), Ok(Shard { index: 2, count: 8 }));
        for bad in ["0/3", "4/3", "1/0", "x/3", "3", "", "-1/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_are_disjoint_and_cover_everything() {
        let paths: Vec<String> = (0..1000).map(|i| format!("2023/12/{i:04}.txt")).collect();
        let n = 3;
        let mut sizes = Vec::new();
        for p in &paths {
            let owners: Vec<u32> = (1..=n)
                .filter(|&k| Shard { index: k, count: n }.holds_path(Path::new(p)))
                .collect();
            assert_eq!(owners.len(), 1, "{p} belongs to {owners:?}");
            sizes.push(owners[0]);
        }
        // Roughly even: every shard gets at least a quarter of the inputs.
        for k in 1..=n {
            let share = sizes.iter().filter(|&&s| s == k).count();
            assert!(share > 250, "shard {k} has {share} of 1000");
        }
    }

    #[test]
    fn the_share_is_stable() {
        // Fixed by the hash: a change here would move inputs between shards of CI runs.
        let s = Shard { index: 1, count: 2 };
        let a = s.holds_path(Path::new("a/b.txt"));
        assert_eq!(a, s.holds_key(b"a/b.txt"));
        assert_eq!(a, s.holds_key(b"a\\b.txt"));
        assert!(Shard::ALL.holds_key(b"anything"));
    }
}
