"""The memo's file formats: one document model, written as DOCX or PDF.

The writers' libraries (python-docx, ReportLab: the ``memo`` extra) are imported only when a
file is written, so that the rest of Vägval works without them.
"""

from __future__ import annotations

from collections.abc import Callable

from procurement.core.extras import require
from procurement.documents.memo.document import Document
from procurement.documents.memo.markdown_writer import write_markdown

__all__ = ["FORMATS", "MIME", "markdown_bytes", "memo_bytes"]


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


def memo_bytes(document: Document, fmt: str) -> bytes:
    """``document`` as the bytes of a ``docx`` or ``pdf`` file."""
    return FORMATS[fmt](document)


def markdown_bytes(document: Document) -> bytes:
    """``document`` as UTF-8 Markdown."""
    return write_markdown(document).encode("utf-8")
