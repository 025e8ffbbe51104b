"""The name of a first-person narrator, where the book gives it.

A first-person book without ``narrator_character`` would otherwise give the narrator's lines to a
separate "Narrator" voice while the same person, addressed or named by others, gets a second voice.
The book names its narrator in the narration ("Call me Ishmael", "my name is Pip", "My name was
Jonathan Harker") or in the dialogue: the name others use when they address the narrator, i.e. the
vocatives in the lines that answer or lead to an "I said" line. ``narrator_names`` returns the most
likely name (a character the index knows, so both voices become one) and the other names the narrator
is called by (they become its aliases), or nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .characters import NOT_NAMES, CharacterIndex
from .quotes import QuoteSpan

_NAME = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
# the narrator names themself in the narration (not inside someone else's quote)
_SELF_NAMED_RE = re.compile(
    rf"\b(?:[Cc]all\s+me|[Mm]y\s+name\s+(?:is|was)|I\s+am\s+called|I\s+was\s+called|[Tt]hey\s+call(?:ed)?\s+me|I,)\s+(?P<name>{_NAME})\b"
)
# an 'I said' tag right by a quote: the line is the narrator's
_I_TAG_RE = re.compile(
    r"[\s,;:\u2014-]*(?:(?:said|says|asked|cried|replied|answered|returned|exclaimed|added)\s+I\b|"
    r"I\s+(?:\w+ly\s+)?(?:said|say|asked|ask|cried|replied|answered|returned|exclaimed|added)\b)"
)
MIN_VOCATIVES = 2  # a name others address the narrator by at least this often
ALIAS_SHARE = 0.3  # another name addressed this share as often as the narrator's is theirs too


def _narration_spans(text: str, lo: int, hi: int, quotes: Sequence[QuoteSpan]) -> list[tuple[int, int]]:
    out, cursor = [], lo
    for q in quotes:
        out.append((cursor, max(cursor, q.open_mark)))
        cursor = max(cursor, q.close_mark)
    out.append((cursor, hi))
    return out


def narrator_names(
    text: str, paragraphs: Sequence[tuple[int, int, Sequence[QuoteSpan]]], index: CharacterIndex,
    vocatives: Sequence[Sequence[str]],
) -> tuple[str, ...]:
    """The first-person narrator's name and the other names others call them by, if the book gives them.

    ``paragraphs``: (start, end, quotes) of every paragraph in order; ``vocatives``: the names
    addressed in each paragraph's quotes (same order). A name the narrator gives themself in the
    narration wins (alone); else the name most often addressed in the paragraph just before or just
    after one whose first quote is tagged 'I said' (at least ``MIN_VOCATIVES`` times), with the other
    names addressed so nearly as often (``ALIAS_SHARE`` of it: Great Expectations' 'Mr. Pip' and
    Herbert's 'Handel' for Pip).
    """
    for lo, hi, quotes in paragraphs:
        for a, b in _narration_spans(text, lo, hi, quotes):
            m = _SELF_NAMED_RE.search(text, a, b)
            if m:
                found = m.group("name")
                name = index.resolve(found) or index.resolve(found.split()[0])
                if name is not None:
                    return (name,)
                if found.split()[0] not in NOT_NAMES:
                    return (found,)  # named once, as the narrator: no other voice to merge with
    votes: Counter[str] = Counter()
    for i, (_lo, hi, quotes) in enumerate(paragraphs):
        if not quotes:
            continue
        q = quotes[0]
        after_end = quotes[1].open_mark if len(quotes) > 1 else hi
        if not _I_TAG_RE.match(text, q.close_mark, after_end):
            continue
        for name in dict.fromkeys(vocatives[i]):
            votes[name] -= 1  # whom the narrator addresses is someone else
        for j in (i - 1, i + 1):  # the line that leads to the narrator's, and the answer to it
            if 0 <= j < len(paragraphs) and paragraphs[j][2]:
                for name in dict.fromkeys(vocatives[j]):
                    votes[name] += 1
    ranked = votes.most_common()
    if not ranked or ranked[0][1] < MIN_VOCATIVES:
        return ()
    top = ranked[0][1]
    return tuple(name for name, n in ranked if n >= MIN_VOCATIVES and n >= ALIAS_SHARE * top)

