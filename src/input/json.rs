//! Reader for scraper JSON exports: one object, an array of objects, or JSON Lines (one
//! object per line). Each object is one article. Field names vary between scrapers, so
//! each field has aliases (English, pinyin and Chinese):
//!
//! | field | keys |
//! | --- | --- |
//! | headline | title, headline, 主题, 标题 |
//! | subtitle | subtitle, subheadline, 副题, 副标题 |
//! | kicker | kicker, introtitle, pretitle, pre_title, 引题 |
//! | credits | credits (role/name objects); author, authors, reporter, byline, 作者, 记者; editor, 编辑 |
//! | date | date, publish_time, pubdate, pub_date, pubtime, publish_date, published, time, 日期, 时间, 发布时间, 发布日期 (a datetime's date is taken; a Unix timestamp in s or ms is read in UTC+8) |
//! | page | page, banmian, 版面, page_no (`第A01版：要闻` splits into page and page name) |
//! | page name | page_name, nodename, 版名 |
//! | publication | publication, paper, newspaper, paper_name, 报纸; source when it is not a URL |
//! | site, publisher, lang | site, site_name; publisher; lang, language |
//! | source | url, link, source_url, 链接, 网址; source when it is a URL |
//! | body | content, text, body, 正文, 内容, paragraphs (a string with newlines, or a list of paragraphs; markup such as `<p>…</p><p>…</p>` is read as HTML); html, content_html |
//!
//! A key is matched in any case and in camelCase (`publishTime` = `publish_time`), and a
//! crawler's prefix before a known key (`article_title`, `news_content`, `postDate`) names
//! the same field, ranked after the plain keys (新闻标题, 文章内容 too). CSV column names go
//! through the same table. Nested objects lend their keys: a container holding a title or
//! a text key (`"meta": {"title": …}`), and a field's key holding an object (`"content":
//! {"paragraphs": […]}`, `"author": {"name": …}`). An author key naming an outlet (人民日报)
//! gives the publication.
//!
//! Which source wins when several say one thing (the record's keys, the head and chrome
//! the text holds, bylines in the body) is written down in [`record`]: one
//! [`MetaPatch`](super::meta::MetaPatch) per source, merged by the one rule; an empty value
//! never clears a found one.
//!
//! broadsheet's own `-t json` output (`schema_version` + typed `body` blocks) is read back
//! as is.

mod record;

pub(crate) use record::{names_body, names_headline, record_article};

use super::html::{self, images::ImageContext, meta::authors_from};
use super::{Extraction, Parsed};
use crate::error::{Error, Result};
use crate::input::credits;
use crate::model::{Article, Block, Credit};
use crate::warning::Warning;
use serde_json::Value;
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
