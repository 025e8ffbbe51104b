"""Ingest: encodings, line endings, paragraph conventions and chapter headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest import load_book
from tests.conftest import CORPUS, SEED


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_seed_is_one_chapter_titled_from_file_name_with_one_paragraph_per_block() -> None:
    book = load_book(SEED)
    assert [c.title for c in book.chapters] == ["Redemption"]
    assert len(book.chapters[0].paragraphs) == 27
    first = book.chapters[0].paragraphs[0]
    assert first.text.startswith('"I don\'t think you quite understand."')
    assert book.text[first.start:first.end] == first.text


def test_bom_is_stripped_and_offsets_index_the_decoded_text(tmp_path: Path) -> None:
    book = load_book(write(tmp_path, "s.txt", "\ufeffHello there.\n\nSecond one.".encode()))
    assert not book.text.startswith("\ufeff")
    para = book.chapters[0].paragraphs[1]
    assert book.text[para.start:para.end] == "Second one."


def test_crlf_newlines_are_kept_and_paragraphs_found(tmp_path: Path) -> None:
    data = b"Chapter 1\r\n\r\nA line\r\nwrapped here.\r\n\r\nNext paragraph.\r\n"
    book = load_book(write(tmp_path, "crlf.txt", data))
    assert "\r\n" in book.text
    paras = book.chapters[0].paragraphs
    assert [p.text for p in paras] == ["A line\r\nwrapped here.", "Next paragraph."]
    assert book.chapters[0].title == "Chapter 1"


def test_latin1_is_detected(tmp_path: Path) -> None:
    text = "Le café était fermé. « Déjà ? » dit-elle, très déçue. " * 5
    book = load_book(write(tmp_path, "fr.txt", text.encode("cp1252")))
    assert "café" in book.text and "déçue" in book.text


def test_one_paragraph_per_line_without_blank_lines(tmp_path: Path) -> None:
    book = load_book(write(tmp_path, "lines.txt", b"First para.\nSecond para.\nThird para.\n"))
    assert [p.text for p in book.chapters[0].paragraphs] == ["First para.", "Second para.", "Third para."]


def test_hard_wrapped_gutenberg_paragraphs_and_two_line_headings() -> None:
    book = load_book(CORPUS / "AlicesAdventuresInWonderland.txt")
    assert len(book.chapters) == 12
    assert book.chapters[0].title == "Chapter I: Down the Rabbit-Hole"
    first = book.chapters[0].paragraphs[0]
    assert first.text.startswith("Alice was beginning") and first.text.endswith('conversations?"')
    assert "\n" in first.text


@pytest.mark.parametrize(
    ("heading", "title"),
    [("Chapter 12", "Chapter 12"), ("CHAPTER I.", "Chapter I"),
     ("Chapter Three: The Storm", "Chapter Three: The Storm")],
)
def test_chapter_heading_forms(tmp_path: Path, heading: str, title: str) -> None:
    text = f"Intro text.\n\n{heading}\n\nBody of the chapter.\n"
    book = load_book(write(tmp_path, "h.txt", text.encode()))
    assert [c.title for c in book.chapters] == ["H", title]
    assert book.chapters[1].heading is not None
    start, end = book.chapters[1].heading
    assert book.text[start:end] == heading


def test_markdown_headings(tmp_path: Path) -> None:
    text = "# The Arrival\n\nThey came.\n\n## The Storm\n\nIt rained.\n"
    book = load_book(write(tmp_path, "m.md", text.encode()))
    assert [c.title for c in book.chapters] == ["The Arrival", "The Storm"]
    assert [p.text for p in book.chapters[1].paragraphs] == ["It rained."]


def test_hash_line_in_plain_text_is_not_a_heading(tmp_path: Path) -> None:
    book = load_book(write(tmp_path, "p.txt", b"# not a heading\n\nText.\n"))
    assert len(book.chapters) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"   \n\n", "empty"), (b"\x00\x01\x02binary\x00", "binary")],
)
def test_bad_files_get_clear_errors(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_book(write(tmp_path, "bad.txt", data))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_book(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        load_book(tmp_path)


def test_undecodable_bytes_name_the_first_bad_byte_offset(tmp_path: Path) -> None:
    # control characters and 0x81 (undefined in cp1252): no encoding charset-normalizer knows fits
    data = b"Once upon a time.\n" + bytes(range(1, 32)) * 8 + b"\x81\xff"
    with pytest.raises(InputError, match=r"u\.txt: not valid UTF-8 \(byte 0x81 at offset 266\)"):
        load_book(write(tmp_path, "u.txt", data))


GUTENBERG = """\
The Project Gutenberg eBook of Tiny Tale

This ebook is for the use of anyone anywhere in the United States.

Title: Tiny Tale

Author: Ann Example

*** START OF THE PROJECT GUTENBERG EBOOK TINY TALE ***

Produced by A. Volunteer and the Online Distributed
Proofreading Team.




CHAPTER I.

It began.

"Hi," she said.

THE END

*** END OF THE PROJECT GUTENBERG EBOOK TINY TALE ***

Updating: editions will replace the previous one.
"""


def test_gutenberg_header_and_footer_are_unspoken_and_in_no_chapter(tmp_path: Path) -> None:
    book = load_book(write(tmp_path, "tiny.txt", GUTENBERG.encode()))
    assert book.text == GUTENBERG  # nothing is removed from the source
    header, footer = (book.text[s:e] for s, e in book.unspoken)
    assert header.startswith("The Project Gutenberg eBook of Tiny Tale")
    assert header.endswith("*** START OF THE PROJECT GUTENBERG EBOOK TINY TALE ***\n\nProduced by A. Volunteer "
                           "and the Online Distributed\nProofreading Team.")
    assert footer.startswith("*** END OF THE PROJECT GUTENBERG EBOOK") and footer.endswith("previous one.")
    assert [c.title for c in book.chapters] == ["Chapter I"]
    assert [p.text for p in book.chapters[0].paragraphs] == ["It began.", '"Hi," she said.', "THE END"]
    assert (book.title, book.author) == ("Tiny Tale", "Ann Example")


def test_older_gutenberg_markers(tmp_path: Path) -> None:
    text = (
        "Project Gutenberg's Etext of Old Tale\n\nSmall print here.\n\n"
        "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\n\n"
        "It was old.\n\nVery old.\n\n"
        "End of the Project Gutenberg EBook of Old Tale\n\nMore licence.\n"
    )
    book = load_book(write(tmp_path, "old.txt", text.encode()))
    assert [p.text for p in book.chapters[0].paragraphs] == ["It was old.", "Very old."]
    assert [book.text[s:e][:20] for s, e in book.unspoken] == ["Project Gutenberg's ", "End of the Project G"]


def test_text_without_gutenberg_markers_has_no_unspoken_spans() -> None:
    assert load_book(SEED).unspoken == ()


def test_only_boilerplate_is_an_error(tmp_path: Path) -> None:
    text = "*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n"
    with pytest.raises(InputError, match="between the Project Gutenberg header and footer"):
        load_book(write(tmp_path, "x.txt", text.encode()))


def test_hard_wrapped_text_without_blank_lines_joins_lines_into_paragraphs(tmp_path: Path) -> None:
    # lines wrapped at about 50 characters and no blank line anywhere: a paragraph ends at a line
    # that ends a sentence short of the width, or before a line that opens a quote
    body = (
        "The waggon was laden with household goods and\n"
        "window plants, and on the apex of the whole sat a\n"
        "woman, young and attractive. Gabriel had not seen\n"
        "the sight for more than half a minute, when the\n"
        "vehicle was brought to a standstill below him.\n"
        '"The tailboard of the waggon is gone, Miss," said the\n'
        "waggoner.\n"
        '"Then I heard it fall," said the girl, in a soft\n'
        "though not particularly low.\n"
    ) * 3
    book = load_book(write(tmp_path, "wrapped.txt", body.encode()))
    paras = [p.text for p in book.chapters[0].paragraphs]
    assert len(paras) == 9
    assert paras[1] == '"The tailboard of the waggon is gone, Miss," said the\nwaggoner.'
    assert paras[2].startswith('"Then I heard it fall,') and paras[2].endswith("low.")


def test_a_few_blank_lines_between_long_wrapped_paragraphs_still_separate_them(tmp_path: Path) -> None:
    # a story of long paragraphs has few blank lines for its many lines: its lines are no paragraphs
    line = "the discoloration of ages had been great and minute fungi\n"
    para = "Shaking off from my spirit what must have been a dream,\n" + line * 30 + "on the walls.\n"
    book = load_book(write(tmp_path, "usher.txt", "\n".join([para] * 3).encode()))
    assert [len(p.text.splitlines()) for p in book.chapters[0].paragraphs] == [32, 32, 32]
