//! What a catalog needs to know of an EPUB, read from its package document (the OPF):
//! title, authors, language, date, publication (the `belongs-to-collection` broadsheet
//! writes, else `dc:publisher`), `dcterms:modified` and the cover picture. Works on any
//! EPUB 2 or 3, not only broadsheet's; a book it cannot read is an error for that book.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::Read;

/// Largest package document or container file read (a real one is a few kB).
const MAX_XML_BYTES: u64 = 4 << 20;

/// The metadata of one EPUB.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookInfo {
    pub identifier: Option<String>,
    pub title: Option<String>,
    pub creators: Vec<String>,
    pub language: Option<String>,
    /// `dc:date` as written.
    pub date: Option<String>,
    pub publisher: Option<String>,
    /// `belongs-to-collection`.
    pub collection: Option<String>,
    /// `dcterms:modified`.
    pub modified: Option<String>,
    /// The cover picture: bytes and media type.
    pub cover: Option<(Vec<u8>, String)>,
}

/// Reads `bytes` as an EPUB (a ZIP): the container names the package document.
pub fn read_epub(bytes: &[u8], max_cover_bytes: u64) -> Result<BookInfo, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not an EPUB (ZIP): {e}"))?;
    let container = entry(&mut zip, "META-INF/container.xml", MAX_XML_BYTES)?;
    let opf_path =
        rootfile(&container).ok_or("META-INF/container.xml names no package document")?;
    let opf = entry(&mut zip, &opf_path, MAX_XML_BYTES)?;
    let (mut info, cover) = parse_opf(&opf)?;
    if let Some((href, media_type)) = cover {
        let dir = opf_path.rsplit_once('/').map_or("", |(d, _)| d);
        let path = resolve(dir, &href);
        // A missing or oversized cover only means an entry without a picture.
        if let Ok(bytes) = entry(&mut zip, &path, max_cover_bytes) {
            info.cover = Some((bytes, media_type));
        }
    }
    Ok(info)
}

fn entry(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    max: u64,
) -> Result<Vec<u8>, String> {
    let file = zip.by_name(name).map_err(|e| format!("{name}: {e}"))?;
    if file.size() > max {
        return Err(format!("{name}: larger than {max} bytes"));
    }
    let mut out = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("{name}: {e}"))?;
    if out.len() as u64 > max {
        return Err(format!("{name}: larger than {max} bytes"));
    }
    Ok(out)
}

/// `a/b` + `../c/d.png` → `a/c/d.png`; percent-escapes in hrefs decoded.
fn resolve(dir: &str, href: &str) -> String {
    let href = percent_decode(href.split(['#', '?']).next().unwrap_or(""));
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in href.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn local(name: &[u8]) -> &[u8] {
    name.rsplit(|&c| c == b':').next().unwrap_or(name)
}

fn attr(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// The `full-path` of the first `rootfile` in `container.xml`.
fn rootfile(xml: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if local(e.name().as_ref()) == b"rootfile" => {
                return attr(&e, b"full-path");
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// Metadata and the cover's (href, media type) from a package document.
pub fn parse_opf(xml: &[u8]) -> Result<(BookInfo, Option<(String, String)>), String> {
    let mut reader = Reader::from_reader(xml);
    let mut package = Package::default();
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("package document: {e}"))?;
        match event {
            Event::Start(e) => package.start(&e),
            Event::Empty(e) => package.empty(&e),
            // Entity references come as their own events.
            Event::Text(t) => {
                if let Ok(s) = t.decode() {
                    package.text(&s);
                }
            }
            Event::GeneralRef(r) => {
                if let Ok(name) = r.decode() {
                    let entity = format!("&{name};");
                    package.text(&quick_xml::escape::unescape(&entity).unwrap_or_default());
                }
            }
            Event::CData(t) => package.text(&String::from_utf8_lossy(&t)),
            Event::End(_) => package.end(),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(package.finish())
}

/// A manifest item: id, href, media type, properties.
type Item = (String, String, String, String);

/// What the package document has said so far.
#[derive(Default)]
struct Package {
    info: BookInfo,
    /// The element whose text is being read: (local name, `id` of an identifier or
    /// `property` of a meta, `refines`).
    open: Option<(Vec<u8>, Option<String>, Option<String>)>,
    text: String,
    /// The package's `unique-identifier`, and every identifier with its `id`.
    uid: Option<String>,
    identifiers: Vec<(Option<String>, String)>,
    /// EPUB 2's `<meta name="cover" content="ID">`.
    cover_id: Option<String>,
    items: Vec<Item>,
}

impl Package {
    fn start(&mut self, e: &BytesStart) {
        let name = local(e.name().as_ref()).to_vec();
        if name == b"package" {
            self.uid = attr(e, b"unique-identifier");
        }
        if matches!(
            name.as_slice(),
            b"title" | b"creator" | b"language" | b"date" | b"publisher" | b"identifier" | b"meta"
        ) {
            let key = if name == b"identifier" {
                attr(e, b"id")
            } else {
                attr(e, b"property")
            };
            self.open = Some((name, key, attr(e, b"refines")));
            self.text.clear();
        }
    }

    fn empty(&mut self, e: &BytesStart) {
        let qname = e.name();
        let name = local(qname.as_ref());
        if name == b"meta" && attr(e, b"name").as_deref() == Some("cover") {
            self.cover_id = attr(e, b"content");
        } else if name == b"item" {
            self.items.push((
                attr(e, b"id").unwrap_or_default(),
                attr(e, b"href").unwrap_or_default(),
                attr(e, b"media-type").unwrap_or_default(),
                attr(e, b"properties").unwrap_or_default(),
            ));
        }
    }

    fn text(&mut self, s: &str) {
        if self.open.is_some() {
            self.text.push_str(s);
        }
    }

    fn end(&mut self) {
        let Some((name, key, refines)) = self.open.take() else {
            return;
        };
        let value = self.text.trim().to_string();
        if value.is_empty() {
            return;
        }
        let info = &mut self.info;
        let first = |slot: &mut Option<String>| {
            if slot.is_none() {
                *slot = Some(value.clone());
            }
        };
        match name.as_slice() {
            b"title" => first(&mut info.title),
            b"creator" => info.creators.push(value.clone()),
            b"language" => first(&mut info.language),
            b"date" => first(&mut info.date),
            b"publisher" => first(&mut info.publisher),
            b"identifier" => self.identifiers.push((key, value.clone())),
            b"meta" if refines.is_none() => match key.as_deref() {
                Some("dcterms:modified") => first(&mut info.modified),
                Some("belongs-to-collection") => first(&mut info.collection),
                _ => {}
            },
            _ => {}
        }
    }

    /// The book's identifier (the one the package names, else the first) and its cover.
    fn finish(self) -> (BookInfo, Option<(String, String)>) {
        let mut info = self.info;
        info.identifier = self
            .identifiers
            .iter()
            .find(|(id, _)| id.is_some() && *id == self.uid)
            .or(self.identifiers.first())
            .map(|(_, v)| v.clone());
        // EPUB 3 marks the cover in the manifest; EPUB 2 names it in a meta.
        let items = &self.items;
        let cover = items
            .iter()
            .find(|(_, _, _, props)| props.split_whitespace().any(|p| p == "cover-image"))
            .or_else(|| {
                let id = self.cover_id.as_deref()?;
                items.iter().find(|(i, _, _, _)| i == id)
            })
            .filter(|(_, href, media, _)| !href.is_empty() && media.starts_with("image/"))
            .map(|(_, href, media, _)| (href.clone(), media.clone()));
        (info, cover)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPF: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="isbn">isbn-1</dc:identifier>
<dc:identifier id="uid">urn:uuid:1234</dc:identifier>
<dc:title>头发 &amp; 发展</dc:title>
<dc:language>zh-CN</dc:language>
<dc:creator id="creator1">张三</dc:creator>
<dc:creator id="creator2">李四</dc:creator>
<dc:publisher>德州日报社</dc:publisher>
<dc:date>2023-12-18</dc:date>
<meta property="belongs-to-collection" id="publication">乐陵市报</meta>
<meta refines="#publication" property="collection-type">series</meta>
<meta property="dcterms:modified">2023-12-18T00:00:00Z</meta>
<meta name="cover" content="cover-image"/>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image"/>
</manifest>
</package>"##;

    #[test]
    fn reads_broadsheet_package_metadata() {
        let (info, cover) = parse_opf(OPF.as_bytes()).unwrap();
        assert_eq!(info.title.as_deref(), Some("头发 & 发展"));
        assert_eq!(info.identifier.as_deref(), Some("urn:uuid:1234"));
        assert_eq!(info.creators, vec!["张三", "李四"]);
        assert_eq!(info.language.as_deref(), Some("zh-CN"));
        assert_eq!(info.date.as_deref(), Some("2023-12-18"));
        assert_eq!(info.publisher.as_deref(), Some("德州日报社"));
        assert_eq!(info.collection.as_deref(), Some("乐陵市报"));
        assert_eq!(info.modified.as_deref(), Some("2023-12-18T00:00:00Z"));
        assert_eq!(
            cover,
            Some(("images/cover.png".to_string(), "image/png".to_string()))
        );
    }

    #[test]
    fn epub2_cover_meta_and_bad_xml() {
        let opf = OPF.replace(" properties=\"cover-image\"", "");
        let (_, cover) = parse_opf(opf.as_bytes()).unwrap();
        assert_eq!(cover.map(|c| c.0).as_deref(), Some("images/cover.png"));
        assert!(parse_opf(b"<package><metadata><dc:title>x</metadata>").is_err());
        assert!(read_epub(b"not a zip", 1000).is_err());
    }

    #[test]
    fn hrefs_resolve_against_the_package_folder() {
        assert_eq!(resolve("OEBPS", "images/c%20d.png"), "OEBPS/images/c d.png");
        assert_eq!(resolve("a/b", "../c.png#x"), "a/c.png");
        assert_eq!(resolve("", "c.png"), "c.png");
    }
}
