"""Write the station's sound files (packstation/resources/sounds/*.wav) from ui/sounds.TONES.

python scripts/gen_sounds.py          # (re)write the files
python scripts/gen_sounds.py --check  # exit 1 when a file is missing or out of date
"""

from __future__ import annotations

import sys

from packstation.ui.sounds import SOUNDS_DIR, TONES, synthesize


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    SOUNDS_DIR.mkdir(parents=True, exist_ok=True)
    for sound, notes in TONES.items():
        path = SOUNDS_DIR / f"{sound.value}.wav"
        wav = synthesize(notes)
        if not path.exists() or path.read_bytes() != wav:
            stale.append(path.name)
            if not check:
                path.write_bytes(wav)
    if check and stale:
        sys.stderr.write(f"out of date: {', '.join(stale)} (run scripts/gen_sounds.py)\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
