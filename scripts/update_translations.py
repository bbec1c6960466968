"""Keep the window's translations in step with the code: update the .ts files, compile the .qm.

    .venv/bin/python scripts/update_translations.py          # update .ts, compile .qm
    .venv/bin/python scripts/update_translations.py --check  # exit 1 if anything is stale

``pyside6-lupdate`` collects every ``tr()`` / ``QCoreApplication.translate()`` text of the
window's modules into ``packstation/resources/translations/packstation_<lang>.ts`` (without
source locations, so moving code does not change the file); the German translations are
written by hand in that file (Qt Linguist, ``pyside6-linguist``, or a text editor).
``pyside6-lrelease`` compiles them to the ``.qm`` files shipped as package data.

``--check`` changes nothing. It fails when the sources hold a text the .ts file does not,
when a message has no finished translation, or when a .qm is not what its .ts compiles to.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "packstation" / "resources" / "translations"
LANGUAGES = ("de",)
#: The modules whose texts the packer or shift lead reads.
SOURCES = sorted(
    [
        *(ROOT / "packstation" / "ui").glob("*.py"),
        *(ROOT / "packstation" / "composition" / "bench").glob("*.py"),
    ]
)


def tool(name: str) -> str:
    """A PySide6 tool from the same environment as this Python, else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install the dev dependencies (PySide6 tools)")
    return found


def lupdate(ts: Path) -> None:
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *map(str, SOURCES),
            *("-locations", "none", "-no-obsolete", "-silent", "-ts", str(ts)),
        ],
        check=True,
    )


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", "-nounfinished", str(ts), "-qm", str(qm)],
        check=True,
    )


def messages(ts: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(context, source) → (translation, its type attribute) of every message."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = "" if translation is None else "".join(translation.itertext())
            kind = "" if translation is None else translation.get("type", "")
            out[(name, source)] = (text, kind)
    return out


def problems(language: str) -> list[str]:
    """What is stale or missing for one language (nothing is written)."""
    ts = TRANSLATIONS / f"packstation_{language}.ts"
    qm = TRANSLATIONS / f"packstation_{language}.qm"
    if not ts.exists():
        return [f"{ts.relative_to(ROOT)} is missing: run scripts/update_translations.py"]
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / ts.name
        shutil.copy(ts, fresh)
        lupdate(fresh)
        now, then = messages(fresh), messages(ts)
        for key in sorted(set(now) - set(then)):
            found.append(f"new text not in {ts.name}: [{key[0]}] {key[1]!r}")
        for key in sorted(set(then) - set(now)):
            found.append(f"text no longer in the code, still in {ts.name}: [{key[0]}] {key[1]!r}")
        for key, (text, kind) in sorted(then.items()):
            if not text.strip() or kind in ("unfinished", "vanished", "obsolete"):
                found.append(f"no finished {language} translation: [{key[0]}] {key[1]!r}")
        compiled = Path(tmp) / qm.name
        lrelease(ts, compiled)
        if not qm.exists() or qm.read_bytes() != compiled.read_bytes():
            found.append(f"{qm.relative_to(ROOT)} is not compiled from the current {ts.name}")
    return found


def update(language: str) -> None:
    ts = TRANSLATIONS / f"packstation_{language}.ts"
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    lupdate(ts)
    lrelease(ts, TRANSLATIONS / f"packstation_{language}.qm")
    missing = [k for k, (text, kind) in messages(ts).items() if not text.strip() or kind]
    if missing:
        sys.stdout.write(f"{ts.relative_to(ROOT)}: {len(missing)} message(s) need a translation\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    args = parser.parse_args(argv)
    if args.check:
        found = [p for language in LANGUAGES for p in problems(language)]
        for line in found:
            sys.stdout.write(line + "\n")
        return 1 if found else 0
    for language in LANGUAGES:
        update(language)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
