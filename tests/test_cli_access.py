"""The ``saved`` commands as an operator's tool (issue 16): acting as the local user (an
administrator) or, with ``--as``, as a user who signed in to the app, with that user's rights;
sharing, the bin, the audit log and a user's own data from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from procurement.cli import main
from procurement.storage.principal import Principal
from procurement.storage.store import open_store
from tests.conftest import ROOT

CASE = ROOT / "data" / "examples" / "anhorigstod-forening.json"
ISS = "https://login.example.se"
ALICE = Principal(ISS, "alice", name="Alice A", email="alice@kommun.se", teams=frozenset({"inkop"}))
BOB = Principal(ISS, "bob", name="Bob B", email="bob@kommun.se")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own embedded database, where Alice and Bob have signed in."""
    monkeypatch.setenv("VAGVAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = open_store()
    try:
        store.signed_in(ALICE)
        store.signed_in(BOB)
    finally:
        store.close()
    return tmp_path / "data"


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def _codes(capsys: pytest.CaptureFixture[str], *who: str) -> list[str]:
    items = _json(capsys, "saved", "list", "--json", *who)
    assert isinstance(items, list)
    return [item["code"] for item in items]


def test_acting_as_a_user_sees_and_does_what_they_may(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["saved", "save", str(CASE), "--title", "Alices", "--as", "alice"]) == 0
    [code] = _codes(capsys, "--as", "alice")
    assert _codes(capsys, "--as", "bob") == [] and _codes(capsys) == []  # nor the local user
    capsys.readouterr()
    assert main(["saved", "show", code, "--as", "bob"]) == 2
    assert f"Ingen sparad bedömning heter {code}." in capsys.readouterr().err
    assert main(["saved", "share", code, "--user", "bob@kommun.se", "--as", "bob"]) == 2
    assert f"Ingen sparad bedömning heter {code}." in capsys.readouterr().err
    assert main(["saved", "share", code, "--user", "BOB@kommun.se", "--as", "alice"]) == 0
    assert f"delad: {code} med Bob B · bob@kommun.se" in capsys.readouterr().out
    assert _codes(capsys, "--as", "bob") == [code]
    assert main(["saved", "rename", code, "Bobs nu", "--as", "bob"]) == 2
    assert "bara den som äger den" in capsys.readouterr().err
    assert main(["saved", "shares", code, "--as", "alice"]) == 0
    assert capsys.readouterr().out == "user\tbob\tBob B · bob@kommun.se\n"
    assert main(["saved", "delete", code, "--yes", "--as", "bob"]) == 2
    assert main(["saved", "unshare", code, "--user", "bob@kommun.se", "--as", "alice"]) == 0
    assert _codes(capsys, "--as", "bob") == []
    assert main(["saved", "share", code, "--user", "nobody@kommun.se", "--as", "alice"]) == 2
    assert "Ingen med adressen nobody@kommun.se har loggat in" in capsys.readouterr().err
    assert main(["saved", "list", "--as", "mallory"]) == 2
    assert "--as: ingen med subjektet mallory" in capsys.readouterr().err


def test_the_bin_restore_and_the_audit_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["saved", "save", str(CASE), "--title", "Alices", "--as", "alice"]) == 0
    [code] = _codes(capsys, "--as", "alice")
    assert main(["saved", "delete", code, "--yes", "--as", "alice"]) == 0
    assert _codes(capsys, "--as", "alice") == []
    capsys.readouterr()
    assert main(["saved", "bin", "--as", "alice"]) == 0
    assert code in capsys.readouterr().out
    assert main(["saved", "bin", "--as", "bob"]) == 0
    assert "Papperskorgen är tom" in capsys.readouterr().out
    assert main(["saved", "restore", code, "--as", "bob"]) == 2
    assert main(["saved", "restore", code, "--as", "alice"]) == 0
    assert f"återställd: {code} – Alices" in capsys.readouterr().out
    # The audit log: administrators only (the local user is one; --as with --admin too).
    assert main(["saved", "audit", "--as", "alice"]) == 2
    assert "Bara en administratör" in capsys.readouterr().err
    log = _json(capsys, "saved", "audit", "--json")
    assert isinstance(log, list)
    acts = [(e["actor_subject"], e["act"]) for e in reversed(log)]
    assert acts[:2] == [("alice", "created"), ("alice", "opened")]
    assert ("alice", "deleted") in acts and acts[-1] == ("alice", "restored")
    assert "Alices" not in json.dumps(log)
    assert _json(capsys, "saved", "audit", "--json", "--as", "bob", "--admin") == log
    assert main(["saved", "purge", "--as", "alice"]) == 2
    assert main(["saved", "purge"]) == 0


def test_a_users_own_data(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["saved", "save", str(CASE), "--title", "Alices", "--as", "alice"]) == 0
    out = tmp_path / "alice.json"
    assert main(["saved", "my-data", "export", "-o", str(out), "--as", "alice"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["user"]["email"] == "alice@kommun.se"
    assert [a["title"] for a in data["assessments"]] == ["Alices"]
    capsys.readouterr()
    assert main(["saved", "my-data", "erase", "--as", "alice"]) == 1
    assert "--yes" in capsys.readouterr().err
    assert main(["saved", "my-data", "erase", "--yes", "--as", "alice"]) == 0
    assert "raderat: 1 sparade bedömningar" in capsys.readouterr().out
    # Alice's record of her sign-in is gone with the rest.
    assert main(["saved", "list", "--as", "alice"]) == 2


def test_an_administrator_deletes_anothers_without_reading_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["saved", "save", str(CASE), "--title", "Alices", "--as", "alice"]) == 0
    items = _json(capsys, "saved", "list", "--json", "--as", "alice")
    assert isinstance(items, list)
    ident = items[0]["id"]
    capsys.readouterr()
    assert main(["saved", "delete", ident, "--yes", "--as", "bob"]) == 2
    assert main(["saved", "show", ident]) == 2  # the local user administers, sees nothing
    assert "Alices" not in capsys.readouterr().out
    assert main(["saved", "delete", ident]) == 1  # asks for --yes, naming no title
    assert "Alices" not in capsys.readouterr().err
    assert main(["saved", "delete", ident, "--yes"]) == 0
    assert _codes(capsys, "--as", "alice") == []
    capsys.readouterr()
    assert main(["saved", "bin", "--everyone"]) == 0
    out = capsys.readouterr().out
    assert ident in out and "Alices" not in out and "(Alice A)" in out
