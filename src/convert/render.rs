//! One input, in memory: read it, decide from the manifest whether anything needs doing,
//! and render the outputs that do. Touches the file system only to read (the input, its
//! sidecar, pictures, earlier outputs' sizes), so inputs are processed in parallel and
//! written afterwards in input order by [`super::commit`].

use super::manifest::{self, Dep, InputRecord};
use super::{ConvertOptions, Destination, Job, output_path};
use crate::error::{Error, Result};
use crate::input::{self, ReadOptions, ReadReport};
use crate::model::{Article, edition_stem, edition_title};
use crate::output::{self, OutputFormat};
use crate::warning::Warning;
use std::path::{Path, PathBuf};

/// What processing one input produced.
pub enum Processed {
    /// Every requested output is current; nothing was read beyond the hashes. The
    /// record stays as it was; the paths are the requested formats' outputs.
    Unchanged(InputRecord, Vec<PathBuf>),
    Rendered(RenderedJob),
}

/// A job read and rendered in memory, not yet written.
pub struct RenderedJob {
    /// Output path, bytes and format, in the order they are written.
    pub files: Vec<(PathBuf, Vec<u8>, OutputFormat)>,
    pub warnings: Vec<Warning>,
    pub stdout: Option<Vec<u8>>,
    /// What the manifest will say about this input once the files are written (`None`
    /// for standard input). Its `outputs` still lack the files rendered here.
    pub record: Option<InputRecord>,
}

/// Everything the workers share: options, the run's environment and the fingerprints
/// computed once per run.
pub struct Context<'a> {
    pub options: &'a ConvertOptions,
    pub env: &'a crate::env::Env,
    pub read_fingerprint: String,
    /// Fingerprint per per-article format.
    pub fingerprints: Vec<(OutputFormat, String)>,
    pub previous: &'a manifest::Manifest,
}

impl Context<'_> {
    fn fingerprint(&self, format: OutputFormat) -> &str {
        self.fingerprints
            .iter()
            .find(|(f, _)| *f == format)
            .map_or("", |(_, fp)| fp.as_str())
    }
}

/// Processes one input: unchanged (per the manifest) or read and rendered.
pub fn process(job: &Job, cx: &Context) -> Result<Processed> {
    let options = cx.options;
    if job.input == Path::new("-") {
        let report = read_job(job, &options.read)?;
        return render(job, report, cx, None, &all_formats(cx));
    }
    let bytes = input::source::read(&job.input)?;
    let hash = manifest::hash_bytes(&bytes);
    let previous = cx
        .previous
        .inputs
        .get(&key(&job.input))
        .filter(|r| !options.force && is_same_input(r, &hash, cx));
    let formats: Vec<OutputFormat> = match previous {
        Some(record) => cx
            .fingerprints
            .iter()
            .filter(|(f, fp)| {
                !record
                    .outputs
                    .get(f.extension())
                    .is_some_and(|o| o.is_current(fp))
            })
            .map(|(f, _)| *f)
            .collect(),
        None => all_formats(cx),
    };
    if let Some(record) = previous
        && formats.is_empty()
    {
        let outputs = cx
            .fingerprints
            .iter()
            .filter_map(|(f, _)| record.outputs.get(f.extension()))
            .flat_map(manifest::OutputRecord::paths)
            .collect();
        return Ok(Processed::Unchanged(record.clone(), outputs));
    }
    let report = input::read_bytes(&bytes, &job.input, &options.read)?;
    let mut record = InputRecord {
        hash,
        read_options: cx.read_fingerprint.clone(),
        deps: manifest::dependencies(
            &job.input,
            &report.articles,
            options.read.sidecars,
            cx.env.image_root(),
        ),
        outputs: Default::default(),
        editions: if options.edition {
            editions_of(&report.articles)
        } else {
            Vec::new()
        },
    };
    // Formats still current keep their entry.
    if let Some(previous) = previous {
        for (format, out) in &previous.outputs {
            if !formats.iter().any(|f| f.extension() == format) {
                record.outputs.insert(format.clone(), out.clone());
            }
        }
    }
    render(job, report, cx, Some(record), &formats)
}

/// The input bytes, the options that read them and every other file read are unchanged.
fn is_same_input(record: &InputRecord, hash: &str, cx: &Context) -> bool {
    record.hash == hash
        && record.read_options == cx.read_fingerprint
        && record.deps.iter().all(Dep::is_current)
}

fn all_formats(cx: &Context) -> Vec<OutputFormat> {
    cx.fingerprints.iter().map(|(f, _)| *f).collect()
}

/// The manifest's key for an input: its path as found.
pub fn key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The editions (stem, title) the articles belong to, each once, in order of appearance.
pub fn editions_of(articles: &[Article]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for a in articles {
        let publication = a.meta.publication.as_deref();
        let stem = edition_stem(publication, a.meta.date);
        if !out.iter().any(|(s, _)| *s == stem) {
            out.push((stem, edition_title(publication, a.meta.date)));
        }
    }
    out
}

/// Renders the per-article outputs of one read input in `formats`.
fn render(
    job: &Job,
    report: ReadReport,
    cx: &Context,
    record: Option<InputRecord>,
    formats: &[OutputFormat],
) -> Result<Processed> {
    let options = cx.options;
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
            let rendered = output::write_article(format, &articles[0], &options.write, cx.env)?;
            warnings.extend(rendered.warnings);
            crate::warning::dedupe_subjects(&mut warnings);
            return Ok(Processed::Rendered(RenderedJob {
                files: Vec::new(),
                warnings,
                stdout: Some(rendered.bytes),
                record: None,
            }));
        }
        Destination::Dir(dir) => dir,
    };
    let width = articles.len().to_string().len();
    let mut files = Vec::with_capacity(articles.len() * formats.len());
    for (i, article) in articles.iter().enumerate() {
        let stem = if articles.len() == 1 {
            job.output_stem.clone()
        } else {
            let mut s = job.output_stem.as_os_str().to_owned();
            s.push(format!("-{:0width$}", i + 1));
            PathBuf::from(s)
        };
        for format in formats {
            let r = output::write_article(*format, article, &options.write, cx.env)?;
            warnings.extend(r.warnings);
            files.push((output_path(dir, &stem, *format), r.bytes, *format));
        }
    }
    // A picture the input stage and each backend all report is reported once.
    crate::warning::dedupe_subjects(&mut warnings);
    let record = record.map(|mut r| {
        for format in formats {
            r.outputs.insert(
                format.extension().to_string(),
                manifest::OutputRecord::new(cx.fingerprint(*format).to_string(), &[]),
            );
        }
        r
    });
    Ok(Processed::Rendered(RenderedJob {
        files,
        warnings,
        stdout: None,
        record,
    }))
}

/// [`process`], with a panic turned into an error naming the file: one bad input must
/// never take the others down.
pub fn process_guarded(job: &Job, cx: &Context) -> Result<Processed> {
    guard(&job.input, || process(job, cx))
}

/// Runs `f`, turning a panic into [`Error::Internal`] about `path`.
pub fn guard<T>(path: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(Error::Internal {
            path: path.to_path_buf(),
            message,
        })
    })
}

/// Reads one job's input (standard input for `-`).
pub fn read_job(job: &Job, options: &ReadOptions) -> Result<ReadReport> {
    if job.input == Path::new("-") {
        let bytes = input::source::read(&job.input)?;
        input::read_bytes(&bytes, &job.input, options)
    } else {
        input::read_file(&job.input, options)
    }
}
