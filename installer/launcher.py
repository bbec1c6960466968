"""Entry point of the frozen bundle: the same command line as ``python -m packstation``.

A windowed Windows executable has no console, so ``sys.stdout`` and ``sys.stderr`` are None;
they are pointed at the null device so that a stray ``print`` never raises (the station logs
to its log file anyway).
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def _streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    multiprocessing.freeze_support()
    _streams()
    from packstation.cli.main import main

    sys.exit(main())
