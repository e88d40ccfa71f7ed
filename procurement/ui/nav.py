"""The app's pages, built once per run, so that a page can link to another."""

from __future__ import annotations

from typing import Any

import streamlit as st

from procurement.core.model.common import Lang
from procurement.ui.texts import t

__all__ = ["build_pages", "link", "page_of", "page_paths", "switch"]

_KEY = "_vagval_pages"


def build_pages(lang: Lang, default: str = "vagval") -> list[Any]:
    """The pages of the navigation, in order; remembered for :func:`link`. ``default`` is the
    URL path of the page shown at the app's root (tests may choose another)."""
    from procurement.ui.pages import about, memo, route, rules, saved, seminar, supplier

    specs = [
        (route.page, "page_route", ":material/explore:", "vagval"),
        (memo.page, "page_memo", ":material/description:", "beslutsunderlag"),
        (saved.page, "page_saved", ":material/folder_open:", "sparade"),
        (supplier.page, "page_supplier", ":material/factory:", "leverantor"),
        (seminar.page, "page_seminar", ":material/school:", "seminarium"),
        (rules.page, "page_rules", ":material/menu_book:", "regler"),
        (about.page, "page_about", ":material/info:", "om"),
    ]
    pages = [
        st.Page(fn, title=t(title, lang), icon=icon, url_path=path, default=path == default)
        for fn, title, icon, path in specs
    ]
    # Keyed by the path given, not by ``url_path``: the default page's is "".
    st.session_state[_KEY] = {spec[3]: p for spec, p in zip(specs, pages, strict=True)}
    return pages


def page_of(url_path: str) -> Any | None:
    """The page at ``url_path`` (None when run outside the app's navigation)."""
    return st.session_state.get(_KEY, {}).get(url_path)


def page_paths() -> list[str]:
    """The URL paths of the app's pages (none when run outside the app's navigation)."""
    return list(st.session_state.get(_KEY, {}))


def link(url_path: str, label: str, icon: str | None = None) -> None:
    """A link to one of the app's pages (nothing when run outside the app's navigation)."""
    page = page_of(url_path)
    if page is not None:
        st.page_link(page, label=label, icon=icon)


def switch(url_path: str, query_params: dict[str, str] | None = None) -> bool:
    """Go to one of the app's pages (stops this run); False when run outside the app's
    navigation, where there is no page to go to."""
    page = page_of(url_path)
    if page is None:
        return False
    st.switch_page(page, query_params=query_params)
    return True
