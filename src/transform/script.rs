//! Script conversion (`--convert s2t|t2s|s2tw|…`): Simplified ↔ Traditional Chinese,
//! phrase by phrase, with OpenCC's dictionaries (through `ferrous-opencc`), over every
//! text field of an article. The article's `lang` follows the script (zh-CN → zh-Hant-TW
//! for s2tw), so backends pick the matching glyphs and language tags.
//!
//! Takes an [`Article`], gives a new one; paths, URLs, dates and page labels are left
//! as they are.

use crate::model::{Article, Block, Inline};
use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use std::sync::OnceLock;

/// The OpenCC conversions, named as OpenCC names its configuration files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum ScriptConversion {
    /// Simplified → Traditional (OpenCC standard forms).
    S2t,
    /// Traditional → Simplified.
    T2s,
    /// Simplified → Traditional, Taiwan forms.
    S2tw,
    /// Traditional (Taiwan) → Simplified.
    Tw2s,
    /// Simplified → Traditional, Taiwan forms and Taiwan vocabulary (软件 → 軟體).
    S2twp,
    /// Traditional (Taiwan) → Simplified, with mainland vocabulary (軟體 → 软件).
    Tw2sp,
    /// Simplified → Traditional, Hong Kong forms.
    S2hk,
    /// Traditional (Hong Kong) → Simplified.
    Hk2s,
    /// Traditional (OpenCC) → Taiwan forms.
    T2tw,
    /// Taiwan forms → Traditional (OpenCC).
    Tw2t,
    /// Traditional (OpenCC) → Hong Kong forms.
    T2hk,
    /// Hong Kong forms → Traditional (OpenCC).
    Hk2t,
}

const ALL: [ScriptConversion; 12] = [
    ScriptConversion::S2t,
    ScriptConversion::T2s,
    ScriptConversion::S2tw,
    ScriptConversion::Tw2s,
    ScriptConversion::S2twp,
    ScriptConversion::Tw2sp,
    ScriptConversion::S2hk,
    ScriptConversion::Hk2s,
    ScriptConversion::T2tw,
    ScriptConversion::Tw2t,
    ScriptConversion::T2hk,
    ScriptConversion::Hk2t,
];

impl ScriptConversion {
    fn config(self) -> BuiltinConfig {
        match self {
            ScriptConversion::S2t => BuiltinConfig::S2t,
            ScriptConversion::T2s => BuiltinConfig::T2s,
            ScriptConversion::S2tw => BuiltinConfig::S2tw,
            ScriptConversion::Tw2s => BuiltinConfig::Tw2s,
            ScriptConversion::S2twp => BuiltinConfig::S2twp,
            ScriptConversion::Tw2sp => BuiltinConfig::Tw2sp,
            ScriptConversion::S2hk => BuiltinConfig::S2hk,
            ScriptConversion::Hk2s => BuiltinConfig::Hk2s,
            ScriptConversion::T2tw => BuiltinConfig::T2tw,
            ScriptConversion::Tw2t => BuiltinConfig::Tw2t,
            ScriptConversion::T2hk => BuiltinConfig::T2hk,
            ScriptConversion::Hk2t => BuiltinConfig::Hk2t,
        }
    }

    /// The BCP 47 tag of the converted text (RFC 5646 script subtags: Hans, Hant).
    pub fn target_lang(self) -> &'static str {
        match self {
            ScriptConversion::S2t | ScriptConversion::Tw2t | ScriptConversion::Hk2t => "zh-Hant",
            ScriptConversion::S2tw | ScriptConversion::S2twp | ScriptConversion::T2tw => {
                "zh-Hant-TW"
            }
            ScriptConversion::S2hk | ScriptConversion::T2hk => "zh-Hant-HK",
            ScriptConversion::T2s
            | ScriptConversion::Tw2s
            | ScriptConversion::Tw2sp
            | ScriptConversion::Hk2s => "zh-Hans",
        }
    }

    /// The converter, built once per process and conversion (the dictionaries are
    /// compiled into the binary; building costs a few milliseconds).
    fn converter(self) -> Option<&'static OpenCC> {
        static CONVERTERS: [OnceLock<Option<OpenCC>>; 12] = [const { OnceLock::new() }; 12];
        let i = ALL.iter().position(|c| *c == self)?;
        CONVERTERS[i]
            .get_or_init(|| OpenCC::from_config(self.config()).ok())
            .as_ref()
    }

    /// Converts one string.
    pub fn convert_str(self, text: &str) -> String {
        match self.converter() {
            // Built-in configurations only fail if the crate was built without them.
            Some(cc) if !text.is_empty() => cc.convert(text),
            _ => text.to_string(),
        }
    }
}

impl std::fmt::Display for ScriptConversion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use clap::ValueEnum;
        match self.to_possible_value() {
            Some(v) => f.write_str(v.get_name()),
            None => write!(f, "{self:?}"),
        }
    }
}

/// The article with every text field converted: kicker, headline, subtitle, credits,
/// publication, publisher, site, page name, headings, paragraphs (inside strong,
/// emphasis and link text), picture alt texts and captions, quotes. A Chinese (or
/// unknown) `lang` becomes the conversion's target; another language is kept.
pub fn convert_article(article: &Article, conversion: ScriptConversion) -> Article {
    let c = |s: &str| conversion.convert_str(s);
    let opt = |s: &Option<String>| s.as_deref().map(c);
    let m = &article.meta;
    let mut meta = m.clone();
    meta.kicker = opt(&m.kicker);
    meta.headline = opt(&m.headline);
    meta.subtitle = opt(&m.subtitle);
    meta.publication = opt(&m.publication);
    meta.publisher = opt(&m.publisher);
    meta.site = opt(&m.site);
    meta.page_name = opt(&m.page_name);
    for credit in &mut meta.credits {
        credit.role = c(&credit.role);
        credit.name = c(&credit.name);
    }
    let chinese = m
        .lang
        .as_deref()
        .is_none_or(|l| l.eq_ignore_ascii_case("zh") || l.to_ascii_lowercase().starts_with("zh-"));
    if chinese {
        meta.lang = Some(conversion.target_lang().to_string());
    }
    Article {
        meta,
        body: convert_blocks(&article.body, conversion),
    }
}

fn convert_blocks(blocks: &[Block], conversion: ScriptConversion) -> Vec<Block> {
    let c = |s: &str| conversion.convert_str(s);
    blocks
        .iter()
        .map(|b| match b {
            Block::Heading { level, text } => Block::Heading {
                level: *level,
                text: c(text),
            },
            Block::Paragraph { content } => Block::Paragraph {
                content: convert_inlines(content, conversion),
            },
            Block::Image { src, alt, caption } => Block::Image {
                src: src.clone(),
                alt: c(alt),
                caption: caption.as_deref().map(c),
            },
            Block::Quote { content } => Block::Quote {
                content: convert_blocks(content, conversion),
            },
        })
        .collect()
}

/// Each text run is converted on its own: a phrase split by markup (a word half in bold)
/// is converted character by character, as OpenCC would convert it in two strings.
fn convert_inlines(inlines: &[Inline], conversion: ScriptConversion) -> Vec<Inline> {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text } => Inline::Text {
                text: conversion.convert_str(text),
            },
            Inline::Strong { content } => Inline::Strong {
                content: convert_inlines(content, conversion),
            },
            Inline::Emphasis { content } => Inline::Emphasis {
                content: convert_inlines(content, conversion),
            },
            Inline::Link { href, content } => Inline::Link {
                href: href.clone(),
                content: convert_inlines(content, conversion),
            },
            Inline::LineBreak => Inline::LineBreak,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Credit, Meta};
    use ScriptConversion::*;

    #[test]
    fn phrases_pick_the_right_traditional_character() {
        // 发 is 髮 in 头发 but 發 in 发展: a character table alone cannot tell.
        assert_eq!(S2t.convert_str("头发"), "頭髮");
        assert_eq!(S2t.convert_str("发展"), "發展");
        assert_eq!(S2t.convert_str("理发店的发展"), "理髮店的發展");
        assert_eq!(S2t.convert_str("干部"), "幹部");
        assert_eq!(S2t.convert_str("干净"), "乾淨");
    }

    #[test]
    fn taiwan_phrases_change_vocabulary_only_with_s2twp() {
        assert_eq!(S2twp.convert_str("软件"), "軟體");
        assert_eq!(S2tw.convert_str("软件"), "軟件");
        assert_eq!(Tw2sp.convert_str("軟體"), "软件");
    }

    #[test]
    fn regional_forms_differ() {
        // 着 → 著 (Taiwan) but 着 stays in Hong Kong forms; 裡/裏 likewise.
        assert_eq!(S2tw.convert_str("里面"), "裡面");
        assert_eq!(S2hk.convert_str("里面"), "裏面");
        assert_eq!(T2s.convert_str("裡面"), "里面");
    }

    #[test]
    fn latin_digits_and_punctuation_pass_through() {
        let text = "2024年GDP增长5.2%，“好”（见A1版）";
        let back = T2s.convert_str(&S2t.convert_str(text));
        assert_eq!(back, text);
    }

    fn sample() -> Article {
        Article {
            meta: Meta {
                kicker: Some("乡村振兴——".into()),
                headline: Some("头发与发展".into()),
                subtitle: Some("软件产业".into()),
                credits: vec![Credit {
                    role: "本报记者".into(),
                    name: "张丽".into(),
                }],
                publication: Some("乐陵市报".into()),
                page: Some("A1".into()),
                page_name: Some("要闻".into()),
                source: Some("新闻/发展.txt".into()),
                lang: Some("zh-CN".into()),
                ..Meta::default()
            },
            body: vec![
                Block::Heading {
                    level: 2,
                    text: "一、发展".into(),
                },
                Block::Paragraph {
                    content: vec![
                        Inline::text("这里"),
                        Inline::Strong {
                            content: vec![Inline::text("发展")],
                        },
                        Inline::Link {
                            href: "http://x/发展".into(),
                            content: vec![Inline::text("链接")],
                        },
                    ],
                },
                Block::Image {
                    src: "图/发.jpg".into(),
                    alt: "头发".into(),
                    caption: Some("图为记者摄".into()),
                },
                Block::Quote {
                    content: vec![Block::paragraph("国际")],
                },
            ],
        }
    }

    #[test]
    fn every_text_field_is_converted_and_nothing_else() {
        let a = convert_article(&sample(), S2tw);
        let m = &a.meta;
        assert_eq!(m.kicker.as_deref(), Some("鄉村振興——"));
        assert_eq!(m.headline.as_deref(), Some("頭髮與發展"));
        assert_eq!(m.subtitle.as_deref(), Some("軟件產業"));
        assert_eq!(m.credits[0].role, "本報記者");
        assert_eq!(m.credits[0].name, "張麗");
        assert_eq!(m.publication.as_deref(), Some("樂陵市報"));
        assert_eq!(m.page_name.as_deref(), Some("要聞"));
        assert_eq!(m.page.as_deref(), Some("A1"));
        assert_eq!(m.source.as_deref(), Some("新闻/发展.txt"), "paths are kept");
        assert_eq!(m.lang.as_deref(), Some("zh-Hant-TW"));
        let expected = vec![
            Block::Heading {
                level: 2,
                text: "一、發展".into(),
            },
            Block::Paragraph {
                content: vec![
                    Inline::text("這裡"),
                    Inline::Strong {
                        content: vec![Inline::text("發展")],
                    },
                    Inline::Link {
                        href: "http://x/发展".into(),
                        content: vec![Inline::text("鏈接")],
                    },
                ],
            },
            Block::Image {
                src: "图/发.jpg".into(),
                alt: "頭髮".into(),
                caption: Some("圖為記者攝".into()), // Taiwan 為; OpenCC standard 爲
            },
            Block::Quote {
                content: vec![Block::paragraph("國際")],
            },
        ];
        assert_eq!(a.body, expected);
    }

    #[test]
    fn lang_follows_only_for_chinese() {
        let mut a = sample();
        a.meta.lang = Some("en".into());
        assert_eq!(convert_article(&a, S2hk).meta.lang.as_deref(), Some("en"));
        a.meta.lang = None;
        assert_eq!(
            convert_article(&a, S2hk).meta.lang.as_deref(),
            Some("zh-Hant-HK")
        );
        a.meta.lang = Some("zh-TW".into());
        assert_eq!(
            convert_article(&a, Tw2s).meta.lang.as_deref(),
            Some("zh-Hans")
        );
    }

    #[test]
    fn every_conversion_loads_and_names_itself() {
        for c in ALL {
            assert!(c.converter().is_some(), "{c}");
            assert!(!c.to_string().is_empty());
        }
        assert_eq!(S2twp.to_string(), "s2twp");
    }
}
