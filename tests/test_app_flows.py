"""Whole user journeys through the app with Streamlit's AppTest (no browser).

Every example case is answered the way a user would, step by step, in Swedish and in English,
and must end on the same recommendation as procurement.service.assess gives for the file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from procurement.core.model.common import Lang
from procurement.service import assess, default_ruleset
from procurement.ui.questionnaire import first_step
from procurement.ui.result import status_text
from procurement.ui.state import Answers
from procurement.ui.texts import t
from tests.app_support import answer, shown_facts, step_heading
from tests.conftest import EXAMPLES, ROOT
from tests.markdown_text import shown

APP = str(ROOT / "app.py")
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
LANGS: tuple[Lang, ...] = ("sv", "en")
RULES = default_ruleset()


def _app(lang: Lang = "sv") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    at.radio(key="lang").set_value(lang).run()
    assert not at.exception, at.exception
    return at


def _answers(at: AppTest) -> Answers:
    ans = at.session_state["route_answers"]
    assert isinstance(ans, Answers)
    return ans


_shown = shown_facts
_answer = answer


def _all_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.subheader, *at.markdown, *at.caption)]
    parts += [e.value for e in (*at.success, *at.info, *at.warning, *at.error)]
    return "\n".join(str(p) for p in parts)


_step_heading = step_heading


def _totals(at: AppTest, lang: Lang) -> list[int]:
    """The totals of "Steg n av N" seen on each step of the last walk."""
    return list(at.session_state["_walk_totals"]) if "_walk_totals" in at.session_state else []


def _walk(at: AppTest, facts: dict[str, Any]) -> list[list[str]]:
    """Answer every shown question from ``facts`` and press Next until it is disabled;
    the step totals shown on the way are kept in the session for :func:`_totals`."""
    steps: list[list[str]] = []
    totals: list[int] = []
    at.session_state["_walk_totals"] = totals
    for _ in range(len(RULES.facts) + 1):
        totals.append(int(_step_heading(at).split(":")[0].split()[-1]))
        shown = _shown(at)
        assert shown, "a step without questions"
        unknown = [f for f in shown if f not in facts]
        assert not unknown, f"the example gives no value for {unknown}"
        steps.append(shown)
        for fact_id in shown:
            _answer(at, fact_id, facts[fact_id])
        at.run()
        assert not at.exception, at.exception
        if at.button(key="next").disabled:
            return steps
        at.button(key="next").click().run()
        assert not at.exception, at.exception
    pytest.fail(f"Next never became disabled; steps: {steps}")


# ---------------------------------------------------------------------------------------------
# every example, in both languages


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_answering_an_example_gives_its_recommendation(path: Path, lang: Lang) -> None:
    facts = json.loads(path.read_text(encoding="utf-8"))
    expected = assess(facts, lang=lang)
    at = _app(lang)
    steps = _walk(at, facts)

    asked = [f for step in steps for f in step]
    assert len(asked) == len(set(asked)), f"a question was asked twice: {steps}"
    assert set(steps[0]) == set(first_step(RULES, "purchase"))
    assert not at.error, [e.value for e in at.error]
    # what the app recorded is exactly what the user entered
    recorded = _answers(at).as_json()
    assert recorded == {f: facts[f] for f in asked}
    # every example has a recommendation, so the questionnaire says it is done
    assert expected.recommended_route
    success = "\n".join(s.value for s in at.success)
    assert t("step_done", lang) in success
    label = expected.routes[expected.recommended_route].label
    assert f"**{t('recommended_route', lang)}:** {label}" in success
    # the step count never grew on the way
    totals = _totals(at, lang)
    assert totals == sorted(totals, reverse=True), totals
    # and every route card says what the API says
    markdown = [m.value for m in at.markdown]
    for route in expected.routes.values():
        assert f"**{route.label}** — {status_text(route.status, lang)}" in markdown


def test_a_fresh_start_has_no_recommendation() -> None:
    # no example lacks a recommendation, so the plain case: nothing answered yet
    at = _app("sv")
    assert not at.success
    assert t("no_recommendation", "sv") in [i.value for i in at.info]
    heading = _step_heading(at)
    assert heading.startswith("Steg 1 av ")
    assert heading.endswith(": " + t("step_group_purchase", "sv"))


# ---------------------------------------------------------------------------------------------
# value calculator, restart, invalid date, language, session state


def test_value_calculator_fills_in_the_value() -> None:
    at = _app("sv")
    assert at.button(key="calc:use").disabled  # nothing to use yet
    at.text_input(key="calc:base").input("1 000 000")
    at.text_input(key="calc:years").input("3")
    at.text_input(key="calc:ext").input("1")
    at.text_input(key="calc:opt").input("200 000")
    at.run()
    assert not at.exception, at.exception
    assert not at.button(key="calc:use").disabled
    assert any("= **4\xa0200\xa0000 kr**" in m.value for m in at.markdown)
    at.button(key="calc:use").click().run()
    assert not at.exception, at.exception
    assert at.text_input(key="route:estimated_value_sek").value == "4\xa0200\xa0000"
    assert _answers(at).facts["estimated_value_sek"] == 4_200_000


def _answer_step_one(at: AppTest) -> None:
    _answer(at, "social_objective_employment", False)
    _answer(at, "as_of", dt.date(2026, 6, 1))
    _answer(at, "buyer_type", "sub_central")
    _answer(at, "contract_type", "services")
    _answer(at, "estimated_value_sek", 2_000_000)
    _answer(at, "contract_duration_months", 24)
    at.run()
    assert not at.exception, at.exception


def _to_the_grounds(at: AppTest) -> None:
    """From step one, through the counterpart (not idéburen), to the grounds step."""
    at.button(key="next").click().run()
    assert _shown(at) == ["counterpart_ideburen"]
    _answer(at, "counterpart_ideburen", False)
    at.run()
    at.button(key="next").click().run()
    assert not at.exception, at.exception
    assert "urgent_unforeseeable" in _shown(at)


def test_restart_clears_the_answers() -> None:
    at = _app("sv")
    _answer_step_one(at)
    _to_the_grounds(at)
    _answer(at, "urgent_unforeseeable", False)
    at.run()
    assert len(_answers(at).facts) == 8
    at.button(key="restart").click().run()
    assert not at.exception, at.exception
    ans = _answers(at)
    assert ans.facts == {}
    assert ans.steps == [first_step(RULES, "purchase")]
    assert at.button(key="back").disabled
    assert set(_shown(at)) == set(first_step(RULES, "purchase"))
    assert at.radio(key="route:buyer_type").value is None
    assert at.text_input(key="route:estimated_value_sek").value == ""
    assert at.date_input(key="route:as_of").value is None
    assert t("no_recommendation", "sv") in [i.value for i in at.info]


def test_restart_clears_the_value_calculator() -> None:
    at = _app("sv")
    at.text_input(key="calc:base").input("1 000 000").run()
    at.text_input(key="calc:years").input("3").run()
    at.button(key="restart").click().run()
    assert at.text_input(key="calc:base").value == ""
    assert at.button(key="calc:use").disabled


@pytest.mark.parametrize("lang", LANGS)
def test_a_date_before_the_rules_is_a_clear_error(lang: Lang) -> None:
    at = _app(lang)
    _answer(at, "as_of", dt.date(2021, 12, 1))
    at.run()
    assert not at.exception, at.exception
    errors = [shown(e.value) for e in at.error]
    assert len(errors) == 1, errors
    assert "as_of" in errors[0]
    assert "2021-12-01" in errors[0]
    assert "2022-02-01" in errors[0]
    assert ("före" if lang == "sv" else "before") in errors[0]
    # the rest of the questionnaire is still there to correct the date
    assert set(_shown(at)) == set(first_step(RULES, "purchase"))
    _answer(at, "as_of", dt.date(2026, 6, 1))
    at.run()
    assert not at.exception and not at.error


def test_an_invalid_date_is_not_reported_as_done() -> None:
    at = _app("sv")
    _answer(at, "as_of", dt.date(2021, 12, 1))
    at.run()
    assert at.error
    assert t("step_done", "sv") not in [i.value for i in (*at.info, *at.success)]
    assert at.progress[0].value < 100


def test_the_language_switch_keeps_the_answers() -> None:
    at = _app("sv")
    _answer_step_one(at)
    _to_the_grounds(at)
    _answer(at, "urgent_unforeseeable", False)
    _answer(at, "single_supplier_only", True)
    at.run()
    before = dict(_answers(at).facts)
    steps = list(_answers(at).steps)
    assert len(before) == 9
    total = int(_step_heading(at).split(":")[0].split()[-1])

    for lang in ("en", "sv", "en"):
        at.radio(key="lang").set_value(lang).run()
        assert not at.exception, at.exception
        assert _answers(at).facts == before
        assert _answers(at).steps == steps
        assert t("step", lang, n=3, total=total) in _all_text(at)
        assert at.radio(key="route:urgent_unforeseeable").value is False
        assert at.radio(key="route:single_supplier_only").value is True
        assert at.radio(key="route:urgent_unforeseeable").label == RULES.facts[
            "urgent_unforeseeable"
        ].label.get(lang)

    # answering after the switch still records, and step one still shows the old answers
    _answer(at, "court_review_urgent_need", False)
    at.run()
    assert _answers(at).facts == {**before, "court_review_urgent_need": False}
    at.button(key="back").click().run()
    at.button(key="back").click().run()
    assert at.radio(key="route:contract_type").value == "services"
    assert at.text_input(key="route:estimated_value_sek").value == "2,000,000"  # in English
    assert at.date_input(key="route:as_of").value == dt.date(2026, 6, 1)


def test_the_answers_live_in_session_state_not_only_in_widgets() -> None:
    at = _app("sv")
    assert "route_answers" in at.session_state
    assert _answers(at).facts == {}
    _answer_step_one(at)
    _to_the_grounds(at)
    _answer(at, "urgent_unforeseeable", True)
    at.run()
    ans = _answers(at)
    assert ans.facts["urgent_unforeseeable"] is True
    assert ans.facts["as_of"] == dt.date(2026, 6, 1)
    # back to step one: the grounds' widgets are gone, with their keys, but the answer is kept
    at.button(key="back").click().run()
    at.button(key="back").click().run()
    at.run()  # a further rerun lets Streamlit drop the state of widgets no longer shown
    assert "route:urgent_unforeseeable" not in _shown(at)
    assert "route:urgent_unforeseeable" not in at.session_state
    assert _answers(at).facts["urgent_unforeseeable"] is True
    # "Don't know" forgets an answer
    _answer(at, "contract_type", None)
    at.run()
    assert "contract_type" not in _answers(at).facts


def test_back_then_next_shows_the_answered_question_again() -> None:
    at = _app("sv")
    _answer_step_one(at)
    _to_the_grounds(at)
    _answer(at, "urgent_unforeseeable", False)
    at.run()
    at.button(key="back").click().run()
    at.button(key="next").click().run()
    assert "urgent_unforeseeable" in _shown(at)
    assert at.radio(key="route:urgent_unforeseeable").value is False


def test_the_trace_table_is_in_english_on_the_english_page() -> None:
    at = _app("en")
    columns = [str(c) for df in at.dataframe for c in df.value.columns]
    assert columns
    assert not {"steg", "mål", "villkor", "utfall", "avgörande", "fakta", "belopp"} & set(columns)


# ---------------------------------------------------------------------------------------------
# saved answers


def _upload(at: AppTest, content: bytes) -> None:
    at.file_uploader(key="import_facts").set_value(("svar.json", content, "application/json"))
    at.run()
    assert not at.exception, at.exception


def test_opening_saved_answers_gives_the_examples_result() -> None:
    path = EXAMPLES / "kvinnojour-partnerskap.json"
    facts = json.loads(path.read_text(encoding="utf-8"))
    at = _app("sv")
    _upload(at, path.read_bytes())
    assert not at.error, [e.value for e in at.error]
    assert _answers(at).as_json() == facts
    assert at.radio(key="route:buyer_type").value == facts["buyer_type"]
    expected = assess(facts, lang="sv")
    label = expected.routes[expected.recommended_route or ""].label
    assert f"**{t('recommended_route', 'sv')}:** {label}" in "\n".join(s.value for s in at.success)


def test_opening_saved_answers_confirms_it() -> None:
    at = _app("sv")
    _upload(at, (EXAMPLES / "kvinnojour-partnerskap.json").read_bytes())
    assert t("imported", "sv") in [s.value for s in at.success]


def test_a_broken_file_is_reported_in_swedish() -> None:
    at = _app("sv")
    _upload(at, b"{not json")
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("Filen kunde inte läsas")
    assert "invalid" not in errors[0]
