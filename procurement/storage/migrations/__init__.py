"""Alembic's migration scripts for the saved assessments' schema."""
