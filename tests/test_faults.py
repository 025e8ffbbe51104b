"""Faults during a render: a full disk, Ctrl-C, and SIGKILL at random moments lose nothing.

Ctrl-C and SIGKILL need a real process (``_start``); the renders around them run in-process."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from pipeline.assemble.chapter import decode_audio
from pipeline.errors import RenderError
from pipeline.produce import prepare, render_production
from tests.conftest import ROOT, SEED, invoke
from tests.fakes import FakeEngine

STORY = '"Come here," said Anna.\n\n"No," said Boris.\n\nThe rain went on.\n\n"Still raining," said Anna.\n'
CAST = """narrator: {voice: "fake:mid"}
characters:
  Anna: {gender: female, voice: "fake:high"}
  Boris: {gender: male, voice: "fake:low"}
"""
PIPER_CAST = """narrator: {voice: "piper:en_US-joe-medium"}
characters:
  Sakura: {gender: female, voice: "piper:en_US-joe-medium", speed: 1.2}
  Sasuke: {gender: male, voice: "piper:en_US-joe-medium", speed: 0.85}
"""


@pytest.fixture
def book(tmp_path: Path, fake_engine: FakeEngine) -> tuple[Path, Path, Path]:
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    cast = tmp_path / "cast.yaml"
    cast.write_text(CAST)
    return story, cast, tmp_path / "out"


def no_temp_files(out: Path) -> bool:
    return not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_disk_full_while_writing_a_clip(book, fake_engine, monkeypatch) -> None:
    import soundfile

    story, cast, out = book
    real_write = soundfile.SoundFile.write
    calls = {"n": 0}

    def write(self, data):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            real_write(self, data[: len(data) // 2])  # half the clip reaches the disk, then it is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(soundfile.SoundFile, "write", write)
    with pytest.raises(RenderError, match=r"No space left on device.*finished clips are kept"):
        render_production(prepare(story, cast), out)
    clips = list((out / "cache" / "clips").rglob("*.flac"))
    assert len(clips) == 2 and no_temp_files(out) and not list(out.glob("*.mp3"))
    monkeypatch.setattr(soundfile.SoundFile, "write", real_write)
    fake_engine.calls.clear()
    report = render_production(prepare(story, cast), out)
    assert report.synth.cached == 2 and report.synth.synthesized == len(fake_engine.calls) > 0
    assert report.synth.corrupted == 0 and (out / "01-story.mp3").is_file()


def test_disk_full_while_writing_the_mp3(book, monkeypatch) -> None:
    import pipeline.assemble.chapter as assemble

    story, cast, out = book
    real_tags = assemble.write_tags

    def full(path, fmt, tags):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(assemble, "write_tags", full)
    with pytest.raises(RenderError, match="No space left on device"):
        render_production(prepare(story, cast), out)
    assert not list(out.glob("*.mp3")) and no_temp_files(out)
    monkeypatch.setattr(assemble, "write_tags", real_tags)
    report = render_production(prepare(story, cast), out)
    assert report.synth.synthesized == 0 and report.chapters_rebuilt == 1
    assert decode_audio(out / "01-story.mp3")[0].size > 0


@pytest.fixture(scope="module")
def short_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The first ten paragraphs of the seed on Piper voices, rendered once without interruption."""
    root = tmp_path_factory.mktemp("short")
    story = root / "short.txt"
    story.write_text("\n\n".join(SEED.read_text(encoding="utf-8").split("\n\n")[:10]), encoding="utf-8")
    cast = root / "cast.yaml"
    cast.write_text(PIPER_CAST)
    reference = root / "reference"
    result = invoke("render", str(story), "--cast", str(cast), "-o", str(reference))
    assert result.exit_code == 0, result.stderr
    return story, cast, reference


def _start(story: Path, cast: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "pipeline", "render", str(story), "--cast", str(cast), "-o",
                             str(out)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_worker_stopped_mid_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """Ctrl-C terminates the synthesis workers at once; one stopped inside a clip's atomic write leaves its
    temporary file, which the render removes as it lets go of the book's lock (the lock says nobody else is
    writing there)."""
    from pipeline.produce.lock import book_lock

    out = tmp_path / "book"
    out.mkdir()
    with pytest.raises(KeyboardInterrupt), book_lock(out):
        stray = out / "cache" / "clips" / "ab" / ".abcdef.flac.x1y2.tmp"
        stray.parent.mkdir(parents=True)
        stray.write_bytes(b"half a clip")  # (what a terminated worker leaves)
        finished = stray.with_name("abcdef.flac")
        finished.write_bytes(b"a whole clip")
        raise KeyboardInterrupt
    assert no_temp_files(out) and finished.read_bytes() == b"a whole clip"


def test_ctrl_c_stops_cleanly_and_the_next_run_resumes(short_book, tmp_path: Path) -> None:
    story, cast, reference = short_book
    out = tmp_path / "book"
    proc = _start(story, cast, out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("cache/clips/*/*.flac"))) < 3:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"interrupted" in err and b"Traceback" not in err
    kept = len(list(out.glob("cache/clips/*/*.flac")))
    assert kept >= 3 and no_temp_files(out)
    result = invoke("render", str(story), "--cast", str(cast), "-o", str(out))
    assert result.exit_code == 0 and f"cached {kept}," in result.stdout
    assert np.array_equal(decode_audio(out / "01-short.mp3")[0], decode_audio(reference / "01-short.mp3")[0])


def test_sigkill_at_random_moments_then_finish_gives_identical_audio(short_book, tmp_path: Path) -> None:
    story, cast, reference = short_book
    out = tmp_path / "book"
    rng = random.Random(20261127)
    kills = 0
    for _ in range(6):
        proc = _start(story, cast, out)
        time.sleep(rng.uniform(0.5, 6.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    result = invoke("render", str(story), "--cast", str(cast), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert kills >= 3
    assert no_temp_files(out)
    assert np.array_equal(decode_audio(out / "01-short.mp3")[0], decode_audio(reference / "01-short.mp3")[0])
    manifest_a = (out / "manifest.json").read_text()
    assert '"failed": []' in manifest_a
