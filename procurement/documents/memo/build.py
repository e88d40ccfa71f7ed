"""Building the memo: the assessment of the chosen route, the clauses and the explanations,
as one :class:`Document` (written out later as DOCX or PDF)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from procurement.clauses.fill import amount_texts, fill_text
from procurement.clauses.library import ClauseLibrary
from procurement.clauses.model import Clause
from procurement.clauses.propose import (
    Proposal,
    applying_duties,
    unsuited,
)
from procurement.core.errors import InputError
from procurement.core.facts_input import Case
from procurement.core.formatting import format_fact_value, format_quantity
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.suggest import did_you_mean
from procurement.core.texts import texts
from procurement.documents.memo.choices import MemoChoices
from procurement.documents.memo.document import Block, Bullets, Document, Heading, Paragraph, Table
from procurement.report.assessment import Assessment, ReasonOut, RouteOut, chosen_target
from procurement.service import Vagval

__all__ = ["Memo", "OpenOption", "build_memo", "open_options", "prepare"]

mt = texts("memo")


@dataclass(frozen=True)
class Filled:
    """A chosen clause with its text filled in."""

    clause: Clause
    text: str
    required: bool


@dataclass(frozen=True)
class Prepared:
    """The assessment of the chosen route and the proposals that follow from it."""

    case: Case
    recommended: Assessment
    assessment: Assessment
    target: str | None
    proposals: list[Proposal]


@dataclass(frozen=True)
class Memo:
    """A built memo: the document, and why it is still a draft (empty when complete)."""

    document: Document
    assessment: Assessment
    target: str | None
    draft: tuple[str, ...]
    filled: tuple[Filled, ...]
    alerts: tuple[str, ...] = ()


def _targets(rs: RuleSet) -> list[str]:
    return [t for t in rs.targets if not any(o.startswith(f"{t}.") for o in rs.targets)]


def _status(assessment: Assessment, target: str) -> tuple[str, list[ReasonOut]]:
    route_id, _, variant_id = target.partition(".")
    route = assessment.routes[route_id]
    if variant_id and route.variants:
        variant = route.variants[variant_id]
        return variant.status, variant.reasons
    return route.status, route.reasons


def _resolve_route(rs: RuleSet, given: str, lang: Lang) -> str:
    targets = _targets(rs)
    if given in targets:
        return given
    variants = [t for t in targets if t.startswith(f"{given}.")]
    if variants:
        raise InputError("route", mt("route_needs_variant", lang, known=", ".join(variants)))
    hint = did_you_mean(given, targets)
    raise InputError("route", mt("unknown_route", lang, got=given, known=", ".join(targets)) + hint)


def prepare(
    rs: RuleSet,
    library: ClauseLibrary,
    facts: Mapping[str, Any],
    route: str | None,
    lang: Lang,
    today: dt.date | None = None,
) -> Prepared:
    """Assess the case, apply the authority's route choice, and propose clauses."""
    vagval = Vagval(rs, library=library)
    case = vagval.case(facts, lang=lang, today=today)
    recommended = vagval.assess(case, lang=lang)
    target = _resolve_route(rs, route, lang) if route else chosen_target(recommended)
    assessment = recommended
    if target is not None and target != chosen_target(recommended):
        status, reasons = _status(recommended, target)
        if status == "not_possible":
            why = " ".join(r.text for r in reasons[:1])
            label = _target_label(recommended, target)
            raise InputError("route", mt("route_not_possible", lang, route=label, reason=why))
        if status == "possible":
            assessment = vagval.assess(case, lang=lang, chosen=target)
    proposals = vagval.propose(assessment, case.facts, target) if target else []
    return Prepared(case, recommended, assessment, target, proposals)


def _target_label(a: Assessment, target: str) -> str:
    route_id, _, variant_id = target.partition(".")
    route = a.routes[route_id]
    if variant_id and route.variants:
        return f"{route.label}: {route.variants[variant_id].label}"
    return route.label


def _unsuited_message(clause: Clause, why: str, prepared: Prepared, lang: Lang) -> str:
    """Why a chosen clause cannot be taken, in words."""
    title = clause.title.get(lang)
    if why == "condition":
        return mt("clause_condition_false", lang, clause=title, when=clause.when)
    if why == "excluded":
        return mt("clause_excluded", lang, clause=title, duty=clause.excluded_by)
    if why == "route":
        target = prepared.target
        got = _target_label(prepared.assessment, target) if target else "–"
        return mt(
            "clause_not_suited",
            lang,
            clause=title,
            what=mt("what_route", lang),
            got=got,
            known=", ".join(clause.routes),
        )
    return mt(
        "clause_not_suited",
        lang,
        clause=title,
        what=mt("what_contract", lang),
        got=prepared.case.facts.get("contract_type"),
        known=", ".join(clause.contract_types),
    )


def _check_clauses(
    rs: RuleSet, library: ClauseLibrary, prepared: Prepared, choices: MemoChoices, lang: Lang
) -> list[Filled]:
    required = {p.clause.id for p in prepared.proposals if p.required}
    duties = applying_duties(prepared.assessment)
    filled: list[Filled] = []
    seen: set[str] = set()
    amounts = amount_texts(rs, prepared.case.as_of, lang)
    for i, chosen in enumerate(choices.clauses):
        field = f"clauses[{i}]"
        clause = library.clauses.get(chosen.id)
        if clause is None:
            hint = did_you_mean(chosen.id, library.clauses)
            raise InputError(f"{field}.id", mt("unknown_clause", lang, got=chosen.id) + hint)
        if chosen.id in seen:
            raise InputError(f"{field}.id", mt("clause_twice", lang, got=chosen.id))
        seen.add(chosen.id)
        why = unsuited(library, clause, prepared.target, prepared.case.facts, duties)
        if why is not None:
            raise InputError(f"{field}.id", _unsuited_message(clause, why, prepared, lang))
        text = fill_text(clause, chosen.variables, lang, f"{field}.variables", amounts)
        filled.append(Filled(clause, text, clause.id in required))
    open_keys = {o.key for o in open_options(prepared.proposals, filled)}
    for key, reason in choices.declined.items():
        field = f"declined.{key}"
        if not reason.strip():
            continue  # an empty reason is no reason: the memo stays a draft if one is needed
        if key not in open_keys:
            known = ", ".join(sorted(open_keys)) or "–"
            hint = did_you_mean(key, open_keys)
            raise InputError(field, mt("declined_not_open", lang, known=known) + hint)
    return filled


@dataclass(frozen=True)
class OpenOption:
    """A social option proposed but not used, which needs a reason (comply or explain):
    a whole category of clauses, or one mandatory clause (``clause`` set)."""

    key: str
    category: str
    clause: Clause | None = None


def open_options(
    proposals: list[Proposal], taken: Iterable[Filled | Clause | str]
) -> list[OpenOption]:
    """The options that need a reason: each mandatory clause not taken, and each category
    of comply-or-explain clauses from which nothing is taken. ``taken`` holds the clauses
    taken (as filled clauses, clauses or clause ids)."""
    by_id = {p.clause.id: p.clause for p in proposals}
    ids = set()
    categories_taken = set()
    for item in taken:
        clause = item.clause if isinstance(item, Filled) else item
        ident = clause if isinstance(clause, str) else clause.id
        ids.add(ident)
        found = by_id.get(ident) if isinstance(clause, str) else clause
        if found is not None:
            categories_taken.add(found.category)
    taken_ids, taken_categories = ids, categories_taken
    out = [
        OpenOption(p.clause.id, p.clause.category, p.clause)
        for p in proposals
        if p.required and p.clause.id not in taken_ids
    ]
    categories = dict.fromkeys(
        p.clause.category for p in proposals if p.clause.comply_or_explain and not p.required
    )
    out += [OpenOption(c, c) for c in categories if c not in taken_categories]
    return out


def build_memo(
    rs: RuleSet,
    library: ClauseLibrary,
    facts: Mapping[str, Any],
    choices: MemoChoices | None = None,
    lang: Lang = "sv",
    today: dt.date | None = None,
    prepared: Prepared | None = None,
) -> Memo:
    """The memo for a case and the authority's choices; :class:`InputError` names the
    first invalid answer, route, clause or value. ``prepared`` (from :func:`prepare` for the
    same facts, route and language) saves assessing the case again."""
    choices = choices or MemoChoices()
    if prepared is None:
        prepared = prepare(rs, library, facts, choices.route, lang, today)
    filled = _check_clauses(rs, library, prepared, choices, lang)
    writer = _Writer(rs, library, prepared, choices, filled, lang, today or dt.date.today())
    document = writer.document()
    return Memo(
        document,
        prepared.assessment,
        prepared.target,
        tuple(writer.draft),
        tuple(filled),
        tuple(writer.alerts),
    )


def _refs(reason: ReasonOut, lang: Lang) -> str:
    shown = [
        f"{ref} ({mt('unconfirmed', lang)})" if ref in reason.unconfirmed_references else ref
        for ref in reason.references
    ]
    return f" ({'; '.join(shown)})" if shown else ""


class _Writer:
    def __init__(
        self,
        rs: RuleSet,
        library: ClauseLibrary,
        prepared: Prepared,
        choices: MemoChoices,
        filled: list[Filled],
        lang: Lang,
        today: dt.date,
    ) -> None:
        self.rs = rs
        self.library = library
        self.p = prepared
        self.a = prepared.assessment
        self.choices = choices
        self.filled = filled
        self.lang = lang
        self.today = today
        self.draft: list[str] = []
        self.alerts: list[str] = []
        self.blocks: list[Block] = []

    def t(self, key: str, **params: object) -> str:
        return mt(key, self.lang, **params)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def document(self) -> Document:
        self.check_draft()
        if self.draft:
            self.add(
                Paragraph(self.t("draft_intro"), label=self.t("draft_label"), kind="alert"),
                Bullets(tuple(self.draft)),
            )
        # Declined with a reason (without one, the draft already asks for it).
        mandatory = [
            o.clause
            for o in self.open_options()
            if o.clause is not None and self.choices.declined.get(o.key, "").strip()
        ]
        if mandatory:
            titles = ", ".join(c.title.get(self.lang) for c in mandatory)
            self.alerts.append(self.t("mandatory_declined", clauses=titles))
            self.add(Paragraph(self.alerts[-1], label=self.t("attention"), kind="alert"))
        self.case_section()
        self.summary()
        self.facts()
        self.chosen()
        self.not_chosen()
        self.duties()
        self.clauses()
        self.explanations()
        self.warnings()
        self.amounts()
        self.about()
        return Document(
            title=self.t("memo_title"),
            subtitle=self.choices.title or self.t("untitled"),
            lang=self.lang,
            footer=self.t("footer", version=self.a.ruleset_version, date=self.today.isoformat()),
            author=self.choices.author or "Vägval",
            blocks=tuple(self.blocks),
        )

    # --- completeness --------------------------------------------------------------------
    def open_options(self) -> list[OpenOption]:
        return open_options(self.p.proposals, self.filled)

    def option_title(self, option: OpenOption) -> str:
        if option.clause is not None:
            return f"{option.clause.title.get(self.lang)} {self.t('mandatory_note')}"
        return self.t(f"category_{option.category}")

    def option_refs(self, option: OpenOption) -> str:
        if option.clause is not None:
            return self.clause_refs(option.clause)
        refs: dict[str, None] = {}
        for p in self.p.proposals:
            if p.clause.category == option.category and not p.required:
                refs.update(dict.fromkeys(self.clause_refs(p.clause).split("; ")))
        return "; ".join(refs)

    def check_draft(self) -> None:
        target = self.p.target
        if target is None:
            self.draft.append(self.t("draft_no_route"))
        else:
            label = _target_label(self.a, target)
            status, _ = _status(self.a, target)
            if status == "uncertain":
                self.draft.append(self.t("draft_route_uncertain", route=label))
            recommended = chosen_target(self.p.recommended)
            if target != recommended and not self.choices.route_reason:
                key = "draft_route_reason" if recommended else "draft_route_reason_none"
                self.draft.append(self.t(key, route=label))
        if self.a.missing_facts:
            names = ", ".join(self.rs.facts[f].label.get(self.lang) for f in self.a.missing_facts)
            self.draft.append(self.t("draft_missing_facts", facts=names))
        for option in self.open_options():
            if not self.choices.declined.get(option.key):
                self.draft.append(self.t("draft_explain", clause=self.option_title(option)))

    # --- sections ------------------------------------------------------------------------
    def case_section(self) -> None:
        c = self.choices
        missing = self.t("not_given")
        self.add(
            Heading(self.t("section_case")),
            Table(
                (self.t("col_question"), self.t("col_answer")),
                (
                    (self.t("organisation"), c.organisation or missing),
                    (self.t("case_number"), c.case_number or missing),
                    (self.t("author"), c.author or missing),
                    (self.t("as_of"), self.a.as_of.isoformat()),
                    (self.t("prepared"), self.today.isoformat()),
                ),
                (1, 2),
            ),
        )

    def status_word(self, status: str, target: str | None = None) -> str:
        recommended = chosen_target(self.p.recommended)
        if status == "recommended" and target is not None and self.p.target != recommended:
            if target == self.p.target:
                return self.t("status_chosen")
            if target == recommended:
                return self.t("status_recommended_by_vagval")
        return self.t(f"status_{status}")

    def summary(self) -> None:
        target = self.p.target
        chosen = _target_label(self.a, target) if target else self.t("no_route")
        rec_target = chosen_target(self.p.recommended)
        rec = (
            _target_label(self.p.recommended, rec_target)
            if rec_target
            else self.t("no_recommendation")
        )
        band = self.rs.derived_by_id.get("value_band")
        labels = {v.id: v.label.get(self.lang) for v in (band.spec.values or [])} if band else {}
        self.add(
            Heading(self.t("section_summary")),
            Paragraph(chosen, label=self.t("chosen_route")),
            Paragraph(rec, label=self.t("recommended")),
        )
        if self.choices.route_reason:
            self.add(Paragraph(self.choices.route_reason, label=self.t("route_reason")))
        self.add(
            Paragraph(
                labels.get(self.a.value_band, self.t("value_band_uncertain")),
                label=self.t("value_band"),
            )
        )

    def facts(self) -> None:
        rows = []
        for fact in self.rs.facts.values():
            value = self.p.case.facts.get(fact.id)
            if fact.id == "as_of":
                value = self.a.as_of
            shown = (
                self.t("unanswered")
                if value is None
                else format_fact_value(fact, value, self.lang, self.t("yes"), self.t("no"))
            )
            rows.append((fact.label.get(self.lang), shown))
        self.add(
            Heading(self.t("section_facts")),
            Table((self.t("col_question"), self.t("col_answer")), tuple(rows), (3, 2)),
        )

    def reasons(self, reasons: list[ReasonOut]) -> Bullets:
        return Bullets(tuple(f"{r.text}{_refs(r, self.lang)}" for r in reasons))

    def route_blocks(self, route_id: str, route: RouteOut, only: str | None = None) -> None:
        """A route's status and reasons; for a route with variants, each variant's."""
        if not route.variants:
            self.add(
                Heading(f"{route.label} – {self.status_word(route.status, route_id)}", 2),
                self.reasons(route.reasons),
            )
            return
        for variant_id, variant in route.variants.items():
            target = f"{route_id}.{variant_id}"
            if (only is not None and target != only) or (only is None and target == self.p.target):
                continue
            title = f"{route.label}: {variant.label}"
            self.add(
                Heading(f"{title} – {self.status_word(variant.status, target)}", 2),
                self.reasons(variant.reasons),
            )

    def chosen(self) -> None:
        self.add(Heading(self.t("section_chosen")))
        target = self.p.target
        if target is None:
            self.add(Paragraph(self.t("draft_no_route"), kind="alert"))
            return
        route_id = target.split(".")[0]
        self.route_blocks(route_id, self.a.routes[route_id], only=target)

    def not_chosen(self) -> None:
        self.add(Heading(self.t("section_not_chosen")))
        count = len(self.blocks)
        chosen_route = self.p.target.split(".")[0] if self.p.target else None
        # Vägval's own recommendation keeps its status and reasons among the routes not chosen.
        for route_id, route in self.p.recommended.routes.items():
            if route_id == chosen_route and not route.variants:
                continue
            self.route_blocks(route_id, route)
        if len(self.blocks) == count:
            self.add(Paragraph(self.t("none_other")))

    def duties(self) -> None:
        self.add(Heading(self.t("section_duties")))
        if not self.a.obligations:
            self.add(Paragraph(self.t("no_duties")))
        for o in self.a.obligations:
            refs = f" ({'; '.join(o.references)})" if o.references else ""
            note = f" [{self.t('may_apply')}]" if o.status == "may_apply" else ""
            self.add(Paragraph(f"{o.text}{refs}{note}"))
            if o.checklist:
                self.add(Paragraph(self.t("checklist_intro")), Bullets(tuple(o.checklist)))
                if o.checklist_source:
                    self.add(Paragraph(o.checklist_source, label=self.t("source"), kind="note"))

    def clause_refs(self, clause: Clause) -> str:
        return "; ".join(
            r.ref if r.verified else f"{r.ref} ({self.t('unconfirmed')})" for r in clause.references
        )

    def clauses(self) -> None:
        self.add(Heading(self.t("section_clauses")))
        if not self.filled:
            self.add(Paragraph(self.t("no_clauses")))
        lg = self.lang
        for f in self.filled:
            c = f.clause
            self.add(Heading(c.title.get(lg), 2))
            if f.required:
                self.add(Paragraph(self.t("required_clause"), kind="note"))
            self.add(
                Paragraph(self.t(f"placement_{c.placement}"), label=self.t("placement")),
                Paragraph(self.t(f"level_{c.level}"), label=self.t("level")),
                Paragraph(f.text, kind="clause"),
                Paragraph(c.verification.get(lg), label=self.t("verification")),
                Paragraph(c.proportionality.get(lg), label=self.t("proportionality")),
                Paragraph(self.clause_refs(c), label=self.t("references")),
            )
            for s in c.sources:
                shown = " – ".join(filter(None, [s.title, s.url]))
                if not s.verified:
                    shown += f" ({self.t('unconfirmed')})"
                self.add(Paragraph(shown, label=self.t("source"), kind="note"))

    def explanations(self) -> None:
        self.add(Heading(self.t("section_explain")))
        options = self.open_options()
        if not options:
            self.add(Paragraph(self.t("no_declined")))
            return
        self.add(Paragraph(self.t("explain_intro")))
        rows = []
        for option in options:
            reason = self.choices.declined.get(option.key) or self.t("reason_missing")
            rows.append((f"{self.option_title(option)} ({self.option_refs(option)})", reason))
        self.add(Table((self.t("col_option"), self.t("col_reason")), tuple(rows), (2, 3)))

    def warnings(self) -> None:
        self.add(Heading(self.t("section_warnings")))
        items = [w.text for w in self.a.warnings]
        if not items:
            self.add(Paragraph(self.t("no_warnings")))
        else:
            self.add(Bullets(tuple(items)))

    def amounts(self) -> None:
        self.add(Heading(self.t("section_amounts")))
        if not self.a.thresholds:
            self.add(Paragraph(self.t("no_amounts")))
            return
        rows = []
        for amount in self.a.thresholds.values():
            if amount.value is not None:
                value = format_quantity(amount.value, amount.unit, self.lang)
            elif amount.estimated_range:
                low, high = (format_quantity(v, "SEK", self.lang) for v in amount.estimated_range)
                eur = format_quantity(amount.eur or 0, "EUR", self.lang)
                value = f"{eur}; {self.t('estimated_range', low=low, high=high)}"
            else:
                value = self.t("not_given")
            valid = f"{amount.valid_from or ''}–{amount.valid_to or ''}"
            source = " – ".join(filter(None, [amount.source, amount.url])) or self.t("not_given")
            rows.append(
                (
                    amount.label,
                    value,
                    valid,
                    source,
                    self.t("yes") if amount.confirmed else self.t("no"),
                )
            )
        header = (
            self.t("col_amount"),
            self.t("col_value"),
            self.t("col_valid"),
            self.t("col_source"),
            self.t("col_confirmed"),
        )
        self.add(Table(header, tuple(rows), (2.2, 1.6, 1.6, 3.2, 0.9)))

    def about(self) -> None:
        info = self.a.ruleset
        title = self.rs.meta.title.get(self.lang)
        self.add(
            Heading(self.t("section_about")),
            Paragraph(
                self.t(
                    "ruleset",
                    title=title,
                    version=self.a.ruleset_version,
                    reviewed=info.reviewed.isoformat(),
                    checked_until=info.checked_until.isoformat(),
                )
            ),
            Paragraph(
                self.t("library", version=self.library.version, n=len(self.library)),
            ),
            Paragraph(self.t("disclaimer"), kind="note"),
        )
