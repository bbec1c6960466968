"""The installer's helpers: bundle naming from the one version, sizes, the isolated smoke-test
environment, finding Inno Setup, the icon files, the keyring backends a bundle must find.

The real build (PyInstaller, a few minutes) runs in `.ci/run` after the checks, not here.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from installer import build, make_icon
from packstation import __version__
from packstation.settings.access_key import keyring_backends

ROOT = Path(__file__).resolve().parents[2]


def test_the_bundle_is_named_from_the_package_version() -> None:
    assert build.read_version() == __version__
    assert build.bundle_name("0.1.0", "linux-x86_64") == "packstation-0.1.0-linux-x86_64"
    assert build.platform_tag("Linux", "x86_64") == "linux-x86_64"
    assert build.platform_tag("Windows", "AMD64") == "windows-x86_64"
    assert build.platform_tag("Darwin", "arm64") == "macos-arm64"
    assert build.platform_tag("Linux", "aarch64") == "linux-arm64"


def test_the_version_is_written_in_one_place_only() -> None:
    """The spec, the Inno Setup script and the build read it; nobody spells it again."""
    version = re.escape(__version__)
    for path in (
        ROOT / "installer" / "packstation.spec",
        ROOT / "installer" / "packstation.iss",
        ROOT / "installer" / "build.py",
        ROOT / "installer" / "packstation.desktop",
        ROOT / "pyproject.toml",
    ):
        assert not re.search(rf"(?<![\d.]){version}(?![\d.])", path.read_text("utf-8")), path


def test_windows_gets_a_console_program_beside_the_windowed_one() -> None:
    assert build.executable_name(windows=True) == "packstation.exe"
    assert build.cli_executable_name(windows=True) == "packstation-cli.exe"
    assert build.executable_name(windows=False) == build.cli_executable_name(windows=False)


def test_folder_size_counts_files_once_and_links_not_at_all(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"x" * 1000)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 500)
    (tmp_path / "link").symlink_to(tmp_path / "a")
    size = build.folder_size(tmp_path)
    assert (size.bytes, size.files) == (1500, 2)
    assert size.mb == pytest.approx(0.0015)
    assert build.largest_parts(tmp_path)[0] == ("a", 1000)


def test_the_smoke_test_never_sees_the_callers_station(tmp_path: Path) -> None:
    env = build.isolated_environment(
        tmp_path,
        {"PACKSTATION_API_URL": "https://real.example", "PATH": "/bin", "HOME": "/root"},
    )
    assert "PACKSTATION_API_URL" not in env
    assert env["PACKSTATION_CONFIG"].startswith(str(tmp_path))
    assert env["XDG_DATA_HOME"].startswith(str(tmp_path))
    assert env["LOCALAPPDATA"].startswith(str(tmp_path))
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert env["PATH"] == "/bin"


def test_inno_setup_is_found_where_its_installer_puts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert build.find_iscc({"ProgramFiles(x86)": str(tmp_path)}) is None
    iscc = tmp_path / "Inno Setup 6" / "ISCC.exe"
    iscc.parent.mkdir()
    iscc.write_bytes(b"")
    assert build.find_iscc({"ProgramFiles(x86)": str(tmp_path)}) == iscc


def test_the_inno_setup_script_takes_the_version_and_folder_from_the_build() -> None:
    iss = (ROOT / "installer" / "packstation.iss").read_text("utf-8")
    for define in ("AppVersion", "SourceDir", "OutputDir", "OutputBaseFilename"):
        assert f"#ifndef {define}" in iss or f"#define {define}" in iss
    assert "{#AppVersion}" in iss
    for needed in ("packstation.exe", "{autodesktop}", "{group}", "{uninstallexe}"):
        assert needed in iss


def test_the_desktop_entry_is_valid() -> None:
    text = (ROOT / "installer" / "packstation.desktop").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    keys = dict(line.split("=", 1) for line in lines[1:] if "=" in line)
    assert keys["Type"] == "Application"
    assert keys["Icon"] == "packstation"
    assert keys["Exec"].startswith("packstation")
    assert keys["Categories"].endswith(";")


def test_the_icons_are_drawn_and_in_step_with_their_drawing() -> None:
    assert make_icon.main(["--check"]) == 0
    svg = make_icon.svg()
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    for folder in (make_icon.INSTALLER_ICONS, make_icon.RESOURCE_ICONS):
        for size in make_icon.PNG_SIZES:
            png = (folder / f"packstation-{size}.png").read_bytes()
            assert make_icon.png_size(png) == (size, size)


def test_the_windows_icon_holds_every_size_as_png() -> None:
    data = (make_icon.INSTALLER_ICONS / "packstation.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, _h, _c, _r, _p, _b, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append(width or 256)
    assert sorted(sizes) == sorted(make_icon.ICO_SIZES)


def test_ico_writer_round_trips_sizes() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 8 + struct.pack(">II", 16, 16)
    ico = make_icon.ico({16: png, 256: png})
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 2)


def test_keyring_backends_are_listed_from_their_entry_points() -> None:
    in_use, found = keyring_backends()
    assert {"SecretService", "Windows", "macOS"} <= set(found)
    assert in_use is not None
    assert "MemoryKeyring" in in_use  # the suite's keyring (tests/conftest.py)
