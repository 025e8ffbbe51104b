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
from ..engines import Voice, get_engine
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


def synthesize_lines(lines: list[Line], store: ClipStore, force: frozenset[str] = frozenset(),
                     progress: Progress | None = None) -> SynthResult:
    """Synthesise every clip the store lacks (or whose segment id is in ``force``), each stored at once.

    Work is grouped by voice so each model loads once and stays warm.
    """
    started = time.perf_counter()
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
    stats: dict[str, list[float]] = {}
    failed: list[tuple[str, str]] = []
    done = 0
    order = sorted(todo.values(), key=lambda ln: (ln.voice.engine, ln.voice.spec, ln.segment.start))
    for line in order:
        assert line.key is not None
        engine = get_engine(line.voice.engine)
        t0 = time.perf_counter()
        try:
            clip = engine.synthesize(line.spoken, line.voice)
            if clip.duration <= 0 or not len(clip.samples):
                raise EngineError(f"{line.voice.spec} returned no audio")
        except EngineError as error:
            failed.append((line.segment.id, str(error)))
            continue
        except Exception as error:  # an engine crash on one line must not lose the others
            failed.append((line.segment.id, f"{line.voice.spec}: {type(error).__name__}: {error}"))
            continue
        finally:
            done += 1
            if progress:
                progress(done, len(order), line)
        elapsed = time.perf_counter() - t0
        store.put(line.key, clip)
        s = stats.setdefault(line.voice.engine, [0, 0.0, 0.0])
        s[0] += 1
        s[1] += clip.duration
        s[2] += elapsed
    engines = {name: EngineStats(int(c), a, t) for name, (c, a, t) in stats.items()}
    return SynthResult(
        synthesized=len(todo) - len(failed), cached=cached, failed=tuple(failed),
        corrupted=len(store.corrupted), engines=engines, seconds=time.perf_counter() - started,
    )
