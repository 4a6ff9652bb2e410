//! Reader for saved HTML pages. Takes the decoded page, gives one article and how it was
//! found. Two extraction paths:
//!
//! - **epaper**: Founder e-paper pages (`epaper.rs`): the `enpproperty` comment for the
//!   metadata and `#ozoom` / `.founder-content` / `<founder-content>` / the
//!   `<!--enpcontent-->` markers for the body. Chosen whenever any of these is present.
//! - **generic**: every other page: metadata from the head (`meta.rs`: title, OpenGraph,
//!   JSON-LD) and the body by main-content scoring (`generic.rs`).
//!
//! Both then read the lines around the body (`head.rs`) for kicker, subtitle, bylines and
//! page labels, and convert the body (`body.rs`) into blocks. Repair and metadata merge
//! happen afterwards in `input::finish`, as for every format. Broken markup is normal
//! input (html5ever repairs it the way browsers do); every walk is iterative.

pub mod body;
pub mod dom;
pub mod epaper;
pub mod generic;
pub mod head;
pub mod images;
pub mod meta;
pub mod prescan;

use super::{Extraction, Parsed};
use crate::error::{Error, Result};
use crate::model::{Article, Block, Meta, plain_text};
use ego_tree::NodeId;
use images::ImageContext;
use scraper::{ElementRef, Html};
use std::path::Path;

/// Pages larger than this are refused: no real article page comes near it, and the DOM
/// of a page costs several times its size.
pub const MAX_PAGE_BYTES: usize = 32 * 1024 * 1024;
/// Deepest element nesting accepted (real pages stay well under 100).
pub const MAX_DEPTH: usize = 1000;
/// Below this much unlinked text (in Han characters or their equivalent) a generic page
/// holds no article.
const MIN_ARTICLE_WEIGHT: u32 = 10;

/// Reads one HTML page into an article.
pub fn read(path: &Path, text: &str) -> Result<Parsed> {
    if text.len() > MAX_PAGE_BYTES {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            message: format!(
                "the HTML page is {:.1} MB, over the {} MB limit for one page",
                text.len() as f64 / 1_048_576.0,
                MAX_PAGE_BYTES / 1_048_576
            ),
        });
    }
    // html5ever checks element scopes by walking the stack of open elements, so absurd
    // nesting of block and formatting elements makes parsing quadratic: refuse it before
    // parsing. (Deep nesting of other elements is parsed; every walk here is iterative.)
    let depth = prescan::nesting_depth(text, MAX_DEPTH);
    if depth > MAX_DEPTH {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            message: format!(
                "the markup nests block or formatting elements more than {MAX_DEPTH} levels deep; no article page does, refusing it"
            ),
        });
    }
    let doc = Html::parse_document(text);
    let ctx = ImageContext::for_page(path);
    let page = meta::read(&doc);
    let enp = epaper::property(text);

    // ---- where the body is ----------------------------------------------------------
    let fragment;
    let (method, mut reason, body_node, mut body) = if let Some((el, how)) = epaper::body(&doc) {
        let reason = match &enp {
            Some(_) => format!("enpproperty comment and {how} body found"),
            None => format!("{how} body found (no enpproperty comment)"),
        };
        ("epaper", reason, Some(el.id()), body::convert(*el, &ctx))
    } else if let Some(marked) = epaper::marked_content(text) {
        fragment = Html::parse_fragment(marked);
        let reason = match &enp {
            Some(_) => "enpproperty comment and <!--enpcontent--> markers found".to_string(),
            None => "<!--enpcontent--> markers found (no enpproperty comment)".to_string(),
        };
        (
            "epaper",
            reason,
            None,
            body::convert(fragment.tree.root(), &ctx),
        )
    } else {
        let choice = generic::best_block(&doc)
            .filter(|c| c.weight.saturating_sub(c.link_weight) >= MIN_ARTICLE_WEIGHT);
        let Some(choice) = choice else {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                message: "no article found: no e-paper body (#ozoom, founder-content, enpcontent markers) and no block with enough text outside links and page furniture".into(),
            });
        };
        let reason = generic::reason(&doc, &choice);
        let node = doc
            .tree
            .get(choice.node)
            .expect("the chosen node is in the tree");
        let (method, reason) = match &enp {
            Some(_) => (
                "epaper",
                format!("enpproperty comment found, no e-paper body; {reason}"),
            ),
            None => ("generic", reason),
        };
        (method, reason, Some(choice.node), body::convert(node, &ctx))
    };
    if !page.found.is_empty() {
        reason.push_str(&format!("; metadata from {}", page.found.join(", ")));
    }

    // ---- the headline and what surrounds it -----------------------------------------
    let enp = enp.unwrap_or_default();
    let known: Vec<String> = [
        enp.title.clone(),
        page.ld_headline.clone(),
        page.headline(),
        page.og_title.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let title_el = head::find_title(&doc, &known);
    let title_outside = title_el.filter(|t| body_node.is_none_or(|b| !is_inside(*t, b)));
    let page_lines = head::page(&doc, title_outside.map(|t| t.id()), body_node);
    let lines = &page_lines.lines;
    let chrome = head::chrome_meta(lines);
    let mut hd = match title_outside {
        Some(t) => head::head(&doc, lines, t.id()),
        None => head::Head::default(),
    };
    let headline = enp
        .title
        .clone()
        .or_else(|| title_el.map(|t| dom::text_of(*t)).filter(|t| !t.is_empty()))
        .or_else(|| page.headline());
    let mut kicker = enp.introtitle.clone().or(hd.kicker.take());
    let mut subtitle = enp.subtitle.clone().or(hd.subtitle.take());
    if let Some(h) = &headline {
        strip_head(&mut body.blocks, h, &mut kicker, &mut subtitle, &mut hd);
    }
    body::tidy(&mut body);
    body::normalise_headings(&mut body.blocks);
    lead_images(&page_lines, &ctx, &mut body);

    let mut credits = hd.credits;
    for c in body.credits {
        if !credits.contains(&c) {
            credits.push(c);
        }
    }
    if credits.is_empty() {
        credits = match &enp.author {
            Some(a) => meta::authors_from(a, "作者"),
            None => page.authors.clone(),
        };
    }
    let date = enp
        .date
        .as_deref()
        .and_then(meta::date_in)
        .or(page.date)
        .or(hd.date)
        .or_else(|| chrome.date.as_deref().and_then(meta::date_in))
        .or_else(|| body.chrome.date.as_deref().and_then(meta::date_in));
    let (mut publication, mut site) = (chrome.publication.clone(), page.site.clone());
    // The title names the paper (大众日报数字报) or ends in the site's name.
    if let Some(title) = &page.title {
        let mut m = super::chrome::ChromeMeta::default();
        super::chrome::classify(title, &mut m);
        publication = publication.or(m.publication);
        if let Some(tail) = meta::title_suffix(title) {
            if tail.ends_with('报') {
                publication = publication.or(Some(tail));
            } else if site.is_none() && tail.ends_with(['网', '台']) {
                site = Some(tail);
            }
        }
    }
    if let Some(src) = hd.source.filter(|s| !s.contains('/')) {
        if src.ends_with('网') {
            site = site.or(Some(src));
        } else {
            publication = publication.or(Some(src));
        }
    }
    let article = Article {
        meta: Meta {
            kicker,
            headline,
            subtitle,
            credits,
            publication,
            publisher: page.publisher.clone().or(chrome.publisher.clone()),
            site: site.or(chrome.site.clone()),
            date,
            page: chrome.page.clone().or(body.chrome.page.clone()),
            page_name: enp
                .nodename
                .clone()
                .or(chrome.page_name.clone())
                .or(body.chrome.page_name.clone()),
            source: None,
            lang: None,
        },
        body: body.blocks,
    };
    Ok(Parsed {
        articles: vec![article],
        extraction: Extraction { method, reason },
        chrome_lines: body.chrome_dropped,
        decisions: Vec::new(),
        warnings: body.warnings,
    })
}

/// Converts an HTML fragment (a JSON export's `html` field) into blocks, tidied.
pub fn fragment_body(html: &str, ctx: &ImageContext) -> body::Body {
    let doc = Html::parse_fragment(html);
    let mut b = body::convert(doc.tree.root(), ctx);
    body::tidy(&mut b);
    body::normalise_headings(&mut b.blocks);
    b
}

/// Pictures set between the headline and the body go first in the body, each with the
/// caption line that follows it.
fn lead_images(page: &head::Page, ctx: &ImageContext, body: &mut body::Body) {
    let mut lead = Vec::new();
    for img in &page.images {
        let caption = page
            .lines
            .get(img.next_line)
            .filter(|l| l.zone == head::Zone::Head && !l.linked)
            .map(|l| l.text.clone())
            .filter(|t| body::is_caption(t));
        if let Some(c) = &caption {
            body.credits
                .extend(body::photo_credits(c).unwrap_or_default());
        }
        let (src, warning) = images::check(&img.src, ctx);
        body.warnings.extend(warning);
        lead.push(Block::Image {
            src,
            alt: img.alt.clone(),
            caption,
        });
    }
    if !lead.is_empty() {
        body.blocks.splice(0..0, lead);
    }
}

fn is_inside(el: ElementRef<'_>, ancestor: NodeId) -> bool {
    el.ancestors().any(|a| a.id() == ancestor)
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

fn block_text(b: &Block) -> Option<String> {
    match b {
        Block::Heading { text, .. } => Some(text.clone()),
        Block::Paragraph { content } => Some(plain_text(content).trim().to_string()),
        _ => None,
    }
}

/// When the headline is inside the body (an `<article>` with its `<h1>`), takes it out,
/// with the kicker above it, the subtitle below it and the info lines after them.
fn strip_head(
    blocks: &mut Vec<Block>,
    headline: &str,
    kicker: &mut Option<String>,
    subtitle: &mut Option<String>,
    hd: &mut head::Head,
) {
    let want = squash(headline);
    let Some(i) = blocks
        .iter()
        .take(6)
        .position(|b| block_text(b).is_some_and(|t| squash(&t) == want))
    else {
        return;
    };
    blocks.remove(i);
    let mut at = i;
    if i > 0
        && let Some(t) = block_text(&blocks[i - 1])
        && t.chars().count() <= 60
        && !t.ends_with('。')
    {
        if kicker.is_none() {
            *kicker = Some(t);
        }
        blocks.remove(i - 1);
        at -= 1;
    }
    if let Some(b) = blocks.get(at)
        && let Some(t) = block_text(b)
        && t.chars().count() <= 80
        && (matches!(b, Block::Heading { .. }) || t.starts_with('—'))
        && subtitle.is_none()
    {
        *subtitle = Some(t);
        blocks.remove(at);
    }
    for _ in 0..3 {
        let Some(t) = blocks.get(at).and_then(block_text) else {
            break;
        };
        let info = t.chars().count() <= 80
            && (meta::date_in(&t).is_some()
                || ["来源", "作者", "编辑", "记者"]
                    .iter()
                    .any(|k| t.contains(&format!("{k}：")) || t.contains(&format!("{k}:"))));
        if !info {
            break;
        }
        head::info_line(&t, hd);
        blocks.remove(at);
    }
}
