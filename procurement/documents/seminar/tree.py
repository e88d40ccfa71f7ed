"""The decision tree as an SVG picture, drawn from the rules (never by hand), for slides.

From the top: the value bands (the cases of the derived value ``value_band``), then one
column per target (a route, or one variant of it) with its rules in the order the engine
tries them, each followed by "else" down to the next and the target's default at the
bottom, and last the recommendations in rank order ("the first that holds").

Given an :class:`Assessment`, its trace is drawn on the tree: the decisive rules framed in
green (✔), rules that do not hold greyed (✖), unknown ones amber (?), and the recommended
target's column and recommendation highlighted. The markers make it read in black and white.
The layout is plain arithmetic: fixed column widths, heights from the wrapped lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from procurement.core.model.common import Lang, Reference
from procurement.core.ruleset import Compiled, RuleSet, Target
from procurement.core.texts import texts
from procurement.report.assessment import Assessment, TraceOut

__all__ = ["MARKERS", "decision_tree_svg"]

# Layout, in px.
COL_W = 260
GAP = 36
MARGIN = 28
PAD = 10
ARROW = 30
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# Font sizes and their line heights.
SIZES: dict[str, tuple[float, float]] = {
    "title": (22, 28),
    "h2": (16, 22),
    "head": (13.5, 17),
    "id": (12, 16),
}
SIZES |= {"cond": (12.5, 16), "status": (12.5, 17), "small": (10.5, 13.5)}

# Plain Unicode text markers, so the path reads without colour.
MARKERS = {"decisive": "✔", "held": "✔", "false": "✖", "unknown": "?"}

# Box styles per class: fill, stroke, stroke width, dash, opacity.
STYLES: dict[str, tuple[str, str, float, str | None, float]] = {
    "untried": ("#ffffff", "#5f6b7a", 1.2, None, 1.0),
    "decisive": ("#e6f4ea", "#1e7b34", 3.5, None, 1.0),
    "held": ("#f1f8f2", "#1e7b34", 2.0, "6 3", 1.0),
    "false": ("#f3f3f3", "#a0a0a0", 1.0, None, 0.55),
    "unknown": ("#fff3dc", "#c77700", 2.5, "7 4", 1.0),
}
STATUS_COLOUR = {
    "recommended": "#1e7b34",
    "possible": "#1e5b9b",
    "not_possible": "#a12622",
    "uncertain": "#9a5b00",
}

# The picture's own words are the seminar catalogue's ``tree_*`` texts (legal texts, labels
# and conditions come from the rules); the status words are the report's.
_T = texts("seminar")
_STATUS = texts("report")


def _pieces(word: str, chars: int) -> list[str]:
    """A word too long for a line, cut after '_' or '.' where possible."""
    out: list[str] = []
    while len(word) > chars:
        cut = max(word.rfind("_", 0, chars), word.rfind(".", 0, chars)) + 1 or chars
        out.append(word[:cut])
        word = word[cut:]
    return [*out, word]


def _wrap(text: str, size: str, width: float = COL_W - 2 * PAD, bold: bool = False) -> list[str]:
    """``text`` in lines that fit ``width`` (an estimate: no font metrics here)."""
    chars = max(8, int(width / (SIZES[size][0] * (0.6 if bold else 0.56))))
    lines: list[str] = []
    line = ""
    for word in text.split():
        for i, piece in enumerate(_pieces(word, chars)):
            joined = line + piece if i or not line else f"{line} {piece}"
            if line and len(joined) > chars:
                lines.append(line)
                joined = piece
            line = joined
    return [*lines, line]


@dataclass
class _Svg:
    """The drawing so far, as SVG elements in text."""

    parts: list[str] = field(default_factory=list)

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(
        self,
        x: float,
        y: float,
        lines: list[str],
        size: str,
        *,
        cls: str,
        bold: bool = False,
        fill: str = "#1a1a1a",
        anchor: str = "start",
    ) -> float:
        """Lines of text from baseline ``y``; returns the height they take."""
        font, step = SIZES[size]
        spans = "".join(
            f'<tspan x="{x:g}" dy="{0 if i == 0 else step:g}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        weight = ' font-weight="bold"' if bold else ""
        self.add(
            f'<text x="{x:g}" y="{y + font:g}" class={quoteattr(cls)} font-size="{font:g}"'
            f'{weight} fill="{fill}" text-anchor="{anchor}">{spans}</text>'
        )
        return step * len(lines)

    def rect(self, x: float, y: float, w: float, h: float, state: str, rx: int = 6) -> None:
        fill, stroke, width, dash, _ = STYLES[state]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(
            f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{rx}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{width:g}"{dashed}/>'
        )

    def arrow(self, points: list[tuple[float, float]], label: str | None = None) -> None:
        path = " ".join(f"{x:g},{y:g}" for x, y in points)
        self.add(
            f'<polyline points="{path}" fill="none" stroke="#444" stroke-width="1.4" '
            'marker-end="url(#arrow)"/>'
        )
        if label:
            (x0, y0), (x1, y1) = points[0], points[-1]
            x, y = (x0 + 6, (y0 + y1) / 2 - 7) if x0 == x1 else ((x0 + x1) / 2, y0 - 16)
            self.text(
                x,
                y,
                [label],
                "small",
                cls="else",
                fill="#444",
                anchor="middle" if x0 != x1 else "start",
            )


@dataclass(frozen=True)
class _Item:
    """One box: its id and class, title, condition, status (with ``meta`` beside it) and
    the small lines below."""

    ident: str
    kind: str
    state: str
    title: str
    meta: str
    cond: list[str]
    status: str | None
    small: list[str]

    def titled(self) -> list[str]:
        """The title, marked and wrapped."""
        marker = MARKERS.get(self.state)
        if not marker:
            return _wrap(self.title, "id", bold=True)
        first, *rest = _wrap(self.title, "id", COL_W - 2 * PAD - 16, bold=True)
        return [f"{marker} {first}", *rest]

    def details(self) -> list[str]:
        """The small lines (``meta`` first when there is no status line to hold it)."""
        return self.small if self.status or not self.meta else [self.meta, *self.small]


def _height(item: _Item) -> float:
    h = 2 * PAD + SIZES["id"][1] * len(item.titled()) + SIZES["cond"][1] * len(item.cond) + 4
    h += SIZES["status"][1] if item.status else 0
    small = item.details()
    return h + SIZES["small"][1] * len(small) + (4 if small else 0)


def _box(svg: _Svg, item: _Item, x: float, y: float, height: float, lang: Lang) -> None:
    """Draw ``item`` as a box at (x, y)."""
    opacity = STYLES[item.state][4]
    faded = f' opacity="{opacity:g}"' if opacity < 1 else ""
    cls = f"{item.kind} {item.state}"
    svg.add(f"<g id={quoteattr(item.ident)} class={quoteattr(cls)}{faded}>")
    svg.rect(x, y, COL_W, height, item.state)
    top = y + PAD + svg.text(x + PAD, y + PAD, item.titled(), "id", cls="id", bold=True) + 2
    top += svg.text(x + PAD, top, item.cond, "cond", cls="condition", fill="#111")
    if item.status:
        colour = STATUS_COLOUR.get(item.status, "#1a1a1a")
        word = _STATUS(f"status_{item.status}", lang)
        if item.meta:
            meta = [item.meta]
            svg.text(x + COL_W - PAD, top + 4, meta, "small", cls="meta", fill="#555", anchor="end")
        top += svg.text(
            x + PAD, top + 2, [f"→ {word}"], "status", cls="status", bold=True, fill=colour
        )
    if item.details():
        svg.text(x + PAD, top + 4, item.details(), "small", cls="details", fill="#4a4a4a")
    svg.add("</g>")


def _details(rs: RuleSet, compiled: Compiled, refs: list[Reference], lang: Lang) -> list[str]:
    """The small lines of a box: the facts it reads and its legal references."""
    lines: list[str] = []
    facts = [rs.facts[f].label.get(lang) for f in rs.facts if f in compiled.facts]
    if facts:
        lines += _wrap(_T("tree_reads", lang) + " · ".join(facts), "small")
    if refs:
        unconfirmed = f" ({_T('unconfirmed', lang)})"
        cited = "; ".join(r.ref + ("" if r.verified else unconfirmed) for r in refs)
        lines += _wrap(_T("tree_sources", lang) + cited, "small")
    return lines


def _state(entry: TraceOut | None) -> str:
    if entry is None:
        return "untried"
    if entry.decisive:
        return "decisive"
    return {"true": "held", "false": "false"}.get(entry.result, "unknown")


_Trace = dict[tuple[str, str, str | None], TraceOut]


def _column_states(target: Target, trace: _Trace) -> list[str]:
    """Each rule's state on the case's path; after the first rule that holds, untried."""
    states: list[str] = []
    held = False
    for cr in target.rules:
        entry = trace.get(("rule", cr.rule.id, target.id))
        states.append("untried" if held else _state(entry))
        held = held or (entry is not None and entry.result == "true")
    return states


def _default_state(target: Target, states: list[str], traced: bool) -> str:
    """The default decides when no rule holds and no unknown rule could give another status."""
    if not traced or any(s in ("decisive", "held") for s in states):
        return "untried"
    blocking = [
        cr
        for cr, s in zip(target.rules, states, strict=True)
        if s == "unknown" and cr.rule.status != target.default_status
    ]
    return "unknown" if blocking else "decisive"


def _recommended_target(assessment: Assessment) -> str | None:
    for entry in assessment.trace:
        if entry.step in ("recommendation", "choice") and entry.decisive:
            return entry.target
    return None


def _case_status(assessment: Assessment, target: Target) -> str | None:
    route = assessment.routes.get(target.route.id)
    if route is None:
        return None
    if target.variant is None:
        return route.status
    variant = (route.variants or {}).get(target.variant.id)
    return variant.status if variant else None


def _row(
    svg: _Svg, items: list[_Item], x0: float, y: float, per_row: int, lang: Lang, arrows: bool
) -> float:
    """Boxes side by side (wrapping after ``per_row``); returns the y below them."""
    rows = [items[i : i + per_row] for i in range(0, len(items), per_row)]
    for r, row in enumerate(rows):
        height = max(_height(item) for item in row)
        for i, item in enumerate(row):
            x = x0 + i * (COL_W + GAP)
            _box(svg, item, x, y, height, lang)
            if arrows and i + 1 < len(row):
                mid = y + height / 2
                svg.arrow([(x + COL_W, mid), (x + COL_W + GAP - 2, mid)], _T("tree_else", lang))
        if arrows and r + 1 < len(rows):
            x = x0 + (len(row) - 1) * (COL_W + GAP) + COL_W / 2
            turn = y + height + ARROW / 2
            svg.arrow(
                [
                    (x, y + height),
                    (x, turn),
                    (x0 + COL_W / 2, turn),
                    (x0 + COL_W / 2, y + height + ARROW - 2),
                ]
            )
        y += height + ARROW
    return y - ARROW


def decision_tree_svg(
    ruleset: RuleSet, lang: Lang = "sv", assessment: Assessment | None = None
) -> str:
    """The rule set's decision tree as a standalone SVG document; given an ``assessment``,
    the case's path through it is marked."""
    rs = ruleset
    trace: _Trace = {(e.step, e.id, e.target): e for e in assessment.trace} if assessment else {}
    chosen = _recommended_target(assessment) if assessment else None
    targets = list(rs.targets.values())
    ncols = max(len(targets), 3)
    width = 2 * MARGIN + ncols * COL_W + (ncols - 1) * GAP
    svg = _Svg()
    y: float = MARGIN

    # Title, how to read it, legend.
    heading = f"{rs.meta.title.get(lang)} – {_T('tree_title', lang)}"
    y += svg.text(MARGIN, y, [heading], "title", cls="title", bold=True)
    sub = [
        _T("tree_version", lang, v=rs.version, d=rs.meta.reviewed.isoformat()),
        _T("tree_how", lang),
    ]
    if assessment is not None:
        sub += [_T("tree_case", lang, d=assessment.as_of.isoformat()), _T("tree_legend", lang)]
    y += svg.text(MARGIN, y + 4, sub, "cond", cls="subtitle", fill="#333") + 18

    # The value bands.
    band = rs.derived_by_id.get("value_band")
    if band is not None and band.spec.cases:
        y += (
            svg.text(
                MARGIN, y, [_T("tree_bands", lang, id=band.spec.id)], "h2", cls="h2", bold=True
            )
            + 6
        )
        labels = {v.id: v.label.get(lang) for v in band.spec.values or []}
        entries = (
            [e for e in assessment.trace if e.step == "derived" and e.id == band.spec.id]
            if assessment
            else []
        )
        items: list[_Item] = []
        seen: set[str] = set()
        for i, case in enumerate(band.spec.cases):
            value = case.value or case.amount or str(i + 1)
            ident = f"band-{value}" if value not in seen else f"band-{value}-{i + 1}"
            seen.add(value)
            state = _state(entries[i]) if i < len(entries) else "untried"
            title = labels.get(value, value)
            items.append(
                _Item(ident, "band", state, title, value, _wrap(case.when, "cond"), None, [])
            )
        y = _row(svg, items, MARGIN, y, ncols, lang, arrows=False) + 28

    # One column per target.
    y += svg.text(MARGIN, y, [_T("tree_routes", lang)], "h2", cls="h2", bold=True) + 6
    heads = [
        _wrap(tg.label.get(lang), "head", COL_W - 2 * PAD - 18 * (tg.id == chosen), bold=True)
        for tg in targets
    ]
    status_line = SIZES["status"][1] if assessment else 0
    head_h = 2 * PAD + SIZES["head"][1] * max(len(h) for h in heads) + status_line
    bottom = y
    for c, target in enumerate(targets):
        x = MARGIN + c * (COL_W + GAP)
        top = y
        selected = target.id == chosen
        col_cls = "target recommended" if selected else "target"
        svg.add(
            f"<g id={quoteattr('target-' + target.id.replace('.', '-'))} "
            f"class={quoteattr(col_cls)}>"
        )
        fill, stroke, sw = ("#cdebd5", "#1e7b34", 3.5) if selected else ("#e8edf3", "#5f6b7a", 1.2)
        svg.add(
            f'<rect class="header" x="{x:g}" y="{top:g}" width="{COL_W}" height="{head_h:g}" '
            f'rx="8" fill="{fill}" stroke="{stroke}" stroke-width="{sw:g}"/>'
        )
        label = [f"✔ {heads[c][0]}", *heads[c][1:]] if selected else heads[c]
        used = svg.text(x + PAD, top + PAD, label, "head", cls="label", bold=True)
        status = _case_status(assessment, target) if assessment else None
        if status:
            word = _T("tree_case_status", lang, s=_STATUS(f"status_{status}", lang))
            svg.text(
                x + PAD,
                top + PAD + used,
                [word],
                "status",
                cls="case-status",
                bold=True,
                fill=STATUS_COLOUR.get(status, "#1a1a1a"),
            )
        top += head_h + ARROW
        svg.arrow([(x + COL_W / 2, top - ARROW), (x + COL_W / 2, top - 2)])
        states = _column_states(target, trace)
        for cr, state in zip(target.rules, states, strict=True):
            rule = cr.rule
            item = _Item(
                f"rule-{rule.id}",
                "rule",
                state,
                rule.id,
                _T("tree_prio", lang, p=rule.priority),
                _wrap(rule.when, "cond"),
                rule.status,
                _details(rs, cr.compiled, rule.references, lang),
            )
            height = _height(item)
            _box(svg, item, x, top, height, lang)
            top += height + ARROW
            svg.arrow(
                [(x + COL_W / 2, top - ARROW), (x + COL_W / 2, top - 2)], _T("tree_else", lang)
            )
        default = _Item(
            f"default-{target.id.replace('.', '-')}",
            "default",
            _default_state(target, states, assessment is not None),
            _T("tree_otherwise", lang),
            "",
            [],
            target.default_status,
            [],
        )
        height = _height(default)
        _box(svg, default, x, top, height, lang)
        svg.add("</g>")
        bottom = max(bottom, top + height)
    y = bottom + 36

    # The recommendations, in rank order.
    y += svg.text(MARGIN, y, [_T("tree_recs", lang)], "h2", cls="h2", bold=True) + 6
    recs: list[_Item] = []
    pending = False
    for n, (rec, compiled) in enumerate(rs.recommendations, start=1):
        state = _state(trace.get(("recommendation", rec.id, rec.target)))
        when = _T("tree_always", lang) if rec.when.strip() == "true" else rec.when
        goal = rs.targets[rec.target].label.get(lang)
        lines = _wrap(f"→ {goal}", "cond") + _wrap(_T("tree_when", lang) + when, "cond")
        recs.append(
            _Item(
                f"rec-{rec.id}",
                "rec",
                state,
                f"{n}. {rec.id}",
                _T("tree_rank", lang, r=rec.rank),
                lines,
                None,
                _details(rs, compiled, rec.references, lang),
            )
        )
        pending = pending or state == "unknown"
    none_state = "untried"
    if assessment is not None and chosen is None:
        none_state = "unknown" if pending else "decisive"
    recs.append(_Item("rec-none", "rec", none_state, _T("tree_no_rec", lang), "", [], None, []))
    y = _row(svg, recs, MARGIN, y, ncols, lang, arrows=True) + MARGIN

    title = escape(f"{heading} ({rs.version})")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{y:g}" '
        f'viewBox="0 0 {width:g} {y:g}" font-family={quoteattr(FONT)} '
        f'lang="{lang}" role="img">\n'
        f"<title>{title}</title>\n"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#444"/></marker></defs>\n'
        f'<rect class="background" x="0" y="0" width="{width:g}" height="{y:g}" fill="#ffffff"/>\n'
        + "\n".join(svg.parts)
        + "\n</svg>\n"
    )
