"""UI wiring of the minimal page with Streamlit's AppTest (no browser)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def test_page_renders_an_example_in_swedish() -> None:
    at = _app()
    assert at.title[0].value == "Vägval"
    assert any("Rekommenderad väg" in h.value for h in at.subheader)
    assert len(at.expander) >= 4


def test_language_switch_changes_texts() -> None:
    at = _app()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert any("Recommended route" in h.value for h in at.subheader)


def test_choosing_another_example_updates_the_result() -> None:
    at = _app()
    at.selectbox(key="example").set_value("kvinnojour-partnerskap.json").run()
    assert not at.exception
    headline = " ".join(h.value for h in at.subheader)
    assert "IOP" in headline
