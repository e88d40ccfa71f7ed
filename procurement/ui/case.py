"""The case this session works on: answers loaded from a file, an example or a saved
assessment, and the previous case forgotten – its widgets, its memo and the saved assessment it
had open (so that saving the next case never overwrites the previous one).

Below the pages and ``saving``: both load answers through here, so that neither imports a page.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.ui import keys
from procurement.ui.common import vagval
from procurement.ui.questionnaire import FIRST_GROUP, first_step
from procurement.ui.state import Answers

__all__ = ["forget_case", "forget_saved", "load_answers"]


def forget_saved() -> None:
    """Nothing saved is open, and the save panel's title and notes start empty."""
    for slot in (keys.SAVED_REF, keys.SAVE_FORM, keys.SAVE_PROBLEM, keys.SAVE_DONE):
        slot.pop()
    for key in (keys.SAVE_TITLE, keys.SAVE_NOTES, keys.SAVE_NOTES_SHOWN):
        st.session_state.pop(key, None)


def forget_case() -> None:
    """Forget the questionnaire's widgets, and the memo and saved assessment of the previous
    case with them."""
    for key in [k for k in st.session_state if str(k).startswith(keys.CASE_WIDGETS)]:
        del st.session_state[key]
    keys.MEMO_DRAFT.pop()
    forget_saved()


def load_answers(rs: RuleSet, data: dict[str, Any], lg: Lang) -> None:
    """Replace the answers with ``data`` (validated: InputError), to be walked through again
    with Next; the widgets, the memo and the saved assessment of the previous case are
    forgotten."""
    case = vagval().case(data, lang=lg)
    given = {k: v for k, v in case.facts.items() if k in data}
    steps = [first_step(rs)]
    for group in dict.fromkeys(rs.facts[f].group for f in rs.facts if f in given):
        step = tuple(f for f in rs.facts if f in given and rs.facts[f].group == group)
        if group != FIRST_GROUP and step:
            steps.append(step)
    # Start at the first step; Next walks through the loaded answers again.
    keys.ROUTE_ANSWERS.set(Answers(facts=given, steps=steps[:1], forward=steps[:0:-1]))
    forget_case()
