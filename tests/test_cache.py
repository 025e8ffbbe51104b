"""The clip cache: keys follow content; clips round-trip losslessly; corruption is caught."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.engines import Clip
from pipeline.render.cache import ClipStore, clip_key


def tone(seconds: float = 0.5, rate: int = 22050) -> Clip:
    t = np.arange(int(seconds * rate)) / rate
    return Clip((0.4 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), rate)


def test_key_changes_with_text_and_engine_token_only() -> None:
    base = clip_key("Hello.", "piper|joe|()")
    assert base == clip_key("Hello.", "piper|joe|()")
    assert base != clip_key("Hello!", "piper|joe|()")
    assert base != clip_key("Hello.", "piper|joe|(('speed', 1.1),)")


def test_round_trip_is_within_one_16_bit_step(tmp_path: Path) -> None:
    store = ClipStore(tmp_path)
    clip = tone()
    store.put("ab" * 32, clip)
    back = store.get("ab" * 32)
    assert back is not None and back.sample_rate == 22050
    assert len(back.samples) == len(clip.samples)
    assert np.abs(back.samples - clip.samples).max() < 1 / 16000
    assert not list(tmp_path.rglob("*.tmp"))


def test_corrupted_clip_is_detected_and_removed(tmp_path: Path) -> None:
    store = ClipStore(tmp_path)
    path = store.put("cd" * 32, tone())
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert store.get("cd" * 32) is None
    assert store.corrupted == ["cd" * 32]
    assert not path.exists()


def test_truncated_clip_is_detected(tmp_path: Path) -> None:
    store = ClipStore(tmp_path)
    path = store.put("ef" * 32, tone(2.0))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert store.get("ef" * 32) is None
