"""Sparade: the saved assessments the user may see (their own and those shared with them);
open, duplicate, rename, share and delete one (into the bin, restorable for a period), see what
would change under the rules loaded now, and, for an administrator, the audit log.

With sign-in configured, a visitor who has not signed in sees nothing saved. The selection
lives in the URL as ``?b=<share code>``, so the page's address is the link that shares it (it
opens only for those it is shared with); nothing else about an assessment ever goes into a URL.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.report.comparison import aspects_table
from procurement.storage.errors import NotFoundError, StorageError
from procurement.storage.links import SHARE_PARAM
from procurement.storage.principal import Principal
from procurement.storage.records import MAX_TITLE, SavedAssessment, Summary
from procurement.storage.service import reopen
from procurement.storage.store import CODE_ALPHABET, CODE_LENGTH, Grantee, Store
from procurement.ui import auth, keys, nav, saving
from procurement.ui.common import lang, route_rules
from procurement.ui.plain import plain, plain_params
from procurement.ui.texts import t

__all__ = ["page"]

LINK = SHARE_PARAM
a_text = texts("access")


def _plain_access(key: str, lg: Lang, **params: Any) -> str:
    """The access text ``key`` with every parameter (user text) shown literally."""
    return a_text(key, lg, **{name: plain(value) for name, value in params.items()})


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


def _owner(s: Summary, who: Principal, lg: Lang) -> str:
    """The owner of ``s`` as the user sees it: "you", or the name the provider gave."""
    if s.owned_by(who.issuer, who.subject):
        return a_text("owner_you", lg)
    return s.owner_name or a_text("unknown_owner", lg)


def _table(rs: RuleSet, summaries: list[Summary], who: Principal, lg: Lang) -> None:
    rows = [
        {
            t("saved_col_title", lg): s.title,
            t("saved_col_route", lg): saving.route_label(rs, s.recommended, lg),
            t("saved_col_as_of", lg): s.as_of.isoformat(),
            t("saved_col_updated", lg): saving.when(s.updated_at),
            t("saved_col_code", lg): s.code,
        }
        | ({} if who.is_local else {a_text("col_owner", lg): _owner(s, who, lg)})
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


def _actions(store: Store, rs: RuleSet, saved: SavedAssessment, who: Principal, lg: Lang) -> None:
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
            copy = store.duplicate(saved.code, lang=lg, who=who)
        except StorageError as exc:
            st.error(exc.text(lg))
        else:
            _flash("saved_duplicated", title=copy.title)
            _select(copy.code)
            st.rerun()
    st.caption(t("share_link", lg))
    st.code(saving.share_link(saved.code), language=None)
    mine = saved.owned_by(who.issuer, who.subject)
    if not mine:
        st.caption(_plain_access("shared_by", lg, owner=_owner(saved, who, lg)))
    else:
        if not who.is_local:
            _sharing(store, saved, who, lg)
        _rename(store, saved, who, lg)
    if mine or who.admin:
        _delete(store, saved, who, lg)


def _rename(store: Store, saved: SavedAssessment, who: Principal, lg: Lang) -> None:
    with st.expander(t("saved_rename", lg), icon=":material/edit:"):
        title = st.text_input(
            t("save_title", lg),
            value=saved.title,
            max_chars=MAX_TITLE,
            key=keys.SAVED_TITLE.key(saved.code),
        )
        if st.button(t("saved_rename_button", lg), key=keys.SAVED_RENAME):
            try:
                renamed = store.rename(saved.code, title, expected_revision=saved.revision, who=who)
            except StorageError as exc:
                st.error(exc.text(lg))
            else:
                saving.renamed(renamed, saved.revision)
                _flash("saved_renamed", title=renamed.title)
                st.rerun()


def _delete(store: Store, saved: SavedAssessment, who: Principal, lg: Lang) -> None:
    with st.expander(t("saved_delete", lg), icon=":material/delete:"):
        sure = st.checkbox(t("saved_delete_confirm", lg), key=keys.SAVED_CONFIRM.key(saved.code))
        if st.button(t("saved_delete_button", lg), key=keys.SAVED_DELETE, disabled=not sure):
            try:
                store.delete(saved.code, expected_revision=saved.revision, who=who)
            except StorageError as exc:
                st.error(exc.text(lg))
            else:
                saving.deleted(saved.id)
                _flash("deleted_to_bin", title=saved.title, days=store.trash_days)
                _select(None)
                st.rerun()


def _sharing(store: Store, saved: SavedAssessment, who: Principal, lg: Lang) -> None:
    """The owner's share dialog: whom it is shared with (each can be removed), and sharing
    with a person (by the address they signed in with) or with one of the owner's teams."""
    with st.expander(a_text("share_heading", lg), icon=":material/share:"):
        st.caption(a_text("share_intro", lg))
        try:
            grantees = store.grantees(saved.code, who=who)
        except StorageError as exc:
            st.error(exc.text(lg))
            return
        if not grantees:
            st.caption(a_text("share_none", lg))
        else:
            st.markdown(a_text("shared_with", lg))
        for g in grantees:
            c1, c2 = st.columns([3, 1])
            label = (
                a_text("share_team_label", lg, team=g.grantee) if g.kind == "team" else g.label()
            )
            c1.markdown(plain(label))
            key = keys.SAVED_UNSHARE.key(g.kind, g.grantee)
            if c2.button(a_text("unshare_button", lg), key=key) and _done(
                partial(store.unshare, saved.code, g, who=who), lg
            ):
                _flash("unshared_done", who=label)
                st.rerun()
        email = st.text_input(
            a_text("share_with_user", lg), key=keys.SAVED_SHARE_EMAIL.key(saved.code), max_chars=200
        )
        if st.button(a_text("share_user_button", lg), key=keys.SAVED_SHARE_USER):
            found = store.find_user(email, who=who)
            if found is None:
                st.error(
                    StorageError("share_unknown_user", email=plain(email.strip()[:200])).text(lg)
                )
            else:
                grantee = found
                if _done(partial(store.share, saved.code, grantee, who=who), lg):
                    _flash("shared_done", who=grantee.label())
                    st.rerun()
        if who.teams:
            team = st.selectbox(
                a_text("share_with_team", lg),
                sorted(who.teams),
                key=keys.SAVED_SHARE_TEAM_PICK.key(saved.code),
            )
            if st.button(a_text("share_team_button", lg), key=keys.SAVED_SHARE_TEAM) and team:
                grantee = Grantee("team", "", team)
                if _done(partial(store.share, saved.code, grantee, who=who), lg):
                    _flash("shared_done", who=team)
                    st.rerun()


def _done(do: Callable[[], None], lg: Lang) -> bool:
    """Run a store act: True when done, else False after showing the error."""
    try:
        do()
    except StorageError as exc:
        st.error(exc.text(lg))
        return False
    return True


def _details(store: Store, rs: RuleSet, code: str, who: Principal, lg: Lang) -> None:
    audited = keys.SAVED_AUDITED.get_or(set)
    try:
        saved = store.get(code, who=who, opened=code not in audited)
    except StorageError as exc:
        st.error(exc.text(lg))
        return
    audited.add(code)
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
        _actions(store, rs, saved, who, lg)


def _bin(store: Store, who: Principal, lg: Lang) -> None:
    """The bin: what the user deleted (an administrator: everyone's, when asked), each with a
    button to restore it, until it is purged."""
    with st.expander(a_text("bin_heading", lg), icon=":material/delete:"):
        st.caption(a_text("bin_intro", lg, days=store.trash_days))
        everyone = (
            who.admin
            and not who.is_local
            and st.toggle(a_text("bin_everyone", lg), key=keys.SAVED_BIN_EVERYONE)
        )
        try:
            binned = store.trash(who=who, everyone=bool(everyone))
        except StorageError as exc:
            st.error(exc.text(lg))
            return
        if not binned:
            st.caption(a_text("bin_empty", lg))
        for item in binned:
            c1, c2 = st.columns([3, 1])
            deleted = saving.when(item.deleted_at) if item.deleted_at else ""
            # Another's assessment (an administrator's view) by its code and owner, never its
            # title: only the owner and those it is shared with see what it is about.
            mine = item.owned_by(who.issuer, who.subject)
            title = item.title if mine else f"{item.code} · {_owner(item, who, lg)}"
            c1.markdown(plain(a_text("bin_item", lg, title=title, deleted=deleted)))
            if c2.button(a_text("restore_button", lg), key=keys.SAVED_RESTORE.key(item.id)):
                try:
                    store.restore(item.id, who=who)
                except StorageError as exc:
                    st.error(exc.text(lg))
                else:
                    _flash("restored", title=item.title)
                    st.rerun()


def _audit(store: Store, who: Principal, lg: Lang) -> None:
    """The audit log, for administrators: who did what to which assessment and when."""
    if not who.admin:
        return
    with st.expander(a_text("audit_heading", lg), icon=":material/policy:"):
        st.caption(a_text("audit_intro", lg, days=store.audit_days))
        try:
            entries = store.audit_log(who=who)
        except StorageError as exc:
            st.error(exc.text(lg))
            return
        if not entries:
            st.caption(a_text("audit_empty", lg))
            return
        rows = [
            {
                a_text("audit_col_when", lg): saving.when(e.at),
                a_text("audit_col_who", lg): e.actor_name or e.actor_subject,
                a_text("audit_col_act", lg): a_text(f"act_{e.act}", lg),
                a_text("audit_col_id", lg): e.assessment_id or "",
                a_text("audit_col_detail", lg): e.detail or "",
            }
            for e in entries
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        _delete_any(store, who, lg)


def _delete_any(store: Store, who: Principal, lg: Lang) -> None:
    """An administrator moves any assessment to the bin by its id (from the log above),
    without seeing what it is about."""
    ident = st.text_input(
        a_text("admin_delete_id", lg), key=keys.SAVED_ADMIN_DELETE_ID, max_chars=40
    )
    if st.button(a_text("admin_delete_button", lg), key=keys.SAVED_ADMIN_DELETE) and ident.strip():
        try:
            store.delete(ident.strip(), who=who)
        except StorageError as exc:
            st.error(exc.text(lg))
        else:
            saving.deleted(ident.strip())
            _flash("admin_deleted", ref=ident.strip())
            st.rerun()


def page() -> None:
    """Render the list of saved assessments and the one picked (or linked to)."""
    lg = lang()
    rs = route_rules()
    st.title(t("saved_title", lg))
    st.caption(t("saved_intro", lg))
    store = saving.get_store(lg)
    if store is None:
        return
    who = auth.acting(store)
    if who is None:
        # Signing in is required: nothing saved is shown, not even whether a link exists.
        st.info(a_text("sign_in_to_see", lg), icon=":material/lock:")
        auth.sign_in_button(lg, keys.SIGN_IN.key("saved"))
        return
    try:
        summaries = store.list(who=who)
    except StorageError as exc:
        st.error(exc.text(lg))
        return
    flash = keys.SAVED_FLASH.pop()
    if flash:
        key, params = flash
        st.success(t(key, lg, **{k: plain(v) for k, v in params.items()}))
    by_code = {s.code: s for s in summaries}
    linked = str(st.query_params.get(LINK) or "").strip()
    if linked and linked not in by_code:
        st.error(NotFoundError(_shown_code(linked)).text(lg))
        linked = ""
    if not summaries:
        st.info(t("saved_none", lg))
        nav.link("vagval", t("memo_go_questions", lg), ":material/explore:")
    else:
        # The URL says which one is shown; picking another puts that one in the URL.
        if st.session_state.get(keys.SAVED_PICK) != (linked or None):
            st.session_state[keys.SAVED_PICK] = linked or None
        _table(rs, summaries, who, lg)
        st.selectbox(
            t("saved_pick", lg),
            list(by_code),
            key=keys.SAVED_PICK,
            index=None,
            placeholder=t("saved_pick_placeholder", lg),
            format_func=lambda c: (
                f"{by_code[c].title} · {saving.when(by_code[c].updated_at)} · {c}"
            ),
            on_change=lambda: _select(st.session_state[keys.SAVED_PICK]),
        )
        code = st.session_state.get(keys.SAVED_PICK)
        if code:
            _details(store, rs, code, who, lg)
    _bin(store, who, lg)
    _audit(store, who, lg)
