"""Share links: the app's address with the saved assessment's opaque code, nothing else."""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["DEFAULT_BASE_URL", "SHARE_PAGE", "SHARE_PARAM", "base_url", "share_link"]

SHARE_PAGE = "sparade"
SHARE_PARAM = "b"
# Where scripts/run.sh serves the app (Streamlit's default port).
DEFAULT_BASE_URL = "http://localhost:8501"


def base_url(env: Mapping[str, str] = os.environ, fallback: str = DEFAULT_BASE_URL) -> str:
    """The installation's public address: ``VAGVAL_BASE_URL`` when set, else ``fallback``."""
    return (env.get("VAGVAL_BASE_URL", "").strip() or fallback).rstrip("/")


def share_link(code: str, base: str | None = None) -> str:
    """The link that opens the saved assessment ``code`` in the app at ``base``."""
    return f"{(base or base_url()).rstrip('/')}/{SHARE_PAGE}?{SHARE_PARAM}={code}"
