"""Who acts on saved assessments: a signed-in user (the identity provider's issuer and
subject, with the name, e-mail address and teams it gives), or the one implicit local user of
an installation without sign-in.

The store decides every permission from a :class:`Principal` alone: the owner and those an
assessment is shared with (by user, or by a team the user belongs to) see it; the owner shares
it; the owner or an administrator deletes and restores it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["LOCAL", "LOCAL_ISSUER", "Principal", "principal_from_claims"]

# The issuer and subject of the single implicit user of an installation without sign-in.
LOCAL_ISSUER = "local"
_MAX_ID = 255
_MAX_NAME = 200
_MAX_TEAMS = 100


def _clip(value: Any, limit: int) -> str:
    """A claim as text, without control characters, cut to ``limit`` characters."""
    text = "" if value is None else str(value)
    return "".join(c for c in text if c.isprintable())[:limit].strip()


@dataclass(frozen=True)
class Principal:
    """The acting user. ``issuer`` and ``subject`` identify them (OpenID Connect's ``iss``
    and ``sub``); ``name`` and ``email`` are shown, never trusted; ``teams`` are the values of
    the configured team claim; ``admin`` is set by the installation's configuration."""

    issuer: str
    subject: str
    name: str = ""
    email: str = ""
    teams: frozenset[str] = field(default_factory=frozenset)
    admin: bool = False

    @property
    def key(self) -> str:
        """``issuer subject``: one text naming the user (an issuer holds no space)."""
        return f"{self.issuer} {self.subject}"

    @property
    def is_local(self) -> bool:
        """The implicit user of an installation without sign-in."""
        return self.issuer == LOCAL_ISSUER

    @property
    def team(self) -> str | None:
        """The team an assessment made by this user belongs to: the first of its teams in
        alphabetical order (a claim's list has no meaningful order), None without one."""
        return min(self.teams) if self.teams else None

    def label(self) -> str:
        """How the user is shown: the name, else the e-mail address, else the subject."""
        return self.name or self.email or self.subject

    def same(self, issuer: str | None, subject: str | None) -> bool:
        """Whether ``issuer``/``subject`` name this user."""
        return issuer == self.issuer and subject == self.subject


LOCAL = Principal(issuer=LOCAL_ISSUER, subject="local")
"""The one user of an installation without sign-in: owns everything saved there."""


def _teams(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    items: Iterable[Any] = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        return frozenset()
    teams = {_clip(v, _MAX_NAME) for v in list(items)[:_MAX_TEAMS]}
    return frozenset(t for t in teams if t)


def principal_from_claims(
    claims: Mapping[str, Any],
    team_claim: str | None = None,
    admins: Iterable[str] = (),
    admin_team: str | None = None,
) -> Principal | None:
    """The user an identity provider's claims name (``iss`` and ``sub`` required; None
    without them). ``team_claim``: the claim holding the user's teams (a text or a list);
    ``admins``: subjects or e-mail addresses of administrators; ``admin_team``: a team whose
    members are administrators."""
    issuer = _clip(claims.get("iss"), _MAX_ID)
    subject = _clip(claims.get("sub"), _MAX_ID)
    if not issuer or not subject or " " in issuer or issuer == LOCAL_ISSUER:
        return None
    email = _clip(claims.get("email"), _MAX_NAME)
    name = _clip(claims.get("name") or claims.get("preferred_username"), _MAX_NAME)
    teams = _teams(claims.get(team_claim)) if team_claim else frozenset()
    wanted = {a.strip().casefold() for a in admins if a.strip()}
    # An address the provider says is unverified never makes an administrator.
    verified = claims.get("email_verified") is not False
    admin = subject.casefold() in wanted or (
        bool(email) and verified and email.casefold() in wanted
    )
    if admin_team and admin_team in teams:
        admin = True
    return Principal(issuer, subject, name=name, email=email, teams=teams, admin=admin)
