//! Archive bench (issue 6): a 10,000-article archive made from the samples, spread over
//! 30 dates and 8 pages, converted by the real binary to md + epub + pdf in article mode
//! (1 and 2 jobs, then a re-run with nothing changed) and in edition mode. Each run is
//! measured with GNU time (`/usr/bin/time -v`): wall time and peak resident memory.
//!
//! `cargo bench --bench archive` (part of `make bench`). `ARCHIVE_BENCH_N` changes the
//! number of articles.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    let n: usize = std::env::var("ARCHIVE_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-archive");
    let _ = std::fs::remove_dir_all(&root);
    let input = root.join("in");
    let bytes = make_archive(&input, n);
    println!(
        "archive bench: {n} articles ({:.1} MB) over 30 dates x 8 pages, {} cores",
        bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |p| p.get())
    );
    println!("| run | jobs | wall s | articles/s | peak RSS MB | result |");
    println!("| --- | ---: | ---: | ---: | ---: | --- |");
    let formats = "md,epub,pdf";
    let one = measure(
        "article mode",
        &input,
        &root.join("out-j1"),
        &["-t", formats, "--jobs", "1"],
        n,
    );
    let two = measure(
        "article mode",
        &input,
        &root.join("out-j2"),
        &["-t", formats, "--jobs", "2"],
        n,
    );
    let rerun = measure(
        "re-run, nothing changed",
        &input,
        &root.join("out-j2"),
        &["-t", formats, "--jobs", "2"],
        n,
    );
    let ed2 = measure(
        "edition mode",
        &input,
        &root.join("out-ed-j2"),
        &["-t", formats, "--edition", "--jobs", "2"],
        n,
    );
    let ed1 = measure(
        "edition mode",
        &input,
        &root.join("out-ed-j1"),
        &["-t", formats, "--edition", "--jobs", "1"],
        n,
    );
    println!();
    println!(
        "scaling 1 -> 2 jobs: article mode {:.2}x, edition mode {:.2}x",
        one / two,
        ed1 / ed2
    );
    println!(
        "re-run with nothing changed: {:.1}% of the first 2-job run",
        100.0 * rerun / two
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// Copies the text, Markdown and HTML samples into `YYYY-MM-DD/NN/<name>-<i>.<ext>`,
/// each copy numbered so no two inputs are alike, with the samples' picture in each
/// page folder. Returns the bytes of articles written.
fn make_archive(root: &Path, n: usize) -> usize {
    let samples_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut samples: Vec<PathBuf> = std::fs::read_dir(&samples_dir)
        .expect("samples/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["txt", "md", "html"].contains(&e))
        })
        .collect();
    samples.sort();
    let contents: Vec<Vec<u8>> = samples
        .iter()
        .map(|p| std::fs::read(p).expect("sample"))
        .collect();
    let picture = samples_dir.join("images/job-fair.png");
    let mut total = 0;
    for i in 0..n {
        let k = i % samples.len();
        let stem = samples[k].file_stem().unwrap_or_default().to_string_lossy();
        let ext = samples[k].extension().unwrap_or_default().to_string_lossy();
        let dir = root.join(format!("2024-03-{:02}/{:02}", 1 + (i / 8) % 30, 1 + i % 8));
        if !dir.exists() {
            // The pictures the samples show (images/…) sit beside each page's articles.
            std::fs::create_dir_all(dir.join("images")).expect("archive folder");
            std::fs::copy(&picture, dir.join("images/job-fair.png")).expect("picture");
        }
        let mut bytes = contents[k].clone();
        bytes.extend_from_slice(format!("\n\n第{i}号。\n").as_bytes());
        total += bytes.len();
        std::fs::write(dir.join(format!("{stem}-{i:05}.{ext}")), bytes).expect("archive file");
    }
    total
}

/// Runs `broadsheet convert INPUT -o OUT ARGS` under GNU time; prints a table row and
/// returns the wall time in seconds.
fn measure(what: &str, input: &Path, out: &Path, args: &[&str], n: usize) -> f64 {
    let exe = env!("CARGO_BIN_EXE_broadsheet");
    let gnu_time = Path::new("/usr/bin/time").is_file();
    let mut cmd = if gnu_time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(exe);
        c
    } else {
        Command::new(exe)
    };
    cmd.arg("convert")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(args)
        .args(["--progress", "never", "-q"]);
    let started = Instant::now();
    let output = cmd.output().expect("run broadsheet");
    let wall = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let rss_mb = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map_or("n/a (no /usr/bin/time)".to_string(), |kb| {
            format!("{:.0}", kb / 1024.0)
        });
    let summary = stderr
        .lines()
        .find(|l| l.contains(" converted") && l.contains(" failed"))
        .unwrap_or("")
        .trim();
    let jobs = args
        .iter()
        .position(|a| *a == "--jobs")
        .and_then(|i| args.get(i + 1))
        .copied()
        .unwrap_or("all");
    println!(
        "| {what} | {jobs} | {wall:.1} | {:.0} | {rss_mb} | {summary} |",
        n as f64 / wall
    );
    if !output.status.success() {
        eprintln!("broadsheet failed ({}):\n{stderr}", output.status);
    }
    wall
}
