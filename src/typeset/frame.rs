//! The typesetter's output: pages of positioned glyph runs, rules and images, plus the
//! outline and document facts. A backend only walks this tree; it never breaks lines
//! and never sees the article model.

use super::shape::FontId;
use crate::model::Date;
use std::ops::Range;
use std::sync::Arc;

/// A typeset document. Lengths are PDF points, y grows downwards from the page top.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineNode>,
    pub info: DocInfo,
}

/// What a backend writes into document metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocInfo {
    pub title: String,
    pub authors: Vec<String>,
    pub subject: Option<String>,
    /// The newspaper (XMP `dc:publisher`).
    pub publication: Option<String>,
    pub lang: Option<String>,
    /// The edition's date, else SOURCE_DATE_EPOCH's date; never the clock.
    pub date: Option<Date>,
    /// Each article's language, by its number in `frame::Tag` (set by the layout).
    pub article_langs: Vec<Option<String>>,
    /// Set in vertical lines: pages are read (and turned) right to left.
    pub vertical: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    /// The page label a viewer shows instead of the page number (`A1`, `A1-2`).
    pub label: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub enum Item {
    Text(TextRun),
    Rule(Rule),
    Image(ImageItem),
    /// Emphasis dots (着重号) under the glyphs of a line: decoration, not text.
    Dots(Vec<Dot>),
}

/// A filled circle: its centre and diameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dot {
    pub x: f32,
    pub y: f32,
    pub diameter: f32,
}

/// What a piece of text or a picture is in the document's logical structure, for
/// tagged PDF. Running heads, folios and page labels keep the default: page furniture
/// (an artifact) that a screen reader skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    #[default]
    Artifact,
    /// The edition's masthead (publication name and date).
    Masthead,
    /// A page's (版面) banner in an edition: starts a section.
    Banner,
    /// The page label line above a one-article document's head.
    PageLabel,
    Kicker,
    Headline,
    Subtitle,
    Byline,
    /// A section heading in the body.
    Heading,
    Paragraph,
    Figure,
    Caption,
}

/// Where a run or picture belongs: its role, and the element it is part of. Runs with
/// the same article and block are one element (a paragraph over several lines,
/// columns or pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tag {
    pub role: Role,
    /// The article's number in the document.
    pub article: u32,
    /// The element's number within its article, in reading order.
    pub block: u32,
}

/// Glyphs of one font and size on one baseline, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Baseline origin.
    pub x: f32,
    pub y: f32,
    pub font: FontId,
    pub size: f32,
    /// The characters the glyphs stand for (for text extraction).
    pub text: String,
    pub glyphs: Vec<PositionedGlyph>,
    /// Its place in the logical structure.
    pub tag: Tag,
    /// Set in a vertical line (`--vertical`): how the run is drawn (see [`Vertical`]).
    pub vertical: Option<Vertical>,
}

/// A piece of a vertical line (直排): lines run down the page, one after another
/// from right to left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vertical {
    /// The x of the line's central axis (the same for every piece of one line).
    pub axis: f32,
    /// `Upright`: each glyph stands upright, centred on the axis; the run's `y` is the
    /// first glyph's baseline and a glyph's `x` is its distance down the line (`run.x`
    /// is the axis). `Sideways`: the run is set as a horizontal run turned 90°
    /// clockwise about its origin (`x`, `y`), so its glyph `x`s run down the page.
    /// `Combined`: an ordinary horizontal run (縱中橫), already placed and sized.
    pub form: Orientation,
}

/// How a glyph of vertical text stands (UAX #50 for the choice; clreq §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    /// Han, kana, full-width marks (in their vertical forms): upright.
    #[default]
    Upright,
    /// Latin words, long numbers: turned 90° clockwise.
    Sideways,
    /// One of a short number's digits, set across the line in one em (縱中橫).
    Combined,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PositionedGlyph {
    pub id: u16,
    /// Origin relative to the run's x.
    pub x: f32,
    /// Natural advance, used for the last glyph of a run.
    pub advance: f32,
    /// Bytes of `TextRun::text` this glyph shows.
    pub range: Range<usize>,
    /// In a paragraph set for vertical text, how the glyph stands (else `Upright`).
    pub orient: Orientation,
}

/// A straight line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub width: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    Webp,
}

/// A raster image scaled into a box (top-left corner, size).
#[derive(Debug, Clone)]
pub struct ImageItem {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub data: Arc<Vec<u8>>,
    pub format: ImageFormat,
    /// Where it came from, for messages.
    pub src: String,
    /// Its place in the logical structure.
    pub tag: Tag,
}

/// One bookmark: a title and the point it opens at.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineNode {
    pub title: String,
    pub page: usize,
    pub y: f32,
    pub children: Vec<OutlineNode>,
}
