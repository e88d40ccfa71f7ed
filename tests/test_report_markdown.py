"""The Markdown report: everything the assessment says, for every example case, in sv and en."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.report.markdown import assessment_markdown
from procurement.service import assess
from tests.conftest import EXAMPLES

t = texts("report")

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
LANGS: tuple[Lang, ...] = ("sv", "en")


def _facts(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_examples() -> None:
    assert len(EXAMPLE_FILES) >= 10


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_markdown_carries_the_whole_assessment(path: Path, lang: Lang, ruleset: RuleSet) -> None:
    a = assess(_facts(path), lang=lang, ruleset=ruleset)
    md = assessment_markdown(a, ruleset, lang)
    assert md.startswith(f"# {t('app_title', lang)} – {a.as_of.isoformat()}\n")
    if a.recommended_route:
        label = a.routes[a.recommended_route].label
        assert f"**{t('recommended_route', lang)}:** {label}" in md
    else:
        assert f"**{t('no_recommendation', lang)}**" in md
    assert a.ruleset_version in md
    assert t("check_current", lang) in md
    wanted: list[str] = []
    for route in a.routes.values():
        assert f"{route.label}: {t(f'status_{route.status}', lang)}" in md
        wanted += [route.label, *(r.text for r in route.reasons)]
        for variant in (route.variants or {}).values():
            assert f"{variant.label}: {t(f'status_{variant.status}', lang)}" in md
            wanted += [variant.label, *(r.text for r in variant.reasons)]
    for o in a.obligations:
        wanted += [o.text, *o.references]
    wanted += [w.text for w in a.warnings]
    wanted += [ruleset.facts[f].label.get(lang) for f in a.missing_facts]
    wanted += [ruleset.facts[f].label.get(lang) for f in a.facts]
    absent = [w for w in wanted if w not in md]
    assert not absent, absent
    if a.obligations:
        assert f"## {t('duties', lang)}" in md
    if a.warnings:
        assert f"## {t('warnings', lang)}" in md


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_without_a_recommendation(lang: Lang, ruleset: RuleSet) -> None:
    # no example lacks a recommendation; nothing answered is the plainest such case
    a = assess({}, lang=lang, ruleset=ruleset)
    assert a.recommended_route is None
    md = assessment_markdown(a, ruleset, lang)
    assert f"**{t('no_recommendation', lang)}**" in md
    assert f"**{t('recommended_route', lang)}:**" not in md
    assert f"## {t('missing', lang)}" in md
    for fact in a.missing_facts:
        assert ruleset.facts[fact].label.get(lang) in md
    for route in a.routes.values():
        assert route.label in md


def test_the_two_languages_differ(ruleset: RuleSet) -> None:
    facts = _facts(EXAMPLE_FILES[0])
    sv = assessment_markdown(assess(facts, lang="sv", ruleset=ruleset), ruleset, "sv")
    en = assessment_markdown(assess(facts, lang="en", ruleset=ruleset), ruleset, "en")
    assert "## Fakta" in sv and "## Facts" not in sv
    assert "## Facts" in en and "## Fakta" not in en
    assert t("check_current", "sv") in sv and t("check_current", "en") in en
