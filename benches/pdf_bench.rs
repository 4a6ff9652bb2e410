//! PDF speed against Typst: a 200-article edition (the seed article, varied) typeset
//! by broadsheet and by Typst (PyPI `typst`, same text, two columns, same bundled
//! font), timed in the same run. `cargo bench --bench pdf_bench`; numbers go to
//! docs/pdf-bench.md.
//!
//! broadsheet is timed cold (engine built from the font bytes, as a fresh process
//! does) and warm (engine reused, as in a batch run). Typst is timed on the first
//! `compile` of a fresh Python process: later calls in one process hit Typst's
//! memoisation cache and measure nothing. The runs alternate between the two tools
//! (5 rounds) so both see the same machine load; the best of each counts.
//!
//! What tagging costs (issue 14) is timed in the same build: the warm edition again
//! with `PdfOptions::untagged` (no structure tree, marked content, ActualText or object
//! streams, as broadsheet wrote PDFs before tagging), in the Typst rounds and then in
//! PAIRS more rounds alternating the two alone. One edition takes a tenth of a second
//! and this VM's speed wanders by a fifth between runs, so the pairs' medians decide.

use broadsheet::fonts::FontSet;
use broadsheet::model::{Article, Block, group_editions, plain_text};
use broadsheet::output::pdf::{Paper, PdfEngine, PdfOptions};
use broadsheet::typeset::flow::Geometry;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const ARTICLES: usize = 200;
const RUNS: usize = 7;
/// Alternating tagged/untagged rounds for the tagging cost.
const PAIRS: usize = 31;

fn seed() -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// 200 articles on 8 pages: each a rotation of the seed's body, cut to a different
/// length, with its own headline, so no two are the same.
fn edition_articles() -> Vec<Article> {
    let base = seed();
    (0..ARTICLES)
        .map(|i| {
            let mut a = base.clone();
            let n = a.body.len();
            a.body.rotate_left(i % n);
            a.body.truncate(4 + i % (n - 4));
            a.meta.page = Some(format!("A{}", 1 + i / 25));
            a.meta.page_name = Some(["要闻", "综合", "经济", "民生"][i / 25 % 4].into());
            a.meta.headline = Some(format!(
                "{}（之{}）",
                base.meta.headline.clone().unwrap_or_default(),
                i + 1
            ));
            a
        })
        .collect()
}

fn typst_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The same edition as Typst markup: A4, two columns, heads across both columns,
/// justified 10 pt body with a 2em first-line indent, each page group from a new page.
/// `text_width`: broadsheet's text block in points (columns narrowed to whole ems,
/// block centred), given to Typst as its side margins so that both set the same
/// columns. Typst computes the margin itself: a margin printed from our f32 made its
/// columns a hair narrower than 24 em, and it then set 23 characters a line.
fn typst_source(arts: &[Article], text_width: f32) -> String {
    let eds = group_editions(arts);
    let mut s = format!(
        "#set page(paper: \"a4\", margin: (x: (210mm - {text_width}pt) / 2, y: 15mm), columns: 2)\n"
    );
    s.push_str(
        "#set columns(gutter: 2em)\n\
         #set text(font: \"Noto Serif SC\", size: 10pt, lang: \"zh\", region: \"cn\", top-edge: 0.88em, bottom-edge: -0.12em)\n\
         #set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.65em, spacing: 0.65em)\n\
         #show heading: set align(center)\n\
         #show heading.where(level: 1): set text(size: 13pt)\n\
         #show heading.where(level: 2): set text(size: 26pt)\n\
         #show heading.where(level: 3): set text(size: 11pt)\n",
    );
    for ed in &eds {
        for (i, group) in ed.pages.iter().enumerate() {
            if i > 0 {
                s.push_str("#pagebreak()\n");
            }
            // Same outline as broadsheet's: page → article → section.
            s += &format!(
                "#place(auto, float: true, scope: \"parent\", heading(level: 1, {}))\n",
                typst_string(&group.label())
            );
            for a in &group.articles {
                s.push_str(
                    "#place(auto, float: true, scope: \"parent\", clearance: 1em, align(center)[\n",
                );
                if let Some(k) = &a.meta.kicker {
                    s += &format!("#text(size: 12.5pt, {})\\\n", typst_string(k));
                }
                if let Some(h) = &a.meta.headline {
                    s += &format!("#heading(level: 2, {})\n", typst_string(h));
                }
                let credits: Vec<String> = a
                    .meta
                    .credits
                    .iter()
                    .map(|c| format!("{} {}", c.role, c.name))
                    .collect();
                s += &format!("#text({})\n])\n", typst_string(&credits.join("　")));
                for b in &a.body {
                    match b {
                        Block::Paragraph { content } => {
                            s += &format!("#{}\n\n", typst_string(&plain_text(content)))
                        }
                        Block::Heading { text, .. } => {
                            s += &format!("#heading(level: 3, {})\n\n", typst_string(text))
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    s
}

/// Page count from pdfinfo, if installed.
fn pages(pdf: &Path) -> String {
    Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("Pages:").map(|v| v.trim().to_string()))
        })
        .unwrap_or_else(|| "?".to_string())
}

fn best(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap_or_default()
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// How much longer `a` took than `b`, in percent.
fn percent_over(a: Duration, b: Duration) -> f64 {
    (a.as_secs_f64() / b.as_secs_f64() - 1.0) * 100.0
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-bench");
    std::fs::create_dir_all(&out).expect("bench dir");
    let arts = edition_articles();
    let eds = group_editions(&arts);
    assert_eq!(eds.len(), 1);
    let chars: usize = arts
        .iter()
        .flat_map(|a| &a.body)
        .map(|b| match b {
            Block::Paragraph { content } => plain_text(content).chars().count(),
            _ => 0,
        })
        .sum();
    let opts = PdfOptions {
        paper: Paper::A4,
        ..Default::default()
    };
    let fonts = FontSet::load(None).expect("fonts");

    // Same text block for both: two 24 em columns, 2 em gutter, centred on A4.
    let geo = Geometry::new(&opts.typeset_options());
    assert_eq!(geo.cols, 2);
    assert_eq!((geo.col_width, geo.gap), (240.0, 20.0));
    let typ = out.join("edition.typ");
    std::fs::write(&typ, typst_source(&arts, geo.full_width)).expect("write typ");
    let theirs = out.join("typst-edition.pdf");
    let script = format!(
        "import time, typst\nt = time.perf_counter()\ntypst.compile({typ:?}, output={theirs:?}, font_paths=[{fonts:?}], ignore_system_fonts=True, pdf_tags=False)\nprint(time.perf_counter() - t)\n",
        typ = typ.display().to_string(),
        theirs = theirs.display().to_string(),
        fonts = root.join("fonts").display().to_string(),
    );
    let engine = PdfEngine::new(&fonts, &[]).expect("engine");
    // Pictures and the fallback date (none here) come from the run's environment.
    let env = broadsheet::Env::with_fonts(fonts.clone());
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let mut untagged = Vec::new();
    let untagged_opts = PdfOptions {
        untagged: true,
        ..opts.clone()
    };
    let mut untagged_bytes = 0;
    let mut typst_runs = Vec::new();
    let mut bytes: Vec<u8> = Vec::new();
    // Interleaved, so that both tools see the same machine load.
    for _ in 0..RUNS {
        // broadsheet, cold: engine from the font bytes, typeset, write.
        let t = Instant::now();
        let fresh = PdfEngine::new(&fonts, &[]).expect("engine");
        let b = fresh.edition(&eds[0], &opts, &env).expect("edition").bytes;
        cold.push(t.elapsed());
        // broadsheet, warm: one engine, as the batch runner uses it.
        let t = Instant::now();
        let w = engine.edition(&eds[0], &opts, &env).expect("edition").bytes;
        warm.push(t.elapsed());
        assert_eq!(b, w, "output differs between runs");
        if !bytes.is_empty() {
            assert_eq!(b, bytes, "output differs between runs");
        }
        bytes = b;
        // broadsheet, warm, untagged.
        let t = Instant::now();
        let u = engine
            .edition(&eds[0], &untagged_opts, &env)
            .expect("edition");
        untagged.push(t.elapsed());
        untagged_bytes = u.bytes.len();
        // Typst, first compile of a fresh process.
        match Command::new("python3").args(["-c", &script]).output() {
            Ok(o) if o.status.success() => {
                if let Ok(t) = String::from_utf8_lossy(&o.stdout).trim().parse::<f64>() {
                    typst_runs.push(t);
                }
            }
            Ok(o) => eprintln!("typst failed: {}", String::from_utf8_lossy(&o.stderr)),
            Err(e) => eprintln!("cannot run python3 for typst: {e}"),
        }
    }
    // Tagged against untagged, alternating, the order flipped every round.
    let (mut tagged_pairs, mut untagged_pairs) = (warm.clone(), untagged.clone());
    for round in 0..PAIRS {
        for tagged in [round % 2 == 0, round % 2 == 1] {
            let o = if tagged { &opts } else { &untagged_opts };
            let t = Instant::now();
            let r = engine.edition(&eds[0], o, &env).expect("edition");
            let took = t.elapsed();
            std::hint::black_box(r);
            if tagged {
                tagged_pairs.push(took);
            } else {
                untagged_pairs.push(took);
            }
        }
    }
    let ours = out.join("broadsheet-edition.pdf");
    std::fs::write(&ours, &bytes).expect("write");
    let typst_secs = typst_runs.iter().copied().reduce(f64::min);
    let typst_size = std::fs::metadata(&theirs).map(|m| m.len()).ok();

    println!("edition: {ARTICLES} articles, {chars} body characters, A4 two columns");
    println!(
        "broadsheet cold (font prep + typeset + PDF): {:.3} s",
        best(&cold).as_secs_f64()
    );
    println!(
        "broadsheet warm (typeset + PDF):             {:.3} s",
        best(&warm).as_secs_f64()
    );
    println!(
        "broadsheet PDF: {} bytes, {} pages ({})",
        bytes.len(),
        pages(&ours),
        ours.display()
    );
    println!(
        "untagged, warm (same build):                 {:.3} s, {untagged_bytes} bytes",
        best(&untagged).as_secs_f64()
    );
    println!(
        "tagging costs: time {:+.1}% (median of {} warm runs each: {:.4} s against {:.4} s; best {:+.1}%); size {:+.1}%",
        percent_over(median(&tagged_pairs), median(&untagged_pairs)),
        tagged_pairs.len(),
        median(&tagged_pairs).as_secs_f64(),
        median(&untagged_pairs).as_secs_f64(),
        percent_over(best(&tagged_pairs), best(&untagged_pairs)),
        (bytes.len() as f64 / untagged_bytes as f64 - 1.0) * 100.0
    );
    if let (Some(t), Some(size)) = (typst_secs, typst_size) {
        println!("typst compile (cold):                        {t:.3} s");
        println!(
            "typst PDF: {size} bytes, {} pages ({})",
            pages(&theirs),
            theirs.display()
        );
        println!(
            "speed-up cold: {:.1}x, warm: {:.1}x; size ratio broadsheet/typst: {:.2}",
            t / best(&cold).as_secs_f64(),
            t / best(&warm).as_secs_f64(),
            bytes.len() as f64 / size as f64
        );
    } else {
        println!("typst: not available (pip install typst)");
    }
}
