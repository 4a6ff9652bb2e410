"""PDF checks for the tests (tests/pdf.rs), run with the project's .venv python.

pikepdf (libqpdf inside) checks structure and reads outlines, labels and fonts; pypdfium2
(Chrome's PDF engine) reads text with each glyph's position, lists images and renders
pages. Each subcommand prints to stdout; a broken PDF exits non-zero with the reason.

  check FILE                      `qpdf --check` (Debian's qpdf, which .ci/run installs)
                                  when installed, and libqpdf's same check through pikepdf
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
  tags FILE                       JSON: the structure tree (role, Lang, Alt, title, the
                                  text of its marked content) and the page content
                                  outside it (artifacts; untagged text)
  archival FILE                   JSON: XMP metadata, document info, output intents,
                                  fonts, transparency: what PDF/A asks of a file
  copy FILE [--crop X Y W H]      text as pdfium copies it (its made-up spaces and line
                                  ends included), pages separated by form feeds
  spans FILE                      JSON: the catalog's /ViewerPreferences /Direction
                                  ("direction"), and ("pages") per page every
                                  marked-content span with an
                                  ActualText: its text, and the page position (points
                                  from the top left) of each text origin set inside it
                                  (a vertical line: one per upright glyph or piece),
                                  read from the content stream with q/Q/cm tracked
"""

import json
import re
import shutil
import subprocess
import sys

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import ctypes


def check(path):
    qpdf = shutil.which("qpdf")
    if qpdf:
        # Exit 0: no problems; 2: errors; 3: warnings only. Both fail the check.
        run = subprocess.run([qpdf, "--check", path], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout + run.stderr)
            return 1
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
            # Stable on x: the characters of an ActualText span share one origin (pdfium
            # places them at their marked content's start) and keep their content order.
            row.sort(key=lambda g: g[0])
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


def actual_texts(path):
    """{(page index, MCID): ActualText} from the content streams' BDC operators (pdfium
    hands back the raw string bytes, so pikepdf decodes them)."""
    out = {}
    with pikepdf.open(path) as pdf:
        for n, page in enumerate(pdf.pages):
            props_res = page.obj.get("/Resources", {}).get("/Properties", {})
            for operands, _op in pikepdf.parse_content_stream(page, "BDC"):
                if len(operands) < 2:
                    continue
                props = operands[1]
                if isinstance(props, pikepdf.Name):
                    props = props_res.get(props, {})
                if "/MCID" in props and "/ActualText" in props:
                    out[(n, int(props.MCID))] = str(props.ActualText)
    return out


def marked_content(path):
    """Per page, per text or image object: its marked-content id (or None), whether it
    is inside an artifact, and its text (the ActualText of its marked content when there
    is one)."""
    actual = actual_texts(path)
    doc = pdfium.PdfDocument(path)
    pages = []
    buf = ctypes.create_string_buffer(1 << 12)
    wbuf = ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR))
    out_len = ctypes.c_ulong()
    for n, page in enumerate(doc):
        tp = page.get_textpage()
        objs = []
        for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_IMAGE)):
            kind = "image" if obj.type == raw.FPDF_PAGEOBJ_IMAGE else "text"
            mcid = raw.FPDFPageObj_GetMarkedContentID(obj)
            artifact = False
            for m in range(raw.FPDFPageObj_CountMarks(obj)):
                mark = raw.FPDFPageObj_GetMark(obj, m)
                raw.FPDFPageObjMark_GetName(mark, wbuf, len(buf), ctypes.byref(out_len))
                if buf.raw[: max(out_len.value - 2, 0)].decode("utf-16-le") == "Artifact":
                    artifact = True
            text = ""
            if kind == "text":
                size = raw.FPDFTextObj_GetText(obj, tp, None, 0)
                tbuf = ctypes.create_string_buffer(size)
                raw.FPDFTextObj_GetText(obj, tp, ctypes.cast(tbuf, ctypes.POINTER(raw.FPDF_WCHAR)), size)
                text = tbuf.raw[: max(size - 2, 0)].decode("utf-16-le")
            mcid = None if mcid < 0 else mcid
            objs.append({
                "kind": kind,
                "mcid": mcid,
                "artifact": artifact,
                "actual": actual.get((n, mcid)) if mcid is not None else None,
                "text": text,
            })
        pages.append(objs)
    return pages


def tags(path):
    pages = marked_content(path)
    # The text of each (page, mcid): ActualText once per marked content, else its objects'.
    mc_text = {}
    for n, objs in enumerate(pages):
        seen = set()
        for o in objs:
            if o["mcid"] is None:
                continue
            key = (n, o["mcid"])
            if o["actual"] is not None:
                if key not in seen:
                    mc_text[key] = mc_text.get(key, "") + o["actual"]
                    seen.add(key)
            else:
                mc_text[key] = mc_text.get(key, "") + o["text"]
    with pikepdf.open(path) as pdf:
        page_no = {p.objgen: i for i, p in enumerate(pdf.pages)}
        used = set()

        def node(e, pg):
            pg = e.get("/Pg", pg)
            out = {"role": str(e.get("/S", ""))[1:]}
            for key, name in (("/Lang", "lang"), ("/Alt", "alt"), ("/T", "title"), ("/ActualText", "actual")):
                if key in e:
                    out[name] = str(e[key])
            kids, text = [], ""
            k = e.get("/K")
            items = list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])
            for item in items:
                if isinstance(item, int):
                    key = (page_no.get(pg.objgen if pg is not None else None), int(item))
                elif isinstance(item, pikepdf.Dictionary) and item.get("/Type") == "/MCR":
                    ipg = item.get("/Pg", pg)
                    key = (page_no.get(ipg.objgen), int(item.MCID))
                elif isinstance(item, pikepdf.Dictionary):
                    kids.append(node(item, pg))
                    continue
                else:
                    continue
                used.add(key)
                text += mc_text.get(key, "")
                out.setdefault("pages", [])
                if key[0] not in out["pages"]:
                    out["pages"].append(key[0])
            if text:
                out["text"] = text
            if kids:
                out["kids"] = kids
            return out

        root = pdf.Root.get("/StructTreeRoot")
        tree = None
        if root is not None:
            k = root.get("/K")
            tops = list(k) if isinstance(k, pikepdf.Array) else [k]
            tree = [node(t, None) for t in tops if t is not None]
        result = {
            "marked": bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False)),
            "lang": str(pdf.Root.get("/Lang", "")),
            "tree": tree,
        }
    artifacts, untagged, unlinked = [], [], []
    for n, objs in enumerate(pages):
        art = [o["text"] for o in objs if o["artifact"] and o["kind"] == "text"]
        artifacts.append("".join(art))
        for o in objs:
            if o["mcid"] is None and not o["artifact"]:
                untagged.append({"page": n + 1, "kind": o["kind"], "text": o["text"]})
            if o["mcid"] is not None and (n, o["mcid"]) not in used:
                unlinked.append({"page": n + 1, "mcid": o["mcid"]})
    result["artifacts"] = artifacts
    result["untagged"] = untagged
    result["unlinked"] = unlinked
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


def archival(path):
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        xmp = {}
        for key in ("dc:title", "dc:creator", "dc:language", "dc:publisher", "dc:description",
                    "xmp:CreateDate", "pdf:Producer", "pdfaid:part", "pdfaid:conformance", "pdfuaid:part"):
            if key in meta:
                v = meta[key]
                xmp[key] = sorted(v) if isinstance(v, (set, list)) else str(v)
        info = {str(k)[1:]: str(v) for k, v in pdf.docinfo.items()} if "/Info" in pdf.trailer else {}
        intents = []
        for oi in pdf.Root.get("/OutputIntents", []):
            intents.append({
                "subtype": str(oi.get("/S", "")),
                "profile": "/DestOutputProfile" in oi,
                "condition": str(oi.get("/OutputConditionIdentifier", "")),
            })
        transparency = []
        for n, page in enumerate(pdf.pages):
            if "/Group" in page.obj:
                transparency.append(f"page {n + 1}: transparency group")
            res = page.obj.get("/Resources", {})
            for name, gs in res.get("/ExtGState", {}).items():
                for key in ("/SMask", "/CA", "/ca", "/BM"):
                    v = gs.get(key)
                    if v is None:
                        continue
                    if key in ("/CA", "/ca") and float(v) == 1.0:
                        continue
                    if key == "/SMask" and v == pikepdf.Name("/None"):
                        continue
                    if key == "/BM" and v in (pikepdf.Name("/Normal"), pikepdf.Name("/Compatible")):
                        continue
                    transparency.append(f"page {n + 1}: {name} {key}")
            for name, xo in res.get("/XObject", {}).items():
                if "/SMask" in xo:
                    transparency.append(f"page {n + 1}: {name} has a soft mask")
        out = {
            "version": pdf.pdf_version,
            "xmp": xmp,
            "info": info,
            "output_intents": intents,
            "transparency": transparency,
        }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


def copy(path, args):
    doc = pdfium.PdfDocument(path)
    pages = []
    for n in page_range(doc, args):
        page = doc[n]
        width, height = page.get_width(), page.get_height()
        left, bottom, right, top = 0, 0, width, height
        if "--crop" in args:
            i = args.index("--crop")
            x, y, w, h = (float(v) for v in args[i + 1 : i + 5])
            left, bottom, right, top = x, height - (y + h), x + w, height - y
        pages.append(page.get_textpage().get_text_bounded(left, bottom, right, top))
    sys.stdout.write("\f".join(pages))
    return 0


def spans(path):
    def mul(a, b):  # a then b, PDF matrices [a b c d e f]
        return [
            a[0] * b[0] + a[1] * b[2],
            a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4],
            a[4] * b[1] + a[5] * b[3] + b[5],
        ]

    pages, direction = [], None
    with pikepdf.open(path) as pdf:
        prefs = pdf.Root.get("/ViewerPreferences")
        if prefs is not None and "/Direction" in prefs:
            direction = str(prefs.Direction)
        for page in pdf.pages:
            height = float(page.mediabox[3])
            ctm, stack, marks, out = [1, 0, 0, 1, 0, 0], [], [], []
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op == "q":
                    stack.append(ctm)
                elif op == "Q":
                    ctm = stack.pop() if stack else ctm
                elif op == "cm":
                    ctm = mul([float(v) for v in operands], ctm)
                elif op in ("BDC", "BMC"):
                    props = operands[1] if len(operands) > 1 else None
                    actual = None
                    if isinstance(props, pikepdf.Dictionary) and "/ActualText" in props:
                        actual = str(props.ActualText)
                    span = {"text": actual, "points": []} if actual is not None else None
                    marks.append(span)
                    if span:
                        out.append(span)
                elif op == "EMC":
                    if marks:
                        marks.pop()
                elif op == "Tm":
                    m = mul([float(v) for v in operands], ctm)
                    open_spans = [s for s in marks if s]
                    if open_spans:
                        open_spans[-1]["points"].append([round(m[4], 2), round(height - m[5], 2)])
            pages.append(out)
    print(json.dumps({"direction": direction, "pages": pages}, ensure_ascii=False))
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
    if cmd == "tags":
        return tags(path)
    if cmd == "archival":
        return archival(path)
    if cmd == "copy":
        return copy(path, rest)
    if cmd == "spans":
        return spans(path)
    sys.exit(f"unknown command {cmd}\n{__doc__}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
