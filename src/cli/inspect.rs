//! `broadsheet inspect`: what the input stage found, for people or (`--json`) machines.

use super::args::InspectArgs;
use super::{ExitCode, UsageError, read_options};
use crate::convert::{Job, read_job};
use crate::input::ReadReport;
use crate::model::Block;
use std::fmt::Write as _;
use std::path::PathBuf;

pub fn run(a: InspectArgs) -> Result<ExitCode, UsageError> {
    let options = read_options(&a.read)?;
    let job = Job {
        input: a.input.clone(),
        rel: a.input.clone(),
        output_stem: PathBuf::new(),
    };
    let report = match read_job(&job, &options) {
        Ok(r) => r,
        Err(e) => {
            super::err_line(format!("error: {e}"));
            return Ok(ExitCode::SomeFailed);
        }
    };
    let text = if a.json {
        to_json(&report)
    } else {
        to_text(&report)
    };
    Ok(super::stream::deliver(text.as_bytes()))
}

fn to_json(r: &ReadReport) -> String {
    #[derive(serde::Serialize)]
    struct Outline<'a> {
        headings: Vec<OutlineHeading<'a>>,
        paragraphs: usize,
        images: usize,
    }
    #[derive(serde::Serialize)]
    struct OutlineHeading<'a> {
        level: u8,
        text: &'a str,
    }
    #[derive(serde::Serialize)]
    struct ArticleSummary<'a> {
        meta: &'a crate::model::Meta,
        outline: Outline<'a>,
    }
    #[derive(serde::Serialize)]
    struct Inspect<'a> {
        schema_version: u32,
        format: crate::input::InputFormat,
        encoding: &'a crate::input::EncodingInfo,
        extraction: &'a crate::input::Extraction,
        /// Where each metadata field of the first article came from.
        origins: &'a std::collections::BTreeMap<&'static str, String>,
        articles: Vec<ArticleSummary<'a>>,
        chrome_lines_dropped: usize,
        /// Each decision the reader took and why.
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        decisions: &'a [String],
        warnings: &'a [crate::warning::Warning],
    }
    let v = Inspect {
        schema_version: crate::model::SCHEMA_VERSION,
        format: r.format,
        encoding: &r.encoding,
        extraction: &r.extraction,
        origins: &r.origins,
        articles: r
            .articles
            .iter()
            .map(|a| ArticleSummary {
                meta: &a.meta,
                outline: Outline {
                    headings: a
                        .headings()
                        .into_iter()
                        .map(|(level, text)| OutlineHeading { level, text })
                        .collect(),
                    paragraphs: a.paragraph_count(),
                    images: a
                        .body
                        .iter()
                        .filter(|b| matches!(b, Block::Image { .. }))
                        .count(),
                },
            })
            .collect(),
        chrome_lines_dropped: r.chrome_lines,
        decisions: &r.decisions,
        warnings: &r.warnings,
    };
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

fn to_text(r: &ReadReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "format:      {:?}", r.format);
    let _ = writeln!(
        s,
        "encoding:    {} ({})",
        r.encoding.name, r.encoding.method
    );
    let _ = writeln!(
        s,
        "extraction:  {} — {}",
        r.extraction.method, r.extraction.reason
    );
    for (i, a) in r.articles.iter().enumerate() {
        if r.articles.len() > 1 {
            let _ = writeln!(s, "\narticle {} of {}:", i + 1, r.articles.len());
        }
        // Origins are tracked for the first article; the merge is the same for all.
        let origins = (i == 0).then_some(&r.origins);
        article_text(a, origins, &mut s);
    }
    let _ = writeln!(s, "chrome:      {} line(s) dropped", r.chrome_lines);
    if !r.decisions.is_empty() {
        let _ = writeln!(s, "decisions:");
        for d in &r.decisions {
            let _ = writeln!(s, "  - {d}");
        }
    }
    if r.warnings.is_empty() {
        let _ = writeln!(s, "warnings:    none");
    } else {
        let _ = writeln!(s, "warnings:");
        for w in &r.warnings {
            let _ = writeln!(s, "  - {w}");
        }
    }
    s
}

fn article_text(
    a: &crate::model::Article,
    origins: Option<&std::collections::BTreeMap<&'static str, String>>,
    s: &mut String,
) {
    let m = &a.meta;
    let origin = |field: &str| {
        origins
            .and_then(|o| o.get(field))
            .map(|o| format!("  ({o})"))
            .unwrap_or_default()
    };
    let mut field = |name: &str, key: &str, value: Option<String>| {
        let _ = writeln!(
            s,
            "{name:<12} {}{}",
            value.unwrap_or_else(|| "—".into()),
            origin(key)
        );
    };
    field("kicker:", "kicker", m.kicker.clone());
    field("headline:", "headline", m.headline.clone());
    field("subtitle:", "subtitle", m.subtitle.clone());
    field(
        "credits:",
        "credits",
        (!m.credits.is_empty()).then(|| {
            m.credits
                .iter()
                .map(|c| format!("{} {}", c.role, c.name))
                .collect::<Vec<_>>()
                .join("; ")
        }),
    );
    field("publication:", "publication", m.publication.clone());
    field("publisher:", "publisher", m.publisher.clone());
    field("site:", "site", m.site.clone());
    field("date:", "date", m.date.map(|d| d.to_string()));
    field("page:", "page", m.page.clone());
    field("page name:", "page_name", m.page_name.clone());
    field("language:", "lang", m.lang.clone());
    field("source:", "source", m.source.clone());
    let _ = writeln!(s, "outline:");
    let mut paragraphs = 0;
    for b in &a.body {
        match b {
            Block::Heading { level, text } => {
                if paragraphs > 0 {
                    let _ = writeln!(s, "  {paragraphs} paragraph(s)");
                    paragraphs = 0;
                }
                let _ = writeln!(s, "  {} {text}", "#".repeat(usize::from(*level)));
            }
            Block::Paragraph { .. } | Block::Quote { .. } => paragraphs += 1,
            Block::Image { src, caption, .. } => {
                let src = if src.is_empty() {
                    "(not in scrape)"
                } else {
                    src.as_str()
                };
                let _ = writeln!(s, "  [image {src}] {}", caption.as_deref().unwrap_or(""));
            }
        }
    }
    if paragraphs > 0 {
        let _ = writeln!(s, "  {paragraphs} paragraph(s)");
    }
    let _ = writeln!(
        s,
        "total:       {} paragraph(s), {} heading(s)",
        a.paragraph_count(),
        a.headings().len()
    );
}
