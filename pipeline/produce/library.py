"""Render a whole catalogue: every book in a folder, each with its own cast, one shared clip store.

``audiobook library render DIR`` finds every story in DIR (``.txt``, ``.md``, ``.markdown``,
``.epub``; hidden files and ``*.script.txt`` skipped) and its cast beside it (``X.yaml`` or
``X.yml`` for ``X.txt``; a story without one is cast from the default pools), renders each to
``OUT/<slug>/`` with one runner (a process pool, or Ray) and one clip store for all of them
(a line two books share, or a re-render after a cast change, is synthesised once), and returns
one report: books, hours of audio, clips synthesised and cached, failures. A book that fails
(a bad cast, failed lines) is reported and the others still render.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PipelineError, RenderError
from ..fsutil import write_text_atomic
from ..ingest import slugify
from ..render.synth import Progress
from ..render.workers import Runner
from . import RenderReport, prepare, render_production

STORY_SUFFIXES = (".txt", ".md", ".markdown", ".epub")
CAST_SUFFIXES = (".yaml", ".yml")
REPORT = "library.json"


@dataclass(frozen=True)
class LibraryBook:
    """A story in the library folder, its cast file (None: default cast) and its output folder name."""

    story: Path
    cast: Path | None
    slug: str


@dataclass(frozen=True)
class BookOutcome:
    """How one book's render went: its report, or the error that stopped it."""

    book: LibraryBook
    out_dir: Path
    report: RenderReport | None
    error: str | None = None

    @property
    def failed_lines(self) -> int:
        return len(self.report.failed) if self.report else 0


@dataclass(frozen=True)
class LibraryReport:
    """One report for the whole library."""

    books: tuple[BookOutcome, ...]
    store: Path
    seconds: float

    @property
    def failures(self) -> int:
        """Books that did not render completely."""
        return sum(1 for b in self.books if b.error or b.failed_lines)

    def summary(self) -> dict[str, Any]:
        done = [b.report for b in self.books if b.report]
        audio = sum(sum(c.duration for c in r.chapters) for r in done)
        return {
            "books": len(self.books),
            "rendered": len(done),
            "failed_books": self.failures,
            "hours": round(audio / 3600, 3),
            "synthesized": sum(r.synth.synthesized for r in done),
            "cached": sum(r.synth.cached for r in done),
            "wall_seconds": round(self.seconds, 2),
            "store": str(self.store),
            "per_book": [
                {"story": str(b.book.story), "cast": str(b.book.cast) if b.book.cast else None,
                 "out": str(b.out_dir), "error": b.error,
                 **({"hours": round(sum(c.duration for c in b.report.chapters) / 3600, 3),
                     "synthesized": b.report.synth.synthesized, "cached": b.report.synth.cached,
                     "chapters": len(b.report.chapters),
                     "failed": [{"id": i, "error": e} for i, e in b.report.failed]} if b.report else {})}
                for b in self.books
            ],
        }


def find_books(folder: Path) -> list[LibraryBook]:
    """Every story in ``folder`` (not recursive) with the cast file beside it, in name order."""
    if not folder.is_dir():
        raise RenderError(f"{folder}: not a folder of books")
    stories = sorted(p for p in folder.iterdir()
                     if p.is_file() and p.suffix.lower() in STORY_SUFFIXES and not p.name.startswith(".")
                     and not p.name.endswith(".script.txt"))
    if not stories:
        raise RenderError(f"{folder}: no stories found (looked for {', '.join(STORY_SUFFIXES)} files)")
    books: list[LibraryBook] = []
    taken: set[str] = set()
    for story in stories:
        cast = next((c for c in (story.with_suffix(s) for s in CAST_SUFFIXES) if c.is_file()), None)
        slug = slugify(story.stem)
        if slug in taken:  # "a.txt" and "a.epub": keep both, apart
            slug = f"{slug}-{story.suffix.lstrip('.').lower()}"
        taken.add(slug)
        books.append(LibraryBook(story, cast, slug))
    return books


def render_library(folder: Path, out_root: Path, runner: Runner, *, store: Path | None = None,
                   formats: tuple[str, ...] = ("mp3",), m4b: bool = False,
                   progress: Callable[[LibraryBook], Progress | None] | None = None) -> LibraryReport:
    """Render every book of ``folder`` into ``out_root/<slug>/`` sharing one clip store
    (default ``out_root/clips``), and write ``out_root/library.json``."""
    started = time.perf_counter()
    books = find_books(folder)
    shared = store or out_root / "clips"
    outcomes: list[BookOutcome] = []
    for book in books:
        out_dir = out_root / book.slug
        try:
            prod = prepare(book.story, book.cast, out_dir)
            report = render_production(prod, out_dir, formats=formats, m4b=m4b, runner=runner, store=shared,
                                       progress=progress(book) if progress else None)
            outcomes.append(BookOutcome(book, out_dir, report))
        except PipelineError as error:
            outcomes.append(BookOutcome(book, out_dir, None, str(error)))
    result = LibraryReport(tuple(outcomes), shared, time.perf_counter() - started)
    out_root.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out_root / REPORT, json.dumps(result.summary(), indent=1, ensure_ascii=False))
    return result
