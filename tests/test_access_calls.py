"""Every call the app makes to the store names the acting user (issue 16).

The store's methods default to the local user, so that a script or a test on one machine
needs no principal; the app must never rely on that default, or a signed-in user would act as
the local user. This reads the app's source and fails on any store call without ``who=``."""

from __future__ import annotations

import ast

from procurement.storage.store import Store
from tests.conftest import ROOT

UI = ROOT / "procurement" / "ui"
# The store's methods that act for a user (the rest need none: close, purge, signed_in, record).
ACTING = {
    name
    for name in vars(Store)
    if not name.startswith("_")
    and callable(getattr(Store, name))
    and name not in {"close", "purge", "signed_in", "record", "users_with_subject"}
}


def _calls_without_who(source: str, name: str) -> list[str]:
    """``name:line: store.method`` of each call in ``source`` that does not name the user."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        target = node.func.value
        named_store = isinstance(target, ast.Name) and target.id == "store"
        if named_store and node.func.attr in ACTING:
            if not any(k.arg == "who" for k in node.keywords) and node.func.attr != "audit_log":
                found.append(f"{name}:{node.lineno}: store.{node.func.attr}")
            if node.func.attr == "audit_log" and not (node.args or node.keywords):
                found.append(f"{name}:{node.lineno}: store.audit_log")
    return found


def test_the_acting_methods_are_known() -> None:
    assert {"list", "get", "create", "update", "rename", "delete", "share", "trash"} <= ACTING


def test_every_store_call_of_the_app_names_the_user() -> None:
    problems = [
        problem
        for path in sorted(UI.rglob("*.py"))
        for problem in _calls_without_who(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        )
    ]
    assert not problems, "\n".join(problems)


def test_the_scan_finds_a_call_without_the_user() -> None:
    source = "store.list()\nstore.get(code, who=who)\nstore.audit_log()\n"
    assert _calls_without_who(source, "x.py") == ["x.py:1: store.list", "x.py:3: store.audit_log"]
