"""Extract public-domain novels (Project Gutenberg texts) that Debian's R packages ship, for reading
whole unseen novels with the parser.

Usage: apt-get download r-cran-janeaustenr r-cran-tidytext r-cran-tokenizers && pip install rdata
       python bench/debian_novels.py r-cran-janeaustenr_*.deb r-cran-tidytext_*.deb ... OUT_DIR
       audiobook parse OUT_DIR/emma.txt --cast bench/data/casts/emma.yaml --format text

- ``r-cran-janeaustenr``: Jane Austen's six novels (``emma.txt``, ``mansfieldpark.txt``, ...);
- ``r-cran-tidytext``: Great Expectations, The War of the Worlds, Twenty Thousand Leagues under the
  Sea and Pride and Prejudice (``greatexpectations.txt``, ...);
- ``r-cran-tokenizers``: Moby-Dick (``mobydick.txt``).

The first and last keep each novel as an R character vector (one element per line of the Gutenberg
text) in a lazy-load database (``data/Rdata.rdb`` with its index ``Rdata.rdx``); tidytext keeps a data
frame of lines and titles in ``extdata/books.rda``. This writes one ``.txt`` per novel. ``rdata``
(PyPI) reads R's serialisation format; it is not a dependency of the project, only of this script.
"""

from __future__ import annotations

import gzip
import lzma
import re
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path


def _unpack(chunk: bytes) -> bytes:
    """One object of an R lazy-load database: a 4-byte length, a compression type, the data."""
    kind = chunk[4:5]
    if kind == b"X":
        return lzma.decompress(chunk[5:])
    if kind == b"Z":
        return zlib.decompress(chunk[5:])
    return zlib.decompress(chunk[4:])  # (the default: zlib data right after the length)


def _lines_text(lines: object) -> str:
    """A novel's text from its lines (an R character vector; a missing line is empty)."""
    return "\n".join("" if line is None else str(line) for line in lines) + "\n"  # type: ignore[attr-defined]


def _lazy_load(data: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every character vector in an R package's lazy-load database ``data/``."""
    import rdata  # (optional: see the docstring)

    index = rdata.conversion.convert(rdata.parser.parse_data(gzip.decompress((data / "Rdata.rdx").read_bytes())))
    db = (data / "Rdata.rdb").read_bytes()
    for name, (offset, length) in index["variables"].items():
        chunk = db[int(offset) : int(offset) + int(length)]
        assert struct.unpack(">I", chunk[:4])[0] > 0
        lines = rdata.conversion.convert(rdata.parser.parse_data(_unpack(chunk)))
        if hasattr(lines, "columns"):
            continue  # (a data frame: tidytext's word lists, no novel)
        if len(lines) == 1:  # (Moby-Dick is one string of the whole book, with Windows line ends)
            yield str(name), str(lines[0]).replace("\r\n", "\n").lstrip("\ufeff")
        else:
            yield str(name), _lines_text(lines)


def _books_frame(path: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of each book in tidytext's ``books.rda`` (a data frame of lines and titles)."""
    import rdata  # (optional: see the docstring)

    frame = rdata.read_rda(path)["books"]
    for title, rows in frame.groupby("title", sort=True):
        yield re.sub(r"[^a-z]", "", str(title).lower()), _lines_text(rows["text"])


def _novels(tmp: Path) -> Iterator[tuple[str, str]]:
    """Every novel a package unpacked under ``tmp`` ships."""
    for data in tmp.rglob("site-library/*/data"):
        if (data / "Rdata.rdx").exists():
            yield from _lazy_load(data)
    for books in tmp.rglob("site-library/*/extdata/books.rda"):
        yield from _books_frame(books)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    *debs, out_dir = argv
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for deb in debs:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["dpkg", "-x", str(deb), tmp], check=True)
            for name, text in _novels(Path(tmp)):
                (out / f"{name}.txt").write_text(text, encoding="utf-8")
                print(f"{out / f'{name}.txt'}: {len(text):,} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
