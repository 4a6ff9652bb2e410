//! Break opportunities: where a line *may* end, before any width is known.
//!
//! Starts from UAX #14 (the `unicode-linebreak` crate) and tailors it for Chinese per
//! clreq: between CJK characters (ideographs, CJK punctuation and the curly quotes that
//! Chinese uses) every position is a break opportunity unless a prohibition rule in
//! `kinsoku.rs` forbids it. UAX #14 alone would glue “…” to both neighbours (class QU),
//! which makes long unbreakable runs in Chinese.

use super::kinsoku::{KinsokuMode, forbids_break};
use crate::cjk::is_cjk;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// What may happen *before* a character (index `i` of the result is the position
/// between character `i-1` and `i`; the last entry is the end of the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brk {
    No,
    Allowed,
    Mandatory,
}

/// Punctuation shared between Latin and Chinese text that follows CJK rules when it
/// touches a CJK character (quotes, dashes, ellipsis, middle dot).
fn is_shared_punct(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '—' | '―' | '…' | '·')
}

/// Break opportunities for `text`, one per char boundary (`chars + 1` entries).
pub fn opportunities(text: &str, mode: KinsokuMode) -> Vec<Brk> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mut out = vec![Brk::No; n + 1];
    // UAX #14 reports byte offsets where a break may occur *before* that byte.
    let mut uax = vec![false; text.len() + 1];
    for (pos, kind) in linebreaks(text) {
        if let Some(slot) = uax.get_mut(pos) {
            *slot = matches!(
                kind,
                BreakOpportunity::Allowed | BreakOpportunity::Mandatory
            );
        }
    }
    for i in 1..n {
        let (pos, next) = chars[i];
        let prev = chars[i - 1].1;
        if prev == '\n' {
            out[i] = Brk::Mandatory;
            continue;
        }
        let cjk_context = is_cjk(prev)
            || is_cjk(next)
            || ((is_shared_punct(prev) || is_shared_punct(next))
                && (i < 2
                    || is_cjk(chars[i - 2].1)
                    || is_cjk(next)
                    || (i + 1 < n && is_cjk(chars[i + 1].1))));
        let allowed = if cjk_context && !prev.is_whitespace() && !next.is_whitespace() {
            // clreq tailoring: any CJK boundary, minus the prohibitions. Ideographs next
            // to Latin also break (UAX #14 ID × AL is a break too).
            !forbids_break(prev, next, mode)
        } else {
            uax.get(pos).copied().unwrap_or(false) && !forbids_break(prev, next, mode)
        };
        if allowed {
            out[i] = Brk::Allowed;
        }
    }
    out[n] = Brk::Mandatory;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed_before(text: &str) -> Vec<char> {
        let b = opportunities(text, KinsokuMode::Basic);
        text.chars()
            .enumerate()
            .filter(|(i, _)| b[*i] == Brk::Allowed)
            .map(|(_, c)| c)
            .collect()
    }

    #[test]
    fn ideographs_break_anywhere_but_not_before_comma() {
        assert_eq!(allowed_before("中国，人民"), vec!['国', '人', '民']);
    }

    #[test]
    fn quotes_in_chinese_break_outside_only() {
        // 追“新”逐: break before “ and after ”, never inside at the quote edges.
        assert_eq!(allowed_before("追“新”逐"), vec!['“', '逐']);
    }

    #[test]
    fn latin_words_stay_whole() {
        assert_eq!(allowed_before("ab cd"), vec!['c']);
        assert_eq!(allowed_before("中ab"), vec!['a']);
        assert_eq!(allowed_before("20GWh乐"), vec!['乐']);
    }

    #[test]
    fn ascii_comma_after_ideograph_does_not_start_line() {
        assert_eq!(allowed_before("以来,各项"), vec!['来', '各', '项']);
    }

    #[test]
    fn line_feed_is_mandatory() {
        let b = opportunities("甲\n乙", KinsokuMode::Basic);
        assert_eq!(b[2], Brk::Mandatory);
    }
}
