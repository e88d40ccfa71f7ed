"""Leverantörskontroll: the supplier self-check, one supplier or a whole table."""

from __future__ import annotations

import streamlit as st

from procurement.core.bounded import limit_message
from procurement.core.errors import InputError
from procurement.core.limits import (
    BATCH_SECONDS,
    BATCH_SHOWN_ERRORS,
    BATCH_SHOWN_ROWS,
    TABLE_BYTES,
    shown_size,
)
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.report.check_report import CheckReport
from procurement.ui import keys
from procurement.ui.batch_run import BatchFailed, BatchOutcome, download_data, run_batch
from procurement.ui.common import json_download, lang, supplier_rules, vagval
from procurement.ui.plain import show_error
from procurement.ui.questionnaire import next_step, progress
from procurement.ui.result import status_text
from procurement.ui.state import Answers
from procurement.ui.texts import t
from procurement.ui.widgets import fact_input

__all__ = ["page"]


def _report(facts: dict[str, object], lg: Lang) -> CheckReport | None:
    try:
        return vagval().check_supplier(facts, lang=lg)
    except InputError as exc:
        show_error(exc, lg)
        return None


def show_report(report: CheckReport, lg: Lang, key_prefix: str = "") -> None:
    data = report.model_dump(mode="json")
    for check_id in report.checks:
        check = data[check_id]
        with st.container(border=True, key=key_prefix + keys.CHECK_CARD.key(check_id)):
            st.markdown(f"**{check['label']}** — {status_text(check['status'], lg)}")
            if check.get("description"):
                st.caption(check["description"])
            for note in check.get("notes", []):
                st.warning(note, icon=":material/warning:")
            for detail in check["details"].values():
                refs = f" *({', '.join(detail['references'])})*" if detail["references"] else ""
                st.markdown(
                    f"- {status_text(detail['status'], lg)} **{detail['label']}:** "
                    f"{detail['reason']}{refs}"
                )
            wanted = data["missing_evidence"][check_id]
            if wanted:
                with st.expander(t("evidence", lg)):
                    for item in wanted:
                        st.markdown(f"- {item['text']}")
    for warning in report.warnings:
        st.warning(warning.text, icon=":material/warning:")


def _single(rs: RuleSet, lg: Lang) -> None:
    ans = keys.SUPPLIER_ANSWERS.get_or(Answers)
    report = _report(ans.facts, lg)
    missing = report.missing_facts if report else []
    left, right = st.columns([5, 6], gap="large")
    with left:
        st.progress(
            progress(len(ans.facts), len(missing)), text=t("answered", lg, n=len(ans.facts))
        )
        groups: list[str] = []
        for spec in rs.facts.values():
            if spec.group and spec.group not in groups:
                groups.append(spec.group)
        for group in groups:
            facts = [f for f, spec in rs.facts.items() if spec.group == group]
            with st.expander(t(f"group_{group}", lg), expanded=group != "supplier"):
                for fact_id in facts:
                    fact_input(rs.facts[fact_id], ans, lg, keys.SUPPLIER)
        if next_step(rs, missing, set(ans.facts)) is None:
            st.info(t("step_done", lg))
        json_download(
            t("export_facts", lg), ans.as_json(), "vagval-leverantor.json", keys.SUPPLIER_EXPORT
        )
    with right:
        st.subheader(t("result", lg))
        if report is not None:
            show_report(report, lg)
            st.download_button(
                t("download_json", lg),
                report.model_dump_json(indent=2),
                file_name="vagval-leverantorskontroll.json",
                mime="application/json",
                key=keys.SUPPLIER_DOWNLOAD,
            )


def _batch(rs: RuleSet, lg: Lang) -> None:
    st.caption(t("batch_help", lg, limit=shown_size(TABLE_BYTES)))
    upload = st.file_uploader(t("batch_upload", lg), type=["csv", "xlsx"], key=keys.SUPPLIER_TABLE)
    if upload is None:
        return
    # The upload is read from memory and named as uploaded: no server path is ever shown.
    name = str(upload.name)
    if upload.size > TABLE_BYTES:
        too_large = t("upload_too_large", lg, limit=shown_size(TABLE_BYTES))
        show_error(InputError(name, too_large), lg, "import_error")
        return
    # The table is read and checked in the server's worker processes, with a progress bar
    # and a time budget (procurement.ui.batch_run); a rerun shows the same results again.
    ran_for = f"{upload.file_id}:{lg}"
    kept = keys.SUPPLIER_BATCH.get()
    if kept is not None and kept[0] == ran_for:
        outcome = kept[1]
    else:
        try:
            outcome = run_batch(upload.getvalue(), name, "suppliers", lg)
        except InputError as exc:
            show_error(exc, lg, "import_error")
            return
        except BatchFailed:
            show_error(limit_message("batch_failed", lg), lg)
            return
        keys.SUPPLIER_BATCH.set((ran_for, outcome))
    _batch_results(outcome, lg)


def _batch_results(outcome: BatchOutcome, lg: Lang) -> None:
    if outcome.timed_out:
        stopped = {"seconds": BATCH_SECONDS, "done": outcome.done, "total": outcome.total}
        st.warning(limit_message("batch_time_out", lg, **stopped), icon=":material/timer:")
    for error in outcome.errors[:BATCH_SHOWN_ERRORS]:
        show_error(error, lg)
    if len(outcome.errors) > BATCH_SHOWN_ERRORS:
        more = len(outcome.errors) - BATCH_SHOWN_ERRORS
        st.caption(limit_message("batch_more_errors", lg, more=more))
    if outcome.frame.empty:
        return
    st.dataframe(outcome.frame.head(BATCH_SHOWN_ROWS), hide_index=True, width="stretch")
    if len(outcome.frame) > BATCH_SHOWN_ROWS:
        shown = {"shown": BATCH_SHOWN_ROWS, "total": len(outcome.frame)}
        st.caption(limit_message("batch_shown_rows", lg, **shown))
    c1, c2 = st.columns(2)
    c1.download_button(
        t("download_csv", lg),
        download_data(outcome.frame, ".csv"),
        "leverantorskontroll.csv",
        mime="text/csv",
        key=keys.SUPPLIER_TABLE_CSV,
    )
    c2.download_button(
        t("download_xlsx", lg),
        download_data(outcome.frame, ".xlsx"),
        "leverantorskontroll.xlsx",
        key=keys.SUPPLIER_TABLE_XLSX,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def page() -> None:
    """Render the supplier check: a single questionnaire, or a batch upload."""
    lg = lang()
    rs = supplier_rules()
    st.title(t("page_supplier", lg))
    st.caption(t("supplier_intro", lg))
    single, batch = st.tabs([t("supplier_single", lg), t("supplier_batch", lg)])
    with single:
        _single(rs, lg)
    with batch:
        _batch(rs, lg)
