"""Windows (CRLF) and old Mac (CR) line ends, read as '\\n' ones.

Attribution's patterns look for paragraph breaks ('\\n\\n'), line ends and indentation. A book saved
with '\\r\\n' must be decided exactly as the same book saved with '\\n', while every offset the parse
hands on stays an offset into the source as read (``Book.text``, newlines untouched). ``LfView``
is the book with its line ends made '\\n', and the two ways between its offsets and the source's.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..model import Book
from .context import QuotedParagraph


@dataclass(frozen=True)
class LfView:
    """``book`` with '\\r\\n' and a lone '\\r' made '\\n'; ``removed``: the source offset of each '\\r'
    taken out of a '\\r\\n', in order; ``dropped``: where each stood in the view (the offset of the '\\n'
    it came before)."""

    book: Book
    removed: tuple[int, ...]
    dropped: tuple[int, ...]

    def to_view(self, pos: int) -> int:
        """A source offset in the view."""
        return pos - bisect.bisect_left(self.removed, pos)

    def to_source(self, pos: int) -> int:
        """A view offset in the source (a line end's '\\n' maps to the '\\r' before it, so a span
        ending at a line end still ends there)."""
        return pos + bisect.bisect_left(self.dropped, pos)


def lf_view(book: Book) -> LfView | None:
    """The '\\n' view of a book with '\\r' line ends (None when it has none)."""
    text = book.text
    if "\r" not in text:
        return None
    removed: list[int] = []
    at = text.find("\r\n")
    while at >= 0:
        removed.append(at)
        at = text.find("\r\n", at + 2)
    dropped = tuple(r - k for k, r in enumerate(removed))  # (the k-th removed one stands k places earlier)
    view_text = text.replace("\r\n", "\n").replace("\r", "\n")
    to = LfView(book, tuple(removed), dropped).to_view

    def span(s: tuple[int, int]) -> tuple[int, int]:
        return to(s[0]), to(s[1])

    chapters = tuple(
        replace(
            c, start=to(c.start), end=to(c.end), heading=span(c.heading) if c.heading else None,
            paragraphs=tuple(
                replace(p, start=to(p.start), end=to(p.end), text=view_text[to(p.start) : to(p.end)])
                for p in c.paragraphs
            ),
        )
        for c in book.chapters
    )
    viewed = replace(
        book, text=view_text, chapters=chapters, unspoken=tuple(span(s) for s in book.unspoken),
        notes=tuple(span(s) for s in book.notes),
    )
    return LfView(viewed, tuple(removed), dropped)


def fixed_in_view(view: LfView | None, fixed: Mapping[int, str] | None) -> Mapping[int, str] | None:
    """Speakers a person gave lines (source offset -> speaker), keyed by view offsets."""
    if view is None or not fixed:
        return fixed
    return {view.to_view(pos): who for pos, who in fixed.items()}


def quoted_in_source(
    view: LfView | None, source: Book, quoted: Sequence[QuotedParagraph]
) -> list[QuotedParagraph]:
    """The quoted paragraphs found in the view, with the source's paragraphs and offsets."""
    if view is None:
        return list(quoted)
    paragraphs = {p.index: p for c in source.chapters for p in c.paragraphs}
    to = view.to_source
    return [
        replace(
            qp, paragraph=paragraphs[qp.paragraph.index],
            quotes=tuple(
                replace(q, start=to(q.start), end=to(q.end), open_mark=to(q.open_mark), close_mark=to(q.close_mark))
                for q in qp.quotes
            ),
        )
        for qp in quoted
    ]
