//! The command line end to end: conversions, encodings, metadata precedence, bad inputs,
//! exit codes, and that nothing half-written or overwritten is ever left behind.

mod common;

use common::*;
use serde_json::Value;

fn model_json(path: &std::path::Path) -> Value {
    let mut v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    // The source names the input file, which differs between the copies compared here.
    v.as_object_mut().unwrap().remove("source");
    v
}

#[test]
fn converts_the_seed_to_markdown_and_json() {
    let out = Scratch::new("seed");
    let r = run(&[
        "convert",
        SEED,
        "-o",
        out.path.to_str().unwrap(),
        "-t",
        "md,json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        out.files(),
        vec!["000_bcaf30ff217f506c.json", "000_bcaf30ff217f506c.md"]
    );
    let json = model_json(&out.join("000_bcaf30ff217f506c.json"));
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["headline"], "重大项目领跑 绿色崛起成势");
    assert_eq!(json["credits"][1]["role"], "本报通讯员");
    let md = std::fs::read_to_string(out.join("000_bcaf30ff217f506c.md")).unwrap();
    assert!(md.starts_with("---\ntitle: \"重大项目领跑 绿色崛起成势\"\n"));
    assert!(md.contains("\n## 项目攻坚构建现代产业体系\n"));
}

#[test]
fn a_folder_converts_every_recognised_file_and_mirrors_it() {
    let src = Scratch::new("tree-src");
    std::fs::copy(SEED, src.join("a.txt")).unwrap();
    src.write("sub/b.txt", std::fs::read(SEED).unwrap());
    src.write("sub/notes.pdf", b"%PDF-1.4 not ours");
    src.write(".hidden/c.txt", std::fs::read(SEED).unwrap());
    // Saved pages without a known extension are recognised by their first bytes;
    // other markup is not.
    let page = std::fs::read("samples/204_news_jsonld.html").unwrap();
    src.write("sub/content_123", &page);
    src.write("sub/logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>");
    src.write("sub/feed", b"<?xml version='1.0'?><rss/>");
    let out = Scratch::new("tree-out");
    let r = run(&[
        "convert",
        src.path.to_str().unwrap(),
        "-o",
        out.path.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(out.files(), vec!["a.md", "sub/b.md", "sub/content_123.md"]);
    assert!(
        out.join(".broadsheet-manifest.json").is_file(),
        "the manifest for re-runs"
    );
}

#[test]
fn standard_output_and_standard_input() {
    let r = run(&["convert", SEED, "-o", "-", "-t", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["page"], "A1");
    let seed = std::fs::read(SEED).unwrap();
    let r = run_with_stdin(&["convert", "-", "-o", "-", "-t", "md"], &seed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("title: \"重大项目领跑 绿色崛起成势\""));
    // -o - takes one input and one format.
    let r = run(&["convert", SEED, SEED, "-o", "-"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("exactly one input"), "{}", r.stderr);
    let r = run(&["convert", SEED, "-o", "-", "-t", "md,json"]);
    assert_eq!(r.code, 2);
}

#[test]
fn every_encoding_gives_the_same_model() {
    let text = std::fs::read_to_string(SEED).unwrap();
    let dir = Scratch::new("enc");
    let mut utf16le = vec![0xFF, 0xFE];
    let mut utf16be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        utf16le.extend(u.to_le_bytes());
        utf16be.extend(u.to_be_bytes());
    }
    let mut utf8bom = vec![0xEF, 0xBB, 0xBF];
    utf8bom.extend(text.as_bytes());
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("gbk", encoding_rs::GBK.encode(&text).0.into_owned()),
        ("gb18030", encoding_rs::GB18030.encode(&text).0.into_owned()),
        ("utf16le", utf16le),
        ("utf16be", utf16be),
        ("utf8bom", utf8bom),
    ];
    let out = Scratch::new("enc-out");
    let reference = {
        let r = run(&[
            "convert",
            SEED,
            "-o",
            out.path.to_str().unwrap(),
            "-t",
            "json",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        model_json(&out.join("000_bcaf30ff217f506c.json"))
    };
    for (name, bytes) in variants {
        let input = dir.write(&format!("{name}.txt"), &bytes);
        let r = run(&[
            "convert",
            input.to_str().unwrap(),
            "-o",
            out.path.to_str().unwrap(),
            "-t",
            "json",
        ]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(!r.stderr.contains("warning"), "{name}: {}", r.stderr);
        assert_eq!(
            model_json(&out.join(&format!("{name}.json"))),
            reference,
            "{name} differs"
        );
    }
}

#[test]
fn inspect_reports_the_encoding_it_decoded() {
    let text = std::fs::read_to_string(SEED).unwrap();
    let dir = Scratch::new("inspect-enc");
    let input = dir.write("gbk.txt", encoding_rs::GBK.encode(&text).0);
    let r = run(&["inspect", input.to_str().unwrap(), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        ["GBK", "gb18030"].contains(&v["encoding"]["name"].as_str().unwrap()),
        "{}",
        v["encoding"]
    );
    assert_eq!(v["articles"][0]["outline"]["paragraphs"], 22);
    assert_eq!(
        v["articles"][0]["outline"]["headings"][2]["text"],
        "全链保障厚植产业沃土"
    );
    assert_eq!(v["articles"][0]["meta"]["publication"], "乐陵市报");
    assert_eq!(v["origins"]["publication"], "text");
    // --encoding overrides detection.
    let r = run(&[
        "inspect",
        input.to_str().unwrap(),
        "--json",
        "--encoding",
        "gb2312",
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["encoding"]["name"], "GBK");
    assert_eq!(v["encoding"]["method"], "override");
    let r = run(&["inspect", SEED]);
    assert!(r.stdout.contains("encoding:    UTF-8"), "{}", r.stdout);
    assert!(
        r.stdout.contains("## 强力招商注入发展新动能"),
        "{}",
        r.stdout
    );
}

#[test]
fn invalid_gbk_bytes_convert_with_a_warning() {
    let text = std::fs::read_to_string(SEED).unwrap();
    let mut bytes = encoding_rs::GBK.encode(&text).0.into_owned();
    bytes.insert(200, 0xFF);
    let dir = Scratch::new("badgbk");
    let input = dir.write("bad.txt", &bytes);
    let out = Scratch::new("badgbk-out");
    let r = run(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        out.path.to_str().unwrap(),
        "--encoding",
        "gbk",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning:")
            && r.stderr.contains("1 malformed")
            && r.stderr.contains("offset 200"),
        "{}",
        r.stderr
    );
    assert_eq!(out.files(), vec!["bad.md"]);
}

#[test]
fn bad_inputs_fail_clearly_and_leave_nothing() {
    let dir = Scratch::new("bad");
    let empty = dir.write("empty.txt", b"");
    let binary = dir.write("binary.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj");
    let nul = dir.write("nul.txt", b"text\x00\x00\x01\x02binary");
    let garbage: Vec<u8> = (0..3000u32)
        .map(|i| {
            if i % 2 == 0 {
                0xFF
            } else {
                0x80 + (i % 0x3f) as u8
            }
        })
        .collect();
    let undecodable = dir.write("garbage.txt", &garbage);
    let chrome_only = dir.write(
        "chrome.txt",
        "今日  首页 - 帮助\n用户名: 密码: [注册][找回密码]\nDocument\n".as_bytes(),
    );
    let missing = dir.join("missing.txt");
    // Bytes that are mostly invalid in the encoding the user names cannot be text.
    let cases: [(&std::path::PathBuf, &str, &[&str]); 6] = [
        (&empty, "is empty", &[]),
        (&binary, "not text (a PDF document)", &[]),
        (&nul, "NUL bytes", &[]),
        (&undecodable, "cannot be decoded", &["--encoding", "gbk"]),
        (&chrome_only, "no article text", &[]),
        (&missing, "No such file", &[]),
    ];
    for (input, message, extra) in cases {
        let out = Scratch::new("bad-out");
        let mut args = vec![
            "convert",
            input.to_str().unwrap(),
            "-o",
            out.path.to_str().unwrap(),
            "-t",
            "md,json",
        ];
        args.extend_from_slice(extra);
        let r = run(&args);
        assert_eq!(r.code, 1, "{}: {}", input.display(), r.stderr);
        assert!(
            r.stderr.contains(message),
            "{}: expected '{message}' in: {}",
            input.display(),
            r.stderr
        );
        assert!(
            r.stderr
                .contains(input.file_name().unwrap().to_str().unwrap()),
            "names the file: {}",
            r.stderr
        );
        assert!(out.files().is_empty(), "left behind: {:?}", out.files());
    }
}

#[test]
fn one_bad_input_does_not_stop_the_others() {
    let dir = Scratch::new("mixed");
    let good = dir.write("good.txt", std::fs::read(SEED).unwrap());
    let bad = dir.write("bad.txt", b"");
    let out = Scratch::new("mixed-out");
    let r = run(&[
        "convert",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
        "-o",
        out.path.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(out.files(), vec!["good.md"]);
    assert!(r.stderr.contains("1 converted, 1 failed"), "{}", r.stderr);
}

#[test]
fn unwritable_output_directory_is_a_clear_error() {
    let dir = Scratch::new("unwritable");
    // A regular file where the output folder should be: fails even for root.
    let blocker = dir.write("blocker", b"x");
    let out = blocker.join("out");
    let r = run(&["convert", SEED, "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("cannot write output"), "{}", r.stderr);
    assert_eq!(dir.files(), vec!["blocker"]);
}

#[test]
fn output_that_would_overwrite_an_input_is_refused() {
    let dir = Scratch::new("overwrite");
    let md = std::fs::read(common::samples_dir().join("106_markdown.md")).unwrap();
    let input = dir.write("a.md", &md);
    let r = run(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        dir.path.to_str().unwrap(),
        "-t",
        "md",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("refusing to overwrite an input"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&input).unwrap(), md, "input untouched");
    assert_eq!(dir.files(), vec!["a.md"]);
}

#[test]
fn metadata_precedence_text_sidecar_path_flags() {
    let dir = Scratch::new("meta");
    let input = dir.write("2023-12-18/article.txt", std::fs::read(SEED).unwrap());
    dir.write(
        "2023-12-18/article.toml",
        "publication = \"侧车报\"\ndate = \"2020-01-01\"\npage = \"B2\"\n",
    );
    let inspect = |extra: &[&str]| -> Value {
        let mut args = vec!["inspect", "--json", input.to_str().unwrap()];
        args.extend_from_slice(extra);
        let r = run(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap()
    };
    let v = inspect(&[]);
    assert_eq!(
        v["articles"][0]["meta"]["publication"], "侧车报",
        "sidecar beats text"
    );
    assert_eq!(v["articles"][0]["meta"]["page"], "B2");
    assert_eq!(
        v["articles"][0]["meta"]["page_name"], "要闻",
        "text kept where the sidecar is silent"
    );
    assert_eq!(
        v["articles"][0]["meta"]["date"], "2023-12-18",
        "path beats sidecar"
    );
    assert_eq!(v["origins"]["date"], "path");
    let v = inspect(&[
        "--date",
        "2024-01-02",
        "--publication",
        "旗报",
        "--page",
        "C3",
        "--lang",
        "zh-HK",
    ]);
    assert_eq!(
        v["articles"][0]["meta"]["date"], "2024-01-02",
        "flag beats path"
    );
    assert_eq!(v["articles"][0]["meta"]["publication"], "旗报");
    assert_eq!(v["articles"][0]["meta"]["page"], "C3");
    assert_eq!(v["articles"][0]["meta"]["lang"], "zh-HK");
    assert_eq!(v["origins"]["date"], "flag");
    let v = inspect(&["--no-sidecar"]);
    assert_eq!(v["articles"][0]["meta"]["publication"], "乐陵市报");
}

#[test]
fn invalid_dates_name_their_source() {
    let r = run(&["convert", SEED, "-o", "-", "--date", "2023-02-30"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--date"), "{}", r.stderr);
    let dir = Scratch::new("baddate");
    let input = dir.write("a.txt", std::fs::read(SEED).unwrap());
    dir.write("a.json", r#"{"date": "2023-13-01"}"#);
    let r = run(&["convert", input.to_str().unwrap(), "-o", "-"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("sidecar")
            && r.stderr.contains("a.json")
            && r.stderr.contains("2023-13-01"),
        "{}",
        r.stderr
    );
    let input = dir.write("2023-13-45/b.txt", std::fs::read(SEED).unwrap());
    let r = run(&["convert", input.to_str().unwrap(), "-o", "-"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("path") && r.stderr.contains("2023-13-45"),
        "{}",
        r.stderr
    );
    let input = dir.write(
        "c.txt",
        "2023年2月30日\n标题\n  正文第一段，内容。\n".as_bytes(),
    );
    let r = run(&["convert", input.to_str().unwrap(), "-o", "-"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("the text of"), "{}", r.stderr);
}

#[test]
fn no_repair_keeps_the_scraped_text() {
    let r = run(&["convert", SEED, "-o", "-", "-t", "json", "--no-repair"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let body = v["body"].to_string();
    assert!(body.contains("一 一询问"));
    assert!(body.contains("项目启动以来,各项工作有序推进;"));
    // Decoding and structure are not "repair": same outline either way.
    assert_eq!(v["body"].as_array().unwrap().len(), 25);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["convert"]).code, 2);
    assert_eq!(run(&["convert", SEED, "-t", "docx"]).code, 2);
    let r = run(&["convert", SEED, "-o", "-", "--encoding", "klingon"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown encoding"), "{}", r.stderr);
    assert_eq!(run(&["frobnicate"]).code, 2);
    let help = run(&["convert", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--no-repair") && help.stdout.contains("--encoding"));
}

#[test]
fn markdown_round_trip_is_byte_identical_for_every_sample() {
    let first = Scratch::new("rt1");
    let second = Scratch::new("rt2");
    convert_ok("samples", &first, "md");
    assert!(first.files().len() >= 8);
    convert_ok(first.path.to_str().unwrap(), &second, "md");
    assert_same_files(&first, &second, "md -> md");
}

#[test]
fn same_input_same_bytes() {
    let a = Scratch::new("repro-a");
    let b = Scratch::new("repro-b");
    convert_ok("samples", &a, "md,json");
    convert_ok("samples", &b, "md,json");
    assert_same_files(&a, &b, "two runs");
}

/// pandoc must read our front matter and headings as we mean them.
#[test]
fn pandoc_reads_our_markdown() {
    let Some(pandoc) = require("pandoc", pandoc()) else {
        return;
    };
    let out = Scratch::new("pandoc");
    convert_ok("samples", &out, "md,json");
    for f in out.files().into_iter().filter(|f| f.ends_with(".md")) {
        let model: Value =
            serde_json::from_slice(&std::fs::read(out.join(&f.replace(".md", ".json"))).unwrap())
                .unwrap();
        let res = std::process::Command::new(&pandoc)
            .args(["-f", "markdown", "-t", "json"])
            .arg(out.join(&f))
            .output()
            .unwrap();
        assert!(
            res.status.success(),
            "pandoc failed on {f}: {}",
            String::from_utf8_lossy(&res.stderr)
        );
        let ast: Value = serde_json::from_slice(&res.stdout).unwrap();
        let title = stringify(&ast["meta"]["title"]);
        assert_eq!(
            title,
            model["headline"].as_str().unwrap_or(""),
            "{f}: title"
        );
        let headings: Vec<String> = ast["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["t"] == "Header")
            .map(|b| stringify(&b["c"][2]))
            .collect();
        let want: Vec<String> = model["body"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["type"] == "heading")
            .map(|b| b["text"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(headings, want, "{f}: headings");
    }
}

/// Flattens pandoc JSON inlines (or a MetaInlines value) to plain text.
fn stringify(v: &Value) -> String {
    match v {
        Value::Array(items) => items.iter().map(stringify).collect(),
        Value::Object(o) => match o.get("t").and_then(Value::as_str) {
            Some("Str") => o["c"].as_str().unwrap_or("").to_string(),
            Some("Space") | Some("SoftBreak") => " ".into(),
            Some("MetaInlines") | Some("MetaString") | Some("Emph") | Some("Strong") => {
                stringify(&o["c"])
            }
            Some("Quoted") => stringify(&o["c"][1]),
            _ => o.get("c").map(stringify).unwrap_or_default(),
        },
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

#[test]
fn pictures_outside_the_article_folder_are_never_embedded() {
    let dir = Scratch::new("escape");
    let png = std::fs::read(samples_dir().join("images/job-fair.png")).unwrap();
    dir.write("outside.png", &png);
    dir.write("page/inside.png", &png);
    let text = "标题在此\n  正文第一段，内容充实。\n[图片:../outside.png]\n图为越界的图片。\n  正文第二段，内容充实。\n[图片:inside.png]\n图为正常的图片。\n";
    let input = dir.write("page/a.txt", text.as_bytes());
    // Each backend refuses it on its own; together they report it once.
    for formats in ["pdf", "epub", "pdf,epub"] {
        let out = Scratch::new("escape-out");
        let r = run(&[
            "convert",
            input.to_str().unwrap(),
            "-o",
            out.path.to_str().unwrap(),
            "-t",
            formats,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            r.stderr.matches("outside the article's folder").count(),
            1,
            "{formats}: {}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("inside.png"),
            "the picture inside the folder is used: {}",
            r.stderr
        );
    }
}

#[test]
fn parallel_and_serial_runs_write_the_same_files() {
    let one = Scratch::new("jobs-1");
    let two = Scratch::new("jobs-2");
    let mut logs = Vec::new();
    for (out, jobs) in [(&one, "1"), (&two, "2")] {
        let r = run(&[
            "convert",
            "samples",
            "-o",
            out.path.to_str().unwrap(),
            "-t",
            "md,json,epub,pdf",
            "--jobs",
            jobs,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        // Drop the timing on the summary line; everything else is reported in input order.
        let dir = out.path.to_str().unwrap();
        let log: Vec<String> = r
            .stderr
            .lines()
            .map(|l| l.split(" in ").next().unwrap_or(l).replace(dir, "OUT"))
            .collect();
        logs.push(log);
    }
    assert_eq!(
        logs[0], logs[1],
        "messages differ between --jobs 1 and --jobs 2"
    );
    assert_same_files(&one, &two, "--jobs 1 vs --jobs 2");
}

#[test]
fn report_fail_fast_and_quiet() {
    let dir = Scratch::new("report");
    dir.write("a_bad.txt", b"");
    dir.write("b_good.txt", std::fs::read(SEED).unwrap());
    let out = Scratch::new("report-out");
    let reports = Scratch::new("report-file");
    let report = reports.join("report.json");
    let r = run(&[
        "convert",
        dir.path.to_str().unwrap(),
        "-o",
        out.path.to_str().unwrap(),
        "-t",
        "md",
        "--quiet",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        !r.stderr.contains("converted "),
        "--quiet prints no per-file lines: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("a_bad.txt: the file is empty"),
        "{}",
        r.stderr
    );
    let v: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["summary"]["converted"], 1);
    assert_eq!(v["summary"]["failed"], 1);
    let inputs = v["inputs"].as_array().unwrap();
    assert_eq!(inputs[0]["status"], "failed");
    assert!(inputs[0]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(inputs[1]["status"], "converted");
    assert!(
        inputs[1]["outputs"][0]
            .as_str()
            .unwrap()
            .ends_with("b_good.md")
    );

    // --fail-fast: the good input after the bad one is skipped, nothing of it written.
    let out = Scratch::new("failfast-out");
    let r = run(&[
        "convert",
        dir.path.to_str().unwrap(),
        "-o",
        out.path.to_str().unwrap(),
        "--fail-fast",
        "--jobs",
        "1",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("0 converted, 1 failed, 1 skipped"),
        "{}",
        r.stderr
    );
    assert!(out.files().is_empty());
}

#[test]
fn completions_and_man_page() {
    let r = run(&["completions", "bash"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("broadsheet") && r.stdout.contains("--edition"));
    let r = run(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(".ie") || r.stdout.contains(".TH broadsheet"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
    assert_eq!(run(&["completions", "klingon"]).code, 2);
}

#[test]
fn image_root_and_no_cover() {
    // An article whose picture lives in a separate picture store, not beside it.
    let src = Scratch::new("imgroot-src");
    src.write(
        "a.md",
        "---\ntitle: 图片测试\n---\n\n正文第一段。\n\n![招聘会现场](images/job-fair.png)\n",
    );
    let store = Scratch::new("imgroot-store");
    store.write(
        "images/job-fair.png",
        std::fs::read("samples/images/job-fair.png").unwrap(),
    );
    let names = |epub: &std::path::Path| -> Vec<String> {
        let z = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
        z.file_names().map(|n| n.unwrap().into_owned()).collect()
    };
    let input = src.join("a.md");
    let out = Scratch::new("imgroot-out");
    let o = out.path.to_str().unwrap();
    let r = run(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        o,
        "-t",
        "epub,pdf",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("job-fair.png"),
        "missing picture is reported: {}",
        r.stderr
    );
    let without = std::fs::metadata(out.join("a.pdf")).unwrap().len();

    let r = run(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        o,
        "-t",
        "epub,pdf",
        "--image-root",
        store.path.to_str().unwrap(),
        "--no-cover",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    let entries = names(&out.join("a.epub"));
    assert!(
        entries.iter().any(|n| n.starts_with("OEBPS/images/i")),
        "{entries:?}"
    );
    assert!(!entries.iter().any(|n| n.contains("cover")), "{entries:?}");
    assert!(std::fs::metadata(out.join("a.pdf")).unwrap().len() > without);

    let r = run(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        o,
        "--image-root",
        "/no/such/dir",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--image-root"), "{}", r.stderr);
}

#[test]
fn outputs_and_report_inside_the_input_folder_are_not_inputs() {
    let src = Scratch::new("nested-out");
    std::fs::copy(SEED, src.join("a.txt")).unwrap();
    let out = src.join("out");
    let report = src.join("report.json");
    for _ in 0..2 {
        let r = run(&[
            "convert",
            src.path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-t",
            "md,json",
            "--report",
            report.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    assert_eq!(
        src.files(),
        vec!["a.txt", "out/a.json", "out/a.md", "report.json"]
    );
}
