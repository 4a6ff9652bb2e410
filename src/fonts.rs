//! The bundled fonts: where they are and their bytes, loaded once and shared.
//!
//! broadsheet ships its own Chinese serif (Noto Serif SC, SIL OFL) in `fonts/` so that no
//! output depends on what the machine has installed. Backends parse these bytes
//! themselves (PDF typesetting, EPUB cover and font embedding).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const REGULAR_FILE: &str = "NotoSerifSC-Regular.ttf";
pub const BOLD_FILE: &str = "NotoSerifSC-Bold.ttf";
pub const LICENSE_FILE: &str = "OFL.txt";

/// The bundled font family, as bytes.
#[derive(Clone)]
pub struct FontSet {
    pub dir: PathBuf,
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
    /// Loads the bundled fonts from the first folder that has them: `explicit`, then
    /// `$BROADSHEET_FONT_DIR`, then `fonts/` beside the executable or in
    /// `../share/broadsheet/fonts`, then the source tree's `fonts/`.
    pub fn load(explicit: Option<&Path>) -> Result<FontSet> {
        let dir = locate(explicit)?;
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| Error::Font(format!("{}: {e}", path.display())))
        };
        Ok(FontSet {
            regular: Arc::new(read(REGULAR_FILE)?),
            bold: Arc::new(read(BOLD_FILE)?),
            license: Arc::new(String::from_utf8_lossy(&read(LICENSE_FILE)?).into_owned()),
            dir,
        })
    }
}

fn candidates(explicit: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(p) = explicit {
        dirs.push(p.to_path_buf());
        return dirs;
    }
    if let Some(p) = std::env::var_os("BROADSHEET_FONT_DIR") {
        dirs.push(PathBuf::from(p));
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(bin) = exe.parent()
    {
        dirs.push(bin.join("fonts"));
        dirs.push(bin.join("../share/broadsheet/fonts"));
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
    dirs
}

fn locate(explicit: Option<&Path>) -> Result<PathBuf> {
    let dirs = candidates(explicit);
    dirs.iter()
        .find(|d| d.join(REGULAR_FILE).is_file() && d.join(BOLD_FILE).is_file())
        .cloned()
        .ok_or_else(|| {
            let tried: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            Error::Font(format!(
                "bundled fonts {REGULAR_FILE} and {BOLD_FILE} not found (looked in {}); set BROADSHEET_FONT_DIR",
                tried.join(", ")
            ))
        })
}
