"""The Python API: load the rules once, assess cases, in Swedish or English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from procurement.clauses.library import DEFAULT_CLAUSES_DIR, ClauseLibrary, load_library
from procurement.core.checks import evaluate_checks
from procurement.core.engine import evaluate
from procurement.core.facts_input import parse_case
from procurement.core.loader import DEFAULT_RULES_DIR, DEFAULT_SUPPLIER_RULES_DIR, load_ruleset
from procurement.core.local_amounts import local_amounts_path
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.report.assessment import Assessment
from procurement.report.check_report import CheckReport, render_checks
from procurement.report.render import render

__all__ = [
    "assess",
    "check_supplier",
    "default_library",
    "default_ruleset",
    "default_supplier_ruleset",
]


@lru_cache(maxsize=8)
def _cached(path: str, local: str | None = None) -> RuleSet:
    return load_ruleset(Path(path), local)


def default_ruleset(rules_dir: Path | str | None = None) -> RuleSet:
    """The rule set of ``rules_dir`` (default: the shipped ``rules/``) with the amounts an
    administrator entered locally (``VAGVAL_LOCAL_AMOUNTS``), loaded once per process."""
    local = local_amounts_path()
    return _cached(
        str(Path(rules_dir or DEFAULT_RULES_DIR).resolve()),
        str(local.resolve()) if local else None,
    )


def assess(
    facts: Mapping[str, Any],
    *,
    lang: Lang = "sv",
    ruleset: RuleSet | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """Validate ``facts`` and assess them; raises InputError for invalid facts."""
    rs = ruleset or default_ruleset()
    case = parse_case(rs, facts, today=today, lang=lang)
    return render(rs, evaluate(rs, case), lang)


def default_supplier_ruleset(rules_dir: Path | str | None = None) -> RuleSet:
    """The supplier-check rule set (default: the shipped ``rules/supplier/``), loaded once."""
    return _cached(str(Path(rules_dir or DEFAULT_SUPPLIER_RULES_DIR).resolve()))


def check_supplier(
    facts: Mapping[str, Any],
    *,
    lang: Lang = "sv",
    ruleset: RuleSet | None = None,
    today: dt.date | None = None,
) -> CheckReport:
    """Validate a supplier's answers and run every check; raises InputError for invalid facts."""
    rs = ruleset or default_supplier_ruleset()
    case = parse_case(rs, facts, today=today, lang=lang)
    return render_checks(rs, evaluate_checks(rs, case), lang)


@lru_cache(maxsize=4)
def _cached_library(rules: str, clauses: str) -> ClauseLibrary:
    return load_library(default_ruleset(rules), Path(clauses))


def default_library(
    rules_dir: Path | str | None = None, clauses_dir: Path | str | None = None
) -> ClauseLibrary:
    """The clause library (default ``rules/clauses/``), checked against the route rules of
    ``rules_dir``; loaded once per process."""
    rules = str(Path(rules_dir or DEFAULT_RULES_DIR).resolve())
    return _cached_library(rules, str(Path(clauses_dir or DEFAULT_CLAUSES_DIR).resolve()))
