//! Typed errors of the library. Each names the file (or flag) it is about; only the
//! binary turns them into messages and exit codes.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: larger than the {limit_mib} MiB an input may be; split it into smaller files", path.display())]
    TooLarge { path: PathBuf, limit_mib: u64 },
    #[error("{}: {kind}, not a regular file; pipe it to standard input (`-`) if it is text", path.display())]
    NotRegularFile { path: PathBuf, kind: &'static str },
    #[error("{origin}: field '{field}' must be {expected}, not {found}")]
    FieldType {
        field: String,
        origin: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("{}: the file is empty", path.display())]
    Empty { path: PathBuf },
    #[error("{}: this is not text ({kind}); broadsheet reads text, Markdown, HTML, JSON and CSV", path.display())]
    Binary { path: PathBuf, kind: String },
    #[error("{}: cannot be decoded: {count} malformed byte sequences as {encoding} (try --encoding)", path.display())]
    Undecodable {
        path: PathBuf,
        encoding: &'static str,
        count: usize,
    },
    #[error("unknown encoding '{0}' (try gbk, gb18030, big5, shift_jis, utf-8, utf-16le)")]
    UnknownEncoding(String),
    #[error("invalid date '{value}' in {origin}: expected a real calendar date such as 2023-12-18")]
    InvalidDate { value: String, origin: String },
    #[error("{}: {message}", path.display())]
    Sidecar { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("{}: no article text found after removing site navigation", path.display())]
    NoArticle { path: PathBuf },
    #[error("{}: refusing to overwrite an input file with output", path.display())]
    OutputIsInput { path: PathBuf },
    #[error("{}: two inputs would write the same output file; the first one wins", path.display())]
    OutputCollision { path: PathBuf },
    #[error("cannot write output {}: {source}", path.display())]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Render { path: PathBuf, message: String },
    #[error("{}: internal error: {message} (this is a bug in broadsheet; the other inputs were converted)", path.display())]
    Internal { path: PathBuf, message: String },
    #[error("fonts: {0}")]
    Font(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
