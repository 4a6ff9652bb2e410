//! Reader for scraper CSV exports: a header row naming the fields, one article per row.
//! The column names are the JSON reader's field aliases (title/标题, author, date,
//! 版面, content …, see `json.rs`); a quoted field may hold line breaks (paragraphs).

use super::html::images::ImageContext;
use super::json::record_article;
use super::{Extraction, Parsed};
use crate::error::{Error, Result};
use crate::warning::Warning;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::Path;

/// Reads every row of a CSV export as an article.
pub fn read(path: &Path, text: &str) -> Result<Parsed> {
    let bad = |message: String| Error::Parse {
        path: path.to_path_buf(),
        message,
    };
    let text = text.trim_start_matches('\u{FEFF}');
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| bad(format!("not valid CSV: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(bad(
            "a CSV export needs a header row naming its columns".into()
        ));
    }
    let rows: Vec<::csv::StringRecord> = reader
        .records()
        .enumerate()
        .map(|(i, row)| row.map_err(|e| bad(format!("row {}: not valid CSV: {e}", i + 2))))
        .collect::<Result<_>>()?;
    let (headers, inferred) = infer_columns(headers, &rows);
    let ctx = ImageContext::for_page(path);
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    let mut ignored = BTreeSet::new();
    let mut decisions = Vec::new();
    if let Some(why) = inferred {
        decisions.push(why);
    }
    for (i, row) in rows.iter().enumerate() {
        let mut map = Map::new();
        for (h, v) in headers.iter().zip(row.iter()) {
            if !h.is_empty() && !v.trim().is_empty() {
                map.insert(h.clone(), Value::String(v.to_string()));
            }
        }
        if map.is_empty() {
            continue;
        }
        let origin = format!("{} row {}", path.display(), i + 2);
        let (article, w) = record_article(&map, &origin, &ctx, &mut ignored)?;
        warnings.extend(w);
        articles.push(article);
    }
    if !ignored.is_empty() {
        warnings.push(Warning::new(
            "unknown-csv-columns",
            format!(
                "columns ignored: {}",
                ignored.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let n = articles.len();
    Ok(Parsed {
        articles,
        extraction: Extraction {
            method: "csv",
            reason: format!(
                "CSV with {} column(s), {n} row(s); fields by alias",
                headers.len()
            ),
        },
        chrome_lines: 0,
        decisions,
        warnings,
    })
}

/// Column names a reader knows for the body and the title.
const BODY_NAMES: &[&str] = &[
    "content",
    "text",
    "body",
    "正文",
    "内容",
    "paragraphs",
    "html",
];
const TITLE_NAMES: &[&str] = &["title", "headline", "标题", "主题", "標題"];

/// Exports with meaningless column names (V1, V2 … from R, or none) say what a column
/// is through its values: the column of URLs is the link, the column of dates the date,
/// the longest text the body and a short text the title. Known names are left alone.
fn infer_columns(
    headers: Vec<String>,
    rows: &[::csv::StringRecord],
) -> (Vec<String>, Option<String>) {
    let known = |names: &[&str]| {
        headers
            .iter()
            .any(|h| names.contains(&h.to_lowercase().as_str()))
    };
    if known(BODY_NAMES) {
        return (headers, None);
    }
    let sample: Vec<&::csv::StringRecord> = rows.iter().take(50).collect();
    let stats: Vec<(usize, usize, usize, usize, usize)> = (0..headers.len())
        .map(|c| {
            let values: Vec<&str> = sample
                .iter()
                .filter_map(|r| r.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty() && *v != "NA")
                .collect();
            let urls = values.iter().filter(|v| v.contains("://")).count();
            let dates = values
                .iter()
                .filter(|v| v.chars().count() <= 30 && super::html::meta::date_in(v).is_some())
                .count();
            let total: usize = values.iter().map(|v| v.chars().count()).sum();
            let avg = if values.is_empty() {
                0
            } else {
                total / values.len()
            };
            let han = values
                .iter()
                .filter(|v| v.chars().any(super::repair::is_han))
                .count();
            (values.len(), urls, dates, avg, han)
        })
        .collect();
    let mut names = headers.clone();
    let mut roles = Vec::new();
    let most = |n: usize, of: usize| of > 0 && n * 10 >= of * 8;
    let body = (0..names.len())
        .filter(|&c| stats[c].3 >= 80 && !most(stats[c].1, stats[c].0))
        .max_by_key(|&c| (stats[c].3, std::cmp::Reverse(c)));
    let Some(body) = body else {
        return (headers, None);
    };
    names[body] = "content".into();
    roles.push(format!("column {} is the body (longest text)", body + 1));
    for c in 0..names.len() {
        if c == body {
            continue;
        }
        let (n, urls, dates, avg, han) = stats[c];
        if most(urls, n) {
            names[c] = "url".into();
            roles.push(format!("column {} is the link", c + 1));
        } else if most(dates, n) {
            names[c] = "date".into();
            roles.push(format!("column {} is the date", c + 1));
        } else if !known(TITLE_NAMES)
            && most(han, n)
            && (4..=80).contains(&avg)
            && !names.contains(&"title".to_string())
        {
            names[c] = "title".into();
            roles.push(format!("column {} is the title", c + 1));
        }
    }
    (
        names,
        Some(format!("columns by their values: {}", roles.join(", "))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_articles_with_multiline_content() {
        let p = read(
            Path::new("x.csv"),
            "标题,作者,日期,版面,正文,点击\n一号,张三,2024-01-02 08:00,A01,\"第一段。\n第二段。\",9\n二号,\"李四、王五\",2024/1/3,02版：综合,正文。,1\n",
        )
        .unwrap();
        assert_eq!(p.articles.len(), 2);
        assert_eq!(p.articles[0].body.len(), 2);
        assert_eq!(p.articles[1].meta.credits.len(), 2);
        assert_eq!(p.articles[1].meta.page_name.as_deref(), Some("综合"));
        assert_eq!(p.warnings[0].code, "unknown-csv-columns");
        assert!(read(Path::new("x.csv"), "标题,日期\n一,2024-02-30\n").is_err());
    }

    #[test]
    fn unnamed_columns_are_known_by_their_values() {
        let long = "这是一段很长的正文。".repeat(12);
        let text = format!(
            ",V1,V2,V3,link\nr1,2018-03-04 14:47,第一条新闻标题,{long},https://example.com/1\nr2,2018-03-05 09:00,第二条新闻标题,{long},https://example.com/2\n"
        );
        let p = read(Path::new("x.csv"), &text).unwrap();
        assert_eq!(p.articles.len(), 2);
        let a = &p.articles[1];
        assert_eq!(a.meta.headline.as_deref(), Some("第二条新闻标题"));
        assert_eq!(a.meta.date, "2018-03-05".parse().ok());
        assert_eq!(a.meta.source.as_deref(), Some("https://example.com/2"));
        assert!(!a.body.is_empty());
    }
}
