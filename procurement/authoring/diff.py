"""What a change to the rules does: the cases whose result changes, old and new side by side.

Two versions of ``rules/`` (two directories, or ``git:REV`` for the ``rules/`` tree of a git
revision) are loaded. Every scenario test of either version (``tests/`` and
``supplier/tests/``), every example case (``data/examples``, ``data/suppliers/exempel``) and
every scenario of the seminar bank (``data/scenarios``) is assessed under both, and each aspect
of the result that differs is listed: the recommended route, each route's and variant's status,
the value band, the duties, the warnings, the facts still missing, or an input error that only
one version raises. The report starts with what changed in the rule files themselves, by id.
It is what a legal reviewer reads before approving a change.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from procurement.authoring.testing.scenarios import SCENARIO_TODAY, load_scenarios
from procurement.core.errors import InputError, RuleIssue, RuleLoadError
from procurement.core.loader import SECTIONS, load_ruleset
from procurement.core.model.common import Lang, Text
from procurement.core.resources import DATA_DIR, PROJECT_ROOT
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.core.yamlsource import read_yaml
from procurement.report.comparison import (
    Aspect,
    AspectTable,
    aspects_table,
    assessment_aspects,
    cell,
    check_aspects,
    differences,
    labels,
    show_value,
)
from procurement.service import Vagval

__all__ = [
    "DATA_DIR",
    "ROOT",
    "Aspect",
    "Change",
    "DiffCase",
    "RuleSetDiff",
    "SectionDiff",
    "Summary",
    "aspects_table",
    "assessment_aspects",
    "cases",
    "compare",
    "diff_report",
    "differences",
    "outcome",
    "report_markdown",
    "resolve_rules",
    "summarise",
]

ROOT = PROJECT_ROOT
GIT_PREFIX = "git:"

Kind = Literal["route", "supplier"]
Origin = Literal["both", "old", "new"]

# Where the cases come from, relative to a rules directory and to the data directory.
_TEST_DIRS: tuple[tuple[str, Kind], ...] = (("tests", "route"), ("supplier/tests", "supplier"))
_EXAMPLE_DIRS: tuple[tuple[str, Kind], ...] = (
    ("examples", "route"),
    ("suppliers/exempel", "supplier"),
)
_BANK_DIR = "scenarios"
# The rule file's sections, with the rule set's header and engine messages around them.
_SECTIONS = ("ruleset", *SECTIONS, "messages")
# Lists of models with ids inside a rule item: compared by id, not as a whole.
_ID_LISTS = ("variants", "criteria", "values")


# --- resolving a version ----------------------------------------------------------------------


@contextmanager
def resolve_rules(spec: str, repo: Path = ROOT) -> Iterator[Path]:
    """The rules directory ``spec`` names: a directory as is, or ``git:REV`` (``git:HEAD~3``,
    a branch, a tag or a hash): the ``rules/`` tree of that revision of ``repo``, extracted
    into a temporary directory that is removed on exit. Raise :class:`InputError` otherwise."""
    if spec.startswith(GIT_PREFIX):
        rev = spec[len(GIT_PREFIX) :]
        with tempfile.TemporaryDirectory(prefix="vagval-rules-") as tmp:
            yield _extract(rev, Path(repo), Path(tmp))
        return
    path = Path(spec)
    if not path.is_dir():
        raise InputError("rules", f"no such directory '{spec}' (give a rules directory or git:REV)")
    if not any(p.is_file() for p in (*path.glob("*.yaml"), *path.glob("*.yml"))):
        hint = ""
        if (path / "rules").is_dir():
            hint = f"; did you mean '{path / 'rules'}'?"
        raise InputError(
            "rules", f"'{spec}' is not a rules directory (it holds no *.yaml rule files){hint}"
        )
    yield path


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError("rules", "git is not installed, so git:REV cannot be read") from None


def _commit(rev: str, repo: Path) -> str:
    """The commit ``rev`` names in ``repo``; InputError when there is none."""
    if _git(repo, "rev-parse", "--git-dir").returncode != 0:
        raise InputError("rules", f"'{repo}' is not a git repository, so git:{rev} cannot be read")
    if not rev or rev.startswith("-"):
        raise InputError("rules", f"unknown git revision '{rev}'")
    found = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if found.returncode != 0:
        raise InputError("rules", f"unknown git revision '{rev}'")
    return found.stdout.decode().strip()


def _extract(rev: str, repo: Path, tmp: Path) -> Path:
    commit = _commit(rev, repo)
    prefix = _git(repo, "rev-parse", "--show-prefix").stdout.decode().strip()
    tree = f"{commit}:{prefix}rules"
    if _git(repo, "cat-file", "-e", tree).returncode != 0:
        raise InputError("rules", f"git revision '{rev}' has no rules/ directory")
    archive = _git(repo, "archive", "--format=tar", tree)
    if archive.returncode != 0:  # pragma: no cover - git failing after the checks above
        detail = archive.stderr.decode(errors="replace").strip()
        raise InputError("rules", f"cannot read rules/ of git revision '{rev}': {detail}")
    target = tmp / "rules"
    target.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def _describe(spec: str, repo: Path) -> str:
    """The spec as shown in the report: a git revision with its short hash."""
    if not spec.startswith(GIT_PREFIX):
        return spec
    commit = _commit(spec[len(GIT_PREFIX) :], repo)
    return f"{spec} ({commit[:10]})"


def _load(directory: Path, spec: str, rules_dir: Path) -> RuleSet:
    """Load a rule set of the version in ``rules_dir``; for ``git:REV`` name the files by
    revision (``git:HEAD:rules/amounts.yaml``), not by their temporary path."""
    try:
        return load_ruleset(directory)
    except RuleLoadError as exc:
        if not spec.startswith(GIT_PREFIX):
            raise
        base = str(rules_dir.parent)
        issues = [
            RuleIssue(
                f"{spec}:{i.file.removeprefix(base).lstrip('/')}"
                if i.file.startswith(base)
                else i.file,
                i.line,
                i.message,
            )
            for i in exc.issues
        ]
        raise RuleLoadError(issues) from None


# --- the cases --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffCase:
    """One case to assess under both versions.

    ``source`` groups cases in the report (a scenario file, ``data/examples``, ...);
    ``origin`` tells whether the case is defined in both versions' files or in one only.
    """

    id: str
    source: str
    name: str
    facts: Mapping[str, Any] = field(hash=False)
    kind: Kind = "route"
    origin: Origin = "both"
    today: dt.date = SCENARIO_TODAY


def cases(
    old_dir: Path,
    new_dir: Path,
    *,
    data_dir: Path | None = DATA_DIR,
    today: dt.date = SCENARIO_TODAY,
) -> list[DiffCase]:
    """The cases to compare, deduplicated by id: every scenario test of both versions, then
    the example cases and the seminar bank of ``data_dir`` (None: none of those).

    A test defined differently in the two versions is kept twice (ids ending ``#old`` and
    ``#new``). Cases without a date are judged on ``today``, as the scenario tests are.
    """
    found: list[tuple[Origin, DiffCase]] = []
    for origin, directory in (("old", Path(old_dir)), ("new", Path(new_dir))):
        for sub, kind in _TEST_DIRS:
            folder = directory / sub
            for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
                source = f"rules/{sub}/{path.name}"
                for name, facts in _scenario_tests(path):
                    case = DiffCase(f"{source}::{name}", source, name, facts, kind, today=today)
                    found.append((origin, case))  # type: ignore[arg-type]
    if data_dir is not None:
        found += [("both", c) for c in _examples(Path(data_dir), today)]
        found += [("both", c) for c in _bank(Path(data_dir), today)]
    return _dedupe(found)


def _scenario_tests(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Name and facts of each scenario in a test file; read leniently when the file does not
    fit today's scenario format (an old revision), skipped when it is not YAML at all."""
    try:
        return [(s.name, dict(s.facts)) for s, _ in load_scenarios(path)]
    except RuleLoadError:
        pass
    try:
        data, _ = read_yaml(path)
    except RuleLoadError:
        return []
    items = data if isinstance(data, list) else []
    return [
        (item["name"], item["facts"])
        for item in items
        if isinstance(item, dict)
        and isinstance(item.get("name"), str)
        and isinstance(item.get("facts"), dict)
    ]


def _examples(data_dir: Path, today: dt.date) -> list[DiffCase]:
    out: list[DiffCase] = []
    for sub, kind in _EXAMPLE_DIRS:
        folder = data_dir / sub
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                facts = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(facts, dict):
                source = f"data/{sub}"
                out.append(
                    DiffCase(f"{source}/{path.name}", source, path.stem, facts, kind, today=today)
                )
    return out


def _bank(data_dir: Path, today: dt.date) -> list[DiffCase]:
    out: list[DiffCase] = []
    folder = data_dir / _BANK_DIR
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data, _ = read_yaml(path)
        except RuleLoadError:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("facts"), dict):
            continue
        kind = data.get("kind")
        if kind not in ("route", "supplier"):
            continue
        source = f"data/{_BANK_DIR}"
        name = str(data.get("id") or path.stem)
        out.append(
            DiffCase(f"{source}/{path.name}", source, name, data["facts"], kind, today=today)
        )
    return out


def _dedupe(found: list[tuple[Origin, DiffCase]]) -> list[DiffCase]:
    groups: dict[str, list[tuple[Origin, DiffCase]]] = {}
    for origin, case in found:
        groups.setdefault(case.id, []).append((origin, case))
    out: list[DiffCase] = []
    taken: set[str] = set()
    for ident, members in groups.items():
        variants: list[tuple[set[str], DiffCase]] = []
        for origin, case in members:
            for origins, seen in variants:
                if seen.facts == case.facts:
                    origins.add(origin)
                    break
            else:
                variants.append(({origin}, case))
        for origins, case in variants:
            single = len(origins) == 1 and "both" not in origins
            where: Origin = origins.pop() if single else "both"  # type: ignore[assignment]
            new_id = ident
            if len(variants) > 1:
                new_id = f"{ident}#{where}"
                n = 2
                while new_id in taken:
                    new_id, n = f"{ident}#{where}{n}", n + 1
            taken.add(new_id)
            out.append(
                DiffCase(new_id, case.source, case.name, case.facts, case.kind, where, case.today)
            )
    return out


# --- comparing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A case whose result differs between the versions, with each aspect that differs."""

    case_id: str
    source: str
    name: str
    kind: Kind
    origin: Origin
    aspects: tuple[Aspect, ...]

    def aspect(self, key: str) -> Aspect | None:
        """The differing aspect ``key``, or None when it does not differ."""
        return next((a for a in self.aspects if a.key == key), None)


def outcome(rules: RuleSet, case: DiffCase, lang: Lang = "sv") -> dict[str, Any]:
    """The comparable result of ``case`` under ``rules``: aspect key -> value."""
    vagval = Vagval.of(rules)
    try:
        parsed = vagval.parse(case.facts, today=case.today, lang=lang)
    except InputError as exc:
        return {"error": str(exc)}
    if rules.checks:
        return check_aspects(vagval.check_supplier(parsed, lang=lang))
    return assessment_aspects(vagval.assess(parsed, lang=lang))


def _kind(*rulesets: RuleSet) -> Kind:
    return "supplier" if any(rs.checks for rs in rulesets) else "route"


def compare(
    old_rules: RuleSet, new_rules: RuleSet, cases: Sequence[DiffCase], lang: Lang = "sv"
) -> list[Change]:
    """Assess each case of the rule sets' kind (route or supplier) under both rule sets and
    return the cases whose result differs, in the order given."""
    kind = _kind(old_rules, new_rules)
    changes: list[Change] = []
    for case in cases:
        if case.kind != kind:
            continue
        aspects = differences(outcome(old_rules, case, lang), outcome(new_rules, case, lang))
        if aspects:
            changes.append(Change(case.id, case.source, case.name, case.kind, case.origin, aspects))
    return changes


# --- the rule files' own difference ---------------------------------------------------------


@dataclass(frozen=True)
class SectionDiff:
    """Ids added, removed and changed in one section; each change with its details."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def changed_ids(self) -> list[str]:
        """The ids of the changed items."""
        return [ident for ident, _ in self.changed]


@dataclass(frozen=True)
class RuleSetDiff:
    """What changed between two rule sets, section by section (only sections that changed).

    ``labels`` holds the labels of routes, variants, checks, criteria and value bands of
    both versions (the new one's where both have one), for the report.
    """

    kind: Kind
    old_version: str
    new_version: str
    sections: dict[str, SectionDiff]
    labels: dict[str, Text] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Whether the rule files are the same, item for item."""
        return not self.sections


@dataclass(frozen=True)
class Summary:
    """The rule changes of the route rules and, where both versions have them, the supplier
    rules; ``compared`` is the number of cases assessed (None: not known)."""

    route: RuleSetDiff
    supplier: RuleSetDiff | None = None
    compared: int | None = None
    notes: tuple[str, ...] = ()

    def labels(self) -> dict[str, Text]:
        """Every label known to either summary."""
        return {**(self.supplier.labels if self.supplier else {}), **self.route.labels}


def _items(rs: RuleSet) -> dict[str, dict[str, Any]]:
    return {
        "ruleset": {rs.meta.id: rs.meta},
        "facts": rs.facts,
        "amounts": rs.amounts,
        "derived": {d.spec.id: d.spec for d in rs.derived},
        "constraints": {c.id: c for c, _ in rs.constraints},
        "routes": rs.routes,
        "rules": {cr.rule.id: cr.rule for target in rs.targets.values() for cr in target.rules},
        "recommendations": {r.id: r for r, _ in rs.recommendations},
        "obligations": {o.id: o for o, _ in rs.obligations},
        "warnings": {w.id: w for w, _ in rs.warnings},
        "checks": {c.spec.id: c.spec for c in rs.checks},
        "messages": rs.messages,
    }


def summarise(old: RuleSet, new: RuleSet) -> RuleSetDiff:
    """Items added, removed or changed between two rule sets, by id, in every section."""
    before, after = _items(old), _items(new)
    sections: dict[str, SectionDiff] = {}
    for section in _SECTIONS:
        a, b = before[section], after[section]
        diff = SectionDiff(
            added=tuple(k for k in b if k not in a),
            removed=tuple(k for k in a if k not in b),
            changed=tuple((k, tuple(_details(a[k], b[k]))) for k in b if k in a and a[k] != b[k]),
        )
        if diff:
            sections[section] = diff
    return RuleSetDiff(_kind(old, new), old.version, new.version, sections, labels(old, new))


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, dt.date))


def _details(old: Any, new: Any, where: str = "") -> list[str]:
    """What differs between two versions of one item: ``field: old → new`` for plain values,
    the field's name for texts and nested values, ``+``/``−`` for list items by id."""
    if not isinstance(old, BaseModel) or type(old) is not type(new):
        return [f"{where or 'value'}: {show_value(old)} → {show_value(new)}"]
    out: list[str] = []
    for name in type(new).model_fields:
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        label = f"{where}{name}"
        if name == "periods":
            out += _keyed(label, a, b, lambda p: p.valid_from.isoformat())
        elif name in _ID_LISTS and isinstance(a, list) and isinstance(b, list):
            out += _keyed(label, a, b, lambda x: x.id)
        elif _plain(a) and _plain(b):
            out.append(f"{label}: {show_value(a)} → {show_value(b)}")
        else:
            out.append(label)
    return out


def _keyed(label: str, old: list[Any], new: list[Any], key: Any) -> list[str]:
    a = {key(x): x for x in old or []}
    b = {key(x): x for x in new or []}
    out = [f"+ {label}[{k}]" for k in b if k not in a]
    out += [f"− {label}[{k}]" for k in a if k not in b]
    for k in b:
        if k in a and a[k] != b[k]:
            out += _details(a[k], b[k], f"{label}[{k}].")
    return out


# --- the report -------------------------------------------------------------------------------

# The report's own words (data/texts/diff.yaml); the table's are the comparison's.
_T = texts("diff")
_STATUS = texts("report")


class _Report(AspectTable):
    """The change report: the comparison's table, with the report's own words."""

    def w(self, key: str, **params: Any) -> str:
        return _T(key, self.lang, **params)

    def summary(self, diff: RuleSetDiff) -> list[str]:
        if diff.empty:
            same = diff.old_version == diff.new_version
            return [self.w("no_rule_changes" if same else "same_content"), ""]
        lines: list[str] = []
        for section, part in diff.sections.items():
            lines.append(f"- **{self.w('s_' + section)}**")
            lines += [f"  - {self.w('added')}: `{ident}`" for ident in part.added]
            lines += [f"  - {self.w('removed')}: `{ident}`" for ident in part.removed]
            for ident, details in part.changed:
                lines.append(f"  - {self.w('changed')}: `{ident}`")
                lines += [f"    - {d}" for d in details]
        return [*lines, ""]

    def change(self, change: Change) -> list[str]:
        lines = [f"#### {change.name}", ""]
        if change.origin != "both":
            lines += [f"*{self.w('only_' + change.origin)}*", ""]
        return [*lines, *self.table(change.aspects, self.w("old"), self.w("new")), ""]


def report_markdown(
    changes: Sequence[Change],
    summary: Summary | RuleSetDiff,
    old_label: str,
    new_label: str,
    lang: Lang = "sv",
) -> str:
    """The comparison as Markdown: both versions, the rule changes, then each changed case
    as a small before/after table of the aspects that differ, grouped by source."""
    if isinstance(summary, RuleSetDiff):
        summary = Summary(route=summary)
    r = _Report(summary.labels(), lang)
    old, new = r.w("old"), r.w("new")
    lines = [f"# {r.w('title')}", "", f"| | {old} | {new} |", "|---|---|---|"]
    lines.append(f"| {r.w('version')} | `{cell(old_label)}` | `{cell(new_label)}` |")
    parts = [("route", summary.route), ("supplier", summary.supplier)]
    for key, diff in parts:
        if diff is not None:
            title = r.w(f"{key}_rules")
            lines.append(f"| {title} | `{diff.old_version}` | `{diff.new_version}` |")
    lines.append("")
    if summary.compared is not None:
        lines += [r.w("compared", n=summary.compared, m=len(changes)), ""]
    lines += [f"## {r.w('rule_changes')}", ""]
    if summary.supplier is None:
        lines += r.summary(summary.route)
    else:
        for key, diff in parts:
            lines += [f"### {r.w(f'{key}_part')}", "", *r.summary(diff)]  # type: ignore[arg-type]
    lines += [f"- {note}" for note in summary.notes] + ([""] if summary.notes else [])
    lines += [f"## {r.w('case_changes')}", ""]
    if not changes:
        lines += [r.w("no_case_changes"), ""]
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.source, []).append(change)
    for source, members in groups.items():
        lines += [f"### {source}", ""]
        for change in members:
            lines += r.change(change)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- for the command line ---------------------------------------------------------------------


def _has_rules(directory: Path) -> bool:
    return directory.is_dir() and any(directory.glob("*.yaml"))


def diff_report(
    old_spec: str,
    new_spec: str,
    lang: Lang = "sv",
    *,
    repo: Path = ROOT,
    data_dir: Path | None = DATA_DIR,
    today: dt.date = SCENARIO_TODAY,
) -> tuple[str, int]:
    """Compare two versions of the rules (directories or ``git:REV``) on every case and
    return the Markdown report and the number of cases whose result changes."""
    with ExitStack() as stack:
        old_dir = stack.enter_context(resolve_rules(old_spec, repo))
        new_dir = stack.enter_context(resolve_rules(new_spec, repo))
        old_rs, new_rs = _load(old_dir, old_spec, old_dir), _load(new_dir, new_spec, new_dir)
        todo = cases(old_dir, new_dir, data_dir=data_dir, today=today)
        changes = compare(old_rs, new_rs, todo, lang)
        compared = sum(c.kind == "route" for c in todo)
        supplier: RuleSetDiff | None = None
        notes: list[str] = []
        old_sup, new_sup = old_dir / "supplier", new_dir / "supplier"
        if _has_rules(old_sup) and _has_rules(new_sup):
            old_s = _load(old_sup, old_spec, old_dir)
            new_s = _load(new_sup, new_spec, new_dir)
            changes += compare(old_s, new_s, todo, lang)
            compared += sum(c.kind == "supplier" for c in todo)
            supplier = summarise(old_s, new_s)
        elif _has_rules(old_sup) or _has_rules(new_sup):
            which = "old" if _has_rules(old_sup) else "new"
            notes.append(_T(f"supplier_only_{which}", lang))
        order = {c.id: i for i, c in enumerate(todo)}
        changes.sort(key=lambda c: order[c.case_id])
        summary = Summary(summarise(old_rs, new_rs), supplier, compared, tuple(notes))
        names = (_describe(old_spec, repo), _describe(new_spec, repo))
    return report_markdown(changes, summary, *names, lang), len(changes)
