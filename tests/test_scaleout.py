"""More than one server: two app processes behind nginx, one PostgreSQL (deploy/).

A throwaway PostgreSQL (tests/pgserver.py), two `streamlit run app.py` processes with
DATABASE_URL set, and Debian's nginx running deploy/nginx.conf (rendered for loopback by
tests/proxy.py) in front of them. A user saves an assessment through the proxy; every request
of their browser reaches one process (sticky sessions, read from nginx's access log, including
the upload of the case file and the websocket); that process is killed; the same user loads
the share link again through the proxy and is served by the other process, which finds the
saved assessment. Playwright drives Debian's Chromium, as in tests/test_browser_saved.py.

Skipped locally without Chromium or nginx; in CI (CI set) they must be there
(scripts/test.sh installs both as root).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser_support import (
    IN_CI,
    WAIT_MS,
    launch_chromium,
    main,
    require_browser,
    save_case,
    settled,
)
from tests.browser_support import new_context as _context
from tests.devserver import free_port, healthy
from tests.pgserver import PgServer
from tests.proxy import (
    COOKIE,
    AppProcess,
    NginxUnavailable,
    Proxy,
    app_processes,
    find_nginx,
    nginx_proxy,
)

require_browser()
if find_nginx() is None and not IN_CI:
    pytest.skip(
        "Debian's nginx is not installed (apt-get install nginx, or run scripts/test.sh as root)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, expect  # noqa: E402

pytestmark = [pytest.mark.scaleout, pytest.mark.postgres]

CASE = Path(__file__).resolve().parent.parent / "data" / "examples" / "stadning-kommunhus.json"
TITLE = "Städning av kommunhuset 2025"
LOG_LINE = re.compile(
    r'"(?P<request>[^"]*)" (?P<status>\d+) .*upstream=(?P<up>.*?) route=(?P<route>\S+)'
)

expect.set_options(timeout=WAIT_MS)


@dataclass
class Cluster:
    apps: list[AppProcess]
    proxy: Proxy


@pytest.fixture(scope="module")
def cluster(
    postgres_server: PgServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    """Two app processes on one fresh PostgreSQL database, behind nginx."""
    database = postgres_server.create_database()
    port = free_port()
    env = {
        "DATABASE_URL": database,
        "VAGVAL_BASE_URL": f"http://127.0.0.1:{port}",  # share links point at the proxy
        "VAGVAL_DATA_DIR": str(tmp_path_factory.mktemp("vagval-scaleout-data")),
    }
    with app_processes(2, env) as apps:
        try:
            with nginx_proxy([app.address for app in apps], port=port) as proxy:
                yield Cluster(apps, proxy)
        except NginxUnavailable as exc:
            pytest.fail(str(exc))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch_chromium()


def _save(page: Page, url: str) -> str:
    """Open the example case from its file, save it, return the share link."""
    page.goto(url)
    link = save_case(page, CASE, TITLE)
    assert link.startswith(f"{url}/sparade?b="), link
    return link


def _served_by(proxy: Proxy, route: str) -> list[tuple[str, str]]:
    """(request, the upstream that answered it) for every logged request of one browser."""
    served = []
    for line in proxy.log_lines():
        found = LOG_LINE.search(line)
        if found and found.group("route") == route:
            # "a, b": nginx tried a, then b answered.
            served.append((found.group("request"), found.group("up").split(", ")[-1]))
    return served


def test_saved_work_survives_when_the_users_app_process_dies(
    cluster: Cluster, browser: Browser
) -> None:
    proxy, apps = cluster.proxy, cluster.apps
    context = _context(browser)
    try:
        link = _save(context.new_page(), proxy.url)
        route = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)

        # Sticky: every request of this browser so far went to one app process.
        before = _served_by(proxy, route)
        requests = [request for request, _ in before]
        # The upload and the download buttons' files live in the process's memory.
        assert any(r.startswith("PUT /_stcore/upload_file/") for r in requests), requests
        assert any(r.startswith("GET /media/") for r in requests), requests
        assert len({upstream for _, upstream in before}) == 1, before
        first = next(app for app in apps if app.address == before[0][1])
        other = next(app for app in apps if app is not first)

        # That process dies (as in a crash: no chance to tidy up).
        first.process.kill()
        first.process.wait(timeout=30)
        assert not healthy(first.url)

        # The same browser, with its cookie for the dead process, loads the link again.
        page = context.new_page()
        page.goto(link)
        area = main(page)
        expect(area.get_by_role("heading", name=TITLE)).to_be_visible(timeout=45_000)
        settled(page)
        expect(area.get_by_text("Bedömningen gjordes med de regler som gäller nu")).to_be_visible()
        code = link.rsplit("=", 1)[1]
        loads = [up for request, up in _served_by(proxy, route) if f"b={code}" in request]
        assert loads and loads[-1] == other.address, loads
        assert other.process.poll() is None and healthy(other.url)
    finally:
        context.close()

    # Another user, with no cookie yet, is served too, and finds the assessment.
    newcomer = _context(browser)
    try:
        page = newcomer.new_page()
        page.goto(link)
        expect(main(page).get_by_role("heading", name=TITLE)).to_be_visible(timeout=45_000)
        route = next(c["value"] for c in newcomer.cookies() if c["name"] == COOKIE)
        assert {up for _, up in _served_by(proxy, route)} == {other.address}
    finally:
        newcomer.close()
