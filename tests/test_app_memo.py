"""The memo step's wiring with Streamlit's AppTest: route choice, clauses, comply or explain."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from procurement.documents.memo.build import open_options, prepare
from procurement.documents.memo.choices import parse_choices
from procurement.service import default_library, default_ruleset
from procurement.ui.memo_state import MemoDraft
from procurement.ui.state import Answers
from tests.conftest import EXAMPLES

SCRIPT = "from procurement.ui.pages.memo import page\npage()\n"
PARK = json.loads((EXAMPLES / "parkskotsel-sysselsattning.json").read_text(encoding="utf-8"))
RULES = default_ruleset()
LIBRARY = default_library()


def _memo(facts: dict[str, Any] | None, lang: str = "sv") -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.session_state["lang"] = lang
    if facts is not None:
        at.session_state["route_answers"] = Answers(facts=dict(facts))
    at.run()
    assert not at.exception, at.exception
    return at


def _draft(at: AppTest) -> MemoDraft:
    draft = at.session_state["memo_draft"]
    assert isinstance(draft, MemoDraft)
    return draft


def test_without_answers_the_page_points_to_the_questions() -> None:
    at = _memo(None)
    assert "Besvara först frågorna" in at.info[0].value
    assert not at.checkbox


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_proposed_clause_and_open_option_is_on_the_page(lang: str) -> None:
    at = _memo(PARK, lang)
    prepared = prepare(RULES, LIBRARY, PARK, None, lang)  # type: ignore[arg-type]
    shown = {c.key.removeprefix("memo:take:") for c in at.checkbox}
    assert shown == {p.clause.id for p in prepared.proposals}
    explain = {a.key.removeprefix("memo:explain:") for a in at.text_area}
    assert explain == {o.key for o in open_options(prepared.proposals, [])}
    assert len(at.subheader) == 5


def test_a_ticked_clause_asks_for_its_values_and_then_shows_its_text() -> None:
    at = _memo(PARK)
    at.checkbox(key="memo:take:labour_law_pay").check().run()
    assert "Centralt kollektivavtal" in at.info[0].value  # what is still missing
    assert "Underlaget kan inte skapas" in at.error[0].value
    at.text_input(key="memo:var:labour_law_pay:collective_agreement").input("Avtal X").run()
    at.text_input(key="memo:var:labour_law_pay:pay_terms").input("lägsta timlön").run()
    assert not at.error
    quoted = "\n".join(m.value for m in at.markdown if m.value.startswith(">"))
    assert "Avtal X" in quoted and "lägsta timlön" in quoted
    assert _draft(at).taken_ids() == ["labour_law_pay"]
    # Taken, the mandatory clause no longer needs a reason.
    assert "memo:explain:labour_law_pay" not in {a.key for a in at.text_area}


def test_unticking_keeps_the_values_for_later() -> None:
    at = _memo(PARK)
    at.checkbox(key="memo:take:labour_law_pay").check().run()
    at.text_input(key="memo:var:labour_law_pay:collective_agreement").input("Avtal X").run()
    at.checkbox(key="memo:take:labour_law_pay").uncheck().run()
    assert _draft(at).taken_ids() == []
    at.checkbox(key="memo:take:labour_law_pay").check().run()
    assert at.text_input(key="memo:var:labour_law_pay:collective_agreement").value == "Avtal X"


def test_reasons_make_the_memo_complete() -> None:
    facts = json.loads((EXAMPLES / "fruktkorgar.json").read_text(encoding="utf-8"))
    at = _memo(facts)
    for area in at.text_area:
        area.input("Inte proportionerligt för ett så litet köp.")
    at.run()
    assert not at.exception
    assert any("komplett" in s.value for s in at.success), [w.value for w in at.warning]
    choices = parse_choices(_draft(at).choices([], []))
    assert choices.route is None
    assert len(_draft(at).declined) == len(at.text_area)


def test_choosing_another_route_asks_why() -> None:
    at = _memo(PARK)
    box = at.selectbox(key="memo:route")
    assert box.value == "reserved_contract.4_18"
    at.selectbox(key="memo:route").set_value("lou_social_considerations").run()
    assert not at.exception
    assert _draft(at).route == "lou_social_considerations"
    assert "memo:route_reason" in {a.key for a in at.text_area}
    warning = "\n".join(w.value for w in at.warning)
    assert "Motivera varför myndigheten väljer" in warning


def test_ruled_out_routes_are_not_offered() -> None:
    at = _memo(PARK)
    offered = set(at.selectbox(key="memo:route").options)
    assessment = prepare(RULES, LIBRARY, PARK, None, "sv").recommended
    assert assessment.routes["direct_award"].status == "not_possible"
    assert not any(o.startswith("Direktupphandling") for o in offered)


def test_a_saved_route_that_no_longer_fits_falls_back_to_the_recommendation() -> None:
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.session_state["lang"] = "sv"
    at.session_state["route_answers"] = Answers(facts=dict(PARK))
    at.session_state["memo_draft"] = MemoDraft(route="direct_award")
    at.run()
    assert not at.exception
    assert "passar inte längre" in at.warning[0].value
    assert at.selectbox(key="memo:route").value == "reserved_contract.4_18"


def test_draft_round_trips_through_the_choices_file() -> None:
    draft = MemoDraft(
        route="lou_social_considerations",
        route_reason="Skäl",
        details={"title": "Parkskötsel", "author": "A. Andersson"},
        taken={"labour_law_pay": {"collective_agreement": "X", "pay_terms": "Y"}},
        declined={"employment": "Inte i detta kontrakt"},
    )
    data = draft.choices(["labour_law_pay"], ["employment"])
    again = MemoDraft.from_choices(parse_choices(data))
    assert again == draft
    assert draft.choices([], [])["clauses"] == []  # clauses no longer proposed are left out


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_every_example_case_reaches_the_download_step(path: Any) -> None:
    """For each example: the page offers the route, the clauses and both downloads."""
    facts = json.loads(path.read_text(encoding="utf-8"))
    at = _memo(facts)
    assert not at.error, [e.value for e in at.error]
    assert at.success or at.warning  # complete, or a draft saying what to complete
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Ladda ner som Word (DOCX)", "Ladda ner som PDF"} <= labels


def test_loading_another_case_starts_a_new_memo() -> None:
    """The memo of one case must not carry over into the next one loaded on the route page."""
    at = AppTest.from_string(
        "from procurement.ui.pages.route import page\npage()\n", default_timeout=60
    )
    at.session_state["lang"] = "sv"
    at.session_state["memo_draft"] = MemoDraft(details={"title": "Städning"})
    at.session_state["memo:detail:title"] = "Städning"
    at.run()
    at.selectbox(key="example_pick").set_value("nybyggnad-forskola").run()
    at.button(key="example_load").click().run()
    assert not at.exception
    assert "memo_draft" not in at.session_state
    assert "memo:detail:title" not in at.session_state
