//! Line-edge prohibitions (禁则, kinsoku) for Chinese text, after W3C *Requirements for
//! Chinese Text Layout* (clreq) §3.1.7 "Prohibition Rules for Line Start and Line End".
//!
//! Takes two neighbouring characters and a [`KinsokuMode`]; gives whether a line may
//! break between them. Break *opportunities* come from `breaks.rs`; this file only
//! removes the ones Chinese typesetting forbids.

use crate::cjk::{
    is_centred_stop_mark, is_closing_mark, is_ideograph, is_left_pause_mark, is_opening_mark,
};

/// How strictly line edges are policed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum KinsokuMode {
    /// clreq's basic set plus: —— and …… never split and never start a line.
    #[default]
    Basic,
    /// Basic, plus the marks clreq lists for stricter settings (·, ～, ％, ‰, ℃, °,
    /// currency signs at line end).
    Strict,
    /// No prohibitions: any CJK character may start or end a line.
    None,
}

impl std::str::FromStr for KinsokuMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "basic" => Ok(KinsokuMode::Basic),
            "strict" => Ok(KinsokuMode::Strict),
            "none" | "off" => Ok(KinsokuMode::None),
            _ => Err(format!(
                "unknown kinsoku mode '{s}' (expected basic, strict or none)"
            )),
        }
    }
}

/// clreq §3.1.7 (line-start prohibition): pause and stop marks, closing brackets and
/// closing quotation marks must not begin a line. The ASCII forms are included because
/// scraped Chinese text often carries them (`以来,各项`).
pub fn is_line_start_prohibited(c: char, mode: KinsokuMode) -> bool {
    match mode {
        KinsokuMode::None => false,
        KinsokuMode::Basic => basic_no_start(c),
        KinsokuMode::Strict => basic_no_start(c) || STRICT_NO_START.contains(c),
    }
}

/// Pause and stop marks and closing marks, full-width or ASCII.
fn basic_no_start(c: char) -> bool {
    is_left_pause_mark(c)
        || is_centred_stop_mark(c)
        || is_closing_mark(c)
        || matches!(c, ',' | '.' | ':' | ';' | '!' | '?' | ')' | ']' | '}')
}

const STRICT_NO_START: &str = "·・～%％‰℃°′″々ゝゞ〻ー";

#[cfg(test)]
mod no_start_tests {
    use super::*;

    #[test]
    fn comma_never_starts_line() {
        for c in ['，', '。', '、', '」', '”', ',', ')'] {
            assert!(is_line_start_prohibited(c, KinsokuMode::Basic), "{c}");
        }
        assert!(!is_line_start_prohibited('中', KinsokuMode::Basic));
        assert!(!is_line_start_prohibited('，', KinsokuMode::None));
        assert!(is_line_start_prohibited('％', KinsokuMode::Strict));
        assert!(!is_line_start_prohibited('％', KinsokuMode::Basic));
    }
}

/// clreq §3.1.7 (line-end prohibition): opening brackets and opening quotation marks
/// must not end a line; they belong with the text they open.
pub fn is_line_end_prohibited(c: char, mode: KinsokuMode) -> bool {
    match mode {
        KinsokuMode::None => false,
        KinsokuMode::Basic => basic_no_end(c),
        KinsokuMode::Strict => basic_no_end(c) || STRICT_NO_END.contains(c),
    }
}

/// Opening brackets and quotation marks, full-width or ASCII.
fn basic_no_end(c: char) -> bool {
    is_opening_mark(c) || matches!(c, '(' | '[' | '{')
}

const STRICT_NO_END: &str = "￥＄£$¥€#＃";

#[cfg(test)]
mod no_end_tests {
    use super::*;

    #[test]
    fn opening_quote_never_ends_line() {
        for c in ['“', '「', '《', '（', '('] {
            assert!(is_line_end_prohibited(c, KinsokuMode::Basic), "{c}");
        }
        assert!(!is_line_end_prohibited('”', KinsokuMode::Basic));
        assert!(!is_line_end_prohibited('“', KinsokuMode::None));
        assert!(is_line_end_prohibited('￥', KinsokuMode::Strict));
    }
}

/// The two-em marks of GB/T 15834 (破折号 ——, 省略号 ……) and clreq §3.1.7 note on
/// "inseparable" marks: their two halves are one mark, so a line never breaks inside
/// them, and a line never starts with one.
pub fn is_inseparable(c: char) -> bool {
    matches!(c, '—' | '―' | '⸺' | '⸻' | '…' | '⋯')
}

#[cfg(test)]
mod inseparable_tests {
    use super::*;

    #[test]
    fn dash_and_ellipsis_are_inseparable() {
        assert!(is_inseparable('—'));
        assert!(is_inseparable('…'));
        assert!(!is_inseparable('-'));
    }
}

/// Whether clreq forbids a line break between `prev` and `next` (§3.1.7). Combines the
/// line-start, line-end and inseparable rules; the dash/ellipsis rule applies in
/// `Basic` and `Strict` modes.
pub fn forbids_break(prev: char, next: char, mode: KinsokuMode) -> bool {
    // Two ideographs (most boundaries in Chinese text) never conflict: skip the lists.
    if mode == KinsokuMode::None || (is_ideograph(prev) && is_ideograph(next)) {
        return false;
    }
    is_line_start_prohibited(next, mode)
        || is_line_end_prohibited(prev, mode)
        || is_inseparable(next)
}

#[cfg(test)]
mod forbids_tests {
    use super::*;

    #[test]
    fn dash_never_splits_nor_starts_line() {
        assert!(forbids_break('—', '—', KinsokuMode::Basic));
        assert!(forbids_break('级', '—', KinsokuMode::Basic));
        assert!(!forbids_break('—', '重', KinsokuMode::Basic));
        assert!(forbids_break('…', '…', KinsokuMode::Strict));
        assert!(!forbids_break('—', '—', KinsokuMode::None));
    }

    #[test]
    fn break_allowed_between_ideographs() {
        assert!(!forbids_break('中', '国', KinsokuMode::Basic));
        assert!(forbids_break('中', '。', KinsokuMode::Basic));
        assert!(forbids_break('“', '新', KinsokuMode::Basic));
    }
}
