"""The decision memo's content (procurement/memo/build.py), built from the real rules, clause
library and example cases: what the memo must say, when it is still a draft, the authority's
own route choice, and every invalid choice naming its field.

Each example's memo is built once per language (``example_memo`` is cached) and shared with
tests/test_memo_writers.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from typing import Any

import pytest

from procurement.clauses.library import ClauseLibrary
from procurement.clauses.model import Clause, Variable
from procurement.core.errors import InputError
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.documents.memo.build import Memo, OpenOption, build_memo, open_options, prepare
from procurement.documents.memo.choices import MemoChoices, parse_choices
from procurement.documents.memo.document import (
    Bullets,
    Document,
    Heading,
    Paragraph,
    Table,
    plain_text,
)
from procurement.report.assessment import Assessment, chosen_target
from procurement.service import assess, default_library, default_ruleset
from tests.conftest import EXAMPLES

mt = texts("memo")

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
EXAMPLE_STEMS = [p.stem for p in EXAMPLE_FILES]
LANGS = ("sv", "en")
TODAY = dt.date(2026, 12, 24)
REASON_MISSING = {"sv": "SKÄL SAKNAS", "en": "REASON MISSING"}

# A case with a recommendation, no missing facts and mandatory (labour-law) clauses.
COMPLETE_CASE = "nybyggnad-forskola"
# IOP is recommended, direct award is possible (3.6 MSEK social services, under the limit).
DIRECT_AWARD_POSSIBLE_CASE = "kvinnojour-partnerskap"
# LOU is recommended; direct award is not possible (18.5 MSEK services).
LOU_CASE = "it-support-myndighet"
# Facts too thin for any recommendation.
NO_RECOMMENDATION_FACTS: dict[str, Any] = {
    "as_of": "2026-11-22",
    "buyer_type": "sub_central",
    "contract_type": "services",
}
SECTIONS = (
    "section_case",
    "section_summary",
    "section_facts",
    "section_chosen",
    "section_not_chosen",
    "section_duties",
    "section_clauses",
    "section_explain",
    "section_warnings",
    "section_amounts",
    "section_about",
)


# --- shared helpers (also used by test_memo_writers.py and test_memo_cli.py) --------------------


def load_case(stem: str) -> dict[str, Any]:
    data = json.loads((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def rules() -> RuleSet:
    return default_ruleset()


def library() -> ClauseLibrary:
    return default_library()


@cache
def example_memo(stem: str, lang: Lang) -> Memo:
    """The memo of an example case with no choices, built once per process."""
    return build_memo(rules(), library(), load_case(stem), None, lang, TODAY)


def valid_value(var: Variable, tag: str) -> Any:
    """A value the variable accepts; text values carry ``tag`` so they can be found."""
    if var.type == "choice":
        return (var.choices or [])[0].id
    if var.type == "text":
        return f"{tag}-{var.id}"
    low = var.minimum if var.minimum is not None else 0
    if var.maximum is not None:
        middle = (low + var.maximum) / 2
        return int(middle) if var.type == "integer" else middle
    return int(low) + 2


def valid_variables(clause: Clause, tag: str = "Värde") -> dict[str, Any]:
    return {v.id: valid_value(v, tag) for v in clause.variables}


def target_label(assessment: Assessment, target: str) -> str:
    route_id, _, variant_id = target.partition(".")
    route = assessment.routes[route_id]
    if variant_id:
        assert route.variants is not None
        return f"{route.label}: {route.variants[variant_id].label}"
    return route.label


def complete_choices(
    stem: str, lang: Lang, **extra: Any
) -> tuple[dict[str, Any], list[OpenOption]]:
    """Choices that make a complete memo: every required clause, one accessibility clause,
    and a reason for each option left open. Returns the choices and the open options."""
    facts = load_case(stem)
    prepared = prepare(rules(), library(), facts, None, lang)
    taken = [p.clause for p in prepared.proposals if p.required]
    taken += [p.clause for p in prepared.proposals if p.clause.category == "accessibility"][:1]
    clauses = [{"id": c.id, "variables": valid_variables(c)} for c in taken]
    # Build once without reasons to learn which options are still open.
    partial = build_memo(rules(), library(), facts, parse_choices({"clauses": clauses}), lang)
    options = open_options(prepared.proposals, partial.filled)
    declined = {o.key: f"Skäl för {o.key}: ingen marknad för detta i ärendet." for o in options}
    return {"clauses": clauses, "declined": declined, **extra}, options


def option_title(option: OpenOption, lang: Lang) -> str:
    """How the memo names an open option: the clause (mandatory) or the category."""
    if option.clause is not None:
        return f"{option.clause.title.get(lang)} {mt('mandatory_note', lang)}"
    return mt(f"category_{option.category}", lang)


def blocks(doc: Document, kind: type) -> list[Any]:
    return [b for b in doc.blocks if isinstance(b, kind)]


def labelled(doc: Document, label: str) -> list[str]:
    """The texts of the paragraphs with ``label``."""
    return [b.text for b in blocks(doc, Paragraph) if b.label == label]


def explain_table(doc: Document) -> Table:
    """The comply-or-explain table: each open option and its reason."""
    header = (mt("col_option", doc.lang), mt("col_reason", doc.lang))
    (table,) = [t for t in blocks(doc, Table) if t.header == header]
    return table


def build(facts: dict[str, Any], choices: Any = None, lang: Lang = "sv") -> Memo:
    parsed: MemoChoices | None = parse_choices(choices, lang) if choices is not None else None
    return build_memo(rules(), library(), facts, parsed, lang, TODAY)


def build_error(facts: dict[str, Any], choices: Any, lang: Lang = "sv") -> InputError:
    """The InputError that parsing or building with ``choices`` raises."""
    with pytest.raises(InputError) as info:
        build(facts, choices, lang)
    return info.value


# --- every example, both languages ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", EXAMPLE_STEMS)
def test_example_memo_says_everything_the_assessment_says(stem: str, lang: str) -> None:
    memo = example_memo(stem, lang)
    a = memo.assessment
    text = plain_text(memo.document)
    missing: list[str] = []

    def need(piece: str, what: str) -> None:
        if piece not in text:
            missing.append(f"{what}: {piece!r}")

    for route_id, route in a.routes.items():
        for reason in route.reasons:
            need(reason.text, f"reason of {route_id}")
            for ref in reason.references:
                need(ref, f"reference of {route_id}")
        for variant_id, variant in (route.variants or {}).items():
            for reason in variant.reasons:
                need(reason.text, f"reason of {route_id}.{variant_id}")
                for ref in reason.references:
                    need(ref, f"reference of {route_id}.{variant_id}")
    for obligation in a.obligations:
        need(obligation.text, f"obligation {obligation.id}")
        for ref in obligation.references:
            need(ref, f"reference of obligation {obligation.id}")
        for item in obligation.checklist:
            need(f"- {item}", f"checklist of {obligation.id}")
    for warning in a.warnings:
        need(warning.text, f"warning {warning.id}")
    need(a.ruleset_version, "rule-set version")
    assert missing == []

    assert memo.target is not None
    assert memo.target == chosen_target(a)
    label = target_label(a, memo.target)
    assert labelled(memo.document, mt("chosen_route", lang)) == [label]
    assert labelled(memo.document, mt("recommended", lang)) == [label]
    assert f"{label} – {mt('status_recommended', lang)}" in [
        h.text for h in blocks(memo.document, Heading) if h.level == 2
    ]
    assert a.ruleset_version in memo.document.footer


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", EXAMPLE_STEMS)
def test_example_memo_without_choices_keeps_vagvals_assessment(stem: str, lang: str) -> None:
    memo = example_memo(stem, lang)
    plain = assess(load_case(stem), lang=lang, ruleset=rules(), today=TODAY)
    assert memo.assessment == plain
    assert memo.filled == ()
    assert memo.document.lang == lang
    assert memo.document.title == mt("memo_title", lang)
    assert memo.document.subtitle == mt("untitled", lang)
    assert memo.document.author == "Vägval"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", EXAMPLE_STEMS)
def test_example_memo_has_its_sections_in_order_and_no_unfilled_placeholder(
    stem: str, lang: str
) -> None:
    memo = example_memo(stem, lang)
    doc = memo.document
    assert [h.text for h in blocks(doc, Heading) if h.level == 1] == [mt(k, lang) for k in SECTIONS]
    text = plain_text(doc)
    assert re.findall(r"\{[A-Za-z_][A-Za-z0-9_!]*\}", text) == []
    assert "None" not in text.split()
    # The draft points (if any) open the memo and are all listed.
    if memo.draft:
        first = doc.blocks[0]
        assert isinstance(first, Paragraph) and first.label == mt("draft_label", lang)
        assert doc.blocks[1] == Bullets(memo.draft)
    else:
        assert mt("draft_label", lang) not in text
    # Every open option is in the explanations table with the reason-missing marker, and is
    # a draft point.
    prepared = prepare(rules(), library(), load_case(stem), None, lang, TODAY)
    options = open_options(prepared.proposals, [])
    if options:
        rows = explain_table(doc).rows
        assert [reason for _, reason in rows] == [REASON_MISSING[lang]] * len(options)
        for (option_text, _), option in zip(rows, options, strict=True):
            assert option_text.startswith(f"{option_title(option, lang)} (")
    else:
        assert mt("no_declined", lang) in text
    explain = [mt("draft_explain", lang, clause=option_title(o, lang)) for o in options]
    assert [d for d in memo.draft if d in explain] == explain
    assert text.count(REASON_MISSING[lang]) == len(options)


@pytest.mark.parametrize("lang", LANGS)
def test_a_case_with_no_recommendation_gives_a_draft_that_says_so(lang: str) -> None:
    memo = build(NO_RECOMMENDATION_FACTS, lang=lang)
    assert memo.assessment.recommended_route is None
    assert memo.target is None
    assert memo.draft[0] == mt("draft_no_route", lang)
    assert any(d.startswith(mt("draft_missing_facts", lang, facts="")[:20]) for d in memo.draft)
    doc = memo.document
    assert labelled(doc, mt("chosen_route", lang)) == [mt("no_route", lang)]
    assert labelled(doc, mt("recommended", lang)) == [mt("no_recommendation", lang)]
    alerts = [b.text for b in blocks(doc, Paragraph) if b.kind == "alert"]
    assert mt("draft_no_route", lang) in alerts
    text = plain_text(doc)
    for fact in memo.assessment.missing_facts:
        assert rules().facts[fact].label.get(lang) in memo.draft[1]
    assert mt("no_clauses", lang) in text
    assert mt("no_declined", lang) in text


def test_a_clause_cannot_be_taken_when_no_route_is_chosen() -> None:
    error = build_error(
        NO_RECOMMENDATION_FACTS,
        {"clauses": [{"id": "employment_subcontractors"}]},
    )
    assert error.field == "clauses[0].id"
    assert mt("what_route", "sv") in error.detail


def test_choosing_a_route_without_recommendation_needs_a_reason() -> None:
    memo = build(NO_RECOMMENDATION_FACTS, {"route": "lou_social_considerations"})
    label = memo.assessment.routes["lou_social_considerations"].label
    assert memo.target == "lou_social_considerations"
    assert mt("draft_route_reason_none", "sv", route=label) in memo.draft


# --- a complete memo ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_complete_memo_has_no_draft_and_shows_clauses_and_reasons(lang: str) -> None:
    facts = load_case(COMPLETE_CASE)
    choices, options = complete_choices(COMPLETE_CASE, lang, title="Förskolan Eken")
    memo = build(facts, choices, lang)
    assert memo.assessment.missing_facts == []
    assert memo.assessment.recommended_route is not None
    assert options, "the case should leave social options open"
    assert memo.draft == ()

    doc = memo.document
    text = plain_text(doc)
    assert mt("draft_label", lang) not in text
    assert REASON_MISSING[lang] not in text
    assert doc.subtitle == "Förskolan Eken"

    prepared = prepare(rules(), library(), facts, None, lang)
    required = {p.clause.id for p in prepared.proposals if p.required}
    assert required, "the case should have mandatory clauses"
    assert required < {c["id"] for c in choices["clauses"]}
    assert [f.clause.id for f in memo.filled] == [c["id"] for c in choices["clauses"]]
    clause_paragraphs = [b.text for b in blocks(doc, Paragraph) if b.kind == "clause"]
    assert clause_paragraphs == [f.text for f in memo.filled]
    for f in memo.filled:
        assert f.text in text
        assert f.required == (f.clause.id in required)
        assert f.clause.title.get(lang) in [h.text for h in blocks(doc, Heading) if h.level == 2]
        for var in f.clause.variables:
            if var.type == "text":
                assert f"Värde-{var.id}" in f.text, (f.clause.id, var.id)
    notes = [b.text for b in blocks(doc, Paragraph) if b.text == mt("required_clause", lang)]
    assert len(notes) == len(required)

    reasons = {row[1] for row in explain_table(doc).rows}
    assert reasons == set(choices["declined"].values())
    for reason in choices["declined"].values():
        assert reason in text
    # An option whose category is taken is not open: accessibility is used.
    assert "accessibility" not in {o.key for o in options}


@pytest.mark.parametrize("lang", LANGS)
def test_memo_without_the_reasons_lists_each_missing_one(lang: str) -> None:
    facts = load_case(COMPLETE_CASE)
    choices, options = complete_choices(COMPLETE_CASE, lang)
    del choices["declined"]
    memo = build(facts, choices, lang)

    titles = [option_title(o, lang) for o in options]
    assert list(memo.draft) == [mt("draft_explain", lang, clause=t) for t in titles]
    text = plain_text(memo.document)
    assert text.count(REASON_MISSING[lang]) == len(options)
    assert mt("draft_label", lang) in text


def test_memo_with_some_reasons_lists_only_the_ones_still_missing() -> None:
    facts = load_case(COMPLETE_CASE)
    choices, options = complete_choices(COMPLETE_CASE, "sv")
    first, *rest = options
    choices["declined"] = {o.key: choices["declined"][o.key] for o in rest}
    memo = build(facts, choices)
    assert memo.draft == (mt("draft_explain", "sv", clause=option_title(first, "sv")),)
    assert plain_text(memo.document).count(REASON_MISSING["sv"]) == 1


@pytest.mark.parametrize("blank", ["", "  \n "])
def test_a_blank_reason_counts_as_none_and_blank_reasons_elsewhere_are_ignored(blank: str) -> None:
    """A skeleton from the ``clauses`` command keeps its empty reasons: they are no reasons,
    and an empty one for an option that is not open (its category is used) is no error."""
    facts = load_case(COMPLETE_CASE)
    choices, options = complete_choices(COMPLETE_CASE, "sv")
    first, *rest = options
    choices["declined"] = {first.key: blank, "employment": blank} | {
        o.key: choices["declined"][o.key] for o in rest
    }
    memo = build(facts, choices)
    assert memo.draft == (mt("draft_explain", "sv", clause=option_title(first, "sv")),)
    assert plain_text(memo.document).count(REASON_MISSING["sv"]) == 1


def test_not_taking_mandatory_clauses_makes_each_an_open_option() -> None:
    facts = load_case(COMPLETE_CASE)
    prepared = prepare(rules(), library(), facts, None, "sv")
    required = [p.clause.id for p in prepared.proposals if p.required]
    assert required
    keys = [o.key for o in open_options(prepared.proposals, [])]
    assert keys[: len(required)] == required
    # Declining a mandatory clause with a reason is accepted and closes that point.
    memo = build(facts, {"declined": {required[0]: "Arbetet utförs av egen personal."}})
    first = open_options(prepared.proposals, [])[0]
    assert first.key == required[0]
    assert mt("draft_explain", "sv", clause=option_title(first, "sv")) not in memo.draft
    assert len(memo.draft) == len(keys) - 1
    assert "Arbetet utförs av egen personal." in plain_text(memo.document)


def test_a_case_with_nothing_open_is_complete_without_choices() -> None:
    memo = build(load_case(DIRECT_AWARD_POSSIBLE_CASE))
    assert memo.target == "iop"
    assert memo.draft == ()
    assert mt("no_declined", "sv") in plain_text(memo.document)


def test_route_reason_and_case_details_appear_in_the_memo() -> None:
    choices = {
        "title": "Stödboende",
        "organisation": "Exempelkommunen",
        "case_number": "KS 2026/123",
        "author": "Anna Andersson",
        "route_reason": "Egen motivering.",
    }
    memo = build(load_case(LOU_CASE), choices)
    rows = dict(blocks(memo.document, Table)[0].rows)
    assert rows[mt("organisation", "sv")] == "Exempelkommunen"
    assert rows[mt("case_number", "sv")] == "KS 2026/123"
    assert rows[mt("author", "sv")] == "Anna Andersson"
    assert memo.document.author == "Anna Andersson"
    assert memo.document.subtitle == "Stödboende"
    assert labelled(memo.document, mt("route_reason", "sv")) == ["Egen motivering."]


# --- the authority's own route ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_choosing_another_possible_route_makes_the_duties_follow_it(lang: str) -> None:
    facts = load_case(DIRECT_AWARD_POSSIBLE_CASE)
    plain = example_memo(DIRECT_AWARD_POSSIBLE_CASE, lang)
    assert plain.assessment.routes["direct_award"].status == "possible"
    assert plain.assessment.recommended_route == "iop"
    assert "documentation_duty" not in {o.id for o in plain.assessment.obligations}
    assert facts["estimated_value_sek"] >= 100_000

    memo = build(facts, {"route": "direct_award"}, lang)
    a = memo.assessment
    assert memo.target == "direct_award"
    assert a.recommended_route == "direct_award"
    assert a.routes["direct_award"].status == "recommended"
    assert a.routes["iop"].status == "possible"
    duties = {o.id: o for o in a.obligations}
    assert "documentation_duty" in duties
    assert duties["documentation_duty"].status == "applies"
    checklist = duties["documentation_duty"].checklist
    assert checklist
    doc = memo.document
    text = plain_text(doc)
    assert duties["documentation_duty"].text in text
    assert Bullets(tuple(checklist)) in doc.blocks
    assert mt("checklist_intro", lang) in text

    # The memo says what Vägval recommended, and that the route is the authority's choice.
    direct = a.routes["direct_award"].label
    iop = plain.assessment.routes["iop"].label
    assert labelled(doc, mt("chosen_route", lang)) == [direct]
    assert labelled(doc, mt("recommended", lang)) == [iop]
    headings = [h.text for h in blocks(doc, Heading) if h.level == 2]
    assert f"{direct} – {mt('status_chosen', lang)}" in headings
    assert f"{iop} – {mt('status_recommended_by_vagval', lang)}" in headings
    # ... with the reason it was recommended.
    assert plain.assessment.routes["iop"].reasons[0].text in text
    # Without the authority's reasons the memo is a draft.
    assert mt("draft_route_reason", lang, route=direct) in memo.draft
    # Clauses are proposed for the chosen route: accessibility is open for a direct award.
    explain = mt("draft_explain", lang, clause=mt("category_accessibility", lang))
    assert explain in memo.draft


def test_a_route_reason_removes_that_draft_point() -> None:
    facts = load_case(DIRECT_AWARD_POSSIBLE_CASE)
    reason = "Brådskande behov; föreningen är ensam om tjänsten i kommunen."
    memo = build(
        facts,
        {
            "route": "direct_award",
            "route_reason": reason,
            "declined": {"accessibility": "Tjänsten har inga användargränssnitt."},
        },
    )
    assert memo.draft == ()
    assert labelled(memo.document, mt("route_reason", "sv")) == [reason]


def test_choosing_a_possible_variant_makes_it_the_recommended_route() -> None:
    stem = "anhorigstod-forening"
    assert example_memo(stem, "sv").assessment.recommended_route == "direct_award"
    memo = build(load_case(stem), {"route": "reserved_contract.19_25"})
    a = memo.assessment
    assert memo.target == "reserved_contract.19_25"
    assert a.recommended_route == "reserved_contract"
    assert a.routes["reserved_contract"].variants["19_25"].status == "recommended"
    assert a.routes["direct_award"].status == "possible"
    assert "documentation_duty" not in {o.id for o in a.obligations}
    label = target_label(a, "reserved_contract.19_25")
    assert labelled(memo.document, mt("chosen_route", "sv")) == [label]
    assert f"{label} – {mt('status_chosen', 'sv')}" in plain_text(memo.document)


def test_choosing_the_recommended_route_explicitly_changes_nothing() -> None:
    stem = "mobler-ateranvandning"
    plain = example_memo(stem, "sv")
    memo = build(load_case(stem), {"route": "reserved_contract.4_18"})
    assert memo.target == plain.target == "reserved_contract.4_18"
    assert memo.assessment == plain.assessment
    assert memo.draft == plain.draft


def test_choosing_an_uncertain_route_is_a_draft() -> None:
    # Whether 19 kap. 25 a § may be used below the threshold is not confirmed.
    stem = "kvinnojour-partnerskap"
    route = "reserved_contract.19_25a"
    variant = example_memo(stem, "sv").assessment.routes["reserved_contract"].variants["19_25a"]
    assert variant.status == "uncertain"
    memo = build(load_case(stem), {"route": route, "route_reason": "Vi vill."})
    label = target_label(memo.assessment, route)
    assert memo.target == route
    assert mt("draft_route_uncertain", "sv", route=label) in memo.draft
    # An uncertain route does not take the recommendation's place.
    assert memo.assessment.recommended_route == "iop"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("stem", "route"),
    [(LOU_CASE, "direct_award"), ("fruktkorgar", "reserved_contract.19_25a")],
)
def test_choosing_a_route_that_is_not_possible_names_route_and_reason(
    stem: str, route: str, lang: str
) -> None:
    a = example_memo(stem, lang).assessment
    route_id, _, variant_id = route.partition(".")
    out = a.routes[route_id].variants[variant_id] if variant_id else a.routes[route_id]
    assert out.status == "not_possible"
    error = build_error(load_case(stem), {"route": route}, lang)
    assert error.field == "route"
    assert target_label(a, route) in error.detail
    assert out.reasons[0].text in error.detail


@pytest.mark.parametrize("lang", LANGS)
def test_a_route_with_variants_asks_for_a_variant(lang: str) -> None:
    error = build_error(load_case("mobler-ateranvandning"), {"route": "reserved_contract"}, lang)
    assert error.field == "route"
    for variant in (
        "reserved_contract.4_18",
        "reserved_contract.19_25",
        "reserved_contract.19_25a",
    ):
        assert variant in error.detail


@pytest.mark.parametrize("lang", LANGS)
def test_an_unknown_route_suggests_the_closest(lang: str) -> None:
    error = build_error(load_case(LOU_CASE), {"route": "direct_awrd"}, lang)
    assert error.field == "route"
    assert "'direct_awrd'" in error.detail
    assert "'direct_award'?" in error.detail
    assert "lou_social_considerations" in error.detail


# --- invalid choices: each names its field ----------------------------------------------------


def _clause(cid: str, **variables: Any) -> dict[str, Any]:
    return {"id": cid, "variables": variables}


ILO = "supply_chain_ilo_basic"

INVALID_CHOICES: list[tuple[str, Any, str, tuple[str, ...]]] = [
    # (id, choices, field, needles in the message)
    (
        "unknown clause",
        {"clauses": [_clause("supply_chain_ilo_basc")]},
        "clauses[0].id",
        ("supply_chain_ilo_basc", f"'{ILO}'?"),
    ),
    (
        "same clause twice",
        {"clauses": [_clause(ILO, products="x"), _clause(ILO, products="y")]},
        "clauses[1].id",
        (ILO,),
    ),
    (
        "clause for another route",
        {"clauses": [_clause("iop_contributions")]},
        "clauses[0].id",
        ("iop",),
    ),
    (
        "clause for another contract type",
        {"clauses": [_clause("employment_apprentices_works")]},
        "clauses[0].id",
        ("services", "works"),
    ),
    ("missing variable", {"clauses": [_clause(ILO)]}, "clauses[0].variables.products", ()),
    (
        "null variable",
        {"clauses": [_clause(ILO, products=None)]},
        "clauses[0].variables.products",
        (),
    ),
    (
        "empty text variable",
        {"clauses": [_clause(ILO, products="   ")]},
        "clauses[0].variables.products",
        (),
    ),
    (
        "text variable not a text",
        {"clauses": [_clause(ILO, products=12)]},
        "clauses[0].variables.products",
        ("12",),
    ),
    (
        "number out of range",
        {"clauses": [_clause("accessibility_award_criterion", aspects="x", weight=1.5)]},
        "clauses[0].variables.weight",
        ("1,5", "1.5"),
    ),
    (
        "integer not whole",
        {"clauses": [_clause("follow_up_supply_chain_audit", response_days=2.5)]},
        "clauses[0].variables.response_days",
        (),
    ),
    (
        "boolean for a number",
        {"clauses": [_clause("follow_up_supply_chain_audit", response_days=True)]},
        "clauses[0].variables.response_days",
        (),
    ),
    (
        "unknown variable",
        {"clauses": [_clause(ILO, products="x", prodcts="y")]},
        "clauses[0].variables.prodcts",
        ("'products'?",),
    ),
    (
        "second clause's variable",
        {"clauses": [_clause(ILO, products="x"), _clause("follow_up_supply_chain_audit")]},
        "clauses[1].variables.response_days",
        (),
    ),
    (
        "declined: not proposed",
        {"declined": {"employment": "x"}},
        "declined.employment",
        ("accessibility", "supply_chain"),
    ),
    (
        "declined: misspelt",
        {"declined": {"accesibility": "x"}},
        "declined.accesibility",
        ("'accessibility'?",),
    ),
    (
        "declined: category already used",
        {"clauses": [_clause(ILO, products="x")], "declined": {"supply_chain": "x"}},
        "declined.supply_chain",
        ("accessibility",),
    ),
    (
        "declined: reason not a text",
        {"declined": {"accessibility": 3}},
        "declined.accessibility",
        (),
    ),
    ("unknown top-level key", {"rout": "direct_award"}, "rout", ("route", "declined")),
    ("clauses not a list", {"clauses": {"id": ILO}}, "clauses", ()),
    ("clause not an object", {"clauses": [ILO]}, "clauses[0]", ()),
    ("clause without id", {"clauses": [{"variables": {}}]}, "clauses[0].id", ()),
    ("unknown key in a clause", {"clauses": [{"id": ILO, "vars": {}}]}, "clauses[0].vars", ()),
    (
        "variables not an object",
        {"clauses": [{"id": ILO, "variables": ["x"]}]},
        "clauses[0].variables",
        (),
    ),
    ("title too long", {"title": "x" * 201}, "title", ()),
    ("route not a text", {"route": 5}, "route", ()),
    ("a list, not an object", [], "clauses", ("route", "declined")),
    ("a text, not an object", "direct_award", "clauses", ()),
    ("null, not an object", None, "clauses", ()),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("choices", "field", "needles"),
    [pytest.param(c, f, n, id=i) for i, c, f, n in INVALID_CHOICES],
)
def test_invalid_choices_name_the_field(
    choices: Any, field: str, needles: tuple[str, ...], lang: str
) -> None:
    if choices is None:
        with pytest.raises(InputError) as info:
            parse_choices(None, lang)
        error = info.value
    else:
        error = build_error(load_case(LOU_CASE), choices, lang)
    assert error.field == field, str(error)
    assert str(error).startswith(f"{field}: ")
    assert error.detail.strip()
    text = str(error)
    if needles == ("1,5", "1.5"):
        assert any(n in text for n in needles), text
    else:
        for needle in needles:
            assert needle in text, (needle, text)


def test_invalid_choices_messages_follow_the_language() -> None:
    choices = {"clauses": [_clause(ILO)]}
    sv = build_error(load_case(LOU_CASE), choices, "sv")
    en = build_error(load_case(LOU_CASE), choices, "en")
    assert sv.field == en.field
    assert sv.detail != en.detail
    assert "ingen uppgift" in sv.detail
    assert "no value" in en.detail


def test_every_open_option_can_be_declined_and_only_those() -> None:
    facts = load_case(LOU_CASE)
    prepared = prepare(rules(), library(), facts, None, "sv")
    keys = [o.key for o in open_options(prepared.proposals, [])]
    assert keys == ["accessibility", "supply_chain"]
    memo = build(facts, {"declined": dict.fromkeys(keys, "Inte relevant här.")})
    assert memo.draft == ()


# --- dates and unanswered facts -----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_today_is_the_prepared_date(lang: str) -> None:
    memo = build(load_case(LOU_CASE), lang=lang)
    rows = dict(blocks(memo.document, Table)[0].rows)
    assert rows[mt("prepared", lang)] == TODAY.isoformat()
    assert rows[mt("as_of", lang)] == load_case(LOU_CASE)["as_of"]
    assert TODAY.isoformat() in memo.document.footer
    other = build_memo(rules(), library(), load_case(LOU_CASE), None, lang, dt.date(2027, 3, 4))
    assert dict(blocks(other.document, Table)[0].rows)[mt("prepared", lang)] == "2027-03-04"


def test_a_case_without_a_date_is_assessed_as_of_today() -> None:
    facts = load_case(LOU_CASE)
    del facts["as_of"]
    memo = build(facts)
    rows = dict(blocks(memo.document, Table)[0].rows)
    assert rows[mt("as_of", "sv")] == TODAY.isoformat()
    assert memo.assessment.as_of == TODAY


@pytest.mark.parametrize("lang", LANGS)
def test_unanswered_facts_show_as_unanswered(lang: str) -> None:
    facts = load_case(DIRECT_AWARD_POSSIBLE_CASE)
    gone = ["contract_duration_months", "competitive_market_exists"]
    for fact in gone:
        del facts[fact]
    memo = build(facts, lang=lang)
    facts_table = blocks(memo.document, Table)[1]
    assert facts_table.header == (mt("col_question", lang), mt("col_answer", lang))
    rows = dict(facts_table.rows)
    assert len(rows) == len(rules().facts)
    for fact in gone:
        assert rows[rules().facts[fact].label.get(lang)] == mt("unanswered", lang)
    answered = rules().facts["counterpart_ideburen"].label.get(lang)
    assert rows[answered] == mt("yes", lang)
    assert rows[rules().facts["estimated_value_sek"].label.get(lang)] != mt("unanswered", lang)
    # A missing fact that matters makes the memo a draft.
    if memo.assessment.missing_facts:
        assert any(mt("draft_missing_facts", lang, facts="")[:15] in d for d in memo.draft)


def test_a_clause_whose_condition_is_false_for_the_case_is_refused() -> None:
    """Employment requirements are proposed only when the buyer wants jobs; a choices file
    cannot take one in anyway (and so close the category's comply-or-explain)."""
    facts = load_case(LOU_CASE) | {"social_objective_employment": False}
    clause = library().clauses["employment_commitment_positions"]
    assert clause.when == "social_objective_employment"
    chosen = {"id": clause.id, "variables": valid_variables(clause)}
    error = build_error(facts, {"clauses": [chosen]})
    assert error.field == "clauses[0].id"
    assert "social_objective_employment" in error.detail
    # with the fact unknown it is proposed, and may be taken
    unknown = {k: v for k, v in facts.items() if k != "social_objective_employment"}
    memo = build(unknown, {"clauses": [chosen]})
    assert [f.clause.id for f in memo.filled] == [clause.id]


def test_declining_a_mandatory_clause_with_a_reason_is_flagged() -> None:
    """The memo may be complete, but leaving out a mandatory labour-law condition is said
    prominently, with what the reason has to show."""
    facts = load_case(COMPLETE_CASE)
    prepared = prepare(rules(), library(), facts, None, "sv")
    options = open_options(prepared.proposals, [])
    declined = {o.key: "Villkoren går inte att fastställa för detta arbete." for o in options}
    memo = build(facts, {"declined": declined})
    mandatory = [o for o in options if o.clause is not None]
    assert mandatory and memo.alerts
    text = plain_text(memo.document)
    assert memo.alerts[0] in text
    for option in mandatory:
        assert option.clause is not None
        assert option.clause.title.get("sv") in memo.alerts[0]
    # without the reasons it is a draft instead, not yet an alert
    assert not build(facts).alerts


def test_a_clause_excluded_by_a_duty_that_applies_is_refused() -> None:
    """Where the labour-law conditions are mandatory, the voluntary variant cannot be taken
    instead (it would close the category's comply-or-explain)."""
    facts = load_case(COMPLETE_CASE)
    clause = library().clauses["labour_law_voluntary"]
    assert clause.excluded_by == "labour_law_conditions"
    chosen = {"id": clause.id, "variables": valid_variables(clause)}
    error = build_error(facts, {"clauses": [chosen]})
    assert error.field == "clauses[0].id"
    assert "labour_law_conditions" in error.detail
