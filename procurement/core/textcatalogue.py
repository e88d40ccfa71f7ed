"""A catalogue of interface texts in Swedish and English, read from a YAML file once."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from procurement.core.model.common import Lang
from procurement.core.yamlsource import read_yaml

__all__ = ["TextCatalogue"]


class TextCatalogue:
    """Texts keyed by id under ``texts:``, each with ``sv`` and ``en``; Swedish first."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def texts(self) -> dict[str, dict[str, str]]:
        """Every entry, read on first use."""
        data, _ = read_yaml(self.path)
        return data["texts"]

    def __call__(self, key: str, lang: Lang, **params: object) -> str:
        """The text ``key`` in ``lang``, with ``{params}`` filled in."""
        entry = self.texts[key]
        text = entry["en"] if lang == "en" else entry["sv"]
        return text.format(**params) if params else text
