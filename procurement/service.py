"""The front door: one object that holds an installation's rule sets and does everything with a
case – validate, evaluate, render, check a supplier, propose clauses.

This is the only module that composes the pipeline ``parse_case → evaluate → render`` (and
``evaluate_checks → render_checks``); the command line, the app, batches, saved assessments,
the memo, the seminar and the authoring tools all go through :class:`Vagval`::

    vagval = Vagval()                       # the rules in use (and local amounts, if any)
    result = vagval.assess({"contract_type": "services", "estimated_value_sek": 650_000})
    result.recommended_route, result.recommended_target

The module-level functions (``assess``, ``check_supplier``, ``default_ruleset`` …) are the
same on the default installation, for scripts.

The rules in use are those of one **rules directory**: the shipped ``rules/``, or the one named
by ``VAGVAL_RULES`` (the command line's ``--rules`` wins over both). Its own YAML files are the
route rules, its ``supplier/`` folder holds the supplier checks and its ``clauses/`` folder the
clause library (:func:`rules_directory`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from procurement.clauses.library import DEFAULT_CLAUSES_DIR, ClauseLibrary, load_library
from procurement.clauses.propose import Proposal, propose
from procurement.core.checks import ChecksEvaluation, evaluate_checks
from procurement.core.engine import evaluate
from procurement.core.evaluation import Evaluation
from procurement.core.facts_input import Case, parse_case
from procurement.core.loader import DEFAULT_RULES_DIR, DEFAULT_SUPPLIER_RULES_DIR, load_ruleset
from procurement.core.local_amounts import local_amounts_path
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.settings import Settings
from procurement.report.assessment import Assessment, chosen_target
from procurement.report.check_report import CheckReport, render_checks
from procurement.report.render import render

__all__ = [
    "Outcome",
    "Vagval",
    "assess",
    "check_supplier",
    "default_library",
    "default_ruleset",
    "default_supplier_ruleset",
    "rules_directory",
]

# Inside a rules directory: the supplier checks and the clause library.
SUPPLIER_FOLDER = "supplier"
CLAUSES_FOLDER = "clauses"


@dataclass(frozen=True)
class Outcome:
    """A case, what the engine concluded and the assessment rendered from it."""

    case: Case
    evaluation: Evaluation
    assessment: Assessment


class Vagval:
    """An installation's rule sets, and everything that is done with a case.

    ``rules``, ``supplier_rules`` and ``library`` default to those of the rules directory in
    use (:func:`rules_directory`: the shipped one unless ``VAGVAL_RULES`` names another), with
    the amounts an administrator entered locally, loaded once per process and only when needed.
    """

    def __init__(
        self,
        rules: RuleSet | None = None,
        supplier_rules: RuleSet | None = None,
        library: ClauseLibrary | None = None,
    ) -> None:
        self._rules = rules
        self._supplier_rules = supplier_rules
        self._library = library

    @classmethod
    def of(cls, ruleset: RuleSet) -> Vagval:
        """A front door for one rule set, in the role its content gives it: supplier checks
        when it has checks, route assessment otherwise (for tools that take either)."""
        return cls(supplier_rules=ruleset) if ruleset.checks else cls(ruleset)

    def parse(
        self,
        facts: Mapping[str, Any],
        *,
        lang: Lang = "sv",
        today: dt.date | None = None,
    ) -> Case:
        """``facts`` validated against this front door's own kind of rule set (see :meth:`of`)."""
        if self._rules is None and self._supplier_rules is not None:
            return self.supplier_case(facts, lang=lang, today=today)
        return self.case(facts, lang=lang, today=today)

    @property
    def rules(self) -> RuleSet:
        """The route-assessment rule set."""
        if self._rules is None:
            self._rules = default_ruleset()
        return self._rules

    @property
    def supplier_rules(self) -> RuleSet:
        """The supplier-check rule set."""
        if self._supplier_rules is None:
            self._supplier_rules = default_supplier_ruleset()
        return self._supplier_rules

    @property
    def library(self) -> ClauseLibrary:
        """The clause library, checked against the route rules."""
        if self._library is None:
            self._library = default_library() if self._rules is None else load_library(self._rules)
        return self._library

    # --- route assessment ------------------------------------------------------------------
    def case(
        self,
        facts: Mapping[str, Any],
        *,
        lang: Lang = "sv",
        today: dt.date | None = None,
        text: bool = False,
        row: int | None = None,
    ) -> Case:
        """``facts`` validated against the route rules (InputError naming the field);
        ``text`` for values read from a table cell, ``row`` to name its row."""
        return parse_case(self.rules, facts, today=today, lang=lang, text=text, row=row)

    def evaluate(self, case: Case, *, chosen: str | None = None, trace: bool = True) -> Evaluation:
        """What the engine concludes for a validated ``case``, not rendered (for batches)."""
        return evaluate(self.rules, case, chosen, trace=trace)

    def outcome(
        self,
        facts: Mapping[str, Any] | Case,
        *,
        lang: Lang = "sv",
        today: dt.date | None = None,
        chosen: str | None = None,
        trace: bool = True,
    ) -> Outcome:
        """The case, its evaluation and its assessment in ``lang``. ``chosen`` is a route
        or variant the authority picked (it takes the recommendation's place when possible)."""
        case = facts if isinstance(facts, Case) else self.case(facts, lang=lang, today=today)
        evaluation = self.evaluate(case, chosen=chosen, trace=trace)
        return Outcome(case, evaluation, render(self.rules, evaluation, lang))

    def assess(
        self,
        facts: Mapping[str, Any] | Case,
        *,
        lang: Lang = "sv",
        today: dt.date | None = None,
        chosen: str | None = None,
        trace: bool = True,
    ) -> Assessment:
        """Validate ``facts`` and assess them (InputError for invalid facts)."""
        return self.outcome(facts, lang=lang, today=today, chosen=chosen, trace=trace).assessment

    # --- supplier checks -------------------------------------------------------------------
    def supplier_case(
        self,
        facts: Mapping[str, Any],
        *,
        lang: Lang = "sv",
        today: dt.date | None = None,
        text: bool = False,
        row: int | None = None,
    ) -> Case:
        """A supplier's answers validated against the supplier rules."""
        return parse_case(self.supplier_rules, facts, today=today, lang=lang, text=text, row=row)

    def evaluate_checks(self, case: Case) -> ChecksEvaluation:
        """Every supplier check for a validated case, not rendered."""
        return evaluate_checks(self.supplier_rules, case)

    def check_supplier(
        self,
        facts: Mapping[str, Any] | Case,
        *,
        lang: Lang = "sv",
        today: dt.date | None = None,
    ) -> CheckReport:
        """Validate a supplier's answers and run every check (InputError when invalid)."""
        if not isinstance(facts, Case):
            facts = self.supplier_case(facts, lang=lang, today=today)
        case = facts
        return render_checks(self.supplier_rules, self.evaluate_checks(case), lang)

    # --- clauses ---------------------------------------------------------------------------
    def propose(
        self, assessment: Assessment, facts: Mapping[str, Any], target: str | None = None
    ) -> list[Proposal]:
        """The clauses that fit ``target`` (default: the recommended route or variant)."""
        target = target or chosen_target(assessment)
        return [] if target is None else propose(self.library, assessment, target, facts)


@lru_cache(maxsize=8)
def _cached(path: str, local: str | None = None) -> RuleSet:
    return load_ruleset(Path(path), local)


def rules_directory(given: Path | str | None = None) -> Path:
    """The rules directory in use: ``given`` (the command line's ``--rules``), else the one
    named by ``VAGVAL_RULES``, else the shipped ``rules/``. Its own files are the route rules;
    the supplier checks are in its ``supplier/`` folder, the clause library in ``clauses/``."""
    if given:
        return Path(given)
    return Settings.from_env().rules_dir or DEFAULT_RULES_DIR


def default_ruleset(rules_dir: Path | str | None = None) -> RuleSet:
    """The route rules of the rules directory ``rules_dir`` (default: the one in use, see
    :func:`rules_directory`) with the amounts an administrator entered locally
    (``VAGVAL_LOCAL_AMOUNTS``), loaded once per process."""
    local = local_amounts_path()
    return _cached(
        str(rules_directory(rules_dir).resolve()),
        str(local.resolve()) if local else None,
    )


def default_supplier_ruleset(rules_dir: Path | str | None = None) -> RuleSet:
    """The supplier checks of the folder ``rules_dir`` itself (default: the ``supplier/``
    folder of the rules directory in use, ``rules/supplier/`` when shipped), loaded once."""
    return _cached(
        str(Path(rules_dir or _in_use(SUPPLIER_FOLDER, DEFAULT_SUPPLIER_RULES_DIR)).resolve())
    )


def _in_use(folder: str, shipped: Path) -> Path:
    """``folder`` of the rules directory named by ``VAGVAL_RULES``, else ``shipped``."""
    named = Settings.from_env().rules_dir
    return shipped if named is None else named / folder


@lru_cache(maxsize=4)
def _cached_library(rules: str, clauses: str) -> ClauseLibrary:
    return load_library(default_ruleset(rules), Path(clauses))


def default_library(
    rules_dir: Path | str | None = None, clauses_dir: Path | str | None = None
) -> ClauseLibrary:
    """The clause library ``clauses_dir`` (default: the ``clauses/`` folder of the rules
    directory in use, ``rules/clauses/`` when shipped), checked against the route rules of
    ``rules_dir`` (default: the rules directory in use); loaded once per process."""
    rules = rules_directory(rules_dir).resolve()
    clauses = Path(clauses_dir or _in_use(CLAUSES_FOLDER, DEFAULT_CLAUSES_DIR))
    return _cached_library(str(rules), str(clauses.resolve()))


def assess(
    facts: Mapping[str, Any],
    *,
    lang: Lang = "sv",
    ruleset: RuleSet | None = None,
    today: dt.date | None = None,
    chosen: str | None = None,
    trace: bool = True,
) -> Assessment:
    """Validate ``facts`` and assess them; raises InputError for invalid facts."""
    return Vagval(ruleset).assess(facts, lang=lang, today=today, chosen=chosen, trace=trace)


def check_supplier(
    facts: Mapping[str, Any],
    *,
    lang: Lang = "sv",
    ruleset: RuleSet | None = None,
    today: dt.date | None = None,
) -> CheckReport:
    """Validate a supplier's answers and run every check; raises InputError for invalid facts."""
    return Vagval(supplier_rules=ruleset).check_supplier(facts, lang=lang, today=today)
