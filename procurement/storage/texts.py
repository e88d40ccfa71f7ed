"""The texts of saved assessments (data/storage/texts.yaml)."""

from __future__ import annotations

from procurement.core.resources import data_path
from procurement.core.textcatalogue import TextCatalogue

__all__ = ["STORAGE_TEXTS_FILE", "st_text"]

STORAGE_TEXTS_FILE = data_path("storage", "texts.yaml")

st_text = TextCatalogue(STORAGE_TEXTS_FILE)
