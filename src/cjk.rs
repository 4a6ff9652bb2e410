//! Character classes of Chinese text, defined once for every stage (readers, repair,
//! typesetting, writers).
//!
//! Sources: Unicode 15.1 `Scripts.txt` (Script=Han) and `Blocks.txt`; the Unicode
//! roadmap, which reserves planes 2 (SIP) and 3 (TIP) for CJK ideographs; W3C
//! *Requirements for Chinese Text Layout* (clreq) §3.1 (punctuation, its width and the
//! line-edge prohibitions) and §3.2.2 (mixed Han–Western text); GB/T 15834-2011 for the
//! names of the marks.

/// A CJK ideograph proper: CJK Unified Ideographs and Extension A, the compatibility
/// ideographs, and all of planes 2 and 3 (Extensions B–I, the compatibility supplement,
/// and the extensions still to come there). No marks, numerals or radicals: two of
/// these never meet a line-edge prohibition.
pub fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF // CJK Unified Ideographs (checked first: most of any Chinese text)
        | 0x3400..=0x4DBF // Extension A
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0x20000..=0x3FFFF) // SIP and TIP: Extensions B–I, compatibility supplement
}

/// A Han character (Unicode Script=Han): the ideographs of [`is_ideograph`], the
/// ideographic zero 〇 (U+3007), the iteration marks 々 (U+3005) and 〻 (U+303B), the
/// Hangzhou (Suzhou) numerals 〡–〩 and 〸–〺, the CJK and Kangxi radicals (scrapes carry
/// radicals in place of the look-alike ideographs, ⼀ for 一), and the old Chinese hook
/// and iteration marks and Vietnamese reading marks of U+16FE2–U+16FF1. Not 〆 (U+3006,
/// Script=Common).
pub fn is_han(c: char) -> bool {
    is_ideograph(c)
        || matches!(c as u32,
            0x3005 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B
            | 0x2E80..=0x2E99 | 0x2E9B..=0x2EF3 | 0x2F00..=0x2FD5
            | 0x16FE2..=0x16FE3 | 0x16FF0..=0x16FF1)
}

/// Full-width CJK punctuation and symbols (、。〈〉《》「」…, ！（），：；？ …) and the
/// curly quotes, dash, ellipsis and middle dot that Chinese text uses (GB/T 15834).
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}'
        | '\u{2014}' | '\u{2026}' | '\u{00B7}')
}

/// Whether `c` takes part in CJK line breaking (clreq §3.1: ideographs break anywhere):
/// the East Asian wide blocks — radicals, CJK symbols and punctuation, kana, bopomofo,
/// Hangul, strokes, enclosed and compatibility CJK (㈠, ㎡), the ideographs, vertical
/// and CJK compatibility forms, half- and full-width forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x2E80..=0x33FF
        | 0x3400..=0x4DBF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

/// A CJK letter: ideographs, kana, Hangul, bopomofo, full-width letters and digits — the
/// "Han" side of Han–Western spacing (clreq §3.2.2).
pub fn is_cjk_letter(c: char) -> bool {
    // The common ideograph block first: no Unicode table lookup on the hot path.
    matches!(c as u32, 0x4E00..=0x9FFF) || (is_cjk(c) && c.is_alphanumeric())
}

/// Letters and digits of alphabetic scripts (the "Western" side of Han–Western spacing).
pub fn is_latin_alnum(c: char) -> bool {
    if matches!(c as u32, 0x4E00..=0x9FFF) {
        // The common ideograph block first: most characters of a Chinese text.
        false
    } else if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !is_cjk(c) && c.is_alphanumeric()
    }
}

/// Pause and stop marks (点号, clreq §3.1.7) whose ink sits in the left half of the em
/// box in Simplified Chinese fonts: 、，。．：；
pub fn is_left_pause_mark(c: char) -> bool {
    matches!(c, '、' | '，' | '。' | '．' | '：' | '；')
}

/// Pause and stop marks that are centred in many fonts: ！？
pub fn is_centred_stop_mark(c: char) -> bool {
    matches!(c, '！' | '？')
}

/// Opening brackets and quotation marks (标号, clreq §3.1.7): ink in the right half of
/// the em box; never at a line end.
pub fn is_opening_mark(c: char) -> bool {
    matches!(
        c,
        '（' | '［' | '｛' | '〔' | '〈' | '《' | '「' | '『' | '【' | '〖' | '〘' | '“' | '‘'
    )
}

/// Closing brackets and quotation marks: ink in the left half; never at a line start.
pub fn is_closing_mark(c: char) -> bool {
    matches!(
        c,
        '）' | '］' | '｝' | '〕' | '〉' | '》' | '」' | '』' | '】' | '〗' | '〙' | '”' | '’'
    )
}

/// The marks whose width may be adjusted (clreq §3.1.6): the left-half pause marks,
/// then the closing and the opening marks. The order is the order fonts are probed in.
pub const ADJUSTABLE_MARKS: &str = "、，。．：；）］｝〕〉》」』】〗〙”’（［｛〔〈《「『【〖〘“‘";

/// Where a full-width punctuation mark has its ink, which decides which half may be cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PunctSide {
    /// Ink on the left half (，。、：；and closing brackets/quotes): trim the right half.
    Closing,
    /// Ink on the right half (opening brackets/quotes): trim the left half.
    Opening,
    /// Not adjustable.
    None,
}

/// clreq §3.1.6 (punctuation width adjustment) as set in Simplified Chinese fonts:
/// pause/stop marks and closing marks sit in the left half of their em box, opening
/// marks in the right half. ！？ are centred-ish in many fonts and are left alone.
pub fn punct_side(c: char) -> PunctSide {
    if is_left_pause_mark(c) || is_closing_mark(c) {
        PunctSide::Closing
    } else if is_opening_mark(c) {
        PunctSide::Opening
    } else {
        PunctSide::None
    }
}

/// The blank of a full-width mark's em box on either side of its ink along the line, in
/// ems, as the font draws it: `before` is left (top in vertical text), `after` right
/// (bottom). Measured from the glyph's bounding box, so it follows the glyph forms in
/// use — mainland fonts put ，。、 in the left half, Taiwan and Hong Kong fonts centre
/// them — and any font given with `--font-dir`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Room {
    pub before: f32,
    pub after: f32,
}

impl Room {
    /// Ink at least a quarter em from both edges: a mark drawn in the middle of its box
    /// (Taiwan and Hong Kong ，。、), which stands the same in vertical text.
    pub fn centred(self) -> bool {
        self.before >= 0.25 && self.after >= 0.25
    }
}

/// How much of its em box a full-width mark may give up before and after its ink, in
/// ems: half an em on its blank side, a quarter, or nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cut {
    pub before: f32,
    pub after: f32,
    /// An adjustable mark (`ADJUSTABLE_MARKS`), even one that can give up nothing:
    /// its neighbour mark may still give up a blank half beside it.
    pub mark: bool,
}

impl Cut {
    /// Whether the mark may give up anything.
    pub fn any(self) -> bool {
        self.before > 0.0 || self.after > 0.0
    }
}

/// clreq §3.1.6 by where the ink is. A mark with its ink in one half (closing marks and
/// GB-style pause marks: the left half; opening marks: the right half) gives up its
/// blank half. A mark whose ink is nearer the middle — the centred ，。、：； of
/// Traditional Chinese fonts (clreq, "Punctuation marks in Traditional Chinese") — gives
/// up at most a quarter em on each side, and only where a quarter em of blank is there,
/// so its ink never enters a neighbour's box. Without a measured `room` (a glyph with
/// no outline data) the GB positions are assumed.
pub fn cut(c: char, room: Option<Room>) -> Cut {
    const HALF: f32 = 0.5;
    const QUARTER: f32 = 0.25;
    let quarter = |blank: f32| if blank >= QUARTER { QUARTER } else { 0.0 };
    match (punct_side(c), room) {
        (PunctSide::None, _) => Cut::default(),
        (PunctSide::Closing, None) => Cut {
            before: 0.0,
            after: HALF,
            mark: true,
        },
        (PunctSide::Opening, None) => Cut {
            before: HALF,
            after: 0.0,
            mark: true,
        },
        (PunctSide::Closing, Some(r)) if r.after >= HALF => Cut {
            before: 0.0,
            after: HALF,
            mark: true,
        },
        (PunctSide::Opening, Some(r)) if r.before >= HALF => Cut {
            before: HALF,
            after: 0.0,
            mark: true,
        },
        (_, Some(r)) => Cut {
            before: quarter(r.before),
            after: quarter(r.after),
            mark: true,
        },
    }
}

#[cfg(test)]
mod cut_tests {
    use super::*;

    fn room(before: f32, after: f32) -> Option<Room> {
        Some(Room { before, after })
    }

    fn gives(before: f32, after: f32) -> Cut {
        Cut {
            before,
            after,
            mark: true,
        }
    }

    #[test]
    fn one_sided_marks_give_half_centred_marks_a_quarter_each_side() {
        // Noto Serif SC ，: ink 0.08–0.23 em; Noto Serif TC ，: 0.40–0.56 em.
        assert_eq!(cut('，', room(0.08, 0.77)), gives(0.0, 0.5));
        assert_eq!(cut('，', room(0.40, 0.44)), gives(0.25, 0.25));
        assert_eq!(cut('「', room(0.66, 0.04)), gives(0.5, 0.0));
        // Ink too near an edge on one side: nothing there; none anywhere for ink
        // spread over the box (a vertical ； in Noto Serif TC).
        assert_eq!(cut('。', room(0.1, 0.3)), gives(0.0, 0.25));
        let semicolon = cut('；', room(0.1, 0.21));
        assert!(semicolon.mark && !semicolon.any());
        // Not an adjustable mark; no measurement: GB positions.
        assert!(!cut('中', room(0.4, 0.4)).mark && !cut('！', None).mark);
        assert_eq!(cut('」', None), gives(0.0, 0.5));
        assert_eq!(cut('《', None), gives(0.5, 0.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_is_script_han() {
        for c in [
            '中', '㐀', '𠀀', '𰀀', '𱍐', '豈', '〇', '々', '〻', '〡', '⺀', '⼀',
        ] {
            assert!(is_han(c), "{c} U+{:04X}", c as u32);
        }
        for c in [
            '，', '。', 'a', '1', 'あ', 'ア', '한', 'ㄅ', '〆', '\u{2E9A}', '\u{2FD6}',
        ] {
            assert!(!is_han(c), "{c} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn ideographs_carry_no_marks() {
        assert!(is_ideograph('国') && is_ideograph('𪚥') && is_ideograph('\u{31350}'));
        for c in ['々', '〇', '〻', '⼀', '，'] {
            assert!(!is_ideograph(c), "{c}");
        }
    }

    #[test]
    fn cjk_letters_and_latin() {
        for c in ['中', 'あ', '한', 'Ａ', '１', '〇'] {
            assert!(is_cjk_letter(c) && !is_latin_alnum(c), "{c}");
        }
        for c in ['a', 'Z', '7', 'é', 'Ω'] {
            assert!(is_latin_alnum(c) && !is_cjk_letter(c), "{c}");
        }
        for c in ['，', '“', ' ', '-'] {
            assert!(!is_latin_alnum(c) && !is_cjk_letter(c), "{c}");
        }
        assert!(is_cjk('㎡') && is_cjk('︐') && is_cjk('，') && !is_cjk('a'));
    }

    #[test]
    fn closing_marks_trim_right_opening_marks_trim_left() {
        assert_eq!(punct_side('，'), PunctSide::Closing);
        assert_eq!(punct_side('」'), PunctSide::Closing);
        assert_eq!(punct_side('《'), PunctSide::Opening);
        assert_eq!(punct_side('！'), PunctSide::None);
        assert_eq!(punct_side('中'), PunctSide::None);
    }

    #[test]
    fn adjustable_marks_are_exactly_the_sided_ones() {
        let listed: Vec<char> = ADJUSTABLE_MARKS.chars().collect();
        for &c in &listed {
            assert_ne!(punct_side(c), PunctSide::None, "{c}");
            assert!(is_cjk_punct(c), "{c}");
        }
        for c in (0x2000..0x3100)
            .chain(0xFF00..0xFF70)
            .filter_map(char::from_u32)
        {
            assert_eq!(punct_side(c) != PunctSide::None, listed.contains(&c), "{c}");
        }
    }

    #[test]
    fn cjk_punct_is_not_han() {
        for c in ['、', '。', '《', '」', '！', '：', '“', '—', '…', '·'] {
            assert!(is_cjk_punct(c) && !is_han(c), "{c}");
        }
        assert!(!is_cjk_punct('中') && !is_cjk_punct(','));
    }
}

/// Whether `c` stands upright in vertical text when the font has no vertical alternate
/// for it (UAX #50 `Vertical_Orientation` U or Tu, simplified to the blocks Chinese
/// text uses): Han, kana, bopomofo, Hangul, the CJK symbols, the full-width forms and
/// the vertical forms; a few symbols (§ © ® ± × ÷ ※ ‰ № ℃ and the enclosed numbers).
/// Brackets and the prolonged sound mark (Vo=Tr: rotated when no vertical glyph exists)
/// and everything else — Latin, digits, half-width marks — lie on their side.
pub fn vertical_upright(c: char) -> bool {
    let u = c as u32;
    let tr = matches!(u,
        0x3008..=0x3011 | 0x3014..=0x301F | 0x3030 | 0x30A0 | 0x30FC
        | 0xFE59..=0xFE5E | 0xFF08 | 0xFF09 | 0xFF0D | 0xFF1C..=0xFF1E | 0xFF3B
        | 0xFF3D | 0xFF3F | 0xFF5B..=0xFF60 | 0xFFE3);
    !tr && matches!(u,
        0x00A7 | 0x00A9 | 0x00AE | 0x00B1 | 0x00BC..=0x00BE | 0x00D7 | 0x00F7
        | 0x2016 | 0x2020 | 0x2021 | 0x2030 | 0x2031 | 0x203B | 0x2103 | 0x2109 | 0x2116
        | 0x2460..=0x24FF | 0x25A0..=0x25FF | 0x2600..=0x26FF
        | 0x1100..=0x11FF
        | 0x2E80..=0x2FFF
        | 0x3000..=0xA4CF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF
        | 0xE000..=0xFAFF
        | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE6F
        | 0xFF00..=0xFFEF
        | 0x1F000..=0x1FAFF
        | 0x20000..=0x3FFFF)
}

/// The Unicode presentation form for vertical text of a mark (U+FE10–FE19, U+FE30–FE48:
/// ︐︑︒︓︔︕︖, ︙ for …, ︱ for —, ︵︶ for （）, ﹁﹂ for 「」 …), for a font whose `vert`
/// feature lacks the mark. The text keeps the mark itself: only the glyph changes.
pub fn vertical_form(c: char) -> Option<char> {
    Some(match c {
        '，' => '\u{FE10}',
        '、' => '\u{FE11}',
        '。' => '\u{FE12}',
        '：' => '\u{FE13}',
        '；' => '\u{FE14}',
        '！' => '\u{FE15}',
        '？' => '\u{FE16}',
        '〖' => '\u{FE17}',
        '〗' => '\u{FE18}',
        '…' => '\u{FE19}',
        '‥' => '\u{FE30}',
        '—' => '\u{FE31}',
        '–' => '\u{FE32}',
        '＿' => '\u{FE33}',
        '（' => '\u{FE35}',
        '）' => '\u{FE36}',
        '｛' => '\u{FE37}',
        '｝' => '\u{FE38}',
        '〔' => '\u{FE39}',
        '〕' => '\u{FE3A}',
        '【' => '\u{FE3B}',
        '】' => '\u{FE3C}',
        '《' => '\u{FE3D}',
        '》' => '\u{FE3E}',
        '〈' => '\u{FE3F}',
        '〉' => '\u{FE40}',
        '「' => '\u{FE41}',
        '」' => '\u{FE42}',
        '『' => '\u{FE43}',
        '』' => '\u{FE44}',
        '［' => '\u{FE47}',
        '］' => '\u{FE48}',
        _ => return None,
    })
}

/// The short numbers of `text` set across a vertical line in one em (縱中橫, clreq
/// §3.4.3; CSS `text-combine-upright: digits 2`): a run of one or two ASCII digits that
/// is a whole token — not part of a longer number, a word or a decimal (`3.5`, `20GWh`
/// and `2024` lie on their side instead). Byte ranges into `text`.
pub fn combined_upright_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    // A token: ASCII letters and digits with the marks that join them into one number
    // or word (20.5%, 1,000, 10:30, 1/2, e-mail).
    let in_token = |c: char| c.is_ascii_alphanumeric() || ".,:%/+-_'".contains(c);
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !in_token(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        let mut all_digits = c.is_ascii_digit();
        let mut len = 1;
        while let Some(&(i, d)) = chars.peek() {
            if !in_token(d) {
                break;
            }
            all_digits &= d.is_ascii_digit();
            len += 1;
            end = i + d.len_utf8();
            chars.next();
        }
        if all_digits && len <= 2 {
            out.push(start..end);
        }
    }
    out
}

#[cfg(test)]
mod vertical_tests {
    use super::*;

    #[test]
    fn han_and_full_width_marks_stand_latin_lies_down() {
        for c in [
            '中', '臺', '。', '，', '、', '﹁', '！', '〇', 'あ', '한', '※', '①',
        ] {
            assert!(vertical_upright(c), "{c} upright");
        }
        // Brackets without a vertical glyph turn (Vo=Tr), as do Latin and digits.
        for c in [
            '〈', '「', '（', 'ー', 'A', 'z', '1', '.', '(', '—', '…', ' ',
        ] {
            assert!(!vertical_upright(c), "{c} sideways");
        }
    }

    #[test]
    fn marks_have_vertical_presentation_forms() {
        assert_eq!(vertical_form('，'), Some('︐'));
        assert_eq!(vertical_form('。'), Some('︒'));
        assert_eq!(vertical_form('：'), Some('︓'));
        assert_eq!(vertical_form('…'), Some('︙'));
        assert_eq!(vertical_form('—'), Some('︱'));
        assert_eq!(vertical_form('（'), Some('︵'));
        assert_eq!(vertical_form('」'), Some('﹂'));
        assert_eq!(vertical_form('『'), Some('﹃'));
        assert_eq!(vertical_form('中'), None);
        assert_eq!(vertical_form('A'), None);
        // Every form is a vertical presentation form, and stands upright.
        for c in "，、。：；！？〖〗…‥—–＿（）｛｝〔〕【】《》〈〉「」『』［］".chars()
        {
            let v = vertical_form(c).map(|v| v as u32);
            assert!(matches!(v, Some(0xFE10..=0xFE19 | 0xFE30..=0xFE48)), "{c}");
            assert!(vertical_upright(
                char::from_u32(v.unwrap_or(0)).unwrap_or('a')
            ));
        }
    }

    #[test]
    fn short_numbers_combine_long_ones_and_words_do_not() {
        let text = "第3屆、12日、2024年、20GWh、3.5億、第10-12頁、A1版、1,000人";
        let got: Vec<&str> = combined_upright_spans(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(got, ["3", "12"]);
        assert!(combined_upright_spans("").is_empty());
        assert_eq!(combined_upright_spans("99"), vec![0..2usize]);
    }
}
