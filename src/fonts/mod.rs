//! The bundled fonts: where they are and their bytes, loaded once and shared.
//!
//! broadsheet ships its own Chinese serif (Noto Serif SC, SIL OFL) so that no output
//! depends on what the machine has installed. The files in `fonts/` are compiled into
//! the binary, so an installed `broadsheet` needs no data folder; `--font-dir` or
//! `$BROADSHEET_FONT_DIR` loads the same three files from a folder instead. Backends
//! parse these bytes themselves (PDF typesetting, EPUB cover and font embedding).
//!
//! Here too: [`FontSource`] (the fonts of a run, loaded on first use), [`prep`] (the
//! rewrite of a font for PDF) and [`cache`] (what is made from the fonts, kept for the
//! run by its [`crate::env::Env`]).

pub mod cache;
pub mod prep;
mod source;

pub use source::FontSource;

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const REGULAR_FILE: &str = "NotoSerifSC-Regular.ttf";
pub const BOLD_FILE: &str = "NotoSerifSC-Bold.ttf";
pub const LICENSE_FILE: &str = "OFL.txt";

// Uncompressed on purpose: deflate would save 12 MB of the binary but cost about a second
// of CPU in every process that writes a PDF or EPUB (see the commit that added this).
// `static`, not `const`: one copy in the library, not one in every crate that uses it.
static BUILT_IN_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSerifSC-Regular.ttf");
static BUILT_IN_BOLD: &[u8] = include_bytes!("../../fonts/NotoSerifSC-Bold.ttf");
static BUILT_IN_LICENSE: &str = include_str!("../../fonts/OFL.txt");

/// The bundled font family, as bytes.
#[derive(Clone)]
pub struct FontSet {
    /// The folder the fonts were read from; `None` for the ones built in.
    pub dir: Option<PathBuf>,
    pub regular: Arc<Vec<u8>>,
    pub bold: Arc<Vec<u8>>,
    pub license: Arc<String>,
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSet").field("dir", &self.dir).finish()
    }
}

impl FontSet {
    /// The fonts from `explicit` (`--font-dir`), else from `$BROADSHEET_FONT_DIR`, else
    /// the ones built into the binary.
    pub fn load(explicit: Option<&Path>) -> Result<FontSet> {
        let dir = explicit
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("BROADSHEET_FONT_DIR").map(PathBuf::from));
        match dir {
            Some(dir) => FontSet::from_dir(dir),
            None => Ok(FontSet::built_in()),
        }
    }

    /// The fonts compiled into the binary.
    pub fn built_in() -> FontSet {
        FontSet {
            dir: None,
            regular: Arc::new(BUILT_IN_REGULAR.to_vec()),
            bold: Arc::new(BUILT_IN_BOLD.to_vec()),
            license: Arc::new(BUILT_IN_LICENSE.to_string()),
        }
    }

    /// The three files of `dir`; an error names the folder and what is missing.
    pub fn from_dir(dir: PathBuf) -> Result<FontSet> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| {
                Error::Font(format!(
                    "{}: {e} (the font folder, from --font-dir or BROADSHEET_FONT_DIR, must hold \
                     {REGULAR_FILE}, {BOLD_FILE} and {LICENSE_FILE}; without either option \
                     the fonts built into broadsheet are used)",
                    path.display()
                ))
            })
        };
        Ok(FontSet {
            regular: Arc::new(read(REGULAR_FILE)?),
            bold: Arc::new(read(BOLD_FILE)?),
            license: Arc::new(String::from_utf8_lossy(&read(LICENSE_FILE)?).into_owned()),
            dir: Some(dir),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_fonts_are_the_files_in_fonts() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let from_dir = FontSet::from_dir(root).unwrap();
        let built_in = FontSet::built_in();
        assert!(built_in.regular == from_dir.regular);
        assert!(built_in.bold == from_dir.bold);
        assert_eq!(built_in.license, from_dir.license);
        assert!(built_in.license.contains("SIL OPEN FONT LICENSE"));
    }

    #[test]
    fn a_folder_without_the_fonts_is_an_error_naming_the_options() {
        let dir = std::env::temp_dir().join("broadsheet-no-fonts-here");
        let err = FontSet::from_dir(dir).unwrap_err().to_string();
        assert!(err.contains(REGULAR_FILE), "{err}");
        assert!(
            err.contains("--font-dir") && err.contains("built into"),
            "{err}"
        );
    }
}
