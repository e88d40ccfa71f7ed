"""The editor schemas in schemas/: up to date, true to the shipped files, named by each file."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from procurement.authoring.schema import FILES, SCHEMA_DIR, SCHEMAS, main, render, schema
from tests.conftest import FIXTURES, ROOT

# The parser of the rule loader: the pure-Python one refuses e.g. "{sv: Vad ska köpas?, ...}".
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MODELINE = "# yaml-language-server: $schema="
# The keywords the Red Hat YAML language server understands (it implements draft-07; $defs
# is reached by JSON pointer). A schema using anything else would be checked only in part.
EDITOR_KEYWORDS = {
    *("$schema", "$id", "$defs", "$ref", "title", "description", "default", "type", "enum"),
    *("const", "format", "pattern", "minLength", "maxLength", "minimum", "maximum"),
    *("exclusiveMinimum", "exclusiveMaximum", "items", "minItems", "maxItems", "uniqueItems"),
    *("properties", "required", "additionalProperties", "propertyNames", "minProperties"),
    *("maxProperties", "anyOf", "oneOf", "allOf", "not"),
}


def _files(name: str) -> list[Path]:
    return sorted(path for pattern in FILES[name] for path in ROOT.glob(pattern))


def _load(path: Path) -> Any:
    """The document as JSON data: dates as ISO strings, keys as the editor reads them."""
    text = path.read_text(encoding="utf-8")
    return _plain(json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_LOADER))


def _key(key: Any) -> str:
    """A mapping key as a string, as the rule loader reads it (``true``, ``null``, ``3``)."""
    if key is None or isinstance(key, bool):
        return {True: "true", False: "false", None: "null"}[key]
    return str(key)


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {_key(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(item) for item in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(name: str, data: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(name).iter_errors(data)
    ]


YAML_FILES = [(name, path) for name in SCHEMAS for path in _files(name) if path.suffix == ".yaml"]
SHIPPED = [(name, path) for name in SCHEMAS for path in _files(name)]


def _id(item: tuple[str, Path]) -> str:
    return str(item[1].relative_to(ROOT))


# --- generated and current -------------------------------------------------------------------
@pytest.mark.parametrize("name", list(SCHEMAS))
def test_schema_file_is_current(name: str) -> None:
    path = SCHEMA_DIR / f"{name}.schema.json"
    assert path.is_file(), f"schemas/{path.name} is missing: run python -m procurement schema"
    assert path.read_text(encoding="utf-8") == render(name), (
        f"schemas/{path.name} is stale: run python -m procurement schema"
    )


def test_no_stray_schema_files() -> None:
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(
        f"{name}.schema.json" for name in SCHEMAS
    )


def test_main_writes_every_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / f"{n}.schema.json") for n in SCHEMAS]
    for name in SCHEMAS:
        assert (tmp_path / f"{name}.schema.json").read_text(encoding="utf-8") == render(name)
    assert main(["--nonsense"]) == 2


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_schema_is_valid_2020_12_for_an_editor(name: str) -> None:
    generated = schema(name)
    Draft202012Validator.check_schema(generated)
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert generated["$id"] and generated["title"] and generated["description"]
    assert "``" not in json.dumps(generated), "descriptions are Markdown, not reST"
    assert "__unset__" not in json.dumps(generated), "no internal markers as defaults"
    used: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            used.update(node)
            for key, value in node.items():
                if key in ("properties", "$defs"):
                    for sub in value.values():
                        walk(sub)
                elif key not in ("default", "enum", "const", "required"):
                    walk(value)

    walk(generated)
    assert used <= EDITOR_KEYWORDS, sorted(used - EDITOR_KEYWORDS)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_model_forbids_unknown_keys(name: str) -> None:
    generated = schema(name)
    for node in [generated, *generated.get("$defs", {}).values()]:
        for shape in [node, *node.get("anyOf", [])]:
            if "properties" in shape:
                assert shape.get("additionalProperties") is False, shape.get("title")


# --- true to the files -----------------------------------------------------------------------
@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_kind_has_files(name: str) -> None:
    assert _files(name), FILES[name]


@pytest.mark.parametrize(("name", "path"), SHIPPED, ids=[_id(i) for i in SHIPPED])
def test_shipped_file_validates(name: str, path: Path) -> None:
    assert _errors(name, _load(path)) == []


@pytest.mark.parametrize(
    ("fixture", "error"),
    [
        ("05_unknown_key_whne", "'whne' was unexpected"),
        ("08_invalid_status", "'posible' is not one of"),
    ],
)
def test_loader_invalid_fixture_does_not_validate(fixture: str, error: str) -> None:
    data = _load(FIXTURES / "invalid_rules" / fixture / "rules.yaml")
    errors = _errors("rules", data)
    assert any(error in e for e in errors), errors


def test_a_reference_is_a_string_or_an_object() -> None:
    rule = {
        "id": "r",
        "target": "direct_award",
        "priority": 1,
        "when": "true",
        "status": "possible",
        "reason": {"sv": "Ja.", "en": "Yes."},
    }
    refs = ["19 a kap. 11 § LOU", {"ref": "4 kap. 18 § LOU", "verified": False}]
    assert _errors("rules", {"rules": [{**rule, "references": refs}]}) == []
    for bad in ["", {"ref": "x", "page": 3}, {"verified": True}, 7]:
        assert _errors("rules", {"rules": [{**rule, "references": [bad]}]}), bad


def test_dates_and_message_keys_are_checked() -> None:
    period = {"valid_from": "2024-01-01", "value": 1, "verified": True, "source": {"title": "x"}}
    amount = {"id": "a", "label": {"sv": "A", "en": "A"}, "unit": "SEK", "periods": [period]}
    assert _errors("rules", {"amounts": [amount]}) == []
    bad = {**amount, "periods": [{**period, "valid_from": "2024-13-01"}]}
    assert _errors("rules", {"amounts": [bad]})
    assert _errors("rules", {"messages": {"Not_An_Id": {"sv": "x", "en": "y"}}})


def test_a_rule_test_must_expect_something() -> None:
    assert _errors("rule-tests", [{"name": "n", "facts": {}, "expect": {}}])
    assert _errors("rule-tests", [{"name": "n", "facts": {}, "expect": {"routes": {}}}]) == []


# --- each YAML file names its schema ---------------------------------------------------------
@pytest.mark.parametrize(("name", "path"), YAML_FILES, ids=[_id(i) for i in YAML_FILES])
def test_yaml_file_names_its_schema_on_line_one(name: str, path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith(MODELINE), f"{_id((name, path))}: line 1 must be {MODELINE}..."
    target = (path.parent / first.removeprefix(MODELINE).strip()).resolve()
    assert target == (SCHEMA_DIR / f"{name}.schema.json").resolve(), first
    assert target.is_file(), first
    expected = os.path.relpath(target, path.parent).replace(os.sep, "/")
    assert first == f"{MODELINE}{expected}"


def test_every_rule_directory_yaml_has_a_schema() -> None:
    """A new folder of YAML files under rules/ needs a schema (or an entry in FILES)."""
    covered = {path for _, path in YAML_FILES}
    assert sorted(set((ROOT / "rules").rglob("*.yaml")) - covered) == []
