"""The ``saved`` commands: the whole life of a saved assessment from the command line, and
clear one-line errors for a missing record, bad input and an unusable database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from procurement.cli import main
from tests.cli_helpers import assert_one_line_error, run_cli
from tests.conftest import ROOT

CASE = ROOT / "data" / "examples" / "anhorigstod-forening.json"
CHOICES = ROOT / "data" / "memo" / "exempel-klausulval.json"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own embedded database."""
    monkeypatch.setenv("VAGVAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("VAGVAL_BASE_URL", raising=False)
    return tmp_path / "data"


def _codes() -> list[str]:
    proc = run_cli("saved", "list", "--json")
    assert proc.returncode == 0, proc.stderr
    return [item["code"] for item in json.loads(proc.stdout)]


def test_save_list_show_export_duplicate_rename_link_delete(tmp_path: Path) -> None:
    proc = run_cli("saved", "list")
    assert proc.returncode == 0 and "Inga sparade bedömningar" in proc.stdout
    proc = run_cli("saved", "save", CASE, "--title", "Anhörigstöd 2027", "--notes", "Kolla med HR")
    assert proc.returncode == 0, proc.stderr
    [code] = _codes()
    assert f"sparad: {code} (version 1) – Anhörigstöd 2027" in proc.stdout
    listed = run_cli("--lang", "en", "saved", "list").stdout
    assert code in listed and "Anhörigstöd 2027" in listed and "recommendation" in listed

    shown = run_cli("saved", "show", code)
    assert shown.returncode == 0, shown.stderr
    assert "# Anhörigstöd 2027" in shown.stdout and "Kolla med HR" in shown.stdout
    assert "Reglerna är desamma" in shown.stdout
    data = json.loads(run_cli("saved", "show", code, "--json").stdout)
    assert data["code"] == code and data["revision"] == 1
    assert data["under_current_rules"] == {
        "status": "same",
        "ruleset_version": data["ruleset_version"],
        "error": None,
        "changes": [],
    }

    facts_out, choices_out = tmp_path / "f.json", tmp_path / "c.json"
    proc = run_cli("saved", "export", code, "--facts", facts_out, "--clauses", choices_out)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(facts_out.read_text(encoding="utf-8")) == json.loads(
        CASE.read_text(encoding="utf-8")
    )
    assert json.loads(choices_out.read_text(encoding="utf-8")) == {"clauses": [], "declined": {}}

    proc = run_cli("saved", "duplicate", code)
    assert proc.returncode == 0 and "Kopia av Anhörigstöd 2027" in proc.stdout
    assert len(_codes()) == 2
    proc = run_cli("saved", "rename", code, "Nytt namn")
    assert proc.returncode == 0 and f"nytt namn: {code} – Nytt namn" in proc.stdout
    assert run_cli("saved", "link", code).stdout.strip() == (
        f"http://localhost:8501/sparade?b={code}"
    )

    proc = run_cli("saved", "delete", code)
    assert proc.returncode == 1 and "--yes" in proc.stderr and code in _codes()
    proc = run_cli("saved", "delete", code, "--yes")
    assert proc.returncode == 0 and code not in _codes()


def test_save_with_clauses_and_update_with_a_stale_revision_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    facts = str(ROOT / "data" / "examples" / "parkskotsel-sysselsattning.json")
    assert main(["saved", "save", facts, "--title", "A", "--clauses", str(CHOICES)]) == 0
    [code] = _codes()
    stored = json.loads(run_cli("saved", "show", code, "--json").stdout)["choices"]
    given = json.loads(CHOICES.read_text(encoding="utf-8"))
    assert {k: v for k, v in stored.items() if v is not None} == given
    assert main(["saved", "save", facts, "--title", "B", "--update", code]) == 0
    assert "(version 2)" in capsys.readouterr().out
    status = main(["saved", "save", facts, "--title", "C", "--update", code, "--revision", "1"])
    err = capsys.readouterr().err
    assert status == 2 and "ändrats av någon annan" in err and "version 1, nu 2" in err
    assert json.loads(run_cli("saved", "show", code, "--json").stdout)["title"] == "B"


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["saved", "show", "nope"], ["Ingen sparad bedömning heter nope"]),
        (["--lang", "en", "saved", "show", "nope"], ["No saved assessment is called nope"]),
        (["saved", "save", str(CASE), "--title", "  "], ["title:"]),
        (["--lang", "en", "saved", "save", str(CASE), "--title", ""], ["give a title"]),
        (["saved", "save", str(CASE), "--title", "x" * 201], ["title:"]),
    ],
)
def test_errors_are_one_line(args: list[str], needles: list[str]) -> None:
    assert_one_line_error(run_cli(*args), *needles)


def test_a_bad_fact_names_the_fact(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"estimated_value_sek": "mycket"}', encoding="utf-8")
    assert_one_line_error(run_cli("saved", "save", bad, "--title", "x"), "estimated_value_sek")
    assert _codes() == []


def test_a_damaged_database_file_is_a_clear_error(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "vagval.sqlite3").write_bytes(b"this is not a database" * 100)
    line = assert_one_line_error(run_cli("saved", "list"), "vagval.sqlite3")
    assert "ingen Vägval-databas eller är skadad" in line


def test_an_unsupported_database_url_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://user:secret@localhost/db")
    line = assert_one_line_error(run_cli("saved", "list"), "mysql")
    assert "secret" not in line


def test_an_unreachable_server_hides_the_password() -> None:
    url = "postgresql://vagval:topsecret@127.0.0.1:9/vagval"
    line = assert_one_line_error(run_cli("saved", "list", "--database-url", url), "127.0.0.1")
    assert "topsecret" not in line and "***" in line
