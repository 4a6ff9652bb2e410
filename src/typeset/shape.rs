//! Shaping: characters → (font, glyph id, advance), with font fallback.
//!
//! Chinese text needs no contextual shaping (no ligatures, no reordering), so a glyph per
//! character from the `cmap` plus its `hmtx` advance is the whole job; that keeps this
//! stage fast and free of a shaping engine. Fallback order: the requested face of the
//! bundled family, the other bundled face, then the user's fonts (`--font`). A character
//! no font has is drawn as the primary font's `.notdef` box and reported once.

use crate::cjk::Room;
use crate::error::{Error, Result};
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

/// Index of a face in a [`FontBook`]: 0 regular, 1 bold, 2.. user fonts.
pub type FontId = usize;
pub const REGULAR: FontId = 0;
pub const BOLD: FontId = 1;

/// Where a line's baseline sits in its em box, from the top: the ideographic em box of
/// the bundled faces runs from 0.88 em above the baseline to 0.12 em below it.
pub const ASCENT: f32 = 0.88;

/// The faces available to the typesetter, as shared bytes. Cheap to clone.
#[derive(Clone)]
pub struct FontBook {
    faces: Vec<Arc<Vec<u8>>>,
    /// Per face: full-width mark glyph → its half-width twin.
    half: Vec<Arc<BTreeMap<u16, u16>>>,
    /// Per face: how `fontprep` rewrites it for output (`None`: used as is).
    plans: Vec<Option<super::fontprep::Plan>>,
    /// Per face: glyph → its vertical alternate (the font's `vert` feature).
    vert: Vec<Arc<BTreeMap<u16, u16>>>,
    /// Per face: where the ink of each adjustable mark is.
    rooms: Vec<Arc<Rooms>>,
}

/// The [`Room`]s of a face's adjustable marks (`cjk::ADJUSTABLE_MARKS`), by character:
/// `across` for its glyph in horizontal text, `down` for the glyph it is drawn with in
/// vertical text. Measured once per font book: about 30 marks, two glyphs each.
#[derive(Debug, Default)]
struct Rooms {
    across: BTreeMap<char, Room>,
    down: BTreeMap<char, Room>,
}

impl std::fmt::Debug for FontBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FontBook({} faces)", self.faces.len())
    }
}

impl FontBook {
    /// Checks that every face parses and has a character map (the error names the
    /// face), then prepares each for print (`fontprep`): half-width mark twins, and the
    /// bundled faces requantised for size.
    pub fn new(
        regular: Arc<Vec<u8>>,
        bold: Arc<Vec<u8>>,
        extra: Vec<(String, Arc<Vec<u8>>)>,
    ) -> Result<Self> {
        let mut faces = Vec::with_capacity(2 + extra.len());
        let mut half = Vec::with_capacity(2 + extra.len());
        let mut plans = Vec::with_capacity(2 + extra.len());
        let mut vert = Vec::with_capacity(2 + extra.len());
        let mut rooms = Vec::with_capacity(2 + extra.len());
        let named = [
            ("bundled regular".to_string(), regular),
            ("bundled bold".to_string(), bold),
        ];
        for (i, (name, data)) in named.into_iter().chain(extra).enumerate() {
            let font = FontRef::new(&data)
                .map_err(|e| Error::Font(format!("{name}: cannot read font: {e}")))?;
            if font.head().is_err() || !font.charmap().has_map() {
                return Err(Error::Font(format!(
                    "{name}: font has no usable head/cmap table"
                )));
            }
            let upem = font.head().map(|h| h.units_per_em()).unwrap_or(1000).max(1);
            let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
            let alternates = vertical_alternates(&font);
            let face_rooms = measure_rooms(&font, &metrics, &alternates);
            // The full-width marks that get half-width twins: those that give up a
            // whole half (a centred mark's twin would cut through its ink).
            let marks: Vec<(u16, bool)> = crate::cjk::ADJUSTABLE_MARKS
                .chars()
                .filter_map(|c| {
                    let gid = font.charmap().map(c)?;
                    let adv = metrics.advance_width(gid)?;
                    let opening = crate::cjk::is_opening_mark(c);
                    let cut = crate::cjk::cut(c, face_rooms.across.get(&c).copied());
                    (adv >= 0.9 * f32::from(upem) && cut.before.max(cut.after) >= 0.5)
                        .then_some((u16::try_from(gid.to_u32()).ok()?, opening))
                })
                .collect();
            // Bundled text faces: 1000 → 125 (regular, body sizes) or 250 (bold,
            // headline sizes) units per em; user fonts keep their outlines exactly.
            let quantum = match i {
                REGULAR => 8,
                BOLD => 4,
                _ => 1,
            };
            let plan = super::fontprep::plan(&data, quantum, &marks);
            half.push(Arc::new(
                plan.as_ref().map(|p| p.half.clone()).unwrap_or_default(),
            ));
            plans.push(plan);
            vert.push(Arc::new(alternates));
            rooms.push(Arc::new(face_rooms));
            faces.push(data);
        }
        Ok(FontBook {
            faces,
            half,
            plans,
            vert,
            rooms,
        })
    }

    pub fn faces(&self) -> &[Arc<Vec<u8>>] {
        &self.faces
    }

    pub fn plans(&self) -> &[Option<super::fontprep::Plan>] {
        &self.plans
    }
}

/// The glyph of `glyph` (character `c`) for vertical text in a face with vertical
/// alternates `vert` and character map `charmap`: the `vert` alternate, else — unless
/// the face draws the mark `centred` (Noto CJK TC's ，。、 have no `vert` alternate:
/// Taiwan and Hong Kong type centres them in both directions) — the face's glyph for
/// the Unicode vertical presentation form of `c` ([`crate::cjk::vertical_form`]; a
/// font's `vert` may skip marks whose forms it has).
fn vertical_glyph_in(
    vert: &BTreeMap<u16, u16>,
    charmap: &skrifa::charmap::Charmap<'_>,
    glyph: u16,
    c: char,
    centred: bool,
) -> Option<u16> {
    if let Some(&v) = vert.get(&glyph) {
        return Some(v);
    }
    if centred {
        return None;
    }
    let form = crate::cjk::vertical_form(c)?;
    let gid = charmap.map(form)?;
    u16::try_from(gid.to_u32()).ok().filter(|&g| g != 0)
}

/// Where the ink of each adjustable mark of `font` is, from its glyphs' bounding boxes
/// (the `glyf` box, or the outline's for CFF). Across: left and right of the ink in the
/// advance. Down (vertical text, the glyph the shaper draws there): above and below the
/// ink in the em box [`ASCENT`] above to 1 − [`ASCENT`] below the baseline; a mark that
/// lies on its side there has its across room.
fn measure_rooms(
    font: &FontRef<'_>,
    metrics: &GlyphMetrics<'_>,
    vert: &BTreeMap<u16, u16>,
) -> Rooms {
    let upem = f32::from(font.head().map(|h| h.units_per_em()).unwrap_or(1000).max(1));
    let charmap = font.charmap();
    let mut rooms = Rooms::default();
    for c in crate::cjk::ADJUSTABLE_MARKS.chars() {
        let Some(gid) = charmap.map(c).filter(|g| g.to_u32() != 0) else {
            continue;
        };
        let (Some(bounds), Some(advance)) = (metrics.bounds(gid), metrics.advance_width(gid))
        else {
            continue;
        };
        let across = Room {
            before: bounds.x_min / upem,
            after: (advance - bounds.x_max) / upem,
        };
        rooms.across.insert(c, across);
        let glyph = u16::try_from(gid.to_u32()).unwrap_or(0);
        let down = match vertical_glyph_in(vert, &charmap, glyph, c, across.centred()) {
            Some(v) => metrics.bounds(skrifa::GlyphId::new(u32::from(v))),
            None if crate::cjk::vertical_upright(c) => Some(bounds),
            None => None,
        };
        let down = down.map_or(across, |b| Room {
            before: ASCENT - b.y_max / upem,
            after: b.y_min / upem + (1.0 - ASCENT),
        });
        rooms.down.insert(c, down);
    }
    rooms
}

/// The single substitutions of a font's OpenType `vert` feature (vertical alternates:
/// ︒ for 。, ﹁ for 「, a vertical bar for —, a vertical ellipsis for …), as the font's
/// designer drew them for vertical writing. Empty when the font has no GSUB or no
/// `vert`; a lookup of another type is skipped (`vert` is single substitution by spec).
fn vertical_alternates(font: &FontRef<'_>) -> BTreeMap<u16, u16> {
    use skrifa::raw::tables::gsub::{SingleSubst, SubstitutionSubtables};
    let mut map = BTreeMap::new();
    let Ok(gsub) = font.gsub() else {
        return map;
    };
    let (Ok(features), Ok(lookups)) = (gsub.feature_list(), gsub.lookup_list()) else {
        return map;
    };
    let mut indices: Vec<u16> = features
        .feature_records()
        .iter()
        .filter(|r| r.feature_tag() == skrifa::Tag::new(b"vert"))
        .filter_map(|r| r.feature(features.offset_data()).ok())
        .flat_map(|f| {
            f.lookup_list_indices()
                .iter()
                .map(|i| i.get())
                .collect::<Vec<_>>()
        })
        .collect();
    indices.sort_unstable();
    indices.dedup();
    for i in indices {
        let Ok(lookup) = lookups.lookups().get(usize::from(i)) else {
            continue;
        };
        let Ok(SubstitutionSubtables::Single(subtables)) = lookup.subtables() else {
            continue;
        };
        for sub in subtables.iter().flatten() {
            let pairs: Vec<(u16, u16)> = match &sub {
                SingleSubst::Format1(t) => t.coverage().map_or(Vec::new(), |c| {
                    c.iter()
                        .map(|g| {
                            let id = g.to_u16();
                            (id, id.wrapping_add(t.delta_glyph_id() as u16))
                        })
                        .collect()
                }),
                SingleSubst::Format2(t) => t.coverage().map_or(Vec::new(), |c| {
                    c.iter()
                        .zip(t.substitute_glyph_ids())
                        .map(|(g, s)| (g.to_u16(), s.get().to_u16()))
                        .collect()
                }),
            };
            for (from, to) in pairs {
                // The first lookup that substitutes a glyph wins, as in a shaper.
                map.entry(from).or_insert(to);
            }
        }
    }
    map
}

/// One character placed in a font.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub ch: char,
    /// Byte range of the character in the paragraph text.
    pub range: Range<usize>,
    pub font: FontId,
    pub glyph: u16,
    /// Natural advance in points.
    pub advance: f32,
    pub size: f32,
    /// Drawn nothing (control characters, line feeds).
    pub invisible: bool,
    /// The half-width twin of this mark's glyph (see `fontprep`), if the font has one.
    pub half: Option<u16>,
    /// Where an adjustable mark's ink is in its em box (see [`Room`]); `None` for other
    /// characters.
    pub room: Option<Room>,
    /// In vertical text: the glyph stands upright (a vertical alternate, or a
    /// character upright by [`crate::cjk::vertical_upright`]); otherwise it lies on its
    /// side. Always true in horizontal text.
    pub upright: bool,
}

struct Face<'a> {
    charmap: skrifa::charmap::Charmap<'a>,
    metrics: GlyphMetrics<'a>,
    upem: f32,
    /// Advances are rounded to this many font units, as `fontprep` writes them.
    quantum: f32,
    /// Advance of a half-width twin glyph, in ems (as `fontprep` writes it).
    half_em: f32,
}

/// Per-document shaping context: borrows the font bytes, remembers missing characters.
pub struct Shaper<'a> {
    faces: Vec<Face<'a>>,
    half: Vec<Arc<BTreeMap<u16, u16>>>,
    /// Characters no face has, for the one warning per document.
    pub missing: BTreeSet<char>,
    /// Recently shaped characters, direct-mapped by code point (see [`Shaped`]).
    cache: Vec<Option<Shaped>>,
    /// Per face: vertical alternates (`vert`), used when `vertical`.
    vert: Vec<Arc<BTreeMap<u16, u16>>>,
    /// Shaping for vertical text: vertical alternate glyphs, no half-width twins.
    vertical: bool,
    /// Per face: where the ink of the adjustable marks is.
    rooms: Vec<Arc<Rooms>>,
}

/// A character looked up through the fallback chain: a newspaper uses a few thousand
/// distinct characters hundreds of times each, and the cmap search, the advance and
/// the twin lookup cost far more than this table.
#[derive(Debug, Clone, Copy)]
struct Shaped {
    ch: char,
    primary: FontId,
    font: FontId,
    glyph: u16,
    /// Advance in ems (times the size: the advance in points).
    em: f32,
    half: Option<u16>,
}

/// Entries of the shaping cache (a power of two).
const CACHE: usize = 4096;

impl<'a> Shaper<'a> {
    pub fn new(book: &'a FontBook) -> Self {
        let faces = book
            .faces
            .iter()
            .zip(&book.plans)
            .filter_map(|(data, plan)| {
                // FontBook::new checked that each face parses.
                let font = FontRef::new(data).ok()?;
                let quantum = plan.as_ref().map_or(1.0, |p| f32::from(p.quantum));
                let upem = font.head().map(|h| h.units_per_em()).unwrap_or(1000).max(1) as f32;
                let half_em = plan.as_ref().map_or(0.5, |p| {
                    f32::from(p.half_advance()) / f32::from(p.output_units_per_em())
                });
                Some(Face {
                    charmap: font.charmap(),
                    metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
                    upem,
                    quantum,
                    half_em,
                })
            })
            .collect();
        Shaper {
            faces,
            half: book.half.clone(),
            missing: BTreeSet::new(),
            cache: vec![None; CACHE],
            vert: book.vert.clone(),
            vertical: false,
            rooms: book.rooms.clone(),
        }
    }

    /// The same context shaping for vertical text (`on`) or horizontal text: in vertical
    /// text each glyph with a vertical alternate in its font (OpenType `vert`: ︒ for 。,
    /// ﹁ for 「) is replaced by it, and marks keep their full-width glyph (a half-width
    /// twin is a horizontal shape; a compressed vertical mark overlaps its blank half).
    pub fn vertical(mut self, on: bool) -> Self {
        self.vertical = on;
        self
    }

    /// The glyph of `glyph` (character `c`, in face `font`) for vertical text
    /// ([`vertical_glyph_in`]).
    fn vertical_glyph(&self, font: FontId, glyph: u16, c: char) -> Option<u16> {
        let centred = self
            .rooms
            .get(font)
            .and_then(|r| r.across.get(&c))
            .is_some_and(|r| r.centred());
        vertical_glyph_in(
            self.vert.get(font)?,
            &self.faces.get(font)?.charmap,
            glyph,
            c,
            centred,
        )
    }

    /// Where the ink of mark `c` is as face `font` draws it here (horizontal or
    /// vertical); `None` for a character that is no adjustable mark, or a glyph the
    /// face does not have (a missing character's box).
    fn room(&self, font: FontId, glyph: u16, c: char) -> Option<Room> {
        if glyph == 0 || crate::cjk::punct_side(c) == crate::cjk::PunctSide::None {
            return None;
        }
        let rooms = self.rooms.get(font)?;
        let map = if self.vertical {
            &rooms.down
        } else {
            &rooms.across
        };
        map.get(&c).copied()
    }

    /// The advance of `glyph` of face `font` in ems, rounded as `fontprep` writes it.
    fn advance_em(&self, font: FontId, glyph: u16) -> Option<f32> {
        let face = self.faces.get(font)?;
        let units = face
            .metrics
            .advance_width(skrifa::GlyphId::new(u32::from(glyph)))?;
        Some((units / face.quantum).round() * face.quantum / face.upem)
    }

    /// Whether this context shapes vertical text.
    pub fn is_vertical(&self) -> bool {
        self.vertical
    }

    fn order(&self, primary: FontId) -> impl Iterator<Item = FontId> + use<> {
        let n = self.faces.len();
        let other = if primary == BOLD { REGULAR } else { BOLD };
        std::iter::once(primary)
            .chain(std::iter::once(other))
            .chain(2..n)
            .filter(move |&f| f < n)
    }

    /// The advance of a half-width twin glyph of face `font` at `size` (a hair under
    /// half an em when the built font's em is odd).
    pub fn half_advance(&self, font: FontId, size: f32) -> f32 {
        self.faces.get(font).map_or(0.5, |f| f.half_em) * size
    }

    /// Looks `c` up in the fallback chain starting at `primary`.
    pub fn glyph(&mut self, c: char, primary: FontId, size: f32) -> (FontId, u16, f32) {
        match self.lookup(c, primary) {
            Some(s) => (s.font, s.glyph, s.em * size),
            None => (primary.min(self.faces.len().saturating_sub(1)), 0, size),
        }
    }

    /// [`Shaper::glyph`] through the cache; `None` (and the character recorded as
    /// missing) when no face has it.
    fn lookup(&mut self, c: char, primary: FontId) -> Option<Shaped> {
        let slot = (c as usize ^ primary.wrapping_mul(0x9E37)) & (CACHE - 1);
        if let Some(s) = self.cache[slot]
            && s.ch == c
            && s.primary == primary
        {
            return Some(s);
        }
        for f in self.order(primary) {
            let face = &self.faces[f];
            if let Some(gid) = face.charmap.map(c)
                && gid.to_u32() != 0
            {
                let units = face.metrics.advance_width(gid).unwrap_or(face.upem);
                let glyph = gid.to_u32() as u16;
                let shaped = Shaped {
                    ch: c,
                    primary,
                    font: f,
                    glyph,
                    em: (units / face.quantum).round() * face.quantum / face.upem,
                    half: self.half.get(f).and_then(|m| m.get(&glyph)).copied(),
                };
                self.cache[slot] = Some(shaped);
                return Some(shaped);
            }
        }
        self.missing.insert(c);
        None
    }

    /// Shapes `text` in one face and size. Control characters become invisible,
    /// zero-width cells so that ranges stay aligned with the text.
    pub fn shape(&mut self, text: &str, primary: FontId, size: f32) -> Vec<Cell> {
        text.char_indices()
            .map(|(i, ch)| {
                let range = i..i + ch.len_utf8();
                if ch.is_control() || is_format_char(ch) {
                    return Cell {
                        ch,
                        range,
                        font: primary,
                        glyph: 0,
                        advance: 0.0,
                        size,
                        invisible: true,
                        half: None,
                        room: None,
                        upright: true,
                    };
                }
                let (font, mut glyph, mut advance, mut half) = match self.lookup(ch, primary) {
                    Some(s) => (s.font, s.glyph, s.em * size, s.half),
                    None => {
                        let (font, glyph, advance) = self.glyph(ch, primary, size);
                        let half = self.half.get(font).and_then(|m| m.get(&glyph)).copied();
                        (font, glyph, advance, half)
                    }
                };
                let mut upright = true;
                if self.vertical {
                    half = None;
                    match self.vertical_glyph(font, glyph, ch) {
                        Some(alternate) => {
                            glyph = alternate;
                            // Its own advance: a proportional dash or ellipsis becomes a
                            // full-width vertical glyph (a CJK font's vertical alternates
                            // advance by one em both ways).
                            advance = self
                                .advance_em(font, alternate)
                                .map_or(advance, |em| em * size);
                        }
                        None => upright = crate::cjk::vertical_upright(ch),
                    }
                }
                let room = self.room(font, glyph, ch);
                Cell {
                    ch,
                    range,
                    font,
                    glyph,
                    advance,
                    size,
                    invisible: false,
                    half,
                    room,
                    upright,
                }
            })
            .collect()
    }
}

/// Zero-width format characters (ZWSP, ZWJ, BOM, soft hyphen…): never drawn, never
/// reported as missing.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}')
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::OnceLock;

    /// The bundled fonts, loaded once for all unit tests.
    pub(crate) fn book() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| {
            let fs = crate::fonts::FontSet::load(None).expect("bundled fonts");
            FontBook::new(fs.regular.clone(), fs.bold.clone(), Vec::new()).expect("font book")
        })
    }

    /// The Traditional Chinese faces (centred ，。、：；), loaded once.
    pub(crate) fn tc_book() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| {
            let fs = crate::fonts::FontSet::built_in_for(
                crate::fonts::Glyphs::Traditional,
                crate::fonts::HeadlineFace::Serif,
            );
            FontBook::new(fs.regular.clone(), fs.bold.clone(), Vec::new()).expect("font book")
        })
    }

    #[test]
    fn rooms_follow_the_glyph_forms() {
        let comma = |book: &FontBook, vertical: bool| {
            let cells = Shaper::new(book)
                .vertical(vertical)
                .shape("，", REGULAR, 10.0);
            cells[0].room.expect("a comma has a room")
        };
        // SC: ink in the left half; TC: centred, a quarter em or more of blank each side.
        let sc = comma(book(), false);
        assert!(sc.before < 0.25 && sc.after > 0.5, "{sc:?}");
        let tc = comma(tc_book(), false);
        assert!(
            tc.before > 0.25 && tc.after > 0.25 && tc.after < 0.5,
            "{tc:?}"
        );
        // Vertical: SC draws ︐ (top right: blank below); TC keeps its centred comma.
        let v = comma(book(), true);
        assert!(v.before < 0.25 && v.after > 0.5, "{v:?}");
        let v = comma(tc_book(), true);
        assert!(v.centred(), "{v:?}");
        let flat = Shaper::new(tc_book()).shape("，。、", REGULAR, 10.0);
        let tall = Shaper::new(tc_book())
            .vertical(true)
            .shape("，。、", REGULAR, 10.0);
        assert_eq!(
            flat.iter().map(|c| c.glyph).collect::<Vec<_>>(),
            tall.iter().map(|c| c.glyph).collect::<Vec<_>>()
        );
        // Only adjustable marks are measured; the TC faces get no twin for centred marks.
        let cells = Shaper::new(tc_book()).shape("中！，」", REGULAR, 10.0);
        assert!(cells[0].room.is_none() && cells[1].room.is_none());
        assert!(cells[2].half.is_none() && cells[3].half.is_some());
    }

    #[test]
    fn ideographs_are_one_em() {
        let mut s = Shaper::new(book());
        let cells = s.shape("中国", REGULAR, 10.0);
        assert_eq!(cells.len(), 2);
        assert!(
            cells
                .iter()
                .all(|c| (c.advance - 10.0).abs() < 0.01 && c.glyph != 0)
        );
        assert!(s.missing.is_empty());
    }

    #[test]
    fn missing_character_is_recorded_not_blank() {
        let mut s = Shaper::new(book());
        // A private-use character no font has.
        let cells = s.shape("中\u{E000}", BOLD, 10.0);
        assert_eq!(cells[1].glyph, 0);
        assert!(cells[1].advance > 0.0);
        assert!(s.missing.contains(&'\u{E000}'));
    }

    #[test]
    fn cached_shaping_matches_fresh_and_still_reports_missing() {
        let text = "中国，“乐陵”2024年GWh\u{E000}中国，";
        let mut warm = Shaper::new(book());
        let first = warm.shape(text, REGULAR, 10.0);
        warm.missing.clear();
        // Second pass from the cache; bold primary must not reuse regular entries.
        assert_eq!(warm.shape(text, REGULAR, 10.0), first);
        assert!(warm.missing.contains(&'\u{E000}'));
        let bold = warm.shape(text, BOLD, 10.0);
        assert_eq!(bold, Shaper::new(book()).shape(text, BOLD, 10.0));
        assert_ne!(bold[0].font, first[0].font);
    }

    #[test]
    fn vertical_shaping_takes_the_fonts_vertical_alternates() {
        let text = "中。，「」—A";
        let flat = Shaper::new(book()).shape(text, REGULAR, 10.0);
        let mut v = Shaper::new(book()).vertical(true);
        let tall = v.shape(text, REGULAR, 10.0);
        // Han keeps its glyph and stands; the marks take their `vert` forms.
        assert_eq!(tall[0].glyph, flat[0].glyph);
        assert!(tall[0].upright);
        for i in 1..=5 {
            assert_ne!(
                tall[i].glyph, flat[i].glyph,
                "{} has a vertical form",
                tall[i].ch
            );
            assert!(tall[i].upright && tall[i].half.is_none());
        }
        // The Latin letter has none and lies on its side; every vertical glyph advances
        // one em (the dash too, proportional when horizontal).
        assert_eq!(tall[6].glyph, flat[6].glyph);
        assert!(!tall[6].upright);
        assert!(tall.iter().all(|c| c.advance == 10.0 || c.ch == 'A'));
        // The alternate of 「 is the glyph the font maps ﹁ (U+FE41) to.
        let presentation = Shaper::new(book()).shape("\u{FE41}", REGULAR, 10.0);
        assert_eq!(tall[3].glyph, presentation[0].glyph);
    }

    #[test]
    fn bad_font_bytes_are_an_error() {
        let fs = crate::fonts::FontSet::load(None).expect("bundled fonts");
        let err = FontBook::new(
            fs.regular.clone(),
            fs.bold.clone(),
            vec![("x.ttf".into(), Arc::new(b"nope".to_vec()))],
        );
        assert!(matches!(err, Err(Error::Font(m)) if m.contains("x.ttf")));
    }
}
