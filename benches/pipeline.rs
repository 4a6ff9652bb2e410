//! `make bench` (foundation part): parse + repair + Markdown over a 10,000-article archive
//! generated from `samples/`, on one core. Prints articles per second for the in-memory
//! pipeline and for the full file-to-file conversion (read, decode, write atomically).
//!
//! Run: `cargo bench --bench pipeline` (or `make bench`). Set BENCH_ARTICLES to change the
//! archive size, and BENCH_IN_MEMORY_ONLY=1 to time (or profile) the in-memory part alone.

use broadsheet::convert::{self, ConvertOptions};
use broadsheet::input::{ReadOptions, read_bytes};
use broadsheet::output::{OutputFormat, markdown};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Writes `n` articles made from the text samples, spread over 30 dates and 8 pages, each
/// one a little different (a serial number in its first body line) so nothing is cached.
fn make_archive(root: &Path, n: usize) -> Vec<PathBuf> {
    let samples_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut samples: Vec<(String, Vec<u8>)> = std::fs::read_dir(&samples_dir)
        .expect("samples/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    samples.sort();
    let mut files = Vec::with_capacity(n);
    for i in 0..n {
        let (name, bytes) = &samples[i % samples.len()];
        let day = 1 + (i / 8) % 30;
        let page = 1 + i % 8;
        let dir = root.join(format!("2024-01-{day:02}/{page:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut text = bytes.clone();
        // Vary the content: a serial number in the text (works for every encoding, ASCII).
        text.extend(
            format!("\n  第{i}号稿件,编号{i}。\n")
                .into_bytes()
                .iter()
                .filter(|b| b.is_ascii())
                .copied(),
        );
        let path = dir.join(format!("{i:05}-{name}"));
        std::fs::write(&path, &text).unwrap();
        files.push(path);
    }
    files
}

fn main() {
    let n: usize = std::env::var("BENCH_ARTICLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let root = std::env::temp_dir().join(format!("broadsheet-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let archive = root.join("archive");
    let files = make_archive(&archive, n);
    let bytes: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).unwrap()))
        .collect();
    let total_mb = bytes.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;

    // 1. In memory: decode + parse + repair + metadata + Markdown.
    let options = ReadOptions::default();
    let cpu_started = thread_cpu();
    let started = Instant::now();
    let mut out_bytes = 0usize;
    for (path, b) in &bytes {
        let report = read_bytes(b, path, &options).expect("archive articles parse");
        out_bytes += markdown::write(report.article(), &Default::default()).len();
    }
    let in_memory = started.elapsed().as_secs_f64();
    let in_memory_cpu = thread_cpu().zip(cpu_started).map(|(b, a)| b - a);

    println!("pipeline bench: {n} articles ({total_mb:.1} MB of input), one thread");
    println!(
        "  in memory   (decode+parse+repair+md): {:>8.3} s  {:>9.0} articles/s  ({:.1} MB md)",
        in_memory,
        n as f64 / in_memory,
        out_bytes as f64 / 1e6
    );
    if let Some(cpu) = in_memory_cpu {
        // Time on the CPU, not on the clock: on a shared machine the clock also counts
        // the time other processes had the core.
        println!(
            "  in memory, CPU time of the thread  : {:>8.3} s  {:>9.0} articles/s",
            cpu,
            n as f64 / cpu
        );
    }
    if std::env::var_os("BENCH_IN_MEMORY_ONLY").is_some() {
        // For profiling the parse alone.
        let _ = std::fs::remove_dir_all(&root);
        return;
    }

    // 2. File to file through the same code path as `broadsheet convert archive -t md`.
    let out = root.join("out");
    let convert_options = ConvertOptions {
        jobs: 1,
        ..ConvertOptions::new(out, vec![OutputFormat::Md])
    };
    let (jobs, failed) = convert::collect_jobs(std::slice::from_ref(&archive));
    assert!(failed.is_empty());
    let started = Instant::now();
    let results = convert::convert_all(&jobs, &convert_options, &broadsheet::Env::default());
    let file_to_file = started.elapsed().as_secs_f64();
    let ok = results.iter().filter(|r| r.outcome.is_ok()).count();
    assert_eq!(ok, n, "every article converts");

    println!(
        "  file→file   (read+…+atomic write)   : {:>8.3} s  {:>9.0} articles/s",
        file_to_file,
        n as f64 / file_to_file
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// Seconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`; `None`
/// elsewhere).
fn thread_cpu() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
