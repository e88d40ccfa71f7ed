"""The memo's own texts (data/memo/texts.yaml): headings, labels and input messages."""

from __future__ import annotations

from pathlib import Path

from procurement.textcatalogue import TextCatalogue

__all__ = ["MEMO_TEXTS_FILE", "mt"]

MEMO_TEXTS_FILE = Path(__file__).resolve().parents[2] / "data" / "memo" / "texts.yaml"

mt = TextCatalogue(MEMO_TEXTS_FILE)
