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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

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
    # voice folders or files a cast file named for this engine (``voice_dirs``): the engine looks
    # the voice up there first. Travels with the voice (to worker processes too); not in its spec.
    sources: tuple[str, ...] = field(default=())

    @property
    def spec(self) -> str:
        return f"{self.engine}:{self.id}"

    def setting(self, name: str, default: SettingValue | None = None) -> SettingValue | None:
        return dict(self.settings).get(name, default)

    def with_settings(self, settings: Mapping[str, SettingValue]) -> Voice:
        merged = dict(self.settings)
        merged.update(settings)
        return Voice(self.engine, self.id, tuple(sorted(merged.items())), self.sources)

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
    """What every TTS engine provides; ``engines/__init__.py`` registers them by name.

    An engine may also offer ``voices_in(path) -> list[str]``: the voice ids a user's folder or file
    holds (checked, nothing changed), which makes it a ``voice_dirs`` engine: a cast file's
    ``voice_dirs`` for it become ``Voice.sources``, searched before the engine's own voices."""

    name: str
    settings: tuple[Setting, ...]  # the voice settings it accepts; the cast is checked against them

    def voices(self) -> list[VoiceInfo]:
        """Every voice this engine can speak with on this machine, without loading models."""
        ...

    def cache_token(self, voice: Voice) -> str:
        """Changes whenever the audio for the same text could change: version, model hash, settings.
        Raises EngineError for a voice this engine does not have (its settings are checked before)."""
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


SettingKind = Literal["number", "name", "path"]


@dataclass(frozen=True)
class Setting:
    """A voice setting an engine accepts, declared once by the engine: the cast file is checked
    against it (name, kind, range) and the engine reads it with ``Voice.setting``.

    ``kind``: ``number`` (int or float within ``low``..``high``), ``name`` (a name or a number,
    e.g. a speaker) or ``path`` (a file or folder, relative to the cast file when written there).
    ``default`` None means the model's own value."""

    name: str
    kind: SettingKind = "number"
    low: float | None = None
    high: float | None = None
    default: SettingValue | None = None
    help: str = ""

    def describe(self) -> str:
        if self.kind == "number" and self.low is not None and self.high is not None:
            return f"{self.name} ({self.low:g}..{self.high:g})"
        return f"{self.name} ({self.kind})"


TAKE = Setting("take", "number", 0, 999, 0, "which take of a line (`render --take`); 0 is the first")
SPEED = Setting("speed", "number", 0.25, 4.0, 1.0, "speaking speed multiplier")


def setting_problems(settings: Mapping[str, object], declared: Sequence[Setting]) -> list[tuple[str, str]]:
    """Every problem with ``settings`` against an engine's ``declared`` settings, as
    ``(setting name, message)``: unknown names (with a did-you-mean), wrong kinds, out of range."""
    from ..errors import did_you_mean

    known = {s.name: s for s in declared}
    problems: list[tuple[str, str]] = []
    for name, value in settings.items():
        spec = known.get(name)
        if spec is None:
            problems.append((name, f"unknown setting {name!r}{did_you_mean(name, known)}; valid settings: "
                                   f"{', '.join(s.describe() for s in declared)}"))
        elif spec.kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.append((name, f"must be a number, got {value!r}"))
            elif (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
                problems.append((name, f"{value} is outside {spec.low:g}..{spec.high:g}"))
        elif spec.kind == "name" and (isinstance(value, bool) or not isinstance(value, str | int)):
            problems.append((name, f"must be a name or a number, got {value!r}"))
        elif spec.kind == "path" and not isinstance(value, str):
            problems.append((name, f"must be a path, got {value!r}"))
    return problems


def check_settings(voice: Voice, declared: Sequence[Setting]) -> None:
    """Raise EngineError naming every setting of ``voice`` that its engine does not accept."""
    problems = setting_problems(dict(voice.settings), declared)
    if problems:
        raise EngineError(f"{voice.spec}: " + "; ".join(f"setting {name}: {message}" if not message.startswith(
            "unknown") else message for name, message in problems))


def number_setting(voice: Voice, setting: Setting, default: float | None = None) -> float:
    """A numeric setting's value (already checked against its declaration), else ``default``,
    else the declared default."""
    value = voice.setting(setting.name)
    if value is None:
        value = default if default is not None else setting.default
    return float(value)  # type: ignore[arg-type]
