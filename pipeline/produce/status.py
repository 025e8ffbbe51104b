"""Questions about a rendered book that change no audio: what a render would redo (``status``),
which line plays at a moment (``find_line``), and which cached clips nothing uses (``clean``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import RenderError
from ..render.cache import ClipStore
from . import Production, chapter_plans, is_current, plan_book
from .lock import book_lock, check_out_dir, remove_orphans
from .manifest import Manifest, SegmentRecord, read_manifest, read_takes


@dataclass(frozen=True)
class Stale:
    """A line whose audio a render would make again, and why."""

    id: str
    chapter: int
    reason: str


def status(prod: Production, out_dir: Path) -> tuple[list[Stale], list[int]]:
    """Lines that need synthesis (with the reason) and chapters that need rebuilding; renders nothing."""
    store = ClipStore(out_dir / "cache" / "clips")
    lines = plan_book(prod, read_takes(out_dir))
    manifest = read_manifest(out_dir)
    old = {s.id: s for s in manifest.segments} if manifest else {}
    stale: list[Stale] = []
    for line in lines:
        if line.key is None or store.has(line.key):
            continue
        before = old.get(line.segment.id)
        if before is None:
            reason = "new line"
        elif before.voice != line.voice.describe():
            reason = f"voice changed: {before.voice} -> {line.voice.describe()}"
        elif before.text != line.segment.text:
            reason = "text changed"
        elif before.speaker != line.segment.speaker:
            reason = f"speaker changed: {before.speaker} -> {line.segment.speaker}"
        else:
            reason = "spoken text changed (pronunciation)" if before.key != line.key else "clip missing"
        stale.append(Stale(line.segment.id, line.segment.chapter, reason))
    formats = manifest.formats if manifest else ("mp3",)
    rebuild = [plan.chapter.number for plan in chapter_plans(prod, lines, formats)
               if not is_current(plan, manifest, out_dir)]
    return stale, rebuild


def _require_manifest(out_dir: Path, doing: str) -> Manifest:
    manifest = read_manifest(out_dir)
    if manifest is None:
        raise RenderError(f"{out_dir}: no manifest.json; render the book {doing}")
    return manifest


def find_line(out_dir: Path, chapter: int, seconds: float) -> SegmentRecord:
    """The manifest segment playing at ``seconds`` into ``chapter`` (the nearest one in a pause)."""
    manifest = _require_manifest(out_dir, "first")
    segments = [s for s in manifest.segments if s.chapter == chapter and s.start is not None and s.end is not None]
    if not segments:
        chapters = sorted({s.chapter for s in manifest.segments})
        raise RenderError(f"chapter {chapter} is not in {out_dir}/manifest.json (chapters: "
                          f"{', '.join(map(str, chapters))})")
    for seg in segments:
        if seg.start is not None and seg.end is not None and seg.start <= seconds < seg.end:
            return seg
    return min(segments, key=lambda s: min(abs((s.start or 0.0) - seconds), abs((s.end or 0.0) - seconds)))


@dataclass(frozen=True)
class CleanReport:
    """What ``clean`` removed (or would remove): clips no render of this book uses any more."""

    clips: int
    bytes: int
    kept: int


def clean(out_dir: Path, dry_run: bool = False) -> CleanReport:
    """Delete cached clips the current manifest does not use (old takes, old voices, edited
    lines) and temporary files a killed render left; the book's audio is untouched."""
    manifest = _require_manifest(out_dir, "before cleaning it")
    used = {s.key for s in manifest.segments}
    store = ClipStore(out_dir / "cache" / "clips")
    removed = freed = kept = 0
    check_out_dir(out_dir)
    with book_lock(out_dir):
        if not dry_run:
            remove_orphans(out_dir)
        for key in sorted(store.keys()):
            if key in used:
                kept += 1
                continue
            path = store.path(key)
            freed += path.stat().st_size
            removed += 1
            if not dry_run:
                path.unlink()
    return CleanReport(removed, freed, kept)
