//! What one run shares besides its options, made once per run (by `cli::config`, or by a
//! library caller) and passed by reference to every stage that needs it: the fonts and
//! what is prepared from them (the PDF engine, the cover's glyph images), where pictures
//! are read from, and the date written when the content has none.
//!
//! Every cache lives here, owned by the run: no statics, no caches keyed by addresses.
//! Two runs in one process (two `Env`s) never share or mix their fonts.

use crate::error::Result;
use crate::fonts::cache::{BitmapCache, FaceKey};
use crate::fonts::{FontSet, FontSource, Glyphs, HeadlineFace, glyphs_for_lang};

/// The faces a PDF is set in: glyph forms and headline face.
type FaceChoice = (Glyphs, HeadlineFace);
use crate::model::{Article, Date};
use crate::output::pdf::PdfEngine;
use crate::resources::Pictures;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The run's shared environment. `Send + Sync`: workers share one by reference.
#[derive(Debug, Default)]
pub struct Env {
    fonts: FontSource,
    extra_fonts: Vec<PathBuf>,
    image_root: Option<PathBuf>,
    source_date_epoch: Option<i64>,
    /// Made on first use (the first PDF of each script and headline face), then shared
    /// by every PDF of the run that uses those faces.
    pdf: Mutex<Vec<(FaceChoice, Arc<PdfEngine>)>>,
    /// Rasterised glyphs of drawn EPUB covers.
    cover_glyphs: BitmapCache,
}

impl Env {
    /// An environment with the fonts of `font_dir` (else `$BROADSHEET_FONT_DIR`, else
    /// built in; loaded on first use), no extra fonts, pictures from each article's
    /// folder and no fallback date. The `with_*` methods set the rest.
    pub fn new(font_dir: Option<PathBuf>) -> Env {
        Env {
            fonts: FontSource::new(font_dir),
            ..Env::default()
        }
    }

    /// An environment around fonts already in memory.
    pub fn with_fonts(fonts: FontSet) -> Env {
        Env {
            fonts: FontSource::loaded(fonts),
            ..Env::default()
        }
    }

    /// Fonts tried after the bundled ones for characters they lack (`--font`, PDF).
    pub fn with_extra_fonts(mut self, fonts: Vec<PathBuf>) -> Env {
        self.extra_fonts = fonts;
        self
    }

    /// The folder relative picture paths start from (`--image-root`); default: each
    /// article's own folder.
    pub fn with_image_root(mut self, root: Option<PathBuf>) -> Env {
        self.image_root = root;
        self
    }

    /// `SOURCE_DATE_EPOCH`: the time written into outputs whose content has no date.
    pub fn with_source_date_epoch(mut self, epoch: Option<i64>) -> Env {
        self.source_date_epoch = epoch;
        self
    }

    /// The bundled font family (loaded now if not yet).
    pub fn fonts(&self) -> Result<&FontSet> {
        self.fonts.get()
    }

    /// The fonts for a text in `lang` with headlines in `headline` (the traditional faces
    /// for zh-Hant/TW/HK; see [`FontSource::select`]).
    pub fn fonts_for(
        &self,
        lang: Option<&str>,
        headline: HeadlineFace,
    ) -> Result<std::borrow::Cow<'_, FontSet>> {
        self.fonts.select(lang, headline)
    }

    /// The folder the fonts come from, if one was chosen (`--font-dir`).
    pub fn font_dir(&self) -> Option<&Path> {
        self.fonts.dir()
    }

    pub fn extra_fonts(&self) -> &[PathBuf] {
        &self.extra_fonts
    }

    pub fn image_root(&self) -> Option<&Path> {
        self.image_root.as_deref()
    }

    pub fn source_date_epoch(&self) -> Option<i64> {
        self.source_date_epoch
    }

    /// The date of `SOURCE_DATE_EPOCH`, for metadata when the content has none.
    pub fn fallback_date(&self) -> Option<Date> {
        self.source_date_epoch.and_then(Date::from_unix_seconds)
    }

    /// The pictures of `articles`, read and checked now (never during typesetting).
    pub fn pictures<'a>(&self, articles: impl IntoIterator<Item = &'a Article>) -> Pictures {
        Pictures::read(articles, self.image_root())
    }

    /// The PDF engine of this run's fonts: made by the first caller, shared after.
    pub fn pdf_engine(&self) -> Result<Arc<PdfEngine>> {
        self.pdf_engine_for(None, HeadlineFace::Serif)
    }

    /// The PDF engine for a text in `lang` with headlines in `headline` (traditional
    /// faces for zh-Hant/TW/HK, see [`FontSource::select`]): one per choice per run.
    pub fn pdf_engine_for(
        &self,
        lang: Option<&str>,
        headline: HeadlineFace,
    ) -> Result<Arc<PdfEngine>> {
        let choice = (glyphs_for_lang(lang), headline);
        let mut engines = self.pdf.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, engine)) = engines.iter().find(|(c, _)| *c == choice) {
            return Ok(engine.clone());
        }
        let fonts = self.fonts_for(lang, headline)?;
        let engine = Arc::new(PdfEngine::new(&fonts, &self.extra_fonts)?);
        engines.push((choice, engine.clone()));
        Ok(engine)
    }

    pub(crate) fn cover_glyphs(&self) -> &BitmapCache {
        &self.cover_glyphs
    }

    /// The fonts a drawn cover of a book in `lang` is set in (those of its text, see
    /// [`Env::fonts_for`]), with the keys of its regular and bold face in the cover's
    /// glyph cache: chosen here together, so a key always names the face drawn.
    pub(crate) fn cover_fonts(
        &self,
        lang: Option<&str>,
        headline: HeadlineFace,
    ) -> Result<(std::borrow::Cow<'_, FontSet>, [FaceKey; 2])> {
        let glyphs = glyphs_for_lang(lang);
        let set = self.fonts_for(lang, headline)?;
        Ok((
            set,
            [FaceKey::Regular(glyphs), FaceKey::Bold(glyphs, headline)],
        ))
    }

    /// What of the environment shapes EPUB and PDF bytes, for the manifest's option
    /// fingerprints: changing any of it converts those outputs again.
    pub fn fingerprint(&self) -> String {
        format!(
            "fonts={:?} extra={:?} image_root={:?} epoch={:?}",
            self.font_dir(),
            self.extra_fonts,
            self.image_root,
            self.source_date_epoch
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_dates_only_what_has_no_date() {
        let env = Env::default().with_source_date_epoch(Some(1_700_000_000));
        assert_eq!(env.fallback_date(), Date::new(2023, 11, 14));
        assert_eq!(Env::default().fallback_date(), None);
    }

    #[test]
    fn one_engine_per_run_and_none_shared_between_runs() {
        let fonts = FontSet::built_in();
        let a = Env::with_fonts(fonts.clone());
        let b = Env::with_fonts(fonts);
        let first = a.pdf_engine().unwrap();
        assert!(Arc::ptr_eq(&first, &a.pdf_engine().unwrap()));
        assert!(!Arc::ptr_eq(&first, &b.pdf_engine().unwrap()));
    }

    #[test]
    fn a_missing_user_font_fails_the_engine_not_the_env() {
        let env = Env::with_fonts(FontSet::built_in())
            .with_extra_fonts(vec![PathBuf::from("/no/such/font.ttf")]);
        assert!(env.pdf_engine().is_err());
        assert!(env.fonts().is_ok());
    }
}
