//! Vertical writing (直排, clreq §3.4): a document laid out on a page turned a quarter
//! turn → the same document on the upright page, read in vertical lines.
//!
//! The layout runs unchanged on a "lying" page whose width is the real page's height
//! ([`lying_options`]): its lines are the vertical lines, its columns are the bands (段)
//! stacked down the page, its head (headline, byline) sits at its top. [`stand_up`] then
//! turns every item a quarter turn clockwise — lying (x, y) → upright (page width − y,
//! x) — so lines run top to bottom, follow each other right to left, the head stands at
//! the right edge and band after band fills from the top. Each line is cut into pieces
//! by how its glyphs stand (`frame::Orientation`, decided while shaping): upright
//! glyphs are centred on the line's axis one below the other, Latin and long numbers
//! turn with the line, and a short number is set across the line in one em (縱中橫).

use super::TypesetOptions;
use super::frame::{
    Document, Dot, ImageItem, Item, Orientation, Page, PositionedGlyph, Rule, TextRun, Vertical,
};
use super::paragraph::{ASCENT, DOT_DEPTH, DOT_DIAMETER};

/// The centre of the ideographic em box above the baseline, in ems (its top is
/// [`ASCENT`] above, its bottom 0.12 em below): the line's axis.
const CENTRE: f32 = ASCENT - 0.5;

/// The options of the lying page on which a vertical document is laid out: width and
/// height swapped, and each margin turned with the page (the lying top is the right
/// edge, its right the bottom, its bottom the left edge, its left the top).
pub fn lying_options(opts: &TypesetOptions) -> TypesetOptions {
    let [top, right, bottom, left] = opts.margins;
    TypesetOptions {
        page_width: opts.page_height,
        page_height: opts.page_width,
        margins: [right, bottom, left, top],
        ..opts.clone()
    }
}

/// Turns a document laid out on the lying page (of `opts`' upright size) upright.
pub fn stand_up(mut doc: Document, opts: &TypesetOptions) -> Document {
    let width = opts.page_width;
    for page in &mut doc.pages {
        let items = std::mem::take(&mut page.items);
        *page = Page {
            width,
            height: opts.page_height,
            label: page.label.take(),
            items: items
                .into_iter()
                .flat_map(|item| stand_item(item, width))
                .collect(),
        };
    }
    for node in &mut doc.outline {
        top_of_page(node);
    }
    doc.info.vertical = true;
    doc
}

/// A bookmark opens at the top of its page: on an upright page the lying y of a head is
/// a distance from the right edge, not from the top.
fn top_of_page(node: &mut super::frame::OutlineNode) {
    node.y = 0.0;
    node.children.iter_mut().for_each(top_of_page);
}

/// Lying (x, y) → upright.
fn turn(x: f32, y: f32, width: f32) -> (f32, f32) {
    (width - y, x)
}

fn stand_item(item: Item, width: f32) -> Vec<Item> {
    match item {
        Item::Text(run) => stand_line(&run, width)
            .into_iter()
            .map(Item::Text)
            .collect(),
        Item::Rule(r) => {
            let (x0, y0) = turn(r.x0, r.y0, width);
            let (x1, y1) = turn(r.x1, r.y1, width);
            vec![Item::Rule(Rule {
                x0,
                y0,
                x1,
                y1,
                width: r.width,
            })]
        }
        Item::Dots(dots) => vec![Item::Dots(
            dots.iter().map(|d| stand_dot(d, width)).collect(),
        )],
        Item::Image(img) => vec![Item::Image(stand_image(img, width))],
    }
}

/// clreq §3.3: in vertical text emphasis dots stand to the right of the characters —
/// the dot under a lying line is mirrored across the line's axis.
fn stand_dot(d: &Dot, width: f32) -> Dot {
    let size = d.diameter / DOT_DIAMETER;
    let baseline = d.y - DOT_DEPTH * size;
    let axis = baseline - CENTRE * size;
    let (x, y) = turn(d.x, 2.0 * axis - d.y, width);
    Dot {
        x,
        y,
        diameter: d.diameter,
    }
}

/// A picture keeps its proportions: it is centred in its turned box at the largest size
/// that fits (the box the layout kept for it has the picture's shape lying down).
fn stand_image(img: ImageItem, width: f32) -> ImageItem {
    let (right, top) = turn(img.x, img.y, width);
    let (box_w, box_h) = (img.height, img.width);
    let scale = if img.width > 0.0 && img.height > 0.0 {
        (box_w / img.width).min(box_h / img.height)
    } else {
        1.0
    };
    let (w, h) = (img.width * scale, img.height * scale);
    ImageItem {
        x: right - box_w + (box_w - w) / 2.0,
        y: top + (box_h - h) / 2.0,
        width: w,
        height: h,
        ..img
    }
}

/// One lying run → the pieces of its vertical line: upright stretches, sideways
/// stretches and combined numbers, in reading order.
pub fn stand_line(run: &TextRun, width: f32) -> Vec<TextRun> {
    let size = run.size;
    // The line's axis: the centre of its em boxes, turned.
    let axis = width - (run.y - CENTRE * size);
    let mut out = Vec::new();
    let mut i = 0;
    while i < run.glyphs.len() {
        let form = run.glyphs[i].orient;
        let mut j = i + 1;
        while j < run.glyphs.len() && run.glyphs[j].orient == form {
            j += 1;
        }
        let glyphs = &run.glyphs[i..j];
        match form {
            Orientation::Upright => out.push(upright(run, glyphs, axis)),
            Orientation::Sideways => out.push(sideways(run, glyphs, width, axis)),
            // Two numbers are never neighbours (a number is a whole token, so
            // something stands between them): a stretch of combined glyphs is one.
            Orientation::Combined => out.push(combined(run, glyphs, axis)),
        }
        i = j;
    }
    out
}

/// The text of `glyphs` (consecutive glyphs of `run`) and their ranges re-based on it.
fn piece_text(run: &TextRun, glyphs: &[PositionedGlyph]) -> (String, usize) {
    let start = glyphs.first().map_or(0, |g| g.range.start);
    let end = glyphs.last().map_or(0, |g| g.range.end);
    (run.text.get(start..end).unwrap_or("").to_string(), start)
}

fn piece(
    run: &TextRun,
    glyphs: &[PositionedGlyph],
    (x, y, size): (f32, f32, f32),
    form: Orientation,
    axis: f32,
    place: impl Fn(&PositionedGlyph) -> (f32, f32),
) -> TextRun {
    let (text, base) = piece_text(run, glyphs);
    TextRun {
        x,
        y,
        size,
        text,
        glyphs: glyphs
            .iter()
            .map(|g| {
                let (gx, advance) = place(g);
                PositionedGlyph {
                    x: gx,
                    advance,
                    range: g.range.start.saturating_sub(base)..g.range.end.saturating_sub(base),
                    ..g.clone()
                }
            })
            .collect(),
        vertical: Some(Vertical { axis, form }),
        ..run.clone()
    }
}

/// Upright glyphs, one below the other: each glyph's x becomes its distance down the
/// line from the first one.
fn upright(run: &TextRun, glyphs: &[PositionedGlyph], axis: f32) -> TextRun {
    let first = glyphs.first().map_or(0.0, |g| g.x);
    let top = run.x + first;
    let baseline = top + ASCENT * run.size;
    piece(
        run,
        glyphs,
        (axis, baseline, run.size),
        Orientation::Upright,
        axis,
        |g| (g.x - first, g.advance),
    )
}

/// Latin and long numbers turn with the line: a horizontal run whose origin is its
/// lying baseline's start, turned.
fn sideways(run: &TextRun, glyphs: &[PositionedGlyph], width: f32, axis: f32) -> TextRun {
    let first = glyphs.first().map_or(0.0, |g| g.x);
    let (x, y) = turn(run.x + first, run.y, width);
    piece(
        run,
        glyphs,
        (x, y, run.size),
        Orientation::Sideways,
        axis,
        |g| (g.x - first, g.advance),
    )
}

/// A short number across the line (縱中橫): its digits side by side at their natural
/// advances, narrowed to fit one em if they are wider, centred in the em the layout
/// gave the number.
fn combined(run: &TextRun, glyphs: &[PositionedGlyph], axis: f32) -> TextRun {
    let size = run.size;
    let natural: f32 = glyphs.iter().map(|g| g.advance).sum();
    let scale = if natural > size { size / natural } else { 1.0 };
    let small = size * scale;
    let top = run.x + glyphs.first().map_or(0.0, |g| g.x);
    let baseline = top + 0.5 * size + CENTRE * small;
    let mut out = piece(
        run,
        glyphs,
        (axis - natural * scale / 2.0, baseline, small),
        Orientation::Combined,
        axis,
        |g| (0.0, g.advance * scale),
    );
    // Side by side: each digit after the advances of those before it.
    let mut pen = 0.0;
    for g in &mut out.glyphs {
        g.x = pen;
        pen += g.advance;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::frame::{ImageFormat, Tag};
    use std::sync::Arc;

    fn opts() -> TypesetOptions {
        TypesetOptions {
            page_width: 400.0,
            page_height: 600.0,
            margins: [10.0, 20.0, 30.0, 40.0],
            vertical: true,
            ..Default::default()
        }
    }

    #[test]
    fn the_lying_page_is_the_page_turned() {
        let l = lying_options(&opts());
        assert_eq!((l.page_width, l.page_height), (600.0, 400.0));
        // Lying top = upright right, lying right = upright bottom, and so on.
        assert_eq!(l.margins, [20.0, 30.0, 40.0, 10.0]);
    }

    #[test]
    fn items_turn_a_quarter_clockwise_and_keep_their_shape() {
        let rule = Item::Rule(Rule {
            x0: 0.0,
            y0: 50.0,
            x1: 100.0,
            y1: 50.0,
            width: 1.0,
        });
        // A 200×100 picture lying: upright it stays 200 wide and 100 high, fitted into
        // its turned 100×200 box.
        let image = Item::Image(ImageItem {
            x: 0.0,
            y: 0.0,
            width: 200.0,
            height: 100.0,
            data: Arc::new(Vec::new()),
            format: ImageFormat::Png,
            src: String::new(),
            tag: Tag::default(),
        });
        let dot = Item::Dots(vec![Dot {
            x: 5.0,
            y: 100.0 + DOT_DEPTH * 10.0,
            diameter: DOT_DIAMETER * 10.0,
        }]);
        let doc = Document {
            pages: vec![Page {
                width: 600.0,
                height: 400.0,
                label: None,
                items: vec![rule, image, dot],
            }],
            ..Default::default()
        };
        let up = stand_up(doc, &opts());
        let page = &up.pages[0];
        assert_eq!((page.width, page.height), (400.0, 600.0));
        assert!(up.info.vertical);
        match &page.items[0] {
            // A line across the lying page runs down the upright one, 50 from the right.
            Item::Rule(r) => assert_eq!((r.x0, r.y0, r.x1, r.y1), (350.0, 0.0, 350.0, 100.0)),
            other => panic!("{other:?}"),
        }
        match &page.items[1] {
            Item::Image(i) => {
                assert_eq!((i.width, i.height), (100.0, 50.0));
                // Centred in the box x 300..400, y 0..200.
                assert_eq!((i.x, i.y), (300.0, 75.0));
            }
            other => panic!("{other:?}"),
        }
        match &page.items[2] {
            // Emphasis dots move to the right of the line's axis (baseline 100, axis
            // 96.2 lying → x 303.8 upright).
            Item::Dots(d) => assert!(d[0].x > 400.0 - (100.0 - CENTRE * 10.0), "{:?}", d[0]),
            other => panic!("{other:?}"),
        }
    }
}
