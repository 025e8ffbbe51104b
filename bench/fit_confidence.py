"""Refit the confidence model on LitBank and on the novel lines judged by reading (dev only: scikit-learn,
``pip install -e '.[fit]'``).

Usage: python bench/fit_confidence.py NOVELS_DIR [--novel-weight W] [--write]

``bench/fit_attribution.py`` fits the confidence model (is the pick right, from the pick's features, its
probability and its margin) on LitBank's excerpts alone. Whole novels are decided differently (long
conversations, more lines decided by turn-taking) and the lines judged in ``bench/data/judged/`` show it:
there the confidence said 0.78 where 0.87 of the lines were right. This refits only the confidence part
of the lookahead model, on LitBank's decisions and on the judged lines of the five dev novels together
(the sealed Persuasion is never used), and leaves every speaker as it was:

- each LitBank work's confidence model (``bench/data/lowo_weights.npz``) from the other works' decisions
  (each parsed with the weights fitted without it) and all the dev novels' judged lines;
- the shipped one (``pipeline/parse/speaker_weights.npz``) from all of them.

It prints the confidence figures of both sets before and after, each work and each novel scored by a
model fitted without it; ``--write`` saves the new weights. Decisions bound to the quote before in their
paragraph share its confidence, so they are not samples.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_judged import BOOKS, JUDGED, SEALED, book_path, cast_path, read_judged  # noqa: E402
from bench_litbank import LOWO_WEIGHTS, Result, auroc, ece, load_lowo, review_capture  # noqa: E402
from litbank import load_work, most_overlapping, speaker_entity, works  # noqa: E402

from pipeline.cast import load_cast  # noqa: E402
from pipeline.ingest import load_book  # noqa: E402
from pipeline.parse import attribute_book, parse_book  # noqa: E402
from pipeline.parse.context import Attribution, is_certain  # noqa: E402
from pipeline.parse.speaker_model import WEIGHTS_FILE, Weights, confidence_features, shipped_weights  # noqa: E402

C = 1.0  # inverse regularisation strength, as bench/fit_attribution.py's confidence model


@dataclass(frozen=True)
class Sample:
    """One decided line: where it comes from, its confidence features, whether it is right, and the
    confidence the current model gives it."""

    group: str  # 'litbank:<work>' or 'novel:<book>'
    z: np.ndarray
    right: bool
    confidence: float


def _sample(group: str, att: Attribution, right: bool) -> Sample | None:
    if not att.candidates or att.reason.startswith("same paragraph"):
        return None
    return Sample(group, confidence_features(att.candidates, 0, is_certain(att)), right, att.confidence)


def litbank_samples(lowo: Mapping[str, Weights]) -> list[Sample]:
    """Every parsed LitBank quote matched to a gold one, decided by the weights fitted without its work."""
    out = []
    for name in works():
        work = load_work(name)
        quoted, atts, _chars = attribute_book(load_book(work.path), work.cast, work.narrator_character, lowo[name])
        gold = sorted(work.quotes, key=lambda g: g.start)
        starts = [g.start for g in gold]
        for qp, row in zip(quoted, atts, strict=True):
            for q, att in zip(qp.quotes, row, strict=True):
                best = most_overlapping(gold, starts, q.start, q.end)
                if best is not None:
                    s = _sample(f"litbank:{name}", att, speaker_entity(work, att.speaker) == best.entity)
                    out.extend([s] if s else [])
    return out


def novel_samples(novels: Path, weights: Weights) -> list[Sample]:
    """The judged lines of the dev novels (never the sealed one), decided by ``weights``."""
    out = []
    for name, stem in BOOKS.items():
        if name in SEALED or not book_path(novels, stem).exists():
            continue
        cast = load_cast(cast_path(name))
        book = load_book(book_path(novels, stem))
        quoted, atts, _chars = attribute_book(book, cast.characters, cast.narrator_character, weights)
        ids = {s.start: s.id for s in parse_book(book, cast.characters, cast.narrator_character, weights=weights)
               .segments if s.kind == "dialogue"}
        truth = {row.segment: row.true_speaker for row in read_judged(JUDGED / f"{name}.tsv")}
        for qp, row in zip(quoted, atts, strict=True):
            for q, att in zip(qp.quotes, row, strict=True):
                sid = ids.get(q.start)
                if sid in truth:
                    s = _sample(f"novel:{name}", att, att.speaker == truth[sid])
                    out.extend([s] if s else [])
    return out


def fit(samples: Sequence[Sample], novel_weight: float) -> tuple[np.ndarray, float]:
    """Logistic regression: the chance a decided line is right, from its confidence features."""
    from sklearn.linear_model import LogisticRegression

    z = np.array([s.z for s in samples])
    y = np.array([s.right for s in samples])
    w = np.array([novel_weight if s.group.startswith("novel:") else 1.0 for s in samples])
    model = LogisticRegression(C=C, max_iter=5000).fit(z, y, sample_weight=w)
    return model.coef_[0].copy(), float(model.intercept_[0])


def figures(label: str, samples: Sequence[Sample], confidence: Sequence[float]) -> None:
    rs = [Result("", "", "", "", True, None, s.right, c, "") for s, c in zip(samples, confidence, strict=True)]
    print(f"  {label:34s} review 10% {review_capture(rs, 0.1):.3f}, 20% {review_capture(rs, 0.2):.3f}; "
          f"AUROC {auroc(rs):.3f}; ECE {ece(rs):.3f}")


def main(argv: Sequence[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("novels", type=Path, help="the folder bench/debian_novels.py wrote")
    ap.add_argument("--novel-weight", type=float, default=1.0, help="weight of a judged novel line (LitBank's: 1)")
    ap.add_argument("--write", action="store_true", help="save the refitted weights")
    args = ap.parse_args(argv)
    names = works()
    lowo = load_lowo(names)
    shipped = shipped_weights()
    if shipped is None or shipped.ahead is None:
        sys.exit("no shipped lookahead weights: run bench/fit_attribution.py first")
    samples = litbank_samples(lowo) + novel_samples(args.novels, shipped)
    groups = sorted({s.group for s in samples})
    print(f"{len(samples)} decided lines: {sum(s.group.startswith('litbank:') for s in samples)} LitBank, "
          f"{sum(s.group.startswith('novel:') for s in samples)} judged novel lines")
    new: dict[str, float] = {}
    models: dict[str, tuple[np.ndarray, float]] = {}
    for g in groups:  # each work or novel scored by a model fitted without it
        coef, bias = models[g] = fit([s for s in samples if s.group != g], args.novel_weight)
        for i, s in enumerate(samples):
            if s.group == g:
                new[str(i)] = float(1 / (1 + np.exp(-(s.z @ coef + bias))))
    for prefix, label in (("litbank:", "LitBank (leave one work out)"), ("novel:", "dev novels (leave one out)")):
        idx = [i for i, s in enumerate(samples) if s.group.startswith(prefix)]
        part = [samples[i] for i in idx]
        print(label)
        figures("now", part, [s.confidence for s in part])
        figures("refitted", part, [new[str(i)] for i in idx])
    if not args.write:
        return
    arrays: dict[str, np.ndarray] = {}
    everything = fit(samples, args.novel_weight)
    for name in names:
        coef, bias = models.get(f"litbank:{name}", everything)  # (a work none of whose lines was decided)
        ahead = lowo[name].ahead
        assert ahead is not None
        arrays.update(replace(lowo[name], ahead=replace(ahead, conf_w=coef, conf_b=bias)).to_arrays(name))
    np.savez_compressed(LOWO_WEIGHTS, **arrays)  # type: ignore[arg-type]
    coef, bias = everything
    final = replace(shipped, ahead=replace(shipped.ahead, conf_w=coef, conf_b=bias))
    np.savez_compressed(WEIGHTS_FILE, **final.to_arrays())  # type: ignore[arg-type]
    print(f"wrote {LOWO_WEIGHTS.relative_to(ROOT)} and {WEIGHTS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
