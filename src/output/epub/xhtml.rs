//! Article pages: one [`Article`] in, one XHTML content document out (plus the ids of
//! its section headings, for the navigation). Images are resolved through
//! [`Images`], which owns the files and the warnings about the ones it could not use.

use super::images::Images;
use super::xml::{escape, push_escaped};
use crate::model::{Article, Block, Inline};

/// Where the stylesheet is, seen from a document in `text/`.
const CSS_FROM_TEXT: &str = "../style.css";

/// One article, rendered.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// The title a reader sees in the navigation and the window (`display_title`).
    pub title: String,
    /// Section headings in order: (fragment id, text).
    pub headings: Vec<(String, String)>,
    pub xhtml: String,
}

/// What the header line under the headline shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dateline {
    /// Only the page label: the book's title already names publication and date.
    PageOnly,
    /// Publication, date and page: the article stands alone.
    Full,
}

/// Renders `article` as a complete XHTML document in language `lang`.
pub fn chapter(article: &Article, lang: &str, dateline: Dateline, images: &mut Images) -> Chapter {
    let title = article.display_title();
    let mut body = String::with_capacity(8192);
    body.push_str("<article>\n");
    write_header(article, dateline, &mut body);
    let mut headings = Vec::new();
    for block in &article.body {
        if let Block::Heading { text, .. } = block {
            // A heading with no words would be an empty nav entry (invalid EPUB) and
            // shows nothing: leave it out.
            if text.trim().is_empty() {
                continue;
            }
            // Ids follow `Article::headings()` order, so the nav can name them.
            let id = format!("s{}", headings.len() + 1);
            write_block(block, Some(&id), article, images, &mut body);
            headings.push((id, text.clone()));
        } else {
            write_block(block, None, article, images, &mut body);
        }
    }
    if let Some(note) = article.editorial_note() {
        body.push_str("<p class=\"editorial\">");
        push_escaped(&mut body, &note);
        body.push_str("</p>\n");
    }
    body.push_str("</article>\n");
    let xhtml = document(lang, &title, Some(CSS_FROM_TEXT), "", &body);
    Chapter {
        title,
        headings,
        xhtml,
    }
}

/// A complete XHTML5 document. `lang` goes on both `lang` and `xml:lang` (EPUB readers
/// use either); `body_class` may be empty.
pub fn document(
    lang: &str,
    title: &str,
    css: Option<&str>,
    body_class: &str,
    body: &str,
) -> String {
    let lang = escape(lang);
    let mut out = String::with_capacity(body.len() + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    out.push_str(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"",
    );
    out.push_str(&format!(
        " lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<title>"
    ));
    push_escaped(&mut out, title);
    out.push_str("</title>\n");
    if let Some(href) = css {
        out.push_str(&format!(
            "<link rel=\"stylesheet\" type=\"text/css\" href=\"{}\"/>\n",
            escape(href)
        ));
    }
    out.push_str("</head>\n");
    if body_class.is_empty() {
        out.push_str("<body>\n");
    } else {
        out.push_str(&format!("<body class=\"{}\">\n", escape(body_class)));
    }
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

fn write_header(a: &Article, dateline: Dateline, out: &mut String) {
    let m = &a.meta;
    out.push_str("<header>\n");
    let line = |out: &mut String, class: &str, text: &str| {
        out.push_str(&format!("<p class=\"{class}\">"));
        push_escaped(out, text);
        out.push_str("</p>\n");
    };
    if let Some(k) = non_empty(&m.kicker) {
        line(out, "kicker", k);
    }
    // No headline: the title lives in <title> and the nav only, so the body does not
    // repeat its own first sentence as a fake headline.
    if let Some(h) = non_empty(&m.headline) {
        out.push_str("<h1>");
        push_escaped(out, h);
        out.push_str("</h1>\n");
    }
    if let Some(s) = non_empty(&m.subtitle) {
        line(out, "subtitle", s);
    }
    // Editors are credited at the article's end (see `chapter`), not in the byline.
    let byline: Vec<_> = m.credits.iter().filter(|c| !c.is_editorial()).collect();
    if !byline.is_empty() {
        out.push_str("<p class=\"credits\">");
        for (i, c) in byline.into_iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str("<span class=\"credit\">");
            let role = c.role.trim();
            if !role.is_empty() {
                push_escaped(out, role);
                out.push(' ');
            }
            push_escaped(out, c.name.trim());
            out.push_str("</span>");
        }
        out.push_str("</p>\n");
    }
    let mut parts: Vec<String> = Vec::new();
    if dateline == Dateline::Full {
        parts.extend(non_empty(&m.publication).map(str::to_string));
        parts.extend(m.date.map(|d| d.to_string()));
    }
    if m.page.is_some() || m.page_name.is_some() {
        parts.push(page_label(m.page.as_deref(), m.page_name.as_deref()));
    }
    if !parts.is_empty() {
        line(out, "dateline", &parts.join(" "));
    }
    out.push_str("</header>\n");
}

/// Same wording as `PageGroup::label`, for an article on its own.
pub fn page_label(page: Option<&str>, name: Option<&str>) -> String {
    crate::model::PageGroup {
        page: page.map(str::to_string),
        page_name: name.map(str::to_string),
        articles: Vec::new(),
    }
    .label()
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn write_block(
    block: &Block,
    id: Option<&str>,
    a: &Article,
    images: &mut Images,
    out: &mut String,
) {
    match block {
        Block::Heading { level, text } => {
            // h1 is the headline; article headings start at h2 like Markdown `##`.
            let n = (*level).clamp(2, 6);
            match id {
                Some(id) => out.push_str(&format!("<h{n} id=\"{}\">", escape(id))),
                None => out.push_str(&format!("<h{n}>")),
            }
            push_escaped(out, text);
            out.push_str(&format!("</h{n}>\n"));
        }
        Block::Paragraph { content } => {
            out.push_str("<p>");
            write_inlines(content, out);
            out.push_str("</p>\n");
        }
        Block::Image { src, alt, caption } => {
            let caption = caption.as_deref().map(str::trim).filter(|c| !c.is_empty());
            let alt = if alt.trim().is_empty() {
                caption.unwrap_or("")
            } else {
                alt.trim()
            };
            match images.resolve(a, src) {
                Some(href) => {
                    out.push_str("<figure>\n<img src=\"../");
                    push_escaped(out, &href);
                    out.push_str("\" alt=\"");
                    push_escaped(out, alt);
                    out.push_str("\"/>\n");
                    if let Some(c) = caption {
                        out.push_str("<figcaption>");
                        push_escaped(out, c);
                        out.push_str("</figcaption>\n");
                    }
                    out.push_str("</figure>\n");
                }
                // The picture is gone but its words are not: keep them for the reader.
                None => {
                    let words = caption.unwrap_or(alt);
                    if !words.is_empty() {
                        out.push_str("<figure class=\"missing\">\n<figcaption>");
                        push_escaped(out, words);
                        out.push_str("</figcaption>\n</figure>\n");
                    }
                }
            }
        }
        Block::Quote { content } => {
            out.push_str("<blockquote>\n");
            for b in content {
                write_block(b, None, a, images, out);
            }
            out.push_str("</blockquote>\n");
        }
    }
}

fn write_inlines(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => push_escaped(out, text),
            Inline::Strong { content } => {
                out.push_str("<strong>");
                write_inlines(content, out);
                out.push_str("</strong>");
            }
            Inline::Emphasis { content } => {
                out.push_str("<em>");
                write_inlines(content, out);
                out.push_str("</em>");
            }
            Inline::Link { href, content } => match safe_href(href) {
                Some(h) => {
                    out.push_str("<a href=\"");
                    push_escaped(out, &h);
                    out.push_str("\">");
                    write_inlines(content, out);
                    out.push_str("</a>");
                }
                None => write_inlines(content, out),
            },
            Inline::LineBreak => out.push_str("<br/>"),
        }
    }
}

/// A link target the book can keep: absolute `http`, `https` or `mailto` URLs only.
/// Relative links point into the scraped site, which is not in the book, and EPUBCheck
/// reports every dangling one as an error; so those keep their text and lose the link.
/// Non-ASCII is percent-encoded; whitespace or quotes mean a broken URL, also dropped.
pub fn safe_href(href: &str) -> Option<String> {
    let h = href.trim();
    let lower = h.to_ascii_lowercase();
    let scheme_len = ["https://", "http://", "mailto:"]
        .iter()
        .find(|s| lower.starts_with(*s))?
        .len();
    if h.len() <= scheme_len
        || h.chars().any(|c| c.is_whitespace() || c.is_control())
        || h.contains(['"', '<', '>', '\\', '^', '`', '{', '|', '}'])
    {
        return None;
    }
    let mut out = String::with_capacity(h.len());
    for c in h.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_odd_links_are_dropped() {
        assert_eq!(safe_href("../node_2.htm"), None);
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href("http://a b"), None);
        assert_eq!(safe_href("https://"), None);
    }

    #[test]
    fn absolute_links_are_kept_and_percent_encoded() {
        assert_eq!(
            safe_href(" https://x.cn/a?b=1&c=2 ").as_deref(),
            Some("https://x.cn/a?b=1&c=2")
        );
        assert_eq!(
            safe_href("http://x.cn/新闻").as_deref(),
            Some("http://x.cn/%E6%96%B0%E9%97%BB")
        );
    }
}
