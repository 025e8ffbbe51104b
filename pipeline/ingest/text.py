"""Read a story file into a ``Book``: decode it, find chapters and paragraphs by offset.

Offsets are ``str`` indices into the decoded text (BOM stripped, newlines untouched), so the
``parse`` contract can point back at the exact source. Two paragraph conventions are handled:
one paragraph per line, and hard-wrapped paragraphs separated by blank lines (Gutenberg style).
Project Gutenberg's licence header and footer stay in ``Book.text`` but lie in no chapter: they
are recorded as ``Book.unspoken`` spans. ``.epub`` files are read by ``ingest/epub.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import Book, Chapter, Paragraph
from ..spans import strip_span
from .files import read_story_bytes, slugify

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|first|second|third|fourth|"
    "fifth|sixth|seventh|eighth|ninth|tenth|last|final"
)
_CHAPTER_RE = re.compile(
    rf"^\s*(?:chapter|chap\.)\s+(?:\d+|[ivxlcdm]+|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))?)\b[.:]?.*$",
    re.IGNORECASE,
)
_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_NL = r"(?>\r\n|\n|\r)"
_BLANK_RE = re.compile(rf"{_NL}[ \t\f\v]*{_NL}(?:[ \t\f\v]*{_NL})*")
_LINE_RE = re.compile(r"[^\r\n]+")
MAX_HEADING_CHARS = 120
_GUTENBERG_START_RE = re.compile(
    r"^[ \t]*(?:\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG E-?(?:BOOK|TEXT)\b[^\r\n]*"
    r"|\*END\*\s*THE SMALL PRINT\b[^\r\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_GUTENBERG_END_RE = re.compile(
    r"^[ \t]*(?:\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG E-?(?:BOOK|TEXT)\b"
    r"|End of (?:the |this )?Project Gutenberg(?:'s|\u2019s)?\b)",
    re.IGNORECASE | re.MULTILINE,
)
_GUTENBERG_CREDIT_RE = re.compile(
    r"(?:Produced by|E-?text prepared by|Transcriber(?:'s|\u2019s|s)? note)\b", re.IGNORECASE
)
_HEADER_FIELD_RE = re.compile(r"^[ \t]*(Title|Author):[ \t]*(\S[^\r\n]*)$", re.MULTILINE)


def decode(data: bytes, path: Path) -> str:
    """Decode story bytes: UTF-8 (BOM stripped), else a detected encoding, else a clear error."""
    if not data.strip():
        raise InputError(f"{path}: the file is empty; a story needs some text")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: this looks like a binary file (NUL bytes), not a text story")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        western = _western(data)
        if western is not None:
            return western
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.encoding is None:
            raise InputError(
                f"{path}: not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset "
                f"{utf8_error.start}) and no other text encoding fits; save it as UTF-8"
            ) from None
        text = str(best)
        if text.startswith("\ufeff"):
            text = text[1:]
        return text


_WESTERN_RE = re.compile(r"[^\x00-\x7f\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac\u0152\u0153]")


def _western(data: bytes) -> str | None:
    """cp1252 (the usual non-UTF-8 English/European text) when it decodes to Latin letters only;
    detectors tend to mistake short Western texts for Baltic or Cyrillic code pages."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return None if _WESTERN_RE.search(text) else text


def read_text(path: Path) -> str:
    """Read and decode a story file, with errors that name the file."""
    return decode(read_story_bytes(path), path)


def _blocks(text: str, begin: int = 0, finish: int | None = None) -> list[tuple[int, int]]:
    """Paragraph spans within ``text[begin:finish]``: blank-line separated blocks, or single lines
    where that part of the text has few blank lines."""
    finish = len(text) if finish is None else finish
    lines = [(m.start(), m.end()) for m in _LINE_RE.finditer(text, begin, finish) if text[m.start() : m.end()].strip()]
    blanks = list(_BLANK_RE.finditer(text, begin, finish))
    if not lines:
        return []
    wrapped = _hard_wrapped(text, lines)
    short = _short_ends(text, lines, wrapped) if wrapped else []
    if wrapped and not _blank_separated(text, lines, short):
        spans = _wrapped_paragraphs(text, lines, short)
    elif not blanks or (len(blanks) < 0.05 * len(lines) and not wrapped):
        spans = lines
    else:
        spans = []
        pos = begin
        for m in blanks:
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, finish))
    out = []
    for start, end in spans:
        chunk = text[start:end]
        if not chunk.strip():
            continue
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        out.append((start + lead, end - trail))
    return out


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> int:
    """The wrap width when the lines are a hard-wrapped text's (most lines nearly as long as the
    longest ones, and those at most 100 characters), else 0: then a few blank lines still separate
    paragraphs (a story with long paragraphs has few), and none at all means the lines must be
    joined into paragraphs. One paragraph per line gives lines of every length."""
    if len(lines) < 20:
        return 0
    lengths = sorted(b - a for a, b in lines)  # (a line's trailing spaces count: rarely any)
    width = lengths[int(0.9 * len(lengths))]
    full = sum(n >= 0.75 * width for n in lengths)
    return width if width <= 100 and full >= 0.6 * len(lengths) else 0


_PARA_END_RE = re.compile(r"[.!?:\"'\u201d\u2019)_\u2014-]\s*$")
_PARA_START_RE = re.compile(r"[ \t]|[\"\u201c\u2018]")


def _short_ends(text: str, lines: list[tuple[int, int]], width: int) -> list[bool]:
    """For each line, whether it ends a sentence well short of the wrap width (a paragraph's last
    line, in a hard-wrapped text)."""
    short = 0.75 * width
    return [b - a < short and _PARA_END_RE.search(text[a:b]) is not None for a, b in lines]


def _blank_after(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Whether a blank line separates line ``i`` from the next."""
    return text.count("\n", lines[i][1], lines[i + 1][0]) >= 2


def _blank_separated(text: str, lines: list[tuple[int, int]], short: list[bool]) -> bool:
    """Whether a hard-wrapped text separates its paragraphs by blank lines: most lines that look like
    a paragraph's last (``short``: ``_short_ends``) are followed by one."""
    ends = [i for i, last in enumerate(short[:-1]) if last]
    if not ends:
        return True
    return sum(_blank_after(text, lines, i) for i in ends) >= 0.5 * len(ends)


def _wrapped_paragraphs(text: str, lines: list[tuple[int, int]], short: list[bool]) -> list[tuple[int, int]]:
    """Paragraphs of a hard-wrapped text with no blank lines: a line that ends a sentence well short
    of the wrap width ends one, and so does one that ends a sentence before an indented or quoted
    line ('... said the\nwaggoner.\n"Then I heard it fall."')."""
    spans = []
    start = lines[0][0]
    for k, ((a, b), nxt) in enumerate(zip(lines, [*lines[1:], None], strict=True)):
        ends = _PARA_END_RE.search(text, a, b) is not None
        if nxt is None or short[k] or _blank_after(text, lines, k) or (ends and _PARA_START_RE.match(text, nxt[0])):
            spans.append((start, b))
            if nxt is not None:
                start = nxt[0]
    return spans


def _heading_title(text: str, markdown: bool) -> str | None:
    """The chapter title a block announces, or None if the block is not a heading."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines or len(text) > MAX_HEADING_CHARS * 2:
        return None
    first = lines[0]
    md = _MD_HEADING_RE.match(first) if markdown else None
    if md and len(lines) == 1:
        return md.group(2).strip()
    if _CHAPTER_RE.match(first) and len(first) <= MAX_HEADING_CHARS and len(lines) <= 2:
        title = first.rstrip(".").strip()
        if title.split()[0].isupper():
            title = title.split()[0].capitalize() + title[len(title.split()[0]) :]
        if len(lines) == 2:
            title = f"{title}: {lines[1].strip().rstrip('.')}"
        return title
    return None


def _title_from_stem(stem: str) -> str:
    """'AlicesAdventuresInWonderland' or 'pride_and_prejudice' -> a readable title."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", stem).replace("_", " ").replace("-", " ")
    words = spaced.split()
    return " ".join(w if w.isupper() else w.capitalize() for w in words) or "Book"


def gutenberg_boilerplate(text: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The Project Gutenberg licence header and footer of ``text``, as trimmed ``[start, end)`` spans
    (``None`` where absent).

    The header runs from the top of the file to the end of the ``*** START OF THE PROJECT GUTENBERG
    EBOOK … ***`` line (or the older ``*END*THE SMALL PRINT`` line), plus a "Produced by …" or
    "Transcriber's note" paragraph right after it; the footer runs from the first ``*** END OF THE
    PROJECT GUTENBERG EBOOK`` or "End of the Project Gutenberg EBook of …" line to the end of the file.
    """
    header = footer = None
    body_start = 0
    start = _GUTENBERG_START_RE.search(text)
    if start is not None:
        end = start.end()
        line = text[start.start() : end].strip()
        if line.startswith("***") and line.count("***") < 2:  # a title wrapped onto the next line
            wrapped = re.match(r"\r?\n[^\r\n]*\*{3}[ \t]*(?=\r|\n|$)", text[end:])
            end += wrapped.end() if wrapped else 0
        following = _blocks(text, end, min(len(text), end + 4000))
        if following and _GUTENBERG_CREDIT_RE.match(text, following[0][0]):
            end = following[0][1]
        header = strip_span(text, 0, end)
        body_start = end
    stop = _GUTENBERG_END_RE.search(text, body_start)
    if stop is not None:
        footer = strip_span(text, stop.start(), len(text))
    return (header if header and header[0] < header[1] else None), footer


def _header_fields(header: str) -> dict[str, str]:
    """``Title:`` and ``Author:`` from a Gutenberg header, e.g. {"Title": "Pride and Prejudice"}."""
    return {m.group(1): m.group(2).strip() for m in _HEADER_FIELD_RE.finditer(header)}


def parse_text(text: str, path: Path, title: str | None = None) -> Book:
    """Split decoded text into chapters and paragraphs; a story without headings is one chapter.

    Project Gutenberg boilerplate (see ``gutenberg_boilerplate``) goes to ``Book.unspoken`` and lies in
    no chapter; the header's ``Title:`` and ``Author:`` lines name the book.
    """
    markdown = path.suffix.lower() in {".md", ".markdown"}
    header, footer = gutenberg_boilerplate(text)
    fields = _header_fields(text[header[0] : header[1]]) if header else {}
    name = title or fields.get("Title") or _title_from_stem(path.stem)
    body_start = header[1] if header else 0
    body_end = footer[0] if footer else len(text)
    blocks = _blocks(text, body_start, body_end)
    chapters: list[Chapter] = []
    current_title: str | None = None
    current_heading: tuple[int, int] | None = None
    current_start = 0
    paragraphs: list[Paragraph] = []
    counter = 0

    def close(end: int) -> None:
        if current_heading is None and not paragraphs:
            return
        number = len(chapters) + 1
        chapters.append(
            Chapter(
                number=number,
                title=current_title or (name if number == 1 else f"Chapter {number}"),
                start=current_start,
                end=end,
                heading=current_heading,
                paragraphs=tuple(paragraphs),
            )
        )

    for start, end in blocks:
        heading = _heading_title(text[start:end], markdown)
        if heading is not None:
            close(start)
            current_title, current_heading, current_start = heading, (start, end), start
            paragraphs = []
            continue
        paragraphs.append(Paragraph(index=counter, start=start, end=end, text=text[start:end]))
        counter += 1
    close(body_end)
    if not chapters:
        where = " between the Project Gutenberg header and footer" if header or footer else ""
        raise InputError(f"{path}: the file holds no text to read{where}")
    unspoken = tuple(span for span in (header, footer) if span is not None)
    return Book(path=path, title=name, slug=slugify(path.stem), text=text, chapters=tuple(chapters),
                author=fields.get("Author"), unspoken=unspoken)

