//! The input stage: file → decoded text → parsed article → repaired text → merged
//! metadata. One module per input format; everything after parsing is shared, so a new
//! format is one parser.

pub mod chrome;
pub mod credits;
pub mod decode;
pub mod lang;
pub mod markdown;
pub mod meta;
pub mod repair;
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
}

impl InputFormat {
    /// The format a file name implies, if broadsheet reads it.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "md" | "markdown" => Some(InputFormat::Markdown),
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
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            repair: true,
            encoding: None,
            sidecars: true,
            overrides: MetaPatch::default(),
            format: None,
        }
    }
}

/// How the text was decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EncodingInfo {
    pub name: &'static str,
    pub method: &'static str,
}

/// An article and everything the input stage found out on the way (for `inspect`).
#[derive(Debug, Clone, Serialize)]
pub struct ReadReport {
    pub article: Article,
    pub format: InputFormat,
    pub encoding: EncodingInfo,
    /// Which stage set each metadata field: text, sidecar, path or flag.
    pub origins: BTreeMap<&'static str, String>,
    /// Lines dropped as site chrome (scraped text only).
    pub chrome_lines: usize,
    pub warnings: Vec<Warning>,
}

/// Reads one input file.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<ReadReport> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_bytes(&bytes, path, options)
}

/// Reads an input already in memory. `path` names it (for messages, the `source` field,
/// the sidecar and the date in the path); `-` means standard input.
pub fn read_bytes(bytes: &[u8], path: &Path, options: &ReadOptions) -> Result<ReadReport> {
    let format = options
        .format
        .or_else(|| InputFormat::from_path(path))
        .unwrap_or(InputFormat::Text);
    let decoded = decode::decode(path, bytes, options.encoding, None)?;
    let mut warnings = decoded.warnings;
    let mut origins = BTreeMap::new();
    let from_stdin = path == Path::new("-");
    let source = (!from_stdin).then(|| path.to_string_lossy().replace('\\', "/"));

    let mut article = Article::default();
    let mut chrome_lines = 0;
    match format {
        InputFormat::Text => {
            let parsed = text::parse(&decoded.text, !options.repair);
            chrome_lines = parsed.chrome_lines;
            let found = &parsed.chrome;
            let date = match &found.date {
                Some(d) => Some(d.parse().map_err(|_| Error::InvalidDate {
                    value: d.clone(),
                    origin: format!("the text of {}", path.display()),
                })?),
                None => None,
            };
            article.meta = Meta {
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
            };
            article.body = parsed.body;
        }
        InputFormat::Markdown => {
            let parsed = markdown::parse(path, &decoded.text)?;
            warnings.extend(parsed.warnings);
            parsed.front.apply(&mut article.meta);
            article.body = parsed.body;
        }
    }
    if article.meta.source.is_none() {
        article.meta.source = source;
    }
    if options.repair {
        repair_article(&mut article);
    }
    if article.meta.lang.is_none() {
        article.meta.lang = Some(lang::guess(&all_text(&article)).to_string());
    }
    record_origins(&mut origins, &Meta::default(), &article.meta, "text");

    if options.sidecars
        && !from_stdin
        && let Some(sidecar) = meta::sidecar_path(path)
        && let Some((patch, w)) = meta::read_sidecar(&sidecar)?
    {
        warnings.extend(w);
        apply_recorded(&patch, &mut article.meta, &mut origins, "sidecar");
    }
    if !from_stdin && let Some(date) = meta::date_from_path(path)? {
        let patch = MetaPatch {
            date: Some(date),
            ..MetaPatch::default()
        };
        apply_recorded(&patch, &mut article.meta, &mut origins, "path");
    }
    apply_recorded(&options.overrides, &mut article.meta, &mut origins, "flag");

    if article.body.is_empty() && article.meta.headline.is_none() {
        return Err(Error::NoArticle {
            path: path.to_path_buf(),
        });
    }
    if article.body.is_empty() {
        warnings.push(Warning::new(
            "empty-body",
            "the article has a headline but no body text",
        ));
    }
    let replaced = all_text(&article).matches('\u{FFFD}').count();
    if replaced > 0 && warnings.iter().all(|w| w.code != "malformed-bytes") {
        warnings.push(Warning::new(
            "replacement-characters",
            format!("the text contains {replaced} U+FFFD replacement character(s)"),
        ));
    }
    Ok(ReadReport {
        article,
        format,
        encoding: EncodingInfo {
            name: decoded.encoding,
            method: decoded.method,
        },
        origins,
        chrome_lines,
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
    for t in [&a.meta.kicker, &a.meta.headline, &a.meta.subtitle]
        .into_iter()
        .flatten()
    {
        s.push_str(t);
        s.push('\n');
    }
    fn blocks(b: &[Block], s: &mut String) {
        for block in b {
            match block {
                Block::Heading { text, .. } => s.push_str(text),
                Block::Paragraph { content } => s.push_str(&crate::model::plain_text(content)),
                Block::Image { caption, .. } => s.push_str(caption.as_deref().unwrap_or("")),
                Block::Quote { content } => blocks(content, s),
            }
            s.push('\n');
        }
    }
    blocks(&a.body, &mut s);
    s
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
