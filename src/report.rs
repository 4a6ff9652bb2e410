//! The `--report FILE.json` of a conversion run: every input with its status, outputs,
//! warnings, error and time. The schema (documented in README) is versioned.

use crate::convert::FileResult;
use crate::warning::Warning;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

pub const REPORT_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub schema_version: u32,
    /// `K/N` when the run was one shard of an archive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    pub summary: Summary,
    pub inputs: Vec<Entry<'a>>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Summary {
    pub converted: usize,
    /// Inputs (and editions) whose outputs the manifest showed current.
    #[serde(default)]
    pub unchanged: usize,
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
    /// `converted`, `unchanged`, `failed`, or `edition`.
    pub status: &'static str,
    pub outputs: Vec<String>,
    pub warnings: &'a [Warning],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub seconds: f64,
}

impl<'a> Report<'a> {
    pub fn new(
        results: &'a [FileResult],
        summary: Summary,
        shard: Option<crate::convert::Shard>,
    ) -> Report<'a> {
        let inputs = results
            .iter()
            .map(|r| {
                let input = r.input.to_string_lossy().into_owned();
                match &r.outcome {
                    Ok(done) => Entry {
                        input,
                        status: match (r.edition, done.unchanged) {
                            (_, true) => "unchanged",
                            (true, false) => "edition",
                            (false, false) => "converted",
                        },
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
            shard: shard.filter(|s| !s.is_all()).map(|s| s.to_string()),
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

/// A report read back from its JSON (entries kept as they are), for merging.
#[derive(Debug, Serialize, Deserialize)]
pub struct ReportFile {
    pub schema_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    pub summary: Summary,
    pub inputs: Vec<serde_json::Value>,
}

impl ReportFile {
    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}

/// Why reports cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{}: not a broadsheet report: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("{}: report schema version {found}, this broadsheet writes {REPORT_SCHEMA_VERSION}", path.display())]
    Version { path: PathBuf, found: u32 },
    #[error("{}: lists '{input}' again (already in an earlier report): shards overlap", path.display())]
    Overlap { path: PathBuf, input: String },
    #[error("{}: shard {found} does not belong with shard {first} of the first report", path.display())]
    ShardCount {
        path: PathBuf,
        found: String,
        first: String,
    },
}

/// Merges the reports of the shards of one run: inputs sorted (inputs, then editions),
/// counts added up, `seconds` the slowest shard's (they ran side by side).
pub fn merge(reports: &[(PathBuf, Vec<u8>)]) -> Result<ReportFile, MergeError> {
    let mut summary = Summary::default();
    let mut inputs: Vec<serde_json::Value> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut shard_count: Option<(String, String)> = None;
    for (path, bytes) in reports {
        let report: ReportFile =
            serde_json::from_slice(bytes).map_err(|e| MergeError::Invalid {
                path: path.clone(),
                message: e.to_string(),
            })?;
        if report.schema_version != REPORT_SCHEMA_VERSION {
            return Err(MergeError::Version {
                path: path.clone(),
                found: report.schema_version,
            });
        }
        if let Some(shard) = &report.shard {
            let count = shard.split('/').nth(1).unwrap_or("").to_string();
            match &shard_count {
                None => shard_count = Some((count, shard.clone())),
                Some((n, first)) if *n != count => {
                    return Err(MergeError::ShardCount {
                        path: path.clone(),
                        found: shard.clone(),
                        first: first.clone(),
                    });
                }
                Some(_) => {}
            }
        }
        let s = report.summary;
        summary.converted += s.converted;
        summary.unchanged += s.unchanged;
        summary.failed += s.failed;
        summary.skipped += s.skipped;
        summary.editions += s.editions;
        summary.warnings += s.warnings;
        summary.seconds = summary.seconds.max(s.seconds);
        for entry in report.inputs {
            let input = entry
                .get("input")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            if !seen.insert(input.clone()) {
                return Err(MergeError::Overlap {
                    path: path.clone(),
                    input,
                });
            }
            inputs.push(entry);
        }
    }
    let is_edition = |v: &serde_json::Value| {
        v.get("input")
            .and_then(|i| i.as_str())
            .is_some_and(|i| i.starts_with("edition "))
    };
    inputs.sort_by(|a, b| {
        let key = |v: &serde_json::Value| {
            (
                is_edition(v),
                v.get("input")
                    .and_then(|i| i.as_str())
                    .unwrap_or("")
                    .to_string(),
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(ReportFile {
        schema_version: REPORT_SCHEMA_VERSION,
        shard: None,
        summary,
        inputs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(shard: &str, inputs: &[&str], failed: usize) -> (PathBuf, Vec<u8>) {
        let entries: Vec<String> = inputs
            .iter()
            .map(|i| format!(r#"{{"input":"{i}","status":"converted","outputs":[],"warnings":[],"seconds":0.1}}"#))
            .collect();
        let json = format!(
            r#"{{"schema_version":1,"shard":"{shard}","summary":{{"converted":{},"unchanged":0,"failed":{failed},"skipped":0,"editions":0,"warnings":0,"seconds":1.5}},"inputs":[{}]}}"#,
            inputs.len(),
            entries.join(",")
        );
        (
            PathBuf::from(format!("r{shard}.json").replace('/', "-")),
            json.into_bytes(),
        )
    }

    #[test]
    fn merges_counts_and_sorts_inputs() {
        let m = merge(&[
            report("2/2", &["b.txt", "d.txt"], 1),
            report("1/2", &["a.txt"], 0),
        ])
        .unwrap();
        assert_eq!(m.summary.converted, 3);
        assert_eq!(m.summary.failed, 1);
        assert_eq!(m.summary.seconds, 1.5);
        let names: Vec<&str> = m
            .inputs
            .iter()
            .filter_map(|v| v["input"].as_str())
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "d.txt"]);
    }

    #[test]
    fn refuses_overlap_other_counts_and_garbage() {
        let overlap = merge(&[report("1/2", &["a.txt"], 0), report("2/2", &["a.txt"], 0)]);
        assert!(matches!(overlap, Err(MergeError::Overlap { .. })));
        let counts = merge(&[report("1/2", &["a.txt"], 0), report("2/3", &["b.txt"], 0)]);
        assert!(matches!(counts, Err(MergeError::ShardCount { .. })));
        let garbage = merge(&[(PathBuf::from("x.json"), b"{}".to_vec())]);
        assert!(matches!(garbage, Err(MergeError::Invalid { .. })));
    }
}
