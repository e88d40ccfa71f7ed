"""Vägval, the Streamlit app: page config, language, and navigation over the pages.

Pages gather facts, call the engine and render its result; no legal logic lives here.
"""

from __future__ import annotations

import streamlit as st

from procurement.ui.common import lang
from procurement.ui.pages import about, route, rules, supplier
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

current = lang()
navigation = st.navigation(
    [
        st.Page(
            route.page,
            title=t("page_route", current),
            icon=":material/explore:",
            url_path="vagval",
            default=True,
        ),
        st.Page(
            supplier.page,
            title=t("page_supplier", current),
            icon=":material/factory:",
            url_path="leverantor",
        ),
        st.Page(
            rules.page,
            title=t("page_rules", current),
            icon=":material/menu_book:",
            url_path="regler",
        ),
        st.Page(about.page, title=t("page_about", current), icon=":material/info:", url_path="om"),
    ]
)
navigation.run()
