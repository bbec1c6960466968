#!/usr/bin/env bash
# Set up (first run only) and start packstation in demo mode: the station's window on the
# embedded Seven Senders sandbox, with demo orders. Extra arguments go to `packstation demo`.
#
# Without a display (DISPLAY and WAYLAND_DISPLAY unset, no QT_QPA_PLATFORM) the window cannot
# open: it says so and what to do, and exits 3, before any set-up. `--smoke-test` needs no
# display: it runs offscreen (QT_QPA_PLATFORM=offscreen) on its own.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
smoke_test=0
for arg in "$@"; do
  if [ "$arg" = "--smoke-test" ]; then smoke_test=1; fi
done
if [ "$(uname -s)" = "Linux" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] \
    && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  if [ "$smoke_test" -eq 1 ]; then
    say "no display: the smoke test runs offscreen (QT_QPA_PLATFORM=offscreen)"
    export QT_QPA_PLATFORM=offscreen
  else
    say "There is no display here: DISPLAY and WAYLAND_DISPLAY are unset, so the packing window cannot open."
    say "Run scripts/demo.sh in a desktop session (or over ssh -X), or check the station without a window:"
    say "  QT_QPA_PLATFORM=offscreen scripts/demo.sh --smoke-test"
    exit 3
  fi
fi
check_python
ensure_system_packages "${RUNTIME_PACKAGES[@]}"
ensure_venv app
exec "$VENV/bin/packstation" demo "$@"
