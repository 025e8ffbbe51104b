"""Benchmark the parse stage on the corpus novels: speed, quotes found, and accuracy on the gold files.

Usage: python bench/bench_parse.py [CORPUS_DIR]   (default: ../shared/corpus beside the repository)

Prints, per novel: characters, seconds, characters per second (wall clock and CPU time: on a
shared machine the CPU figure is the one to compare), dialogue segments found, and, where
``tests/data/<book>_gold.tsv`` exists, quote recall and speaker accuracy per type (explicit,
anaphoric, implicit) using the cast in ``tests/data/<book>_characters.yaml``, the full cast in
``tests/data/<book>_full_characters.yaml`` (every speaking character, as a user casting the whole
book writes it) and no cast. Measures only; never asserts on time.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import load_book  # noqa: E402
from pipeline.model import Character, Script  # noqa: E402
from pipeline.parse import parse_book  # noqa: E402
from pipeline.parse.characters import CharacterIndex  # noqa: E402

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


def map_to_cast(script: Script, cast: list[Character]) -> Script:
    """The script with each discovered speaker renamed to the cast character it is a form of (if any),
    so a parse without a cast can be scored against gold written with cast names."""
    index = CharacterIndex(cast)
    segs = []
    for seg in script.segments:
        if seg.kind == "dialogue" and seg.speaker:
            seg = replace(seg, speaker=index.resolve(seg.speaker) or seg.speaker)
        segs.append(seg)
    return replace(script, segments=tuple(segs))


def print_score(label: str, result: dict[str, tuple[int, int]]) -> None:
    print(f"    {label}")
    for key in ("found", "all", "explicit", "anaphoric", "implicit"):
        if key in result:
            ok, n = result[key]
            name = "quote recall" if key == "found" else f"accuracy {key}"
            print(f"      {name:<20} {ok}/{n} = {ok / n:.3f}")


SEED_GOLD = "KKKSSSSSSKKSSKSKKKKKKSKKKKSSKS"  # quote by quote: K = Sakura, S = Sasuke


def seed_score(script: Script) -> tuple[int, int]:
    got = [s.speaker for s in script.segments if s.kind == "dialogue"]
    gold = [{"K": "Sakura", "S": "Sasuke"}[c] for c in SEED_GOLD]
    return sum(g == w for g, w in zip(got, gold, strict=False)), len(gold)


def main(argv: list[str]) -> None:
    corpus = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "corpus"
    for path in sorted(corpus.glob("*.txt")):
        book = load_book(path)
        cast_file = DATA / f"{path.stem}_characters.yaml"
        cast = load_cast(cast_file) if cast_file.exists() else []
        runs = []
        for _ in range(3):  # best of three: the machine's other load only ever adds time
            t0, c0 = time.perf_counter(), time.process_time()
            script = parse_book(book, cast)
            runs.append((time.perf_counter() - t0, time.process_time() - c0))
        secs, cpu = min(runs)
        quotes = sum(1 for s in script.segments if s.kind == "dialogue")
        rate = len(book.text) / secs
        print(f"{path.stem}: {len(book.text):,} chars in {secs:.2f} s (best of 3) = {rate:,.0f} chars/s "
              f"(CPU time {cpu:.2f} s = {len(book.text) / cpu:,.0f} chars/s); "
              f"{quotes} dialogue segments, {len(script.characters)} characters")
        gold_file = DATA / f"{path.stem}_gold.tsv"
        if gold_file.exists():
            gold = load_gold(gold_file)
            print_score("with the cast in tests/data", score(script, gold))
            full_file = DATA / f"{path.stem}_full_characters.yaml"
            if full_file.exists():  # every speaking character, as a user casting the whole book writes it
                full = load_cast(full_file)
                print_score(f"with the full cast in tests/data ({len(full)} characters)",
                            score(parse_book(book, full), gold))
            bare = map_to_cast(parse_book(book), cast)
            print_score("no cast (discovered names mapped to cast names)", score(bare, gold))
    seed = ROOT / "seeds" / "redemption.txt"
    if seed.exists():
        book = load_book(seed)
        t0 = time.perf_counter()
        script = parse_book(book, [Character("Sakura", "female", ("Haruno", "Sakura-chan")),
                                   Character("Sasuke", "male", ("Uchiha", "Sasuke-kun"))])
        secs = time.perf_counter() - t0
        ok, n = seed_score(script)
        ok2, _ = seed_score(parse_book(book))
        print(f"seed: {n} quotes in {secs:.3f} s; correct {ok}/{n} with cast, {ok2}/{n} without")


if __name__ == "__main__":
    main(sys.argv)
