"""Draw a random sample of a novel's dialogue lines, with the lines around each, to judge by reading.

Usage: python bench/sample_lines.py BOOK [--cast CAST.yaml] [--n 60] [--seed 7] [--exclude JUDGED.tsv --pool N]
       python bench/sample_lines.py novels/greatexpectations.txt --cast bench/data/casts/greatexpectations.yaml

How the README's whole-novel figures were measured ("50 of 60 right" for Great Expectations): one line per
paragraph (its first quote) is drawn, the same ones for the same book, cast, seed and code, and printed
with the five segments before it and two after, speaker in brackets; a person marks each drawn line
right or wrong. Narration is shown as ``N:``. Measures only.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_judged import read_judged  # noqa: E402
from pipeline.cast import load_cast  # noqa: E402
from pipeline.ingest import load_book  # noqa: E402
from pipeline.model import Segment  # noqa: E402
from pipeline.parse import parse_book  # noqa: E402


def _show(seg: Segment, width: int) -> str:
    text = " ".join(seg.text.split())[:width]
    return f"N: {text}" if seg.kind == "narration" else f"[{seg.speaker}] {text}"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("book", type=Path)
    ap.add_argument("--cast", type=Path, help="a cast file (its characters and narrator_character)")
    ap.add_argument("--n", type=int, default=60, help="lines to draw (default 60)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--exclude", type=Path, help="a judged file (bench/data/judged/*.tsv): draw none of its lines")
    ap.add_argument("--pool", type=int, default=0,
                    help="with --exclude: draw this many first, drop the judged ones, then --n of the rest")
    args = ap.parse_args(argv)
    cast = load_cast(args.cast) if args.cast else None
    characters, narrator = (cast.characters, cast.narrator_character) if cast else ((), None)
    script = parse_book(load_book(args.book), characters, narrator)
    spoken = [s for s in script.segments if s.kind in ("dialogue", "narration")]
    firsts = [i for i, s in enumerate(spoken) if s.kind == "dialogue" and s.id.endswith("-00")]
    if args.exclude:
        # a draw of lines nobody has judged yet (seed 29 was: --n 40 --pool 120 --exclude the book's file as it
        # stood at commit 1ec9653)
        judged = {row.segment for row in read_judged(args.exclude)}
        pool = sorted(random.Random(args.seed).sample(firsts, min(args.pool or len(firsts), len(firsts))))
        fresh = [i for i in pool if spoken[i].id not in judged]
        drawn = [fresh[k] for k in sorted(random.Random(args.seed).sample(range(len(fresh)), min(args.n, len(fresh))))]
    else:
        drawn = sorted(random.Random(args.seed).sample(firsts, min(args.n, len(firsts))))
    for n, i in enumerate(drawn, 1):
        print(f"===== #{n} {spoken[i].id}")
        for seg in spoken[max(0, i - 5) : i]:
            print("   " + _show(seg, 240))
        print(">>> " + _show(spoken[i], 300))
        for seg in spoken[i + 1 : i + 3]:
            print("   next " + _show(seg, 160))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
