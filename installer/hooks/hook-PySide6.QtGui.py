"""Overrides PyInstaller's own hook: the same Qt dependencies, minus the plugins the spec drops.

Filtering here (not after ``Analysis``) keeps the dropped plugins out of the binary dependency
scan too, so their libraries (GTK for the GTK platform theme, EGL device integrations, …) are
never collected. The spec names what to drop in ``hooksconfig["packstation"]["drop_plugins"]``:
plugin folders (``egldeviceintegrations``) or single plugins (``platformthemes/qgtk3``).
"""

from typing import Any

from PyInstaller.utils.hooks import get_hook_config
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, _binaries, datas = add_qt6_dependencies(__file__)


def _dropped(source: str, dest: str, drop: list[str]) -> bool:
    parts = dest.replace("\\", "/").split("/")
    if "plugins" not in parts:
        return False
    kind = parts[parts.index("plugins") + 1] if parts[-1] != "plugins" else ""
    stem = source.replace("\\", "/").rsplit("/", 1)[-1].split(".")[0].removeprefix("lib")
    return kind in drop or f"{kind}/{stem}" in drop


def hook(hook_api: Any) -> None:
    drop = get_hook_config(hook_api, "packstation", "drop_plugins") or []
    hook_api.add_binaries([(s, d) for s, d in _binaries if not _dropped(s, d, drop)])
