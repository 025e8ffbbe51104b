"""The ``parse`` contract: segment offsets, coverage of every non-space character, IDs, never raising."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.ingest import load_book, parse_text
from pipeline.model import Book, Script
from pipeline.parse import parse_book
from pipeline.parse.quotes import QUOTE_CHARS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def check_contract(book: Book, script: Script) -> None:
    """Offsets match the text, segments are trimmed and ordered, every non-space char is covered once."""
    text = book.text
    owner = [0] * len(text)
    last = -1
    ids = [s.id for s in script.segments]
    assert len(ids) == len(set(ids))
    # IDs sort in reading order as plain strings (a heading 'CC-PPPP' just before 'CC-PPPP-00')
    assert ids == sorted(ids)
    for seg in script.segments:
        assert seg.text == text[seg.start : seg.end]
        assert seg.text and seg.text == seg.text.strip()
        assert seg.start >= last
        last = seg.end
        assert seg.kind in ("narration", "dialogue")
        assert 0.0 <= seg.confidence <= 1.0
        if seg.kind == "narration":
            assert seg.speaker is None and seg.confidence == 1.0 and seg.reason == ""
        else:
            assert seg.speaker and seg.reason
        if seg.heading:
            assert seg.paragraph == -1 and re.fullmatch(rf"{seg.chapter:02d}-\d{{4}}", seg.id)
        for i in range(seg.start, seg.end):
            owner[i] += 1
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        assert owner[i] == 1 or (owner[i] == 0 and ch in QUOTE_CHARS), (i, ch, text[max(0, i - 30) : i + 30])


def test_seed_contract() -> None:
    book = load_book(ROOT / "seeds" / "redemption.txt")
    check_contract(book, parse_book(book))


@pytest.mark.parametrize("name", ["PrideAndPrejudice", "AlicesAdventuresInWonderland"])
def test_corpus_contract(name: str) -> None:
    path = CORPUS / f"{name}.txt"
    if not path.exists():
        pytest.skip(f"corpus not found at {path}")
    book = load_book(path)
    script = parse_book(book)
    check_contract(book, script)
    heads = [s for s in script.segments if s.heading]
    assert len(heads) == len([c for c in book.chapters if c.heading])


def test_windows_line_ends_decide_every_line_as_unix_ones(tmp_path: Path) -> None:
    # Pride and Prejudice saved with '\r\n' line ends: every line the same speaker, confidence and
    # reason as with '\n' ones (before, 9 lines went to another speaker: paragraph breaks are '\n\n'
    # to attribution), at offsets into the file as read; a line fixed by hand stays fixed
    path = CORPUS / "PrideAndPrejudice.txt"
    if not path.exists():
        pytest.skip(f"corpus not found at {path}")
    from pipeline.cast import load_cast

    cast = load_cast(ROOT / "tests" / "data" / "PrideAndPrejudice_full_characters.yaml")
    unix = load_book(path)
    crlf_path = tmp_path / "PrideAndPrejudice.txt"
    crlf_path.write_bytes(unix.text.replace("\n", "\r\n").encode("utf-8"))
    crlf = load_book(crlf_path)
    assert crlf.text.count("\r\n") == unix.text.count("\n")
    a = [s for s in parse_book(unix, cast.characters).segments if s.kind == "dialogue"]
    script = parse_book(crlf, cast.characters)
    check_contract(crlf, script)
    b = [s for s in script.segments if s.kind == "dialogue"]
    assert [(s.speaker, s.confidence, s.reason) for s in b] == [(s.speaker, s.confidence, s.reason) for s in a]
    assert [s.start - crlf.text.count("\r", 0, s.start) for s in b] == [s.start for s in a]
    assert [s.text.replace("\r\n", "\n") for s in b] == [s.text for s in a]
    line = next(s for s in b if s.speaker == "Mr. Bennet")
    fixed = parse_book(crlf, cast.characters, fixed={line.start: "Mary Bennet"})
    assert [s.speaker for s in fixed.segments if s.start == line.start] == ["Mary Bennet"]


def test_one_paragraph_a_line_decides_as_blank_lines_between() -> None:
    # the same paragraphs, one a line or with blank lines between: the same speakers and reasons
    # (attribution took paragraphs from blank lines: 'whom the narration before is about' found no
    # paragraph before in a book of one paragraph a line); confidences read distances in characters
    path = CORPUS / "PrideAndPrejudice.txt"
    if not path.exists():
        pytest.skip(f"corpus not found at {path}")
    from pipeline.cast import load_cast

    cast = load_cast(ROOT / "tests" / "data" / "PrideAndPrejudice_full_characters.yaml")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
    decided = []
    for sep in ("\n\n", "\n"):
        book = parse_text(sep.join(paragraphs), Path("PrideAndPrejudice.txt"))
        decided.append([(s.text, s.speaker, s.reason)
                        for s in parse_book(book, cast.characters).segments if s.kind == "dialogue"])
    assert len(decided[0]) > 1700 and decided[1] == decided[0]


NASTY = [
    '"Unclosed quote runs on\n\nand the next paragraph is plain.',
    'Stray closer" here and "another open',
    "CHAPTER I.\n\nCHAPTER II.\n\nSome text.",
    "!!! ... ??? --- ;;;",
    '"" "" """ \u201c\u201d \u2018\u2019',
    "Emoji \U0001f600 talk: \"\U0001f389 party! \U0001f44d\" said \U0001f916.",
    "'single 'quotes' o'clock 'em dancin' ' ' '",
    '"a"b"c"d"e"',
    "\u201cCurly never closes\n\n\u201dclose first then text",
    "He said, \u201c\u201cdouble open\u201d\u201d.",
    "_ _ _ * * *",
    "x",
    "\r\n\r\n\"Windows,\" said Tom.\r\n\r\n\"Old Mac,\"\rsaid Ann.\r\r\r",
]


@pytest.mark.parametrize("text", NASTY)
def test_nasty_strings_never_raise_and_keep_contract(text: str) -> None:
    book = parse_text(text, Path("nasty.txt"))
    script = parse_book(book, narrator_name="Me")
    check_contract(book, script)


def test_json_shape() -> None:
    book = parse_text('"Hi," said Tom.', Path("t.txt"))
    seg = parse_book(book).segments[0].to_json()
    assert {"id", "chapter", "kind", "speaker", "text", "start", "end", "confidence"} <= set(seg)
    assert seg["id"] == "01-0000-00" and seg["kind"] == "dialogue" and seg["speaker"] == "Tom"


def test_heading_ids_sort_before_their_chapter() -> None:
    text = "CHAPTER I.\n\nCHAPTER II.\n\nSome text.\n\n\"Hi,\" said Tom.\n\nCHAPTER III.\n\nEnd."
    script = parse_book(parse_text(text, Path("t.txt")))
    ids = [s.id for s in script.segments]
    heads = [s.id for s in script.segments if s.heading]
    assert heads == ["01-0000", "02-0000", "03-0002"]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_a_parse_is_the_same_whatever_was_parsed_before() -> None:
    """The tag finder remembers its lookups within a parse (``tags.forget`` clears them when one starts): parsing
    another book between two parses of the seed changes nothing, and the lookups are cleared at the start."""
    from pipeline.parse import tags

    seed = load_book(ROOT / "seeds" / "redemption.txt")
    first = parse_book(seed)
    assert tags.tag_after.cache_info().currsize > 0  # (the parse did remember)
    other = parse_text('"Come here," said Jane. "No," said Tom.\n\n"Why not?" she asked.', Path("o.txt"))
    parse_book(other)
    again = parse_book(seed)
    assert [(s.id, s.speaker, s.confidence, s.reason) for s in again.segments] == \
        [(s.id, s.speaker, s.confidence, s.reason) for s in first.segments]
    tags.forget()
    assert tags.tag_after.cache_info().currsize == 0
