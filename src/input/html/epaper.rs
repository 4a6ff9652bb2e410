//! Founder e-paper pages (方正 翔宇, behind most Chinese e-papers): the
//! `<!--enpproperty <title>…</title>…/enpproperty-->` comment with the article's
//! metadata, and the body in `#ozoom`, `.founder-content`, `<founder-content>` or between
//! `<!--enpcontent-->` and `<!--/enpcontent-->`.

use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use std::sync::LazyLock;

/// The fields of an `enpproperty` comment that broadsheet uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnpProperty {
    pub article_id: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub introtitle: Option<String>,
    pub nodename: Option<String>,
}

static ENP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--\s*enpproperty(.*?)/enpproperty\s*-->").expect("valid constant regex")
});
static FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<([a-z]+)>(.*?)</([a-z]+)>").expect("valid constant regex"));

/// Reads the `enpproperty` comment, if the page has one. Looks only at the first 64 KiB
/// (the comment sits in the head).
pub fn property(text: &str) -> Option<EnpProperty> {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let inner = ENP.captures(&text[..end])?.get(1)?.as_str();
    let mut p = EnpProperty::default();
    for c in FIELD.captures_iter(inner) {
        if c[1] != c[3] {
            continue;
        }
        let value = crate::input::repair::decode_entities(c[2].trim()).into_owned();
        let value = Some(value).filter(|v| !v.is_empty());
        match &c[1] {
            "articleid" => p.article_id = value,
            "date" => p.date = value,
            "author" => p.author = value,
            "title" => p.title = value,
            "subtitle" => p.subtitle = value,
            "introtitle" => p.introtitle = value,
            "nodename" => p.nodename = value,
            _ => {}
        }
    }
    Some(p)
}

static BODY: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse("#ozoom, .founder-content, founder-content").expect("valid constant selector")
});

/// The e-paper body element, with the selector that found it.
pub fn body(doc: &Html) -> Option<(ElementRef<'_>, &'static str)> {
    let el = doc.select(&BODY).next()?;
    let how = if el.value().id() == Some("ozoom") {
        "#ozoom"
    } else if el.value().name() == "founder-content" {
        "<founder-content>"
    } else {
        ".founder-content"
    };
    Some((el, how))
}

static MARKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--\s*enpcontent\s*-->(.*?)<!--\s*/enpcontent\s*-->")
        .expect("valid constant regex")
});

/// The markup between `<!--enpcontent-->` and `<!--/enpcontent-->`, if marked.
pub fn marked_content(text: &str) -> Option<&str> {
    Some(MARKERS.captures(text)?.get(1)?.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enpproperty_fields() {
        let page = "<html><!--enpproperty <articleid>123</articleid><date>2023-12-18</date><author>张三</author><title>标题</title><keyword></keyword><subtitle>——副题</subtitle><introtitle>引题</introtitle><nodename>要闻</nodename>/enpproperty--><body>";
        let p = property(page).unwrap();
        assert_eq!(p.article_id.as_deref(), Some("123"));
        assert_eq!(p.title.as_deref(), Some("标题"));
        assert_eq!(p.introtitle.as_deref(), Some("引题"));
        assert_eq!(p.subtitle.as_deref(), Some("——副题"));
        assert_eq!(p.nodename.as_deref(), Some("要闻"));
        assert_eq!(property("<html></html>"), None);
        assert_eq!(
            marked_content("a<!-- enpcontent --><p>正文</p><!--/enpcontent-->b"),
            Some("<p>正文</p>")
        );
    }
}
