"""Beslutsunderlag: choose the route, pick and fill clauses, explain what is not used, and
download the decision memo as DOCX or PDF."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from procurement.clauses.fill import amount_texts, fill_text
from procurement.clauses.library import ClauseLibrary
from procurement.clauses.model import Clause, Variable
from procurement.clauses.propose import Proposal
from procurement.core.errors import InputError
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.documents.memo.build import Prepared, build_memo, open_options, prepare
from procurement.documents.memo.choices import check_choices, parse_choices
from procurement.documents.memo.output import MIME, check_choices_shown, check_document, memo_bytes
from procurement.report.assessment import chosen_target
from procurement.report.markdown import PLAIN_ICON
from procurement.ui import keys, nav, saving
from procurement.ui.common import clause_library, json_download, lang, read_json_upload, route_rules
from procurement.ui.memo_state import DETAILS, MemoDraft
from procurement.ui.number_field import NumberSpec, number_field
from procurement.ui.plain import plain, plain_params, show_error
from procurement.ui.state import Answers
from procurement.ui.texts import t

__all__ = ["page"]

mt = texts("memo")


def _bound(key: str, initial: Any) -> None:
    """Give a widget its value from the draft when Streamlit has forgotten it."""
    if key not in st.session_state:
        st.session_state[key] = initial


def _reset_widgets() -> None:
    for key in [k for k in st.session_state if str(k).startswith(keys.MEMO)]:
        del st.session_state[key]


def _targets(prepared: Prepared) -> list[tuple[str, str, str]]:
    """(target, label, status) for every route and variant that is not ruled out."""
    out: list[tuple[str, str, str]] = []
    for route_id, route in prepared.recommended.routes.items():
        parts = (
            [
                (f"{route_id}.{v}", f"{route.label}: {var.label}", var.status)
                for v, var in route.variants.items()
            ]
            if route.variants
            else [(route_id, route.label, route.status)]
        )
        out += [p for p in parts if p[2] != "not_possible"]
    return out


def _route_step(prepared: Prepared, draft: MemoDraft, lg: Lang) -> None:
    st.subheader(t("memo_step_route", lg))
    options = _targets(prepared)
    recommended = chosen_target(prepared.recommended)
    if not options:
        st.warning(t("memo_no_routes", lg))
        return
    ids = [o[0] for o in options]
    shown = {o[0]: f"{o[1]} — {PLAIN_ICON[o[2]]} {t(f'status_{o[2]}', lg)}" for o in options}
    key = keys.MEMO_ROUTE
    if st.session_state.get(key) not in ids:
        st.session_state[key] = prepared.target if prepared.target in ids else None

    def store() -> None:
        draft.route = st.session_state[key]

    st.selectbox(
        t("memo_route_label", lg),
        ids,
        key=key,
        format_func=lambda v: shown[v],
        index=None,
        placeholder=t("memo_choose_route", lg),
        help=t("memo_route_help", lg),
        on_change=store,
    )
    if prepared.target and prepared.target != recommended:
        _text_area(
            "route_reason",
            t("memo_route_reason", lg),
            draft.route_reason,
            lambda v: setattr(draft, "route_reason", v),
            t("memo_route_reason_help", lg),
        )


def _text_area(
    name: str, label: str, initial: str, store: Callable[[str], None], help_text: str = ""
) -> None:
    key = keys.MEMO.key(name)
    _bound(key, initial)
    st.text_area(
        label,
        key=key,
        max_chars=4000,
        help=help_text or None,
        on_change=lambda: store(st.session_state[key]),
    )


def _variable_input(clause: Clause, var: Variable, draft: MemoDraft, lg: Lang) -> None:
    key = keys.MEMO.key("var", clause.id, var.id)
    label = var.label.get(lg)
    help_text = var.help.get(lg) if var.help else None
    if var.type in ("integer", "number"):
        spec = NumberSpec(
            label,
            integer=var.type == "integer",
            minimum=var.minimum,
            maximum=var.maximum,
            unit=var.unit,
        )
        number_field(
            key,
            spec,
            lg,
            initial=draft.values(clause.id).get(var.id),
            on_value=lambda value: draft.set_value(clause.id, var.id, value),
            help=help_text,
            placeholder=t("memo_value_placeholder", lg),
            unanswered=True,
        )
        return
    _bound(key, draft.values(clause.id).get(var.id))

    def store() -> None:
        draft.set_value(clause.id, var.id, st.session_state[key])

    if var.type == "text":
        st.text_input(label, key=key, max_chars=var.max_length, help=help_text, on_change=store)
    else:
        labels = {c.id: c.label.get(lg) for c in var.choices or []}
        st.selectbox(
            label,
            list(labels),
            key=key,
            index=None,
            format_func=lambda v: labels[v],
            help=help_text,
            on_change=store,
        )


def _clause_card(proposal: Proposal, draft: MemoDraft, amounts: dict[str, str], lg: Lang) -> None:
    clause = proposal.clause
    key = keys.MEMO.key("take", clause.id)
    _bound(key, clause.id in draft.taken_ids())
    with st.container(border=True, key=keys.MEMO_CLAUSE_BOX.key(clause.id)):
        title = clause.title.get(lg)
        st.checkbox(
            f"**{title}**",
            key=key,
            on_change=lambda: draft.take(clause.id, st.session_state[key]),
        )
        refs = "; ".join(
            r.ref if r.verified else f"{r.ref} ({mt('unconfirmed', lg)})" for r in clause.references
        )
        facts = [
            mt(f"placement_{clause.placement}", lg),
            mt(f"level_{clause.level}", lg),
            refs,
        ]
        st.caption(" · ".join(facts))
        if proposal.required:
            st.markdown(f":red-badge[{t('memo_required', lg)}]")
        if proposal.depends_on:
            labels = ", ".join(route_rules().facts[f].label.get(lg) for f in proposal.depends_on)
            st.caption(t("memo_depends_on", lg, facts=labels))
        if st.session_state[key]:
            columns = st.columns(2) if len(clause.variables) > 1 else [st.container()]
            for i, var in enumerate(clause.variables):
                with columns[i % len(columns)]:
                    _variable_input(clause, var, draft, lg)
            try:
                text = fill_text(clause, draft.values(clause.id), lg, amounts=amounts)
            except InputError as exc:
                st.info(plain(exc.detail), icon=":material/edit:")
            else:
                # The text holds the values typed: shown as written, quoted.
                st.markdown("\n".join(f"> {plain(line)}" for line in text.splitlines()))
        with st.expander(t("memo_clause_details", lg)):
            st.markdown(f"**{mt('verification', lg)}** {clause.verification.get(lg)}")
            st.markdown(f"**{mt('proportionality', lg)}** {clause.proportionality.get(lg)}")
            for source in clause.sources:
                note = "" if source.verified else f" ({mt('unconfirmed', lg)})"
                st.caption(f"{source.title} – {source.url or ''}{note}")


def _clause_step(rs: RuleSet, prepared: Prepared, draft: MemoDraft, lg: Lang) -> None:
    st.subheader(t("memo_step_clauses", lg))
    if not prepared.proposals:
        st.info(t("memo_no_proposals", lg))
        return
    st.caption(t("memo_clauses_intro", lg, n=len(prepared.proposals)))
    amounts = amount_texts(rs, prepared.case.as_of, lg)
    groups: dict[str, list[Proposal]] = {}
    for p in prepared.proposals:
        groups.setdefault(p.clause.category, []).append(p)
    for category, proposals in groups.items():
        # A stable label: an expander whose label changes is drawn anew, folded.
        label = f"{mt(f'category_{category}', lg)} ({len(proposals)})"
        taken = any(p.clause.id in draft.taken_ids() for p in proposals)
        with st.expander(label, expanded=taken or any(p.required for p in proposals)):
            for proposal in proposals:
                _clause_card(proposal, draft, amounts, lg)


def _explain_step(prepared: Prepared, draft: MemoDraft, lg: Lang) -> list[str]:
    st.subheader(t("memo_step_explain", lg))
    taken = [c for c in draft.taken_ids()]
    options = open_options(prepared.proposals, taken)
    if not options:
        st.success(mt("no_declined", lg))
        return []
    st.caption(t("memo_explain_intro", lg))
    for option in options:
        title = (
            f"{option.clause.title.get(lg)} {mt('mandatory_note', lg)}"
            if option.clause
            else mt(f"category_{option.category}", lg)
        )
        _text_area(
            f"explain:{option.key}",
            title,
            draft.declined.get(option.key, ""),
            partial(draft.declined.__setitem__, option.key),
        )
    return [o.key for o in options]


def _details_step(draft: MemoDraft, lg: Lang) -> None:
    st.subheader(t("memo_step_details", lg))
    c1, c2 = st.columns(2)
    for i, name in enumerate(DETAILS):
        key = keys.MEMO.key("detail", name)
        _bound(key, draft.details.get(name, ""))
        (c1 if i % 2 == 0 else c2).text_input(
            mt(name, lg) if name != "title" else t("memo_case_title", lg),
            key=key,
            max_chars=200,
            on_change=lambda n=name, k=key: draft.details.__setitem__(n, st.session_state[k]),
        )


def _save_and_load(rs: RuleSet, library: ClauseLibrary, choices: dict[str, Any], lg: Lang) -> None:
    c1, c2 = st.columns(2)
    json_download(
        t("memo_save_choices", lg),
        choices,
        "vagval-klausulval.json",
        keys.MEMO_SAVE_CHOICES,
        where=c1,
        icon=":material/save:",
    )
    upload = c2.file_uploader(t("memo_load_choices", lg), type=["json"], key=keys.MEMO_UPLOAD)
    if upload is not None and keys.MEMO_UPLOADED.get() != upload.file_id:
        try:
            loaded = parse_choices(read_json_upload(upload, lg), lg)
            # What the rules or the library do not know could never be saved (nor removed
            # here, as only proposed clauses are shown): refused, naming the field.
            check_choices(rs, library, loaded, lg)
        except InputError as exc:
            show_error(exc, lg, "memo_load_error")
        else:
            keys.MEMO_UPLOADED.set(upload.file_id)
            keys.MEMO_DRAFT.set(MemoDraft.from_choices(loaded))
            _reset_widgets()
            st.rerun()


def _download_step(
    rs: RuleSet,
    library: ClauseLibrary,
    prepared: Prepared,
    facts: dict[str, Any],
    choices: dict[str, Any],
    lg: Lang,
) -> None:
    st.subheader(t("memo_step_download", lg))
    try:
        parsed = parse_choices(choices, lg)
        memo = build_memo(rs, library, facts, parsed, lg, prepared=prepared)
    except InputError as exc:
        show_error(exc, lg, "memo_invalid")
        return
    for alert in memo.alerts:
        st.error(alert, icon=":material/gavel:")
    if memo.draft:
        st.warning(
            t("memo_is_draft", lg, n=len(memo.draft))
            + "\n\n"
            + "\n".join(f"- {item}" for item in memo.draft),
            icon=":material/edit_note:",
        )
    else:
        st.success(t("memo_complete", lg), icon=":material/task_alt:")
    document = memo.document
    c1, c2 = st.columns(2)
    for column, fmt, icon in (
        (c1, "docx", ":material/article:"),
        (c2, "pdf", ":material/picture_as_pdf:"),
    ):
        # The file is made when the button is pressed; what could stop it is checked now,
        # so that the button is never one that silently does nothing.
        try:
            check_choices_shown(parsed, fmt, lg)
            check_document(document, fmt)
        except InputError as exc:
            text = plain_params("memo_write_failed", lg, fmt=fmt.upper(), error=str(exc))
            column.error(text, icon=":material/block:")
            continue
        column.download_button(
            t(f"memo_download_{fmt}", lg),
            data=partial(memo_bytes, document, fmt),
            file_name=f"vagval-beslutsunderlag.{fmt}",
            mime=MIME[fmt],
            key=keys.MEMO_DOWNLOAD.key(fmt),
            type="primary",
            icon=icon,
            on_click="ignore",
        )


def page() -> None:
    """Render the memo step for the answers given on the route page."""
    lg = lang()
    rs = route_rules()
    library = clause_library()
    st.title(t("memo_title", lg))
    st.caption(t("memo_intro", lg))
    saving.opened_banner(lg)
    ans = keys.ROUTE_ANSWERS.get_or(Answers)
    if not ans.facts:
        st.info(t("memo_no_answers", lg))
        nav.link("vagval", t("memo_go_questions", lg), ":material/explore:")
        return
    draft = keys.MEMO_DRAFT.get_or(MemoDraft)
    facts = ans.as_json()
    try:
        prepared = prepare(rs, library, facts, draft.route, lg)
    except InputError as exc:
        if exc.field != "route":
            show_error(exc, lg)
            nav.link("vagval", t("memo_go_questions", lg), ":material/explore:")
            return
        # The answers changed and the saved route no longer fits: start from Vägval's.
        st.warning(plain_params("memo_route_reset", lg, error=exc.detail))
        draft.route = None
        st.session_state.pop(keys.MEMO_ROUTE, None)
        prepared = prepare(rs, library, facts, None, lg)
    _route_step(prepared, draft, lg)
    proposed = {p.clause.id for p in prepared.proposals}
    dropped = [c for c in draft.taken_ids() if c not in proposed]
    if dropped:
        titles = ", ".join(
            library.clauses[c].title.get(lg) for c in dropped if c in library.clauses
        )
        st.warning(t("memo_dropped", lg, clauses=titles), icon=":material/info:")
    _clause_step(rs, prepared, draft, lg)
    open_keys = _explain_step(prepared, draft, lg)
    _details_step(draft, lg)
    choices = draft.choices([p.clause.id for p in prepared.proposals], open_keys)
    _download_step(rs, library, prepared, facts, choices, lg)
    st.divider()
    _save_and_load(rs, library, choices, lg)
    saving.save_panel(rs, ans, lg)
