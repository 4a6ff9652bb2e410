//! Spacing and justification of CJK lines: punctuation width adjustment, Han–Latin
//! spacing, and spreading a line to the measure.
//!
//! `prepare` turns shaped cells into per-cell spacing facts (what can be trimmed, what
//! glue comes before); `linebreak.rs` uses them to measure candidate lines; `place`
//! then gives each visible cell its x position on the chosen line.

use super::shape::Cell;
use crate::cjk::{Cut, cut, is_cjk_letter, is_latin_alnum};

/// What a full-width adjustable mark may give up, by where its font puts the ink
/// ([`cut`]); nothing for other cells (and for a font with proportional quotes, whose
/// marks are left as they are).
fn adjustable(cell: &Cell) -> Cut {
    if cell.invisible || cell.advance < 0.9 * cell.size {
        return Cut::default();
    }
    cut(cell.ch, cell.room)
}

/// Spacing facts for one cell; all lengths in points.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Spacing {
    /// Always removed from the left (second of two opening marks).
    pub trim_left: f32,
    /// Always removed from the right (first of two adjacent marks).
    pub trim_right: f32,
    /// Removed from the right when the cell ends a line.
    pub end_trim: f32,
    /// Can still be squeezed away to fit a line (push-in); side given by `squeeze_left`.
    pub squeeze: f32,
    pub squeeze_left: bool,
    /// Glue before this cell when it does not start a line (Han–Latin spacing).
    pub glue_before: f32,
    /// Justification may add space before this cell.
    pub stretch_before: bool,
    /// A space: hangs (takes no width) at line end.
    pub space: bool,
}

/// clreq §3.2.2 (mixed text composition): a quarter em between Han characters and
/// Western letters or digits, unless the source already has a space there.
pub fn han_latin_glue(prev: char, next: char, size: f32) -> f32 {
    if (is_cjk_letter(prev) && is_latin_alnum(next))
        || (is_latin_alnum(prev) && is_cjk_letter(next))
    {
        0.25 * size
    } else {
        0.0
    }
}

#[cfg(test)]
mod glue_tests {
    use super::*;

    #[test]
    fn quarter_em_between_han_and_latin() {
        assert_eq!(han_latin_glue('航', '2', 10.0), 2.5);
        assert_eq!(han_latin_glue('h', '乐', 10.0), 2.5);
        assert_eq!(han_latin_glue('中', '国', 10.0), 0.0);
        assert_eq!(han_latin_glue('a', 'b', 10.0), 0.0);
        assert_eq!(han_latin_glue('，', 'a', 10.0), 0.0);
    }
}

/// clreq §3.1.6.2 (adjacent punctuation): of two full-width marks in a row the pair
/// takes 1.5em: a mark with a blank right half (a closing mark) gives it up; else the
/// second gives up a blank left half (between two opening marks, or after a mark with
/// no blank to give, as a vertical ；). Centred marks
/// (Traditional Chinese ，。、) give at most a quarter em on the side between them, so
/// the pair may stay wider; between an opening and a closing mark there is no blank
/// and nothing is taken. Returns (trim right of first, trim left of second).
pub fn adjacent_compression(a: Cut, b: Cut, size: f32) -> (f32, f32) {
    if !(a.mark && b.mark) {
        (0.0, 0.0)
    } else if a.after >= 0.5 {
        (0.5 * size, 0.0)
    } else if b.before >= 0.5 {
        (0.0, 0.5 * size)
    } else {
        (a.after * size, b.before * size)
    }
}

#[cfg(test)]
mod adjacent_tests {
    use super::*;

    use crate::cjk::Room;

    /// Marks at the GB positions (ink in one half).
    fn gb(c: char) -> Cut {
        cut(c, None)
    }

    /// Marks centred as in Traditional Chinese fonts (Noto Serif TC).
    fn centred(c: char) -> Cut {
        cut(
            c,
            Some(Room {
                before: 0.36,
                after: 0.36,
            }),
        )
    }

    #[test]
    fn period_before_closing_quote_takes_one_and_a_half_em() {
        let (r, l) = adjacent_compression(gb('。'), gb('”'), 10.0);
        assert_eq!(2.0 * 10.0 - r - l, 15.0);
        let (r, l) = adjacent_compression(gb('，'), gb('「'), 10.0);
        assert_eq!(2.0 * 10.0 - r - l, 15.0);
        let (r, l) = adjacent_compression(gb('《'), gb('「'), 10.0);
        assert_eq!((r, l), (0.0, 5.0));
        assert_eq!(adjacent_compression(gb('「'), gb('」'), 10.0), (0.0, 0.0));
        assert_eq!(
            adjacent_compression(Cut::default(), gb('」'), 10.0),
            (0.0, 0.0)
        );
    }

    #[test]
    fn centred_marks_give_a_quarter_at_most() {
        // 」、「 in TC: the quote gives its blank half, the centred comma nothing of its
        // left; between 、 and 「 the quote gives its blank half.
        assert_eq!(
            adjacent_compression(gb('」'), centred('、'), 10.0),
            (5.0, 0.0)
        );
        assert_eq!(
            adjacent_compression(centred('、'), gb('「'), 10.0),
            (0.0, 5.0)
        );
        // 。」: a quarter of the period's right; the quote has no blank on its left.
        assert_eq!(
            adjacent_compression(centred('。'), gb('」'), 10.0),
            (2.5, 0.0)
        );
        // A mark with no blank to give (ink over the box): the opening mark gives.
        let full = cut(
            '；',
            Some(Room {
                before: 0.1,
                after: 0.2,
            }),
        );
        assert_eq!(adjacent_compression(full, gb('《'), 10.0), (0.0, 5.0));
        // Two centred marks: a quarter from each.
        assert_eq!(
            adjacent_compression(centred('，'), centred('、'), 10.0),
            (2.5, 2.5)
        );
    }
}

/// Computes the [`Spacing`] of every cell of a paragraph.
pub fn prepare(cells: &[Cell]) -> Vec<Spacing> {
    let cuts: Vec<Cut> = cells.iter().map(adjustable).collect();
    let mut out = vec![Spacing::default(); cells.len()];
    for i in 0..cells.len() {
        let c = &cells[i];
        out[i].space = c.ch.is_whitespace() && c.ch != '\u{3000}';
        if i > 0 {
            let (r, l) = adjacent_compression(cuts[i - 1], cuts[i], c.size);
            out[i - 1].trim_right += r;
            out[i].trim_left += l;
            let p = cells[i - 1].ch;
            out[i].glue_before = han_latin_glue(p, c.ch, c.size);
            // Spread only where CJK typesetting would: never inside a Latin word.
            let inside_latin_token = (is_latin_alnum(p) || is_latin_punct_run(p))
                && (is_latin_alnum(c.ch) || is_latin_punct_run(c.ch))
                && (is_latin_alnum(p) || is_latin_alnum(c.ch));
            let invisible = cells[i - 1].invisible || c.invisible;
            out[i].stretch_before = !(inside_latin_token || invisible);
        }
    }
    // Only a blank half goes at a line end or in push-in; a centred mark keeps its
    // box there (clreq: Traditional Chinese marks stay full width at a line end).
    for i in 0..cells.len() {
        let half = 0.5 * cells[i].size;
        if cuts[i].after >= 0.5 {
            out[i].end_trim = (half - out[i].trim_right).max(0.0);
            out[i].squeeze = (half - out[i].trim_right).max(0.0);
        } else if cuts[i].before >= 0.5 {
            out[i].squeeze = (half - out[i].trim_left).max(0.0);
            out[i].squeeze_left = true;
        }
    }
    out
}

/// ASCII punctuation inside Latin tokens (20.5%, e-mail) that must not be spread apart.
fn is_latin_punct_run(c: char) -> bool {
    c.is_ascii_punctuation()
}

/// clreq §3.1.6 (line end): a full-width closing mark at the end of a line is set
/// half-width, so the measure is filled by text, not by the mark's blank half.
pub fn line_end_trim(sp: &Spacing) -> f32 {
    sp.end_trim
}

#[cfg(test)]
mod end_tests {
    use super::*;
    use crate::typeset::shape::{REGULAR, Shaper, tests::book};

    #[test]
    fn comma_at_line_end_is_half_width() {
        let mut s = Shaper::new(book());
        let cells = s.shape("国，", REGULAR, 10.0);
        let sp = prepare(&cells);
        assert_eq!(line_end_trim(&sp[1]), 5.0);
        // 。” at line end: the pair is already 1.5em; the quote loses its blank half too.
        let cells = s.shape("。”", REGULAR, 10.0);
        let sp = prepare(&cells);
        if cells[1].advance >= 9.0 {
            assert_eq!(sp[0].trim_right + line_end_trim(&sp[1]), 10.0);
        }
    }
}

/// Natural width of cells `[s, e)` set as one line, and the index of the last visible
/// (non-hanging) cell.
pub fn line_width(cells: &[Cell], sp: &[Spacing], s: usize, e: usize) -> (f32, Option<usize>) {
    let last = (s..e).rev().find(|&i| !sp[i].space && !cells[i].invisible);
    let Some(k) = last else { return (0.0, None) };
    let mut w = 0.0;
    for i in s..=k {
        w += cells[i].advance - sp[i].trim_left - sp[i].trim_right;
        if i > s {
            w += sp[i].glue_before;
        }
    }
    (w - sp[k].end_trim, Some(k))
}

/// How much more `[s, e)` can shrink by squeezing full-width marks inside the line.
pub fn line_squeeze(sp: &[Spacing], s: usize, k: usize) -> f32 {
    (s..k).map(|i| sp[i].squeeze).sum()
}

/// How a line is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Spread to the measure (not the last line of a paragraph).
    Justify,
    Left,
    Center,
}

/// A cell placed on a line: glyph origin x relative to the line start, and the width
/// the cell takes there (less than its advance when a mark is set half-width).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub index: usize,
    pub x: f32,
    pub width: f32,
}

/// Justification spreads lines in steps of 1/250 em: 4/1000 em, a whole number in the
/// thousandths of an em that PDF text positioning counts in.
pub const SPREAD_STEPS_PER_EM: f32 = 250.0;

/// Places cells `[s, e)` on a line of width `measure`, starting at `indent`.
/// Justified lines spread the difference evenly over the stretchable gaps; lines too
/// long (push-in) squeeze their marks proportionally.
pub fn place(
    cells: &[Cell],
    sp: &[Spacing],
    s: usize,
    e: usize,
    indent: f32,
    measure: f32,
    align: Align,
) -> Vec<Placed> {
    let (natural, last) = line_width(cells, sp, s, e);
    let Some(k) = last else { return Vec::new() };
    let diff = measure - indent - natural;
    let mut squeezed = vec![false; k + 1 - s];
    let mut start = indent;
    let mut diff = diff;
    if diff < 0.0 {
        // Push-in: set whole marks half-width, last first, until the line fits; any
        // surplus is spread below. Whole marks only, so that every glyph box keeps its
        // own width (partial squeezes overlap boxes and confuse text extraction).
        for i in (s..k).rev() {
            if diff >= 0.0 {
                break;
            }
            if sp[i].squeeze > 0.0 {
                squeezed[i - s] = true;
                diff += sp[i].squeeze;
            }
        }
    }
    // Spreading works in whole steps of 1/SPREAD_STEPS_PER_EM em: equal steps along
    // the line and one step more in the last gaps, so the line still ends on the
    // measure while the spacing written to the PDF is a short whole number of
    // thousandths of an em that repeats (it then compresses to almost nothing).
    let size = cells[s].size.max(1.0);
    let step = size / SPREAD_STEPS_PER_EM;
    let mut gap_units = (0usize, 0usize, 0usize); // (units per gap, gaps, gaps given one more)
    if diff >= 0.0 {
        match align {
            Align::Justify => {
                let gaps = (s + 1..=k).filter(|&i| sp[i].stretch_before).count();
                let total = (diff / step).round().max(0.0) as usize;
                if let (Some(per), Some(extra)) = (total.checked_div(gaps), total.checked_rem(gaps))
                {
                    gap_units = (per, gaps, extra);
                }
            }
            Align::Center => start += diff / 2.0,
            Align::Left => {}
        }
    }
    let mut gap_index = 0;
    let mut out = Vec::with_capacity(k + 1 - s);
    let mut x = start;
    for i in s..=k {
        if i > s {
            x += sp[i].glue_before;
            if sp[i].stretch_before {
                let (per, gaps, extra) = gap_units;
                let more = usize::from(extra > 0 && gap_index + extra >= gaps);
                x += (per + more) as f32 * step;
                gap_index += 1;
            }
        }
        let sq = if squeezed[i - s] { sp[i].squeeze } else { 0.0 };
        let (left, right) = if sp[i].squeeze_left {
            (sq, 0.0)
        } else {
            (0.0, sq)
        };
        let trim_left = sp[i].trim_left + left;
        let end = if i == k { sp[i].end_trim } else { 0.0 };
        let width = cells[i].advance - trim_left - sp[i].trim_right - right - end;
        if !(cells[i].invisible || sp[i].space && i == k) {
            out.push(Placed {
                index: i,
                x: x - trim_left,
                width,
            });
        }
        x += width;
    }
    out
}

#[cfg(test)]
mod place_tests {
    use super::*;
    use crate::typeset::shape::{ASCENT, FontBook, REGULAR, Shaper, tests::book};

    #[test]
    fn justified_line_ends_exactly_at_measure() {
        let mut s = Shaper::new(book());
        let cells = s.shape("中国人民，", REGULAR, 10.0);
        let sp = prepare(&cells);
        let placed = place(&cells, &sp, 0, 5, 0.0, 50.0, Align::Justify);
        // Natural width 45 (comma half-width at the end); 5pt spread over 4 gaps.
        let last = placed.last().unwrap();
        assert!((last.x + 5.0 - 50.0).abs() < 0.01, "{placed:?}");
    }

    #[test]
    fn last_line_is_ragged() {
        let mut s = Shaper::new(book());
        let cells = s.shape("中国", REGULAR, 10.0);
        let sp = prepare(&cells);
        let placed = place(&cells, &sp, 0, 2, 0.0, 100.0, Align::Left);
        assert_eq!(placed[1].x, 10.0);
    }

    /// The ink of each placed glyph along the line, from the font's own bounding box
    /// (not from the rooms the layout used): left to right, or top to bottom of the
    /// upright glyph in vertical text.
    fn inks(book: &FontBook, cells: &[Cell], placed: &[Placed], vertical: bool) -> Vec<(f32, f32)> {
        use skrifa::instance::{LocationRef, Size};
        use skrifa::raw::TableProvider;
        use skrifa::{FontRef, MetadataProvider};
        placed
            .iter()
            .map(|p| {
                let c = &cells[p.index];
                let font = FontRef::new(&book.faces()[c.font]).unwrap();
                let upem = f32::from(font.head().unwrap().units_per_em());
                let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
                let b = metrics
                    .bounds(skrifa::GlyphId::new(u32::from(c.glyph)))
                    .unwrap();
                let em = c.size / upem;
                if vertical {
                    let top = ASCENT * upem;
                    (p.x + (top - b.y_max) * em, p.x + (top - b.y_min) * em)
                } else {
                    (p.x + b.x_min * em, p.x + b.x_max * em)
                }
            })
            .collect()
    }

    fn overlaps(inks: &[(f32, f32)]) -> bool {
        inks.windows(2).any(|w| w[0].1 > w[1].0 + 0.001)
    }

    /// clreq, Traditional Chinese: ，。、 are centred, so they give up no half. Runs of
    /// marks are compressed, in horizontal and vertical text, and no two glyphs' ink
    /// overlaps — at the line end and when the line is squeezed (push-in) either.
    #[test]
    fn traditional_marks_never_overlap_their_neighbours() {
        use crate::typeset::shape::tests::tc_book;
        for vertical in [false, true] {
            for text in ["中」、「中", "中。」中", "中，「中」。", "中：「中」；"]
            {
                let mut s = Shaper::new(tc_book()).vertical(vertical);
                let cells = s.shape(text, REGULAR, 10.0);
                let sp = prepare(&cells);
                let n = cells.len();
                let (natural, _) = line_width(&cells, &sp, 0, n);
                for measure in [200.0, natural, natural - 5.0] {
                    let placed = place(&cells, &sp, 0, n, 0.0, measure, Align::Left);
                    let ink = inks(tc_book(), &cells, &placed, vertical);
                    assert!(
                        !overlaps(&ink),
                        "{text} vertical={vertical} {measure}: {ink:?}"
                    );
                }
                // The marks were compressed: the run is narrower than its full boxes.
                assert!(
                    natural <= 10.0 * n as f32 - 2.5,
                    "{text} {vertical}: {natural}"
                );
                // The GB rule (ink assumed in one half) would overlap here.
                if text == "中。」中" && !vertical {
                    let gb: Vec<Cell> = cells
                        .iter()
                        .cloned()
                        .map(|c| Cell { room: None, ..c })
                        .collect();
                    let gsp = prepare(&gb);
                    let placed = place(&gb, &gsp, 0, n, 0.0, 200.0, Align::Left);
                    assert!(overlaps(&inks(tc_book(), &gb, &placed, false)));
                }
            }
        }
    }

    /// The simplified faces keep the GB compression: 」、「 takes two ems.
    #[test]
    fn simplified_marks_give_their_blank_halves() {
        let mut s = Shaper::new(book());
        let cells = s.shape("」、「", REGULAR, 10.0);
        let sp = prepare(&cells);
        assert_eq!(line_width(&cells, &sp, 0, 3).0, 20.0);
        let placed = place(&cells, &sp, 0, 3, 0.0, 100.0, Align::Left);
        assert!(!overlaps(&inks(book(), &cells, &placed, false)));
    }

    #[test]
    fn push_in_squeezes_marks() {
        let mut s = Shaper::new(book());
        let cells = s.shape("中，国，人。", REGULAR, 10.0);
        let sp = prepare(&cells);
        // Natural 55; squeezing the two inner commas gives 45.
        let placed = place(&cells, &sp, 0, 6, 0.0, 50.0, Align::Justify);
        let last = placed.last().unwrap();
        assert!((last.x + 5.0 - 50.0).abs() < 0.01, "{placed:?}");
    }
}
