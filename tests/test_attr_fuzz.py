"""Fuzz the parse stage: any text parses without raising and keeps the segment contract."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.ingest import parse_text
from pipeline.parse import parse_book
from pipeline.parse.quotes import QUOTE_CHARS
from pipeline.speech.spoken_numbers import words as split_words

WORDS = st.sampled_from(split_words(
    "said she he Elizabeth Mr. Bennet Sakura Sasuke replied cried asked the a and Lizzy my dear "
    "don't o'clock 'em dancin' girls' Chapter CHAPTER I. II. 3 -- \u2014 \u2026 ... , . ! ? ; : _word_ *x* ( )"
))
QUOTES = st.sampled_from(list('"\'\u201c\u201d\u2018\u2019\u201e\u201a\u201b\u201f\u00ab\u00bb'))
ODD = st.sampled_from([
    "\U0001f600", "\U0001f44d\U0001f3fd", "e\u0301", "\u0301", "\u200b", "\u200d", "\u200e", "\u200f", "\u202e",
    "\u2066", "\ufeff", "\x00", "\t", "\r", "\r\n", "\u00a0", "\u2028", "\u0627\u0644\u0633\u0644\u0627\u0645",
    "\u6f22\u5b57",
])
BREAKS = st.sampled_from(["\n", "\n\n", "\n\n\n", "\n\nChapter 2\n\n", "\n\nCHAPTER IV.\n\n", "\n\n   \n\n", " "])
PIECES = st.one_of(WORDS, QUOTES, ODD, BREAKS, st.text(max_size=4))


def check(text: str) -> None:
    try:
        book = parse_text(text, Path("x.txt"))
    except InputError:
        assert not text.strip(), "only a file with nothing but space is refused"
        return
    script = parse_book(book)
    ids = [s.id for s in script.segments]
    assert len(ids) == len(set(ids))
    owner = [0] * len(book.text)
    for seg in script.segments:
        assert seg.text == book.text[seg.start : seg.end]
        assert 0.0 <= seg.confidence <= 1.0
        for i in range(seg.start, seg.end):
            owner[i] += 1
    for i, ch in enumerate(book.text):
        if ch.isspace():
            continue
        assert owner[i] == 1 or (owner[i] == 0 and ch in QUOTE_CHARS), (i, ch, book.text[max(0, i - 20) : i + 20])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(PIECES, st.sampled_from(["", " ", " ", "\n"])), max_size=60))
def test_any_text_parses_and_keeps_the_contract(parts: list[tuple[str, str]]) -> None:
    check("".join(p + sep for p, sep in parts))


def test_known_awkward_inputs() -> None:
    awkward = ["\x00", "\u200b\"\u200b\"", "\ufeff\"hi\"", "\r\n\"a\r\nb\""]
    awkward.append("Chapter 1\n\n\u202e\"x,\" said \u200fSasuke.")
    for text in awkward:
        check(text)
