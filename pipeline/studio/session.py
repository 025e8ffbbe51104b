"""The studio's model of one book: what the page shows, and the fixes it asks for, as jobs.

A ``Studio`` wraps a rendered (or not yet rendered) book folder. Everything it changes goes
through the files a person would edit — ``script.txt`` (merged with the fresh parse by
:func:`pipeline.produce.prepare`, exactly as hand edits are) and the cast file — and every
render goes through :func:`pipeline.produce.render_production`, under the same lock as
``audiobook render``. Jobs run one at a time on a background thread; their progress is kept
as a numbered list of events for the page to follow (server-sent events).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import PipelineError, RenderError, ScriptError
from ..fsutil import write_text_atomic
from ..model import ReadOptions, Segment
from ..produce import SCRIPT, Production, default_out_dir, plan_book, prepare, render_production
from ..produce.lock import book_lock
from ..produce.manifest import MANIFEST, TAKES, read_manifest, read_takes
from ..render.synth import Line, plan_lines
from . import castfile, edits

# one colour per voice, narrator first (grey); readable on a dark background
PALETTE = ("#9aa4b2", "#f28fad", "#7cc7ff", "#ffd166", "#8ee3a1", "#c3a6ff", "#ffb077", "#5ee0d6", "#ff8f8f",
           "#b5d86a", "#e3a6e8", "#a0b8ff")
AUDITIONS = Path(".studio") / "auditions"
STUDIO_CAST = "cast.yaml"  # written in the book folder when the book was rendered without a cast file


@dataclass(frozen=True)
class BookPaths:
    """Where a book's story, cast file and output folder are."""

    story: Path
    cast: Path | None
    out_dir: Path
    options: ReadOptions = field(default_factory=ReadOptions)  # how the book was read in, from its manifest


def locate(target: Path, cast: Path | None = None) -> BookPaths:
    """A story file (output under ``output/<slug>/``) or a rendered book folder (its manifest
    names the story and the cast file); ``cast`` overrides the manifest's."""
    if target.is_dir():
        manifest = read_manifest(target)
        if manifest is None:
            raise RenderError(f"{target}: no manifest.json here; give the story file (or render the book first)")
        story = Path(manifest.book.source)
        if not manifest.book.source or not story.is_file():
            raise RenderError(f"{target}/manifest.json: the story {manifest.book.source!r} is not a file any more; "
                              "give the story file instead of the folder")
        if cast is None and manifest.book.cast:
            cast = Path(manifest.book.cast)
        return BookPaths(story.resolve(), cast.resolve() if cast else None, target.resolve(), manifest.book.read)
    if not target.exists():
        raise RenderError(f"{target}: no such story file or book folder")
    return BookPaths(target.resolve(), cast.resolve() if cast else None, default_out_dir(target).resolve())


@dataclass
class Job:
    """A background task the page asked for (a render, a take, an audition)."""

    id: int
    label: str
    state: str = "queued"  # queued | running | done | failed
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


class Studio:
    """One book in the studio: its current production, jobs and event log (thread-safe)."""

    def __init__(self, paths: BookPaths) -> None:
        self.paths = paths
        self.out_dir = paths.out_dir
        self._lock = threading.RLock()
        self._events: list[dict[str, Any]] = []
        self._changed = threading.Condition(self._lock)
        self._jobs: dict[int, Job] = {}
        self._futures: dict[int, Future[None]] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studio-render")
        self._running: Job | None = None
        self._prod: Production | None = None
        self._lines: dict[str, Line] = {}
        self._stamp: tuple[float, ...] = ()
        self._error: str | None = None

    # ---- the book as it is now -------------------------------------------------------------

    def _files_stamp(self) -> tuple[float, ...]:
        files = [self.paths.story, self.out_dir / SCRIPT, self.out_dir / MANIFEST, self.out_dir / TAKES]
        if self.paths.cast:
            files.append(self.paths.cast)
        return tuple(p.stat().st_mtime_ns if p.exists() else -1 for p in files)

    def production(self) -> Production:
        """The book parsed, cast and merged with script.txt; re-read when a file changed (so a
        hand edit of script.txt or the cast file shows up here)."""
        with self._lock:
            stamp = self._files_stamp()
            if self._prod is None or stamp != self._stamp:
                self._stamp = stamp
                try:
                    prod = prepare(self.paths.story, self.paths.cast, self.out_dir, options=self.paths.options)
                except PipelineError as error:
                    self._error = str(error)
                    if self._prod is None:
                        raise
                    return self._prod
                self._error = None
                self._prod = prod
                takes = read_takes(self.out_dir)
                self._lines = {ln.segment.id: ln for ln in plan_book(prod, takes)}
            return self._prod

    def state(self) -> dict[str, Any]:
        """Everything the page shows: chapters, lines, cast, review queue, busy state."""
        prod = self.production()
        with self._lock:
            lines = dict(self._lines)
            error = self._error
        manifest = read_manifest(self.out_dir)
        done = {s.id: s for s in manifest.segments} if manifest else {}
        takes = read_takes(self.out_dir)
        colours = self._colours(prod)
        rows = []
        for seg in prod.script.segments:
            line = lines.get(seg.id)
            before = done.get(seg.id)
            current = line is not None and before is not None and before.key == line.key
            speaker = seg.speaker if seg.kind == "dialogue" and seg.speaker else "narrator"
            voice = line.voice.spec if line else prod.cast.narrator.spec
            row: dict[str, Any] = {
                "id": seg.id, "chapter": seg.chapter, "kind": seg.kind, "speaker": speaker,
                "text": " ".join(seg.text.split()), "confidence": round(seg.confidence, 3), "reason": seg.reason,
                "voice": voice, "colour": colours.get(voice, PALETTE[0]), "spoken": bool(line and line.key),
                "heading": seg.heading, "take": takes.get(seg.id, 0),
                "start": before.start if before and current else None,
                "end": before.end if before and current else None,
                "stale": line is not None and line.key is not None and not current,
            }
            if before is not None and before.verify is not None:  # what `audiobook verify` heard
                row["verify"] = dict(before.verify)
                row["flagged"] = bool(before.verify.get("flagged"))
            rows.append(row)
        queue = sorted((r for r in rows if r["kind"] == "dialogue" or r.get("flagged")),
                       key=lambda r: (not r.get("flagged", False), r["confidence"], r["id"]))
        chapters = []
        for chapter in prod.book.chapters:
            c = manifest.chapter(chapter.number) if manifest else None
            chapters.append({"number": chapter.number, "title": chapter.title, "file": c.file if c else None,
                             "duration": c.duration if c else None, "version": c.fingerprint[:12] if c else "",
                             "lines": sum(1 for r in rows if r["chapter"] == chapter.number)})
        return {
            "book": {"title": prod.book.title, "author": prod.book.author, "folder": str(self.out_dir),
                     "story": str(self.paths.story), "cast": str(self.paths.cast) if self.paths.cast else None},
            "rendered": manifest is not None, "summary": dict(manifest.summary) if manifest else {}, "error": error,
            "busy": self.busy(), "chapters": chapters, "lines": rows,
            "queue": [r["id"] for r in queue[:50]], "cast": self._cast_rows(prod, colours),
            "pronunciations": dict(prod.cast.pronunciations),
        }

    def _colours(self, prod: Production) -> dict[str, str]:
        specs = [prod.cast.narrator.spec, *sorted({v.spec for v in prod.voices.values()} - {prod.cast.narrator.spec})]
        return {spec: PALETTE[i % len(PALETTE)] for i, spec in enumerate(specs)}

    def _cast_rows(self, prod: Production, colours: Mapping[str, str]) -> list[dict[str, Any]]:
        counts: dict[str, int] = {}
        for seg in prod.script.segments:
            who = seg.speaker if seg.kind == "dialogue" and seg.speaker else "narrator"
            if seg.spoken:
                counts[who] = counts.get(who, 0) + 1
        hand = dict(prod.cast.voices)
        genders = {c.name: c.gender for c in (*prod.script.characters, *prod.cast.characters)}
        rows = [{"name": "narrator", "voice": prod.cast.narrator.spec, "lines": counts.get("narrator", 0),
                 "colour": colours.get(prod.cast.narrator.spec), "gender": "unknown", "hand_cast": True}]
        for name, voice in sorted(prod.voices.items(), key=lambda kv: (-counts.get(kv[0], 0), kv[0])):
            rows.append({"name": name, "voice": voice.spec, "lines": counts.get(name, 0),
                         "colour": colours.get(voice.spec), "gender": genders.get(name, "unknown"),
                         "hand_cast": name in hand})
        return rows

    def busy(self) -> dict[str, Any]:
        """Who holds the book: this studio's job, another process (a CLI render), or nobody."""
        with self._lock:
            running = self._running
        if running is not None:
            return {"busy": True, "by": "studio", "label": running.label}
        try:
            with book_lock(self.out_dir):
                pass
        except RenderError as error:
            return {"busy": True, "by": "other", "label": str(error)}
        except OSError:
            pass
        return {"busy": False}

    # ---- files the page may fetch ----------------------------------------------------------

    def clip_path(self, line_id: str, take: int | None = None) -> Path:
        """The cached clip of a line (of take ``take``, default the kept one)."""
        from ..render.cache import ClipStore

        prod = self.production()
        if take is None:
            with self._lock:
                line = self._lines.get(line_id)
        else:
            seg = self._segment(prod, line_id)
            line = plan_lines([seg], prod.cast, prod.voices, {seg.id: take})[0] if seg.spoken else None
        if line is None or line.key is None:
            raise RenderError(f"line {line_id!r} has no audio (unknown id, or nothing to say)")
        path = ClipStore(self.out_dir / "cache" / "clips").path(line.key)
        if not path.is_file():
            raise RenderError(f"line {line_id!r}: its clip is not rendered yet")
        return path

    def book_file(self, relative: str) -> Path:
        """A file inside the book folder; anything that resolves outside it is refused."""
        root = self.out_dir.resolve()
        path = (root / relative).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise FileNotFoundError(relative)
        return path

    # ---- jobs and events -------------------------------------------------------------------

    def events_since(self, seq: int) -> list[dict[str, Any]]:
        with self._lock:
            return [e for e in self._events if e["seq"] > seq]

    @property
    def last_event(self) -> int:
        with self._lock:
            return self._events[-1]["seq"] if self._events else 0

    def _emit(self, kind: str, **data: Any) -> None:
        with self._lock:
            self._events.append({"seq": len(self._events) + 1, "type": kind, "time": time.time(), **data})
            del self._events[:-500]  # keep the log short; pages only follow the tail
            self._changed.notify_all()

    def job(self, job_id: int) -> Job:
        with self._lock:
            if job_id not in self._jobs:
                raise RenderError(f"no job {job_id}")
            return self._jobs[job_id]

    def wait(self, job_id: int, timeout: float = 600) -> Job:
        """Block until a job has finished (for tests and scripts)."""
        self._futures[job_id].result(timeout)
        return self.job(job_id)

    def submit(self, label: str, work: Callable[[Job], dict[str, Any]]) -> Job:
        with self._lock:
            job = Job(len(self._jobs) + 1, label)
            self._jobs[job.id] = job
        self._emit("queued", job=job.id, label=label)

        def run() -> None:
            with self._lock:
                self._running = job
                job.state = "running"
            self._emit("started", job=job.id, label=label)
            try:
                result = work(job)
            except PipelineError as error:
                job.state, job.error = "failed", str(error)
            except Exception as error:  # a crash in one job must not stop the studio
                job.state, job.error = "failed", f"{type(error).__name__}: {error}"
            else:
                job.state, job.result = "done", result
            finally:
                with self._lock:
                    self._running = None
                    self._prod = None  # files changed: read them again
            self._emit(job.state, job=job.id, label=label, result=job.result, error=job.error)

        self._futures[job.id] = self._executor.submit(run)
        return job

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    # ---- renders ---------------------------------------------------------------------------

    def _render(self, job: Job, takes: Mapping[str, int] | None = None, follow: bool = False) -> dict[str, Any]:
        prod = prepare(self.paths.story, self.paths.cast, self.out_dir, options=self.paths.options, follow_fixes=follow)
        manifest = read_manifest(self.out_dir)
        formats = manifest.formats if manifest else ("mp3",)

        def tick(done: int, total: int, line: Line) -> None:
            self._emit("progress", job=job.id, label=job.label, done=done, total=total, line=line.segment.id)

        report = render_production(prod, self.out_dir, takes=takes, progress=tick, formats=formats)
        summary = report.summary()
        if report.failed:
            raise RenderError(f"{len(report.failed)} line(s) failed: "
                              + "; ".join(f"{i}: {e}" for i, e in report.failed[:3]))
        result: dict[str, Any] = {"summary": summary, "chapters": [c.number for c in report.chapters if c.rebuilt]}
        if follow:
            result["followed"] = [list(f) for f in prod.followed]
        return result

    def render(self) -> Job:
        """Render the whole book (what is missing or changed)."""
        return self.submit("render the book", self._render)

    def follow(self) -> Job:
        """Decide the lines nobody edited again around the speakers a person fixed (``render
        --follow-fixes``), keep the result in script.txt and re-render the lines that changed."""
        return self.submit("follow my speaker fixes", lambda job: self._render(job, follow=True))

    def _script_job(self, label: str, change: Callable[[str], str], extra: Mapping[str, Any]) -> Job:
        path = self.out_dir / SCRIPT
        if not path.is_file():
            raise ScriptError(f"{path}: no script yet; render the book first")
        change(path.read_text(encoding="utf-8"))  # a bad edit fails now, not in the background

        def work(job: Job) -> dict[str, Any]:
            with book_lock(self.out_dir):
                write_text_atomic(path, change(path.read_text(encoding="utf-8")))
            self._emit("script", job=job.id, label=label)
            return {**self._render(job), **extra}

        return self.submit(label, work)

    # ---- fixes -------------------------------------------------------------------------------

    def edit(self, line_id: str, text: str | None = None, speaker: str | None = None) -> Job:
        """Change a line's text and/or speaker in script.txt, then re-render it in place."""
        if speaker is not None and speaker not in ("narrator", *self.production().voices):
            edits.check_speaker(speaker)  # a new name is fine (it gets a pool voice); a bad one is not
        return self._script_job(f"edit {line_id}", lambda s: edits.edit_line(s, line_id, text, speaker),
                                {"id": line_id})

    def split(self, line_id: str, at: int) -> Job:
        new_id = edits.split_line(self._script_text(), line_id, at)[1]
        return self._script_job(f"split {line_id}", lambda s: edits.split_line(s, line_id, at)[0],
                                {"id": line_id, "new_id": new_id})

    def merge(self, line_id: str) -> Job:
        gone = edits.merge_lines(self._script_text(), line_id)[1]
        return self._script_job(f"merge {line_id} + {gone}", lambda s: edits.merge_lines(s, line_id)[0],
                                {"id": line_id, "merged": gone})

    def _script_text(self) -> str:
        path = self.out_dir / SCRIPT
        if not path.is_file():
            raise ScriptError(f"{path}: no script yet; render the book first")
        return path.read_text(encoding="utf-8")

    def _segment(self, prod: Production, line_id: str) -> Segment:
        for seg in prod.script.segments:
            if seg.id == line_id:
                return seg
        from ..errors import did_you_mean

        raise ScriptError(f"unknown line id {line_id!r}{did_you_mean(line_id, [s.id for s in prod.script.segments])}")

    def take(self, line_id: str, take: int | None = None) -> Job:
        """Synthesise another take of a line (next after the kept one) for A/B listening; the
        book is not changed until :meth:`keep`."""
        prod = self.production()
        seg = self._segment(prod, line_id)
        kept = read_takes(self.out_dir).get(line_id, 0)
        wanted = take if take is not None else kept + 1

        def work(job: Job) -> dict[str, Any]:
            from ..render.cache import ClipStore
            from ..render.synth import synthesize_lines

            lines = plan_lines([seg], prod.cast, prod.voices, {seg.id: wanted})
            with book_lock(self.out_dir):
                synth = synthesize_lines(lines, ClipStore(self.out_dir / "cache" / "clips"))
            if synth.failed:
                raise RenderError(f"{line_id}: {synth.failed[0][1]}")
            return {"id": line_id, "a": kept, "b": wanted, "synthesized": synth.synthesized}

        return self.submit(f"take {wanted} of {line_id}", work)

    def keep(self, line_id: str, take: int) -> Job:
        """Use take ``take`` of a line from now on (as ``render --line ID --take N``) and rebuild its chapter."""
        self._segment(self.production(), line_id)
        return self.submit(f"keep take {take} of {line_id}", lambda job: {**self._render(job, {line_id: take}),
                                                                        "id": line_id, "take": take})

    def _cast_file(self) -> Path:
        if self.paths.cast is None:
            self.paths = replace(self.paths, cast=self.out_dir / STUDIO_CAST)
        assert self.paths.cast is not None
        return self.paths.cast

    def _speaker_text(self, prod: Production, name: str) -> str:
        lines = [s.text for s in prod.script.segments if s.spoken and s.text.strip()
                 and (s.speaker == name if name != "narrator" else s.kind == "narration" and not s.heading)]
        if not lines:
            raise ScriptError(f"{name!r} speaks no line in this book")
        words = sorted(lines, key=lambda t: abs(len(t.split()) - 14))[0]  # a line of about 14 words
        return " ".join(words.split())

    def audition(self, name: str, spec: str) -> Job:
        """An MP3 of one of ``name``'s lines in voice ``spec`` (pipeline.audition), to hear before recasting."""
        from ..render.audition import render_samples

        prod = self.production()
        text = self._speaker_text(prod, name)

        def work(job: Job) -> dict[str, Any]:
            folder = self.out_dir / AUDITIONS
            path = render_samples(folder, [spec], text)[0]
            return {"name": name, "voice": spec, "text": text,
                    "url": f"/book/{path.relative_to(self.out_dir).as_posix()}?v={int(time.time() * 1000)}"}

        return self.submit(f"audition {spec} for {name}", work)

    def recast(self, name: str, spec: str) -> Job:
        """Write ``name``'s voice into the cast file and re-render (only their lines change)."""
        prod = self.production()
        if name != "narrator" and name not in prod.voices:
            from ..errors import did_you_mean

            raise ScriptError(f"no speaker {name!r} in this book{did_you_mean(name, prod.voices)}")
        genders = {c.name: c.gender for c in (*prod.script.characters, *prod.cast.characters)}

        def work(job: Job) -> dict[str, Any]:
            with book_lock(self.out_dir):
                castfile.set_voice(self._cast_file(), name, spec, genders.get(name))
            self._emit("cast", job=job.id, label=job.label)
            return {**self._render(job), "name": name, "voice": spec, "cast": str(self.paths.cast)}

        return self.submit(f"recast {name} as {spec}", work)

    def pronunciation_preview(self, word: str, spoken: str) -> list[dict[str, str]]:
        """The lines a pronunciation would change (their spoken text differs), with that text."""
        prod = self.production()
        if not word.strip() or not spoken.strip():
            raise ScriptError("give a word and how to say it")
        before = plan_lines(prod.script.segments, prod.cast, prod.voices)
        cast = replace(prod.cast, pronunciations=(*[p for p in prod.cast.pronunciations if p[0] != word.strip()],
                                                  (word.strip(), spoken.strip())))
        after = plan_lines(prod.script.segments, cast, prod.voices)
        return [{"id": b.segment.id, "text": b.segment.text, "spoken": a.spoken}
                for b, a in zip(before, after, strict=True) if a.spoken != b.spoken]

    def pronounce(self, word: str, spoken: str) -> Job:
        """Add a pronunciation to the cast file and re-render just the lines it changes."""
        affected = [row["id"] for row in self.pronunciation_preview(word, spoken)]

        def work(job: Job) -> dict[str, Any]:
            with book_lock(self.out_dir):
                castfile.set_pronunciation(self._cast_file(), word, spoken)
            self._emit("cast", job=job.id, label=job.label)
            return {**self._render(job), "affected": affected, "cast": str(self.paths.cast)}

        return self.submit(f"pronounce {word!r} as {spoken!r}", work)


def voice_list() -> list[dict[str, str]]:
    """Every voice the installed engines offer (an engine that cannot load is left out)."""
    from ..engines import engine_names, get_engine

    out = []
    for name in engine_names():
        if name == "coqui":
            continue  # needs the optional extra and a model download; cast it in the file
        try:
            out += [{"spec": v.spec, "gender": v.gender, "language": v.language} for v in get_engine(name).voices()]
        except (PipelineError, ImportError, OSError):
            continue
    return out


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
