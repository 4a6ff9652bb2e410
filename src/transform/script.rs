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

/// A paragraph's text runs are converted as one text, so a phrase split by markup
/// (`<b>软</b>件`, a link over half a word) is still converted as a phrase; the result
/// is mapped back onto the runs. See [`convert_runs`].
fn convert_inlines(inlines: &[Inline], conversion: ScriptConversion) -> Vec<Inline> {
    let mut runs = Vec::new();
    collect_runs(inlines, &mut runs);
    let mut converted = convert_runs(&runs, conversion).into_iter();
    rebuild(inlines, &mut converted)
}

/// The paragraph's text runs in reading order; a line break is a run of `\n` (a phrase
/// never spans it).
fn collect_runs<'a>(inlines: &'a [Inline], runs: &mut Vec<&'a str>) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => runs.push(text),
            Inline::Strong { content }
            | Inline::Emphasis { content }
            | Inline::Link { content, .. } => collect_runs(content, runs),
            Inline::LineBreak => runs.push("\n"),
        }
    }
}

/// `inlines` with each text run replaced, in order, by the next of `converted`.
fn rebuild(inlines: &[Inline], converted: &mut impl Iterator<Item = String>) -> Vec<Inline> {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text } => Inline::Text {
                text: converted.next().unwrap_or_else(|| text.clone()),
            },
            Inline::Strong { content } => Inline::Strong {
                content: rebuild(content, converted),
            },
            Inline::Emphasis { content } => Inline::Emphasis {
                content: rebuild(content, converted),
            },
            Inline::Link { href, content } => Inline::Link {
                href: href.clone(),
                content: rebuild(content, converted),
            },
            Inline::LineBreak => {
                converted.next();
                Inline::LineBreak
            }
        })
        .collect()
}

/// Whether no OpenCC phrase spans `c`: white space and punctuation. The dictionaries'
/// keys and values hold only Han characters, a few Latin letters (`SQL注入`), 〇 and the
/// full-width dot of transliterated names (`乔治．布希`), so a text cut at these
/// characters converts piece by piece exactly as it does whole (tested on the samples).
fn is_phrase_break(c: char) -> bool {
    c.is_whitespace()
        || (crate::cjk::is_cjk_punct(c) && c != '．')
        || (c.is_ascii_punctuation() && c != '.')
}

/// Converts a paragraph's runs as one text and gives each run its part of the result.
///
/// The text is cut at [`is_phrase_break`] characters into stretches that convert
/// independently. A stretch within one run is that run's. A stretch across runs is
/// converted whole and handed back character by character when its length is kept
/// (every conversion except the vocabulary swaps of `s2twp`/`tw2sp`: 主板 → 主機板).
/// When its length changes there is no faithful cut, so that stretch alone falls back to
/// converting each run's piece on its own, as if the markup split two words.
fn convert_runs(runs: &[&str], conversion: ScriptConversion) -> Vec<String> {
    if runs.len() < 2 {
        return runs.iter().map(|r| conversion.convert_str(r)).collect();
    }
    // Each character's run, in reading order.
    let chars: Vec<(usize, char)> = runs
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.chars().map(move |c| (i, c)))
        .collect();
    let mut out = vec![String::new(); runs.len()];
    let mut start = 0;
    while start < chars.len() {
        let (run, c) = chars[start];
        if is_phrase_break(c) {
            out[run].push(c);
            start += 1;
            continue;
        }
        let end = chars[start..]
            .iter()
            .position(|(_, c)| is_phrase_break(*c))
            .map_or(chars.len(), |n| start + n);
        convert_stretch(&chars[start..end], conversion, &mut out);
        start = end;
    }
    out
}

/// Converts one stretch (no phrase breaks) of `(run, char)` and appends it to the runs.
fn convert_stretch(stretch: &[(usize, char)], conversion: ScriptConversion, out: &mut [String]) {
    let text: String = stretch.iter().map(|(_, c)| c).collect();
    let first = stretch.first().map_or(0, |(run, _)| *run);
    if stretch.iter().all(|(run, _)| *run == first) {
        out[first].push_str(&conversion.convert_str(&text));
        return;
    }
    let converted = conversion.convert_str(&text);
    if converted.chars().count() == stretch.len() {
        for ((run, _), c) in stretch.iter().zip(converted.chars()) {
            out[*run].push(c);
        }
        return;
    }
    // The length changed across markup: each run's piece on its own.
    for piece in stretch.chunk_by(|a, b| a.0 == b.0) {
        let text: String = piece.iter().map(|(_, c)| c).collect();
        out[piece[0].0].push_str(&conversion.convert_str(&text));
    }
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

    fn strong(s: &str) -> Inline {
        Inline::Strong {
            content: vec![Inline::text(s)],
        }
    }

    #[test]
    fn a_phrase_split_by_markup_is_converted_as_a_phrase() {
        // 软件 → 軟體 only as a phrase; alone, 件 stays 件.
        let para = vec![strong("软"), Inline::text("件开发")];
        assert_eq!(
            convert_inlines(&para, S2twp),
            vec![strong("軟"), Inline::text("體開發")]
        );
        // 发 in a link over half of 头发 is 髮, not the 發 it is alone.
        let para = vec![
            Inline::text("剪头"),
            Inline::Link {
                href: "http://x/发".into(),
                content: vec![Inline::Emphasis {
                    content: vec![Inline::text("发")],
                }],
            },
            Inline::text("，发展"),
        ];
        assert_eq!(
            convert_inlines(&para, S2t),
            vec![
                Inline::text("剪頭"),
                Inline::Link {
                    href: "http://x/发".into(),
                    content: vec![Inline::Emphasis {
                        content: vec![Inline::text("髮")],
                    }],
                },
                Inline::text("，發展"),
            ]
        );
    }

    #[test]
    fn a_line_break_ends_a_phrase() {
        let para = vec![Inline::text("头"), Inline::LineBreak, Inline::text("发")];
        assert_eq!(
            convert_inlines(&para, S2t),
            vec![Inline::text("頭"), Inline::LineBreak, Inline::text("發")]
        );
    }

    #[test]
    fn a_phrase_that_changes_length_across_markup_is_converted_in_pieces() {
        // 主板 → 主機板 (s2twp): three characters cannot be cut back into two runs, so that
        // phrase alone is converted run by run; the rest of the paragraph as one text.
        assert_eq!(S2twp.convert_str("主板"), "主機板");
        let para = vec![
            Inline::text("头发，主"),
            strong("板"),
            Inline::text("；软"),
            strong("件"),
        ];
        assert_eq!(
            convert_inlines(&para, S2twp),
            vec![
                Inline::text("頭髮，主"),
                strong("板"),
                Inline::text("；軟"),
                strong("體")
            ]
        );
        // In one run the phrase is converted whole.
        assert_eq!(
            convert_inlines(&[Inline::text("主板")], S2twp),
            vec![Inline::text("主機板")]
        );
    }

    /// The text of every sample, and its s2tw conversion (input for the t2*/tw2*/hk2*
    /// conversions).
    fn sample_texts() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) else {
                continue; // pictures, GBK and Big5 files
            };
            texts.push(S2tw.convert_str(&text));
            texts.push(text);
        }
        assert!(texts.len() >= 20, "{}", texts.len());
        texts
    }

    #[test]
    fn runs_convert_as_the_whole_text_does() {
        for text in sample_texts() {
            for c in ALL {
                let whole = c.convert_str(&text);
                // Cut at every phrase break: the pieces convert exactly as the whole.
                let runs: Vec<&str> = text.split_inclusive(is_phrase_break).collect();
                assert_eq!(convert_runs(&runs, c).concat(), whole, "{c}");
                // Cut between every two characters: the same unless a phrase changes
                // length (only the vocabulary swaps of s2twp and tw2sp do).
                if ![S2twp, Tw2sp].contains(&c) {
                    let mut runs = Vec::new();
                    let mut rest = text.as_str();
                    while let Some(ch) = rest.chars().next() {
                        let (head, tail) = rest.split_at(ch.len_utf8());
                        runs.push(head);
                        rest = tail;
                    }
                    let each = convert_runs(&runs, c);
                    assert_eq!(each.len(), runs.len());
                    assert_eq!(each.concat(), whole, "{c}");
                }
            }
        }
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
