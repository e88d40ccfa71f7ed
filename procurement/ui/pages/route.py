"""Vägval: the route questionnaire, asking only what matters, with the result beside it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from procurement.core.errors import InputError
from procurement.core.evaluation import Evaluation
from procurement.core.formatting import format_quantity
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.documents.examples import example_cases
from procurement.report.assessment import Assessment
from procurement.report.markdown import assessment_markdown
from procurement.ui import case, keys, nav, saving
from procurement.ui.common import (
    clause_library,
    json_download,
    lang,
    read_json_upload,
    route_rules,
    vagval,
)
from procurement.ui.focus import focus_heading
from procurement.ui.number_field import (
    NumberSpec,
    Reading,
    number_field,
    read_number,
    set_number,
)
from procurement.ui.plain import show_error
from procurement.ui.questionnaire import (
    FIRST_GROUP,
    MEMO_GROUP,
    REOPEN_GROUP,
    Plan,
    first_step,
    memo_candidates,
    memo_facts,
    plan,
    progress,
)
from procurement.ui.result import show_assessment
from procurement.ui.state import Answers
from procurement.ui.texts import t
from procurement.ui.value_calculator import ValueParts, estimate
from procurement.ui.widgets import fact_input

__all__ = ["page"]

# The step heading's anchor (the focus requests and the last one served: procurement.ui.keys).
STEP_ANCHOR = "vagval-steg"


# The calculator's fields: (key, text, unit); years may be parts of a year ("2,5").
_CALC_FIELDS = (
    (keys.CALC.key("base"), "calc_base", "SEK"),
    (keys.CALC.key("years"), "calc_years", "years"),
    (keys.CALC.key("ext"), "calc_extension_years", "years"),
    (keys.CALC.key("opt"), "calc_options", "SEK"),
    (keys.CALC.key("prem"), "calc_premiums", "SEK"),
    (keys.CALC.key("sim"), "calc_similar", "SEK"),
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
            set_number(keys.ROUTE.key(fact.id), round(value), lg)

        st.button(
            t("calc_use", lg), on_click=use, key=keys.CALC_USE, disabled=not valid or total <= 0
        )


def _assess(ans: Answers, lg: Lang) -> tuple[Evaluation, Assessment] | None:
    try:
        outcome = vagval().outcome(ans.facts, lang=lg)
    except InputError as exc:
        show_error(exc, lg)
        return None
    return outcome.evaluation, outcome.assessment


def _plan(rs: RuleSet, ans: Answers, evaluation: Evaluation, assessment: Assessment) -> Plan:
    library = clause_library()
    return plan(
        rs,
        missing=evaluation.missing_facts,
        open_facts=evaluation.open_facts,
        asked=ans.asked(),
        answered=set(ans.facts),
        memo_facts=memo_facts(vagval().propose(assessment, ans.facts)),
        memo_candidates=memo_candidates(library, rs),
        memo_done=ans.asked_as(MEMO_GROUP),
        recommended=assessment.recommended_route is not None,
        reopen_done=ans.asked_as(REOPEN_GROUP),
    )


def _step_title(rs: RuleSet, ans: Answers, lg: Lang) -> str:
    step = ans.steps[-1]
    group = ans.group_of_current() or (rs.facts[step[0]].group if step else None)
    return t(f"step_group_{group or FIRST_GROUP}", lg)


def _fact_labels(rs: RuleSet, facts: tuple[str, ...], lg: Lang) -> str:
    return ", ".join(f"”{rs.facts[f].label.get(lg)}”" for f in facts)


def _where_it_stands(rs: RuleSet, ans: Answers, assessment: Assessment, p: Plan, lg: Lang) -> None:
    """Done, or what the recommendation still waits for – never "done" without one."""
    if assessment.recommended_route is not None:
        if p.next is None and not ans.forward:
            st.success(t("step_done", lg), icon=":material/check_circle:")
    elif p.waiting_on and not (p.next and p.next[0] != REOPEN_GROUP) and not ans.forward:
        key = "step_waiting" if p.next else "step_waiting_again"
        st.warning(t(key, lg, facts=_fact_labels(rs, p.waiting_on, lg)))
    elif p.next is None and not ans.forward:
        st.info(t("step_stuck", lg))


def _request_focus() -> None:
    keys.FOCUS_REQUEST.set((keys.FOCUS_REQUEST.get() or 0) + 1)


def _total(ans: Answers, p: Plan | None) -> int:
    """Steps in all: those shown and ahead. Kept from the last valid answers when the answers
    cannot be assessed (an invalid date), so that it never jumps."""
    if p is not None:
        keys.STEP_TOTAL.set(len(ans.steps) + len(ans.forward) + p.remaining)
    return max(keys.STEP_TOTAL.get() or 0, len(ans.steps) + len(ans.forward))


def _load(rs: RuleSet, data: dict[str, Any], lg: Lang) -> None:
    """Load answers from a file or an example, and say so on the next run."""
    case.load_answers(rs, data, lg)
    keys.IMPORTED.set(True)


def _keep_and_share(rs: RuleSet, ans: Answers, assessment: Assessment | None, lg: Lang) -> None:
    json_download(t("export_facts", lg), ans.as_json(), "vagval-fakta.json", keys.ROUTE_EXPORT)
    upload = st.file_uploader(t("import_facts", lg), type=["json"], key=keys.ROUTE_IMPORT)
    if upload is not None and keys.IMPORTED_FILE.get() != upload.file_id:
        try:
            data = read_json_upload(upload, lg)
            _load(rs, data, lg)
        except InputError as exc:
            show_error(exc, lg, "import_error")
        else:
            keys.IMPORTED_FILE.set(upload.file_id)
            st.rerun()
    examples = {e.id: e for e in example_cases()}
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    picked = c1.selectbox(
        t("load_example", lg),
        list(examples),
        index=None,
        placeholder=t("example_none", lg),
        format_func=lambda ident: examples[ident].story(lg),
        key=keys.ROUTE_EXAMPLE,
    )
    if c2.button(t("load", lg), disabled=picked is None, key=keys.ROUTE_EXAMPLE_LOAD) and picked:
        _load(rs, examples[picked].facts(), lg)
        st.rerun()
    if keys.IMPORTED.pop():
        st.success(t("imported", lg))
    if assessment is not None:
        st.download_button(
            t("download_json", lg),
            assessment.model_dump_json(indent=2),
            file_name="vagval-bedomning.json",
            mime="application/json",
            key=keys.ROUTE_DOWNLOAD_JSON,
        )
        st.download_button(
            t("download_md", lg),
            assessment_markdown(assessment, rs, lg),
            file_name="vagval-bedomning.md",
            mime="text/markdown",
            key=keys.ROUTE_DOWNLOAD_MD,
        )
    saving.save_panel(rs, ans, lg)


def page() -> None:
    """Render the route questionnaire and the live result."""
    lg = lang()
    rs = route_rules()
    ans = keys.ROUTE_ANSWERS.get_or(Answers)
    if not ans.steps:
        ans.steps.append(first_step(rs))
    st.title(t("app_title", lg))
    st.caption(t("tagline", lg))
    saving.opened_banner(lg)
    left, right = st.columns([5, 6], gap="large")
    assessed = _assess(ans, lg)
    assessment = assessed[1] if assessed else None
    p = _plan(rs, ans, *assessed) if assessed else None
    with left:
        n = len(ans.steps)
        missing = assessment.missing_facts if assessment else []
        # Without an assessment (invalid answers) every unanswered question still counts.
        open_questions = len(missing) if assessment else len(rs.facts) - len(ans.facts)
        share = progress(len(ans.facts), open_questions)
        st.progress(share, text=t("answered", lg, n=len(ans.facts)))
        heading = f"{t('step', lg, n=n, total=_total(ans, p))}: {_step_title(rs, ans, lg)}"
        st.subheader(heading, anchor=STEP_ANCHOR)
        requested = keys.FOCUS_REQUEST.get() or 0
        if requested != (keys.FOCUS_SERVED.get() or 0):
            keys.FOCUS_SERVED.set(requested)
            focus_heading(STEP_ANCHOR, requested)
        for fact_id in ans.steps[-1]:
            fact_input(rs.facts[fact_id], ans, lg, keys.ROUTE)
            if fact_id == "estimated_value_sek":
                _calculator(ans, lg)
        upcoming = p.next if p is not None else None
        can_go = upcoming is not None or bool(ans.forward)
        c1, c2, c3 = st.columns(3)
        if c1.button(t("back", lg), disabled=n == 1, key=keys.ROUTE_BACK):
            ans.back()
            _request_focus()
            st.rerun()
        if c2.button(t("next", lg), disabled=not can_go, type="primary", key=keys.ROUTE_NEXT):
            if upcoming is None:
                ans.next(None)
            else:
                group, facts = upcoming
                own = rs.facts[facts[0]].group
                ans.next(facts, group if group != own else None)
            _request_focus()
            st.rerun()
        if c3.button(t("restart", lg), key=keys.ROUTE_RESTART):
            keys.ROUTE_ANSWERS.set(Answers(steps=[first_step(rs)]))
            case.forget_case()
            _request_focus()
            st.rerun()
        if assessment is not None and p is not None:
            _where_it_stands(rs, ans, assessment, p, lg)
        st.divider()
        _keep_and_share(rs, ans, assessment, lg)
    with right:
        st.subheader(t("result", lg))
        if assessment is not None:
            nav.link("beslutsunderlag", t("memo_to_memo", lg), ":material/description:")
            show_assessment(assessment, rs, lg)
