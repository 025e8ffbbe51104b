"""Text as it will be spoken: typography normalised, pronunciations applied, numbers and abbreviations
written out as words.

The spoken text is part of each clip's cache key, so every rule here is deterministic and works on
one segment alone: a pronunciation entry changes exactly the segments that contain the word.

Why the rules exist (measured with the bundled Piper voice, whose eSpeak NG front end reads the
raw text): "..." and em dashes are dropped silently (no pause at all) while a comma gives about a
quarter second, so ellipses and dashes become commas or full stops; "Mr." and "St." end a sentence
(a 0.45 s pause inside a name); "Chapter XII" is read "chapter roman twelve", "Henry VIII"
"Henry roman eight", "£5" "pound five" and "1811" "one thousand eight hundred eleven".

Books as they come add symbols (``° ′ ″ ℔ ⁄ © &``), old money ("L100,000", "£5 10s. 6d."), footnote
markers ("procession.*", "word†"), page ranges ("pp. 12–14") and web addresses: an address is read
as a person reads it ("w w w dot idpf dot org slash 2007 slash ops") and no number rule touches it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .spoken_numbers import cardinal, decimal, digits, fraction, ordinal, plural, roman_value, words, year

_SPACE_RE = re.compile(r"\s+")
_EMPHASIS_RE = re.compile(r"(?<![\w*_])([_*]{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*_])", re.DOTALL)
_SPEAKABLE_RE = re.compile(r"[^\W_]")
_TRANSLATE = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " ", "\u202f": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2012": "\u2013", "\u2015": "\u2014",
})
_SENTENCE_NEXT_RE = re.compile(r"\s*(?:$|[\"')\]]*\s+[\"'(\[]*[A-Z])")

Rule = Callable[[re.Match[str]], str]


def _ends_sentence(m: re.Match[str]) -> bool:
    """True when the full stop a match swallowed also ends the sentence (end of text or a capital next)."""
    return m.group(0).endswith(".") and bool(_SENTENCE_NEXT_RE.match(m.string, m.end()))


# --- pauses: ellipses and dashes ----------------------------------------------------------------

_ELLIPSIS = r"(?:\u2026|\.\s?\.\s?\.(?:\s?\.)*)"
_DASH = r"(?:\u2014|\u2013|(?<!-)-{2,3}(?!-)|(?<=\s)-(?=\s))"
_PAUSES = (
    # a range of numbers: "1811–1820", "pages 3--5"
    (re.compile(r"(?<=\d)\s?(?:\u2013|--)\s?(?=\d)"), " to "),
    # a range of years with an em dash or a hyphen: "1819\u20141891", "1732-1743"
    (re.compile(r"(?<![\w.,])((?:1[1-9]|20)\d\d)\s?[\u2014-]\s?(?=(?:1[1-9]|20)\d\d(?![\w]|[.,]\d))"), r"\1 to "),
    # an open range in brackets: "(1851\u2014)" is the year
    (re.compile(r"(?<=\((?:1[1-9]|20)\d\d)\s?(?:\u2014|\u2013|-{1,3})\s?(?=\))"), ""),
    # next to other punctuation the mark adds nothing: "What...?", "...,", "—!"
    (re.compile(rf"\s*(?:{_ELLIPSIS}|{_DASH})+\s*(?=[?!,;:.])"), ""),
    (re.compile(rf"(?<=[?!,;:.])\s*(?:{_ELLIPSIS}|{_DASH})+\s*"), " "),
    # at the start of a segment: "...and then"
    (re.compile(rf"^\s*(?:{_ELLIPSIS}|{_DASH})+\s*"), ""),
    # at the end (trailing off, interrupted speech): a full stop
    (re.compile(rf"\s*(?:{_ELLIPSIS}|{_DASH})+\s*(?=[\"')\]]*\s*$)"), "."),
    # before a capital that starts a new sentence: "Wait... The door"
    (re.compile(rf"(?<=\w)\s*{_ELLIPSIS}\s*(?=[\"'(]*[A-Z](?!\s))"), ". "),
    # anywhere else: a comma, the pause every engine here honours
    (re.compile(rf"\s*(?:{_ELLIPSIS}|{_DASH})+\s*"), ", "),
)


_PAUSE_MARKS = ("\u2026", "\u2014", "\u2013", "..", ". .", "--", " -", "-")


_RANGE_RULES = 3  # the first rules read number ranges in English ("to"); other languages skip them


def _pauses(text: str, english: bool = True) -> str:
    if not any(mark in text for mark in _PAUSE_MARKS):
        return text
    if not english:  # a range stays a range ("12-14"), read by the engine in its own language
        text = _PAUSES[0][0].sub("-", text)
    for pattern, replacement in _PAUSES if english else _PAUSES[_RANGE_RULES:]:
        text = pattern.sub(replacement, text)
    return text


# --- abbreviations ------------------------------------------------------------------------------

_CAP_NEXT = r"(?=\s+[\"'(]*[A-Z])"
_SENTENCE_STARTERS = frozenset(words(
    "The A An He She It They We I You His Her Its Their Our My But And Then There This That So When "
    "As In On At If What Who Why How Where Yet Now"
))


def _title(word: str) -> tuple[str, str]:
    """Both the Title and the UPPER spelling of an abbreviation, as a regex alternation."""
    return (re.escape(word), re.escape(word.upper()))


@dataclass(frozen=True)
class _Step:
    """One normalisation rule: a pattern and what each match is said as. ``keys`` are substrings one of
    which the text must hold for the pattern to be tried at all (a fast check; ``folded``: in lowercase)."""

    pattern: re.Pattern[str]
    said: Rule
    keys: tuple[str, ...] = ()
    folded: bool = False

    def apply(self, text: str) -> str:
        if self.keys:
            haystack = text.lower() if self.folded else text
            if not any(key in haystack for key in self.keys):
                return text
        return self.pattern.sub(self.said, text)


def _abbreviation_rules() -> list[_Step]:
    rules: list[_Step] = []

    def add(pattern: str, said: str, key: str, keeps_stop: bool = False, flags: int = 0) -> None:
        def rule(m: re.Match[str]) -> str:
            return said + ("." if keeps_stop and _ends_sentence(m) else "")

        folded = bool(flags & re.IGNORECASE)
        keys = (key.lower(),) if folded else (key, key.upper())
        rules.append(_Step(re.compile(pattern, flags), rule, keys, folded))

    # titles before a name: with a full stop anywhere, without one (British style) only before a capital
    for short, said in (("Mr", "Mister"), ("Mrs", "Missus"), ("Ms", "Miz"), ("Dr", "Doctor"),
                        ("Messrs", "Messieurs"), ("Mme", "Madame"), ("Mlle", "Mademoiselle")):
        alts = "|".join(_title(short))
        add(rf"\b(?:{alts})\.", said, short)
        add(rf"\b(?:{alts})\b{_CAP_NEXT}", said, short)
    for short, said in (("Prof", "Professor"), ("Capt", "Captain"), ("Col", "Colonel"), ("Gen", "General"),
                        ("Lt", "Lieutenant"), ("Sgt", "Sergeant"), ("Rev", "Reverend"), ("Hon", "Honourable"),
                        ("Gov", "Governor"), ("Sen", "Senator"), ("Rep", "Representative"), ("Mt", "Mount"),
                        ("Ft", "Fort")):
        add(rf"\b(?:{'|'.join(_title(short))})\.{_CAP_NEXT}", said, short)
    for short, said in (("Jr", "Junior"), ("Sr", "Senior"), ("Esq", "Esquire"), ("Ave", "Avenue"),
                        ("Rd", "Road"), ("Blvd", "Boulevard")):
        add(rf"(?<=[A-Za-z,] )(?:{'|'.join(_title(short))})\.", said, short, keeps_stop=True)
    # Latin and other phrase abbreviations
    add(r"\be\.\s?g\.(?:,)?", "for example,", "g.", flags=re.IGNORECASE)
    add(r"\bi\.\s?e\.(?:,)?", "that is,", "e.", flags=re.IGNORECASE)
    add(r"\betc\.", "et cetera", "etc.", keeps_stop=True, flags=re.IGNORECASE)
    add(r"\bcf\.", "compare", "cf.", flags=re.IGNORECASE)
    add(r"\bviz\.", "namely", "viz.", flags=re.IGNORECASE)
    add(r"\bvs?\.(?=\s)", "versus", "v")
    add(r"\bapprox\.", "approximately", "approx.", keeps_stop=True, flags=re.IGNORECASE)
    add(r"\b[Nn]o\.(?=\s?\d)", "number", "o.")
    add(r"\bpp\.\s?(?=\d)", "pages ", "pp.")
    add(r"(?<![\w.])p\.\s?(?=\d)", "page ", "p.")
    add(r"&c\.", "et cetera", "&c.", keeps_stop=True)
    add(r"\bNos\.(?=\s?\d)", "numbers", "Nos.")
    rules.append(_Step(re.compile(r"\b(?:St|ST)\.?(?!\w)"), _saint_or_street, ("St", "ST")))
    return rules


def _saint_or_street(m: re.Match[str]) -> str:
    """'St. Paul's' -> Saint; 'Baker St.' -> Street; 'Fort St. George' -> Saint."""
    before = m.string[: m.start()].rstrip()
    after = re.match(r"\s+[\"'(]*(\w+)", m.string[m.end():])
    next_word = after.group(1) if after else ""
    if not m.group(0).endswith(".") and not (next_word[:1].isupper() or before[-1:].isdigit()):
        return m.group(0)  # "St" without a full stop that is neither before a name nor after a number
    if next_word[:1].isupper() and next_word not in _SENTENCE_STARTERS:
        return "Saint"
    prev_word = re.search(r"(\w+)$", before)
    if prev_word and (prev_word.group(1)[:1].isupper() or prev_word.group(1).isdigit()):
        return "Street" + ("." if _ends_sentence(m) else "")
    return "Saint"


# --- Roman numerals -----------------------------------------------------------------------------

_ROMAN = r"(?:[IVXLCDM]+|[ivxlcdm]+)"
_HEADING_WORDS = r"Chapter|Chap\.|Book|Part|Volume|Vol\.|Act|Scene|Canto|Appendix|Stave|Fytte"
_HEADING_ROMAN_RE = re.compile(rf"\b((?:{_HEADING_WORDS})|(?:{_HEADING_WORDS.upper()}))(\s+)({_ROMAN})\b")
_REGNAL_NAMES = words(
    "Alexander Alfonso Amenhotep Anne Benedict Boniface Canute Carlos Casimir Catherine Charles Christian "
    "Clement Constantine David Edmund Edward Elizabeth Ferdinand Francis Frederick Friedrich George Gregory "
    "Gustav Gustavus Harald Harold Heinrich Henry Innocent Ivan James John Juan Karl Leo Leopold Louis "
    "Ludwig Malcolm Manuel Mary Napoleon Nicholas Olaf Otto Paul Pedro Peter Philip Pius Ptolemy Rameses "
    "Ramesses Richard Robert Rudolf Sancho Sigismund Stephen Thutmose Umberto Urban Victor Wilhelm William"
)
_REGNAL_RE = re.compile(rf"\b({'|'.join(_REGNAL_NAMES)})(\s+)([IVXLCDM]+)\b")
_LONE_ROMAN_RE = re.compile(r"^\s*([IVXLCDM]{2,}|[VX])(\.?)\s*$")
MAX_LONE_NUMERAL_CHARS = 16
_PRONOUN_I_OK_RE = re.compile(r"(?:\s*(?:$|[.:;,)\]])|\s+of\b)")
MAX_LOWERCASE_ROMAN = 100  # 'mix' and 'did' are words; lowercase numerals in headings are small


def _roman_ok(m: re.Match[str], numeral: str) -> int | None:
    """The numeral's value, unless it is a bare 'I' that reads as the pronoun ('Part I think...', "I'm")
    or a lowercase word that happens to spell a large numeral ('mix')."""
    value = roman_value(numeral)
    if value is None or (numeral.islower() and value > MAX_LOWERCASE_ROMAN):
        return None
    if numeral.upper() == "I" and not _PRONOUN_I_OK_RE.match(m.string, m.end()):
        return None
    return value


def _heading_roman(m: re.Match[str]) -> str:
    value = _roman_ok(m, m.group(3))
    return m.group(0) if value is None else f"{m.group(1)}{m.group(2)}{cardinal(value)}"


def _regnal(m: re.Match[str]) -> str:
    value = _roman_ok(m, m.group(3))
    return m.group(0) if value is None else f"{m.group(1)}{m.group(2)}the {ordinal(value)}"


# --- numbers in context -------------------------------------------------------------------------

_INT = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_NO_WORD_BEFORE = r"(?<![\w.,])"
_SCALE = r"(?:\s+(thousand|million|billion|trillion))?"
_CURRENCIES = {
    "£": ("pound", "pounds", "penny", "pence"), "$": ("dollar", "dollars", "cent", "cents"),
    "€": ("euro", "euros", "cent", "cents"), "¥": ("yen", "yen", "sen", "sen"),
}
_CURRENCY_RE = re.compile(rf"([£$€¥])\s?({_INT})(?:\.(\d+))?{_SCALE}(?![\w,]\d)(?!\w)")
_TIME_RE = re.compile(r"(?<![\w:.])([01]?\d|2[0-3]):([0-5]\d)(?![\w:]|\.\d)(\s*[ap]\.?\s?m\.?(?!\w))?", re.IGNORECASE)
_CLOCK_RE = re.compile(r"(?<![\w:.,])(1[0-2]|0?[1-9])\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
_DECADE_RE = re.compile(r"(?<![\w.,'’])(1\d|20)(\d0)['’]?s\b")
_ORDINAL_RE = re.compile(rf"{_NO_WORD_BEFORE}({_INT})(st|nd|rd|th)\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<![\w.,$£€¥])(1[1-9]\d\d|20\d\d)(?![\w]|,\d|\.\d)")
_PERCENT_RE = re.compile(rf"{_NO_WORD_BEFORE}({_INT}(?:\.\d+)?|(?<![\w.])\.\d+)\s?%")
_NUMBER_RE = re.compile(rf"{_NO_WORD_BEFORE}({_INT})(?:\.(\d+))?(?![\w]|[.,]\d)")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_YEAR_BEFORE_RE = re.compile(
    rf"(?:\b(?:in|since|until|till|by|from|of|year|circa|c\.|ca\.|around|before|after|during|early|late|mid|"
    rf"summer|winter|spring|autumn|Christmas|Easter|born|died|Anno|AD|A\.D\.|copyright)|\b(?:{_MONTHS})(?:\s+\d{{1,2}}"
    rf"(?:st|nd|rd|th)?)?|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})|\b(?:1[1-9]|20)\d\d\s*(?:and|or|to|"
    rf"through|-|–))[\s,-]*$",
    re.IGNORECASE,
)
_YEAR_AFTER_RE = re.compile(r"\s*(?:A\.?D\b|B\.?C\.?E?\b|C\.?E\b|(?:[-–]|to\b)\s*(?:1[1-9])?\d\d\b)")
_YEAR_BRACKETED_RE = re.compile(r"\(\s*$")


def _amount(whole: str, fraction: str | None) -> str:
    return decimal(whole, fraction) if fraction else _integer(whole)


def _integer(raw: str) -> str:
    """'042' -> digits; '1,200' and '42' -> cardinal words."""
    if len(raw) > 1 and raw.startswith("0"):
        return digits(raw)
    return cardinal(int(raw.replace(",", "")))


def _currency(m: re.Match[str]) -> str:
    one, many, sub_one, sub_many = _CURRENCIES[m.group(1)]
    whole, fraction, scale = m.group(2), m.group(3), m.group(4)
    amount = int(whole.replace(",", ""))
    if scale or (fraction and len(fraction) != 2):
        return f"{_amount(whole, fraction)}{' ' + scale if scale else ''} {many}"
    words = f"{_integer(whole)} {one if amount == 1 else many}"
    if not fraction:
        return words
    cents = int(fraction)
    cent_words = f"{cardinal(cents)} {sub_one if cents == 1 else sub_many}"
    if amount == 0:
        return cent_words
    return words if cents == 0 else f"{words} {cent_words}"


def _time(m: re.Match[str]) -> str:
    hour, minute, suffix = int(m.group(1)), int(m.group(2)), m.group(3)
    said = cardinal(hour)
    if minute == 0:
        said += "" if suffix or hour > 12 or hour == 0 else " o'clock"
        if hour > 12 or hour == 0:
            said += " hundred"
    else:
        said += f" oh {cardinal(minute)}" if minute < 10 else f" {cardinal(minute)}"
    return said + (f" {_meridiem(suffix)}" if suffix else "")


def _meridiem(suffix: str) -> str:
    letter = suffix.strip()[0].lower()
    return f"{letter}.m."  # eSpeak NG reads 'p.m.' as two letters, without a sentence break


def _clock(m: re.Match[str]) -> str:
    return f"{cardinal(int(m.group(1)))} {_meridiem(m.group(2))}"


def _decade(m: re.Match[str]) -> str:
    return plural(year(int(m.group(1) + m.group(2))))


def _ordinal(m: re.Match[str]) -> str:
    return ordinal(int(m.group(1).replace(",", "")))


def _year(m: re.Match[str]) -> str:
    before = m.string[max(0, m.start() - 40): m.start()]
    bracketed = bool(_YEAR_BRACKETED_RE.search(before)) and m.string[m.end():m.end() + 1] == ")"
    if bracketed or _YEAR_BEFORE_RE.search(before) or _YEAR_AFTER_RE.match(m.string, m.end()):
        return year(int(m.group(1)))
    return m.group(0)


def _percent(m: re.Match[str]) -> str:
    whole, _, fraction = m.group(1).partition(".")
    if not whole:
        return f"point {digits(fraction)} percent"
    return f"{_amount(whole, fraction or None)} percent"


def _number(m: re.Match[str]) -> str:
    return _amount(m.group(1), m.group(2))


def _lone_roman(m: re.Match[str]) -> str:
    value = roman_value(m.group(1))
    return m.group(0) if value is None else cardinal(value) + m.group(2)


# --- symbols, old money, measures ---------------------------------------------------------------

_NUM = r"\d+(?:\.\d+)?"
_OLD_POUNDS_RE = re.compile(r"(?<![\w£$])L(?=(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d\d)?(?![\w,]\d)(?!\w))")
_SHILLINGS_RE = re.compile(r"(?<![\w.,])(\d+)s\.(?=\s|$|[,;:)!?\"'])")
_PENCE_RE = re.compile(r"(?<![\w.,])(\d+)d\.(?=\s|$|[,;:)!?\"'])")
_TEMPERATURE_RE = re.compile(rf"(?<![\w.])(-?{_NUM})\s?°\s?([CF])\b")
_ANGLE_RE = re.compile(rf"(?<![\w.])({_NUM})\s?°(?:\s?({_NUM})\s?[′'](?:\s?({_NUM})\s?[″\"])?)?")
_FEET_RE = re.compile(rf"(?<![\w.])({_NUM})\s?′(?:\s?({_NUM})\s?″)?")
_INCHES_RE = re.compile(rf"(?<![\w.])({_NUM})\s?″")
_WEIGHT_RE = re.compile(rf"(?<![\w.])(?:({_INT}(?:\.\d+)?)\s?℔|℔\s?({_INT}(?:\.\d+)?))")
_FRACTION_RE = re.compile(r"(?<![\w.])(?:(\d+)\s)?(\d+)\u2044(\d+)(?!\d)")
_LEADING_POINT_RE = re.compile(r"(?<![\w.,])\.(\d+)(?![\w]|[.,]\d)")
_LEFTOVER_SYMBOLS = (("°", " degrees "), ("℔", " pounds "), ("′", ""), ("″", ""), ("\u2044", " over "))


def _unit(value: str, one: str, many: str) -> str:
    number = _amount(*value.partition(".")[::2]) if "." in value else _integer(value)
    return f"{number} {one if value == '1' else many}"


def _shillings(m: re.Match[str]) -> str:
    return _unit(m.group(1), "shilling", "shillings") + ("." if _ends_sentence(m) else "")


def _pence(m: re.Match[str]) -> str:
    return _unit(m.group(1), "penny", "pence") + ("." if _ends_sentence(m) else "")


def _temperature(m: re.Match[str]) -> str:
    number = m.group(1)
    sign = "minus " if number.startswith("-") else ""
    scale = "Celsius" if m.group(2) == "C" else "Fahrenheit"
    return f"{sign}{_unit(number.lstrip('-'), 'degree', 'degrees')} {scale}"


def _angle(m: re.Match[str]) -> str:
    parts = [_unit(m.group(1), "degree", "degrees")]
    if m.group(2):
        parts.append(_unit(m.group(2), "minute", "minutes"))
    if m.group(3):
        parts.append(_unit(m.group(3), "second", "seconds"))
    return " ".join(parts)


def _feet(m: re.Match[str]) -> str:
    said = _unit(m.group(1), "foot", "feet")
    return said + (" " + _unit(m.group(2), "inch", "inches") if m.group(2) else "")


def _inches(m: re.Match[str]) -> str:
    return _unit(m.group(1), "inch", "inches")


def _weight(m: re.Match[str]) -> str:
    return _unit((m.group(1) or m.group(2)).replace(",", ""), "pound", "pounds")


def _fraction(m: re.Match[str]) -> str:
    numerator, denominator = int(m.group(2)), int(m.group(3))
    if denominator == 0:
        return m.group(0)
    said = fraction(numerator, denominator) if denominator > 1 else cardinal(numerator)
    return f"{_integer(m.group(1))} and {said}" if m.group(1) else said


def _leading_point(m: re.Match[str]) -> str:
    return f"point {digits(m.group(1))}"


def _leftover_symbols(text: str) -> str:
    for symbol, said in _LEFTOVER_SYMBOLS:
        if symbol in text:
            text = text.replace(symbol, said)
    return text


# --- what a book prints but nobody reads: note markers; what is read its own way: web addresses --

_URL_RE = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'\u201c\u201d]+?(?=[.,;:!?)\]]*(?:\s|$))", re.IGNORECASE)
_EMAIL_RE = re.compile(r"\b(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_ADDRESS_SEPARATORS = {".": "dot", "/": "slash", "@": "at", "-": "dash", "_": "underscore", ":": "colon",
                       "?": "question mark", "=": "equals", "&": "and", "#": "hash", "~": "tilde", "+": "plus",
                       "%": "percent"}
_ADDRESS_SPLIT_RE = re.compile(r"([./@\-_:?=&#~+%])")
_PLACEHOLDER = 0xE000  # private-use characters stand in for addresses while the rules run
_NOTE_MARK_RE = re.compile(r"(?<=[\w.,;:!?\"')\]\u00bb])(?:[*\u2020\u2021]+|[\u00b9\u00b2\u00b3\u2070-\u2079]+)")
_LEADING_MARK_RE = re.compile(r"^[*\u2020\u2021]+\s+(?=\w)")
_AMPERSAND_RE = re.compile(r"\s*&(?!c\.)\s*")
_FRACTION_CHARS_RE = re.compile(r"(\d?)([\u00bc-\u00be\u2150-\u215e])")
_HEADING_NUMBER_RE = re.compile(r"(\d{1,4})\.?")


def speak_address(address: str) -> str:
    """A web or e-mail address as a person reads it: 'http://www.idpf.org/2007/ops' ->
    'w w w dot idpf dot org slash 2007 slash ops'. Digits stay digits (read as written)."""
    address = re.sub(r"^(?:https?|ftp)://|^mailto:", "", address, flags=re.IGNORECASE).rstrip("/")
    out = []
    for part in _ADDRESS_SPLIT_RE.split(address):
        if not part:
            continue
        if part in _ADDRESS_SEPARATORS:
            out.append(_ADDRESS_SEPARATORS[part])
        elif part.lower() == "www":
            out.append("w w w")
        else:
            out.append(part)
    return " ".join(out)


def _protect_addresses(text: str) -> tuple[str, list[str]]:
    """Addresses replaced by placeholders (so no other rule touches them) and their spoken forms."""
    said: list[str] = []
    if "@" not in text and "www" not in text.lower() and "://" not in text:
        return text, said

    def hide(m: re.Match[str]) -> str:
        said.append(speak_address(m.group(0)))
        return chr(_PLACEHOLDER + len(said) - 1)

    return _EMAIL_RE.sub(hide, _URL_RE.sub(hide, text)), said


def _restore_addresses(text: str, said: list[str]) -> str:
    for i, words_said in enumerate(said):
        text = text.replace(chr(_PLACEHOLDER + i), words_said)
    return text


def _note_markers(text: str) -> str:
    """Footnote markers dropped: 'procession.*', 'word†', 'more¹'."""
    if "*" in text or "\u2020" in text or "\u2021" in text or any("\u00b9" <= ch <= "\u2079" for ch in text):
        text = _LEADING_MARK_RE.sub("", _NOTE_MARK_RE.sub("", text))
    return text


def _symbols(text: str) -> str:
    """'&', '©' and fraction characters written out in English."""
    if "&" in text:
        text = _AMPERSAND_RE.sub(" and ", text)
    if "\u00a9" in text:
        text = text.replace("\u00a9", " copyright ")
    if any("\u00bc" <= ch <= "\u00be" or "\u2150" <= ch <= "\u215e" for ch in text):
        text = _FRACTION_CHARS_RE.sub(lambda m: (m.group(1) + " " if m.group(1) else "")
                                      + unicodedata.normalize("NFKC", m.group(2)), text)
    return text


_DIGITS = tuple("0123456789")
_HEADING_KEYS = tuple(w for word in _HEADING_WORDS.replace("\\", "").split("|") for w in (word, word.upper()))


@lru_cache(maxsize=1)
def _steps() -> tuple[_Step, ...]:
    """The rules in the order they must run: abbreviations first (they hold full stops), Roman numerals,
    then the number forms from most to least specific, plain integers last."""
    return (
        *_abbreviation_rules(),
        _Step(_HEADING_ROMAN_RE, _heading_roman, _HEADING_KEYS),
        _Step(_REGNAL_RE, _regnal, _REGNAL_NAMES),
        _Step(_OLD_POUNDS_RE, lambda m: "£", ("L",)),
        _Step(_CURRENCY_RE, _currency, tuple(_CURRENCIES)),
        _Step(_TEMPERATURE_RE, _temperature, ("°",)),
        _Step(_ANGLE_RE, _angle, ("°",)),
        _Step(_FEET_RE, _feet, ("′",)),
        _Step(_INCHES_RE, _inches, ("″",)),
        _Step(_WEIGHT_RE, _weight, ("℔",)),
        _Step(_FRACTION_RE, _fraction, ("\u2044",)),
        _Step(_TIME_RE, _time, (":",)),
        _Step(_CLOCK_RE, _clock, _DIGITS),
        _Step(_DECADE_RE, _decade, _DIGITS),
        _Step(_SHILLINGS_RE, _shillings, ("s.",)),
        _Step(_PENCE_RE, _pence, ("d.",)),
        _Step(_YEAR_RE, _year, _DIGITS),
        _Step(_ORDINAL_RE, _ordinal, _DIGITS),
        _Step(_PERCENT_RE, _percent, ("%",)),
        _Step(_NUMBER_RE, _number, _DIGITS),
        _Step(_LEADING_POINT_RE, _leading_point, (".",)),
    )


def normalize_for_speech(text: str) -> str:
    """Numbers, years, money, times, Roman numerals in headings and names, and abbreviations as words.

    ``text`` is one line of plain text (as ``spoken_text`` makes it); rules that would guess are left
    out: a number that is not clearly a year is read as a number, and the pronoun "I" is never a numeral.
    """
    if len(text) <= MAX_LONE_NUMERAL_CHARS:
        text = _LONE_ROMAN_RE.sub(_lone_roman, text)
    for step in _steps():
        text = step.apply(text)
    return _SPACE_RE.sub(" ", _leftover_symbols(text)).strip()


# --- pronunciations and the whole pipeline ------------------------------------------------------


@lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def apply_pronunciations(text: str, pronunciations: Sequence[tuple[str, str]]) -> str:
    """Replace each listed word (whole word, any case) with how it should be said."""
    if not pronunciations:
        return text
    table = {w.casefold(): said for w, said in pronunciations}
    return _pattern(tuple(w for w, _ in pronunciations)).sub(lambda m: table[m.group(0).casefold()], text)


def spoken_text(text: str, pronunciations: Sequence[tuple[str, str]] = (), heading: bool = False,
                language: str | None = None) -> str:
    """The text an engine is given for a segment (or a heading): one line, plain punctuation, pauses as
    commas, numbers and abbreviations as words, and words as the cast file says them.

    Pronunciations apply first, to the words as the book spells them, so an entry such as
    ``{"Dr": "Doctor"}`` or ``{"XIV": "fourteen"}`` overrides the built-in rules. A ``heading`` that is
    only a number ("190") is a chapter number: "Chapter one hundred ninety". The number, symbol and
    address rules are English: for a voice that speaks another ``language`` (a primary tag such as
    "fr") only typography, pauses and note markers are handled, and the engine reads numbers itself.
    """
    english = language in (None, "en")
    text = text.translate(_TRANSLATE)
    text, addresses = _protect_addresses(text) if english else (text, [])
    text = _EMPHASIS_RE.sub(r"\2", text)
    text = _SPACE_RE.sub(" ", text).strip()
    if heading and english and _HEADING_NUMBER_RE.fullmatch(text):
        text = "Chapter " + text.rstrip(".")
    text = apply_pronunciations(text, pronunciations)
    text = _note_markers(text)
    if not english:
        return _SPACE_RE.sub(" ", _pauses(text, english=False)).strip()
    text = _pauses(_symbols(text))
    return _restore_addresses(normalize_for_speech(text), addresses)


def is_speakable(text: str) -> bool:
    """False for text no engine can say (only punctuation, symbols, emoji): it becomes a pause."""
    return bool(_SPEAKABLE_RE.search(text))
