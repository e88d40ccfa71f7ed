"""The command line's ``saved`` commands: save, list, show, export, duplicate, rename,
delete and link saved assessments (the same database as the app); share them, restore them
from the bin, read the audit log, and export or erase a user's own data.

The command line is the server operator's tool: whoever can run it can read the database. It
acts as the local user – who owns what was saved without sign-in, and administers the
installation – or, with ``--as SUBJECT``, as a user who has signed in to the app, with that
user's rights (``--admin``: an administrator's), so that an operator can do for a user what
the app would let them do. Every act is written to the audit log."""

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
    db.add_argument(
        "--as",
        dest="as_subject",
        metavar="SUBJECT",
        default=None,
        help="act as this signed-in user (their subject, sub); default: the local user, "
        "who owns what was saved without sign-in and administers the installation",
    )
    db.add_argument(
        "--issuer",
        default=None,
        help="with --as: the user's identity provider (needed when two have the subject)",
    )
    db.add_argument(
        "--admin", action="store_true", help="with --as: act with an administrator's rights"
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
    _add_access_parsers(actions, common)


def _add_access_parsers(actions: Any, common: list[argparse.ArgumentParser]) -> None:
    """share, unshare, shares, bin, restore, purge, audit, my-data (issue 16)."""
    a = actions.add_parser("share", parents=common, help="share a saved assessment (owner)")
    a.add_argument("ref")
    who = a.add_mutually_exclusive_group(required=True)
    who.add_argument("--user", metavar="ADDRESS", help="a user, by the e-mail they signed in with")
    who.add_argument("--team", help="a team (a value of the team claim)")
    a = actions.add_parser("unshare", parents=common, help="stop sharing a saved assessment")
    a.add_argument("ref")
    who = a.add_mutually_exclusive_group(required=True)
    who.add_argument("--user", metavar="ADDRESS")
    who.add_argument("--team")
    a = actions.add_parser("shares", parents=common, help="whom a saved assessment is shared with")
    a.add_argument("ref")
    a = actions.add_parser("bin", parents=common, help="the deleted assessments, restorable")
    a.add_argument("--everyone", action="store_true", help="everyone's (administrator)")
    a = actions.add_parser("restore", parents=common, help="restore a deleted assessment")
    a.add_argument("ref")
    actions.add_parser(
        "purge", parents=common, help="erase what has been in the bin past VAGVAL_TRASH_DAYS"
    )
    a = actions.add_parser("audit", parents=common, help="the audit log (administrator)")
    a.add_argument("--assessment", metavar="ID", default=None, help="of one assessment (its id)")
    a.add_argument("--limit", type=int, default=500)
    a.add_argument("--json", action="store_true", help="print JSON")
    a = actions.add_parser(
        "my-data", parents=common, help="everything stored about the acting user: export or erase"
    )
    a.add_argument("what", choices=("export", "erase"))
    a.add_argument("-o", "--output", type=Path, default=None, help="with export: the JSON file")
    a.add_argument("--yes", action="store_true", help="with erase: really erase")


def run(args: argparse.Namespace, read_json: Callable[[Path], Any], write: Any) -> int:
    """Run one ``saved`` subcommand; StorageError and InputError reach the caller."""
    from procurement.core.extras import require

    require("sqlalchemy", "alembic")
    from procurement.storage.store import open_store

    store = open_store(args.database_url)
    try:
        acting = _Acting(store, _principal(store, args), deleting=args.action == "delete")
        return _ACTIONS[args.action](acting, args, read_json, write)
    finally:
        store.close()


def _principal(store: Any, args: argparse.Namespace) -> Any:
    """Who the command acts as: the local user (an administrator), or with ``--as`` the
    signed-in user with that subject, as they last signed in (``--admin``: as an
    administrator)."""
    from dataclasses import replace

    from procurement.storage.errors import StorageError
    from procurement.storage.principal import LOCAL

    if not args.as_subject:
        return replace(LOCAL, admin=True)
    known = store.users_with_subject(args.as_subject.strip(), args.issuer)
    if not known:
        raise StorageError("unknown_subject", subject=args.as_subject.strip()[:100])
    if len(known) > 1:
        issuers = ", ".join(sorted(p.issuer for p in known))
        raise StorageError("ambiguous_subject", subject=args.as_subject.strip(), issuers=issuers)
    return replace(known[0], admin=bool(args.admin))


class _Acting:
    """The store as one user sees it: every call made as ``who``; reading an assessment's
    content is written to the audit log as opened. ``deleting``: an administrator deleting
    another's assessment finds it without reading it."""

    def __init__(self, store: Any, who: Any, deleting: bool = False) -> None:
        self.store = store
        self.who = who
        self.where = store.where
        self.deleting = deleting

    def list(self) -> Any:
        return self.store.list(who=self.who)

    def get(self, ref: str) -> Any:
        from procurement.storage.errors import NotFoundError

        try:
            return self.store.get(ref, who=self.who, opened=True)
        except NotFoundError:
            if not (self.who.admin and self.deleting):
                raise
        # An administrator may delete another's assessment (found by its id or code) without
        # reading it: only what deleting needs, never its content.
        return self.store.locate_for_admin(ref, who=self.who)

    def create(self, record: Any) -> Any:
        return self.store.create(record, who=self.who)

    def update(self, ref: str, record: Any, revision: int) -> Any:
        return self.store.update(ref, record, revision, who=self.who)

    def duplicate(self, ref: str, title: str | None = None, lang: str = "sv") -> Any:
        return self.store.duplicate(ref, title, lang, who=self.who)

    def rename(self, ref: str, title: str, expected_revision: int | None = None) -> Any:
        return self.store.rename(ref, title, expected_revision, who=self.who)

    def delete(self, ref: str, expected_revision: int | None = None) -> None:
        self.store.delete(ref, expected_revision, who=self.who)


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
        # A title's tab or line break would forge a column or a row: escaped (\t, \n).
        row = (s.code, saved, s.as_of.isoformat(), route, _one_line(s.title))
        print("\t".join(row))
    return 0


def _one_line(text: str) -> str:
    """A saved text (a title) on one line: every character that is not shown as itself
    (a line break, a tab, an escape sequence) escaped."""
    from procurement.core.errors import escaped

    return escaped(text, None)


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
    title = _one_line(saved.title)
    print(_text("cli_saved", args, code=saved.code, revision=saved.revision, title=title))
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
    print(f"# {_one_line(saved.title)}\n")
    print(f"- {saved.code} · rev {saved.revision} · {route}")
    if saved.notes:
        notes = "\n".join(_one_line(line) for line in saved.notes.splitlines())
        print(f"\n{notes}")
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
    from procurement.core.errors import InputError
    from procurement.core.output_file import check_output

    if args.clauses and args.clauses.resolve() == args.facts.resolve():
        raise InputError(str(args.clauses), "is also the --facts file: give another file")
    saved = store.get(args.ref)
    outputs = [(args.facts, saved.facts)]
    if args.clauses:
        outputs.append((args.clauses, saved.choices.model_dump(mode="json", exclude_none=True)))
    for path, _ in outputs:
        check_output(path)  # both refused before either is written
    for path, data in outputs:
        write(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        print(_text("cli_exported", args, path=path), file=sys.stderr)
    return 0


def _duplicate(store: Any, args: argparse.Namespace, *_: Any) -> int:
    saved = store.duplicate(args.ref, args.title, args.lang)
    title = _one_line(saved.title)
    print(_text("cli_saved", args, code=saved.code, revision=saved.revision, title=title))
    return 0


def _rename(store: Any, args: argparse.Namespace, *_: Any) -> int:
    saved = store.rename(args.ref, args.title)
    print(_text("cli_renamed", args, code=saved.code, title=_one_line(saved.title)))
    return 0


def _delete(store: Any, args: argparse.Namespace, *_: Any) -> int:
    saved = store.get(args.ref)
    if not args.yes:
        print(
            _text("cli_delete_confirm", args, code=saved.code, title=_one_line(saved.title)),
            file=sys.stderr,
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


# --- sharing, the bin, the audit log and a user's own data (issue 16) -----------------------


def _grantee(store: Any, args: argparse.Namespace) -> Any:
    """The user (by address) or team of ``--user``/``--team``."""
    from procurement.storage.errors import StorageError
    from procurement.storage.store import Grantee

    if args.team:
        return Grantee("team", "", args.team.strip())
    found = store.store.find_user(args.user, who=store.who)
    if found is None:
        raise StorageError("share_unknown_user", email=_one_line(args.user.strip()[:200]))
    return found


def _share(store: Any, args: argparse.Namespace, *_: Any) -> int:
    grantee = _grantee(store, args)
    store.store.share(args.ref, grantee, who=store.who)
    print(_text("cli_shared", args, ref=args.ref, grantee=_one_line(grantee.label())))
    return 0


def _unshare(store: Any, args: argparse.Namespace, *_: Any) -> int:
    grantee = _grantee(store, args)
    store.store.unshare(args.ref, grantee, who=store.who)
    print(_text("cli_unshared", args, ref=args.ref, grantee=_one_line(grantee.label())))
    return 0


def _shares(store: Any, args: argparse.Namespace, *_: Any) -> int:
    for g in store.store.grantees(args.ref, who=store.who):
        print("\t".join((g.kind, _one_line(g.grantee), _one_line(g.label()))))
    return 0


def _bin(store: Any, args: argparse.Namespace, *_: Any) -> int:
    items = store.store.trash(who=store.who, everyone=args.everyone)
    if not items:
        print(_text("cli_bin_none", args, days=store.store.trash_days))
        return 0
    print("\t".join(_text("cli_bin_columns", args).split("|")))
    for s in items:
        deleted = s.deleted_at.strftime("%Y-%m-%d %H:%M") if s.deleted_at else ""
        # Another's assessment (--everyone) by its owner, never its title.
        mine = s.owned_by(store.who.issuer, store.who.subject)
        about = s.title if mine else f"({s.owner_name or s.owner_subject})"
        print("\t".join((s.id, s.code, deleted, _one_line(about))))
    return 0


def _restore(store: Any, args: argparse.Namespace, *_: Any) -> int:
    saved = store.store.restore(args.ref, who=store.who)
    print(_text("cli_restored", args, code=saved.code, title=_one_line(saved.title)))
    return 0


def _purge(store: Any, args: argparse.Namespace, *_: Any) -> int:
    from procurement.storage.errors import StorageError

    if not store.who.admin:
        raise StorageError("admin_only")
    count = store.store.purge()
    print(_text("cli_purged", args, count=count, days=store.store.trash_days))
    return 0


def _audit(store: Any, args: argparse.Namespace, *_: Any) -> int:
    entries = store.store.audit_log(store.who, ident=args.assessment, limit=args.limit)
    if args.json:
        data = [
            {
                "at": e.at.isoformat(),
                "actor_issuer": e.actor_issuer,
                "actor_subject": e.actor_subject,
                "actor_name": e.actor_name,
                "act": e.act,
                "assessment_id": e.assessment_id,
                "detail": e.detail,
            }
            for e in entries
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    print("\t".join(_text("cli_audit_columns", args).split("|")))
    for e in entries:
        who = e.actor_name or e.actor_subject
        row = (
            e.at.strftime("%Y-%m-%d %H:%M:%S"),
            who,
            e.act,
            e.assessment_id or "",
            e.detail or "",
        )
        print("\t".join(_one_line(x) for x in row))
    return 0


def _my_data(store: Any, args: argparse.Namespace, _read: Any, write: Any) -> int:
    if args.what == "export":
        data = store.store.export_mine(who=store.who)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if args.output is None:
            sys.stdout.write(text)
        else:
            write(args.output, text.encode("utf-8"))
            print(_text("cli_exported", args, path=args.output), file=sys.stderr)
        return 0
    if not args.yes:
        print(_text("cli_erase_confirm", args), file=sys.stderr)
        return 1
    count = store.store.erase_mine(who=store.who)
    print(_text("cli_erased", args, count=count))
    return 0


_ACTIONS.update(
    {
        "share": _share,
        "unshare": _unshare,
        "shares": _shares,
        "bin": _bin,
        "restore": _restore,
        "purge": _purge,
        "audit": _audit,
        "my-data": _my_data,
    }
)
