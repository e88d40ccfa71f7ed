"""An assessment as Markdown, for filing or pasting into a memo."""

from __future__ import annotations

from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.report.assessment import Assessment, ReasonOut

__all__ = ["PLAIN_ICON", "assessment_markdown"]

t = texts("report")

# Shown with the status words, never instead of them: plain symbols for exported text.
PLAIN_ICON = {
    "recommended": "✔",
    "possible": "○",
    "not_possible": "✖",
    "uncertain": "?",
    "met": "✔",
    "eligible": "✔",
    "not_met": "✖",
    "not_eligible": "✖",
    "incomplete": "?",
    "unknown": "?",
}


def _reason(reason: ReasonOut) -> str:
    refs = f" ({', '.join(reason.references)})" if reason.references else ""
    return f"- {reason.text}{refs}"


def assessment_markdown(assessment: Assessment, ruleset: RuleSet, lang: Lang) -> str:
    """The assessment as a Markdown document in ``lang``: routes, duties, warnings, facts."""
    a = assessment
    lines = [f"# {t('app_title', lang)} – {a.as_of.isoformat()}", ""]
    head = t("recommended_route", lang)
    if a.recommended_route:
        lines.append(f"**{head}:** {a.routes[a.recommended_route].label}")
    else:
        lines.append(f"**{t('no_recommendation', lang)}**")
    lines += ["", f"*{t('check_current', lang)}* ({a.ruleset_version})", ""]
    for route in a.routes.values():
        status = t(f"status_{route.status}", lang)
        lines += [f"## {PLAIN_ICON[route.status]} {route.label}: {status}", ""]
        lines += [_reason(r) for r in route.reasons]
        for variant in (route.variants or {}).values():
            vstatus = t(f"status_{variant.status}", lang)
            lines += ["", f"### {PLAIN_ICON[variant.status]} {variant.label}: {vstatus}", ""]
            lines += [_reason(r) for r in variant.reasons]
        lines.append("")
    if a.obligations:
        lines += [f"## {t('duties', lang)}", ""]
        for o in a.obligations:
            note = f" *({t('may_apply', lang)})*" if o.status == "may_apply" else ""
            lines.append(f"- {o.text}{note} ({', '.join(o.references)})")
        lines.append("")
    if a.warnings:
        lines += [f"## {t('warnings', lang)}", ""] + [f"- {w.text}" for w in a.warnings] + [""]
    if a.missing_facts:
        lines += [f"## {t('missing', lang)}", ""]
        lines += [f"- {ruleset.facts[f].label.get(lang)}" for f in a.missing_facts] + [""]
    lines += [f"## {t('facts', lang)}", ""]
    for fact, value in a.facts.items():
        lines.append(f"- {ruleset.facts[fact].label.get(lang)}: `{value}`")
    return "\n".join(lines) + "\n"
