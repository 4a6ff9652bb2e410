//! EPUB speed: a 200-article edition (the seed article varied over pages A1–A8, B1–B8)
//! written by `output::epub::write_edition`, against pandoc 3 converting the same content
//! from Markdown (`--toc --split-level=2`), in the same run.
//!
//! Run: `cargo bench --bench epub_bench` (pandoc from `PANDOC`, else PyPI's
//! `pypandoc-binary`). Prints a Markdown table for docs/epub-bench.md.

use broadsheet::Article;
use broadsheet::Env;
use broadsheet::input::{ReadOptions, read_file};
use broadsheet::model::group_editions;
use broadsheet::output::epub::{EpubOptions, write_edition};
use broadsheet::output::markdown::{self, MarkdownOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const ARTICLES: usize = 200;
/// Runs of our writer per pandoc run (each option set).
const RUNS: usize = 10;
/// Timed pandoc runs (one per round).
const PANDOC_RUNS: usize = 3;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = read_file(
        &root.join("samples/000_bcaf30ff217f506c.txt"),
        &ReadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("cannot read the seed article: {e}"))
    .article()
    .clone();
    let articles = vary(&seed);
    let editions = group_editions(&articles);
    assert_eq!(
        editions.len(),
        1,
        "the bench articles must form one edition"
    );
    let edition = &editions[0];

    let t = Instant::now();
    let fonts = Env::new(None);
    if let Err(e) = fonts.fonts() {
        panic!("bundled fonts: {e}");
    }
    let font_load = t.elapsed();

    let plain = EpubOptions::default();
    let embed = EpubOptions {
        embed_font: true,
        ..EpubOptions::default()
    };
    if let Some(out) = std::env::var_os("EPUB_BENCH_OUT") {
        // Keep our book (e.g. to run EPUBCheck on it): EPUB_BENCH_OUT=/tmp/bench.epub
        let r = write_edition(edition, &embed, &fonts).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&out, &r.bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    // The same content as one Markdown file: `#` page, `##` article, `###` section.
    let mut md = format!("---\ntitle: \"{}\"\nlang: zh-CN\n---\n\n", edition.title());
    for page in &edition.pages {
        md.push_str(&format!("# {}\n\n", page.label()));
        for a in &page.articles {
            md.push_str(&format!("## {}\n\n", a.display_title()));
            md.push_str(&demote(&body_only(&markdown::write(
                a,
                &MarkdownOptions::default(),
            ))));
            md.push('\n');
        }
    }
    let dir = std::env::temp_dir().join(format!("broadsheet-epub-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let md_path = dir.join("edition.md");
    let out_path = dir.join("pandoc.epub");
    std::fs::write(&md_path, &md).unwrap_or_else(|e| panic!("{}: {e}", md_path.display()));
    let pandoc = pandoc_path();
    let version = Command::new(&pandoc)
        .arg("--version")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_else(|e| panic!("cannot run pandoc at {}: {e}", pandoc.display()));
    let run_pandoc = || -> Result<usize, String> {
        let status = Command::new(&pandoc)
            .arg(&md_path)
            .args([
                "-f",
                "markdown",
                "-t",
                "epub3",
                "--toc",
                "--split-level=2",
                "-o",
            ])
            .arg(&out_path)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("pandoc failed: {status}"));
        }
        std::fs::metadata(&out_path)
            .map(|m| m.len() as usize)
            .map_err(|e| e.to_string())
    };
    let ours_run = |opts: &EpubOptions| -> Result<usize, String> {
        let e = group_editions(&articles);
        write_edition(&e[0], opts, &fonts)
            .map(|r| r.bytes.len())
            .map_err(|e| e.to_string())
    };
    // Rounds interleave the tools, so a busy machine slows both alike.
    let (mut ours, mut ours_font, mut theirs) = (Vec::new(), Vec::new(), Vec::new());
    let (mut ours_size, mut ours_font_size, mut theirs_size) = (0, 0, 0);
    for round in 0..=PANDOC_RUNS {
        // Round 0 warms caches and is not counted.
        let keep = round > 0;
        for _ in 0..RUNS {
            let (t, n) = timed(|| ours_run(&plain));
            ours_size = n;
            if keep {
                ours.push(t);
            }
            let (t, n) = timed(|| ours_run(&embed));
            ours_font_size = n;
            if keep {
                ours_font.push(t);
            }
        }
        let (t, n) = timed(run_pandoc);
        theirs_size = n;
        if keep {
            theirs.push(t);
        }
    }
    let (ours, ours_font, theirs) = (stats(ours), stats(ours_font), stats(theirs));
    let _ = std::fs::remove_dir_all(&dir);

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{ARTICLES} articles, {} pages; {} timed runs each for broadsheet, {} for pandoc, interleaved (after one warm-up round)\n",
        edition.pages.len(),
        ours.runs,
        theirs.runs
    );
    println!("| tool | median ms | min ms | EPUB bytes | vs pandoc (median) | vs pandoc (min) |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let row = |name: &str, t: Timing, size: usize| {
        println!(
            "| {name} | {:.1} | {:.1} | {size} | {:.0}× faster | {:.0}× faster |",
            ms(t.median),
            ms(t.min),
            ms(theirs.median) / ms(t.median),
            ms(theirs.min) / ms(t.min)
        );
    };
    row("broadsheet write_edition (drawn cover)", ours, ours_size);
    row(
        "broadsheet write_edition --embed-font",
        ours_font,
        ours_font_size,
    );
    println!(
        "| {version} --toc --split-level=2 | {:.1} | {:.1} | {theirs_size} | 1× | 1× |",
        ms(theirs.median),
        ms(theirs.min)
    );
    println!(
        "\nbundled font load (once per process, not in the rows above): {:.1} ms",
        ms(font_load)
    );
}

/// 200 articles from the seed: 16 pages (A1–A8, B1–B8), headlines numbered.
fn vary(seed: &Article) -> Vec<Article> {
    let names = [
        "要闻", "综合", "经济", "民生", "文化", "体育", "副刊", "专版",
    ];
    let pages: Vec<(String, &str)> = ["A", "B"]
        .iter()
        .flat_map(|s| (1..=8).map(move |n| (format!("{s}{n}"), names[n - 1])))
        .collect();
    let headline = seed.meta.headline.clone().unwrap_or_default();
    (0..ARTICLES)
        .map(|i| {
            let mut a = seed.clone();
            let (page, name) = &pages[i % pages.len()];
            a.meta.page = Some(page.clone());
            a.meta.page_name = Some(name.to_string());
            a.meta.headline = Some(format!("{headline}（{}）", i + 1));
            a
        })
        .collect()
}

/// Markdown without its YAML front matter.
fn body_only(md: &str) -> String {
    match md
        .strip_prefix("---\n")
        .and_then(|r| r.split_once("\n---\n"))
    {
        Some((_, body)) => body.to_string(),
        None => md.to_string(),
    }
}

/// Moves ATX headings one level down (`##` → `###`) so articles nest under pages.
fn demote(md: &str) -> String {
    md.lines()
        .map(|l| {
            if l.starts_with('#') {
                format!("#{l}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

fn pandoc_path() -> PathBuf {
    if let Some(p) = std::env::var_os("PANDOC") {
        return PathBuf::from(p);
    }
    let out = Command::new("python3")
        .args(["-c", "import pypandoc; print(pypandoc.get_pandoc_path())"])
        .output()
        .unwrap_or_else(|e| panic!("set PANDOC or install pypandoc-binary: {e}"));
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// Wall time of one call, and its result.
fn timed<E: std::fmt::Display>(f: impl FnOnce() -> Result<usize, E>) -> (Duration, usize) {
    let t = Instant::now();
    let n = f().unwrap_or_else(|e| panic!("{e}"));
    (t.elapsed(), n)
}

fn stats(mut times: Vec<Duration>) -> Timing {
    times.sort();
    Timing {
        median: times[times.len() / 2],
        min: times[0],
        runs: times.len(),
    }
}

#[derive(Clone, Copy)]
struct Timing {
    median: Duration,
    min: Duration,
    runs: usize,
}
