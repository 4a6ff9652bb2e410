//! The cover: takes the publication, date and front-page headlines, gives a 1200×1600 PNG
//! drawn with the bundled Noto Serif SC, plus the XHTML page that shows it. Drawing uses
//! only the font bytes and fixed colours, so the same input gives the same pixels.

use super::xhtml::document;
use super::xml::push_escaped;
use crate::model::Date;
use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{DynamicImage, Rgb, RgbImage};

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 1600;
const MARGIN: f32 = 100.0;
const PAPER: [u8; 3] = [250, 247, 240];
const INK: [u8; 3] = [20, 20, 20];
/// The red of a Chinese masthead (报头).
const MASTHEAD: [u8; 3] = [178, 24, 28];
const GREY: [u8; 3] = [90, 90, 90];

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

/// Draws the cover and encodes it as PNG.
pub fn render(text: &CoverText, regular: &[u8], bold: &[u8]) -> Result<Vec<u8>, String> {
    let regular = FontRef::try_from_slice(regular)
        .map_err(|e| format!("cannot read the regular font: {e}"))?;
    let bold =
        FontRef::try_from_slice(bold).map_err(|e| format!("cannot read the bold font: {e}"))?;
    let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, Rgb(PAPER));
    let width = WIDTH as f32 - 2.0 * MARGIN;

    // Masthead: as large as fits on one line.
    let mut size = 160.0;
    while size > 48.0 && line_width(&bold, size, &text.publication) > width {
        size -= 8.0;
    }
    let mut y = 120.0;
    let lines = wrap(&bold, size, &text.publication, width);
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
        let lines = wrap(&bold, size, headline, width);
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
    super::images::encode_png(&DynamicImage::ImageRgb8(img))
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

fn draw_centered(
    img: &mut RgbImage,
    font: &FontRef,
    size: f32,
    s: &str,
    baseline: f32,
    color: [u8; 3],
) {
    let x = (WIDTH as f32 - line_width(font, size, s)) / 2.0;
    draw(img, font, size, s, x.max(0.0), baseline, color);
}

fn draw(
    img: &mut RgbImage,
    font: &FontRef,
    size: f32,
    s: &str,
    x0: f32,
    baseline: f32,
    color: [u8; 3],
) {
    let mut x = x0;
    for c in s.chars() {
        let id = font.glyph_id(c);
        let glyph = id.with_scale_and_position(PxScale::from(size), point(x, baseline));
        x += advance(font, size, c);
        // .notdef (a character the font lacks) draws as an empty box: leave a gap instead.
        if id.0 == 0 {
            continue;
        }
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                let px = b.min.x as i64 + i64::from(gx);
                let py = b.min.y as i64 + i64::from(gy);
                if (0..i64::from(WIDTH)).contains(&px) && (0..i64::from(HEIGHT)).contains(&py) {
                    let p = img.get_pixel_mut(px as u32, py as u32);
                    for k in 0..3 {
                        let a = coverage.clamp(0.0, 1.0);
                        p.0[k] =
                            (f32::from(p.0[k]) * (1.0 - a) + f32::from(color[k]) * a).round() as u8;
                    }
                }
            });
        }
    }
}

fn fill_rect(img: &mut RgbImage, x: f32, y: f32, w: f32, h: f32, color: [u8; 3]) {
    let (x0, y0) = (x.max(0.0) as u32, y.max(0.0) as u32);
    let (x1, y1) = (((x + w) as u32).min(WIDTH), ((y + h) as u32).min(HEIGHT));
    for py in y0..y1 {
        for px in x0..x1 {
            img.put_pixel(px, py, Rgb(color));
        }
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

    #[test]
    fn closing_punctuation_stays_on_the_line_before() {
        let fonts = crate::fonts::FontSet::load(None).unwrap();
        let font = FontRef::try_from_slice(&fonts.regular).unwrap();
        let one = advance(&font, 10.0, '中');
        let lines = wrap(&font, 10.0, "中中中，中", one * 3.0);
        assert_eq!(lines, vec!["中中中，", "中"]);
    }
}
