"""The seminar commands: `tree` (the decision tree as SVG) and `handout` (a scenario's page)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf

from procurement.service import default_ruleset
from tests.cli_helpers import assert_one_line_error, run_cli
from tests.conftest import EXAMPLES

SVG = "{http://www.w3.org/2000/svg}"
SCENARIO = "parkskotsel-reserverad"


def test_tree_draws_every_rule_and_marks_a_case(tmp_path: Path) -> None:
    out = tmp_path / "tree.svg"
    proc = run_cli("tree", "--case", EXAMPLES / "stadning-kommunhus.json", "-o", out)
    assert proc.returncode == 0, proc.stderr
    root = ET.parse(out).getroot()
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    rules = {cr.rule.id for t in default_ruleset().targets.values() for cr in t.rules}
    assert {f"rule-{r}" for r in rules} <= ids
    classes = " ".join(e.get("class") or "" for e in root.iter())
    assert "decisive" in classes


def test_tree_without_a_case_marks_nothing(tmp_path: Path) -> None:
    out = tmp_path / "tree.svg"
    assert run_cli("tree", "--lang", "en", "-o", out).returncode == 0
    classes = " ".join(e.get("class") or "" for e in ET.parse(out).getroot().iter())
    assert "decisive" not in classes


def test_tree_needs_an_svg_name(tmp_path: Path) -> None:
    proc = run_cli("tree", "-o", tmp_path / "tree.png")
    assert_one_line_error(proc, "tree.png", ".svg")


def test_handout_as_markdown_and_pdf(tmp_path: Path) -> None:
    md, pdf = tmp_path / "h.md", tmp_path / "h.pdf"
    assert run_cli("handout", SCENARIO, "-o", md).returncode == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Parkskötsel med jobb för långtidsarbetslösa")
    assert "## Vägvals svar" in text and "4 kap. 18 § LOU" in text
    assert run_cli("handout", SCENARIO, "--lang", "en", "-o", pdf).returncode == 0
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 1  # a one-page handout
    assert "Vägval's answer" in reader.pages[0].extract_text()


def test_handout_of_an_unknown_scenario_suggests_one(tmp_path: Path) -> None:
    proc = run_cli("handout", "parkskotsel", "-o", tmp_path / "h.md")
    assert_one_line_error(proc, "scenario", f"did you mean '{SCENARIO}'?")
    assert not (tmp_path / "h.md").exists()
