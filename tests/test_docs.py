"""The developer documents name files that exist: ARCHITECTURE.md and the README's layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "procurement"

# A path in backticks: with a folder ("core/engine.py", "rules/") or a bare file name.
_PATH = re.compile(r"`([A-Za-z_][\w./-]*/[\w./-]*|[\w-]+\.(?:py|yaml|md|toml))`")


def _exists(name: str) -> bool:
    """True when *name* is a file or folder of the repository or of the package."""
    if "/" not in name:
        return any(PACKAGE.rglob(name)) or (ROOT / name).exists()
    return (ROOT / name).exists() or (PACKAGE / name).exists()


def _layout_block(readme: str) -> str:
    """The README's layout tree (the fenced block under '## Layout')."""
    section = readme.split("## Layout\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def test_architecture_names_existing_files() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    names = set(_PATH.findall(text))
    assert len(names) > 10
    assert sorted(n for n in names if not _exists(n)) == []


def test_readme_points_to_architecture() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](ARCHITECTURE.md)" in readme


def test_readme_layout_names_existing_paths() -> None:
    block = _layout_block((ROOT / "README.md").read_text(encoding="utf-8"))
    missing = []
    parent = ""
    for line in block.splitlines():
        if not line.strip() or line.startswith(" " * 20):
            continue  # a continued description
        first = line.split()[0]
        for part in first.split(","):
            part = part.strip()
            if not part:
                continue
            if line.startswith("  "):
                path = f"{parent}{part}"
            else:
                path = part
                if part.endswith("/"):
                    parent = part
            if not (ROOT / path).exists():
                missing.append(path)
    assert missing == []


@pytest.mark.parametrize("text", ["`core/nowhere.py`", "`nowhere_at_all.py`"])
def test_a_missing_file_is_noticed(text: str) -> None:
    assert not all(_exists(n) for n in _PATH.findall(text))
