//! The page around the article body, as lines of text (the way a text browser shows it):
//! where the headline sits, the kicker above it, the subtitle and bylines below it, and
//! the navigation lines whose labels give the page (第A01版：要闻), date and paper.

use super::dom::{Step, collapse_ws, is_block, walk, weigh};
use super::meta::date_in;
use crate::input::chrome::{self, Action, ChromeMeta};
use crate::input::credits;
use crate::input::meta::MetaPatch;
use crate::model::Credit;
use ego_tree::NodeId;
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// Before the headline element.
    Before,
    /// The headline element itself.
    Title,
    /// After the headline, before the body.
    Head,
    /// After the body.
    After,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    None,
    Kicker,
    Subtitle,
    Either,
}

#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    /// Most of the text is link text.
    pub linked: bool,
    /// The block element the line sits in.
    pub tag: String,
    pub hint: Hint,
    /// The block element the line sits in.
    pub block: Option<NodeId>,
    pub zone: Zone,
}

/// Elements never shown: their text is no line.
fn invisible(e: &scraper::node::Element) -> bool {
    matches!(
        e.name(),
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "select"
            | "option"
            | "textarea"
            | "svg"
            | "canvas"
            | "object"
            | "embed"
            | "iframe"
    ) || e.attr("hidden").is_some()
        || e.attr("style").is_some_and(|s| {
            s.replace(' ', "")
                .to_ascii_lowercase()
                .contains("display:none")
        })
}

fn hint_of(e: &scraper::node::Element) -> Hint {
    let v =
        format!("{} {}", e.attr("class").unwrap_or(""), e.id().unwrap_or("")).to_ascii_lowercase();
    if ["subtitle", "sub-title", "sub_title", "fubiaoti", "fbt"]
        .iter()
        .any(|k| v.contains(k))
    {
        Hint::Subtitle
    } else if [
        "kicker",
        "yinti",
        "pretitle",
        "pre-title",
        "introtitle",
        "yt",
    ]
    .iter()
    .any(|k| v.split_whitespace().any(|p| p == *k) || (k.len() > 2 && v.contains(k)))
    {
        Hint::Kicker
    } else if v.contains("font02") || v.contains("font03") {
        Hint::Either
    } else {
        Hint::None
    }
}

/// A picture between the headline and the body (Founder pages set the article's photos
/// in a table above `#ozoom`): its `src`, `alt`, and the index of the line after it.
#[derive(Debug, Clone)]
pub struct HeadImage {
    pub src: String,
    pub alt: String,
    pub next_line: usize,
}

/// The page outside the body: its lines and the pictures in the head zone.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub lines: Vec<Line>,
    pub images: Vec<HeadImage>,
}

struct Builder {
    lines: Vec<Line>,
    images: Vec<HeadImage>,
    text: String,
    linked_w: u32,
    total_w: u32,
    link_depth: usize,
    blocks: Vec<(String, Hint, NodeId)>,
    zone: Zone,
}

impl Builder {
    fn end_line(&mut self) {
        let text = self.text.trim().to_string();
        if !text.is_empty() {
            let (tag, hint, block) = match self.blocks.last() {
                Some((t, h, id)) => (t.clone(), *h, Some(*id)),
                None => ("body".into(), Hint::None, None),
            };
            self.lines.push(Line {
                text,
                linked: self.total_w > 0 && self.linked_w * 2 > self.total_w,
                tag,
                hint,
                block,
                zone: self.zone,
            });
        }
        self.text.clear();
        self.linked_w = 0;
        self.total_w = 0;
    }
}

/// The page's lines outside `body` (and outside `<!--enpcontent-->` markers), and the
/// pictures between the headline and the body.
pub fn page(doc: &Html, title: Option<NodeId>, body: Option<NodeId>) -> Page {
    let mut b = Builder {
        lines: Vec::new(),
        images: Vec::new(),
        text: String::new(),
        linked_w: 0,
        total_w: 0,
        link_depth: 0,
        blocks: Vec::new(),
        zone: Zone::Before,
    };
    let mut in_marked_body = false;
    // The body itself and invisible elements are left out; the body's place ends a line
    // and everything after it is "after" the body.
    let prune = |n: NodeRef<'_, Node>| {
        Some(n.id()) == body || matches!(n.value(), Node::Element(e) if invisible(e))
    };
    for step in walk(doc.tree.root(), prune) {
        match step {
            Step::Pruned(n) => {
                b.end_line();
                if Some(n.id()) == body {
                    b.zone = Zone::After;
                }
            }
            Step::Open(n) => match n.value() {
                Node::Comment(c) => {
                    let c = c.trim();
                    if c == "enpcontent" {
                        b.end_line();
                        in_marked_body = true;
                    } else if c == "/enpcontent" {
                        in_marked_body = false;
                        b.zone = Zone::After;
                    }
                }
                Node::Text(t) if !in_marked_body => {
                    let w = weigh(t).weight;
                    b.total_w += w;
                    if b.link_depth > 0 {
                        b.linked_w += w;
                    }
                    collapse_ws(t, &mut b.text);
                }
                Node::Element(e) => {
                    if Some(n.id()) == title {
                        b.end_line();
                        b.zone = Zone::Title;
                    }
                    if e.name() == "a" {
                        b.link_depth += 1;
                    } else if e.name() == "img" {
                        if b.zone == Zone::Head
                            && b.link_depth == 0
                            && let Some(src) = super::body::image_src(e)
                        {
                            b.end_line();
                            b.images.push(HeadImage {
                                src: src.to_string(),
                                alt: e.attr("alt").unwrap_or("").trim().to_string(),
                                next_line: b.lines.len(),
                            });
                        }
                    } else if e.name() == "br" {
                        b.end_line();
                    } else if is_block(e.name()) {
                        b.end_line();
                        b.blocks.push((e.name().to_string(), hint_of(e), n.id()));
                    }
                }
                _ => {}
            },
            Step::Close(n) => {
                if let Node::Element(e) = n.value() {
                    if e.name() == "a" {
                        b.link_depth = b.link_depth.saturating_sub(1);
                    } else if is_block(e.name()) {
                        b.end_line();
                        b.blocks.pop();
                    }
                    if Some(n.id()) == title {
                        b.end_line();
                        b.zone = Zone::Head;
                    }
                }
            }
        }
    }
    b.end_line();
    Page {
        lines: b.lines,
        images: b.images,
    }
}

/// Page metadata from navigation lines: page label, date, paper, publisher. Plain text
/// is read first; link text (lists of other pages) only fills what is still unknown and
/// never the page.
pub fn chrome_meta(lines: &[Line]) -> ChromeMeta {
    let mut plain = ChromeMeta::default();
    let mut linked = ChromeMeta::default();
    let mut tail = false;
    for l in lines.iter().filter(|l| l.zone != Zone::Title) {
        if tail {
            chrome::mine(&l.text, &mut plain);
            continue;
        }
        if l.zone == Zone::After && !l.linked {
            // Footers name the site and its publisher (德州新闻网是由德州日报社所创建).
            chrome::mine(&l.text, &mut plain);
        }
        for part in split_nav(&l.text) {
            let target = if l.linked { &mut linked } else { &mut plain };
            if chrome::classify(part, target) == Some(Action::Tail) {
                tail = true;
                chrome::mine(part, &mut plain);
            }
        }
    }
    // Never the page from links: they name other pages.
    linked.patch.page = None;
    linked.patch.page_name = None;
    ChromeMeta {
        patch: plain.patch.or(linked.patch),
        date: plain.date.or(linked.date),
    }
}

/// A navigation line often holds several labels: `2023年12月18日 星期一  第A01版：要闻`.
fn split_nav(line: &str) -> Vec<&str> {
    let mut parts = vec![line];
    if line.contains("  ") || line.contains('\u{a0}') || line.contains('|') {
        parts.extend(
            line.split(['|', '\u{a0}', '\u{3000}'])
                .flat_map(|p| p.split("  "))
                .map(str::trim)
                .filter(|p| !p.is_empty()),
        );
    }
    if line.chars().count() <= 60 && line.contains(' ') {
        parts.extend(line.split_whitespace());
    }
    // A page label set with spaces inside (`第 A3 版：城事`) is one part, wherever it
    // stands in the bar.
    static PAGE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"第\s*[A-Za-z]{0,2}\s*\d{1,3}\s*版\s*[:：]\s*[^\s:：|｜]{1,8}")
            .expect("valid constant regex")
    });
    if line.chars().count() <= 120
        && let Some(m) = PAGE.find(line)
        && m.as_str() != line
    {
        parts.push(m.as_str());
    }
    parts
}

/// What the lines around the headline say: kicker, subtitle, credits and date as a
/// patch (credits always a list), and the `来源：` value as written, which the reader
/// reads as a paper or a site.
#[derive(Debug, Default)]
pub struct Head {
    pub patch: MetaPatch,
    pub source: Option<String>,
}

impl Head {
    fn credits(&mut self) -> &mut Vec<Credit> {
        self.patch.credits.get_or_insert_default()
    }
}

fn usable(l: &Line, max: usize) -> bool {
    let n = l.text.chars().count();
    let mut scratch = ChromeMeta::default();
    !l.linked
        && (2..=max).contains(&n)
        && chrome::classify(&l.text, &mut scratch).is_none()
        && date_in(&l.text).is_none()
        && credits::parse_byline(&l.text).is_none()
}

fn heading_tag(t: &str) -> bool {
    matches!(t, "h2" | "h3" | "h4" | "h5" | "h6")
}

/// True when the block of `line` and `title` share an ancestor within three levels: a
/// kicker or subtitle sits in the headline's own box, not in a sidebar or the page head.
fn near_title(doc: &Html, line: &Line, title: NodeId) -> bool {
    let up = |id: NodeId| -> Vec<NodeId> {
        doc.tree
            .get(id)
            .map(|n| n.ancestors().take(3).map(|a| a.id()).collect())
            .unwrap_or_default()
    };
    let Some(block) = line.block else {
        return false;
    };
    let mine = up(block);
    up(title).iter().any(|a| mine.contains(a))
}

/// Kicker, subtitle, bylines, date and source from the lines around the headline
/// element `title`.
pub fn head(doc: &Html, lines: &[Line], title: NodeId) -> Head {
    let mut h = Head::default();
    if let Some(l) = lines.iter().rev().find(|l| l.zone == Zone::Before)
        && usable(l, 60)
        && near_title(doc, l, title)
        && (heading_tag(&l.tag)
            || matches!(l.hint, Hint::Kicker | Hint::Either)
            || l.text.ends_with('—'))
        && !matches!(l.hint, Hint::Subtitle)
    {
        h.patch.kicker = Some(l.text.clone());
    }
    let head: Vec<&Line> = lines
        .iter()
        .filter(|l| l.zone == Zone::Head)
        .take(8)
        .collect();
    if let Some(l) = head.first()
        && usable(l, 80)
        && near_title(doc, l, title)
        && (heading_tag(&l.tag)
            || matches!(l.hint, Hint::Subtitle | Hint::Either)
            || l.text.starts_with('—'))
        && !matches!(l.hint, Hint::Kicker)
    {
        h.patch.subtitle = Some(l.text.clone());
    }
    for l in head.iter().filter(|l| l.text.chars().count() <= 120) {
        if let Some(c) = credits::parse_byline(&l.text).filter(|c| !c.is_empty()) {
            h.credits().extend(c);
            continue;
        }
        // A bare name in a box the page names for its author (`div.rp_name`, `.author`).
        if (2..=4).contains(&l.text.chars().count())
            && l.text.chars().all(crate::input::repair::is_han)
            && l.block.is_some_and(|b| names_author(doc, b))
        {
            h.credits().push(Credit {
                role: "作者".into(),
                name: l.text.clone(),
            });
            continue;
        }
        info_line(&l.text, &mut h);
    }
    // Some sites print the time bar above the headline (新华网: `2024 05/10 09:38:21` and
    // `来源：新华网` in the header box): the few short lines just before it count too.
    if h.patch.date.is_none() {
        let before = lines.iter().filter(|l| l.zone == Zone::Before);
        for l in before.rev().take(4) {
            if l.text.chars().count() <= 40 && near_title(doc, l, title) {
                info_line(&l.text, &mut h);
            }
        }
    }
    h
}

/// True when the class or id of `id` names an author box.
fn names_author(doc: &Html, id: NodeId) -> bool {
    doc.tree
        .get(id)
        .and_then(ElementRef::wrap)
        .is_some_and(|e| {
            let v = format!(
                "{} {}",
                e.value().attr("class").unwrap_or(""),
                e.value().id().unwrap_or("")
            )
            .to_ascii_lowercase();
            [
                "author", "name", "writer", "reporter", "byline", "zuozhe", "jizhe",
            ]
            .iter()
            .any(|k| v.contains(k))
        })
}

/// `作者：张三  来源：某某日报  2023-12-18 08:30`: the info bar under many headlines.
pub fn info_line(text: &str, h: &mut Head) {
    static FIELD: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(作者|记者|来源|编辑|责任编辑|责编)\s*[:：]\s*([^\s|｜:：]{1,20}(?:\s[^\s|｜:：\d]{1,4}(?:\s|$))?)")
            .expect("valid constant regex")
    });
    let mut any = false;
    for c in FIELD.captures_iter(text) {
        let value = c[2].trim();
        any = true;
        match &c[1] {
            "来源" => {
                // One word: what follows a gap is the next field (`来源：四川日报　已有 12 条评论`).
                let value = value.split_whitespace().next().unwrap_or(value);
                if h.source.is_none() {
                    h.source = Some(value.to_string());
                }
            }
            role => {
                // `作者：记者｜何伟杰 通讯员｜穗铁宣`, `作者：本报记者 李晨琰`: the field holds a
                // whole byline with roles of its own; read it to the field's end.
                let whole = field_rest(&text[c.get(2).map_or(0, |m| m.start())..]);
                let inner = credits::parse_byline(whole).filter(|v| {
                    !v.is_empty() && v.iter().all(|x| credits::parse_byline(&x.name).is_none())
                });
                match inner {
                    Some(v) if matches!(role, "作者" | "记者") => h.credits().extend(v),
                    _ => h.credits().extend(super::meta::authors_from(value, role)),
                }
            }
        }
    }
    if (any || text.chars().count() <= 40)
        && h.patch.date.is_none()
        && let Some(d) = date_in(text)
    {
        h.patch.date = Some(d);
    }
}

/// The text of an info-bar field up to where the next field starts: a wide gap, another
/// label (`来源：`), or a date.
fn field_rest(s: &str) -> &str {
    static END: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"\s{2,}|\u{3000}|\t|(?:来源|來源|编辑|編輯|责任编辑|責任編輯|责编|責編|时间|時間|发布|發佈|日期)\s*[:：]|\d{4}\s*[-/.年]",
        )
        .expect("valid constant regex")
    });
    let end = END.find(s).map_or(s.len(), |m| m.start());
    s[..end].trim()
}

static TITLE_CANDIDATES: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse("h1, h2, .font01, [class*=title], [id*=title], .headline, .bt, .biaoti")
        .expect("valid constant selector")
});

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// The element holding the headline: the first candidate whose text matches a headline
/// the page states elsewhere, else the best-ranked one outside page furniture: `<h1>`,
/// then Founder's `.font01`, then a class or id naming a title (`article-title`,
/// `news_title`, pinyin `bt`), at least six characters long.
///
/// A page `<title>` that names the site or the database, not the article, vetoes every
/// candidate; then a candidate that heads the body block (`body`) still wins: it comes
/// before the body inside the body's own container, where a logo or a promotion never
/// stands.
pub fn find_title<'a>(
    doc: &'a Html,
    known: &[String],
    body: Option<NodeId>,
) -> Option<ElementRef<'a>> {
    let known: Vec<String> = known
        .iter()
        .map(|k| squash(k))
        .filter(|k| !k.is_empty())
        .collect();
    let rank = |el: &ElementRef<'_>| {
        let e = el.value();
        let names = format!("{} {}", e.attr("class").unwrap_or(""), e.id().unwrap_or(""))
            .to_ascii_lowercase();
        let parts: Vec<&str> = names
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .filter(|p| !p.is_empty())
            .collect();
        let minor = parts
            .iter()
            .any(|p| matches!(*p, "sub" | "subtitle" | "intro" | "pre" | "small" | "list"));
        if e.name() == "h1" {
            Some(0)
        } else if parts.contains(&"font01") {
            Some(1)
        } else if minor {
            None
        } else if parts
            .iter()
            .any(|p| matches!(*p, "title" | "headline" | "bt" | "biaoti"))
        {
            // `article-title`, `news_title`, pinyin `bt` (标题).
            Some(2)
        } else {
            None
        }
    };
    // A stated title of six characters or less is a site's name (新闻中心), not a headline
    // to check candidates against.
    let headlines: Vec<&String> = known.iter().filter(|k| k.chars().count() > 6).collect();
    let mut best: Option<(u8, ElementRef<'a>)> = None;
    let mut heading_body: Option<(u8, ElementRef<'a>)> = None;
    for el in doc.select(&TITLE_CANDIDATES) {
        let text = squash(&super::dom::text_of(*el));
        let n = text.chars().count();
        if !(2..=120).contains(&n) {
            continue;
        }
        if known.contains(&text) {
            return Some(el);
        }
        let Some(r) = rank(&el) else { continue };
        if !(r < 2 || n >= 6) || super::dom::inside_dropped(el) {
            continue;
        }
        if headlines.is_empty() || headlines.iter().any(|k| related(k, &text)) {
            if best.is_none_or(|(b, _)| r < b) {
                best = Some((r, el));
            }
        } else if heading_body.is_none_or(|(b, _)| r < b)
            && body.is_some_and(|b| heads_body(doc, el, b))
        {
            heading_body = Some((r, el));
        }
    }
    let best = best.or(heading_body);
    if best.is_none() && !known.is_empty() {
        // The headline set in plain formatting (`<b><font size=…>`, `<p class=pbt>`,
        // `<td class=news_title>`): the element whose text is a headline the page states.
        for el in doc.select(&PLAIN_CANDIDATES) {
            let text = squash(&super::dom::text_of(*el));
            if (2..=120).contains(&text.chars().count())
                && known.contains(&text)
                && !super::dom::inside_dropped(el)
            {
                return Some(el);
            }
        }
    }
    best.map(|(_, el)| el)
}

/// Whether `el` stands before the body block inside the body's own container: a common
/// ancestor at most three levels above the body, with `el`'s branch before the body's.
fn heads_body(doc: &Html, el: ElementRef<'_>, body: NodeId) -> bool {
    let Some(body_node) = doc.tree.get(body) else {
        return false;
    };
    if el.ancestors().any(|a| a.id() == body) {
        return false;
    }
    let mut branch = body_node;
    for _ in 0..3 {
        let Some(container) = branch.parent() else {
            return false;
        };
        let inside = container
            .children()
            .find(|c| c.id() == el.id() || el.ancestors().any(|a| a.id() == c.id()));
        if let Some(el_branch) = inside {
            return branch.prev_siblings().any(|s| s.id() == el_branch.id());
        }
        branch = container;
    }
    false
}

static PLAIN_CANDIDATES: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse("b, strong, font, h3, h4, h5").expect("valid constant selector")
});

/// Two headline texts are related when one holds the other or they open alike: an
/// `<h1>` that is a logo or a promotion shares nothing with the page's `<title>`.
pub fn related(a: &str, b: &str) -> bool {
    if a.contains(b) || b.contains(a) {
        return true;
    }
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    prefix >= 6
}

/// What a print head reads like: `引题 / 主题 / 副题`, from each line's cues and
/// position. Returns (kicker, headline, subtitle).
pub fn print_head(lines: &[String]) -> Option<(Option<String>, String, Option<String>)> {
    let n = lines.len();
    if n == 0 {
        return None;
    }
    let kicker_cue = |t: &str| {
        t.ends_with(['—', '：', ':'])
            || [
                "强调", "指出", "表示", "要求", "提出", "宣布", "強調", "表明",
            ]
            .iter()
            .any(|v| t.ends_with(v))
            || (t.starts_with('【') && t.ends_with('】'))
    };
    let subtitle_cue = |t: &str| {
        t.starts_with(['—', '─']) || (t.starts_with(['（', '(']) && t.ends_with(['）', ')']))
    };
    let mut k = usize::from(n >= 2 && kicker_cue(&lines[0]));
    let mut end = n;
    let rest = n - k;
    let mut subtitle = None;
    if rest >= 2 && (subtitle_cue(&lines[n - 1]) || k == 1) {
        subtitle = Some(lines[n - 1].clone());
        end = n - 1;
    } else if rest == 3 {
        // Three unmarked lines: kicker, headline, subtitle.
        k = 1;
        subtitle = Some(lines[n - 1].clone());
        end = n - 1;
    } else if rest == 2 {
        if lines[0].chars().count() < lines[1].chars().count() {
            k = 1;
        } else {
            subtitle = Some(lines[1].clone());
            end = 1;
        }
    }
    let kicker = (k == 1).then(|| lines[0].clone());
    let headline = lines[k..end].join(" ");
    (!headline.is_empty()).then_some((kicker, headline, subtitle))
}

/// A short line over the headline that names the section (港聞, 要聞港聞), not a kicker:
/// no cue of a kicker, at most five characters, or a part of the page's `<title>`.
pub fn section_label(text: &str, title: Option<&str>) -> bool {
    let n = text.chars().count();
    let cue = text.ends_with(['—', '：', ':']) || text.starts_with('【');
    if cue {
        return false;
    }
    let in_title = title.is_some_and(|t| {
        t.split(['-', '_', '|', '｜', '－'])
            .map(str::trim)
            .filter(|p| p.chars().count() >= 2)
            .any(|p| text.starts_with(p) || p.starts_with(text))
    });
    n <= 5 || (n <= 8 && in_title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn print_head_roles_from_cues_and_position() {
        // Kicker by its reporting verb; two headline lines; the last line is the 副题.
        assert_eq!(
            print_head(&lines(&["会议强调", "主题上行", "主题下行", "某某出席"])),
            Some((s("会议强调"), "主题上行 主题下行".into(), s("某某出席")))
        );
        // A kicker ending in a colon, a subtitle opening with a dash.
        assert_eq!(
            print_head(&lines(&["新春走基层：", "山村里的年味", "——记某某村"])),
            Some((s("新春走基层："), "山村里的年味".into(), s("——记某某村")))
        );
        // Three unmarked lines: kicker, headline, subtitle.
        assert_eq!(
            print_head(&lines(&["一", "二", "三"])),
            Some((s("一"), "二".into(), s("三")))
        );
        // Two unmarked lines: a shorter first line is the kicker.
        assert_eq!(
            print_head(&lines(&["短的引题", "长一些的主题在这里"])),
            Some((s("短的引题"), "长一些的主题在这里".into(), None))
        );
        assert_eq!(
            print_head(&lines(&["只有主题"])),
            Some((None, "只有主题".into(), None))
        );
        assert_eq!(print_head(&[]), None);
    }

    #[test]
    fn section_labels_are_not_kickers() {
        assert!(section_label("港聞一", None));
        assert!(section_label("要聞港聞", None));
        assert!(section_label("国内新闻", Some("标题 - 国内新闻 - 某某网")));
        assert!(!section_label("河南着力培育新动能塑造新优势", None));
        assert!(!section_label("【新春走基层】", None));
        assert!(!section_label("聚焦民生实事——", None));
    }

    #[test]
    fn related_titles() {
        assert!(related(
            "法国全国大罢工再次严重影响交通",
            "法国全国大罢工再次严重影响交通-新华网"
        ));
        assert!(related("习近平主持召开座谈会", "习近平主持召开座谈会强调"));
        assert!(!related("话剧巡演结束", "燕赵新闻周刊"));
    }
}
