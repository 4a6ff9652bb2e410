//! Text repair for scraped Chinese: scrapers turn full-width punctuation into ASCII and
//! leave stray spaces and invisible characters. Each rule here is small and tested on its
//! own; [`repair`] runs them in order. Switched off with `--no-repair`.
//!
//! Reference: GB/T 15834-2011 (标点符号用法) — Chinese text uses full-width ，；：？！（）
//! and “ ” ‘ ’; W3C clreq §3.1 on punctuation width.

pub use crate::cjk::{is_cjk_punct, is_han};
use unicode_normalization::UnicodeNormalization;

/// Where a piece of text sits: stray spaces between Han characters are removed in body
/// text only (a headline's inner space separates two phrases and is kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Body,
    Title,
}

fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Runs every repair rule, then NFC.
pub fn repair(text: &str, context: Context) -> String {
    // Each pass is skipped when the text has nothing it would change: most paragraphs
    // need only one or two of them, and archives have millions of paragraphs.
    let mut s = clean_invisible_cow(text);
    if s.contains([',', ';', ':', '?', '!', '(', ')', '.']) {
        s = fullwidth_punctuation(&s, context).into();
    }
    if s.contains(['"', '\'']) {
        s = curly_quotes(&s).into();
    }
    if s.contains([' ', '\u{3000}']) {
        s = match context {
            Context::Body => remove_spaces_outside_credits(&s),
            Context::Title => collapse_spaces(&s),
        }
        .into();
    }
    let trimmed = s.trim();
    if surely_nfc(trimmed)
        || unicode_normalization::is_nfc_quick(trimmed.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        if trimmed.len() == s.len() {
            s.into_owned()
        } else {
            trimmed.to_string()
        }
    } else {
        trimmed.nfc().collect()
    }
}

/// NBSP and other odd spaces become plain spaces; zero-width characters, soft hyphens
/// and stray control characters go; the small ideographic comma U+FE51 becomes 、.
pub fn clean_invisible(text: &str) -> String {
    clean_invisible_cow(text).into_owned()
}

/// [`clean_invisible`] without a copy when there is nothing to clean (most lines).
pub fn clean_invisible_cow(text: &str) -> std::borrow::Cow<'_, str> {
    if !may_need_cleaning(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    decode_entities(text)
        .chars()
        .filter_map(|c| match c {
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => Some(' '),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => None,
            '\u{FE51}' => Some('、'),
            '\t' => Some(' '),
            c if c.is_control() && c != '\n' => None,
            c => Some(c),
        })
        .collect::<String>()
        .into()
}

/// Decodes the HTML character references scrapers leave in text (`&nbsp;`, `&#160;`,
/// `&#x3000;`, `&amp;` …). Legacy encoders also write characters they cannot represent
/// this way (GBK has no NBSP), so this runs before anything looks at the text.
/// Unknown or malformed references stay as they are.
pub fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|i| i + 1).filter(|&i| i <= 10);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match name {
                    "nbsp" => Some('\u{A0}'),
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "lsquo" => Some('‘'),
                    "rsquo" => Some('’'),
                    "mdash" => Some('—'),
                    "hellip" => Some('…'),
                    "middot" => Some('·'),
                    "emsp" | "ensp" | "thinsp" => Some(' '),
                    _ => None,
                }
            };
            c.filter(|c| *c != '\0').map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// A fast byte scan for anything [`clean_invisible`] would change: ASCII controls and
/// `&`, the two-byte U+0080–U+00BF range (NBSP, soft hyphen, C1 controls), U+2000–U+207F
/// (odd spaces, zero-width characters) and U+FE51/U+FEFF. False positives only cost the
/// slow path.
pub fn may_need_cleaning(text: &str) -> bool {
    let b = text.as_bytes();
    let n = b.len();
    // The last two bytes cannot start a three-byte sequence: only their first byte counts.
    let single = |x: u8| matches!(x, 0x00..=0x09 | 0x0B..=0x1F | b'&' | 0x7F | 0xC2);
    if n < 3 {
        return b.iter().any(|&x| single(x));
    }
    // Branch-free over blocks of 64 positions so the compiler can vectorise the scan:
    // this runs over every line and paragraph of every input.
    let flag = |x: u8, y: u8, z: u8| {
        let control = x < 0x20 && x != b'\n';
        let general = x == 0xE2
            && ((y == 0x80 && (z <= 0x8D || z == 0xAF)) || (y == 0x81 && (z == 0x9F || z == 0xA0)));
        let forms = x == 0xEF && (y == 0xB9 || y == 0xBB);
        control | (x == b'&') | (x == 0x7F) | (x == 0xC2) | general | forms
    };
    let (x, y, z) = (&b[..n - 2], &b[1..n - 1], &b[2..]);
    let mut at = 0;
    while at < n - 2 {
        let end = (at + 64).min(n - 2);
        let mut any = false;
        for i in at..end {
            any |= flag(x[i], y[i], z[i]);
        }
        if any {
            return true;
        }
        at = end;
    }
    single(b[n - 2]) || single(b[n - 1])
}

/// True when NFC cannot change `s`: every character is below U+0300 (no combining
/// marks), general punctuation (“ ” — …), a CJK ideograph, CJK punctuation, kana (but not its combining sound marks)
/// or a full-width form. Anything else goes through the real check.
fn surely_nfc(s: &str) -> bool {
    s.chars().all(|c| {
        let c = c as u32;
        c < 0x300
            || (0x2000..=0x20CF).contains(&c)
            || (0x3000..=0x3098).contains(&c)
            || (0x309B..=0x9FFF).contains(&c)
            || (0xFF00..=0xFFEF).contains(&c)
    })
}

/// Nearest character before byte `i` that is not a space.
fn prev_visible(s: &str, i: usize) -> Option<char> {
    s[..i].chars().rev().find(|c| *c != ' ')
}

/// Nearest character after the ASCII mark at byte `i` that is not a space.
fn next_visible(s: &str, i: usize) -> Option<char> {
    s[i + 1..].chars().find(|c| *c != ' ')
}

/// Whether the ASCII `.` at byte `i` ends a Chinese sentence: it follows a Han
/// character, a closing CJK mark or `%` (增长5.7%.) and is followed by the end of the
/// text, Han or CJK punctuation, or a quote or bracket closing the sentence. Decimals
/// (5.7), ellipses (...), domains (人民网.cn) and Latin abbreviations are left alone.
fn sentence_full_stop(text: &str, i: usize) -> bool {
    let prev = text[..i].chars().next_back();
    let ends_chinese = prev.is_some_and(|c| {
        is_han(c) || matches!(c, '”' | '’' | '」' | '』' | '）' | '》' | '】' | '%' | '％')
    });
    if !ends_chinese {
        return false;
    }
    match next_visible(text, i) {
        None => true,
        Some(c) => is_cjk(c) || matches!(c, '"' | '\'' | ')'),
    }
}

/// ASCII `, ; : ? !` and `( )` inside Chinese text become ，；：？！（）, and a `.` that
/// ends a Chinese sentence becomes 。 (see [`sentence_full_stop`]). A mark is inside
/// Chinese text when the nearest visible character on either side is Han or CJK
/// punctuation; numbers (1,000 12:30), URLs and Latin phrases keep their ASCII marks.
/// Parentheses convert as a pair, so （MAH&DDS） stays balanced.
/// In a title (`Context::Title`) a dot between Han is a separator (頭條日報.娛樂), not a
/// full stop: the `.` rule is for body text only.
pub fn fullwidth_punctuation(text: &str, context: Context) -> String {
    // Work on byte offsets of the ASCII marks only: paragraphs are long and marks few.
    let bytes = text.as_bytes();
    let mut convert: Vec<usize> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b',' | b';' | b':' | b'?' | b'!' => {
                let prev = i.checked_sub(1).map(|j| bytes[j]);
                let next = bytes.get(i + 1).copied();
                let numeric = prev.is_some_and(|c| c.is_ascii_digit())
                    && next.is_some_and(|c| c.is_ascii_digit());
                let url = b == b':' && next == Some(b'/');
                let cjk_side = prev_visible(text, i).is_some_and(is_cjk)
                    || next_visible(text, i).is_some_and(is_cjk);
                if cjk_side && !numeric && !url {
                    convert.push(i);
                }
            }
            b'.' if context == Context::Body && sentence_full_stop(text, i) => convert.push(i),
            b'(' => stack.push(i),
            b')' => match stack.pop() {
                Some(open) => {
                    let outside = prev_visible(text, open).is_some_and(is_cjk)
                        || next_visible(text, i).is_some_and(is_cjk);
                    let inside = text[open + 1..i].chars().any(is_han);
                    if outside || inside {
                        convert.push(open);
                        convert.push(i);
                    }
                }
                None => {
                    if prev_visible(text, i).is_some_and(is_han) {
                        convert.push(i);
                    }
                }
            },
            _ => {}
        }
    }
    for open in stack {
        if next_visible(text, open).is_some_and(is_han) {
            convert.push(open);
        }
    }
    if convert.is_empty() {
        return text.to_string();
    }
    convert.sort_unstable();
    let mut out = String::with_capacity(text.len() + convert.len() * 2);
    let mut last = 0;
    for i in convert {
        // A full-width mark carries its own space: drop the ASCII spacing around it.
        out.push_str(&text[last..i]);
        while out.ends_with(' ') {
            out.pop();
        }
        out.push(match bytes[i] {
            b',' => '，',
            b';' => '；',
            b':' => '：',
            b'?' => '？',
            b'!' => '！',
            b'.' => '。',
            b'(' => '（',
            _ => '）',
        });
        last = i + 1;
        while last < bytes.len() && bytes[last] == b' ' {
            last += 1;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Straight quotes in text that contains Han become curly quotes in pairs: `"` → “ ”,
/// and `'` next to Chinese → ‘ ’. Apostrophes inside Latin words (don't) stay.
pub fn curly_quotes(text: &str) -> String {
    if !text.chars().any(is_han) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let doubles: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == '"').collect();
    let singles: Vec<usize> = (0..chars.len())
        .filter(|&i| {
            chars[i] == '\''
                && (i.checked_sub(1).is_some_and(|j| is_cjk(chars[j]))
                    || chars.get(i + 1).is_some_and(|c| is_cjk(*c)))
        })
        .collect();
    let mut out = chars.clone();
    // Pair in order; an odd one out is left as scraped rather than guessed.
    for pair in doubles.chunks_exact(2) {
        out[pair[0]] = '“';
        out[pair[1]] = '”';
    }
    for pair in singles.chunks_exact(2) {
        out[pair[0]] = '‘';
        out[pair[1]] = '’';
    }
    out.into_iter().collect()
}

/// Removes spaces between two Han characters or CJK punctuation marks (一 一询问 →
/// 一一询问) and collapses other runs of spaces to one.
pub fn remove_spaces_between_cjk(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    remove_spaces_masked(&chars, &vec![false; chars.len()], None)
}

/// Where a dateline ends: just after the 电 of "本报北京1月16日电" or the 讯 of "本报讯",
/// when the paragraph opens with one. Papers set a separator there (U+3000 or two
/// spaces) that is not a stray space.
pub fn dateline_end(chars: &[char]) -> Option<usize> {
    let limit = chars.len().min(32);
    let i = chars[..limit]
        .iter()
        .position(|c| matches!(c, '电' | '電' | '讯' | '訊'))?;
    let prefix = &chars[..i];
    if i < 2
        || prefix
            .iter()
            .any(|c| matches!(c, '，' | '。' | ',' | '；' | '“' | '「'))
    {
        return None;
    }
    let prev = prefix[i - 1];
    // `本报北京1月16日电`, and `本报济南5月11日讯` (讯 after a date too).
    let dated = prev == '日';
    let agency =
        matches!(chars[i], '讯' | '訊') && matches!(prev, '报' | '報' | '社' | '网' | '網' | '台');
    (dated || agency).then_some(i + 1)
}

/// Spaces where `protected` is set are kept (collapsed to one), the rest as in
/// [`remove_spaces_between_cjk`]; the run starting at `separator` becomes one U+3000.
fn remove_spaces_masked(chars: &[char], protected: &[bool], separator: Option<usize>) -> String {
    let mut out = String::with_capacity(chars.len() * 3);
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' || chars[i] == '\u{3000}' {
            let start = i;
            while i < chars.len() && (chars[i] == ' ' || chars[i] == '\u{3000}') {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            if separator == Some(start) && after.is_some() {
                out.push('\u{3000}');
                continue;
            }
            let between_cjk =
                before.is_some_and(is_cjk) && after.is_some_and(is_cjk) && !protected[start];
            if !between_cjk && before.is_some() && after.is_some() {
                out.push(' ');
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// [`remove_spaces_between_cjk`], except inside a bracketed byline — （记者 李明 实习生
/// 张悦）— where the spaces separate names and roles.
pub fn remove_spaces_outside_credits(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut protected = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let close: &[char] = match chars[i] {
            '（' | '(' => &['）', ')'],
            '【' => &['】'],
            '〔' => &['〕'],
            _ => &[],
        };
        if !close.is_empty()
            && let Some(len) = chars[i + 1..].iter().position(|c| close.contains(c))
        {
            let inner: String = chars[i + 1..i + 1 + len].iter().collect();
            // `（记者 李明）`, and `【环球网报道 记者 赵建东】` (an outlet's label first).
            let byline = || {
                super::credits::parse_byline(&inner).is_some()
                    || !super::credits::dateline_credits(&format!("（{inner}）")).is_empty()
            };
            if inner.contains(' ') && byline() {
                protected[i + 1..i + 1 + len]
                    .iter_mut()
                    .for_each(|p| *p = true);
            }
            i += len + 1;
            continue;
        }
        i += 1;
    }
    remove_spaces_masked(&chars, &protected, dateline_end(&chars))
}

/// Collapses runs of spaces (including U+3000) to one ASCII space.
pub fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c == ' ' || c == '\u{3000}' {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block scan says what a byte-by-byte reading says, wherever the mark sits.
    #[test]
    fn cleaning_scan_agrees_with_a_plain_reading() {
        fn plain(text: &str) -> bool {
            let b = text.as_bytes();
            b.iter().enumerate().any(|(i, &x)| match x {
                0x00..=0x09 | 0x0B..=0x1F | b'&' | 0x7F | 0xC2 => true,
                0xE2 => match (b.get(i + 1), b.get(i + 2)) {
                    (Some(0x80), Some(&t)) => t <= 0x8D || t == 0xAF,
                    (Some(0x81), Some(&t)) => t == 0x9F || t == 0xA0,
                    _ => false,
                },
                0xEF => matches!(b.get(i + 1), Some(0xB9 | 0xBB)),
                _ => false,
            })
        }
        let marks = [
            "", "a", "\n", "\t", "&", "\u{7F}", "\u{A0}", "\u{AD}", "\u{2003}", "\u{200B}",
            "\u{202F}", "\u{205F}", "\u{2060}", "\u{FE51}", "\u{FEFF}", "“", "—", "，", "中",
        ];
        let filler = "正文，“引语”——说明。".repeat(9);
        for m in marks {
            for at in [0, 1, 2, 3, 63, 64, 65, 127, filler.len()] {
                let at = (0..=at.min(filler.len()))
                    .rev()
                    .find(|&i| filler.is_char_boundary(i))
                    .unwrap_or(0);
                for text in [
                    format!("{}{m}{}", &filler[..at], &filler[at..]),
                    m.to_string(),
                    format!("x{m}"),
                    format!("{m}x"),
                ] {
                    assert_eq!(may_need_cleaning(&text), plain(&text), "{text:?}");
                }
            }
        }
    }

    fn body(s: &str) -> String {
        repair(s, Context::Body)
    }

    #[test]
    fn ascii_comma_semicolon_colon_inside_chinese_become_fullwidth() {
        assert_eq!(
            body("项目启动以来,各项工作有序推进;晓麦铺"),
            "项目启动以来，各项工作有序推进；晓麦铺"
        );
        assert_eq!(body("他说:“好”"), "他说：“好”");
        assert_eq!(body("以来, 各项"), "以来，各项");
        assert_eq!(body("真的吗?是的!"), "真的吗？是的！");
    }

    #[test]
    fn an_ascii_full_stop_ending_a_chinese_sentence_becomes_a_circle() {
        assert_eq!(body("水质保持Ⅱ类.据介绍"), "水质保持Ⅱ类。据介绍");
        assert_eq!(body("重点推进湿地修复."), "重点推进湿地修复。");
        assert_eq!(
            body("\"江豚出现频次明显增加.\"负责人说."),
            "“江豚出现频次明显增加。”负责人说。"
        );
        assert_eq!(body("同比增长5.7%."), "同比增长5.7%。");
        assert_eq!(body("他说“好”.随后"), "他说“好”。随后");
    }

    #[test]
    fn decimals_ellipses_domains_and_latin_keep_their_dots() {
        for s in [
            "增长5.7个百分点",
            "登录人民网.cn查看",
            "等等...",
            "他说...然后",
            "据Reuters.com报道",
            "见www.gov.cn.",
            "美国Inc. 公司",
            "第3.2条规定",
        ] {
            assert_eq!(body(s), s, "{s}");
        }
        assert_eq!(
            repair("頭條日報.娛樂影視", Context::Title),
            "頭條日報.娛樂影視"
        );
    }

    #[test]
    fn numbers_times_urls_and_latin_keep_ascii_marks() {
        assert_eq!(body("会议12:30开始"), "会议12:30开始");
        assert_eq!(body("共1,000元"), "共1,000元");
        assert_eq!(
            body("网址https://example.com/a,b"),
            "网址https://example.com/a,b"
        );
        assert_eq!(body("Hello, world"), "Hello, world");
        assert_eq!(body("投资7.5亿元的20GWh项目"), "投资7.5亿元的20GWh项目");
        assert_eq!(body("MAH&DDS公司取得B证"), "MAH&DDS公司取得B证");
    }

    #[test]
    fn marks_after_latin_before_han_convert() {
        assert_eq!(body("20GWh,各项"), "20GWh，各项");
        assert_eq!(body("占比50%,同比"), "占比50%，同比");
    }

    #[test]
    fn parentheses_convert_as_pairs() {
        assert_eq!(body("功能糖(醇)及研发"), "功能糖（醇）及研发");
        assert_eq!(body("公司(MAH&DDS)的"), "公司（MAH&DDS）的");
        assert_eq!(body("f(x) = (a+b)"), "f(x) = (a+b)");
        assert_eq!(body("专项(德州唯一)、全省"), "专项（德州唯一）、全省");
    }

    #[test]
    fn straight_quotes_pair_into_curly_quotes() {
        assert_eq!(body("他说\"好的\"然后"), "他说“好的”然后");
        assert_eq!(body("锚定'11452'奋斗目标"), "锚定‘11452’奋斗目标");
        assert_eq!(body("don't panic"), "don't panic");
    }

    #[test]
    fn stray_space_between_han_goes_in_body_only() {
        assert_eq!(body("都会一 一询问"), "都会一一询问");
        assert_eq!(body("使用 iPhone 拍摄"), "使用 iPhone 拍摄");
        assert_eq!(
            repair("重大项目领跑 绿色崛起成势", Context::Title),
            "重大项目领跑 绿色崛起成势"
        );
    }

    #[test]
    fn spaces_inside_a_bracketed_byline_stay() {
        assert_eq!(
            body("本报讯(记者 李明 实习生 张悦)近日, 公园 开放"),
            "本报讯（记者 李明 实习生 张悦）近日，公园开放"
        );
        assert_eq!(body("一 一询问(详 见 附件)"), "一一询问（详见附件）");
        assert_eq!(
            body("【环球网报道 记者 赵建东】在 记者会上"),
            "【环球网报道 记者 赵建东】在记者会上"
        );
        assert_eq!(body("【文/观察者网 王恺雯】"), "【文/观察者网 王恺雯】");
        assert_eq!(body("【本 报 讯】近日"), "【本报讯】近日");
    }

    #[test]
    fn dateline_keeps_its_separator() {
        assert_eq!(
            body("本报北京10月17日电  在会上，他 说"),
            "本报北京10月17日电\u{3000}在会上，他说"
        );
        assert_eq!(
            body("新华社北京4月29日电\u{A0}\u{A0}十三届全国人大"),
            "新华社北京4月29日电\u{3000}十三届全国人大"
        );
        assert_eq!(
            body("本报讯 近日，公园 开放"),
            "本报讯\u{3000}近日，公园开放"
        );
        assert_eq!(
            body("本报济南5月11日讯\u{3000}今年 以来"),
            "本报济南5月11日讯\u{3000}今年以来"
        );
        // Not a dateline: 电 inside a sentence.
        assert_eq!(body("他说，来电 之后"), "他说，来电之后");
        assert_eq!(body("用电 安全"), "用电安全");
    }

    #[test]
    fn invisible_characters_and_fe51() {
        assert_eq!(body("新闻\u{FE51}信息"), "新闻、信息");
        assert_eq!(body("\u{00A0}\u{00A0}文本\u{200B}内容\u{FEFF}"), "文本内容");
    }

    #[test]
    fn html_entities_left_by_scrapers() {
        assert_eq!(
            body("&#160;&#160;文章&nbsp;搜索&amp;更多&#x3001;&bogus; &"),
            "文章搜索&更多、&bogus; &"
        );
    }

    #[test]
    fn nfc() {
        assert_eq!(body("Cafe\u{0301}"), "Café");
    }
}
