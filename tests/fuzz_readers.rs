//! A bounded mutation fuzzer per reader (text, Markdown, HTML, JSON, CSV, sidecar): the
//! samples, mutated by byte flips, deletions, duplications, splices and hostile tokens,
//! must each give `Ok` or a typed error, never a panic, and none may take long.
//!
//! Deterministic: case N of a reader is always the same input. A run stops after
//! `BROADSHEET_FUZZ_CASES` cases (default 400) or `BROADSHEET_FUZZ_SECS` seconds per
//! reader (default 2), whichever comes first, so `make test` stays within seconds; raise
//! both for a longer hunt. A failing input is saved under `target/fuzz-failures/`.

use broadsheet::Error;
use broadsheet::input::{InputFormat, ReadOptions, meta, read_bytes};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Bytes that mean something to one reader or another.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b",",
    b"\n",
    b"\r\n",
    b"{",
    b"}",
    b"[",
    b"]",
    b"<",
    b">",
    b"</div>",
    b"<p>",
    b"<table><tr><td>",
    b"<!--",
    b"-->",
    b"<img src=\"../../etc/passwd\">",
    b"<img src=\"data:image/png;base64,AAAA\">",
    b"&#",
    b"&nbsp;",
    b"&#x0;",
    b"---\n",
    b"\n---\n",
    b"- ",
    b"? ",
    b": ",
    b"&a ",
    b"*a",
    b"!!binary ",
    b"\x00",
    b"\xff",
    b"\xfe\xff",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xe4\xb8",
    b"\x81",
    b"\"\"",
    b"\\u0000",
    b"\\ud800",
    b"1e999999",
    b"-0",
    b"null",
    b"\"date\":[1,2]",
    b"\"date\":\"2023-02-30\"",
    b"\"title\":{}",
    b"\"body\":[{}]",
    b"\"schema_version\":1",
    b"2023-13-45",
    b"[\xe5\x9b\xbe\xe7\x89\x87:/dev/zero]",
    b"\xe3\x80\x80",
    b"\xe2\x80\x94\xe2\x80\x94",
    b"(\xe8\xae\xb0\xe8\x80\x85 ",
    b"\xe6\x9c\xac\xe6\x8a\xa5\xe8\xae\xaf",
    b"> > > > > > > > ",
    b"**",
    b"![](",
    b"](",
    b"#",
    b"\t",
    b"    ",
];

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        let at = rng.below(len + 1);
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                v[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                v[i] = rng.next() as u8;
            }
            2 => {
                let end = (at + 1 + rng.below(64)).min(len);
                v.drain(at..end);
            }
            3 => {
                let end = (at + 1 + rng.below(256)).min(len);
                let chunk = v[at..end].to_vec();
                let reps = 1 + rng.below(8);
                for _ in 0..reps {
                    v.splice(at..at, chunk.iter().copied());
                }
            }
            4 => v.truncate(at),
            5 => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(512)).min(other.len());
                v.splice(at..at, other[from..end].iter().copied());
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let reps = if rng.below(8) == 0 {
                    1 + rng.below(2000)
                } else {
                    1
                };
                for _ in 0..reps {
                    v.splice(at..at, token.iter().copied());
                }
            }
        }
    }
    v
}

fn env_number(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn samples(ext: &[&str]) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| ext.iter().any(|x| e == *x)))
        .collect();
    names.sort();
    // Long pages are cut: the mutations matter, not the length, and time is short.
    names
        .iter()
        .map(|p| {
            let mut b = std::fs::read(p).unwrap();
            b.truncate(48 * 1024);
            b
        })
        .collect()
}

/// Runs `target` on the corpus and its mutations; fails on a panic or a slow case.
fn fuzz(name: &str, corpus: Vec<Vec<u8>>, target: impl Fn(&[u8]) -> Result<(), Error>) {
    assert!(!corpus.is_empty(), "{name}: no corpus");
    let cases = env_number("BROADSHEET_FUZZ_CASES", 400.0) as usize;
    let budget = Duration::from_secs_f64(env_number("BROADSHEET_FUZZ_SECS", 2.0));
    let slow = Duration::from_secs(5);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.bytes().fold(0, |h, b| h * 31 + u64::from(b)));
    let started = Instant::now();
    let mut done = 0;
    let (mut ok, mut err) = (0, 0);
    while done < cases && (started.elapsed() < budget || done < corpus.len()) {
        let input = if done < corpus.len() {
            corpus[done].clone()
        } else {
            let base = &corpus[rng.below(corpus.len())];
            mutate(&mut rng, base, &corpus)
        };
        let t = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| target(&input)));
        let took = t.elapsed();
        let keep = |why: &str| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{name}-{done}.bin"));
            let _ = std::fs::write(&file, &input);
            panic!(
                "{name} case {done}: {why}; input saved to {}",
                file.display()
            );
        };
        match result {
            Err(_) => keep("panicked"),
            Ok(Err(Error::Internal { message, .. })) => keep(&format!("internal error {message}")),
            Ok(Err(e)) => {
                assert!(!e.to_string().is_empty());
                err += 1;
            }
            Ok(Ok(())) => ok += 1,
        }
        if took > slow {
            keep(&format!("took {took:?}"));
        }
        done += 1;
    }
    eprintln!(
        "{name}: {done} cases ({ok} read, {err} refused) in {:?}",
        started.elapsed()
    );
    // The run must have done real work beyond the unmutated samples.
    assert!(
        done >= corpus.len() + 20.min(cases),
        "{name}: only {done} cases"
    );
}

fn reader(format: InputFormat, file: &'static str) -> impl Fn(&[u8]) -> Result<(), Error> {
    let options = ReadOptions {
        sidecars: false,
        format: Some(format),
        ..ReadOptions::default()
    };
    move |bytes| read_bytes(bytes, Path::new(file), &options).map(|_| ())
}

#[test]
fn fuzz_text_reader() {
    fuzz(
        "text",
        samples(&["txt"]),
        reader(InputFormat::Text, "fuzz/2023-12-18/a.txt"),
    );
}

#[test]
fn fuzz_markdown_reader() {
    let mut corpus = samples(&["md"]);
    corpus.push(b"---\ntitle: \"t\"\ncredits:\n  - {role: r, name: n}\n  - \"\xe6\x9c\xac\xe6\x8a\xa5\xe8\xae\xb0\xe8\x80\x85 \xe5\xbc\xa0\xe4\xb8\x89\"\ndate: 2023-12-18\n---\n\n## h\n\n> q\n\ntext **b** *i* [l](u) ![a](p.jpg)\n".to_vec());
    fuzz(
        "markdown",
        corpus,
        reader(InputFormat::Markdown, "fuzz/a.md"),
    );
}

#[test]
fn fuzz_html_reader() {
    fuzz(
        "html",
        samples(&["html"]),
        reader(InputFormat::Html, "fuzz/a.html"),
    );
}

#[test]
fn fuzz_json_reader() {
    let mut corpus = samples(&["json", "jsonl"]);
    corpus.push(
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.json"))
            .unwrap(),
    );
    fuzz("json", corpus, reader(InputFormat::Json, "fuzz/a.json"));
}

#[test]
fn fuzz_csv_reader() {
    let mut corpus = samples(&["csv"]);
    corpus.push("标题,作者,日期,正文\n一,张三,2024-01-02,\"第一段。\n\"\"第二段\"\"。\"\n二,李四,2024/1/3,正文。\n".as_bytes().to_vec());
    fuzz("csv", corpus, reader(InputFormat::Csv, "fuzz/a.csv"));
}

#[test]
fn fuzz_sidecar_reader() {
    let mut corpus = samples(&["toml"]);
    corpus.push(r#"{"title":"标题","date":"2023-12-18","author":["张三","李四"],"credits":[{"role":"记者","name":"王五"},"本报记者 赵六"],"page":1,"lang":null}"#.as_bytes().to_vec());
    let target = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        // The same bytes as JSON and as TOML: each parser gets every mutation.
        let json = meta::parse_sidecar(Path::new("fuzz/a.json"), &text).map(|_| ());
        let toml = meta::parse_sidecar(Path::new("fuzz/a.toml"), &text).map(|_| ());
        json.or(toml)
    };
    fuzz("sidecar", corpus, target);
}
