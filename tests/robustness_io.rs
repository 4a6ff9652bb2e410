//! Issue 11, the file-system half: what a harsh user or bad luck does to the files around
//! a run — outputs aimed at inputs, hostile picture references, unreadable folders,
//! closed pipes, `kill -9`, absurd `--jobs`, long names, two runs into one folder. Each
//! test reproduces the report through the CLI. Every child runs under a time limit, so
//! a regression (a hang on a FIFO) fails the test instead of blocking CI; nothing here
//! may allocate much (picture bombs are headers only).

mod common;

use common::{SEED, Scratch, broadsheet};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child's exit code and output.
struct Done {
    code: i32,
    stderr: String,
}

/// Waits for `child` at most `limit`, reading its pipes meanwhile; kills it and fails the
/// test when it takes longer.
fn wait_limited(mut child: Child, limit: Duration, what: &str) -> Done {
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    // Read (so a chatty child never blocks on a full pipe), then dropped.
    let out = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = out.join();
    Done {
        code: status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    }
}

/// `broadsheet ARGS` with piped outputs, at most a minute.
fn run_limited(args: &[&str]) -> Done {
    let child = broadsheet()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_limited(child, Duration::from_secs(60), &args.join(" "))
}

/// Every file name below `dir` (hidden ones too).
fn names_below(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(e.path());
            } else {
                names.push(e.file_name().to_string_lossy().into_owned());
            }
        }
    }
    names
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const ARTICLE: &str = "春风送岗 就业暖心\n\n  3月2日，我市2024年“春风行动”大型招聘会在市会展中心举行，216家企业提供就业岗位6800余个。\n";

/// An article whose body holds one picture reference on its own line.
fn article_with_picture(src: &str) -> String {
    format!(
        "{ARTICLE}[图片:{src}]\n图为求职者在招聘会现场咨询岗位信息。\n  招聘会设置了制造业、服务业等6个区域。\n"
    )
}

// ---- 3. an output never replaces an input, a sidecar or anything the run read

#[test]
fn an_output_never_replaces_a_sidecar() {
    let dir = Scratch::new("sidecar-out");
    dir.write("x.txt", ARTICLE);
    let sidecar = r#"{"date": "2024-03-05", "publication": "乐陵市报"}"#.as_bytes();
    dir.write("x.json", sidecar);
    let r = run_limited(&["convert", s(&dir.path), "-o", s(&dir.path), "-t", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("refusing to overwrite"), "{}", r.stderr);
    assert_eq!(std::fs::read(dir.join("x.json")).unwrap(), sidecar);
}

#[test]
fn an_output_never_replaces_a_picture_the_run_read() {
    // b.txt's picture is named like a.txt's output (read first: b.txt is named first).
    let dir = Scratch::new("picture-out");
    let png = tiny_png();
    dir.write("a.txt", ARTICLE);
    dir.write("pics/a.md", &png);
    dir.write("b.txt", article_with_picture("pics/a.md"));
    let out = dir.join("pics");
    // a.txt → pics/a.md would replace the picture b.txt reads (and the manifest hashes).
    let r = run_limited(&[
        "convert",
        s(&dir.join("b.txt")),
        s(&dir.join("a.txt")),
        "-o",
        s(&out),
        "-t",
        "md",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(std::fs::read(dir.join("pics/a.md")).unwrap(), png);
}

// ---- 4. --report aimed at an input or an output

#[test]
fn a_report_aimed_at_an_input_or_an_output_is_refused() {
    let dir = Scratch::new("report-target");
    let input = dir.write("in/x.txt", ARTICLE);
    let out = dir.join("out");
    let r = run_limited(&["convert", s(&input), "-o", s(&out), "--report", s(&input)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--report"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&input).unwrap(), ARTICLE);

    let md = out.join("x.md");
    let r = run_limited(&["convert", s(&input), "-o", s(&out), "--report", s(&md)]);
    assert_eq!(r.code, 2, "{}", r.stderr);

    // An output known only once written: the second article of a JSON array.
    let array = dir.write(
        "in/many.json",
        r#"[{"title": "一", "content": "第一篇文章的正文。"}, {"title": "二", "content": "第二篇文章的正文。"}]"#,
    );
    let second = out.join("many-2.md");
    let r = run_limited(&["convert", s(&array), "-o", s(&out), "--report", s(&second)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("is an output"), "{}", r.stderr);
    assert!(std::fs::read_to_string(&second).unwrap().contains("第二篇"));
}

// ---- 5. one confined, bounded, regular-file-only picture reader

#[test]
fn hostile_picture_references_are_never_read() {
    let dir = Scratch::new("hostile-pictures");
    let page = dir.join("page");
    std::fs::create_dir_all(&page).unwrap();
    let fifo = page.join("fifo.png");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", page.join("zero.png")).unwrap();
    let mut text = ARTICLE.to_string();
    for src in [
        "/etc/passwd",
        "../../../../../../etc/passwd",
        "fifo.png",
        "zero.png",
        "/dev/zero",
    ] {
        text.push_str(&format!("[图片:{src}]\n图为现场。\n  正文继续。\n"));
    }
    let input = dir.write("page/x.txt", &text);
    for formats in ["md,json", "epub,pdf"] {
        let out = dir.join(&format!("out-{}", formats.replace(',', "-")));
        let r = run_limited(&["convert", s(&input), "-o", s(&out), "-t", formats]);
        assert_eq!(r.code, 0, "{formats}: {}", r.stderr);
        let manifest = std::fs::read_to_string(out.join(".broadsheet-manifest.json")).unwrap();
        for never in ["passwd", "/dev/zero", "zero.png", "fifo.png"] {
            assert!(
                !manifest.contains(never),
                "{formats}: manifest hashes {never}: {manifest}"
            );
        }
    }
    // The same files through --image-root: inside the root, still not regular files.
    let out = dir.join("out-root");
    let r = run_limited(&[
        "convert",
        s(&input),
        "-o",
        s(&out),
        "-t",
        "epub,md",
        "--image-root",
        "/dev",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
}

// ---- 6. an unreadable folder is reported and the walk goes on

#[test]
fn an_unreadable_folder_is_reported_and_the_walk_goes_on() {
    let dir = Scratch::new("walk-on");
    for name in ["a.txt", "m/b.txt", "z.txt", "zz/c.txt"] {
        dir.write(&format!("in/{name}"), ARTICLE);
    }
    // A folder whose path is longer than PATH_MAX cannot be listed, whoever runs the
    // test (root reads a chmod-000 folder regardless). Built step by step with chdir.
    let built = Command::new("perl")
        .current_dir(dir.join("in/m"))
        .args([
            "-e",
            "for (1..500) { mkdir 'dddddddddd' or die $!; chdir 'dddddddddd' or die $! }",
        ])
        .status()
        .unwrap();
    assert!(built.success());
    let out = dir.join("out");
    let r = run_limited(&["convert", s(&dir.join("in")), "-o", s(&out), "-t", "md"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("dddddddddd"),
        "the folder is named: {}",
        r.stderr
    );
    for done in ["a.md", "m/b.md", "z.md", "zz/c.md"] {
        assert!(out.join(done).is_file(), "{done} missing: {}", r.stderr);
    }
}

// ---- 10, 11. picture bombs and damaged pictures are left out with a warning

/// A PNG whose header claims `w`×`h` pixels (no pixel data: nothing to allocate).
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |name: &[u8], data: &[u8]| {
        v.extend((data.len() as u32).to_be_bytes());
        let mut body = name.to_vec();
        body.extend(data);
        v.extend(&body);
        v.extend(crc32(&body).to_be_bytes());
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    v
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn tiny_png() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(8, 6)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// A noisy 64×48 JPEG cut in half: a header and some of the scan, no end.
fn truncated_jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([
            (x * 37 % 251) as u8,
            (y * 91 % 241) as u8,
            ((x * y) % 255) as u8,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    let mut bytes = out.into_inner();
    bytes.truncate(bytes.len() / 2);
    bytes
}

#[test]
fn a_picture_bomb_from_text_is_left_out() {
    let dir = Scratch::new("bomb");
    dir.write("page/bomb.png", png_header(30_000, 30_000));
    let input = dir.write("page/x.txt", article_with_picture("bomb.png"));
    let out = dir.join("out");
    let r = run_limited(&["convert", s(&input), "-o", s(&out), "-t", "pdf,epub"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("30000×30000"), "{}", r.stderr);
    assert!(out.join("x.pdf").is_file() && out.join("x.epub").is_file());
}

#[test]
fn a_truncated_jpeg_is_left_out_and_the_pdf_stays_valid() {
    let dir = Scratch::new("truncated-jpeg");
    dir.write("page/cut.jpg", truncated_jpeg());
    let input = dir.write("page/x.txt", article_with_picture("cut.jpg"));
    let out = dir.join("out");
    let r = run_limited(&["convert", s(&input), "-o", s(&out), "-t", "pdf,epub"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("cut.jpg") && r.stderr.contains("truncated"),
        "{}",
        r.stderr
    );
    // The picture is not in the PDF at all (no image XObject).
    let pdf = std::fs::read(out.join("x.pdf")).unwrap();
    assert!(
        !pdf.windows(12).any(|w| w == b"/DCTDecode"),
        "JPEG embedded"
    );
    // None only when the PDF tools are missing and skipping was asked for.
    let out_pdf = out.join("x.pdf");
    let checked = common::pdf_tool(&["check", out_pdf.to_str().unwrap()]);
    assert!(checked.is_some() || common::skipping_external());
}

// ---- 12. closed or full standard output and error

#[test]
fn a_closed_stdout_ends_quietly() {
    for args in [
        vec!["inspect", SEED, "--json"],
        vec!["convert", SEED, "-o", "-", "-t", "md"],
        vec!["completions", "bash"],
        vec!["man"],
    ] {
        let mut child = broadsheet()
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader is gone before broadsheet writes: `| head -0`.
        drop(child.stdout.take());
        let r = wait_limited(child, Duration::from_secs(60), &args.join(" "));
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn a_full_stdout_is_an_error() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for args in [
        vec!["convert", SEED, "-o", "-", "-t", "md"],
        vec!["inspect", SEED],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let child = broadsheet()
            .args(&args)
            .stdin(Stdio::null())
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let r = wait_limited(child, Duration::from_secs(60), &args.join(" "));
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("standard output"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_full_or_closed_stderr_does_not_stop_the_run() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let dir = Scratch::new("stderr-full");
    for i in 0..3 {
        dir.write(&format!("in/a{i}.txt"), ARTICLE);
    }
    // A warning too: the missing picture.
    dir.write("in/b.txt", article_with_picture("gone.png"));
    for closed in [false, true] {
        let out = dir.join(&format!("out-{closed}"));
        let mut cmd = broadsheet();
        cmd.args([
            "convert",
            s(&dir.join("in")),
            "-o",
            s(&out),
            "--progress",
            "never",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null());
        let child = if closed {
            let mut child = cmd.stderr(Stdio::piped()).spawn().unwrap();
            drop(child.stderr.take());
            child
        } else {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap();
            cmd.stderr(full).spawn().unwrap()
        };
        let r = wait_limited(child, Duration::from_secs(60), "convert 2>/dev/full");
        assert_eq!(r.code, 0, "closed={closed}");
        for f in [
            "a0.md",
            "a1.md",
            "a2.md",
            "b.md",
            ".broadsheet-manifest.json",
        ] {
            assert!(out.join(f).is_file(), "closed={closed}: {f} missing");
        }
    }
}

// ---- 13. kill -9: stale temporary files and a manifest saved on the way

#[test]
fn stale_temporary_files_of_dead_runs_are_removed() {
    let dir = Scratch::new("stale-temps");
    dir.write("in/x.txt", ARTICLE);
    dir.write("in/sub/y.txt", ARTICLE);
    let input = dir.join("in");
    let out = dir.join("out");
    // No process has an id above Linux's PID_MAX_LIMIT (2^22).
    let dead = out.join(".x.md.broadsheet-tmp-4194305");
    let deep_dead = out.join("sub/.y.pdf.broadsheet-tmp-4194399");
    let alive = out.join(format!(".y.md.broadsheet-tmp-{}", std::process::id()));
    let not_ours = out.join("notes.broadsheet-tmp-4194305");
    for f in [&dead, &deep_dead, &alive, &not_ours] {
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, b"half a file").unwrap();
    }
    let r = run_limited(&["convert", s(&input), "-o", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !dead.exists() && !deep_dead.exists(),
        "stale temporary files stay"
    );
    assert!(
        alive.exists(),
        "a running process's temporary file was removed"
    );
    assert!(
        not_ours.exists(),
        "a file that is no temporary name was removed"
    );
}

#[test]
fn a_killed_run_leaves_a_manifest_for_the_rerun() {
    let dir = Scratch::new("kill-9");
    let seed = std::fs::read(SEED).unwrap();
    let n = 700;
    for i in 0..n {
        dir.write(&format!("in/{i:04}.txt"), &seed);
    }
    let out = dir.join("out");
    let manifest = out.join(".broadsheet-manifest.json");
    let inputs = dir.join("in");
    let args = [
        "convert",
        s(&inputs),
        "-o",
        s(&out),
        "-t",
        "md",
        "-j",
        "1",
        "--progress",
        "never",
    ];
    let mut child = broadsheet()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    // Killed as soon as the first periodic save is on disk, long before the end.
    let mut written_at_kill = None;
    while start.elapsed() < Duration::from_secs(120) {
        if manifest.exists() {
            let _ = child.kill();
            written_at_kill = Some(
                names_below(&out)
                    .iter()
                    .filter(|f| f.ends_with(".md"))
                    .count(),
            );
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    let _ = child.wait();
    let written = written_at_kill.expect("no manifest was saved");
    assert!(
        written < n - 100,
        "the manifest was first saved after {written} of {n} inputs, not on the way"
    );
    let r = run_limited(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let unchanged = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("unchanged "))
        .count();
    assert!(
        unchanged >= 200,
        "the re-run redid the work: {unchanged} unchanged"
    );
    assert!(
        !names_below(&out)
            .iter()
            .any(|f| f.contains("broadsheet-tmp")),
        "temporary files left"
    );
}

// ---- 14. --jobs 100000

#[test]
fn absurd_jobs_are_capped_with_a_note() {
    let dir = Scratch::new("jobs");
    for i in 0..3 {
        dir.write(&format!("in/{i}.txt"), ARTICLE);
    }
    let out = dir.join("out");
    let r = run_limited(&[
        "convert",
        s(&dir.join("in")),
        "-o",
        s(&out),
        "--jobs",
        "100000",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("--jobs 100000"), "{}", r.stderr);
    assert!(out.join("0.md").is_file() && out.join("2.md").is_file());
}

// ---- 15. a legal 251-byte file name

#[test]
fn a_251_byte_file_name_can_be_written() {
    let dir = Scratch::new("long-name");
    // 82 Han characters (246 bytes) + `a.txt`: a 251-byte name.
    let stem = format!("{}a", "字".repeat(82));
    let name = format!("{stem}.txt");
    assert_eq!(name.len(), 251);
    let input = dir.write(&name, ARTICLE);
    let out = dir.join("out");
    let r = run_limited(&["convert", s(&input), "-o", s(&out), "-t", "md,json,pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for ext in ["md", "json", "pdf"] {
        assert!(out.join(format!("{stem}.{ext}")).is_file(), "{ext}");
    }
}

// ---- two processes writing one output folder

#[test]
fn two_runs_into_one_folder_keep_each_others_manifest_entries() {
    let dir = Scratch::new("two-runs");
    let seed = std::fs::read(SEED).unwrap();
    for i in 0..150 {
        dir.write(&format!("a/a{i:03}.txt"), &seed);
        dir.write(&format!("b/b{i:03}.txt"), &seed);
    }
    let out = dir.join("out");
    let spawn = |part: &str| {
        broadsheet()
            .args([
                "convert",
                s(&dir.join(part)),
                "-o",
                s(&out),
                "-t",
                "md",
                "-j",
                "1",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn("a"), spawn("b"));
    for (child, what) in [(a, "a"), (b, "b")] {
        let r = wait_limited(child, Duration::from_secs(120), what);
        assert_eq!(r.code, 0, "{what}: {}", r.stderr);
    }
    for part in ["a", "b"] {
        let r = run_limited(&["convert", s(&dir.join(part)), "-o", s(&out), "-t", "md"]);
        assert!(
            r.stderr.contains("0 converted, 150 unchanged"),
            "{part} converted again: {}",
            r.stderr.lines().last().unwrap_or("")
        );
    }
}
