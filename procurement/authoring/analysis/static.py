"""Structural checks of a loaded rule set: holes between amount periods, facts nobody reads
or nobody asks, and decisions without a legal reference."""

from __future__ import annotations

import datetime as dt
import itertools
import string
from collections.abc import Iterable

from procurement.authoring.analysis.findings import Finding
from procurement.core.model.common import Text
from procurement.core.model.decisions import Obligation, Recommendation, Rule, Warning_
from procurement.core.ruleset import RuleSet

__all__ = ["static_findings"]


def _where(rs: RuleSet, key: str) -> tuple[str, int]:
    return rs.origins.get(key, (rs.files[0] if rs.files else "rules", 1))


def _amount_holes(rs: RuleSet) -> list[Finding]:
    out = []
    for amount in rs.amounts.values():
        periods = sorted(amount.periods, key=lambda p: p.valid_from)
        for before, after in itertools.pairwise(periods):
            if (
                before.valid_to is not None
                and before.valid_to + dt.timedelta(days=1) < after.valid_from
            ):
                file, line = _where(rs, f"amounts:{amount.id}")
                gap_start = before.valid_to + dt.timedelta(days=1)
                out.append(
                    Finding(
                        "amount_hole",
                        file,
                        line,
                        f"amount '{amount.id}': no period covers {gap_start} to "
                        f"{after.valid_from - dt.timedelta(days=1)}",
                        {"as_of": gap_start},
                    )
                )
    return out


def _texts(rs: RuleSet) -> Iterable[Text]:
    for target in rs.targets.values():
        yield from (cr.rule.reason for cr in target.rules)
        if target.default_reason:
            yield target.default_reason
    for group in (rs.recommendations, rs.obligations, rs.warnings):
        for item, _ in group:
            yield item.reason if hasattr(item, "reason") else item.text
    yield from rs.messages.values()


def _read_facts(rs: RuleSet) -> set[str]:
    """Facts read by any condition, expression or text placeholder."""
    names: set[str] = set()
    compiled = [c for d in rs.derived for c in d.cases]
    compiled += [d.expression for d in rs.derived if d.expression]
    compiled += [cr.compiled for t in rs.targets.values() for cr in t.rules]
    for group in (rs.recommendations, rs.obligations, rs.warnings, rs.constraints):
        compiled += [c for _, c in group]
    compiled += [c for check in rs.checks for _, c in check.criteria]
    for c in compiled:
        names |= set(c.condition.names) | set(c.facts)
    for text in _texts(rs):
        for lang in ("sv", "en"):
            names |= {n for _, n, _, _ in string.Formatter().parse(text.get(lang)) if n}
    for check in rs.checks:
        names |= set(check.spec.values)
    for constraint, _ in rs.constraints:
        names.add(constraint.field)
    return names


def _facts(rs: RuleSet) -> list[Finding]:
    out = []
    read = _read_facts(rs)
    grouped = any(f.group for f in rs.facts.values())
    for fact in rs.facts.values():
        file, line = _where(rs, f"facts:{fact.id}")
        if fact.id not in read and fact.default is None:
            out.append(
                Finding("unused_fact", file, line, f"fact '{fact.id}' is declared but never read")
            )
        elif grouped and fact.group is None and fact.default is None:
            out.append(
                Finding(
                    "unasked_fact",
                    file,
                    line,
                    f"fact '{fact.id}' is read by the rules but has no 'group', so the "
                    "questionnaire never asks it",
                )
            )
    return out


def _references(rs: RuleSet) -> list[Finding]:
    out = []
    items: list[tuple[str, str, Rule | Recommendation | Obligation | Warning_]] = [
        ("rule", "rules", cr.rule) for t in rs.targets.values() for cr in t.rules
    ]
    items += [("recommendation", "recommendations", r) for r, _ in rs.recommendations]
    items += [("duty", "obligations", o) for o, _ in rs.obligations]
    items += [("warning", "warnings", w) for w, _ in rs.warnings]
    for kind, section, item in items:
        if not item.references:
            file, line = _where(rs, f"{section}:{item.id}")
            out.append(
                Finding("no_reference", file, line, f"{kind} '{item.id}' cites no legal reference")
            )
    return out


def static_findings(rs: RuleSet) -> list[Finding]:
    """Holes between amount periods, unused or unasked facts, missing references."""
    return _amount_holes(rs) + _facts(rs) + _references(rs)
