//! Pictures for the book: takes an article and an image `src` as written in it, gives
//! the picture's path inside the book (or `None` plus a [`Warning`]). Files are read only
//! from inside the article's own folder tree, never fetched from the network; pictures
//! larger than the limit are scaled down and re-encoded, others are copied as they are.

use super::Resource;
use crate::model::Article;
use crate::warning::Warning;
use image::{DynamicImage, ImageFormat};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Collects the pictures of one book, each file once, in order of first use.
#[derive(Debug)]
pub struct Images {
    root_override: Option<PathBuf>,
    max_side: u32,
    /// Canonical source path → index in `items` (or `None`: it failed, warn once).
    seen: HashMap<PathBuf, Option<usize>>,
    pub items: Vec<Resource>,
    pub warnings: Vec<Warning>,
}

impl Images {
    /// `root_override`: the folder relative `src`s start from (default: the folder of
    /// the article's `meta.source`). `max_side`: longest side in pixels.
    pub fn new(root_override: Option<PathBuf>, max_side: u32) -> Images {
        Images {
            root_override,
            max_side,
            seen: HashMap::new(),
            items: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The path of the picture inside the book (`images/i001.jpg`), or `None` after
    /// recording why it could not be used.
    pub fn resolve(&mut self, article: &Article, src: &str) -> Option<String> {
        let who = article.display_title();
        let src = src.trim();
        let lower = src.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
        {
            self.warn(
                "image-remote",
                format!("{who}: remote image {src} not fetched; caption kept"),
            );
            return None;
        }
        // An empty src is how the input stage records a caption whose picture the
        // scraper never saw: nothing is lost here, so nothing to warn about.
        if src.is_empty() {
            return None;
        }
        if lower.starts_with("data:") {
            self.warn(
                "image-missing",
                format!("{who}: inline data: images are not supported; caption kept"),
            );
            return None;
        }
        let Some(root) = self.root_for(article) else {
            self.warn(
                "image-missing",
                format!("{who}: image {src} has no folder to look in (the article has no source path); caption kept"),
            );
            return None;
        };
        let Ok(root) = root.canonicalize() else {
            self.warn(
                "image-missing",
                format!(
                    "{who}: image {src}: folder {} not found; caption kept",
                    root.display()
                ),
            );
            return None;
        };
        let path = match root.join(src).canonicalize() {
            Ok(p) => p,
            Err(e) => {
                self.warn(
                    "image-missing",
                    format!("{who}: image {src}: {e}; caption kept"),
                );
                return None;
            }
        };
        // Canonical paths compare after `..` and symlinks are resolved, so neither can
        // lead a scraped page to pull in files from elsewhere on the disk.
        if !path.starts_with(&root) {
            self.warn(
                "image-outside",
                format!(
                    "{who}: image {src} is outside the article's folder {}; not read, caption kept",
                    root.display()
                ),
            );
            return None;
        }
        if let Some(known) = self.seen.get(&path) {
            return known.map(|i| self.items[i].path.clone());
        }
        let result = std::fs::read(&path)
            .map_err(|e| ("image-missing", e.to_string()))
            .and_then(|bytes| prepare(bytes, self.max_side).map_err(|e| ("image-broken", e)));
        match result {
            Ok((bytes, ext, media_type)) => {
                let n = self.items.len() + 1;
                let item = Resource {
                    id: format!("img{n:03}"),
                    path: format!("images/i{n:03}.{ext}"),
                    media_type,
                    bytes,
                    properties: None,
                };
                let href = item.path.clone();
                self.items.push(item);
                self.seen.insert(path, Some(n - 1));
                Some(href)
            }
            Err((code, e)) => {
                self.warn(code, format!("{who}: image {src}: {e}; caption kept"));
                self.seen.insert(path, None);
                None
            }
        }
    }

    fn root_for(&self, article: &Article) -> Option<PathBuf> {
        if let Some(r) = &self.root_override {
            return Some(r.clone());
        }
        let source = article.meta.source.as_deref()?;
        if source.contains("://") {
            return None;
        }
        match Path::new(source).parent() {
            Some(p) if !p.as_os_str().is_empty() => Some(p.to_path_buf()),
            _ => Some(PathBuf::from(".")),
        }
    }

    fn warn(&mut self, code: &'static str, message: String) {
        self.warnings.push(Warning::new(code, message));
    }
}

/// Checks that `bytes` is a picture an EPUB reader can show and makes it fit:
/// returns (bytes, extension, media type). Pictures within `max_side` in a format every
/// reader supports (JPEG, PNG, GIF, WebP) are kept byte for byte; larger ones are scaled
/// down and re-encoded (JPEG stays JPEG, everything else becomes PNG).
pub fn prepare(
    bytes: Vec<u8>,
    max_side: u32,
) -> Result<(Vec<u8>, &'static str, &'static str), String> {
    let format =
        image::guess_format(&bytes).map_err(|_| "not a picture broadsheet can read".to_string())?;
    let kind = match format {
        ImageFormat::Jpeg => ("jpg", "image/jpeg"),
        ImageFormat::Png => ("png", "image/png"),
        ImageFormat::Gif => ("gif", "image/gif"),
        ImageFormat::WebP => ("webp", "image/webp"),
        other => return Err(format!("{other:?} pictures are not supported")),
    };
    // Decode even when keeping the bytes: a truncated file would otherwise reach the
    // reader as a broken picture instead of a warning here.
    let img = image::load_from_memory_with_format(&bytes, format).map_err(|e| e.to_string())?;
    if img.width().max(img.height()) <= max_side {
        return Ok((bytes, kind.0, kind.1));
    }
    let small = img.resize(max_side, max_side, image::imageops::FilterType::Triangle);
    if format == ImageFormat::Jpeg {
        encode_jpeg(&small).map(|b| (b, "jpg", "image/jpeg"))
    } else {
        encode_png(&small).map(|b| (b, "png", "image/png"))
    }
}

pub fn encode_png(img: &DynamicImage) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

fn encode_jpeg(img: &DynamicImage) -> Result<Vec<u8>, String> {
    let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    rgb.write_with_encoder(enc).map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        encode_png(&DynamicImage::new_rgb8(w, h)).unwrap()
    }

    #[test]
    fn small_pictures_are_kept_byte_for_byte() {
        let bytes = png(40, 30);
        let (out, ext, mt) = prepare(bytes.clone(), 1600).unwrap();
        assert_eq!((out, ext, mt), (bytes, "png", "image/png"));
    }

    #[test]
    fn large_pictures_are_scaled_to_the_limit() {
        let (out, _, _) = prepare(png(400, 100), 200).unwrap();
        let img = image::load_from_memory(&out).unwrap();
        assert_eq!((img.width(), img.height()), (200, 50));
    }

    #[test]
    fn truncated_pictures_are_refused() {
        let mut bytes = png(40, 30);
        bytes.truncate(bytes.len() / 2);
        assert!(prepare(bytes, 1600).is_err());
        assert!(prepare(b"not a picture".to_vec(), 1600).is_err());
    }
}
