"""The memo's file formats: one document model, written as DOCX or PDF.

The writers' libraries (python-docx, ReportLab: the ``memo`` extra) are imported only when a
file is written, so that the rest of Vägval works without them. Before a file is written,
:func:`check_document` makes sure it can hold every character of the document – DOCX (XML)
no control characters, the PDF only what its font has glyphs for – so that a file is never
written with text silently missing, and never fails without a word.
"""

from __future__ import annotations

from collections.abc import Callable

from procurement.core.document_text import character_name, unfit_character
from procurement.core.errors import InputError
from procurement.core.extras import require
from procurement.core.model.common import Lang
from procurement.core.texts import texts
from procurement.documents.memo.choices import MemoChoices, choice_texts
from procurement.documents.memo.document import Document, plain_text
from procurement.documents.memo.markdown_writer import write_markdown

__all__ = [
    "FORMATS",
    "MIME",
    "check_choices_shown",
    "check_document",
    "markdown_bytes",
    "memo_bytes",
]

mt = texts("memo")


def _docx(document: Document) -> bytes:
    require("docx")
    from procurement.documents.memo.docx_writer import write_docx

    return write_docx(document)


def _pdf(document: Document) -> bytes:
    require("reportlab")
    from procurement.documents.memo.pdf_writer import write_pdf

    return write_pdf(document)


FORMATS: dict[str, Callable[[Document], bytes]] = {"docx": _docx, "pdf": _pdf}
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _missing_glyphs(text: str) -> list[str]:
    """The characters of ``text`` the PDF font cannot show, in the order they appear."""
    require("reportlab")
    from procurement.documents.memo.pdf_writer import font_covers

    missing = font_covers(text)
    return sorted(missing, key=text.index)


def check_choices_shown(choices: MemoChoices, fmt: str, lang: Lang = "sv") -> None:
    """:class:`InputError` naming the field and the character when a ``fmt`` file could not
    show a character the authority typed (for PDF: one its font has no glyph for)."""
    if fmt != "pdf":
        return  # DOCX holds every character parse_choices lets through
    for field, text in choice_texts(choices):
        missing = _missing_glyphs(text)
        if missing:
            raise InputError(field, mt("pdf_no_glyph", lang, char=character_name(missing[0])))


def check_document(document: Document, fmt: str) -> None:
    """:class:`InputError` naming the character when ``document`` cannot be written as a
    ``fmt`` file without losing it (in the document's language)."""
    text = plain_text(document)
    if fmt == "pdf":
        missing = _missing_glyphs(text)
        if missing:
            char = character_name(missing[0])
            raise InputError("pdf", mt("pdf_no_glyph", document.lang, char=char))
        return
    unfit = unfit_character(f"{text}\n{document.author}")
    if unfit is not None:
        char = character_name(unfit)
        raise InputError(fmt, mt("document_text_unfit", document.lang, char=char, fmt=fmt.upper()))


def memo_bytes(document: Document, fmt: str) -> bytes:
    """``document`` as the bytes of a ``docx`` or ``pdf`` file; :class:`InputError` when the
    file could not hold every character of it (:func:`check_document`)."""
    check_document(document, fmt)
    return FORMATS[fmt](document)


def markdown_bytes(document: Document) -> bytes:
    """``document`` as UTF-8 Markdown."""
    return write_markdown(document).encode("utf-8")
