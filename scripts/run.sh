#!/usr/bin/env bash
# Install what the app needs and serve it on http://localhost:8501 (embedded defaults).
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
"$VENV_PY" -m pip install --quiet --disable-pip-version-check -e .
exec "$VENV_PY" -m streamlit run app.py "$@"
