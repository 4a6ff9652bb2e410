//! Self-media pages (WeChat official accounts, 今日头条, 百家号, 网易号, 搜狐号): the
//! article belongs to an account, which the page names in its own element rather than in
//! `og:site_name` (that says 微信公众平台, the platform) or a 来源 line. The account is the
//! site the article was published on. WeChat also prints its author beside the account
//! and dates the article only in a script (`var ct = "1718188200"`), since
//! `#publish_time` is filled in by that script.

use super::dom;
use super::meta::person_like;
use crate::input::meta::MetaPatch;
use crate::model::{Credit, Date};
use regex::Regex;
use scraper::{Html, Selector};
use std::sync::LazyLock;

/// The elements that name the publishing account, as each platform marks it up.
const ACCOUNT: &[&str] = &[
    // WeChat: the nickname link under the title.
    "#js_name",
    // 今日头条: the account link in the meta line under the title.
    ".article-meta .name",
    // 百家号: the account's home-page link beside the date.
    "a[href*='author.baidu.com/home'] p",
];
/// 搜狐号 (and Sina's channels) keep the account in a media-id meta. Portals set it on
/// their own pages too (新浪财经 on a 新浪网 page), so it names the site only when the
/// page names none.
static MEDIA_ID: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("meta[name=mediaid]").expect("valid selector"));

/// WeChat's author slot: the plain meta texts beside the account (not the date, the
/// IP location or the 原创 mark, which have ids of their own).
static AUTHOR: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse("#meta_content > .rich_media_meta_text:not([id])").expect("valid selector")
});
static SELECTORS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    ACCOUNT
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .collect()
});
static SCRIPT: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("script").expect("valid selector"));
/// `var ct = "1718188200";` (publish time, Unix seconds).
static CT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|[\s;,])(?:var\s+)?ct\s*=\s*["']?(\d{9,10})["']?"#)
        .expect("valid constant regex")
});

/// The 原创 mark, set in the author's slot by older pages (no id of its own).
const ORIGINAL_MARK: &[&str] = &["原创", "原創", "转载", "轉載"];

/// Chinese platforms date in China time (UTC+8): an article posted at 00:30 there is
/// still the previous day in UTC.
const CHINA_OFFSET_SECS: i64 = 8 * 3600;

/// What a self-media page says about its account, author and date.
#[derive(Debug, Default)]
pub struct Account {
    pub patch: MetaPatch,
    /// The media-id meta's account: the site when nothing else names one.
    pub media_id: Option<String>,
    /// The author printed beside the account (a person's name only).
    pub author: Option<Credit>,
}

pub fn read(doc: &Html) -> Account {
    let mut out = Account::default();
    out.patch.site = SELECTORS.iter().find_map(|s| {
        doc.select(s).find_map(|el| {
            let name = dom::text_of(*el);
            (!name.is_empty() && name.chars().count() <= 30).then_some(name)
        })
    });
    out.media_id = doc
        .select(&MEDIA_ID)
        .filter_map(|m| m.value().attr("content"))
        .map(str::trim)
        .find(|c| !c.is_empty() && c.chars().count() <= 30)
        .map(str::to_string);
    out.patch.date = doc.select(&SCRIPT).find_map(|s| {
        let text: String = s.text().collect();
        let secs: i64 = CT.captures(&text)?.get(1)?.as_str().parse().ok()?;
        Date::from_unix_seconds(secs + CHINA_OFFSET_SECS)
    });
    out.author = doc
        .select(&AUTHOR)
        .map(|el| dom::text_of(*el))
        .find(|t| {
            person_like(t)
                && !ORIGINAL_MARK.contains(&t.as_str())
                && Some(t) != out.patch.site.as_ref()
        })
        .map(|name| Credit {
            role: "作者".into(),
            name,
        });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wechat_account_author_and_script_date() {
        let doc = Html::parse_document(
            r#"<div id=meta_content><span id=copyright_logo class="rich_media_meta meta_tag_text">原创</span>
            <span class="rich_media_meta rich_media_meta_text">张晓燕</span>
            <span id=profileBt><a id=js_name> 德州发布 </a></span>
            <em id=publish_time class="rich_media_meta rich_media_meta_text"></em></div>
            <script>var nickname = "x"; var ct = "1718209800";</script>"#,
        );
        let a = read(&doc);
        assert_eq!(a.patch.site.as_deref(), Some("德州发布"));
        // 16:30 UTC is already the next day in China.
        assert_eq!(
            a.patch.date.map(|d| d.to_string()).as_deref(),
            Some("2024-06-13")
        );
        assert_eq!(a.author.map(|c| c.name).as_deref(), Some("张晓燕"));
    }

    #[test]
    fn an_institution_or_the_original_mark_is_no_author() {
        let doc = Html::parse_document(
            r#"<div id=meta_content><span class="rich_media_meta rich_media_meta_text">原创</span><span class="rich_media_meta rich_media_meta_text">德州日报</span></div>
            <script>var act = "1718209800";</script>"#,
        );
        let a = read(&doc);
        assert!(a.author.is_none());
        assert!(a.patch.date.is_none() && a.patch.site.is_none());
    }

    #[test]
    fn account_links_and_media_metas() {
        let toutiao = Html::parse_document(
            "<div class=article-meta><span>2024-06-12 18:30</span><span class=name><a>农民日报</a></span></div>",
        );
        assert_eq!(read(&toutiao).patch.site.as_deref(), Some("农民日报"));
        let sohu = Html::parse_document("<head><meta name=mediaid content=南方都市报></head>");
        assert_eq!(read(&sohu).media_id.as_deref(), Some("南方都市报"));
        assert!(read(&sohu).patch.site.is_none());
    }
}
