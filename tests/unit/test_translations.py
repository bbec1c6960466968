"""The window speaks German: every text has a finished translation and the .qm is current."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "packstation" / "resources" / "translations" / "packstation_de.ts"
PLACEHOLDER = re.compile(r"\{\d+(?:![rs])?\}")


def messages() -> list[tuple[str, str, str, str]]:
    out = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            out.append(
                (
                    name,
                    message.findtext("source") or "",
                    "".join(translation.itertext()),
                    translation.get("type", ""),
                )
            )
    return out


def test_every_message_has_a_finished_german_translation() -> None:
    found = messages()
    assert len(found) > 300
    missing = [(c, s) for c, s, t, kind in found if not t.strip() or kind]
    assert missing == []


def test_translations_keep_every_placeholder() -> None:
    wrong = [
        (c, s, t)
        for c, s, t, kind in messages()
        if t.strip()
        and not kind
        and sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(t))
    ]
    assert wrong == []


def test_the_ts_file_holds_every_text_of_the_code_and_the_qm_is_compiled_from_it() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
