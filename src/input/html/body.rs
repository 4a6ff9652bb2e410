//! An article body element → model blocks. One iterative pass over open/close edges with
//! explicit stacks (inline frames, block containers), so 100,000 nested elements cost
//! heap, not call stack. Then [`tidy`] turns what the markup leaves implicit into
//! structure: bold-only lines into headings, caption lines into image captions, bylines
//! into credits, and drops navigation lines that sit inside the body.

use super::boiler;
use super::dom::{Step, collapse_ws, is_block, walk};
use super::images::{self, ImageContext};
use crate::input::chrome::{self, Action, ChromeMeta};
use crate::input::credits;
use crate::input::repair::is_han;
use crate::model::{Block, Credit, Inline, plain_text};
use crate::warning::Warning;
use boiler::CLOSING;
use ego_tree::NodeRef;
use scraper::Node;

/// What converting a body gives.
#[derive(Debug, Default)]
pub struct Body {
    pub blocks: Vec<Block>,
    pub credits: Vec<Credit>,
    pub warnings: Vec<Warning>,
    /// Paragraphs dropped as navigation.
    pub chrome_dropped: usize,
    /// Metadata read from navigation lines inside the body (page labels, dates).
    pub chrome: ChromeMeta,
    /// Lines dropped as furniture, each with the reason (for `inspect`).
    pub dropped: Vec<(String, &'static str)>,
}

impl Body {
    /// Records a dropped line and why.
    fn note(&mut self, text: &str, why: &'static str) {
        self.chrome_dropped += 1;
        if self.dropped.len() < 200 {
            self.dropped.push((text.chars().take(40).collect(), why));
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InlineKind {
    Paragraph,
    Strong,
    Emphasis,
    Plain,
}

#[derive(Debug)]
struct InlineFrame {
    kind: InlineKind,
    href: Option<String>,
    content: Vec<Inline>,
}

/// What an open element pushed, popped again at its close.
#[derive(Debug)]
enum Frame {
    Nothing,
    Block,
    Inline,
    Heading(u8),
    Quote,
    Figure,
    Caption,
    /// A centred block right after a picture without a caption (the picture's index):
    /// sites that set pictures in `<p style="text-align:center">` set the caption so too.
    CentredAfterPicture(usize),
}

struct Walker<'a> {
    images: &'a ImageContext,
    frames: Vec<Frame>,
    inlines: Vec<InlineFrame>,
    containers: Vec<Vec<Block>>,
    /// Text of a heading or figcaption being collected.
    collect: Option<String>,
    figures: Vec<usize>,
    warnings: Vec<Warning>,
}

/// Converts the subtree under `root` (the root itself included) into blocks, as marked
/// up; [`tidy`] does the rest.
pub fn convert(root: NodeRef<'_, Node>, images: &ImageContext) -> Body {
    let mut w = Walker {
        images,
        frames: Vec::new(),
        inlines: vec![InlineFrame {
            kind: InlineKind::Paragraph,
            href: None,
            content: Vec::new(),
        }],
        containers: vec![Vec::new()],
        collect: None,
        figures: Vec::new(),
        warnings: Vec::new(),
    };
    // Furniture-named boxes holding much of the body's text (`div.articlelogin`) are
    // part of it.
    let keep = super::generic::frames(root);
    let prune = |n: NodeRef<'_, Node>| {
        n != root
            && matches!(n.value(), Node::Element(e) if super::dom::is_dropped(e))
            && !keep.contains(&n.id())
    };
    for step in walk(root, prune) {
        match step {
            Step::Open(n) => match n.value() {
                Node::Text(t) => w.text(t),
                Node::Element(e) => w.open(e),
                _ => {}
            },
            Step::Close(n) => {
                if matches!(n.value(), Node::Element(_)) {
                    w.close();
                }
            }
            Step::Pruned(_) => {}
        }
    }
    w.flush();
    while w.containers.len() > 1 {
        let inner = w.containers.pop().unwrap_or_default();
        w.push_block(Block::Quote { content: inner });
    }
    let blocks = w.containers.pop().unwrap_or_default();
    Body {
        blocks,
        warnings: w.warnings,
        ..Body::default()
    }
}

impl Walker<'_> {
    fn text(&mut self, t: &str) {
        if let Some(c) = self.collect.as_mut() {
            collapse_ws(t, c);
            return;
        }
        // `<br>` then an indented line (　　 or &nbsp;&nbsp;): the page starts a new
        // paragraph the way print does.
        let indented = t
            .trim_start_matches([' ', '\t', '\n', '\r'])
            .chars()
            .take(2)
            .filter(|c| matches!(c, '\u{3000}' | '\u{a0}'))
            .count()
            == 2;
        if indented && self.take_trailing_break() {
            self.flush();
        }
        let frame = self
            .inlines
            .last_mut()
            .expect("the paragraph frame is never popped");
        if let Some(Inline::Text { text }) = frame.content.last_mut() {
            collapse_ws(t, text);
        } else {
            let mut s = String::new();
            collapse_ws(t, &mut s);
            if !s.is_empty() {
                frame.content.push(Inline::Text { text: s });
            }
        }
    }

    fn open(&mut self, e: &scraper::node::Element) {
        let name = e.name();
        let frame = match name {
            "br" => {
                if let Some(c) = self.collect.as_mut() {
                    c.push(' ');
                } else if self.take_trailing_break() {
                    // Two line breaks in a row separate paragraphs (`text<br><br>text`).
                    self.flush();
                } else if let Some(f) = self.inlines.last_mut() {
                    f.content.push(Inline::LineBreak);
                }
                Frame::Nothing
            }
            "img" | "amp-img" => {
                self.image(e);
                Frame::Nothing
            }
            _ if self.collect.is_some() => Frame::Nothing,
            "strong" | "b" | "em" | "i" | "a" => {
                let (kind, href) = match name {
                    "strong" | "b" => (InlineKind::Strong, None),
                    "em" | "i" => (InlineKind::Emphasis, None),
                    _ => {
                        let href = e.attr("href").map(str::trim).filter(|h| {
                            !h.is_empty()
                                && !h.starts_with('#')
                                && !h.to_ascii_lowercase().starts_with("javascript:")
                        });
                        (InlineKind::Plain, href.map(str::to_string))
                    }
                };
                self.inlines.push(InlineFrame {
                    kind,
                    href,
                    content: Vec::new(),
                });
                Frame::Inline
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.collect = Some(String::new());
                Frame::Heading(name.as_bytes()[1] - b'0')
            }
            "figcaption" => {
                self.flush();
                self.collect = Some(String::new());
                Frame::Caption
            }
            "blockquote" => {
                self.flush();
                self.containers.push(Vec::new());
                Frame::Quote
            }
            "figure" => {
                self.flush();
                let at = self.current().len();
                self.figures.push(at);
                Frame::Figure
            }
            _ if is_block(name) => {
                self.flush();
                let centred = e.attr("style").is_some_and(|st| {
                    let st = st.to_ascii_lowercase().replace(' ', "");
                    st.contains("text-align:center")
                }) || e
                    .attr("align")
                    .is_some_and(|a| a.eq_ignore_ascii_case("center"));
                let blocks = self.current();
                match blocks.last() {
                    Some(Block::Image { caption: None, .. }) if centred => {
                        Frame::CentredAfterPicture(blocks.len() - 1)
                    }
                    _ => Frame::Block,
                }
            }
            _ => Frame::Nothing,
        };
        self.frames.push(frame);
    }

    fn close(&mut self) {
        match self.frames.pop().unwrap_or(Frame::Nothing) {
            Frame::Nothing => {}
            Frame::Block => self.flush(),
            Frame::Inline => {
                if self.inlines.len() > 1 {
                    let f = self.inlines.pop().unwrap_or_else(unreachable_frame);
                    let wrapped = wrap(f);
                    if let Some(parent) = self.inlines.last_mut() {
                        parent.content.extend(wrapped);
                    }
                }
            }
            Frame::Heading(level) => {
                let text = self.collect.take().unwrap_or_default();
                let text = text.trim().to_string();
                if !text.is_empty() {
                    self.push_block(Block::Heading { level, text });
                }
            }
            Frame::Caption => {
                let text = self.collect.take().unwrap_or_default().trim().to_string();
                let start = self.figures.last().copied().unwrap_or(usize::MAX);
                let blocks = self.current();
                let skip = start.min(blocks.len());
                let target = blocks.iter_mut().skip(skip).rev().find_map(|b| match b {
                    Block::Image { caption, .. } if caption.is_none() => Some(caption),
                    _ => None,
                });
                if text.is_empty() {
                } else if let Some(slot) = target {
                    *slot = Some(text);
                } else {
                    self.push_block(Block::Image {
                        src: String::new(),
                        alt: String::new(),
                        caption: Some(text),
                    });
                }
            }
            Frame::Quote => {
                self.flush();
                if self.containers.len() > 1 {
                    let inner = self.containers.pop().unwrap_or_default();
                    if !inner.is_empty() {
                        self.push_block(Block::Quote { content: inner });
                    }
                }
            }
            Frame::Figure => {
                self.flush();
                self.figures.pop();
            }
            Frame::CentredAfterPicture(at) => {
                self.flush();
                let blocks = self.current();
                if blocks.len() == at + 2
                    && let Some(Block::Paragraph { content }) = blocks.last()
                    && bold_heading(content).is_none()
                    && let text = plain_text(content).trim().to_string()
                    && (1..=80).contains(&text.chars().count())
                    && !text.contains('\n')
                    // A prompt centred under a picture (点击“阅读原文”) is chrome, no caption.
                    && chrome::classify(&text, &mut ChromeMeta::default()).is_none()
                {
                    blocks.pop();
                    if let Some(Block::Image { caption, .. }) = blocks.get_mut(at) {
                        *caption = Some(text);
                    }
                }
            }
        }
    }

    fn image(&mut self, e: &scraper::node::Element) {
        let Some(raw) = image_src(e) else {
            return;
        };
        let (src, warning) = images::check(raw, self.images);
        self.warnings.extend(warning);
        let alt = e.attr("alt").unwrap_or("").trim().to_string();
        if self.collect.is_some() {
            return;
        }
        self.flush();
        self.push_block(Block::Image {
            src,
            alt,
            caption: None,
        });
    }

    /// Removes a line break that ends the innermost run (blank text after it included)
    /// and says whether there was one.
    fn take_trailing_break(&mut self) -> bool {
        let Some(f) = self.inlines.last_mut() else {
            return false;
        };
        let blank = |i: &Inline| matches!(i, Inline::Text { text } if text.trim().is_empty());
        let mut end = f.content.len();
        while end > 0 && blank(&f.content[end - 1]) {
            end -= 1;
        }
        if end > 0 && f.content[end - 1] == Inline::LineBreak {
            f.content.truncate(end - 1);
            true
        } else {
            false
        }
    }

    fn current(&mut self) -> &mut Vec<Block> {
        if self.containers.is_empty() {
            self.containers.push(Vec::new());
        }
        let last = self.containers.len() - 1;
        &mut self.containers[last]
    }

    fn push_block(&mut self, b: Block) {
        self.current().push(b);
    }

    /// Ends the paragraph being built (formatting open across the break is closed here
    /// and reopened, empty, for what follows).
    fn flush(&mut self) {
        for i in (1..self.inlines.len()).rev() {
            let f = &mut self.inlines[i];
            if f.content.is_empty() {
                continue;
            }
            let taken = InlineFrame {
                kind: f.kind,
                href: f.href.clone(),
                content: std::mem::take(&mut f.content),
            };
            let wrapped = wrap(taken);
            self.inlines[i - 1].content.extend(wrapped);
        }
        let mut content = std::mem::take(&mut self.inlines[0].content);
        trim_inlines(&mut content);
        if !content.is_empty() {
            self.push_block(Block::Paragraph { content });
        }
    }
}

/// The `src` of an `<img>` worth keeping: lazy-loading attributes first; none for icons
/// and spacers (20 px or less).
pub fn image_src(e: &scraper::node::Element) -> Option<&str> {
    let tiny = ["width", "height"].iter().any(|a| {
        e.attr(a)
            .and_then(|v| v.trim_end_matches("px").trim().parse::<u32>().ok())
            .is_some_and(|v| v <= 20)
    });
    if tiny {
        return None;
    }
    ["data-src", "data-original", "src"]
        .iter()
        .filter_map(|a| e.attr(a))
        .map(str::trim)
        .find(|s| !s.is_empty())
}

fn unreachable_frame() -> InlineFrame {
    InlineFrame {
        kind: InlineKind::Plain,
        href: None,
        content: Vec::new(),
    }
}

fn wrap(f: InlineFrame) -> Vec<Inline> {
    if f.content.is_empty() {
        return Vec::new();
    }
    if let Some(href) = f.href {
        return vec![Inline::Link {
            href,
            content: f.content,
        }];
    }
    match f.kind {
        InlineKind::Strong => vec![Inline::Strong { content: f.content }],
        InlineKind::Emphasis => vec![Inline::Emphasis { content: f.content }],
        InlineKind::Plain | InlineKind::Paragraph => f.content,
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// Drops blank runs and line breaks at both ends of a paragraph and trims its edge text.
fn trim_inlines(list: &mut Vec<Inline>) {
    let blank = |i: &Inline| match i {
        Inline::Text { text } => text.trim_matches(is_space).is_empty(),
        Inline::LineBreak => true,
        _ => false,
    };
    while list.first().is_some_and(blank) {
        list.remove(0);
    }
    while list.last().is_some_and(blank) {
        list.pop();
    }
    if let Some(Inline::Text { text }) = list.first_mut() {
        *text = text.trim_start_matches(is_space).to_string();
    }
    if let Some(Inline::Text { text }) = list.last_mut() {
        *text = text.trim_end_matches(is_space).to_string();
    }
}

const CLOSING_ALL: &[char] = &[
    '。', '！', '？', '；', '：', '，', '、', '…', '.', '!', '?', ';', ':', ',',
];

/// A paragraph that is only bold text, short and unpunctuated: a 小标题.
fn bold_heading(content: &[Inline]) -> Option<String> {
    let [Inline::Strong { content: inner }] = content else {
        return None;
    };
    let text = plain_text(inner).trim().to_string();
    let n = text.chars().count();
    ((2..=50).contains(&n)
        && !text.ends_with(CLOSING_ALL)
        && !text.starts_with(['—', '-', '─'])
        && text.chars().any(is_han)
        && byline(&text).is_none())
    .then_some(text)
}

/// A photo caption line: 图为…, ▲…, or ending in a photo credit (…张三 摄).
pub fn is_caption(t: &str) -> bool {
    let n = t.chars().count();
    n <= 150
        && (t.starts_with("图为")
            || t.starts_with('▲')
            || t.starts_with("（图")
            || t.starts_with("图：")
            || ["图注", "圖注", "图说", "圖說"]
                .iter()
                .any(|k| t.starts_with(k))
            || [
                "資料照",
                "资料照",
                "資料照片",
                "资料图",
                "資料圖",
                "供图",
                "供圖",
                "翻攝",
                "翻摄",
            ]
            .iter()
            .any(|k| t.trim_end_matches(['）', ')']).ends_with(k))
            || photo_credits(t).is_some())
}

/// The photographer credit at the end of a caption: "…。本报记者 张三 摄".
pub fn photo_credits(t: &str) -> Option<Vec<Credit>> {
    let trimmed = t.trim_end_matches(['）', ')', ' ']);
    if !(trimmed.ends_with('摄') || trimmed.ends_with("摄影")) {
        return None;
    }
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | '！' | '？' | '（' | '(' | '，' | '；'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    credits::parse_byline(trimmed[start..].trim())
}

/// The text of a paragraph or heading.
fn line_text(b: &Block) -> Option<String> {
    match b {
        Block::Heading { text, .. } => Some(text.trim().to_string()),
        other => paragraph_text(other),
    }
}

/// The part of a paragraph's characters that sits inside links.
pub fn link_share(b: &Block) -> f32 {
    fn count(list: &[Inline], in_link: bool, all: &mut usize, linked: &mut usize) {
        for i in list {
            match i {
                Inline::Text { text } => {
                    let n = text.chars().filter(|c| !c.is_whitespace()).count();
                    *all += n;
                    if in_link {
                        *linked += n;
                    }
                }
                Inline::Strong { content } | Inline::Emphasis { content } => {
                    count(content, in_link, all, linked);
                }
                Inline::Link { content, .. } => count(content, true, all, linked),
                Inline::LineBreak => {}
            }
        }
    }
    let Block::Paragraph { content } = b else {
        return 0.0;
    };
    let (mut all, mut linked) = (0, 0);
    count(content, false, &mut all, &mut linked);
    if all == 0 {
        0.0
    } else {
        linked as f32 / all as f32
    }
}

/// Splits paragraphs at single line breaks that end a sentence (`…。<br>下一段`) or open a
/// byline (`<br>■記者…`): pages that set paragraphs with `<br>` alone mean a new paragraph.
fn split_at_sentence_breaks(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        let Block::Paragraph { content } = b else {
            out.push(b);
            continue;
        };
        if !content.contains(&Inline::LineBreak) {
            out.push(Block::Paragraph { content });
            continue;
        }
        let mut segment: Vec<Inline> = Vec::new();
        let mut items = content.into_iter().peekable();
        while let Some(i) = items.next() {
            if i == Inline::LineBreak {
                let before = plain_text(&segment);
                let before = before.trim_end_matches(is_space);
                let next_marked = matches!(items.peek(), Some(Inline::Text { text })
                    if text.trim_start_matches(is_space).starts_with(['■', '□', '●', '◆', '★', '☆', '▲']));
                let signed =
                    before.ends_with(['）', ')']) && credits::closing_signature(before).is_some();
                if before.ends_with(boiler::CLOSING)
                    || next_marked
                    || signed
                    || boiler::bracket_label(before)
                {
                    let mut seg = std::mem::take(&mut segment);
                    trim_inlines(&mut seg);
                    if !seg.is_empty() {
                        out.push(Block::Paragraph { content: seg });
                    }
                    continue;
                }
            }
            segment.push(i);
        }
        trim_inlines(&mut segment);
        if !segment.is_empty() {
            out.push(Block::Paragraph { content: segment });
        }
    }
    out
}

/// The credits of a line that `boiler::furniture` found to be an editor or staff line
/// (`why`): `【责任编辑:王萌】`, `编辑：陈洁`.
pub fn editor_credits(t: &str, why: &str) -> Option<Vec<Credit>> {
    if !matches!(why, "editor line" | "staff line") {
        return None;
    }
    let t = unbracket(t);
    if let Some(c) = byline(t).filter(|c| !c.is_empty()) {
        return Some(c);
    }
    // `稿件来源：四川日报　　责任编辑：李娜`: the credit is the line's last field.
    let at = boiler::EDITOR
        .iter()
        .chain(boiler::STAFF)
        .filter_map(|w| t.find(w))
        .min()?;
    byline(&t[at..]).filter(|c| !c.is_empty())
}

/// A credit line without the brackets it is often set in: `【责任编辑:王萌】`,
/// `[编辑：李四]`, `（责编：汤诗瑶、丁涛）`.
fn unbracket(t: &str) -> &str {
    let t = t.trim();
    let open = ['【', '[', '［', '（', '('];
    let close = ['】', ']', '］', '）', ')'];
    match t.strip_prefix(open) {
        Some(inner) => inner.strip_suffix(close).unwrap_or(inner).trim(),
        None => t,
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `（中時 ）`, `(新华社)`: a short bracketed source tag on a line of its own.
fn source_tag(t: &str) -> bool {
    let inner = t
        .strip_prefix(['（', '('])
        .and_then(|x| x.strip_suffix(['）', ')']));
    inner.is_some_and(|i| (1..=6).contains(&i.trim().chars().count()))
}

/// `2024-06-12 18:30 湖南 潇湘晨报官方账号`: a short line that opens with a date and a
/// time, the info line self-media pages set above the text.
fn info_line(t: &str) -> bool {
    static INFO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}")
            .expect("valid constant regex")
    });
    t.chars().count() <= 40 && !t.ends_with(CLOSING) && INFO.is_match(t)
}

/// A 2–4 character line of Han characters only: a name set on its own line.
fn name_only(t: &str) -> bool {
    (2..=4).contains(&t.chars().count()) && t.chars().all(is_han)
}

/// A short unpunctuated line between two paragraphs of text: an in-body subheading set
/// as a plain paragraph (`<p>中美合作共赢是大势所趋</p>`, `…<br><br>擴大特定群組檢測<br><br>`).
fn plain_heading(prev: Option<&Block>, t: &str, next: Option<&Block>) -> bool {
    let long = |b: Option<&Block>| {
        b.and_then(paragraph_text)
            .is_some_and(|p| p.chars().count() >= 30)
    };
    let n = t.chars().count();
    (4..=24).contains(&n)
        && !t.ends_with(CLOSING_ALL)
        && !t.ends_with(['）', ')', '】', '”', '」'])
        && !t.starts_with(['（', '(', '【', '[', '〔', '—', '-', '《', '“', '「'])
        && !t.contains('\n')
        && t.chars().filter(|c| is_han(*c)).count() * 2 >= n
        && long(next)
        && (long(prev) || prev.is_some_and(|b| matches!(b, Block::Heading { .. })))
}

fn paragraph_text(b: &Block) -> Option<String> {
    match b {
        Block::Paragraph { content } => Some(plain_text(content).trim().to_string()),
        _ => None,
    }
}

/// A byline paragraph: what `credits::parse_byline` reads, and also the
/// "<newspaper>记者 name" form (大众日报记者 孙强), whose role names the paper.
pub fn byline(t: &str) -> Option<Vec<Credit>> {
    if let Some(c) = credits::parse_byline(t).filter(|c| !c.is_empty()) {
        return Some(c);
    }
    let t = unbracket(t.trim()).trim_start_matches(['□', '■', '●']);
    // `采写：南都记者 陈洁 通讯员 宝宣`: what the people did, then who they are.
    if let Some(rest) = ["采写", "採寫", "撰文", "文字"]
        .iter()
        .find_map(|l| t.strip_prefix(l))
        .and_then(|r| r.trim_start().strip_prefix([':', '：']))
        && let Some(c) = byline(rest.trim())
    {
        return Some(c);
    }
    for role in ["记者", "通讯员", "記者"] {
        if let Some((paper, rest)) = t.split_once(role)
            && (2..=10).contains(&paper.chars().count())
            && (paper.ends_with(['报', '社', '网', '台', '報', '網']) || t.chars().count() <= 16)
            && paper.chars().all(|c| is_han(c) || c == '·')
            && let Some(mut c) = credits::parse_byline(&format!("{role} {}", rest.trim()))
            && !c.is_empty()
        {
            // Every name under the paper's role (`□四川日报全媒体记者 史晓露 刘佳`).
            let full = format!("{paper}{role}");
            for x in c.iter_mut().filter(|x| x.role == role) {
                x.role = full.clone();
            }
            return Some(c);
        }
    }
    None
}

/// Structure the markup leaves implicit. See the module doc.
pub fn tidy(body: &mut Body) {
    let mut blocks = split_at_sentence_breaks(std::mem::take(&mut body.blocks));
    // Bylines before the text come first in the credits.
    while let Some(t) = blocks.first().and_then(line_text) {
        match byline(&t) {
            Some(c) => {
                body.credits.extend(c);
                blocks.remove(0);
            }
            None => break,
        }
    }
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut in_list = false;
    let mut tail = false;
    for b in blocks {
        if tail {
            body.chrome_dropped += 1;
            continue;
        }
        if let Some(t) = line_text(&b) {
            match chrome::classify(&t, &mut body.chrome) {
                Some(Action::Drop) => {
                    body.chrome_dropped += 1;
                    continue;
                }
                Some(Action::List) => {
                    body.chrome_dropped += 1;
                    in_list = true;
                    continue;
                }
                Some(Action::Tail) => {
                    body.chrome_dropped += 1;
                    tail = true;
                    continue;
                }
                _ => {}
            }
            if t.is_empty() {
                continue;
            }
            let before_text = !out.iter().any(|b| matches!(b, Block::Paragraph { .. }));
            if before_text
                && name_only(&t)
                && matches!(b, Block::Paragraph { .. })
                && boiler::furniture(&t, 0.0).is_none()
            {
                // A bare name over the text (often a link to the writer's page).
                body.credits.push(Credit {
                    role: "作者".into(),
                    name: t.clone(),
                });
                continue;
            }
            // A line that repeats the caption or alt text of the picture above it.
            if let Some(Block::Image { caption, alt, .. }) = out.last()
                && (caption.as_deref().is_some_and(|c| squash(c) == squash(&t))
                    || !alt.is_empty() && squash(alt) == squash(&t))
            {
                body.note(&t, "repeats the picture's caption");
                continue;
            }
            let share = link_share(&b);
            if boiler::related_label(&t) {
                body.note(&t, "label of a list of other articles");
                in_list = true;
                continue;
            }
            if let Some(why) = boiler::furniture(&t, share) {
                if let Some(c) = editor_credits(&t, why) {
                    body.credits.extend(c);
                } else if why == "date line" && body.chrome.date.is_none() {
                    body.chrome.date = Some(t.clone());
                } else if why == "source line"
                    && let Some((_, v)) = unbracket(&t).split_once([':', '：'])
                    && !v.trim().is_empty()
                {
                    // `来源：德州日报` closing a reprint names where it was first printed;
                    // the head's 来源 line, when there is one, outranks it.
                    body.credits.push(Credit {
                        role: "来源".into(),
                        name: v.trim().to_string(),
                    });
                }
                body.note(&t, why);
                continue;
            }
            // A sentence of text (closed by 。, not a link) ends the list: list items are
            // titles.
            let sentence = t.ends_with('。') && share < 0.3;
            if in_list
                && !sentence
                && (t.chars().count() <= 40 || share >= 0.3 || matches!(b, Block::Heading { .. }))
            {
                body.note(&t, "in a list of other articles");
                continue;
            }
            in_list = false;
        }
        let b = match b {
            Block::Paragraph { content } => match bold_heading(&content) {
                Some(text) => Block::Heading { level: 2, text },
                None => Block::Paragraph { content },
            },
            other => other,
        };
        // A caption line right after a picture belongs to it: a short line, or one that
        // repeats the picture's alt text, or a one-sentence line under the lead picture.
        let lead_picture = out.len() == 1;
        if let Some(t) = paragraph_text(&b)
            && let Some(Block::Image {
                caption, alt, src, ..
            }) = out.last_mut()
            && caption.is_none()
            && !boiler::icon(src)
            && (is_caption(&t)
                || t.chars().count() <= 40 && (!t.ends_with('。') || lead_picture)
                || (!alt.is_empty() && squash(alt) == squash(&t)))
        {
            body.credits.extend(photo_credits(&t).unwrap_or_default());
            *caption = Some(t);
            continue;
        }
        // A caption on its own (图注：…, …（資料照）) is no paragraph.
        if let Some(t) = paragraph_text(&b)
            && is_caption(&t)
            && !t.starts_with("图为")
        {
            body.credits.extend(photo_credits(&t).unwrap_or_default());
            body.note(&t, "photo caption");
            continue;
        }
        if let Block::Image {
            caption: Some(c), ..
        } = &b
        {
            body.credits.extend(photo_credits(c).unwrap_or_default());
        }
        out.push(b);
    }
    // Bylines, names and stray labels before the text (after navigation lines), and the
    // icons of the info line above it (`end_news.png`).
    loop {
        if let Some(Block::Image {
            caption: None, src, ..
        }) = out.first()
            && boiler::icon(src)
        {
            out.remove(0);
            continue;
        }
        let Some(t) = out.first().and_then(line_text) else {
            break;
        };
        if let Some(c) = byline(&t) {
            body.credits.extend(c);
        } else if name_only(&t) && out.len() > 1 {
            body.credits.push(Credit {
                role: "作者".into(),
                name: t.clone(),
            });
        } else if matches!(out[0], Block::Paragraph { .. })
            && t.chars().count() <= 4
            && !t.ends_with(CLOSING)
        {
            body.note(&t, "short label before the text");
        } else if info_line(&t) {
            if body.chrome.date.is_none() {
                body.chrome.date = Some(t.clone());
            }
            body.note(&t, "date and account line above the text");
        } else {
            break;
        }
        out.remove(0);
    }
    // Credits, signatures and labels after it.
    while let Some(last) = out.last() {
        if let Block::Image { caption, src, .. } = last
            && (caption
                .as_deref()
                .is_some_and(|c| boiler::furniture(c, 0.0).is_some())
                || caption.is_none() && boiler::decoration(src))
        {
            out.pop();
            continue;
        }
        let Some(t) = line_text(last) else { break };
        if let Some(c) = byline(&t).filter(|_| t.chars().count() <= 40) {
            body.credits.extend(c);
        } else if let Some((c, true)) = credits::closing_signature(&t) {
            body.credits.extend(c);
        } else if out.len() > 1
            && (t.chars().count() <= 4 && !t.ends_with(CLOSING) || source_tag(&t))
        {
            body.note(&t, "short label after the text");
        } else {
            break;
        }
        out.pop();
    }
    if let Some(t) = out.iter().rev().find_map(paragraph_text)
        && let Some((c, false)) = credits::closing_signature(&t)
    {
        body.credits.extend(c);
    }
    // In-body subheadings set as plain short lines.
    for i in 1..out.len() {
        if let Some(t) = paragraph_text(&out[i])
            && plain_heading(out.get(i - 1), &t, out.get(i + 1))
        {
            out[i] = Block::Heading { level: 2, text: t };
        }
    }
    // The dateline opens the first paragraph of text (after any head lines set as
    // paragraphs).
    for t in out.iter().filter_map(paragraph_text).take(6) {
        let found = credits::dateline_credits(&t);
        if !found.is_empty() {
            for c in found {
                if !body.credits.contains(&c) {
                    body.credits.push(c);
                }
            }
            break;
        }
    }
    let mut seen = Vec::new();
    body.credits.retain(|c| {
        let new = !seen.contains(c);
        seen.push(c.clone());
        new
    });
    body.blocks = out;
}

/// Shifts heading levels so the highest one in the body is level 2 (the headline is 1).
pub fn normalise_headings(blocks: &mut [Block]) {
    let min = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .min();
    if let Some(min) = min {
        for b in blocks.iter_mut() {
            if let Block::Heading { level, .. } = b {
                *level = (*level + 2 - min).min(6);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Body {
        let doc = scraper::Html::parse_fragment(html);
        let mut b = convert(doc.tree.root(), &ImageContext { root: None });
        tidy(&mut b);
        b
    }

    #[test]
    fn bylines_under_an_action_label_or_in_brackets() {
        let names = |t: &str| -> Vec<(String, String)> {
            byline(t)
                .unwrap_or_default()
                .into_iter()
                .map(|c| (c.role, c.name))
                .collect()
        };
        assert_eq!(
            names("采写：南都记者 陈洁 通讯员 宝宣"),
            vec![
                ("南都记者".to_string(), "陈洁".to_string()),
                ("通讯员".to_string(), "宝宣".to_string())
            ]
        );
        assert_eq!(
            names("（农民日报·中国农网记者 李丽颖）"),
            vec![("农民日报·中国农网记者".to_string(), "李丽颖".to_string())]
        );
    }

    #[test]
    fn info_lines_open_with_a_date_and_time() {
        assert!(info_line("2024-06-12 18:30湖南湖南潇湘晨报官方账号"));
        assert!(info_line("2024年6月12日 18:30 来源：某某日报"));
        assert!(!info_line(
            "2024年6月12日18:30，记者来到现场，看到工人们正在紧张施工，一派繁忙景象。"
        ));
    }

    #[test]
    fn inline_markup_and_headings() {
        let b = blocks(
            "<p>　　今天<strong>很</strong>好，<a href='x.html'>链接</a>，<br>第二行</p><h3>小标题</h3><p><b>项目攻坚构建现代产业体系</b></p><p>正文。</p>",
        );
        assert_eq!(b.blocks.len(), 4, "{:?}", b.blocks);
        let Block::Paragraph { content } = &b.blocks[0] else {
            panic!()
        };
        assert_eq!(plain_text(content), "今天很好，链接，\n第二行");
        assert!(matches!(content[1], Inline::Strong { .. }));
        assert!(matches!(content[3], Inline::Link { .. }));
        assert_eq!(
            b.blocks[1],
            Block::Heading {
                level: 3,
                text: "小标题".into()
            }
        );
        assert_eq!(
            b.blocks[2],
            Block::Heading {
                level: 2,
                text: "项目攻坚构建现代产业体系".into()
            }
        );
    }

    #[test]
    fn salutations_are_not_bylines() {
        assert_eq!(byline("各县（市、区）人民政府，市政府各部门："), None);
        assert_eq!(
            credits::parse_byline("各县（市、区）人民政府，市政府各部门："),
            None
        );
    }

    #[test]
    fn line_breaks_that_separate_paragraphs() {
        let b = blocks(
            "<div id=zoom>第一段。<br><br>\n第二段。<br>\u{3000}\u{3000}第三段，<br>同段换行。<br>句末换行是新段。<br>■记者 张三</div>",
        );
        let texts: Vec<String> = b
            .blocks
            .iter()
            .map(|b| paragraph_text(b).unwrap_or_default())
            .collect();
        // A break after a full sentence starts a paragraph (pages that set paragraphs
        // with <br> alone); one inside a sentence stays a line break.
        assert_eq!(
            texts,
            vec![
                "第一段。",
                "第二段。",
                "第三段，\n同段换行。",
                "句末换行是新段。"
            ]
        );
        assert_eq!(b.credits.len(), 1, "{:?}", b.credits);
    }

    #[test]
    fn figure_caption_and_byline() {
        let b = blocks(
            "<p>本报记者 张三</p><figure><img src='https://x/a.jpg'><figcaption>图为会场。李四 摄</figcaption></figure><p>正文内容。</p><blockquote><p>引文。</p></blockquote>",
        );
        assert_eq!(b.credits.len(), 2, "{:?}", b.credits);
        assert!(
            matches!(&b.blocks[0], Block::Image { caption: Some(c), .. } if c == "图为会场。李四 摄")
        );
        assert!(matches!(&b.blocks[2], Block::Quote { content } if content.len() == 1));
        assert_eq!(b.warnings[0].code, "remote-image");
    }

    #[test]
    fn scripts_styles_and_share_bars_stay_out() {
        let b = blocks(
            "<div><p>正文。</p><script>var 中文 = '脚本里的中文';</script><style>.x{content:'样式'}</style><div class='share-bar'>分享到微信</div><noscript>请启用脚本</noscript></div>",
        );
        assert_eq!(b.blocks, vec![Block::paragraph("正文。")]);
    }

    #[test]
    fn bracketed_editor_line_is_an_editorial_credit() {
        let b =
            blocks("<div><p>第一段正文。</p><p>最后一段正文。</p><p>【责任编辑:王萌】</p></div>");
        assert_eq!(b.blocks.len(), 2, "{:?}", b.blocks);
        assert_eq!(
            b.credits,
            vec![Credit {
                role: "责任编辑".into(),
                name: "王萌".into()
            }]
        );
        let b = blocks("<div><p>正文一段。</p><p>[编辑：李四]</p></div>");
        assert_eq!(b.blocks.len(), 1, "{:?}", b.blocks);
        assert_eq!(b.credits.len(), 1, "{:?}", b.credits);
        assert_eq!(b.credits[0].name, "李四");
    }

    #[test]
    fn a_centred_line_under_a_centred_picture_is_its_caption() {
        let b = blocks(
            "<div><p>第一段正文内容在这里。</p><p style='text-align: center'><img src='https://x.test/a.jpg'></p><p style='text-align:center'>旅客在车站候车。</p><p>第二段正文。</p></div>",
        );
        assert_eq!(b.blocks.len(), 3, "{:?}", b.blocks);
        assert!(
            matches!(&b.blocks[1], Block::Image { caption: Some(c), .. } if c == "旅客在车站候车。"),
            "{:?}",
            b.blocks
        );
        // A centred paragraph with no picture above it stays a paragraph.
        let b = blocks("<div><p>正文。</p><p align='center'>居中的一段话。</p></div>");
        assert_eq!(b.blocks.len(), 2, "{:?}", b.blocks);
    }

    #[test]
    fn credits_in_lines_around_the_text() {
        // The editor field at the end of a source line.
        assert_eq!(
            editor_credits("稿件来源：四川日报　　责任编辑：李娜", "editor line"),
            Some(vec![Credit {
                role: "责任编辑".into(),
                name: "李娜".into()
            }])
        );
        // Every name under a paper's reporter role.
        let c = byline("□四川日报全媒体记者 史晓露 刘佳").unwrap_or_default();
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c.iter().all(|x| x.role == "四川日报全媒体记者"), "{c:?}");
    }

    #[test]
    fn a_sentence_after_a_related_list_is_text_again() {
        let b = blocks(
            "<div><p>第一段正文内容在这里，写得足够长一些。</p><div><h3>延伸閱讀</h3><a href='/1'>新北社宅再釋500戶</a><a href='/2'>租金補貼申請開跑</a></div><p>申請期間自即日起至5月25日止。</p></div>",
        );
        let text: Vec<String> = b.blocks.iter().filter_map(paragraph_text).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert_eq!(text[1], "申請期間自即日起至5月25日止。");
    }
}
