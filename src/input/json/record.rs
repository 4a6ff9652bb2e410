//! One scraper record (a JSON object or a CSV row) as an article.
//!
//! Each source of metadata becomes a [`MetaPatch`] and the patches are merged by the one
//! rule ([`MetaPatch::merge`], most trusted first):
//!
//! 1. the head the record's text sets itself (kicker, headline, subtitle), when the text
//!    names the headline: it is finer than the title field, which joins the lines;
//! 2. the record's keys;
//! 3. the bylines found in the body;
//! 4. the site chrome in the text (its page, page name and date).
//!
//! Inside the record, a field with several keys takes the first key in the alias table
//! ([`FIELDS`], most trusted first) that holds a value, whatever the keys' order in the
//! record; an empty value (`""`, `NA`, `null`) is silence and never clears what another
//! key or source found. A page label (`第A01版：要闻`) gives a page name below the page
//! name keys; a date split in year/month/day keys ranks below a whole date; `source`
//! is the URL below the URL keys, or else the paper below the paper keys; the credit
//! keys (role/name lists) outrank author and editor keys, which add up (writers first).

use super::{body_from, credit_list, scalar};
use crate::error::{Error, Result};
use crate::input::chrome::{self, ChromeMeta};
use crate::input::html::{images::ImageContext, meta::date_in};
use crate::input::meta::MetaPatch;
use crate::model::{Article, Block, Credit, Date};
use crate::warning::Warning;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// A field of a record that broadsheet reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Headline,
    Subtitle,
    Kicker,
    /// `title1`…`title4`: the e-paper's markup kept (`<h3>` kicker, `<h1>` headline,
    /// `<h2>` subtitle).
    Tagged,
    Credits,
    Writers,
    Editors,
    Date,
    Year,
    Month,
    Day,
    Page,
    PageName,
    Publication,
    /// `source`: a URL, or the paper's name.
    Source,
    Site,
    Publisher,
    Lang,
    Url,
    Text,
    Html,
}

/// Each field's keys (lower case), most trusted first.
const FIELDS: &[(Field, &[&str])] = &[
    (Field::Headline, &["title", "headline", "主题", "标题"]),
    (
        Field::Subtitle,
        &["subtitle", "subheadline", "sub_title", "副题", "副标题"],
    ),
    (
        Field::Kicker,
        &[
            "kicker",
            "introtitle",
            "intro_title",
            "pretitle",
            "pre_title",
            "引题",
        ],
    ),
    (Field::Tagged, &["title1", "title2", "title3", "title4"]),
    (Field::Credits, &["credits"]),
    (
        Field::Writers,
        &[
            "author",
            "authors",
            "reporter",
            "reporters",
            "byline",
            "作者",
            "记者",
        ],
    ),
    (Field::Editors, &["editor", "editors", "编辑", "责任编辑"]),
    (
        Field::Date,
        &[
            "date",
            "publish_time",
            "pubdate",
            "pub_date",
            "publish_date",
            "published",
            "published_at",
            "pubtime",
            "pub_time",
            "publish_at",
            "time",
            "日期",
            "发布时间",
            "发布日期",
            "時間",
            "时间",
            "發布時間",
        ],
    ),
    (Field::Year, &["year", "年"]),
    (Field::Month, &["month", "月"]),
    (Field::Day, &["day", "日"]),
    (
        Field::Page,
        &["page", "banmian", "版面", "page_no", "pagenum", "page_num"],
    ),
    (Field::PageName, &["page_name", "nodename", "版名"]),
    (
        Field::Publication,
        &["publication", "paper", "newspaper", "paper_name", "报纸"],
    ),
    (Field::Source, &["source", "来源"]),
    (Field::Site, &["site", "site_name"]),
    (Field::Publisher, &["publisher"]),
    (Field::Lang, &["lang", "language"]),
    (
        Field::Url,
        &["url", "link", "source_url", "href", "链接", "网址"],
    ),
    (
        Field::Text,
        &[
            "content",
            "text",
            "body",
            "正文",
            "paragraphs",
            "内容",
            "內容",
        ],
    ),
    (Field::Html, &["html", "content_html", "body_html"]),
];

/// The record's known keys, each field's in the order of [`FIELDS`].
struct Keys<'a> {
    /// (field, rank among its aliases, key, value), sorted by field and rank.
    found: Vec<(Field, usize, &'a str, &'a Value)>,
}

/// Prefixes crawlers put before every field name (`article_title`, `news_content`).
const KEY_PREFIXES: &[&str] = &[
    "article_", "news_", "post_", "doc_", "item_", "art_", "story_", "entry_", "新闻", "新聞",
    "文章", "稿件",
];

/// A key in the table's spelling: lower case, words joined by `_` (`publishTime`,
/// `Publish-Time` → `publish_time`).
fn canonical_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut prev_lower = false;
    for c in key.trim().chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        match c {
            '-' | ' ' => out.push('_'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The field a key names, and its rank among the field's aliases. A key with a
/// crawler's prefix (`article_title`, `newsContent`) ranks after every plain alias.
fn field_of(key: &str) -> Option<(Field, usize)> {
    let find = |k: &str| {
        FIELDS.iter().find_map(|(field, aliases)| {
            let rank = aliases.iter().position(|a| *a == k)?;
            Some((*field, rank))
        })
    };
    let lower = key.to_lowercase();
    find(&lower).or_else(|| {
        let k = canonical_key(key);
        find(&k).or_else(|| {
            let rest = KEY_PREFIXES.iter().find_map(|p| k.strip_prefix(p))?;
            find(rest).map(|(f, rank)| (f, rank + 100))
        })
    })
}

/// Whether a column or key name holds an article's body text (`content`,
/// `article_content`, `newsText` …): what the CSV reader asks before it guesses.
pub(crate) fn names_body(key: &str) -> bool {
    matches!(field_of(key), Some((Field::Text | Field::Html, _)))
}

/// Whether a column or key name holds the headline.
pub(crate) fn names_headline(key: &str) -> bool {
    matches!(field_of(key), Some((Field::Headline, _)))
}

impl<'a> Keys<'a> {
    /// Sorts the record's keys into fields; the unknown ones go to `ignored`.
    fn of(map: &'a Map<String, Value>, ignored: &mut BTreeSet<String>) -> Keys<'a> {
        let mut found = Vec::new();
        for (key, value) in map {
            match field_of(key) {
                Some((field, rank)) => found.push((field, rank, key.as_str(), value)),
                None => {
                    ignored.insert(key.clone());
                }
            }
        }
        // Stable: two spellings of one alias (`Title`, `title`) keep the map's order.
        found.sort_by_key(|(field, rank, _, _)| (*field, *rank));
        Keys { found }
    }

    /// The field's keys and values, most trusted first.
    fn all(&self, field: Field) -> impl Iterator<Item = (&'a str, &'a Value)> + '_ {
        self.found
            .iter()
            .filter(move |(f, ..)| *f == field)
            .map(|(_, _, k, v)| (*k, *v))
    }

    /// The field's first value that is not empty.
    fn text(&self, field: Field) -> Option<String> {
        self.all(field).find_map(|(_, v)| scalar(v))
    }
}

/// The article one record holds; its metadata merged from the record's keys, the text's
/// head, the body's bylines and the text's chrome in the order the module names.
pub(crate) fn record_article(
    map: &Map<String, Value>,
    origin: &str,
    ctx: &ImageContext,
    ignored: &mut BTreeSet<String>,
) -> Result<(Article, Vec<Warning>)> {
    let map = &swap_misplaced_date(&flatten(map, 0));
    let keys = Keys::of(map, ignored);
    let mut key_warnings = Vec::new();
    let record = record_patch(&keys, origin, &mut key_warnings)?;
    let body = body(&keys, record.headline_key.as_deref(), ctx);
    let mut warnings = body.warnings;
    warnings.extend(key_warnings);
    // The record's credit keys outrank the body's bylines, but a credit of another kind
    // than writing that only the body prints (the editor line "【责任编辑:王萌】" closing
    // the text, a photographer) is kept beside them.
    let body_credits = body.credits.credits.clone().unwrap_or_default();
    let mut meta =
        MetaPatch::merge([body.head, record.patch, body.credits, body.chrome]).into_meta();
    let writer = |role: &str| {
        ["记者", "記者", "作者", "通讯员", "通訊員", "撰文", "撰稿"]
            .iter()
            .any(|w| role.contains(w))
    };
    for c in body_credits {
        if !writer(&c.role) && !meta.credits.iter().any(|m| m.name == c.name) {
            meta.credits.push(c);
        }
    }
    Ok((
        Article {
            meta,
            body: body.blocks,
        },
        warnings,
    ))
}

/// Crawlers nest a record's fields: `{"meta": {"title": …}, "content": {"paragraphs":
/// […]}}`. A container object (a key that names no field) lends its keys to the record
/// when it holds a headline or a text key; a field's key holding an object takes the
/// object's value for the same field, or its `name`/`value`/`text`. Keys of the record
/// itself win over lent ones.
fn flatten(map: &Map<String, Value>, depth: usize) -> Map<String, Value> {
    if depth > 3 || !map.values().any(Value::is_object) {
        return map.clone();
    }
    let mut out = Map::new();
    let mut lent = Vec::new();
    for (key, value) in map {
        let Value::Object(inner) = value else {
            out.insert(key.clone(), value.clone());
            continue;
        };
        let inner = flatten(inner, depth + 1);
        match field_of(key) {
            Some((field, _)) => {
                let same = inner
                    .iter()
                    .find(|(k, _)| field_of(k).is_some_and(|(f, _)| f == field))
                    .or_else(|| {
                        ["name", "value", "text"]
                            .iter()
                            .find_map(|k| inner.get_key_value(*k))
                    });
                if let Some((_, v)) = same {
                    out.insert(key.clone(), v.clone());
                }
            }
            None => {
                let article_like = inner.keys().any(|k| {
                    matches!(
                        field_of(k),
                        Some((Field::Headline | Field::Text | Field::Html, _))
                    )
                });
                if article_like {
                    lent.extend(inner);
                } else {
                    out.insert(key.clone(), Value::Object(inner));
                }
            }
        }
    }
    for (k, v) in lent {
        out.entry(k).or_insert(v);
    }
    out
}

/// What the record's keys say.
struct Record {
    patch: MetaPatch,
    /// The title key's value: what the text's headline is looked for as.
    headline_key: Option<String>,
}

fn record_patch(keys: &Keys<'_>, origin: &str, warnings: &mut Vec<Warning>) -> Result<Record> {
    let headline_key = keys.text(Field::Headline);
    let tagged = tagged_titles(keys);
    let source = keys.text(Field::Source);
    let (source_url, source_paper) = match source {
        Some(s) if s.contains("://") => (Some(s), None),
        other => (None, other),
    };
    let (page, label_name) = keys
        .text(Field::Page)
        .map(|t| page_label(&t))
        .unwrap_or_default();
    let credits = keys
        .all(Field::Credits)
        .map(|(_, v)| credit_list(v, ""))
        .find(|c| !c.is_empty());
    let (outlets, authors): (Vec<Credit>, Vec<Credit>) = keys
        .all(Field::Writers)
        .flat_map(|(_, v)| credit_list(v, "作者"))
        .chain(
            keys.all(Field::Editors)
                .flat_map(|(_, v)| credit_list(v, "编辑")),
        )
        // An author key naming an outlet (a WeChat account's 人民日报, 新华社) names
        // the publication, not a person.
        .partition(|c| crate::input::info_row::outlet(&c.name) && c.name.chars().count() >= 3);
    let patch = MetaPatch {
        kicker: keys.text(Field::Kicker).or(tagged.kicker),
        headline: headline_key.clone().or(tagged.headline),
        subtitle: keys.text(Field::Subtitle).or(tagged.subtitle),
        credits: credits.or((!authors.is_empty()).then_some(authors)),
        publication: keys
            .text(Field::Publication)
            .or(source_paper)
            .or(outlets.into_iter().next().map(|c| c.name)),
        publisher: keys.text(Field::Publisher),
        site: keys.text(Field::Site),
        date: record_date(keys, origin, warnings)?,
        page,
        page_name: keys.text(Field::PageName).or(label_name),
        source: keys.text(Field::Url).or(source_url),
        lang: keys.text(Field::Lang),
    };
    Ok(Record {
        patch,
        headline_key,
    })
}

/// The head from `title1`…`title4` by their markup; the first of each kind counts.
fn tagged_titles(keys: &Keys<'_>) -> MetaPatch {
    let mut out = MetaPatch::default();
    for (_, value) in keys.all(Field::Tagged) {
        let Some(t) = scalar(value) else { continue };
        let clean = strip_tags(&t);
        if clean.is_empty() {
            continue;
        }
        let lower = t.to_ascii_lowercase();
        let slot = if lower.contains("<h3") {
            &mut out.kicker
        } else if lower.contains("<h2") {
            &mut out.subtitle
        } else {
            &mut out.headline
        };
        slot.get_or_insert(clean);
    }
    out
}

/// The record's date: the first date key with a date, else the year/month/day keys.
/// A short value that is no date is an error (every date key is checked); a long one is
/// a misfiled field, reported and skipped.
fn record_date(keys: &Keys<'_>, origin: &str, warnings: &mut Vec<Warning>) -> Result<Option<Date>> {
    let mut date = None;
    for (key, value) in keys.all(Field::Date) {
        if let Some(d) = value.as_i64().and_then(epoch_date) {
            date.get_or_insert(d);
            continue;
        }
        let Some(t) = scalar(value) else { continue };
        match date_in(&t).or_else(|| t.parse().ok().and_then(epoch_date)) {
            Some(d) => {
                date.get_or_insert(d);
            }
            None if t.chars().count() > 40 => warnings.push(Warning::new(
                "not-a-date",
                format!("{origin}: field '{key}' holds no date, ignored"),
            )),
            None => {
                return Err(Error::InvalidDate {
                    value: t,
                    origin: origin.to_string(),
                });
            }
        }
    }
    if date.is_some() {
        return Ok(date);
    }
    let part = |f| keys.text(f).and_then(|t| t.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (part(Field::Year), part(Field::Month), part(Field::Day))
    else {
        return Ok(None);
    };
    Ok(u16::try_from(y)
        .ok()
        .and_then(|y| Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)))
}

/// A Unix timestamp in seconds or milliseconds (crawlers store `publishTime:
/// 1702807200000`) as the calendar date in China Standard Time (UTC+8), where the papers
/// broadsheet reads are published. Numbers outside 2000–2100 are no timestamps.
fn epoch_date(n: i64) -> Option<Date> {
    const MIN_S: i64 = 946_684_800; // 2000-01-01
    const MAX_S: i64 = 4_102_444_800; // 2100-01-01
    let secs = if n > MAX_S { n / 1000 } else { n };
    if !(MIN_S..MAX_S).contains(&secs) {
        return None;
    }
    let days = (secs + 8 * 3600).div_euclid(86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

/// The body and what it says about the head, each as a patch.
#[derive(Default)]
struct Body {
    blocks: Vec<Block>,
    warnings: Vec<Warning>,
    /// The text's own kicker, headline and subtitle (when it names the headline).
    head: MetaPatch,
    /// The bylines the body holds.
    credits: MetaPatch,
    /// The page, page name and date of the text's site chrome.
    chrome: MetaPatch,
}

/// The first text key that gives paragraphs, else the first HTML key that does. The
/// head and chrome of a text that gives none still count.
fn body(keys: &Keys<'_>, title_hint: Option<&str>, ctx: &ImageContext) -> Body {
    let mut out = Body::default();
    let texts = keys.all(Field::Text).map(|(_, v)| (v, false));
    let htmls = keys.all(Field::Html).map(|(_, v)| (v, true));
    for (value, is_html) in texts.chain(htmls) {
        let found = match value {
            // A text key holding markup (`<p>…</p><p>…</p>`, as many crawlers store the
            // page's body) is read as the HTML it is.
            Value::String(s) if !is_html && scalar(value).is_some() && !looks_like_html(s) => {
                text_body(s, title_hint)
            }
            _ => {
                let markup = is_html || matches!(value, Value::String(s) if looks_like_html(s));
                let (blocks, credits, warnings) = body_from(value, markup, ctx);
                Body {
                    blocks,
                    warnings,
                    credits: MetaPatch {
                        credits: Some(credits),
                        ..MetaPatch::default()
                    },
                    ..Body::default()
                }
            }
        };
        out = Body {
            head: out.head.or(found.head),
            chrome: out.chrome.or(found.chrome),
            ..found
        };
        if !out.blocks.is_empty() {
            break;
        }
    }
    out
}

/// Whether a text value is markup rather than a text dump: it opens block tags
/// (`<p>`, `<div class=…>`, `<img src=…>`) and does not keep one paragraph per line
/// (a dump whose lines merely start with `<br>` or `<p>` is read as text, which knows
/// those line tags).
fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    let block_tag = b.iter().enumerate().any(|(i, &c)| {
        if c != b'<' {
            return false;
        }
        let rest = &b[i + 1..];
        ["p", "div", "img", "section", "article"].iter().any(|tag| {
            rest.len() > tag.len()
                && rest[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
                && matches!(rest[tag.len()], b'>' | b' ' | b'/' | b'\t' | b'\n')
        })
    });
    block_tag && (!s.trim().contains('\n') || s.to_ascii_lowercase().contains("</p><p"))
}

/// A body given as text: read as a text dump is (head, chrome, bylines).
fn text_body(s: &str, title_hint: Option<&str>) -> Body {
    let parsed = crate::input::text::parse_with(&unflatten(s), false, title_hint);
    let head = if parsed.meta.headline.is_some() {
        MetaPatch {
            kicker: parsed.meta.kicker,
            headline: parsed.meta.headline,
            subtitle: parsed.meta.subtitle,
            ..MetaPatch::default()
        }
    } else {
        MetaPatch::default()
    };
    let chrome = &parsed.chrome;
    Body {
        blocks: parsed.body,
        warnings: Vec::new(),
        head,
        credits: MetaPatch {
            credits: Some(parsed.meta.credits.unwrap_or_default()),
            ..MetaPatch::default()
        },
        chrome: MetaPatch {
            publication: chrome.patch.publication.clone(),
            page: chrome.patch.page.clone(),
            page_name: chrome.patch.page_name.clone(),
            date: chrome.date.as_deref().and_then(|d| d.parse().ok()),
            ..MetaPatch::default()
        },
    }
}

/// A page label: `A01`, `第A01版`, `01版：要闻` → (page, page name).
fn page_label(s: &str) -> (Option<String>, Option<String>) {
    let mut m = ChromeMeta::default();
    let label = if s.contains('版') {
        s.to_string()
    } else {
        format!("{s}版")
    };
    if chrome::classify(&label, &mut m).is_some() && m.patch.page.is_some() {
        return (m.patch.page, m.patch.page_name);
    }
    (Some(s.to_string()), None)
}

fn swap_misplaced_date(map: &Map<String, Value>) -> Map<String, Value> {
    let mut out = map.clone();
    // The date and text keys of the table (the first of each the record has).
    let is = |k: &str, want: Field| matches!(field_of(k), Some((f, _)) if f == want);
    let date_key = map.keys().find(|k| is(k, Field::Date)).cloned();
    let body_key = map.keys().find(|k| is(k, Field::Text)).cloned();
    let long = |v: Option<&Value>| v.and_then(scalar).is_some_and(|t| t.chars().count() > 40);
    let dated = |v: Option<&Value>| {
        v.and_then(scalar)
            .is_some_and(|t| t.chars().count() <= 40 && date_in(&t).is_some())
    };
    if let (Some(dk), Some(bk)) = (date_key, body_key) {
        let (dv, bv) = (map.get(&dk), map.get(&bk));
        if dated(bv)
            && !dated(dv)
            && let (Some(dv), Some(bv)) = (dv.cloned(), bv.cloned())
        {
            out.insert(dk, bv);
            out.insert(bk, if long(Some(&dv)) { dv } else { Value::Null });
        }
    }
    out
}

/// Markup tags out, line breaks as spaces: `<h1>标题<br>续</h1>` → `标题 续`.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(if c.is_control() { ' ' } else { c }),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A body whose paragraph breaks were flattened into spaces (CSV exports): one long line
/// becomes a line per paragraph, breaking at a space run after a sentence's end or at a
/// run of two or more spaces. Text with line breaks is left alone.
fn unflatten(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if t.contains('\n') || t.chars().count() < 200 {
        return s.to_string();
    }
    let space = |c: char| c == ' ' || c == '\u{A0}' || c == '\u{3000}';
    let mut out = String::with_capacity(t.len() + 64);
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if space(chars[i]) {
            let start = i;
            while i < chars.len() && space(chars[i]) {
                i += 1;
            }
            let run = i - start;
            let before = start.checked_sub(1).map(|j| chars[j]);
            let ends = before.is_some_and(|c| matches!(c, '。' | '！' | '？' | '」' | '”' | '）'));
            let nbsp = chars[start..i].contains(&'\u{A0}');
            if ends || run >= 2 || nbsp {
                out.push('\n');
            } else {
                out.extend(&chars[start..i]);
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Meta;

    fn article_of(json: &str) -> crate::model::Article {
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(json) else {
            panic!("test record is an object: {json}");
        };
        let ctx = ImageContext::for_page(std::path::Path::new("x.json"));
        record_article(&map, "test", &ctx, &mut BTreeSet::new())
            .unwrap()
            .0
    }

    fn meta_of(json: &str) -> Meta {
        article_of(json).meta
    }

    fn quoted(s: &str) -> String {
        serde_json::to_string(s).unwrap()
    }

    const TEXT: &str = "第A01版：要闻\n春耕备耕正当时\n　　农资供应充足，各地有序开展春耕。\n　　技术人员深入田间地头指导。";

    #[test]
    fn an_empty_key_never_clears_what_the_text_found() {
        // `page_name` sorts after `content` and before `text`: both orders.
        for body in ["content", "text"] {
            let json = format!(
                r#"{{"{body}": {}, "page_name": "", "nodename": "NA"}}"#,
                quoted(TEXT)
            );
            let m = meta_of(&json);
            assert_eq!(m.page.as_deref(), Some("A01"), "{body}");
            assert_eq!(m.page_name.as_deref(), Some("要闻"), "{body}");
        }
    }

    #[test]
    fn the_record_outranks_the_chrome_and_the_text_head_the_title_key() {
        let json = format!(
            r#"{{"page_name": "经济", "content": {}, "title": "春耕备耕 正当时", "page": "B02"}}"#,
            quoted(TEXT)
        );
        let m = meta_of(&json);
        assert_eq!(
            (m.page.as_deref(), m.page_name.as_deref()),
            (Some("B02"), Some("经济"))
        );
        assert_eq!(m.headline.as_deref(), Some("春耕备耕正当时"));
    }

    #[test]
    fn aliases_rank_by_the_table_not_by_key_order() {
        // 主题 sorts after title, 标题 after headline: an empty later key clears nothing.
        for json in [
            r#"{"title": "甲", "主题": ""}"#,
            r#"{"headline": "甲", "标题": "", "title": null}"#,
            r#"{"主题": "乙", "title": "甲"}"#,
        ] {
            assert_eq!(meta_of(json).headline.as_deref(), Some("甲"), "{json}");
        }
        // `date` ranks over `time`, whichever comes last.
        let m = meta_of(r#"{"time": "2023-01-02 08:00", "date": "2024-03-05"}"#);
        assert_eq!(m.date, "2024-03-05".parse().ok());
        // A whole date over year/month/day parts; the parts when no date key has one.
        let m = meta_of(r#"{"date": "", "year": 2024, "month": 3, "day": 5}"#);
        assert_eq!(m.date, "2024-03-05".parse().ok());
        let m = meta_of(r#"{"date": "2023-01-02", "year": 2024, "month": 3, "day": 5}"#);
        assert_eq!(m.date, "2023-01-02".parse().ok());
    }

    #[test]
    fn page_names_credits_and_sources() {
        // The page name key over the page label's name, either way round.
        let m = meta_of(r#"{"page": "第A01版：要闻", "page_name": "经济"}"#);
        assert_eq!(m.page_name.as_deref(), Some("经济"));
        let m = meta_of(r#"{"page_name": " ", "版面": "第A01版：要闻"}"#);
        assert_eq!(
            (m.page.as_deref(), m.page_name.as_deref()),
            (Some("A01"), Some("要闻"))
        );
        // An empty credits list is silence: the author keys count.
        let m = meta_of(r#"{"credits": [], "editor": "李四", "author": "张三"}"#);
        let names: Vec<_> = m
            .credits
            .iter()
            .map(|c| (c.role.as_str(), c.name.as_str()))
            .collect();
        assert_eq!(names, [("作者", "张三"), ("编辑", "李四")]);
        // `source`: a URL below the URL keys, else the paper below the paper keys.
        let m = meta_of(r#"{"source": "https://a.cn/1.html", "url": "https://b.cn/2.html"}"#);
        assert_eq!(m.source.as_deref(), Some("https://b.cn/2.html"));
        let m = meta_of(r#"{"source": "乐陵市报", "url": ""}"#);
        assert_eq!(
            (m.publication.as_deref(), m.source),
            (Some("乐陵市报"), None)
        );
        let m = meta_of(r#"{"source": "乐陵市报", "paper": "德州日报"}"#);
        assert_eq!(m.publication.as_deref(), Some("德州日报"));
    }

    #[test]
    fn crawler_prefixes_and_camel_case_name_the_same_fields() {
        let m = meta_of(
            r#"{"article_title": "全省春耕生产有序推进", "pre_title": "抓好粮食生产", "articleSubtitle": "春播超千万亩", "article_author": "本报记者 王强", "pubDate": "2024年4月20日", "paper_name": "河北日报", "page_no": "第2版", "article_content": "　　本报讯　春耕生产有序推进。"}"#,
        );
        assert_eq!(m.headline.as_deref(), Some("全省春耕生产有序推进"));
        assert_eq!(m.kicker.as_deref(), Some("抓好粮食生产"));
        assert_eq!(m.subtitle.as_deref(), Some("春播超千万亩"));
        assert_eq!(m.publication.as_deref(), Some("河北日报"));
        assert_eq!(m.page.as_deref(), Some("2"));
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-04-20"));
        assert_eq!(m.credits.first().map(|c| c.name.as_str()), Some("王强"));
        // A plain alias outranks a prefixed one.
        let m = meta_of(r#"{"news_title": "乙", "title": "甲", "content": "正文。"}"#);
        assert_eq!(m.headline.as_deref(), Some("甲"));
        assert_eq!(canonical_key("publishTime"), "publish_time");
        assert_eq!(canonical_key("Page-Name"), "page_name");
        assert!(names_body("newsContent") && names_body("article_html"));
        assert!(!names_body("news_id") && !names_body("paper_content_id"));
    }

    #[test]
    fn a_text_key_holding_markup_is_read_as_html() {
        assert!(looks_like_html("<p>　　第一段。</p><p>第二段。</p>"));
        assert!(!looks_like_html(
            "第1版()\n<br>专栏：\n<br>　　第一段。\n<br>　　第二段。"
        ));
        assert!(!looks_like_html("<p>第一段。</p>\n<p>第二段。</p>"));
        assert!(!looks_like_html("数值<5或>3，见<附件>"));
        let json = r#"{"title": "题", "content": "<p>　　本报讯　第一段，说明情况。</p><p>　　第二段，继续说明。</p>"}"#;
        let a = article_of(json);
        assert_eq!(a.body.len(), 2, "{:?}", a.body);
    }

    #[test]
    fn an_empty_body_key_does_not_hide_the_next() {
        let json = r#"{"body": "", "text": "　　第一段。\n　　第二段。", "title": "题"}"#;
        let ctx = ImageContext::for_page(std::path::Path::new("x.json"));
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(json) else {
            panic!()
        };
        let (a, _) = record_article(&map, "t", &ctx, &mut BTreeSet::new()).unwrap();
        assert_eq!(a.body.len(), 2);
    }

    #[test]
    fn an_author_key_naming_an_outlet_is_the_publication() {
        let m = meta_of(r#"{"title":"甲","author":"人民日报","editor":"张三","content":"正文。"}"#);
        assert_eq!(m.publication.as_deref(), Some("人民日报"));
        let names: Vec<_> = m.credits.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["张三"]);
    }

    #[test]
    fn timestamps_are_dates_in_china_time() {
        let d = |n: i64| epoch_date(n).map(|d| d.to_string());
        assert_eq!(d(1_702_807_200_000).as_deref(), Some("2023-12-17"));
        assert_eq!(d(1_702_807_200).as_deref(), Some("2023-12-17"));
        // 2023-12-17 23:30 UTC is the 18th in Beijing.
        assert_eq!(d(1_702_855_800).as_deref(), Some("2023-12-18"));
        assert_eq!(d(20_240_101), None);
        assert_eq!(d(7), None);
        let m = meta_of(r#"{"title":"甲","publishTime":1702807200000,"content":"正文。"}"#);
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2023-12-17"));
        let m = meta_of(r#"{"title":"甲","新闻发布日期":"1702807200","新闻内容":"正文。"}"#);
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2023-12-17"));
    }

    #[test]
    fn nested_records_lend_their_fields() {
        let m = meta_of(
            r#"{"url":"https://x.cn/a","meta":{"title":"标题甲","author":"记者 刘莉","pub_time":"2023-02-20 14:05"},"content":{"paragraphs":["第一段文字写在这里。","第二段。"]},"image":{"url":"https://x.cn/i.jpg"}}"#,
        );
        assert_eq!(m.headline.as_deref(), Some("标题甲"));
        assert_eq!(m.credits[0].name, "刘莉");
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2023-02-20"));
        // An object that holds no article field lends nothing (the image's URL is not
        // the article's).
        assert_eq!(m.source.as_deref(), Some("https://x.cn/a"));
        let a =
            article_of(r#"{"title":"标题乙","content":{"paragraphs":["第一段。","第二段。"]}}"#);
        assert_eq!(a.body.len(), 2);
    }

    #[test]
    fn tagged_titles_fill_below_the_plain_keys() {
        let m = meta_of(
            r#"{"title1": "<h3>引</h3>", "title2": "<h1>主<br>题</h1>", "title3": "<h2>——副</h2>", "kicker": ""}"#,
        );
        assert_eq!(m.kicker.as_deref(), Some("引"));
        assert_eq!(m.headline.as_deref(), Some("主 题"));
        assert_eq!(m.subtitle.as_deref(), Some("——副"));
        let m = meta_of(r#"{"title2": "<h1>标记</h1>", "title": "明文"}"#);
        assert_eq!(m.headline.as_deref(), Some("明文"));
    }
}
