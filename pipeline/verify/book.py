"""Verify a rendered book by ear: transcribe every clip, score it against its line, flag the bad
ones, retake them, and list the words the voices get wrong.

Results are stored per clip cache key (``store.py``), so a second verify transcribes nothing and
a re-rendered line is heard again. The manifest gets a ``verify`` entry per segment and a summary;
``script.txt`` gets a ``# ! heard "…"`` comment on each flagged line (``marks.annotate``).
"""

from __future__ import annotations

import importlib.util
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import VerifyError
from .marks import DEFAULT_THRESHOLD, annotate, is_flagged
from .model import MODEL_SHA256, PARTS, WhisperFiles, find_model, install_hint, user_model
from .score import Score, score, words
from .store import Heard, VerifyStore

if TYPE_CHECKING:
    from ..produce import Production
    from ..render.synth import Line
    from .listen import Listener

BATCH = 48  # clips held in memory at once while transcribing

VerifyProgress = Callable[[int, int, str], None]


def require(model_dir: Path | None = None) -> None:
    """Raise VerifyError naming exactly what to install when the speech recogniser is missing."""
    for module, package in (("faster_whisper", "faster-whisper"), ("jiwer", "jiwer")):
        if importlib.util.find_spec(module) is None:
            raise VerifyError(install_hint(package))
    if model_dir is None:
        for name in PARTS:
            if importlib.util.find_spec(name) is None:
                raise VerifyError(install_hint(f"the speech model package {name.replace('_', '-')}"))


def model_id(model_dir: Path | None) -> str:
    """The id results are stored under: changes when the model's weights do."""
    return user_model(model_dir).model_id if model_dir is not None else f"whisper-base:{MODEL_SHA256[:16]}"


@dataclass(frozen=True)
class LineCheck:
    """One rendered line as heard: who said it, with which take, and how well it matched."""

    id: str
    chapter: int
    who: str
    voice: str
    key: str
    take: int
    text: str
    score: Score
    flagged: bool
    fresh: bool  # transcribed in this run

    @property
    def wer(self) -> float:
        return self.score.wer


@dataclass(frozen=True)
class Retake:
    """A flagged line synthesised again: the take it had, the one kept, and their error rates."""

    id: str
    old_take: int
    new_take: int
    old_wer: float
    new_wer: float
    tried: int
    fixed: bool  # the kept take is no longer flagged


@dataclass(frozen=True)
class MisheardWord:
    """A word the listener often gets wrong: a candidate for the cast's ``pronunciations``."""

    word: str  # as the book spells it
    misheard: int  # times misheard
    seen: int  # times it occurs in the checked lines
    lines: tuple[str, ...]
    heard_as: tuple[str, ...]
    has_pronunciation: bool


@dataclass(frozen=True)
class PronunciationEffect:
    """Did a ``pronunciations`` entry help: lines with the word, heard right before and now."""

    word: str
    said: str
    lines: int
    right_now: int
    compared: int  # lines with a result from before the entry
    right_before: int  # of those, heard right before


@dataclass(frozen=True)
class VerifyReport:
    """What a verify found and did, for the CLI's table and the benchmark."""

    out_dir: Path
    model: str
    threshold: float
    checks: tuple[LineCheck, ...]
    transcribed: int
    audio_seconds: float  # of audio transcribed in this run
    listen_seconds: float  # spent transcribing (model load included)
    not_rendered: tuple[str, ...]
    retakes: tuple[Retake, ...] = ()
    chapters_rebuilt: int = 0
    words: tuple[MisheardWord, ...] = ()
    pronunciations: tuple[PronunciationEffect, ...] = ()
    seconds: float = 0.0

    @property
    def flagged(self) -> tuple[LineCheck, ...]:
        return tuple(c for c in self.checks if c.flagged)

    def worst(self, n: int = 10) -> list[LineCheck]:
        """The n lines heard worst (by error rate, then length), flagged or not."""
        return sorted(self.checks, key=lambda c: (-c.wer, -c.score.words, c.id))[:n]


class _Ears:
    """Transcribes clips and stores what was heard; loads the model only when a clip needs it."""

    def __init__(self, out_dir: Path, model_dir: Path | None, results: VerifyStore, model: str, pack: bool,
                 progress: VerifyProgress | None, language: str = "en") -> None:
        from ..render.cache import ClipStore

        self.clips = ClipStore(out_dir / "cache" / "clips")
        self.model_dir = model_dir
        self.results = results
        self.model = model
        self.pack = pack
        self.language = language
        self.progress = progress
        self._listener: Listener | None = None
        self.transcribed = 0
        self.audio_seconds = 0.0
        self.seconds = 0.0

    def listener(self) -> Listener:
        if self._listener is None:
            from .listen import Listener

            files: WhisperFiles = find_model(self.model_dir)
            self._listener = Listener(files, pack=self.pack, language=self.language)
        return self._listener

    def hear(self, lines: Sequence[Line]) -> int:
        """Transcribe the lines whose clip has no result from this model yet; returns how many."""
        todo: dict[str, Line] = {}
        for line in lines:
            if line.key and line.key not in todo and self.results.get(line.key, self.model) is None:
                todo[line.key] = line
        pending = list(todo.values())
        for start in range(0, len(pending), BATCH):
            batch = []
            for line in pending[start:start + BATCH]:
                assert line.key is not None
                clip = self.clips.get(line.key)
                if clip is not None:
                    batch.append((line, clip))
            t0 = time.perf_counter()
            listener = self.listener()

            def done(i: int, heard: str, batch: list[Any] = batch, base: int = start) -> None:
                line, clip = batch[i]
                s = score(references(line), heard)
                self.results.put(line.key, Heard(heard, self.model, line.segment.id, line.segment.text, line.spoken,
                                                 line.voice.describe(), round(clip.duration, 3), round(s.wer, 4),
                                                 s.words, round(time.time(), 1)))
                self.transcribed += 1
                self.audio_seconds += clip.duration
                if self.progress:
                    self.progress(base + i + 1, len(pending), line.segment.id)

            listener.transcribe([clip for _, clip in batch], heard=done)
            self.seconds += time.perf_counter() - t0
            self.results.save()
        return len(pending)


def references(line: Line) -> tuple[str, str]:
    """What a clip should say: the line as the book writes it, or as the cast respells it for the
    engine (``pronunciations``); it is scored against whichever it matches better."""
    return (line.segment.text, line.spoken)


def _who(line: Line) -> str:
    seg = line.segment
    return seg.speaker if seg.kind == "dialogue" and seg.speaker else "narrator"


def _checks(lines: Iterable[Line], results: VerifyStore, model: str, threshold: float, fresh: set[str]
            ) -> list[LineCheck]:
    out = []
    for line in lines:
        assert line.key is not None
        entry = results.get(line.key, model)
        if entry is None:
            continue
        s = score(references(line), entry.heard)
        if (entry.wer, entry.words) != (round(s.wer, 4), s.words):  # scored by older rules: keep the file current
            results.put(line.key, replace(entry, wer=round(s.wer, 4), words=s.words))
        out.append(LineCheck(line.segment.id, line.segment.chapter, _who(line), line.voice.describe(), line.key,
                             int(line.voice.setting("take", 0) or 0), line.segment.text, s,
                             is_flagged(s.wer, s.words, threshold), line.key in fresh))
    return out


def _plan(prod: Production, takes: Mapping[str, int]) -> list[Line]:
    from ..produce import plan_book

    return [ln for ln in plan_book(prod, takes) if ln.key]


def verify_production(prod: Production, out_dir: Path, *, model_dir: Path | None = None,
                      threshold: float = DEFAULT_THRESHOLD, retake: int = 0, pack: bool = False,
                      progress: VerifyProgress | None = None) -> VerifyReport:
    """Hear every rendered clip of a book, score it, retake flagged lines (up to ``retake`` new takes
    each, keeping the best, then rebuilding the chapters that changed), and annotate the manifest
    and script."""
    from ..produce.manifest import read_takes
    from ..render.cache import ClipStore

    started = time.perf_counter()
    require(model_dir)
    model = model_id(model_dir)
    results = VerifyStore(out_dir)
    results.threshold = threshold
    store = ClipStore(out_dir / "cache" / "clips")
    takes = read_takes(out_dir)
    lines = _plan(prod, takes)
    rendered = [ln for ln in lines if ln.key and store.has(ln.key)]
    missing = tuple(ln.segment.id for ln in lines if not (ln.key and store.has(ln.key)))
    if not rendered:
        raise VerifyError(f"{out_dir}: no rendered clips to check; run audiobook render first")
    before = {k for k, _ in results.items()}
    language = (prod.book.language or "en").split("-")[0].lower()  # Whisper's language codes: en, fr, ja, ...
    ears = _Ears(out_dir, model_dir, results, model, pack, progress, language)
    ears.hear(rendered)
    fresh = {k for k, _ in results.items()} - before
    checks = _checks(rendered, results, model, threshold, fresh)
    retakes: list[Retake] = []
    rebuilt = 0
    if retake > 0:
        chosen = _retake(prod, checks, takes, retake, ears, threshold, retakes)
        fresh = {k for k, _ in results.items()} - before
        results.save()
        if chosen:
            rebuilt = _rebuild(prod, out_dir, chosen)
            lines = _plan(prod, read_takes(out_dir))
            rendered = [ln for ln in lines if ln.key and store.has(ln.key)]
            checks = _checks(rendered, results, model, threshold, fresh)
    results.save()
    if not retakes or not any(r.new_take != r.old_take for r in retakes):
        from ..produce.lock import book_lock

        with book_lock(out_dir):
            annotate(out_dir)
    return VerifyReport(out_dir, model, threshold, tuple(checks), ears.transcribed, ears.audio_seconds, ears.seconds,
                        missing, tuple(retakes), rebuilt, tuple(misheard_words(prod, checks)),
                        tuple(pronunciation_effects(prod, checks, results, model)), time.perf_counter() - started)


def _retake(prod: Production, checks: Sequence[LineCheck], takes: Mapping[str, int], n: int, ears: _Ears,
            threshold: float, out: list[Retake]) -> dict[str, int]:
    """Try up to ``n`` other takes of each flagged line; the take with the lowest error rate wins."""
    from ..render.synth import plan_lines, synthesize_lines

    segments = {s.id: s for s in prod.script.segments}
    chosen: dict[str, int] = {}
    for check in checks:
        seg = segments.get(check.id)
        if not check.flagged or seg is None:
            continue
        current = takes.get(check.id, 0)
        best_wer, best_take, best_words, tried = check.wer, current, check.score.words, 0
        for take in [t for t in range(n + 1) if t != current][:n]:
            line = plan_lines([seg], prod.cast, prod.voices, {seg.id: take})[0]
            if line.key is None:
                break
            if not ears.clips.has(line.key) and synthesize_lines([line], ears.clips).failed:
                continue
            ears.hear([line])
            entry = ears.results.get(line.key, ears.model)
            if entry is None:
                continue
            tried += 1
            s = score(references(line), entry.heard)
            if s.wer < best_wer:
                best_wer, best_take, best_words = s.wer, take, s.words
            if s.wer == 0:
                break
        out.append(Retake(check.id, current, best_take, check.wer, best_wer, tried,
                          not is_flagged(best_wer, best_words, threshold)))
        if best_take != current:
            chosen[check.id] = best_take
    return chosen


def _rebuild(prod: Production, out_dir: Path, takes: Mapping[str, int]) -> int:
    """Keep the chosen takes (takes.json, as ``render --take`` does) and rebuild the chapters they change."""
    from ..produce import read_manifest, render_production

    manifest = read_manifest(out_dir)
    formats = manifest.formats if manifest is not None else ("mp3",)
    m4b = (out_dir / f"{prod.book.slug}.m4b").is_file()
    report = render_production(prod, out_dir, takes=takes, formats=formats, m4b=m4b)
    if report.failed:
        raise VerifyError(f"{len(report.failed)} line(s) failed to render while keeping retakes: "
                          + ", ".join(i for i, _ in report.failed))
    return report.chapters_rebuilt


def _spelling(word: str, texts: Iterable[str]) -> str:
    """The word as the book spells it (first occurrence), for a pronunciations entry."""
    pattern = re.compile(rf"(?<![\w'-]){re.escape(word)}(?![\w'-])", re.IGNORECASE)
    for text in texts:
        match = pattern.search(text)
        if match:
            return match.group(0)
    return word


def misheard_words(prod: Production, checks: Sequence[LineCheck], limit: int = 12) -> list[MisheardWord]:
    """Words misheard in at least two places and at least half the times they occur, most often first."""
    seen: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    lines: dict[str, dict[str, None]] = {}
    heard_as: dict[str, Counter[str]] = {}
    for check in checks:
        seen.update(check.score.reference.split())
        for word, said in check.score.misheard:
            missed[word] += 1
            lines.setdefault(word, {})[check.id] = None
            heard_as.setdefault(word, Counter())[said or "(nothing)"] += 1
    respelled = {w for word, _ in prod.cast.pronunciations for w in words(word)}
    ranked = sorted((w for w in missed if missed[w] >= 2 and missed[w] * 2 >= seen[w]),
                    key=lambda w: (-missed[w], -missed[w] / seen[w], w))
    texts = {c.id: c.text for c in checks}
    return [MisheardWord(_spelling(w, (texts[i] for i in lines[w])), missed[w], seen[w], tuple(lines[w]),
                         tuple(h for h, _ in heard_as[w].most_common(3)), w in respelled) for w in ranked[:limit]]


def pronunciation_effects(prod: Production, checks: Sequence[LineCheck], results: VerifyStore, model: str
                          ) -> list[PronunciationEffect]:
    """For each ``pronunciations`` entry: in how many of its lines the word is heard right now, and
    (where a line was verified before the entry existed) how many were heard right then."""
    history: dict[str, list[tuple[str, Heard]]] = {}
    for key, entry in results.items():
        if entry.model == model:
            history.setdefault(entry.id, []).append((key, entry))
    out = []
    for word, said in prod.cast.pronunciations:
        targets = set(words(word))
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
        mine = [c for c in checks if pattern.search(c.text)]
        if not mine:
            continue
        right_now = sum(1 for c in mine if not targets & {w for w, _ in c.score.misheard})
        compared = right_before = 0
        for check in mine:
            older = [e for k, e in history.get(check.id, []) if k != check.key
                     and not re.search(re.escape(said), e.spoken, re.IGNORECASE)]
            if not older:
                continue
            last = max(older, key=lambda e: e.at)
            compared += 1
            then = score((last.text, last.spoken), last.heard)
            right_before += not targets & {w for w, _ in then.misheard}
        out.append(PronunciationEffect(word, said, len(mine), right_now, compared, right_before))
    return out


def production_for(out_dir: Path) -> Production:
    """The book a rendered folder was made from (its manifest names the story and cast), with the
    folder's script edits applied, as ``render`` would see it."""
    from ..produce import prepare, read_manifest

    if not out_dir.is_dir():
        raise VerifyError(f"{out_dir}: not a folder; give a rendered book's output folder (e.g. output/redemption)")
    manifest = read_manifest(out_dir)
    if manifest is None:
        raise VerifyError(f"{out_dir}: no manifest.json; render the book first (audiobook render STORY -o {out_dir})")
    paths = {"story": manifest.book.source, "cast file": manifest.book.cast}
    for what, name in paths.items():
        if name and not Path(name).is_file():
            raise VerifyError(f"{out_dir}/manifest.json: the {what} this book was rendered from, {name}, is not "
                              "found from here; run verify in the folder you rendered from")
    if not paths["story"]:
        raise VerifyError(f"{out_dir}/manifest.json: names no story file; render the book again")
    cast = manifest.book.cast
    return prepare(Path(manifest.book.source), Path(cast) if cast else None, out_dir, options=manifest.book.read)
