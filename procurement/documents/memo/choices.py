"""The authority's choices for a memo: route, clauses with their values, and explanations.

This is the ``--clauses FILE`` of the command line and what the app's memo step saves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from procurement.core.errors import InputError
from procurement.core.model.common import Lang
from procurement.core.texts import texts

__all__ = ["ChosenClause", "MemoChoices", "parse_choices"]

mt = texts("memo")

# Text fit for a document: no control characters except tab and line breaks.
_PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200, pattern=_PRINTABLE)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000, pattern=_PRINTABLE)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChosenClause(_Model):
    """A clause taken into the procurement, with the values of its variables."""

    id: str
    variables: dict[str, Any] = Field(default_factory=dict)


class MemoChoices(_Model):
    """Everything the authority adds to the assessment; every key is optional."""

    route: str | None = None
    route_reason: Long | None = None
    title: Short | None = None
    organisation: Short | None = None
    case_number: Short | None = None
    author: Short | None = None
    clauses: list[ChosenClause] = Field(default_factory=list, max_length=200)
    declined: dict[str, Long] = Field(default_factory=dict)


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
        elif error["type"] == "string_pattern_mismatch":
            message = mt("control_character", lang)
        else:
            message = error["msg"]
        raise InputError(field, message) from None


def _field(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "clauses"
