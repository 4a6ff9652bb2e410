//! Output backends: each turns the model into the bytes of one file format.
//!
//! A backend is one module with a free function from model to bytes; this file holds the
//! closed list of formats and the one `match` that dispatches to them. Writing the bytes
//! to disk (atomically) is the caller's job: see [`crate::fsutil`].

pub mod epub;
pub mod json;
pub mod markdown;
pub mod pdf;

use crate::error::Result;
use crate::model::{Article, Edition};
use crate::warning::Warning;

/// Every output format broadsheet can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum OutputFormat {
    /// Markdown with YAML front matter (pandoc-compatible).
    Md,
    /// The document model as JSON (schema in README).
    Json,
    /// EPUB 3 e-book (one per article, or one per edition).
    Epub,
    /// Typeset PDF with Chinese line breaking (one per article, or one per edition).
    Pdf,
}

impl OutputFormat {
    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Md => "md",
            OutputFormat::Json => "json",
            OutputFormat::Epub => "epub",
            OutputFormat::Pdf => "pdf",
        }
    }

    /// Whether the format can put a whole edition (one day's paper) in one file.
    pub fn writes_editions(self) -> bool {
        match self {
            OutputFormat::Md | OutputFormat::Json => false,
            OutputFormat::Epub | OutputFormat::Pdf => true,
        }
    }
}

/// Options for all backends, one struct per backend.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    pub markdown: markdown::MarkdownOptions,
    pub epub: epub::EpubOptions,
    pub pdf: pdf::PdfOptions,
    /// The bundled fonts, loaded on first use by the backends that draw or embed text.
    pub fonts: epub::FontSource,
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
        OutputFormat::Epub => epub::write_article(article, &options.epub, &options.fonts)?,
        OutputFormat::Pdf => {
            let fonts =
                (options.fonts).select(article.meta.lang.as_deref(), options.pdf.headline_face)?;
            pdf::write_article(article, &options.pdf, &fonts)?
        }
    })
}

/// Renders one edition (one day's paper) as one file, in a format where
/// [`OutputFormat::writes_editions`] holds.
pub fn write_edition(
    format: OutputFormat,
    edition: &Edition,
    options: &WriteOptions,
) -> Result<Rendered> {
    match format {
        OutputFormat::Epub => epub::write_edition(edition, &options.epub, &options.fonts),
        OutputFormat::Pdf => {
            // One face per book: the first article's language decides.
            let lang = edition
                .articles()
                .next()
                .and_then(|a| a.meta.lang.as_deref());
            let fonts = options.fonts.select(lang, options.pdf.headline_face)?;
            pdf::write_edition(edition, &options.pdf, &fonts)
        }
        OutputFormat::Md | OutputFormat::Json => Err(crate::error::Error::Render {
            path: format!("{}.{}", edition.file_stem(), format.extension()).into(),
            message: format!(
                "{} output is one file per article; editions are written as EPUB or PDF",
                format.extension()
            ),
        }),
    }
}
