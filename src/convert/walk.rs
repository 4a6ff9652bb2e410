//! Finding the inputs: files as given, folders walked for every file broadsheet
//! recognises, each with where its outputs go.

use super::{FileResult, Job};
use crate::error::Error;
use crate::input::InputFormat;
use std::path::{Path, PathBuf};

/// Expands the command line's inputs: files as given, directories walked for every file
/// broadsheet recognises (sorted, hidden entries skipped, symlinked folders not followed,
/// so there are no loops). Unreadable paths come back as errors, in order.
pub fn collect_jobs(inputs: &[PathBuf]) -> (Vec<Job>, Vec<FileResult>) {
    collect_jobs_excluding(inputs, &[])
}

/// [`collect_jobs`], leaving out of the walk the paths in `exclude` (the output folder
/// and the report, when they sit inside an input folder: a second run must not take
/// the first run's outputs for inputs).
pub fn collect_jobs_excluding(
    inputs: &[PathBuf],
    exclude: &[PathBuf],
) -> (Vec<Job>, Vec<FileResult>) {
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut jobs = Vec::new();
    let mut failed = Vec::new();
    for input in inputs {
        if input == Path::new("-") {
            jobs.push(Job {
                input: input.clone(),
                rel: input.clone(),
                output_stem: PathBuf::from("stdin"),
            });
            continue;
        }
        match std::fs::metadata(input) {
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                let mut errors = Vec::new();
                walk(input, &exclude, &mut files, &mut errors);
                failed.extend(
                    errors
                        .into_iter()
                        .map(|(path, e)| FileResult::failed(path, e)),
                );
                files.sort();
                for file in files {
                    let rel = file.strip_prefix(input).unwrap_or(&file).to_path_buf();
                    jobs.push(Job {
                        output_stem: rel.with_extension(""),
                        rel,
                        input: file,
                    });
                }
            }
            Ok(_) => jobs.push(Job {
                input: input.clone(),
                rel: input.clone(),
                output_stem: PathBuf::from(input.file_stem().unwrap_or(input.as_os_str())),
            }),
            Err(e) => failed.push(FileResult::failed(input.clone(), Error::io(input, e))),
        }
    }
    (jobs, failed)
}

/// Collects the inputs below `dir`. A folder that cannot be read (no permission, a path
/// too long) is recorded in `errors` and the walk goes on with the rest, so one bad
/// folder neither stops the run nor hides the files after it.
fn walk(
    dir: &Path,
    exclude: &[PathBuf],
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<(PathBuf, Error)>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push((dir.to_path_buf(), Error::io(dir, e)));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push((dir.to_path_buf(), Error::io(dir, e)));
                continue;
            }
        };
        let path = entry.path();
        // Hidden entries: dot-folders (.git), our own manifest and temporary files.
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if !exclude.is_empty() && std::fs::canonicalize(&path).is_ok_and(|c| exclude.contains(&c)) {
            continue;
        }
        if kind.is_dir() {
            walk(&path, exclude, files, errors);
        } else if (kind.is_file() || kind.is_symlink() && path.is_file())
            && (InputFormat::from_path(&path).is_some() || looks_like_page(&path))
            && !is_sidecar(&path)
        {
            files.push(path);
        }
    }
}

/// A file without a known extension (`index`, `page.php`, `node_123.aspx`, as scrapers
/// save them) is an input when its first bytes are an HTML document or JSON. Pictures,
/// XML, SVG and other files are left alone.
fn looks_like_page(path: &Path) -> bool {
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let head = &head[..n];
    match InputFormat::sniff(head) {
        Some(InputFormat::Html) => {
            let text = String::from_utf8_lossy(head).to_ascii_lowercase();
            let text = text.trim_start_matches('\u{feff}').trim_start();
            ["<!doctype html", "<html", "<!--", "<head", "<meta"]
                .iter()
                .any(|start| text.starts_with(start))
        }
        Some(_) => true,
        None => false,
    }
}

/// A `.json` file beside an input of the same stem (`a.txt` + `a.json`) is that input's
/// metadata sidecar, not an input of its own, unless it holds articles.
fn is_sidecar(path: &Path) -> bool {
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return false;
    }
    let has_sibling = ["txt", "text", "md", "markdown", "html", "htm"]
        .iter()
        .any(|ext| path.with_extension(ext).is_file());
    // A JSON file that holds an article itself is an input, not metadata.
    has_sibling
        && !std::fs::read_to_string(path)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .is_some_and(|v| match v {
                serde_json::Value::Object(map) => crate::input::meta::holds_article(&map),
                _ => true,
            })
}
