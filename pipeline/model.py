"""Plain data passed between the pipeline's stages: books, characters, segments, scripts.

Everything here is a frozen dataclass with no behaviour beyond small derived properties, so
each stage (ingest, parse, cast, render, assemble) is a function over these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Gender = Literal["female", "male", "unknown"]
GENDERS: tuple[Gender, ...] = ("female", "male", "unknown")
SegmentKind = Literal["narration", "dialogue"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the source: ``text == book.text[start:end]`` (stripped of outer space)."""

    index: int  # 0-based, counted over the whole book
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Chapter:
    """A chapter: an optional heading span and its paragraphs, all as offsets into the source."""

    number: int  # 1-based
    title: str
    start: int
    end: int
    heading: tuple[int, int] | None  # [start, end) of the heading line, if the source has one
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class ReadOptions:
    """How a book is read in: its language when the file does not say (or says wrongly), whether
    footnotes and endnotes are read aloud at the end of their chapter, and which half of Japanese
    ruby (furigana) is read: the ``base`` text or its ``reading``."""

    language: str | None = None  # a BCP 47 tag such as "fr" or "ja"; None: from the book (or detected)
    read_notes: bool = False
    ruby: Literal["base", "reading"] = "base"


@dataclass(frozen=True)
class Book:
    """A decoded story: its full text (BOM stripped, newlines untouched) and its chapters."""

    path: Path
    title: str
    slug: str
    text: str
    chapters: tuple[Chapter, ...]
    author: str | None = None
    # spans of the source that are not read aloud (Project Gutenberg licence header/footer,
    # EPUB front matter); they lie in no chapter's paragraphs and become unspoken segments
    unspoken: tuple[tuple[int, int], ...] = ()
    language: str | None = None  # BCP 47 tag (dc:language, detected, or --lang); None: unknown
    # footnotes/endnotes: spans inside their chapter, after its paragraphs; unspoken unless read_notes
    notes: tuple[tuple[int, int], ...] = ()
    read_notes: bool = False
    skipped: tuple[tuple[str, int], ...] = ()  # what the reader left out, e.g. ("MathML formula", 2)
    warnings: tuple[str, ...] = ()  # problems found that did not stop the book (file and problem named)


@dataclass(frozen=True)
class Character:
    """A speaker known to attribution: main name, other names it goes by, and gender."""

    name: str
    gender: Gender = "unknown"
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def segment_id(chapter: int, paragraph: int | str, part: int | None = None) -> str:
    """A segment's id, ``CC-PPPP`` or ``CC-PPPP-NN`` (chapter, paragraph, part within it): ids
    sort in reading order as plain strings. ``paragraph`` may be a fixed label such as ``"9999"``."""
    para = paragraph if isinstance(paragraph, str) else f"{paragraph:04d}"
    return f"{chapter:02d}-{para}" if part is None else f"{chapter:02d}-{para}-{part:02d}"


@dataclass(frozen=True)
class Segment:
    """One unit of speech: a narration span or a quoted line, with who speaks it and why.

    ``start``/``end`` are ``str`` offsets into ``Book.text``; ``text`` is ``Book.text[start:end]``
    unless a person edited the line in the script. ``speaker`` is ``None`` for narration.
    """

    id: str
    chapter: int
    kind: SegmentKind
    speaker: str | None
    text: str
    start: int
    end: int
    confidence: float = 1.0
    reason: str = ""
    paragraph: int = 0  # Paragraph.index the segment lies in (-1 for a chapter heading)
    heading: bool = False  # the chapter's title line
    spoken: bool = True  # False for text that is kept in the script but not read (licence boilerplate)
    # the parser's second choice of speaker and its probability (dialogue only; not in the JSON)
    runner_up: tuple[str, float] | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "chapter": self.chapter,
            "kind": self.kind,
            "speaker": self.speaker,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
            "reason": self.reason,
            "paragraph": self.paragraph,
            "heading": self.heading,
            "spoken": self.spoken,
        }

    @staticmethod
    def from_json(data: dict[str, object]) -> Segment:
        """Read back what ``to_json`` wrote (as stored beside a rendered book)."""
        kind: SegmentKind = "dialogue" if data["kind"] == "dialogue" else "narration"
        speaker = data.get("speaker")
        return Segment(
            id=str(data["id"]), chapter=int(str(data["chapter"])), kind=kind,
            speaker=str(speaker) if speaker is not None else None, text=str(data["text"]),
            start=int(str(data["start"])), end=int(str(data["end"])),
            confidence=float(str(data.get("confidence", 1.0))), reason=str(data.get("reason", "")),
            paragraph=int(str(data.get("paragraph", 0))), heading=bool(data.get("heading", False)),
            spoken=bool(data.get("spoken", True)),
        )


@dataclass(frozen=True)
class Script:
    """The parsed book: every segment in reading order, plus the characters that speak."""

    book: Book
    segments: tuple[Segment, ...]
    characters: tuple[Character, ...] = field(default=())

    def chapter_segments(self, number: int) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.chapter == number)
