"""The memo as a Word document (DOCX), editable by the authority."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from procurement.documents.memo.document import Bullets, Document, Heading, Paragraph, Table

__all__ = ["write_docx"]

_LANG = {"sv": "sv-SE", "en": "en-GB"}
_ALERT = RGBColor(0x9C, 0x1C, 0x1C)
_NOTE = RGBColor(0x55, 0x55, 0x55)


def _set_language(doc: object, lang: str) -> None:
    """Mark the text's language, so that Word checks the spelling in Swedish."""
    styles = doc.styles.element  # type: ignore[attr-defined]
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    element = rpr.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        rpr.append(element)
    element.set(qn("w:val"), _LANG[lang])


def _page_number(paragraph: object) -> None:
    run = paragraph.add_run()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def write_docx(document: Document) -> bytes:
    """The document as DOCX bytes."""
    doc = new_docx()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    _set_language(doc, document.lang)
    props = doc.core_properties
    props.title = f"{document.title}: {document.subtitle}"
    props.author = document.author
    props.language = _LANG[document.lang]
    props.subject = document.title
    doc.add_heading(document.title, level=0)
    doc.add_paragraph(document.subtitle, style="Subtitle")
    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(doc, block)
    footer = section.footer.paragraphs[0]
    footer.text = f"{document.footer} · "
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)
    for run in footer.runs:
        run.font.size = Pt(8)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _paragraph(doc: object, block: Paragraph) -> None:
    para = doc.add_paragraph()  # type: ignore[attr-defined]
    if block.label:
        para.add_run(f"{block.label} ").bold = True
    run = para.add_run(block.text)
    if block.kind == "alert":
        for r in para.runs:
            r.font.color.rgb = _ALERT
            r.bold = True
    elif block.kind == "note":
        run.italic = True
        run.font.color.rgb = _NOTE
        run.font.size = Pt(9)
    elif block.kind == "clause":
        para.paragraph_format.left_indent = Cm(0.8)
        para.paragraph_format.right_indent = Cm(0.8)
        run.font.size = Pt(10.5)
        para.paragraph_format.space_before = Pt(4)
        para.paragraph_format.space_after = Pt(6)
        _shade(para)


def _shade(para: object) -> None:
    ppr = para._p.get_or_add_pPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "EEF2F7")
    ppr.append(shading)


def _table(doc: object, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    if block.widths:
        total = sum(block.widths)
        usable = 16.6
        for row in table.rows:
            for cell, width in zip(row.cells, block.widths, strict=True):
                cell.width = Cm(usable * width / total)
    for row in table.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(9)
    doc.add_paragraph()  # type: ignore[attr-defined]
