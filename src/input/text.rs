//! Reader for scraped plain text, the form most e-paper archives come in (see the seed in
//! `samples/`). Lines are sorted into site chrome (dropped, see `chrome.toml`), the article
//! head (kicker, headline, subtitle, byline) and the body (paragraphs, section headings,
//! pictures and captions, trailing credits).
//!
//! Layout conventions of Chinese papers this relies on: body paragraphs are indented (two
//! spaces, NBSP or U+3000) while headings are not; a kicker (引题) ends in —— when the
//! scraper flattened it onto its own line; a subtitle (副题) starts with ——; a byline
//! starts with □ or consists of roles and names only.

use super::chrome::{self, Action, ChromeMeta};
use super::credits;
use super::repair::{clean_invisible, is_han};
use crate::error::{Error, Result};
use crate::model::{Article, Block, Credit, Inline, Meta};
use std::path::Path;

/// What the text itself says about the article, before repair and metadata merge.
#[derive(Debug, Clone, Default)]
pub struct ParsedText {
    pub kicker: Option<String>,
    pub headline: Option<String>,
    pub subtitle: Option<String>,
    pub credits: Vec<Credit>,
    pub body: Vec<Block>,
    pub chrome: ChromeMeta,
    /// Number of lines dropped as site chrome.
    pub chrome_lines: usize,
}

#[derive(Debug, Clone)]
struct Line {
    /// Cleaned of invisible characters and trimmed: what classification looks at.
    text: String,
    /// As scraped, only the indentation trimmed: what `--no-repair` keeps.
    raw: String,
    indent: bool,
    blank_before: bool,
}

const BULLETS: &[char] = &['·', '•', '●', '◆', '▪', '-', '*', '○', '◇'];
/// Marks that end a sentence or clause: a line ending in one is not a heading, and the
/// line after it is not a hard-wrapped continuation.
const CLOSING: &[char] = &[
    '。', '！', '？', '；', '：', '…', '”', '’', '）', '」', '』', '】', '》', '.', '!', '?', ';',
    ':', ')', '"', '，', ',', '、',
];
const SENTENCE_END: &[char] = &[
    '。', '！', '？', '…', '”', '’', '」', '』', '.', '!', '?', '）', ')',
];
const DASHES: &[&str] = &["——", "──", "--", "―", "—"];
const IMAGE_EXTENSIONS: &[&str] = &[".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"];

fn is_layout_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{200B}' || c == '\u{FEFF}'
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Splits the text into lines and drops the site chrome, remembering what it said.
fn strip_chrome(text: &str, found: &mut ChromeMeta, dropped: &mut usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut blank_before = false;
    let mut in_list = false;
    let mut raw_lines = text.lines();
    while let Some(raw_line) = raw_lines.next() {
        let cleaned = clean_invisible(raw_line);
        let indent = cleaned.starts_with([' ', '\u{3000}']);
        let t = cleaned.trim_matches(is_layout_space).to_string();
        if t.is_empty() {
            blank_before = true;
            continue;
        }
        if in_list {
            if t.starts_with(BULLETS) {
                *dropped += 1;
                continue;
            }
            in_list = false;
        }
        match chrome::classify(&t, found) {
            Some(Action::Drop) => *dropped += 1,
            Some(Action::List) => {
                *dropped += 1;
                in_list = true;
            }
            Some(Action::Tail) => {
                *dropped += 1;
                for rest in raw_lines.by_ref() {
                    let rest = clean_invisible(rest);
                    chrome::mine(rest.trim_matches(is_layout_space), found);
                    *dropped += 1;
                }
                break;
            }
            Some(Action::Mine) | None => {
                lines.push(Line {
                    text: t,
                    raw: raw_line.trim_matches(is_layout_space).to_string(),
                    indent,
                    blank_before,
                });
                blank_before = false;
            }
        }
    }
    lines
}

/// A picture reference on a line of its own: `[图片]`, `[图片:a.jpg]`, `[img]a.jpg[/img]`,
/// `![alt](a.jpg)`, `<img src="a.jpg">`, or a bare image file name.
fn image_reference(t: &str) -> Option<(String, String)> {
    let marked = t.starts_with(['!', '<', '[', '【']);
    let bare_candidate = t.len() < 300 && !t.contains(char::is_whitespace) && t.contains('.');
    if !marked && !bare_candidate {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    if let Some(inner) = t.strip_prefix("![")
        && let Some((alt, rest)) = inner.split_once("](")
        && let Some(src) = rest.strip_suffix(')')
    {
        return Some((src.trim().to_string(), alt.to_string()));
    }
    if lower.starts_with("<img")
        && let Some(pos) = lower.find("src=")
    {
        let rest = &t[pos + 4..];
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
        let src = match quote {
            Some(q) => rest[1..].split(q).next().unwrap_or(""),
            None => rest.split([' ', '>']).next().unwrap_or(""),
        };
        return Some((src.to_string(), String::new()));
    }
    if let Some(inner) = lower.strip_prefix("[img]")
        && inner.ends_with("[/img]")
    {
        let src = &t[5..t.len() - 6];
        return Some((src.trim().to_string(), String::new()));
    }
    for open in ["[图片", "【图片"] {
        if let Some(inner) = t.strip_prefix(open) {
            let inner = inner.trim_end_matches([']', '】']);
            let src = inner.trim_start_matches([':', '：', ' ']).trim();
            return Some((src.to_string(), String::new()));
        }
    }
    let bare =
        !t.contains(char::is_whitespace) && IMAGE_EXTENSIONS.iter().any(|ext| lower.ends_with(ext));
    bare.then(|| (t.to_string(), String::new()))
}

/// A photo caption: 图为…, （图片…）, or a line ending in a photographer credit (…张三 摄).
fn is_caption(t: &str) -> bool {
    let n = char_len(t);
    if n > 150 {
        return false;
    }
    let body = t.trim_start_matches(['（', '(', '▲', '△', '↑', '上', '下', '左', '右', '图']);
    t.starts_with("图为")
        || t.starts_with("▲")
        || t.starts_with("（图")
        || (t.starts_with('图') && body.starts_with(['：', ':', ' ']))
        || photo_credit_suffix(t).is_some()
}

/// The photographer credit at the end of a caption: "…。本报记者 张三 摄" → credits.
fn photo_credit_suffix(t: &str) -> Option<Vec<Credit>> {
    let trimmed = t.trim_end_matches(['）', ')', ' ']);
    if !(trimmed.ends_with('摄') || trimmed.ends_with("供图") || trimmed.ends_with("摄影")) {
        return None;
    }
    // The credit starts after the last sentence mark or opening bracket.
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | '！' | '？' | '（' | '(' | '，' | '；'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let credit_text = trimmed[start..].trim();
    if let Some(names) = credit_text.strip_suffix("供图") {
        return Some(vec![Credit {
            role: "供图".into(),
            name: names.trim().to_string(),
        }])
        .filter(|c| !c[0].name.is_empty() && char_len(&c[0].name) <= 12);
    }
    credits::parse_byline(credit_text)
}

fn is_heading_candidate(line: &Line, doc_indented: bool) -> bool {
    let n = char_len(&line.text);
    let numbered = line
        .text
        .chars()
        .next()
        .is_some_and(|c| "一二三四五六七八九十".contains(c))
        && line.text.chars().take(4).any(|c| c == '、');
    (!doc_indented || !line.indent || numbered)
        && (2..=30).contains(&n)
        && !line.text.ends_with(CLOSING)
        && line.text.chars().any(is_han)
        && image_reference(&line.text).is_none()
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(SENTENCE_END)
}

/// Joins a hard-wrapped line onto its paragraph: no space between CJK, one between
/// Latin words.
fn join_wrapped(prev: &mut String, next: &str) {
    let last = prev.chars().last();
    let first = next.chars().next();
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(last) && latin(first) {
        prev.push(' ');
    }
    prev.push_str(next);
}

/// Reads scraped text into one article (the input stage's entry point for this format).
pub fn read(path: &Path, text: &str, keep_raw: bool) -> Result<super::Parsed> {
    let parsed = parse(text, keep_raw);
    let found = &parsed.chrome;
    let date = match &found.date {
        Some(d) => Some(d.parse().map_err(|_| Error::InvalidDate {
            value: d.clone(),
            origin: format!("the text of {}", path.display()),
        })?),
        None => None,
    };
    let article = Article {
        meta: Meta {
            kicker: parsed.kicker,
            headline: parsed.headline,
            subtitle: parsed.subtitle,
            credits: parsed.credits,
            publication: found.publication.clone(),
            publisher: found.publisher.clone(),
            site: found.site.clone(),
            date,
            page: found.page.clone(),
            page_name: found.page_name.clone(),
            source: None,
            lang: None,
        },
        body: parsed.body,
    };
    Ok(super::Parsed {
        articles: vec![article],
        extraction: super::Extraction {
            method: "text",
            reason: format!(
                "scraped text; {} line(s) of site chrome dropped",
                parsed.chrome_lines
            ),
        },
        chrome_lines: parsed.chrome_lines,
        warnings: Vec::new(),
    })
}

/// Parses scraped text. Never fails: text with no recognisable head yields an article
/// without a headline, and the caller decides whether an empty body is an error.
pub fn parse(text: &str, keep_raw: bool) -> ParsedText {
    let mut out = ParsedText::default();
    let lines = strip_chrome(text, &mut out.chrome, &mut out.chrome_lines);
    let pick = |l: &Line| {
        if keep_raw {
            l.raw.clone()
        } else {
            l.text.clone()
        }
    };

    // ---- head: the lines before the first body-like line ----------------------------
    let body_like = |l: &Line| {
        let n = char_len(&l.text);
        (l.indent && credits::parse_byline(&l.text).is_none())
            || n >= 50
            || (n >= 20 && ends_sentence(&l.text))
            || image_reference(&l.text).is_some()
    };
    let head_end = lines
        .iter()
        .position(body_like)
        .unwrap_or(lines.len())
        .min(6);
    let mut titles: Vec<&Line> = Vec::new();
    for line in &lines[..head_end] {
        match credits::parse_byline(&line.text) {
            Some(c) if !c.is_empty() => out.credits.extend(c),
            _ => titles.push(line),
        }
    }
    let mut body_start = head_end;
    if titles.len() > 3 {
        // More title-like lines than a head can have: the extra ones are body text.
        body_start -= titles.len() - 3;
        titles.truncate(3);
    }
    assign_titles(&titles, &pick, &mut out);

    // ---- body ------------------------------------------------------------------------
    let body_lines: Vec<&Line> = lines[body_start.min(lines.len())..].iter().collect();
    let doc_indented = body_lines.iter().any(|l| l.indent);
    let mut blocks: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < body_lines.len() {
        let line = body_lines[i];
        let next = body_lines.get(i + 1).copied();
        if blocks.is_empty()
            && let Some(c) = credits::parse_byline(&line.text).filter(|c| !c.is_empty())
        {
            // A byline set below the first picture or indented like the body.
            out.credits.extend(c);
            i += 1;
            continue;
        }
        if let Some((src, alt)) = image_reference(&line.text) {
            let caption = next.filter(|n| {
                is_caption(&n.text)
                    || (!n.indent
                        && doc_indented
                        && char_len(&n.text) <= 80
                        && !is_heading_candidate(n, doc_indented))
            });
            if let Some(c) = caption {
                out.credits
                    .extend(photo_credit_suffix(&c.text).unwrap_or_default());
                i += 1;
            }
            blocks.push(Block::Image {
                src,
                alt,
                caption: caption.map(pick),
            });
            i += 1;
            continue;
        }
        let prev_is_paragraph = matches!(blocks.last(), Some(Block::Paragraph { .. }));
        if !line.indent
            && doc_indented
            && is_caption(&line.text)
            && !prev_is_paragraph_open(&blocks)
        {
            out.credits
                .extend(photo_credit_suffix(&line.text).unwrap_or_default());
            blocks.push(Block::Image {
                src: String::new(),
                alt: String::new(),
                caption: Some(pick(line)),
            });
            i += 1;
            continue;
        }
        let heading = is_heading_candidate(line, doc_indented)
            && prev_is_paragraph
            && !prev_is_paragraph_open(&blocks)
            && next.is_some_and(|n| !is_heading_candidate(n, doc_indented));
        if heading {
            blocks.push(Block::Heading {
                level: 2,
                text: pick(line),
            });
        } else if doc_indented
            && !line.indent
            && !line.blank_before
            && prev_is_paragraph_open(&blocks)
        {
            if let Some(Block::Paragraph { content }) = blocks.last_mut()
                && let Some(Inline::Text { text }) = content.last_mut()
            {
                join_wrapped(text, &pick(line));
            }
        } else {
            blocks.push(Block::paragraph(pick(line)));
        }
        i += 1;
    }
    take_trailing_credits(&mut blocks, &mut out.credits);
    if let Some(Block::Paragraph { content }) = blocks.first() {
        for c in credits::dateline_credits(&crate::model::plain_text(content)) {
            if !out.credits.contains(&c) {
                out.credits.push(c);
            }
        }
    }
    out.body = blocks;
    out
}

/// The last block is a paragraph that has not ended its sentence (so the next line may
/// continue it).
fn prev_is_paragraph_open(blocks: &[Block]) -> bool {
    match blocks.last() {
        Some(Block::Paragraph { content }) => !ends_sentence(&crate::model::plain_text(content)),
        _ => false,
    }
}

/// Kicker, headline and subtitle from the head's title lines. Marked lines decide
/// (kicker ends in ——, subtitle starts with ——); unmarked ones fill in by position:
/// one line is the headline, two are headline + subtitle, three are all of them.
fn assign_titles(titles: &[&Line], pick: &dyn Fn(&Line) -> String, out: &mut ParsedText) {
    let ends_dash = |t: &str| DASHES.iter().any(|d| t.ends_with(d));
    let starts_dash = |t: &str| DASHES.iter().any(|d| t.starts_with(d));
    let strip_end_dash = |t: String| {
        let mut t = t;
        while let Some(d) = DASHES.iter().find(|d| t.ends_with(**d)) {
            t.truncate(t.len() - d.len());
        }
        t.trim_end().to_string()
    };
    let n = titles.len();
    let kicker_idx = titles
        .iter()
        .position(|l| ends_dash(&l.text))
        .filter(|&i| i + 1 < n);
    let subtitle_idx = titles
        .iter()
        .rposition(|l| starts_dash(&l.text))
        .filter(|&i| i > 0);
    let rest: Vec<usize> = (0..n)
        .filter(|i| Some(*i) != kicker_idx && Some(*i) != subtitle_idx)
        .collect();
    let (kicker, headline, subtitle) = match (kicker_idx, subtitle_idx, rest.as_slice()) {
        (k, s, []) => (k, None, s),
        (k, s, [h]) => (k, Some(*h), s),
        (Some(k), None, [h, s, ..]) => (Some(k), Some(*h), Some(*s)),
        (None, Some(s), [k, h, ..]) => (Some(*k), Some(*h), Some(s)),
        (Some(k), Some(s), [h, ..]) => (Some(k), Some(*h), Some(s)),
        (None, None, [h, s]) => (None, Some(*h), Some(*s)),
        (None, None, [k, h, s, ..]) => (Some(*k), Some(*h), Some(*s)),
    };
    out.kicker = kicker.map(|i| strip_end_dash(pick(titles[i])));
    out.headline = headline.map(|i| pick(titles[i]));
    out.subtitle = subtitle.map(|i| pick(titles[i]));
}

/// Credits printed after the text — "（记者 张三）", "责任编辑：王五" — move from the body
/// to the credits; so does a bracketed credit closing the last paragraph.
fn take_trailing_credits(blocks: &mut Vec<Block>, credits_out: &mut Vec<Credit>) {
    let mut tail: Vec<Credit> = Vec::new();
    while let Some(Block::Paragraph { content }) = blocks.last() {
        match credits::parse_byline(&crate::model::plain_text(content)) {
            Some(c) if !c.is_empty() => {
                tail.splice(0..0, c);
                blocks.pop();
            }
            _ => break,
        }
    }
    if let Some(Block::Paragraph { content }) = blocks.last_mut()
        && let Some(Inline::Text { text }) = content.last_mut()
    {
        let trimmed = text.trim_end();
        if trimmed.ends_with(['）', ')']) {
            let open = trimmed.rfind(['（', '(']);
            if let Some(open) = open {
                let inner_start = open + trimmed[open..].chars().next().map_or(1, char::len_utf8);
                let inner = &trimmed
                    [inner_start..trimmed.len() - trimmed.chars().last().map_or(1, char::len_utf8)];
                if let Some(c) = credits::parse_byline(inner).filter(|c| !c.is_empty()) {
                    tail.splice(0..0, c);
                    text.truncate(open);
                    let kept = text.trim_end().len();
                    text.truncate(kept);
                }
            }
        }
    }
    for c in tail {
        if !credits_out.contains(&c) {
            credits_out.push(c);
        }
    }
}
