//! Tagged PDF: the structure tree, built from the roles the typesetter gave each run
//! and picture (`frame::Tag`).
//!
//! Document → (edition: masthead P, then a Sect per page (版面) opening with its banner
//! P) → Art per article → kicker P, H1 headline, subtitle P, byline P, then the body's
//! H2 headings, P paragraphs, Figure (Alt: its caption) and Caption. Elements come in
//! reading order: the order in which their first line is placed, which is column after
//! column, page after page. Running heads, folios, rules and emphasis dots are
//! artifacts.

use crate::typeset::frame::{Page, Role, Tag, TextRun};
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, Node, SpanTag, Tag as KTag, TagGroup, TagKind,
    TagTree,
};
use std::collections::HashMap;
use std::num::NonZeroU16;
use std::ops::Range;

/// An element of the structure: its marked-content pieces and, for headings and
/// captions, its text.
struct Element {
    tag: Tag,
    ids: Vec<Identifier>,
    text: String,
}

/// Collects the marked content of each element while the pages are drawn, then builds
/// the tree.
#[derive(Default)]
pub(super) struct Tagger {
    elements: Vec<Element>,
    index: HashMap<(u32, Role, u32), usize>,
    /// The element of the last call: the lines of one element come one after another,
    /// so most calls find it here without hashing.
    last: Option<((u32, Role, u32), usize)>,
}

impl Tagger {
    /// Records that `id` (one line, or one picture) is part of the element `tag`.
    pub(super) fn add(&mut self, tag: Tag, id: Identifier, text: &str) {
        if tag.role == Role::Artifact {
            return;
        }
        let key = (tag.article, tag.role, tag.block);
        let i = match self.last {
            Some((k, i)) if k == key => i,
            _ => *self.index.entry(key).or_insert_with(|| {
                self.elements.push(Element {
                    tag,
                    ids: Vec::new(),
                    text: String::new(),
                });
                self.elements.len() - 1
            }),
        };
        self.last = Some((key, i));
        let e = &mut self.elements[i];
        // Lines that share a marked-content sequence are one leaf.
        if e.ids.last() != Some(&id) {
            e.ids.push(id);
        }
        // The text is kept where the tree repeats it: a heading's title, a figure's Alt.
        if matches!(tag.role, Role::Headline | Role::Heading | Role::Caption) {
            e.text.push_str(text);
        }
    }

    /// The structure tree, with `lang` on the Document element and on each article
    /// whose language (`article_langs`, by number) differs.
    pub(super) fn tree(self, lang: Option<String>, article_langs: &[Option<String>]) -> TagTree {
        let mut tree = TagTree::new().with_lang(lang.clone());
        // Open groups: the page section (edition) and the article.
        let mut sect: Option<TagGroup> = None;
        let mut art: Option<(u32, TagGroup)> = None;
        let close_art =
            |art: &mut Option<(u32, TagGroup)>, sect: &mut Option<TagGroup>, tree: &mut TagTree| {
                if let Some((_, g)) = art.take() {
                    match sect {
                        Some(s) => s.push(g),
                        None => tree.push(g),
                    }
                }
            };
        for (i, e) in self.elements.iter().enumerate() {
            let node = TagGroup::with_children(
                kind(e, self.elements.get(i + 1)),
                e.ids.iter().map(|id| Node::Leaf(*id)).collect(),
            );
            match e.tag.role {
                Role::Artifact => {}
                Role::Masthead => {
                    close_art(&mut art, &mut sect, &mut tree);
                    tree.push(node);
                }
                Role::Banner => {
                    close_art(&mut art, &mut sect, &mut tree);
                    if let Some(s) = sect.take() {
                        tree.push(s);
                    }
                    let mut s = TagGroup::new(KTag::Section);
                    s.push(node);
                    sect = Some(s);
                }
                _ => {
                    if art.as_ref().is_none_or(|(n, _)| *n != e.tag.article) {
                        close_art(&mut art, &mut sect, &mut tree);
                        let own = article_langs
                            .get(e.tag.article as usize)
                            .cloned()
                            .flatten()
                            .filter(|l| Some(l) != lang.as_ref());
                        art = Some((e.tag.article, TagGroup::new(KTag::Article.with_lang(own))));
                    }
                    if let Some((_, g)) = &mut art {
                        g.push(node);
                    }
                }
            }
        }
        close_art(&mut art, &mut sect, &mut tree);
        if let Some(s) = sect {
            tree.push(s);
        }
        tree
    }
}

/// The PDF structure type of an element; a figure's Alt is the caption after it.
fn kind(e: &Element, next: Option<&Element>) -> TagKind {
    let heading = |level: u16| {
        let level = NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN);
        KTag::Hn(level, Some(e.text.clone())).into()
    };
    match e.tag.role {
        Role::Headline => heading(1),
        Role::Heading => heading(2),
        Role::Figure => {
            let alt = next
                .filter(|n| n.tag.role == Role::Caption && n.tag.article == e.tag.article)
                .map(|n| n.text.clone())
                .unwrap_or_else(|| "图片".to_string());
            KTag::Figure(Some(alt)).into()
        }
        Role::Caption => KTag::Caption.into(),
        Role::Artifact
        | Role::Masthead
        | Role::Banner
        | Role::PageLabel
        | Role::Kicker
        | Role::Subtitle
        | Role::Byline
        | Role::Paragraph => KTag::P.into(),
    }
}

/// A gap or overlap between neighbouring glyphs, in ems, from which text extraction
/// may make a space (pdftotext from 0.1 em, pdfium from about half a space): the ¼-em
/// Han–Latin gap, a widened word space, a loosely justified line.
const GAP_EM: f32 = 0.08;

/// How one line of an element is marked.
pub(super) enum LineMark<'a> {
    /// Its own marked-content sequence: page furniture as a header or footer artifact;
    /// a vertical line, or one whose glyphs stand apart across a change of run, as a
    /// Span with the line's characters as ActualText.
    Own(ContentTag<'a>),
    /// Plain text, which may share its sequence with the next plain line of the element:
    /// per run of the line, the byte ranges of its text whose glyphs carry their own
    /// ActualText (a gap and the two glyphs around it, a wide space), drawn in a Span
    /// nested in the sequence.
    Plain(Vec<Vec<Range<usize>>>),
}

/// How the line of `runs` (whose text is `text`) is marked. ActualText goes only
/// where an extractor would read a space that is not in the text (glyphs spaced
/// apart by more than [`GAP_EM`]: the Han–Latin gap, a widened word space, a loosely
/// justified line) or turn a space other than U+0020 into one.
#[inline(never)]
pub(super) fn line_mark<'a>(runs: &[&TextRun], text: &'a str, page: &Page) -> LineMark<'a> {
    let Some(first) = runs.first() else {
        return LineMark::Plain(Vec::new());
    };
    if first.tag.role == Role::Artifact {
        let kind = if first.y < page.height / 2.0 {
            ArtifactType::Header
        } else {
            ArtifactType::Footer
        };
        return LineMark::Own(ContentTag::Artifact(Artifact::with_kind(kind)));
    }
    // A vertical line is pieces drawn glyph by glyph and turned: extractors would
    // guess its order and spaces, so it always says what it reads as. So does a line
    // with a wide space (U+3000 between credits): extractors make it an ASCII space,
    // also from an ActualText of that space alone.
    let spans = if first.vertical.is_some() || has_other_space(text) {
        None
    } else {
        actual_text_spans(runs)
    };
    match spans {
        Some(spans) => LineMark::Plain(spans),
        None => LineMark::Own(ContentTag::Span(
            SpanTag::empty().with_actual_text(Some(text)),
        )),
    }
}

/// Whether `text` holds white space other than U+0020 (`char::is_whitespace`). Every
/// line is asked, so it looks at bytes: such a space is an ASCII control (09–0D) or a
/// character whose UTF-8 starts with C2, E1, E2 or E3 (U+0085…U+3000); only those
/// characters are decoded.
fn has_other_space(text: &str) -> bool {
    let b = text.as_bytes();
    // A fold with no early exit, which the compiler turns into wide compares.
    if b.iter()
        .fold(false, |hit, x| hit | (0x09..=0x0d).contains(x))
    {
        return true;
    }
    let space_at = |i: usize| {
        text.get(i..)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_whitespace)
    };
    memchr::memchr3_iter(0xc2, 0xe2, 0xe3, b).any(space_at)
        || memchr::memchr_iter(0xe1, b).any(space_at)
}

/// Per run, the byte ranges of its text that need ActualText: around each gap
/// between two of its glyphs, the two glyphs (ranges that share a glyph are one).
/// `None` when a gap falls between two runs (a span cannot cross text objects).
#[inline(never)]
fn actual_text_spans(runs: &[&TextRun]) -> Option<Vec<Vec<Range<usize>>>> {
    let mut out = Vec::with_capacity(runs.len());
    // Where the previous run's last glyph ends on the page.
    let mut end: Option<f32> = None;
    for run in runs {
        let limit = GAP_EM * run.size;
        let apart = |x: f32, e: f32| (x - e).abs() > limit;
        if let (Some(e), Some(g)) = (end, run.glyphs.first())
            && apart(run.x + g.x, e)
        {
            return None;
        }
        let mut spans: Vec<Range<usize>> = Vec::new();
        for pair in run.glyphs.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if apart(run.x + b.x, run.x + a.x + a.advance) {
                let r = a.range.start.min(b.range.start)..a.range.end.max(b.range.end);
                match spans.last_mut() {
                    Some(last) if r.start < last.end => {
                        last.start = last.start.min(r.start);
                        last.end = last.end.max(r.end);
                    }
                    _ => spans.push(r),
                }
            }
        }
        if let Some(g) = run.glyphs.last() {
            end = Some(run.x + g.x + g.advance);
        }
        out.push(spans);
    }
    Some(out)
}

/// The mark of a sequence of plain lines of one element (one or more lines, so not a
/// Span, which is at most a line): `/P` with its MCID.
pub(super) fn lines() -> ContentTag<'static> {
    ContentTag::Other
}

/// Rules and emphasis dots: layout, not content.
pub(super) fn decoration() -> ContentTag<'static> {
    ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout))
}

/// A picture: content of its Figure element.
pub(super) fn picture(tag: Tag) -> ContentTag<'static> {
    if tag.role == Role::Artifact {
        decoration()
    } else {
        ContentTag::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::frame::PositionedGlyph;

    /// A run of `text`, one glyph per character, each 1 pt wide at 10 pt, with
    /// `gaps[i]` pt more before character i.
    fn run(x: f32, text: &str, gaps: &[f32]) -> TextRun {
        let mut pen = 0.0;
        let glyphs = text
            .char_indices()
            .enumerate()
            .map(|(i, (at, c))| {
                pen += gaps.get(i).copied().unwrap_or(0.0);
                let g = PositionedGlyph {
                    id: 1,
                    x: pen,
                    advance: 1.0,
                    range: at..at + c.len_utf8(),
                    orient: Default::default(),
                };
                pen += 1.0;
                g
            })
            .collect();
        TextRun {
            x,
            y: 0.0,
            font: 0,
            size: 10.0,
            text: text.to_string(),
            glyphs,
            tag: Tag {
                role: Role::Paragraph,
                article: 0,
                block: 0,
            },
            vertical: None,
        }
    }

    fn text_of(r: &TextRun, spans: &[Range<usize>]) -> Vec<String> {
        spans
            .iter()
            .map(|s| r.text[s.clone()].to_string())
            .collect()
    }

    #[test]
    fn actual_text_covers_the_two_glyphs_around_each_gap_only() {
        // 航 2 with a ¼ em gap, then h 乐: two spans; the rest plain.
        let r = run(
            0.0,
            "启航20GWh乐陵",
            &[0.0, 0.0, 2.5, 0.0, 0.0, 0.0, 0.0, 2.5],
        );
        let spans = actual_text_spans(&[&r]).expect("one run");
        assert_eq!(text_of(&r, &spans[0]), ["航2", "h乐"]);
        // Gaps under 0.08 em stay plain.
        let tight = run(0.0, "启航20", &[0.0, 0.0, 0.7]);
        assert_eq!(actual_text_spans(&[&tight]), Some(vec![vec![]]));
        // Gaps on both sides of a glyph make one span (a loosely justified line: all).
        let loose = run(0.0, "一二三四", &[0.0, 2.0, 2.0, 2.0]);
        let spans = actual_text_spans(&[&loose]).expect("one run");
        assert_eq!(text_of(&loose, &spans[0]), ["一二三四"]);
    }

    #[test]
    fn other_spaces_are_found_by_their_bytes_as_by_char_is_whitespace() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("中{c}文");
            assert_eq!(
                has_other_space(&text),
                c.is_whitespace() && c != ' ',
                "U+{:04X}",
                c as u32
            );
        }
        assert!(!has_other_space("记者 张三，“你好”。、"));
        assert!(has_other_space("记者　张三"));
    }

    #[test]
    fn a_gap_between_two_runs_leaves_the_line_to_one_actual_text() {
        let a = run(0.0, "启航", &[]);
        let b = run(4.5, "20", &[]);
        assert_eq!(actual_text_spans(&[&a, &b]), None);
        let c = run(2.0, "20", &[]);
        assert_eq!(actual_text_spans(&[&a, &c]), Some(vec![vec![], vec![]]));
    }
}
