#!/usr/bin/env bash
# Shared set-up for scripts/demo.sh and scripts/check.sh: system libraries, the virtual
# environment, and the package itself. Safe to run again: it only does what is missing.
# Sourced, not run: it defines functions and the ROOT/VENV variables.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PACKSTATION_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

say() { printf '[packstation] %s\n' "$*" >&2; }

# Libraries PySide6 needs at run time (offscreen and on an X11 desktop), plus a font.
# "a|b" means: the first of these names that this distribution knows.
RUNTIME_PACKAGES=(
  libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
  libdbus-1-3 "libglib2.0-0t64|libglib2.0-0" libx11-xcb1 libxrender1 libxcb-cursor0
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0
  libxcb-xinerama0 libxcb-xfixes0 libxcb-xkb1 fonts-dejavu-core
)
# What the checks need on top: a virtual screen, xdotool and ImageMagick (its `import` takes the
# screenshot) for the real-window test, CUPS (the printing tests start a private cupsd of
# their own; no system service is used) and PostgreSQL (the warehouse tests start a private
# server of their own with initdb in a temporary folder; the system's cluster is not used).
TEST_PACKAGES=(xvfb xdotool imagemagick cups cups-client postgresql)
# Installed when possible (root), else left out: the wall-screen page's test loads it in
# headless Chromium and is skipped, saying why, where Chromium cannot be installed.
OPTIONAL_TEST_PACKAGES=(chromium)

check_python() {
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    say "python3 was not found. Install Python 3.11 or newer (Debian/Ubuntu: apt-get install python3)."
    exit 1
  fi
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "packstation needs Python 3.11 or newer; $("$PYTHON" --version 2>&1) was found."
    exit 1
  fi
}

_pick_package() {  # first alternative apt knows
  local alt
  IFS='|' read -r -a alts <<<"$1"
  for alt in "${alts[@]}"; do
    if apt-cache show "$alt" >/dev/null 2>&1 || dpkg-query -W "$alt" >/dev/null 2>&1; then
      echo "$alt"; return
    fi
  done
  echo "${alts[0]}"
}

_installed() {
  local spec="$1" alt
  IFS='|' read -r -a alts <<<"$spec"
  for alt in "${alts[@]}"; do
    dpkg-query -W -f='${Status}' "$alt" 2>/dev/null | grep -q "install ok installed" && return 0
  done
  return 1
}

# ensure_system_packages PKG... — install what is missing (root on Debian/Ubuntu), else say what.
ensure_system_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "Not a Debian/Ubuntu system: make sure the equivalents of these are installed: $*"
    return 0
  fi
  local missing=() spec
  for spec in "$@"; do _installed "$spec" || missing+=("$spec"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing system packages: ${missing[*]}"
    apt-get update -qq >/dev/null 2>&1 || apt-get update
    local names=()
    for spec in "${missing[@]}"; do names+=("$(_pick_package "$spec")"); done
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${names[@]}" >/dev/null \
      || { say "apt-get could not install: ${names[*]}"; exit 1; }
  else
    local names=()
    for spec in "${missing[@]}"; do names+=("${spec%%|*}"); done
    say "These system packages are missing. Install them, then run this command again:"
    say "  sudo apt-get install ${names[*]}"
    exit 1
  fi
}

# ensure_venv EXTRAS — create .venv and install the package (editable) with the given extras.
ensure_venv() {
  local extras="$1"
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating the virtual environment in $VENV"
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      local ver; ver="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      ensure_system_packages "python${ver}-venv|python3-venv"
      "$PYTHON" -m venv "$VENV"
    fi
  fi
  # reinstall only when the dependency list changed
  local stamp="$VENV/.packstation-installed-$extras"
  local want; want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing packstation and its dependencies ($extras)"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    local target="$ROOT"
    [ "$extras" != "app" ] && target="$ROOT[$extras]"
    "$VENV/bin/python" -m pip install -q -e "$target" || { say "pip install failed"; exit 1; }
    echo "$want" >"$stamp"
  fi
}
