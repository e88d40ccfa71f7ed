"""Reading within the limits of :mod:`procurement.core.limits`, and their messages.

:func:`read_limited` is how every file a user gives is read; :func:`limit_message` gives a
limit's message from ``data/texts/limits.yaml`` in Swedish or English, its numbers shown as
people read them. (Apart from ``limits.py``, which the rules' reader imports and which must
therefore not import the text catalogues.)
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from procurement.core.errors import InputError
from procurement.core.limits import MB, shown_count, shown_size
from procurement.core.model.common import Lang
from procurement.core.texts import texts

__all__ = ["larger_than", "limit_message", "read_limited"]

_T = texts("limits")


def limit_message(key: str, lang: Lang = "en", **values: object) -> str:
    """The message ``key`` of ``data/texts/limits.yaml`` in ``lang``, its ``{limit}`` and
    other numbers shown as :func:`~procurement.core.limits.shown_count` shows them (sizes are
    given as text)."""
    shown = {k: shown_count(v, lang) if isinstance(v, int) else v for k, v in values.items()}
    return _T(key, lang, **shown)


def larger_than(size: int, lang: Lang = "en") -> str:
    """The message for a file over the limit ``size``, in ``lang``."""
    return _T("too_large", lang, limit=shown_size(size))


def read_limited(path: Path | str, limit: int, lang: Lang = "en") -> bytes:
    """The bytes of the regular file ``path``, reading at most ``limit`` + 1 of them.

    InputError (naming the file) for a file over ``limit``, a directory, anything that is not a
    regular file (a pipe, a socket, a device such as ``/dev/zero``: refused without reading or
    waiting for a writer), and a file that cannot be opened. Symbolic links are followed.
    """
    name = str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO opened without blocking
            raise InputError(name, _T("not_regular", lang)) from None
        raise InputError(name, _T("cannot_read", lang, reason=exc.strerror or exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(name, _T("is_directory", lang))
        if not stat.S_ISREG(mode):
            raise InputError(name, _T("not_regular", lang))
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb", buffering=0) as file:
        chunks: list[bytes] = []
        left = limit + 1
        try:
            while left > 0:
                chunk = file.read(min(left, MB))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        except OSError as exc:
            raise InputError(name, _T("cannot_read", lang, reason=exc.strerror or exc)) from None
    data = b"".join(chunks)
    if len(data) > limit:
        raise InputError(name, larger_than(limit, lang))
    return data
