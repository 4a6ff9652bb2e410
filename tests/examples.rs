//! The CI examples in docs/examples (shown in the README) really work: their YAML parses,
//! and their broadsheet commands, run as written for every shard, together convert the
//! whole archive and merge their reports.

mod common;

use common::{Scratch, samples_dir};
use serde_norway::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn yaml(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/examples")
        .join(name);
    serde_norway::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A small archive: the text and HTML samples under two dates.
fn archive(root: &Path) {
    for (i, entry) in std::fs::read_dir(samples_dir())
        .unwrap()
        .flatten()
        .enumerate()
    {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "txt" || e == "html") {
            let dir = root.join(format!("2024-05-0{}", 1 + i % 2));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// A shell whose PATH finds the broadsheet under test first.
fn sh(script: &str, dir: &Path, env: &[(&str, String)]) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_broadsheet"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut c = Command::new("sh");
    c.arg("-c").arg(script).current_dir(dir).env("PATH", path);
    c.env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(d: &Path, base: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                walk(&p, base, out);
            } else if !name.starts_with('.') && !name.ends_with(".json") {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn step_run<'a>(job: &'a Value, needle: &str) -> &'a str {
    job["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains(needle))
        .unwrap_or_else(|| panic!("no step runs {needle}"))
}

#[test]
fn github_actions_matrix_converts_the_whole_archive() {
    let wf = yaml("github-actions.yml");
    let convert = &wf["jobs"]["convert"];
    let shards: Vec<u64> = convert["strategy"]["matrix"]["shard"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let n = shards.len() as u64;
    assert_eq!(shards, (1..=n).collect::<Vec<_>>());
    let command = step_run(convert, "broadsheet convert");
    assert!(command.contains(&format!("/{n}")), "{command}");
    assert_eq!(wf["jobs"]["report"]["needs"].as_str(), Some("convert"));
    let merge = step_run(&wf["jobs"]["report"], "broadsheet report merge");

    // The repository layout the workflow expects: archive/ (the installed broadsheet
    // needs no fonts folder: they are built in).
    let repo = Scratch::new("gha");
    archive(&repo.join("archive"));
    let whole = sh(
        "broadsheet convert archive -o whole -t md,epub,pdf -q",
        &repo.path,
        &[],
    );
    assert!(
        whole.status.success(),
        "{}",
        String::from_utf8_lossy(&whole.stderr)
    );
    let expected = outputs(&repo.join("whole"));

    // Each runner: a fresh checkout (only its own out/), then the artifacts merged.
    let mut union = BTreeMap::new();
    std::fs::create_dir_all(repo.join("shards")).unwrap();
    for k in &shards {
        let script = command.replace("${{ matrix.shard }}", &k.to_string());
        let r = sh(&script, &repo.path, &[]);
        assert!(
            r.status.success(),
            "shard {k}: {}",
            String::from_utf8_lossy(&r.stderr)
        );
        for (name, bytes) in outputs(&repo.join("out")) {
            assert!(
                union.insert(name.clone(), bytes).is_none(),
                "{name} in two shards"
            );
        }
        std::fs::remove_dir_all(repo.join("out")).unwrap();
        let report = format!("report-{k}.json");
        std::fs::rename(repo.join(&report), repo.join("shards").join(&report)).unwrap();
    }
    assert_eq!(
        union.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    assert!(union == expected, "shard outputs differ from one whole run");
    let r = sh(merge, &repo.path, &[]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let merged: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.join("report.json")).unwrap()).unwrap();
    assert_eq!(merged["summary"]["failed"], 0);
    assert_eq!(
        merged["summary"]["converted"].as_u64().unwrap() as usize * 3,
        expected.len()
    );
}

#[test]
fn kubernetes_indexed_job_converts_the_whole_archive() {
    let job = yaml("k8s-indexed-job.yaml");
    assert_eq!(job["kind"].as_str(), Some("Job"));
    let spec = &job["spec"];
    assert_eq!(spec["completionMode"].as_str(), Some("Indexed"));
    let n = spec["completions"].as_u64().unwrap();
    assert_eq!(spec["parallelism"].as_u64(), Some(n));
    let container = &spec["template"]["spec"]["containers"][0];
    assert_eq!(
        container["name"].as_str(),
        spec["podFailurePolicy"]["rules"][0]["onExitCodes"]["containerName"].as_str()
    );
    let script = container["args"][0].as_str().unwrap();
    assert!(script.contains(&format!("/{n}")), "{script}");

    let root = Scratch::new("k8s");
    archive(&root.join("archive"));
    let whole = sh(
        &format!(
            "broadsheet convert {0}/archive -o {0}/whole -t md,epub,pdf -q",
            root.path.display()
        ),
        &root.path,
        &[],
    );
    assert!(
        whole.status.success(),
        "{}",
        String::from_utf8_lossy(&whole.stderr)
    );
    // Every pod writes into the one shared output volume.
    let script = script
        .replace("/archive", &root.join("archive").to_string_lossy())
        .replace("/out", &root.join("out").to_string_lossy());
    for index in 0..n {
        let r = sh(
            &script,
            &root.path,
            &[("JOB_COMPLETION_INDEX", index.to_string())],
        );
        assert!(
            r.status.success(),
            "index {index}: {}",
            String::from_utf8_lossy(&r.stderr)
        );
    }
    assert!(outputs(&root.join("out")) == outputs(&root.join("whole")));
    for k in 1..=n {
        assert!(
            root.join(&format!("out/.broadsheet-manifest-{k}-of-{n}.json"))
                .is_file()
        );
    }
    let reports: Vec<String> = (1..=n)
        .map(|k| {
            root.join(&format!("out/reports/shard-{k}.json"))
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let r = sh(
        &format!("broadsheet report merge {} -o -", reports.join(" ")),
        &root.path,
        &[],
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}
