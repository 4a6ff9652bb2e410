//! The commands behind `main.rs`: turn raw flags into checked library options, run, and
//! report. Everything user-facing that is printed is printed here.

pub mod args;
mod inspect;
mod stream;

pub use stream::err_line;

use crate::convert::{self, ConvertOptions, Destination};
use crate::error::Error;
use crate::input::{MetaPatch, ReadOptions, decode};
use crate::output::WriteOptions;
use crate::output::epub::FontSource;
use crate::report::{Report, Summary};
use args::{BookArgs, Cli, Command, ConvertArgs, ReadArgs};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Exit codes: one place, documented in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Success = 0,
    SomeFailed = 1,
    Usage = 2,
    /// Stopped by Ctrl-C (SIGINT) or SIGTERM: 128 + SIGINT, as shells report it.
    Interrupted = 130,
}

/// A usage error: bad flag values or combinations (exit 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

pub fn run(cli: Cli) -> Result<ExitCode, UsageError> {
    match cli.command {
        Command::Convert(a) => run_convert(*a),
        Command::Inspect(a) => inspect::run(a),
        Command::Catalog { dir } => run_catalog(&dir),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            // Into memory first: the generators panic on a failed write.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "broadsheet", &mut script);
            Ok(stream::deliver(&script))
        }
        Command::Report(args::ReportCommand::Merge { reports, output }) => {
            merge_reports(&reports, &output)
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => Ok(stream::deliver(&page)),
                Err(e) => Err(UsageError(format!("cannot write the manual page: {e}"))),
            }
        }
    }
}

/// Checks the input-stage flags and builds `ReadOptions`.
pub fn read_options(a: &ReadArgs) -> Result<ReadOptions, UsageError> {
    let encoding = match &a.encoding {
        Some(label) => {
            Some(decode::encoding_for_label(label).map_err(|e| UsageError(e.to_string()))?)
        }
        None => None,
    };
    let date = match &a.date {
        Some(d) => Some(d.parse().map_err(|_| {
            UsageError(
                Error::InvalidDate {
                    value: d.clone(),
                    origin: "--date".into(),
                }
                .to_string(),
            )
        })?),
        None => None,
    };
    Ok(ReadOptions {
        repair: !a.no_repair,
        encoding,
        sidecars: !a.no_sidecar,
        format: a.from,
        learned: None,
        convert: a.convert,
        overrides: MetaPatch {
            date,
            publication: a.publication.clone(),
            page: a.page.clone(),
            page_name: a.page_name.clone(),
            lang: a.lang.clone(),
            ..MetaPatch::default()
        },
    })
}

/// A progress bar on a terminal (or with `--progress always`); `None` means plain lines.
fn progress_bar(mode: args::Progress, total: usize, to_stdout: bool) -> Option<ProgressBar> {
    use std::io::IsTerminal;
    let show = match mode {
        args::Progress::Always => true,
        args::Progress::Never => false,
        args::Progress::Auto => std::io::stderr().is_terminal() && !to_stdout && total > 1,
    };
    if !show {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:30} {pos}/{len} inputs, {msg} [{elapsed_precise}, ETA {eta}]",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// Prints each result as it arrives: one plain line per input (or only warnings and
/// failures with `--quiet`), above the progress bar when there is one.
struct Printer {
    quiet: bool,
    bar: Option<ProgressBar>,
    failed: usize,
    warned: usize,
    /// Writing an article to standard output failed.
    stdout_error: Option<std::io::Error>,
}

impl Printer {
    fn new(quiet: bool, bar: Option<ProgressBar>) -> Printer {
        Printer {
            quiet,
            bar,
            failed: 0,
            warned: 0,
            stdout_error: None,
        }
    }

    fn line(&self, text: String) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => err_line(text),
        }
    }

    fn print(&mut self, r: &convert::FileResult) {
        match &r.outcome {
            Ok(done) => {
                for w in &done.warnings {
                    self.warned += 1;
                    self.line(format!("warning: {}: {w}", r.input.display()));
                }
                if let Some(bytes) = &done.stdout {
                    if let Err(e) = stream::write_stdout(bytes) {
                        self.stdout_error = Some(e);
                    }
                } else if done.unchanged {
                    if !self.quiet {
                        self.line(format!("unchanged {}", r.input.display()));
                    }
                } else if !self.quiet {
                    let list: Vec<String> = done
                        .outputs
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect();
                    self.line(format!(
                        "converted {} -> {}",
                        r.input.display(),
                        list.join(", ")
                    ));
                }
            }
            Err(e) => {
                self.failed += 1;
                self.line(format!("error: {e}"));
            }
        }
        if let Some(bar) = &self.bar
            && !r.edition
        {
            bar.inc(1);
            bar.set_message(format!("{} failed", self.failed));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "the time to write into
/// outputs". Read here, once; the library never looks at the clock or the environment.
fn source_date_epoch() -> Result<Option<i64>, UsageError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v.trim().parse().map(Some).map_err(|_| {
            UsageError(format!(
                "SOURCE_DATE_EPOCH must be a number of seconds, not '{v}'"
            ))
        }),
        _ => Ok(None),
    }
}

/// Checks the backend flags and builds `WriteOptions`.
fn write_options(b: &BookArgs) -> Result<WriteOptions, UsageError> {
    if let Some(cover) = &b.cover
        && !cover.is_file()
    {
        return Err(UsageError(format!(
            "--cover {}: no such file",
            cover.display()
        )));
    }
    let epoch = source_date_epoch()?;
    let mut w = WriteOptions {
        fonts: FontSource::new(b.font_dir.clone()),
        ..WriteOptions::default()
    };
    if let Some(root) = &b.image_root
        && !root.is_dir()
    {
        return Err(UsageError(format!(
            "--image-root {}: no such folder",
            root.display()
        )));
    }
    w.epub.cover.clone_from(&b.cover);
    w.epub.generate_cover = !b.no_cover;
    w.epub.image_root.clone_from(&b.image_root);
    w.pdf.resource_dir.clone_from(&b.image_root);
    w.epub.embed_font = b.embed_font;
    w.epub.vertical = b.vertical;
    w.epub.headline_face = b.headline_face;
    w.pdf.headline_face = b.headline_face;
    w.epub.source_date_epoch = epoch;
    for font in &b.fonts {
        if !font.is_file() {
            return Err(UsageError(format!(
                "--font {}: no such file",
                font.display()
            )));
        }
    }
    if let Some(m) = b.margin
        && !(0.0..=100.0).contains(&m)
    {
        return Err(UsageError(format!(
            "--margin {m}: expected 0 to 100 millimetres"
        )));
    }
    if let Some(pt) = b.font_size
        && !(4.0..=72.0).contains(&pt)
    {
        return Err(UsageError(format!(
            "--font-size {pt}: expected 4 to 72 points"
        )));
    }
    w.pdf.paper = b.paper;
    w.pdf.columns = b.columns;
    w.pdf.margin_mm = b.margin;
    w.pdf.body_size = b.font_size;
    w.pdf.kinsoku = b.kinsoku;
    w.pdf.extra_fonts.clone_from(&b.fonts);
    w.pdf.source_date_epoch = epoch;
    Ok(w)
}

/// A flag set by the first Ctrl-C (SIGINT) or SIGTERM: the run finishes the files it is
/// writing, starts nothing new, saves its manifest and exits 130. A second signal exits
/// at once (files already renamed into place are complete; a temporary file may stay).
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = flag.clone();
    // Fails only if a handler is already installed (a second run in one process).
    let _ = ctrlc::set_handler(move || {
        if set.swap(true, Ordering::SeqCst) {
            std::process::exit(ExitCode::Interrupted as i32);
        }
        err_line("broadsheet: interrupted; finishing the files being written (again to quit now)");
    });
    flag
}

/// `broadsheet report merge`: one report from the shards' reports.
fn merge_reports(paths: &[std::path::PathBuf], output: &Path) -> Result<ExitCode, UsageError> {
    let mut reports = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes =
            std::fs::read(path).map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
        reports.push((path.clone(), bytes));
    }
    let merged = crate::report::merge(&reports).map_err(|e| UsageError(e.to_string()))?;
    let json = merged.to_json();
    if output == Path::new("-") {
        if let Err(e) = stream::write_stdout(&json) {
            return Ok(stream::stdout_failed(&e));
        }
    } else if let Err(e) = crate::fsutil::write_atomic(output, &json) {
        return Err(UsageError(e.to_string()));
    }
    let s = &merged.summary;
    err_line(format!(
        "merged {} report(s): {} converted, {} unchanged, {} failed, {} skipped, {} edition(s)",
        paths.len(),
        s.converted,
        s.unchanged,
        s.failed,
        s.skipped,
        s.editions
    ));
    Ok(if s.failed > 0 {
        ExitCode::SomeFailed
    } else {
        ExitCode::Success
    })
}

/// `broadsheet catalog OUT`: the OPDS feeds and HTML index of the books in OUT.
fn run_catalog(dir: &Path) -> Result<ExitCode, UsageError> {
    if !dir.is_dir() {
        return Err(UsageError(format!(
            "catalog {}: no such folder",
            dir.display()
        )));
    }
    match crate::catalog::write_catalog(dir, source_date_epoch()?) {
        Ok(report) => {
            for w in &report.warnings {
                err_line(format!("warning: {w}"));
            }
            err_line(format!(
                "catalog: {} book(s) -> {}, {}",
                report.books,
                dir.join("catalog.xml").display(),
                dir.join("index.html").display()
            ));
            Ok(ExitCode::Success)
        }
        Err(e) => {
            err_line(format!("error: {e}"));
            Ok(ExitCode::SomeFailed)
        }
    }
}

/// `--jobs` as the library takes it, with a note when it is capped.
fn jobs_option(requested: usize) -> usize {
    let used = convert::effective_jobs(requested);
    if requested > used {
        err_line(format!(
            "broadsheet: note: --jobs {requested} is more than {} per core; using {used}",
            convert::MAX_JOBS_PER_CORE
        ));
    }
    used
}

/// Refuses a `--report` that would overwrite a file the run reads (an input, a sidecar),
/// its manifest, or an output it is about to write; outputs only known once written
/// (`<stem>-2.md`, editions) are checked again before the report is written.
fn check_report_target(
    report: &Path,
    jobs: &[convert::Job],
    options: &ConvertOptions,
) -> Result<(), UsageError> {
    let target = crate::fsutil::canonical_target(report);
    let same = |p: &Path| crate::fsutil::canonical_target(p) == target;
    let refuse = |what: &str| {
        Err(UsageError(format!(
            "--report {}: that is {what}; refusing to overwrite it",
            report.display()
        )))
    };
    for job in jobs {
        if same(&job.input) {
            return refuse("an input of this run");
        }
        if ["json", "toml"]
            .iter()
            .any(|ext| same(&job.input.with_extension(ext)))
        {
            return refuse("the metadata sidecar of an input");
        }
    }
    if let Destination::Dir(dir) = &options.destination {
        if same(&convert::manifest::Manifest::path(dir, options.shard)) {
            return refuse("the manifest of the output folder");
        }
        for job in jobs {
            for format in &options.formats {
                if same(&convert::output_path(dir, &job.output_stem, *format)) {
                    return refuse("an output of this run");
                }
            }
        }
    }
    Ok(())
}

fn run_convert(a: ConvertArgs) -> Result<ExitCode, UsageError> {
    let read = read_options(&a.read)?;
    let mut formats = a.formats.clone();
    formats.sort();
    formats.dedup();
    let to_stdout = a.output == Path::new("-");
    if to_stdout && (a.inputs.len() != 1 || formats.len() != 1 || a.inputs[0].is_dir()) {
        return Err(UsageError(
            "-o - writes to standard output, which takes exactly one input file and one format"
                .into(),
        ));
    }
    if to_stdout && a.edition {
        return Err(UsageError(
            "--edition writes one file per edition: give a folder with -o".into(),
        ));
    }
    if a.book.vertical && formats.contains(&crate::output::OutputFormat::Pdf) {
        return Err(UsageError(
            "--vertical: vertical writing is not yet supported for PDF (it is for EPUB: -t epub)"
                .into(),
        ));
    }
    let options = ConvertOptions {
        read,
        write: write_options(&a.book)?,
        formats,
        destination: if to_stdout {
            Destination::Stdout
        } else {
            Destination::Dir(a.output.clone())
        },
        edition: a.edition,
        jobs: jobs_option(a.jobs),
        fail_fast: a.fail_fast,
        force: a.force,
        shard: a.shard.unwrap_or_default(),
        cancel: Some(interrupt_flag()),
    };
    let started = std::time::Instant::now();
    // Outputs and the report inside an input folder are not inputs of a later run.
    let mut exclude = vec![a.output.clone()];
    exclude.extend(a.report.clone());
    let (jobs, mut results) = convert::collect_jobs_excluding(&a.inputs, &exclude);
    if jobs.is_empty() && results.is_empty() {
        err_line(
            "broadsheet: no inputs found (recognised: .txt .md .html .htm .json .jsonl .csv, and pages sniffed as HTML or JSON)",
        );
        return Ok(ExitCode::SomeFailed);
    }
    if let Some(report) = &a.report {
        check_report_target(report, &jobs, &options)?;
    }
    let own = jobs
        .iter()
        .filter(|j| options.shard.holds_path(&j.rel))
        .count();
    let mut printer = Printer::new(a.quiet, progress_bar(a.progress, own, to_stdout));
    results.iter().for_each(|r| printer.print(r));
    let (done, skipped, interrupted) = if options.fail_fast && !results.is_empty() {
        (Vec::new(), own, false)
    } else {
        let outcome = convert::convert_all_with(&jobs, &options, &mut |r| printer.print(r));
        (outcome.results, outcome.not_started, outcome.interrupted)
    };
    printer.finish();
    results.extend(done);
    let (failed, warned) = (printer.failed, printer.warned);
    let count = |edition: bool, unchanged: bool| {
        results
            .iter()
            .filter(|r| {
                r.edition == edition && r.outcome.as_ref().is_ok_and(|d| d.unchanged == unchanged)
            })
            .count()
    };
    let unchanged = count(false, true) + count(true, true);
    let editions = count(true, false);
    let summary = Summary {
        converted: count(false, false),
        unchanged,
        failed,
        skipped,
        editions,
        warnings: warned,
        seconds: started.elapsed().as_secs_f64(),
    };
    if results.len() > 1 || failed > 0 || interrupted {
        let mut line = format!("{} converted", summary.converted);
        if unchanged > 0 {
            line.push_str(&format!(", {unchanged} unchanged"));
        }
        line.push_str(&format!(", {failed} failed"));
        if skipped > 0 {
            line.push_str(&format!(", {skipped} skipped"));
        }
        if editions > 0 {
            line.push_str(&format!(", {editions} edition(s) written"));
        }
        if !options.shard.is_all() {
            line.push_str(&format!(" (shard {})", options.shard));
        }
        err_line(format!(
            "{line}, {warned} warning(s) in {:.2} s",
            summary.seconds
        ));
    }
    if interrupted {
        err_line(
            "interrupted: every file written is complete; run the same command again to finish",
        );
    }
    let mut code = ExitCode::Success;
    if let Some(path) = &a.report {
        let json = Report::new(&results, summary, Some(options.shard)).to_json();
        let target = crate::fsutil::canonical_target(path);
        let is_output = results.iter().any(|r| {
            r.outcome.as_ref().is_ok_and(|d| {
                d.outputs
                    .iter()
                    .any(|o| crate::fsutil::canonical_target(o) == target)
            })
        });
        if is_output {
            err_line(format!(
                "error: --report {}: it is an output of this run; the report is not written",
                path.display()
            ));
            code = ExitCode::SomeFailed;
        } else if let Err(e) = crate::fsutil::write_atomic(path, &json) {
            err_line(format!("error: report: {e}"));
            code = ExitCode::SomeFailed;
        }
    }
    if let Some(e) = &printer.stdout_error {
        let stdout_code = stream::stdout_failed(e);
        if stdout_code != ExitCode::Success {
            code = stdout_code;
        }
    }
    if interrupted {
        return Ok(ExitCode::Interrupted);
    }
    if code != ExitCode::Success {
        return Ok(code);
    }
    Ok(if failed > 0 {
        ExitCode::SomeFailed
    } else {
        ExitCode::Success
    })
}
