//! Model → model transforms, run between reading and writing: each takes an article and
//! gives a new one, so a backend never knows a transform ran and a reader never knows
//! one will.

pub mod script;

pub use script::ScriptConversion;

use crate::model::Article;

/// Runs the transforms asked for on freshly read articles, in place.
pub fn apply(articles: &mut [Article], convert: Option<ScriptConversion>) {
    if let Some(conversion) = convert {
        for article in articles {
            *article = script::convert_article(article, conversion);
        }
    }
}
