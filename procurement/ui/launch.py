"""``vagval-app``: serve the installed app with Streamlit (``streamlit run`` on the package's
own script), passing every argument to Streamlit, e.g. ``vagval-app --server.port 8080``.

An installed app has no ``.streamlit/config.toml`` beside it, so its settings are passed
here (:data:`OPTIONS`: the upload limit from procurement/core/limits.py, no usage
statistics sent by the browser, no error details (tracebacks) shown to visitors, and the
viewer's toolbar); an argument given to ``vagval-app`` comes after them and wins."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from procurement.core.extras import MissingExtraError, require
from procurement.core.limits import UPLOAD_MB

__all__ = ["OPTIONS", "SCRIPT", "UPLOAD_OPTIONS", "main", "serve"]

# Alone in its folder, which Streamlit puts on sys.path (see script/__init__.py).
SCRIPT = Path(__file__).resolve().parent / "script" / "streamlit_app.py"
# Streamlit's own limit on an upload, in MB: the largest file the app reads.
UPLOAD_OPTIONS = ("--server.maxUploadSize", str(UPLOAD_MB))
# Every setting of the checkout's .streamlit/config.toml (tests/test_install.py checks this).
OPTIONS = (
    *UPLOAD_OPTIONS,
    "--browser.gatherUsageStats",
    "false",
    "--client.showErrorDetails",
    "false",
    "--client.toolbarMode",
    "viewer",
)


def serve(args: Sequence[str] = ()) -> int:
    """Run the Streamlit server until it is stopped; ``args`` are ``streamlit run``'s options.

    Raise :class:`~procurement.core.extras.MissingExtraError` without the ``app`` extra."""
    require("streamlit")
    from streamlit.web import cli as streamlit_cli

    # The function behind Streamlit's own console script; it ends with SystemExit.
    from procurement.core.settings import Settings
    from procurement.ui.auth_config import secrets_options

    # Sign-in from the VAGVAL_OIDC_* variables: a private secrets file while the app runs.
    with secrets_options(Settings.from_env()) as secrets:
        run = ["run", str(SCRIPT), *OPTIONS, *secrets, *args]
        streamlit_cli.main(args=run, prog_name="streamlit")
    return 0


def main() -> int:
    """The ``vagval-app`` command: :func:`serve` with the command's arguments; without the
    ``app`` extra, one line naming it (exit status 2)."""
    try:
        return serve(sys.argv[1:])
    except MissingExtraError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
