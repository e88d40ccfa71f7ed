"""The memo as PDF, laid out with ReportLab in DejaVu Sans (Debian: fonts-dejavu-core).

DejaVu Sans has glyphs for Latin with its extensions (ś, Ŋ, ő …), Greek and Cyrillic, so
names and reasons as users type them show in the PDF; where it is not installed, the Vera
fonts that ReportLab ships are used (Latin-1 and a little more). The fonts are TrueType and
embedded, so every glyph has Unicode and the text can be searched and copied. What the font
has no glyph for (an emoji, Chinese) is refused before writing (``output.check_document``),
never silently left out.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    ListFlowable,
    ListItem,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from procurement.documents.memo.document import Bullets, Document, Heading, Paragraph, Table

__all__ = ["FONT", "font_covers", "font_family", "write_pdf"]

FONT = "VagvalSans"
# The families to use, the first one found first: file names are looked up in ReportLab's
# TTFSearchPath (Debian's /usr/share/fonts/truetype/dejavu, ReportLab's own fonts …).
_FAMILIES = {
    "DejaVu Sans": {
        "": "DejaVuSans.ttf",
        "-Bold": "DejaVuSans-Bold.ttf",
        "-Italic": "DejaVuSans-Oblique.ttf",
        "-BoldItalic": "DejaVuSans-BoldOblique.ttf",
    },
    "Vera": {
        "": "Vera.ttf",
        "-Bold": "VeraBd.ttf",
        "-Italic": "VeraIt.ttf",
        "-BoldItalic": "VeraBI.ttf",
    },
}
_ALERT = colors.HexColor("#9C1C1C")
_SHADE = colors.HexColor("#EEF2F7")


@cache
def font_family() -> str:
    """Register the PDF font family once (the first of :data:`_FAMILIES` whose four files
    are found) and return its name."""
    for family, files in _FAMILIES.items():
        try:
            fonts = [TTFont(f"{FONT}{suffix}", file) for suffix, file in files.items()]
        except (TTFError, OSError):
            continue
        for font in fonts:
            pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(
            FONT,
            normal=FONT,
            bold=f"{FONT}-Bold",
            italic=f"{FONT}-Italic",
            boldItalic=f"{FONT}-BoldItalic",
        )
        return family
    raise RuntimeError("no TrueType font for the PDF: ReportLab's Vera fonts are missing")


def _fonts() -> None:
    font_family()


def font_covers(text: str) -> set[str]:
    """The characters of ``text`` that the PDF cannot show as text: those the font has no
    glyph for, and every character beyond U+FFFF (emoji …), whose Unicode ReportLab writes
    wrongly into the font's map, so that it could not be searched, copied or read aloud."""
    font_family()
    font = pdfmetrics.getFont(FONT)
    assert isinstance(font, TTFont)
    glyphs = font.face.charToGlyph
    bmp_last = 0xFFFF  # not law: the last code point of Unicode's basic multilingual plane
    return {
        ch for ch in text if ch not in "\n\r\t" and (ord(ch) > bmp_last or ord(ch) not in glyphs)
    }


@cache
def _styles(compact: bool = False) -> dict[str, ParagraphStyle]:
    _fonts()
    size, leading = (8.2, 10.6) if compact else (9.5, 13)
    base = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=leading, spaceAfter=3)
    return {
        "title": ParagraphStyle(
            "title", base, fontName=f"{FONT}-Bold", fontSize=size + 7.5, leading=size + 11.5
        ),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12, leading=16, spaceAfter=10),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=f"{FONT}-Bold",
            fontSize=size + 3,
            leading=size + 6.5,
            spaceBefore=6 if compact else 10,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=f"{FONT}-Bold",
            fontSize=size + 1,
            leading=size + 4.5,
            spaceBefore=4,
            keepWithNext=1,
        ),
        "body": base,
        "note": ParagraphStyle(
            "note", base, fontName=f"{FONT}-Italic", fontSize=8.5, textColor=colors.grey
        ),
        "alert": ParagraphStyle("alert", base, fontName=f"{FONT}-Bold", textColor=_ALERT),
        "clause": ParagraphStyle(
            "clause",
            base,
            backColor=_SHADE,
            borderPadding=5,
            leftIndent=10,
            rightIndent=10,
            spaceBefore=6,
            spaceAfter=8,
        ),
        "cell": ParagraphStyle("cell", base, fontSize=size - 1, leading=leading - 2, spaceAfter=0),
        "head": ParagraphStyle(
            "head", base, fontName=f"{FONT}-Bold", fontSize=size - 1, leading=leading - 2
        ),
        "footer": ParagraphStyle("footer", base, fontSize=7.5, alignment=TA_CENTER),
    }


def _p(text: str, style: str, label: str = "", compact: bool = False) -> RLParagraph:
    body = escape(text)
    if label:
        body = f"<b>{escape(label)}</b> {body}"
    return RLParagraph(body, _styles(compact)[style])


def _table(block: Table, width: float, compact: bool = False) -> RLTable:
    widths = block.widths or tuple(1.0 for _ in block.header)
    total = sum(widths)
    data = [[_p(h, "head", compact=compact) for h in block.header]]
    data += [[_p(c, "cell", compact=compact) for c in row] for row in block.rows]
    # splitInRow: a row taller than a page (a long reason) continues on the next page.
    table = RLTable(data, colWidths=[width * w / total for w in widths], repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def write_pdf(document: Document) -> bytes:
    """The document as PDF bytes (A4, page numbers and the footer line on every page)."""
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=(1.6 if document.compact else 2.2) * cm,
        rightMargin=(1.6 if document.compact else 2.2) * cm,
        topMargin=(1.4 if document.compact else 2) * cm,
        bottomMargin=(1.6 if document.compact else 2) * cm,
        title=f"{document.title}: {document.subtitle}",
        author=document.author,
        subject=document.title,
        creator="Vägval",
        lang={"sv": "sv-SE", "en": "en-GB"}[document.lang],
    )
    width = template.width
    c = document.compact
    story: list[Flowable] = [
        _p(document.title, "title", compact=c),
        _p(document.subtitle, "subtitle", compact=c),
    ]
    for block in document.blocks:
        if isinstance(block, Heading):
            story.append(_p(block.text, "h1" if block.level == 1 else "h2", compact=c))
        elif isinstance(block, Paragraph):
            story.append(_p(block.text, block.kind, block.label, compact=c))
        elif isinstance(block, Bullets):
            # ListFlowable takes ListItems (the stubs name only flowables).
            items: list[Any] = [
                ListItem(_p(item, "body", compact=c), leftIndent=12) for item in block.items
            ]
            story.append(
                ListFlowable(
                    items, bulletType="bullet", start="•", leftIndent=12, bulletFontName=FONT
                )
            )
        elif isinstance(block, Table):
            story += [_table(block, width, c), Spacer(1, 6)]

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.drawCentredString(A4[0] / 2, 1.1 * cm, f"{document.footer} · {doc.page}")
        canvas.restoreState()

    template.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
