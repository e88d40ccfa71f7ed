#!/usr/bin/env bash
# Install what the tests need and run the whole suite: ruff, the rule linter, pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
"$VENV_PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"
"$VENV_PY" -m ruff check .
"$VENV_PY" -m ruff format --check .
"$VENV_PY" -m procurement lint rules
"$VENV_PY" -m pytest "$@"
