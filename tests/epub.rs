//! EPUB backend through the library API: EPUBCheck-clean books, byte-identical output,
//! the edition's nav tree against the model, escaping, pictures and the embedded font.
//!
//! EPUBCheck and its Java come from the project's .venv (tests/common/tools.rs); without
//! them these tests fail, unless BROADSHEET_SKIP_EXTERNAL=1.

mod common;

use broadsheet::Env;
use broadsheet::model::{Date, Edition, group_editions};
use broadsheet::output::epub::{self, EpubOptions};
use broadsheet::{Article, Block, Credit, Inline, Meta};
use quick_xml::events::Event;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

// ---------- fixtures ----------

/// One environment for the tests of this file, as one run has: fonts loaded on first
/// use, one cover glyph cache.
fn fonts() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| Env::new(None))
}

fn credit(role: &str, name: &str) -> Credit {
    Credit {
        role: role.into(),
        name: name.into(),
    }
}

fn heading(text: &str) -> Block {
    Block::Heading {
        level: 2,
        text: text.into(),
    }
}

/// The seed article (samples/000_bcaf30ff217f506c.txt), shortened paragraphs.
fn seed() -> Article {
    let mut body = vec![
        Block::paragraph(
            "山东金启航20GWh乐陵固态电池生产基地项目启动以来,各项工作有序推进;晓麦铺生态食品产业园项目的19栋单体已全部建成……天寒地冻,挡不住枣乡发展的脚步。",
        ),
        Block::paragraph(
            "发展是第一要务,项目是第一支撑。前三季度,地区生产总值增长7%、固定资产投资增长12%,均列德州第一位。",
        ),
        heading("项目攻坚构建现代产业体系"),
    ];
    for i in 0..8 {
        body.push(Block::paragraph(format!("项目势如虹,绿色跨越发展看乐陵。第{i}段:“一期项目我们计划建设10条固态电解质核心材料‘固态电解质隔膜’生产线。”")));
    }
    body.push(heading("强力招商注入发展新动能"));
    for i in 0..6 {
        body.push(Block::paragraph(format!(
            "一个个项目的落地离不开招商引资的顶格推进。第{i}段。"
        )));
    }
    body.push(heading("全链保障厚植产业沃土"));
    for i in 0..6 {
        body.push(Block::Paragraph {
            content: vec![
                Inline::text(format!("聚焦政策资金争取{i},")),
                Inline::Strong {
                    content: vec![Inline::text("今年59个项目获批专项债券")],
                },
                Inline::text("。"),
                Inline::Emphasis {
                    content: vec![Inline::text("市委书记王晓勇如是说")],
                },
                Inline::LineBreak,
                Inline::Link {
                    href: "https://www.dzwww.com/新闻?a=1&b=2".into(),
                    content: vec![Inline::text("德州新闻网")],
                },
                Inline::Link {
                    href: "../node_2.htm".into(),
                    content: vec![Inline::text("版面导航")],
                },
            ],
        });
    }
    body.push(Block::Quote {
        content: vec![Block::paragraph("只有先栽下梧桐树,才能引得凤凰来。")],
    });
    Article {
        meta: Meta {
            kicker: Some("我市全力攻坚项目建设,推动工业“向绿”转型升级——".into()),
            headline: Some("重大项目领跑 绿色崛起成势".into()),
            credits: vec![credit("本报记者", "胥爱珍"), credit("本报通讯员", "苏安矗")],
            publication: Some("乐陵市报".into()),
            publisher: Some("德州日报社".into()),
            site: Some("德州新闻网".into()),
            date: Some(date("2023-12-18")),
            page: Some("A1".into()),
            page_name: Some("要闻".into()),
            source: Some("samples/000_bcaf30ff217f506c.txt".into()),
            ..Meta::default()
        },
        body,
    }
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn article(page: &str, page_name: &str, headline: &str, headings: &[&str]) -> Article {
    let mut body = vec![Block::paragraph(format!("{headline}的导语。"))];
    for h in headings {
        body.push(heading(h));
        body.push(Block::paragraph(format!("{h}下的正文,文字若干。")));
    }
    Article {
        meta: Meta {
            headline: Some(headline.into()),
            credits: vec![credit("本报记者", "张三")],
            publication: Some("乐陵市报".into()),
            date: Some(date("2023-12-18")),
            page: Some(page.into()),
            page_name: Some(page_name.into()),
            ..Meta::default()
        },
        body,
    }
}

/// Articles across three pages, given out of page order.
fn edition_articles() -> Vec<Article> {
    vec![
        article("A2", "综合", "冬季供暖全面启动", &["供热保障", "服务提升"]),
        seed(),
        article("A1", "要闻", "市委常委会召开会议", &[]),
        article("B1", "副刊", "枣乡冬日 & 〈随笔〉", &["一"]),
        article("A2", "综合", "乡村振兴“新”气象", &["产业兴旺"]),
    ]
}

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("epub-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

// ---------- reading books back ----------

fn entry(epub: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut f = z
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} missing from the book"));
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

fn entry_bytes(epub: &[u8], name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut f = z
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} missing from the book"));
    let mut v = Vec::new();
    f.read_to_end(&mut v).unwrap();
    v
}

fn names(epub: &[u8]) -> Vec<String> {
    let z = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    z.file_names().map(|n| n.unwrap().into_owned()).collect()
}

/// Text of an XML document's elements named `tag`, entities resolved.
fn texts_of(xml: &str, tag: &str) -> Vec<String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut inside: Option<String> = None;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == tag.as_bytes() => inside = Some(String::new()),
            Event::End(e) if e.name().as_ref() == tag.as_bytes() => out.extend(inside.take()),
            Event::Text(t) => {
                if let Some(s) = inside.as_mut() {
                    s.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(g) => {
                if let Some(s) = inside.as_mut() {
                    s.push_str(entity(&g.decode().unwrap()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn entity(name: &str) -> &'static str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        other => panic!("unexpected entity &{other};"),
    }
}

/// (label, href, children) read from the `<nav epub:type="toc">` of nav.xhtml.
#[derive(Debug, PartialEq)]
struct Node {
    label: String,
    href: String,
    children: Vec<Node>,
}

fn nav_tree(nav: &str) -> Vec<Node> {
    let mut r = quick_xml::Reader::from_str(nav);
    // Stack of open <ol> lists; each list holds its finished <li> nodes.
    let mut lists: Vec<Vec<Node>> = Vec::new();
    let mut items: Vec<Node> = Vec::new();
    let mut in_toc = false;
    let mut in_a = false;
    let mut result = None;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => match e.name().as_ref() {
                b"nav" => {
                    in_toc = e
                        .try_get_attribute("epub:type")
                        .unwrap()
                        .is_some_and(|a| a.value.as_ref() == b"toc")
                }
                b"ol" if in_toc => lists.push(Vec::new()),
                b"li" if in_toc => items.push(Node {
                    label: String::new(),
                    href: String::new(),
                    children: Vec::new(),
                }),
                b"a" if in_toc => {
                    in_a = true;
                    let href = e.try_get_attribute("href").unwrap().unwrap();
                    items.last_mut().unwrap().href = href.unescape_value().unwrap().into_owned();
                }
                _ => {}
            },
            Event::Text(t) if in_a => items
                .last_mut()
                .unwrap()
                .label
                .push_str(&t.decode().unwrap()),
            Event::GeneralRef(g) if in_a => items
                .last_mut()
                .unwrap()
                .label
                .push_str(entity(&g.decode().unwrap())),
            Event::End(e) => match e.name().as_ref() {
                b"a" => in_a = false,
                b"li" if in_toc => {
                    let li = items.pop().unwrap();
                    lists.last_mut().unwrap().push(li);
                }
                b"ol" if in_toc => {
                    let list = lists.pop().unwrap();
                    match items.last_mut() {
                        Some(parent) => parent.children = list,
                        None => result = Some(list),
                    }
                }
                b"nav" => in_toc = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    result.expect("no toc nav found")
}

/// The tree the model says the nav should have: page → headline → headings.
/// Page label → (article title → heading texts).
type LabelTree = Vec<(String, Vec<(String, Vec<String>)>)>;

fn expected_tree(edition: &Edition) -> LabelTree {
    edition
        .pages
        .iter()
        .map(|p| {
            (
                p.label(),
                p.articles
                    .iter()
                    .map(|a| {
                        (
                            a.display_title(),
                            a.headings().iter().map(|h| h.1.to_string()).collect(),
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

fn labels(tree: &[Node]) -> LabelTree {
    tree.iter()
        .map(|p| {
            (
                p.label.clone(),
                p.children
                    .iter()
                    .map(|a| {
                        (
                            a.label.clone(),
                            a.children.iter().map(|h| h.label.clone()).collect(),
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

// ---------- EPUBCheck ----------

/// Runs EPUBCheck on `bytes` and fails the test on any fatal, error or warning.
fn assert_epubcheck_clean(name: &str, bytes: &[u8]) {
    let Some(mut epubcheck) = common::epubcheck() else {
        return;
    };
    let path = tmp(name);
    std::fs::write(&path, bytes).unwrap();
    let out = epubcheck
        .arg(&path)
        .args(["--json", "-"])
        .output()
        .expect("cannot run java (needed for EPUBCheck)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "EPUBCheck gave no JSON report ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let checker = &report["checker"];
    let count = |k: &str| {
        checker[k]
            .as_u64()
            .unwrap_or_else(|| panic!("no {k} in report"))
    };
    let problems: Vec<String> = report["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| matches!(m["severity"].as_str(), Some("FATAL" | "ERROR" | "WARNING")))
        .map(|m| {
            format!(
                "{} {} {} at {}",
                m["severity"], m["ID"], m["message"], m["locations"]
            )
        })
        .collect();
    assert!(
        count("nFatal") == 0
            && count("nError") == 0
            && count("nWarning") == 0
            && problems.is_empty(),
        "EPUBCheck on {name}: {} fatals / {} errors / {} warnings\n{}",
        count("nFatal"),
        count("nError"),
        count("nWarning"),
        problems.join("\n")
    );
    let version = report["publication"]["ePubVersion"].as_str().unwrap_or("");
    assert!(
        version.starts_with("3."),
        "{name}: read as EPUB {version}, not 3"
    );
}

// ---------- tests ----------

#[test]
fn seed_article_passes_epubcheck() {
    let r = epub::write_article(&seed(), &EpubOptions::default(), fonts()).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_epubcheck_clean("seed.epub", &r.bytes);
    let page = entry(&r.bytes, "OEBPS/text/a001.xhtml");
    assert_eq!(texts_of(&page, "h1"), vec!["重大项目领跑 绿色崛起成势"]);
    assert_eq!(texts_of(&page, "h2").len(), 3);
    assert!(page.contains("<p class=\"credits\"><span class=\"credit\">本报记者 胥爱珍</span> <span class=\"credit\">本报通讯员 苏安矗</span></p>"));
    assert!(page.contains("<p class=\"kicker\">我市全力攻坚项目建设,推动工业“向绿”转型升级——</p>"));
    assert!(page.contains("第A1版 要闻"));
    assert!(page.contains("lang=\"zh-CN\" xml:lang=\"zh-CN\""));
    // Absolute link kept (percent-encoded), relative link reduced to its text.
    assert!(page.contains(
        "<a href=\"https://www.dzwww.com/%E6%96%B0%E9%97%BB?a=1&amp;b=2\">德州新闻网</a>"
    ));
    assert!(page.contains("版面导航") && !page.contains("node_2.htm"));
    let opf = entry(&r.bytes, "OEBPS/content.opf");
    assert_eq!(
        texts_of(&opf, "dc:title"),
        vec!["重大项目领跑 绿色崛起成势"]
    );
    assert_eq!(texts_of(&opf, "dc:creator"), vec!["胥爱珍", "苏安矗"]);
    assert_eq!(texts_of(&opf, "dc:publisher"), vec!["德州日报社"]);
    assert_eq!(texts_of(&opf, "dc:language"), vec!["zh-CN"]);
    assert_eq!(texts_of(&opf, "dc:date"), vec!["2023-12-18"]);
    assert!(opf.contains("<meta property=\"dcterms:modified\">2023-12-18T00:00:00Z</meta>"));
    // Single article: nav is article → headings.
    let tree = nav_tree(&entry(&r.bytes, "OEBPS/nav.xhtml"));
    assert_eq!(tree.len(), 1);
    assert_eq!(tree[0].label, "重大项目领跑 绿色崛起成势");
    let heads: Vec<&str> = tree[0].children.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(
        heads,
        vec![
            "项目攻坚构建现代产业体系",
            "强力招商注入发展新动能",
            "全链保障厚植产业沃土"
        ]
    );
}

#[test]
fn article_with_subtitle_and_traditional_language_passes_epubcheck() {
    let mut a = seed();
    a.meta.subtitle = Some("——乐陵市推动工业绿色转型纪实".into());
    a.meta.lang = Some("zh-TW".into());
    let r = epub::write_article(&a, &EpubOptions::default(), fonts()).unwrap();
    assert_epubcheck_clean("subtitle.epub", &r.bytes);
    let page = entry(&r.bytes, "OEBPS/text/a001.xhtml");
    assert!(page.contains("<p class=\"subtitle\">——乐陵市推动工业绿色转型纪实</p>"));
    assert!(page.contains("xml:lang=\"zh-TW\""));
    assert_eq!(
        texts_of(&entry(&r.bytes, "OEBPS/content.opf"), "dc:language"),
        vec!["zh-TW"]
    );
}

#[test]
fn markup_characters_are_escaped_everywhere() {
    let nasty = r#"A & B <C> "D" 'E'"#;
    let mut a = seed();
    a.meta.headline = Some(format!("标题 {nasty}"));
    a.meta.kicker = Some(format!("引题 {nasty}"));
    a.meta.credits = vec![credit("记者", nasty)];
    a.meta.publication = Some(format!("报 {nasty}"));
    a.meta.page_name = Some(format!("版 {nasty}"));
    a.body.insert(0, heading(&format!("小标题 {nasty}")));
    a.body.insert(1, Block::paragraph(format!("正文 {nasty}")));
    let r = epub::write_article(&a, &EpubOptions::default(), fonts()).unwrap();
    assert_epubcheck_clean("escaping.epub", &r.bytes);
    let page = entry(&r.bytes, "OEBPS/text/a001.xhtml");
    let escaped = "A &amp; B &lt;C&gt; &quot;D&quot; &apos;E&apos;";
    assert!(page.contains(&format!("正文 {escaped}")));
    assert_eq!(texts_of(&page, "title"), vec![format!("标题 {nasty}")]);
    assert_eq!(texts_of(&page, "h1"), vec![format!("标题 {nasty}")]);
    assert!(texts_of(&page, "p").contains(&format!("正文 {nasty}")));
    let opf = entry(&r.bytes, "OEBPS/content.opf");
    assert_eq!(texts_of(&opf, "dc:title"), vec![format!("标题 {nasty}")]);
    assert_eq!(texts_of(&opf, "dc:creator"), vec![nasty.to_string()]);
    assert_eq!(texts_of(&opf, "dc:subject"), vec![format!("版 {nasty}")]);
    let nav = entry(&r.bytes, "OEBPS/nav.xhtml");
    assert_eq!(nav_tree(&nav)[0].label, format!("标题 {nasty}"));
    assert_eq!(
        nav_tree(&nav)[0].children[0].label,
        format!("小标题 {nasty}")
    );
    assert_eq!(
        texts_of(&entry(&r.bytes, "OEBPS/toc.ncx"), "text")[0],
        format!("标题 {nasty}")
    );
}

#[test]
fn article_without_headline_gets_a_usable_title() {
    let mut a = seed();
    a.meta.headline = None;
    a.meta.kicker = None;
    a.meta.credits.clear();
    let r = epub::write_article(&a, &EpubOptions::default(), fonts()).unwrap();
    assert_epubcheck_clean("no-headline.epub", &r.bytes);
    let title = a.display_title();
    assert!(title.starts_with("山东金启航"), "{title}");
    let opf = entry(&r.bytes, "OEBPS/content.opf");
    assert_eq!(texts_of(&opf, "dc:title"), vec![title.clone()]);
    assert!(texts_of(&opf, "dc:creator").is_empty());
    let page = entry(&r.bytes, "OEBPS/text/a001.xhtml");
    assert_eq!(texts_of(&page, "title"), vec![title.clone()]);
    assert_eq!(
        nav_tree(&entry(&r.bytes, "OEBPS/nav.xhtml"))[0].label,
        title
    );
}

#[test]
fn edition_passes_epubcheck_and_nav_matches_the_model() {
    let articles = edition_articles();
    let editions = group_editions(&articles);
    assert_eq!(editions.len(), 1);
    let ed = &editions[0];
    let r = epub::write_edition(ed, &EpubOptions::default(), fonts()).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_epubcheck_clean("edition.epub", &r.bytes);

    let tree = nav_tree(&entry(&r.bytes, "OEBPS/nav.xhtml"));
    assert_eq!(labels(&tree), expected_tree(ed));
    assert_eq!(
        tree.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(),
        vec!["第A1版 要闻", "第A2版 综合", "第B1版 副刊"]
    );
    // Every nav target exists: the file is in the book, the fragment is an id in it.
    let files = names(&r.bytes);
    let mut targets = Vec::new();
    for p in &tree {
        targets.push(&p.href);
        for a in &p.children {
            targets.push(&a.href);
            targets.extend(a.children.iter().map(|h| &h.href));
        }
    }
    for t in targets {
        let (file, frag) = t.split_once('#').unwrap_or((t, ""));
        let full = format!("OEBPS/{file}");
        assert!(files.contains(&full), "{t} points to a missing file");
        if !frag.is_empty() {
            assert!(
                entry(&r.bytes, &full).contains(&format!("id=\"{frag}\"")),
                "{t} points to a missing id"
            );
        }
    }
    // Spine follows the nav: one page per article, print order.
    let opf = entry(&r.bytes, "OEBPS/content.opf");
    assert_eq!(texts_of(&opf, "dc:title"), vec!["乐陵市报 2023-12-18"]);
    assert_eq!(texts_of(&opf, "dc:subject"), vec!["要闻", "综合", "副刊"]);
    assert_eq!(
        texts_of(&opf, "dc:creator"),
        vec!["胥爱珍", "苏安矗", "张三"]
    );
    assert!(
        opf.contains("<dc:creator id=\"creator1\">")
            && opf.contains("<dc:creator id=\"creator3\">")
    );
    let spine: Vec<&str> = opf.lines().filter(|l| l.starts_with("<itemref")).collect();
    assert_eq!(spine.len(), 2 + 5, "cover, nav and five articles");
    assert!(spine[0].contains("\"cover\"") && spine[1].contains("\"nav\""));
    // toc.ncx carries the same labels in the same order.
    let ncx_labels = texts_of(&entry(&r.bytes, "OEBPS/toc.ncx"), "text");
    let mut nav_labels = vec!["乐陵市报 2023-12-18".to_string()];
    for p in &tree {
        nav_labels.push(p.label.clone());
        for a in &p.children {
            nav_labels.push(a.label.clone());
            nav_labels.extend(a.children.iter().map(|h| h.label.clone()));
        }
    }
    assert_eq!(ncx_labels, nav_labels);
}

#[test]
fn same_input_gives_identical_bytes() {
    let articles = edition_articles();
    let opts = EpubOptions::default();
    let a = epub::write_edition(&group_editions(&articles)[0], &opts, fonts()).unwrap();
    let b = epub::write_edition(&group_editions(&articles)[0], &opts, &Env::new(None)).unwrap();
    assert!(a.bytes == b.bytes, "two runs differ");
    let one = epub::write_article(&seed(), &opts, fonts()).unwrap();
    assert!(one.bytes == epub::write_article(&seed(), &opts, fonts()).unwrap().bytes);
}

#[test]
fn input_order_across_pages_does_not_change_the_bytes() {
    let articles = edition_articles();
    // Same articles, pages shuffled; within each page the order is kept (the spec).
    let mut shuffled = vec![
        articles[3].clone(),
        articles[1].clone(),
        articles[0].clone(),
    ];
    shuffled.extend([articles[2].clone(), articles[4].clone()]);
    let a = epub::write_edition(
        &group_editions(&articles)[0],
        &EpubOptions::default(),
        fonts(),
    )
    .unwrap();
    let b = epub::write_edition(
        &group_editions(&shuffled)[0],
        &EpubOptions::default(),
        fonts(),
    )
    .unwrap();
    assert!(
        a.bytes == b.bytes,
        "page-shuffled input gives different bytes"
    );
    // A real change of content changes the identifier.
    let mut changed = articles.clone();
    changed[0].body.push(Block::paragraph("多一段。"));
    let c = epub::write_edition(
        &group_editions(&changed)[0],
        &EpubOptions::default(),
        fonts(),
    )
    .unwrap();
    let id = |b: &[u8]| texts_of(&entry(b, "OEBPS/content.opf"), "dc:identifier");
    assert_ne!(id(&a.bytes), id(&c.bytes));
    assert!(id(&a.bytes)[0].starts_with("urn:uuid:"));
}

#[test]
fn zip_container_is_fixed_and_mimetype_first() {
    let r = epub::write_article(&seed(), &EpubOptions::default(), fonts()).unwrap();
    let b = &r.bytes;
    // Local file header of the first entry: stored, no extra field, name "mimetype".
    assert_eq!(&b[0..4], b"PK\x03\x04");
    assert_eq!(
        u16::from_le_bytes([b[8], b[9]]),
        0,
        "mimetype must be stored"
    );
    assert_eq!(
        u16::from_le_bytes([b[28], b[29]]),
        0,
        "mimetype must have no extra field"
    );
    assert_eq!(&b[30..38], b"mimetype");
    assert_eq!(&b[38..58], b"application/epub+zip");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(b.as_slice())).unwrap();
    let mut stamps = std::collections::BTreeSet::new();
    for i in 0..z.len() {
        let f = z.by_index(i).unwrap();
        stamps.insert(
            f.last_modified()
                .map(|t| (t.year(), t.month(), t.day(), t.hour(), t.minute())),
        );
    }
    assert_eq!(
        stamps.len(),
        1,
        "entries carry different timestamps: {stamps:?}"
    );
    assert_eq!(
        stamps.into_iter().next().unwrap(),
        Some((2023, 12, 18, 0, 0))
    );
}

#[test]
fn source_date_epoch_sets_modified() {
    let dated = Env::new(None).with_source_date_epoch(Some(1_700_000_000));
    let r = epub::write_article(&seed(), &EpubOptions::default(), &dated).unwrap();
    assert!(
        entry(&r.bytes, "OEBPS/content.opf")
            .contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>")
    );
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn figure(src: &str, caption: &str) -> Block {
    Block::Image {
        src: src.into(),
        alt: String::new(),
        caption: Some(caption.into()),
    }
}

#[test]
fn pictures_are_included_scaled_or_reported() {
    let root = tmp("pictures");
    let folder = root.join("paper");
    std::fs::create_dir_all(folder.join("img")).unwrap();
    std::fs::write(folder.join("img/small.png"), png(120, 80)).unwrap();
    std::fs::write(folder.join("img/big.png"), png(2400, 1200)).unwrap();
    std::fs::write(folder.join("img/broken.png"), &png(50, 50)[..40]).unwrap();
    std::fs::write(root.join("secret.png"), png(10, 10)).unwrap();
    let mut a = seed();
    a.meta.source = Some(folder.join("article.txt").to_string_lossy().into_owned());
    a.body.splice(
        1..1,
        [
            figure(
                "img/small.png",
                "图为晓麦铺生态食品产业园。本报记者 胥爱珍 摄",
            ),
            figure("img/big.png", "图为汇源智慧冷库施工现场。"),
            figure("img/small.png", "同一张图再次出现。"),
            figure("img/missing.png", "缺失的图片说明"),
            figure("img/broken.png", "损坏的图片说明"),
            figure("../secret.png", "越界的图片说明"),
            figure("https://example.com/a.jpg", "远程的图片说明"),
            // The input stage's caption without a picture: kept, and no warning.
            figure("", "无图的说明"),
        ],
    );
    let r = epub::write_article(&a, &EpubOptions::default(), fonts()).unwrap();
    assert_epubcheck_clean("pictures.epub", &r.bytes);
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        vec![
            "image-missing",
            "image-broken",
            "image-outside",
            "image-remote"
        ]
    );
    let files = names(&r.bytes);
    let pictures: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("OEBPS/images/i"))
        .collect();
    assert_eq!(
        pictures,
        vec!["OEBPS/images/i001.png", "OEBPS/images/i002.png"]
    );
    assert_eq!(
        entry_bytes(&r.bytes, "OEBPS/images/i001.png"),
        png(120, 80),
        "small picture re-encoded"
    );
    let big = image::load_from_memory(&entry_bytes(&r.bytes, "OEBPS/images/i002.png")).unwrap();
    assert_eq!((big.width(), big.height()), (1600, 800));
    let page = entry(&r.bytes, "OEBPS/text/a001.xhtml");
    assert_eq!(page.matches("<img ").count(), 3);
    assert!(page.contains("<figcaption>图为晓麦铺生态食品产业园。本报记者 胥爱珍 摄</figcaption>"));
    for kept in [
        "缺失的图片说明",
        "损坏的图片说明",
        "越界的图片说明",
        "远程的图片说明",
    ] {
        assert!(
            page.contains(&format!(
                "<figure class=\"missing\">\n<figcaption>{kept}</figcaption>"
            )),
            "{kept}"
        );
    }
    assert!(!files.iter().any(|f| f.contains("secret")));
}

#[test]
fn embedded_font_is_a_subset_and_passes_epubcheck() {
    let articles = edition_articles();
    let opts = EpubOptions {
        embed_font: true,
        ..EpubOptions::default()
    };
    let r = epub::write_edition(&group_editions(&articles)[0], &opts, fonts()).unwrap();
    assert_epubcheck_clean("embedded-font.epub", &r.bytes);
    let font = entry_bytes(&r.bytes, "OEBPS/fonts/NotoSerifSC-subset.ttf");
    assert!(font.len() < 300_000, "subset is {} bytes", font.len());
    let face = ab_glyph::FontRef::try_from_slice(&font).unwrap();
    use ab_glyph::Font;
    for c in "重大项目领跑绿色崛起成势第A1版要闻枣乡冬日〈随笔〉".chars() {
        assert_ne!(face.glyph_id(c).0, 0, "{c} missing from the subset");
    }
    assert_eq!(
        face.glyph_id('鑫').0,
        0,
        "a character the book does not use was kept"
    );
    assert!(entry(&r.bytes, "OEBPS/fonts/OFL.txt").contains("SIL OPEN FONT LICENSE"));
    assert!(entry(&r.bytes, "OEBPS/style.css").contains("@font-face"));
}

/// A Taiwan or Hong Kong book embeds the traditional face (its glyph forms), named so.
#[test]
fn a_traditional_book_embeds_the_tc_face() {
    let mut a = seed();
    a.meta.lang = Some("zh-TW".into());
    a.meta.headline = Some("臺灣學術發展".into());
    let opts = EpubOptions {
        embed_font: true,
        ..EpubOptions::default()
    };
    let r = epub::write_article(&a, &opts, fonts()).unwrap();
    assert_epubcheck_clean("embedded-tc-font.epub", &r.bytes);
    let files = names(&r.bytes);
    assert!(
        !files.iter().any(|n| n.contains("NotoSerifSC")),
        "{files:?}"
    );
    let font = entry_bytes(&r.bytes, "OEBPS/fonts/NotoSerifTC-subset.ttf");
    let family = {
        use skrifa::MetadataProvider;
        let f = skrifa::FontRef::new(&font).unwrap();
        f.localized_strings(skrifa::string::StringId::FAMILY_NAME)
            .english_or_first()
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    assert!(family.ends_with("TC"), "{family}");
    assert!(entry(&r.bytes, "OEBPS/style.css").contains("fonts/NotoSerifTC-subset.ttf"));
}

/// A Taiwan book's drawn cover is set in the TC faces: the same book tagged zh-CN draws
/// other pixels (說, 這, 骨 and 述 have other forms in Taiwan type), though both share
/// one run's glyph cache; the Taiwan book twice, or in a fresh run, is byte-identical.
#[test]
fn a_traditional_books_cover_is_drawn_in_the_tc_faces() {
    let book = |lang: &str, env: &Env| {
        let mut a = seed();
        a.meta.lang = Some(lang.into());
        a.meta.publication = Some("聯合報".into());
        a.meta.headline = Some("這是說明：骨幹論述".into());
        let r = epub::write_article(&a, &EpubOptions::default(), env).unwrap();
        (entry_bytes(&r.bytes, "OEBPS/images/cover.png"), r.bytes)
    };
    let (tw_cover, tw) = book("zh-TW", fonts());
    let (cn_cover, _) = book("zh-CN", fonts());
    assert_ne!(tw_cover, cn_cover, "the Taiwan cover is drawn in SC faces");
    assert!(book("zh-TW", fonts()).1 == tw, "not reproducible");
    assert!(
        book("zh-TW", &Env::new(None)).1 == tw,
        "depends on the cache"
    );
    assert!(book("zh-Hant-HK", &Env::new(None)).0 == tw_cover);
}

#[test]
fn user_cover_replaces_the_drawn_one() {
    let path = tmp("cover.png");
    std::fs::write(&path, png(600, 800)).unwrap();
    let opts = EpubOptions {
        cover: Some(path.clone()),
        ..EpubOptions::default()
    };
    // No fonts are needed for a user cover: a font source pointing nowhere must not be touched.
    let nowhere = Env::new(Some(tmp("no-fonts-here")));
    let r = epub::write_article(&seed(), &opts, &nowhere).unwrap();
    assert_epubcheck_clean("user-cover.epub", &r.bytes);
    assert_eq!(
        entry_bytes(&r.bytes, "OEBPS/images/cover.png"),
        png(600, 800)
    );
    let opf = entry(&r.bytes, "OEBPS/content.opf");
    assert!(
        opf.contains(
            "href=\"images/cover.png\" media-type=\"image/png\" properties=\"cover-image\""
        )
    );
    let missing = EpubOptions {
        cover: Some(tmp("no-such-cover.png")),
        ..EpubOptions::default()
    };
    assert!(epub::write_article(&seed(), &missing, fonts()).is_err());
}

#[test]
fn drawn_cover_is_a_1200_by_1600_png() {
    let r = epub::write_edition(
        &group_editions(&edition_articles())[0],
        &EpubOptions::default(),
        fonts(),
    )
    .unwrap();
    let cover = image::load_from_memory(&entry_bytes(&r.bytes, "OEBPS/images/cover.png")).unwrap();
    assert_eq!((cover.width(), cover.height()), (1200, 1600));
    // Ink was drawn: the masthead red appears.
    let rgb = cover.to_rgb8();
    assert!(
        rgb.pixels().any(|p| p.0[0] > 150 && p.0[1] < 60),
        "no masthead drawn"
    );
    std::fs::write(
        tmp("cover-preview.png"),
        entry_bytes(&r.bytes, "OEBPS/images/cover.png"),
    )
    .unwrap();
    let nav = entry(&r.bytes, "OEBPS/nav.xhtml");
    assert!(nav.contains("epub:type=\"cover\" href=\"cover.xhtml\""));
    assert!(nav.contains("epub:type=\"bodymatter\" href=\"text/a001.xhtml\""));
}

#[test]
fn blank_and_hostile_metadata_still_passes_epubcheck() {
    let mut a = seed();
    a.meta.publication = Some("  ".into());
    a.meta.publisher = Some("".into());
    a.meta.credits = vec![credit("本报记者", " "), credit("", "李四")];
    a.meta.lang = Some("中文".into());
    a.meta.page_name = Some(" ".into());
    a.body.insert(0, heading("   "));
    a.body
        .insert(1, Block::paragraph("控制字符\u{1}\u{8}在此\u{FFFF}。"));
    a.body.insert(2, Block::paragraph(""));
    a.body.push(Block::Quote {
        content: vec![heading("引文中的标题"), Block::paragraph("引文。")],
    });
    a.body.push(Block::Image {
        src: String::new(),
        alt: "只有替代文字".into(),
        caption: None,
    });
    let r = epub::write_article(&a, &EpubOptions::default(), fonts()).unwrap();
    assert_epubcheck_clean("hostile.epub", &r.bytes);
    assert_eq!(
        r.warnings.iter().map(|w| w.code).collect::<Vec<_>>(),
        vec!["bad-language"]
    );
    let page = entry(&r.bytes, "OEBPS/text/a001.xhtml");
    assert!(page.contains("<p>控制字符在此。</p>"));
    assert!(page.contains("xml:lang=\"zh-CN\""));
    let opf = entry(&r.bytes, "OEBPS/content.opf");
    assert_eq!(texts_of(&opf, "dc:creator"), vec!["李四"]);
    assert!(texts_of(&opf, "dc:publisher").is_empty());
    assert!(texts_of(&opf, "dc:subject").is_empty());
    // The blank heading is dropped; the quoted one is not a section of the article.
    let tree = nav_tree(&entry(&r.bytes, "OEBPS/nav.xhtml"));
    assert_eq!(tree[0].children.len(), 3);
}

#[test]
fn output_dispatch_writes_editions_only_as_epub() {
    use broadsheet::output::{self, OutputFormat, WriteOptions};
    let articles = edition_articles();
    let ed = &group_editions(&articles)[0];
    let opts = WriteOptions::default();
    let via_dispatch = output::write_edition(OutputFormat::Epub, ed, &opts, fonts()).unwrap();
    let direct = epub::write_edition(ed, &EpubOptions::default(), fonts()).unwrap();
    assert!(via_dispatch.bytes == direct.bytes);
    assert!(OutputFormat::Epub.writes_editions() && !OutputFormat::Md.writes_editions());
    assert!(output::write_edition(OutputFormat::Md, ed, &opts, fonts()).is_err());
    let one = output::write_article(OutputFormat::Epub, &articles[1], &opts, fonts()).unwrap();
    assert_eq!(&one.bytes[30..38], b"mimetype");
}

#[test]
fn empty_edition_is_an_error() {
    let ed = Edition {
        publication: None,
        date: None,
        pages: Vec::new(),
    };
    assert!(epub::write_edition(&ed, &EpubOptions::default(), fonts()).is_err());
}
