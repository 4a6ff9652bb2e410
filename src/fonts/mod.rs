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
    /// The glyph forms the faces are drawn in: a traditional set falls back on the
    /// simplified faces ([`fallbacks_for`]).
    pub glyphs: Glyphs,
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
            glyphs: Glyphs::Simplified,
            regular: Arc::new(BUILT_IN_REGULAR.to_vec()),
            bold: Arc::new(BUILT_IN_BOLD.to_vec()),
            license: Arc::new(BUILT_IN_LICENSE.to_string()),
        }
    }

    /// The three files of `dir`; an error names the folder and what is missing. The
    /// files are the simplified family's (by name), so the set is simplified.
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
            glyphs: Glyphs::Simplified,
        })
    }
}

// Traditional-Chinese and headline-sans faces (Noto Serif/Sans CJK TC and SC from
// Debian's fonts-noto-cjk, SIL OFL), subset and turned into TrueType by
// tools/subset_cjk_fonts.py (see fonts/README.md for the command and sizes).
pub const TC_REGULAR_FILE: &str = "NotoSerifTC-Regular.ttf";
pub const TC_BOLD_FILE: &str = "NotoSerifTC-Bold.ttf";
pub const SANS_SC_BOLD_FILE: &str = "NotoSansSC-Bold.ttf";
pub const SANS_TC_BOLD_FILE: &str = "NotoSansTC-Bold.ttf";
static BUILT_IN_TC_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSerifTC-Regular.ttf");
static BUILT_IN_TC_BOLD: &[u8] = include_bytes!("../../fonts/NotoSerifTC-Bold.ttf");
static BUILT_IN_SANS_SC_BOLD: &[u8] = include_bytes!("../../fonts/NotoSansSC-Bold.ttf");
static BUILT_IN_SANS_TC_BOLD: &[u8] = include_bytes!("../../fonts/NotoSansTC-Bold.ttf");

/// Which glyph forms a text is set in: one code point (骨, 述, 青 …) is drawn differently
/// in mainland and Taiwan/Hong Kong type, so a traditional text set in an SC face looks
/// wrong to its readers even where every character is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Glyphs {
    Simplified,
    Traditional,
}

/// The glyph forms for a BCP 47 tag: traditional for zh-Hant, zh-TW, zh-HK and zh-MO
/// (and their subtags), simplified for everything else.
pub fn glyphs_for_lang(lang: Option<&str>) -> Glyphs {
    let Some(lang) = lang else {
        return Glyphs::Simplified;
    };
    let mut parts = lang.split(['-', '_']).map(str::to_ascii_lowercase);
    if parts.next().as_deref() != Some("zh") {
        return Glyphs::Simplified;
    }
    for part in parts {
        match part.as_str() {
            "hant" | "tw" | "hk" | "mo" => return Glyphs::Traditional,
            "hans" | "cn" | "sg" | "my" => return Glyphs::Simplified,
            _ => {}
        }
    }
    Glyphs::Simplified
}

/// The face of headlines and other bold text (`--headline-face`): a bold serif (宋体),
/// or a bold sans (黑体) as many Chinese papers set their headlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum HeadlineFace {
    #[default]
    Serif,
    Sans,
}

impl FontSet {
    /// The built-in family for these glyph forms and headline face, made once per
    /// process (so the font bytes are shared and cached engines are reused). Simplified
    /// with serif headlines is [`FontSet::built_in`].
    pub fn built_in_for(glyphs: Glyphs, headline: HeadlineFace) -> FontSet {
        static SETS: [std::sync::OnceLock<FontSet>; 4] = [const { std::sync::OnceLock::new() }; 4];
        let (regular, bold, i) = match (glyphs, headline) {
            (Glyphs::Simplified, HeadlineFace::Serif) => (Face::ScRegular, Face::ScBold, 0),
            (Glyphs::Simplified, HeadlineFace::Sans) => (Face::ScRegular, Face::SansScBold, 1),
            (Glyphs::Traditional, HeadlineFace::Serif) => (Face::TcRegular, Face::TcBold, 2),
            (Glyphs::Traditional, HeadlineFace::Sans) => (Face::TcRegular, Face::SansTcBold, 3),
        };
        SETS[i]
            .get_or_init(|| FontSet {
                dir: None,
                glyphs,
                regular: regular.bytes(),
                bold: bold.bytes(),
                license: Arc::new(BUILT_IN_LICENSE.to_string()),
            })
            .clone()
    }
}

/// The built-in faces, each copied out of the binary once and shared by every set.
#[derive(Clone, Copy)]
enum Face {
    ScRegular,
    ScBold,
    TcRegular,
    TcBold,
    SansScBold,
    SansTcBold,
}

impl Face {
    fn bytes(self) -> Arc<Vec<u8>> {
        static FACES: [std::sync::OnceLock<Arc<Vec<u8>>>; 6] =
            [const { std::sync::OnceLock::new() }; 6];
        let data: &'static [u8] = match self {
            Face::ScRegular => BUILT_IN_REGULAR,
            Face::ScBold => BUILT_IN_BOLD,
            Face::TcRegular => BUILT_IN_TC_REGULAR,
            Face::TcBold => BUILT_IN_TC_BOLD,
            Face::SansScBold => BUILT_IN_SANS_SC_BOLD,
            Face::SansTcBold => BUILT_IN_SANS_TC_BOLD,
        };
        FACES[self as usize]
            .get_or_init(|| Arc::new(data.to_vec()))
            .clone()
    }
}

/// Faces tried after a set's own for characters it lacks (before `--font` files): the
/// simplified faces behind the traditional ones, whose Big5/HKSCS subset lacks the
/// simplified-only characters a scraped traditional text still holds now and then.
pub fn fallbacks_for(set: &FontSet) -> Vec<(String, Arc<Vec<u8>>)> {
    if set.glyphs != Glyphs::Traditional {
        return Vec::new();
    }
    vec![
        (REGULAR_FILE.to_string(), Face::ScRegular.bytes()),
        (BOLD_FILE.to_string(), Face::ScBold.bytes()),
    ]
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
        // A folder holds the simplified family: nothing to fall back on.
        assert_eq!(from_dir.glyphs, Glyphs::Simplified);
        assert!(fallbacks_for(&from_dir).is_empty());
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

    #[test]
    fn traditional_glyphs_for_taiwan_hong_kong_and_hant_tags() {
        for tag in [
            "zh-TW",
            "zh-HK",
            "zh-Hant",
            "zh-Hant-TW",
            "zh_TW",
            "ZH-hk",
            "zh-MO",
        ] {
            assert_eq!(glyphs_for_lang(Some(tag)), Glyphs::Traditional, "{tag}");
        }
        for tag in ["zh-CN", "zh", "zh-Hans", "zh-Hans-HK", "en", "ja", "x-tw"] {
            assert_eq!(glyphs_for_lang(Some(tag)), Glyphs::Simplified, "{tag}");
        }
        assert_eq!(glyphs_for_lang(None), Glyphs::Simplified);
    }

    #[test]
    fn each_family_has_its_own_faces() {
        let tc = FontSet::built_in_for(Glyphs::Traditional, HeadlineFace::Serif);
        let sc = FontSet::built_in_for(Glyphs::Simplified, HeadlineFace::Serif);
        let sans = FontSet::built_in_for(Glyphs::Traditional, HeadlineFace::Sans);
        assert!(tc.regular != sc.regular);
        assert!(sans.regular == tc.regular && sans.bold != tc.bold);
        assert!(*sc.regular == BUILT_IN_REGULAR);
        // Made once: the same bytes, not a copy per call.
        let again = FontSet::built_in_for(Glyphs::Traditional, HeadlineFace::Serif);
        assert!(Arc::ptr_eq(&tc.regular, &again.regular));
        // The TC member of the Noto CJK collection is the one with Taiwan glyph forms.
        let family = |data: &[u8]| {
            use skrifa::MetadataProvider;
            let font = skrifa::FontRef::new(data).unwrap();
            font.localized_strings(skrifa::string::StringId::FAMILY_NAME)
                .english_or_first()
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        assert!(
            family(&tc.regular).ends_with("TC"),
            "{}",
            family(&tc.regular)
        );
        assert!(
            family(&sans.bold).contains("Sans"),
            "{}",
            family(&sans.bold)
        );
        assert!(
            family(&sc.regular).contains("SC"),
            "{}",
            family(&sc.regular)
        );
        for set in [&tc, &sans] {
            let font = skrifa::FontRef::new(&set.regular).unwrap();
            use skrifa::MetadataProvider;
            for c in "臺灣學術發展，「騎」與「骨」。".chars() {
                assert!(
                    font.charmap().map(c).is_some(),
                    "{c} missing from the TC face"
                );
            }
        }
        // Traditional sets fall back on the simplified faces; others on nothing.
        assert_eq!(fallbacks_for(&tc).len(), 2);
        assert_eq!(fallbacks_for(&sans).len(), 2);
        assert!(fallbacks_for(&sc).is_empty());
    }
}
