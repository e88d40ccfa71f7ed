"""Storage errors: each names what went wrong in the user's language, never a traceback."""

from __future__ import annotations

from typing import Any

from procurement.core.errors import VagvalError, escaped
from procurement.core.model.common import Lang
from procurement.core.texts import texts

__all__ = ["ConflictError", "NotFoundError", "StorageError"]

st_text = texts("storage")


class StorageError(VagvalError):
    """A database that cannot be used, or a record that cannot be saved or read.

    ``key`` is a text in data/texts/storage.yaml; ``str()`` is the Swedish text.
    """

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        self.field: str | None = params.get("field")
        super().__init__(self.text("sv"))

    def text(self, lang: Lang) -> str:
        """The message in ``lang``."""
        return st_text(self.key, lang, **self.params)


class NotFoundError(StorageError):
    """No saved assessment has the id or share code asked for (or it was deleted)."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        # The reference as typed, echoed escaped and cut (a link or an id can be anything).
        super().__init__("not_found", ref=escaped(ref))


class ConflictError(StorageError):
    """Someone saved the record after it was opened; the save would overwrite their work."""

    def __init__(self, expected: int, current: int) -> None:
        self.expected = expected
        self.current = current
        super().__init__("conflict", expected=expected, current=current)
