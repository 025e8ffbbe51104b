"""Benchmark the parse stage on the corpus novels: speed, quotes found, and accuracy on the gold files.

Usage: python bench/bench_parse.py [CORPUS_DIR]   (default: ../shared/corpus beside the repository)

Prints, per novel: characters, seconds, characters per second, dialogue segments found, and, where
``tests/data/<book>_gold.tsv`` exists, quote recall and speaker accuracy per type (explicit,
anaphoric, implicit) using the cast in ``tests/data/<book>_characters.yaml``. Measures only; never
asserts on time.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import load_book  # noqa: E402
from pipeline.model import Character, Script  # noqa: E402
from pipeline.parse import parse_book  # noqa: E402

DATA = ROOT / "tests" / "data"


def load_cast(path: Path) -> list[Character]:
    """Characters from a cast file with ``characters: {Name: {gender, aliases}}``."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        Character(name, (spec or {}).get("gender", "unknown"), tuple((spec or {}).get("aliases", []) or []))
        for name, spec in (raw.get("characters") or {}).items()
    ]


def load_gold(path: Path) -> list[tuple[int, str, str]]:
    """(start offset, speaker, type) rows of a gold TSV (comment and header lines skipped)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("start\t"):
            continue
        start, _words, speaker, kind = line.split("\t")
        rows.append((int(start), speaker, kind))
    return rows


def score(script: Script, gold: list[tuple[int, str, str]]) -> dict[str, tuple[int, int]]:
    """(correct, total) per quote type and 'all', plus 'found' (gold quotes that became dialogue)."""
    dialogue = [s for s in script.segments if s.kind == "dialogue"]
    by_pos = {}
    for seg in dialogue:
        for pos in range(seg.start, min(seg.end, seg.start + 3)):
            by_pos[pos] = seg
    correct: Counter[str] = Counter()
    total: Counter[str] = Counter()
    found = 0
    for start, speaker, kind in gold:
        seg = by_pos.get(start)
        total[kind] += 1
        total["all"] += 1
        if seg is None:
            continue
        found += 1
        if seg.speaker == speaker:
            correct[kind] += 1
            correct["all"] += 1
    out = {k: (correct[k], total[k]) for k in total}
    out["found"] = (found, len(gold))
    return out


def main(argv: list[str]) -> None:
    corpus = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "corpus"
    for path in sorted(corpus.glob("*.txt")):
        book = load_book(path)
        cast_file = DATA / f"{path.stem}_characters.yaml"
        cast = load_cast(cast_file) if cast_file.exists() else []
        t0 = time.perf_counter()
        script = parse_book(book, cast)
        secs = time.perf_counter() - t0
        quotes = sum(1 for s in script.segments if s.kind == "dialogue")
        rate = len(book.text) / secs
        print(f"{path.stem}: {len(book.text):,} chars in {secs:.2f} s = {rate:,.0f} chars/s; "
              f"{quotes} dialogue segments, {len(script.characters)} characters")
        gold_file = DATA / f"{path.stem}_gold.tsv"
        if gold_file.exists():
            result = score(script, load_gold(gold_file))
            for key in ("found", "all", "explicit", "anaphoric", "implicit"):
                if key in result:
                    ok, n = result[key]
                    label = "quote recall" if key == "found" else f"accuracy {key}"
                    print(f"    {label:<20} {ok}/{n} = {ok / n:.3f}")
    seed = ROOT / "seeds" / "redemption.txt"
    if seed.exists():
        t0 = time.perf_counter()
        script = parse_book(load_book(seed), [Character("Sakura", "female", ("Haruno", "Sakura-chan")),
                                              Character("Sasuke", "male", ("Uchiha", "Sasuke-kun"))])
        print(f"seed: {sum(1 for s in script.segments if s.kind == 'dialogue')} quotes in "
              f"{time.perf_counter() - t0:.3f} s")


if __name__ == "__main__":
    main(sys.argv)
