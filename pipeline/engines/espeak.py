"""eSpeak NG through ctypes on the library ``espeakng-loader`` ships: every language and variant.

Note: eSpeak NG 1.52 varies a clip by a few samples from call to call (not controlled by
``espeak_ng_SetRandSeed``); the clip cache makes renders reproducible all the same.

Robotic but instant, and always available (kokoro-onnx depends on it). Voices are eSpeak
language names (``en-us``, ``en-gb-scotland``) optionally with a variant (``en-us+f3``).
"""

from __future__ import annotations

import ctypes
import threading
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from ..errors import EngineError, did_you_mean
from .base import TAKE, Clip, Setting, Voice, VoiceInfo, number_setting, token

ESPEAK_SPEED = Setting("speed", "number", 0.3, 3.0, 1.0, "speaking speed multiplier (1.0 is 175 words a minute)")
PITCH = Setting("pitch", "number", 0, 100, 50, "base pitch")
SETTINGS = (ESPEAK_SPEED, PITCH, TAKE)
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE = 6  # espeakRATE
_PITCH = 3  # espeakPITCH
_LOCK = threading.Lock()
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class _EspeakVoice(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_char_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


class _Library:
    """The loaded eSpeak NG library, initialised once for synchronous synthesis."""

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError:
            raise EngineError("espeak: the espeakng-loader package is not installed") from None
        self.data_path = Path(espeakng_loader.get_data_path())
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_EspeakVoice))
        self.lib.espeak_Info.restype = ctypes.c_char_p
        rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, str(self.data_path).encode(), 0)
        if rate <= 0:
            raise EngineError(f"espeak: could not initialise eSpeak NG with data at {self.data_path}")
        self.sample_rate = int(rate)
        self.chunks: list[bytes] = []

        def collect(wav: Any, count: int, events: Any) -> int:
            if count > 0:
                self.chunks.append(ctypes.string_at(wav, count * 2))
            return 0

        self.callback = _CALLBACK(collect)  # kept alive on self
        self.lib.espeak_SetSynthCallback(self.callback)

    def version(self) -> str:
        return (self.lib.espeak_Info(None) or b"").decode()

    @cached_property
    def languages(self) -> list[tuple[str, str, str]]:
        """(language name, identifier, gender) for every eSpeak NG voice (listed once per process)."""
        out = []
        voices = self.lib.espeak_ListVoices(None)
        i = 0
        while voices[i]:
            v = voices[i].contents
            langs = v.languages or b""
            # languages is a list of (priority byte, name, NUL); the first name is the main one
            name = langs[1:].split(b"\x00")[0].decode(errors="replace") if langs else ""
            gender = {1: "male", 2: "female"}.get(v.gender, "unknown")
            out.append((name, (v.identifier or b"").decode(), gender))
            i += 1
        return out

    @cached_property
    def variants(self) -> list[tuple[str, str]]:
        """(variant name, gender) for every file in eSpeak's ``voices/!v`` folder (read once)."""
        folder = self.data_path / "voices" / "!v"
        out = []
        for f in sorted(folder.iterdir()) if folder.is_dir() else []:
            gender = "female" if f.name.startswith("f") or "gender female" in _read(f) else "male"
            out.append((f.name, gender))
        return out


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


@cache
def _library() -> _Library:
    return _Library()


class EspeakEngine:
    """eSpeak NG voices ``<language>[+<variant>]``; settings ``speed`` (multiplier) and ``pitch`` (0-100)."""

    name = "espeak"
    settings = SETTINGS

    def voices(self) -> list[VoiceInfo]:
        lib = _library()
        out = [VoiceInfo(self.name, lang, gender, lang, lib.sample_rate, "eSpeak NG")
               for lang, _ident, gender in lib.languages if lang]
        out += [VoiceInfo(self.name, f"en-us+{name}", gender, "en-us", lib.sample_rate, "eSpeak NG variant")
                for name, gender in lib.variants]
        return out

    def _check(self, voice: Voice) -> None:
        lib = _library()
        lang, _, variant = voice.id.partition("+")
        languages = {name for name, _, _ in lib.languages}
        if lang not in languages:
            raise EngineError(f"unknown espeak voice {voice.id!r}{did_you_mean(lang, languages)}; "
                              f"`audiobook voices --engine espeak` lists them")
        variants = {name for name, _ in lib.variants}
        if variant and variant not in variants:
            raise EngineError(f"unknown espeak variant {variant!r}{did_you_mean(variant, variants)}; "
                              f"variants: {', '.join(sorted(variants)[:30])}…")

    def cache_token(self, voice: Voice) -> str:
        self._check(voice)
        return token("espeak", _library().version(), voice.id, voice.settings)

    def synthesize(self, text: str, voice: Voice) -> Clip:
        import numpy as np

        self._check(voice)
        lib = _library()
        speed = number_setting(voice, ESPEAK_SPEED)
        pitch = number_setting(voice, PITCH)
        data = text.encode("utf-8") + b"\x00"
        with _LOCK:
            lib.chunks = []
            if lib.lib.espeak_SetVoiceByName(voice.id.encode()) != 0 and \
                    lib.lib.espeak_SetVoiceByName(_by_identifier(lib, voice.id).encode()) != 0:
                raise EngineError(f"espeak: cannot select voice {voice.id!r}")
            lib.lib.espeak_SetParameter(_RATE, int(175 * speed), 0)
            lib.lib.espeak_SetParameter(_PITCH, int(pitch), 0)
            status = lib.lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            lib.lib.espeak_Synchronize()
            raw = b"".join(lib.chunks)
        if status != 0:
            raise EngineError(f"espeak: synthesis failed with status {status}")
        samples = np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0
        return Clip(samples, lib.sample_rate)


def _by_identifier(lib: _Library, voice_id: str) -> str:
    """``en-gb+f3`` as ``gmw/en+f3``: a few languages (en-gb, fr-fr) select only by their file identifier."""
    lang, plus, variant = voice_id.partition("+")
    identifiers = {name: ident for name, ident, _ in lib.languages}
    return identifiers.get(lang, lang) + plus + variant
