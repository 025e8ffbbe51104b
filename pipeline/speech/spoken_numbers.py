"""Numbers as English words: cardinals, ordinals, years, decimals, Roman numerals.

Written here rather than taken from a package so the words never change between installs: the
spoken text is part of every clip's cache key, and a library update that said "one hundred and
five" instead of "one hundred five" would re-synthesise whole books.
"""

from __future__ import annotations

import re


def words(text: str) -> tuple[str, ...]:
    """A tuple of the space-separated words of a literal (for word lists kept readable)."""
    return tuple(text.split())


_ONES = words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
)
_TENS = words("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL_WORDS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}
_ROMAN_RE = re.compile(r"M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
MAX_WORDS_NUMBER = 10**15  # above this, digits are read one by one


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(f"{_ONES[hundreds]} hundred")
    if rest:
        words.append(_two_digits(rest))
    return " ".join(words)


def _two_digits(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def cardinal(n: int) -> str:
    """42 -> 'forty-two', 1200 -> 'one thousand two hundred'; huge numbers digit by digit."""
    if n < 0:
        return "minus " + cardinal(-n)
    if n >= MAX_WORDS_NUMBER:
        return digits(str(n))
    if n < 1000:
        return _below_thousand(n) if n else "zero"
    words = []
    for value, name in _SCALES:
        if n >= value:
            count, n = divmod(n, value)
            words.append(f"{cardinal(count)} {name}")
    if n:
        words.append(_below_thousand(n))
    return " ".join(words)


def ordinal(n: int) -> str:
    """21 -> 'twenty-first', 100 -> 'one hundredth'."""
    words = cardinal(n)
    head, sep, last = words.rpartition("-" if words.rfind("-") > words.rfind(" ") else " ")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def digits(text: str) -> str:
    """'0451' -> 'zero four five one': each digit as a word."""
    return " ".join(_ONES[int(ch)] for ch in text if ch.isdigit())


def decimal(whole: str, fraction: str) -> str:
    """'3', '14' -> 'three point one four' (the whole part may hold thousands commas)."""
    return f"{cardinal(int(whole.replace(',', '') or '0'))} point {digits(fraction)}"


def year(n: int) -> str:
    """How a year is said: 1811 -> 'eighteen eleven', 1900 -> 'nineteen hundred', 1905 -> 'nineteen oh five',
    2000 -> 'two thousand', 2007 -> 'two thousand seven', 2024 -> 'twenty twenty-four'."""
    if n < 1000 or n >= 10000:
        return cardinal(n)
    high, low = divmod(n, 100)
    if 2000 <= n <= 2009 or (low == 0 and high % 10 == 0):
        return cardinal(n)
    if low == 0:
        return f"{_two_digits(high)} hundred"
    if low < 10:
        return f"{_two_digits(high)} oh {_ONES[low]}"
    return f"{_two_digits(high)} {_two_digits(low)}"


def fraction(numerator: int, denominator: int) -> str:
    """3, 4 -> 'three quarters', 1, 2 -> 'one half', 5, 8 -> 'five eighths'."""
    if denominator == 2:
        name = "half" if numerator == 1 else "halves"
    elif denominator == 4:
        name = "quarter" if numerator == 1 else "quarters"
    else:
        name = ordinal(denominator) + ("" if numerator == 1 else "s")
    return f"{cardinal(numerator)} {name}"


def plural(words: str) -> str:
    """'nineteen hundred' -> 'nineteen hundreds', 'nineteen eighty' -> 'nineteen eighties'."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    if words.endswith("x"):
        return words + "es"
    return words + "s"


def roman_value(numeral: str) -> int | None:
    """'XII' -> 12; None when the letters are not a well-formed Roman numeral (any case)."""
    upper = numeral.upper()
    if not upper or not _ROMAN_RE.fullmatch(upper):
        return None
    total = 0
    for ch, nxt in zip(upper, [*upper[1:], ""], strict=True):
        value = _ROMAN_VALUES[ch]
        total += -value if nxt and _ROMAN_VALUES[nxt] > value else value
    return total
