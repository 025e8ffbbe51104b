"""Hear what was rendered: offline speech recognition (faster-whisper, Whisper base int8 on the CPU)
checks every clip against its line, flags the ones heard wrong, retakes them, and lists the words
the voices get wrong.

``model`` finds or assembles the Whisper model, ``listen`` transcribes, ``score`` normalises and
computes word error rates, ``store`` keeps results per clip key, ``book`` ties them to a rendered
book. Importing this package is cheap: faster-whisper and jiwer load only when a clip is heard.
"""

from .book import (
    DEFAULT_THRESHOLD,
    LineCheck,
    MisheardWord,
    PronunciationEffect,
    Retake,
    VerifyReport,
    annotate,
    production_for,
    require,
    verify_production,
)
from .score import Score, score, words

__all__ = [
    "DEFAULT_THRESHOLD",
    "LineCheck",
    "MisheardWord",
    "PronunciationEffect",
    "Retake",
    "Score",
    "VerifyReport",
    "annotate",
    "production_for",
    "require",
    "score",
    "verify_production",
    "words",
]
