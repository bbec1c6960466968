"""Temporary folders are removed when their station ends, and swept at the next start when it
could not remove them (killed); a running station's folder is never touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from packstation.ui import temp_folders
from packstation.ui.sounds import Sound, SystemSoundPlayer


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(done.stdout)


def test_a_folder_is_named_after_its_process_and_removed(tmp_path: Path) -> None:
    folder = temp_folders.make("sounds")
    try:
        assert folder.name.startswith(f"packstation-sounds-{os.getpid()}-")
        (folder / "a.wav").write_bytes(b"RIFF")
    finally:
        temp_folders.remove(folder)
    assert not folder.exists()
    temp_folders.remove(folder)  # gone already: nothing to do


def test_sweep_removes_only_what_ended_stations_left(tmp_path: Path) -> None:
    now = time.time()
    mine = tmp_path / f"packstation-sounds-{os.getpid()}-abc"
    gone = tmp_path / f"packstation-demo-{dead_pid()}-def"
    old = tmp_path / "packstation-sounds-k2j4_x9q"  # an earlier version's, two days old
    young = tmp_path / "packstation-demo-zz81kq0a"  # an earlier version's, maybe running
    other = tmp_path / f"packstation-bench-{dead_pid()}-x"  # not ours to sweep
    for folder in (mine, gone, old, young, other):
        folder.mkdir()
        (folder / "file").write_text("x")
    os.utime(old, (now - 2 * 86400, now - 2 * 86400))
    not_a_folder = tmp_path / f"packstation-sounds-{dead_pid()}-file"
    not_a_folder.write_text("x")

    removed = temp_folders.sweep_stale(root=tmp_path, now=now)

    assert sorted(removed) == sorted([gone, old])
    assert not gone.exists()
    assert not old.exists()
    assert mine.exists()
    assert young.exists()
    assert other.exists()
    assert not_a_folder.exists()


def test_a_killed_station_leaves_its_sounds_and_the_next_start_sweeps_them(
    tmp_path: Path,
) -> None:
    code = textwrap.dedent(
        """
        import sys, time
        from packstation.ui.sounds import Sound, SystemSoundPlayer
        player = SystemSoundPlayer(command=["true"], qt_effect=None)
        player.play(Sound.ACCEPTED)
        print(player._cache, flush=True)
        time.sleep(60)
        """
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    folder = Path(child.stdout.readline().strip())
    assert folder.parent == tmp_path
    assert (folder / "accepted-80.wav").exists()
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    child.stdout.close()
    assert folder.exists()  # killed: nothing removed it
    assert temp_folders.sweep_stale(root=tmp_path) == [folder]
    assert not folder.exists()


def test_the_player_makes_its_folder_on_the_first_sound_and_close_removes_it() -> None:
    player = SystemSoundPlayer(command=["true"], qt_effect=None)
    assert player.available
    assert player._cache is None  # no folder for a station that never beeps
    player.play(Sound.ACCEPTED)
    folder = player._cache
    assert folder is not None
    assert folder.is_dir()
    player.close()
    assert not folder.exists()


def test_with_no_way_to_play_the_player_says_so_and_makes_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    player = SystemSoundPlayer(command=None, qt_effect=None)
    assert not player.available
    assert "sounds are off" in caplog.text
    caplog.clear()
    player.play(Sound.ATTENTION)
    assert player._cache is None
    player.close()
