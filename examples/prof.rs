use broadsheet::model::{Article, group_editions};
use broadsheet::output::pdf::{PdfEngine, PdfOptions};
fn main() {
    let base: Article =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/seed.json").unwrap())
            .unwrap();
    let arts: Vec<Article> = (0..200)
        .map(|i| {
            let mut a = base.clone();
            let n = a.body.len();
            a.body.rotate_left(i % n);
            a.body.truncate(4 + i % (n - 4));
            a.meta.page = Some(format!("A{}", 1 + i / 25));
            a.meta.headline = Some(format!("标题{i}"));
            a
        })
        .collect();
    let eds = group_editions(&arts);
    let fonts = broadsheet::fonts::FontSet::load(None).unwrap();
    let t = std::time::Instant::now();
    let e = PdfEngine::new(&fonts, &[]).unwrap();
    eprintln!("engine {:?}", t.elapsed());
    let opts = PdfOptions::default();
    for _ in 0..2 {
        let t = std::time::Instant::now();
        let (doc, w) = e.typesetter().edition(&eds[0], &opts.typeset_options());
        eprintln!("typeset {:?} pages {}", t.elapsed(), doc.pages.len());
        let t = std::time::Instant::now();
        let r = e.render(&doc, w, "x").unwrap();
        eprintln!("render {:?} {}", t.elapsed(), r.bytes.len());
    }
}
