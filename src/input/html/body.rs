//! An article body element → model blocks. One iterative pass over open/close edges with
//! explicit stacks (inline frames, block containers), so 100,000 nested elements cost
//! heap, not call stack. Then [`tidy`] turns what the markup leaves implicit into
//! structure: bold-only lines into headings, caption lines into image captions, bylines
//! into credits, and drops navigation lines that sit inside the body.

use super::dom::{Step, collapse_ws, dropped_below, is_block, walk};
use super::images::{self, ImageContext};
use crate::input::chrome::{self, Action, ChromeMeta};
use crate::input::credits;
use crate::input::repair::is_han;
use crate::model::{Block, Credit, Inline, plain_text};
use crate::warning::Warning;
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
    for step in walk(root, dropped_below(root)) {
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
            "img" => {
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
                Frame::Block
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

const CLOSING: &[char] = &[
    '。', '！', '？', '；', '：', '，', '、', '…', '.', '!', '?', ';', ':', ',',
];

/// A paragraph that is only bold text, short and unpunctuated: a 小标题.
fn bold_heading(content: &[Inline]) -> Option<String> {
    let [Inline::Strong { content: inner }] = content else {
        return None;
    };
    let text = plain_text(inner).trim().to_string();
    let n = text.chars().count();
    ((2..=30).contains(&n) && !text.ends_with(CLOSING) && text.chars().any(is_han)).then_some(text)
}

/// A photo caption line: 图为…, ▲…, or ending in a photo credit (…张三 摄).
pub fn is_caption(t: &str) -> bool {
    let n = t.chars().count();
    n <= 150
        && (t.starts_with("图为")
            || t.starts_with('▲')
            || t.starts_with("（图")
            || t.starts_with("图：")
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
    let t = t.trim().trim_start_matches(['□', '■', '●']);
    for role in ["记者", "通讯员"] {
        if let Some((paper, rest)) = t.split_once(role)
            && (2..=10).contains(&paper.chars().count())
            && paper.ends_with(['报', '社', '网', '台'])
            && paper.chars().all(is_han)
            && let Some(mut c) = credits::parse_byline(&format!("{role} {}", rest.trim()))
            && !c.is_empty()
        {
            if let Some(first) = c.first_mut() {
                first.role = format!("{paper}{role}");
            }
            return Some(c);
        }
    }
    None
}

/// Structure the markup leaves implicit. See the module doc.
pub fn tidy(body: &mut Body) {
    let mut blocks = std::mem::take(&mut body.blocks);
    // Bylines before the text come first in the credits.
    while let Some(t) = blocks.first().and_then(paragraph_text) {
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
        if let Some(t) = paragraph_text(&b) {
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
            if in_list && t.chars().count() <= 40 {
                body.chrome_dropped += 1;
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
        // A caption line right after a picture belongs to it.
        if let Some(t) = paragraph_text(&b)
            && let Some(Block::Image { caption, .. }) = out.last_mut()
            && caption.is_none()
            && (is_caption(&t) || t.chars().count() <= 40 && !t.ends_with('。'))
        {
            body.credits.extend(photo_credits(&t).unwrap_or_default());
            *caption = Some(t);
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
    // Bylines before the text (after navigation lines) and at its end.
    while let Some(t) = out.first().and_then(paragraph_text) {
        match byline(&t) {
            Some(c) => {
                body.credits.extend(c);
                out.remove(0);
            }
            None => break,
        }
    }
    while let Some(t) = out.last().and_then(paragraph_text) {
        match byline(&t) {
            Some(c) if t.chars().count() <= 40 => {
                body.credits.extend(c);
                out.pop();
            }
            _ => break,
        }
    }
    if let Some(t) = out.first().and_then(paragraph_text) {
        for c in credits::dateline_credits(&t) {
            if !body.credits.contains(&c) {
                body.credits.push(c);
            }
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
    fn inline_markup_and_headings() {
        let b = blocks(
            "<p>　　今天<strong>很</strong>好，<a href='x.html'>链接</a>。<br>第二行</p><h3>小标题</h3><p><b>项目攻坚构建现代产业体系</b></p><p>正文。</p>",
        );
        assert_eq!(b.blocks.len(), 4, "{:?}", b.blocks);
        let Block::Paragraph { content } = &b.blocks[0] else {
            panic!()
        };
        assert_eq!(plain_text(content), "今天很好，链接。\n第二行");
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
            "<div id=zoom>第一段。<br><br>\n第二段。<br>\u{3000}\u{3000}第三段。<br>同段换行。</div>",
        );
        let texts: Vec<String> = b
            .blocks
            .iter()
            .map(|b| paragraph_text(b).unwrap_or_default())
            .collect();
        assert_eq!(texts, vec!["第一段。", "第二段。", "第三段。\n同段换行。"]);
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
}
