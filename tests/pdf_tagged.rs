//! Tagged, archival PDF (issue 14), end to end on every sample: the structure tree read
//! back (roles, Lang, Alt, artifacts; pikepdf + pypdfium2 through tests/tools/pdf.py),
//! copied text with no space the article lacks (poppler's `pdftotext -raw` and pdfium)
//! at a5/1, a4/2 and a3/4 columns, and `--pdf-standard` documents checked for what
//! PDF/A asks (embedded fonts, output intent, XMP matching the document info, no
//! transparency), or refused with the reason.
//!
//! pdftotext comes from Debian's poppler-utils (.ci/run installs it as root); where it
//! is missing its checks are skipped and say so. The Python tools are required as in
//! tests/pdf.rs.

mod common;

use broadsheet::input::{ReadOptions, read_file};
use broadsheet::model::{Article, Block, group_editions, plain_text};
use broadsheet::output::pdf::{
    Paper, PdfEngine, PdfOptions, PdfStandard, write_article, write_edition,
};
use broadsheet::typeset::content::page_label;
use broadsheet::typeset::frame::{Item, Role, Tag};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::env;

/// The PDF engine of the tests' environment (made once, as in one run).
fn engine() -> std::sync::Arc<PdfEngine> {
    env().pdf_engine().expect("engine")
}

/// The printed lines of the article's content (artifacts left out), in the order they
/// are drawn: what the text of each line must copy as.
fn printed_lines(a: &Article, o: &PdfOptions) -> Vec<(Tag, String)> {
    let (doc, _) = engine()
        .typesetter()
        .article(a, &o.typeset_options(), &env().pictures([a]));
    let mut lines: Vec<(Tag, String)> = Vec::new();
    let mut last = None;
    for page in &doc.pages {
        for item in &page.items {
            let Item::Text(run) = item else {
                last = None;
                continue;
            };
            if run.tag.role == Role::Artifact {
                last = None;
                continue;
            }
            match lines.last_mut() {
                Some((_, l)) if last == Some((run.tag, run.y)) => l.push_str(&run.text),
                _ => lines.push((run.tag, run.text.clone())),
            }
            last = Some((run.tag, run.y));
        }
    }
    lines
}

/// `got` is the printed lines' characters exactly, with nothing but line ends (or the
/// space pdftotext puts between columns on one baseline) between lines.
fn assert_copies_lines(got: &str, lines: &[(Tag, String)], what: &str) {
    let mut rest = got;
    for (_, line) in lines {
        rest = rest.trim_start_matches(['\n', '\r', '\u{c}', ' ']);
        let want = line.trim_matches(' ');
        assert!(
            rest.starts_with(want),
            "{what}: expected the line {want:?}, copied text goes on {:?}",
            rest.chars().take(80).collect::<String>()
        );
        rest = &rest[want.len()..];
    }
    assert!(rest.trim().is_empty(), "{what}: more text: {rest:?}");
}

/// Every article of every sample, with a name for messages.
fn samples() -> Vec<(String, Article)> {
    let mut out = Vec::new();
    for name in common::sample_names(|n| !n.ends_with(".toml") && !n.starts_with('.')) {
        let path = common::samples_dir().join(&name);
        if path.is_dir() {
            continue;
        }
        let report = read_file(
            Path::new(&format!("samples/{name}")),
            &ReadOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        for (i, a) in report.articles.into_iter().enumerate() {
            out.push((format!("{name}#{i}"), a));
        }
    }
    assert!(out.len() >= 15, "samples: {}", out.len());
    out
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-tagged");
    std::fs::create_dir_all(&d).expect("tmp dir");
    let safe: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let p = d.join(format!("{safe}.pdf"));
    std::fs::write(&p, bytes).expect("write pdf");
    p
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

fn opts(paper: Paper) -> PdfOptions {
    PdfOptions {
        paper,
        ..Default::default()
    }
}

fn trimmed(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The elements the typesetter prints for `a`, in reading order, as (role, exact text):
/// the page label, kicker, headline, subtitle and byline, then the body's headings,
/// paragraphs and captions. Pictures are not listed (whether one loads is the image
/// tests' business); the tree check looks at them separately.
fn expected_elements(a: &Article) -> Vec<(&'static str, String)> {
    let m = &a.meta;
    let mut out = Vec::new();
    if let Some(l) = page_label(a) {
        out.push(("P", l));
    }
    for (role, part) in [("P", &m.kicker), ("H1", &m.headline), ("P", &m.subtitle)] {
        if let Some(t) = part.as_deref().and_then(trimmed) {
            out.push((role, t));
        }
    }
    // The byline holds the writers; editors follow the body (`Article::editorial_note`).
    let credits: Vec<String> = m
        .credits
        .iter()
        .filter(|c| !c.is_editorial())
        .filter_map(|c| trimmed(&format!("{} {}", c.role.trim(), c.name.trim())))
        .collect();
    if !credits.is_empty() {
        out.push(("P", credits.join("　")));
    }
    fn blocks(bs: &[Block], out: &mut Vec<(&'static str, String)>) {
        for b in bs {
            match b {
                Block::Paragraph { content } => {
                    if let Some(t) = trimmed(&plain_text(content)) {
                        out.push(("P", t));
                    }
                }
                Block::Heading { text, .. } => {
                    if let Some(t) = trimmed(text) {
                        out.push(("H2", t));
                    }
                }
                Block::Quote { content } => blocks(content, out),
                Block::Image { alt, caption, .. } => {
                    let c = caption
                        .as_deref()
                        .and_then(trimmed)
                        .or_else(|| trimmed(alt));
                    if let Some(c) = c {
                        out.push(("Caption", c));
                    }
                }
            }
        }
    }
    blocks(&a.body, &mut out);
    if let Some(note) = a.editorial_note() {
        out.push(("P", note));
    }
    out
}

/// Text without line ends and ASCII spaces.
fn spaceless(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\n' | '\r' | '\u{c}' | ' '))
        .collect()
}

fn tags(p: &Path) -> Option<Value> {
    let out = common::pdf_tool(&["tags", arg(p)])?;
    Some(serde_json::from_str(&out).expect("tags json"))
}

fn text(v: &Value) -> String {
    v["text"].as_str().unwrap_or("").to_string()
}

#[test]
fn every_sample_has_a_structure_tree_with_roles_lang_and_artifacts() {
    for (name, a) in samples() {
        let r = write_article(&a, &opts(Paper::A4), env()).expect("render");
        let p = write(&format!("tree-{name}"), &r.bytes);
        let Some(t) = tags(&p) else { return };
        assert_eq!(t["marked"], true, "{name}: MarkInfo /Marked");
        assert_eq!(
            t["untagged"],
            Value::Array(vec![]),
            "{name}: content outside the tree"
        );
        assert_eq!(
            t["unlinked"],
            Value::Array(vec![]),
            "{name}: marked content no element owns"
        );
        let tree = t["tree"].as_array().expect("a structure tree");
        assert_eq!(tree.len(), 1, "{name}: one root");
        let doc = &tree[0];
        assert_eq!(doc["role"], "Document", "{name}");
        let lang = a.meta.lang.clone().unwrap_or_else(|| "zh-CN".into());
        assert_eq!(doc["lang"], lang.as_str(), "{name}: Document /Lang");
        assert_eq!(t["lang"], lang.as_str(), "{name}: catalog /Lang");
        let kids = doc["kids"].as_array().expect("Document's kids");
        assert_eq!(kids.len(), 1, "{name}: one article");
        assert_eq!(kids[0]["role"], "Art", "{name}");
        let elems = kids[0]["kids"].as_array().expect("Art's kids");
        // Pictures: a Figure whose Alt is the Caption right after it.
        for (i, e) in elems.iter().enumerate() {
            if e["role"] == "Figure" {
                let alt = e["alt"].as_str().unwrap_or("");
                assert!(!alt.is_empty(), "{name}: Figure without Alt");
                let next = elems.get(i + 1).expect("a caption after the figure");
                assert_eq!(next["role"], "Caption", "{name}");
                assert_eq!(text(next), alt, "{name}: Alt is the caption");
            }
            if e["role"] == "H1" || e["role"] == "H2" {
                assert_eq!(e["title"], e["text"], "{name}: heading title");
            }
        }
        let got: Vec<(String, String)> = elems
            .iter()
            .filter(|e| e["role"] != "Figure")
            .map(|e| {
                (
                    e["role"].as_str().unwrap_or("").to_string(),
                    spaceless(&text(e)),
                )
            })
            .collect();
        let want: Vec<(String, String)> = expected_elements(&a)
            .into_iter()
            .map(|(r, t)| (r.to_string(), spaceless(&t)))
            .collect();
        assert_eq!(got, want, "{name}: elements in reading order");
        // Running heads and feet are artifacts: each page's folio is among them.
        let artifacts = t["artifacts"].as_array().expect("artifacts");
        for (i, page) in artifacts.iter().enumerate() {
            let s = page.as_str().unwrap_or("");
            assert!(
                s.trim_end().ends_with(&(i + 1).to_string()),
                "{name}: page {} folio not an artifact: {s:?}",
                i + 1
            );
        }
    }
}

/// The printed text of the page bodies (running heads and feet cropped away) as
/// `pdftotext -raw` copies it; `None` when poppler is missing (skipped, logged).
fn pdftotext_body(p: &Path, paper: Paper) -> Option<String> {
    let o = opts(paper).typeset_options();
    let exe = std::env::var_os("PDFTOTEXT").unwrap_or_else(|| "pdftotext".into());
    let crop = [
        "0".to_string(),
        ((o.margins[0] - 2.0) as i32).to_string(),
        (o.page_width as i32 + 1).to_string(),
        ((o.page_height - o.margins[0] - o.margins[2] + 4.0) as i32).to_string(),
    ];
    let out = match Command::new(&exe)
        .args(["-raw", "-enc", "UTF-8", "-x", &crop[0], "-y", &crop[1]])
        .args(["-W", &crop[2], "-H", &crop[3], arg(p), "-"])
        .output()
    {
        Ok(o) => o,
        Err(_) => {
            common::log_skip("pdftotext (poppler-utils)", "not installed");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("utf-8"))
}

/// The same through pdfium, whose text includes the spaces it makes up for gaps.
fn pdfium_body(p: &Path, paper: Paper) -> Option<String> {
    let o = opts(paper).typeset_options();
    let crop = [
        "0".to_string(),
        (o.margins[0] - 2.0).to_string(),
        (o.page_width + 1.0).to_string(),
        (o.page_height - o.margins[0] - o.margins[2] + 4.0).to_string(),
    ];
    let mut args = vec!["copy", arg(p), "--crop"];
    args.extend(crop.iter().map(String::as_str));
    common::pdf_tool(&args)
}

#[test]
fn copied_text_is_the_articles_characters_at_every_paper_size() {
    let mut checked = 0;
    for (paper, cols) in [(Paper::A5, 1u8), (Paper::A4, 2), (Paper::A3, 4)] {
        for (name, a) in samples() {
            let o = PdfOptions {
                paper,
                columns: Some(cols),
                ..Default::default()
            };
            let r = write_article(&a, &o, env()).expect("render");
            let p = write(&format!("copy-{paper:?}-{name}"), &r.bytes);
            // The lines hold the article's characters, in reading order…
            // (A space where a line breaks is not printed: compared without spaces.)
            let want: Vec<String> = expected_elements(&a)
                .into_iter()
                .map(|(_, t)| spaceless(&t))
                .collect();
            let lines = printed_lines(&a, &o);
            let mut elements: Vec<(Tag, String)> = Vec::new();
            for (tag, line) in &lines {
                match elements.last_mut() {
                    Some((t, text)) if t == tag => text.push_str(line),
                    _ => elements.push((*tag, line.clone())),
                }
            }
            let got: Vec<String> = elements.iter().map(|(_, t)| spaceless(t)).collect();
            assert_eq!(got, want, "printed lines of {name} at {paper:?}/{cols}");
            // …and each copies as exactly its characters.
            if let Some(got) = pdftotext_body(&p, paper) {
                assert_copies_lines(
                    &got,
                    &lines,
                    &format!("pdftotext -raw, {name} at {paper:?}/{cols}"),
                );
                checked += 1;
            }
            let Some(got) = pdfium_body(&p, paper) else {
                return;
            };
            assert_copies_lines(&got, &lines, &format!("pdfium, {name} at {paper:?}/{cols}"));
        }
    }
    eprintln!("pdftotext checked {checked} documents");
}

/// A tagged edition is thousands of small dictionaries (structure elements, the parent
/// tree, pages): they go into deflated object streams with a cross-reference stream,
/// and the whole tree still reads back, every line owned by an element.
#[test]
fn an_edition_keeps_its_small_objects_in_object_streams_and_reads_back() {
    let mut arts: Vec<Article> = samples().into_iter().map(|(_, a)| a).collect();
    for (i, a) in arts.iter_mut().enumerate() {
        a.meta.publication = Some("测试日报".into());
        a.meta.date = broadsheet::model::Date::new(2024, 3, 1);
        a.meta.page = Some(format!("A{}", 1 + i / 6));
    }
    let eds = group_editions(&arts);
    assert_eq!(eds.len(), 1);
    let r = write_edition(&eds[0], &opts(Paper::A4), env()).expect("edition");
    let has = |needle: &[u8]| r.bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"/Type/ObjStm"), "no object stream");
    assert!(has(b"/Type/XRef"), "no cross-reference stream");
    assert!(!has(b"\ntrailer"), "a classic trailer is left");
    assert!(
        !has(b"/Type/StructElem"),
        "structure elements written outside object streams"
    );
    let p = write("edition-objstm", &r.bytes);
    if common::pdf_tool(&["check", arg(&p)]).is_none() {
        return;
    }
    let t = tags(&p).expect("tags");
    assert_eq!(
        t["untagged"],
        Value::Array(vec![]),
        "content outside the tree"
    );
    assert_eq!(
        t["unlinked"],
        Value::Array(vec![]),
        "marked content no element owns"
    );
    let doc = &t["tree"][0];
    assert_eq!(doc["role"], "Document");
    let sects = doc["kids"]
        .as_array()
        .expect("Document's kids")
        .iter()
        .filter(|k| k["role"] == "Sect")
        .count();
    assert_eq!(
        sects,
        arts.len().div_ceil(6),
        "a Sect per page of the edition"
    );
    // Every article's headline text is in the tree that was read back.
    let json = t.to_string();
    for a in &arts {
        if let Some(h) = a.meta.headline.as_deref().and_then(trimmed) {
            assert!(json.contains(&spaceless(&h)) || json.contains(&h), "{h}");
        }
    }
}

/// The bench's baseline (`PdfOptions::untagged`, not reachable from the CLI) is what it
/// says: the same pages and glyphs with no structure tree, marked content, ActualText or
/// object streams, so "what tagging costs" compares like with like.
#[test]
fn the_untagged_baseline_draws_the_same_pages_without_structure() {
    let mut arts: Vec<Article> = samples().into_iter().map(|(_, a)| a).collect();
    for a in arts.iter_mut() {
        a.meta.publication = Some("测试日报".into());
        a.meta.date = broadsheet::model::Date::new(2024, 3, 1);
    }
    let eds = group_editions(&arts);
    let tagged = write_edition(&eds[0], &opts(Paper::A4), env()).expect("tagged");
    let bare = PdfOptions {
        untagged: true,
        ..opts(Paper::A4)
    };
    let untagged = write_edition(&eds[0], &bare, env()).expect("untagged");
    let has = |bytes: &[u8], needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    // The tagged catalog sits in an object stream; the untagged one is plain.
    for needle in [&b"/ObjStm"[..], b"/XRef"] {
        assert!(has(&tagged.bytes, needle), "tagged lacks {needle:?}");
    }
    for needle in [
        &b"/ObjStm"[..],
        b"/XRef",
        b"/StructTreeRoot",
        b"/MarkInfo",
        b"/Catalog",
    ] {
        assert_eq!(
            has(&untagged.bytes, needle),
            needle == b"/Catalog",
            "{needle:?}"
        );
    }
    let (t, u) = (
        write("baseline-tagged", &tagged.bytes),
        write("baseline-untagged", &untagged.bytes),
    );
    if common::pdf_tool(&["check", arg(&u)]).is_none() {
        return;
    }
    let (Some(tt), Some(ut)) = (pdftotext_body(&t, Paper::A4), pdftotext_body(&u, Paper::A4))
    else {
        return;
    };
    // The glyphs are the same; only spaces differ (made up for gaps untagged; U+3000
    // as its ActualText says, tagged).
    let ink = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(ink(&tt), ink(&ut));
    assert_eq!(
        tt.matches('\u{c}').count(),
        ut.matches('\u{c}').count(),
        "page count"
    );
}

/// The check can fail: the Han–Latin gap read without ActualText is a space.
#[test]
fn copy_check_sees_the_space_a_gap_makes_without_actual_text() {
    let Some((_, a)) = samples().into_iter().find(|(n, _)| n.starts_with("000_")) else {
        panic!("seed sample")
    };
    let r = write_article(&a, &opts(Paper::A4), env()).expect("render");
    let p = write("copy-gap", &r.bytes);
    let Some(plain) = common::pdf_tool(&["text", arg(&p)]) else {
        return;
    };
    // The pdfium tool's glyph reader skips spaces, so it agrees; the copy reader must
    // read the same characters, and the article has the run the issue names.
    assert!(plain.contains("山东金启航20GWh乐陵固态电池"), "{plain}");
    let copied = pdfium_body(&p, Paper::A4).unwrap_or_default();
    assert!(copied.contains("山东金启航20GWh乐陵固态电池"), "{copied}");
    assert!(!copied.contains("山东金启航 20GWh"), "{copied}");
}

fn dated(mut a: Article) -> Article {
    if a.meta.date.is_none() {
        a.meta.date = broadsheet::model::Date::new(2024, 3, 5);
    }
    a
}

fn archival(p: &Path) -> Option<Value> {
    let out = common::pdf_tool(&["archival", arg(p)])?;
    Some(serde_json::from_str(&out).expect("archival json"))
}

#[test]
fn standard_documents_embed_fonts_carry_an_output_intent_and_matching_xmp() {
    let picks = ["000_", "103_", "105_", "206_"];
    let cases = [
        (vec![PdfStandard::A2b, PdfStandard::Ua1], "2", "B", true),
        (vec![PdfStandard::A2u], "2", "U", false),
        (vec![PdfStandard::A3b, PdfStandard::Ua1], "3", "B", true),
    ];
    for (name, a) in samples()
        .into_iter()
        .filter(|(n, _)| picks.iter().any(|p| n.starts_with(p)))
    {
        let a = dated(a);
        for (standards, part, conformance, ua) in &cases {
            let o = PdfOptions {
                standards: standards.clone(),
                ..Default::default()
            };
            let r = write_article(&a, &o, env())
                .unwrap_or_else(|e| panic!("{name} {standards:?}: {e}"));
            let p = write(&format!("std-{part}{conformance}-{name}"), &r.bytes);
            if common::pdf_tool(&["check", arg(&p)]).is_none() {
                return;
            }
            let Some(v) = archival(&p) else { return };
            let what = format!("{name} {standards:?}");
            let xmp = &v["xmp"];
            assert_eq!(xmp["pdfaid:part"], *part, "{what}");
            assert_eq!(xmp["pdfaid:conformance"], *conformance, "{what}");
            assert_eq!(xmp.get("pdfuaid:part").is_some(), *ua, "{what}");
            let intents = v["output_intents"].as_array().expect("intents");
            assert!(
                intents
                    .iter()
                    .any(|i| i["subtype"] == "/GTS_PDFA1" && i["profile"] == true),
                "{what}: no PDF/A output intent with a profile: {intents:?}"
            );
            // PDF/A-2 and -3 allow soft masks (a picture's alpha) under a PDF/A output
            // intent, checked above; no other transparency is drawn.
            for t in v["transparency"].as_array().expect("transparency") {
                assert!(
                    t.as_str().unwrap_or("").ends_with("soft mask"),
                    "{what}: {t}"
                );
            }
            // XMP says what the document info says.
            let info = &v["info"];
            assert_eq!(xmp["dc:title"], info["Title"], "{what}");
            assert_eq!(xmp["dc:title"], a.display_title().as_str(), "{what}");
            if !a.authors().is_empty() {
                assert_eq!(xmp["dc:creator"][0], info["Author"], "{what}");
                assert_eq!(
                    xmp["dc:creator"][0],
                    a.authors().join(", ").as_str(),
                    "{what}"
                );
            }
            let lang = a.meta.lang.clone().unwrap_or_else(|| "zh-CN".into());
            assert_eq!(xmp["dc:language"][0], lang.as_str(), "{what}");
            if let Some(p) = &a.meta.publication {
                assert_eq!(xmp["dc:publisher"][0], p.as_str(), "{what}");
            }
            let d = a.meta.date.expect("dated");
            let day = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
            assert!(
                xmp["xmp:CreateDate"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with(&day),
                "{what}: {xmp}"
            );
            let compact = day.replace('-', "");
            assert!(
                info["CreationDate"]
                    .as_str()
                    .unwrap_or("")
                    .contains(&compact),
                "{what}: {info}"
            );
            let fonts: Value =
                serde_json::from_str(&common::pdf_tool(&["fonts", arg(&p)]).unwrap_or_default())
                    .expect("fonts json");
            for f in fonts.as_array().expect("fonts") {
                assert_eq!(f["embedded"], true, "{what}: {f}");
                assert_eq!(f["unicode"], true, "{what}: {f}");
            }
            // Tagged as every document is.
            let t = tags(&p).expect("tags");
            assert_eq!(t["untagged"], Value::Array(vec![]), "{what}");
        }
    }
}

#[test]
fn a_document_the_standard_refuses_is_an_error_that_says_what_failed() {
    let mut a = dated(Article::default());
    a.meta.headline = Some("缺字测试".into());
    a.body
        .push(Block::paragraph("正文里有一个没有字形的字：\u{E000}。"));
    let o = |s: Vec<PdfStandard>| PdfOptions {
        standards: s,
        ..Default::default()
    };
    // Without a standard it renders (with a warning); with PDF/A-2b it is refused.
    assert!(write_article(&a, &o(vec![]), env()).is_ok());
    let e = write_article(&a, &o(vec![PdfStandard::A2b]), env())
        .expect_err("PDF/A refuses a .notdef glyph")
        .to_string();
    assert!(
        e.contains("PDF/A-2b") && e.contains("no font has a glyph"),
        "{e}"
    );
    // An undated article cannot be PDF/A (its XMP history needs a date).
    let mut undated = a.clone();
    undated.meta.date = None;
    undated.body.truncate(0);
    undated.body.push(Block::paragraph("正文。"));
    let e = write_article(&undated, &o(vec![PdfStandard::A2u]), env())
        .expect_err("no date")
        .to_string();
    assert!(e.contains("PDF/A-2u") && e.contains("no date"), "{e}");
    // PDF/UA-1 alone needs no date.
    assert!(write_article(&undated, &o(vec![PdfStandard::Ua1]), env()).is_ok());
}

#[test]
fn cli_takes_several_standards_and_rejects_two_pdfa_parts() {
    let out = common::Scratch::new("pdf-standard");
    let o = out.path.to_str().expect("utf-8");
    let r = common::run(&[
        "convert",
        "samples/101_subtitle.txt",
        "-o",
        o,
        "-t",
        "pdf",
        "--date",
        "2024-03-05",
        "--pdf-standard",
        "a2b,ua1",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = common::run(&[
        "convert",
        "samples/101_subtitle.txt",
        "-o",
        o,
        "-t",
        "pdf",
        "--pdf-standard",
        "a2b,a3b",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("PDF/A-2b and PDF/A-3b"), "{}", r.stderr);
    let r = common::run(&[
        "convert",
        "samples/101_subtitle.txt",
        "-o",
        o,
        "--pdf-standard",
        "a9",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("a2b, a2u, a3b, ua1"), "{}", r.stderr);
}
