"""Code size (issue 11): no module in packstation/ over 900 lines, no function over 80 lines.

A long function or module is where a newcomer gets lost, so new ones fail here. The ones that
are still too long today are named in the allow-lists below, each with why it may stay for now;
the lists only shrink: an entry that is no longer too long fails too, so that whoever fixes it
also deletes its line. Declarative tables (a function that is only a list of declarations) may
stay on the list for good, with that reason.

Run ``python tests/unit/test_code_size.py`` to print every module and function over the limits.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "packstation"
MAX_MODULE_LINES = 900
MAX_FUNCTION_LINES = 80

# "path/inside/packstation.py" → why it may still be longer than MAX_MODULE_LINES.
ALLOWED_MODULES: dict[str, str] = {}

# ("path/inside/packstation.py", "Class.function") → why it may still be over MAX_FUNCTION_LINES.
ALLOWED_FUNCTIONS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Offender:
    path: str
    name: str
    lines: int

    def __str__(self) -> str:
        return f"packstation/{self.path}: {self.name or 'the module'} has {self.lines} lines"


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, ast.AST]]:
    """Every function and method with its qualified name ("Class.method", "outer.inner")."""
    found: list[tuple[str, ast.AST]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                found.append((name, node))
            found += _functions(node, f"{name}.")
        else:
            found += _functions(node, prefix)
    return found


def _length(node: ast.AST) -> int:
    end = getattr(node, "end_lineno", None) or 0
    return end - getattr(node, "lineno", 0) + 1


@cache
def measure() -> tuple[list[Offender], list[Offender]]:
    """(modules over the limit, functions over the limit) in packstation/."""
    modules: list[Offender] = []
    functions: list[Offender] = []
    for file in sorted(PACKAGE.rglob("*.py")):
        path = file.relative_to(PACKAGE).as_posix()
        source = file.read_text("utf-8")
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            modules.append(Offender(path, "", lines))
        for name, node in _functions(ast.parse(source, str(file))):
            if _length(node) > MAX_FUNCTION_LINES:
                functions.append(Offender(path, name, _length(node)))
    return modules, functions


def test_no_new_module_over_the_limit() -> None:
    modules, _ = measure()
    new = [str(m) for m in modules if m.path not in ALLOWED_MODULES]
    assert not new, f"modules over {MAX_MODULE_LINES} lines (split them by concern): {new}"


def test_no_new_function_over_the_limit() -> None:
    _, functions = measure()
    new = [str(f) for f in functions if (f.path, f.name) not in ALLOWED_FUNCTIONS]
    assert not new, (
        f"functions over {MAX_FUNCTION_LINES} lines (split them into named steps; a purely "
        f"declarative table may go on ALLOWED_FUNCTIONS here, with that reason): {new}"
    )


def test_the_allow_lists_name_only_what_is_still_too_long() -> None:
    modules, functions = measure()
    stale_modules = set(ALLOWED_MODULES) - {m.path for m in modules}
    stale_functions = set(ALLOWED_FUNCTIONS) - {(f.path, f.name) for f in functions}
    remedy = "within the limits now: delete from the allow-lists in tests/unit/test_code_size.py"
    assert not stale_modules, f"{remedy}: {sorted(stale_modules)}"
    assert not stale_functions, f"{remedy}: {sorted(stale_functions)}"


def test_the_measure_finds_a_long_function_and_names_it_with_its_class() -> None:
    body = "\n".join(f"        x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    tree = ast.parse(f"class A:\n    def long(self):\n{body}\n    def short(self):\n        pass\n")
    lengths = {name: _length(node) for name, node in _functions(tree)}
    assert lengths == {"A.long": MAX_FUNCTION_LINES + 1, "A.short": 2}


if __name__ == "__main__":
    modules, functions = measure()
    for offender in [*modules, *functions]:
        print(offender)
