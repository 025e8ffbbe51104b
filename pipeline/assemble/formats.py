"""Files made from a render besides the chapter audio: SRT/WebVTT subtitles and the M4B book.

Subtitles come from the same timings as the manifest (one cue per segment, the speaker as a
label). The M4B joins the chapter files into one AAC audiobook with chapter markers and cover.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FfmpegError
from ..fsutil import atomic_path, write_text_atomic
from ..render.synth import Line
from .chapter import AAC_BITRATE, ChapterResult, ffmpeg_exe

M4B_BITRATE = AAC_BITRATE


@dataclass(frozen=True)
class BookTags:
    """What the M4B says about the book: title, author, file slug and cover image."""

    title: str
    author: str | None
    slug: str
    cover: Path | None = None


def _stamp(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{ms:03d}"


def cues(result: ChapterResult, lines: Sequence[Line]) -> list[tuple[float, float, str, str]]:
    """(start, end, speaker label, text) for every timed segment of a chapter."""
    by_id = {ln.segment.id: ln for ln in lines}
    out = []
    for t in result.timings:
        line = by_id.get(t.segment_id)
        if line is None:
            continue
        seg = line.segment
        who = seg.speaker if seg.kind == "dialogue" and seg.speaker else "Narrator"
        out.append((t.start, t.end, who, " ".join(seg.text.split())))
    return out


def srt(items: Sequence[tuple[float, float, str, str]]) -> str:
    blocks = [f"{n}\n{_stamp(a, ',')} --> {_stamp(b, ',')}\n[{who}] {text}\n"
              for n, (a, b, who, text) in enumerate(items, 1)]
    return "\n".join(blocks)


def vtt(items: Sequence[tuple[float, float, str, str]]) -> str:
    blocks = ["WEBVTT\n"]
    blocks += [f"{_stamp(a, '.')} --> {_stamp(b, '.')}\n<v {who}>{text}\n" for a, b, who, text in items]
    return "\n".join(blocks)


def write_subtitles(out_dir: Path, result: ChapterResult, lines: Sequence[Line]) -> None:
    """``NN-chapter.srt`` and ``NN-chapter.vtt`` beside the chapter's audio."""
    items = cues(result, lines)
    stem = Path(result.file).stem
    write_text_atomic(out_dir / f"{stem}.srt", srt(items))
    write_text_atomic(out_dir / f"{stem}.vtt", vtt(items))


def _metadata(book: BookTags, chapters: Sequence[ChapterResult], lengths: Sequence[float]) -> str:
    """ffmpeg's FFMETADATA1 text: book tags and one CHAPTER per chapter file, in milliseconds."""

    def esc(value: str) -> str:
        return "".join("\\" + ch if ch in "=;#\\\n" else ch for ch in value)

    out = [";FFMETADATA1", f"title={esc(book.title)}", f"album={esc(book.title)}",
           f"artist={esc(book.author or 'Unknown')}", "genre=Audiobook"]
    position = 0
    for chapter, seconds in zip(chapters, lengths, strict=True):
        length = round(seconds * 1000)
        out += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={position}", f"END={position + length}",
                f"title={esc(chapter.title)}"]
        position += length
    return "\n".join(out) + "\n"


def aac_sidecar(out_dir: Path, fingerprint: str) -> Path:
    """Where a chapter's AAC (encoded beside its MP3 when ``--m4b`` is on) is kept, by fingerprint."""
    return out_dir / "cache" / "aac" / f"{fingerprint}.m4a"


def write_book_m4b(out_dir: Path, book: BookTags, chapters: Sequence[ChapterResult]) -> Path:
    """One AAC ``<book>.m4b`` with chapter markers (and cover), rebuilt only when a chapter changed.

    Each chapter's AAC was encoded in the same ffmpeg pass as its MP3 (``aac_sidecar``), so the
    book is joined by stream copy, with no second encode; chapter markers follow the AAC parts'
    own lengths. A chapter without its AAC part (an older render) makes the book from the chapter
    files (whatever their format) by re-encoding, as before."""
    target = out_dir / f"{book.slug}.m4b"
    stamp = hashlib.sha256(json.dumps([c.fingerprint for c in chapters]).encode()).hexdigest()
    marker = out_dir / ".m4b.fingerprint"
    if target.is_file() and marker.is_file() and marker.read_text() == stamp:
        return target
    parts = [aac_sidecar(out_dir, c.fingerprint) for c in chapters]
    copy = all(p.is_file() for p in parts)
    if copy:
        from mutagen.mp4 import MP4

        lengths = [float(getattr(MP4(str(p)).info, "length", 0.0)) for p in parts]
    else:
        parts = [(out_dir / c.file).resolve() for c in chapters]
        lengths = [c.duration for c in chapters]
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        listing = Path(tmp) / "chapters.txt"
        listing.write_text("".join(f"file '{p.resolve()}'\n" for p in parts))
        meta = Path(tmp) / "metadata.txt"
        meta.write_text(_metadata(book, chapters, lengths), encoding="utf-8")
        cover = book.cover
        with atomic_path(target) as out:
            cmd: list[Any] = [ffmpeg_exe(), "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", listing,
                              "-i", meta]
            if cover:
                cmd += ["-i", cover]
            cmd += ["-map", "0:a", "-map_metadata", "1", "-map_chapters", "1"]
            if cover:
                cmd += ["-map", "2:v", "-c:v", "copy", "-disposition:v", "attached_pic"]
            cmd += ["-c:a", "copy"] if copy else ["-c:a", "aac", "-b:a", M4B_BITRATE]
            cmd += ["-movflags", "+faststart", "-f", "mp4", out]
            result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
            if result.returncode != 0:
                raise FfmpegError(target.name, result.returncode, result.stderr)
    write_text_atomic(marker, stamp)
    if copy:  # AAC parts of chapters this book no longer has
        for stale in set(parts[0].parent.glob("*.m4a")) - set(parts):
            stale.unlink(missing_ok=True)
    return target
