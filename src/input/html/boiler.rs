//! Is a line inside the body block article text or page furniture? Decided from the
//! line's own features, not from any site's wording: how much of it is link text, its
//! length and closing punctuation, bracketed command rows (【关闭】【打印】), and small
//! tables of generic words that only furniture uses (责任编辑, 下载 APP, 版权所有, 专线 +
//! a phone number). Each verdict carries its reason for `inspect`.

use crate::input::repair::is_han;

/// Sentence-closing punctuation: a line ending in one is running text.
pub const CLOSING: &[char] = &['。', '！', '？', '!', '?', '…', '」', '”', '』'];

fn n_chars(t: &str) -> usize {
    t.chars().count()
}

fn strip_brackets(t: &str) -> &str {
    t.trim()
        .trim_start_matches(['（', '(', '【', '[', '〔', '［', ' ', '　'])
        .trim()
}

/// Words that name the editor of a page: an editor line is never article text.
pub const EDITOR: &[&str] = &["责任编辑", "責任編輯", "责编", "責編"];
/// Roles that open a staff line (编辑：王华军, 美術：陳超雄).
pub const STAFF: &[&str] = &[
    "编辑", "編輯", "美编", "美術", "美术", "校对", "校對", "审核", "審核", "出品", "监制", "監製",
];
/// Words of app, follow and "click to see more" promotions.
const PROMO: &[&str] = &[
    "下载",
    "下載",
    "APP",
    "App",
    "客户端",
    "客戶端",
    "公众号",
    "公眾號",
    "扫码",
    "掃碼",
    "二维码",
    "二維碼",
    "专页",
    "專頁",
    "点击进入",
    "點擊進入",
    "进入【",
    "進入【",
    "更多精彩",
    "阅读全文",
    "閱讀全文",
    "关注我们",
    "關注我們",
    "加入好友",
    "快加入",
];
const HOTLINE: &[&str] = &[
    "专线",
    "專線",
    "热线",
    "熱線",
    "生命线",
    "生命線",
    "报料",
    "報料",
];
const COPYRIGHT: &[&str] = &[
    "版权所有",
    "版權所有",
    "All Rights Reserved",
    "未经授权",
    "未經授權",
    "不得转载",
    "不得轉載",
    "免责声明",
    "免責聲明",
    "版权声明",
    "版權聲明",
    "违法和不良信息",
    "違法和不良信息",
];
/// Labels over lists of other articles.
const RELATED: &[&str] = &[
    "相关阅读",
    "相關閱讀",
    "相关新闻",
    "相關新聞",
    "推荐阅读",
    "推薦閱讀",
    "延伸阅读",
    "延伸閱讀",
    "相关报道",
    "相關報導",
    "精彩推荐",
    "精彩推薦",
    "视频推荐",
    "視頻推薦",
    "热门新闻",
    "熱門新聞",
    "猜你喜欢",
    "猜你喜歡",
    "可能感兴趣",
    "可能有興趣",
    "此前报道",
    "此前報道",
    "更多新闻",
    "更多新聞",
    "相关推荐",
    "相關推薦",
    "热点推荐",
    "熱點推薦",
    "热门推荐",
    "熱門推薦",
    "为你推荐",
    "為你推薦",
];

/// Why `text` (a paragraph of the body, trimmed) is furniture, or `None` for text.
/// `link_share` is the part of its characters inside links.
pub fn furniture(text: &str, link_share: f32) -> Option<&'static str> {
    let n = n_chars(text);
    if n == 0 {
        return None;
    }
    let closes = text.ends_with(CLOSING);
    if link_share >= 0.5 && n <= 200 {
        return Some("mostly link text");
    }
    if n <= 2 && !closes {
        return Some("too short for text");
    }
    if n <= 12 && !text.chars().any(is_han) && !text.chars().any(|c| c.is_ascii_digit()) {
        return Some("short line without Chinese text");
    }
    if n <= 8
        && ["字型", "字体", "字體", "字号", "字號"]
            .iter()
            .any(|k| text.contains(k))
    {
        return Some("font-size control");
    }
    if (text.starts_with('#') || text.starts_with('＃')) && n <= 30 {
        return Some("hashtag");
    }
    // Editor and staff lines before command rows: `【责任编辑:王萌】` is one bracketed
    // item too, but it names a person (an editorial credit), not a command.
    let inner = strip_brackets(text);
    if n <= 60 && EDITOR.iter().any(|e| text.contains(e)) {
        return Some("editor line");
    }
    if n <= 40
        && STAFF.iter().any(|s| {
            inner
                .strip_prefix(s)
                .is_some_and(|r| r.trim_start().starts_with([':', '：', '︰', '︱', '|']))
        })
    {
        return Some("staff line");
    }
    if bracket_commands(text) {
        return Some("row of bracketed commands");
    }
    if n <= 120
        && ["原标题", "原標題", "原题", "原題"]
            .iter()
            .any(|k| inner.starts_with(k))
    {
        return Some("original-title note of a reprint");
    }
    if n <= 40
        && [
            "来源",
            "來源",
            "本文来源",
            "稿件来源",
            "稿件來源",
            "文章来源",
            "新闻来源",
        ]
        .iter()
        .any(|k| {
            inner
                .strip_prefix(k)
                .is_some_and(|r| r.trim_start().starts_with([':', '：']))
        })
    {
        return Some("source line");
    }
    let wrapped =
        text.starts_with(['（', '(', '【', '[']) && text.ends_with(['）', ')', '】', ']']);
    if n <= 80 && (!closes || wrapped) && PROMO.iter().any(|p| text.contains(p)) {
        return Some("promotion");
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if n <= 80 && !closes && digits >= 4 && HOTLINE.iter().any(|h| text.contains(h)) {
        return Some("hotline notice");
    }
    if ["关心你", "關心你", "关心您", "關心您"]
        .iter()
        .any(|k| text.contains(k))
        && (n <= 30
            || n <= 120
                && ["自杀", "自殺", "生命", "珍惜"]
                    .iter()
                    .any(|k| text.contains(k)))
    {
        return Some("care notice");
    }
    if n <= 150 && COPYRIGHT.iter().any(|c| text.contains(c)) {
        return Some("copyright or licence notice");
    }
    if n <= 120
        && (text.contains("浏览器") || text.contains("瀏覽器"))
        && ["兼容", "设置", "設定", "升级", "版本"]
            .iter()
            .any(|k| text.contains(k))
    {
        return Some("browser notice");
    }
    if n <= 60 && pager(text) {
        return Some("pager");
    }
    if n <= 60 && date_only(text) {
        return Some("date line");
    }
    // `☆…提醒您：…☆`, `★…★`: a notice set between two ornaments, never article text.
    let ornaments = ['☆', '★', '◆', '◇', '※', '■', '□', '●', '○'];
    if n <= 80
        && text
            .chars()
            .next()
            .is_some_and(|c| ornaments.contains(&c) && text.ends_with(c))
        && n > 2
    {
        return Some("notice between ornaments");
    }
    None
}

/// A label heading a list of other articles (相关新闻, 精彩视频推荐).
/// `【板前糾紛】`: a line that is only a bracketed label.
pub fn bracket_label(text: &str) -> bool {
    bracket_commands(text)
}

/// A picture that only decorates the page (logos, icons, end marks, spacers).
pub fn decoration(src: &str) -> bool {
    let s = src.to_ascii_lowercase();
    let file = s.rsplit('/').next().unwrap_or(&s);
    s.is_empty()
        || file.ends_with(".gif")
        || ["logo", "icon", "spacer", "blank", "end"]
            .iter()
            .any(|k| file.contains(k))
}

/// A site's icon or marker picture (`logo.png`, `end_news.png`, `icon_share.gif`), by
/// its file name: never a photo of the article.
pub fn icon(src: &str) -> bool {
    let s = src.to_ascii_lowercase();
    let file = s.split(['?', '#']).next().unwrap_or(&s);
    let file = file.rsplit('/').next().unwrap_or(file);
    ["logo", "icon", "spacer", "blank"]
        .iter()
        .any(|k| file.contains(k))
        || file.split(['_', '-', '.']).any(|part| part == "end")
}

pub fn related_label(text: &str) -> bool {
    let t = text.trim_end_matches([':', '：', '>', ' ']);
    n_chars(t) <= 10 && RELATED.iter().any(|r| t.contains(r))
}

/// `【关闭】【打印】`, `【1】【2】【3】`, `[纠错]`: nothing but short bracketed items.
fn bracket_commands(text: &str) -> bool {
    let mut rest = text.trim();
    let mut items = 0;
    while !rest.is_empty() {
        let Some(r) = rest.strip_prefix(['【', '[', '［']) else {
            return false;
        };
        let Some(end) = r.find(['】', ']', '］']) else {
            return false;
        };
        if n_chars(&r[..end]) > 8 {
            return false;
        }
        items += 1;
        rest = r[end..]
            .trim_start_matches(['】', ']', '］'])
            .trim_start_matches([' ', '　', '\u{a0}', '|', '｜']);
    }
    items > 0
}

/// `共2页 上一页 1 2 下一页`, `第 1 2 3 頁`: page numbers and the pager's words only.
fn pager(text: &str) -> bool {
    if !text.contains(['页', '頁']) {
        return false;
    }
    let mut rest = text.to_string();
    for w in [
        "上一页",
        "下一页",
        "上一頁",
        "下一頁",
        "首页",
        "尾页",
        "末页",
        "首頁",
        "尾頁",
        "末頁",
        "共",
        "第",
        "页",
        "頁",
        "转到",
        "跳转",
    ] {
        rest = rest.replace(w, "");
    }
    rest.chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || "<>«»‹›|｜/…·.[]【】".contains(c))
}

/// A line that is a date (and time, and a short source tag) and nothing else:
/// `2020-04-01 10:29`, `2018年09月16日 15:31 中時`.
fn date_only(text: &str) -> bool {
    if crate::input::html::meta::date_in(text).is_none() {
        return false;
    }
    // Labels of the dates (`發佈日期：… 最後更新日期：…`) are not text either.
    let mut text = text.to_string();
    for w in [
        "发布", "發佈", "發布", "发表", "發表", "更新", "最后", "最後", "日期", "时间", "時間",
    ] {
        text = text.replace(w, "");
    }
    let han = text
        .chars()
        .filter(|c| {
            is_han(*c)
                && !matches!(
                    c,
                    '年' | '月' | '日' | '时' | '時' | '分' | '星' | '期' | '周'
                )
        })
        .count();
    han <= 4 && !text.ends_with(CLOSING) && !text.contains('，')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icons_by_file_name() {
        assert!(icon("//static.ws.126.net/cnews/css13/img/end_news.png"));
        assert!(icon("/images/logo.png?v=2"));
        assert!(!icon(
            "https://mmbiz.qpic.cn/mmbiz_gif/AbCdE/640?wx_fmt=gif"
        ));
        assert!(!icon("https://example.com/2024/legend_photo.jpg"));
    }

    #[test]
    fn furniture_lines_of_unknown_sites() {
        for (line, share) in [
            ("【关闭】【打印】【返回顶部】", 0.0),
            ("【1】【2】【3】【4】", 0.0),
            ("【纠错】责任编辑：尹世杰", 0.0),
            ("（责编：汤诗瑶、丁涛）", 0.0),
            ("[责任编辑:肖春芳]", 0.0),
            ("编辑：王华军", 0.0),
            ("原标题：快讯！陈同佳刑满出狱", 0.0),
            ("（原题为《新年伊始，谈了啥？》）", 0.0),
            ("本文来源：澎湃新闻", 0.0),
            ("(本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP)", 0.0),
            ("进入【新浪财经股吧】讨论", 0.0),
            ("点击进入专题：", 0.0),
            ("自殺諮詢專線：0800-788995（24小時）", 0.0),
            ("★中時電子報關心您：再給自己一次機會，自殺解決不了問題", 0.0),
            ("☆某某電子報提醒您：新聞內容僅供參考☆", 0.0),
            ("共2页 上一页 1 2 下一页", 0.0),
            ("第 1 2 3 頁 下一頁", 0.0),
            (
                "發佈日期：2023-05-12 11:02最後更新日期：2023-05-12 12:15",
                0.0,
            ),
            ("#鄭文燦", 0.0),
            ("+1", 0.0),
            ("facebook", 0.0),
            ("小字型", 0.0),
            ("出品︱网易科学人栏目组 胖胖", 0.0),
            ("2020-04-01 10:29", 0.0),
            ("2018年09月16日 15:31  中時", 0.0),
            ("版权所有 某某网", 0.0),
            (
                "如遇日历牌无法正常显示，为IE版本兼容问题造成。请将您的浏览器设置为兼容模式。",
                0.0,
            ),
            ("香港国泰航空传解雇400员工", 1.0),
        ] {
            assert!(furniture(line, share).is_some(), "{line}");
        }
    }

    #[test]
    fn article_text_is_not_furniture() {
        for line in [
            "出狱了。",
            "编辑部收到了许多读者来信，大家纷纷表示支持。",
            "他说，用户可以下载APP查询，也可以拨打热线电话咨询。",
            "服务中心开通24小时服务热线，共受理各类诉求1536件，办结率达99.2%。",
            "2020年5月14日，习近平总书记主持召开中央政治局常委会会议时指出，要深化供给侧改革。",
            "点评：",
            "第一，中国特色社会主义制度和国家治理体系具有深厚的历史底蕴。",
            "【编前语】2020年1月1日出版的《求是》杂志发表习近平总书记重要文章。",
            "古人学问无遗力，少壮工夫老始成。",
        ] {
            assert_eq!(furniture(line, 0.1), None, "{line}");
        }
    }

    #[test]
    fn related_labels() {
        assert!(related_label("相关新闻"));
        assert!(related_label("精彩视频推荐"));
        assert!(!related_label("推荐阅读这本书的理由有很多"));
    }
}
