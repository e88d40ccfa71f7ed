"""A catalogue of the rule set: every amount and every rule with its references and status.

Used by ``python -m procurement catalogue`` (Markdown) and, later, the app's rules page.
"""

from __future__ import annotations

from dataclasses import dataclass

from procurement.core.formatting import format_quantity
from procurement.core.model import Reference
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet

__all__ = ["AmountRow", "RuleRow", "amount_rows", "rule_rows", "to_markdown"]


@dataclass(frozen=True)
class AmountRow:
    """One period of one amount."""

    id: str
    label: str
    valid_from: str
    valid_to: str
    value: str
    eur: str
    confirmed: str
    source: str
    url: str
    # Where an administrator entered this period (file:line), empty when shipped.
    entered_locally: str = ""


@dataclass(frozen=True)
class RuleRow:
    """One rule, recommendation, obligation or warning."""

    kind: str
    id: str
    target: str
    precedence: str
    outcome: str
    condition: str
    references: str
    unconfirmed: str
    origin: str


def _refs(refs: list[Reference]) -> tuple[str, str]:
    shown = "; ".join(r.ref for r in refs)
    unconfirmed = "; ".join(r.ref for r in refs if not r.verified)
    return shown, unconfirmed


def amount_rows(ruleset: RuleSet, lang: Lang = "sv") -> list[AmountRow]:
    """Every period of every amount, in file order."""
    rows = []
    for amount in ruleset.amounts.values():
        for p in sorted(amount.periods, key=lambda p: p.valid_from):
            value = "—" if p.value is None else format_quantity(p.value, amount.unit, lang)
            eur = "" if p.eur is None else format_quantity(p.eur, "EUR", lang)
            if p.verified:
                confirmed = "yes"
            elif p.value is None and p.eur is not None:
                confirmed = "EUR only; SEK not entered" if p.eur_confirmed else "no"
            else:
                confirmed = "no"
            local = ruleset.local_period(amount.id, p.valid_from)
            rows.append(
                AmountRow(
                    amount.id,
                    amount.label.get(lang),
                    p.valid_from.isoformat(),
                    p.valid_to.isoformat() if p.valid_to else "",
                    value,
                    eur,
                    confirmed,
                    p.source.title,
                    p.source.url or "",
                    local.where() if local else "",
                )
            )
    return rows


def rule_rows(ruleset: RuleSet) -> list[RuleRow]:
    """Every rule (by target and priority), recommendation, obligation and warning."""
    rows: list[RuleRow] = []

    def origin(section: str, ident: str) -> str:
        file, line = ruleset.origins.get(f"{section}:{ident}", ("", 0))
        return f"{file.rsplit('/', 1)[-1]}:{line}"

    for target in ruleset.targets.values():
        for cr in target.rules:
            rule = cr.rule
            refs, unconfirmed = _refs(rule.references)
            rows.append(
                RuleRow(
                    "rule",
                    rule.id,
                    target.id,
                    f"priority {rule.priority}",
                    rule.status,
                    rule.when,
                    refs,
                    unconfirmed,
                    origin("rules", rule.id),
                )
            )
    for rec, _ in ruleset.recommendations:
        refs, unconfirmed = _refs(rec.references)
        rows.append(
            RuleRow(
                "recommendation",
                rec.id,
                rec.target,
                f"rank {rec.rank}",
                "recommended",
                rec.when,
                refs,
                unconfirmed,
                origin("recommendations", rec.id),
            )
        )
    for check in ruleset.checks:
        for criterion, _ in check.criteria:
            refs, unconfirmed = _refs(criterion.references)
            if not criterion.verified:
                unconfirmed = "; ".join(filter(None, [unconfirmed, "(criterion unconfirmed)"]))
            rows.append(
                RuleRow(
                    "criterion",
                    criterion.id,
                    check.spec.id,
                    "all must be met",
                    f"{check.spec.outcomes.met} / {check.spec.outcomes.not_met}",
                    criterion.when,
                    refs,
                    unconfirmed,
                    origin("criteria", f"{check.spec.id}.{criterion.id}"),
                )
            )
    for section, items in (("obligations", ruleset.obligations), ("warnings", ruleset.warnings)):
        for spec, _ in items:
            refs, unconfirmed = _refs(spec.references)
            rows.append(
                RuleRow(
                    section[:-1],
                    spec.id,
                    "",
                    "",
                    spec.output_id,
                    spec.when,
                    refs,
                    unconfirmed,
                    origin(section, spec.id),
                )
            )
    return rows


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def to_markdown(ruleset: RuleSet, lang: Lang = "sv") -> str:
    """The catalogue as Markdown tables."""
    out = [f"# {ruleset.meta.title.get(lang)} ({ruleset.version})", ""]
    out += [
        "## Amounts",
        "",
        "| id | from | to | value | EUR | confirmed | source | entered locally |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for a in amount_rows(ruleset, lang):
        source = f"[{_cell(a.source)}]({a.url})" if a.url else _cell(a.source)
        cells = [a.id, a.valid_from, a.valid_to or "open", a.value, a.eur, a.confirmed, source]
        cells.append(a.entered_locally)
        out.append("| " + " | ".join(cells) + " |")
    out += [
        "",
        "## Rules",
        "",
        "| kind | id | target | precedence | outcome | references | unconfirmed | where |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rule_rows(ruleset):
        cells = [r.kind, r.id, r.target, r.precedence, r.outcome, _cell(r.references)]
        out.append("| " + " | ".join([*cells, _cell(r.unconfirmed), r.origin]) + " |")
    return "\n".join(out) + "\n"
