"""How well the YAML scenarios exercise a rule set: per rule, and per side of every boundary.

Every scenario of a folder is run as the pytest items of the root ``conftest.py`` run it
(:func:`procurement.authoring.testing.scenarios.run_scenario`, the fixed ``SCENARIO_TODAY``, the
scenario's language), and the evaluation's trace is read back:

* per rule, recommendation, obligation, warning, derived case and check criterion: how many
  scenarios evaluated it, made it true, false or unknown, and how many it decided;
* per *boundary* (a comparison such as ``estimated_value_sek < direct_award_limit`` in a
  condition, found in the parsed condition; comparisons of a choice with a quoted value are
  not boundaries): on which side each scenario fell, grouped by the period of every amount
  it compares with, in force on the scenario's date. A side no scenario reached is a gap.

What is *required* follows ``tests/test_rule_coverage.py`` and
``tests/test_supplier_coverage.py``: a route rule, recommendation or derived case must decide
some scenario, an obligation or warning must hold in one, and a check criterion must be seen
both met and not met. Every boundary side must be reached too: the shipped scenarios reach
them all, so a side left unreached is a regression (``strict_boundaries=False`` only reports
it).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procurement.authoring.testing.scenarios import (
    SCENARIO_TODAY,
    Scenario,
    ScenarioResult,
    load_scenarios,
    run_scenario,
)
from procurement.core.amounts import ResolvedAmount
from procurement.core.conditions import parse
from procurement.core.conditions.ast import Arith, Compare, Literal, Name, Node
from procurement.core.conditions.logic import arith, compare
from procurement.core.evaluation import TraceEntry
from procurement.core.loader import DEFAULT_RULES_DIR, DEFAULT_SUPPLIER_RULES_DIR
from procurement.core.model.amounts import AmountPeriod
from procurement.core.model.common import Lang
from procurement.core.ruleset import Compiled, RuleSet
from procurement.core.texts import texts
from procurement.service import Vagval, default_ruleset

__all__ = [
    "KINDS",
    "Boundary",
    "BoundaryGap",
    "BoundaryPeriod",
    "Coverage",
    "RuleCoverage",
    "ScenarioRun",
    "coverage",
    "coverage_report",
    "run_scenarios",
    "scenario_files",
]

# The kinds of item, in report order; each is also the trace step that evaluates it.
KINDS = ("rule", "recommendation", "obligation", "warning", "derived", "criterion")
# What each kind needs from some scenario to count as covered.
DECISIVE, TRUE, TRUE_AND_FALSE = "decisive", "true", "true_and_false"
REQUIREMENT = {
    "rule": DECISIVE,
    "recommendation": DECISIVE,
    "derived": DECISIVE,
    "obligation": TRUE,
    "warning": TRUE,
    "criterion": TRUE_AND_FALSE,
}

# --- labels: data/texts/coverage.yaml ----------------------------------------------------------
_t = texts("coverage")
# The name of the side of a comparison a value falls on: (op, side) -> the side's text
# (``side_<name>``); a date's sides have names of their own (``side_date_<name>``).
_SIDES: dict[tuple[str, bool], str] = {
    ("<", True): "below",
    ("<", False): "at_or_above",
    ("<=", True): "at_or_below",
    ("<=", False): "above",
    (">", True): "above",
    (">", False): "at_or_below",
    (">=", True): "at_or_above",
    (">=", False): "below",
    ("==", True): "equal",
    ("==", False): "different",
    ("!=", True): "different",
    ("!=", False): "equal",
}
_DATE_SIDES = frozenset({"below", "at_or_above", "at_or_below", "above"})
_MARK = {True: "✔", False: "✘"}


# --- running the scenarios ------------------------------------------------------------------
def scenario_files(scenario_dir: Path) -> list[Path]:
    """The scenario files of a folder, as the root conftest collects them (not its subfolders)."""
    if not scenario_dir.is_dir():
        raise FileNotFoundError(f"no scenario folder {scenario_dir}")
    return sorted(p for p in scenario_dir.iterdir() if p.suffix in (".yaml", ".yml"))


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario run: its result, and what the evaluation read and concluded.

    ``trace`` is empty (and ``values`` too) when the facts were refused (an input error).
    """

    path: Path
    line: int
    scenario: Scenario
    result: ScenarioResult
    trace: tuple[TraceEntry, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)
    amounts: Mapping[str, ResolvedAmount] = field(default_factory=dict)
    derived_amounts: Mapping[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """``file:line name``, for messages."""
        return f"{self.path.name}:{self.line} {self.scenario.name}"

    @property
    def evaluated(self) -> bool:
        """Whether the facts were accepted and the rules evaluated."""
        return self.result.evaluation is not None or self.result.report is not None


def run_scenarios(ruleset: RuleSet, scenario_dir: Path) -> list[ScenarioRun]:
    """Run every scenario of ``scenario_dir`` against ``ruleset`` (as the pytest items do)."""
    runs: list[ScenarioRun] = []
    for path in scenario_files(scenario_dir):
        for scenario, line in load_scenarios(path):
            runs.append(_run_one(ruleset, path, line, scenario))
    return runs


def _run_one(ruleset: RuleSet, path: Path, line: int, scenario: Scenario) -> ScenarioRun:
    result = run_scenario(ruleset, scenario)
    ev = result.evaluation
    if ev is not None:
        return ScenarioRun(
            path, line, scenario, result, tuple(ev.trace), ev.values, ev.amounts, ev.derived_amounts
        )
    if result.report is None:  # the facts were refused
        return ScenarioRun(path, line, scenario, result)
    # run_scenario keeps only the rendered report of a check; evaluate again for the trace.
    vagval = Vagval.of(ruleset)
    case = vagval.parse(scenario.facts, today=SCENARIO_TODAY, lang=scenario.lang)
    checks = vagval.evaluate_checks(case)
    run = checks.run
    return ScenarioRun(
        path,
        line,
        scenario,
        result,
        tuple(checks.trace),
        run.values,
        run.amounts,
        run.derived_amounts,
    )


# --- what is counted ------------------------------------------------------------------------
@dataclass
class RuleCoverage:
    """How the scenarios exercised one rule (or recommendation, obligation, warning, derived
    case, check criterion): counts of scenarios in which it was evaluated, true, false,
    unknown, and decisive (it decided its target, was taken, applied, was the case chosen, or
    for a criterion was known)."""

    kind: str
    id: str
    detail: str | None
    condition: str
    where: str
    evaluated: int = 0
    true: int = 0
    false: int = 0
    unknown: int = 0
    decisive: int = 0

    @property
    def requirement(self) -> str:
        """What is required: ``decisive``, ``true`` or ``true_and_false``."""
        return REQUIREMENT[self.kind]

    @property
    def missing(self) -> list[str]:
        """What it lacks: ``decisive``, ``true`` and/or ``false`` (empty when covered)."""
        req = self.requirement
        if req == DECISIVE:
            return [] if self.decisive else [DECISIVE]
        out = [] if self.true else [TRUE]
        if req == TRUE_AND_FALSE and not self.false:
            out.append("false")
        return out

    @property
    def covered(self) -> bool:
        """Whether some scenario meets the requirement."""
        return not self.missing


PeriodKey = tuple[tuple[str, str, dt.date], ...]
"""Per amount in a comparison: (name in the condition, amount id, first day of the period)."""


@dataclass
class BoundaryPeriod:
    """One boundary under one combination of amount periods: scenarios on each side."""

    key: PeriodKey
    periods: tuple[AmountPeriod, ...]
    true: int = 0
    false: int = 0
    exact: int = 0
    unknown: int = 0

    def count(self, side: bool) -> int:
        """The scenarios on ``side`` (the comparison true or false)."""
        return self.true if side else self.false

    def label(self, lang: Lang) -> str:
        """E.g. ``direct_award_limit → direct_award_limit_lou, 2022-02-01–…``."""
        if not self.key:
            return _t("any_date", lang)
        parts = []
        for (name, ident, _), period in zip(self.key, self.periods, strict=True):
            amount = ident if name == ident else f"{name} → {ident}"
            end = period.valid_to.isoformat() if period.valid_to else "…"
            parts.append(f"{amount}, {period.valid_from.isoformat()}–{end}")
        return "; ".join(parts)


@dataclass
class Boundary:
    """A comparison in an item's condition, and the sides the scenarios fell on per period."""

    kind: str
    item: str
    text: str
    op: str
    dates: bool
    periods: dict[PeriodKey, BoundaryPeriod]

    def side_label(self, side: bool, lang: Lang) -> str:
        """The side's name: ``below``, ``at/above``, ``before`` …"""
        name = _SIDES[(self.op, side)]
        dated = self.dates and name in _DATE_SIDES
        return _t(f"side_date_{name}" if dated else f"side_{name}", lang)

    def sides(self) -> Iterator[tuple[BoundaryPeriod, bool]]:
        """Every (period, side) there is to cover."""
        for period in self.periods.values():
            yield period, True
            yield period, False


@dataclass(frozen=True)
class BoundaryGap:
    """A side of a boundary that no scenario reached, under one combination of periods."""

    boundary: Boundary
    period: BoundaryPeriod
    side: bool

    def describe(self, lang: Lang = "sv") -> str:
        """One line: where, the comparison, the period and the missing side."""
        b = self.boundary
        return (
            f"`{b.item}`: `{b.text}` — {self.period.label(lang)}: "
            f"**{b.side_label(self.side, lang)}**"
        )


@dataclass
class Coverage:
    """What the scenarios of one folder exercised in one rule set."""

    ruleset_id: str
    title: str
    title_en: str
    scenario_dir: Path
    runs: list[ScenarioRun]
    items: list[RuleCoverage]
    boundaries: list[Boundary]

    @property
    def scenarios(self) -> int:
        """The number of scenarios run."""
        return len(self.runs)

    @property
    def input_errors(self) -> int:
        """Scenarios whose facts were refused (expected input errors, mostly)."""
        return sum(not r.evaluated for r in self.runs)

    @property
    def failing(self) -> list[str]:
        """Scenarios that fail their expectations, with their failures."""
        return [
            f"{r.where}: {'; '.join(r.result.failures)}" for r in self.runs if r.result.failures
        ]

    def item(self, ident: str, kind: str | None = None) -> RuleCoverage:
        """The counts of one rule (of ``kind`` when ids are shared between kinds)."""
        for entry in self.items:
            if entry.id == ident and (kind is None or entry.kind == kind):
                return entry
        raise KeyError(ident)

    def uncovered_rules(self) -> list[RuleCoverage]:
        """The items no scenario covers as required: route rules, recommendations and derived
        cases never decisive (never decided their target, taken, or chosen), obligations and
        warnings never true, check criteria not seen both met and not met."""
        return [entry for entry in self.items if not entry.covered]

    def boundary_gaps(self) -> list[BoundaryGap]:
        """The boundary sides no scenario reached, per period of the amounts compared with."""
        return [
            BoundaryGap(b, period, side)
            for b in self.boundaries
            for period, side in b.sides()
            if not period.count(side)
        ]

    def boundary_sides(self) -> tuple[int, int]:
        """(sides reached, sides there are)."""
        sides = [period.count(side) > 0 for b in self.boundaries for period, side in b.sides()]
        return sum(sides), len(sides)

    def fully_covered(self, strict_boundaries: bool = True) -> bool:
        """Whether every item is covered (and, if ``strict_boundaries``, every side)."""
        return not self.uncovered_rules() and not (strict_boundaries and self.boundary_gaps())

    def report_markdown(self, lang: Lang = "sv", level: int = 1) -> str:
        """The report as Markdown: totals, the gaps, then a table per kind and the boundaries.

        ``level`` is the level of the top heading (2 to nest it in a larger document).
        """
        return "\n".join(_report(self, lang, level)) + "\n"


# --- collecting -----------------------------------------------------------------------------
def coverage(ruleset: RuleSet, scenario_dir: Path) -> Coverage:
    """Run every scenario of ``scenario_dir`` against ``ruleset`` and count what it exercised."""
    runs = run_scenarios(ruleset, scenario_dir)
    specs = list(_items(ruleset))
    items = {(kind, ident): entry for kind, ident, entry, _ in specs}
    boundaries = {
        (kind, ident): _boundaries(ruleset, kind, ident, compiled)
        for kind, ident, _, compiled in specs
    }
    derived_ids = _derived_case_ids(ruleset)
    for run in runs:
        case_index: dict[str, int] = {}
        for entry in run.trace:
            ident = entry.id
            if entry.step == "derived":
                i = case_index.get(ident, 0)
                case_index[ident] = i + 1
                ident = derived_ids[ident][i]
            key = (entry.step, ident)
            if key not in items:  # e.g. an authority's "choice" of route
                continue
            counts = items[key]
            counts.evaluated += 1
            counts.true += entry.result is True
            counts.false += entry.result is False
            counts.unknown += entry.result is None
            counts.decisive += entry.decisive
            for boundary, node in boundaries[key]:
                _observe(ruleset, boundary, node, run)
    return Coverage(
        ruleset_id=ruleset.meta.id,
        title=ruleset.meta.title.sv,
        title_en=ruleset.meta.title.en,
        scenario_dir=scenario_dir,
        runs=runs,
        items=list(items.values()),
        boundaries=[b for found in boundaries.values() for b, _ in found],
    )


def _where(compiled: Compiled) -> str:
    return f"{Path(compiled.file).name}:{compiled.line}"


def _derived_case_ids(ruleset: RuleSet) -> dict[str, list[str]]:
    """Per derived value, the item id of each case in order (``value_band=below_…``)."""
    out: dict[str, list[str]] = {}
    for derived in ruleset.derived:
        spec = derived.spec
        if derived.expression is not None:
            out[spec.id] = [spec.id]
            continue
        outcomes = [case.value or case.amount or "" for case in spec.cases]
        unique = len(set(outcomes)) == len(outcomes)
        out[spec.id] = [
            f"{spec.id}={o}" if unique else f"{spec.id}[{i + 1}]" for i, o in enumerate(outcomes)
        ]
    return out


def _items(ruleset: RuleSet) -> Iterator[tuple[str, str, RuleCoverage, Compiled]]:
    def make(kind: str, ident: str, detail: str | None, compiled: Compiled) -> Any:
        entry = RuleCoverage(kind, ident, detail, compiled.condition.source, _where(compiled))
        return kind, ident, entry, compiled

    for target in ruleset.targets.values():
        for cr in target.rules:
            yield make("rule", cr.rule.id, target.id, cr.compiled)
    for rec, compiled in ruleset.recommendations:
        yield make("recommendation", rec.id, rec.target, compiled)
    for ob, compiled in ruleset.obligations:
        yield make("obligation", ob.id, ob.output_id if ob.output_id != ob.id else None, compiled)
    for w, compiled in ruleset.warnings:
        yield make("warning", w.id, w.output_id if w.output_id != w.id else None, compiled)
    derived_ids = _derived_case_ids(ruleset)
    for derived in ruleset.derived:
        spec = derived.spec
        if derived.expression is not None:
            yield make("derived", spec.id, None, derived.expression)
            continue
        for ident, case, compiled in zip(
            derived_ids[spec.id], spec.cases, derived.cases, strict=True
        ):
            yield make("derived", ident, case.value or case.amount, compiled)
    for check in ruleset.checks:
        for criterion, compiled in check.criteria:
            yield make("criterion", f"{check.spec.id}.{criterion.id}", check.spec.id, compiled)


# --- boundaries -----------------------------------------------------------------------------
def _comparisons(node: Node) -> Iterator[Compare]:
    """The comparisons in a condition, in reading order, that are boundaries (not a choice or
    a truth value compared with a written value)."""
    if isinstance(node, Compare):
        written = [s for s in (node.left, node.right) if isinstance(s, Literal)]
        if not any(isinstance(s.value, (str, bool)) for s in written):
            yield node
        return
    for child in _children(node):
        yield from _comparisons(child)


def _children(node: Node) -> list[Node]:
    out: list[Node] = []
    for name in ("items", "item", "left", "right", "operand"):
        value = getattr(node, name, None)
        if isinstance(value, Node):
            out.append(value)
        elif isinstance(value, tuple):
            out += [v for v in value if isinstance(v, Node)]
    return out


def _names(node: Node) -> list[str]:
    if isinstance(node, Name):
        return [node.name]
    return list(dict.fromkeys(n for child in _children(node) for n in _names(child)))


def _text(node: Node) -> str:
    """A comparison or number expression written back as condition text."""
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Literal):
        value = node.value
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if isinstance(node, (Compare, Arith)):

        def side(child: Node) -> str:
            return (
                f"({_text(child)})"
                if isinstance(child, Arith) and isinstance(node, Arith)
                else _text(child)
            )

        return f"{side(node.left)} {node.op} {side(node.right)}"
    return "…"  # pragma: no cover - comparisons hold only numbers, names and literals


def _candidates(ruleset: RuleSet, name: str) -> list[str]:
    """The amounts a name can stand for: itself, or every amount of a derived amount."""
    if name in ruleset.amounts:
        return [name]
    derived = ruleset.derived_by_id.get(name)
    if derived is None or derived.spec.type != "amount":
        return []
    found = (a for case in derived.spec.cases for a in _candidates(ruleset, case.amount or ""))
    return list(dict.fromkeys(found))


def _is_date(ruleset: RuleSet, node: Node) -> bool:
    if isinstance(node, Literal):
        return isinstance(node.value, dt.date)
    if isinstance(node, Name):
        fact = ruleset.facts.get(node.name)
        return fact is not None and fact.type == "date"
    return False


def _boundaries(
    ruleset: RuleSet, kind: str, ident: str, compiled: Compiled
) -> list[tuple[Boundary, Compare]]:
    out = []
    for node in _comparisons(parse(compiled.condition.source)):
        options: list[list[tuple[tuple[str, str, dt.date], AmountPeriod]]] = []
        for name in _names(node):
            periods = [
                ((name, amount, period.valid_from), period)
                for amount in _candidates(ruleset, name)
                for period in ruleset.amounts[amount].periods
                if period.valid_to is None or period.valid_to >= ruleset.meta.supported_from
            ]
            if periods:
                options.append(periods)
        periods_by_key: dict[PeriodKey, BoundaryPeriod] = {}
        for combination in itertools.product(*options):
            key = tuple(k for k, _ in combination)
            periods_by_key[key] = BoundaryPeriod(key, tuple(p for _, p in combination))
        dates = _is_date(ruleset, node.left) or _is_date(ruleset, node.right)
        boundary = Boundary(kind, ident, _text(node), node.op, dates, periods_by_key)
        out.append((boundary, node))
    return out


def _value(node: Node, values: Mapping[str, Any]) -> Any:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Name):
        return values.get(node.name)
    if isinstance(node, Arith):
        return arith(node.op, _value(node.left, values), _value(node.right, values))
    raise TypeError(type(node).__name__)  # pragma: no cover - the type checker forbids it


def _concrete(ruleset: RuleSet, name: str, run: ScenarioRun) -> list[str]:
    """The amounts a name stood for in a run: the one its derived amount resolved to, or
    every one it could still be (the cases left open), or none."""
    if name in ruleset.amounts:
        return [name]
    if name in run.derived_amounts:
        return [run.derived_amounts[name]]
    if name not in ruleset.derived_by_id or ruleset.derived_by_id[name].spec.type != "amount":
        return []
    open_cases = [
        e.outcome or ""
        for e in run.trace
        if e.step == "derived" and e.id == name and e.result is None
    ]
    found = (a for case in open_cases for a in _concrete(ruleset, case, run))
    return list(dict.fromkeys(found))


def _observe(ruleset: RuleSet, boundary: Boundary, node: Compare, run: ScenarioRun) -> None:
    left, right = _value(node.left, run.values), _value(node.right, run.values)
    side = compare(node.op, left, right)
    options = []
    for name in _names(node):
        if not _candidates(ruleset, name):
            continue
        found = []
        for ident in _concrete(ruleset, name, run):
            resolved = run.amounts.get(ident)
            if resolved is not None and resolved.period is not None:
                found.append(((name, ident, resolved.period.valid_from), resolved.period))
        if not found:  # no amount in force: the comparison is unknown, and of no period
            return
        options.append(found)
    for combination in itertools.product(*options):
        key = tuple(k for k, _ in combination)
        period = boundary.periods.get(key)
        if period is None:
            period = BoundaryPeriod(key, tuple(p for _, p in combination))
            boundary.periods[key] = period
        if side is None:
            period.unknown += 1
            continue
        if side:
            period.true += 1
        else:
            period.false += 1
        period.exact += compare("==", left, right) is True


# --- the report -----------------------------------------------------------------------------
def _counts(entry: RuleCoverage, lang: Lang) -> str:
    return _t(
        "counts",
        lang,
        evaluated=entry.evaluated,
        true=entry.true,
        false=entry.false,
        unknown=entry.unknown,
        decisive=entry.decisive,
    )


def _missing(entry: RuleCoverage, lang: Lang) -> str:
    return ", ".join(_t(f"miss_{m}", lang) for m in entry.missing)


def _shown(path: Path) -> str:
    """A path relative to the working folder when it lies inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


_ITEM_COLUMNS = [
    "id",
    "detail",
    "where",
    "evaluated",
    "true",
    "false",
    "unknown",
    "decisive",
    "required",
    "covered",
]
_BOUNDARY_COLUMNS = [
    "condition",
    "comparison",
    "period",
    "side_true",
    "side_false",
    "exact",
    "unknown",
]


def _header(columns: list[str], lang: Lang) -> list[str]:
    return [_t(f"col_{c}", lang) for c in columns]


def _item_row(e: RuleCoverage, lang: Lang) -> list[str]:
    counts = [e.evaluated, e.true, e.false, e.unknown, e.decisive]
    return [
        f"`{e.id}`",
        f"`{e.detail}`" if e.detail else "",
        e.where,
        *(str(n) for n in counts),
        _t(f"req_{e.requirement}", lang),
        _MARK[True] if e.covered else f"{_MARK[False]} {_missing(e, lang)}",
    ]


def _side(b: Boundary, period: BoundaryPeriod, side: bool, lang: Lang) -> str:
    n = period.count(side)
    count = f" ({_t('scenario_count', lang, n=n)})" if n else ""
    return f"{b.side_label(side, lang)} {_MARK[n > 0]}{count}"


def _gaps(cov: Coverage, lang: Lang, h: str) -> list[str]:
    uncovered, gaps = cov.uncovered_rules(), cov.boundary_gaps()
    lines = [f"{h}# {_t('gaps', lang)}", ""]
    if not uncovered and not gaps and not cov.failing:
        lines += [_t("no_gaps", lang), ""]
    if cov.failing:
        lines += [f"{h}## {_t('failing', lang)}", ""]
        lines += [f"- {f}" for f in cov.failing] + [""]
    if uncovered:
        lines += [f"{h}## {_t('uncovered_rules', lang)} ({len(uncovered)})", ""]
        lines += [
            f"- `{e.id}` ({_t(f'one_{e.kind}', lang)}, {e.where}): **{_missing(e, lang)}** — "
            f"{_counts(e, lang)}"
            for e in uncovered
        ]
        lines.append("")
    if gaps:
        lines += [f"{h}## {_t('uncovered_sides', lang)} ({len(gaps)})", ""]
        lines += [f"- {gap.describe(lang)}" for gap in gaps] + [""]
    return lines


def _report(cov: Coverage, lang: Lang, level: int) -> list[str]:
    h = "#" * level
    title = cov.title_en if lang == "en" else cov.title
    covered = sum(e.covered for e in cov.items)
    reached, sides = cov.boundary_sides()
    scenarios = _t(
        "scenarios_line",
        lang,
        n=cov.scenarios,
        dir=_shown(cov.scenario_dir),
        errors=cov.input_errors,
        failing=len(cov.failing),
    )
    lines = [
        f"{h} {_t('title', lang)}: {title}" if level == 1 else f"{h} {title}",
        "",
        f"- **{_t('ruleset', lang)}:** `{cov.ruleset_id}`",
        f"- **{_t('scenarios', lang)}:** {scenarios}",
        f"- **{_t('rules_covered', lang)}:** {covered}/{len(cov.items)}",
        f"- **{_t('sides_covered', lang)}:** {reached}/{sides}",
        "",
        *_gaps(cov, lang, h),
    ]
    for kind in KINDS:
        entries = [e for e in cov.items if e.kind == kind]
        if entries:
            done = sum(e.covered for e in entries)
            lines += [f"{h}# {_t(f'kind_{kind}', lang)} ({done}/{len(entries)})", ""]
            rows = [_item_row(e, lang) for e in entries]
            lines += [*_table(_header(_ITEM_COLUMNS, lang), rows), ""]
    lines += [f"{h}# {_t('boundaries', lang)} ({reached}/{sides})", ""]
    if not cov.boundaries:
        return [*lines, _t("no_boundaries", lang)]
    rows = [
        [
            f"`{b.item}`",
            f"`{b.text}`",
            period.label(lang),
            _side(b, period, True, lang),
            _side(b, period, False, lang),
            str(period.exact),
            str(period.unknown),
        ]
        for b in cov.boundaries
        for period in b.periods.values()
    ]
    return [*lines, *_table(_header(_BOUNDARY_COLUMNS, lang), rows)]


# --- the command line -----------------------------------------------------------------------
def _suites(rules_dir: Path | None) -> list[tuple[Path, Path]]:
    """(rule folder, scenario folder) pairs: the route rules and, beside them, the supplier
    rules, each with its ``tests`` folder."""
    if rules_dir is None:
        return [
            (Path(d), Path(d) / "tests") for d in (DEFAULT_RULES_DIR, DEFAULT_SUPPLIER_RULES_DIR)
        ]
    suites = [(rules_dir, rules_dir / "tests")]
    supplier = rules_dir / "supplier"
    if (supplier / "tests").is_dir():
        suites.append((supplier, supplier / "tests"))
    return suites


def coverage_report(
    rules_dir: Path | None = None, lang: Lang = "sv", *, strict_boundaries: bool = True
) -> tuple[str, bool]:
    """The coverage report of the rule sets, as Markdown, and whether everything required is
    covered.

    By default both shipped rule sets are reported: the route rules with ``rules/tests`` and
    the supplier rules with ``rules/supplier/tests``. With ``rules_dir``, its rules with its
    ``tests`` folder, and its ``supplier`` folder likewise when that has a ``tests`` folder.
    A boundary side no scenario reaches makes the answer False too, unless
    ``strict_boundaries`` is False (then it is only listed).
    """
    reports = [coverage(default_ruleset(d), tests) for d, tests in _suites(rules_dir)]
    ok = all(c.fully_covered(strict_boundaries) for c in reports)
    lines = [f"# {_t('title', lang)}", "", f"## {_t('overall', lang)}", ""]
    for c in reports:
        reached, sides = c.boundary_sides()
        done = sum(e.covered for e in c.items)
        lines.append(
            f"- `{c.ruleset_id}`: {_t('rules_covered', lang)} {done}/{len(c.items)}, "
            f"{_t('sides_covered', lang)} {reached}/{sides}"
        )
    verdict = _t("all_required" if ok else "not_all_required", lang)
    note = _t("sides_strict" if strict_boundaries else "sides_note", lang)
    lines += ["", f"**{verdict}.** {note}", ""]
    body = "\n".join(lines) + "\n"
    return body + "\n".join(c.report_markdown(lang, level=2) for c in reports), ok
