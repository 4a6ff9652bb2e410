//! Pictures the backends embed, read in one place that decides what may be read: never a
//! remote URL, never a file outside the article's folder (checked on canonical paths, so
//! `..` and symlinks cannot escape), `data:` URIs decoded with a size bound.

use std::path::{Path, PathBuf};

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

/// A picture's bytes and, for a file, its canonical path (to include each file once).
#[derive(Debug, Clone)]
pub struct Picture {
    pub bytes: Vec<u8>,
    pub path: Option<PathBuf>,
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

/// Reads picture `src`; relative paths resolve in `root`. `Ok(None)` for an empty `src`
/// (a caption whose picture the scrape never had: nothing is lost, nothing to report).
pub fn read_picture(src: &str, root: Option<&Path>) -> Result<Option<Picture>, PictureError> {
    let src = src.trim();
    if src.is_empty() {
        return Ok(None);
    }
    let head = src
        .get(..src.len().min(16))
        .unwrap_or("")
        .to_ascii_lowercase();
    if head.starts_with("data:") {
        let bytes = crate::input::html::images::decode_data_uri(src)
            .map_err(|why| PictureError::new("image-broken", format!("data: picture: {why}")))?;
        return Ok(Some(Picture { bytes, path: None }));
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
    let root = root.canonicalize().map_err(|e| {
        PictureError::new(
            "image-missing",
            format!("picture {src}: folder {}: {e}", root.display()),
        )
    })?;
    let relative = src.strip_prefix("file://").unwrap_or(src);
    let path = root
        .join(relative)
        .canonicalize()
        .map_err(|e| PictureError::new("image-missing", format!("picture {src}: {e}")))?;
    if !path.starts_with(&root) {
        return Err(PictureError::new(
            "image-outside",
            format!(
                "picture {src} is outside the article's folder {}; not read",
                root.display()
            ),
        ));
    }
    let bytes = std::fs::read(&path)
        .map_err(|e| PictureError::new("image-missing", format!("picture {src}: {e}")))?;
    Ok(Some(Picture {
        bytes,
        path: Some(path),
    }))
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
            read_picture("ok.png", Some(&root)).unwrap().unwrap().bytes,
            b"png"
        );
        let data = read_picture("data:image/png;base64,cG5n", None)
            .unwrap()
            .unwrap();
        assert_eq!(data.bytes, b"png");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn roots_of_sources() {
        assert_eq!(article_root(Some("a/b.txt")), Some(PathBuf::from("a")));
        assert_eq!(article_root(Some("b.txt")), Some(PathBuf::from(".")));
        assert_eq!(article_root(Some("-")), None);
        assert_eq!(article_root(Some("https://x/y")), None);
    }
}
