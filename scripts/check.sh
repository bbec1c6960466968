#!/usr/bin/env bash
# Set up (first run only) and run every check: ruff (format and lint), mypy --strict,
# import-linter, and the whole pytest suite (GUI tests offscreen). Exits non-zero on any failure.
# Extra arguments go to pytest, e.g. scripts/check.sh -k sandbox
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
set -e
check_python
ensure_system_packages "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
( ensure_system_packages "${OPTIONAL_TEST_PACKAGES[@]}" ) \
  || say "left out: ${OPTIONAL_TEST_PACKAGES[*]} (the tests that need it are skipped)"
ensure_venv dev
set +e
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
bin="$VENV/bin"
failed=()
step() {
  local name="$1"; shift
  say "── $name"
  "$@" || failed+=("$name")
}
step "ruff format" "$bin/ruff" format --check .
step "ruff check" "$bin/ruff" check .
step "mypy --strict" "$bin/mypy"
step "import-linter" "$bin/lint-imports"
step "pytest" "$bin/pytest" "$@"
if [ ${#failed[@]} -ne 0 ]; then
  say "FAILED: ${failed[*]}"
  exit 1
fi
say "all checks passed"
