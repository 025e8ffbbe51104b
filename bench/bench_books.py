"""Read books as they come and report, per book, what came through.

Usage: python bench/bench_books.py [BOOK_OR_FOLDER ...] [--samples DIR]

With no arguments: the EPUBs the tests build (written to a temporary folder, or to ``--samples DIR``)
and the seed story. A folder means every .epub (and .txt/.md) in it. Prints, per book: chapters
found vs table-of-contents entries, spoken / unspoken / note segments, what was skipped (MathML,
SVG text, undefined entities), warnings, the language, and seconds to read and parse. Measures only;
never asserts on time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.errors import PipelineError  # noqa: E402
from pipeline.ingest import load_book  # noqa: E402
from pipeline.ingest.epub import table_of_contents  # noqa: E402
from pipeline.parse import parse_book  # noqa: E402

SUFFIXES = (".epub", ".txt", ".md")


def books(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        else:
            out.append(path)
    return out


def row(path: Path) -> list[str]:
    started = time.perf_counter()
    try:
        book = load_book(path)
        script = parse_book(book)
    except PipelineError as error:
        return [path.name, "-", "-", "-", "-", "-", "-", "-", "-", f"{time.perf_counter() - started:.3f}",
                f"refused: {str(error).split(': ', 1)[-1][:60]}"]
    seconds = time.perf_counter() - started
    toc = str(len(table_of_contents(path))) if path.suffix.lower() == ".epub" else "-"
    segments = script.segments
    spoken = sum(1 for s in segments if s.spoken)
    notes = sum(1 for s in segments if s.reason == "note" and s.kind == "narration")
    skipped = sum(n for _, n in book.skipped)
    detail = ", ".join(f"{n} {what}" for what, n in book.skipped)
    return [path.name, book.language or "?", str(len(book.chapters)), toc, str(spoken), str(len(segments) - spoken),
            str(notes), str(skipped), str(len(book.warnings)), f"{seconds:.3f}", detail]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--samples", type=Path, help="Write the tests' sample EPUBs here (default: a temp folder).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.paths
        if not paths:
            from tests.epub_builder import sample_books

            paths = [*sample_books(args.samples or Path(tmp)), ROOT / "seeds" / "redemption.txt"]
        head = ["book", "lang", "chapters", "toc", "spoken", "unspoken", "notes", "skipped", "warnings", "seconds",
                "detail"]
        rows = [head] + [row(p) for p in books(paths)]
        widths = [max(len(r[i]) for r in rows) for i in range(len(head) - 1)]
        for r in rows:
            print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)) + "  " + r[-1])


if __name__ == "__main__":
    main()
