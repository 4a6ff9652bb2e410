//! The document model: the one contract between the input stage and every backend.
//!
//! Readers (`crate::input`) produce [`Article`]s; writers (`crate::output`) consume them.
//! Neither side knows about the other. The JSON backend serialises these types directly,
//! so field names here are part of the documented JSON schema (see README).

mod date;
pub mod edition;

pub use date::{Date, DateError};
pub use edition::{
    Edition, PageGroup, edition_stem, edition_title, group_editions, page_order_key,
};

use serde::{Deserialize, Serialize};

/// Version of the JSON schema written by `-t json`. Bump on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// One newspaper article, cleaned of site chrome.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Article {
    #[serde(flatten)]
    pub meta: Meta,
    pub body: Vec<Block>,
}

/// Everything known about an article besides its body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// 引题: the line above the headline (often ends in ——).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    /// 主题: the headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// 副题: the line below the headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Bylines, in the order they appear (本报记者 胥爱珍, 本报通讯员 苏安矗 …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<Credit>,
    /// The newspaper (乐陵市报).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publication: Option<String>,
    /// Who publishes the paper or runs the site (德州日报社).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The web site the page was scraped from (德州新闻网).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Page (版面) label as printed: `A1`, `01`, `B03`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Page name: `要闻`, `综合`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_name: Option<String>,
    /// Where the article came from: the input path as given, or a URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// BCP 47 language tag: `zh-CN`, `zh-TW`, `en` …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// One byline entry: a role (本报记者, 通讯员, 摄影 …) and a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Credit {
    pub role: String,
    pub name: String,
}

/// Roles for editing and production work, by a word they contain: 责任编辑, 图片编辑,
/// 校对, 美编, 本版统筹, 二审 … (编译, a translator's role, does not contain 编辑).
const EDITORIAL_ROLE_WORDS: &[&str] = &[
    "编辑", "編輯", "责编", "責編", "校对", "校對", "审核", "審核", "审校", "審校", "编审", "編審",
    "一审", "二审", "三审", "初审", "复审", "终审", "終審", "签发", "簽發", "统筹", "統籌", "监制",
    "監製", "设计", "設計", "制图", "製圖", "美编", "美編", "美术", "美術", "出品", "值班", "来源",
    "來源",
];

impl Credit {
    /// Whether the credit is for editing or production (责任编辑, 校对, 美编, 统筹 …) or
    /// names a source outlet (来源), rather than for writing or photographing the
    /// article. Papers print these at the article's end, not in the byline, and they are
    /// not its authors: an e-reader's author field should not list the desk editor.
    pub fn is_editorial(&self) -> bool {
        let role = self.role.trim();
        EDITORIAL_ROLE_WORDS.iter().any(|w| role.contains(w))
    }
}

/// Block-level content of an article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A section heading inside the article (小标题). Level 2 is the first level below
    /// the headline, as in Markdown `##`.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    /// A picture, with the caption printed under it (图为… / …摄).
    Image {
        src: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        alt: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    /// A block quotation.
    Quote {
        content: Vec<Block>,
    },
}

/// Inline content of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text { text: String },
    Strong { content: Vec<Inline> },
    Emphasis { content: Vec<Inline> },
    Link { href: String, content: Vec<Inline> },
    LineBreak,
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Self {
        Inline::Text { text: s.into() }
    }
}

impl Block {
    /// A paragraph holding one run of plain text.
    pub fn paragraph(s: impl Into<String>) -> Self {
        Block::Paragraph {
            content: vec![Inline::text(s)],
        }
    }
}

/// The plain text of a run of inlines (markup dropped, line breaks as `\n`).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Strong { content }
            | Inline::Emphasis { content }
            | Inline::Link { content, .. } => push_plain(content, out),
            Inline::LineBreak => out.push('\n'),
        }
    }
}

impl Article {
    /// The title a reader should see: the headline, else the first words of the body,
    /// else the source name. Never empty.
    pub fn display_title(&self) -> String {
        if let Some(h) = self
            .meta
            .headline
            .as_deref()
            .filter(|h| !h.trim().is_empty())
        {
            return h.to_string();
        }
        for block in &self.body {
            let text = match block {
                Block::Paragraph { content } => plain_text(content),
                Block::Heading { text, .. } => text.clone(),
                _ => continue,
            };
            let text = text.trim();
            if !text.is_empty() {
                let mut title: String = text.chars().take(20).collect();
                if text.chars().count() > 20 {
                    title.push('…');
                }
                return title;
            }
        }
        match self.meta.source.as_deref() {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => "Untitled".to_string(),
        }
    }

    /// Number of paragraph blocks, at any depth.
    pub fn paragraph_count(&self) -> usize {
        fn count(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|b| match b {
                    Block::Paragraph { .. } => 1,
                    Block::Quote { content } => count(content),
                    _ => 0,
                })
                .sum()
        }
        count(&self.body)
    }

    /// Section headings in order, with their level.
    pub fn headings(&self) -> Vec<(u8, &str)> {
        self.body
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, text } => Some((*level, text.as_str())),
                _ => None,
            })
            .collect()
    }

    /// The editorial credits as papers print them at an article's end, one group per
    /// role in order of first appearance: `责编：王震、岳弘彬　校对：吴一`.
    pub fn editorial_note(&self) -> Option<String> {
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for c in self.meta.credits.iter().filter(|c| c.is_editorial()) {
            let (role, name) = (c.role.trim(), c.name.trim());
            match groups.iter_mut().find(|(r, _)| *r == role) {
                Some((_, names)) if !names.contains(&name) => names.push(name),
                Some(_) => {}
                None => groups.push((role, vec![name])),
            }
        }
        let parts: Vec<String> = groups
            .into_iter()
            .map(|(role, names)| format!("{role}：{}", names.join("、")))
            .collect();
        (!parts.is_empty()).then(|| parts.join("　"))
    }

    /// The names from the byline credits (not the editorial ones, see
    /// [`Credit::is_editorial`]), each once, in order: the `author` list.
    pub fn authors(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for c in self.meta.credits.iter().filter(|c| !c.is_editorial()) {
            if !names.contains(&c.name.as_str()) {
                names.push(&c.name);
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_title_falls_back_to_body_then_source() {
        let mut a = Article::default();
        assert_eq!(a.display_title(), "Untitled");
        a.meta.source = Some("x.txt".into());
        assert_eq!(a.display_title(), "x.txt");
        a.body.push(Block::paragraph(
            "一二三四五六七八九十一二三四五六七八九十多余",
        ));
        assert_eq!(
            a.display_title(),
            "一二三四五六七八九十一二三四五六七八九十…"
        );
        a.meta.headline = Some("标题".into());
        assert_eq!(a.display_title(), "标题");
    }

    #[test]
    fn authors_are_unique_in_order() {
        let mut a = Article::default();
        for (r, n) in [("记者", "张三"), ("摄影", "张三"), ("通讯员", "李四")] {
            a.meta.credits.push(Credit {
                role: r.into(),
                name: n.into(),
            });
        }
        assert_eq!(a.authors(), vec!["张三", "李四"]);
    }

    #[test]
    fn editors_are_credited_but_are_not_authors() {
        let mut a = Article::default();
        for (r, n) in [
            ("本报记者", "王乐文"),
            ("责编", "胡永秋"),
            ("責任編輯", "米婭"),
            ("图片编辑", "周明"),
            ("校对", "吴一"),
            ("编译", "陈二"),
            ("摄影", "张三"),
        ] {
            a.meta.credits.push(Credit {
                role: r.into(),
                name: n.into(),
            });
        }
        assert_eq!(a.authors(), vec!["王乐文", "陈二", "张三"]);
        assert_eq!(
            a.editorial_note().as_deref(),
            Some("责编：胡永秋　責任編輯：米婭　图片编辑：周明　校对：吴一")
        );
        a.meta.credits.retain(|c| !c.is_editorial());
        assert_eq!(a.editorial_note(), None);
    }

    #[test]
    fn editors_of_one_role_share_one_group() {
        let mut a = Article::default();
        for n in ["王震", "岳弘彬", "王震"] {
            a.meta.credits.push(Credit {
                role: "责编".into(),
                name: n.into(),
            });
        }
        assert_eq!(a.editorial_note().as_deref(), Some("责编：王震、岳弘彬"));
    }
}
