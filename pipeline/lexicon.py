"""Text as it will be spoken: whitespace and typography normalised, pronunciations applied.

The spoken text is part of each clip's cache key, so a pronunciation entry changes exactly the
segments that contain the word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_SPACE_RE = re.compile(r"\s+")
_EMPHASIS_RE = re.compile(r"(?<![\w*_])([_*]{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*_])", re.DOTALL)
_SPEAKABLE_RE = re.compile(r"[^\W_]")
_TRANSLATE = str.maketrans({
    "\u2026": "...", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2014": " - ",
    "\u2013": " - ", "\u00a0": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
})


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


def spoken_text(text: str, pronunciations: Sequence[tuple[str, str]] = ()) -> str:
    """The text an engine is given for a segment: one line, plain punctuation, words as cast."""
    text = text.translate(_TRANSLATE)
    text = _EMPHASIS_RE.sub(r"\2", text)
    text = _SPACE_RE.sub(" ", text).strip()
    return apply_pronunciations(text, pronunciations)


def is_speakable(text: str) -> bool:
    """False for text no engine can say (only punctuation, symbols, emoji): it becomes a pause."""
    return bool(_SPEAKABLE_RE.search(text))
