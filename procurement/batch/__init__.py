"""Batches: tables of cases and suppliers in and out (CSV, Excel). Needs the ``batch`` extra."""

from procurement.core.extras import require

require("pandas", "openpyxl")
