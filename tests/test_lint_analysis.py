"""The rule analysis behind ``lint``: one fixture per kind of finding, each caught at the right
place with the right message and an example case that really shows it; the real rules pass.

Each directory under tests/fixtures/lint/ except ``base`` holds ``rules.yaml``: a copy of
tests/fixtures/lint/base/rules.yaml (clean: no findings) with one small defect, named
``NN_<kind>_<what>``. Examples are re-checked against the compiled conditions and, where it
matters, against the engine itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import operator
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procurement.authoring.analysis.findings import KINDS, Finding
from procurement.authoring.analysis.lint import analyse
from procurement.authoring.analysis.semantic import CaseSpace
from procurement.core.engine import evaluate
from procurement.core.errors import InputError, RuleLoadError
from procurement.core.evaluation import Evaluation
from procurement.core.facts_input import Case, parse_value
from procurement.core.loader import DEFAULT_RULES_DIR, DEFAULT_SUPPLIER_RULES_DIR, load_ruleset
from procurement.core.ruleset import Compiled, RuleSet
from tests.cli_helpers import run_cli
from tests.conftest import FIXTURES, ROOT

LINT = FIXTURES / "lint"
BASE = LINT / "base"
BASE_FILE = BASE / "rules.yaml"


@dataclasses.dataclass(frozen=True)
class Expect:
    """The first (and only) finding of a fixture: kind, line, a message substring, and what the
    line holds (the item's condition, or its id)."""

    kind: str
    line: int
    message: str
    at: str


CASES: dict[str, Expect] = {
    "01_never_fires_contradiction": Expect(
        "never_fires",
        164,
        "rule 'reserved_ideburen' (reserved.ideburen) holds for no case",
        "when: is_social and not is_social",
    ),
    "02_never_fires_below_minimum": Expect(
        "never_fires",
        148,
        "rule 'direct_award_small_purchase' (direct_award) holds for no case",
        "when: estimated_value_sek < 0",
    ),
    "03_never_fires_warning": Expect(
        "never_fires",
        197,
        "warning 'check_social' holds for no case",
        "when: is_social and contract_type == 'services' and not is_social",
    ),
    "04_shadowed_other_status": Expect(
        "shadowed",
        148,
        "rule 'direct_award_small_purchase' (direct_award) never counts: wherever it holds, a "
        "higher-priority rule with another status holds too (direct_award_below_limit)",
        "when: estimated_value_sek < 100000",
    ),
    "05_conflict_derived_overlap": Expect(
        "conflict",
        106,
        "derived value 'direct_award_limit': cases 1 and 2 both hold",
        """- when: "contract_type in ['supplies', 'services']\"""",
    ),
    "06_conflict_duty_overlap": Expect(
        "conflict",
        190,
        "duty 'document_purchase': 'document_direct_award' and 'document_small_purchase' both "
        "apply",
        "when: route.direct_award == 'recommended' and estimated_value_sek < direct_award_limit",
    ),
    "07_conflict_duty_literal_bound": Expect(
        "conflict",
        190,
        "duty 'document_purchase': 'document_direct_award' and 'document_small_purchase' both "
        "apply",
        "when: route.direct_award == 'recommended' and estimated_value_sek < 200000",
    ),
    "08_conflict_warning_same_id": Expect(
        "conflict",
        204,
        "social_check",
        "when: contract_type == 'services'",
    ),
    "09_gap_derived_hole": Expect(
        "gap",
        104,
        "derived value 'direct_award_limit': no case holds, so it has no value",
        """- when: "contract_type == 'supplies'\"""",
    ),
    "10_gap_derived_literal_bound": Expect(
        "gap",
        104,
        "derived value 'direct_award_limit': no case holds, so it has no value",
        """- when: "estimated_value_sek < 100000\"""",
    ),
    "11_amount_hole_between_periods": Expect(
        "amount_hole",
        76,
        "amount 'eur_sek_rate': no period covers 2024-01-01 to 2024-02-29",
        "- id: eur_sek_rate",
    ),
    "12_unused_fact_declared": Expect(
        "unused_fact", 65, "fact 'is_framework' is declared but never read", "- id: is_framework"
    ),
    "13_unasked_fact_no_group": Expect(
        "unasked_fact",
        46,
        "fact 'is_social' is read by the rules but has no 'group'",
        "- id: is_social",
    ),
    "14_no_reference_rule": Expect(
        "no_reference",
        161,
        "rule 'reserved_ideburen' cites no legal reference",
        "- id: reserved_ideburen",
    ),
    "15_no_reference_recommendation": Expect(
        "no_reference",
        171,
        "recommendation 'recommend_direct_award' cites no legal reference",
        "- id: recommend_direct_award",
    ),
    "16_no_reference_duty": Expect(
        "no_reference",
        188,
        "duty 'document_small_purchase' cites no legal reference",
        "- id: document_small_purchase",
    ),
    "17_no_reference_warning": Expect(
        "no_reference",
        196,
        "warning 'check_social' cites no legal reference",
        "- id: check_social",
    ),
    "18_never_decided_divisor_always_zero": Expect(
        "never_decided",
        197,
        "warning 'check_social' can never be decided: it is unknown for every case (the "
        "divisor 'direct_award_limit - direct_award_limit_lou' is 0)",
        "when: estimated_value_sek / (direct_award_limit - direct_award_limit_lou) > 1",
    ),
    "19_zero_divisor_fact_can_be_zero": Expect(
        "zero_divisor",
        197,
        "warning 'check_social' is left unknown when the divisor 'estimated_value_sek' is 0; "
        "decide that case first, e.g. 'estimated_value_sek != 0 and …'",
        "when: is_social and direct_award_limit / estimated_value_sek > 10",
    ),
}


def _params() -> list[Any]:
    return [pytest.param(name, id=name) for name in CASES]


def _load(name: str) -> RuleSet:
    return load_ruleset(LINT / name)


def _variant(tmp: Path, *edits: tuple[str, str]) -> RuleSet:
    """The base with each ``old`` text (found exactly once) replaced by ``new``, loaded."""
    text = BASE_FILE.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp / "rules.yaml").write_text(text, encoding="utf-8")
    return load_ruleset(tmp)


def _rule(rs: RuleSet, ident: str) -> Any:
    return next(cr for t in rs.targets.values() for cr in t.rules if cr.rule.id == ident)


def _duty(rs: RuleSet, ident: str) -> Compiled:
    return next(c for o, c in rs.obligations if o.id == ident)


def _holds(compiled: Compiled, values: dict[str, Any]) -> bool | None:
    return compiled.condition.evaluate(values)


def _engine(rs: RuleSet, example: dict[str, Any]) -> Evaluation:
    """The engine's own answer for the example case (every fact in it known)."""
    as_of = example.get("as_of", rs.meta.supported_from)
    return evaluate(rs, Case(facts=dict(example), as_of=as_of, as_of_defaulted=False))


def _every_case(rs: RuleSet, compiled: list[Compiled]) -> list[dict[str, Any]]:
    space = CaseSpace(rs)
    return [space.values(case) for case in space.cases(space.names(compiled))]


# --- the base -------------------------------------------------------------------------------


def test_base_is_clean() -> None:
    rs = load_ruleset(BASE)
    assert analyse(rs) == []
    # Every fact the questionnaire should ask has a group, so the unasked_fact check is active.
    asked = [f for f in rs.facts.values() if f.default is None]
    assert asked and all(f.group for f in asked)


def test_same_status_overlap_is_not_shadowed() -> None:
    """In the base, 'direct_award_small_purchase' (priority 15) holds only where the higher
    'direct_award_below_limit' (20) holds, but with the same status: its reason is added, so
    it counts and is not reported."""
    rs = load_ruleset(BASE)
    low, high = _rule(rs, "direct_award_small_purchase"), _rule(rs, "direct_award_below_limit")
    assert low.rule.status == high.rule.status and low.rule.priority < high.rule.priority
    cases = _every_case(rs, [low.compiled, high.compiled])
    where_low = [v for v in cases if _holds(low.compiled, v) is True]
    assert where_low, "the lower rule must hold somewhere for the test to mean anything"
    assert all(_holds(high.compiled, v) is True for v in where_low)
    assert not [f for f in analyse(rs) if f.kind == "shadowed"]
    result = _engine(rs, {"contract_type": "supplies", "estimated_value_sek": 500})
    target = result.targets["direct_award"]
    assert target.decided_by == "direct_award_below_limit"
    assert low.rule.reason in [r.text for r in target.reasons]


# --- one fixture per finding ----------------------------------------------------------------


def test_every_fixture_is_in_the_table() -> None:
    on_disk = sorted(p.name for p in LINT.iterdir() if p.is_dir() and p.name != "base")
    assert on_disk == sorted(CASES), "every fixture directory needs a row in CASES, and vice versa"


def test_every_kind_has_a_fixture_that_is_caught() -> None:
    caught = {e.kind for e in CASES.values()}
    assert caught == set(KINDS)
    for name, expect in CASES.items():
        assert name.split("_", 1)[1].startswith(expect.kind + "_"), name
        assert expect.kind in KINDS


@pytest.mark.parametrize("name", list(CASES))
def test_fixture_is_the_base_with_one_small_change(name: str) -> None:
    assert sorted(p.name for p in (LINT / name).iterdir()) == ["rules.yaml"]
    before = BASE_FILE.read_text(encoding="utf-8").splitlines()
    after = (LINT / name / "rules.yaml").read_text(encoding="utf-8").splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert 1 <= len(changed) <= 8, changed
    # the fixture loads: its only problem is the one the analysis should find
    _load(name)


@pytest.mark.parametrize("name", _params())
def test_fixture_finding(name: str) -> None:
    expect = CASES[name]
    findings = analyse(_load(name))
    assert findings, "no finding"
    first = findings[0]
    assert first.kind == expect.kind, str(first)
    assert Path(first.file).resolve() == (LINT / name / "rules.yaml").resolve()
    assert first.line == expect.line, str(first)
    assert expect.message in first.message, str(first)
    assert len(findings) == 1, "\n".join(map(str, findings))
    # the line is the right place: the offending item's condition, or its id
    text = (LINT / name / "rules.yaml").read_text(encoding="utf-8").splitlines()
    assert expect.at in text[first.line - 1], text[first.line - 1]


def test_static_and_never_fires_findings_have_no_example() -> None:
    for name, expect in CASES.items():
        if expect.kind not in (
            "never_fires",
            "never_decided",
            "unused_fact",
            "unasked_fact",
            "no_reference",
        ):
            continue
        (finding,) = analyse(_load(name))
        assert finding.example == {}, name
        assert "(example:" not in str(finding)


@pytest.mark.parametrize(
    ("name", "ident"),
    [
        ("01_never_fires_contradiction", "reserved_ideburen"),
        ("02_never_fires_below_minimum", "direct_award_small_purchase"),
    ],
)
def test_never_fires_rule_holds_nowhere(name: str, ident: str) -> None:
    rs = _load(name)
    rule = _rule(rs, ident)
    cases = _every_case(rs, [rule.compiled])
    assert cases and not any(_holds(rule.compiled, v) is True for v in cases)


def test_never_fires_below_minimum_is_really_impossible() -> None:
    """The only values that would satisfy '< 0' are refused as input (minimum: 0)."""
    rs = _load("02_never_fires_below_minimum")
    fact = rs.facts["estimated_value_sek"]
    with pytest.raises(InputError):
        parse_value(fact, -1)
    values = CaseSpace(rs).values({"contract_type": "supplies", "estimated_value_sek": 0})
    assert _holds(_rule(rs, "direct_award_small_purchase").compiled, values) is False


def test_shadowed_example_shows_the_higher_rule_deciding() -> None:
    rs = _load("04_shadowed_other_status")
    (finding,) = analyse(rs)
    low, high = _rule(rs, "direct_award_small_purchase"), _rule(rs, "direct_award_below_limit")
    values = CaseSpace(rs).values(finding.example)
    assert _holds(low.compiled, values) is True
    assert _holds(high.compiled, values) is True
    assert high.rule.priority > low.rule.priority and high.rule.status != low.rule.status
    # the engine agrees: the higher rule decides, the lower one's reason is not given
    target = _engine(rs, finding.example).targets["direct_award"]
    assert target.decided_by == high.rule.id
    assert target.status in (high.rule.status, "recommended") != low.rule.status
    assert low.rule.reason not in [r.text for r in target.reasons]
    # and it is so in every case: wherever the lower rule holds, the higher one does
    cases = _every_case(rs, [low.compiled, high.compiled])
    assert all(_holds(high.compiled, v) for v in cases if _holds(low.compiled, v))


def test_derived_conflict_example_has_both_cases_holding() -> None:
    rs = _load("05_conflict_derived_overlap")
    (finding,) = analyse(rs)
    first, second = rs.derived_by_id["direct_award_limit"].cases
    values = CaseSpace(rs).values(finding.example)
    assert _holds(first, values) is True and _holds(second, values) is True
    assert finding.line == second.line
    # the engine gives the value up and warns of the conflict
    result = _engine(rs, finding.example)
    assert result.values["direct_award_limit"] is None
    assert "rule_conflict" in [w.id for w in result.warnings]


def test_duty_conflict_example_has_both_duties_applying_in_the_engine() -> None:
    rs = _load("06_conflict_duty_overlap")
    (finding,) = analyse(rs)
    assert not any(k.startswith("route.") for k in finding.example)
    result = _engine(rs, finding.example)
    assert result.values["route.direct_award"] == "recommended"
    for ident in ("document_direct_award", "document_small_purchase"):
        assert _holds(_duty(rs, ident), result.values) is True, ident
    # the engine lists the duty once: the second text is lost
    listed = [o for o in result.obligations if o.id == "document_purchase"]
    assert [o.rule_id for o in listed] == ["document_direct_award"]


def test_derived_gap_example_has_no_case_holding() -> None:
    rs = _load("09_gap_derived_hole")
    (finding,) = analyse(rs)
    assert finding.example["contract_type"] == "services"
    cases = rs.derived_by_id["direct_award_limit"].cases
    values = CaseSpace(rs).values(finding.example)
    assert all(_holds(c, values) is False for c in cases)
    assert _engine(rs, finding.example).values["direct_award_limit"] is None


def test_amount_hole_example_is_a_day_no_period_covers() -> None:
    rs = _load("11_amount_hole_between_periods")
    (finding,) = analyse(rs)
    day = finding.example["as_of"]
    amount = rs.amounts["eur_sek_rate"]
    assert day == dt.date(2024, 1, 1)
    assert amount.period_on(day) is None
    assert amount.period_on(day - dt.timedelta(days=1)) is not None
    assert amount.period_on(dt.date(2024, 2, 29)) is None
    assert amount.period_on(dt.date(2024, 3, 1)) is not None
    assert "(example: as_of=2024-01-01)" in str(finding)


def test_route_gap_without_default_reason() -> None:
    """A target whose rules leave a case undecided and that has no default reason. The loader
    requires 'default_reason' on every route without variants and on every variant, so no YAML
    fixture can have this defect: the finding is checked on the base with the reason removed."""
    rs = load_ruleset(BASE)
    ident = "reserved.workshops"
    targets = dict(rs.targets)
    targets[ident] = dataclasses.replace(targets[ident], default_reason=None)
    broken = dataclasses.replace(rs, targets=targets)
    findings = analyse(broken)
    assert [f.kind for f in findings] == ["gap"], "\n".join(map(str, findings))
    (finding,) = findings
    rule = _rule(rs, "reserved_workshops")
    assert finding.line == rule.compiled.line == 156
    assert f"'{ident}': no rule holds and the route has no default reason" in finding.message
    values = CaseSpace(rs).values(finding.example)
    assert all(_holds(cr.compiled, values) is False for cr in targets[ident].rules)


def test_loader_refuses_a_variant_without_default_reason(tmp_path: Path) -> None:
    """Why the route gap has no fixture of its own."""
    old = """      - id: workshops
        label: {sv: Skyddade verkstäder, en: Sheltered workshops}
        default_reason: {sv: Inte visat., en: Not shown.}
"""
    new = """      - id: workshops
        label: {sv: Skyddade verkstäder, en: Sheltered workshops}
"""
    with pytest.raises(RuleLoadError, match="default_reason"):
        _variant(tmp_path, (old, new))


# --- bugs found on variants of the base ----------------------------------------------------


def test_band_between_literals_is_not_never_fires(tmp_path: Path) -> None:
    rs = _variant(
        tmp_path,
        (
            "when: estimated_value_sek < 100000\n    status: possible",
            "when: estimated_value_sek >= 100000 and estimated_value_sek < 200000\n"
            "    status: possible",
        ),
    )
    rule = _rule(rs, "direct_award_small_purchase")
    values = CaseSpace(rs).values({"contract_type": "supplies", "estimated_value_sek": 150000})
    assert _holds(rule.compiled, values) is True
    assert analyse(rs) == []


def test_band_between_share_amounts_is_not_never_fires(tmp_path: Path) -> None:
    rs = _variant(
        tmp_path,
        (
            "    group: basics\n    label: {sv: Uppskattat värde, en: Estimated value}\n",
            "    group: basics\n    label: {sv: Uppskattat värde, en: Estimated value}\n"
            "  - id: target_group_share\n    type: number\n    minimum: 0\n    unit: share\n"
            "    group: basics\n    label: {sv: Andel, en: Share}\n",
        ),
        (
            "        source: {title: Policy}\n",
            "        source: {title: Policy}\n  - id: upper_share\n"
            "    label: {sv: Övre andel, en: Upper share}\n    unit: share\n    periods:\n"
            "      - valid_from: 2022-01-01\n        value: 0.3\n        verified: true\n"
            "        source: {title: Policy}\n",
        ),
        (
            "    when: is_social\n    status: uncertain",
            "    when: is_social and target_group_share >= abstention_margin\n"
            "      and target_group_share < upper_share\n    status: uncertain",
        ),
    )
    rule = _rule(rs, "reserved_ideburen")
    values = CaseSpace(rs).values({"is_social": True, "target_group_share": 0.2})
    assert _holds(rule.compiled, values) is True
    assert analyse(rs) == []


def test_duty_conflict_only_with_an_impossible_route_outcome(tmp_path: Path) -> None:
    rs = _variant(
        tmp_path,
        (
            "when: route.direct_award == 'recommended' and estimated_value_sek < 100000",
            "when: route.direct_award == 'recommended' "
            "and estimated_value_sek >= direct_award_limit",
        ),
    )
    findings = analyse(rs)
    for finding in findings:
        if finding.kind == "conflict":
            result = _engine(rs, finding.example)
            assert all(
                _holds(_duty(rs, i), result.values) is True
                for i in ("document_direct_award", "document_small_purchase")
            ), f"the example does not show the conflict: {finding}"
    assert [(f.kind, f.line) for f in findings] == [("never_fires", 190)]


# --- conditions that cannot be decided (issue 16) -----------------------------------------


def _warning(rs: RuleSet, ident: str) -> Compiled:
    return next(c for w, c in rs.warnings if w.id == ident)


def test_never_decided_is_unknown_in_every_case_and_in_the_engine() -> None:
    rs = _load("18_never_decided_divisor_always_zero")
    condition = _warning(rs, "check_social")
    cases = _every_case(rs, [condition])
    assert cases and all(_holds(condition, v) is None for v in cases)
    result = _engine(rs, {"contract_type": "services", "estimated_value_sek": 100})
    assert "check_social" not in [w.id for w in result.warnings]


def test_zero_divisor_example_leaves_the_condition_unknown_in_the_engine() -> None:
    rs = _load("19_zero_divisor_fact_can_be_zero")
    (finding,) = analyse(rs)
    assert finding.example["estimated_value_sek"] == 0 and finding.example["is_social"]
    condition = _warning(rs, "check_social")
    result = _engine(rs, finding.example)
    assert _holds(condition, result.values) is None
    # and with any other value the same case is decided
    other = _engine(rs, {**finding.example, "estimated_value_sek": 100})
    assert _holds(condition, other.values) is True


@pytest.mark.parametrize(
    "when",
    [
        "is_social and estimated_value_sek != 0 and direct_award_limit / estimated_value_sek > 10",
        "is_social and estimated_value_sek > 0 and direct_award_limit / estimated_value_sek > 10",
        "is_social and (estimated_value_sek == 0 or direct_award_limit / estimated_value_sek > 10)",
        "is_social and direct_award_limit / (estimated_value_sek + 1) > 10",
    ],
)
def test_a_guarded_division_is_not_reported(tmp_path: Path, when: str) -> None:
    rs = _variant(tmp_path, ("    when: is_social\n    text:", f"    when: {when}\n    text:"))
    assert analyse(rs) == []


_RATIO = (
    "        amount: direct_award_limit_lou\n\nroutes:",
    "        amount: direct_award_limit_lou\n  - id: limit_ratio\n    type: number\n"
    "    label: {sv: Kvot, en: Ratio}\n"
    "    expression: direct_award_limit_lou / estimated_value_sek\n\nroutes:",
)
_SOCIAL = "    when: is_social\n    text:"


def test_zero_divisor_through_a_derived_number(tmp_path: Path) -> None:
    """The division is in a derived number; the condition that reads it is reported, with the
    derived value named, and a guarded condition is not."""
    rs = _variant(
        tmp_path, _RATIO, (_SOCIAL, "    when: is_social and limit_ratio > 10\n    text:")
    )
    findings = analyse(rs)
    assert [f.kind for f in findings] == ["zero_divisor"], "\n".join(map(str, findings))
    assert "the divisor 'estimated_value_sek' of derived value 'limit_ratio' is 0" in (
        findings[0].message
    )
    assert findings[0].example["estimated_value_sek"] == 0
    guarded = "    when: is_social and estimated_value_sek > 0 and limit_ratio > 10\n    text:"
    assert analyse(_variant(tmp_path, _RATIO, (_SOCIAL, guarded))) == []


def test_the_shipped_supplier_share_is_guarded_and_would_be_reported_without_it(
    tmp_path: Path,
) -> None:
    """rules/supplier divides by employees_total (target_group_share), and the criterion that
    reads the share first asks for employees_total > 0: without that guard lint reports it."""
    folder = tmp_path / "supplier"
    folder.mkdir()
    for path in sorted(DEFAULT_SUPPLIER_RULES_DIR.glob("*.yaml")):
        (folder / path.name).write_bytes(path.read_bytes())
    checks = folder / "checks.yaml"
    text = checks.read_text(encoding="utf-8")
    guard = "when: employees_total > 0 and target_group_share >= reserved_4_18_min_share"
    assert text.count(guard) == 1
    assert analyse(load_ruleset(folder)) == []
    checks.write_text(
        text.replace(guard, "when: target_group_share >= reserved_4_18_min_share"),
        encoding="utf-8",
    )
    findings = analyse(load_ruleset(folder))
    assert [f.kind for f in findings] == ["zero_divisor"], "\n".join(map(str, findings))
    assert "the divisor 'employees_total' of derived value 'target_group_share' is 0" in (
        findings[0].message
    )
    assert findings[0].example["employees_total"] == 0


# --- the command line and the shipped rules -------------------------------------------------


@pytest.mark.parametrize(
    "name", ["04_shadowed_other_status", "14_no_reference_rule", "11_amount_hole_between_periods"]
)
def test_cli_lint_reports_the_finding(name: str) -> None:
    expect = CASES[name]
    rel = (LINT / name).relative_to(ROOT)
    proc = run_cli("lint", rel)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    (finding,) = analyse(load_ruleset(rel))
    assert lines == [f"error: {finding}", f"1 finding(s) in {rel}"]
    assert lines[0].startswith(f"error: {rel / 'rules.yaml'}:{expect.line}: {expect.kind}: ")
    assert expect.message in lines[0]
    assert ("(example: " in lines[0]) == bool(finding.example)


def test_cli_lint_base_is_ok() -> None:
    proc = run_cli("lint", BASE.relative_to(ROOT))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.rstrip().endswith("analysis: no findings")


@pytest.mark.parametrize("rules_dir", [DEFAULT_RULES_DIR, DEFAULT_SUPPLIER_RULES_DIR])
def test_shipped_rules_have_no_findings(rules_dir: Path) -> None:
    findings = analyse(load_ruleset(rules_dir))
    assert findings == [], "\n".join(map(str, findings))


def test_finding_text_format() -> None:
    finding = Finding("gap", "r.yaml", 3, "m", {"as_of": dt.date(2024, 1, 2), "n": 5})
    assert str(finding) == "r.yaml:3: gap: m (example: as_of=2024-01-02, n=5)"
    assert str(Finding("unused_fact", "r.yaml", 4, "m")) == "r.yaml:4: unused_fact: m"


# --- property: derived conflicts and gaps agree with brute force ---------------------------
# A derived choice over one whole-number fact x (minimum 0) and two SEK amounts, its cases
# conjunctions of comparisons of x with the amounts: every whole number from 0 to past both
# amounts is every distinct case, so brute force is exact. (Fractional boundaries and number
# literals are tested by their own fixtures above.)

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_HEAD = BASE_FILE.read_text(encoding="utf-8").split("\nfacts:\n")[0]


def _amount_yaml(ident: str, unit: str, value: float) -> str:
    return (
        f"  - id: {ident}\n    label: {{sv: {ident}, en: {ident}}}\n    unit: {unit}\n"
        f"    periods:\n      - valid_from: 2022-01-01\n        value: {value}\n"
        "        verified: true\n        source: {title: Test}\n"
    )


Atom = tuple[str, str]  # (operator, amount id)
_atoms = st.tuples(st.sampled_from(sorted(_OPS)), st.sampled_from(["a1", "a2"]))
_cases = st.lists(st.lists(_atoms, min_size=1, max_size=2), min_size=1, max_size=3)


def _band_ruleset(tmp: Path, a1: int, a2: int, cases: list[list[Atom]]) -> RuleSet:
    whens = [" and ".join(f"x {op} {amount}" for op, amount in atoms) for atoms in cases]
    text = (
        _HEAD
        + "\nfacts:\n  - id: as_of\n    type: date\n    default: today\n"
        + "    label: {sv: Datum, en: Date}\n  - id: x\n    type: integer\n    minimum: 0\n"
        + "    unit: SEK\n    group: basics\n    label: {sv: X, en: X}\n\namounts:\n"
        + _amount_yaml("eur_sek_rate", "SEK_per_EUR", 10.5)
        + _amount_yaml("abstention_margin", "share", 0.15)
        + _amount_yaml("a1", "SEK", a1)
        + _amount_yaml("a2", "SEK", a2)
        + "\nderived:\n  - id: band\n    type: enum\n    label: {sv: Band, en: Band}\n"
        + "    values:\n"
        + "".join(f"      - {{id: v{i}, label: {{sv: v, en: v}}}}\n" for i in range(len(cases)))
        + "    cases:\n"
        + "".join(f'      - when: "{w}"\n        value: v{i}\n' for i, w in enumerate(whens))
        + "\nroutes:\n  - id: only\n    label: {sv: Enda, en: Only}\n"
        + "    default_reason: {sv: Inget., en: Nothing.}\n"
    )
    (tmp / "rules.yaml").write_text(text, encoding="utf-8")
    return load_ruleset(tmp)


def _holding(x: int, amounts: dict[str, int], cases: list[list[Atom]]) -> list[int]:
    return [
        i
        for i, atoms in enumerate(cases)
        if all(_OPS[op](x, amounts[amount]) for op, amount in atoms)
    ]


@settings(
    deadline=None, database=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
@given(a1=st.integers(0, 12), a2=st.integers(0, 12), cases=_cases)
def test_derived_conflict_and_gap_agree_with_brute_force(
    a1: int, a2: int, cases: list[list[Atom]]
) -> None:
    amounts = {"a1": a1, "a2": a2}
    # every whole number from 0 (the fact's minimum) past both amounts: exhaustive here
    holding = {x: _holding(x, amounts, cases) for x in range(0, max(a1, a2) + 3)}
    has_conflict = any(len(h) > 1 for h in holding.values())
    has_gap = any(not h for h in holding.values())
    with tempfile.TemporaryDirectory() as tmp:
        rs = _band_ruleset(Path(tmp), a1, a2, cases)
        findings = [f for f in analyse(rs) if "derived value 'band'" in f.message]
    by_kind = {f.kind: f for f in findings}
    assert set(by_kind) <= {"conflict", "gap"}
    assert ("conflict" in by_kind) == has_conflict, (holding, findings)
    assert ("gap" in by_kind) == has_gap, (holding, findings)
    if "conflict" in by_kind:
        assert len(_holding(by_kind["conflict"].example["x"], amounts, cases)) > 1
    if "gap" in by_kind:
        assert _holding(by_kind["gap"].example["x"], amounts, cases) == []
