//! Line breaking: chooses where each line of a paragraph ends.
//!
//! Greedy, first fit, as Chinese newspapers are set: fill the measure, and when the
//! natural end of the line falls on a forbidden break (clreq §3.1.7), first try to pull
//! the offending marks *into* the line by squeezing full-width punctuation (push-in,
//! 行内压缩), else push characters *down* to the next line (push-out) and let
//! justification spread the rest. A token longer than the measure (a URL) is broken
//! anywhere rather than overflow.

use super::breaks::Brk;
use super::justify::{Spacing, line_squeeze, line_width};
use super::shape::Cell;
use std::ops::Range;

/// One chosen line: a cell range and whether it ends the paragraph or a forced break
/// (such lines are not justified).
#[derive(Debug, Clone, PartialEq)]
pub struct LineSpan {
    pub range: Range<usize>,
    pub last: bool,
}

/// How many characters push-in may pull into a line: the marks right after the
/// natural end (e.g. 。” or ，) and no more.
const MAX_PUSH_IN: usize = 2;

/// Breaks `cells` into lines of `measure` points; the first line is shorter by
/// `first_indent`.
pub fn break_lines(
    cells: &[Cell],
    sp: &[Spacing],
    brk: &[Brk],
    measure: f32,
    first_indent: f32,
) -> Vec<LineSpan> {
    let n = cells.len();
    let mut lines = Vec::new();
    let mut s = 0;
    while s < n {
        let avail = if lines.is_empty() {
            measure - first_indent
        } else {
            measure
        };
        let mut fit: Option<usize> = None; // largest e with width(s,e) <= avail
        let mut best: Option<usize> = None; // largest allowed break among those
        let mut forced = None;
        // Width of [s, e) kept incrementally (same sums as `line_width`): all cells so
        // far, and the total up to the last visible one, whose end trim applies.
        let mut acc = 0.0f32;
        let mut acc_visible = 0.0f32;
        let mut end_trim = 0.0f32;
        let mut e = s + 1;
        while e <= n {
            let i = e - 1;
            acc += cells[i].advance - sp[i].trim_left - sp[i].trim_right;
            if i > s {
                acc += sp[i].glue_before;
            }
            if !sp[i].space && !cells[i].invisible {
                acc_visible = acc;
                end_trim = sp[i].end_trim;
            }
            let w = acc_visible - end_trim;
            if w > avail + 0.01 {
                break;
            }
            fit = Some(e);
            match brk[e] {
                Brk::Mandatory => {
                    forced = Some(e);
                    break;
                }
                Brk::Allowed => best = Some(e),
                Brk::No => {}
            }
            e += 1;
        }
        if let Some(m) = forced {
            lines.push(LineSpan {
                range: s..m,
                last: true,
            });
            s = m;
            continue;
        }
        let p = fit.unwrap_or(s);
        let end = if best == Some(p) {
            p
        } else {
            // The natural end is forbidden: try push-in first.
            match push_in(cells, sp, brk, s, p, avail) {
                Some(e2) => e2,
                None => match best {
                    Some(b) if b > s => b,
                    // Nothing breakable fits: break the over-long token anywhere.
                    _ => p.max(s + 1),
                },
            }
        };
        let last = brk[end] == Brk::Mandatory;
        lines.push(LineSpan {
            range: s..end,
            last,
        });
        s = end;
    }
    lines
}

/// clreq §3.1.7 push-in (ぶら下げ/追い込み, 行内压缩): the next allowed break after the
/// natural end `p`, if it is at most [`MAX_PUSH_IN`] cells away and the line then fits
/// by squeezing its full-width marks.
fn push_in(
    cells: &[Cell],
    sp: &[Spacing],
    brk: &[Brk],
    s: usize,
    p: usize,
    avail: f32,
) -> Option<usize> {
    let n = cells.len();
    let e2 = (p + 1..=n.min(p + MAX_PUSH_IN)).find(|&e| brk[e] != Brk::No)?;
    let (w, k) = line_width(cells, sp, s, e2);
    let k = k?;
    (w - line_squeeze(sp, s, k) <= avail + 0.01).then_some(e2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::breaks::opportunities;
    use crate::typeset::justify::prepare;
    use crate::typeset::kinsoku::{KinsokuMode, is_line_start_prohibited};
    use crate::typeset::shape::{REGULAR, Shaper, tests::book};

    fn lines(text: &str, measure: f32, mode: KinsokuMode) -> Vec<String> {
        let mut s = Shaper::new(book());
        let cells = s.shape(text, REGULAR, 10.0);
        let sp = prepare(&cells);
        let brk = opportunities(text, mode);
        break_lines(&cells, &sp, &brk, measure, 0.0)
            .into_iter()
            .map(|l| cells[l.range].iter().map(|c| c.ch).collect())
            .collect()
    }

    #[test]
    fn comma_is_pushed_in_not_to_next_line() {
        // Five ideographs fill 50pt; the comma would start line two. It has a comma
        // inside the line to squeeze, so it is pulled in.
        let l = lines("中，国人民，好的", 50.0, KinsokuMode::Basic);
        assert_eq!(l[0], "中，国人民，");
    }

    #[test]
    fn without_room_to_squeeze_a_character_is_pulled_down() {
        let l = lines("中国人民好。的", 50.0, KinsokuMode::Basic);
        assert_eq!(l, vec!["中国人民", "好。的"]);
        let l = lines("中国人民好。的", 50.0, KinsokuMode::None);
        assert_eq!(l, vec!["中国人民好", "。的"]);
    }

    #[test]
    fn opening_quote_never_ends_line() {
        let l = lines("中国人民“好”", 50.0, KinsokuMode::Basic);
        assert!(!l[0].ends_with('“'), "{l:?}");
    }

    #[test]
    fn long_url_breaks_anywhere() {
        let l = lines(
            "https://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            60.0,
            KinsokuMode::Basic,
        );
        assert!(l.len() > 1);
        let mut s = Shaper::new(book());
        for line in &l {
            let cells = s.shape(line, REGULAR, 10.0);
            let sp = prepare(&cells);
            assert!(line_width(&cells, &sp, 0, cells.len()).0 <= 60.01);
        }
    }

    #[test]
    fn no_line_starts_with_prohibited_mark() {
        let text = "发展是第一要务，项目是第一支撑。今年以来，乐陵市坚持“新”逐“绿”的铿锵步伐，跑出绿色低碳高质量发展的加速度。";
        for m in [30.0, 40.0, 50.0, 70.0, 110.0] {
            for l in lines(text, m, KinsokuMode::Basic).iter().skip(1) {
                let c = l.chars().next().unwrap();
                assert!(!is_line_start_prohibited(c, KinsokuMode::Basic), "{m}: {l}");
            }
        }
    }

    #[test]
    fn empty_and_odd_text_do_not_panic() {
        assert!(lines("", 50.0, KinsokuMode::Basic).is_empty());
        assert_eq!(lines("   ", 50.0, KinsokuMode::Basic).len(), 1);
        let l = lines("。。。。。。。。。。。。", 10.0, KinsokuMode::Strict);
        assert!(!l.is_empty());
        let l = lines("中", 1.0, KinsokuMode::Basic);
        assert_eq!(l, vec!["中"]);
    }
}
