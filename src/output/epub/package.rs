//! The container: takes the finished files of a book and its metadata, gives the EPUB's
//! bytes: the package document (`content.opf`) and the ZIP around everything.
//!
//! The ZIP is written so the same book always gives the same bytes: `mimetype` first,
//! stored and without extra fields (OCF requires it), a fixed timestamp and permissions
//! on every entry, entries in manifest order.

use super::xml::{escape, push_escaped};
use crate::model::Date;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Deflate level for pages, stylesheet and font. zlib-rs level 2 (its "fast" strategy)
/// measured 2-3x quicker than level 3+ on a 200-article edition for about 2% more bytes
/// (docs/epub-bench.md); e-books are read from local storage, so speed wins.
const LEVEL: i64 = 2;

/// Folder of the package inside the ZIP.
pub const ROOT: &str = "OEBPS";

/// One file of the book. `path` is relative to [`ROOT`].
#[derive(Debug, Clone)]
pub struct Resource {
    pub id: String,
    pub path: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
    /// OPF manifest `properties` (`nav`, `cover-image`).
    pub properties: Option<&'static str>,
}

/// The package metadata (Dublin Core plus `dcterms:modified`).
#[derive(Debug, Clone)]
pub struct Metadata {
    pub identifier: String,
    pub title: String,
    pub lang: String,
    pub creators: Vec<String>,
    pub publisher: Option<String>,
    pub date: Option<Date>,
    pub subjects: Vec<String>,
    /// `CCYY-MM-DDThh:mm:ssZ`.
    pub modified: String,
}

/// Everything that goes into the ZIP besides `mimetype` and `container.xml`.
#[derive(Debug, Clone)]
pub struct Package {
    pub meta: Metadata,
    /// Manifest, in the order files are stored.
    pub manifest: Vec<Resource>,
    /// Ids of the reading order.
    pub spine: Vec<String>,
    /// Id of the EPUB 2 cover image, for readers that look for `<meta name="cover">`.
    pub cover_image: Option<String>,
}

/// `content.opf`.
pub fn opf(p: &Package) -> String {
    let m = &p.meta;
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\" xml:lang=\"{}\">\n",
        escape(&m.lang)
    ));
    out.push_str("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    let el = |out: &mut String, name: &str, id: Option<&str>, text: &str| {
        out.push_str(&format!("<dc:{name}"));
        if let Some(id) = id {
            out.push_str(&format!(" id=\"{id}\""));
        }
        out.push('>');
        push_escaped(out, text);
        out.push_str(&format!("</dc:{name}>\n"));
    };
    el(&mut out, "identifier", Some("uid"), &m.identifier);
    el(&mut out, "title", None, &m.title);
    el(&mut out, "language", None, &m.lang);
    for (i, c) in m.creators.iter().enumerate() {
        el(&mut out, "creator", Some(&format!("creator{}", i + 1)), c);
    }
    if let Some(p) = &m.publisher {
        el(&mut out, "publisher", None, p);
    }
    if let Some(d) = m.date {
        el(&mut out, "date", None, &d.to_string());
    }
    for s in &m.subjects {
        el(&mut out, "subject", None, s);
    }
    out.push_str(&format!(
        "<meta property=\"dcterms:modified\">{}</meta>\n",
        escape(&m.modified)
    ));
    if let Some(id) = &p.cover_image {
        out.push_str(&format!(
            "<meta name=\"cover\" content=\"{}\"/>\n",
            escape(id)
        ));
    }
    out.push_str("</metadata>\n<manifest>\n");
    for r in &p.manifest {
        out.push_str(&format!(
            "<item id=\"{}\" href=\"{}\" media-type=\"{}\"",
            escape(&r.id),
            escape(&r.path),
            r.media_type
        ));
        if let Some(props) = r.properties {
            out.push_str(&format!(" properties=\"{props}\""));
        }
        out.push_str("/>\n");
    }
    out.push_str("</manifest>\n<spine toc=\"ncx\">\n");
    for id in &p.spine {
        out.push_str(&format!("<itemref idref=\"{}\"/>\n", escape(id)));
    }
    out.push_str("</spine>\n</package>\n");
    out
}

const CONTAINER_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n\
</container>\n";

/// The EPUB file. `stamp` is the one timestamp every entry carries.
///
/// Deflating the pages is most of the work, so the manifest is compressed in two halves
/// on two threads, each into a ZIP of its own, and the entries are then copied raw, in
/// manifest order, into the book. Compression of one entry does not depend on the
/// others, so the bytes are the same as a one-thread run.
pub fn zip(p: &Package, stamp: Option<Date>) -> Result<Vec<u8>, String> {
    let time = stamp
        .and_then(|d| zip::DateTime::from_date_and_time(d.year, d.month, d.day, 0, 0, 0).ok())
        .unwrap_or_default();
    let base = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(0o644);
    let stored = base.compression_method(CompressionMethod::Stored);
    let deflated = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(LEVEL));
    let opts_for = |r: &Resource| {
        // Pictures are compressed already; deflating them again only costs time.
        if r.media_type.starts_with("image/") {
            stored
        } else {
            deflated
        }
    };

    // Split where half of the bytes to deflate are on each side.
    let weight = |r: &Resource| {
        if r.media_type.starts_with("image/") {
            0
        } else {
            r.bytes.len()
        }
    };
    let total: usize = p.manifest.iter().map(weight).sum();
    let mut acc = 0;
    let split = p
        .manifest
        .iter()
        .position(|r| {
            acc += weight(r);
            acc * 2 >= total
        })
        .map_or(p.manifest.len(), |i| i + 1);
    let (first, second) = p.manifest.split_at(split);
    let compress = |part: &[Resource]| -> Result<Vec<u8>, String> {
        let mut z = ZipWriter::new(Cursor::new(Vec::new()));
        for r in part {
            put(&mut z, &format!("{ROOT}/{}", r.path), &r.bytes, opts_for(r))?;
        }
        z.finish()
            .map(Cursor::into_inner)
            .map_err(|e| e.to_string())
    };
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| compress(second));
        let a = compress(first);
        let b = other
            .join()
            .unwrap_or_else(|_| Err("compression thread failed".to_string()));
        (a, b)
    });

    let mut z = ZipWriter::new(Cursor::new(Vec::with_capacity(
        a.as_ref().map_or(0, Vec::len) + (1 << 16),
    )));
    put(&mut z, "mimetype", b"application/epub+zip", stored)?;
    put(
        &mut z,
        "META-INF/container.xml",
        CONTAINER_XML.as_bytes(),
        deflated,
    )?;
    put(
        &mut z,
        &format!("{ROOT}/content.opf"),
        opf(p).as_bytes(),
        deflated,
    )?;
    for part in [a?, b?] {
        let mut archive = zip::ZipArchive::new(Cursor::new(part)).map_err(|e| e.to_string())?;
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|e| e.to_string())?;
            z.raw_copy_file(entry).map_err(|e| e.to_string())?;
        }
    }
    z.finish()
        .map(Cursor::into_inner)
        .map_err(|e| e.to_string())
}

fn put(
    z: &mut ZipWriter<Cursor<Vec<u8>>>,
    name: &str,
    bytes: &[u8],
    opts: SimpleFileOptions,
) -> Result<(), String> {
    z.start_file(name, opts).map_err(|e| e.to_string())?;
    z.write_all(bytes).map_err(|e| e.to_string())
}
