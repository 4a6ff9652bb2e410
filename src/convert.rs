//! Converting files: find the inputs, plan where each output goes, read → write each
//! one, and collect per-file results. One bad input never stops the others; the caller
//! decides how to report and which exit code to use.

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::input::{self, InputFormat, ReadOptions, ReadReport};
use crate::model::{Article, group_editions};
use crate::output::{self, OutputFormat, WriteOptions};
use crate::warning::Warning;
use rayon::prelude::*;
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
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Stop at the first input that fails (the rest are skipped).
    pub fail_fast: bool,
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
    /// Time spent reading and rendering (for the report).
    pub seconds: f64,
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
                        seconds: 0.0,
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
                seconds: 0.0,
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
            && !is_sidecar(&path)
        {
            files.push(path);
        }
    }
    Ok(())
}

/// A `.json` file beside an input of the same stem (`a.txt` + `a.json`) is that input's
/// metadata sidecar, not an input of its own, unless it holds articles.
fn is_sidecar(path: &Path) -> bool {
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return false;
    }
    let has_sibling = ["txt", "text", "md", "markdown", "html", "htm"]
        .iter()
        .any(|ext| path.with_extension(ext).is_file());
    // A JSON file that holds an article itself is an input, not metadata.
    has_sibling
        && !std::fs::read_to_string(path)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .is_some_and(|v| match v {
                serde_json::Value::Object(map) => crate::input::meta::holds_article(&map),
                _ => true,
            })
}

/// Converts every job; results come back in job order, followed in edition mode by one
/// result per edition (its `input` is the edition's output stem).
pub fn convert_all(jobs: &[Job], options: &ConvertOptions) -> Vec<FileResult> {
    convert_all_with(jobs, options, &mut |_| {})
}

/// [`convert_all`], calling `on_result` with each result as soon as it is final (in the
/// same order as the returned list), so a caller can report progress while it runs.
pub fn convert_all_with(
    jobs: &[Job],
    options: &ConvertOptions,
    on_result: &mut dyn FnMut(&FileResult),
) -> Vec<FileResult> {
    let inputs: HashSet<PathBuf> = jobs
        .iter()
        .filter_map(|j| std::fs::canonicalize(&j.input).ok())
        .collect();
    let mut claimed: HashSet<PathBuf> = HashSet::new();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .ok();
    let threads = pool
        .as_ref()
        .map_or(1, rayon::ThreadPool::current_num_threads);
    let mut results: Vec<FileResult> = Vec::with_capacity(jobs.len());
    // Render a few jobs per thread at a time, then write them in job order: parallel,
    // deterministic, and with only a bounded number of rendered files in memory.
    for chunk in jobs.chunks(threads * 4) {
        let timed = |job: &Job| {
            let t = std::time::Instant::now();
            (render_guarded(job, options), t.elapsed().as_secs_f64())
        };
        let rendered: Vec<(Result<RenderedJob>, f64)> = match &pool {
            Some(pool) => pool.install(|| chunk.par_iter().map(timed).collect()),
            None => chunk.iter().map(timed).collect(),
        };
        for (job, (r, seconds)) in chunk.iter().zip(rendered) {
            let outcome = r.and_then(|r| commit_job(job, r, &inputs, &mut claimed));
            let stop = options.fail_fast && outcome.is_err();
            let result = FileResult {
                input: job.input.clone(),
                outcome,
                edition: false,
                seconds,
            };
            on_result(&result);
            results.push(result);
            if stop {
                return results;
            }
        }
    }
    let edition_formats = options.edition_formats();
    if let (false, Destination::Dir(dir)) = (edition_formats.is_empty(), &options.destination) {
        let mut articles: Vec<Article> = Vec::new();
        for r in &mut results {
            if let Ok(done) = &mut r.outcome {
                articles.append(&mut done.articles);
            }
        }
        for result in write_editions(
            articles,
            &edition_formats,
            dir,
            options,
            &inputs,
            &mut claimed,
        ) {
            on_result(&result);
            results.push(result);
        }
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
            seconds: 0.0,
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

/// A job read and rendered in memory, not yet written.
struct RenderedJob {
    /// Output path and bytes, in the order they are written.
    files: Vec<(PathBuf, Vec<u8>)>,
    warnings: Vec<Warning>,
    stdout: Option<Vec<u8>>,
    articles: Vec<Article>,
}

/// Reads one input and renders every per-article output in memory. Touches the file
/// system only to read the input (and its pictures, sidecar), so jobs run in parallel.
fn render_job(job: &Job, options: &ConvertOptions) -> Result<RenderedJob> {
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
            return Ok(RenderedJob {
                files: Vec::new(),
                warnings,
                stdout: Some(rendered.bytes),
                articles: Vec::new(),
            });
        }
        Destination::Dir(dir) => dir,
    };
    let width = articles.len().to_string().len();
    let formats = options.article_formats();
    let mut files = Vec::with_capacity(articles.len() * formats.len());
    for (i, article) in articles.iter().enumerate() {
        let stem = if articles.len() == 1 {
            job.output_stem.clone()
        } else {
            let mut s = job.output_stem.as_os_str().to_owned();
            s.push(format!("-{:0width$}", i + 1));
            PathBuf::from(s)
        };
        for format in &formats {
            let r = output::write_article(*format, article, &options.write)?;
            warnings.extend(r.warnings);
            files.push((output_path(dir, &stem, *format), r.bytes));
        }
    }
    Ok(RenderedJob {
        files,
        warnings,
        stdout: None,
        articles: if options.edition {
            report.articles
        } else {
            Vec::new()
        },
    })
}

/// [`render_job`], with a panic turned into an error naming the file: one bad input must
/// never take the others down.
fn render_guarded(job: &Job, options: &ConvertOptions) -> Result<RenderedJob> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render_job(job, options)))
        .unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::Internal {
                path: job.input.clone(),
                message,
            })
        })
}

/// Checks a rendered job's outputs against the inputs and the outputs already written,
/// then writes them. Runs in job order on one thread, so which of two colliding inputs
/// wins never depends on timing.
fn commit_job(
    job: &Job,
    rendered: RenderedJob,
    inputs: &HashSet<PathBuf>,
    claimed: &mut HashSet<PathBuf>,
) -> Result<Converted> {
    let own = std::fs::canonicalize(&job.input).ok();
    let mut planned = Vec::with_capacity(rendered.files.len());
    for (target, bytes) in rendered.files {
        let canon = canonical_target(&target);
        if inputs.contains(&canon) || own.as_ref() == Some(&canon) {
            return Err(Error::OutputIsInput { path: target });
        }
        if claimed.contains(&canon) {
            return Err(Error::OutputCollision { path: target });
        }
        planned.push((target, canon, bytes));
    }
    let mut outputs = Vec::with_capacity(planned.len());
    for (target, canon, bytes) in planned {
        write_atomic(&target, &bytes)?;
        claimed.insert(canon);
        outputs.push(target);
    }
    Ok(Converted {
        outputs,
        warnings: rendered.warnings,
        stdout: rendered.stdout,
        articles: rendered.articles,
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
