"""Sparade: the saved assessments of this installation; open, duplicate, rename, delete and
share one, and see what would change under the rules loaded now.

The selection lives in the URL as ``?b=<share code>``, so the page's address is the link that
shares it; nothing else about an assessment ever goes into a URL.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.report.comparison import aspects_table
from procurement.storage.errors import NotFoundError, StorageError
from procurement.storage.links import SHARE_PARAM
from procurement.storage.records import MAX_TITLE, SavedAssessment, Summary
from procurement.storage.service import reopen
from procurement.storage.store import CODE_ALPHABET, CODE_LENGTH, Store
from procurement.ui import keys, nav, saving
from procurement.ui.common import lang, route_rules
from procurement.ui.plain import plain, plain_params
from procurement.ui.texts import t

__all__ = ["page"]

LINK = SHARE_PARAM


def _flash(key: str, **params: Any) -> None:
    keys.SAVED_FLASH.set((key, params))


def _select(code: str | None) -> None:
    """Show ``code`` (None: nothing) from the next run on, and put it in the URL."""
    if code:
        st.query_params[LINK] = code
    else:
        st.query_params.pop(LINK, None)


def _shown_code(code: str) -> str:
    """A code from the URL as it may be shown back: only a code's own characters."""
    ok = len(code) <= 2 * CODE_LENGTH and all(c in CODE_ALPHABET for c in code)
    return code if ok else "…"


def _table(rs: RuleSet, summaries: list[Summary], lg: Lang) -> None:
    rows = [
        {
            t("saved_col_title", lg): s.title,
            t("saved_col_route", lg): saving.route_label(rs, s.recommended, lg),
            t("saved_col_as_of", lg): s.as_of.isoformat(),
            t("saved_col_updated", lg): saving.when(s.updated_at),
            t("saved_col_code", lg): s.code,
        }
        for s in summaries
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _compare(rs: RuleSet, saved: SavedAssessment, lg: Lang) -> None:
    """What the saved assessment would say under the rules loaded now."""
    reopened = reopen(rs, saved, lg)
    if reopened.error is not None:
        st.error(plain_params("saved_rules_error", lg, version=rs.version, error=reopened.error))
    elif reopened.changes:
        st.warning(t("saved_rules_changed", lg, old=saved.ruleset_version, new=rs.version))
    elif reopened.same_rules:
        st.success(t("saved_rules_same", lg, version=rs.version), icon=":material/check:")
    else:
        st.info(t("saved_rules_newer", lg, old=saved.ruleset_version, new=rs.version))
    if reopened.changes:
        table = aspects_table(
            rs, reopened.changes, t("saved_col_saved", lg), t("saved_col_now", lg), lg
        )
        st.markdown(table)


def _actions(store: Store, rs: RuleSet, saved: SavedAssessment, lg: Lang) -> None:
    c1, c2 = st.columns(2)
    opened = c1.button(
        t("saved_open", lg), key=keys.SAVED_OPEN, type="primary", icon=":material/open_in_new:"
    )
    answers = keys.ROUTE_ANSWERS.get()
    if answers is not None and answers.facts:
        c1.caption(t("saved_open_replaces", lg))
    # Outside the app's navigation there is no Vägval page to go to: stay here.
    if opened and saving.open_saved(rs, saved, lg) and not nav.switch("vagval"):
        st.success(t("saved_opened", lg, title=plain(saved.title)))
    if c2.button(
        t("saved_duplicate", lg), key=keys.SAVED_DUPLICATE, icon=":material/content_copy:"
    ):
        try:
            copy = store.duplicate(saved.code, lang=lg)
        except StorageError as exc:
            st.error(exc.text(lg))
        else:
            _flash("saved_duplicated", title=copy.title)
            _select(copy.code)
            st.rerun()
    st.caption(t("share_link", lg))
    st.code(saving.share_link(saved.code), language=None)
    with st.expander(t("saved_rename", lg), icon=":material/edit:"):
        title = st.text_input(
            t("save_title", lg),
            value=saved.title,
            max_chars=MAX_TITLE,
            key=keys.SAVED_TITLE.key(saved.code),
        )
        if st.button(t("saved_rename_button", lg), key=keys.SAVED_RENAME):
            try:
                renamed = store.rename(saved.code, title, expected_revision=saved.revision)
            except StorageError as exc:
                st.error(exc.text(lg))
            else:
                saving.renamed(renamed, saved.revision)
                _flash("saved_renamed", title=renamed.title)
                st.rerun()
    with st.expander(t("saved_delete", lg), icon=":material/delete:"):
        sure = st.checkbox(t("saved_delete_confirm", lg), key=keys.SAVED_CONFIRM.key(saved.code))
        if st.button(t("saved_delete_button", lg), key=keys.SAVED_DELETE, disabled=not sure):
            try:
                store.delete(saved.code, expected_revision=saved.revision)
            except StorageError as exc:
                st.error(exc.text(lg))
            else:
                saving.deleted(saved.id)
                _flash("saved_deleted", title=saved.title)
                _select(None)
                st.rerun()


def _details(store: Store, rs: RuleSet, code: str, lg: Lang) -> None:
    try:
        saved = store.get(code)
    except StorageError as exc:
        st.error(exc.text(lg))
        return
    with st.container(border=True, key=keys.SAVED_DETAILS):
        st.subheader(plain(saved.title))
        st.caption(
            t(
                "saved_meta",
                lg,
                saved=saving.when(saved.updated_at),
                created=saving.when(saved.created_at),
                as_of=saved.as_of.isoformat(),
                version=saved.ruleset_version,
                reviewed=saved.ruleset_reviewed.isoformat(),
                revision=saved.revision,
            )
        )
        st.markdown(
            f"**{t('saved_route', lg)}:** " + plain(saving.route_label(rs, saved.recommended, lg))
        )
        if saved.notes:
            st.markdown(f"**{t('save_notes', lg)}**")
            st.markdown(plain(saved.notes))
        _compare(rs, saved, lg)
        _actions(store, rs, saved, lg)


def page() -> None:
    """Render the list of saved assessments and the one picked (or linked to)."""
    lg = lang()
    rs = route_rules()
    st.title(t("saved_title", lg))
    st.caption(t("saved_intro", lg))
    store = saving.get_store(lg)
    if store is None:
        return
    try:
        summaries = store.list()
    except StorageError as exc:
        st.error(exc.text(lg))
        return
    flash = keys.SAVED_FLASH.pop()
    if flash:
        st.success(t(flash[0], lg, **{k: plain(v) for k, v in flash[1].items()}))
    by_code = {s.code: s for s in summaries}
    linked = str(st.query_params.get(LINK) or "").strip()
    if linked and linked not in by_code:
        st.error(NotFoundError(_shown_code(linked)).text(lg))
        linked = ""
    if not summaries:
        st.info(t("saved_none", lg))
        nav.link("vagval", t("memo_go_questions", lg), ":material/explore:")
        return
    # The URL says which one is shown; picking another puts that one in the URL.
    if st.session_state.get(keys.SAVED_PICK) != (linked or None):
        st.session_state[keys.SAVED_PICK] = linked or None
    _table(rs, summaries, lg)
    st.selectbox(
        t("saved_pick", lg),
        list(by_code),
        key=keys.SAVED_PICK,
        index=None,
        placeholder=t("saved_pick_placeholder", lg),
        format_func=lambda c: f"{by_code[c].title} · {saving.when(by_code[c].updated_at)} · {c}",
        on_change=lambda: _select(st.session_state[keys.SAVED_PICK]),
    )
    code = st.session_state.get(keys.SAVED_PICK)
    if code:
        _details(store, rs, code, lg)
