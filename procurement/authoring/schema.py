"""JSON Schemas of the YAML formats, for editors: completion and checking while typing.

The schemas are generated from the pydantic models, so they never disagree with the loader
about keys, types and allowed values (the loader alone checks what a schema cannot say:
conditions, cross references, overlapping periods, ...). They are kept in ``schemas/`` and
a test fails when they are stale. Regenerate them with::

    python -m procurement schema

Each YAML file names its schema on its first line, which the Red Hat YAML language server
(the YAML extension of VS Code) reads::

    # yaml-language-server: $schema=../schemas/rules.schema.json

``FILES`` lists which files each schema is for (globs relative to the repository).
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from procurement.authoring.testing.scenarios import Scenario as RuleTest
from procurement.clauses.model import ClauseFile
from procurement.core.model import LocalAmountsFile, RuleFile
from procurement.core.output_file import write_output
from procurement.core.resources import SCHEMAS_DIR
from procurement.documents.memo.choices import MemoChoices
from procurement.documents.seminar.scenario import Scenario as SeminarScenario

__all__ = ["FILES", "SCHEMAS", "SCHEMA_DIR", "main", "render", "schema", "write_schemas"]

SCHEMA_DIR = SCHEMAS_DIR
DRAFT = "https://json-schema.org/draft/2020-12/schema"
COMMAND = "python -m procurement schema"

# Models whose before-validator also accepts a bare string for one field:
# ``- 19 a kap. 11 § LOU`` means ``- {ref: 19 a kap. 11 § LOU}``.
_STRING_SHORTHAND = {"Reference": "ref"}
# Defaults that are internal markers, not values to offer in an editor.
_SENTINEL_DEFAULTS = ("__unset__",)
# What a model validator requires that the generated schema does not say.
_EXTRA = {"Expect": {"minProperties": 1}}


@dataclass(frozen=True)
class _Format:
    model: type[BaseModel]
    title: str
    files: tuple[str, ...]
    is_list: bool = False


_FORMATS: dict[str, _Format] = {
    "rules": _Format(RuleFile, "Vägval rule file", ("rules/*.yaml", "rules/supplier/*.yaml")),
    "rule-tests": _Format(
        RuleTest,
        "Vägval scenario tests of the rules",
        ("rules/tests/*.yaml", "rules/supplier/tests/*.yaml"),
        is_list=True,
    ),
    "clauses": _Format(ClauseFile, "Vägval clause library file", ("rules/clauses/*.yaml",)),
    "seminar-scenario": _Format(
        SeminarScenario, "Vägval seminar scenario", ("data/scenarios/*.yaml",)
    ),
    "memo-choices": _Format(MemoChoices, "Vägval memo choices", ("data/memo/*.json",)),
    "local-amounts": _Format(
        LocalAmountsFile,
        "Vägval amounts entered locally (VAGVAL_LOCAL_AMOUNTS)",
        ("tests/fixtures/local_amounts/*.yaml",),
    ),
}

FILES: dict[str, tuple[str, ...]] = {name: fmt.files for name, fmt in _FORMATS.items()}


def _markdown(text: str) -> str:
    """Docstrings mark code with double backquotes (reST); editors show Markdown: single ones."""
    return text.replace("``", "`")


def _walk(node: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    """Call ``visit`` on every subschema (not on the name mappings ``properties``, ``$defs``)."""
    if isinstance(node, list):
        for item in node:
            _walk(item, visit)
    elif isinstance(node, dict):
        visit(node)
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for sub in value.values():
                    _walk(sub, visit)
            elif key not in ("default", "enum", "const", "required"):
                _walk(value, visit)


def _tidy(node: dict[str, Any]) -> None:
    """Make one subschema fit for editing YAML."""
    if isinstance(node.get("description"), str):
        node["description"] = _markdown(node["description"])
    if node.get("default") in _SENTINEL_DEFAULTS:
        del node["default"]
    # dict[Identifier, X]: pydantic gives patternProperties, which lets any other key through;
    # the keys are checked with propertyNames instead, so that a bad key is an error.
    patterns = node.get("patternProperties")
    if node.get("type") == "object" and isinstance(patterns, dict) and len(patterns) == 1:
        [(pattern, values)] = patterns.items()
        del node["patternProperties"]
        node["propertyNames"] = {"pattern": pattern, **node.get("propertyNames", {})}
        if values:
            node["additionalProperties"] = values


def _with_shorthand(model: dict[str, Any], field: str) -> dict[str, Any]:
    """A model that may also be written as a bare string (its ``field``)."""
    as_object = {k: v for k, v in model.items() if k not in ("title", "description")}
    as_string = {k: v for k, v in model["properties"][field].items() if k != "title"}
    as_string["description"] = f"Short for `{{{field}: ...}}`."
    out: dict[str, Any] = {k: model[k] for k in ("title", "description") if k in model}
    out["anyOf"] = [as_string, as_object]
    return out


def _build(name: str) -> dict[str, Any]:
    fmt = _FORMATS[name]
    if fmt.is_list:
        adapter: TypeAdapter[Any] = TypeAdapter(list[fmt.model])  # type: ignore[name-defined]
        generated = adapter.json_schema(mode="validation")
    else:
        generated = fmt.model.model_json_schema(mode="validation")
    generated = copy.deepcopy(generated)
    defs: dict[str, Any] = generated.get("$defs", {})
    for def_name, extra in _EXTRA.items():
        if def_name in defs:
            defs[def_name].update(extra)
    _walk(generated, _tidy)
    for def_name, field in _STRING_SHORTHAND.items():
        if def_name in defs:
            defs[def_name] = _with_shorthand(defs[def_name], field)
    doc = _markdown(fmt.model.__doc__ or "").strip()
    if fmt.is_list:
        doc = f"A list of scenarios. Each: {doc}"
    files = ", ".join(f"`{pattern}`" for pattern in fmt.files)
    return {
        "$schema": DRAFT,
        "$id": f"urn:vagval:schema:{name}",
        **generated,
        "title": fmt.title,
        "description": f"{doc}\n\nFor {files}. Generated from the pydantic models by `{COMMAND}`.",
    }


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    name: partial(_build, name) for name in _FORMATS
}


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) called ``name``; KeyError for an unknown name."""
    return SCHEMAS[name]()


def render(name: str) -> str:
    """The text of ``schemas/<name>.schema.json``: stable, so that a diff shows real changes."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(directory: Path | str = SCHEMA_DIR) -> list[Path]:
    """Write every schema to ``directory/<name>.schema.json`` (each as an output file:
    procurement.core.output_file); return the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in SCHEMAS:
        path = directory / f"{name}.schema.json"
        write_output(path, render(name).encode("utf-8"))  # never through a link or a FIFO
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m procurement.authoring.schema [DIRECTORY]``: regenerate the schemas (default
    schemas/)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["-h"], ["--help"]):
        print(f"usage: {COMMAND} [DIRECTORY]\n\nWrite the JSON Schemas of the YAML formats.")
        return 0
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print(f"usage: {COMMAND} [DIRECTORY]", file=sys.stderr)
        return 2
    for path in write_schemas(args[0] if args else SCHEMA_DIR):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
