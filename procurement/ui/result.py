"""Rendering an assessment: a card per route, its reasons, duties, warnings and the trace."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.report.assessment import Assessment, ReasonOut
from procurement.ui import keys
from procurement.ui.texts import STATUS_ICON, t

__all__ = ["show_assessment", "status_text"]


def status_text(status: str, lang: Lang) -> str:
    """A status as icon and words (never by colour alone)."""
    return f"{STATUS_ICON.get(status, '')} {t(f'status_{status}', lang)}"


def _reasons(reasons: list[ReasonOut], lang: Lang) -> None:
    for reason in reasons:
        shown = [
            f"{r} ({t('unconfirmed_ref', lang)})" if r in reason.unconfirmed_references else r
            for r in reason.references
        ]
        refs = f" *({', '.join(shown)})*" if shown else ""
        st.markdown(f"- {reason.text}{refs}")


def show_assessment(
    assessment: Assessment, ruleset: RuleSet, lang: Lang, key_prefix: str = ""
) -> None:
    """The whole result, as it stands for the answers given so far."""
    a = assessment
    if a.recommended_route:
        st.success(f"**{t('recommended_route', lang)}:** {a.routes[a.recommended_route].label}")
    else:
        st.info(t("no_recommendation", lang))
    band = ruleset.derived_by_id["value_band"].spec.values or []
    labels = {v.id: v.label.get(lang) for v in band}
    st.caption(
        f"{t('value_band', lang)}: {labels.get(a.value_band, status_text('uncertain', lang))}"
    )
    for route_id, route in a.routes.items():
        with st.container(border=True, key=key_prefix + keys.ROUTE_CARD.key(route_id)):
            st.markdown(f"**{route.label}** — {status_text(route.status, lang)}")
            with st.expander(t("reasons", lang), expanded=route.status == "recommended"):
                if not route.variants:  # a route with variants: its reasons are theirs
                    _reasons(route.reasons, lang)
                for variant in (route.variants or {}).values():
                    st.markdown(f"**{variant.label}** — {status_text(variant.status, lang)}")
                    _reasons(variant.reasons, lang)
    if a.obligations:
        st.subheader(t("duties", lang))
        for o in a.obligations:
            note = f" *({t('may_apply', lang)})*" if o.status == "may_apply" else ""
            st.markdown(f"- {o.text}{note} *({', '.join(o.references)})*")
    if a.warnings:
        st.subheader(t("warnings", lang))
        for w in a.warnings:
            st.warning(w.text, icon=":material/warning:")
    if a.missing_facts:
        st.subheader(t("missing", lang))
        for fact in a.missing_facts:
            st.markdown(f"- {ruleset.facts[fact].label.get(lang)}")
    with st.expander(t("trace", lang)):
        rows = [
            {
                t("trace_step", lang): e.step,
                t("col_id", lang): e.id,
                t("col_target", lang): e.target or "",
                t("col_condition", lang): e.condition,
                t("trace_result", lang): e.result,
                t("trace_decisive", lang): e.decisive,
                t("trace_facts", lang): ", ".join(f"{k}={v}" for k, v in e.facts.items()),
                t("trace_amounts", lang): ", ".join(f"{x.id} ({x.valid_from})" for x in e.amounts),
            }
            for e in a.trace
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
