"""Sign-in's configuration from the VAGVAL_OIDC_* variables (issue 16): vagval-app writes
Streamlit's [auth] secrets into a file of its own, readable by its owner only, and removes it;
without the variables nothing changes."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from procurement.core.errors import InputError
from procurement.core.settings import Settings
from procurement.ui.auth_config import SECRETS_OPTION, secrets_options

ENV = {
    "VAGVAL_BASE_URL": "https://vagval.kommun.se/",
    "VAGVAL_OIDC_METADATA_URL": "https://login.example/v2.0/.well-known/openid-configuration",
    "VAGVAL_OIDC_CLIENT_ID": "client",
    "VAGVAL_OIDC_CLIENT_SECRET": 'sec"ret\\with\nodd characters',
    "VAGVAL_OIDC_COOKIE_SECRET": "cookie-secret",
}


def test_without_the_variables_no_secrets_file() -> None:
    for env in ({}, {k: v for k, v in ENV.items() if k != "VAGVAL_OIDC_CLIENT_SECRET"}):
        with secrets_options(Settings.from_env(env)) as options:
            assert options == ()


def test_the_secrets_file_is_private_and_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    with secrets_options(Settings.from_env(ENV)) as options:
        assert options[0] == SECRETS_OPTION and len(options) == 2
        path = Path(options[1])
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        auth = tomllib.loads(path.read_text(encoding="utf-8"))["auth"]
    assert not path.exists()
    assert auth == {
        "redirect_uri": "https://vagval.kommun.se/oauth2callback",
        "cookie_secret": "cookie-secret",
        "client_id": "client",
        "client_secret": 'sec"ret\\with\nodd characters',
        "server_metadata_url": ENV["VAGVAL_OIDC_METADATA_URL"],
    }


def test_the_organisations_own_secrets_file_is_read_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".streamlit").mkdir()
    own = tmp_path / ".streamlit" / "secrets.toml"
    own.write_text("[other]\nx = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    env = {**ENV, "VAGVAL_OIDC_REDIRECT_URI": "https://proxy.kommun.se/oauth2callback"}
    with secrets_options(Settings.from_env(env)) as options:
        assert options[2:] == (SECRETS_OPTION, str(own))
        assert "https://proxy.kommun.se/oauth2callback" in Path(options[1]).read_text("utf-8")


def test_the_periods_are_whole_days() -> None:
    assert Settings.from_env({}).trash_days() == 30
    assert Settings.from_env({"VAGVAL_TRASH_DAYS": "7"}).trash_days() == 7
    assert Settings.from_env({"VAGVAL_AUDIT_DAYS": "730"}).audit_days() == 730
    for bad in ("0", "-1", "7.5", "sju", "99999999"):
        with pytest.raises(InputError) as info:
            Settings.from_env({"VAGVAL_TRASH_DAYS": bad}).trash_days()
        assert info.value.field == "VAGVAL_TRASH_DAYS"
