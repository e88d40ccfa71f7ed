"""The authority's choices for a memo: route, clauses with their values, and explanations.

This is the ``--clauses FILE`` of the command line and what the app's memo step saves.
Every text must be one a document can hold (:mod:`procurement.core.document_text`);
:func:`check_choices` also checks the choices against the rules and the clause library, so
that what is saved can be written as a memo later.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from procurement.clauses.fill import check_value
from procurement.clauses.library import ClauseLibrary
from procurement.core.document_text import character_name, unfit_character
from procurement.core.errors import InputError
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.suggest import did_you_mean
from procurement.core.texts import texts

__all__ = [
    "ChosenClause",
    "MemoChoices",
    "check_choices",
    "choice_texts",
    "parse_choices",
    "vet_choices",
]

mt = texts("memo")


def _fit(text: str) -> str:
    """``text`` if a document can hold every character of it."""
    ch = unfit_character(text)
    if ch is not None:
        raise PydanticCustomError(
            "unfit_character",
            "contains the character {char}, which a document cannot hold",
            {"char": character_name(ch)},
        )
    return text


Fit = AfterValidator(_fit)
Ident = Annotated[str, StringConstraints(max_length=100), Fit]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), Fit]
Long = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000), Fit]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChosenClause(_Model):
    """A clause taken into the procurement, with the values of its variables."""

    id: Ident
    variables: dict[Ident, Any] = Field(default_factory=dict)


class MemoChoices(_Model):
    """Everything the authority adds to the assessment; every key is optional."""

    route: Ident | None = None
    route_reason: Long | None = None
    title: Short | None = None
    organisation: Short | None = None
    case_number: Short | None = None
    author: Short | None = None
    clauses: list[ChosenClause] = Field(default_factory=list, max_length=200)
    declined: dict[Ident, Long] = Field(default_factory=dict)


def parse_choices(data: Any, lang: Lang = "sv") -> MemoChoices:
    """Validate a choices object; :class:`InputError` names the first bad field."""
    if not isinstance(data, Mapping):
        raise InputError("clauses", mt("choices_not_object", lang))
    try:
        return MemoChoices.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = _field(error["loc"])
        if error["type"] == "extra_forbidden":
            message = mt("choices_unknown_key", lang, known=", ".join(MemoChoices.model_fields))
        elif error["type"] == "unfit_character":
            message = mt("control_character", lang, char=(error.get("ctx") or {})["char"])
        elif error["type"] == "string_unicode" and isinstance(error["input"], str):
            # A lone surrogate (e.g. "\ud800" in JSON) is not even a string to pydantic.
            ch = unfit_character(error["input"]) or error["input"][:1]
            message = mt("control_character", lang, char=character_name(ch))
        else:
            message = error["msg"]
        raise InputError(field, message) from None


def _field(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "clauses"


def vet_choices(
    rs: RuleSet, library: ClauseLibrary, choices: MemoChoices, lang: Lang = "sv"
) -> tuple[MemoChoices, list[InputError]]:
    """``choices`` without what the rules and the clause library do not know – an unknown
    route, clause, variable or option, a value the variable does not accept, a clause taken
    twice – and an :class:`InputError` naming each thing left out (none: the choices as
    given). Whether a clause suits the case is not checked here: a saved draft may hold
    clauses for another route; the memo checks that when it is built."""
    problems: list[InputError] = []
    route = choices.route
    if route is not None and route not in rs.targets:
        known = ", ".join(rs.targets)
        if route in rs.routes:
            variants = ", ".join(t for t in rs.targets if t.startswith(f"{route}."))
            message = mt("route_needs_variant", lang, known=variants)
        else:
            message = mt("unknown_route", lang, got=route, known=known)
            message += did_you_mean(route, rs.targets)
        problems.append(InputError("route", message))
        route = None
    kept: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, chosen in enumerate(choices.clauses):
        field = f"clauses[{i}]"
        clause = library.clauses.get(chosen.id)
        if clause is None:
            hint = did_you_mean(chosen.id, library.clauses)
            problems.append(
                InputError(f"{field}.id", mt("unknown_clause", lang, got=chosen.id) + hint)
            )
            continue
        if chosen.id in seen:
            problems.append(InputError(f"{field}.id", mt("clause_twice", lang, got=chosen.id)))
            continue
        seen.add(chosen.id)
        declared = {v.id: v for v in clause.variables}
        values: dict[str, Any] = {}
        for name, value in chosen.variables.items():
            where = f"{field}.variables.{name}"
            var = declared.get(name)
            if var is None:
                known = ", ".join(declared) or "–"
                hint = did_you_mean(name, declared)
                problems.append(InputError(where, mt("unknown_variable", lang, known=known) + hint))
                continue
            if value is not None:
                try:
                    check_value(var, value, where, lang)
                except InputError as exc:
                    problems.append(exc)
                    continue
            values[name] = value
        kept.append({"id": chosen.id, "variables": values})
    options = set(library.clauses) | {c.category for c in library.clauses.values()}
    declined: dict[str, str] = {}
    for key, reason in choices.declined.items():
        if key not in options:
            hint = did_you_mean(key, options)
            problems.append(InputError(f"declined.{key}", mt("unknown_option", lang) + hint))
            continue
        declined[key] = reason
    if not problems:
        return choices, []
    data = choices.model_dump(exclude_none=True)
    data.update(route=route, clauses=kept, declined=declined)
    return MemoChoices.model_validate(data), problems


def check_choices(
    rs: RuleSet, library: ClauseLibrary, choices: MemoChoices, lang: Lang = "sv"
) -> MemoChoices:
    """``choices`` if the rules and the clause library know everything in them (see
    :func:`vet_choices`); else :class:`InputError` naming the first thing they do not."""
    _, problems = vet_choices(rs, library, choices, lang)
    if problems:
        raise problems[0]
    return choices


def choice_texts(choices: MemoChoices) -> list[tuple[str, str]]:
    """(field, text) of every text of ``choices`` that goes into the memo as typed."""
    out = [
        (name, value)
        for name in ("title", "organisation", "case_number", "author", "route_reason")
        if isinstance(value := getattr(choices, name), str)
    ]
    for i, chosen in enumerate(choices.clauses):
        out += [
            (f"clauses[{i}].variables.{name}", value)
            for name, value in chosen.variables.items()
            if isinstance(value, str)
        ]
    out += [(f"declined.{key}", reason) for key, reason in choices.declined.items()]
    return out
