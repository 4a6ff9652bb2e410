//! `--pdf-standard`: the PDF/A and PDF/UA standards a document must meet, checked by
//! krilla's validators while it writes; a refusal names each requirement that failed.

use krilla::configure::{
    Accessibility, Archival, Configuration, ConfigurationBuilder, ValidationError, Validators,
};
use krilla::error::KrillaError;
use std::fmt;
use std::str::FromStr;

/// A standard the PDF must conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PdfStandard {
    /// PDF/A-2b: archival, visual appearance preserved.
    A2b,
    /// PDF/A-2u: PDF/A-2b with every glyph mapped to Unicode.
    A2u,
    /// PDF/A-3b: PDF/A-2b that may carry attachments.
    A3b,
    /// PDF/UA-1: accessible (tagged, titled, with an outline and alt texts).
    Ua1,
}

impl PdfStandard {
    pub const NAMES: &'static str = "a2b, a2u, a3b, ua1";

    fn validator(self) -> krilla::configure::Validator {
        match self {
            PdfStandard::A2b => Archival::A2_B.into(),
            PdfStandard::A2u => Archival::A2_U.into(),
            PdfStandard::A3b => Archival::A3_B.into(),
            PdfStandard::Ua1 => Accessibility::UA1.into(),
        }
    }

    fn is_archival(self) -> bool {
        !matches!(self, PdfStandard::Ua1)
    }
}

impl fmt::Display for PdfStandard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.validator().as_str())
    }
}

impl FromStr for PdfStandard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !matches!(c, '-' | '/' | '_'))
            .collect();
        Ok(match t.trim_start_matches("pdf") {
            "a2b" => PdfStandard::A2b,
            "a2u" => PdfStandard::A2u,
            "a3b" => PdfStandard::A3b,
            "ua1" | "ua" => PdfStandard::Ua1,
            _ => {
                return Err(format!(
                    "unknown PDF standard '{s}' (expected {})",
                    Self::NAMES
                ));
            }
        })
    }
}

/// Whether pictures may ask viewers to smooth them when enlarged (PDF/A forbids it).
pub fn allows_interpolation(standards: &[PdfStandard]) -> bool {
    !standards.iter().any(|s| s.is_archival())
}

/// krilla's configuration for `standards`: at most one PDF/A part, plus PDF/UA-1.
pub fn configuration(standards: &[PdfStandard]) -> Result<Configuration, String> {
    let archival: Vec<_> = standards.iter().filter(|s| s.is_archival()).collect();
    if let [a, b, ..] = archival.as_slice()
        && a != b
    {
        return Err(format!(
            "--pdf-standard: {a} and {b} cannot both be met; choose one PDF/A part"
        ));
    }
    let mut builder = ConfigurationBuilder::new();
    for s in standards {
        builder = builder.set_validator(s.validator());
    }
    builder
        .finish()
        .map_err(|e| format!("--pdf-standard: these standards do not combine ({e:?})"))
}

/// A refusal as a sentence per failed requirement, naming the standard.
pub fn explain(e: &KrillaError) -> String {
    let KrillaError::Validation(errors) = e else {
        return e.to_string();
    };
    let mut lines: Vec<String> = Vec::new();
    for (error, validators) in errors {
        let line = format!("{}: {}", names(*validators), requirement(error));
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    let shown = lines.len().min(12);
    let mut out = format!(
        "the document does not meet the requested standard ({} problem{}):",
        lines.len(),
        if lines.len() == 1 { "" } else { "s" }
    );
    for l in &lines[..shown] {
        out.push_str("\n  ");
        out.push_str(l);
    }
    if lines.len() > shown {
        out.push_str(&format!("\n  … and {} more", lines.len() - shown));
    }
    out
}

fn names(v: Validators) -> String {
    v.into_iter()
        .map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(" and ")
}

fn requirement(e: &ValidationError) -> String {
    use ValidationError as V;
    match e {
        V::ContainsNotDefGlyph(_, _, text) => format!(
            "no font has a glyph for '{text}' (drawn as an empty box); add a font with --font"
        ),
        V::NoCodepointMapping(_, glyph, _) => {
            format!("glyph {} maps to no character", glyph.to_u32())
        }
        V::InvalidCodepointMapping(_, _, c, _) | V::UnicodePrivateArea(_, _, c, _) => {
            format!("the character U+{:04X} may not be used", u32::from(*c))
        }
        V::RestrictedLicense(_) => "a font's licence forbids embedding it".into(),
        V::NoDocumentLanguage => "the document has no language".into(),
        V::NoDocumentTitle => "the document has no title (give the article a headline)".into(),
        V::MissingAltText(_) => "a picture has no alternative text".into(),
        V::MissingHeadingTitle => "a heading has no text".into(),
        V::MissingDocumentOutline => "the document has no outline".into(),
        V::MissingDocumentDate => {
            "the document has no date (give one, or set SOURCE_DATE_EPOCH)".into()
        }
        V::Transparency(_) => "the document uses transparency".into(),
        V::ImageInterpolation(_) => "a picture asks for interpolation".into(),
        V::MissingTagging => "the document is not tagged".into(),
        V::TooLongString
        | V::TooLongName
        | V::TooLongArray
        | V::TooLongDictionary
        | V::TooLargeFloat
        | V::TooManyIndirectObjects
        | V::TooHighQNestingLevel => format!("a PDF limit is exceeded ({e:?})"),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_in_several_spellings() {
        assert_eq!("a2b".parse(), Ok(PdfStandard::A2b));
        assert_eq!("PDF/A-2u".parse(), Ok(PdfStandard::A2u));
        assert_eq!("a3b".parse(), Ok(PdfStandard::A3b));
        assert_eq!("pdf/ua-1".parse(), Ok(PdfStandard::Ua1));
        assert!("a1b".parse::<PdfStandard>().is_err());
    }

    #[test]
    fn archival_parts_do_not_mix_but_combine_with_ua() {
        assert!(configuration(&[PdfStandard::A2b, PdfStandard::Ua1]).is_ok());
        assert!(configuration(&[PdfStandard::A2u, PdfStandard::Ua1]).is_ok());
        let e = configuration(&[PdfStandard::A2b, PdfStandard::A3b]).unwrap_err();
        assert!(e.contains("PDF/A-2b") && e.contains("PDF/A-3b"), "{e}");
        assert!(configuration(&[]).is_ok());
    }

    #[test]
    fn a_refusal_names_the_standard_and_the_requirement() {
        let e = KrillaError::Validation(vec![(
            ValidationError::NoDocumentTitle,
            ConfigurationBuilder::new()
                .set_validator(Accessibility::UA1.into())
                .finish()
                .map(|c| c.validators())
                .unwrap_or_default(),
        )]);
        let s = explain(&e);
        assert!(s.contains("PDF/UA-1: the document has no title"), "{s}");
    }
}
