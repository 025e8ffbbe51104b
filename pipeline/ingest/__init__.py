"""Ingest: a story file (.txt, .md or .epub) in, a ``Book`` of chapters and paragraphs out.

``text.py`` reads plain text and Markdown, ``epub.py`` reads EPUB; ``files.py`` holds what they
share. To add an input format, add a reader module returning a ``Book`` and one branch here.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..model import Book, ReadOptions
from .files import slugify
from .text import parse_text, read_text

__all__ = ["load_book", "parse_text", "slugify"]


def load_book(path: Path | str, options: ReadOptions | None = None) -> Book:
    """Read a story file (.txt, .md or .epub) into a Book. A text's language is ``options.language``
    or detected from its chapters (see ``pipeline.speech.language``)."""
    p = Path(path)
    options = options or ReadOptions()
    if p.suffix.lower() == ".epub":
        from .epub import load_epub

        return load_epub(p, options=options)
    book = parse_text(read_text(p), p)
    from ..speech.language import detect_language

    language = options.language or detect_language(book.text[book.chapters[0].start:book.chapters[-1].end])
    return replace(book, language=language)
