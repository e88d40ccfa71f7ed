"""All findings of the analysis for a rule set, in file and line order."""

from __future__ import annotations

from procurement.authoring.analysis.decidable import undecided_findings
from procurement.authoring.analysis.findings import Finding
from procurement.authoring.analysis.semantic import CaseSpace, semantic_findings
from procurement.authoring.analysis.static import static_findings
from procurement.core.ruleset import RuleSet

__all__ = ["analyse"]


def analyse(rs: RuleSet) -> list[Finding]:
    """Every finding of the static and the enumerating checks."""
    space = CaseSpace(rs)
    found = static_findings(rs) + semantic_findings(rs, space) + undecided_findings(space)
    return sorted(found, key=lambda f: (f.file, f.line, f.kind))
