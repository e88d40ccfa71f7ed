"""A one-page handout per scenario: story, question, answer, reasons, references."""

from __future__ import annotations

import datetime as dt

from procurement.core.model.common import Lang
from procurement.core.texts import texts
from procurement.documents.memo.document import Block, Bullets, Document, Heading, Paragraph, Table
from procurement.documents.seminar.answer import Answer
from procurement.documents.seminar.scenario import Scenario

__all__ = ["handout", "question"]

sem = texts("seminar")


def question(scenario: Scenario, lang: Lang) -> str:
    """The question to the room."""
    if scenario.question is not None:
        return scenario.question.get(lang)
    key = "default_question" if scenario.kind == "route" else "default_question_supplier"
    return sem(key, lang)


def _refs(references: list[str]) -> str:
    return f" ({'; '.join(references)})" if references else ""


def _route_answer(result: Answer, lang: Lang, refs: dict[str, None]) -> list[Block]:
    """The recommended route with all its reasons; every other route or variant with its
    status and its first reason (a handout is one page)."""
    a = result.assessment
    assert a is not None
    target = result.target
    rows: list[tuple[str, str, str]] = []
    chosen: list[str] = []
    label = sem("no_recommendation", lang)
    for route_id, route in a.routes.items():
        parts = (
            [
                (f"{route_id}.{v}", f"{route.label}: {var.label}", var.status, var.reasons)
                for v, var in route.variants.items()
            ]
            if route.variants
            else [(route_id, route.label, route.status, route.reasons)]
        )
        for ident, name, status, reasons in parts:
            if ident == target:
                label = name
                for r in reasons:
                    refs.update(dict.fromkeys(r.references))
                    chosen.append(f"{r.text}{_refs(r.references)}")
                continue
            first = reasons[0] if reasons else None
            if first is not None:
                refs.update(dict.fromkeys(first.references))
            why = f"{first.text}{_refs(first.references)}" if first else ""
            rows.append((name, sem(f"status_{status}", lang), why))
    blocks: list[Block] = [Paragraph(label, label=sem("recommended", lang))]
    if chosen:
        blocks.append(Bullets(tuple(chosen)))
    header = (sem("col_route", lang), sem("col_status", lang), sem("col_reasons", lang))
    blocks += [Heading(sem("routes", lang), 2), Table(header, tuple(rows), (1.7, 0.8, 4))]
    if a.missing_facts:
        blocks.append(Paragraph(", ".join(a.missing_facts), label=sem("missing", lang)))
    return blocks


def _supplier_answer(result: Answer, lang: Lang, refs: dict[str, None]) -> list[Block]:
    report = result.report
    assert report is not None
    rows = []
    for check_id in report.checks:
        check = getattr(report, check_id)
        refs.update(dict.fromkeys(check.references))
        reasons = []
        for detail in check.details.values():
            refs.update(dict.fromkeys(detail.references))
            reasons.append(
                f"{detail.label}: {sem(f'status_{detail.status}', lang)}. {detail.reason}"
            )
        rows.append((check.label, sem(f"status_{check.status}", lang), " ".join(reasons)))
    header = (sem("col_check", lang), sem("col_status", lang), sem("col_reasons", lang))
    return [Table(header, tuple(rows), (1.6, 0.8, 4))]


def handout(
    scenario: Scenario,
    result: Answer,
    lang: Lang,
    today: dt.date | None = None,
) -> Document:
    """The handout of ``scenario`` with the rules' ``result``."""
    refs: dict[str, None] = {}
    answer_blocks = (
        _route_answer(result, lang, refs)
        if scenario.kind == "route"
        else _supplier_answer(result, lang, refs)
    )
    blocks: list[Block] = [
        Heading(sem("story", lang)),
        Paragraph(scenario.story.get(lang)),
        Heading(sem("question", lang)),
        Paragraph(question(scenario, lang), kind="clause"),
        Heading(sem("answer", lang)),
        *answer_blocks,
        Heading(sem("discuss", lang)),
        Paragraph(scenario.notes.discuss.get(lang)),
        Heading(sem("mistake", lang)),
        Paragraph(scenario.notes.mistake.get(lang)),
        Heading(sem("references", lang)),
        Paragraph("; ".join(refs) or "–"),
    ]
    version = (result.assessment or result.report).ruleset_version  # type: ignore[union-attr]
    day = (today or dt.date.today()).isoformat()
    return Document(
        title=scenario.title.get(lang),
        subtitle=sem("subtitle", lang),
        lang=lang,
        footer=sem("footer", lang, version=version, date=day),
        author="Vägval",
        blocks=tuple(blocks),
        compact=True,
    )
