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
    write_inlines_before(inlines, out, None);
}

/// Writes inlines; `after` is the first character that will follow them, which decides
/// whether a closing `**` can close (CommonMark's flanking rules).
fn write_inlines_before(inlines: &[Inline], out: &mut String, after: Option<char>) {
    for (i, inline) in inlines.iter().enumerate() {
        let next = inlines[i + 1..].iter().find_map(first_char).or(after);
        match inline {
            Inline::Text { text } => out.push_str(&escape_text(text, false)),
            Inline::Strong { content } | Inline::Emphasis { content } => {
                let strong = matches!(inline, Inline::Strong { .. });
                let (first, last) = (
                    content.iter().find_map(first_char),
                    content.iter().rev().find_map(last_char),
                );
                if can_delimit(out.chars().last(), first, last, next) {
                    let mark = if strong { "**" } else { "*" };
                    out.push_str(mark);
                    write_inlines_before(content, out, Some('*'));
                    out.push_str(mark);
                } else {
                    // CJK punctuation against Han text defeats `**`: HTML tags always work,
                    // in pandoc and in our reader.
                    let tag = if strong { "strong" } else { "em" };
                    out.push_str(&format!("<{tag}>"));
                    write_inlines_before(content, out, Some('<'));
                    out.push_str(&format!("</{tag}>"));
                }
            }
            Inline::Link { href, content } => {
                out.push('[');
                write_inlines_before(content, out, Some(']'));
                out.push_str("](");
                out.push_str(&link_destination(href));
                out.push(')');
            }
            Inline::LineBreak => out.push_str("\\\n"),
        }
    }
}

fn first_char(i: &Inline) -> Option<char> {
    match i {
        Inline::Text { text } => text.chars().next(),
        Inline::Strong { content }
        | Inline::Emphasis { content }
        | Inline::Link { content, .. } => content.iter().find_map(first_char),
        Inline::LineBreak => Some('\n'),
    }
}

fn last_char(i: &Inline) -> Option<char> {
    match i {
        Inline::Text { text } => text.chars().last(),
        Inline::Strong { content }
        | Inline::Emphasis { content }
        | Inline::Link { content, .. } => content.iter().rev().find_map(last_char),
        Inline::LineBreak => Some('\n'),
    }
}

/// Unicode punctuation as CommonMark counts it (ASCII marks, general punctuation, CJK
/// and full-width marks).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || crate::cjk::is_cjk_punct(c)
        || ('\u{2010}'..='\u{205E}').contains(&c)
}

/// Whether `**…**` around content starting with `first` and ending with `last`, between
/// `before` and `after`, really opens and closes (left- and right-flanking runs).
fn can_delimit(
    before: Option<char>,
    first: Option<char>,
    last: Option<char>,
    after: Option<char>,
) -> bool {
    let space_or_punct = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || is_punctuation(c));
    let (Some(first), Some(last)) = (first, last) else {
        return false;
    };
    let opens = !first.is_whitespace() && (!is_punctuation(first) || space_or_punct(before));
    let closes = !last.is_whitespace() && (!is_punctuation(last) || space_or_punct(after));
    opens && closes
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
    fn emphasis_next_to_cjk_punctuation_uses_tags() {
        let p = |content: Vec<Inline>| {
            let mut s = String::new();
            write_inlines(&content, &mut s);
            s
        };
        let strong = |t: &str| Inline::Strong {
            content: vec![Inline::text(t)],
        };
        assert_eq!(
            p(vec![
                Inline::text("改革"),
                strong("开放"),
                Inline::text("了")
            ]),
            "改革**开放**了"
        );
        assert_eq!(
            p(vec![strong("加快发展。"), Inline::text("改革")]),
            "<strong>加快发展。</strong>改革"
        );
        assert_eq!(
            p(vec![Inline::text("说"), strong("“好”"), Inline::text("吧")]),
            "说<strong>“好”</strong>吧"
        );
        assert_eq!(p(vec![strong("“好”")]), "**“好”**");
    }

    #[test]
    fn yaml_strings_are_quoted_and_escaped() {
        assert_eq!(yaml_string("a \"b\" 中"), "\"a \\\"b\\\" 中\"");
    }
}
