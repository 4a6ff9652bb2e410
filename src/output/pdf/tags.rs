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

/// An element of the structure: its marked-content pieces and its text.
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
}

impl Tagger {
    /// Records that `id` (one line, or one picture) is part of the element `tag`.
    pub(super) fn add(&mut self, tag: Tag, id: Identifier, text: &str) {
        if tag.role == Role::Artifact {
            return;
        }
        let key = (tag.article, tag.role, tag.block);
        let i = *self.index.entry(key).or_insert_with(|| {
            self.elements.push(Element {
                tag,
                ids: Vec::new(),
                text: String::new(),
            });
            self.elements.len() - 1
        });
        let e = &mut self.elements[i];
        // Lines that share a marked-content sequence are one leaf.
        if e.ids.last() != Some(&id) {
            e.ids.push(id);
        }
        e.text.push_str(text);
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

/// How one line of an element is marked: page furniture as a header or footer
/// artifact; text as a Span, with the line's characters as ActualText when its glyphs
/// are spaced so that an extractor would read a space that is not in the text, or
/// hold a space other than U+0020.
pub(super) fn line_content<'a, 'r>(
    first: &TextRun,
    runs: impl Iterator<Item = &'r TextRun>,
    text: &'a str,
    page: &Page,
) -> ContentTag<'a> {
    if first.tag.role == Role::Artifact {
        let kind = if first.y < page.height / 2.0 {
            ArtifactType::Header
        } else {
            ArtifactType::Footer
        };
        return ContentTag::Artifact(Artifact::with_kind(kind));
    }
    // Extractors also turn wide spaces (U+3000 between credits) into ASCII spaces.
    let wide_space = text.chars().any(|c| c.is_whitespace() && c != ' ');
    // A vertical line is pieces drawn glyph by glyph and turned: extractors would
    // guess its order and spaces, so it always says what it reads as.
    let vertical = first.vertical.is_some();
    let actual = (wide_space || vertical || spaced(runs)).then_some(text);
    ContentTag::Span(SpanTag::empty().with_actual_text(actual))
}

/// Whether any two neighbouring glyphs of a line stand apart (or overlap) by more
/// than [`GAP_EM`].
fn spaced<'r>(runs: impl Iterator<Item = &'r TextRun>) -> bool {
    let mut end: Option<f32> = None;
    for run in runs {
        for g in &run.glyphs {
            let x = run.x + g.x;
            if let Some(e) = end
                && (x - e).abs() > GAP_EM * run.size
            {
                return true;
            }
            end = Some(x + g.advance);
        }
    }
    false
}

/// Whether a line so marked may share its marked-content sequence with the next line
/// of the same element: text without ActualText (an ActualText stands for exactly
/// its own line, and artifacts are marked line by line).
pub(super) fn joins(content: &ContentTag) -> bool {
    matches!(content, ContentTag::Span(span) if span.actual_text.is_none())
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
