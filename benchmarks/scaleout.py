"""(g) Sessions one and two app processes hold: many Streamlit sessions answering questions.

Each simulated user is a websocket client speaking Streamlit's own protocol (the protobuf
``BackMsg``/``ForwardMsg`` of the installed Streamlit, over ``/_stcore/stream``), as the
browser does: it opens a session, lets the first script run finish, then answers the
questionnaire's first question (the buyer type, alternating between two answers) and waits
for the rerun to finish, ``reruns`` times in a row without pausing. A rerun's time is from
sending the answer to the server's ``script_finished``; the browser's drawing is not in it.

The same load runs against one app process and against two, both behind nginx with
deploy/nginx.conf (tests/proxy.py renders it for loopback; each client sends its own routing
cookie, as a browser gets one), at several numbers of concurrent sessions, one and two taking
turns level by level (both stay up), so that the machine's other load falls on both alike.
The figure is how many sessions each holds with a median rerun of at most :data:`TARGET_S`,
interpolated between the measured levels, and the ratio of two processes to one (the
baseline, same run). Without nginx the clients connect to the processes directly, in turn,
and the row says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TARGET_S = 1.0  # the rerun latency the sessions are counted at
ANSWER_KEY = "route:buyer_type"  # the questionnaire's first question (procurement/ui/keys.py)


@dataclass
class Level:
    """One load level: its concurrent sessions and what they saw."""

    sessions: int
    latencies: list[float]
    seconds: float
    client_cpu: float  # the load client's own CPU use meanwhile, in cores
    server_cpu: float = 0.0  # the app processes' CPU use meanwhile, in cores

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p90(self) -> float:
        return statistics.quantiles(self.latencies, n=10)[-1]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds


async def _run(ws: Any, widgets: dict[str, int]) -> tuple[float, str | None]:
    """One script run with ``widgets`` (id → chosen option); its seconds and the answer's
    widget id when a delta carried it."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = BackMsg()
    message.rerun_script.query_string = ""
    message.rerun_script.page_script_hash = ""
    for widget_id, value in widgets.items():
        state = message.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        state.int_value = value
    found = None
    start = time.perf_counter()
    await ws.send(message.SerializeToString())
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await ws.recv())
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            if element.WhichOneof("type") == "radio" and element.radio.id.endswith(ANSWER_KEY):
                found = element.radio.id
        elif kind == "script_finished":
            return time.perf_counter() - start, found


async def _session(url: str, reruns: int, ready: asyncio.Barrier, out: list[float]) -> None:
    import websockets

    from tests.proxy import COOKIE

    cookie = {"Cookie": f"{COOKIE}={secrets.token_hex(16)}"}
    async with websockets.connect(
        f"{url.replace('http', 'ws', 1)}/_stcore/stream",
        subprotocols=[websockets.Subprotocol("streamlit")],
        additional_headers=cookie,
        max_size=None,
        ping_interval=None,
        open_timeout=120,
    ) as ws:
        _, answer = await _run(ws, {})
        if answer is None:
            raise RuntimeError(f"the first run showed no '{ANSWER_KEY}' question")
        await ready.wait()
        for i in range(reruns):
            seconds, _ = await _run(ws, {answer: 1 + i % 2})
            out.append(seconds)


async def _level(urls: Sequence[str], sessions: int, reruns: int) -> Level:
    """``sessions`` users at once (spread over ``urls`` in turn), ``reruns`` answers each."""
    ready = asyncio.Barrier(sessions + 1)
    latencies: list[float] = []
    tasks = [
        asyncio.create_task(_session(urls[i % len(urls)], reruns, ready, latencies))
        for i in range(sessions)
    ]
    waiting = asyncio.create_task(ready.wait())
    while not waiting.done():
        # Every session has had its first run, unless one failed on the way.
        done, _ = await asyncio.wait([waiting, *tasks], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not waiting:
                waiting.cancel()
                task.result()  # raises what went wrong
                raise RuntimeError("a session ended before answering")
    start = time.perf_counter()
    cpu = time.process_time()
    await asyncio.gather(*tasks)
    seconds = time.perf_counter() - start
    return Level(sessions, latencies, seconds, (time.process_time() - cpu) / seconds)


def held_at(levels: Sequence[Level], target: float) -> float | None:
    """Sessions at which the median rerun reaches ``target``, interpolated linearly between
    the measured levels; None when even the largest level stays under it."""
    previous: Level | None = None
    for level in levels:
        if level.median > target:
            if previous is None:
                return level.sessions * target / level.median
            span = (target - previous.median) / (level.median - previous.median)
            return previous.sessions + span * (level.sessions - previous.sessions)
        previous = level
    return None


def _cpu_seconds(pids: Sequence[int]) -> float:
    """User and system CPU seconds the processes have used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Served:
    """App processes under test: where the clients connect, how, and the processes' ids."""

    urls: list[str]
    how: str
    pids: list[int]

    def level(self, sessions: int, reruns: int) -> Level:
        before = _cpu_seconds(self.pids)
        level = asyncio.run(_level(self.urls, sessions, reruns))
        level.server_cpu = (_cpu_seconds(self.pids) - before) / level.seconds
        return level


@contextlib.contextmanager
def _served(processes: int, data: Path) -> Iterator[Served]:
    """``processes`` app processes behind nginx, each warmed up (its rule sets loaded);
    the URLs to connect to and how."""
    from tests.proxy import NginxUnavailable, app_processes, find_nginx, nginx_proxy

    data.mkdir()
    env = {"VAGVAL_DATA_DIR": str(data), "DATABASE_URL": "", "VAGVAL_BASE_URL": ""}
    with app_processes(processes, env) as apps:
        for app in apps:
            asyncio.run(_level([app.url], 1, 2))
        pids = [app.process.pid for app in apps]
        if find_nginx() is None:
            yield Served([app.url for app in apps], "directly, in turn (no nginx installed)", pids)
            return
        try:
            with nginx_proxy([app.address for app in apps]) as proxy:
                yield Served([proxy.url], "through nginx (deploy/nginx.conf)", pids)
        except NginxUnavailable as exc:
            raise RuntimeError(str(exc)) from None


def measure(
    levels: Sequence[int], reruns: int, rounds: int
) -> tuple[list[Level], list[Level], str]:
    """Every level against one app process and against two (each behind its own nginx, both
    running throughout), alternating one and two level by level for ``rounds`` rounds, so
    that a change in the machine's other load falls on both; the levels of one, of two, and
    how the clients connect."""
    runs: dict[tuple[int, int], list[Level]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="vagval-bench-scaleout-") as tmp,
        _served(1, Path(tmp) / "one") as one,
        _served(2, Path(tmp) / "two") as two,
    ):
        for _ in range(rounds):
            for sessions in levels:
                for processes, served in ((1, one), (2, two)):
                    level = served.level(sessions, reruns)
                    runs.setdefault((processes, sessions), []).append(level)

    def merged(processes: int) -> list[Level]:
        result = []
        for sessions in levels:
            parts = runs[(processes, sessions)]
            seconds = sum(p.seconds for p in parts)
            result.append(
                Level(
                    sessions,
                    [x for p in parts for x in p.latencies],
                    seconds,
                    sum(p.client_cpu * p.seconds for p in parts) / seconds,
                    sum(p.server_cpu * p.seconds for p in parts) / seconds,
                )
            )
        return result

    return merged(1), merged(2), one.how


def describe(levels: Sequence[Level]) -> str:
    return "; ".join(
        f"{lv.sessions} sessions: median {lv.median:.2f} s, p90 {lv.p90:.2f} s, "
        f"{lv.throughput:.1f} reruns/s, the app processes using {lv.server_cpu:.2f} cores "
        f"({lv.server_cpu / lv.throughput * 1000:.0f} ms of CPU per rerun), the load client "
        f"{lv.client_cpu:.3f}"
        for lv in levels
    )
