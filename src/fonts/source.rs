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

    /// The fonts for a text in `lang` with headlines in `headline`: the traditional-
    /// Chinese faces for zh-Hant/zh-TW/zh-HK, the sans bold for `--headline-face sans`.
    /// Fonts from a folder (`--font-dir`) are used as they are, for every text.
    pub fn select(
        &self,
        lang: Option<&str>,
        headline: super::HeadlineFace,
    ) -> Result<std::borrow::Cow<'_, FontSet>> {
        use super::{Glyphs, HeadlineFace, glyphs_for_lang};
        let glyphs = glyphs_for_lang(lang);
        // The loaded set knows where it came from (--font-dir, $BROADSHEET_FONT_DIR, or
        // built in): no second lookup of the folder here.
        let set = self.get()?;
        if set.dir.is_some() || (glyphs, headline) == (Glyphs::Simplified, HeadlineFace::Serif) {
            return Ok(std::borrow::Cow::Borrowed(set));
        }
        Ok(std::borrow::Cow::Owned(FontSet::built_in_for(
            glyphs, headline,
        )))
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
