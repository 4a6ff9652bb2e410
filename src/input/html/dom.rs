//! DOM helpers shared by the HTML readers: which elements never hold article text,
//! which break lines, how text nodes are counted and how whitespace collapses. Every
//! walk here is iterative (`ego_tree`'s `traverse` yields open/close edges), so nesting
//! depth never touches the call stack.

use crate::input::repair::{is_cjk_punct, is_han};
use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{Element, Node};

/// Elements whose content is never article text.
const DROPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "button", "select", "option", "textarea",
    "input", "nav", "aside", "footer", "svg", "canvas", "object", "embed", "head", "title",
    "audio", "video", "map", "link", "meta",
];

/// Substrings of a class or id that mark page furniture (comments, share bars, related
/// lists, ads, navigation), in English and in the pinyin Chinese sites use.
const FURNITURE: &[&str] = &[
    "comment",
    "share",
    "related",
    "relate-",
    "recommend",
    "footer",
    "sidebar",
    "breadcrumb",
    "banner",
    "toolbar",
    "pagination",
    "copyright",
    "login",
    "advert",
    "pinglun",
    "fenxiang",
    "xgxw",
    "xgwz",
    "tuijian",
    "hotnews",
    "hot-news",
    "ranking",
    "social",
    "subscribe",
    "weixin",
    "qrcode",
    "navbar",
    "topbar",
    "bottom-bar",
    "dianzan",
    "daodu",
];
/// Whole parts (split on `-`, `_` and spaces) that mark furniture.
const FURNITURE_PARTS: &[&str] = &[
    "ad", "ads", "adv", "gg", "nav", "menu", "hot", "rank", "pager", "header", "footer", "foot",
    "tools", "tool", "bshare", "jiathis", "fontsize", "prev", "next",
];

/// Block-level elements: they start and end lines and paragraphs.
pub fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "caption"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "pre"
            | "hr"
            | "dl"
            | "dt"
            | "dd"
            | "center"
            | "form"
            | "address"
            | "body"
            | "html"
            | "founder-content"
            | "fieldset"
            | "details"
            | "summary"
    )
}

/// Elements never shown or never article text, by tag or visibility (not by name).
pub fn is_hard_dropped(el: &scraper::node::Element) -> bool {
    DROPPED_TAGS.contains(&el.name())
        || el.attr("hidden").is_some()
        || el.attr("style").is_some_and(|s| {
            s.replace(' ', "")
                .to_ascii_lowercase()
                .contains("display:none")
        })
}

/// Furniture names that never wrap an article (comments, sharing, related lists,
/// footers): unlike `header`, `ad` or `login`, which sites also give to the frame
/// around the article.
const NEVER_FRAME: &[&str] = &[
    "comment",
    "pinglun",
    "reply",
    "related",
    "relate-",
    "recommend",
    "copyright",
    "footer",
    "share",
    "fenxiang",
    "xgxw",
    "xgwz",
    "tuijian",
];

/// True when the class or id of `el` names furniture that can also be the frame of an
/// article (`post_header`, `ads-float`, `articlelogin`).
pub fn weak_furniture_name(el: &scraper::node::Element) -> bool {
    let v = format!(
        "{} {}",
        el.attr("class").unwrap_or(""),
        el.id().unwrap_or("")
    )
    .to_ascii_lowercase();
    has_furniture_name(el) && !NEVER_FRAME.iter().any(|f| v.contains(f))
}

/// True when the class or id of `el` names page furniture.
pub fn has_furniture_name(el: &scraper::node::Element) -> bool {
    is_furniture_name(el.attr("class").unwrap_or("")) || is_furniture_name(el.id().unwrap_or(""))
}

/// True for elements whose whole subtree stays out of the article.
pub fn is_dropped(el: &scraper::node::Element) -> bool {
    let name = el.name();
    if DROPPED_TAGS.contains(&name) {
        return true;
    }
    if el.attr("hidden").is_some()
        || el.attr("style").is_some_and(|s| {
            s.replace(' ', "")
                .to_ascii_lowercase()
                .contains("display:none")
        })
    {
        return true;
    }
    is_furniture_name(el.attr("class").unwrap_or("")) || is_furniture_name(el.id().unwrap_or(""))
}

/// A class or id value that names page furniture.
pub fn is_furniture_name(value: &str) -> bool {
    if value.is_empty() {
        return false;
    }
    let v = value.to_ascii_lowercase();
    if FURNITURE.iter().any(|f| v.contains(f)) {
        return true;
    }
    v.split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .any(|part| FURNITURE_PARTS.contains(&part))
}

/// How much a run of text counts as article text: Han characters and full-width
/// punctuation one each, Latin letters a quarter (a word is about one Han character).
#[derive(Debug, Clone, Copy, Default)]
pub struct TextWeight {
    pub han: u32,
    pub weight: u32,
    pub latin: u32,
}

pub fn weigh(s: &str) -> TextWeight {
    let mut w = TextWeight::default();
    for c in s.chars() {
        if is_han(c) {
            w.han += 1;
            w.weight += 4;
        } else if is_cjk_punct(c) {
            w.weight += 4;
        } else if c.is_alphanumeric() {
            w.latin += 1;
            w.weight += 1;
        }
    }
    w.weight /= 4;
    w
}

/// Collapses HTML whitespace runs to one space; a run with a line break between two CJK
/// characters disappears (source line wrapping inside Chinese text is not a space).
pub fn collapse_ws(s: &str, out: &mut String) {
    let mut pending: Option<bool> = None; // Some(had_newline)
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C') {
            let nl = c == '\n' || c == '\r';
            pending = Some(pending.unwrap_or(false) || nl);
            continue;
        }
        if let Some(nl) = pending.take() {
            let prev = out.chars().next_back();
            let cjk = |c: char| is_han(c) || is_cjk_punct(c);
            let drop = nl && prev.is_some_and(cjk) && cjk(c);
            if !drop && prev.is_none_or(|p| p != ' ') {
                out.push(' ');
            }
        }
        out.push(c);
    }
    if pending.is_some() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// One step of [`walk`]: a node opens or closes, or is pruned (then neither its
/// children nor its close follow).
pub enum Step<'a> {
    Open(NodeRef<'a, Node>),
    Close(NodeRef<'a, Node>),
    Pruned(NodeRef<'a, Node>),
}

/// An iterative walk over the subtree under `root` that leaves out every subtree for
/// which `prune` holds: the one loop all the HTML readers share.
pub fn walk<'a>(
    root: NodeRef<'a, Node>,
    prune: impl Fn(NodeRef<'a, Node>) -> bool,
) -> impl Iterator<Item = Step<'a>> {
    let mut skip: Option<ego_tree::NodeId> = None;
    root.traverse().filter_map(move |edge| match edge {
        Edge::Open(n) => {
            if skip.is_some() {
                None
            } else if prune(n) {
                skip = Some(n.id());
                Some(Step::Pruned(n))
            } else {
                Some(Step::Open(n))
            }
        }
        Edge::Close(n) => match skip {
            Some(id) => {
                if id == n.id() {
                    skip = None;
                }
                None
            }
            None => Some(Step::Close(n)),
        },
    })
}

/// Prunes the elements that never hold article text, below `root`.
pub fn dropped_below<'a>(root: NodeRef<'a, Node>) -> impl Fn(NodeRef<'a, Node>) -> bool {
    move |n| n != root && matches!(n.value(), Node::Element(e) if is_dropped(e))
}

/// The text of a subtree, whitespace collapsed, dropped elements skipped, trimmed.
pub fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for step in walk(node, dropped_below(node)) {
        match step {
            Step::Open(n) => match n.value() {
                Node::Text(t) => collapse_ws(t, &mut out),
                Node::Element(e)
                    if (e.name() == "br" || is_block(e.name()))
                        && !out.ends_with(' ')
                        && !out.is_empty() =>
                {
                    out.push(' ');
                }
                _ => {}
            },
            Step::Close(_) | Step::Pruned(_) => {}
        }
    }
    out.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
        .to_string()
}

/// A short description of an element for reports: `<div id=ozoom>`, `<div class=article>`.
pub fn describe(el: scraper::ElementRef<'_>) -> String {
    let e = el.value();
    let mut s = format!("<{}", e.name());
    if let Some(id) = e.id() {
        s.push_str(&format!(" id={id}"));
    } else if let Some(c) = e.attr("class").map(str::trim).filter(|c| !c.is_empty()) {
        s.push_str(&format!(
            " class={}",
            c.split_whitespace().next().unwrap_or(c)
        ));
    }
    s.push('>');
    s
}

/// True when `el` or an ancestor is a dropped element.
pub fn inside_dropped(el: scraper::ElementRef<'_>) -> bool {
    let mut cur = Some(el);
    while let Some(e) = cur {
        if is_dropped(e.value()) {
            return true;
        }
        cur = e.parent_element();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_names() {
        for f in [
            "comment-list",
            "bdsharebuttonbox",
            "related_news",
            "ad",
            "top-nav",
            "xgxw",
        ] {
            assert!(is_furniture_name(f), "{f}");
        }
        for f in [
            "article",
            "content",
            "main-text",
            "read",
            "header-title-x",
            "shadow",
            "zoom",
        ] {
            assert_eq!(is_furniture_name(f), f == "header-title-x", "{f}");
        }
    }

    #[test]
    fn frames_and_furniture() {
        let doc = scraper::Html::parse_fragment(
            "<div class='post_header'></div><div id='comments'></div><div class='ads-float'></div>",
        );
        let names: Vec<bool> = doc
            .root_element()
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .map(|e| weak_furniture_name(e.value()))
            .collect();
        assert_eq!(names, vec![true, false, true]);
    }

    #[test]
    fn whitespace_between_han_on_wrapped_lines_disappears() {
        let mut s = String::new();
        collapse_ws("中国\n  人民  站起来 of  the", &mut s);
        assert_eq!(s, "中国人民 站起来 of the");
    }
}
