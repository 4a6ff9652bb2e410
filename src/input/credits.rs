//! Bylines: "□本报记者胥爱珍本报通讯员苏安矗" → (本报记者, 胥爱珍), (本报通讯员, 苏安矗).
//!
//! Chinese bylines run roles and names together with no separator, so we scan for known
//! roles (longest first) and take the text between them as names. A line counts as a
//! byline only if it parses completely: every name short, nothing left over.

use crate::model::Credit;

/// Roles, longest first so 本报记者 wins over 记者. Single-character roles (文, 图, 摄)
/// are handled separately because they also occur inside names.
const ROLES: &[&str] = &[
    "人民日报记者",
    "中央社記者",
    "新華社記者",
    "本報記者",
    "本報通訊員",
    "特約記者",
    "實習記者",
    "攝影記者",
    "責任編輯",
    "通訊員",
    "實習生",
    "記者",
    "攝影",
    "編輯",
    "責編",
    "新华社通讯员",
    "本报特约记者",
    "本报见习记者",
    "本报实习记者",
    "本报首席记者",
    "本报摄影记者",
    "新华社记者",
    "中新社记者",
    "本报通讯员",
    "特约通讯员",
    "责任编辑",
    "本报记者",
    "特约记者",
    "见习记者",
    "实习记者",
    "首席记者",
    "摄影记者",
    "图片编辑",
    "版式设计",
    "本期统筹",
    "本版统筹",
    "统筹",
    "制图",
    "設計",
    "设计",
    "通讯员",
    "实习生",
    "记者",
    "摄影",
    "编辑",
    "责编",
    "美编",
    "校对",
    "审核",
    "撰文",
    "作者",
    "编译",
    "編譯",
    "美术",
    "美術",
    "出品",
    "文/图",
    "图/文",
    "文图",
    "来源",
];

/// Characters that mark a byline line or wrap a credit: □本报记者…, （记者 张三）.
const MARKERS: &[char] = &['□', '■', '●', '◆', '▲', '◇', '○', '★', '☆'];

/// The longest known role at the start of `s`.
fn role_at(s: &str) -> Option<&str> {
    // Every role starts with a three-byte character: compare those first (this runs at
    // every position of every candidate byline).
    let lead = s.as_bytes().get(..3)?;
    ROLES
        .iter()
        .copied()
        .find(|r| r.as_bytes().get(..3) == Some(lead) && s.starts_with(r))
        .or_else(|| outlet_reporter(s))
}

/// "人民网记者", "央视记者", "澎湃新闻记者": a news outlet (a short name ending in 网, 社,
/// 报, 台, 新闻 …)
/// followed by 记者 is a reporter role too.
fn outlet_reporter(s: &str) -> Option<&str> {
    // The outlet is at most five characters: look no further than that and 记者.
    let head = s.char_indices().nth(7).map_or(s, |(i, _)| &s[..i]);
    if !head.contains(['记', '記']) {
        return None;
    }
    for word in ["记者", "記者"] {
        let Some(at) = head.find(word) else { continue };
        let outlet = &s[..at];
        let n = outlet.chars().count();
        let ok = (2..=5).contains(&n)
            && outlet.chars().all(crate::cjk::is_han)
            && outlet.ends_with([
                '网', '網', '社', '报', '報', '台', '视', '視', '刊', '闻', '聞',
            ]);
        if ok {
            return Some(&s[..at + word.len()]);
        }
    }
    None
}

/// A news outlet's name (观察者网, 新京报, 中新社): three to six Han characters ending in
/// an outlet word.
fn outlet(s: &str) -> bool {
    (3..=6).contains(&s.chars().count())
        && s.chars().all(crate::cjk::is_han)
        && s.ends_with(['网', '網', '社', '报', '報', '台', '刊'])
}

/// Strips byline markers, surrounding brackets and spaces.
fn strip_wrapping(line: &str) -> &str {
    let mut s = line.trim().trim_start_matches(MARKERS).trim();
    loop {
        let inner = s
            .strip_prefix(['（', '(', '【', '[', '〔'])
            .and_then(|x| x.strip_suffix(['）', ')', '】', ']', '〕']));
        match inner {
            Some(i) => s = i.trim(),
            None => return s,
        }
    }
}

fn is_name_char(c: char) -> bool {
    crate::cjk::is_han(c) || c.is_alphabetic() || c == '·' || c == '•' || c == '.'
}

/// Splits a run of names: "张三 李四、王五" → three names. Names must be short (a
/// Chinese name is 2–4 characters; foreign names with · a little longer).
fn split_names(s: &str) -> Option<Vec<String>> {
    let names: Vec<String> = s
        .split([
            ' ', '、', '，', ',', '　', '/', '／', '∕', '\u{A0}', '︱', '|', '｜', ';', '；',
        ])
        .map(|n| {
            n.trim_matches([':', '：', '︰', '【', '】', '〔', '〕', '[', ']', '｜'])
                .trim()
        })
        .map(str::to_string)
        .filter(|n| !n.is_empty())
        .collect();
    let names = join_padded(names);
    let ok = !names.is_empty()
        && names.iter().all(|n| {
            let len = n.chars().count();
            n.chars().all(is_name_char) && (1..=8).contains(&len)
        });
    ok.then_some(names)
}

/// Papers pad a two-character name to the width of a three-character one (`王  珏`,
/// `李 蕊`): two single Han characters in a row are one name. No name is one character,
/// so a lone surname before a two-character piece is padding too (`王　轶辰`).
fn join_padded(names: Vec<String>) -> Vec<String> {
    let single = |n: &str| {
        let mut c = n.chars();
        c.next().is_some_and(crate::cjk::is_han) && c.next().is_none()
    };
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    let mut i = 0;
    while i < names.len() {
        let given = |n: &str| n.chars().count() == 2 && n.chars().all(crate::cjk::is_han);
        if single(&names[i]) && names.get(i + 1).is_some_and(|n| single(n) || given(n)) {
            out.push(format!("{}{}", names[i], names[i + 1]));
            i += 2;
        } else {
            out.push(names[i].clone());
            i += 1;
        }
    }
    out
}

/// Drops the place of reporting that Taiwanese and Hong Kong bylines end with:
/// "記者陳志明／台北報導" → "記者陳志明".
fn strip_report_place(s: &str) -> &str {
    for sep in ['／', '/', '∕'] {
        if let Some((before, after)) = s.rsplit_once(sep) {
            let place = after.trim();
            let is_place = ["報導", "报道", "報道", "電", "电"]
                .iter()
                .any(|suffix| place.ends_with(suffix))
                && place.chars().count() <= 8;
            if is_place {
                return before.trim();
            }
        }
    }
    // Mainland bylines set the place after a space: "记者 刘旭 通讯员 周婷 长沙报道".
    if let Some((before, place)) = s.trim_end().rsplit_once(char::is_whitespace)
        && ["报道", "報導", "报导"].iter().any(|x| place.ends_with(x))
        && (3..=6).contains(&place.chars().count())
        && !before.trim().is_empty()
    {
        return before.trim();
    }
    s
}

/// Roles whose "name" is an organisation (data sources, fact-box suppliers): the name may
/// be long and is kept whole.
const SOURCE_ROLES: &[&str] = &["数据来源", "资料来源", "资料提供", "資料來源", "資料提供"];

/// A closing credit line without the desk's filing code after it: "责任编辑：张迪 SN200",
/// "（編輯：陳大文）1120120", "责任编辑：王晓易_NE0011" — the code is letters and digits
/// (with `_`), at most 12, holding a digit.
pub fn without_desk_code(t: &str) -> &str {
    let t = t.trim_end();
    let code_start = t
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric() || c == '_')
        .last()
        .map_or(t.len(), |(i, _)| i);
    let code = &t[code_start..];
    let head = t[..code_start].trim_end_matches([' ', '\u{3000}', '_']);
    let is_code = (2..=12).contains(&code.len())
        && code.bytes().any(|b| b.is_ascii_digit())
        && head.chars().count() >= 4;
    if is_code { head } else { t }
}

/// Parses a whole line as credits. Returns `None` unless every part of the line is a
/// role or a name (so ordinary sentences mentioning 记者 are not mistaken for bylines).
pub fn parse_byline(line: &str) -> Option<Vec<Credit>> {
    let wrapped = strip_wrapping(line);
    // An agency note closing a graphic credit: "制图：陈晔华  边纪红（新华社发）".
    let wrapped = strip_agency_note(wrapped);
    if let Some(c) = source_credit(wrapped) {
        return Some(vec![c]);
    }
    let s = strip_report_place(wrapped);
    if s.is_empty() || s.chars().count() > 60 {
        return None;
    }
    if s.len() != wrapped.len() && role_at(s).is_none() {
        // "【蔡浩祥／台北報導】": names and the place they reported from, no role.
        let role = if wrapped.contains('報') {
            "記者"
        } else {
            "记者"
        };
        return split_names(s).map(|names| {
            names
                .into_iter()
                .map(|name| Credit {
                    role: role.into(),
                    name,
                })
                .collect()
        });
    }
    // "张三 摄" / "本报记者 张三 摄": a trailing 摄 makes the names photographers.
    if let Some(rest) = s
        .strip_suffix("摄影")
        .or_else(|| s.strip_suffix('摄'))
        .or_else(|| s.strip_suffix('攝'))
    {
        let rest = rest.trim();
        // The role before the names (本报记者) is who they are; 摄 is what they did.
        let names = match parse_roles(rest) {
            Some(credits) => credits.into_iter().map(|c| c.name).collect(),
            None => split_names(rest)?,
        };
        return Some(
            names
                .into_iter()
                .map(|name| Credit {
                    role: "摄影".into(),
                    name,
                })
                .collect(),
        );
    }
    // "文/图 张三", "文 张三", "图 张三": single-character roles only at the start.
    for (prefix, role) in [
        ("文/图", "文/图"),
        ("文/", "文"),
        ("文／", "文"),
        ("文：", "文"),
        ("文:", "文"),
        ("文 ", "文"),
        ("图：", "图"),
        ("图:", "图"),
        ("图 ", "图"),
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            // "文/图 本报记者 张三": as with 摄, who they are yields to what they did.
            let mut names = match parse_roles(rest.trim()) {
                Some(credits) if !credits.is_empty() => {
                    credits.into_iter().map(|c| c.name).collect()
                }
                _ => split_names(rest)?,
            };
            // `文/观察者网 王恺雯`: the outlet before the writer is no name.
            if names.len() > 1 && outlet(&names[0]) {
                names.remove(0);
            }
            return Some(
                names
                    .into_iter()
                    .map(|name| Credit {
                        role: role.into(),
                        name,
                    })
                    .collect(),
            );
        }
    }
    parse_roles(s)
}

/// "数据来源：某某公司" — an organisation credited as the source of data or a fact box.
fn source_credit(s: &str) -> Option<Credit> {
    let role = SOURCE_ROLES.iter().find(|r| s.starts_with(**r))?;
    let name = s[role.len()..]
        .trim_start_matches([':', '：', ' ', '　'])
        .trim();
    let n = name.chars().count();
    let plain = name
        .chars()
        .all(|c| crate::cjk::is_han(c) || c.is_alphanumeric() || "（）()·、 ".contains(c));
    ((2..=30).contains(&n) && plain).then(|| Credit {
        role: (*role).to_string(),
        name: name.to_string(),
    })
}

/// Drops a trailing agency note such as （新华社发） from a credit line.
fn strip_agency_note(s: &str) -> &str {
    let t = s.trim_end();
    for close in ['）', ')'] {
        if let Some(body) = t.strip_suffix(close)
            && let Some(open) = body.rfind(['（', '('])
        {
            let inner = &body[open + body[open..].chars().next().map_or(1, char::len_utf8)..];
            let n = inner.chars().count();
            if open > 0 && (2..=8).contains(&n) && (inner.ends_with('发') || inner.ends_with('發'))
            {
                return body[..open].trim_end();
            }
        }
    }
    s
}

/// What a credit note says its people did, printed after the names: 采访整理, 参与采写 …
const NOTE_ACTIONS: &[&str] = &[
    "参与采写",
    "參與採寫",
    "采访整理",
    "採訪整理",
    "整理",
    "采写",
    "採寫",
    "执笔",
    "執筆",
    "报道",
    "報導",
    "供图",
    "供圖",
];

/// A credit note in brackets: "（本报记者施芳、王明峰采访整理，某某博物馆供图）" or
/// "（周海霞参与采写）". Each comma-separated part is a byline with an action after the
/// names; parts that are not (an institution lending pictures) are skipped. `None` if no
/// part names a person.
pub fn credit_note(line: &str) -> Option<Vec<Credit>> {
    let t = line.trim();
    let inner = t
        .strip_prefix(['（', '('])
        .and_then(|x| x.strip_suffix(['）', ')']))?;
    if inner.chars().count() > 120 {
        return None;
    }
    let mut out = Vec::new();
    let mut any_action = false;
    for part in inner.split(['，', ',', '；', ';']) {
        let part = part.trim();
        let Some(action) = NOTE_ACTIONS.iter().find(|a| part.ends_with(**a)) else {
            continue;
        };
        any_action = true;
        let names = part[..part.len() - action.len()].trim();
        if *action == "供图" || *action == "供圖" {
            continue;
        }
        let credits = parse_roles(names).or_else(|| {
            split_names(names).map(|ns| {
                ns.into_iter()
                    .map(|name| Credit {
                        role: (*action).to_string(),
                        name,
                    })
                    .collect()
            })
        });
        out.extend(credits.unwrap_or_default());
    }
    (any_action && !out.is_empty()).then_some(out)
}

/// Affiliations end in a title: the byline glued to an opinion piece's first sentence,
/// "謝敏捷／中正大學政治所前所長台北市長選舉，…", ends where the title does.
const TITLES: &[&str] = &[
    "所長",
    "所长",
    "副教授",
    "教授",
    "院長",
    "院长",
    "主任",
    "理事長",
    "理事长",
    "董事長",
    "董事长",
    "律師",
    "律师",
    "醫師",
    "医师",
    "研究員",
    "研究员",
    "博士",
    "委員",
    "委员",
    "議員",
    "议员",
    "主席",
    "執行長",
    "执行长",
    "秘書長",
    "秘书长",
    "校長",
    "校长",
    "局長",
    "局长",
    "部長",
    "部长",
    "處長",
    "处长",
    "總監",
    "总监",
    "經理",
    "经理",
    "社長",
    "社长",
    "主編",
    "主编",
    "評論員",
    "评论员",
    "作家",
    "顧問",
    "顾问",
    "講師",
    "讲师",
    "學者",
    "学者",
    "研究生",
    "學生",
    "学生",
];

/// A byline glued to the start of the first sentence: `NAME／AFFILIATION` then the text.
/// Returns the credit and the byte offset where the article text starts.
pub fn glued_byline(paragraph: &str) -> Option<(Credit, usize)> {
    let (name, rest) = paragraph.split_once(['／', '/'])?;
    let name = name.trim();
    let n = name.chars().count();
    if !(2..=4).contains(&n) || !name.chars().all(crate::cjk::is_han) {
        return None;
    }
    let offset = paragraph.len() - rest.len();
    // The affiliation: up to the first title word within 24 characters.
    let window: String = rest.chars().take(24).collect();
    let end = (1..=window.len())
        .filter(|&i| window.is_char_boundary(i))
        .find(|&i| TITLES.iter().any(|t| window[..i].ends_with(t)))?;
    let role = window[..end].trim();
    if role.contains(['，', '。', ',', '、']) {
        return None;
    }
    Some((
        Credit {
            role: role.to_string(),
            name: name.to_string(),
        },
        offset + end,
    ))
}

/// Role, names, role, names … with roles found by scanning.
fn parse_roles(s: &str) -> Option<Vec<Credit>> {
    let role = role_at(s)?;
    let mut credits = Vec::new();
    let mut current = role;
    let mut rest = &s[role.len()..];
    loop {
        let rest_trim = rest.trim_start_matches([' ', ':', '：', '　', '︰', '︱', '|', '｜']);
        // Find the next role after at least one name character.
        let mut next: Option<(usize, &str)> = None;
        for (i, _) in rest_trim.char_indices().skip(1) {
            if let Some(r) = role_at(&rest_trim[i..]) {
                next = Some((i, r));
                break;
            }
        }
        let (names_part, after) = match next {
            Some((i, r)) => (&rest_trim[..i], Some((i, r))),
            None => (rest_trim, None),
        };
        for name in split_names(names_part)? {
            credits.push(Credit {
                role: current.to_string(),
                name,
            });
        }
        match after {
            Some((i, r)) => {
                current = r;
                rest = &rest_trim[i + r.len()..];
            }
            None => return Some(credits),
        }
    }
}

/// Pulls credits out of a dateline opening a paragraph — "本报讯（记者 张三 通讯员 李四）",
/// "新华社北京5月19日电（刘艺、杨吉）", "〔記者巫其倫／台北報導〕…", "（中央社記者溫貴香台北21日電）…" —
/// without changing the paragraph text (the dateline is printed as part of it).
pub fn dateline_credits(paragraph: &str) -> Vec<Credit> {
    let head: String = paragraph.trim_start().chars().take(40).collect();
    let Some(open) = head.find(['（', '(', '〔', '【']) else {
        return Vec::new();
    };
    let before = head[..open].trim_end();
    let after_dateline = before.ends_with('讯')
        || before.ends_with('电')
        || before.ends_with('訊')
        || before.ends_with('電');
    if !(after_dateline || before.is_empty()) {
        return Vec::new();
    }
    let inner_start = open + head[open..].chars().next().map_or(1, char::len_utf8);
    let Some(close) = head[inner_start..].find(['）', ')', '〕', '】']) else {
        return Vec::new();
    };
    let inner = head[inner_start..inner_start + close].trim();
    if let Some(c) = parse_byline(inner).filter(|c| !c.is_empty()) {
        return c;
    }
    // `【环球网报道 记者 赵建东】`: the outlet's report label, then the byline.
    if let Some((label, rest)) = inner.split_once([' ', '　'])
        && ["报道", "報導", "报导", "讯", "訊", "消息"]
            .iter()
            .any(|k| label.ends_with(k))
        && label.chars().count() <= 10
        && let Some(c) = parse_byline(rest).filter(|c| !c.is_empty())
    {
        return c;
    }
    // After 电/讯 the brackets hold only the reporters' names.
    if after_dateline
        && let Some(names) = split_names(inner)
        && names
            .iter()
            .all(|n| (2..=4).contains(&n.chars().count()) && n.chars().all(crate::cjk::is_han))
    {
        return names
            .into_iter()
            .map(|name| Credit {
                role: "记者".into(),
                name,
            })
            .collect();
    }
    // "中央社記者溫貴香台北21日電": role, name, place and day run together.
    glued_dateline(inner).unwrap_or_default()
}

/// "記者溫貴香台北21日電" → 記者 溫貴香: a reporter's name (two or three characters) glued to
/// the place of the dispatch, known only because the bracket ends in a day and 电.
fn glued_dateline(inner: &str) -> Option<Vec<Credit>> {
    let body = inner.strip_suffix(['电', '電'])?.strip_suffix('日')?;
    let body = body.trim_end_matches(|c: char| c.is_ascii_digit());
    let at = ROLES
        .iter()
        .filter(|r| r.contains('记') || r.contains('記'))
        .filter_map(|r| body.find(r).map(|i| (i, *r)))
        .min_by_key(|(i, r)| (*i, usize::MAX - r.len()))?;
    let role_end = at.0 + at.1.len();
    let rest: Vec<char> = body[role_end..].chars().collect();
    if !(4..=7).contains(&rest.len()) || !rest.iter().all(|c| crate::cjk::is_han(*c)) {
        return None;
    }
    let take = if rest.len() >= 5 { 3 } else { 2 };
    Some(vec![Credit {
        role: body[..role_end].to_string(),
        name: rest[..take].iter().collect(),
    }])
}

/// The credit that signs off an article at the end of its last paragraph: "…。（钟才文）",
/// "（王煌忠／台中報導）", "（编译/林靖东）", "（作者：方敏 北京大学教授）", "（经济日报评论员）".
/// Returns the credits and whether the bracket is the whole paragraph.
pub fn closing_signature(paragraph: &str) -> Option<(Vec<Credit>, bool)> {
    let t = paragraph.trim_end();
    let close = t.chars().last().filter(|c| matches!(c, '）' | ')'))?;
    let open_ch = if close == '）' { '（' } else { '(' };
    let open = t.rfind(open_ch)?;
    let inner = t[open + open_ch.len_utf8()..t.len() - close.len_utf8()].trim();
    let whole = t[..open].trim().is_empty();
    let n = inner.chars().count();
    if n == 0 || n > 30 {
        return None;
    }
    let is_han = crate::cjk::is_han;
    // A pen name of an institution: 经济日报评论员, 本报评论员.
    if ["评论员", "評論員", "观察员", "觀察員"]
        .iter()
        .any(|s| inner.ends_with(s))
        && n <= 12
    {
        return Some((
            vec![Credit {
                role: "作者".into(),
                name: inner.to_string(),
            }],
            whole,
        ));
    }
    // 作者：方敏 北京大学经济学院教授 — the name, then the author's affiliation.
    for key in ["作者", "文"] {
        if let Some(rest) = inner
            .strip_prefix(key)
            .and_then(|r| r.trim_start().strip_prefix(['：', ':']))
        {
            let rest = rest.trim();
            let name: String = match rest.split_once([' ', '　']) {
                Some((name, _)) => name.to_string(),
                None => rest.chars().take_while(|c| is_han(*c)).take(3).collect(),
            };
            if (2..=4).contains(&name.chars().count()) && name.chars().all(is_han) {
                return Some((
                    vec![Credit {
                        role: key.into(),
                        name,
                    }],
                    whole,
                ));
            }
            return None;
        }
    }
    if let Some(c) = parse_byline(inner).filter(|c| !c.is_empty()) {
        return Some((c, whole));
    }
    // A bare name (or two) in brackets closing the text: the writer's signature. A
    // paragraph that is only such a bracket is a source tag (（中時）) unless it is a name.
    let names = split_names(strip_report_place(inner))?;
    let reported = strip_report_place(inner) != inner;
    if names.iter().all(|n| {
        (2..=3).contains(&n.chars().count())
            && n.chars().all(is_han)
            && !n.ends_with(['社', '网', '網', '报', '報', '台'])
    }) && (!whole || reported)
    {
        return Some((
            names
                .into_iter()
                .map(|name| Credit {
                    role: match (reported, inner.contains('報')) {
                        (true, true) => "記者",
                        (true, false) => "记者",
                        _ => "作者",
                    }
                    .into(),
                    name,
                })
                .collect(),
            whole,
        ));
    }
    None
}

/// "2020-10-04 15:05聯合報 記者林宸誼／即時報導": a reporter named inside an info line.
pub fn reporter_in_line(line: &str) -> Vec<Credit> {
    if line.chars().count() > 60 {
        return Vec::new();
    }
    for role in ["记者", "記者"] {
        let Some(i) = line.find(role) else { continue };
        let rest = line[i + role.len()..].trim_start();
        let end = rest.find(['／', '/', '∕']).unwrap_or(rest.len());
        let place = rest[end..].trim_start_matches(['／', '/', '∕']);
        let reported = ["報導", "报道", "報道"].iter().any(|s| {
            place
                .split_whitespace()
                .next()
                .is_some_and(|p| p.ends_with(s) && p.chars().count() <= 8)
        });
        let name = rest[..end].trim();
        if reported
            && (2..=4).contains(&name.chars().count())
            && name.chars().all(crate::cjk::is_han)
        {
            return vec![Credit {
                role: role.into(),
                name: name.to_string(),
            }];
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(credits: Option<Vec<Credit>>) -> Vec<(String, String)> {
        credits
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.role, c.name))
            .collect()
    }

    fn p(role: &str, name: &str) -> (String, String) {
        (role.to_string(), name.to_string())
    }

    #[test]
    fn seed_byline_is_two_credits() {
        assert_eq!(
            pairs(parse_byline("□本报记者胥爱珍本报通讯员苏安矗")),
            vec![p("本报记者", "胥爱珍"), p("本报通讯员", "苏安矗")]
        );
    }

    #[test]
    fn spaced_bracketed_and_listed_names() {
        assert_eq!(
            pairs(parse_byline("（记者 张三 李四 通讯员 王五）")),
            vec![p("记者", "张三"), p("记者", "李四"), p("通讯员", "王五")]
        );
        assert_eq!(
            pairs(parse_byline("责任编辑：刘洋")),
            vec![p("责任编辑", "刘洋")]
        );
        assert_eq!(
            pairs(parse_byline("新华社记者 王小明")),
            vec![p("新华社记者", "王小明")]
        );
        assert_eq!(
            pairs(parse_byline("实习生 赵六")),
            vec![p("实习生", "赵六")]
        );
    }

    #[test]
    fn traditional_roles_and_report_place() {
        assert_eq!(
            pairs(parse_byline("記者陳志明／台北報導")),
            vec![p("記者", "陳志明")]
        );
        assert_eq!(
            pairs(parse_byline("本報記者 林美華")),
            vec![p("本報記者", "林美華")]
        );
    }

    #[test]
    fn photographers() {
        assert_eq!(
            pairs(parse_byline("本报记者 张三 摄")),
            vec![p("摄影", "张三")]
        );
        assert_eq!(pairs(parse_byline("王五摄")), vec![p("摄影", "王五")]);
        assert_eq!(pairs(parse_byline("文/图 李雷")), vec![p("文/图", "李雷")]);
    }

    #[test]
    fn sentences_are_not_bylines() {
        assert!(parse_byline("记者在现场看到，工人们正在忙碌。").is_none());
        assert!(parse_byline("项目攻坚构建现代产业体系").is_none());
        assert!(parse_byline("").is_none());
    }

    #[test]
    fn padded_two_character_names_are_one_name() {
        assert_eq!(
            pairs(parse_byline("本报记者 徐锦庚 李\u{A0}蕊")),
            vec![p("本报记者", "徐锦庚"), p("本报记者", "李蕊")]
        );
        assert_eq!(
            pairs(parse_byline("本报记者 崔 佳 申 茜")),
            vec![p("本报记者", "崔佳"), p("本报记者", "申茜")]
        );
        assert_eq!(pairs(parse_byline("王  珏")).len(), 0);
        assert_eq!(pairs(parse_byline("记者 王  珏")), vec![p("记者", "王珏")]);
        assert_eq!(
            pairs(parse_byline("新华社记者 逯 阳摄")),
            vec![p("摄影", "逯阳")]
        );
        // A lone surname padded before a two-character given name.
        assert_eq!(
            pairs(parse_byline("本报记者　王　轶辰")),
            vec![p("本报记者", "王轶辰")]
        );
    }

    #[test]
    fn outlet_bylines_with_bars_and_report_labels() {
        assert_eq!(
            pairs(parse_byline("记者｜何伟杰 通讯员｜穗铁宣")),
            vec![p("记者", "何伟杰"), p("通讯员", "穗铁宣")]
        );
        assert_eq!(
            pairs(parse_byline("【文/观察者网 王恺雯】")),
            vec![p("文", "王恺雯")]
        );
        assert_eq!(
            pairs(Some(dateline_credits(
                "【环球网报道 记者 赵建东】在5月12日举行的例行记者会上"
            ))),
            vec![p("记者", "赵建东")]
        );
        // A report label before anything but a byline gives nothing.
        assert!(dateline_credits("【环球网报道 综合】据外媒报道").is_empty());
    }

    #[test]
    fn place_of_reporting_after_a_space_is_no_name() {
        let c = parse_byline("潇湘晨报记者 刘旭 通讯员 周婷 长沙报道").unwrap_or_default();
        let names: Vec<&str> = c.iter().map(|c| c.name.as_str()).collect();
        assert!(!names.contains(&"长沙报道"), "{names:?}");
        assert!(names.contains(&"周婷"), "{names:?}");
    }

    #[test]
    fn graphic_source_and_report_place_credits() {
        assert_eq!(
            pairs(parse_byline("制图：陈晔华  边纪红（新华社发）")),
            vec![p("制图", "陈晔华"), p("制图", "边纪红")]
        );
        assert_eq!(
            pairs(parse_byline("本期统筹：张佳莹  制图：张丹峰")),
            vec![p("本期统筹", "张佳莹"), p("制图", "张丹峰")]
        );
        assert_eq!(
            pairs(parse_byline("数据来源：京沪高速铁路股份有限公司")),
            vec![p("数据来源", "京沪高速铁路股份有限公司")]
        );
        assert_eq!(
            pairs(parse_byline("【周毓翔、張潼、曾百村／台北報導】")),
            vec![p("記者", "周毓翔"), p("記者", "張潼"), p("記者", "曾百村")]
        );
        assert!(parse_byline("（新华社发）").is_none());
        assert_eq!(
            pairs(parse_byline("人民网记者 李楠桦")),
            vec![p("人民网记者", "李楠桦")]
        );
        assert_eq!(
            pairs(parse_byline("文/图 本报记者 李亚楠")),
            vec![p("文/图", "李亚楠")]
        );
        assert_eq!(
            pairs(parse_byline("澎湃新闻记者 周琳 吴斌")),
            vec![p("澎湃新闻记者", "周琳"), p("澎湃新闻记者", "吴斌")]
        );
    }

    #[test]
    fn credit_notes_and_glued_bylines() {
        let c = credit_note("（本报记者施芳、王明峰采访整理，首都博物馆、成都博物馆供图）");
        assert_eq!(
            pairs(c),
            vec![p("本报记者", "施芳"), p("本报记者", "王明峰")]
        );
        assert_eq!(
            pairs(credit_note("（周海霞参与采写）")),
            vec![p("参与采写", "周海霞")]
        );
        assert!(credit_note("（图为会场）").is_none());
        let (c, at) = glued_byline("謝敏捷／中正大學政治所前所長台北市長選舉，民進黨").unwrap();
        assert_eq!(
            (c.role.as_str(), c.name.as_str()),
            ("中正大學政治所前所長", "謝敏捷")
        );
        assert!("謝敏捷／中正大學政治所前所長台北市長選舉，民進黨"[at..].starts_with("台北"));
        assert!(glued_byline("他說／沒有").is_none());
    }

    #[test]
    fn dateline_credits_are_read_but_text_stays() {
        assert_eq!(
            dateline_credits("本报讯（记者 张三 通讯员 李四）近日，我市召开会议。")
                .into_iter()
                .map(|c| (c.role, c.name))
                .collect::<Vec<_>>(),
            vec![p("记者", "张三"), p("通讯员", "李四")]
        );
        assert!(dateline_credits("近日（周一）我市召开会议。").is_empty());
        assert_eq!(
            pairs(Some(dateline_credits(
                "本报北京1月16日电  （记者王政）工业和信息化部"
            ))),
            vec![p("记者", "王政")]
        );
    }

    #[test]
    fn names_split_by_semicolons_in_a_bracketed_byline() {
        assert_eq!(
            pairs(parse_byline("【作者：王子川;夏道陵】")),
            vec![p("作者", "王子川"), p("作者", "夏道陵")]
        );
        assert_eq!(
            pairs(parse_byline("作者：王子川；夏道陵】")),
            vec![p("作者", "王子川"), p("作者", "夏道陵")]
        );
    }

    #[test]
    fn a_padded_name_after_a_full_one() {
        assert_eq!(
            pairs(parse_byline("本报记者 王乐文 方 敏")),
            vec![p("本报记者", "王乐文"), p("本报记者", "方敏")]
        );
    }

    #[test]
    fn credit_separators_of_traditional_pages() {
        assert_eq!(
            pairs(parse_byline("記者︰脫芷晴")),
            vec![p("記者", "脫芷晴")]
        );
        assert_eq!(pairs(parse_byline("作者︱春春")), vec![p("作者", "春春")]);
        assert_eq!(
            pairs(parse_byline("〔記者巫其倫／台北報導〕")),
            vec![p("記者", "巫其倫")]
        );
    }

    #[test]
    fn datelines_without_roles_and_glued_places() {
        let d = |s: &str| -> Vec<(String, String)> {
            dateline_credits(s)
                .into_iter()
                .map(|c| (c.role, c.name))
                .collect()
        };
        assert_eq!(
            d("新华社北京5月19日电（刘艺、杨吉）中国科学院专家"),
            vec![p("记者", "刘艺"), p("记者", "杨吉")]
        );
        assert_eq!(
            d("（中央社記者溫貴香台北21日電）行政院副院長"),
            vec![p("中央社記者", "溫貴香")]
        );
        assert_eq!(
            d("〔記者巫其倫／台北報導〕財政部今天"),
            vec![p("記者", "巫其倫")]
        );
        assert!(d("（星島日報報道）中美貿易戰").is_empty());
    }

    #[test]
    fn closing_signatures() {
        let sig = |s: &str| closing_signature(s).map(|(c, w)| (pairs(Some(c)), w));
        assert_eq!(
            sig("现“多赢”“共赢”。（钟才文）"),
            Some((vec![p("作者", "钟才文")], false))
        );
        assert_eq!(
            sig("釐清死因。（王煌忠／台中報導）"),
            Some((vec![p("記者", "王煌忠")], false))
        );
        assert_eq!(
            sig("（编译/林靖东）").map(|x| x.0),
            Some(vec![p("编译", "林靖东")])
        );
        assert_eq!(
            sig("（作者：方敏 北京大学经济学院教授）"),
            Some((vec![p("作者", "方敏")], true))
        );
        assert_eq!(
            sig("成色更足。（经济日报评论员）"),
            Some((vec![p("作者", "经济日报评论员")], false))
        );
        assert_eq!(sig("（中時）"), None);
        assert_eq!(sig("据报道。（新华社）"), None);
        assert_eq!(sig("他说（大意如此）"), None);
        assert_eq!(sig("会议于周一召开（北京时间）。"), None);
    }

    #[test]
    fn reporter_inside_an_info_line() {
        assert_eq!(
            reporter_in_line("2020-10-04 15:05聯合報 記者林宸誼／即時報導")
                .into_iter()
                .map(|c| (c.role, c.name))
                .collect::<Vec<_>>(),
            vec![p("記者", "林宸誼")]
        );
        assert!(reporter_in_line("記者會上他表示").is_empty());
    }
}
