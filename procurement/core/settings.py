"""An installation's settings: every environment variable Vägval reads, in one typed object.

No other module reads the environment (``tests/test_settings.py`` scans the source): each takes
its value from :meth:`Settings.from_env`, which reads the variables when it is called, so a
command or the app sees the environment it was started with. A value is trimmed of surrounding
white space, and an empty value is the same as an unset one.

- ``VAGVAL_DATA_DIR`` (default ``$XDG_DATA_HOME/vagval``, else ``~/.local/share/vagval``):
  where the SQLite file of saved assessments is made.
- ``XDG_DATA_HOME`` (default ``~/.local/share``): the base of the default data directory.
- ``DATABASE_URL`` (default unset: SQLite in the data directory): the database of saved
  assessments, PostgreSQL or SQLite.
- ``VAGVAL_BASE_URL`` (default ``http://localhost:8501``): the app's public address, used in
  share links.
- ``VAGVAL_LOCAL_AMOUNTS`` (default unset): a YAML file, or a directory of them, of amounts
  entered locally.
- ``VAGVAL_RULES`` (default unset: the shipped ``rules/``): a rules directory to use instead of
  the shipped one; the command line's ``--rules`` wins over it.

:data:`VARIABLES` holds the same table for code (the command line's help, the tests).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BASE_URL",
    "DATABASE_URL",
    "DATA_DIR",
    "DEFAULT_BASE_URL",
    "LOCAL_AMOUNTS",
    "RULES",
    "VARIABLES",
    "XDG_DATA_HOME",
    "Settings",
    "Variable",
]

DATA_DIR = "VAGVAL_DATA_DIR"
XDG_DATA_HOME = "XDG_DATA_HOME"
DATABASE_URL = "DATABASE_URL"
BASE_URL = "VAGVAL_BASE_URL"
LOCAL_AMOUNTS = "VAGVAL_LOCAL_AMOUNTS"
RULES = "VAGVAL_RULES"

# Where scripts/run.sh serves the app (Streamlit's default port).
DEFAULT_BASE_URL = "http://localhost:8501"


@dataclass(frozen=True)
class Variable:
    """One environment variable: its name, its default (in words) and what it sets."""

    name: str
    default: str
    meaning: str


VARIABLES: tuple[Variable, ...] = (
    Variable(
        DATA_DIR,
        "$XDG_DATA_HOME/vagval, else ~/.local/share/vagval (of the user running Vägval)",
        "the directory where the SQLite file of saved assessments (vagval.sqlite3) is made",
    ),
    Variable(
        XDG_DATA_HOME,
        "~/.local/share",
        "the base of the default data directory",
    ),
    Variable(
        DATABASE_URL,
        "unset: the SQLite file in the data directory",
        "the database of saved assessments, e.g. postgresql://vagval:…@db.example/vagval "
        "(PostgreSQL or SQLite)",
    ),
    Variable(
        BASE_URL,
        DEFAULT_BASE_URL,
        "the app's public address, used in share links",
    ),
    Variable(
        LOCAL_AMOUNTS,
        "unset: no amounts entered locally",
        "a YAML file, or a directory of them, of amounts entered locally in the rules' "
        "'amounts' format; they replace the shipped periods with the same dates",
    ),
    Variable(
        RULES,
        "unset: the shipped rules/",
        "a rules directory to use instead of the shipped one (for rule authors and local "
        "overrides): its route rules, its supplier/ folder (supplier checks) and its clauses/ "
        "folder (clause library); the command line's --rules wins over it",
    ),
)


def _value(env: Mapping[str, str], name: str) -> str | None:
    """The variable's value without surrounding white space; None when unset or empty."""
    value = env.get(name, "").strip()
    return value or None


def _path(env: Mapping[str, str], name: str) -> Path | None:
    value = _value(env, name)
    return Path(value).expanduser() if value else None


@dataclass(frozen=True)
class Settings:
    """What the environment sets; None where a variable is unset (see :data:`VARIABLES`)."""

    data_dir: Path | None = None
    """``VAGVAL_DATA_DIR``: the directory of the embedded database, as given."""
    xdg_data_home: Path | None = None
    """``XDG_DATA_HOME``: the base of the default data directory, as given."""
    database_url: str | None = None
    """``DATABASE_URL``: the database of saved assessments."""
    base_url: str | None = None
    """``VAGVAL_BASE_URL``: the app's public address (no trailing slash)."""
    local_amounts: Path | None = None
    """``VAGVAL_LOCAL_AMOUNTS``: a file or directory of amounts entered locally."""
    rules_dir: Path | None = None
    """``VAGVAL_RULES``: a rules directory instead of the shipped one."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings of ``env`` (default: this process's environment, read now)."""
        env = os.environ if env is None else env
        base = _value(env, BASE_URL)
        return cls(
            data_dir=_path(env, DATA_DIR),
            xdg_data_home=_path(env, XDG_DATA_HOME),
            database_url=_value(env, DATABASE_URL),
            base_url=base.rstrip("/") if base else None,
            local_amounts=_path(env, LOCAL_AMOUNTS),
            rules_dir=_path(env, RULES),
        )

    def data_directory(self) -> Path:
        """The directory of the embedded database: ``VAGVAL_DATA_DIR``, else
        ``$XDG_DATA_HOME/vagval``, else ``~/.local/share/vagval``."""
        if self.data_dir is not None:
            return self.data_dir
        base = self.xdg_data_home or Path.home() / ".local" / "share"
        return base / "vagval"
