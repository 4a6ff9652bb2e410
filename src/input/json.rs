//! Reader for scraper JSON exports: one object, an array of objects, or JSON Lines (one
//! object per line). Each object is one article. Field names vary between scrapers, so
//! each field has aliases (English, pinyin and Chinese):
//!
//! | field | keys |
//! | --- | --- |
//! | headline | title, headline, 主题, 标题 |
//! | subtitle | subtitle, subheadline, 副题, 副标题 |
//! | kicker | kicker, introtitle, pretitle, 引题 |
//! | credits | credits (role/name objects); author, authors, reporter, byline, 作者, 记者; editor, 编辑 |
//! | date | date, publish_time, pubdate, publish_date, published, time, 日期 (a datetime's date is taken) |
//! | page | page, banmian, 版面, page_no (`第A01版：要闻` splits into page and page name) |
//! | page name | page_name, nodename, 版名 |
//! | publication | publication, paper, newspaper, 报纸; source when it is not a URL |
//! | site, publisher, lang | site, site_name; publisher; lang, language |
//! | source | url, link, source_url, 链接, 网址; source when it is a URL |
//! | body | content, text, body, 正文 (a string with newlines, or a list of paragraphs); html, content_html |
//!
//! broadsheet's own `-t json` output (`schema_version` + typed `body` blocks) is read back
//! as is.

use super::html::{self, images::ImageContext, meta::authors_from, meta::date_in};
use super::{Extraction, Parsed};
use crate::error::{Error, Result};
use crate::input::chrome::{self, ChromeMeta};
use crate::input::credits;
use crate::model::{Article, Block, Credit, Date, Meta};
use crate::warning::Warning;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::Path;

/// Reads every article of a JSON export.
pub fn read(path: &Path, text: &str) -> Result<Parsed> {
    let bad = |message: String| Error::Parse {
        path: path.to_path_buf(),
        message,
    };
    let text = text.trim_start_matches('\u{FEFF}');
    let lines_ext = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
    let (records, shape) = match super::json_stream::records(path, text, lines_ext) {
        Ok(found) => found,
        // Exports written by hand: raw line breaks inside strings, records one after
        // another without an array.
        Err(whole) => match lenient_records(text) {
            Some(records) => (
                Box::new(records.into_iter().map(Ok)) as super::json_stream::Records<'_>,
                "concatenated JSON records (repaired)",
            ),
            None => return Err(whole),
        },
    };
    // A page record holding its articles in an array gives one record per article.
    let records = records.flat_map(|record| match record {
        Ok(value) => expand_nested(vec![value])
            .into_iter()
            .map(Ok)
            .collect::<Vec<_>>(),
        Err(e) => vec![Err(e)],
    });
    let ctx = ImageContext::for_page(path);
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    let mut ignored: BTreeSet<String> = BTreeSet::new();
    let mut own_format = 0usize;
    for (i, record) in records.enumerate() {
        let Value::Object(map) = record? else {
            warnings.push(Warning::new(
                "json-not-an-object",
                format!("record {}: not an object, skipped", i + 1),
            ));
            continue;
        };
        if map.contains_key("schema_version") && map.get("body").is_some_and(Value::is_array) {
            let article: Article = serde_json::from_value(Value::Object(map))
                .map_err(|e| bad(format!("record {}: not broadsheet JSON: {e}", i + 1)))?;
            own_format += 1;
            articles.push(article);
            continue;
        }
        let origin = format!("{} record {}", path.display(), i + 1);
        let (article, w) = record_article(&map, &origin, &ctx, &mut ignored)?;
        warnings.extend(w);
        articles.push(article);
    }
    if !ignored.is_empty() {
        warnings.push(Warning::new(
            "unknown-json-keys",
            format!(
                "keys ignored: {}",
                ignored.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let n = articles.len();
    Ok(Parsed {
        articles,
        extraction: Extraction {
            method: "json",
            reason: if own_format == n && n > 0 {
                format!("{shape} of {n} broadsheet article(s) (schema_version)")
            } else {
                format!("{shape} of {n} scraper record(s); fields by alias")
            },
        },
        chrome_lines: 0,
        decisions: Vec::new(),
        warnings,
    })
}

/// Scrapers that write JSON by hand leave raw line breaks inside strings and put records
/// one after another without an array. Escapes control characters inside strings and
/// reads the values in sequence; `None` unless that yields at least one object.
fn lenient_records(text: &str) -> Option<Vec<Value>> {
    let mut fixed = String::with_capacity(text.len() + 64);
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if c.is_control() {
                match c {
                    '\n' => fixed.push_str("\\n"),
                    '\r' => fixed.push_str("\\r"),
                    '\t' => fixed.push_str("\\t"),
                    _ => {}
                }
                continue;
            }
        } else if c == '"' {
            in_string = true;
        }
        fixed.push(c);
    }
    let mut out = Vec::new();
    for v in serde_json::Deserializer::from_str(&fixed).into_iter::<Value>() {
        match v {
            Ok(Value::Array(items)) => out.extend(items),
            Ok(v) => out.push(v),
            Err(_) => return None,
        }
    }
    out.iter().any(Value::is_object).then_some(out)
}

/// A page object holding its articles in an array (`{"PAGE": 3, "ARTICLES": [...]}`)
/// becomes one record per article; the page's own fields (date parts, page) fill what
/// an article does not say.
fn expand_nested(records: Vec<Value>) -> Vec<Value> {
    let mut out = Vec::with_capacity(records.len());
    for record in records {
        let Value::Object(map) = record else {
            out.push(record);
            continue;
        };
        let has_body = BODY_KEYS
            .iter()
            .any(|k| map.keys().any(|m| m.to_lowercase() == *k));
        let nested = map.iter().find(|(_, v)| {
            v.as_array().is_some_and(|items| {
                !items.is_empty()
                    && items.iter().all(|i| {
                        i.as_object().is_some_and(|o| {
                            BODY_KEYS
                                .iter()
                                .any(|k| o.keys().any(|m| m.to_lowercase() == *k))
                        })
                    })
            })
        });
        match nested {
            Some((key, Value::Array(items))) if !has_body => {
                let key = key.clone();
                for item in items {
                    let Value::Object(mut child) = item.clone() else {
                        continue;
                    };
                    for (k, v) in &map {
                        let known = child.keys().any(|c| c.to_lowercase() == k.to_lowercase());
                        if *k != key && !known && !v.is_array() && !v.is_object() {
                            child.insert(k.clone(), v.clone());
                        }
                    }
                    out.push(Value::Object(child));
                }
            }
            _ => out.push(Value::Object(map)),
        }
    }
    out
}

const BODY_KEYS: &[&str] = &[
    "content",
    "text",
    "body",
    "正文",
    "paragraphs",
    "html",
    "content_html",
];

fn scalar(v: &Value) -> Option<String> {
    match v {
        // R and pandas write a missing value as NA / NaN / null.
        Value::String(s) => Some(s.trim().to_string()).filter(|s| {
            !s.is_empty() && !matches!(s.as_str(), "NA" | "N/A" | "NaN" | "null" | "NULL" | "None")
        }),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn credit_list(v: &Value, role: &str) -> Vec<Credit> {
    match v {
        Value::Array(items) => items.iter().flat_map(|i| credit_list(i, role)).collect(),
        Value::Object(o) => {
            let name = o.get("name").and_then(scalar);
            let r = o
                .get("role")
                .and_then(scalar)
                .unwrap_or_else(|| role.to_string());
            name.map(|name| vec![Credit { role: r, name }])
                .unwrap_or_default()
        }
        other => scalar(other)
            .map(|s| authors_from(&s, role))
            .unwrap_or_default(),
    }
}

/// The body of a record: text with newlines, a list of paragraphs, or HTML.
pub(crate) fn body_from(
    v: &Value,
    is_html: bool,
    ctx: &ImageContext,
) -> (Vec<Block>, Vec<Credit>, Vec<Warning>) {
    if is_html {
        let Some(s) = v.as_str() else {
            return (Vec::new(), Vec::new(), Vec::new());
        };
        let b = html::fragment_body(s, ctx);
        return (b.blocks, b.credits, b.warnings);
    }
    let paragraphs: Vec<String> = match v {
        Value::String(s) => s.lines().map(str::to_string).collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(|i| match i {
                Value::Object(o) => o.get("text").or_else(|| o.get("content")).and_then(scalar),
                other => scalar(other),
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut blocks: Vec<Block> = paragraphs
        .iter()
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
        .filter(|p| !p.is_empty())
        .map(Block::paragraph)
        .collect();
    let mut found = Vec::new();
    let text_of = |b: &Block| match b {
        Block::Paragraph { content } => crate::model::plain_text(content),
        _ => String::new(),
    };
    while let Some(c) = blocks
        .first()
        .and_then(|b| credits::parse_byline(&text_of(b)))
    {
        if c.is_empty() {
            break;
        }
        found.extend(c);
        blocks.remove(0);
    }
    while let Some(c) = blocks.last().and_then(|b| {
        let t = text_of(b);
        (t.chars().count() <= 40)
            .then(|| credits::parse_byline(&t))
            .flatten()
    }) {
        if c.is_empty() {
            break;
        }
        found.extend(c);
        blocks.pop();
    }
    (blocks, found, Vec::new())
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

pub(crate) fn record_article(
    map: &Map<String, Value>,
    origin: &str,
    ctx: &ImageContext,
    ignored: &mut BTreeSet<String>,
) -> Result<(Article, Vec<Warning>)> {
    let mut meta = Meta::default();
    let mut credits_field: Option<Vec<Credit>> = None;
    let mut authors: Vec<Credit> = Vec::new();
    let mut body: Option<(Vec<Block>, Vec<Credit>, Vec<Warning>)> = None;
    let mut html_body: Option<&Value> = None;
    let mut source_field: Option<String> = None;
    let mut date_parts: [Option<u32>; 3] = [None; 3];
    // The head as the text sets it (when the text repeats the title field): finer than
    // the title field, which joins the lines.
    let mut text_head: Option<(Option<String>, Option<String>, Option<String>)> = None;
    let mut warnings_out: Vec<Warning> = Vec::new();
    let map = &swap_misplaced_date(map);
    let title_hint = map
        .iter()
        .find(|(k, _)| {
            matches!(
                k.to_lowercase().as_str(),
                "title" | "headline" | "主题" | "标题"
            )
        })
        .and_then(|(_, v)| scalar(v));
    for (key, value) in map {
        let text = scalar(value);
        let k = key.to_lowercase();
        match k.as_str() {
            "year" | "month" | "day" | "年" | "月" | "日" => {
                let slot = match k.as_str() {
                    "year" | "年" => 0,
                    "month" | "月" => 1,
                    _ => 2,
                };
                date_parts[slot] = text.and_then(|t| t.parse().ok());
            }
            "title1" | "title2" | "title3" | "title4" => {
                // Scrapers that keep the e-paper's markup: <h3> kicker, <h1> headline, <h2> subtitle.
                if let Some(t) = text {
                    let lower = t.to_ascii_lowercase();
                    let clean = strip_tags(&t);
                    if clean.is_empty() {
                        continue;
                    }
                    let slot = if lower.contains("<h3") {
                        &mut meta.kicker
                    } else if lower.contains("<h2") {
                        &mut meta.subtitle
                    } else {
                        &mut meta.headline
                    };
                    if slot.is_none() {
                        *slot = Some(clean);
                    }
                }
            }
            "title" | "headline" | "主题" | "标题" => meta.headline = text,
            "subtitle" | "subheadline" | "sub_title" | "副题" | "副标题" => {
                meta.subtitle = text
            }
            "kicker" | "introtitle" | "intro_title" | "pretitle" | "引题" => meta.kicker = text,
            "credits" => credits_field = Some(credit_list(value, "")),
            "author" | "authors" | "reporter" | "reporters" | "byline" | "作者" | "记者" => {
                authors.extend(credit_list(value, "作者"))
            }
            "editor" | "editors" | "编辑" | "责任编辑" => {
                authors.extend(credit_list(value, "编辑"))
            }
            "date" | "publish_time" | "pubdate" | "pub_date" | "publish_date" | "published"
            | "published_at" | "time" | "日期" | "发布时间" => {
                if let Some(t) = text {
                    match date_in(&t) {
                        Some(d) => meta.date = Some(d),
                        // A long value is not a wrong date but a misfiled field.
                        None if t.chars().count() > 40 => warnings_out.push(Warning::new(
                            "not-a-date",
                            format!("{origin}: field '{key}' holds no date, ignored"),
                        )),
                        None => {
                            return Err(Error::InvalidDate {
                                value: t.clone(),
                                origin: origin.to_string(),
                            });
                        }
                    }
                }
            }
            "page" | "banmian" | "版面" | "page_no" | "pagenum" | "page_num" => {
                if let Some(t) = text {
                    let (p, name) = page_label(&t);
                    meta.page = p;
                    if meta.page_name.is_none() {
                        meta.page_name = name;
                    }
                }
            }
            "page_name" | "nodename" | "版名" => meta.page_name = text,
            "publication" | "paper" | "newspaper" | "报纸" => meta.publication = text,
            "source" | "来源" => source_field = text,
            "site" | "site_name" => meta.site = text,
            "publisher" => meta.publisher = text,
            "lang" | "language" => meta.lang = text,
            "url" | "link" | "source_url" | "href" | "链接" | "网址" => meta.source = text,
            "content" | "text" | "body" | "正文" | "paragraphs" => {
                if body.is_none() {
                    if let Value::String(s) = value
                        && scalar(value).is_some()
                    {
                        let parsed =
                            super::text::parse_with(&unflatten(s), false, title_hint.as_deref());
                        if parsed.meta.headline.is_some() {
                            text_head = Some((
                                parsed.meta.kicker.clone(),
                                parsed.meta.headline.clone(),
                                parsed.meta.subtitle.clone(),
                            ));
                        }
                        let found = &parsed.chrome;
                        if meta.page.is_none() {
                            meta.page.clone_from(&found.patch.page);
                        }
                        if meta.page_name.is_none() {
                            meta.page_name.clone_from(&found.patch.page_name);
                        }
                        if meta.date.is_none() {
                            meta.date = found.date.as_deref().and_then(|d| d.parse().ok());
                        }
                        let credits = parsed.meta.credits.unwrap_or_default();
                        body = Some((parsed.body, credits, Vec::new()));
                    } else {
                        body = Some(body_from(value, false, ctx));
                    }
                }
            }
            "html" | "content_html" | "body_html" => html_body = Some(value),
            _ => {
                ignored.insert(key.clone());
            }
        }
    }
    if let Some(s) = source_field {
        if s.contains("://") {
            meta.source = meta.source.or(Some(s));
        } else if meta.publication.is_none() {
            meta.publication = Some(s);
        }
    }
    let empty_text = body.as_ref().is_none_or(|b| b.0.is_empty());
    if empty_text && let Some(h) = html_body {
        body = Some(body_from(h, true, ctx));
    }
    if let Some((k, h, sub)) = text_head {
        meta.kicker = k.or(meta.kicker.take());
        meta.headline = h;
        meta.subtitle = sub.or(meta.subtitle.take());
    }
    if meta.date.is_none()
        && let [Some(y), Some(m), Some(d)] = date_parts
    {
        meta.date = u16::try_from(y)
            .ok()
            .and_then(|y| Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?));
    }
    let (blocks, body_credits, mut warnings) = body.unwrap_or_default();
    warnings.extend(warnings_out);
    meta.credits = match credits_field {
        Some(c) => c,
        None if authors.is_empty() => body_credits,
        None => authors,
    };
    Ok((Article { meta, body: blocks }, warnings))
}

/// A record's date and body fields swapped (scrapers whose selectors drifted): the body
/// field holds a short dated line and a date field holds the long text.
fn swap_misplaced_date(map: &Map<String, Value>) -> Map<String, Value> {
    let mut out = map.clone();
    let is = |k: &str, keys: &[&str]| keys.contains(&k.to_lowercase().as_str());
    let date_keys = [
        "date",
        "publish_time",
        "pubdate",
        "pub_date",
        "publish_date",
        "published",
        "time",
    ];
    let body_keys = ["content", "text", "body"];
    let date_key = map.keys().find(|k| is(k, &date_keys)).cloned();
    let body_key = map.keys().find(|k| is(k, &body_keys)).cloned();
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

    fn read_str(name: &str, s: &str) -> Parsed {
        read(Path::new(name), s).unwrap()
    }

    #[test]
    fn aliases_and_datetimes() {
        let p = read_str(
            "x.json",
            r#"{"主题":"标题","副题":"——副","引题":"引","reporter":"张三、李四","publish_time":"2023-12-18 08:30:00","banmian":"第A01版：要闻","source":"乐陵市报","content":"第一段。\n\n　　第二段。\n（记者 王五）","crawl_id":7}"#,
        );
        let a = &p.articles[0];
        assert_eq!(a.meta.headline.as_deref(), Some("标题"));
        assert_eq!(a.meta.kicker.as_deref(), Some("引"));
        assert_eq!(a.meta.date, "2023-12-18".parse().ok());
        assert_eq!(
            (a.meta.page.as_deref(), a.meta.page_name.as_deref()),
            (Some("A01"), Some("要闻"))
        );
        assert_eq!(a.meta.publication.as_deref(), Some("乐陵市报"));
        assert_eq!(a.meta.credits.len(), 2);
        assert_eq!(a.body.len(), 2);
        assert_eq!(p.warnings[0].code, "unknown-json-keys");
    }

    #[test]
    fn arrays_lines_and_html() {
        let p = read_str(
            "x.json",
            r#"[{"title":"一","text":["甲。","乙。"]},{"title":"二","html":"<p>丙<b>丁</b>。</p><script>坏</script>"}]"#,
        );
        assert_eq!(p.articles.len(), 2);
        assert_eq!(p.articles[0].body.len(), 2);
        assert_eq!(p.articles[1].body.len(), 1);
        let p = read_str(
            "x.jsonl",
            "{\"title\":\"一\",\"body\":\"甲。\"}\n\n{\"title\":\"二\",\"body\":\"乙。\"}\n",
        );
        assert_eq!(p.articles.len(), 2);
        assert!(read(Path::new("x.json"), "{\"title\": ").is_err());
        assert!(read(Path::new("x.json"), r#"{"date":"2023-02-30","title":"x"}"#).is_err());
    }
}
