//! Output backends: each turns the model into the bytes of one file format.
//!
//! A backend is one module with a free function from model to bytes; this file holds the
//! closed list of formats and the one `match` that dispatches to them. Writing the bytes
//! to disk (atomically) is the caller's job: see [`crate::fsutil`].

pub mod json;
pub mod markdown;
pub mod pdf;

use crate::error::Result;
use crate::model::Article;
use crate::warning::Warning;

/// Every output format broadsheet can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum OutputFormat {
    /// Markdown with YAML front matter (pandoc-compatible).
    Md,
    /// The document model as JSON (schema in README).
    Json,
    /// Typeset PDF with Chinese line breaking (one per article; editions via `pdf::write_edition`).
    Pdf,
}

impl OutputFormat {
    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Md => "md",
            OutputFormat::Json => "json",
            OutputFormat::Pdf => "pdf",
        }
    }
}

/// Options for all backends, one struct per backend.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    pub markdown: markdown::MarkdownOptions,
    pub pdf: pdf::PdfOptions,
}

/// What a backend produced: the file's bytes and anything the user should know.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub warnings: Vec<Warning>,
}

impl From<Vec<u8>> for Rendered {
    fn from(bytes: Vec<u8>) -> Self {
        Rendered {
            bytes,
            warnings: Vec::new(),
        }
    }
}

/// Renders one article in one format.
pub fn write_article(
    format: OutputFormat,
    article: &Article,
    options: &WriteOptions,
) -> Result<Rendered> {
    Ok(match format {
        OutputFormat::Md => markdown::write(article, &options.markdown)
            .into_bytes()
            .into(),
        OutputFormat::Json => json::write(article)?.into(),
        OutputFormat::Pdf => {
            let fonts = pdf::bundled_fonts(options.pdf.font_dir.as_deref())?;
            pdf::write_article(article, &options.pdf, &fonts)?
        }
    })
}
