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
- ``VAGVAL_TRASH_DAYS`` (default 30): how many days a deleted saved assessment stays in the
  bin, where its owner or an administrator can restore it, before it is purged.
- ``VAGVAL_AUDIT_DAYS`` (default 365): how many days the audit log keeps a line.
- ``VAGVAL_OIDC_METADATA_URL``, ``VAGVAL_OIDC_CLIENT_ID``, ``VAGVAL_OIDC_CLIENT_SECRET``,
  ``VAGVAL_OIDC_COOKIE_SECRET`` (default unset: no sign-in): the organisation's OpenID Connect
  provider; ``vagval-app`` turns them into Streamlit's ``[auth]`` secrets (all four needed).
- ``VAGVAL_OIDC_REDIRECT_URI`` (default ``VAGVAL_BASE_URL`` + ``/oauth2callback``): the address
  the provider sends a signed-in user back to.
- ``VAGVAL_TEAM_CLAIM`` (default unset: no teams): the claim of the ID token that holds the
  user's teams or groups (e.g. ``groups``).
- ``VAGVAL_ADMINS`` (default unset): administrators, by subject (``sub``) or e-mail address,
  separated by commas.
- ``VAGVAL_ADMIN_TEAM`` (default unset): a team (a value of the team claim) whose members are
  administrators.

:data:`VARIABLES` holds the same table for code (the command line's help, the tests).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ADMINS",
    "ADMIN_TEAM",
    "AUDIT_DAYS",
    "BASE_URL",
    "DATABASE_URL",
    "DATA_DIR",
    "DEFAULT_AUDIT_DAYS",
    "DEFAULT_BASE_URL",
    "DEFAULT_TRASH_DAYS",
    "LOCAL_AMOUNTS",
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
    "OIDC_COOKIE_SECRET",
    "OIDC_METADATA_URL",
    "OIDC_REDIRECT_URI",
    "RULES",
    "TEAM_CLAIM",
    "TRASH_DAYS",
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
TRASH_DAYS = "VAGVAL_TRASH_DAYS"
AUDIT_DAYS = "VAGVAL_AUDIT_DAYS"
OIDC_METADATA_URL = "VAGVAL_OIDC_METADATA_URL"
OIDC_CLIENT_ID = "VAGVAL_OIDC_CLIENT_ID"
OIDC_CLIENT_SECRET = "VAGVAL_OIDC_CLIENT_SECRET"
OIDC_COOKIE_SECRET = "VAGVAL_OIDC_COOKIE_SECRET"
OIDC_REDIRECT_URI = "VAGVAL_OIDC_REDIRECT_URI"
TEAM_CLAIM = "VAGVAL_TEAM_CLAIM"
ADMINS = "VAGVAL_ADMINS"
ADMIN_TEAM = "VAGVAL_ADMIN_TEAM"
DEFAULT_TRASH_DAYS = 30
DEFAULT_AUDIT_DAYS = 365

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
    Variable(
        TRASH_DAYS,
        str(DEFAULT_TRASH_DAYS),
        "days a deleted saved assessment stays in the bin (its owner or an administrator can "
        "restore it) before it is purged",
    ),
    Variable(AUDIT_DAYS, str(DEFAULT_AUDIT_DAYS), "days the audit log keeps a line"),
    Variable(
        OIDC_METADATA_URL,
        "unset: no sign-in",
        "the OpenID Connect provider's discovery document, e.g. "
        "https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration",
    ),
    Variable(OIDC_CLIENT_ID, "unset: no sign-in", "the app's client id at the provider"),
    Variable(OIDC_CLIENT_SECRET, "unset: no sign-in", "the app's client secret at the provider"),
    Variable(
        OIDC_COOKIE_SECRET,
        "unset: no sign-in",
        "a long random secret that signs the sign-in cookie (the same for every app process)",
    ),
    Variable(
        OIDC_REDIRECT_URI,
        "VAGVAL_BASE_URL + /oauth2callback",
        "the address the provider sends a signed-in user back to (registered at the provider)",
    ),
    Variable(
        TEAM_CLAIM,
        "unset: no teams",
        "the ID token's claim holding the user's teams or groups, e.g. groups",
    ),
    Variable(
        ADMINS,
        "unset: no administrators by name",
        "administrators: subjects (sub) or e-mail addresses, separated by commas",
    ),
    Variable(
        ADMIN_TEAM,
        "unset: no administrator team",
        "a team (a value of the team claim) whose members are administrators",
    ),
)


def _value(env: Mapping[str, str], name: str) -> str | None:
    """The variable's value without surrounding white space; None when unset or empty."""
    value = env.get(name, "").strip()
    return value or None


_MAX_DAYS = 100 * 365  # a century: more is a typing error


def _days(name: str, text: str | None, default: int) -> int:
    """A number of days from 1 to a century; InputError naming the variable otherwise."""
    if text is None:
        return default
    if not text.isdigit() or not 1 <= int(text) <= _MAX_DAYS:
        from procurement.core.errors import InputError

        raise InputError(
            name, f"expected a whole number of days from 1 to {_MAX_DAYS}, got {text[:20]!r}"
        )
    return int(text)


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
    trash_days_text: str | None = None
    """``VAGVAL_TRASH_DAYS`` as given (see :meth:`trash_days`)."""
    audit_days_text: str | None = None
    """``VAGVAL_AUDIT_DAYS`` as given (see :meth:`audit_days`)."""
    oidc_metadata_url: str | None = None
    """``VAGVAL_OIDC_METADATA_URL``: the provider's discovery document."""
    oidc_client_id: str | None = None
    """``VAGVAL_OIDC_CLIENT_ID``."""
    oidc_client_secret: str | None = None
    """``VAGVAL_OIDC_CLIENT_SECRET``."""
    oidc_cookie_secret: str | None = None
    """``VAGVAL_OIDC_COOKIE_SECRET``."""
    oidc_redirect_uri: str | None = None
    """``VAGVAL_OIDC_REDIRECT_URI``."""
    team_claim: str | None = None
    """``VAGVAL_TEAM_CLAIM``: the claim holding the user's teams."""
    admins_text: str | None = None
    """``VAGVAL_ADMINS`` as given (see :meth:`admins`)."""
    admin_team: str | None = None
    """``VAGVAL_ADMIN_TEAM``."""

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
            trash_days_text=_value(env, TRASH_DAYS),
            audit_days_text=_value(env, AUDIT_DAYS),
            oidc_metadata_url=_value(env, OIDC_METADATA_URL),
            oidc_client_id=_value(env, OIDC_CLIENT_ID),
            oidc_client_secret=_value(env, OIDC_CLIENT_SECRET),
            oidc_cookie_secret=_value(env, OIDC_COOKIE_SECRET),
            oidc_redirect_uri=_value(env, OIDC_REDIRECT_URI),
            team_claim=_value(env, TEAM_CLAIM),
            admins_text=_value(env, ADMINS),
            admin_team=_value(env, ADMIN_TEAM),
        )

    def trash_days(self) -> int:
        """``VAGVAL_TRASH_DAYS``: days in the bin (InputError naming it when not a number)."""
        return _days(TRASH_DAYS, self.trash_days_text, DEFAULT_TRASH_DAYS)

    def audit_days(self) -> int:
        """``VAGVAL_AUDIT_DAYS``: days the audit log keeps a line."""
        return _days(AUDIT_DAYS, self.audit_days_text, DEFAULT_AUDIT_DAYS)

    def admins(self) -> tuple[str, ...]:
        """``VAGVAL_ADMINS``: the administrators' subjects or addresses."""
        return tuple(a.strip() for a in (self.admins_text or "").split(",") if a.strip())

    def oidc_configured(self) -> bool:
        """Whether the four variables of sign-in are all set."""
        return all(
            (
                self.oidc_metadata_url,
                self.oidc_client_id,
                self.oidc_client_secret,
                self.oidc_cookie_secret,
            )
        )

    def redirect_uri(self) -> str:
        """Where the provider sends a signed-in user back to."""
        return self.oidc_redirect_uri or f"{self.base_url or DEFAULT_BASE_URL}/oauth2callback"

    def data_directory(self) -> Path:
        """The directory of the embedded database: ``VAGVAL_DATA_DIR``, else
        ``$XDG_DATA_HOME/vagval``, else ``~/.local/share/vagval``."""
        if self.data_dir is not None:
            return self.data_dir
        base = self.xdg_data_home or Path.home() / ".local" / "share"
        return base / "vagval"
