"""Links between the app's pages: the pages the navigation was built with, by URL path.

The navigation itself is built by :func:`procurement.ui.pages.build_pages`, above the pages;
this module is below them, so that pages and ``saving`` can link to a page without importing
it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from procurement.ui import keys

__all__ = ["link", "page_of", "page_paths", "remember", "switch"]


def remember(pages: dict[str, Any]) -> None:
    """Keep the navigation's pages (``st.Page``) by URL path, for :func:`link` and
    :func:`switch` (once per run, when the navigation is built)."""
    keys.PAGES.set(pages)


def page_of(url_path: str) -> Any | None:
    """The page at ``url_path`` (None when run outside the app's navigation)."""
    return (keys.PAGES.get() or {}).get(url_path)


def page_paths() -> list[str]:
    """The URL paths of the app's pages (none when run outside the app's navigation)."""
    return list(keys.PAGES.get() or {})


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
