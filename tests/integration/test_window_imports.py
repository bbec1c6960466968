"""The bench window opens before the heavy libraries are loaded (issue 17, "ready in a blink").

Each check imports a module in a fresh interpreter and lists what it pulled in; the timings
themselves are in ``benchmarks/cold_start.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Loaded behind the shown window, never to show it: PDF documents, PDF rasterising, GS1.
HEAVY = ("reportlab", "pypdfium2", "biip")
#: The first frame also needs no settings validation, HTTP, sandbox or station adapters.
NOT_IN_FIRST_FRAME = (
    *HEAVY,
    "pydantic",
    "pydantic_settings",
    "asyncio",  # the event loop (qasync) starts once the first frame is drawn
    "httpx",
    "packstation.sandbox",
    "packstation.adapters.sevensenders",
    "packstation.adapters.printers",
    "packstation.adapters.station_documents",
    "packstation.services",
    "packstation.composition.bench.app",
    "packstation.composition.station",
    # the packing screen's pieces, the order domain and the sound player come behind it: the
    # first frame's banner and station bar are in ui.bench_frame, the sound names apart
    "packstation.domain.cycle",
    "packstation.domain.orders",
    "packstation.ui.pack_views",
    "packstation.ui.pack_widgets",
    "packstation.ui.box_column",
    "packstation.ui.sounds",
    "logging.handlers",  # the log's own rotating file handler (composition.logging_setup)
)


def imported_by(*modules: str) -> list[str]:
    code = (
        "import importlib, json, sys; "
        f"[importlib.import_module(m) for m in {list(modules)!r}]; "
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    names: list[str] = json.loads(done.stdout)
    return names


def loaded(names: list[str], packages: tuple[str, ...]) -> list[str]:
    return [n for n in names if any(n == p or n.startswith(p + ".") for p in packages)]


def test_the_first_frame_loads_nothing_it_does_not_show() -> None:
    # what `packstation` imports to show the window (cli.main → launch → run_gui → shell)
    names = imported_by(
        "packstation.cli.main",
        "packstation.cli.launch",
        "packstation.composition.logging_setup",
        "packstation.composition.facts",
        "packstation.composition.bench.run",
    )
    assert "packstation.composition.bench.shell" in names
    assert loaded(names, NOT_IN_FIRST_FRAME) == []


@pytest.mark.parametrize(
    "module",
    [
        "packstation.composition.bench.app",  # the window's screens, loaded behind it
        "packstation.ui.station_window",
        "packstation.ui.pack_window",
        "packstation.cli.main",
    ],
)
def test_the_window_modules_leave_pdf_and_gs1_libraries_for_later(module: str) -> None:
    names = imported_by(module)
    assert module in names
    assert loaded(names, HEAVY) == []
