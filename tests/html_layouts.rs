//! Page layouts seen on real news sites, as small pages written here
//! (`tests/fixtures/html/`): each checks one class of extraction rule beyond the
//! corpus — reprints with print footers and breadcrumbs, <br>-set paragraphs inside a
//! frame whose class names furniture, a wire story's print head set as body lines, an
//! e-paper layout page with no article, and an article split over a lead box and the rest.
//!
//! `tests/fixtures/html2/` holds pages in the shapes of sites the corpus has no file from
//! (mainland e-paper systems, news portals, Hong Kong, Taiwan and Macau sites; UTF-8, GBK
//! and Big5), each with its furniture: share bars, related lists inside the text, editor
//! lines, captions, pagers, comment counts, copyright footers, ads splitting the text.
//!
//! `tests/fixtures/html3/` holds self-media pages (WeChat official accounts, 今日头条,
//! 百家号, 网易号, 搜狐号) and mobile / AMP pages of news sites.

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

/// What a reader sees on a page of `tests/fixtures/html2/`.
struct Page {
    file: &'static str,
    kicker: Option<&'static str>,
    headline: &'static str,
    subtitle: Option<&'static str>,
    /// (role, name): each must be among the credits, and no other name may be.
    credits: &'static [(&'static str, &'static str)],
    date: &'static str,
    page: Option<&'static str>,
    publication: Option<&'static str>,
    paragraphs: usize,
    first: &'static str,
    last: &'static str,
    /// Furniture on the page that must not reach the body.
    chrome: &'static [&'static str],
}

const PAGES: &[Page] = &[
    Page {
        file: "dahe_split.html",
        kicker: None,
        headline: "黄河滩区迁建群众喜迁新居",
        subtitle: None,
        credits: &[("责任编辑", "张三")],
        date: "2023-05-12",
        page: None,
        publication: Some("河南日报"),
        paragraphs: 4,
        first: "5月11日，在濮阳市范县",
        last: "实现“搬得出、稳得住、能致富”。",
        chrome: &["共2页", "下一页", "评论", "来源", "版权所有"],
    },
    Page {
        file: "gmw_epaper.html",
        kicker: Some("加快建设科技强国"),
        headline: "让科技创新成果更好惠及百姓",
        subtitle: Some("——各地推动科技成果转化见闻"),
        credits: &[
            ("本报记者", "陈海波"),
            ("本报记者", "张蕾"),
            ("摄影", "陈海波"),
        ],
        date: "2023-05-12",
        page: Some("01"),
        publication: Some("光明日报"),
        paragraphs: 4,
        first: "本报北京5月11日电\u{3000}走进",
        last: "科技部有关负责人说。",
        chrome: &["上一篇", "下一篇", "本版新闻", "版权所有", "PDF"],
    },
    Page {
        file: "jjrb_epaper.html",
        kicker: Some("多地出台政策促消费"),
        headline: "家电消费回暖态势明显",
        subtitle: None,
        credits: &[("本报记者", "王轶辰")],
        date: "2023-05-12",
        page: Some("05"),
        publication: Some("经济日报"),
        paragraphs: 3,
        first: "今年以来",
        last: "满足消费者多样化需求。",
        chrome: &["上一篇", "下一版", "版权所有"],
    },
    Page {
        file: "whb_epaper.html",
        kicker: Some("已累计完成超3000台"),
        headline: "上海：老旧小区加装电梯按下“快进键”",
        subtitle: None,
        credits: &[("本报记者", "李晨琰")],
        date: "2023-05-12",
        page: Some("A3"),
        publication: Some("文汇报"),
        paragraphs: 4,
        first: "本报讯（记者李晨琰）",
        last: "力争年内再完成1000台以上。",
        chrome: &["分享到", "上一篇", "下一篇", "版权所有", "作者："],
    },
    Page {
        file: "dzrb_epaper.html",
        kicker: Some("山东沿黄9市协同发力"),
        headline: "黄河流域生态保护取得新进展",
        subtitle: Some("（附图）"),
        credits: &[("本报记者", "孙强"), ("本报记者", "李子路")],
        date: "2023-05-12",
        page: Some("03"),
        publication: Some("大众日报"),
        paragraphs: 3,
        first: "本报济南5月11日讯\u{3000}今年以来",
        last: "持续改善沿黄地区生态环境质量。",
        chrome: &["□", "上一篇", "下一篇", "本版PDF", "版权所有"],
    },
    Page {
        file: "macaodaily.html",
        kicker: Some("五一黃金周旅客量創新高"),
        headline: "旅遊局推新措施吸引客源",
        subtitle: None,
        credits: &[],
        date: "2023-05-12",
        page: None,
        publication: Some("澳門日報"),
        paragraphs: 3,
        first: "【本報消息】旅遊局表示",
        last: "並加強在海外市場的宣傳推廣。",
        chrome: &["上一篇", "下一篇", "版權所有", "版面導航"],
    },
    Page {
        file: "ycwb_news.html",
        kicker: None,
        headline: "广州地铁新线路今日开通",
        subtitle: None,
        credits: &[
            ("记者", "何伟杰"),
            ("通讯员", "穗铁宣"),
            ("责任编辑", "王萌"),
        ],
        date: "2023-05-12",
        page: None,
        publication: Some("羊城晚报"),
        paragraphs: 4,
        first: "羊城晚报讯\u{3000}5月12日上午",
        last: "为市民提供更加便捷的出行服务。",
        chrome: &["责任编辑", "王萌", "分享到", "相关新闻", "字号", "版权所有"],
    },
    Page {
        file: "bjnews_web.html",
        kicker: None,
        headline: "北京今年将新增3000个充电桩",
        subtitle: None,
        credits: &[("记者", "张静姝"), ("编辑", "刘梦婕"), ("校对", "刘军")],
        date: "2023-05-12",
        page: None,
        publication: Some("新京报"),
        paragraphs: 4,
        first: "新京报讯（记者 张静姝）",
        last: "充电10分钟可续航200公里以上。",
        chrome: &[
            "相关阅读",
            "充电桩“进小区”难在哪",
            "校对",
            "评论",
            "分享至",
            "举报",
        ],
    },
    Page {
        file: "cctv_news.html",
        kicker: None,
        headline: "全国铁路五一假期发送旅客突破1亿人次",
        subtitle: None,
        credits: &[("编辑", "陈洁"), ("责任编辑", "刘亮")],
        date: "2023-05-04",
        page: None,
        publication: None,
        paragraphs: 3,
        first: "央视网消息：",
        last: "确保旅客安全有序出行。",
        chrome: &[
            "旅客在车站候车",
            "相关推荐",
            "五一假期国内旅游",
            "分享到",
            "字号",
            "版权所有",
        ],
    },
    Page {
        file: "huanqiu.html",
        kicker: None,
        headline: "外交部：中方愿同各方加强沟通协调",
        subtitle: None,
        credits: &[("记者", "赵建东"), ("责编", "邢晓婧")],
        date: "2023-05-12",
        page: None,
        publication: None,
        paragraphs: 3,
        first: "【环球网报道 记者 赵建东】在5月12日",
        last: "为缓和局势发挥建设性作用。",
        chrome: &["热点推荐", "美媒", "点赞", "责编", "版权所有"],
    },
    Page {
        file: "guancha.html",
        kicker: None,
        headline: "中国造大飞机迎来新订单",
        subtitle: None,
        credits: &[("文", "王恺雯"), ("责任编辑", "陈思佳")],
        date: "2023-05-12",
        page: None,
        publication: None,
        paragraphs: 3,
        first: "5月12日，国产大型客机",
        last: "运送旅客数十万人次。",
        chrome: &[
            "【文/",
            "下一页",
            "不得转载",
            "评论",
            "24小时排行",
            "分享到",
        ],
    },
    Page {
        file: "scol_portal.html",
        kicker: None,
        headline: "成都大运会场馆全面开放 市民可免费预约参观",
        subtitle: None,
        credits: &[
            ("四川日报全媒体记者", "史晓露"),
            ("四川日报全媒体记者", "刘佳"),
            ("责任编辑", "李娜"),
        ],
        date: "2023-05-12",
        page: None,
        publication: Some("四川日报"),
        paragraphs: 4,
        first: "5月11日，记者从成都大运会执委会获悉",
        last: "推动场馆赛后持续利用。",
        chrome: &[
            "广告",
            "下一页",
            "稿件来源",
            "分享到",
            "版权",
            "热门排行",
            "评论",
        ],
    },
    Page {
        file: "oncc.html",
        kicker: None,
        headline: "港鐵東涌綫延線工程展開 料2029年通車",
        subtitle: None,
        credits: &[],
        date: "2023-05-12",
        page: None,
        publication: None,
        paragraphs: 3,
        first: "港鐵東涌綫延線工程今日（12日）",
        last: "並會與區議會保持溝通。",
        chrome: &["分享", "WhatsApp", "相關新聞", "北環綫", "Copyright"],
    },
    Page {
        file: "hk01.html",
        kicker: None,
        headline: "天文台：周末有驟雨及狂風雷暴 下周初天氣稍為好轉",
        subtitle: None,
        credits: &[("撰文", "陳嘉欣")],
        date: "2023-05-12",
        page: None,
        publication: None,
        paragraphs: 4,
        first: "天文台預測，一道低壓槽",
        last: "避免進行戶外活動。",
        chrome: &[
            "發佈日期",
            "最後更新",
            "相關文章",
            "黃雨警告",
            "廣告",
            "#天文台",
            "WhatsApp頻道",
            "社會新聞",
        ],
    },
    Page {
        file: "ltn.html",
        kicker: None,
        headline: "高鐵南延屏東 環評初審通過",
        subtitle: None,
        credits: &[("記者", "李惠洲")],
        date: "2023-05-12",
        page: None,
        publication: None,
        paragraphs: 4,
        first: "〔記者李惠洲／屏東報導〕",
        last: "對周邊水文與生態影響的評估。",
        chrome: &["APP", "提醒您", "相關新聞", "列印", "版權所有"],
    },
    Page {
        file: "udn.html",
        kicker: None,
        headline: "北市推青年社宅 首批500戶月底抽籤",
        subtitle: None,
        credits: &[("記者", "林佳彥")],
        date: "2023-05-12",
        page: None,
        publication: Some("聯合報"),
        paragraphs: 4,
        first: "台北市政府今天宣布",
        last: "民眾可上網或臨櫃申請。",
        chrome: &[
            "延伸閱讀",
            "新北社宅",
            "udn討論區",
            "留言",
            "分享",
            "社宅青年",
        ],
    },
];

/// The article of `tests/fixtures/DIR/FILE`; a read error goes into `wrong`.
fn read_fixture(dir: &str, file: &str, wrong: &mut Vec<String>) -> Option<broadsheet::Article> {
    let path = format!("tests/fixtures/{dir}/{file}");
    match read_file(Path::new(&path), &ReadOptions::default()) {
        Ok(mut r) if !r.articles.is_empty() => Some(r.articles.remove(0)),
        Ok(_) => {
            wrong.push(format!("{file}: no article"));
            None
        }
        Err(e) => {
            wrong.push(format!("{file}: {e}"));
            None
        }
    }
}

/// Every page of `tests/fixtures/html2/` read as a reader sees it: head, credits, date,
/// page, paper, the body's first and last paragraph, and no furniture in the body.
#[test]
fn pages_of_sites_the_corpus_has_no_file_from() {
    let mut wrong = Vec::new();
    for p in PAGES {
        let Some(a) = read_fixture("html2", p.file, &mut wrong) else {
            continue;
        };
        let m = &a.meta;
        let mut check = |what: &str, ok: bool, got: String| {
            if !ok {
                wrong.push(format!("{}: {what}: got {got}", p.file));
            }
        };
        check(
            "kicker",
            m.kicker.as_deref() == p.kicker,
            format!("{:?}", m.kicker),
        );
        check(
            "headline",
            m.headline.as_deref() == Some(p.headline),
            format!("{:?}", m.headline),
        );
        check(
            "subtitle",
            m.subtitle.as_deref() == p.subtitle,
            format!("{:?}", m.subtitle),
        );
        let date = m.date.map(|d| d.to_string());
        check("date", date.as_deref() == Some(p.date), format!("{date:?}"));
        if p.page.is_some() {
            check("page", m.page.as_deref() == p.page, format!("{:?}", m.page));
        }
        if p.publication.is_some() {
            check(
                "publication",
                m.publication.as_deref() == p.publication,
                format!("{:?}", m.publication),
            );
        }
        let got: Vec<(&str, &str)> = m
            .credits
            .iter()
            .map(|c| (c.role.as_str(), c.name.as_str()))
            .collect();
        let credits_ok = p.credits.iter().all(|c| got.contains(c))
            && got
                .iter()
                .all(|(_, n)| p.credits.iter().any(|(_, w)| w == n));
        check("credits", credits_ok, format!("{got:?}"));
        let paras = paragraphs(&a);
        check(
            "paragraphs",
            paras.len() == p.paragraphs,
            format!("{} {paras:?}", paras.len()),
        );
        let first = paras.first().cloned().unwrap_or_default();
        let last = paras.last().cloned().unwrap_or_default();
        check("first paragraph", first.starts_with(p.first), first.clone());
        check("last paragraph", last.ends_with(p.last), last.clone());
        let body = paras.join("\n") + &headings(&a).join("\n");
        for c in p.chrome {
            check("furniture in the body", !body.contains(c), (*c).to_string());
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// What a reader sees on a page of `tests/fixtures/html3/`: self-media pages (WeChat
/// official accounts, 今日头条, 百家号, 网易号, 搜狐号) and mobile / AMP pages of news
/// sites, each with its furniture: interaction bars, 阅读原文 prompts, QR prompts, app
/// banners, the fold, platform disclaimers, account boxes.
struct SelfMedia {
    file: &'static str,
    headline: &'static str,
    /// (role, name): each must be among the credits, and no other name may be.
    credits: &'static [(&'static str, &'static str)],
    date: &'static str,
    site: Option<&'static str>,
    publication: Option<&'static str>,
    first: &'static str,
    last: &'static str,
    /// Pictures the body must keep (`data-src`, `<amp-img>`).
    images: usize,
    chrome: &'static [&'static str],
}

const SELF_MEDIA: &[SelfMedia] = &[
    SelfMedia {
        file: "wechat_ct.html",
        headline: "我市出台新政支持高校毕业生就业创业",
        credits: &[("作者", "张晓燕"), ("编辑", "王晓"), ("审核", "李强")],
        date: "2024-06-12",
        site: Some("德州发布"),
        publication: Some("德州日报"),
        first: "为进一步做好高校毕业生就业创业工作",
        last: "并提供最高30万元的创业担保贷款。",
        images: 3,
        chrome: &[
            "阅读原文",
            "分享",
            "在看",
            "预览时",
            "扫一扫",
            "来源",
            "原创",
        ],
    },
    SelfMedia {
        file: "wechat_reprint.html",
        headline: "这个夏天，去黄河边看日落",
        credits: &[
            ("记者", "赵一鸣"),
            ("摄影", "孙浩"),
            ("编辑", "陈晨"),
            ("校对", "周敏"),
            ("审核", "黄涛"),
        ],
        date: "2024-07-05",
        site: Some("文旅济南"),
        publication: Some("济南日报"),
        first: "傍晚七点",
        last: "成了市民夏夜休闲的好去处。",
        images: 1,
        chrome: &["转载", "分享", "点赞", "在看", "阅读", "来源", "山东"],
    },
    SelfMedia {
        file: "toutiao.html",
        headline: "夏粮收购进度过半 农民卖粮更便捷",
        credits: &[("农民日报·中国农网记者", "李丽颖")],
        date: "2024-06-12",
        site: Some("农民日报"),
        publication: None,
        first: "截至6月10日",
        last: "守住农民“种粮卖得出”的底线。",
        images: 1,
        chrome: &["举报", "关注", "相关推荐", "原创", "下载头条"],
    },
    SelfMedia {
        file: "baijiahao.html",
        headline: "老旧小区改造：一场关于“家”的更新",
        credits: &[("潇湘晨报记者", "刘旭"), ("通讯员", "周婷")],
        date: "2024-06-12",
        site: Some("潇湘晨报"),
        publication: None,
        first: "今年全市计划改造老旧小区120个",
        last: "居民王阿姨说。",
        images: 1,
        chrome: &[
            "举报",
            "反馈",
            "本文来自",
            "特别声明",
            "官方账号",
            "关注",
            "相关推荐",
        ],
    },
    SelfMedia {
        file: "netease.html",
        headline: "暑期文旅消费持续升温",
        credits: &[("本报记者", "王洋")],
        date: "2024-07-18",
        site: Some("网易"),
        publication: Some("中国旅游报"),
        first: "暑期以来",
        last: "公共服务的不断完善。",
        images: 1,
        chrome: &[
            "跟贴",
            "特别声明",
            "举报",
            "相关推荐",
            "热点新闻",
            "版权所有",
        ],
    },
    SelfMedia {
        file: "sohu.html",
        headline: "全国首个低空经济产业园在深圳开园",
        credits: &[("南都记者", "陈洁"), ("通讯员", "宝宣")],
        date: "2024-06-18",
        site: Some("南方都市报"),
        publication: None,
        first: "6月18日，全国首个低空经济产业园",
        last: "规模突破500亿元。",
        images: 1,
        chrome: &[
            "返回搜狐",
            "责任编辑",
            "平台声明",
            "发布于",
            "阅读",
            "客户端",
            "版权所有",
        ],
    },
    SelfMedia {
        file: "mobile.html",
        headline: "城市副中心站综合交通枢纽主体结构完工",
        credits: &[("校对", "赵琳")],
        date: "2024-06-20",
        site: None,
        publication: Some("新京报"),
        first: "6月20日，记者从北京城市副中心站",
        last: "约需35分钟。",
        images: 1,
        chrome: &["展开全文", "打开APP", "分享到", "为你推荐", "下载新京报"],
    },
    SelfMedia {
        file: "amp.html",
        headline: "澳门今年上半年入境旅客超1600万人次",
        credits: &[("作者", "林嘉欣")],
        date: "2024-07-02",
        site: Some("濠江新闻网"),
        publication: None,
        first: "旅游局最新数据显示",
        last: "吸引更多过夜旅客。",
        images: 1,
        chrome: &["分享到", "相关新闻", "首页", "版权所有", "下载客户端"],
    },
];

#[test]
fn self_media_and_mobile_pages() {
    let mut wrong = Vec::new();
    for p in SELF_MEDIA {
        let Some(a) = read_fixture("html3", p.file, &mut wrong) else {
            continue;
        };
        let m = &a.meta;
        let mut check = |what: &str, ok: bool, got: String| {
            if !ok {
                wrong.push(format!("{}: {what}: got {got}", p.file));
            }
        };
        check(
            "headline",
            m.headline.as_deref() == Some(p.headline),
            format!("{:?}", m.headline),
        );
        let date = m.date.map(|d| d.to_string());
        check("date", date.as_deref() == Some(p.date), format!("{date:?}"));
        check("site", m.site.as_deref() == p.site, format!("{:?}", m.site));
        check(
            "publication",
            m.publication.as_deref() == p.publication,
            format!("{:?}", m.publication),
        );
        let credits: Vec<(&str, &str)> = m
            .credits
            .iter()
            .map(|c| (c.role.as_str(), c.name.as_str()))
            .collect();
        check(
            "credits",
            credits.len() == p.credits.len() && p.credits.iter().all(|c| credits.contains(c)),
            format!("{credits:?}"),
        );
        let paras = paragraphs(&a);
        check(
            "first paragraph",
            paras.first().is_some_and(|f| f.starts_with(p.first)),
            format!("{:?}", paras.first()),
        );
        check(
            "last paragraph",
            paras.last().is_some_and(|l| l.ends_with(p.last)),
            format!("{:?}", paras.last()),
        );
        let images: Vec<&str> = a
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Image { src, .. } => Some(src.as_str()),
                _ => None,
            })
            .collect();
        check(
            "pictures",
            images.len() == p.images && images.iter().all(|s| s.starts_with("http")),
            format!("{images:?}"),
        );
        let captions: Vec<String> = a
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Image { caption, .. } => caption.clone(),
                _ => None,
            })
            .collect();
        let all = paras.join("\n") + &headings(&a).join("\n") + &captions.join("\n");
        for c in p.chrome {
            check("furniture", !all.contains(c), format!("{c:?} in the body"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
