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
    let ctx = ImageContext::for_page(path);
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    let mut ignored = BTreeSet::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| bad(format!("row {}: not valid CSV: {e}", i + 2)))?;
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
        warnings,
    })
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
}
