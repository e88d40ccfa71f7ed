"""Where Vägval's own files are: the rules, the data (texts, scenarios, examples), the schemas.

Every module finds them through this one place, so that how they are found (a checkout of the
repository, or files shipped with the installed package) is decided here alone.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DATA_DIR", "PROJECT_ROOT", "RULES_DIR", "SCHEMAS_DIR", "data_path"]

_PACKAGE = Path(__file__).resolve().parents[1]
# The folder that holds procurement/, rules/, data/ and schemas/ (a checkout's top level).
PROJECT_ROOT = _PACKAGE.parent

RULES_DIR = PROJECT_ROOT / "rules"
DATA_DIR = PROJECT_ROOT / "data"
SCHEMAS_DIR = PROJECT_ROOT / "schemas"


def data_path(*parts: str) -> Path:
    """A file or folder under ``data/``, e.g. ``data_path("ui", "texts.yaml")``."""
    return DATA_DIR.joinpath(*parts)
