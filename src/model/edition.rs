//! Editions: one day's paper. Groups articles by (publication, date) and orders them the
//! way the paper is printed: pages in natural order (A1 < A2 < A10 < B1; 01 < 02), articles
//! in input order within a page. Shared by every backend that makes one file per edition.

use super::{Article, Date};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// One day's paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition<'a> {
    pub publication: Option<String>,
    pub date: Option<Date>,
    /// Pages in print order.
    pub pages: Vec<PageGroup<'a>>,
}

/// The articles printed on one page (版面), in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageGroup<'a> {
    pub page: Option<String>,
    pub page_name: Option<String>,
    pub articles: Vec<&'a Article>,
}

impl Edition<'_> {
    /// File stem for this edition: `<publication>-<YYYY-MM-DD>`, `undated` when no date.
    pub fn file_stem(&self) -> String {
        edition_stem(self.publication.as_deref(), self.date)
    }

    /// The edition's title: publication and date.
    pub fn title(&self) -> String {
        edition_title(self.publication.as_deref(), self.date)
    }

    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.pages.iter().flat_map(|p| p.articles.iter().copied())
    }
}

impl PageGroup<'_> {
    /// How a reader sees the page: `第A1版 要闻`, `第01版`, or `要闻`.
    pub fn label(&self) -> String {
        match (&self.page, &self.page_name) {
            (Some(p), Some(n)) => format!("第{p}版 {n}"),
            (Some(p), None) => format!("第{p}版"),
            (None, Some(n)) => n.clone(),
            (None, None) => "未标版面".to_string(),
        }
    }
}

/// The file stem of the edition an article with this publication and date belongs to
/// (`<publication>-<YYYY-MM-DD>`, `undated` without a date): known before grouping, so a
/// batch run can plan editions without holding their articles.
pub fn edition_stem(publication: Option<&str>, date: Option<Date>) -> String {
    let publication = publication.unwrap_or("broadsheet");
    let date = date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".to_string());
    sanitize_file_name(&format!("{publication}-{date}"))
}

/// An edition's title: publication and date.
pub fn edition_title(publication: Option<&str>, date: Option<Date>) -> String {
    match (publication, date) {
        (Some(p), Some(d)) => format!("{p} {d}"),
        (Some(p), None) => p.to_string(),
        (None, Some(d)) => d.to_string(),
        (None, None) => "broadsheet".to_string(),
    }
}

/// Groups articles into editions. Editions come out sorted by publication then date
/// (undated last); pages in natural order; articles keep their input order within a page.
/// The result depends only on the articles and their order, never on the file system.
pub fn group_editions(articles: &[Article]) -> Vec<Edition<'_>> {
    type EditionKey = (Option<String>, Option<Date>);
    let mut editions: BTreeMap<EditionKey, Vec<&Article>> = BTreeMap::new();
    for a in articles {
        editions
            .entry((a.meta.publication.clone(), a.meta.date))
            .or_default()
            .push(a);
    }
    let mut out: Vec<Edition<'_>> = editions
        .into_iter()
        .map(|((publication, date), list)| {
            let mut pages: Vec<PageGroup<'_>> = Vec::new();
            for a in list {
                match pages.iter_mut().find(|p| p.page == a.meta.page) {
                    Some(p) => {
                        if p.page_name.is_none() {
                            p.page_name = a.meta.page_name.clone();
                        }
                        p.articles.push(a);
                    }
                    None => pages.push(PageGroup {
                        page: a.meta.page.clone(),
                        page_name: a.meta.page_name.clone(),
                        articles: vec![a],
                    }),
                }
            }
            pages.sort_by(|a, b| compare_pages(a.page.as_deref(), b.page.as_deref()));
            Edition {
                publication,
                date,
                pages,
            }
        })
        .collect();
    // Undated editions after dated ones of the same publication.
    out.sort_by(|a, b| {
        a.publication
            .cmp(&b.publication)
            .then_with(|| match (a.date, b.date) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
    });
    out
}

/// Sort key for a page label: letters compare as text, digit runs as numbers,
/// so A2 < A10 < B1 and 01 < 02 < 10. Pages without a label go last.
pub fn page_order_key(label: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut letters = String::new();
    let mut chars = label.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut n: u64 = 0;
            while let Some(&d) = chars.peek() {
                match d.to_digit(10) {
                    Some(v) => {
                        n = n.saturating_mul(10).saturating_add(u64::from(v));
                        chars.next();
                    }
                    None => break,
                }
            }
            key.push((std::mem::take(&mut letters), n));
        } else {
            letters.extend(c.to_uppercase());
            chars.next();
        }
    }
    if !letters.is_empty() {
        key.push((letters, 0));
    }
    key
}

fn compare_pages(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => page_order_key(x)
            .cmp(&page_order_key(y))
            .then_with(|| x.cmp(y)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Makes a string safe as a file name on every common file system.
pub fn sanitize_file_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trimmed = cleaned.trim().trim_matches('.');
    if trimmed.is_empty() {
        "untitled".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Meta;

    fn art(publication: &str, date: Option<&str>, page: Option<&str>, headline: &str) -> Article {
        Article {
            meta: Meta {
                publication: Some(publication.into()),
                date: date.map(|d| d.parse().unwrap()),
                page: page.map(Into::into),
                headline: Some(headline.into()),
                ..Meta::default()
            },
            body: vec![],
        }
    }

    #[test]
    fn pages_sort_naturally() {
        let mut labels = vec!["B1", "A10", "A2", "A1", "10", "02", "01"];
        labels.sort_by(|a, b| compare_pages(Some(a), Some(b)));
        assert_eq!(labels, vec!["01", "02", "10", "A1", "A2", "A10", "B1"]);
    }

    #[test]
    fn groups_by_publication_and_date_keeping_input_order_in_a_page() {
        let arts = vec![
            art("乙报", Some("2023-12-18"), Some("A2"), "x"),
            art("甲报", None, Some("01"), "u"),
            art("乙报", Some("2023-12-18"), Some("A1"), "y"),
            art("乙报", Some("2023-12-18"), Some("A2"), "z"),
            art("乙报", Some("2023-12-17"), Some("A1"), "w"),
        ];
        let eds = group_editions(&arts);
        let summary: Vec<(String, Vec<Vec<&str>>)> = eds
            .iter()
            .map(|e| {
                (
                    e.file_stem(),
                    e.pages
                        .iter()
                        .map(|p| {
                            p.articles
                                .iter()
                                .map(|a| a.meta.headline.as_deref().unwrap())
                                .collect()
                        })
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("乙报-2023-12-17".to_string(), vec![vec!["w"]]),
                (
                    "乙报-2023-12-18".to_string(),
                    vec![vec!["y"], vec!["x", "z"]]
                ),
                ("甲报-undated".to_string(), vec![vec!["u"]]),
            ]
        );
        assert_eq!(eds[1].pages[0].label(), "第A1版");
    }

    #[test]
    fn file_names_are_sanitised() {
        assert_eq!(sanitize_file_name("a/b:c"), "a_b_c");
        assert_eq!(sanitize_file_name(" .. "), "untitled");
    }
}
