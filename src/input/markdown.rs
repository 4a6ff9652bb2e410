//! Reader for Markdown with YAML front matter (the format `-t md` writes), parsed with
//! pulldown-cmark into the same model. Our own output reads back to the same article, so
//! md → md is a byte-identical round trip.

use super::meta::MetaPatch;
use crate::error::{Error, Result};
use crate::model::{Block, Inline};
use crate::warning::Warning;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::path::Path;

/// Front matter (as a patch) and body blocks.
pub struct ParsedMarkdown {
    pub front: MetaPatch,
    pub body: Vec<Block>,
    pub warnings: Vec<Warning>,
}

/// Splits `---\n…\n---\n` front matter from the body.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    (None, text)
}

/// Front matter nested deeper than this is refused before the YAML parser sees it:
/// metadata needs two or three levels, and the parser takes quadratic time on deep
/// nesting (100,000 levels took 46 s to fail).
pub const MAX_FRONT_MATTER_DEPTH: usize = 64;
/// Front matter larger than this is refused: it is metadata, not the article.
pub const MAX_FRONT_MATTER_BYTES: usize = 1024 * 1024;

/// A cheap upper bound of the YAML nesting: flow brackets open (quotes are not
/// followed, so a bracket inside a string counts too; that only overestimates), and
/// the `- ` / `? ` markers that open block levels on one line. Nesting by indentation
/// alone costs quadratic bytes, which the size limit bounds.
fn check_front_matter(yaml: &str) -> std::result::Result<(), String> {
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(format!(
            "the front matter is larger than {} KiB; metadata never is",
            MAX_FRONT_MATTER_BYTES / 1024
        ));
    }
    let too_deep = || {
        Err(format!(
            "the front matter nests more than {MAX_FRONT_MATTER_DEPTH} levels deep; metadata never does"
        ))
    };
    let mut flow = 0usize;
    for line in yaml.lines() {
        let mut markers = 0usize;
        let mut rest = line.trim_start();
        while let Some(r) = rest
            .strip_prefix('-')
            .or_else(|| rest.strip_prefix('?'))
            .filter(|r| r.is_empty() || r.starts_with([' ', '\t']))
        {
            markers += 1;
            rest = r.trim_start();
        }
        if markers > MAX_FRONT_MATTER_DEPTH {
            return too_deep();
        }
        for b in line.bytes() {
            match b {
                b'[' | b'{' => flow += 1,
                b']' | b'}' => flow = flow.saturating_sub(1),
                _ => {}
            }
            if flow > MAX_FRONT_MATTER_DEPTH {
                return too_deep();
            }
        }
    }
    Ok(())
}

/// Reads Markdown into one article (the input stage's entry point for this format).
///
/// Markdown with front matter (ours, pandoc's, a hand-written article's) says what its
/// metadata is, and its body is taken as it is: our own output reads back unchanged.
/// Markdown without (a scraper's: Jina Reader's `Title:`/`URL Source:`/`Markdown
/// Content:` dump, html2text or markdownify output) is a web page's body: it gets the
/// HTML reader's tidying (bylines and editor lines to credits, breadcrumbs and
/// previous/next links dropped, captions joined to their pictures), and a first
/// heading that repeats the title is the headline, not body text.
pub fn read(path: &Path, text: &str) -> Result<super::Parsed> {
    let (reader, text) = match reader_header(text) {
        Some((patch, rest)) => (patch, rest),
        None => (MetaPatch::default(), text),
    };
    let parsed = parse(path, text)?;
    if split_front_matter(text).0.is_some() {
        let mut article = crate::model::Article::default();
        parsed.front.or(reader).apply(&mut article.meta);
        article.body = parsed.body;
        let reason = "Markdown with YAML front matter".to_string();
        return Ok(markdown_parsed(article, reason, 0, parsed.warnings));
    }
    let mut body = super::html::body::Body {
        blocks: parsed.body,
        ..Default::default()
    };
    let mut given = parsed.front.or(reader);
    take_headline(&mut body.blocks, &mut given.headline);
    let info = take_info_lines(&mut body.blocks);
    take_breadcrumbs(&mut body.blocks, &mut body.chrome);
    for b in &mut body.blocks {
        if let Block::Image { alt, caption, .. } = b
            && caption.as_deref() == Some(alt.as_str())
            && placeholder_alt(alt)
        {
            // Left open for the caption line under the picture.
            *caption = None;
        }
    }
    super::html::body::tidy(&mut body);
    // As a paper prints them: the writers, then the photographers, then the desk.
    body.credits.sort_by_key(|c| {
        (
            c.is_editorial(),
            c.role.contains('摄') || c.role.contains('攝'),
        )
    });
    let chrome = body.chrome;
    let mut credits = info.patch.credits.unwrap_or_default();
    credits.extend(body.credits);
    let found = MetaPatch {
        credits: Some(credits).filter(|c| !c.is_empty()),
        date: chrome.date.as_deref().and_then(|d| d.parse().ok()),
        page: chrome.patch.page,
        page_name: chrome.patch.page_name,
        ..MetaPatch::default()
    };
    let from_info = MetaPatch {
        date: info.patch.date,
        ..info
            .source
            .as_deref()
            .map(super::html::source_patch)
            .unwrap_or_default()
    };
    let mut article = crate::model::Article::default();
    MetaPatch::merge([given, from_info, found]).apply(&mut article.meta);
    article.body = body.blocks;
    let reason = format!(
        "Markdown without front matter, tidied as a scraped page; {} lines dropped as navigation",
        body.chrome_dropped
    );
    Ok(markdown_parsed(
        article,
        reason,
        body.chrome_dropped,
        parsed.warnings,
    ))
}

fn markdown_parsed(
    article: crate::model::Article,
    reason: String,
    chrome_lines: usize,
    warnings: Vec<Warning>,
) -> super::Parsed {
    super::Parsed {
        articles: vec![article],
        extraction: super::Extraction {
            method: "markdown",
            reason,
        },
        chrome_lines,
        decisions: Vec::new(),
        warnings,
    }
}

/// Whether `text` is a Jina Reader dump (its header, then Markdown): scrapers save them
/// as `.txt` too.
pub fn is_reader_dump(text: &str) -> bool {
    reader_header(text).is_some()
}

/// The header Jina Reader (r.jina.ai) writes before a page's Markdown: `Title:`,
/// `URL Source:`, `Published Time:` (and other `Key: value` lines) up to a line
/// `Markdown Content:`. Its metadata, and the Markdown after it; `None` for any other
/// text.
fn reader_header(text: &str) -> Option<(MetaPatch, &str)> {
    let mut patch = MetaPatch::default();
    let mut titled = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n').take(40) {
        offset += line.len();
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t == "Markdown Content:" {
            return titled.then_some((patch, &text[offset..]));
        }
        let (key, value) = t.split_once(':')?;
        let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
        match key {
            "Title" => {
                titled = true;
                patch.headline = value;
            }
            "URL Source" => patch.source = value,
            // An ISO time: its date.
            "Published Time" => patch.date = value.and_then(|v| v.get(..10)?.parse().ok()),
            _ if key.len() <= 24 && key.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') => {}
            _ => return None,
        }
    }
    None
}

/// The info lines under a scraped page's headline (`2024-05-16 09:12 来源：经济日报`,
/// `作者：张三`), among its first short paragraphs before the text: taken out of the
/// body and read as the HTML reader reads an info bar.
fn take_info_lines(blocks: &mut Vec<Block>) -> super::html::head::Head {
    let mut head = super::html::head::Head::default();
    let mut i = 0;
    while i < blocks.len().min(8) {
        let Block::Paragraph { content } = &blocks[i] else {
            i += 1;
            continue;
        };
        let t = crate::model::plain_text(content);
        let t = t.trim();
        if t.chars().count() > 60 {
            break;
        }
        let mut line = super::html::head::Head::default();
        super::html::head::info_line(t, &mut line);
        let credits = line.patch.credits.take().unwrap_or_default();
        if line.patch.date.is_none() && line.source.is_none() && credits.is_empty() {
            i += 1;
            continue;
        }
        head.patch.date = head.patch.date.or(line.patch.date);
        head.source = head.source.or(line.source);
        head.patch.credits.get_or_insert_default().extend(credits);
        blocks.remove(i);
    }
    head
}

/// A breadcrumb trail among the first blocks (`[首页](…) > [第03版：要闻](…)`, links
/// between `>`): navigation, taken out, whose parts may name the page (the chrome table
/// reads each part).
fn take_breadcrumbs(blocks: &mut Vec<Block>, chrome: &mut super::chrome::ChromeMeta) {
    let trail = |b: &Block| -> Option<Vec<String>> {
        let Block::Paragraph { content } = b else {
            return None;
        };
        // Trails are links; `气温 > 30度` in a sentence is not one.
        if !content.iter().any(|i| matches!(i, Inline::Link { .. })) {
            return None;
        }
        let t = crate::model::plain_text(content);
        let parts: Vec<String> = t
            .split(['>', '›', '»', '＞'])
            .map(|p| p.trim().to_string())
            .collect();
        let short = parts.iter().all(|p| (1..=16).contains(&p.chars().count()));
        (parts.len() >= 2 && parts.len() <= 6 && short).then_some(parts)
    };
    if let Some(i) = blocks.iter().take(6).position(|b| trail(b).is_some())
        && let Some(parts) = trail(&blocks[i])
    {
        for part in &parts {
            super::chrome::classify(part, chrome);
        }
        blocks.remove(i);
    }
}

/// Alt text a converter made up rather than took from the page: `Image 1` (Jina
/// Reader numbers every picture), `image`, `图片`, or the picture's file name.
fn placeholder_alt(alt: &str) -> bool {
    let t = alt.trim();
    let word = t.trim_end_matches(|c: char| {
        c.is_ascii_digit() || c.is_whitespace() || c == '-' || c == '_'
    });
    let is_file = t.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && matches!(
                ext.to_ascii_lowercase().as_str(),
                "jpg" | "jpeg" | "png" | "gif" | "webp" | "bmp"
            )
    });
    t.is_empty()
        || is_file
        || [
            "image", "img", "photo", "picture", "pic", "图片", "圖片", "图", "圖",
        ]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

/// A heading among the first blocks that repeats the title (a scraped page's `<h1>`)
/// is the headline, not body text; with no title given, a first-level heading that
/// opens the text is it.
fn take_headline(blocks: &mut Vec<Block>, headline: &mut Option<String>) {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let at = blocks
        .iter()
        .take(4)
        .position(|b| match (b, headline.as_deref()) {
            (Block::Heading { text, .. }, Some(h)) => squash(text) == squash(h),
            (Block::Heading { level: 1, .. }, None) => true,
            _ => false,
        });
    if let Some(i) = at
        && let Block::Heading { text, .. } = blocks.remove(i)
    {
        headline.get_or_insert(text);
    }
}

pub fn parse(path: &Path, text: &str) -> Result<ParsedMarkdown> {
    let (front, body) = split_front_matter(text);
    let (front, warnings) = match front {
        Some(yaml) if !yaml.trim().is_empty() => {
            check_front_matter(yaml).map_err(|message| Error::Parse {
                path: path.to_path_buf(),
                message,
            })?;
            let value: serde_json::Value =
                serde_norway::from_str(yaml).map_err(|e| Error::Parse {
                    path: path.to_path_buf(),
                    message: format!("front matter is not valid YAML: {e}"),
                })?;
            match value {
                serde_json::Value::Object(map) => {
                    MetaPatch::from_map(&map, &format!("front matter of {}", path.display()))?
                }
                serde_json::Value::Null => (MetaPatch::default(), Vec::new()),
                _ => {
                    return Err(Error::Parse {
                        path: path.to_path_buf(),
                        message: "front matter must be a map of keys".into(),
                    });
                }
            }
        }
        _ => (MetaPatch::default(), Vec::new()),
    };
    Ok(ParsedMarkdown {
        front,
        body: parse_body(body),
        warnings,
    })
}

/// Builds blocks from pulldown-cmark events with an explicit stack (no recursion, so
/// deeply nested input cannot overflow the stack).
fn parse_body(text: &str) -> Vec<Block> {
    let mut b = BodyBuilder::default();
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        b.event(event);
    }
    b.finish()
}

/// Quotes nested deeper than this are folded into their parent, so hostile input cannot
/// build a model too deep for the writers' recursion.
const MAX_QUOTE_DEPTH: usize = 16;

/// An element still open while the events are read.
enum Frame {
    Quote(Vec<Block>),
    Para(Vec<Inline>, Option<Figure>),
    Heading(u8, Vec<Inline>),
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Link(String, Vec<Inline>),
    Image(String, String, Vec<Inline>),
}

impl Frame {
    /// The inlines of a frame that holds them.
    fn inlines(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Frame::Para(v, _) | Frame::Heading(_, v) | Frame::Strong(v) | Frame::Emph(v) => Some(v),
            Frame::Link(_, v) | Frame::Image(_, _, v) => Some(v),
            Frame::Quote(_) => None,
        }
    }
}

/// The blocks built so far and the frames still open.
#[derive(Default)]
struct BodyBuilder {
    root: Vec<Block>,
    stack: Vec<Frame>,
    soft: SoftBreaks,
    quote_depth: usize,
}

impl BodyBuilder {
    fn event(&mut self, event: Event) {
        if let Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::Item) =
            &event
        {
            self.soft = SoftBreaks::default();
        }
        let closes = matches!(event, Event::End(_));
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => {
                if let Some((depth, space)) = self.soft.text(&t) {
                    self.push_inline_at(depth, space);
                }
                self.push_inline(Inline::text(t.to_string()));
            }
            Event::SoftBreak => self.soft.pending = Some(self.stack.len()),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::InlineHtml(tag) => self.inline_html(tag.trim()),
            _ => {}
        }
        // A break at the very end of a closed inline (`[a\n](x)`) joins nothing.
        if closes
            && self
                .soft
                .pending
                .is_some_and(|depth| self.stack.len() < depth)
        {
            self.soft.pending = None;
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                self.close_loose_para();
                self.stack.push(Frame::Para(Vec::new(), None));
            }
            Tag::Heading { level, .. } => self
                .stack
                .push(Frame::Heading(heading_level(level), Vec::new())),
            Tag::BlockQuote(_) => {
                self.close_loose_para();
                self.quote_depth += 1;
                if self.quote_depth <= MAX_QUOTE_DEPTH {
                    self.stack.push(Frame::Quote(Vec::new()));
                }
            }
            Tag::Strong => self.stack.push(Frame::Strong(Vec::new())),
            Tag::Emphasis | Tag::Strikethrough => self.stack.push(Frame::Emph(Vec::new())),
            Tag::Link { dest_url, .. } => self
                .stack
                .push(Frame::Link(dest_url.to_string(), Vec::new())),
            Tag::Image {
                dest_url, title, ..
            } => self.stack.push(Frame::Image(
                dest_url.to_string(),
                title.to_string(),
                Vec::new(),
            )),
            Tag::Item => self.close_loose_para(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                if let Some(Frame::Para(content, figure)) = self.stack.pop() {
                    self.push_block(paragraph_or_figure(content, figure));
                }
            }
            TagEnd::Heading(_) => {
                if let Some(Frame::Heading(level, content)) = self.stack.pop() {
                    let text = crate::model::plain_text(&content);
                    self.push_block(Block::Heading { level, text });
                }
            }
            TagEnd::BlockQuote(_) => {
                self.close_loose_para();
                self.quote_depth = self.quote_depth.saturating_sub(1);
                if self.quote_depth < MAX_QUOTE_DEPTH
                    && let Some(Frame::Quote(content)) = self.stack.pop()
                {
                    self.push_block(Block::Quote { content });
                }
            }
            TagEnd::Strong => self.close_strong(),
            TagEnd::Emphasis | TagEnd::Strikethrough => self.close_emphasis(),
            TagEnd::Link => {
                if let Some(Frame::Link(href, content)) = self.stack.pop() {
                    self.push_inline(Inline::Link { href, content });
                }
            }
            TagEnd::Image => {
                if let Some(Frame::Image(src, title, content)) = self.stack.pop() {
                    let caption = crate::model::plain_text(&content);
                    self.push_image(src, title, caption);
                }
            }
            TagEnd::Item => self.close_loose_para(),
            _ => {}
        }
    }

    /// Our writer uses <strong>/<em> where `**` cannot open or close (CJK punctuation
    /// against Han text); other HTML is not article text.
    fn inline_html(&mut self, tag: &str) {
        match tag {
            "<strong>" | "<b>" => self.stack.push(Frame::Strong(Vec::new())),
            "<em>" | "<i>" => self.stack.push(Frame::Emph(Vec::new())),
            "</strong>" | "</b>" if matches!(self.stack.last(), Some(Frame::Strong(_))) => {
                self.close_strong()
            }
            "</em>" | "</i>" if matches!(self.stack.last(), Some(Frame::Emph(_))) => {
                self.close_emphasis()
            }
            _ => {}
        }
    }

    fn close_strong(&mut self) {
        if let Some(Frame::Strong(content)) = self.stack.pop() {
            self.push_inline(Inline::Strong { content });
        }
    }

    fn close_emphasis(&mut self) {
        if let Some(Frame::Emph(content)) = self.stack.pop() {
            self.push_inline(Inline::Emphasis { content });
        }
    }

    /// A block into the innermost open quote, or the body.
    fn push_block(&mut self, block: Block) {
        match self.stack.iter_mut().rev().find_map(|f| match f {
            Frame::Quote(b) => Some(b),
            _ => None,
        }) {
            Some(blocks) => blocks.push(block),
            None => self.root.push(block),
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.stack.last_mut().and_then(Frame::inlines).is_none() {
            // Text outside a paragraph (e.g. in a list item, tight): open one.
            self.stack.push(Frame::Para(Vec::new(), None));
        }
        if let Some(target) = self.stack.last_mut().and_then(Frame::inlines) {
            append(target, inline);
        }
    }

    /// `inline` into the frame `depth` deep when it is still open and holds inlines,
    /// else where [`BodyBuilder::push_inline`] puts it.
    fn push_inline_at(&mut self, depth: usize, inline: Inline) {
        match depth
            .checked_sub(1)
            .and_then(|i| self.stack.get_mut(i))
            .and_then(Frame::inlines)
        {
            Some(target) => append(target, inline),
            None => self.push_inline(inline),
        }
    }

    fn close_loose_para(&mut self) {
        if let Some(Frame::Para(..)) = self.stack.last()
            && let Some(Frame::Para(content, figure)) = self.stack.pop()
        {
            self.push_block(paragraph_or_figure(content, figure));
        }
    }

    /// An image goes into the text as a link to the picture with its alt text (the model
    /// has no inline pictures); directly in a paragraph it is also remembered as the
    /// figure that paragraph is, should it hold nothing else.
    fn push_image(&mut self, src: String, title: String, caption: String) {
        self.push_inline(Inline::Link {
            href: src.clone(),
            content: vec![Inline::text(caption.clone())],
        });
        if let Some(Frame::Para(content, figure)) = self.stack.last_mut() {
            let alt = if title.is_empty() {
                caption.clone()
            } else {
                title
            };
            *figure = Some(Figure {
                at: content.len().saturating_sub(1),
                image: Block::Image {
                    src,
                    alt,
                    caption: Some(caption).filter(|c| !c.is_empty()),
                },
            });
        }
    }

    /// Closes what is still open at the end of the text.
    fn finish(mut self) -> Vec<Block> {
        while let Some(frame) = self.stack.pop() {
            match frame {
                Frame::Para(content, figure) => {
                    self.push_block(paragraph_or_figure(content, figure))
                }
                Frame::Quote(content) => self.push_block(Block::Quote { content }),
                _ => {}
            }
        }
        self.root
    }
}

/// Adjacent text runs are one run.
fn append(target: &mut Vec<Inline>, inline: Inline) {
    if let (Inline::Text { text }, Some(Inline::Text { text: prev })) = (&inline, target.last_mut())
    {
        prev.push_str(text);
        return;
    }
    target.push(inline);
}

/// Soft line breaks (a newline inside a paragraph), resolved when the text after one
/// arrives, so no marker enters the model: a newline inside Chinese text is not a space
/// (nothing between two CJK characters), inside Latin text it is; a break at a block's
/// edge joins nothing.
#[derive(Debug, Default)]
struct SoftBreaks {
    /// The last character of text in the current block, in whatever inline it was.
    last: Option<char>,
    /// A break waiting for the text after it: the stack depth of the frame it was in.
    pending: Option<usize>,
}

impl SoftBreaks {
    /// Takes note of `text`; what a pending break becomes before it, if anything: a
    /// space, and the depth of the frame it goes into.
    fn text(&mut self, text: &str) -> Option<(usize, Inline)> {
        let first = text.chars().next()?;
        let before = self.last.replace(text.chars().last().unwrap_or(first));
        let depth = self.pending.take()?;
        let cjk = |c: char| super::repair::is_han(c) || super::repair::is_cjk_punct(c);
        let joins = before.is_none_or(|b| cjk(b) && cjk(first));
        (!joins).then(|| (depth, Inline::text(" ")))
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The last image set directly in a paragraph: where its link is in the paragraph's
/// text, and the picture block it becomes if the paragraph holds nothing else.
struct Figure {
    at: usize,
    image: Block,
}

/// A paragraph holding only an image is a figure: `![caption](src "alt")`.
fn paragraph_or_figure(content: Vec<Inline>, figure: Option<Figure>) -> Block {
    if let Some(figure) = figure {
        let mut shown = content
            .iter()
            .enumerate()
            .filter(|(_, i)| !is_blank_text(i));
        if let (Some((at, _)), None) = (shown.next(), shown.next())
            && at == figure.at
        {
            return figure.image;
        }
    }
    Block::Paragraph { content }
}

fn is_blank_text(i: &Inline) -> bool {
    matches!(i, Inline::Text { text } if text.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jina_reader_header_gives_title_url_and_date() {
        let text = "Title: 标题\n\nURL Source: https://a.cn/x.html\n\nPublished Time: 2024-08-20T07:30:00+08:00\n\nWarning: This page maybe requiring CAPTCHA\n\nMarkdown Content:\n正文。\n";
        let (patch, rest) = reader_header(text).expect("a header");
        assert_eq!(patch.headline.as_deref(), Some("标题"));
        assert_eq!(patch.source.as_deref(), Some("https://a.cn/x.html"));
        assert_eq!(
            patch.date.map(|d| d.to_string()).as_deref(),
            Some("2024-08-20")
        );
        assert_eq!(rest, "正文。\n");
        // Text that only starts like one is not a header.
        assert!(reader_header("Title: 标题\n\n正文第一段。\n\nMarkdown Content:\n").is_none());
        assert!(reader_header("URL Source: x\nMarkdown Content:\n").is_none());
        assert!(reader_header("# 标题\n\n正文。").is_none());
    }

    #[test]
    fn a_breadcrumb_trail_names_the_page_and_leaves() {
        let link = |t: &str| Inline::Link {
            href: "https://a.cn/".into(),
            content: vec![Inline::text(t)],
        };
        let trail = Block::Paragraph {
            content: vec![link("首页"), Inline::text(" > "), link("第03版：要闻")],
        };
        let sentence = Block::Paragraph {
            content: vec![Inline::text("气温 > 30度")],
        };
        let mut blocks = vec![sentence.clone(), trail];
        let mut chrome = crate::input::chrome::ChromeMeta::default();
        take_breadcrumbs(&mut blocks, &mut chrome);
        assert_eq!(blocks, [sentence]);
        assert_eq!(chrome.patch.page.as_deref(), Some("03"));
        assert_eq!(chrome.patch.page_name.as_deref(), Some("要闻"));
    }

    #[test]
    fn made_up_alt_texts_are_told_from_real_ones() {
        for alt in ["Image 1", "image", "IMG_2041", "图片", "port.jpg", ""] {
            assert!(placeholder_alt(alt), "{alt}");
        }
        for alt in ["新建的城东幼儿园", "Image of the harbour", "图为港口"] {
            assert!(!placeholder_alt(alt), "{alt}");
        }
    }

    #[test]
    fn the_heading_that_repeats_the_title_is_the_headline() {
        let h = |level: u8, t: &str| Block::Heading {
            level,
            text: t.into(),
        };
        let p = |t: &str| Block::Paragraph {
            content: vec![Inline::text(t)],
        };
        let mut blocks = vec![p("首页"), h(1, "港口 吞吐量增长"), p("正文。")];
        let mut headline = Some("港口吞吐量增长".to_string());
        take_headline(&mut blocks, &mut headline);
        assert_eq!(blocks, [p("首页"), p("正文。")]);
        // With no title given, a first-level heading at the top is it; a lower one is not.
        let mut none = None;
        let mut blocks = vec![h(2, "小标题"), p("正文。")];
        take_headline(&mut blocks, &mut none);
        assert_eq!((blocks.len(), none.as_deref()), (2, None));
        let mut blocks = vec![h(1, "标题"), p("正文。")];
        take_headline(&mut blocks, &mut none);
        assert_eq!((blocks.len(), none.as_deref()), (1, Some("标题")));
    }

    #[test]
    fn deep_front_matter_is_refused_quickly() {
        for yaml in [
            format!("a: {}", "[".repeat(100_000)),
            format!("a: {}", "{b: ".repeat(100_000)),
            format!("a:\n{}x", "- ".repeat(100_000)),
        ] {
            let md = format!("---\n{yaml}\n---\n正文。\n");
            let started = std::time::Instant::now();
            let err = parse(Path::new("x.md"), &md).err().expect("refused");
            assert!(err.to_string().contains("levels deep"), "{err}");
            assert!(started.elapsed().as_secs() < 2);
        }
        let ok =
            "---\ntitle: \"[图片] 标题\"\ncredits:\n  - {role: 记者, name: 张三}\n---\n正文。\n";
        assert!(parse(Path::new("x.md"), ok).is_ok());
    }

    fn body(md: &str) -> Vec<Block> {
        parse(Path::new("x.md"), md).unwrap().body
    }

    fn para(content: Vec<Inline>) -> Vec<Block> {
        vec![Block::Paragraph { content }]
    }

    fn strong(s: &str) -> Inline {
        Inline::Strong {
            content: vec![Inline::text(s)],
        }
    }

    #[test]
    fn soft_breaks_join_han_without_and_latin_with_a_space() {
        assert_eq!(
            body("第一段，\n接着写。\n"),
            [Block::paragraph("第一段，接着写。")]
        );
        assert_eq!(body("one\ntwo\n"), [Block::paragraph("one two")]);
        assert_eq!(body("中文\nLatin\n"), [Block::paragraph("中文 Latin")]);
        assert_eq!(body("Latin\n中文\n"), [Block::paragraph("Latin 中文")]);
        // The character before a break may sit in a closed inline, the one after in
        // an opening one; the space goes where the break was.
        assert_eq!(
            body("**a**\nb\n"),
            para(vec![strong("a"), Inline::text(" b")])
        );
        assert_eq!(
            body("**甲**\n乙\n"),
            para(vec![strong("甲"), Inline::text("乙")])
        );
        assert_eq!(
            body("a\n**b**\n"),
            para(vec![Inline::text("a "), strong("b")])
        );
        assert_eq!(
            body("甲\n**b**\n"),
            para(vec![Inline::text("甲 "), strong("b")])
        );
        assert_eq!(
            body("甲\n**乙**\n"),
            para(vec![Inline::text("甲"), strong("乙")])
        );
        assert_eq!(body("**a\nb**\n"), para(vec![strong("a b")]));
        // Headings and captions the same way.
        assert_eq!(
            body("Big\nnews\n===\n"),
            [Block::Heading {
                level: 1,
                text: "Big news".into()
            }]
        );
        assert_eq!(
            body("![图为\n现场](a.jpg)\n"),
            [Block::Image {
                src: "a.jpg".into(),
                alt: "图为现场".into(),
                caption: Some("图为现场".into())
            }]
        );
    }

    #[test]
    fn no_marker_enters_the_model() {
        let md = "a\n*b\nc*\n[d\n](x)e\n\n> 甲\n> 乙\n\n- f\n  g\n";
        let json = serde_json::to_string(&body(md)).unwrap();
        assert!(
            !json.contains("\\u0000") && !json.contains("soft"),
            "{json}"
        );
    }

    #[test]
    fn front_matter_and_body() {
        let md = "---\ntitle: \"标题\"\ndate: \"2023-12-18\"\n---\n\n## 小标题\n\n第一段，\n接着写。\n\n![图为现场](a.jpg)\n";
        let p = parse(Path::new("x.md"), md).unwrap();
        assert_eq!(p.front.headline.as_deref(), Some("标题"));
        assert_eq!(
            p.body,
            vec![
                Block::Heading {
                    level: 2,
                    text: "小标题".into()
                },
                Block::paragraph("第一段，接着写。"),
                Block::Image {
                    src: "a.jpg".into(),
                    alt: "图为现场".into(),
                    caption: Some("图为现场".into())
                },
            ]
        );
    }

    #[test]
    fn an_image_alone_is_a_figure_and_in_text_a_link() {
        let md = "![图一](a.jpg \"说明\")\n\n文字![图二](b.jpg)文字\n\n**![图三](c.jpg)**\n\n![一](d.jpg) ![二](e.jpg)\n\n> ![图四](f.jpg)\n";
        let p = parse(Path::new("x.md"), md).unwrap();
        let link = |href: &str, text: &str| Inline::Link {
            href: href.into(),
            content: vec![Inline::text(text)],
        };
        assert_eq!(
            p.body,
            vec![
                Block::Image {
                    src: "a.jpg".into(),
                    alt: "说明".into(),
                    caption: Some("图一".into())
                },
                Block::Paragraph {
                    content: vec![
                        Inline::text("文字"),
                        link("b.jpg", "图二"),
                        Inline::text("文字")
                    ]
                },
                Block::Paragraph {
                    content: vec![Inline::Strong {
                        content: vec![link("c.jpg", "图三")]
                    }]
                },
                Block::Paragraph {
                    content: vec![link("d.jpg", "一"), Inline::text(" "), link("e.jpg", "二")]
                },
                Block::Quote {
                    content: vec![Block::Image {
                        src: "f.jpg".into(),
                        alt: "图四".into(),
                        caption: Some("图四".into())
                    }]
                },
            ]
        );
    }

    #[test]
    fn line_breaks_in_headings_and_captions_join_like_running_text() {
        let md = "标题第一行\n第二行\n===\n\n![跨行\n的说明](x.png)\n\n![two\nlines](y.png)\n";
        let p = parse(Path::new("x.md"), md).unwrap();
        assert_eq!(
            p.body,
            vec![
                Block::Heading {
                    level: 1,
                    text: "标题第一行第二行".into()
                },
                Block::Image {
                    src: "x.png".into(),
                    alt: "跨行的说明".into(),
                    caption: Some("跨行的说明".into())
                },
                Block::Image {
                    src: "y.png".into(),
                    alt: "two lines".into(),
                    caption: Some("two lines".into())
                },
            ]
        );
    }

    #[test]
    fn inline_markup() {
        let p = parse(Path::new("x.md"), "a **b** *c* [d](http://e)\\\nf").unwrap();
        assert_eq!(
            p.body,
            vec![Block::Paragraph {
                content: vec![
                    Inline::text("a "),
                    Inline::Strong {
                        content: vec![Inline::text("b")]
                    },
                    Inline::text(" "),
                    Inline::Emphasis {
                        content: vec![Inline::text("c")]
                    },
                    Inline::text(" "),
                    Inline::Link {
                        href: "http://e".into(),
                        content: vec![Inline::text("d")]
                    },
                    Inline::LineBreak,
                    Inline::text("f"),
                ]
            }]
        );
    }

    #[test]
    fn strong_ending_in_cjk_punctuation_round_trips() {
        let article = crate::model::Article {
            body: vec![Block::Paragraph {
                content: vec![
                    Inline::Strong {
                        content: vec![Inline::text("加快发展。")],
                    },
                    Inline::text("改革"),
                    Inline::Emphasis {
                        content: vec![Inline::text("“新”")],
                    },
                    Inline::text("路"),
                ],
            }],
            ..Default::default()
        };
        let md = crate::output::markdown::write(&article, &Default::default());
        let back = parse(Path::new("x.md"), &md).unwrap();
        assert_eq!(back.body, article.body, "{md}");
    }

    #[test]
    fn bad_front_matter_is_an_error() {
        assert!(parse(Path::new("x.md"), "---\ntitle: [unclosed\n---\nbody").is_err());
    }

    #[test]
    fn deep_quotes_do_not_overflow() {
        let md = ">".repeat(10_000) + " deep";
        let p = parse(Path::new("x.md"), &md).unwrap();
        assert_eq!(p.body.len(), 1);
    }
}
