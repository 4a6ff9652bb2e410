//! Helpers for integration tests: a scratch folder per test and a way to run the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

mod tools;
#[allow(unused_imports)]
pub use tools::*;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty folder under the system temp dir, removed when dropped.
pub struct Scratch {
    pub path: PathBuf,
}

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("broadsheet-test-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Scratch { path }
    }

    pub fn join(&self, p: &str) -> PathBuf {
        self.path.join(p)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Every file below the folder, relative, sorted; broadsheet's incremental-build
    /// manifest (`.broadsheet-manifest*.json`) left out.
    pub fn files(&self) -> Vec<String> {
        files_under(&self.path)
    }
}

/// Every file below `dir`, relative to it, sorted; broadsheet's incremental-build
/// manifest (`.broadsheet-manifest*.json`) left out.
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, base, out);
                } else if !e
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".broadsheet-manifest")
                {
                    out.push(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub stdout_bytes: Vec<u8>,
}

fn finish(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout_bytes: out.stdout,
    }
}

pub fn broadsheet() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_broadsheet"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

pub fn run(args: &[&str]) -> Run {
    finish(
        broadsheet()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap(),
    )
}

pub fn run_with_stdin(args: &[&str], input: &[u8]) -> Run {
    use std::io::Write;
    let mut child = broadsheet()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    finish(child.wait_with_output().unwrap())
}

pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

pub const SEED: &str = "samples/000_bcaf30ff217f506c.txt";

/// `broadsheet convert INPUT -o OUT -t FORMATS`, which must succeed.
pub fn convert_ok(input: &str, out: &Scratch, formats: &str) -> Run {
    let r = run(&[
        "convert",
        input,
        "-o",
        out.path.to_str().unwrap(),
        "-t",
        formats,
    ]);
    assert_eq!(r.code, 0, "convert {input} -t {formats}: {}", r.stderr);
    r
}

/// Both folders hold the same files with the same bytes.
pub fn assert_same_files(a: &Scratch, b: &Scratch, what: &str) {
    let files = a.files();
    assert_eq!(files, b.files(), "{what}: different file lists");
    for f in files {
        assert!(
            std::fs::read(a.join(&f)).unwrap() == std::fs::read(b.join(&f)).unwrap(),
            "{what}: {f} differs"
        );
    }
}

/// Names of the files in `samples/` that `keep` accepts, sorted.
pub fn sample_names(keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(samples_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| keep(n))
        .collect();
    names.sort();
    names
}

/// Byte-for-byte golden outputs in `tests/golden/`: compared, or written with `BLESS=1`
/// (new ones created, old ones rewritten: review the diff). Mismatches and missing files
/// are collected so one run names them all.
pub struct Golden {
    bless: bool,
    mismatches: Vec<String>,
    options: broadsheet::output::WriteOptions,
    env: broadsheet::Env,
}

impl Golden {
    pub fn new() -> Golden {
        Golden {
            bless: std::env::var_os("BLESS").is_some(),
            mismatches: Vec::new(),
            options: broadsheet::output::WriteOptions::default(),
            env: broadsheet::Env::default(),
        }
    }

    /// `got` against `tests/golden/<rel>`.
    pub fn check(&mut self, rel: &str, got: &[u8]) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(rel);
        if self.bless {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).unwrap();
            }
            std::fs::write(&path, got).unwrap();
            return;
        }
        match std::fs::read(&path) {
            Ok(want) if want == got => {}
            Ok(_) => self.mismatches.push(path.display().to_string()),
            Err(_) => self
                .mismatches
                .push(format!("{} missing (BLESS=1 creates it)", path.display())),
        }
    }

    /// The article rendered in `format` with the default options (fonts loaded once
    /// per runner).
    pub fn render(
        &self,
        format: broadsheet::output::OutputFormat,
        article: &broadsheet::Article,
    ) -> Vec<u8> {
        broadsheet::output::write_article(format, article, &self.options, &self.env)
            .unwrap_or_else(|e| panic!("{format:?}: {e}"))
            .bytes
    }

    /// The article's Markdown and JSON against `tests/golden/<stem>.md` and `.json`.
    pub fn check_article(&mut self, stem: &str, article: &broadsheet::Article) {
        use broadsheet::output::OutputFormat;
        for format in [OutputFormat::Md, OutputFormat::Json] {
            let got = self.render(format, article);
            self.check(&format!("{stem}.{}", format.extension()), &got);
        }
    }

    pub fn finish(self) {
        assert!(
            self.mismatches.is_empty(),
            "outputs differ from golden files (BLESS=1 to accept): {:?}",
            self.mismatches
        );
    }
}

/// The bundled fonts, loaded once per test binary.
pub fn fonts() -> &'static broadsheet::fonts::FontSet {
    static F: std::sync::OnceLock<broadsheet::fonts::FontSet> = std::sync::OnceLock::new();
    F.get_or_init(|| broadsheet::fonts::FontSet::load(None).expect("bundled fonts"))
}

/// One environment per test binary, as one run has (its PDF engines are made once and
/// shared).
pub fn env() -> &'static broadsheet::Env {
    static E: std::sync::OnceLock<broadsheet::Env> = std::sync::OnceLock::new();
    E.get_or_init(|| broadsheet::Env::with_fonts(fonts().clone()))
}
