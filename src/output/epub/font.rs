//! Font embedding: takes the bundled regular font and the characters a book uses, gives a
//! TrueType file holding just those glyphs, usable as a web font in EPUB readers.
//!
//! Glyph subsetting is `subsetter`'s (the crate typst and krilla use). It is made for PDF
//! and so drops `cmap` and `OS/2`, which a reader's text engine needs to map characters to
//! glyphs (Readium's and Chromium's font sanitiser refuse fonts without them). We write a
//! fresh `cmap` for the kept characters, copy `OS/2` and rebuild the table directory.

use ab_glyph::{Font, FontRef};
use std::collections::BTreeSet;
use subsetter::GlyphRemapper;

/// Subsets `font` to the glyphs of `chars` (characters the font lacks are skipped: the
/// reader falls back to its own fonts for them).
pub fn subset(font: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let face = FontRef::try_from_slice(font).map_err(|e| format!("cannot read the font: {e}"))?;
    let mut remapper = GlyphRemapper::new();
    // Chars in ascending order get ascending glyph ids, so runs of neighbouring
    // characters collapse into one cmap segment.
    let mut mapping: Vec<(u32, u16)> = Vec::new();
    for &c in chars {
        let gid = face.glyph_id(c).0;
        if gid != 0 {
            mapping.push((u32::from(c), remapper.remap(gid)));
        }
    }
    let sub = subsetter::subset(font, 0, &remapper)
        .map_err(|e| format!("cannot subset the font: {e}"))?;
    let mut tables = read_tables(&sub).ok_or("subsetter produced an unreadable font")?;
    tables.push((*b"cmap", cmap(&mapping)));
    if let Some(os2) = original_table(font, *b"OS/2") {
        tables.push((*b"OS/2", patch_os2(os2, &mapping)));
    }
    Ok(write_font(&sub[0..4], tables))
}

/// The tables of an OpenType file: (tag, bytes), in directory order.
fn read_tables(font: &[u8]) -> Option<Vec<([u8; 4], Vec<u8>)>> {
    let count = usize::from(u16::from_be_bytes(font.get(4..6)?.try_into().ok()?));
    (0..count)
        .map(|i| {
            let rec = font.get(12 + 16 * i..28 + 16 * i)?;
            let tag: [u8; 4] = rec[0..4].try_into().ok()?;
            let off = u32::from_be_bytes(rec[8..12].try_into().ok()?) as usize;
            let len = u32::from_be_bytes(rec[12..16].try_into().ok()?) as usize;
            Some((tag, font.get(off..off.checked_add(len)?)?.to_vec()))
        })
        .collect()
}

fn original_table(font: &[u8], tag: [u8; 4]) -> Option<Vec<u8>> {
    read_tables(font)?
        .into_iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, d)| d)
}

/// `OS/2` with the first/last character fields describing the subset.
fn patch_os2(mut os2: Vec<u8>, mapping: &[(u32, u16)]) -> Vec<u8> {
    let first = mapping.first().map_or(0, |m| m.0.min(0xFFFF) as u16);
    let last = mapping.last().map_or(0, |m| m.0.min(0xFFFF) as u16);
    if os2.len() >= 68 {
        os2[64..66].copy_from_slice(&first.to_be_bytes());
        os2[66..68].copy_from_slice(&last.to_be_bytes());
    }
    os2
}

/// A `cmap` with a format 4 subtable (BMP; the one old readers know) and a format 12
/// subtable (all planes). `mapping` is sorted by character.
fn cmap(mapping: &[(u32, u16)]) -> Vec<u8> {
    // Runs where both the character and the glyph id go up by one.
    let mut groups: Vec<(u32, u32, u16)> = Vec::new();
    for &(c, g) in mapping {
        match groups.last_mut() {
            Some((start, end, g0))
                if c == *end + 1 && u32::from(*g0) + (c - *start) == u32::from(g) =>
            {
                *end = c
            }
            _ => groups.push((c, c, g)),
        }
    }
    let bmp: Vec<(u32, u32, u16)> = groups.iter().copied().filter(|g| g.1 < 0xFFFF).collect();
    let f4 = format4(&bmp);
    let mut f12 = Vec::new();
    put16(&mut f12, 12);
    put16(&mut f12, 0);
    put32(&mut f12, (16 + 12 * groups.len()) as u32);
    put32(&mut f12, 0);
    put32(&mut f12, groups.len() as u32);
    for &(s, e, g) in &groups {
        put32(&mut f12, s);
        put32(&mut f12, e);
        put32(&mut f12, u32::from(g));
    }
    let mut out = Vec::new();
    put16(&mut out, 0);
    match f4 {
        Some(f4) => {
            put16(&mut out, 2);
            put16(&mut out, 3);
            put16(&mut out, 1);
            put32(&mut out, 20);
            put16(&mut out, 3);
            put16(&mut out, 10);
            put32(&mut out, (20 + f4.len()) as u32);
            out.extend(f4);
        }
        // Too many runs for format 4's 64 KiB limit: format 12 alone still works in
        // every current reader.
        None => {
            put16(&mut out, 1);
            put16(&mut out, 3);
            put16(&mut out, 10);
            put32(&mut out, 12);
        }
    }
    out.extend(f12);
    out
}

fn format4(groups: &[(u32, u32, u16)]) -> Option<Vec<u8>> {
    let seg_count = groups.len() + 1;
    let len = 16 + 8 * seg_count;
    if len > 0xFFFF {
        return None;
    }
    let seg_x2 = (2 * seg_count) as u16;
    let entry_selector = (usize::BITS - 1 - seg_count.leading_zeros()) as u16;
    let search_range = 2 * (1u16 << entry_selector);
    let mut out = Vec::with_capacity(len);
    put16(&mut out, 4);
    put16(&mut out, len as u16);
    put16(&mut out, 0);
    put16(&mut out, seg_x2);
    put16(&mut out, search_range);
    put16(&mut out, entry_selector);
    put16(&mut out, seg_x2 - search_range);
    for &(_, e, _) in groups {
        put16(&mut out, e as u16);
    }
    put16(&mut out, 0xFFFF);
    put16(&mut out, 0);
    for &(s, _, _) in groups {
        put16(&mut out, s as u16);
    }
    put16(&mut out, 0xFFFF);
    for &(s, _, g) in groups {
        // glyph = (char + delta) mod 65536
        put16(&mut out, g.wrapping_sub(s as u16));
    }
    put16(&mut out, 1);
    for _ in 0..seg_count {
        put16(&mut out, 0);
    }
    Some(out)
}

/// An OpenType file from its tables: sorted directory, 4-byte padding, table checksums
/// and `head.checkSumAdjustment`, as the specification requires.
fn write_font(version: &[u8], mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|t| t.0);
    let n = tables.len() as u16;
    let entry_selector = 15 - n.leading_zeros() as u16;
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(version);
    put16(&mut out, n);
    put16(&mut out, search_range);
    put16(&mut out, entry_selector);
    put16(&mut out, n * 16 - search_range);
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &mut tables {
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
            head_at = Some(offset + 8);
        }
        out.extend_from_slice(tag);
        put32(&mut out, checksum(data));
        put32(&mut out, offset as u32);
        put32(&mut out, data.len() as u32);
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(i) = head_at {
        let adj = 0xB1B0_AFBA_u32.wrapping_sub(checksum(&out));
        out[i..i + 4].copy_from_slice(&adj.to_be_bytes());
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut b = [0u8; 4];
        b[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(b))
    })
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_maps_exactly_the_used_characters() {
        let Ok(fonts) = crate::fonts::FontSet::load(None) else {
            panic!("bundled fonts not found");
        };
        let chars: BTreeSet<char> = "重大项目领跑 绿色崛起成势，A1".chars().collect();
        let sub = subset(&fonts.regular, &chars).unwrap();
        assert!(sub.len() < 100_000, "subset is {} bytes", sub.len());
        let face = FontRef::try_from_slice(&sub).unwrap();
        for c in chars.iter().filter(|c| **c != ' ') {
            assert_ne!(face.glyph_id(*c).0, 0, "{c} lost");
            assert!(
                face.outline(face.glyph_id(*c)).is_some(),
                "{c} has no outline"
            );
        }
        assert_eq!(
            face.glyph_id('乐').0,
            0,
            "a character the book does not use was kept"
        );
    }

    #[test]
    fn cmap_groups_neighbouring_characters() {
        let t = cmap(&[(0x41, 1), (0x42, 2), (0x44, 3), (0x1F600, 4)]);
        // format 12 holds three groups: A–B, D, and the emoji.
        let f12 = t.windows(4).position(|w| w == [0, 12, 0, 0]).unwrap();
        assert_eq!(
            u32::from_be_bytes(t[f12 + 12..f12 + 16].try_into().unwrap()),
            3
        );
    }
}
