//! Golden tests: the text samples' models, checked field by field, and the one golden
//! runner over every file in `samples/` (see [`golden_outputs`]; `BLESS=1` writes the
//! golden files; review the diff).

mod common;

use broadsheet::input::{ReadOptions, read_file};
use broadsheet::model::{Article, Block};
use broadsheet::output::OutputFormat;
use std::path::{Path, PathBuf};

fn read(name: &str) -> Article {
    read_file(
        Path::new(&format!("samples/{name}")),
        &ReadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
    .articles
    .remove(0)
}

fn credits(a: &Article) -> Vec<(String, String)> {
    a.meta
        .credits
        .iter()
        .map(|c| (c.role.clone(), c.name.clone()))
        .collect()
}

fn c(role: &str, name: &str) -> (String, String) {
    (role.into(), name.into())
}

fn body_text(a: &Article) -> String {
    let mut s = String::new();
    for b in &a.body {
        match b {
            Block::Paragraph { content } => s.push_str(&broadsheet::model::plain_text(content)),
            Block::Heading { text, .. } => s.push_str(text),
            Block::Image { caption, .. } => s.push_str(caption.as_deref().unwrap_or("")),
            Block::Quote { .. } => {}
        }
        s.push('\n');
    }
    s
}

/// No ASCII , ; : between two Han characters anywhere in the body.
fn assert_no_ascii_punct_between_han(a: &Article) {
    let chars: Vec<char> = body_text(a).chars().collect();
    for w in chars.windows(3) {
        let han = |c: char| broadsheet::cjk::is_han(c);
        assert!(
            !(han(w[0]) && matches!(w[1], ',' | ';' | ':') && han(w[2])),
            "ASCII punctuation left between Han: {}{}{}",
            w[0],
            w[1],
            w[2]
        );
    }
}

#[test]
fn seed_article() {
    let a = read("000_bcaf30ff217f506c.txt");
    let m = &a.meta;
    assert_eq!(m.headline.as_deref(), Some("重大项目领跑 绿色崛起成势"));
    assert_eq!(
        m.kicker.as_deref(),
        Some("我市全力攻坚项目建设，推动工业“向绿”转型升级")
    );
    assert_eq!(m.subtitle, None);
    assert_eq!(
        credits(&a),
        vec![c("本报记者", "胥爱珍"), c("本报通讯员", "苏安矗")]
    );
    assert_eq!(
        (m.page.as_deref(), m.page_name.as_deref()),
        (Some("A1"), Some("要闻"))
    );
    assert_eq!(m.publication.as_deref(), Some("乐陵市报"));
    assert_eq!(m.site.as_deref(), Some("德州新闻网"));
    assert_eq!(m.publisher.as_deref(), Some("德州日报社"));
    assert_eq!(m.lang.as_deref(), Some("zh-CN"));
    assert_eq!(m.date, None, "nothing in the seed gives its date");
    assert_eq!(
        a.headings(),
        vec![
            (2, "项目攻坚构建现代产业体系"),
            (2, "强力招商注入发展新动能"),
            (2, "全链保障厚植产业沃土")
        ]
    );
    assert_eq!(a.paragraph_count(), 22);
    let body = body_text(&a);
    for chrome in [
        "用户名",
        "首页",
        "免责声明",
        "版面导航",
        "更多>>",
        "Document",
        "近期报纸",
        "注册",
    ] {
        assert!(!body.contains(chrome), "chrome '{chrome}' left in the body");
    }
    assert_no_ascii_punct_between_han(&a);
    assert!(body.contains("一一询问"));
    assert!(!body.contains('\u{a0}') && !body.contains('\u{fe51}'));
    assert!(body.contains("功能糖（醇）"));
    assert!(body.contains("20GWh") && body.contains("7%") && body.contains("24.01亿元"));
    // The first paragraph starts with the text, not with its indentation.
    assert!(body.starts_with("山东金启航20GWh"));
}

#[test]
fn subtitle_and_dated_chrome() {
    let a = read("101_subtitle.txt");
    let m = &a.meta;
    assert_eq!(m.kicker, None);
    assert_eq!(m.headline.as_deref(), Some("春耕备耕正当时"));
    assert_eq!(
        m.subtitle.as_deref(),
        Some("——我市多措并举保障农资供应纪实")
    );
    assert_eq!(
        credits(&a),
        vec![c("本报记者", "王海燕"), c("通讯员", "刘建国")]
    );
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-03-05"));
    assert_eq!(
        (m.page.as_deref(), m.page_name.as_deref()),
        (Some("02"), Some("经济"))
    );
    assert_eq!(m.publisher.as_deref(), Some("德州日报社"));
    assert_eq!(a.headings(), vec![(2, "农资储备充足"), (2, "技术服务到田")]);
    assert_eq!(a.paragraph_count(), 6);
    let body = body_text(&a);
    for chrome in ["上一篇", "下一篇", "版权所有", "ICP", "放大", "首页"] {
        assert!(!body.contains(chrome), "{chrome}");
    }
    assert!(
        body.contains("“一部手机就能控制灌溉和施肥，每亩能节水30%以上。”"),
        "straight quotes paired"
    );
    assert_no_ascii_punct_between_han(&a);
}

#[test]
fn no_kicker_and_credits_at_the_end() {
    let a = read("102_end_credits.txt");
    let m = &a.meta;
    assert_eq!((m.kicker.as_deref(), m.subtitle.as_deref()), (None, None));
    assert_eq!(m.headline.as_deref(), Some("城区新增3处口袋公园"));
    assert_eq!(
        credits(&a),
        vec![
            c("记者", "李明"),
            c("实习生", "张悦"),
            c("责任编辑", "赵丽")
        ]
    );
    assert_eq!(m.page.as_deref(), Some("A03"));
    assert_eq!(m.publication.as_deref(), Some("德州晚报"));
    assert_eq!(a.paragraph_count(), 4);
    let body = body_text(&a);
    assert!(
        body.starts_with("本报讯（记者 李明 实习生 张悦）近日"),
        "dateline kept as text"
    );
    assert!(!body.contains("责任编辑"));
    assert!(a.headings().is_empty());
}

#[test]
fn photo_captions() {
    let a = read("103_photo_captions.txt");
    let m = &a.meta;
    assert_eq!(m.kicker.as_deref(), Some("春风送岗 就业暖心"));
    assert_eq!(
        m.headline.as_deref(),
        Some("我市2024年春季招聘会吸引万余人次求职")
    );
    assert_eq!(
        (m.page.as_deref(), m.page_name.as_deref()),
        (Some("A4"), Some("社会"))
    );
    assert!(credits(&a).contains(&c("本报记者", "孙强")));
    assert!(credits(&a).contains(&c("摄影", "周涛")));
    let images: Vec<(&str, Option<&str>)> = a
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Image { src, caption, .. } => Some((src.as_str(), caption.as_deref())),
            _ => None,
        })
        .collect();
    assert_eq!(
        images,
        vec![
            (
                "images/job-fair.png",
                Some("图为求职者在招聘会现场咨询岗位信息。本报记者 孙强 摄")
            ),
            ("", Some("▲ 工作人员为求职者提供政策咨询。通讯员 周涛 摄")),
        ]
    );
    assert_eq!(a.paragraph_count(), 4);
}

#[test]
fn page_label_01ban_kicker_subtitle_and_hard_wraps() {
    let a = read("104_01ban.txt");
    let m = &a.meta;
    assert_eq!(m.kicker.as_deref(), Some("聚焦高质量发展"));
    assert_eq!(m.headline.as_deref(), Some("全市重点项目集中开工"));
    assert_eq!(
        m.subtitle.as_deref(),
        Some("——总投资286亿元的58个项目同日动工")
    );
    assert_eq!(
        credits(&a),
        vec![c("本报记者", "刘洋"), c("本报通讯员", "赵雪")]
    );
    assert_eq!(
        (m.page.as_deref(), m.page_name.as_deref()),
        (Some("01"), Some("要闻"))
    );
    assert_eq!(
        a.headings(),
        vec![(2, "一、产业项目唱主角"), (2, "二、民生项目暖人心")]
    );
    assert_eq!(a.paragraph_count(), 5);
    let body = body_text(&a);
    assert!(
        body.contains("此次集中开工项目58个"),
        "hard wrap joined without a space"
    );
    assert!(!body.contains("本版其他文章") && !body.contains("营商环境大会"));
}

#[test]
fn big5_traditional() {
    let report = read_file(
        Path::new("samples/105_big5_traditional.txt"),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(report.encoding.name, "Big5");
    let a = report.article().clone();
    let m = &a.meta;
    assert_eq!(m.headline.as_deref(), Some("颱風過境 全台停班停課"));
    assert_eq!(credits(&a), vec![c("記者", "陳志明")]);
    assert_eq!(
        (m.page.as_deref(), m.page_name.as_deref()),
        (Some("A01"), Some("要聞"))
    );
    assert_eq!(m.lang.as_deref(), Some("zh-TW"));
    assert_eq!(a.headings(), vec![(2, "災情陸續傳出")]);
    assert_eq!(a.paragraph_count(), 4);
    assert!(body_text(&a).contains("強烈颱風「海葵」今天清晨從花蓮登陸，中央氣象署"));
    assert!(!body_text(&a).contains("列印"));
}

#[test]
fn markdown_input() {
    let a = read("106_markdown.md");
    let m = &a.meta;
    assert_eq!(m.kicker.as_deref(), Some("城市更新进行时"));
    assert_eq!(m.headline.as_deref(), Some("老街巷里的新生活"));
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-04-12"));
    assert_eq!(credits(&a), vec![c("记者", "高远"), c("摄影", "陈默")]);
    assert_eq!(
        a.headings(),
        vec![(2, "改造先问需于民"), (2, "留住城市的记忆")]
    );
    assert_eq!(a.paragraph_count(), 4);
    assert!(a.body.iter().any(|b| matches!(b, Block::Quote { .. })));
    assert!(a.body.iter().any(
        |b| matches!(b, Block::Image { src, alt, caption: Some(cap) } if src == "images/job-fair.png" && alt == "老街巷" && cap == "改造后的老街巷焕然一新")
    ));
}

#[test]
fn sidecar_metadata_and_dateline_credits() {
    let report = read_file(
        Path::new("samples/107_sidecar.txt"),
        &ReadOptions::default(),
    )
    .unwrap();
    let a = report.article();
    assert_eq!(a.meta.publication.as_deref(), Some("人民日报"));
    assert_eq!(
        a.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-11")
    );
    assert_eq!(
        report.origins.get("date").map(String::as_str),
        Some("sidecar")
    );
    assert_eq!(
        report.origins.get("headline").map(String::as_str),
        Some("text")
    );
    assert_eq!(credits(a), vec![c("记者", "王小明"), c("记者", "张华")]);
    assert_eq!(a.paragraph_count(), 3);
}

/// The golden runner: every input that `broadsheet convert samples` finds (any name, any
/// format), article by article (`<stem>-N` when a file holds several), against
/// `tests/golden/`: its Markdown (`.md`) and JSON (`.json`) byte for byte, the XHTML pages
/// of its EPUB (`.epub.xhtml`) and the text of its PDF, a line per printed line and a
/// form feed per page (`.pdf.txt`, read by tests/tools/pdf.py). Then every file of the
/// real-page corpus (`tests/corpus/{txt,html}/files`) at the extraction stage: its
/// Markdown and JSON under `tests/golden/corpus/<corpus>/` (of an export holding many
/// articles, the first ten and the last), or, for a file that is no article, its error
/// text (`<stem>.err`). A new input has no goldens and fails until
/// `BLESS=1 cargo test --release --test samples golden` writes them (review them); a
/// corpus golden no input makes any more fails too.
#[test]
fn golden_outputs() {
    let scratch = common::Scratch::new("golden");
    let mut golden = common::Golden::new();
    let samples = golden_jobs("samples");
    assert!(
        samples.len() >= 17,
        "samples missing: {} found",
        samples.len()
    );
    for job in &samples {
        let report = broadsheet::convert::read_job(job, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", job.input.display()));
        assert!(!report.articles.is_empty(), "{}", job.input.display());
        for (stem, a) in article_stems(job, &report.articles) {
            golden.check_article(&stem, a);
            let epub = golden.render(OutputFormat::Epub, a);
            golden.check(&format!("{stem}.epub.xhtml"), epub_pages(&epub).as_bytes());
            let pdf = scratch.write(&format!("{stem}.pdf"), golden.render(OutputFormat::Pdf, a));
            if let Some(text) = common::pdf_tool(&["text", pdf.to_str().unwrap()]) {
                golden.check(&format!("{stem}.pdf.txt"), text.as_bytes());
            }
        }
    }
    let mut made = std::collections::BTreeSet::new();
    for corpus in ["txt", "html"] {
        let jobs = golden_jobs(&format!("tests/corpus/{corpus}/files"));
        assert!(jobs.len() >= 30, "corpus {corpus}: {} files", jobs.len());
        for job in &jobs {
            let prefix = format!("corpus/{corpus}/");
            match broadsheet::convert::read_job(job, &ReadOptions::default()) {
                Ok(report) if !report.articles.is_empty() => {
                    let stems = article_stems(job, &report.articles);
                    let last = stems.len() - 1;
                    // A day's export holds hundreds of records: its first ones and its
                    // last keep the goldens small (the numbering shows what is left out).
                    let kept = stems
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| *i < CORPUS_ARTICLES_PER_FILE || *i == last);
                    for (_, (stem, a)) in kept {
                        golden.check_article(&format!("{prefix}{stem}"), a);
                        made.extend(["md", "json"].map(|x| format!("{prefix}{stem}.{x}")));
                    }
                }
                Ok(_) => panic!("{}: read, but no article", job.input.display()),
                Err(e) => {
                    let name = format!("{prefix}{}.err", job.output_stem.display());
                    golden.check(&name, format!("{e}\n").as_bytes());
                    made.insert(name);
                }
            }
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let stale: Vec<String> = common::files_under(&dir.join("corpus"))
        .into_iter()
        .map(|f| format!("corpus/{f}"))
        .filter(|f| !made.contains(f))
        .collect();
    golden.finish();
    assert!(stale.is_empty(), "golden files no input makes: {stale:?}");
}

/// Of a corpus file holding many articles, the first this many (and the last) have goldens.
const CORPUS_ARTICLES_PER_FILE: usize = 10;

/// Every input `broadsheet convert DIR` would convert (paths relative to the package
/// root, so the `source` in the goldens is the same on every machine).
fn golden_jobs(dir: &str) -> Vec<broadsheet::convert::Job> {
    let (jobs, failed) = broadsheet::convert::collect_jobs(&[PathBuf::from(dir)]);
    assert!(failed.is_empty(), "unreadable inputs in {dir}: {failed:?}");
    jobs
}

/// Each article with the stem of its outputs, as `convert` names them: the input's,
/// `-N` when it holds several (zero-padded to the width of their count).
fn article_stems<'a>(
    job: &broadsheet::convert::Job,
    articles: &'a [Article],
) -> Vec<(String, &'a Article)> {
    let stem = job.output_stem.to_string_lossy().into_owned();
    let many = articles.len() > 1;
    let width = articles.len().to_string().len();
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let name = if many {
                format!("{stem}-{:0width$}", i + 1)
            } else {
                stem.clone()
            };
            (name, a)
        })
        .collect()
}

/// Every XHTML file of an EPUB in package order, each under a `==> name <==` line.
fn epub_pages(epub: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("EPUB is a zip");
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("zip entry");
        let name = file.name().expect("entry name").to_string();
        if name.ends_with(".xhtml") {
            out.push_str(&format!("==> {name} <==\n"));
            file.read_to_string(&mut out).expect("UTF-8 page");
            out.push('\n');
        }
    }
    out
}
