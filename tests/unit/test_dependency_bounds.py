"""Dependency declarations: every package the code imports is declared in pyproject.toml, every
declaration has a lower bound, and constraints-min.txt pins exactly those lower bounds (the
pins that scripts/check_min_versions.sh installs to run the tests on the oldest versions)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCAL = {"packstation", "tests", "benchmarks", "installer"}
# Not installed by the dev checks (Windows-only, the build extra): distribution named by hand.
NOT_INSTALLED_HERE = {
    "win32print": "pywin32",
    "win32ui": "pywin32",
    "win32con": "pywin32",
    "PyInstaller": "pyinstaller",
}
# Modules that come with a declared distribution at exactly its version (shiboken6 is PySide6's
# binding runtime: PySide6-Essentials requires shiboken6 of its own version).
COMPANIONS = {"shiboken6": "pyside6-essentials"}
# Checked by scripts/check.sh with their newest versions; not installed by the minimum check.
NOT_IN_MIN_CHECK = {"mypy", "ruff", "import-linter", "pywin32"}
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*?)\s*(;.*)?$")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(*extras: str) -> dict[str, str]:
    """normalized name → its specifier (">=2.9", ">=6.7,<6.12", ...)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    out: dict[str, str] = {}
    for line in lines:
        match = _REQUIREMENT.match(line)
        assert match, line
        out[_norm(match.group(1))] = match.group(3).replace(" ", "")
    return out


def _lower_bound(specifier: str) -> str | None:
    found = re.search(r">=([^,;]+)", specifier)
    return found.group(1) if found else None


def _release(version: str | None) -> tuple[int, ...]:
    """ "4" and "4.0.0" are the same release."""
    parts = [int(p) for p in (version or "").split(".") if p]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _imports(folder: Path) -> dict[str, Path]:
    """Top-level names of the modules imported anywhere under ``folder`` → one file using it."""
    names: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.py")):
        if ".venv" in path.parts:
            continue
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            found: list[str] = []
            if isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found = [node.module]
            elif (  # importlib.import_module("win32print")
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found = [node.args[0].value]
            for name in found:
                names.setdefault(name.split(".")[0], path)
    return names


def _undeclared(folder: Path, declared: dict[str, str]) -> list[str]:
    distributions = packages_distributions()
    problems = []
    for name, path in _imports(folder).items():
        if name in LOCAL or name in sys.stdlib_module_names or name == "__future__":
            continue
        # a module not installed here: its distribution by hand, else its own name
        owners = distributions.get(name) or [NOT_INSTALLED_HERE.get(name, name)]
        if name in COMPANIONS:
            owners = [COMPANIONS[name]]
        if not any(_norm(owner) in declared for owner in owners):
            problems.append(f"{path.relative_to(ROOT)} imports {name} ({', '.join(owners)})")
    return problems


def _optional_extras() -> list[str]:
    """The extras users install for optional hardware (not dev, not build)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return [e for e in project["optional-dependencies"] if e not in ("dev", "build")]


def test_the_package_declares_every_package_it_imports() -> None:
    assert _undeclared(ROOT / "packstation", _declared(*_optional_extras())) == []


def test_tests_and_tools_declare_every_package_they_import() -> None:
    declared = _declared("dev", "build")
    problems = []
    for folder in ("tests", "benchmarks", "installer", "scripts"):
        problems += _undeclared(ROOT / folder, declared)
    assert problems == []


def test_every_dependency_has_a_lower_bound() -> None:
    declared = _declared("dev", "build", *_optional_extras())
    missing = [name for name, spec in declared.items() if not _lower_bound(spec)]
    assert missing == []


def test_the_minimum_constraints_are_the_lower_bounds() -> None:
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints-min.txt").read_text("utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints-min.txt: {line!r} is not NAME==VERSION"
            pins[_norm(name.strip())] = version.strip()
    assert {name: _release(v) for name, v in pins.items()} == {
        name: _release(_lower_bound(spec))
        for name, spec in _declared("dev").items()
        if name not in NOT_IN_MIN_CHECK
    }


def test_the_installed_psycopg_waits_for_notifications_with_a_timeout() -> None:
    """The warehouse store's listener calls ``AsyncConnection.notifies(timeout=...)``, which
    psycopg has only from 3.2, and checks its connection between two waits, which loses no
    notification only from 3.2.4 (test_warehouse_shift: 11 of 100 heard with 3.2.3): run under
    scripts/check_min_versions.sh this checks the floor."""
    import inspect

    import psycopg

    parameters = inspect.signature(psycopg.AsyncConnection.notifies).parameters
    assert "timeout" in parameters, f"psycopg {psycopg.__version__} has no notifies(timeout=)"
    assert _release(_lower_bound(_declared()["psycopg"])) >= (3, 2, 4)
    assert _release(psycopg.__version__) >= (3, 2, 4), psycopg.__version__
