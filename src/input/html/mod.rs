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
//! page labels, and convert the body (`body.rs`) into blocks. Each source of metadata
//! (enpproperty, `<head>`, the lines around the headline, chrome lines, links) gives a
//! `MetaPatch`; `merge_meta` lists them from most to least trusted and merges them. Repair
//! and the merge with sidecar, path and flags happen afterwards in `input::finish`, as
//! for every format. Broken markup is normal
//! input (html5ever repairs it the way browsers do); every walk is iterative.

pub mod account;
pub mod body;
pub mod boiler;
pub mod dom;
pub mod epaper;
pub mod generic;
pub mod head;
pub mod images;
pub mod meta;
pub mod prescan;

use super::chrome::ChromeMeta;
use super::meta::MetaPatch;
use super::{Extraction, Parsed};
use crate::error::{Error, Result};
use crate::model::{Article, Block, Credit, plain_text};
use ego_tree::NodeId;
use head::Zone;
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

/// Reads one HTML page into an article, in phases: refuse what is too big or too deep,
/// find the body, read the head around the headline, gather the credits, merge every
/// source of metadata, and build the article.
pub fn read(path: &Path, text: &str) -> Result<Parsed> {
    check_limits(path, text)?;
    let doc = Html::parse_document(text);
    let ctx = ImageContext::for_page(path);
    let page = meta::read(&doc);
    let enp = epaper::property(text);
    let mut found = locate_body(path, &doc, text, enp.is_some(), &ctx)?;
    if !page.found.is_empty() {
        found
            .reason
            .push_str(&format!("; metadata from {}", page.found.join(", ")));
    }
    let mut head = read_head(&doc, &page, enp.unwrap_or_default(), &mut found, &ctx);
    let mut credits = gather_credits(&mut head, std::mem::take(&mut found.body.credits));
    let mut acct = account::read(&doc);
    if let Some(a) = acct.author.take()
        && !credits.iter().any(|c| c.name == a.name)
    {
        credits.insert(0, a);
    }
    let merged = merge_meta(head, credits, acct, &found.body, &page, text);
    if found.method == "generic" && !has_text(&found.body.blocks) {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            message: format!(
                "no article body: the page's main block ({}) holds only navigation, links and labels — an e-paper layout page (版面) or an index page, not an article",
                found.reason.split(';').next().unwrap_or("")
            ),
        });
    }
    note_dropped(&mut found.reason, &found.body.dropped);
    let Found {
        method,
        reason,
        body,
        ..
    } = found;
    let mut article = Article {
        meta: merged.into_meta(),
        body: body.blocks,
    };
    if article.meta.lang.is_none() && page.declared_lang.is_some() {
        let text = super::all_text(&article);
        article.meta.lang = Some(super::lang::declared_or_guess(
            page.declared_lang.as_deref(),
            &text,
        ));
    }
    Ok(Parsed {
        articles: vec![article],
        extraction: Extraction { method, reason },
        chrome_lines: body.chrome_dropped,
        decisions: Vec::new(),
        warnings: body.warnings,
    })
}

/// Refuses a page too large to hold an article, or nested too deep to parse in time.
fn check_limits(path: &Path, text: &str) -> Result<()> {
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
    Ok(())
}

/// Where the body is and how it was found.
struct Found {
    method: &'static str,
    reason: String,
    /// The body's element, when the body is one (not the text between markers).
    node: Option<NodeId>,
    body: body::Body,
}

/// The body: an e-paper body element, else the text between `<!--enpcontent-->`
/// markers, else the best-scoring block of the page.
fn locate_body(
    path: &Path,
    doc: &Html,
    text: &str,
    has_enp: bool,
    ctx: &ImageContext,
) -> Result<Found> {
    if let Some((el, how)) = epaper::body(doc) {
        let reason = if has_enp {
            format!("enpproperty comment and {how} body found")
        } else {
            format!("{how} body found (no enpproperty comment)")
        };
        return Ok(Found {
            method: "epaper",
            reason,
            node: Some(el.id()),
            body: body::convert(*el, ctx),
        });
    }
    if let Some(marked) = epaper::marked_content(text) {
        let fragment = Html::parse_fragment(marked);
        let reason = if has_enp {
            "enpproperty comment and <!--enpcontent--> markers found".to_string()
        } else {
            "<!--enpcontent--> markers found (no enpproperty comment)".to_string()
        };
        return Ok(Found {
            method: "epaper",
            reason,
            node: None,
            body: body::convert(fragment.tree.root(), ctx),
        });
    }
    let choice = generic::best_block(doc)
        .filter(|c| c.weight.saturating_sub(c.link_weight) >= MIN_ARTICLE_WEIGHT);
    let Some(choice) = choice else {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            message: "no article found: no e-paper body (#ozoom, founder-content, enpcontent markers) and no block with enough text outside links and page furniture".into(),
        });
    };
    let reason = generic::reason(doc, &choice);
    let node = doc
        .tree
        .get(choice.node)
        .expect("the chosen node is in the tree");
    let (method, reason) = if has_enp {
        (
            "epaper",
            format!("enpproperty comment found, no e-paper body; {reason}"),
        )
    } else {
        ("generic", reason)
    };
    Ok(Found {
        method,
        reason,
        node: Some(choice.node),
        body: body::convert(node, ctx),
    })
}

/// What the page says around its headline, each source kept apart for the merge.
struct HeadFound {
    enp: MetaPatch,
    page_patch: MetaPatch,
    /// The headline element's text.
    title_line: MetaPatch,
    hd: head::Head,
    kicker: Option<String>,
    headline: Option<String>,
    subtitle: Option<String>,
    /// A section label set as a kicker (要闻): the page name.
    section: Option<String>,
    lines: Vec<head::Line>,
    chrome: ChromeMeta,
    /// The paper a byline under the headline names (`聯合報 記者林宸誼／即時報導`).
    byline_paper: Option<String>,
}

/// The headline and what surrounds it: the head lines outside the body, the head as
/// the page gives it, then corrected against the top of the body (which loses the lines
/// that repeat the head, and is tidied here).
fn read_head(
    doc: &Html,
    page: &meta::PageMeta,
    enp: MetaPatch,
    found: &mut Found,
    ctx: &ImageContext,
) -> HeadFound {
    let page_patch = page.patch.clone();
    let known: Vec<String> = [
        enp.headline.clone(),
        page.ld_headline.clone(),
        page_patch.headline.clone(),
        page.og_title.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let body_node = found.node;
    let title_el = head::find_title(doc, &known, body_node);
    let title_outside = title_el.filter(|t| body_node.is_none_or(|b| !is_inside(*t, b)));
    let page_lines = head::page(doc, title_outside.map(|t| t.id()), body_node);
    let chrome = head::chrome_meta(&page_lines.lines);
    let mut hd = match title_outside {
        Some(t) => head::head(doc, &page_lines.lines, t.id()),
        None => head::Head::default(),
    };
    let title_line = MetaPatch {
        headline: title_el.map(|t| dom::text_of(*t)).filter(|t| !t.is_empty()),
        ..MetaPatch::default()
    };
    // A kicker that is the page's section label (要闻) is the page name instead.
    let mut section = None;
    if let Some(k) = hd.patch.kicker.take() {
        if head::section_label(&k, page.title.as_deref()) {
            section = Some(k);
        } else {
            hd.patch.kicker = Some(k);
        }
    }
    let given = MetaPatch::merge([
        enp.clone(),
        title_line.clone(),
        page_patch.clone(),
        hd.patch.clone(),
    ]);
    let mut headline = given.headline;
    let (mut kicker, mut subtitle) = (given.kicker, given.subtitle);
    hd.patch.kicker = None;
    hd.patch.subtitle = None;
    let body = &mut found.body;
    if let Some(h) = &headline {
        strip_head(&mut body.blocks, h, &mut kicker, &mut subtitle, &mut hd);
    }
    body::tidy(body);
    if let Some(h) = &headline
        && kicker.is_none()
        && subtitle.is_none()
        && let Some((k, hl, s)) = print_head_in_body(&mut body.blocks, h)
    {
        found
            .reason
            .push_str("; print head (引题/主题/副题) read from the top of the body");
        kicker = k;
        headline = Some(hl);
        subtitle = s;
    }
    body::normalise_headings(&mut found.body.blocks);
    lead_images(&page_lines, ctx, &mut found.body);
    HeadFound {
        enp,
        page_patch,
        title_line,
        hd,
        kicker,
        headline,
        subtitle,
        section,
        byline_paper: page_lines
            .lines
            .iter()
            .filter(|l| l.zone == Zone::Head && !l.linked)
            .find_map(|l| byline_paper(&l.text)),
        lines: page_lines.lines,
        chrome,
    }
}

/// `聯合報 記者林宸誼／即時報導`, `南方日报记者 张三`: a byline that opens with its paper's
/// name (two to six Han characters ending in 报/報) names the publication.
fn byline_paper(line: &str) -> Option<String> {
    static PAPER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:^|[^\p{Han}])(\p{Han}{1,5}[报報])\s*[/／]?\s*(?:特派|特約|特约|實習|实习)?(?:记者|記者)")
            .expect("valid constant regex")
    });
    if line.chars().count() > 60 {
        return None;
    }
    let name = PAPER.captures(line)?.get(1)?.as_str();
    (name != "本报" && name != "本報").then(|| name.to_string())
}

/// Credits: what the page prints (head, body, after the body) first; the author fields
/// of the page's metadata only when no writer is printed, and only names of people.
fn gather_credits(h: &mut HeadFound, in_body: Vec<Credit>) -> Vec<Credit> {
    let hd = &mut h.hd;
    let lines = &h.lines;
    let mut printed = hd.patch.credits.take().unwrap_or_default();
    for l in lines.iter().filter(|l| l.zone != Zone::Title && !l.linked) {
        let near = matches!(l.zone, Zone::Head) || l.zone == Zone::After;
        if near && l.text.chars().count() <= 60 {
            printed.extend(credits_reporter(&l.text));
        }
    }
    for l in lines
        .iter()
        .filter(|l| l.zone == Zone::After && !l.linked)
        .take(8)
        .filter(|l| l.text.chars().count() <= 40)
        .filter(|l| l.text.contains("作者") || l.text.contains("记者") || l.text.contains("記者"))
    {
        head::info_line(&l.text, hd);
    }
    // Editor lines under the text (`责任编辑：陈思佳` below the pager or the share bar).
    for l in lines
        .iter()
        .filter(|l| l.zone == Zone::After && !l.linked)
        .take(8)
    {
        if let Some(c) =
            boiler::furniture(&l.text, 0.0).and_then(|why| body::editor_credits(&l.text, why))
        {
            printed.extend(c);
        }
    }
    printed.extend(hd.patch.credits.take().unwrap_or_default());
    let mut credits: Vec<Credit> = Vec::new();
    for c in printed.into_iter().chain(in_body) {
        let c = Credit {
            role: c.role,
            name: strip_role_prefix(&c.name),
        };
        // One credit per person and part: a dateline and a signature often name the same
        // writer (记者 / 記者 / 作者); the same person may also have taken the photos.
        let writes = |r: &str| ["记者", "記者", "作者"].iter().any(|k| r.contains(k));
        if c.name.is_empty()
            || credits.iter().any(|x| {
                x.name == c.name && (x.role == c.role || writes(&x.role) && writes(&c.role))
            })
        {
            continue;
        }
        if matches!(c.role.as_str(), "来源" | "來源") {
            hd.source = hd.source.take().or(Some(c.name));
            continue;
        }
        credits.push(c);
    }
    let listed = h.enp.credits.take().or(h.page_patch.credits.take());
    if !credits.iter().any(|c| writer_role(&c.role)) {
        for c in listed.unwrap_or_default() {
            if meta::person_like(&c.name) && !credits.contains(&c) {
                credits.push(c);
            }
        }
    }
    credits
}

/// Every source of the head, most trusted first: what was found around the headline,
/// the enpproperty comment, the headline element, the page's `<head>`, the lines around
/// the headline, the chrome lines, the title and 来源, the page's address and links.
fn merge_meta(
    h: HeadFound,
    credits: Vec<Credit>,
    account: account::Account,
    body: &body::Body,
    page: &meta::PageMeta,
    text: &str,
) -> MetaPatch {
    let found = MetaPatch {
        kicker: h.kicker,
        headline: h.headline,
        subtitle: h.subtitle,
        credits: Some(credits),
        ..MetaPatch::default()
    };
    let head_chrome = chrome_patch(&h.chrome);
    let body_chrome = chrome_patch(&body.chrome);
    let mut merged = MetaPatch::merge([
        found,
        // A self-media account is the site (over `og:site_name`, the platform's name).
        account.patch,
        h.enp,
        h.title_line,
        h.page_patch,
        h.hd.patch,
        // The paper's name: the body's chrome lines over the head's, both over the
        // title and the 来源 line. The rest of the head's chrome (site, publisher,
        // date, page) ranks below those, and the body's date and page below it.
        paper(&body_chrome),
        paper(&head_chrome),
        MetaPatch {
            publication: h.byline_paper,
            ..MetaPatch::default()
        },
        page.title.as_deref().map(title_patch).unwrap_or_default(),
        h.hd.source.as_deref().map(source_patch).unwrap_or_default(),
        MetaPatch {
            publication: None,
            ..head_chrome
        },
        // Of the body's chrome only the date and the page: its site and publisher
        // lines are about the site's other pages.
        MetaPatch {
            date: body_chrome.date,
            page: body_chrome.page,
            page_name: body_chrome.page_name,
            ..MetaPatch::default()
        },
        MetaPatch {
            date: page.url.as_deref().and_then(meta::url_date),
            site: account.media_id,
            ..MetaPatch::default()
        },
    ]);
    // A link to the print original gives the date, and the page when of the same day.
    if let Some((d, p)) = meta::epaper_link(text) {
        let same_day = merged.date.is_none_or(|x| x == d);
        merged = merged.or(MetaPatch {
            date: Some(d),
            page: same_day.then_some(p),
            ..MetaPatch::default()
        });
    }
    // Last: the date the page's links share (only looked for when nothing dates the
    // page) and a section label set as a kicker as the page name.
    let link_date = merged
        .date
        .is_none()
        .then(|| common_link_date(text))
        .flatten();
    merged = merged.or(MetaPatch {
        date: link_date,
        page_name: h.section,
        ..MetaPatch::default()
    });
    // A credit that names the site or paper is a source, not a person.
    if let Some(credits) = &mut merged.credits {
        let (site, publication) = (&merged.site, &merged.publication);
        credits.retain(|c| {
            ![site, publication]
                .into_iter()
                .flatten()
                .any(|s| s == &c.name)
        });
    }
    merged
}

/// Adds to `reason` how many lines were dropped as furniture, and why.
fn note_dropped(reason: &mut String, dropped: &[(String, &'static str)]) {
    if dropped.is_empty() {
        return;
    }
    let mut why: Vec<(&str, usize)> = Vec::new();
    for (_, w) in dropped {
        match why.iter_mut().find(|(x, _)| x == w) {
            Some(e) => e.1 += 1,
            None => why.push((w, 1)),
        }
    }
    let list: Vec<String> = why.iter().map(|(w, n)| format!("{w} ×{n}")).collect();
    reason.push_str(&format!(
        "; dropped {} furniture line(s): {}",
        dropped.len(),
        list.join(", ")
    ));
}

/// Converts an HTML fragment (a JSON export's `html` field) into blocks, tidied.
pub fn fragment_body(html: &str, ctx: &ImageContext) -> body::Body {
    let doc = Html::parse_fragment(html);
    let mut b = body::convert(doc.tree.root(), ctx);
    body::tidy(&mut b);
    body::normalise_headings(&mut b.blocks);
    b
}

/// A chrome reading as a patch, its date read leniently (an impossible one is skipped).
fn chrome_patch(c: &ChromeMeta) -> MetaPatch {
    MetaPatch {
        date: c.date.as_deref().and_then(meta::date_in),
        ..c.patch.clone()
    }
}

/// Only the paper's name of a patch.
fn paper(p: &MetaPatch) -> MetaPatch {
    MetaPatch {
        publication: p.publication.clone(),
        ..MetaPatch::default()
    }
}

/// What a `<title>` names: the paper (大众日报数字报, or a last part ending in 报), or the
/// site (a last part ending in 网 or 台).
fn title_patch(title: &str) -> MetaPatch {
    let mut m = ChromeMeta::default();
    super::chrome::classify(title, &mut m);
    let mut out = MetaPatch {
        publication: m.patch.publication,
        ..MetaPatch::default()
    };
    if let Some(tail) = meta::title_suffix(title) {
        // `央视网(cctv.com)`: the site's domain after its name says nothing more.
        let tail = match tail
            .strip_suffix([')', '）'])
            .and_then(|t| t.rsplit_once(['(', '（']))
        {
            Some((name, domain))
                if !name.is_empty() && domain.chars().all(|c| c.is_ascii_graphic()) =>
            {
                name.trim().to_string()
            }
            _ => tail,
        };
        // `中時電子報`, `自由時報電子報`: a paper's website, a site.
        let website = ["电子报", "電子報"].iter().any(|w| tail.ends_with(w));
        if website {
            out.site = Some(tail);
        } else if tail.ends_with(['报', '報']) {
            out.publication = out.publication.or(Some(tail));
        } else if tail.ends_with(['网', '網', '台']) {
            out.site = Some(tail);
        }
    }
    if out.publication.is_none() {
        out.publication = title_paper_prefix(title).or_else(|| title_only_paper(title));
    }
    out
}

/// The paper named before the headline: `南方日报数字报-广州推进城中村改造`,
/// `解放日报电子版 | 标题`. Only a short all-Han first part that reads as a paper's name
/// (ends in 报, or in 数字报/电子版/电子报, which go) counts.
fn title_paper_prefix(title: &str) -> Option<String> {
    let t = title.trim();
    let (head, rest) = [" - ", "--", "_", " | ", "｜", "|", " — ", "－", "-"]
        .iter()
        .filter_map(|sep| t.split_once(sep))
        .min_by_key(|(head, _)| head.len())?;
    if rest.trim().chars().count() < 4 {
        return None;
    }
    paper_name(head)
}

/// A title that is only the paper's name, or the paper's name and its site's
/// (`经济日报`, `澳門日報電子版`, `光明日报 - 光明网`): e-paper systems title every page so.
fn title_only_paper(title: &str) -> Option<String> {
    let t = title.trim();
    let head = match [" - ", "_", " | ", "｜", "|", " — ", "－", "-"]
        .iter()
        .find_map(|sep| t.split_once(sep))
    {
        Some((head, rest)) => {
            let rest = rest.trim();
            let site = (2..=8).contains(&rest.chars().count())
                && rest.chars().all(crate::cjk::is_han)
                && rest.ends_with(['网', '網']);
            if !site {
                return None;
            }
            head
        }
        None => t,
    };
    paper_name(head)
}

/// `X日报`, `X報`, with an edition word after it (数字报, 电子版) dropped: the name of a
/// paper, not a word for a kind of notice (天气预报, 安全通报).
fn paper_name(head: &str) -> Option<String> {
    let head = head.trim();
    let edition = ["数字报", "數字報", "电子版", "電子版", "电子报", "電子報"]
        .iter()
        .find_map(|s| head.strip_suffix(s));
    let name = edition.unwrap_or(head);
    const NOT_PAPERS: &[&str] = &[
        "预报", "預報", "通报", "通報", "简报", "簡報", "公报", "公報", "年报", "年報", "汇报",
        "匯報", "举报", "舉報", "海报", "海報", "喜报", "喜報", "捷报", "捷報", "申报", "申報",
        "情报", "情報", "快报", "快報",
    ];
    let n = name.chars().count();
    let paper = (if edition.is_some() { 2 } else { 3 }..=10).contains(&n)
        && name.chars().all(crate::cjk::is_han)
        && name.ends_with(['报', '報'])
        && (edition.is_some()
            || !NOT_PAPERS.iter().any(|w| {
                name == *w
                    || (n == 4
                        && name.ends_with(w)
                        && !name.ends_with("快报")
                        && !name.ends_with("快報"))
            }));
    paper.then(|| name.to_string())
}

/// A `来源：` value as a site (ending in 网) or a paper: `来源：人民日报2024-05-13 08:49`
/// names the paper, not the time after it; a path or a one-letter value names nothing.
pub(crate) fn source_patch(src: &str) -> MetaPatch {
    if src.contains('/') {
        return MetaPatch::default();
    }
    let src: String = src
        .chars()
        .take_while(|c| !c.is_ascii_digit())
        .collect::<String>()
        .trim()
        .to_string();
    if src.chars().count() < 2 {
        return MetaPatch::default();
    }
    // `人民网－人民日报`: the site that reprinted, then the paper.
    if let Some((site, paper)) = src.split_once(['－', '-', '—', '–', '·'])
        && site.trim().ends_with(['网', '網'])
        && paper.trim().ends_with(['报', '報'])
    {
        return MetaPatch {
            publication: Some(paper.trim().to_string()),
            site: Some(site.trim().to_string()),
            ..MetaPatch::default()
        };
    }
    // An outlet's app or account (央视新闻客户端, 某某微信公众号) is where the story was
    // put out, as a site is, not a paper.
    let app = ["客户端", "客戶端", "APP", "App", "公众号", "公眾號", "微博"]
        .iter()
        .any(|w| src.ends_with(w));
    if src.ends_with('网') || app {
        MetaPatch {
            site: Some(src),
            ..MetaPatch::default()
        }
    } else {
        MetaPatch {
            publication: Some(src),
            ..MetaPatch::default()
        }
    }
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
        // An icon in the info line (a source logo, an `end_news.png` marker) is no picture.
        if caption.is_none() && boiler::decoration(&img.src) {
            continue;
        }
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

/// Roles of people who wrote or photographed the article (not editors, not sources).
fn writer_role(role: &str) -> bool {
    ![
        "编辑", "編輯", "责编", "責編", "美编", "美術", "美术", "校对", "审核", "出品", "来源",
        "來源",
    ]
    .iter()
    .any(|r| role.contains(r))
}

/// `记者王敬照` as a name (an info line `作者： 记者王敬照`) → `王敬照`.
fn strip_role_prefix(name: &str) -> String {
    let n = name.trim();
    for r in ["记者", "記者"] {
        if let Some(rest) = n.strip_prefix(r)
            && (2..=4).contains(&rest.chars().count())
        {
            return rest.to_string();
        }
    }
    n.to_string()
}

fn credits_reporter(line: &str) -> Vec<Credit> {
    super::credits::reporter_in_line(line)
}

/// True when the body holds running text: some paragraph with ten Han characters.
fn has_text(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Paragraph { content } => {
            plain_text(content)
                .chars()
                .filter(|c| super::repair::is_han(*c))
                .count()
                >= 10
        }
        Block::Quote { content } => has_text(content),
        _ => false,
    })
}

/// The edition date most of the page's links share (`/cnt/news/20200809/…` three times
/// or more): an edition page links within its own edition.
fn common_link_date(text: &str) -> Option<crate::model::Date> {
    static HREF_DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"href="[^"]*?/((?:19|20)\d{2})[-/]?(\d{2})[-/]?(\d{2})/"#)
            .expect("valid constant regex")
    });
    let mut counts: Vec<((u16, u8, u8), usize)> = Vec::new();
    for c in HREF_DATE.captures_iter(text) {
        let (Ok(y), Ok(m), Ok(d)) = (c[1].parse(), c[2].parse(), c[3].parse()) else {
            continue;
        };
        match counts.iter_mut().find(|(k, _)| *k == (y, m, d)) {
            Some(e) => e.1 += 1,
            None => counts.push(((y, m, d), 1)),
        }
    }
    let best = counts.iter().max_by_key(|(_, n)| *n)?;
    // The first of equally common dates wins: max_by_key keeps the last, so look again.
    let first = counts.iter().find(|(_, n)| *n == best.1)?;
    if first.1 < 3 {
        return None;
    }
    let (y, m, d) = first.0;
    crate::model::Date::new(y, m, d)
}

/// The print head set as the body's first short lines (a wire story's 引题/主题/副题 as
/// one-line paragraphs): taken out when it restates the page's web title.
fn print_head_in_body(
    blocks: &mut Vec<Block>,
    web_title: &str,
) -> Option<(Option<String>, String, Option<String>)> {
    let start = blocks
        .iter()
        .position(|b| !matches!(b, Block::Image { .. }))?;
    let mut lines = Vec::new();
    for b in &blocks[start..] {
        let t = block_text(b)?;
        let short = t.chars().count() <= 40 && !t.ends_with(['。', '！', '？', '，']);
        if !short || lines.len() == 4 {
            break;
        }
        lines.push(t);
    }
    if lines.len() < 2 || blocks.len() <= start + lines.len() {
        return None;
    }
    let want = squash(web_title);
    if !lines.iter().any(|l| head::related(&want, &squash(l))) {
        return None;
    }
    let got = head::print_head(&lines)?;
    blocks.drain(start..start + lines.len());
    Some(got)
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
    // The line above is the kicker, unless it is a link: a section's (社會新聞), which
    // goes too, as no part of the text.
    if i > 0
        && let Some(t) = block_text(&blocks[i - 1])
        && t.chars().count() <= 60
        && !t.ends_with('。')
    {
        if kicker.is_none() && body::link_share(&blocks[i - 1]) < 0.5 {
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

#[cfg(test)]
mod tests {
    use super::{byline_paper, source_patch, title_only_paper, title_paper_prefix, title_patch};

    #[test]
    fn a_paper_named_before_the_headline_is_the_publication() {
        let cases = [
            ("南方日报数字报-广州推进城中村改造", Some("南方日报")),
            ("解放日报电子版 | 城市更新再提速", Some("解放日报")),
            ("大公報 - 港府推出新一輪措施", Some("大公報")),
            ("明報電子版-港府推出新措施", Some("明報")),
            ("天气预报-明天全市有小雨", None),
            ("喜报-我校学子获全国一等奖", None),
            ("安全通报 - 关于加强管理的通知", None),
            ("今日快报-城区新增公园", Some("今日快报")),
            ("广州推进城中村改造-南方日报", None),
            ("人民日报", None),
        ];
        for (title, want) in cases {
            assert_eq!(title_paper_prefix(title).as_deref(), want, "{title}");
        }
    }

    #[test]
    fn a_byline_names_its_paper() {
        assert_eq!(
            byline_paper("聯合報 記者林宸誼／即時報導").as_deref(),
            Some("聯合報")
        );
        assert_eq!(
            byline_paper("聯合報 / 記者林佳彥／台北即時報導").as_deref(),
            Some("聯合報")
        );
        assert_eq!(
            byline_paper("2020-10-04 15:05聯合報 記者林宸誼／即時報導").as_deref(),
            Some("聯合報")
        );
        assert_eq!(byline_paper("本报记者 张三"), None);
        assert_eq!(byline_paper("记者 张三"), None);
        assert_eq!(byline_paper("据报道记者发现，市场回暖明显。"), None);
    }

    #[test]
    fn sites_from_the_title_and_the_source_line() {
        let t = title_patch("全国铁路旅客发送量创新高_新闻频道_央视网(cctv.com)");
        assert_eq!(t.site.as_deref(), Some("央视网"));
        assert_eq!(t.publication, None);
        let s = source_patch("央视新闻客户端");
        assert_eq!(s.site.as_deref(), Some("央视新闻客户端"));
        assert_eq!(s.publication, None);
        assert_eq!(
            source_patch("四川日报").publication.as_deref(),
            Some("四川日报")
        );
        let s = source_patch("人民网－人民日报");
        assert_eq!(s.publication.as_deref(), Some("人民日报"));
        assert_eq!(s.site.as_deref(), Some("人民网"));
        let t = title_patch("澳門特區政府公布施政報告 - 澳門日報");
        assert_eq!(t.publication.as_deref(), Some("澳門日報"));
        let t = title_patch("北市士林母子住處身亡 - 中時電子報");
        assert_eq!(t.publication, None);
        assert_eq!(t.site.as_deref(), Some("中時電子報"));
    }

    #[test]
    fn a_title_that_is_only_the_paper_names_the_publication() {
        let cases = [
            ("经济日报", Some("经济日报")),
            ("澳門日報電子版", Some("澳門日報")),
            ("光明日报 - 光明网", Some("光明日报")),
            ("天气预报", None),
            ("光明日报 - 让科技创新成果更好惠及百姓", None),
            ("新闻中心", None),
        ];
        for (title, want) in cases {
            assert_eq!(title_only_paper(title).as_deref(), want, "{title}");
        }
    }
}
