"""The app's Streamlit keys all come from procurement/ui/keys.py, and the app's modules import
each other without a loop (pages import ``saving``, ``case`` and ``nav``, never the other way).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from procurement.ui import keys
from procurement.ui.memo_state import MemoDraft
from procurement.ui.state import Answers
from tests.conftest import ROOT

UI = ROOT / "procurement" / "ui"
SOURCES = [p for p in sorted(UI.rglob("*.py")) if p != UI / "keys.py"] + [ROOT / "app.py"]
# Functions whose first argument is a session-state key.
KEY_FIRST = {"number_field", "set_number", "read_number", "_bound"}


def _literal(node: ast.AST | None) -> bool:
    """A key written out in place: a string, or an f-string with text in it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    return isinstance(node, ast.JoinedStr) and any(
        isinstance(v, ast.Constant) and v.value for v in node.values
    )


def _is_session_state(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def _written_keys(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every key written out in place: a widget's ``key=``, a ``st.session_state`` entry, the
    key given to a number field or to the save panel's and memo's field helpers."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "key" and _literal(keyword.value):
                    yield node.lineno, ast.unparse(keyword.value)
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in KEY_FIRST and node.args and _literal(node.args[0]):
                yield node.lineno, ast.unparse(node.args[0])
            if name == "json_download" and len(node.args) > 3 and _literal(node.args[3]):
                yield node.lineno, ast.unparse(node.args[3])
            if (
                isinstance(func, ast.Attribute)
                and _is_session_state(func.value)
                and func.attr in ("get", "pop", "setdefault")
                and node.args
                and _literal(node.args[0])
            ):
                yield node.lineno, ast.unparse(node.args[0])
        elif (
            isinstance(node, ast.Subscript)
            and _is_session_state(node.value)
            and _literal(node.slice)
        ):
            yield node.lineno, ast.unparse(node.slice)
        elif (
            isinstance(node, ast.Compare)
            and any(_is_session_state(c) for c in node.comparators)
            and _literal(node.left)
        ):
            yield node.lineno, ast.unparse(node.left)


def test_every_key_comes_from_the_keys_module() -> None:
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {key} (name it in procurement/ui/keys.py)"
        for path in SOURCES
        for line, key in _written_keys(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not problems, "\n".join(problems)


def test_the_scan_sees_keys_written_in_place() -> None:
    source = (
        "st.button('x', key='a'); st.session_state['b']; st.session_state.get(f'c{n}')\n"
        "'d' in st.session_state; number_field('e', spec, lg); st.button('x', key=keys.F)\n"
        "json_download(label, data, 'f.json', 'g'); st.session_state[keys.H]\n"
    )
    found = sorted(k for _, k in _written_keys(ast.parse(source)))
    assert found == sorted(["'a'", "'b'", "f'c{n}'", "'d'", "'e'", "'g'"])


def _defined() -> dict[str, str]:
    """Every key and prefix of procurement.ui.keys by name."""
    out = {}
    for name in keys.__all__:
        value = getattr(keys, name)
        if isinstance(value, keys.Slot):
            out[name] = value.key
        elif isinstance(value, str):
            out[name] = str(value)
    return out


def test_every_key_is_defined_once() -> None:
    defined = _defined()
    by_value: dict[str, list[str]] = {}
    for name, value in defined.items():
        by_value.setdefault(value, []).append(name)
    assert {v: n for v, n in by_value.items() if len(n) > 1} == {}
    assert "MEMO_DRAFT" in defined and defined["MEMO_DRAFT"] == "memo_draft"


def test_what_the_session_keeps_survives_loading_another_case() -> None:
    """Loading a case forgets the widgets under CASE_WIDGETS; the answers and the memo draft
    are slots of their own, outside those prefixes."""
    slots = [getattr(keys, n) for n in keys.__all__ if isinstance(getattr(keys, n), keys.Slot)]
    assert slots
    for slot in slots:
        assert not slot.key.startswith(keys.CASE_WIDGETS), slot


def test_widget_keys_are_made_as_before() -> None:
    # The keys are part of the app's behaviour: tests and saved browser sessions use them.
    assert keys.ROUTE.key("buyer_type") == "route:buyer_type"
    assert keys.CALC_USE == "calc:use"
    assert keys.MEMO.key("var", "c1", "v1") == "memo:var:c1:v1"
    assert keys.SEMINAR_VOTE.key("park", "iop") == "sem:vote:park:iop"
    assert keys.SEMINAR_WHAT_IF.key("park", "x") == "sem:whatif:park:x"
    assert keys.MEMO_DOWNLOAD.key("pdf") == "memo_download_pdf"
    assert keys.written_in("route:x") == "route:x:lang"


def test_a_slot_reads_and_writes_its_key() -> None:
    state: dict[str, object] = {}
    assert keys.ROUTE_ANSWERS.get(state) is None
    answers = keys.ROUTE_ANSWERS.get_or(Answers, state)
    assert keys.ROUTE_ANSWERS.get_or(Answers, state) is answers
    keys.MEMO_DRAFT.set(MemoDraft(route="iop"), state)
    assert state == {"route_answers": answers, "memo_draft": MemoDraft(route="iop")}
    assert keys.MEMO_DRAFT.pop(state) == MemoDraft(route="iop")
    assert keys.MEMO_DRAFT.pop(state) is None


# ---------------------------------------------------------------------------------------------
# no import loop in the app


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The procurement.ui modules ``path`` imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        found |= {n for n in names if n.startswith("procurement.ui")}
    return found


GRAPH = {
    _module(p): {m for m in _imports(p) if m in {_module(q) for q in UI.rglob("*.py")}}
    for p in sorted(UI.rglob("*.py"))
}


def test_the_app_modules_import_each_other_without_a_loop() -> None:
    def visit(module: str, path: list[str]) -> None:
        if module in path:
            loop = [*path[path.index(module) :], module]
            pytest.fail(f"import loop: {' → '.join(loop)}")
        for other in sorted(GRAPH.get(module, ())):
            if other != module:
                visit(other, [*path, module])

    for module in GRAPH:
        visit(module, [])


def test_only_the_navigation_imports_a_page() -> None:
    """A page may import ``saving``, ``case``, ``nav`` and the state modules; nothing below the
    pages imports one (the navigation, procurement.ui.pages, and the app's script are above)."""
    above = {"procurement.ui.pages", "procurement.ui.app"}
    problems = {
        f"{module} imports {other}"
        for module, imported in GRAPH.items()
        if module not in above and not module.startswith("procurement.ui.pages.")
        for other in imported
        if other.startswith("procurement.ui.pages")
    }
    assert not problems, "\n".join(sorted(problems))
