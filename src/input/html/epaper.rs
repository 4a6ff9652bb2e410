//! Founder e-paper pages (方正 翔宇, behind most Chinese e-papers): the
//! `<!--enpproperty <title>…</title>…/enpproperty-->` comment with the article's
//! metadata, and the body in `#ozoom`, `.founder-content`, `<founder-content>` or between
//! `<!--enpcontent-->` and `<!--/enpcontent-->`.

use crate::input::meta::MetaPatch;
use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use std::sync::LazyLock;

static ENP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--\s*enpproperty(.*?)/enpproperty\s*-->").expect("valid constant regex")
});
static FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<([a-z]+)>(.*?)</([a-z]+)>").expect("valid constant regex"));

/// Reads the `enpproperty` comment, if the page has one, as a patch: `title` is the
/// headline, `introtitle` the kicker, `subtitle` the subtitle, `nodename` the page name,
/// `date` the date (its first calendar date) and `author` the credits (with an author
/// field, always a list, even empty). Looks only at the first 64 KiB (the comment sits
/// in the head).
pub fn property(text: &str) -> Option<MetaPatch> {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let inner = ENP.captures(&text[..end])?.get(1)?.as_str();
    let mut p = MetaPatch::default();
    for c in FIELD.captures_iter(inner) {
        if c[1] != c[3] {
            continue;
        }
        let value = crate::input::repair::decode_entities(c[2].trim()).into_owned();
        let value = Some(value).filter(|v| !v.is_empty());
        match &c[1] {
            "date" => p.date = value.as_deref().and_then(super::meta::date_in),
            "author" => p.credits = value.map(|a| super::meta::authors_from(&a, "作者")),
            "title" => p.headline = value,
            "subtitle" => p.subtitle = value,
            "introtitle" => p.kicker = value,
            "nodename" => p.page_name = value,
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
        let page = "<html><!--enpproperty <articleid>123</articleid><date>2023-12-18 08:00</date><author>张三</author><title>标题</title><keyword></keyword><subtitle>——副题</subtitle><introtitle>引题</introtitle><nodename>要闻</nodename>/enpproperty--><body>";
        let p = property(page).unwrap();
        assert_eq!(p.headline.as_deref(), Some("标题"));
        assert_eq!(p.kicker.as_deref(), Some("引题"));
        assert_eq!(p.subtitle.as_deref(), Some("——副题"));
        assert_eq!(p.page_name.as_deref(), Some("要闻"));
        assert_eq!(p.date, "2023-12-18".parse().ok());
        assert_eq!(p.credits.unwrap()[0].name, "张三");
        assert_eq!(property("<html></html>"), None);
        assert_eq!(
            marked_content("a<!-- enpcontent --><p>正文</p><!--/enpcontent-->b"),
            Some("<p>正文</p>")
        );
    }
}
