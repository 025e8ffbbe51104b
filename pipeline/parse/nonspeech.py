"""Quoted text that is not speech: titles, words talked about, scare quotes, signs.

``the word "honour" meant nothing``, ``a novel called "Evelina"``, ``his "friends" had left``: a
few words in quote marks in the middle of a narration sentence, with no speech verb, colon or
comma leading into them and no sentence punctuation of their own. Such a span stays narration
(the narrator reads it) instead of becoming a line in some character's voice. Speech rarely looks
like that: it opens a paragraph or follows a tag ('said she,', 'she cried:'), and it carries its
own punctuation ('"Yes," ...').
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..speech.spoken_numbers import words
from .quotes import QuoteSpan

MAX_WORDS = 4  # a longer quoted span is taken for speech
_WORD_RE = re.compile(r"[^\W\d_][\w'\u2019-]*")
# the narration right before the quote: ends in an ordinary word (not a tag's verb, ':' or ',')
_BEFORE_RE = re.compile(r"(?P<word>[A-Za-z]+)\s*$")
# a speech verb or a word that introduces speech right before the quote keeps it speech
_INTRO_WORDS = frozenset((
    "said", "says", "say", "saying", "cried", "cry", "crying", "asked", "ask", "asking", "answered", "answer",
    "replied", "reply", "shouted", "shout", "whispered", "whisper", "muttered", "exclaimed",
    "added", "began", "continued", "repeated", "murmured", "screamed", "yelled", "sang", "sing",
    "thought", "think", "went", "go", "goes", "like", "then", "and", "but", "or", "with", "of", "to",
))
# words named as words, or a label, right before the quote (and the next ones of such a list); the
# comma or full stop inside them is the typesetter's, not speech's
_NAMED_BEFORE_RE = re.compile(
    r"\b(?:the\s+words?|labell?ed|marked|inscribed|the\s+inscription|the\s+label|the\s+motto|entitled"
    r"|(?:author|authoress|writer)\s+of)\s*"  # ('By the Author of "Sense and Sensibility."': a title)
    r"(?:[\"'\u201c\u2018][^\"\u201c\u201d]{1,40}[\"'\u201d\u2019]\s*,?\s*(?:and\s+|or\s+)?)*$",
    re.IGNORECASE,
)
# after the quote, narration goes on: a lowercase word, or ordinary punctuation and then lowercase
_AFTER_RE = re.compile(r"\s*(?:[,;:)]\s*)?[a-z]")


# a citation after a quoted extract: '"Very like a whale." --HAMLET.', '--SIR T. BROWNE. OF SPERMA CETI.'
_CITE_DASH_RE = re.compile(r"[ \t]*\n?[ \t]*(?:--|\u2014)[ \t]*(?=[A-Z])")
_CITE_AFTER_CLOSE_RE = re.compile(r"[\"\u201d][ \t]*\n?[ \t]*(?P<dash>--|\u2014)[ \t]*(?=[A-Z])")
_CITE_WORD_RE = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_CITE_SMALL = frozenset(words("of the and to in a an by on from for his her de von"))


def _source_words(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` reads as a cited source: a few words, each capitalised or a small one."""
    found = _CITE_WORD_RE.findall(text, a, b)
    return bool(found) and len(found) <= 24 and all(w[0].isupper() or w.lower() in _CITE_SMALL for w in found)


def _source_at_end(text: str, start: int, end: int, nxt: tuple[int, int] | None) -> int:
    """Where the dash of a source citation ending the paragraph ``text[start:end]`` stands ('... foam."
    --TOOKE'S LUCIAN.'), or of one that is the whole next paragraph ``nxt`` ('--SCORESBY.'); -1 if none.
    The paragraph must open with a quote mark and the dash follow a closing one."""
    if text[start:end].lstrip()[:1] not in "\"\u201c":
        return -1
    for cite in _CITE_AFTER_CLOSE_RE.finditer(text, start, end):
        if _source_words(text, cite.end(), end):
            return cite.start("dash")
    if nxt is not None and text[start:end].rstrip()[-1:] in "\"\u201d":
        m = _CITE_DASH_RE.match(text, *nxt)
        if m is not None and _source_words(text, m.end(), nxt[1]):
            return nxt[0]
    return -1


def cited(
    text: str, q: QuoteSpan, para_start: int, para_end: int, following: Sequence[tuple[int, int]] = ()
) -> bool:
    """Whether a quote is part of an extract whose source a dash cites ('"And God created great whales."
    --GENESIS.'): the source ending its paragraph or the paragraph after it, the extract running over
    several of ``following`` (the next paragraphs' spans: '"The quantity of line withdrawn ... / "Sometimes
    the whale shakes its tremendous tail ..." / --SCORESBY.'), or a title quoted inside the source
    ('--TOOKE'S LUCIAN. "THE TRUE HISTORY."')."""
    dash = _source_at_end(text, para_start, para_end, following[0] if following else None)
    if dash >= 0:
        return q.open_mark < dash or dash >= para_end or _source_words(text, dash + 1, q.open_mark)
    if q.closed and not q.continued:
        return False
    for i, (start, end) in enumerate(following):  # its later paragraphs open with a quote mark again
        if text[start : start + 1] not in "\"\u201c":
            return False
        if _source_at_end(text, start, end, following[i + 1] if i + 1 < len(following) else None) >= 0:
            return True
    return False


def is_speech(
    text: str, q: QuoteSpan, para_start: int, para_end: int, following: Sequence[tuple[int, int]] = ()
) -> bool:
    """False for a few quoted words set inside a narration sentence (a title, a word, a sign), and for
    an extract a dash cites the source of (an epigraph: the narrator reads it; ``following``: the spans of
    the paragraphs after this one, where the extract may go on and its source stand)."""
    if cited(text, q, para_start, para_end, following):
        return False
    if q.continued or not q.closed:
        return True
    inner = text[q.start : q.end]
    words = _WORD_RE.findall(inner)
    if not words or len(words) > MAX_WORDS:
        return True
    if _NAMED_BEFORE_RE.search(text, max(para_start, q.open_mark - 160), q.open_mark):
        return False  # 'with the words "DRINK ME,"', 'the words "apology," "Hunsford," and "..."'
    if any(ch in inner for ch in ".!?,;:\u2026\u2014"):
        return True  # its own punctuation: said, not named
    before = text[max(para_start, q.open_mark - 30) : q.open_mark]
    m = _BEFORE_RE.search(before)
    if m is None or m.group("word").lower() in _INTRO_WORDS:
        return True  # opens the paragraph or follows a tag, a colon, a comma
    return _AFTER_RE.match(text, q.close_mark, para_end) is None
