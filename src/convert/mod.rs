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

use crate::env::Env;
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

/// Converts every job with the run's `env`; results come back in job order, followed in
/// edition mode by one result per edition.
pub fn convert_all(jobs: &[Job], options: &ConvertOptions, env: &Env) -> Vec<FileResult> {
    convert_all_with(jobs, options, env, &mut |_| {}).results
}

/// [`convert_all`], calling `on_result` with each result as soon as it is final (in the
/// same order as the returned list), so a caller can report progress while it runs.
///
/// Steps: learn the archive's boilerplate, load the manifest, convert this shard's inputs
/// (pass 1), then the editions (pass 2), then save the manifest.
pub fn convert_all_with(
    jobs: &[Job],
    options: &ConvertOptions,
    env: &Env,
    on_result: &mut dyn FnMut(&FileResult),
) -> Outcome {
    let learned = with_learned_chrome(jobs, options);
    let options = learned.as_ref().unwrap_or(options);
    let mut run = Run::new(jobs, options, env);
    // Loaded even with --force (which only stops it being trusted), so entries of
    // inputs outside this run are kept.
    let previous = match &run.manifest_path {
        Some(path) => Manifest::load(path),
        None => Manifest::new(),
    };
    let cx = Context {
        options,
        env,
        read_fingerprint: manifest::read_fingerprint(&options.read, options.edition),
        fingerprints: options
            .article_formats()
            .into_iter()
            .map(|f| (f, manifest::format_fingerprint(f, &options.write, env)))
            .collect(),
        previous: &previous,
    };
    let own: Vec<usize> = (0..jobs.len())
        .filter(|&i| options.shard.holds_path(&jobs[i].rel))
        .collect();
    let mut tally = Tally {
        on_result,
        fail_fast: options.fail_fast,
        results: Vec::with_capacity(own.len()),
        memberships: Vec::new(),
        next: previous.clone(),
        saver: Saver::new(run.manifest_path.clone()),
        stopped: false,
    };
    let pool = run.pool.take();
    let started = convert_inputs(&mut run, &mut tally, pool.as_ref(), jobs, &own, &cx);
    tally.stopped |= options.cancelled();
    if let (false, Destination::Dir(dir)) = (tally.stopped, &options.destination) {
        convert_editions(&mut run, &mut tally, pool.as_ref(), jobs, &cx, dir);
    }
    if let Some(failure) = tally.saver.save(&tally.next) {
        tally.emit(failure);
    }
    Outcome {
        results: tally.results,
        own_inputs: own.len(),
        not_started: own.len() - started,
        interrupted: tally.stopped && options.cancelled(),
    }
}

/// The options with the boilerplate learned from every input (not only this shard's),
/// before any is read; `None` when nothing was learned.
fn with_learned_chrome(jobs: &[Job], options: &ConvertOptions) -> Option<ConvertOptions> {
    let learned = learn::learn(jobs, &options.read)?;
    let mut o = options.clone();
    o.read.learned = Some(Arc::new(learned));
    Some(o)
}

/// What the passes of a run have produced so far: the results (reported as they come),
/// the edition memberships, the next manifest and its saver.
struct Tally<'r> {
    on_result: &'r mut dyn FnMut(&FileResult),
    fail_fast: bool,
    results: Vec<FileResult>,
    memberships: Vec<Membership>,
    next: Manifest,
    saver: Saver,
    /// A pass stopped early (--fail-fast after a failure, or an interruption).
    stopped: bool,
}

impl Tally<'_> {
    /// Reports a result; false when the run must stop (--fail-fast after a failure).
    fn emit(&mut self, r: FileResult) -> bool {
        let go_on = !(r.outcome.is_err() && self.fail_fast);
        (self.on_result)(&r);
        self.results.push(r);
        go_on
    }
}

/// Pass 1: every input of this shard (`own`), at most a few per worker ahead of the
/// writer, written in input order. Returns how many were started.
fn convert_inputs(
    run: &mut Run,
    tally: &mut Tally<'_>,
    pool: Option<&rayon::ThreadPool>,
    jobs: &[Job],
    own: &[usize],
    cx: &Context,
) -> usize {
    let options = cx.options;
    let mut started = 0;
    ordered(
        pool,
        own,
        run.threads * 4,
        &|| options.cancelled(),
        |&i| render::process_guarded(&jobs[i], cx),
        |&i, r, seconds| {
            started += 1;
            let job = &jobs[i];
            let key = render::key(&job.input);
            let outcome = r.and_then(|p| run.commit_input(job, p));
            let outcome = outcome.map(|(converted, record)| {
                if let Some(record) = record {
                    if options.edition {
                        tally.memberships.push(Membership {
                            job: i,
                            input: key.clone(),
                            hash: record.hash.clone(),
                            editions: record.editions.clone(),
                        });
                    }
                    tally.saver.dirty |= tally.next.inputs.get(&key) != Some(&record);
                    tally.next.inputs.insert(key.clone(), record);
                }
                converted
            });
            if outcome.is_err() {
                tally.saver.dirty |= tally.next.inputs.remove(&key).is_some();
            }
            tally.saver.touched.inputs.insert(key);
            tally.saver.tick(&tally.next);
            let go_on = tally.emit(FileResult {
                input: job.input.clone(),
                outcome,
                edition: false,
                seconds,
            });
            tally.stopped |= !go_on;
            go_on
        },
    );
    started
}

/// Pass 2 (edition mode): the memberships of the other shards' inputs, the edition
/// plans of this shard, and each edition rendered (a few at a time) or found current.
fn convert_editions(
    run: &mut Run,
    tally: &mut Tally<'_>,
    pool: Option<&rayon::ThreadPool>,
    jobs: &[Job],
    cx: &Context,
    dir: &Path,
) {
    let options = cx.options;
    let edition_formats: Vec<(OutputFormat, String)> = options
        .edition_formats()
        .into_iter()
        .map(|f| (f, editions::fingerprint(cx, f)))
        .collect();
    if edition_formats.is_empty() {
        return;
    }
    let threads = run.threads;
    // Editions gather articles from every shard's inputs: read the others' too.
    let foreign: Vec<usize> = (0..jobs.len())
        .filter(|&i| !options.shard.holds_path(&jobs[i].rel))
        .collect();
    ordered(
        pool,
        &foreign,
        threads * 16,
        &|| options.cancelled(),
        |&i| render::guard(&jobs[i].input, || membership_of(i, &jobs[i], cx)),
        |_, found, _| {
            tally.memberships.extend(found.ok());
            true
        },
    );
    let plans: Vec<EditionPlan> = editions::plan(&tally.memberships)
        .into_iter()
        .filter(|p| options.shard.holds_key(p.stem.as_bytes()))
        .collect();
    ordered(
        pool,
        &plans,
        threads,
        &|| options.cancelled(),
        |plan| edition_work(plan, jobs, cx, dir, &edition_formats),
        |plan, r, seconds| {
            let outcome = r.and_then(|w| run.commit_edition(plan, w, &edition_formats));
            let outcome = match outcome {
                Ok((converted, record)) => {
                    tally.saver.dirty |= tally.next.editions.get(&plan.stem) != Some(&record);
                    tally.next.editions.insert(plan.stem.clone(), record);
                    Ok(converted)
                }
                Err(e) => {
                    tally.saver.dirty |= tally.next.editions.remove(&plan.stem).is_some();
                    Err(e)
                }
            };
            tally.saver.touched.editions.insert(plan.stem.clone());
            let go_on = tally.emit(FileResult {
                input: PathBuf::from(format!("edition {}", plan.title)),
                outcome,
                edition: true,
                seconds,
            });
            tally.stopped |= !go_on;
            go_on
        },
    );
    tally.stopped |= options.cancelled();
}

/// Keeps the manifest on disk up to date: at the end of the run, and every few hundred
/// inputs or every minute on the way, so a run killed with `kill -9` (which saves
/// nothing at the end) costs its re-run at most that much work again. Each save merges
/// into what is on disk ([`Manifest::save_merged`]).
struct Saver {
    path: Option<PathBuf>,
    /// Entries this run decided about.
    touched: manifest::Touched,
    /// Some entry changed since the last save.
    dirty: bool,
    since: usize,
    last: std::time::Instant,
}

impl Saver {
    /// Inputs between two saves (at least; a large manifest is saved less often, so saving
    /// stays a small share of the run).
    const EVERY_INPUTS: usize = 300;
    const EVERY: std::time::Duration = std::time::Duration::from_secs(60);

    fn new(path: Option<PathBuf>) -> Saver {
        Saver {
            path,
            touched: Default::default(),
            dirty: false,
            since: 0,
            last: std::time::Instant::now(),
        }
    }

    /// Called once per committed input: saves when it is time. A failed save here is
    /// tried again at the end, which reports it (once, not every few hundred inputs).
    fn tick(&mut self, next: &Manifest) {
        self.since += 1;
        let due = self.since >= Self::EVERY_INPUTS.max(next.inputs.len() / 4)
            || self.last.elapsed() >= Self::EVERY;
        if due && self.save(next).is_some() {
            self.dirty = true;
        }
    }

    /// Saves when anything changed; a failure comes back as a result to report (the
    /// outputs are written; only the next run's skipping is lost).
    fn save(&mut self, next: &Manifest) -> Option<FileResult> {
        self.since = 0;
        self.last = std::time::Instant::now();
        let path = self.path.as_ref()?;
        if !self.dirty || (next.inputs.is_empty() && !path.exists()) {
            return None;
        }
        self.dirty = false;
        next.save_merged(path, &self.touched)
            .err()
            .map(|e| FileResult::failed(path.clone(), e))
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
    let bytes = crate::input::source::read(&job.input)?;
    let report = crate::input::read_bytes(&bytes, &job.input, &cx.options.read)?;
    Ok(Membership {
        job: i,
        input: render::key(&job.input),
        hash: manifest::hash_bytes(&bytes),
        editions: render::editions_of(&report.articles),
    })
}

/// Most worker threads per core: more only add memory and switching (`--jobs 100000`
/// once started 10,500 threads and converted nothing).
pub const MAX_JOBS_PER_CORE: usize = 4;

/// The number of workers a run uses for `--jobs requested` (0: one per core), at most
/// [`MAX_JOBS_PER_CORE`] per core.
pub fn effective_jobs(requested: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if requested == 0 {
        cores
    } else {
        requested.min(cores * MAX_JOBS_PER_CORE)
    }
}

/// State of one run: the worker pool (taken by the passes), the paths written so far,
/// where the manifest goes.
struct Run {
    pool: Option<rayon::ThreadPool>,
    threads: usize,
    /// Canonical paths of every file the run reads (inputs, their sidecars, pictures,
    /// the cover and fonts): never overwritten by an output.
    inputs: HashSet<PathBuf>,
    /// Canonical paths of the outputs of this run: two inputs never write one file.
    claimed: HashSet<PathBuf>,
    /// Folders written into so far (each is rid of stale temporary files first).
    cleaned: HashSet<PathBuf>,
    manifest_path: Option<PathBuf>,
}

impl Run {
    fn new(jobs: &[Job], options: &ConvertOptions, env: &Env) -> Run {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(effective_jobs(options.jobs))
            .build()
            .ok();
        let threads = pool
            .as_ref()
            .map_or(1, rayon::ThreadPool::current_num_threads);
        let manifest_path = match &options.destination {
            Destination::Dir(dir) => Some(Manifest::path(dir, options.shard)),
            Destination::Stdout => None,
        };
        // Sidecar candidates are protected even when not read (--no-sidecar): a file
        // beside an input named like its sidecar is the user's, not an old output.
        let read_files = jobs
            .iter()
            .flat_map(|j| {
                let sidecars = ["json", "toml"].map(|ext| j.input.with_extension(ext));
                std::iter::once(j.input.clone()).chain(sidecars)
            })
            .chain(options.write.epub.cover.clone())
            .chain(env.extra_fonts().iter().cloned());
        let mut cleaned = HashSet::new();
        if let Destination::Dir(dir) = &options.destination {
            // The manifest's folder, even when no output lands there.
            crate::fsutil::clean_stale_temps(dir);
            cleaned.insert(dir.clone());
        }
        Run {
            pool,
            threads,
            inputs: read_files
                .filter_map(|p| std::fs::canonicalize(p).ok())
                .collect(),
            claimed: HashSet::new(),
            cleaned,
            manifest_path,
        }
    }

    /// Writes one output atomically; the first write into a folder first removes the
    /// temporary files runs killed with `kill -9` left there.
    fn write(&mut self, target: &Path, bytes: &[u8]) -> Result<()> {
        if let Some(dir) = target.parent()
            && !self.cleaned.contains(dir)
        {
            crate::fsutil::clean_stale_temps(dir);
            self.cleaned.insert(dir.to_path_buf());
        }
        write_atomic(target, bytes)
    }

    /// The files an input's record says it read (pictures, sidecars) join the protected
    /// set: no later output may replace them.
    fn protect_deps(&mut self, record: Option<&InputRecord>) {
        for dep in record.iter().flat_map(|r| &r.deps) {
            if dep.hash.is_some()
                && let Ok(canon) = std::fs::canonicalize(&dep.path)
            {
                self.inputs.insert(canon);
            }
        }
    }

    /// Checks one target against the inputs and the outputs already claimed.
    fn check_target(&self, target: &Path, own_input: Option<&Path>) -> Result<PathBuf> {
        let canon = crate::fsutil::canonical_target(target);
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
                self.protect_deps(Some(&record));
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
                // The pictures it read are never overwritten either (by it or later).
                self.protect_deps(rendered.record.as_ref());
                let mut planned = Vec::with_capacity(rendered.files.len());
                for (target, bytes, format) in rendered.files {
                    let canon = self.check_target(&target, own.as_deref())?;
                    planned.push((target, canon, bytes, format));
                }
                let mut record = rendered.record;
                let mut outputs = Vec::with_capacity(planned.len());
                for (target, canon, bytes, format) in planned {
                    self.write(&target, &bytes)?;
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
                    self.write(&target, &bytes)?;
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
