"""Batches: tables of cases and suppliers in and out (CSV, Excel)."""
