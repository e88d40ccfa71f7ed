"""The loader on valid rules: the shipped rules/, the minimal fixture, merging, determinism."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from procurement.core.errors import RuleLoadError
from procurement.core.loader import DEFAULT_RULES_DIR, load_ruleset, rule_files
from procurement.core.ruleset import BASE_MESSAGES, ROUTE_MESSAGES, RuleSet
from procurement.core.yamlsource import read_yaml
from tests.conftest import FIXTURES, ROOT

RULES = ROOT / "rules"
MINIMAL_DIR = FIXTURES / "minimal_rules"
MINIMAL = MINIMAL_DIR / "rules.yaml"
# The minimal file is split after the derived section (line 102) in the merge tests.
SPLIT_AT = 103


def _lint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procurement", "lint", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- the shipped rules ---------------------------------------------------------------------
def test_shipped_rules_load(ruleset: RuleSet) -> None:
    assert DEFAULT_RULES_DIR == RULES
    fresh = load_ruleset()
    assert fresh.version == ruleset.version
    assert fresh.files == tuple(str(p) for p in rule_files(RULES))
    assert len(fresh.files) >= 2
    assert fresh.facts and fresh.amounts and fresh.routes and fresh.targets
    assert set(fresh.messages) == set(BASE_MESSAGES) | set(ROUTE_MESSAGES)
    assert sum(len(t.rules) for t in fresh.targets.values()) > 0
    assert re.fullmatch(re.escape(fresh.meta.version) + r"\+[0-9a-f]{12}", fresh.version)


def test_shipped_rules_ignore_subfolders() -> None:
    """rules/tests/ holds scenario files, not rules: only the folder's own files are loaded."""
    files = rule_files(RULES)
    assert all(p.parent == RULES for p in files)
    assert (RULES / "tests").is_dir()


@pytest.mark.parametrize(
    "args", [[], [str(RULES)], ["rules"]], ids=["default", "absolute", "relative"]
)
def test_lint_shipped_rules_exits_0(args: list[str]) -> None:
    result = _lint(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")
    assert load_ruleset().version in result.stdout
    assert "error" not in result.stderr


# --- the minimal fixture -------------------------------------------------------------------
def test_minimal_fixture_loads() -> None:
    rs = load_ruleset(MINIMAL_DIR)
    assert rs.meta.id == "minimal"
    assert rs.files == (str(MINIMAL),)
    assert {f: rs.facts[f].type for f in rs.facts} == {
        "as_of": "date",
        "is_social": "bool",
        "contract_type": "enum",
        "estimated_value_sek": "number",
    }
    assert rs.facts["as_of"].default == "today"
    assert rs.facts["contract_type"].value_ids() == ["supplies", "services"]
    assert set(rs.amounts) == {"direct_award_limit_lou", "eur_sek_rate", "abstention_margin"}
    assert (rs.meta.estimation.rate, rs.meta.estimation.margin) == (
        "eur_sek_rate",
        "abstention_margin",
    )
    assert rs.amounts["eur_sek_rate"].period_on(dt.date(2025, 1, 1)).value == 10.8
    assert [d.spec.id for d in rs.derived] == ["direct_award_limit"]
    assert set(rs.routes) == {"direct_award", "reserved"}
    assert set(rs.targets) == {"direct_award", "reserved.workshops", "reserved.ideburen"}
    # rules sorted by priority, highest first
    assert [r.rule.id for r in rs.targets["direct_award"].rules] == [
        "direct_award_below_limit",
        "direct_award_above_limit",
    ]
    assert rs.targets["direct_award"].rules[0].compiled.amounts >= {"direct_award_limit"}
    assert [r.rule.id for r in rs.targets["reserved.workshops"].rules] == ["reserved_workshops"]
    assert [rec.id for rec, _ in rs.recommendations] == ["recommend_direct_award"]
    assert [o.id for o, _ in rs.obligations] == ["document_direct_award"]
    assert [w.id for w, _ in rs.warnings] == ["check_social"]
    assert set(rs.messages) == set(BASE_MESSAGES) | set(ROUTE_MESSAGES)
    assert rs.origins["rules:direct_award_below_limit"] == (str(MINIMAL), 120)
    assert rs.origins["facts:estimated_value_sek"] == (str(MINIMAL), 57)


def test_load_one_file_and_a_list_of_files() -> None:
    by_dir = load_ruleset(MINIMAL_DIR)
    assert load_ruleset(MINIMAL).version == by_dir.version
    assert load_ruleset(str(MINIMAL)).version == by_dir.version
    assert load_ruleset([MINIMAL]).version == by_dir.version


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError, match="no such file or directory"):
        load_ruleset(tmp_path / "nowhere")
    (tmp_path / "notes.txt").write_text("not a rule file\n", encoding="utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_ruleset(tmp_path)
    assert info.value.issues[0].message == "no rule files (*.yaml) in this directory"


# --- determinism -----------------------------------------------------------------------------
def _change_one_reason_character(directory: Path) -> tuple[str, str]:
    """Change one letter of the first rule's Swedish reason; return (file name, rule id)."""
    for path in rule_files(directory):
        data, lines = read_yaml(path)
        if not data.get("rules"):
            continue
        text = path.read_text(encoding="utf-8")
        line = lines.line(("rules", 0, "reason", "sv"))
        start = sum(len(row) for row in text.splitlines(keepends=True)[: line - 1])
        start = text.index("sv:", start) + len("sv:")
        pos = next(i for i in range(start, len(text)) if text[i].isalpha() and text[i].islower())
        new = "x" if text[pos] != "x" else "y"
        path.write_text(text[:pos] + new + text[pos + 1 :], encoding="utf-8")
        return path.name, data["rules"][0]["id"]
    raise AssertionError("no rule file with rules")


def test_version_is_deterministic_and_follows_content(tmp_path: Path) -> None:
    first, second = load_ruleset(RULES), load_ruleset(RULES)
    assert first.version == second.version
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    assert load_ruleset(copy).version == first.version, "same files, same version"

    name, rule_id = _change_one_reason_character(copy)
    changed = load_ruleset(copy)
    assert changed.version != first.version
    assert changed.version.split("+")[0] == first.version.split("+")[0] == first.meta.version

    def reason(rs: RuleSet) -> str:
        rules = [r.rule for t in rs.targets.values() for r in t.rules if r.rule.id == rule_id]
        return rules[0].reason.sv

    before, after = reason(first), reason(changed)
    assert before != after
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1, name
    assert load_ruleset(copy).version == changed.version


# --- several files -------------------------------------------------------------------------
def _split_minimal(directory: Path) -> tuple[Path, Path]:
    lines = MINIMAL.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[SPLIT_AT].startswith("routes:")
    first, second = directory / "a_base.yaml", directory / "b_decisions.yaml"
    first.write_text("".join(lines[:SPLIT_AT]), encoding="utf-8")
    second.write_text("".join(lines[SPLIT_AT:]), encoding="utf-8")
    return first, second


def test_rules_from_several_files_merge(tmp_path: Path) -> None:
    first, second = _split_minimal(tmp_path)
    merged = load_ruleset(tmp_path)
    single = load_ruleset(MINIMAL_DIR)
    assert merged.files == (str(first), str(second))
    assert merged.facts == single.facts
    assert merged.amounts == single.amounts
    assert merged.routes == single.routes
    assert merged.messages == single.messages
    assert set(merged.targets) == set(single.targets)
    for ident, target in single.targets.items():
        assert [r.rule for r in merged.targets[ident].rules] == [r.rule for r in target.rules]
    assert [r for r, _ in merged.recommendations] == [r for r, _ in single.recommendations]
    assert [o for o, _ in merged.obligations] == [o for o, _ in single.obligations]
    assert [w for w, _ in merged.warnings] == [w for w, _ in single.warnings]
    # each item remembers the file and line it came from
    assert merged.origins["facts:is_social"] == (str(first), 46)
    assert merged.origins["rules:direct_award_below_limit"] == (str(second), 120 - SPLIT_AT)
    rule = merged.targets["direct_award"].rules[0].compiled
    assert (rule.file, rule.line) == (str(second), 123 - SPLIT_AT)
    # the file names are part of the version; the listing order is not
    assert merged.version != single.version
    assert load_ruleset([second, first]).targets.keys() == merged.targets.keys()


def test_duplicate_id_across_files_names_both_files(tmp_path: Path) -> None:
    first = tmp_path / "a_rules.yaml"
    shutil.copy(MINIMAL, first)
    second = tmp_path / "b_more.yaml"
    second.write_text(
        "warnings:\n"
        "  - id: check_social\n"
        "    when: is_social\n"
        "    text: {sv: En till., en: One more.}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleLoadError) as info:
        load_ruleset(tmp_path)
    issue = info.value.issues[0]
    assert issue.file == str(second)
    assert issue.line == 2
    assert issue.message == f"duplicate id 'check_social' in warnings (first in {first}:172)"
    assert len(info.value.issues) == 1


def test_second_ruleset_section_names_the_first_file(tmp_path: Path) -> None:
    first, second = _split_minimal(tmp_path)
    second.write_text(
        second.read_text(encoding="utf-8")
        + "".join(MINIMAL.read_text(encoding="utf-8").splitlines(keepends=True)[3:14]),
        encoding="utf-8",
    )
    with pytest.raises(RuleLoadError) as info:
        load_ruleset(tmp_path)
    issue = info.value.issues[0]
    assert issue.file == str(second)
    assert issue.message == f"a second 'ruleset' section (first in {first})"
    assert second.read_text(encoding="utf-8").splitlines()[issue.line - 1] == "ruleset:"


def test_every_issue_of_every_file_is_reported(tmp_path: Path) -> None:
    """Problems in two files are reported together, file by file, not one at a time."""
    first, second = _split_minimal(tmp_path)
    first.write_text(
        first.read_text(encoding="utf-8").replace("    type: bool\n", "    type: boolean\n"),
        encoding="utf-8",
    )
    second.write_text(
        second.read_text(encoding="utf-8").replace("    priority: 20\n", "    priority: high\n"),
        encoding="utf-8",
    )
    with pytest.raises(RuleLoadError) as info:
        load_ruleset(tmp_path)
    found = [(Path(i.file).name, i.line) for i in info.value.issues]
    assert found == [("a_base.yaml", 47), ("b_decisions.yaml", 122 - SPLIT_AT)]
    assert "(did you mean 'bool'?)" in info.value.issues[0].message
