//! Reader for scraper CSV exports: a header row naming the fields, one article per row.
//! The column names are the JSON reader's field aliases (title/标题, author, date,
//! 版面, content …, see `json.rs`); a quoted field may hold line breaks (paragraphs).

use super::html::images::ImageContext;
use super::json::{names_body, names_headline, record_article};
use super::{Extraction, Parsed};
use crate::error::{Error, Result};
use crate::warning::Warning;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

/// Reads every row of a CSV export as an article.
pub fn read(path: &Path, text: &str) -> Result<Parsed> {
    let bad = |message: String| Error::Parse {
        path: path.to_path_buf(),
        message,
    };
    let text = text.trim_start_matches('\u{FEFF}');
    let d = delimiter(text);
    let (text, mut warnings) = close_stray_quotes(text, d).map_err(bad)?;
    let text = text.as_ref();
    warnings.extend(rows_inside_a_field(text, d));
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(d)
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
    let mut rows: Vec<::csv::StringRecord> = Vec::new();
    for (i, row) in reader.records().enumerate() {
        if i == super::source::MAX_RECORDS {
            return Err(super::source::too_many_records(path));
        }
        rows.push(row.map_err(|e| bad(format!("row {}: not valid CSV: {e}", i + 2)))?);
    }
    let (headers, inferred) = infer_columns(headers, &rows);
    let ctx = ImageContext::for_page(path);
    let mut articles = Vec::new();
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

/// The field separator: of comma, semicolon and tab, the one the header row (outside
/// quotes) holds most of; a comma when it holds none (a one-column file).
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in header.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// The byte offset of the quote that opens a field and is still open at the end of the
/// text, if any. Same rules as the csv crate: a quote opens a quoted field only at the
/// start of a field; inside, `""` is a quote and `"` closes it.
fn unclosed_quote(text: &str, d: u8) -> Option<usize> {
    enum State {
        FieldStart,
        Unquoted,
        Quoted(usize),
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    for (i, b) in text.bytes().enumerate() {
        state = match (state, b) {
            (State::FieldStart, b'"') => State::Quoted(i),
            (State::Quoted(open), b) => {
                if b == b'"' {
                    State::QuoteInQuoted
                } else {
                    State::Quoted(open)
                }
            }
            (State::QuoteInQuoted, b'"') => State::Quoted(i),
            (_, b'\n' | b'\r') => State::FieldStart,
            (_, b) if b == d => State::FieldStart,
            _ => State::Unquoted,
        };
    }
    match state {
        State::Quoted(open) => Some(open),
        _ => None,
    }
}

/// A quote that opens a field and never closes makes the csv crate read every later
/// row into that one field. Such a quote is taken literally instead (the field ends at
/// the next comma on its line), with a warning naming the line, provided that its row
/// and the next then have as many fields as the header; otherwise the file is refused.
fn close_stray_quotes(
    text: &str,
    d: u8,
) -> std::result::Result<(Cow<'_, str>, Vec<Warning>), String> {
    const MAX_FIXES: usize = 16;
    let mut text = Cow::Borrowed(text);
    let mut warnings = Vec::new();
    while let Some(open) = unclosed_quote(&text, d) {
        let line = text[..open].matches('\n').count() + 1;
        let after = text[open..].matches('\n').count();
        let refuse = || {
            format!(
                "line {line}: a quoted field opens here and never closes, so the {after} line(s) after it would be read as one field; close the quote, or double it (\"\") if it is part of the text"
            )
        };
        if warnings.len() == MAX_FIXES {
            return Err(refuse());
        }
        let end = text[open..]
            .find([char::from(d), '\n', '\r'])
            .map_or(text.len(), |n| open + n);
        let fixed = format!(
            "{}\"{}\"{}",
            &text[..open],
            text[open..end].replace('"', "\"\""),
            &text[end..]
        );
        if !row_fits_header(&fixed, line, d) {
            return Err(refuse());
        }
        text = Cow::Owned(fixed);
        warnings.push(Warning::new(
            "csv-unclosed-quote",
            format!(
                "line {line}: a quote opens a field and never closes; it was read as a literal quote so the {after} line(s) after it stay rows of their own; check that row"
            ),
        ));
    }
    Ok((text, warnings))
}

/// Whether the record holding physical `line` (1-based), and the record after it,
/// have as many fields as the header.
fn row_fits_header(text: &str, line: usize, d: u8) -> bool {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(d)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let Some(Ok(header)) = records.next() else {
        return false;
    };
    let width = header.len();
    // The length of the record that holds `line`: the last one starting at or before it.
    let mut holder: Option<usize> = None;
    for record in records {
        let Ok(record) = record else {
            return false;
        };
        let starts = record.position().map_or(0, |p| p.line());
        if starts > line as u64 {
            return holder == Some(width) && record.len() == width;
        }
        holder = Some(record.len());
    }
    holder == Some(width)
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
    if known(BODY_NAMES) || headers.iter().any(|h| names_body(h)) {
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
            && !headers.iter().any(|h| names_headline(h))
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

/// Two broken quotes can cancel out: a field opened by a stray quote on one row and
/// closed by one on a later row holds the rows between. A line inside a quoted field
/// with as many commas as a row has is the sign; it is reported, not guessed at.
fn rows_inside_a_field(text: &str, d: u8) -> Option<Warning> {
    let header = text.lines().next()?;
    let separators = header.bytes().filter(|&b| b == d).count();
    if separators == 0 {
        return None;
    }
    let mut quoted = false;
    let mut field_start = true;
    let mut line = 1usize;
    let mut commas_on_line: Option<usize> = None;
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if quoted {
            match b {
                b'"' if bytes.peek() == Some(&b'"') => {
                    bytes.next();
                }
                b'"' => {
                    quoted = false;
                    commas_on_line = None;
                }
                b'\n' => {
                    if commas_on_line.is_some_and(|n| n >= separators) {
                        break;
                    }
                    line += 1;
                    commas_on_line = Some(0);
                }
                b if b == d => commas_on_line = commas_on_line.map(|n| n + 1),
                _ => {}
            }
            continue;
        }
        match b {
            b'"' if field_start => quoted = true,
            b'\n' => line += 1,
            _ => {}
        }
        field_start = matches!(b, b'\n' | b'\r') || b == d;
    }
    commas_on_line.is_some_and(|n| n >= separators).then(|| {
        Warning::new(
            "csv-rows-in-a-field",
            format!(
                "line {line}: inside a quoted field but shaped like a row ({separators} commas); a quote may be unbalanced and rows read as one field"
            ),
        )
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

    #[test]
    fn semicolon_and_tab_separated_exports_are_read() {
        assert_eq!(delimiter("title;author;date;text\n"), b';');
        assert_eq!(delimiter("标题\t作者\t正文\n"), b'\t');
        assert_eq!(delimiter("\"a;b\",c\n"), b',');
        assert_eq!(delimiter("content\n"), b',');
        let p = read(
            Path::new("x.csv"),
            "title;author;date;text\n\"一号\";\"记者 何勇\";2023-01-10;\"第一段，有逗号。\n第二段。\"\n",
        )
        .unwrap();
        assert_eq!(p.articles[0].meta.headline.as_deref(), Some("一号"));
        assert_eq!(p.articles[0].meta.credits[0].name, "何勇");
        assert_eq!(p.articles[0].body.len(), 2);
        let p = read(
            Path::new("x.tsv"),
            "标题\t日期\t正文\n二号\t2023-03-20\t正文，一段。\n",
        )
        .unwrap();
        assert_eq!(p.articles[0].meta.headline.as_deref(), Some("二号"));
    }

    #[test]
    fn an_unclosed_quote_does_not_swallow_the_rows_after_it() {
        let text = "标题,正文\n一号,第一段。\n\"二号,第二段。\n三号,第三段。\n四号,第四段。\n";
        assert_eq!(unclosed_quote(text, b','), Some(text.find('"').unwrap()));
        let p = read(Path::new("x.csv"), text).unwrap();
        assert_eq!(p.articles.len(), 4);
        assert_eq!(p.articles[1].meta.headline.as_deref(), Some("\"二号"));
        let w = p
            .warnings
            .iter()
            .find(|w| w.code == "csv-unclosed-quote")
            .unwrap();
        assert!(w.message.starts_with("line 3:"), "{}", w.message);
        // A quoted field that is closed, with doubled quotes and line breaks, is fine.
        assert_eq!(unclosed_quote("a,b\n\"x \"\"y\"\" \nz\",1\n", b','), None);
    }

    #[test]
    fn an_unclosed_quote_that_cannot_be_mended_is_an_error() {
        // The last row's content lost its closing quote: its second line is no row.
        let text = "标题,正文\n一号,\"第一段。\n第二段。\n";
        let err = read(Path::new("x.csv"), text).unwrap_err().to_string();
        assert!(
            err.contains("line 2: a quoted field opens here and never closes"),
            "{err}"
        );
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

    #[test]
    fn rows_held_by_one_field_are_reported() {
        let text = "标题,作者,正文\n一,甲,\"第一段。\n二,乙,第二段。\n三,丙,第三段。\" 完\n";
        let w = rows_inside_a_field(text, b',').expect("a warning");
        assert!(w.message.starts_with("line 3:"), "{}", w.message);
        // Paragraphs in a quoted field are not rows.
        let fine = "标题,作者,正文\n一,甲,\"第一段，\n第二段。\"\n二,乙,第三段。\n";
        assert!(rows_inside_a_field(fine, b',').is_none());
    }
}
