"""Saved assessments: SQLite by default, PostgreSQL via ``DATABASE_URL``."""
