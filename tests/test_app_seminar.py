"""The seminar page's wiring with AppTest: choose → vote → reveal → what-if → materials."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from procurement.documents.seminar.answer import answer
from procurement.documents.seminar.scenario import load_scenarios
from procurement.documents.seminar.vote import correct_option, vote_options
from procurement.service import default_ruleset, default_supplier_ruleset

SCRIPT = "from procurement.ui.pages.seminar import page\npage()\n"
RULES = default_ruleset()
SUPPLIER_RULES = default_supplier_ruleset()
BANK = load_scenarios(RULES, SUPPLIER_RULES)
PARK = "parkskotsel-reserverad"


def _seminar(lang: str = "sv", scenario: str | None = None) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    if scenario is not None:
        at.selectbox(key="sem:scenario").set_value(scenario).run()
        assert not at.exception, at.exception
    return at


def _reveal(at: AppTest) -> None:
    at.button(key="sem:reveal").click().run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("scenario_id", list(BANK.scenarios))
def test_every_scenario_can_be_shown_voted_on_and_revealed(scenario_id: str) -> None:
    scenario = BANK.scenarios[scenario_id]
    at = _seminar("sv", scenario_id)
    assert at.header[0].value == scenario.title.get("sv")
    assert scenario.story.get("sv")[:40] in "\n".join(m.value for m in at.markdown)
    assert not at.success  # nothing is given away before the reveal
    options = vote_options(scenario, RULES, "sv")
    right = correct_option(scenario, answer(scenario, RULES, SUPPLIER_RULES))
    wrong = next(o for o in options if o != right)
    at.text_input(key=f"sem:vote:{scenario_id}:{right}").input("3")
    at.text_input(key=f"sem:vote:{scenario_id}:{wrong}").input("1")
    at.run()
    _reveal(at)
    assert options[right] in at.success[0].value
    assert "**3 av 4** röstade rätt (75 %)." in [m.value for m in at.markdown]


def test_the_answer_can_be_hidden_again() -> None:
    at = _seminar("sv", PARK)
    _reveal(at)
    assert at.success
    _reveal(at)  # the same button now hides it
    assert not at.success


def test_what_if_moves_the_answer_and_says_so() -> None:
    at = _seminar("sv", PARK)
    _reveal(at)
    at.text_input(key=f"sem:whatif:{PARK}:estimated_value_sek").input("500 000").run()
    assert not at.exception
    moved = [w.value for w in at.warning if w.value.startswith("Svaret ändras")]
    assert moved and moved[0].endswith("**Direktupphandling**")
    at.text_input(key=f"sem:whatif:{PARK}:estimated_value_sek").input("30 000 000").run()
    assert not [w for w in at.warning if w.value.startswith("Svaret ändras")]
    assert any(i.value.startswith("Svaret står sig") for i in at.info)
    # back to the case's own value: nothing to compare
    at.text_input(key=f"sem:whatif:{PARK}:estimated_value_sek").input("22 000 000").run()
    assert not [i for i in at.info if i.value.startswith("Svaret")]


def test_materials_offer_handouts_and_the_tree() -> None:
    at = _seminar("sv", PARK)
    keys = {b.proto.id for b in at.get("download_button")}
    assert len(keys) == 3
    labels = {b.proto.label for b in at.get("download_button")}
    assert labels == {"Utdelningsblad (Markdown)", "Utdelningsblad (PDF)", "Beslutsträdet (SVG)"}


def test_the_page_speaks_english() -> None:
    at = _seminar("en", PARK)
    assert at.header[0].value == BANK.scenarios[PARK].title.get("en")
    _reveal(at)
    assert at.success[0].value.startswith("**Vägval's answer:**")


def test_votes_survive_switching_to_another_scenario_and_back() -> None:
    at = _seminar("sv", PARK)
    key = f"sem:vote:{PARK}:reserved_contract"
    at.text_input(key=key).input("12").run()
    other = next(s for s in BANK.scenarios if s != PARK)
    at.selectbox(key="sem:scenario").set_value(other).run()
    at.selectbox(key="sem:scenario").set_value(PARK).run()
    assert at.text_input(key=key).value == "12"


def test_a_story_stays_text_in_the_html_it_is_shown_in() -> None:
    from markdown_it import MarkdownIt

    from procurement.ui.pages.seminar import story_html

    forged = (
        "Köp <b>x</b>\n\n![bild](http://e.invalid/a.png) [länk](javascript:alert(1))"
        '\n\n<img src=x onerror="y">'
    )
    rendered = MarkdownIt("commonmark").render(story_html(forged))
    assert "<img" not in rendered and "<a " not in rendered and "<b>" not in rendered
    assert "&lt;b&gt;x&lt;/b&gt;" in rendered and "\n" not in story_html(forged)
