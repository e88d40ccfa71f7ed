"""The questionnaire in the app (AppTest): never "Klart" while the answer is open, the buyer's
aim first, the counterpart before the IOP questions, a step count that never grows, and the
memo's questions answerable."""

from __future__ import annotations

import datetime as dt
from typing import Any

from streamlit.testing.v1 import AppTest

from procurement.core.model.common import Lang
from procurement.service import default_ruleset
from procurement.ui.texts import t
from tests.app_support import answer, shown_facts, step_heading, step_total
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
RULES = default_ruleset()


def _app(lang: Lang = "sv") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    if lang != "sv":
        at.radio(key="lang").set_value(lang).run()
    return at


_shown = shown_facts
_answer = answer
_heading = step_heading
_total = step_total


def _texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in (*at.success, *at.info, *at.warning, *at.error))


def _purchase(at: AppTest, **extra: Any) -> None:
    facts = {
        "social_objective_employment": False,
        "as_of": dt.date(2025, 6, 1),
        "buyer_type": "sub_central",
        "contract_type": "social_services",
        "estimated_value_sek": 1_500_000,
        "contract_duration_months": 24,
        **extra,
    }
    for fact, value in facts.items():
        _answer(at, fact, value)
    at.run()
    assert not at.exception, at.exception


def test_the_buyers_aim_is_the_first_question() -> None:
    at = _app()
    assert _shown(at)[0] == "social_objective_employment"
    assert at.radio(key="route:social_objective_employment").label == (
        "Vill ni skapa arbete för personer långt från arbetsmarknaden?"
    )
    assert _heading(at).endswith(": " + t("step_group_purchase", "sv"))


def test_the_counterpart_comes_alone_and_no_iop_questions_without_one() -> None:
    at = _app()
    _purchase(at)
    at.button(key="next").click().run()
    assert _shown(at) == ["counterpart_ideburen"]
    assert _heading(at).startswith("Steg 2 av ")
    _answer(at, "counterpart_ideburen", False)
    at.run()
    iop = {f for f, spec in RULES.facts.items() if spec.group == "iop"}
    seen: set[str] = set()
    for _ in range(10):
        if at.button(key="next").disabled:
            break
        at.button(key="next").click().run()
        seen |= set(_shown(at))
        for fact in _shown(at):
            if at.radio(key=f"route:{fact}").value is None:
                _answer(at, fact, False)
        at.run()
    assert not seen & iop, seen & iop
    assert t("step_done", "sv") in _texts(at)


def test_an_ideburen_counterpart_brings_the_iop_questions() -> None:
    at = _app()
    _purchase(at)
    at.button(key="next").click().run()
    _answer(at, "counterpart_ideburen", True)
    at.run()
    at.button(key="next").click().run()
    iop = [f for f, spec in RULES.facts.items() if spec.group == "iop"]
    assert _shown(at) == iop
    assert _heading(at).endswith(": " + t("step_group_iop", "sv"))


def test_never_done_while_the_recommendation_waits_and_the_open_questions_can_be_answered():
    at = _app()
    _purchase(at)
    totals = [_total(at)]
    at.button(key="next").click().run()
    totals.append(_total(at))
    _answer(at, "counterpart_ideburen", True)
    at.run()
    at.button(key="next").click().run()
    totals.append(_total(at))
    # "Vet inte" to every question from here on: IOP is tried first, so the recommendation
    # waits for its questions; Nästa is never disabled while it does, and "Klart" never shown
    iop = list(_shown(at))
    waiting = [f for f in RULES.facts if f in iop]
    for _ in range(10):
        assert not at.button(key="next").disabled
        assert t("step_done", "sv") not in _texts(at)
        texts = _texts(at)
        if "Svaret väntar på frågor ni har svarat" in texts:
            break
        at.button(key="next").click().run()
        totals.append(_total(at))
    assert t("no_recommendation", "sv") in texts
    for fact in waiting:
        assert RULES.facts[fact].label.get("sv") in texts
    # Nästa asks the open questions once more
    at.button(key="next").click().run()
    assert not at.exception, at.exception
    totals.append(_total(at))
    assert totals == sorted(totals, reverse=True), totals
    assert _heading(at).endswith(": " + t("step_group_reopen", "sv"))
    assert set(_shown(at)) >= set(waiting)
    for fact in waiting:
        _answer(at, fact, fact not in ("mutual_commercial_contract", "competitive_market_exists"))
    at.run()
    assert "Rekommenderad väg:** Idéburet offentligt partnerskap (IOP)" in "\n".join(
        s.value for s in at.success
    )
    assert t("step_done", "sv") in _texts(at)


def test_the_memo_questions_are_asked_in_a_last_step() -> None:
    at = _app()
    _purchase(
        at,
        social_objective_employment=True,
        contract_type="services",
        estimated_value_sek=1_500_000,
    )
    answers = {
        "counterpart_ideburen": False,
        "urgent_unforeseeable": False,
        "single_supplier_only": False,
        "court_review_urgent_need": False,
        "integration_suppliers_available": False,
    }
    groups = []
    for _ in range(10):
        if at.button(key="next").disabled:
            break
        at.button(key="next").click().run()
        groups.append(_heading(at).split(": ", 1)[1])
        for fact in _shown(at):
            if fact in answers:
                _answer(at, fact, answers[fact])
        at.run()
    assert groups[-1] == t("step_group_memo", "sv")
    assert "risk_poor_working_conditions" in _shown(at)


def test_the_step_heading_is_the_focus_target_after_next() -> None:
    at = _app()
    _purchase(at)
    assert not at.html  # nothing to focus on the first run
    at.button(key="next").click().run()
    scripts = [h.value for h in at.html if "vagval-steg" in str(h.value)]
    assert len(scripts) == 1
    at.run()  # an answer's rerun does not move the focus again
    assert not [h.value for h in at.html if "vagval-steg" in str(h.value)]
