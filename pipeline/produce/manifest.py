"""The files a render keeps beside a book's audio, typed: ``manifest.json`` (what was made: chapters,
every segment's voice, clip key and times) and ``takes.json`` (the take chosen per line).

``Manifest`` is versioned: ``from_dict`` reads what any earlier version wrote (version 1 had no
``version`` key), ``to_dict`` writes the current one. Everything that reads a manifest goes
through ``read_manifest``, so no code picks fields out of raw JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..assemble.chapter import ChapterResult
from ..fsutil import write_text_atomic
from ..model import ReadOptions

MANIFEST = "manifest.json"
TAKES = "takes.json"  # the take chosen per line with `render --line ID --take N`
VERSION = 2


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class SegmentRecord:
    """One rendered line: who speaks it with which voice, its clip key, and where it is heard
    (``start``/``end`` seconds in its chapter file; None for a line with no audio)."""

    id: str
    chapter: int
    kind: str
    speaker: str | None
    voice: str
    key: str | None
    file: str | None
    start: float | None
    end: float | None
    text_start: int
    text_end: int
    confidence: float
    text: str
    verify: Mapping[str, Any] | None = None  # what speech recognition heard (``audiobook verify``)

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "chapter": self.chapter, "kind": self.kind, "speaker": self.speaker,
               "voice": self.voice, "key": self.key, "file": self.file,
               "start": None if self.start is None else round(self.start, 3),
               "end": None if self.end is None else round(self.end, 3),
               "text_start": self.text_start, "text_end": self.text_end,
               "confidence": round(self.confidence, 3), "text": self.text}
        if self.verify is not None:
            out["verify"] = dict(self.verify)
        return out

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> SegmentRecord:
        speaker, key, file = data.get("speaker"), data.get("key"), data.get("file")
        return SegmentRecord(
            id=str(data["id"]), chapter=int(data["chapter"]), kind=str(data.get("kind", "narration")),
            speaker=None if speaker is None else str(speaker), voice=str(data.get("voice", "")),
            key=None if key is None else str(key), file=None if file is None else str(file),
            start=_opt_float(data.get("start")), end=_opt_float(data.get("end")),
            text_start=int(data.get("text_start", 0)), text_end=int(data.get("text_end", 0)),
            confidence=float(data.get("confidence", 1.0)), text=str(data.get("text", "")),
            verify=data["verify"] if isinstance(data.get("verify"), dict) else None)


@dataclass(frozen=True)
class BookInfo:
    """The book a manifest describes: its title, author, story file and cast file (absolute paths),
    slug, and how it was read in (``--lang``, ``--read-notes``, ``--ruby``), so a later verify or
    studio session rebuilds the same book."""

    title: str
    author: str | None
    source: str
    slug: str
    cast: str | None
    read: ReadOptions = field(default_factory=ReadOptions)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "author": self.author, "source": self.source, "slug": self.slug,
                "cast": self.cast, "read": {"language": self.read.language, "read_notes": self.read.read_notes,
                                            "ruby": self.read.ruby}}

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> BookInfo:
        author, cast, read = data.get("author"), data.get("cast"), data.get("read") or {}
        language = read.get("language")
        options = ReadOptions(language=None if language is None else str(language),
                              read_notes=bool(read.get("read_notes", False)),
                              ruby="reading" if read.get("ruby") == "reading" else "base")
        return BookInfo(str(data.get("title", "")), None if author is None else str(author),
                        str(data.get("source", "")), str(data.get("slug", "")), None if cast is None else str(cast),
                        options)


@dataclass(frozen=True)
class Manifest:
    """Everything ``manifest.json`` holds. ``summary`` is the render report's counts and timings
    (``synthesized``, ``cached``, ``chapters_rebuilt``, per-engine figures, ...)."""

    book: BookInfo
    summary: Mapping[str, Any]
    formats: tuple[str, ...]
    narrator: str
    voices: Mapping[str, str]
    chapters: tuple[ChapterResult, ...]
    segments: tuple[SegmentRecord, ...]
    version: int = VERSION
    extra: Mapping[str, Any] = field(default_factory=dict)  # keys a newer version wrote, kept as they are

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "book": self.book.to_dict(), "summary": dict(self.summary),
                "formats": list(self.formats), "narrator": self.narrator, "voices": dict(self.voices),
                "chapters": [c.to_dict() for c in self.chapters],
                "segments": [s.to_dict() for s in self.segments], **self.extra}

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Manifest:
        known = {"version", "book", "summary", "formats", "narrator", "voices", "chapters", "segments"}
        return Manifest(
            book=BookInfo.from_dict(data.get("book") or {}), summary=dict(data.get("summary") or {}),
            formats=tuple(data.get("formats") or ("mp3",)), narrator=str(data.get("narrator", "")),
            voices={str(k): str(v) for k, v in (data.get("voices") or {}).items()},
            chapters=tuple(ChapterResult.from_dict(c) for c in data.get("chapters") or () if "number" in c),
            segments=tuple(SegmentRecord.from_dict(s) for s in data.get("segments") or ()),
            version=VERSION, extra={k: v for k, v in data.items() if k not in known})

    def chapter(self, number: int) -> ChapterResult | None:
        return next((c for c in self.chapters if c.number == number), None)


def read_manifest(out_dir: Path) -> Manifest | None:
    """The book folder's manifest, or None where there is none (or it is unreadable)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return Manifest.from_dict(data) if isinstance(data, dict) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_manifest(out_dir: Path, manifest: Manifest) -> None:
    write_text_atomic(out_dir / MANIFEST, json.dumps(manifest.to_dict(), indent=1, ensure_ascii=False))


def read_takes(out_dir: Path) -> dict[str, int]:
    """The take chosen per line id (lines on their first take are not listed)."""
    try:
        data = json.loads((out_dir / TAKES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): int(v) for k, v in data.items() if isinstance(v, int)} if isinstance(data, dict) else {}


def write_takes(out_dir: Path, takes: Mapping[str, int]) -> dict[str, int]:
    """Store the takes (dropping lines back on take 0) and return what was stored."""
    chosen = {k: v for k, v in takes.items() if v}
    write_text_atomic(out_dir / TAKES, json.dumps(chosen, indent=1, sort_keys=True))
    return chosen
