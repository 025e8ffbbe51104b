"""Ingest: a story file (.txt, .md or .epub) in, a ``Book`` of chapters and paragraphs out.

``text.py`` reads plain text and Markdown, ``epub.py`` reads EPUB; ``files.py`` holds what they
share. To add an input format, add a reader module returning a ``Book`` and one branch here.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Book
from .files import slugify
from .text import parse_text, read_text

__all__ = ["load_book", "parse_text", "slugify"]


def load_book(path: Path | str) -> Book:
    """Read a story file (.txt, .md or .epub) into a Book."""
    p = Path(path)
    if p.suffix.lower() == ".epub":
        from .epub import load_epub

        return load_epub(p)
    return parse_text(read_text(p), p)
