//! Reading an input's bytes with limits: a regular file (or standard input) of at most
//! [`MAX_INPUT_BYTES`]. Devices, FIFOs and sockets are refused before they are opened,
//! so `/dev/zero` cannot fill memory and a FIFO without a writer cannot hang the run.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// The largest input broadsheet reads (256 MiB). A bigger scraper export should be
/// split; the model of one input is held in memory at several times its size.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// The most records (articles) one CSV or JSON export may hold. Each article is held in
/// memory with everything made from it (about 2 KB for a one-line row), so a byte
/// limit alone would still let 256 MiB of tiny rows take gigabytes.
pub const MAX_RECORDS: usize = 100_000;

/// The error for an export with more than [`MAX_RECORDS`] records.
pub fn too_many_records(path: &Path) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        message: format!("more than {MAX_RECORDS} records; split the export into smaller files"),
    }
}

/// Reads an input: `-` is standard input, anything else must be a regular file.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    if path == Path::new("-") {
        return read_limited(std::io::stdin().lock(), path, MAX_INPUT_BYTES, 0);
    }
    read_file(path, MAX_INPUT_BYTES)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>> {
    // `metadata` follows symlinks and does not open the file (opening a FIFO blocks).
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::NotRegularFile {
            path: path.to_path_buf(),
            kind: kind_of(&meta.file_type()),
        });
    }
    if meta.len() > limit {
        return Err(too_large(path, limit));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    // The length is checked again while reading: the file may grow meanwhile.
    read_limited(file, path, limit, meta.len())
}

fn read_limited(source: impl Read, path: &Path, limit: u64, hint: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0).saturating_add(1));
    source
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, limit));
    }
    Ok(bytes)
}

fn too_large(path: &Path, limit: u64) -> Error {
    Error::TooLarge {
        path: path.to_path_buf(),
        limit_mib: limit / (1024 * 1024),
    }
}

fn kind_of(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_enforced_while_reading() {
        let ok = read_limited(&b"abcd"[..], Path::new("x"), 4, 0).unwrap();
        assert_eq!(ok, b"abcd");
        let err = read_limited(&b"abcde"[..], Path::new("x"), 4, 0).unwrap_err();
        assert!(matches!(err, Error::TooLarge { .. }), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let err = read(Path::new("/dev/zero")).unwrap_err();
        assert!(err.to_string().contains("character device"), "{err}");
    }
}
