"""Regenerate the example memos in docs/exempel/ from an example case and its choices.

    python scripts/memo_examples.py

Writes beslutsunderlag-parkskotsel.docx and .pdf (Swedish) and decision-memo-park-
maintenance.pdf and .docx (English), from data/examples/parkskotsel-sysselsattning.json with
data/memo/exempel-klausulval.json and data/memo/example-choices-en.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from procurement.documents.memo.build import build_memo  # noqa: E402
from procurement.documents.memo.choices import parse_choices  # noqa: E402
from procurement.documents.memo.output import FORMATS, memo_bytes  # noqa: E402
from procurement.service import default_library, default_ruleset  # noqa: E402

CASE = ROOT / "data" / "examples" / "parkskotsel-sysselsattning.json"
OUT = ROOT / "docs" / "exempel"
RUNS = (
    ("sv", ROOT / "data" / "memo" / "exempel-klausulval.json", "beslutsunderlag-parkskotsel"),
    ("en", ROOT / "data" / "memo" / "example-choices-en.json", "decision-memo-park-maintenance"),
)


def main() -> int:
    """Write the example memos; fail when one of them is still a draft."""
    rs, library = default_ruleset(), default_library()
    facts = json.loads(CASE.read_text(encoding="utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    for lang, choices_file, stem in RUNS:
        choices = parse_choices(json.loads(choices_file.read_text(encoding="utf-8")), lang)
        memo = build_memo(rs, library, facts, choices, lang)  # type: ignore[arg-type]
        if memo.draft:
            print(f"{stem}: still a draft: {memo.draft}", file=sys.stderr)
            return 1
        for fmt in FORMATS:
            path = OUT / f"{stem}.{fmt}"
            path.write_bytes(memo_bytes(memo.document, fmt))
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
