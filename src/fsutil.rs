//! Files, carefully:
//!
//! - [`write_atomic`]: write to a temporary name in the target's folder, then rename into
//!   place (atomic on POSIX file systems). An interrupted or failing run leaves either the
//!   old file or the new one, never a part. (No fsync per file: it would cost more than
//!   the conversion itself on an archive, and guards only against power loss, which a
//!   re-run repairs.) A `kill -9` can still leave a temporary file: [`clean_stale_temps`]
//!   removes those of dead processes on the next run that writes into that folder.
//! - [`read_regular`]: read a file the user did not name directly (a picture, a sidecar,
//!   a file the manifest lists) only when it is a regular file and not larger than a
//!   bound, so `/dev/zero` cannot eat the memory and a FIFO cannot hang the run.

use crate::error::{Error, Result};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically, creating parent folders. On any failure the
/// temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let out_err = |source| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(out_err)?;
    let tmp = temp_name(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(out_err(e));
    }
    Ok(())
}

/// Canonical form of a path that may not exist yet (its folder may not either): the
/// longest existing ancestor canonicalised, the rest appended. Two spellings of one
/// target (`out/../out/a.md`, a symlinked folder) compare equal.
pub fn canonical_target(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name.to_owned());
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut p = std::fs::canonicalize(&existing).unwrap_or(existing);
    for part in tail.iter().rev() {
        p.push(part);
    }
    p
}

/// What every temporary name carries between the target's name and the process id.
const TEMP_MARK: &str = ".broadsheet-tmp-";
/// Longest file name most file systems accept (ext4, XFS, APFS, NTFS: 255 bytes).
const NAME_MAX: usize = 255;

/// `.name.ext.broadsheet-tmp-PID`: hidden, unique per process, beside the target so the
/// rename never crosses file systems. A name too long to carry the additions (a legal
/// 251-byte target) is cut and given a hash of the whole name, so the temporary name
/// stays within 255 bytes and still differs between targets.
pub fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let suffix = format!("{TEMP_MARK}{}", std::process::id());
    let room = NAME_MAX - 1 - suffix.len();
    let shown = if name.len() <= room {
        name
    } else {
        let hash = format!("~{:016x}", xxhash_rust::xxh3::xxh3_64(name.as_bytes()));
        let mut cut = room - hash.len();
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}{hash}", &name[..cut])
    };
    path.with_file_name(format!(".{shown}{suffix}"))
}

/// The process id in a temporary name written by [`temp_name`], if it is one.
fn temp_owner(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?;
    let at = rest.rfind(TEMP_MARK)?;
    let pid = &rest[at + TEMP_MARK.len()..];
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Whether process `pid` is running. Where that cannot be told (no `/proc`), every
/// process counts as running, so nothing is removed.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Removes the temporary files that runs killed before their rename left in `dir` (not
/// below it: a run cleans each folder the first time it writes there, which is where a
/// killed run's unfinished output is written again). A file of a running process is left
/// alone, except one with this process's own id written before `clean` was called: it
/// cannot be ours (in a container every run may be process 1). Returns how many were
/// removed.
pub fn clean_stale_temps(dir: &Path) -> usize {
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if entry.file_type().is_ok_and(|t| t.is_file())
            && let Some(pid) = temp_owner(&name.to_string_lossy())
            && (pid == me || !process_alive(pid))
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Reads `path` when it is a regular file of at most `limit` bytes; anything else (a
/// folder, a device such as `/dev/zero`, a FIFO, a socket, a larger file) is an error
/// that says why, without reading it. Checked before opening (opening a FIFO waits for
/// a writer) and again on the opened file.
pub fn read_regular(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    check_regular(&std::fs::metadata(path)?, limit)?;
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    check_regular(&meta, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // `take` keeps a file that grows while it is read within the bound.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn check_regular(meta: &std::fs::Metadata, limit: u64) -> std::io::Result<()> {
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a folder, device, FIFO or socket); not read",
        ));
    }
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    Ok(())
}

fn too_large(limit: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!("larger than the {} MB limit; not read", limit >> 20),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bs-fsutil-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_and_leaves_no_temp_file() {
        let dir = scratch("write");
        let target = dir.join("sub/out.md");
        write_atomic(&target, b"hello").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"hello");
        let leftovers: Vec<_> = std::fs::read_dir(target.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("broadsheet-tmp"))
            .collect();
        assert!(leftovers.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temp_names_fit_in_255_bytes_and_stay_distinct() {
        let short = temp_name(Path::new("out/a.md"));
        assert_eq!(
            short.file_name().unwrap().to_string_lossy(),
            format!(".a.md.broadsheet-tmp-{}", std::process::id())
        );
        // 250 bytes of Han characters (3 bytes each) plus `.md`: cut on a char boundary.
        let long_a = format!("{}甲.md", "字".repeat(82));
        let long_b = format!("{}乙.md", "字".repeat(82));
        let (a, b) = (temp_name(Path::new(&long_a)), temp_name(Path::new(&long_b)));
        for t in [&a, &b] {
            let name = t.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.len() <= 255, "{} bytes", name.len());
            assert_eq!(temp_owner(&name), Some(std::process::id()));
        }
        assert_ne!(a, b);
    }

    #[test]
    fn temp_owners_are_read_only_from_temp_names() {
        assert_eq!(temp_owner(".a.md.broadsheet-tmp-42"), Some(42));
        assert_eq!(temp_owner("a.md.broadsheet-tmp-42"), None);
        assert_eq!(temp_owner(".a.md.broadsheet-tmp-"), None);
        assert_eq!(temp_owner(".a.md.broadsheet-tmp-4x"), None);
        assert_eq!(temp_owner(".broadsheet-manifest.json"), None);
    }

    #[test]
    fn regular_files_only_and_bounded() {
        let dir = scratch("read");
        let f = dir.join("a.bin");
        std::fs::write(&f, vec![7u8; 100]).unwrap();
        assert_eq!(read_regular(&f, 100).unwrap().len(), 100);
        assert_eq!(
            read_regular(&f, 99).unwrap_err().kind(),
            std::io::ErrorKind::FileTooLarge
        );
        assert!(read_regular(&dir, 1 << 20).is_err());
        if Path::new("/dev/zero").exists() {
            assert!(read_regular(Path::new("/dev/zero"), 1 << 20).is_err());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
