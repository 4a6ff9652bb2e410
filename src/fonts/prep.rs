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
//! Fonts that are not TrueType-flavoured (CFF), or that fail to parse here, are used
//! unchanged: the typesetter then squeezes by positioning, as before.

use std::collections::BTreeMap;

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(o)?, *d.get(o + 1)?]))
}
fn i16_at(d: &[u8], o: usize) -> Option<i16> {
    u16_at(d, o).map(|v| v as i16)
}
fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(o)?,
        *d.get(o + 1)?,
        *d.get(o + 2)?,
        *d.get(o + 3)?,
    ]))
}

fn table<'a>(d: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let n = usize::from(u16_at(d, 4)?);
    for i in 0..n {
        let r = 12 + 16 * i;
        if d.get(r..r + 4)? == tag {
            let off = u32_at(d, r + 8)? as usize;
            let len = u32_at(d, r + 12)? as usize;
            return d.get(off..off.checked_add(len)?);
        }
    }
    None
}

/// A decoded glyph.
#[derive(Debug, Clone)]
enum Glyph {
    Empty,
    Simple {
        ends: Vec<u16>,
        on: Vec<bool>,
        xs: Vec<i32>,
        ys: Vec<i32>,
    },
    /// Composite: raw component records (rewritten with scaled offsets) and bbox.
    Composite {
        records: Vec<u8>,
        bbox: [i32; 4],
    },
}

fn decode_simple(g: &[u8], nc: usize) -> Option<Glyph> {
    let mut ends = Vec::with_capacity(nc);
    for i in 0..nc {
        ends.push(u16_at(g, 10 + 2 * i)?);
    }
    let npts = ends.last().map_or(0, |e| usize::from(*e) + 1);
    let mut p = 10 + 2 * nc;
    let il = usize::from(u16_at(g, p)?);
    p += 2 + il;
    let mut flags = Vec::with_capacity(npts);
    while flags.len() < npts {
        let f = *g.get(p)?;
        p += 1;
        flags.push(f);
        if f & 8 != 0 {
            let r = *g.get(p)?;
            p += 1;
            for _ in 0..r {
                flags.push(f);
            }
        }
    }
    flags.truncate(npts);
    let mut read = |short: u8, same: u8| -> Option<Vec<i32>> {
        let mut v = Vec::with_capacity(npts);
        let mut c = 0i32;
        for &f in &flags {
            if f & short != 0 {
                let b = i32::from(*g.get(p)?);
                p += 1;
                c += if f & same != 0 { b } else { -b };
            } else if f & same == 0 {
                c += i32::from(i16_at(g, p)?);
                p += 2;
            }
            v.push(c);
        }
        Some(v)
    };
    let xs = read(2, 16)?;
    let ys = read(4, 32)?;
    Some(Glyph::Simple {
        ends,
        on: flags.iter().map(|f| f & 1 != 0).collect(),
        xs,
        ys,
    })
}

fn decode_composite(g: &[u8], q: i32) -> Option<Glyph> {
    let bbox = [i16_at(g, 2)?, i16_at(g, 4)?, i16_at(g, 6)?, i16_at(g, 8)?]
        .map(|v| scale(i32::from(v), q));
    let mut p = 10;
    let mut out = Vec::new();
    loop {
        let flags = u16_at(g, p)?;
        let gid = u16_at(g, p + 2)?;
        p += 4;
        let (a1, a2) = if flags & 1 != 0 {
            let v = (i32::from(i16_at(g, p)?), i32::from(i16_at(g, p + 2)?));
            p += 4;
            v
        } else {
            let v = if flags & 2 != 0 {
                (i32::from(*g.get(p)? as i8), i32::from(*g.get(p + 1)? as i8))
            } else {
                (i32::from(*g.get(p)?), i32::from(*g.get(p + 1)?))
            };
            p += 2;
            v
        };
        let (a1, a2) = if flags & 2 != 0 {
            (scale(a1, q), scale(a2, q))
        } else {
            (a1, a2)
        };
        let tlen = if flags & 8 != 0 {
            2
        } else if flags & 0x40 != 0 {
            4
        } else if flags & 0x80 != 0 {
            8
        } else {
            0
        };
        let more = flags & 0x20 != 0;
        // Words for the arguments, no instructions.
        let new_flags = (flags | 1) & !0x100;
        out.extend_from_slice(&new_flags.to_be_bytes());
        out.extend_from_slice(&gid.to_be_bytes());
        for a in [a1, a2] {
            let v = if flags & 2 != 0 {
                a.clamp(-32768, 32767) as i16 as u16
            } else {
                a.clamp(0, 65535) as u16
            };
            out.extend_from_slice(&v.to_be_bytes());
        }
        out.extend_from_slice(g.get(p..p + tlen)?);
        p += tlen;
        if !more {
            break;
        }
    }
    Some(Glyph::Composite { records: out, bbox })
}

/// Glyph ids of the components in rewritten composite records (arguments are words).
fn component_ids(records: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut p = 0;
    while let (Some(flags), Some(gid)) = (u16_at(records, p), u16_at(records, p + 2)) {
        out.push(usize::from(gid));
        let tlen = if flags & 8 != 0 {
            2
        } else if flags & 0x40 != 0 {
            4
        } else if flags & 0x80 != 0 {
            8
        } else {
            0
        };
        p += 8 + tlen;
        if flags & 0x20 == 0 {
            break;
        }
    }
    out
}

fn scale(v: i32, q: i32) -> i32 {
    if q == 1 {
        v
    } else {
        (f64::from(v) / f64::from(q)).round() as i32
    }
}

fn encode(g: &Glyph, out: &mut Vec<u8>) -> [i32; 4] {
    match g {
        Glyph::Empty => [0; 4],
        Glyph::Composite { records, bbox } => {
            out.extend_from_slice(&(-1i16).to_be_bytes());
            for v in bbox {
                out.extend_from_slice(&(*v as i16).to_be_bytes());
            }
            out.extend_from_slice(records);
            *bbox
        }
        Glyph::Simple { ends, on, xs, ys } => {
            let bbox = if xs.is_empty() {
                [0; 4]
            } else {
                [
                    *xs.iter().min().unwrap_or(&0),
                    *ys.iter().min().unwrap_or(&0),
                    *xs.iter().max().unwrap_or(&0),
                    *ys.iter().max().unwrap_or(&0),
                ]
            };
            out.extend_from_slice(&(ends.len() as i16).to_be_bytes());
            for v in bbox {
                out.extend_from_slice(&(v as i16).to_be_bytes());
            }
            for e in ends {
                out.extend_from_slice(&e.to_be_bytes());
            }
            out.extend_from_slice(&0u16.to_be_bytes());
            let mut flags = Vec::with_capacity(xs.len());
            let mut xb = Vec::new();
            let mut yb = Vec::new();
            let (mut px, mut py) = (0, 0);
            for i in 0..xs.len() {
                let mut f = u8::from(on[i]);
                for (d, short, same, buf) in [
                    (xs[i] - px, 2u8, 16u8, &mut xb),
                    (ys[i] - py, 4, 32, &mut yb),
                ] {
                    if d == 0 {
                        f |= same;
                    } else if (-255..=255).contains(&d) {
                        f |= short | if d > 0 { same } else { 0 };
                        buf.push(d.unsigned_abs() as u8);
                    } else {
                        buf.extend_from_slice(&(d.clamp(-32768, 32767) as i16).to_be_bytes());
                    }
                }
                px = xs[i];
                py = ys[i];
                flags.push(f);
            }
            let mut i = 0;
            while i < flags.len() {
                let mut j = i;
                while j + 1 < flags.len() && flags[j + 1] == flags[i] && j - i < 255 {
                    j += 1;
                }
                if j > i {
                    out.push(flags[i] | 8);
                    out.push((j - i) as u8);
                } else {
                    out.push(flags[i]);
                }
                i = j + 1;
            }
            out.extend_from_slice(&xb);
            out.extend_from_slice(&yb);
            bbox
        }
    }
}

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
    /// The built font's `hmtx` with every left side bearing 0 (each document's font
    /// sets those of the glyphs it uses), and its largest advance: the same for every
    /// document, so made once.
    pub hmtx: Vec<u8>,
    pub max_advance: i32,
}

/// A glyph as the built font stores it: the encoded outline (padded to an even length),
/// its bounding box, and the glyphs a composite is made of.
#[derive(Debug)]
pub struct Prepared {
    data: Vec<u8>,
    bbox: [i32; 4],
    empty: bool,
    components: Vec<usize>,
}

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

struct Tables<'a> {
    head: &'a [u8],
    hhea: &'a [u8],
    maxp: &'a [u8],
    hmtx: &'a [u8],
    loca: &'a [u8],
    glyf: &'a [u8],
    long_loca: bool,
    n: usize,
    n_h: usize,
}

impl<'a> Tables<'a> {
    fn read(data: &'a [u8]) -> Option<Self> {
        if u32_at(data, 0)? != 0x0001_0000 {
            return None;
        }
        let head = table(data, b"head")?;
        let hhea = table(data, b"hhea")?;
        let maxp = table(data, b"maxp")?;
        let n = usize::from(u16_at(maxp, 4)?);
        Some(Tables {
            head,
            hhea,
            maxp,
            hmtx: table(data, b"hmtx")?,
            loca: table(data, b"loca")?,
            glyf: table(data, b"glyf")?,
            long_loca: i16_at(head, 50)? == 1,
            n,
            n_h: usize::from(u16_at(hhea, 34)?).clamp(1, n.max(1)),
        })
    }

    fn raw(&self, i: usize) -> Option<&'a [u8]> {
        let off = |i: usize| -> Option<usize> {
            if self.long_loca {
                u32_at(self.loca, 4 * i).map(|v| v as usize)
            } else {
                u16_at(self.loca, 2 * i).map(|v| 2 * usize::from(v))
            }
        };
        let (a, b) = (off(i)?, off(i + 1)?);
        if b <= a {
            Some(&[])
        } else {
            self.glyf.get(a..b)
        }
    }

    fn glyph(&self, i: usize, q: i32) -> Option<Glyph> {
        let g = self.raw(i)?;
        if g.is_empty() {
            return Some(Glyph::Empty);
        }
        let nc = i16_at(g, 0)?;
        if nc < 0 {
            return decode_composite(g, q);
        }
        Some(match decode_simple(g, nc as usize)? {
            Glyph::Simple { ends, on, xs, ys } => Glyph::Simple {
                ends,
                on,
                xs: xs.into_iter().map(|v| scale(v, q)).collect(),
                ys: ys.into_iter().map(|v| scale(v, q)).collect(),
            },
            other => other,
        })
    }

    fn advance(&self, i: usize) -> Option<u16> {
        u16_at(self.hmtx, 4 * i.min(self.n_h - 1))
    }
}

/// Plans the rewrite of a TrueType font: `quantum` divides the em (when it divides the
/// font's units per em), `marks` are (glyph, is_opening) pairs that get a half-width
/// twin (only simple, non-empty glyphs do). `None` for fonts this module cannot
/// rewrite (CFF, damaged).
pub fn plan(data: &[u8], quantum: u16, marks: &[(u16, bool)]) -> Option<Plan> {
    let t = Tables::read(data)?;
    let upem = u16_at(t.head, 18)?;
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
            || !matches!(t.glyph(usize::from(gid), 1), Some(Glyph::Simple { .. }))
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
        hmtx: Vec::new(),
        max_advance: 0,
    };
    let q = i32::from(quantum);
    let half_adv = i32::from(plan.half_advance());
    let total = t.n + plan.twins.len();
    let mut hmtx = Vec::with_capacity(4 * total);
    for i in 0..total {
        let adv = if i < t.n {
            scale(i32::from(t.advance(i)?), q)
        } else {
            half_adv
        };
        plan.max_advance = plan.max_advance.max(adv);
        hmtx.extend_from_slice(&adv.clamp(0, 65535).to_be_bytes()[2..]);
        hmtx.extend_from_slice(&[0, 0]);
    }
    plan.hmtx = hmtx;
    Some(plan)
}

/// Glyph `i` of the built font, rewritten per `plan`: an original glyph requantised, or
/// a half-width twin (`i` past the original glyphs).
fn prepare(t: &Tables, plan: &Plan, i: usize) -> Option<Prepared> {
    let q = i32::from(plan.quantum);
    let g = if i >= t.n {
        let (src, opening) = *plan.twins.get(i - t.n)?;
        match t.glyph(usize::from(src), q) {
            Some(Glyph::Simple { ends, on, xs, ys }) => {
                let shift = if opening {
                    i32::from(plan.half_advance())
                } else {
                    0
                };
                Glyph::Simple {
                    ends,
                    on,
                    xs: xs.into_iter().map(|x| x - shift).collect(),
                    ys,
                }
            }
            _ => Glyph::Empty,
        }
    } else {
        t.glyph(i, q)?
    };
    let components = match &g {
        Glyph::Composite { records, .. } => component_ids(records),
        _ => Vec::new(),
    };
    let mut data = Vec::new();
    let bbox = encode(&g, &mut data);
    if data.len() % 2 == 1 {
        data.push(0);
    }
    Some(Prepared {
        data,
        bbox,
        empty: matches!(g, Glyph::Empty),
        components,
    })
}

/// Builds the font for one document: every glyph in `used` (and the components of
/// composites) rewritten per `plan`; all other glyphs empty, so the work and the
/// result are proportional to the document, not to the 30,000-glyph font.
pub fn build(
    data: &[u8],
    plan: &Plan,
    used: &std::collections::BTreeSet<u16>,
    cache: &GlyphCache,
) -> Option<Vec<u8>> {
    let t = Tables::read(data)?;
    let (head, hhea, maxp) = (t.head, t.hhea, t.maxp);
    let q = i32::from(plan.quantum);
    let n = t.n;
    let total = n + plan.twins.len();
    if total > 65535 {
        return None;
    }
    let new_upem = i32::from(plan.output_units_per_em());
    // Only the glyphs the document uses are prepared (or taken from the cache); the
    // other ~30,000 stay empty and cost a loca and an hmtx entry each.
    let mut glyphs: BTreeMap<usize, std::sync::Arc<Prepared>> = BTreeMap::new();
    let mut todo: Vec<usize> = used.iter().map(|g| usize::from(*g)).collect();
    todo.push(0);
    while let Some(i) = todo.pop() {
        if i >= total || glyphs.contains_key(&i) {
            continue;
        }
        let prepared = cache.get_or_make(i, || prepare(&t, plan, i), |p| p.data.len() + 64)?;
        todo.extend(prepared.components.iter().copied());
        glyphs.insert(i, prepared);
    }
    // glyf, loca, hmtx: loca and hmtx have an entry for every glyph, but only the used
    // ones have data (and a left side bearing to set).
    if plan.hmtx.len() != 4 * total {
        return None;
    }
    let mut new_glyf = Vec::new();
    let mut new_loca = vec![0u8; 4 * (total + 1)];
    let mut new_hmtx = plan.hmtx.clone();
    let (mut x_min, mut y_min, mut x_max, mut y_max) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
    let (mut min_lsb, mut min_rsb, mut max_ext) = (i32::MAX, i32::MAX, i32::MIN);
    let max_adv = plan.max_advance;
    let mut next = 0; // first glyph whose loca entry is not yet written
    for (&i, g) in &glyphs {
        let offset = (new_glyf.len() as u32).to_be_bytes();
        for entry in new_loca[4 * next..4 * (i + 1)].chunks_exact_mut(4) {
            entry.copy_from_slice(&offset);
        }
        next = i + 1;
        new_glyf.extend_from_slice(&g.data);
        if g.empty {
            continue;
        }
        let (bbox, lsb) = (g.bbox, g.bbox[0]);
        let adv = i32::from(u16_at(&new_hmtx, 4 * i).unwrap_or(0));
        new_hmtx[4 * i + 2..4 * i + 4].copy_from_slice(&(lsb as i16).to_be_bytes());
        x_min = x_min.min(bbox[0]);
        y_min = y_min.min(bbox[1]);
        x_max = x_max.max(bbox[2]);
        y_max = y_max.max(bbox[3]);
        min_lsb = min_lsb.min(lsb);
        min_rsb = min_rsb.min(adv - bbox[2]);
        max_ext = max_ext.max(bbox[2]);
    }
    let offset = (new_glyf.len() as u32).to_be_bytes();
    for entry in new_loca[4 * next..].chunks_exact_mut(4) {
        entry.copy_from_slice(&offset);
    }
    let put = |t: &mut Vec<u8>, o: usize, v: i32| {
        if let Some(s) = t.get_mut(o..o + 2) {
            s.copy_from_slice(&(v.clamp(-32768, 65535) as u16).to_be_bytes());
        }
    };
    let sc = |t: &[u8], o: usize| i16_at(t, o).map_or(0, |v| scale(i32::from(v), q));
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    put(&mut new_head, 18, new_upem);
    for (o, v) in [(36, x_min), (38, y_min), (40, x_max), (42, y_max)] {
        put(&mut new_head, o, v);
    }
    put(&mut new_head, 50, 1);
    let mut new_hhea = hhea.to_vec();
    for o in [4, 6, 8, 22] {
        put(&mut new_hhea, o, sc(hhea, o));
    }
    put(&mut new_hhea, 10, max_adv);
    put(&mut new_hhea, 12, min_lsb);
    put(&mut new_hhea, 14, min_rsb);
    put(&mut new_hhea, 16, max_ext);
    put(&mut new_hhea, 34, total as i32);
    let mut new_maxp = maxp.to_vec();
    put(&mut new_maxp, 4, total as i32);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"glyf", new_glyf),
        (*b"head", new_head),
        (*b"hhea", new_hhea),
        (*b"hmtx", new_hmtx),
        (*b"loca", new_loca),
        (*b"maxp", new_maxp),
    ];
    // No cmap: characters are mapped to glyphs on the original font, and the PDF
    // writer draws glyph ids (its subset drops the cmap anyway). Copying the CJK font's
    // 200 KB cmap into every document's font was a tenth of a small article's time.
    if let Some(t) = table(data, b"name") {
        tables.push((*b"name", t.to_vec()));
    }
    if let Some(os2) = table(data, b"OS/2") {
        let mut t = os2.to_vec();
        let mut fields = vec![2, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 68, 70, 72];
        if u16_at(os2, 0).unwrap_or(0) >= 2 {
            fields.extend([86, 88]);
        }
        for o in fields {
            if o + 2 <= t.len() {
                put(&mut t, o, sc(os2, o));
            }
        }
        for o in [74, 76] {
            if o + 2 <= t.len() {
                put(&mut t, o, scale(i32::from(u16_at(os2, o).unwrap_or(0)), q));
            }
        }
        tables.push((*b"OS/2", t));
    }
    if let Some(post) = table(data, b"post") {
        // Version 3: no glyph names (the appended twins have none).
        let mut t = post.get(..32)?.to_vec();
        t[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        put(&mut t, 8, sc(post, 8));
        put(&mut t, 10, sc(post, 10));
        tables.push((*b"post", t));
    }
    tables.sort_by_key(|t| t.0);
    Some(write_sfnt(&tables))
}

fn checksum(d: &[u8]) -> u32 {
    d.chunks(4).fold(0u32, |s, c| {
        let mut b = [0u8; 4];
        b[..c.len()].copy_from_slice(c);
        s.wrapping_add(u32::from_be_bytes(b))
    })
}

fn write_sfnt(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&(pow * 16).to_be_bytes());
    out.extend_from_slice(&log.to_be_bytes());
    out.extend_from_slice(&(n * 16 - pow * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    for (tag, t) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(t).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(t.len() as u32).to_be_bytes());
        offset += t.len().div_ceil(4) * 4;
    }
    for (_, t) in tables {
        out.extend_from_slice(t);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    out
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

    #[test]
    fn non_truetype_data_is_left_alone() {
        assert!(plan(b"OTTO....", 4, &[]).is_none());
        assert!(plan(&[0, 1, 0, 0, 0, 0], 4, &[]).is_none());
    }
}
