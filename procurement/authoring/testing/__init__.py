"""Scenario tests: YAML cases with expected outcomes, run by pytest (OpenFisca style)."""
