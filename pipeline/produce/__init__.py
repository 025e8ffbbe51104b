"""Produce a book: story + cast -> clips -> chapter files, script.txt and manifest.json.

This is the one place that ties the stages together; ``cli.py`` only parses options and prints.
Chapters whose audio would not change keep their files untouched (bytes and mtime).
``manifest.py`` types the files kept beside the audio, ``lock.py`` keeps renders of one book
apart, ``status.py`` answers questions about a rendered book without rendering.
"""

from __future__ import annotations

import errno
import json
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from ..assemble.chapter import ChapterResult, ChapterTags, MissingClips, assemble_chapter, chapter_fingerprint
from ..assemble.formats import BookTags, aac_sidecar, write_book_m4b, write_subtitles
from ..cast import Cast, assign_voices, conversation_pairs, default_cast, load_cast
from ..engines import Voice
from ..errors import RenderError, ScriptError
from ..fsutil import write_text_atomic
from ..ingest import load_book, slugify
from ..model import Book, Chapter, ReadOptions, Script, Segment, segment_id
from ..parse import parse_book
from ..render.cache import ClipStore
from ..render.synth import Line, Progress, SynthResult, plan_lines, synthesize_lines
from ..render.workers import ChapterJob, Runner, SerialRunner
from ..script import Merge, ScriptConflict, format_script, merge_edits, read_script
from ..speech.language import language_warning
from .lock import book_lock, check_out_dir, remove_orphans
from .manifest import (
    BookInfo,
    Manifest,
    SegmentRecord,
    read_manifest,
    read_takes,
    write_manifest,
    write_takes,
)

SCRIPT = "script.txt"
BASE = ".script-base.json"  # the parse script.txt was written from: tells hand edits apart


@dataclass(frozen=True)
class Production:
    """A parsed, cast book ready to render: who speaks each line with which voice.

    ``script`` holds the segments to render (the parse with a person's script edits applied);
    ``parsed`` is the parser's own output, kept so the next run can tell edits from the parse.
    """

    book: Book
    cast: Cast
    script: Script
    voices: Mapping[str, Voice]
    parsed: Script
    merge: Merge | None = None
    warnings: tuple[str, ...] = ()  # problems met reading the book, a cast that does not speak its language
    options: ReadOptions = field(default_factory=ReadOptions)  # how it was read in (language, notes, ruby)
    # with follow_fixes: the lines re-decided around a person's speaker fixes, (id, before, after)
    followed: tuple[tuple[str, str, str], ...] = ()


def prepare(story: Path, cast_path: Path | None, out_dir: Path | None = None, force: bool = False,
            options: ReadOptions | None = None, follow_fixes: bool = False) -> Production:
    """Read, parse and cast a book (no audio yet). With ``out_dir``, hand edits in its script.txt
    are applied; edits whose source text changed raise ScriptError unless ``force`` drops them.
    ``options``: the book's language, notes read aloud, ruby (see ``ReadOptions``). ``follow_fixes``:
    the speakers a person fixed in script.txt become certain lines of a fresh attribution, and the
    lines nobody edited take its speakers (one fix turns a whole alternating run); ``followed``
    lists the lines that changed so."""
    book = load_book(story, options)
    cast = load_cast(cast_path) if cast_path else default_cast(book.language)
    if cast.title or cast.author:
        book = replace(book, title=cast.title or book.title, author=cast.author or book.author)
    parsed = parse_book(book, cast.characters, cast.narrator_character)
    script, merge = parsed, None
    followed: tuple[tuple[str, str, str], ...] = ()
    if out_dir is not None:
        merge = apply_script_edits(parsed, out_dir, force)
        if merge is not None:
            script = Script(book, merge.segments, parsed.characters)
        fixes = speaker_fixes(parsed, merge) if follow_fixes and merge is not None else {}
        if fixes:
            # parsed stays the plain parse (the base the next run compares script.txt with), so the
            # lines re-decided here read as edits from now on and stay without the flag
            around = parse_book(book, cast.characters, cast.narrator_character, fixed=fixes)
            again = apply_script_edits(around, out_dir, force)
            if again is not None:  # (always: the same script.txt and base as above)
                before = {s.id: s.speaker for s in script.segments}
                merge, script = again, Script(book, again.segments, around.characters)
                followed = tuple((s.id, before[s.id] or "narrator", s.speaker or "narrator") for s in script.segments
                                 if s.id in before and s.speaker != before[s.id] and s.id not in again.edited)
    voices = cast_voices(cast, script)
    mismatch = language_warning(book.language, [cast.narrator, *voices.values()])
    return Production(book, cast, script, voices, parsed, merge, (*book.warnings, *([mismatch] if mismatch else [])),
                      options or ReadOptions(), followed)


def speaker_fixes(parsed: Script, merge: Merge) -> dict[int, str]:
    """The dialogue lines whose speaker a person changed in script.txt: start offset -> speaker."""
    plain = {s.id: s.speaker for s in parsed.segments}
    return {s.start: s.speaker for s in merge.segments
            if s.id in merge.edited and s.kind == "dialogue" and s.speaker and s.speaker != plain.get(s.id)}


def cast_voices(cast: Cast, script: Script) -> dict[str, Voice]:
    """A voice for every speaker of the script, hand-cast or from the pools (a pool voice shared by
    people who talk together least)."""
    counts = Counter(s.speaker for s in script.segments if s.kind == "dialogue" and s.speaker)
    genders = {c.name: c.gender for c in (*script.characters, *cast.characters)}
    speakers = [(name, genders.get(name, "unknown"), n) for name, n in counts.items() if name != "unknown"]
    speakers += [(c.name, c.gender, 0) for c in cast.characters if c.name not in counts]
    return assign_voices(cast, speakers, conversation_pairs(script.segments))


def apply_script_edits(parsed: Script, out_dir: Path, force: bool) -> Merge | None:
    """Carry the edits a person made to ``out_dir/script.txt`` onto a fresh parse (None: no script)."""
    path = out_dir / SCRIPT
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    base = read_base(out_dir)
    if base is None:
        if text == format_script(parsed) or force:
            return None
        raise ScriptError(f"{path}: has changes but no record of the parse it was made from "
                          f"({BASE} is missing); run with --force to replace it with a fresh parse")
    try:
        return merge_edits(parsed.segments, base, read_script(text), force)
    except ScriptConflict as conflict:
        raise ScriptError(
            f"{path}: hand edits to {len(conflict.ids)} line(s) ({', '.join(conflict.ids[:8])}"
            f"{', ...' if len(conflict.ids) > 8 else ''}) no longer match the story text; fix them, or run "
            "with --force to drop those edits and take the fresh parse"
        ) from None


def read_base(out_dir: Path) -> list[Segment] | None:
    try:
        data = json.loads((out_dir / BASE).read_text(encoding="utf-8"))
        return [Segment.from_json(d) for d in data["segments"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_script_files(prod: Production, out_dir: Path) -> None:
    """script.txt (what is rendered, edits included) and the parse it was made from."""
    write_text_atomic(out_dir / SCRIPT, format_script(prod.script))
    base = {"source": str(prod.book.path), "segments": [s.to_json() for s in prod.parsed.segments]}
    write_text_atomic(out_dir / BASE, json.dumps(base, ensure_ascii=False))


@dataclass(frozen=True)
class RenderReport:
    """What a render did, as printed by the CLI and stored in the manifest summary."""

    out_dir: Path
    synth: SynthResult
    chapters: tuple[ChapterResult, ...]
    failed: tuple[tuple[str, str], ...]
    seconds: float

    @property
    def chapters_rebuilt(self) -> int:
        return sum(1 for c in self.chapters if c.rebuilt)

    def summary(self) -> dict[str, Any]:
        engines = {name: {"clips": s.clips, "audio_seconds": round(s.audio_seconds, 2),
                          "synth_seconds": round(s.synth_seconds, 2), "rtf": round(s.rtf, 2)}
                   for name, s in self.synth.engines.items()}
        return {
            "synthesized": self.synth.synthesized,
            "cached": self.synth.cached,
            "failed": [{"id": i, "error": e} for i, e in self.failed],
            "corrupted": self.synth.corrupted,
            "chapters": len(self.chapters),
            "chapters_rebuilt": self.chapters_rebuilt,
            "duration_seconds": round(sum(c.duration for c in self.chapters), 2),
            "wall_seconds": round(self.seconds, 2),
            "synth_seconds": round(sum(s.synth_seconds for s in self.synth.engines.values()), 2),
            "engines": engines,
        }


def default_out_dir(story: Path) -> Path:
    """Where a story renders without -o: output/<book-slug>/."""
    return Path("output") / slugify(story.stem)


def chapter_file(number: int, title: str, fmt: str = "mp3") -> str:
    """A chapter's file name, ``NN-title.FMT``, in the first format rendered."""
    return f"{number:02d}-{slugify(title)[:60]}.{fmt}"


def render_production(prod: Production, out_dir: Path, *, force: frozenset[str] = frozenset(),
                      takes: Mapping[str, int] | None = None, progress: Progress | None = None,
                      formats: Sequence[str] = ("mp3",), m4b: bool = False, runner: Runner | None = None,
                      store: Path | None = None) -> RenderReport:
    """Synthesise what is missing, rebuild the chapters that changed, write subtitles, script and
    manifest (and the M4B when asked). A full disk stops the render with a RenderError; every
    file finished before is kept and nothing half-written is left under a real name.

    ``runner`` says where clips are made and chapters assembled (default: this process; see
    ``render.workers.ProcessRunner`` and ``render.ray_cluster.RayRunner``); ``store`` is the clip
    store folder (default ``out_dir/cache/clips``; a library shares one between books)."""
    check_out_dir(out_dir)
    try:
        return _render(prod, out_dir, force, takes, progress, formats, m4b, runner or SerialRunner(),
                       store or out_dir / "cache" / "clips")
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
            raise RenderError(f"{out_dir}: cannot write ({error.strerror}); finished clips are kept — free some "
                              "space (or fix permissions) and run render again to resume") from None
        raise


def _render(prod: Production, out_dir: Path, force: frozenset[str], takes: Mapping[str, int] | None,
            progress: Progress | None, formats: Sequence[str], m4b: bool, runner: Runner, store_root: Path
            ) -> RenderReport:
    started = time.perf_counter()
    with book_lock(out_dir):
        remove_orphans(out_dir)
        store = ClipStore(store_root)
        chosen = read_takes(out_dir)
        if takes:
            chosen = write_takes(out_dir, {**chosen, **takes})
        lines = plan_book(prod, chosen)
        synth = runner.synthesize(lines, store, force, progress)
        failed_ids = {i for i, _ in synth.failed}
        old = read_manifest(out_dir)
        chapters = []
        failed = list(synth.failed)
        plans = chapter_plans(prod, lines, formats)

        def outputs_of(plan: ChapterPlan) -> dict[str, Path]:
            outputs = {fmt: out_dir / f"{Path(plan.file).stem}.{fmt}" for fmt in formats}
            if m4b:  # the chapter's AAC, made in the same ffmpeg pass; the M4B joins these by stream copy
                outputs["aac"] = aac_sidecar(out_dir, plan.fingerprint)
            return outputs

        def current(plan: ChapterPlan) -> bool:
            return (is_current(plan, old, out_dir) and not force & {ln.segment.id for ln in plan.lines}
                    and (not m4b or aac_sidecar(out_dir, plan.fingerprint).is_file()))

        rebuild = [p for p in plans if not current(p) and not any(ln.segment.id in failed_ids for ln in p.lines)]
        built = dict(zip((p.chapter.number for p in rebuild),
                         runner.assemble([ChapterJob(tuple(p.lines), outputs_of(p), p.tags) for p in rebuild], store),
                         strict=True))
        for plan in plans:
            chapter, chapter_lines, tags, fingerprint, name = plan[:5]
            if any(ln.segment.id in failed_ids for ln in chapter_lines):
                continue
            previous = old.chapter(chapter.number) if old else None
            if chapter.number not in built and previous is not None:
                chapters.append(replace(previous, title=chapter.title, rebuilt=False))
                continue
            outputs = outputs_of(plan)
            audio = built[chapter.number]
            if isinstance(audio, MissingClips):
                # a clip vanished or failed its checksum since it was cached: make it again, once
                redo = frozenset(ln.segment.id for ln in chapter_lines if ln.key in audio.keys)
                again = synthesize_lines([ln for ln in chapter_lines if ln.segment.id in redo], store, redo, progress)
                synth = _merge(synth, again)
                if again.failed:
                    failed += again.failed
                    continue
                audio = assemble_chapter(chapter_lines, store, outputs, tags)
            result = ChapterResult(chapter.number, chapter.title, name, audio.duration, fingerprint, True,
                                   audio.timings, round(audio.rms_db, 2), round(audio.peak_db, 2))
            write_subtitles(out_dir, result, chapter_lines)
            chapters.append(result)
        report = RenderReport(out_dir, synth, tuple(chapters), tuple(failed), time.perf_counter() - started)
        if m4b and not failed:
            book = BookTags(prod.book.title, prod.book.author, prod.book.slug, prod.cast.cover)
            write_book_m4b(out_dir, book, report.chapters)
            report = replace(report, seconds=time.perf_counter() - started)
        write_script_files(prod, out_dir)
        write_manifest(out_dir, build_manifest(prod, lines, report, formats))
        from ..verify.marks import annotate  # what speech recognition heard (if the book was verified) stays marked

        annotate(out_dir)
        return report


def lines_by_chapter(lines: Iterable[Line]) -> dict[int, list[Line]]:
    """Lines grouped by chapter number, each group in reading order."""
    by_chapter: dict[int, list[Line]] = {}
    for line in lines:
        by_chapter.setdefault(line.segment.chapter, []).append(line)
    return by_chapter


def plan_book(prod: Production, takes: Mapping[str, int] | None = None) -> list[Line]:
    """Every line of the book as it will be rendered (voice, spoken text, clip key), chapter titles included."""
    return with_titles(prod, plan_lines(prod.script.segments, prod.cast, prod.voices, takes))


def with_titles(prod: Production, lines: list[Line]) -> list[Line]:
    """Each chapter opens with its title spoken: a chapter without a heading line in the text
    gets the narrator reading its title (the book's title for a one-chapter story)."""
    has_heading = {ln.segment.chapter for ln in lines if ln.segment.heading}
    by_chapter = lines_by_chapter(lines)
    out: list[Line] = []
    for chapter in prod.book.chapters:
        if chapter.number not in has_heading:
            first = chapter.paragraphs[0].index if chapter.paragraphs else 0
            title = Segment(id=segment_id(chapter.number, first), chapter=chapter.number, kind="narration",
                            speaker=None, text=chapter.title, start=chapter.start, end=chapter.start, paragraph=-1,
                            heading=True)
            out += plan_lines([title], prod.cast, prod.voices)
        out += by_chapter.get(chapter.number, [])
    return out


class ChapterPlan(NamedTuple):
    """A chapter with its lines, tags, output file name and the fingerprint of its audio."""

    chapter: Chapter
    lines: list[Line]
    tags: ChapterTags
    fingerprint: str
    file: str  # in the first format; the others have the same stem
    formats: tuple[str, ...] = ("mp3",)


def chapter_plans(prod: Production, lines: list[Line], formats: Sequence[str] = ("mp3",)) -> list[ChapterPlan]:
    by_chapter = lines_by_chapter(lines)
    plans = []
    for chapter in prod.book.chapters:
        chapter_lines = by_chapter.get(chapter.number, [])
        tags = ChapterTags(title=chapter.title, album=prod.book.title, artist=prod.book.author or "Unknown",
                           track=chapter.number, tracks=len(prod.book.chapters), comment=_voices_note(chapter_lines),
                           cover=prod.cast.cover)
        plans.append(ChapterPlan(chapter, chapter_lines, tags, chapter_fingerprint(chapter_lines, tags, formats),
                                 chapter_file(chapter.number, chapter.title, formats[0]), tuple(formats)))
    return plans


def is_current(plan: ChapterPlan, old: Manifest | None, out_dir: Path) -> bool:
    """The chapter's files on disk (every format) are exactly what this plan would write."""
    before = old.chapter(plan.chapter.number) if old else None
    stem = Path(plan.file).stem
    return (before is not None and before.fingerprint == plan.fingerprint and before.file == plan.file
            and all((out_dir / f"{stem}.{fmt}").is_file() for fmt in plan.formats))


def _merge(a: SynthResult, b: SynthResult) -> SynthResult:
    engines = dict(a.engines)
    engines.update({k: v for k, v in b.engines.items() if k not in engines})
    return SynthResult(a.synthesized + b.synthesized, a.cached - b.synthesized, a.failed + b.failed,
                       a.corrupted + b.corrupted, engines, a.seconds + b.seconds)


def _voices_note(lines: list[Line]) -> str:
    """'narrator: piper:…; Sakura: kokoro:…' for the voices heard in one chapter."""
    heard: dict[str, str] = {}
    for line in lines:
        seg = line.segment
        who = seg.speaker if seg.kind == "dialogue" and seg.speaker else "narrator"
        heard.setdefault(who, line.voice.describe())
    return "; ".join(f"{who}: {voice}" for who, voice in sorted(heard.items(), key=lambda kv: kv[0] != "narrator"))


def build_manifest(prod: Production, lines: list[Line], report: RenderReport, formats: Sequence[str] = ("mp3",)
                   ) -> Manifest:
    """The manifest: book, summary, chapters with files, every segment with voice, key and times."""
    times = {t.segment_id: t for c in report.chapters for t in c.timings}
    files = {c.number: c.file for c in report.chapters}
    segments = []
    for line in lines:
        seg = line.segment
        t = times.get(seg.id)
        segments.append(SegmentRecord(
            id=seg.id, chapter=seg.chapter, kind=seg.kind, speaker=seg.speaker, voice=line.voice.describe(),
            key=line.key, file=files.get(seg.chapter), start=t.start if t else None, end=t.end if t else None,
            text_start=seg.start, text_end=seg.end, confidence=seg.confidence, text=seg.text))
    book = BookInfo(prod.book.title, prod.book.author, str(prod.book.path.resolve()), prod.book.slug,
                    str(prod.cast.path.resolve()) if prod.cast.path else None, prod.options)
    return Manifest(book=book, summary=report.summary(), formats=tuple(formats),
                    narrator=prod.cast.narrator.describe(),
                    voices={name: voice.describe() for name, voice in sorted(prod.voices.items())},
                    chapters=report.chapters, segments=tuple(segments))
