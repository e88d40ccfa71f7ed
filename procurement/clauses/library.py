"""Loading the clause library: strict YAML, checked against the route rules it serves.

Every issue names the file and line: unknown keys, wrong types, unknown routes, contract
types or duties (with a "did you mean"), bad conditions and placeholders that are not
declared variables.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from procurement.clauses.model import Clause, ClauseFile
from procurement.core.conditions import CompiledCondition, ConditionError, compile_condition
from procurement.core.errors import RuleIssue, RuleLoadError
from procurement.core.loader import DEFAULT_RULES_DIR, fact_symbols, resolve_files, validate_file
from procurement.core.ruleset import RuleSet
from procurement.core.suggest import did_you_mean
from procurement.core.yamlsource import LineMap, parse_yaml, read_source

__all__ = ["DEFAULT_CLAUSES_DIR", "ClauseLibrary", "load_library"]

DEFAULT_CLAUSES_DIR = DEFAULT_RULES_DIR / "clauses"


@dataclass(frozen=True)
class ClauseLibrary:
    """The loaded clauses, in file order, with their compiled ``when`` conditions."""

    clauses: dict[str, Clause]
    conditions: dict[str, CompiledCondition]
    version: str
    files: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.clauses)


class _Checker:
    def __init__(self, ruleset: RuleSet) -> None:
        self.rs = ruleset
        self.issues: list[RuleIssue] = []
        self.routes = list(ruleset.routes) + [t for t in ruleset.targets if "." in t]
        contract = ruleset.facts.get("contract_type")
        self.contract_types = contract.value_ids() if contract else []
        self.duties = sorted({o.obligation or o.id for o, _ in ruleset.obligations})
        self.symbols = fact_symbols(ruleset.facts)

    def issue(self, lines: LineMap, path: tuple[str | int, ...], message: str) -> None:
        self.issues.append(RuleIssue(lines.file, lines.line(path), message))

    def check(self, clause: Clause, lines: LineMap, at: tuple[str | int, ...]) -> None:
        for i, route in enumerate(clause.routes):
            if route not in self.routes:
                hint = did_you_mean(route, self.routes)
                self.issue(lines, (*at, "routes", i), f"routes: unknown route '{route}'{hint}")
        for i, kind in enumerate(clause.contract_types):
            if kind not in self.contract_types:
                hint = did_you_mean(kind, self.contract_types)
                self.issue(
                    lines, (*at, "contract_types", i), f"contract_types: unknown '{kind}'{hint}"
                )
        for key in ("required_by", "excluded_by"):
            duty = getattr(clause, key)
            if duty and duty not in self.duties:
                hint = did_you_mean(duty, self.duties)
                self.issue(lines, (*at, key), f"{key}: unknown duty '{duty}'{hint}")
        declared = [v.id for v in clause.variables]
        names = declared + list(self.rs.amounts)
        for lang in ("sv", "en"):
            try:
                fields = [
                    (name, spec, conv)
                    for _, name, spec, conv in string.Formatter().parse(getattr(clause.text, lang))
                    if name is not None
                ]
            except ValueError as exc:
                self.issue(lines, (*at, "text", lang), f"text.{lang}: invalid placeholder: {exc}")
                continue
            used = set()
            for name, spec, conv in fields:
                used.add(name)
                if spec or conv:
                    written = f"{{{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}"
                    self.issue(
                        lines,
                        (*at, "text", lang),
                        f"text.{lang}: placeholder '{written}' has a format spec or conversion; "
                        f"write '{{{name}}}' (values are formatted by Vägval)",
                    )
                elif name not in names:
                    hint = did_you_mean(name, names)
                    self.issue(
                        lines,
                        (*at, "text", lang),
                        f"text.{lang}: unknown variable or amount '{{{name}}}'{hint}",
                    )
            for name in declared:
                if name not in used:
                    self.issue(
                        lines,
                        (*at, "text", lang),
                        f"text.{lang}: variable '{name}' is declared but not used",
                    )

    def compile(
        self, clause: Clause, lines: LineMap, at: tuple[str | int, ...]
    ) -> CompiledCondition | None:
        if clause.when is None:
            return None
        try:
            return compile_condition(clause.when, self.symbols)
        except ConditionError as exc:
            self.issue(
                lines,
                (*at, "when"),
                f"condition '{clause.when}': {exc.message} (column {exc.column})",
            )
            return None


def load_library(
    ruleset: RuleSet, source: Path | str | Iterable[Path] | None = None
) -> ClauseLibrary:
    """Load and check the clause library (default ``rules/clauses/``) against ``ruleset``;
    raise :class:`RuleLoadError` listing every issue."""
    checker = _Checker(ruleset)
    clauses: dict[str, Clause] = {}
    conditions: dict[str, CompiledCondition] = {}
    digest = hashlib.sha256()
    paths = resolve_files(source, DEFAULT_CLAUSES_DIR, "clause")
    for path in paths:
        raw = read_source(path)
        digest.update(raw)
        data, lines = parse_yaml(raw, str(path))
        parsed = validate_file(
            path, data, lines, checker.issues, ClauseFile, "a mapping with 'clauses'"
        )
        if parsed is None:
            continue
        for i, clause in enumerate(parsed.clauses):
            at: tuple[str | int, ...] = ("clauses", i)
            if clause.id in clauses:
                checker.issue(lines, (*at, "id"), f"duplicate clause id '{clause.id}'")
                continue
            checker.check(clause, lines, at)
            compiled = checker.compile(clause, lines, at)
            clauses[clause.id] = clause
            if compiled is not None:
                conditions[clause.id] = compiled
    if checker.issues:
        raise RuleLoadError(checker.issues)
    return ClauseLibrary(
        clauses=clauses,
        conditions=conditions,
        version=digest.hexdigest()[:12],
        files=tuple(str(p) for p in paths),
    )
