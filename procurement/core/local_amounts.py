"""Local amounts: dated figures an administrator enters without waiting for a release.

A municipality cannot wait for a new version of Vägval when Upphandlingsmyndigheten
publishes the SEK value of a threshold. ``VAGVAL_LOCAL_AMOUNTS`` names a YAML file, or a
directory of them, in the rules' own ``amounts`` format. Each period there replaces the
shipped period with the same dates, or fills dates that no shipped period covers. The files
are read by the rules' strict reader (``file:line`` errors with a "did you mean"), the
periods are shown as entered locally, and the rule-set version carries their digest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from procurement.core import model as m
from procurement.core.errors import RuleIssue
from procurement.core.settings import LOCAL_AMOUNTS, Settings
from procurement.core.suggest import did_you_mean
from procurement.core.yamlsource import LineMap

__all__ = ["ENV_VAR", "LocalPeriod", "local_amounts_path", "merge_local_amounts"]

ENV_VAR = LOCAL_AMOUNTS


@dataclass(frozen=True)
class LocalPeriod:
    """A period entered locally: which amount, which dates, and where it was written."""

    amount: str
    valid_from: dt.date
    valid_to: dt.date | None
    file: str
    line: int
    replaced: bool

    def where(self) -> str:
        """The file's name (without its directories) and the line."""
        return f"{Path(self.file).name}:{self.line}"


def local_amounts_path(environ: Mapping[str, str] | None = None) -> Path | None:
    """The file or directory named by ``VAGVAL_LOCAL_AMOUNTS`` (None when unset or empty), in
    ``environ`` (default: this process's environment, see :class:`Settings`)."""
    return Settings.from_env(environ).local_amounts


def _dates(period: m.AmountPeriod) -> str:
    end = period.valid_to.isoformat() if period.valid_to else "…"
    return f"{period.valid_from.isoformat()}–{end}"


def _overlap(a: m.AmountPeriod, b: m.AmountPeriod) -> bool:
    a_end = a.valid_to or dt.date.max
    b_end = b.valid_to or dt.date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


def merge_local_amounts(
    amounts: dict[str, m.Amount],
    files: list[tuple[Path, m.LocalAmountsFile, LineMap]],
    issues: list[RuleIssue],
) -> tuple[dict[str, m.Amount], tuple[LocalPeriod, ...]]:
    """The rules' amounts with the local periods merged in, and those periods; every
    problem is added to ``issues`` as ``file:line: message``."""
    merged = dict(amounts)
    local: list[LocalPeriod] = []
    seen: dict[str, str] = {}
    for path, data, lines in files:
        for i, entry in enumerate(data.amounts):
            where = _Where(str(path), lines, i, issues)
            shipped = amounts.get(entry.id)
            if shipped is None:
                where.issue(f"unknown amount '{entry.id}'{did_you_mean(entry.id, amounts)}", "id")
            elif entry.id in seen:
                where.issue(
                    f"amount '{entry.id}' is entered twice (first in {seen[entry.id]})", "id"
                )
            else:
                seen[entry.id] = f"{where.file}:{where.line('id')}"
                found = _merge(shipped, entry, where)
                if found is not None:
                    merged[entry.id], periods = found
                    local.extend(periods)
    return merged, tuple(local)


@dataclass
class _Where:
    """Where one entry of a local file is, for its issues."""

    file: str
    lines: LineMap
    index: int
    issues: list[RuleIssue]

    def line(self, *key: str | int) -> int:
        return self.lines.line(("amounts", self.index, *key))

    def issue(self, message: str, *key: str | int) -> None:
        self.issues.append(RuleIssue(self.file, self.line(*key), message))


def _merge(
    shipped: m.Amount, entry: m.LocalAmount, where: _Where
) -> tuple[m.Amount, list[LocalPeriod]] | None:
    """``shipped`` with ``entry``'s periods in place of those with the same dates (None,
    with the issues added, when the entry does not fit)."""
    if entry.unit is not None and entry.unit != shipped.unit:
        where.issue(
            f"unit '{entry.unit}' differs from the unit '{shipped.unit}' of '{entry.id}' "
            "in the rules",
            "unit",
        )
        return None
    if entry.label is not None and entry.label != shipped.label:
        where.issue(f"label differs from the label of '{entry.id}' in the rules", "label")
        return None
    kept = list(shipped.periods)
    local: list[LocalPeriod] = []
    for j, period in enumerate(entry.periods):
        same = [
            p for p in kept if (p.valid_from, p.valid_to) == (period.valid_from, period.valid_to)
        ]
        clash = [p for p in kept if p not in same and _overlap(p, period)]
        if clash:
            where.issue(
                f"the period {_dates(period)} overlaps the period {_dates(clash[0])} of "
                f"'{entry.id}' in the rules; to replace that period, give the same valid_from "
                "and valid_to",
                "periods",
                j,
                "valid_from",
            )
            continue
        kept = [p for p in kept if p not in same]
        local.append(
            LocalPeriod(
                entry.id,
                period.valid_from,
                period.valid_to,
                where.file,
                where.line("periods", j),
                bool(same),
            )
        )
    if len(local) < len(entry.periods):
        return None
    periods = sorted([*kept, *entry.periods], key=lambda p: p.valid_from)
    return shipped.model_copy(update={"periods": periods}), local
