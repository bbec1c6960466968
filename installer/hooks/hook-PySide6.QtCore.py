"""Overrides PyInstaller's own hook: Qt's translations only for the station's languages.

The spec lists them in ``hooksconfig["packstation"]["qt_languages"]`` (e.g. ``["de"]``;
English needs no file).
"""

from typing import Any

from PyInstaller.utils.hooks import get_hook_config
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, _datas = add_qt6_dependencies(__file__)


def _wanted(source: str, languages: list[str] | None) -> bool:
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    if languages is None or not name.endswith(".qm"):
        return True
    language = name.removesuffix(".qm").split("_", 1)[-1]
    return language in languages or language.split("_")[0] in languages


def hook(hook_api: Any) -> None:
    languages = get_hook_config(hook_api, "packstation", "qt_languages")
    hook_api.add_datas([(s, d) for s, d in _datas if _wanted(s, languages)])
