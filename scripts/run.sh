#!/usr/bin/env bash
# Install what the app needs (the app extra and the parts its pages use) and serve it on
# http://localhost:8501 (embedded defaults).
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
"$VENV_PY" -m pip install --quiet --disable-pip-version-check -e ".[app,memo,storage,batch]"
exec "$VENV_PY" -m streamlit run app.py "$@"
