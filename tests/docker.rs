//! The Dockerfile, its build context and the Kubernetes example agree. No Docker daemon
//! is needed: what a build would find wrong is checked from the files — every COPY
//! source exists and is not hidden by .dockerignore, everything the crate's build reads
//! is copied, the binary the build installs is the one copied, run and named by the
//! example, and the example runs the image the Dockerfile says it builds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(root().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// One instruction: keyword and the rest of its line (continuations joined).
type Instruction = (String, String);
/// One stage: name (after AS), base image, instructions.
type Stage = (String, String, Vec<Instruction>);

fn instructions(dockerfile: &str) -> Vec<Instruction> {
    let mut out = Vec::new();
    let mut line = String::new();
    for l in dockerfile.lines() {
        let t = l.trim();
        if t.starts_with('#') || (t.is_empty() && line.is_empty()) {
            continue;
        }
        line.push_str(t.trim_end_matches('\\'));
        line.push(' ');
        if t.ends_with('\\') {
            continue;
        }
        let full = std::mem::take(&mut line);
        if let Some((k, rest)) = full.trim().split_once(' ') {
            out.push((k.to_uppercase(), rest.trim().to_string()));
        }
    }
    out
}

fn stages() -> Vec<Stage> {
    let mut out: Vec<Stage> = Vec::new();
    for (k, rest) in instructions(&read("Dockerfile")) {
        if k == "FROM" {
            let words: Vec<&str> = rest.split_whitespace().collect();
            let name = match words.as_slice() {
                [_, as_, name] if as_.eq_ignore_ascii_case("as") => name.to_string(),
                _ => String::new(),
            };
            out.push((name, words[0].to_string(), Vec::new()));
        } else {
            out.last_mut().expect("FROM first").2.push((k, rest));
        }
    }
    out
}

/// A COPY's sources and destination, and the stage it copies from, if any.
fn copy_args(rest: &str) -> (Option<String>, Vec<String>, String) {
    let mut from = None;
    let mut words = Vec::new();
    for w in rest.split_whitespace() {
        if let Some(f) = w.strip_prefix("--from=") {
            from = Some(f.to_string());
        } else if !w.starts_with("--") {
            words.push(w.to_string());
        }
    }
    let dest = words.pop().expect("COPY destination");
    (from, words, dest)
}

/// The .dockerignore patterns, as paths from the context root (no wildcards used).
fn ignored() -> Vec<String> {
    read(".dockerignore")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            assert!(
                !l.contains(['*', '?', '[', '!']),
                "{l}: this test reads plain paths only"
            );
            l.trim_start_matches('/').trim_end_matches('/').to_string()
        })
        .collect()
}

fn is_ignored(path: &str, patterns: &[String]) -> bool {
    let path = path.trim_start_matches("./").trim_end_matches('/');
    patterns
        .iter()
        .any(|p| path == p || path.starts_with(&format!("{p}/")))
}

/// Every file the crate's build reads besides src/: path dependencies, bench targets
/// named in Cargo.toml, and include_bytes!/include_str! targets below src/.
fn build_inputs() -> BTreeSet<PathBuf> {
    let manifest: toml::Value = toml::from_str(&read("Cargo.toml")).expect("Cargo.toml");
    let mut inputs: BTreeSet<PathBuf> = ["Cargo.toml", "Cargo.lock", "src"]
        .iter()
        .map(PathBuf::from)
        .collect();
    let mut deps = Vec::new();
    for table in ["dependencies", "patch"] {
        if let Some(t) = manifest.get(table) {
            deps.push(t.clone());
        }
    }
    fn paths(v: &toml::Value, out: &mut BTreeSet<PathBuf>) {
        match v {
            toml::Value::Table(t) => {
                if let Some(p) = t.get("path").and_then(|p| p.as_str()) {
                    out.insert(PathBuf::from(p));
                }
                t.values().for_each(|v| paths(v, out));
            }
            toml::Value::Array(a) => a.iter().for_each(|v| paths(v, out)),
            _ => {}
        }
    }
    deps.iter().for_each(|d| paths(d, &mut inputs));
    for bench in manifest["bench"].as_array().into_iter().flatten() {
        let name = bench["name"].as_str().expect("bench name");
        inputs.insert(PathBuf::from(format!("benches/{name}.rs")));
    }
    fn includes(dir: &Path, out: &mut BTreeSet<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                includes(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for part in text.split("include_").skip(1) {
                    let Some(arg) = part
                        .strip_prefix("bytes!(\"")
                        .or_else(|| part.strip_prefix("str!(\""))
                    else {
                        continue;
                    };
                    let file = &arg[..arg.find('"').unwrap()];
                    let full = p.parent().unwrap().join(file);
                    let full = std::fs::canonicalize(&full)
                        .unwrap_or_else(|e| panic!("{}: {file}: {e}", p.display()));
                    out.insert(full.strip_prefix(root()).unwrap().to_path_buf());
                }
            }
        }
    }
    includes(&root().join("src"), &mut inputs);
    inputs
}

#[test]
fn the_build_stage_copies_everything_the_build_reads_and_nothing_ignored() {
    let stages = stages();
    assert!(stages.len() >= 2, "not a multi-stage build");
    let patterns = ignored();
    for big in ["target", ".venv", ".git"] {
        assert!(
            is_ignored(big, &patterns),
            "{big}/ is sent as build context"
        );
    }
    let mut copied = Vec::new();
    for (_, _, ins) in &stages {
        for (k, rest) in ins {
            assert!(k != "ADD", "ADD {rest}: use COPY");
            if k != "COPY" {
                continue;
            }
            let (from, sources, _) = copy_args(rest);
            if from.is_some() {
                continue;
            }
            for s in sources {
                assert!(
                    root().join(&s).exists(),
                    "COPY {s}: no such file in the context"
                );
                assert!(
                    !is_ignored(&s, &patterns),
                    "COPY {s}: hidden by .dockerignore"
                );
                copied.push(PathBuf::from(s.trim_start_matches("./")));
            }
        }
    }
    let build = &stages[0];
    let build_copies: BTreeSet<PathBuf> = build
        .2
        .iter()
        .filter(|(k, _)| k == "COPY")
        .flat_map(|(_, rest)| copy_args(rest).1)
        .map(|s| PathBuf::from(s.trim_start_matches("./")))
        .collect();
    for input in build_inputs() {
        assert!(
            build_copies
                .iter()
                .any(|c| c.as_os_str() == "." || input.starts_with(c)),
            "the build reads {} but the build stage does not COPY it",
            input.display()
        );
    }
}

#[test]
fn the_runtime_image_runs_the_installed_binary() {
    let stages = stages();
    let (build_name, builder, build) = &stages[0];
    let manifest: toml::Value = toml::from_str(&read("Cargo.toml")).expect("Cargo.toml");
    let name = manifest["package"]["name"].as_str().unwrap();
    // The builder's Rust is at least the crate's rust-version.
    let msrv = manifest["package"]["rust-version"]
        .as_str()
        .expect("rust-version");
    let tag = builder.split(':').nth(1).expect("pinned builder image");
    let version =
        |v: &str| -> Vec<u32> { v.split(['.', '-']).map_while(|p| p.parse().ok()).collect() };
    assert!(
        version(tag) >= version(msrv),
        "{builder} is older than rust-version {msrv}"
    );
    // cargo install --root R puts the binary at R/bin/<name>.
    let install = build
        .iter()
        .find(|(k, r)| k == "RUN" && r.contains("cargo install"))
        .expect("a cargo install step");
    assert!(install.1.contains("--locked"), "{}", install.1);
    let root_dir = install
        .1
        .split_whitespace()
        .skip_while(|w| *w != "--root")
        .nth(1)
        .expect("cargo install --root");
    let installed = format!("{root_dir}/bin/{name}");

    let (_, base, runtime) = stages.last().unwrap();
    assert!(
        ["debian", "ubuntu", "alpine"]
            .iter()
            .any(|b| base.starts_with(b)),
        "{base}: the Kubernetes example runs /bin/sh, which the runtime image must have"
    );
    let copied: Vec<(Option<String>, Vec<String>, String)> = runtime
        .iter()
        .filter(|(k, _)| k == "COPY")
        .map(|(_, r)| copy_args(r))
        .collect();
    let binary = copied
        .iter()
        .find(|(from, _, _)| from.as_deref() == Some(build_name.as_str()))
        .expect("the runtime stage copies from the build stage");
    assert_eq!(
        binary.1,
        vec![installed.clone()],
        "copies what cargo installed"
    );
    let dest = &binary.2;
    assert!(
        dest.starts_with("/usr/local/bin/") || dest.starts_with("/usr/bin/"),
        "{dest}: not on the default PATH, where the Job's `broadsheet` is looked up"
    );
    assert!(dest.ends_with(&format!("/{name}")), "{dest}");
    // The licences, the fonts' OFL among them, travel with the binary.
    let docs: Vec<&String> = copied
        .iter()
        .filter(|c| c.0.is_none())
        .flat_map(|c| &c.1)
        .collect();
    for l in ["LICENSE", "LICENSE-MIT", "LICENSE-APACHE", "fonts/OFL.txt"] {
        assert!(docs.iter().any(|d| *d == l), "{l} is not in the image");
    }
    let entrypoint = runtime
        .iter()
        .rev()
        .find(|(k, _)| k == "ENTRYPOINT")
        .expect("ENTRYPOINT");
    let argv: Vec<String> = serde_json::from_str(&entrypoint.1).expect("ENTRYPOINT in exec form");
    assert_eq!(&argv[0], dest, "ENTRYPOINT runs what was copied");
}

#[test]
fn the_kubernetes_example_runs_the_image_the_dockerfile_builds() {
    let job: serde_norway::Value =
        serde_norway::from_str(&read("docs/examples/k8s-indexed-job.yaml")).unwrap();
    let container = &job["spec"]["template"]["spec"]["containers"][0];
    let image = container["image"].as_str().expect("image");
    let dockerfile = read("Dockerfile");
    assert!(
        dockerfile.contains(&format!("docker build -t {image} .")),
        "the Dockerfile does not say how to build {image}"
    );
    let manifest: toml::Value = toml::from_str(&read("Cargo.toml")).unwrap();
    let (repo, tag) = image.rsplit_once(':').expect("a tagged image");
    assert_eq!(
        tag,
        manifest["package"]["version"].as_str().unwrap(),
        "image tag"
    );
    assert!(repo.ends_with("/broadsheet"), "{repo}");
    // The Job replaces the ENTRYPOINT with a shell that runs `broadsheet` from PATH.
    let command: Vec<&str> = container["command"]
        .as_sequence()
        .expect("command")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(command, ["/bin/sh", "-c"]);
    let script = container["args"][0].as_str().expect("args");
    assert!(script.contains("exec broadsheet convert"), "{script}");
}
