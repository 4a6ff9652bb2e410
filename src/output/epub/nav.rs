//! Navigation: takes the book's table-of-contents tree, gives the EPUB 3 navigation
//! document (`nav.xhtml`: toc + landmarks) and the EPUB 2 `toc.ncx` with the same tree,
//! for older readers. Hrefs in the tree are relative to the package folder.

use super::xhtml::document;
use super::xml::{escape, push_escaped};

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavNode {
    pub label: String,
    pub href: String,
    pub children: Vec<NavNode>,
}

/// The landmarks every book of ours has.
pub struct Landmarks<'a> {
    pub cover: Option<&'a str>,
    pub toc: &'a str,
    pub bodymatter: &'a str,
}

/// `nav.xhtml`. `heading` is the visible title of the contents page.
pub fn nav_xhtml(lang: &str, heading: &str, tree: &[NavNode], landmarks: &Landmarks) -> String {
    let mut body = String::with_capacity(4096);
    body.push_str("<nav epub:type=\"toc\" id=\"toc\">\n<h1>");
    push_escaped(&mut body, heading);
    body.push_str("</h1>\n");
    write_ol(tree, 0, &mut body);
    body.push_str(
        "</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<ol>\n",
    );
    let mut mark = |kind: &str, href: &str, label: &str| {
        body.push_str(&format!(
            "<li><a epub:type=\"{kind}\" href=\"{}\">{label}</a></li>\n",
            escape(href)
        ));
    };
    if let Some(c) = landmarks.cover {
        mark("cover", c, "封面");
    }
    mark("toc", landmarks.toc, "目录");
    mark("bodymatter", landmarks.bodymatter, "正文");
    body.push_str("</ol>\n</nav>\n");
    document(lang, heading, Some("style.css"), "nav", &body)
}

fn write_ol(nodes: &[NavNode], depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    out.push_str(&indent);
    out.push_str("<ol>\n");
    for n in nodes {
        out.push_str(&indent);
        out.push_str("<li><a href=\"");
        push_escaped(out, &n.href);
        out.push_str("\">");
        push_escaped(out, &n.label);
        out.push_str("</a>");
        if !n.children.is_empty() {
            out.push('\n');
            write_ol(&n.children, depth + 1, out);
            out.push_str(&indent);
        }
        out.push_str("</li>\n");
    }
    out.push_str(&indent);
    out.push_str("</ol>\n");
}

/// `toc.ncx`. `uid` must equal the package's `dc:identifier` (EPUBCheck NCX-001).
/// `playOrder` numbers distinct targets in reading order, so a page entry and the first
/// article on that page (same file) share a number, as the NCX specification requires.
pub fn toc_ncx(lang: &str, uid: &str, title: &str, tree: &[NavNode]) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">\n<head>\n",
        escape(lang)
    ));
    out.push_str(&format!(
        "<meta name=\"dtb:uid\" content=\"{}\"/>\n",
        escape(uid)
    ));
    out.push_str(&format!(
        "<meta name=\"dtb:depth\" content=\"{}\"/>\n",
        depth(tree).max(1)
    ));
    out.push_str("<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n");
    out.push_str("</head>\n<docTitle><text>");
    push_escaped(&mut out, title);
    out.push_str("</text></docTitle>\n<navMap>\n");
    let mut order = PlayOrder::default();
    let mut next_id = 0usize;
    write_points(tree, 1, &mut order, &mut next_id, &mut out);
    out.push_str("</navMap>\n</ncx>\n");
    out
}

#[derive(Default)]
struct PlayOrder {
    seen: Vec<String>,
}

impl PlayOrder {
    fn of(&mut self, href: &str) -> usize {
        match self.seen.iter().position(|h| h == href) {
            Some(i) => i + 1,
            None => {
                self.seen.push(href.to_string());
                self.seen.len()
            }
        }
    }
}

fn write_points(
    nodes: &[NavNode],
    depth: usize,
    order: &mut PlayOrder,
    next_id: &mut usize,
    out: &mut String,
) {
    let indent = "  ".repeat(depth);
    for n in nodes {
        *next_id += 1;
        out.push_str(&format!(
            "{indent}<navPoint id=\"np{}\" playOrder=\"{}\">\n{indent}  <navLabel><text>",
            next_id,
            order.of(&n.href)
        ));
        push_escaped(out, &n.label);
        out.push_str("</text></navLabel>\n");
        out.push_str(&format!(
            "{indent}  <content src=\"{}\"/>\n",
            escape(&n.href)
        ));
        write_points(&n.children, depth + 1, order, next_id, out);
        out.push_str(&indent);
        out.push_str("</navPoint>\n");
    }
}

fn depth(nodes: &[NavNode]) -> usize {
    nodes
        .iter()
        .map(|n| 1 + depth(&n.children))
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str, href: &str, children: Vec<NavNode>) -> NavNode {
        NavNode {
            label: label.into(),
            href: href.into(),
            children,
        }
    }

    #[test]
    fn same_target_shares_play_order() {
        let tree = vec![node(
            "第A1版",
            "text/a001.xhtml",
            vec![node(
                "标题",
                "text/a001.xhtml",
                vec![node("小标题", "text/a001.xhtml#s1", vec![])],
            )],
        )];
        let ncx = toc_ncx("zh-CN", "urn:uuid:x", "t", &tree);
        assert_eq!(ncx.matches("playOrder=\"1\"").count(), 2);
        assert!(ncx.contains("playOrder=\"2\""));
        assert!(ncx.contains("<meta name=\"dtb:depth\" content=\"3\"/>"));
    }

    #[test]
    fn labels_are_escaped() {
        let tree = vec![node("A & <B>", "text/a001.xhtml", vec![])];
        assert!(
            nav_xhtml(
                "zh-CN",
                "目录",
                &tree,
                &Landmarks {
                    cover: None,
                    toc: "nav.xhtml#toc",
                    bodymatter: "text/a001.xhtml"
                }
            )
            .contains("A &amp; &lt;B&gt;")
        );
        assert!(toc_ncx("zh-CN", "u", "t", &tree).contains("A &amp; &lt;B&gt;"));
    }
}
