//! Bytes → text. BOM first (UTF-8, UTF-16 LE/BE), then valid UTF-8, then detection
//! (chardetng) and decoding with encoding_rs. Malformed bytes become U+FFFD and one
//! warning with their count and the first offset; binary files are refused.

use crate::error::{Error, Result};
use crate::warning::Warning;
use encoding_rs::{
    BIG5, DecoderResult, EUC_JP, EUC_KR, Encoding, GBK, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE,
};
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
    // NULs are text in UTF-16: a BOM, or the user's word for it, settles that.
    let utf16_said = bom.is_some() || forced.is_some_and(|e| e == UTF_16LE || e == UTF_16BE);
    if let Some(kind) = sniff_binary(bytes, utf16_said) {
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
        return decode_detected(path, bytes);
    };
    let (text, malformed) = decode_counting(encoding, body);
    // Offsets are reported in the file's bytes, BOM included.
    let malformed = malformed.map(|(count, first)| (count, first + (bytes.len() - body.len())));
    finish(path, text, encoding, method, malformed, Vec::new())
}

/// Refuses mostly-garbage text and turns malformed sequences into one warning.
fn finish(
    path: &Path,
    text: String,
    encoding: &'static Encoding,
    method: &'static str,
    malformed: Option<(usize, usize)>,
    mut warnings: Vec<Warning>,
) -> Result<Decoded> {
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
    if let Some((count, offset)) = malformed {
        warnings.insert(
            0,
            Warning::new(
                "malformed-bytes",
                format!(
                    "{count} malformed byte sequence(s) in {} input, first at byte offset {offset}; replaced with U+FFFD",
                    encoding.name()
                ),
            ),
        );
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        method,
        warnings,
    })
}

/// No BOM, no flag, no declaration, not valid UTF-8: judge the dominant encoding, then
/// decode line by line so a stray line in another encoding (a UTF-8 line pasted into a
/// GBK file, or the reverse) is read in its own, and a stray bad byte costs one U+FFFD
/// instead of turning the whole file into windows-1252 mojibake.
fn decode_detected(path: &Path, bytes: &[u8]) -> Result<Decoded> {
    let whole = Utf8Stats::of(bytes);
    // Legacy CJK bytes rarely form valid multi-byte UTF-8 (about one pair in eight does
    // by chance), so "two thirds of the non-ASCII sequences are valid UTF-8" is safe.
    let utf8_dominant = whole.multibyte > 0 && whole.invalid * 2 <= whole.multibyte;
    let lines = || bytes.split_inclusive(|&b| b == b'\n');
    let dominant = if utf8_dominant {
        UTF_8
    } else {
        // Judge the legacy encoding without the lines that are plainly UTF-8.
        if lines().any(|l| Utf8Stats::of(l).is_utf8_line()) {
            let rest: Vec<u8> = lines()
                .filter(|l| !Utf8Stats::of(l).is_utf8_line())
                .flatten()
                .copied()
                .collect();
            legacy_guess(if rest.is_empty() { bytes } else { &rest })
        } else {
            legacy_guess(bytes)
        }
    };
    // The other encoding a line may be in.
    let other = if utf8_dominant {
        let rest: Vec<u8> = lines()
            .filter(|l| Utf8Stats::of(l).is_foreign_line())
            .flatten()
            .copied()
            .collect();
        (!rest.is_empty()).then(|| legacy_guess(&rest))
    } else {
        Some(UTF_8)
    };
    // Runs of lines in one encoding: (start, end, encoding).
    let mut runs: Vec<(usize, usize, &'static Encoding)> = Vec::new();
    let mut foreign = 0usize;
    let mut first_foreign = None;
    let mut at = 0usize;
    for line in lines() {
        let stats = Utf8Stats::of(line);
        let enc = match other {
            Some(o)
                if utf8_dominant
                    && stats.is_foreign_line()
                    && o.decode_without_bom_handling_and_without_replacement(line)
                        .is_some() =>
            {
                o
            }
            Some(o) if !utf8_dominant && stats.is_utf8_line() => o,
            _ => dominant,
        };
        if enc != dominant {
            foreign += 1;
            first_foreign.get_or_insert(at);
        }
        match runs.last_mut() {
            Some((_, end, e)) if *e == enc => *end = at + line.len(),
            _ => runs.push((at, at + line.len(), enc)),
        }
        at += line.len();
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut malformed: Option<(usize, usize)> = None;
    for (start, end, enc) in runs {
        let (part, bad) = decode_counting(enc, &bytes[start..end]);
        text.push_str(&part);
        if let Some((count, first)) = bad {
            malformed = Some(match malformed {
                Some((c, f)) => (c + count, f),
                None => (count, start + first),
            });
        }
    }
    let mut warnings = Vec::new();
    if let (Some(o), Some(offset)) = (other, first_foreign) {
        warnings.push(Warning::new(
            "mixed-encoding",
            format!(
                "{foreign} line(s) in {} inside {} input, first at byte offset {offset}; decoded as {}",
                o.name(),
                dominant.name(),
                o.name()
            ),
        ));
    }
    finish(path, text, dominant, "detected", malformed, warnings)
}

/// What UTF-8 validation says about some bytes: valid multi-byte characters (and how
/// many of them are three bytes or longer, as CJK is) and invalid sequences.
#[derive(Debug, Default, Clone, Copy)]
struct Utf8Stats {
    multibyte: usize,
    long: usize,
    invalid: usize,
}

impl Utf8Stats {
    fn of(mut bytes: &[u8]) -> Utf8Stats {
        let mut s = Utf8Stats::default();
        loop {
            let (valid, rest) = match std::str::from_utf8(bytes) {
                Ok(_) => (bytes, &[][..]),
                Err(e) => {
                    let skip = e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                    s.invalid += 1;
                    (&bytes[..e.valid_up_to()], &bytes[e.valid_up_to() + skip..])
                }
            };
            s.multibyte += valid.iter().filter(|&&b| b >= 0xC0).count();
            s.long += valid.iter().filter(|&&b| b >= 0xE0).count();
            if rest.is_empty() {
                return s;
            }
            bytes = rest;
        }
    }

    /// A line that is UTF-8 beyond doubt: valid, with CJK-length sequences.
    fn is_utf8_line(&self) -> bool {
        self.invalid == 0 && self.multibyte >= 2 && self.long >= 1
    }

    /// A line that is mostly not UTF-8 (a stray byte in UTF-8 text is not that).
    fn is_foreign_line(&self) -> bool {
        self.invalid > self.multibyte
    }
}

/// The legacy encoding of `bytes`. chardetng rules a candidate out at its first
/// malformed sequence, so one bad byte in GBK text leaves only windows-1252; when it
/// ends on a single-byte encoding, each CJK encoding that decodes the bytes with few
/// errors is tried again without its bad sequences, and kept if chardetng then agrees.
fn legacy_guess(bytes: &[u8]) -> &'static Encoding {
    let guess = chardet(bytes);
    if !guess.is_single_byte() {
        return guess;
    }
    let mut best: Option<(usize, &'static Encoding)> = None;
    for candidate in [GBK, BIG5, SHIFT_JIS, EUC_KR, EUC_JP] {
        let (bad, non_ascii) = malformed_ranges(candidate, bytes);
        if bad.is_empty() || bad.len() * 20 > non_ascii {
            continue;
        }
        let mut cleaned = Vec::with_capacity(bytes.len());
        let mut at = 0;
        for (start, end) in &bad {
            cleaned.extend_from_slice(&bytes[at..*start]);
            at = *end;
        }
        cleaned.extend_from_slice(&bytes[at..]);
        if chardet(&cleaned) == candidate && best.is_none_or(|(n, _)| bad.len() < n) {
            best = Some((bad.len(), candidate));
        }
    }
    best.map_or(guess, |(_, e)| e)
}

fn chardet(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// Byte ranges of the malformed sequences of `bytes` in `encoding`, and how many
/// non-ASCII characters decoded well.
fn malformed_ranges(encoding: &'static Encoding, bytes: &[u8]) -> (Vec<(usize, usize)>, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(8192);
    let mut bad = Vec::new();
    let mut non_ascii = 0usize;
    let mut pos = 0usize;
    loop {
        out.clear();
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[pos..], &mut out, true);
        pos += read;
        non_ascii += out.chars().filter(|c| !c.is_ascii()).count();
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(len, extra) => {
                let end = pos.saturating_sub(usize::from(extra));
                bad.push((end.saturating_sub(usize::from(len)), end));
            }
        }
    }
    (bad, non_ascii)
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

/// UTF-16 without a BOM. Only files with NUL bytes are considered (no legacy encoding
/// has them). ASCII-heavy UTF-16 has a zero in most code units, all on one parity;
/// Chinese text has few, and on both parities (U+3000 and 一 U+4E00 have a zero low
/// byte), so there the code units themselves are judged: read in the right byte order
/// nearly all are CJK, ASCII or CJK punctuation, in the wrong one almost none are.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(8192) & !1];
    if sample.len() < 4 || !sample.contains(&0) {
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
    if odd * 4 >= pairs && even == 0 {
        return Some(UTF_16LE);
    }
    if even * 4 >= pairs && odd == 0 {
        return Some(UTF_16BE);
    }
    if pairs < 16 {
        return None;
    }
    let units = |le: bool| {
        sample.chunks_exact(2).map(move |c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
    };
    let plausible = |le: bool| units(le).filter(|&u| plausible_unit(u)).count();
    let (le, be) = (plausible(true), plausible(false));
    // Nine in ten plausible one way, under half the other: anything else is binary.
    if le * 10 >= pairs * 9 && be * 2 < pairs {
        Some(UTF_16LE)
    } else if be * 10 >= pairs * 9 && le * 2 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A UTF-16 code unit that Chinese (or Japanese, English) text is made of. Kept narrow:
/// CJK ideographs alone are a third of all byte-swapped units, so Hangul and
/// surrogates would make the wrong byte order look plausible too.
fn plausible_unit(u: u16) -> bool {
    matches!(u,
        0x09 | 0x0A | 0x0D
        | 0x20..=0x7E // ASCII
        | 0xA0..=0xFF // Latin-1: ·, ×, é
        | 0x2000..=0x206F // general punctuation: “ ” — …
        | 0x3000..=0x30FF // CJK punctuation, kana
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xFF00..=0xFFEF // full-width forms: ，：（）
    )
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
            return Some(
                "it contains NUL bytes; if it is UTF-16 without a BOM, say so with --encoding utf-16le or utf-16be",
            );
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

    #[test]
    fn a_stray_byte_keeps_big5_big5_and_latin_text_latin() {
        let text =
            "臺北市政府今天宣布，明年起將擴大推動公共運輸，鼓勵市民搭乘捷運與公車，減少空氣污染。";
        let mut bytes = encoding_rs::BIG5.encode(text).0.into_owned();
        bytes.insert(12, 0xFF);
        let d = decode(p(), &bytes, None, None).unwrap();
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.text.matches('\u{FFFD}').count(), 1);
        let latin = encoding_rs::WINDOWS_1252
            .encode("Le café de la gare était fermé; déjà vu à Noël.")
            .0
            .into_owned();
        let d = decode(p(), &latin, None, None).unwrap();
        assert_eq!(d.text, "Le café de la gare était fermé; déjà vu à Noël.");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn a_gbk_line_in_utf8_text_is_read_as_gbk() {
        let utf8 = "第一段，全文以统一码保存，内容较长，足以判断。\n第三段，同样以统一码保存。\n";
        let mut bytes = utf8.as_bytes().to_vec();
        let line = "第二段，这一行却是国标码。\n";
        let at = utf8.find("第三段").unwrap();
        let gbk = encoding_rs::GBK.encode(line).0.into_owned();
        bytes.splice(at..at, gbk);
        let d = decode(p(), &bytes, None, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains(line), "{}", d.text);
        assert!(
            d.warnings[0].message.starts_with("1 line(s) in GBK"),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn short_utf16_needs_the_flag_and_nul_binary_is_refused() {
        let utf16: Vec<u8> = "　　一二三。\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(matches!(
            decode(p(), &utf16, None, None),
            Err(Error::Binary { .. })
        ));
        let d = decode(p(), &utf16, Some(UTF_16LE), None).unwrap();
        assert_eq!(d.text, "　　一二三。\n");
        // Forcing a legacy encoding does not make NULs text.
        assert!(matches!(
            decode(
                p(),
                b"plain ASCII text, a NUL\x00 and more text",
                Some(GBK),
                None
            ),
            Err(Error::Binary { .. })
        ));
    }
}
