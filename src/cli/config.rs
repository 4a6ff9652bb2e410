//! Flags → checked options, in one place: [`Config::from_args`] validates every option of
//! `convert` once (files exist, numbers in range, combinations allowed) and yields the
//! stage options plus the run's [`Env`] (fonts, picture root, fallback date). Nothing
//! after this checks a flag again.

use super::UsageError;
use super::args::{BookArgs, ConvertArgs, ReadArgs};
use crate::convert::{self, ConvertOptions, Destination};
use crate::env::Env;
use crate::error::Error;
use crate::input::{MetaPatch, ReadOptions, decode};
use crate::output::WriteOptions;
use crate::output::pdf::PdfOptions;
use std::path::Path;

/// A `convert` run, checked: what every stage needs to know, and what it shares.
#[derive(Debug)]
pub struct Config {
    pub options: ConvertOptions,
    pub env: Env,
}

impl Config {
    /// Checks the flags of `convert`; the error says which flag and why (exit 2).
    pub fn from_args(a: &ConvertArgs) -> Result<Config, UsageError> {
        let read = read_options(&a.read)?;
        let mut formats = a.formats.clone();
        formats.sort();
        formats.dedup();
        let to_stdout = a.output == Path::new("-");
        if to_stdout && (a.inputs.len() != 1 || formats.len() != 1 || a.inputs[0].is_dir()) {
            return Err(UsageError(
                "-o - writes to standard output, which takes exactly one input file and one format"
                    .into(),
            ));
        }
        if to_stdout && a.catalog {
            return Err(UsageError(
                "--catalog writes the catalog of an output folder: give a folder with -o".into(),
            ));
        }
        if to_stdout && a.edition {
            return Err(UsageError(
                "--edition writes one file per edition: give a folder with -o".into(),
            ));
        }
        let write = write_options(&a.book)?;
        let env = env(&a.book)?;
        write.pdf.check().map_err(UsageError)?;
        let options = ConvertOptions {
            read,
            write,
            formats,
            destination: if to_stdout {
                Destination::Stdout
            } else {
                Destination::Dir(a.output.clone())
            },
            edition: a.edition,
            jobs: jobs_option(a.jobs),
            fail_fast: a.fail_fast,
            force: a.force,
            shard: a.shard.unwrap_or_default(),
            cancel: None,
        };
        Ok(Config { options, env })
    }
}

/// Checks the input-stage flags and builds `ReadOptions`.
pub fn read_options(a: &ReadArgs) -> Result<ReadOptions, UsageError> {
    let encoding = match &a.encoding {
        Some(label) => {
            Some(decode::encoding_for_label(label).map_err(|e| UsageError(e.to_string()))?)
        }
        None => None,
    };
    let date = match &a.date {
        Some(d) => Some(d.parse().map_err(|_| {
            UsageError(
                Error::InvalidDate {
                    value: d.clone(),
                    origin: "--date".into(),
                }
                .to_string(),
            )
        })?),
        None => None,
    };
    Ok(ReadOptions {
        repair: !a.no_repair,
        encoding,
        sidecars: !a.no_sidecar,
        format: a.from,
        learned: None,
        convert: a.convert,
        overrides: MetaPatch {
            date,
            publication: a.publication.clone(),
            page: a.page.clone(),
            page_name: a.page_name.clone(),
            lang: a.lang.clone(),
            ..MetaPatch::default()
        },
    })
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "the time to write into
/// outputs". Read here, once; the library never looks at the clock or the environment.
pub(super) fn source_date_epoch() -> Result<Option<i64>, UsageError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v.trim().parse().map(Some).map_err(|_| {
            UsageError(format!(
                "SOURCE_DATE_EPOCH must be a number of seconds, not '{v}'"
            ))
        }),
        _ => Ok(None),
    }
}

/// What the run shares: fonts (`--font-dir`, `--font`), the picture root
/// (`--image-root`) and the fallback date (`SOURCE_DATE_EPOCH`).
fn env(b: &BookArgs) -> Result<Env, UsageError> {
    if let Some(root) = &b.image_root
        && !root.is_dir()
    {
        return Err(UsageError(format!(
            "--image-root {}: no such folder",
            root.display()
        )));
    }
    for font in &b.fonts {
        if !font.is_file() {
            return Err(UsageError(format!(
                "--font {}: no such file",
                font.display()
            )));
        }
    }
    Ok(Env::new(b.font_dir.clone())
        .with_extra_fonts(b.fonts.clone())
        .with_image_root(b.image_root.clone())
        .with_source_date_epoch(source_date_epoch()?))
}

/// Checks the backend's files and builds `WriteOptions` (numbers: [`PdfOptions::check`]).
fn write_options(b: &BookArgs) -> Result<WriteOptions, UsageError> {
    if let Some(cover) = &b.cover
        && !cover.is_file()
    {
        return Err(UsageError(format!(
            "--cover {}: no such file",
            cover.display()
        )));
    }
    let mut w = WriteOptions::default();
    w.epub.cover.clone_from(&b.cover);
    w.epub.generate_cover = !b.no_cover;
    w.epub.embed_font = b.embed_font;
    w.epub.vertical = b.vertical;
    w.epub.headline_face = b.headline_face;
    w.pdf = PdfOptions {
        paper: b.paper,
        columns: b.columns,
        margin_mm: b.margin,
        body_size: b.font_size,
        kinsoku: b.kinsoku,
        standards: b.pdf_standard.clone(),
        headline_face: b.headline_face,
        vertical: b.vertical,
        // Every PDF the CLI writes is tagged.
        untagged: false,
    };
    crate::output::pdf::check_standards(&w.pdf.standards).map_err(UsageError)?;
    Ok(w)
}

/// `--jobs` as the library takes it, with a note when it is capped.
fn jobs_option(requested: usize) -> usize {
    let used = convert::effective_jobs(requested);
    if requested > used {
        super::err_line(format!(
            "broadsheet: note: --jobs {requested} is more than {} per core; using {used}",
            convert::MAX_JOBS_PER_CORE
        ));
    }
    used
}
