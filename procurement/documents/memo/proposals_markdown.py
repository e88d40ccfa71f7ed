"""The clauses proposed for a case, as Markdown: what to put in a ``--clauses`` file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from procurement.clauses.fill import expected
from procurement.clauses.library import ClauseLibrary
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.documents.memo.build import Prepared, open_options, prepare

__all__ = ["choices_skeleton", "proposals_markdown"]

mt = texts("memo")


def proposals_markdown(
    rs: RuleSet,
    library: ClauseLibrary,
    facts: Mapping[str, Any],
    route: str | None,
    lang: Lang,
) -> str:
    """The proposed clauses with their variables, and a skeleton of the choices file."""
    prepared = prepare(rs, library, facts, route, lang)
    lines = [f"# {mt('section_clauses', lang)}: {prepared.target or mt('no_route', lang)}", ""]
    for p in prepared.proposals:
        c = p.clause
        flag = f" {mt('mandatory_note', lang)}" if p.required else ""
        lines.append(f"## `{c.id}` – {c.title.get(lang)}{flag}")
        lines.append(
            f"{mt('placement', lang)} {mt(f'placement_{c.placement}', lang)}; "
            f"{mt('level', lang)} {mt(f'level_{c.level}', lang)}; "
            f"{'; '.join(r.ref for r in c.references)}"
        )
        for v in c.variables:
            lines.append(f"- `{v.id}`: {v.label.get(lang)} ({expected(v, lang)})")
        lines.append("")
    skeleton = choices_skeleton(prepared)
    lines += [
        f"## {mt('section_explain', lang)}",
        "",
        "```json",
        json.dumps(skeleton, ensure_ascii=False, indent=2),
        "```",
        "",
    ]
    return "\n".join(lines)


def choices_skeleton(prepared: Prepared) -> dict[str, Any]:
    """A ``--clauses`` file to fill in: every proposed clause with empty values, and an
    empty reason for every option that would need one if nothing is taken."""
    return {
        "route": prepared.target,
        "clauses": [
            {"id": p.clause.id, "variables": {v.id: None for v in p.clause.variables}}
            for p in prepared.proposals
        ],
        "declined": {o.key: "" for o in open_options(prepared.proposals, [])},
    }
