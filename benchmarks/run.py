"""The benchmark: every speed figure of issue 9 in one run, with its baseline, ratio and target.

    python -m benchmarks.run              # everything (about 7 minutes on 2 cores)
    python -m benchmarks.run --quick      # small sizes, a smoke run (under a minute)
    python -m benchmarks.run --only a,c   # some figures

(a) one full assessment with its trace, against the hand-written function and zen-engine;
(b) assess-batch over generated cases, CSV in and out, against pandas + the hand-written
function; (c) loading and validating rules/; (d) the questionnaire's rerun after one answer
under AppTest, against a bare page with as many widgets; (e) the app's cold start to first
render; (f) the peak memory of each; (g) how many concurrent sessions two app processes behind
nginx hold at a rerun latency, against one (benchmarks/scaleout.py). Every measurement runs in a
fresh child process (so its peak RSS is its own): warm-up first, then repetitions, and the
median is reported; (g) drives its own app processes.

Writes benchmarks/results.md and benchmarks/results.json. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tests.devserver import free_port, healthy, stop

ROOT = Path(__file__).resolve().parent.parent
if not __package__:  # run as a file (python benchmarks/run.py): make the packages importable
    sys.path.insert(0, str(ROOT))
HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 22)  # the day random cases without a date are assessed on
SEED = 9
FIGURES = ("a", "b", "c", "d", "e", "g")
ZEN_MISSING = "not installed (pip install zen-engine)"


@dataclass
class Sizes:
    """How much to measure."""

    cases: int = 300  # (a) cases per repetition
    reps: int = 7  # (a), (c) repetitions
    check: int = 10_000  # (a) random cases on which the hand-written function is checked
    zen_check: int = 1000  # (a) cases on which zen-engine is checked equal
    batch: int = 100_000  # (b) rows
    batch_reps: int = 1  # (b) repetitions of the engine's batch (each is minutes long)
    hand_batch_reps: int = 3  # (b) repetitions of the hand-written pipeline
    reruns: int = 20  # (d) timed reruns
    starts: int = 3  # (e) cold starts
    sessions: tuple[int, ...] = (5, 10, 20, 40)  # (g) concurrent sessions per load level
    session_reruns: int = 8  # (g) answers per session
    session_rounds: int = 2  # (g) rounds over the levels (one and two processes in turn)


# (the checks keep their full size: a wrong baseline would make every figure meaningless)
QUICK = Sizes(
    cases=60,
    reps=3,
    batch=2000,
    hand_batch_reps=1,
    reruns=6,
    starts=1,
    sessions=(4, 8),
    session_reruns=4,
    session_rounds=1,
)


@dataclass
class Row:
    """One line of the results table."""

    figure: str
    value: float | str | None
    unit: str
    baseline: float | str | None = None
    baseline_name: str = ""
    ratio: float | None = None
    ratio_note: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# timing helpers (used in the children)


def _median_per_item_us(
    fn: Callable[[Any], Any], items: Sequence[Any], reps: int, min_ns: int = 200_000_000
) -> tuple[float, list[float]]:
    """Median time per item in µs: one warm-up pass, then ``reps`` timed passes, each
    repeated often enough to last ``min_ns``."""
    start = time.perf_counter_ns()
    for item in items:  # warm-up (also calibrates)
        fn(item)
    once = max(time.perf_counter_ns() - start, 1)
    inner = max(1, math.ceil(min_ns / once))
    samples = []
    for _ in range(reps):
        start = time.perf_counter_ns()
        for _ in range(inner):
            for item in items:
                fn(item)
        elapsed = time.perf_counter_ns() - start
        samples.append(elapsed / (inner * len(items)) / 1000)
    return statistics.median(samples), samples


def _alloc_peak_kb(fn: Callable[[Any], Any], items: Iterable[Any]) -> float:
    """The largest tracemalloc peak of one call over ``items``, in KiB."""
    import tracemalloc

    peaks = []
    tracemalloc.start()
    try:
        for item in items:
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            fn(item)
            peaks.append(tracemalloc.get_traced_memory()[1] - before)
    finally:
        tracemalloc.stop()
    return max(peaks) / 1024


def _cases(n: int) -> tuple[Any, list[dict[str, Any]], list[Any]]:
    from benchmarks.cases import CaseGenerator
    from procurement.core.facts_input import parse_case
    from procurement.service import default_ruleset

    rs = default_ruleset()
    raw = CaseGenerator(rs, seed=SEED).cases(n)
    return rs, raw, [parse_case(rs, facts, today=TODAY) for facts in raw]


# ---------------------------------------------------------------------------------------------
# children: each measures one thing and prints one JSON object


def child_a_engine(n: int, reps: int) -> dict[str, Any]:
    """(a) the full assessment (parse, evaluate, render with trace), and its parts."""
    from procurement.core.engine import evaluate
    from procurement.core.facts_input import parse_case
    from procurement.report.render import render
    from procurement.service import assess

    rs, raw, cases = _cases(n)
    full, full_s = _median_per_item_us(lambda f: assess(f, ruleset=rs, today=TODAY), raw, reps)
    parse, _ = _median_per_item_us(lambda f: parse_case(rs, f, today=TODAY), raw, reps)
    evaluations = [evaluate(rs, c) for c in cases]
    ev, _ = _median_per_item_us(lambda c: evaluate(rs, c), cases, reps)
    rend, _ = _median_per_item_us(lambda e: render(rs, e, "sv"), evaluations, reps)
    dump, _ = _median_per_item_us(
        lambda f: assess(f, ruleset=rs, today=TODAY).model_dump_json(), raw[: max(n // 3, 1)], reps
    )
    alloc = _alloc_peak_kb(lambda f: assess(f, ruleset=rs, today=TODAY), raw[:50])
    trace = statistics.mean(len(e.trace) for e in evaluations)
    return {
        "full_us": full,
        "full_samples": full_s,
        "parse_us": parse,
        "evaluate_us": ev,
        "render_us": rend,
        "json_us": dump,
        "alloc_kb": alloc,
        "trace_entries": trace,
    }


def child_a_hand(n: int, reps: int) -> dict[str, Any]:
    """(a) the hand-written function on the same cases (validated facts)."""
    from benchmarks.handwritten import Handwritten

    rs, _raw, cases = _cases(n)
    hand = Handwritten.from_ruleset(rs)
    decide = hand.decide
    us, samples = _median_per_item_us(
        lambda c: decide(c.facts, c.as_of, c.as_of_defaulted), cases, reps
    )
    hand._cache.clear()
    alloc = _alloc_peak_kb(lambda c: decide(c.facts, c.as_of, c.as_of_defaulted), cases[:50])
    return {"us": us, "samples": samples, "alloc_kb": alloc}


def child_a_zen(n: int, reps: int) -> dict[str, Any]:
    """(a) zen-engine evaluating the JDM graph on the same cases."""
    import zen

    from benchmarks.jdm import GRAPH_FILE, ZenDecision, build_graph

    rs, _raw, cases = _cases(n)
    content = json.dumps(build_graph(rs))
    stale = not GRAPH_FILE.exists() or json.loads(GRAPH_FILE.read_text("utf-8")) != json.loads(
        content
    )
    decision = ZenDecision(content)
    requests = [ZenDecision.request(c.facts, c.as_of, c.as_of_defaulted) for c in cases]
    us, samples = _median_per_item_us(decision.evaluate, requests, reps)
    alloc = _alloc_peak_kb(decision.evaluate, requests[:50])
    version = getattr(zen, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version("zen-engine")
    return {"us": us, "samples": samples, "alloc_kb": alloc, "version": version, "stale": stale}


def _fixed_cases(rs: Any) -> list[Any]:
    """Every example case and every scenario of rules/tests/ with valid input, validated."""
    from procurement.authoring.testing.scenarios import SCENARIO_TODAY, load_scenarios
    from procurement.core.errors import InputError
    from procurement.core.facts_input import parse_case

    items: list[tuple[Any, dt.date]] = [
        (json.loads(path.read_text(encoding="utf-8")), TODAY)
        for path in sorted((ROOT / "data" / "examples").glob("*.json"))
    ]
    for path in sorted((ROOT / "rules" / "tests").glob("*.yaml")):
        for scenario, _line in load_scenarios(path):
            if scenario.expect.error is None:
                items.append((scenario.facts, SCENARIO_TODAY))
    out = []
    for facts, today in items:
        with contextlib.suppress(InputError):  # an input-validation scenario
            out.append(parse_case(rs, facts, today=today))
    return out


def child_check(n: int, zen_n: int) -> dict[str, Any]:
    """(a) the hand-written function equals the engine (on ``n`` random cases, every example
    and every scenario of rules/tests/), and zen-engine equals it (on ``zen_n`` cases)."""
    from benchmarks.handwritten import Decision, Handwritten
    from benchmarks.jdm import ZenDecision, build_graph, zen_available
    from procurement.core.engine import evaluate
    from procurement.report.render import render

    rs, _raw, cases = _cases(max(n, zen_n))
    fixed = _fixed_cases(rs)
    hand = Handwritten.from_ruleset(rs)
    differ = []
    for c in [*cases[:n], *fixed]:
        evaluation = evaluate(rs, c)
        engine = Decision.from_assessment(render(rs, evaluation), evaluation.recommended_target)
        if hand.decide(c.facts, c.as_of, c.as_of_defaulted) != engine:
            differ.append({k: str(v) for k, v in c.facts.items()})
    out: dict[str, Any] = {
        "hand_checked": n + len(fixed),
        "hand_fixed": len(fixed),
        "hand_differ": differ[:3],
        "hand_ndiffer": len(differ),
    }
    if zen_available():
        decision = ZenDecision(json.dumps(build_graph(rs)))
        bad = [
            c
            for c in [*cases[:zen_n], *fixed]
            if decision.decide(c.facts, c.as_of, c.as_of_defaulted)
            != hand.decide(c.facts, c.as_of, c.as_of_defaulted)
        ]
        out |= {"zen_checked": zen_n + len(fixed), "zen_ndiffer": len(bad)}
    return out


def child_b_engine(csv_path: str, out_path: str) -> dict[str, Any]:
    """(b) assess-batch in this process: the command line's own function, CSV to CSV."""
    import io

    from procurement.cli import main

    stderr = io.StringIO()
    start = time.perf_counter_ns()
    with contextlib.redirect_stderr(stderr):
        status = main(["assess-batch", csv_path, "-o", out_path])
    seconds = (time.perf_counter_ns() - start) / 1e9
    return {"seconds": seconds, "status": status, "stderr": stderr.getvalue()[-500:]}


def child_b_cli(csv_path: str, out_path: str) -> dict[str, Any]:
    """(b) ``python -m procurement assess-batch``: the package's __main__ run as the command
    line runs it, in this fresh interpreter (so that its own peak memory can be read)."""
    import runpy

    saved = sys.argv
    sys.argv = ["procurement", "assess-batch", csv_path, "-o", out_path]
    status = 0
    try:
        runpy.run_module("procurement", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        status = int(exc.code or 0)
    finally:
        sys.argv = saved
    if status != 0:
        raise RuntimeError(f"assess-batch exited {status}")
    return {"status": status}


def child_b_hand(csv_path: str, out_path: str) -> dict[str, Any]:
    """(b) the baseline: pandas.read_csv, the hand-written function per row, to_csv."""
    import pandas as pd

    from benchmarks.handwritten import Handwritten, parse_text_row
    from procurement.service import default_ruleset

    rs = default_ruleset()
    hand = Handwritten.from_ruleset(rs)
    version = rs.version
    routes = [f"status_{r}" for r in rs.routes]
    variants = [f"status_{r.id}_{v.id}" for r in rs.routes.values() for v in r.variants]
    start = time.perf_counter_ns()
    today = dt.date.today()
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    columns = list(frame.columns)
    rows = []
    for number, record in enumerate(frame.itertuples(index=False, name=None), start=2):
        cells = dict(zip(columns, record, strict=True))
        facts, as_of, defaulted = parse_text_row(cells, today)
        decision = hand.decide(facts, as_of, defaulted)
        rows.append(
            {
                "row": number,
                **cells,
                "error": "",
                "as_of_applied": as_of.isoformat(),
                **decision.cells(),
                "ruleset_version": version,
            }
        )
    head = ["row", *columns, "error", "as_of_applied", "value_band", "recommended_route"]
    tail = ["missing_facts", "obligations", "warnings", "ruleset_version"]
    pd.DataFrame(rows, columns=[*head, *routes, *variants, *tail]).to_csv(
        out_path, index=False, encoding="utf-8"
    )
    return {"seconds": (time.perf_counter_ns() - start) / 1e9}


def child_c_load(reps: int) -> dict[str, Any]:
    """(c) loading and validating rules/: the route rules, the clause library, the supplier
    rules (as the linter loads them, without its analysis)."""
    from procurement.clauses.library import DEFAULT_CLAUSES_DIR, load_library
    from procurement.core.loader import DEFAULT_RULES_DIR, DEFAULT_SUPPLIER_RULES_DIR, load_ruleset

    def route() -> Any:
        return load_ruleset(DEFAULT_RULES_DIR)

    rs = route()
    parts: dict[str, Callable[[], Any]] = {
        "route": route,
        "clauses": lambda: load_library(rs, DEFAULT_CLAUSES_DIR),
        "supplier": lambda: load_ruleset(DEFAULT_SUPPLIER_RULES_DIR),
    }

    def whole() -> None:
        load_library(route(), DEFAULT_CLAUSES_DIR)
        load_ruleset(DEFAULT_SUPPLIER_RULES_DIR)

    out: dict[str, Any] = {}
    for name, fn in [("whole", whole), *parts.items()]:
        fn()  # warm-up
        samples = []
        for _ in range(reps):
            start = time.perf_counter_ns()
            fn()
            samples.append((time.perf_counter_ns() - start) / 1e6)
        out[f"{name}_ms"] = statistics.median(samples)
        out[f"{name}_samples"] = samples
    out["alloc_kb"] = _alloc_peak_kb(lambda _: whole(), [None])
    return out


BARE_PAGE = """
import streamlit as st

for i in range({n}):
    st.radio(f"Question {{i}}", [None, True, False], key=f"q{{i}}", horizontal=True)
"""


def _count_widgets(at: Any) -> int:
    from streamlit.testing.v1.element_tree import Widget

    count = 0
    stack = [at._tree]
    while stack:
        node = stack.pop()
        for child in getattr(node, "children", {}).values():
            if isinstance(child, Widget):
                count += 1
            stack.append(child)
    return count


def _rerun_ms(at: Any, key: str, values: tuple[Any, Any], runs: int) -> list[float]:
    for i in range(2):  # warm-up
        at.radio(key=key).set_value(values[i % 2]).run()
    samples = []
    for i in range(runs):
        radio = at.radio(key=key)
        start = time.perf_counter_ns()
        radio.set_value(values[i % 2]).run()
        samples.append((time.perf_counter_ns() - start) / 1e6)
        if at.exception:
            raise RuntimeError(str(at.exception))
    return samples


def child_d_app(runs: int) -> dict[str, Any]:
    """(d) the questionnaire's rerun after one answer, under AppTest."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.radio(key="lang").set_value("sv").run()
    if at.exception:
        raise RuntimeError(str(at.exception))
    widgets = _count_widgets(at)
    samples = _rerun_ms(at, "route:buyer_type", ("central_government", "sub_central"), runs)
    return {"ms": statistics.median(samples), "samples": samples, "widgets": widgets}


def child_d_bare(runs: int, widgets: int) -> dict[str, Any]:
    """(d) a bare page of ``widgets`` radio widgets, the same way."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(BARE_PAGE.format(n=widgets), default_timeout=60)
    at.run()
    samples = _rerun_ms(at, "q0", (True, False), runs)
    return {"ms": statistics.median(samples), "samples": samples}


def child_widgets() -> dict[str, Any]:
    """How many widgets the questionnaire shows at the start (for the bare pages)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return {"widgets": _count_widgets(at)}


def child_e_apptest() -> dict[str, Any]:
    """(e) fallback without a browser: a fresh process's first complete AppTest run."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    return {"ok": not at.exception}


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "a-engine": child_a_engine,
    "a-hand": child_a_hand,
    "a-zen": child_a_zen,
    "check": child_check,
    "b-engine": child_b_engine,
    "b-cli": child_b_cli,
    "b-hand": child_b_hand,
    "c-load": child_c_load,
    "d-app": child_d_app,
    "d-bare": child_d_bare,
    "e-apptest": child_e_apptest,
    "widgets": child_widgets,
}


# ---------------------------------------------------------------------------------------------
# the parent: children with their peak memory


def peak_rss_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory in MB: VmHWM, the high-water mark of its own memory
    since it started this program. (Not ru_maxrss: a child's includes what its parent had
    when it forked.)"""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # elsewhere: the best there is

    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


@dataclass
class Finished:
    """A child process that has ended: its status, wall time, output and result."""

    status: int
    seconds: float
    stdout: str
    stderr: str

    def result(self) -> dict[str, Any]:
        """The JSON object the child printed last; RuntimeError with its stderr if it failed."""
        if self.status != 0:
            raise RuntimeError(f"exit {self.status}: {self.stderr.strip()[-800:]}")
        lines = [line for line in self.stdout.splitlines() if line.startswith("{")]
        if not lines:
            raise RuntimeError(f"no result: {self.stderr.strip()[-800:]}")
        return json.loads(lines[-1])  # type: ignore[no-any-return]

    @property
    def max_rss_mb(self) -> float:
        """The peak RSS the child reported for itself."""
        return float(self.result()["rss_mb"])


def run_process(command: Sequence[str], timeout: float = 3600) -> Finished:
    """Run ``command`` in ROOT and time it (wall clock)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter_ns()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, env=_env())
        try:
            status = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            status = process.wait()
        seconds = (time.perf_counter_ns() - start) / 1e9
        out.seek(0)
        err.seek(0)
        return Finished(
            status,
            seconds,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def child(name: str, *args: Any) -> Finished:
    """Run one measurement in a fresh interpreter."""
    command = [sys.executable, "-m", "benchmarks.run", "--child", name, *map(str, args)]
    return run_process(command)


def progress(message: str) -> None:
    """A line on stderr, so that a long run shows where it is."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# the figures


def figure_a(sizes: Sizes) -> list[Row]:
    """(a) one full assessment with its trace vs the hand-written function vs zen-engine."""
    progress(f"(a) full assessment, {sizes.cases} cases x {sizes.reps} repetitions")
    engine_run = child("a-engine", sizes.cases, sizes.reps)
    engine = engine_run.result()
    progress("(a) hand-written function")
    hand_run = child("a-hand", sizes.cases, sizes.reps)
    hand = hand_run.result()
    from benchmarks.jdm import zen_available

    zen_run: Finished | None = None
    zen: dict[str, Any] | None = None
    if zen_available():
        progress("(a) zen-engine")
        zen_run = child("a-zen", sizes.cases, sizes.reps)
        zen = zen_run.result()
    progress("(a) checking the hand-written function (and zen-engine) against the engine")
    check = child("check", sizes.check, sizes.zen_check).result()

    full = engine["full_us"]
    rows = [
        Row(
            "(a) full assessment with trace (parse, evaluate, render)",
            full,
            "µs",
            hand["us"],
            "hand-written function",
            full / hand["us"],
            "engine ÷ hand-written",
            "≤ 10×",
            full / hand["us"] <= 10,
            f"median over {sizes.reps} repetitions of {sizes.cases} random cases; "
            f"{engine['trace_entries']:.0f} trace entries per case on average",
            {"engine": engine["full_samples"], "hand": hand["samples"]},
        )
    ]
    if zen is None:
        rows.append(
            Row(
                "(a) full assessment vs zen-engine (JDM graph)",
                full,
                "µs",
                ZEN_MISSING,
                target="≥ 10× faster",
            )
        )
    else:
        rows.append(
            Row(
                "(a) full assessment vs zen-engine (JDM graph)",
                full,
                "µs",
                zen["us"],
                f"zen-engine {zen['version']}",
                zen["us"] / full,
                "zen-engine ÷ engine",
                "≥ 10× faster",
                zen["us"] / full >= 10,
                "zen-engine: decision.evaluate() per case, request prepared"
                + (
                    "; the stored graph file is stale (python -m benchmarks.jdm)"
                    if zen["stale"]
                    else ""
                ),
                {"zen": zen["samples"]},
            )
        )
    for key, label in (
        ("parse_us", "parse_case (validate the facts)"),
        ("evaluate_us", "evaluate (engine, with trace entries)"),
        ("render_us", "render (texts, trace with amounts)"),
        ("json_us", "full assessment + model_dump_json"),
    ):
        rows.append(Row(f"(a)   part: {label}", engine[key], "µs", note="information"))
    equal = check["hand_ndiffer"] == 0
    rows.append(
        Row(
            "(a) check: hand-written = engine",
            f"{check['hand_checked'] - check['hand_ndiffer']}/{check['hand_checked']} equal",
            "",
            met=equal,
            note="value band, statuses, recommendation, duties, missing facts, warnings; "
            f"{check['hand_checked'] - check['hand_fixed']} random cases, every example case "
            f"and scenario of rules/tests/ ({check['hand_fixed']})"
            + ("" if equal else f"; differing facts: {check['hand_differ']}"),
        )
    )
    if "zen_checked" in check:
        rows.append(
            Row(
                "(a) check: zen-engine = hand-written",
                f"{check['zen_checked'] - check['zen_ndiffer']}/{check['zen_checked']} equal",
                "",
                met=check["zen_ndiffer"] == 0,
                note=f"{check['zen_checked'] - check['hand_fixed']} random cases, every example "
                "case and scenario of rules/tests/",
            )
        )
    rows.append(_memory_row("(f) peak RSS, process doing (a) engine", engine_run, hand_run))
    if zen_run is not None:
        rows.append(
            Row(
                "(f) peak RSS, process doing (a) zen-engine",
                zen_run.max_rss_mb,
                "MB",
                note="information",
            )
        )
    allocation = Row(
        "(f) allocated during one assessment (tracemalloc peak)",
        engine["alloc_kb"],
        "KiB",
        hand["alloc_kb"],
        "hand-written function",
        engine["alloc_kb"] / hand["alloc_kb"] if hand["alloc_kb"] else None,
        "engine ÷ hand-written",
        note="largest over 50 cases",
    )
    rows.append(allocation)
    return rows


def _memory_row(label: str, measured: Finished, baseline: Finished, name: str = "") -> Row:
    return Row(
        label,
        measured.max_rss_mb,
        "MB",
        baseline.max_rss_mb,
        name or "same with the hand-written function",
        measured.max_rss_mb / baseline.max_rss_mb,
        "÷ baseline",
        note="whole process (interpreter, imports, rules, data)",
    )


def _write_cases_csv(path: Path, n: int) -> int:
    import csv

    from benchmarks.cases import CaseGenerator, facts_to_row
    from procurement.service import default_ruleset

    rs = default_ruleset()
    generator = CaseGenerator(rs, seed=SEED)
    columns = list(rs.facts)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", *columns])
        for i in range(n):
            writer.writerow([f"c{i + 1}", *facts_to_row(generator.case(), columns)])
    return path.stat().st_size


def figure_b(sizes: Sizes) -> list[Row]:
    """(b) assess-batch CSV to CSV vs pandas + the hand-written function."""
    n = sizes.batch
    with tempfile.TemporaryDirectory(prefix="vagval-bench-") as tmp:
        folder = Path(tmp)
        cases = folder / "cases.csv"
        progress(f"(b) writing {n} random cases to a CSV")
        size = _write_cases_csv(cases, n)
        progress(f"(b) the hand-written pipeline ({sizes.hand_batch_reps} repetitions)")
        hand_runs = [
            child("b-hand", cases, folder / "hand.csv") for _ in range(sizes.hand_batch_reps)
        ]
        hand_s = statistics.median(r.result()["seconds"] for r in hand_runs)
        progress(f"(b) assess-batch in-process over {n} cases ({sizes.batch_reps} repetitions)")
        engine_runs = [
            child("b-engine", cases, folder / "engine.csv") for _ in range(sizes.batch_reps)
        ]
        engine_s = statistics.median(r.result()["seconds"] for r in engine_runs)
        progress(f"(b) python -m procurement assess-batch over {n} cases (a subprocess)")
        cli = child("b-cli", cases, folder / "cli.csv")
        cli.result()
        identical = (folder / "hand.csv").read_bytes() == (folder / "engine.csv").read_bytes()
        cli_identical = (folder / "cli.csv").read_bytes() == (folder / "engine.csv").read_bytes()
    hand_rate, engine_rate, cli_rate = n / hand_s, n / engine_s, n / cli.seconds
    note = f"{n} cases, CSV of {size / 1e6:.1f} MB"
    return [
        Row(
            "(b) assess-batch in-process (cli.main), CSV → CSV",
            engine_rate,
            "cases/s",
            hand_rate,
            "pandas + hand-written + to_csv",
            engine_rate / hand_rate,
            "engine ÷ hand-written throughput",
            "≥ 0.33×",
            engine_rate / hand_rate >= 1 / 3,
            f"{note}; {engine_s:.1f} s vs {hand_s:.2f} s",
            {
                "engine_s": [r.result()["seconds"] for r in engine_runs],
                "hand_s": [r.result()["seconds"] for r in hand_runs],
            },
        ),
        Row(
            "(b) python -m procurement assess-batch (subprocess)",
            cli_rate,
            "cases/s",
            hand_rate,
            "pandas + hand-written + to_csv",
            cli_rate / hand_rate,
            "engine ÷ hand-written throughput",
            "≥ 0.33×",
            cli_rate / hand_rate >= 1 / 3,
            f"{cli.seconds:.1f} s wall, including interpreter start and imports",
        ),
        Row(
            "(b) check: output CSVs identical (engine, CLI, hand-written)",
            "yes" if identical and cli_identical else "no",
            "",
            met=identical and cli_identical,
            note="byte for byte",
        ),
        _memory_row(
            "(f) peak RSS, assess-batch subprocess",
            cli,
            hand_runs[0],
            "hand-written pipeline process",
        ),
        Row(
            "(f) peak RSS, assess-batch in-process child",
            engine_runs[0].max_rss_mb,
            "MB",
            note="information",
        ),
    ]


def figure_c(sizes: Sizes) -> list[Row]:
    """(c) loading and validating rules/."""
    progress("(c) loading and validating rules/")
    run = child("c-load", sizes.reps)
    result = run.result()
    rows = [
        Row(
            "(c) load and validate rules/ (route + clauses + supplier)",
            result["whole_ms"],
            "ms",
            target="< 50 ms",
            met=result["whole_ms"] < 50,
            note=f"median of {sizes.reps}, after one warm-up load",
            samples={"whole": result["whole_samples"]},
        )
    ]
    for part, label in (
        ("route", "route rules (rules/*.yaml)"),
        ("clauses", "clause library (rules/clauses)"),
        ("supplier", "supplier rules (rules/supplier)"),
    ):
        rows.append(Row(f"(c)   part: {label}", result[f"{part}_ms"], "ms", note="information"))
    rows.append(Row("(f) peak RSS, process doing (c)", run.max_rss_mb, "MB", note="information"))
    rows.append(
        Row(
            "(f) allocated while loading rules/ (tracemalloc peak)",
            result["alloc_kb"],
            "KiB",
            note="information",
        )
    )
    return rows


def figure_d(sizes: Sizes) -> list[Row]:
    """(d) the questionnaire's rerun after one answer vs a bare page, under AppTest."""
    progress(f"(d) AppTest: the questionnaire's rerun, {sizes.reruns} runs")
    app_run = child("d-app", sizes.reruns)
    app = app_run.result()
    progress(f"(d) AppTest: a bare page with {app['widgets']} radio widgets")
    bare_run = child("d-bare", sizes.reruns, app["widgets"])
    bare = bare_run.result()
    ratio = app["ms"] / bare["ms"]
    return [
        Row(
            "(d) questionnaire rerun after one answer (AppTest)",
            app["ms"],
            "ms",
            bare["ms"],
            f"bare page, {app['widgets']} st.radio",
            ratio,
            "app ÷ bare",
            "≤ 3×",
            ratio <= 3,
            f"median of {sizes.reruns} reruns after 2 warm-up reruns; "
            f"the page has {app['widgets']} widgets",
            {"app": app["samples"], "bare": bare["samples"]},
        ),
        _memory_row("(f) peak RSS, AppTest process (d)", app_run, bare_run, "bare page process"),
    ]


def _cold_start(script: Path, browser: Any, ready_text: str) -> tuple[float, float, float]:
    """Seconds to a healthy server and to the first complete render; the server's peak RSS."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter_ns()
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=_env()
        )
        try:
            while not healthy(url):
                if server.poll() is not None or time.perf_counter_ns() - start > 120e9:
                    log.seek(0)
                    raise RuntimeError(log.read().decode("utf-8", "replace")[-1500:])
                time.sleep(0.02)
            up = (time.perf_counter_ns() - start) / 1e9
            page = browser.new_page()
            try:
                page.goto(url)
                page.get_by_text(ready_text, exact=True).first.wait_for(timeout=120_000)
                page.wait_for_selector(
                    '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000
                )
                rendered = (time.perf_counter_ns() - start) / 1e9
            finally:
                page.close()
            rss = peak_rss_mb(server.pid)
        finally:
            stop(server, 15)
    return up, rendered, rss


def figure_e(sizes: Sizes) -> list[Row]:
    """(e) the app's cold start to first render (headless Chromium), vs a bare page."""
    from procurement.ui.texts import t
    from tests.devserver import CHROMIUM, CHROMIUM_ARGS

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None  # type: ignore[assignment]
    if sync_playwright is None or not CHROMIUM.exists():
        return _figure_e_apptest(sizes, "no Playwright or no /usr/bin/chromium")
    progress(f"(e) cold start of `streamlit run app.py` to first render, {sizes.starts} times")
    ready = t("no_recommendation", "sv")
    with tempfile.TemporaryDirectory(prefix="vagval-bench-") as tmp:
        bare_script = Path(tmp) / "bare.py"
        app_results, bare_results = [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                widgets = child("widgets").result()["widgets"]
                bare_script.write_text(BARE_PAGE.format(n=widgets), encoding="utf-8")
                for _ in range(sizes.starts):
                    app_results.append(_cold_start(ROOT / "app.py", browser, ready))
                    bare_results.append(
                        _cold_start(bare_script, browser, f"Question {widgets - 1}")
                    )
            finally:
                browser.close()
    app_s = statistics.median(r[1] for r in app_results)
    bare_s = statistics.median(r[1] for r in bare_results)
    return [
        Row(
            "(e) cold start to first render (streamlit run + Chromium)",
            app_s,
            "s",
            bare_s,
            "bare page, same way",
            app_s / bare_s,
            "app ÷ bare",
            note=f"median of {sizes.starts}: process start → health ok → page loaded in headless "
            "Chromium (already running) → result column shown and the script run finished; "
            f"server healthy after {statistics.median(r[0] for r in app_results):.2f} s",
            samples={"app": [r[1] for r in app_results], "bare": [r[1] for r in bare_results]},
        ),
        Row(
            "(f) peak RSS, app server after first render",
            statistics.median(r[2] for r in app_results),
            "MB",
            statistics.median(r[2] for r in bare_results),
            "bare page server",
            statistics.median(r[2] for r in app_results)
            / statistics.median(r[2] for r in bare_results),
            "÷ baseline",
            note="the streamlit process only (not the browser)",
        ),
    ]


def figure_g(sizes: Sizes) -> list[Row]:
    """(g) concurrent sessions held at a rerun latency: two app processes vs one."""
    from benchmarks import scaleout

    progress(
        f"(g) one and two app processes, in turn: {sizes.sessions} sessions, "
        f"{sizes.session_reruns} answers each, {sizes.session_rounds} rounds"
    )
    one, two, how = scaleout.measure(sizes.sessions, sizes.session_reruns, sizes.session_rounds)
    target = scaleout.TARGET_S
    held_one, held_two = scaleout.held_at(one, target), scaleout.held_at(two, target)
    most = max(sizes.sessions)

    def shown(held: float | None) -> float | str:
        return held if held is not None else f"> {most}"

    samples = {f"one/{lv.sessions}": lv.latencies for lv in one}
    samples |= {f"two/{lv.sessions}": lv.latencies for lv in two}
    rows = [
        Row(
            f"(g) sessions held at a median rerun ≤ {target:g} s: two app processes",
            shown(held_two),
            "sessions",
            shown(held_one),
            "one app process",
            held_two / held_one if held_one and held_two else None,
            "two ÷ one",
            note=f"each session answers a question {sizes.session_reruns} times without "
            f"pausing (Streamlit's websocket protocol), {how}; one and two in turn, "
            f"{sizes.session_rounds} round(s); interpolated between {sizes.sessions} "
            f"sessions. One: {scaleout.describe(one)}. "
            f"Two: {scaleout.describe(two)}",
            samples=samples,
        ),
    ]
    for n_one, n_two in zip(one, two, strict=True):
        rows.append(
            Row(
                f"(g) median rerun, {n_one.sessions} sessions: two processes",
                n_two.median * 1000,
                "ms",
                n_one.median * 1000,
                "one process",
                n_two.median / n_one.median,
                "two ÷ one",
                note="information",
            )
        )
    rows.append(
        Row(
            f"(g) reruns per second at {most} sessions: two processes",
            two[-1].throughput,
            "reruns/s",
            one[-1].throughput,
            "one process",
            two[-1].throughput / one[-1].throughput,
            "two ÷ one",
            note="information",
        )
    )
    return rows


def _figure_e_apptest(sizes: Sizes, why: str) -> list[Row]:
    progress(f"(e) {why}: cold start as a fresh process's first AppTest run")
    runs = [child("e-apptest") for _ in range(sizes.starts)]
    for r in runs:
        r.result()
    seconds = statistics.median(r.seconds for r in runs)
    return [
        Row(
            "(e) cold start to first complete script run (AppTest, fresh process)",
            seconds,
            "s",
            note=f"fallback ({why}): interpreter start, imports and the first run",
        ),
        Row(
            "(f) peak RSS, process doing (e)",
            statistics.median(r.max_rss_mb for r in runs),
            "MB",
            note="information",
        ),
    ]


# ---------------------------------------------------------------------------------------------
# report


def machine() -> dict[str, Any]:
    """CPU model, cores, memory, Python, OS, load and the commit measured."""
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    commit = None
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
        commit = done.stdout.strip() or None
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "commit": commit,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if abs(value) >= 1000:
        text = f"{value:,.0f}".replace(",", " ")
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def _cells(row: Row) -> list[str]:
    baseline = _fmt(row.baseline, row.unit if not isinstance(row.baseline, str) else "")
    if row.baseline_name and row.baseline is not None:
        baseline = f"{baseline} ({row.baseline_name})"
    ratio = "—" if row.ratio is None else f"{row.ratio:.2f}×"
    if row.ratio is not None and row.ratio_note:
        ratio += f" ({row.ratio_note})"
    met = "—" if row.met is None else ("yes" if row.met else "NO")
    return [row.figure, _fmt(row.value, row.unit), baseline, ratio, row.target or "—", met]


HEADER = ["figure", "value", "baseline", "ratio", "target", "met"]


def table_text(rows: list[Row]) -> str:
    """The table for the terminal."""
    cells = [HEADER, *(_cells(r) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEADER))]
    lines = []
    for i, row in enumerate(cells):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def table_markdown(rows: list[Row]) -> str:
    """The table as Markdown."""
    out = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for row in rows:
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in _cells(row)) + " |")
    return "\n".join(out)


def write_results(
    rows: list[Row], info: dict[str, Any], sizes: Sizes, command: str, errors: list[str]
) -> None:
    """benchmarks/results.md and benchmarks/results.json."""
    notes = [f"- **{r.figure}**: {r.note}" for r in rows if r.note and r.note != "information"]
    load = info["load_average"]
    text = [
        "# Benchmark results",
        "",
        f"Measured {info['date']} with `{command}` (commit {info['commit'] or 'unknown'}).",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB RAM; "
        f"Python {info['python']}; {info['os']}"
        + (f"; load average at start {load[0]:.2f}" if load else "")
        + ".",
        "",
        f"Sizes: {json.dumps(asdict(sizes))}.",
        "",
        table_markdown(rows),
        "",
        "## Notes",
        "",
        *notes,
        *(["", "## Errors", "", *[f"- {e}" for e in errors]] if errors else []),
        "",
    ]
    (HERE / "results.md").write_text("\n".join(text), encoding="utf-8")
    data = {
        "machine": info,
        "command": command,
        "sizes": asdict(sizes),
        "rows": [asdict(r) for r in rows],
        "errors": errors,
    }
    (HERE / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, with --child, one measurement)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--only", default="", help="figures to run, e.g. a,c (default: all)")
    parser.add_argument("--no-write", action="store_true", help="do not write results.md/json")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        name, *rest = args.child
        values: list[Any] = [int(v) if v.isdigit() else v for v in rest]
        result = CHILDREN[name](*values)
        result["rss_mb"] = peak_rss_mb()
        print(json.dumps(result))
        return 0
    only = [f.strip() for f in args.only.split(",") if f.strip()] or list(FIGURES)
    unknown = [f for f in only if f not in FIGURES]
    if unknown:
        parser.error(f"unknown figure(s) {unknown}; choose from {','.join(FIGURES)}")
    sizes = QUICK if args.quick else Sizes()
    info = machine()
    command = "python -m benchmarks.run" + (" --quick" if args.quick else "")
    command += f" --only {','.join(only)}" if args.only else ""
    figures = {
        "a": figure_a,
        "b": figure_b,
        "c": figure_c,
        "d": figure_d,
        "e": figure_e,
        "g": figure_g,
    }
    rows: list[Row] = []
    errors: list[str] = []
    for name in only:
        try:
            rows += figures[name](sizes)
        except Exception as exc:  # report it and go on with the other figures
            errors.append(f"({name}) failed: {type(exc).__name__}: {exc}")
            rows.append(Row(f"({name}) FAILED", f"{type(exc).__name__}: {exc}"[:120], ""))
    print()
    print(
        f"Vägval benchmark — {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
        f"{info['date']}"
    )
    print(table_text(rows))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if not args.no_write:
        write_results(rows, info, sizes, command, errors)
        print(f"\nwritten: {HERE / 'results.md'} and {HERE / 'results.json'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
