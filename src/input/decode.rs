//! Bytes → text. BOM first (UTF-8, UTF-16 LE/BE), then valid UTF-8, then detection
//! (chardetng) and decoding with encoding_rs. Malformed bytes become U+FFFD and one
//! warning with their count and the first offset; binary files are refused.

use crate::error::{Error, Result};
use crate::warning::Warning;
use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};
use std::path::Path;

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `GBK`, `Big5`, …).
    pub encoding: &'static str,
    /// How the encoding was chosen: `bom`, `utf-8`, `declared`, `detected`, `override`.
    pub method: &'static str,
    pub warnings: Vec<Warning>,
}

/// Looks an encoding up by any of its WHATWG labels (`gb2312` → GBK, `big5`, …).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| Error::UnknownEncoding(label.into()))
}

/// Decodes `bytes`. `forced` (from `--encoding`) wins over everything but a matching BOM;
/// `declared` is what the document itself claims (an HTML `<meta charset>`), tried after
/// the BOM and before detection.
pub fn decode(
    path: &Path,
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    declared: Option<&'static Encoding>,
) -> Result<Decoded> {
    if bytes.is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let bom = Encoding::for_bom(bytes);
    if let Some(kind) = sniff_binary(bytes, bom.is_some()) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            kind: kind.to_string(),
        });
    }
    let (encoding, method, body) = if let Some(enc) = forced {
        let body = match bom {
            Some((b, len)) if b == enc => &bytes[len..],
            _ => bytes,
        };
        (enc, "override", body)
    } else if let Some((enc, len)) = bom {
        (enc, "bom", &bytes[len..])
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            method: "utf-8",
            warnings: Vec::new(),
        });
    } else if let Some(enc) = utf16_without_bom(bytes) {
        (enc, "detected", bytes)
    } else if let Some(enc) = declared {
        (enc, "declared", bytes)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        (
            detector.guess(None, chardetng::Utf8Detection::Deny),
            "detected",
            bytes,
        )
    };
    let (text, malformed) = decode_counting(encoding, body);
    let mut warnings = Vec::new();
    if let Some((count, _)) = malformed
        && count > 16
        && count * 20 > text.chars().count()
    {
        // More than one character in twenty is garbage: this is not text in any
        // encoding we know, and converting it would only spread replacement marks.
        return Err(Error::Undecodable {
            path: path.to_path_buf(),
            encoding: encoding.name(),
            count,
        });
    }
    if let Some((count, first)) = malformed {
        // Offsets are reported in the file's bytes, BOM included.
        let offset = first + (bytes.len() - body.len());
        warnings.push(Warning::new(
            "malformed-bytes",
            format!(
                "{count} malformed byte sequence(s) in {} input, first at byte offset {offset}; replaced with U+FFFD",
                encoding.name()
            ),
        ));
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        method,
        warnings,
    })
}

/// Decodes without BOM sniffing, counting malformed sequences and remembering where
/// the first one starts (byte offset in `bytes`).
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, Option<(usize, usize)>) {
    if encoding == UTF_8
        && let Ok(s) = std::str::from_utf8(bytes)
    {
        return (s.to_string(), None);
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3)
        + 16;
    let mut out = String::with_capacity(capacity);
    let mut pos = 0usize;
    let mut count = 0usize;
    let mut first = None;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[pos..], &mut out, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => out.reserve(bytes.len().max(64)),
            DecoderResult::Malformed(bad, extra) => {
                count += 1;
                if first.is_none() {
                    first = Some(pos.saturating_sub(usize::from(bad) + usize::from(extra)));
                }
                out.push('\u{FFFD}');
            }
        }
    }
    (out, first.map(|f| (count, f)))
}

/// UTF-16 without a BOM: many NUL bytes, nearly all on one parity. Text in any
/// single-byte or multibyte legacy encoding has no NULs at all.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // ASCII-heavy UTF-16 has a zero in most code units; CJK-heavy text has few, so
    // look only for a clear, one-sided pattern.
    if odd * 4 >= pairs && even == 0 {
        Some(UTF_16LE)
    } else if even * 4 >= pairs && odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Recognises binary files by magic numbers and NUL bytes. Text with a UTF-16 BOM
/// legitimately has NULs, so the NUL test is skipped when a BOM was found.
fn sniff_binary(bytes: &[u8], has_bom: bool) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive (or EPUB/DOCX)"),
        (b"PK\x05\x06", "an empty ZIP archive"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"BZh", "a bzip2 archive"),
        (b"\xFD7zXZ\x00", "an xz archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"\x7FELF", "an executable"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an Office document"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
    ];
    for (magic, kind) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(kind);
        }
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("a WebP image");
    }
    if !has_bom {
        let head = &bytes[..bytes.len().min(8192)];
        if head.contains(&0) && utf16_without_bom(bytes).is_none() {
            return Some("it contains NUL bytes");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("t.txt")
    }

    #[test]
    fn utf8_is_taken_as_is() {
        let d = decode(p(), "中文".as_bytes(), None, None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.method),
            ("中文", "UTF-8", "utf-8")
        );
    }

    #[test]
    fn bom_wins_and_is_stripped() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "中文".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let d = decode(p(), &bytes, None, None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.method),
            ("中文", "UTF-16LE", "bom")
        );
    }

    #[test]
    fn gbk_is_detected() {
        let text = "乐陵市坚持以习近平新时代中国特色社会主义思想为指引，深入贯彻党的二十大精神。";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let d = decode(p(), &bytes, None, None).unwrap();
        assert_eq!(d.text, text);
        assert!(
            d.encoding == "GBK" || d.encoding == "gb18030",
            "{}",
            d.encoding
        );
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn malformed_bytes_are_counted_with_first_offset() {
        let mut bytes = encoding_rs::GBK
            .encode("中华人民共和国成立了，人民站起来了。")
            .0
            .into_owned();
        bytes.insert(4, 0xFF);
        bytes.push(0x81);
        let d = decode(p(), &bytes, encoding_for_label("gbk").ok(), None).unwrap();
        assert_eq!(d.warnings.len(), 1);
        let msg = &d.warnings[0].message;
        assert!(msg.starts_with("2 malformed"), "{msg}");
        assert!(msg.contains("offset 4"), "{msg}");
        assert!(d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn mostly_garbage_is_refused() {
        let bytes: Vec<u8> = (0..4000u32)
            .map(|i| (0x80 + (i * 37) % 0x7f) as u8)
            .collect();
        assert!(matches!(
            decode(p(), &bytes, encoding_for_label("utf-8").ok(), None),
            Err(Error::Undecodable { .. })
        ));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(matches!(
            decode(p(), b"", None, None),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            decode(p(), b"%PDF-1.7 ...", None, None),
            Err(Error::Binary { .. })
        ));
        assert!(matches!(
            decode(p(), b"abc\x00\x01\x02\xff\xfe\x00\x00", None, None),
            Err(Error::Binary { .. })
        ));
    }

    #[test]
    fn gb2312_label_means_gbk() {
        assert_eq!(encoding_for_label("gb2312").unwrap().name(), "GBK");
        assert!(encoding_for_label("klingon").is_err());
    }
}
