"""Serving the app on a free local port, for the browser test and the screenshot script."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "AppDidNotStart",
    "free_port",
    "healthy",
    "stop",
    "streamlit_app",
]

ROOT = Path(__file__).resolve().parent.parent
# Debian's Chromium (never a browser Playwright downloads itself), headless as root, without
# the background connections that a closed network refuses.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class AppDidNotStart(RuntimeError):
    """The server stopped, or did not answer its health check in time; carries its output."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    """Whether the Streamlit server at ``url`` answers its health check with ok."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


def stop(process: subprocess.Popen[bytes], timeout_s: float = 10) -> None:
    """Stop a server process: terminate, then kill when it does not end in time."""
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def streamlit_app(
    timeout_s: float = 60,
    extra_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port; yields its URL once healthy and stops
    the server on exit. Hot reload is off: an edit during a run would mix old and new classes.
    ``env`` is added to this process's environment for the server (e.g. VAGVAL_DATA_DIR)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        *extra_args,
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        try:
            deadline = time.monotonic() + timeout_s
            while not healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode("utf-8", "replace")[-3000:]
                    raise AppDidNotStart(f"streamlit did not become healthy at {url}:\n{output}")
                time.sleep(0.25)
            yield url
        finally:
            stop(server)
