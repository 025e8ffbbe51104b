"""The LitBank development harness (bench/litbank.py, bench/bench_litbank.py) and the fitted speaker model.

The corpus copy in bench/data/litbank is CC BY 4.0 (see its README). These tests convert a few works,
parse them with the real parser and the leave-one-work-out weights, and check the scoring maths.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench_litbank import LOWO_WEIGHTS, Result, auroc, ece, load_lowo, review_capture, review_run, run  # noqa: E402
from litbank import DATA, held_out, load_work, speaker_entity, works  # noqa: E402

from pipeline.parse.speaker_model import FEATURES, Candidate, Weights, shipped_weights  # noqa: E402


def test_corpus_ships_with_its_licence_and_all_works() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "Bamman" in readme
    assert len(works()) == 85
    hold = held_out()
    assert len(hold) == 15 and hold <= set(works())
    assert held_out() == hold  # fixed by a hash of the name


def test_conversion_aligns_tokens_and_quotes_to_the_original_text() -> None:
    work = load_work("351_of_human_bondage")
    assert work.aligned == 1.0
    n_ann = sum(1 for line in (DATA / "quotations" / f"{work.name}.ann").read_text().splitlines()
                if line.startswith("QUOTE"))
    assert len(work.quotes) == n_ann
    first = work.quotes[0]
    assert work.text[first.start : first.end] == '"Wake up, Philip,"'
    assert first.kind == "anaphoric"  # '" Wake up , Philip , " she said .'
    cast = {c.name: c for c in work.cast}
    assert cast["Philip"].gender == "male" and cast["Mrs. Carey"].gender == "female"
    assert "Henrietta" in cast["Miss Watkin"].aliases
    assert speaker_entity(work, "Mrs. Carey") == work.entity_of["Mrs. Carey"]
    assert speaker_entity(work, "nobody at all") is None
    # a descriptor named by the head of LitBank's whole noun phrase is that phrase's entity
    scarlet = load_work("33_the_scarlet_letter")
    dame = speaker_entity(scarlet, "the hard-featured dame")
    assert dame is not None and "hard-featured dame of fifty" in scarlet.forms[dame]
    assert speaker_entity(scarlet, "the dame of fifty") is None  # a head, not any words of it


def test_first_person_work_names_its_narrator() -> None:
    work = load_work("1400_great_expectations")
    assert work.narrator_character == "Pip"
    assert work.entity_of["Narrator"] == work.entity_of["Pip"]


def test_scoring_maths() -> None:
    def r(conf: float, ok: bool) -> Result:
        return Result("w", "q", "implicit", "1", True, "A", ok, conf, "")

    rs = [r(0.9, True), r(0.8, True), r(0.3, False), r(0.2, False), r(0.6, True), r(0.7, False)]
    assert auroc(rs) == pytest.approx(8 / 9)
    assert review_capture(rs, 0.5) == pytest.approx(2 / 3)  # the 3 least confident hold 2 of 3 errors
    perfect = [r(1.0, True), r(0.0, False)]
    assert ece(perfect) == pytest.approx(0.0)
    assert ece([r(0.9, False)]) == pytest.approx(0.9)


@pytest.mark.skipif(not LOWO_WEIGHTS.exists(), reason="run bench/fit_attribution.py first")
def test_held_out_parse_of_a_few_works() -> None:
    """The real parser with weights fitted without each work: most quotes found and right."""
    names = ["351_of_human_bondage", "1400_great_expectations", "215_the_call_of_the_wild"]
    results = run(names, "lowo")
    assert len(results) == sum(len(load_work(n).quotes) for n in names)
    found = sum(x.found for x in results) / len(results)
    right = sum(x.correct for x in results) / len(results)
    assert found > 0.95
    assert right > 0.6
    assert all(0.0 <= x.confidence <= 1.0 for x in results)


@pytest.mark.skipif(not LOWO_WEIGHTS.exists(), reason="run bench/fit_attribution.py first")
def test_simulated_review_fixes_the_wrong_lines_it_reads() -> None:
    """bench_litbank --review: the wrong lines among those read are fixed; the rest stay wrong when
    fixes change their own line only; following the fixes keeps them (it re-decides the others)."""
    name = "1400_great_expectations"
    weights = load_lowo([name])[name]
    none = review_run(load_work(name), weights, 0.0)
    assert none.read == none.fixed == 0 and none.left_plain == none.left_follow == none.errors > 0
    some = review_run(load_work(name), weights, 0.5)
    assert some.errors == none.errors and 0 < some.fixed <= min(some.read, some.errors)
    assert some.left_plain == some.errors - some.fixed
    assert 0 <= some.left_follow <= some.errors


def test_shipped_weights_rank_and_give_probabilities() -> None:
    weights = shipped_weights()
    assert weights is not None and weights.w.shape == (len(FEATURES),)
    named = [0.0] * len(FEATURES)
    named[FEATURES.index("tag_named")] = 1.0
    named[FEATURES.index("rule_explicit")] = 1.0
    other = [0.0] * len(FEATURES)
    other[FEATURES.index("prev2")] = 1.0
    ranked = weights.rank([Candidate("B", tuple(other)), Candidate("A", tuple(named))])
    assert [c.name for c in ranked] == ["A", "B"]
    assert sum(c.probability for c in ranked) == pytest.approx(1.0)
    assert 0.5 < weights.confidence(ranked, 0, True) <= 1.0
    assert weights.confidence(ranked, 1, False) < weights.confidence(ranked, 0, True)


def test_weights_round_trip_through_arrays() -> None:
    w = Weights(np.arange(len(FEATURES), dtype=float), 0.5, np.ones(len(FEATURES) + 5), -1.0)
    back = Weights.from_arrays(w.to_arrays("x"), "x")
    assert np.array_equal(back.w, w.w) and back.b == 0.5 and np.array_equal(back.conf_w, w.conf_w)


def test_lookahead_model_round_trips_and_ships() -> None:
    second = Weights(np.ones(len(FEATURES)), -0.25, np.zeros(len(FEATURES) + 5), 0.5)
    w = Weights(np.arange(len(FEATURES), dtype=float), 0.5, np.ones(len(FEATURES) + 5), -1.0, second)
    for prefix in ("", "some_work"):
        back = Weights.from_arrays(w.to_arrays(prefix), prefix)
        assert back.ahead is not None and np.array_equal(back.ahead.w, second.w) and back.ahead.b == -0.25
        assert back.ahead.ahead is None and np.array_equal(back.w, w.w)
    shipped = shipped_weights()
    assert shipped is not None and shipped.ahead is not None  # the package decodes in two passes
    # the second pass learned that the one speaking the next turn (by a tag) rarely speaks this one
    assert shipped.ahead.w[FEATURES.index("next1_certain")] < 0 < shipped.ahead.w[FEATURES.index("first_pick")]


def test_judged_novel_lines_are_scored_against_the_true_speaker() -> None:
    # bench/bench_judged.py: the lines a person judged by reading; right when the parser now gives the true
    # speaker, and a segment the parse no longer has is counted apart, not as right or wrong
    from bench_judged import BOOKS, JUDGED, SEALED, Judged, cast_path, confidence_rows, read_judged, score

    rows = [Judged("05-0086-00", 23, "Harriet Smith"), Judged("06-0147-00", 19, "Mr. Knightley"),
            Judged("99-0001-00", 21, "Emma Woodhouse")]
    assert score(rows, {"05-0086-00": "Mrs. Martin", "06-0147-00": "Mr. Knightley"}) == (1, 2, 1)
    assert score(rows, {"05-0086-00": "Harriet Smith", "06-0147-00": "Mr. Knightley"}) == (2, 2, 1)
    # the confidence figures see each line the parse still has, right or wrong, with its confidence
    rs = confidence_rows(rows, {"05-0086-00": ("Mrs. Martin", 0.8), "06-0147-00": ("Mr. Knightley", 0.6)})
    assert [(r.correct, r.confidence) for r in rs] == [(False, 0.8), (True, 0.6)]
    # every book's file reads, with a cast for it, and the sealed one among them
    for name in BOOKS:
        judged = read_judged(JUDGED / f"{name}.tsv")
        assert len(judged) >= 40 and all(j.true_speaker for j in judged)
        assert cast_path(name).exists()
    assert set(BOOKS) >= SEALED
