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
pub fn zip(p: &Package, stamp: Option<Date>) -> Result<Vec<u8>, String> {
    let time = stamp
        .and_then(|d| zip::DateTime::from_date_and_time(d.year, d.month, d.day, 0, 0, 0).ok())
        .unwrap_or_default();
    let base = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(0o644);
    let stored = base.compression_method(CompressionMethod::Stored);
    let deflated = base.compression_method(CompressionMethod::Deflated);
    let mut z = ZipWriter::new(Cursor::new(Vec::with_capacity(1 << 20)));
    let mut put = |name: &str, bytes: &[u8], opts: SimpleFileOptions| -> Result<(), String> {
        z.start_file(name, opts).map_err(|e| e.to_string())?;
        z.write_all(bytes).map_err(|e| e.to_string())
    };
    put("mimetype", b"application/epub+zip", stored)?;
    put("META-INF/container.xml", CONTAINER_XML.as_bytes(), deflated)?;
    put(&format!("{ROOT}/content.opf"), opf(p).as_bytes(), deflated)?;
    for r in &p.manifest {
        // Pictures are compressed already; deflating them again only costs time.
        let opts = if r.media_type.starts_with("image/") {
            stored
        } else {
            deflated
        };
        put(&format!("{ROOT}/{}", r.path), &r.bytes, opts)?;
    }
    z.finish()
        .map(Cursor::into_inner)
        .map_err(|e| e.to_string())
}
