//! Typesetting: the document model → pages of positioned glyphs ([`frame::Document`]),
//! independent of any output format.
//!
//! One file per step, run in this order for every paragraph ([`paragraph::set_paragraph`]):
//! `shape` (glyphs and advances, font fallback) → `breaks` (UAX #14 tailored for
//! Chinese) with `kinsoku` (clreq prohibitions) → `justify::prepare` (punctuation
//! widths, Han–Latin spacing) → `linebreak` (choose line ends) → `justify::place`
//! (x positions), all in `paragraph`. Then `content` turns an article into head lines
//! and body flow elements, `flow` fills columns with them, and `page` pours them
//! through columns and pages into `frame`s. Imports run one way, in this order: page →
//! content → flow → paragraph → linebreak → justify → breaks → kinsoku → frame → shape
//! (a test in `tests/layers.rs` keeps it so).

// STYLE.md: each CJK rule is followed by its own test module, so test modules sit
// between items on purpose.
#![allow(clippy::items_after_test_module)]

pub mod breaks;
pub mod content;
pub mod flow;
pub use crate::fonts::prep as fontprep;
pub mod frame;
pub mod justify;
pub mod kinsoku;
pub mod linebreak;
pub mod page;
pub mod paragraph;
pub mod shape;
pub mod vertical;

pub use frame::Document;
pub use kinsoku::KinsokuMode;
pub use shape::{FontBook, FontId};

use crate::model::{Article, Edition};
use crate::resources::Pictures;
use crate::warning::Warning;
use flow::Geometry;
use page::Layout;
use shape::Shaper;

/// Everything the typesetter needs besides the content. Lengths in points.
#[derive(Debug, Clone, PartialEq)]
pub struct TypesetOptions {
    pub page_width: f32,
    pub page_height: f32,
    /// Top, right, bottom, left.
    pub margins: [f32; 4],
    pub columns: u8,
    pub body_size: f32,
    pub kinsoku: KinsokuMode,
    /// Vertical writing (直排): lines top to bottom, right to left; columns become
    /// bands stacked down the page (see [`vertical`]).
    pub vertical: bool,
}

impl Default for TypesetOptions {
    /// A4, two columns, 15 mm margins, 10 pt body.
    fn default() -> Self {
        let mm = 72.0 / 25.4;
        TypesetOptions {
            page_width: 210.0 * mm,
            page_height: 297.0 * mm,
            margins: [15.0 * mm; 4],
            columns: 2,
            body_size: 10.0,
            kinsoku: KinsokuMode::Basic,
            vertical: false,
        }
    }
}

/// Reusable typesetting context: the parsed font book. Build once per process and
/// typeset any number of documents with it (it is `Send + Sync`).
#[derive(Debug, Clone)]
pub struct Typesetter {
    book: FontBook,
}

impl Typesetter {
    pub fn new(book: FontBook) -> Self {
        Typesetter { book }
    }

    pub fn book(&self) -> &FontBook {
        &self.book
    }

    /// One article as a document of its own. Its pictures were read beforehand
    /// ([`Pictures::read`]): typesetting touches no disk.
    pub fn article(
        &self,
        article: &Article,
        opts: &TypesetOptions,
        pictures: &Pictures,
    ) -> (Document, Vec<Warning>) {
        let upright = opts;
        let lying = upright.vertical.then(|| vertical::lying_options(upright));
        let opts = lying.as_ref().unwrap_or(upright);
        let geo = Geometry::new(opts);
        let shaper = Shaper::new(&self.book).vertical(opts.vertical);
        let mut layout = Layout::new(shaper, geo, opts, pictures);
        layout.set_chrome(page::Chrome::for_article(article));
        layout.start_page();
        let node = layout.article(article, true);
        let (doc, warnings) = layout.finish(vec![node], content::article_info(article));
        (stand(doc, upright), warnings)
    }

    /// One day's paper: masthead, then each page (版面) from a new page.
    pub fn edition(
        &self,
        edition: &Edition,
        opts: &TypesetOptions,
        pictures: &Pictures,
    ) -> (Document, Vec<Warning>) {
        let upright = opts;
        let lying = upright.vertical.then(|| vertical::lying_options(upright));
        let opts = lying.as_ref().unwrap_or(upright);
        let geo = Geometry::new(opts);
        let articles: Vec<&Article> = edition.articles().collect();
        let mut bodies = content::bodies(&self.book, &geo, &articles, opts, pictures).into_iter();
        let shaper = Shaper::new(&self.book).vertical(opts.vertical);
        let mut layout = Layout::new(shaper, geo, opts, pictures);
        let mut outline = Vec::new();
        for (i, group) in edition.pages.iter().enumerate() {
            layout.set_chrome(page::Chrome::for_group(edition, group));
            if i == 0 {
                layout.masthead_on_next_page();
            }
            layout.start_page();
            if i == 0 {
                layout.masthead(edition);
            }
            outline.push(layout.group(group, &mut bodies));
        }
        if edition.pages.is_empty() {
            layout.set_chrome(page::Chrome::for_edition(edition));
            layout.masthead_on_next_page();
            layout.start_page();
            layout.masthead(edition);
        }
        let (doc, warnings) = layout.finish(outline, content::edition_info(edition));
        (stand(doc, upright), warnings)
    }
}

/// A vertical document, laid out on the lying page, stood upright; any other as it is.
fn stand(doc: Document, opts: &TypesetOptions) -> Document {
    if opts.vertical {
        vertical::stand_up(doc, opts)
    } else {
        doc
    }
}
