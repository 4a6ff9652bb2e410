//! Warnings: things a user should hear about that do not stop a conversion. They are
//! returned beside results (never printed by the library) so batch runs and `inspect`
//! can report them in one place.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable machine-readable code, e.g. `malformed-bytes`, `missing-glyphs`.
    pub code: &'static str,
    pub message: String,
    /// What the warning is about when several stages can say it (a picture's `src`):
    /// one input gets one warning per subject, not one per stage and format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl Warning {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Warning {
            code,
            message: message.into(),
            subject: None,
        }
    }

    /// The same warning, about `subject`.
    pub fn about(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }
}

/// Drops every warning whose subject an earlier warning already named, keeping order.
pub fn dedupe_subjects(warnings: &mut Vec<Warning>) {
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| match &w.subject {
        Some(s) => seen.insert(s.clone()),
        None => true,
    });
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_warning_per_subject_the_first_kept() {
        let mut w = vec![
            Warning::new("remote-image", "input stage").about("http://x/a.jpg"),
            Warning::new("unknown-json-keys", "keys ignored"),
            Warning::new("image-remote", "epub").about("http://x/a.jpg"),
            Warning::new("missing-image", "pdf").about("b.png"),
            Warning::new("missing-image", "pdf").about("http://x/a.jpg"),
        ];
        dedupe_subjects(&mut w);
        let messages: Vec<&str> = w.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages, ["input stage", "keys ignored", "pdf"]);
    }
}
