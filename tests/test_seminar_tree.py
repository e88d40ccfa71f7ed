"""The decision tree as SVG: drawn from the rules, complete, in order, and marked for a case."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from procurement.core.engine import evaluate
from procurement.core.facts_input import parse_case
from procurement.core.loader import load_ruleset
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.documents.seminar.tree import MARKERS, decision_tree_svg
from procurement.report.assessment import Assessment
from procurement.service import assess, default_ruleset
from tests.conftest import EXAMPLES, FIXTURES, ROOT

t = texts("report")  # the status words the tree shows
NS = "{http://www.w3.org/2000/svg}"
HIGHLIGHTS = {"decisive", "held", "false", "unknown"}
# One example per recommended route, and one near an unconfirmed amount (unknown rules).
CASES = [
    "stadning-kommunhus",
    "kvinnojour-partnerskap",
    "fruktkorgar",
    "it-support-myndighet",
    "stodboende-unga-ideburen",
    "konsulttjanster-nara-troskelvarde",
]
NASTY = "Direkt & <snabb> \"köp\" 'nu'"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def _by_id(root: ET.Element) -> dict[str, ET.Element]:
    found: dict[str, ET.Element] = {}
    for el in root.iter():
        ident = el.get("id")
        if ident is not None:
            assert ident not in found, f"duplicate id {ident}"
            found[ident] = el
    return found


def _text(el: ET.Element) -> str:
    return " ".join(el.itertext())


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _classes(el: ET.Element) -> set[str]:
    return set((el.get("class") or "").split())


def _column(target_id: str) -> str:
    return "target-" + target_id.replace(".", "-")


def _assessment(name: str, lang: str = "sv", **changes: Any) -> Assessment:
    facts = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return assess({**facts, **changes}, lang=lang)  # type: ignore[arg-type]


def _complete(rs: RuleSet, svg: str) -> None:
    """Every rule of every target, every recommendation and every value band is drawn."""
    ids = _by_id(_parse(svg))
    for target in rs.targets.values():
        column = ids[_column(target.id)]
        for cr in target.rules:
            box = ids[f"rule-{cr.rule.id}"]
            assert box in list(column.iter()), cr.rule.id
            assert "rule" in _classes(box)
            assert cr.rule.id in _squash(_text(box))
            assert _squash(cr.rule.when) in _squash(_text(box)), cr.rule.id
        assert f"default-{target.id.replace('.', '-')}" in ids
    for rec, _ in rs.recommendations:
        box = ids[f"rec-{rec.id}"]
        assert _squash(rec.when) in _squash(_text(box)), rec.id
        assert _squash(rs.targets[rec.target].label.get("sv")) in _squash(_text(box))
    band = rs.derived_by_id.get("value_band")
    for case in band.spec.cases if band else []:
        assert _squash(case.when) in _squash(_text(ids[f"band-{case.value}"]))


@pytest.fixture(scope="module")
def shipped() -> RuleSet:
    return default_ruleset()


@pytest.fixture(scope="module")
def nasty(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    """The minimal rules, with markup characters in a route label and a fact label."""
    src = (FIXTURES / "minimal_rules" / "rules.yaml").read_text(encoding="utf-8")
    label = json.dumps(NASTY, ensure_ascii=False)
    src = src.replace(
        "label: {sv: Direktupphandling, en: Direct award}",
        f"label: {{sv: {label}, en: {label}}}",
    )
    src = src.replace(
        "label: {sv: Social tjänst, en: Social service}",
        "label: {sv: 'Social & <tjänst>', en: 'Social & <service>'}",
    )
    folder = tmp_path_factory.mktemp("nasty")
    (folder / "rules.yaml").write_text(src, encoding="utf-8")
    return load_ruleset(folder)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_standalone_svg_document(shipped: RuleSet, lang: str) -> None:
    svg = decision_tree_svg(shipped, lang)  # type: ignore[arg-type]
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = _parse(svg)
    assert root.tag == f"{NS}svg"
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    assert width > 0 and height > 0
    assert root.get("viewBox") == f"0 0 {width:g} {height:g}"
    assert "sans-serif" in (root.get("font-family") or "")
    title = root.find(f"{NS}title")
    assert title is not None and shipped.meta.title.get(lang) in (title.text or "")  # type: ignore[arg-type]
    background = root.find(f"{NS}rect")
    assert background is not None and background.get("fill") == "#ffffff"
    assert background.get("width") == root.get("width")
    assert background.get("height") == root.get("height")


def test_every_rule_recommendation_and_value_band_appears(shipped: RuleSet) -> None:
    _complete(shipped, decision_tree_svg(shipped))
    ids = _by_id(_parse(decision_tree_svg(shipped)))
    band = shipped.derived_by_id["value_band"]
    assert [i for i in ids if i.startswith("band-")] == [f"band-{c.value}" for c in band.spec.cases]
    assert sum(i.startswith("rule-") for i in ids) == sum(
        len(t.rules) for t in shipped.targets.values()
    )


def test_columns_follow_the_targets(shipped: RuleSet) -> None:
    root = _parse(decision_tree_svg(shipped))
    columns = [el.get("id") for el in root.iter() if "target" in _classes(el)]
    assert columns == [_column(ident) for ident in shipped.targets]


def test_rules_in_the_engines_order(shipped: RuleSet) -> None:
    root = _parse(decision_tree_svg(shipped))
    ids = _by_id(root)
    # The engine tries a target's rules in the order it records them in its trace.
    case = parse_case(shipped, {"as_of": "2025-06-01"}, lang="sv")
    trace = evaluate(shipped, case).trace
    for target in shipped.targets.values():
        drawn = [
            (el.get("id") or "")[len("rule-") :]
            for el in ids[_column(target.id)].iter()
            if "rule" in _classes(el)
        ]
        tried = [e.id for e in trace if e.step == "rule" and e.target == target.id]
        assert drawn == tried
        priorities = [cr.rule.priority for cr in target.rules]
        assert priorities == sorted(priorities, reverse=True)


def test_recommendations_in_rank_order(shipped: RuleSet) -> None:
    root = _parse(decision_tree_svg(shipped))
    drawn = [el.get("id") for el in root.iter() if "rec" in _classes(el)]
    ranked = sorted(shipped.recommendations, key=lambda pair: pair[0].rank)
    assert drawn == [f"rec-{rec.id}" for rec, _ in ranked] + ["rec-none"]


def test_without_an_assessment_nothing_is_highlighted(shipped: RuleSet) -> None:
    root = _parse(decision_tree_svg(shipped))
    for el in root.iter():
        assert not _classes(el) & (HIGHLIGHTS | {"recommended"}), el.get("id")
    boxes = [el for el in root.iter() if _classes(el) & {"rule", "rec", "band", "default"}]
    assert boxes and all("untried" in _classes(el) for el in boxes)
    for marker in ("✔", "✖"):
        assert marker not in "".join(root.itertext())


@pytest.mark.parametrize("name", CASES)
def test_the_case_path_is_marked(shipped: RuleSet, name: str) -> None:
    assessment = _assessment(name)
    root = _parse(decision_tree_svg(shipped, "sv", assessment))
    ids = _by_id(root)
    for entry in assessment.trace:
        if entry.step != "rule":
            continue
        box = ids[f"rule-{entry.id}"]
        title = _text(box).lstrip()
        if entry.decisive:
            assert "decisive" in _classes(box)
            assert title.startswith("✔")
        elif entry.result == "false" and "untried" not in _classes(box):
            assert "false" in _classes(box)
            assert title.startswith("✖")
        elif entry.result == "unknown" and "untried" not in _classes(box):
            assert "unknown" in _classes(box)
            assert title.startswith("?")
    decisive = [e for e in assessment.trace if e.step == "recommendation" and e.decisive]
    recommended = [el.get("id") for el in root.iter() if "recommended" in _classes(el)]
    if assessment.recommended_route is None:
        assert recommended == [] and not decisive
        return
    (rec,) = decisive
    assert rec.target is not None and rec.target.split(".")[0] == assessment.recommended_route
    assert recommended == [_column(rec.target)]
    column = ids[_column(rec.target)]
    assert "✔" in "".join(column.itertext())
    assert "decisive" in _classes(ids[f"rec-{rec.id}"])
    assert _text(ids[f"rec-{rec.id}"]).lstrip().startswith("✔")


def test_all_three_markers_appear_for_a_case_with_unknowns(shipped: RuleSet) -> None:
    # the value is not known, so the rules that compare it are neither true nor false
    assessment = _assessment("konsulttjanster-nara-troskelvarde", estimated_value_sek=None)
    root = _parse(decision_tree_svg(shipped, "sv", assessment))
    titles = {
        state: [
            _text(el).lstrip()[0]
            for el in root.iter()
            if state in _classes(el) and _classes(el) & {"rule", "rec", "band"}
        ]
        for state in ("decisive", "false", "unknown", "untried")
    }
    assert titles["decisive"] and set(titles["decisive"]) == {"✔"}
    assert titles["false"] and set(titles["false"]) == {"✖"}
    assert titles["unknown"] and set(titles["unknown"]) == {"?"}
    assert not {"✔", "✖", "?"} & set(titles["untried"])


def test_markers_are_plain_unicode_characters(shipped: RuleSet) -> None:
    assert set(MARKERS.values()) == {"✔", "✖", "?"}
    for marker in MARKERS.values():
        assert len(marker) == 1
    svg = decision_tree_svg(shipped, "sv", _assessment("stadning-kommunhus"))
    assert "\ufe0f" not in svg  # no emoji presentation


def test_an_undecided_case_marks_unknowns_and_no_recommendation(shipped: RuleSet) -> None:
    assessment = assess({"as_of": "2025-01-01", "contract_type": "services"})
    assert assessment.recommended_route is None
    ids = _by_id(_parse(decision_tree_svg(shipped, "en", assessment)))
    assert "unknown" in _classes(ids["rec-none"])
    assert not [i for i, el in ids.items() if "recommended" in _classes(el)]
    assert any("unknown" in _classes(el) for i, el in ids.items() if i.startswith("band-"))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_labels_in_the_language(shipped: RuleSet, lang: str) -> None:
    svg = decision_tree_svg(shipped, lang)  # type: ignore[arg-type]
    text = _squash("".join(_parse(svg).itertext()))
    for target in shipped.targets.values():
        assert _squash(target.label.get(lang)) in text  # type: ignore[arg-type]
    for status in ("possible", "not_possible"):
        assert _squash(t(f"status_{status}", lang)) in text  # type: ignore[arg-type]
    other = "en" if lang == "sv" else "sv"
    assert _squash(t("status_not_possible", other)) not in text  # type: ignore[arg-type]
    fact = shipped.facts["urgent_unforeseeable"].label
    assert _squash(fact.get(lang)) in text  # type: ignore[arg-type]
    assert ("annars" in text) == (lang == "sv")


def test_special_characters_are_escaped(nasty: RuleSet) -> None:
    assert nasty.targets["direct_award"].label.sv == NASTY
    for lang in ("sv", "en"):
        svg = decision_tree_svg(nasty, lang)  # type: ignore[arg-type]
        root = _parse(svg)
        assert "&lt;snabb&gt;" in svg and "&amp;" in svg
        assert "<snabb>" not in svg and "<tjänst>" not in svg
        text = "".join(root.itertext())
        assert NASTY in text.replace("\n", "")
        assert "Social & <" in text
        _complete(nasty, svg)
    ids = _by_id(_parse(decision_tree_svg(nasty)))
    assert not [i for i in ids if i.startswith("band-")]  # no value_band: no bands drawn
    assert "&lt;" in decision_tree_svg(nasty)  # the condition 'estimated_value_sek < ...'


def test_the_minimal_rules_with_an_assessment(nasty: RuleSet) -> None:
    facts = {"as_of": "2025-06-01", "contract_type": "services", "estimated_value_sek": 1000}
    assessment = assess(facts, ruleset=nasty)
    ids = _by_id(_parse(decision_tree_svg(nasty, "sv", assessment)))
    assert "decisive" in _classes(ids["rule-direct_award_below_limit"])
    assert "untried" in _classes(ids["rule-direct_award_above_limit"])
    assert "recommended" in _classes(ids["target-direct_award"])
    assert "decisive" in _classes(ids["rec-recommend_direct_award"])


def _lines(text: ET.Element) -> list[float]:
    """The baselines of a text element's lines."""
    y = float(text.get("y", "0"))
    out = []
    for span in text.iter(f"{NS}tspan"):
        y += float(span.get("dy", "0"))
        out.append(y)
    return out


def test_text_stays_inside_its_box_and_boxes_do_not_overlap(shipped: RuleSet) -> None:
    root = _parse(decision_tree_svg(shipped, "sv", _assessment("stodboende-unga-ideburen")))
    boxes = [el for el in root.iter() if _classes(el) & {"rule", "rec", "band", "default"}]
    spans = []
    for box in boxes:
        rect = box.find(f"{NS}rect")
        assert rect is not None
        x, y = float(rect.get("x", "0")), float(rect.get("y", "0"))
        w, h = float(rect.get("width", "0")), float(rect.get("height", "0"))
        spans.append((x, y, x + w, y + h))
        for text in box.iter(f"{NS}text"):
            for baseline in _lines(text):
                assert y < baseline <= y + h, box.get("id")
    for i, a in enumerate(spans):
        for b in spans[i + 1 :]:
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    assert all(s[0] >= 0 and s[2] <= width and s[1] >= 0 and s[3] <= height for s in spans)


def test_the_same_rules_draw_the_same_picture(shipped: RuleSet) -> None:
    assert decision_tree_svg(shipped) == decision_tree_svg(shipped)


def test_no_streamlit_import() -> None:
    code = "import sys, procurement.documents.seminar.tree; print('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False"
