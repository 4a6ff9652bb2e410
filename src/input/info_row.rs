//! A news page's info row: the date (and time) with the source and the bylines beside
//! it, on one line, as sites print it under the headline:
//! `2023年07月07日 08:15  来源：福建日报`, `2023-01-20 10:35 聯合報／記者王小明、林小華／高雄即時報導`,
//! `发布时间：2023-07-07 来源：人民网 作者：张三 编辑：李四`.
//!
//! The row is recognised by its shape only: it starts with a date, and every part after
//! the date is a labelled source or credit, a byline, an outlet's name, a weekday or a
//! place's 报道 mark. One part that is none of these (a sentence) and the line is text.

use super::credits;
use crate::model::{Credit, Date};
use regex::Regex;
use std::sync::LazyLock;

/// What an info row says.
#[derive(Debug, Default, PartialEq)]
pub struct InfoRow {
    pub date: Option<Date>,
    pub publication: Option<String>,
    pub credits: Vec<Credit>,
}

static LEADING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[^\d\s：:]{2,6}\s*[：:]\s*)?(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(?:星期|周|週)[一二三四五六日天])?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?",
    )
    .expect("valid constant regex")
});

/// The longest row read as one.
const MAX_CHARS: usize = 80;

/// Outlets' names end so: 福建日报, 聯合報, 人民网, 新华社, 央视新闻.
const OUTLET_ENDS: &[&str] = &[
    "报", "報", "网", "網", "社", "台", "新闻", "新聞", "刊", "周刊", "週刊",
];

/// Labels of a source part (`来源：新华社`).
const SOURCE_LABELS: &[&str] = &[
    "来源",
    "來源",
    "稿源",
    "出处",
    "出處",
    "本文来源",
    "本文來源",
    "文章来源",
    "稿件来源",
];

/// The row's date, source and credits, when the whole line is such a row.
pub fn read(line: &str) -> Option<InfoRow> {
    let line = line.trim();
    // Cheap first: the row starts with a digit or a short label (most lines do neither).
    let labelled = || line.chars().take(8).any(|c| matches!(c, '：' | ':'));
    if !line.starts_with(|c: char| c.is_ascii_digit()) && !labelled() {
        return None;
    }
    if line.chars().count() > MAX_CHARS {
        return None;
    }
    let mut row = InfoRow::default();
    let rest = match LEADING_DATE.captures(line) {
        Some(caps) => {
            let rest = &line[caps.get(0)?.end()..];
            if rest.trim().is_empty() {
                // A bare date is the chrome table's to read.
                return None;
            }
            row.date = Date::new(
                caps[1].parse().ok()?,
                caps[2].parse().ok()?,
                caps[3].parse().ok()?,
            );
            rest
        }
        None => line,
    };
    let parts = rest
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '｜' | '丨' | '／' | '·'))
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let (mut source_next, mut labels) = (false, 0);
    for part in parts {
        if source_next {
            source_next = false;
            if outlet(part) {
                row.publication.get_or_insert_with(|| part.to_string());
                continue;
            }
        }
        if TIME.is_match(part) {
            continue;
        }
        if let Some((key, value)) = part.split_once(['：', ':']) {
            let (key, value) = (key.trim(), value.trim());
            if DATE_LABELS.contains(&key) {
                labels += 1;
                let d = super::html::meta::date_in(value)?;
                row.date.get_or_insert(d);
                continue;
            }
            if SOURCE_LABELS.contains(&key) {
                labels += 1;
                if value.is_empty() {
                    source_next = true;
                } else if value.chars().count() <= 12 {
                    row.publication.get_or_insert_with(|| value.to_string());
                } else {
                    return None;
                }
                continue;
            }
        }
        let credit = credits::parse_byline(credits::without_desk_code(part));
        if let Some(c) = credit.filter(|c| !c.is_empty()) {
            labels += usize::from(part.contains(['：', ':']));
            row.credits.extend(c);
        } else if outlet(part) {
            row.publication.get_or_insert_with(|| part.to_string());
        } else if !place_report(part) && !weekday(part) {
            return None;
        }
    }
    // Without a leading date, two labelled parts make the row (作者：… | 来源：…).
    let dated = row.date.is_some() && rest.len() < line.len();
    (dated || labels >= 2).then_some(row)
}

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,2}[:：]\d{2}(?:[:：]\d{2})?$").expect("valid constant regex")
});

/// Labels of a date part (`发布时间：2023-03-01`).
const DATE_LABELS: &[&str] = &[
    "发布时间",
    "發布時間",
    "发布日期",
    "时间",
    "時間",
    "日期",
    "出版時間",
    "出版时间",
    "更新时间",
    "更新時間",
];

/// An outlet's name: a few Han characters ending as outlets' names do.
pub fn outlet(part: &str) -> bool {
    let n = part.chars().count();
    (2..=8).contains(&n)
        && part.chars().all(crate::cjk::is_han)
        && OUTLET_ENDS.iter().any(|e| part.ends_with(e))
}

/// `高雄即時報導`, `台北报道`: where the story was reported from.
fn place_report(part: &str) -> bool {
    part.chars().count() <= 10
        && ["報導", "报道", "報道", "电", "電"]
            .iter()
            .any(|e| part.ends_with(e))
}

fn weekday(part: &str) -> bool {
    let n = part.chars().count();
    n == 3 && ["星期", "礼拜", "禮拜"].iter().any(|w| part.starts_with(w))
        || n == 2 && ["周", "週"].iter().any(|w| part.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(r: &InfoRow) -> Vec<&str> {
        r.credits.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn rows_of_date_source_and_bylines() {
        let r = read("2023年07月07日 08:15  来源：福建日报").expect("a row");
        assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2023-07-07"));
        assert_eq!(r.publication.as_deref(), Some("福建日报"));
        let r = read("2023-01-20 10:35 聯合報／記者王小明、林小華／高雄即時報導").expect("a row");
        assert_eq!(r.publication.as_deref(), Some("聯合報"));
        assert_eq!(names(&r), ["王小明", "林小華"]);
        let r = read("发布时间：2023-07-07 09:00 | 来源： 人民网 | 编辑：李四").expect("a row");
        assert_eq!(r.publication.as_deref(), Some("人民网"));
        assert_eq!(names(&r), ["李四"]);
    }

    #[test]
    fn rows_that_start_with_a_label() {
        let r = read("作者：李丽辉 | 来源：光明网 | 发布时间：2023-03-01 10:05").expect("a row");
        assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2023-03-01"));
        assert_eq!(r.publication.as_deref(), Some("光明网"));
        assert_eq!(names(&r), ["李丽辉"]);
        let r = read("本文来源：中国新闻网 作者：蔡敏婕 责任编辑：王晓易_NE0011").expect("a row");
        assert_eq!(r.publication.as_deref(), Some("中国新闻网"));
        assert_eq!(names(&r), ["蔡敏婕", "王晓易"]);
        assert_eq!(read("作者：李丽辉"), None);
        assert_eq!(read("时间：上午9时 地点：三楼会议室"), None);
    }

    #[test]
    fn sentences_and_bare_dates_are_no_rows() {
        assert_eq!(
            read("2023年7月7日，福建土楼申遗成功十五周年纪念活动举行。"),
            None
        );
        assert_eq!(read("2023年07月07日 星期五"), None);
        assert_eq!(read("2023-07-07 市政府召开常务会议研究部署工作"), None);
        assert_eq!(read("今天是2023年07月07日 来源：福建日报"), None);
    }
}
