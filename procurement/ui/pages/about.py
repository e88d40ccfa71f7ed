"""Om Vägval: what it is for, its limits, and how current its rules are."""

from __future__ import annotations

import streamlit as st

from procurement.ui.common import lang, route_rules
from procurement.ui.texts import t

__all__ = ["page"]


def page() -> None:
    """Render the about page."""
    lg = lang()
    rs = route_rules()
    st.title(t("page_about", lg))
    st.markdown(t("about_body", lg))
    st.info(
        t(
            "about_currency",
            lg,
            reviewed=rs.meta.reviewed.isoformat(),
            checked_until=rs.meta.checked_until.isoformat(),
        )
    )
    st.warning(t("check_current", lg))
