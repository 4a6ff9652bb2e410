//! Font preparation, once per run: rewrites a TrueType font for print use.
//!
//! Two reasons. (1) Half-width punctuation (clreq §3.1.6) needs glyphs whose advance
//! *is* half an em: squeezing a full-width glyph by moving its neighbour makes the
//! glyph boxes overlap, and text extractors (pdftotext) then split lines there. So for
//! every full-width adjustable mark we append a half-width twin: closing marks keep
//! their outline, opening marks have it shifted left by half an em. (2) Size: the
//! coordinates are requantised to a coarser em (1000 → 250 units by default, errors
//! under 0.2% of an em, far below a printer dot at text sizes), which lets the
//! subset glyph data deflate much better, and hinting programs and layout tables the
//! typesetter does not use are dropped.
//!
//! The tables are read with read-fonts (through skrifa) and written with write-fonts;
//! this module only decides what changes: which glyphs, which coordinates, which
//! metrics.
//!
//! Fonts that are not TrueType-flavoured (CFF), or that fail to parse here, are used
//! unchanged: the typesetter then squeezes by positioning, as before.

use skrifa::raw::tables::glyf::{self as read_glyf, CurvePoint};
use skrifa::raw::types::{GlyphId, Version16Dot16};
use skrifa::raw::{FontRef, TableProvider};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use write_fonts::FontBuilder;
use write_fonts::from_obj::ToOwnedTable;
use write_fonts::tables::glyf::{
    Anchor, Bbox, Component, CompositeGlyph, Contour, GlyfLocaBuilder, Glyph, SimpleGlyph,
    SomeGlyph,
};
use write_fonts::tables::hmtx::{Hmtx, LongMetric};
use write_fonts::tables::loca::LocaFormat;
use write_fonts::validate::{Validate, ValidationCtx};
use write_fonts::{FontWrite, TableWriter};

/// What `build` will do to a font: decided once per run from the font's header,
/// so the typesetter knows the (requantised) advances and the twins' glyph ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Divisor of the font units (1: outlines unchanged).
    pub quantum: u16,
    pub units_per_em: u16,
    /// Glyphs in the original font; twin `i` gets id `glyphs + i`.
    pub glyphs: u16,
    /// Source glyph of each twin, and whether it is an opening mark.
    pub twins: Vec<(u16, bool)>,
    /// Source glyph → twin glyph.
    pub half: BTreeMap<u16, u16>,
    /// The advance of every glyph of the built font (twins included), and the largest:
    /// the same for every document, so worked out once.
    pub advances: Vec<u16>,
    pub max_advance: u16,
}

/// A glyph as the built font stores it: compiled by write-fonts, with its bounding box
/// (`None`: no outline) and the glyphs a composite is made of.
#[derive(Debug)]
pub struct Prepared {
    data: Compiled,
    bbox: Option<Bbox>,
    components: Vec<usize>,
}

/// A glyph's bytes as write-fonts compiled them, kept so that a cached glyph is not
/// compiled again for every document that uses it.
#[derive(Debug)]
struct Compiled(Vec<u8>);

impl FontWrite for Compiled {
    fn write_into(&self, writer: &mut TableWriter) {
        writer.write_slice(&self.0);
    }
}

impl Validate for Compiled {
    /// Validated when compiled.
    fn validate_impl(&self, _ctx: &mut ValidationCtx) {}
}

impl SomeGlyph for Compiled {}

/// Rewritten glyphs of one face by glyph id, shared by every document built from its
/// plan (the PDF engine keeps one per face): a batch of articles decodes and requantises
/// each glyph of the font once, not once per article.
pub type GlyphCache = super::cache::SharedCache<usize, Prepared>;

impl Default for GlyphCache {
    /// Unbounded: at most every glyph of the font once.
    fn default() -> Self {
        super::cache::SharedCache::with_budget(usize::MAX)
    }
}

impl Plan {
    /// Units per em of the built font.
    pub fn output_units_per_em(&self) -> u16 {
        (self.units_per_em / self.quantum.max(1)).max(1)
    }

    /// Advance of a half-width twin in the built font's units: half an em, rounded
    /// down when the em is odd (125 units: 62), so twin boxes never overlap.
    pub fn half_advance(&self) -> u16 {
        self.output_units_per_em() / 2
    }
}

/// A font unit value in the built font's coarser units (rounded half away from zero).
fn scale(v: i32, q: i32) -> i32 {
    if q == 1 {
        v
    } else {
        (f64::from(v) / f64::from(q)).round() as i32
    }
}

/// [`scale`] for a signed 16-bit field.
fn scale16(v: i16, q: i32) -> i16 {
    clamp16(scale(i32::from(v), q))
}

fn clamp16(v: i32) -> i16 {
    v.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
}

/// The tables `plan` and `build` read, parsed.
struct Source<'a> {
    font: FontRef<'a>,
    loca: skrifa::raw::tables::loca::Loca<'a>,
    glyf: read_glyf::Glyf<'a>,
    hmtx: skrifa::raw::tables::hmtx::Hmtx<'a>,
    /// Glyphs in the font.
    n: usize,
}

impl<'a> Source<'a> {
    /// `None` unless the font is TrueType-flavoured (glyf outlines) and its tables parse.
    fn read(data: &'a [u8]) -> Option<Self> {
        let font = FontRef::new(data).ok()?;
        if font.table_directory.sfnt_version() != 0x0001_0000 {
            return None;
        }
        Some(Source {
            loca: font.loca(None).ok()?,
            glyf: font.glyf().ok()?,
            hmtx: font.hmtx().ok()?,
            n: usize::from(font.maxp().ok()?.num_glyphs()),
            font,
        })
    }

    /// Glyph `i` requantised by `q` (`None`: damaged): simple glyphs lose their
    /// instructions, composites their instructions and keep their (scaled) box.
    fn glyph(&self, i: usize, q: i32) -> Option<Glyph> {
        let id = GlyphId::new(u32::try_from(i).ok()?);
        let glyph = match self.loca.get_glyf(id, &self.glyf).ok()? {
            None => return Some(Glyph::Empty),
            Some(g) => g,
        };
        Some(match glyph {
            read_glyf::Glyph::Simple(g) => {
                let mut points = g.points();
                let mut contours = Vec::new();
                let mut start = 0;
                for end in g.end_pts_of_contours() {
                    let end = usize::from(end.get()) + 1;
                    let contour: Vec<CurvePoint> = points
                        .by_ref()
                        .take(end.checked_sub(start)?)
                        .map(|p| CurvePoint::new(scale16(p.x, q), scale16(p.y, q), p.on_curve))
                        .collect();
                    start = end;
                    contours.push(Contour::from(contour));
                }
                let mut simple = SimpleGlyph {
                    contours,
                    ..Default::default()
                };
                simple.recompute_bounding_box();
                simple.into()
            }
            read_glyf::Glyph::Composite(g) => {
                let bbox = Bbox {
                    x_min: scale16(g.x_min(), q),
                    y_min: scale16(g.y_min(), q),
                    x_max: scale16(g.x_max(), q),
                    y_max: scale16(g.y_max(), q),
                };
                let components = g.components().map(|c| {
                    // Offsets are coordinates; point numbers (anchors) are not.
                    let anchor = match c.anchor {
                        Anchor::Offset { x, y } => Anchor::Offset {
                            x: scale16(x, q),
                            y: scale16(y, q),
                        },
                        point => point,
                    };
                    (Component::new(c.glyph, anchor, c.transform, c.flags), bbox)
                });
                let mut composite = CompositeGlyph::try_from_iter(components).ok()?;
                composite.bbox = bbox;
                Glyph::Composite(composite)
            }
        })
    }
}

/// Plans the rewrite of a TrueType font: `quantum` divides the em (when it divides the
/// font's units per em), `marks` are (glyph, is_opening) pairs that get a half-width
/// twin (only simple, non-empty glyphs do). `None` for fonts this module cannot
/// rewrite (CFF, damaged).
pub fn plan(data: &[u8], quantum: u16, marks: &[(u16, bool)]) -> Option<Plan> {
    let t = Source::read(data)?;
    let upem = t.font.head().ok()?.units_per_em();
    let quantum = if quantum > 1 && upem % quantum == 0 {
        quantum
    } else {
        1
    };
    let glyphs = u16::try_from(t.n).ok()?;
    let mut twins = Vec::new();
    let mut half = BTreeMap::new();
    for &(gid, opening) in marks {
        if half.contains_key(&gid)
            || !matches!(t.glyph(usize::from(gid), 1), Some(Glyph::Simple(_)))
        {
            continue;
        }
        let id = u16::try_from(t.n + twins.len()).ok()?;
        twins.push((gid, opening));
        half.insert(gid, id);
    }
    let mut plan = Plan {
        quantum,
        units_per_em: upem,
        glyphs,
        twins,
        half,
        advances: Vec::new(),
        max_advance: 0,
    };
    let q = i32::from(quantum);
    let half_advance = plan.half_advance();
    let mut advances: Vec<u16> = (0..t.n)
        .map(|i| {
            let advance = t.hmtx.advance(GlyphId::new(i as u32))?;
            Some(scale(i32::from(advance), q).clamp(0, i32::from(u16::MAX)) as u16)
        })
        .collect::<Option<_>>()?;
    advances.resize(t.n + plan.twins.len(), half_advance);
    plan.max_advance = advances.iter().copied().max().unwrap_or(0);
    plan.advances = advances;
    Some(plan)
}

/// Glyph `i` of the built font, rewritten per `plan`: an original glyph requantised, or
/// a half-width twin (`i` past the original glyphs).
fn prepare(t: &Source, plan: &Plan, i: usize) -> Option<Prepared> {
    let q = i32::from(plan.quantum);
    let glyph = match i.checked_sub(t.n) {
        None => t.glyph(i, q)?,
        Some(twin) => {
            let (src, opening) = *plan.twins.get(twin)?;
            match t.glyph(usize::from(src), q) {
                Some(Glyph::Simple(mut g)) => {
                    if opening {
                        let shift = plan.half_advance() as i16;
                        for contour in &mut g.contours {
                            let mut points: Vec<CurvePoint> = std::mem::take(contour).into();
                            for p in &mut points {
                                p.x = p.x.saturating_sub(shift);
                            }
                            *contour = points.into();
                        }
                        g.recompute_bounding_box();
                    }
                    Glyph::Simple(g)
                }
                _ => Glyph::Empty,
            }
        }
    };
    let (bbox, components) = match &glyph {
        Glyph::Empty => (None, Vec::new()),
        Glyph::Simple(g) => (Some(g.bbox), Vec::new()),
        Glyph::Composite(g) => (
            Some(g.bbox),
            g.components()
                .iter()
                .map(|c| usize::from(c.glyph.to_u16()))
                .collect(),
        ),
    };
    Some(Prepared {
        data: Compiled(write_fonts::dump_table(&glyph).ok()?),
        bbox,
        components,
    })
}

/// Builds the font for one document: every glyph in `used` (and the components of
/// composites) rewritten per `plan`; all other glyphs empty, so the work and the
/// result are proportional to the document, not to the 30,000-glyph font.
pub fn build(
    data: &[u8],
    plan: &Plan,
    used: &BTreeSet<u16>,
    cache: &GlyphCache,
) -> Option<Vec<u8>> {
    let t = Source::read(data)?;
    let q = i32::from(plan.quantum);
    let total = t.n + plan.twins.len();
    if total > usize::from(u16::MAX) || plan.advances.len() != total {
        return None;
    }
    let glyphs = prepare_used(&t, plan, used, cache, total)?;
    let outlines = Outlines::build(&glyphs, plan)?;

    let mut head: write_fonts::tables::head::Head = t.font.head().ok()?.to_owned_table();
    head.checksum_adjustment = 0;
    head.units_per_em = plan.output_units_per_em();
    head.x_min = outlines.bounds.x_min;
    head.y_min = outlines.bounds.y_min;
    head.x_max = outlines.bounds.x_max;
    head.y_max = outlines.bounds.y_max;
    head.index_to_loc_format = match outlines.loca_format {
        LocaFormat::Short => 0,
        LocaFormat::Long => 1,
    };
    let hhea = scaled_hhea(
        t.font.hhea().ok()?.to_owned_table(),
        q,
        plan,
        &outlines,
        total,
    );
    let mut maxp: write_fonts::tables::maxp::Maxp = t.font.maxp().ok()?.to_owned_table();
    maxp.num_glyphs = total as u16;

    let mut font = FontBuilder::new();
    font.add_table(&outlines.glyf).ok()?;
    font.add_table(&outlines.loca).ok()?;
    font.add_table(&head).ok()?;
    font.add_table(&hhea).ok()?;
    font.add_table(&Hmtx::new(outlines.metrics, Vec::new()))
        .ok()?;
    font.add_table(&maxp).ok()?;
    // No cmap: characters are mapped to glyphs on the original font, and the PDF
    // writer draws glyph ids (its subset drops the cmap anyway). Copying the CJK font's
    // 200 KB cmap into every document's font was a tenth of a small article's time.
    let name = skrifa::raw::types::Tag::new(b"name");
    if let Some(table) = t.font.table_data(name) {
        font.add_raw(name, table.as_bytes());
    }
    if let Ok(os2) = t.font.os2() {
        font.add_table(&scaled_os2(os2.to_owned_table(), q)).ok()?;
    }
    if let Ok(post) = t.font.post() {
        font.add_table(&scaled_post(post.to_owned_table(), q))
            .ok()?;
    }
    Some(font.build())
}

/// The glyphs the document uses and the glyphs they are made of (and `.notdef`),
/// prepared or taken from the cache; the other ~30,000 stay empty and cost a loca and
/// an hmtx entry each.
fn prepare_used(
    t: &Source,
    plan: &Plan,
    used: &BTreeSet<u16>,
    cache: &GlyphCache,
    total: usize,
) -> Option<BTreeMap<usize, Arc<Prepared>>> {
    let mut glyphs: BTreeMap<usize, Arc<Prepared>> = BTreeMap::new();
    let mut todo: Vec<usize> = used.iter().map(|g| usize::from(*g)).collect();
    todo.push(0);
    while let Some(i) = todo.pop() {
        if i >= total || glyphs.contains_key(&i) {
            continue;
        }
        let prepared = cache.get_or_make(i, || prepare(t, plan, i), |p| p.data.0.len() + 64)?;
        todo.extend(prepared.components.iter().copied());
        glyphs.insert(i, prepared);
    }
    Some(glyphs)
}

/// glyf, loca and hmtx, which have an entry for every glyph; only the used ones have an
/// outline (and a left side bearing, and a say in the font's bounds).
struct Outlines {
    glyf: write_fonts::tables::glyf::Glyf,
    loca: write_fonts::tables::loca::Loca,
    loca_format: LocaFormat,
    metrics: Vec<LongMetric>,
    bounds: Bbox,
    min_lsb: i16,
    min_rsb: i16,
    max_extent: i16,
}

impl Outlines {
    fn build(glyphs: &BTreeMap<usize, Arc<Prepared>>, plan: &Plan) -> Option<Outlines> {
        let empty = Compiled(Vec::new());
        let mut glyf = GlyfLocaBuilder::new();
        let mut metrics: Vec<LongMetric> = plan
            .advances
            .iter()
            .map(|&advance| LongMetric::new(advance, 0))
            .collect();
        let mut bounds: Option<Bbox> = None;
        let (mut min_lsb, mut min_rsb, mut max_extent) = (i16::MAX, i16::MAX, i16::MIN);
        let mut next = glyphs.iter().peekable();
        for (i, metric) in metrics.iter_mut().enumerate() {
            let Some((_, g)) = next.next_if(|(id, _)| **id == i) else {
                glyf.add_glyph(&empty).ok()?;
                continue;
            };
            glyf.add_glyph(&g.data).ok()?;
            let Some(bbox) = g.bbox else {
                continue;
            };
            metric.side_bearing = bbox.x_min;
            bounds = Some(bounds.map_or(bbox, |b| b.union(bbox)));
            min_lsb = min_lsb.min(bbox.x_min);
            min_rsb = min_rsb.min(clamp16(i32::from(metric.advance) - i32::from(bbox.x_max)));
            max_extent = max_extent.max(bbox.x_max);
        }
        let (glyf, loca, loca_format) = glyf.build();
        let bounds = bounds.unwrap_or_default();
        if bounds == Bbox::default() {
            (min_lsb, min_rsb, max_extent) = (0, 0, 0);
        }
        Some(Outlines {
            glyf,
            loca,
            loca_format,
            metrics,
            bounds,
            min_lsb,
            min_rsb,
            max_extent,
        })
    }
}

/// The hhea table in the built font's units, with the extents of its outlines.
fn scaled_hhea(
    mut hhea: write_fonts::tables::hhea::Hhea,
    q: i32,
    plan: &Plan,
    outlines: &Outlines,
    total: usize,
) -> write_fonts::tables::hhea::Hhea {
    hhea.ascender = scale16(hhea.ascender.to_i16(), q).into();
    hhea.descender = scale16(hhea.descender.to_i16(), q).into();
    hhea.line_gap = scale16(hhea.line_gap.to_i16(), q).into();
    hhea.caret_offset = scale16(hhea.caret_offset, q);
    hhea.advance_width_max = plan.max_advance.into();
    hhea.min_left_side_bearing = outlines.min_lsb.into();
    hhea.min_right_side_bearing = outlines.min_rsb.into();
    hhea.x_max_extent = outlines.max_extent.into();
    hhea.number_of_h_metrics = total as u16;
    hhea
}

/// The post table, version 3 (no glyph names: the appended twins have none), its
/// underline in the built font's units.
fn scaled_post(
    mut post: write_fonts::tables::post::Post,
    q: i32,
) -> write_fonts::tables::post::Post {
    post.version = Version16Dot16::VERSION_3_0;
    post.num_glyphs = None;
    post.glyph_name_index = None;
    post.string_data = None;
    post.underline_position = scale16(post.underline_position.to_i16(), q).into();
    post.underline_thickness = scale16(post.underline_thickness.to_i16(), q).into();
    post
}

/// The OS/2 table with its vertical and horizontal measures in the built font's units.
fn scaled_os2(mut os2: write_fonts::tables::os2::Os2, q: i32) -> write_fonts::tables::os2::Os2 {
    for v in [
        &mut os2.x_avg_char_width,
        &mut os2.y_subscript_x_size,
        &mut os2.y_subscript_y_size,
        &mut os2.y_subscript_x_offset,
        &mut os2.y_subscript_y_offset,
        &mut os2.y_superscript_x_size,
        &mut os2.y_superscript_y_size,
        &mut os2.y_superscript_x_offset,
        &mut os2.y_superscript_y_offset,
        &mut os2.y_strikeout_size,
        &mut os2.y_strikeout_position,
        &mut os2.s_typo_ascender,
        &mut os2.s_typo_descender,
        &mut os2.s_typo_line_gap,
    ] {
        *v = scale16(*v, q);
    }
    for v in [&mut os2.us_win_ascent, &mut os2.us_win_descent] {
        *v = scale(i32::from(*v), q).clamp(0, i32::from(u16::MAX)) as u16;
    }
    for v in [&mut os2.sx_height, &mut os2.s_cap_height]
        .into_iter()
        .flatten()
    {
        *v = scale16(*v, q);
    }
    os2
}

#[cfg(test)]
mod tests {
    use super::*;
    use skrifa::instance::{LocationRef, Size};
    use skrifa::{FontRef, MetadataProvider};

    #[test]
    fn requantised_font_keeps_metrics_and_adds_half_width_twins() {
        let fs = crate::fonts::FontSet::load(None).expect("fonts");
        let orig = FontRef::new(&fs.regular).expect("font");
        let comma = orig.charmap().map('，').expect("comma").to_u32() as u16;
        let quote = orig.charmap().map('「').expect("bracket").to_u32() as u16;
        let zhong = orig.charmap().map('中').expect("中").to_u32() as u16;
        let plan = plan(&fs.regular, 4, &[(comma, false), (quote, true)]).expect("plan");
        assert_eq!(plan.half.len(), 2);
        let twin = *plan.half.get(&comma).expect("twin");
        let used = [zhong, twin].into_iter().collect();
        let cache = GlyphCache::default();
        let data = build(&fs.regular, &plan, &used, &cache).expect("built");
        // A second document from the same cache gets the same bytes as a fresh build.
        let again = build(&fs.regular, &plan, &used, &cache).expect("built again");
        let fresh = build(&fs.regular, &plan, &used, &GlyphCache::default()).expect("fresh");
        assert!(data == again && data == fresh);
        let f = FontRef::new(&data).expect("built font parses");
        let m = f.glyph_metrics(Size::new(10.0), LocationRef::default());
        let adv = |g: u16| {
            m.advance_width(skrifa::GlyphId::new(u32::from(g)))
                .unwrap_or(0.0)
        };
        assert!((adv(zhong) - 10.0).abs() < 0.001);
        assert!((adv(twin) - 5.0).abs() < 0.001);
        // Only the used glyphs carry outlines: the font is tiny.
        assert!(data.len() < 400_000, "{}", data.len());
    }

    /// Contour ends, points (x, y, on curve) and box of a simple glyph.
    type Outline = (Vec<u16>, Vec<(i16, i16, bool)>, [i16; 4]);

    /// The outline of glyph `i`, as read back (`None`: empty or composite).
    fn outline(font: &FontRef, i: u16) -> Option<Outline> {
        use skrifa::raw::TableProvider;
        let glyf = font.glyf().ok()?;
        let glyph = font
            .loca(None)
            .ok()?
            .get_glyf(GlyphId::new(u32::from(i)), &glyf)
            .ok()??;
        match glyph {
            read_glyf::Glyph::Simple(g) => Some((
                g.end_pts_of_contours().iter().map(|e| e.get()).collect(),
                g.points().map(|p| (p.x, p.y, p.on_curve)).collect(),
                [g.x_min(), g.y_min(), g.x_max(), g.y_max()],
            )),
            read_glyf::Glyph::Composite(_) => None,
        }
    }

    fn glyph_of(font: &FontRef, c: char) -> u16 {
        font.charmap().map(c).expect("mapped").to_u32() as u16
    }

    /// With the em kept (quantum 1), every kept glyph of the prepared font is the
    /// source's: glyph count (plus twins), advances, outlines and boxes; the glyphs the
    /// document does not use are empty, and a closing twin is its source at half width.
    #[test]
    fn kept_glyphs_equal_the_source() {
        use skrifa::raw::TableProvider;
        let fs = crate::fonts::FontSet::load(None).expect("fonts");
        let src = FontRef::new(&fs.regular).expect("font");
        let comma = glyph_of(&src, '，');
        let plan = plan(&fs.regular, 1, &[(comma, false)]).expect("plan");
        assert_eq!(plan.quantum, 1);
        let twin = *plan.half.get(&comma).expect("twin");
        let used: BTreeSet<u16> = "报纸，中文。".chars().map(|c| glyph_of(&src, c)).collect();
        let used_and_twin = used.iter().copied().chain([twin]).collect();
        let data =
            build(&fs.regular, &plan, &used_and_twin, &GlyphCache::default()).expect("built");
        let built = FontRef::new(&data).expect("parses");
        let n = src.maxp().expect("maxp").num_glyphs();
        assert_eq!(built.maxp().expect("maxp").num_glyphs(), n + 1);
        assert_eq!(
            built.head().expect("head").units_per_em(),
            src.head().expect("head").units_per_em()
        );
        let (sh, bh) = (src.hmtx().expect("hmtx"), built.hmtx().expect("hmtx"));
        for &g in &used {
            let id = GlyphId::new(u32::from(g));
            assert_eq!(bh.advance(id), sh.advance(id), "advance of {g}");
            assert_eq!(bh.side_bearing(id), sh.side_bearing(id), "bearing of {g}");
            let source = outline(&src, g).expect("simple");
            assert_eq!(outline(&built, g), Some(source), "outline of {g}");
        }
        // Every glyph keeps its advance; one the document does not use has no outline.
        let unused = (1..n).find(|g| !used.contains(g)).expect("an unused glyph");
        let id = GlyphId::new(u32::from(unused));
        assert_eq!(bh.advance(id), sh.advance(id));
        assert!(outline(&built, unused).is_none());
        // The twin: the comma's outline, half the em wide.
        let twin_id = GlyphId::new(u32::from(twin));
        assert_eq!(bh.advance(twin_id), Some(plan.half_advance()));
        assert_eq!(outline(&built, twin), outline(&src, comma));
    }

    /// Requantised (quantum 4): every point is the source point divided and rounded, the
    /// advances likewise, an opening twin is shifted left by half the new em, and the
    /// header and OS/2 metrics are in the new units.
    #[test]
    fn requantised_glyphs_are_the_source_scaled() {
        use skrifa::raw::TableProvider;
        let fs = crate::fonts::FontSet::load(None).expect("fonts");
        let src = FontRef::new(&fs.bold).expect("font");
        let quote = glyph_of(&src, '「');
        let plan = plan(&fs.bold, 4, &[(quote, true)]).expect("plan");
        let twin = *plan.half.get(&quote).expect("twin");
        let used: BTreeSet<u16> = "国「际」".chars().map(|c| glyph_of(&src, c)).collect();
        let used_and_twin = used.iter().copied().chain([twin]).collect();
        let data = build(&fs.bold, &plan, &used_and_twin, &GlyphCache::default()).expect("built");
        let built = FontRef::new(&data).expect("parses");
        let q = |v: i16| scale16(v, 4);
        for &g in &used {
            let (ends, points, _) = outline(&src, g).expect("simple");
            let scaled: Vec<_> = points.iter().map(|&(x, y, on)| (q(x), q(y), on)).collect();
            let (built_ends, built_points, bbox) = outline(&built, g).expect("kept");
            assert_eq!((built_ends, &built_points), (ends, &scaled), "glyph {g}");
            let xs = scaled.iter().map(|p| p.0);
            assert_eq!(bbox[0], xs.clone().min().unwrap_or(0));
            assert_eq!(bbox[2], xs.max().unwrap_or(0));
            let id = GlyphId::new(u32::from(g));
            let advance = src.hmtx().expect("hmtx").advance(id).expect("advance");
            assert_eq!(
                built.hmtx().expect("hmtx").advance(id),
                Some(scale(i32::from(advance), 4) as u16)
            );
        }
        let (_, points, _) = outline(&src, quote).expect("simple");
        let shift = plan.half_advance() as i16;
        let shifted: Vec<_> = points
            .iter()
            .map(|&(x, y, on)| (q(x) - shift, q(y), on))
            .collect();
        assert_eq!(outline(&built, twin).map(|o| o.1), Some(shifted));
        assert_eq!(built.head().expect("head").units_per_em(), 250);
        let (s, b) = (src.os2().expect("os2"), built.os2().expect("os2"));
        assert_eq!(b.s_typo_ascender(), q(s.s_typo_ascender()));
        assert_eq!(
            b.us_win_descent(),
            scale(i32::from(s.us_win_descent()), 4) as u16
        );
        let (s, b) = (src.hhea().expect("hhea"), built.hhea().expect("hhea"));
        assert_eq!(b.ascender().to_i16(), q(s.ascender().to_i16()));
        assert_eq!(
            b.number_of_h_metrics(),
            built.maxp().expect("maxp").num_glyphs()
        );
        // No glyph names (the twins have none), no character map.
        assert_eq!(
            built.post().expect("post").version(),
            Version16Dot16::VERSION_3_0
        );
        assert!(built.cmap().is_err());
    }

    #[test]
    fn non_truetype_data_is_left_alone() {
        assert!(plan(b"OTTO....", 4, &[]).is_none());
        assert!(plan(&[0, 1, 0, 0, 0, 0], 4, &[]).is_none());
    }
}
