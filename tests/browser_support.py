"""What the real-browser test modules share: the check that Debian's Chromium and Playwright
are there (skip locally, fail in CI), and the browser itself."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from procurement.devserver import CHROMIUM, CHROMIUM_ARGS

IN_CI = bool(os.environ.get("CI"))


def require_browser() -> None:
    """Skip the calling test module (at import) when Chromium or Playwright is missing,
    except in CI, where the tests then fail."""
    if IN_CI:
        return
    if not CHROMIUM.exists():
        pytest.skip(
            f"Debian's chromium is not installed at {CHROMIUM} "
            "(apt-get install chromium, or run scripts/test.sh as root)",
            allow_module_level=True,
        )
    pytest.importorskip(
        "playwright", reason="the test extra is not installed (pip install -e .[test])"
    )


def launch_chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never a browser of its own)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium as root")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
