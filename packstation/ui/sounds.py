"""Short, distinct sounds for the bench: synthesised here, played without Qt Multimedia.

Each event has its own tone pattern, so a packer hears what happened without looking:
a short high blip for an accepted item, a rising chord when the label is printed, a low
double buzz for a wrong item, a falling pair for an over-scan, and a repeated alarm when
something needs attention. ``scripts/gen_sounds.py`` writes the WAV files to
``packstation/resources/sounds/`` from ``TONES``; a test keeps them in step.

Playback hands the WAV to the platform's own player (``winsound`` on Windows, ``afplay`` on
macOS, ``pw-play``/``paplay``/``aplay`` on Linux) without waiting, so a sound never blocks
the screen; where none is found, Qt Multimedia plays it when it is installed (the
``PySide6-Addons`` wheel); with neither, ``available`` is false and the window shows
"sound off" (the log says why). The sounds at the chosen volume live in a temporary folder of
this process (``temp_folders``), made on the first sound and removed by ``close``.
"""

from __future__ import annotations

import io
import logging
import math
import shutil
import struct
import subprocess
import sys
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packstation.ui import temp_folders

# the names apart (``sound_names``): the window's first frame loads only them
from packstation.ui.sound_names import Sound as Sound

log = logging.getLogger(__name__)

SAMPLE_RATE = 22_050
SOUNDS_DIR = Path(__file__).resolve().parent.parent / "resources" / "sounds"


@dataclass(frozen=True, slots=True)
class Note:
    """A tone (Hz; 0 = silence) held for ``ms`` milliseconds; chords sound together."""

    hz: tuple[float, ...]
    ms: int


#: The tone pattern of every sound. Square-ish tones cut through warehouse noise.
TONES: dict[Sound, tuple[Note, ...]] = {
    Sound.ACCEPTED: (Note((1760.0,), 70),),
    Sound.COMPLETE: (Note((880.0,), 90), Note((1108.7,), 90), Note((1318.5, 1760.0), 220)),
    Sound.WRONG_ITEM: (Note((196.0,), 180), Note((0.0,), 60), Note((196.0,), 260)),
    Sound.OVER_SCAN: (Note((987.8,), 120), Note((659.3,), 200)),
    Sound.ATTENTION: (Note((1046.5, 740.0), 150), Note((0.0,), 80)) * 3,
}


def synthesize(notes: tuple[Note, ...], volume: float = 1.0) -> bytes:
    """16-bit mono WAV bytes of ``notes`` at ``volume`` (0..1)."""
    volume = min(max(volume, 0.0), 1.0)
    frames = bytearray()
    for note in notes:
        count = SAMPLE_RATE * note.ms // 1000
        fade = max(1, min(count // 8, SAMPLE_RATE // 200))  # 5 ms ramps: no clicks
        for i in range(count):
            t = i / SAMPLE_RATE
            value = 0.0
            for hz in note.hz:
                if hz > 0:
                    s = math.sin(2 * math.pi * hz * t)
                    value += 0.7 * s + 0.3 * math.copysign(1.0, s) * abs(s) ** 0.3
            value /= max(1, len(note.hz))
            envelope = min(1.0, i / fade, (count - 1 - i) / fade)
            frames += struct.pack("<h", int(value * envelope * volume * 0.8 * 32767))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(bytes(frames))
    return out.getvalue()


def _scaled(wav: bytes, volume: float) -> bytes:
    with wave.open(io.BytesIO(wav), "rb") as r:
        params = r.getparams()
        samples = r.readframes(r.getnframes())
    count = len(samples) // 2
    values = struct.unpack(f"<{count}h", samples)
    scaled = struct.pack(f"<{count}h", *(int(v * volume) for v in values))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setparams(params)
        w.writeframes(scaled)
    return out.getvalue()


def _linux_player() -> list[str] | None:
    for name, args in (("pw-play", []), ("paplay", []), ("aplay", ["-q"])):
        path = shutil.which(name)
        if path:
            return [path, *args]
    return None


def _qt_multimedia() -> Any | None:
    """Qt Multimedia's ``QSoundEffect`` when installed (PySide6-Addons), else None."""
    try:
        from PySide6.QtMultimedia import QSoundEffect
    except ImportError:
        return None
    return QSoundEffect


class SystemSoundPlayer:
    """Plays the station's sounds through the platform's player, never blocking.

    ``available``: something here can play them (else the window shows "sound off").
    """

    def __init__(
        self,
        volume: float = 0.8,
        muted: bool = False,
        *,
        command: list[str] | bool | None = True,
        qt_effect: Any | bool | None = True,
    ) -> None:
        """``command``/``qt_effect``: the Linux player and Qt's sound effect class to use
        (True: find them; None: there is none — tests)."""
        self.volume = volume
        self.muted = muted
        self._cache: Path | None = None
        self._files: dict[tuple[Sound, int], Path] = {}
        if command is True:
            command = None if sys.platform in ("win32", "darwin") else _linux_player()
        self._command: list[str] | None = command or None
        native = sys.platform in ("win32", "darwin") or self._command is not None
        if qt_effect is True:
            qt_effect = None if native else _qt_multimedia()
        self._qt_effect = qt_effect or None
        self._effects: dict[Path, Any] = {}
        self._playing: list[subprocess.Popen[bytes]] = []  # reaped as they end
        self.available = native or self._qt_effect is not None
        self._warned = False
        if not self.available:
            log.warning(
                "no sound player found (pw-play, paplay or aplay; Qt Multimedia is not "
                "installed): sounds are off, the window says so"
            )

    def close(self) -> None:
        """Remove the sounds' temporary folder (at the end of the process)."""
        for child in self._playing:
            try:
                child.wait(2)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self._playing.clear()
        for effect in self._effects.values():
            effect.stop()
        self._effects.clear()
        temp_folders.remove(self._cache)
        self._cache = None
        self._files.clear()

    def _file(self, sound: Sound) -> Path:
        level = round(self.volume * 100)
        key = (sound, level)
        if self._cache is None or not self._cache.is_dir():
            self._cache = temp_folders.make("sounds")
            self._files.clear()
        if key not in self._files:
            wav = (SOUNDS_DIR / f"{sound.value}.wav").read_bytes()
            path = self._cache / f"{sound.value}-{level}.wav"
            path.write_bytes(_scaled(wav, level / 100))
            self._files[key] = path
        return self._files[key]

    def play(self, sound: Sound) -> None:
        if self.muted or self.volume <= 0 or not self.available:
            return
        try:
            path = self._file(sound)
            if sys.platform == "win32":
                import winsound

                winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC)
            elif sys.platform == "darwin":
                subprocess.Popen(["afplay", str(path)])
            elif self._command:
                self._playing = [c for c in self._playing if c.poll() is None]
                self._playing.append(
                    subprocess.Popen(
                        [*self._command, str(path)],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
            elif self._qt_effect is not None:
                self._play_qt(path)
        except OSError as exc:
            if not self._warned:
                self._warned = True
                log.warning("cannot play sounds: %s", exc)

    def _play_qt(self, path: Path) -> None:
        from PySide6.QtCore import QUrl

        effect = self._effects.get(path)
        if effect is None:
            assert self._qt_effect is not None
            effect = self._qt_effect()
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[path] = effect
        effect.play()
