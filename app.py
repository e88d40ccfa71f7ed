"""Vägval, the Streamlit app: page config, language, and navigation over the pages.

Pages gather facts, call the engine and render its result; no legal logic lives here.
"""

from __future__ import annotations

import streamlit as st

from procurement.core.errors import RuleLoadError
from procurement.ui.common import lang, route_rules
from procurement.ui.nav import build_pages
from procurement.ui.plain import plain_params
from procurement.ui.texts import t

st.set_page_config(page_title="Vägval", page_icon=":material/explore:", layout="wide")

with st.sidebar:
    st.radio(
        "Språk / Language",
        ["sv", "en"],
        key="lang",
        horizontal=True,
        format_func=lambda code: "Svenska" if code == "sv" else "English",
    )
    st.caption(t("check_current", lang()))

try:
    route_rules()
except RuleLoadError as exc:
    # A bad local amounts file (VAGVAL_LOCAL_AMOUNTS) or rule file: say so, never a traceback.
    problem = exc.issues[0].short() if exc.issues else str(exc)
    st.error(plain_params("rules_invalid", lang(), problem=problem, count=len(exc.issues)))
    st.stop()

navigation = st.navigation(build_pages(lang()))
navigation.run()
