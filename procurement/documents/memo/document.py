"""A small document model, the one source of the memo's DOCX and PDF.

Blocks are plain text: the writers decide how each kind looks. Nothing here knows Word or
PDF, so both files always hold the same content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Block", "Bullets", "Document", "Heading", "Paragraph", "Table", "plain_text"]


@dataclass(frozen=True)
class Heading:
    """A section heading, level 1 or 2."""

    text: str
    level: Literal[1, 2] = 1


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``label`` is set in bold before it; ``kind`` picks the look."""

    text: str
    label: str = ""
    kind: Literal["body", "note", "clause", "alert"] = "body"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``widths`` are relative column widths."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()


Block = Heading | Paragraph | Bullets | Table


@dataclass(frozen=True)
class Document:
    """A titled document in one language, with a footer line on every page."""

    title: str
    subtitle: str
    lang: Literal["sv", "en"]
    footer: str
    author: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    compact: bool = False  # smaller type and margins, e.g. for a one-page handout


def plain_text(doc: Document) -> str:
    """The document as plain text, one block per line (for tests and previews)."""
    lines = [doc.title, doc.subtitle]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines.append(block.text)
        elif isinstance(block, Paragraph):
            lines.append(f"{block.label} {block.text}".strip())
        elif isinstance(block, Bullets):
            lines.extend(f"- {item}" for item in block.items)
        else:
            lines.append(" | ".join(block.header))
            lines.extend(" | ".join(row) for row in block.rows)
    lines.append(doc.footer)
    return "\n".join(lines)
