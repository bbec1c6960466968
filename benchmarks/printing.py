"""Printing benchmark: rasterising a sandbox label PDF, converting it, and full prints.

Run: ``.venv/bin/python -m benchmarks.printing [--repeat N] [--output PATH]``. Prints a table
and writes the figures as JSON (default ``benchmarks/results/printing.json``, git-ignored).
Nothing here is asserted: it is for comparing machines and changes, not a test.

Measured, each ``--repeat`` times (median, min and max in milliseconds):

* rasterise: the 4×6 in sandbox PDF rendered by pypdfium2 and thresholded to 1 bit, at 203
  and at 300 dpi;
* pdf→zpl: the same PDF as a ``^GFA`` ZPL label (rasterise + compression), 203 and 300 dpi;
* pdf→escpos: the PDF as ESC/POS raster commands for an 80 mm printer at 203 dpi;
* print: a full ``print_document`` to the sandbox's virtual Zebra over loopback TCP
  (``~HS`` before and after, confirmation), for the ZPL label and for the PDF converted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pypdfium2

from packstation.adapters.printers import open_printer
from packstation.adapters.printers.escpos_printer import escpos_bytes
from packstation.adapters.printers.raster import Raster, pdf_to_zpl, rasterize_pdf
from packstation.domain.printing import PrinterLanguage, PrinterProfile
from packstation.domain.shipping import LabelFormat
from packstation.sandbox.printer import VirtualPrinter
from tests.label_samples import sandbox_label

DEFAULT_OUTPUT = Path(__file__).parent / "results" / "printing.json"


def _summary(samples: list[float], **extra: Any) -> dict[str, Any]:
    ms = [s * 1000 for s in samples]
    return {
        "runs": len(ms),
        "median_ms": round(statistics.median(ms), 3),
        "min_ms": round(min(ms), 3),
        "max_ms": round(max(ms), 3),
        **extra,
    }


def _time(work: Callable[[], object], repeat: int) -> list[float]:
    work()  # warm-up: imports, caches, PDFium initialisation
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return samples


async def _time_async(work: Callable[[], Awaitable[object]], repeat: int) -> list[float]:
    await work()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        await work()
        samples.append(time.perf_counter() - start)
    return samples


def run(repeat: int) -> dict[str, Any]:
    pdf = sandbox_label(LabelFormat.PDF)
    zpl = sandbox_label(LabelFormat.ZPL)
    figures: dict[str, Any] = {}
    for dpi in (203, 300):
        profile = PrinterProfile(language=PrinterLanguage.ZPL, dpi=dpi)

        def rasterise(p: PrinterProfile = profile) -> Raster:
            return rasterize_pdf(
                pdf.content, p.dpi, max_width=p.width_dots, max_height=p.height_dots
            )

        def convert(p: PrinterProfile = profile) -> tuple[bytes, tuple[str, ...]]:
            return pdf_to_zpl(pdf.content, p)

        width, height = rasterise().pages[0].size
        figures[f"rasterise_{dpi}dpi"] = _summary(
            _time(rasterise, repeat), dots=f"{width}x{height}"
        )
        figures[f"pdf_to_zpl_{dpi}dpi"] = _summary(
            _time(convert, repeat), zpl_bytes=len(convert()[0])
        )
    receipt = PrinterProfile(language=PrinterLanguage.ESCPOS, dpi=203, width_mm=72)

    def to_escpos() -> bytes:
        raster = rasterize_pdf(pdf.content, receipt.dpi, max_width=receipt.width_dots)
        return escpos_bytes(raster.pages, receipt)

    figures["pdf_to_escpos_203dpi"] = _summary(
        _time(to_escpos, repeat), escpos_bytes=len(to_escpos())
    )

    async def prints() -> None:
        with VirtualPrinter() as virtual:
            printer = open_printer(virtual.uri, PrinterProfile(language=PrinterLanguage.ZPL))
            figures["print_zpl_to_virtual_zebra"] = _summary(
                await _time_async(lambda: printer.print_document(zpl, "benchmark"), repeat),
                label_bytes=len(zpl.content),
            )
            figures["print_pdf_as_zpl_to_virtual_zebra"] = _summary(
                await _time_async(lambda: printer.print_document(pdf, "benchmark"), repeat),
                label_bytes=len(pdf.content),
            )
            virtual.wait_for_jobs(2 * (repeat + 1))

    asyncio.run(prints())
    return {
        "benchmark": "printing",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "pypdfium2": pypdfium2.version.PYPDFIUM_INFO.version,
        "repeat": repeat,
        "results": figures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=20, help="runs per figure (default 20)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file to write")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    report = run(args.repeat)
    print(
        f"printing benchmark ({report['machine']}, Python {report['python']}, {args.repeat} runs)"
    )
    print(f"{'figure':<36} {'median ms':>10} {'min ms':>9} {'max ms':>9}  notes")
    for name, row in report["results"].items():
        notes = ", ".join(
            f"{k}={v}" for k, v in row.items() if k not in ("runs", "median_ms", "min_ms", "max_ms")
        )
        print(
            f"{name:<36} {row['median_ms']:>10.2f} {row['min_ms']:>9.2f} {row['max_ms']:>9.2f}  "
            f"{notes}"
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
