"""Segments to clips: decide each segment's voice and spoken text, synthesise what the cache lacks.

Every finished clip is stored before the next one starts, so an interrupted render loses
nothing and the next run resumes. A segment whose engine fails is reported by id; the others
still render.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..cast import Cast
from ..engines import Clip, Voice, get_engine
from ..errors import EngineError
from ..model import Segment
from ..speech.language import voice_language
from ..speech.lexicon import is_speakable, spoken_text
from .cache import ClipStore, clip_key


@dataclass(frozen=True)
class Line:
    """A segment ready to render: its voice, the exact text spoken, and its clip key (None: a pause)."""

    segment: Segment
    voice: Voice
    spoken: str
    key: str | None


@dataclass(frozen=True)
class EngineStats:
    """Work one engine did in this run: clips, seconds of audio made and seconds it took."""

    clips: int = 0
    audio_seconds: float = 0.0
    synth_seconds: float = 0.0

    @property
    def rtf(self) -> float:
        """Real-time factor as seconds of audio per second of work (higher is faster)."""
        return self.audio_seconds / self.synth_seconds if self.synth_seconds else 0.0


@dataclass(frozen=True)
class SynthResult:
    """What one synthesis pass did."""

    synthesized: int
    cached: int
    failed: tuple[tuple[str, str], ...] = ()  # (segment id, error)
    corrupted: int = 0
    engines: Mapping[str, EngineStats] = field(default_factory=dict)
    seconds: float = 0.0


def voice_for(segment: Segment, cast: Cast, voices: Mapping[str, Voice]) -> Voice:
    """Narration, headings and unattributed lines use the narrator; dialogue its speaker's voice."""
    if segment.kind == "dialogue" and segment.speaker and segment.speaker in voices:
        return voices[segment.speaker]
    return cast.narrator


def plan_lines(segments: Iterable[Segment], cast: Cast, voices: Mapping[str, Voice],
               takes: Mapping[str, int] | None = None) -> list[Line]:
    """Voice, spoken text and cache key for every spoken segment; unspeakable text becomes a pause."""
    tokens: dict[Voice, str] = {}
    lines = []
    for seg in segments:
        if not seg.spoken:
            continue
        voice = voice_for(seg, cast, voices)
        take = (takes or {}).get(seg.id, 0)
        if take:
            voice = voice.with_settings({"take": take})
        spoken = spoken_text(seg.text, cast.pronunciations, heading=seg.heading, language=voice_language(voice))
        if not is_speakable(spoken):
            lines.append(Line(seg, voice, spoken, None))
            continue
        if voice not in tokens:
            tokens[voice] = get_engine(voice.engine).cache_token(voice)
        lines.append(Line(seg, voice, spoken, clip_key(spoken, tokens[voice])))
    return lines


Progress = Callable[[int, int, Line], None]


def pending(lines: Iterable[Line], store: ClipStore, force: frozenset[str] = frozenset()) -> tuple[list[Line], int]:
    """The lines whose clip must be made (one per key, grouped by voice, in text order within a
    voice) and how many distinct clips are already cached. Every runner plans its work with this,
    so serial, process-pool and Ray renders count ``synthesized``/``cached`` the same way."""
    todo: dict[str, Line] = {}
    cached = 0
    seen: set[str] = set()
    for line in lines:
        if line.key is None or line.key in seen:
            continue
        seen.add(line.key)
        if line.segment.id in force or not store.has(line.key):
            todo[line.key] = line
        else:
            cached += 1
    order = sorted(todo.values(), key=lambda ln: (ln.voice.engine, ln.voice.spec, ln.segment.start))
    return order, cached


def synthesize_line(line: Line) -> Clip:
    """Speak one line with its engine; any failure becomes an EngineError naming the voice."""
    engine = get_engine(line.voice.engine)
    try:
        clip = engine.synthesize(line.spoken, line.voice)
    except EngineError:
        raise
    except Exception as error:  # an engine crash on one line must not lose the others
        raise EngineError(f"{line.voice.spec}: {type(error).__name__}: {error}") from error
    if clip.duration <= 0 or not len(clip.samples):
        raise EngineError(f"{line.voice.spec} returned no audio")
    return clip


class Tally:
    """Collects per-clip outcomes from any runner into one SynthResult."""

    def __init__(self, total: int, cached: int, progress: Progress | None = None) -> None:
        self.total = total
        self.cached = cached
        self.progress = progress
        self.done = 0
        self.failed: list[tuple[str, str]] = []
        self.stats: dict[str, list[float]] = {}
        self.started = time.perf_counter()

    def ok(self, line: Line, audio_seconds: float, elapsed: float) -> None:
        """A clip was made (and stored) in ``elapsed`` seconds of one worker's time."""
        s = self.stats.setdefault(line.voice.engine, [0, 0.0, 0.0])
        s[0] += 1
        s[1] += audio_seconds
        s[2] += elapsed
        self._step(line)

    def fail(self, line: Line, error: str) -> None:
        self.failed.append((line.segment.id, error))
        self._step(line)

    def _step(self, line: Line) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total, line)

    def result(self, corrupted: int = 0) -> SynthResult:
        engines = {name: EngineStats(int(c), a, t) for name, (c, a, t) in self.stats.items()}
        return SynthResult(synthesized=self.total - len(self.failed), cached=self.cached, failed=tuple(self.failed),
                           corrupted=corrupted, engines=engines, seconds=time.perf_counter() - self.started)


def synthesize_lines(lines: list[Line], store: ClipStore, force: frozenset[str] = frozenset(),
                     progress: Progress | None = None) -> SynthResult:
    """Synthesise every clip the store lacks (or whose segment id is in ``force``), each stored at once.

    Work is grouped by voice so each model loads once and stays warm. This is the serial runner;
    ``render.workers`` and ``render.ray_cluster`` run the same plan on many cores or machines.
    """
    order, cached = pending(lines, store, force)
    tally = Tally(len(order), cached, progress)
    for line in order:
        assert line.key is not None
        t0 = time.perf_counter()
        try:
            clip = synthesize_line(line)
        except EngineError as error:
            tally.fail(line, str(error))
            continue
        elapsed = time.perf_counter() - t0
        store.put(line.key, clip)
        tally.ok(line, clip.duration, elapsed)
    return tally.result(len(store.corrupted))
