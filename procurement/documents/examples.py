"""The shipped example cases (data/examples): each ``<id>.json`` is a case, and its one-line
story in Swedish and English is in the folder's ``index.yaml`` (id → sv, en).

The index is read by the rules' strict YAML reader and checked here: every case has an entry
with both languages, every entry has its case file, and any problem is a
:class:`~procurement.core.errors.RuleLoadError` naming the file and the line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from procurement.core.errors import RuleIssue, RuleLoadError
from procurement.core.loader import describe_error
from procurement.core.model.common import Lang
from procurement.core.resources import data_path
from procurement.core.suggest import did_you_mean
from procurement.core.yamlsource import read_yaml

__all__ = ["EXAMPLES_DIR", "INDEX_FILE", "Example", "Story", "example_cases", "read_stories"]

EXAMPLES_DIR = data_path("examples")
INDEX_FILE = "index.yaml"


class Story(BaseModel):
    """An example's one-line story, in both languages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)


@dataclass(frozen=True)
class Example:
    """One example case: its file and its story."""

    id: str
    path: Path
    story_sv: str
    story_en: str

    def story(self, lang: Lang) -> str:
        """The story in ``lang``."""
        return self.story_en if lang == "en" else self.story_sv

    def facts(self) -> dict[str, Any]:
        """The case's facts, as in the file."""
        facts: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        return facts


def read_stories(index: Path, case_ids: list[str]) -> dict[str, Story]:
    """The stories of ``index`` (``id: {sv, en}``), one for each of ``case_ids``; raise
    :class:`RuleLoadError` with ``file:line`` for every problem (an entry without a case, a
    case without an entry, a missing or unknown language, an empty story)."""
    data, lines = read_yaml(index)
    name = str(index)
    if not isinstance(data, Mapping):
        shape = "a mapping of example ids, each with its story in 'sv' and 'en'"
        raise RuleLoadError.single(name, 1, f"the file must be {shape}")
    issues: list[RuleIssue] = []
    stories: dict[str, Story] = {}
    for ident, entry in data.items():
        line = lines.line((ident,))
        if ident not in case_ids:
            hint = did_you_mean(str(ident), case_ids)
            issues.append(RuleIssue(name, line, f"'{ident}': there is no case {ident}.json{hint}"))
            continue
        try:
            stories[ident] = Story.model_validate(entry)
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(error["loc"])
                if error["type"] == "extra_forbidden":
                    message = f"unknown language '{loc[-1]}' (the stories are in 'sv' and 'en')"
                elif error["type"] == "model_type":
                    message = "expected its story in 'sv' and 'en'"
                else:
                    message = describe_error(error, loc, Story)
                issues.append(RuleIssue(name, lines.line((ident, *loc)), f"{ident}: {message}"))
    for ident in case_ids:
        if ident not in data:
            issues.append(
                RuleIssue(name, 1, f"the case {ident}.json has no story: add '{ident}' with sv, en")
            )
    if issues:
        raise RuleLoadError(issues)
    return stories


@cache
def example_cases(directory: Path = EXAMPLES_DIR) -> tuple[Example, ...]:
    """Every ``*.json`` case in ``directory``, sorted by file name, with its story from the
    folder's ``index.yaml``."""
    paths = sorted(directory.glob("*.json"))
    stories = read_stories(directory / INDEX_FILE, [p.stem for p in paths])
    return tuple(Example(p.stem, p, stories[p.stem].sv, stories[p.stem].en) for p in paths)
