//! The cover: takes the publication, date and front-page headlines, gives a 1200×1600 PNG
//! drawn with the book's bundled faces (Noto Serif SC, or TC for a traditional book), plus
//! the XHTML page that shows it. Drawing uses
//! only the font bytes and fixed colours, so the same input gives the same pixels.

use super::xhtml::document;
use super::xml::push_escaped;
use crate::fonts::cache::{Bitmap, BitmapCache, FaceKey};
use crate::model::Date;
use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 1600;
const MARGIN: f32 = 100.0;
const PAPER: [u8; 3] = [250, 247, 240];
/// The inks, by index: body black, the red of a Chinese masthead (报头), grey.
const INKS: [[u8; 3]; 3] = [[20, 20, 20], [178, 24, 28], [90, 90, 90]];
const INK: usize = 0;
const MASTHEAD: usize = 1;
const GREY: usize = 2;
/// Coverage levels per ink: 64 steps of anti-aliasing are indistinguishable from 256 on
/// a cover, and keep the palette (1 + 3 × 64 colours) within one byte per pixel.
const LEVELS: u8 = 64;

/// The cover's pixels as palette indices: 0 is paper, `1 + ink × 64 + level` is an ink at
/// coverage `(level + 1) / 64`. A third of the bytes of RGB, so drawing, filtering and
/// compressing take a third of the time (the cover was most of a small book's cost).
struct Canvas {
    pixels: Vec<u8>,
}

impl Canvas {
    fn new() -> Canvas {
        Canvas {
            pixels: vec![0; (WIDTH * HEIGHT) as usize],
        }
    }

    /// Blends `ink` at coverage `level` (1..=LEVELS) into the pixel: the stronger
    /// coverage wins where glyph edges overlap.
    fn blend_level(&mut self, x: u32, y: u32, ink: usize, level: u8) {
        let level = level.min(LEVELS);
        let index = 1 + ink as u8 * LEVELS + (level - 1);
        let p = &mut self.pixels[(y * WIDTH + x) as usize];
        let current = if *p == 0 { 0 } else { (*p - 1) % LEVELS + 1 };
        if level >= current {
            *p = index;
        }
    }

    fn fill(&mut self, x0: u32, y0: u32, x1: u32, y1: u32, ink: usize) {
        let index = 1 + ink as u8 * LEVELS + (LEVELS - 1);
        for y in y0..y1 {
            let row = (y * WIDTH) as usize;
            self.pixels[row + x0 as usize..row + x1 as usize].fill(index);
        }
    }

    /// The palette: paper, then each ink blended over paper at each level.
    fn palette() -> Vec<u8> {
        let mut palette = PAPER.to_vec();
        for ink in INKS {
            for level in 1..=u32::from(LEVELS) {
                for (paper, ink) in PAPER.iter().zip(ink) {
                    let a = level * 255 / u32::from(LEVELS);
                    let mixed = u32::from(*paper) * (255 - a) + u32::from(ink) * a;
                    palette.push(((mixed + 127) / 255) as u8);
                }
            }
        }
        palette
    }

    /// An indexed-colour PNG: rows filtered with Sub (long runs of one index become
    /// zeros) and deflated with fdeflate's fast mode.
    fn encode(&self) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        enc.set_color(png::ColorType::Indexed);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_palette(Canvas::palette());
        enc.set_compression(png::Compression::Fast);
        enc.set_filter(png::Filter::Sub);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&self.pixels)
            .map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
        Ok(out)
    }
}

/// What the cover says.
#[derive(Debug, Clone, Default)]
pub struct CoverText {
    pub publication: String,
    pub date: Option<Date>,
    /// The front page's label, e.g. `第A1版 要闻`.
    pub page: Option<String>,
    pub headlines: Vec<String>,
    /// A closing line at the foot, e.g. `本期 3 个版面 · 5 篇文章`.
    pub footer: Option<String>,
}

/// The two faces a cover is drawn in, each with its key in the run's glyph cache.
pub struct Faces<'a> {
    pub regular: (&'a [u8], FaceKey),
    pub bold: (&'a [u8], FaceKey),
    pub glyphs: &'a BitmapCache,
}

/// Draws the cover and encodes it as PNG.
pub fn render(text: &CoverText, faces: Faces) -> Result<Vec<u8>, String> {
    let regular = Face::new(faces.regular, faces.glyphs, "regular")?;
    let bold = Face::new(faces.bold, faces.glyphs, "bold")?;
    let mut img = Canvas::new();
    let width = WIDTH as f32 - 2.0 * MARGIN;

    // Masthead: as large as fits on one line.
    let mut size = 160.0;
    while size > 48.0 && line_width(&bold.font, size, &text.publication) > width {
        size -= 8.0;
    }
    let mut y = 120.0;
    let lines = wrap(&bold.font, size, &text.publication, width);
    for line in lines.iter().take(2) {
        y += size * 1.15;
        draw_centered(&mut img, &bold, size, line, y, MASTHEAD);
    }
    y += size * 0.4;
    fill_rect(&mut img, MARGIN, y, width, 8.0, INK);
    fill_rect(&mut img, MARGIN, y + 16.0, width, 2.0, INK);
    y += 90.0;

    let mut dateline = text.date.map(long_date).unwrap_or_default();
    if let Some(p) = &text.page {
        if !dateline.is_empty() {
            dateline.push('　');
        }
        dateline.push_str(p);
    }
    if !dateline.is_empty() {
        draw_centered(&mut img, &regular, 44.0, &dateline, y, GREY);
        y += 50.0;
    }
    fill_rect(&mut img, MARGIN, y, width, 2.0, INK);
    y += 40.0;

    // Front-page headlines, as many as fit.
    let size = 64.0;
    let bottom = HEIGHT as f32 - MARGIN - 60.0;
    for headline in &text.headlines {
        let lines = wrap(&bold.font, size, headline, width);
        let needed = lines.len() as f32 * size * 1.35 + 40.0;
        if y + needed > bottom {
            break;
        }
        for line in &lines {
            y += size * 1.35;
            draw(&mut img, &bold, size, line, MARGIN, y, INK);
        }
        y += 36.0;
        fill_rect(&mut img, MARGIN, y, width, 1.0, GREY);
    }
    if let Some(f) = &text.footer {
        draw_centered(&mut img, &regular, 36.0, f, HEIGHT as f32 - MARGIN, GREY);
    }
    img.encode()
}

/// The cover page, first in the spine; `img_href` is relative to the package folder.
pub fn xhtml(lang: &str, title: &str, img_href: &str) -> String {
    let mut body = String::from("<section epub:type=\"cover\" class=\"cover\">\n<img src=\"");
    push_escaped(&mut body, img_href);
    body.push_str("\" alt=\"");
    push_escaped(&mut body, title);
    body.push_str("\"/>\n</section>\n");
    document(lang, title, Some("style.css"), "cover", &body)
}

/// `2023年12月18日 星期一`.
pub fn long_date(d: Date) -> String {
    // 1970-01-01 was a Thursday.
    let weekday =
        ["四", "五", "六", "日", "一", "二", "三"][d.days_since_epoch().rem_euclid(7) as usize];
    format!("{}年{}月{}日 星期{weekday}", d.year, d.month, d.day)
}

fn advance(font: &FontRef, size: f32, c: char) -> f32 {
    font.as_scaled(PxScale::from(size))
        .h_advance(font.glyph_id(c))
}

fn line_width(font: &FontRef, size: f32, s: &str) -> f32 {
    s.chars().map(|c| advance(font, size, c)).sum()
}

/// Closing punctuation never starts a line (GB/T 15834 / clreq 3.1.7 禁则): it stays on
/// the line before, even if that line runs a little long.
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』】〕〉”’…—·,.;:?!)".contains(c)
}

/// Breaks `s` into lines no wider than `width` (CJK text may break between any two
/// characters; Latin words are not kept together, which the cover can afford).
fn wrap(font: &FontRef, size: f32, s: &str, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut w = 0.0;
    for c in s.chars().filter(|c| !c.is_control()) {
        let a = advance(font, size, c);
        if w + a > width && !line.is_empty() && !no_line_start(c) {
            lines.push(std::mem::take(&mut line));
            w = 0.0;
        }
        line.push(c);
        w += a;
    }
    if !line.trim().is_empty() {
        lines.push(line);
    }
    lines
}

/// A font, its key in the glyph cache, and the cache.
struct Face<'a> {
    font: FontRef<'a>,
    key: FaceKey,
    glyphs: &'a BitmapCache,
}

impl<'a> Face<'a> {
    fn new(
        (bytes, key): (&'a [u8], FaceKey),
        glyphs: &'a BitmapCache,
        name: &str,
    ) -> Result<Face<'a>, String> {
        let font = FontRef::try_from_slice(bytes)
            .map_err(|e| format!("cannot read the {name} font: {e}"))?;
        Ok(Face { font, key, glyphs })
    }
}

fn draw_centered(img: &mut Canvas, face: &Face, size: f32, s: &str, baseline: f32, ink: usize) {
    let x = (WIDTH as f32 - line_width(&face.font, size, s)) / 2.0;
    draw(img, face, size, s, x.max(0.0), baseline, ink);
}

fn draw(img: &mut Canvas, face: &Face, size: f32, s: &str, x0: f32, baseline: f32, ink: usize) {
    let font = &face.font;
    let mut x = x0;
    for c in s.chars() {
        let id = font.glyph_id(c);
        let at = (x, baseline);
        x += advance(font, size, c);
        // .notdef (a character the font lacks) draws as an empty box: leave a gap instead.
        if id.0 == 0 {
            continue;
        }
        let Some((bitmap, dx, dy)) = glyph_bitmap(face, id, size, at) else {
            continue;
        };
        for gy in 0..bitmap.height {
            for gx in 0..bitmap.width {
                let level = bitmap.levels[(gy * bitmap.width + gx) as usize];
                let px = dx + bitmap.left + i64::from(gx);
                let py = dy + bitmap.top + i64::from(gy);
                if level > 0
                    && (0..i64::from(WIDTH)).contains(&px)
                    && (0..i64::from(HEIGHT)).contains(&py)
                {
                    img.blend_level(px as u32, py as u32, ink, level);
                }
            }
        }
    }
}

/// Glyph images are cached for the run ([`BitmapCache`], owned by its `Env`) by (face,
/// glyph, size, position to a quarter pixel). Positions are always rounded to a quarter
/// pixel, cached or not, so the pixels never depend on what was drawn before.
fn glyph_bitmap(
    face: &Face,
    id: ab_glyph::GlyphId,
    size: f32,
    (x, y): (f32, f32),
) -> Option<(std::sync::Arc<Bitmap>, i64, i64)> {
    let (x_px, y_px) = (x.floor(), y.floor());
    let (fx, fy) = (
        ((x - x_px) * 4.0).round() as u8,
        ((y - y_px) * 4.0).round() as u8,
    );
    let key = (face.key, id.0, size.to_bits(), fx, fy);
    let make = || {
        let glyph = id.with_scale_and_position(
            PxScale::from(size),
            point(f32::from(fx) / 4.0, f32::from(fy) / 4.0),
        );
        let outline = face.font.outline_glyph(glyph)?;
        let b = outline.px_bounds();
        let (width, height) = (b.width() as u32, b.height() as u32);
        let mut levels = vec![0u8; (width * height) as usize];
        outline.draw(|gx, gy, coverage| {
            if gx < width && gy < height {
                levels[(gy * width + gx) as usize] =
                    (coverage.clamp(0.0, 1.0) * f32::from(LEVELS)).round() as u8;
            }
        });
        Some(Bitmap {
            left: b.min.x as i64,
            top: b.min.y as i64,
            width,
            height,
            levels,
        })
    };
    let bitmap = face
        .glyphs
        .get_or_make(key, make, |b| b.levels.len() + 64)?;
    // Cached relative to the glyph's whole-pixel origin; placed here.
    Some((bitmap, x_px as i64, y_px as i64))
}

fn fill_rect(img: &mut Canvas, x: f32, y: f32, w: f32, h: f32, ink: usize) {
    let (x0, y0) = (x.max(0.0) as u32, y.max(0.0) as u32);
    let (x1, y1) = (((x + w) as u32).min(WIDTH), ((y + h) as u32).min(HEIGHT));
    if x0 < x1 {
        img.fill(x0, y0, x1, y1, ink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_date_names_the_weekday() {
        assert_eq!(
            long_date(Date::new(2023, 12, 18).unwrap()),
            "2023年12月18日 星期一"
        );
        assert_eq!(
            long_date(Date::new(1970, 1, 1).unwrap()),
            "1970年1月1日 星期四"
        );
    }

    use crate::fonts::{FontSet, Glyphs, HeadlineFace};

    /// Draws `text` in the built-in faces of `glyphs` with `cache`.
    fn draw_in(glyphs: Glyphs, text: &CoverText, cache: &BitmapCache) -> Vec<u8> {
        let set = FontSet::built_in_for(glyphs, HeadlineFace::Serif);
        render(
            text,
            Faces {
                regular: (&set.regular, FaceKey::Regular(glyphs)),
                bold: (&set.bold, FaceKey::Bold(glyphs, HeadlineFace::Serif)),
                glyphs: cache,
            },
        )
        .unwrap()
    }

    #[test]
    fn one_cache_keeps_simplified_and_traditional_glyphs_apart() {
        // 說, 這, 骨 and 述 are in both faces' subsets but drawn differently in Taiwan and
        // mainland type.
        let text = CoverText {
            publication: "聯合報".into(),
            date: Date::new(2024, 5, 20),
            page: Some("A1".into()),
            headlines: vec!["這是說明：骨幹論述".into()],
            footer: Some("本期 1 篇".into()),
        };
        let shared = BitmapCache::default();
        let sc = draw_in(Glyphs::Simplified, &text, &shared);
        let tc = draw_in(Glyphs::Traditional, &text, &shared);
        assert_ne!(sc, tc, "the TC cover must not reuse the SC glyphs");
        // Each equals a cover drawn with an empty cache, and a second drawing.
        assert_eq!(
            tc,
            draw_in(Glyphs::Traditional, &text, &BitmapCache::default())
        );
        assert_eq!(
            sc,
            draw_in(Glyphs::Simplified, &text, &BitmapCache::default())
        );
        assert_eq!(tc, draw_in(Glyphs::Traditional, &text, &shared));
    }

    #[test]
    fn closing_punctuation_stays_on_the_line_before() {
        let fonts = crate::fonts::FontSet::load(None).unwrap();
        let font = FontRef::try_from_slice(&fonts.regular).unwrap();
        let one = advance(&font, 10.0, '中');
        let lines = wrap(&font, 10.0, "中中中，中", one * 3.0);
        assert_eq!(lines, vec!["中中中，", "中"]);
    }
}
