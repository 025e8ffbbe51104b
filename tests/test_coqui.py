"""The coqui engine with real Coqui models built here: tiny VITS models with random weights, saved
and loaded the way a user's trained model is. Needs the ``[coqui]`` extra (skipped without it).

``build_tiny_vits`` is also used by ``test_engine_contract`` when coqui-tts is importable.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from pipeline.engines import Voice
from pipeline.errors import EngineError

SENTENCE = "The quick brown fox jumps over the lazy dog."


def build_tiny_vits(folder: Path, speakers: list[str] | None = None, rate: int = 16000, seed: int = 0) -> Path:
    """A ~1 MB VITS (random weights) saved as ``model.pth`` + ``config.json`` (+ ``speakers.json``)."""
    import torch
    from TTS.tts.configs.vits_config import VitsConfig
    from TTS.tts.models.vits import Vits, VitsArgs

    folder.mkdir(parents=True, exist_ok=True)
    args = VitsArgs(hidden_channels=16, hidden_channels_ffn_text_encoder=32, num_layers_text_encoder=1,
                    num_layers_flow=1, num_layers_posterior_encoder=1, use_sdp=False, resblock_type_decoder="2",
                    resblock_kernel_sizes_decoder=[3], resblock_dilation_sizes_decoder=[[1, 3]],
                    upsample_rates_decoder=[8, 8, 4], upsample_initial_channel_decoder=32,
                    upsample_kernel_sizes_decoder=[16, 16, 8], init_discriminator=False,
                    use_speaker_embedding=bool(speakers), speaker_embedding_channels=16)
    if speakers:
        (folder / "speakers.json").write_text(json.dumps({s: i for i, s in enumerate(speakers)}))
        args.speakers_file = str(folder / "speakers.json")
    config = VitsConfig(model_args=args, use_phonemes=False, text_cleaner="english_cleaners")
    config.audio.sample_rate = rate
    torch.manual_seed(seed)
    model = Vits.init_from_config(config)
    torch.save({"model": model.state_dict()}, folder / "model.pth")
    config.save_json(str(folder / "config.json"))
    return folder / "model.pth"


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0


@pytest.fixture(autouse=True)
def _needs_coqui() -> None:
    pytest.importorskip("TTS")


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    pytest.importorskip("TTS")
    root = tmp_path_factory.mktemp("coqui")
    return {"single": build_tiny_vits(root / "single"),
            "multi": build_tiny_vits(root / "multi", speakers=["ann", "ben"], rate=22050, seed=1)}


@pytest.fixture
def engine() -> object:
    from pipeline.engines.coqui import CoquiEngine

    return CoquiEngine()


def test_a_local_model_speaks_at_the_models_rate(engine: object, models: dict[str, Path]) -> None:
    from pipeline.engines.coqui import CoquiEngine

    assert isinstance(engine, CoquiEngine)
    voice = Voice("coqui", str(models["single"]))
    clip = engine.synthesize(SENTENCE, voice)
    assert clip.sample_rate == 16000
    assert 0.3 < clip.duration < 30 and rms(clip.samples) > 0.01
    assert np.abs(clip.samples).max() <= 1.0
    assert np.array_equal(clip.samples, engine.synthesize(SENTENCE, voice).samples)  # seeded
    other_take = engine.synthesize(SENTENCE, voice.with_settings({"take": 1})).samples
    assert not (len(other_take) == len(clip.samples) and np.array_equal(other_take, clip.samples))
    slow = engine.synthesize(SENTENCE, voice.with_settings({"speed": 0.5}))
    assert slow.duration > 1.3 * clip.duration


def test_config_path_setting_for_a_config_kept_elsewhere(engine: object, models: dict[str, Path],
                                                         tmp_path: Path) -> None:
    from pipeline.engines.coqui import CoquiEngine

    assert isinstance(engine, CoquiEngine)
    model = tmp_path / "checkpoint_1000.pth"
    shutil.copy(models["single"], model)
    with pytest.raises(EngineError, match=r"has no config\.json beside it; set config_path"):
        engine.cache_token(Voice("coqui", str(model)))
    voice = Voice("coqui", str(model)).with_settings({"config_path": str(models["single"].parent / "config.json")})
    assert engine.synthesize("Hello.", voice).sample_rate == 16000


def test_multi_speaker_model_by_speaker_name(engine: object, models: dict[str, Path]) -> None:
    from pipeline.engines.coqui import CoquiEngine

    assert isinstance(engine, CoquiEngine)
    voice = Voice("coqui", str(models["multi"]))
    ann = engine.synthesize(SENTENCE, voice.with_settings({"speaker": "ann"}))
    ben = engine.synthesize(SENTENCE, voice.with_settings({"speaker": "ben"}))
    assert ann.sample_rate == ben.sample_rate == 22050
    assert rms(ann.samples) > 0.01 and rms(ben.samples) > 0.01
    assert not (len(ann.samples) == len(ben.samples) and np.allclose(ann.samples, ben.samples))
    assert engine.cache_token(voice.with_settings({"speaker": "ann"})) != \
        engine.cache_token(voice.with_settings({"speaker": "ben"}))
    with pytest.raises(EngineError, match=r"unknown speaker 'bem' \(did you mean 'ben'\?\)"):
        engine.cache_token(voice.with_settings({"speaker": "bem"}))
    with pytest.raises(EngineError, match="has one speaker"):
        engine.cache_token(Voice("coqui", str(models["single"])).with_settings({"speaker": "ann"}))
    with pytest.raises(EngineError, match="speaks one language"):
        engine.cache_token(Voice("coqui", str(models["single"])).with_settings({"language": "fr"}))


def test_speaker_wav_needs_a_cloning_model(engine: object, models: dict[str, Path], tmp_path: Path) -> None:
    import soundfile as sf

    from pipeline.engines.coqui import CoquiEngine

    assert isinstance(engine, CoquiEngine)
    wav = tmp_path / "me.wav"
    sf.write(str(wav), np.zeros(16000, dtype=np.float32), 16000)
    voice = Voice("coqui", str(models["single"]))
    with pytest.raises(EngineError, match="cannot clone a voice from speaker_wav"):
        engine.cache_token(voice.with_settings({"speaker_wav": str(wav)}))
    with pytest.raises(EngineError, match=r"speaker_wav .*missing\.wav does not exist"):
        engine.cache_token(voice.with_settings({"speaker_wav": str(tmp_path / "missing.wav")}))


def test_cache_token_hashes_the_model_file(engine: object, models: dict[str, Path], tmp_path: Path) -> None:
    from pipeline.engines.coqui import CoquiEngine

    assert isinstance(engine, CoquiEngine)
    folder = tmp_path / "copy"
    shutil.copytree(models["single"].parent, folder)
    voice = Voice("coqui", str(folder / "model.pth"))
    before = engine.cache_token(voice)
    assert before == engine.cache_token(voice)
    assert before != engine.cache_token(voice.with_settings({"speed": 1.1}))
    build_tiny_vits(folder, seed=5)  # retrained: new weights, same path
    assert engine.cache_token(voice) != before


def test_a_model_in_coquis_folder_is_listed_and_speaks_by_name(
        engine: object, models: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.engines.coqui import CoquiEngine

    assert isinstance(engine, CoquiEngine)
    monkeypatch.setenv("TTS_HOME", str(tmp_path))
    shutil.copytree(models["single"].parent, tmp_path / "tts" / "tts_models--en--tiny--vits")
    listed = {v.id: v for v in engine.voices()}
    assert listed["tts_models/en/tiny/vits"].sample_rate == 16000
    clip = engine.synthesize("Hello there.", Voice("coqui", "tts_models/en/tiny/vits"))
    assert clip.sample_rate == 16000 and rms(clip.samples) > 0.01
    with pytest.raises(EngineError, match=r"unknown coqui model 'tts_models/en/tiny/vitz' "
                                          r"\(did you mean 'tts_models/en/tiny/vits'"):
        engine.cache_token(Voice("coqui", "tts_models/en/tiny/vitz"))


def test_download_without_network_is_a_clear_error(
        engine: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.engines.coqui import CoquiEngine

    assert isinstance(engine, CoquiEngine)
    monkeypatch.setenv("TTS_HOME", str(tmp_path))
    for var in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")  # nothing listens: never download in tests
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with pytest.raises(EngineError, match=r"could not download tts_models/en/ljspeech/vits .*\(no network\?\)"):
        engine.cache_token(Voice("coqui", "tts_models/en/ljspeech/vits"))
    assert not (tmp_path / "tts" / "tts_models--en--ljspeech--vits").exists()
    monkeypatch.delenv("COQUI_TOS_AGREED", raising=False)
    with pytest.raises(EngineError, match="COQUI_TOS_AGREED=1"):
        engine.cache_token(Voice("coqui", "tts_models/multilingual/multi-dataset/xtts_v2"))


def test_files_that_are_not_models_are_refused(engine: object, tmp_path: Path, models: dict[str, Path]) -> None:
    from pipeline.engines.coqui import CoquiEngine

    assert isinstance(engine, CoquiEngine)
    fake = tmp_path / "model.pth"
    fake.write_text("not a checkpoint")
    shutil.copy(models["single"].parent / "config.json", tmp_path / "config.json")
    with pytest.raises(EngineError, match="is not a loadable Coqui model"):
        engine.cache_token(Voice("coqui", str(fake)))
    with pytest.raises(EngineError, match="does not exist"):
        engine.cache_token(Voice("coqui", str(tmp_path / "elsewhere" / "model.pth")))
