//! The book's stylesheet: takes whether a font is embedded, gives `style.css`.
//! The rules themselves live in `style.css` beside this file; only the font-family
//! list depends on the options.

/// Serif faces that common readers and systems carry for Simplified Chinese, best first.
const FAMILIES: &str = "\"Noto Serif CJK SC\", \"Noto Serif SC\", \"Source Han Serif SC\", \
\"Source Han Serif CN\", \"Songti SC\", STSong, \"Songti TC\", SimSun, \"宋体\", serif";

/// The family name the embedded subset is declared under (distinct from the installed
/// Noto Serif SC, so a reader never mixes the subset with a full system copy).
pub const EMBEDDED_FAMILY: &str = "Broadsheet Serif";

/// Rules added after the stylesheet for vertical writing (`--vertical`).
pub const VERTICAL: &str = include_str!("vertical.css");

/// Traditional-Chinese serif faces, for books in zh-Hant/zh-TW/zh-HK/zh-MO: the same
/// code point has another glyph form there (骨, 述, 青 …).
const TC_FAMILIES: &str = "\"Noto Serif CJK TC\", \"Noto Serif TC\", \"Source Han Serif TC\", \
\"Source Han Serif TW\", \"Songti TC\", PMingLiU, \"新細明體\", serif";

/// Bold sans faces (黑体) for `--headline-face sans`, simplified then traditional.
const SANS_FAMILIES: &str = "\"Noto Sans CJK SC\", \"Noto Sans SC\", \"Source Han Sans SC\", \
\"PingFang SC\", \"Microsoft YaHei\", \"Heiti SC\", sans-serif";
const SANS_TC_FAMILIES: &str = "\"Noto Sans CJK TC\", \"Noto Sans TC\", \"Source Han Sans TC\", \
\"PingFang TC\", \"Microsoft JhengHei\", \"Heiti TC\", sans-serif";

const TRADITIONAL_TAGS: [&str; 4] = ["zh-Hant", "zh-TW", "zh-HK", "zh-MO"];

/// Rules for the book's faces beyond the body serif: traditional glyph forms for a
/// traditional-Chinese book (unless a font is embedded, which then wins), and a sans
/// headline face when asked for. Empty for a simplified book with serif headlines.
pub fn face_rules(
    traditional: bool,
    embedded: bool,
    headline: crate::fonts::HeadlineFace,
) -> String {
    let mut out = String::new();
    let selectors = |element: &str| {
        TRADITIONAL_TAGS
            .iter()
            .map(|t| format!("{element}:lang({t})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if traditional && !embedded {
        out.push_str(&format!(
            "{} {{\n  font-family: {TC_FAMILIES};\n}}\n",
            selectors("body")
        ));
    }
    if headline == crate::fonts::HeadlineFace::Sans {
        let heads = "h1, h2, h3, h4, h5, h6, .kicker, .subtitle";
        out.push_str(&format!(
            "{heads} {{\n  font-family: {SANS_FAMILIES};\n}}\n"
        ));
        let tc: Vec<String> = heads.split(", ").map(selectors).collect();
        out.push_str(&format!(
            "{} {{\n  font-family: {SANS_TC_FAMILIES};\n}}\n",
            tc.join(", ")
        ));
    }
    out
}

/// `font_href`: where the embedded font is, relative to the stylesheet.
pub fn stylesheet(font_href: Option<&str>) -> String {
    // Non-ASCII (宋体) below: say the encoding, as CSS 2.1 4.4 asks.
    let mut out = String::from("@charset \"UTF-8\";\n");
    match font_href {
        Some(href) => {
            out.push_str(&format!(
                "@font-face {{\n  font-family: \"{EMBEDDED_FAMILY}\";\n  src: url(\"{href}\") format(\"truetype\");\n  font-weight: normal;\n  font-style: normal;\n}}\n"
            ));
            out.push_str(&format!(
                "body {{\n  font-family: \"{EMBEDDED_FAMILY}\", {FAMILIES};\n}}\n"
            ));
        }
        None => out.push_str(&format!("body {{\n  font-family: {FAMILIES};\n}}\n")),
    }
    out.push_str(include_str!("style.css"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_font_comes_first() {
        let css = stylesheet(Some("fonts/x.ttf"));
        assert!(css.contains("url(\"fonts/x.ttf\")"));
        assert!(css.contains(&format!(
            "font-family: \"{EMBEDDED_FAMILY}\", \"Noto Serif CJK SC\""
        )));
        assert!(!stylesheet(None).contains("@font-face"));
    }

    #[test]
    fn chinese_text_rules_are_present() {
        let css = stylesheet(None);
        for rule in [
            "text-indent: 2em",
            "text-align: justify",
            "line-height: 1.7",
            "line-break: strict",
        ] {
            assert!(css.contains(rule), "{rule}");
        }
    }

    #[test]
    fn traditional_books_ask_for_tc_faces_unless_a_font_is_embedded() {
        use crate::fonts::HeadlineFace;
        let rules = face_rules(true, false, HeadlineFace::Serif);
        assert!(
            rules.contains("body:lang(zh-Hant), body:lang(zh-TW)"),
            "{rules}"
        );
        assert!(rules.contains("\"Noto Serif CJK TC\""));
        assert!(!rules.contains("sans-serif"));
        assert!(face_rules(true, true, HeadlineFace::Serif).is_empty());
        assert!(face_rules(false, false, HeadlineFace::Serif).is_empty());
        let sans = face_rules(false, true, HeadlineFace::Sans);
        assert!(
            sans.contains("h1, h2, h3, h4, h5, h6, .kicker, .subtitle {"),
            "{sans}"
        );
        assert!(sans.contains("h1:lang(zh-TW)") && sans.contains("\"Noto Sans CJK TC\""));
    }
}
