"""Audiobook-grade output with real engines: ACX figures (checked independently with ffmpeg),
M4B chapters, MP3 CHAP frames, cover art, FLAC, and subtitles that match the manifest."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

from pipeline.assemble.chapter import decode_audio, ffmpeg_exe
from tests.conftest import SEED, invoke

CAST = """title: Redemption in Two Parts
author: A. Writer
cover: cover.png
narrator: {voice: "piper:en_US-joe-medium"}
characters:
  Sakura: {gender: female, voice: "kokoro:jf_alpha"}
  Sasuke: {gender: male, voice: "espeak:en-us+m3"}
"""


def png(path: Path, size: int = 16) -> None:
    """A tiny valid PNG (solid colour), written without an imaging library."""
    raw = b"".join(b"\x00" + bytes([200, 80, 40]) * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("formats")
    paragraphs = SEED.read_text(encoding="utf-8").split("\n\n")
    story = root / "two.txt"
    story.write_text("Chapter 1: Spring\n\n" + "\n\n".join(paragraphs[:5]) + "\n\nChapter 2: Winter\n\n"
                     + "\n\n".join(paragraphs[5:9]), encoding="utf-8")
    png(root / "cover.png")
    (root / "cast.yaml").write_text(CAST)
    out = root / "out"
    result = invoke("render", str(story), "--cast", str(root / "cast.yaml"), "-o", str(out), "--m4b",
                    "--format", "mp3", "--format", "flac")
    assert result.exit_code == 0, result.stderr
    return out


def ffmpeg_stats(path: Path) -> dict[str, float]:
    """RMS and peak level as ffmpeg's astats filter measures them, and integrated loudness (ebur128)."""
    result = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-af",
                             "astats=metadata=0,ebur128", "-f", "null", "-"], capture_output=True, text=True)
    log = result.stderr
    rms = float(re.findall(r"RMS level dB: (-?[\d.]+)", log)[-1])
    peak = float(re.findall(r"Peak level dB: (-?[\d.]+)", log)[-1])
    lufs = float(re.findall(r"I:\s+(-?[\d.]+) LUFS", log)[-1])
    return {"rms": rms, "peak": peak, "lufs": lufs}


def test_every_chapter_passes_acx_and_ffmpeg_agrees(book: Path) -> None:
    result = invoke("check", str(book))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "2 of 2 file(s) pass every ACX figure" in result.stdout and result.stderr == ""
    manifest = json.loads((book / "manifest.json").read_text())
    for chapter in manifest["chapters"]:
        stats = ffmpeg_stats(book / chapter["file"])
        assert -23.0 <= stats["rms"] <= -18.0, stats
        assert stats["peak"] <= -3.0, stats
        assert abs(stats["rms"] - chapter["rms_db"]) < 0.5, (stats, chapter)


def test_check_fails_a_quiet_file_with_exit_1(book: Path, tmp_path: Path) -> None:
    quiet = tmp_path / "quiet"
    quiet.mkdir()
    src = book / "01-chapter-1-spring.mp3"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(src), "-af", "volume=-12dB", "-b:a", "192k",
                    str(quiet / "01-quiet.mp3")], check=True)
    result = invoke("check", str(quiet))
    assert result.exit_code == 1 and "FAIL (RMS dB)" in result.stdout
    assert result.stdout.rstrip().endswith("0 of 1 file(s) pass every ACX figure")


def test_chapter_titles_are_spoken_first_and_files_tagged(book: Path) -> None:
    from mutagen.id3 import ID3

    manifest = json.loads((book / "manifest.json").read_text())
    first = next(s for s in manifest["segments"] if s["chapter"] == 2)
    assert first["text"] == "Chapter 2: Winter" and first["start"] == pytest.approx(0.75, abs=0.01)
    tags = ID3(str(book / "02-chapter-2-winter.mp3"))
    assert str(tags["TIT2"]) == "Chapter 2: Winter"
    assert str(tags["TALB"]) == "Redemption in Two Parts" and str(tags["TPE1"]) == "A. Writer"
    assert str(tags["TRCK"]) == "2/2"
    assert tags.getall("APIC")[0].data == (book.parent / "cover.png").read_bytes()
    chap = tags.getall("CHAP")[0]
    assert str(chap.sub_frames["TIT2"]) == "Chapter 2: Winter" and chap.start_time == 0
    assert abs(chap.end_time / 1000 - manifest["chapters"][1]["duration"]) < 0.1
    assert tags.getall("CTOC")[0].child_element_ids == [chap.element_id]


def test_m4b_has_one_chapter_marker_per_chapter_at_the_right_times(book: Path) -> None:
    m4b = book / "two.m4b"
    manifest = json.loads((book / "manifest.json").read_text())
    log = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(m4b)], capture_output=True, text=True).stderr
    starts = [float(x) for x in re.findall(r"Chapter #\d+:\d+: start (\d+\.\d+)", log)]
    titles = re.findall(r"Chapter #\d+:\d+:.*?\n\s+Metadata:\n\s+title\s+: (.+)", log)
    assert titles == ["Chapter 1: Spring", "Chapter 2: Winter"]
    assert starts[0] == 0.0
    assert starts[1] == pytest.approx(manifest["chapters"][0]["duration"], abs=0.1)
    assert "attached pic" in log
    pcm, rate = decode_audio(m4b)
    total = sum(c["duration"] for c in manifest["chapters"])
    assert abs(len(pcm) / rate - total) < 0.5


def test_flac_matches_the_mp3_chapter(book: Path) -> None:
    a, _ = decode_audio(book / "01-chapter-1-spring.flac")
    b, _ = decode_audio(book / "01-chapter-1-spring.mp3")
    assert abs(len(a) - len(b)) < 44100 * 0.1
    n = min(len(a), len(b))
    assert np.corrcoef(a[:n].astype(float), b[:n].astype(float))[0, 1] > 0.9


def test_subtitle_cues_match_the_manifest(book: Path) -> None:
    manifest = json.loads((book / "manifest.json").read_text())
    timed = [s for s in manifest["segments"] if s["chapter"] == 1]
    srt = (book / "01-chapter-1-spring.srt").read_text()
    stamps = re.findall(r"(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})\n\[(.+?)\] ", srt)
    assert len(stamps) == len(timed)
    for seg, cue in zip(timed, stamps, strict=True):
        h, m, s, ms = map(int, cue[:4])
        assert abs(h * 3600 + m * 60 + s + ms / 1000 - seg["start"]) < 0.002
        who = seg["speaker"] if seg["kind"] == "dialogue" else "Narrator"
        assert cue[8] == who
    vtt = (book / "01-chapter-1-spring.vtt").read_text()
    assert vtt.startswith("WEBVTT") and vtt.count(" --> ") == len(timed)
