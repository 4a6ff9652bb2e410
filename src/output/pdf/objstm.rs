//! Object streams (PDF 1.5, ISO 32000-1 §7.5.7) and a cross-reference stream (§7.5.8):
//! a pass over the bytes krilla writes that packs every non-stream object (structure
//! elements, the parent tree, pages, annotations, font and resource dictionaries…) into
//! deflated `/ObjStm` streams, and replaces the classic xref table and trailer by an
//! `/XRef` stream that points into them.
//!
//! A tagged edition is thousands of small dictionaries; written one by one, uncompressed,
//! they were a third of the file. krilla 0.8 (through pdf-writer) can only write them
//! that way, so this pass reads its output back. It relies only on what pdf-writer
//! always writes: a classic xref table at `startxref`, one trailer dictionary, and each
//! object as `N 0 obj … endobj` at the offset the table gives. Stream objects keep their
//! bytes and numbers; object streams and the xref stream take the numbers after the last
//! one. PDF/A-2/3 and PDF/UA-1 allow object streams (PDF/A-1 does not, and we write no
//! PDF/A-1). The encryption dictionary may not go into an object stream; krilla writes
//! none, and a file with `/Encrypt` in its trailer is left as it is.

use flate2::Compression;
use flate2::write::ZlibEncoder;
use rayon::prelude::*;
use std::io::Write;

/// Objects per object stream. Readers decompress a whole stream to reach one object,
/// so streams stay small enough for that to be cheap; past a few hundred objects the
/// deflate window (32 KB) gains nothing more from a longer stream.
const PER_STREAM: usize = 200;

/// zlib level. On the 200-article edition's 820 KB of small objects (loaded VM, best
/// of 15): level 1 took 2.3 ms for +67 KB, level 3 4.6 ms, level 6 12.4 ms for 6.6 KB
/// less than level 3: past 3 the time grows much faster than the file shrinks.
const LEVEL: u32 = 3;

/// Why a file was left as krilla wrote it (a shape this pass does not know).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unpackable(&'static str);

impl std::fmt::Display for Unpackable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// One object of the input: its number and its bytes between `obj` and `endobj`.
struct Object<'a> {
    num: u32,
    start: usize,
    body: &'a [u8],
    stream: bool,
}

/// `pdf` with its non-stream objects in object streams and an xref stream; the same
/// document object for object.
pub(super) fn pack(pdf: &[u8]) -> Result<Vec<u8>, Unpackable> {
    let version = header_version(pdf).ok_or(Unpackable("no %PDF-1.x header"))?;
    if version < 5 {
        return Err(Unpackable("PDF before 1.5 has no object streams"));
    }
    let xref_at = startxref(pdf).ok_or(Unpackable("no startxref"))?;
    let (offsets, trailer) = xref_table(pdf, xref_at).ok_or(Unpackable("no xref table"))?;
    let trailer_keys = trailer_entries(trailer).ok_or(Unpackable("no trailer dictionary"))?;
    if find_last(trailer_keys, b"/Encrypt").is_some() {
        return Err(Unpackable("encrypted"));
    }
    let objects = objects(pdf, &offsets, xref_at).ok_or(Unpackable("unexpected object"))?;
    let size = offsets.len() as u32;

    // The header, then the streams with their own numbers, then the object streams.
    let header_end = objects.first().map_or(xref_at, |o| o.start);
    let mut out = Vec::with_capacity(pdf.len());
    out.extend_from_slice(&pdf[..header_end]);
    // Per object number: (type, field 2, field 3) of its xref stream entry.
    let mut entries: Vec<(u8, u64, u16)> = vec![(0, 0, 0); size as usize];
    if let Some(e) = entries.first_mut() {
        *e = (0, 0, 0xffff);
    }
    for o in objects.iter().filter(|o| o.stream) {
        entries[o.num as usize] = (1, out.len() as u64, 0);
        write_object(&mut out, o.num, o.body);
    }
    let plain: Vec<&Object> = objects.iter().filter(|o| !o.stream).collect();
    // Each object stream is deflated on its own, so they are built in parallel (this
    // pass runs after krilla is done, when the other cores are idle); written in order.
    let streams: Vec<(usize, Vec<u8>)> = plain
        .par_chunks(PER_STREAM)
        .map(object_stream)
        .collect::<Result<_, _>>()?;
    for (k, (group, (first, data))) in plain.chunks(PER_STREAM).zip(streams).enumerate() {
        let stm = size + k as u32;
        for (i, o) in group.iter().enumerate() {
            entries[o.num as usize] = (2, u64::from(stm), i as u16);
        }
        entries.push((1, out.len() as u64, 0));
        let dict = format!(
            "<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>",
            group.len(),
            data.len()
        );
        write_stream(&mut out, stm, dict.as_bytes(), &data);
    }
    let next = size + plain.len().div_ceil(PER_STREAM) as u32;

    // The xref stream, which lists itself.
    let xref_num = next;
    let xref_offset = out.len() as u64;
    entries.push((1, xref_offset, 0));
    let width = bytes_for(entries.iter().map(|e| e.1).max().unwrap_or(0));
    let mut table = Vec::with_capacity(entries.len() * (3 + width));
    for (kind, f2, f3) in &entries {
        table.push(*kind);
        table.extend_from_slice(&f2.to_be_bytes()[8 - width..]);
        table.extend_from_slice(&f3.to_be_bytes());
    }
    let table = deflate(&table)?;
    let mut dict = format!(
        "<</Type/XRef/Size {}/W[1 {width} 2]/Filter/FlateDecode/Length {}",
        entries.len(),
        table.len()
    )
    .into_bytes();
    if !trailer_keys.starts_with(b"/") {
        dict.push(b' ');
    }
    dict.extend_from_slice(trailer_keys);
    dict.extend_from_slice(b">>");
    write_stream(&mut out, xref_num, &dict, &table);
    write!(out, "startxref\n{xref_offset}\n%%EOF").map_err(|_| Unpackable("write"))?;
    Ok(out)
}

/// One object stream's content, deflated, and the length of its index (`/First`):
/// the index (number and offset of each object), then the objects one per line.
fn object_stream(group: &[&Object]) -> Result<(usize, Vec<u8>), Unpackable> {
    let mut index = Vec::new();
    let mut offset = 0;
    for o in group {
        write!(index, "{} {offset} ", o.num).map_err(|_| Unpackable("write"))?;
        offset += o.body.len() + 1;
    }
    let first = index.len();
    let mut data = index;
    data.reserve(offset);
    for o in group {
        data.extend_from_slice(o.body);
        data.push(b'\n');
    }
    Ok((first, deflate(&data)?))
}

fn write_object(out: &mut Vec<u8>, num: u32, body: &[u8]) {
    out.extend_from_slice(num.to_string().as_bytes());
    out.extend_from_slice(b" 0 obj\n");
    out.extend_from_slice(body);
    out.extend_from_slice(b"\nendobj\n\n");
}

fn write_stream(out: &mut Vec<u8>, num: u32, dict: &[u8], data: &[u8]) {
    out.extend_from_slice(num.to_string().as_bytes());
    out.extend_from_slice(b" 0 obj\n");
    out.extend_from_slice(dict);
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream\nendobj\n\n");
}

fn deflate(data: &[u8]) -> Result<Vec<u8>, Unpackable> {
    let mut z = ZlibEncoder::new(Vec::with_capacity(data.len() / 3), Compression::new(LEVEL));
    z.write_all(data).map_err(|_| Unpackable("deflate"))?;
    z.finish().map_err(|_| Unpackable("deflate"))
}

/// The fewest bytes that hold `n` (at least one).
fn bytes_for(n: u64) -> usize {
    (8 - n.leading_zeros() as usize / 8).max(1)
}

/// The minor version of a `%PDF-1.x` header.
fn header_version(pdf: &[u8]) -> Option<u8> {
    let rest = pdf.strip_prefix(b"%PDF-1.")?;
    let d = *rest.first()?;
    d.is_ascii_digit().then(|| d - b'0')
}

/// The offset after the last `startxref`.
fn startxref(pdf: &[u8]) -> Option<usize> {
    let tail = &pdf[pdf.len().saturating_sub(64)..];
    let at = find_last(tail, b"startxref")?;
    let digits = tail[at + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect::<String>();
    digits.parse().ok()
}

/// Object offsets by number (0 for free entries) from a classic one-section xref
/// table at `at`, and the trailer dictionary's bytes.
fn xref_table(pdf: &[u8], at: usize) -> Option<(Vec<usize>, &[u8])> {
    let rest = pdf.get(at..)?.strip_prefix(b"xref\n")?;
    let line_end = rest.iter().position(|&b| b == b'\n')?;
    let head = std::str::from_utf8(&rest[..line_end]).ok()?;
    let (first, count) = head.split_once(' ')?;
    let (first, count): (usize, usize) = (first.parse().ok()?, count.parse().ok()?);
    if first != 0 {
        return None;
    }
    let table = rest.get(line_end + 1..line_end + 1 + count * 20)?;
    let mut offsets = Vec::with_capacity(count);
    for entry in table.chunks_exact(20) {
        let offset: usize = std::str::from_utf8(&entry[..10]).ok()?.parse().ok()?;
        offsets.push(if entry[17] == b'n' { offset } else { 0 });
    }
    let trailer = rest[line_end + 1 + count * 20..].strip_prefix(b"trailer\n")?;
    let end = find_last(trailer, b"startxref")?;
    Some((offsets, &trailer[..end]))
}

/// The entries of a trailer dictionary after its `/Size`, which pdf-writer writes first
/// (`<</Size 12/Root 11 0 R/Info 10 0 R/ID[…]>>`, spaced or not): copied as they are.
fn trailer_entries(dict: &[u8]) -> Option<&[u8]> {
    let inner = dict.trim_ascii().strip_prefix(b"<<")?.strip_suffix(b">>")?;
    let rest = inner
        .trim_ascii_start()
        .strip_prefix(b"/Size")?
        .trim_ascii_start();
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    (digits > 0).then(|| rest[digits..].trim_ascii())
}

/// Every in-use object in file order, each ending where the next begins (the last at
/// the xref table).
fn objects<'a>(pdf: &'a [u8], offsets: &[usize], xref_at: usize) -> Option<Vec<Object<'a>>> {
    let mut starts: Vec<(usize, u32)> = offsets
        .iter()
        .enumerate()
        .filter(|&(_, &o)| o > 0)
        .map(|(n, &o)| (o, n as u32))
        .collect();
    starts.sort_unstable();
    let mut objects = Vec::with_capacity(starts.len());
    for (i, &(start, num)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(xref_at, |s| s.0);
        let bytes = pdf.get(start..end)?;
        let head = format!("{num} 0 obj\n");
        let body = bytes
            .strip_prefix(head.as_bytes())?
            .trim_ascii_end()
            .strip_suffix(b"endobj")?
            .trim_ascii_end();
        // A stream's data is binary: whether an object is a stream is told by its end,
        // never by searching its bytes.
        let stream = body.ends_with(b"endstream");
        objects.push(Object {
            num,
            start,
            body,
            stream,
        });
    }
    Some(objects)
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::ZlibDecoder;
    use std::io::Read;

    /// A file as pdf-writer writes one: `objects` numbered from 1 (None: a free
    /// number), a classic xref table and a compact trailer.
    fn classic(version: &str, objects: &[Option<&[u8]>], trailer: &str) -> Vec<u8> {
        let mut pdf = format!("%PDF-{version}\n%\u{80}\u{80}\n\n").into_bytes();
        let mut offsets = vec![0];
        for (i, body) in objects.iter().enumerate() {
            match body {
                Some(body) => {
                    offsets.push(pdf.len());
                    write_object(&mut pdf, i as u32 + 1, body);
                }
                None => offsets.push(0),
            }
        }
        let xref = pdf.len();
        write!(pdf, "xref\n0 {}\n", offsets.len()).unwrap();
        for (i, o) in offsets.iter().enumerate() {
            match (i, o) {
                (0, _) => pdf.extend_from_slice(b"0000000000 65535 f\r\n"),
                (_, 0) => pdf.extend_from_slice(b"0000000000 00000 f\r\n"),
                (_, o) => write!(pdf, "{o:010} 00000 n\r\n").unwrap(),
            }
        }
        write!(
            pdf,
            "trailer\n<</Size {}{trailer}>>\nstartxref\n{xref}\n%%EOF",
            offsets.len()
        )
        .unwrap();
        pdf
    }

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        ZlibDecoder::new(data).read_to_end(&mut out).unwrap();
        out
    }

    /// The integer after `/key` in a dictionary.
    fn int(dict: &[u8], key: &str) -> usize {
        let at = find_last(dict, key.as_bytes()).unwrap() + key.len();
        let s: String = dict[at..]
            .iter()
            .skip_while(|b| b.is_ascii_whitespace())
            .take_while(|b| b.is_ascii_digit())
            .map(|&b| b as char)
            .collect();
        s.parse().unwrap()
    }

    /// The dictionary and decoded data of the stream object at `at`.
    fn stream_at(pdf: &[u8], at: usize) -> (Vec<u8>, Vec<u8>) {
        let rest = &pdf[at..];
        let s = rest.windows(8).position(|w| w == b"\nstream\n").unwrap();
        let dict = rest[..s].to_vec();
        let len = int(&dict, "/Length");
        (dict, inflate(&rest[s + 8..s + 8 + len]))
    }

    /// Every object of a packed file, read back through its xref stream: number →
    /// body.
    fn read_back(pdf: &[u8]) -> (Vec<u8>, Vec<(u32, Vec<u8>)>) {
        let (xref_dict, table) = stream_at(pdf, startxref(pdf).unwrap());
        let w = int(&xref_dict, "/W[1 ");
        let mut out = Vec::new();
        for (num, e) in table.chunks_exact(3 + w).enumerate() {
            let f2 = e[1..1 + w].iter().fold(0usize, |n, &b| n << 8 | b as usize);
            let f3 = u16::from_be_bytes([e[1 + w], e[2 + w]]) as usize;
            match e[0] {
                1 => {
                    let head = format!("{num} 0 obj\n");
                    assert!(pdf[f2..].starts_with(head.as_bytes()), "object {num}");
                    let body = &pdf[f2 + head.len()..];
                    // A stream ends after its /Length bytes; its data may hold `endobj`.
                    let end = match body.windows(8).position(|w| w == b"\nstream\n") {
                        Some(s) => s + 8 + int(&body[..s], "/Length") + b"\nendstream".len(),
                        None => body.windows(7).position(|w| w == b"\nendobj").unwrap(),
                    };
                    out.push((num as u32, body[..end].to_vec()));
                }
                2 => {
                    let head = format!("{f2} 0 obj\n");
                    let at = find_last(pdf, head.as_bytes()).unwrap();
                    let (dict, data) = stream_at(pdf, at);
                    assert!(find_last(&dict, b"/Type/ObjStm").is_some());
                    let first = int(&dict, "/First");
                    let index: Vec<usize> = std::str::from_utf8(&data[..first])
                        .unwrap()
                        .split_whitespace()
                        .map(|n| n.parse().unwrap())
                        .collect();
                    assert_eq!(index[2 * f3], num, "index of object {num}");
                    let start = first + index[2 * f3 + 1];
                    let end = index.get(2 * f3 + 3).map_or(data.len(), |o| first + o);
                    out.push((num as u32, data[start..end].trim_ascii().to_vec()));
                }
                _ => {}
            }
        }
        (xref_dict, out)
    }

    const STREAM: &[u8] = b"<</Length 21>>\nstream\nendobj\n1 0 obj stream\nendstream";

    fn sample() -> Vec<u8> {
        classic(
            "1.7",
            &[
                Some(b"<</Type/Catalog/Pages 2 0 R>>"),
                Some(b"<</Type/Pages/Kids[4 0 R]/Count 1>>"),
                Some(STREAM),
                Some(b"<</Type/Page/Parent 2 0 R/Contents 3 0 R>>"),
                None,
                Some(b"[(endstream) 12 0 R]"),
                Some(b"42"),
            ],
            "/Root 1 0 R/ID[(ab) (cd)]",
        )
    }

    #[test]
    fn every_object_reads_back_the_same_and_streams_stay_outside() {
        let packed = pack(&sample()).unwrap();
        let (dict, objects) = read_back(&packed);
        assert!(find_last(&dict, b"/Root 1 0 R/ID[(ab) (cd)]").is_some());
        let get = |n: u32| objects.iter().find(|o| o.0 == n).map(|o| o.1.as_slice());
        assert_eq!(get(1), Some(&b"<</Type/Catalog/Pages 2 0 R>>"[..]));
        assert_eq!(get(3), Some(STREAM));
        assert_eq!(get(5), None, "a free number stays free");
        assert_eq!(get(6), Some(&b"[(endstream) 12 0 R]"[..]));
        assert_eq!(get(7), Some(&b"42"[..]));
        assert!(find_last(&packed, b"\nxref\n").is_none());
        assert!(find_last(&packed, b"trailer").is_none());
        // The stream keeps its own bytes: it is not inside an object stream.
        assert!(find_last(&packed, STREAM).is_some());
        assert_eq!(pack(&sample()).unwrap(), packed, "deterministic");
    }

    #[test]
    fn many_objects_fill_several_object_streams() {
        let bodies: Vec<Vec<u8>> = (0..PER_STREAM * 2 + 3)
            .map(|i| format!("<</N {i}>>").into_bytes())
            .collect();
        let objects: Vec<Option<&[u8]>> = bodies.iter().map(|b| Some(b.as_slice())).collect();
        let packed = pack(&classic("1.7", &objects, "/Root 1 0 R")).unwrap();
        let streams = packed.windows(12).filter(|w| w == b"/Type/ObjStm").count();
        assert_eq!(streams, 3);
        let (_, back) = read_back(&packed);
        for (i, b) in bodies.iter().enumerate() {
            assert_eq!(back[i].1, *b, "object {}", i + 1);
        }
    }

    #[test]
    fn files_of_another_shape_are_refused() {
        let one = [Some(&b"<<>>"[..])];
        assert!(pack(&classic("1.4", &one, "/Root 1 0 R")).is_err());
        assert!(pack(&classic("1.7", &one, "/Root 1 0 R/Encrypt 9 0 R")).is_err());
        assert!(pack(b"").is_err());
        assert!(pack(b"%PDF-1.7\nstartxref\n999999\n%%EOF").is_err());
        let good = classic("1.7", &one, "/Root 1 0 R");
        // Seven bytes gone from the header, an object, the xref table or the trailer.
        for cut in [3, 30, good.len() / 2, good.len() - 40] {
            let mut bad = good[..cut].to_vec();
            bad.extend_from_slice(&good[cut + 7..]);
            assert!(pack(&bad).is_err(), "cut at {cut}");
        }
    }
}
