"""The optional parts of Vägval (the extras of ``pip install "vagval[...]"``) and the one-line
message for a command whose part is not installed.

The core (assess, check-supplier, lint, coverage, diff, schema, catalogue, tree) needs only
pydantic, PyYAML and Babel; the other parts import their libraries when they are used.
"""

from __future__ import annotations

import importlib.util

from procurement.core.errors import VagvalError

__all__ = ["EXTRAS", "MissingExtraError", "require"]

# The top-level module of each optional library, and the extra that installs it.
EXTRAS: dict[str, str] = {
    "streamlit": "app",
    "docx": "memo",
    "reportlab": "memo",
    "sqlalchemy": "storage",
    "alembic": "storage",
    "psycopg": "storage",
    "pandas": "batch",
    "openpyxl": "batch",
}


class MissingExtraError(VagvalError, ImportError):
    """A command needs a library of an extra that is not installed. The command line reports
    it as one line (exit status 2), as every :class:`VagvalError`."""

    def __init__(self, extra: str, module: str) -> None:
        super().__init__(
            f"Vägval's '{extra}' extra is not installed (no module '{module}'): "
            f'pip install "vagval[{extra}]"',
            name=module,
        )
        self.extra = extra


def require(*modules: str) -> None:
    """Raise :class:`MissingExtraError` unless every one of ``modules`` can be imported."""
    for module in modules:
        if importlib.util.find_spec(module) is None:
            raise MissingExtraError(EXTRAS[module], module)
