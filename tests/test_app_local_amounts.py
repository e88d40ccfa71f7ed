"""Amounts entered locally (VAGVAL_LOCAL_AMOUNTS) in the app: shown on "Regler och källor" with
their file and source, used by the questionnaire, and a bad file stops the app with one line.

The app caches the rule set per process (``st.cache_resource``), so each test clears it before
and after, and the environment variable is set only inside the test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from procurement.core.local_amounts import ENV_VAR
from procurement.service import _cached
from procurement.ui.common import clause_library, route_rules
from tests.conftest import FIXTURES, ROOT
from tests.markdown_text import shown

APP = str(ROOT / "app.py")
LOCAL = FIXTURES / "local_amounts" / "troskelvarden-2026.yaml"
BAD = FIXTURES / "invalid_local_amounts" / "01_unknown_amount.yaml"


def _clear() -> None:
    route_rules.clear()
    clause_library.clear()
    _cached.cache_clear()


@pytest.fixture
def local(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _clear()
    monkeypatch.setenv(ENV_VAR, str(LOCAL))
    yield
    monkeypatch.delenv(ENV_VAR)
    _clear()


@pytest.fixture
def bad(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _clear()
    monkeypatch.setenv(ENV_VAR, str(BAD))
    yield
    monkeypatch.delenv(ENV_VAR)
    _clear()


def _rules_page() -> AppTest:
    at = AppTest.from_string(
        "from procurement.ui.pages.rules import page\npage()\n", default_timeout=60
    )
    at.session_state["lang"] = "sv"
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_rules_page_names_the_amounts_entered_locally(local: None) -> None:
    at = _rules_page()
    notes = [i.value for i in at.info]
    assert any("matat in lokalt" in n and "troskelvarden-2026.yaml:6" in n for n in notes), notes
    amounts = at.dataframe[0].value
    column = "Lokalt inmatat (fil:rad)"
    assert column in amounts.columns
    row = amounts[amounts[column] != ""]
    assert list(row[column]) == ["troskelvarden-2026.yaml:6"]
    assert "Upphandlingsmyndigheten" in row.iloc[0]["Källa"]
    version = "\n".join(str(c.value) for c in at.caption)
    assert ".local." in version


def test_without_local_amounts_there_is_no_such_column() -> None:
    _clear()
    at = _rules_page()
    assert not [i.value for i in at.info if "matat in lokalt" in i.value]
    assert "Lokalt inmatat (fil:rad)" not in at.dataframe[0].value.columns
    assert ".local." not in "\n".join(str(c.value) for c in at.caption)


def test_a_bad_local_file_stops_the_app_with_one_clear_line(bad: None) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    errors = [shown(e.value) for e in at.error]  # as the reader sees the Markdown
    assert len(errors) == 1, errors
    assert "01_unknown_amount.yaml:2: unknown amount 'eu_threshold_work'" in errors[0]
    assert str(BAD.parent) not in errors[0]  # the file's name, never the server's path
    assert not [r for r in at.radio if r.key and r.key.startswith("route:")]
