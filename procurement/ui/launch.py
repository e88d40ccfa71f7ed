"""``vagval-app``: serve the installed app with Streamlit (``streamlit run`` on the package's
own script), passing every argument to Streamlit, e.g. ``vagval-app --server.port 8080``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from procurement.core.extras import MissingExtraError, require

__all__ = ["SCRIPT", "main", "serve"]

# Alone in its folder, which Streamlit puts on sys.path (see script/__init__.py).
SCRIPT = Path(__file__).resolve().parent / "script" / "streamlit_app.py"


def serve(args: Sequence[str] = ()) -> int:
    """Run the Streamlit server until it is stopped; ``args`` are ``streamlit run``'s options.

    Raise :class:`~procurement.core.extras.MissingExtraError` without the ``app`` extra."""
    require("streamlit")
    from streamlit.web import cli as streamlit_cli

    # The function behind Streamlit's own console script; it ends with SystemExit.
    streamlit_cli.main(args=["run", str(SCRIPT), *args], prog_name="streamlit")
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
