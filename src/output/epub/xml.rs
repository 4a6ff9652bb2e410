//! XML text helpers shared by every document in the book: escaping of text and
//! attribute values, and the language-tag check. Takes `&str`, gives `String`.

/// Escapes `& < > " '` and drops characters that XML 1.0 forbids (C0 controls other
/// than tab/newline/return, U+FFFE/U+FFFF): scraped text carries them, and one such
/// character makes the whole document unreadable to an EPUB reader.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
pub fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// XML 1.0 `Char` production (surrogates cannot occur in a Rust `char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Whether `tag` is shaped like a BCP 47 language tag (`zh`, `zh-CN`, `zh-Hant-TW`):
/// ASCII letters/digits in hyphen-separated subtags of 1–8 characters, starting with a
/// 2–8 letter language. EPUBCheck rejects anything else in `dc:language` and `xml:lang`.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    (2..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_all_five_markup_characters() {
        assert_eq!(escape(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
    }

    #[test]
    fn drops_characters_xml_forbids() {
        assert_eq!(escape("甲\u{0}乙\u{8}丙\u{FFFF}\t丁"), "甲乙丙\t丁");
    }

    #[test]
    fn language_tags() {
        for ok in ["zh", "zh-CN", "zh-TW", "zh-Hant-HK", "en"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "中文", "zh_CN", "z", "zh--CN", "zh-CN-"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
