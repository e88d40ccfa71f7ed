"""What a change to the rules does: cases compared under two versions of rules/."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from procurement.authoring.diff import (
    Change,
    _load,
    cases,
    compare,
    diff_report,
    report_markdown,
    resolve_rules,
    summarise,
)
from procurement.authoring.testing.scenarios import load_scenarios
from procurement.core.errors import InputError, RuleLoadError
from procurement.core.loader import load_ruleset
from tests.conftest import ROOT
from tests.law import frozen_rules

RULES = ROOT / "rules"
SMOKE_650 = (
    "rules/tests/smoke.yaml::Städning 650 000 kr i en kommun är under direktupphandlingsgränsen"
)
ASF_20 = "rules/supplier/tests/smoke.yaml::Ett ASF som inte når 30 procent"
IOP_CASES = {
    "rules/tests/iop.yaml::Kvinnojour i idéburet partnerskap",
    "data/examples/kvinnojour-partnerskap.json",
    "data/scenarios/sprakcafe-iop.yaml",
}


def _copy(tmp_path: Path, name: str) -> Path:
    """The shipped rules with the frozen amounts (tests/law.py) in ``tmp_path/name``."""
    return frozen_rules(tmp_path, name)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _changes(old_dir: Path, new_dir: Path) -> tuple[list[Change], dict[str, Change]]:
    old, new = load_ruleset(old_dir), load_ruleset(new_dir)
    changes = compare(old, new, cases(old_dir, new_dir))
    return changes, {c.case_id: c for c in changes}


def _is_git_repo() -> bool:
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--git-dir"], capture_output=True, check=False
        )
    except FileNotFoundError:
        return False
    return done.returncode == 0


needs_git = pytest.mark.skipif(not _is_git_repo(), reason="the project is not a git checkout")


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    return _copy(tmp_path, "old"), _copy(tmp_path, "new")


def test_identical_rules_change_no_case(versions: tuple[Path, Path]) -> None:
    old, new = versions
    md, changed = diff_report(str(old), str(new), "sv")
    assert changed == 0
    assert "Inga fall ändras." in md
    assert "Inga ändringar i regelfilerna." in md
    assert "fall jämförda, 0 ändras." in md
    assert summarise(load_ruleset(old), load_ruleset(new)).empty


def test_cases_cover_tests_examples_and_bank_once_each(versions: tuple[Path, Path]) -> None:
    found = cases(*versions)
    ids = [c.id for c in found]
    assert len(ids) == len(set(ids))
    assert SMOKE_650 in ids and ASF_20 in ids
    assert "data/examples/fruktkorgar.json" in ids
    assert "data/scenarios/arbetsklader-vard.yaml" in ids
    assert {c.kind for c in found if c.source == "data/scenarios"} == {"route", "supplier"}
    assert all(c.origin == "both" for c in found)
    n_tests = sum(c.source.startswith("rules/tests/") for c in found)
    assert n_tests == sum(len(load_scenarios(p)) for p in (RULES / "tests").glob("*.yaml"))


def test_a_test_edited_in_one_version_is_kept_twice(versions: tuple[Path, Path]) -> None:
    old, new = versions
    _edit(
        new / "tests" / "smoke.yaml", "estimated_value_sek: 650000", "estimated_value_sek: 750000"
    )
    found = {c.id: c for c in cases(old, new, data_dir=None)}
    assert SMOKE_650 not in found
    assert found[SMOKE_650 + "#old"].facts["estimated_value_sek"] == 650000
    assert found[SMOKE_650 + "#new"].facts["estimated_value_sek"] == 750000
    assert (found[SMOKE_650 + "#old"].origin, found[SMOKE_650 + "#new"].origin) == ("old", "new")


def test_a_lower_direct_award_limit_moves_the_cases_in_between(
    versions: tuple[Path, Path],
) -> None:
    old, new = versions
    _edit(new / "amounts.yaml", "value: 700000", "value: 600000")
    changes, by_id = _changes(old, new)
    smoke = by_id[SMOKE_650]
    assert smoke.source == "rules/tests/smoke.yaml"
    band = smoke.aspect("value_band")
    assert band is not None
    assert (band.old, band.new) == ("below_direct_award_limit", "below_eu_threshold")
    route = smoke.aspect("route:direct_award")
    assert route is not None and (route.old, route.new) == ("possible", "uncertain")
    assert "data/scenarios/motesplats-aldre-iop-risk.yaml" in by_id
    # Only cases between the two limits move.
    facts = {c.id: c.facts for c in cases(old, new)}
    for change in changes:
        assert 600_000 <= facts[change.case_id]["estimated_value_sek"] < 700_000, change.case_id
    diff = summarise(load_ruleset(old), load_ruleset(new))
    assert list(diff.sections) == ["amounts"]
    assert diff.sections["amounts"].changed == (
        ("direct_award_limit_lou", ("periods[2022-02-01].value: 700000 → 600000",)),
    )
    md = report_markdown(changes, diff, "old", "new", "sv")
    assert "`direct_award_limit_lou`" in md
    assert "periods[2022-02-01].value: 700000 → 600000" in md
    assert "### rules/tests/smoke.yaml" in md
    assert "| Värdeintervall | Under direktupphandlingsgränsen | Mellan" in md
    assert "| Direktupphandling | Möjlig | Osäker |" in md


def test_removing_a_recommendation_lists_the_cases_it_decided(
    versions: tuple[Path, Path],
) -> None:
    old, new = versions
    path = new / "recommendation.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: recommend_iop\n")
    end = text.index("  - id: recommend_direct_award\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    changes, by_id = _changes(old, new)
    assert set(by_id) >= IOP_CASES
    for change in changes:
        rec = change.aspect("recommended_route")
        if rec is None:  # the recommendation stays open, waiting on other facts ...
            # ... which it now names, or the routes it could still be bring their duties
            waiting = change.aspect("missing_facts") or change.aspect("obligations")
            assert waiting is not None, change.case_id
            continue
        # IOP was recommended, or its open recommendation held the others back.
        assert rec.old in ("iop", None) and rec.new != "iop", change.case_id
    diff = summarise(load_ruleset(old), load_ruleset(new))
    assert diff.sections["recommendations"].removed == ("recommend_iop",)
    assert set(diff.sections) == {"recommendations"}
    md = report_markdown(changes, diff, "old", "new", "en")
    assert "- **Recommendations**\n  - removed: `recommend_iop`" in md
    iop = load_ruleset(old).routes["iop"].label.en
    assert f"| Recommended route | {iop} |" in md


def test_a_case_refused_by_one_version_only_is_a_change(versions: tuple[Path, Path]) -> None:
    old, new = versions
    (new / "refusals.yaml").write_text(
        "constraints:\n"
        "  - id: no_works_contracts\n"
        "    field: contract_type\n"
        "    when: \"contract_type == 'works'\"\n"
        "    message:\n"
        "      sv: byggentreprenader bedöms inte längre\n"
        "      en: works contracts are no longer assessed\n",
        encoding="utf-8",
    )
    changes, by_id = _changes(old, new)
    assert changes
    works = [c for c in cases(old, new) if c.facts.get("contract_type") == "works"]
    assert works and {c.id for c in works} <= set(by_id)
    for change in changes:
        error = change.aspect("error")
        assert error is not None and error.old is None
        assert "contract_type: byggentreprenader bedöms inte längre" in error.new
        assert change.aspects[0].key == "error"
        assert {a.key for a in change.aspects} <= {"error", "recommended_route", "value_band"}
    diff = summarise(load_ruleset(old), load_ruleset(new))
    assert diff.sections["constraints"].added == ("no_works_contracts",)
    md = report_markdown(changes, diff, "old", "new", "sv")
    assert "| Fel i uppgifterna | giltigt | `contract_type: byggentreprenader" in md


def test_a_supplier_rule_change_is_compared_on_supplier_cases(
    versions: tuple[Path, Path],
) -> None:
    old, new = versions
    _edit(new / "supplier" / "amounts.yaml", "value: 0.30", "value: 0.20")
    md, changed = diff_report(str(old), str(new), "en")
    assert changed > 0
    assert "### rules/supplier/tests/smoke.yaml" in md
    assert "#### Ett ASF som inte når 30 procent" in md
    assert "### Supplier checks\n\n- **Amounts**\n  - changed: `reserved_4_18_min_share`" in md
    assert "### Routes\n\nNo changes in the rule files." in md
    old_rs, new_rs = load_ruleset(old / "supplier"), load_ruleset(new / "supplier")
    by_id = {c.case_id: c for c in compare(old_rs, new_rs, cases(old, new))}
    share = by_id[ASF_20].aspect("criterion:reserved_4_18.share_requirement")
    assert share is not None and (share.old, share.new) == ("not_met", "met")
    assert all(c.kind == "supplier" for c in by_id.values())


def test_the_report_in_english_without_changes(versions: tuple[Path, Path]) -> None:
    old, new = versions
    diff = summarise(load_ruleset(old), load_ruleset(new))
    md = report_markdown([], diff, "a", "b", "en")
    assert md.startswith("# What the change does\n")
    assert "| | Before | After |" in md
    assert f"| Rule set (routes) | `{diff.old_version}` | `{diff.new_version}` |" in md
    assert "No case changes." in md


def test_a_directory_must_hold_rules(tmp_path: Path) -> None:
    with resolve_rules(str(RULES)) as found:
        assert found == RULES
    with pytest.raises(InputError, match="did you mean") as info, resolve_rules(str(ROOT)):
        pass
    assert info.value.field == "rules" and "no *.yaml rule files" in str(info.value)
    with (
        pytest.raises(InputError, match="no such directory"),
        resolve_rules(str(tmp_path / "missing")),
    ):
        pass


@needs_git
def test_a_git_revision_is_extracted_and_removed() -> None:
    with resolve_rules("git:HEAD") as found:
        assert (found / "ruleset.yaml").is_file()
        assert any((found / "tests").glob("*.yaml"))
        assert any((found / "supplier").glob("*.yaml"))
        assert not found.is_relative_to(ROOT)
    assert not found.exists()


@needs_git
def test_git_head_against_the_working_rules() -> None:
    md, changed = diff_report("git:HEAD", str(RULES), "sv")
    assert md.startswith("# Vad ändringen gör\n")
    assert "| Version | `git:HEAD (" in md
    assert changed >= 0


@needs_git
def test_an_unknown_revision_is_named() -> None:
    with pytest.raises(InputError) as info, resolve_rules("git:no-such-revision-xyz"):
        pass
    assert info.value.field == "rules"
    assert "unknown git revision 'no-such-revision-xyz'" in str(info.value)
    with (
        pytest.raises(InputError, match="unknown git revision '--help'"),
        resolve_rules("git:--help"),
    ):
        pass


def test_git_outside_a_repository_is_an_input_error(tmp_path: Path) -> None:
    with (
        pytest.raises(InputError, match="not a git repository"),
        resolve_rules("git:HEAD", repo=tmp_path),
    ):
        pass


def test_a_comment_changes_the_version_but_not_the_content(versions: tuple[Path, Path]) -> None:
    old, new = versions
    path = new / "amounts.yaml"
    path.write_text("# a reviewer's note\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    diff = summarise(load_ruleset(old), load_ruleset(new))
    assert diff.empty and diff.old_version != diff.new_version
    md = report_markdown([], diff, "old", "new", "sv")
    assert "filerna skiljer sig bara i kommentarer eller formatering" in md


def test_broken_rules_of_a_revision_are_named_by_revision(tmp_path: Path) -> None:
    rules = _copy(tmp_path, "rules")
    _edit(rules / "amounts.yaml", "value: 700000", "value: seven hundred thousand")
    with pytest.raises(RuleLoadError) as info:
        _load(rules, "git:v1", rules)
    assert str(info.value).startswith("git:v1:rules/amounts.yaml:")
