"""The memo and clauses commands as a user runs them: ``python -m procurement memo|clauses``.

Every example is written once as DOCX, a few as PDF and one in English too (module fixture).
Real subprocesses (tests/cli_helpers.run_cli, run in parallel) cover the PDFs, the English
memos, every invalid choices file and the other end-to-end runs; the Swedish DOCX of the
remaining examples and the small error cases call ``procurement.cli.main`` in this process,
which is the same code without the interpreter start. Invalid input exits 2 with one stderr
line naming the field, never a traceback, and never leaves a file or a ``.tmp`` behind.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from procurement.cli import main
from procurement.core.texts import texts
from procurement.documents.memo.build import open_options, prepare
from procurement.documents.memo.document import Heading
from tests.cli_helpers import assert_one_line_error, run_cli
from tests.conftest import EXAMPLES
from tests.test_memo_build import (
    COMPLETE_CASE,
    DIRECT_AWARD_POSSIBLE_CASE,
    EXAMPLE_STEMS,
    LOU_CASE,
    build,
    complete_choices,
    example_memo,
    library,
    load_case,
    rules,
)

mt = texts("memo")
PDF_STEMS = ("fruktkorgar", "mobler-ateranvandning", "stodboende-unga-ideburen")
ENGLISH_STEM = "hemtjanst-kommun"
# (stem, format, language)
JOBS = (
    [(stem, "docx", "sv") for stem in EXAMPLE_STEMS]
    + [(stem, "pdf", "sv") for stem in PDF_STEMS]
    + [(ENGLISH_STEM, "docx", "en"), (ENGLISH_STEM, "pdf", "en")]
)
CLAUSES_STEMS = (LOU_CASE, COMPLETE_CASE, "mobler-ateranvandning", DIRECT_AWARD_POSSIBLE_CASE)

Job = tuple[str, str, str]


def case_path(stem: str) -> Path:
    return EXAMPLES / f"{stem}.json"


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def squash(text: str) -> str:
    return "".join(text.split())


def run_main(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``procurement.cli.main`` in this process (fast; for the many small error cases).
    The subprocess runs of run_cli cover what only a real process shows."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return subprocess.CompletedProcess(list(map(str, args)), code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[Job, tuple[Any, Path]]:
    """``memo`` run once per job, each into a directory of its own: the Swedish DOCX of every
    example in this process (fast), the PDFs and the English memos as real subprocesses."""
    root = tmp_path_factory.mktemp("memos")

    def args(job: Job) -> tuple[list[str | Path], Path]:
        stem, fmt, lang = job
        out = root / f"{stem}-{lang}-{fmt}" / f"memo.{fmt}"
        out.parent.mkdir()
        return ["memo", case_path(stem), "-o", out, "--lang", lang], out

    def in_process(job: Job) -> bool:
        return job[1:] == ("docx", "sv") and job[0] not in PDF_STEMS

    def subprocess_run(job: Job) -> tuple[subprocess.CompletedProcess[str], Path]:
        argv, out = args(job)
        return run_cli(*argv), out

    results: dict[Job, tuple[Any, Path]] = {}
    for job in filter(in_process, JOBS):
        argv, out = args(job)
        results[job] = (run_main(*argv), out)
    others = [job for job in JOBS if not in_process(job)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results.update(zip(others, pool.map(subprocess_run, others), strict=True))
    return results


@pytest.fixture(scope="module")
def proposed() -> dict[str, subprocess.CompletedProcess[str]]:
    """``clauses`` run once per case of CLAUSES_STEMS."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda s: run_cli("clauses", case_path(s)), CLAUSES_STEMS))
    return dict(zip(CLAUSES_STEMS, results, strict=True))


def stderr_report(
    proc: subprocess.CompletedProcess[str],
    out: Path,
    draft: tuple[str, ...],
    alerts: tuple[str, ...] = (),
) -> None:
    """Warnings and draft points one per line on stderr, then where the memo went; nothing
    on stdout."""
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    expected = [f"warning: {item}" for item in alerts] + [f"draft: {item}" for item in draft]
    assert lines[:-1] == expected
    state = f"a draft with {len(draft)} point(s) to complete" if draft else "complete"
    assert lines[-1] == f"memo written to {out} ({state})"


# --- every example ------------------------------------------------------------------------------


@pytest.mark.parametrize("job", JOBS, ids=["-".join(j) for j in JOBS])
def test_memo_writes_a_readable_file_for_every_example(
    written: dict[Job, tuple[Any, Path]], job: Job
) -> None:
    stem, fmt, lang = job
    proc, out = written[job]
    memo = example_memo(stem, lang)
    stderr_report(proc, out, memo.draft, memo.alerts)
    assert [p.name for p in out.parent.iterdir()] == [out.name]
    data = out.read_bytes()
    if fmt == "docx":
        d = docx.Document(io.BytesIO(data))
        assert d.paragraphs[0].text == mt("memo_title", lang)
        headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
        assert headings[:2] == [mt("section_case", lang), mt("section_summary", lang)]
        assert d.core_properties.language == {"sv": "sv-SE", "en": "en-GB"}[lang]
        paragraphs = [p.text for p in d.paragraphs]
        for warning in memo.assessment.warnings:
            assert warning.text in paragraphs, warning.id
        text = "\n".join(paragraphs)
    else:
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) >= 1
        assert reader.metadata is not None
        assert reader.metadata.title == f"{mt('memo_title', lang)}: {mt('untitled', lang)}"
        text = "\n".join(page.extract_text() for page in reader.pages)
        for block in memo.document.blocks:
            if isinstance(block, Heading) and block.level == 1:
                assert " ".join(block.text.split()) in " ".join(text.split())
    assert squash(memo.assessment.ruleset_version) in squash(text)


def test_memo_english_and_swedish_differ(written: dict[Job, tuple[Any, Path]]) -> None:
    for fmt in ("docx", "pdf"):
        _, en_out = written[(ENGLISH_STEM, fmt, "en")]
        assert en_out.stat().st_size > 1000
    sv = docx.Document(str(written[(ENGLISH_STEM, "docx", "sv")][1]))
    en = docx.Document(str(written[(ENGLISH_STEM, "docx", "en")][1]))
    assert sv.paragraphs[0].text != en.paragraphs[0].text
    assert en.paragraphs[0].text == mt("memo_title", "en")


# --- with a choices file --------------------------------------------------------------------------


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("fmt", "lang"), [("docx", "sv"), ("pdf", "en")])
def test_memo_with_a_clauses_file_fills_the_clauses(tmp_path: Path, fmt: str, lang: str) -> None:
    choices, _ = complete_choices(COMPLETE_CASE, lang, title="Förskolan Eken")
    clauses = write_json(tmp_path / "choices.json", choices)
    out = tmp_path / f"memo.{fmt}"
    args: list[str | Path] = ["memo", case_path(COMPLETE_CASE), "--clauses", clauses, "-o", out]
    proc = run_cli(*args, "--lang", lang)
    stderr_report(proc, out, ())
    memo = build(load_case(COMPLETE_CASE), choices, lang)
    assert memo.filled
    if fmt == "docx":
        d = docx.Document(str(out))
        paragraphs = [p.text for p in d.paragraphs]
        assert paragraphs[1] == "Förskolan Eken"
        for f in memo.filled:
            assert f.text in paragraphs, f.clause.id
        cells = {c.text for t in d.tables for row in t.rows for c in row.cells}
        assert set(choices["declined"].values()) <= cells
    else:
        reader = PdfReader(str(out))
        text = squash("".join(page.extract_text() for page in reader.pages))
        for f in memo.filled:
            assert squash(f.text) in text, f.clause.id
        for reason in choices["declined"].values():
            assert squash(reason) in text
    assert leftovers(tmp_path) == []


def test_memo_draft_points_go_to_stderr(tmp_path: Path) -> None:
    clauses = write_json(tmp_path / "c.json", {"route": "direct_award"})
    out = tmp_path / "memo.docx"
    proc = run_cli("memo", case_path(DIRECT_AWARD_POSSIBLE_CASE), "--clauses", clauses, "-o", out)
    memo = build(load_case(DIRECT_AWARD_POSSIBLE_CASE), {"route": "direct_award"})
    assert len(memo.draft) == 2
    stderr_report(proc, out, memo.draft, memo.alerts)
    label = memo.assessment.routes["direct_award"].label
    assert f"draft: {mt('draft_route_reason', 'sv', route=label)}" in proc.stderr.splitlines()


def test_memo_overwrites_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "memo.pdf"
    out.write_bytes(b"old")
    proc = run_cli("memo", case_path(LOU_CASE), "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert leftovers(tmp_path) == []


# --- invalid input: exit 2, one line, no file -----------------------------------------------------


@pytest.mark.parametrize("name", ["memo.txt", "memo", "memo.doc", "memo.pdf.bak"])
def test_memo_bad_output_suffix(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    proc = run_main("memo", case_path(LOU_CASE), "-o", out)
    assert_one_line_error(proc, str(out), ".docx", ".pdf")
    assert list(tmp_path.iterdir()) == []


def test_memo_output_suffix_is_case_insensitive(tmp_path: Path) -> None:
    out = tmp_path / "MEMO.PDF"
    proc = run_cli("memo", case_path(LOU_CASE), "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"%PDF-")


ILO = "supply_chain_ilo_basic"

# (id, raw file content, needles of the one stderr line)
INVALID_FILES: list[tuple[str, str | bytes, tuple[str, ...]]] = [
    ("bad JSON", '{"route": "direct_award",', ("invalid JSON", "line 1")),
    ("not UTF-8", b'{"title": "\xff"}', ("UTF-8",)),
    ("not an object", "[]", ("clauses:",)),
    (
        "unknown clause",
        json.dumps({"clauses": [{"id": "supply_chain_ilo_basc"}]}),
        ("clauses[0].id", f"'{ILO}'?"),
    ),
    (
        "missing variable",
        json.dumps({"clauses": [{"id": ILO, "variables": {}}]}),
        ("clauses[0].variables.products",),
    ),
    (
        "invalid variable",
        json.dumps(
            {"clauses": [{"id": "follow_up_supply_chain_audit", "variables": {"response_days": 0}}]}
        ),
        ("clauses[0].variables.response_days",),
    ),
    (
        "clause twice",
        json.dumps({"clauses": [{"id": ILO, "variables": {"products": "x"}}] * 2}),
        ("clauses[1].id", ILO),
    ),
    ("unknown key", json.dumps({"rout": "iop"}), ("rout:", "route")),
    ("route not possible", json.dumps({"route": "direct_award"}), ("route:",)),
    ("route needs a variant", json.dumps({"route": "reserved_contract"}), ("route:", "4_18")),
    ("declined not open", json.dumps({"declined": {"employment": "x"}}), ("declined.employment",)),
]


@pytest.fixture(scope="module")
def invalid_runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[subprocess.CompletedProcess[str], Path]]:
    """``memo --clauses`` run once per invalid file (alternately to DOCX and PDF), each with
    an output directory of its own."""
    root = tmp_path_factory.mktemp("invalid")

    def one(item: tuple[int, tuple[str, str | bytes, Any]]) -> Any:
        index, (_, content, _) = item
        work = root / f"case{index}"
        (work / "out").mkdir(parents=True)
        clauses = work / "choices.json"
        clauses.write_bytes(content if isinstance(content, bytes) else content.encode())
        fmt = ("docx", "pdf")[index % 2]
        return run_cli(
            "memo", case_path(LOU_CASE), "--clauses", clauses, "-o", work / "out" / f"memo.{fmt}"
        ), work / "out"

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, enumerate(INVALID_FILES)))
    return {name: result for (name, _, _), result in zip(INVALID_FILES, results, strict=True)}


@pytest.mark.parametrize(
    ("name", "needles"), [pytest.param(i, n, id=i) for i, _, n in INVALID_FILES]
)
def test_memo_invalid_choices_file(
    invalid_runs: dict[str, tuple[subprocess.CompletedProcess[str], Path]],
    name: str,
    needles: tuple[str, ...],
) -> None:
    proc, out_dir = invalid_runs[name]
    line = assert_one_line_error(proc, *needles)
    assert line.startswith("error: ")
    assert list(out_dir.iterdir()) == []
    assert leftovers(out_dir.parent) == []


def test_memo_error_leaves_an_existing_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    out.write_bytes(b"the previous memo")
    clauses = write_json(tmp_path / "c.json", {"clauses": [{"id": ILO}]})
    proc = run_cli("memo", case_path(LOU_CASE), "--clauses", clauses, "-o", out)
    assert_one_line_error(proc, "clauses[0].variables.products")
    assert out.read_bytes() == b"the previous memo"
    assert leftovers(tmp_path) == []


def test_memo_missing_clauses_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    out = tmp_path / "memo.docx"
    proc = run_main("memo", case_path(LOU_CASE), "--clauses", missing, "-o", out)
    assert_one_line_error(proc, str(missing), "cannot read")
    assert not out.exists()


def test_memo_invalid_case_file(tmp_path: Path) -> None:
    case = write_json(tmp_path / "case.json", {**load_case(LOU_CASE), "buyer_type": "kommun"})
    out = tmp_path / "memo.pdf"
    proc = run_main("memo", case, "-o", out)
    assert_one_line_error(proc, "buyer_type")
    assert not out.exists()


def test_memo_into_a_missing_directory(tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "memo.pdf"
    proc = run_main("memo", case_path(LOU_CASE), "-o", out)
    assert_one_line_error(proc, str(out), "cannot write")
    assert list(tmp_path.iterdir()) == []


def test_memo_english_errors(tmp_path: Path) -> None:
    clauses = write_json(tmp_path / "c.json", {"clauses": [{"id": ILO}]})
    proc = run_main(
        "memo", case_path(LOU_CASE), "--clauses", clauses, "-o", tmp_path / "m.docx", "--lang", "en"
    )
    assert_one_line_error(proc, "clauses[0].variables.products", "no value")


def test_memo_onto_a_directory_leaves_no_tmp_file(tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    out.mkdir()
    proc = run_cli("memo", case_path(LOU_CASE), "-o", out)
    assert_one_line_error(proc, str(out), "is not a regular file")
    assert out.is_dir()
    assert leftovers(tmp_path) == []


def test_memo_control_character_in_the_title(tmp_path: Path) -> None:
    clauses = write_json(tmp_path / "c.json", {"title": "Kontor\u0001stad"})
    out = tmp_path / "memo.docx"
    proc = run_cli("memo", case_path(LOU_CASE), "--clauses", clauses, "-o", out)
    assert "Traceback" not in proc.stderr
    if proc.returncode == 0:
        assert docx.Document(str(out)).paragraphs[0].text == mt("memo_title", "sv")
    else:
        assert_one_line_error(proc, "title")
        assert not out.exists()
    assert leftovers(tmp_path) == []


# --- clauses: the proposals as Markdown --------------------------------------------------------


def skeleton_of(markdown: str) -> dict[str, Any]:
    blocks = re.findall(r"```json\n(.*?)\n```", markdown, flags=re.S)
    assert len(blocks) == 1, markdown[-500:]
    data = json.loads(blocks[0])
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("stem", CLAUSES_STEMS)
def test_clauses_prints_markdown_and_a_choices_skeleton(
    proposed: dict[str, subprocess.CompletedProcess[str]], stem: str
) -> None:
    proc = proposed[stem]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    prepared = prepare(rules(), library(), load_case(stem), None, "sv")
    target = example_memo(stem, "sv").target
    assert target is not None
    assert proc.stdout.startswith(f"# {mt('section_clauses', 'sv')}: {target}\n")
    skeleton = skeleton_of(proc.stdout)
    assert set(skeleton) == {"route", "clauses", "declined"}
    assert skeleton["route"] == target
    assert [c["id"] for c in skeleton["clauses"]] == [p.clause.id for p in prepared.proposals]
    for entry, p in zip(skeleton["clauses"], prepared.proposals, strict=True):
        assert entry["variables"] == {v.id: None for v in p.clause.variables}
        heading = f"## `{p.clause.id}` – {p.clause.title.get('sv')}"
        assert heading in proc.stdout
        for v in p.clause.variables:
            assert f"- `{v.id}`: {v.label.get('sv')}" in proc.stdout
    keys = [o.key for o in open_options(prepared.proposals, [])]
    assert list(skeleton["declined"]) == keys
    assert all(value == "" for value in skeleton["declined"].values())


def test_clauses_skeleton_with_reasons_makes_a_complete_memo(
    proposed: dict[str, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    skeleton = skeleton_of(proposed[LOU_CASE].stdout)
    skeleton["clauses"] = []
    skeleton["declined"] = dict.fromkeys(skeleton["declined"], "Inte relevant för tjänsten.")
    clauses = write_json(tmp_path / "c.json", skeleton)
    out = tmp_path / "memo.docx"
    proc = run_cli("memo", case_path(LOU_CASE), "--clauses", clauses, "-o", out)
    stderr_report(proc, out, ())


def test_clauses_with_another_possible_route() -> None:
    proc = run_main("clauses", case_path(DIRECT_AWARD_POSSIBLE_CASE), "--route", "direct_award")
    assert proc.returncode == 0, proc.stderr
    skeleton = skeleton_of(proc.stdout)
    assert skeleton["route"] == "direct_award"
    ids = {c["id"] for c in skeleton["clauses"]}
    assert "iop_contributions" not in ids
    assert "accessibility_technical_specification" in ids
    assert list(skeleton["declined"]) == ["accessibility"]


def test_clauses_in_english() -> None:
    proc = run_main("clauses", case_path(LOU_CASE), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"# {mt('section_clauses', 'en')}: lou_social_considerations")
    assert f"## {mt('section_explain', 'en')}" in proc.stdout


@pytest.mark.parametrize(
    ("route", "needles"),
    [
        ("direct_award", ("route:",)),
        ("reserved_contract", ("route:", "reserved_contract.4_18")),
        ("iopp", ("route:", "'iop'?")),
    ],
)
def test_clauses_with_an_invalid_route(route: str, needles: tuple[str, ...]) -> None:
    proc = run_main("clauses", case_path(LOU_CASE), "--route", route)
    assert_one_line_error(proc, *needles)


def test_clauses_for_a_case_with_no_recommendation(tmp_path: Path) -> None:
    case = write_json(tmp_path / "case.json", {"contract_type": "services"})
    proc = run_main("clauses", case)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"# {mt('section_clauses', 'sv')}: {mt('no_route', 'sv')}")
    assert skeleton_of(proc.stdout) == {"route": None, "clauses": [], "declined": {}}


# --- lint ----------------------------------------------------------------------------------------


def test_lint_mentions_the_clause_library() -> None:
    proc = run_cli("lint")
    assert proc.returncode == 0, proc.stderr
    lib = library()
    lines = [line for line in proc.stdout.splitlines() if "clauses" in line]
    assert lines == [f"ok: {Path(lib.files[0]).parent}: {len(lib)} clauses (version {lib.version})"]
    assert str(Path("rules") / "clauses") in lines[0]


def test_clauses_json_is_a_skeleton_that_parses_as_choices(tmp_path: Path) -> None:
    proc = run_cli("clauses", case_path(LOU_CASE), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"route", "clauses", "declined"}
    # with the clauses removed, the file is usable as it is: blank reasons count as none
    data["clauses"] = []
    out = tmp_path / "memo.docx"
    choices = write_json(tmp_path / "c.json", data)
    done = run_cli("memo", case_path(LOU_CASE), "--clauses", choices, "-o", out)
    assert done.returncode == 0, done.stderr
    assert "draft:" in done.stderr
