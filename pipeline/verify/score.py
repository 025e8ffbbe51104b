"""Comparing what was heard with what was meant: word error rate over words normalised the same way
on both sides, and the words that were misheard.

Both sides go through the lexicon's ``spoken_text`` (so "42", "Mr." and "£5" in a transcript read as
the engine was given them: "forty-two", "Mister", "five pounds"), then case, hyphens, punctuation and
accents are folded. Alignment and error rate come from ``jiwer`` (imported on first use).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..speech.lexicon import spoken_text

_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def words(text: str) -> list[str]:
    """The words of ``text`` as compared: spoken forms, lower case, contractions expanded ("they're"
    and "they are" are the same words heard), no punctuation or accents."""
    import jiwer

    said = spoken_text(text).casefold().replace("-", " ").replace("cannot", "can not")
    said = jiwer.ExpandCommonEnglishContractions().process_string(said)
    said = "".join(c for c in unicodedata.normalize("NFKD", said) if not unicodedata.combining(c))
    return _WORD_RE.findall(said)


@dataclass(frozen=True)
class Score:
    """How well a transcript matches a line: error rate, the reference and what was heard (normalised),
    and each misheard reference word with the words heard in its place ('' when dropped)."""

    wer: float
    words: int
    reference: str
    heard: str
    misheard: tuple[tuple[str, str], ...] = ()


def score(references: Sequence[str], heard: str) -> Score:
    """The best match of ``heard`` against any of ``references`` (e.g. the book's words and the
    cast's respelling of them): lowest word error rate, then fewest reference words."""
    hyp = words(heard)
    best: Score | None = None
    for reference in references:
        candidate = _score(words(reference), hyp)
        if best is None or (candidate.wer, candidate.words) < (best.wer, best.words):
            best = candidate
    return best if best is not None else _score([], hyp)


def _score(ref: list[str], hyp: list[str]) -> Score:
    if not ref:
        return Score(0.0 if not hyp else 1.0, 0, "", " ".join(hyp))
    if not hyp:
        return Score(1.0, len(ref), " ".join(ref), "", tuple((w, "") for w in ref))
    import jiwer

    out = jiwer.process_words(" ".join(ref), " ".join(hyp))
    misheard: list[tuple[str, str]] = []
    region_ref: list[str] = []
    region_hyp: list[str] = []

    def close() -> None:
        said = " ".join(region_hyp)
        misheard.extend((w, said) for w in region_ref)
        region_ref.clear()
        region_hyp.clear()

    # consecutive errors form one region: every reference word in it was misheard as the region's words
    for chunk in out.alignments[0]:
        if chunk.type == "equal":
            close()
            continue
        region_ref.extend(ref[chunk.ref_start_idx:chunk.ref_end_idx])
        region_hyp.extend(hyp[chunk.hyp_start_idx:chunk.hyp_end_idx])
    close()
    return Score(float(out.wer), len(ref), " ".join(ref), " ".join(hyp), tuple(misheard))
