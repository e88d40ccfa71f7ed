"""The command line's ``saved`` commands: save, list, show, export, duplicate, rename,
delete and link saved assessments (the same database as the app)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``saved`` with its subcommands to the command line's subparsers."""
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--database-url",
        default=None,
        help="database (default: DATABASE_URL, else SQLite in VAGVAL_DATA_DIR)",
    )
    p = sub.add_parser(
        "saved",
        help="saved assessments: save, list, show, export, duplicate, rename, delete, link",
    )
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    common = [*parents, db]
    a = actions.add_parser("list", parents=common, help="list the saved assessments")
    a.add_argument("--json", action="store_true", help="print JSON")
    a = actions.add_parser("save", parents=common, help="save a case (facts JSON) with a title")
    a.add_argument("case", type=Path)
    a.add_argument("--title", required=True)
    a.add_argument("--notes", default="", help="notes (text)")
    a.add_argument("--clauses", type=Path, default=None, help="memo choices JSON")
    a.add_argument("--update", metavar="REF", default=None, help="replace this saved one")
    a.add_argument(
        "--revision",
        type=int,
        default=None,
        help="with --update: the revision it was based on (refused if someone saved since)",
    )
    a = actions.add_parser(
        "show", parents=common, help="a saved assessment and what today's rules would change"
    )
    a.add_argument("ref", help="share code or id")
    a.add_argument("--json", action="store_true", help="print JSON")
    a = actions.add_parser(
        "export", parents=common, help="write the facts (and memo choices) as JSON files"
    )
    a.add_argument("ref")
    a.add_argument("--facts", type=Path, required=True, help="facts JSON to write")
    a.add_argument("--clauses", type=Path, default=None, help="memo choices JSON to write")
    a = actions.add_parser("duplicate", parents=common, help="copy a saved assessment")
    a.add_argument("ref")
    a.add_argument("--title", default=None)
    a = actions.add_parser("rename", parents=common, help="give a saved assessment a new title")
    a.add_argument("ref")
    a.add_argument("title")
    a = actions.add_parser("delete", parents=common, help="delete a saved assessment")
    a.add_argument("ref")
    a.add_argument("--yes", action="store_true", help="really delete")
    a = actions.add_parser("link", parents=common, help="the share link (VAGVAL_BASE_URL)")
    a.add_argument("ref")


def run(args: argparse.Namespace, read_json: Callable[[Path], Any], write: Any) -> int:
    """Run one ``saved`` subcommand; StorageError and InputError reach the caller."""
    from procurement.core.extras import require

    require("sqlalchemy", "alembic")
    from procurement.storage.store import open_store

    store = open_store(args.database_url)
    try:
        return _ACTIONS[args.action](store, args, read_json, write)
    finally:
        store.close()


def _text(key: str, args: argparse.Namespace, **params: Any) -> str:
    from procurement.core.texts import texts

    return texts("storage")(key, args.lang, **params)


def _list(store: Any, args: argparse.Namespace, *_: Any) -> int:
    from procurement.service import default_ruleset

    items = store.list()
    if args.json:
        data = [s.model_dump(mode="json") for s in items]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not items:
        print(_text("cli_none", args, where=store.where))
        return 0
    print("\t".join(_text("cli_columns", args).split("|")))
    rs = default_ruleset(args.rules)
    for s in items:
        saved = s.updated_at.strftime("%Y-%m-%d %H:%M")
        route = _route_label(rs, s.recommended, args)
        row = (s.code, saved, s.as_of.isoformat(), route, s.title)
        print("\t".join(row))
    return 0


def _route_label(rs: Any, target: str | None, args: argparse.Namespace) -> str:
    """The recommended route's label (its id when today's rules no longer know it)."""
    from procurement.storage.service import target_label

    return target_label(rs, target, args.lang, _text("no_recommendation", args))


def _save(store: Any, args: argparse.Namespace, read_json: Any, _write: Any) -> int:
    from procurement.core.errors import InputError
    from procurement.storage.service import make_record

    facts = read_json(args.case)
    if not isinstance(facts, dict):
        raise InputError(str(args.case), "expected a JSON object of facts")
    choices = read_json(args.clauses) if args.clauses else None
    from procurement.service import default_ruleset

    rs = default_ruleset(args.rules)
    # Checked against the clause library, so that a memo can be written from them later.
    library = _clause_library(args)
    record = make_record(rs, args.title, facts, choices, args.notes, args.lang, library)
    if args.update:
        revision = args.revision if args.revision is not None else store.get(args.update).revision
        saved = store.update(args.update, record, revision)
    else:
        saved = store.create(record)
    print(_text("cli_saved", args, code=saved.code, revision=saved.revision, title=saved.title))
    return 0


def _show(store: Any, args: argparse.Namespace, *_: Any) -> int:
    from procurement.service import default_ruleset
    from procurement.storage.service import reopen, reopen_markdown

    rs = default_ruleset(args.rules)
    saved = store.get(args.ref)
    reopened = reopen(rs, saved, args.lang)
    level, text = reopen_markdown(rs, reopened, args.lang)
    for problem in _choice_problems(rs, saved, args):
        print(_text("cli_choices_unknown", args, error=problem), file=sys.stderr)
    if args.json:
        data = saved.model_dump(mode="json")
        data["under_current_rules"] = {
            "status": level,
            "ruleset_version": reopened.current.ruleset_version if reopened.current else None,
            "error": reopened.error,
            "changes": [
                {"aspect": a.key, "saved": _plain(a.old), "now": _plain(a.new)}
                for a in reopened.changes
            ],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    route = _route_label(rs, saved.recommended, args)
    print(f"# {saved.title}\n")
    print(f"- {saved.code} · rev {saved.revision} · {route}")
    if saved.notes:
        print(f"\n{saved.notes}")
    print(f"\n{text}")
    return 0


def _choice_problems(rs: Any, saved: Any, args: argparse.Namespace) -> list[str]:
    """What of a saved assessment's memo choices today's rules or clause library do not
    know (saved before they were checked, or since changed), one line each."""
    from procurement.documents.memo.choices import vet_choices

    _, problems = vet_choices(rs, _clause_library(args), saved.choices, args.lang)
    return [str(problem) for problem in problems]


def _clause_library(args: argparse.Namespace) -> Any:
    """The clause library of the rules directory, as ``memo`` reads it."""
    from procurement.service import CLAUSES_FOLDER, default_library, rules_directory

    clauses = rules_directory(args.rules) / CLAUSES_FOLDER
    return default_library(args.rules, clauses if clauses.is_dir() else None)


def _plain(value: Any) -> Any:
    return (
        [list(v) if isinstance(v, tuple) else v for v in value]
        if isinstance(value, tuple)
        else value
    )


def _export(store: Any, args: argparse.Namespace, _read: Any, write: Any) -> int:
    saved = store.get(args.ref)
    outputs = [(args.facts, saved.facts)]
    if args.clauses:
        outputs.append((args.clauses, saved.choices.model_dump(mode="json", exclude_none=True)))
    for path, data in outputs:
        write(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        print(_text("cli_exported", args, path=path), file=sys.stderr)
    return 0


def _duplicate(store: Any, args: argparse.Namespace, *_: Any) -> int:
    saved = store.duplicate(args.ref, args.title, args.lang)
    print(_text("cli_saved", args, code=saved.code, revision=saved.revision, title=saved.title))
    return 0


def _rename(store: Any, args: argparse.Namespace, *_: Any) -> int:
    saved = store.rename(args.ref, args.title)
    print(_text("cli_renamed", args, code=saved.code, title=saved.title))
    return 0


def _delete(store: Any, args: argparse.Namespace, *_: Any) -> int:
    saved = store.get(args.ref)
    if not args.yes:
        print(
            _text("cli_delete_confirm", args, code=saved.code, title=saved.title), file=sys.stderr
        )
        return 1
    store.delete(saved.id, saved.revision)
    print(_text("cli_deleted", args, code=saved.code))
    return 0


def _link(store: Any, args: argparse.Namespace, *_: Any) -> int:
    from procurement.storage.links import share_link

    print(share_link(store.get(args.ref).code))
    return 0


_ACTIONS: dict[str, Callable[..., int]] = {
    "list": _list,
    "save": _save,
    "show": _show,
    "export": _export,
    "duplicate": _duplicate,
    "rename": _rename,
    "delete": _delete,
    "link": _link,
}
