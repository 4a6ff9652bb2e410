//! Issue 11, the input side: each case a harsh user found (a stray byte, BOM-less UTF-16,
//! an unclosed CSV quote, huge or endless inputs, deep front matter, mistyped sidecar
//! fields) through the binary: a clear message, the right exit code, nothing lost.

mod common;

use common::*;
use serde_json::Value;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn seed_text() -> String {
    std::fs::read_to_string(SEED).unwrap()
}

/// `inspect --json` of a file that must be read.
fn inspect(path: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["inspect", path.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// The article as Markdown on standard output.
fn markdown(path: &std::path::Path, extra: &[&str]) -> String {
    let mut args = vec!["convert", path.to_str().unwrap(), "-o", "-", "-t", "md"];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

fn warning<'a>(report: &'a Value, code: &str) -> Option<&'a str> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == code)
        .map(|w| w["message"].as_str().unwrap())
}

/// Where to cut the seed: the start of a body line well inside the text.
fn body_line_start(text: &str) -> usize {
    let at = text
        .find("发展是第一要务")
        .expect("the seed has this paragraph");
    text[..at].rfind('\n').map_or(0, |n| n + 1)
}

// Bug 1: one invalid byte must not turn a UTF-8 file into windows-1252 mojibake.
#[test]
fn utf8_with_a_stray_byte_stays_utf8_with_one_replacement() {
    let text = seed_text();
    let at = body_line_start(&text);
    let mut bytes = text.as_bytes().to_vec();
    bytes.insert(at, 0xFF);
    let dir = Scratch::new("utf8-stray");
    let file = dir.write("a.txt", &bytes);
    let report = inspect(&file, &[]);
    assert_eq!(report["encoding"]["name"], "UTF-8", "{report}");
    let w = warning(&report, "malformed-bytes").expect("a warning");
    assert!(w.starts_with("1 malformed"), "{w}");
    assert!(w.contains(&format!("offset {at}")), "{w}");
    let md = markdown(&file, &[]);
    assert!(md.contains("重大项目领跑 绿色崛起成势"), "{md}");
    assert_eq!(md.matches('\u{FFFD}').count(), 1);
}

#[test]
fn utf8_with_a_truncated_character_stays_utf8() {
    let text = seed_text();
    // Cut the last byte of the first character of a paragraph (after its indent).
    let at = body_line_start(&text) + 4;
    let mut bytes = text.as_bytes().to_vec();
    bytes.remove(at);
    let dir = Scratch::new("utf8-cut");
    let file = dir.write("a.txt", &bytes);
    let report = inspect(&file, &[]);
    assert_eq!(report["encoding"]["name"], "UTF-8");
    let w = warning(&report, "malformed-bytes").expect("a warning");
    assert!(w.contains(&format!("offset {}", at - 2)), "{w}");
    assert!(markdown(&file, &[]).contains("要务"));
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn gbk_with_a_stray_byte_stays_gbk() {
    let text = seed_text().replace('\u{a0}', " ");
    let mut bytes = gbk(&text);
    let at = gbk(&text[..body_line_start(&text)]).len();
    bytes.insert(at, 0xFF);
    let dir = Scratch::new("gbk-stray");
    let file = dir.write("a.txt", &bytes);
    let report = inspect(&file, &[]);
    assert_eq!(report["encoding"]["name"], "GBK", "{report}");
    let w = warning(&report, "malformed-bytes").expect("a warning");
    assert!(w.contains(&format!("offset {at}")), "{w}");
    let md = markdown(&file, &[]);
    assert!(md.contains("重大项目领跑 绿色崛起成势"));
    assert!(md.contains("综合评价列德州第一位"));
}

#[test]
fn gbk_with_one_utf8_line_reads_both() {
    let text = seed_text().replace('\u{a0}', " ");
    let at = body_line_start(&text);
    let line = "　　这一段由另一个编辑器以统一码保存，仍要读对。\n";
    let mut bytes = gbk(&text[..at]);
    let offset = bytes.len();
    bytes.extend_from_slice(line.as_bytes());
    bytes.extend(gbk(&text[at..]));
    let dir = Scratch::new("gbk-utf8-line");
    let file = dir.write("a.txt", &bytes);
    let report = inspect(&file, &[]);
    assert_eq!(report["encoding"]["name"], "GBK", "{report}");
    let w = warning(&report, "mixed-encoding").expect("a warning");
    assert!(w.starts_with("1 line(s) in UTF-8"), "{w}");
    assert!(w.contains(&format!("offset {offset}")), "{w}");
    let md = markdown(&file, &[]);
    assert!(md.contains("这一段由另一个编辑器以统一码保存"), "{md}");
    assert!(md.contains("综合评价列德州第一位"));
    assert!(!md.contains('\u{FFFD}'));
}

// Bug 2: Chinese UTF-16 without a BOM (U+3000 and 一 put NULs on both parities).
fn utf16(text: &str, le: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
        .collect()
}

fn utf16_text() -> String {
    // Full-width indents (U+3000) and 一 (U+4E00): NULs at both parities.
    let text = seed_text().replace("\n  ", "\n\u{3000}\u{3000}");
    assert!(text.contains('一') && text.contains('\u{3000}'));
    text
}

#[test]
fn utf16_without_bom_is_read_with_encoding_flag() {
    let dir = Scratch::new("utf16-flag");
    for (le, label, name) in [
        (true, "utf-16le", "UTF-16LE"),
        (false, "utf-16be", "UTF-16BE"),
    ] {
        let file = dir.write(&format!("{label}.txt"), utf16(&utf16_text(), le));
        let report = inspect(&file, &["--encoding", label]);
        assert_eq!(report["encoding"]["name"], name);
        assert_eq!(
            report["articles"][0]["meta"]["headline"],
            "重大项目领跑 绿色崛起成势"
        );
    }
}

#[test]
fn chinese_utf16_without_bom_is_detected() {
    let dir = Scratch::new("utf16-detect");
    for (le, name) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
        let file = dir.write(&format!("{name}.txt"), utf16(&utf16_text(), le));
        let report = inspect(&file, &[]);
        assert_eq!(report["encoding"]["name"], name);
        assert!(markdown(&file, &[]).contains("综合评价列德州第一位"));
    }
    // Binary with NULs is still refused, with a hint at the flag.
    let bin: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let file = dir.write("blob.txt", bin);
    let r = run(&["convert", file.to_str().unwrap(), "-o", "-", "-t", "md"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("NUL bytes"), "{}", r.stderr);
}

// Bug 7: one unclosed quote must not swallow every later row into one article.
const CSV_HEAD: &str = "标题,作者,日期,正文\n";

fn csv_row(n: usize) -> String {
    format!("第{n}篇,记者{n},2024-01-0{n},第{n}篇的正文。\n")
}

#[test]
fn csv_with_an_unclosed_quote_keeps_every_row() {
    let mut csv = CSV_HEAD.to_string();
    for n in 1..=5 {
        let row = csv_row(n);
        csv.push_str(&if n == 3 { format!("\"{row}") } else { row });
    }
    let dir = Scratch::new("csv-quote");
    let file = dir.write("a.csv", &csv);
    let report = inspect(&file, &[]);
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5, "{report}");
    assert_eq!(articles[4]["meta"]["headline"], "第5篇");
    let w = warning(&report, "csv-unclosed-quote").expect("a warning");
    assert!(w.starts_with("line 4:"), "{w}");
}

#[test]
fn csv_rows_held_in_one_field_by_two_stray_quotes_are_reported() {
    // Row 2 opens a quote, row 4 closes it: the csv crate reads rows 2-4 as one row.
    let mut csv = CSV_HEAD.to_string();
    csv.push_str(&csv_row(1));
    csv.push_str(&format!(
        "第2篇,记者2,2024-01-02,\"第2篇的正文。\n{}",
        csv_row(3)
    ));
    csv.push_str("第4篇,记者4,2024-01-04,第4篇的正文。\" 完\n");
    csv.push_str(&csv_row(5));
    let dir = Scratch::new("csv-two-quotes");
    let file = dir.write("a.csv", &csv);
    let report = inspect(&file, &[]);
    let w = warning(&report, "csv-rows-in-a-field").expect("a warning");
    assert!(w.starts_with("line 4:"), "{w}");
}

#[test]
fn csv_with_an_unmendable_quote_fails_naming_the_line() {
    let csv = format!(
        "{CSV_HEAD}{}一,张三,2024-01-09,\"第一段。\n第二段。\n",
        csv_row(1)
    );
    let dir = Scratch::new("csv-quote-bad");
    let file = dir.write("a.csv", csv);
    let out = Scratch::new("csv-quote-bad-out");
    let r = run(&[
        "convert",
        file.to_str().unwrap(),
        "-o",
        out.path.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("line 3: a quoted field opens here and never closes"),
        "{}",
        r.stderr
    );
}

// Bug 8: an input's size is capped; devices and FIFOs are refused, never read forever.
#[test]
fn an_input_over_the_size_limit_is_refused() {
    let dir = Scratch::new("huge");
    let path = dir.join("huge.txt");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(256 * 1024 * 1024 + 1).unwrap(); // sparse: no disk used
    let r = run(&["convert", path.to_str().unwrap(), "-o", "-", "-t", "md"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("larger than the 256 MiB"), "{}", r.stderr);
}

/// Runs broadsheet and fails the test if it has not finished within `limit`.
fn run_bounded(args: &[&str], stdin: Stdio, limit: Duration) -> (i32, String) {
    let mut child = broadsheet()
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("broadsheet {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_refused_not_read_forever() {
    let limit = Duration::from_secs(20);
    let (code, err) = run_bounded(
        &["convert", "/dev/zero", "-o", "-", "-t", "md"],
        Stdio::null(),
        limit,
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("a character device, not a regular file"),
        "{err}"
    );

    let dir = Scratch::new("fifo");
    let fifo = dir.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (code, err) = run_bounded(
        &["convert", fifo.to_str().unwrap(), "-o", "-", "-t", "md"],
        Stdio::null(),
        limit,
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("FIFO"), "{err}");

    // Standard input is read up to the limit, then refused.
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let (code, err) = run_bounded(
        &["convert", "-", "-o", "-", "-t", "md"],
        Stdio::from(zero),
        limit,
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("larger than the 256 MiB"), "{err}");
}

// Bug 9: deep front matter fails fast.
#[test]
fn deeply_nested_front_matter_fails_fast() {
    let dir = Scratch::new("yaml-deep");
    let md = format!("---\ntitle: {}\n---\n\n正文。\n", "[".repeat(100_000));
    let file = dir.write("a.md", md);
    let started = Instant::now();
    let (code, err) = run_bounded(
        &["convert", file.to_str().unwrap(), "-o", "-", "-t", "md"],
        Stdio::null(),
        Duration::from_secs(20),
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("more than 64 levels deep"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

// Bug 16: a sidecar field of the wrong type is an error naming the field and the file,
// as a bad date string is.
#[test]
fn mistyped_sidecar_fields_fail_naming_field_and_file() {
    for (sidecar, field, found) in [
        (r#"{"date": [1, 2]}"#, "date", "a list"),
        (r#"{"author": {"name": "张三"}}"#, "author", "a map"),
        (r#"{"title": {"zh": "标题"}}"#, "title", "a map"),
        (
            r#"{"credits": [["本报记者", "张三"]]}"#,
            "credits",
            "a list",
        ),
    ] {
        let dir = Scratch::new("sidecar-type");
        let input = dir.join("a.txt");
        std::fs::copy(SEED, &input).unwrap();
        dir.write("a.json", sidecar);
        let r = run(&["convert", input.to_str().unwrap(), "-o", "-", "-t", "md"]);
        assert_eq!(r.code, 1, "{sidecar}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("field '{field}'")) && r.stderr.contains("a.json"),
            "{sidecar}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(&format!("not {found}")), "{}", r.stderr);
    }
    // null is no value, not an error; a single byline string is a credit.
    let dir = Scratch::new("sidecar-null");
    let input = dir.join("a.txt");
    std::fs::copy(SEED, &input).unwrap();
    dir.write("a.json", r#"{"date": null, "credits": "本报记者 张三"}"#);
    let report = inspect(&input, &[]);
    assert_eq!(report["articles"][0]["meta"]["credits"][0]["name"], "张三");
}
