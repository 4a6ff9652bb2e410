//! Typesetting: the document model → pages of positioned glyphs ([`frame::Document`]),
//! independent of any output format.
//!
//! One file per step, run in this order for every paragraph ([`set_paragraph`]):
//! `shape` (glyphs and advances, font fallback) → `breaks` (UAX #14 tailored for
//! Chinese) with `kinsoku` (clreq prohibitions) → `justify::prepare` (punctuation
//! widths, Han–Latin spacing) → `linebreak` (choose line ends) → `justify::place`
//! (x positions). Then `content` turns an article into head lines and body flow
//! elements, and `page` flows them through columns and pages into `frame`s.

// STYLE.md: each CJK rule is followed by its own test module, so test modules sit
// between items on purpose.
#![allow(clippy::items_after_test_module)]

pub mod breaks;
pub mod content;
pub mod fontprep;
pub mod frame;
pub mod justify;
pub mod kinsoku;
pub mod linebreak;
pub mod page;
pub mod shape;

pub use frame::Document;
pub use kinsoku::KinsokuMode;
pub use shape::{FontBook, FontId};

use crate::model::{Article, Date, Edition};
use crate::warning::Warning;
use frame::{Dot, PositionedGlyph, TextRun};
use justify::Align;
use page::{Geometry, Layout};
use shape::Shaper;
use std::path::PathBuf;

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
    /// Folder that relative image paths are resolved against; default: the folder of
    /// the article's `source` when it is a path.
    pub resource_dir: Option<PathBuf>,
    /// Date for metadata when the content has none (from SOURCE_DATE_EPOCH).
    pub fallback_date: Option<Date>,
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
            resource_dir: None,
            fallback_date: None,
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

    /// One article as a document of its own.
    pub fn article(&self, article: &Article, opts: &TypesetOptions) -> (Document, Vec<Warning>) {
        let mut layout = Layout::new(Shaper::new(&self.book), Geometry::new(opts), opts);
        layout.set_chrome(page::Chrome::for_article(article));
        layout.start_page();
        let node = layout.article(article, true);
        layout.finish(vec![node], content::article_info(article, opts))
    }

    /// One day's paper: masthead, then each page (版面) from a new page.
    pub fn edition(&self, edition: &Edition, opts: &TypesetOptions) -> (Document, Vec<Warning>) {
        let geo = Geometry::new(opts);
        let articles: Vec<&Article> = edition.articles().collect();
        let mut bodies = content::bodies(&self.book, &geo, &articles, opts).into_iter();
        let mut layout = Layout::new(Shaper::new(&self.book), geo, opts);
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
        layout.finish(outline, content::edition_info(edition, opts))
    }
}

/// A set line: runs relative to the line's left edge and baseline, and its box.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineBox {
    pub height: f32,
    /// Baseline distance from the top of the box.
    pub baseline: f32,
    pub runs: Vec<TextRun>,
    /// Emphasis dots, x from the line's left edge, y from its baseline.
    pub dots: Vec<Dot>,
}

/// Paragraph style for [`set_paragraph`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParStyle {
    pub size: f32,
    pub leading: f32,
    pub measure: f32,
    pub first_indent: f32,
    /// Lines other than the last.
    pub align: Align,
    pub last_align: Align,
}

/// How a span of a paragraph is set: its primary font, and whether it is emphasised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanStyle {
    pub font: FontId,
    /// Emphasis (`Inline::Emphasis`): 着重号 under its Han characters.
    pub emphasis: bool,
}

impl From<FontId> for SpanStyle {
    fn from(font: FontId) -> Self {
        SpanStyle {
            font,
            emphasis: false,
        }
    }
}

/// Emphasis dot diameter and the depth of its centre below the baseline, in ems: about
/// 0.1 em clear of strokes that reach the ideographic descent (0.12 em: 着, 调), and
/// nearer its own character than the next line's (their tops ~0.77 em below this
/// baseline at body leading), so the dot reads as belonging to the line above.
const DOT_DIAMETER: f32 = 0.17;
const DOT_DEPTH: f32 = 0.30;

/// clreq §3.3: emphasis marks go under Han characters only, never under punctuation,
/// spaces, Latin letters or digits.
pub fn takes_emphasis_dot(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '\u{3005}'
        | '\u{3007}')
}

/// Sets one paragraph of styled text (spans of text and their primary font, or a
/// [`SpanStyle`]) into lines. Emphasis only adds dots: breaks and glyph positions are
/// the same as without it.
pub fn set_paragraph<S: Copy + Into<SpanStyle>>(
    shaper: &mut Shaper<'_>,
    spans: &[(String, S)],
    style: &ParStyle,
    mode: KinsokuMode,
) -> Vec<LineBox> {
    let mut text = String::new();
    let mut cells = Vec::new();
    // Per cell: emphasised or not (shaping is per character, so spans split by
    // emphasis shape exactly as one span would).
    let mut emphasis = Vec::new();
    for (s, span) in spans {
        let span: SpanStyle = (*span).into();
        let offset = text.len();
        for mut cell in shaper.shape(s, span.font, style.size) {
            cell.range = cell.range.start + offset..cell.range.end + offset;
            cells.push(cell);
            emphasis.push(span.emphasis);
        }
        text.push_str(s);
    }
    if cells.is_empty() {
        return Vec::new();
    }
    let brk = breaks::opportunities(&text, mode);
    let sp = justify::prepare(&cells);
    let lines = linebreak::break_lines(&cells, &sp, &brk, style.measure, style.first_indent);
    let baseline = (style.leading - style.size) / 2.0 + 0.88 * style.size;
    lines
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let indent = if n == 0 { style.first_indent } else { 0.0 };
            let align = if line.last {
                style.last_align
            } else {
                style.align
            };
            let placed = justify::place(
                &cells,
                &sp,
                line.range.start,
                line.range.end,
                indent,
                style.measure,
                align,
            );
            let mut runs: Vec<TextRun> = Vec::new();
            let mut dots = Vec::new();
            for p in placed {
                let cell = &cells[p.index];
                let start_new = runs.last().is_none_or(|r| r.font != cell.font);
                if start_new {
                    runs.push(TextRun {
                        x: 0.0,
                        y: 0.0,
                        font: cell.font,
                        size: style.size,
                        text: String::with_capacity(4 * (line.range.end - line.range.start)),
                        glyphs: Vec::with_capacity(line.range.end - line.range.start),
                        tag: Default::default(),
                    });
                }
                // A mark set half-width uses its half-width twin glyph when the font has
                // one; an opening twin's outline is already shifted to its box start.
                let (id, x, advance) = match cell.half {
                    Some(h) if cell.advance - p.width >= 0.49 * cell.size => {
                        let opening = justify::punct_side(cell.ch) == justify::PunctSide::Opening;
                        let x = if opening {
                            p.x + cell.advance / 2.0
                        } else {
                            p.x
                        };
                        (h, x, shaper.half_advance(cell.font, cell.size))
                    }
                    _ => (cell.glyph, p.x, cell.advance),
                };
                if emphasis.get(p.index).copied().unwrap_or(false) && takes_emphasis_dot(cell.ch) {
                    // Centred on the glyph's own box at its placed x, so justification
                    // space between glyphs does not move the dot off its character.
                    dots.push(Dot {
                        x: x + advance / 2.0,
                        y: DOT_DEPTH * style.size,
                        diameter: DOT_DIAMETER * style.size,
                    });
                }
                if let Some(run) = runs.last_mut() {
                    let start = run.text.len();
                    run.text.push(cell.ch);
                    run.glyphs.push(PositionedGlyph {
                        id,
                        x,
                        advance,
                        range: start..run.text.len(),
                    });
                }
            }
            LineBox {
                height: style.leading,
                baseline,
                runs,
                dots,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shape::{REGULAR, tests::book};

    #[test]
    fn paragraph_keeps_all_text_in_order() {
        let mut s = Shaper::new(book());
        let text = "山东金启航20GWh乐陵固态电池生产基地项目启动以来,各项工作有序推进;晓麦铺生态食品产业园项目的19栋单体已全部建成。";
        let style = ParStyle {
            size: 10.0,
            leading: 16.0,
            measure: 120.0,
            first_indent: 20.0,
            align: Align::Justify,
            last_align: Align::Left,
        };
        let lines = set_paragraph(
            &mut s,
            &[(text.to_string(), REGULAR)],
            &style,
            KinsokuMode::Basic,
        );
        assert!(lines.len() > 3);
        let joined: String = lines
            .iter()
            .flat_map(|l| l.runs.iter().map(|r| r.text.clone()))
            .collect();
        assert_eq!(joined, text);
        for l in &lines {
            for r in &l.runs {
                for g in &r.glyphs {
                    assert!(g.x >= -0.01 && g.x <= 120.0, "{g:?}");
                }
            }
        }
    }

    /// clreq §3.3: dots under each emphasised Han character, centred on its glyph as
    /// placed (justified), none under punctuation, Latin, digits or spaces; and
    /// emphasis moves no glyph.
    #[test]
    fn emphasis_dots_sit_under_emphasised_han_glyphs_only() {
        let mut s = Shaper::new(book());
        let style = ParStyle {
            size: 10.0,
            leading: 16.5,
            measure: 120.0,
            first_indent: 20.0,
            align: Align::Justify,
            last_align: Align::Left,
        };
        let plain = |t: &str| (t.to_string(), SpanStyle::from(REGULAR));
        // The emphasised Han characters (强调着重号) occur nowhere else, so each glyph
        // of one of them must have a dot and no other glyph may.
        let spans = [
            plain("山东金启航乐陵固态电池生产基地项目启动以来，"),
            (
                "强调，着重 Ab1号“强”".to_string(),
                SpanStyle {
                    font: REGULAR,
                    emphasis: true,
                },
            ),
            (
                "调".to_string(),
                SpanStyle {
                    font: shape::BOLD,
                    emphasis: true,
                },
            ),
            plain("各项工作有序推进，晓麦铺生态食品产业园项目的单体已全部建成。"),
        ];
        let lines = set_paragraph(&mut s, &spans, &style, KinsokuMode::Basic);
        let unmarked: Vec<(String, FontId)> =
            spans.iter().map(|(t, st)| (t.clone(), st.font)).collect();
        let reference = set_paragraph(&mut s, &unmarked, &style, KinsokuMode::Basic);
        assert_eq!(lines.len(), reference.len());
        let mut total = 0;
        for (line, refline) in lines.iter().zip(&reference) {
            assert_eq!(line.runs, refline.runs, "emphasis moved glyphs");
            assert!(refline.dots.is_empty());
            let mut want = Vec::new();
            for run in &line.runs {
                for g in &run.glyphs {
                    if run.text[g.range.clone()]
                        .chars()
                        .all(|c| "强调着重号".contains(c))
                    {
                        want.push(run.x + g.x + g.advance / 2.0);
                    }
                }
            }
            let got: Vec<f32> = line.dots.iter().map(|d| d.x).collect();
            assert_eq!(got, want, "{:?}", line.runs);
            for d in &line.dots {
                assert!((d.y - 3.0).abs() < 0.01, "{d:?}");
                assert!((d.diameter - 1.7).abs() < 0.01, "{d:?}");
                // Below the ideographic descent (0.12 em), above the next line's tops.
                assert!(d.y - d.diameter / 2.0 > 1.2);
                assert!(d.y + d.diameter / 2.0 < style.leading - 0.88 * style.size);
            }
            total += line.dots.len();
        }
        assert_eq!(total, 7, "强 调 着 重 号 强 调");
        assert!(lines.iter().filter(|l| !l.dots.is_empty()).count() >= 1);
    }
}
