//! `index.html`: the catalog for a browser. One static page, no script: publications,
//! their dates (newest first), each date's books with cover, title, authors and EPUB/PDF
//! links. It names the OPDS feed (`<link rel="alternate">`) so readers can find it.

use super::{Shelf, href};
use crate::output::epub::xml::escape;

const STYLE: &str = "body{font-family:\"Noto Serif CJK SC\",\"Noto Serif SC\",serif;margin:2em auto;max-width:48em;padding:0 1em;line-height:1.6}\
h1{font-size:1.6em}h2{border-bottom:1px solid #999;margin-top:2em}h3{font-size:1.05em;color:#444}\
ul{list-style:none;padding:0}li{display:flex;gap:1em;align-items:flex-start;margin:0.6em 0}\
img{width:4em;height:auto;border:1px solid #ccc}.authors{color:#555;font-size:0.9em}\
a.format{margin-right:0.8em}";

pub fn index(shelf: &Shelf) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    out.push_str("<title>broadsheet</title>\n");
    out.push_str(
        "<link rel=\"alternate\" type=\"application/atom+xml;profile=opds-catalog;kind=navigation\" \
         href=\"catalog.xml\" title=\"OPDS\"/>\n",
    );
    out.push_str(&format!(
        "<style>{STYLE}</style>\n</head>\n<body>\n<h1>broadsheet</h1>\n"
    ));
    let books: usize = shelf
        .publications
        .iter()
        .flat_map(|p| &p.days)
        .map(|d| d.books.len())
        .sum();
    out.push_str(&format!(
        "<p>{} 种报刊，{books} 本。<a href=\"catalog.xml\">OPDS 目录</a>（KOReader、Thorium 等阅读器可订阅）</p>\n",
        shelf.publications.len()
    ));
    if !shelf.publications.is_empty() {
        out.push_str("<nav><ul>\n");
        for (i, p) in shelf.publications.iter().enumerate() {
            out.push_str(&format!(
                "<li><a href=\"#p{}\">{}</a></li>\n",
                i + 1,
                escape(&p.name)
            ));
        }
        out.push_str("</ul></nav>\n");
    }
    for (i, p) in shelf.publications.iter().enumerate() {
        out.push_str(&format!(
            "<section id=\"p{}\">\n<h2>{}</h2>\n",
            i + 1,
            escape(&p.name)
        ));
        for d in &p.days {
            let day = d
                .date
                .map_or_else(|| "未注明日期".to_string(), |d| d.to_string());
            out.push_str(&format!("<h3>{day}</h3>\n<ul>\n"));
            for b in &d.books {
                out.push_str("<li>");
                if let Some((name, _, _)) = &b.cover {
                    out.push_str(&format!(
                        "<img src=\"opds/covers/{}\" alt=\"\"/>",
                        href(name)
                    ));
                }
                out.push_str(&format!(
                    "<div><div class=\"title\">{}</div>",
                    escape(&b.title)
                ));
                if !b.authors.is_empty() {
                    out.push_str(&format!(
                        "<div class=\"authors\">{}</div>",
                        escape(&b.authors.join("、"))
                    ));
                }
                out.push_str("<div>");
                let target = href(&b.stem);
                if b.epub {
                    out.push_str(&format!(
                        "<a class=\"format\" href=\"{target}.epub\">EPUB</a>"
                    ));
                }
                if b.pdf {
                    out.push_str(&format!(
                        "<a class=\"format\" href=\"{target}.pdf\">PDF</a>"
                    ));
                }
                out.push_str("</div></div></li>\n");
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
