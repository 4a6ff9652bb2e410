//! Content: an article's model → set lines. The head (kicker, headline, subtitle,
//! credits, page label) spans all columns; the body becomes a list of flow elements
//! (lines, spaces, images) that `page.rs` pours through the columns.

use super::flow::{Elem, FlowElem, Geometry, ImageBox, no_lone_lines};
use super::frame::{DocInfo, ImageFormat, Role, Tag};
use super::justify::Align;
use super::paragraph::{LineBox, ParStyle, SpanStyle, set_paragraph};
use super::shape::{BOLD, REGULAR, Shaper};
use super::{KinsokuMode, TypesetOptions};
use crate::model::{Article, Block, Date, Edition, Inline};
use crate::resources::Pictures;
use crate::warning::Warning;
use std::sync::Arc;

/// `2023年12月18日`.
pub fn format_date(d: Date) -> String {
    format!("{}年{}月{}日", d.year, d.month, d.day)
}

/// `星期一`: 1970-01-01 was a Thursday.
pub fn weekday(d: Date) -> &'static str {
    const NAMES: [&str; 7] = [
        "星期日",
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
    ];
    NAMES[(d.days_since_epoch() + 4).rem_euclid(7) as usize]
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn weekday_of_known_dates() {
        assert_eq!(weekday(Date::new(2023, 12, 18).unwrap()), "星期一");
        assert_eq!(weekday(Date::new(1970, 1, 1).unwrap()), "星期四");
        assert_eq!(
            format_date(Date::new(2023, 12, 8).unwrap()),
            "2023年12月8日"
        );
    }
}

/// The page label of an article (`第A1版 要闻`), if it has one.
pub fn page_label(article: &Article) -> Option<String> {
    match (&article.meta.page, &article.meta.page_name) {
        (None, None) => None,
        (page, name) => Some(
            crate::model::PageGroup {
                page: page.clone(),
                page_name: name.clone(),
                articles: Vec::new(),
            }
            .label(),
        ),
    }
}

/// Metadata for a one-article document.
/// (`date`: the content's; the backend supplies a fallback.)
pub fn article_info(article: &Article) -> DocInfo {
    let m = &article.meta;
    let subject = [
        m.publication.clone(),
        m.date.map(format_date),
        page_label(article),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    DocInfo {
        title: article.display_title(),
        authors: article.authors().into_iter().map(str::to_string).collect(),
        subject: (!subject.is_empty()).then_some(subject),
        publication: m.publication.clone(),
        lang: Some(m.lang.clone().unwrap_or_else(|| "zh-CN".to_string())),
        date: m.date,
        article_langs: Vec::new(),
        vertical: false,
    }
}

/// Metadata for an edition document.
pub fn edition_info(edition: &Edition) -> DocInfo {
    let mut authors: Vec<String> = Vec::new();
    for a in edition.articles() {
        for name in a.authors() {
            if !authors.iter().any(|x| x == name) {
                authors.push(name.to_string());
            }
        }
    }
    let lang = edition.articles().find_map(|a| a.meta.lang.clone());
    DocInfo {
        title: edition.title(),
        authors,
        subject: Some(
            edition
                .pages
                .iter()
                .map(|p| p.label())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        publication: edition.publication.clone(),
        lang: Some(lang.unwrap_or_else(|| "zh-CN".to_string())),
        date: edition.date,
        article_langs: Vec::new(),
        vertical: false,
    }
}

/// Head sizes for a measure: bigger headlines on wider pages.
fn headline_size(geo: &Geometry) -> f32 {
    match geo.cols {
        0 | 1 => geo.body_size * 2.0,
        2 => geo.body_size * 2.6,
        _ => geo.body_size * 3.4,
    }
}

fn centered(size: f32, leading: f32, measure: f32) -> ParStyle {
    ParStyle {
        size,
        leading,
        measure,
        first_indent: 0.0,
        align: Align::Center,
        last_align: Align::Center,
    }
}

fn gap(h: f32) -> LineBox {
    LineBox {
        height: h,
        baseline: 0.0,
        runs: Vec::new(),
        dots: Vec::new(),
    }
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The article head, set across the full width. `with_label` adds the page label line
/// (one-article documents; in an edition the page banner says it).
pub fn head(
    shaper: &mut Shaper<'_>,
    geo: &Geometry,
    article: &Article,
    with_label: bool,
    mode: KinsokuMode,
) -> Vec<LineBox> {
    let m = &article.meta;
    let b = geo.body_size;
    let w = geo.full_width;
    let mut out = Vec::new();
    if with_label && let Some(label) = page_label(article) {
        out.extend(tagged(
            set_paragraph(
                shaper,
                &[(label, REGULAR)],
                &centered(b * 0.85, b * 1.4, w),
                mode,
            ),
            Role::PageLabel,
            0,
        ));
    }
    if let Some(k) = nonempty(&m.kicker) {
        out.extend(tagged(
            set_paragraph(
                shaper,
                &[(k.to_string(), REGULAR)],
                &centered(b * 1.25, b * 1.9, w),
                mode,
            ),
            Role::Kicker,
            0,
        ));
    }
    let hs = headline_size(geo);
    if let Some(h) = nonempty(&m.headline) {
        out.extend(tagged(
            set_paragraph(
                shaper,
                &[(h.to_string(), BOLD)],
                &centered(hs, hs * 1.3, w),
                mode,
            ),
            Role::Headline,
            0,
        ));
    }
    if let Some(s) = nonempty(&m.subtitle) {
        out.extend(tagged(
            set_paragraph(
                shaper,
                &[(s.to_string(), REGULAR)],
                &centered(b * 1.4, b * 2.1, w),
                mode,
            ),
            Role::Subtitle,
            0,
        ));
    }
    // Editors are credited at the body's end (see `body`), not in the byline.
    let credits: Vec<String> = m
        .credits
        .iter()
        .filter(|c| !c.is_editorial())
        .map(|c| {
            format!("{} {}", c.role.trim(), c.name.trim())
                .trim()
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect();
    if !credits.is_empty() {
        out.push(gap(b * 0.3));
        out.extend(tagged(
            set_paragraph(
                shaper,
                &[(credits.join("　"), REGULAR)],
                &centered(b, b * 1.6, w),
                mode,
            ),
            Role::Byline,
            0,
        ));
    }
    out
}

/// Marks every run of `lines` as part of one element (`role`, `block`) of its article;
/// the article's number is set where it is placed.
pub fn tagged(mut lines: Vec<LineBox>, role: Role, block: usize) -> Vec<LineBox> {
    let block = u32::try_from(block).unwrap_or(u32::MAX);
    for line in &mut lines {
        for run in &mut line.runs {
            run.tag = Tag {
                role,
                block,
                ..run.tag
            };
        }
    }
    lines
}

/// Body flow elements, and the outline titles of the anchors they carry (anchor `i`
/// is `titles[i]`).
pub struct Body {
    pub elems: Vec<FlowElem>,
    pub titles: Vec<String>,
    /// Set only by [`bodies`]: warnings and missing characters met while setting it.
    pub warnings: Vec<Warning>,
    pub missing: std::collections::BTreeSet<char>,
}

/// Spans of one paragraph: bold for `Strong`, emphasis dots for `Emphasis` (both when
/// nested either way), regular otherwise; links keep their text.
fn spans(inlines: &[Inline], style: SpanStyle, out: &mut Vec<(String, SpanStyle)>) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => match out.last_mut() {
                Some((s, f)) if *f == style => s.push_str(text),
                _ => out.push((text.clone(), style)),
            },
            Inline::Strong { content } => spans(
                content,
                SpanStyle {
                    font: BOLD,
                    ..style
                },
                out,
            ),
            Inline::Emphasis { content } => spans(
                content,
                SpanStyle {
                    emphasis: true,
                    ..style
                },
                out,
            ),
            Inline::Link { content, .. } => spans(content, style, out),
            Inline::LineBreak => out.push(("\n".to_string(), style)),
        }
    }
}

/// Trims the paragraph's outer whitespace (scraped text keeps its indent spaces). A
/// run that is only white space (`<b>…</b> `, a closing line break) goes whole and the
/// trim goes on into the run before it, so no paragraph prints a trailing space.
fn trim_spans(mut v: Vec<(String, SpanStyle)>) -> Vec<(String, SpanStyle)> {
    while let Some((s, _)) = v.first_mut() {
        let t = s.trim_start();
        if !t.is_empty() {
            *s = t.to_string();
            break;
        }
        v.remove(0);
    }
    while let Some((s, _)) = v.last_mut() {
        let t = s.trim_end();
        if !t.is_empty() {
            *s = t.to_string();
            break;
        }
        v.pop();
    }
    v.retain(|(s, _)| !s.is_empty());
    v
}

#[cfg(test)]
mod span_tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text { text: t.into() }
    }

    #[test]
    fn outer_white_space_goes_even_across_runs() {
        // Before: the white last run went, and the bold run before it kept its space.
        let para = vec![
            Inline::LineBreak,
            text(" 　正文 "),
            Inline::Strong {
                content: vec![text("强调 ")],
            },
            text(" "),
            Inline::LineBreak,
        ];
        let mut v = Vec::new();
        spans(&para, REGULAR.into(), &mut v);
        assert_eq!(
            trim_spans(v),
            vec![
                ("正文 ".to_string(), SpanStyle::from(REGULAR)),
                ("强调".to_string(), SpanStyle::from(BOLD)),
            ]
        );
        let mut v = Vec::new();
        spans(&[text(" "), Inline::LineBreak], REGULAR.into(), &mut v);
        assert!(trim_spans(v).is_empty());
    }

    #[test]
    fn emphasis_and_strong_nest_either_way() {
        let inlines = vec![
            text("甲"),
            Inline::Emphasis {
                content: vec![
                    text("乙"),
                    Inline::Strong {
                        content: vec![text("丙")],
                    },
                ],
            },
            Inline::Strong {
                content: vec![Inline::Emphasis {
                    content: vec![text("丁")],
                }],
            },
            Inline::Link {
                content: vec![Inline::Emphasis {
                    content: vec![text("戊")],
                }],
                href: String::new(),
            },
        ];
        let mut v = Vec::new();
        spans(&inlines, REGULAR.into(), &mut v);
        let style = |font, emphasis| SpanStyle { font, emphasis };
        assert_eq!(
            v,
            vec![
                ("甲".to_string(), style(REGULAR, false)),
                ("乙".to_string(), style(REGULAR, true)),
                ("丙丁".to_string(), style(BOLD, true)),
                ("戊".to_string(), style(REGULAR, true)),
            ]
        );
    }
}

pub struct BodyContext<'c> {
    pub mode: KinsokuMode,
    /// The document's pictures, read before typesetting.
    pub pictures: &'c Pictures,
    pub warnings: &'c mut Vec<Warning>,
}

/// The body of `article` as flow elements for columns of `geo.col_width`.
pub fn body(
    shaper: &mut Shaper<'_>,
    geo: &Geometry,
    article: &Article,
    cx: &mut BodyContext<'_>,
) -> Body {
    let mut body = Body {
        elems: Vec::new(),
        titles: Vec::new(),
        warnings: Vec::new(),
        missing: Default::default(),
    };
    let source = article.meta.source.as_deref();
    set_blocks(shaper, geo, &article.body, 0.0, source, cx, &mut body);
    if let Some(note) = article.editorial_note() {
        set_editorial_note(shaper, geo, &note, cx, &mut body);
    }
    body
}

/// 责任编辑 and the like after the body, in small type, as papers print them.
fn set_editorial_note(
    shaper: &mut Shaper<'_>,
    geo: &Geometry,
    note: &str,
    cx: &mut BodyContext<'_>,
    body: &mut Body,
) {
    let b = geo.body_size;
    body.elems.push(FlowElem {
        height: geo.leading * 0.3,
        elem: Elem::Space,
        keep_with_next: true,
        anchor: None,
    });
    let style = ParStyle {
        size: b * 0.85,
        leading: b * 1.35,
        measure: geo.col_width.max(b),
        first_indent: 0.0,
        align: Align::Justify,
        last_align: Align::Left,
    };
    let lines = tagged(
        set_paragraph(shaper, &[(note.to_string(), REGULAR)], &style, cx.mode),
        Role::Paragraph,
        body.elems.len(),
    );
    push_lines(body, lines, 0.0, false, None);
}

/// Sets the bodies of many articles on all cores. A body's lines depend only on the
/// article and the column width, not on where it lands, so this is safe to do ahead
/// of page flow; results come back in article order, so output does not depend on
/// the thread count.
pub fn bodies(
    book: &super::FontBook,
    geo: &Geometry,
    articles: &[&Article],
    opts: &TypesetOptions,
    pictures: &Pictures,
) -> Vec<Body> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    // One shaper per thread, so its cache of shaped characters carries over from
    // article to article; missing characters are still reported per article.
    let one = |shaper: &mut Shaper<'_>, a: &Article| {
        let mut warnings = Vec::new();
        let mut cx = BodyContext {
            mode: opts.kinsoku,
            pictures,
            warnings: &mut warnings,
        };
        let mut b = body(shaper, geo, a, &mut cx);
        b.warnings = warnings;
        b.missing = std::mem::take(&mut shaper.missing);
        b
    };
    if threads == 1 || articles.len() < 2 {
        let mut shaper = Shaper::new(book).vertical(opts.vertical);
        return articles.iter().map(|a| one(&mut shaper, a)).collect();
    }
    let mut slots: Vec<Option<Body>> = (0..articles.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let one = &one;
                scope.spawn(move || {
                    let mut shaper = Shaper::new(book).vertical(opts.vertical);
                    (t..articles.len())
                        .step_by(threads)
                        .map(|i| (i, one(&mut shaper, articles[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A panicking worker would be a bug; its articles are then set here.
            if let Ok(done) = h.join() {
                for (i, b) in done {
                    slots[i] = Some(b);
                }
            }
        }
    });
    let mut shaper = None;
    slots
        .into_iter()
        .zip(articles)
        .map(|(b, a)| {
            b.unwrap_or_else(|| {
                one(
                    shaper.get_or_insert_with(|| Shaper::new(book).vertical(opts.vertical)),
                    a,
                )
            })
        })
        .collect()
}

fn push_lines(body: &mut Body, lines: Vec<LineBox>, x: f32, keep: bool, anchor: Option<usize>) {
    for (i, line) in lines.into_iter().enumerate() {
        body.elems.push(FlowElem {
            height: line.height,
            elem: Elem::Line { line, x },
            keep_with_next: keep,
            anchor: if i == 0 { anchor } else { None },
        });
    }
}

/// Sets `blocks` into `body`, `inset` from both column edges (quotes nest inward).
fn set_blocks(
    shaper: &mut Shaper<'_>,
    geo: &Geometry,
    blocks: &[Block],
    inset: f32,
    source: Option<&str>,
    cx: &mut BodyContext<'_>,
    body: &mut Body,
) {
    let b = geo.body_size;
    let measure = (geo.col_width - 2.0 * inset).max(b);
    let at = Column { inset, measure };
    for block in blocks {
        match block {
            Block::Paragraph { content } => set_body_paragraph(shaper, geo, content, at, cx, body),
            Block::Heading { text, .. } => set_heading(shaper, geo, text, at, cx, body),
            Block::Quote { content } => {
                set_blocks(shaper, geo, content, inset + b, source, cx, body)
            }
            Block::Image { src, alt, caption } => {
                set_image(geo, src, source, at, cx, body);
                set_caption(shaper, geo, caption.as_deref(), alt, at, cx, body);
            }
        }
    }
}

/// Where a block is set in its column: the inset from the column's left edge and the
/// width of its lines.
#[derive(Clone, Copy)]
struct Column {
    inset: f32,
    measure: f32,
}

/// A body paragraph: justified, first line indented two ems, no lone first or last line.
fn set_body_paragraph(
    shaper: &mut Shaper<'_>,
    geo: &Geometry,
    content: &[Inline],
    at: Column,
    cx: &mut BodyContext<'_>,
    body: &mut Body,
) {
    let b = geo.body_size;
    let mut v = Vec::new();
    spans(content, REGULAR.into(), &mut v);
    let v = trim_spans(v);
    let style = ParStyle {
        size: b,
        leading: geo.leading,
        measure: at.measure,
        first_indent: 2.0 * b,
        align: Align::Justify,
        last_align: Align::Left,
    };
    let first = body.elems.len();
    let lines = tagged(
        set_paragraph(shaper, &v, &style, cx.mode),
        Role::Paragraph,
        first,
    );
    push_lines(body, lines, at.inset, false, None);
    no_lone_lines(&mut body.elems[first..]);
}

/// A subheading: bold, centred, space above and below, kept with what follows, and an
/// outline anchor.
fn set_heading(
    shaper: &mut Shaper<'_>,
    geo: &Geometry,
    text: &str,
    at: Column,
    cx: &mut BodyContext<'_>,
    body: &mut Body,
) {
    let b = geo.body_size;
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    body.elems.push(FlowElem {
        height: geo.leading * 0.5,
        elem: Elem::Space,
        keep_with_next: true,
        anchor: None,
    });
    let size = b * 1.1;
    let lines = tagged(
        set_paragraph(
            shaper,
            &[(text.to_string(), BOLD)],
            &centered(size, geo.leading * 1.1, at.measure),
            cx.mode,
        ),
        Role::Heading,
        body.elems.len(),
    );
    body.titles.push(text.to_string());
    push_lines(body, lines, at.inset, true, Some(body.titles.len() - 1));
    body.elems.push(FlowElem {
        height: geo.leading * 0.15,
        elem: Elem::Space,
        keep_with_next: true,
        anchor: None,
    });
}

/// A picture, scaled to the measure and at most 60% of the text area high, kept with
/// its caption; a picture that cannot be read is left out with a warning.
fn set_image(
    geo: &Geometry,
    src: &str,
    source: Option<&str>,
    at: Column,
    cx: &mut BodyContext<'_>,
    body: &mut Body,
) {
    let b = geo.body_size;
    let measure = at.measure;
    match load_image(cx.pictures, source, src) {
        Ok(None) => {}
        Ok(Some((data, format, pw, ph))) => {
            let max_h = (geo.bottom - geo.top) * 0.6;
            let mut width = measure;
            let mut height = width * ph as f32 / pw.max(1) as f32;
            if height > max_h {
                width *= max_h / height;
                height = max_h;
            }
            body.elems.push(FlowElem {
                height: height + b * 0.4,
                elem: Elem::Image(ImageBox {
                    x: at.inset + (measure - width) / 2.0,
                    width,
                    height,
                    data,
                    format,
                    src: src.to_string(),
                    tag: Tag {
                        role: Role::Figure,
                        article: 0,
                        block: u32::try_from(body.elems.len()).unwrap_or(u32::MAX),
                    },
                }),
                keep_with_next: true,
                anchor: None,
            });
        }
        Err(why) => cx.warnings.push(
            Warning::new(
                "missing-image",
                format!("image '{src}' left out ({why}); its caption is kept"),
            )
            .about(src.trim()),
        ),
    }
}

/// A picture's caption (its alt text when it has none) in small type, then space.
fn set_caption(
    shaper: &mut Shaper<'_>,
    geo: &Geometry,
    caption: Option<&str>,
    alt: &str,
    at: Column,
    cx: &mut BodyContext<'_>,
    body: &mut Body,
) {
    let b = geo.body_size;
    let caption = caption
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .or_else(|| {
            let a = alt.trim();
            (!a.is_empty()).then_some(a)
        });
    if let Some(c) = caption {
        let style = ParStyle {
            size: b * 0.85,
            leading: b * 1.35,
            measure: at.measure,
            first_indent: 0.0,
            align: Align::Justify,
            last_align: Align::Left,
        };
        let lines = tagged(
            set_paragraph(shaper, &[(c.to_string(), REGULAR)], &style, cx.mode),
            Role::Caption,
            body.elems.len(),
        );
        push_lines(body, lines, at.inset, false, None);
    }
    body.elems.push(FlowElem {
        height: geo.leading * 0.5,
        elem: Elem::Space,
        keep_with_next: false,
        anchor: None,
    });
}

/// Image bytes, format, and pixel width and height.
pub type LoadedImage = (Arc<Vec<u8>>, ImageFormat, u32, u32);

/// Picture `src` of the article read from `source`, as read and checked before
/// typesetting (see [`crate::resources::read_picture`]: never a remote URL, never a file
/// outside the article's folder). `Ok(None)` for an empty `src` (a caption whose
/// picture the scrape never had).
pub fn load_image(
    pictures: &Pictures,
    source: Option<&str>,
    src: &str,
) -> Result<Option<LoadedImage>, String> {
    let picture = match pictures.get(source, src) {
        Ok(Some(p)) => p,
        Ok(None) => return Ok(None),
        Err(e) => return Err(e.message),
    };
    let format = match picture.format {
        image::ImageFormat::Png => ImageFormat::Png,
        image::ImageFormat::Jpeg => ImageFormat::Jpeg,
        image::ImageFormat::Gif => ImageFormat::Gif,
        image::ImageFormat::WebP => ImageFormat::Webp,
        other => {
            return Err(format!(
                "picture {}: {other:?} cannot be embedded",
                src.trim()
            ));
        }
    };
    Ok(Some((
        picture.bytes.clone(),
        format,
        picture.width,
        picture.height,
    )))
}
