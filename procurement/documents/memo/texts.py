"""The memo's own texts (data/memo/texts.yaml): headings, labels and input messages."""

from __future__ import annotations

from procurement.core.resources import data_path
from procurement.core.textcatalogue import TextCatalogue

__all__ = ["MEMO_TEXTS_FILE", "mt"]

MEMO_TEXTS_FILE = data_path("memo", "texts.yaml")

mt = TextCatalogue(MEMO_TEXTS_FILE)
