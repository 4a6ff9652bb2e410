//! Archives in CI, through the CLI: a generated archive with broken files mixed in,
//! shards whose union is the whole run, re-runs that skip what is current, and an
//! interrupted run that leaves only complete files and is finished by a re-run.

mod common;

use common::{Scratch, broadsheet, run, samples_dir};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

/// Writes an archive of `n` articles made from the text, Markdown and HTML samples, each
/// copy numbered (so no two inputs are alike), spread over 30 dates and 8 pages as an
/// e-paper site saves them: `YYYY-MM-DD/NN/<sample>-<i>.<ext>`. Returns the input paths
/// relative to the archive.
fn make_archive(root: &Path, n: usize) -> Vec<String> {
    let mut samples: Vec<(String, Vec<u8>)> = std::fs::read_dir(samples_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ["txt", "md", "html"].contains(&e.to_str().unwrap_or("")))
        })
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (
                format!("{name}.{}", p.extension().unwrap().to_string_lossy()),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    samples.sort();
    let mut made = Vec::with_capacity(n);
    for i in 0..n {
        let (name, bytes) = &samples[i % samples.len()];
        let (stem, ext) = name.rsplit_once('.').unwrap();
        let rel = format!(
            "2024-03-{:02}/{:02}/{stem}-{i:04}.{ext}",
            1 + (i / 8) % 30,
            1 + i % 8
        );
        let mut bytes = bytes.clone();
        // A numbered line keeps every copy distinct (for HTML after the document: the
        // bytes differ, the article need not).
        bytes.extend_from_slice(format!("\n\n第{i}号。\n").as_bytes());
        let path = root.join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        made.push(rel);
    }
    made
}

/// Broken inputs, each for a different reason; returns their relative paths.
fn add_broken(root: &Path) -> Vec<String> {
    let broken: [(&str, &[u8]); 6] = [
        ("2024-03-02/01/empty.txt", b""),
        (
            "2024-03-02/02/picture.txt",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
        ),
        ("2024-03-03/01/nul.txt", b"abc\0\0\0def\0\0"),
        (
            "2024-03-04/03/truncated.json",
            b"{\"headline\": \"\xe6\xa0\x87\xe9\xa2\x98\", \"body\": [\"\xe6\xad\xa3",
        ),
        (
            "2024-03-05/01/chrome-only.txt",
            "首页\n返回目录\n上一版\n下一版\n".as_bytes(),
        ),
        (
            "2024-03-06/04/no-article.html",
            b"<html><head><title>x</title></head><body><nav><a href=/>home</a></nav></body></html>",
        ),
    ];
    broken
        .iter()
        .map(|(rel, bytes)| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, bytes).unwrap();
            rel.to_string()
        })
        .collect()
}

/// The output files of a folder (no manifests), relative, with their bytes.
fn outputs(dir: &Scratch) -> BTreeMap<String, Vec<u8>> {
    dir.files()
        .into_iter()
        .filter(|f| !f.contains(".broadsheet-manifest"))
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn mtimes(dir: &Scratch) -> BTreeMap<String, SystemTime> {
    dir.files()
        .into_iter()
        .filter(|f| !f.contains(".broadsheet-manifest"))
        .map(|f| {
            let t = std::fs::metadata(dir.join(&f)).unwrap().modified().unwrap();
            (f, t)
        })
        .collect()
}

fn report_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn convert(archive: &Scratch, out: &Scratch, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "convert",
        archive.path.to_str().unwrap(),
        "-o",
        out.path.to_str().unwrap(),
        "--progress",
        "never",
        "-q",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn archive_of_500_with_broken_files() {
    let archive = Scratch::new("arch500");
    let good = make_archive(&archive.path, 500);
    let broken = add_broken(&archive.path);
    let out = Scratch::new("arch500-out");
    let report = out.path.with_extension("report.json");
    let r = convert(
        &archive,
        &out,
        &["-t", "md,epub,pdf", "--report", report.to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "some inputs failed: exit 1\n{}", r.stderr);
    // Every broken file named on stderr with its reason.
    for b in &broken {
        assert!(
            r.stderr
                .lines()
                .any(|l| l.starts_with("error:") && l.contains(b.as_str())),
            "{b} not reported:\n{}",
            r.stderr
        );
    }
    assert!(r.stderr.contains("500 converted, 6 failed"), "{}", r.stderr);
    // Every good file converted, in every format; nothing for the broken ones; no
    // temporary files.
    let files = outputs(&out);
    let mut expected: Vec<String> = good
        .iter()
        .flat_map(|g| {
            let stem = g.rsplit_once('.').unwrap().0.to_string();
            ["md", "epub", "pdf"].map(|ext| format!("{stem}.{ext}"))
        })
        .collect();
    expected.sort();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), expected);
    for (name, bytes) in &files {
        assert!(
            !name.contains("broadsheet-tmp"),
            "temporary file left: {name}"
        );
        assert!(!bytes.is_empty(), "{name} is empty");
        if name.ends_with(".pdf") {
            assert!(
                bytes.ends_with(b"%%EOF\n") || bytes.ends_with(b"%%EOF"),
                "{name} incomplete"
            );
        }
    }
    // The report: every input, broken ones failed with their error.
    let rep = report_json(&report);
    assert_eq!(rep["summary"]["converted"], 500);
    assert_eq!(rep["summary"]["failed"], 6);
    let entries = rep["inputs"].as_array().unwrap();
    assert_eq!(entries.len(), 506);
    for b in &broken {
        let e = entries
            .iter()
            .find(|e| e["input"].as_str().unwrap().ends_with(b.as_str()))
            .unwrap_or_else(|| panic!("{b} missing from the report"));
        assert_eq!(e["status"], "failed", "{b}");
        assert!(e["error"].as_str().unwrap().contains(b.as_str()), "{e}");
    }
    assert_eq!(
        entries
            .iter()
            .filter(|e| e["status"] == "converted")
            .count(),
        500
    );
    let _ = std::fs::remove_file(report);
}

#[test]
fn shards_together_are_the_whole_run() {
    let archive = Scratch::new("shards");
    make_archive(&archive.path, 60);
    add_broken(&archive.path);
    for mode in [&["-t", "md,pdf"][..], &["-t", "md,epub", "--edition"][..]] {
        let whole = Scratch::new("shards-whole");
        let whole_report = whole.path.with_extension("json");
        let mut args = mode.to_vec();
        args.extend(["--report", whole_report.to_str().unwrap()]);
        let r = convert(&archive, &whole, &args);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let expected = outputs(&whole);
        let mut union: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut reports = Vec::new();
        let shards: Vec<Scratch> = (1..=3).map(|_| Scratch::new("shard")).collect();
        for (k, dir) in shards.iter().enumerate() {
            let shard = format!("{}/3", k + 1);
            let report = dir.path.with_extension("json");
            let mut args = mode.to_vec();
            args.extend(["--shard", &shard, "--report", report.to_str().unwrap()]);
            let r = convert(&archive, dir, &args);
            assert!(r.code == 0 || r.code == 1, "{shard}: {}", r.stderr);
            assert!(
                dir.join(&format!(".broadsheet-manifest-{}-of-3.json", k + 1))
                    .is_file(),
                "each shard keeps its own manifest"
            );
            let files = outputs(dir);
            assert!(!files.is_empty(), "shard {shard} did nothing");
            for (name, bytes) in files {
                assert!(
                    union.insert(name.clone(), bytes).is_none(),
                    "{name} written by two shards ({mode:?})"
                );
            }
            reports.push(report);
        }
        assert_eq!(
            union.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{mode:?}"
        );
        for (name, bytes) in &expected {
            assert!(
                union[name] == *bytes,
                "{name} differs from the unsharded run ({mode:?})"
            );
        }
        // The merged report lists what the unsharded one does.
        let merged = whole.path.with_extension("merged.json");
        let mut args = vec!["report", "merge"];
        args.extend(reports.iter().map(|p| p.to_str().unwrap()));
        args.extend(["-o", merged.to_str().unwrap()]);
        let r = run(&args);
        assert_eq!(
            r.code, 1,
            "failures in a shard fail the merge: {}",
            r.stderr
        );
        let (m, w) = (report_json(&merged), report_json(&whole_report));
        for key in ["converted", "failed", "editions", "skipped"] {
            assert_eq!(m["summary"][key], w["summary"][key], "{key} ({mode:?})");
        }
        let names = |v: &serde_json::Value| {
            let mut n: Vec<String> = v["inputs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| format!("{} {}", e["input"], e["status"]))
                .collect();
            n.sort();
            n
        };
        assert_eq!(names(&m), names(&w), "{mode:?}");
        // Overlapping shards are refused.
        let r = run(&[
            "report",
            "merge",
            reports[0].to_str().unwrap(),
            reports[0].to_str().unwrap(),
        ]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("shards overlap"), "{}", r.stderr);
        for p in reports.iter().chain([&whole_report, &merged]) {
            let _ = std::fs::remove_file(p);
        }
    }
}

#[test]
fn rerun_converts_only_what_changed() {
    let archive = Scratch::new("rerun");
    let inputs = make_archive(&archive.path, 40);
    let out = Scratch::new("rerun-out");
    let r = convert(&archive, &out, &["-t", "md,pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first = mtimes(&out);
    assert_eq!(first.len(), 80);
    // Later writes must be visible in mtimes even on coarse-grained file systems.
    std::thread::sleep(Duration::from_millis(20));

    let report = out.path.with_extension("json");
    let r = convert(
        &archive,
        &out,
        &["-t", "md,pdf", "--report", report.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("0 converted, 40 unchanged, 0 failed"),
        "{}",
        r.stderr
    );
    assert_eq!(mtimes(&out), first, "nothing may be rewritten");
    let rep = report_json(&report);
    assert!(
        rep["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["status"] == "unchanged")
    );
    assert_eq!(rep["inputs"][0]["outputs"].as_array().unwrap().len(), 2);
    // Fewer formats: nothing to do, and only the requested outputs are listed.
    let r = convert(
        &archive,
        &out,
        &["-t", "md", "--report", report.to_str().unwrap()],
    );
    assert!(
        r.stderr.contains("0 converted, 40 unchanged"),
        "{}",
        r.stderr
    );
    let rep = report_json(&report);
    assert_eq!(rep["inputs"][0]["outputs"].as_array().unwrap().len(), 1);

    // One input edited: only it is converted.
    let edited = archive.join(&inputs[7]);
    let mut bytes = std::fs::read(&edited).unwrap();
    bytes.extend_from_slice("\n\n补充一段。\n".as_bytes());
    std::fs::write(&edited, bytes).unwrap();
    let r = convert(&archive, &out, &["-t", "md,pdf"]);
    assert!(
        r.stderr.contains("1 converted, 39 unchanged"),
        "{}",
        r.stderr
    );
    let now = mtimes(&out);
    let stem = inputs[7].rsplit_once('.').unwrap().0;
    let changed: Vec<&String> = now.keys().filter(|k| now[*k] != first[*k]).collect();
    assert_eq!(changed, [&format!("{stem}.md"), &format!("{stem}.pdf")]);

    // A PDF option changed: the PDFs again, not the Markdown.
    let before = mtimes(&out);
    let r = convert(&archive, &out, &["-t", "md,pdf", "--paper", "a5"]);
    assert!(r.stderr.contains("40 converted, 0 failed"), "{}", r.stderr);
    let after = mtimes(&out);
    for (name, t) in &after {
        assert_eq!(name.ends_with(".pdf"), *t != before[name], "{name}");
    }

    // A deleted output is made again; --force converts everything.
    let gone = out.join(&format!("{stem}.md"));
    std::fs::remove_file(&gone).unwrap();
    let r = convert(&archive, &out, &["-t", "md,pdf", "--paper", "a5"]);
    assert!(
        r.stderr.contains("1 converted, 39 unchanged"),
        "{}",
        r.stderr
    );
    assert!(gone.is_file());
    let r = convert(
        &archive,
        &out,
        &["-t", "md,pdf", "--paper", "a5", "--force"],
    );
    assert!(r.stderr.contains("40 converted, 0 failed"), "{}", r.stderr);

    // Edition mode: editions whose members did not change are not written again.
    let editions = Scratch::new("rerun-editions");
    let r = convert(&archive, &editions, &["-t", "epub", "--edition"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = mtimes(&editions);
    assert!(written.keys().any(|k| k.ends_with(".epub")));
    std::thread::sleep(Duration::from_millis(20));
    let r = convert(&archive, &editions, &["-t", "epub", "--edition"]);
    assert!(r.stderr.contains("0 converted"), "{}", r.stderr);
    assert_eq!(mtimes(&editions), written);
    // A new input joins an edition: that edition alone is written again.
    std::fs::copy(
        archive.join(&inputs[0]),
        archive.join("2024-03-01/01/extra.txt"),
    )
    .unwrap();
    let r = convert(&archive, &editions, &["-t", "epub", "--edition"]);
    assert!(r.stderr.contains("1 converted, "), "{}", r.stderr);
    assert!(r.stderr.contains("1 edition(s) written"), "{}", r.stderr);
    let again = mtimes(&editions);
    let rewritten: Vec<&String> = again.keys().filter(|k| again[*k] != written[*k]).collect();
    assert_eq!(rewritten.len(), 1, "{rewritten:?}");
    let _ = std::fs::remove_file(report);
}

#[test]
fn interrupted_run_leaves_complete_files_and_a_rerun_finishes() {
    let archive = Scratch::new("sigint");
    make_archive(&archive.path, 240);
    let reference = Scratch::new("sigint-ref");
    let r = convert(&archive, &reference, &["-t", "md,pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = outputs(&reference);

    let out = Scratch::new("sigint-out");
    let child = broadsheet()
        .args([
            "convert",
            archive.path.to_str().unwrap(),
            "-o",
            out.path.to_str().unwrap(),
            "-t",
            "md,pdf",
            "--jobs",
            "1",
            "--progress",
            "never",
            "-q",
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it is well under way, then Ctrl-C.
    let start = Instant::now();
    while out.files().len() < 40 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");

    let partial = outputs(&out);
    assert!(
        partial.len() < expected.len(),
        "the run finished before the signal; nothing was tested"
    );
    for (name, bytes) in &partial {
        assert!(
            !name.contains("broadsheet-tmp"),
            "temporary file left: {name}"
        );
        assert!(
            expected.get(name) == Some(bytes),
            "{name} is not the complete file"
        );
    }
    // The re-run converts the rest and skips what was finished.
    let r = convert(&archive, &out, &["-t", "md,pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains(" 0 unchanged"), "{}", r.stderr);
    assert_eq!(outputs(&out), expected);
}
