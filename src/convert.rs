//! Converting files: find the inputs, plan where each output goes, read → write each
//! one, and collect per-file results. One bad input never stops the others; the caller
//! decides how to report and which exit code to use.

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::input::{self, InputFormat, ReadOptions, ReadReport};
use crate::output::{self, OutputFormat, WriteOptions};
use crate::warning::Warning;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One input file and where its outputs go (relative to the output folder, no extension).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub input: PathBuf,
    pub output_stem: PathBuf,
}

/// Where outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Dir(PathBuf),
    /// Standard output: one input, one format.
    Stdout,
}

#[derive(Debug, Clone)]
pub struct ConvertOptions {
    pub read: ReadOptions,
    pub write: WriteOptions,
    pub formats: Vec<OutputFormat>,
    pub destination: Destination,
}

/// What happened to one input.
#[derive(Debug)]
pub struct FileResult {
    pub input: PathBuf,
    pub outcome: Result<Converted>,
}

#[derive(Debug)]
pub struct Converted {
    pub outputs: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    /// The bytes, when the destination is standard output.
    pub stdout: Option<Vec<u8>>,
}

/// Expands the command line's inputs: files as given, directories walked for every file
/// broadsheet recognises (sorted, hidden entries skipped, symlinked folders not followed,
/// so there are no loops). Unreadable paths come back as errors, in order.
pub fn collect_jobs(inputs: &[PathBuf]) -> (Vec<Job>, Vec<FileResult>) {
    let mut jobs = Vec::new();
    let mut failed = Vec::new();
    for input in inputs {
        if input == Path::new("-") {
            jobs.push(Job {
                input: input.clone(),
                output_stem: PathBuf::from("stdin"),
            });
            continue;
        }
        match std::fs::metadata(input) {
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                if let Err(e) = walk(input, &mut files) {
                    failed.push(FileResult {
                        input: input.clone(),
                        outcome: Err(e),
                    });
                }
                files.sort();
                for file in files {
                    let rel = file.strip_prefix(input).unwrap_or(&file).with_extension("");
                    jobs.push(Job {
                        input: file,
                        output_stem: rel,
                    });
                }
            }
            Ok(_) => jobs.push(Job {
                input: input.clone(),
                output_stem: PathBuf::from(input.file_stem().unwrap_or(input.as_os_str())),
            }),
            Err(e) => failed.push(FileResult {
                input: input.clone(),
                outcome: Err(Error::io(input, e)),
            }),
        }
    }
    (jobs, failed)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, files)?;
        } else if (kind.is_file() || kind.is_symlink() && path.is_file())
            && InputFormat::from_path(&path).is_some()
        {
            files.push(path);
        }
    }
    Ok(())
}

/// Converts every job; results come back in job order.
pub fn convert_all(jobs: &[Job], options: &ConvertOptions) -> Vec<FileResult> {
    let inputs: HashSet<PathBuf> = jobs
        .iter()
        .filter_map(|j| std::fs::canonicalize(&j.input).ok())
        .collect();
    let mut claimed: HashSet<PathBuf> = HashSet::new();
    jobs.iter()
        .map(|job| FileResult {
            input: job.input.clone(),
            outcome: convert_job(job, options, &inputs, &mut claimed),
        })
        .collect()
}

/// The output path for one job and format.
pub fn output_path(dir: &Path, job: &Job, format: OutputFormat) -> PathBuf {
    let mut name = job.output_stem.as_os_str().to_owned();
    name.push(".");
    name.push(format.extension());
    dir.join(name)
}

/// Canonical form of a path that may not exist yet (its folder may not either).
fn canonical_target(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut p = std::fs::canonicalize(&existing).unwrap_or(existing);
    for part in tail.iter().rev() {
        p.push(part);
    }
    p
}

fn convert_job(
    job: &Job,
    options: &ConvertOptions,
    inputs: &HashSet<PathBuf>,
    claimed: &mut HashSet<PathBuf>,
) -> Result<Converted> {
    // Plan the outputs first: nothing is read or written for a job whose outputs
    // would overwrite an input or another job's output.
    let targets: Vec<(OutputFormat, PathBuf)> = match &options.destination {
        Destination::Stdout => Vec::new(),
        Destination::Dir(dir) => options
            .formats
            .iter()
            .map(|f| (*f, output_path(dir, job, *f)))
            .collect(),
    };
    for (_, target) in &targets {
        let canon = canonical_target(target);
        if inputs.contains(&canon)
            || std::fs::canonicalize(&job.input).ok().as_ref() == Some(&canon)
        {
            return Err(Error::OutputIsInput {
                path: target.clone(),
            });
        }
        if claimed.contains(&canon) {
            return Err(Error::OutputCollision {
                path: target.clone(),
            });
        }
    }
    for (_, target) in &targets {
        claimed.insert(canonical_target(target));
    }

    let report = read_job(job, &options.read)?;
    let mut warnings = report.warnings;
    match &options.destination {
        Destination::Stdout => {
            let format = options.formats.first().copied().unwrap_or(OutputFormat::Md);
            let rendered = output::write_article(format, &report.article, &options.write)?;
            warnings.extend(rendered.warnings);
            Ok(Converted {
                outputs: Vec::new(),
                warnings,
                stdout: Some(rendered.bytes),
            })
        }
        Destination::Dir(_) => {
            // Render everything before writing anything, so a failing backend leaves no
            // partial set of outputs behind.
            let mut rendered = Vec::with_capacity(targets.len());
            for (format, target) in &targets {
                let r = output::write_article(*format, &report.article, &options.write)?;
                warnings.extend(r.warnings.iter().cloned());
                rendered.push((target, r.bytes));
            }
            let mut outputs = Vec::with_capacity(rendered.len());
            for (target, bytes) in rendered {
                write_atomic(target, &bytes)?;
                outputs.push(target.clone());
            }
            Ok(Converted {
                outputs,
                warnings,
                stdout: None,
            })
        }
    }
}

/// Reads one job's input (standard input for `-`).
pub fn read_job(job: &Job, options: &ReadOptions) -> Result<ReadReport> {
    if job.input == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| Error::io("-", e))?;
        input::read_bytes(&bytes, &job.input, options)
    } else {
        input::read_file(&job.input, options)
    }
}
