//! Layout goldens: every input in samples/ typeset (A4, two columns, the defaults) and
//! dumped as text, page by page: each line's runs with position, font, size, width and
//! text (so its break), rules, pictures and dots; then the outline and document facts.
//! Compared with `tests/golden/layout/NAME.layout.txt`; `BLESS=1` rewrites them
//! (review the diff). A change in line breaking, justification or page flow shows here
//! as a readable diff, before it shows as different PDF bytes.
//!
//! The typesetter touches no disk: pictures are read beforehand (`Pictures::read`), as
//! the PDF backend does.

use broadsheet::fonts::FontSet;
use broadsheet::input::{ReadOptions, read_file};
use broadsheet::output::pdf::PdfOptions;
use broadsheet::resources::Pictures;
use broadsheet::typeset::frame::{Document, Item, OutlineNode};
use broadsheet::typeset::{FontBook, Typesetter};
use std::fmt::Write;
use std::path::Path;

/// Points to two decimals: finer than any change the eye could see, coarse enough to
/// stay stable across float noise.
fn pt(v: f32) -> String {
    format!("{:.2}", (v * 100.0).round() / 100.0 + 0.0)
}

/// The text dump of a typeset document.
fn dump(doc: &Document) -> String {
    let mut out = String::new();
    let info = &doc.info;
    let _ = writeln!(
        out,
        "document {:?} lang={:?} date={:?} authors={:?}",
        info.title,
        info.lang,
        info.date.map(|d| d.to_string()),
        info.authors
    );
    for (n, page) in doc.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "page {} {}x{} label={:?}",
            n + 1,
            pt(page.width),
            pt(page.height),
            page.label
        );
        for item in &page.items {
            match item {
                Item::Text(run) => {
                    let width = run.glyphs.last().map_or(0.0, |g| g.x + g.advance);
                    // A piece of a vertical line says how it stands and on which axis.
                    let vertical = run
                        .vertical
                        .map_or(String::new(), |v| format!(" {:?}@{}", v.form, pt(v.axis)));
                    let _ = writeln!(
                        out,
                        "  T x={} y={} f{} {}pt w={}{} |{}|",
                        pt(run.x),
                        pt(run.y),
                        run.font,
                        pt(run.size),
                        pt(width),
                        vertical,
                        run.text
                    );
                }
                Item::Rule(r) => {
                    let _ = writeln!(
                        out,
                        "  R {},{} {},{} w={}",
                        pt(r.x0),
                        pt(r.y0),
                        pt(r.x1),
                        pt(r.y1),
                        pt(r.width)
                    );
                }
                Item::Image(img) => {
                    let _ = writeln!(
                        out,
                        "  I x={} y={} {}x{} {:?} {}",
                        pt(img.x),
                        pt(img.y),
                        pt(img.width),
                        pt(img.height),
                        img.format,
                        img.src
                    );
                }
                Item::Dots(dots) => {
                    let xs: Vec<String> = dots.iter().map(|d| pt(d.x)).collect();
                    let _ = writeln!(out, "  D {} at {}", dots.len(), xs.join(" "));
                }
            }
        }
    }
    fn outline(out: &mut String, nodes: &[OutlineNode], depth: usize) {
        for n in nodes {
            let _ = writeln!(
                out,
                "{}outline {:?} page {} y={}",
                "  ".repeat(depth),
                n.title,
                n.page + 1,
                pt(n.y)
            );
            outline(out, &n.children, depth + 1);
        }
    }
    outline(&mut out, &doc.outline, 0);
    out
}

#[test]
fn every_sample_lays_out_as_its_golden() {
    // Cargo runs tests in the crate's folder, so sources read as `samples/NAME`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("BLESS").is_some();
    let fonts = FontSet::load(None).expect("bundled fonts");
    let book = FontBook::new(fonts.regular.clone(), fonts.bold.clone(), Vec::new()).expect("book");
    let typesetter = Typesetter::new(book);
    let opts = PdfOptions::default().typeset_options();
    // The inputs exactly as `broadsheet convert samples` finds them.
    let (jobs, failed) = broadsheet::convert::collect_jobs(&[Path::new("samples").to_path_buf()]);
    assert!(
        failed.is_empty() && jobs.len() >= 17,
        "{} inputs",
        jobs.len()
    );
    let mut mismatches = Vec::new();
    for job in &jobs {
        let report = read_file(&job.input, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", job.input.display()));
        let mut text = String::new();
        for (i, article) in report.articles.iter().enumerate() {
            let pictures = Pictures::read([article], None);
            let (doc, warnings) = typesetter.article(article, &opts, &pictures);
            let _ = writeln!(text, "== article {}", i + 1);
            for w in &warnings {
                let _ = writeln!(text, "warning {}: {}", w.code, w.message);
            }
            text.push_str(&dump(&doc));
        }
        let name = job
            .input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let golden = root
            .join("tests/golden/layout")
            .join(format!("{name}.layout.txt"));
        mismatches.extend(compare_golden(&golden, &name, &text, bless));
    }
    assert!(
        mismatches.is_empty(),
        "layout differs from tests/golden/layout (BLESS=1 to accept):\n{}",
        mismatches.join("\n")
    );
}

/// Vertical writing (`--vertical`): the Taiwan sample and the mixed fixture set in the
/// traditional faces on A4 (two bands), dumped as above with each piece's orientation
/// and axis, compared with `tests/golden/layout/vertical/NAME.layout.txt`.
#[test]
fn vertical_layout_is_its_golden() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("BLESS").is_some();
    let tc = FontSet::built_in_for(
        broadsheet::fonts::Glyphs::Traditional,
        broadsheet::fonts::HeadlineFace::Serif,
    );
    let book = FontBook::new(tc.regular.clone(), tc.bold.clone(), Vec::new()).expect("book");
    let typesetter = Typesetter::new(book);
    let opts = PdfOptions {
        vertical: true,
        ..Default::default()
    }
    .typeset_options();
    let mut mismatches = Vec::new();
    for input in [
        "samples/105_big5_traditional.txt",
        "tests/fixtures/vertical/mixed.md",
    ] {
        let path = root.join(input);
        let report =
            read_file(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{input}: {e}"));
        let mut text = String::new();
        for article in &report.articles {
            let pictures = Pictures::read([article], None);
            let (doc, _) = typesetter.article(article, &opts, &pictures);
            text.push_str(&dump(&doc));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let golden = root
            .join("tests/golden/layout/vertical")
            .join(format!("{name}.layout.txt"));
        mismatches.extend(compare_golden(&golden, &name, &text, bless));
    }
    assert!(
        mismatches.is_empty(),
        "vertical layout differs (BLESS=1 to accept):\n{}",
        mismatches.join("\n")
    );
}

/// The dump is a real check: one line moved by a hundredth of a point shows.
#[test]
fn the_dump_sees_a_small_move() {
    use broadsheet::typeset::frame::{Page, PositionedGlyph, TextRun};
    let run = |x: f32| TextRun {
        x,
        y: 100.0,
        font: 0,
        size: 10.0,
        text: "中".into(),
        tag: Default::default(),
        glyphs: vec![PositionedGlyph {
            id: 1,
            x: 0.0,
            advance: 10.0,
            range: 0..3,
            orient: Default::default(),
        }],
        vertical: None,
    };
    let doc = |x: f32| Document {
        pages: vec![Page {
            width: 100.0,
            height: 100.0,
            label: None,
            items: vec![Item::Text(run(x))],
        }],
        ..Document::default()
    };
    assert_ne!(dump(&doc(10.0)), dump(&doc(10.01)));
    assert_eq!(dump(&doc(10.0)), dump(&doc(10.001)));
}

/// Writes `text` to `golden` under BLESS; otherwise the first differing line, if any.
fn compare_golden(golden: &Path, name: &str, text: &str, bless: bool) -> Option<String> {
    if bless {
        std::fs::create_dir_all(golden.parent().expect("folder")).expect("golden folder");
        std::fs::write(golden, text).expect("write golden");
        return None;
    }
    let want = std::fs::read_to_string(golden).unwrap_or_else(|_| {
        panic!(
            "{} missing: run BLESS=1 cargo test --test layout",
            golden.display()
        )
    });
    (want != text).then(|| {
        let line = want
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(text.lines().count()));
        format!(
            "{name}: first difference at line {}:\n  want {:?}\n  got  {:?}",
            line + 1,
            want.lines().nth(line),
            text.lines().nth(line)
        )
    })
}
