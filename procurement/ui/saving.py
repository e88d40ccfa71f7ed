"""Saved assessments in the app: the store of this server process, the save panel, the share
link, and opening a saved assessment into this session.

Only the opaque share code ever goes into a URL; titles, notes and facts are never logged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from procurement.core.errors import InputError
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.documents.memo.choices import vet_choices
from procurement.storage import links
from procurement.storage.config import database_url
from procurement.storage.errors import ConflictError, NotFoundError, StorageError
from procurement.storage.links import SHARE_PAGE, SHARE_PARAM, base_url
from procurement.storage.principal import Principal
from procurement.storage.records import MAX_NOTES, MAX_TITLE, SavedAssessment
from procurement.storage.service import make_record, target_label
from procurement.storage.store import Store, open_store
from procurement.ui import auth, case, keys, nav
from procurement.ui.common import clause_library
from procurement.ui.memo_state import MemoDraft
from procurement.ui.plain import plain, plain_params, show_error
from procurement.ui.state import Answers, SavedRef
from procurement.ui.texts import t

__all__ = [
    "get_store",
    "open_saved",
    "opened_banner",
    "remember",
    "route_label",
    "save_panel",
    "share_link",
    "when",
]

SAVED_PAGE = SHARE_PAGE


# --- the store ---------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    """The store at ``url``, opened (and migrated) once per server process; a failure is not
    cached, so the next run tries again."""
    return open_store(url)


def get_store(lg: Lang) -> Store | None:
    """The store of this installation, or None after showing why it cannot be used."""
    try:
        return _store(database_url().render_as_string(hide_password=False))
    except StorageError as exc:
        st.error(exc.text(lg), icon=":material/database:")
        return None


# --- showing ------------------------------------------------------------------------------


def when(moment: dt.datetime) -> str:
    """A moment in the browser's time zone (UTC when unknown), to the minute."""
    zone: dt.tzinfo = dt.UTC
    try:
        name = st.context.timezone
    except Exception:  # no browser (a test run): UTC
        name = None
    if name:
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo(name)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def route_label(rs: RuleSet, target: str | None, lg: Lang) -> str:
    """The label of a recommended route (``route.variant``) as the loaded rules name it."""
    return target_label(rs, target, lg, t("saved_no_route", lg))


def _base_url() -> str:
    """The app's address: VAGVAL_BASE_URL, else the browser's without the page's path."""
    try:
        url = st.context.url
    except Exception:  # no browser (a test run): a relative link
        url = None
    browser = ""
    if url:
        parts = urlsplit(url)
        path = parts.path.rstrip("/")
        for page in nav.page_paths():
            if page and path.endswith(f"/{page}"):
                path = path.removesuffix(f"/{page}")
                break
        browser = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return base_url(fallback=browser)


def share_link(code: str) -> str:
    """The link that opens a saved assessment: only its opaque share code is in it."""
    base = _base_url()
    return links.share_link(code, base) if base else f"{SHARE_PAGE}?{SHARE_PARAM}={code}"


def opened_banner(lg: Lang) -> None:
    """Which saved assessment the session has open, if any, and what of its memo choices
    was left out when it was opened."""
    ref = keys.SAVED_REF.get()
    if ref is not None:
        st.info(
            t(
                "opened_banner",
                lg,
                title=plain(ref.title),
                saved=when(ref.updated_at),
                version=ref.ruleset_version,
            ),
            icon=":material/folder_open:",
        )
        for line in keys.SAVED_DROPPED.get() or ():
            st.warning(
                plain_params("saved_choices_dropped", lg, error=line), icon=":material/warning:"
            )


def _who(store: Store) -> Principal:
    """The user this session saves as (the save panel is shown only to one)."""
    who = auth.acting(store)
    if who is None:
        raise StorageError("admin_only")  # not reached: the panel asks to sign in first
    return who


# --- the session's saved assessment -------------------------------------------------------


def _fingerprint() -> str:
    """The session's answers and memo choices, to compare with what was saved."""
    ans = keys.ROUTE_ANSWERS.get() or Answers()
    draft = keys.MEMO_DRAFT.get() or MemoDraft()
    return json.dumps([ans.as_json(), draft.saved_choices()], sort_keys=True, default=str)


def remember(saved: SavedAssessment) -> None:
    """Make ``saved`` the assessment this session has open (the next save updates it); the
    session's answers and choices are what it holds."""
    keys.SAVED_REF.set(SavedRef.of(saved, _fingerprint()))
    keys.SAVE_FORM.set({"title": saved.title, "notes": saved.notes})
    keys.SAVE_PROBLEM.pop()
    keys.SAVED_DROPPED.pop()
    for key in (keys.SAVE_TITLE, keys.SAVE_NOTES, keys.SAVE_NOTES_SHOWN):
        st.session_state.pop(key, None)


def renamed(saved: SavedAssessment, before: int) -> None:
    """After ``saved`` was renamed from revision ``before``: if this session has it open at
    that revision, follow it (only the title changed)."""
    ref = keys.SAVED_REF.get()
    if ref is not None and ref.id == saved.id and ref.revision == before:
        keys.SAVED_REF.set(
            replace(ref, revision=saved.revision, title=saved.title, updated_at=saved.updated_at)
        )
        keys.SAVE_FORM.get_or(dict)["title"] = saved.title
        st.session_state.pop(keys.SAVE_TITLE, None)


def deleted(ident: str) -> None:
    """After a saved assessment was deleted: if this session had it open, it no longer has."""
    ref = keys.SAVED_REF.get()
    if ref is not None and ref.id == ident:
        keys.SAVED_REF.pop()


def open_saved(rs: RuleSet, saved: SavedAssessment, lg: Lang) -> bool:
    """Load a saved assessment's answers and memo choices into this session (replacing the
    unsaved ones); False after showing why its facts no longer fit the rules. Memo choices
    that today's rules or clause library do not know are left out, each named in a line
    shown while the assessment is open (see :func:`opened_banner`)."""
    try:
        case.load_answers(rs, saved.facts, lg)
    except InputError as exc:
        show_error(exc, lg, "saved_open_error")
        return False
    choices, dropped = vet_choices(rs, clause_library(), saved.choices, lg)
    keys.MEMO_DRAFT.set(MemoDraft.from_choices(choices))
    remember(saved)
    if dropped:
        keys.SAVED_DROPPED.set(tuple(str(problem) for problem in dropped))
    return True


# --- the save panel -----------------------------------------------------------------------


def _bound(key: str, initial: str, field: str) -> Callable[[], None]:
    """Give a widget its value from the form when Streamlit has forgotten it; the callback
    that keeps the form up to date."""
    if key not in st.session_state:
        st.session_state[key] = initial

    def store() -> None:
        keys.SAVE_FORM.get_or(dict)[field] = st.session_state[key]

    return store


def _notes() -> str:
    """The notes: as typed (kept while their field is folded away), else the open
    assessment's."""
    if keys.SAVE_NOTES in st.session_state:
        return str(st.session_state[keys.SAVE_NOTES] or "")
    form = keys.SAVE_FORM.get() or {}
    ref = keys.SAVED_REF.get()
    return str(form.get("notes", ref.notes if ref else "") or "")


def _save(rs: RuleSet, ans: Answers, store: Store, lg: Lang, as_new: bool) -> None:
    """Save the answers and the memo choices: update the open assessment (at its revision)
    or create a new one; on success, rerun to show the share link."""
    title = str(st.session_state.get(keys.SAVE_TITLE) or "")
    notes = _notes()
    if not title.strip():
        st.error(t("save_title_required", lg))
        return
    draft = keys.MEMO_DRAFT.get() or MemoDraft()
    ref = keys.SAVED_REF.get()
    try:
        record = make_record(
            rs, title, ans.as_json(), draft.saved_choices(), notes, lg, clause_library()
        )
        if ref is not None and not as_new:
            saved = store.update(ref.code, record, ref.revision, who=_who(store))
        else:
            saved = store.create(record, who=_who(store))
    except InputError as exc:
        show_error(exc, lg, "save_invalid")
        return
    except (ConflictError, NotFoundError) as exc:
        keys.SAVE_PROBLEM.set(exc)
        return
    except StorageError as exc:
        if exc.key == "not_owner":  # shared with this user, not theirs: save a copy instead
            keys.SAVE_PROBLEM.set(exc)
        else:
            st.error(exc.text(lg))
        return
    remember(saved)
    keys.SAVE_DONE.set(saved.code)
    st.rerun()


def _problem(rs: RuleSet, ans: Answers, store: Store, lg: Lang) -> None:
    """The last save's conflict or missing assessment, with the ways out."""
    problem = keys.SAVE_PROBLEM.get()
    if problem is None:
        return
    st.error(problem.text(lg))
    c1, c2 = st.columns(2)
    if c1.button(t("save_as_new", lg), key=keys.SAVE_PROBLEM_AS_NEW, icon=":material/add:"):
        _save(rs, ans, store, lg, as_new=True)
    if isinstance(problem, ConflictError):
        st.warning(t("save_latest_drops", lg), icon=":material/warning:")
        if c2.button(t("save_open_latest", lg), key=keys.SAVE_OPEN_LATEST):
            ref = keys.SAVED_REF.get()
            try:
                latest = store.get(ref.code if ref else "", who=_who(store))
            except StorageError as exc:
                st.error(exc.text(lg))
                return
            if open_saved(rs, latest, lg):
                st.rerun()
    elif isinstance(problem, NotFoundError):
        st.caption(t("save_deleted_hint", lg))


def save_panel(rs: RuleSet, ans: Answers, lg: Lang) -> None:
    """Save the answers and the memo choices under a title, with notes; the questionnaire
    and the memo keep working when the database cannot be used."""
    with st.container(border=True, key=keys.SAVE_PANEL):
        st.markdown(f"**{t('save_heading', lg)}**")
        store = get_store(lg)
        if store is None:
            return
        if auth.acting(store) is None:
            # With sign-in configured, saving is for those who have signed in.
            st.caption(texts("access")("sign_in_to_save", lg))
            auth.sign_in_button(lg, keys.SIGN_IN.key("save"))
            return
        ref = keys.SAVED_REF.get()
        form = keys.SAVE_FORM.get_or(dict)
        draft = keys.MEMO_DRAFT.get() or MemoDraft()
        default_title = (
            form.get("title") or (ref.title if ref else "") or (draft.details.get("title") or "")
        )
        on_title = _bound(keys.SAVE_TITLE, default_title, "title")
        st.text_input(
            t("save_title", lg), key=keys.SAVE_TITLE, max_chars=MAX_TITLE, on_change=on_title
        )
        notes = _notes()
        # Folded away unless there are notes: the panel stays small beside the questions.
        if st.toggle(t("save_notes", lg), value=bool(notes), key=keys.SAVE_NOTES_SHOWN):
            on_notes = _bound(keys.SAVE_NOTES, notes, "notes")
            st.text_area(
                t("save_notes", lg),
                key=keys.SAVE_NOTES,
                max_chars=MAX_NOTES,
                help=t("save_notes_help", lg),
                on_change=on_notes,
                label_visibility="collapsed",
            )
        if ref is not None:
            st.caption(t("save_updates", lg, title=plain(ref.title)))
        if not ans.facts:
            st.caption(t("save_need_answers", lg))
        c1, c2 = st.columns(2)
        save = c1.button(
            t("save_button", lg),
            key=keys.SAVE_BUTTON,
            type="primary",
            icon=":material/save:",
            disabled=not ans.facts,
        )
        as_new = c2.button(
            t("save_as_new", lg),
            key=keys.SAVE_AS_NEW,
            icon=":material/add:",
            disabled=not ans.facts,
        )
        if save or as_new:
            keys.SAVE_PROBLEM.pop()
            keys.SAVE_DONE.pop()
            _save(rs, ans, store, lg, as_new=as_new)
        _problem(rs, ans, store, lg)
        if ref is None or keys.SAVE_PROBLEM.get() is not None:
            return
        if ref.fingerprint != _fingerprint():
            st.caption(t("save_unsaved_changes", lg))
        elif keys.SAVE_DONE.get() == ref.code:
            st.success(t("save_done", lg, title=plain(ref.title)), icon=":material/check:")
            st.caption(t("share_link", lg))
            st.code(share_link(ref.code), language=None)
            nav.link(SAVED_PAGE, t("save_to_list", lg), ":material/folder_open:")
