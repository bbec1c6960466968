"""Write docs/order-schema.json from the order source's wire model.

    .venv/bin/python scripts/gen_order_schema.py          # rewrite the file
    .venv/bin/python scripts/gen_order_schema.py --check  # exit 1 if it is out of date

A unit test (tests/unit/adapters/test_order_source_wire.py) fails when the committed file and
the model disagree, so the published schema never drifts from what the station accepts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from packstation.adapters.order_source_wire import order_schema_json

TARGET = Path(__file__).resolve().parent.parent / "docs" / "order-schema.json"


def main(argv: list[str]) -> int:
    text = order_schema_json()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.stderr.write(f"{TARGET} is out of date: run scripts/gen_order_schema.py\n")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8", newline="\n")
    sys.stdout.write(f"wrote {TARGET}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
