//! Pictures, read in one place that decides what may be read, for every backend and for
//! the manifest's hashes alike:
//!
//! - never a remote URL, never a file outside the article's folder (checked on canonical
//!   paths, so `..` and symlinks cannot escape);
//! - only regular files, at most [`MAX_PICTURE_BYTES`] (`/dev/zero` or a FIFO named as a
//!   picture is refused, not read); `data:` URIs decoded with a size bound;
//! - at most [`MAX_SIDE`] pixels a side (the HTML reader's limit) and [`MAX_PIXELS`] in
//!   all, read from the header before any pixel is decoded;
//! - decoded once, under an allocation limit, before anything embeds it: a truncated or
//!   corrupt picture is a warning and is left out, never a broken PDF or EPUB;
//! - read before any backend runs ([`Pictures`]): the typesetter and the EPUB writer
//!   touch no disk for them.

use crate::model::{Article, Block};
use image::{ImageFormat, ImageReader, Limits};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Largest picture file read.
pub const MAX_PICTURE_BYTES: u64 = 32 * 1024 * 1024;
/// Largest width or height: the HTML reader's limit, everywhere.
pub const MAX_SIDE: u32 = crate::input::html::images::MAX_SIDE;
/// Most pixels in one picture (a 50-megapixel camera's frame).
pub const MAX_PIXELS: u64 = 50_000_000;
/// Most memory the decoder may take for one picture.
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a picture was not read: a warning code and a message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureError {
    pub code: &'static str,
    pub message: String,
}

impl PictureError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        PictureError {
            code,
            message: message.into(),
        }
    }
}

/// A checked picture: its bytes (as read), format and size, and, for a file, its
/// canonical path (to include each file once).
#[derive(Debug, Clone)]
pub struct Picture {
    pub bytes: Vec<u8>,
    pub path: Option<PathBuf>,
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// The folder an article's relative picture paths start from: its source file's folder.
/// `None` for standard input or an article without a source path.
pub fn article_root(source: Option<&str>) -> Option<PathBuf> {
    let source = source?;
    if source == "-" || source.contains("://") {
        return None;
    }
    let parent = Path::new(source).parent()?;
    Some(if parent.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parent.to_path_buf()
    })
}

/// Where a reference points, before anything is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// Nothing to read: an empty `src` (a caption whose picture the scrape never had).
    None,
    /// A `data:` URI: its bytes are in the reference.
    Inline,
    /// A regular file inside the root, canonical.
    File(PathBuf),
    /// A file that would be inside the root but does not exist (yet): where it would be.
    Missing(PathBuf),
}

/// Resolves picture `src` against `root` under the rules above, reading nothing but
/// file metadata. Relative paths resolve in `root`.
pub fn locate_picture(src: &str, root: Option<&Path>) -> Result<Location, PictureError> {
    let src = src.trim();
    if src.is_empty() {
        return Ok(Location::None);
    }
    let head = src
        .get(..src.len().min(16))
        .unwrap_or("")
        .to_ascii_lowercase();
    if head.starts_with("data:") {
        return Ok(Location::Inline);
    }
    if head.starts_with("http:") || head.starts_with("https:") || head.starts_with("//") {
        return Err(PictureError::new(
            "image-remote",
            format!("remote picture {src} is not downloaded"),
        ));
    }
    let Some(root) = root else {
        return Err(PictureError::new(
            "image-missing",
            format!("picture {src}: no folder to look in (the article has no source path)"),
        ));
    };
    let canon_root = root.canonicalize().map_err(|e| {
        PictureError::new(
            "image-missing",
            format!("picture {src}: folder {}: {e}", root.display()),
        )
    })?;
    let relative = src.strip_prefix("file://").unwrap_or(src);
    let outside = || {
        PictureError::new(
            "image-outside",
            format!(
                "picture {src} is outside the article's folder {}; not read",
                canon_root.display()
            ),
        )
    };
    let path = match canon_root.join(relative).canonicalize() {
        Ok(path) => path,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return if lexically_inside(Path::new(relative)) {
                Ok(Location::Missing(canon_root.join(relative)))
            } else {
                Err(outside())
            };
        }
        Err(e) => {
            return Err(PictureError::new(
                "image-missing",
                format!("picture {src}: {e}"),
            ));
        }
    };
    if !path.starts_with(&canon_root) {
        return Err(outside());
    }
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => Ok(Location::File(path)),
        Ok(_) => Err(PictureError::new(
            "image-refused",
            format!("picture {src} is not a regular file (a folder, device or FIFO); not read"),
        )),
        Err(e) => Err(PictureError::new(
            "image-missing",
            format!("picture {src}: {e}"),
        )),
    }
}

/// Whether a JPEG has an end-of-image marker after its first scan (markers before the
/// scan, such as an EXIF thumbnail's, do not count).
fn jpeg_has_end(bytes: &[u8]) -> bool {
    let Some(scan) = bytes.windows(2).position(|w| w == [0xFF, 0xDA]) else {
        return false;
    };
    bytes[scan..].windows(2).any(|w| w == [0xFF, 0xD9])
}

/// A relative path that never climbs above its starting folder.
pub(crate) fn lexically_inside(p: &Path) -> bool {
    let mut depth: i64 = 0;
    for c in p.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// A picture's bytes as read, unchecked, and its canonical path (`None` for `data:`).
pub type RawPicture = (Vec<u8>, Option<PathBuf>);

/// The bytes of the picture a reference points at, bounded, without checking that they
/// are a picture (what the manifest hashes). `Ok(None)` when there is nothing to read.
pub fn read_picture_bytes(
    src: &str,
    root: Option<&Path>,
) -> Result<Option<RawPicture>, PictureError> {
    match locate_picture(src, root)? {
        Location::None => Ok(None),
        Location::Inline => crate::input::html::images::decode_data_uri(src.trim())
            .map(|b| Some((b, None)))
            .map_err(|why| PictureError::new("image-broken", format!("data: picture: {why}"))),
        Location::Missing(path) => Err(PictureError::new(
            "image-missing",
            format!("picture {}: not found ({})", src.trim(), path.display()),
        )),
        Location::File(path) => crate::fsutil::read_regular(&path, MAX_PICTURE_BYTES)
            .map(|b| Some((b, Some(path))))
            .map_err(|e| {
                let code = if e.kind() == std::io::ErrorKind::NotFound {
                    "image-missing"
                } else {
                    "image-refused"
                };
                PictureError::new(code, format!("picture {}: {e}", src.trim()))
            }),
    }
}

/// Reads picture `src` and checks it (size, dimensions, a full decode); relative paths
/// resolve in `root`. `Ok(None)` for an empty `src` (a caption whose picture the scrape
/// never had: nothing is lost, nothing to report).
pub fn read_picture(src: &str, root: Option<&Path>) -> Result<Option<Picture>, PictureError> {
    let Some((bytes, path)) = read_picture_bytes(src, root)? else {
        return Ok(None);
    };
    let (format, width, height) = check_picture(&bytes).map_err(|why| {
        PictureError::new("image-broken", format!("picture {}: {why}", src.trim()))
    })?;
    Ok(Some(Picture {
        bytes,
        path,
        format,
        width,
        height,
    }))
}

/// Checks that `bytes` are a whole picture within the limits: the header first (format,
/// dimensions: nothing is allocated for a picture claiming 30000×30000 pixels), then a
/// decode under an allocation limit (a truncated JPEG fails here, not in a reader).
pub fn check_picture(bytes: &[u8]) -> Result<(ImageFormat, u32, u32), String> {
    let reader = || -> Result<ImageReader<Cursor<&[u8]>>, String> {
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_DECODE_BYTES);
        let mut reader = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| format!("cannot be read ({e})"))?;
        reader.limits(limits);
        Ok(reader)
    };
    let first = reader()?;
    let format = match first.format() {
        Some(f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP)) => {
            f
        }
        _ => return Err("is not a PNG, JPEG, GIF or WebP picture".into()),
    };
    // The header alone (no pixels), without the side limit, to say what it claims.
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| format!("is not a readable picture ({e})"))?;
    if w == 0 || h == 0 {
        return Err("has no pixels".into());
    }
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "claims {w}×{h} pixels, over the limit ({MAX_SIDE} a side, {} megapixels)",
            MAX_PIXELS / 1_000_000
        ));
    }
    // The JPEG decoder fills a cut-off scan with grey instead of failing; a whole JPEG
    // ends its scan with an EOI marker (FF D9 cannot occur inside entropy-coded data).
    if format == ImageFormat::Jpeg && !jpeg_has_end(bytes) {
        return Err("is damaged or truncated (the JPEG data ends early)".into());
    }
    match reader()?.decode() {
        Ok(_) => Ok((format, w, h)),
        Err(image::ImageError::Limits(_)) => Err(format!(
            "needs more than {} MB to decode",
            MAX_DECODE_BYTES >> 20
        )),
        Err(e) => Err(format!("is damaged or truncated ({e})")),
    }
}

/// The pictures of one document, read and checked before typesetting, so the typesetter
/// touches no disk: each distinct (folder, reference) is read once, through
/// [`read_picture`], and looked up by the article's source and the reference.
#[derive(Debug, Default)]
pub struct Pictures {
    root_override: Option<PathBuf>,
    found: HashMap<(Option<PathBuf>, String), Result<Option<Held>, PictureError>>,
}

/// A checked picture as a document holds it: bytes shared with whatever embeds them.
#[derive(Debug, Clone)]
pub struct Held {
    pub bytes: Arc<Vec<u8>>,
    /// The canonical path of a file (`None` for `data:`): one file under two references
    /// is still one picture.
    pub path: Option<PathBuf>,
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

impl Pictures {
    /// Reads every picture `articles` refer to (in quotes too). `root_override`: the
    /// folder relative paths start from (`--image-root`), else each article's folder.
    pub fn read<'a>(
        articles: impl IntoIterator<Item = &'a Article>,
        root_override: Option<&Path>,
    ) -> Pictures {
        let mut pictures = Pictures {
            root_override: root_override.map(Path::to_path_buf),
            found: HashMap::new(),
        };
        for article in articles {
            let root = pictures.root(article.meta.source.as_deref());
            let mut stack: Vec<&Block> = article.body.iter().rev().collect();
            while let Some(block) = stack.pop() {
                match block {
                    Block::Image { src, .. } => {
                        let key = (root.clone(), src.clone());
                        pictures.found.entry(key).or_insert_with(|| {
                            read_picture(src, root.as_deref()).map(|p| {
                                p.map(|p| Held {
                                    bytes: Arc::new(p.bytes),
                                    path: p.path,
                                    format: p.format,
                                    width: p.width,
                                    height: p.height,
                                })
                            })
                        });
                    }
                    Block::Quote { content } => stack.extend(content.iter().rev()),
                    _ => {}
                }
            }
        }
        pictures
    }

    /// The picture `src` of the article read from `source`, as [`read_picture`] gave it.
    /// A reference that was not read beforehand is an error, never a disk read.
    pub fn get(&self, source: Option<&str>, src: &str) -> Result<Option<&Held>, PictureError> {
        let key = (self.root(source), src.to_string());
        match self.found.get(&key) {
            Some(Ok(p)) => Ok(p.as_ref()),
            Some(Err(e)) => Err(e.clone()),
            None => Err(PictureError::new(
                "image-missing",
                format!("picture {}: not read before typesetting", src.trim()),
            )),
        }
    }

    fn root(&self, source: Option<&str>) -> Option<PathBuf> {
        self.root_override.clone().or_else(|| article_root(source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_remote_and_empty() {
        let dir = std::env::temp_dir().join(format!("bs-res-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("page")).unwrap();
        std::fs::write(dir.join("secret.png"), b"x").unwrap();
        std::fs::write(dir.join("page/ok.png"), b"png").unwrap();
        let root = dir.join("page");
        assert!(read_picture("", Some(&root)).unwrap().is_none());
        assert_eq!(
            read_picture("../secret.png", Some(&root)).unwrap_err().code,
            "image-outside"
        );
        assert_eq!(
            read_picture(dir.join("secret.png").to_str().unwrap(), Some(&root))
                .unwrap_err()
                .code,
            "image-outside"
        );
        assert_eq!(
            read_picture("https://x/y.png", Some(&root))
                .unwrap_err()
                .code,
            "image-remote"
        );
        assert_eq!(
            read_picture_bytes("ok.png", Some(&root))
                .unwrap()
                .unwrap()
                .0,
            b"png"
        );
        // Bytes that are no picture are read (the manifest hashes them) but never embedded.
        assert_eq!(
            read_picture("ok.png", Some(&root)).unwrap_err().code,
            "image-broken"
        );
        let data = read_picture_bytes("data:image/png;base64,cG5n", None)
            .unwrap()
            .unwrap();
        assert_eq!(data.0, b"png");
        assert_eq!(
            locate_picture("gone.png", Some(&root)).unwrap(),
            Location::Missing(root.canonicalize().unwrap().join("gone.png"))
        );
        assert_eq!(
            locate_picture("../gone.png", Some(&root)).unwrap_err().code,
            "image-outside"
        );
        if Path::new("/dev/zero").exists() {
            std::os::unix::fs::symlink("/dev/zero", root.join("zero.png")).unwrap();
            // Outside the folder whatever it is; and not a regular file inside it either.
            assert_eq!(
                read_picture("zero.png", Some(&root)).unwrap_err().code,
                "image-outside"
            );
            assert_eq!(
                read_picture("/dev/zero", Some(Path::new("/dev")))
                    .unwrap_err()
                    .code,
                "image-refused"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::new_rgb8(w, h)
            .write_to(&mut out, ImageFormat::Png)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn pictures_are_checked_before_use() {
        let ok = png(40, 30);
        assert_eq!(check_picture(&ok).unwrap(), (ImageFormat::Png, 40, 30));
        let mut cut = ok.clone();
        cut.truncate(ok.len() / 2);
        assert!(check_picture(&cut).unwrap_err().contains("damaged"));
        let mut jpeg = Cursor::new(Vec::new());
        image::DynamicImage::new_rgb8(64, 48)
            .write_to(&mut jpeg, ImageFormat::Jpeg)
            .unwrap();
        let jpeg = jpeg.into_inner();
        assert_eq!(check_picture(&jpeg).unwrap(), (ImageFormat::Jpeg, 64, 48));
        assert!(
            check_picture(&jpeg[..jpeg.len() - 2])
                .unwrap_err()
                .contains("truncated")
        );
        assert!(check_picture(b"GIF89a").is_err());
        assert!(check_picture(b"plain text").is_err());
    }

    #[test]
    fn pictures_are_read_once_before_use_and_looked_up_without_disk() {
        let dir = std::env::temp_dir().join(format!("bs-pictures-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("a/p.png"), png(8, 6)).unwrap();
        let source = dir.join("a/story.txt").to_string_lossy().into_owned();
        let mut article = Article::default();
        article.meta.source = Some(source.clone());
        article.body = vec![
            Block::Image {
                src: "p.png".into(),
                alt: String::new(),
                caption: None,
            },
            Block::Quote {
                content: vec![Block::Image {
                    src: "../secret.png".into(),
                    alt: String::new(),
                    caption: None,
                }],
            },
        ];
        let pictures = Pictures::read([&article], None);
        // Gone from disk: the lookup still has what was read.
        std::fs::remove_dir_all(&dir).unwrap();
        let p = pictures.get(Some(&source), "p.png").unwrap().unwrap();
        assert_eq!((p.format, p.width, p.height), (ImageFormat::Png, 8, 6));
        assert_eq!(
            pictures
                .get(Some(&source), "../secret.png")
                .unwrap_err()
                .code,
            "image-outside"
        );
        // Never read beforehand: an error, not a read.
        assert!(pictures.get(Some(&source), "other.png").is_err());
    }

    #[test]
    fn roots_of_sources() {
        assert_eq!(article_root(Some("a/b.txt")), Some(PathBuf::from("a")));
        assert_eq!(article_root(Some("b.txt")), Some(PathBuf::from(".")));
        assert_eq!(article_root(Some("-")), None);
        assert_eq!(article_root(Some("https://x/y")), None);
    }
}
