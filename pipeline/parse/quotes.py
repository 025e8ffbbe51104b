"""Find quoted speech in a paragraph: which characters are quote marks and which spans they enclose.

Two conventions are told apart per book: double quotes (straight ``"`` or curly) with single quotes
nested inside, and British single quotes (``'``/curly) with double quotes nested inside. In the
single-quote convention, apostrophes and elisions (``don't``, ``'em``, ``o'clock``, ``dancin'``,
``girls'``) are not quote marks. Each mark is classified by its glyph and its neighbours as an
opener, a closer or ambiguous; a scan then pairs them. A quote still open at the end of a paragraph
ends there (a multi-paragraph speech, or an unbalanced quote recovered without swallowing the
rest of the chapter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..spans import strip_span

QuoteStyle = Literal["double", "single", "dash"]

DOUBLE_MARKS = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb')
SINGLE_MARKS = frozenset("'\u2018\u2019\u201a\u201b")
QUOTE_CHARS = DOUBLE_MARKS | SINGLE_MARKS

_DOUBLE_RE = re.compile('["\u201c\u201d\u201e\u201f\u00ab\u00bb]')
_SINGLE_RE = re.compile("['\u2018\u2019\u201a\u201b]")
_SINGLE_OPEN_RE = re.compile(r"(?:^|(?<=[\s(\[\u2014\u2013]))['\u2018](?=\w)(?P<word>\w*)")
_OPEN_GLYPHS = frozenset("\u201c\u201e\u201f\u00ab\u2018\u201a\u201b")
_CLOSE_GLYPHS = frozenset("\u201d\u00bb\u2019")
# Characters that may come right before an opening mark / right after a closing one.
_OPEN_BEFORE = frozenset("([{\u2014\u2013-\u201c\u2018_*")
_CLOSE_AFTER = frozenset(",.;:!?)]}\u2014\u2013-\u2026_*'\"\u2019\u201d")
_STRONG_CLOSE_BEFORE = frozenset(".,!?;:\u2014\u2013-\u2026)_*")
# Words an elision apostrophe starts: 'em, 'tis, 'twas, 'cause, 'bout, 'n', 'round ...
_ELISION_WORDS = "em tis twas twere twill twould cause cos bout til till n round nough neath gainst mongst ee"
ELISIONS = frozenset(
    (*_ELISION_WORDS.split(" "), "im", "ave", "ere", "ow", "e", "ad", "appen", "alf", "ome", "ello", "er")
)

OPEN, CLOSE, AMBIG, NONE = 1, 2, 3, 0


@dataclass(frozen=True)
class QuoteSpan:
    """One quoted span inside a paragraph.

    ``start``/``end`` bound the words between the marks (trimmed of space); ``open_mark`` is the
    offset of the opening mark (or of the paragraph start for a continuation without one) and
    ``close_mark`` the offset just past the closing mark (or the paragraph end when unclosed).
    ``continued`` is True when the span carries on a speech left open in the previous paragraph.
    """

    start: int
    end: int
    open_mark: int
    close_mark: int
    closed: bool
    continued: bool


def detect_style(text: str) -> QuoteStyle:
    """Which convention marks speech in ``text``: 'double' unless single openers clearly dominate,
    or 'dash' where speeches open paragraphs with a dash and quote marks are rare (Joyce)."""
    doubles = len(_DOUBLE_RE.findall(text))
    dashes = len(_DASH_OPEN_RE.findall(text))
    if dashes >= 5 and doubles < dashes:
        return "dash"
    # speech opens paragraphs: where enough do, their marks decide (a British book may quote a letter
    # full of nested double quotes, which outnumber its own single ones)
    para_singles = sum(1 for m in _PARA_SINGLE_RE.finditer(text) if m.group("word").lower() not in ELISIONS)
    para_doubles = len(_PARA_DOUBLE_RE.findall(text))
    if para_singles + para_doubles >= 5:
        return "single" if para_singles > 2 * para_doubles else "double"
    singles = sum(1 for m in _SINGLE_OPEN_RE.finditer(text) if m.group("word").lower() not in ELISIONS)
    return "single" if singles > 2 * doubles + 4 else "double"


_PARA_START = r"(?:^|\n[ \t]*\n)[ \t]*"
_PARA_SINGLE_RE = re.compile(_PARA_START + r"['\u2018](?=\w)(?P<word>\w*)")
_PARA_DOUBLE_RE = re.compile(_PARA_START + '["\u201c\u201e\u00ab](?=[\\w\'\u2018])')


_DASH_OPEN_RE = re.compile(r"(?:^|\n)[ \t]*(?:\u2014|--)(?=[ \t]*[\w\"'\u2018\u201c])")
_DASH_TAG_VERBS = (
    "said|says|asked|asks|cried|cries|answered|replied|added|began|called|shouted|whispered|murmured|"
    "went on|repeated|exclaimed|continued"
)
_DASH_TAG_RE = re.compile(
    r"(?P<punct>[,.!?;:]?)\s+(?:(?:he|she|I|they|we|[A-Z][\w'\u2019]+(?:\s+[A-Z][\w'\u2019]+)?)\s+"
    rf"(?:{_DASH_TAG_VERBS})|(?:{_DASH_TAG_VERBS})\s+(?:he|she|I|[A-Z][\w'\u2019]+))\b"
)
_SENTENCE_END_RE = re.compile(r"[.!?:](?=\s|$)")


def find_dash_quotes(text: str, lo: int, hi: int) -> list[QuoteSpan]:
    """Speech in the dash convention: a paragraph opening with a dash ('—Back to barracks! he said
    sternly. Come on.') is speech up to a speech tag, and again after the tag's sentence. The dash
    is part of the spoken span (it is no quote mark), so every character still lies in a segment."""
    a, b = strip_span(text, lo, hi)
    if not (text.startswith("\u2014", a) or text.startswith("--", a)):
        return []
    spans: list[QuoteSpan] = []
    m = _DASH_TAG_RE.search(text, a, b)
    if m is None:
        return [QuoteSpan(a, b, a, b, False, False)]
    end = m.start() + len(m.group("punct"))
    spans.append(QuoteSpan(a, end, a, end, True, False))
    stop = _SENTENCE_END_RE.search(text, m.end(), b)
    if stop is not None:
        ra, rb = strip_span(text, stop.end(), b)
        if ra < rb:
            spans.append(QuoteSpan(ra, rb, ra, rb, False, False))
    return spans


def _elision_at(text: str, i: int, hi: int) -> bool:
    """Whether the word at ``text[i]`` is one an elision apostrophe starts ('tis, 'em)."""
    word = re.match(r"\w*", text[i : min(hi, i + 12)])
    if word is None or word.group(0) in ("Till", "Round"):
        return False  # ('\u2018Till I have a letter from Colonel Campbell,\u2019 said she': the word itself)
    return word.group(0).lower() in ELISIONS


def _shape(text: str, i: int, lo: int, hi: int, style: QuoteStyle) -> int:
    """Classify the mark at ``text[i]`` as OPEN, CLOSE, AMBIG or NONE (an apostrophe)."""
    ch = text[i]
    p = text[i - 1] if i > lo else ""
    n = text[i + 1] if i + 1 < hi else ""
    open_ctx = p == "" or p.isspace() or p in _OPEN_BEFORE
    close_ctx = n == "" or n.isspace() or n in _CLOSE_AFTER
    if style == "single":
        if p.isalnum() and n.isalnum():
            return NONE  # don't, o'clock, O'Brien
        # a mark after a space (or a paragraph's start) before emphasis, a dash or an elided word opens:
        # '\u2018_You_ are dancing with ...', '\u2018--yes, that's about the right distance', '\u2018\u2019Tis an
        # etiquette I despise,\u2019 said he' (a closer follows the speech's last letter or stop)
        after_space = p == "" or p.isspace() or p in "([{\u201c"
        if n and (after_space or p in "\u2014\u2013") and n in "_*":
            return OPEN
        if n and after_space and (n in "-\u2014\u2013\u2026" or (n in "'\u2019" and _elision_at(text, i + 2, hi))):
            return OPEN
        if open_ctx and not close_ctx:
            if n.isdigit() or _elision_at(text, i + 1, hi):
                return NONE
            return OPEN
        if close_ctx and not open_ctx:
            return CLOSE if p in _STRONG_CLOSE_BEFORE or not p.isalpha() else AMBIG
        if close_ctx and (n == "" or n.isspace()) and ch != "\u2018":
            return CLOSE  # '... calling her—’' at a line's end: after a dash, nothing left to open
        return NONE
    if ch in _OPEN_GLYPHS:
        return CLOSE if (close_ctx and not open_ctx) else OPEN
    if ch in _CLOSE_GLYPHS:
        return OPEN if (open_ctx and not close_ctx and n.isalnum()) else CLOSE
    if open_ctx and not close_ctx:
        return OPEN
    if close_ctx and not open_ctx:
        return CLOSE
    return AMBIG


def _marks(text: str, lo: int, hi: int, style: QuoteStyle) -> list[tuple[int, int]]:
    """(offset, shape) of every quote mark of the style's outer kind in ``text[lo:hi]``."""
    pattern = _DOUBLE_RE if style == "double" else _SINGLE_RE
    out = []
    for m in pattern.finditer(text, lo, hi):
        shape = _shape(text, m.start(), lo, hi, style)
        if shape != NONE:
            out.append((m.start(), shape))
    if style == "single":
        out = _resolve_single_ambiguity(out)
    return out


def _resolve_single_ambiguity(marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """In single-quote text, a letter+apostrophe (``dancin'``, ``girls'``) closes a quote only when
    no clear closer follows before the next opener; otherwise it is an apostrophe."""
    out: list[tuple[int, int]] = []
    for k, (pos, shape) in enumerate(marks):
        if shape == AMBIG:
            later_close = False
            for _, other in marks[k + 1 :]:
                if other == OPEN:
                    break
                if other == CLOSE:
                    later_close = True
                    break
            if later_close:
                continue
            shape = CLOSE
        out.append((pos, shape))
    return out


def find_quotes(
    text: str, lo: int, hi: int, style: QuoteStyle = "double", carry_open: bool = False
) -> tuple[list[QuoteSpan], bool]:
    """Quoted spans in the paragraph ``text[lo:hi]``, and whether a quote is left open at its end.

    ``carry_open`` says the previous paragraph ended inside a quote: then a paragraph that opens
    with a quote mark continues that speech, and one whose first mark is a closer (a hard-wrapped
    line split from its quote) continues it from the paragraph start.
    """
    if style == "dash":
        return find_dash_quotes(text, lo, hi), False
    marks = _marks(text, lo, hi, style)
    spans: list[QuoteSpan] = []
    inside = False
    open_at = lo
    continued = False
    first = True
    depth = 0  # quotes of the outer kind nested inside the open one (‘... say ‘good-by,’ than ...’)
    for k, (pos, shape) in enumerate(marks):
        if first and carry_open:
            first_word = strip_span(text, lo, pos)
            if shape == CLOSE or (shape == AMBIG and first_word[0] != first_word[1]):
                inside, open_at, continued = True, lo - 1, True
            elif first_word[0] == first_word[1] and shape in (OPEN, AMBIG):
                continued = True
        first = False
        if not inside:
            if shape in (OPEN, AMBIG):
                inside, open_at = True, pos
            continue
        if shape == OPEN and _nests(marks, k, depth):
            depth += 1
            continue
        if shape != OPEN and depth:
            depth -= 1
            continue
        if shape == OPEN:  # an opener inside an open quote: the previous one was never closed
            _append(spans, text, open_at, pos, False, continued)
            continued = False
            open_at = pos
            continue
        _append(spans, text, open_at, pos + 1, True, continued)
        continued = False
        inside = False
    if inside:
        _append(spans, text, open_at, hi, False, continued)
    return spans, inside


def _nests(marks: list[tuple[int, int]], k: int, depth: int) -> bool:
    """Whether the opener ``marks[k]``, met inside an open quote (``depth`` nested ones open too),
    starts a quote nested in it: the paragraph's later marks close it and every quote around it, so
    the outer speech goes on after it. Otherwise the open quote was never closed (a typesetting slip,
    or a speech running into the next paragraph) and this opener starts a new one."""
    closes_left = sum(-1 if shape == OPEN else 1 for _, shape in marks[k + 1 :])  # closers not taken by openers
    return closes_left >= depth + 2


def _append(spans: list[QuoteSpan], text: str, open_at: int, close_at: int, closed: bool, cont: bool) -> None:
    inner_start = open_at + 1
    inner_end = close_at - 1 if closed else close_at
    a, b = strip_span(text, inner_start, inner_end)
    if a < b:
        spans.append(QuoteSpan(a, b, max(open_at, inner_start - 1), close_at, closed, cont))
    else:  # an empty quote: nothing to speak, the marks stay outside all segments
        spans.append(QuoteSpan(a, a, max(open_at, inner_start - 1), close_at, closed, cont))
