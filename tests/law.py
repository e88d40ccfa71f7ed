"""Amounts in tests, kept apart from the law.

Two kinds of test need an amount:

- tests of the engine's mechanics (bands, estimated ranges, formatting, the change report)
  need amounts that stay put. They run on :func:`frozen_rules` (the fixtures ``frozen`` and
  ``frozen_dir``): the shipped rules with the periods of ``tests/fixtures/frozen/amounts.yaml``
  laid over the shipped ones by id;
- tests of the shipped product at a boundary ask the shipped data for the figure
  (:func:`shipped_sek`), read straight from ``rules/amounts.yaml`` and not through the loader.

Either way a corrected or newly published amount in ``rules/amounts.yaml`` needs no Python
change (issue 15); the YAML scenario tests in ``rules/tests`` hold the shipped amounts to the law.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_RULES = ROOT / "rules"
FROZEN_AMOUNTS = Path(__file__).resolve().parent / "fixtures" / "frozen" / "amounts.yaml"

__all__ = ["FROZEN_AMOUNTS", "frozen_rules", "shipped_period", "shipped_sek"]


def _amounts(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    amounts: list[dict[str, Any]] = data["amounts"]
    return amounts


def shipped_period(amount_id: str, day: dt.date) -> dict[str, Any]:
    """The period of the shipped amount ``amount_id`` in force on ``day``, as written."""
    (amount,) = [a for a in _amounts(SHIPPED_RULES / "amounts.yaml") if a["id"] == amount_id]
    for period in amount["periods"]:
        end = period["valid_to"] or dt.date.max
        if period["valid_from"] <= day <= end:
            return dict(period)
    raise LookupError(f"no period of {amount_id} on {day}")


def shipped_sek(amount_id: str, day: dt.date) -> int:
    """The shipped figure in kronor of ``amount_id`` on ``day`` (it must be known)."""
    value = shipped_period(amount_id, day)["value"]
    assert isinstance(value, int), f"{amount_id} has no SEK figure on {day}"
    return value


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def frozen_rules(dest: Path, name: str = "rules") -> Path:
    """A copy of the shipped rules, ``dest/name``, whose amounts are the frozen ones, by id
    (an amount the fixture does not know keeps its shipped periods)."""
    rules = dest / name
    shutil.copytree(SHIPPED_RULES, rules)
    frozen = {a["id"]: a for a in _amounts(FROZEN_AMOUNTS)}
    merged = [frozen.get(a["id"], a) for a in _amounts(SHIPPED_RULES / "amounts.yaml")]
    text = yaml.dump({"amounts": merged}, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
    (rules / "amounts.yaml").write_text(text, encoding="utf-8")
    return rules
