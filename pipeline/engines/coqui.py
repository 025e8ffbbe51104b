"""Coqui TTS (the maintained ``coqui-tts`` package, optional extra ``[coqui]``): models by name or by path.

Voice ids:

* ``coqui:tts_models/en/ljspeech/vits`` — a model of Coqui's catalogue, downloaded into Coqui's
  model folder (``$TTS_HOME/tts``, else ``~/.local/share/tts``) on first use where a network is
  available; a model already there loads offline.
* ``coqui:/models/mine/model.pth`` — a local checkpoint with ``config.json`` beside it (or the
  ``config_path`` setting); a folder (an XTTS checkpoint folder) works too.

Settings: ``config_path``, ``vocoder_path``, ``vocoder_config_path``, ``speakers_file`` (local
models), ``speaker`` (multi-speaker models; default the first), ``language`` (multilingual
models; default ``en``), ``speaker_wav`` (a reference WAV to clone, XTTS/YourTTS), ``speed``,
``take``. Runs on CUDA when torch sees a GPU, else CPU. Torch is imported only on first use.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import EngineError, did_you_mean
from .base import SPEED, TAKE, Clip, Setting, Voice, VoiceInfo, engine_threads, file_sha256, number_setting, token

SETTINGS = (
    Setting("config_path", "path", help="config.json of a model given by path"),
    Setting("vocoder_path", "path", help="a separate vocoder checkpoint"),
    Setting("vocoder_config_path", "path", help="the vocoder's config.json"),
    Setting("speakers_file", "path", help="speakers file of a multi-speaker model"),
    Setting("speaker", "name", help="speaker of a multi-speaker model"),
    Setting("language", "name", help="language of a multilingual model"),
    Setting("speaker_wav", "path", help="a recording to clone (XTTS, YourTTS)"),
    SPEED, TAKE,
)
INSTALL_HINT = "pip install 'audiobook-pipeline[coqui]'"
_MODEL_NAME_RE = re.compile(r"^[a-z_]+_models/[^/\s]+/[^/\s]+/[^/\s]+$")
_CHECKPOINT_NAMES = ("model.pth", "model_file.pth", "model_file.pth.tar", "checkpoint.pth", "best_model.pth")


def available() -> bool:
    """True when the coqui-tts package can be found (without importing torch)."""
    return importlib.util.find_spec("TTS") is not None


def model_folder() -> Path:
    """Where Coqui keeps downloaded models (its own rule: $TTS_HOME, $XDG_DATA_HOME, then the OS default)."""
    if os.environ.get("TTS_HOME"):
        base = Path(os.environ["TTS_HOME"]).expanduser()
    elif os.environ.get("XDG_DATA_HOME"):
        base = Path(os.environ["XDG_DATA_HOME"]).expanduser()
    elif sys.platform == "darwin":
        base = Path("~/Library/Application Support/").expanduser()
    else:
        base = Path.home() / ".local" / "share"
    return base / "tts"


def is_model_name(voice_id: str) -> bool:
    """``tts_models/<lang>/<dataset>/<model>``, as opposed to a path to a model file or folder."""
    return bool(_MODEL_NAME_RE.match(voice_id)) and not Path(voice_id).exists()


def _tts_api() -> Any:
    """``TTS.api.TTS``, or an EngineError saying how to install it."""
    try:
        from TTS.api import TTS
    except ImportError as error:
        raise EngineError(f"coqui: the coqui-tts package (with torch) is not installed: {INSTALL_HINT} "
                          f"({error})") from None
    return TTS


def _catalogue() -> dict[str, dict[str, Any]]:
    """Every model name in Coqui's catalogue (the ``.models.json`` it ships) with its entry."""
    import importlib.resources

    data = json.loads((importlib.resources.files("TTS") / ".models.json").read_text(encoding="utf-8"))
    return {f"{kind}/{lang}/{dataset}/{model}": item
            for kind, langs in data.items() if kind == "tts_models"
            for lang, datasets in langs.items() for dataset, models in datasets.items()
            for model, item in models.items()}


def _downloaded() -> dict[str, Path]:
    """Models in Coqui's model folder by name (``tts_models--en--x--y`` is ``tts_models/en/x/y``)."""
    folder = model_folder()
    if not folder.is_dir():
        return {}
    return {d.name.replace("--", "/"): d for d in sorted(folder.iterdir())
            if d.name.startswith("tts_models--") and (d / "config.json").is_file()}


def _checkpoint_in(folder: Path) -> Path:
    """The checkpoint file of a model folder (``model.pth`` & co., else its only ``.pth``)."""
    for name in _CHECKPOINT_NAMES:
        if (folder / name).is_file():
            return folder / name
    found = sorted(folder.glob("*.pth"))
    if len(found) == 1:
        return found[0]
    raise EngineError(f"coqui: no model checkpoint in {folder} (expected model.pth or a single .pth file)")


def _path_setting(voice: Voice, name: str) -> Path | None:
    value = voice.setting(name)
    if value is None:
        return None
    path = Path(str(value)).expanduser()
    if not path.exists():
        raise EngineError(f"{voice.spec}: {name} {value} does not exist")
    return path


def _files_of(path: Path) -> list[Path]:
    """The files whose bytes define a model: the file itself, or every file in a model folder."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in {".pth", ".pt", ".json", ".npy"})
    return [path]


class CoquiEngine:
    """Coqui TTS models, loaded once per process (per model files) and kept warm."""

    name = "coqui"
    settings = SETTINGS

    def __init__(self) -> None:
        self._loaded: dict[str, Any] = {}

    def voices(self) -> list[VoiceInfo]:
        """The models already in Coqui's model folder (nothing when coqui-tts is not installed)."""
        if not available():
            return []
        out = []
        for name, folder in _downloaded().items():
            try:
                audio = json.loads((folder / "config.json").read_text(encoding="utf-8")).get("audio", {})
            except (OSError, ValueError):
                continue
            rate = int(audio.get("output_sample_rate") or audio.get("sample_rate") or 22050)
            out.append(VoiceInfo(self.name, name, "unknown", name.split("/")[1], rate, "Coqui TTS model"))
        return out

    def _local_files(self, voice: Voice) -> dict[str, Path | None]:
        """model / config / vocoder / vocoder config / speakers file of a local model, checked to exist."""
        path = Path(voice.id).expanduser()
        if not path.exists():
            raise EngineError(f"coqui: model {voice.id} does not exist (give a model name like "
                              f"'tts_models/en/ljspeech/vits' or a path to a model .pth with config.json beside it)")
        config = _path_setting(voice, "config_path") or (path if path.is_dir() else path.parent) / "config.json"
        if not config.is_file():
            raise EngineError(f"coqui: model {voice.id} has no config.json beside it; set config_path")
        if path.is_file() and path.suffix not in {".pth", ".pt", ".tar", ".ckpt"}:
            raise EngineError(f"coqui: {voice.id} is not a Coqui checkpoint (.pth)")
        return {"model": path, "config": config, "vocoder": _path_setting(voice, "vocoder_path"),
                "vocoder_config": _path_setting(voice, "vocoder_config_path"),
                "speakers": _path_setting(voice, "speakers_file")}

    def _load(self, voice: Voice) -> Any:
        """The loaded ``TTS`` object for a voice's model (downloading a catalogue model if needed)."""
        if is_model_name(voice.id):
            if voice.id not in self._loaded:
                self._loaded[voice.id] = self._load_by_name(voice.id)
            return self._loaded[voice.id]
        files = self._local_files(voice)
        key = "|".join(str(files[k]) for k in ("model", "config", "vocoder", "vocoder_config", "speakers"))
        if key not in self._loaded:
            self._loaded[key] = self._load_files(
                _tts_api(), voice.id, *(str(files[k]) if files[k] else None
                                        for k in ("model", "config", "vocoder", "vocoder_config", "speakers")))
        return self._loaded[key]

    def _load_by_name(self, name: str) -> Any:
        tts_class = _tts_api()
        catalogue = _catalogue()
        downloaded = _downloaded()
        if name not in catalogue and name not in downloaded:
            known = sorted({*catalogue, *downloaded})
            raise EngineError(f"unknown coqui model {name!r}{did_you_mean(name, known)}; "
                              f"known: {', '.join(known[:12])}, … (or a path to a model .pth)")
        if name not in catalogue:  # a model placed in Coqui's folder by hand
            folder = downloaded[name]
            return self._load_files(tts_class, name, str(_checkpoint_in(folder)), str(folder / "config.json"))
        item = catalogue[name]
        folder = model_folder() / name.replace("/", "--")
        if item.get("tos_required") and not (folder / "tos_agreed.txt").exists() \
                and os.environ.get("COQUI_TOS_AGREED") != "1":
            raise EngineError(f"coqui: {name} is under the Coqui Public Model License (non-commercial); "
                              f"if you accept it, set COQUI_TOS_AGREED=1 and try again")
        fetched = folder.is_dir()
        try:
            tts = tts_class(model_name=name, progress_bar=False)
        except Exception as error:  # requests / huggingface / torch raise their own types
            if not fetched:
                raise EngineError(f"coqui: could not download {name} into {model_folder()} (no network?): "
                                  f"{type(error).__name__}: {error}") from None
            raise EngineError(f"coqui: could not load {name} from {folder}: {type(error).__name__}: {error}") from None
        return _to_device(tts)

    def _load_files(self, tts_class: Any, label: str, model: str | None, config: str | None,
                    vocoder: str | None = None, vocoder_config: str | None = None, speakers: str | None = None) -> Any:
        try:
            tts = tts_class(model_path=model, config_path=config, vocoder_path=vocoder,
                            vocoder_config_path=vocoder_config, speakers_file_path=speakers, progress_bar=False)
        except Exception as error:  # coqui/torch raise many types for a file that is not a model
            raise EngineError(f"coqui: {label} is not a loadable Coqui model ({type(error).__name__}: {error})") \
                from None
        return _to_device(tts)

    def _model_files(self, tts: Any) -> list[Path]:
        synth = tts.synthesizer
        paths = [synth.tts_checkpoint, synth.tts_config_path, synth.vocoder_checkpoint, synth.vocoder_config,
                 synth.tts_speakers_file]
        return [f for p in paths if p and str(p) != "None" and Path(str(p)).exists() for f in _files_of(Path(str(p)))]

    def _speaker_and_language(self, voice: Voice, tts: Any) -> dict[str, Any]:
        """The keyword arguments for ``TTS.tts``: speaker, language, speaker_wav, checked against the model."""
        kwargs: dict[str, Any] = {}
        speaker_wav = _path_setting(voice, "speaker_wav")
        config = tts.synthesizer.tts_model.config
        if speaker_wav is not None:
            if not getattr(config, "supports_cloning", False) and \
                    getattr(getattr(tts.synthesizer.tts_model, "speaker_manager", None), "encoder", None) is None:
                raise EngineError(f"{voice.spec}: this model cannot clone a voice from speaker_wav "
                                  f"(use an XTTS or YourTTS model)")
            kwargs["speaker_wav"] = str(speaker_wav)
        speaker = voice.setting("speaker")
        speakers = list(tts.speakers or []) if tts.is_multi_speaker else []
        if speaker is not None:
            if not speakers:
                raise EngineError(f"{voice.spec}: this model has one speaker; remove 'speaker: {speaker}'")
            if str(speaker) not in speakers:
                raise EngineError(f"{voice.spec}: unknown speaker {speaker!r}{did_you_mean(str(speaker), speakers)}; "
                                  f"speakers: {', '.join(speakers[:20])}")
            kwargs["speaker"] = str(speaker)
        elif speakers and speaker_wav is None:
            kwargs["speaker"] = speakers[0]
        language = voice.setting("language")
        languages = list(tts.languages or []) if tts.is_multi_lingual else []
        if language is not None and not languages:
            raise EngineError(f"{voice.spec}: this model speaks one language; remove 'language: {language}'")
        if languages:
            language = str(language or "en")
            if language not in languages:
                raise EngineError(f"{voice.spec}: unknown language {language!r}{did_you_mean(language, languages)}; "
                                  f"languages: {', '.join(languages)}")
            kwargs["language"] = language
        return kwargs

    def cache_token(self, voice: Voice) -> str:
        tts = self._load(voice)
        kwargs = self._speaker_and_language(voice, tts)
        hashes = [file_sha256(p) for p in self._model_files(tts)]
        if "speaker_wav" in kwargs:
            hashes.append(file_sha256(Path(kwargs["speaker_wav"])))
        return token("coqui", _version(), hashes, _device(), voice.settings)

    def synthesize(self, text: str, voice: Voice) -> Clip:
        import numpy as np

        tts = self._load(voice)  # first: it explains how to install coqui-tts and torch
        import torch
        kwargs = self._speaker_and_language(voice, tts)
        speed = number_setting(voice, SPEED)
        model = tts.synthesizer.tts_model
        base_length = getattr(model, "length_scale", None)
        if speed != 1.0:
            if getattr(model.config, "model", "") == "xtts":
                kwargs["speed"] = speed
            elif base_length is None:
                raise EngineError(f"{voice.spec}: this Coqui model cannot change speed; remove 'speed'")
        seed = int.from_bytes(hashlib.sha256(token(text, self.cache_token(voice)).encode()).digest()[:8], "big")
        torch.manual_seed(seed % (2**63))
        try:
            if base_length is not None:
                model.length_scale = float(base_length) / speed
            with torch.inference_mode():
                wav = tts.tts(text, split_sentences=True, **kwargs)
        except EngineError:
            raise
        except Exception as error:  # torch/coqui raise many types
            raise EngineError(f"coqui: cannot speak {text[:40]!r} with {voice.spec}: "
                              f"{type(error).__name__}: {error}") from None
        finally:
            if base_length is not None:
                model.length_scale = base_length
        samples = np.clip(np.asarray(wav, dtype=np.float32).reshape(-1), -1.0, 1.0)
        return Clip(samples, int(tts.synthesizer.output_sample_rate))


def _device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def _to_device(tts: Any) -> Any:
    import torch

    threads = engine_threads()
    if threads:
        torch.set_num_threads(threads)
    return tts.to(_device())


@cache
def _version() -> str:
    return importlib.metadata.version("coqui-tts")
