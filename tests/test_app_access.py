"""Sign-in, ownership, sharing, the bin and personal data in the app, with AppTest (issue 16).

AppTest has no identity provider: the tests set who is signed in by replacing
``procurement.ui.auth.configured`` and ``signed_in`` (the real provider and browser are in
tests/test_auth_oidc.py). Every test has a database of its own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from procurement.storage.principal import Principal
from procurement.storage.records import SavedAssessment
from procurement.storage.service import make_record
from procurement.storage.store import Store, open_store
from procurement.ui import auth
from tests.test_app_saved import CLEANING, RULES, _app, _click, _ok, _texts

ISS = "https://login.example.se"
ALICE = Principal(ISS, "alice", name="Alice A", email="alice@kommun.se", teams=frozenset({"inkop"}))
BOB = Principal(ISS, "bob", name="Bob B", email="bob@kommun.se", teams=frozenset({"hr"}))
ADMIN = Principal(ISS, "admin", name="Ada Admin", admin=True)
TITLE = "Alices städning"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VAGVAL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("VAGVAL_BASE_URL", raising=False)
    return tmp_path


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{data_dir / 'vagval.sqlite3'}")
    try:
        yield opened
    finally:
        opened.close()


class SignedIn:
    """Who the app's sessions see as signed in (None: nobody), with sign-in configured."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.who: Principal | None = None
        monkeypatch.setattr(auth, "configured", lambda: True)
        monkeypatch.setattr(auth, "signed_in", lambda: self.who)


@pytest.fixture
def signed_in(monkeypatch: pytest.MonkeyPatch) -> SignedIn:
    return SignedIn(monkeypatch)


def _alices(store: Store) -> SavedAssessment:
    store.signed_in(ALICE)
    return store.create(make_record(RULES, TITLE, CLEANING, {}, "Hemligt", "sv"), who=ALICE)


def test_a_visitor_who_has_not_signed_in_sees_nothing_saved(
    store: Store, signed_in: SignedIn
) -> None:
    saved = _alices(store)
    at = _app("sparade", link=saved.code)
    text = _texts(at)
    assert "Sparade bedömningar visas bara för den som har loggat in" in text
    assert TITLE not in text and saved.code not in text and not at.dataframe
    assert at.button(key="sign_in:saved").label == "Logga in"
    at = _app("vagval")
    assert "Logga in för att spara bedömningen." in _texts(at)
    assert not [b for b in at.button if b.key == "save"]


def test_only_the_owner_and_those_shared_with_see_it(store: Store, signed_in: SignedIn) -> None:
    saved = _alices(store)
    store.signed_in(BOB)
    signed_in.who = BOB
    at = _app("sparade", link=saved.code)
    assert f"Ingen sparad bedömning heter {saved.code}." in _texts(at)
    assert TITLE not in _texts(at)
    signed_in.who = ALICE
    at = _app("sparade", link=saved.code)
    assert at.subheader[0].value == TITLE
    at.text_input(key=f"saved_share_email:{saved.code}").input("bob@kommun.se").run()
    _click(at, "saved_share_user")
    assert "Delad med Bob B · bob@kommun.se." in _texts(at)
    at.selectbox(key=f"saved_share_team:{saved.code}").set_value("inkop").run()
    _click(at, "saved_share_team_button")
    assert [g.grantee for g in store.grantees(saved.code, who=ALICE)] == ["bob", "inkop"]
    # Bob sees it as shared with him; he may open and copy it, not change or delete it.
    signed_in.who = BOB
    at = _app("sparade", link=saved.code)
    assert at.subheader[0].value == TITLE
    assert "Delad med dig av Alice A." in _texts(at)
    labels = [e.label for e in at.expander]
    assert "Dela" not in labels and "Byt namn" not in labels and "Ta bort" not in labels
    _click(at, "saved_open")
    _click(at, "save")  # the open assessment is Alice's: not his to change
    assert "är delad med dig men inte din" in _texts(at)
    _click(at, "save_problem_new")
    mine = store.list(who=BOB)
    assert {s.title for s in mine} == {TITLE} and len(mine) == 2
    assert {s.owner_subject for s in mine} == {"alice", "bob"}
    assert store.get(saved.code, who=ALICE).revision == saved.revision  # unchanged
    # Alice stops sharing with Bob in person; he is not in her team.
    signed_in.who = ALICE
    at = _app("sparade", link=saved.code)
    _click(at, "saved_unshare:user:bob")
    assert "Delas inte längre med Bob B · bob@kommun.se." in _texts(at)
    assert saved.code not in {s.code for s in store.list(who=BOB)}


def test_the_bin_and_the_administrators_view(store: Store, signed_in: SignedIn) -> None:
    saved = _alices(store)
    signed_in.who = ALICE
    at = _app("sparade", link=saved.code)
    at.checkbox(key=f"saved_confirm:{saved.code}").check().run()
    _click(at, "saved_delete")
    assert f"”{TITLE}” ligger i papperskorgen och kan återställas i 30 dagar." in _texts(at)
    assert "Granskningslogg (administratör)" not in [e.label for e in at.expander]
    # An administrator sees everyone's bin by code and owner, never the title, and the log.
    store.signed_in(ADMIN)
    signed_in.who = ADMIN
    at = _app("sparade")
    at.toggle(key="saved_bin_everyone").set_value(True).run()
    _ok(at)
    text = _texts(at)
    assert f"{saved.code} · Alice A" in text and TITLE not in text
    log = at.dataframe[0].value
    assert list(log.iloc[:, 2]) == ["flyttad till papperskorgen", "öppnad", "skapad"]
    assert TITLE not in log.to_string()
    _click(at, f"saved_restore:{saved.id}")
    assert store.get(saved.code, who=ALICE).deleted_at is None
    # An administrator moves another's assessment to the bin by its id, not seeing it.
    at = _app("sparade")
    at.text_input(key="saved_admin_delete_id").input(saved.id).run()
    _click(at, "saved_admin_delete")
    assert f"Bedömningen {saved.id} ligger i papperskorgen" in _texts(at)
    assert store.list(who=ALICE) == [] and [s.id for s in store.trash(who=ALICE)] == [saved.id]
    # Nobody else can.
    signed_in.who = BOB
    at = _app("sparade")
    assert "saved_admin_delete" not in [b.key for b in at.button]


def test_a_user_downloads_and_erases_what_is_theirs(store: Store) -> None:
    # Without sign-in: the local user's own data.
    saved = store.create(make_record(RULES, "Min", CLEANING, {}, "", "sv"))
    at = _app("om")
    assert "Vad Vägval sparar, om vem och hur länge" in _texts(at)
    _click(at, "my_data_gather")
    data = json.loads(at.session_state["my_data"])
    assert [a["code"] for a in data["assessments"]] == [saved.code]
    assert at.get("download_button")[0].proto.label == "Ladda ned (JSON)"
    assert at.button(key="my_data_erase").disabled
    at.checkbox(key="my_data_erase_confirm").check().run()
    _click(at, "my_data_erase")
    assert "Raderat: 1 sparade bedömningar" in _texts(at)
    assert store.list() == [] and store.trash() == []
