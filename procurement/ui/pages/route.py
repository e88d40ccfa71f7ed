"""Vägval: the route questionnaire, asking only what matters, with the result beside it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from procurement.assessment import Assessment
from procurement.engine import evaluate
from procurement.errors import InputError
from procurement.examples import example_cases
from procurement.facts_input import parse_case
from procurement.formatting import format_quantity
from procurement.model.common import Lang
from procurement.render import render
from procurement.report_markdown import assessment_markdown
from procurement.ruleset import RuleSet
from procurement.ui import nav, saving
from procurement.ui.common import json_download, lang, read_json_upload, route_rules
from procurement.ui.number_field import (
    NumberSpec,
    Reading,
    number_field,
    read_number,
    set_number,
)
from procurement.ui.plain import show_error
from procurement.ui.questionnaire import first_step, next_step, progress
from procurement.ui.result import show_assessment
from procurement.ui.state import Answers, answers
from procurement.ui.texts import t
from procurement.ui.value_calculator import ValueParts, estimate
from procurement.ui.widgets import fact_input

__all__ = ["load_answers", "page"]

PREFIX = "route"
STATE = "route_answers"


def _reset_widgets() -> None:
    """Forget the questionnaire's widgets, and the memo and saved assessment of the previous
    case with them (so that saving the next case never overwrites the previous one)."""
    for key in [k for k in st.session_state if str(k).startswith((f"{PREFIX}:", "calc:", "memo:"))]:
        del st.session_state[key]
    st.session_state.pop("memo_draft", None)
    saving.forget()


# The calculator's fields: (key, text, unit); years may be parts of a year ("2,5").
_CALC_FIELDS = (
    ("calc:base", "calc_base", "SEK"),
    ("calc:years", "calc_years", "years"),
    ("calc:ext", "calc_extension_years", "years"),
    ("calc:opt", "calc_options", "SEK"),
    ("calc:prem", "calc_premiums", "SEK"),
    ("calc:sim", "calc_similar", "SEK"),
)


def _calc_specs(lg: Lang) -> list[tuple[str, NumberSpec]]:
    return [
        (key, NumberSpec(t(text, lg), minimum=0, unit=unit)) for key, text, unit in _CALC_FIELDS
    ]


def _calc_parts(readings: list[Reading]) -> ValueParts:
    return ValueParts(*(float(r.value or 0) for r in readings))


def _calculator(ans: Answers, lg: Lang) -> None:
    with st.expander(t("calculator", lg)):
        st.caption(t("calc_help", lg))
        columns = st.columns(2)
        readings = []
        for i, (key, spec) in enumerate(_calc_specs(lg)):
            with columns[i % 2]:
                readings.append(number_field(key, spec, lg, placeholder="0"))
        valid = all(r.ok for r in readings)
        parts = _calc_parts(readings)
        total, working = estimate(parts)
        fact = route_rules().facts["estimated_value_sek"]
        shown = " + ".join(format_quantity(v, "SEK", lg) for _, v in working if v)
        if valid:
            st.markdown(f"{shown or '0'} = **{format_quantity(total, 'SEK', lg)}**")
        else:
            st.caption(t("calc_fix_fields", lg))

        def use() -> None:
            # The fields as they are when the button is pressed, read again.
            now = [read_number(key, spec, lg) for key, spec in _calc_specs(lg)]
            if not all(r.ok for r in now):
                return
            value, _ = estimate(_calc_parts(now))
            ans.set(fact.id, round(value))
            set_number(f"{PREFIX}:{fact.id}", round(value), lg)

        st.button(t("calc_use", lg), on_click=use, key="calc:use", disabled=not valid or total <= 0)


def _assess(rs: RuleSet, ans: Answers, lg: Lang) -> Assessment | None:
    try:
        return render(rs, evaluate(rs, parse_case(rs, ans.facts, lang=lg)), lg)
    except InputError as exc:
        show_error(exc, lg)
        return None


def load_answers(rs: RuleSet, data: dict[str, Any], lg: Lang) -> None:
    """Replace the answers with ``data`` (validated: InputError), to be walked through again
    with Next; the widgets, the memo and the saved assessment of the previous case are
    forgotten."""
    case = parse_case(rs, data, lang=lg)
    given = {k: v for k, v in case.facts.items() if k in data}
    steps = [first_step(rs, "purchase")]
    for group in dict.fromkeys(rs.facts[f].group for f in rs.facts if f in given):
        step = tuple(f for f in rs.facts if f in given and rs.facts[f].group == group)
        if group != "purchase" and step:
            steps.append(step)
    # Start at the first step; Next walks through the loaded answers again.
    st.session_state[STATE] = Answers(facts=given, steps=steps[:1], forward=steps[:0:-1])
    _reset_widgets()


def _load(rs: RuleSet, data: dict[str, Any], lg: Lang) -> None:
    """Load answers from a file or an example, and say so on the next run."""
    load_answers(rs, data, lg)
    st.session_state["route_imported"] = True


def _keep_and_share(rs: RuleSet, ans: Answers, assessment: Assessment | None, lg: Lang) -> None:
    json_download(t("export_facts", lg), ans.as_json(), "vagval-fakta.json", "export_facts")
    upload = st.file_uploader(t("import_facts", lg), type=["json"], key="import_facts")
    if upload is not None and st.session_state.get("imported_id") != upload.file_id:
        try:
            data = read_json_upload(upload, lg)
            _load(rs, data, lg)
        except InputError as exc:
            show_error(exc, lg, "import_error")
        else:
            st.session_state["imported_id"] = upload.file_id
            st.rerun()
    examples = {e.id: e for e in example_cases()}
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    picked = c1.selectbox(
        t("load_example", lg),
        list(examples),
        index=None,
        placeholder=t("example_none", lg),
        format_func=lambda ident: examples[ident].story(lg),
        key="example_pick",
    )
    if c2.button(t("load", lg), disabled=picked is None, key="example_load") and picked:
        _load(rs, examples[picked].facts(), lg)
        st.rerun()
    if st.session_state.pop("route_imported", False):
        st.success(t("imported", lg))
    if assessment is not None:
        st.download_button(
            t("download_json", lg),
            assessment.model_dump_json(indent=2),
            file_name="vagval-bedomning.json",
            mime="application/json",
            key="download_json",
        )
        st.download_button(
            t("download_md", lg),
            assessment_markdown(assessment, rs, lg),
            file_name="vagval-bedomning.md",
            mime="text/markdown",
            key="download_md",
        )
    saving.save_panel(rs, ans, lg)


def page() -> None:
    """Render the route questionnaire and the live result."""
    lg = lang()
    rs = route_rules()
    ans = answers(st.session_state, STATE)
    if not ans.steps:
        ans.steps.append(first_step(rs, "purchase"))
    st.title(t("app_title", lg))
    st.caption(t("tagline", lg))
    saving.opened_banner(lg)
    left, right = st.columns([5, 6], gap="large")
    assessment = _assess(rs, ans, lg)
    missing = assessment.missing_facts if assessment else []
    with left:
        n = len(ans.steps)
        # Without an assessment (invalid answers) every unanswered question still counts.
        open_questions = len(missing) if assessment else len(rs.facts) - len(ans.facts)
        share = progress(len(ans.facts), open_questions)
        st.progress(share, text=t("answered", lg, n=len(ans.facts)))
        title = t("step_purchase", lg) if n == 1 else t("step_more", lg)
        ahead = len(ans.forward) or (1 if missing else 0)
        st.subheader(f"{t('step', lg, n=n, total=n + ahead)}: {title}")
        for fact_id in ans.steps[-1]:
            fact_input(rs.facts[fact_id], ans, lg, PREFIX)
            if fact_id == "estimated_value_sek":
                _calculator(ans, lg)
        asked = {f for step in ans.steps for f in step}
        upcoming = next_step(rs, missing, asked) if assessment is not None else None
        can_go = upcoming is not None or bool(ans.forward)
        c1, c2, c3 = st.columns(3)
        if c1.button(t("back", lg), disabled=n == 1, key="back"):
            ans.back()
            st.rerun()
        if c2.button(t("next", lg), disabled=not can_go, type="primary", key="next"):
            ans.next(upcoming)
            st.rerun()
        if c3.button(t("restart", lg), key="restart"):
            st.session_state[STATE] = Answers(steps=[first_step(rs, "purchase")])
            _reset_widgets()
            st.rerun()
        if assessment is not None and not can_go:
            st.info(t("step_done", lg))
        st.divider()
        _keep_and_share(rs, ans, assessment, lg)
    with right:
        st.subheader(t("result", lg))
        if assessment is not None:
            nav.link("beslutsunderlag", t("memo_to_memo", lg), ":material/description:")
            show_assessment(assessment, rs, lg)
