"""Text for speech: typography and hard wraps normalised, pronunciations applied to whole words."""

from __future__ import annotations

from pipeline.speech.lexicon import apply_pronunciations, is_speakable, spoken_text


def test_hard_wraps_emphasis_and_typography() -> None:
    # ellipses and dashes become commas: Piper drops "..." and dashes without any pause
    assert spoken_text("So _very_\nremarkable\u2026 said *he*.") == "So very remarkable, said he."
    assert spoken_text("\u201cHi,\u201d she said\u2014twice.") == '"Hi," she said, twice.'


def test_pronunciation_replaces_whole_words_in_any_case_only() -> None:
    table = (("Sasuke", "Sahskeh"), ("Kami", "Kahmee"))
    assert apply_pronunciations("Sasuke! sasuke, Sasukes Kami-sama Kami.", table) == \
        "Sahskeh! Sahskeh, Sasukes Kami-sama Kahmee."


def test_pronunciations_in_spoken_text_apply_before_the_built_in_rules() -> None:
    table = (("Sasuke", "Sahskeh"), ("XIV", "the fourteenth"))
    assert spoken_text("Sasuke met Louis XIV.", table) == "Sahskeh met Louis the fourteenth."
    assert spoken_text("Naruto met Louis XIV.", table) == "Naruto met Louis the fourteenth."
    assert spoken_text("Chapter 3", table) == spoken_text("Chapter 3") == "Chapter three"


def test_unspeakable_text_is_detected() -> None:
    assert not is_speakable("* * *")
    assert not is_speakable("\U0001f642 !!!")
    assert is_speakable("A")
    assert is_speakable("42")
