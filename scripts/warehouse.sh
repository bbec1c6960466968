#!/usr/bin/env bash
# Try a warehouse of benches on this computer: a private PostgreSQL server from Debian's package
# in a temporary folder (the system's PostgreSQL is not used), the sandbox, and N headless
# benches packing the demo orders against each other (docs/warehouse.md). Everything is removed
# at the end. Usage: scripts/warehouse.sh [N] [--keep] [--json]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
check_python
ensure_system_packages "${RUNTIME_PACKAGES[@]}" postgresql
ensure_venv app
benches=3
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then benches="$1"; shift; fi
exec "$VENV/bin/packstation" warehouse up --benches "$benches" "$@"
