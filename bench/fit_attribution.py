"""Fit the speaker model's weights on LitBank, leave-one-work-out (dev only: scikit-learn and its scipy,
``pip install -e '.[fit]'``).

Usage: python bench/fit_attribution.py [--rounds N] [--ahead-rounds N]

Each quote the parser finds is matched to the gold quote it overlaps; each of its candidates is
labelled right or wrong (the candidate names the gold speaker's entity). A conditional logit over
the candidates' features is fitted once per work WITHOUT that work (``bench/data/lowo_weights.npz``,
read by ``bench/bench_litbank.py``) and once on every work (``pipeline/parse/speaker_weights.npz``, the
weights that ship). The confidence model (a second logistic regression: is the pick right, from the
pick's features, its probability and margin) is fitted on out-of-fold decisions of the other works.
Features depend on earlier decisions (who spoke last), so the fit runs in rounds: round 1 extracts
features from the hand rules' decisions, each later round from a parse with the previous round's
leave-one-work-out weights. Then the second, lookahead pass (``Weights.ahead``) is fitted the same
way on features from a two-pass parse (``--ahead-rounds``; its first round's second pass decides like
the first, since its next-turn weights are still zero).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from litbank import Work, held_out, load_work, most_overlapping, speaker_entity, works  # noqa: E402

from pipeline.ingest import load_book  # noqa: E402
from pipeline.parse import attribute_book  # noqa: E402
from pipeline.parse.context import is_certain  # noqa: E402
from pipeline.parse.speaker_model import (  # noqa: E402
    CONFIDENCE_EXTRA,
    FEATURES,
    WEIGHTS_FILE,
    Candidate,
    Weights,
    confidence_features,
)

LOWO_FILE = ROOT / "bench" / "data" / "lowo_weights.npz"
C = 1.0  # inverse regularisation strength of the confidence model (not tuned)
# ... and of the ranker: chosen by leave-one-work-out accuracy on the dev works (1 / 0.3 / 0.1 / 0.03
# gave 0.787 / 0.792 / 0.795 / 0.794), held-out works not consulted; stronger than 1 also makes the
# round-to-round fit steadier
C_RANK = 0.1


@dataclass
class QuoteRows:
    """One parsed quote matched to gold: its candidates' features and labels."""

    work: str
    x: np.ndarray  # candidates x features
    y: np.ndarray  # 1 where the candidate is the gold speaker
    names: list[str]
    forced: int  # index of the candidate a certain hand rule chose, -1 if none
    bound: bool = False  # a later quote of a paragraph that keeps the speaker of the quote before
    right: bool = False  # the parse that produced these rows chose the gold speaker


def extract(work: Work, weights: Weights | None) -> list[QuoteRows]:
    """Candidates of every parsed quote that overlaps a gold quote, labelled against the gold."""
    book = load_book(work.path)
    quoted, atts, _chars = attribute_book(book, work.cast, work.narrator_character, weights)
    gold = sorted(work.quotes, key=lambda g: g.start)
    starts = [g.start for g in gold]
    out = []
    for qp, row in zip(quoted, atts, strict=True):
        for q, att in zip(qp.quotes, row, strict=True):
            best = most_overlapping(gold, starts, q.start, q.end)
            if best is None or not att.candidates:
                continue
            x = np.array([c.features for c in att.candidates], dtype=float)
            y = np.array([speaker_entity(work, c.name) == best.entity for c in att.candidates], dtype=float)
            names = [c.name for c in att.candidates]
            certain = is_certain(att) and att.speaker in names
            bound = att.reason.startswith("same paragraph")
            right = speaker_entity(work, att.speaker) == best.entity
            out.append(QuoteRows(work.name, x, y, names, names.index(att.speaker) if certain else -1, bound, right))
    return out


def dev_accuracy(rows: Sequence[QuoteRows]) -> float:
    """Share of the dev works' parsed quotes whose parse chose the gold speaker: how well the weights
    that parse used decode (each work by weights fitted without it). Held-out works are not looked at."""
    hold = held_out()
    dev = [r.right for r in rows if r.work not in hold]
    return float(np.mean(dev)) if dev else 0.0


def fit(rows: Sequence[QuoteRows], start: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Conditional logit (a softmax over each quote's candidates, L2-penalised) fitted with L-BFGS:
    the weights that make the gold speaker the likeliest choice. Quotes whose gold speaker is not
    among the candidates teach nothing here and are left out."""
    from scipy.optimize import minimize

    usable = [r for r in rows if r.y.max() > 0]
    x = np.vstack([r.x for r in usable])
    y = np.concatenate([r.y for r in usable])
    group = np.concatenate([np.full(len(r.y), i) for i, r in enumerate(usable)])
    n = len(usable)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ w
        smax = np.full(n, -np.inf)
        np.maximum.at(smax, group, s)
        e = np.exp(s - smax[group])
        z = np.zeros(n)
        np.add.at(z, group, e)
        p = e / z[group]
        gold = y / np.bincount(group, weights=y)[group]  # several gold candidates share the credit
        nll = -float(np.sum(gold * np.log(p + 1e-12)))
        grad = x.T @ (p * np.bincount(group, weights=gold)[group] - gold)
        return nll + 0.5 / C_RANK * float(w @ w), grad + w / C_RANK

    x0 = np.zeros(x.shape[1]) if start is None else start  # (a nearby fit's weights converge sooner)
    res = minimize(loss, x0, jac=True, method="L-BFGS-B")
    return res.x, 0.0


def decisions(w: np.ndarray, b: float, rows: Sequence[QuoteRows]) -> tuple[np.ndarray, np.ndarray]:
    """For each quote, as the parser decides it with these weights: the confidence features of the
    pick and whether the pick is right."""
    ranker = Weights(w, b, np.zeros(len(FEATURES) + len(CONFIDENCE_EXTRA)), 0.0)
    zs, right = [], []
    for r in rows:
        ranked = ranker.rank([Candidate(n, tuple(f)) for n, f in zip(r.names, r.x, strict=True)])
        order = {c.name: i for i, c in enumerate(ranked)}
        pick = order[r.names[r.forced]] if r.forced >= 0 else 0
        zs.append(confidence_features(ranked, pick, r.forced >= 0))
        right.append(r.y[r.names.index(ranked[pick].name)])
    return np.array(zs), np.array(right)


def fit_confidence(z: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression: the chance a decided line is right, from its confidence features."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=2000).fit(z, right)
    return model.coef_[0].copy(), float(model.intercept_[0])


def fit_all(
    rows: Sequence[QuoteRows], names: Sequence[str], latest: Sequence[QuoteRows]
) -> tuple[dict[str, Weights], Weights]:
    """Leave-one-work-out weights for every work, and the weights fitted on all of them. The ranker
    learns from ``rows`` (every round's so far); the confidence model from ``latest`` (the last
    round's, which the ranker's own decisions shaped most like a real parse)."""
    w, b = fit(rows)
    raw = {}
    for name in names:
        raw[name] = fit([r for r in rows if r.work != name], w)
    # out-of-fold decisions: each work's quotes decided by the ranker fitted without it
    oof: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name in names:
        # a bound quote's confidence is its paragraph's (``Attributor.decide``): not a sample here
        mine = [r for r in latest if r.work == name and not r.bound]
        if mine:
            oof[name] = decisions(*raw[name], mine)
    lowo = {}
    for name in names:
        others = [v for k, v in oof.items() if k != name]
        z = np.vstack([o[0] for o in others])
        right = np.concatenate([o[1] for o in others])
        lowo[name] = Weights(raw[name][0], raw[name][1], *fit_confidence(z, right))
    z = np.vstack([o[0] for o in oof.values()])
    right = np.concatenate([o[1] for o in oof.values()])
    return lowo, Weights(w, b, *fit_confidence(z, right))


def main(argv: Sequence[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=4, help="rounds fitting the first pass")
    ap.add_argument("--ahead-rounds", type=int, default=4,
                    help="rounds fitting the second, lookahead pass (0: ship one pass)")
    args = ap.parse_args(argv)
    names = works()
    loaded = {name: load_work(name) for name in names}
    lowo: dict[str, Weights] | None = None
    shipped = None
    pool: list[QuoteRows] = []
    tried: list[tuple[float, int, dict[str, Weights], Weights]] = []  # (dev accuracy, round, lowo, shipped)
    for rnd in range(args.rounds + 1):
        rows = [r for name in names for r in extract(loaded[name], lowo[name] if lowo else None)]
        if lowo is not None and shipped is not None:
            tried.append((dev_accuracy(rows), rnd, lowo, shipped))
            print(f"  round {rnd}'s weights decode the dev works at {tried[-1][0]:.3f}")
        if rnd == args.rounds:
            break  # the last extraction only measures the last round's weights
        pool += rows  # every round's rows (as DAgger): one round's alone make the fit swing back and forth
        lowo, shipped = fit_all(pool, names, rows)
        _z, right = decisions(shipped.w, shipped.b, rows)
        print(f"round {rnd + 1}: {len(rows)} quotes, {sum(len(r.y) for r in rows)} candidates, "
              f"gold among candidates {np.mean([r.y.max() for r in rows]):.3f}, "
              f"in-sample top-1 {right.mean():.3f}")
    # early stopping: the round whose leave-one-work-out weights decode the dev works best
    _acc, rnd, lowo, shipped = max(tried, key=lambda t: (t[0], -t[1]))
    print(f"first pass: round {rnd}'s weights")
    # the lookahead pass: features from a parse whose first pass uses the weights above; the first
    # round's second pass decides like the first (its next-turn weights are zero)
    second, second_shipped = lowo, shipped
    pool = []
    ahead_tried: list[tuple[float, int, dict[str, Weights], Weights]] = []
    for rnd in range(args.ahead_rounds + 1):
        rows = [r for name in names for r in extract(loaded[name], replace(lowo[name], ahead=second[name]))]
        if rnd:
            ahead_tried.append((dev_accuracy(rows), rnd, second, second_shipped))
            print(f"  lookahead round {rnd}'s weights decode the dev works at {ahead_tried[-1][0]:.3f}")
        if rnd == args.ahead_rounds:
            break
        pool += rows
        second, second_shipped = fit_all(pool, names, rows)
        _z, right = decisions(second_shipped.w, second_shipped.b, rows)
        print(f"lookahead round {rnd + 1}: {len(rows)} quotes, gold among candidates "
              f"{np.mean([r.y.max() for r in rows]):.3f}, in-sample top-1 {right.mean():.3f}")
    if args.ahead_rounds:
        _acc, rnd, second, second_shipped = max(ahead_tried, key=lambda t: (t[0], -t[1]))
        print(f"lookahead pass: round {rnd}'s weights")
        lowo = {name: replace(wts, ahead=second[name]) for name, wts in lowo.items()}
        shipped = replace(shipped, ahead=second_shipped)
    arrays: dict[str, np.ndarray] = {}
    for name, wts in lowo.items():
        arrays.update(wts.to_arrays(name))
    np.savez_compressed(LOWO_FILE, **arrays)  # type: ignore[arg-type]
    np.savez_compressed(WEIGHTS_FILE, **shipped.to_arrays())  # type: ignore[arg-type]
    print(f"wrote {LOWO_FILE.relative_to(ROOT)} and {WEIGHTS_FILE.relative_to(ROOT)}")
    final = shipped.ahead or shipped
    for name, value in sorted(zip(FEATURES, final.w, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:<20} {value:+.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
