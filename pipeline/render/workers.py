"""Render on every core: a pool of worker processes that synthesise clips and assemble chapters.

``render --workers N`` (default: the machine's cores) runs the same plan as the serial render
(``synth.pending``) on N spawned processes, each with one engine thread
(``engines.base.session_threads``). The parent hands out lines one or two at a time and
prefers, for each worker, the voice it spoke last, so a worker loads each model once and keeps
it warm. Workers store every clip in the content-addressed store the moment it is made
(atomically, as the serial render does), so Ctrl-C (the parent stops the workers) or
``kill -9`` (a worker sees its pipe close and exits after the clip in hand) loses nothing
finished and the next run resumes. Clips are a pure function of their inputs, so the output is
bit-identical to ``--workers 1``. Chapters are assembled on the same pool, one chapter per
worker at a time.

Each worker talks to the parent over its own pipe (no shared queue whose lock a killed worker
could hold); a worker that dies has its unfinished lines handed to another worker (twice at
most, then the line is reported as failed).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Protocol

from ..assemble.chapter import ChapterAudio, ChapterTags, MissingClips, assemble_chapter
from ..engines import Clip
from ..errors import EngineError, PipelineError, RenderError
from .cache import ClipStore
from .synth import Line, Progress, SynthResult, Tally, pending, synthesize_line, synthesize_lines

DEPTH = 2  # lines in flight per worker: one being spoken, one waiting, so a worker never idles
RETRIES = 2  # a line whose worker died is handed out again this many times before it is reported
MIN_LINES = 4  # lines per worker below which a pool is not worth starting


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class ChapterJob:
    """One chapter to assemble: its lines in order, the files to write ({format: path}), its tags."""

    lines: tuple[Line, ...]
    outputs: Mapping[str, Path]
    tags: ChapterTags


Built = ChapterAudio | MissingClips


class Runner(Protocol):
    """Where synthesis and chapter assembly run: this process, a process pool, or a Ray cluster."""

    def synthesize(self, lines: list[Line], store: ClipStore, force: frozenset[str] = frozenset(),
                   progress: Progress | None = None) -> SynthResult:
        """Make and store every clip the store lacks (see ``render.pending``)."""
        ...

    def assemble(self, jobs: Sequence[ChapterJob], store: ClipStore) -> list[Built]:
        """Write each chapter; a chapter whose clips are missing gives MissingClips (nothing written)."""
        ...


def assemble_job(job: ChapterJob, store: ClipStore) -> Built:
    """Assemble one chapter, returning MissingClips instead of raising it."""
    try:
        return assemble_chapter(job.lines, store, job.outputs, job.tags)
    except MissingClips as missing:
        return missing


class SerialRunner:
    """Everything in this process, one line after another (``--workers 1``)."""

    def synthesize(self, lines: list[Line], store: ClipStore, force: frozenset[str] = frozenset(),
                   progress: Progress | None = None) -> SynthResult:
        return synthesize_lines(lines, store, force, progress)

    def assemble(self, jobs: Sequence[ChapterJob], store: ClipStore) -> list[Built]:
        return [assemble_job(job, store) for job in jobs]


# --- what a fresh process needs to speak with the same engines and voices as this one ---------

# Voices added to this process with an engine's ``add_voices`` live in the engine instance, in one
# of these attributes; a worker replays them. (A cast's ``voice_dirs`` travel in ``Voice.sources``.)
_ADDED_SOURCES = ("_dirs", "_files")


@dataclass(frozen=True)
class EngineSetup:
    """The engine registry (module paths, or pickled instances registered in-process) and the
    voice folders/files casts added, so a worker process resolves every voice like its parent."""

    registry: tuple[tuple[str, str | bytes], ...]
    sources: tuple[tuple[str, str], ...] = field(default=())  # (engine, folder or file given to add_voices)

    @property
    def digest(self) -> str:
        return hashlib.sha256(pickle.dumps((self.registry, self.sources))).hexdigest()


def engine_setup() -> EngineSetup:
    """Snapshot this process's engines for a worker process (see ``apply_setup``)."""
    from ..engines import _INSTANCES, _REGISTRY

    registry: list[tuple[str, str | bytes]] = []
    sources: list[tuple[str, str]] = []
    for name, target in _REGISTRY.items():
        instance = _INSTANCES.get(name)
        if target.startswith("<instance") and instance is not None:
            registry.append((name, pickle.dumps(instance)))
        else:
            registry.append((name, target))
        if instance is not None and callable(getattr(instance, "add_voices", None)):
            for attr in _ADDED_SOURCES:
                sources += [(name, str(path)) for path in getattr(instance, attr, ())]
    return EngineSetup(tuple(registry), tuple(sources))


def portable_engines() -> bool:
    """Whether every engine registered here can be recreated in a worker process."""
    try:
        engine_setup()
    except Exception:  # an instance holding a model session, a lock, a lambda: it stays in this process
        return False
    return True


def apply_setup(setup: EngineSetup) -> None:
    """Make this (worker) process's engines match the snapshot."""
    from ..engines import get_engine, register_engine

    for name, target in setup.registry:
        register_engine(name, pickle.loads(target) if isinstance(target, bytes) else target)
    for name, path in setup.sources:
        engine: Any = get_engine(name)  # an engine with add_voices (see engine_setup)
        engine.add_voices(path)


# --- the worker process ---------------------------------------------------------------------

def _worker_main(conn: Connection) -> None:
    """A worker: speak lines and assemble chapters as the parent asks, until its pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    applied = ""
    stores: dict[str, ClipStore] = {}
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone (finished, or killed): nothing of ours is half-written
        if message is None:
            return
        kind, task, setup, root, payload = message
        if setup is not None and setup.digest != applied:
            apply_setup(setup)
            applied = setup.digest
        store = stores.setdefault(root, ClipStore(Path(root)))
        try:
            if kind == "line":
                reply = _speak(payload, store)
            else:
                built = assemble_job(payload, store)
                reply = ("missing", built.keys) if isinstance(built, MissingClips) else ("built", built)
        except Exception as error:  # a full disk, ffmpeg failing: the parent raises it as the serial render would
            reply = ("raise", _portable(error))
        try:
            conn.send((task, reply))
        except (BrokenPipeError, OSError):
            return


def _portable(error: Exception) -> Exception:
    """The error itself if it survives pickling, else a RenderError with its message."""
    try:
        copy: Exception = pickle.loads(pickle.dumps(error))
        return copy
    except Exception:
        if isinstance(error, PipelineError):
            return RenderError(str(error))
        return RuntimeError(f"{type(error).__name__}: {error}")


def timed_synthesis(line: Line) -> tuple[Clip | None, float, str | None]:
    """Speak one line: (clip, seconds it took, None), or (None, seconds, the engine's error)."""
    t0 = time.perf_counter()
    try:
        clip = synthesize_line(line)
    except EngineError as error:
        return None, time.perf_counter() - t0, str(error)
    return clip, time.perf_counter() - t0, None


def _speak(line: Line, store: ClipStore) -> tuple[str, Any]:
    assert line.key is not None
    clip, elapsed, error = timed_synthesis(line)
    if clip is None:
        return ("failed", error)
    store.put(line.key, clip)
    return ("stored", (clip.duration, elapsed))


# --- the parent side ------------------------------------------------------------------------

@dataclass
class _Worker:
    process: Any
    conn: Connection
    voice: str = ""
    setup: str = ""  # digest of the engine setup it has
    busy: dict[int, Any] = field(default_factory=dict)  # task id -> what it was given


class ProcessRunner:
    """A pool of ``workers`` processes, started when there is work for more than one, reused for
    every render until ``close()`` (use it as a context manager)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or default_workers())
        self._pool: list[_Worker] = []
        self._context = multiprocessing.get_context("spawn")
        self._next_task = 0

    def __enter__(self) -> ProcessRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def synthesize(self, lines: list[Line], store: ClipStore, force: frozenset[str] = frozenset(),
                   progress: Progress | None = None) -> SynthResult:
        order, cached = pending(lines, store, force)
        size = min(self.workers, len(order) // MIN_LINES)
        if size <= 1 or not portable_engines():
            # a few lines (starting processes and loading models again would cost more), or an
            # engine registered in this process that cannot be sent to another one
            return synthesize_lines(lines, store, force, progress)
        tally = Tally(len(order), cached, progress)
        queues: dict[str, deque[tuple[Line, int]]] = {}
        for line in order:
            queues.setdefault(line.voice.spec, deque()).append((line, 0))

        def next_for(worker: _Worker) -> Any:
            voice = worker.voice if queues.get(worker.voice) else ""
            if not voice:
                if not queues:
                    return None
                on_voice = {v: sum(1 for w in self._pool if w.voice == v) for v in queues}
                voice = max(queues, key=lambda v: (len(queues[v]) / (on_voice[v] + 1), v))
            item = queues[voice].popleft()
            if not queues[voice]:
                del queues[voice]
            worker.voice = voice
            return item

        def done(item: Any, reply: tuple[str, Any]) -> None:
            line, _ = item
            status, value = reply
            if status == "stored":
                tally.ok(line, value[0], value[1])
            else:
                tally.fail(line, value)

        def lost(item: Any, why: str) -> None:
            line, tries = item
            if tries < RETRIES:
                queues.setdefault(line.voice.spec, deque()).appendleft((line, tries + 1))
            else:
                tally.fail(line, f"{line.voice.spec}: {why}")

        self._run("line", store, size, next_for, done, lost,
                  lambda: sum(len(q) for q in queues.values()))
        return tally.result(len(store.corrupted))

    def assemble(self, jobs: Sequence[ChapterJob], store: ClipStore) -> list[Built]:
        size = min(self.workers, len(jobs))
        if size <= 1 or (not self._pool and sum(len(job.lines) for job in jobs) < MIN_LINES * 2 * size):
            return SerialRunner().assemble(jobs, store)  # one chapter, or a few short ones and no pool running
        todo = deque((i, 0) for i in range(len(jobs)))
        built: dict[int, Built] = {}

        def next_for(worker: _Worker) -> Any:
            if not todo or worker.busy:  # one chapter at a time per worker: each is a whole CPU's work
                return None
            return todo.popleft()

        def done(item: Any, reply: tuple[str, Any]) -> None:
            status, value = reply
            built[item[0]] = MissingClips(value) if status == "missing" else value

        def lost(item: Any, why: str) -> None:
            index, tries = item
            if tries >= RETRIES:
                raise OSError(f"chapter assembly failed: worker process {why}")
            todo.appendleft((index, tries + 1))

        def payload(item: Any) -> Any:
            return jobs[item[0]]

        self._run("chapter", store, size, next_for, done, lost, lambda: len(todo), payload)
        return [built[i] for i in range(len(jobs))]

    def _run(self, kind: str, store: ClipStore, size: int, next_for: Any, done: Any, lost: Any,
             remaining: Any, payload: Any = None) -> None:
        """Hand out work until none is left or in flight; a dead worker's work goes to ``lost``."""
        setup = engine_setup()
        root = str(store.root)
        try:
            while True:
                while len(self._pool) < size and remaining():
                    self._start()
                for worker in self._pool:
                    while len(worker.busy) < DEPTH:
                        item = next_for(worker)
                        if item is None:
                            break
                        self._next_task += 1
                        worker.busy[self._next_task] = item
                        fresh = setup if worker.setup != setup.digest else None  # sent once per worker
                        worker.setup = setup.digest
                        body = payload(item) if payload else item[0]
                        worker.conn.send((kind, self._next_task, fresh, root, body))
                if not any(w.busy for w in self._pool):
                    return
                ready = wait([w.conn for w in self._pool if w.busy], timeout=1.0)
                for worker in list(self._pool):
                    if worker.conn in ready:
                        try:
                            task, reply = worker.conn.recv()
                        except (EOFError, OSError):
                            self._bury(worker, lost)
                            continue
                        if reply[0] == "raise":
                            raise reply[1]
                        done(worker.busy.pop(task), reply)
                    elif worker.busy and not worker.process.is_alive():
                        self._bury(worker, lost)
        except BaseException:
            self.close(kill=True)  # Ctrl-C or an error: stop every worker; finished clips are stored
            raise

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(child,), daemon=True,
                                        name=f"audiobook-worker-{len(self._pool) + 1}")
        process.start()
        child.close()
        self._pool.append(_Worker(process, parent))

    def _bury(self, worker: _Worker, lost: Any) -> None:
        """A worker died (killed, out of memory, an engine crash): its unfinished work goes back."""
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        why = f"died (exit code {code}) while working on it"
        self._pool.remove(worker)
        worker.conn.close()
        for item in worker.busy.values():
            lost(item, why)

    def close(self, kill: bool = False) -> None:
        """Stop the workers: ask them to finish, or (``kill``) terminate them at once."""
        for worker in self._pool:
            try:
                if kill:
                    worker.process.terminate()
                else:
                    worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for worker in self._pool:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._pool.clear()
