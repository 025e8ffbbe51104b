"""Every embedded engine speaks, at its declared rate, and rejects unknown names with a suggestion."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.engines import Voice, check_voice, get_engine, voice_from_spec
from pipeline.errors import EngineError

SENTENCE = "The quick brown fox jumps over the lazy dog."


@pytest.mark.parametrize("spec", ["piper:en_US-joe-medium", "kokoro:jf_alpha", "kokoro:jm_kumo", "espeak:en-us+f3"])
def test_engine_produces_speech_at_its_declared_rate(spec: str) -> None:
    voice = voice_from_spec(spec)
    engine = get_engine(voice.engine)
    info = {v.id: v for v in engine.voices()}[voice.id]
    clip = engine.synthesize(SENTENCE, voice)
    assert clip.sample_rate == info.sample_rate
    assert 1.5 < clip.duration < 6.0  # nine words
    rms = float(np.sqrt(np.mean(clip.samples**2)))
    assert rms > 0.01
    assert np.abs(clip.samples).max() <= 1.0


def test_embedded_voices_are_listed_with_gender() -> None:
    listed = {v.spec: v.gender for name in ("piper", "kokoro", "espeak") for v in get_engine(name).voices()}
    assert listed["piper:en_US-joe-medium"] == "male"
    assert listed["kokoro:jf_alpha"] == "female"
    assert listed["kokoro:jm_kumo"] == "male"
    assert listed["espeak:en-us"] == "male"
    assert listed["espeak:en-us+f3"] == "female"


def test_piper_is_a_pure_function_of_text_voice_and_take() -> None:
    engine = get_engine("piper")
    voice = Voice("piper", "en_US-joe-medium")
    a = engine.synthesize(SENTENCE, voice)
    b = engine.synthesize(SENTENCE, voice)
    other_take = engine.synthesize(SENTENCE, voice.with_settings({"take": 1}))
    assert np.array_equal(a.samples, b.samples)
    assert not (len(a.samples) == len(other_take.samples) and np.array_equal(a.samples, other_take.samples))


def test_piper_keeps_its_noise_a_zero_noise_voice_sounds_different() -> None:
    engine = get_engine("piper")
    voice = Voice("piper", "en_US-joe-medium")
    normal = engine.synthesize(SENTENCE, voice).samples
    flat = engine.synthesize(SENTENCE, voice.with_settings({"noise_scale": 0.0, "noise_w": 0.0})).samples
    assert not (len(normal) == len(flat) and np.allclose(normal, flat, atol=1e-3))


def test_cache_token_follows_settings() -> None:
    engine = get_engine("kokoro")
    voice = Voice("kokoro", "jf_alpha")
    assert engine.cache_token(voice) == engine.cache_token(Voice("kokoro", "jf_alpha"))
    assert engine.cache_token(voice) != engine.cache_token(voice.with_settings({"speed": 1.2}))
    assert engine.cache_token(voice) != engine.cache_token(Voice("kokoro", "jf_nezumi"))


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("kokoro:jf_alfa", "did you mean 'jf_alpha'"), ("piper:en_US-joe-meduim", "did you mean 'en_US-joe-medium'"),
     ("espeak:en-uss", "did you mean 'en-us'"), ("pipr:en_US-joe-medium", "did you mean 'piper'")],
)
def test_unknown_names_get_did_you_mean(spec: str, expected: str) -> None:
    with pytest.raises(EngineError, match=expected):
        voice = voice_from_spec(spec)
        get_engine(voice.engine).cache_token(voice)


def test_unknown_setting_is_rejected() -> None:
    with pytest.raises(EngineError, match=r"unknown setting 'sped'.*did you mean 'speed'.*length_scale \(0.1..5\)"):
        check_voice(Voice("piper", "en_US-joe-medium", (("sped", 1.0),)))
    with pytest.raises(EngineError, match=r"setting speed: 9 is outside 0.5..2"):
        voice_from_spec("kokoro:jf_alpha", {"speed": 9})


def test_every_engine_declares_its_settings_with_kinds_and_ranges() -> None:
    from pipeline.engines import engine_names

    for name in engine_names():
        declared = get_engine(name).settings
        assert "take" in {s.name for s in declared}, name
        for setting in declared:
            assert setting.kind in ("number", "name", "path") and setting.help, (name, setting)
            if setting.kind == "number":
                assert setting.low is not None and setting.high is not None and setting.low < setting.high


def test_long_piper_sentences_are_spoken_clause_by_clause() -> None:
    from pipeline.engines.piper import clauses

    words = [[*"ab", " "] for _ in range(150)]
    sentence = [p for w in words for p in w]
    sentence[200] = ","
    pieces = clauses(sentence, limit=240)
    assert len(pieces[0]) == 201  # cut after the comma
    assert all(len(p) <= 240 for p in pieces)
    assert "".join("".join(p) for p in pieces).replace(" ", "") == "".join(sentence).replace(" ", "")
    assert clauses(sentence[:100]) == [sentence[:100]]
    long_text = ", ".join(["the quick brown fox jumps over the lazy dog"] * 12) + "."
    clip = get_engine("piper").synthesize(long_text, Voice("piper", "en_US-joe-medium"))
    assert 20 < clip.duration < 60
