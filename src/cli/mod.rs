//! The commands behind `main.rs`: turn raw flags into checked library options, run, and
//! report. Everything user-facing that is printed is printed here.

pub mod args;
pub mod config;
mod inspect;
mod stream;

pub use config::{Config, read_options};
pub use stream::err_line;

use crate::convert::{self, ConvertOptions, Destination};
use crate::report::{Report, Summary};
use args::{Cli, Command, ConvertArgs};
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
    Ok(write_catalog(dir, config::source_date_epoch()?))
}

/// Writes the catalog of `dir` (for `catalog` and `convert --catalog`), printing its
/// warnings and a closing line, or the error (exit 1).
fn write_catalog(dir: &Path, source_date_epoch: Option<i64>) -> ExitCode {
    match crate::catalog::write_catalog(dir, source_date_epoch) {
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
            ExitCode::Success
        }
        Err(e) => {
            err_line(format!("error: catalog: {e}"));
            ExitCode::SomeFailed
        }
    }
}

/// Refuses `--catalog` when a file the catalog writes (catalog.xml, index.html, opds/…)
/// is an input of this run: an input folder given as `-o` may hold an index.html.
fn check_catalog_target(dir: &Path, jobs: &[convert::Job]) -> Result<(), UsageError> {
    let written: Vec<_> = crate::catalog::WRITES
        .iter()
        .map(|p| crate::fsutil::canonical_target(&dir.join(p)))
        .collect();
    for job in jobs {
        let input = crate::fsutil::canonical_target(&job.input);
        if written.iter().any(|w| input.starts_with(w)) {
            return Err(UsageError(format!(
                "--catalog: {} is an input of this run and the catalog would overwrite it",
                job.input.display()
            )));
        }
    }
    Ok(())
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

/// `broadsheet convert`: check the flags, find the inputs, convert them while printing
/// each result, then summarise, write the report and choose the exit code.
fn run_convert(a: ConvertArgs) -> Result<ExitCode, UsageError> {
    let Config { mut options, env } = Config::from_args(&a)?;
    options.cancel = Some(interrupt_flag());
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
    let catalog_dir = match &options.destination {
        Destination::Dir(dir) if a.catalog => {
            check_catalog_target(dir, &jobs)?;
            Some(dir.clone())
        }
        _ => None,
    };
    let own = jobs
        .iter()
        .filter(|j| options.shard.holds_path(&j.rel))
        .count();
    let to_stdout = options.destination == Destination::Stdout;
    let mut printer = Printer::new(a.quiet, progress_bar(a.progress, own, to_stdout));
    results.iter().for_each(|r| printer.print(r));
    let (done, skipped, interrupted) = if options.fail_fast && !results.is_empty() {
        (Vec::new(), own, false)
    } else {
        let outcome = convert::convert_all_with(&jobs, &options, &env, &mut |r| printer.print(r));
        (outcome.results, outcome.not_started, outcome.interrupted)
    };
    printer.finish();
    results.extend(done);
    let summary = summarise(&results, &printer, skipped, started.elapsed().as_secs_f64());
    print_summary(&summary, results.len(), &options, interrupted);
    let mut code = ExitCode::Success;
    if let Some(path) = &a.report
        && !write_report(path, &results, summary, &options)
    {
        code = ExitCode::SomeFailed;
    }
    // The catalog of what is in OUT now, this run's books included; not after an
    // interruption (the user asked to stop; `broadsheet catalog OUT` writes it later).
    if let Some(dir) = catalog_dir
        && !interrupted
    {
        // A run that wrote nothing still gets its (empty) catalog.
        let made = std::fs::create_dir_all(&dir);
        let wrote = match made {
            Ok(()) => write_catalog(&dir, env.source_date_epoch()),
            Err(e) => {
                err_line(format!("error: catalog: {}: {e}", dir.display()));
                ExitCode::SomeFailed
            }
        };
        if wrote != ExitCode::Success {
            code = wrote;
        }
    }
    if let Some(e) = &printer.stdout_error {
        let stdout_code = stream::stdout_failed(e);
        if stdout_code != ExitCode::Success {
            code = stdout_code;
        }
    }
    Ok(if interrupted {
        ExitCode::Interrupted
    } else if code != ExitCode::Success {
        code
    } else if printer.failed > 0 {
        ExitCode::SomeFailed
    } else {
        ExitCode::Success
    })
}

/// The counts of a finished run.
fn summarise(
    results: &[convert::FileResult],
    printer: &Printer,
    skipped: usize,
    seconds: f64,
) -> Summary {
    let count = |edition: bool, unchanged: bool| {
        results
            .iter()
            .filter(|r| {
                r.edition == edition && r.outcome.as_ref().is_ok_and(|d| d.unchanged == unchanged)
            })
            .count()
    };
    Summary {
        converted: count(false, false),
        unchanged: count(false, true) + count(true, true),
        failed: printer.failed,
        skipped,
        editions: count(true, false),
        warnings: printer.warned,
        seconds,
    }
}

/// The closing line (when there was more than one result, a failure or an interruption).
fn print_summary(s: &Summary, results: usize, options: &ConvertOptions, interrupted: bool) {
    if results > 1 || s.failed > 0 || interrupted {
        let mut line = format!("{} converted", s.converted);
        if s.unchanged > 0 {
            line.push_str(&format!(", {} unchanged", s.unchanged));
        }
        line.push_str(&format!(", {} failed", s.failed));
        if s.skipped > 0 {
            line.push_str(&format!(", {} skipped", s.skipped));
        }
        if s.editions > 0 {
            line.push_str(&format!(", {} edition(s) written", s.editions));
        }
        if !options.shard.is_all() {
            line.push_str(&format!(" (shard {})", options.shard));
        }
        err_line(format!(
            "{line}, {} warning(s) in {:.2} s",
            s.warnings, s.seconds
        ));
    }
    if interrupted {
        err_line(
            "interrupted: every file written is complete; run the same command again to finish",
        );
    }
}

/// Writes the `--report`; false (after saying why) when it was not written.
fn write_report(
    path: &Path,
    results: &[convert::FileResult],
    summary: Summary,
    options: &ConvertOptions,
) -> bool {
    let json = Report::new(results, summary, Some(options.shard)).to_json();
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
        false
    } else if let Err(e) = crate::fsutil::write_atomic(path, &json) {
        err_line(format!("error: report: {e}"));
        false
    } else {
        true
    }
}
