"""The command line: assess, assess-batch, check-supplier and lint (interface.md, section 3),
and the other commands of :data:`COMMANDS`, the table of every command and its handler.

``--rules DIR`` means the same for every command that reads rules: the rules directory, whose
YAML files are the route rules, whose ``supplier/`` folder holds the supplier checks and whose
``clauses/`` folder the clause library (default: ``$VAGVAL_RULES``, else the shipped rules).

Invalid input exits 2 with one clear line on stderr; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from procurement.core import json_input
from procurement.core.bounded import read_limited
from procurement.core.errors import (
    LINE_LIMIT,
    InputError,
    RuleLoadError,
    VagvalError,
    escaped,
    origin,
    shown,
)
from procurement.core.limits import JSON_BYTES
from procurement.core.output_file import check_output, write_output
from procurement.storage.errors import StorageError

__all__ = ["COMMANDS", "Command", "main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2; a value typed is escaped, cut
        self.exit(2, f"{self.prog}: error: {escaped(message, LINE_LIMIT)}\n")


Handler = Callable[[argparse.Namespace], int]

# What --rules is, for every command that reads rules.
RULES_DIRECTORY = (
    "the rules directory (default: $VAGVAL_RULES, else the shipped rules/): its YAML files are "
    "the route rules, its supplier/ folder the supplier checks and its clauses/ folder the "
    "clause library"
)


@dataclass(frozen=True)
class Command:
    """One command: the function that runs it, and what it reads of the rules directory that
    --rules names (None: it reads none, and --rules is refused)."""

    run: Handler
    reads: str | None


def _rules_option(parser: argparse.ArgumentParser, command: str) -> None:
    """``--rules`` on ``command``'s own parser, saying what the command reads of it."""
    reads = COMMANDS[command].reads
    parser.add_argument(
        "--rules",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=f"{RULES_DIRECTORY}; {command} reads {reads}",
    )


def _options(command: str) -> _Parser:
    """The options every command that reads rules shares: --lang, and --rules as it means
    them for ``command``."""
    options = _Parser(add_help=False)
    options.add_argument(
        "--lang", choices=("sv", "en"), default=argparse.SUPPRESS, help="language of texts (sv)"
    )
    _rules_option(options, command)
    return options


def _prog() -> str:
    """The command as typed: ``vagval`` (the console script) or ``python -m procurement``."""
    name = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else ""
    return "vagval" if name == "vagval" else "python -m procurement"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=_prog(),
        description="Vägval: route assessment for socially responsible procurement.",
        epilog="--rules DIR means the same for every command: "
        + RULES_DIRECTORY
        + ". Each command's --help says which of them it reads.",
    )
    parser.add_argument("--rules", type=Path, default=None, metavar="DIR", help=RULES_DIRECTORY)
    parser.add_argument(
        "--lang", choices=("sv", "en"), default="sv", help="language of texts (default sv)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser(
        "assess",
        parents=[_options("assess")],
        help="assess one case (JSON) and print the assessment as JSON",
    )
    p.add_argument("case", type=Path)
    p.add_argument("--no-trace", action="store_true", help="leave out the trace")
    p = sub.add_parser(
        "assess-batch",
        parents=[_options("assess-batch")],
        help="assess a CSV of cases into a CSV of results",
    )
    p.add_argument("cases", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p = sub.add_parser(
        "check-supplier",
        parents=[_options("check-supplier")],
        help="check one supplier (JSON): the ASF definition and each reservation test",
    )
    p.add_argument("supplier", type=Path)
    p.add_argument("--no-trace", action="store_true", help="leave out the trace")
    p = sub.add_parser(
        "check-supplier-batch",
        parents=[_options("check-supplier-batch")],
        help="check a CSV or Excel table of suppliers into a CSV or Excel table of results",
    )
    p.add_argument("suppliers", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p = sub.add_parser(
        "memo",
        parents=[_options("memo")],
        help="write the decision memo (beslutsunderlag) of one case as DOCX or PDF",
    )
    p.add_argument("case", type=Path)
    p.add_argument(
        "--clauses",
        type=Path,
        default=None,
        help="the authority's choices (JSON): route, clauses with their values, and reasons "
        "for social options not used",
    )
    p.add_argument(
        "--clause-library",
        type=Path,
        default=None,
        help="clause library directory (default: the clauses/ folder of the rules directory)",
    )
    p.add_argument("-o", "--output", type=Path, required=True, help="memo.docx or memo.pdf")
    p = sub.add_parser(
        "clauses",
        parents=[_options("clauses")],
        help="list the clauses proposed for a case, their variables and the options that "
        "need a reason (Markdown)",
    )
    p.add_argument("case", type=Path)
    p.add_argument("--route", default=None, help="a route or route.variant (default: Vägval's)")
    p.add_argument(
        "--json", action="store_true", help="print only the skeleton --clauses file (JSON)"
    )
    p.add_argument(
        "--clause-library",
        type=Path,
        default=None,
        help="clause library directory (default: the clauses/ folder of the rules directory)",
    )
    p = sub.add_parser(
        "tree",
        parents=[_options("tree")],
        help="draw the route rules as a decision tree (SVG), with a case's path if given",
    )
    p.add_argument("--case", type=Path, default=None, help="a case (JSON) whose path to mark")
    p.add_argument("-o", "--output", type=Path, required=True, help="tree.svg")
    p = sub.add_parser(
        "handout",
        parents=[_options("handout")],
        help="write the one-page handout of a seminar scenario as Markdown or PDF",
    )
    p.add_argument("scenario", help="a scenario id of data/scenarios/")
    p.add_argument("-o", "--output", type=Path, required=True, help="handout.md or handout.pdf")
    p = sub.add_parser(
        "diff",
        help="what a change to the rules does: the cases whose result changes (Markdown); "
        "the two rule versions are its arguments (no --rules)",
    )
    p.add_argument("old", help="the rules before: a rules directory or git:REV (e.g. git:HEAD)")
    p.add_argument("new", help="the rules after: a rules directory or git:REV")
    p.add_argument("-o", "--output", type=Path, default=None, help="write the report here")
    p.add_argument(
        "--lang", choices=("sv", "en"), default=argparse.SUPPRESS, help="language of texts (sv)"
    )
    p = sub.add_parser(
        "schema",
        help="write the JSON Schemas of the YAML formats (for editors) to schemas/ (no --rules)",
    )
    p.add_argument("-o", "--output", type=Path, default=None, help="directory (default schemas/)")
    p.add_argument("--check", action="store_true", help="exit 1 when a schema file is stale")
    p = sub.add_parser(
        "coverage",
        parents=[_options("coverage")],
        help="run the scenario tests and report which rules and boundary sides they exercise",
    )
    p.add_argument(
        "rules_dir",
        type=Path,
        nargs="?",
        default=None,
        metavar="RULES_DIR",
        help="the rules directory (the same as --rules)",
    )
    p.add_argument("-o", "--output", type=Path, default=None, help="report.md (default stdout)")
    sub.add_parser(
        "catalogue",
        parents=[_options("catalogue")],
        help="print every amount and rule as Markdown",
    )
    from procurement.cli_saved import add_parser as add_saved

    add_saved(sub, [_options("saved")])
    p = sub.add_parser(
        "lint",
        help="validate the rules (default: the rules directory's route rules, supplier/ and "
        "clauses/); exit 0 when valid",
    )
    _rules_option(p, "lint")
    p.add_argument(
        "rules_dir",
        type=Path,
        nargs="?",
        default=None,
        metavar="RULES_DIR",
        help="validate this one folder only: route rules, supplier rules or a clause library",
    )
    p.add_argument(
        "--local-amounts",
        type=Path,
        default=None,
        help="a file or directory of amounts entered locally (default: $VAGVAL_LOCAL_AMOUNTS)",
    )
    if set(sub.choices) != set(COMMANDS):  # pragma: no cover - caught by every test
        raise RuntimeError(
            f"commands without a handler or parser: {set(sub.choices) ^ set(COMMANDS)}"
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    command = COMMANDS.get(args.command)
    if command is None:  # pragma: no cover - the parser knows only the commands of COMMANDS
        parser.error(f"unknown command '{args.command}'")
    assert command is not None
    if command.reads is None and args.rules is not None:
        parser.error(f"{args.command} reads no rules directory: --rules is not for it")
    try:
        return command.run(args)
    except StorageError as exc:
        _error(exc.text(args.lang))
        return 2
    except RuleLoadError as exc:
        for issue in exc.issues:
            _error(str(issue))
        return 2
    except VagvalError as exc:
        _error(str(exc))
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0
    except Exception as exc:
        # Only where it happened: the message may quote a user's data or a secret.
        _error(f"internal error ({type(exc).__name__} at {origin(exc)}); please report it")
        return 3


def _error(message: str) -> None:
    """One line on stderr: ``error: `` and ``message`` with every character that is not
    shown as itself escaped (no line a user's value could forge, no escape sequence), at most
    :data:`~procurement.core.errors.LINE_LIMIT` characters."""
    print(f"error: {escaped(message, LINE_LIMIT)}", file=sys.stderr)


def _rules_root(args: argparse.Namespace) -> Path:
    """The rules directory of --rules (else $VAGVAL_RULES, else the shipped rules/)."""
    from procurement.service import rules_directory

    return rules_directory(args.rules)


def _folder(args: argparse.Namespace, name: str, what: str) -> Path:
    """The folder ``name`` (supplier, clauses) of the rules directory, which must exist."""
    folder = _rules_root(args) / name
    if not folder.is_dir():
        raise InputError(
            str(folder),
            f"no such folder: the rules directory keeps {what} in its {name}/ folder "
            "(--rules names the rules directory itself, e.g. rules/)",
        )
    return folder


def _ruleset(args: argparse.Namespace) -> Any:
    """The route rules of the rules directory."""
    from procurement.service import default_ruleset

    return default_ruleset(args.rules)


def _supplier_ruleset(args: argparse.Namespace) -> Any:
    """The supplier checks: the supplier/ folder of the rules directory."""
    from procurement.service import SUPPLIER_FOLDER, default_supplier_ruleset

    return default_supplier_ruleset(_folder(args, SUPPLIER_FOLDER, "the supplier checks"))


def _library(args: argparse.Namespace) -> Any:
    """The clause library: --clause-library, else the clauses/ folder of the rules directory,
    checked against the rules directory's route rules."""
    from procurement.service import CLAUSES_FOLDER, default_library

    clauses = args.clause_library or _folder(args, CLAUSES_FOLDER, "the clause library")
    return default_library(_rules_root(args), clauses)


def _lint_command(args: argparse.Namespace) -> int:
    """``lint``: RULES_DIR alone, else the rules directory with its supplier/ folder."""
    from procurement.service import SUPPLIER_FOLDER

    if args.rules_dir is not None:
        return _lint(args, [args.rules_dir])
    root = _rules_root(args)
    supplier = root / SUPPLIER_FOLDER
    if supplier.is_dir():
        return _lint(args, [root, supplier], supplier)
    return _lint(args, [root])


def _lint(args: argparse.Namespace, targets: list[Path], supplier: Path | None = None) -> int:
    """Lint each folder of ``targets`` (``supplier`` the one of supplier checks, if any); a
    single folder named clauses is linted as a clause library."""
    from procurement.authoring.analysis.lint import analyse
    from procurement.core.loader import DEFAULT_SUPPLIER_RULES_DIR, load_ruleset
    from procurement.core.local_amounts import local_amounts_path

    local = args.local_amounts or local_amounts_path()
    if local is not None and not local.exists():
        raise InputError(str(local), "no such file or directory (local amounts)")

    path = targets[0]
    if not path.exists():
        raise InputError(str(path), "no such file or directory")
    if len(targets) == 1 and path.is_dir() and path.name == "clauses":
        from procurement.clauses.library import load_library

        library = load_library(_ruleset(args), path)  # RuleLoadError: exit 2 in main()
        print(f"ok: {path}: {len(library)} clauses (version {library.version})")
        return 0
    status = 0
    for target in targets:
        try:
            # Local amounts belong to the route rules, never to the supplier checks.
            with_local = None if target in (supplier, DEFAULT_SUPPLIER_RULES_DIR) else local
            rs = load_ruleset(target, with_local)
            library = _lint_clauses(rs, target)
        except RuleLoadError as exc:
            for issue in exc.issues:
                print(f"error: {issue}", file=sys.stderr)
            print(f"{len(exc.issues)} problem(s) in {target}", file=sys.stderr)
            status = 1
            continue
        findings = analyse(rs)
        if findings:
            for finding in findings:
                print(f"error: {finding}", file=sys.stderr)
            print(f"{len(findings)} finding(s) in {target}", file=sys.stderr)
            status = 1
            continue
        rules = sum(len(t.rules) for t in rs.targets.values())
        criteria = sum(len(c.criteria) for c in rs.checks)
        print(
            f"ok: {target}: {len(rs.files)} files, {len(rs.facts)} facts, "
            f"{len(rs.amounts)} amounts, {rules} rules, {len(rs.recommendations)} recommendations, "
            f"{len(rs.obligations)} obligations, {len(rs.warnings)} warnings, "
            f"{len(rs.checks)} checks with {criteria} criteria (version {rs.version}); "
            "analysis: no findings"
        )
        for period in rs.local_periods:
            print(
                f"ok: local amount {period.amount} from {period.valid_from} "
                f"({period.file}:{period.line})"
            )
        if library is not None:
            print(
                f"ok: {Path(library.files[0]).parent}: {len(library)} clauses "
                f"(version {library.version})"
            )
    return status


def _lint_clauses(rs: Any, target: Path) -> Any:
    """Load the clause library beside a route rule set (``<rules>/clauses/``), if any."""
    from procurement.clauses.library import load_library

    clauses = Path(target) / "clauses"
    if rs.routes and clauses.is_dir():
        return load_library(rs, clauses)
    return None


def _read_json(path: Path) -> Any:
    try:
        # At most the limit and a byte more is read; a pipe or a device is refused.
        text = read_limited(path, JSON_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "the file is not UTF-8 text") from None
    try:
        return json_input.loads(text)
    except RecursionError:
        raise InputError(str(path), "invalid JSON: nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            str(path), f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(str(path), f"invalid JSON: {exc}") from None


def _assess(args: argparse.Namespace) -> int:
    from procurement.service import Vagval

    vagval = Vagval(_ruleset(args))
    data = _read_json(args.case)
    assessment = vagval.assess(data, lang=args.lang, trace=not args.no_trace)
    exclude = {"trace"} if args.no_trace else None
    sys.stdout.write(assessment.model_dump_json(indent=2, exclude=exclude) + "\n")
    return 0


def _check_supplier(args: argparse.Namespace) -> int:
    from procurement.service import Vagval

    vagval = Vagval(supplier_rules=_supplier_ruleset(args))
    report = vagval.check_supplier(_read_json(args.supplier), lang=args.lang)
    exclude = {"trace"} if args.no_trace else None
    sys.stdout.write(report.model_dump_json(indent=2, exclude=exclude) + "\n")
    return 0


def _check_supplier_batch(args: argparse.Namespace) -> int:
    from procurement.batch.suppliers import SUPPLIER_ID_COLUMN, check_frame
    from procurement.batch.tables import read_table, table_bytes

    check_output(args.output, [args.suppliers])
    rs = _supplier_ruleset(args)
    frame = read_table(args.suppliers, rs, SUPPLIER_ID_COLUMN)
    result = check_frame(frame, rs, args.lang)
    _write(args.output, table_bytes(result.frame, args.output.suffix), [args.suppliers])
    return _batch_summary(result, args.output, "suppliers checked")


def _batch_summary(result: Any, output: Path, what: str) -> int:
    for error in result.errors:
        _error(str(error))
    done = len(result.frame) - len(result.errors)
    print(f"{done} of {len(result.frame)} {what}; results in {output}", file=sys.stderr)
    return 1 if result.errors else 0


def _assess_batch(args: argparse.Namespace) -> int:
    from procurement.batch.cases import assess_frame, read_cases_csv
    from procurement.batch.tables import table_bytes

    check_output(args.output, [args.cases])
    rs = _ruleset(args)
    result = assess_frame(read_cases_csv(args.cases, rs), rs, args.lang)
    _write(args.output, table_bytes(result.frame, args.output.suffix), [args.cases])
    return _batch_summary(result, args.output, "cases assessed")


def _write(path: Path, data: bytes, inputs: Sequence[Path | None] = ()) -> None:
    """Write ``data`` to ``path`` (procurement.core.output_file: an exclusive temporary file
    in the same directory, then one replace; never over a device, FIFO or directory, nor over
    one of the command's ``inputs``)."""
    write_output(path, data, inputs)


def _text_out(text: str, output: Path | None, inputs: Sequence[Path | None] = ()) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text.encode("utf-8"), inputs)
        print(f"report written to {output}", file=sys.stderr)


def _schema(args: argparse.Namespace) -> int:
    from procurement.authoring.schema import SCHEMA_DIR, SCHEMAS, render, write_schemas

    directory = args.output or SCHEMA_DIR
    if args.check:
        stale = [
            name
            for name in SCHEMAS
            if not (directory / f"{name}.schema.json").exists()
            or (directory / f"{name}.schema.json").read_text(encoding="utf-8") != render(name)
        ]
        for name in stale:
            print(
                f"error: schemas/{name}.schema.json is stale: run python -m procurement schema",
                file=sys.stderr,
            )
        return 1 if stale else 0
    for path in write_schemas(directory):
        print(f"wrote {path}")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from procurement.authoring.diff import diff_report

    text, changed = diff_report(args.old, args.new, args.lang)
    _text_out(text, args.output)
    print(f"{changed} case(s) change", file=sys.stderr)
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from procurement.authoring.coverage import coverage_report
    from procurement.service import rules_directory

    try:
        text, ok = coverage_report(rules_directory(args.rules_dir or args.rules), args.lang)
    except FileNotFoundError as exc:
        raise InputError(str(args.rules_dir or "rules"), f"no scenario folder: {exc}") from None
    _text_out(text, args.output)
    if not ok:
        print("coverage: some rules or boundary sides are not exercised", file=sys.stderr)
    return 0 if ok else 1


def _tree(args: argparse.Namespace) -> int:
    from procurement.documents.seminar.tree import decision_tree_svg
    from procurement.service import Vagval

    if args.output.suffix.lower() != ".svg":
        raise InputError(str(args.output), "the output must end in .svg")
    rs = _ruleset(args)
    assessment = None
    if args.case:
        assessment = Vagval(rs).assess(_read_json(args.case), lang=args.lang)
    _write(args.output, decision_tree_svg(rs, args.lang, assessment).encode("utf-8"), [args.case])
    print(f"tree written to {args.output}", file=sys.stderr)
    return 0


def _handout(args: argparse.Namespace) -> int:
    from procurement.core.suggest import did_you_mean
    from procurement.documents.memo.output import markdown_bytes, memo_bytes
    from procurement.documents.seminar.answer import answer
    from procurement.documents.seminar.handout import handout
    from procurement.documents.seminar.scenario import load_scenarios

    fmt = args.output.suffix.lower().lstrip(".")
    if fmt not in ("md", "pdf"):
        raise InputError(str(args.output), "the output must end in .md or .pdf")
    check_output(args.output)
    rs, supplier = _ruleset(args), _supplier_ruleset(args)
    bank = load_scenarios(rs, supplier)
    scenario = bank.scenarios.get(args.scenario)
    if scenario is None:
        hint = did_you_mean(args.scenario, bank.scenarios)
        raise InputError("scenario", f"unknown scenario {shown(args.scenario)}{hint}")
    doc = handout(scenario, answer(scenario, rs, supplier, args.lang), args.lang)
    _write(args.output, markdown_bytes(doc) if fmt == "md" else memo_bytes(doc, "pdf"))
    print(f"handout written to {args.output}", file=sys.stderr)
    return 0


def _memo(args: argparse.Namespace) -> int:
    from procurement.documents.memo.build import build_memo
    from procurement.documents.memo.choices import parse_choices
    from procurement.documents.memo.output import FORMATS, check_choices_shown, memo_bytes

    fmt = args.output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(str(args.output), "the output must end in .docx or .pdf")
    check_output(args.output, [args.case, args.clauses])
    rs = _ruleset(args)
    library = _library(args)
    facts = _read_json(args.case)
    choices = parse_choices(_read_json(args.clauses), args.lang) if args.clauses else None
    if choices is not None:
        check_choices_shown(choices, fmt, args.lang)  # the field and the character named
    memo = build_memo(rs, library, facts, choices, args.lang)
    _write(args.output, memo_bytes(memo.document, fmt), [args.case, args.clauses])
    for item in memo.alerts:
        print(f"warning: {item}", file=sys.stderr)
    for item in memo.draft:
        print(f"draft: {item}", file=sys.stderr)
    state = f"a draft with {len(memo.draft)} point(s) to complete" if memo.draft else "complete"
    print(f"memo written to {args.output} ({state})", file=sys.stderr)
    return 0


def _clauses(args: argparse.Namespace) -> int:
    from procurement.documents.memo.proposals_markdown import proposals_markdown

    rs = _ruleset(args)
    library = _library(args)
    facts = _read_json(args.case)
    if args.json:
        from procurement.documents.memo.build import prepare
        from procurement.documents.memo.proposals_markdown import choices_skeleton

        prepared = prepare(rs, library, facts, args.route, args.lang)
        sys.stdout.write(json.dumps(choices_skeleton(prepared), ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(proposals_markdown(rs, library, facts, args.route, args.lang))
    return 0


def _catalogue(args: argparse.Namespace) -> int:
    from procurement.authoring.catalogue import to_markdown
    from procurement.service import SUPPLIER_FOLDER, default_supplier_ruleset

    sys.stdout.write(to_markdown(_ruleset(args), args.lang))
    supplier = _rules_root(args) / SUPPLIER_FOLDER
    if supplier.is_dir():
        sys.stdout.write("\n" + to_markdown(default_supplier_ruleset(supplier), args.lang))
    return 0


def _saved(args: argparse.Namespace) -> int:
    from procurement.cli_saved import run as run_saved

    return run_saved(args, _read_json, _write)


# Every command: its handler, and what it reads of the rules directory (the help of --rules).
# The parser has exactly these commands (checked when it is built), so none falls through.
COMMANDS: dict[str, Command] = {
    "assess": Command(_assess, "its route rules"),
    "assess-batch": Command(_assess_batch, "its route rules"),
    "check-supplier": Command(_check_supplier, "the supplier checks in its supplier/ folder"),
    "check-supplier-batch": Command(
        _check_supplier_batch, "the supplier checks in its supplier/ folder"
    ),
    "memo": Command(
        _memo,
        "its route rules, and the clause library in its clauses/ folder unless "
        "--clause-library is given",
    ),
    "clauses": Command(
        _clauses,
        "its route rules, and the clause library in its clauses/ folder unless "
        "--clause-library is given",
    ),
    "tree": Command(_tree, "its route rules"),
    "handout": Command(_handout, "its route rules and the supplier checks in its supplier/ folder"),
    "diff": Command(_diff, None),
    "schema": Command(_schema, None),
    "coverage": Command(
        _coverage,
        "its route rules with their scenario tests (tests/), and its supplier/ "
        "folder likewise when it has one; RULES_DIR is the same",
    ),
    "catalogue": Command(
        _catalogue,
        "its route rules, and the supplier checks in its supplier/ folder when it has one",
    ),
    "saved": Command(_saved, "its route rules, to assess a saved case and compare it with today's"),
    "lint": Command(
        _lint_command,
        "its route rules, and the clause library in its clauses/ folder and the supplier "
        "checks in its supplier/ folder when it has them",
    ),
}
