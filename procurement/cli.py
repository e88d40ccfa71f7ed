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

from procurement.errors import InputError, RuleLoadError, VagvalError

__all__ = ["main"]

MAX_JSON_BYTES = 1024 * 1024


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
    lang = argparse.ArgumentParser(add_help=False)
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
    p = sub.add_parser("catalogue", parents=[lang], help="print every amount and rule as Markdown")
    p = sub.add_parser("lint", help="validate a rule directory; exit 0 when valid")
    p.add_argument("rules_dir", type=Path, nargs="?", default=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "lint":
            return _lint(args.rules_dir or args.rules)
        if args.command == "assess":
            return _assess(args)
        if args.command == "catalogue":
            from procurement.catalogue import to_markdown

            sys.stdout.write(to_markdown(_ruleset(args.rules), args.lang))
            return 0
        return _assess_batch(args)
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
    from procurement.api import default_ruleset

    return default_ruleset(path)


def _lint(path: Path | None) -> int:
    from procurement.loader import DEFAULT_RULES_DIR, load_ruleset

    target = path or DEFAULT_RULES_DIR
    try:
        rs = load_ruleset(target)
    except RuleLoadError as exc:
        for issue in exc.issues:
            print(f"error: {issue}", file=sys.stderr)
        print(f"{len(exc.issues)} problem(s) in {target}", file=sys.stderr)
        return 1
    rules = sum(len(t.rules) for t in rs.targets.values())
    print(
        f"ok: {target}: {len(rs.files)} files, {len(rs.facts)} facts, {len(rs.amounts)} amounts, "
        f"{rules} rules, {len(rs.recommendations)} recommendations, "
        f"{len(rs.obligations)} obligations, "
        f"{len(rs.warnings)} warnings (version {rs.version})"
    )
    return 0


def _read_json(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise InputError(str(path), "the file is larger than 1 MB")
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
    from procurement.engine import evaluate
    from procurement.facts_input import parse_case
    from procurement.render import render

    rs = _ruleset(args.rules)
    data = _read_json(args.case)
    case = parse_case(rs, data, lang=args.lang)
    assessment = render(rs, evaluate(rs, case), args.lang)
    exclude = {"trace"} if args.no_trace else None
    sys.stdout.write(assessment.model_dump_json(indent=2, exclude=exclude) + "\n")
    return 0


def _assess_batch(args: argparse.Namespace) -> int:
    from procurement.batch import assess_frame, read_cases_csv
    from procurement.csvsafe import neutralise_frame

    rs = _ruleset(args.rules)
    frame = read_cases_csv(args.cases, rs)
    result = assess_frame(frame, rs, args.lang)
    try:
        neutralise_frame(result.frame).to_csv(args.output, index=False, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            str(args.output), f"cannot write the file: {exc.strerror or exc}"
        ) from None
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    done = len(result.frame) - len(result.errors)
    print(
        f"{done} of {len(result.frame)} cases assessed; results in {args.output}", file=sys.stderr
    )
    return 1 if result.errors else 0
