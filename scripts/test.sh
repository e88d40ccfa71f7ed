#!/usr/bin/env bash
# Install what the tests need and run the whole suite: ruff, the rule linter, pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
"$VENV_PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"
"$VENV_PY" -m ruff check .
"$VENV_PY" -m ruff format --check .
"$VENV_PY" -m procurement lint
# Debian packages the tests use: chromium for tests/test_browser.py (never a browser that
# Playwright downloads itself) and poppler-utils (pdftoppm) to render the memo PDF.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing Debian packages: ${missing[*]}" >&2
    apt_log="$(mktemp)"
    if ! { apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$apt_log" 2>&1; then
      cat "$apt_log" >&2
      echo "test.sh: ERROR: 'apt-get install ${missing[*]}' failed (output above)" >&2
      exit 1
    fi
    rm -f "$apt_log"
  else
    echo "test.sh: missing ${missing[*]} and this is not root, so the tests that need them" \
      "are skipped; install them with: sudo apt-get install ${missing[*]}" >&2
  fi
fi
"$VENV_PY" -m pytest "$@"
