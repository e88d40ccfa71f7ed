"""The example cases' stories are data: data/examples/index.yaml (id → sv, en), read strictly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from procurement.core.errors import RuleLoadError
from procurement.documents.examples import INDEX_FILE, example_cases, read_stories
from tests.conftest import EXAMPLES

CASES = sorted(p.stem for p in EXAMPLES.glob("*.json"))


def test_every_example_case_has_both_stories() -> None:
    examples = example_cases()
    assert [e.id for e in examples] == CASES
    for example in examples:
        assert example.story("sv").strip() and example.story("en").strip(), example.id
        assert example.story("sv") != example.story("en"), example.id
        assert example.story("sv") == example.story_sv


def test_the_readme_points_to_the_index_and_keeps_no_table() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert INDEX_FILE in readme
    assert not any(f"`{case}.json` |" in readme for case in CASES)


def _folder(tmp_path: Path, index: str, cases: tuple[str, ...] = ("a", "b")) -> Path:
    for case in cases:
        (tmp_path / f"{case}.json").write_text(json.dumps({"as_of": "2026-01-01"}), "utf-8")
    (tmp_path / INDEX_FILE).write_text(index, encoding="utf-8")
    return tmp_path


def _problems(tmp_path: Path, index: str, cases: tuple[str, ...] = ("a", "b")) -> list[str]:
    folder = _folder(tmp_path, index, cases)
    with pytest.raises(RuleLoadError) as info:
        read_stories(folder / INDEX_FILE, list(cases))
    return [issue.short() for issue in info.value.issues]


GOOD = "a:\n  sv: Ett\n  en: One\nb:\n  sv: Två\n  en: Two\n"


def test_a_good_index_is_read(tmp_path: Path) -> None:
    examples = example_cases.__wrapped__(_folder(tmp_path, GOOD))
    assert [(e.id, e.story("sv"), e.story("en")) for e in examples] == [
        ("a", "Ett", "One"),
        ("b", "Två", "Two"),
    ]


def test_an_entry_without_a_case_file_is_an_error(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD + "bb:\n  sv: Tre\n  en: Three\n")
    assert problems == ["index.yaml:7: 'bb': there is no case bb.json (did you mean 'b'?)"]


def test_a_case_without_an_entry_is_an_error(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "a:\n  sv: Ett\n  en: One\n")
    assert problems == ["index.yaml:1: the case b.json has no story: add 'b' with sv, en"]


def test_a_missing_or_unknown_language_names_the_line(tmp_path: Path) -> None:
    index = "a:\n  sv: Ett\nb:\n  sv: Två\n  en: Two\n  fi: Kaksi\n"
    assert _problems(tmp_path, index) == [
        "index.yaml:1: a: missing key 'en'",
        "index.yaml:6: b: unknown language 'fi' (the stories are in 'sv' and 'en')",
    ]


def test_an_empty_story_or_a_wrong_shape_is_an_error(tmp_path: Path) -> None:
    index = "a:\n  sv: ''\n  en: One\nb: just text\n"
    problems = _problems(tmp_path, index)
    assert problems[0].startswith("index.yaml:2: a: sv: String should have at least 1 character")
    assert problems[1] == "index.yaml:4: b: expected its story in 'sv' and 'en'"
    assert _problems(tmp_path, "- a\n- b\n") == [
        "index.yaml:1: the file must be a mapping of example ids, each with its story in "
        "'sv' and 'en'"
    ]


def test_a_duplicate_id_or_a_missing_index_is_an_error(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD + "a:\n  sv: Igen\n  en: Again\n")
    assert len(problems) == 1 and problems[0].startswith("index.yaml:7:"), problems
    (tmp_path / INDEX_FILE).unlink()
    with pytest.raises(RuleLoadError, match="cannot read file"):
        read_stories(tmp_path / INDEX_FILE, ["a", "b"])


def test_the_shipped_folder_copied_reads_the_same(tmp_path: Path) -> None:
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    assert [(e.id, e.story_sv, e.story_en) for e in example_cases.__wrapped__(copy)] == [
        (e.id, e.story_sv, e.story_en) for e in example_cases()
    ]
