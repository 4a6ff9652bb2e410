//! PDF backend: article or edition → typeset frames (`crate::typeset`) → PDF bytes via
//! krilla. This file sets up the document (fonts, pages and their labels, outline,
//! metadata, the structure tree) and `draw` draws each page's frames (glyph runs,
//! rules, emphasis dots, pictures); all line breaking and page flow happened in the
//! typesetter. `vertical` draws the pieces of vertical lines, `tags` marks content for the
//! structure tree, `objstm` packs the finished file's small objects, `standard` maps
//! PDF/A and PDF/UA onto krilla's validators.
//!
//! Fonts are parsed once per run: [`PdfEngine`] holds the font book and the krilla
//! fonts, and the run's [`Env`] keeps one engine that [`write_article`]/[`write_edition`]
//! reuse.
//! Output is byte-identical across runs: no clock (dates come from the content or
//! SOURCE_DATE_EPOCH), a document id derived from the content, and krilla's
//! content-hashed instance id.

use super::Rendered;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::fonts::FontSet;
use crate::model::{Article, Edition};
use crate::typeset::frame::{self, Item};
use crate::typeset::justify::SPREAD_STEPS_PER_EM;
use crate::typeset::{FontBook, KinsokuMode, TypesetOptions, Typesetter, fontprep};
use crate::warning::Warning;
use krilla::Document;
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{PageLabel, PageSettings};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

mod draw;
mod objstm;
mod standard;
mod tags;
mod vertical;

pub use standard::PdfStandard;

const MM: f32 = 72.0 / 25.4;

/// Paper sizes: the named ones, or any `WxHmm`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Paper {
    A3,
    #[default]
    A4,
    A5,
    B5,
    Letter,
    Tabloid,
    /// Width and height in millimetres.
    Custom(f32, f32),
}

impl Paper {
    /// Width and height in millimetres (portrait).
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A3 => (297.0, 420.0),
            Paper::A4 => (210.0, 297.0),
            Paper::A5 => (148.0, 210.0),
            Paper::B5 => (176.0, 250.0),
            Paper::Letter => (215.9, 279.4),
            Paper::Tabloid => (279.4, 431.8),
            Paper::Custom(w, h) => (w, h),
        }
    }

    /// Newspaper practice: one column on small pages, two on A4, four on broadsheet
    /// sizes.
    pub fn default_columns(self) -> u8 {
        match self {
            Paper::A5 | Paper::B5 => 1,
            Paper::A4 | Paper::Letter => 2,
            Paper::A3 | Paper::Tabloid => 4,
            Paper::Custom(w, _) if w < 160.0 => 1,
            Paper::Custom(w, _) if w < 260.0 => 2,
            Paper::Custom(..) => 4,
        }
    }

    pub fn default_margin_mm(self) -> f32 {
        let (w, _) = self.size_mm();
        if w < 180.0 {
            12.0
        } else if w < 260.0 {
            15.0
        } else {
            18.0
        }
    }
}

impl FromStr for Paper {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let t = s.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "a3" => Paper::A3,
            "a4" => Paper::A4,
            "a5" => Paper::A5,
            "b5" => Paper::B5,
            "letter" => Paper::Letter,
            "tabloid" => Paper::Tabloid,
            _ => {
                let bad = || {
                    format!(
                        "unknown paper '{s}' (expected a4, a5, a3, b5, letter, tabloid or WxHmm such as 200x280mm)"
                    )
                };
                let dims = t.strip_suffix("mm").ok_or_else(bad)?;
                let (w, h) = dims.split_once(['x', '×']).ok_or_else(bad)?;
                let w: f32 = w.trim().parse().map_err(|_| bad())?;
                let h: f32 = h.trim().parse().map_err(|_| bad())?;
                if !(50.0..=2000.0).contains(&w) || !(50.0..=2000.0).contains(&h) {
                    return Err(format!(
                        "paper '{s}': each side must be between 50 and 2000 mm"
                    ));
                }
                Paper::Custom(w, h)
            }
        })
    }
}

/// Options of the PDF backend. The CLI maps `--paper`, `--columns`, `--margin`,
/// `--font-size`, `--kinsoku` here; fonts, pictures and the fallback date are the run's
/// ([`Env`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PdfOptions {
    pub paper: Paper,
    /// Columns of body text; `None`: the paper's default.
    pub columns: Option<u8>,
    /// Page margin in millimetres on all sides; `None`: the paper's default.
    pub margin_mm: Option<f32>,
    /// Body text size in points; `None`: 10 pt.
    pub body_size: Option<f32>,
    pub kinsoku: KinsokuMode,
    /// Standards (PDF/A, PDF/UA) the output must meet (`--pdf-standard`).
    pub standards: Vec<PdfStandard>,
    /// The face of headlines and bold text (`--headline-face`); the run's `Env` picks
    /// the fonts for it ([`Env::pdf_engine_for`]).
    pub headline_face: crate::fonts::HeadlineFace,
    /// Vertical writing (直排, `--vertical`).
    pub vertical: bool,
    /// No structure tree, marked content, ActualText or object streams: the PDF as
    /// broadsheet wrote it before tagging. Not reachable from the CLI (every PDF it
    /// writes is tagged); `cargo bench --bench pdf_bench` sets it to measure what
    /// tagging costs in the same build.
    pub untagged: bool,
}

impl PdfOptions {
    /// The ranges of the numeric options, checked by [`PdfOptions::check`].
    pub const COLUMNS: std::ops::RangeInclusive<u8> = 1..=8;
    pub const MARGIN_MM: std::ops::RangeInclusive<f32> = 0.0..=100.0;
    pub const BODY_SIZE_PT: std::ops::RangeInclusive<f32> = 4.0..=72.0;

    /// Every number in its range; the message names the flag.
    pub fn check(&self) -> std::result::Result<(), String> {
        if let Some(c) = self.columns
            && !Self::COLUMNS.contains(&c)
        {
            return Err(format!("--columns {c}: expected 1 to 8"));
        }
        if let Some(m) = self.margin_mm
            && !Self::MARGIN_MM.contains(&m)
        {
            return Err(format!("--margin {m}: expected 0 to 100 millimetres"));
        }
        if let Some(pt) = self.body_size
            && !Self::BODY_SIZE_PT.contains(&pt)
        {
            return Err(format!("--font-size {pt}: expected 4 to 72 points"));
        }
        Ok(())
    }

    /// The typesetter's view of these options; a number [`PdfOptions::check`] refuses
    /// gives way to its default.
    pub fn typeset_options(&self) -> TypesetOptions {
        let (w, h) = self.paper.size_mm();
        let margin = self
            .margin_mm
            .filter(|m| Self::MARGIN_MM.contains(m))
            .unwrap_or(self.paper.default_margin_mm())
            * MM;
        TypesetOptions {
            page_width: w * MM,
            page_height: h * MM,
            margins: [margin; 4],
            columns: self
                .columns
                .filter(|c| Self::COLUMNS.contains(c))
                .unwrap_or(self.paper.default_columns()),
            body_size: self
                .body_size
                .filter(|s| Self::BODY_SIZE_PT.contains(s))
                .unwrap_or(10.0),
            kinsoku: self.kinsoku,
            vertical: self.vertical,
        }
    }
}

/// Parsed fonts, reusable for any number of documents (and across threads).
pub struct PdfEngine {
    typesetter: Typesetter,
    /// krilla fonts of the faces used unchanged (`None`: rewritten per document).
    fonts: Vec<Option<Font>>,
    /// Units per em of each face as embedded (after `fontprep`'s rewrite).
    units_per_em: Vec<f32>,
    /// Per face: glyphs already rewritten for earlier documents.
    prepared: Vec<fontprep::GlyphCache>,
}

impl std::fmt::Debug for PdfEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PdfEngine({} fonts)", self.fonts.len())
    }
}

impl PdfEngine {
    /// Parses the bundled fonts and reads and parses each of `extra_fonts`.
    pub fn new(fonts: &FontSet, extra_fonts: &[PathBuf]) -> Result<Self> {
        let mut extra = crate::fonts::fallbacks_for(fonts);
        let built_in_extra = extra.len();
        for p in extra_fonts {
            let data =
                std::fs::read(p).map_err(|e| Error::Font(format!("{}: {e}", p.display())))?;
            extra.push((p.display().to_string(), Arc::new(data)));
        }
        let book = FontBook::new(fonts.regular.clone(), fonts.bold.clone(), extra)?;
        // Faces that fontprep rewrites get a per-document font in `render`; the others
        // are handed to krilla as they are, once.
        let mut kfonts = Vec::new();
        let mut units_per_em = Vec::new();
        for (i, (data, plan)) in book.faces().iter().zip(book.plans()).enumerate() {
            if let Some(plan) = plan {
                kfonts.push(None);
                units_per_em.push(f32::from(plan.output_units_per_em()));
                continue;
            }
            let font = Font::new(data.clone().into(), 0).ok_or_else(|| {
                let name = extra_fonts
                    .get(i.saturating_sub(2 + built_in_extra))
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                Error::Font(format!("{name}: the PDF writer cannot use this font"))
            })?;
            units_per_em.push(font.units_per_em());
            kfonts.push(Some(font));
        }
        let prepared = kfonts.iter().map(|_| Default::default()).collect();
        Ok(PdfEngine {
            typesetter: Typesetter::new(book),
            fonts: kfonts,
            units_per_em,
            prepared,
        })
    }

    /// The krilla fonts for one document: rewritten faces built from the glyphs the
    /// document uses.
    fn document_fonts(&self, doc: &frame::Document, name: &str) -> Result<Vec<Font>> {
        let book = self.typesetter.book();
        // A flag per glyph id: cheaper than a set for the ~10⁵ glyphs of an edition.
        let mut seen: Vec<Vec<bool>> = vec![vec![false; 1 << 16]; book.faces().len()];
        for page in &doc.pages {
            for item in &page.items {
                if let Item::Text(run) = item
                    && let Some(flags) = seen.get_mut(run.font)
                {
                    for g in &run.glyphs {
                        flags[usize::from(g.id)] = true;
                    }
                }
            }
        }
        let used: Vec<BTreeSet<u16>> = seen
            .iter()
            .map(|flags| (0..=u16::MAX).filter(|&g| flags[usize::from(g)]).collect())
            .collect();
        let mut out = Vec::with_capacity(self.fonts.len());
        for (i, (((data, plan), cached), prepared)) in book
            .faces()
            .iter()
            .zip(book.plans())
            .zip(&self.fonts)
            .zip(&self.prepared)
            .enumerate()
        {
            let font = match (cached, plan) {
                (Some(f), _) => Some(f.clone()),
                (None, Some(plan)) => fontprep::build(data, plan, &used[i], prepared)
                    .and_then(|b| Font::new(b.into(), 0)),
                (None, None) => None,
            };
            out.push(
                font.ok_or_else(|| render_error(name, &format!("font {i} could not be prepared")))?,
            );
        }
        Ok(out)
    }

    pub fn typesetter(&self) -> &Typesetter {
        &self.typesetter
    }

    /// One article as one PDF: its pictures are read (under `env`'s rules) before it is
    /// typeset; `env`'s fallback date dates a document whose content has none.
    pub fn article(&self, article: &Article, opts: &PdfOptions, env: &Env) -> Result<Rendered> {
        let pictures = env.pictures([article]);
        let (mut doc, warnings) =
            self.typesetter
                .article(article, &opts.typeset_options(), &pictures);
        doc.info.date = doc.info.date.or(env.fallback_date());
        let name = article
            .meta
            .source
            .clone()
            .unwrap_or_else(|| article.display_title());
        self.render_with(&doc, warnings, &name, opts)
    }

    /// One edition as one PDF: masthead, each page (版面) from a new page.
    pub fn edition(&self, edition: &Edition, opts: &PdfOptions, env: &Env) -> Result<Rendered> {
        let pictures = env.pictures(edition.articles());
        let (mut doc, warnings) =
            self.typesetter
                .edition(edition, &opts.typeset_options(), &pictures);
        doc.info.date = doc.info.date.or(env.fallback_date());
        self.render_with(&doc, warnings, &edition.file_stem(), opts)
    }

    /// Walks typeset frames into a PDF.
    pub fn render(
        &self,
        doc: &frame::Document,
        warnings: Vec<Warning>,
        name: &str,
    ) -> Result<Rendered> {
        self.render_with(doc, warnings, name, &PdfOptions::default())
    }

    /// Walks typeset frames into a tagged PDF that `opts.standards` (PDF/A, PDF/UA)
    /// accept; a document they refuse is an error saying what failed.
    pub fn render_with(
        &self,
        doc: &frame::Document,
        warnings: Vec<Warning>,
        name: &str,
        opts: &PdfOptions,
    ) -> Result<Rendered> {
        let tagged = !opts.untagged;
        let settings = krilla::SerializeSettings {
            enable_tagging: tagged,
            configuration: standard::configuration(&opts.standards)
                .map_err(|e| render_error(name, &e))?,
            ..Default::default()
        };
        let fonts = self.document_fonts(doc, name)?;
        let mut pdf = Document::new_with(settings);
        let mut painter = draw::Painter::new(&fonts, &self.units_per_em, warnings);
        painter.tagged = tagged;
        painter.interpolate = standard::allows_interpolation(&opts.standards);
        for page in &doc.pages {
            let Some(mut ps) = PageSettings::from_wh(page.width, page.height) else {
                return Err(render_error(name, "page size out of range"));
            };
            if let Some(label) = &page.label {
                ps = ps.with_page_label(PageLabel::new(None, Some(label.clone()), None));
            }
            let mut p = pdf.start_page_with(ps);
            let mut surface = p.surface();
            painter.page(&mut surface, page);
            surface.finish();
            p.finish();
        }
        let mut outline = Outline::new();
        for node in &doc.outline {
            outline.push_child(outline_node(node, doc.pages.len()));
        }
        pdf.set_outline(outline);
        pdf.set_metadata(metadata(doc));
        let draw::Painter {
            tagger, warnings, ..
        } = painter;
        if tagged {
            pdf.set_tag_tree(tagger.tree(doc.info.lang.clone(), &doc.info.article_langs));
        }
        let bytes = pdf
            .finish()
            .map_err(|e| render_error(name, &standard::explain(&e)))?;
        // krilla writes every object on its own; a file it wrote in a shape the packer
        // does not know stays as it is (still a valid PDF, only larger). Object streams
        // came with tagging, to pay for the size of the structure tree.
        let bytes = if tagged {
            objstm::pack(&bytes).unwrap_or(bytes)
        } else {
            bytes
        };
        Ok(Rendered { bytes, warnings })
    }
}

/// A text origin rounded to 1/100 pt (under 0.004 mm, a fraction of a printer dot), so
/// that the start of each line is written with at most two decimals.
fn snap(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// Thousandths of an em: the unit of PDF glyph widths and TJ adjustments.
const PDF_EM: f32 = 1000.0;

/// Glyph advances (in ems) that put each glyph where the typesetter placed it, as
/// krilla glyphs.
///
/// krilla writes, before each glyph, the difference between the advances given here
/// and the glyphs' advances in the embedded font as a TJ adjustment in thousandths of
/// an em (rounded to a millionth of an em: the vendored patch drops the f32 noise, see
/// vendor/krilla/PATCHED.md). A glyph at its natural distance from the next keeps the
/// font's advance, so nothing is written for it. Otherwise the pen moves to the next
/// position rounded to whole justification steps (4/1000 em,
/// `justify::SPREAD_STEPS_PER_EM`), so each adjustment is a short whole number (`-28`)
/// that repeats along a justified line and compresses well. The pen never drifts more
/// than half a step from the typeset position. `upem`: units per em of the embedded
/// font.
fn krilla_glyphs(
    glyphs: &[frame::PositionedGlyph],
    size: f32,
    upem: f32,
    out: &mut Vec<KrillaGlyph>,
) {
    out.clear();
    let Some(first) = glyphs.first() else {
        return;
    };
    let step = f64::from(PDF_EM / SPREAD_STEPS_PER_EM);
    let x0 = first.x;
    let mut pen = 0.0f64; // in thousandths of an em from the first glyph
    for (i, g) in glyphs.iter().enumerate() {
        // The advance in font units, as krilla reads it from the embedded font.
        let units = (g.advance / size * upem).round();
        let font_advance = f64::from(units) * f64::from(PDF_EM) / f64::from(upem);
        let extra = match glyphs.get(i + 1) {
            None => 0.0,
            Some(next) => {
                let target = f64::from(next.x - x0) / f64::from(size) * f64::from(PDF_EM);
                ((target - pen - font_advance) / step).round() * step
            }
        };
        pen += font_advance + extra;
        out.push(KrillaGlyph::new(
            GlyphId::new(u32::from(g.id)),
            spread_advance(units, upem, extra as f32),
            0.0,
            0.0,
            0.0,
            g.range.clone(),
            None,
        ));
    }
}

/// The advance (in ems) of a glyph of `units` font units followed by `extra`
/// thousandths of an em: exactly the font's advance as krilla computes it when `extra`
/// is 0, so no adjustment is written there.
fn spread_advance(units: f32, upem: f32, extra: f32) -> f32 {
    let natural = units / upem;
    if extra == 0.0 {
        natural
    } else {
        (natural * PDF_EM + extra) / PDF_EM
    }
}

fn render_error(name: &str, message: &str) -> Error {
    Error::Render {
        path: PathBuf::from(name),
        message: format!("PDF: {message}"),
    }
}

fn outline_node(node: &frame::OutlineNode, pages: usize) -> OutlineNode {
    let page = node.page.min(pages.saturating_sub(1));
    let mut out = OutlineNode::new(
        node.title.clone(),
        XyzDestination::new(page, Point::from_xy(0.0, node.y.max(0.0))),
    );
    for child in &node.children {
        out.push_child(outline_node(child, pages));
    }
    out
}

fn metadata(doc: &frame::Document) -> Metadata {
    let info = &doc.info;
    let mut m = Metadata::new()
        .title(info.title.clone())
        .creator("broadsheet".to_string())
        .producer(format!("broadsheet {}", env!("CARGO_PKG_VERSION")))
        .document_id(document_id(doc));
    if !info.authors.is_empty() {
        m = m.authors(info.authors.clone());
    }
    if let Some(s) = &info.subject {
        m = m.description(s.clone());
    }
    if let Some(l) = &info.lang {
        m = m.language(l.clone());
    }
    if let Some(p) = &info.publication {
        m = m.publisher(p.clone());
    }
    if let Some(d) = info.date {
        m = m.creation_date(DateTime::new(d.year).month(d.month).day(d.day));
    }
    if info.vertical {
        // /ViewerPreferences /Direction /R2L: pages side by side right to left.
        m = m.text_direction(krilla::metadata::TextDirection::RightToLeft);
    }
    m
}

/// A stable id from the document's title and text (FNV-1a): same content, same id;
/// different articles with one title still differ.
fn document_id(doc: &frame::Document) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(doc.info.title.as_bytes());
    for page in &doc.pages {
        for item in &page.items {
            if let Item::Text(run) = item {
                eat(run.text.as_bytes());
            }
        }
    }
    format!("broadsheet-{h:016x}")
}

/// Renders one article as a PDF with the run's engine.
pub fn write_article(article: &Article, opts: &PdfOptions, env: &Env) -> Result<Rendered> {
    env.pdf_engine_for(article.meta.lang.as_deref(), opts.headline_face)?
        .article(article, opts, env)
}

/// Renders one edition (one day's paper) as a PDF with the run's engine.
pub fn write_edition(edition: &Edition, opts: &PdfOptions, env: &Env) -> Result<Rendered> {
    // One face per book: the first article's language decides.
    let lang = edition
        .articles()
        .next()
        .and_then(|a| a.meta.lang.as_deref());
    env.pdf_engine_for(lang, opts.headline_face)?
        .edition(edition, opts, env)
}

/// Whether `standards` can be met together (`a2b` and `a3b` cannot): the message says
/// why not.
pub fn check_standards(standards: &[PdfStandard]) -> std::result::Result<(), String> {
    standard::configuration(standards).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pen positions along a spread line stay within half a step of the typeset
    /// ones, and every gap asks krilla for a whole number of thousandths (once the f32
    /// noise krilla drops is dropped; what it writes is checked on real PDFs in
    /// tests/pdf.rs).
    #[test]
    fn spread_lines_ask_for_whole_numbers_and_keep_positions() {
        for (upem, units) in [
            (125.0, 125.0),
            (125.0, 62.0),
            (250.0, 250.0),
            (2048.0, 2048.0),
        ] {
            for per_gap in [0.0f32, 1.0, 2.7, 3.0, 5.5, 7.0, 11.0, 23.9, 24.0, 60.0] {
                let size = 10.0;
                let step = size / SPREAD_STEPS_PER_EM;
                let advance = units / upem * size;
                let glyphs: Vec<frame::PositionedGlyph> = (0..30)
                    .map(|i| frame::PositionedGlyph {
                        id: 1,
                        x: i as f32 * (advance + per_gap * step),
                        advance,
                        range: i..i + 1,
                        orient: Default::default(),
                    })
                    .collect();
                let mut k = Vec::new();
                krilla_glyphs(&glyphs, size, upem, &mut k);
                let font_advance = units / upem * PDF_EM;
                let mut pen = 0.0f64;
                for (g, kg) in glyphs.iter().zip(&k) {
                    use krilla::text::Glyph;
                    let typeset = f64::from(g.x / size) * 1000.0;
                    assert!((typeset - pen).abs() <= 2.01, "{typeset} vs {pen}");
                    let gap = kg.x_advance(1.0) * PDF_EM - font_advance;
                    let whole = gap.round();
                    assert!((gap - whole).abs() < 0.0005, "{gap}");
                    if per_gap == 0.0 {
                        assert_eq!(gap, 0.0);
                    }
                    assert_eq!(kg.x_offset(1.0), 0.0);
                    pen += f64::from(font_advance + whole);
                }
            }
        }
    }

    #[test]
    fn paper_names_and_custom_sizes_parse() {
        assert_eq!("A4".parse::<Paper>(), Ok(Paper::A4));
        assert_eq!("tabloid".parse::<Paper>(), Ok(Paper::Tabloid));
        assert_eq!(
            "200x280mm".parse::<Paper>(),
            Ok(Paper::Custom(200.0, 280.0))
        );
        assert!("200x280".parse::<Paper>().is_err());
        assert!("10x10mm".parse::<Paper>().is_err());
        assert!("legal".parse::<Paper>().is_err());
    }

    #[test]
    fn default_columns_follow_paper() {
        assert_eq!(Paper::A5.default_columns(), 1);
        assert_eq!(Paper::B5.default_columns(), 1);
        assert_eq!(Paper::A4.default_columns(), 2);
        assert_eq!(Paper::A3.default_columns(), 4);
        assert_eq!(Paper::Tabloid.default_columns(), 4);
    }

    #[test]
    fn numbers_out_of_range_are_refused_and_never_typeset() {
        let bad = PdfOptions {
            margin_mm: Some(-1.0),
            body_size: Some(f32::NAN),
            columns: Some(0),
            ..Default::default()
        };
        assert!(bad.check().unwrap_err().contains("--columns"));
        let t = bad.typeset_options();
        let good = PdfOptions::default().typeset_options();
        assert_eq!(
            (t.margins, t.body_size, t.columns),
            (good.margins, good.body_size, good.columns)
        );
        assert!(PdfOptions::default().check().is_ok());
    }
}
