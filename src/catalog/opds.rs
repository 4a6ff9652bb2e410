//! The OPDS 1.2 feeds (Atom): `catalog.xml`, the root navigation feed listing the
//! publications; `opds/<pub>.xml`, a navigation feed per publication listing its dates;
//! `opds/<pub>-<date>.xml`, an acquisition feed per date listing the books with their
//! EPUB/PDF acquisition links and covers. Links are relative, so the folder can be served
//! from any static host or path.

use super::{Book, Day, Publication, Shelf, href, urn};
use crate::output::epub::xml::{escape, push_escaped};

const NAVIGATION: &str = "application/atom+xml;profile=opds-catalog;kind=navigation";
const ACQUISITION: &str = "application/atom+xml;profile=opds-catalog;kind=acquisition";
const ROOT: &str = "catalog.xml";

/// Every feed: (path relative to the catalog folder, bytes).
pub fn files(shelf: &Shelf) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![(ROOT.to_string(), root(shelf).into_bytes())];
    for p in &shelf.publications {
        out.push((format!("opds/{}", p.feed), publication(p).into_bytes()));
        for d in &p.days {
            out.push((format!("opds/{}", d.feed), day(p, d).into_bytes()));
        }
    }
    out
}

/// The feed element's head: id, title, updated, author, self/start/up links.
fn head(out: &mut String, id: &str, title: &str, updated: &str, links: &[(&str, String, &str)]) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/terms/\" \
         xmlns:opds=\"http://opds-spec.org/2010/catalog\">\n",
    );
    out.push_str(&format!("<id>{}</id>\n<title>", escape(id)));
    push_escaped(out, title);
    out.push_str(&format!(
        "</title>\n<updated>{}</updated>\n",
        escape(updated)
    ));
    out.push_str("<author><name>broadsheet</name></author>\n");
    for (rel, target, kind) in links {
        link(out, rel, target, kind, None);
    }
}

fn link(out: &mut String, rel: &str, target: &str, kind: &str, title: Option<&str>) {
    out.push_str(&format!(
        "<link rel=\"{}\" href=\"{}\" type=\"{}\"",
        escape(rel),
        escape(target),
        escape(kind)
    ));
    if let Some(t) = title {
        out.push_str(&format!(" title=\"{}\"", escape(t)));
    }
    out.push_str("/>\n");
}

/// A navigation entry pointing at another feed.
fn nav_entry(
    out: &mut String,
    id: &str,
    title: &str,
    updated: &str,
    summary: &str,
    target: &str,
    kind: &str,
) {
    out.push_str(&format!(
        "<entry>\n<title>{}</title>\n<id>{}</id>\n<updated>{}</updated>\n",
        escape(title),
        escape(id),
        escape(updated)
    ));
    out.push_str(&format!(
        "<content type=\"text\">{}</content>\n",
        escape(summary)
    ));
    link(out, "subsection", target, kind, None);
    out.push_str("</entry>\n");
}

fn root(shelf: &Shelf) -> String {
    let mut out = String::new();
    head(
        &mut out,
        &urn("catalog"),
        "broadsheet",
        &shelf.updated,
        &[
            ("self", ROOT.to_string(), NAVIGATION),
            ("start", ROOT.to_string(), NAVIGATION),
        ],
    );
    for p in &shelf.publications {
        let books: usize = p.days.iter().map(|d| d.books.len()).sum();
        nav_entry(
            &mut out,
            &urn(&format!("publication:{}", p.name)),
            &p.name,
            &p.updated,
            &format!("{} 期，{books} 本", p.days.len()),
            &format!("opds/{}", href(&p.feed)),
            NAVIGATION,
        );
    }
    out.push_str("</feed>\n");
    out
}

fn day_title(d: &Day) -> String {
    d.date
        .map_or_else(|| "未注明日期".to_string(), |d| d.to_string())
}

fn publication(p: &Publication) -> String {
    let mut out = String::new();
    let up = format!("../{ROOT}");
    head(
        &mut out,
        &urn(&format!("publication:{}", p.name)),
        &p.name,
        &p.updated,
        &[
            ("self", href(&p.feed), NAVIGATION),
            ("start", up.clone(), NAVIGATION),
            ("up", up, NAVIGATION),
        ],
    );
    for d in &p.days {
        nav_entry(
            &mut out,
            &urn(&format!("day:{}:{}", p.name, day_title(d))),
            &day_title(d),
            &d.updated,
            &format!("{} 本", d.books.len()),
            &href(&d.feed),
            ACQUISITION,
        );
    }
    out.push_str("</feed>\n");
    out
}

fn day(p: &Publication, d: &Day) -> String {
    let mut out = String::new();
    head(
        &mut out,
        &urn(&format!("day:{}:{}", p.name, day_title(d))),
        &format!("{} {}", p.name, day_title(d)),
        &d.updated,
        &[
            ("self", href(&d.feed), ACQUISITION),
            ("start", format!("../{ROOT}"), NAVIGATION),
            ("up", href(&p.feed), NAVIGATION),
        ],
    );
    for b in &d.books {
        book_entry(&mut out, b);
    }
    out.push_str("</feed>\n");
    out
}

fn book_entry(out: &mut String, b: &Book) {
    out.push_str("<entry>\n<title>");
    push_escaped(out, &b.title);
    out.push_str("</title>\n");
    // The EPUB's own identifier when it is a URI; else one derived from the path.
    let id = b
        .identifier
        .clone()
        .filter(|i| i.contains(':') && !i.contains(char::is_whitespace))
        .unwrap_or_else(|| urn(&format!("book:{}", b.stem)));
    out.push_str(&format!(
        "<id>{}</id>\n<updated>{}</updated>\n",
        escape(&id),
        escape(&b.updated)
    ));
    for a in &b.authors {
        out.push_str("<author><name>");
        push_escaped(out, a);
        out.push_str("</name></author>\n");
    }
    if let Some(l) = &b.lang {
        out.push_str(&format!("<dc:language>{}</dc:language>\n", escape(l)));
    }
    if let Some(d) = b.date {
        out.push_str(&format!("<dc:issued>{d}</dc:issued>\n"));
    }
    if let Some(p) = &b.publication {
        out.push_str("<dc:publisher>");
        push_escaped(out, p);
        out.push_str("</dc:publisher>\n");
    }
    if let Some((name, _, media)) = &b.cover {
        let target = format!("covers/{}", href(name));
        link(out, "http://opds-spec.org/image", &target, media, None);
        link(
            out,
            "http://opds-spec.org/image/thumbnail",
            &target,
            media,
            None,
        );
    }
    let book = format!("../{}", href(&b.stem));
    if b.epub {
        link(
            out,
            "http://opds-spec.org/acquisition",
            &format!("{book}.epub"),
            "application/epub+zip",
            Some("EPUB"),
        );
    }
    if b.pdf {
        link(
            out,
            "http://opds-spec.org/acquisition",
            &format!("{book}.pdf"),
            "application/pdf",
            Some("PDF"),
        );
    }
    out.push_str("</entry>\n");
}
