"""UI wiring with Streamlit's AppTest (no browser): pages, questionnaire, language, files."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import EXAMPLES, ROOT

APP = str(ROOT / "app.py")


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.subheader, *at.markdown, *at.caption)]
    parts += [e.value for e in (*at.success, *at.info, *at.warning, *at.error)]
    return "\n".join(str(p) for p in parts)


def test_opens_in_swedish_on_the_questionnaire() -> None:
    at = _app()
    assert at.title[0].value == "Vägval"
    assert "Steg 1" in _texts(at)
    assert at.radio(key="route:contract_type").label == "Vad ska köpas?"


def test_answers_lead_to_a_recommendation_and_back_keeps_them() -> None:
    at = _app()
    at.date_input(key="route:as_of").set_value("2025-06-01").run()
    at.radio(key="route:buyer_type").set_value("sub_central").run()
    at.radio(key="route:contract_type").set_value("services").run()
    at.text_input(key="route:estimated_value_sek").input("650 000").run()
    at.button(key="next").click().run()
    assert not at.exception
    asked = {r.key for r in at.radio}
    assert "route:integration_suppliers_available" in asked or "route:counterpart_ideburen" in asked
    # answer every question the engine still asks, step by step
    for _ in range(10):
        for radio in at.radio:
            if radio.key and radio.key.startswith("route:") and radio.value is None:
                radio.set_value(False)
        at.run()
        if at.button(key="next").disabled:
            break
        at.button(key="next").click().run()
    assert "Rekommenderad väg:** Direktupphandling" in "\n".join(s.value for s in at.success)
    while not at.button(key="back").disabled:
        at.button(key="back").click().run()
    assert at.radio(key="route:contract_type").value == "services"
    assert at.text_input(key="route:estimated_value_sek").value == "650\xa0000"


def test_language_switch_changes_the_texts() -> None:
    at = _app()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert "Step 1" in _texts(at)
    assert at.radio(key="route:contract_type").label == "What is being bought?"


def test_imported_facts_give_the_examples_result() -> None:
    at = _app()
    facts = json.loads((EXAMPLES / "stadning-kommunhus.json").read_text(encoding="utf-8"))
    at.session_state["route_answers"].facts.update({k: v for k, v in facts.items() if k != "as_of"})
    at.run()
    assert not at.exception
    assert "Reserverad upphandling" in "\n".join(s.value for s in at.success)


def _page(module: str, lang: str) -> AppTest:
    script = f"from procurement.ui.pages.{module} import page\npage()\n"
    at = AppTest.from_string(script, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("module", "title"),
    [
        ("supplier", ("Leverantörskontroll", "Supplier check")),
        ("rules", ("Regler och källor", "Rules and sources")),
        ("about", ("Om Vägval", "About Vägval")),
    ],
)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_renders_in_both_languages(
    module: str, title: tuple[str, str], lang: str
) -> None:
    at = _page(module, lang)
    assert at.title[0].value == title[0 if lang == "sv" else 1]


def test_rules_page_search_filters_the_tables() -> None:
    at = _page("rules", "sv")
    at.text_input(key="rules_search").set_value("4 kap. 18").run()
    assert not at.exception
    assert all(len(df.value) < 60 for df in at.dataframe)


def test_supplier_self_check_reports_each_test() -> None:
    at = _page("supplier", "sv")
    at.radio(key="supplier:runs_business").set_value(True).run()
    at.radio(key="supplier:main_aim_work_integration").set_value(True).run()
    at.text_input(key="supplier:employees_total").input("10").run()
    at.text_input(key="supplier:employees_target_group").input("2").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "Kan inte delta" in text  # 2 of 10 fails 4 kap. 18 §
    assert "2 av 10" in text
