"""Clips to chapter audio: common format, matched loudness, pauses from context, MP3 with tags.

Clips are brought to one rate (44.1 kHz mono, soxr), trimmed, levelled and faded, joined once
per chapter as raw samples (never ``AudioSegment + AudioSegment`` in a loop), and exported with
pydub through the ffmpeg that ``imageio-ffmpeg`` ships. Files are written under a temporary
name and renamed, so a killed export never leaves a truncated MP3 under the real name.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .cache import ClipStore
from .fsutil import atomic_path
from .render import Line

RATE = 44100
BITRATE = "192k"
HEAD_SECONDS = 0.75
TAIL_SECONDS = 2.0
TARGET_RMS_DB = -19.0
PEAK_DB = -3.5
ASSEMBLY_VERSION = 1
PAUSES = {"sentence": 0.25, "speaker": 0.45, "paragraph": 0.8, "heading": 1.4}


class MissingClips(Exception):
    """Clips that were expected in the store but are missing or corrupted."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = tuple(keys)
        super().__init__(f"{len(self.keys)} clip(s) missing or corrupted")


@dataclass(frozen=True)
class Timing:
    """Where a segment sits in its chapter's audio, in seconds."""

    segment_id: str
    start: float
    end: float


@dataclass(frozen=True)
class ChapterTags:
    """ID3 tags for one chapter file."""

    title: str
    album: str
    artist: str
    track: int
    tracks: int
    comment: str = ""


def pause_before(prev: Line | None, line: Line) -> float:
    """Silence between two segments: sentence < speaker change < paragraph < after the title."""
    if prev is None:
        return 0.0
    if prev.segment.heading:
        return PAUSES["heading"]
    if prev.segment.paragraph != line.segment.paragraph:
        return PAUSES["paragraph"]
    if prev.voice != line.voice:
        return PAUSES["speaker"]
    return PAUSES["sentence"]


def chapter_fingerprint(lines: Sequence[Line], tags: ChapterTags) -> str:
    """Changes exactly when the chapter's audio or tags would change."""
    plan = [(ln.key, round(pause_before(p, ln), 3)) for p, ln in zip([None, *lines[:-1]], lines, strict=True)]
    payload = json.dumps({"v": ASSEMBLY_VERSION, "rate": RATE, "bitrate": BITRATE, "plan": plan,
                          "tags": tags.__dict__}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _resample(samples: NDArray[np.float32], rate: int) -> NDArray[np.float32]:
    if rate == RATE:
        return samples
    import soxr

    return np.asarray(soxr.resample(samples, rate, RATE, quality="HQ"), dtype=np.float32)


def _trim(samples: NDArray[np.float32], threshold: float = 10 ** (-48 / 20), pad: int = int(0.02 * RATE)
          ) -> NDArray[np.float32]:
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if not len(loud):
        return samples[:0]
    return samples[max(0, loud[0] - pad): loud[-1] + pad]


def level(samples: NDArray[np.float32]) -> NDArray[np.float32]:
    """Bring a clip to the target speech RMS (measured over its voiced part), peaks below the cap."""
    if not len(samples):
        return samples
    frame = int(0.02 * RATE)
    n = len(samples) // frame
    if n:
        energy = np.sqrt(np.mean(samples[: n * frame].reshape(n, frame) ** 2, axis=1))
        voiced = energy[energy > energy.max() * 0.1]
        rms = float(np.sqrt(np.mean(voiced**2))) if len(voiced) else float(np.sqrt(np.mean(samples**2)))
    else:
        rms = float(np.sqrt(np.mean(samples**2)))
    peak = float(np.abs(samples).max())
    if rms <= 1e-6 or peak <= 1e-6:
        return samples
    gain = min(10 ** (TARGET_RMS_DB / 20) / rms, 10 ** (PEAK_DB / 20) / peak)
    return (samples * gain).astype(np.float32)


def _fade(samples: NDArray[np.float32], seconds: float = 0.006) -> NDArray[np.float32]:
    n = min(int(seconds * RATE), len(samples) // 2)
    if n <= 0:
        return samples
    out = samples.copy()
    ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
    out[:n] *= ramp
    out[-n:] *= ramp[::-1]
    return out


def prepare_clip(samples: NDArray[np.float32], rate: int) -> NDArray[np.float32]:
    """One stored clip as it goes into a chapter: 44.1 kHz, trimmed, levelled, faded."""
    return _fade(level(_trim(_resample(samples, rate))))


def build_chapter(lines: Sequence[Line], store: ClipStore) -> tuple[NDArray[np.int16], list[Timing]]:
    """The chapter's samples (int16, 44.1 kHz mono) and each segment's place in them."""
    parts: list[NDArray[np.float32]] = [np.zeros(int(HEAD_SECONDS * RATE), dtype=np.float32)]
    position = len(parts[0])
    timings: list[Timing] = []
    missing: list[str] = []
    prev: Line | None = None
    for line in lines:
        gap = int(pause_before(prev, line) * RATE)
        if gap:
            parts.append(np.zeros(gap, dtype=np.float32))
            position += gap
        audio: NDArray[np.float32]
        if line.key is None:
            audio = np.zeros(int(PAUSES["sentence"] * RATE), dtype=np.float32)
        else:
            clip = store.get(line.key)
            if clip is None:
                missing.append(line.key)
                continue
            audio = prepare_clip(clip.samples, clip.sample_rate)
        timings.append(Timing(line.segment.id, position / RATE, (position + len(audio)) / RATE))
        parts.append(audio)
        position += len(audio)
        prev = line
    if missing:
        raise MissingClips(missing)
    parts.append(np.zeros(int(TAIL_SECONDS * RATE), dtype=np.float32))
    pcm = (np.clip(np.concatenate(parts), -1.0, 1.0) * 32767.0).round().astype(np.int16)
    return pcm, timings


@cache
def ffmpeg_exe() -> str:
    """The ffmpeg binary from imageio-ffmpeg (a fresh machine has no system ffmpeg)."""
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def _pydub() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # pydub warns at import when no system ffmpeg
        from pydub import AudioSegment
    AudioSegment.converter = ffmpeg_exe()
    AudioSegment.ffmpeg = ffmpeg_exe()
    return AudioSegment


def write_mp3(pcm: NDArray[np.int16], path: Path, tags: ChapterTags) -> None:
    """Encode 44.1 kHz mono PCM to a CBR MP3 with ID3 tags, atomically (temp file, then rename)."""
    audio_segment = _pydub()
    segment = audio_segment(data=pcm.tobytes(), sample_width=2, frame_rate=RATE, channels=1)
    with atomic_path(path) as tmp:
        segment.export(str(tmp), format="mp3", bitrate=BITRATE, parameters=["-ar", str(RATE), "-ac", "1"])
        write_tags(tmp, tags)


def write_tags(path: Path, tags: ChapterTags) -> None:
    """ID3v2.4 title, album, artist, track n/N, genre and a comment naming the voices."""
    from mutagen.id3 import COMM, ID3, TALB, TCON, TIT2, TPE1, TRCK, ID3NoHeaderError

    try:
        id3 = ID3(str(path))
    except ID3NoHeaderError:
        id3 = ID3()
    id3.delall("TXXX")
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TRCK(encoding=3, text=f"{tags.track}/{tags.tracks}"))
    id3.add(TCON(encoding=3, text="Audiobook"))
    if tags.comment:
        id3.add(COMM(encoding=3, lang="eng", desc="voices", text=tags.comment))
    id3.save(str(path), v2_version=4)


def decode_audio(path: Path) -> tuple[NDArray[np.int16], int]:
    """Decode any audio file to mono int16 samples with ffmpeg (used by checks and tests)."""
    import subprocess

    result = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"],
        capture_output=True, check=True,
    )
    return np.frombuffer(result.stdout, dtype=np.int16), RATE

