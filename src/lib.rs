//! broadsheet: scraped newspaper articles → clean model → Markdown, JSON, EPUB, PDF.
//!
//! The flow is `input::read` (decode, parse, repair, merge metadata) → [`model::Article`]
//! → `output::write_article` (one backend per format). The binary in `main.rs` only parses
//! flags and maps errors to exit codes; `cli` holds the command logic.

pub mod cjk;
pub mod env;
pub mod error;
pub mod fonts;
pub mod fsutil;
pub mod model;
pub mod output;
pub mod typeset;
pub mod warning;

pub use env::Env;
pub use error::{Error, Result};
pub use model::{Article, Block, Credit, Inline, Meta};
pub use warning::Warning;
pub mod catalog;
pub mod cli;
pub mod convert;
pub mod input;
pub mod report;
pub mod resources;
pub mod transform;
