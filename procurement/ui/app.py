"""Vägval, the Streamlit app: page config, language, and navigation over the pages.

Pages gather facts, call the engine and render its result; no legal logic lives here.
:func:`main` is the whole script: the top-level ``app.py`` of a checkout (``streamlit run
app.py``) and ``procurement/ui/script/streamlit_app.py`` of an installed package
(``vagval-app``) each only call it.
"""

from __future__ import annotations

import logging

import streamlit as st

from procurement.core.errors import RuleLoadError, origin
from procurement.core.texts import LANGS
from procurement.ui import auth, keys
from procurement.ui.common import lang, route_rules
from procurement.ui.pages import build_pages
from procurement.ui.plain import plain_params
from procurement.ui.texts import t

__all__ = ["main"]

log = logging.getLogger(__name__)


def main() -> None:
    """One run of the app's script."""
    st.set_page_config(
        page_title=t("app_title", lang()), page_icon=":material/explore:", layout="wide"
    )

    with st.sidebar:
        st.radio(
            # In both languages, and each language by its own name: read whichever is on.
            " / ".join(t("language", code) for code in LANGS),
            list(LANGS),
            key=keys.LANG,
            horizontal=True,
            format_func=lambda code: t("language_name", code),
        )
        st.caption(t("check_current", lang()))
        auth.account_box(lang())

    try:
        route_rules()
    except RuleLoadError as exc:
        # A bad local amounts file (VAGVAL_LOCAL_AMOUNTS) or rule file: say so, never a traceback.
        problem = exc.issues[0].short() if exc.issues else str(exc)
        st.error(plain_params("rules_invalid", lang(), problem=problem, count=len(exc.issues)))
        st.stop()

    navigation = st.navigation(build_pages(lang()))
    try:
        navigation.run()
    except Exception as exc:  # Streamlit's rerun and stop are BaseExceptions: they pass
        # The last resort, for an error no page caught: one line to the visitor, never a
        # traceback; the log names the error's type and where, never its message (it may
        # quote what a user gave).
        log.error("a page failed: %s at %s", type(exc).__name__, origin(exc))
        st.error(t("page_failed", lang()), icon=":material/error:")
