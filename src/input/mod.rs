//! The input stage: file → decoded text → parsed article → repaired text → merged
//! metadata. One module per input format; everything after parsing is shared, so a new
//! format is one parser.
//!
//! Metadata, inside a reader and after it, is one type and one rule: each source gives
//! a [`MetaPatch`], and patches merge field by field, the more trusted one winning
//! (`meta.rs`).

pub mod chrome;
pub mod credits;
pub mod csv;
pub mod decode;
pub mod export;
pub mod head;
pub mod html;
pub mod info_row;
pub mod json;
mod json_stream;
pub mod lang;
pub mod markdown;
pub mod meta;
pub mod repair;
pub mod source;
pub mod text;

use crate::error::{Error, Result};
use crate::model::{Article, Block, Inline, Meta};
use crate::warning::Warning;
use encoding_rs::Encoding;
pub use meta::MetaPatch;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Every input format broadsheet reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Scraped plain text (e-paper article pages saved as text).
    Text,
    /// Markdown with YAML front matter.
    Markdown,
    /// A saved web page: an e-paper article page or any news page.
    Html,
    /// A scraper's JSON export: one object, an array, or JSON Lines.
    Json,
    /// A scraper's CSV export: a header row naming the fields, one article per row
    /// (comma-, semicolon- or tab-separated; `.tsv` too).
    Csv,
}

impl InputFormat {
    /// The format a file name implies, if broadsheet reads it.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "md" | "markdown" => Some(InputFormat::Markdown),
            "html" | "htm" | "xhtml" | "shtml" => Some(InputFormat::Html),
            "json" | "jsonl" | "ndjson" => Some(InputFormat::Json),
            "csv" | "tsv" | "tab" => Some(InputFormat::Csv),
            _ => None,
        }
    }

    /// The format a file's first bytes suggest, for names without a known extension:
    /// `<` starts HTML, `{` (or `[` followed by `{`, `"` or `]`) starts JSON.
    pub fn sniff(bytes: &[u8]) -> Option<InputFormat> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
        let rest = &bytes[start..];
        match rest[0] {
            b'<' => Some(InputFormat::Html),
            b'{' => Some(InputFormat::Json),
            b'[' => {
                let next = rest[1..].iter().find(|b| !b.is_ascii_whitespace());
                matches!(next, Some(b'{' | b'"' | b']')).then_some(InputFormat::Json)
            }
            _ => None,
        }
    }
}

/// Options of the input stage.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Repair scraped punctuation and spacing (`--no-repair` turns it off).
    pub repair: bool,
    /// Decode with this encoding instead of detecting one (`--encoding`).
    pub encoding: Option<&'static Encoding>,
    /// Read `<stem>.json` / `<stem>.toml` beside the input.
    pub sidecars: bool,
    /// Metadata from command-line flags: applied last.
    pub overrides: MetaPatch,
    /// Force a format instead of going by the file extension.
    pub format: Option<InputFormat>,
    /// Boilerplate learned from the batch (`convert` fills it in): lines that recur in
    /// many text files of one folder are dropped as chrome.
    pub learned: Option<std::sync::Arc<Learned>>,
    /// Script conversion (`--convert`), applied to the articles once read: a model →
    /// model stage (`crate::transform`), run here so every reader of inputs gets it.
    pub convert: Option<crate::transform::ScriptConversion>,
}

/// What a folder's text files have in common: folder → its boilerplate lines (trimmed).
pub type Learned = BTreeMap<std::path::PathBuf, std::collections::BTreeSet<String>>;

impl ReadOptions {
    /// The boilerplate learned for the folder holding `path`.
    pub fn learned_for(&self, path: &Path) -> Option<&std::collections::BTreeSet<String>> {
        self.learned.as_ref()?.get(path.parent()?)
    }
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            repair: true,
            encoding: None,
            sidecars: true,
            overrides: MetaPatch::default(),
            format: None,
            learned: None,
            convert: None,
        }
    }
}

/// How the text was decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EncodingInfo {
    pub name: &'static str,
    pub method: &'static str,
}

/// The articles of one input and everything the input stage found out on the way (for
/// `inspect`). Most inputs hold one article; a JSON array or JSON Lines file holds many.
#[derive(Debug, Clone, Serialize)]
pub struct ReadReport {
    pub articles: Vec<Article>,
    pub format: InputFormat,
    pub encoding: EncodingInfo,
    /// How the article was found, and why that way (e.g. e-paper markup vs. generic
    /// main-content extraction).
    pub extraction: Extraction,
    /// Which stage set each metadata field of the first article: text, sidecar, path or flag.
    pub origins: BTreeMap<&'static str, String>,
    /// Lines dropped as site chrome (scraped text only).
    pub chrome_lines: usize,
    /// Each decision the reader took and why (head roles, chrome, boxes …).
    pub decisions: Vec<String>,
    pub warnings: Vec<Warning>,
}

impl ReadReport {
    /// The first article (every successful read has at least one).
    pub fn article(&self) -> &Article {
        &self.articles[0]
    }
}

/// Which extraction path a reader took and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extraction {
    /// `text`, `markdown`, `epaper`, `generic`, `json` …
    pub method: &'static str,
    pub reason: String,
}

/// What a format reader returns: articles with what the document itself says, before
/// repair and metadata merge (which are the same for every format).
#[derive(Debug, Clone)]
pub struct Parsed {
    pub articles: Vec<Article>,
    pub extraction: Extraction,
    pub chrome_lines: usize,
    /// Each decision the reader took and why, for `inspect` (may be empty).
    pub decisions: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// Reads one input file.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<ReadReport> {
    let bytes = source::read(path)?;
    read_bytes(&bytes, path, options)
}

/// Reads an input already in memory. `path` names it (for messages, the `source` field,
/// the sidecar and the date in the path); `-` means standard input.
pub fn read_bytes(bytes: &[u8], path: &Path, options: &ReadOptions) -> Result<ReadReport> {
    let format = options
        .format
        .or_else(|| InputFormat::from_path(path).map(|f| text_or_page(f, bytes)))
        .or_else(|| InputFormat::sniff(bytes))
        .unwrap_or(InputFormat::Text);
    let declared = match format {
        InputFormat::Html => html::prescan::declared_encoding(bytes),
        _ => None,
    };
    let decoded = decode::decode(path, bytes, options.encoding, declared)?;
    // A Jina Reader dump saved under a text name is Markdown with a header.
    let format = match format {
        InputFormat::Text
            if options.format.is_none() && markdown::is_reader_dump(&decoded.text) =>
        {
            InputFormat::Markdown
        }
        f => f,
    };
    let parsed = parse(format, path, &decoded.text, options)?;
    let mut report = finish(parsed, format, decoded, path, options)?;
    crate::transform::apply(&mut report.articles, options.convert);
    Ok(report)
}

/// A whole web page saved under a text name (`x.html.txt`) is read as HTML: scrapers
/// save pages that way, and no text reader can make sense of markup.
fn text_or_page(format: InputFormat, bytes: &[u8]) -> InputFormat {
    if format != InputFormat::Text {
        return format;
    }
    let head = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let lead: Vec<u8> = head[start..]
        .iter()
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    if lead.starts_with(b"<!doctype html") || lead.starts_with(b"<html") {
        InputFormat::Html
    } else {
        format
    }
}

/// Runs the reader for `format` on decoded text.
fn parse(format: InputFormat, path: &Path, text: &str, options: &ReadOptions) -> Result<Parsed> {
    match format {
        InputFormat::Text => text::read(path, text, !options.repair, options.learned_for(path)),
        InputFormat::Markdown => markdown::read(path, text),
        InputFormat::Html => html::read(path, text),
        InputFormat::Json => json::read(path, text),
        InputFormat::Csv => csv::read(path, text),
    }
}

/// What every format shares after parsing: source, repair, language, then sidecar < path
/// < flags; and the checks that an input really held an article.
fn finish(
    parsed: Parsed,
    format: InputFormat,
    decoded: decode::Decoded,
    path: &Path,
    options: &ReadOptions,
) -> Result<ReadReport> {
    let mut warnings = decoded.warnings;
    warnings.extend(parsed.warnings);
    let from_stdin = path == Path::new("-");
    let source = (!from_stdin).then(|| path.to_string_lossy().replace('\\', "/"));
    let sidecar = match meta::sidecar_path(path).filter(|_| options.sidecars && !from_stdin) {
        Some(p) => meta::read_sidecar(&p)?,
        None => None,
    };
    if let Some((_, w)) = &sidecar {
        warnings.extend(w.iter().cloned());
    }
    let path_date = if from_stdin {
        None
    } else {
        meta::date_from_path(path)?
    };

    let mut articles = Vec::with_capacity(parsed.articles.len());
    let mut origins = BTreeMap::new();
    for (index, mut article) in parsed.articles.into_iter().enumerate() {
        let mut o = BTreeMap::new();
        if article.meta.source.is_none() {
            article.meta.source.clone_from(&source);
        }
        if options.repair {
            repair_article(&mut article);
        }
        if article.meta.lang.is_none() {
            article.meta.lang = Some(lang::guess(&all_text(&article)).to_string());
        }
        // As papers print them: those who wrote and photographed first, the desk after.
        article
            .meta
            .credits
            .sort_by_key(crate::model::Credit::is_editorial);
        record_origins(&mut o, &Meta::default(), &article.meta, "text");
        if let Some((patch, _)) = &sidecar {
            apply_recorded(patch, &mut article.meta, &mut o, "sidecar");
        }
        if let Some(date) = path_date {
            let patch = MetaPatch {
                date: Some(date),
                ..MetaPatch::default()
            };
            apply_recorded(&patch, &mut article.meta, &mut o, "path");
        }
        apply_recorded(&options.overrides, &mut article.meta, &mut o, "flag");
        if article.body.is_empty() && article.meta.headline.is_none() {
            continue;
        }
        if article.body.is_empty() {
            warnings.push(Warning::new(
                "empty-body",
                format!("article {}: a headline but no body text", index + 1),
            ));
        }
        if articles.is_empty() {
            origins = o;
        }
        articles.push(article);
    }
    if articles.is_empty() {
        return Err(Error::NoArticle {
            path: path.to_path_buf(),
        });
    }
    let mut replaced = 0usize;
    for a in &articles {
        each_text(a, &mut |t| replaced += t.matches('\u{FFFD}').count());
    }
    if replaced > 0 && warnings.iter().all(|w| w.code != "malformed-bytes") {
        warnings.push(Warning::new(
            "replacement-characters",
            format!("the text contains {replaced} U+FFFD replacement character(s)"),
        ));
    }
    Ok(ReadReport {
        articles,
        format,
        encoding: EncodingInfo {
            name: decoded.encoding,
            method: decoded.method,
        },
        extraction: parsed.extraction,
        origins,
        chrome_lines: parsed.chrome_lines,
        decisions: parsed.decisions,
        warnings,
    })
}

fn apply_recorded(
    patch: &MetaPatch,
    meta: &mut Meta,
    origins: &mut BTreeMap<&'static str, String>,
    origin: &str,
) {
    let before = meta.clone();
    patch.apply(meta);
    record_origins(origins, &before, meta, origin);
}

/// Notes `origin` for every field that differs between `before` and `after`.
fn record_origins(
    origins: &mut BTreeMap<&'static str, String>,
    before: &Meta,
    after: &Meta,
    origin: &str,
) {
    let changed: [(&'static str, bool); 12] = [
        ("kicker", before.kicker != after.kicker),
        ("headline", before.headline != after.headline),
        ("subtitle", before.subtitle != after.subtitle),
        ("credits", before.credits != after.credits),
        ("publication", before.publication != after.publication),
        ("publisher", before.publisher != after.publisher),
        ("site", before.site != after.site),
        ("date", before.date != after.date),
        ("page", before.page != after.page),
        ("page_name", before.page_name != after.page_name),
        ("source", before.source != after.source),
        ("lang", before.lang != after.lang),
    ];
    for (field, did_change) in changed {
        if did_change {
            origins.insert(field, origin.to_string());
        }
    }
}

/// Every piece of text in the article, for language guessing and checks.
fn all_text(a: &Article) -> String {
    let mut s = String::new();
    each_text(a, &mut |t| s.push_str(t));
    s
}

/// Calls `f` with each run of the article's text, in reading order, with the line breaks
/// [`all_text`] puts between fields and blocks (no string is built on the way).
fn each_text(a: &Article, f: &mut dyn FnMut(&str)) {
    for t in [&a.meta.kicker, &a.meta.headline, &a.meta.subtitle]
        .into_iter()
        .flatten()
    {
        f(t);
        f("\n");
    }
    fn inlines(list: &[Inline], f: &mut dyn FnMut(&str)) {
        for inline in list {
            match inline {
                Inline::Text { text } => f(text),
                Inline::Strong { content }
                | Inline::Emphasis { content }
                | Inline::Link { content, .. } => inlines(content, f),
                Inline::LineBreak => f("\n"),
            }
        }
    }
    fn blocks(b: &[Block], f: &mut dyn FnMut(&str)) {
        for block in b {
            match block {
                Block::Heading { text, .. } => f(text),
                Block::Paragraph { content } => inlines(content, f),
                Block::Image { caption, .. } => f(caption.as_deref().unwrap_or("")),
                Block::Quote { content } => blocks(content, f),
            }
            f("\n");
        }
    }
    blocks(&a.body, f);
}

/// Applies [`repair::repair`] to every string of the article: titles and headings keep
/// their inner spaces, body text loses stray ones.
pub fn repair_article(a: &mut Article) {
    use repair::{Context, repair};
    let title = |t: &mut Option<String>| {
        if let Some(s) = t.as_mut() {
            *s = repair(s, Context::Title);
        }
        if t.as_deref().is_some_and(str::is_empty) {
            *t = None;
        }
    };
    title(&mut a.meta.kicker);
    title(&mut a.meta.headline);
    title(&mut a.meta.subtitle);
    for c in &mut a.meta.credits {
        c.name = repair(&c.name, Context::Title);
        c.role = repair(&c.role, Context::Title);
    }
    fn inlines(list: &mut Vec<Inline>) {
        for i in list.iter_mut() {
            match i {
                Inline::Text { text } => *text = repair_inline_text(text),
                Inline::Strong { content }
                | Inline::Emphasis { content }
                | Inline::Link { content, .. } => inlines(content),
                Inline::LineBreak => {}
            }
        }
        list.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    }
    fn blocks(list: &mut Vec<Block>) {
        for b in list.iter_mut() {
            match b {
                Block::Heading { text, .. } => *text = repair::repair(text, repair::Context::Title),
                Block::Paragraph { content } => inlines(content),
                Block::Image { caption, .. } => {
                    if let Some(c) = caption.as_mut() {
                        // Captions end in credits ("本报记者 孙强 摄") whose spaces are kept.
                        *c = repair::repair(c, repair::Context::Title);
                    }
                }
                Block::Quote { content } => blocks(content),
            }
        }
        list.retain(|b| match b {
            Block::Paragraph { content } => !content.is_empty(),
            Block::Heading { text, .. } => !text.is_empty(),
            _ => true,
        });
    }
    blocks(&mut a.body);
}

/// Repairs a run of text that may sit between other inlines: its edge spaces separate
/// it from its neighbours, so they are kept (collapsed to one).
fn repair_inline_text(text: &str) -> String {
    let lead = text.starts_with(char::is_whitespace);
    let trail = text.ends_with(char::is_whitespace) && !text.trim().is_empty();
    let mut s = repair::repair(text, repair::Context::Body);
    if s.is_empty() {
        return if text.is_empty() {
            String::new()
        } else {
            " ".into()
        };
    }
    if lead {
        s.insert(0, ' ');
    }
    if trail {
        s.push(' ');
    }
    s
}
