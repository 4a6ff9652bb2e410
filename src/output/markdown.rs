//! Markdown backend: YAML front matter that pandoc reads, then the body.
//!
//! Front matter: pandoc's `title`, `subtitle`, `author` (list), `date`, `lang`, then our
//! own keys (`kicker`, `publication`, `publisher`, `site`, `page`, `page_name`, `credits`,
//! `source`). Body: `##` section headings, one line per paragraph (Chinese text must not
//! be hard-wrapped: a newline inside it would become a space), images as `![caption](src)`
//! alone in a paragraph, which pandoc turns into a figure with that caption.
//! `input::markdown` reads this back into the same model.

use crate::model::{Article, Block, Inline};

#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {}

pub fn write(article: &Article, _options: &MarkdownOptions) -> String {
    let mut out = String::with_capacity(4096);
    write_front_matter(article, &mut out);
    let mut first = true;
    for block in &article.body {
        if !first {
            out.push('\n');
        }
        first = false;
        write_block(block, "", &mut out);
    }
    out
}

fn write_front_matter(a: &Article, out: &mut String) {
    let m = &a.meta;
    let date = m.date.map(|d| d.to_string());
    out.push_str("---\n");
    yaml_field(out, "title", m.headline.as_deref());
    yaml_field(out, "subtitle", m.subtitle.as_deref());
    let authors = a.authors();
    if !authors.is_empty() {
        out.push_str("author:\n");
        for name in authors {
            out.push_str("  - ");
            out.push_str(&yaml_string(name));
            out.push('\n');
        }
    }
    yaml_field(out, "date", date.as_deref());
    yaml_field(out, "lang", m.lang.as_deref());
    yaml_field(out, "kicker", m.kicker.as_deref());
    yaml_field(out, "publication", m.publication.as_deref());
    yaml_field(out, "publisher", m.publisher.as_deref());
    yaml_field(out, "site", m.site.as_deref());
    yaml_field(out, "page", m.page.as_deref());
    yaml_field(out, "page_name", m.page_name.as_deref());
    if !m.credits.is_empty() {
        out.push_str("credits:\n");
        for c in &m.credits {
            out.push_str("  - role: ");
            out.push_str(&yaml_string(&c.role));
            out.push_str("\n    name: ");
            out.push_str(&yaml_string(&c.name));
            out.push('\n');
        }
    }
    yaml_field(out, "source", m.source.as_deref());
    out.push_str("---\n\n");
}

fn yaml_field(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        out.push_str(key);
        out.push_str(": ");
        out.push_str(&yaml_string(v));
        out.push('\n');
    }
}

/// A YAML double-quoted scalar. JSON string syntax is a subset of YAML's double-quoted
/// style, so serde_json's escaping is exactly right (and keeps CJK text readable).
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn write_block(block: &Block, prefix: &str, out: &mut String) {
    match block {
        Block::Heading { level, text } => {
            out.push_str(prefix);
            for _ in 0..(*level).clamp(1, 6) {
                out.push('#');
            }
            out.push(' ');
            out.push_str(&escape_text(text, true));
            out.push('\n');
        }
        Block::Paragraph { content } => {
            out.push_str(prefix);
            let mut line = String::new();
            write_inlines(content, &mut line);
            // A paragraph's own text never starts a block construct.
            out.push_str(&escape_line_start(&line));
            out.push('\n');
        }
        Block::Image { src, alt, caption } => {
            out.push_str(prefix);
            let label = caption.as_deref().unwrap_or(alt);
            out.push_str("![");
            out.push_str(&escape_text(label, false));
            out.push_str("](");
            out.push_str(&link_destination(src));
            if !alt.is_empty() && caption.as_deref().is_some_and(|c| c != alt) {
                out.push_str(" \"");
                out.push_str(&alt.replace('\\', "\\\\").replace('"', "\\\""));
                out.push('"');
            }
            out.push_str(")\n");
        }
        Block::Quote { content } => {
            let inner = format!("{prefix}> ");
            let mut first = true;
            for b in content {
                if !first {
                    out.push_str(prefix);
                    out.push_str(">\n");
                }
                first = false;
                write_block(b, &inner, out);
            }
        }
    }
}

fn write_inlines(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push_str(&escape_text(text, false)),
            Inline::Strong { content } => {
                out.push_str("**");
                write_inlines(content, out);
                out.push_str("**");
            }
            Inline::Emphasis { content } => {
                out.push('*');
                write_inlines(content, out);
                out.push('*');
            }
            Inline::Link { href, content } => {
                out.push('[');
                write_inlines(content, out);
                out.push_str("](");
                out.push_str(&link_destination(href));
                out.push(')');
            }
            Inline::LineBreak => out.push_str("\\\n"),
        }
    }
}

/// Link destinations with spaces or parentheses go in angle brackets.
fn link_destination(href: &str) -> String {
    if href.is_empty() || href.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", href.replace('<', "%3C").replace('>', "%3E"))
    } else {
        href.to_string()
    }
}

/// Backslash-escapes the characters that are markup anywhere in a line.
fn escape_text(s: &str, heading: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '#' if heading => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes what would turn the start of a paragraph into a heading, list, quote,
/// rule or code block.
fn escape_line_start(line: &str) -> String {
    // Leading spaces would make an indented code block; they are layout, not text.
    let trimmed = line.trim_start_matches(' ');
    let mut chars = trimmed.chars();
    match chars.next() {
        Some('#' | '-' | '+' | '=' | '|' | '~') => format!("\\{trimmed}"),
        Some(d) if d.is_ascii_digit() => {
            let digits: String = trimmed.chars().take_while(|c| c.is_ascii_digit()).collect();
            let rest = &trimmed[digits.len()..];
            if rest.starts_with('.') || rest.starts_with(')') {
                format!("{digits}\\{rest}")
            } else {
                trimmed.to_string()
            }
        }
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_but_not_cjk() {
        assert_eq!(escape_text("a*b_c[d] 中文", false), "a\\*b\\_c\\[d\\] 中文");
        assert_eq!(escape_line_start("1. 第一"), "1\\. 第一");
        assert_eq!(escape_line_start("# 不是标题"), "\\# 不是标题");
        assert_eq!(escape_line_start("2023年"), "2023年");
    }

    #[test]
    fn yaml_strings_are_quoted_and_escaped() {
        assert_eq!(yaml_string("a \"b\" 中"), "\"a \\\"b\\\" 中\"");
    }
}
