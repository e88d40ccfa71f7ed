"""The memo's file formats: one document model, written as DOCX or PDF."""

from __future__ import annotations

from collections.abc import Callable

from procurement.documents.memo.document import Document
from procurement.documents.memo.docx_writer import write_docx
from procurement.documents.memo.markdown_writer import write_markdown
from procurement.documents.memo.pdf_writer import write_pdf

__all__ = ["FORMATS", "MIME", "markdown_bytes", "memo_bytes"]

FORMATS: dict[str, Callable[[Document], bytes]] = {"docx": write_docx, "pdf": write_pdf}
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
