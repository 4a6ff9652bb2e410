//! The book's stylesheet: takes whether a font is embedded, gives `style.css`.
//! The rules themselves live in `style.css` beside this file; only the font-family
//! list depends on the options.

/// Serif faces that common readers and systems carry for Simplified Chinese, best first.
const FAMILIES: &str = "\"Noto Serif CJK SC\", \"Noto Serif SC\", \"Source Han Serif SC\", \
\"Source Han Serif CN\", \"Songti SC\", STSong, \"Songti TC\", SimSun, \"宋体\", serif";

/// The family name the embedded subset is declared under (distinct from the installed
/// Noto Serif SC, so a reader never mixes the subset with a full system copy).
pub const EMBEDDED_FAMILY: &str = "Broadsheet Serif";

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
}
