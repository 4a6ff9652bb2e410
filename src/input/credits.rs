//! Bylines: "□本报记者胥爱珍本报通讯员苏安矗" → (本报记者, 胥爱珍), (本报通讯员, 苏安矗).
//!
//! Chinese bylines run roles and names together with no separator, so we scan for known
//! roles (longest first) and take the text between them as names. A line counts as a
//! byline only if it parses completely: every name short, nothing left over.

use crate::model::Credit;

/// Roles, longest first so 本报记者 wins over 记者. Single-character roles (文, 图, 摄)
/// are handled separately because they also occur inside names.
const ROLES: &[&str] = &[
    "人民日报记者",
    "中央社記者",
    "新華社記者",
    "本報記者",
    "本報通訊員",
    "特約記者",
    "實習記者",
    "攝影記者",
    "責任編輯",
    "通訊員",
    "實習生",
    "記者",
    "攝影",
    "編輯",
    "責編",
    "新华社通讯员",
    "本报特约记者",
    "本报见习记者",
    "本报实习记者",
    "本报首席记者",
    "本报摄影记者",
    "新华社记者",
    "中新社记者",
    "本报通讯员",
    "特约通讯员",
    "责任编辑",
    "本报记者",
    "特约记者",
    "见习记者",
    "实习记者",
    "首席记者",
    "摄影记者",
    "图片编辑",
    "通讯员",
    "实习生",
    "记者",
    "摄影",
    "编辑",
    "责编",
    "美编",
    "校对",
    "审核",
    "撰文",
    "作者",
    "文/图",
    "图/文",
    "文图",
    "来源",
];

/// Characters that mark a byline line or wrap a credit: □本报记者…, （记者 张三）.
const MARKERS: &[char] = &['□', '■', '●', '◆', '▲', '◇', '○', '★', '☆'];

/// The longest known role at the start of `s`, with its length in bytes.
fn role_at(s: &str) -> Option<&'static str> {
    ROLES.iter().copied().find(|r| s.starts_with(r))
}

/// Strips byline markers, surrounding brackets and spaces.
fn strip_wrapping(line: &str) -> &str {
    let mut s = line.trim().trim_start_matches(MARKERS).trim();
    loop {
        let inner = s
            .strip_prefix(['（', '(', '【', '['])
            .and_then(|x| x.strip_suffix(['）', ')', '】', ']']));
        match inner {
            Some(i) => s = i.trim(),
            None => return s,
        }
    }
}

fn is_name_char(c: char) -> bool {
    crate::input::repair::is_han(c) || c.is_alphabetic() || c == '·' || c == '•' || c == '.'
}

/// Splits a run of names: "张三 李四、王五" → three names. Names must be short (a
/// Chinese name is 2–4 characters; foreign names with · a little longer).
fn split_names(s: &str) -> Option<Vec<String>> {
    let names: Vec<String> = s
        .split([' ', '、', '，', ',', '　', '/', '／', '∕'])
        .map(|n| n.trim_matches([':', '：']).trim())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    let ok = !names.is_empty()
        && names.iter().all(|n| {
            let len = n.chars().count();
            n.chars().all(is_name_char) && (1..=8).contains(&len)
        });
    ok.then_some(names)
}

/// Drops the place of reporting that Taiwanese and Hong Kong bylines end with:
/// "記者陳志明／台北報導" → "記者陳志明".
fn strip_report_place(s: &str) -> &str {
    for sep in ['／', '/', '∕'] {
        if let Some((before, after)) = s.rsplit_once(sep) {
            let place = after.trim();
            let is_place = ["報導", "报道", "報道", "電", "电"]
                .iter()
                .any(|suffix| place.ends_with(suffix))
                && place.chars().count() <= 8;
            if is_place {
                return before.trim();
            }
        }
    }
    s
}

/// Parses a whole line as credits. Returns `None` unless every part of the line is a
/// role or a name (so ordinary sentences mentioning 记者 are not mistaken for bylines).
pub fn parse_byline(line: &str) -> Option<Vec<Credit>> {
    let s = strip_report_place(strip_wrapping(line));
    if s.is_empty() || s.chars().count() > 60 {
        return None;
    }
    // "张三 摄" / "本报记者 张三 摄": a trailing 摄 makes the names photographers.
    if let Some(rest) = s
        .strip_suffix("摄影")
        .or_else(|| s.strip_suffix('摄'))
        .or_else(|| s.strip_suffix('攝'))
    {
        let rest = rest.trim();
        // The role before the names (本报记者) is who they are; 摄 is what they did.
        let names = match parse_roles(rest) {
            Some(credits) => credits.into_iter().map(|c| c.name).collect(),
            None => split_names(rest)?,
        };
        return Some(
            names
                .into_iter()
                .map(|name| Credit {
                    role: "摄影".into(),
                    name,
                })
                .collect(),
        );
    }
    // "文/图 张三", "文 张三", "图 张三": single-character roles only at the start.
    for (prefix, role) in [
        ("文/图", "文/图"),
        ("文：", "文"),
        ("文:", "文"),
        ("文 ", "文"),
        ("图：", "图"),
        ("图:", "图"),
        ("图 ", "图"),
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let names = split_names(rest)?;
            return Some(
                names
                    .into_iter()
                    .map(|name| Credit {
                        role: role.into(),
                        name,
                    })
                    .collect(),
            );
        }
    }
    parse_roles(s)
}

/// Role, names, role, names … with roles found by scanning.
fn parse_roles(s: &str) -> Option<Vec<Credit>> {
    let role = role_at(s)?;
    let mut credits = Vec::new();
    let mut current = role;
    let mut rest = &s[role.len()..];
    loop {
        let rest_trim = rest.trim_start_matches([' ', ':', '：', '　']);
        // Find the next role after at least one name character.
        let mut next: Option<(usize, &'static str)> = None;
        for (i, _) in rest_trim.char_indices().skip(1) {
            if let Some(r) = role_at(&rest_trim[i..]) {
                next = Some((i, r));
                break;
            }
        }
        let (names_part, after) = match next {
            Some((i, r)) => (&rest_trim[..i], Some((i, r))),
            None => (rest_trim, None),
        };
        for name in split_names(names_part)? {
            credits.push(Credit {
                role: current.to_string(),
                name,
            });
        }
        match after {
            Some((i, r)) => {
                current = r;
                rest = &rest_trim[i + r.len()..];
            }
            None => return Some(credits),
        }
    }
}

/// Pulls credits out of a dateline opening a paragraph — "本报讯（记者 张三 通讯员 李四）" —
/// without changing the paragraph text (the dateline is printed as part of it).
pub fn dateline_credits(paragraph: &str) -> Vec<Credit> {
    let head: String = paragraph.chars().take(40).collect();
    let Some(open) = head.find(['（', '(']) else {
        return Vec::new();
    };
    let before = &head[..open];
    if !(before.ends_with('讯') || before.ends_with('电')) {
        return Vec::new();
    }
    let inner_start = open + head[open..].chars().next().map_or(1, char::len_utf8);
    let Some(close) = head[inner_start..].find(['）', ')']) else {
        return Vec::new();
    };
    parse_byline(&head[inner_start..inner_start + close]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(credits: Option<Vec<Credit>>) -> Vec<(String, String)> {
        credits
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.role, c.name))
            .collect()
    }

    fn p(role: &str, name: &str) -> (String, String) {
        (role.to_string(), name.to_string())
    }

    #[test]
    fn seed_byline_is_two_credits() {
        assert_eq!(
            pairs(parse_byline("□本报记者胥爱珍本报通讯员苏安矗")),
            vec![p("本报记者", "胥爱珍"), p("本报通讯员", "苏安矗")]
        );
    }

    #[test]
    fn spaced_bracketed_and_listed_names() {
        assert_eq!(
            pairs(parse_byline("（记者 张三 李四 通讯员 王五）")),
            vec![p("记者", "张三"), p("记者", "李四"), p("通讯员", "王五")]
        );
        assert_eq!(
            pairs(parse_byline("责任编辑：刘洋")),
            vec![p("责任编辑", "刘洋")]
        );
        assert_eq!(
            pairs(parse_byline("新华社记者 王小明")),
            vec![p("新华社记者", "王小明")]
        );
        assert_eq!(
            pairs(parse_byline("实习生 赵六")),
            vec![p("实习生", "赵六")]
        );
    }

    #[test]
    fn traditional_roles_and_report_place() {
        assert_eq!(
            pairs(parse_byline("記者陳志明／台北報導")),
            vec![p("記者", "陳志明")]
        );
        assert_eq!(
            pairs(parse_byline("本報記者 林美華")),
            vec![p("本報記者", "林美華")]
        );
    }

    #[test]
    fn photographers() {
        assert_eq!(
            pairs(parse_byline("本报记者 张三 摄")),
            vec![p("摄影", "张三")]
        );
        assert_eq!(pairs(parse_byline("王五摄")), vec![p("摄影", "王五")]);
        assert_eq!(pairs(parse_byline("文/图 李雷")), vec![p("文/图", "李雷")]);
    }

    #[test]
    fn sentences_are_not_bylines() {
        assert!(parse_byline("记者在现场看到，工人们正在忙碌。").is_none());
        assert!(parse_byline("项目攻坚构建现代产业体系").is_none());
        assert!(parse_byline("").is_none());
    }

    #[test]
    fn dateline_credits_are_read_but_text_stays() {
        assert_eq!(
            dateline_credits("本报讯（记者 张三 通讯员 李四）近日，我市召开会议。")
                .into_iter()
                .map(|c| (c.role, c.name))
                .collect::<Vec<_>>(),
            vec![p("记者", "张三"), p("通讯员", "李四")]
        );
        assert!(dateline_credits("近日（周一）我市召开会议。").is_empty());
    }
}
