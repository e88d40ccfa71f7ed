"""A small cache that many sessions may share: one value per key, made once under a lock.

A rule set is loaded once and shared by every session of the app (and every thread of a
server). What it caches for them – the amounts as they stand on a date – must neither be
changed by one session under another's feet nor grow without bound; this is that cache.
The values it holds are meant to be read-only (e.g. a ``MappingProxyType``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["SharedCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SharedCache(Generic[K, V]):
    """At most ``size`` values, the least recently used dropped first."""

    def __init__(self, size: int = 64) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The value for ``key``, made by ``make()`` the first time (and kept)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            value = make()
            self._items[key] = value
            if len(self._items) > self._size:
                self._items.popitem(last=False)
            return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __repr__(self) -> str:
        return f"SharedCache({len(self)}/{self._size})"
