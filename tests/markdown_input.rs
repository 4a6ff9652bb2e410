//! Markdown from scrapers, through the CLI: a Jina Reader dump (`Title:` / `URL Source:`
//! / `Published Time:` / `Markdown Content:`) and an html2text-style page (a nav list, an
//! `# h1`, an info line, a byline, share links and a related list). Each reads as the
//! article a reader sees: head and credits in the metadata, no site furniture in the
//! body, the caption line under a picture its caption. Markdown with front matter (our
//! own output) is read as it stands: tests/samples.rs holds its round trip.

mod common;

use common::Scratch;
use serde_json::Value;

/// The JSON article `broadsheet convert` makes of `fixture`.
fn article(fixture: &str) -> Value {
    let out = Scratch::new(&format!("markdown-input-{fixture}"));
    let input = format!("tests/fixtures/markdown/{fixture}.md");
    common::convert_ok(&input, &out, "json");
    let text = std::fs::read_to_string(out.join(&format!("{fixture}.json"))).expect("json");
    serde_json::from_str(&text).expect("valid json")
}

fn credits(a: &Value) -> Vec<(String, String)> {
    a["credits"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| {
                    (
                        c["role"].as_str().unwrap_or_default().to_string(),
                        c["name"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The body's blocks as (type, text): paragraph text, heading text, picture caption.
fn blocks(a: &Value) -> Vec<(String, String)> {
    fn text(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().map(text).collect(),
            Value::Object(o) => o
                .get("text")
                .or_else(|| o.get("content"))
                .map(text)
                .unwrap_or_default(),
            _ => String::new(),
        }
    }
    a["body"]
        .as_array()
        .expect("body")
        .iter()
        .map(|b| {
            let kind = b["type"].as_str().unwrap_or_default().to_string();
            let t = match kind.as_str() {
                "image" => b["caption"].as_str().unwrap_or_default().to_string(),
                _ => text(b),
            };
            (kind, t)
        })
        .collect()
}

#[test]
fn a_jina_reader_dump_reads_as_its_article() {
    let a = article("jina_reader");
    let m = &a;
    assert_eq!(
        m["headline"],
        "我市新增3所公办幼儿园 今秋开学可提供学位1080个"
    );
    assert_eq!(m["date"], "2024-08-20");
    // From the breadcrumb trail.
    assert_eq!(
        (&m["page"], &m["page_name"]),
        (&Value::from("03"), &Value::from("要闻"))
    );
    assert_eq!(
        m["source"],
        "http://epaper.example.cn/html/2024-08/20/content_123_456.htm"
    );
    let c = credits(&a);
    let pair = |r: &str, n: &str| (r.to_string(), n.to_string());
    // Writers first, then the photographer, then the desk editor (not an author).
    assert_eq!(
        c,
        [
            pair("本报记者", "王丽"),
            pair("通讯员", "陈刚"),
            pair("摄影", "王丽"),
            pair("责任编辑", "张敏"),
        ]
    );
    let b = blocks(&a);
    let first = &b[0].1;
    assert!(first.starts_with("8月19日，记者从市教育局获悉"), "{b:?}");
    assert!(
        b.last().unwrap().1.starts_with("市教育局相关负责人表示"),
        "{b:?}"
    );
    // The picture keeps the caption line under it; Jina's "Image 1" is no caption.
    assert!(
        b.contains(&(
            "image".to_string(),
            "新建的城东幼儿园（本报记者 王丽 摄）".to_string()
        )),
        "{b:?}"
    );
    let all: String = b.iter().map(|(_, t)| t.as_str()).collect();
    for furniture in [
        "Markdown Content",
        "URL Source",
        "首页",
        "上一篇",
        "责任编辑",
        "本报记者 王丽 通讯员",
    ] {
        assert!(
            !all.contains(furniture),
            "{furniture} left in the body: {b:?}"
        );
    }
}

#[test]
fn an_html2text_page_loses_its_site_furniture() {
    let a = article("html2text_page");
    let m = &a;
    assert_eq!(m["headline"], "沿海港口集装箱吞吐量同比增长8.2%");
    assert_eq!(m["date"], "2024-05-16");
    assert_eq!(m["publication"], "经济日报");
    let c = credits(&a);
    assert_eq!(
        c.first(),
        Some(&("记者".to_string(), "周明".to_string())),
        "{c:?}"
    );
    let b = blocks(&a);
    assert!(b[0].1.starts_with("今年前4个月"), "{b:?}");
    assert!(b.last().unwrap().1.starts_with("业内人士认为"), "{b:?}");
    assert!(
        b.contains(&(
            "image".to_string(),
            "图为某港口集装箱码头。（资料图）".to_string()
        )),
        "{b:?}"
    );
    let all: String = b.iter().map(|(_, t)| t.as_str()).collect();
    for furniture in [
        "国内",
        "财经",
        "来源",
        "分享到",
        "相关新闻",
        "多地推进智慧港口建设",
        "责任编辑",
    ] {
        assert!(
            !all.contains(furniture),
            "{furniture} left in the body: {b:?}"
        );
    }
}

/// Scrapers save Jina Reader dumps as `.txt` too: the header tells them from text.
#[test]
fn a_jina_reader_dump_under_a_text_name_is_read_as_markdown() {
    let dir = Scratch::new("markdown-input-txt");
    let md = std::fs::read("tests/fixtures/markdown/jina_reader.md").expect("fixture");
    let input = dir.write("dump.txt", md);
    let out = Scratch::new("markdown-input-txt-out");
    common::convert_ok(input.to_str().expect("utf-8 path"), &out, "json");
    let text = std::fs::read_to_string(out.join("dump.json")).expect("json");
    let a: Value = serde_json::from_str(&text).expect("valid json");
    assert_eq!(
        a["headline"],
        "我市新增3所公办幼儿园 今秋开学可提供学位1080个"
    );
    assert_eq!(a["date"], "2024-08-20");
    let all = a["body"].to_string();
    assert!(
        !all.contains("URL Source") && !all.contains("Markdown Content"),
        "{all}"
    );
}
