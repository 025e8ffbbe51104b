"""Extract Jane Austen's six novels (Project Gutenberg texts, public domain) from Debian's
``r-cran-janeaustenr`` package, for reading whole unseen novels with the parser.

Usage: apt-get download r-cran-janeaustenr && pip install rdata
       python bench/austen_novels.py r-cran-janeaustenr_*.deb OUT_DIR
       audiobook parse OUT_DIR/emma.txt --cast bench/data/casts/emma.yaml --format text

The package keeps each novel as an R character vector (one element per line of the Gutenberg
text) in a lazy-load database (``data/Rdata.rdb`` with its index ``Rdata.rdx``); this writes one
``.txt`` per novel. ``rdata`` (PyPI) reads R's serialisation format; it is not a dependency of the
project, only of this script.
"""

from __future__ import annotations

import gzip
import lzma
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path


def _unpack(chunk: bytes) -> bytes:
    """One object of an R lazy-load database: a 4-byte length, a compression type, the data."""
    kind = chunk[4:5]
    if kind == b"X":
        return lzma.decompress(chunk[5:])
    if kind == b"Z":
        return zlib.decompress(chunk[5:])
    return zlib.decompress(chunk[4:])  # (the default: zlib data right after the length)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    import rdata  # (optional: see the docstring)

    deb, out = Path(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg", "-x", str(deb), tmp], check=True)
        data = next(Path(tmp).rglob("janeaustenr/data"))
        index = rdata.conversion.convert(rdata.parser.parse_data(gzip.decompress((data / "Rdata.rdx").read_bytes())))
        db = (data / "Rdata.rdb").read_bytes()
        for name, (offset, length) in index["variables"].items():
            chunk = db[int(offset) : int(offset) + int(length)]
            assert struct.unpack(">I", chunk[:4])[0] > 0
            lines = rdata.conversion.convert(rdata.parser.parse_data(_unpack(chunk)))
            text = "\n".join("" if line is None else str(line) for line in lines) + "\n"
            (out / f"{name}.txt").write_text(text, encoding="utf-8")
            print(f"{out / f'{name}.txt'}: {len(text):,} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
