"""TTS engines behind one protocol, looked up by name; heavy imports happen only on first use."""

from __future__ import annotations

import importlib

from ..errors import EngineError, did_you_mean
from .base import Clip, Engine, Setting, Voice, VoiceInfo, check_settings, parse_voice_spec

_REGISTRY: dict[str, str] = {
    "piper": "pipeline.engines.piper:PiperEngine",
    "kokoro": "pipeline.engines.kokoro:KokoroEngine",
    "espeak": "pipeline.engines.espeak:EspeakEngine",
    "coqui": "pipeline.engines.coqui:CoquiEngine",
}
_INSTANCES: dict[str, Engine] = {}


def register_engine(name: str, target: str | Engine) -> None:
    """Add an engine: a ``"module:Class"`` path imported on first use, or a ready instance."""
    if isinstance(target, str):
        _REGISTRY[name] = target
        _INSTANCES.pop(name, None)
    else:
        _REGISTRY[name] = f"<instance {type(target).__name__}>"
        _INSTANCES[name] = target


def unregister_engine(name: str) -> None:
    _REGISTRY.pop(name, None)
    _INSTANCES.pop(name, None)


def engine_names() -> list[str]:
    return list(_REGISTRY)


def get_engine(name: str) -> Engine:
    """The engine registered under ``name`` (one instance per process), or a did-you-mean error."""
    if name not in _REGISTRY:
        raise EngineError(
            f"unknown engine {name!r}{did_you_mean(name, _REGISTRY)}; available: {', '.join(_REGISTRY)}"
        )
    if name not in _INSTANCES:
        module_name, cls_name = _REGISTRY[name].split(":")
        _INSTANCES[name] = getattr(importlib.import_module(module_name), cls_name)()
    return _INSTANCES[name]


def voice_from_spec(spec: str, settings: dict[str, float | int | str] | None = None) -> Voice:
    """``"engine:voice"`` (+ settings) to a Voice whose engine exists and accepts those settings;
    whether the engine has the voice is checked on use (``check_voice``)."""
    engine, voice_id = parse_voice_spec(spec)
    voice = Voice(engine, voice_id).with_settings(settings or {})
    check_settings(voice, get_engine(engine).settings)
    return voice


def check_voice(voice: Voice) -> None:
    """Raise EngineError unless the engine accepts this voice's settings and knows the voice."""
    engine = get_engine(voice.engine)
    check_settings(voice, engine.settings)
    engine.cache_token(voice)


__all__ = ["Clip", "Engine", "Setting", "Voice", "VoiceInfo", "check_voice", "engine_names", "get_engine",
           "parse_voice_spec", "register_engine", "unregister_engine", "voice_from_spec"]
