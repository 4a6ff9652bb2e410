//! EPUB 3 backend: takes one [`Article`] or one [`Edition`] (a day's paper), gives the
//! bytes of an EPUB 3.3 book (with an EPUB 2 `toc.ncx` for older readers) plus warnings.
//!
//! Steps, one module each: article pages ([`xhtml`]) with their pictures ([`images`]),
//! the contents tree ([`nav`]), the cover ([`cover`]), the optional embedded font subset
//! ([`font`]), the stylesheet ([`css`]), then metadata and the ZIP ([`package`]).
//! Output depends only on the input and the options: no clock, no randomness, no
//! hash-map order, so the same input always gives the same bytes.

mod cover;
mod css;
mod font;
mod images;
mod nav;
mod package;
mod xhtml;
mod xml;

pub use nav::NavNode;

use crate::error::{Error, Result};
use crate::fonts::FontSet;
use crate::model::{Article, Date, Edition};
use crate::output::Rendered;
use crate::warning::Warning;
use images::Images;
use package::{Metadata, Package, Resource};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use xhtml::{Chapter, Dateline};

/// Options of the EPUB backend.
#[derive(Debug, Clone)]
pub struct EpubOptions {
    /// A picture to use as the cover instead of the generated one (`--cover FILE`).
    pub cover: Option<PathBuf>,
    /// Draw a cover from publication, date and front-page headlines when `cover` is not
    /// given. Default: true.
    pub generate_cover: bool,
    /// Embed a subset of the bundled Noto Serif SC (`--embed-font`).
    pub embed_font: bool,
    /// `SOURCE_DATE_EPOCH`: the book's `dcterms:modified`. Default: the paper's date.
    pub source_date_epoch: Option<i64>,
    /// The folder relative image paths start from. Default: each article's own folder
    /// (from `meta.source`). Pictures outside it are never read.
    pub image_root: Option<PathBuf>,
    /// Longest side, in pixels, of a picture in the book; larger ones are scaled down.
    pub max_image_side: u32,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            cover: None,
            generate_cover: true,
            embed_font: false,
            source_date_epoch: None,
            image_root: None,
            max_image_side: 1600,
        }
    }
}

/// The bundled fonts, loaded the first time a book needs them (a generated cover or an
/// embedded font) and then shared by every book written with this value (clones share).
#[derive(Debug, Clone, Default)]
pub struct FontSource {
    dir: Option<PathBuf>,
    cell: Arc<OnceLock<FontSet>>,
}

impl FontSource {
    /// Fonts found by [`FontSet::load`] from `dir` (or the usual places when `None`).
    pub fn new(dir: Option<PathBuf>) -> FontSource {
        FontSource {
            dir,
            cell: Arc::default(),
        }
    }

    /// Fonts already in memory.
    pub fn loaded(set: FontSet) -> FontSource {
        let cell = OnceLock::new();
        let _ = cell.set(set);
        FontSource {
            dir: None,
            cell: Arc::new(cell),
        }
    }

    pub fn get(&self) -> Result<&FontSet> {
        if let Some(set) = self.cell.get() {
            return Ok(set);
        }
        let set = FontSet::load(self.dir.as_deref())?;
        // Another thread may have won the race; either copy is the same fonts.
        Ok(self.cell.get_or_init(|| set))
    }
}

/// One article as one book: nav is headline → section headings.
pub fn write_article(
    article: &Article,
    opts: &EpubOptions,
    fonts: &FontSource,
) -> Result<Rendered> {
    let name = PathBuf::from(
        article
            .meta
            .source
            .clone()
            .unwrap_or_else(|| article.display_title()),
    );
    let mut b = Builder::new(opts, article);
    let chapter_lang = b.article_lang(article);
    let file = b.add_chapter(article, &chapter_lang, Dateline::Full);
    let tree = vec![b.article_node(&file)];
    let m = &article.meta;
    let meta = BookMeta {
        title: article.display_title(),
        creators: article.authors().iter().map(|s| s.to_string()).collect(),
        publisher: m.publisher.clone().or_else(|| m.publication.clone()),
        date: m.date,
        subjects: m.page_name.iter().cloned().collect(),
    };
    let cover = cover::CoverText {
        publication: m
            .publication
            .clone()
            .unwrap_or_else(|| article.display_title()),
        date: m.date,
        page: (m.page.is_some() || m.page_name.is_some()).then(|| page_label(article)),
        headlines: vec![article.display_title()],
        footer: None,
    };
    b.finish(meta, tree, cover, fonts)
        .map_err(|message| Error::Render {
            path: name,
            message,
        })
}

/// One day's paper as one book: nav is page (版面) → article → section headings; pages
/// in print order, articles in input order within a page (as [`Edition`] has them).
pub fn write_edition(
    edition: &Edition,
    opts: &EpubOptions,
    fonts: &FontSource,
) -> Result<Rendered> {
    let name = PathBuf::from(format!("{}.epub", edition.file_stem()));
    let render_err = |message: String| Error::Render {
        path: name.clone(),
        message,
    };
    let Some(first) = edition.articles().next() else {
        return Err(render_err("the edition has no articles".to_string()));
    };
    let mut b = Builder::new(opts, first);
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
    let meta = BookMeta {
        title: edition.title(),
        creators,
        publisher,
        date: edition.date,
        subjects,
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
    b.finish(meta, tree, cover, fonts).map_err(render_err)
}

fn page_label(a: &Article) -> String {
    crate::model::PageGroup {
        page: a.meta.page.clone(),
        page_name: a.meta.page_name.clone(),
        articles: Vec::new(),
    }
    .label()
}

/// What the caller knows about the book as a whole.
struct BookMeta {
    title: String,
    creators: Vec<String>,
    publisher: Option<String>,
    date: Option<Date>,
    subjects: Vec<String>,
}

/// Accumulates the pages of one book, then packs it.
struct Builder<'o> {
    opts: &'o EpubOptions,
    lang: String,
    chapters: Vec<(String, Chapter)>,
    images: Images,
    warnings: Vec<Warning>,
}

const DEFAULT_LANG: &str = "zh-CN";

impl<'o> Builder<'o> {
    /// The book's language is the first article's.
    fn new(opts: &'o EpubOptions, first: &Article) -> Builder<'o> {
        let mut b = Builder {
            opts,
            lang: String::new(),
            chapters: Vec::new(),
            images: Images::new(opts.image_root.clone(), opts.max_image_side),
            warnings: Vec::new(),
        };
        b.lang = b.article_lang(first);
        b.warnings.clear();
        b
    }

    /// The article's `meta.lang` when it is a well-formed tag, else zh-CN (with a warning
    /// for a malformed one: EPUBCheck rejects the whole book over a bad tag).
    fn article_lang(&mut self, a: &Article) -> String {
        match a.meta.lang.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_LANG.to_string(),
            Some(l) if xml::is_language_tag(l) => l.to_string(),
            Some(l) => {
                self.warnings.push(Warning::new(
                    "bad-language",
                    format!(
                        "{}: language '{l}' is not a BCP 47 tag; using {DEFAULT_LANG}",
                        a.display_title()
                    ),
                ));
                DEFAULT_LANG.to_string()
            }
        }
    }

    /// Renders the article into the next chapter file; returns the file's path.
    fn add_chapter(&mut self, a: &Article, lang: &str, dateline: Dateline) -> String {
        let file = format!("text/a{:03}.xhtml", self.chapters.len() + 1);
        let chapter = xhtml::chapter(a, lang, dateline, &mut self.images);
        self.chapters.push((file.clone(), chapter));
        file
    }

    fn article_node(&self, file: &str) -> NavNode {
        let children = self
            .chapters
            .last()
            .map(|(_, c)| {
                c.headings
                    .iter()
                    .map(|(id, text)| NavNode {
                        label: text.clone(),
                        href: format!("{file}#{id}"),
                        children: Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let label = self
            .chapters
            .last()
            .map(|(_, c)| c.title.clone())
            .unwrap_or_default();
        NavNode {
            label,
            href: file.to_string(),
            children,
        }
    }

    fn finish(
        mut self,
        meta: BookMeta,
        tree: Vec<NavNode>,
        cover_text: cover::CoverText,
        fonts: &FontSource,
    ) -> std::result::Result<Rendered, String> {
        let lang = self.lang.clone();
        let mut manifest: Vec<Resource> = Vec::new();

        // Cover picture: the user's, else drawn.
        let cover_bytes = match &self.opts.cover {
            Some(path) => {
                let bytes =
                    std::fs::read(path).map_err(|e| format!("cover {}: {e}", path.display()))?;
                Some(
                    images::prepare(bytes, self.opts.max_image_side)
                        .map_err(|e| format!("cover {}: {e}", path.display()))?,
                )
            }
            None if self.opts.generate_cover => {
                let set = fonts.get().map_err(|e| e.to_string())?;
                let png = cover::render(&cover_text, &set.regular, &set.bold)?;
                Some((png, "png", "image/png"))
            }
            None => None,
        };

        let first_chapter = self
            .chapters
            .first()
            .map(|(f, _)| f.clone())
            .ok_or("the book has no articles")?;
        let cover_page = cover_bytes
            .as_ref()
            .map(|(_, ext, _)| cover::xhtml(&lang, &meta.title, &format!("images/cover.{ext}")));
        let nav_heading = meta.title.clone();
        let landmarks = nav::Landmarks {
            cover: cover_page.as_ref().map(|_| "cover.xhtml"),
            toc: "nav.xhtml#toc",
            bodymatter: &first_chapter,
        };
        let nav_page = nav::nav_xhtml(&lang, &nav_heading, &tree, &landmarks);

        // Font subset: every character of every page a reader will render with it.
        let font_file = if self.opts.embed_font {
            let set = fonts.get().map_err(|e| e.to_string())?;
            let mut chars: BTreeSet<char> = BTreeSet::new();
            for (_, c) in &self.chapters {
                chars.extend(c.xhtml.chars());
            }
            chars.extend(nav_page.chars());
            if let Some(p) = &cover_page {
                chars.extend(p.chars());
            }
            Some((
                font::subset(&set.regular, &chars)?,
                set.license.as_bytes().to_vec(),
            ))
        } else {
            None
        };
        let css = css::stylesheet(font_file.as_ref().map(|_| "fonts/NotoSerifSC-subset.ttf"));

        // Content files, in reading order.
        let mut spine = Vec::new();
        let mut cover_image = None;
        if let (Some((bytes, ext, media_type)), Some(page)) = (cover_bytes, cover_page) {
            manifest.push(res("cover", "cover.xhtml", XHTML, page.into_bytes(), None));
            spine.push("cover".to_string());
            manifest.push(res(
                "cover-image",
                &format!("images/cover.{ext}"),
                media_type,
                bytes,
                Some("cover-image"),
            ));
            cover_image = Some("cover-image".to_string());
        }
        manifest.push(res(
            "nav",
            "nav.xhtml",
            XHTML,
            nav_page.into_bytes(),
            Some("nav"),
        ));
        spine.push("nav".to_string());
        for (i, (file, chapter)) in self.chapters.drain(..).enumerate() {
            let id = format!("a{:03}", i + 1);
            spine.push(id.clone());
            manifest.push(res(&id, &file, XHTML, chapter.xhtml.into_bytes(), None));
        }
        manifest.append(&mut self.images.items);
        manifest.push(res("css", "style.css", "text/css", css.into_bytes(), None));
        if let Some((subset, license)) = font_file {
            manifest.push(res(
                "font",
                "fonts/NotoSerifSC-subset.ttf",
                "font/ttf",
                subset,
                None,
            ));
            manifest.push(res(
                "font-license",
                "fonts/OFL.txt",
                "text/plain",
                license,
                None,
            ));
        }

        // The identifier names the content: same files, same id; any change, new id.
        let mut content = Vec::new();
        for r in &manifest {
            content.extend_from_slice(r.path.as_bytes());
            content.extend_from_slice(&(r.bytes.len() as u64).to_be_bytes());
            content.extend_from_slice(&r.bytes);
        }
        let identifier = format!("urn:uuid:{}", uuid::Uuid::new_v5(&ID_NAMESPACE, &content));
        drop(content);
        let ncx = nav::toc_ncx(&lang, &identifier, &meta.title, &tree);
        manifest.push(res(
            "ncx",
            "toc.ncx",
            "application/x-dtbncx+xml",
            ncx.into_bytes(),
            None,
        ));

        let (modified, stamp) = modified(self.opts.source_date_epoch, meta.date);
        let package = Package {
            meta: Metadata {
                identifier,
                title: meta.title,
                lang,
                creators: meta.creators,
                publisher: meta.publisher.filter(|p| !p.trim().is_empty()),
                date: meta.date,
                subjects: meta.subjects,
                modified,
            },
            manifest,
            spine,
            cover_image,
        };
        let bytes = package::zip(&package, stamp)?;
        let mut warnings = self.warnings;
        warnings.append(&mut self.images.warnings);
        Ok(Rendered { bytes, warnings })
    }
}

const XHTML: &str = "application/xhtml+xml";

/// Namespace of our content-derived UUIDs (a v5 UUID itself, so ids never collide with
/// other tools' v5 ids over the same bytes).
const ID_NAMESPACE: uuid::Uuid = uuid::uuid!("5d0c4c1e-2b7a-5b36-9a51-6f0e3c1d9b42");

fn res(
    id: &str,
    path: &str,
    media_type: &'static str,
    bytes: Vec<u8>,
    properties: Option<&'static str>,
) -> Resource {
    Resource {
        id: id.to_string(),
        path: path.to_string(),
        media_type,
        bytes,
        properties,
    }
}

/// `dcterms:modified` and the ZIP entries' date: SOURCE_DATE_EPOCH when set, else the
/// paper's date at midnight UTC, else the Unix epoch. Never the clock.
fn modified(source_date_epoch: Option<i64>, date: Option<Date>) -> (String, Option<Date>) {
    if let Some(secs) = source_date_epoch
        && let Some(d) = Date::from_unix_seconds(secs)
    {
        let s = secs.rem_euclid(86400);
        let text = format!("{d}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60);
        return (text, Some(d));
    }
    match date {
        Some(d) => (format!("{d}T00:00:00Z"), Some(d)),
        None => ("1970-01-01T00:00:00Z".to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modified_prefers_source_date_epoch_then_paper_date() {
        let d = Date::new(2023, 12, 18);
        assert_eq!(modified(Some(1_700_000_000), d).0, "2023-11-14T22:13:20Z");
        assert_eq!(modified(None, d).0, "2023-12-18T00:00:00Z");
        assert_eq!(modified(None, None).0, "1970-01-01T00:00:00Z");
    }
}
