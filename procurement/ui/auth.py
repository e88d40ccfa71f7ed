"""Who is using the app: with sign-in configured (Streamlit's ``[auth]`` secrets, OpenID
Connect through ``st.login``), the signed-in user, or nobody; without it, the one local user of
an installation for one person on one machine, who is its administrator too.

A visitor who has not signed in sees nothing saved: every page that shows saved work asks
:func:`acting` and shows a sign-in button when it gives None.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from procurement.core.model.common import Lang
from procurement.core.settings import Settings
from procurement.core.texts import texts
from procurement.storage.errors import StorageError
from procurement.storage.principal import LOCAL, Principal, principal_from_claims
from procurement.storage.store import Store
from procurement.ui import keys
from procurement.ui.plain import plain

__all__ = ["LOCAL_USER", "account_box", "acting", "configured", "sign_in_button", "signed_in"]

a_text = texts("access")

# The one user of an installation without sign-in: owns what is saved there and administers it.
LOCAL_USER = replace(LOCAL, admin=True)


def configured() -> bool:
    """Whether the installation asks users to sign in: an ``[auth]`` section in Streamlit's
    secrets with the address to come back to and the cookie's secret."""
    try:
        section: Any = st.secrets.get("auth")
    except Exception:  # no secrets file, or one that is not TOML: no sign-in
        return False
    if not section:
        return False
    return "redirect_uri" in section and "cookie_secret" in section


def signed_in() -> Principal | None:
    """The signed-in user, as the identity provider's claims and the installation's settings
    (team claim, administrators) make them; None when nobody is signed in."""
    try:
        if not st.user.is_logged_in:
            return None
        claims = st.user.to_dict()
    except Exception:  # no browser session (a test run without one): nobody
        return None
    settings = Settings.from_env()
    return principal_from_claims(
        claims, settings.team_claim, settings.admins(), settings.admin_team
    )


def acting(store: Store | None) -> Principal | None:
    """The user this session acts as: the local user without sign-in; with it, the signed-in
    user (recorded in the store once per session, so that others can share with them), or
    None."""
    if not configured():
        return LOCAL_USER
    who = signed_in()
    if who is not None and store is not None and keys.SIGNED_IN_AS.get() != who.key:
        try:
            store.signed_in(who)
        except StorageError:
            pass  # the page that uses the store says what is wrong with it
        else:
            keys.SIGNED_IN_AS.set(who.key)
    return who


def sign_in_button(lg: Lang, key: str) -> None:
    """A button that starts signing in with the organisation's identity provider."""
    if st.button(a_text("sign_in", lg), key=key, type="primary", icon=":material/login:"):
        try:
            st.login()
        except Exception as exc:  # a configuration Streamlit refuses: one line
            name = type(exc).__name__
            st.error(a_text("sign_in_failed", lg, error=name), icon=":material/error:")


def account_box(lg: Lang) -> None:
    """In the sidebar: who is signed in, with a button to sign out; or a button to sign in.
    Nothing without sign-in configured."""
    if not configured():
        return
    who = signed_in()
    if who is None:
        st.caption(a_text("signed_out_hint", lg))
        sign_in_button(lg, keys.SIGN_IN_SIDEBAR)
        return
    st.caption(a_text("signed_in_as", lg, name=plain(who.label())))
    if st.button(a_text("sign_out", lg), key=keys.SIGN_OUT, icon=":material/logout:"):
        keys.SIGNED_IN_AS.pop()
        st.logout()
