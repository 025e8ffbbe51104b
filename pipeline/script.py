"""The editable script: one line per segment, diff-friendly, written beside the rendered book.

    = Chapter 1: Redemption
    01-0000-00 | Sakura | I don't think you quite understand.  # 0.95 tag "She growled"
    01-0000-01 | narrator | She growled out her deep jade depths burning with pain…

``ID | SPEAKER | TEXT`` with the attribution confidence and reason as a trailing comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Script, Segment

NARRATOR = "narrator"
_COMMENT_RE = re.compile(r"\s{2,}#\s*(\d(?:\.\d+)?)(?:\s.*)?$")
_LINE_RE = re.compile(r"^(?P<id>[\w.-]+)\s*\|\s*(?P<speaker>[^|]*?)\s*\|\s?(?P<text>.*)$")


def one_line(text: str) -> str:
    return " ".join(text.split())


def format_segment(seg: Segment) -> str:
    speaker = NARRATOR if seg.kind == "narration" else (seg.speaker or "unknown")
    line = f"{seg.id} | {speaker} | {one_line(seg.text)}"
    if seg.kind == "dialogue":
        line += f"  # {seg.confidence:.2f} {one_line(seg.reason)}".rstrip()
    return line


def format_script(script: Script) -> str:
    """The whole script as text, chapter by chapter."""
    out = [
        f"# Script of {script.book.title!r}. Edit a line's text or speaker, then run `audiobook render` again.",
        "# Format: ID | SPEAKER | TEXT  # confidence reason   (SPEAKER 'narrator' reads narration)",
    ]
    chapter = None
    titles = {c.number: c.title for c in script.book.chapters}
    for seg in script.segments:
        if seg.chapter != chapter:
            chapter = seg.chapter
            out += ["", f"= Chapter {chapter}: {titles.get(chapter, '')}".rstrip(": ")]
        out.append(format_segment(seg))
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class ScriptLine:
    """A segment line read back from a script file."""

    id: str
    speaker: str | None  # None for narration
    text: str
    number: int  # 1-based line number in the file


def read_script(text: str) -> list[ScriptLine]:
    """Parse script text back into lines; comments, blank lines and chapter markers are skipped."""
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", "=")):
            continue
        match = _LINE_RE.match(stripped)
        if not match:
            continue
        body = _COMMENT_RE.sub("", match.group("text")).rstrip()
        speaker = match.group("speaker").strip()
        lines.append(ScriptLine(match.group("id"), None if speaker in ("", NARRATOR) else speaker, body, number))
    return lines


def script_ids(lines: Iterable[ScriptLine]) -> list[str]:
    return [line.id for line in lines]
