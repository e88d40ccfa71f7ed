"""Sign-in's configuration for Streamlit: the organisation gives its OpenID Connect provider
either as Streamlit's ``[auth]`` secrets (``.streamlit/secrets.toml``) or as the
``VAGVAL_OIDC_*`` environment variables, which ``vagval-app`` writes into a secrets file of
its own (readable by its owner only, removed when the app stops)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from procurement.core.settings import Settings

__all__ = ["SECRETS_OPTION", "auth_secrets_toml", "secrets_options"]

SECRETS_OPTION = "--secrets.files"


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=True)


def auth_secrets_toml(settings: Settings) -> str:
    """Streamlit's ``[auth]`` section for the provider ``settings`` name (all four
    ``VAGVAL_OIDC_*`` variables set)."""
    lines = [
        "[auth]",
        f"redirect_uri = {_toml(settings.redirect_uri())}",
        f"cookie_secret = {_toml(settings.oidc_cookie_secret or '')}",
        f"client_id = {_toml(settings.oidc_client_id or '')}",
        f"client_secret = {_toml(settings.oidc_client_secret or '')}",
        f"server_metadata_url = {_toml(settings.oidc_metadata_url or '')}",
    ]
    return "\n".join(lines) + "\n"


@contextmanager
def secrets_options(settings: Settings) -> Iterator[tuple[str, ...]]:
    """``streamlit run``'s options for sign-in: none without the ``VAGVAL_OIDC_*``
    variables; else a private secrets file holding ``[auth]`` (mode 0600, in a directory of
    mode 0700, removed on leaving), named with ``--secrets.files``. The organisation's own
    ``.streamlit/secrets.toml`` in the working directory, if any, is read too (after it)."""
    if not settings.oidc_configured():
        yield ()
        return
    with tempfile.TemporaryDirectory(prefix="vagval-auth-") as folder:
        path = Path(folder) / "secrets.toml"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(auth_secrets_toml(settings))
        files = [str(path)]
        local = Path.cwd() / ".streamlit" / "secrets.toml"
        if local.is_file():
            files.append(str(local))
        yield tuple(x for f in files for x in (SECRETS_OPTION, f))
