"""Saved assessments: save, list, reopen, duplicate, rename, share, delete and restore.

Every method takes the acting user (:class:`~procurement.storage.principal.Principal`; the
local user of an installation without sign-in by default) and enforces who may do what: the
owner and those an assessment is shared with (by user or by team) see and open it; only the
owner changes, renames and shares it; the owner or an administrator deletes it, which moves it
to the bin, from where it can be restored for ``trash_days`` days before it is purged. An
assessment someone may not see is "not found", whether it exists or not. Every act is written
to the audit log (who, which act, which assessment id, when; never titles, notes or facts).

Every write is one transaction. An update names the revision it was based on and fails with
:class:`ConflictError` when someone saved in between, so nobody's work is overwritten. Rows
are validated when read, so a damaged row gives a clear error instead of a wrong answer.
Logs carry ids and codes only, never titles, notes or facts.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
import logging
import secrets
import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError

from procurement.core.settings import DEFAULT_AUDIT_DAYS, DEFAULT_TRASH_DAYS
from procurement.core.texts import texts
from procurement.storage.config import database_url, shown_url
from procurement.storage.database import connect_engine, errors_as_storage, migrate, writer
from procurement.storage.errors import ConflictError, NotFoundError, StorageError
from procurement.storage.principal import LOCAL, Principal
from procurement.storage.records import (
    Record,
    SavedAssessment,
    Summary,
    check_title,
    first_error,
)
from procurement.storage.tables import assessments, audit, shares, users

__all__ = [
    "ACTS",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DEFAULT_AUDIT_DAYS",
    "DEFAULT_TRASH_DAYS",
    "AuditEntry",
    "Grantee",
    "Store",
    "new_code",
    "open_store",
]

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
        "owner_issuer",
        "owner_subject",
        "team",
        "deleted_at",
    )
]
# The acts the audit log records.
ACTS = (
    "created",
    "changed",
    "opened",
    "shared",
    "unshared",
    "deleted",
    "restored",
    "purged",
    "exported",
    "erased",
)
# The issuer of acts the program does by itself (purging the bin).
_SYSTEM = Principal(issuer="system", subject="vagval")


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: when, who (issuer, subject and the name they last had),
    which act, on which assessment, and a detail (a share's grantee)."""

    at: dt.datetime
    actor_issuer: str
    actor_subject: str
    actor_name: str
    act: str
    assessment_id: str | None
    detail: str | None


@dataclass(frozen=True)
class Grantee:
    """Someone an assessment is shared with: a user (``kind`` "user", issuer and subject,
    with the name and address they last signed in with) or a team (``kind`` "team")."""

    kind: str
    issuer: str
    grantee: str
    name: str = ""
    email: str = ""

    def label(self) -> str:
        """How the grantee is shown."""
        if self.kind == "team":
            return self.grantee
        return " · ".join(x for x in (self.name, self.email) if x) or self.grantee


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


def _visible(who: Principal) -> Any:
    """The condition on assessments that ``who`` may see (deleted or not): their own, and
    those shared with them or with one of their teams."""
    a = assessments.c
    own = sa.and_(a.owner_issuer == who.issuer, a.owner_subject == who.subject)
    to_user = (
        sa.select(shares.c.assessment_id)
        .where(
            shares.c.assessment_id == a.id,
            shares.c.kind == "user",
            shares.c.issuer == who.issuer,
            shares.c.grantee == who.subject,
        )
        .exists()
    )
    conditions = [own, to_user]
    if who.teams:
        to_team = (
            sa.select(shares.c.assessment_id)
            .where(
                shares.c.assessment_id == a.id,
                shares.c.kind == "team",
                shares.c.grantee.in_(sorted(who.teams)),
            )
            .exists()
        )
        conditions.append(to_team)
    return sa.or_(*conditions)


def _owned(who: Principal) -> Any:
    a = assessments.c
    return sa.and_(a.owner_issuer == who.issuer, a.owner_subject == who.subject)


_OWNER_NAME = (
    sa.select(users.c.name)
    .where(
        users.c.issuer == assessments.c.owner_issuer,
        users.c.subject == assessments.c.owner_subject,
    )
    .scalar_subquery()
    .label("owner_name")
)


@dataclass(frozen=True)
class _Located:
    """What permissions are decided on: an assessment's id, code, revision, owner and
    whether it is in the bin."""

    id: str
    code: str
    revision: int
    owner_issuer: str
    owner_subject: str
    deleted_at: dt.datetime | None

    def owned_by(self, who: Principal) -> bool:
        return who.same(self.owner_issuer, self.owner_subject)


class Store:
    """The saved assessments of one database (opened, checked and migrated on creation).

    ``trash_days``: how long a deleted assessment can be restored before it is purged;
    ``audit_days``: how long the audit log is kept."""

    def __init__(
        self,
        url: sa.URL,
        trash_days: int = DEFAULT_TRASH_DAYS,
        audit_days: int = DEFAULT_AUDIT_DAYS,
    ) -> None:
        self.url = url
        self.where = shown_url(url)
        self.trash_days = trash_days
        self.audit_days = audit_days
        self.engine = connect_engine(url)
        self._writer = writer(self.engine)
        try:
            migrate(self.engine, url)
            self.purge()  # what has been in the bin past its period goes when a process starts
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

    # --- the audit log --------------------------------------------------------------------

    @staticmethod
    def _audit(
        connection: sa.Connection,
        who: Principal,
        act: str,
        ident: str | None,
        detail: str | None = None,
    ) -> None:
        """Write one line of the audit log in the caller's transaction."""
        connection.execute(
            sa.insert(audit).values(
                at=_now(),
                actor_issuer=who.issuer,
                actor_subject=who.subject,
                act=act,
                assessment_id=ident,
                detail=detail,
            )
        )

    def audit_log(
        self, who: Principal = LOCAL, ident: str | None = None, limit: int = 500
    ) -> builtins.list[AuditEntry]:
        """The audit log, newest first (``ident``: of one assessment); administrators only."""
        if not who.admin:
            raise StorageError("admin_only")
        name = (
            sa.select(users.c.name)
            .where(users.c.issuer == audit.c.actor_issuer, users.c.subject == audit.c.actor_subject)
            .scalar_subquery()
        )
        query = sa.select(audit, name.label("actor_name")).order_by(
            audit.c.at.desc(), audit.c.id.desc()
        )
        if ident:
            query = query.where(audit.c.assessment_id == ident)
        with errors_as_storage(self.url), self.engine.connect() as connection:
            rows = connection.execute(query.limit(max(1, limit))).mappings().all()
        return [
            AuditEntry(
                at=_utc(row["at"]),
                actor_issuer=row["actor_issuer"],
                actor_subject=row["actor_subject"],
                actor_name=row["actor_name"] or "",
                act=row["act"],
                assessment_id=row["assessment_id"],
                detail=row["detail"],
            )
            for row in rows
        ]

    # --- users ----------------------------------------------------------------------------

    def signed_in(self, who: Principal) -> None:
        """Remember what the identity provider says about ``who`` (name, address, teams), so
        that others can share with them; the local user is not recorded."""
        if who.is_local:
            return
        now = _now()
        values = {"name": who.name, "email": who.email, "teams": sorted(who.teams)}
        key = (users.c.issuer == who.issuer) & (users.c.subject == who.subject)
        with errors_as_storage(self.url), self._writer.begin() as connection:
            changed = connection.execute(
                sa.update(users).where(key).values(**values, last_seen=now)
            ).rowcount
            if changed == 0:
                try:
                    with connection.begin_nested():
                        connection.execute(
                            sa.insert(users).values(
                                issuer=who.issuer,
                                subject=who.subject,
                                first_seen=now,
                                last_seen=now,
                                **values,
                            )
                        )
                except IntegrityError:  # signed in twice at once: the other one wrote it
                    pass

    def find_user(self, email: str, who: Principal = LOCAL) -> Grantee | None:
        """The user of ``who``'s identity provider (the local user: of any) who signed in with
        the address ``email`` (exactly, ignoring case), None when nobody did (or several)."""
        wanted = (email or "").strip().casefold()
        if not wanted:
            return None
        query = sa.select(users).where(sa.func.lower(users.c.email) == wanted)
        if not who.is_local:
            query = query.where(users.c.issuer == who.issuer)
        with errors_as_storage(self.url), self.engine.connect() as connection:
            rows = connection.execute(query.limit(2)).mappings().all()
        if len(rows) != 1:
            return None
        row = rows[0]
        return Grantee("user", row["issuer"], row["subject"], row["name"], row["email"])

    def users_with_subject(
        self, subject: str, issuer: str | None = None
    ) -> builtins.list[Principal]:
        """The users who signed in with ``subject`` (at ``issuer``, when given), as they last
        did (never administrators: that is the caller's to decide)."""
        query = sa.select(users).where(users.c.subject == subject)
        if issuer:
            query = query.where(users.c.issuer == issuer)
        with errors_as_storage(self.url), self.engine.connect() as connection:
            rows = connection.execute(query.limit(10)).mappings().all()
        return [
            Principal(
                r["issuer"],
                r["subject"],
                name=r["name"],
                email=r["email"],
                teams=frozenset(str(t) for t in r["teams"] or ()),
            )
            for r in rows
        ]

    # --- reading --------------------------------------------------------------------------

    def list(self, who: Principal = LOCAL) -> list[Summary]:
        """The saved assessments ``who`` may see (their own and those shared with them), the
        most recently changed first; never those in the bin."""
        query = (
            sa.select(*_SUMMARY, _OWNER_NAME)
            .where(assessments.c.deleted_at.is_(None), _visible(who))
            .order_by(assessments.c.updated_at.desc(), assessments.c.title)
        )
        with errors_as_storage(self.url), self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [self._summary(row) for row in rows]

    def trash(self, who: Principal = LOCAL, everyone: bool = False) -> builtins.list[Summary]:
        """The assessments in the bin that ``who`` owns (``everyone``: all of them, for an
        administrator), most recently deleted first; those older than the period are purged
        first."""
        if everyone and not who.admin:
            raise StorageError("admin_only")
        self.purge()
        query = sa.select(*_SUMMARY, _OWNER_NAME).where(assessments.c.deleted_at.is_not(None))
        if not everyone:
            query = query.where(_owned(who))
        query = query.order_by(assessments.c.deleted_at.desc(), assessments.c.title)
        with errors_as_storage(self.url), self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [self._summary(row) for row in rows]

    def _locate(
        self, ref: str, who: Principal = LOCAL, deleted: bool = False, admin: bool = False
    ) -> _Located:
        """The assessment ``ref`` (id or share code), without reading its content (so that a
        damaged row can still be renamed or deleted), if ``who`` may see it (``admin``: or is
        an administrator) and it is (``deleted``) or is not in the bin; else NotFoundError."""
        ref = (ref or "").strip()
        a = assessments.c
        column = a.id if len(ref) == 32 else a.code
        query = sa.select(
            a.id, a.code, a.revision, a.owner_issuer, a.owner_subject, a.deleted_at
        ).where(column == ref, a.deleted_at.is_not(None) if deleted else a.deleted_at.is_(None))
        if not (admin and who.admin):
            query = query.where(_visible(who))
        with errors_as_storage(self.url), self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            raise NotFoundError(ref)
        when = _utc(row[5]) if row[5] is not None else None
        return _Located(row[0], row[1], row[2], row[3], row[4], when)

    def locate_for_admin(self, ref: str, who: Principal) -> Summary:
        """An assessment that is not in the bin, by id or code, for an administrator who may
        not see it (to delete it): its id, code, revision and owner; the title is its code,
        never its own. NotFoundError for anyone else."""
        found = self._locate(ref, who, admin=True)
        if not who.admin:
            raise NotFoundError(ref)
        with errors_as_storage(self.url), self.engine.connect() as connection:
            query = sa.select(*_SUMMARY, _OWNER_NAME).where(assessments.c.id == found.id)
            row = dict(connection.execute(query).mappings().one())
        row["title"] = f"({row['owner_name'] or found.owner_subject}: {found.code})"
        return self._summary(row)

    def _owner_only(self, ref: str, who: Principal) -> _Located:
        """``ref`` if ``who`` owns it; StorageError ``not_owner`` when it is only shared with
        them, NotFoundError when they may not see it."""
        found = self._locate(ref, who)
        if not found.owned_by(who):
            raise StorageError("not_owner", ref=found.code)
        return found

    def get(self, ref: str, who: Principal = LOCAL, opened: bool = False) -> SavedAssessment:
        """The saved assessment whose id or share code is ``ref``, if ``who`` may see it
        (``opened``: record in the audit log that they opened it)."""
        ref = (ref or "").strip()
        column = assessments.c.id if len(ref) == 32 else assessments.c.code
        where = sa.and_(column == ref, assessments.c.deleted_at.is_(None), _visible(who))
        with errors_as_storage(self.url), self.engine.connect() as connection:
            try:
                query = sa.select(assessments, _OWNER_NAME).where(where)
                row = connection.execute(query).mappings().first()
            except ValueError as exc:  # a value that cannot be decoded: JSON, date
                raise _undecodable(connection, where, exc) from None
        if row is None:
            raise NotFoundError(ref)
        saved = self._full(row)
        if opened:
            self.record(who, "opened", saved.id)
        return saved

    def record(
        self, who: Principal, act: str, ident: str | None, detail: str | None = None
    ) -> None:
        """Write an act done outside the store (opened, exported) to the audit log."""
        if act not in ACTS:
            raise ValueError(f"unknown act {act!r}")
        with errors_as_storage(self.url), self._writer.begin() as connection:
            self._audit(connection, who, act, ident, detail)

    def _summary(self, row: Any) -> Summary:
        return self._validate(Summary, row, row["id"])

    def _full(self, row: Any) -> SavedAssessment:
        return self._validate(SavedAssessment, row, row["code"])

    @staticmethod
    def _validate(model: type[_Row], row: Any, ref: str) -> _Row:
        data = dict(row)
        for key in ("created_at", "updated_at", "deleted_at"):
            if isinstance(data.get(key), dt.datetime):
                data[key] = _utc(data[key])
        if data.get("owner_name") is None:
            data["owner_name"] = ""
        data = {k: v for k, v in data.items() if k in model.model_fields}
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            field, detail = first_error(exc)
            raise StorageError("invalid_row", ref=ref, field=field, detail=detail) from None

    # --- writing --------------------------------------------------------------------------

    def create(
        self, record: Record, who: Principal = LOCAL, copy_of: str | None = None
    ) -> SavedAssessment:
        """Save ``record`` as a new assessment (revision 1) of ``who`` (in their team) under a
        fresh id and share code."""
        record = Record.model_validate(dict(record))  # checked even when built by model_copy
        for _ in range(5):
            ident, code, now = uuid.uuid4().hex, new_code(), _now()
            row = {
                "id": ident,
                "code": code,
                "revision": 1,
                "created_at": now,
                "updated_at": now,
                "owner_issuer": who.issuer,
                "owner_subject": who.subject,
                "team": who.team,
                **_values(record),
            }
            try:
                with errors_as_storage(self.url), self._writer.begin() as connection:
                    connection.execute(sa.insert(assessments).values(**row))
                    detail = f"copy of {copy_of}" if copy_of else None
                    self._audit(connection, who, "created", ident, detail)
            except StorageError as exc:
                if isinstance(getattr(exc, "__context__", None), IntegrityError):
                    continue  # a share code taken by chance: draw another
                raise
            log.info("created saved assessment %s", code)
            return self.get(ident, who)
        raise StorageError("unreachable", where=self.where, detail="no free share code")

    def update(
        self, ref: str, record: Record, expected_revision: int, who: Principal = LOCAL
    ) -> SavedAssessment:
        """Replace the saved assessment ``ref`` of ``who`` with ``record``, if it is still at
        ``expected_revision``; else :class:`ConflictError` (or :class:`NotFoundError`)."""
        record = Record.model_validate(dict(record))  # checked even when built by model_copy
        return self._change(ref, expected_revision, _values(record), "updated", who)

    def rename(
        self,
        ref: str,
        title: str,
        expected_revision: int | None = None,
        who: Principal = LOCAL,
    ) -> SavedAssessment:
        """Give a saved assessment of ``who`` a new title."""
        return self._change(ref, expected_revision, {"title": check_title(title)}, "renamed", who)

    def _change(
        self, ref: str, expected: int | None, values: dict[str, Any], what: str, who: Principal
    ) -> SavedAssessment:
        found = self._owner_only(ref, who)
        ident, code, revision = found.id, found.code, found.revision
        base = revision if expected is None else expected
        query = (
            sa.update(assessments)
            .where(
                assessments.c.id == ident,
                assessments.c.revision == base,
                assessments.c.deleted_at.is_(None),
            )
            .values(**values, revision=base + 1, updated_at=_now())
        )
        with errors_as_storage(self.url), self._writer.begin() as connection:
            changed = connection.execute(query).rowcount
            if changed == 1:
                self._audit(connection, who, "changed", ident, what)
        if changed != 1:
            latest = self._locate(ident, who).revision  # NotFoundError when deleted meanwhile
            raise ConflictError(base, latest)
        log.info("%s saved assessment %s to revision %d", what, code, base + 1)
        return self.get(ident, who)

    def duplicate(
        self, ref: str, title: str | None = None, lang: str = "sv", who: Principal = LOCAL
    ) -> SavedAssessment:
        """A copy of a saved assessment ``who`` may see, as a new one of theirs."""
        original = self.get(ref, who)
        name = title or st_text("copy_of", "en" if lang == "en" else "sv", title=original.title)
        record = Record(
            title=check_title(name[:200]),
            notes=original.notes,
            facts=original.facts,
            choices=original.choices,
            result=original.result,
            language=original.result.language,
        )
        return self.create(record, who, copy_of=original.id)

    def delete(
        self, ref: str, expected_revision: int | None = None, who: Principal = LOCAL
    ) -> None:
        """Move a saved assessment to the bin (only at ``expected_revision``, when given): the
        owner's act, or an administrator's. It can be restored for ``trash_days`` days."""
        found = self._locate(ref, who, admin=True)
        if not (found.owned_by(who) or who.admin):
            raise StorageError("not_owner", ref=found.code)
        a = assessments.c
        query = (
            sa.update(assessments)
            .where(a.id == found.id, a.deleted_at.is_(None))
            .values(deleted_at=_now(), deleted_by=who.key)
        )
        if expected_revision is not None:
            query = query.where(a.revision == expected_revision)
        with errors_as_storage(self.url), self._writer.begin() as connection:
            deleted = connection.execute(query).rowcount
            if deleted == 1:
                self._audit(connection, who, "deleted", found.id)
        if deleted != 1:
            latest = self._locate(found.id, who, admin=True).revision
            raise ConflictError(expected_revision or found.revision, latest)
        log.info("deleted saved assessment %s (to the bin)", found.code)

    def restore(self, ref: str, who: Principal = LOCAL) -> SavedAssessment:
        """Take a saved assessment out of the bin: its owner's act, or an administrator's."""
        self.purge()
        found = self._locate(ref, who, deleted=True, admin=True)
        if not (found.owned_by(who) or who.admin):
            raise NotFoundError(ref)
        query = (
            sa.update(assessments)
            .where(assessments.c.id == found.id, assessments.c.deleted_at.is_not(None))
            .values(deleted_at=None, deleted_by=None)
        )
        with errors_as_storage(self.url), self._writer.begin() as connection:
            if connection.execute(query).rowcount == 1:
                self._audit(connection, who, "restored", found.id)
        log.info("restored saved assessment %s", found.code)
        return self.get(found.id, who) if found.owned_by(who) else self._read_any(found.id)

    def _read_any(self, ident: str) -> SavedAssessment:
        """An assessment by id, whoever owns it (for an administrator's restore)."""
        with errors_as_storage(self.url), self.engine.connect() as connection:
            query = sa.select(assessments, _OWNER_NAME).where(assessments.c.id == ident)
            row = connection.execute(query).mappings().first()
        if row is None:
            raise NotFoundError(ident)
        return self._full(row)

    def purge(self, now: dt.datetime | None = None) -> int:
        """Remove for good what has been in the bin longer than ``trash_days`` days, and audit
        lines older than ``audit_days`` days; the number of assessments removed."""
        now = now or _now()
        a = assessments.c
        cutoff = now - dt.timedelta(days=self.trash_days)
        with errors_as_storage(self.url), self._writer.begin() as connection:
            old = (
                connection.execute(
                    sa.select(a.id).where(a.deleted_at.is_not(None), a.deleted_at < cutoff)
                )
                .scalars()
                .all()
            )
            for ident in old:
                connection.execute(sa.delete(shares).where(shares.c.assessment_id == ident))
                connection.execute(sa.delete(assessments).where(a.id == ident))
                self._audit(connection, _SYSTEM, "purged", ident)
            connection.execute(
                sa.delete(audit).where(audit.c.at < now - dt.timedelta(days=self.audit_days))
            )
        if old:
            log.info("purged %d saved assessments from the bin", len(old))
        return len(old)

    # --- sharing --------------------------------------------------------------------------

    def grantees(self, ref: str, who: Principal = LOCAL) -> builtins.list[Grantee]:
        """Whom the assessment ``ref`` of ``who`` is shared with."""
        found = self._owner_only(ref, who)
        query = (
            sa.select(shares.c.kind, shares.c.issuer, shares.c.grantee, users.c.name, users.c.email)
            .select_from(
                shares.outerjoin(
                    users,
                    (users.c.issuer == shares.c.issuer) & (users.c.subject == shares.c.grantee),
                )
            )
            .where(shares.c.assessment_id == found.id)
            .order_by(shares.c.kind.desc(), shares.c.grantee)
        )
        with errors_as_storage(self.url), self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [Grantee(r[0], r[1], r[2], r[3] or "", r[4] or "") for r in rows]

    def share(self, ref: str, grantee: Grantee, who: Principal = LOCAL) -> None:
        """Share the assessment ``ref`` of ``who`` with a user or a team (an explicit act of
        the owner; sharing twice changes nothing)."""
        found = self._owner_only(ref, who)
        if grantee.kind not in ("user", "team") or not grantee.grantee.strip():
            raise StorageError("share_invalid")
        if grantee.kind == "user" and who.same(grantee.issuer, grantee.grantee):
            raise StorageError("share_self")
        issuer = grantee.issuer if grantee.kind == "user" else ""
        key = (
            (shares.c.assessment_id == found.id)
            & (shares.c.kind == grantee.kind)
            & (shares.c.issuer == issuer)
            & (shares.c.grantee == grantee.grantee)
        )
        with errors_as_storage(self.url), self._writer.begin() as connection:
            if connection.execute(sa.select(shares.c.kind).where(key)).first() is not None:
                return
            connection.execute(
                sa.insert(shares).values(
                    assessment_id=found.id,
                    kind=grantee.kind,
                    issuer=issuer,
                    grantee=grantee.grantee,
                    created_at=_now(),
                )
            )
            self._audit(connection, who, "shared", found.id, _detail(grantee, issuer))
        log.info("shared saved assessment %s with a %s", found.code, grantee.kind)

    def unshare(self, ref: str, grantee: Grantee, who: Principal = LOCAL) -> None:
        """Stop sharing the assessment ``ref`` of ``who`` with a user or a team."""
        found = self._owner_only(ref, who)
        issuer = grantee.issuer if grantee.kind == "user" else ""
        query = sa.delete(shares).where(
            shares.c.assessment_id == found.id,
            shares.c.kind == grantee.kind,
            shares.c.issuer == issuer,
            shares.c.grantee == grantee.grantee,
        )
        with errors_as_storage(self.url), self._writer.begin() as connection:
            if connection.execute(query).rowcount:
                self._audit(connection, who, "unshared", found.id, _detail(grantee, issuer))

    # --- what is theirs -------------------------------------------------------------------

    def export_mine(self, who: Principal = LOCAL) -> dict[str, Any]:
        """Everything stored about ``who``, as JSON values: what the identity provider said
        about them, their assessments (in the bin too) with whom each is shared, and the audit
        log's lines of their acts."""
        a = assessments.c
        with errors_as_storage(self.url), self.engine.connect() as connection:
            user = (
                connection.execute(
                    sa.select(users).where(
                        users.c.issuer == who.issuer, users.c.subject == who.subject
                    )
                )
                .mappings()
                .first()
            )
            rows = (
                connection.execute(
                    sa.select(assessments, _OWNER_NAME).where(_owned(who)).order_by(a.created_at)
                )
                .mappings()
                .all()
            )
            granted = (
                connection.execute(
                    sa.select(shares).where(shares.c.assessment_id.in_([r["id"] for r in rows]))
                )
                .mappings()
                .all()
            )
            acts = (
                connection.execute(
                    sa.select(audit)
                    .where(audit.c.actor_issuer == who.issuer, audit.c.actor_subject == who.subject)
                    .order_by(audit.c.at)
                )
                .mappings()
                .all()
            )
        saved = []
        for row in rows:
            item = self._full(row).model_dump(mode="json")
            item["shared_with"] = [
                {"kind": g["kind"], "issuer": g["issuer"], "grantee": g["grantee"]}
                for g in granted
                if g["assessment_id"] == row["id"]
            ]
            saved.append(item)
        data: dict[str, Any] = {
            "user": {
                "issuer": who.issuer,
                "subject": who.subject,
                "name": user["name"] if user else who.name,
                "email": user["email"] if user else who.email,
                "teams": list(user["teams"]) if user else sorted(who.teams),
                "first_seen": _utc(user["first_seen"]).isoformat() if user else None,
                "last_seen": _utc(user["last_seen"]).isoformat() if user else None,
            },
            "assessments": saved,
            "audit": [
                {
                    "at": _utc(r["at"]).isoformat(),
                    "act": r["act"],
                    "assessment_id": r["assessment_id"],
                    "detail": r["detail"],
                }
                for r in acts
            ],
        }
        self.record(who, "exported", None, "own data")
        return data

    def erase_mine(self, who: Principal = LOCAL) -> int:
        """Remove for good everything of ``who``: their assessments (in the bin too, with
        their shares), what is shared with them, and what the identity provider said about
        them. The audit log keeps its lines (ids only) for its period. The number of
        assessments removed."""
        a = assessments.c
        with errors_as_storage(self.url), self._writer.begin() as connection:
            mine = connection.execute(sa.select(a.id).where(_owned(who))).scalars().all()
            if mine:
                connection.execute(sa.delete(shares).where(shares.c.assessment_id.in_(mine)))
                connection.execute(sa.delete(assessments).where(a.id.in_(mine)))
            connection.execute(
                sa.delete(shares).where(
                    shares.c.kind == "user",
                    shares.c.issuer == who.issuer,
                    shares.c.grantee == who.subject,
                )
            )
            connection.execute(
                sa.delete(users).where(users.c.issuer == who.issuer, users.c.subject == who.subject)
            )
            self._audit(connection, who, "erased", None, f"{len(mine)} assessments")
        log.info("erased a user's %d saved assessments", len(mine))
        return len(mine)


def _detail(grantee: Grantee, issuer: str) -> str:
    """A share's grantee as the audit log names it: ``user ISSUER SUBJECT`` or ``team NAME``."""
    if grantee.kind == "team":
        return f"team {grantee.grantee}"[:520]
    return f"user {issuer} {grantee.grantee}"[:520]


def open_store(url: sa.URL | str | None = None) -> Store:
    """The store at ``url`` (a URL or text; None: ``DATABASE_URL`` or the embedded SQLite),
    with the bin's and the audit log's periods of the installation's settings."""
    from procurement.core.settings import Settings
    from procurement.storage.config import normalise_url

    if url is None:
        url = database_url()
    elif isinstance(url, str):
        url = normalise_url(url)
    settings = Settings.from_env()
    with errors_as_storage(url):
        return Store(url, trash_days=settings.trash_days(), audit_days=settings.audit_days())
