//! The incremental-build manifest in the output folder (`.broadsheet-manifest.json`, or
//! `.broadsheet-manifest-K-of-N.json` for a shard so shards sharing a folder never write
//! the same file). For every input it records the hash of the input and of everything
//! else the conversion read (sidecar, pictures), a fingerprint of the options per output
//! format, and the files written with their sizes; for every edition, its member inputs
//! and their hashes. A re-run converts an input again only when one of those changed or
//! an output is missing or has another size: the same check `make` does, with content
//! hashes instead of timestamps (an archive copied or checked out anew keeps its state).
//!
//! The manifest is a cache: a missing, unreadable or other-version manifest only means
//! everything is converted again.

use super::Shard;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::input::ReadOptions;
use crate::model::{Article, Block};
use crate::output::{OutputFormat, WriteOptions};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const MANIFEST_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    /// The broadsheet version that wrote it; another version converts everything again
    /// (its outputs may differ).
    pub broadsheet: String,
    /// By input path as given on the command line (or found in a folder).
    pub inputs: BTreeMap<String, InputRecord>,
    /// By edition file stem.
    pub editions: BTreeMap<String, EditionRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputRecord {
    /// Hash of the input's bytes.
    pub hash: String,
    /// Fingerprint of the input-stage options (they decide the articles).
    pub read_options: String,
    /// Other files the conversion read, with their hashes (`None`: the file did not
    /// exist, e.g. no sidecar; if one appears later, the input is converted again).
    pub deps: Vec<Dep>,
    /// Per output format (`md`, `pdf` …).
    pub outputs: BTreeMap<String, OutputRecord>,
    /// Edition stem and title of each of its articles' editions (edition mode).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub editions: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dep {
    pub path: String,
    pub hash: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputRecord {
    /// Fingerprint of the options of this format.
    pub options: String,
    pub files: Vec<FileRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    pub path: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionRecord {
    pub title: String,
    /// Member inputs and their hashes, in path order.
    pub members: Vec<(String, String)>,
    pub outputs: BTreeMap<String, OutputRecord>,
}

impl Manifest {
    /// Where the manifest of a run into `dir` lives.
    pub fn path(dir: &Path, shard: Shard) -> PathBuf {
        if shard.is_all() {
            dir.join(".broadsheet-manifest.json")
        } else {
            dir.join(format!(
                ".broadsheet-manifest-{}-of-{}.json",
                shard.index, shard.count
            ))
        }
    }

    /// An empty manifest for this version of broadsheet.
    pub fn new() -> Manifest {
        Manifest::default()
    }

    /// The manifest at `path`, or an empty one when there is none, it cannot be read, or
    /// another version of broadsheet wrote it.
    pub fn load(path: &Path) -> Manifest {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|m| {
                m.schema_version == MANIFEST_SCHEMA_VERSION
                    && m.broadsheet == env!("CARGO_PKG_VERSION")
            })
            .unwrap_or_default()
    }

    /// Writes this run's entries into the manifest at `path`: the manifest on disk is
    /// read again under a lock and only the inputs and editions this run `touched` are
    /// replaced (or removed, when this run no longer has them), so two processes writing
    /// into one folder with different inputs keep each other's entries. Returns what
    /// was written.
    pub fn save_merged(&self, path: &Path, touched: &Touched) -> Result<Manifest> {
        let _lock = lock(path);
        let mut merged = Manifest::load(path);
        for key in &touched.inputs {
            match self.inputs.get(key) {
                Some(r) => merged.inputs.insert(key.clone(), r.clone()),
                None => merged.inputs.remove(key),
            };
        }
        for key in &touched.editions {
            match self.editions.get(key) {
                Some(r) => merged.editions.insert(key.clone(), r.clone()),
                None => merged.editions.remove(key),
            };
        }
        merged.save(path)?;
        Ok(merged)
    }

    /// Writes the manifest atomically (compact JSON: archives have many inputs).
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut bytes = serde_json::to_vec(self).map_err(|e| Error::Output {
            path: path.to_path_buf(),
            source: std::io::Error::other(e),
        })?;
        bytes.push(b'\n');
        write_atomic(path, &bytes)
    }
}

/// The entries one run decided about (converted, found current, failed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    pub inputs: std::collections::BTreeSet<String>,
    pub editions: std::collections::BTreeSet<String>,
}

/// An exclusive lock on `<manifest>.lock` beside the manifest, held while the value
/// lives (the system drops it when the process dies, so a killed run never leaves it
/// held). `None` where the file system cannot lock: the save then goes ahead unlocked.
fn lock(manifest: &Path) -> Option<std::fs::File> {
    let path = manifest.with_extension("lock");
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .ok()?;
    file.lock().ok()?;
    Some(file)
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            schema_version: MANIFEST_SCHEMA_VERSION,
            broadsheet: env!("CARGO_PKG_VERSION").to_string(),
            inputs: BTreeMap::new(),
            editions: BTreeMap::new(),
        }
    }
}

/// Hash of a file's bytes (xxh3, 128 bits, hex): a content hash, so copies and fresh
/// checkouts keep their state where timestamps would not.
pub fn hash_bytes(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// Largest file besides an input that is hashed (a sidecar, a picture).
const MAX_DEP_BYTES: u64 = crate::resources::MAX_PICTURE_BYTES;

/// Hash of a file, `None` if it cannot be read, is no regular file (a FIFO, a device) or
/// is larger than any file the conversion would read.
pub fn hash_file(path: &Path) -> Option<String> {
    crate::fsutil::read_regular(path, MAX_DEP_BYTES)
        .ok()
        .map(|b| hash_bytes(&b))
}

/// Fingerprint of the input-stage options.
pub fn read_fingerprint(options: &ReadOptions, edition: bool) -> String {
    hash_bytes(format!("{options:?} edition={edition}").as_bytes())
}

/// Fingerprint of the options that shape one output format: changing `--paper` converts
/// the PDFs again but not the Markdown. EPUB and PDF also depend on the run's fonts,
/// picture root and fallback date.
pub fn format_fingerprint(format: OutputFormat, options: &WriteOptions, env: &Env) -> String {
    let text = match format {
        OutputFormat::Md => format!("md {:?}", options.markdown),
        OutputFormat::Json => "json".to_string(),
        OutputFormat::Epub => format!("epub {:?} {}", options.epub, env.fingerprint()),
        OutputFormat::Pdf => format!("pdf {:?} {}", options.pdf, env.fingerprint()),
    };
    hash_bytes(text.as_bytes())
}

impl OutputRecord {
    /// Whether the files are still there as written with these options.
    pub fn is_current(&self, fingerprint: &str) -> bool {
        self.options == fingerprint
            && !self.files.is_empty()
            && self.files.iter().all(|f| {
                std::fs::metadata(&f.path).is_ok_and(|m| m.is_file() && m.len() == f.bytes)
            })
    }

    pub fn new(fingerprint: String, files: &[(PathBuf, u64)]) -> OutputRecord {
        OutputRecord {
            options: fingerprint,
            files: files
                .iter()
                .map(|(p, bytes)| FileRecord {
                    path: p.to_string_lossy().into_owned(),
                    bytes: *bytes,
                })
                .collect(),
        }
    }

    pub fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|f| PathBuf::from(&f.path)).collect()
    }
}

impl Dep {
    pub fn of(path: &Path) -> Dep {
        Dep {
            path: path.to_string_lossy().into_owned(),
            hash: hash_file(path),
        }
    }

    pub fn is_current(&self) -> bool {
        hash_file(Path::new(&self.path)) == self.hash
    }
}

/// The files besides the input itself that reading and rendering `articles` of `input`
/// looked at: the sidecar candidates (present or not) and local pictures (relative paths
/// start from `image_root`, else the article's folder).
pub fn dependencies(
    input: &Path,
    articles: &[Article],
    sidecars: bool,
    image_root: Option<&Path>,
) -> Vec<Dep> {
    let mut deps = Vec::new();
    if input == Path::new("-") {
        return deps;
    }
    if sidecars {
        for ext in ["json", "toml"] {
            let candidate = input.with_extension(ext);
            if candidate != input {
                deps.push(Dep::of(&candidate));
            }
        }
    }
    for article in articles {
        let root = image_root
            .map(Path::to_path_buf)
            .or_else(|| crate::resources::article_root(article.meta.source.as_deref()));
        let mut stack: Vec<&Block> = article.body.iter().collect();
        while let Some(block) = stack.pop() {
            match block {
                Block::Image { src, .. } => {
                    if let Some(dep) = picture_dep(src, root.as_deref())
                        && !deps.iter().any(|d: &Dep| d.path == dep.path)
                    {
                        deps.push(dep);
                    }
                }
                Block::Quote { content } => stack.extend(content.iter()),
                _ => {}
            }
        }
    }
    deps
}

/// What the manifest records about a picture: located by the same rules the backends read
/// it by (inside the article's folder, a regular file), so no reference makes the
/// manifest open a file the conversion would not. A picture that is missing but would be
/// read if it appeared is recorded without hash (it converts the input again then).
fn picture_dep(src: &str, root: Option<&Path>) -> Option<Dep> {
    match crate::resources::locate_picture(src, root).ok()? {
        crate::resources::Location::File(path) => Some(Dep::of(&path)),
        crate::resources::Location::Missing(path) => Some(Dep {
            path: path.to_string_lossy().into_owned(),
            hash: None,
        }),
        crate::resources::Location::None | crate::resources::Location::Inline => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_separate_formats() {
        let mut w = WriteOptions::default();
        let env = Env::default();
        let md = format_fingerprint(OutputFormat::Md, &w, &env);
        let pdf = format_fingerprint(OutputFormat::Pdf, &w, &env);
        w.pdf.columns = Some(3);
        assert_eq!(md, format_fingerprint(OutputFormat::Md, &w, &env));
        assert_ne!(pdf, format_fingerprint(OutputFormat::Pdf, &w, &env));
        // The picture root and the fallback date are the run's, and shape PDF and EPUB.
        let rooted = Env::default().with_image_root(Some("pictures".into()));
        let dated = Env::default().with_source_date_epoch(Some(1));
        for format in [OutputFormat::Pdf, OutputFormat::Epub] {
            let plain = format_fingerprint(format, &w, &env);
            assert_ne!(plain, format_fingerprint(format, &w, &rooted));
            assert_ne!(plain, format_fingerprint(format, &w, &dated));
        }
        assert_eq!(md, format_fingerprint(OutputFormat::Md, &w, &rooted));
    }

    #[test]
    fn a_manifest_of_another_version_is_empty() {
        let dir = std::env::temp_dir().join(format!("bs-manifest-{}", std::process::id()));
        let path = Manifest::path(&dir, Shard::ALL);
        let mut m = Manifest::new();
        m.broadsheet = "0.0.0-other".into();
        m.editions.insert(
            "x".into(),
            EditionRecord {
                title: "x".into(),
                members: Vec::new(),
                outputs: BTreeMap::new(),
            },
        );
        m.save(&path).unwrap();
        assert!(Manifest::load(&path).editions.is_empty());
        std::fs::write(&path, b"{not json").unwrap();
        assert!(Manifest::load(&path).inputs.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn record(hash: &str) -> InputRecord {
        InputRecord {
            hash: hash.into(),
            read_options: String::new(),
            deps: Vec::new(),
            outputs: BTreeMap::new(),
            editions: Vec::new(),
        }
    }

    #[test]
    fn saving_keeps_what_another_process_wrote() {
        let dir = std::env::temp_dir().join(format!("bs-manifest-merge-{}", std::process::id()));
        let path = Manifest::path(&dir, Shard::ALL);
        // Both runs start from the same manifest holding `old` and `gone`.
        let mut start = Manifest::new();
        start.inputs.insert("old".into(), record("0"));
        start.inputs.insert("gone".into(), record("0"));
        start.save(&path).unwrap();
        let (mut a, mut b) = (start.clone(), start.clone());
        a.inputs.insert("a".into(), record("1"));
        a.inputs.remove("gone");
        b.inputs.insert("b".into(), record("2"));
        let touched = |keys: &[&str]| Touched {
            inputs: keys.iter().map(|k| k.to_string()).collect(),
            editions: Default::default(),
        };
        a.save_merged(&path, &touched(&["a", "gone"])).unwrap();
        let saved = b.save_merged(&path, &touched(&["b"])).unwrap();
        let keys: Vec<&str> = saved.inputs.keys().map(String::as_str).collect();
        assert_eq!(keys, ["a", "b", "old"]);
        assert_eq!(Manifest::load(&path), saved);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn shards_keep_their_own_manifest() {
        let d = Path::new("out");
        assert_eq!(
            Manifest::path(d, Shard { index: 2, count: 4 }),
            Path::new("out/.broadsheet-manifest-2-of-4.json")
        );
        assert_eq!(
            Manifest::path(d, Shard::ALL),
            Path::new("out/.broadsheet-manifest.json")
        );
    }
}
