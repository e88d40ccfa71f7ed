"""Om Vägval: what it is for, its limits, how current its rules are, and what it stores about
whom and for how long; a signed-in user downloads (JSON) or erases what is theirs."""

from __future__ import annotations

import json

import streamlit as st

from procurement.core.model.common import Lang
from procurement.core.settings import DEFAULT_AUDIT_DAYS, DEFAULT_TRASH_DAYS
from procurement.core.texts import texts
from procurement.storage.errors import StorageError
from procurement.storage.store import Store
from procurement.ui import auth, keys, saving
from procurement.ui.common import lang, route_rules
from procurement.ui.texts import t

__all__ = ["page"]

a_text = texts("access")


def _your_data(store: Store, lg: Lang) -> None:
    """Download or erase everything stored about the user (signed in, or the local user)."""
    st.subheader(a_text("privacy_yours", lg))
    who = auth.acting(store)
    if who is None:
        st.caption(a_text("privacy_sign_in", lg))
        auth.sign_in_button(lg, keys.SIGN_IN.key("about"))
        return
    if st.button(a_text("export_prepare", lg), key=keys.MY_DATA_GATHER, icon=":material/download:"):
        try:
            data = store.export_mine(who=who)
        except StorageError as exc:
            st.error(exc.text(lg))
        else:
            keys.MY_DATA.set(json.dumps(data, ensure_ascii=False, indent=2))
    gathered = keys.MY_DATA.get()
    if gathered:
        st.download_button(
            a_text("export_download", lg),
            gathered.encode("utf-8"),
            file_name="vagval-mina-data.json" if lg == "sv" else "vagval-my-data.json",
            mime="application/json",
            key=keys.MY_DATA_DOWNLOAD,
        )
    sure = st.checkbox(a_text("erase_confirm", lg), key=keys.MY_DATA_ERASE_CONFIRM)
    if st.button(a_text("erase_button", lg), key=keys.MY_DATA_ERASE, disabled=not sure):
        try:
            count = store.erase_mine(who=who)
        except StorageError as exc:
            st.error(exc.text(lg))
        else:
            keys.MY_DATA.pop()
            keys.SAVED_REF.pop()
            st.success(a_text("erased", lg, count=count, audit_days=store.audit_days))


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
    st.header(a_text("privacy_heading", lg))
    store = saving.get_store(lg)
    trash_days = store.trash_days if store else DEFAULT_TRASH_DAYS
    audit_days = store.audit_days if store else DEFAULT_AUDIT_DAYS
    st.markdown(a_text("privacy_body", lg, trash_days=trash_days, audit_days=audit_days))
    if store is not None:
        _your_data(store, lg)
