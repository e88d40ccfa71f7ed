"""The policy by which a target's rules settle its status (procurement/core/selection.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from procurement.core.model.common import STATUSES, Status
from procurement.core.selection import select


def test_the_first_rule_that_holds_decides() -> None:
    s = select(["possible", "not_possible"], [False, True], "recommended")
    assert (s.status, s.winner, s.pending, s.blocking) == ("not_possible", 1, (), ())
    assert s.settled and s.counting() == (1,)


def test_without_a_rule_that_holds_the_default_stands() -> None:
    s = select(["possible"], [False], "not_possible")
    assert (s.status, s.winner) == ("not_possible", None)
    assert s.settled and s.counting() == ()


def test_an_unknown_rule_above_with_another_status_blocks() -> None:
    s = select(["possible", "not_possible"], [None, True], "not_possible")
    assert s.status == "not_possible" and s.winner == 1
    assert s.blocking == (0,) and not s.settled
    assert s.counting() == ()


def test_an_unknown_rule_above_with_the_same_status_does_not_block() -> None:
    s = select(["not_possible", "not_possible"], [None, True], "possible")
    assert s.pending == (0,) and s.blocking == () and s.settled
    assert s.counting() == (1,)


def test_an_unknown_rule_blocks_the_default_only_when_it_differs() -> None:
    assert not select(["possible"], [None], "not_possible").settled
    assert select(["not_possible"], [None], "not_possible").settled


def test_rules_below_that_hold_with_the_same_status_support_it() -> None:
    statuses: list[Status] = ["possible", "not_possible", "possible", "possible"]
    s = select(statuses, [True, True, True, None], "not_possible")
    assert s.supporting == (2,)
    assert s.counting() == (0, 2)


def test_rules_below_the_winner_never_block() -> None:
    s = select(["possible", "not_possible"], [True, None], "not_possible")
    assert s.settled and s.pending == ()


_rules = st.lists(
    st.tuples(st.sampled_from(STATUSES), st.sampled_from([True, False, None])), max_size=8
)


@given(_rules, st.sampled_from(STATUSES))
def test_answering_an_unknown_rule_never_changes_a_settled_status(
    rules: list[tuple[Status, bool | None]], default: Status
) -> None:
    statuses = [s for s, _ in rules]
    outcomes = [o for _, o in rules]
    before = select(statuses, outcomes, default)
    if not before.settled:
        return
    for i, outcome in enumerate(outcomes):
        if outcome is None:
            for answer in (True, False):
                after = select(statuses, [*outcomes[:i], answer, *outcomes[i + 1 :]], default)
                assert after.status == before.status
