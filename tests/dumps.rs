//! Dumps in the shapes of crawlers and sites the corpus has no file from (newspaper3k and
//! trafilatura JSON, scrapy JSONL with nested objects or content lists, CSV with Chinese,
//! reordered, semicolon or tab columns, 【标题】 and `Title:` labelled text, multi-article
//! files parted by ===== or 第N篇, an e-paper dump with 版次 lines, one-line bodies marked
//! with 　　, Big5-HKSCS, UTF-16 with CRLF, GB18030; 人民网, 新浪 reprint, 中央社 and 自由時報
//! shapes; a WeChat article crawl; epoch timestamps and HTML in JSON; an Excel CSV in GB18030), through the CLI: each gives the
//! headline, credits, date and body a reader sees, and no furniture in the body.

mod common;

use common::{Scratch, run};
use serde_json::Value;

/// What a reader expects of one output file.
struct Expect {
    out: &'static str,
    headline: &'static str,
    credits: &'static [(&'static str, &'static str)],
    date: Option<&'static str>,
    publication: Option<&'static str>,
    page: Option<&'static str>,
    first: &'static str,
    last: &'static str,
}

const fn e(
    out: &'static str,
    headline: &'static str,
    credits: &'static [(&'static str, &'static str)],
    date: Option<&'static str>,
    first: &'static str,
    last: &'static str,
) -> Expect {
    Expect {
        out,
        headline,
        credits,
        date,
        publication: None,
        page: None,
        first,
        last,
    }
}

#[rustfmt::skip]
const EXPECT: &[Expect] = &[
    e("newspaper3k.json", "长江流域今年首场秋汛平稳过境",
      &[("作者", "张晓东"), ("作者", "李明"), ("编辑", "王萌")], Some("2023-06-12"),
      "中新网北京6月12日电", "继续做好监测预报和巡查防守工作。"),
    e("trafilatura.json", "老旧小区加装电梯 “上下楼”不再难",
      &[("作者", "陈静"), ("作者", "王海涛"), ("编辑", "张三")], Some("2023-04-18"),
      "今年以来，我市持续推进", "力争年内再完成200部电梯加装任务。"),
    e("scrapy_nested-1.json", "上海今年将新增公共充电桩2万个",
      &[("澎湃新闻记者", "刘莉")], Some("2023-02-20"),
      "2月20日，记者从上海市", "与停车场、加油站融合发展。"),
    e("scrapy_nested-2.json", "杭州地铁三期规划获批",
      &[("澎湃新闻记者", "周琳"), ("澎湃新闻记者", "吴斌"), ("校对", "刘威"), ("责任编辑", "李跃群")],
      Some("2023-02-21"), "杭州地铁三期建设规划", "运营里程将超过650公里。"),
    e("scrapy_list.json", "我国首艘大型邮轮完成试航",
      &[("记者", "王丽"), ("记者", "陈刚"), ("编辑", "刘洋")], Some("2023-03-05"),
      "新华社上海3月5日电", "计划年内交付。"),
    Expect { publication: Some("人民日报"), page: Some("05"),
      ..e("zh_headers-1.json", "春耕时节农机忙", &[("本报记者", "朱磊"), ("通讯员", "胡志强")],
          Some("2023-03-15"), "眼下正是春耕备耕", "超过50万台套。") },
    Expect { publication: Some("人民日报"), page: Some("12"),
      ..e("zh_headers-2.json", "城市书房遍地开花", &[("本报记者", "孙亚慧"), ("责任编辑", "王萌")],
          Some("2023-03-15"), "走进位于鼓楼区", "超过300万人次。") },
    e("reordered.json", "南京将新建保障房3万套", &[("记者", "吴晓燕"), ("编辑", "张三")],
      Some("2023-05-09"), "南京今年计划新开工", "轨道交通站点周边布局。"),
    e("semicolon.json", "成都大运会志愿者招募启动", &[("记者", "何勇")], Some("2023-01-10"),
      "1月10日，成都大运会", "报名截止日期为2月28日。"),
    e("tabbed.json", "武汉樱花季迎客流高峰", &[("记者", "黄鹤")], Some("2023-03-20"),
      "3月以来，武汉大学", "景区提醒游客错峰出行，提前预约。"),
    Expect { publication: Some("人民日报"), page: Some("07"),
      ..e("bracket_labels.json", "黄河流域生态保护取得新进展",
          &[("本报记者", "马跃峰"), ("通讯员", "李亚楠"), ("责任编辑", "王萌")], Some("2023-07-01"),
          "记者从水利部黄河水利委员会获悉", "仍需久久为功。") },
    Expect { publication: Some("经济日报"),
      ..e("english_labels.json", "粤港澳大湾区跨境理财通试点扩容", &[("记者", "郭子源")],
          Some("2023-09-28"), "9月28日，中国人民银行", "金融市场互联互通。") },
    e("multi_equals-1.json", "长沙橘子洲焰火晚会恢复举办", &[("记者", "谭畅")], Some("2023-04-29"),
      "4月29日晚", "燃放焰火1.2万余发。"),
    e("multi_equals-2.json", "郑州开通首条夜间公交旅游专线", &[("记者", "薛世君")], Some("2023-04-30"),
      "4月30日起", "票价2元。"),
    e("multi_equals-3.json", "西安城墙景区推出数字导览服务", &[("记者", "姜峰")], Some("2023-05-01"),
      "五一假期", "四种语言。"),
    e("multi_pian-1.json", "绿色低碳引领产业转型", &[("本报记者", "刘温馨"), ("责任编辑", "张三")],
      Some("2023-06-05"), "在宁夏宁东能源化工基地", "突破500万千瓦。"),
    e("multi_pian-2.json", "数字乡村建设提速", &[("本报记者", "郁静娴")], Some("2023-06-05"),
      "农业农村部数据显示", "深刻改变农业生产方式。"),
    Expect { publication: Some("光明日报"), page: Some("03"),
      ..e("epaper_banci.json", "为“国之重器”注入创新动能", &[("本报记者", "齐芳"), ("通讯员", "王五")],
          Some("2023-08-16"), "走进实验室", "重要的创新力量。") },
    e("oneline.json", "昆明斗南花市迎来销售旺季", &[("记者", "叶传增")], None,
      "本报昆明2月12日电", "送达全国主要城市。"),
    e("hk_big5.json", "港鐵東鐵綫過海段通車一周年 日均乘客逾三十萬人次", &[("編輯", "陳大文")],
      Some("2023-05-15"), "【明報專訊】港鐵東鐵綫", "紓緩繁忙時間的擠迫情況。"),
    Expect { publication: Some("聯合報"),
      ..e("tw_utf8.json", "台積電高雄廠動土 預計2025年量產",
          &[("記者", "王小明"), ("記者", "林小華"), ("責任編輯", "陳怡君")], Some("2023-01-20"),
          "台積電高雄廠今天舉行動土典禮", "南部半導體產業聚落。") },
    e("utf16_crlf.json", "青海三江源国家公园藏羚羊种群恢复", &[("新华社记者", "李占轶")],
      Some("2023-10-08"), "记者从三江源国家公园管理局获悉", "公益岗位1.7万余个。"),
    Expect { publication: Some("福建日报"),
      ..e("gb18030.json", "福建土楼申遗成功十五周年",
          &[("本报记者", "林昕"), ("本报记者", "陈梅"), ("编辑", "张三")], Some("2023-07-07"),
          "7月7日，是福建土楼", "一张亮丽名片。") },
    Expect { publication: Some("人民网－人民日报"),
      ..e("renminwang.json", "北京冬奥会场馆赛后利用方案公布",
          &[("记者", "王云娜"), ("责编", "王震"), ("责编", "刘军涛")], Some("2022-03-01"),
          "人民网北京3月1日电", "四季运营的冰雪旅游度假区。") },
    Expect { publication: Some("中国新闻网"),
      ..e("sina_reprint.json", "长沙夜经济“火”出圈", &[("记者", "付敬懿"), ("责任编辑", "张迪")],
          Some("2023-05-20"), "中新网长沙5月20日电", "继续优化夜间消费环境。") },
    e("epoch_html.json", "黑龙江首批冰雪旅游专列发车",
      &[("记者", "刘梦丹"), ("通讯员", "李天池"), ("编辑", "赵琳")], Some("2023-12-17"),
      "12月17日，黑龙江首批", "冬捕等活动。"),
    Expect { publication: Some("新华网"),
      ..e("cn_columns2.json", "全国秋粮收获进度过九成", &[("编辑", "马晓燕")], Some("2023-11-02"),
          "农业农村部最新农情调度显示", "中稻收获接近尾声。") },
    e("ltn_style.json", "北市公車將全面電動化 2030年達標", &[("記者", "王小明")], Some("2023-08-12"),
      "〔記者王小明／台北報導〕台北市政府昨天宣布", "並增設充電站。"),
    e("cna_style.json", "立法院三讀通過電業法修正案", &[("中央社記者", "王小明"), ("編輯", "陳大文")],
      None, "（中央社記者王小明台北20日電）立法院會", "擴大綠電市場規模。"),
    Expect { publication: Some("人民日报"),
      ..e("wechat.json", "这些新规3月起施行", &[("编辑", "张三"), ("校对", "李四")], Some("2023-02-28"),
          "3月1日起，一批新规", "多地调整机动车驾驶证申领规定。") },
    Expect { publication: Some("光明网"),
      ..e("label_row.json", "数字人民币试点再扩围", &[("作者", "李丽辉")], Some("2023-03-01"),
          "中国人民银行近日发布消息", "超过1000亿元。") },
    e("excel_gb.json", "广州南沙新区建设提速", &[("本报记者", "罗艾桦"), ("责编", "李楠")],
      Some("2023-06-08"), "今年以来，南沙新区", "与港澳规则衔接。"),
    e("wen_tu.json", "冬日喀纳斯 雪韵如画", &[("文/图", "李亚楠")], None,
      "入冬以来，新疆喀纳斯", "增长三成。"),
    Expect { publication: Some("中国新闻网"),
      ..e("netease.json", "广东台风“海葵”登陆", &[("作者", "蔡敏婕"), ("责任编辑", "王晓易")],
          Some("2023-09-05"), "中新网广州9月5日电", "暴雨到大暴雨。") },
];

/// Furniture no body paragraph may hold: labels, separators, end marks, editor lines.
const FURNITURE: &[&str] = &[
    "标题",
    "Title",
    "Author",
    "【正文】",
    "【作者】",
    "=====",
    "-----",
    "第1篇",
    "第2篇",
    "（完）",
    "(完)",
    "编辑",
    "編輯",
    "来源：",
    "版：",
    "光明日报",
    "聯合報",
];

fn paragraphs(doc: &Value) -> Vec<String> {
    doc["body"]
        .as_array()
        .expect("a body")
        .iter()
        .filter(|b| b["type"] == "paragraph")
        .map(|b| {
            b["content"]
                .as_array()
                .expect("inline content")
                .iter()
                .filter_map(|i| i["text"].as_str())
                .collect()
        })
        .collect()
}

#[test]
fn dumps_of_unknown_tools_read_as_a_reader_sees_them() {
    let out = Scratch::new("dumps");
    let r = run(&[
        "convert",
        "tests/fixtures/dumps",
        "-o",
        out.path.to_str().unwrap(),
        "-t",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written: Vec<String> = out
        .files()
        .into_iter()
        .filter(|f| f.ends_with(".json"))
        .collect();
    let expected: Vec<&str> = EXPECT.iter().map(|x| x.out).collect();
    let mut sorted = expected.clone();
    sorted.sort_unstable();
    assert_eq!(written, sorted, "one output per article of every dump");
    let mut wrong = Vec::new();
    for x in EXPECT {
        let doc: Value = serde_json::from_slice(&std::fs::read(out.join(x.out)).unwrap()).unwrap();
        let got = |k: &str| doc[k].as_str().map(str::to_string);
        let credits: Vec<(String, String)> = doc["credits"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| {
                        (
                            c["role"].as_str().unwrap_or("").into(),
                            c["name"].as_str().unwrap_or("").into(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let want_credits: Vec<(String, String)> = x
            .credits
            .iter()
            .map(|(r, n)| ((*r).into(), (*n).into()))
            .collect();
        let paras = paragraphs(&doc);
        let mut check = |what: &str, ok: bool, detail: String| {
            if !ok {
                wrong.push(format!("{}: {what}: {detail}", x.out));
            }
        };
        check(
            "headline",
            got("headline").as_deref() == Some(x.headline),
            format!("{:?}", got("headline")),
        );
        check(
            "kicker",
            got("kicker").is_none(),
            format!("{:?}", got("kicker")),
        );
        check(
            "subtitle",
            x.out.starts_with("epaper") || got("subtitle").is_none(),
            format!("{:?}", got("subtitle")),
        );
        check("credits", credits == want_credits, format!("{credits:?}"));
        check(
            "date",
            got("date").as_deref() == x.date,
            format!("{:?}", got("date")),
        );
        if x.publication.is_some() {
            check(
                "publication",
                got("publication").as_deref() == x.publication,
                format!("{:?}", got("publication")),
            );
        }
        if x.page.is_some() {
            check(
                "page",
                got("page").as_deref() == x.page,
                format!("{:?}", got("page")),
            );
        }
        check(
            "first paragraph",
            paras.first().is_some_and(|p| p.starts_with(x.first)),
            format!("{:?}", paras.first()),
        );
        check(
            "last paragraph",
            paras.last().is_some_and(|p| p.ends_with(x.last)),
            format!("{:?}", paras.last()),
        );
        for p in &paras {
            if let Some(f) = FURNITURE.iter().find(|f| p.contains(**f)) {
                check("furniture in the body", false, format!("{f} in {p}"));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// A bad dump fails alone, with the file's name and the reason, and never a panic.
#[test]
fn bad_dumps_fail_clearly() {
    let dir = Scratch::new("bad-dumps");
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "cut.json",
            "{\"title\": \"标题\", \"content\": \"正文".as_bytes(),
            "not valid JSON",
        ),
        (
            "noise.txt",
            &[0u8, 159, 146, 150, 0, 255, 1, 2, 3, 0],
            "not text",
        ),
        (
            "date.csv",
            "title;date;text\n一号;2023-02-30;正文。\n".as_bytes(),
            "invalid date",
        ),
        ("none.txt", b"", "empty"),
        (
            "quote.csv",
            "标题\t正文\n一号\t\"第一段。\n第二段。\n".as_bytes(),
            "never closes",
        ),
    ];
    for (name, bytes, reason) in cases {
        let path = dir.write(name, bytes);
        let out = Scratch::new("bad-out");
        let r = run(&[
            "convert",
            path.to_str().unwrap(),
            "-o",
            out.path.to_str().unwrap(),
            "-t",
            "json",
        ]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(name) && r.stderr.contains(reason),
            "{name}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{name}: {}", r.stderr);
    }
}
