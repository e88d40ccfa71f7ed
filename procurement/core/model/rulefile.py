"""One rule file: any subset of the sections, merged with the other files of a rule set."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from procurement.core.model.amounts import Amount
from procurement.core.model.common import Identifier, Strict, Text
from procurement.core.model.decisions import (
    Check,
    Constraint,
    DerivedValue,
    Obligation,
    Recommendation,
    Route,
    Rule,
    Warning_,
)
from procurement.core.model.facts import Fact

__all__ = ["Estimation", "RuleFile", "RulesetMeta"]


class Estimation(Strict):
    """How a SEK figure is estimated from EUR while the official SEK value is unknown."""

    rate: Identifier
    margin: Identifier


class RulesetMeta(Strict):
    """What the rule set is, which dates it covers and how current its sources are."""

    id: Identifier
    title: Text
    version: str = Field(min_length=1)
    reviewed: dt.date
    supported_from: dt.date
    checked_until: dt.date
    currency_note: Text
    estimation: Estimation | None = None


class RuleFile(Strict):
    """The sections one YAML file may hold."""

    ruleset: RulesetMeta | None = None
    facts: list[Fact] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)
    derived: list[DerivedValue] = Field(default_factory=list)
    constraints: list[Constraint] = Field(default_factory=list)
    routes: list[Route] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    obligations: list[Obligation] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    messages: dict[Identifier, Text] = Field(default_factory=dict)
