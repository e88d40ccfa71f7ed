"""Who may do what with saved assessments, on both backends: owners, shares with users and
teams, the bin and its period, administrators, the audit log, a user's own data, and the
SQLite file readable by its owner only (issue 16)."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from procurement.core.ruleset import RuleSet
from procurement.documents.examples import example_cases
from procurement.storage.config import normalise_url
from procurement.storage.database import _config, connect_engine, writer
from procurement.storage.errors import NotFoundError, StorageError
from procurement.storage.principal import LOCAL, Principal, principal_from_claims
from procurement.storage.records import Record
from procurement.storage.service import make_record
from procurement.storage.store import Grantee, Store, open_store

ISS = "https://login.example.se"
ALICE = Principal(
    ISS, "alice-sub", name="Alice A", email="alice@kommun.se", teams=frozenset({"inkop"})
)
BOB = Principal(ISS, "bob-sub", name="Bob B", email="bob@kommun.se", teams=frozenset({"hr"}))
CAROL = Principal(ISS, "carol-sub", name="Carol C", teams=frozenset({"inkop", "hr"}))
DAVE = Principal(ISS, "dave-sub", name="Dave D", teams=frozenset({"ekonomi"}))
ADMIN = Principal(ISS, "admin-sub", name="Admin", admin=True)
# The same subject at another issuer is someone else.
MALLORY = Principal("https://other.example", "bob-sub", name="Bob B", email="bob@kommun.se")
SECRET_TITLE = "Hemlig upphandling Ö"
SECRET_NOTES = "Anteckning som aldrig får hamna i loggen"


def a_record(rs: RuleSet, title: str = SECRET_TITLE) -> Record:
    facts: dict[str, Any] = next(e for e in example_cases() if e.id == "hemtjanst-kommun").facts()
    return make_record(rs, title, facts, notes=SECRET_NOTES)


def codes(store: Store, who: Principal) -> set[str]:
    return {s.code for s in store.list(who=who)}


def test_nobody_sees_anothers_assessment(store: Store, ruleset: RuleSet) -> None:
    saved = store.create(a_record(ruleset), who=ALICE)
    assert saved.owned_by(ISS, "alice-sub") and saved.team == "inkop"
    assert codes(store, ALICE) == {saved.code}
    for other in (BOB, DAVE, MALLORY, LOCAL, ADMIN):
        assert codes(store, other) == set()
        for ref in (saved.code, saved.id):
            with pytest.raises(NotFoundError):
                store.get(ref, who=other)
        with pytest.raises(NotFoundError):
            store.rename(saved.code, "x", who=other)
        with pytest.raises(NotFoundError):
            store.update(saved.code, a_record(ruleset), saved.revision, who=other)
        with pytest.raises(NotFoundError):
            store.duplicate(saved.code, who=other)
        with pytest.raises(NotFoundError):
            store.share(saved.code, Grantee("user", ISS, "dave-sub"), who=other)
    for other in (BOB, DAVE, MALLORY, LOCAL):
        with pytest.raises(NotFoundError):
            store.delete(saved.code, who=other)
    assert store.get(saved.code, who=ALICE) == saved


def test_sharing_with_a_user_lets_them_see_but_not_change(store: Store, ruleset: RuleSet) -> None:
    saved = store.create(a_record(ruleset), who=ALICE)
    store.share(saved.code, Grantee("user", ISS, "bob-sub"), who=ALICE)
    store.share(saved.code, Grantee("user", ISS, "bob-sub"), who=ALICE)  # twice: once
    assert [g.grantee for g in store.grantees(saved.code, who=ALICE)] == ["bob-sub"]
    assert codes(store, BOB) == {saved.code}
    assert store.get(saved.code, who=BOB).title == SECRET_TITLE
    # The same subject at another provider, and others, still see nothing.
    assert codes(store, MALLORY) == codes(store, DAVE) == set()
    for act in (
        lambda: store.rename(saved.code, "x", who=BOB),
        lambda: store.update(saved.code, a_record(ruleset), saved.revision, who=BOB),
        lambda: store.delete(saved.code, who=BOB),
        lambda: store.share(saved.code, Grantee("user", ISS, "dave-sub"), who=BOB),
        lambda: store.grantees(saved.code, who=BOB),
    ):
        with pytest.raises(StorageError) as info:
            act()
        assert info.value.key == "not_owner"
    copy = store.duplicate(saved.code, who=BOB)
    assert copy.owned_by(ISS, "bob-sub") and codes(store, ALICE) == {saved.code}
    store.unshare(saved.code, Grantee("user", ISS, "bob-sub"), who=ALICE)
    assert codes(store, BOB) == {copy.code}
    with pytest.raises(NotFoundError):
        store.get(saved.code, who=BOB)


def test_sharing_with_a_team(store: Store, ruleset: RuleSet) -> None:
    saved = store.create(a_record(ruleset), who=ALICE)
    store.share(saved.code, Grantee("team", "", "hr"), who=ALICE)
    assert codes(store, BOB) == codes(store, CAROL) == {saved.code}
    assert codes(store, DAVE) == set()
    assert [g.label() for g in store.grantees(saved.code, who=ALICE)] == ["hr"]
    with pytest.raises(StorageError) as info:
        store.share(saved.code, Grantee("user", ISS, "alice-sub"), who=ALICE)
    assert info.value.key == "share_self"
    with pytest.raises(StorageError) as info:
        store.share(saved.code, Grantee("group", "", "x"), who=ALICE)
    assert info.value.key == "share_invalid"


def test_delete_is_soft_and_restorable_by_the_owner(store: Store, ruleset: RuleSet) -> None:
    saved = store.create(a_record(ruleset), who=ALICE)
    store.share(saved.code, Grantee("user", ISS, "bob-sub"), who=ALICE)
    store.delete(saved.code, expected_revision=saved.revision, who=ALICE)
    assert codes(store, ALICE) == codes(store, BOB) == set()
    with pytest.raises(NotFoundError):
        store.get(saved.code, who=ALICE)
    (binned,) = store.trash(who=ALICE)
    assert binned.code == saved.code and binned.deleted_at is not None
    assert store.trash(who=BOB) == []
    with pytest.raises(NotFoundError):
        store.restore(saved.code, who=BOB)
    with pytest.raises(StorageError) as info:
        store.trash(who=BOB, everyone=True)
    assert info.value.key == "admin_only"
    back = store.restore(saved.code, who=ALICE)
    assert back.deleted_at is None and back.facts == saved.facts
    # The shares survive the bin.
    assert codes(store, BOB) == {saved.code}


def test_an_administrator_deletes_and_restores_anyones(store: Store, ruleset: RuleSet) -> None:
    saved = store.create(a_record(ruleset), who=ALICE)
    # An administrator neither lists nor reads it ...
    assert codes(store, ADMIN) == set()
    with pytest.raises(NotFoundError):
        store.get(saved.code, who=ADMIN)
    # ... but may delete it, see it in everyone's bin, and restore it.
    store.delete(saved.id, who=ADMIN)
    assert [s.id for s in store.trash(who=ADMIN, everyone=True)] == [saved.id]
    assert store.trash(who=ADMIN) == []
    assert store.restore(saved.id, who=ADMIN).id == saved.id
    assert codes(store, ALICE) == {saved.code}


def test_the_bin_is_purged_after_its_period(store: Store, ruleset: RuleSet) -> None:
    saved = store.create(a_record(ruleset), who=ALICE)
    kept = store.create(a_record(ruleset, "Kvar"), who=ALICE)
    store.share(saved.code, Grantee("user", ISS, "bob-sub"), who=ALICE)
    store.delete(saved.code, who=ALICE)
    assert store.purge(dt.datetime.now(dt.UTC) + dt.timedelta(days=store.trash_days - 1)) == 0
    assert len(store.trash(who=ALICE)) == 1
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=store.trash_days, minutes=1)
    assert store.purge(later) == 1
    assert store.trash(who=ALICE) == []
    with pytest.raises(NotFoundError):
        store.restore(saved.code, who=ALICE)
    assert codes(store, ALICE) == {kept.code}
    assert ("purged", saved.id) in [(e.act, e.assessment_id) for e in store.audit_log(ADMIN)]


def test_the_audit_log_records_each_act_without_content(store: Store, ruleset: RuleSet) -> None:
    store.signed_in(ALICE)
    saved = store.create(a_record(ruleset), who=ALICE)
    store.get(saved.code, who=ALICE, opened=True)
    store.rename(saved.code, "Nytt namn", who=ALICE)
    store.share(saved.code, Grantee("user", ISS, "bob-sub"), who=ALICE)
    store.get(saved.code, who=BOB, opened=True)
    store.unshare(saved.code, Grantee("user", ISS, "bob-sub"), who=ALICE)
    store.delete(saved.code, who=ALICE)
    store.restore(saved.code, who=ALICE)
    log = list(reversed(store.audit_log(ADMIN, ident=saved.id)))
    assert [(e.actor_subject, e.act) for e in log] == [
        ("alice-sub", "created"),
        ("alice-sub", "opened"),
        ("alice-sub", "changed"),
        ("alice-sub", "shared"),
        ("bob-sub", "opened"),
        ("alice-sub", "unshared"),
        ("alice-sub", "deleted"),
        ("alice-sub", "restored"),
    ]
    assert log[0].actor_name == "Alice A" and log[4].actor_name == ""
    assert log[3].detail == f"user {ISS} bob-sub"
    assert all(e.assessment_id == saved.id for e in log)
    text = json.dumps([vars(e) for e in store.audit_log(ADMIN)], default=str)
    assert SECRET_TITLE not in text and "Nytt namn" not in text and SECRET_NOTES not in text
    for who in (ALICE, BOB, LOCAL):
        with pytest.raises(StorageError) as info:
            store.audit_log(who)
        assert info.value.key == "admin_only"


def test_a_user_is_found_by_address_only_at_their_provider(store: Store) -> None:
    assert store.find_user("bob@kommun.se", who=ALICE) is None
    store.signed_in(BOB)
    store.signed_in(BOB)  # again: one row
    store.signed_in(LOCAL)  # never recorded
    found = store.find_user(" BOB@kommun.se ", who=ALICE)
    assert found == Grantee("user", ISS, "bob-sub", "Bob B", "bob@kommun.se")
    assert store.find_user("bob@kommun.se", who=Principal("https://x", "y")) is None
    assert store.find_user("", who=ALICE) is None


def test_a_user_exports_and_erases_what_is_theirs(store: Store, ruleset: RuleSet) -> None:
    store.signed_in(ALICE)
    store.signed_in(BOB)
    mine = store.create(a_record(ruleset), who=ALICE)
    binned = store.create(a_record(ruleset, "I papperskorgen"), who=ALICE)
    store.delete(binned.code, who=ALICE)
    theirs = store.create(a_record(ruleset, "Bobs"), who=BOB)
    store.share(theirs.code, Grantee("user", ISS, "alice-sub"), who=BOB)
    store.share(mine.code, Grantee("team", "", "hr"), who=ALICE)
    data = store.export_mine(who=ALICE)
    json.dumps(data)  # JSON values only
    assert data["user"]["email"] == "alice@kommun.se" and data["user"]["teams"] == ["inkop"]
    assert {a["code"] for a in data["assessments"]} == {mine.code, binned.code}
    shared = next(a for a in data["assessments"] if a["code"] == mine.code)["shared_with"]
    assert shared == [{"kind": "team", "issuer": "", "grantee": "hr"}]
    assert "created" in [a["act"] for a in data["audit"]]
    assert store.erase_mine(who=ALICE) == 2
    assert codes(store, ALICE) == set() and store.trash(who=ALICE) == []
    assert store.find_user("alice@kommun.se", who=BOB) is None
    assert codes(store, BOB) == {theirs.code}
    assert store.grantees(theirs.code, who=BOB) == []
    acts = [e.act for e in store.audit_log(ADMIN)]
    assert acts[0] == "erased" and "exported" in acts


def test_the_local_user_owns_what_was_saved_before_owners(store_url: str, ruleset: RuleSet) -> None:
    url = normalise_url(store_url)
    engine = connect_engine(url)
    try:
        with writer(engine).begin() as connection:
            command.upgrade(_config(connection), "0001")
        rec = a_record(ruleset)
        now = dt.datetime.now(dt.UTC)
        with writer(engine).begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO vagval_assessments (id, code, title, notes, facts, choices,"
                    " result, recommended, as_of, ruleset_id, ruleset_version, ruleset_reviewed,"
                    " revision, created_at, updated_at) VALUES (:id, :code, :title, '', :facts,"
                    " '{}', :result, NULL, :as_of, 'x', :v, :as_of, 1, :now, :now)"
                ),
                {
                    "id": "a" * 32,
                    "code": "abcdefghjk",
                    "title": rec.title,
                    "facts": json.dumps(rec.facts),
                    "result": rec.result.model_dump_json(),
                    "as_of": rec.result.as_of,
                    "v": rec.result.ruleset_version,
                    "now": now,
                },
            )
    finally:
        engine.dispose()
    store = open_store(store_url)
    try:
        (old,) = store.list()
        assert old.owned_by("local", "local") and old.deleted_at is None
        assert store.list(who=ALICE) == []
    finally:
        store.close()


def test_the_sqlite_file_is_readable_by_its_owner_only(tmp_path: Path, ruleset: RuleSet) -> None:
    folder = tmp_path / "new" / "data"
    store = open_store(f"sqlite:///{folder / 'vagval.sqlite3'}")
    try:
        store.create(a_record(ruleset))
        files = sorted(folder.iterdir())
        assert {f.name for f in files} >= {"vagval.sqlite3", "vagval.sqlite3-wal"}
        for file in files:
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        store.close()


def test_principals_from_claims() -> None:
    claims = {"iss": ISS, "sub": "s1", "email": "a@x.se", "name": "A\x1b[31m", "groups": ["g", ""]}
    who = principal_from_claims(claims, team_claim="groups")
    assert who == Principal(ISS, "s1", name="A[31m", email="a@x.se", teams=frozenset({"g"}))
    assert not who.admin and who.key == f"{ISS} s1"
    assert principal_from_claims({**claims, "groups": "solo"}, "groups").teams == {"solo"}
    assert principal_from_claims(claims).teams == frozenset()
    assert principal_from_claims(claims, admins=["S1"]).admin
    assert principal_from_claims(claims, admins=["A@X.SE"]).admin
    assert not principal_from_claims({**claims, "email_verified": False}, admins=["a@x.se"]).admin
    assert principal_from_claims(claims, "groups", admin_team="g").admin
    assert not principal_from_claims(claims, "groups", admin_team="h").admin
    for bad in (
        {"sub": "s"},
        {"iss": ISS},
        {"iss": "local", "sub": "local"},
        {"iss": "a b", "sub": "s"},
    ):
        assert principal_from_claims(bad) is None
