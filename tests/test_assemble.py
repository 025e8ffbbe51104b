"""Per-clip processing: levelling, the peak limiter, trimming; block-wise equals one-shot."""

from __future__ import annotations

import numpy as np
import pytest

import pipeline.assemble.chapter as assemble
from pipeline.assemble.chapter import RATE, TARGET_RMS_DB, _trim, _voiced_rms, level, limit


def speechlike(seconds: float, seed: int = 0) -> np.ndarray:
    """Bursts of noisy tone with pauses and a few sharp peaks: a crude stand-in for speech."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    envelope = (np.sin(2 * np.pi * 2.5 * t) > 0).astype(np.float32)
    x = (0.1 * np.sin(2 * np.pi * 180 * t) + 0.03 * rng.standard_normal(len(t))) * envelope
    x[rng.integers(0, len(x), 30)] = 0.95
    return x.astype(np.float32)


def test_limiter_caps_peaks_and_leaves_quiet_audio_alone() -> None:
    x = speechlike(3.0)
    quiet = x.copy()
    quiet[np.abs(quiet) > 0.2] = 0.0
    ceiling = 10 ** (-4 / 20)
    out = limit(x.copy() * 3, ceiling)
    assert np.abs(out).max() <= ceiling + 1e-6
    untouched = limit(quiet.copy(), ceiling)
    assert np.array_equal(untouched, quiet)


def test_levelling_brings_different_engines_to_one_speech_level() -> None:
    soft, loud = speechlike(4.0, 1) * 0.1, speechlike(4.0, 2) * 2.0
    a, b = level(soft), level(loud)
    target = 10 ** (TARGET_RMS_DB / 20)
    assert _voiced_rms(a) == pytest.approx(target, rel=0.15)
    assert _voiced_rms(b) == pytest.approx(target, rel=0.15)


def test_blockwise_processing_matches_one_shot(monkeypatch: pytest.MonkeyPatch) -> None:
    x = speechlike(50.0, 3) * 4
    blockwise = level(x.copy())
    monkeypatch.setattr(assemble, "_WORK", RATE * 1000)
    one_shot = level(x.copy())
    assert np.allclose(blockwise, one_shot, atol=1e-6)


def test_trim_keeps_20ms_around_the_speech() -> None:
    x = np.zeros(RATE * 3, dtype=np.float32)
    x[RATE:2 * RATE] = 0.3
    out = _trim(x)
    assert len(out) == RATE + 2 * int(0.02 * RATE) - 1
    assert len(_trim(np.zeros(1000, dtype=np.float32))) == 0


def test_running_min_equals_the_sliding_window_minimum() -> None:
    from pipeline.assemble.chapter import running_min

    x = np.random.default_rng(5).random(10_007).astype(np.float32)
    for width in (1, 2, 7, 353, 10_007):
        expected = np.lib.stride_tricks.sliding_window_view(x, width).min(axis=1)
        assert np.array_equal(running_min(x, width), expected), width
