"""Incremental production with the real engines on the seed: exact counts, untouched chapters,
a render killed with SIGKILL (mid-synthesis and mid-export) resuming to identical audio."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import Result

from pipeline.assemble.chapter import decode_audio
from pipeline.produce import prepare
from tests.conftest import ROOT, SEED, SEED_CAST, invoke

PIPER_CAST = """narrator: {voice: "piper:en_US-joe-medium"}
characters:
  Sakura: {gender: female, aliases: [Haruno], voice: "piper:en_US-joe-medium", speed: 1.2, noise_scale: 0.9}
  Sasuke: {gender: male, voice: "piper:en_US-joe-medium", speed: 0.85}
"""


def copy_book(seed_book: tuple[Path, str], tmp_path: Path) -> Path:
    out = tmp_path / "book"
    shutil.copytree(seed_book[0], out)
    return out


def rendered(result: Result) -> tuple[int, int, int]:
    assert result.exit_code == 0, result.stderr
    match = re.search(r"synthesized (\d+), cached (\d+), chapters rebuilt (\d+)", result.stdout)
    assert match, result.stdout
    return int(match[1]), int(match[2]), int(match[3])


def distinct_keys(out: Path, predicate) -> int:  # type: ignore[no-untyped-def]
    segments = json.loads((out / "manifest.json").read_text())["segments"]
    return len({s["key"] for s in segments if s["key"] and predicate(s)})


def test_recasting_sakura_resynthesises_exactly_her_lines(seed_book, tmp_path: Path) -> None:
    out = copy_book(seed_book, tmp_path)
    cast = tmp_path / "cast.yaml"
    cast.write_text(SEED_CAST.read_text().replace('voice: "kokoro:jf_alpha"',
                                                  'voice: "piper:en_US-joe-medium"\n    speed: 1.15'))
    synthesized, cached, rebuilt = rendered(invoke("render", str(SEED), "--cast", str(cast), "-o", str(out)))
    assert synthesized == distinct_keys(out, lambda s: s["speaker"] == "Sakura") > 10
    assert cached == distinct_keys(out, lambda s: s["speaker"] != "Sakura")
    assert rebuilt == 1


def test_recasting_the_narrator_resynthesises_only_narration(seed_book, tmp_path: Path) -> None:
    out = copy_book(seed_book, tmp_path)
    cast = tmp_path / "cast.yaml"
    cast.write_text(SEED_CAST.read_text().replace('voice: "piper:en_US-joe-medium"',
                                                  'voice: "piper:en_US-joe-medium"\n  speed: 1.1', 1))
    synthesized, _, _ = rendered(invoke("render", str(SEED), "--cast", str(cast), "-o", str(out)))
    assert synthesized == distinct_keys(out, lambda s: s["kind"] == "narration")
    segments = json.loads((out / "manifest.json").read_text())["segments"]
    voices = {s["voice"] for s in segments if s["kind"] == "dialogue"}
    assert voices == {"kokoro:jf_alpha", "kokoro:jm_kumo"}


def test_a_pronunciation_resynthesises_only_lines_with_the_word(seed_book, tmp_path: Path) -> None:
    out = copy_book(seed_book, tmp_path)
    cast = tmp_path / "cast.yaml"
    cast.write_text(SEED_CAST.read_text().replace('pronunciations:\n', 'pronunciations:\n  Naruto: "Nahrootoh"\n'))
    synthesized, _, _ = rendered(invoke("render", str(SEED), "--cast", str(cast), "-o", str(out)))
    assert synthesized == distinct_keys(out, lambda s: re.search(r"\bNaruto\b", s["text"])) == 1


def test_editing_one_line_in_the_script_resynthesises_one_clip(seed_book, tmp_path: Path) -> None:
    out = copy_book(seed_book, tmp_path)
    script = (out / "script.txt").read_text()
    assert "| Sakura | Never…" in script
    (out / "script.txt").write_text(script.replace("| Sakura | Never…", "| Sakura | Never. Not once…"))
    status = invoke("status", str(SEED), "--cast", str(SEED_CAST), "-o", str(out))
    assert status.exit_code == 0 and "1 line(s) to synthesise, 1 of 1 chapter(s) to rebuild" in status.stdout
    assert rendered(invoke("render", str(SEED), "--cast", str(SEED_CAST), "-o", str(out)))[0] == 1
    segments = json.loads((out / "manifest.json").read_text())["segments"]
    line = next(s for s in segments if s["text"] == "Never. Not once…")
    found = invoke("find", str(out), "--at", f"1:0:{(line['start'] + line['end']) / 2:.2f}")
    assert found.exit_code == 0 and found.stdout.startswith(line["id"]) and "kokoro:jf_alpha" in found.stdout


@pytest.fixture(scope="module")
def two_chapters(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The seed split into two chapters, cast on Piper only, rendered once uninterrupted."""
    root = tmp_path_factory.mktemp("two")
    paragraphs = SEED.read_text(encoding="utf-8").split("\n\n")
    story = root / "redemption2.txt"
    story.write_text("Chapter 1\n\n" + "\n\n".join(paragraphs[:12]) + "\n\nChapter 2\n\n" +
                     "\n\n".join(paragraphs[12:]), encoding="utf-8")
    cast = root / "cast.yaml"
    cast.write_text(PIPER_CAST)
    out = root / "reference"
    assert rendered(invoke("render", str(story), "--cast", str(cast), "-o", str(out)))[2] == 2
    return story, cast, out


def test_untouched_chapter_keeps_its_bytes_and_mtime(two_chapters, tmp_path: Path) -> None:
    story, cast, reference = two_chapters
    out = tmp_path / "book"
    shutil.copytree(reference, out)
    first, second = sorted(out.glob("*.mp3"))
    before = (first.stat().st_mtime_ns, first.read_bytes(), second.stat().st_mtime_ns)
    chapter2 = [s for s in prepare(story, cast).script.segments if s.chapter == 2 and s.kind == "dialogue"]
    script = (out / "script.txt").read_text()
    old = f"{chapter2[0].id} | {chapter2[0].speaker} | "
    (out / "script.txt").write_text(script.replace(old, old + "Listen. ", 1))
    synthesized, _, rebuilt = rendered(invoke("render", str(story), "--cast", str(cast), "-o", str(out)))
    assert (synthesized, rebuilt) == (1, 1)
    assert (first.stat().st_mtime_ns, first.read_bytes()) == before[:2]
    assert second.stat().st_mtime_ns != before[2]


def _start(story: Path, cast: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "pipeline", "render", str(story), "--cast", str(cast), "-o",
                             str(out)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_when(proc: subprocess.Popen[bytes], ready, timeout: float = 300) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.005)
    proc.wait()
    return False


def test_render_killed_mid_synthesis_and_mid_export_resumes_to_identical_audio(two_chapters, tmp_path) -> None:
    story, cast, reference = two_chapters
    out = tmp_path / "killed"
    clips = out / "cache" / "clips"
    proc = _start(story, cast, out)
    assert _kill_when(proc, lambda: len(list(clips.glob("*/*.flac"))) >= 8), "render ended before the kill"
    kept = len(list(clips.glob("*/*.flac")))
    assert not list(out.glob("*.mp3"))
    proc = _start(story, cast, out)
    caught_export = _kill_when(proc, lambda: any(out.glob(".*.mp3.*.tmp")))
    result = invoke("render", str(story), "--cast", str(cast), "-o", str(out))
    synthesized, cached, _ = rendered(result)
    assert cached >= kept  # nothing finished before the kills was lost
    assert not list(out.rglob("*.tmp"))
    for name in ("01-chapter-1.mp3", "02-chapter-2.mp3"):
        a, _ = decode_audio(reference / name)
        b, _ = decode_audio(out / name)
        assert np.array_equal(a, b), name
    print(f"killed mid-synthesis after {kept} clips; killed mid-export: {caught_export}; "
          f"resumed: synthesized {synthesized}, cached {cached}")
