"""The app's pages, one module each, and the navigation over them (:func:`build_pages`)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from procurement.core.model.common import Lang
from procurement.ui import nav
from procurement.ui.texts import t

__all__ = ["build_pages"]


def build_pages(lang: Lang, default: str = "vagval") -> list[Any]:
    """The pages of the navigation, in order; remembered for :func:`procurement.ui.nav.link`.
    ``default`` is the URL path of the page shown at the app's root (tests may choose
    another)."""
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
    nav.remember({spec[3]: p for spec, p in zip(specs, pages, strict=True)})
    return pages
