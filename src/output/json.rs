//! JSON backend: the model itself, with a `schema_version` (documented in README).

use crate::error::{Error, Result};
use crate::model::{Article, SCHEMA_VERSION};
use serde::Serialize;

#[derive(Serialize)]
struct Envelope<'a> {
    schema_version: u32,
    #[serde(flatten)]
    article: &'a Article,
}

/// Pretty-printed JSON, newline-terminated. Field order is fixed by the model's
/// declaration order, so output is byte-stable.
pub fn write(article: &Article) -> Result<Vec<u8>> {
    let envelope = Envelope {
        schema_version: SCHEMA_VERSION,
        article,
    };
    let mut bytes = serde_json::to_vec_pretty(&envelope).map_err(|e| Error::Render {
        path: article.meta.source.clone().unwrap_or_default().into(),
        message: format!("JSON: {e}"),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}
