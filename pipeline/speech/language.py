"""The language a book is written in, and voices that speak it.

An EPUB says its language (``dc:language``); a plain-text story does not, so its language is
detected with ``langdetect`` (a port of Google's language-detection: 55 languages, profiles shipped
in the wheel, no model download, pure Python; seeded so a book always gets the same answer), or
given with ``--lang``. Without a cast file the narrator and the voice pools are chosen for the
book's language: Piper Joe for English, the bundled Kokoro voices with Japanese phonemes for
Japanese, and eSpeak NG (100+ languages) for the rest. A cast whose voices speak another language
gets one warning naming them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from ..engines import Voice
from .spoken_numbers import words

DETECT_SAMPLE_CHARS = 20_000  # enough text to be sure, little enough to stay fast on a novel
MIN_LETTERS = 200  # below this, detection is a guess: the language stays unknown
MIN_PROBABILITY = 0.9  # a less certain answer leaves the language unknown (English defaults)
_TAG_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
# eSpeak NG names some languages differently from BCP 47
_ESPEAK_ALIASES = {"zh": "cmn", "no": "nb", "fr": "fr-fr", "fil": "tl", "iw": "he", "in": "id"}
_KOKORO_LANGS = {"ja": "ja"}  # the bundled Kokoro voices are Japanese: they speak it natively
_PIPER_PREFIX_RE = re.compile(r"^([a-z]{2,3})_[A-Z]{2}\b")
# the commonest English words: a third or more of any English prose, next to none of other languages';
# a text this clearly English skips langdetect, whose 55 profiles take over a second to load
_ENGLISH_WORDS = frozenset(words(
    "the and of to a in he she it was that i you his her with as had for at on but not be is my they him "
    "said have all from so this by were me we what there"
))
_WORD_RE = re.compile(r"[^\W\d_]+")
ENGLISH_SHARE = 0.3


def primary(tag: str | None) -> str | None:
    """'en-GB' -> 'en', 'zh_TW' -> 'zh'; None for a missing or malformed tag."""
    if not tag or not _TAG_RE.match(tag.strip()):
        return None
    return tag.strip().replace("_", "-").split("-")[0].lower()


def normalize_tag(tag: str) -> str | None:
    """A language tag as given (dc:language, --lang) tidied to BCP 47 case: 'EN_us' -> 'en-US'; None if malformed."""
    tag = tag.strip().replace("_", "-")
    if not _TAG_RE.match(tag):
        return None
    head, *rest = tag.split("-")
    return "-".join([head.lower(), *(p.upper() if len(p) == 2 else p.lower() for p in rest)])


def detect_language(text: str) -> str | None:
    """The language of a text as a primary tag ('en', 'fr', 'ja', 'zh'), or None when there is too little
    text to tell. Deterministic: the detector is seeded."""
    sample = text[:DETECT_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    tokens = _WORD_RE.findall(sample.lower())
    if tokens and sum(t in _ENGLISH_WORDS for t in tokens) >= ENGLISH_SHARE * len(tokens):
        return "en"
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        best = detect_langs(sample)[0]
    except (LangDetectException, IndexError):
        return None
    return primary(best.lang) if best.prob >= MIN_PROBABILITY else None


@cache
def _espeak_languages() -> tuple[str, ...]:
    from ..engines.espeak import _library

    return tuple(name for name, _, _ in _library().languages if name)


def espeak_language(tag: str) -> str | None:
    """The eSpeak NG language that speaks ``tag`` ('fr' -> 'fr-fr', 'pt-BR' -> 'pt-br', 'he' -> 'he'), or None."""
    known = _espeak_languages()
    lowered = tag.lower().replace("_", "-")
    if lowered in known:
        return lowered
    head = primary(tag)
    if head is None:
        return None
    for candidate in (_ESPEAK_ALIASES.get(head), head):
        if candidate and candidate in known:
            return candidate
    return next((name for name in sorted(known) if name.startswith(head + "-")), None)


def voices_for_language(tag: str | None) -> tuple[str, dict[str, tuple[str, ...]], dict[str, str]] | None:
    """The default narrator, voice pools and shared settings for a book in ``tag``; None where the English
    defaults apply (English, an unknown language, or one no engine here speaks)."""
    head = primary(tag)
    if head is None or head == "en":
        return None
    if head in _KOKORO_LANGS:
        pools = {"female": ("kokoro:jf_nezumi", "kokoro:jf_gongitsune", "kokoro:jf_tebukuro"),
                 "male": ("kokoro:jm_kumo",), "unknown": ("kokoro:jf_tebukuro",)}
        return "kokoro:jf_alpha", pools, {"lang": _KOKORO_LANGS[head]}
    espeak = espeak_language(str(tag))
    if espeak is None:
        return None
    pools = {"female": (f"espeak:{espeak}+f3", f"espeak:{espeak}+f4", f"espeak:{espeak}+f2"),
             "male": (f"espeak:{espeak}+m3", f"espeak:{espeak}+m1", f"espeak:{espeak}+m2"),
             "unknown": (f"espeak:{espeak}+m7", f"espeak:{espeak}+f1")}
    return f"espeak:{espeak}", pools, {}


def voice_language(voice: Voice) -> str | None:
    """The primary language a cast voice speaks, where it can be told ('en' for Piper en_US-…, Kokoro's
    ``lang``, eSpeak's language); None when unknown (a Coqui model without ``language``)."""
    if voice.engine == "espeak":
        return primary(voice.id.partition("+")[0])
    if voice.engine == "kokoro":
        from ..engines.kokoro_styles import default_lang

        return primary(str(voice.setting("lang") or default_lang(voice.id)))
    if voice.engine == "piper":
        match = _PIPER_PREFIX_RE.match(voice.id.rpartition("/")[2])
        return match.group(1) if match else None
    language = voice.setting("language")
    return primary(str(language)) if language else None


def language_warning(tag: str | None, voices: Iterable[Voice]) -> str | None:
    """One warning when the book's language is known and some of its voices speak another, else None."""
    head = primary(tag)
    if head is None:
        return None
    wrong = sorted({f"{v.spec} ({lang})" for v in voices if (lang := voice_language(v)) and lang != head})
    if not wrong:
        return None
    hint = voices_for_language(tag)
    suggestion = f" (e.g. {hint[0]})" if hint else ""
    shown = ", ".join(wrong[:6]) + (f" and {len(wrong) - 6} more" if len(wrong) > 6 else "")
    return (f"the book is in {tag!s} but {len(wrong)} voice(s) speak another language: {shown}; cast voices that "
            f"speak it{suggestion}, or give --lang if the book's language is wrong")
