"""Small acoustic measurements for end-to-end checks: pitch and spectral envelope of speech."""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import NDArray


def median_f0(samples: NDArray[np.float32], rate: int) -> float:
    """Median fundamental frequency (Hz) of the voiced frames, by autocorrelation (60-400 Hz)."""
    frame = int(0.04 * rate)
    hop = frame // 2
    lo, hi = int(rate / 400), int(rate / 60)
    energies = [float(np.sqrt(np.mean(samples[i:i + frame] ** 2))) for i in range(0, len(samples) - frame, hop)]
    if not energies:
        return 0.0
    gate = max(energies) * 0.3
    f0s = []
    for n, i in enumerate(range(0, len(samples) - frame, hop)):
        if energies[n] < gate:
            continue
        x = samples[i:i + frame] - np.mean(samples[i:i + frame])
        ac = np.correlate(x, x, mode="full")[frame - 1:]
        if ac[0] <= 0:
            continue
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] / ac[0] > 0.4:
            f0s.append(rate / lag)
    return float(np.median(f0s)) if f0s else 0.0


def envelope(samples: NDArray[np.float32], rate: int, bands: int = 24) -> NDArray[np.float64]:
    """Average log energy in mel-like bands over loud frames: a coarse timbre fingerprint."""
    frame = 1024
    edges = np.geomspace(100, min(8000, rate / 2), bands + 1)
    freqs = np.fft.rfftfreq(frame, 1 / rate)
    rows = []
    window = np.hanning(frame)
    for i in range(0, len(samples) - frame, frame // 2):
        chunk = samples[i:i + frame]
        if np.sqrt(np.mean(chunk**2)) < 0.02:
            continue
        power = np.abs(np.fft.rfft(chunk * window)) ** 2
        rows.append([np.log10(power[(freqs >= a) & (freqs < b)].sum() + 1e-9) for a, b in itertools.pairwise(edges)])
    profile = np.mean(rows, axis=0)
    return np.asarray(profile - profile.mean())
