//! Drawing one typeset page on a krilla surface: text lines, rules, emphasis dots and
//! pictures. When the document is tagged, each line is marked for the structure tree
//! ([`tags`]), with ActualText where a gap between glyphs would read as a space.

use super::{PDF_EM, krilla_glyphs, snap, tags, vertical};
use crate::typeset::frame::{self, ImageFormat, Item, TextRun};
use crate::warning::Warning;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::paint::Stroke;
use krilla::surface::Surface;
use krilla::tagging::{ContentTag, Identifier};
use krilla::text::{Font, KrillaGlyph};

/// What every page of one document is drawn with, and what drawing collects.
pub(super) struct Painter<'a> {
    /// The document's krilla fonts and their units per em, by `frame::FontId`.
    pub fonts: &'a [Font],
    pub units_per_em: &'a [f32],
    /// Marked content and the structure tree; off only to measure what tagging costs.
    pub tagged: bool,
    /// Whether pictures may be smoothed when scaled (PDF/A forbids it).
    pub interpolate: bool,
    pub tagger: tags::Tagger,
    pub warnings: Vec<Warning>,
    /// Buffers reused for every line.
    glyphs: Vec<KrillaGlyph>,
    line_text: String,
}

impl<'a> Painter<'a> {
    pub fn new(fonts: &'a [Font], units_per_em: &'a [f32], warnings: Vec<Warning>) -> Self {
        Painter {
            fonts,
            units_per_em,
            tagged: true,
            interpolate: true,
            tagger: tags::Tagger::default(),
            warnings,
            glyphs: Vec::new(),
            line_text: String::new(),
        }
    }

    /// Draws `page`'s items in order.
    pub fn page(&mut self, surface: &mut Surface, page: &frame::Page) {
        // The marked-content sequence still open: its element and identifier.
        let mut open: Option<(frame::Tag, Identifier)> = None;
        let items = &page.items;
        let mut line: Vec<&TextRun> = Vec::new();
        let mut i = 0;
        while i < items.len() {
            let item = &items[i];
            i += 1;
            match item {
                Item::Text(first) => {
                    // One line of one element: its runs are drawn (and marked) as one.
                    line.clear();
                    line.push(first);
                    while let Some(Item::Text(r)) = items.get(i)
                        && r.tag == first.tag
                        && vertical::same_line(first, r)
                    {
                        line.push(r);
                        i += 1;
                    }
                    self.line(surface, page, &line, &mut open);
                }
                Item::Rule(r) => {
                    self.close(&mut open, surface);
                    self.rule(surface, r);
                }
                Item::Dots(dots) => {
                    self.close(&mut open, surface);
                    self.dots(surface, dots);
                }
                Item::Image(img) => {
                    self.close(&mut open, surface);
                    self.image(surface, img);
                }
            }
        }
        self.close(&mut open, surface);
    }

    /// One line: its runs, marked. Plain lines of one element in a row share one
    /// marked-content sequence (one BDC/EMC and one parent-tree entry per column piece
    /// instead of per line); their ActualText, where a gap would read as a space, is a
    /// Span nested in it over those glyphs only.
    fn line(
        &mut self,
        surface: &mut Surface,
        page: &frame::Page,
        line: &[&TextRun],
        open: &mut Option<(frame::Tag, Identifier)>,
    ) {
        let Some(first) = line.first() else {
            return;
        };
        if !self.tagged {
            for run in line {
                self.run(surface, run, None);
            }
            return;
        }
        let mut line_text = std::mem::take(&mut self.line_text);
        line_text.clear();
        line.iter().for_each(|r| line_text.push_str(&r.text));
        let (own, spans) = match tags::line_mark(line, &line_text, page) {
            tags::LineMark::Own(content) => (Some(content), Vec::new()),
            tags::LineMark::Plain(spans) => (None, spans),
        };
        let joins = own.is_none();
        let id = match *open {
            Some((tag, id)) if joins && tag == first.tag => id,
            _ => {
                self.close(open, surface);
                let id = surface.start_tagged(own.unwrap_or(tags::lines()));
                *open = Some((first.tag, id));
                id
            }
        };
        for (k, run) in line.iter().enumerate() {
            self.run(surface, run, spans.get(k).map(Vec::as_slice));
        }
        self.tagger.add(first.tag, id, &line_text);
        if !joins {
            self.close(open, surface);
        }
        self.line_text = line_text;
    }

    /// One run's glyphs; those whose text starts in `spans` carry their own ActualText.
    fn run(
        &mut self,
        surface: &mut Surface,
        run: &TextRun,
        spans: Option<&[std::ops::Range<usize>]>,
    ) {
        let Some(font) = self.fonts.get(run.font) else {
            return;
        };
        if run.glyphs.is_empty() || run.size <= 0.0 {
            return;
        }
        let upem = self.units_per_em.get(run.font).copied().unwrap_or(PDF_EM);
        let glyphs = &mut self.glyphs;
        if vertical::draw(surface, run, font, upem, glyphs) {
            return;
        }
        let x0 = run.glyphs[0].x;
        krilla_glyphs(&run.glyphs, run.size, upem, glyphs);
        let origin = Point::from_xy(snap(run.x + x0), snap(run.y));
        match spans.filter(|s| !s.is_empty()) {
            Some(spans) => surface.draw_glyphs_with_actual_text(
                origin,
                glyphs,
                font.clone(),
                &run.text,
                run.size,
                spans,
            ),
            None => surface.draw_glyphs(origin, glyphs, font.clone(), &run.text, run.size, false),
        }
    }

    fn rule(&mut self, surface: &mut Surface, r: &frame::Rule) {
        let mut pb = PathBuilder::new();
        pb.move_to(r.x0, r.y0);
        pb.line_to(r.x1, r.y1);
        if let Some(path) = pb.finish() {
            self.start_decoration(surface);
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                width: r.width,
                ..Default::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
            self.end(surface);
        }
    }

    fn dots(&mut self, surface: &mut Surface, dots: &[frame::Dot]) {
        let mut pb = PathBuilder::new();
        for d in dots {
            push_circle(&mut pb, d.x, d.y, d.diameter / 2.0);
        }
        if let Some(path) = pb.finish() {
            self.start_decoration(surface);
            // No fill and no stroke: krilla fills in black, like text.
            surface.set_fill(None);
            surface.set_stroke(None);
            surface.draw_path(&path);
            self.end(surface);
        }
    }

    fn image(&mut self, surface: &mut Surface, img: &frame::ImageItem) {
        let data: krilla::Data = img.data.clone().into();
        let decoded = match img.format {
            ImageFormat::Png => Image::from_png(data, self.interpolate),
            ImageFormat::Jpeg => Image::from_jpeg(data, self.interpolate),
            ImageFormat::Gif => Image::from_gif(data, self.interpolate),
            ImageFormat::Webp => Image::from_webp(data, self.interpolate),
        };
        match (decoded, Size::from_wh(img.width, img.height)) {
            (Ok(image), Some(size)) => {
                let id = self.start(surface, tags::picture(img.tag));
                surface.push_transform(&Transform::from_translate(img.x, img.y));
                surface.draw_image(image, size);
                surface.pop();
                self.end(surface);
                if let Some(id) = id {
                    self.tagger.add(img.tag, id, "");
                }
            }
            (Err(e), _) => self.warnings.push(
                Warning::new(
                    "missing-image",
                    format!(
                        "image {} could not be decoded ({e}); its caption is kept",
                        img.src
                    ),
                )
                .about(img.src.trim()),
            ),
            (_, None) => {}
        }
    }

    /// Opens a marked-content sequence (tagged documents only).
    fn start(&self, surface: &mut Surface, tag: ContentTag) -> Option<Identifier> {
        self.tagged.then(|| surface.start_tagged(tag))
    }

    fn start_decoration(&self, surface: &mut Surface) {
        self.start(surface, tags::decoration());
    }

    fn end(&self, surface: &mut Surface) {
        if self.tagged {
            surface.end_tagged();
        }
    }

    /// Ends the open sequence of lines, if any.
    fn close(&self, open: &mut Option<(frame::Tag, Identifier)>, surface: &mut Surface) {
        if open.take().is_some() {
            surface.end_tagged();
        }
    }
}

/// A circle as four Bézier quarter arcs (the usual 0.5523 handle length), one
/// subpath, so a line's dots fill in one path. Points are snapped to 1/100 pt like
/// text origins: short numbers, and the error is far below a printer dot.
fn push_circle(pb: &mut PathBuilder, cx: f32, cy: f32, r: f32) {
    if !(r > 0.0 && cx.is_finite() && cy.is_finite() && r.is_finite()) {
        return;
    }
    let k = 0.552_284_8 * r;
    let p = |dx: f32, dy: f32| (snap(cx + dx), snap(cy + dy));
    let arcs = [
        [p(r, k), p(k, r), p(0.0, r)],
        [p(-k, r), p(-r, k), p(-r, 0.0)],
        [p(-r, -k), p(-k, -r), p(0.0, -r)],
        [p(k, -r), p(r, -k), p(r, 0.0)],
    ];
    let (x, y) = p(r, 0.0);
    pb.move_to(x, y);
    for [(x1, y1), (x2, y2), (x, y)] in arcs {
        pb.cubic_to(x1, y1, x2, y2, x, y);
    }
    pb.close();
}
