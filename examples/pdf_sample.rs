//! Renders an article (model JSON) to PDF: `cargo run --example pdf_sample -- IN.json OUT.pdf [paper] [columns]`.
//! A development aid until the CLI has `-t pdf`.

use broadsheet::fonts::FontSet;
use broadsheet::output::pdf::{PdfOptions, write_article};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        anyhow::bail!("usage: pdf_sample IN.json OUT.pdf [paper] [columns]");
    };
    let article: broadsheet::Article = serde_json::from_str(&std::fs::read_to_string(input)?)?;
    let opts = PdfOptions {
        paper: args
            .get(3)
            .map(|p| p.parse())
            .transpose()
            .map_err(anyhow::Error::msg)?
            .unwrap_or_default(),
        columns: args.get(4).map(|c| c.parse()).transpose()?,
        ..Default::default()
    };
    let fonts = FontSet::load(None)?;
    let t = std::time::Instant::now();
    let r = write_article(&article, &opts, &broadsheet::Env::with_fonts(fonts))?;
    eprintln!("{} bytes in {:?}", r.bytes.len(), t.elapsed());
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    std::fs::write(output, r.bytes)?;
    Ok(())
}
