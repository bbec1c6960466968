#!/bin/sh
# Install (or update) this packstation bundle on a Linux station. Run as root from the unpacked
# folder:  sudo ./install.sh            (or:  sudo ./install.sh --uninstall)
#
# The program goes to /opt/packstation/<version>/, /opt/packstation/current points at it,
# /usr/local/bin/packstation starts it, and the menu entry and icons go to /usr/local/share.
# An update installs the new version beside the old one and moves the link: a station that is
# still running keeps its files, and going back is `ln -sfn /opt/packstation/<old> current`.
# Settings, journal, labels and logs are per user (~/.config, ~/.local/share, ~/.local/state)
# and are never touched here.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PACKSTATION_PREFIX:-/opt/packstation}"
bin_dir="${PACKSTATION_BIN_DIR:-/usr/local/bin}"
share="${PACKSTATION_SHARE_DIR:-/usr/local/share}"

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$bin_dir/packstation" "$share/applications/packstation.desktop"
  for size in 48x48 256x256; do rm -f "$share/icons/hicolor/$size/apps/packstation.png"; done
  rm -f "$share/icons/hicolor/scalable/apps/packstation.svg"
  rm -rf "$prefix"
  echo "packstation removed (the users' settings and journals are kept in their home folders)."
  exit 0
fi

version="$("$here/packstation" --version | awk '{print $2}')"
target="$prefix/$version"
if [ "$here" != "$target" ]; then
  mkdir -p "$prefix"
  rm -rf "$target.new"
  cp -a "$here" "$target.new"
  rm -rf "$target"
  mv "$target.new" "$target"
fi
ln -sfn "$target" "$prefix/current"
mkdir -p "$bin_dir" "$share/applications"
ln -sfn "$prefix/current/packstation" "$bin_dir/packstation"
install -m 644 "$here/share/applications/packstation.desktop" "$share/applications/"
for size in 48x48 256x256 scalable; do
  mkdir -p "$share/icons/hicolor/$size/apps"
  cp "$here/share/icons/hicolor/$size/apps/"packstation.* "$share/icons/hicolor/$size/apps/"
done
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q "$share/icons/hicolor" 2>/dev/null || true
echo "packstation $version installed: $target (start: packstation, or from the menu)."
