//! What a page's `<head>` says about its article: `<title>` (site suffix stripped),
//! OpenGraph (`og:title`, `og:site_name`), `article:published_time`, `<meta name=author>`
//! and JSON-LD (`NewsArticle` headline, datePublished, author, publisher).

use crate::input::credits;
use crate::input::meta::MetaPatch;
use crate::model::{Credit, Date};
use regex::Regex;
use scraper::{Html, Selector};
use serde_json::Value;
use std::sync::LazyLock;

/// What the `<head>` says: the article's fields as a patch (headline, site, publisher,
/// date, authors as credits), and the raw titles and address the reader matches against
/// the page.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    pub patch: MetaPatch,
    /// `<title>` as written.
    pub title: Option<String>,
    pub og_title: Option<String>,
    pub ld_headline: Option<String>,
    /// The page's own address (canonical link or `og:url`).
    pub url: Option<String>,
    /// The language the page declares: `<html lang>`, else `og:locale` or a
    /// `content-language` meta (checked against the text, see
    /// [`crate::input::lang::declared_or_guess`]).
    pub declared_lang: Option<String>,
    pub found: Vec<&'static str>,
}

impl PageMeta {
    /// The best headline the head offers: JSON-LD, then OpenGraph, then `<title>`, each
    /// without a trailing site name.
    fn headline(&self) -> Option<String> {
        [&self.ld_headline, &self.og_title, &self.title]
            .into_iter()
            .flatten()
            .map(|t| strip_site_suffix(t, self.patch.site.as_deref()))
            .find(|t| !t.is_empty())
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|_| Selector::parse("never-matches-anything").expect("valid"))
}

static TITLE: LazyLock<Selector> = LazyLock::new(|| sel("title"));
static META: LazyLock<Selector> = LazyLock::new(|| sel("meta[content]"));
static HTML_LANG: LazyLock<Selector> = LazyLock::new(|| sel("html[lang]"));
static LD: LazyLock<Selector> = LazyLock::new(|| sel(r#"script[type="application/ld+json"]"#));
static TIME: LazyLock<Selector> = LazyLock::new(|| sel("time[datetime]"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| sel("link[rel=canonical][href]"));
static DATE_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    // The year may stand apart from the month and day: news sites print the parts in
    // separate elements (`<span>2024</span><span>05/10</span>` reads "2024 05/10").
    Regex::new(r"(\d{4})(?:\s*[-/.年]\s*|\s+)(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
        .expect("valid constant regex")
});

/// The first calendar date in `s` (`2023-12-18 08:30:00`, `2023-12-18T08:30:00+08:00`,
/// `2023年12月18日`, `2023 12/18`).
pub fn date_in(s: &str) -> Option<Date> {
    let c = DATE_IN_TEXT.captures(s)?;
    Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// `标题 - 某某网` / `标题_某某网` / `标题 | 某某网` → `标题`. With a known site name only
/// that name is stripped; otherwise the last part goes when it is short.
pub fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let t = title.trim();
    if let Some(site) = site.filter(|s| !s.is_empty()) {
        for sep in [" - ", "_", " | ", "|", " — ", "－", "--", "-", "｜"] {
            if let Some(head) = t
                .strip_suffix(site)
                .and_then(|h| h.trim_end().strip_suffix(sep.trim()))
            {
                // 标题 | 版面 | 频道 | 网站: the parts before the site go too.
                return strip_site_suffix(head.trim(), None);
            }
        }
    }
    for sep in [" - ", "--", "_", " | ", "｜", " — ", "－"] {
        if let Some((head, tail)) = t.rsplit_once(sep)
            && !head.trim().is_empty()
            && tail.chars().count() <= 20
            && head.chars().count() >= 4
        {
            // 标题_版面_报纸 : strip repeatedly.
            return strip_site_suffix(head, None);
        }
    }
    // `标题-新华网`: a bare hyphen only before a name that reads as a site's.
    if let Some((head, tail)) = t.rsplit_once(['-', '－'])
        && head.chars().count() >= 4
        && (2..=10).contains(&tail.trim().chars().count())
        && SITE_ENDINGS.iter().any(|e| tail.trim().ends_with(e))
    {
        return head.trim().to_string();
    }
    t.to_string()
}

/// How the names of news sites and papers end.
const SITE_ENDINGS: &[&str] = &[
    "网", "網", "报", "報", "新闻", "新聞", "频道", "頻道", "在线", "在線", "日报", "時報", "时报",
];

/// A value that can be a person's name in an author field: a URL, a number or an
/// institution (中央通訊社, 新浪财经, 某某日报) is not.
pub fn person_like(name: &str) -> bool {
    let n = name.chars().count();
    let han = name
        .chars()
        .filter(|c| crate::input::repair::is_han(*c))
        .count();
    han >= 2
        && n <= 6
        && !name.contains([':', '/', '.', '@'])
        && !name.chars().any(|c| c.is_ascii_digit())
        && ![
            "社", "网", "網", "报", "報", "台", "财经", "財經", "新闻", "新聞", "日报", "中心",
            "频道",
        ]
        .iter()
        .any(|e| name.ends_with(e))
}

static EPAPER_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"nw\.D\d{6}[a-z]+_(\d{4})(\d{2})(\d{2})_\d+-([A-Za-z]?\d{1,3})\.htm")
        .expect("valid constant regex")
});
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[-/]?(\d{2})[-/]?(\d{2})/").expect("valid constant regex")
});

/// The print date and page of a link to a Founder e-paper article
/// (`nw.D110000renmrb_20200115_1-02.htm` → 2020-01-15, page 02): reprint pages link to
/// their print original. The first such link wins.
pub fn epaper_link(text: &str) -> Option<(Date, String)> {
    let c = EPAPER_LINK.captures(text)?;
    let date = Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
    Some((date, c[4].to_string()))
}

/// The edition date in a page's own URL path (`/cnt/news/20200809/…`, `/2020-08-09/`).
pub fn url_date(url: &str) -> Option<Date> {
    let c = URL_DATE.captures(url)?;
    Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// The last part of a `<title>` when it names the site or paper: `标题_要闻_齐鲁新闻网`
/// → `齐鲁新闻网`.
pub fn title_suffix(title: &str) -> Option<String> {
    let t = title.trim();
    let stripped = strip_site_suffix(t, None);
    if stripped == t {
        return None;
    }
    let tail = [" - ", "--", "_", " | ", "｜", " — ", "－", "-"]
        .iter()
        .filter_map(|sep| t.rsplit_once(sep).map(|(_, tail)| tail.trim()))
        .min_by_key(|tail| tail.len())?;
    (!tail.is_empty()).then(|| tail.to_string())
}

pub fn read(doc: &Html) -> PageMeta {
    let mut m = PageMeta::default();
    if let Some(t) = doc.select(&TITLE).next() {
        let text = super::dom::text_of(*t);
        if !text.is_empty() {
            m.title = Some(text);
            m.found.push("<title>");
        }
    }
    m.declared_lang = doc
        .select(&HTML_LANG)
        .next()
        .and_then(|h| h.value().attr("lang"))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    for el in doc.select(&META) {
        let e = el.value();
        let key = e
            .attr("property")
            .or_else(|| e.attr("name"))
            .or_else(|| e.attr("itemprop"))
            .or_else(|| e.attr("http-equiv"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let content = e.attr("content").unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        match key.as_str() {
            "og:title" => set(&mut m.og_title, content, &mut m.found, "og:title"),
            "og:url" => set(&mut m.url, content, &mut m.found, "og:url"),
            "og:site_name" => set(&mut m.patch.site, content, &mut m.found, "og:site_name"),
            "article:published_time"
            | "publishdate"
            | "pubdate"
            | "publish_time"
            | "datepublished"
            | "og:release_date"
                if m.patch.date.is_none() =>
            {
                m.patch.date = date_in(content);
                m.found.push("published date");
            }
            "author" | "article:author" if m.patch.credits.as_ref().is_none_or(Vec::is_empty) => {
                m.patch.credits = Some(authors_from(content, "作者"));
                m.found.push("meta author");
            }
            "sitename" | "site_name" => set(&mut m.patch.site, content, &mut m.found, "site name"),
            "og:locale" | "content-language" | "language" => set(
                &mut m.declared_lang,
                content,
                &mut m.found,
                "declared language",
            ),
            _ => {}
        }
    }
    if m.url.is_none()
        && let Some(href) = doc
            .select(&CANONICAL)
            .next()
            .and_then(|l| l.value().attr("href"))
    {
        m.url = Some(href.trim().to_string());
        m.found.push("canonical link");
    }
    if m.patch.date.is_none()
        && let Some(t) = doc.select(&TIME).next()
    {
        m.patch.date = t.value().attr("datetime").and_then(date_in);
    }
    for script in doc.select(&LD) {
        let text: String = script.text().collect();
        let Ok(v) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        if let Some(article) = find_article(&v) {
            m.found.push("JSON-LD");
            read_ld(article, &mut m);
            break;
        }
    }
    m.patch.headline = m.headline();
    m
}

fn set(slot: &mut Option<String>, v: &str, found: &mut Vec<&'static str>, what: &'static str) {
    if slot.is_none() {
        *slot = Some(v.to_string());
        found.push(what);
    }
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "BlogPosting",
];

/// The first article object in a JSON-LD value (an object, an array or an `@graph`),
/// found with an explicit stack.
fn find_article(v: &Value) -> Option<&serde_json::Map<String, Value>> {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(o) => {
                let is_article = match o.get("@type") {
                    Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                    Some(Value::Array(ts)) => ts
                        .iter()
                        .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                    _ => false,
                };
                if is_article {
                    return Some(o);
                }
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
            }
            _ => {}
        }
    }
    None
}

fn name_of(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.trim().to_string()],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| vec![s.trim().to_string()])
            .unwrap_or_default(),
        Value::Array(items) => items.iter().flat_map(name_of).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

fn read_ld(o: &serde_json::Map<String, Value>, m: &mut PageMeta) {
    if let Some(h) = o.get("headline").and_then(Value::as_str) {
        m.ld_headline = Some(h.trim().to_string()).filter(|h| !h.is_empty());
    }
    if let Some(d) = o
        .get("datePublished")
        .and_then(Value::as_str)
        .and_then(date_in)
    {
        m.patch.date = Some(d);
    }
    if let Some(a) = o.get("author") {
        let names = name_of(a);
        if !names.is_empty() {
            m.patch.credits = Some(names.iter().flat_map(|n| authors_from(n, "作者")).collect());
        }
    }
    if let Some(p) = o
        .get("publisher")
        .map(name_of)
        .and_then(|n| n.into_iter().next())
    {
        m.patch.publisher = Some(p);
    }
}

/// Names from an author field: a byline (本报记者 张三), else a list split on 、,，;； and
/// spaces, each with `role`.
pub fn authors_from(s: &str, role: &str) -> Vec<Credit> {
    let s = s.trim();
    if s.is_empty() {
        return Vec::new();
    }
    if let Some(c) = credits::parse_byline(s).filter(|c| !c.is_empty()) {
        return c;
    }
    s.split(['、', ',', '，', ';', '；', '/', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|name| Credit {
            role: role.to_string(),
            name: name.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffixes_are_stripped() {
        assert_eq!(
            strip_site_suffix("春耕正当时 - 德州新闻网", None),
            "春耕正当时"
        );
        assert_eq!(
            strip_site_suffix("春耕正当时_要闻_大众日报", None),
            "春耕正当时"
        );
        assert_eq!(
            strip_site_suffix("春耕正当时|某某网", Some("某某网")),
            "春耕正当时"
        );
        assert_eq!(strip_site_suffix("A-B 测试", None), "A-B 测试");
        assert_eq!(strip_site_suffix("冬季供暖--乐陵市报", None), "冬季供暖");
        assert_eq!(
            title_suffix("黄河流域_要闻_齐鲁新闻网").as_deref(),
            Some("齐鲁新闻网")
        );
        assert_eq!(
            title_suffix("科技小院｜农民日报").as_deref(),
            Some("农民日报")
        );
        assert_eq!(title_suffix("大众日报数字报"), None);
        assert_eq!(
            title_suffix("城市书房开到家门口-某某网").as_deref(),
            Some("某某网")
        );
        assert_eq!(
            strip_site_suffix("法国全国大罢工再次严重影响交通-新华网", None),
            "法国全国大罢工再次严重影响交通"
        );
        assert_eq!(
            strip_site_suffix("是你嗎？ 1-2月期發票千萬獎開出18張", None),
            "是你嗎？ 1-2月期發票千萬獎開出18張"
        );
        assert_eq!(
            strip_site_suffix(
                "索尼業績遭波及 | 兩岸焦點 | 兩岸 | 經濟日報",
                Some("經濟日報")
            ),
            "索尼業績遭波及"
        );
    }

    #[test]
    fn authors_that_are_people() {
        for n in ["张三", "林宸誼", "欧阳小明"] {
            assert!(person_like(n), "{n}");
        }
        for n in [
            "https:",
            "www.facebook.com",
            "中央通訊社",
            "新浪财经",
            "104363",
            "蘋果日報",
            "Central",
        ] {
            assert!(!person_like(n), "{n}");
        }
    }

    #[test]
    fn dates_and_pages_in_links() {
        assert_eq!(
            epaper_link(
                "href=\"http://zqb.cyol.com/html/2024-05/13/nw.D110000zgqnb_20240513_1-07.htm\""
            ),
            Some(("2024-05-13".parse().unwrap(), "07".to_string()))
        );
        assert_eq!(epaper_link("content_548643.htm"), None);
        assert_eq!(
            url_date("https://x/cnt/news/20200809/00174_001.html"),
            "2020-08-09".parse().ok()
        );
        assert_eq!(
            url_date("https://x/a/2020-08-09/1.html"),
            "2020-08-09".parse().ok()
        );
        assert_eq!(url_date("https://x/a/123456789/1.html"), None);
    }

    #[test]
    fn dates_in_datetimes() {
        assert_eq!(
            date_in("2023-12-18T08:30:00+08:00"),
            "2023-12-18".parse().ok()
        );
        assert_eq!(date_in("2023-12-18 08:30:00"), "2023-12-18".parse().ok());
        assert_eq!(date_in("2023年12月8日 星期一"), "2023-12-08".parse().ok());
        assert_eq!(date_in("2023-13-45"), None);
        // The parts in separate elements: <span>2024</span><span>05/10</span> 09:38.
        assert_eq!(date_in(" 2024  05/10  09:38:21"), "2024-05-10".parse().ok());
        assert_eq!(date_in("第2024 号"), None);
    }

    #[test]
    fn json_ld_news_article_in_a_graph() {
        let doc = Html::parse_document(
            r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","headline":"标题","datePublished":"2024-01-02T10:00:00+08:00","author":[{"@type":"Person","name":"张三"},{"name":"李四"}],"publisher":{"@type":"Organization","name":"某某日报社"}}]}</script></head></html>"#,
        );
        let m = read(&doc);
        assert_eq!(m.ld_headline.as_deref(), Some("标题"));
        assert_eq!(m.patch.headline.as_deref(), Some("标题"));
        assert_eq!(m.patch.date, "2024-01-02".parse().ok());
        assert_eq!(m.patch.credits.map(|c| c.len()), Some(2));
        assert_eq!(m.patch.publisher.as_deref(), Some("某某日报社"));
    }
}
