//! Multi-article text exports: archive databases (人民日报图文数据库 and the like) save a
//! day's or a search's articles into one text file, each as a title line, a block of
//! labelled facts (作者：, 时间：, 版次：, 来源：) and the body. Each record is one article.
//!
//! The file is split only when the shape is unmistakable: at least two records, each a
//! short title line directly followed by two or more labelled fact lines, one of them an
//! author or a date. A single article's own head (one title, one 作者： line) never splits.
//!
//! Other tools put a separator between the articles instead: an ordinal line (`第2篇`),
//! which always splits, or a rule (`=====`, `-----`), which splits only when every part
//! opens like an article (a title, then a byline, a date or a labelled fact).

/// Label keys of a record's fact block; the first [`KEY_FACTS`] of them (who wrote it,
/// when) are the ones that make a fact block a record head.
#[rustfmt::skip]
const FACT_KEYS: &[&str] = &[
    "作者", "记者", "記者", "时间", "時間", "日期", "发布时间", "發布時間", "出版日期",
    "版次", "版号", "版面", "版名", "栏目", "欄目", "来源", "來源", "字数", "字數",
];
const KEY_FACTS: usize = 9;

/// The key of a labelled fact line (`作者：王小明` → `作者`), if it is one.
fn fact_key(line: &str) -> Option<&str> {
    let (key, value) = line.split_once(['：', ':'])?;
    let key = key.trim();
    (FACT_KEYS.contains(&key) && value.chars().count() <= 60).then_some(key)
}

/// A line that can be a record's title: short, not a fact, not a sentence.
fn title_like(line: &str) -> bool {
    let n = line.chars().count();
    (2..=60).contains(&n)
        && fact_key(line).is_none()
        && !line.ends_with(['。', '！', '？', '；', '，', '：', ':'])
}

/// The records of a multi-article export (each from its title line to the next title
/// line), or `None` when the text is one article. What comes before the first title is
/// the export's own header (the database's name, a search) when it is only short lines,
/// and is left out; otherwise it goes with the first record, so no text is lost.
pub fn split(text: &str) -> Option<Vec<&str>> {
    if let Some(records) = split_at_separators(text) {
        return Some(records);
    }
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for raw in text.split_inclusive('\n') {
        lines.push((at, raw.trim()));
        at += raw.len();
    }
    let mut heads = Vec::new();
    for (i, &(start, line)) in lines.iter().enumerate() {
        if !title_like(line) {
            continue;
        }
        let facts: Vec<&str> = lines[i + 1..]
            .iter()
            .map(|&(_, l)| l)
            .take_while(|l| fact_key(l).is_some())
            .filter_map(fact_key)
            .collect();
        if facts.len() >= 2 && facts.iter().any(|k| FACT_KEYS[..KEY_FACTS].contains(k)) {
            heads.push(start);
        }
    }
    if heads.len() < 2 {
        return None;
    }
    let header_only = text[..heads[0]]
        .lines()
        .map(str::trim)
        .all(|l| l.is_empty() || title_like(l));
    let mut records = Vec::with_capacity(heads.len());
    for (n, &start) in heads.iter().enumerate() {
        let from = if n == 0 && !header_only { 0 } else { start };
        let to = heads.get(n + 1).copied().unwrap_or(text.len());
        records.push(&text[from..to]);
    }
    Some(records)
}

/// A rule drawn between articles or sections: one mark repeated, five times or more.
pub fn is_rule(line: &str) -> bool {
    let t = line.trim();
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    "=-_*~#—－＝＊～─━·.".contains(first)
        && t.chars().count() >= 5
        && chars.all(|c| c == first || c == ' ')
}

/// An ordinal line numbering the articles of a file: `第2篇`, `【第二篇】`, `第 3 篇`.
pub fn is_ordinal(line: &str) -> bool {
    let t = line
        .trim()
        .trim_start_matches(['【', '[', '（', '('])
        .trim_end_matches(['】', ']', '）', ')']);
    let Some(inner) = t.strip_prefix('第').and_then(|r| r.strip_suffix('篇')) else {
        return false;
    };
    let inner = inner.trim();
    !inner.is_empty()
        && inner.chars().count() <= 4
        && inner
            .chars()
            .all(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十百".contains(c))
}

/// Whether a part of a file opens like an article: a title line, then within the next
/// three lines a byline, a date or a labelled fact.
fn opens_an_article(part: &str) -> bool {
    let mut lines = part.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    let title = first
        .split_once(['：', ':'])
        .filter(|(k, _)| matches!(k.trim(), "标题" | "標題" | "题目" | "Title" | "title"))
        .map_or(first, |(_, v)| v.trim());
    title_like(title)
        && lines.take(3).any(|l| {
            fact_key(l).is_some()
                || super::credits::parse_byline(l).is_some_and(|c| !c.is_empty())
                || (l.chars().count() <= 30 && super::html::meta::date_in(l).is_some())
        })
}

/// The parts between separator lines, when they make the file several articles.
fn split_at_separators(text: &str) -> Option<Vec<&str>> {
    let (mut parts, mut ordinals, mut rules) = (Vec::new(), 0, 0);
    let (mut start, mut at) = (0, 0);
    for raw in text.split_inclusive('\n') {
        let (ordinal, rule) = (is_ordinal(raw), is_rule(raw));
        if ordinal || rule {
            ordinals += usize::from(ordinal);
            rules += usize::from(rule);
            parts.push(&text[start..at]);
            start = at + raw.len();
        }
        at += raw.len();
    }
    if ordinals + rules == 0 {
        return None;
    }
    parts.push(&text[start..]);
    parts.retain(|p| !p.trim().is_empty());
    let split = parts.len() >= 2 && (ordinals >= 2 || parts.iter().all(|p| opens_an_article(p)));
    split.then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = "人民日报图文数据库\n\n\
        乐陵召开重点项目推进会\n作者：王小明\n时间：2020-01-15\n版次：02\n\n\
        本报讯　会议听取了各镇街重点项目进展情况汇报。\n\n\
        春节前后市场供应充足\n作者：李华\n时间：2020-01-15\n\n\
        本报讯　记者走访了全市各大超市。\n";

    #[test]
    fn each_title_with_a_fact_block_starts_a_record() {
        let r = split(EXPORT).expect("two records");
        assert_eq!(r.len(), 2);
        // The export's header line is no part of the first article.
        assert!(r[0].starts_with("乐陵召开重点项目推进会\n作者：王小明"));
        assert!(r[0].contains("推进会") && !r[0].contains("春节"));
        assert!(r[1].starts_with("春节前后市场供应充足\n作者：李华"));
        assert!(EXPORT.ends_with(&r.concat()), "nothing lost or doubled");
        // Text before the first record that is more than a header stays with it.
        let intro = format!("编者按：本期汇集三篇报道，供读者参阅。\n{}", &EXPORT[29..]);
        assert_eq!(split(&intro).expect("records").concat(), intro);
    }

    #[test]
    fn one_article_with_its_own_head_is_not_split() {
        let one = "乐陵召开重点项目推进会\n作者：王小明\n时间：2020-01-15\n\n正文。\n";
        assert_eq!(split(one), None);
        // Labelled lines inside a body (a notice's own 时间：/地点：) start nothing.
        let notice =
            "通知\n作者：办公室\n时间：2020-01-15\n\n会议安排\n时间：上午9时\n地点：三楼\n";
        assert_eq!(split(notice), None);
    }

    #[test]
    fn separators_split_when_each_part_is_an_article() {
        let t = "第1篇\n甲地新闻\n本报记者 王小明\n\n　　正文一。\n------\n第2篇\n乙地新闻\n本报记者 李华\n\n　　正文二。\n";
        let r = split(t).expect("two records");
        assert_eq!(r.len(), 2);
        assert!(r[0].starts_with("甲地新闻") && r[0].contains("正文一") && !r[0].contains("---"));
        assert!(r[1].starts_with("乙地新闻") && r[1].ends_with("正文二。\n"));
        let t = "甲地新闻\n2023-05-01\n正文一。\n=====\n乙地新闻\n2023-05-02\n正文二。\n=====\n";
        assert_eq!(split(t).map(|r| r.len()), Some(2));
        // A rule inside one article (before a box or a note) splits nothing.
        let one =
            "甲地新闻\n本报记者 王小明\n\n　　正文一。\n-----\n　　编者按：以上内容仅供参考。\n";
        assert_eq!(split(one), None);
        assert!(is_rule("==========") && is_rule("- - - - -") && !is_rule("——网友留言——"));
        assert!(is_ordinal("第2篇") && is_ordinal("【第十二篇】") && !is_ordinal("第2篇文章"));
    }

    #[test]
    fn a_fact_block_needs_an_author_or_a_date() {
        let t = "甲\n版次：01\n来源：本报\n\n正文。\n乙\n版次：02\n来源：本报\n\n正文。\n";
        assert_eq!(split(t), None);
    }
}
