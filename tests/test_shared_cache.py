"""The cache a rule set shares between sessions (procurement/core/shared_cache.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
import time

import pytest

from procurement.core.ruleset import RuleSet
from procurement.core.shared_cache import SharedCache
from procurement.service import Vagval
from tests.conftest import ROOT


def test_a_value_is_made_once_per_key() -> None:
    cache: SharedCache[str, list[int]] = SharedCache()
    made: list[str] = []

    def make(key: str) -> list[int]:
        made.append(key)
        return [len(made)]

    first = cache.get("a", lambda: make("a"))
    assert cache.get("a", lambda: make("a")) is first
    cache.get("b", lambda: make("b"))
    assert made == ["a", "b"] and len(cache) == 2


def test_the_least_recently_used_value_goes_first() -> None:
    cache: SharedCache[int, int] = SharedCache(size=2)
    cache.get(1, lambda: 1)
    cache.get(2, lambda: 2)
    cache.get(1, lambda: 1)  # 1 used again: 2 is now the oldest
    cache.get(3, lambda: 3)
    assert len(cache) == 2
    assert cache.get(1, lambda: -1) == 1
    assert cache.get(2, lambda: -2) == -2  # was dropped, made again


def test_a_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        SharedCache(size=0)


def test_sessions_at_once_get_the_same_value_made_once() -> None:
    cache: SharedCache[str, object] = SharedCache()
    calls = 0
    barrier = threading.Barrier(8)
    seen: list[object] = []

    def make() -> object:
        nonlocal calls
        calls += 1
        time.sleep(0.01)  # widen the window in which another thread could make it too
        return object()

    def session() -> None:
        barrier.wait()
        seen.append(cache.get("k", make))

    threads = [threading.Thread(target=session) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == 1
    assert len({id(v) for v in seen}) == 1


def test_a_sessions_amounts_cannot_change_another_sessions(ruleset: RuleSet) -> None:
    vagval = Vagval.of(ruleset)
    facts = json.loads((ROOT / "data/examples/stadning-kommunhus.json").read_text("utf-8"))
    facts.pop("as_of", None)
    day = dt.date(2026, 12, 7)
    first = vagval.evaluate(vagval.case(facts, today=day))
    ident = next(iter(first.amounts))
    with pytest.raises(TypeError):
        first.amounts[ident] = first.amounts[ident]  # type: ignore[index]
    second = vagval.evaluate(vagval.case(facts, today=day))
    assert second.amounts is first.amounts  # resolved once for the date, shared
    assert len(ruleset.amounts_by_day) >= 1


def test_a_changed_copy_of_a_rule_set_does_not_read_the_originals_amounts(
    ruleset: RuleSet,
) -> None:
    vagval = Vagval.of(ruleset)
    facts = json.loads((ROOT / "data/examples/stadning-kommunhus.json").read_text("utf-8"))
    day = dt.date(2026, 12, 7)
    original = vagval.evaluate(vagval.case(facts, today=day)).amounts
    ident = "direct_award_limit_lou"
    amount = ruleset.amounts[ident]
    periods = [p.model_copy(update={"value": 1.0}) for p in amount.periods]
    changed = dataclasses.replace(
        ruleset, amounts={**ruleset.amounts, ident: amount.model_copy(update={"periods": periods})}
    )
    copy = Vagval.of(changed)
    assert copy.evaluate(copy.case(facts, today=day)).amounts[ident].value == 1.0
    assert original[ident].value != 1.0
