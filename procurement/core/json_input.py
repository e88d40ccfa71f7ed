"""JSON a user gives (a case, a supplier, memo choices): read strictly, so that an object
with the same key twice is refused, naming the key, instead of the last one silently
winning."""

from __future__ import annotations

import json
from typing import Any

from procurement.core.errors import shown

__all__ = ["DuplicateKeyError", "loads"]


class DuplicateKeyError(ValueError):
    """A JSON object holds the same key twice; ``key`` is that key."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"the key {shown(key)} appears twice in one object")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(key)
        result[key] = value
    return result


def loads(text: str) -> Any:
    """``json.loads`` that refuses an object with a duplicate key (:class:`DuplicateKeyError`,
    a ``ValueError`` like every other JSON error)."""
    return json.loads(text, object_pairs_hook=_object)
