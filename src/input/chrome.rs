//! The chrome table: which lines of a scraped page are site navigation or boilerplate,
//! and what metadata they give away. The rules themselves are data (`chrome.toml`); this
//! module only compiles them once and applies them.

use super::meta::MetaPatch;
use regex::{Regex, RegexSet};
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Drop,
    List,
    Tail,
    Mine,
}

#[derive(Debug)]
pub struct Rule {
    pub pattern: Regex,
    pub action: Action,
    /// The pattern has named groups: matching it can give metadata away.
    named: bool,
}

/// Metadata read from chrome lines: the paper, publisher, site, page and page name as a
/// patch, and the date as the line prints it (`2023年12月18日`), since readers differ on an
/// impossible one: the text reader refuses the file, the HTML reader passes over it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChromeMeta {
    pub patch: MetaPatch,
    pub date: Option<String>,
}

#[derive(Deserialize)]
struct RuleFile {
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
struct RawRule {
    pattern: String,
    action: Action,
}

/// The compiled table: every rule, and one set over the rules [`classify`] tries, so a
/// line is scanned once for all of them instead of once per rule.
struct Table {
    rules: Vec<Rule>,
    /// Over `rules[classified[k]]`, k in set order.
    set: RegexSet,
    classified: Vec<usize>,
    /// Over `rules[named[k]]`: the rules [`mine`] reads metadata with.
    named_set: RegexSet,
    named: Vec<usize>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    // The table is compiled into the binary and checked by a unit test, so a bad rule is
    // a build-time bug, not an input error.
    let raw = toml::from_str::<RuleFile>(include_str!("chrome.toml"))
        .map_or_else(|_| Vec::new(), |f| f.rule);
    let rules: Vec<Rule> = raw
        .into_iter()
        .filter_map(|r| {
            let pattern = Regex::new(&r.pattern).ok()?;
            let named = pattern.capture_names().flatten().next().is_some();
            Some(Rule {
                pattern,
                action: r.action,
                named,
            })
        })
        .collect();
    let classified: Vec<usize> = (0..rules.len())
        .filter(|&i| rules[i].action != Action::Mine)
        .collect();
    let set = RegexSet::new(classified.iter().map(|&i| rules[i].pattern.as_str()))
        .unwrap_or_else(|_| RegexSet::empty());
    let named: Vec<usize> = (0..rules.len()).filter(|&i| rules[i].named).collect();
    let named_set = RegexSet::new(named.iter().map(|&i| rules[i].pattern.as_str()))
        .unwrap_or_else(|_| RegexSet::empty());
    Table {
        rules,
        set,
        classified,
        named_set,
        named,
    }
});

/// The compiled rules, in file order.
pub fn rules() -> &'static [Rule] {
    &TABLE.rules
}

/// Chrome lines are short: navigation bars, labels, headers of boilerplate. A longer line
/// is body text, so the table is not even consulted (this keeps parsing fast).
const MAX_CHROME_CHARS: usize = 80;

/// The first rule matching `line` (already trimmed). `Mine` rules are skipped: they are
/// only for lines inside the tail.
pub fn classify(line: &str, meta: &mut ChromeMeta) -> Option<Action> {
    if line.len() > MAX_CHROME_CHARS * 4 || line.chars().count() > MAX_CHROME_CHARS {
        return None;
    }
    let table = &*TABLE;
    // Set indices come in increasing order, so the first is the first rule in the file.
    let first = table.set.matches(line).into_iter().next()?;
    let rule = &table.rules[*table.classified.get(first)?];
    if rule.named
        && let Some(caps) = rule.pattern.captures(line)
    {
        take_captures(&rule.pattern, &caps, meta);
    }
    Some(rule.action)
}

/// Reads metadata from a line inside the tail (disclaimer) with every rule that has
/// named captures.
pub fn mine(line: &str, meta: &mut ChromeMeta) {
    let table = &*TABLE;
    // One scan says which rules match; only those are run again for their captures.
    for k in table.named_set.matches(line).into_iter() {
        let Some(rule) = table.named.get(k).map(|&i| &table.rules[i]) else {
            continue;
        };
        if let Some(caps) = rule.pattern.captures(line) {
            take_captures(&rule.pattern, &caps, meta);
        }
    }
}

/// Words of site navigation, toolbars and share bars: a line made only of these (split at
/// spaces, brackets and bar separators) is chrome, whatever the site.
const LINK_WORDS: &[&str] = &[
    "打印",
    "打印本页",
    "打印文章",
    "关闭",
    "关闭窗口",
    "關閉",
    "關閉視窗",
    "返回",
    "返回顶部",
    "返回首页",
    "返回目录",
    "回到顶部",
    "收藏",
    "收藏本文",
    "加入收藏",
    "分享",
    "分享到",
    "转发",
    "轉寄",
    "字体",
    "字號",
    "字号",
    "字級",
    "大",
    "中",
    "小",
    "默认",
    "放大",
    "缩小",
    "上一篇",
    "下一篇",
    "上一页",
    "下一页",
    "评论",
    "發表評論",
    "发表评论",
    "登录",
    "登錄",
    "注册",
    "註冊",
    "首页",
    "首頁",
    "纠错",
    "举报",
    "复制链接",
    "微信",
    "微博",
    "QQ空间",
    "QQ",
    "facebook",
    "Facebook",
    "twitter",
    "Twitter",
    "LINE",
    "line",
    "列印",
    "友善列印",
    "繁體",
    "繁体",
    "简体",
    "簡體",
    "手机版",
    "English",
    "RSS",
    "更多",
    "推荐",
    "点赞",
    "收 藏",
    "查看原图",
    "我要纠错",
    "责任编辑",
];

/// Scores a line by its features rather than by one site's wording: a breadcrumb
/// (当前位置：首页 > 电子版 > 第01版：要闻), or a bar made only of link words
/// (【关闭】【打印】【返回顶部】, 【字体：大 中 小】 打印本页 关闭窗口). Reads the page label
/// out of a breadcrumb. Returns why the line is chrome.
pub fn line_features(line: &str, meta: &mut ChromeMeta) -> Option<&'static str> {
    let n = line.chars().count();
    if n > MAX_CHROME_CHARS {
        return None;
    }
    let crumbs = line.matches(['>', '»', '›', '＞']).count();
    let located = [
        "当前位置",
        "您的位置",
        "所在位置",
        "现在位置",
        "目前位置",
        "當前位置",
        "您現在的位置",
    ]
    .iter()
    .any(|w| line.starts_with(w));
    if located || (crumbs >= 2 && !line.contains(['。', '，'])) {
        for part in line.split(['>', '»', '›', '＞']) {
            let part = part.trim();
            let part = part
                .split_once(['：', ':'])
                .filter(|(k, _)| k.contains("位置"))
                .map_or(part, |(_, v)| v.trim());
            let _ = classify(part, meta);
        }
        return Some("breadcrumb");
    }
    // A call to click: 点击“阅读原文”查看更多, 点击进入专题, 點擊看更多.
    if n <= 24
        && ["点击", "點擊", "戳这里", "戳這裡"]
            .iter()
            .any(|w| line.starts_with(w))
        && !line.contains(['。', '，', ','])
    {
        return Some("a call to click");
    }
    let tokens = line
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '|' | '｜'
                        | '【'
                        | '】'
                        | '['
                        | ']'
                        | '·'
                        | '•'
                        | '/'
                        | '：'
                        | ':'
                        | '\u{3000}'
                )
        })
        .filter(|t| !t.is_empty());
    // Share prompts: 微信分享, 分享到, 分享让更多人看到.
    let link = |t: &str| {
        LINK_WORDS.contains(&t)
            || ((t.ends_with("分享") || t.starts_with("分享")) && t.chars().count() <= 16)
    };
    // One pass, no list: how many tokens, how many are link words, whether every other
    // token is short, and the length of the first.
    let (mut count, mut links, mut first_chars) = (0usize, 0usize, 0usize);
    for t in tokens {
        let chars = t.chars().count();
        if count == 0 {
            first_chars = chars;
        }
        count += 1;
        if link(t) {
            links += 1;
        } else if chars > 6 {
            // A long word that is no link word: no bar, whatever the rest (most lines
            // of text end here, at their first token).
            return None;
        }
    }
    if count == 0 {
        return None;
    }
    let bar = if count == 1 {
        links == 1 && first_chars >= 2 && n <= 16
    } else {
        links * 4 >= count * 3 && links >= 2
    };
    bar.then_some("a bar of link words")
}

fn take_captures(re: &Regex, caps: &regex::Captures<'_>, meta: &mut ChromeMeta) {
    for name in re.capture_names().flatten() {
        let Some(m) = caps.name(name) else { continue };
        let value: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
        if value.is_empty() {
            continue;
        }
        let slot = match name {
            "publication" => &mut meta.patch.publication,
            "publisher" => &mut meta.patch.publisher,
            "site" => &mut meta.patch.site,
            "page" => &mut meta.patch.page,
            "page_name" => &mut meta.patch.page_name,
            "date" => &mut meta.date,
            _ => continue,
        };
        // The first mention wins: later chrome (article lists) tends to be about other pages.
        if slot.is_none() {
            *slot = Some(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_compiles() {
        let file: RuleFile = toml::from_str(include_str!("chrome.toml")).unwrap();
        for r in &file.rule {
            Regex::new(&r.pattern).unwrap_or_else(|e| panic!("{}: {e}", r.pattern));
        }
        assert_eq!(rules().len(), file.rule.len());
        // See the table's header: a word boundary slows every line down.
        for r in &file.rule {
            assert!(!r.pattern.contains("\\b"), "{}", r.pattern);
        }
    }

    /// The set picks what trying each rule in file order would pick, on every line of the
    /// samples and the corpus (and the same metadata).
    #[test]
    fn the_set_agrees_with_rules_in_order() {
        let naive = |line: &str, meta: &mut ChromeMeta| {
            if line.chars().count() > MAX_CHROME_CHARS {
                return None;
            }
            let rule = rules()
                .iter()
                .find(|r| r.action != Action::Mine && r.pattern.is_match(line))?;
            if let Some(caps) = rule.pattern.captures(line) {
                take_captures(&rule.pattern, &caps, meta);
            }
            Some(rule.action)
        };
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut lines = 0;
        for dir in [
            "samples",
            "tests/corpus/txt/files",
            "tests/corpus/html/files",
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                let Ok(bytes) = std::fs::read(e.path()) else {
                    continue;
                };
                for line in String::from_utf8_lossy(&bytes).lines() {
                    let t = line.trim();
                    let (mut a, mut b) = (ChromeMeta::default(), ChromeMeta::default());
                    assert_eq!(classify(t, &mut a), naive(t, &mut b), "{t}");
                    assert_eq!(a, b, "{t}");
                    mine(t, &mut a);
                    for rule in rules() {
                        if let Some(caps) = rule.pattern.captures(t) {
                            take_captures(&rule.pattern, &caps, &mut b);
                        }
                    }
                    assert_eq!(a, b, "mine: {t}");
                    lines += 1;
                }
            }
        }
        assert!(lines > 1000);
    }

    fn page_of(line: &str) -> (Option<String>, Option<String>) {
        let mut m = ChromeMeta::default();
        assert_eq!(classify(line, &mut m), Some(Action::Drop), "{line}");
        (m.patch.page, m.patch.page_name)
    }

    #[test]
    fn page_labels_in_every_common_form() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(page_of("【第 A1 版:要闻】"), (s("A1"), s("要闻")));
        assert_eq!(page_of("第01版：要闻"), (s("01"), s("要闻")));
        assert_eq!(page_of("01版"), (s("01"), None));
        assert_eq!(page_of("A01版"), (s("A01"), None));
        assert_eq!(page_of("第A01版"), (s("A01"), None));
        assert_eq!(page_of("第3版 综合新闻"), (s("3"), s("综合新闻")));
    }

    #[test]
    fn publication_and_disclaimer_metadata() {
        let mut m = ChromeMeta::default();
        assert_eq!(
            classify("更多>>  乐陵市报近期报纸查看", &mut m),
            Some(Action::Drop)
        );
        assert_eq!(m.patch.publication.as_deref(), Some("乐陵市报"));
        assert_eq!(classify("免责声明", &mut m), Some(Action::Tail));
        mine(
            "德州新闻网是由德州日报社所创建的综合性网站,所刊登的",
            &mut m,
        );
        assert_eq!(m.patch.site.as_deref(), Some("德州新闻网"));
        assert_eq!(m.patch.publisher.as_deref(), Some("德州日报社"));
    }

    #[test]
    fn chrome_by_line_features() {
        let mut m = ChromeMeta::default();
        for line in [
            "【关闭】【打印】【返回顶部】",
            "【字体：大 中 小】 打印本页 关闭窗口",
            "分享到： 微信 微博 QQ空间",
            "facebook",
            "記者曾吉松／攝影分享",
            "分享让更多人看到",
            "点击“阅读原文”查看更多",
        ] {
            assert!(line_features(line, &mut m).is_some(), "{line}");
        }
        assert_eq!(
            line_features("当前位置：首页 > 电子版 > 第01版：要闻", &mut m),
            Some("breadcrumb")
        );
        assert_eq!(m.patch.page.as_deref(), Some("01"));
        for line in [
            "今年以来，全市上下坚持“一切围着项目转”。",
            "项目攻坚构建现代产业体系",
            "打印机厂的工人们",
            "大 中 小企业协同发展",
            "点击量超过一亿次，网友纷纷留言。",
        ] {
            assert!(line_features(line, &mut m).is_none(), "{line}");
        }
    }

    #[test]
    fn body_sentences_are_not_chrome() {
        let mut m = ChromeMeta::default();
        for line in [
            "今年以来,全市上下坚持“一切围着项目转”。",
            "项目攻坚构建现代产业体系",
            "第一版的稿件由记者采写。",
            "他在首页看到了这条新闻。",
            "记者点击阅读原文后发现，数据已更新。",
            "不少网友在评论区点赞。",
            "下载APP后，市民可在线预约挂号，不必再到窗口排队。",
            "声明：本人自愿放弃继承权。",
        ] {
            assert_eq!(classify(line, &mut m), None, "{line}");
        }
    }

    #[test]
    fn self_media_and_mobile_furniture() {
        let mut m = ChromeMeta::default();
        for (line, action) in [
            ("分享 收藏 点赞 在看", Action::Drop),
            ("分享收藏点赞在看", Action::Drop),
            ("举报/反馈", Action::Drop),
            ("▼ 点击“阅读原文”，了解更多", Action::Drop),
            ("预览时标签不可点", Action::Drop),
            ("微信扫一扫关注该公众号", Action::Drop),
            ("打开APP阅读全文", Action::Drop),
            ("下载新京报APP，阅读更多精彩内容", Action::Drop),
            ("展开全文", Action::Drop),
            ("返回搜狐，查看更多", Action::Drop),
            ("（转载请注明出处）", Action::Drop),
            ("发布于：广东省", Action::Drop),
            (
                "平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。",
                Action::Tail,
            ),
            (
                "本文来自百度“百家号”，作者：潇湘晨报。特别声明：以上内容为自媒体平台用户上传并发布。",
                Action::Tail,
            ),
        ] {
            assert_eq!(classify(line, &mut m), Some(action), "{line}");
        }
    }
}
