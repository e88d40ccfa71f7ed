"""Rule sets that differ from the shipped ones in one deliberate way, for testing machinery
that the shipped rules no longer exercise (e.g. an unconfirmed criterion)."""

from __future__ import annotations

import shutil
from pathlib import Path

from procurement.core.loader import DEFAULT_RULES_DIR, DEFAULT_SUPPLIER_RULES_DIR, load_ruleset
from procurement.core.ruleset import RuleSet

__all__ = ["MARK", "marked_rules_directory", "supplier_with_unconfirmed_three_year_rule"]

# The version prefix of marked_rules_directory's rule sets.
MARK = "9.9.9-"


def marked_rules_directory(folder: Path) -> Path:
    """A copy of the whole rules directory (route rules, supplier/, clauses/; no scenario
    tests) in ``folder``/regler, whose route and supplier rule sets' versions begin with
    :data:`MARK`, so that an output shows which rules made it."""
    target = folder / "regler"
    shutil.copytree(DEFAULT_RULES_DIR, target, ignore=shutil.ignore_patterns("tests"))
    for meta in (target / "ruleset.yaml", target / "supplier" / "ruleset.yaml"):
        text = meta.read_text(encoding="utf-8")
        assert text.count('  version: "') == 1, meta
        meta.write_text(text.replace('  version: "', f'  version: "{MARK}'), encoding="utf-8")
    return target


def supplier_with_unconfirmed_three_year_rule(folder: Path) -> RuleSet:
    """The supplier rules with the three-year rule of 19 kap. 25 § marked unconfirmed and
    cited to the directive only (as it was until 2026-12)."""
    target = folder / "supplier"
    shutil.copytree(DEFAULT_SUPPLIER_RULES_DIR, target, ignore=shutil.ignore_patterns("tests"))
    checks = target / "checks.yaml"
    text = checks.read_text(encoding="utf-8")
    old = "        when: not awarded_19_25_same_authority_last_3_years\n"
    assert text.count(old) == 1
    text = text.replace(old, old + "        verified: false\n")
    refs = "          - 19 kap. 25 § LOU\n          - art. 77.2 d direktiv 2014/24/EU\n"
    assert text.count(refs) == 1
    text = text.replace(
        refs, "          - {ref: art. 77.2 d direktiv 2014/24/EU, verified: false}\n"
    )
    checks.write_text(text, encoding="utf-8")
    return load_ruleset(target)
