"""Where Vägval's own files are: the rules, the data (texts, scenarios, examples), the schemas.

Every module finds them through this one place, so that how they are found is decided here
alone. There are two cases:

- **A checkout** of the repository (tests, ``bash scripts/run.sh``, an editable install):
  ``procurement/`` sits beside ``rules/``, ``data/``, ``schemas/`` and ``pyproject.toml``, and
  those folders are read where they are, so an edit to ``rules/`` takes effect at once.
- **An installed wheel**: the build maps the three folders into the package
  (``procurement/_bundled/rules`` …, see ``[tool.setuptools]`` in pyproject.toml), and they are
  found with :func:`importlib.resources.files`.

Either way the names below are real filesystem paths (:class:`pathlib.Path`).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = [
    "BUNDLED",
    "DATA_DIR",
    "IN_CHECKOUT",
    "PROJECT_ROOT",
    "RULES_DIR",
    "SCHEMAS_DIR",
    "checkout_root",
    "data_path",
]

# The sub-package of the wheel that holds the copies of rules/, data/ and schemas/.
BUNDLED = "_bundled"
FOLDERS = ("rules", "data", "schemas")


def checkout_root(package: Path) -> Path | None:
    """The checkout's top level when the package folder ``package`` (``…/procurement``) lies in
    one: beside ``pyproject.toml``, ``rules/``, ``data/`` and ``schemas/``. None otherwise (an
    installed package in site-packages, whose neighbours are other packages)."""
    root = package.parent
    if (root / "pyproject.toml").is_file() and all((root / f).is_dir() for f in FOLDERS):
        return root
    return None


def _bundled_root() -> Path:
    """The folder of an installed package that holds rules/, data/ and schemas/."""
    found = files("procurement").joinpath(BUNDLED)
    if not isinstance(found, Path):  # e.g. imported from a zip file
        raise RuntimeError(
            f"Vägval's rules and data must be files on disk, but they are in {found}; "
            "install Vägval with pip (not as a zip file)"
        )
    if not all((found / f).is_dir() for f in FOLDERS):
        raise RuntimeError(
            f"Vägval's rules and data are missing from {found}: reinstall it with "
            "'pip install vagval', or run it from a checkout of the repository"
        )
    return found


_CHECKOUT = checkout_root(Path(__file__).resolve().parents[1])
IN_CHECKOUT = _CHECKOUT is not None
# The folder that holds rules/, data/ and schemas/: a checkout's top level, or, installed,
# the package's bundled copy of those folders.
PROJECT_ROOT = _CHECKOUT if _CHECKOUT is not None else _bundled_root()

RULES_DIR = PROJECT_ROOT / "rules"
DATA_DIR = PROJECT_ROOT / "data"
SCHEMAS_DIR = PROJECT_ROOT / "schemas"


def data_path(*parts: str) -> Path:
    """A file or folder under ``data/``, e.g. ``data_path("examples")``."""
    return DATA_DIR.joinpath(*parts)
