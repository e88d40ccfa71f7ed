"""Regler och källor: every dated amount and every rule, searchable, with sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from procurement.authoring.catalogue import amount_rows, rule_rows
from procurement.ui import keys
from procurement.ui.common import lang, route_rules, supplier_rules
from procurement.ui.texts import t

__all__ = ["page"]


def _headers(frame: pd.DataFrame, lg: str) -> pd.DataFrame:
    return frame.rename(columns={c: t(f"col_{c}", lg) for c in frame.columns})  # type: ignore[arg-type]


def _filter(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    if not query:
        return frame
    text = frame.astype(str).apply(lambda row: " ".join(row).lower(), axis=1)
    return frame[text.str.contains(query.lower(), regex=False)]


def page() -> None:
    """Render the tables of amounts and rules of both rule sets."""
    lg = lang()
    st.title(t("page_rules", lg))
    st.caption(t("check_current", lg))
    query = st.text_input(t("search", lg), key=keys.RULES_SEARCH)
    for rs in (route_rules(), supplier_rules()):
        st.header(rs.meta.title.get(lg))
        st.caption(
            f"{rs.version} · {t('reviewed', lg)} {rs.meta.reviewed} · "
            f"{t('checked_until', lg)} {rs.meta.checked_until}"
        )
        amounts = pd.DataFrame([vars(r) for r in amount_rows(rs, lg)])
        st.subheader(t("amounts", lg))
        if rs.local_periods:
            items = "; ".join(
                f"{rs.amounts[p.amount].label.get(lg)} {p.valid_from} ({p.where()})"
                for p in rs.local_periods
            )
            st.info(t("local_amounts_notice", lg, items=items), icon=":material/edit_note:")
        else:
            amounts = amounts.drop(columns=["entered_locally"])
        st.dataframe(
            _headers(_filter(amounts, query), lg),
            hide_index=True,
            width="stretch",
            column_config={t("col_url", lg): st.column_config.LinkColumn(t("col_url", lg))},
        )
        rules = pd.DataFrame([vars(r) for r in rule_rows(rs)])
        st.subheader(t("rules", lg))
        st.dataframe(_headers(_filter(rules, query), lg), hide_index=True, width="stretch")
