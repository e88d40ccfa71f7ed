"""Moving the keyboard focus to a heading after the page changes under the user (WCAG 2.4.3).

Streamlit re-renders the page on "Nästa"; the focus would otherwise fall back to the page's
body, and a keyboard or screen-reader user would have to find the new questions again. A
few lines of the app's own script (``st.html``, not in a frame; no user text in it) make the
heading focusable, scroll it into view and focus it. They only run on the rerun that asks
for it.
"""

from __future__ import annotations

import json

import streamlit as st

from procurement.ui import keys

__all__ = ["focus_heading", "script"]

_SCRIPT = """<script>
(function () {{
  const doc = document;
  const id = {anchor};
  let tries = 0;
  function go() {{
    const target = doc.getElementById(id);
    if (!target) {{
      if (++tries < 50) window.setTimeout(go, 40);
      return;
    }}
    const heading = target.closest("h1,h2,h3,h4,h5,h6") || target;
    heading.setAttribute("tabindex", "-1");
    heading.scrollIntoView({{block: "start"}});
    heading.focus({{preventScroll: true}});
  }}
  go();
}})();
</script><!-- {nonce} -->"""


def script(anchor: str, nonce: int) -> str:
    """The page script that focuses the heading with id ``anchor`` (``nonce`` makes each
    request a new element, so that it runs again)."""
    return _SCRIPT.format(anchor=json.dumps(anchor), nonce=int(nonce))


def focus_heading(anchor: str, nonce: int) -> None:
    """Focus the heading whose anchor is ``anchor`` once this run has rendered."""
    # A container keyed by the request makes the script a new element each time, so the
    # browser runs it again (an updated element would keep its old, already run script).
    with st.container(key=keys.FOCUS_BOX.key(str(int(nonce)))):
        st.html(script(anchor, nonce), unsafe_allow_javascript=True)
