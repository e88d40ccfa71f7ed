"""Vägval, the Streamlit app: a minimal page that assesses a facts file or the example cases.

The full questionnaire comes with the app issue; this page already uses the same engine.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from procurement.api import default_ruleset
from procurement.engine import evaluate
from procurement.errors import VagvalError
from procurement.facts_input import parse_case
from procurement.render import render

EXAMPLES = Path(__file__).parent / "data" / "examples"
STATUS = {
    "sv": {
        "recommended": "rekommenderas",
        "possible": "möjlig",
        "not_possible": "inte möjlig",
        "uncertain": "osäker",
    },
    "en": {
        "recommended": "recommended",
        "possible": "possible",
        "not_possible": "not possible",
        "uncertain": "uncertain",
    },
}


@st.cache_resource
def _rules():
    return default_ruleset()


def main() -> None:
    """Render the page."""
    st.set_page_config(page_title="Vägval", page_icon="🧭", layout="wide")
    lang = st.radio("Språk / Language", ["sv", "en"], horizontal=True, key="lang")
    sv = lang == "sv"
    st.title("Vägval")
    st.caption(
        "Beslutsstöd för socialt ansvarsfull upphandling. Kontrollera aktuella regler på "
        "upphandlingsmyndigheten.se."
        if sv
        else "Decision support for socially responsible procurement. Check current rules at "
        "upphandlingsmyndigheten.se."
    )
    rs = _rules()
    names = sorted(p.name for p in EXAMPLES.glob("*.json"))
    choice = st.selectbox("Exempelfall" if sv else "Example case", names, key="example")
    upload = st.file_uploader(
        "…eller ladda upp en faktafil (JSON)" if sv else "…or upload a facts file (JSON)",
        type=["json"],
        key="upload",
    )
    try:
        if upload is not None:
            if upload.size > 1024 * 1024:
                raise VagvalError("file larger than 1 MB" if not sv else "filen är större än 1 MB")
            facts = json.loads(upload.getvalue().decode("utf-8"))
        else:
            facts = json.loads((EXAMPLES / choice).read_text(encoding="utf-8"))
        assessment = render(rs, evaluate(rs, parse_case(rs, facts, lang=lang)), lang)
    except (VagvalError, ValueError) as exc:
        st.error(str(exc))
        return
    st.subheader(
        ("Rekommenderad väg: " if sv else "Recommended route: ")
        + (
            assessment.routes[assessment.recommended_route].label
            if assessment.recommended_route
            else ("ingen ännu" if sv else "none yet")
        )
    )
    for route in assessment.routes.values():
        status = STATUS[lang][route.status]
        with st.expander(f"{route.label} — {status}", expanded=route.status == "recommended"):
            for reason in route.reasons:
                st.markdown(f"- {reason.text} *({', '.join(reason.references)})*")
    if assessment.obligations:
        st.subheader("Skyldigheter" if sv else "Duties")
        for item in assessment.obligations:
            st.markdown(f"- {item.text} *({', '.join(item.references)})*")
    if assessment.warnings:
        st.subheader("Varningar" if sv else "Warnings")
        for item in assessment.warnings:
            st.warning(item.text)
    with st.expander("Spårning" if sv else "Trace"):
        st.json(assessment.model_dump(mode="json")["trace"], expanded=False)


main()
