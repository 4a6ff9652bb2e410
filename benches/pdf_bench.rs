//! PDF speed against Typst: a 200-article edition (the seed article, varied) typeset
//! by broadsheet and by Typst (PyPI `typst`, same text, two columns, same bundled
//! font), timed in the same run. `cargo bench --bench pdf_bench`; numbers go to
//! docs/pdf-bench.md.
//!
//! broadsheet is timed cold (font preparation included, as a fresh process pays it)
//! and warm (fonts already prepared, as in a batch run); Typst's `compile` is cold
//! (fonts loaded from `fonts/` on each call). Each side runs 3 times; the best counts.

use broadsheet::fonts::FontSet;
use broadsheet::model::{Article, Block, group_editions, plain_text};
use broadsheet::output::pdf::{PdfEngine, PdfOptions, Paper};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const ARTICLES: usize = 200;
const RUNS: usize = 3;

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
            a.meta.headline = Some(format!("{}（之{}）", base.meta.headline.clone().unwrap_or_default(), i + 1));
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
fn typst_source(arts: &[Article]) -> String {
    let eds = group_editions(arts);
    let mut s = String::from(
        "#set page(paper: \"a4\", margin: 15mm, columns: 2)\n\
         #set columns(gutter: 2em)\n\
         #set text(font: \"Noto Serif SC\", size: 10pt, lang: \"zh\", region: \"cn\")\n\
         #set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.65em, spacing: 0.65em)\n",
    );
    for ed in &eds {
        for (i, group) in ed.pages.iter().enumerate() {
            if i > 0 {
                s.push_str("#pagebreak()\n");
            }
            for a in &group.articles {
                s.push_str("#place(auto, float: true, scope: \"parent\", clearance: 1em, align(center)[\n");
                if let Some(k) = &a.meta.kicker {
                    s += &format!("#text(size: 12.5pt, {})\\\n", typst_string(k));
                }
                if let Some(h) = &a.meta.headline {
                    s += &format!("#text(size: 26pt, weight: \"bold\", {})\\\n", typst_string(h));
                }
                let credits: Vec<String> = a.meta.credits.iter().map(|c| format!("{} {}", c.role, c.name)).collect();
                s += &format!("#text({})\n])\n", typst_string(&credits.join("　")));
                for b in &a.body {
                    match b {
                        Block::Paragraph { content } => s += &format!("#{}\n\n", typst_string(&plain_text(content))),
                        Block::Heading { text, .. } => {
                            s += &format!("#align(center, text(weight: \"bold\", size: 11pt, {}))\n\n", typst_string(text))
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    s
}

fn best(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap_or_default()
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

    // broadsheet, cold: prepare fonts, typeset, write.
    let mut cold = Vec::new();
    let mut bytes = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let engine = PdfEngine::new(&fonts, &[]).expect("engine");
        bytes = engine.edition(&eds[0], &opts).expect("edition").bytes;
        cold.push(t.elapsed());
    }
    // broadsheet, warm: one engine, as the batch runner uses it.
    let engine = PdfEngine::new(&fonts, &[]).expect("engine");
    let mut warm = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let b = engine.edition(&eds[0], &opts).expect("edition").bytes;
        warm.push(t.elapsed());
        assert_eq!(b, bytes, "output differs between runs");
    }
    let ours = out.join("broadsheet-edition.pdf");
    std::fs::write(&ours, &bytes).expect("write");
    let pages = bytes.windows(10).filter(|w| w == b"/Type/Page" ).count();

    // Typst, same content.
    let typ = out.join("edition.typ");
    std::fs::write(&typ, typst_source(&arts)).expect("write typ");
    let theirs = out.join("typst-edition.pdf");
    let script = format!(
        "import time, typst\nbest = None\nfor _ in range({RUNS}):\n    t = time.perf_counter()\n    typst.compile({typ:?}, output={theirs:?}, font_paths=[{fonts:?}], ignore_system_fonts=True, pdf_tags=False)\n    d = time.perf_counter() - t\n    best = d if best is None else min(best, d)\nprint(best)\n",
        typ = typ.display().to_string(),
        theirs = theirs.display().to_string(),
        fonts = root.join("fonts").display().to_string(),
    );
    let typst = Command::new("python3").args(["-c", &script]).output();
    let typst_secs = match typst {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().parse::<f64>().ok(),
        Ok(o) => {
            eprintln!("typst failed: {}", String::from_utf8_lossy(&o.stderr));
            None
        }
        Err(e) => {
            eprintln!("cannot run python3 for typst: {e}");
            None
        }
    };
    let typst_size = std::fs::metadata(&theirs).map(|m| m.len()).ok();

    println!("edition: {ARTICLES} articles, {chars} body characters, A4 two columns");
    println!("broadsheet cold (font prep + typeset + PDF): {:.3} s", best(&cold).as_secs_f64());
    println!("broadsheet warm (typeset + PDF):             {:.3} s", best(&warm).as_secs_f64());
    println!("broadsheet PDF: {} bytes, {pages} pages ({})", bytes.len(), ours.display());
    if let (Some(t), Some(size)) = (typst_secs, typst_size) {
        println!("typst compile (cold):                        {t:.3} s");
        println!("typst PDF: {size} bytes ({})", theirs.display());
        println!("speed-up cold: {:.1}x, warm: {:.1}x; size ratio broadsheet/typst: {:.2}",
            t / best(&cold).as_secs_f64(),
            t / best(&warm).as_secs_f64(),
            bytes.len() as f64 / size as f64);
    } else {
        println!("typst: not available (pip install typst)");
    }
}
