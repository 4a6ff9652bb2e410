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

/// Deflate level for pages, stylesheet and font. On the 200-article bench edition
/// (docs/epub-bench.md) zlib-rs level 1 writes the book in ~30 ms against ~47 ms at
/// level 2 and ~70 ms at level 3, for a book 24% larger (1.83 MB against 1.48 MB).
/// E-books are read from local storage, so speed wins; raise this to trade it back.
const LEVEL: i64 = 1;

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
    /// The newspaper, as the collection (series) the book belongs to: what a catalog
    /// (`broadsheet catalog`) and readers that show series group books by.
    pub publication: Option<String>,
    /// `CCYY-MM-DDThh:mm:ssZ`.
    pub modified: String,
}

/// What the package document lists. Borrowed: the files themselves stay with the caller.
#[derive(Debug, Clone)]
pub struct Package<'a> {
    pub meta: &'a Metadata,
    /// Manifest, in the order files are stored.
    pub manifest: &'a [&'a Resource],
    /// Ids of the reading order.
    pub spine: &'a [String],
    /// Id of the EPUB 2 cover image, for readers that look for `<meta name="cover">`.
    pub cover_image: Option<&'a str>,
    /// Pages turn right to left (vertical writing).
    pub rtl: bool,
}

/// `content.opf`.
pub fn opf(p: &Package) -> String {
    let m = p.meta;
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
    if let Some(p) = &m.publication {
        out.push_str("<meta property=\"belongs-to-collection\" id=\"publication\">");
        push_escaped(&mut out, p);
        out.push_str(
            "</meta>\n<meta refines=\"#publication\" property=\"collection-type\">series</meta>\n",
        );
    }
    out.push_str(&format!(
        "<meta property=\"dcterms:modified\">{}</meta>\n",
        escape(&m.modified)
    ));
    if p.rtl {
        // Kindle's reading systems look for this instead of the spine attribute.
        out.push_str("<meta name=\"primary-writing-mode\" content=\"vertical-rl\"/>\n");
    }
    if let Some(id) = p.cover_image {
        out.push_str(&format!(
            "<meta name=\"cover\" content=\"{}\"/>\n",
            escape(id)
        ));
    }
    out.push_str("</metadata>\n<manifest>\n");
    for r in p.manifest {
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
    out.push_str("</manifest>\n<spine toc=\"ncx\"");
    if p.rtl {
        out.push_str(" page-progression-direction=\"rtl\"");
    }
    out.push_str(">\n");
    for id in p.spine {
        out.push_str(&format!("<itemref idref=\"{}\"/>\n", escape(id)));
    }
    out.push_str("</spine>\n</package>\n");
    out
}

const CONTAINER_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n\
</container>\n";

/// The EPUB file from its content files. `stamp` is the one timestamp every entry
/// carries. `finish` gets the content identifier (`urn:uuid:…`, a UUID v5 of every
/// file's path and bytes) and returns the package document and the one file that must
/// name the identifier too (toc.ncx); both go into the ZIP last.
///
/// Deflating the pages is most of the work, so the content is compressed in two halves
/// on two threads, each into a ZIP of its own that also hashes its half; the entries are
/// then copied raw, in manifest order, into the book. Compression of one entry does not
/// depend on the others, so the bytes are the same as a one-thread run.
pub fn zip(
    content: &[Resource],
    stamp: Option<Date>,
    finish: impl FnOnce(&str) -> (String, Resource),
) -> Result<Vec<u8>, String> {
    let opts = EntryOptions::new(stamp);
    let (first, second) = content.split_at(half_split(content));
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| compress(second, &opts));
        let a = compress(first, &opts);
        let b = other
            .join()
            .unwrap_or_else(|_| Err("compression thread failed".to_string()));
        (a, b)
    });
    let ((a, id_a), (b, id_b)) = (a?, b?);
    let identifier = format!(
        "urn:uuid:{}",
        uuid::Uuid::new_v5(
            &ID_NAMESPACE,
            &[id_a.as_bytes().as_slice(), id_b.as_bytes()].concat()
        )
    );
    let (opf, last) = finish(&identifier);
    assemble(&opts, &opf, [a, b], &last)
}

/// The zip entry options: every entry dated `stamp` (or the zip epoch), pictures stored,
/// the rest deflated.
struct EntryOptions {
    stored: SimpleFileOptions,
    deflated: SimpleFileOptions,
}

impl EntryOptions {
    fn new(stamp: Option<Date>) -> Self {
        let time = stamp
            .and_then(|d| zip::DateTime::from_date_and_time(d.year, d.month, d.day, 0, 0, 0).ok())
            .unwrap_or_default();
        let base = SimpleFileOptions::default()
            .last_modified_time(time)
            .unix_permissions(0o644);
        EntryOptions {
            stored: base.compression_method(CompressionMethod::Stored),
            deflated: base
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(LEVEL)),
        }
    }

    fn for_resource(&self, r: &Resource) -> SimpleFileOptions {
        // Pictures are compressed already; deflating them again only costs time.
        if r.media_type.starts_with("image/") {
            self.stored
        } else {
            self.deflated
        }
    }
}

/// Where to split `content` so that half of the bytes to deflate are on each side.
fn half_split(content: &[Resource]) -> usize {
    let weight = |r: &Resource| {
        if r.media_type.starts_with("image/") {
            0
        } else {
            r.bytes.len()
        }
    };
    let total: usize = content.iter().map(weight).sum();
    let mut acc = 0;
    content
        .iter()
        .position(|r| {
            acc += weight(r);
            acc * 2 >= total
        })
        .map_or(content.len(), |i| i + 1)
}

/// One part of the book as a zip of its own, and a v5 UUID of its paths and bytes.
fn compress(part: &[Resource], opts: &EntryOptions) -> Result<(Vec<u8>, uuid::Uuid), String> {
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    let mut named = Vec::new();
    for r in part {
        put(
            &mut z,
            &format!("{ROOT}/{}", r.path),
            &r.bytes,
            opts.for_resource(r),
        )?;
        named.extend_from_slice(r.path.as_bytes());
        named.extend_from_slice(&(r.bytes.len() as u64).to_be_bytes());
        named.extend_from_slice(&r.bytes);
    }
    let zip = z
        .finish()
        .map(Cursor::into_inner)
        .map_err(|e| e.to_string())?;
    Ok((zip, uuid::Uuid::new_v5(&ID_NAMESPACE, &named)))
}

/// The EPUB: `mimetype` first and stored, the container and the package document, the
/// parts' entries copied raw (already deflated), then `last`.
fn assemble(
    opts: &EntryOptions,
    opf: &str,
    parts: [Vec<u8>; 2],
    last: &Resource,
) -> Result<Vec<u8>, String> {
    let size = parts.iter().map(Vec::len).sum::<usize>() + last.bytes.len() + (1 << 16);
    let mut z = ZipWriter::new(Cursor::new(Vec::with_capacity(size)));
    put(&mut z, "mimetype", b"application/epub+zip", opts.stored)?;
    put(
        &mut z,
        "META-INF/container.xml",
        CONTAINER_XML.as_bytes(),
        opts.deflated,
    )?;
    put(
        &mut z,
        &format!("{ROOT}/content.opf"),
        opf.as_bytes(),
        opts.deflated,
    )?;
    for part in parts {
        let mut archive = zip::ZipArchive::new(Cursor::new(part)).map_err(|e| e.to_string())?;
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|e| e.to_string())?;
            z.raw_copy_file(entry).map_err(|e| e.to_string())?;
        }
    }
    put(
        &mut z,
        &format!("{ROOT}/{}", last.path),
        &last.bytes,
        opts.for_resource(last),
    )?;
    z.finish()
        .map(Cursor::into_inner)
        .map_err(|e| e.to_string())
}

/// Namespace of our content-derived UUIDs (a v5 UUID itself, so ids never collide with
/// other tools' v5 ids over the same bytes).
const ID_NAMESPACE: uuid::Uuid = uuid::uuid!("5d0c4c1e-2b7a-5b36-9a51-6f0e3c1d9b42");

fn put(
    z: &mut ZipWriter<Cursor<Vec<u8>>>,
    name: &str,
    bytes: &[u8],
    opts: SimpleFileOptions,
) -> Result<(), String> {
    z.start_file(name, opts).map_err(|e| e.to_string())?;
    z.write_all(bytes).map_err(|e| e.to_string())
}
