"""A fast, fake TTS engine for unit tests of rendering logic (never the proof the product works)."""

from __future__ import annotations

import hashlib

import numpy as np

from pipeline.engines import Clip, Voice, VoiceInfo
from pipeline.engines.base import SPEED, TAKE
from pipeline.errors import EngineError


class FakeEngine:
    """Speaks each character as 10 ms of a tone whose pitch depends on the voice; counts calls."""

    name = "fake"
    settings = (SPEED, TAKE)

    def __init__(self, rate: int = 16000) -> None:
        self.rate = rate
        self.calls: list[tuple[str, str]] = []
        self.fail_on: set[str] = set()
        self.empty_on: set[str] = set()

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("fake", v, g, "en", self.rate) for v, g in
                (("low", "male"), ("high", "female"), ("mid", "unknown"), ("alt", "female"), ("deep", "male"))]

    def cache_token(self, voice: Voice) -> str:
        if voice.id not in {v.id for v in self.voices()}:
            raise EngineError(f"unknown fake voice {voice.id!r}")
        return f"fake|{voice.id}|{voice.settings}"

    def synthesize(self, text: str, voice: Voice) -> Clip:
        self.calls.append((text, voice.spec))
        if any(word in text for word in self.fail_on):
            raise EngineError(f"fake: refuses {text[:20]!r}")
        if any(word in text for word in self.empty_on):
            return Clip(np.zeros(0, dtype=np.float32), self.rate)
        pitch = 100 + int(hashlib.md5(voice.spec.encode()).hexdigest()[:2], 16) * 3
        n = int(0.01 * self.rate * max(1, len(text)))
        t = np.arange(n) / self.rate
        return Clip((0.3 * np.sin(2 * np.pi * pitch * t)).astype(np.float32), self.rate)
