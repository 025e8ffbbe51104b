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


def is_speech(text: str, q: QuoteSpan, para_start: int, para_end: int) -> bool:
    """False for a few quoted words set inside a narration sentence (a title, a word, a sign)."""
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
