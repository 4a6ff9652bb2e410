//! The paragraph pipeline: styled spans → shaped cells (`shape`) → break opportunities
//! (`breaks`, `kinsoku`) → spacing (`justify::prepare`) → line ends (`linebreak`) →
//! positions (`justify::place`) → [`LineBox`]es with their runs and emphasis dots.

use super::frame::{Dot, Orientation, PositionedGlyph, TextRun};
use super::justify::{self, Align};
use super::kinsoku::KinsokuMode;
use super::shape::{Cell, FontId, Shaper};
use super::{breaks, linebreak};

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
pub const DOT_DIAMETER: f32 = 0.17;
pub const DOT_DEPTH: f32 = 0.30;

pub use super::shape::ASCENT;

/// clreq §3.3: emphasis marks go under Han characters only, never under punctuation,
/// spaces, Latin letters or digits.
pub fn takes_emphasis_dot(c: char) -> bool {
    crate::cjk::is_han(c)
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
    let mut shaped = shape_spans(shaper, spans, style.size);
    if shaped.cells.is_empty() {
        return Vec::new();
    }
    let brk = breaks::opportunities(&shaped.text, mode);
    if shaper.is_vertical() {
        combine_short_numbers(&mut shaped);
    }
    let mut sp = justify::prepare(&shaped.cells);
    if shaper.is_vertical() {
        settle_combined(&shaped.combined, &mut sp);
    }
    let lines = linebreak::break_lines(&shaped.cells, &sp, &brk, style.measure, style.first_indent);
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
                &shaped.cells,
                &sp,
                line.range.start,
                line.range.end,
                indent,
                style.measure,
                align,
            );
            line_box(shaper, &shaped, &placed, line.range.len(), style)
        })
        .collect()
}

/// A paragraph's text and its shaped cells, each with whether it is emphasised.
struct Shaped {
    text: String,
    cells: Vec<Cell>,
    emphasis: Vec<bool>,
    /// Vertical text: per cell, its number in a group set across the line (縱中橫),
    /// counted from 1 (0: not combined). Empty in horizontal text.
    combined: Vec<u32>,
    /// The natural advances of the combined cells (their cells take one em in all).
    natural: Vec<f32>,
}

/// Vertical text: each short number ([`crate::cjk::combined_upright_spans`]) becomes one
/// em on the line, like an ideograph: its first cell takes the em, the others none.
fn combine_short_numbers(shaped: &mut Shaped) {
    shaped.combined = vec![0; shaped.cells.len()];
    shaped.natural = shaped.cells.iter().map(|c| c.advance).collect();
    for (n, span) in crate::cjk::combined_upright_spans(&shaped.text)
        .into_iter()
        .enumerate()
    {
        let first = shaped.cells.partition_point(|c| c.range.start < span.start);
        let mut i = first;
        while let Some(cell) = shaped.cells.get_mut(i)
            && cell.range.start < span.end
        {
            cell.advance = if i == first { cell.size } else { 0.0 };
            shaped.combined[i] = n as u32 + 1;
            i += 1;
        }
    }
}

/// A combined number is spaced like an ideograph: no Han–Latin glue around it, and no
/// justification space between its digits.
fn settle_combined(combined: &[u32], sp: &mut [justify::Spacing]) {
    for i in 0..combined.len() {
        let prev = if i > 0 { combined[i - 1] } else { 0 };
        if combined[i] != prev {
            // The first cell of a group, or the first cell after one.
            sp[i].glue_before = 0.0;
        } else if combined[i] != 0 {
            sp[i].stretch_before = false;
        }
    }
}

/// Shapes every span and joins the cells, their ranges shifted into the joined text.
fn shape_spans<S: Copy + Into<SpanStyle>>(
    shaper: &mut Shaper<'_>,
    spans: &[(String, S)],
    size: f32,
) -> Shaped {
    let mut text = String::new();
    let mut cells = Vec::new();
    // Per cell: emphasised or not (shaping is per character, so spans split by
    // emphasis shape exactly as one span would).
    let mut emphasis = Vec::new();
    for (s, span) in spans {
        let span: SpanStyle = (*span).into();
        let offset = text.len();
        for mut cell in shaper.shape(s, span.font, size) {
            cell.range = cell.range.start + offset..cell.range.end + offset;
            cells.push(cell);
            emphasis.push(span.emphasis);
        }
        text.push_str(s);
    }
    Shaped {
        text,
        cells,
        emphasis,
        combined: Vec::new(),
        natural: Vec::new(),
    }
}

/// One set line from its placed cells (`len` cells long): runs of one font each, and
/// the emphasis dots.
fn line_box(
    shaper: &Shaper<'_>,
    shaped: &Shaped,
    placed: &[justify::Placed],
    len: usize,
    style: &ParStyle,
) -> LineBox {
    let baseline = (style.leading - style.size) / 2.0 + ASCENT * style.size;
    let mut runs: Vec<TextRun> = Vec::new();
    let mut dots = Vec::new();
    for p in placed {
        let cell = &shaped.cells[p.index];
        let start_new = runs.last().is_none_or(|r| r.font != cell.font);
        if start_new {
            runs.push(TextRun {
                x: 0.0,
                y: 0.0,
                font: cell.font,
                size: style.size,
                text: String::with_capacity(4 * len),
                glyphs: Vec::with_capacity(len),
                tag: Default::default(),
                vertical: None,
            });
        }
        let (id, x, mut advance) = glyph_choice(shaper, cell, p);
        let mut orient = Orientation::Upright;
        if shaper.is_vertical() {
            if shaped.combined.get(p.index).is_some_and(|&n| n > 0) {
                orient = Orientation::Combined;
                advance = shaped.natural.get(p.index).copied().unwrap_or(advance);
            } else if !cell.upright {
                orient = Orientation::Sideways;
            }
        }
        if shaped.emphasis.get(p.index).copied().unwrap_or(false) && takes_emphasis_dot(cell.ch) {
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
                orient,
            });
        }
    }
    LineBox {
        height: style.leading,
        baseline,
        runs,
        dots,
    }
}

/// The glyph, x and advance a placed cell is drawn with. A mark set half-width uses its
/// half-width twin glyph when the font has one; an opening twin's outline is already
/// shifted to its box start.
fn glyph_choice(shaper: &Shaper<'_>, cell: &Cell, p: &justify::Placed) -> (u16, f32, f32) {
    match cell.half {
        Some(h) if cell.advance - p.width >= 0.49 * cell.size => {
            let x = if crate::cjk::is_opening_mark(cell.ch) {
                p.x + cell.advance / 2.0
            } else {
                p.x
            };
            (h, x, shaper.half_advance(cell.font, cell.size))
        }
        _ => (cell.glyph, p.x, cell.advance),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::shape::{self, REGULAR, tests::book};

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

#[cfg(test)]
mod vertical_tests {
    use super::*;
    use crate::typeset::shape::{REGULAR, tests::book};

    fn style() -> ParStyle {
        ParStyle {
            size: 10.0,
            leading: 16.0,
            measure: 400.0,
            first_indent: 0.0,
            align: Align::Left,
            last_align: Align::Left,
        }
    }

    /// (character, orientation, x) of every glyph of a one-line paragraph.
    fn glyphs(text: &str, vertical: bool) -> Vec<(char, Orientation, f32)> {
        let mut s = Shaper::new(book()).vertical(vertical);
        let lines = set_paragraph(
            &mut s,
            &[(text.to_string(), REGULAR)],
            &style(),
            KinsokuMode::Basic,
        );
        assert_eq!(lines.len(), 1);
        lines[0]
            .runs
            .iter()
            .flat_map(|r| {
                r.glyphs.iter().map(move |g| {
                    let c = r.text[g.range.clone()].chars().next().unwrap_or(' ');
                    (c, g.orient, r.x + g.x)
                })
            })
            .collect()
    }

    #[test]
    fn a_short_number_takes_one_em_like_an_ideograph() {
        let v = glyphs("共12縣市", true);
        let forms: Vec<Orientation> = v.iter().map(|g| g.1).collect();
        use Orientation::*;
        assert_eq!(forms, [Upright, Combined, Combined, Upright, Upright]);
        // 共 at 0, the number's em at 10 (no Han–Latin quarter em), 縣 at 20.
        assert_eq!(v[1].2, 10.0);
        assert_eq!(v[3].2, 20.0);
        // Horizontal text keeps its spacing: a quarter em on each side of 12.
        let h = glyphs("共12縣市", false);
        assert!(h.iter().all(|g| g.1 == Upright));
        assert_eq!(h[1].2, 12.5);
    }

    #[test]
    fn latin_and_long_numbers_lie_on_their_side() {
        let v = glyphs("於2024年用COVID-19", true);
        let sideways: String = v
            .iter()
            .filter(|g| g.1 == Orientation::Sideways)
            .map(|g| g.0)
            .collect();
        assert_eq!(sideways, "2024COVID-19");
        assert!(v.iter().all(|g| g.1 != Orientation::Combined));
    }
}
