//! Page flow: places heads across the full width and pours body elements through the
//! columns, page after page, into [`frame::Page`]s with running head and foot.
//!
//! Each article's body fills the columns below its head; at the article's end the
//! last columns are balanced (equal heights) so the next article's head can start
//! below them, as on a printed newspaper page. A heading keeps with the lines after
//! it: it never stands alone at a column foot.

use super::content::{self, BodyContext, format_date, weekday};
use super::flow::{EPS, Elem, FlowElem, Geometry, Slot, balance, fill};
use super::frame::{self, DocInfo, Dot, ImageItem, Item, OutlineNode, Page, Role, Rule, TextRun};
use super::justify::Align;
use super::paragraph::{LineBox, ParStyle, set_paragraph};
use super::shape::{BOLD, REGULAR, Shaper};
use super::{KinsokuMode, TypesetOptions};
use crate::model::{Article, Edition, PageGroup};
use crate::resources::Pictures;
use crate::warning::Warning;

/// What is printed around the text on every page of a section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chrome {
    /// Running head: publication · date.
    pub running: String,
    /// Page label in the foot (`第A1版 要闻`).
    pub label: Option<String>,
    /// Short page label for the viewer (`A1`).
    pub pdf_label: Option<String>,
}

fn running_head(publication: Option<&str>, date: Option<crate::model::Date>) -> String {
    [
        publication.map(str::to_string),
        date.map(|d| format!("{} {}", format_date(d), weekday(d))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

impl Chrome {
    pub fn for_article(a: &Article) -> Self {
        Chrome {
            running: running_head(a.meta.publication.as_deref(), a.meta.date),
            label: content::page_label(a),
            pdf_label: None,
        }
    }

    pub fn for_group(e: &Edition, g: &PageGroup) -> Self {
        Chrome {
            running: running_head(e.publication.as_deref(), e.date),
            label: Some(g.label()),
            pdf_label: g.page.clone().or_else(|| g.page_name.clone()),
        }
    }

    pub fn for_edition(e: &Edition) -> Self {
        Chrome {
            running: running_head(e.publication.as_deref(), e.date),
            label: None,
            pdf_label: None,
        }
    }
}

/// The page builder.
pub struct Layout<'a> {
    pub shaper: Shaper<'a>,
    geo: Geometry,
    mode: KinsokuMode,
    pictures: &'a Pictures,
    pages: Vec<Page>,
    y: f32,
    chrome: Chrome,
    page_in_section: u32,
    /// Each page's foot, added when the document is finished so that text extraction
    /// reads it after the page's content.
    feet: Vec<Vec<Item>>,
    /// The next page carries the masthead: no running head above it.
    masthead_next: bool,
    warnings: Vec<Warning>,
    /// Articles placed so far: the next article's number in the structure tags.
    articles: u32,
    /// Each placed article's language, by number.
    langs: Vec<Option<String>>,
}

impl<'a> Layout<'a> {
    pub fn new(
        shaper: Shaper<'a>,
        geo: Geometry,
        opts: &TypesetOptions,
        pictures: &'a Pictures,
    ) -> Self {
        let y = geo.top;
        Layout {
            shaper,
            geo,
            mode: opts.kinsoku,
            pictures,
            pages: Vec::new(),
            y,
            chrome: Chrome::default(),
            page_in_section: 0,
            feet: Vec::new(),
            masthead_next: false,
            warnings: Vec::new(),
            articles: 0,
            langs: Vec::new(),
        }
    }

    /// The next page starts with the masthead, which says what a running head would.
    pub fn masthead_on_next_page(&mut self) {
        self.masthead_next = true;
    }

    pub fn set_chrome(&mut self, chrome: Chrome) {
        self.chrome = chrome;
        self.page_in_section = 0;
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.start_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn one_line(&mut self, text: &str, font: usize, size: f32) -> LineBox {
        let style = ParStyle {
            size,
            leading: size * 1.2,
            measure: f32::INFINITY,
            first_indent: 0.0,
            align: Align::Left,
            last_align: Align::Left,
        };
        set_paragraph(
            &mut self.shaper,
            &[(text.to_string(), font)],
            &style,
            KinsokuMode::None,
        )
        .into_iter()
        .next()
        .unwrap_or_default()
    }

    fn line_width(line: &LineBox) -> f32 {
        line.runs
            .iter()
            .flat_map(|r| r.glyphs.last().map(|g| g.x + g.advance))
            .fold(0.0, f32::max)
    }

    /// Starts a page with running head and foot.
    pub fn start_page(&mut self) {
        self.page_in_section += 1;
        let g = self.geo.clone();
        let number = self.pages.len() + 1;
        let pdf_label = self.chrome.pdf_label.as_ref().map(|l| {
            if self.page_in_section > 1 {
                format!("{l}-{}", self.page_in_section)
            } else {
                l.clone()
            }
        });
        let mut items = Vec::new();
        let small = (g.body_size * 0.8).max(6.0);
        let head_y = g.top - small * 1.6;
        if !self.chrome.running.is_empty() && !std::mem::take(&mut self.masthead_next) {
            let running = self.chrome.running.clone();
            let line = self.one_line(&running, REGULAR, small);
            push_line(&mut items, &line, g.x0, head_y - line.baseline);
        }
        items.push(Item::Rule(Rule {
            x0: g.x0,
            y0: g.top - small * 0.9,
            x1: g.x0 + g.full_width,
            y1: g.top - small * 0.9,
            width: 0.6,
        }));
        let foot_y = g.bottom + small * 2.2;
        let mut foot = Vec::new();
        if let Some(label) = self.chrome.label.clone() {
            let line = self.one_line(&label, REGULAR, small);
            push_line(&mut foot, &line, g.x0, foot_y - line.baseline);
        }
        let folio = self.one_line(&number.to_string(), REGULAR, small);
        let w = Self::line_width(&folio);
        push_line(
            &mut foot,
            &folio,
            g.x0 + g.full_width - w,
            foot_y - folio.baseline,
        );
        self.feet.push(foot);
        self.pages.push(Page {
            width: g.width,
            height: g.height,
            label: pdf_label,
            items,
        });
        self.y = g.top;
    }

    fn place_full(&mut self, lines: &[LineBox]) {
        let x = self.geo.x0;
        for line in lines {
            let y = self.y;
            push_line(&mut self.page().items, line, x, y);
            self.y += line.height;
        }
    }

    fn rule(&mut self, y: f32, width: f32) {
        let (x0, x1) = (self.geo.x0, self.geo.x0 + self.geo.full_width);
        self.page().items.push(Item::Rule(Rule {
            x0,
            y0: y,
            x1,
            y1: y,
            width,
        }));
    }

    fn here(&self) -> (usize, f32) {
        (self.pages.len().saturating_sub(1), self.y)
    }

    /// The edition masthead: publication name, date, double rule.
    pub fn masthead(&mut self, edition: &Edition) {
        let b = self.geo.body_size;
        let name = edition
            .publication
            .clone()
            .unwrap_or_else(|| edition.title());
        let size = (self.geo.full_width / 8.0).min(b * 5.0);
        let style = ParStyle {
            size,
            leading: size * 1.35,
            measure: self.geo.full_width,
            first_indent: 0.0,
            align: Align::Center,
            last_align: Align::Center,
        };
        let lines = set_paragraph(&mut self.shaper, &[(name, BOLD)], &style, self.mode);
        let lines = content::tagged(lines, Role::Masthead, 0);
        self.place_full(&lines);
        if let Some(d) = edition.date {
            let text = format!("{}　{}", format_date(d), weekday(d));
            let style = ParStyle {
                size: b,
                leading: b * 1.8,
                ..style
            };
            let lines = set_paragraph(&mut self.shaper, &[(text, REGULAR)], &style, self.mode);
            let lines = content::tagged(lines, Role::Masthead, 1);
            self.place_full(&lines);
        }
        self.y += b * 0.3;
        let y = self.y;
        self.rule(y, 2.0);
        self.rule(y + 3.0, 0.5);
        self.y += b * 1.2;
    }

    /// A page (版面) of an edition: banner, then its articles. The caller started the
    /// page.
    pub fn group(
        &mut self,
        group: &PageGroup,
        bodies: &mut dyn Iterator<Item = content::Body>,
    ) -> OutlineNode {
        let b = self.geo.body_size;
        let (page, y) = self.here();
        let banner = self.one_line(&group.label(), BOLD, b * 1.3);
        let mut banner = banner;
        banner.height = b * 2.0;
        // Numbered as the article after it, so each page's banner is an element of its own.
        let mut banner = content::tagged(vec![banner], Role::Banner, 0);
        set_article(&mut banner, self.articles);
        self.place_full(&banner);
        let y_rule = self.y - b * 0.2;
        self.rule(y_rule, 1.0);
        self.y += b * 0.8;
        let mut node = OutlineNode {
            title: group.label(),
            page,
            y,
            children: Vec::new(),
        };
        for a in &group.articles {
            let body = bodies.next();
            node.children.push(self.article_with(a, false, body));
        }
        node
    }

    /// One article: head across the columns, body through them. Returns its outline
    /// node (article → sections).
    pub fn article(&mut self, article: &Article, standalone: bool) -> OutlineNode {
        self.article_with(article, standalone, None)
    }

    /// Like [`Layout::article`], with the body already set (see `content::bodies`).
    pub fn article_with(
        &mut self,
        article: &Article,
        standalone: bool,
        body: Option<content::Body>,
    ) -> OutlineNode {
        let g = self.geo.clone();
        if self.pages.is_empty() {
            self.start_page();
        }
        if self.y > g.top + EPS && !standalone {
            // Separate from the article above with a thin rule.
            self.y += g.leading * 0.3;
            if self.y + 4.0 * g.leading < g.bottom {
                let y = self.y;
                self.rule(y, 0.4);
            }
            self.y += g.leading * 0.5;
        }
        let mut head = content::head(&mut self.shaper, &g, article, standalone, self.mode);
        let number = self.articles;
        self.articles += 1;
        self.langs.push(article.meta.lang.clone());
        set_article(&mut head, number);
        let head_h: f32 = head.iter().map(|l| l.height).sum::<f32>() + g.leading;
        if self.y + head_h + 3.0 * g.leading > g.bottom && self.y > g.top + EPS {
            self.start_page();
        }
        let (page, y) = self.here();
        self.place_full(&head);
        if !head.is_empty() {
            self.y += g.leading * 0.6;
        }
        let mut body = match body {
            Some(b) => {
                self.warnings.extend(b.warnings.iter().cloned());
                self.shaper.missing.extend(b.missing.iter().copied());
                b
            }
            None => {
                let mut cx = BodyContext {
                    mode: self.mode,
                    pictures: self.pictures,
                    warnings: &mut self.warnings,
                };
                content::body(&mut self.shaper, &g, article, &mut cx)
            }
        };
        for e in &mut body.elems {
            match &mut e.elem {
                Elem::Line { line, .. } => set_article(std::slice::from_mut(line), number),
                Elem::Image(img) => img.tag.article = number,
                Elem::Space => {}
            }
        }
        let anchors = self.flow(&body.elems, body.titles.len());
        OutlineNode {
            title: article.display_title(),
            page,
            y,
            children: body
                .titles
                .into_iter()
                .zip(anchors)
                .filter_map(|(title, at)| {
                    at.map(|(page, y)| OutlineNode {
                        title,
                        page,
                        y,
                        children: Vec::new(),
                    })
                })
                .collect(),
        }
    }

    /// Pours `elems` through the columns from the current position; returns where each
    /// anchor landed.
    fn flow(&mut self, elems: &[FlowElem], n_anchors: usize) -> Vec<Option<(usize, f32)>> {
        let g = self.geo.clone();
        let mut anchors = vec![None; n_anchors];
        let mut rest = elems;
        while !rest.is_empty() {
            let region = g.bottom - self.y;
            let (n, slots) = fill(rest, g.cols, region.max(0.0));
            if n == rest.len() {
                let h = balance(rest, g.cols, region);
                let (n2, slots2) = fill(rest, g.cols, h);
                let (n, slots) = if n2 == rest.len() {
                    (n2, slots2)
                } else {
                    (n, slots)
                };
                let used = self.put(&rest[..n], &slots, &mut anchors);
                self.y += used;
                rest = &rest[n..];
            } else if n == 0 {
                if self.y > g.top + EPS {
                    self.start_page();
                } else {
                    // Taller than a whole page: place it anyway (clipped) to move on.
                    self.put(&rest[..1], &[Some((0, 0.0))], &mut anchors);
                    rest = &rest[1..];
                    self.start_page();
                }
            } else {
                self.put(&rest[..n], &slots, &mut anchors);
                rest = &rest[n..];
                self.start_page();
            }
        }
        anchors
    }

    /// Draws placed elements at the current region top; returns the height used.
    fn put(
        &mut self,
        elems: &[FlowElem],
        slots: &[Slot],
        anchors: &mut [Option<(usize, f32)>],
    ) -> f32 {
        let g = self.geo.clone();
        let top = self.y;
        let page_index = self.pages.len().saturating_sub(1);
        let mut used = 0.0f32;
        let mut last_col = 0;
        let mut items = Vec::new();
        for (e, slot) in elems.iter().zip(slots) {
            let Some((col, dy)) = *slot else { continue };
            let x = g.col_x(col);
            let y = top + dy;
            last_col = last_col.max(col);
            used = used.max(dy + e.height);
            if let Some(a) = e.anchor
                && let Some(slot) = anchors.get_mut(a)
            {
                *slot = Some((page_index, y));
            }
            match &e.elem {
                Elem::Line { line, x: dx } => push_line(&mut items, line, x + dx, y),
                Elem::Space => {}
                Elem::Image(img) => items.push(Item::Image(ImageItem {
                    x: x + img.x,
                    y,
                    width: img.width,
                    height: img.height,
                    data: img.data.clone(),
                    format: img.format,
                    src: img.src.clone(),
                    tag: img.tag,
                })),
            }
        }
        // Column rules between used columns, as newspapers print them.
        for c in 1..=last_col {
            let x = g.col_x(c) - g.gap / 2.0;
            items.push(Item::Rule(Rule {
                x0: x,
                y0: top,
                x1: x,
                y1: top + used - g.leading * 0.2,
                width: 0.3,
            }));
        }
        self.page().items.extend(items);
        used
    }

    /// The finished document, with a warning for characters no font could show.
    pub fn finish(
        mut self,
        outline: Vec<OutlineNode>,
        mut info: DocInfo,
    ) -> (frame::Document, Vec<Warning>) {
        info.article_langs = std::mem::take(&mut self.langs);
        if self.pages.is_empty() {
            self.start_page();
        }
        for (page, foot) in self.pages.iter_mut().zip(std::mem::take(&mut self.feet)) {
            page.items.extend(foot);
        }
        let mut warnings = self.warnings;
        if !self.shaper.missing.is_empty() {
            let list: String = self.shaper.missing.iter().collect();
            let codes: Vec<String> = self
                .shaper
                .missing
                .iter()
                .map(|c| format!("U+{:04X}", *c as u32))
                .collect();
            warnings.push(Warning::new(
                "missing-glyphs",
                format!(
                    "no font has {} character(s), drawn as boxes: {list} ({}); add a font with --font",
                    codes.len(),
                    codes.join(" ")
                ),
            ));
        }
        (
            frame::Document {
                pages: self.pages,
                outline,
                info,
            },
            warnings,
        )
    }
}

/// Numbers the runs of `lines` as parts of article `number`.
fn set_article(lines: &mut [LineBox], number: u32) {
    for line in lines {
        for run in &mut line.runs {
            run.tag.article = number;
        }
    }
}

/// Copies a line's runs (and emphasis dots) onto a page with its box's top-left at
/// (x, y).
fn push_line(items: &mut Vec<Item>, line: &LineBox, x: f32, y: f32) {
    for run in &line.runs {
        items.push(Item::Text(TextRun {
            x: run.x + x,
            y: y + line.baseline,
            ..run.clone()
        }));
    }
    if !line.dots.is_empty() {
        let dots = line
            .dots
            .iter()
            .map(|d| Dot {
                x: d.x + x,
                y: d.y + y + line.baseline,
                ..*d
            })
            .collect();
        items.push(Item::Dots(dots));
    }
}
