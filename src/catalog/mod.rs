//! `broadsheet catalog OUT/`: a static OPDS 1.2 catalog of the books in an output folder,
//! plus an HTML index, so e-readers (KOReader, Thorium) and browsers can browse an archive
//! served from any static host.
//!
//! Takes the folder; finds every `.epub` and `.pdf` in it (hidden entries skipped); reads
//! each EPUB's package document for its metadata ([`opf`]), pairs a PDF with the EPUB of
//! the same stem; gives `catalog.xml` (navigation: publications), `opds/*.xml` (per
//! publication: dates; per date: the books, with EPUB/PDF acquisition links and covers),
//! `opds/covers/*` and `index.html`. Books are read from the EPUBs, not from the
//! manifest: the EPUB carries title, paper, date and cover whatever run (or shard, or
//! other tool) wrote it, where the manifest knows only files and hashes.
//!
//! Deterministic: ordered by publication, date (newest first) and path; ids are UUIDs
//! derived from the content; every `updated` comes from the books' own
//! `dcterms:modified` (which broadsheet takes from SOURCE_DATE_EPOCH or the paper's
//! date), never from the clock.

mod html;
mod opds;
pub mod opf;

use crate::error::{Error, Result};
use crate::model::Date;
use crate::warning::Warning;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One book of the catalog: an EPUB and/or a PDF with one stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    /// Path relative to the catalog folder, `/`-separated, without extension.
    pub stem: String,
    pub title: String,
    pub authors: Vec<String>,
    pub publication: Option<String>,
    pub date: Option<Date>,
    pub lang: Option<String>,
    pub identifier: Option<String>,
    /// RFC 3339.
    pub updated: String,
    pub epub: bool,
    pub pdf: bool,
    /// Cover file name under `opds/covers/` and its bytes.
    pub cover: Option<(String, Vec<u8>, String)>,
}

/// What `catalog` wrote and what it could not read.
#[derive(Debug, Default)]
pub struct CatalogReport {
    pub books: usize,
    pub written: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
}

/// What a catalog writes into its folder (files, and a folder it fills): what a run
/// that also writes the catalog must not take as an input.
pub const WRITES: [&str; 3] = ["catalog.xml", "index.html", "opds"];

/// The date used when no book says when it was made.
const EPOCH: &str = "1970-01-01T00:00:00Z";

/// Writes the catalog of `dir` into `dir`.
pub fn write_catalog(dir: &Path, source_date_epoch: Option<i64>) -> Result<CatalogReport> {
    let mut report = CatalogReport::default();
    let books = collect(dir, &mut report.warnings)?;
    report.books = books.len();
    let fallback = source_date_epoch
        .and_then(rfc3339)
        .unwrap_or_else(|| EPOCH.to_string());
    let shelf = Shelf::new(books, &fallback);
    for (path, bytes) in files(&shelf) {
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::Output {
                path: parent.to_path_buf(),
                source: e,
            })?;
        }
        crate::fsutil::write_atomic(&target, &bytes)?;
        report.written.push(target);
    }
    Ok(report)
}

/// Every file of the catalog of `shelf`: path relative to its folder, and bytes.
fn files(shelf: &Shelf) -> Vec<(String, Vec<u8>)> {
    let mut out = opds::files(shelf);
    out.push(("index.html".to_string(), html::index(shelf).into_bytes()));
    out.extend(shelf.covers());
    out
}

/// `secs` since the epoch as `YYYY-MM-DDThh:mm:ssZ`.
fn rfc3339(secs: i64) -> Option<String> {
    let d = Date::from_unix_seconds(secs)?;
    let s = secs.rem_euclid(86400);
    Some(format!(
        "{d}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    ))
}

/// Every book in `dir`, in path order.
fn collect(dir: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<Book>> {
    if !dir.is_dir() {
        return Err(Error::Render {
            path: dir.to_path_buf(),
            message: "not a folder (catalog takes the output folder of a convert run)".into(),
        });
    }
    // stem → (has epub, has pdf)
    let mut stems: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    walk(dir, dir, &mut stems, warnings);
    let mut books = Vec::with_capacity(stems.len());
    for (stem, (epub, pdf)) in stems {
        let mut book = Book {
            title: stem.rsplit('/').next().unwrap_or(&stem).to_string(),
            stem: stem.clone(),
            authors: Vec::new(),
            publication: None,
            date: None,
            lang: None,
            identifier: None,
            updated: String::new(),
            epub,
            pdf,
            cover: None,
        };
        if epub {
            let path = dir.join(format!("{stem}.epub"));
            let read = crate::fsutil::read_regular(&path, MAX_BOOK_BYTES)
                .map_err(|e| e.to_string())
                .and_then(|bytes| opf::read_epub(&bytes, crate::resources::MAX_PICTURE_BYTES));
            match read {
                Ok(info) => fill(&mut book, info),
                Err(e) => warnings.push(Warning::new(
                    "catalog-unreadable",
                    format!("{}: {e}; listed by its file name", path.display()),
                )),
            }
        }
        if book.publication.is_none() && book.date.is_none() {
            // A PDF alone (or an unreadable EPUB): an edition's name says paper and date.
            from_edition_stem(&mut book);
        }
        books.push(book);
    }
    Ok(books)
}

/// Largest EPUB read for its metadata.
const MAX_BOOK_BYTES: u64 = 2 << 30;

fn fill(book: &mut Book, info: opf::BookInfo) {
    if let Some(t) = info.title {
        book.title = t;
    }
    book.authors = info.creators;
    book.publication = info.collection.or(info.publisher);
    book.date = info
        .date
        .as_deref()
        .and_then(|d| d.get(..10))
        .and_then(|d| d.parse().ok());
    book.lang = info.language;
    book.identifier = info.identifier;
    book.updated = info.modified.filter(|m| is_rfc3339(m)).unwrap_or_default();
    if let Some((bytes, media)) = info.cover {
        let ext = match media.as_str() {
            "image/png" => "png",
            "image/jpeg" => "jpg",
            "image/gif" => "gif",
            "image/webp" => "webp",
            "image/svg+xml" => "svg",
            _ => return,
        };
        let name = format!(
            "{}.{ext}",
            &crate::convert::manifest::hash_bytes(book.stem.as_bytes())[..16]
        );
        book.cover = Some((name, bytes, media));
    }
}

/// `YYYY-MM-DDThh:mm:ss…Z`-like: what Atom's `updated` accepts.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && s.get(..10).is_some_and(|d| d.parse::<Date>().is_ok())
        && b[10] == b'T'
        && (s.ends_with('Z')
            || s.get(s.len() - 6..)
                .is_some_and(|z| z.starts_with(['+', '-'])))
}

/// `乐陵市报-2023-12-18` → publication 乐陵市报, date 2023-12-18.
fn from_edition_stem(book: &mut Book) {
    let name = book.stem.rsplit('/').next().unwrap_or(&book.stem);
    if name.len() > 11
        && let Some((publication, date)) = name.split_at_checked(name.len() - 10)
        && let Some(publication) = publication.strip_suffix('-')
        && let Ok(date) = date.parse::<Date>()
    {
        book.publication = Some(publication.to_string());
        book.date = Some(date);
    }
}

fn walk(
    root: &Path,
    dir: &Path,
    stems: &mut BTreeMap<String, (bool, bool)>,
    warnings: &mut Vec<Warning>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(Warning::new(
                "catalog-unreadable",
                format!("{}: {e}", dir.display()),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') {
            continue;
        }
        let path = e.path();
        // Symlinked folders are not followed (a loop would never end).
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            walk(root, &path, stems, warnings);
            continue;
        }
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, x)) if !s.is_empty() => (s, x.to_ascii_lowercase()),
            _ => continue,
        };
        if ext != "epub" && ext != "pdf" {
            continue;
        }
        let Ok(rel) = path.parent().unwrap_or(root).strip_prefix(root) else {
            continue;
        };
        let mut key: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        key.push(stem.to_string());
        let slot = stems.entry(key.join("/")).or_default();
        if ext == "epub" {
            slot.0 = true;
        } else {
            slot.1 = true;
        }
    }
}

/// Books grouped for browsing: publication → date (newest first, undated last) → books.
pub struct Shelf {
    pub publications: Vec<Publication>,
    pub updated: String,
}

pub struct Publication {
    pub name: String,
    /// File name of its navigation feed under `opds/`.
    pub feed: String,
    pub updated: String,
    pub days: Vec<Day>,
}

pub struct Day {
    pub date: Option<Date>,
    /// File name of its acquisition feed under `opds/`.
    pub feed: String,
    pub updated: String,
    pub books: Vec<Book>,
}

/// Name shown for books that name no paper.
pub const NO_PUBLICATION: &str = "未注明报刊";

impl Shelf {
    fn new(books: Vec<Book>, fallback: &str) -> Shelf {
        let mut groups: BTreeMap<String, BTreeMap<std::cmp::Reverse<Option<Date>>, Vec<Book>>> =
            BTreeMap::new();
        for mut book in books {
            if book.updated.is_empty() {
                book.updated = fallback.to_string();
            }
            let name = book
                .publication
                .clone()
                .unwrap_or_else(|| NO_PUBLICATION.to_string());
            groups
                .entry(name)
                .or_default()
                .entry(std::cmp::Reverse(book.date))
                .or_default()
                .push(book);
        }
        // RFC 3339 UTC stamps of one shape compare as text.
        let latest = |a: &str, b: &str| if b > a { b.to_string() } else { a.to_string() };
        let mut publications = Vec::new();
        for (name, days) in groups {
            let key = &crate::convert::manifest::hash_bytes(name.as_bytes())[..12];
            let mut pub_updated = EPOCH.to_string();
            let mut out_days = Vec::new();
            // Undated sorts last: None < Some, reversed puts it first, so move it.
            let mut days: Vec<_> = days.into_iter().collect();
            days.sort_by_key(|(std::cmp::Reverse(d), _)| d.is_none());
            for (std::cmp::Reverse(date), books) in days {
                let updated = books
                    .iter()
                    .fold(EPOCH.to_string(), |u, b| latest(&u, &b.updated));
                pub_updated = latest(&pub_updated, &updated);
                let day = date.map_or_else(|| "undated".to_string(), |d| d.to_string());
                out_days.push(Day {
                    date,
                    feed: format!("{key}-{day}.xml"),
                    updated,
                    books,
                });
            }
            publications.push(Publication {
                name,
                feed: format!("{key}.xml"),
                updated: pub_updated,
                days: out_days,
            });
        }
        let updated = publications
            .iter()
            .fold(fallback.to_string(), |u, p| latest(&u, &p.updated));
        // With no book at all, the fallback alone (SOURCE_DATE_EPOCH or the epoch).
        Shelf {
            publications,
            updated,
        }
    }

    /// The cover files, each once.
    fn covers(&self) -> Vec<(String, Vec<u8>)> {
        let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for p in &self.publications {
            for d in &p.days {
                for b in &d.books {
                    if let Some((name, bytes, _)) = &b.cover {
                        out.insert(format!("opds/covers/{name}"), bytes.clone());
                    }
                }
            }
        }
        out.into_iter().collect()
    }
}

/// Percent-encodes a relative path for an href: everything but unreserved characters
/// and `/` (Chinese file names become UTF-8 escapes, which every client resolves).
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A stable `urn:uuid:` for a name (UUID v5): the same book or feed keeps its id.
pub fn urn(name: &str) -> String {
    let id = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("broadsheet:{name}").as_bytes(),
    );
    format!("urn:uuid:{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(stem: &str, publication: Option<&str>, date: Option<&str>, updated: &str) -> Book {
        Book {
            stem: stem.into(),
            title: stem.into(),
            authors: Vec::new(),
            publication: publication.map(Into::into),
            date: date.map(|d| d.parse().unwrap()),
            lang: None,
            identifier: None,
            updated: updated.into(),
            epub: true,
            pdf: false,
            cover: None,
        }
    }

    #[test]
    fn shelf_groups_by_publication_then_newest_date_with_undated_last() {
        let shelf = Shelf::new(
            vec![
                book(
                    "a",
                    Some("乙报"),
                    Some("2024-01-01"),
                    "2024-01-01T00:00:00Z",
                ),
                book("b", Some("甲报"), None, ""),
                book(
                    "c",
                    Some("甲报"),
                    Some("2023-01-02"),
                    "2023-01-02T00:00:00Z",
                ),
                book(
                    "d",
                    Some("甲报"),
                    Some("2023-05-01"),
                    "2023-05-01T00:00:00Z",
                ),
                book("e", None, Some("2023-05-01"), "2023-05-01T00:00:00Z"),
            ],
            "2000-01-01T00:00:00Z",
        );
        let names: Vec<&str> = shelf.publications.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["乙报", "未注明报刊", "甲报"]);
        let jia = &shelf.publications[2];
        let days: Vec<Option<String>> = jia
            .days
            .iter()
            .map(|d| d.date.map(|d| d.to_string()))
            .collect();
        assert_eq!(
            days,
            vec![Some("2023-05-01".into()), Some("2023-01-02".into()), None]
        );
        assert_eq!(jia.days[2].books[0].updated, "2000-01-01T00:00:00Z");
        assert_eq!(jia.updated, "2023-05-01T00:00:00Z");
        assert_eq!(shelf.updated, "2024-01-01T00:00:00Z");
    }

    #[test]
    fn every_file_written_is_under_what_writes_names() {
        let mut a = book(
            "乐陵市报-2023-12-18",
            Some("乐陵市报"),
            Some("2023-12-18"),
            "",
        );
        a.cover = Some(("c.png".into(), vec![1, 2], "image/png".into()));
        let shelf = Shelf::new(vec![a, book("b", None, None, "")], EPOCH);
        let written = files(&shelf);
        assert!(written.len() >= 5, "{written:?}");
        for (path, _) in &written {
            assert!(
                WRITES
                    .iter()
                    .any(|w| path == w || path.starts_with(&format!("{w}/"))),
                "{path}"
            );
        }
    }

    #[test]
    fn edition_stems_name_paper_and_date() {
        let mut b = book("x/乐陵市报-2023-12-18", None, None, "");
        from_edition_stem(&mut b);
        assert_eq!(b.publication.as_deref(), Some("乐陵市报"));
        assert_eq!(b.date.map(|d| d.to_string()).as_deref(), Some("2023-12-18"));
        let mut b = book("article", None, None, "");
        from_edition_stem(&mut b);
        assert_eq!(b.publication, None);
    }

    #[test]
    fn hrefs_escape_everything_but_unreserved() {
        assert_eq!(href("a b/报.epub"), "a%20b/%E6%8A%A5.epub");
        assert_eq!(urn("x"), urn("x"));
        assert_ne!(urn("x"), urn("y"));
        assert!(is_rfc3339("2023-12-18T00:00:00Z"));
        assert!(!is_rfc3339("2023-12-18"));
        assert_eq!(
            rfc3339(1_700_000_000).as_deref(),
            Some("2023-11-14T22:13:20Z")
        );
    }
}
