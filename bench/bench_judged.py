"""Score the parser on every novel line a person has judged by reading (``bench/data/judged/*.tsv``).

Usage: python bench/bench_judged.py NOVELS_DIR        (the texts ``bench/debian_novels.py`` extracts)

Each row of a book's file is one line drawn by ``bench/sample_lines.py`` (seeds 13 to 29, 40 lines a
draw, with the cast in ``bench/data/casts/``) and judged against the whole text: the speaker the parser
gave it then, RIGHT or WRONG, and the true speaker (for a WRONG line, as the judge named them). A line is
right now when the parser's speaker equals the true one; a true speaker the cast has no name for (``the
old coachman``) can only stay wrong, so the figure is a lower bound. Persuasion is the sealed held-out
novel: its lines were never read for rules, and this prints its count only (do not read its file). The
other novels' errors were read (dev figures). Pride and Prejudice and Alice (seed 41, code 99713f4) are the
project's own texts (``../shared/corpus``) and casts (``tests/data/*_full_characters.yaml``), and the two of
the independent 28-novel measurement this project has. The War of the Worlds (seed 53, code ae177ea,
29 / 40 judged unread) has a cast written from reading it (``bench/data/casts/thewaroftheworlds.yaml``).
Measures only.

The confidence of the judged lines is scored as ``bench/bench_litbank.py`` scores LitBank's: the share of
the wrong lines that reviewing the 10 % (20 %) least confident catches, AUROC, and expected calibration
error; for the five dev novels together and for the sealed one (its figures only).
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
sys.path.insert(0, str(ROOT / "bench"))

from bench_litbank import Result, auroc, ece, review_capture  # noqa: E402

from pipeline.cast import load_cast  # noqa: E402
from pipeline.ingest import load_book  # noqa: E402
from pipeline.parse import parse_book  # noqa: E402

JUDGED = ROOT / "bench" / "data" / "judged"
CASTS = ROOT / "bench" / "data" / "casts"
BOOKS = {  # judged file / cast -> the text's name in NOVELS_DIR
    "persuasion": "persuasion", "sensesensibility": "sensesensibility", "northangerabbey": "northangerabbey",
    "twentythousandleagues": "twentythousandleaguesunderthesea", "emma": "emma", "mansfieldpark": "mansfieldpark",
    "greatexpectations": "greatexpectations", "mobydick": "mobydick",
    "prideandprejudice": "PrideAndPrejudice", "alice": "AlicesAdventuresInWonderland",
    "thewaroftheworlds": "thewaroftheworlds",
}
SEALED = frozenset(("persuasion",))
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"  # Pride and Prejudice and Alice: the project's own texts


# the whole-book casts the tests use for the project's own two novels (the casts of the others: CASTS)
TEST_CASTS = {"prideandprejudice": "PrideAndPrejudice", "alice": "AlicesAdventuresInWonderland"}


def cast_path(name: str) -> Path:
    """The cast a judged book was drawn and is scored with."""
    if name in TEST_CASTS:
        return ROOT / "tests" / "data" / f"{TEST_CASTS[name]}_full_characters.yaml"
    return CASTS / f"{name}.yaml"


def book_path(novels: Path, stem: str) -> Path:
    """Where a judged book's text is: in NOVELS_DIR, else in the shared corpus beside the repository."""
    path = novels / f"{stem}.txt"
    return path if path.exists() or not (SHARED_CORPUS / f"{stem}.txt").exists() else SHARED_CORPUS / f"{stem}.txt"


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


def confidence_rows(rows: Iterable[Judged], lines: Mapping[str, tuple[str | None, float]]) -> list[Result]:
    """The judged lines the parse still has, as LitBank-style results (right or not, and the confidence)."""
    return [
        Result("", row.segment, "", row.true_speaker, True, lines[row.segment][0],
               lines[row.segment][0] == row.true_speaker, lines[row.segment][1], "")
        for row in rows if row.segment in lines
    ]


def report_confidence(label: str, rs: list[Result]) -> None:
    """Review capture, AUROC and ECE of ``rs`` on one line."""
    if rs:
        print(f"{label:24s} confidence: review 10% catches {review_capture(rs, 0.1):.3f} of errors, 20% "
              f"{review_capture(rs, 0.2):.3f}; AUROC {auroc(rs):.3f}; ECE {ece(rs):.3f}")


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
    conf: dict[bool, list[Result]] = {False: [], True: []}  # sealed or not -> its judged lines
    for name, stem in BOOKS.items():
        text = book_path(args.novels, stem)
        if not text.exists():
            print(f"{name:24s} (no {text})")
            continue
        cast = load_cast(cast_path(name))
        script = parse_book(load_book(text), cast.characters, cast.narrator_character)
        speakers = {s.id: s.speaker for s in script.segments if s.kind == "dialogue"}
        rows = read_judged(JUDGED / f"{name}.tsv")
        right, judged, missing = score(rows, speakers)
        lines = {s.id: (s.speaker, s.confidence) for s in script.segments if s.kind == "dialogue"}
        conf[name in SEALED].extend(confidence_rows(rows, lines))
        total[0] += right
        total[1] += judged
        note = " (held out, sealed)" if name in SEALED else ""
        gone = f", {missing} no longer found" if missing else ""
        print(f"{name:24s} {right:4d} / {judged:4d} = {right / max(judged, 1):.3f}{gone}{note}")
    print(f"{'all':24s} {total[0]:4d} / {total[1]:4d} = {total[0] / max(total[1], 1):.3f}")
    report_confidence("dev novels", conf[False])
    report_confidence("sealed novel", conf[True])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
