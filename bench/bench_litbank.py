"""Speaker attribution on LitBank (85 works nobody here tuned to), scored leave-one-work-out.

Usage: python bench/bench_litbank.py [--shipped | --rules] [--no-narrator] [--works NAME ...] [--verbose]
       python bench/bench_litbank.py --review 0.1   (a simulated review: errors left after fixing the
       wrong lines among each work's least confident 10 %, with and without following the fixes)

For each work: the original text is parsed by the real parser (``parse_book``) with the cast a
user would write (see ``bench/litbank.py``); each gold quote is matched to the dialogue segment
that overlaps it most. Without ``--shipped`` each work is parsed with the attribution weights
fitted WITHOUT that work (``bench/data/lowo_weights.npz``, written by ``bench/fit_attribution.py``);
``--shipped`` uses the package's weights (fitted on every work: not a held-out figure), ``--rules``
the hand rules alone.

Prints accuracy overall, by kind (explicit/anaphoric/implicit, rule in ``bench/litbank.py``), per
work, for the dev works and for the 15 held-out works (chosen by a hash of the name), and the
confidence figures over the quotes found: the share of errors caught by reviewing the 10 % / 20 %
least confident lines, AUROC (confidence ranking right above wrong) and expected calibration
error (10 equal-width bins). A gold quote not found as dialogue counts as wrong in accuracy.
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from litbank import Work, held_out, load_work, most_overlapping, speaker_entity, works  # noqa: E402

from pipeline.ingest import load_book  # noqa: E402
from pipeline.model import Script  # noqa: E402
from pipeline.parse import parse_book  # noqa: E402
from pipeline.parse.speaker_model import Weights  # noqa: E402

LOWO_WEIGHTS = ROOT / "bench" / "data" / "lowo_weights.npz"


@dataclass(frozen=True)
class Result:
    """One gold quote as the parser saw it."""

    work: str
    qid: str
    kind: str
    gold: str
    found: bool
    speaker: str | None
    correct: bool
    confidence: float
    reason: str


def parse_work(work: Work, weights: Weights | str | None = "shipped", narrator: bool = True) -> Script:
    """The real parse of a work's original text with its cast and attribution weights
    ('shipped': the package's; None: hand rules only); ``narrator=False`` leaves out the cast's
    ``narrator_character`` (the parser must find the first-person narrator's name itself)."""
    return parse_book(load_book(work.path), work.cast, work.narrator_character if narrator else None, weights=weights)


def score_work(work: Work, script: Script) -> list[Result]:
    """Match each gold quote to the dialogue segment overlapping it most; right if its speaker is the entity."""
    dialogue = sorted((s for s in script.segments if s.kind == "dialogue"), key=lambda s: s.start)
    starts = [s.start for s in dialogue]
    out = []
    for q in work.quotes:
        best = most_overlapping(dialogue, starts, q.start, q.end)
        if best is None:
            out.append(Result(work.name, q.qid, q.kind, q.entity, False, None, False, 0.0, ""))
            continue
        ent = speaker_entity(work, best.speaker)
        out.append(Result(work.name, q.qid, q.kind, q.entity, True, best.speaker, ent == q.entity,
                          best.confidence, best.reason))
    return out


@dataclass(frozen=True)
class ReviewRun:
    """A simulated review of one work: a person reads its least confident lines and fixes the wrong
    ones (naming the gold speaker as the cast does); how many errors are left after."""

    work: str
    quotes: int
    errors: int  # before the review
    read: int  # lines read
    fixed: int  # wrong lines among them, fixed by hand
    left_plain: int  # errors left when each fix changes its own line only
    left_follow: int  # errors left when the fixes are followed (render --follow-fixes)


def review_run(work: Work, weights: Weights | str | None, share: float, narrator: bool = True) -> ReviewRun:
    """Parse, 'review' the ``share`` least confident dialogue lines matched to gold quotes, fix the
    wrong ones and parse again following the fixes (``parse_book(fixed=...)``)."""
    book = load_book(work.path)
    cast_name = {}
    for c in work.cast:
        cast_name.setdefault(speaker_entity(work, c.name), c.name)

    def wrong(script: Script) -> dict[str, int]:  # gold qid -> start of the segment that has it wrong
        dialogue = sorted((s for s in script.segments if s.kind == "dialogue"), key=lambda s: s.start)
        starts = [s.start for s in dialogue]
        out = {}
        for q in work.quotes:
            best = most_overlapping(dialogue, starts, q.start, q.end)
            if best is None or speaker_entity(work, best.speaker) != q.entity:
                out[q.qid] = best.start if best is not None else -1
        return out

    narrator_name = work.narrator_character if narrator else None
    script = parse_book(book, work.cast, narrator_name, weights=weights)
    before = wrong(script)
    dialogue = sorted((s for s in script.segments if s.kind == "dialogue"), key=lambda s: s.start)
    starts = [s.start for s in dialogue]
    found = {}
    for q in work.quotes:
        best = most_overlapping(dialogue, starts, q.start, q.end)
        if best is not None:
            found[best.start] = (best, q)
    ranked = sorted(found.values(), key=lambda sq: (sq[0].confidence, sq[0].start))
    read = ranked[: round(share * len(ranked))]
    fixes = {}
    fixed_qids = set()
    for seg, q in read:
        if q.qid in before:
            fixed_qids.add(q.qid)
            if q.entity in cast_name:  # (a speaker the cast does not name is fixed but anchors nothing)
                fixes[seg.start] = cast_name[q.entity]
    after = wrong(parse_book(book, work.cast, narrator_name, weights=weights, fixed=fixes)) if fixes else before
    left_follow = len(set(after) - fixed_qids)
    return ReviewRun(work.name, len(work.quotes), len(before), len(read), len(fixed_qids),
                     len(before) - len(fixed_qids), left_follow)


def report_review(label: str, runs: Sequence[ReviewRun], share: float) -> None:
    q = sum(r.quotes for r in runs)
    e = sum(r.errors for r in runs)
    read = sum(r.read for r in runs)
    fixed = sum(r.fixed for r in runs)
    plain = sum(r.left_plain for r in runs)
    follow = sum(r.left_follow for r in runs)
    print(f"{label}: {q} quotes, {e} wrong; reading the {share:.0%} least confident lines of each work ({read}) "
          f"finds {fixed} to fix; wrong after: {plain} fixing those lines only (accuracy {1 - plain / q:.3f}), "
          f"{follow} following the fixes (accuracy {1 - follow / q:.3f})")


def accuracy(rs: Sequence[Result]) -> tuple[int, int]:
    return sum(r.correct for r in rs), len(rs)


def review_capture(rs: Sequence[Result], share: float) -> float:
    """Share of the errors among found quotes that the ``share`` least confident lines contain."""
    found = sorted((r for r in rs if r.found), key=lambda r: r.confidence)
    errors = sum(not r.correct for r in found)
    if not errors:
        return 1.0
    k = round(share * len(found))
    return sum(not r.correct for r in found[:k]) / errors


def auroc(rs: Sequence[Result]) -> float:
    """Probability that a right line has higher confidence than a wrong one (ties count half)."""
    found = [r for r in rs if r.found]
    pos = sorted(r.confidence for r in found if r.correct)
    neg = [r.confidence for r in found if not r.correct]
    if not pos or not neg:
        return float("nan")
    total = 0.0
    for c in neg:
        lo = bisect.bisect_left(pos, c)
        hi = bisect.bisect_right(pos, c)
        total += (len(pos) - hi) + 0.5 * (hi - lo)
    return total / (len(pos) * len(neg))


def ece(rs: Sequence[Result], bins: int = 10) -> float:
    """Expected calibration error over found quotes: sum over bins of |accuracy - confidence| x weight."""
    found = [r for r in rs if r.found]
    if not found:
        return float("nan")
    groups: dict[int, list[Result]] = defaultdict(list)
    for r in found:
        groups[min(bins - 1, int(r.confidence * bins))].append(r)
    return sum(
        abs(sum(r.correct for r in g) / len(g) - sum(r.confidence for r in g) / len(g)) * len(g) / len(found)
        for g in groups.values()
    )


def report(label: str, rs: Sequence[Result]) -> None:
    ok, n = accuracy(rs)
    found = sum(r.found for r in rs)
    print(f"{label}: {n} quotes, found {found / max(1, n):.3f}, accuracy {ok}/{n} = {ok / max(1, n):.3f}")
    for kind in ("explicit", "anaphoric", "implicit"):
        ok, n = accuracy([r for r in rs if r.kind == kind])
        print(f"  {kind:<10} {ok}/{n} = {ok / max(1, n):.3f}")
    print(f"  review 10% catches {review_capture(rs, 0.1):.3f} of errors, 20% catches {review_capture(rs, 0.2):.3f}; "
          f"AUROC {auroc(rs):.3f}; ECE {ece(rs):.3f}")


def load_lowo(names: Sequence[str]) -> dict[str, Weights]:
    """Each work's leave-one-work-out weights (fitted without it)."""
    import numpy as np

    with np.load(LOWO_WEIGHTS) as data:
        return {name: Weights.from_arrays(data, name) for name in names}


def run(names: Sequence[str], mode: str, narrator: bool = True) -> list[Result]:
    """Parse and score every named work: mode 'lowo' (weights fitted without the work), 'shipped'
    or 'rules' (hand rules only); ``narrator=False``: without the cast's ``narrator_character``."""
    lowo = load_lowo(names) if mode == "lowo" else {}
    out: list[Result] = []
    for name in names:
        work = load_work(name)
        weights: Weights | str | None = lowo[name] if mode == "lowo" else "shipped" if mode == "shipped" else None
        out.extend(score_work(work, parse_work(work, weights, narrator)))
    return out


def main(argv: Sequence[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shipped", action="store_true", help="use the shipped weights (fitted on every work)")
    ap.add_argument("--rules", action="store_true", help="hand rules only, no fitted model")
    ap.add_argument("--works", nargs="*", help="only these works")
    ap.add_argument("--verbose", action="store_true", help="print every wrong line")
    ap.add_argument("--no-narrator", action="store_true",
                    help="cast without narrator_character: the parser names first-person narrators itself")
    ap.add_argument("--review", type=float, metavar="SHARE",
                    help="simulate a review: fix the wrong lines among each work's SHARE least confident ones "
                         "and count the errors left, with and without following the fixes (--follow-fixes)")
    args = ap.parse_args(argv)
    names = args.works or works()
    if args.review is not None:
        lowo = load_lowo(names) if LOWO_WEIGHTS.exists() and not (args.shipped or args.rules) else {}
        runs = [review_run(load_work(n), lowo.get(n, None if args.rules else "shipped"), args.review,
                           not args.no_narrator) for n in names]
        hold = held_out()
        report_review("ALL", runs, args.review)
        report_review("DEV (70 works)", [r for r in runs if r.work not in hold], args.review)
        report_review("HELD-OUT (15 works)", [r for r in runs if r.work in hold], args.review)
        return
    t0 = time.perf_counter()
    mode = "shipped" if args.shipped else "rules" if args.rules or not LOWO_WEIGHTS.exists() else "lowo"
    results = run(names, mode, not args.no_narrator)
    secs = time.perf_counter() - t0
    mode = {"shipped": "shipped weights (fitted on every work: NOT a held-out figure)",
            "rules": "hand rules only", "lowo": "leave-one-work-out"}[mode]
    print(f"LitBank quotations, {len(names)} works, {mode}; {secs:.1f} s")
    hold = held_out()
    print("per work (accuracy):")
    by_work: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_work[r.work].append(r)
    for name in names:
        ok, n = accuracy(by_work[name])
        if n:
            print(f"  {name[:60]:<60} {ok:>3}/{n:<3} {ok / n:.2f}{'  (held out)' if name in hold else ''}")
    report("ALL", results)
    report("DEV (70 works)", [r for r in results if r.work not in hold])
    report("HELD-OUT (15 works)", [r for r in results if r.work in hold])
    if args.verbose:
        for r in results:
            if not r.correct and r.work not in hold:
                print(f"  WRONG {r.work} {r.qid} {r.kind} gold={r.gold} got={r.speaker} {r.confidence:.2f} {r.reason}")


if __name__ == "__main__":
    main(sys.argv[1:])
