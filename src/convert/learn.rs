//! Site chrome learned from the archive itself: in a batch, a short line that recurs in
//! many text files of one folder (a site's navigation, its footer, a crawler's labels)
//! is boilerplate, whatever words it uses. Counting is per folder and by set, so the
//! result is the same whatever `--jobs`, `--shard` or the order of the inputs.

use super::Job;
use crate::input::repair::clean_invisible;
use crate::input::{InputFormat, ReadOptions, decode};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// Fewer text files than this in a folder teach nothing.
const MIN_FILES: usize = 4;
/// A line counts as boilerplate when at least this many files of its folder …
const MIN_REPEATS: usize = 3;
// … and at least half of them hold it.
/// Only short lines: a recurring sentence of body text would be a quotation, not chrome.
const MAX_CHARS: usize = 60;

pub use crate::input::Learned;

/// The distinct short lines of one file, trimmed of layout space, and a fingerprint of
/// its text: the long lines (the body) or, in a file without any, every line. Copies
/// of one article (a reprint, a page saved twice) share the fingerprint and count as
/// one witness, so their headline and body are never taken for boilerplate.
fn lines_of(job: &Job, options: &ReadOptions) -> Option<(u128, HashSet<String>)> {
    let bytes = crate::input::source::read(&job.input).ok()?;
    let decoded = decode::decode(&job.input, &bytes, options.encoding, None).ok()?;
    let mut short = HashSet::new();
    let mut long = BTreeSet::new();
    for line in decoded.text.lines() {
        let line = crate::input::text::layout_trim(&clean_invisible(line)).to_string();
        match line.chars().count() {
            0..=1 => {}
            2..=MAX_CHARS => {
                short.insert(line);
            }
            _ => {
                long.insert(line);
            }
        }
    }
    let mut body: Vec<&String> = long.iter().collect();
    let sorted_short: BTreeSet<&String> = short.iter().collect();
    if body.is_empty() {
        body = sorted_short.into_iter().collect();
    }
    let mut joined = String::new();
    for line in body {
        joined.push_str(line);
        joined.push('\n');
    }
    Some((xxhash_rust::xxh3::xxh3_128(joined.as_bytes()), short))
}

/// Learns each folder's boilerplate from the text inputs among `jobs`; `None` when no
/// folder has enough text files to learn from.
pub fn learn(jobs: &[Job], options: &ReadOptions) -> Option<Learned> {
    let mut folders: BTreeMap<PathBuf, Vec<&Job>> = BTreeMap::new();
    for job in jobs {
        let text = options
            .format
            .or_else(|| InputFormat::from_path(&job.input))
            == Some(InputFormat::Text);
        if text {
            let folder = job.input.parent().map(PathBuf::from).unwrap_or_default();
            folders.entry(folder).or_default().push(job);
        }
    }
    folders.retain(|_, files| files.len() >= MIN_FILES);
    if folders.is_empty() {
        return None;
    }
    let mut learned = Learned::new();
    for (folder, files) in folders {
        let read: Vec<(u128, HashSet<String>)> = files
            .par_iter()
            .filter_map(|j| lines_of(j, options))
            .collect();
        // One witness per distinct article, whatever the order the files came in.
        let sets: BTreeMap<u128, HashSet<String>> = read.into_iter().collect();
        let n = sets.len();
        if n < MIN_FILES {
            continue;
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for set in sets.values() {
            for line in set {
                *counts.entry(line.as_str()).or_default() += 1;
            }
        }
        let common: BTreeSet<String> = counts
            .into_iter()
            .filter(|(_, c)| *c >= MIN_REPEATS && c * 2 >= n)
            .map(|(l, _)| l.to_string())
            .collect();
        if !common.is_empty() {
            learned.insert(folder, common);
        }
    }
    (!learned.is_empty()).then_some(learned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_recurring_in_a_folder_are_learned_in_any_order() {
        let dir = std::env::temp_dir().join(format!("broadsheet-learn-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut jobs = Vec::new();
        for i in 0..5 {
            let p = dir.join(format!("{i}.txt"));
            let own = format!("第{i}条新闻的标题\n  正文第{i}段。\n");
            std::fs::write(
                &p,
                format!("网站导航 新闻中心\n{own}本站声明：转载请注明\n"),
            )
            .unwrap();
            jobs.push(Job {
                input: p.clone(),
                rel: p.clone(),
                output_stem: p.clone(),
            });
        }
        let forward = learn(&jobs, &ReadOptions::default()).unwrap();
        jobs.reverse();
        let backward = learn(&jobs, &ReadOptions::default()).unwrap();
        assert_eq!(forward, backward);
        let lines = &forward[&dir];
        assert!(lines.contains("网站导航 新闻中心"));
        assert!(lines.contains("本站声明：转载请注明"));
        assert!(!lines.iter().any(|l| l.contains("标题")));
        assert!(learn(&jobs[..3], &ReadOptions::default()).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn copies_of_one_article_teach_nothing() {
        let dir = std::env::temp_dir().join(format!("broadsheet-copies-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut jobs = Vec::new();
        for i in 0..5 {
            let p = dir.join(format!("{i}.txt"));
            // The same short article saved five times, two of them with other chrome.
            let chrome = if i < 2 { "返回首页\n" } else { "" };
            std::fs::write(
                &p,
                format!("{chrome}春风送岗 就业暖心\n  招聘会在市会展中心举行。\n"),
            )
            .unwrap();
            jobs.push(Job {
                input: p.clone(),
                rel: p.clone(),
                output_stem: p.clone(),
            });
        }
        let learned = learn(&jobs, &ReadOptions::default());
        let lines = learned.as_ref().and_then(|l| l.get(&dir));
        assert!(
            !lines.is_some_and(|l| l.contains("春风送岗 就业暖心")),
            "{lines:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
