#!/usr/bin/env python3
"""Makes the traditional-Chinese and headline-sans faces in fonts/ from Debian's
fonts-noto-cjk (SIL OFL 1.1), reproducibly:

    apt-get install fonts-noto-cjk            # 1:20220127+repack1-1 (Debian 12)
    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools==4.62.1
    /tmp/ft/bin/python tools/subset_cjk_fonts.py /usr/share/fonts/opentype/noto fonts

Each face is taken from the CJK collection (the TC face maps code points to Taiwan glyph
forms, the SC face to mainland ones), subset to the characters of one legacy character
set plus the punctuation and symbol blocks newspapers use, and turned from CFF into
TrueType outlines (cu2qu, error under 1 unit of 1000) so the typesetter's font
preparation (src/typeset/fontprep.rs), which rewrites TrueType only, applies to it.

Character sets: traditional faces get Big5 with the Hong Kong supplement (Python's
big5hkscs codec: Big5 + HKSCS-2008); simplified faces get GBK (Python's gbk codec),
which holds GB 2312 and every CJK Unified Ideograph of the basic block.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

# (collection file, face index, character set, output file)
FACES = [
    ("NotoSerifCJK-Regular.ttc", 3, "big5hkscs", "NotoSerifTC-Regular.ttf"),
    ("NotoSerifCJK-Bold.ttc", 3, "big5hkscs", "NotoSerifTC-Bold.ttf"),
    ("NotoSansCJK-Bold.ttc", 2, "gbk", "NotoSansSC-Bold.ttf"),
    ("NotoSansCJK-Bold.ttc", 3, "big5hkscs", "NotoSansTC-Bold.ttf"),
]

# Blocks every face keeps whatever the character set: Latin, general punctuation,
# CJK symbols and punctuation, vertical forms, CJK compatibility forms, half/full-width
# forms, enclosed numbers.
EXTRA_RANGES = [
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x2000, 0x206F),
    (0x2460, 0x24FF),
    (0x3000, 0x303F),
    (0xFE10, 0xFE1F),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
]


def charset(codec):
    """Every character the double-byte codec can encode."""
    chars = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text if ord(c) > 0x7F)
    for lo, hi in EXTRA_RANGES:
        chars.update(range(lo, hi + 1))
    return chars


def to_truetype(font):
    """CFF outlines → quadratic glyf (fontTools' otf2ttf snippet, condensed)."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, g in glyf.glyphs.items():
        if hasattr(g, "xMin"):
            hmtx[name] = (hmtx[name][0], g.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID fonts have none worth keeping
    font.sfntVersion = "\x00\x01\x00\x00"


# OpenType features kept: vertical forms (vert, vrt2), half-width and proportional
# punctuation (halt, vhal, palt, vpal) and kerning. Others, above all locl (the other
# regions' glyph forms) and aalt, would pull in tens of thousands of glyphs no text here
# uses (they doubled the file).
FEATURES = ["vert", "vrt2", "halt", "vhal", "palt", "vpal", "kern", "vkrn"]


def trim(path):
    """Second pass over a made face: drops glyphs reachable only through features
    outside FEATURES (the first pass kept every feature)."""
    font = TTFont(path, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = FEATURES
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=font.getBestCmap().keys())
    sub.subset(font)
    font.save(path)
    print(f"{path.name}: {len(font.getBestCmap())} characters, "
          f"{len(font.getGlyphOrder())} glyphs, {path.stat().st_size} bytes")


def make(src_dir, out_dir, ttc, index, codec, out):
    font = TTFont(src_dir / ttc, fontNumber=index, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]  # keep vert/vrt2, halt/palt, locl …
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=charset(codec))
    sub.subset(font)
    to_truetype(font)
    path = out_dir / out
    font.save(path)
    cmap = font.getBestCmap()
    print(f"{out} (first pass): {len(cmap)} characters, "
          f"{len(font.getGlyphOrder())} glyphs, {path.stat().st_size} bytes")
    trim(path)


def main():
    if sys.argv[1] == "--trim":  # the second pass alone, on faces already made
        for path in sys.argv[2:]:
            trim(Path(path))
        return
    src_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    only = set(sys.argv[3:])
    for ttc, index, codec, out in FACES:
        if not only or out in only:
            make(src_dir, out_dir, ttc, index, codec, out)


if __name__ == "__main__":
    main()
