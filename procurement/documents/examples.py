"""The shipped example cases (data/examples), with their one-line stories in sv and en."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from procurement.core.model.common import Lang
from procurement.core.resources import data_path

__all__ = ["EXAMPLES_DIR", "Example", "example_cases"]

EXAMPLES_DIR = data_path("examples")
_ROW = re.compile(r"^\|\s*`([^`]+\.json)`\s*\|([^|]*)\|([^|]*)\|")


@dataclass(frozen=True)
class Example:
    """One example case: its file and its story."""

    id: str
    path: Path
    story_sv: str
    story_en: str

    def story(self, lang: Lang) -> str:
        """The story in ``lang`` (the file name when the README has none)."""
        return (self.story_en if lang == "en" else self.story_sv) or self.id

    def facts(self) -> dict[str, Any]:
        """The case's facts, as in the file."""
        facts: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        return facts


@cache
def example_cases(directory: Path = EXAMPLES_DIR) -> tuple[Example, ...]:
    """Every ``*.json`` case in ``directory``, with the stories of its README table."""
    stories: dict[str, tuple[str, str]] = {}
    readme = directory / "README.md"
    if readme.exists():
        for line in readme.read_text(encoding="utf-8").splitlines():
            match = _ROW.match(line)
            if match:
                stories[match.group(1)] = (match.group(2).strip(), match.group(3).strip())
    return tuple(
        Example(p.stem, p, *stories.get(p.name, ("", ""))) for p in sorted(directory.glob("*.json"))
    )
