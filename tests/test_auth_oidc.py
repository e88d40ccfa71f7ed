"""Sign-in against a real OpenID Connect provider on loopback (issue 16).

The certified ``oidc-provider`` package from npm (tests/oidc: package.json, package-lock.json,
provider.mjs), run with Debian's nodejs, is the organisation's identity provider; the app is
served by ``vagval-app`` (procurement/ui/launch.py) with sign-in configured by the
``VAGVAL_OIDC_*`` variables alone, as an IT department would; Playwright drives Debian's
Chromium. A visitor who has not signed in sees nothing saved; Alice saves, Bob sees nothing of
hers until she shares it with him; shared with her team, Carol (in it) sees it too; the audit
log, read as an administrator, shows each act.

scripts/test.sh installs nodejs and npm (apt-get) and runs ``npm ci`` in tests/oidc; without
them this module is skipped locally, and fails in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_support import IN_CI, WAIT_MS, launch_chromium, require_browser, save_case
from tests.browser_support import main as _main
from tests.browser_support import new_context as _context
from tests.browser_support import settled as _settled
from tests.cli_helpers import run_cli
from tests.devserver import free_port, healthy, stop

require_browser()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OIDC = Path(__file__).resolve().parent / "oidc"
CASE = ROOT / "data" / "examples" / "stadning-kommunhus.json"
TITLE = "Städning av kommunhuset 2025"
CLIENT_ID = "vagval-test"
CLIENT_SECRET = "test-client-secret-not-for-production"
ISSUER_HOST = "127.0.0.1"

expect.set_options(timeout=WAIT_MS)


def _require_node() -> str:
    node = shutil.which("node") or shutil.which("nodejs")
    ready = node is not None and (OIDC / "node_modules" / "oidc-provider").is_dir()
    if not ready:
        message = (
            "the OpenID provider needs Debian's nodejs and 'npm ci' in tests/oidc "
            "(scripts/test.sh does both)"
        )
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    assert node is not None
    return node


@pytest.fixture(scope="module")
def ports() -> tuple[int, int]:
    """The provider's port and the app's port."""
    return free_port(), free_port()


@pytest.fixture(scope="module")
def provider(ports: tuple[int, int]) -> Iterator[str]:
    """The OpenID provider on loopback; its issuer once it listens."""
    node = _require_node()
    oidc_port, app_port = ports
    redirect = f"http://127.0.0.1:{app_port}/oauth2callback"
    process = subprocess.Popen(
        [node, "provider.mjs", str(oidc_port), CLIENT_ID, CLIENT_SECRET, redirect],
        cwd=OIDC,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("ready "):
            pytest.fail(f"the OpenID provider did not start: {line!r}")
        yield line.removeprefix("ready ")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("vagval-auth-data")


@pytest.fixture(scope="module")
def app_url(provider: str, ports: tuple[int, int], data_dir: Path) -> Iterator[str]:
    """``vagval-app`` with sign-in from the VAGVAL_OIDC_* variables and a database of its own."""
    _oidc_port, app_port = ports
    url = f"http://127.0.0.1:{app_port}"
    env = {
        **os.environ,
        "VAGVAL_DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "VAGVAL_BASE_URL": url,
        "VAGVAL_OIDC_METADATA_URL": f"{provider}/.well-known/openid-configuration",
        "VAGVAL_OIDC_CLIENT_ID": CLIENT_ID,
        "VAGVAL_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "VAGVAL_OIDC_COOKIE_SECRET": "a-long-random-cookie-secret-for-the-tests-only-0123456789",
        "VAGVAL_TEAM_CLAIM": "groups",
        "VAGVAL_ADMIN_TEAM": "it-admin",
    }
    command = [
        sys.executable, "-m", "procurement.ui.launch",
        "--server.headless", "true",
        "--server.port", str(app_port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command, cwd=data_dir, stdout=log, stderr=subprocess.STDOUT, env=env
        )
        try:
            deadline = time.monotonic() + 60
            while not healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    output = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                    pytest.fail(f"vagval-app did not start at {url}:\n{output}")
                time.sleep(0.25)
            yield url
        finally:
            stop(server)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch_chromium()


def _sign_in(page: Page, app_url: str, login: str, name: str) -> None:
    """Sign in at the provider's login page as the test user ``login``."""
    page.goto(app_url)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda u: not u.startswith(app_url), timeout=WAIT_MS)
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.locator("button[type=submit]").click()
    page.wait_for_url(lambda u: u.startswith(app_url), timeout=WAIT_MS)
    expect(sidebar.get_by_text(f"Inloggad som {name}")).to_be_visible(timeout=45_000)
    _settled(page)


def _save(page: Page) -> str:
    """Open the example case from its file, save it under TITLE; its share code."""
    link = save_case(page, CASE, TITLE)
    return link.rsplit("=", 1)[1]


def test_sign_in_ownership_sharing_and_audit(
    browser: Browser, app_url: str, data_dir: Path
) -> None:
    link = f"{app_url}/sparade?b="
    # A visitor who has not signed in sees nothing saved, and cannot save.
    visitor = _context(browser)
    try:
        page = visitor.new_page()
        page.goto(f"{app_url}/sparade")
        main = _main(page)
        expect(
            main.get_by_text("Sparade bedömningar visas bara för den som har loggat in")
        ).to_be_visible(timeout=45_000)
        expect(main.get_by_role("button", name="Logga in")).to_be_visible()
        page.goto(app_url)
        expect(_main(page).get_by_text("Logga in för att spara bedömningen.")).to_be_visible(
            timeout=45_000
        )
    finally:
        visitor.close()

    # Alice signs in and saves.
    alice = _context(browser)
    alice_page = alice.new_page()
    _sign_in(alice_page, app_url, "alice", "Alice Andersson")
    code = _save(alice_page)

    # Bob signs in: nothing of Alice's, not even by its link.
    bob = _context(browser)
    bob_page = bob.new_page()
    try:
        _sign_in(bob_page, app_url, "bob", "Bob Berg")
        bob_page.goto(f"{link}{code}")
        main = _main(bob_page)
        expect(main.get_by_text(f"Ingen sparad bedömning heter {code}.")).to_be_visible(
            timeout=45_000
        )
        expect(main.get_by_text("Inga bedömningar är sparade ännu.", exact=False)).to_be_visible()
        expect(main.get_by_role("heading", name=TITLE)).to_have_count(0)

        # The visitor, with the link: nothing either.
        visitor = _context(browser)
        try:
            page = visitor.new_page()
            page.goto(f"{link}{code}")
            expect(_main(page).get_by_role("button", name="Logga in")).to_be_visible(timeout=45_000)
            expect(_main(page).get_by_role("heading", name=TITLE)).to_have_count(0)
        finally:
            visitor.close()

        # Alice shares it with Bob, by the address he signed in with.
        alice_page.goto(f"{link}{code}")
        main = _main(alice_page)
        expect(main.get_by_role("heading", name=TITLE)).to_be_visible(timeout=45_000)
        _settled(alice_page)
        main.get_by_text("Dela", exact=True).click()
        box = main.get_by_role("textbox", name="Dela med en person (e-postadress)")
        box.fill("bob@kommun.example")
        box.press("Enter")
        _settled(alice_page)
        main.get_by_role("button", name="Dela med personen").click()
        expect(
            main.get_by_role("status").get_by_text("Delad med Bob Berg", exact=False)
        ).to_be_visible()

        # Now Bob sees it, as shared with him by Alice, and cannot delete it.
        bob_page.goto(f"{link}{code}")
        main = _main(bob_page)
        expect(main.get_by_role("heading", name=TITLE)).to_be_visible(timeout=45_000)
        expect(main.get_by_text("Delad med dig av Alice Andersson.", exact=False)).to_be_visible()
        expect(main.get_by_text("Ta bort", exact=True)).to_have_count(0)

        # Alice shares it with her team (the provider's groups claim); Carol is in it.
        alice_page.goto(f"{link}{code}")
        main = _main(alice_page)
        expect(main.get_by_role("heading", name=TITLE)).to_be_visible(timeout=45_000)
        _settled(alice_page)
        main.get_by_text("Dela", exact=True).click()
        main.get_by_role("button", name="Dela med teamet").click()
        expect(main.get_by_role("status").get_by_text("Delad med inkop.")).to_be_visible()
        carol = _context(browser)
        try:
            page = carol.new_page()
            _sign_in(page, app_url, "carol", "Carol Carlsson")
            page.goto(f"{link}{code}")
            expect(_main(page).get_by_role("heading", name=TITLE)).to_be_visible(timeout=45_000)
        finally:
            carol.close()
    finally:
        bob.close()
        alice.close()

    # The administrator sees the audit log on the page; it records each act.
    admin = _context(browser)
    try:
        page = admin.new_page()
        _sign_in(page, app_url, "admin", "Ada Admin")
        page.goto(f"{app_url}/sparade")
        expect(_main(page).get_by_text("Granskningslogg (administratör)")).to_be_visible(
            timeout=45_000
        )
    finally:
        admin.close()

    # The audit log, read by the administrator who signed in, with the operator's tool.
    database = f"sqlite:///{data_dir / 'vagval.sqlite3'}"
    proc = run_cli(
        "saved", "audit", "--json", "--as", "admin", "--admin", "--database-url", database
    )
    assert proc.returncode == 0, proc.stderr
    log = json.loads(proc.stdout)
    assert {e["assessment_id"] for e in log} == {log[-1]["assessment_id"]}  # one assessment
    acts = [(e["actor_subject"], e["act"]) for e in reversed(log)]
    assert acts[0] == ("alice", "created")
    shared = acts.index(("alice", "shared"))
    assert ("bob", "opened") not in acts[:shared] and ("bob", "opened") in acts[shared:]
    assert ("alice", "shared") in acts[acts.index(("bob", "opened")) :]  # then with the team
    assert ("carol", "opened") in acts
    first_share = next(e for e in reversed(log) if e["act"] == "shared")
    assert first_share["detail"].endswith(" bob") and first_share["actor_name"] == "Alice Andersson"
    assert TITLE not in proc.stdout
    # Bob, without an administrator's rights, may not read it.
    proc = run_cli("saved", "audit", "--as", "bob", "--database-url", database)
    assert proc.returncode == 2 and "Bara en administratör" in proc.stderr
