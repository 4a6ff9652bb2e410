//! One book being put together: takes the rendered article pages, the contents tree, the
//! cover picture and the book's metadata, gives the finished EPUB bytes (via
//! `package`) and the warnings gathered on the way. Also where the
//! cover is drawn in parallel with the pages.

use super::images::{self, Images};
use super::nav::{self, NavNode};
use super::package::{self, Metadata, Package, Resource};
use super::xhtml::{self, Chapter, Dateline};
use super::{EpubOptions, cover, css, font, xml};
use crate::env::Env;
use crate::model::{Article, Date};
use crate::output::Rendered;
use crate::resources::Pictures;
use crate::warning::Warning;
use std::collections::BTreeSet;

/// A picture ready for the book: bytes, file extension, media type.
type Picture = (Vec<u8>, &'static str, &'static str);

/// An embedded font subset and its licence text.
type FontFile = (Vec<u8>, Vec<u8>);

/// The cover picture: the user's file, else drawn (fonts loaded now), else none.
fn cover_image(
    opts: &EpubOptions,
    text: &cover::CoverText,
    lang: &str,
    env: &Env,
) -> std::result::Result<Option<Picture>, String> {
    match &opts.cover {
        Some(path) => {
            let bytes = crate::fsutil::read_regular(path, crate::resources::MAX_PICTURE_BYTES)
                .map_err(|e| format!("cover {}: {e}", path.display()))?;
            images::prepare(bytes, opts.max_image_side)
                .map(Some)
                .map_err(|e| format!("cover {}: {e}", path.display()))
        }
        None if opts.generate_cover => {
            // The book's glyph forms and headline face: a Taiwan paper's masthead in
            // Taiwan forms.
            let (set, [regular, bold]) = env
                .cover_fonts(Some(lang), opts.headline_face)
                .map_err(|e| e.to_string())?;
            let png = cover::render(
                text,
                cover::Faces {
                    regular: (&set.regular, regular),
                    bold: (&set.bold, bold),
                    glyphs: env.cover_glyphs(),
                },
            )?;
            Ok(Some((png, "png", "image/png")))
        }
        None => Ok(None),
    }
}

/// Runs `pages` (which adds the chapters and returns the book's metadata and contents
/// tree) while the cover is drawn on a second thread, then packs the book.
/// The pictures of `articles` are read (under `env`'s rules) meanwhile, before any page.
pub(super) fn build<'a>(
    opts: &EpubOptions,
    env: &Env,
    articles: impl IntoIterator<Item = &'a Article>,
    first: &Article,
    cover_text: cover::CoverText,
    pages: impl FnOnce(&mut Builder<'_>) -> (BookMeta, Vec<NavNode>),
) -> std::result::Result<Rendered, String> {
    std::thread::scope(|s| {
        let mut b = Builder::new(opts, env.pictures(articles), first);
        let lang = b.lang.clone();
        let cover = s.spawn(move || cover_image(opts, &cover_text, &lang, env));
        let (meta, tree) = pages(&mut b);
        let cover = cover
            .join()
            .unwrap_or_else(|_| Err("drawing the cover failed".to_string()))?;
        b.finish(meta, tree, cover, env)
    })
}

/// What the caller knows about the book as a whole.
pub(super) struct BookMeta {
    pub title: String,
    pub creators: Vec<String>,
    pub publisher: Option<String>,
    pub date: Option<Date>,
    pub subjects: Vec<String>,
    /// The newspaper (乐陵市报): the series the book belongs to.
    pub publication: Option<String>,
}

/// Accumulates the pages of one book, then packs it.
pub(super) struct Builder<'o> {
    opts: &'o EpubOptions,
    lang: String,
    chapters: Vec<(String, Chapter)>,
    images: Images,
    warnings: Vec<Warning>,
}

const DEFAULT_LANG: &str = "zh-CN";

impl<'o> Builder<'o> {
    /// The book's language is the first article's.
    fn new(opts: &'o EpubOptions, pictures: Pictures, first: &Article) -> Builder<'o> {
        let mut b = Builder {
            opts,
            lang: String::new(),
            chapters: Vec::new(),
            images: Images::new(pictures, opts.max_image_side),
            warnings: Vec::new(),
        };
        b.lang = b.article_lang(first);
        // Any warning about that tag comes again when the first article's page is added.
        b.warnings.clear();
        b
    }

    /// The article's `meta.lang` when it is a well-formed tag, else zh-CN (with a warning
    /// for a malformed one: EPUBCheck rejects the whole book over a bad tag).
    pub(super) fn article_lang(&mut self, a: &Article) -> String {
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
    pub(super) fn add_chapter(&mut self, a: &Article, lang: &str, dateline: Dateline) -> String {
        let file = format!("text/a{:03}.xhtml", self.chapters.len() + 1);
        let chapter = xhtml::chapter(a, lang, dateline, &mut self.images);
        self.chapters.push((file.clone(), chapter));
        file
    }

    pub(super) fn article_node(&self, file: &str) -> NavNode {
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

    /// Packs the book: cover and contents pages, the font subset, every file in
    /// reading order, the metadata, then the ZIP.
    fn finish(
        mut self,
        meta: BookMeta,
        tree: Vec<NavNode>,
        cover_bytes: Option<Picture>,
        env: &Env,
    ) -> std::result::Result<Rendered, String> {
        let meta = BookMeta {
            title: non_blank(meta.title).unwrap_or_else(|| "Untitled".to_string()),
            ..meta
        };
        let lang = self.lang.clone();
        let (cover_page, nav_page) =
            self.front_pages(&lang, &meta.title, &tree, cover_bytes.as_ref())?;
        let font_file = self.font_file(env, &nav_page, cover_page.as_deref())?;
        let css = self.stylesheet(&lang, font_file.is_some());
        let files = self.content_files(cover_bytes, cover_page, nav_page, css, font_file);
        let (mut metadata, stamp) = book_metadata(meta, lang, env.source_date_epoch());
        let Files {
            manifest,
            spine,
            cover_image,
        } = files;
        // The identifier names the content (same files, same id; any change, a new id),
        // so the package document and toc.ncx that carry it are written last.
        let bytes = package::zip(&manifest, stamp, |identifier| {
            metadata.identifier = identifier.to_string();
            let ncx = res(
                "ncx",
                "toc.ncx",
                "application/x-dtbncx+xml",
                nav::toc_ncx(&metadata.lang, identifier, &metadata.title, &tree).into_bytes(),
                None,
            );
            let items: Vec<&Resource> = manifest.iter().chain([&ncx]).collect();
            let opf = package::opf(&Package {
                meta: &metadata,
                manifest: &items,
                spine: &spine,
                cover_image: cover_image.as_deref(),
                rtl: self.opts.vertical,
            });
            (opf, ncx)
        })?;
        let mut warnings = self.warnings;
        warnings.append(&mut self.images.warnings);
        Ok(Rendered { bytes, warnings })
    }

    /// The cover page (when there is a cover picture) and the contents page.
    fn front_pages(
        &self,
        lang: &str,
        title: &str,
        tree: &[NavNode],
        cover_bytes: Option<&Picture>,
    ) -> std::result::Result<(Option<String>, String), String> {
        let first_chapter = self
            .chapters
            .first()
            .map(|(f, _)| f.clone())
            .ok_or("the book has no articles")?;
        let cover_page = cover_bytes
            .map(|(_, ext, _)| cover::xhtml(lang, title, &format!("images/cover.{ext}")));
        let landmarks = nav::Landmarks {
            cover: cover_page.as_ref().map(|_| "cover.xhtml"),
            toc: "nav.xhtml#toc",
            bodymatter: &first_chapter,
        };
        let nav_page = nav::nav_xhtml(lang, title, tree, &landmarks);
        Ok((cover_page, nav_page))
    }

    /// The embedded font subset and its licence, when fonts are embedded: every
    /// character of every page a reader will render with it.
    fn font_file(
        &self,
        env: &Env,
        nav_page: &str,
        cover_page: Option<&str>,
    ) -> std::result::Result<Option<FontFile>, String> {
        if !self.opts.embed_font {
            return Ok(None);
        }
        // The book's own glyph forms: a traditional book embeds the TC face.
        let set = env
            .fonts_for(Some(&self.lang), crate::fonts::HeadlineFace::Serif)
            .map_err(|e| e.to_string())?;
        let mut used = CharSet::default();
        for (_, c) in &self.chapters {
            used.add(&c.xhtml);
        }
        used.add(nav_page);
        if let Some(p) = cover_page {
            used.add(p);
        }
        let chars = used.chars();
        Ok(Some((
            font::subset(&set.regular, &chars)?,
            set.license.as_bytes().to_vec(),
        )))
    }

    /// Where the embedded font subset goes: named after the face it is cut from.
    fn embedded_font_path(&self) -> &'static str {
        match crate::fonts::glyphs_for_lang(Some(&self.lang)) {
            crate::fonts::Glyphs::Traditional => "fonts/NotoSerifTC-subset.ttf",
            crate::fonts::Glyphs::Simplified => "fonts/NotoSerifSC-subset.ttf",
        }
    }

    /// The stylesheet: the base rules, the faces for the book's script and headline
    /// face, and vertical writing when asked for.
    fn stylesheet(&self, lang: &str, embedded: bool) -> String {
        let mut css = css::stylesheet(embedded.then_some(self.embedded_font_path()));
        let traditional =
            crate::fonts::glyphs_for_lang(Some(lang)) == crate::fonts::Glyphs::Traditional;
        css.push_str(&css::face_rules(
            traditional,
            embedded,
            self.opts.headline_face,
        ));
        if self.opts.vertical {
            css.push_str(css::VERTICAL);
        }
        css
    }

    /// Every file of the book in reading order, the spine, and the cover picture's id.
    fn content_files(
        &mut self,
        cover_bytes: Option<Picture>,
        cover_page: Option<String>,
        nav_page: String,
        css: String,
        font_file: Option<FontFile>,
    ) -> Files {
        let mut manifest: Vec<Resource> = Vec::new();
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
                self.embedded_font_path(),
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
        Files {
            manifest,
            spine,
            cover_image,
        }
    }
}

/// The files of a book in reading order, its spine (ids), and the cover picture's id.
struct Files {
    manifest: Vec<Resource>,
    spine: Vec<String>,
    cover_image: Option<String>,
}

/// The package metadata (identifier still empty: it is derived from the files) and the
/// ZIP entries' date.
fn book_metadata(
    meta: BookMeta,
    lang: String,
    source_date_epoch: Option<i64>,
) -> (Metadata, Option<Date>) {
    let (modified, stamp) = modified(source_date_epoch, meta.date);
    let metadata = Metadata {
        identifier: String::new(),
        title: meta.title,
        lang,
        // EPUBCheck rejects empty metadata elements; a scraped byline can be blank.
        creators: meta.creators.into_iter().filter_map(non_blank).collect(),
        publisher: meta.publisher.and_then(non_blank),
        date: meta.date,
        subjects: meta.subjects.into_iter().filter_map(non_blank).collect(),
        publication: meta.publication.and_then(non_blank),
        modified,
    };
    (metadata, stamp)
}

const XHTML: &str = "application/xhtml+xml";

/// The text trimmed, or `None` when nothing is left.
fn non_blank(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The characters of a book, as a bit per code point: megabytes of text go through
/// here when a font is embedded, and a bit test is far cheaper than a tree insert.
struct CharSet(Vec<u64>);

impl Default for CharSet {
    fn default() -> Self {
        CharSet(vec![0; (char::MAX as usize + 1).div_ceil(64)])
    }
}

impl CharSet {
    fn add(&mut self, s: &str) {
        for c in s.chars() {
            let n = c as usize;
            self.0[n / 64] |= 1 << (n % 64);
        }
    }

    fn chars(&self) -> BTreeSet<char> {
        self.0
            .iter()
            .enumerate()
            .flat_map(|(i, &word)| {
                (0..64)
                    .filter(move |b| word & (1 << b) != 0)
                    .filter_map(move |b| char::from_u32((i * 64 + b) as u32))
            })
            .collect()
    }
}

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

    #[test]
    fn char_set_keeps_each_character_once_in_order() {
        let mut set = CharSet::default();
        set.add("报乐a报");
        set.add("😀a");
        let chars: Vec<char> = set.chars().into_iter().collect();
        assert_eq!(chars, vec!['a', '乐', '报', '😀']);
    }

    #[test]
    fn malformed_language_falls_back_with_a_warning() {
        let opts = EpubOptions::default();
        let mut a = Article::default();
        a.meta.lang = Some("zh_TW".into());
        let mut b = Builder::new(&opts, Pictures::default(), &Article::default());
        assert_eq!(b.lang, "zh-CN");
        assert_eq!(b.article_lang(&a), "zh-CN");
        assert_eq!(b.warnings.len(), 1);
        a.meta.lang = Some("zh-HK".into());
        assert_eq!(b.article_lang(&a), "zh-HK");
    }
}
