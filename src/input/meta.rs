//! Partial metadata ([`MetaPatch`]) and the one rule that merges it, and the metadata
//! from outside the text.
//!
//! Every reader stage yields what one source says about the article's head as a
//! `MetaPatch` (the enpproperty comment, the page's `<head>`, the lines around the
//! headline, chrome lines, a sidecar…), and patches are merged one way only: the
//! more trusted patch wins field by field, the other fills its gaps ([`MetaPatch::or`]).
//! A reader lists its sources from most to least trusted and folds them
//! ([`MetaPatch::merge`]); that list is where its precedence is written down.
//!
//! After the read, sources from outside the text outrank it, in this order (each over
//! the one before, [`MetaPatch::apply`]): what the text says < a sidecar beside the input
//! (`<stem>.json` / `<stem>.toml`) < a date in the path (2023-12-18, 20231218,
//! 2023-12/18) < command-line flags.

use crate::error::{Error, Result};
use crate::model::{Credit, Date, Meta};
use crate::warning::Warning;
use regex::Regex;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Some fields of an article's head, from one source: each `Some` is what that source
/// says; `None` is silence, never "empty" (an empty credit list is `Some(vec![])`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetaPatch {
    pub kicker: Option<String>,
    pub headline: Option<String>,
    pub subtitle: Option<String>,
    pub credits: Option<Vec<Credit>>,
    pub publication: Option<String>,
    pub publisher: Option<String>,
    pub site: Option<String>,
    pub date: Option<Date>,
    pub page: Option<String>,
    pub page_name: Option<String>,
    pub source: Option<String>,
    pub lang: Option<String>,
}

impl MetaPatch {
    /// The merge rule: `self` is the more trusted source. Each field is `self`'s when it
    /// has one, else `lower`'s.
    #[must_use]
    pub fn or(self, lower: MetaPatch) -> MetaPatch {
        MetaPatch {
            kicker: self.kicker.or(lower.kicker),
            headline: self.headline.or(lower.headline),
            subtitle: self.subtitle.or(lower.subtitle),
            credits: self.credits.or(lower.credits),
            publication: self.publication.or(lower.publication),
            publisher: self.publisher.or(lower.publisher),
            site: self.site.or(lower.site),
            date: self.date.or(lower.date),
            page: self.page.or(lower.page),
            page_name: self.page_name.or(lower.page_name),
            source: self.source.or(lower.source),
            lang: self.lang.or(lower.lang),
        }
    }

    /// Folds patches listed from most to least trusted with [`MetaPatch::or`].
    pub fn merge(sources: impl IntoIterator<Item = MetaPatch>) -> MetaPatch {
        sources
            .into_iter()
            .fold(MetaPatch::default(), |merged, lower| merged.or(lower))
    }

    /// The article's metadata as the patch has it (no credits: none).
    pub fn into_meta(self) -> Meta {
        Meta {
            kicker: self.kicker,
            headline: self.headline,
            subtitle: self.subtitle,
            credits: self.credits.unwrap_or_default(),
            publication: self.publication,
            publisher: self.publisher,
            site: self.site,
            date: self.date,
            page: self.page,
            page_name: self.page_name,
            source: self.source,
            lang: self.lang,
        }
    }

    /// Lays the patch over finished metadata: the patch is the more trusted source.
    pub fn apply(&self, meta: &mut Meta) {
        fn set<T: Clone>(slot: &mut Option<T>, v: &Option<T>) {
            if v.is_some() {
                slot.clone_from(v);
            }
        }
        set(&mut meta.kicker, &self.kicker);
        set(&mut meta.headline, &self.headline);
        set(&mut meta.subtitle, &self.subtitle);
        if let Some(c) = &self.credits {
            meta.credits.clone_from(c);
        }
        set(&mut meta.publication, &self.publication);
        set(&mut meta.publisher, &self.publisher);
        set(&mut meta.site, &self.site);
        set(&mut meta.date, &self.date);
        set(&mut meta.page, &self.page);
        set(&mut meta.page_name, &self.page_name);
        set(&mut meta.source, &self.source);
        set(&mut meta.lang, &self.lang);
    }

    /// Reads the keys broadsheet knows from a JSON/TOML/YAML map (front matter or a
    /// sidecar). Unknown keys are reported, not fatal; `null` is no value; a value of the
    /// wrong type (`"date": [1,2]`, `"author": {…}`) is an error naming the field and
    /// `origin`, as an invalid date is.
    pub fn from_map(
        map: &serde_json::Map<String, Value>,
        origin: &str,
    ) -> Result<(MetaPatch, Vec<Warning>)> {
        let mut patch = MetaPatch::default();
        let mut warnings = Vec::new();
        let mut authors: Option<Vec<Credit>> = None;
        for (key, value) in map {
            if value.is_null() {
                continue;
            }
            let text = || scalar_field(key, value, origin);
            match key.as_str() {
                "title" | "headline" | "主题" => patch.headline = text()?,
                "subtitle" | "副题" => patch.subtitle = text()?,
                "kicker" | "introtitle" | "引题" => patch.kicker = text()?,
                "publication" | "paper" => patch.publication = text()?,
                "publisher" => patch.publisher = text()?,
                "site" => patch.site = text()?,
                "page" | "版面" => patch.page = text()?,
                "page_name" | "nodename" => patch.page_name = text()?,
                "source" | "url" => patch.source = text()?,
                "lang" | "language" => patch.lang = text()?,
                "date" => {
                    if let Some(t) = text()? {
                        patch.date = Some(t.parse().map_err(|_| Error::InvalidDate {
                            value: t.clone(),
                            origin: origin.to_string(),
                        })?);
                    }
                }
                "credits" => patch.credits = Some(credits_from(key, value, origin)?),
                "author" | "authors" => {
                    authors = Some(
                        string_list(key, value, origin)?
                            .into_iter()
                            .map(|name| Credit {
                                role: "作者".into(),
                                name,
                            })
                            .collect(),
                    )
                }
                _ => warnings.push(Warning::new(
                    "unknown-metadata-key",
                    format!("{origin}: unknown key '{key}' ignored"),
                )),
            }
        }
        // `credits` carries roles; `author` is only the pandoc-facing name list.
        if patch.credits.is_none() {
            patch.credits = authors;
        }
        Ok((patch, warnings))
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What a JSON value is, for messages.
fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

fn wrong_type(field: &str, origin: &str, expected: &'static str, found: &Value) -> Error {
    Error::FieldType {
        field: field.to_string(),
        origin: origin.to_string(),
        expected,
        found: type_name(found),
    }
}

/// A one-value field: a string (or a number or boolean, written out).
fn scalar_field(field: &str, v: &Value, origin: &str) -> Result<Option<String>> {
    match v {
        Value::Array(_) | Value::Object(_) => Err(wrong_type(field, origin, "a string", v)),
        other => Ok(scalar_text(other)),
    }
}

/// Names: one string or a list of strings.
fn string_list(field: &str, v: &Value, origin: &str) -> Result<Vec<String>> {
    const EXPECTED: &str = "a name or a list of names";
    match v {
        Value::Array(items) => items
            .iter()
            .filter(|i| !i.is_null())
            .map(|i| match i {
                Value::Array(_) | Value::Object(_) => Err(wrong_type(field, origin, EXPECTED, i)),
                other => Ok(scalar_text(other)),
            })
            .filter_map(Result::transpose)
            .collect(),
        Value::Object(_) => Err(wrong_type(field, origin, EXPECTED, v)),
        other => Ok(scalar_text(other).into_iter().collect()),
    }
}

/// Credits: a list of `{role, name}` maps or bylines (`本报记者 张三`); one map or one
/// byline alone is taken as a list of one.
fn credits_from(field: &str, v: &Value, origin: &str) -> Result<Vec<Credit>> {
    const EXPECTED: &str = "a list of {role, name} maps or bylines";
    let items = match v {
        Value::Array(items) => items.as_slice(),
        one => std::slice::from_ref(one),
    };
    let mut credits = Vec::new();
    for item in items {
        match item {
            Value::Null => {}
            Value::Object(o) => {
                let scalar = |k: &str| match o.get(k) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::Array(_) | Value::Object(_)) => {
                        Err(wrong_type(field, origin, EXPECTED, item))
                    }
                    Some(v) => Ok(scalar_text(v)),
                };
                if !o.contains_key("name") {
                    return Err(wrong_type(field, origin, EXPECTED, item));
                }
                let role = scalar("role")?.unwrap_or_default();
                if let Some(name) = scalar("name")? {
                    credits.push(Credit { role, name });
                }
            }
            Value::Array(_) => return Err(wrong_type(field, origin, EXPECTED, item)),
            other => {
                if let Some(s) = scalar_text(other) {
                    credits.extend(super::credits::parse_byline(&s).unwrap_or_else(|| {
                        vec![Credit {
                            role: String::new(),
                            name: s,
                        }]
                    }));
                }
            }
        }
    }
    Ok(credits)
}

/// The sidecar file beside `input`, if there is one: `<stem>.json`, else `<stem>.toml`.
/// A `.json` input is never its own sidecar.
pub fn sidecar_path(input: &Path) -> Option<PathBuf> {
    for ext in ["json", "toml"] {
        let candidate = input.with_extension(ext);
        if candidate != input && candidate.is_file() {
            return Some(candidate);
        }
    }
    None
}

/// A JSON object with a body (or broadsheet's own schema) is an article, not metadata.
pub fn holds_article(map: &serde_json::Map<String, Value>) -> bool {
    ["schema_version", "body", "content", "text", "html"]
        .iter()
        .any(|k| map.contains_key(*k))
}

/// Reads a sidecar into a patch. A JSON file that holds an article (broadsheet's own
/// `-t json` output, or a scraper export with a body) is not metadata: `Ok(None)`.
pub fn read_sidecar(path: &Path) -> Result<Option<(MetaPatch, Vec<Warning>)>> {
    let bytes = super::source::read_file(path, super::source::MAX_INPUT_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Sidecar {
        path: path.to_path_buf(),
        message: "not UTF-8 text".into(),
    })?;
    parse_sidecar(path, &text)
}

/// [`read_sidecar`] on text already read; `path` names it and its extension picks
/// TOML or JSON.
pub fn parse_sidecar(path: &Path, text: &str) -> Result<Option<(MetaPatch, Vec<Warning>)>> {
    let bad = |message: String| Error::Sidecar {
        path: path.to_path_buf(),
        message,
    };
    let value: Value = if path.extension().is_some_and(|e| e == "toml") {
        toml::from_str(text).map_err(|e| bad(format!("not valid TOML: {e}")))?
    } else {
        serde_json::from_str(text).map_err(|e| bad(format!("not valid JSON: {e}")))?
    };
    let Value::Object(map) = value else {
        return Err(bad("a sidecar must hold one object of metadata keys".into()));
    };
    if holds_article(&map) {
        return Ok(None);
    }
    MetaPatch::from_map(&map, &format!("sidecar {}", path.display())).map(Some)
}

static PATH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    // 2023-12-18 · 2023_12_18 · 2023-12/18 · 2023/12/18 · 20231218 (not inside a longer number)
    Regex::new(
        r"(?:^|[^0-9])((\d{4})(?:([-_/])(\d{1,2})[-_/](\d{1,2})|(\d{2})(\d{2})))(?:[^0-9]|$)",
    )
    .expect("the path-date pattern is a valid constant regex")
});

static URL_PAGE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    // e-paper article URLs: nw.D110000renmrb_20200115_1-02.htm (article 1 on page 02),
    // node_A01.html, page_03.htm
    [
        r"_\d{1,3}-([A-Za-z]?\d{1,3})\.s?html?$",
        r"node_([A-Za-z]\d{1,3})\.s?html?$",
        r"[/_]page_?([A-Za-z]?\d{1,3})\.s?html?$",
    ]
    .iter()
    .filter_map(|p| Regex::new(p).ok())
    .collect()
});

/// The date and page an article URL names (e-paper URLs carry both).
pub fn from_url(url: &str) -> (Option<Date>, Option<String>) {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let date = date_in_path_text(path).ok().flatten();
    let page = URL_PAGE
        .iter()
        .find_map(|re| re.captures(path))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string());
    (date, page)
}

/// The date a path names, if any (the last one wins: the folder nearest the file).
/// A separated date that does not exist (2023-13-45) is an error; an eight-digit run that
/// is not a real date is taken for an id, not a date.
pub fn date_from_path(path: &Path) -> Result<Option<Date>> {
    let s = path.to_string_lossy().replace('\\', "/");
    date_in_path_text(&s).map_err(|text| Error::InvalidDate {
        value: text,
        origin: format!("path {}", path.display()),
    })
}

/// [`date_from_path`] on text; the error is the impossible date found.
fn date_in_path_text(s: &str) -> std::result::Result<Option<Date>, String> {
    let mut found = None;
    let mut start = 0;
    while let Some(caps) = PATH_DATE.captures_at(s, start) {
        let whole = caps.get(1).map_or(0..0, |m| m.range());
        start = whole.end.max(start + 1);
        let compact = caps.get(6).is_some();
        let text = caps.get(1).map_or("", |m| m.as_str());
        let (y, m, d) = if compact {
            (&caps[2], &caps[6], &caps[7])
        } else {
            (&caps[2], &caps[4], &caps[5])
        };
        let parsed = (|| Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))();
        match parsed {
            Some(date) => found = Some(date),
            None if compact => {}
            None => return Err(text.to_string()),
        }
        if start >= s.len() {
            break;
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn dates_in_paths() {
        assert_eq!(
            date_from_path(Path::new("a/2023-12-18/x.txt")).unwrap(),
            d("2023-12-18")
        );
        assert_eq!(
            date_from_path(Path::new("a/20231218_x.txt")).unwrap(),
            d("2023-12-18")
        );
        assert_eq!(
            date_from_path(Path::new("a/2023-12/18/x.txt")).unwrap(),
            d("2023-12-18")
        );
        assert_eq!(
            date_from_path(Path::new("2022-01-01/b/2023-12-18.txt")).unwrap(),
            d("2023-12-18")
        );
        assert_eq!(
            date_from_path(Path::new("000_bcaf30ff217f506c.txt")).unwrap(),
            None
        );
        assert_eq!(date_from_path(Path::new("id_12345678.txt")).unwrap(), None);
        assert!(date_from_path(Path::new("a/2023-13-45/x.txt")).is_err());
    }

    #[test]
    fn dates_and_pages_in_urls() {
        let (d, p) = from_url(
            "http://paper.people.com.cn/rmrb/html/2020-01/15/nw.D110000renmrb_20200115_1-02.htm",
        );
        assert_eq!(d, "2020-01-15".parse().ok());
        assert_eq!(p.as_deref(), Some("02"));
        let (_, p) = from_url("https://epaper.example.cn/pc/layout/202301/05/node_A01.html");
        assert_eq!(p.as_deref(), Some("A01"));
        assert_eq!(from_url("https://example.com/news/123.html"), (None, None));
    }

    #[test]
    fn the_more_trusted_patch_wins_field_by_field() {
        let high = MetaPatch {
            headline: Some("印刷标题".into()),
            credits: Some(Vec::new()),
            ..MetaPatch::default()
        };
        let low = MetaPatch {
            headline: Some("网页标题".into()),
            page: Some("02".into()),
            credits: Some(vec![Credit {
                role: "作者".into(),
                name: "张三".into(),
            }]),
            ..MetaPatch::default()
        };
        let merged = MetaPatch::merge([high.clone(), low.clone()]);
        assert_eq!(merged.headline.as_deref(), Some("印刷标题"));
        assert_eq!(merged.page.as_deref(), Some("02"));
        // An empty list is something said, not silence.
        assert_eq!(merged.credits, Some(Vec::new()));
        assert_eq!(MetaPatch::merge([low.clone(), high]).headline, low.headline);
        // `apply` lays a patch over finished metadata the same way.
        let mut meta = low.clone().into_meta();
        MetaPatch {
            page: Some("A01".into()),
            ..MetaPatch::default()
        }
        .apply(&mut meta);
        assert_eq!(
            (meta.headline, meta.page),
            (low.headline, Some("A01".into()))
        );
    }

    #[test]
    fn map_keys_and_invalid_dates() {
        let v: Value = serde_json::json!({"title": "标题", "date": "2023-12-18", "page": 1, "author": ["张三"], "color": "red"});
        let (p, w) = MetaPatch::from_map(v.as_object().unwrap(), "t").unwrap();
        assert_eq!(p.headline.as_deref(), Some("标题"));
        assert_eq!(p.page.as_deref(), Some("1"));
        assert_eq!(p.credits.unwrap()[0].name, "张三");
        assert_eq!(w.len(), 1);
        let bad: Value = serde_json::json!({"date": "2023-02-30"});
        let err = MetaPatch::from_map(bad.as_object().unwrap(), "sidecar x.json").unwrap_err();
        assert!(err.to_string().contains("sidecar x.json"), "{err}");
    }
}
