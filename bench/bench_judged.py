"""Score the parser on every novel line a person has judged by reading (``bench/data/judged/*.tsv``).

Usage: python bench/bench_judged.py NOVELS_DIR        (the texts ``bench/debian_novels.py`` extracts)

Each row of a book's file is one line drawn by ``bench/sample_lines.py`` (seeds 13 to 29, 40 lines a
draw, with the cast in ``bench/data/casts/``) and judged against the whole text: the speaker the parser
gave it then, RIGHT or WRONG, and the true speaker (for a WRONG line, as the judge named them). A line is
right now when the parser's speaker equals the true one; a true speaker the cast has no name for (``the
old coachman``) can only stay wrong, so the figure is a lower bound. Persuasion is the sealed held-out
novel: its lines were never read for rules, and this prints its count only (do not read its file). The
other five novels' errors were read (dev figures). Measures only.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.cast import load_cast  # noqa: E402
from pipeline.ingest import load_book  # noqa: E402
from pipeline.parse import parse_book  # noqa: E402

JUDGED = ROOT / "bench" / "data" / "judged"
CASTS = ROOT / "bench" / "data" / "casts"
BOOKS = {  # judged file / cast -> the text's name in NOVELS_DIR
    "persuasion": "persuasion", "sensesensibility": "sensesensibility", "northangerabbey": "northangerabbey",
    "twentythousandleagues": "twentythousandleaguesunderthesea", "emma": "emma", "mansfieldpark": "mansfieldpark",
}
SEALED = frozenset(("persuasion",))


@dataclass(frozen=True)
class Judged:
    """One judged line: its segment id, the draw it came from, and who really speaks it."""

    segment: str
    seed: int
    true_speaker: str


def read_judged(path: Path) -> list[Judged]:
    """The rows of one book's judged file."""
    with path.open(newline="", encoding="utf-8") as f:
        return [Judged(r["segment"], int(r["seed"]), r["true_speaker"]) for r in csv.DictReader(f, delimiter="\t")]


def score(rows: Iterable[Judged], speakers: Mapping[str, str | None]) -> tuple[int, int, int]:
    """(right, judged, missing): lines whose segment now has the true speaker, lines scored, and lines whose
    segment id the parse no longer has (the book's paragraphs changed)."""
    right = judged = missing = 0
    for row in rows:
        if row.segment not in speakers:
            missing += 1
            continue
        judged += 1
        right += speakers[row.segment] == row.true_speaker
    return right, judged, missing


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("novels", type=Path, help="the folder bench/debian_novels.py wrote")
    args = ap.parse_args(argv)
    total = [0, 0]
    for name, stem in BOOKS.items():
        text = args.novels / f"{stem}.txt"
        if not text.exists():
            print(f"{name:24s} (no {text})")
            continue
        cast = load_cast(CASTS / f"{name}.yaml")
        script = parse_book(load_book(text), cast.characters, cast.narrator_character)
        speakers = {s.id: s.speaker for s in script.segments if s.kind == "dialogue"}
        right, judged, missing = score(read_judged(JUDGED / f"{name}.tsv"), speakers)
        total[0] += right
        total[1] += judged
        note = " (held out, sealed)" if name in SEALED else ""
        gone = f", {missing} no longer found" if missing else ""
        print(f"{name:24s} {right:4d} / {judged:4d} = {right / max(judged, 1):.3f}{gone}{note}")
    print(f"{'all':24s} {total[0]:4d} / {total[1]:4d} = {total[0] / max(total[1], 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
