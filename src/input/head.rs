//! Which title line of a scraped head is the 引题 (kicker), the 主题 (headline) and the
//! 副题 (subtitle). Every reading — each choice of the headline line, lines above it
//! being kickers and lines below it subtitles — is scored by what the lines say about
//! themselves; the best reading wins, and its reasons are kept for `inspect`.
//!
//! Cues (from how Chinese papers set their heads):
//! - a kicker ends in ——, in ：, in a reporting verb (强调, 指出 …), or is a column label
//!   in 【】;
//! - a headline often carries a column tag at its end: （人民时评）, （权威发布）;
//! - a subtitle starts with —— or is a parenthesised note.
//!
//! Without cues, position decides: one line is a headline, two are headline + subtitle,
//! three are kicker + headline + subtitle, more are a headline and its subtitles.

const DASHES: &[&str] = &["——", "──", "--", "―", "—"];
const REPORTING_VERBS: &[&str] = &[
    "强调", "指出", "表示", "要求", "提出", "认为", "强調", "強調", "認為", "说", "說",
];

/// The roles of a head's title lines, by index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeadRoles {
    pub kickers: Vec<usize>,
    pub headline: Option<usize>,
    pub subtitles: Vec<usize>,
    /// Why: one line per cue that decided, for `inspect`.
    pub reasons: Vec<String>,
}

pub fn starts_dash(t: &str) -> bool {
    DASHES.iter().any(|d| t.starts_with(d))
}

pub fn ends_dash(t: &str) -> bool {
    DASHES.iter().any(|d| t.ends_with(d))
}

/// A column tag closing a headline: （人民时评）, (政策解读), 【深阅读】 — two to eight
/// characters in brackets after at least two characters of title.
pub fn column_tag(t: &str) -> bool {
    let Some(body) = t
        .strip_suffix('）')
        .or_else(|| t.strip_suffix(')'))
        .or_else(|| t.strip_suffix('】'))
    else {
        return false;
    };
    let Some(open) = body.rfind(['（', '(', '【']) else {
        return false;
    };
    let inner = &body[open..];
    let n = inner.chars().count().saturating_sub(1);
    (2..=10).contains(&n) && body[..open].chars().count() >= 2
}

/// The whole line in brackets: （…） or 【…】.
fn bracketed(t: &str) -> bool {
    (t.starts_with(['（', '(']) && t.ends_with(['）', ')']))
        || (t.starts_with('【') && t.ends_with('】'))
}

fn kicker_cue(t: &str) -> (i32, Option<&'static str>) {
    if starts_dash(t) {
        return (-4, None);
    }
    if ends_dash(t) {
        return (4, Some("ends in ——"));
    }
    if t.ends_with(['：', ':']) {
        return (3, Some("ends in ："));
    }
    if t.starts_with('【') && t.ends_with('】') {
        return (3, Some("a column label in 【】"));
    }
    if REPORTING_VERBS.iter().any(|v| t.ends_with(v)) {
        return (2, Some("ends in a reporting verb"));
    }
    if column_tag(t) {
        return (-2, None);
    }
    (0, None)
}

fn headline_cue(t: &str) -> (i32, Option<&'static str>) {
    if starts_dash(t) || ends_dash(t) {
        return (-4, None);
    }
    if bracketed(t) {
        return (-3, None);
    }
    if t.ends_with(['：', ':']) {
        return (-2, None);
    }
    if column_tag(t) {
        return (3, Some("carries a column tag"));
    }
    (0, None)
}

fn subtitle_cue(t: &str) -> (i32, Option<&'static str>) {
    if starts_dash(t) {
        return (4, Some("starts with ——"));
    }
    if t.starts_with(['（', '(']) && t.ends_with(['）', ')']) {
        return (3, Some("a parenthesised note"));
    }
    if ends_dash(t) || t.ends_with(['：', ':']) {
        return (-3, None);
    }
    if column_tag(t) {
        return (-2, None);
    }
    (0, None)
}

/// The usual reading when no line says what it is.
fn prior(n: usize, h: usize) -> bool {
    match n {
        0 | 1 => h == 0,
        2 => h == 0,
        3 => h == 1,
        _ => h == 0,
    }
}

/// Scores every reading of `lines` and returns the best (ties go to the usual reading,
/// then to the earlier headline).
pub fn read(lines: &[&str]) -> HeadRoles {
    let n = lines.len();
    if n == 0 {
        return HeadRoles::default();
    }
    let mut best: Option<(i32, usize, Vec<String>)> = None;
    // At most two kickers above a headline.
    for h in 0..n.min(3) {
        let mut score = 0;
        let mut reasons = Vec::new();
        for (i, t) in lines.iter().enumerate() {
            let (s, why) = if i < h {
                let (s, w) = kicker_cue(t);
                (s, w.map(|w| format!("line {} is the kicker: {w}", i + 1)))
            } else if i == h {
                let (s, w) = headline_cue(t);
                (s, w.map(|w| format!("line {} is the headline: {w}", i + 1)))
            } else {
                let (s, w) = subtitle_cue(t);
                (s, w.map(|w| format!("line {} is a subtitle: {w}", i + 1)))
            };
            score += s;
            reasons.extend(why);
        }
        if prior(n, h) {
            score += 1;
            reasons.push(format!(
                "{n} title line(s): line {} is the headline by position",
                h + 1
            ));
        }
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, h, reasons));
        }
    }
    let (score, h, mut reasons) = best.unwrap_or((0, 0, Vec::new()));
    reasons.push(format!("head reading scored {score}"));
    HeadRoles {
        kickers: (0..h).collect(),
        headline: Some(h),
        subtitles: (h + 1..n).collect(),
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(lines: &[&str]) -> (Vec<usize>, Option<usize>, Vec<usize>) {
        let r = read(lines);
        (r.kickers, r.headline, r.subtitles)
    }

    #[test]
    fn position_decides_unmarked_heads() {
        assert_eq!(roles(&["甲"]), (vec![], Some(0), vec![]));
        assert_eq!(roles(&["甲", "乙"]), (vec![], Some(0), vec![1]));
        assert_eq!(roles(&["甲", "乙", "丙"]), (vec![0], Some(1), vec![2]));
        assert_eq!(
            roles(&["甲", "乙", "丙", "丁"]),
            (vec![], Some(0), vec![1, 2, 3])
        );
    }

    #[test]
    fn cues_beat_position() {
        // A column tag marks the headline even as the second of two lines.
        assert_eq!(
            roles(&["本报推出一系列融媒体产品", "深厚人民情怀（融看台）"]),
            (vec![0], Some(1), vec![])
        );
        assert_eq!(
            roles(&["去年清偿拖欠账款", "6600亿元（权威发布）", "清欠进度约75%"]),
            (vec![0], Some(1), vec![2])
        );
        assert_eq!(
            roles(&["聚焦高质量发展——", "全市重点项目集中开工"]),
            (vec![0], Some(1), vec![])
        );
        assert_eq!(
            roles(&["总书记强调", "全市重点项目集中开工"]),
            (vec![0], Some(1), vec![])
        );
        assert_eq!(
            roles(&["春耕备耕正当时", "——我市多措并举保障农资供应"]),
            (vec![], Some(0), vec![1])
        );
        assert_eq!(
            roles(&["【新春走基层】", "山村里的年味", "（记者手记）"]),
            (vec![0], Some(1), vec![2])
        );
    }

    #[test]
    fn column_tags() {
        assert!(column_tag("根治欠薪彰显治理温度（人民时评）"));
        assert!(!column_tag("（人民时评）"));
        assert!(!column_tag("没有括号"));
    }
}
