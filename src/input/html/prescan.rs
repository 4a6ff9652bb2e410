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
