"""The command line's dispatch is a table (command → handler), and --rules means the same for
every command: the rules directory, with the supplier checks in its supplier/ folder and the
clause library in its clauses/ folder."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from procurement.cli import COMMANDS, _parser, main
from procurement.core.loader import DEFAULT_RULES_DIR
from procurement.core.settings import RULES
from tests.cli_helpers import assert_one_line_error
from tests.conftest import EXAMPLES, ROOT
from tests.rule_variants import MARK, marked_rules_directory

CASE = EXAMPLES / "fruktkorgar.json"
SUPPLIER = ROOT / "data" / "suppliers" / "exempel" / "stenbacka-verkstader-ab.json"


def run_main(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``procurement.cli.main`` in this process, its output captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse: --help, a usage error
            code = int(exc.code or 0)
    return subprocess.CompletedProcess(list(map(str, args)), code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def _no_rules_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RULES, raising=False)


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return marked_rules_directory(tmp_path_factory.mktemp("cli-rules"))


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_command_has_a_handler_and_every_handler_a_command() -> None:
    assert set(_subcommands()) == set(COMMANDS)
    assert all(callable(c.run) for c in COMMANDS.values())


def test_an_unknown_or_missing_command_is_an_error() -> None:
    proc = run_main("assess-bach", str(CASE))
    assert proc.returncode == 2 and "invalid choice: 'assess-bach'" in proc.stderr
    assert run_main().returncode == 2


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """``parser``, or its own sub-commands' parsers when it has some (saved list, …)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return [p for action in subs for p in action.choices.values()] or [parser]


def test_each_commands_help_says_what_it_reads_of_the_rules_directory() -> None:
    for name, command in _subcommands().items():
        for sub in _parsers(command):
            [rules] = [a for a in sub._actions if "--rules" in a.option_strings] or [None]
            reads = COMMANDS[name].reads
            if reads is None:
                assert rules is None, name
                continue
            assert rules is not None and rules.help is not None, sub.prog
            assert "the rules directory" in rules.help and "VAGVAL_RULES" in rules.help, name
            assert rules.help.endswith(f"{name} reads {reads}"), name
    help_text = run_main("check-supplier", "--help").stdout
    assert "supplier checks in its supplier/ folder" in " ".join(help_text.split())
    assert "means the same for every command" in " ".join(run_main("--help").stdout.split())


@pytest.mark.parametrize("command", ["diff", "schema"])
def test_a_command_that_reads_no_rules_refuses_rules(command: str) -> None:
    args = ["--rules", "rules", command, *(["rules", "rules"] if command == "diff" else [])]
    proc = run_main(*args)
    assert_one_line_error(proc, f"{command} reads no rules directory")


def test_assess_reads_the_route_rules_of_the_directory(marked: Path) -> None:
    for args in (["--rules", marked, "assess"], ["assess", "--rules", marked]):
        proc = run_main(*args, CASE, "--no-trace")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["ruleset_version"].startswith(MARK)


def test_check_supplier_reads_the_supplier_folder_of_the_directory(marked: Path) -> None:
    proc = run_main("check-supplier", SUPPLIER, "--rules", marked, "--no-trace")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["ruleset_version"].startswith(MARK)
    shipped = run_main("check-supplier", SUPPLIER, "--rules", DEFAULT_RULES_DIR, "--no-trace")
    assert not json.loads(shipped.stdout)["ruleset_version"].startswith(MARK)


def test_the_supplier_folder_itself_is_not_a_rules_directory(marked: Path) -> None:
    proc = run_main("check-supplier", SUPPLIER, "--rules", marked / "supplier")
    assert_one_line_error(
        proc, str(marked / "supplier" / "supplier"), "no such folder", "supplier checks"
    )


def test_vagval_rules_is_the_default_and_rules_wins(
    marked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RULES, str(marked))
    proc = run_main("check-supplier", SUPPLIER, "--no-trace")
    assert json.loads(proc.stdout)["ruleset_version"].startswith(MARK)
    proc = run_main("check-supplier", SUPPLIER, "--no-trace", "--rules", DEFAULT_RULES_DIR)
    assert not json.loads(proc.stdout)["ruleset_version"].startswith(MARK)


def test_the_clause_library_is_the_clauses_folder_unless_given(
    marked: Path, tmp_path: Path
) -> None:
    proc = run_main("clauses", CASE, "--rules", marked, "--json")
    assert proc.returncode == 0, proc.stderr
    bare = tmp_path / "bare"
    shutil.copytree(marked, bare, ignore=shutil.ignore_patterns("clauses"))
    proc = run_main("clauses", CASE, "--rules", bare, "--json")
    assert_one_line_error(proc, str(bare / "clauses"), "no such folder", "clause library")
    proc = run_main(
        "clauses", CASE, "--rules", bare, "--json", "--clause-library", marked / "clauses"
    )
    assert proc.returncode == 0, proc.stderr


def test_lint_checks_the_directory_and_its_supplier_folder(marked: Path) -> None:
    proc = run_main("lint", "--rules", marked)
    assert proc.returncode == 0, proc.stderr
    checked = [line.split(":")[1].strip() for line in proc.stdout.splitlines()]
    assert checked == [str(marked), str(marked / "clauses"), str(marked / "supplier")]
    alone = run_main("lint", marked)  # RULES_DIR: that one folder
    assert alone.returncode == 0, alone.stderr
    assert [line.split(":")[1].strip() for line in alone.stdout.splitlines()] == [
        str(marked),
        str(marked / "clauses"),
    ]


def test_catalogue_shows_the_supplier_checks_of_the_directory(marked: Path) -> None:
    shipped = run_main("catalogue")
    given = run_main("catalogue", "--rules", marked)
    assert shipped.returncode == given.returncode == 0
    assert given.stdout.count("\n# ") == shipped.stdout.count("\n# ")
    assert MARK in given.stdout and MARK not in shipped.stdout
