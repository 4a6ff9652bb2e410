//! Image references of a page: a `src` attribute in, the `src` to keep (or none) and
//! warnings out. Nothing is fetched and nothing outside the input root is read:
//!
//! - remote URLs (`http:`, `https:`, `//host`) are kept as written, with a warning;
//! - `data:` URIs are decoded (base64, bounded) and their header probed;
//! - relative paths resolve against the page's folder and must stay inside it (checked
//!   on canonical paths, so `..` and symlinks cannot escape); absolute paths elsewhere
//!   are refused.
//!
//! Probing reads only the image header through the `image` crate with [`Limits`], so an
//! image claiming 100000×100000 pixels is a warning, never an allocation.

use crate::warning::Warning;
use base64::Engine;
use image::{ImageReader, Limits};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Largest width or height accepted.
pub const MAX_SIDE: u32 = 16_384;
/// Largest decoded `data:` URI payload.
const MAX_DATA_BYTES: usize = 16 * 1024 * 1024;
/// How much of an image file is read to probe its header.
const HEADER_BYTES: u64 = 256 * 1024;

/// Where relative image paths of one page resolve.
#[derive(Debug, Clone)]
pub struct ImageContext {
    /// The page's folder; `None` when the page came from standard input (local images are
    /// then refused).
    pub root: Option<PathBuf>,
}

impl ImageContext {
    pub fn for_page(path: &Path) -> ImageContext {
        if path == Path::new("-") {
            return ImageContext { root: None };
        }
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        ImageContext {
            root: Some(dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf)),
        }
    }
}

/// Checks one `src`. Returns the value to store in `Block::Image.src` (empty when the
/// reference was refused) and a warning (about that picture) when the user should hear
/// about it.
pub fn check(src: &str, ctx: &ImageContext) -> (String, Option<Warning>) {
    let (kept, warning) = check_src(src, ctx);
    (kept, warning.map(|w| w.about(src.trim())))
}

fn check_src(src: &str, ctx: &ImageContext) -> (String, Option<Warning>) {
    let src = src.trim();
    let shown: String = src.chars().take(80).collect();
    let lower = src
        .get(..src.len().min(16))
        .unwrap_or("")
        .to_ascii_lowercase();
    if src.is_empty() {
        return (String::new(), None);
    }
    if lower.starts_with("data:") {
        return match probe_data_uri(src) {
            Ok(()) => (src.to_string(), None),
            Err(why) => (
                String::new(),
                Some(Warning::new(
                    "image-refused",
                    format!("data: image dropped: {why}"),
                )),
            ),
        };
    }
    if lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//") {
        return (
            src.to_string(),
            Some(Warning::new(
                "remote-image",
                format!("remote image {shown} kept as a link, not fetched"),
            )),
        );
    }
    if lower.contains(':') && !lower.starts_with("file:") && !looks_like_windows_drive(src) {
        return (
            String::new(),
            Some(Warning::new(
                "image-refused",
                format!("image {shown}: unsupported URL scheme, dropped"),
            )),
        );
    }
    let Some(root) = &ctx.root else {
        return (
            String::new(),
            Some(Warning::new(
                "image-refused",
                format!(
                    "image {shown}: a page read from standard input has no folder for local images"
                ),
            )),
        );
    };
    let rel = src.strip_prefix("file://").unwrap_or(src);
    let rel = rel.split(['?', '#']).next().unwrap_or(rel);
    let rel = percent_decode(rel);
    let refused = |why: &str| {
        (
            String::new(),
            Some(Warning::new(
                "image-refused",
                format!("image {shown} {why}; refused (caption kept)"),
            )),
        )
    };
    let candidate = root.join(&rel);
    let inside = match (
        std::fs::canonicalize(root),
        std::fs::canonicalize(&candidate),
    ) {
        (Ok(r), Ok(c)) => Some(c.starts_with(&r)),
        // The file is missing: judge the path by its components alone.
        (_, Err(_)) => Some(crate::resources::lexically_inside(Path::new(&rel))),
        (Err(_), Ok(_)) => None,
    };
    match inside {
        Some(false) | None => return refused("points outside the input folder"),
        Some(true) => {}
    }
    if !candidate.is_file() {
        return (
            src.to_string(),
            Some(Warning::new(
                "image-missing",
                format!("image {shown} not found beside the page"),
            )),
        );
    }
    match head_of(&candidate) {
        Ok(bytes) => match probe(&bytes) {
            Ok(()) => (src.to_string(), None),
            Err(why) => refused(&why),
        },
        Err(e) => refused(&format!("cannot be read ({e})")),
    }
}

fn looks_like_windows_drive(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/')
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn probe_data_uri(src: &str) -> Result<(), String> {
    probe(&decode_data_uri(src)?)
}

/// The bytes of a base64 `data:` URI, bounded in size.
pub fn decode_data_uri(src: &str) -> Result<Vec<u8>, String> {
    let (head, payload) = src
        .split_once(',')
        .ok_or_else(|| "malformed data: URI".to_string())?;
    if !head.to_ascii_lowercase().ends_with(";base64") {
        return Err("only base64 data: URIs are read".into());
    }
    let payload: String = payload
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if payload.len() / 4 * 3 > MAX_DATA_BYTES {
        return Err(format!(
            "payload over {} MB",
            MAX_DATA_BYTES / (1024 * 1024)
        ));
    }
    base64::engine::general_purpose::STANDARD
        .decode(payload.as_bytes())
        .map_err(|e| format!("invalid base64 ({e})"))
}

/// Reads the image header under limits: a known format with sane dimensions. Only the
/// header is parsed; pixel data is never decoded.
pub fn probe(bytes: &[u8]) -> Result<(), String> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read ({e})"))?;
    if reader.format().is_none() {
        return Err("is not an image broadsheet knows (PNG, JPEG, GIF, WebP)".into());
    }
    reader.limits(limits);
    let (w, h) = match reader.into_dimensions() {
        Ok(d) => d,
        Err(image::ImageError::Limits(_)) => {
            // Say what the header claims: read it again without limits (still no pixels).
            let claimed = claimed_size(bytes);
            return Err(match claimed {
                Some((w, h)) => {
                    format!("claims {w}×{h} pixels, over the {MAX_SIDE}×{MAX_SIDE} limit")
                }
                None => format!("is larger than the {MAX_SIDE}×{MAX_SIDE} limit"),
            });
        }
        Err(e) => return Err(format!("is not a readable image ({e})")),
    };
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "claims {w}×{h} pixels, over the {MAX_SIDE}×{MAX_SIDE} limit"
        ));
    }
    if w == 0 || h == 0 {
        return Err("has no pixels".into());
    }
    Ok(())
}

/// The size a PNG or GIF header claims, read from its fixed offsets (for messages only).
fn claimed_size(b: &[u8]) -> Option<(u32, u32)> {
    let be = |i: usize| Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?));
    let le16 = |i: usize| {
        Some(u32::from(u16::from_le_bytes(
            b.get(i..i + 2)?.try_into().ok()?,
        )))
    };
    if b.starts_with(b"\x89PNG") && b.get(12..16) == Some(b"IHDR") {
        return Some((be(16)?, be(20)?));
    }
    if b.starts_with(b"GIF8") {
        return Some((le16(6)?, le16(8)?));
    }
    None
}

/// The first bytes of a file, enough for any header.
fn head_of(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::fs::File::open(path)?
        .take(HEADER_BYTES)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG signature and IHDR chunk claiming `w`×`h` pixels (no image data).
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(w.to_be_bytes());
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, 6, 0, 0, 0]);
        v.extend(13u32.to_be_bytes());
        v.extend(&ihdr);
        v.extend(crc32fast::hash(&ihdr).to_be_bytes());
        for name in [b"IDAT", b"IEND"] {
            v.extend(0u32.to_be_bytes());
            v.extend(name);
            v.extend(crc32fast::hash(name).to_be_bytes());
        }
        v
    }

    #[test]
    fn giant_dimensions_are_refused_without_allocating() {
        let err = probe(&png_header(100_000, 100_000)).unwrap_err();
        assert!(err.contains("100000×100000"), "{err}");
        assert!(probe(&png_header(800, 600)).is_ok());
    }

    #[test]
    fn escapes_and_remote_urls() {
        let ctx = ImageContext {
            root: Some(PathBuf::from("samples")),
        };
        let (src, w) = check("../../etc/passwd", &ctx);
        assert!(src.is_empty());
        assert_eq!(w.unwrap().code, "image-refused");
        let (src, w) = check("/etc/passwd", &ctx);
        assert!(src.is_empty() && w.is_some());
        let (src, w) = check("https://example.com/a.jpg", &ctx);
        assert_eq!(src, "https://example.com/a.jpg");
        assert_eq!(w.unwrap().code, "remote-image");
        let (src, w) = check("images/job-fair.png", &ctx);
        assert_eq!(src, "images/job-fair.png");
        assert!(w.is_none(), "{w:?}");
    }

    #[test]
    fn data_uris_are_decoded_and_probed() {
        let b64 = base64::engine::general_purpose::STANDARD.encode(png_header(100_000, 100_000));
        let (src, w) = check(
            &format!("data:image/png;base64,{b64}"),
            &ImageContext { root: None },
        );
        assert!(src.is_empty());
        assert!(w.unwrap().message.contains("100000×100000"));
        let b64 = base64::engine::general_purpose::STANDARD.encode(png_header(2, 2));
        let uri = format!("data:image/png;base64,{b64}");
        assert_eq!(check(&uri, &ImageContext { root: None }).0, uri);
    }
}
