"""The app's interface texts: the ``ui`` catalogue (data/texts/ui.yaml), and the status icons.

Legal texts, amounts and references come from the rules, never from here.
"""

from __future__ import annotations

from procurement.core.texts import texts

__all__ = ["STATUS_ICON", "t"]

# ``t(key, lang, **params)``: the app's text ``key`` in ``lang``.
t = texts("ui")

# Shown with the status words, never instead of them. Material icons ship with Streamlit;
# the plain symbols for exported text are procurement.report.markdown.PLAIN_ICON.
STATUS_ICON = {
    "recommended": ":material/check_circle:",
    "possible": ":material/task_alt:",
    "not_possible": ":material/block:",
    "uncertain": ":material/help:",
    "met": ":material/check_circle:",
    "eligible": ":material/check_circle:",
    "not_met": ":material/block:",
    "not_eligible": ":material/block:",
    "incomplete": ":material/help:",
    "unknown": ":material/help:",
}
