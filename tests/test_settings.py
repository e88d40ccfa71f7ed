"""One settings object: every environment variable is read in procurement/core/settings.py,
and the rules directory can be given with VAGVAL_RULES."""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from procurement.core import settings as settings_module
from procurement.core.loader import DEFAULT_RULES_DIR
from procurement.core.settings import RULES, VARIABLES, Settings
from procurement.service import (
    Vagval,
    default_library,
    default_ruleset,
    default_supplier_ruleset,
    rules_directory,
)
from tests.conftest import EXAMPLES, ROOT
from tests.rule_variants import MARK, marked_rules_directory

PACKAGE = ROOT / "procurement"
SETTINGS_FILE = PACKAGE / "core" / "settings.py"
CASE = EXAMPLES / "fruktkorgar.json"


def test_an_empty_environment_sets_nothing() -> None:
    settings = Settings.from_env({})
    assert all(getattr(settings, f.name) is None for f in dataclasses.fields(Settings))
    assert settings == Settings()


def test_values_are_trimmed_and_empty_ones_are_unset() -> None:
    settings = Settings.from_env(
        {
            "VAGVAL_DATA_DIR": "  ",
            "DATABASE_URL": " sqlite:///x.db ",
            "VAGVAL_BASE_URL": " https://vagval.kommun.se/ ",
            "VAGVAL_LOCAL_AMOUNTS": "~/belopp.yaml",
            "VAGVAL_RULES": "/srv/regler",
        }
    )
    assert settings.data_dir is None
    assert settings.database_url == "sqlite:///x.db"
    assert settings.base_url == "https://vagval.kommun.se"
    assert settings.local_amounts == Path.home() / "belopp.yaml"
    assert settings.rules_dir == Path("/srv/regler")


def test_the_data_directory_falls_back_to_xdg_and_home() -> None:
    assert Settings.from_env({"VAGVAL_DATA_DIR": "/d"}).data_directory() == Path("/d")
    assert Settings.from_env({"XDG_DATA_HOME": "/x"}).data_directory() == Path("/x/vagval")
    assert Settings().data_directory() == Path.home() / ".local" / "share" / "vagval"


def test_the_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().rules_dir = Path("x")  # type: ignore[misc]


def test_every_field_is_one_documented_variable() -> None:
    names = [v.name for v in VARIABLES]
    assert len(names) == len(set(names)) == len(dataclasses.fields(Settings))
    doc = settings_module.__doc__ or ""
    for variable in VARIABLES:
        assert variable.default and variable.meaning, variable
        assert f"``{variable.name}``" in doc, variable.name
        # Setting the variable alone sets exactly one field.
        changed = [
            f.name
            for f in dataclasses.fields(Settings)
            if getattr(Settings.from_env({variable.name: "/v"}), f.name) is not None
        ]
        assert len(changed) == 1, (variable.name, changed)


def _reads_environment(tree: ast.AST) -> list[int]:
    """The lines that touch os.environ, os.getenv (or environb, putenv, unsetenv)."""
    names = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}
    found = []
    for node in ast.walk(tree):
        attribute = (
            isinstance(node, ast.Attribute)
            and node.attr in names
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        )
        imported = (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(alias.name in names for alias in node.names)
        )
        if attribute or imported:
            found.append(node.lineno)
    return sorted(found)


def test_no_module_but_the_settings_reads_the_environment() -> None:
    readers = {
        f"{path.relative_to(ROOT)}:{line}"
        for path in PACKAGE.rglob("*.py")
        if path != SETTINGS_FILE
        for line in _reads_environment(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert readers == set()
    assert _reads_environment(ast.parse(SETTINGS_FILE.read_text(encoding="utf-8")))


def test_the_scan_finds_a_reader() -> None:
    code = "import os\nfrom os import getenv\nx = os.environ.get('VAGVAL_X')\ny = os.getenv('Y')\n"
    assert _reads_environment(ast.parse(code)) == [2, 3, 4]


@pytest.fixture(scope="module")
def own_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of rules/ whose route and supplier rule sets carry versions beginning MARK."""
    return marked_rules_directory(tmp_path_factory.mktemp("own"))


def test_vagval_rules_names_the_rules_directory(
    own_rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RULES, str(own_rules))
    assert rules_directory() == own_rules
    assert rules_directory("elsewhere") == Path("elsewhere")  # --rules wins
    assert default_ruleset().version.startswith(MARK)
    assert default_supplier_ruleset().version.startswith(MARK)
    assert Path(default_library().files[0]).parent == own_rules / "clauses"
    vagval = Vagval()
    assert vagval.assess(json.loads(CASE.read_text(encoding="utf-8"))).ruleset_version.startswith(
        MARK
    )
    assert vagval.supplier_rules.version.startswith(MARK)
    monkeypatch.delenv(RULES)
    assert rules_directory() == DEFAULT_RULES_DIR
    assert not default_ruleset().version.startswith(MARK)


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procurement", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != RULES}, **env},
        timeout=120,
        check=False,
    )


def test_the_command_line_reads_vagval_rules_and_rules_wins(own_rules: Path) -> None:
    done = _cli("assess", str(CASE), "--no-trace", env={RULES: str(own_rules)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ruleset_version"].startswith(MARK)
    done = _cli(
        "assess", str(CASE), "--no-trace", "--rules", str(DEFAULT_RULES_DIR),
        env={RULES: str(own_rules)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not json.loads(done.stdout)["ruleset_version"].startswith(MARK)
