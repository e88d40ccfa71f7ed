"""A document of the memo model as Markdown (for handouts that are edited or pasted)."""

from __future__ import annotations

from procurement.documents.memo.document import Bullets, Document, Heading, Paragraph, Table

__all__ = ["write_markdown"]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def write_markdown(document: Document) -> str:
    """The document as Markdown text: headings, paragraphs, lists and pipe tables."""
    lines = [f"# {document.title}", "", f"*{document.subtitle}*", ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * (block.level + 1)} {block.text}", ""]
        elif isinstance(block, Paragraph):
            label = f"**{block.label}** " if block.label else ""
            text = f"{label}{block.text}"
            if block.kind == "clause":
                text = "\n".join(f"> {line}" for line in text.splitlines())
            elif block.kind == "note":
                text = f"*{text}*"
            elif block.kind == "alert":
                text = f"**{text}**"
            lines += [text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items] + [""]
        elif isinstance(block, Table):
            lines.append("| " + " | ".join(_cell(h) for h in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    lines += ["---", "", f"*{document.footer}*", ""]
    return "\n".join(lines)
