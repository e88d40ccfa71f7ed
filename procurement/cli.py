"""The command line: assess, assess-batch and lint (interface.md, section 3).

Invalid input exits 2 with one clear line on stderr; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from procurement.core.errors import InputError, RuleLoadError, VagvalError
from procurement.core.limits import JSON_BYTES, larger_than
from procurement.storage.errors import StorageError

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m procurement",
        description="Vägval: route assessment for socially responsible procurement.",
    )
    parser.add_argument(
        "--rules", type=Path, default=None, help="rule directory (default: the shipped rules/)"
    )
    parser.add_argument(
        "--lang", choices=("sv", "en"), default="sv", help="language of texts (default sv)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    lang = _Parser(add_help=False)
    lang.add_argument(
        "--lang", choices=("sv", "en"), default=argparse.SUPPRESS, help="language of texts (sv)"
    )
    lang.add_argument("--rules", type=Path, default=argparse.SUPPRESS, help="rule directory")
    p = sub.add_parser(
        "assess", parents=[lang], help="assess one case (JSON) and print the assessment as JSON"
    )
    p.add_argument("case", type=Path)
    p.add_argument("--no-trace", action="store_true", help="leave out the trace")
    p = sub.add_parser(
        "assess-batch", parents=[lang], help="assess a CSV of cases into a CSV of results"
    )
    p.add_argument("cases", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p = sub.add_parser(
        "check-supplier",
        parents=[lang],
        help="check one supplier (JSON): the ASF definition and each reservation test",
    )
    p.add_argument("supplier", type=Path)
    p.add_argument("--no-trace", action="store_true", help="leave out the trace")
    p = sub.add_parser(
        "check-supplier-batch",
        parents=[lang],
        help="check a CSV or Excel table of suppliers into a CSV or Excel table of results",
    )
    p.add_argument("suppliers", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p = sub.add_parser(
        "memo",
        parents=[lang],
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
    p.add_argument("--clause-library", type=Path, default=None, help="clause library directory")
    p.add_argument("-o", "--output", type=Path, required=True, help="memo.docx or memo.pdf")
    p = sub.add_parser(
        "clauses",
        parents=[lang],
        help="list the clauses proposed for a case, their variables and the options that "
        "need a reason (Markdown)",
    )
    p.add_argument("case", type=Path)
    p.add_argument("--route", default=None, help="a route or route.variant (default: Vägval's)")
    p.add_argument(
        "--json", action="store_true", help="print only the skeleton --clauses file (JSON)"
    )
    p.add_argument("--clause-library", type=Path, default=None, help="clause library directory")
    p = sub.add_parser(
        "tree",
        parents=[lang],
        help="draw the route rules as a decision tree (SVG), with a case's path if given",
    )
    p.add_argument("--case", type=Path, default=None, help="a case (JSON) whose path to mark")
    p.add_argument("-o", "--output", type=Path, required=True, help="tree.svg")
    p = sub.add_parser(
        "handout",
        parents=[lang],
        help="write the one-page handout of a seminar scenario as Markdown or PDF",
    )
    p.add_argument("scenario", help="a scenario id of data/scenarios/")
    p.add_argument("-o", "--output", type=Path, required=True, help="handout.md or handout.pdf")
    p = sub.add_parser(
        "diff", help="what a change to the rules does: the cases whose result changes (Markdown)"
    )
    p.add_argument("old", help="the rules before: a rules directory or git:REV (e.g. git:HEAD)")
    p.add_argument("new", help="the rules after: a rules directory or git:REV")
    p.add_argument("-o", "--output", type=Path, default=None, help="write the report here")
    p.add_argument(
        "--lang", choices=("sv", "en"), default=argparse.SUPPRESS, help="language of texts (sv)"
    )
    p = sub.add_parser(
        "schema", help="write the JSON Schemas of the YAML formats (for editors) to schemas/"
    )
    p.add_argument("-o", "--output", type=Path, default=None, help="directory (default schemas/)")
    p.add_argument("--check", action="store_true", help="exit 1 when a schema file is stale")
    p = sub.add_parser(
        "coverage",
        parents=[lang],
        help="run the scenario tests and report which rules and boundary sides they exercise",
    )
    p.add_argument("rules_dir", type=Path, nargs="?", default=None)
    p.add_argument("-o", "--output", type=Path, default=None, help="report.md (default stdout)")
    p = sub.add_parser("catalogue", parents=[lang], help="print every amount and rule as Markdown")
    from procurement.cli_saved import add_parser as add_saved

    add_saved(sub, [lang])
    p = sub.add_parser(
        "lint",
        help="validate a rule directory (default: rules/ and rules/supplier/); exit 0 when valid",
    )
    p.add_argument("rules_dir", type=Path, nargs="?", default=None)
    p.add_argument(
        "--local-amounts",
        type=Path,
        default=None,
        help="a file or directory of amounts entered locally (default: $VAGVAL_LOCAL_AMOUNTS)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "lint":
            return _lint(args.rules_dir or args.rules, args.local_amounts)
        if args.command == "assess":
            return _assess(args)
        if args.command == "check-supplier":
            return _check_supplier(args)
        if args.command == "check-supplier-batch":
            return _check_supplier_batch(args)
        if args.command == "memo":
            return _memo(args)
        if args.command == "clauses":
            return _clauses(args)
        if args.command == "schema":
            return _schema(args)
        if args.command == "diff":
            return _diff(args)
        if args.command == "coverage":
            return _coverage(args)
        if args.command == "tree":
            return _tree(args)
        if args.command == "handout":
            return _handout(args)
        if args.command == "saved":
            from procurement.cli_saved import run as run_saved

            return run_saved(args, _read_json, _write)
        if args.command == "catalogue":
            from procurement.authoring.catalogue import to_markdown
            from procurement.service import default_supplier_ruleset

            sys.stdout.write(to_markdown(_ruleset(args.rules), args.lang))
            if args.rules is None:
                sys.stdout.write("\n" + to_markdown(default_supplier_ruleset(), args.lang))
            return 0
        return _assess_batch(args)
    except StorageError as exc:
        print(f"error: {exc.text(args.lang)}", file=sys.stderr)
        return 2
    except RuleLoadError as exc:
        for issue in exc.issues:
            print(f"error: {issue}", file=sys.stderr)
        return 2
    except VagvalError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0
    except Exception as exc:
        print(
            f"error: internal error ({type(exc).__name__}: {exc}); please report it",
            file=sys.stderr,
        )
        return 3


def _ruleset(path: Path | None) -> Any:
    from procurement.service import default_ruleset

    return default_ruleset(path)


def _lint(path: Path | None, local: Path | None = None) -> int:
    from procurement.authoring.analysis.lint import analyse
    from procurement.core.loader import DEFAULT_RULES_DIR, DEFAULT_SUPPLIER_RULES_DIR, load_ruleset
    from procurement.core.local_amounts import local_amounts_path

    local = local or local_amounts_path()
    if local is not None and not local.exists():
        raise InputError(str(local), "no such file or directory (local amounts)")

    if path is not None and not path.exists():
        raise InputError(str(path), "no such file or directory")
    if path is not None and path.is_dir() and path.name == "clauses":
        from procurement.clauses.library import load_library
        from procurement.service import default_ruleset

        library = load_library(default_ruleset(), path)  # RuleLoadError: exit 2 in main()
        print(f"ok: {path}: {len(library)} clauses (version {library.version})")
        return 0
    targets = [path] if path else [DEFAULT_RULES_DIR, DEFAULT_SUPPLIER_RULES_DIR]
    status = 0
    for target in targets:
        try:
            # Local amounts belong to the route rules, never to the supplier checks.
            with_local = local if target != DEFAULT_SUPPLIER_RULES_DIR else None
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
        if path.stat().st_size > JSON_BYTES:
            raise InputError(str(path), larger_than(JSON_BYTES))
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "the file is not UTF-8 text") from None
    try:
        return json.loads(text)
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

    vagval = Vagval(_ruleset(args.rules))
    data = _read_json(args.case)
    assessment = vagval.assess(data, lang=args.lang, trace=not args.no_trace)
    exclude = {"trace"} if args.no_trace else None
    sys.stdout.write(assessment.model_dump_json(indent=2, exclude=exclude) + "\n")
    return 0


def _check_supplier(args: argparse.Namespace) -> int:
    from procurement.service import Vagval, default_supplier_ruleset

    vagval = Vagval(supplier_rules=default_supplier_ruleset(args.rules))
    report = vagval.check_supplier(_read_json(args.supplier), lang=args.lang)
    exclude = {"trace"} if args.no_trace else None
    sys.stdout.write(report.model_dump_json(indent=2, exclude=exclude) + "\n")
    return 0


def _check_supplier_batch(args: argparse.Namespace) -> int:
    from procurement.batch.suppliers import SUPPLIER_ID_COLUMN, check_frame
    from procurement.batch.tables import read_table, write_table
    from procurement.service import default_supplier_ruleset

    rs = default_supplier_ruleset(args.rules)
    frame = read_table(args.suppliers, rs, SUPPLIER_ID_COLUMN)
    result = check_frame(frame, rs, args.lang)
    write_table(result.frame, args.output)
    return _batch_summary(result, args.output, "suppliers checked")


def _batch_summary(result: Any, output: Path, what: str) -> int:
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    done = len(result.frame) - len(result.errors)
    print(f"{done} of {len(result.frame)} {what}; results in {output}", file=sys.stderr)
    return 1 if result.errors else 0


def _assess_batch(args: argparse.Namespace) -> int:
    from procurement.batch.cases import assess_frame, read_cases_csv
    from procurement.batch.tables import write_table

    rs = _ruleset(args.rules)
    result = assess_frame(read_cases_csv(args.cases, rs), rs, args.lang)
    write_table(result.frame, args.output)
    return _batch_summary(result, args.output, "cases assessed")


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so no half file is left."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(str(path), f"cannot write the file: {exc.strerror}") from None


def _text_out(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text.encode("utf-8"))
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

    try:
        text, ok = coverage_report(args.rules_dir or args.rules, args.lang)
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
    rs = _ruleset(args.rules)
    assessment = None
    if args.case:
        assessment = Vagval(rs).assess(_read_json(args.case), lang=args.lang)
    _write(args.output, decision_tree_svg(rs, args.lang, assessment).encode("utf-8"))
    print(f"tree written to {args.output}", file=sys.stderr)
    return 0


def _handout(args: argparse.Namespace) -> int:
    from procurement.core.suggest import did_you_mean
    from procurement.documents.memo.output import markdown_bytes, memo_bytes
    from procurement.documents.seminar.answer import answer
    from procurement.documents.seminar.handout import handout
    from procurement.documents.seminar.scenario import load_scenarios
    from procurement.service import default_supplier_ruleset

    fmt = args.output.suffix.lower().lstrip(".")
    if fmt not in ("md", "pdf"):
        raise InputError(str(args.output), "the output must end in .md or .pdf")
    rs, supplier = _ruleset(args.rules), default_supplier_ruleset()
    bank = load_scenarios(rs, supplier)
    scenario = bank.scenarios.get(args.scenario)
    if scenario is None:
        hint = did_you_mean(args.scenario, bank.scenarios)
        raise InputError("scenario", f"unknown scenario '{args.scenario}'{hint}")
    doc = handout(scenario, answer(scenario, rs, supplier, args.lang), args.lang)
    _write(args.output, markdown_bytes(doc) if fmt == "md" else memo_bytes(doc, "pdf"))
    print(f"handout written to {args.output}", file=sys.stderr)
    return 0


def _memo(args: argparse.Namespace) -> int:
    from procurement.documents.memo.build import build_memo
    from procurement.documents.memo.choices import parse_choices
    from procurement.documents.memo.output import FORMATS, memo_bytes
    from procurement.service import default_library

    fmt = args.output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(str(args.output), "the output must end in .docx or .pdf")
    rs = _ruleset(args.rules)
    library = default_library(args.rules, args.clause_library)
    facts = _read_json(args.case)
    choices = parse_choices(_read_json(args.clauses), args.lang) if args.clauses else None
    memo = build_memo(rs, library, facts, choices, args.lang)
    _write(args.output, memo_bytes(memo.document, fmt))
    for item in memo.alerts:
        print(f"warning: {item}", file=sys.stderr)
    for item in memo.draft:
        print(f"draft: {item}", file=sys.stderr)
    state = f"a draft with {len(memo.draft)} point(s) to complete" if memo.draft else "complete"
    print(f"memo written to {args.output} ({state})", file=sys.stderr)
    return 0


def _clauses(args: argparse.Namespace) -> int:
    from procurement.documents.memo.proposals_markdown import proposals_markdown
    from procurement.service import default_library

    rs = _ruleset(args.rules)
    library = default_library(args.rules, args.clause_library)
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
