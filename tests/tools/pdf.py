"""PDF checks for the tests (tests/pdf.rs), run with the project's .venv python.

pikepdf (libqpdf inside) checks structure and reads outlines, labels and fonts; pypdfium2
(Chrome's PDF engine) reads text with each glyph's position, lists images and renders
pages. Each subcommand prints to stdout; a broken PDF exits non-zero with the reason.

  check FILE                      qpdf's structural check (as `qpdf --check`)
  fonts FILE                      JSON: every font with embedded/subset/unicode flags
  content FILE                    every page's content, normalised (as qpdf --qdf shows it)
  outline FILE                    JSON: {"outlines": [{title, kids}], "pagelabels": [...]}
  text FILE [options]             text in content order, a line per baseline change
  lines FILE [options]            printed lines: glyphs on one baseline, left to right
      --first N --last N          pages (1-based, inclusive)
      --crop X Y W H              only glyphs whose box centre is inside (points, from
                                  the page's top left, as pdftotext -x -y -W -H)
  images FILE                     JSON: every image drawn, with its size and pixels/inch
  render FILE PAGE DPI OUT.pgm    one page as 8-bit grey PGM
"""

import json
import re
import sys

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import ctypes


def check(path):
    with pikepdf.open(path) as pdf:
        # qpdf --check's steps: document structure, every stream decoded, every page's
        # content parsed; warnings count as problems (qpdf --check exits 3 on them).
        problems = pdf.check_pdf_syntax()
    for p in problems:
        print(p)
    return 1 if problems else 0


def fonts(path):
    out, seen = [], set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            res = page.obj.get("/Resources", {})
            for font in res.get("/Font", {}).values():
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
                desc_font = font
                if font.get("/Subtype") == "/Type0":
                    desc_font = font.DescendantFonts[0]
                desc = desc_font.get("/FontDescriptor", {})
                name = str(font.get("/BaseFont", ""))[1:]
                out.append(
                    {
                        "name": name,
                        "type": str(font.get("/Subtype", ""))[1:],
                        "embedded": any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")),
                        "subset": re.match(r"^[A-Z]{6}\+", name) is not None,
                        "unicode": "/ToUnicode" in font,
                    }
                )
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


def content(path):
    """Each page's content parsed and written one operation a line, strings as <hex>; a
    TJ array compact, as qpdf's normalised content has it: [<0001>-28<0002>]TJ."""
    out = sys.stdout.buffer
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "TJ" and len(operands) == 1 and isinstance(operands[0], pikepdf.Array):
                    items = [
                        b"<" + bytes(i).hex().encode() + b">" if isinstance(i, pikepdf.String) else str(i).encode()
                        for i in operands[0]
                    ]
                    out.write(b"[" + b"".join(items) + b"]TJ\n")
                else:
                    out.write(pikepdf.unparse_content_stream([(operands, op)]) + b"\n")
    return 0


def outline(path):
    def item(o):
        return {"title": o.title, "kids": [item(k) for k in o.children]}

    with pikepdf.open(path) as pdf:
        with pdf.open_outline() as ol:
            outlines = [item(o) for o in ol.root]
        labels = []
        if "/PageLabels" in pdf.Root:
            for index, label in pikepdf.NumberTree(pdf.Root.PageLabels).items():
                labels.append(
                    {"index": index, "label": {str(k): str(v) if not isinstance(v, pikepdf.Name) else str(v) for k, v in label.items()}}
                )
    print(json.dumps({"outlines": outlines, "pagelabels": labels}, ensure_ascii=False, indent=1))
    return 0


def page_range(doc, args):
    first, last = 1, len(doc)
    if "--first" in args:
        first = int(args[args.index("--first") + 1])
    if "--last" in args:
        last = int(args[args.index("--last") + 1])
    return range(first - 1, min(last, len(doc)))


def glyphs(page, args):
    """The page's printed characters: (char, origin x, baseline y from the top, size),
    in content order; characters pdfium made up (spaces, line ends) left out."""
    height = page.get_height()
    crop = None
    if "--crop" in args:
        i = args.index("--crop")
        x, y, w, h = (float(v) for v in args[i + 1 : i + 5])
        crop = (x, y, x + w, y + h)
    tp = page.get_textpage()
    out = []
    ox, oy = ctypes.c_double(), ctypes.c_double()
    for i in range(tp.count_chars()):
        if raw.FPDFText_IsGenerated(tp, i) == 1:
            continue
        code = raw.FPDFText_GetUnicode(tp, i)
        if code == 0 or chr(code).isspace():
            continue
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        size = raw.FPDFText_GetFontSize(tp, i)
        if crop:
            left, bottom, right, top = tp.get_charbox(i, loose=True)
            cx, cy = (left + right) / 2, height - (bottom + top) / 2
            if not (crop[0] <= cx <= crop[2] and crop[1] <= cy <= crop[3]):
                continue
        out.append((chr(code), ox.value, height - oy.value, size))
    return out


def text(path, args):
    doc = pdfium.PdfDocument(path)
    pages = []
    for n in page_range(doc, args):
        s, last_y = [], None
        for c, _x, y, size in glyphs(doc[n], args):
            if last_y is not None and abs(y - last_y) > 0.2 * size:
                s.append("\n")
            s.append(c)
            last_y = y
        pages.append("".join(s) + "\n")
    sys.stdout.write("\f".join(pages))
    return 0


def lines(path, args):
    """Glyphs grouped by baseline (within a fifth of the type size), each line read left
    to right, a space where the gap is wider than half a character (between columns)."""
    doc = pdfium.PdfDocument(path)
    pages = []
    for n in page_range(doc, args):
        rows = []  # [baseline, size, [(x, char)]]
        for c, x, y, size in sorted(glyphs(doc[n], args), key=lambda g: g[2]):
            if rows and abs(y - rows[-1][0]) <= 0.2 * min(size, rows[-1][1]):
                rows[-1][2].append((x, c, size))
            else:
                rows.append([y, size, [(x, c, size)]])
        out = []
        for _y, _size, row in rows:
            row.sort()
            s, prev = "", None
            for x, c, size in row:
                if prev is not None and x - prev > 1.5 * size:
                    s += " "
                s += c
                prev = x
            out.append(s)
        pages.append("\n".join(out) + "\n")
    sys.stdout.write("\f".join(pages))
    return 0


def images(path):
    doc = pdfium.PdfDocument(path)
    out = []
    for n, page in enumerate(doc):
        for img in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,)):
            m = img.get_metadata()
            out.append(
                {
                    "page": n + 1,
                    "width": m.width,
                    "height": m.height,
                    "x_ppi": m.horizontal_dpi,
                    "y_ppi": m.vertical_dpi,
                }
            )
    print(json.dumps(out, indent=1))
    return 0


def render(path, page_no, dpi, out):
    doc = pdfium.PdfDocument(path)
    bitmap = doc[int(page_no) - 1].render(scale=float(dpi) / 72.0, grayscale=True)
    w, h, stride = bitmap.width, bitmap.height, bitmap.stride
    buf = bytes(bitmap.buffer)
    assert bitmap.n_channels == 1, f"expected grey pixels, got {bitmap.n_channels} channels"
    with open(out, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (w, h))
        for row in range(h):
            f.write(buf[row * stride : row * stride + w])
    return 0


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd, path, rest = argv[1], argv[2], argv[3:]
    if cmd == "check":
        return check(path)
    if cmd == "fonts":
        return fonts(path)
    if cmd == "content":
        return content(path)
    if cmd == "outline":
        return outline(path)
    if cmd == "text":
        return text(path, rest)
    if cmd == "lines":
        return lines(path, rest)
    if cmd == "images":
        return images(path)
    if cmd == "render":
        return render(path, *rest)
    sys.exit(f"unknown command {cmd}\n{__doc__}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
