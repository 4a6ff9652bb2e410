//! HTML pages and scraper JSON exports as input: every 2xx sample checked field by field,
//! its outputs compared with `tests/golden/` by the runner in tests/samples.rs, and
//! hostile pages generated here (unclosed tags, 50 MB, 100,000 levels of nesting, no
//! article, scripts full of Chinese, path escapes, an image claiming 100000×100000
//! pixels): each gives a clear message or a clean skip, never a panic.

mod common;

use broadsheet::input::{InputFormat, ReadOptions, ReadReport, read_bytes, read_file};
use broadsheet::model::{Article, Block, plain_text};
use broadsheet::output::{OutputFormat, WriteOptions, write_article};
use common::*;
use std::path::Path;

fn report(name: &str) -> ReadReport {
    read_file(
        Path::new(&format!("samples/{name}")),
        &ReadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(name: &str) -> Article {
    report(name).articles.remove(0)
}

fn credits(a: &Article) -> Vec<(&str, &str)> {
    a.meta
        .credits
        .iter()
        .map(|c| (c.role.as_str(), c.name.as_str()))
        .collect()
}

fn s(x: &str) -> Option<&str> {
    Some(x)
}

fn body_text(a: &Article) -> String {
    fn blocks(b: &[Block], out: &mut String) {
        for block in b {
            match block {
                Block::Paragraph { content } => out.push_str(&plain_text(content)),
                Block::Heading { text, .. } => out.push_str(text),
                Block::Image { caption, .. } => out.push_str(caption.as_deref().unwrap_or("")),
                Block::Quote { content } => blocks(content, out),
            }
            out.push('\n');
        }
    }
    let mut out = String::new();
    blocks(&a.body, &mut out);
    out
}

/// Navigation, share bars, comments, related lists, scripts: none of it in the body.
fn assert_no_chrome(a: &Article, extra: &[&str]) {
    let body = body_text(a);
    for chrome in [
        "首页",
        "上一篇",
        "下一篇",
        "返回目录",
        "放大",
        "缩小",
        "导读",
        "版面导航",
        "本版其他文章",
        "分享到",
        "版权所有",
        "Copyright",
        "相关新闻",
        "相关阅读",
        "评论",
        "脚本",
        "统计代码",
        "点击量",
        "function",
        "var ",
    ]
    .iter()
    .chain(extra)
    {
        assert!(
            !body.contains(chrome),
            "chrome '{chrome}' in the body:\n{body}"
        );
    }
}

fn meta_of(a: &Article) -> (Option<&str>, Option<&str>, Option<&str>) {
    (
        a.meta.kicker.as_deref(),
        a.meta.headline.as_deref(),
        a.meta.subtitle.as_deref(),
    )
}

#[test]
fn epaper_with_enpproperty() {
    let r = report("201_epaper_enpproperty.html");
    assert_eq!(r.extraction.method, "epaper");
    assert!(
        r.extraction
            .reason
            .contains("enpproperty comment and #ozoom body found"),
        "{}",
        r.extraction.reason
    );
    let a = &r.articles[0];
    assert_eq!(meta_of(a), (None, s("冬季供暖保障有力 群众温暖过冬"), None));
    assert_eq!(
        credits(a),
        vec![
            ("本报记者", "李明"),
            ("本报通讯员", "王芳"),
            ("摄影", "李明")
        ]
    );
    assert_eq!(
        (a.meta.page.as_deref(), a.meta.page_name.as_deref()),
        (s("A01"), s("要闻"))
    );
    assert_eq!(a.meta.date, "2024-01-15".parse().ok());
    assert_eq!(a.meta.publication.as_deref(), s("乐陵市报"));
    assert_eq!(
        a.headings(),
        vec![
            (2, "提前谋划保运行"),
            (2, "精准服务解民忧"),
            (2, "智慧供热提效能")
        ]
    );
    assert_eq!(a.paragraph_count(), 7);
    let Some(Block::Image { src, caption, .. }) =
        a.body.iter().find(|b| matches!(b, Block::Image { .. }))
    else {
        panic!("no image")
    };
    assert_eq!(src, "images/job-fair.png");
    assert!(caption.as_deref().unwrap().starts_with("图为供热企业"));
    assert!(body_text(a).starts_with("入冬以来，我市坚持"));
    assert_no_chrome(a, &["全市重点项目集中开工", "市政府召开常务会议", "点击量"]);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn epaper_in_gbk_with_meta_charset_and_enpcontent_markers() {
    let r = report("202_epaper_gbk.html");
    assert_eq!((r.encoding.name, r.encoding.method), ("GBK", "declared"));
    assert_eq!(r.extraction.method, "epaper");
    assert!(r.extraction.reason.contains("<!--enpcontent--> markers"));
    let a = &r.articles[0];
    assert_eq!(
        meta_of(a),
        (None, s("我市举办新春招聘会 提供岗位三千余个"), None)
    );
    assert_eq!(credits(a), vec![("记者", "赵静")]);
    assert_eq!(
        (a.meta.page.as_deref(), a.meta.page_name.as_deref()),
        (s("01"), s("要闻"))
    );
    assert_eq!(a.meta.date, "2024-02-20".parse().ok());
    assert_eq!(a.meta.publication.as_deref(), s("德州晚报"));
    assert!(a.headings().is_empty());
    assert_eq!(a.paragraph_count(), 4);
    assert!(body_text(a).contains("“春风行动”"));
    assert_no_chrome(a, &["全市两会召开在即", "字号调整"]);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn epaper_with_kicker_and_subtitle() {
    let r = report("203_epaper_kicker_subtitle.html");
    assert_eq!(r.extraction.method, "epaper");
    assert!(r.extraction.reason.contains(".founder-content body"));
    let a = &r.articles[0];
    assert_eq!(
        meta_of(a),
        (
            s("培育壮大新动能"),
            s("“链”上发力 集群成势"),
            s("——我省推动先进制造业集群高质量发展观察")
        )
    );
    assert_eq!(credits(a), vec![("大众日报记者", "孙强")]);
    assert_eq!(
        (a.meta.page.as_deref(), a.meta.page_name.as_deref()),
        (s("B03"), s("经济"))
    );
    assert_eq!(a.meta.date, "2023-11-08".parse().ok());
    assert_eq!(a.meta.publication.as_deref(), s("大众日报"));
    assert_eq!(
        a.headings(),
        vec![(2, "龙头带动 补链强链"), (2, "创新赋能 提质增效")]
    );
    assert_eq!(
        a.paragraph_count(),
        6,
        "the byline is a credit; the quote counts"
    );
    assert!(a.body.iter().any(|b| matches!(b, Block::Quote { .. })));
    assert_no_chrome(a, &["登录", "注册", "欢迎访问"]);
}

#[test]
fn news_page_with_json_ld() {
    let r = report("204_news_jsonld.html");
    assert_eq!(r.extraction.method, "generic");
    assert!(
        r.extraction
            .reason
            .starts_with("main-content block <div class=article-content> scored"),
        "{}",
        r.extraction.reason
    );
    assert!(r.extraction.reason.contains("JSON-LD"));
    let a = &r.articles[0];
    assert_eq!(meta_of(a), (None, s("黄河流域生态保护取得新进展"), None));
    assert_eq!(
        credits(a),
        vec![("作者", "陈晓"), ("作者", "刘洋"), ("责任编辑", "王敏")]
    );
    assert_eq!(a.meta.date, "2024-04-22".parse().ok());
    assert_eq!(a.meta.publisher.as_deref(), s("齐鲁新闻传媒集团"));
    assert_eq!(a.meta.site.as_deref(), s("齐鲁新闻网"));
    assert_eq!(
        a.headings(),
        vec![(2, "湿地修复成效明显"), (2, "污染治理持续深化")]
    );
    assert_eq!(a.paragraph_count(), 5);
    assert_no_chrome(a, &["热点排行", "黄河口国家公园", "当前位置", "ICP"]);
}

#[test]
fn news_page_with_opengraph_comments_related_and_share_bar() {
    let r = report("205_news_opengraph_comments.html");
    assert_eq!(r.extraction.method, "generic");
    assert!(r.extraction.reason.contains("<div id=content>"));
    let a = &r.articles[0];
    assert_eq!(meta_of(a), (None, s("老旧小区改造让居民住得更舒心"), None));
    assert_eq!(credits(a), vec![("记者", "张华")]);
    assert_eq!(a.meta.date, "2024-05-10".parse().ok());
    assert_eq!(a.meta.site.as_deref(), s("德州新闻网"));
    assert_eq!(a.meta.publisher.as_deref(), s("德州日报社"));
    assert_eq!(a.paragraph_count(), 5);
    assert_no_chrome(
        a,
        &[
            "网友",
            "什么时候轮到",
            "加装电梯让老人",
            "微信",
            "打印",
            "朋友圈",
            "搜索",
        ],
    );
    // <strong> inside a paragraph stays inline.
    assert!(a.body.iter().any(|b| matches!(b,
        Block::Paragraph { content } if content.iter().any(|i| matches!(i, broadsheet::model::Inline::Strong { .. })))));
}

#[test]
fn news_page_with_article_figure_and_figcaption() {
    let r = report("206_news_article_figure.html");
    assert_eq!(r.extraction.method, "generic");
    let a = &r.articles[0];
    assert_eq!(
        meta_of(a),
        (
            s("乡村振兴一线观察"),
            s("科技小院扎根田间 助农增收有实招"),
            s("——来自黄淮海平原的调研报告")
        )
    );
    assert_eq!(
        credits(a),
        vec![
            ("本报记者", "周明远"),
            ("见习记者", "何佳"),
            ("摄影", "周明远")
        ]
    );
    assert_eq!(a.meta.date, "2024-06-18".parse().ok());
    assert_eq!(a.meta.publication.as_deref(), s("农民日报"));
    assert_eq!(
        a.headings(),
        vec![(2, "把论文写在大地上"), (2, "让农民成为技术“明白人”")]
    );
    assert_eq!(a.paragraph_count(), 6);
    let images: Vec<(&str, Option<&str>)> = a
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Image { src, caption, .. } => Some((src.as_str(), caption.as_deref())),
            _ => None,
        })
        .collect();
    assert_eq!(images.len(), 2);
    assert_eq!(images[0].0, "https://img.example.com/2024/06/kjxy.jpg");
    assert_eq!(
        images[0].1,
        s("科技小院研究生在田间测产。本报记者 周明远 摄")
    );
    assert!(images[1].0.starts_with("data:image/png;base64,"));
    assert!(r.warnings.iter().any(|w| w.code == "remote-image"));
    assert_no_chrome(a, &["推荐阅读", "高标准农田", "客户端", "微博"]);
}

#[test]
fn scraper_json_array_makes_one_article_per_record() {
    let r = report("207_scraper_array.json");
    assert_eq!(r.extraction.method, "json");
    assert_eq!(r.articles.len(), 2);
    let a = &r.articles[0];
    assert_eq!(
        meta_of(a),
        (
            s("两会时间"),
            s("代表委员热议新质生产力"),
            s("——聚焦科技创新和产业升级")
        )
    );
    assert_eq!(credits(a), vec![("本报记者", "韩雪"), ("本报记者", "孟凡")]);
    assert_eq!(a.meta.date, "2024-03-05".parse().ok());
    assert_eq!(
        (a.meta.page.as_deref(), a.meta.page_name.as_deref()),
        (s("A02"), s("两会特刊"))
    );
    assert_eq!(a.meta.publication.as_deref(), s("德州日报"));
    assert_eq!(a.paragraph_count(), 3);
    let b = &r.articles[1];
    assert_eq!(credits(b), vec![("作者", "李娜"), ("作者", "王强")]);
    assert_eq!(
        b.paragraph_count(),
        2,
        "the trailing byline is a credit, not text"
    );
    assert_eq!(b.meta.page.as_deref(), s("A03"));
}

#[test]
fn scraper_json_lines_with_html_and_chinese_keys() {
    let r = report("208_scraper_lines.jsonl");
    assert_eq!(r.articles.len(), 3);
    let a = &r.articles[0];
    assert_eq!(a.meta.subtitle.as_deref(), s("——夏夜消费市场观察"));
    assert_eq!(
        (a.meta.page.as_deref(), a.meta.page_name.as_deref()),
        (s("05"), s("消费"))
    );
    let b = &r.articles[1];
    assert_eq!(b.headings(), vec![(2, "政府补贴 企业让利")]);
    assert_eq!(b.paragraph_count(), 3);
    assert_no_chrome(b, &["不应出现", "微信"]);
    let c = &r.articles[2];
    assert_eq!(c.meta.headline.as_deref(), s("暑期少儿游泳培训火热"));
    assert_eq!(c.meta.date, "2024-07-12".parse().ok());
    assert_eq!(credits(c), vec![("作者", "孙悦")]);
}

#[test]
fn our_own_json_output_reads_back_identically() {
    let a = read("206_news_article_figure.html");
    let json = write_article(
        OutputFormat::Json,
        &a,
        &WriteOptions::default(),
        &broadsheet::Env::default(),
    )
    .unwrap()
    .bytes;
    let back = read_bytes(&json, Path::new("x.json"), &ReadOptions::default()).unwrap();
    assert_eq!(back.extraction.method, "json");
    let mut b = back.articles[0].clone();
    b.meta.source.clone_from(&a.meta.source);
    assert_eq!(b, a);
}

// ---- hostile and odd inputs ---------------------------------------------------------

fn read_html(name: &str, html: &str) -> broadsheet::error::Result<ReadReport> {
    read_bytes(html.as_bytes(), Path::new(name), &ReadOptions::default())
}

const PARA: &str =
    "<p>今年以来，全市上下坚持稳中求进工作总基调，经济运行持续回升向好，高质量发展扎实推进。</p>";

#[test]
fn unclosed_and_broken_markup_is_read() {
    let page = format!(
        "<html><head><title>断开的标签_某某网</title><body><div class=content><p>第一段没有结束<p>第二段<b>加粗没有结束<p>{}<table><tr><td>表格<div></span></i></font>",
        PARA.repeat(3)
    );
    let r = read_html("broken.html", &page).unwrap();
    let a = &r.articles[0];
    assert_eq!(a.meta.headline.as_deref(), s("断开的标签"));
    assert!(body_text(a).contains("第一段没有结束"));
    assert!(a.paragraph_count() >= 5, "{:?}", a.body);
}

#[test]
fn a_50_mb_page_is_refused_clearly() {
    let mut page = String::from("<html><body><div>");
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(PARA);
    }
    let err = read_html("huge.html", &page).unwrap_err().to_string();
    assert!(
        err.contains("huge.html") && err.contains("MB limit"),
        "{err}"
    );
}

#[test]
fn deep_nesting_never_overflows_the_stack() {
    // 100,000 nested spans parse (html5ever keeps them on its heap) and every walk here
    // is iterative.
    let page = format!(
        "<html><body><div>{}{}{}</div></body></html>",
        "<span>".repeat(100_000),
        PARA,
        "</span>".repeat(100_000)
    );
    let r = read_html("deep-span.html", &page).unwrap();
    assert!(body_text(&r.articles[0]).contains("稳中求进"));
    // 100,000 nested divs would make the parser quadratic: refused with a message.
    let page = format!(
        "<html><body>{}{PARA}</body></html>",
        "<div>".repeat(100_000)
    );
    let err = read_html("deep-div.html", &page).unwrap_err().to_string();
    assert!(err.contains("levels deep"), "{err}");
}

#[test]
fn a_page_without_an_article_is_a_clear_error() {
    let page = "<html><head><title>首页</title></head><body><ul class=menu><li><a href=/>首页</a></li><li><a href=/n>新闻</a></li></ul><div><a href=/a>一篇文章的链接标题</a> <a href=/b>另一篇文章的链接</a></div></body></html>";
    let err = read_html("nav.html", page).unwrap_err().to_string();
    assert!(
        err.contains("nav.html") && err.contains("no article found"),
        "{err}"
    );
    let err = read_html("empty.html", "<html><body></body></html>").unwrap_err();
    assert!(err.to_string().contains("no article"), "{err}");
}

#[test]
fn scripts_and_styles_full_of_chinese_stay_out() {
    let chinese = "这是一段很长的中文文字，用来冒充正文内容。".repeat(50);
    let page = format!(
        "<html><head><style>/* {chinese} */</style><script>var a='{chinese}';</script></head><body><script>document.write('{chinese}')</script><div class=text>{}</div><noscript>{chinese}</noscript><template><p>{chinese}</p></template><div style='display:none'>{chinese}</div></body></html>",
        PARA.repeat(2)
    );
    let r = read_html("scripts.html", &page).unwrap();
    let body = body_text(&r.articles[0]);
    assert!(!body.contains("冒充"), "{body}");
    assert_eq!(r.articles[0].paragraph_count(), 2);
}

#[test]
fn image_paths_outside_the_input_folder_are_refused() {
    let dir = Scratch::new("escape");
    dir.write("secret.png", b"\x89PNG\r\n\x1a\n not read");
    let page = format!(
        "<html><body><div class=article>{PARA}<p><img src=\"../../etc/passwd\"></p><p>图为被拒绝的图片。</p><img src=\"/etc/passwd\"><img src=\"../secret.png\">{PARA}</div></body></html>"
    );
    let page_path = dir.write("pages/a.html", &page);
    let r = read_file(&page_path, &ReadOptions::default()).unwrap();
    let refused: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == "image-refused")
        .collect();
    assert_eq!(refused.len(), 3, "{:?}", r.warnings);
    assert!(refused[0].message.contains("outside the input folder"));
    let images: Vec<_> = r.articles[0]
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Image { src, caption, .. } => Some((src.clone(), caption.clone())),
            _ => None,
        })
        .collect();
    assert!(images.iter().all(|(src, _)| src.is_empty()), "{images:?}");
    assert_eq!(
        images[0].1.as_deref(),
        s("图为被拒绝的图片。"),
        "caption kept"
    );
}

/// A PNG signature, an IHDR chunk claiming `w`×`h`, and empty IDAT/IEND chunks.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let chunk = |v: &mut Vec<u8>, name: &[u8], data: &[u8]| {
        v.extend((data.len() as u32).to_be_bytes());
        let mut body = name.to_vec();
        body.extend(data);
        v.extend(&body);
        v.extend(crc32fast::hash(&body).to_be_bytes());
    };
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    chunk(&mut v, b"IHDR", &ihdr);
    chunk(&mut v, b"IDAT", &[]);
    chunk(&mut v, b"IEND", &[]);
    v
}

#[test]
fn an_image_claiming_100000_by_100000_pixels_is_a_warning() {
    let dir = Scratch::new("bomb");
    dir.write("bomb.png", png_claiming(100_000, 100_000));
    dir.write("ok.png", png_claiming(640, 480));
    let page = format!(
        "<html><body><article>{PARA}<figure><img src=\"bomb.png\"><figcaption>图为炸弹图片</figcaption></figure><img src=\"ok.png\">{PARA}</article></body></html>"
    );
    let path = dir.write("page.html", &page);
    let r = read_file(&path, &ReadOptions::default()).unwrap();
    let w: Vec<_> = r.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("100000×100000") && w[0].contains("bomb.png"),
        "{w:?}"
    );
    let srcs: Vec<_> = r.articles[0]
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Image { src, .. } => Some(src.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(srcs, vec!["", "ok.png"]);
}

#[test]
fn files_without_a_known_extension_are_sniffed() {
    assert_eq!(
        InputFormat::sniff(b"  <!DOCTYPE html>"),
        Some(InputFormat::Html)
    );
    assert_eq!(
        InputFormat::sniff(b"\xEF\xBB\xBF{\"title\":1}"),
        Some(InputFormat::Json)
    );
    assert_eq!(InputFormat::sniff(b"[ {\"a\":1}]"), Some(InputFormat::Json));
    assert_eq!(InputFormat::sniff("[图片]".as_bytes()), None);
    assert_eq!(InputFormat::sniff("【第A1版】".as_bytes()), None);
    let r = run_with_stdin(
        &["inspect", "-"],
        std::fs::read("samples/204_news_jsonld.html")
            .unwrap()
            .as_slice(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("extraction:  generic"), "{}", r.stdout);
}

#[test]
fn convert_writes_one_file_per_json_record_and_skips_sidecars() {
    let src = Scratch::new("json-src");
    std::fs::copy("samples/207_scraper_array.json", src.join("export.json")).unwrap();
    std::fs::copy("samples/202_epaper_gbk.html", src.join("page.htm")).unwrap();
    std::fs::copy(SEED, src.join("a.txt")).unwrap();
    src.write("a.json", r#"{"page": "A9"}"#);
    // Beside a page of the same stem, but an article export of its own: an input.
    std::fs::copy("samples/202_epaper_gbk.html", src.join("b.html")).unwrap();
    src.write("b.json", r#"{"title": "另一篇", "content": "正文一段。"}"#);
    let out = Scratch::new("json-out");
    let r = run(&[
        "convert",
        src.path.to_str().unwrap(),
        "-o",
        out.path.to_str().unwrap(),
    ]);
    // b.json is read as an input, so it and b.html would both write b.md.
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("two inputs would write the same output file"),
        "{}",
        r.stderr
    );
    assert_eq!(
        out.files(),
        vec!["a.md", "b.md", "export-1.md", "export-2.md", "page.md"]
    );
    assert!(
        std::fs::read_to_string(out.join("a.md"))
            .unwrap()
            .contains("A9")
    );
    let r = run(&["inspect", "samples/201_epaper_enpproperty.html"]);
    assert!(
        r.stdout
            .contains("epaper — enpproperty comment and #ozoom body found"),
        "{}",
        r.stdout
    );
}

#[test]
fn founder_table_layout_without_enpproperty() {
    // Older Founder pages: kicker, headline and subtitle in table cells styled font02 /
    // font01 / font02, the body in #ozoom, page label and date in the top bar.
    let page = format!(
        "<html><head><meta charset=utf-8><title>某某日报</title></head><body>\
         <table><tr><td>2023年12月18日 星期一</td><td>第A03版：综合新闻</td></tr></table>\
         <table><tr><td class=font02>聚焦民生实事——</td></tr>\
         <tr><td class=font01>城乡公交一体化全面完成</td></tr>\
         <tr><td class=font02>——全市行政村实现公交“村村通”</td></tr>\
         <tr><td><div id=ozoom><p>　　□本报记者 孙强</p>{}</div></td></tr></table>\
         <a href=#>上一篇</a> <a href=#>下一篇</a></body></html>",
        PARA.repeat(2)
    );
    let r = read_html("founder.html", &page).unwrap();
    assert_eq!(r.extraction.method, "epaper");
    assert!(
        r.extraction
            .reason
            .contains("#ozoom body found (no enpproperty")
    );
    let a = &r.articles[0];
    assert_eq!(
        meta_of(a),
        (
            s("聚焦民生实事——"),
            s("城乡公交一体化全面完成"),
            s("——全市行政村实现公交“村村通”")
        )
    );
    assert_eq!(credits(a), vec![("本报记者", "孙强")]);
    assert_eq!(
        (a.meta.page.as_deref(), a.meta.page_name.as_deref()),
        (s("A03"), s("综合新闻"))
    );
    assert_eq!(a.meta.date, "2023-12-18".parse().ok());
    assert_eq!(a.paragraph_count(), 2);
}

#[test]
fn scraper_csv_rows_are_articles() {
    let r = report("209_scraper_table.csv");
    assert_eq!(r.extraction.method, "csv");
    assert_eq!(r.articles.len(), 2);
    let a = &r.articles[0];
    assert_eq!(
        meta_of(a),
        (
            None,
            s("小麦“一喷三防”全面展开"),
            s("——全市260万亩小麦病虫害统防统治")
        )
    );
    assert_eq!(credits(a), vec![("本报记者", "刘畅")]);
    assert_eq!(a.meta.date, "2024-04-25".parse().ok());
    assert_eq!(
        (a.meta.page.as_deref(), a.meta.page_name.as_deref()),
        (s("03"), s("农村"))
    );
    assert_eq!(
        a.meta.source.as_deref(),
        s("http://paper.example.cn/html/2024-04/25/content_5501.htm")
    );
    assert_eq!(a.paragraph_count(), 3);
    assert_eq!(
        credits(&r.articles[1]),
        vec![("记者", "田野"), ("通讯员", "马莉")]
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_folder_pointing_outside_is_refused() {
    let outside = Scratch::new("outside");
    let secret = outside.write("secret.png", png_claiming(10, 10));
    let dir = Scratch::new("symlink");
    std::os::unix::fs::symlink(&secret, dir.join("innocent.png")).unwrap();
    let page = format!(
        "<html><body><div class=text>{PARA}<img src=\"innocent.png\">{PARA}</div></body></html>"
    );
    let path = dir.write("page.html", &page);
    let r = read_file(&path, &ReadOptions::default()).unwrap();
    assert!(
        r.warnings
            .iter()
            .any(|w| w.code == "image-refused" && w.message.contains("outside the input folder")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn old_table_layout_with_br_paragraphs_and_pinyin_title_class() {
    let page = "<html><head><title>新闻中心</title></head><body><table><tr><td class=nav><a href=/>首页</a> | <a href=/xw>新闻</a></td></tr>\
<tr><td><table><tr><td class=\"bt\"><font size=5><b>我县召开乡村振兴工作推进会</b></font></td></tr>\
<tr><td>作者：县融媒体中心　发布时间：2023年9月12日</td></tr>\
<tr><td class=nr>&nbsp;&nbsp;&nbsp;&nbsp;9月11日，我县召开乡村振兴工作推进会，总结前一阶段工作。<br>&nbsp;&nbsp;&nbsp;&nbsp;会议指出，要坚持农业农村优先发展。<br>&nbsp;&nbsp;&nbsp;&nbsp;会议要求，各乡镇要压实责任。</td></tr></table></td></tr>\
<tr><td>Copyright 2023 某某县人民政府 版权所有</td></tr></table></body></html>";
    let r = read_html("old.html", page).unwrap();
    let a = &r.articles[0];
    assert_eq!(a.meta.headline.as_deref(), s("我县召开乡村振兴工作推进会"));
    assert_eq!(a.meta.date, "2023-09-12".parse().ok());
    assert_eq!(a.paragraph_count(), 3);
    assert_no_chrome(a, &[]);
}

#[test]
fn founder_photo_table_above_the_body_leads_the_article() {
    let page = format!(
        "<html><body><table><tr><td class=font01>全市重点项目集中开工</td></tr>\
         <tr><td><table class=pic><tr><td><img src=\"photo.jpg\" width=500></td></tr>\
         <tr><td>图为项目开工现场。 本报记者 王涛 摄</td></tr></table></td></tr>\
         <tr><td><div id=ozoom>{}</div></td></tr></table></body></html>",
        PARA.repeat(2)
    );
    let r = read_html("photo.html", &page).unwrap();
    let a = &r.articles[0];
    assert_eq!(a.meta.headline.as_deref(), s("全市重点项目集中开工"));
    assert!(
        matches!(&a.body[0], Block::Image { src, caption: Some(c), .. }
            if src == "photo.jpg" && c.starts_with("图为项目开工现场")),
        "{:?}",
        a.body[0]
    );
    assert_eq!(credits(a), vec![("摄影", "王涛")]);
    assert_eq!(a.paragraph_count(), 2);
}

#[test]
fn a_section_label_far_from_the_headline_is_no_kicker() {
    let page = format!(
        "<html><body><div class=top><h2>国内新闻</h2></div><div class=wrap><div class=main><div class=box><h1>城乡公交一体化全面完成</h1></div><div class=text>{}</div></div></div></body></html>",
        PARA.repeat(2)
    );
    let r = read_html("label.html", &page).unwrap();
    assert_eq!(r.articles[0].meta.kicker, None);
}
