//! Column flow: the page geometry, the elements a body is made of, and how they fill
//! columns — greedily, keeping chains together, without orphans or widows — and how a
//! region's columns are balanced.

use super::TypesetOptions;
use super::frame::{ImageFormat, Tag};
use super::paragraph::LineBox;
use std::sync::Arc;

/// Page geometry in points, derived once from the options.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    /// Top and bottom of the text area.
    pub top: f32,
    pub bottom: f32,
    /// Left edge of the text block.
    pub x0: f32,
    pub cols: usize,
    pub col_width: f32,
    pub gap: f32,
    pub full_width: f32,
    pub body_size: f32,
    pub leading: f32,
}

impl Geometry {
    /// Columns are a whole number of ems wide, so a line of ideographs needs no
    /// spreading (版心 in whole characters); the spare width centres the text block.
    pub fn new(o: &TypesetOptions) -> Self {
        let body = if o.body_size.is_finite() && o.body_size > 1.0 {
            o.body_size
        } else {
            10.0
        };
        let [mt, mr, mb, ml] = o
            .margins
            .map(|m| if m.is_finite() { m.max(0.0) } else { 0.0 });
        let width = o.page_width.max(4.0 * body + ml + mr);
        let height = o.page_height.max(10.0 * body + mt + mb);
        let cols = usize::from(o.columns.max(1));
        let gap = 2.0 * body;
        let avail = (width - ml - mr).max(body);
        let mut cols_fit = cols;
        // Never make columns narrower than eight characters.
        while cols_fit > 1 && (avail - (cols_fit - 1) as f32 * gap) / (cols_fit as f32) < 8.0 * body
        {
            cols_fit -= 1;
        }
        let raw = (avail - (cols_fit - 1) as f32 * gap) / cols_fit as f32;
        let col_width = ((raw / body).floor() * body).max(body);
        let full_width = col_width * cols_fit as f32 + gap * (cols_fit - 1) as f32;
        Geometry {
            width,
            height,
            top: mt,
            bottom: (height - mb).max(mt + 4.0 * body),
            x0: ml + (avail - full_width).max(0.0) / 2.0,
            cols: cols_fit,
            col_width,
            gap,
            full_width,
            body_size: body,
            leading: body * 1.65,
        }
    }

    pub(super) fn col_x(&self, col: usize) -> f32 {
        self.x0 + col as f32 * (self.col_width + self.gap)
    }
}

/// A raster image in the flow, at `x` from the column's left edge.
#[derive(Debug, Clone)]
pub struct ImageBox {
    pub x: f32,
    pub width: f32,
    pub height: f32,
    pub data: Arc<Vec<u8>>,
    pub format: ImageFormat,
    pub src: String,
    pub tag: Tag,
}

#[derive(Debug, Clone)]
pub enum Elem {
    /// A set line, shifted `x` from the column's left edge.
    Line {
        line: LineBox,
        x: f32,
    },
    /// Vertical space; dropped at the top of a column.
    Space,
    Image(ImageBox),
}

/// One element of a body's flow.
#[derive(Debug, Clone)]
pub struct FlowElem {
    pub elem: Elem,
    pub height: f32,
    /// Must share a column with the next element (headings, images before captions).
    pub keep_with_next: bool,
    /// Index of an outline anchor that points here.
    pub anchor: Option<usize>,
}

/// Where `fill` put an element: column and offset from the region top, or nothing
/// (a space swallowed at a column top).
pub(super) type Slot = Option<(usize, f32)>;

pub(super) const EPS: f32 = 0.01;

/// Greedy column fill of a region `h` high: how many elements fit and where.
pub(super) fn fill(elems: &[FlowElem], cols: usize, h: f32) -> (usize, Vec<Slot>) {
    let mut slots = Vec::with_capacity(elems.len());
    let (mut col, mut y) = (0usize, 0.0f32);
    let mut i = 0;
    while i < elems.len() {
        let e = &elems[i];
        if matches!(e.elem, Elem::Space) && y == 0.0 {
            slots.push(None);
            i += 1;
            continue;
        }
        let mut need = e.height;
        if y > 0.0 {
            // Keep chains: the element and everything it keeps with, up to and including
            // the first element that keeps with nothing.
            let mut j = i;
            while elems[j].keep_with_next && j + 1 < elems.len() {
                j += 1;
                need += elems[j].height;
            }
        }
        if y + need > h + EPS {
            if y > 0.0 {
                col += 1;
                y = 0.0;
                if col == cols {
                    break;
                }
                continue;
            }
            if e.height > h + EPS {
                break;
            }
        }
        slots.push(Some((col, y)));
        y += e.height;
        i += 1;
    }
    (i, slots)
}

/// The lowest region height at which all `elems` still fit in `cols` columns.
pub(super) fn balance(elems: &[FlowElem], cols: usize, h: f32) -> f32 {
    if cols <= 1 {
        return h;
    }
    let total: f32 = elems.iter().map(|e| e.height).sum();
    let tallest = elems.iter().map(|e| e.height).fold(0.0, f32::max);
    let mut lo = (total / cols as f32).max(tallest) - EPS;
    let mut hi = h;
    if fill(elems, cols, lo.max(0.0)).0 == elems.len() {
        return lo.max(0.0);
    }
    for _ in 0..30 {
        if hi - lo < 0.05 {
            break;
        }
        let mid = (lo + hi) / 2.0;
        if fill(elems, cols, mid).0 == elems.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Orphans and widows (孤行): a paragraph's first line never stands alone at a column
/// foot, and its last line never alone at the next column's top. The first line keeps
/// with the second, the last-but-one with the last (so a heading, which keeps with the
/// first line, always has two lines under it). Placement only: line breaks are unchanged.
pub fn no_lone_lines(lines: &mut [FlowElem]) {
    let n = lines.len();
    if n < 2 {
        return;
    }
    lines[0].keep_with_next = true;
    lines[n - 2].keep_with_next = true;
}

#[cfg(test)]
mod flow_tests {
    use super::*;

    fn line(h: f32, keep: bool) -> FlowElem {
        FlowElem {
            elem: Elem::Line {
                line: LineBox::default(),
                x: 0.0,
            },
            height: h,
            keep_with_next: keep,
            anchor: None,
        }
    }

    #[test]
    fn no_orphan_at_the_foot_and_no_widow_at_the_top() {
        let para = |n: usize| {
            let mut v: Vec<FlowElem> = (0..n).map(|_| line(1.0, false)).collect();
            no_lone_lines(&mut v);
            v
        };
        // Four lines fill a 5-line column but one: the next paragraph's first line
        // would be alone at the foot; it goes to the next column with its second.
        let elems: Vec<FlowElem> = [para(4), para(3)].concat();
        let (n, slots) = fill(&elems, 2, 5.0);
        assert_eq!(n, 7);
        assert_eq!(slots[4], Some((1, 0.0)), "{slots:?}");
        // Six lines in 5-line columns: the last would be alone at the top; two go over.
        let elems = para(6);
        let (_, slots) = fill(&elems, 2, 5.0);
        assert_eq!(slots[4], Some((1, 0.0)), "{slots:?}");
        assert_eq!(slots[5], Some((1, 1.0)), "{slots:?}");
    }

    #[test]
    fn heading_never_alone_at_column_foot() {
        // Column holds 5 lines; the heading is the 5th element and keeps with the next.
        let mut elems: Vec<FlowElem> = (0..4).map(|_| line(10.0, false)).collect();
        elems.push(line(10.0, true));
        elems.push(line(10.0, false));
        let (n, slots) = fill(&elems, 2, 50.0);
        assert_eq!(n, 6);
        assert_eq!(slots[4], Some((1, 0.0)));
    }

    #[test]
    fn balanced_columns_are_even() {
        let elems: Vec<FlowElem> = (0..9).map(|_| line(10.0, false)).collect();
        let h = balance(&elems, 3, 200.0);
        assert!((h - 30.0).abs() < 0.1, "{h}");
        let elems: Vec<FlowElem> = (0..10).map(|_| line(10.0, false)).collect();
        let h = balance(&elems, 3, 200.0);
        assert!((h - 40.0).abs() < 0.1, "{h}");
    }

    #[test]
    fn space_at_column_top_is_dropped() {
        let mut elems = vec![line(10.0, false)];
        elems.push(FlowElem {
            elem: Elem::Space,
            height: 5.0,
            keep_with_next: false,
            anchor: None,
        });
        elems.push(line(10.0, false));
        let (_, slots) = fill(&elems, 2, 10.0);
        assert_eq!(slots, vec![Some((0, 0.0)), None, Some((1, 0.0))]);
    }
}
