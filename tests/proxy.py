"""Several app processes behind Debian's nginx on loopback, as deploy/ runs them.

:func:`render_site` turns ``deploy/nginx.conf`` (the configuration compose.yaml mounts) into
one for loopback by replacing only the addresses – the upstream's ``server`` lines, the
``listen`` port and the log directory – so that what the tests run is the documented file.
:func:`nginx_proxy` runs it with the system's nginx as a foreground process, with its pid
file, logs and temporary files in a directory of its own; :func:`app_processes` starts
``streamlit run app.py`` processes on free ports in parallel. The benchmark (benchmarks/
scaleout.py) uses the same pieces.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tests.devserver import free_port, healthy, stop

__all__ = [
    "COOKIE",
    "DEPLOY",
    "NGINX_CONF",
    "AppProcess",
    "NginxUnavailable",
    "Proxy",
    "app_processes",
    "find_nginx",
    "nginx_proxy",
    "render_site",
    "upstream_servers",
]

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX_CONF = DEPLOY / "nginx.conf"
COOKIE = "vagval_backend"  # the routing cookie nginx.conf sets (tests/test_deploy.py checks)
INSTALL_HINT = (
    "install Debian's nginx package (sudo apt-get install nginx, or run scripts/test.sh as root)"
)

_UPSTREAM = re.compile(r"^upstream\s+vagval\s*\{(?P<body>.*?)^\}", re.M | re.S)
_SERVER = re.compile(
    r"^(?P<indent>[ \t]*)server[ \t]+(?P<address>\S+)(?P<rest>[^;\n]*);[ \t]*$", re.M
)
_LISTEN = re.compile(r"^(?P<indent>[ \t]*)listen[ \t]+(?P<port>\d+)[ \t]*;[ \t]*$", re.M)
_LOG_DIR = "/var/log/nginx/"


class NginxUnavailable(Exception):
    """No nginx to run, or it did not start; the message says why."""


def find_nginx() -> Path | None:
    """Debian's nginx (``/usr/sbin/nginx``), else one on PATH."""
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def upstream_servers(site: str) -> list[str]:
    """The addresses of the ``server`` lines of ``upstream vagval`` in a site configuration."""
    block = _UPSTREAM.search(site)
    if block is None:
        raise ValueError("no 'upstream vagval { … }' block")
    return [m.group("address") for m in _SERVER.finditer(block.group("body"))]


def render_site(site: str, backends: Sequence[str], listen: str, log_dir: Path) -> str:
    """``site`` (deploy/nginx.conf) with the upstream's servers replaced by ``backends``
    (``host:port``, in order; the first line's parameters are used for any extra one), the
    ``listen`` port by ``listen`` and ``/var/log/nginx/`` by ``log_dir``. Nothing else changes;
    a file these replacements cannot be made in is a ValueError."""
    block = _UPSTREAM.search(site)
    if block is None:
        raise ValueError("no 'upstream vagval { … }' block")
    body = block.group("body")
    servers = list(_SERVER.finditer(body))
    if not servers or not backends:
        raise ValueError("the upstream and the backends must each name at least one server")
    first = servers[0]
    lines = [
        f"{first.group('indent')}server {address}{first.group('rest')};" for address in backends
    ]
    new_body = body[: first.start()] + "\n".join(lines) + body[servers[-1].end() :]
    # Only the server lines go: comments and directives between them would be lost.
    between = body[first.start() : servers[-1].end()]
    if _SERVER.sub("", between).strip():
        raise ValueError("the upstream's server lines must follow each other")
    rendered = site[: block.start("body")] + new_body + site[block.end("body") :]
    if len(_LISTEN.findall(rendered)) != 1:
        raise ValueError("expected exactly one 'listen PORT;' line")
    rendered = _LISTEN.sub(lambda m: f"{m.group('indent')}listen {listen};", rendered)
    return rendered.replace(_LOG_DIR, f"{log_dir}/")


def _main_conf(base: Path, site: Path) -> str:
    """The nginx.conf around the site: everything in ``base``, nginx in the foreground."""
    temp = "\n".join(
        f"    {kind}_temp_path {base / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        "worker_processes 1;\n"
        f"pid {base / 'nginx.pid'};\n"
        f"error_log {base / 'error.log'} notice;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"{temp}\n"
        f"    access_log {base / 'http-access.log'};\n"
        f"    include {site};\n"
        "}\n"
    )


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@dataclass
class Proxy:
    """nginx running on loopback: its address and its access log (format ``vagval``)."""

    url: str
    access_log: Path
    directory: Path

    def log_lines(self) -> list[str]:
        """The access log so far (nginx writes each line when a request ends)."""
        if not self.access_log.exists():
            return []
        return self.access_log.read_text(encoding="utf-8", errors="replace").splitlines()


@contextmanager
def nginx_proxy(
    backends: Sequence[str], port: int | None = None, timeout_s: float = 30
) -> Iterator[Proxy]:
    """deploy/nginx.conf for ``backends`` (``host:port``), served by nginx on loopback at
    ``port`` (default: a free one); stopped and its directory removed on exit.
    :class:`NginxUnavailable` without nginx."""
    nginx = find_nginx()
    if nginx is None:
        raise NginxUnavailable(f"nginx is not installed; {INSTALL_HINT}")
    # Under /tmp and searchable: as root, nginx's workers run as an unprivileged user and
    # must reach the temporary directories.
    base = Path(tempfile.mkdtemp(prefix="vagval-nginx-", dir="/tmp"))
    base.chmod(0o755)
    try:
        port = port or free_port()
        site = base / "vagval.conf"
        site.write_text(
            render_site(
                NGINX_CONF.read_text(encoding="utf-8"), backends, f"127.0.0.1:{port}", base
            ),
            encoding="utf-8",
        )
        conf = base / "nginx.conf"
        conf.write_text(_main_conf(base, site), encoding="utf-8")
        command = [str(nginx), "-p", str(base), "-c", str(conf), "-e", str(base / "error.log")]
        checked = subprocess.run(
            [*command, "-t"], capture_output=True, text=True, check=False, timeout=30
        )
        if checked.returncode != 0:
            raise NginxUnavailable(f"nginx -t refused the configuration:\n{checked.stderr}")
        server = subprocess.Popen(
            [*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + timeout_s
            while not _listening(port):
                if server.poll() is not None or time.monotonic() > deadline:
                    log = (base / "error.log").read_text(errors="replace")[-3000:]
                    raise NginxUnavailable(f"nginx did not start on port {port}:\n{log}")
                time.sleep(0.05)
            yield Proxy(f"http://127.0.0.1:{port}", base / "access.log", base)
        finally:
            stop(server)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@dataclass
class AppProcess:
    """One ``streamlit run app.py`` process on loopback."""

    url: str
    address: str  # host:port, as nginx names it
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-3000:]


def _stop_if_running(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        stop(process)


@contextmanager
def app_processes(
    count: int, env: Mapping[str, str], timeout_s: float = 90
) -> Iterator[list[AppProcess]]:
    """``count`` app processes started at once on free ports, with ``env`` added to the
    environment; yielded once all are healthy, stopped on exit (any still running)."""
    with ExitStack() as stack:
        apps: list[AppProcess] = []
        for _ in range(count):
            port = free_port()
            log = stack.enter_context(tempfile.TemporaryFile())
            command = [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.headless", "true",
                "--server.address", "127.0.0.1",
                "--server.port", str(port),
                "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none",
            ]  # fmt: skip
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **env},
            )
            app = AppProcess(f"http://127.0.0.1:{port}", f"127.0.0.1:{port}", process, log)
            stack.callback(_stop_if_running, process)
            apps.append(app)
        deadline = time.monotonic() + timeout_s
        waiting = list(apps)
        while waiting:
            for app in list(waiting):
                if healthy(app.url):
                    waiting.remove(app)
                elif app.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"streamlit did not become healthy at {app.url}:\n{app.output()}"
                    )
            time.sleep(0.2)
        yield apps
