"""The editable script: one line per segment, diff-friendly, written beside the rendered book.

    = Chapter 1: Redemption
    01-0000-00 | Sakura | I don't think you quite understand.  # 0.95 tag "She growled"
    01-0000-01 | narrator | She growled out her deep jade depths burning with pain…

``ID | SPEAKER | TEXT`` with the attribution confidence and reason as a trailing comment; where the
parser weighed another speaker, the comment names the runner-up and its chance first
(``# 0.29 Sasuke? (Sakura 0.27) same paragraph: ...``); a line ``audiobook verify`` flagged also
carries ``# ! heard "…"`` (what speech recognition heard).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .model import Script, Segment, SegmentKind

NARRATOR = "narrator"
_COMMENT_RE = re.compile(r"\s{2,}#\s*(?:\d(?:\.\d+)?|!)(?:\s.*)?$")
FLAG = "  # ! heard"  # starts the verify flag comment on a line
_LINE_RE = re.compile(r"^(?P<id>[\w.-]+)\s*\|\s*(?P<speaker>[^|]*?)\s*\|\s?(?P<text>.*)$")


def one_line(text: str) -> str:
    return " ".join(text.split())


def format_segment(seg: Segment) -> str:
    speaker = NARRATOR if seg.kind == "narration" else (seg.speaker or "unknown")
    line = f"{seg.id} | {speaker} | {one_line(seg.text)}"
    if seg.kind == "dialogue":
        runner = f" {speaker}? ({seg.runner_up[0]} {seg.runner_up[1]:.2f})" if seg.runner_up else ""
        line += f"  # {seg.confidence:.2f}{runner} {one_line(seg.reason)}".rstrip()
    return line


def with_flags(text: str, flags: dict[str, str]) -> str:
    """Script text with each line whose id is in ``flags`` ending ``  # ! heard <note>`` (an older
    flag replaced) and every other line's flag removed; the text stays readable by ``read_script``."""
    out = []
    for raw in text.splitlines():
        line = raw.split(FLAG, 1)[0] if FLAG in raw else raw
        match = _LINE_RE.match(line.strip())
        if match and match.group("id") in flags:
            line = f"{line}{FLAG} {one_line(flags[match.group('id')])}"
        out.append(line)
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


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


class ScriptConflict(Exception):
    """Hand edits that cannot be carried onto a re-parse because their source text changed."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        super().__init__(", ".join(ids))


@dataclass(frozen=True)
class Merge:
    """The segments to render after applying a person's script edits to a fresh parse."""

    segments: tuple[Segment, ...]
    edited: tuple[str, ...] = ()  # ids whose text or speaker a person changed
    added: tuple[str, ...] = ()  # ids a person added (a line split in two, say)
    deleted: tuple[str, ...] = ()  # ids a person deleted
    dropped: tuple[str, ...] = ()  # edits discarded by --force because their source changed


def _edited(seg: Segment, line: ScriptLine) -> Segment:
    """``seg`` with a person's text and speaker from the script; everything else (its source span,
    paragraph, heading and spoken flags) is the segment's own."""
    speaker = line.speaker
    kind: SegmentKind = "narration" if speaker is None else "dialogue"
    by_hand = kind == "dialogue" and speaker != (seg.speaker if seg.kind == "dialogue" else None)
    return replace(seg, kind=kind, speaker=speaker, text=line.text,
                   confidence=1.0 if by_hand else seg.confidence,
                   reason="set by hand in script.txt" if by_hand else seg.reason)


def _same(seg: Segment, line: ScriptLine) -> bool:
    speaker = seg.speaker if seg.kind == "dialogue" else None
    if seg.kind == "dialogue" and speaker is None:
        speaker = "unknown"
    return line.speaker == speaker and line.text == one_line(seg.text)


def merge_edits(fresh: Sequence[Segment], base: Sequence[Segment], lines: Sequence[ScriptLine],
                force: bool = False) -> Merge:
    """Carry a person's edits (script ``lines`` against the ``base`` parse they were made on) onto
    a ``fresh`` parse. An edit applies where the segment's source text is unchanged; otherwise it
    is a conflict (raised, unless ``force`` drops it). New lines follow the line they were added after.
    """
    base_by_id = {s.id: s for s in base}
    fresh_by_id = {s.id: s for s in fresh}
    fresh_by_text: dict[tuple[int, str], list[Segment]] = {}
    for s in fresh:
        fresh_by_text.setdefault((s.chapter, s.text), []).append(s)
    in_script = {ln.id for ln in lines}
    edits: dict[str, ScriptLine] = {}  # fresh id -> edited line
    added_after: dict[str | None, list[ScriptLine]] = {}
    conflicts: list[str] = []
    previous: str | None = None
    for line in lines:
        base_seg = base_by_id.get(line.id)
        if base_seg is None:
            added_after.setdefault(previous, []).append(line)
            continue
        target = _match(base_seg, fresh_by_id, fresh_by_text)
        if not _same(base_seg, line):
            if target is None:
                conflicts.append(line.id)
            else:
                edits[target.id] = line
        previous = target.id if target is not None else previous
    deleted: set[str] = set()
    for seg in base:
        if seg.id not in in_script:
            target = _match(seg, fresh_by_id, fresh_by_text)
            if target is None:
                conflicts.append(seg.id)
            else:
                deleted.add(target.id)
    if conflicts and not force:
        raise ScriptConflict(conflicts)
    out: list[Segment] = []
    added: list[str] = []
    anchor_seg: Segment | None = None

    def place(anchor: str | None) -> None:
        for new in added_after.get(anchor, []):
            like = anchor_seg or (fresh[0] if fresh else None)
            if like is None:
                continue
            out.append(_edited(Segment(new.id, like.chapter, "narration", None, new.text, like.end, like.end,
                                       paragraph=like.paragraph, spoken=like.spoken), new))
            added.append(new.id)

    place(None)
    for seg in fresh:
        anchor_seg = seg
        if seg.id not in deleted:
            out.append(_edited(seg, edits[seg.id]) if seg.id in edits else seg)
        place(seg.id)
    return Merge(tuple(out), tuple(sorted(edits)), tuple(added), tuple(sorted(deleted)),
                 tuple(conflicts) if force else ())


def _match(seg: Segment, by_id: dict[str, Segment], by_text: dict[tuple[int, str], list[Segment]]
           ) -> Segment | None:
    """The fresh segment a base segment became: same id and source text, else the one segment
    with the same source text in the same chapter."""
    same = by_id.get(seg.id)
    if same is not None and same.text == seg.text:
        return same
    candidates = by_text.get((seg.chapter, seg.text), [])
    return candidates[0] if len(candidates) == 1 else None
