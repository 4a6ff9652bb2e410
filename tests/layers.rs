//! Imports run one way. Each typesetter module may name only the modules after it in
//! [`TYPESET`], `cjk.rs` names no other module of the crate, and `input/credits.rs` does
//! not reach back into `input/repair.rs` (which uses it) — so the import cycles that
//! once tied content↔page, justify↔shape and credits↔repair cannot come back unseen.

use std::path::Path;

/// The typesetter's modules, from the top (it may use all below it) to the bottom.
/// `mod.rs` (the options and the `Typesetter` front door) and `fontprep.rs` (font
/// preparation for PDF) stand outside the chain.
const TYPESET: &[&str] = &[
    "vertical",
    "page",
    "content",
    "flow",
    "paragraph",
    "linebreak",
    "justify",
    "breaks",
    "kinsoku",
    "frame",
    "shape",
];

fn source(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The modules of `names` that `text` refers to as `super::NAME` or
/// `crate::typeset::NAME` (a whole path segment, not a prefix of a longer name).
fn referenced<'a>(text: &str, names: &[&'a str]) -> Vec<&'a str> {
    let mut found = Vec::new();
    for prefix in ["super::", "crate::typeset::"] {
        for (at, _) in text.match_indices(prefix) {
            let rest = &text[at + prefix.len()..];
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // `super::{a, b::{c, d}}`: the first segment of each top-level path in the braces.
            let words: Vec<String> = if word.is_empty() && rest.starts_with('{') {
                top_level_paths(&rest[1..])
                    .iter()
                    .map(|p| p.trim().split("::").next().unwrap_or("").to_string())
                    .collect()
            } else {
                vec![word]
            };
            for w in words {
                if let Some(n) = names.iter().find(|n| **n == w)
                    && !found.contains(n)
                {
                    found.push(*n);
                }
            }
        }
    }
    found
}

/// The comma-separated paths of a brace group (`text` starts just after its `{`), up
/// to its closing brace; nested groups stay inside their path.
fn top_level_paths(text: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0usize, 0usize, Vec::new());
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                out.push(&text[start..i]);
                return out;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

#[test]
fn the_scanner_sees_every_form_of_reference() {
    let names = ["page", "content", "flow"];
    assert_eq!(referenced("use super::page::Layout;", &names), ["page"]);
    assert_eq!(
        referenced("use super::{content::{self, Body}, flow};", &names),
        ["content", "flow"]
    );
    assert_eq!(
        referenced("crate::typeset::flow::fill(x)", &names),
        ["flow"]
    );
    assert!(referenced("use super::pages_x::A; use super::*;", &names).is_empty());
}

#[test]
fn typeset_modules_import_only_downwards() {
    let mut wrong = Vec::new();
    for (i, module) in TYPESET.iter().enumerate() {
        let text = source(&format!("typeset/{module}.rs"));
        for used in referenced(&text, TYPESET) {
            let j = TYPESET.iter().position(|m| *m == used).unwrap_or(0);
            if j <= i && used != *module {
                wrong.push(format!("typeset/{module}.rs uses {used}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layer order {TYPESET:?}: {wrong:?}"
    );
}

#[test]
fn character_classes_depend_on_nothing() {
    let text = source("cjk.rs");
    assert!(
        !text.contains("crate::") && !text.contains("super::super"),
        "cjk.rs must stay a leaf: every stage uses it"
    );
}

#[test]
fn credits_do_not_reach_back_into_repair() {
    // repair.rs uses credits::parse_byline; credits takes its classes from cjk.rs.
    assert!(source("input/repair.rs").contains("credits::"));
    assert!(
        !source("input/credits.rs").contains("repair::"),
        "input/credits.rs uses repair.rs, which uses credits.rs: take the shared piece from cjk.rs"
    );
}
