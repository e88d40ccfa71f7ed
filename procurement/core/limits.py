"""How much Vägval reads: every limit on a file or an upload, in one place.

The command line, the batches and the app's pages take their limits from here, and their
messages from :func:`shown_size`, so a limit is written once. Streamlit's own upload limit
(``server.maxUploadSize`` in ``.streamlit/config.toml``, and the one ``vagval-app`` passes) is
:data:`UPLOAD_MB`, the largest of them in whole megabytes (``tests/test_limits.py`` checks it).

A limit is checked before a file is read: by its size on disk, or by the upload's size.
Tables are bounded by their bytes only (not by their rows, columns or the unpacked size of an
Excel workbook).
"""

from __future__ import annotations

__all__ = [
    "DECIMAL_DIGITS",
    "JSON_BYTES",
    "MB",
    "NUMBER_LIMIT",
    "RULE_FILE_BYTES",
    "TABLE_BYTES",
    "UPLOAD_MB",
    "larger_than",
    "shown_size",
]

# A megabyte as Streamlit counts it for server.maxUploadSize (1024 × 1024 bytes).
MB = 1024 * 1024

# One JSON file read whole: a case, a supplier, the memo's clause choices, a saved
# assessment's facts (the command line's CASE.json, and the app's uploads of answers and
# clause choices).
JSON_BYTES = 1 * MB

# One table of cases or suppliers, CSV or Excel (assess-batch, check-supplier-batch, and the
# app's upload of a supplier table).
TABLE_BYTES = 20 * MB

# The largest upload the app accepts at all, in whole megabytes: Streamlit's
# server.maxUploadSize. A table is the largest thing uploaded.
UPLOAD_MB = TABLE_BYTES // MB

# One YAML file of the rules directory (route rules, supplier checks, clauses), of amounts
# entered locally (VAGVAL_LOCAL_AMOUNTS), of interface texts or of scenarios, read whole
# (procurement/core/yamlsource.py); the largest shipped one is under 30 KB.
RULE_FILE_BYTES = 1 * MB

# Every number is smaller than this in size: a fact as typed or uploaded, an amount, a number
# written in a condition. Far beyond any real amount or count, it keeps whole numbers exact as
# floats (below 2**53) and within what Babel formats.
NUMBER_LIMIT = 10**15

# The significant digits of a decimal written in a condition: what a float holds exactly.
DECIMAL_DIGITS = 15


def shown_size(size: int) -> str:
    """A limit as people read it: ``20 MB``, ``512 KB`` or ``100 bytes``."""
    if size >= MB and size % MB == 0:
        return f"{size // MB} MB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KB"
    return f"{size} bytes"


def larger_than(size: int) -> str:
    """The message for a file over the limit ``size``: ``the file is larger than 20 MB``."""
    return f"the file is larger than {shown_size(size)}"
