"""What users type and upload, with Streamlit's AppTest (no browser): numbers are read the
way a Swede writes them or refused with the field named, never misread (issue 14 §4); text
from a user or a file is shown as typed, never as a link, an image or other markup."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from procurement.ui.state import Answers
from tests.conftest import EXAMPLES, ROOT
from tests.markdown_text import shown

APP = str(ROOT / "app.py")
VALUE = "route:estimated_value_sek"
DURATION = "route:contract_duration_months"
VALUE_LABEL = "Kontraktets uppskattade värde"
LINK = "[Logga in här](https://example.com)"
IMAGE = "![x](https://example.com/a.png)"
PARK = json.loads((EXAMPLES / "parkskotsel-sysselsattning.json").read_text(encoding="utf-8"))
NBSP = "\u00a0"


def _app(lang: str = "sv") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if lang != "sv":
        at.radio(key="lang").set_value(lang).run()
    assert not at.exception, at.exception
    return at


def _page(module: str, lang: str = "sv", **state: object) -> AppTest:
    at = AppTest.from_string(f"from procurement.ui.pages.{module} import page\npage()\n")
    at.default_timeout = 60
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _type(at: AppTest, key: str, text: str) -> None:
    at.text_input(key=key).input(text).run()
    assert not at.exception, at.exception


def _facts(at: AppTest, key: str = "route_answers") -> dict[str, object]:
    answers = at.session_state[key]
    assert isinstance(answers, Answers)
    return answers.facts


def _bodies(at: AppTest) -> list[str]:
    """Every Markdown body on the page (texts, captions, alerts, headers)."""
    elements = (*at.markdown, *at.caption, *at.error, *at.warning, *at.info, *at.success)
    return [str(e.value) for e in (*elements, *at.subheader, *at.header, *at.title)]


def _no_markup(bodies: list[str]) -> None:
    """No body holds a link or image Markdown would render, nor raw HTML."""
    for body in bodies:
        assert not re.search(r"(?<!\\)\]\(", body), body  # [text](url) and ![alt](url)
        assert not re.search(r"(?<!\\)<[a-z!/]", body), body  # <img …>, <a …>, <!-- -->
        assert "https://example.com" not in body, body  # a bare address would be a link


# --- numbers on the Vägval page ------------------------------------------------------------


def test_a_decimal_comma_is_never_read_as_18() -> None:
    at = _app()
    _type(at, VALUE, "1,8")
    assert _facts(at)["estimated_value_sek"] == 1.8  # 1,8 kr: what was typed, or nothing
    assert "1,8 kr" in [shown(c.value) for c in at.caption]


def test_a_spaced_amount_is_read_and_shown_back_in_swedish() -> None:
    at = _app()
    _type(at, VALUE, "1 800 000")
    assert _facts(at)["estimated_value_sek"] == 1_800_000
    assert f"1{NBSP}800{NBSP}000 kr" in [shown(c.value) for c in at.caption]
    assert not at.error


def test_kronor_words_are_understood() -> None:
    at = _app()
    _type(at, VALUE, "2,5 mnkr")
    assert _facts(at)["estimated_value_sek"] == 2_500_000
    assert f"2{NBSP}500{NBSP}000 kr" in [shown(c.value) for c in at.caption]


@pytest.mark.parametrize("text", ["1.800", "1,800,000", "sjuhundra", "-5"])
def test_an_unreadable_value_names_the_field_and_replaces_no_answer(text: str) -> None:
    at = _app()
    _type(at, VALUE, "650 000")
    assert _facts(at)["estimated_value_sek"] == 650_000
    _type(at, VALUE, text)
    errors = [shown(e.value) for e in at.error]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{VALUE_LABEL}: ")
    assert f"”{text}”" in errors[0] and "räknas som obesvarat" in errors[0]
    # Not 1 800, not 1,8, not the previous 650 000: unanswered until corrected.
    assert "estimated_value_sek" not in _facts(at)
    assert at.text_input(key=VALUE).value == text  # the text stays, to be corrected


def test_an_ambiguous_point_offers_both_readings() -> None:
    at = _app()
    _type(at, VALUE, "1.800")
    error = shown(at.error[0].value)
    assert f"Menar du 1{NBSP}800 eller 1,8?" in error


def test_a_whole_number_field_refuses_decimals_naming_it() -> None:
    at = _app()
    _type(at, DURATION, "2,5")
    error = shown(at.error[0].value)
    assert error.startswith("Avtalstid inklusive förlängningar: ange ett heltal, inte ”2,5”.")
    assert "contract_duration_months" not in _facts(at)
    _type(at, DURATION, "24")
    assert _facts(at)["contract_duration_months"] == 24
    assert not at.error


def test_english_reads_the_english_way() -> None:
    at = _app("en")
    _type(at, VALUE, "1.8")
    assert _facts(at)["estimated_value_sek"] == 1.8
    _type(at, VALUE, "1,800,000")
    assert _facts(at)["estimated_value_sek"] == 1_800_000
    assert "SEK 1,800,000" in [shown(c.value) for c in at.caption]
    _type(at, VALUE, "1,8")
    assert "estimated_value_sek" not in _facts(at)
    assert shown(at.error[0].value).startswith("Estimated contract value: “1,8” is not")


def test_switching_language_rewrites_the_number_not_the_answer() -> None:
    at = _app()
    _type(at, VALUE, "1 800 000,5")
    at.radio(key="lang").set_value("en").run()
    assert at.text_input(key=VALUE).value == "1,800,000.5"
    assert _facts(at)["estimated_value_sek"] == 1_800_000.5
    at.radio(key="lang").set_value("sv").run()
    assert at.text_input(key=VALUE).value == f"1{NBSP}800{NBSP}000,5"
    assert not at.error


def test_back_and_next_and_loading_show_the_value_the_swedish_way() -> None:
    at = _app()
    facts = json.loads((EXAMPLES / "stadning-kommunhus.json").read_text(encoding="utf-8"))
    at.file_uploader(key="import_facts").set_value(
        ("svar.json", json.dumps(facts).encode(), "application/json")
    )
    at.run()
    value = facts["estimated_value_sek"]
    expected = f"{value:,}".replace(",", NBSP)
    assert at.text_input(key=VALUE).value == expected
    at.button(key="next").click().run()
    at.button(key="back").click().run()
    assert at.text_input(key=VALUE).value == expected
    assert _facts(at)["estimated_value_sek"] == value


# --- the value calculator -------------------------------------------------------------------


def test_calculator_reads_two_and_a_half_years() -> None:
    at = _app()
    _type(at, "calc:base", "1 000 000")
    _type(at, "calc:years", "2,5")
    assert "2,5 år" in [shown(c.value) for c in at.caption]
    total = f"2{NBSP}500{NBSP}000 kr"
    assert any(m.value.endswith(f"= **{total}**") for m in at.markdown)
    at.button(key="calc:use").click().run()
    assert _facts(at)["estimated_value_sek"] == 2_500_000
    assert at.text_input(key=VALUE).value == f"2{NBSP}500{NBSP}000"


def test_a_calculator_field_with_an_error_disables_use() -> None:
    at = _app()
    _type(at, "calc:base", "1 000 000")
    _type(at, "calc:years", "3")
    assert not at.button(key="calc:use").disabled
    _type(at, "calc:years", "2.5")
    assert at.button(key="calc:use").disabled
    errors = [shown(e.value) for e in at.error]
    assert errors and errors[0].startswith("Avtalstid utan förlängningar (år): ”2.5”")
    assert not any("= **" in m.value for m in at.markdown)  # no total from a guess


# --- the other pages' numbers ---------------------------------------------------------------


def test_supplier_counts_refuse_decimals() -> None:
    at = _page("supplier")
    _type(at, "supplier:employees_total", "10")
    _type(at, "supplier:employees_target_group", "2,5")
    assert _facts(at, "supplier_answers") == {"employees_total": 10}
    assert "ange ett heltal" in shown(at.error[0].value)


def test_memo_numbers_are_read_the_swedish_way() -> None:
    at = _page("memo", route_answers=Answers(facts=dict(PARK)))
    at.checkbox(key="memo:take:award_integration_plan").check().run()
    weight = "memo:var:award_integration_plan:weight"
    _type(at, weight, "0,2")
    draft = at.session_state["memo_draft"]
    assert draft.values("award_integration_plan")["weight"] == 0.2
    assert "20 %" in [shown(c.value) for c in at.caption]
    _type(at, weight, "20 %")
    assert draft.values("award_integration_plan")["weight"] == 0.2
    _type(at, weight, "0.2")
    assert "weight" not in draft.values("award_integration_plan")
    assert "Kriteriets vikt: ”0.2”" in shown(at.error[0].value)


def test_seminar_what_if_and_votes_are_read_the_swedish_way() -> None:
    park = "parkskotsel-reserverad"
    at = _page("seminar", **{"sem:scenario": park})
    at.button(key="sem:reveal").click().run()
    field = f"sem:whatif:{park}:estimated_value_sek"
    _type(at, field, "500 000")
    assert any(w.value.startswith("Svaret ändras") for w in at.warning)
    _type(at, field, "500.000")
    assert not any(w.value.startswith("Svaret ändras") for w in at.warning)
    assert "”500.000” är tvetydigt" in shown(at.error[0].value)
    vote = next(w.key for w in at.text_input if w.key.startswith(f"sem:vote:{park}:"))
    _type(at, vote, "2,5")
    assert "ange ett heltal" in shown(at.error[0].value)


# --- nothing uploaded or typed is rendered as markup ------------------------------------------


SUPPLIER_HEADER = "supplier_id,runs_business,employees_total,employees_target_group"


def _batch(content: str, name: str = "leverantorer.csv") -> AppTest:
    at = _page("supplier")
    at.file_uploader(key="supplier_batch").set_value((name, content.encode(), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def test_cells_with_a_link_and_an_image_are_shown_as_text() -> None:
    at = _batch(f'{SUPPLIER_HEADER}\na,"{LINK}",10,2\nb,true,{IMAGE},2\n"{LINK}",true,10,2\n')
    errors = [e.value for e in at.error]
    assert len(errors) == 2, errors
    _no_markup(_bodies(at))
    assert LINK in shown(errors[0]) and shown(errors[0]).startswith("row 2: runs_business: ")
    assert IMAGE in shown(errors[1]) and shown(errors[1]).startswith("row 3: employees_total: ")
    # The table holds the cells as they are (a data frame renders no Markdown).
    assert LINK in set(at.dataframe[0].value["supplier_id"])


def test_a_column_name_with_markup_is_shown_as_text() -> None:
    at = _batch(f"supplier_id,{LINK}\na,1\n")
    _no_markup(_bodies(at))
    error = shown(at.error[0].value)
    assert error.startswith(f"Filen kunde inte läsas: {LINK}: unknown column")


def test_errors_name_the_upload_never_a_server_path() -> None:
    name = "[tom](https://example.com).csv"
    at = _batch("", name)
    error = shown(at.error[0].value)
    assert (
        error
        == f"Filen kunde inte läsas: {name}: the file is empty: expected a header row of fact ids"
    )
    _no_markup(_bodies(at))
    assert "/tmp" not in error and str(ROOT) not in error


def test_an_unknown_fact_key_with_markup_is_shown_as_text() -> None:
    at = _app()
    content = json.dumps({LINK: True, "contract_type": "services"}).encode()
    at.file_uploader(key="import_facts").set_value((f"{IMAGE}.json", content, "application/json"))
    at.run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert shown(errors[0]).startswith(f"Filen kunde inte läsas: {LINK}: unknown fact")
    _no_markup(_bodies(at))


def test_a_broken_upload_is_named_as_uploaded() -> None:
    at = _app()
    at.file_uploader(key="import_facts").set_value((f"{IMAGE}.json", b"{", "application/json"))
    at.run()
    assert shown(at.error[0].value).startswith(f"Filen kunde inte läsas: {IMAGE}.json: ")
    _no_markup(_bodies(at))


def test_clause_values_with_markup_are_quoted_as_text() -> None:
    at = _page("memo", route_answers=Answers(facts=dict(PARK)))
    at.checkbox(key="memo:take:labour_law_pay").check().run()
    _type(at, "memo:var:labour_law_pay:collective_agreement", LINK)
    _type(at, "memo:var:labour_law_pay:pay_terms", f"{IMAGE} <b>fet</b>")
    quoted = [m.value for m in at.markdown if m.value.startswith(">")]
    assert quoted
    _no_markup(_bodies(at))
    text = shown("\n".join(quoted))
    assert LINK in text and f"{IMAGE} <b>fet</b>" in text
