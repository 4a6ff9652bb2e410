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
use super::head;
use super::meta::MetaPatch;
use super::repair::{clean_invisible_cow, is_han, may_need_cleaning};
use crate::error::{Error, Result};
use crate::model::{Article, Block, Credit, Inline};
use std::collections::BTreeSet;
use std::path::Path;

/// What the text itself says about the article, before repair and metadata merge.
#[derive(Debug, Clone, Default)]
pub struct ParsedText {
    /// What the article's own lines say: kicker, headline, subtitle, credits, and the
    /// URL the text names as its own (`连接：http…`) as the source.
    pub meta: MetaPatch,
    pub body: Vec<Block>,
    /// What the site's chrome lines say; it ranks below `meta`.
    pub chrome: ChromeMeta,
    /// Number of lines dropped as site chrome.
    pub chrome_lines: usize,
    /// 原标题: the paper's headline on a reprint page.
    pub original_title: Option<String>,
    /// Each decision the reader took and why, for `inspect`.
    pub decisions: Vec<String>,
}

#[derive(Debug, Clone)]
struct Line {
    /// Cleaned of invisible characters and trimmed: what classification looks at.
    text: String,
    /// As scraped, only the indentation trimmed: what `--no-repair` keeps (empty when
    /// the text is repaired, so no line is copied twice).
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

/// A line without its indentation and trailing layout space.
pub fn layout_trim(s: &str) -> &str {
    s.trim_matches(is_layout_space)
}

fn is_layout_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{200B}' || c == '\u{FEFF}'
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// What the line scan found besides the lines: where a `内容：` label opened the body.
#[derive(Debug, Default)]
struct Scan {
    lines: Vec<Line>,
    /// Index into `lines` where a body label (内容：/正文：) put the start of the body.
    body_mark: Option<usize>,
    /// What `引题：` and `副标题：` labels say: they name the role, so the head reading
    /// does not have to guess it.
    labelled_kicker: Option<String>,
    labelled_subtitle: Option<String>,
}

/// Labels of labelled dumps (`标题：…`, `内容：`, `连接：URL`) and what they hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    Url,
    Title,
    Kicker,
    Subtitle,
    Body,
    Source,
    OriginalTitle,
    Author,
    Date,
    Page,
}

/// A label and its value: `标题：…`, `【标题】…` (the key in lenticular brackets) or an
/// English `Title: …`.
fn label_of(t: &str) -> Option<(LabelKind, &str)> {
    let (key, value) = match t.strip_prefix('【').and_then(|r| r.split_once('】')) {
        Some((key, value)) if char_len(key) <= 6 => (key, value),
        // `来源 | 人民日报`: a pipe after a short key, as WeChat articles print labels.
        _ => t.split_once(['：', ':']).or_else(|| {
            t.split_once(['|', '｜', '丨'])
                .filter(|(k, _)| (1..=4).contains(&char_len(k.trim())))
        })?,
    };
    let key = key.trim();
    if key.is_ascii() {
        return english_label(key).map(|kind| (kind, value.trim()));
    }
    let kind = match key {
        "连接" | "链接" | "鏈接" | "連結" | "网址" | "網址" | "原文链接" | "原文地址" | "URL"
        | "url" | "Url" | "来源网址" => LabelKind::Url,
        "标题" | "標題" | "题目" | "題目" | "主题" | "主標題" | "主标题" => {
            LabelKind::Title
        }
        "引题" | "引題" | "肩题" | "肩題" | "眉题" | "眉題" => LabelKind::Kicker,
        "副标题" | "副標題" | "副题" | "副題" => LabelKind::Subtitle,
        "内容" | "內容" | "正文" => LabelKind::Body,
        "来源" | "來源" | "稿件来源" | "文章来源" => LabelKind::Source,
        "原标题" | "原標題" | "原题" => LabelKind::OriginalTitle,
        "作者" | "记者" | "記者" | "撰稿" => LabelKind::Author,
        "时间" | "時間" | "日期" | "发布时间" | "發布時間" | "发表时间" | "出版時間"
        | "出版时间" | "发布日期" => LabelKind::Date,
        "版面" | "版次" | "版号" | "版名" => LabelKind::Page,
        _ => return None,
    };
    Some((kind, value.trim()))
}

/// The English labels of crawler dumps (`Title:`, `Author:`, `Date:`), in any case.
fn english_label(key: &str) -> Option<LabelKind> {
    let key = key.to_ascii_lowercase();
    Some(match key.as_str() {
        "url" | "link" | "source url" | "source_url" => LabelKind::Url,
        "title" | "headline" => LabelKind::Title,
        "kicker" | "pretitle" => LabelKind::Kicker,
        "subtitle" | "subheadline" | "subhead" => LabelKind::Subtitle,
        "content" | "body" | "text" => LabelKind::Body,
        "source" | "publication" | "newspaper" => LabelKind::Source,
        "author" | "authors" | "byline" | "reporter" => LabelKind::Author,
        "date" | "published" | "publish date" | "publish_date" | "pubdate" | "time" => {
            LabelKind::Date
        }
        "page" => LabelKind::Page,
        _ => return None,
    })
}

/// Scraped lines keep HTML line tags (`<br>`, `<p>`) when the scraper stored markup.
fn strip_line_tags(s: &str) -> &str {
    let mut t = s;
    loop {
        let trimmed = t.trim_start_matches([' ', '\t']);
        let bytes = trimmed.as_bytes();
        let tag = ["<br/>", "<br />", "<br>", "<p>", "</p>"]
            .iter()
            .find(|tag| {
                bytes.len() >= tag.len() && bytes[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
            });
        match tag {
            Some(tag) => t = &trimmed[tag.len()..],
            None => break,
        }
    }
    let mut end = t.trim_end();
    for tag in ["</p>", "<br>", "<br/>"] {
        let b = end.as_bytes();
        if b.len() >= tag.len() && b[b.len() - tag.len()..].eq_ignore_ascii_case(tag.as_bytes()) {
            end = &end[..end.len() - tag.len()];
        }
    }
    end
}

/// Splits the text into lines and drops the site chrome, remembering what it said.
/// Each line passes the phases in turn: an info row ([`take_info_row`]), a label
/// ([`take_label`]), chrome by its shape ([`drops_as_chrome`]), then the chrome table
/// (`chrome.toml`); what none of them takes is a line of the article.
fn strip_chrome(
    text: &str,
    keep_raw: bool,
    out: &mut ParsedText,
    learned: Option<&BTreeSet<String>>,
) -> Scan {
    let mut scan = Scan::default();
    let mut blank_before = false;
    let mut in_list = false;
    let mut raw_lines = text.lines();
    // One scan of the whole text usually shows that no line needs cleaning.
    let clean = may_need_cleaning(text);
    while let Some(raw_line) = raw_lines.next() {
        let raw_line = strip_line_tags(raw_line);
        let cleaned = if clean {
            clean_invisible_cow(raw_line)
        } else {
            std::borrow::Cow::Borrowed(raw_line)
        };
        let indent = cleaned.starts_with([' ', '\u{3000}']);
        let t = cleaned.trim_matches(is_layout_space);
        if t.is_empty() {
            blank_before = true;
            continue;
        }
        if in_list {
            if t.starts_with(BULLETS) {
                out.chrome_lines += 1;
                continue;
            }
            in_list = false;
        }
        // Only `--no-repair` reads the line as scraped: no copy otherwise.
        let raw = || {
            if keep_raw {
                raw_line.trim_matches(is_layout_space).to_string()
            } else {
                String::new()
            }
        };
        if take_info_row(t, out) {
            blank_before = false;
            continue;
        }
        if let Some((kind, value)) = label_of(t).filter(|_| char_len(t) <= 300) {
            match take_label(kind, value.to_string(), t, &mut scan, out) {
                Some(v) => scan.lines.push(Line {
                    text: v,
                    raw: raw(),
                    indent: false,
                    blank_before,
                }),
                None => out.chrome_lines += 1,
            }
            blank_before = false;
            continue;
        }
        if drops_as_chrome(t, learned, out) {
            out.chrome_lines += 1;
            continue;
        }
        match chrome::classify(t, &mut out.chrome) {
            Some(Action::Drop) => out.chrome_lines += 1,
            Some(Action::List) => {
                out.chrome_lines += 1;
                in_list = true;
            }
            Some(Action::Tail) => {
                out.chrome_lines += 1;
                for rest in raw_lines.by_ref() {
                    let rest = clean_invisible_cow(rest);
                    chrome::mine(rest.trim_matches(is_layout_space), &mut out.chrome);
                    out.chrome_lines += 1;
                }
                break;
            }
            Some(Action::Mine) | None => {
                scan.lines.push(Line {
                    text: t.to_string(),
                    raw: raw(),
                    indent,
                    blank_before,
                });
                blank_before = false;
            }
        }
    }
    scan
}

/// Phase 1 of a line: a site's info row (date, source, bylines) is read and dropped.
fn take_info_row(t: &str, out: &mut ParsedText) -> bool {
    let Some(row) = super::info_row::read(t) else {
        return false;
    };
    out.chrome_lines += 1;
    out.decisions
        .push(format!("info row (date, source, bylines): {}", short(t)));
    if let Some(d) = row.date {
        out.chrome.date.get_or_insert(d.to_string());
    }
    if let Some(p) = row.publication {
        out.chrome.patch.publication.get_or_insert(p);
    }
    out.meta.credits.get_or_insert_default().extend(row.credits);
    true
}

/// Phase 2 of a line: a labelled line (`标题：…`, `连接：URL`, `作者：…`) gives its value
/// to the field it names. Returns the text the line keeps (a title, the body's first
/// line), or `None` when all it said went into the metadata.
fn take_label(
    kind: LabelKind,
    value: String,
    t: &str,
    scan: &mut Scan,
    out: &mut ParsedText,
) -> Option<String> {
    match kind {
        LabelKind::Url if value.contains("://") || value.starts_with("www.") => {
            take_url(value, out);
            None
        }
        LabelKind::Url => Some(t.to_string()),
        LabelKind::Title if value.is_empty() => None,
        LabelKind::Title => {
            out.decisions
                .push(format!("labelled title line: {}", short(&value)));
            Some(value)
        }
        LabelKind::Body => {
            scan.body_mark = Some(scan.lines.len());
            out.decisions.push("a body label opens the text".into());
            (!value.is_empty()).then_some(value)
        }
        LabelKind::Source if char_len(&value) <= 20 && !value.is_empty() => {
            out.decisions
                .push(format!("来源 label: publication {value}"));
            out.chrome.patch.publication.get_or_insert(value);
            None
        }
        LabelKind::Kicker if !value.is_empty() && char_len(&value) <= 80 => {
            out.decisions
                .push(format!("labelled kicker: {}", short(&value)));
            scan.labelled_kicker = Some(value);
            None
        }
        LabelKind::Subtitle if !value.is_empty() && char_len(&value) <= 80 => {
            out.decisions
                .push(format!("labelled subtitle: {}", short(&value)));
            scan.labelled_subtitle = Some(value);
            None
        }
        LabelKind::Kicker | LabelKind::Subtitle if value.is_empty() => None,
        LabelKind::OriginalTitle if !value.is_empty() => {
            out.decisions
                .push(format!("原标题: the paper's headline is {}", short(&value)));
            out.original_title = Some(value);
            None
        }
        LabelKind::Author if char_len(&value) <= 40 => {
            let c = credits::parse_byline(&value)
                .or_else(|| credits::parse_byline(&format!("作者 {value}")));
            if let Some(c) = c {
                out.meta.credits.get_or_insert_default().extend(c);
            }
            None
        }
        // `版面：第07版：生态`: the page label the value is.
        LabelKind::Page if char_len(&value) <= 30 => {
            let _ = chrome::classify(&format!("版面：{value}"), &mut out.chrome);
            None
        }
        // Only near the top: "时间：…" further down is a notice's own text.
        LabelKind::Date if char_len(&value) <= 40 && scan.lines.len() < 8 => {
            if let Some(d) = super::html::meta::date_in(&value) {
                out.chrome.date.get_or_insert(d.to_string());
            }
            None
        }
        _ => Some(t.to_string()),
    }
}

/// A labelled URL: the source, and the date and page its e-paper path holds.
fn take_url(url: String, out: &mut ParsedText) {
    let (date, page) = super::meta::from_url(&url);
    if let Some(d) = date
        && out.chrome.date.is_none()
    {
        out.chrome.date = Some(d.to_string());
        out.decisions.push(format!("date {d} from the URL"));
    }
    if let Some(p) = page
        && out.chrome.patch.page.is_none()
    {
        out.decisions.push(format!("page {p} from the URL"));
        out.chrome.patch.page = Some(p);
    }
    out.meta.source.get_or_insert(url);
}

/// Phase 3 of a line: chrome known by its shape, not by a site's words — a rule
/// (=====), a line recurring across the folder's files, a breadcrumb or a bar of links.
fn drops_as_chrome(t: &str, learned: Option<&BTreeSet<String>>, out: &mut ParsedText) -> bool {
    // A rule (=====, -----) only draws a line between parts.
    if super::export::is_rule(t) {
        return true;
    }
    if learned.is_some_and(|l| l.contains(t)) {
        out.decisions.push(format!(
            "chrome (recurs across this folder's files): {}",
            short(t)
        ));
        return true;
    }
    if let Some(why) = chrome::line_features(t, &mut out.chrome) {
        out.decisions.push(format!("chrome ({why}): {}", short(t)));
        return true;
    }
    false
}

/// The first characters of a line, for decision messages.
fn short(t: &str) -> String {
    let mut s: String = t.chars().take(24).collect();
    if char_len(t) > 24 {
        s.push('…');
    }
    s
}

/// A picture reference on a line of its own: `[图片]`, `[图片:a.jpg]`, `[img]a.jpg[/img]`,
/// `![alt](a.jpg)`, `<img src="a.jpg">`, or a bare image file name.
fn image_reference(t: &str) -> Option<(String, String)> {
    let marked = t.starts_with(['!', '<', '[', '【']);
    let bare_candidate = t.len() < 300 && !t.contains(char::is_whitespace) && t.contains('.');
    if !marked && !bare_candidate {
        return None;
    }
    let starts_ci =
        |p: &str| t.len() >= p.len() && t.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let ends_ci = |p: &str| {
        t.len() >= p.len() && t.as_bytes()[t.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes())
    };
    if let Some(inner) = t.strip_prefix("![")
        && let Some((alt, rest)) = inner.split_once("](")
        && let Some(src) = rest.strip_suffix(')')
    {
        return Some((src.trim().to_string(), alt.to_string()));
    }
    if starts_ci("<img")
        && let Some(pos) = find_ci(t, "src=")
    {
        let rest = &t[pos + 4..];
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
        let src = match quote {
            Some(q) => rest[1..].split(q).next().unwrap_or(""),
            None => rest.split([' ', '>']).next().unwrap_or(""),
        };
        return Some((src.to_string(), String::new()));
    }
    if starts_ci("[img]") && t.len() >= 11 && ends_ci("[/img]") {
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
    let bare = !t.contains(char::is_whitespace) && IMAGE_EXTENSIONS.iter().any(|ext| ends_ci(ext));
    bare.then(|| (t.to_string(), String::new()))
}

/// The byte offset of ASCII `needle` in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
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

/// Reads scraped text into one article, or one per record of a multi-article export
/// (the input stage's entry point for this format).
pub fn read(
    path: &Path,
    text: &str,
    keep_raw: bool,
    learned: Option<&BTreeSet<String>>,
) -> Result<super::Parsed> {
    let Some(records) = super::export::split(text) else {
        return read_one(path, text, keep_raw, learned);
    };
    let mut out = super::Parsed {
        articles: Vec::with_capacity(records.len()),
        extraction: super::Extraction {
            method: "text",
            reason: format!(
                "a multi-article export: {} records, each a title and a block of 作者/时间 facts",
                records.len()
            ),
        },
        chrome_lines: 0,
        decisions: Vec::new(),
        warnings: Vec::new(),
    };
    for (n, record) in records.iter().enumerate() {
        let one = read_one(path, record, keep_raw, learned)?;
        out.articles.extend(one.articles);
        out.chrome_lines += one.chrome_lines;
        out.decisions.extend(
            one.decisions
                .into_iter()
                .map(|d| format!("record {}: {d}", n + 1)),
        );
    }
    Ok(out)
}

/// Reads one article's text.
fn read_one(
    path: &Path,
    text: &str,
    keep_raw: bool,
    learned: Option<&BTreeSet<String>>,
) -> Result<super::Parsed> {
    let mut parsed = parse_full(text, keep_raw, None, learned);
    if learned.is_some() && parsed.body.is_empty() {
        // What recurs across the folder is this file's whole text: the file is no page
        // of chrome, so it is read on its own.
        parsed = parse_full(text, keep_raw, None, None);
        parsed
            .decisions
            .push("boilerplate learned from the folder not applied: it would leave no body".into());
    }
    let chrome_lines = parsed.chrome_lines;
    let decisions = std::mem::take(&mut parsed.decisions);
    let article = article_from(parsed, path)?;
    Ok(super::Parsed {
        articles: vec![article],
        extraction: super::Extraction {
            method: "text",
            reason: format!("scraped text; {chrome_lines} line(s) of site chrome dropped"),
        },
        chrome_lines,
        decisions,
        warnings: Vec::new(),
    })
}

/// The article a parse describes: its own lines over the chrome's, the chrome's date
/// as text read strictly (an impossible date is an error naming the file).
pub fn article_from(parsed: ParsedText, path: &Path) -> Result<Article> {
    let date = match &parsed.chrome.date {
        Some(d) => Some(d.parse().map_err(|_| Error::InvalidDate {
            value: d.clone(),
            origin: format!("the text of {}", path.display()),
        })?),
        None => None,
    };
    let dated = MetaPatch {
        date,
        ..MetaPatch::default()
    };
    Ok(Article {
        meta: MetaPatch::merge([parsed.meta, parsed.chrome.patch, dated]).into_meta(),
        body: parsed.body,
    })
}

/// Parses scraped text. Never fails: text with no recognisable head yields an article
/// without a headline, and the caller decides whether an empty body is an error.
pub fn parse(text: &str, keep_raw: bool) -> ParsedText {
    parse_with(text, keep_raw, None)
}

/// [`parse`] for the text field of a record that has its own title field (`title_hint`):
/// the text has a head only where its first lines repeat that title.
pub fn parse_with(text: &str, keep_raw: bool, title_hint: Option<&str>) -> ParsedText {
    parse_full(text, keep_raw, title_hint, None)
}

/// [`parse_with`], dropping the lines `learned` from the batch as boilerplate.
fn parse_full(
    text: &str,
    keep_raw: bool,
    title_hint: Option<&str>,
    learned: Option<&BTreeSet<String>>,
) -> ParsedText {
    let mut out = ParsedText::default();
    let text = split_indented_runs(text);
    let mut scan = strip_chrome(&text, keep_raw, &mut out, learned);
    let credits = out.meta.credits.get_or_insert_default();
    let lines = scan.lines;
    let pick = |l: &Line| {
        if keep_raw {
            l.raw.clone()
        } else {
            l.text.clone()
        }
    };

    // ---- head: the lines before the body ---------------------------------------------
    let (head_end, why) = head_extent(&lines, scan.body_mark, title_hint);
    out.decisions.push(why);
    let mut titles: Vec<&Line> = Vec::new();
    for line in &lines[..head_end] {
        match credits::parse_byline(&line.text) {
            Some(c) if !c.is_empty() => {
                out.decisions
                    .push(format!("byline in the head: {}", short(&line.text)));
                credits.extend(c);
            }
            _ if !titles.is_empty() && bare_name(&line.text) => {
                out.decisions.push(format!(
                    "a bare name under the title is the author: {}",
                    line.text
                ));
                credits.push(Credit {
                    role: "作者".into(),
                    name: line.text.clone(),
                });
            }
            _ => titles.push(line),
        }
    }
    // The paper's masthead printed above the head (光明日报) is the publication.
    if titles.len() >= 2 && masthead(&titles[0].text, out.chrome.patch.publication.as_deref()) {
        let name = titles.remove(0).text.clone();
        out.decisions
            .push(format!("masthead above the head: {name}"));
        out.chrome.patch.publication.get_or_insert(name);
    }
    let texts: Vec<&str> = titles.iter().map(|l| l.text.as_str()).collect();
    let roles = head::read(&texts);
    if !titles.is_empty() {
        out.decisions.extend(roles.reasons.iter().cloned());
    }
    let join = |idx: &[usize], sep: &str| {
        let parts: Vec<String> = idx.iter().map(|&i| pick(titles[i])).collect();
        (!parts.is_empty()).then(|| parts.join(sep))
    };
    out.meta.kicker = join(&roles.kickers, " ").map(strip_end_dash);
    out.meta.headline = roles.headline.map(|i| pick(titles[i]));
    out.meta.subtitle = join(&roles.subtitles, " / ");
    // A labelled 引题/副标题 is what the scraper's own field said: it wins.
    if let Some(k) = scan.labelled_kicker.take() {
        out.meta.kicker = Some(strip_end_dash(k));
    }
    if let Some(sub) = scan.labelled_subtitle.take() {
        out.meta.subtitle = Some(sub);
    }
    if let Some(original) = out.original_title.clone() {
        // A reprint: the paper's own headline is the article's; the site's goes.
        out.meta.headline = Some(original);
    }

    // ---- body ------------------------------------------------------------------------
    let body_lines: Vec<&Line> = lines[head_end..].iter().collect();
    out.body = body(
        &body_lines,
        &pick,
        credits,
        &mut out.decisions,
        &mut out.chrome_lines,
    );
    if let Some(Block::Paragraph { content }) = out.body.first_mut() {
        let text = crate::model::plain_text(content);
        // The dateline names again whom a byline or an info row named already.
        for c in credits::dateline_credits(&text) {
            if !credits.iter().any(|k| k.name == c.name) {
                credits.push(c);
            }
        }
        if let Some((c, at)) = credits::glued_byline(&text) {
            out.decisions
                .push(format!("byline glued to the first sentence: {}", c.name));
            *content = vec![Inline::text(text[at..].trim_start())];
            credits.push(c);
        }
    }
    out
}

/// Dumps that lost their line breaks keep the paragraph indents: "……旺季。　　市场负责人
/// 介绍……". A run of two or more ideographic spaces inside a line starts a new line when
/// it follows a sentence's end, or when the line holds two or more such runs (then each
/// run is an indent, the first one closing the headline).
fn split_indented_runs(text: &str) -> std::borrow::Cow<'_, str> {
    const RUN: &str = "\u{3000}\u{3000}";
    let mid_runs = |line: &str| {
        let body = line.trim_start_matches(is_layout_space);
        let mut n = 0;
        let mut from = 0;
        while let Some(at) = body[from..].find(RUN) {
            let at = from + at;
            let end = at + body[at..].len() - body[at..].trim_start_matches('\u{3000}').len();
            if end < body.trim_end().len() {
                n += 1;
            }
            from = end.max(at + RUN.len());
        }
        n
    };
    if !text.contains(RUN) || !text.lines().any(|l| mid_runs(l) > 0) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let every = mid_runs(line) >= 2;
        let lead = line.len() - line.trim_start_matches(is_layout_space).len();
        let mut last = 0;
        let mut from = lead;
        while let Some(at) = line[from..].find(RUN) {
            let at = from + at;
            let end = at + line[at..].len() - line[at..].trim_start_matches('\u{3000}').len();
            let before = line[..at].trim_end_matches(is_layout_space);
            let rest = line[end..].trim();
            if !rest.is_empty() && at > lead && (every || ends_sentence(before)) {
                out.push_str(line[last..at].trim_end_matches(is_layout_space));
                out.push('\n');
                last = at;
            }
            from = end.max(at + RUN.len());
        }
        out.push_str(&line[last..]);
    }
    std::borrow::Cow::Owned(out)
}

/// A paper's name alone on the first line: the publication the chrome names, or a short
/// name ending as papers' names do (…日报, …晚報, …时报).
fn masthead(t: &str, publication: Option<&str>) -> bool {
    const ENDS: &[&str] = &[
        "日报",
        "日報",
        "晚报",
        "晚報",
        "早报",
        "早報",
        "时报",
        "時報",
        "商报",
        "商報",
        "周报",
        "週報",
        "青年报",
        "青年報",
    ];
    let n = char_len(t);
    publication == Some(t)
        || ((4..=8).contains(&n) && t.chars().all(is_han) && ENDS.iter().any(|e| t.ends_with(e)))
}

fn strip_end_dash(t: String) -> String {
    let mut t = t;
    while let Some(d) = DASHES.iter().find(|d| t.ends_with(**d)) {
        t.truncate(t.len() - d.len());
    }
    t.trim_end().to_string()
}

/// Common surnames: a bare two- or three-character line starting with one, under a
/// title, is the author's name (1940s–2000s papers print it alone on a line).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝張劉陳楊黃趙吳孫馬郭羅鄭謝韓馮鄧蕭董蔣蔡葉蘇魏呂盧鍾譚陸範賈韋鄒熊邱閻龔錢嚴顏莊聶魯詹歐關蘭鮑喻饒";

fn bare_name(t: &str) -> bool {
    let n = char_len(t);
    (2..=3).contains(&n)
        && t.chars().all(is_han)
        && t.chars().next().is_some_and(|c| SURNAMES.contains(c))
}

/// Where the head ends, and why.
fn head_extent(
    lines: &[Line],
    body_mark: Option<usize>,
    title_hint: Option<&str>,
) -> (usize, String) {
    if let Some(hint) = title_hint {
        let want: String = hint.chars().filter(|c| !c.is_whitespace()).collect();
        let mut got = String::new();
        for (i, l) in lines.iter().take(6).enumerate() {
            got.extend(l.text.chars().filter(|c| !c.is_whitespace()));
            if got == want {
                return (
                    i + 1,
                    format!(
                        "head: the record's title field is the first {} line(s)",
                        i + 1
                    ),
                );
            }
            if !want.starts_with(&got) {
                break;
            }
        }
        return (
            0,
            "no head in the text: the record's title field holds it".into(),
        );
    }
    if let Some(m) = body_mark.filter(|&m| m <= 8) {
        return (m, format!("head: the {m} line(s) before the body label"));
    }
    let indented = lines.iter().filter(|l| l.indent).count();
    if lines.len() >= 3 && lines[0].indent && indented * 10 >= lines.len() * 9 {
        return (
            0,
            "no head: the first line is indented like the body (the title is not in the file)"
                .into(),
        );
    }
    let body_like = |l: &Line| {
        let n = char_len(&l.text);
        (l.indent && credits::parse_byline(&l.text).is_none())
            || n >= 50
            || (n >= 20 && ends_sentence(&l.text))
            // A head line never closes with a full stop (an exclamation it may).
            || (n >= 6 && l.text.ends_with(['。', '．']))
            || image_reference(&l.text).is_some()
    };
    let end = lines
        .iter()
        .position(body_like)
        .unwrap_or(lines.len())
        .min(6);
    (
        end,
        format!("head: {end} line(s) before the first body-like line"),
    )
}

/// The shape of a section heading (小标题): short, no sentence inside, not ending in a
/// clause mark. A closing 》 ends a work's title, a closing quote a quoted phrase (if
/// what it quotes is not a sentence); a closing —— a kicker-style heading.
fn heading_shape(t: &str) -> bool {
    let n = char_len(t);
    if numbered(t) && n <= 20 && !t.contains('。') {
        return true;
    }
    let works = t.contains('《');
    if !(2..=40).contains(&n) || (n > 30 && !works) || !t.chars().any(is_han) {
        return false;
    }
    if t.contains(['。', '；']) || t.starts_with(['【', '[', '（', '(']) {
        return false;
    }
    if image_reference(t).is_some() || credits::parse_byline(t).is_some() {
        return false;
    }
    let mut rev = t.chars().rev();
    match rev.next() {
        Some('》') => true,
        Some('”' | '」' | '』' | '"') => !rev
            .next()
            .is_some_and(|c| matches!(c, '。' | '！' | '？' | '…' | '，' | '!' | '?')),
        Some('—' | '-') => true,
        Some(c) => !CLOSING.contains(&c),
        None => false,
    }
}

fn numbered(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| "一二三四五六七八九十".contains(c))
        && t.chars().take(4).any(|c| c == '、')
}

/// Labels of boxes set apart from the article text (editor's notes, summaries, fact
/// boxes), printed on a line of their own.
const BOX_LABELS: &[&str] = &[
    "编者按",
    "編者按",
    "编者的话",
    "開欄的話",
    "开栏的话",
    "核心阅读",
    "核心閱讀",
    "编后",
    "编后语",
    "短评",
    "记者手记",
    "采访手记",
    "記者手記",
    "背景链接",
    "相关链接",
    "延伸阅读",
    "延伸閱讀",
    "小资料",
    "链接",
];

/// Labels of reader-comment boxes: dropped, they are not the paper's text.
fn comment_label(t: &str) -> bool {
    let core =
        t.trim_matches(|c: char| c == '—' || c == '-' || c.is_whitespace() || c == '\u{3000}');
    let framed = t.starts_with('—') || t.starts_with('【');
    // Whose comments: readers', not a paper's own 评论 (commentary) section.
    let readers = [
        "网友", "網友", "读者", "讀者", "发表", "發表", "热门", "熱門", "最新",
    ]
    .iter()
    .any(|w| core.starts_with(w))
        || matches!(core, "留言" | "评论" | "評論" | "跟帖" | "留言板");
    char_len(core) <= 8
        && ["留言", "评论", "評論", "跟帖"]
            .iter()
            .any(|w| core.ends_with(w) || (framed && core.contains(w)))
        && (framed || readers)
}

/// A box label: a known label, a 【label】 line with at most a short title after it, or a
/// line framed by dashes (—— 网友留言 ——).
fn box_label(t: &str) -> bool {
    if image_reference(t).is_some() {
        return false;
    }
    if BOX_LABELS.iter().any(|l| {
        t == *l
            || t.strip_prefix(l)
                .is_some_and(|r| r.starts_with(['：', ':']) && char_len(r) <= 1)
    }) {
        return true;
    }
    if let Some(rest) = t.strip_prefix('【')
        && let Some((label, after)) = rest.split_once('】')
    {
        return (1..=12).contains(&char_len(label))
            && char_len(after) <= 20
            && !ends_sentence(t)
            && !label.ends_with(['电', '讯', '電', '訊']);
    }
    let framed =
        (t.starts_with("——") || t.starts_with("--")) && (t.ends_with("——") || t.ends_with("--"));
    framed && char_len(t) <= 16
}

/// A fact box opens with a title line followed by bulleted label lines (◎成立时间：…).
fn fact_box_at(lines: &[&Line], i: usize) -> usize {
    let bullet = |l: &Line| l.text.starts_with(['◎', '●', '■', '◆', '▲', '★']);
    lines[i + 1..].iter().take_while(|l| bullet(l)).count()
}

fn quote_of(label: &str, lines: &[&Line], pick: &dyn Fn(&Line) -> String) -> Block {
    let mut content = vec![Block::Paragraph {
        content: vec![Inline::Strong {
            content: vec![Inline::text(label)],
        }],
    }];
    content.extend(lines.iter().map(|l| Block::paragraph(pick(l))));
    Block::Quote { content }
}

fn trailing_headings(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .rev()
        .take_while(|b| matches!(b, Block::Heading { .. }))
        .count()
}

/// The body: paragraphs, section headings, boxes, pictures and captions; credits found
/// on the way go to `credits_out`.
fn body(
    body_lines: &[&Line],
    pick: &dyn Fn(&Line) -> String,
    credits_out: &mut Vec<Credit>,
    decisions: &mut Vec<String>,
    chrome_lines: &mut usize,
) -> Vec<Block> {
    let indented = body_lines.iter().filter(|l| l.indent).count();
    let mut w = Walk {
        lines: body_lines,
        pick,
        credits: credits_out,
        decisions,
        chrome_lines,
        blocks: Vec::new(),
        // Indentation tells headings from paragraphs only where the two differ.
        mixed: indented > 0 && indented < body_lines.len(),
    };
    let mut i = 0;
    while i < body_lines.len() {
        // The phases in order; the first that takes the line says how many it took.
        let step = w
            .byline(i)
            .or_else(|| w.comments(i))
            .or_else(|| w.boxed(i))
            .or_else(|| w.opening(i))
            .or_else(|| w.credit_note(i))
            .or_else(|| w.picture(i))
            .unwrap_or_else(|| w.text(i));
        match step {
            Step::Took(n) => i += n,
            Step::Stop => break,
        }
    }
    let mut blocks = w.blocks;
    take_trailing_credits(&mut blocks, credits_out);
    blocks
}

/// What a phase of the body walk did with the line it was shown.
enum Step {
    /// It took this many lines (the line and the ones that belong to it).
    Took(usize),
    /// Nothing after the line is article text.
    Stop,
}

/// The body walk's state: the lines, the blocks so far and where credits and
/// decisions go.
struct Walk<'a> {
    lines: &'a [&'a Line],
    pick: &'a dyn Fn(&Line) -> String,
    credits: &'a mut Vec<Credit>,
    decisions: &'a mut Vec<String>,
    chrome_lines: &'a mut usize,
    blocks: Vec<Block>,
    mixed: bool,
}

impl Walk<'_> {
    fn text_at(&self, i: usize) -> &str {
        self.lines[i].text.as_str()
    }

    /// A short line that is only a byline.
    fn byline(&mut self, i: usize) -> Option<Step> {
        let t = self.text_at(i);
        if char_len(t) > 40 {
            return None;
        }
        let c = credits::parse_byline(t).filter(|c| !c.is_empty())?;
        self.decisions
            .push(format!("byline in the body: {}", short(t)));
        self.credits.extend(c);
        Some(Step::Took(1))
    }

    /// Reader comments: they and all after them go.
    fn comments(&mut self, i: usize) -> Option<Step> {
        let t = self.text_at(i);
        if !comment_label(t) {
            return None;
        }
        let n = self.lines.len() - i;
        self.decisions.push(format!(
            "reader comments dropped ({n} line(s)): {}",
            short(t)
        ));
        *self.chrome_lines += n;
        Some(Step::Stop)
    }

    /// A labelled box (【专家意见】, 链接) or a fact box of labelled lines: a quote.
    fn boxed(&mut self, i: usize) -> Option<Step> {
        let lines = self.lines;
        let t = lines[i].text.as_str();
        if box_label(t) {
            // A 【】 box runs to the next 【】 label or the end; others to the next spacer.
            let bracket = t.starts_with('【');
            let len = lines[i + 1..]
                .iter()
                .position(|l| {
                    if bracket {
                        l.text.starts_with('【') && box_label(&l.text)
                    } else {
                        l.blank_before
                    }
                })
                .unwrap_or(lines.len() - i - 1);
            self.decisions
                .push(format!("box ({} line(s)): {}", len + 1, short(t)));
            self.blocks
                .push(quote_of(t, &lines[i + 1..i + 1 + len], self.pick));
            return Some(Step::Took(len + 1));
        }
        let facts = fact_box_at(lines, i);
        if facts < 2 || char_len(t) > 30 {
            return None;
        }
        let mut len = facts;
        if let Some(c) = lines
            .get(i + 1 + len)
            .and_then(|l| credits::parse_byline(&l.text))
        {
            self.credits.extend(c);
            len += 1;
        }
        self.decisions
            .push(format!("fact box ({} line(s)): {}", len + 1, short(t)));
        let inner: Vec<&Line> = lines[i + 1..i + 1 + facts].to_vec();
        self.blocks.push(quote_of(t, &inner, self.pick));
        Some(Step::Took(len + 1))
    }

    /// Before the first block: lead blurbs (提要) closed by a spacer, or the author's
    /// bare name.
    fn opening(&mut self, i: usize) -> Option<Step> {
        if !self.blocks.is_empty() {
            return None;
        }
        let lines = self.lines;
        let run = lines[i..]
            .iter()
            .take(4)
            .take_while(|l| {
                char_len(&l.text) >= 20 && !ends_sentence(&l.text) && !l.text.ends_with(['：', ':'])
            })
            .count();
        if (1..=3).contains(&run) && lines.get(i + run).is_some_and(|l| l.blank_before) {
            self.decisions
                .push(format!("lead blurb ({run} line(s)) before a spacer"));
            let content = lines[i..i + run]
                .iter()
                .map(|l| Block::paragraph((self.pick)(l)))
                .collect();
            self.blocks.push(Block::Quote { content });
            return Some(Step::Took(run));
        }
        let t = lines[i].text.as_str();
        if !(bare_name(t) && i + 1 < lines.len()) {
            return None;
        }
        self.decisions
            .push(format!("a bare name opening the text is the author: {t}"));
        self.credits.push(Credit {
            role: "作者".into(),
            name: t.to_string(),
        });
        Some(Step::Took(1))
    }

    /// A bracketed credit note (（本报记者施芳采访整理）).
    fn credit_note(&mut self, i: usize) -> Option<Step> {
        let t = self.text_at(i);
        let c = credits::credit_note(t)?;
        self.decisions.push(format!("credit note: {}", short(t)));
        self.credits.extend(c);
        Some(Step::Took(1))
    }

    /// A picture reference with its caption, or a caption whose picture the scrape lost.
    fn picture(&mut self, i: usize) -> Option<Step> {
        let (line, next) = (self.lines[i], self.lines.get(i + 1).copied());
        let t = line.text.as_str();
        let mixed = self.mixed;
        if let Some((src, alt)) = image_reference(t) {
            let caption = next.filter(|n| {
                is_caption(&n.text)
                    || (!n.indent && mixed && char_len(&n.text) <= 80 && !heading_shape(&n.text))
            });
            if let Some(c) = caption {
                self.credits
                    .extend(photo_credit_suffix(&c.text).unwrap_or_default());
            }
            self.blocks.push(Block::Image {
                src,
                alt,
                caption: caption.map(self.pick),
            });
            return Some(Step::Took(1 + usize::from(caption.is_some())));
        }
        if line.indent || !mixed || !is_caption(t) || prev_is_paragraph_open(&self.blocks) {
            return None;
        }
        self.credits
            .extend(photo_credit_suffix(t).unwrap_or_default());
        self.blocks.push(Block::Image {
            src: String::new(),
            alt: String::new(),
            caption: Some((self.pick)(line)),
        });
        Some(Step::Took(1))
    }

    /// Everything else: a section heading, a hard-wrapped continuation, or a paragraph.
    fn text(&mut self, i: usize) -> Step {
        let lines = self.lines;
        let (line, next) = (lines[i], lines.get(i + 1).copied());
        let t = line.text.as_str();
        let mixed = self.mixed;
        let paragraph_like = |l: &Line| !heading_shape(&l.text) || char_len(&l.text) > 40;
        let after_ok = match next {
            Some(n) if paragraph_like(n) => true,
            Some(n) if credits::parse_byline(&n.text).is_some() => true,
            Some(n) => {
                // Two-line headings (unit + subhead) are followed by text.
                heading_shape(&n.text)
                    && trailing_headings(&self.blocks) == 0
                    && lines.get(i + 2).is_some_and(|m| {
                        paragraph_like(m) || credits::parse_byline(&m.text).is_some()
                    })
            }
            None => false,
        };
        let heading = heading_shape(t)
            && (!mixed || !line.indent || numbered(t))
            && !prev_is_paragraph_open(&self.blocks)
            && trailing_headings(&self.blocks) < 2
            && after_ok;
        if heading {
            self.blocks.push(Block::Heading {
                level: 2,
                text: (self.pick)(line),
            });
        } else if mixed
            && !line.indent
            && !line.blank_before
            && prev_is_paragraph_open(&self.blocks)
        {
            if let Some(Block::Paragraph { content }) = self.blocks.last_mut()
                && let Some(Inline::Text { text }) = content.last_mut()
            {
                join_wrapped(text, &(self.pick)(line));
            }
        } else {
            self.blocks.push(Block::paragraph((self.pick)(line)));
        }
        Step::Took(1)
    }
}

/// The last block is a paragraph that has not ended its sentence (so the next line may
/// continue it).
fn prev_is_paragraph_open(blocks: &[Block]) -> bool {
    match blocks.last() {
        Some(Block::Paragraph { content }) => !ends_sentence(&crate::model::plain_text(content)),
        _ => false,
    }
}

/// Credits printed after the text — "（记者 张三）", "责任编辑：王五" — move from the body
/// to the credits; so does a bracketed credit closing the last paragraph.
fn take_trailing_credits(blocks: &mut Vec<Block>, credits_out: &mut Vec<Credit>) {
    // A "read more" box glued to one of the last paragraphs: it and all after it go.
    let n = blocks.len();
    for i in (n.saturating_sub(4)..n).rev() {
        let Some(Block::Paragraph { content }) = blocks.get_mut(i) else {
            continue;
        };
        let Some(Inline::Text { text }) = content.last_mut() else {
            continue;
        };
        let Some(cut) = tail_cut(text) else { continue };
        text.truncate(cut);
        let kept = text.trim_end().len();
        text.truncate(kept);
        let keep = if text.is_empty() { i } else { i + 1 };
        blocks.truncate(keep);
        break;
    }
    let mut tail: Vec<Credit> = Vec::new();
    while let Some(Block::Paragraph { content }) = blocks.last() {
        let text = crate::model::plain_text(content);
        if is_end_mark(&text) {
            blocks.pop();
            continue;
        }
        let text = credits::without_desk_code(&text);
        match credits::parse_byline(text).or_else(|| credits::credit_note(text)) {
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
        // A wire story's end mark closing the last sentence: "……工作。（完）".
        if let Some(at) = END_MARKS
            .iter()
            .find_map(|m| text.trim_end().strip_suffix(m))
            .filter(|before| before.ends_with(SENTENCE_END))
            .map(str::len)
        {
            text.truncate(at);
        }
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

/// A wire story's end mark, printed after its last sentence.
const END_MARKS: &[&str] = &[
    "（完）",
    "(完)",
    "【完】",
    "[完]",
    "（全文完）",
    "（全文完)",
    "-完-",
    "—完—",
    "（END）",
    "(END)",
];

/// A line that is only an end mark ("（完）", "-完-").
fn is_end_mark(t: &str) -> bool {
    let t = t.trim_matches(is_layout_space);
    END_MARKS.contains(&t) || t == "完"
}

/// Words that start a site's "read more" box glued after an article.
const READ_MORE: &[&str] = &[
    "想知道更多",
    "看了這則新聞的人",
    "看了这则新闻的人",
    "延伸閱讀",
    "延伸阅读",
    "相關新聞：",
    "相关新闻：",
];
/// Words of a call for submissions or contact boilerplate.
const SUBMISSION: &[&str] = &["投稿", "徵稿", "征稿", "來稿", "来稿"];

/// Where the article ends inside a scraped last paragraph that runs on into site chrome:
/// after a sign-off byline "（王家俊／台北報導）", at a read-more marker, or at a
/// bracketed call for submissions. `None` when nothing follows the text.
fn tail_cut(text: &str) -> Option<usize> {
    let mut cut: Option<usize> = None;
    let mut consider = |at: usize| {
        if cut.is_none_or(|c| at < c) {
            cut = Some(at);
        }
    };
    // The first place any read-more marker starts (one pass, no searcher per marker).
    let read_more = text.char_indices().find(|&(i, c)| {
        READ_MORE
            .iter()
            .any(|m| m.starts_with(c) && text[i..].starts_with(m))
    });
    if let Some((at, _)) = read_more {
        consider(at);
    }
    let mut from = 0;
    while let Some(rel) = text[from..].find('【') {
        let at = from + rel;
        let rest = &text[at..];
        let window: String = rest.chars().take(40).collect();
        if text[..at]
            .trim_end()
            .ends_with(['。', '！', '？', '」', '”'])
            && SUBMISSION.iter().any(|w| window.contains(w))
        {
            consider(at);
            break;
        }
        from = at + '【'.len_utf8();
    }
    // A sign-off: （名字／地點報導） followed by more text.
    for (open, close) in [('（', '）'), ('(', ')')] {
        let mut from = 0;
        while let Some(rel) = text[from..].find(open) {
            let at = from + rel;
            let Some(end_rel) = text[at..].find(close) else {
                break;
            };
            let end = at + end_rel + close.len_utf8();
            let inner = &text[at + open.len_utf8()..end - close.len_utf8()];
            let signoff = inner.contains(['／', '/'])
                && ["報導", "报道", "報道"].iter().any(|w| inner.ends_with(w))
                && char_len(inner) <= 20;
            if signoff && !text[end..].trim().is_empty() {
                consider(end);
                break;
            }
            from = end;
        }
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(p: &ParsedText) -> Vec<String> {
        p.body
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn labelled_dump_with_url_metadata() {
        let p = parse(
            "连接：http://paper.example.cn/html/2020-01/15/nw.D1_20200115_1-02.htm\n标题：引题一行\n主题一行（权威发布）\n副题一行\n内容：\n\u{3000}\u{3000}正文第一段，说明情况。\n",
            false,
        );
        assert_eq!(p.meta.kicker.as_deref(), Some("引题一行"));
        assert_eq!(p.meta.headline.as_deref(), Some("主题一行（权威发布）"));
        assert_eq!(p.meta.subtitle.as_deref(), Some("副题一行"));
        assert_eq!(p.chrome.patch.page.as_deref(), Some("02"));
        assert_eq!(p.chrome.date.as_deref(), Some("2020-01-15"));
        assert_eq!(p.body.len(), 1);
        assert!(!p.decisions.is_empty());
    }

    #[test]
    fn bracketed_and_english_labels_are_labels() {
        let p = parse(
            "【标题】黄河治理取得新进展\n【作者】本报记者 马跃峰\n【日期】2023-07-01\n【版面】第07版：生态\n【正文】\n\u{3000}\u{3000}记者从水利部获悉，治理取得进展。\n",
            false,
        );
        assert_eq!(p.meta.headline.as_deref(), Some("黄河治理取得新进展"));
        assert_eq!(p.meta.subtitle, None);
        assert_eq!(p.chrome.date.as_deref(), Some("2023-07-01"));
        assert_eq!(p.chrome.patch.page.as_deref(), Some("07"));
        assert_eq!(p.chrome.patch.page_name.as_deref(), Some("生态"));
        let names: Vec<_> = p
            .meta
            .credits
            .iter()
            .flatten()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["马跃峰"]);
        let p = parse(
            "Title: 跨境理财通试点扩容\nAuthor: 记者 郭子源\nDATE: 2023-09-28\nSource: 经济日报\n\n通知明确，额度提高。\n",
            false,
        );
        assert_eq!(p.meta.headline.as_deref(), Some("跨境理财通试点扩容"));
        assert_eq!(p.meta.subtitle, None);
        assert_eq!(p.chrome.date.as_deref(), Some("2023-09-28"));
        assert_eq!(p.chrome.patch.publication.as_deref(), Some("经济日报"));
        assert_eq!(
            label_of("来源 | 人民日报"),
            Some((LabelKind::Source, "人民日报"))
        );
        // A column label in brackets is no label: it stays for the head reading.
        assert_eq!(label_of("【新春走基层】"), None);
        assert_eq!(label_of("【新春走基层】记者走进山村"), None);
    }

    #[test]
    fn paragraph_indents_inside_one_line_start_paragraphs() {
        let p = parse(
            "花市迎来销售旺季\u{3000}\u{3000}本报昆明2月12日电（记者叶传增）情人节临近，花卉市场迎来销售旺季，日均交易鲜切花超过1000万枝。\u{3000}\u{3000}市场负责人介绍，今年玫瑰价格较去年同期上涨约两成。\u{3000}\u{3000}当地开通了冷链专线。\n",
            false,
        );
        assert_eq!(p.meta.headline.as_deref(), Some("花市迎来销售旺季"));
        assert_eq!(p.body.len(), 3);
        // One run after a sentence splits; one run inside a head line does not.
        assert_eq!(
            split_indented_runs("第一段。\u{3000}\u{3000}第二段。\n"),
            "第一段。\n\u{3000}\u{3000}第二段。\n"
        );
        assert_eq!(
            split_indented_runs("身边的民主\u{3000}\u{3000}生动的实践\n"),
            "身边的民主\u{3000}\u{3000}生动的实践\n"
        );
        assert_eq!(
            split_indented_runs("\u{3000}\u{3000}正文。\u{3000}\u{3000}\n"),
            "\u{3000}\u{3000}正文。\u{3000}\u{3000}\n"
        );
    }

    #[test]
    fn desk_codes_after_a_closing_credit_go() {
        assert_eq!(
            credits::without_desk_code("责任编辑：张迪 SN200"),
            "责任编辑：张迪"
        );
        assert_eq!(
            credits::without_desk_code("（編輯：陳大文）1120120"),
            "（編輯：陳大文）"
        );
        assert_eq!(
            credits::without_desk_code("责任编辑：王晓易_NE0011"),
            "责任编辑：王晓易"
        );
        assert_eq!(credits::without_desk_code("增长了18.6%"), "增长了18.6%");
        assert_eq!(credits::without_desk_code("截至2023"), "截至2023");
        let p = parse(
            "标题行\n\n　　正文第一段，说明情况。\n　　正文第二段。\n（編輯：陳大文）1120120\n",
            false,
        );
        assert_eq!(p.body.len(), 2);
        let names: Vec<_> = p
            .meta
            .credits
            .iter()
            .flatten()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["陳大文"]);
    }

    #[test]
    fn labelled_kicker_and_subtitle_fields_name_their_roles() {
        let p = parse(
            "标题：长江大保护再出实招\n副标题：沿江11省市联合开展生态修复\n引题：生态优先 绿色发展\n作者：记者 周晓\n\n正文：\n本报武汉5月9日电　记者从长江水利委员会获悉。\n",
            false,
        );
        assert_eq!(p.meta.headline.as_deref(), Some("长江大保护再出实招"));
        assert_eq!(
            p.meta.subtitle.as_deref(),
            Some("沿江11省市联合开展生态修复")
        );
        assert_eq!(p.meta.kicker.as_deref(), Some("生态优先 绿色发展"));
        assert_eq!(p.body.len(), 1);
    }

    #[test]
    fn indented_first_line_means_no_head() {
        let p = parse(
            "\u{3000}\u{3000}推进低碳转型 确保能源安全\n\u{3000}\u{3000}本报记者 王  珏\n\u{3000}\u{3000}这是第一段正文，讲了很多事情。\n\u{3000}\u{3000}这是第二段正文。\n",
            false,
        );
        assert_eq!(p.meta.headline, None);
        assert_eq!(headings(&p), vec!["推进低碳转型 确保能源安全"]);
        assert_eq!(p.meta.credits.unwrap()[0].name, "王珏");
    }

    #[test]
    fn boxes_comments_and_read_more_stay_out_of_the_text() {
        let p = parse(
            "标题行\n正文第一段，内容很长很长，说了许多许多的事情。\n小标题一\n正文第二段，也说了许多许多的事情。\n【专家意见】短标题\n专家的话。\n",
            false,
        );
        assert_eq!(headings(&p), vec!["小标题一"]);
        assert!(matches!(p.body.last(), Some(Block::Quote { .. })));
        let p = parse(
            "标题行\n正文第一段，内容很长很长，说了许多许多的事情。\n——　网友留言　——\n网友“甲”：好！\n",
            false,
        );
        assert_eq!(p.body.len(), 1);
        let p = parse(
            "标题行\n正文第一段，内容很长很长。（王五／台北報導）想知道更多，一定要看……别的新闻。\n",
            false,
        );
        assert_eq!(p.meta.credits.unwrap()[0].name, "王五");
        let Some(Block::Paragraph { content }) = p.body.last() else {
            panic!("no paragraph")
        };
        assert_eq!(
            crate::model::plain_text(content),
            "正文第一段，内容很长很长。"
        );
    }

    #[test]
    fn a_heading_is_not_a_sentence_or_a_commentary_section() {
        assert!(heading_shape("短视频《原声！习近平两会上的暖心话》"));
        assert!(heading_shape("「怕爸爸離開我們」"));
        assert!(heading_shape("二、天灾？人祸？"));
        assert!(!heading_shape("“敬礼，毛主席！”"));
        assert!(!heading_shape("他说完就走了。"));
        assert!(!comment_label("人民日报评论部"));
        assert!(comment_label("网友评论"));
    }
}
