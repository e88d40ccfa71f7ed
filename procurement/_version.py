"""Vägval's version: the installed distribution's, or in a checkout pyproject.toml's."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version

from procurement.core.resources import IN_CHECKOUT, PROJECT_ROOT

__all__ = ["__version__"]


def _version() -> str:
    # A checkout is read as it is (an editable install's metadata is only as new as the last
    # install); an installed wheel has its metadata.
    if IN_CHECKOUT:
        with (PROJECT_ROOT / "pyproject.toml").open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    try:
        return version("vagval")
    except PackageNotFoundError:  # pragma: no cover - neither installed nor a checkout
        return "0+unknown"


__version__ = _version()
