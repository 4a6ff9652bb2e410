//! The fonts of a run, loaded the first time something needs them (a PDF, a drawn cover
//! or an embedded font) and then shared: a Markdown-only run never reads them.

use super::FontSet;
use crate::error::Result;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The bundled fonts, loaded on first use, then shared by every clone.
#[derive(Debug, Clone, Default)]
pub struct FontSource {
    dir: Option<PathBuf>,
    cell: Arc<OnceLock<FontSet>>,
}

impl FontSource {
    /// Fonts found by [`FontSet::load`] from `dir` (the built-in ones when `None`).
    pub fn new(dir: Option<PathBuf>) -> FontSource {
        FontSource {
            dir,
            cell: Arc::default(),
        }
    }

    /// Fonts already in memory.
    pub fn loaded(set: FontSet) -> FontSource {
        let cell = OnceLock::new();
        let _ = cell.set(set);
        FontSource {
            dir: None,
            cell: Arc::new(cell),
        }
    }

    /// The folder the fonts are loaded from, if one was chosen (`--font-dir`).
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    pub fn get(&self) -> Result<&FontSet> {
        if let Some(set) = self.cell.get() {
            return Ok(set);
        }
        let set = FontSet::load(self.dir.as_deref())?;
        // Another thread may have won the race; either copy is the same fonts.
        Ok(self.cell.get_or_init(|| set))
    }
}
