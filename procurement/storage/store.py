"""Saved assessments: save, list, reopen, duplicate, rename and delete.

Every write is one transaction. An update names the revision it was based on and fails with
:class:`ConflictError` when someone saved in between, so nobody's work is overwritten. Rows
are validated when read, so a damaged row gives a clear error instead of a wrong answer.
Logs carry ids and codes only, never titles, notes or facts.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import uuid
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError

from procurement.core.texts import texts
from procurement.storage.config import database_url, shown_url
from procurement.storage.database import connect_engine, errors_as_storage, migrate, writer
from procurement.storage.errors import ConflictError, NotFoundError, StorageError
from procurement.storage.records import (
    Record,
    SavedAssessment,
    Summary,
    check_title,
    first_error,
)
from procurement.storage.tables import assessments

__all__ = ["CODE_ALPHABET", "CODE_LENGTH", "Store", "new_code", "open_store"]

_Row = TypeVar("_Row", bound=BaseModel)

st_text = texts("storage")

log = logging.getLogger(__name__)

# Share codes: 10 characters from 31 that cannot be mistaken for each other (about 50 bits).
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 10
_SUMMARY = [
    assessments.c[name]
    for name in (
        "id",
        "code",
        "title",
        "recommended",
        "as_of",
        "ruleset_version",
        "revision",
        "created_at",
        "updated_at",
    )
]


def new_code() -> str:
    """A fresh random share code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime) -> dt.datetime:
    """Timestamps in UTC: SQLite gives them back without a zone (they were written in UTC),
    PostgreSQL in the session's time zone."""
    return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _undecodable(connection: sa.Connection, where: Any, exc: ValueError) -> StorageError:
    """The error for a row whose JSON (or date) cannot even be decoded, naming its code and,
    when found, the column."""
    texts = [sa.cast(assessments.c[name], sa.Text) for name in ("facts", "choices", "result")]
    code, *raw = connection.execute(sa.select(assessments.c.code, *texts).where(where)).one()
    field = "row"
    for name, text in zip(("facts", "choices", "result"), raw, strict=True):
        try:
            json.loads(text)
        except (TypeError, ValueError):
            field = name
            break
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StorageError("invalid_row", ref=code, field=field, detail=detail)


def _values(record: Record) -> dict[str, Any]:
    result = record.result
    return {
        "title": record.title,
        "notes": record.notes,
        "facts": record.facts,
        "choices": record.choices.model_dump(mode="json", exclude_none=True),
        "result": result.model_dump(mode="json"),
        "recommended": record.recommended,
        "as_of": result.as_of,
        "ruleset_id": result.ruleset.id,
        "ruleset_version": result.ruleset_version,
        "ruleset_reviewed": result.ruleset.reviewed,
    }


class Store:
    """The saved assessments of one database (opened, checked and migrated on creation)."""

    def __init__(self, url: sa.URL) -> None:
        self.url = url
        self.where = shown_url(url)
        self.engine = connect_engine(url)
        self._writer = writer(self.engine)
        try:
            migrate(self.engine, url)
        except BaseException:
            self.engine.dispose()  # a database refused leaves no connection open
            raise
        log.info("saved assessments in %s", self.where)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.url.get_backend_name()

    def close(self) -> None:
        """Close every connection."""
        self.engine.dispose()

    # --- reading --------------------------------------------------------------------------

    def list(self) -> list[Summary]:
        """Every saved assessment, the most recently changed first."""
        query = sa.select(*_SUMMARY).order_by(assessments.c.updated_at.desc(), assessments.c.title)
        with errors_as_storage(self.url), self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [self._summary(row) for row in rows]

    def _locate(self, ref: str) -> tuple[str, str, int]:
        """(id, code, revision) of ``ref``, without reading its content (so that a damaged
        row can still be renamed or deleted); NotFoundError when there is none."""
        ref = (ref or "").strip()
        column = assessments.c.id if len(ref) == 32 else assessments.c.code
        query = sa.select(assessments.c.id, assessments.c.code, assessments.c.revision)
        with errors_as_storage(self.url), self.engine.connect() as connection:
            row = connection.execute(query.where(column == ref)).first()
        if row is None:
            raise NotFoundError(ref)
        return row[0], row[1], row[2]

    def get(self, ref: str) -> SavedAssessment:
        """The saved assessment whose id or share code is ``ref``."""
        ref = (ref or "").strip()
        column = assessments.c.id if len(ref) == 32 else assessments.c.code
        with errors_as_storage(self.url), self.engine.connect() as connection:
            try:
                query = sa.select(assessments).where(column == ref)
                row = connection.execute(query).mappings().first()
            except ValueError as exc:  # a value that cannot be decoded: JSON, date
                raise _undecodable(connection, column == ref, exc) from None
        if row is None:
            raise NotFoundError(ref)
        return self._full(row)

    def _summary(self, row: Any) -> Summary:
        return self._validate(Summary, row, row["id"])

    def _full(self, row: Any) -> SavedAssessment:
        return self._validate(SavedAssessment, row, row["code"])

    @staticmethod
    def _validate(model: type[_Row], row: Any, ref: str) -> _Row:
        data = dict(row)
        for key in ("created_at", "updated_at"):
            if isinstance(data.get(key), dt.datetime):
                data[key] = _utc(data[key])
        data = {k: v for k, v in data.items() if k in model.model_fields}
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            field, detail = first_error(exc)
            raise StorageError("invalid_row", ref=ref, field=field, detail=detail) from None

    # --- writing --------------------------------------------------------------------------

    def create(self, record: Record) -> SavedAssessment:
        """Save ``record`` as a new assessment (revision 1) under a fresh id and share code."""
        record = Record.model_validate(dict(record))  # checked even when built by model_copy
        for _ in range(5):
            ident, code, now = uuid.uuid4().hex, new_code(), _now()
            row = {
                "id": ident,
                "code": code,
                "revision": 1,
                "created_at": now,
                "updated_at": now,
                **_values(record),
            }
            try:
                with errors_as_storage(self.url), self._writer.begin() as connection:
                    connection.execute(sa.insert(assessments).values(**row))
            except StorageError as exc:
                if isinstance(getattr(exc, "__context__", None), IntegrityError):
                    continue  # a share code taken by chance: draw another
                raise
            log.info("created saved assessment %s", code)
            return self.get(ident)
        raise StorageError("unreachable", where=self.where, detail="no free share code")

    def update(self, ref: str, record: Record, expected_revision: int) -> SavedAssessment:
        """Replace the saved assessment ``ref`` with ``record``, if it is still at
        ``expected_revision``; else :class:`ConflictError` (or :class:`NotFoundError`)."""
        record = Record.model_validate(dict(record))  # checked even when built by model_copy
        return self._change(ref, expected_revision, _values(record), "updated")

    def rename(self, ref: str, title: str, expected_revision: int | None = None) -> SavedAssessment:
        """Give a saved assessment a new title."""
        return self._change(ref, expected_revision, {"title": check_title(title)}, "renamed")

    def _change(
        self, ref: str, expected: int | None, values: dict[str, Any], what: str
    ) -> SavedAssessment:
        ident, code, revision = self._locate(ref)
        base = revision if expected is None else expected
        query = (
            sa.update(assessments)
            .where(assessments.c.id == ident, assessments.c.revision == base)
            .values(**values, revision=base + 1, updated_at=_now())
        )
        with errors_as_storage(self.url), self._writer.begin() as connection:
            changed = connection.execute(query).rowcount
        if changed != 1:
            latest = self._locate(ident)[2]  # NotFoundError when it was deleted meanwhile
            raise ConflictError(base, latest)
        log.info("%s saved assessment %s to revision %d", what, code, base + 1)
        return self.get(ident)

    def duplicate(self, ref: str, title: str | None = None, lang: str = "sv") -> SavedAssessment:
        """A copy of a saved assessment under a new id and share code."""
        original = self.get(ref)
        name = title or st_text("copy_of", "en" if lang == "en" else "sv", title=original.title)
        record = Record(
            title=check_title(name[:200]),
            notes=original.notes,
            facts=original.facts,
            choices=original.choices,
            result=original.result,
            language=original.result.language,
        )
        return self.create(record)

    def delete(self, ref: str, expected_revision: int | None = None) -> None:
        """Delete a saved assessment (only at ``expected_revision``, when given)."""
        ident, code, revision = self._locate(ref)
        query = sa.delete(assessments).where(assessments.c.id == ident)
        if expected_revision is not None:
            query = query.where(assessments.c.revision == expected_revision)
        with errors_as_storage(self.url), self._writer.begin() as connection:
            deleted = connection.execute(query).rowcount
        if deleted != 1:
            raise ConflictError(expected_revision or revision, self._locate(ident)[2])
        log.info("deleted saved assessment %s", code)


def open_store(url: sa.URL | str | None = None) -> Store:
    """The store at ``url`` (a URL or text; None: ``DATABASE_URL`` or the embedded SQLite)."""
    from procurement.storage.config import normalise_url

    if url is None:
        url = database_url()
    elif isinstance(url, str):
        url = normalise_url(url)
    with errors_as_storage(url):
        return Store(url)
