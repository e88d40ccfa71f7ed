#!/usr/bin/env bash
# Install what the tests need and run the whole suite: ruff, the rule linter, pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
"$VENV_PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"
"$VENV_PY" -m ruff check .
"$VENV_PY" -m ruff format --check .
"$VENV_PY" -m procurement lint
# tests/test_browser.py drives Debian's chromium (never a browser Playwright downloads itself).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing Debian's chromium for the browser test" >&2
    apt_log="$(mktemp)"
    if ! { apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$apt_log" 2>&1; then
      cat "$apt_log" >&2
      echo "test.sh: ERROR: 'apt-get install chromium' failed (output above)" >&2
      exit 1
    fi
    rm -f "$apt_log"
  else
    echo "test.sh: /usr/bin/chromium is missing and this is not root, so the browser test" \
      "is skipped; install it with: sudo apt-get install chromium" >&2
  fi
fi
"$VENV_PY" -m pytest "$@"
