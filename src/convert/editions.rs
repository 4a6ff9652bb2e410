//! Edition mode: one EPUB/PDF per day's paper (publication + date). The first pass over
//! the inputs records only which editions each input's articles belong to; editions are
//! then rendered one at a time per worker, re-reading their member inputs (reading is
//! cheap next to typesetting), so memory holds a few editions, never the archive.

use super::manifest::{EditionRecord, Manifest, OutputRecord};
use super::render::{Context, read_job};
use super::{Job, output_path};
use crate::error::Result;
use crate::model::{Article, edition_stem, group_editions};
use crate::output::{self, OutputFormat};
use crate::warning::Warning;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One input's share of the editions: found in the first pass.
#[derive(Debug, Clone)]
pub struct Membership {
    pub job: usize,
    /// The manifest key of the input and its hash.
    pub input: String,
    pub hash: String,
    /// (stem, title) of each edition its articles belong to.
    pub editions: Vec<(String, String)>,
}

/// One edition to write: its file stem, title and member inputs in path order.
#[derive(Debug, Clone)]
pub struct EditionPlan {
    pub stem: String,
    pub title: String,
    pub members: Vec<(usize, String, String)>,
}

impl EditionPlan {
    /// The members as the manifest records them.
    pub fn member_list(&self) -> Vec<(String, String)> {
        self.members
            .iter()
            .map(|(_, input, hash)| (input.clone(), hash.clone()))
            .collect()
    }
}

/// Groups the memberships into editions, sorted by stem, members by input path (so an
/// edition never depends on the order inputs were named in).
pub fn plan(memberships: &[Membership]) -> Vec<EditionPlan> {
    let mut editions: BTreeMap<&str, EditionPlan> = BTreeMap::new();
    for m in memberships {
        for (stem, title) in &m.editions {
            editions
                .entry(stem)
                .or_insert_with(|| EditionPlan {
                    stem: stem.clone(),
                    title: title.clone(),
                    members: Vec::new(),
                })
                .members
                .push((m.job, m.input.clone(), m.hash.clone()));
        }
    }
    let mut out: Vec<EditionPlan> = editions.into_values().collect();
    for e in &mut out {
        e.members.sort_by(|a, b| a.1.cmp(&b.1));
        e.members.dedup_by(|a, b| a.1 == b.1);
    }
    out
}

/// Fingerprint of an edition format: the read options decide the articles, the format's
/// options the file.
pub fn fingerprint(cx: &Context, format: OutputFormat) -> String {
    super::manifest::hash_bytes(
        format!(
            "{} {}",
            cx.read_fingerprint,
            super::manifest::format_fingerprint(format, &cx.options.write, cx.env)
        )
        .as_bytes(),
    )
}

/// The manifest's record of this edition, if its members and every output are current.
pub fn current_record<'m>(
    plan: &EditionPlan,
    previous: &'m Manifest,
    formats: &[(OutputFormat, String)],
) -> Option<&'m EditionRecord> {
    let record = previous.editions.get(&plan.stem)?;
    let same_members = record.members == plan.member_list();
    let outputs_current = formats.iter().all(|(f, fp)| {
        record
            .outputs
            .get(f.extension())
            .is_some_and(|o| o.is_current(fp))
    });
    (same_members && outputs_current).then_some(record)
}

/// An edition rendered in memory, not yet written.
pub struct RenderedEdition {
    pub files: Vec<(PathBuf, Vec<u8>, OutputFormat)>,
    pub warnings: Vec<Warning>,
}

/// Re-reads the members of one edition and renders it in every edition format.
pub fn render(
    plan: &EditionPlan,
    jobs: &[Job],
    cx: &Context,
    dir: &Path,
    formats: &[OutputFormat],
) -> Result<RenderedEdition> {
    let mut articles: Vec<Article> = Vec::new();
    for (job, _, _) in &plan.members {
        // The input's own warnings were reported when it was read in the first pass.
        let report = read_job(&jobs[*job], &cx.options.read)?;
        articles.extend(
            report
                .articles
                .into_iter()
                .filter(|a| edition_stem(a.meta.publication.as_deref(), a.meta.date) == plan.stem),
        );
    }
    let mut warnings = Vec::new();
    let groups = group_editions(&articles);
    let Some(edition) = groups.first() else {
        return Err(crate::Error::Render {
            path: PathBuf::from(&plan.stem),
            message: "the edition's inputs no longer hold its articles".into(),
        });
    };
    for other in &groups[1..] {
        warnings.push(Warning::new(
            "edition-name-clash",
            format!(
                "edition '{}' has the same file name as '{}'; its articles are left out",
                other.title(),
                edition.title()
            ),
        ));
    }
    let stem = PathBuf::from(&plan.stem);
    let mut files = Vec::new();
    for format in formats {
        let rendered = output::write_edition(*format, edition, &cx.options.write, cx.env)?;
        warnings.extend(rendered.warnings);
        files.push((output_path(dir, &stem, *format), rendered.bytes, *format));
    }
    crate::warning::dedupe_subjects(&mut warnings);
    Ok(RenderedEdition { files, warnings })
}

/// What the manifest says about an edition just written.
pub fn record(
    plan: &EditionPlan,
    formats: &[(OutputFormat, String)],
    written: &[(PathBuf, u64, OutputFormat)],
) -> EditionRecord {
    let outputs = formats
        .iter()
        .map(|(f, fp)| {
            let files: Vec<(PathBuf, u64)> = written
                .iter()
                .filter(|(_, _, wf)| wf == f)
                .map(|(p, n, _)| (p.clone(), *n))
                .collect();
            (
                f.extension().to_string(),
                OutputRecord::new(fp.clone(), &files),
            )
        })
        .collect();
    EditionRecord {
        title: plan.title.clone(),
        members: plan.member_list(),
        outputs,
    }
}
