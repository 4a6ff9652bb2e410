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

/// The distinct short lines of one file, trimmed of layout space.
fn lines_of(job: &Job, options: &ReadOptions) -> HashSet<String> {
    let Ok(bytes) = std::fs::read(&job.input) else {
        return HashSet::new();
    };
    let Ok(decoded) = decode::decode(&job.input, &bytes, options.encoding, None) else {
        return HashSet::new();
    };
    decoded
        .text
        .lines()
        .map(|l| crate::input::text::layout_trim(&clean_invisible(l)).to_string())
        .filter(|l| (2..=MAX_CHARS).contains(&l.chars().count()))
        .collect()
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
        let sets: Vec<HashSet<String>> = files.par_iter().map(|j| lines_of(j, options)).collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for set in &sets {
            for line in set {
                *counts.entry(line.as_str()).or_default() += 1;
            }
        }
        let n = files.len();
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
}
