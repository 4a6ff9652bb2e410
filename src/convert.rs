//! Converting files: find the inputs, plan where each output goes, read → write each
//! one, and collect per-file results. One bad input never stops the others; the caller
//! decides how to report and which exit code to use.

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::input::{self, InputFormat, ReadOptions, ReadReport};
use crate::model::{Article, group_editions};
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
    /// Group all inputs into editions (one day's paper: publication + date) and write one
    /// file per edition in the formats that can hold one (EPUB, PDF); the other formats
    /// are still written per article.
    pub edition: bool,
}

impl ConvertOptions {
    /// The formats written once per article (everything, unless in edition mode).
    fn article_formats(&self) -> Vec<OutputFormat> {
        self.formats
            .iter()
            .copied()
            .filter(|f| !(self.edition && f.writes_editions()))
            .collect()
    }

    /// The formats written once per edition.
    fn edition_formats(&self) -> Vec<OutputFormat> {
        self.formats
            .iter()
            .copied()
            .filter(|f| self.edition && f.writes_editions())
            .collect()
    }
}

/// What happened to one input (or, in edition mode, one edition).
#[derive(Debug)]
pub struct FileResult {
    /// The input file, or for an edition its title.
    pub input: PathBuf,
    pub outcome: Result<Converted>,
    /// This result is an edition assembled from many inputs.
    pub edition: bool,
}

#[derive(Debug)]
pub struct Converted {
    pub outputs: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    /// The bytes, when the destination is standard output.
    pub stdout: Option<Vec<u8>>,
    /// The articles read, kept only in edition mode (to be grouped after all inputs).
    pub articles: Vec<Article>,
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
                        edition: false,
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
                edition: false,
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

/// Converts every job; results come back in job order, followed in edition mode by one
/// result per edition (its `input` is the edition's output stem).
pub fn convert_all(jobs: &[Job], options: &ConvertOptions) -> Vec<FileResult> {
    let inputs: HashSet<PathBuf> = jobs
        .iter()
        .filter_map(|j| std::fs::canonicalize(&j.input).ok())
        .collect();
    let mut claimed: HashSet<PathBuf> = HashSet::new();
    let mut results: Vec<FileResult> = jobs
        .iter()
        .map(|job| FileResult {
            input: job.input.clone(),
            outcome: convert_job(job, options, &inputs, &mut claimed),
            edition: false,
        })
        .collect();
    let edition_formats = options.edition_formats();
    if let (false, Destination::Dir(dir)) = (edition_formats.is_empty(), &options.destination) {
        let mut articles: Vec<Article> = Vec::new();
        for r in &mut results {
            if let Ok(done) = &mut r.outcome {
                articles.append(&mut done.articles);
            }
        }
        results.extend(write_editions(
            articles,
            &edition_formats,
            dir,
            options,
            &inputs,
            &mut claimed,
        ));
    }
    results
}

/// Groups articles into editions and writes each in every edition format. Articles are
/// ordered by source path first (then their position in the file), so an edition does not
/// depend on the order inputs were named in.
fn write_editions(
    mut articles: Vec<Article>,
    formats: &[OutputFormat],
    dir: &Path,
    options: &ConvertOptions,
    inputs: &HashSet<PathBuf>,
    claimed: &mut HashSet<PathBuf>,
) -> Vec<FileResult> {
    // A stable sort keeps the order of articles from the same file.
    articles.sort_by(|a, b| a.meta.source.cmp(&b.meta.source));
    let mut results = Vec::new();
    for edition in group_editions(&articles) {
        let stem = PathBuf::from(edition.file_stem());
        let outcome = (|| {
            let mut warnings = Vec::new();
            let mut outputs = Vec::new();
            for format in formats {
                let target = output_path(dir, &stem, *format);
                let canon = canonical_target(&target);
                if inputs.contains(&canon) {
                    return Err(Error::OutputIsInput { path: target });
                }
                if !claimed.insert(canon) {
                    return Err(Error::OutputCollision { path: target });
                }
                let rendered = output::write_edition(*format, &edition, &options.write)?;
                warnings.extend(rendered.warnings);
                write_atomic(&target, &rendered.bytes)?;
                outputs.push(target);
            }
            Ok(Converted {
                outputs,
                warnings,
                stdout: None,
                articles: Vec::new(),
            })
        })();
        results.push(FileResult {
            input: PathBuf::from(format!("edition {}", edition.title())),
            outcome,
            edition: true,
        });
    }
    results
}

/// The output path for an output stem (relative, no extension) and format.
pub fn output_path(dir: &Path, stem: &Path, format: OutputFormat) -> PathBuf {
    let mut name = stem.as_os_str().to_owned();
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
    let report = read_job(job, &options.read)?;
    let mut warnings = report.warnings;
    let articles = &report.articles;
    let dir = match &options.destination {
        Destination::Stdout => {
            let format = options.formats.first().copied().unwrap_or(OutputFormat::Md);
            if articles.len() != 1 {
                return Err(Error::Render {
                    path: job.input.clone(),
                    message: format!(
                        "holds {} articles; standard output takes one: write them to a folder with -o",
                        articles.len()
                    ),
                });
            }
            let rendered = output::write_article(format, &articles[0], &options.write)?;
            warnings.extend(rendered.warnings);
            return Ok(Converted {
                outputs: Vec::new(),
                warnings,
                stdout: Some(rendered.bytes),
                articles: Vec::new(),
            });
        }
        Destination::Dir(dir) => dir,
    };
    // Plan every output, and check the plan, before writing anything: no output may
    // overwrite an input or another input's output.
    let width = articles.len().to_string().len();
    let formats = options.article_formats();
    let mut targets = Vec::with_capacity(articles.len() * formats.len());
    for (i, article) in articles.iter().enumerate() {
        let stem = if articles.len() == 1 {
            job.output_stem.clone()
        } else {
            let mut s = job.output_stem.as_os_str().to_owned();
            s.push(format!("-{:0width$}", i + 1));
            PathBuf::from(s)
        };
        for format in &formats {
            let target = output_path(dir, &stem, *format);
            let canon = canonical_target(&target);
            if inputs.contains(&canon)
                || std::fs::canonicalize(&job.input).ok().as_ref() == Some(&canon)
            {
                return Err(Error::OutputIsInput { path: target });
            }
            if claimed.contains(&canon) {
                return Err(Error::OutputCollision { path: target });
            }
            targets.push((article, *format, target, canon));
        }
    }
    // Render everything before writing anything, so a failing backend leaves no partial
    // set of outputs behind.
    let mut rendered = Vec::with_capacity(targets.len());
    for (article, format, target, canon) in targets {
        let r = output::write_article(format, article, &options.write)?;
        warnings.extend(r.warnings);
        rendered.push((target, canon, r.bytes));
    }
    let mut outputs = Vec::with_capacity(rendered.len());
    for (target, canon, bytes) in rendered {
        write_atomic(&target, &bytes)?;
        claimed.insert(canon);
        outputs.push(target);
    }
    Ok(Converted {
        outputs,
        warnings,
        stdout: None,
        articles: if options.edition {
            report.articles
        } else {
            Vec::new()
        },
    })
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
