"""Text normalisation for speech: numbers, years, money, times, Roman numerals, abbreviations, pauses."""

from __future__ import annotations

import pytest

from pipeline.speech.lexicon import spoken_text
from pipeline.speech.spoken_numbers import cardinal, ordinal, roman_value, year


@pytest.mark.parametrize(
    ("n", "words"),
    [(0, "zero"), (7, "seven"), (42, "forty-two"), (100, "one hundred"), (105, "one hundred five"),
     (1200, "one thousand two hundred"), (2_000_021, "two million twenty-one"),
     (10**15, "one zero zero zero zero zero zero zero zero zero zero zero zero zero zero zero")],
)
def test_cardinal(n: int, words: str) -> None:
    assert cardinal(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "first"), (2, "second"), (3, "third"), (12, "twelfth"), (20, "twentieth"), (21, "twenty-first"),
     (100, "one hundredth"), (103, "one hundred third")],
)
def test_ordinal(n: int, words: str) -> None:
    assert ordinal(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [(1066, "ten sixty-six"), (1811, "eighteen eleven"), (1900, "nineteen hundred"), (1905, "nineteen oh five"),
     (2000, "two thousand"), (2007, "two thousand seven"), (2024, "twenty twenty-four")],
)
def test_year(n: int, words: str) -> None:
    assert year(n) == words


def test_roman_value() -> None:
    assert [roman_value(r) for r in ("I", "iv", "XII", "MCMXC", "IIII", "VX", "MIX", "")] == \
        [1, 4, 12, 1990, None, None, 1009, None]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("He had 42 sheep and 1,200 goats.", "He had forty-two sheep and one thousand two hundred goats."),
        ("It weighed 3.14 pounds.", "It weighed three point one four pounds."),
        ("Agent 007 got 50% off.", "Agent zero zero seven got fifty percent off."),
        ("He was 1811 miles away.", "He was one thousand eight hundred eleven miles away."),
        ("R2D2 and 4x4 stay.", "R2D2 and 4x4 stay."),
    ],
)
def test_numbers(text: str, said: str) -> None:
    assert spoken_text(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("It happened in 1811.", "It happened in eighteen eleven."),
        ("On 3rd May, 1811 and in June 1812.", "On third May, eighteen eleven and in June eighteen twelve."),
        ("From 1811 to 1820, and 1811\u20131820.",
         "From eighteen eleven to eighteen twenty, and eighteen eleven to eighteen twenty."),
        ("In the 1900s and the 1980s.", "In the nineteen hundreds and the nineteen eighties."),
        ("In 1500 ways.", "In fifteen hundred ways."),
        ("The year 2024 and 2005.", "The year twenty twenty-four and two thousand five."),
    ],
)
def test_years_in_context(text: str, said: str) -> None:
    assert spoken_text(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("the 21st of June and the 2nd", "the twenty-first of June and the second"),
        ("\u00a35 and \u00a31", "five pounds and one pound"),
        ("$3.50, $1, $0.50 and \u00a32.01",
         "three dollars fifty cents, one dollar, fifty cents and two pounds one penny"),
        ("$5 million and \u20ac1,000", "five million dollars and one thousand euros"),
        ("At 10:30 and 3 p.m. Then 10:00, 10:05 am and 14:00.",
         "At ten thirty and three p.m. Then ten o'clock, ten oh five a.m. and fourteen hundred."),
    ],
)
def test_ordinals_money_and_times(text: str, said: str) -> None:
    assert spoken_text(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Chapter XII", "Chapter twelve"),
        ("CHAPTER I.", "CHAPTER one."),
        ("Chapter I: Down the Rabbit-Hole", "Chapter one: Down the Rabbit-Hole"),
        ("Book IV, Part ii and Vol. III", "Book four, Part two and Vol. three"),
        ("Henry VIII's wives and George III.", "Henry the eighth's wives and George the third."),
        ("William I of England; Charles I was there.", "William the first of England; Charles I was there."),
        ("Part I think so. I am Iris.", "Part I think so. I am Iris."),  # the pronoun is never a numeral
        ("XIV.", "fourteen."),  # a heading that is only a numeral
        ("I.", "I."),
        ("Part mix", "Part mix"),
    ],
)
def test_roman_numerals_only_where_safe(text: str, said: str) -> None:
    assert spoken_text(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Mr. Bennet, Mrs. Long, Ms. Grey and Dr. Jones.", "Mister Bennet, Missus Long, Miz Grey and Doctor Jones."),
        ("Mr Darcy and Mrs Bennet", "Mister Darcy and Missus Bennet"),
        ("At St. Paul's on Baker St. Then home.", "At Saint Paul's on Baker Street. Then home."),
        ("Fort St. George, 21 Baker St.", "Fort Saint George, twenty-one Baker Street."),
        ("Fruit, e.g. plums, i.e. food, etc. Then more.",
         "Fruit, for example, plums, that is, food, et cetera. Then more."),
        ("Fruit etc. and more", "Fruit et cetera and more"),
        ("Room No. 7 with Prof. Plum", "Room number seven with Professor Plum"),
    ],
)
def test_abbreviations(text: str, said: str) -> None:
    assert spoken_text(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("I was waiting\u2026 and then\u2014suddenly\u2014he came.", "I was waiting, and then, suddenly, he came."),
        ("Wait... The door opened.", "Wait. The door opened."),
        ("I... I don't know.", "I, I don't know."),
        ("I was going to\u2014", "I was going to."),
        ("...and then", "and then"),
        ("What...? No--never!", "What? No, never!"),
        ("Yes.\u2014No.", "Yes. No."),
        ("A well-known long-running joke", "A well-known long-running joke"),
    ],
)
def test_ellipses_and_dashes_become_pauses_engines_honour(text: str, said: str) -> None:
    assert spoken_text(text) == said


# Books as they come (issue #14): dates, ranges, symbols, old money, note markers, addresses.
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("November 1st, 1836, he sailed.", "November first, eighteen thirty-six, he sailed."),
        ("Melville (1851\u2014) wrote it.", "Melville (eighteen fifty-one) wrote it."),
        ("Melville (1819\u20141891)", "Melville (eighteen nineteen to eighteen ninety-one)"),
        ("From 1732-1743 he sailed.", "From seventeen thirty-two to seventeen forty-three he sailed."),
        ("See pp. 12\u201314 and p. 7.", "See pages twelve to fourteen and page seven."),
        ("It was 45\u00b0 and 98.6 \u00b0F.",
         "It was forty-five degrees and ninety-eight point six degrees Fahrenheit."),
        ("At 51\u00b0 30\u2032 15\u2033 N.", "At fifty-one degrees thirty minutes fifteen seconds N."),
        ("He stood 6\u2032 2\u2033 tall.", "He stood six feet two inches tall."),
        ("Sugar, 5 \u2114 and \u2114 1", "Sugar, five pounds and one pound"),
        ("1\u20442 cup, 2 3\u20444 miles and \u00bd an inch",
         "one half cup, two and three quarters miles and one half an inch"),
        ("\u00a9 2024 Ann & Bob", "copyright twenty twenty-four Ann and Bob"),
        ("Fish, flesh, &c. Then more.", "Fish, flesh, et cetera. Then more."),
        ("Rates rose .6% to 1.5%.", "Rates rose point six percent to one point five percent."),
        ("He owed L100,000 to her.", "He owed one hundred thousand pounds to her."),
        ("It cost \u00a35 10s. Then he left.", "It cost five pounds ten shillings. Then he left."),
        ("Pay 1s. 6d. now", "Pay one shilling six pence now"),
        ("the procession.* And a word\u2020 more\u00b9.", "the procession. And a word more."),
        ("* The note itself.", "The note itself."),
        ("See http://www.idpf.org/2007/ops for it.", "See w w w dot idpf dot org slash 2007 slash ops for it."),
        ("Mail john.smith2@example.com in 1999.", "Mail john dot smith2 at example dot com in nineteen ninety-nine."),
    ],
)
def test_books_as_they_come(text: str, said: str) -> None:
    assert spoken_text(text) == said


def test_a_heading_that_is_only_a_number_is_a_chapter_number() -> None:
    assert spoken_text("190", heading=True) == "Chapter one hundred ninety"
    assert spoken_text("190.") == "one hundred ninety."  # not a heading: a number like any other
    assert spoken_text("Chapter 190", heading=True) == "Chapter one hundred ninety"


def test_other_languages_keep_their_numbers_for_the_engine_to_read() -> None:
    text = "Il avait 42 ans\u2026 en 1836, 3 \u00e0 4 fois*."
    assert spoken_text(text, language="fr") == "Il avait 42 ans, en 1836, 3 \u00e0 4 fois."
    assert spoken_text("Le 12\u201314 mai", language="fr") == "Le 12-14 mai"
    assert spoken_text("He was 42.", language="en") == spoken_text("He was 42.") == "He was forty-two."
