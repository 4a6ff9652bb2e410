//! Main-content extraction for ordinary article pages, tuned for Chinese: text counts by
//! Han characters and full-width punctuation (Chinese has no spaces to count words by),
//! link text counts against a block, and page furniture (comments, share bars, related
//! lists, navigation, footers, scripts) is never counted at all. Short Chinese paragraphs
//! still count: a block's score is the text of its paragraphs, not their number.
//!
//! One iterative pass over the tree: each text node's weight goes to its nearest block
//! element; at each close, a block's totals go to its parent, and each paragraph-like
//! block gives its own text to its parent in full and to its grandparent by half
//! (the readability scheme). The winner is the block with the highest
//! `score × (1 − link density)`.

use super::dom::{
    Step, has_furniture_name, is_block, is_hard_dropped, walk, weak_furniture_name, weigh,
};
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};
use std::collections::HashSet;

/// A wrapper whose class names furniture (`post_header`, `ads-float`) but that holds
/// this share of the page's unlinked text or more is the page's frame, not furniture.
const FRAME_SHARE: u32 = 40;

/// Elements with furniture names under `root` that hold much of its unlinked text
/// (`FRAME_SHARE` percent or more): they are frames around the article, kept.
pub fn frames(root: ego_tree::NodeRef<'_, Node>) -> HashSet<NodeId> {
    // (node, unlinked weight of its subtree, has a furniture name)
    let mut stack: Vec<(NodeId, u32, bool)> = Vec::new();
    let mut named: Vec<(NodeId, u32)> = Vec::new();
    let mut total = 0u32;
    let mut link_depth = 0usize;
    let prune = |n: ego_tree::NodeRef<'_, Node>| matches!(n.value(), Node::Element(e) if is_hard_dropped(e));
    for step in walk(root, prune) {
        match step {
            Step::Pruned(_) => {}
            Step::Open(n) => match n.value() {
                Node::Text(t) if link_depth == 0 => {
                    let w = weigh(t).weight;
                    total += w;
                    if let Some(top) = stack.last_mut() {
                        top.1 += w;
                    }
                }
                Node::Element(e) => {
                    if e.name() == "a" {
                        link_depth += 1;
                    }
                    stack.push((n.id(), 0, weak_furniture_name(e)));
                }
                _ => {}
            },
            Step::Close(n) => {
                let Node::Element(e) = n.value() else {
                    continue;
                };
                if e.name() == "a" {
                    link_depth = link_depth.saturating_sub(1);
                }
                if let Some((id, w, furniture)) = stack.pop() {
                    if furniture {
                        named.push((id, w));
                    }
                    if let Some(top) = stack.last_mut() {
                        top.1 += w;
                    }
                }
            }
        }
    }
    named
        .into_iter()
        .filter(|(_, w)| total > 0 && w * 100 >= total * FRAME_SHARE)
        .map(|(id, _)| id)
        .collect()
}

/// The chosen block and its numbers (for `inspect`).
#[derive(Debug, Clone)]
pub struct Choice {
    pub node: NodeId,
    pub han: u32,
    pub weight: u32,
    pub link_weight: u32,
    pub score: f64,
}

#[derive(Debug, Clone, Copy)]
struct Acc {
    node: NodeId,
    parent: Option<usize>,
    own: u32,
    own_link: u32,
    total: u32,
    link: u32,
    han: u32,
    score: f64,
    candidate: bool,
    /// Child blocks closed so far, and the text the last one passed up.
    kids: u32,
    kid_carried: f64,
    /// The half of their text that single-paragraph wrappers below still owe this block.
    bonus: f64,
}

/// Scores every block of the page and returns the best one, if any text was found.
pub fn best_block(doc: &Html) -> Option<Choice> {
    let mut accs: Vec<Acc> = Vec::new();
    let mut open: Vec<Option<usize>> = Vec::new(); // per open element: its block acc index
    let mut blocks: Vec<usize> = Vec::new(); // stack of open block accs
    let mut link_depth = 0usize;
    let root = doc.tree.root();
    let keep = frames(root);
    let prune = |n: ego_tree::NodeRef<'_, Node>| match n.value() {
        Node::Element(e) => {
            is_hard_dropped(e) || (has_furniture_name(e) && !keep.contains(&n.id()))
        }
        _ => false,
    };
    for step in walk(root, prune) {
        match step {
            Step::Pruned(_) => {}
            Step::Open(n) => match n.value() {
                Node::Text(t) => {
                    if let Some(&b) = blocks.last() {
                        let w = weigh(t);
                        let a = &mut accs[b];
                        a.own += w.weight;
                        a.han += w.han;
                        if link_depth > 0 {
                            a.own_link += w.weight;
                        }
                    }
                }
                Node::Element(e) => {
                    if e.name() == "a" {
                        link_depth += 1;
                    }
                    if is_block(e.name()) {
                        accs.push(Acc {
                            node: n.id(),
                            parent: blocks.last().copied(),
                            own: 0,
                            own_link: 0,
                            total: 0,
                            link: 0,
                            han: 0,
                            score: 0.0,
                            kids: 0,
                            kid_carried: 0.0,
                            bonus: 0.0,
                            candidate: matches!(
                                e.name(),
                                "div"
                                    | "article"
                                    | "section"
                                    | "main"
                                    | "td"
                                    | "body"
                                    | "founder-content"
                                    | "form"
                                    | "center"
                            ),
                        });
                        blocks.push(accs.len() - 1);
                        open.push(Some(accs.len() - 1));
                    } else {
                        open.push(None);
                    }
                }
                _ => {}
            },
            Step::Close(n) => {
                let Node::Element(e) = n.value() else {
                    continue;
                };
                if e.name() == "a" {
                    link_depth = link_depth.saturating_sub(1);
                }
                if let Some(Some(i)) = open.pop() {
                    blocks.pop();
                    let a = accs[i];
                    let total = a.total + a.own;
                    let link = a.link + a.own_link;
                    let han = a.han;
                    accs[i].total = total;
                    accs[i].link = link;
                    // The paragraph's own (unlinked) text feeds its block and the one above.
                    let own = f64::from(a.own.saturating_sub(a.own_link));
                    accs[i].score += own;
                    // A block with no text of its own around a single paragraph (the
                    // `<div class=x><p>…</p></div>` of self-media pages, one per
                    // paragraph) is that paragraph: a column of such wrappers scores as if
                    // it held the paragraphs (it got only half of each, as their
                    // grandparent), and the block above it as their grandparent.
                    let transparent = a.own == 0 && a.kids == 1;
                    let carried = if transparent { a.kid_carried } else { own };
                    if a.kids >= 2 {
                        accs[i].score += a.bonus;
                    }
                    if let Some(p) = a.parent {
                        accs[p].total += total;
                        accs[p].link += link;
                        accs[p].han += han;
                        accs[p].score += own;
                        accs[p].kids += 1;
                        accs[p].kid_carried = carried;
                        if transparent {
                            accs[p].bonus += carried / 2.0;
                        }
                        if a.kids >= 2 {
                            accs[p].score += a.bonus;
                        }
                        if let Some(g) = accs[p].parent {
                            accs[g].score += own / 2.0;
                        }
                    }
                }
            }
        }
    }
    let (best, score) = accs
        .iter()
        .enumerate()
        .filter(|(_, a)| a.candidate && a.total > 0)
        .map(|(i, a)| {
            let density = f64::from(a.link) / f64::from(a.total.max(1));
            (i, a.score * (1.0 - density))
        })
        .max_by(|x, y| x.1.total_cmp(&y.1))?;
    let a = accs[merge_siblings(&accs, best)];
    Some(Choice {
        node: a.node,
        han: a.han,
        weight: a.total,
        link_weight: a.link,
        score,
    })
}

fn unlinked(a: &Acc) -> u32 {
    a.total.saturating_sub(a.link)
}

/// An article split over sibling boxes (a lead box, then the rest, the way some
/// print-edition pages set it): climbs from the winner through wrappers that add no
/// text, then takes the parent when the box just before holds text of its own (a tenth
/// of the winner's or more, little of it in links) and the parent is not mostly links.
fn merge_siblings(accs: &[Acc], best: usize) -> usize {
    let mut cur = best;
    while let Some(p) = accs[cur].parent {
        if unlinked(&accs[p]) > unlinked(&accs[cur]) + 10 {
            break;
        }
        cur = p;
    }
    let Some(parent) = accs[cur].parent else {
        return best;
    };
    let mine = unlinked(&accs[cur]);
    // The nearest sibling with text before it (a lead box over the rest of the text; what
    // follows an article is more often a box of promotions), if it reads as text.
    let with_text: Vec<usize> = (0..accs.len())
        .filter(|&i| accs[i].parent == Some(parent) && (i == cur || unlinked(&accs[i]) > 0))
        .collect();
    let at = with_text.iter().position(|&i| i == cur).unwrap_or(0);
    let neighbours = [at.checked_sub(1)];
    let sibling_text = neighbours
        .into_iter()
        .flatten()
        .filter_map(|j| with_text.get(j))
        .any(|&i| {
            let a = &accs[i];
            a.candidate && unlinked(a) * 10 >= mine && a.link * 4 <= a.total
        });
    let p = &accs[parent];
    if sibling_text && accs[parent].candidate && p.link * 4 <= p.total {
        parent
    } else {
        best
    }
}

/// How the choice reads in `inspect`.
pub fn reason(doc: &Html, c: &Choice) -> String {
    let what = doc
        .tree
        .get(c.node)
        .and_then(ElementRef::wrap)
        .map_or_else(|| "<?>".to_string(), super::dom::describe);
    let pct = 100 * c.link_weight / c.weight.max(1);
    format!(
        "main-content block {what} scored {} Han chars ({pct}% in links)",
        c.han
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(html: &str) -> String {
        let doc = Html::parse_document(html);
        let c = best_block(&doc).expect("a block");
        let el = doc.tree.get(c.node).and_then(ElementRef::wrap).unwrap();
        super::super::dom::describe(el)
    }

    const P: &str = "<p>今年以来，全市上下坚持稳中求进工作总基调，经济运行持续回升向好，高质量发展扎实推进，各项工作取得新成效。</p>";

    #[test]
    fn a_wrapper_named_like_furniture_is_not_furniture() {
        let page = format!(
            "<body><div class=nav><a href=/>首页</a></div><div class=post_header><h1>标题</h1><div id=text>{}</div></div></body>",
            P.repeat(4)
        );
        assert_eq!(chosen(&page), "<div id=text>");
    }

    #[test]
    fn comment_boxes_stay_furniture_however_long() {
        let page = format!(
            "<body><div id=text>{}</div><div id=comments>{}</div></body>",
            P,
            P.repeat(6)
        );
        assert_eq!(chosen(&page), "<div id=text>");
    }

    #[test]
    fn a_lead_box_before_the_body_is_taken_with_it() {
        let page = format!(
            "<body><div class=side><a href=/1>链接一</a><a href=/2>链接二</a></div><article class=txt><div id=upper>{P}</div><div id=lower>{}</div></article><div class=more>{P}</div></body>",
            P.repeat(5)
        );
        assert_eq!(chosen(&page), "<article class=txt>");
    }

    #[test]
    fn one_wrapper_per_paragraph_is_read_as_the_paragraph() {
        let wrapped = format!("<div class=w><p>{}</p></div>", &P[3..P.len() - 4]);
        let page = format!(
            "<body><div id=col><div id=text>{}</div></div><div class=note>{P}{P}</div></body>",
            wrapped.repeat(4)
        );
        assert_eq!(chosen(&page), "<div id=text>");
    }

    #[test]
    fn what_follows_the_body_is_not_merged() {
        let page = format!(
            "<body><div class=wrap><div id=text>{}</div><div class=promo>{P}{P}</div></div></body>",
            P.repeat(5)
        );
        assert_eq!(chosen(&page), "<div id=text>");
    }
}
