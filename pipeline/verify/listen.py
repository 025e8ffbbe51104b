"""Speech recognition on rendered clips: faster-whisper (CTranslate2, int8, CPU), loaded once.

Each clip is resampled to 16 kHz and transcribed in the book's language (English unless the
book says otherwise) with greedy decoding and no timestamps
(beam search changed no verdict on the seed and costs time). By default every clip is heard on
its own, so a misread name is judged by its sound alone. ``pack=True`` joins short clips (with
0.8 s of silence between them) into shared 30 s windows, transcribes each window once with word
timings and hands every word back to the clip it fell in: Whisper's encoder always works on 30 s,
so this does much less work for short lines, but a clip is then heard with its neighbours as
context, which can mend a name the voice got wrong.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ..engines import Clip
from ..errors import VerifyError
from .model import WhisperFiles, install_hint

RATE = 16000
GAP_SECONDS = 0.8
WINDOW_SECONDS = 28.0

Heard = Callable[[int, str], None]


def _resample(clip: Clip) -> np.ndarray:
    import soxr

    samples = np.asarray(clip.samples, dtype=np.float32)
    if clip.sample_rate != RATE:
        samples = soxr.resample(samples, clip.sample_rate, RATE).astype(np.float32)
    return samples


class Listener:
    """A Whisper model on the CPU that turns clips into the words it hears."""

    def __init__(self, files: WhisperFiles, threads: int | None = None, beam_size: int = 1,
                 pack: bool = False, language: str = "en") -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise VerifyError(install_hint("faster-whisper")) from None
        self.files = files
        self.beam_size = beam_size
        self.pack = pack
        self.language: str | None = language
        cores = threads or min(os.cpu_count() or 1, 8)
        try:
            self._model: Any = _load(WhisperModel, str(files.path), cores)
        except (RuntimeError, ValueError, OSError) as error:
            raise VerifyError(f"{files.path}: cannot load the Whisper model ({error})") from None
        if language not in getattr(self._model, "supported_languages", [language]):
            self.language = None  # a language this model does not know: let it detect the language

    def _run(self, audio: np.ndarray, word_times: bool = False) -> list[Any]:
        segments, _info = self._model.transcribe(
            audio, language=self.language, task="transcribe", beam_size=self.beam_size, best_of=1,
            without_timestamps=not word_times, word_timestamps=word_times,
            condition_on_previous_text=False, vad_filter=False)
        return list(segments)

    def hear(self, clip: Clip) -> str:
        """What Whisper hears in one clip, on its own."""
        return " ".join(s.text.strip() for s in self._run(_resample(clip))).strip()

    def transcribe(self, clips: Sequence[Clip], heard: Heard | None = None) -> list[str]:
        """The text heard in each clip, in order; ``heard(i, text)`` is called as each one is done."""
        audio = [_resample(c) for c in clips]
        out = [""] * len(clips)
        if not self.pack:
            for i, samples in enumerate(audio):
                out[i] = " ".join(s.text.strip() for s in self._run(samples)).strip()
                if heard:
                    heard(i, out[i])
            return out
        for group in _windows([len(a) / RATE for a in audio]):
            if len(group) == 1:
                i = group[0]
                out[i] = " ".join(s.text.strip() for s in self._run(audio[i])).strip()
            else:
                for i, text in zip(group, self._hear_window([audio[i] for i in group]), strict=True):
                    out[i] = text
            if heard:
                for i in group:
                    heard(i, out[i])
        return out

    def _hear_window(self, pieces: Sequence[np.ndarray]) -> list[str]:
        gap = np.zeros(int(GAP_SECONDS * RATE), dtype=np.float32)
        spans: list[tuple[float, float]] = []
        joined: list[np.ndarray] = []
        at = 0.0
        for piece in pieces:
            if joined:
                joined.append(gap)
                at += GAP_SECONDS
            joined.append(piece)
            spans.append((at, at + len(piece) / RATE))
            at += len(piece) / RATE
        texts = [""] * len(pieces)
        for segment in self._run(np.concatenate(joined), word_times=True):
            for word in segment.words or ():
                middle = (word.start + word.end) / 2
                nearest = min(range(len(spans)), key=lambda k: _distance(middle, spans[k]))
                texts[nearest] += word.word
        return [t.strip() for t in texts]


@lru_cache(maxsize=2)
def _load(cls: Any, path: str, threads: int) -> Any:
    """One loaded model per folder and thread count per process (loading takes seconds)."""
    return cls(path, device="cpu", compute_type="int8", cpu_threads=threads)


def _distance(t: float, span: tuple[float, float]) -> float:
    start, end = span
    return 0.0 if start <= t <= end else min(abs(t - start), abs(t - end))


def _windows(durations: Sequence[float]) -> list[list[int]]:
    """Consecutive clips grouped so each group (with gaps) fits one window; long clips alone."""
    groups: list[list[int]] = []
    current: list[int] = []
    length = 0.0
    for i, seconds in enumerate(durations):
        if current and length + GAP_SECONDS + seconds > WINDOW_SECONDS:
            groups.append(current)
            current, length = [], 0.0
        current.append(i)
        length += seconds + (GAP_SECONDS if len(current) > 1 else 0.0)
    if current:
        groups.append(current)
    return groups
