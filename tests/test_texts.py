"""The text catalogues (procurement/core/texts.py, data/texts/*.yaml) and every caller of them.

- Every catalogue loads, with every text in both languages and the same placeholders.
- A text is written once: no Swedish and English pair appears twice (a catalogue that shows
  another's word says ``same_as``), and a catalogue refers only to its own layer or below.
- Every key any module looks up (found by reading the source: each call of a catalogue, or of
  a function that passes its argument on to one) exists in that catalogue, and a module uses
  only catalogues of its own layer or below.
- No module outside procurement/ui imports procurement.ui.
"""

from __future__ import annotations

import ast
import collections
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest

from procurement.authoring import coverage
from procurement.authoring.catalogue import AmountRow, RuleRow
from procurement.clauses.model import CATEGORIES, PLACEMENTS, Level, Variable
from procurement.core.loader import SECTIONS
from procurement.core.model.common import STATUSES as ROUTE_STATUSES
from procurement.core.texts import (
    LANGS,
    TextCatalogueError,
    Texts,
    capitalised,
    catalogue_names,
    placeholders,
    texts,
)
from procurement.documents.memo.output import FORMATS
from procurement.documents.seminar.vote import SUPPLIER_OPTIONS
from procurement.service import default_ruleset, default_supplier_ruleset
from procurement.storage.store import ACTS
from procurement.ui.questionnaire import MEMO_GROUP, REOPEN_GROUP
from tests.conftest import ROOT

PACKAGE = ROOT / "procurement"

# The layers of the package, from the bottom; a module never uses a layer above its own.
LAYERS = ["core", "report", "clauses", "service", "documents", "batch", "storage"]
LAYERS += ["authoring", "cli", "ui"]
RANK = {layer: i for i, layer in enumerate(LAYERS)}
RANK["storage"] = RANK["batch"]  # side by side
RANK["ui"] = RANK["cli"]
# Each catalogue's layer: used by that layer and the ones above.
CATALOGUE_LAYER = {
    "common": "core",
    "numbers": "core",
    "limits": "core",
    "report": "report",
    "comparison": "report",
    "clauses": "clauses",
    "memo": "documents",
    "seminar": "documents",
    "storage": "storage",
    "coverage": "authoring",
    "diff": "authoring",
    "ui": "ui",
    "access": "ui",
}
# Texts that are rightly the same in both languages.
SAME_IN_BOTH = {
    "report.app_title": "the product's name",
    "common.col_id": "an abbreviation",
    "ui.group_ideburen": "a Swedish legal term, kept in English as in rules/",
    "numbers.example_integer": "a number",
    "coverage.col_period": "the same word",
    "coverage.scenario_count": "an abbreviation with a number",
    "diff.version": "the same word",
    "comparison.none": "a dash",
    "memo.organisation": "the same word",
    "memo.status": "the same word",
    "seminar.col_status": "the same word",
    "numbers.unit_one_persons": "the same word",
}
# Swedish words that stand for different English ones (so they are written once per meaning).
HOMONYMS = {
    "Belopp": "Amount (a column) and Amounts (a heading)",
    "Skäl": "Reason (one per row) and Reasons",
    "Skyldigheter": "Duties (as users read them) and Obligations (the rule files' section)",
    "Gäller": "Valid, Applies to, Of",
    "Utfall": "Outcome (of a rule) and Result (of a trace step)",
    "Vägval": "the product, and its first page (Route)",
    "avgörande": "decisive (a requirement) and Decisive (a column)",
    "sann": "true (a requirement) and True (a column)",
    "före": "before (a date) and Before (a version)",
    "efter": "after (a date) and After (a version)",
    "{n} år": "one year and years",
}


def _layer_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[0] != "procurement":
        return "ui"  # app.py: the app's script
    if len(parts) == 1 or parts[1] in ("__init__", "__main__", "_version"):
        return "core"
    name = parts[1]
    if name in ("cli", "cli_saved"):
        return "cli"
    return name if name in RANK else "core"


# ---------------------------------------------------------------------------------------------
# the catalogues


def test_every_catalogue_has_a_layer() -> None:
    assert set(catalogue_names()) == set(CATALOGUE_LAYER)


@pytest.mark.parametrize("name", catalogue_names())
def test_every_catalogue_loads_in_both_languages(name: str) -> None:
    catalogue = texts(name)
    assert len(catalogue) > 0
    problems = []
    for key, entry in catalogue.items():
        sv, en = entry["sv"], entry["en"]
        if not (sv.strip() and en.strip()):
            problems.append(f"{key}: empty")
        if placeholders(sv) != placeholders(en):
            problems.append(f"{key}: placeholders {placeholders(sv)} vs {placeholders(en)}")
        written_here = isinstance(catalogue.written[key], dict)  # not a same_as
        if sv == en and written_here and f"{name}.{key}" not in SAME_IN_BOTH:
            problems.append(f"{key}: the English text is the Swedish one ({sv!r})")
        params = {p: f"<{p}>" for p in placeholders(sv)}
        for lang in LANGS:
            assert catalogue(key, lang, **params)
    assert not problems, "\n".join(problems)


def test_texts_allowed_to_match_still_exist() -> None:
    for where in SAME_IN_BOTH:
        name, key = where.split(".")
        entry = texts(name)[key]
        assert entry["sv"] == entry["en"], f"{where} now differs; drop it from SAME_IN_BOTH"


def test_a_text_is_written_once() -> None:
    written: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    for name in catalogue_names():
        for key, entry in texts(name).written.items():
            if isinstance(entry, dict):
                written[(entry["sv"], entry["en"])].append(f"{name}.{key}")
    twice = {pair: where for pair, where in written.items() if len(where) > 1}
    assert not twice, f"write these once and refer to it with same_as: {twice}"
    # The same Swedish word for different English ones, or in another case ("Möjlig" is
    # common.status_possible, capitalised: true). A label with its colon is another text.
    swedish: dict[str, set[str]] = collections.defaultdict(set)
    for (sv, _), where in written.items():
        swedish[sv.lower()].update(where)
    known = {word.lower() for word in HOMONYMS}
    several = {sv: w for sv, w in swedish.items() if len(w) > 1 and sv not in known}
    assert not several, f"the same Swedish text more than once: {several}"


def test_references_point_down_the_layers() -> None:
    problems = []
    for name in catalogue_names():
        for key, entry in texts(name).written.items():
            if isinstance(entry, dict):
                continue
            if RANK[CATALOGUE_LAYER[entry.catalogue]] > RANK[CATALOGUE_LAYER[name]]:
                problems.append(f"{name}.{key} refers up to {entry.catalogue}.{entry.key}")
    assert not problems, "\n".join(problems)


def test_a_reference_is_the_text_it_names() -> None:
    assert texts("ui")("yes", "en") == texts("common")("yes", "en") == "Yes"
    assert texts("memo")("status_possible", "sv") == "möjlig"
    assert texts("report")("status_possible", "sv") == "Möjlig"  # capitalised: true
    assert texts("ui")("status_not_possible", "en") == "Not possible"


def test_lookup_fills_placeholders_and_names_the_catalogue() -> None:
    ui = texts("ui")
    assert ui("next", "sv") == "Nästa →"
    assert ui("step", "en", n=2, total=3) == "Step 2 of 3"
    assert ui("import_error", "en", error="{x}") == "The file could not be read: {x}"
    assert texts("memo")("page", "sv", n=2) == "Sida 2"
    with pytest.raises(KeyError, match="no text 'nonsense' in the catalogue 'memo'"):
        texts("memo")("nonsense", "sv")
    with pytest.raises(KeyError, match="no text catalogue 'nonsense'"):
        texts("nonsense")
    assert texts("ui") is texts("ui")
    assert capitalised("inte möjlig") == "Inte möjlig" and capitalised("") == ""


def _catalogue(tmp_path: Path, body: str, name: str = "broken") -> Texts:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"texts:\n{body}", encoding="utf-8")
    return Texts(name, path)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  a:\n    sv: 'x'\n", "must have exactly 'sv' and 'en'"),
        ("  a:\n    sv: 'x'\n    en: 'y'\n    de: 'z'\n", "must have exactly 'sv' and 'en'"),
        ("  a:\n    sv: ' '\n    en: 'y'\n", "'a.sv' must be a text"),
        ("  a:\n    sv: 'x {n}'\n    en: 'y {m}'\n", "placeholders ['n'] in sv but ['m'] in en"),
        ("  a:\n    sv: 'x {'\n    en: 'y'\n", "bad braces"),
        ("  a:\n    same_as: nowhere\n", "must be '<catalogue>.<key>'"),
        ("  a:\n    same_as: common.nonsense\n", "no text 'nonsense' in the catalogue 'common'"),
        ("  a:\n    same_as: nonsense.yes\n", "there is no catalogue 'nonsense'"),
        ("  a:\n    same_as: ui.yes\n", "'ui.yes' is itself a reference"),
        ("  a:\n    same_as: common.yes\n    capitalised: 1\n", "may have only"),
        ("  a:\n    same_as: common.yes\n    sv: 'x'\n", "may have only"),
        ("  a:\n    sv: 'x'\n    en: 'y'\n  a:\n    sv: 'x'\n    en: 'y'\n", "duplicate key"),
    ],
)
def test_a_broken_catalogue_is_refused_naming_file_and_line(
    tmp_path: Path, body: str, message: str
) -> None:
    catalogue = _catalogue(tmp_path, body)
    with pytest.raises(TextCatalogueError, match=re.escape(message)) as caught:
        catalogue("a", "sv")
    assert caught.value.issues[0].file.endswith("broken.yaml")
    assert caught.value.issues[0].line >= 2


def test_every_problem_of_a_catalogue_is_reported(tmp_path: Path) -> None:
    body = "  a:\n    sv: 'x'\n  b:\n    sv: '{n}'\n    en: 'y'\n  ok:\n    sv: 'x'\n    en: 'y'\n"
    with pytest.raises(TextCatalogueError) as caught:
        _ = _catalogue(tmp_path, body).entries
    assert [i.line for i in caught.value.issues] == [2, 4]


# ---------------------------------------------------------------------------------------------
# the callers: every key looked up exists in the catalogue it is looked up in


def _sources() -> list[Path]:
    paths = sorted(PACKAGE.rglob("*.py"))
    return [p for p in paths if "migrations" not in p.parts] + [ROOT / "app.py"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# Functions that take a text key and pass it on in a way the scan cannot follow:
# (module, name) -> (catalogue, position of the key among the arguments).
KEY_TAKERS = {
    ("procurement.storage.errors", "StorageError"): ("storage", 0),
    ("procurement.ui.pages.saved", "_flash"): ("ui", 0),  # shown after the next rerun
}

# Keys built at run time: (catalogue, pattern with '*') -> every value the '*' can take.
_CRITERION_STATUSES = {"met", "not_met", "unknown"}
_CHECK_STATUSES = {
    outcome
    for check in default_supplier_ruleset().checks
    for outcome in (
        getattr(check, "spec", check).outcomes.met,
        getattr(check, "spec", check).outcomes.not_met,
        getattr(check, "spec", check).outcomes.open,
    )
}
STATUSES = set(ROUTE_STATUSES) | _CRITERION_STATUSES | _CHECK_STATUSES
_TABLE_COLUMNS = {f.name for row in (AmountRow, RuleRow) for f in dataclasses.fields(row)}
_SIDES = set(coverage._SIDES.values())
# Every unit a number can have: in the rules, in clause variables, in the value calculator.
_UNITS = {
    unit
    for rs in (default_ruleset(), default_supplier_ruleset())
    for unit in [
        *(f.unit for f in rs.facts.values()),
        *(a.unit for a in rs.amounts.values()),
        *(getattr(d.spec, "unit", None) for d in rs.derived_by_id.values()),
    ]
    if unit
}
_UNITS |= set(get_args(get_args(Variable.model_fields["unit"].annotation)[0])) | {"years"}
DYNAMIC: dict[tuple[str, str], set[str]] = {
    ("numbers", "bad_format_*"): set(LANGS),
    ("numbers", "unit_*"): _UNITS,
    ("numbers", "unit_one_*"): {"months", "days", "persons", "hours", "years"},
    ("ui", "status_*"): STATUSES,
    ("access", "act_*"): set(ACTS),
    ("ui", "group_*"): {s.group for s in default_supplier_ruleset().facts.values() if s.group},
    # The questionnaire's step headings: the route rules' groups and its own two.
    ("ui", "step_group_*"): {s.group for s in default_ruleset().facts.values() if s.group}
    | {MEMO_GROUP, REOPEN_GROUP},
    ("ui", "col_*"): _TABLE_COLUMNS,
    ("ui", "memo_download_*"): set(FORMATS),
    ("report", "status_*"): STATUSES,
    ("memo", "status_*"): set(ROUTE_STATUSES),
    ("memo", "category_*"): set(CATEGORIES),
    ("memo", "placement_*"): set(PLACEMENTS),
    ("memo", "level_*"): set(get_args(Level)),
    ("seminar", "status_*"): STATUSES,
    ("seminar", "vote_*"): set(SUPPLIER_OPTIONS),
    ("coverage", "kind_*"): set(coverage.KINDS),
    ("coverage", "one_*"): set(coverage.KINDS),
    ("coverage", "col_*"): set(coverage._ITEM_COLUMNS) | set(coverage._BOUNDARY_COLUMNS),
    ("coverage", "req_*"): set(coverage.REQUIREMENT.values()),
    ("coverage", "miss_*"): {"decisive", "true", "false"},
    ("coverage", "side_*"): _SIDES,
    ("coverage", "side_date_*"): _SIDES & coverage._DATE_SIDES,
    ("diff", "s_*"): set(SECTIONS),
    ("diff", "only_*"): {"old", "new"},
    ("diff", "supplier_only_*"): {"old", "new"},
    ("diff", "*_rules"): {"route", "supplier"},
    ("diff", "*_part"): {"route", "supplier"},
}


def _key(node: ast.expr) -> set[str] | None:
    """The keys (or '*' patterns) an argument can be; None when they cannot be read."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, other = _key(node.body), _key(node.orelse)
        return body | other if body is not None and other is not None else None
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) else "*" for v in node.values]
        return {"".join(str(p) for p in parts)}
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _key(node.left), _key(node.right)
        left = left if left is not None else {"*"}
        right = right if right is not None else {"*"}
        return {a + b for a in left for b in right} - {"**"}
    return None


@dataclasses.dataclass
class _Module:
    name: str
    path: Path
    tree: ast.Module
    # name -> catalogue (a Texts object bound to a name, here or imported)
    catalogues: dict[str, str] = dataclasses.field(default_factory=dict)
    # name -> (catalogue, position of the key): functions that pass a key on to a catalogue
    takers: dict[str, tuple[str, int]] = dataclasses.field(default_factory=dict)
    # (catalogue, position, function name) -> the key parameter's name, for key=... calls
    # (one table for every module)
    params: dict[tuple[str, int, str], str] = dataclasses.field(default_factory=dict)


def _texts_call(node: ast.AST) -> str | None:
    """'x' for ``texts("x")``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "texts"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ):
        return str(node.args[0].value)
    return None


def _callee(module: _Module, call: ast.Call) -> tuple[str, int] | None:
    """(catalogue, position of the key) when ``call`` looks a text up."""
    func = call.func
    name = _texts_call(func)
    if name is not None:
        return name, 0
    if isinstance(func, ast.Name):
        if func.id in module.catalogues:
            return module.catalogues[func.id], 0
        return module.takers.get(func.id)
    if isinstance(func, ast.Attribute):  # a method: self.t(...), report.w(...)
        return module.takers.get(f".{func.attr}")
    return None


def _key_argument(module: _Module, call: ast.Call) -> tuple[str, ast.expr | None] | None:
    """(catalogue, the argument that is the key) when ``call`` looks a text up; the argument
    is None when the call leaves an optional key out."""
    callee = _callee(module, call)
    if callee is None:
        return None
    catalogue, position = callee
    if len(call.args) > position:
        return catalogue, call.args[position]
    param = module.params.get((catalogue, position, _called_name(call)))
    named = [k.value for k in call.keywords if param is not None and k.arg == param]
    return catalogue, named[0] if named else None


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _functions(tree: ast.AST) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef, bool]]:
    """Every function, and whether it is a method (its first argument is self or cls)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield item, True
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args.args
            if not (args and args[0].arg in ("self", "cls")):
                yield node, False


def _read_modules() -> dict[str, _Module]:
    """The package's modules (and app.py), parsed."""
    modules = {}
    for path in _sources():
        name = _module_name(path)
        modules[name] = _Module(name, path, ast.parse(path.read_text(encoding="utf-8")))
    for (module, function), taker in KEY_TAKERS.items():
        modules[module].takers[function] = taker
    return modules


def _bind(modules: dict[str, _Module]) -> None:
    """Find the names bound to catalogues (``x = texts("…")``, or imported) and the functions
    that pass a key on (a parameter given as the key to a catalogue or to such a function),
    across imports, until nothing more is found."""
    shared: dict[tuple[str, int, str], str] = {}
    for module in modules.values():
        module.params = shared  # the key parameters' names, for calls from other modules
    changed = True
    while changed:
        changed = False
        for module in modules.values():
            found: dict[str, Any] = {}
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Assign) and (name := _texts_call(node.value)):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            found[f"c:{target.id}"] = name
                elif isinstance(node, ast.ImportFrom) and node.module in modules:
                    other = modules[node.module]
                    for alias in node.names:
                        local = alias.asname or alias.name
                        if alias.name in other.catalogues:
                            found[f"c:{local}"] = other.catalogues[alias.name]
                        if alias.name in other.takers:
                            found[f"t:{local}"] = other.takers[alias.name]
            for function, method in _functions(module.tree):
                params = [a.arg for a in function.args.args][1 if method else 0 :]
                for node in ast.walk(function):
                    passed = _key_argument(module, node) if isinstance(node, ast.Call) else None
                    if passed is None:
                        continue
                    catalogue, arg = passed
                    if isinstance(arg, ast.Name) and arg.id in params:
                        where = f".{function.name}" if method else function.name
                        position = params.index(arg.id)
                        found[f"t:{where}"] = (catalogue, position)
                        shared[(catalogue, position, function.name)] = arg.id
            for key, value in found.items():
                kind, name = key.split(":", 1)
                table = module.catalogues if kind == "c" else module.takers
                if table.get(name) != value:
                    table[name] = value
                    changed = True


Use = tuple[str, str, str, int]  # catalogue, key or pattern, module, line


def _scopes(tree: ast.Module) -> dict[ast.AST, ast.AST]:
    """Each node's innermost enclosing function (or the module)."""
    scope: dict[ast.AST, ast.AST] = {}

    def visit(node: ast.AST, current: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            scope[child] = current
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else current
            visit(child, inner)

    visit(tree, tree)
    return scope


def _named_key(name: str, scope: ast.AST, tree: ast.Module) -> set[str] | None:
    """The keys a variable can hold: from its assignments in the function (``key = "a" if …
    else "b"``), or as an element of a table it is taken from (``for _, key, _ in TABLE``,
    the table a list or tuple of tuples in the function or the module)."""
    found: set[str] = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            keys = _key(node.value)
            if keys is None:
                return None
            found |= keys
        elif isinstance(node, (ast.For, ast.comprehension)):
            keys = _table_keys(name, node.target, node.iter, scope, tree)
            if keys is not None:
                found |= keys
    return found or None


def _table_keys(
    name: str, target: ast.expr, table: ast.expr, scope: ast.AST, tree: ast.Module
) -> set[str] | None:
    if isinstance(target, ast.Name) and target.id == name:
        index = None
    elif isinstance(target, ast.Tuple) and any(
        isinstance(e, ast.Name) and e.id == name for e in target.elts
    ):
        index = next(
            i for i, e in enumerate(target.elts) if isinstance(e, ast.Name) and e.id == name
        )
    else:
        return None
    if not isinstance(table, ast.Name):
        return None
    rows: list[ast.expr] = []
    for where in (scope, tree):
        for node in ast.walk(where):
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == table.id for t in node.targets)
                and isinstance(node.value, (ast.List, ast.Tuple))
            ):
                rows = node.value.elts
        if rows:
            break
    found: set[str] = set()
    for row in rows:
        cell = row if index is None else row.elts[index] if isinstance(row, ast.Tuple) else None
        keys = _key(cell) if cell is not None else None
        if keys is None:
            return None
        found |= keys
    return found or None


def _uses(modules: dict[str, _Module]) -> tuple[list[Use], dict[str, int]]:
    """Every text looked up with a key the source shows; and per module how many lookups
    have a key that cannot be read from the source."""
    _bind(modules)
    uses: list[Use] = []
    unread: dict[str, int] = collections.Counter()
    for module in modules.values():
        scopes = _scopes(module.tree)
        for node in ast.walk(module.tree):
            passed = _key_argument(module, node) if isinstance(node, ast.Call) else None
            if passed is None or passed[1] is None:
                continue
            catalogue, arg = passed
            keys = _key(arg)
            if keys is None and isinstance(arg, ast.Name):
                scope = scopes[node]
                if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) and arg.id in {
                    a.arg for a in scope.args.args
                }:
                    continue  # a key passed on: checked where it is given
                keys = _named_key(arg.id, scope, module.tree)
            if keys is None:
                unread[module.name] += 1
                continue
            uses += [(catalogue, key, module.name, node.lineno) for key in keys]
    return uses, unread


USES, UNREAD = _uses(_read_modules())


def test_the_scan_finds_the_texts_in_use() -> None:
    found = {(c, k) for c, k, _, _ in USES}
    modules = {m for _, _, m, _ in USES}
    # keys from many modules and catalogues, written in several ways
    for where in [
        ("ui", "next"),  # t("next", …)
        ("ui", "memo_route_reset"),  # plain_params("…", …)
        ("ui", "import_error"),  # show_error(error, lang, "…")
        ("ui", "status_*"),  # t(f"status_{…}", …)
        ("ui", "save_as_new"),  # … if … else …
        ("report", "facts"),
        ("memo", "draft_intro"),  # self.t("…") in the memo's builder
        ("memo", "category_*"),
        ("clauses", "expect_choice"),
        ("numbers", "not_a_number"),  # fail("…") passes the key on
        ("numbers", "unit_*"),
        ("storage", "copy_of"),
        ("storage", "invalid_row"),  # StorageError("…", …)
        ("storage", "saved_under"),
        ("seminar", "tree_legend"),
        ("coverage", "kind_*"),
        ("diff", "s_*"),  # self.w("s_" + section)
        ("diff", "*_rules"),
    ]:
        assert where in found, where
    for module in [
        "procurement.cli_saved",
        "procurement.ui.pages.saved",
        "procurement.core.numbers",
    ]:
        assert module in modules, module
    assert len(found) > 300


# Lookups whose key the scan cannot read, and why that is acceptable.
UNREADABLE = {
    "procurement.report.comparison": "a row's label: its text when there is one, else its key",
    "procurement.ui.pages.memo": "the case details' labels, named by memo_state.DETAILS",
    "procurement.ui.pages.saved": "the flash message, whose key the scan reads at _flash()",
    "procurement.storage.errors": "StorageError.key, whose key the scan reads at StorageError()",
}


def test_every_key_is_read_by_the_scan() -> None:
    assert set(UNREAD) <= set(UNREADABLE), {m: n for m, n in UNREAD.items() if m not in UNREADABLE}
    assert all(n == 1 for n in UNREAD.values()), UNREAD


def test_every_key_in_use_exists() -> None:
    problems = []
    for catalogue, key, module, line in sorted(set(USES)):
        where = f"{module}:{line}"
        if catalogue not in CATALOGUE_LAYER:
            problems.append(f"{where}: no catalogue {catalogue!r}")
            continue
        if "*" not in key:
            if key not in texts(catalogue):
                problems.append(f"{where}: no text {key!r} in {catalogue}")
            continue
        values = DYNAMIC.get((catalogue, key))
        if values is None:
            problems.append(f"{where}: {catalogue} {key!r} is built at run time; add it to DYNAMIC")
            continue
        for value in sorted(values):
            if key.replace("*", value) not in texts(catalogue):
                problems.append(f"{where}: no text {key.replace('*', value)!r} in {catalogue}")
    assert not problems, "\n".join(problems)


def test_every_dynamic_key_is_still_built() -> None:
    built = {(c, k) for c, k, _, _ in USES if "*" in k}
    assert set(DYNAMIC) <= built, set(DYNAMIC) - built


def test_a_module_uses_only_catalogues_of_its_layer_or_below() -> None:
    paths = {_module_name(p): p for p in _sources()}
    problems = {
        f"{module}:{line} ({_layer_of(paths[module])}) uses {catalogue} ({CATALOGUE_LAYER[c]})"
        for catalogue, _, module, line in USES
        if (c := catalogue) in CATALOGUE_LAYER
        and RANK[CATALOGUE_LAYER[c]] > RANK[_layer_of(paths[module])]
    }
    assert not problems, "\n".join(sorted(problems))


# ---------------------------------------------------------------------------------------------
# the app is on top: nothing below it imports it


def _imports(tree: ast.AST, package: str = "") -> Iterator[tuple[str, int]]:
    """Every module name imported (``from a import b``: ``a`` and ``a.b``), relative ones
    made absolute from ``package``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            yield base, node.lineno
            yield from ((f"{base}.{alias.name}", node.lineno) for alias in node.names)


def test_no_module_outside_the_ui_imports_it() -> None:
    ui = PACKAGE / "ui"
    problems = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.is_relative_to(ui):
            continue
        package = _module_name(path) if path.name == "__init__.py" else _module_name(path.parent)
        for name, line in _imports(ast.parse(path.read_text(encoding="utf-8")), package):
            if name == "procurement.ui" or name.startswith("procurement.ui."):
                problems.add(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not problems, "\n".join(sorted(problems))


def test_the_import_scan_sees_every_kind_of_import() -> None:
    source = "def f():\n    from procurement.ui.texts import t\nimport procurement.ui\n"
    source += "from ..ui import nav\nfrom . import x\n"
    found = {n for n, _ in _imports(ast.parse(source), "procurement.report")}
    assert {"procurement.ui.texts", "procurement.ui", "procurement.ui.nav"} <= found
    assert "procurement.report.x" in found


def test_the_scan_follows_keys_passed_on(tmp_path: Path) -> None:
    helper = (
        "from procurement.core.texts import texts\n"
        "t = texts('ui')\n"
        "def say(where, key=None):\n"
        "    return t(key, 'sv') if key else ''\n"
        "class R:\n"
        "    def w(self, key):\n"
        "        return texts('diff')(key, 'sv')\n"
    )
    caller = (
        "from helper import say, t\n"
        "def shout(key):\n"
        "    return say(1, key).upper()\n"
        "say(1, 'a'); say(2, key='b'); shout('c'); t('d' if x else 'e'); t(f'f_{x}'); t(y)\n"
        "R().w('s_' + section); say(3)\n"
    )
    modules = {
        name: _Module(name, tmp_path / f"{name}.py", ast.parse(source))
        for name, source in [("helper", helper), ("caller", caller)]
    }
    modules["caller"].takers[".w"] = ("diff", 0)  # methods are known by name in their module
    uses, unread = _uses(modules)
    found = {(c, k) for c, k, m, _ in uses if m == "caller"}
    assert found == {("ui", k) for k in ("a", "b", "c", "d", "e", "f_*")} | {("diff", "s_*")}
    assert unread == {"caller": 1}  # t(y); keys passed on are checked where given
