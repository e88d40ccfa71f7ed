"""Share links: the app's address with the saved assessment's opaque code, nothing else."""

from __future__ import annotations

from collections.abc import Mapping

from procurement.core.settings import DEFAULT_BASE_URL, Settings

__all__ = ["DEFAULT_BASE_URL", "SHARE_PAGE", "SHARE_PARAM", "base_url", "share_link"]

SHARE_PAGE = "sparade"
SHARE_PARAM = "b"


def base_url(env: Mapping[str, str] | None = None, fallback: str = DEFAULT_BASE_URL) -> str:
    """The installation's public address: ``VAGVAL_BASE_URL`` when set (in ``env``, default
    this process's environment), else ``fallback``."""
    return (Settings.from_env(env).base_url or fallback).rstrip("/")


def share_link(code: str, base: str | None = None) -> str:
    """The link that opens the saved assessment ``code`` in the app at ``base``."""
    return f"{(base or base_url()).rstrip('/')}/{SHARE_PAGE}?{SHARE_PARAM}={code}"
