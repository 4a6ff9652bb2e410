//! Converting files: find the inputs ([`walk`]), process each in parallel ([`render`]),
//! write the results in input order, then the editions ([`editions`]), and keep the
//! manifest that lets a re-run skip what is done ([`manifest`]). One bad input never
//! stops the others; the caller decides how to report and which exit code to use.
//!
//! Memory stays bounded: inputs are processed in chunks of a few per worker and written
//! before the next chunk starts; editions are rendered a few at a time, re-reading their
//! members. Output never depends on the number of workers or the order of inputs.

mod editions;
pub mod learn;
pub mod manifest;
mod render;
pub mod shard;
mod walk;

pub use render::read_job;
pub use shard::Shard;
pub use walk::{collect_jobs, collect_jobs_excluding};

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::input::ReadOptions;
use crate::output::{OutputFormat, WriteOptions};
use crate::warning::Warning;
use editions::{EditionPlan, Membership};
use manifest::{InputRecord, Manifest};
use render::{Context, Processed};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// One input file and where its outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub input: PathBuf,
    /// The input's path relative to the folder it was found in (as given for a file):
    /// what `--shard` hashes, so shares do not depend on where the archive is mounted.
    pub rel: PathBuf,
    /// Where its outputs go, relative to the output folder, without extension.
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
    /// Stop at the first input that fails (the rest are not started).
    pub fail_fast: bool,
    /// Convert everything, whatever the manifest says is current.
    pub force: bool,
    /// Convert only this share of the inputs (and of the editions).
    pub shard: Shard,
    /// Set from outside (Ctrl-C) to stop: what is being written is finished, nothing
    /// new is started, and the manifest records what was done.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl ConvertOptions {
    /// Options for converting into `dir` in `formats`, everything else default.
    pub fn new(dir: impl Into<PathBuf>, formats: Vec<OutputFormat>) -> ConvertOptions {
        ConvertOptions {
            read: ReadOptions::default(),
            write: WriteOptions::default(),
            formats,
            destination: Destination::Dir(dir.into()),
            edition: false,
            jobs: 0,
            fail_fast: false,
            force: false,
            shard: Shard::ALL,
            cancel: None,
        }
    }

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

    fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::SeqCst))
    }
}

/// What happened to one input (or, in edition mode, one edition).
#[derive(Debug)]
pub struct FileResult {
    /// The input file, or for an edition `edition <title>`.
    pub input: PathBuf,
    pub outcome: Result<Converted>,
    /// This result is an edition assembled from many inputs.
    pub edition: bool,
    /// Time spent reading and rendering (for the report).
    pub seconds: f64,
}

impl FileResult {
    pub fn failed(input: PathBuf, error: Error) -> FileResult {
        FileResult {
            input,
            outcome: Err(error),
            edition: false,
            seconds: 0.0,
        }
    }
}

#[derive(Debug)]
pub struct Converted {
    /// The outputs written now (when `unchanged`: the outputs still current).
    pub outputs: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    /// The bytes, when the destination is standard output.
    pub stdout: Option<Vec<u8>>,
    /// Nothing to do: the manifest shows every output current.
    pub unchanged: bool,
}

/// How a run ended.
#[derive(Debug)]
pub struct Outcome {
    /// Per input (in input order), then per edition.
    pub results: Vec<FileResult>,
    /// Inputs of this shard (all inputs without `--shard`).
    pub own_inputs: usize,
    /// Inputs of this shard never started (after `--fail-fast` or an interruption).
    pub not_started: usize,
    /// The run was stopped through [`ConvertOptions::cancel`].
    pub interrupted: bool,
}

/// Converts every job; results come back in job order, followed in edition mode by one
/// result per edition.
pub fn convert_all(jobs: &[Job], options: &ConvertOptions) -> Vec<FileResult> {
    convert_all_with(jobs, options, &mut |_| {}).results
}

/// [`convert_all`], calling `on_result` with each result as soon as it is final (in the
/// same order as the returned list), so a caller can report progress while it runs.
pub fn convert_all_with(
    jobs: &[Job],
    options: &ConvertOptions,
    on_result: &mut dyn FnMut(&FileResult),
) -> Outcome {
    // Boilerplate is learned from every input (not only this shard's), before any is read.
    let with_learned;
    let options = match learn::learn(jobs, &options.read) {
        Some(learned) => {
            let mut o = options.clone();
            o.read.learned = Some(Arc::new(learned));
            with_learned = o;
            &with_learned
        }
        None => options,
    };
    let mut run = Run::new(jobs, options);
    // Loaded even with --force (which only stops it being trusted), so entries of
    // inputs outside this run are kept.
    let previous = match &run.manifest_path {
        Some(path) => Manifest::load(path),
        None => Manifest::new(),
    };
    let cx = Context {
        options,
        read_fingerprint: manifest::read_fingerprint(&options.read, options.edition),
        fingerprints: options
            .article_formats()
            .into_iter()
            .map(|f| (f, manifest::format_fingerprint(f, &options.write)))
            .collect(),
        previous: &previous,
    };
    let own: Vec<usize> = (0..jobs.len())
        .filter(|&i| options.shard.holds_path(&jobs[i].rel))
        .collect();
    // Reports a result; false when the run must stop (--fail-fast after a failure).
    let mut emit = |r: FileResult, results: &mut Vec<FileResult>| -> bool {
        let go_on = !(r.outcome.is_err() && options.fail_fast);
        on_result(&r);
        results.push(r);
        go_on
    };
    let mut results = Vec::with_capacity(own.len());
    let mut memberships = Vec::new();
    let mut next = previous.clone();
    let mut stopped = false;
    // Pass 1: every input of this shard, at most a few per worker ahead of the writer.
    let pool = run.pool.take();
    let threads = run.threads;
    let mut started = 0;
    ordered(
        pool.as_ref(),
        &own,
        threads * 4,
        &|| options.cancelled(),
        |&i| render::process_guarded(&jobs[i], &cx),
        |&i, r, seconds| {
            started += 1;
            let job = &jobs[i];
            let key = render::key(&job.input);
            let outcome = r.and_then(|p| run.commit_input(job, p));
            let outcome = outcome.map(|(converted, record)| {
                if let Some(record) = record {
                    if options.edition {
                        memberships.push(Membership {
                            job: i,
                            input: key.clone(),
                            hash: record.hash.clone(),
                            editions: record.editions.clone(),
                        });
                    }
                    next.inputs.insert(key.clone(), record);
                }
                converted
            });
            if outcome.is_err() {
                next.inputs.remove(&key);
            }
            let go_on = emit(
                FileResult {
                    input: job.input.clone(),
                    outcome,
                    edition: false,
                    seconds,
                },
                &mut results,
            );
            stopped |= !go_on;
            go_on
        },
    );
    stopped |= options.cancelled();
    // Pass 2: editions, a few at a time.
    let edition_formats: Vec<(OutputFormat, String)> = options
        .edition_formats()
        .into_iter()
        .map(|f| (f, editions::fingerprint(&cx, f)))
        .collect();
    if let (false, false, Destination::Dir(dir)) =
        (stopped, edition_formats.is_empty(), &options.destination)
    {
        // Editions gather articles from every shard's inputs: read the others' too.
        let foreign: Vec<usize> = (0..jobs.len())
            .filter(|&i| !options.shard.holds_path(&jobs[i].rel))
            .collect();
        ordered(
            pool.as_ref(),
            &foreign,
            threads * 16,
            &|| options.cancelled(),
            |&i| render::guard(&jobs[i].input, || membership_of(i, &jobs[i], &cx)),
            |_, found, _| {
                memberships.extend(found.ok());
                true
            },
        );
        let plans: Vec<EditionPlan> = editions::plan(&memberships)
            .into_iter()
            .filter(|p| options.shard.holds_key(p.stem.as_bytes()))
            .collect();
        ordered(
            pool.as_ref(),
            &plans,
            threads,
            &|| options.cancelled(),
            |plan| edition_work(plan, jobs, &cx, dir, &edition_formats),
            |plan, r, seconds| {
                let outcome = r.and_then(|w| run.commit_edition(plan, w, &edition_formats));
                let outcome = match outcome {
                    Ok((converted, record)) => {
                        next.editions.insert(plan.stem.clone(), record);
                        Ok(converted)
                    }
                    Err(e) => {
                        next.editions.remove(&plan.stem);
                        Err(e)
                    }
                };
                let go_on = emit(
                    FileResult {
                        input: PathBuf::from(format!("edition {}", plan.title)),
                        outcome,
                        edition: true,
                        seconds,
                    },
                    &mut results,
                );
                stopped |= !go_on;
                go_on
            },
        );
        stopped |= options.cancelled();
    }
    if let Some(path) = &run.manifest_path
        && next != previous
        && (path.exists() || !next.inputs.is_empty())
        && let Err(e) = next.save(path)
    {
        // The outputs are written; only the next run's skipping is lost.
        emit(FileResult::failed(path.clone(), e), &mut results);
    }
    Outcome {
        results,
        own_inputs: own.len(),
        not_started: own.len() - started,
        interrupted: stopped && options.cancelled(),
    }
}

/// An edition's work: nothing when the manifest shows it current, else rendered.
enum EditionWork {
    Unchanged(manifest::EditionRecord),
    Rendered(editions::RenderedEdition),
}

fn edition_work(
    plan: &EditionPlan,
    jobs: &[Job],
    cx: &Context,
    dir: &Path,
    formats: &[(OutputFormat, String)],
) -> Result<EditionWork> {
    if !cx.options.force
        && let Some(record) = editions::current_record(plan, cx.previous, formats)
    {
        return Ok(EditionWork::Unchanged(record.clone()));
    }
    let formats: Vec<OutputFormat> = formats.iter().map(|(f, _)| *f).collect();
    render::guard(Path::new(&plan.stem), || {
        editions::render(plan, jobs, cx, dir, &formats)
    })
    .map(EditionWork::Rendered)
}

/// Runs `work` on every item on the pool and hands the results to `commit` in item
/// order, as soon as each is next: workers never wait for a slow neighbour (as they would
/// with fixed chunks), and stay at most `window` items ahead of `commit`, which bounds
/// memory. Nothing new starts once `cancelled` is true or `commit` returns false; work
/// already started finishes (and is committed, unless `commit` asked to stop).
fn ordered<T: Sync, R: Send>(
    pool: Option<&rayon::ThreadPool>,
    items: &[T],
    window: usize,
    cancelled: &(dyn Fn() -> bool + Sync),
    work: impl Fn(&T) -> R + Sync,
    mut commit: impl FnMut(&T, R, f64) -> bool,
) {
    let timed = |item: &T| {
        let t = std::time::Instant::now();
        let r = work(item);
        (r, t.elapsed().as_secs_f64())
    };
    let Some(pool) = pool else {
        for item in items {
            if cancelled() {
                return;
            }
            let (r, seconds) = timed(item);
            if !commit(item, r, seconds) {
                return;
            }
        }
        return;
    };
    let window = window.max(1);
    // A panic in `work` travels back as a value: a task that died without sending would
    // otherwise leave this thread waiting forever. (Our work is guarded; this is the net.)
    type Sent<R> = std::thread::Result<(R, f64)>;
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Sent<R>)>();
    // The body runs on this thread; the spawned work on the pool.
    pool.in_place_scope(|scope| {
        let (mut spawned, mut next) = (0, 0);
        let mut waiting: std::collections::BTreeMap<usize, (R, f64)> = Default::default();
        // Cancelled: start nothing new, commit what finishes. Commit said stop: also
        // drop what finishes.
        let (mut stop, mut discard) = (false, false);
        loop {
            while !stop && spawned < items.len() && spawned < next + window {
                if cancelled() {
                    stop = true;
                    break;
                }
                let (tx, item, timed) = (tx.clone(), &items[spawned], &timed);
                let index = spawned;
                scope.spawn(move |_| {
                    let result =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| timed(item)));
                    // The receiver is gone only when the run stopped: nothing to deliver.
                    let _ = tx.send((index, result));
                });
                spawned += 1;
            }
            if next == spawned {
                break;
            }
            let Ok((index, result)) = rx.recv() else {
                break;
            };
            match result {
                Ok(result) => waiting.insert(index, result),
                Err(panic) => std::panic::resume_unwind(panic),
            };
            while let Some((r, seconds)) = waiting.remove(&next) {
                if !discard && !commit(&items[next], r, seconds) {
                    (stop, discard) = (true, true);
                }
                next += 1;
            }
        }
    });
}

/// The editions a job of another shard belongs to (edition mode with `--shard`).
fn membership_of(i: usize, job: &Job, cx: &Context) -> Result<Membership> {
    let bytes = std::fs::read(&job.input).map_err(|e| Error::io(&job.input, e))?;
    let report = crate::input::read_bytes(&bytes, &job.input, &cx.options.read)?;
    Ok(Membership {
        job: i,
        input: render::key(&job.input),
        hash: manifest::hash_bytes(&bytes),
        editions: render::editions_of(&report.articles),
    })
}

/// State of one run: the worker pool (taken by the passes), the paths written so far,
/// where the manifest goes.
struct Run {
    pool: Option<rayon::ThreadPool>,
    threads: usize,
    /// Canonical paths of all inputs: never overwritten.
    inputs: HashSet<PathBuf>,
    /// Canonical paths of the outputs of this run: two inputs never write one file.
    claimed: HashSet<PathBuf>,
    manifest_path: Option<PathBuf>,
}

impl Run {
    fn new(jobs: &[Job], options: &ConvertOptions) -> Run {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.jobs)
            .build()
            .ok();
        let threads = pool
            .as_ref()
            .map_or(1, rayon::ThreadPool::current_num_threads);
        let manifest_path = match &options.destination {
            Destination::Dir(dir) => Some(Manifest::path(dir, options.shard)),
            Destination::Stdout => None,
        };
        Run {
            pool,
            threads,
            inputs: jobs
                .iter()
                .filter_map(|j| std::fs::canonicalize(&j.input).ok())
                .collect(),
            claimed: HashSet::new(),
            manifest_path,
        }
    }

    /// Checks one target against the inputs and the outputs already claimed.
    fn check_target(&self, target: &Path, own_input: Option<&Path>) -> Result<PathBuf> {
        let canon = canonical_target(target);
        if self.inputs.contains(&canon) || own_input == Some(canon.as_path()) {
            return Err(Error::OutputIsInput {
                path: target.to_path_buf(),
            });
        }
        if self.claimed.contains(&canon) {
            return Err(Error::OutputCollision {
                path: target.to_path_buf(),
            });
        }
        Ok(canon)
    }

    /// Writes a processed input's files (checked first, all or nothing as far as the
    /// checks go), in job order on one thread, so which of two colliding inputs wins
    /// never depends on timing. Returns the result and the input's manifest record.
    fn commit_input(
        &mut self,
        job: &Job,
        processed: Processed,
    ) -> Result<(Converted, Option<InputRecord>)> {
        let own = std::fs::canonicalize(&job.input).ok();
        match processed {
            Processed::Unchanged(record, outputs) => {
                for path in &outputs {
                    let canon = self.check_target(path, own.as_deref())?;
                    self.claimed.insert(canon);
                }
                Ok((
                    Converted {
                        outputs,
                        warnings: Vec::new(),
                        stdout: None,
                        unchanged: true,
                    },
                    Some(record),
                ))
            }
            Processed::Rendered(rendered) => {
                let mut planned = Vec::with_capacity(rendered.files.len());
                for (target, bytes, format) in rendered.files {
                    let canon = self.check_target(&target, own.as_deref())?;
                    planned.push((target, canon, bytes, format));
                }
                let mut record = rendered.record;
                let mut outputs = Vec::with_capacity(planned.len());
                for (target, canon, bytes, format) in planned {
                    write_atomic(&target, &bytes)?;
                    self.claimed.insert(canon);
                    if let Some(out) = record
                        .as_mut()
                        .and_then(|r| r.outputs.get_mut(format.extension()))
                    {
                        out.files.push(manifest::FileRecord {
                            path: target.to_string_lossy().into_owned(),
                            bytes: bytes.len() as u64,
                        });
                    }
                    outputs.push(target);
                }
                Ok((
                    Converted {
                        outputs,
                        warnings: rendered.warnings,
                        stdout: rendered.stdout,
                        unchanged: false,
                    },
                    record,
                ))
            }
        }
    }
}

impl Run {
    /// Writes an edition's files (or claims them, when unchanged) and returns the result
    /// with the edition's manifest record.
    fn commit_edition(
        &mut self,
        plan: &EditionPlan,
        work: EditionWork,
        formats: &[(OutputFormat, String)],
    ) -> Result<(Converted, manifest::EditionRecord)> {
        match work {
            EditionWork::Unchanged(record) => {
                let mut outputs = Vec::new();
                for out in record.outputs.values() {
                    for path in out.paths() {
                        let canon = self.check_target(&path, None)?;
                        self.claimed.insert(canon);
                        outputs.push(path);
                    }
                }
                let converted = Converted {
                    outputs,
                    warnings: Vec::new(),
                    stdout: None,
                    unchanged: true,
                };
                Ok((converted, record))
            }
            EditionWork::Rendered(rendered) => {
                let mut planned = Vec::with_capacity(rendered.files.len());
                for (target, bytes, format) in rendered.files {
                    let canon = self.check_target(&target, None)?;
                    planned.push((target, canon, bytes, format));
                }
                let mut written = Vec::with_capacity(planned.len());
                for (target, canon, bytes, format) in planned {
                    write_atomic(&target, &bytes)?;
                    self.claimed.insert(canon);
                    written.push((target, bytes.len() as u64, format));
                }
                let record = editions::record(plan, formats, &written);
                let converted = Converted {
                    outputs: written.into_iter().map(|(p, _, _)| p).collect(),
                    warnings: rendered.warnings,
                    stdout: None,
                    unchanged: false,
                };
                Ok((converted, record))
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
    }

    #[test]
    fn ordered_commits_in_item_order_and_stops_when_asked() {
        let items: Vec<u64> = (0..50).collect();
        let mut seen = Vec::new();
        ordered(
            Some(&pool()),
            &items,
            3,
            &|| false,
            // Early items take longest, so results arrive out of order.
            |&i| {
                std::thread::sleep(std::time::Duration::from_micros((50 - i) * 30));
                i * 2
            },
            |&i, r, _| {
                assert_eq!(r, i * 2);
                seen.push(i);
                i < 20
            },
        );
        assert_eq!(seen, (0..=20).collect::<Vec<_>>());
    }

    #[test]
    fn a_panicking_task_ends_the_run_instead_of_hanging_it() {
        let items: Vec<u32> = (0..10).collect();
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ordered(
                Some(&pool()),
                &items,
                4,
                &|| false,
                |&i| {
                    assert!(i != 3, "boom");
                    i
                },
                |_, _, _| true,
            )
        }));
        assert!(run.is_err());
    }

    #[test]
    fn cancelled_runs_start_nothing() {
        let items: Vec<u32> = (0..10).collect();
        let mut seen = 0;
        ordered(
            Some(&pool()),
            &items,
            4,
            &|| true,
            |&i| i,
            |_, _, _| {
                seen += 1;
                true
            },
        );
        assert_eq!(seen, 0);
    }
}
