"""From answers to a record, and from a saved record back to what today's rules say."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from procurement.clauses.library import ClauseLibrary
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.documents.memo.choices import MemoChoices, check_choices, parse_choices
from procurement.report.assessment import Assessment
from procurement.report.comparison import (
    Aspect,
    aspects_table,
    assessment_aspects,
    differences,
)
from procurement.service import Vagval
from procurement.storage.records import Record, SavedAssessment, check_notes, check_title

__all__ = ["Reopened", "jsonable_facts", "make_record", "reopen", "reopen_markdown", "target_label"]


def target_label(rs: RuleSet, target: str | None, lang: Lang, none: str) -> str:
    """A recommended target (``route`` or ``route.variant``) as the loaded rules name it:
    "Route: Variant"; ``none`` when there is none, the id when the rules no longer know it."""
    if not target:
        return none
    found = rs.targets.get(target)
    if found is None:
        return target
    label = found.route.label.get(lang)
    return f"{label}: {found.variant.label.get(lang)}" if found.variant else label


def jsonable_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Facts as JSON values (dates as ISO text), the command line's format."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in facts.items()}


def make_record(
    rs: RuleSet,
    title: str,
    facts: Mapping[str, Any],
    choices: MemoChoices | Mapping[str, Any] | None = None,
    notes: str = "",
    lang: Lang = "sv",
    library: ClauseLibrary | None = None,
) -> Record:
    """A record to save: the title, notes, facts and memo choices validated (InputError or
    StorageError naming the field), and the assessment they give under ``rs``. The memo
    choices must be ones the rules and the clause ``library`` (default: the one checked
    against ``rs``) know, so that a memo can be written from them when it is reopened."""
    title = check_title(title)
    notes = check_notes(notes)
    vagval = Vagval(rs, library=library)
    case = vagval.case(facts, lang=lang)
    if not isinstance(choices, MemoChoices):
        choices = parse_choices(dict(choices or {}), lang)
    check_choices(rs, vagval.library, choices, lang)
    result = vagval.assess(case, lang=lang)
    given = {k: v for k, v in case.facts.items() if k in facts}
    return Record(
        title=title,
        notes=notes,
        facts=jsonable_facts(given),
        choices=choices,
        result=result,
        language=lang,
    )


@dataclass(frozen=True)
class Reopened:
    """A saved assessment, assessed again on its own date under the rules loaded now."""

    saved: SavedAssessment
    current: Assessment | None
    error: str | None
    changes: tuple[Aspect, ...]

    @property
    def same_rules(self) -> bool:
        """Whether the rule set is the very version the assessment was saved with."""
        return self.current is not None and (
            self.current.ruleset_version == self.saved.ruleset_version
        )


def reopen(rs: RuleSet, saved: SavedAssessment, lang: Lang = "sv") -> Reopened:
    """What would change if ``saved`` were assessed today under ``rs``: same facts, same
    date (``as_of``), so only the rules differ. Facts the rules no longer accept give
    ``error`` (the input error's text) instead of an assessment."""
    from procurement.core.errors import InputError

    old = assessment_aspects(saved.result)
    vagval = Vagval(rs)
    try:
        case = vagval.case(saved.facts, today=saved.as_of, lang=lang)
    except InputError as exc:
        return Reopened(saved, None, str(exc), differences(old, {"error": str(exc)}))
    current = vagval.assess(case, lang=lang)
    return Reopened(saved, current, None, differences(old, assessment_aspects(current)))


def reopen_markdown(rs: RuleSet, reopened: Reopened, lang: Lang = "sv") -> tuple[str, str]:
    """(level, Markdown) telling what today's rules make of a saved assessment. ``level`` is
    ``same`` (same rule version), ``unchanged`` (newer rules, same result), ``changed`` (a
    table of what changes) or ``error`` (the saved facts are no longer accepted)."""
    st_text = texts("storage")
    saved = reopened.saved
    saved_line = st_text(
        "saved_under",
        lang,
        saved=saved.updated_at.strftime("%Y-%m-%d %H:%M UTC"),
        version=saved.ruleset_version,
        reviewed=saved.ruleset_reviewed.isoformat(),
        as_of=saved.as_of.isoformat(),
    )
    if reopened.error is not None:
        return "error", f"{saved_line}\n\n{st_text('rules_refuse', lang, error=reopened.error)}"
    assert reopened.current is not None
    version = reopened.current.ruleset_version
    if not reopened.changes:
        key = "same_rules" if reopened.same_rules else "newer_rules_no_change"
        return ("same" if reopened.same_rules else "unchanged"), (
            f"{saved_line}\n\n{st_text(key, lang, version=version)}"
        )
    table = aspects_table(
        rs,
        reopened.changes,
        st_text("column_saved", lang),
        st_text("column_now", lang),
        lang,
    )
    intro = st_text("newer_rules_changes", lang, version=version)
    return "changed", f"{saved_line}\n\n{intro}\n\n{table}"
