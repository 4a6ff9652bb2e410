//! HTML extraction bench: 1,000 saved pages made from the HTML samples in `samples/`
//! (e-paper and ordinary news layouts, UTF-8 and GBK), each varied by a serial number so
//! nothing is cached, read from memory through decode → HTML parse → extraction →
//! repair/metadata → Markdown on one thread. Prints pages per second.
//!
//! `CARGO_TARGET_DIR=… cargo bench --bench html` (BENCH_PAGES=n to change the count).

use broadsheet::input::{ReadOptions, read_bytes};
use broadsheet::output::markdown;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let n: usize = std::env::var("BENCH_PAGES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000);
    let samples_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut samples: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&samples_dir)
        .expect("samples/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    samples.sort();
    assert!(!samples.is_empty(), "no HTML samples");
    // Vary each page: an ASCII serial number inside its last paragraph (valid in any
    // ASCII-compatible encoding, GBK included).
    let pages: Vec<(PathBuf, Vec<u8>)> = (0..n)
        .map(|i| {
            let (path, bytes) = &samples[i % samples.len()];
            let at = bytes
                .windows(4)
                .rposition(|w| w == b"</p>")
                .unwrap_or(bytes.len());
            let mut page = bytes[..at].to_vec();
            page.extend(format!(" No.{i}").bytes());
            page.extend(&bytes[at..]);
            (path.clone(), page)
        })
        .collect();
    let total_mb = pages.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
    let options = ReadOptions::default();
    // One warm-up pass over the distinct samples (lazy regexes, selectors).
    for (path, b) in &samples {
        read_bytes(b, path, &options).expect("samples parse");
    }
    let started = Instant::now();
    let mut out_bytes = 0usize;
    for (path, b) in &pages {
        let report = read_bytes(b, path, &options).expect("bench pages parse");
        out_bytes += markdown::write(report.article(), &Default::default()).len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "html bench: {n} pages from {} samples ({total_mb:.1} MB of HTML), one thread",
        samples.len()
    );
    println!(
        "  decode+parse+extract+repair+md: {secs:>8.3} s  {:>9.0} pages/s  {:>6.1} MB/s  ({:.1} MB md)",
        n as f64 / secs,
        total_mb / secs,
        out_bytes as f64 / 1e6
    );
}
