"""What is saved and what comes back, validated with pydantic on the way in and out."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from procurement.core.document_text import character_name, unfit_character
from procurement.core.model.common import Lang
from procurement.documents.memo.choices import MemoChoices
from procurement.report.assessment import Assessment
from procurement.storage.errors import StorageError

__all__ = [
    "MAX_NOTES",
    "MAX_TITLE",
    "Record",
    "SavedAssessment",
    "Summary",
    "check_notes",
    "check_title",
    "first_error",
]

MAX_TITLE = 200
MAX_NOTES = 10 * 1000  # characters


def _printable(text: str) -> str:
    ch = unfit_character(text)
    if ch is not None:
        raise ValueError(f"contains the character {character_name(ch)}")
    return text


def _check_fit(text: str, field: str) -> None:
    """StorageError naming ``field`` and the character if a document cannot hold ``text``."""
    ch = unfit_character(text)
    if ch is not None:
        raise StorageError("control_characters", field=field, char=character_name(ch))


def check_title(text: str) -> str:
    """A title: stripped, 1 to 200 printable characters; StorageError naming ``title``."""
    title = (text or "").strip()
    if not title or len(title) > MAX_TITLE:
        raise StorageError("title_required", field="title")
    _check_fit(title, "title")
    return title


def check_notes(text: str) -> str:
    """Notes: at most 10 000 printable characters (tabs and line breaks allowed)."""
    notes = (text or "").strip()
    if len(notes) > MAX_NOTES:
        raise StorageError("text_too_long", field="notes", limit=MAX_NOTES)
    _check_fit(notes, "notes")
    return notes


Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE), AfterValidator(_printable)]
Notes = Annotated[str, Field(max_length=MAX_NOTES), AfterValidator(_printable)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Record(_Model):
    """One assessment as it is written: facts checked against the rules, the result they
    gave, the memo choices, and the rule set that gave the result."""

    title: Title
    notes: Notes = ""
    facts: dict[str, Any]
    choices: MemoChoices
    result: Assessment
    language: Lang = "sv"

    @property
    def recommended(self) -> str | None:
        """The recommended route (route.variant), for the list of saved assessments."""
        from procurement.report.assessment import chosen_target

        return chosen_target(self.result)


class Summary(_Model):
    """A line in the list of saved assessments (no facts, no result)."""

    id: str
    code: str
    title: str
    recommended: str | None
    as_of: dt.date
    ruleset_version: str
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime
    owner_issuer: str = "local"
    owner_subject: str = "local"
    owner_name: str = ""
    """The owner as the identity provider last named them ("" when unknown or local)."""
    team: str | None = None
    deleted_at: dt.datetime | None = None
    """When it was moved to the bin (None: not deleted)."""

    def owned_by(self, issuer: str, subject: str) -> bool:
        """Whether the user ``issuer``/``subject`` owns it."""
        return self.owner_issuer == issuer and self.owner_subject == subject


class SavedAssessment(Summary):
    """A saved assessment read back: what was saved and when, with which rules."""

    notes: str
    facts: dict[str, Any]
    choices: MemoChoices
    result: Assessment
    ruleset_id: str
    ruleset_reviewed: dt.date


def first_error(exc: ValidationError) -> tuple[str, str]:
    """(field, message) of a validation error's first problem."""
    error = exc.errors()[0]
    field = ".".join(str(p) for p in error["loc"]) or "record"
    return field, error["msg"]
