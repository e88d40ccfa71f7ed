"""What every page shares: the language, the cached rule sets, safe JSON uploads."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from procurement.clauses.library import ClauseLibrary
from procurement.core import json_input
from procurement.core.errors import InputError, shown
from procurement.core.limits import JSON_BYTES, shown_size
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.service import (
    Vagval,
    default_library,
    default_ruleset,
    default_supplier_ruleset,
)
from procurement.ui import keys
from procurement.ui.texts import t

__all__ = [
    "clause_library",
    "json_download",
    "lang",
    "read_json_upload",
    "route_rules",
    "supplier_rules",
    "vagval",
]


def lang() -> Lang:
    """The language chosen in the sidebar (Swedish by default)."""
    return "en" if st.session_state.get(keys.LANG) == "en" else "sv"


@st.cache_resource
def route_rules() -> RuleSet:
    """The route-assessment rules, loaded and validated once per server process."""
    return default_ruleset()


@st.cache_resource
def clause_library() -> ClauseLibrary:
    """The clause library, loaded and checked once per server process."""
    return default_library()


@st.cache_resource
def vagval() -> Vagval:
    """The front door with the rule sets and the clause library above, once per process."""
    return Vagval(route_rules(), supplier_rules(), clause_library())


@st.cache_resource
def supplier_rules() -> RuleSet:
    """The supplier-check rules, loaded and validated once per server process."""
    return default_supplier_ruleset()


def read_json_upload(upload: Any, lg: Lang) -> dict[str, Any]:
    """An uploaded facts JSON object; InputError when it is too large or not an object."""
    if upload.size > JSON_BYTES:
        raise InputError(upload.name, t("upload_too_large", lg, limit=shown_size(JSON_BYTES)))
    try:
        data = json_input.loads(upload.getvalue().decode("utf-8-sig"))
    except json_input.DuplicateKeyError as exc:
        raise InputError(upload.name, t("upload_duplicate_key", lg, name=shown(exc.key))) from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InputError(upload.name, t("upload_invalid_json", lg)) from None
    if not isinstance(data, dict):
        raise InputError(upload.name, t("upload_not_object", lg))
    return data


def json_download(
    label: str, data: Any, file_name: str, key: str, where: Any = st, **options: Any
) -> None:
    """A button that downloads ``data`` as readable UTF-8 JSON (the command line's format)."""
    where.download_button(
        label,
        json.dumps(data, ensure_ascii=False, indent=2),
        file_name=file_name,
        mime="application/json",
        key=key,
        **options,
    )
