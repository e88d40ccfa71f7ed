"""Every key the app gives Streamlit, defined once: what the session keeps, and the widgets.

Two kinds:

- **Slots**: values the app itself keeps in ``st.session_state`` between runs (the answers,
  the memo draft, the saved assessment that is open …). Each is a :class:`Slot` with the type
  of its value, read and written through it.
- **Widget keys**: the ``key=`` of a widget or container (Streamlit keeps a widget's value
  under it). Plain names, and prefixes for the keys made per fact, clause or scenario. The
  widgets of one case (the questionnaire's, the value calculator's, the memo's) share
  prefixes so that loading another case can forget them all (:data:`CASE_WIDGETS`).

The values are part of the app's behaviour (tests address widgets by them): change one only
with its tests. Nothing here imports a page, so that pages, ``saving`` and ``nav`` can all
take their keys from here.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import streamlit as st

from procurement.storage.errors import StorageError
from procurement.ui.memo_state import MemoDraft
from procurement.ui.state import Answers, SavedRef

if TYPE_CHECKING:
    from procurement.ui.batch_run import BatchOutcome

__all__ = [
    "CALC",
    "CALC_USE",
    "CASE_WIDGETS",
    "CHECK_CARD",
    "FOCUS_BOX",
    "FOCUS_REQUEST",
    "FOCUS_SERVED",
    "IMPORTED",
    "IMPORTED_FILE",
    "LANG",
    "MEMO",
    "MEMO_CLAUSE_BOX",
    "MEMO_DOWNLOAD",
    "MEMO_DRAFT",
    "MEMO_ROUTE",
    "MEMO_SAVE_CHOICES",
    "MEMO_UPLOAD",
    "MEMO_UPLOADED",
    "MY_DATA",
    "MY_DATA_DOWNLOAD",
    "MY_DATA_ERASE",
    "MY_DATA_ERASE_CONFIRM",
    "MY_DATA_GATHER",
    "PAGES",
    "ROUTE",
    "ROUTE_ANSWERS",
    "ROUTE_BACK",
    "ROUTE_CARD",
    "ROUTE_DOWNLOAD_JSON",
    "ROUTE_DOWNLOAD_MD",
    "ROUTE_EXAMPLE",
    "ROUTE_EXAMPLE_LOAD",
    "ROUTE_EXPORT",
    "ROUTE_IMPORT",
    "ROUTE_NEXT",
    "ROUTE_RESTART",
    "RULES_SEARCH",
    "SAVE",
    "SAVED_ADMIN_DELETE",
    "SAVED_ADMIN_DELETE_ID",
    "SAVED_AUDITED",
    "SAVED_BIN_EVERYONE",
    "SAVED_CONFIRM",
    "SAVED_DELETE",
    "SAVED_DETAILS",
    "SAVED_DROPPED",
    "SAVED_DUPLICATE",
    "SAVED_FLASH",
    "SAVED_OPEN",
    "SAVED_PICK",
    "SAVED_REF",
    "SAVED_RENAME",
    "SAVED_RESTORE",
    "SAVED_SHARE_EMAIL",
    "SAVED_SHARE_TEAM",
    "SAVED_SHARE_TEAM_PICK",
    "SAVED_SHARE_USER",
    "SAVED_TITLE",
    "SAVED_UNSHARE",
    "SAVE_AS_NEW",
    "SAVE_BUTTON",
    "SAVE_DONE",
    "SAVE_FORM",
    "SAVE_NOTES",
    "SAVE_NOTES_SHOWN",
    "SAVE_OPEN_LATEST",
    "SAVE_PANEL",
    "SAVE_PROBLEM",
    "SAVE_PROBLEM_AS_NEW",
    "SAVE_TITLE",
    "SEMINAR",
    "SEMINAR_HANDOUT_MD",
    "SEMINAR_HANDOUT_PDF",
    "SEMINAR_REVEAL",
    "SEMINAR_REVEALED",
    "SEMINAR_SCENARIO",
    "SEMINAR_TREE_SVG",
    "SEMINAR_VOTE",
    "SEMINAR_VOTES",
    "SEMINAR_WHAT_IF",
    "SIGNED_IN_AS",
    "SIGN_IN",
    "SIGN_IN_SIDEBAR",
    "SIGN_OUT",
    "STEP_TOTAL",
    "SUPPLIER",
    "SUPPLIER_ANSWERS",
    "SUPPLIER_BATCH",
    "SUPPLIER_DOWNLOAD",
    "SUPPLIER_EXPORT",
    "SUPPLIER_TABLE",
    "SUPPLIER_TABLE_CSV",
    "SUPPLIER_TABLE_XLSX",
    "WHAT_IF_RESULT",
    "Slot",
    "written_in",
]

T = TypeVar("T")
State = MutableMapping[str, Any]


@dataclass(frozen=True)
class Slot(Generic[T]):
    """A value of type ``T`` that the session keeps under ``key``.

    Each method works on ``st.session_state``, or on ``state`` when given (a plain dict in
    tests).
    """

    key: str

    def get(self, state: State | None = None) -> T | None:
        """The value, or None when there is none."""
        return _session(state).get(self.key)

    def get_or(self, make: Callable[[], T], state: State | None = None) -> T:
        """The value; made with ``make()`` and kept on first use."""
        found = _session(state)
        if self.key not in found:
            found[self.key] = make()
        value: T = found[self.key]
        return value

    def set(self, value: T, state: State | None = None) -> None:
        """Keep ``value``."""
        _session(state)[self.key] = value

    def pop(self, state: State | None = None) -> T | None:
        """Forget the value; the value it had (None when there was none)."""
        value: T | None = _session(state).pop(self.key, None)
        return value


def _session(state: State | None) -> State:
    return st.session_state if state is None else state  # type: ignore[return-value]


# --- what the session keeps -------------------------------------------------------------------

# The interface language, "sv" or "en": the sidebar's switch (a widget key as well).
LANG: Final = "lang"
# The navigation's pages by URL path (procurement.ui.nav).
PAGES: Final[Slot[dict[str, Any]]] = Slot("_vagval_pages")
# The answers of the questionnaire and of the supplier check, apart from the widgets.
ROUTE_ANSWERS: Final[Slot[Answers]] = Slot("route_answers")
SUPPLIER_ANSWERS: Final[Slot[Answers]] = Slot("supplier_answers")
# The supplier page's last batch (procurement.ui.batch_run): the upload and language it ran
# for, and its outcome (kept so that a rerun, a download's click, does not run it again).
SUPPLIER_BATCH: Final[Slot[tuple[str, BatchOutcome]]] = Slot("supplier_batch_result")
# The questionnaire: focus requests (Next, Back …) and the last one served; the number of
# steps last counted (kept while the answers cannot be assessed).
FOCUS_REQUEST: Final[Slot[int]] = Slot("route_focus_request")
FOCUS_SERVED: Final[Slot[int]] = Slot("route_focus_served")
STEP_TOTAL: Final[Slot[int]] = Slot("route_step_total")
# Answers were loaded from a file or an example (said on the next run); the last file read.
IMPORTED: Final[Slot[bool]] = Slot("route_imported")
IMPORTED_FILE: Final[Slot[str]] = Slot("imported_id")
# The memo step's choices, and the last choices file read.
MEMO_DRAFT: Final[Slot[MemoDraft]] = Slot("memo_draft")
MEMO_UPLOADED: Final[Slot[str]] = Slot("memo_uploaded")
# The saved assessment this session has open; the title and notes typed (kept while their
# widgets come and go); the last save's conflict or not-found error; the share code of the
# assessment just saved.
SAVED_REF: Final[Slot[SavedRef]] = Slot("saved_ref")
# What was left out of the open saved assessment's memo choices (today's rules or clause
# library do not know it), one line each, shown while it is open.
SAVED_DROPPED: Final[Slot[tuple[str, ...]]] = Slot("saved_dropped")
SAVE_FORM: Final[Slot[dict[str, str]]] = Slot("save_form")
SAVE_PROBLEM: Final[Slot[StorageError]] = Slot("save_problem")
SAVE_DONE: Final[Slot[str]] = Slot("save_done")
# The saved assessments' page: the one picked (a widget key as well), and the message (a text
# key and its parameters) to show after the rerun that follows an action.
SAVED_PICK: Final = "saved_pick"
SAVED_FLASH: Final[Slot[tuple[str, dict[str, Any]]]] = Slot("saved_flash")
# The seminar: the room's votes per scenario and option (kept when the widgets are dropped
# for another scenario), and the scenarios whose answer is shown.
SEMINAR_VOTES: Final[Slot[dict[str, dict[str, int]]]] = Slot("sem_votes")
SEMINAR_REVEALED: Final[Slot[set[str]]] = Slot("sem_revealed")


# --- widget keys --------------------------------------------------------------------------------


class _Prefix(str):
    """A widget key prefix; ``prefix.key("a", "b")`` is ``prefix + "a:b"``."""

    __slots__ = ()

    def key(self, *parts: str) -> str:
        """The key of one widget under this prefix."""
        return self + ":".join(parts)


# The questionnaire's fact widgets ("route:<fact>") and its buttons and files.
ROUTE: Final = _Prefix("route:")
ROUTE_BACK: Final = "back"
ROUTE_NEXT: Final = "next"
ROUTE_RESTART: Final = "restart"
ROUTE_EXPORT: Final = "export_facts"
ROUTE_IMPORT: Final = "import_facts"
ROUTE_EXAMPLE: Final = "example_pick"
ROUTE_EXAMPLE_LOAD: Final = "example_load"
ROUTE_DOWNLOAD_JSON: Final = "download_json"
ROUTE_DOWNLOAD_MD: Final = "download_md"
# The value calculator's fields ("calc:base" …) and its button.
CALC: Final = _Prefix("calc:")
CALC_USE: Final = CALC.key("use")
# The memo step: "memo:route", "memo:route_reason", "memo:var:<clause>:<variable>",
# "memo:take:<clause>", "memo:detail:<name>"; its files and downloads.
MEMO: Final = _Prefix("memo:")
MEMO_ROUTE: Final = MEMO.key("route")
MEMO_SAVE_CHOICES: Final = "memo_save_choices"
MEMO_UPLOAD: Final = "memo_upload"
MEMO_DOWNLOAD: Final = _Prefix("memo_download_")  # + "docx", "pdf"
MEMO_CLAUSE_BOX: Final = _Prefix("clause_")  # + clause id: the clause's container
# The widgets of one case: forgotten when another case is loaded.
CASE_WIDGETS: Final = (ROUTE, CALC, MEMO)
# The save panel: title and notes ("save:title" …) and its buttons.
SAVE: Final = _Prefix("save:")
SAVE_TITLE: Final = SAVE.key("title")
SAVE_NOTES: Final = SAVE.key("notes")
SAVE_NOTES_SHOWN: Final = SAVE.key("notes_shown")
SAVE_PANEL: Final = "save_panel"
SAVE_BUTTON: Final = "save"
SAVE_AS_NEW: Final = "save_new"
SAVE_PROBLEM_AS_NEW: Final = "save_problem_new"
SAVE_OPEN_LATEST: Final = "save_open_latest"
# The saved assessments' page.
SAVED_OPEN: Final = "saved_open"
SAVED_DUPLICATE: Final = "saved_duplicate"
SAVED_TITLE: Final = _Prefix("saved_title:")  # + share code
SAVED_RENAME: Final = "saved_rename"
SAVED_CONFIRM: Final = _Prefix("saved_confirm:")  # + share code
SAVED_DELETE: Final = "saved_delete"
SAVED_DETAILS: Final = "saved_details"
# The supplier check: its fact widgets ("supplier:<fact>"), the answers' and the report's
# downloads, and the table upload with its results.
SUPPLIER: Final = _Prefix("supplier:")
SUPPLIER_EXPORT: Final = "supplier_export"
SUPPLIER_DOWNLOAD: Final = "supplier_download"
SUPPLIER_TABLE: Final = "supplier_batch"
SUPPLIER_TABLE_CSV: Final = "batch_csv"
SUPPLIER_TABLE_XLSX: Final = "batch_xlsx"
# The seminar: "sem:scenario", "sem:reveal", "sem:vote:<scenario>:<option>",
# "sem:whatif:<scenario>:<fact>"; its downloads.
SEMINAR: Final = _Prefix("sem:")
SEMINAR_SCENARIO: Final = SEMINAR.key("scenario")
SEMINAR_REVEAL: Final = SEMINAR.key("reveal")
SEMINAR_VOTE: Final = _Prefix(SEMINAR.key("vote:"))
SEMINAR_WHAT_IF: Final = _Prefix(SEMINAR.key("whatif:"))
SEMINAR_HANDOUT_MD: Final = "sem_handout_md"
SEMINAR_HANDOUT_PDF: Final = "sem_handout_pdf"
SEMINAR_TREE_SVG: Final = "sem_tree_svg"
# The rules page's search field.
RULES_SEARCH: Final = "rules_search"
# Containers of a result (a prefix tells two results on one page apart): "route_<id>" per
# route card, "check_<id>" per supplier check; the what-if result's prefix.
ROUTE_CARD: Final = _Prefix("route_")
CHECK_CARD: Final = _Prefix("check_")
WHAT_IF_RESULT: Final = "whatif_"
# The container that carries the script focusing a heading, one per request.
FOCUS_BOX: Final = _Prefix("vagval_focus_")


def written_in(key: str) -> str:
    """The key that remembers in which language the number field ``key`` was written."""
    return f"{key}:lang"


# --- sign-in, sharing, the bin, the audit log and personal data (issue 16) ----------------------

# The signed-in user this session has recorded in the store ("issuer subject").
SIGNED_IN_AS: Final[Slot[str]] = Slot("signed_in_as")
# The share codes whose opening this session has written to the audit log.
SAVED_AUDITED: Final[Slot[set[str]]] = Slot("saved_audited")
# What the about page gathered for the user to download (JSON text).
MY_DATA: Final[Slot[str]] = Slot("my_data")
SIGN_IN: Final = _Prefix("sign_in:")  # + where: "sidebar", "saved", "save", "about"
SIGN_IN_SIDEBAR: Final = SIGN_IN.key("sidebar")
SIGN_OUT: Final = "sign_out"
SAVED_SHARE_EMAIL: Final = _Prefix("saved_share_email:")  # + share code
SAVED_SHARE_USER: Final = "saved_share_user"
SAVED_SHARE_TEAM_PICK: Final = _Prefix("saved_share_team:")  # + share code
SAVED_SHARE_TEAM: Final = "saved_share_team_button"
SAVED_UNSHARE: Final = _Prefix("saved_unshare:")  # + kind:grantee
SAVED_RESTORE: Final = _Prefix("saved_restore:")  # + id
SAVED_BIN_EVERYONE: Final = "saved_bin_everyone"
SAVED_ADMIN_DELETE_ID: Final = "saved_admin_delete_id"
SAVED_ADMIN_DELETE: Final = "saved_admin_delete"
MY_DATA_GATHER: Final = "my_data_gather"
MY_DATA_DOWNLOAD: Final = "my_data_download"
MY_DATA_ERASE_CONFIRM: Final = "my_data_erase_confirm"
MY_DATA_ERASE: Final = "my_data_erase"
