"""The station's sounds: generated from their tone patterns, distinct, and volume-scaled."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import wave
from pathlib import Path

from packstation.ui.sounds import SOUNDS_DIR, TONES, Sound, SystemSoundPlayer, synthesize

REPO = Path(__file__).resolve().parents[2]


def test_committed_sound_files_match_their_tone_patterns() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_sounds.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_sound_is_short_and_distinct() -> None:
    seen = set()
    for sound in Sound:
        with wave.open(str(SOUNDS_DIR / f"{sound.value}.wav")) as w:
            seconds = w.getnframes() / w.getframerate()
            frames = w.readframes(w.getnframes())
        assert 0.05 <= seconds <= 1.0, sound
        seen.add(frames)
    assert len(seen) == len(Sound)
    assert set(TONES) == set(Sound)


def peak(wav: bytes) -> int:
    with wave.open(io.BytesIO(wav)) as w:
        frames = w.readframes(w.getnframes())
    return max(abs(int(v)) for (v,) in struct.iter_unpack("<h", frames))


def test_volume_scales_the_samples() -> None:
    loud = peak(synthesize(TONES[Sound.ACCEPTED], volume=1.0))
    quiet = peak(synthesize(TONES[Sound.ACCEPTED], volume=0.25))
    assert loud > 20_000
    assert abs(quiet * 4 - loud) < loud * 0.02


def test_muted_player_plays_nothing(tmp_path: Path) -> None:
    player = SystemSoundPlayer(muted=True)
    player.play(Sound.ATTENTION)  # no error, no process
    player.muted = False
    player.volume = 0.5
    assert player._file(Sound.ACCEPTED).read_bytes()[:4] == b"RIFF"
