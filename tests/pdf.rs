//! PDF backend, end to end: structure and fonts (pikepdf: qpdf's checks), text with
//! glyph positions and rendered pages (pypdfium2), line-edge rules on the printed lines,
//! reproducibility, size.
//!
//! The PDF tools (tests/tools/pdf.py, run by the venv's python) are required: a missing
//! one fails the test with a message, unless BROADSHEET_SKIP_EXTERNAL=1 (then those
//! checks are skipped and say so).

mod common;

use broadsheet::Env;
use broadsheet::fonts::FontSet;
use broadsheet::model::{Article, Block, Credit, Inline, group_editions};
use broadsheet::output::pdf::{Paper, PdfOptions, write_article, write_edition};
use broadsheet::typeset::flow::Geometry;
use broadsheet::typeset::kinsoku::{KinsokuMode, is_line_end_prohibited, is_line_start_prohibited};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{env, fonts};

fn seed() -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("seed fixture")).expect("seed json")
}

/// Text dense with marks that clreq rules act on.
fn punctuation_heavy() -> Article {
    let para = "他说：“这是‘新’的开始。”随后，大家——包括记者——都笑了……《人民日报》（海外版）、「新华社」报道：今年增长7%，达到1.5万亿元！真的吗？是的。";
    let mut a = Article::default();
    a.meta.headline = Some("标点密集的测试文章".into());
    for i in 0..12 {
        // Shift the text so marks land at every column position.
        let shifted: String = "中".repeat(i % 7) + para;
        a.body.push(Block::paragraph(shifted));
    }
    a
}

fn out_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-tests");
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let p = out_dir().join(name);
    std::fs::write(&p, bytes).expect("write pdf");
    p
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// qpdf's structural check passes on `p`; false when the tools are missing and that
/// may be skipped.
fn qpdf_check(p: &Path) -> bool {
    common::pdf_tool(&["check", arg(p)]).is_some()
}

/// The PDF's text in content order (None: tools missing, skipping allowed).
fn pdf_text(p: &Path, extra: &[&str]) -> Option<String> {
    common::pdf_tool(&[&["text", arg(p)], extra].concat())
}

/// The printed lines, each read left to right (as `pdftotext -layout`).
fn pdf_lines(p: &Path, extra: &[&str]) -> Option<String> {
    common::pdf_tool(&[&["lines", arg(p)], extra].concat())
}

fn opts(paper: Paper, columns: Option<u8>) -> PdfOptions {
    PdfOptions {
        paper,
        columns,
        ..Default::default()
    }
}

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn plain(inlines: &[Inline]) -> String {
    broadsheet::model::plain_text(inlines)
}

/// The article's text in reading order, as the typesetter prints it.
fn expected_text(a: &Article) -> String {
    let m = &a.meta;
    let mut s = String::new();
    if let (Some(p), Some(n)) = (&m.page, &m.page_name) {
        s += &format!("第{p}版{n}");
    }
    for part in [&m.kicker, &m.headline, &m.subtitle].into_iter().flatten() {
        s += part;
    }
    for Credit { role, name } in &m.credits {
        s += role;
        s += name;
    }
    for b in &a.body {
        match b {
            Block::Paragraph { content } => s += &plain(content),
            Block::Heading { text, .. } => s += text,
            _ => {}
        }
    }
    strip_ws(&s)
}

/// Text of the page bodies (running heads and feet cropped away), in content order.
fn body_text(pdf: &Path, paper: Paper) -> Option<String> {
    let o = opts(paper, None).typeset_options();
    let top = ((o.margins[0] - 2.0) as i32).to_string();
    let h = ((o.page_height - o.margins[0] - o.margins[2] + 4.0) as i32).to_string();
    let w = (o.page_width as i32 + 1).to_string();
    pdf_text(pdf, &["--crop", "0", &top, &w, &h])
}

#[test]
fn seed_pdf_passes_qpdf_and_embeds_subset_fonts() {
    let r = write_article(&seed(), &opts(Paper::A4, None), env()).expect("render");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let p = write("seed-a4.pdf", &r.bytes);
    if !qpdf_check(&p) {
        return;
    }
    let Some(fonts) = common::pdf_tool(&["fonts", arg(&p)]) else {
        return;
    };
    let fonts: serde_json::Value = serde_json::from_str(&fonts).expect("fonts json");
    let fonts = fonts.as_array().expect("font list");
    assert_eq!(fonts.len(), 2, "{fonts:?}");
    for f in fonts {
        assert!(
            f["embedded"] == true && f["subset"] == true && f["unicode"] == true,
            "not embedded+subset+unicode: {f}"
        );
        let name = f["name"].as_str().unwrap_or("");
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "no subset tag: {f}"
        );
    }
}

#[test]
fn seed_text_comes_back_in_order() {
    let a = seed();
    for (paper, cols) in [(Paper::A5, None), (Paper::A4, None), (Paper::A3, None)] {
        let r = write_article(&a, &opts(paper, cols), env()).expect("render");
        let p = write(&format!("seed-order-{paper:?}.pdf"), &r.bytes);
        let Some(text) = body_text(&p, paper) else {
            return;
        };
        assert_eq!(strip_ws(&text), expected_text(&a), "{paper:?}");
    }
}

#[test]
fn single_column_text_reads_in_order_without_cropping() {
    let a = seed();
    let r = write_article(&a, &opts(Paper::A5, None), env()).expect("render");
    let p = write("seed-a5-plain.pdf", &r.bytes);
    let Some(text) = pdf_text(&p, &[]) else {
        return;
    };
    let text = strip_ws(&text);
    let mut at = 0;
    for b in &a.body {
        if let Block::Paragraph { content } = b {
            // Page breaks insert the running head and foot; compare the first 20 chars.
            let want: String = strip_ws(&plain(content)).chars().take(20).collect();
            let found = text[at..]
                .find(&want)
                .unwrap_or_else(|| panic!("missing or out of order: {want}"));
            at += found + want.len();
        }
    }
}

fn check_line_edges(text: &str, what: &str) {
    for line in text.lines() {
        let t = line.trim();
        let (Some(first), Some(last)) = (t.chars().next(), t.chars().last()) else {
            continue;
        };
        assert!(
            !is_line_start_prohibited(first, KinsokuMode::Basic),
            "{what}: line starts with {first}: {t}"
        );
        assert!(
            !is_line_end_prohibited(last, KinsokuMode::Basic),
            "{what}: line ends with {last}: {t}"
        );
        assert!(
            !t.starts_with('—') && !t.starts_with('…'),
            "{what}: line starts with a dash/ellipsis: {t}"
        );
    }
}

/// The article without its head, so that every line on the page is a column line.
fn headless(mut a: Article) -> Article {
    a.meta = Default::default();
    a
}

#[test]
fn no_printed_line_breaks_kinsoku() {
    for (paper, cols) in [
        (Paper::A5, Some(1)),
        (Paper::A4, Some(2)),
        (Paper::A3, Some(4)),
    ] {
        for (name, a) in [("seed", seed()), ("punct", punctuation_heavy())] {
            let o = opts(paper, cols);
            let r = write_article(&a, &o, env()).expect("render");
            let p = write(&format!("kinsoku-{name}-{paper:?}.pdf"), &r.bytes);
            let what = format!("{name} {paper:?}");
            let Some(layout) = pdf_lines(&p, &[]) else {
                return;
            };
            check_line_edges(&layout, &what);
            // Each column cropped on its own checks the inner line edges too.
            let r = write_article(&headless(a), &o, env()).expect("render");
            let p = write(&format!("kinsoku-{name}-{paper:?}-body.pdf"), &r.bytes);
            let g = Geometry::new(&o.typeset_options());
            for c in 0..g.cols {
                let x = ((g.x0 + c as f32 * (g.col_width + g.gap)) - g.gap / 3.0) as i32;
                let w = (g.col_width + g.gap * 2.0 / 3.0) as i32;
                let (y, h) = (g.top as i32, (g.bottom - g.top) as i32 + 1);
                let crop = [x, y, w, h].map(|v| v.to_string());
                let crop: Vec<&str> = crop.iter().map(String::as_str).collect();
                let Some(text) = pdf_lines(&p, &[&["--crop"], &crop[..]].concat()) else {
                    return;
                };
                assert!(
                    text.trim().chars().count() > 50,
                    "{what} column {c} is empty"
                );
                check_line_edges(&text, &format!("{what} column {c}"));
            }
        }
    }
}

/// The line check reads real lines: a forced break before a comma (which kinsoku cannot
/// move) prints a line that starts with it, and the check must catch that line, both on
/// the whole page and in its column.
#[test]
fn line_edge_check_catches_a_line_that_starts_with_a_comma() {
    let mut a = Article::default();
    a.body.push(Block::Paragraph {
        content: vec![
            Inline::text("前面的文字在这里"),
            Inline::LineBreak,
            Inline::text("，后面的文字在这里结束。"),
        ],
    });
    let o = opts(Paper::A5, Some(1));
    let r = write_article(&a, &o, env()).expect("render");
    let p = write("kinsoku-control.pdf", &r.bytes);
    let Some(layout) = pdf_lines(&p, &[]) else {
        return;
    };
    assert!(
        layout.lines().any(|l| l.trim().starts_with('，')),
        "no line starts with the comma:\n{layout}"
    );
    let caught = std::panic::catch_unwind(|| check_line_edges(&layout, "control"));
    assert!(caught.is_err(), "check_line_edges missed it:\n{layout}");
}

#[test]
fn output_is_identical_in_any_order_in_one_process() {
    let a = seed();
    let b = punctuation_heavy();
    let o = opts(Paper::A4, None);
    let a1 = write_article(&a, &o, env()).expect("a").bytes;
    let b1 = write_article(&b, &o, env()).expect("b").bytes;
    let a2 = write_article(&a, &o, env()).expect("a again").bytes;
    let b2 = write_article(&b, &o, env()).expect("b again").bytes;
    assert_eq!(a1, a2);
    assert_eq!(b1, b2);
    assert_ne!(a1, b1);
    // A fresh font set (a new run: new engine, empty caches) gives the same bytes too.
    let fresh = Env::with_fonts(FontSet::load(None).expect("fonts"));
    assert_eq!(write_article(&a, &o, &fresh).expect("fresh").bytes, a1);
}

/// Child mode of the next test: write the seed PDF where BROADSHEET_RENDER_CHILD says.
#[test]
fn render_child() {
    let Ok(target) = std::env::var("BROADSHEET_RENDER_CHILD") else {
        return;
    };
    let r = write_article(&seed(), &opts(Paper::A4, None), env()).expect("render");
    std::fs::write(target, r.bytes).expect("child write");
}

#[test]
fn output_is_identical_across_processes() {
    let exe = std::env::current_exe().expect("test exe");
    let child = |n: u32| {
        let target = out_dir().join(format!("child-{n}.pdf"));
        let _ = std::fs::remove_file(&target);
        let o = Command::new(&exe)
            .args(["--exact", "render_child", "--test-threads=1"])
            .env("BROADSHEET_RENDER_CHILD", &target)
            .output()
            .expect("child run");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
        std::fs::read(&target).expect("child wrote no PDF")
    };
    let here = write_article(&seed(), &opts(Paper::A4, None), env())
        .expect("render")
        .bytes;
    assert_eq!(child(1), here);
    assert_eq!(child(2), here);
}

#[test]
fn seed_pdf_is_at_most_150_kb() {
    let r = write_article(&seed(), &opts(Paper::A4, None), env()).expect("render");
    assert!(
        r.bytes.len() <= 150 * 1024,
        "seed PDF is {} bytes",
        r.bytes.len()
    );
}

/// Justification is written as short whole numbers of thousandths of an em (`-28`),
/// not as f32 residues (`-27.999939`), and the first glyph of a line is never moved.
/// A `TJ` that goes on from the one before (cut where an ActualText span starts or
/// ends) may open with the adjustment still due.
#[test]
fn text_adjustments_are_whole_thousandths() {
    let r = write_article(&seed(), &opts(Paper::A4, None), env()).expect("render");
    let p = write("adjustments.pdf", &r.bytes);
    // The content normalised as `qpdf --qdf` shows it: strings as <hex>.
    let Some(qdf) = common::pdf_tool(&["content", arg(&p)]) else {
        return;
    };
    let mut numbers = 0;
    let pieces: Vec<&str> = qdf.split("]TJ").collect();
    let before_tj = &pieces[..pieces.len() - 1];
    for (before, array) in before_tj.iter().filter_map(|s| s.rsplit_once('[')) {
        // A line starts with its text matrix.
        if before.contains("Tm") {
            assert!(
                array.starts_with('<'),
                "line starts with an adjustment: [{array}]"
            );
        }
        // Strings are written as <hex>; what is left between them are the numbers.
        let lead = array.split('<').next().unwrap_or_default();
        let rest = array.split(['<', '>']).skip(2).step_by(2);
        for n in std::iter::once(lead).chain(rest) {
            if n.is_empty() {
                continue;
            }
            numbers += 1;
            assert!(n.parse::<i32>().is_ok(), "adjustment {n} in [{array}]");
        }
    }
    assert!(
        numbers > 100,
        "only {numbers} adjustments: are lines justified?"
    );
}

fn edition_articles() -> Vec<Article> {
    let base = seed();
    let mut out = Vec::new();
    for (i, page) in ["A1", "A2", "A1", "A3"].iter().enumerate() {
        let mut a = base.clone();
        a.meta.page = Some(page.to_string());
        a.meta.page_name = Some(if *page == "A1" { "要闻" } else { "综合" }.into());
        a.meta.headline = Some(format!(
            "第{}篇 {}",
            i + 1,
            base.meta.headline.clone().unwrap_or_default()
        ));
        a.body.truncate(4 + 3 * i);
        out.push(a);
    }
    out
}

#[test]
fn edition_has_masthead_pages_nested_outline_and_labels() {
    let arts = edition_articles();
    let eds = group_editions(&arts);
    assert_eq!(eds.len(), 1);
    let r = write_edition(&eds[0], &opts(Paper::A3, None), env()).expect("edition");
    let p = write("edition.pdf", &r.bytes);
    if !qpdf_check(&p) {
        return;
    }
    let Some(json) = common::pdf_tool(&["outline", arg(&p)]) else {
        return;
    };
    let v: serde_json::Value = serde_json::from_str(&json).expect("outline json");
    let outlines = v["outlines"].as_array().expect("outlines");
    let titles: Vec<&str> = outlines
        .iter()
        .filter_map(|o| o["title"].as_str())
        .collect();
    assert_eq!(titles, vec!["第A1版 要闻", "第A2版 综合", "第A3版 综合"]);
    let a1 = &outlines[0]["kids"];
    assert_eq!(a1.as_array().map(Vec::len), Some(2), "two articles on A1");
    assert!(a1[0]["title"].as_str().unwrap_or("").starts_with("第1篇"));
    // Sections under the article that has them.
    let deep = outlines.iter().any(|o| {
        o["kids"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|k| k["kids"].as_array().is_some_and(|v| !v.is_empty()))
    });
    assert!(deep, "no section level in outline: {json}");
    let labels = v["pagelabels"].as_array().expect("page labels");
    let prefixes: Vec<&str> = labels
        .iter()
        .filter_map(|l| l["label"]["/P"].as_str())
        .collect();
    assert!(prefixes.iter().any(|p| p.contains("A2")), "{labels:?}");
    // Each 版面 starts a new page, masthead on the first.
    let Some(text) = pdf_text(&p, &["--first", "1", "--last", "1"]) else {
        return;
    };
    assert!(
        strip_ws(&text).contains("乐陵市报2023年12月18日星期一"),
        "{text}"
    );
}

#[test]
fn missing_glyphs_warn_once_and_are_not_blank() {
    let mut a = Article::default();
    a.meta.headline = Some("缺字\u{E000}".into());
    a.body
        .push(Block::paragraph("正文\u{E000}\u{E001}与\u{E000}"));
    let r = write_article(&a, &PdfOptions::default(), env()).expect("render");
    let w: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == "missing-glyphs")
        .collect();
    assert_eq!(w.len(), 1, "{:?}", r.warnings);
    assert!(w[0].message.contains("U+E000") && w[0].message.contains("U+E001"));
}

#[test]
fn empty_and_odd_articles_render() {
    let odd = {
        let mut a = Article::default();
        a.body.push(Block::paragraph(""));
        a.body.push(Block::paragraph("\u{0}\u{7}\t \n"));
        a.body.push(Block::Heading {
            level: 2,
            text: "  ".into(),
        });
        a.body.push(Block::Paragraph {
            content: vec![
                Inline::LineBreak,
                Inline::Strong {
                    content: vec![Inline::text("粗体")],
                },
            ],
        });
        a.body.push(Block::paragraph(
            "https://example.com/".to_string() + &"a".repeat(400),
        ));
        a
    };
    for a in [Article::default(), odd] {
        for paper in [Paper::A5, Paper::A3, Paper::Custom(60.0, 60.0)] {
            let r = write_article(&a, &opts(paper, Some(9)), env()).expect("render");
            assert!(r.bytes.starts_with(b"%PDF-"));
        }
    }
}

#[test]
fn missing_image_warns_and_keeps_caption() {
    let mut a = Article::default();
    a.meta.headline = Some("图片".into());
    a.body.push(Block::Image {
        src: "no/such/picture.jpg".into(),
        alt: String::new(),
        caption: Some("图为项目建设现场。".into()),
    });
    let r = write_article(&a, &opts(Paper::A5, None), env()).expect("render");
    assert!(
        r.warnings.iter().any(|w| w.code == "missing-image"),
        "{:?}",
        r.warnings
    );
    let p = write("missing-image.pdf", &r.bytes);
    let Some(text) = pdf_text(&p, &[]) else {
        return;
    };
    assert!(strip_ws(&text).contains("图为项目建设现场。"));
}

/// A 1×1 RGBA PNG.
const TINY_PNG: [u8; 70] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
    0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 100, 248, 207, 80, 15, 0, 3,
    134, 1, 128, 90, 52, 125, 107, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

#[test]
fn image_is_embedded_at_column_width_with_caption() {
    let dir = out_dir().join("images");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("dot.png"), TINY_PNG).expect("png");
    let mut a = Article::default();
    a.meta.headline = Some("图片".into());
    a.body.push(Block::paragraph("正文。"));
    a.body.push(Block::Image {
        src: "dot.png".into(),
        alt: String::new(),
        caption: Some("图为一个点。".into()),
    });
    let o = opts(Paper::A5, None);
    let rooted = Env::with_fonts(fonts().clone()).with_image_root(Some(dir));
    let r = write_article(&a, &o, &rooted).expect("render");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let p = write("image.pdf", &r.bytes);
    let Some(list) = common::pdf_tool(&["images", arg(&p)]) else {
        return;
    };
    let images: serde_json::Value = serde_json::from_str(&list).expect("images json");
    let images = images.as_array().expect("image list");
    assert_eq!(images.len(), 1, "{list}");
    // 1 pixel across the column: well under 1 pixel per inch means it was scaled up.
    let x_ppi = images[0]["x_ppi"].as_f64().unwrap_or(99.0);
    assert!(x_ppi < 1.0, "{list}");
    let Some(text) = pdf_text(&p, &[]) else {
        return;
    };
    assert!(strip_ws(&text).contains("正文。图为一个点。"), "{text}");
}

#[test]
fn unreadable_user_font_is_a_font_error() {
    let missing =
        Env::with_fonts(fonts().clone()).with_extra_fonts(vec![PathBuf::from("/no/such/font.ttf")]);
    let err = write_article(&seed(), &PdfOptions::default(), &missing).expect_err("missing font");
    assert!(
        matches!(err, broadsheet::Error::Font(ref m) if m.contains("/no/such/font.ttf")),
        "{err}"
    );
}

#[test]
fn user_font_loads_and_missing_list_stays_exact() {
    // A third face in the fallback chain (the bundled bold file again, as no test may
    // use system fonts): it loads, and the missing list still names exactly the
    // characters no face has.
    let bold = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fonts")
        .join(broadsheet::fonts::BOLD_FILE);
    let with_bold = Env::with_fonts(fonts().clone()).with_extra_fonts(vec![bold]);
    let mut a = Article::default();
    a.body.push(Block::paragraph("中文\u{E000}"));
    let r = write_article(&a, &PdfOptions::default(), &with_bold).expect("render");
    let w: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == "missing-glyphs")
        .collect();
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("U+E000") && !w[0].message.contains("U+4E2D"));
}

/// A Markdown article with `*emphasis*` (Han, punctuation, Latin and digits inside it).
fn emphasis_article(markdown: &str) -> Article {
    use broadsheet::input::{ReadOptions, read_bytes};
    let report = read_bytes(
        markdown.as_bytes(),
        Path::new("emphasis.md"),
        &ReadOptions::default(),
    )
    .expect("markdown");
    report.article().clone()
}

/// A grey PGM (P5, 8 bit) as (width, height, pixels).
fn read_pgm(path: &Path) -> (usize, usize, Vec<u8>) {
    let bytes = std::fs::read(path).expect("pgm");
    // Header: P5, width, height, maxval, each after whitespace; then one byte a pixel.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5", "not a PGM");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), w * h, "PGM size");
    (w, h, pixels)
}

/// clreq §3.3 着重号: `*强调*` prints a filled dot under each emphasised Han character
/// and nowhere else, adds no text, and leaves the text as it was.
#[test]
fn emphasis_prints_dots_under_han_characters_only() {
    use broadsheet::output::pdf::PdfEngine;
    use broadsheet::typeset::frame::Item;
    // The emphasised Han characters (强调着重) occur nowhere else in the article.
    let marked = "# 标题\n\n普通的文字在前面，*强调，A1着重*在后面，然后是普通的文字。\n";
    let a = emphasis_article(marked);
    assert!(
        a.body
            .iter()
            .any(|b| matches!(b, Block::Paragraph { content }
            if content.iter().any(|i| matches!(i, Inline::Emphasis { .. })))),
        "{:?}",
        a.body
    );
    let o = opts(Paper::A5, None);
    let r = write_article(&a, &o, env()).expect("render");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let again = write_article(&a, &o, env()).expect("render");
    assert!(r.bytes == again.bytes, "not deterministic");
    let p = write("emphasis.pdf", &r.bytes);
    let plain_article = emphasis_article(&marked.replace('*', ""));
    let plain_pdf = write_article(&plain_article, &o, env()).expect("render");
    let plain_path = write("emphasis-plain.pdf", &plain_pdf.bytes);

    // The frame says where the dots are; the page must show them there.
    let engine = PdfEngine::new(fonts(), &[]).expect("engine");
    let pictures = broadsheet::resources::Pictures::default();
    let (doc, _) = engine
        .typesetter()
        .article(&a, &o.typeset_options(), &pictures);
    let page = &doc.pages[0];
    let mut dots = Vec::new();
    let mut glyphs = Vec::new(); // (char, centre x, baseline y, size) of body glyphs
    for item in &page.items {
        match item {
            Item::Dots(d) => dots.extend(d.iter().copied()),
            Item::Text(run) if run.size < 12.0 => {
                for g in &run.glyphs {
                    let c = run.text[g.range.clone()].chars().next().unwrap_or(' ');
                    glyphs.push((c, run.x + g.x + g.advance / 2.0, run.y, run.size));
                }
            }
            _ => {}
        }
    }
    let emphasised: Vec<char> = "强调着重".chars().collect();
    assert_eq!(dots.len(), 4, "{dots:?}");
    let marked_glyphs: Vec<_> = glyphs
        .iter()
        .filter(|(c, ..)| emphasised.contains(c))
        .collect();
    assert_eq!(marked_glyphs.len(), 4, "{glyphs:?}");
    for (d, (_, x, y, size)) in dots.iter().zip(&marked_glyphs) {
        assert!(
            (d.x - x).abs() < 0.01,
            "dot {d:?} not centred on glyph at {x}"
        );
        assert!(d.y > y + 0.2 * size && d.y < y + 0.35 * size, "{d:?}");
    }

    if !qpdf_check(&p) {
        return;
    }
    // Dots are paths, not text: the text is exactly that of the unmarked article.
    let Some(text) = pdf_text(&p, &[]) else {
        return;
    };
    let plain_text = pdf_text(&plain_path, &[]).expect("tools found above");
    assert_eq!(text, plain_text);
    assert!(strip_ws(&text).contains("强调，A1着重在后面"), "{text}");

    // Ink on the rendered page: under each emphasised Han glyph, none under the others.
    let png = out_dir().join("emphasis-page.pgm");
    let dpi = 150.0f32;
    let Some(_) = common::pdf_tool(&["render", arg(&p), "1", "150", arg(&png)]) else {
        return;
    };
    let (w, h, pixels) = read_pgm(&png);
    let px = |v: f32| (v * dpi / 72.0).round() as i64;
    // Darkest pixel within `r` points of (x, y).
    let darkest = |x: f32, y: f32, r: f32| {
        let mut min = 255u8;
        for yy in px(y - r)..=px(y + r) {
            for xx in px(x - r)..=px(x + r) {
                if (0..w as i64).contains(&xx) && (0..h as i64).contains(&yy) {
                    min = min.min(pixels[yy as usize * w + xx as usize]);
                }
            }
        }
        min
    };
    let mut checked_blank = 0;
    for (c, x, y, size) in &glyphs {
        let under = darkest(*x, y + 0.3 * size, 0.08 * size);
        if emphasised.contains(c) {
            assert!(under < 100, "no dot under {c} ({under})");
        } else {
            assert!(under > 200, "ink under {c} ({under})");
            checked_blank += 1;
        }
    }
    // Punctuation, Latin and digits inside the emphasis were among the blank ones.
    assert!(checked_blank > 20, "{checked_blank}");
}
