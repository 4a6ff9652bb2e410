//! The `--report FILE.json` of a conversion run: every input with its status, outputs,
//! warnings, error and time. The schema (documented in README) is versioned.

use crate::convert::FileResult;
use crate::warning::Warning;
use serde::Serialize;

pub const REPORT_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub schema_version: u32,
    pub summary: Summary,
    pub inputs: Vec<Entry<'a>>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Summary {
    pub converted: usize,
    pub failed: usize,
    pub skipped: usize,
    pub editions: usize,
    pub warnings: usize,
    pub seconds: f64,
}

#[derive(Debug, Serialize)]
pub struct Entry<'a> {
    /// The input path (or `edition <title>` for an edition).
    pub input: String,
    /// `converted`, `failed`, or `edition`.
    pub status: &'static str,
    pub outputs: Vec<String>,
    pub warnings: &'a [Warning],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub seconds: f64,
}

impl<'a> Report<'a> {
    pub fn new(results: &'a [FileResult], summary: Summary) -> Report<'a> {
        let inputs = results
            .iter()
            .map(|r| {
                let input = r.input.to_string_lossy().into_owned();
                match &r.outcome {
                    Ok(done) => Entry {
                        input,
                        status: if r.edition { "edition" } else { "converted" },
                        outputs: done
                            .outputs
                            .iter()
                            .map(|p| p.to_string_lossy().into_owned())
                            .collect(),
                        warnings: &done.warnings,
                        error: None,
                        seconds: r.seconds,
                    },
                    Err(e) => Entry {
                        input,
                        status: "failed",
                        outputs: Vec::new(),
                        warnings: &[],
                        error: Some(e.to_string()),
                        seconds: r.seconds,
                    },
                }
            })
            .collect();
        Report {
            schema_version: REPORT_SCHEMA_VERSION,
            summary,
            inputs,
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}
