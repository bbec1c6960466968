#!/usr/bin/env bash
# Set up (first run only) and start packstation in demo mode: the station's window on the
# embedded Seven Senders sandbox, with demo orders. Extra arguments go to `packstation demo`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
check_python
ensure_system_packages "${RUNTIME_PACKAGES[@]}"
ensure_venv app
exec "$VENV/bin/packstation" demo "$@"
