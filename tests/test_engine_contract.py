"""One contract, every engine: bundled voices, a user's Piper voice and Kokoro voices file built here,
and Coqui (a tiny VITS dropped in Coqui's model folder) when coqui-tts is importable.

For each: the voice is listed with a gender and a rate; it speaks at that rate, audibly; the cache
token follows settings and (where the voice has a model file of its own) the model file; a
misspelt voice name gets a did-you-mean.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipeline.engines import Voice, get_engine
from pipeline.engines.kokoro import KokoroEngine
from pipeline.engines.piper import PiperEngine
from pipeline.errors import EngineError
from tests.test_user_voices import build_kokoro_voices, build_piper_voice

HAS_COQUI = importlib.util.find_spec("TTS") is not None
SENTENCE = "The quick brown fox jumps over the lazy dog."


@dataclass(frozen=True)
class Case:
    """An engine instance, one of its voices, and how to exercise the contract on it."""

    engine: Any
    voice: Voice
    setting: dict[str, float | int | str]
    misspelt: str
    suggestion: str
    change_model: Callable[[], None] | None = None


def _piper_user(root: Path) -> Case:
    build_piper_voice(root / "lib" / "en" / "en_GB-tiny-low", "en_GB-tiny-low")
    engine = PiperEngine()
    engine.add_voices(root / "lib")
    model = root / "lib" / "en" / "en_GB-tiny-low" / "en_GB-tiny-low.onnx"
    return Case(engine, Voice("piper", "en_GB-tiny-low"), {"noise_w": 0.3}, "en_GB-tiny-lo", "en_GB-tiny-low",
                lambda: build_piper_voice(model.parent, "en_GB-tiny-low", pitch=1.5) and None)


def _kokoro_user(root: Path) -> Case:
    path = root / "voices.bin"
    build_kokoro_voices(path, ["af_test", "bm_test"])
    engine = KokoroEngine()
    engine.add_voices(path)
    return Case(engine, Voice("kokoro", "af_test"), {"speed": 1.2}, "af_tset", "af_test",
                lambda: build_kokoro_voices(path, ["af_test", "bm_test"], seed=9) and None)


def _coqui(root: Path, monkeypatch: pytest.MonkeyPatch) -> Case:
    from pipeline.engines.coqui import CoquiEngine
    from tests.test_coqui import build_tiny_vits

    monkeypatch.setenv("TTS_HOME", str(root))
    folder = root / "tts" / "tts_models--en--tiny--vits"
    build_tiny_vits(folder)
    return Case(CoquiEngine(), Voice("coqui", "tts_models/en/tiny/vits"), {"speed": 1.2},
                "tts_models/en/tiny/vitz", "tts_models/en/tiny/vits", lambda: build_tiny_vits(folder, seed=3) and None)


CASES: dict[str, Callable[[Path, pytest.MonkeyPatch], Case]] = {
    "piper-bundled": lambda root, mp: Case(get_engine("piper"), Voice("piper", "en_US-joe-medium"),
                                           {"length_scale": 1.2}, "en_US-joe-meduim", "en_US-joe-medium"),
    "piper-user": lambda root, mp: _piper_user(root),
    "kokoro-bundled": lambda root, mp: Case(get_engine("kokoro"), Voice("kokoro", "jf_alpha"), {"speed": 1.2},
                                            "jf_alfa", "jf_alpha"),
    "kokoro-user": lambda root, mp: _kokoro_user(root),
    "espeak": lambda root, mp: Case(get_engine("espeak"), Voice("espeak", "en-us+f3"), {"pitch": 70},
                                    "en-uss+f3", "en-us"),
    "coqui": _coqui,
}
PARAMS = [pytest.param(name, marks=pytest.mark.skipif(name == "coqui" and not HAS_COQUI,
                                                      reason="coqui-tts not installed (extra [coqui])"))
          for name in CASES]


@pytest.fixture(params=PARAMS)
def case(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Case]:
    yield CASES[request.param](tmp_path, monkeypatch)


def test_voice_is_listed_with_gender_and_rate(case: Case) -> None:
    listed = {v.id: v for v in case.engine.voices()}
    info = listed[case.voice.id]
    assert info.gender in ("female", "male", "unknown")
    assert info.sample_rate >= 8000
    assert info.spec == case.voice.spec


def test_speaks_at_the_declared_rate_and_is_audible(case: Case) -> None:
    info = {v.id: v for v in case.engine.voices()}[case.voice.id]
    clip = case.engine.synthesize(SENTENCE, case.voice)
    assert clip.sample_rate == info.sample_rate
    assert clip.samples.dtype == np.float32 and clip.samples.ndim == 1
    assert 0.5 < clip.duration < 30
    assert float(np.sqrt(np.mean(np.square(clip.samples, dtype=np.float64)))) > 0.01
    assert np.abs(clip.samples).max() <= 1.0


def test_cache_token_follows_settings(case: Case) -> None:
    token = case.engine.cache_token(case.voice)
    assert token == case.engine.cache_token(Voice(case.voice.engine, case.voice.id, case.voice.settings))
    assert token != case.engine.cache_token(case.voice.with_settings(case.setting))


OWN_MODEL = ("piper-user", "kokoro-user", "coqui")  # bundled models belong to installed packages


@pytest.mark.parametrize("name", [p for p in PARAMS if p.values[0] in OWN_MODEL])
def test_cache_token_follows_the_model_file(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name](tmp_path, monkeypatch)
    assert case.change_model is not None
    before = case.engine.cache_token(case.voice)
    case.change_model()
    assert case.engine.cache_token(case.voice) != before


def test_misspelt_voice_gets_did_you_mean(case: Case) -> None:
    with pytest.raises(EngineError, match=f"did you mean '{case.suggestion}'"):
        case.engine.cache_token(Voice(case.voice.engine, case.misspelt))


def test_every_registered_engine_is_covered() -> None:
    assert {name.split("-")[0] for name in CASES} >= {"piper", "kokoro", "espeak", "coqui"}
    from pipeline.engines import engine_names

    assert set(engine_names()) - {"fake"} <= {name.split("-")[0] for name in CASES}
