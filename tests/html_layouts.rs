//! Page layouts seen on real news sites, as small pages written here
//! (`tests/fixtures/html/`): each checks one class of extraction rule beyond the
//! corpus — reprints with print footers and breadcrumbs, <br>-set paragraphs inside a
//! frame whose class names furniture, a wire story's print head set as body lines, an
//! e-paper layout page with no article, and an article split over a lead box and the rest.

use broadsheet::input::{ReadOptions, read_file};
use broadsheet::model::{Article, Block, plain_text};
use std::path::Path;

fn read(name: &str) -> Article {
    let path = format!("tests/fixtures/html/{name}");
    read_file(Path::new(&path), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .articles
        .remove(0)
}

fn paragraphs(a: &Article) -> Vec<String> {
    a.body
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { content } => Some(plain_text(content)),
            _ => None,
        })
        .collect()
}

fn headings(a: &Article) -> Vec<&str> {
    a.body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn names(a: &Article) -> Vec<&str> {
    a.meta.credits.iter().map(|c| c.name.as_str()).collect()
}

fn assert_clean(a: &Article, chrome: &[&str]) {
    let all = paragraphs(a).join("\n") + &headings(a).join("\n");
    for c in chrome {
        assert!(!all.contains(c), "chrome {c:?} in body:\n{all}");
    }
}

#[test]
fn reprint_with_print_footer_breadcrumb_and_padded_names() {
    let a = read("reprint_breadcrumb.html");
    assert_eq!(a.meta.headline.as_deref(), Some("城市书房开到家门口"));
    assert_eq!(a.meta.page.as_deref(), Some("05"));
    assert_eq!(a.meta.page_name.as_deref(), Some("文化"));
    assert_eq!(
        a.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-02")
    );
    assert_eq!(a.meta.publication.as_deref(), Some("某某日报"));
    let n = names(&a);
    assert!(n.contains(&"李明") && n.contains(&"张小红"), "{n:?}");
    assert!(!n.iter().any(|x| x.contains("facebook")), "{n:?}");
    assert_eq!(paragraphs(&a).len(), 3);
    assert_clean(
        &a,
        &[
            "责编",
            "关闭",
            "人民日报",
            "某某日报》",
            "分享到",
            "版权所有",
        ],
    );
}

#[test]
fn br_paragraphs_in_a_furniture_named_frame() {
    let a = read("br_paragraphs_frame.html");
    assert_eq!(a.meta.headline.as_deref(), Some("夜市重開 人潮回流"));
    let p = paragraphs(&a);
    assert_eq!(p.len(), 4, "{p:?}");
    assert!(p[0].starts_with("〔記者陳大文"));
    assert!(p[3].ends_with("（陳大文／台中報導）"));
    assert_eq!(headings(&a), vec!["攤商心情好轉"]);
    assert_eq!(names(&a), vec!["陳大文"]);
    assert_clean(&a, &["關心您", "專線", "分享到"]);
}

#[test]
fn wire_story_print_head_set_as_body_lines() {
    let a = read("print_head_in_body.html");
    assert_eq!(
        a.meta.kicker.as_deref(),
        Some("省委召开全省乡村振兴工作会议强调")
    );
    assert_eq!(
        a.meta.headline.as_deref(),
        Some("抓好产业发展这个关键 让农民生活更加富裕美好")
    );
    assert_eq!(a.meta.subtitle.as_deref(), Some("王某某出席"));
    assert_eq!(names(&a), vec!["张三", "李四"]);
    assert!(paragraphs(&a)[0].starts_with("新华社某地3月1日电"));
    assert_clean(&a, &["相关新闻", "另一条新闻"]);
}

#[test]
fn layout_page_without_an_article_is_reported() {
    let err = read_file(
        Path::new("tests/fixtures/html/layout_page.html"),
        &ReadOptions::default(),
    )
    .expect_err("a layout page is no article");
    assert!(err.to_string().contains("no article body"), "{err}");
}

#[test]
fn article_split_over_a_lead_box_and_a_login_box() {
    let a = read("split_lead_box.html");
    assert_eq!(
        a.meta.headline.as_deref(),
        Some("港鐵站月台沉降 工程師指無即時危險")
    );
    assert_eq!(a.meta.kicker, None);
    assert_eq!(
        a.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2020-08-08")
    );
    let p = paragraphs(&a);
    assert_eq!(p.len(), 4, "{p:?}");
    assert!(p[0].starts_with("【本報專訊】"));
    assert_clean(&a, &["留言規則", "全新首頁"]);
}
