"""The app's pages, built once per run, so that a page can link to another."""

from __future__ import annotations

from typing import Any

import streamlit as st

from procurement.model.common import Lang
from procurement.ui.texts import t

__all__ = ["build_pages", "link"]

_KEY = "_vagval_pages"


def build_pages(lang: Lang) -> list[Any]:
    """The pages of the navigation, in order; remembered for :func:`link`."""
    from procurement.ui.pages import about, memo, route, rules, seminar, supplier

    specs = [
        (route.page, "page_route", ":material/explore:", "vagval"),
        (memo.page, "page_memo", ":material/description:", "beslutsunderlag"),
        (supplier.page, "page_supplier", ":material/factory:", "leverantor"),
        (seminar.page, "page_seminar", ":material/school:", "seminarium"),
        (rules.page, "page_rules", ":material/menu_book:", "regler"),
        (about.page, "page_about", ":material/info:", "om"),
    ]
    pages = [
        st.Page(fn, title=t(title, lang), icon=icon, url_path=path, default=path == "vagval")
        for fn, title, icon, path in specs
    ]
    st.session_state[_KEY] = {p.url_path: p for p in pages}
    return pages


def link(url_path: str, label: str, icon: str | None = None) -> None:
    """A link to one of the app's pages (nothing when run outside the app's navigation)."""
    page = st.session_state.get(_KEY, {}).get(url_path)
    if page is not None:
        st.page_link(page, label=label, icon=icon)
