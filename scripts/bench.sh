#!/usr/bin/env bash
# Install what the benchmarks need and run them: every figure of issue 9 with its ratio
# (options: --quick, --only a,b,c,d,e,f, --no-write).
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
"$VENV_PY" -m pip install --quiet --disable-pip-version-check -e ".[all,test,bench]"
"$VENV_PY" -m benchmarks.run "$@"
