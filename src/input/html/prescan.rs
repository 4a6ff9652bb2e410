//! The encoding an HTML page declares for itself: `<meta charset="gb2312">` or
//! `<meta http-equiv="Content-Type" content="text/html; charset=gbk">` within the first
//! 1024 bytes (the HTML standard's prescan window). Takes raw bytes, gives an encoding
//! for `decode::decode`'s `declared` parameter.

use encoding_rs::Encoding;

/// How far into the page the declaration may sit.
const WINDOW: usize = 1024;

/// The encoding declared by a `<meta>` tag near the start of `bytes`, if any and known.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(WINDOW)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = skip(rest, |b| b.is_ascii_whitespace());
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = skip(rest, |b| b.is_ascii_whitespace() || b == b'"' || b == b'\'');
                let len = rest
                    .iter()
                    .position(|&b| {
                        !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                    })
                    .unwrap_or(rest.len());
                if len > 0
                    && let Some(enc) = Encoding::for_label(&rest[..len])
                {
                    // A page that says UTF-16 in ASCII bytes is not UTF-16 (HTML standard).
                    return Some(
                        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                            encoding_rs::UTF_8
                        } else {
                            enc
                        },
                    );
                }
            }
        }
        from = end.max(start + 1);
        if from >= lower.len() {
            break;
        }
    }
    None
}

/// Start tags whose handling in html5ever's tree builder walks the stack of open
/// elements or the list of active formatting elements (block elements close an open `<p>`
/// "in button scope"; formatting elements run the Noah's Ark check): nesting these
/// deeply makes parsing quadratic. Other elements (`span`, custom elements) nest cheaply.
const COSTLY: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "table",
    "a",
    "b",
    "big",
    "code",
    "em",
    "font",
    "i",
    "nobr",
    "s",
    "small",
    "strike",
    "strong",
    "tt",
    "u",
    "button",
    "object",
    "applet",
    "marquee",
    "select",
];

/// How deep the page's [`COSTLY`] elements nest, approximately (start tags minus end
/// tags), stopping as soon as it passes `limit`. Linear in the page
/// size; comments and script/style content are skipped.
pub fn nesting_depth(text: &str, limit: usize) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = find(&b[i..], b"-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = b[start..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-'))
            .unwrap_or(b.len() - start);
        if len == 0 {
            continue;
        }
        let name = text[start..start + len].to_ascii_lowercase();
        i = start + len;
        let raw_text = matches!(name.as_str(), "script" | "style" | "textarea" | "title");
        if !raw_text && !COSTLY.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let tag_end = b[i..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(b.len(), |e| i + e);
        if tag_end > i && b[tag_end - 1] == b'/' {
            continue;
        }
        if raw_text {
            let close = format!("</{name}");
            let lower_find = b[tag_end.min(b.len())..]
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close.as_bytes()));
            i = lower_find.map_or(b.len(), |e| tag_end + e);
            continue;
        }
        depth += 1;
        max = max.max(depth);
        if max > limit {
            return max;
        }
    }
    max
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn skip(s: &[u8], pred: impl Fn(u8) -> bool) -> &[u8] {
    let n = s.iter().position(|&b| !pred(b)).unwrap_or(s.len());
    &s[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth_is_approximate_but_linear() {
        assert_eq!(
            nesting_depth("<div><div><p>a<p>b</div><img src=x><br/></div>", 100),
            2
        );
        assert_eq!(
            nesting_depth("<script>'<div><div>'</script><!-- <div> --><b>", 100),
            1
        );
        assert_eq!(nesting_depth(&"<span>".repeat(5000), 100), 0);
        let deep = "<div>".repeat(100_000);
        assert_eq!(nesting_depth(&deep, 1000), 1001);
    }

    #[test]
    fn meta_charset_gb2312_means_gbk() {
        let e = declared_encoding(b"<html><head><meta charset=gb2312><title>").unwrap();
        assert_eq!(e.name(), "GBK");
    }

    #[test]
    fn http_equiv_content_type() {
        let page = br#"<HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GBK">"#;
        assert_eq!(declared_encoding(page).unwrap().name(), "GBK");
    }

    #[test]
    fn declaration_after_1024_bytes_is_ignored() {
        let mut page = vec![b' '; 1100];
        page.extend_from_slice(b"<meta charset=big5>");
        assert!(declared_encoding(&page).is_none());
        assert!(declared_encoding(b"<meta name=author content=x>").is_none());
        assert!(declared_encoding(b"<meta charset=klingon>").is_none());
    }
}
