"""Measure rendered files against ACX's audiobook submission standard.

ACX (the largest audiobook marketplace) asks, per file: RMS between -23 and -18 dB, sample peaks
at or below -3 dB, a noise floor at or below -60 dB, MP3 at 192 kbps or more CBR, 44.1 kHz,
0.5-1 s of room tone at the head and 1-5 s at the tail. Integrated loudness (LUFS) is reported
too. Measurements are made on the decoded audio.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .chapter import db as _db
from .chapter import decode_audio

RMS_RANGE = (-23.0, -18.0)
PEAK_MAX = -3.0
NOISE_MAX = -60.0
HEAD_RANGE = (0.5, 1.0)
TAIL_RANGE = (1.0, 5.0)
MIN_BITRATE = 192_000
SILENCE_DB = -50.0


@dataclass(frozen=True)
class Measure:
    """One figure of one file, with its limit and whether it passes."""

    name: str
    value: float | str
    limit: str
    ok: bool


def measure(path: Path) -> list[Measure]:
    """Every ACX figure for one MP3 file."""
    from mutagen.mp3 import MP3, BitrateMode

    pcm, rate = decode_audio(path)
    x = pcm.astype(np.float64) / 32768.0
    rms = _db(float(np.sqrt(np.mean(x**2)))) if len(x) else float("-inf")
    peak = _db(float(np.abs(x).max())) if len(x) else float("-inf")
    window = int(0.05 * rate)
    n = len(x) // window
    frames = np.sqrt(np.mean(x[: n * window].reshape(n, window) ** 2, axis=1)) if n else np.zeros(0)
    frame_db = np.array([_db(float(v)) for v in frames])
    loud = np.flatnonzero(frame_db > SILENCE_DB)
    head = loud[0] * window / rate if len(loud) else 0.0
    tail = (n - 1 - loud[-1]) * window / rate if len(loud) else 0.0
    # noise floor: the RMS of the quietest half second of the file
    half = max(1, int(0.5 * rate / window))
    floor = min((_db(float(np.sqrt(np.mean(frames[i:i + half] ** 2)))) for i in range(0, max(1, n - half + 1))),
                default=float("-inf"))
    info: Any = MP3(str(path)).info
    cbr = info.bitrate_mode in (BitrateMode.CBR, BitrateMode.UNKNOWN)
    lufs = _lufs(x, rate)
    return [
        Measure("RMS dB", round(rms, 1), "-23..-18", RMS_RANGE[0] <= rms <= RMS_RANGE[1]),
        Measure("peak dB", round(peak, 1), "<= -3", peak <= PEAK_MAX),
        Measure("noise floor dB", round(floor, 1) if np.isfinite(floor) else "-inf", "<= -60", floor <= NOISE_MAX),
        Measure("head s", round(head, 2), "0.5..1", HEAD_RANGE[0] <= head <= HEAD_RANGE[1]),
        Measure("tail s", round(tail, 2), "1..5", TAIL_RANGE[0] <= tail <= TAIL_RANGE[1]),
        Measure("bitrate", f"{info.bitrate // 1000}k {'CBR' if cbr else 'VBR'}", ">=192k CBR",
                info.bitrate >= MIN_BITRATE and cbr),
        Measure("sample rate", info.sample_rate, "44100", info.sample_rate == 44100),
        Measure("LUFS", round(lufs, 1) if np.isfinite(lufs) else "-inf", "(info)", True),
    ]


def _lufs(x: np.ndarray, rate: int) -> float:
    import pyloudnorm

    if len(x) < rate:
        return float("-inf")
    return float(pyloudnorm.Meter(rate).integrated_loudness(x))


def check_folder(folder: Path) -> list[tuple[Path, list[Measure]]]:
    """Measure every chapter MP3 in a rendered book folder, in order."""
    return [(p, measure(p)) for p in sorted(folder.glob("*.mp3"))]
