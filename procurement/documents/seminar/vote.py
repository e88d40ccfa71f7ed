"""The room's vote: the options for a scenario, the right one, and the tally."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.documents.seminar.answer import Answer
from procurement.documents.seminar.scenario import Scenario

__all__ = ["SUPPLIER_OPTIONS", "Tally", "correct_option", "tally", "vote_options"]

sem = texts("seminar")
SUPPLIER_OPTIONS = ("asf_and_4_18", "asf_only", "4_18_only", "neither", "undecided")


def vote_options(scenario: Scenario, route_rules: RuleSet, lang: Lang) -> dict[str, str]:
    """Option id → label: the routes and 'none' (route scenarios), or what the supplier is
    under the ASF definition and 4 kap. 18 § (supplier scenarios)."""
    if scenario.kind == "route":
        out = {r.id: r.label.get(lang) for r in route_rules.routes.values()}
        out["none"] = sem("vote_none", lang)
        return out
    return {o: sem(f"vote_{o}", lang) for o in SUPPLIER_OPTIONS}


def correct_option(scenario: Scenario, result: Answer) -> str:
    """The option that the rules' answer makes right."""
    if scenario.kind == "route":
        return result.route
    asf = result.check_status("asf_definition")
    share = result.check_status("reserved_4_18")
    if "incomplete" in (asf, share):
        return "undecided"
    return {
        (True, True): "asf_and_4_18",
        (True, False): "asf_only",
        (False, True): "4_18_only",
        (False, False): "neither",
    }[(asf == "met", share == "eligible")]


@dataclass(frozen=True)
class Tally:
    """How the room voted."""

    total: int
    right: int

    @property
    def share_right(self) -> float | None:
        """The share of votes for the right option (None when nobody voted)."""
        return self.right / self.total if self.total else None


def tally(votes: Mapping[str, int], correct: str) -> Tally:
    """Count the votes (negative counts are not votes)."""
    counts = {k: max(0, int(v)) for k, v in votes.items()}
    return Tally(sum(counts.values()), counts.get(correct, 0))
