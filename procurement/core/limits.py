"""How much Vägval reads: every limit on a file, an upload, a table or a batch, in one place.

The command line, the batches and the app's pages take their limits from here, and their
messages from the catalogue ``data/texts/limits.yaml`` with the values filled in
(:func:`procurement.core.bounded.limit_message`), so a limit is written once. Streamlit's own
upload limit (``server.maxUploadSize`` in ``.streamlit/config.toml``, and the one ``vagval-app``
passes) is :data:`UPLOAD_MB`, the largest of the byte limits in whole megabytes
(``tests/test_limits.py`` checks it).

Every read of a user's file goes through :func:`procurement.core.bounded.read_limited`: it
refuses what is not a regular file (a directory, a pipe, a device such as ``/dev/zero``) and
reads at most the limit and one byte more, whatever ``stat()`` says. A table is then bounded
by its rows, columns and cell length while it is parsed, and an Excel workbook by its unpacked
size, the size and compression ratio of each part and the number of parts before it is parsed
at all (``procurement/batch/tables.py``). This module imports nothing of the package: the
rules' reader uses it, and the text catalogues use the rules' reader.
"""

from __future__ import annotations

__all__ = [
    "BATCH_CHUNK_ROWS",
    "BATCH_SECONDS",
    "BATCH_SHOWN_ERRORS",
    "BATCH_SHOWN_ROWS",
    "BATCH_WORKERS",
    "CELL_CHARS",
    "DECIMAL_DIGITS",
    "JSON_BYTES",
    "MB",
    "NUMBER_LIMIT",
    "RULE_FILE_BYTES",
    "TABLE_BYTES",
    "TABLE_COLUMNS",
    "TABLE_ROWS",
    "UPLOAD_MB",
    "WORKER_MEMORY_BYTES",
    "XLSX_MEMBERS",
    "XLSX_MEMBER_BYTES",
    "XLSX_RATIO",
    "XLSX_RATIO_FROM",
    "XLSX_STRINGS_BYTES",
    "XLSX_UNPACKED_BYTES",
    "larger_than",
    "shown_count",
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

# A table's shape: rows of data (the header row not counted; blank rows counted, as a
# spreadsheet numbers them), columns (a table's columns are fact ids, a rule set has tens of
# them) and characters in one cell (Excel's own limit is 32 767).
TABLE_ROWS = 100_000  # not law: rows of a table
TABLE_COLUMNS = 200
CELL_CHARS = 10_000  # not law: characters in a cell

# An Excel workbook (.xlsx is a zip file) is checked before it is parsed: its parts unpacked
# together, each part unpacked, the shared-strings part (read whole by the parser), the number
# of parts, and how many times a part of at least XLSX_RATIO_FROM bytes is compressed (a
# spreadsheet's XML packs about ten times; a zip bomb about a thousand).
XLSX_UNPACKED_BYTES = 256 * MB
XLSX_MEMBER_BYTES = 128 * MB
XLSX_STRINGS_BYTES = 32 * MB
XLSX_MEMBERS = 1_000
XLSX_RATIO = 250
XLSX_RATIO_FROM = 1 * MB

# A batch in the app: the seconds it may take, the rows a worker checks at a time (the
# progress bar moves and the time is looked at between them), the worker processes the
# server shares among all its users, and the address space each worker may use (its
# libraries take about 0.4 GB; the CSV download of 100 000 rows of results, a 223 MB file,
# is made in memory and needs about 2 GB).
BATCH_SECONDS = 120
BATCH_CHUNK_ROWS = 500
BATCH_WORKERS = 1
WORKER_MEMORY_BYTES = 3072 * MB
# What the app shows of a batch's results (the downloads hold them all): rows of the table,
# and rows' errors.
BATCH_SHOWN_ROWS = 1_000
BATCH_SHOWN_ERRORS = 20


def shown_size(size: int) -> str:
    """A limit as people read it: ``20 MB``, ``512 KB`` or ``100 bytes``."""
    if size >= MB and size % MB == 0:
        return f"{size // MB} MB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KB"
    return f"{size} bytes"


def shown_count(count: int, lang: str = "en") -> str:
    """A count as people read it: ``100 000`` in Swedish, ``100,000`` in English."""
    grouped = f"{count:,}"
    return grouped.replace(",", "\u00a0") if lang == "sv" else grouped


def larger_than(size: int) -> str:
    """The message for a file over the limit ``size``: ``the file is larger than 20 MB``
    (the command line's; :func:`procurement.core.bounded.larger_than` has it in sv and en)."""
    return f"the file is larger than {shown_size(size)}"
