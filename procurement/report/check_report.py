"""The public result of a supplier check (interface.md section 2), rendered in one language."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from procurement.core.checks import MET, NOT_MET, CheckResult, ChecksEvaluation
from procurement.core.evaluation import FactList
from procurement.core.model.common import CriterionStatus, Lang
from procurement.core.ruleset import RuleSet
from procurement.report.assessment import TraceOut, WarningOut
from procurement.report.render import Renderer, jsonable, trace_out, unconfirmed_warning

__all__ = ["CheckOut", "CheckReport", "CriterionOut", "EvidenceOut", "render_checks"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class CriterionOut(_Out):
    """One criterion, explained."""

    label: str
    status: CriterionStatus
    reason: str
    references: list[str]
    confirmed: bool
    missing_facts: list[str]


class EvidenceOut(_Out):
    """Something to answer or to produce, for one criterion."""

    criterion: str
    kind: Literal["answer", "document"]
    text: str


class CheckOut(_Out):
    """One test: its status, each criterion's result, and the evidence that proves it."""

    model_config = ConfigDict(frozen=True, extra="allow")

    label: str
    description: str | None = None
    status: str
    criteria: dict[str, CriterionStatus]
    details: dict[str, CriterionOut]
    evidence: list[EvidenceOut]
    references: list[str]
    notes: list[str] = []


class CheckReport(_Out):
    """The checks of one case; each check also appears as a top-level key (e.g.
    ``asf_definition``) as interface.md requires."""

    model_config = ConfigDict(frozen=True, extra="allow")

    as_of: dt.date
    ruleset_version: str
    language: Literal["sv", "en"]
    checks: list[str]
    missing_evidence: dict[str, list[EvidenceOut]]
    missing_facts: list[str]
    warnings: list[WarningOut]
    facts: dict[str, Any]
    trace: list[TraceOut]


def render_checks(ruleset: RuleSet, evaluation: ChecksEvaluation, lang: Lang = "sv") -> CheckReport:
    """Render a checks evaluation in ``lang``."""
    r = Renderer(ruleset, evaluation.run, lang)  # type: ignore[arg-type]
    outs: dict[str, CheckOut] = {}
    missing_evidence: dict[str, list[EvidenceOut]] = {}
    for result in evaluation.checks:
        out, wanted = _check_out(ruleset, r, result)
        outs[result.spec.id] = out
        missing_evidence[result.spec.id] = wanted
    warnings = [
        WarningOut(
            id=item.id,
            text=r.reason(item.reason).text,
            references=[x.ref for x in item.reason.references],
        )
        for item in evaluation.warnings
    ]
    warnings += unconfirmed_warning(r, _unconfirmed_references(evaluation))
    values = evaluation.values
    return CheckReport(
        as_of=evaluation.case.as_of,
        ruleset_version=ruleset.version,
        language=lang,
        checks=list(outs),
        missing_evidence=missing_evidence,
        missing_facts=evaluation.missing_facts,
        warnings=warnings,
        facts={f: jsonable(values[f]) for f in ruleset.facts if values.get(f) is not None},
        trace=[trace_out(r, values, e) for e in evaluation.trace],
        **outs,
    )


def _check_out(
    ruleset: RuleSet, r: Renderer, result: CheckResult
) -> tuple[CheckOut, list[EvidenceOut]]:
    details: dict[str, CriterionOut] = {}
    evidence: list[EvidenceOut] = []
    wanted: list[EvidenceOut] = []
    failed = result.status == result.spec.outcomes.not_met
    for c in result.criteria:
        spec = c.spec
        if c.status == MET:
            reason = r.text(spec.met)
        elif c.status == NOT_MET:
            reason = r.text(spec.not_met)
            if not spec.verified:
                note = ruleset.message("criterion_unconfirmed")
                reason += " " + r.text(note, {"criterion": spec.label})
        else:
            reason = r.text(
                ruleset.message("criterion_unknown"), {"facts": FactList(tuple(c.missing))}
            )
        details[spec.id] = CriterionOut(
            label=spec.label.get(r.lang),
            status=c.status,
            reason=reason,
            references=[x.ref for x in spec.references],
            confirmed=spec.verified,
            missing_facts=c.missing,
        )
        documents = [
            EvidenceOut(criterion=spec.id, kind="document", text=r.text(t)) for t in spec.evidence
        ]
        evidence.extend(documents)
        if failed or c.status == NOT_MET:
            continue
        if c.missing:
            question = r.text(
                ruleset.message("answer_needed"), {"facts": FactList(tuple(c.missing))}
            )
            wanted.append(EvidenceOut(criterion=spec.id, kind="answer", text=question))
        wanted.extend(documents)
    notes = []
    for ident in result.unconfirmed_failure:
        label = next(c.spec.label for c in result.criteria if c.spec.id == ident)
        notes.append(r.text(ruleset.message("criterion_unconfirmed"), {"criterion": label}))
    extra = {name: jsonable(value) for name, value in result.values.items()}
    out = CheckOut(
        label=result.spec.label.get(r.lang),
        description=r.text(result.spec.description) if result.spec.description else None,
        status=result.status,
        criteria={c.spec.id: c.status for c in result.criteria},
        details=details,
        evidence=evidence,
        references=[x.ref for x in result.spec.references],
        notes=notes,
        **extra,
    )
    return out, wanted


def _unconfirmed_references(evaluation: ChecksEvaluation) -> list[str]:
    """The unconfirmed references of every criterion and check shown."""
    found: dict[str, None] = {}
    for result in evaluation.checks:
        refs = [*result.spec.references, *(r for c in result.criteria for r in c.spec.references)]
        for ref in refs:
            if not ref.verified:
                found.setdefault(ref.ref, None)
    return list(found)
