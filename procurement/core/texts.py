"""Every interface text of Vägval in Swedish and English, read and checked one way.

The texts live in catalogues, ``data/texts/<name>.yaml``: under ``texts:`` each key has an
``sv`` and an ``en`` text with the same ``{placeholders}``. A catalogue belongs to one layer of
the package and is used by that layer and the ones above it (``common``, ``numbers``: the
core; ``report``; ``clauses``; ``memo`` and ``seminar``: the documents; ``storage``;
``coverage`` and ``diff``: authoring; ``ui``: the app; tests/test_texts.py holds the table).

A text is written once. Where another catalogue shows the same words, its entry names them::

    status_possible:
      same_as: common.status_possible   # a text of this catalogue or one of a lower layer
      capitalised: true                 # optional: first letter upper-case ('Möjlig')

The legal texts (reasons, duties, warnings, labels of facts) are not here: they come with the
rules in ``rules/``.

Use::

    from procurement.core.texts import texts

    _T = texts("memo")
    _T("memo_title", "sv")               # 'Beslutsunderlag: val av upphandlingsväg'
    _T("page", "en", n=2)                # 'Page 2'

A catalogue is read and checked on first use; a problem in it raises
:class:`TextCatalogueError` naming the file and line, and an unknown key raises
:class:`KeyError` naming the catalogue.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from procurement.core.errors import RuleIssue, RuleLoadError, VagvalError
from procurement.core.model.common import Lang
from procurement.core.resources import data_path
from procurement.core.yamlsource import LineMap, read_yaml

__all__ = [
    "LANGS",
    "TextCatalogueError",
    "Texts",
    "capitalised",
    "catalogue_names",
    "catalogue_path",
    "placeholders",
    "texts",
]

LANGS: tuple[Lang, ...] = ("sv", "en")


def catalogue_path(name: str) -> Path:
    """The file of the catalogue ``name``: ``data/texts/<name>.yaml``."""
    return data_path("texts", f"{name}.yaml")


def catalogue_names() -> tuple[str, ...]:
    """The names of every catalogue there is, sorted."""
    return tuple(sorted(p.stem for p in data_path("texts").glob("*.yaml")))


class TextCatalogueError(VagvalError):
    """A catalogue file is invalid; carries every problem found, each with file and line."""

    def __init__(self, issues: list[RuleIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues) or "invalid text catalogue")


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in ``text`` (ValueError when its braces are bad)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def capitalised(text: str) -> str:
    """``text`` with its first letter upper-case: a word of a sentence as a heading or cell."""
    return text[:1].upper() + text[1:]


_REF = "same_as"
_CAPITAL = "capitalised"


@dataclass(frozen=True)
class _Ref:
    """An entry that is another catalogue's text: ``same_as: <catalogue>.<key>``."""

    catalogue: str
    key: str
    capital: bool
    line: int


def _checked(
    data: Any, lines: LineMap
) -> tuple[dict[str, dict[Lang, str] | _Ref], list[RuleIssue]]:
    """The entries of a catalogue document as written (texts, and references to texts
    elsewhere), with every problem found."""
    issues: list[RuleIssue] = []

    def problem(path: tuple[str, ...], message: str) -> None:
        issues.append(RuleIssue(lines.file, lines.line(path), message))

    entries = data.get("texts") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or set(data) != {"texts"}:
        problem((), "expected a mapping with the one key 'texts:' holding the texts")
        return {}, issues
    out: dict[str, dict[Lang, str] | _Ref] = {}
    for key, entry in entries.items():
        where = ("texts", key)
        if not key.isidentifier():
            problem(where, f"the key '{key}' is not a name (letters, digits and '_')")
        if isinstance(entry, dict) and _REF in entry:
            target = entry[_REF]
            capital = entry.get(_CAPITAL, False)
            name, dot, ident = target.partition(".") if isinstance(target, str) else ("", "", "")
            if set(entry) - {_REF, _CAPITAL} or (_CAPITAL in entry and capital is not True):
                problem(where, f"'{key}' may have only '{_REF}:' and '{_CAPITAL}: true'")
            elif not (dot and name and ident):
                problem(where, f"'{key}.{_REF}' must be '<catalogue>.<key>', not {target!r}")
            else:
                out[key] = _Ref(name, ident, capital, lines.line(where))
            continue
        if not isinstance(entry, dict) or set(entry) != set(LANGS):
            got = sorted(entry) if isinstance(entry, dict) else type(entry).__name__
            problem(where, f"'{key}' must have exactly 'sv' and 'en' (or '{_REF}'), not {got}")
            continue
        names: dict[str, set[str]] = {}
        for lang in LANGS:
            text = entry[lang]
            if not isinstance(text, str) or not text.strip():
                problem((*where, lang), f"'{key}.{lang}' must be a text, not empty")
                continue
            try:
                names[lang] = placeholders(text)
            except ValueError as exc:
                problem((*where, lang), f"'{key}.{lang}' has bad braces: {exc}")
        if len(names) == len(LANGS) and names["sv"] != names["en"]:
            sv, en = sorted(names["sv"]), sorted(names["en"])
            problem(where, f"'{key}' has the placeholders {sv} in sv but {en} in en")
        out[key] = {lang: entry[lang] for lang in LANGS}
    return out, issues


class Texts(Mapping[str, Mapping[Lang, str]]):
    """One catalogue: call it with a key and a language (and the placeholders' values).

    As a mapping it is ``key -> {"sv": …, "en": …}``, references resolved.
    """

    def __init__(self, name: str, path: Path | None = None) -> None:
        self.name = name
        self.path = path if path is not None else catalogue_path(name)

    def __repr__(self) -> str:
        return f"Texts({self.name!r})"

    @cached_property
    def written(self) -> dict[str, dict[Lang, str] | _Ref]:
        """The entries as written: texts, and references to texts of other catalogues."""
        try:
            data, lines = read_yaml(self.path)
        except RuleLoadError as exc:
            raise TextCatalogueError(exc.issues) from None
        written, issues = _checked(data, lines)
        if issues:
            raise TextCatalogueError(issues)
        return written

    @cached_property
    def entries(self) -> dict[str, dict[Lang, str]]:
        """Every entry with its texts, read and checked on first use."""
        out: dict[str, dict[Lang, str]] = {}
        issues: list[RuleIssue] = []
        for key, entry in self.written.items():
            if not isinstance(entry, _Ref):
                out[key] = entry
                continue
            target = self._target(entry)
            if isinstance(target, str):
                issues.append(RuleIssue(str(self.path), entry.line, f"'{key}': {target}"))
            else:
                out[key] = {
                    lang: capitalised(text) if entry.capital else text
                    for lang, text in target.items()
                }
        if issues:
            raise TextCatalogueError(issues)
        return out

    def _target(self, ref: _Ref) -> dict[Lang, str] | str:
        """The texts a reference stands for, or what is wrong with it."""
        other = self if ref.catalogue == self.name else _catalogue_or_none(ref.catalogue)
        if other is None:
            return f"there is no catalogue '{ref.catalogue}' (data/texts/{ref.catalogue}.yaml)"
        found = other.written.get(ref.key)
        if found is None:
            return f"there is no text '{ref.key}' in the catalogue '{ref.catalogue}'"
        if isinstance(found, _Ref):
            return f"'{ref.catalogue}.{ref.key}' is itself a reference; name the text it is"
        return found

    def __call__(self, key: str, lang: Lang, **params: object) -> str:
        """The text ``key`` in ``lang``, with ``{params}`` filled in (none: as written)."""
        try:
            entry = self.entries[key]
        except KeyError:
            raise KeyError(
                f"no text '{key}' in the catalogue '{self.name}' ({self.path})"
            ) from None
        text = entry["en"] if lang == "en" else entry["sv"]
        return text.format(**params) if params else text

    def __getitem__(self, key: str) -> Mapping[Lang, str]:
        return self.entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def _catalogue_or_none(name: str) -> Texts | None:
    try:
        return texts(name)
    except KeyError:
        return None


@cache
def texts(name: str) -> Texts:
    """The catalogue ``name`` (one object per name; read and checked on first use).

    KeyError when there is no such catalogue."""
    path = catalogue_path(name)
    if not name.isidentifier() or not path.is_file():
        raise KeyError(f"no text catalogue '{name}' ({path} does not exist)")
    return Texts(name, path)
