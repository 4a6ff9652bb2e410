//! EPUB through the command line: every sample as an article book and as editions, checked
//! by EPUBCheck; editions independent of the order inputs are named in.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// Runs EPUBCheck on several books in one JVM (`--json` per file is slower to start).
fn assert_epubcheck_clean(files: &[PathBuf]) {
    if epubcheck().is_none() {
        return;
    }
    // One JVM per book; two at a time (the machines here have two cores).
    let check = |f: &PathBuf| {
        let out = epubcheck()
            .expect("found above")
            .arg(f)
            .output()
            .expect("java runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains("0 fatals / 0 errors / 0 warnings"),
            "{}: EPUBCheck is not clean:\n{text}",
            f.display()
        );
    };
    std::thread::scope(|s| {
        let (left, right) = files.split_at(files.len() / 2);
        let worker = s.spawn(|| left.iter().for_each(check));
        right.iter().for_each(check);
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

fn epubs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "epub"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_sample_as_an_article_epub_passes_epubcheck() {
    let out = Scratch::new("epub-articles");
    convert_ok("samples", &out, "epub,md");
    let books = epubs(&out.path);
    let articles = out.files().iter().filter(|f| f.ends_with(".md")).count();
    assert!(articles >= 17, "{:?}", out.files());
    assert_eq!(
        books.len(),
        articles,
        "one book per article: {:?}",
        out.files()
    );
    assert_epubcheck_clean(&books);
}

#[test]
fn an_edition_of_all_samples_passes_epubcheck() {
    // One paper, one day: every sample forced into the same edition.
    let out = Scratch::new("epub-edition");
    let r = run(&[
        "convert",
        "samples",
        "-o",
        out.path.to_str().unwrap(),
        "-t",
        "epub,md",
        "--edition",
        "--publication",
        "样报",
        "--date",
        "2024-05-01",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(" converted, 0 failed, 1 edition(s) written"),
        "{}",
        r.stderr
    );
    let books = epubs(&out.path);
    assert_eq!(books, vec![out.join("样报-2024-05-01.epub")]);
    assert!(out.files().iter().filter(|f| f.ends_with(".md")).count() >= 17);
    assert_epubcheck_clean(&books);
}

#[test]
fn editions_do_not_depend_on_the_order_inputs_are_named_in() {
    let names = [
        "samples/101_subtitle.txt",
        "samples/104_01ban.txt",
        "samples/102_end_credits.txt",
        SEED,
    ];
    let mut outputs = Vec::new();
    for order in [[0, 1, 2, 3], [3, 2, 1, 0]] {
        let out = Scratch::new("epub-order");
        let mut args = vec!["convert"];
        args.extend(order.iter().map(|&i| names[i]));
        args.extend([
            "-o",
            out.path.to_str().unwrap(),
            "-t",
            "epub",
            "--edition",
            "--publication",
            "样报",
            "--date",
            "2024-05-01",
        ]);
        let r = run(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        outputs.push(std::fs::read(out.join("样报-2024-05-01.epub")).unwrap());
    }
    assert!(
        outputs[0] == outputs[1],
        "edition bytes depend on argument order"
    );
}

#[test]
fn source_date_epoch_is_honoured_and_output_is_reproducible() {
    let a = Scratch::new("epoch-a");
    let b = Scratch::new("epoch-b");
    for out in [&a, &b] {
        let r = common::broadsheet()
            .args([
                "convert",
                SEED,
                "-o",
                out.path.to_str().unwrap(),
                "-t",
                "epub",
            ])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert!(r.status.success());
    }
    let x = std::fs::read(a.join("000_bcaf30ff217f506c.epub")).unwrap();
    assert_eq!(
        x,
        std::fs::read(b.join("000_bcaf30ff217f506c.epub")).unwrap()
    );
    let bad = common::broadsheet()
        .args([
            "convert",
            SEED,
            "-o",
            a.path.to_str().unwrap(),
            "-t",
            "epub",
        ])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
