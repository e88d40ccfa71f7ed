"""Seminarium: a scenario for the room, a vote, the reveal with reasons, what-if controls,
the decision tree and a handout."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pandas as pd
import streamlit as st

from procurement.core.errors import InputError
from procurement.core.formatting import format_fact_value
from procurement.core.model import Fact
from procurement.core.model.common import Lang
from procurement.documents.memo.output import MIME, markdown_bytes, memo_bytes
from procurement.documents.seminar.answer import Answer, answer
from procurement.documents.seminar.handout import handout, question
from procurement.documents.seminar.scenario import Scenario, ScenarioBank, load_scenarios
from procurement.documents.seminar.tree import decision_tree_svg
from procurement.documents.seminar.vote import correct_option, tally, vote_options
from procurement.ui import keys
from procurement.ui.common import lang, route_rules, supplier_rules
from procurement.ui.number_field import NumberSpec, number_field
from procurement.ui.pages.supplier import show_report
from procurement.ui.plain import show_error
from procurement.ui.result import show_assessment
from procurement.ui.texts import t

__all__ = ["page", "story_html"]

_INVALID = object()  # a what-if number that could not be read


@st.cache_resource
def scenario_bank() -> ScenarioBank:
    """The scenario bank, loaded and checked against both rule sets once per server."""
    return load_scenarios(route_rules(), supplier_rules())


def _answer(scenario: Scenario, lg: Lang, overrides: dict[str, Any] | None = None) -> Answer:
    return answer(scenario, route_rules(), supplier_rules(), lg, overrides)


def _label(scenario: Scenario, result: Answer, lg: Lang) -> str:
    """The answer in words: the route (and variant), or the supplier's standing."""
    options = vote_options(scenario, route_rules(), lg)
    label = options[correct_option(scenario, result)]
    target = result.target
    if scenario.kind == "route" and target and "." in target and result.assessment:
        route_id, _, variant_id = target.partition(".")
        variants = result.assessment.routes[route_id].variants or {}
        label = f"{label}: {variants[variant_id].label}"
    return label


def story_html(story: str) -> str:
    """The story, large for the projector, as one line of HTML: its text escaped and its
    line breaks ``<br>``, so that no blank line ends the HTML block and lets Markdown read
    the rest (a link or an image in a scenario file stays text)."""
    lines = "<br>".join(html.escape(line) for line in story.splitlines())
    return f'<div class="vagval-story" style="font-size:1.45rem;line-height:1.55">{lines}</div>'


def _story(scenario: Scenario, lg: Lang) -> None:
    st.header(scenario.title.get(lg))
    st.markdown(story_html(scenario.story.get(lg)), unsafe_allow_html=True)
    st.subheader(question(scenario, lg))


def _votes(scenario: Scenario, lg: Lang) -> dict[str, int]:
    st.markdown(f"**{t('sem_vote', lg)}**")
    options = vote_options(scenario, route_rules(), lg)
    columns = st.columns(len(options))
    votes: dict[str, int] = {}
    # The counts live in the page's own state: widget keys are dropped when another
    # scenario is shown, the room's votes must not be.
    kept = keys.SEMINAR_VOTES.get_or(dict).setdefault(scenario.id, {})
    for column, (option, label) in zip(columns, options.items(), strict=True):
        with column:
            reading = number_field(
                keys.SEMINAR_VOTE.key(scenario.id, option),
                NumberSpec(label, integer=True, minimum=0),
                lg,
                initial=kept.get(option, 0),
                echo=False,
            )
        votes[option] = int(reading.value or 0)  # a count that cannot be read counts none
        kept[option] = votes[option]
    return votes


def _what_if_input(scenario: Scenario, fact: Fact, lg: Lang) -> Any:
    key = keys.SEMINAR_WHAT_IF.key(scenario.id, fact.id)
    label = fact.label.get(lg)
    value = scenario.facts.get(fact.id)
    if fact.type in ("number", "integer"):
        minimum = fact.minimum if fact.minimum is not None else 0
        spec = NumberSpec(label, integer=fact.type == "integer", minimum=minimum, unit=fact.unit)
        reading = number_field(key, spec, lg, initial=value)
        return reading.value if reading.ok else _INVALID
    if fact.type == "date":
        day = dt.date.fromisoformat(str(value)) if value else None
        rs = route_rules() if scenario.kind == "route" else supplier_rules()
        return st.date_input(
            label,
            value=day,
            min_value=rs.meta.supported_from,
            max_value=dt.date(rs.meta.checked_until.year + 5, 12, 31),
            key=key,
            format="YYYY-MM-DD",
        )
    options: list[Any] = [True, False, None] if fact.type == "bool" else [*fact.value_ids(), None]

    def shown(v: Any) -> str:
        if v is None:
            return t("unknown_option", lg)
        return format_fact_value(fact, v, lg, t("yes", lg), t("no", lg))

    index = options.index(value) if value in options else len(options) - 1
    return st.selectbox(label, options, index=index, format_func=shown, key=key)


def _what_if(scenario: Scenario, before: Answer, lg: Lang) -> Answer:
    """Controls for the scenario's what-if facts; the answer with their values."""
    if not scenario.what_if:
        return before
    st.subheader(t("sem_what_if", lg))
    st.caption(t("sem_what_if_help", lg))
    rs = route_rules() if scenario.kind == "route" else supplier_rules()
    columns = st.columns(min(len(scenario.what_if), 4))
    overrides: dict[str, Any] = {}
    for i, fact_id in enumerate(scenario.what_if):
        with columns[i % len(columns)]:
            overrides[fact_id] = _what_if_input(scenario, rs.facts[fact_id], lg)
    if any(v is _INVALID for v in overrides.values()):
        return before  # the field says what to correct; nothing is guessed meanwhile
    if all(overrides[k] == scenario.facts.get(k) for k in overrides):
        return before
    try:
        after = _answer(scenario, lg, overrides)
    except InputError as exc:
        show_error(exc, lg)
        return before
    old, new = _label(scenario, before, lg), _label(scenario, after, lg)
    if new != old:
        st.warning(t("sem_changed", lg, before=old, after=new), icon=":material/swap_horiz:")
    else:
        st.info(t("sem_unchanged", lg, answer=new), icon=":material/check:")
    with st.expander(t("sem_reasons_what_if", lg)):
        if after.assessment is not None:
            show_assessment(after.assessment, route_rules(), lg, key_prefix=keys.WHAT_IF_RESULT)
        elif after.report is not None:
            show_report(after.report, lg, key_prefix=keys.WHAT_IF_RESULT)
    return after


def _reveal(scenario: Scenario, result: Answer, votes: dict[str, int], lg: Lang) -> Answer:
    correct = correct_option(scenario, result)
    st.success(f"**{t('sem_answer', lg)}:** {_label(scenario, result, lg)}")
    counted = tally(votes, correct)
    if counted.total:
        share = f"{round(100 * (counted.share_right or 0))} %"
        st.markdown(t("sem_tally", lg, right=counted.right, total=counted.total, share=share))
        options = vote_options(scenario, route_rules(), lg)
        frame = pd.DataFrame(
            {t("sem_votes_column", lg): [votes.get(o, 0) for o in options]},
            index=[f"✔ {label}" if o == correct else label for o, label in options.items()],
        )
        st.bar_chart(frame, horizontal=True, sort=False)
    with st.expander(t("sem_reasons", lg), expanded=True):
        if result.assessment is not None:
            show_assessment(result.assessment, route_rules(), lg)
        elif result.report is not None:
            show_report(result.report, lg)
    with st.expander(t("sem_notes", lg)):
        st.markdown(f"**{t('sem_discuss', lg)}:** {scenario.notes.discuss.get(lg)}")
        st.markdown(f"**{t('sem_mistake', lg)}:** {scenario.notes.mistake.get(lg)}")
    return _what_if(scenario, result, lg)


def _materials(scenario: Scenario, result: Answer, shown: Answer | None, lg: Lang) -> None:
    """Handouts and the decision tree; ``shown`` is the answer whose path the tree highlights
    (None before the reveal, so the picture does not give the answer away)."""
    st.subheader(t("sem_materials", lg))
    doc = handout(scenario, result, lg)
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        t("sem_handout_md", lg),
        markdown_bytes(doc),
        file_name=f"{scenario.id}.md",
        mime="text/markdown",
        key=keys.SEMINAR_HANDOUT_MD,
        icon=":material/article:",
    )
    c2.download_button(
        t("sem_handout_pdf", lg),
        data=lambda: memo_bytes(doc, "pdf"),
        file_name=f"{scenario.id}.pdf",
        mime=MIME["pdf"],
        key=keys.SEMINAR_HANDOUT_PDF,
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )
    if scenario.kind == "route":
        svg = decision_tree_svg(route_rules(), lg, shown.assessment if shown else None)
        c3.download_button(
            t("sem_tree_svg", lg),
            svg,
            file_name=f"beslutstrad-{scenario.id}.svg",
            mime="image/svg+xml",
            key=keys.SEMINAR_TREE_SVG,
            icon=":material/account_tree:",
        )
        with st.expander(t("sem_tree", lg)):
            st.caption(t("sem_tree_help", lg))
            st.image(svg, width="stretch")


def page() -> None:
    """Render the seminar page."""
    lg = lang()
    bank = scenario_bank()
    st.title(t("sem_title", lg))
    st.caption(t("sem_intro", lg, n=len(bank)))
    scenarios = bank.scenarios
    picked = st.selectbox(
        t("sem_pick", lg),
        list(scenarios),
        format_func=lambda ident: scenarios[ident].title.get(lg),
        key=keys.SEMINAR_SCENARIO,
    )
    scenario = scenarios[picked]
    result = _answer(scenario, lg)
    _story(scenario, lg)
    votes = _votes(scenario, lg)
    revealed = keys.SEMINAR_REVEALED.get_or(set)
    is_open = scenario.id in revealed
    if st.button(
        t("sem_hide" if is_open else "sem_reveal", lg),
        type="secondary" if is_open else "primary",
        key=keys.SEMINAR_REVEAL,
        icon=":material/visibility_off:" if is_open else ":material/visibility:",
    ):
        revealed.symmetric_difference_update({scenario.id})
        st.rerun()
    shown = _reveal(scenario, result, votes, lg) if is_open else None
    st.divider()
    _materials(scenario, result, shown, lg)
