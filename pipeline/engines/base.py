"""The engine protocol and the small values every engine speaks in: voices, specs and clips.

An engine turns text into samples for one ``Voice``. Engines return plain numpy samples; pydub
and file formats stay in ``assemble.py``. Heavy TTS packages are imported lazily inside each
engine module, never here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import EngineError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

SettingValue = float | int | str
_SPEC_RE = re.compile(r"^\s*([A-Za-z][\w-]*)\s*:\s*(\S.*?)\s*$")


@dataclass(frozen=True)
class VoiceInfo:
    """A voice an engine offers: its id, gender, language and native sample rate."""

    engine: str
    id: str
    gender: str  # female | male | unknown
    language: str
    sample_rate: int
    description: str = ""

    @property
    def spec(self) -> str:
        return f"{self.engine}:{self.id}"


@dataclass(frozen=True)
class Voice:
    """A voice as cast: engine name, voice id within the engine, and per-voice settings."""

    engine: str
    id: str
    settings: tuple[tuple[str, SettingValue], ...] = field(default=())

    @property
    def spec(self) -> str:
        return f"{self.engine}:{self.id}"

    def setting(self, name: str, default: SettingValue | None = None) -> SettingValue | None:
        return dict(self.settings).get(name, default)

    def with_settings(self, settings: Mapping[str, SettingValue]) -> Voice:
        merged = dict(self.settings)
        merged.update(settings)
        return Voice(self.engine, self.id, tuple(sorted(merged.items())))

    def describe(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in self.settings)
        return f"{self.spec} ({extra})" if extra else self.spec


@dataclass(frozen=True)
class Clip:
    """Synthesised speech: mono float32 samples in [-1, 1] at ``sample_rate``."""

    samples: NDArray[np.float32]
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate if self.sample_rate else 0.0


class Engine(Protocol):
    """What every TTS engine provides; see ``registry.get_engine`` for lookup by name."""

    name: str

    def voices(self) -> list[VoiceInfo]:
        """Every voice this engine can speak with on this machine, without loading models."""
        ...

    def cache_token(self, voice: Voice) -> str:
        """Changes whenever the audio for the same text could change: version, model hash, settings."""
        ...

    def synthesize(self, text: str, voice: Voice) -> Clip:
        """Speak ``text`` (already normalised for speech) with ``voice``."""
        ...


def parse_voice_spec(spec: str) -> tuple[str, str]:
    """Split ``"engine:voice"`` into its parts, or raise EngineError naming the expected form."""
    match = _SPEC_RE.match(spec) if isinstance(spec, str) else None
    if not match:
        raise EngineError(f"voice {spec!r} is not of the form 'engine:voice', e.g. 'piper:en_US-joe-medium'")
    return match.group(1).lower(), match.group(2)


_FILE_HASHES: dict[tuple[str, int, int], str] = {}


def file_sha256(path: Path) -> str:
    """sha256 of a model file, remembered per (path, size, mtime) so big models hash once."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _FILE_HASHES:
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        _FILE_HASHES[key] = digest.hexdigest()
    return _FILE_HASHES[key]


THREADS_ENV = "AUDIOBOOK_THREADS"
# onnxruntime's result for a long input depends on how many threads split the work (a Piper clip
# differed by one LSB between 1 and 2 threads), so ONNX engines use one thread unless told
# otherwise: every clip is then a pure function of its inputs on any machine and in any number of
# worker processes; parallelism comes from `render --workers` (one process per core), which is faster.
ONNX_THREADS = 1


def engine_threads() -> int | None:
    """The thread count ``$AUDIOBOOK_THREADS`` asks each engine to use (None: the engine's default)."""
    value = os.environ.get(THREADS_ENV, "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise EngineError(f"{THREADS_ENV}={value!r}: must be a whole number of threads, 1 or more")
    return int(value)


def token(*parts: object) -> str:
    """A compact, canonical cache token from JSON-able parts."""
    return json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)


def number_setting(voice: Voice, name: str, default: float, low: float, high: float) -> float:
    """A numeric voice setting, checked against its valid range."""
    value = voice.setting(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EngineError(f"{voice.spec}: setting {name}={value!r} must be a number")
    if not low <= float(value) <= high:
        raise EngineError(f"{voice.spec}: setting {name}={value} is outside {low}..{high}")
    return float(value)


def check_settings(voice: Voice, allowed: tuple[str, ...]) -> None:
    """Reject settings an engine does not know, with a did-you-mean."""
    from ..errors import did_you_mean

    for name, _ in voice.settings:
        if name not in allowed:
            raise EngineError(
                f"{voice.spec}: unknown setting {name!r}{did_you_mean(name, allowed)}; "
                f"valid settings: {', '.join(allowed)}"
            )
