//! EPUB 3 backend: takes one [`Article`] or one [`Edition`] (a day's paper), gives the
//! bytes of an EPUB 3.3 book (with an EPUB 2 `toc.ncx` for older readers) plus warnings.
//!
//! Steps, one module each: article pages (`xhtml`) with their pictures (`images`), the
//! contents tree (`nav`), the cover (`cover`), the optional embedded font subset (`font`),
//! the stylesheet (`css`), then metadata and the ZIP (`package`); `book` runs them for
//! one book. Design notes: docs/epub-design.md.
//! Output depends only on the input and the options: no clock, no randomness, no
//! hash-map order, so the same input always gives the same bytes.

mod book;
mod cover;
mod css;
mod font;
mod images;
mod nav;
mod package;
mod xhtml;
pub mod xml;

pub use nav::NavNode;

use crate::env::Env;
use crate::error::{Error, Result};
use crate::model::{Article, Edition};
use crate::output::Rendered;
use book::{BookMeta, build};
use std::path::PathBuf;
use xhtml::Dateline;

/// Options of the EPUB backend; fonts, the picture root and `SOURCE_DATE_EPOCH` (the
/// book's `dcterms:modified`, default: the paper's date) are the run's ([`Env`]).
#[derive(Debug, Clone)]
pub struct EpubOptions {
    /// A picture to use as the cover instead of the generated one (`--cover FILE`).
    pub cover: Option<PathBuf>,
    /// Draw a cover from publication, date and front-page headlines when `cover` is not
    /// given. Default: true.
    pub generate_cover: bool,
    /// Embed a subset of the bundled Noto Serif SC (`--embed-font`).
    pub embed_font: bool,
    /// Longest side, in pixels, of a picture in the book; larger ones are scaled down.
    pub max_image_side: u32,
    /// Vertical writing (`--vertical`): `writing-mode: vertical-rl` and pages turned
    /// right to left (`page-progression-direction="rtl"`).
    pub vertical: bool,
    /// The face of headlines (`--headline-face`): serif or sans.
    pub headline_face: crate::fonts::HeadlineFace,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            cover: None,
            generate_cover: true,
            embed_font: false,
            max_image_side: 1600,
            vertical: false,
            headline_face: crate::fonts::HeadlineFace::Serif,
        }
    }
}

/// One article as one book: nav is headline → section headings.
pub fn write_article(article: &Article, opts: &EpubOptions, env: &Env) -> Result<Rendered> {
    let name = PathBuf::from(
        article
            .meta
            .source
            .clone()
            .unwrap_or_else(|| article.display_title()),
    );
    let m = &article.meta;
    let cover = cover::CoverText {
        publication: m
            .publication
            .clone()
            .unwrap_or_else(|| article.display_title()),
        date: m.date,
        page: (m.page.is_some() || m.page_name.is_some())
            .then(|| xhtml::page_label(m.page.as_deref(), m.page_name.as_deref())),
        headlines: vec![article.display_title()],
        footer: None,
    };
    build(opts, env, [article], article, cover, |b| {
        let chapter_lang = b.article_lang(article);
        let file = b.add_chapter(article, &chapter_lang, Dateline::Full);
        let tree = vec![b.article_node(&file)];
        let meta = BookMeta {
            title: article.display_title(),
            creators: article.authors().iter().map(|s| s.to_string()).collect(),
            publisher: m.publisher.clone().or_else(|| m.publication.clone()),
            date: m.date,
            subjects: m.page_name.iter().cloned().collect(),
            publication: m.publication.clone(),
        };
        (meta, tree)
    })
    .map_err(|message| Error::Render {
        path: name,
        message,
    })
}

/// One day's paper as one book: nav is page (版面) → article → section headings; pages
/// in print order, articles in input order within a page (as [`Edition`] has them).
pub fn write_edition(edition: &Edition, opts: &EpubOptions, env: &Env) -> Result<Rendered> {
    let name = PathBuf::from(format!("{}.epub", edition.file_stem()));
    let render_err = |message: String| Error::Render {
        path: name.clone(),
        message,
    };
    let Some(first) = edition.articles().next() else {
        return Err(render_err("the edition has no articles".to_string()));
    };
    let cover = cover::CoverText {
        publication: edition
            .publication
            .clone()
            .unwrap_or_else(|| edition.title()),
        date: edition.date,
        page: edition.pages.first().map(|p| p.label()),
        headlines: edition
            .pages
            .first()
            .map(|p| p.articles.iter().map(|a| a.display_title()).collect())
            .unwrap_or_default(),
        footer: Some(format!(
            "本期 {} 个版面 · {} 篇文章",
            edition.pages.len(),
            edition.articles().count()
        )),
    };
    build(opts, env, edition.articles(), first, cover, |b| {
        let mut tree = Vec::with_capacity(edition.pages.len());
        for page in &edition.pages {
            let mut children = Vec::with_capacity(page.articles.len());
            for article in &page.articles {
                let lang = b.article_lang(article);
                let file = b.add_chapter(article, &lang, Dateline::PageOnly);
                children.push(b.article_node(&file));
            }
            // A page has no file of its own: it opens at its first article.
            let Some(href) = children.first().map(|c| c.href.clone()) else {
                continue;
            };
            tree.push(NavNode {
                label: page.label(),
                href,
                children,
            });
        }
        (edition_meta(edition), tree)
    })
    .map_err(render_err)
}

/// Title, creators (each name once, in reading order), publisher, date and one subject
/// per page name of an edition.
fn edition_meta(edition: &Edition) -> BookMeta {
    let mut creators: Vec<String> = Vec::new();
    for a in edition.articles() {
        for name in a.authors() {
            if !creators.iter().any(|c| c == name) {
                creators.push(name.to_string());
            }
        }
    }
    let mut subjects: Vec<String> = Vec::new();
    for p in &edition.pages {
        if let Some(n) = p.page_name.as_ref().filter(|n| !n.trim().is_empty())
            && !subjects.contains(n)
        {
            subjects.push(n.clone());
        }
    }
    let publisher = edition
        .articles()
        .find_map(|a| a.meta.publisher.clone())
        .or_else(|| edition.publication.clone());
    BookMeta {
        title: edition.title(),
        creators,
        publisher,
        date: edition.date,
        subjects,
        publication: edition.publication.clone(),
    }
}
