"""The strict loader: rule files in, one frozen :class:`RuleSet` out, or every issue found.

Each issue names the file, the line and the problem, with a "did you mean" for near
misses. YAML syntax, duplicate keys, unknown keys, wrong types, references to undeclared
facts, amounts or routes, and conditions outside the language are all caught here.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from procurement.core import model as m
from procurement.core.conditions import ConditionError, Symbol, SymbolKind, compile_condition
from procurement.core.conditions.typecheck import BOOL, DATE, ENUM, NUMBER
from procurement.core.errors import RuleIssue, RuleLoadError
from procurement.core.local_amounts import LocalPeriod, merge_local_amounts
from procurement.core.model.common import STATUSES
from procurement.core.resources import RULES_DIR
from procurement.core.ruleset import (
    BASE_MESSAGES,
    CHECK_MESSAGES,
    ENGINE_MESSAGES,
    ROUTE_MESSAGES,
    Compiled,
    CompiledCheck,
    CompiledDerived,
    CompiledRule,
    RuleSet,
    Target,
)
from procurement.core.suggest import did_you_mean
from procurement.core.yamlsource import LineMap, parse_yaml, read_source

__all__ = [
    "DEFAULT_RULES_DIR",
    "DEFAULT_SUPPLIER_RULES_DIR",
    "SECTIONS",
    "describe_error",
    "fact_symbols",
    "load_ruleset",
    "resolve_files",
    "rule_files",
    "validate_file",
]

DEFAULT_RULES_DIR = RULES_DIR
DEFAULT_SUPPLIER_RULES_DIR = DEFAULT_RULES_DIR / "supplier"
_FACT_TYPES = {"bool": BOOL, "number": NUMBER, "integer": NUMBER, "enum": ENUM, "date": DATE}
SECTIONS = (
    "facts",
    "amounts",
    "derived",
    "constraints",
    "routes",
    "rules",
    "recommendations",
    "obligations",
    "warnings",
    "checks",
)


@dataclass(frozen=True)
class _Located:
    item: Any
    file: str
    lines: LineMap
    path: tuple[str | int, ...]

    def line(self, *more: str | int) -> int:
        return self.lines.line(self.path + more)


def fact_symbols(facts: Mapping[str, m.Fact]) -> dict[str, Symbol]:
    """The condition-language symbols of declared facts (for conditions over facts only)."""
    return {
        f.id: Symbol(f.id, SymbolKind.FACT, _FACT_TYPES[f.type], frozenset(f.value_ids()))
        for f in facts.values()
    }


def rule_files(directory: Path) -> list[Path]:
    """The rule files of a directory: every entry named ``*.yaml`` or ``*.yml`` at its top
    level (sub-folders are not searched). An entry of that name that is not a regular file
    (a folder, a device, a pipe, a symbolic link to one or to nothing) is listed too, so that
    reading it fails with its name; a symbolic link to a regular file is read like one."""
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))


def load_ruleset(
    source: Path | str | Iterable[Path] | None = None,
    local_amounts: Path | str | None = None,
) -> RuleSet:
    """Load and validate a rule set from a directory, one file, or a list of files;
    ``local_amounts`` (a file or a directory) holds amounts entered locally, which replace
    the periods with the same dates."""
    issues: list[RuleIssue] = []
    parsed, digest = _read_files(resolve_files(source, DEFAULT_RULES_DIR), m.RuleFile, issues)
    local: list[tuple[Path, m.LocalAmountsFile, LineMap]] = []
    local_digest = ""
    if local_amounts is not None:
        paths = resolve_files(local_amounts, Path(local_amounts), "amount")
        local, local_digest = _read_files(
            paths, m.LocalAmountsFile, issues, "a mapping with the section 'amounts'"
        )
    if issues:
        raise RuleLoadError(issues)
    builder = _Builder(parsed, digest[:12], local, local_digest[:8])
    ruleset = builder.build()
    if builder.issues:
        raise RuleLoadError(builder.issues)
    assert ruleset is not None
    return ruleset


_Model = TypeVar("_Model", bound=BaseModel)


def _read_files(
    paths: list[Path],
    root: type[_Model],
    issues: list[RuleIssue],
    shape: str = "a mapping of sections",
) -> tuple[list[tuple[Path, _Model, LineMap]], str]:
    """Each file read strictly and validated as ``root`` (every problem added to ``issues``),
    and the digest of their names and bytes."""
    digest = hashlib.sha256()
    out: list[tuple[Path, _Model, LineMap]] = []
    for path in paths:
        try:
            raw = read_source(path)
            digest.update(path.name.encode() + b"\0" + raw + b"\0")
            data, lines = parse_yaml(raw, str(path))
        except RuleLoadError as exc:
            issues.extend(exc.issues)
            continue
        found = validate_file(path, data, lines, issues, root, shape)
        if found is not None:
            out.append((path, found, lines))
    return out, digest.hexdigest()


def resolve_files(
    source: Path | str | Iterable[Path] | None, default: Path, what: str = "rule"
) -> list[Path]:
    """The YAML files of ``source``: a directory's top-level files, one file, or a list
    (``default`` when None); ``what`` names them in the error for an empty directory."""
    if source is not None and not isinstance(source, (str, Path)):
        return [Path(p) for p in source]
    path = Path(default if source is None else source)
    if path.is_dir():
        files = rule_files(path)
        if not files:
            raise RuleLoadError.single(path, 1, f"no {what} files (*.yaml) in this directory")
        return files
    if not path.exists():
        raise RuleLoadError.single(path, 1, "no such file or directory")
    return [path]


def validate_file(
    path: Path,
    data: Any,
    lines: LineMap,
    issues: list[RuleIssue],
    root: type[BaseModel] = m.RuleFile,
    shape: str = "a mapping of sections",
) -> Any:
    """``data`` validated as ``root``, or None with every problem added to ``issues`` as
    ``file:line: message``; ``shape`` says what the file must be."""
    if data is None:
        issues.append(RuleIssue(str(path), 1, "the file is empty"))
        return None
    if not isinstance(data, Mapping):
        issues.append(RuleIssue(str(path), 1, f"the file must be {shape}"))
        return None
    try:
        return root.model_validate(data)
    except ValidationError as exc:
        # An unknown key is usually the cause of a "missing key" next to it: report it first.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        for error in errors:
            loc = tuple(error["loc"])
            issues.append(RuleIssue(str(path), lines.line(loc), describe_error(error, loc, root)))
        return None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as ``list[Rule] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _keys_at(loc: tuple[Any, ...], root: type[BaseModel]) -> list[str]:
    """The keys allowed in the mapping that holds ``loc[-1]``."""
    model: type[BaseModel] | None = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part)) if model else None
        model = _inner_model(field.annotation) if field else None
        if model is None:
            return []
    return list(model.model_fields) if model else []


def describe_error(
    error: Mapping[str, Any], loc: tuple[Any, ...], root: type[BaseModel] = m.RuleFile
) -> str:
    """One pydantic validation error as a short message, with a "did you mean"."""
    where = ".".join(str(part) for part in loc if not isinstance(part, int)) or "file"
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _keys_at(loc, root)
        hint = did_you_mean(key, allowed)
        if not hint and len(loc) == 1:
            hint = f" (this file may hold only: {', '.join(allowed)})"
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        return f"missing key '{loc[-1]}'"
    message = error["msg"].removeprefix("Value error, ")
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",")]
        message += did_you_mean(str(error.get("input")), [o for o in options if o])
    if kind not in ("value_error", "assertion_error") and "input" in error:
        shown = error["input"]
        if not isinstance(shown, (dict, list)):
            message += f" (got {shown!r})"
    return f"{where}: {message}"


class _Builder:
    """Merges validated files and compiles them, collecting every issue."""

    def __init__(
        self,
        parsed: list[tuple[Path, m.RuleFile, LineMap]],
        digest: str,
        local: list[tuple[Path, m.LocalAmountsFile, LineMap]] | None = None,
        local_digest: str = "",
    ) -> None:
        self.parsed = parsed
        self.digest = digest
        self.local = local or []
        self.local_digest = local_digest
        self.local_periods: tuple[LocalPeriod, ...] = ()
        self.issues: list[RuleIssue] = []
        self.items: dict[str, list[_Located]] = {s: [] for s in SECTIONS}
        self.meta: _Located | None = None
        self.messages: dict[str, tuple[m.Text, _Located]] = {}

    def issue(self, where: _Located, message: str, *more: str | int) -> None:
        self.issues.append(RuleIssue(where.file, where.line(*more), message))

    # --- merging -----------------------------------------------------------------------
    def merge(self) -> None:
        for path, rule_file, lines in self.parsed:
            name = str(path)
            if rule_file.ruleset is not None:
                here = _Located(rule_file.ruleset, name, lines, ("ruleset",))
                if self.meta is not None:
                    self.issue(here, f"a second 'ruleset' section (first in {self.meta.file})")
                else:
                    self.meta = here
            for section in SECTIONS:
                for i, item in enumerate(getattr(rule_file, section)):
                    self.items[section].append(_Located(item, name, lines, (section, i)))
            for key, text in rule_file.messages.items():
                here = _Located(text, name, lines, ("messages", key))
                if key in self.messages:
                    first = self.messages[key][1]
                    self.issue(
                        here, f"duplicate message '{key}' (first in {first.file}:{first.line()})"
                    )
                elif key not in ENGINE_MESSAGES:
                    self.issue(here, f"unknown message '{key}'{did_you_mean(key, ENGINE_MESSAGES)}")
                else:
                    self.messages[key] = (text, here)
        if self.meta is None:
            first_file = self.parsed[0][0]
            self.issues.append(
                RuleIssue(str(first_file), 1, "no 'ruleset' section in any rule file")
            )
        for section in SECTIONS:
            self.check_unique(section)
        required = set(BASE_MESSAGES)
        if self.items["routes"]:
            required |= set(ROUTE_MESSAGES)
        if self.items["checks"]:
            required |= set(CHECK_MESSAGES)
        missing = sorted(required - set(self.messages))
        if missing and self.parsed:
            where = next(
                ((str(p), lines.line(("messages",))) for p, f, lines in self.parsed if f.messages),
                (self.meta.file, self.meta.line()) if self.meta else (str(self.parsed[0][0]), 1),
            )
            self.issues.append(
                RuleIssue(where[0], where[1], f"missing messages: {', '.join(missing)}")
            )

    def check_unique(self, section: str) -> None:
        seen: dict[str, _Located] = {}
        for loc in self.items[section]:
            ident = loc.item.id
            if ident in seen:
                first = seen[ident]
                self.issue(
                    loc,
                    f"duplicate id '{ident}' in {section} "
                    f"(first in {first.file}:{first.line('id')})",
                    "id",
                )
            else:
                seen[ident] = loc

    def fact_ids(self) -> list[str]:
        """The declared fact ids."""
        return [loc.item.id for loc in self.items["facts"]]

    # --- symbols -----------------------------------------------------------------------
    def base_symbols(self) -> dict[str, Symbol]:
        symbols: dict[str, Symbol] = {}
        for loc in self.items["facts"]:
            fact: m.Fact = loc.item
            symbols[fact.id] = Symbol(
                fact.id, SymbolKind.FACT, _FACT_TYPES[fact.type], frozenset(fact.value_ids())
            )
        for loc in self.items["amounts"]:
            amount: m.Amount = loc.item
            if amount.id in symbols:
                self.issue(loc, f"amount id '{amount.id}' is already a fact id", "id")
            symbols[amount.id] = Symbol(amount.id, SymbolKind.AMOUNT, NUMBER)
        for loc in self.items["derived"]:
            derived: m.DerivedValue = loc.item
            if derived.id in symbols:
                self.issue(
                    loc, f"derived id '{derived.id}' is already used by a fact or amount", "id"
                )
            kind = ENUM if derived.type == "enum" else NUMBER
            values = frozenset(v.id for v in derived.values or [])
            symbols[derived.id] = Symbol(derived.id, SymbolKind.DERIVED, kind, values)
        return symbols

    def outcome_symbols(self, base: dict[str, Symbol]) -> dict[str, Symbol]:
        symbols = dict(base)
        statuses = frozenset(STATUSES)
        for target in self.targets:
            name = f"route.{target}"
            symbols[name] = Symbol(name, SymbolKind.OUTCOME, ENUM, statuses)
        routes = frozenset(loc.item.id for loc in self.items["routes"])
        symbols["recommended_route"] = Symbol("recommended_route", SymbolKind.OUTCOME, ENUM, routes)
        return symbols

    # --- compiling ---------------------------------------------------------------------
    def compile(
        self,
        loc: _Located,
        source: str,
        symbols: Mapping[str, Symbol],
        *key: str | int,
        want: str = BOOL,
    ) -> Compiled | None:
        try:
            condition = compile_condition(source, symbols, want)
        except ConditionError as exc:
            shown = source if len(source) <= 70 else source[:67] + "..."
            what = "condition" if want == BOOL else "expression"
            self.issue(loc, f"{what} '{shown}': {exc.message} (column {exc.column})", *key)
            return None
        facts: set[str] = set()
        amounts: set[str] = set()
        for name in condition.names:
            symbol = symbols[name]
            if symbol.kind is SymbolKind.FACT:
                facts.add(name)
            elif symbol.kind is SymbolKind.AMOUNT:
                amounts.add(name)
            elif symbol.kind is SymbolKind.DERIVED:
                facts |= self.derived_facts.get(name, set())
                amounts |= self.derived_amounts.get(name, set())
                if symbol.type == NUMBER:
                    amounts.add(name)
            else:
                facts |= self.outcome_facts.get(name, set())
        return Compiled(condition, frozenset(facts), frozenset(amounts), loc.file, loc.line(*key))

    def compile_derived(self, symbols: dict[str, Symbol]) -> list[CompiledDerived]:
        self.derived_facts: dict[str, set[str]] = {}
        self.derived_amounts: dict[str, set[str]] = {}
        self.outcome_facts: dict[str, set[str]] = {}
        by_id = {loc.item.id: loc for loc in self.items["derived"]}
        order: list[str] = []
        state: dict[str, int] = {}

        def visit(ident: str, chain: list[str]) -> None:
            if state.get(ident) == 2:
                return
            loc = by_id[ident]
            if state.get(ident) == 1:
                cycle = " -> ".join([*chain[chain.index(ident) :], ident])
                self.issue(loc, f"derived values depend on each other in a cycle: {cycle}", "id")
                raise _Cycle
            state[ident] = 1
            for dep in _names_in(loc.item.expression or "") & by_id.keys():
                visit(dep, [*chain, ident])
            for case in loc.item.cases:
                for dep in _names_in(case.when) & by_id.keys():
                    visit(dep, [*chain, ident])
                if case.amount in by_id:
                    visit(case.amount, [*chain, ident])
            state[ident] = 2
            order.append(ident)

        try:
            for ident in by_id:
                visit(ident, [])
        except _Cycle:
            return []
        compiled: list[CompiledDerived] = []
        for ident in order:
            loc = by_id[ident]
            spec: m.DerivedValue = loc.item
            cases: list[Compiled] = []
            facts: set[str] = set()
            amounts: set[str] = set()
            allowed = {v.id for v in spec.values or []}
            expression = None
            if spec.expression is not None:
                expression = self.compile(loc, spec.expression, symbols, "expression", want=NUMBER)
                if expression is not None:
                    facts |= expression.facts
                    amounts |= expression.amounts
            for i, case in enumerate(spec.cases):
                result = self.compile(loc, case.when, symbols, "cases", i, "when")
                if result is None:
                    continue
                cases.append(result)
                facts |= result.facts
                amounts |= result.amounts
                if spec.type == "amount":
                    target = symbols.get(case.amount or "")
                    if target is None or target.type != NUMBER or target.kind is SymbolKind.FACT:
                        hint = did_you_mean(
                            case.amount or "",
                            [s for s, v in symbols.items() if v.kind is SymbolKind.AMOUNT],
                        )
                        self.issue(
                            loc, f"unknown amount '{case.amount}'{hint}", "cases", i, "amount"
                        )
                    else:
                        amounts |= self.derived_amounts.get(case.amount or "", set())
                elif case.value not in allowed:
                    hint = did_you_mean(case.value or "", allowed)
                    self.issue(
                        loc,
                        f"'{case.value}' is not one of the values of '{ident}'{hint}",
                        "cases",
                        i,
                        "value",
                    )
            self.derived_facts[ident] = facts
            self.derived_amounts[ident] = amounts
            compiled.append(CompiledDerived(spec, tuple(cases), expression))
        return compiled

    def build_targets(self) -> None:
        self.targets: dict[str, tuple[m.Route, m.Variant | None, _Located]] = {}
        for loc in self.items["routes"]:
            route: m.Route = loc.item
            if route.variants:
                seen: set[str] = set()
                for j, variant in enumerate(route.variants):
                    if variant.id in seen:
                        self.issue(loc, f"duplicate variant '{variant.id}'", "variants", j, "id")
                    seen.add(variant.id)
                    self.targets[f"{route.id}.{variant.id}"] = (route, variant, loc)
            else:
                self.targets[route.id] = (route, None, loc)

    def check_target(self, loc: _Located, target: str, *, allow_route: bool = False) -> bool:
        names = set(self.targets)
        if allow_route:
            names |= {loc2.item.id for loc2 in self.items["routes"]}
        if target in names:
            return not (not allow_route and target not in self.targets)
        self.issue(loc, f"unknown target '{target}'{did_you_mean(target, names)}", "target")
        return False

    def compile_rules(self, symbols: dict[str, Symbol]) -> dict[str, list[CompiledRule]]:
        by_target: dict[str, list[CompiledRule]] = {t: [] for t in self.targets}
        priorities: dict[tuple[str, int], _Located] = {}
        for loc in self.items["rules"]:
            rule: m.Rule = loc.item
            if rule.target not in self.targets:
                routes_with_variants = {r.id for r, v, _ in self.targets.values() if v}
                if rule.target in routes_with_variants:
                    self.issue(
                        loc,
                        f"'{rule.target}' has variants; a rule targets one of them, "
                        f"e.g. '{rule.target}.<variant>'",
                        "target",
                    )
                else:
                    self.check_target(loc, rule.target)
                continue
            key = (rule.target, rule.priority)
            if key in priorities:
                first = priorities[key]
                self.issue(
                    loc,
                    f"priority {rule.priority} for '{rule.target}' is already used by rule "
                    f"'{first.item.id}' ({first.file}:{first.line('priority')}); "
                    "precedence must be explicit",
                    "priority",
                )
                continue
            priorities[key] = loc
            compiled = self.compile(loc, rule.when, symbols, "when")
            self.check_texts(loc, [("reason", rule.reason)], symbols)
            if compiled is not None:
                by_target[rule.target].append(CompiledRule(rule, compiled))
        for rules in by_target.values():
            rules.sort(key=lambda r: -r.rule.priority)
        return by_target

    def check_texts(
        self,
        loc: _Located,
        texts: Sequence[tuple[str | tuple[str | int, ...], m.Text]],
        symbols: Mapping[str, Symbol],
        allowed: frozenset[str] | None = None,
    ) -> None:
        """Every ``{placeholder}`` must be a known name, without format specs."""
        pool: Iterable[str] = allowed if allowed is not None else symbols
        for raw_key, text in texts:
            parts = raw_key if isinstance(raw_key, tuple) else (raw_key,)
            key = ".".join(str(p) for p in parts)
            for lang in ("sv", "en"):
                try:
                    fields = [
                        (name, spec, conv)
                        for _, name, spec, conv in string.Formatter().parse(getattr(text, lang))
                        if name is not None
                    ]
                except ValueError as exc:
                    self.issue(loc, f"{key}.{lang}: invalid placeholder: {exc}", *parts, lang)
                    continue
                for name, spec, conv in fields:
                    if allowed is not None:
                        known = name in allowed
                    else:
                        known = name in symbols and symbols[name].kind is not SymbolKind.OUTCOME
                    if not known or spec or conv:
                        hint = did_you_mean(name, pool)
                        self.issue(
                            loc,
                            f"{key}.{lang}: unknown placeholder '{{{name}}}'{hint}",
                            *parts,
                            lang,
                        )

    def check_all_texts(self, symbols: dict[str, Symbol]) -> None:
        """Labels, help texts and notes take no placeholders; default reasons take names."""
        plain = frozenset[str]()
        meta = self.meta
        if meta is not None:
            self.check_texts(
                meta,
                [("title", meta.item.title), ("currency_note", meta.item.currency_note)],
                {},
                plain,
            )
        for loc in self.items["facts"]:
            fact: m.Fact = loc.item
            texts: list[tuple[str | tuple[str | int, ...], m.Text]] = [("label", fact.label)]
            if fact.help:
                texts.append(("help", fact.help))
            for i, value in enumerate(fact.values or []):
                texts.append((("values", i, "label"), value.label))
                if value.help:
                    texts.append((("values", i, "help"), value.help))
            self.check_texts(loc, texts, {}, plain)
        for loc in self.items["amounts"]:
            texts = [("label", loc.item.label)]
            texts += [
                (("periods", i, "note"), p.note) for i, p in enumerate(loc.item.periods) if p.note
            ]
            self.check_texts(loc, texts, {}, plain)
        for loc in self.items["derived"]:
            texts = [("label", loc.item.label)]
            texts += [
                (("values", i, "label"), v.label) for i, v in enumerate(loc.item.values or [])
            ]
            self.check_texts(loc, texts, {}, plain)
        for loc in self.items["routes"]:
            route: m.Route = loc.item
            texts = [("label", route.label)]
            if route.description:
                texts.append(("description", route.description))
            texts += [(("variants", i, "label"), v.label) for i, v in enumerate(route.variants)]
            self.check_texts(loc, texts, {}, plain)
            reasons: list[tuple[str | tuple[str | int, ...], m.Text]] = []
            if route.default_reason:
                reasons.append(("default_reason", route.default_reason))
            reasons += [
                (("variants", i, "default_reason"), v.default_reason)
                for i, v in enumerate(route.variants)
            ]
            self.check_texts(loc, reasons, symbols)
        for loc in self.items["obligations"]:
            items = [(("checklist", i), c) for i, c in enumerate(loc.item.checklist)]
            self.check_texts(loc, items, {}, plain)

    def build(self) -> RuleSet | None:
        self.merge()
        if self.issues or self.meta is None:
            return None
        meta: m.RulesetMeta = self.meta.item
        base = self.base_symbols()
        amounts = {loc.item.id: loc.item for loc in self.items["amounts"]}
        if self.local:
            amounts, self.local_periods = merge_local_amounts(amounts, self.local, self.issues)
        for key in ("rate", "margin") if meta.estimation else ():
            ident = getattr(meta.estimation, key)
            if ident not in amounts:
                self.issue(
                    self.meta,
                    f"estimation.{key}: unknown amount '{ident}'{did_you_mean(ident, amounts)}",
                    "estimation",
                    key,
                )
        self.check_all_texts(base)
        derived = self.compile_derived(base)
        self.build_targets()
        rules = self.compile_rules(base)
        targets: dict[str, Target] = {}
        for ident, (route, variant, _loc) in self.targets.items():
            spec = variant or route
            targets[ident] = Target(
                ident,
                route,
                variant,
                spec.default_status,
                spec.default_reason,
                tuple(rules.get(ident, [])),
            )
        for ident, target in targets.items():
            self.outcome_facts[f"route.{ident}"] = {
                f for r in target.rules for f in r.compiled.facts
            }
        self.outcome_facts["recommended_route"] = {
            f for t in targets.values() for r in t.rules for f in r.compiled.facts
        }
        outcome = self.outcome_symbols(base)
        recommendations = self.compile_recommendations(base)
        obligations = self.compile_simple("obligations", outcome, "text")
        warnings = self.compile_simple("warnings", outcome, "text")
        checks = self.compile_checks(base)
        constraints = []
        for loc in self.items["constraints"]:
            c: m.Constraint = loc.item
            if c.field not in base or base[c.field].kind is not SymbolKind.FACT:
                self.issue(
                    loc,
                    f"unknown fact '{c.field}'{did_you_mean(c.field, self.fact_ids())}",
                    "field",
                )
            compiled = self.compile(loc, c.when, base, "when")
            self.check_texts(loc, [("message", c.message)], base)
            if compiled:
                constraints.append((c, compiled))
        for key, (text, loc) in self.messages.items():
            self.check_texts(
                _Located(text, loc.file, loc.lines, loc.path[:-1]),
                [(key, text)],
                {},
                ENGINE_MESSAGES[key],
            )
        if self.issues:
            return None
        origins = {}
        for section, locs in self.items.items():
            for loc in locs:
                origins[f"{section}:{loc.item.id}"] = (loc.file, loc.line())
        for loc in self.items["checks"]:
            for i, criterion in enumerate(loc.item.criteria):
                key = f"criteria:{loc.item.id}.{criterion.id}"
                origins[key] = (loc.file, loc.line("criteria", i))
        version = f"{meta.version}+{self.digest}"
        if self.local:
            version += f".local.{self.local_digest}"
        return RuleSet(
            meta=meta,
            version=version,
            files=tuple(str(p) for p, _, _ in self.parsed),
            facts={loc.item.id: loc.item for loc in self.items["facts"]},
            amounts=amounts,
            derived=tuple(derived),
            derived_by_id={d.spec.id: d for d in derived},
            routes={loc.item.id: loc.item for loc in self.items["routes"]},
            targets=targets,
            recommendations=tuple(recommendations),
            obligations=tuple(obligations),
            warnings=tuple(warnings),
            constraints=tuple(constraints),
            checks=tuple(checks),
            messages={k: v[0] for k, v in self.messages.items()},
            origins=origins,
            local_periods=self.local_periods,
        )

    def compile_recommendations(
        self, symbols: dict[str, Symbol]
    ) -> list[tuple[m.Recommendation, Compiled]]:
        out: list[tuple[m.Recommendation, Compiled]] = []
        ranks: dict[int, _Located] = {}
        routes = {loc.item.id for loc in self.items["routes"]}
        for loc in self.items["recommendations"]:
            rec: m.Recommendation = loc.item
            if rec.target not in self.targets:
                hint = did_you_mean(rec.target, self.targets)
                if rec.target in routes:
                    hint = (
                        f" ('{rec.target}' has variants; name one, e.g. '{rec.target}.<variant>')"
                    )
                self.issue(loc, f"unknown target '{rec.target}'{hint}", "target")
                continue
            if rec.rank in ranks:
                first = ranks[rec.rank]
                self.issue(
                    loc,
                    f"rank {rec.rank} is already used by '{first.item.id}' "
                    f"({first.file}:{first.line('rank')})",
                    "rank",
                )
                continue
            ranks[rec.rank] = loc
            compiled = self.compile(loc, rec.when, symbols, "when")
            self.check_texts(loc, [("reason", rec.reason)], symbols)
            if compiled is not None:
                out.append((rec, compiled))
        out.sort(key=lambda pair: pair[0].rank)
        return out

    def compile_checks(self, symbols: dict[str, Symbol]) -> list[CompiledCheck]:
        """Each criterion's condition; reported values must be derived numbers."""
        out: list[CompiledCheck] = []
        numbers = [
            s for s, v in symbols.items() if v.kind is SymbolKind.DERIVED and v.type == NUMBER
        ]
        for loc in self.items["checks"]:
            check: m.Check = loc.item
            criteria = []
            for i, criterion in enumerate(check.criteria):
                compiled = self.compile(loc, criterion.when, symbols, "criteria", i, "when")
                texts: list[tuple[str | tuple[str | int, ...], m.Text]] = [
                    (("criteria", i, "met"), criterion.met),
                    (("criteria", i, "not_met"), criterion.not_met),
                ]
                texts += [
                    (("criteria", i, "evidence", j), e) for j, e in enumerate(criterion.evidence)
                ]
                self.check_texts(loc, texts, symbols)
                self.check_texts(
                    loc, [(("criteria", i, "label"), criterion.label)], {}, frozenset()
                )
                if compiled is not None:
                    criteria.append((criterion, compiled))
            for j, name in enumerate(check.values):
                if name not in numbers:
                    hint = did_you_mean(name, numbers)
                    self.issue(loc, f"'{name}' is not a derived number{hint}", "values", j)
            own = [("label", check.label)] + (
                [("description", check.description)] if check.description else []
            )
            self.check_texts(loc, own, {}, frozenset())
            out.append(CompiledCheck(check, tuple(criteria)))
        return out

    def compile_simple(
        self, section: str, symbols: dict[str, Symbol], text_key: str
    ) -> list[tuple[Any, Compiled]]:
        out = []
        for loc in self.items[section]:
            compiled = self.compile(loc, loc.item.when, symbols, "when")
            self.check_texts(loc, [(text_key, getattr(loc.item, text_key))], symbols)
            if compiled is not None:
                out.append((loc.item, compiled))
        return out


class _Cycle(Exception):
    pass


def _names_in(source: str) -> set[str]:
    from procurement.core.conditions.lexer import tokenize

    try:
        return {t.text for t in tokenize(source) if t.kind == "name"}
    except ConditionError:
        return set()
