#!/usr/bin/env bash
# Check the lower bounds in pyproject.toml: install packstation with the LOWEST version of every
# direct dependency (constraints-min.txt, one NAME==VERSION pin per lower bound) into a separate
# virtual environment, .venv-min, and run the tests there.
#
#   scripts/check_min_versions.sh                 # the default subset (see TESTS below)
#   scripts/check_min_versions.sh tests/unit -x   # other pytest arguments instead
#
# Transitive dependencies resolve to their newest compatible versions (only direct ones are
# pinned). ruff, mypy and import-linter are not installed here: scripts/check.sh runs them with
# the newest versions. When a test fails only here, raise the lower bound in pyproject.toml AND
# the pin in constraints-min.txt (tests/unit/test_dependency_bounds.py checks they agree).
# PACKSTATION_MIN_VENV moves the environment; it is rebuilt when constraints-min.txt or
# pyproject.toml change.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
set -e
check_python
ensure_system_packages "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
cd "$ROOT"
MIN_VENV="${PACKSTATION_MIN_VENV:-$ROOT/.venv-min}"
CONSTRAINTS="$ROOT/constraints-min.txt"
# the test tools of the dev extra, at their minimum too
TEST_TOOLS=(pytest pytest-qt pytest-asyncio hypothesis pypdf zxing-cpp)

want="$(cat "$ROOT/pyproject.toml" "$CONSTRAINTS" | sha256sum | cut -c1-16)"
stamp="$MIN_VENV/.packstation-min-installed"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "building $MIN_VENV with the lowest allowed versions (constraints-min.txt)"
  rm -rf "$MIN_VENV"
  "$PYTHON" -m venv "$MIN_VENV"
  "$MIN_VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$MIN_VENV/bin/python" -m pip install -q -c "$CONSTRAINTS" -e "$ROOT" "${TEST_TOOLS[@]}" \
    || { say "pip could not install the lowest versions: see the message above"; exit 1; }
  echo "$want" >"$stamp"
fi

# every pin must really be installed (a pin for a package nothing asks for is silently unused)
"$MIN_VENV/bin/python" - "$CONSTRAINTS" <<'PY'
import sys
from importlib.metadata import PackageNotFoundError, version

wrong = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, _, pinned = line.partition("==")
    try:
        found = version(name)
    except PackageNotFoundError:
        found = "not installed"
    if found != pinned:
        wrong.append(f"{name}: pinned {pinned}, found {found}")
if wrong:
    print("[packstation] the minimum environment does not match constraints-min.txt:", *wrong,
          sep="\n  ", file=sys.stderr)
    sys.exit(1)
PY

# Default subset: the unit tests, the 7S contract tests against the sandbox, the sandbox, the
# printers (real sockets, the private cupsd), the GUI (offscreen, the oldest PySide6) and the
# command line as subprocesses: every dependency is exercised. The long workflow integration
# tests run in scripts/check.sh only.
TESTS=(tests/unit tests/contract tests/sandbox tests/printing tests/gui tests/integration/test_cli.py
       tests/integration/test_packing_cli.py tests/integration/test_customs_cli.py)
[ $# -gt 0 ] && TESTS=("$@")
export QT_QPA_PLATFORM=offscreen
say "pytest with the lowest allowed versions: ${TESTS[*]}"
"$MIN_VENV/bin/python" -m pytest -q -p no:cacheprovider "${TESTS[@]}"
say "the lowest allowed versions pass"
