"""Build the packstation desktop bundle (and on Windows its installer) with one command.

    python installer/build.py                  # clean, build, name it by version, archive
    python installer/build.py --smoke-test     # … then start the built program and check it
    python installer/build.py --no-archive     # leave out the .tar.gz / .zip

Steps: clean ``build/pyinstaller/`` and this version's folder in ``dist/`` → check the icons →
PyInstaller with ``installer/packstation.spec`` (one folder) → move the folder to
``dist/packstation-<version>-<os>-<arch>/`` → on Windows, Inno Setup's ``ISCC`` (when it is
installed) makes ``dist/packstation-<version>-setup.exe`` → an archive of the folder → with
``--smoke-test``, the built executable runs against the embedded sandbox (see ``smoke_test``).
The version comes from ``packstation.__version__`` only. The figures (size, build time, smoke
test) are printed and written to ``benchmarks/results/bundle.json``.

Needs the ``build`` extra: ``pip install -e ".[build]"`` (PyInstaller).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "packstation.spec"
ISS = INSTALLER / "packstation.iss"
WORK = ROOT / "build" / "pyinstaller"
DIST = ROOT / "dist"
RESULTS = ROOT / "benchmarks" / "results" / "bundle.json"
#: The goal of the issue: the one-folder bundle stays under this (decimal megabytes).
SIZE_GOAL_MB = 200.0


def read_version(root: Path = ROOT) -> str:
    """``packstation.__version__`` read from the source (without importing the package)."""
    text = (root / "packstation" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if match is None:
        raise SystemExit("packstation/__init__.py has no __version__")
    return match.group(1)


def platform_tag(system: str | None = None, machine: str | None = None) -> str:
    """``linux-x86_64``, ``windows-x86_64``, ``macos-arm64``: the bundle name's platform part."""
    system = (system or platform.system()).lower()
    system = {"darwin": "macos", "win32": "windows"}.get(system, system)
    machine = (machine or platform.machine()).lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def bundle_name(version: str, tag: str | None = None) -> str:
    return f"packstation-{version}-{tag or platform_tag()}"


def executable_name(windows: bool | None = None) -> str:
    windows = sys.platform == "win32" if windows is None else windows
    return "packstation.exe" if windows else "packstation"


def cli_executable_name(windows: bool | None = None) -> str:
    """The console program: on Windows ``packstation-cli.exe`` (the other one has no console)."""
    windows = sys.platform == "win32" if windows is None else windows
    return "packstation-cli.exe" if windows else "packstation"


@dataclass
class Size:
    bytes: int
    files: int

    @property
    def mb(self) -> float:
        return self.bytes / 1_000_000

    @property
    def mib(self) -> float:
        return self.bytes / (1024 * 1024)


def folder_size(folder: Path) -> Size:
    """Bytes of the regular files under ``folder`` (symbolic links count nothing)."""
    total = count = 0
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            total += path.stat().st_size
            count += 1
    return Size(total, count)


def largest_parts(folder: Path, top: int = 8) -> list[tuple[str, int]]:
    """The biggest first- and second-level entries of the bundle, for the report."""
    inner = folder / "_internal"
    base = inner if inner.is_dir() else folder
    sizes: list[tuple[str, int]] = []
    for entry in base.iterdir():
        if entry.is_symlink():
            continue
        if entry.is_dir():
            sizes.append((entry.name + "/", folder_size(entry).bytes))
        else:
            sizes.append((entry.name, entry.stat().st_size))
    sizes.sort(key=lambda item: item[1], reverse=True)
    return sizes[:top]


def find_iscc(environ: Mapping[str, str] | None = None) -> Path | None:
    """Inno Setup's command-line compiler: on PATH, or where its installer puts it."""
    environ = os.environ if environ is None else environ
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for variable in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        base = environ.get(variable)
        if not base:
            continue
        for sub in ("Inno Setup 6", "Programs/Inno Setup 6"):
            candidate = Path(base) / sub / "ISCC.exe"
            if candidate.is_file():
                return candidate
    return None


# ---------------------------------------------------------------------- the build


def say(text: str) -> None:
    print(f"[build] {text}", flush=True)


def clean(version_dir: Path) -> None:
    for path in (WORK, version_dir, DIST / "packstation"):
        if path.exists():
            say(f"removing {path.relative_to(ROOT)}")
            shutil.rmtree(path)


def check_icons() -> None:
    make_icon = INSTALLER / "make_icon.py"
    if subprocess.run([sys.executable, str(make_icon), "--check"], check=False).returncode:
        say("icons missing or out of date: drawing them again")
        subprocess.run([sys.executable, str(make_icon)], check=True)


def check_translations() -> None:
    folder = ROOT / "packstation" / "resources" / "translations"
    sources = sorted(folder.glob("*.ts")) if folder.is_dir() else []
    missing = [ts.name for ts in sources if not ts.with_suffix(".qm").exists()]
    if missing:
        say(f"warning: no compiled .qm beside {', '.join(missing)}: those languages are left out")


def run_pyinstaller() -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit(
            'PyInstaller is not installed: pip install -e ".[build]" (the optional "build" '
            "dependencies), then run this again."
        ) from None
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(WORK / "dist"),
        "--workpath",
        str(WORK / "work"),
    ]
    say("running PyInstaller (a few minutes on two cores)")
    subprocess.run(command, check=True, cwd=ROOT)
    return WORK / "dist" / "packstation"


def add_linux_integration(bundle: Path) -> None:
    """The menu entry, icons and ``install.sh`` beside the program (Linux and other Unix)."""
    icons = INSTALLER / "icons"
    applications = bundle / "share" / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    shutil.copy2(INSTALLER / "packstation.desktop", applications / "packstation.desktop")
    for size, source in (
        ("48x48", icons / "packstation-48.png"),
        ("256x256", icons / "packstation-256.png"),
        ("scalable", icons / "packstation.svg"),
    ):
        folder = bundle / "share" / "icons" / "hicolor" / size / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, folder / f"packstation{source.suffix}")
    shutil.copy2(INSTALLER / "linux" / "install.sh", bundle / "install.sh")
    (bundle / "install.sh").chmod(0o755)


def run_iscc(iscc: Path, version: str, bundle: Path) -> Path:
    output = DIST / f"packstation-{version}-setup.exe"
    command = [
        str(iscc),
        f"/DAppVersion={version}",
        f"/DSourceDir={bundle}",
        f"/DOutputDir={DIST}",
        f"/DOutputBaseFilename={output.stem}",
        str(ISS),
    ]
    say(f"running Inno Setup: {iscc}")
    subprocess.run(command, check=True, cwd=INSTALLER)
    return output


def make_archive(bundle: Path) -> Path:
    """``.zip`` on Windows, ``.tar.gz`` elsewhere (keeps the executable bit and symlinks)."""
    if sys.platform == "win32":
        target = bundle.with_suffix(".zip")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(bundle.rglob("*")):
                archive.write(path, path.relative_to(bundle.parent))
        return target
    target = bundle.parent / f"{bundle.name}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=bundle.name)
    return target


# ---------------------------------------------------------------------- the smoke test


@dataclass
class Check:
    name: str
    ok: bool
    seconds: float
    detail: str = ""


@dataclass
class SmokeReport:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)


def isolated_environment(home: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for the built program: no PACKSTATION_* of the caller, the platform
    config/data/log folders inside ``home`` (the real ones are never touched), offscreen Qt."""
    env = {k: v for k, v in (os.environ if base is None else base).items()}
    for key in list(env):
        if key.startswith("PACKSTATION_"):
            del env[key]
    env["PACKSTATION_CONFIG"] = str(home / "config" / "packstation.toml")
    for variable, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("APPDATA", "roaming"),
        ("LOCALAPPDATA", "local"),
    ):
        env[variable] = str(home / sub)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _run(
    report: SmokeReport,
    name: str,
    command: list[str],
    env: Mapping[str, str],
    *,
    expect: str = "",
    timeout: float = 120.0,
) -> subprocess.CompletedProcess[str] | None:
    started = time.perf_counter()
    try:
        result = subprocess.run(
            command,
            env=dict(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        report.checks.append(Check(name, False, time.perf_counter() - started, "timed out"))
        say(f"  FAIL {name}: no answer within {timeout:.0f} s")
        return None
    seconds = time.perf_counter() - started
    ok = result.returncode == 0 and expect in result.stdout
    lines = (result.stdout.strip() or result.stderr.strip()).splitlines()
    detail = lines[-1] if ok and lines else (result.stderr.strip() or result.stdout.strip())
    report.checks.append(Check(name, ok, seconds, detail[-2000:]))
    mark = "ok  " if ok else "FAIL"
    say(f"  {mark} {name} ({seconds:.1f} s){': ' + detail[:300] if detail else ''}")
    if not ok:
        say(f"       exit code {result.returncode}; stderr: {result.stderr.strip()[-1500:]}")
    return result


@contextmanager
def standalone_sandbox(exe: Path, env: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """``packstation sandbox`` of the bundle on free loopback ports: (base URL, printer URI)."""
    process = subprocess.Popen(
        [str(exe), "sandbox", "--port", "0", "--printer-port", "0"],
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        base_url = printer_uri = ""
        deadline = time.monotonic() + 60
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            if "base URL:" in line:
                base_url = line.split("base URL:", 1)[1].strip()
            if "virtual printer:" in line:
                printer_uri = line.split("virtual printer:", 1)[1].split()[0]
            if line.startswith("Press Ctrl+C"):
                break
        if not base_url:
            err = process.stderr.read() if process.stderr and process.poll() is not None else ""
            raise RuntimeError(f"the bundled sandbox did not start: {err.strip()[-1500:]}")
        _wait_for_port(base_url)
        yield base_url, printer_uri
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _wait_for_port(url: str, limit_s: float = 30.0) -> None:
    host, port = url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
    deadline = time.monotonic() + limit_s
    while True:
        try:
            with socket.create_connection((host, int(port)), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def first_start(
    report: SmokeReport, exe: Path, env: Mapping[str, str], wait_s: float = 8.0
) -> None:
    """``packstation`` alone on a station without settings: it must open the set-up and wait
    for the person (still running after ``wait_s``, nothing on stderr but Qt's notes), never
    end in a traceback."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(exe)],
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=wait_s)
    alive = process.poll() is None
    process.terminate()
    try:
        _out, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate(timeout=15)
    ok = alive and "Traceback" not in err
    detail = "the set-up is waiting for the person" if ok else (err.strip()[-1500:] or "ended")
    report.checks.append(
        Check("first start opens the set-up", ok, time.perf_counter() - started, detail)
    )
    say(f"  {'ok  ' if ok else 'FAIL'} first start opens the set-up: {detail[:300]}")


def smoke_test(bundle: Path, version: str) -> SmokeReport:
    """Start the built program as a station would, in a throwaway home:

    1. ``--version`` names this version; ``about --json`` finds the keyring's backends (their
       entry points travel as metadata) and the bundled data;
    2. ``demo --smoke-test`` (Qt offscreen): the window on the embedded sandbox and virtual
       printer packs demo order A100 from scripted scans and exits 0; ``packstation`` alone,
       without settings, opens the set-up and waits (no traceback);
    3. ``sandbox --help``; then the bundle's own ``sandbox`` on free ports, and against it
       ``carriers --json`` and a headless ``pack`` whose PDF label is rasterised (pypdfium2's
       native library, Pillow, python-escpos and its capabilities.json) for an ESC/POS printer.
    """
    report = SmokeReport()
    exe = bundle / executable_name()
    cli = bundle / cli_executable_name()
    with tempfile.TemporaryDirectory(prefix="packstation-smoke-") as tmp:
        home = Path(tmp)
        env = isolated_environment(home)
        say(f"smoke test of {exe}")
        _run(report, "version", [str(cli), "--version"], env, expect=version)
        about = _run(report, "about", [str(cli), "about", "--json"], env, expect="{")
        if about is not None and about.returncode == 0:
            facts = json.loads(about.stdout)
            backends = facts.get("keyring_backends_found", [])
            report.checks.append(
                Check(
                    "keyring backends found",
                    "SecretService" in backends or "Windows" in backends or "macOS" in backends,
                    0.0,
                    ", ".join(backends) or "none: the keyring entry points are missing",
                )
            )
            say(f"  keyring backends found: {', '.join(backends) or 'NONE'}")
        _run(
            report,
            "demo --smoke-test",
            [str(exe), "demo", "--smoke-test"],
            env,
            expect="demo ok",
            timeout=180,
        )
        first_start(report, exe, env)
        _run(report, "sandbox --help", [str(cli), "sandbox", "--help"], env, expect="--port")
        try:
            with standalone_sandbox(cli, env) as (base_url, _printer):
                station = dict(env)
                station["PACKSTATION_ENVIRONMENT"] = "custom"
                station["PACKSTATION_API_URL"] = base_url
                station["PACKSTATION_ACCESS_KEY"] = "test-access-key"
                _run(
                    report,
                    "carriers",
                    [str(cli), "carriers", "--json"],
                    station,
                    expect='"carriers"',
                )
                escpos = home / "escpos-printer.bin"
                escpos.touch()
                # environment "sandbox" with a URL: the standalone sandbox, its merchant feed
                del station["PACKSTATION_ENVIRONMENT"], station["PACKSTATION_ACCESS_KEY"]
                station["PACKSTATION_PRINTER_LANGUAGE"] = "escpos"
                station["PACKSTATION_LABEL_WIDTH_MM"] = "72"
                _run(
                    report,
                    "pack (PDF label rasterised for ESC/POS)",
                    [
                        str(cli),
                        "--data-dir",
                        str(home / "station"),
                        "pack",
                        "A101",
                        "--skip-verify",
                        "--reason",
                        "bundle smoke test",
                        "--format",
                        "pdf",
                        "--printer",
                        escpos.as_uri().replace("file://", "escpos+file://", 1),
                        "--json",
                    ],
                    station,
                    expect='"status": "done"',
                    timeout=120,
                )
                printed = escpos.stat().st_size
                report.checks.append(
                    Check("ESC/POS raster written", printed > 1000, 0.0, f"{printed} bytes")
                )
        except (RuntimeError, OSError) as exc:
            report.checks.append(Check("standalone sandbox", False, 0.0, str(exc)))
            say(f"  FAIL standalone sandbox: {exc}")
    return report


# ---------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--smoke-test", action="store_true", help="run the built program")
    parser.add_argument("--no-archive", action="store_true", help="no .tar.gz / .zip")
    parser.add_argument("--no-installer", action="store_true", help="Windows: skip Inno Setup")
    parser.add_argument(
        "--results", type=Path, default=RESULTS, help="where to write the figures (JSON)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    version = read_version()
    name = bundle_name(version)
    target = DIST / name
    say(f"packstation {version} for {platform_tag()}")
    clean(target)
    check_icons()
    check_translations()
    built = run_pyinstaller()
    DIST.mkdir(parents=True, exist_ok=True)
    shutil.move(str(built), str(target))
    if sys.platform != "win32":
        add_linux_integration(target)
    build_seconds = time.perf_counter() - started
    size = folder_size(target)
    artefacts = {"bundle": target}
    if sys.platform == "win32" and not args.no_installer:
        iscc = find_iscc()
        if iscc is None:
            say("Inno Setup (ISCC.exe) not found: no setup.exe (install Inno Setup 6)")
        else:
            artefacts["installer"] = run_iscc(iscc, version, target)
    if not args.no_archive:
        artefacts["archive"] = make_archive(target)

    smoke: SmokeReport | None = smoke_test(target, version) if args.smoke_test else None
    if smoke is not None:
        smoke.checks.append(
            Check(
                f"size under {SIZE_GOAL_MB:.0f} MB",
                size.mb < SIZE_GOAL_MB,
                0.0,
                f"{size.mb:.1f} MB",
            )
        )
    total_seconds = time.perf_counter() - started

    goal = "under" if size.mb < SIZE_GOAL_MB else "OVER"
    say(
        f"bundle: {size.mb:.1f} MB ({size.mib:.1f} MiB, {size.files} files) — {goal} the "
        f"{SIZE_GOAL_MB:.0f} MB goal; built in {build_seconds:.0f} s"
    )
    for part, part_bytes in largest_parts(target):
        say(f"    {part_bytes / 1_000_000:7.1f} MB  {part}")
    results = {
        "version": version,
        "platform": platform_tag(),
        "bundle": str(target),
        "size_bytes": size.bytes,
        "size_mb": round(size.mb, 1),
        "size_mib": round(size.mib, 1),
        "files": size.files,
        "size_goal_mb": SIZE_GOAL_MB,
        "build_seconds": round(build_seconds, 1),
        "total_seconds": round(total_seconds, 1),
        "largest_parts": [{"path": p, "bytes": b} for p, b in largest_parts(target)],
        "artefacts": {k: str(v) for k, v in artefacts.items()},
        "smoke_test": None
        if smoke is None
        else {"ok": smoke.ok, "checks": [asdict(c) for c in smoke.checks]},
        "python": platform.python_version(),
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    say("artefacts:")
    for kind, path in artefacts.items():
        say(f"    {kind:<9} {path}")
    say(f"    figures   {args.results}")
    if smoke is not None:
        failed = [c.name for c in smoke.checks if not c.ok]
        if failed:
            say(f"smoke test FAILED: {', '.join(failed)}")
        # the plain closing line CI logs are read for
        print(f"bundle: {len(smoke.checks) - len(failed)} passed, {len(failed)} failed", flush=True)
        if failed:
            return 1
    if size.mb >= SIZE_GOAL_MB:
        say(f"the bundle is over the {SIZE_GOAL_MB:.0f} MB goal")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
