"""What every input format shares: reading a story file with errors that name it, and slugs."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import InputError

STORY_SUFFIXES = (".txt", ".md", ".epub")


def slugify(name: str) -> str:
    """A file-system friendly lowercase name: 'Pride & Prejudice' -> 'pride-prejudice'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", ascii_name).strip("-").lower()
    return slug or "book"


def read_story_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a story file; a missing file, a folder, one over ``max_bytes`` or an
    unreadable one is an InputError that names the file."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a story file ({', '.join(STORY_SUFFIXES)})")
    if max_bytes is not None and (size := path.stat().st_size) > max_bytes:
        raise InputError(f"{path}: refused: {size / 2**20:.0f} MB is over the {max_bytes / 2**20:.0f} MB limit "
                         f"for a {path.suffix.lstrip('.').upper() or 'story'} file")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
