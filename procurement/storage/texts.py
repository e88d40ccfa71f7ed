"""The texts of saved assessments (data/storage/texts.yaml)."""

from __future__ import annotations

from pathlib import Path

from procurement.textcatalogue import TextCatalogue

__all__ = ["STORAGE_TEXTS_FILE", "st_text"]

STORAGE_TEXTS_FILE = Path(__file__).resolve().parents[2] / "data" / "storage" / "texts.yaml"

st_text = TextCatalogue(STORAGE_TEXTS_FILE)
