//! Multi-article text exports (archive databases that save many articles into one text
//! file: a title, a block of 作者：/时间：/版次： facts, the body; then the next). Each
//! record is its own article, with its own head, credits, date and page.

mod common;

use broadsheet::input::{ReadOptions, read_file};
use broadsheet::model::{Block, plain_text};
use std::path::Path;

const EXPORT: &str = "tests/fixtures/text/multi_article_export.txt";

#[test]
fn each_record_of_an_export_is_one_article_with_its_own_facts() {
    let report = read_file(Path::new(EXPORT), &ReadOptions::default()).expect("reads");
    let a = &report.articles;
    assert_eq!(
        a.len(),
        3,
        "{:#?}",
        a.iter().map(|a| &a.meta.headline).collect::<Vec<_>>()
    );
    let heads: Vec<_> = a.iter().map(|a| a.meta.headline.as_deref()).collect();
    assert_eq!(
        heads,
        [
            Some("乐陵市召开全市重点项目推进会"),
            Some("春节前后市场供应充足"),
            Some("政策解读：减税降费惠及小微企业"),
        ]
    );
    let names =
        |i: usize| -> Vec<&str> { a[i].meta.credits.iter().map(|c| c.name.as_str()).collect() };
    assert_eq!(names(0), ["王小明"]);
    assert_eq!(names(1), ["李华", "张强"]);
    assert_eq!(names(2), ["赵敏"]);
    let pages: Vec<_> = a.iter().map(|a| a.meta.page.as_deref()).collect();
    assert_eq!(pages, [Some("02"), Some("03"), Some("04")]);
    assert_eq!(
        a[2].meta.date.map(|d| d.to_string()).as_deref(),
        Some("2020-01-16")
    );
    // The export's header is no article's head, and no record's text leaks into another.
    for art in a {
        assert_eq!(art.meta.kicker, None);
        assert_eq!(art.meta.subtitle, None);
    }
    let body = |i: usize| -> String {
        a[i].body
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { content } => Some(plain_text(content)),
                _ => None,
            })
            .collect()
    };
    assert!(body(0).contains("重点项目推进会召开") && !body(0).contains("超市"));
    assert!(body(1).contains("超市") && !body(1).contains("减税"));
    assert!(body(2).contains("减税降费"));
}

#[test]
fn the_cli_writes_one_file_per_record() {
    let dir = std::env::temp_dir().join(format!("broadsheet-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.to_string_lossy().to_string();
    let r = common::run(&["convert", EXPORT, "-o", &out, "-t", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for n in 1..=3 {
        let md = std::fs::read_to_string(dir.join(format!("multi_article_export-{n}.md")))
            .unwrap_or_else(|e| panic!("record {n}: {e}"));
        assert!(md.contains("作者") || md.contains("author"), "{md}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
