"""Render on a Ray cluster when one machine is not enough (``render --ray [ADDRESS]``, extra ``[ray]``).

The plan is the serial render's (``synth.pending``). On every node the driver keeps up to one
actor per CPU; an actor holds one voice's model and speaks that voice's lines, so each node
loads a voice once per actor and keeps it warm. Actors reserve no CPU of their own: the driver
decides how many run on a node (its CPU count), starts an actor for the voice with the most
work left per actor, and retires actors whose voice has nothing left, so a few voices never
starve a many-core node and many voices never oversubscribe a small one.

Clips come back to the driver, which stores each one in the content-addressed store the moment
it arrives (or, with ``direct``, actors write them straight into a store every node can reach:
``render --store PATH``). An actor that dies or is killed loses only the lines in flight on it
(two at most); they are handed to another actor (twice at most, then reported as failed).
Chapter assembly runs as Ray tasks, one CPU each, on the driver's node (it reads the clip store
and writes the output folder there).
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RenderError
from .cache import ClipStore
from .synth import Line, Progress, SynthResult, Tally, pending
from .workers import (
    DEPTH,
    RETRIES,
    Built,
    ChapterJob,
    EngineSetup,
    apply_setup,
    assemble_job,
    engine_setup,
    timed_synthesis,
)

INSTALL_HINT = "install it with: pip install -e '.[ray]'"


class VoiceActor:
    """Holds one voice's model on one node and speaks lines with it (a Ray actor)."""

    def __init__(self, setup: EngineSetup, voice: str) -> None:
        apply_setup(setup)
        self.voice = voice

    def pid(self) -> int:
        """The actor's process id (tests kill it to prove a lost actor loses nothing)."""
        return os.getpid()

    def speak(self, line: Line, store_root: str | None) -> tuple[str, Any]:
        """("clip", (clip, seconds)) to send back, ("stored", (duration, seconds)) when written to
        a shared store, or ("failed", message)."""
        clip, elapsed, error = timed_synthesis(line)
        if clip is None:
            return ("failed", error)
        if store_root is None:
            return ("clip", (clip, elapsed))
        assert line.key is not None
        ClipStore(Path(store_root)).put(line.key, clip)
        return ("stored", (clip.duration, elapsed))


def _assemble_task(job: ChapterJob, store_root: str) -> tuple[str, Any]:
    built = assemble_job(job, ClipStore(Path(store_root)))
    if isinstance(built, Exception):
        return ("missing", built.keys)
    return ("built", built)


@dataclass
class _Actor:
    handle: Any
    node: str
    voice: str
    inflight: dict[Any, tuple[Line, int]] = field(default_factory=dict)  # object ref -> (line, tries)


class RayRunner:
    """Synthesis on Ray actors across a cluster, chapter assembly as Ray tasks.

    ``address``: None starts a local Ray instance on this machine (all its cores), otherwise a
    running cluster's address (``auto``, ``HOST:PORT`` or ``ray://HOST:PORT``); an already
    initialised Ray is used as it is. ``direct``: actors write clips into the render's store
    themselves (a folder every node sees) instead of sending them back.
    """

    def __init__(self, address: str | None = None, *, direct: bool = False,
                 init: Mapping[str, Any] | None = None) -> None:
        self.address = address
        self.direct = direct
        self.init = dict(init or {})
        self._actors: list[_Actor] = []

    def __enter__(self) -> RayRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ray(self) -> Any:
        try:
            import ray
        except ImportError:
            raise RenderError(f"--ray needs the ray package; {INSTALL_HINT}") from None
        if not ray.is_initialized():
            try:
                ray.init(address=self.address or None, include_dashboard=False, log_to_driver=False,
                         logging_level=logging.WARNING, **self.init)
            except (ConnectionError, ValueError, RuntimeError) as error:
                where = self.address or "a local cluster"
                raise RenderError(f"--ray: cannot connect to {where}: {error}") from None
        return ray

    def actors(self) -> list[Any]:
        """Handles of the actors working now."""
        return [a.handle for a in self._actors]

    def synthesize(self, lines: list[Line], store: ClipStore, force: frozenset[str] = frozenset(),
                   progress: Progress | None = None) -> SynthResult:
        order, cached = pending(lines, store, force)
        tally = Tally(len(order), cached, progress)
        if not order:
            return tally.result(len(store.corrupted))
        ray = self._ray()
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        remote_actor = ray.remote(num_cpus=0, max_restarts=0)(VoiceActor)
        setup = engine_setup()
        root = str(store.root) if self.direct else None
        queues: dict[str, deque[tuple[Line, int]]] = {}
        for line in order:
            queues.setdefault(line.voice.spec, deque()).append((line, 0))
        slots = {n["NodeID"]: int(n["Resources"].get("CPU", 0)) for n in ray.nodes() if n.get("Alive")}
        slots = {node: cpus for node, cpus in slots.items() if cpus > 0}
        if not slots:
            raise RenderError("--ray: the cluster has no node with a CPU")

        def retire(actor: _Actor) -> None:
            self._actors.remove(actor)
            ray.kill(actor.handle, no_restart=True)

        def lost(actor: _Actor, why: str) -> None:
            self._actors.remove(actor)
            for line, tries in actor.inflight.values():
                if tries < RETRIES:
                    queues.setdefault(line.voice.spec, deque()).appendleft((line, tries + 1))
                else:
                    tally.fail(line, f"{line.voice.spec}: {why}")

        try:
            while queues or any(a.inflight for a in self._actors):
                for actor in [a for a in self._actors if not a.inflight and a.voice not in queues]:
                    retire(actor)  # its voice is done: free the slot for another voice
                for node, cpus in slots.items():
                    while queues and sum(a.node == node for a in self._actors) < cpus:
                        per_voice = {v: sum(a.voice == v for a in self._actors) for v in queues}
                        voice = max(queues, key=lambda v: (len(queues[v]) / (per_voice[v] + 1), v))
                        if per_voice[voice] >= len(queues[voice]):
                            break  # every remaining line of every voice already has an actor
                        handle = remote_actor.options(
                            scheduling_strategy=NodeAffinitySchedulingStrategy(node, soft=True)).remote(setup, voice)
                        self._actors.append(_Actor(handle, node, voice))
                for actor in self._actors:
                    queue = queues.get(actor.voice)
                    while queue and len(actor.inflight) < DEPTH:
                        item = queue.popleft()
                        actor.inflight[actor.handle.speak.remote(item[0], root)] = item
                    if actor.voice in queues and not queue:
                        del queues[actor.voice]
                refs = [ref for a in self._actors for ref in a.inflight]
                if not refs:
                    continue
                ready, _ = ray.wait(refs, num_returns=1, timeout=1.0)
                for ref in ready:
                    owner = next((a for a in self._actors if ref in a.inflight), None)
                    if owner is None:
                        continue  # its actor was already found dead
                    try:
                        status, value = ray.get(ref)
                    except ray.exceptions.RayActorError as error:
                        lost(owner, f"its Ray actor died ({type(error).__name__})")
                        continue
                    line, _ = owner.inflight.pop(ref)
                    if status == "failed":
                        tally.fail(line, value)
                        continue
                    if status == "clip":
                        clip, elapsed = value
                        assert line.key is not None
                        store.put(line.key, clip)
                        tally.ok(line, clip.duration, elapsed)
                    else:
                        tally.ok(line, value[0], value[1])
        finally:
            self.close()
        return tally.result(len(store.corrupted))

    def assemble(self, jobs: Sequence[ChapterJob], store: ClipStore) -> list[Built]:
        if not jobs:
            return []
        ray = self._ray()
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        from ..assemble.chapter import MissingClips

        here = ray.get_runtime_context().get_node_id()
        task = ray.remote(num_cpus=1, max_retries=RETRIES)(_assemble_task).options(
            scheduling_strategy=NodeAffinitySchedulingStrategy(here, soft=False))
        results = ray.get([task.remote(job, str(store.root)) for job in jobs])
        return [MissingClips(value) if status == "missing" else value for status, value in results]

    def close(self) -> None:
        """Stop this render's actors (Ray itself stays up for the next render)."""
        if not self._actors:
            return
        import ray

        for actor in self._actors:
            ray.kill(actor.handle, no_restart=True)
        self._actors.clear()
