#!/usr/bin/env bash
# Install what is needed (once) and run any command of the command line, e.g.
#   bash scripts/vagval.sh coverage -o coverage.md
#   bash scripts/vagval.sh diff git:HEAD~1 git:HEAD
# Paths given are relative to the repository root.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
"$VENV_PY" -m pip install --quiet --disable-pip-version-check -e ".[all]"
exec "$VENV_PY" -m procurement "$@"
