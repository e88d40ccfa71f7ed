#!/usr/bin/env bash
# Install what the tests need and run the whole suite: ruff, the rule linter, the layer
# contracts (import-linter, .importlinter), the type checker (mypy --strict, pyproject.toml), pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
"$VENV_PY" -m pip install --quiet --disable-pip-version-check -e ".[all,test]"
"$VENV_PY" -m ruff check .
"$VENV_PY" -m ruff format --check .
"$VENV_PY" -m procurement lint
.venv/bin/lint-imports --no-cache
"$VENV_PY" -m mypy
# Debian packages the tests use: chromium for tests/test_browser.py (never a browser that
# Playwright downloads itself), poppler-utils (pdftoppm) to render the memo PDF,
# fonts-dejavu-core, the memo PDF's font (Latin Extended, Greek, Cyrillic), and
# postgresql, whose server tests/pgserver.py starts (a throwaway cluster) for the storage tests,
# and nginx, which tests/test_scaleout.py runs in front of two app processes (deploy/nginx.conf),
# and libreoffice-calc-nogui (soffice, headless), the real spreadsheet engine in which
# tests/test_spreadsheet_engine.py opens the exported CSV and .xlsx files to show that no cell
# runs as a formula.
have_postgres() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && return 0
  command -v pg_config >/dev/null 2>&1 || return 1
  local bindir
  bindir="$(pg_config --bindir 2>/dev/null)" || return 1
  [ -x "$bindir/initdb" ]
}
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
# nodejs and npm run the OpenID provider of tests/test_auth_oidc.py (tests/oidc).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ -z "${VAGVAL_TEST_DATABASE_URL:-}" ] && ! have_postgres; then
  missing+=(postgresql)
fi
if [ "$(id -u)" -eq 0 ]; then
  # Root can install PostgreSQL, so a missing server fails the storage tests, never skips them.
  export VAGVAL_REQUIRE_POSTGRES="${VAGVAL_REQUIRE_POSTGRES:-1}"
fi
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
    if [[ " ${missing[*]} " == *" postgresql "* ]]; then
      echo "test.sh: WARNING: PostgreSQL is not installed: every storage test against" \
        "PostgreSQL is SKIPPED. Install it (sudo apt-get install postgresql) or set" \
        "VAGVAL_TEST_DATABASE_URL to a server the tests may create databases on." >&2
    fi
  fi
fi
# The OpenID provider's npm packages, exactly as tests/oidc/package-lock.json pins them (again
# whenever the lock file has changed since the last install).
if command -v npm >/dev/null 2>&1 \
  && ! cmp -s tests/oidc/package-lock.json tests/oidc/node_modules/.installed-package-lock.json; then
  (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error \
    && cp package-lock.json node_modules/.installed-package-lock.json)
fi
"$VENV_PY" -m pytest "$@"
