"""Writing a file a user named as the output of a command: never half a file, never through a
predictable temporary name, never over something that is not a regular file, never over an
input.

The data goes to an exclusive temporary file (``tempfile.mkstemp``: a new, unpredictable
name, created with ``O_EXCL`` and never through a symbolic link) in the output's own directory,
which then replaces the output in one step (``os.replace``). An existing output that is not a
regular file – a device such as ``/dev/full``, a FIFO, a directory, or a link to one of these –
is refused, and so is an output that is the same file as one of the command's inputs.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from procurement.core.errors import InputError

__all__ = ["check_output", "write_output"]

_PREFIX = ".vagval-"
_SUFFIX = ".tmp"


def check_output(path: Path, inputs: Iterable[Path | None] = ()) -> None:
    """Refuse ``path`` as an output (:class:`InputError` naming it) when it exists and is not
    a regular file (after following links), or is the same file as one of ``inputs``."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return  # a new file (or a link to nothing, which is replaced): nothing to lose
    except OSError as exc:
        raise InputError(str(path), f"cannot write the file: {exc.strerror}") from None
    if not stat.S_ISREG(status.st_mode):
        raise InputError(
            str(path),
            "is not a regular file (a directory, a device, a FIFO or a link to one): "
            "give the name of a file to write",
        )
    for given in inputs:
        if given is None:
            continue
        with contextlib.suppress(OSError):
            if os.path.samefile(path, given):
                raise InputError(
                    str(path), f"is also an input ({given}): give another file to write"
                )


def _mode(path: Path) -> int:
    """The permissions of the file written: those of the file it replaces, else what a new
    file gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(os.lstat(path).st_mode) if path.is_file() else _new_mode()
    except OSError:
        return _new_mode()


def _new_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_output(path: Path, data: bytes, inputs: Iterable[Path | None] = ()) -> None:
    """Write ``data`` to ``path`` (:func:`check_output` first) through an exclusive temporary
    file in the same directory; :class:`InputError` naming ``path`` when it cannot be
    written. An existing link at ``path`` is replaced, never written through."""
    check_output(path, inputs)
    directory = path.parent
    try:
        fd, name = tempfile.mkstemp(prefix=_PREFIX, suffix=_SUFFIX, dir=directory)
    except OSError as exc:
        raise InputError(str(path), f"cannot write the file: {exc.strerror}") from None
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
            os.fchmod(out.fileno(), _mode(path))
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(str(path), f"cannot write the file: {exc.strerror or exc}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
