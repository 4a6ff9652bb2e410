//! Drawing the pieces of vertical lines (`frame::Vertical`, made by
//! `typeset::vertical`): upright glyphs one below the other, sideways runs turned a
//! quarter turn clockwise. Combined numbers (縱中橫) are ordinary horizontal runs.

use super::{krilla_glyphs, snap};
use crate::typeset::frame::{Orientation, TextRun};
use krilla::geom::{Point, Transform};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

/// Whether `b` continues the line `a` starts: one baseline in horizontal text, one
/// axis in vertical text. A line's runs are marked (and copied) as one piece.
pub(super) fn same_line(a: &TextRun, b: &TextRun) -> bool {
    match (&a.vertical, &b.vertical) {
        (None, None) => a.y == b.y,
        (Some(va), Some(vb)) => va.axis == vb.axis,
        _ => false,
    }
}

/// Draws `run` if it is an upright or sideways piece of a vertical line (true); any
/// other run is left to the horizontal drawing (false).
pub(super) fn draw(
    surface: &mut Surface<'_>,
    run: &TextRun,
    font: &Font,
    upem: f32,
    out: &mut Vec<KrillaGlyph>,
) -> bool {
    let Some(v) = run.vertical else {
        return false;
    };
    match v.form {
        Orientation::Combined => false,
        Orientation::Upright => {
            upright_glyphs(run, out);
            let x0 = run.x - run.glyphs.first().map_or(0.0, |g| g.advance) / 2.0;
            surface.draw_glyphs(
                Point::from_xy(snap(x0), snap(run.y)),
                out,
                font.clone(),
                &run.text,
                run.size,
                false,
            );
            true
        }
        Orientation::Sideways => {
            // (x, y) → (run.x − y, run.y + x): the run's baseline runs down the page,
            // the tops of its letters face right.
            surface.push_transform(&Transform::from_row(0.0, 1.0, -1.0, 0.0, run.x, run.y));
            let x0 = run.glyphs.first().map_or(0.0, |g| g.x);
            krilla_glyphs(&run.glyphs, run.size, upem, out);
            surface.draw_glyphs(
                Point::from_xy(snap(x0), 0.0),
                out,
                font.clone(),
                &run.text,
                run.size,
                false,
            );
            surface.pop();
            true
        }
    }
}

/// Glyphs one below the other, each centred on the axis (`run.x`): krilla starts a new
/// text position after a glyph with a vertical advance, at the pen moved by both
/// advances, so each advance is the step to the next glyph's origin.
fn upright_glyphs(run: &TextRun, out: &mut Vec<KrillaGlyph>) {
    out.clear();
    let size = run.size;
    if size <= 0.0 {
        return;
    }
    let left = |g: &crate::typeset::frame::PositionedGlyph| run.x - g.advance / 2.0;
    for (i, g) in run.glyphs.iter().enumerate() {
        let (dx, dy) = match run.glyphs.get(i + 1) {
            Some(next) => (left(next) - left(g), next.x - g.x),
            None => (0.0, 0.0),
        };
        out.push(KrillaGlyph::new(
            GlyphId::new(u32::from(g.id)),
            dx / size,
            0.0,
            0.0,
            -dy / size,
            g.range.clone(),
            None,
        ));
    }
}
