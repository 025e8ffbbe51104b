"""End to end with the real embedded engines: the seed story to decoded, tagged chapter MP3s."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from pipeline.assemble.chapter import decode_audio
from tests.audio_measures import envelope, median_f0
from tests.conftest import ROOT, SEED, SEED_CAST, run_cli


@pytest.fixture
def seed_render(seed_book: tuple[Path, str]) -> tuple[Path, str]:
    return seed_book


def voice_groups(out: Path) -> tuple[dict[str, np.ndarray], int]:
    manifest = json.loads((out / "manifest.json").read_text())
    pcm, rate = decode_audio(out / manifest["chapters"][0]["file"])
    audio = pcm.astype(np.float32) / 32768
    parts: dict[str, list[np.ndarray]] = {}
    for s in manifest["segments"]:
        who = s["speaker"] if s["kind"] == "dialogue" else "narrator"
        parts.setdefault(who, []).append(audio[int(s["start"] * rate):int(s["end"] * rate)])
    return {who: np.concatenate(p) for who, p in parts.items()}, rate


def test_seed_renders_to_an_mp3_whose_length_fits_the_text(seed_render: tuple[Path, str]) -> None:
    out, stdout = seed_render
    assert re.search(r"synthesized [1-9]\d*, cached 0, chapters rebuilt 1 of 1", stdout)
    mp3s = list(out.glob("*.mp3"))
    assert [p.name for p in mp3s] == ["01-redemption.mp3"]
    pcm, rate = decode_audio(mp3s[0])
    minutes = len(pcm) / rate / 60
    words = len(SEED.read_text(encoding="utf-8").split())
    assert 150 <= words / minutes <= 190, f"{words} words in {minutes:.2f} min"
    assert np.abs(pcm).max() > 3000  # real, audible speech, not silence


def test_narrator_and_both_characters_have_three_audibly_different_voices(seed_render: tuple[Path, str]) -> None:
    out, _ = seed_render
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["voices"]["Sakura"] == "kokoro:jf_alpha"
    assert manifest["voices"]["Sasuke"] == "kokoro:jm_kumo"
    assert manifest["narrator"] == "piper:en_US-joe-medium"
    groups, rate = voice_groups(out)
    assert set(groups) == {"narrator", "Sakura", "Sasuke"}
    f0 = {who: median_f0(a, rate) for who, a in groups.items()}
    assert f0["Sakura"] > 1.5 * f0["Sasuke"] and f0["Sakura"] > 1.5 * f0["narrator"], f0
    env = {who: envelope(a, rate) for who, a in groups.items()}
    within = max(np.linalg.norm(envelope(a[: len(a) // 2], rate) - envelope(a[len(a) // 2:], rate))
                 for a in groups.values())
    for a, b in (("narrator", "Sasuke"), ("narrator", "Sakura"), ("Sakura", "Sasuke")):
        assert np.linalg.norm(env[a] - env[b]) > 3 * within, (a, b)


def test_mp3_has_id3_tags_and_manifest_and_script_are_written(seed_render: tuple[Path, str]) -> None:
    from mutagen.id3 import ID3
    from mutagen.mp3 import MP3

    out, _ = seed_render
    mp3 = out / "01-redemption.mp3"
    tags = ID3(str(mp3))
    assert str(tags["TIT2"]) == "Redemption"
    assert str(tags["TALB"]) == "Redemption"
    assert str(tags["TRCK"]) == "1/1"
    assert "Sakura: kokoro:jf_alpha" in str(tags.getall("COMM")[0])
    info = MP3(str(mp3)).info
    assert info.sample_rate == 44100 and info.bitrate == 192000
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["summary"]["cached"] == 0 and manifest["summary"]["synthesized"] > 0
    from_text = [s for s in manifest["segments"] if s["text_end"] > s["text_start"]]
    assert len(from_text) == sum(1 for line in (out / "script.txt").read_text().splitlines()
                                 if re.match(r"^\d\d-", line))
    title = manifest["segments"][0]
    assert title["text"] == "Redemption" and title["voice"] == "piper:en_US-joe-medium"  # the title is spoken first


def test_second_render_synthesises_nothing_and_keeps_the_file(seed_render: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = seed_render
    copy = tmp_path / "book"
    shutil.copytree(out, copy)
    mp3 = copy / "01-redemption.mp3"
    before = (mp3.stat().st_mtime_ns, mp3.read_bytes())
    result = run_cli("render", str(SEED), "--cast", str(SEED_CAST), "-o", str(copy))
    assert result.returncode == 0, result.stderr
    assert re.search(r"synthesized 0, cached [1-9]\d*, chapters rebuilt 0 of 1", result.stdout)
    assert (mp3.stat().st_mtime_ns, mp3.read_bytes()) == before


def test_render_without_cast_auto_casts_detected_characters(tmp_path: Path) -> None:
    result = run_cli("parse", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    speakers = {s["speaker"] for s in json.loads(result.stdout)["segments"] if s["kind"] == "dialogue"}
    assert {"Sakura", "Sasuke"} <= speakers
    from pipeline.produce import prepare

    prod = prepare(SEED, None)
    assert prod.voices["Sakura"].spec == "kokoro:jf_alpha"
    assert prod.voices["Sasuke"].spec == "kokoro:jm_kumo"
    assert prod.cast.narrator.spec == "piper:en_US-joe-medium"


def test_readme_render_command_targets_output_folder() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "audiobook render seeds/redemption.txt" in readme
