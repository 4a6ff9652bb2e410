//! The command line, as clap sees it: raw flags only. `cli::run` turns them into the
//! library's option structs.

use crate::input::InputFormat;
use crate::output::OutputFormat;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "broadsheet",
    version,
    about = "Turn scraped newspaper articles (above all Chinese e-paper pages) into clean Markdown, JSON, EPUB and PDF.",
    long_about = "Turn scraped newspaper articles (above all Chinese e-paper pages) into clean Markdown, JSON, EPUB and PDF.\n\n\
broadsheet reads each input, drops the site's navigation and boilerplate, finds the kicker (引题), headline, \
subtitle, bylines, page (版面) and paper, repairs scraped punctuation (ASCII , ; : inside Chinese become ，；：) \
and writes one clean article per input.",
    after_help = "Examples:\n  \
broadsheet convert samples/ -o out -t md,json     convert every sample\n  \
broadsheet convert page.txt -o - -t md            print one article as Markdown\n  \
broadsheet convert scan.txt --encoding gbk --date 2023-12-18 --publication 乐陵市报\n  \
broadsheet inspect samples/000_bcaf30ff217f506c.txt\n\n\
Exit status: 0 all converted, 1 some inputs failed (the others were still converted), 2 usage error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert inputs (files or folders) into one output file per input and format.
    #[command(
        after_help = "Each input INPUT.txt becomes OUT/INPUT.md, OUT/INPUT.json, …; a folder is walked and mirrored \
under OUT. Outputs are written to a temporary name and renamed, so no half-written file is ever left. \
An output that would overwrite an input is refused."
    )]
    Convert(Box<ConvertArgs>),
    /// Show what the input stage found in one input: metadata (and where each field came
    /// from), the outline, the encoding and every warning.
    Inspect(InspectArgs),
    /// Print a shell completion script: `broadsheet completions bash > /etc/bash_completion.d/broadsheet`.
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `broadsheet man > broadsheet.1; man ./broadsheet.1`.
    Man,
    /// Write a static OPDS 1.2 catalog (catalog.xml, opds/) and an HTML index (index.html)
    /// of the EPUBs and PDFs in an output folder, for e-readers and browsers.
    Catalog {
        /// The output folder of `convert` (the catalog is written into it).
        #[arg(value_name = "OUT")]
        dir: PathBuf,
    },
    /// Work with `--report` files: `broadsheet report merge shard-*.json -o report.json`.
    #[command(subcommand)]
    Report(ReportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Merge the reports of the shards of one run (`--shard K/N`) into one: inputs in
    /// order, summary counts added up. Refuses reports of another schema version or that
    /// list one input twice (overlapping shards). Exits 1 when the merged report has
    /// failures, so a CI step after the matrix fails when any shard did.
    Merge {
        /// The shard reports.
        #[arg(required = true, value_name = "REPORT")]
        reports: Vec<PathBuf>,
        /// Where to write the merged report (`-` for standard output).
        #[arg(short, long, value_name = "FILE", default_value = "-")]
        output: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Input files or folders; `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder (created if missing), or `-` for standard output (one input, one format).
    #[arg(short, long, value_name = "OUT", default_value = "out")]
    pub output: PathBuf,
    /// Output formats, comma-separated.
    #[arg(
        short = 't',
        long = "to",
        value_name = "FORMATS",
        value_delimiter = ',',
        default_value = "md"
    )]
    pub formats: Vec<OutputFormat>,
    /// Group inputs into editions (one per publication and date) and write one EPUB/PDF per
    /// edition, named <publication>-<YYYY-MM-DD> (`undated` without a date); Markdown and
    /// JSON are still written per article.
    #[arg(long)]
    pub edition: bool,
    /// Inputs converted at the same time (default: one per core). Output is the same
    /// whatever the number.
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// Stop at the first input that fails; the inputs after it are skipped.
    #[arg(long)]
    pub fail_fast: bool,
    /// Print only warnings, failures and the summary, not a line per converted input.
    #[arg(short, long)]
    pub quiet: bool,
    /// Progress bar with counts and ETA: auto (on a terminal), always, never. Without a
    /// bar, one plain line per input, so CI logs stay readable.
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub progress: Progress,
    /// Write a JSON report of every input (status, outputs, warnings, error, time) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Convert everything again, even what the manifest in OUT shows is current. Without
    /// it, a re-run converts only inputs (or options) that changed and missing outputs.
    #[arg(long)]
    pub force: bool,
    /// Convert only share K of N of the inputs (1 <= K <= N), chosen by a stable hash of
    /// each input's path, so N machines split an archive with no coordinator; the N shares
    /// never overlap and together are the whole archive.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::convert::Shard>,
    /// After converting, (re)write the OPDS catalog and HTML index of OUT, as
    /// `broadsheet catalog OUT` does: every EPUB and PDF in OUT, this run's and earlier.
    #[arg(long)]
    pub catalog: bool,
    #[command(flatten)]
    pub book: BookArgs,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Progress {
    Auto,
    Always,
    Never,
}

/// Flags of the EPUB and PDF backends.
#[derive(Debug, Args, Clone)]
pub struct BookArgs {
    /// EPUB: use this picture as the cover instead of drawing one.
    #[arg(long, value_name = "FILE", help_heading = "EPUB")]
    pub cover: Option<PathBuf>,
    /// EPUB: no cover at all (neither drawn nor from --cover).
    #[arg(long, conflicts_with = "cover", help_heading = "EPUB")]
    pub no_cover: bool,
    /// Folder that relative picture paths start from (default: each article's own
    /// folder). Pictures outside it are never read.
    #[arg(long, value_name = "DIR", help_heading = "Pictures")]
    pub image_root: Option<PathBuf>,
    /// EPUB: embed the bundled Chinese font, subset to the characters the book uses, for
    /// readers without Chinese fonts.
    #[arg(long, help_heading = "EPUB")]
    pub embed_font: bool,
    /// Folder with the three font files (NotoSerifSC-Regular.ttf, NotoSerifSC-Bold.ttf,
    /// OFL.txt) to use instead of the ones built in (default: $BROADSHEET_FONT_DIR, else built in).
    #[arg(long, value_name = "DIR", help_heading = "Fonts")]
    pub font_dir: Option<PathBuf>,
    /// PDF: more fonts (TrueType/OpenType files) tried after the bundled ones for characters
    /// they lack; repeat for several. Characters no font has are reported, never dropped silently.
    #[arg(long = "font", value_name = "FILE", help_heading = "Fonts")]
    pub fonts: Vec<PathBuf>,
    /// Headline face (EPUB and PDF): serif (bold 宋体, the default) or sans (bold 黑体, as
    /// many Chinese papers set headlines). Traditional-Chinese texts (zh-Hant, zh-TW,
    /// zh-HK) get the traditional-Chinese faces of either.
    #[arg(
        long,
        value_name = "FACE",
        default_value = "serif",
        help_heading = "Fonts"
    )]
    pub headline_face: crate::fonts::HeadlineFace,
    /// Vertical writing (直排), EPUB and PDF: lines top to bottom, right to left, pages
    /// turned right to left. In PDF, --columns N stacks N bands (段) down the page.
    #[arg(long)]
    pub vertical: bool,
    /// PDF paper: a4, a5, a3, b5, letter, tabloid, or WxHmm (e.g. 210x297mm).
    #[arg(long, value_name = "SIZE", default_value = "a4", value_parser = parse_paper, help_heading = "PDF")]
    pub paper: crate::output::pdf::Paper,
    /// PDF body columns (default: 1 on a5/b5, 2 on a4/letter, 4 on a3/tabloid).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=8), help_heading = "PDF")]
    pub columns: Option<u8>,
    /// PDF page margin in millimetres, all sides (default depends on the paper).
    #[arg(long, value_name = "MM", help_heading = "PDF")]
    pub margin: Option<f32>,
    /// PDF body text size in points (default 10).
    #[arg(long, value_name = "PT", help_heading = "PDF")]
    pub font_size: Option<f32>,
    /// PDF line-breaking rules (W3C clreq): basic keeps 、，。 and closing brackets off line
    /// starts, opening brackets off line ends, and never splits or starts a line with —— or ……;
    /// strict adds more marks; none turns the rules off.
    #[arg(
        long,
        value_name = "MODE",
        default_value = "basic",
        help_heading = "PDF"
    )]
    pub kinsoku: crate::typeset::kinsoku::KinsokuMode,
    /// PDF standards to meet, comma-separated: a2b, a2u or a3b (PDF/A, archival; one of
    /// them) and ua1 (PDF/UA-1, accessible). A document that fails one is not written: the
    /// error says what failed.
    #[arg(long, value_name = "STD", value_delimiter = ',', value_parser = parse_pdf_standard, help_heading = "PDF")]
    pub pdf_standard: Vec<crate::output::pdf::PdfStandard>,
}

fn parse_pdf_standard(s: &str) -> Result<crate::output::pdf::PdfStandard, String> {
    s.parse()
}

fn parse_paper(s: &str) -> Result<crate::output::pdf::Paper, String> {
    s.parse()
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The input file (`-` for standard input).
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// Print JSON for machines instead of a report for people.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Flags of the input stage, shared by every command that reads.
#[derive(Debug, Args, Clone)]
pub struct ReadArgs {
    /// Publication date, overriding the text, sidecar and path (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", help_heading = "Metadata overrides")]
    pub date: Option<String>,
    /// The newspaper's name (e.g. 乐陵市报).
    #[arg(long, value_name = "NAME", help_heading = "Metadata overrides")]
    pub publication: Option<String>,
    /// Page (版面) label, e.g. A1 or 01.
    #[arg(long, value_name = "LABEL", help_heading = "Metadata overrides")]
    pub page: Option<String>,
    /// Page name, e.g. 要闻.
    #[arg(long, value_name = "NAME", help_heading = "Metadata overrides")]
    pub page_name: Option<String>,
    /// Language tag (zh-CN, zh-TW, en …); guessed from the text otherwise.
    #[arg(long, value_name = "TAG", help_heading = "Metadata overrides")]
    pub lang: Option<String>,
    /// Decode inputs with this encoding (gbk, gb18030, big5, shift_jis, utf-16le …)
    /// instead of detecting it. gb2312 means GBK.
    #[arg(long, value_name = "LABEL", help_heading = "Input")]
    pub encoding: Option<String>,
    /// Read inputs as this format instead of going by the file extension.
    #[arg(long = "from", value_name = "FORMAT", help_heading = "Input")]
    pub from: Option<InputFormat>,
    /// Keep the text as scraped: no punctuation or spacing repair (decoding still happens).
    #[arg(long, help_heading = "Input")]
    pub no_repair: bool,
    /// Ignore <stem>.json / <stem>.toml metadata files beside the inputs.
    #[arg(long, help_heading = "Input")]
    pub no_sidecar: bool,
    /// Convert the script of every text field, phrase by phrase (OpenCC): s2t, t2s, s2tw,
    /// tw2s, s2twp (with Taiwan vocabulary), tw2sp, s2hk, hk2s, t2tw, tw2t, t2hk, hk2t.
    /// The language tag follows (s2tw: zh-Hant-TW).
    #[arg(long, value_name = "CONVERSION", help_heading = "Input")]
    pub convert: Option<crate::transform::ScriptConversion>,
}
