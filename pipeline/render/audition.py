"""Auditions: one short MP3 per voice, so a producer can listen before casting.

``render_samples`` speaks the same text with each voice and names each file after the voice
spec (``kokoro_jf_alpha.mp3``), with the clip prepared exactly as a chapter would use it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..assemble.chapter import ChapterTags
from ..engines import Voice, check_voice, engine_names, get_engine, voice_from_spec
from ..errors import EngineError

DEFAULT_TEXT = "It was a bright cold day in April, and the clocks were striking thirteen."
# eSpeak lists a hundred-odd languages; name its voices explicitly to audition them
SKIPPED_BY_DEFAULT = ("espeak",)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def sample_name(spec: str) -> str:
    """A file name for a voice spec: readable, filesystem-safe, distinct for distinct specs."""
    safe = _UNSAFE.sub("_", spec).strip("_.")
    if len(safe) > 80 or safe != spec.replace(":", "_"):
        safe = f"{safe[:60]}-{hashlib.sha256(spec.encode()).hexdigest()[:8]}"
    return f"{safe}.mp3"


def default_specs() -> list[str]:
    """Every voice of every engine except eSpeak's long language list."""
    return [v.spec for name in engine_names() if name not in SKIPPED_BY_DEFAULT for v in get_engine(name).voices()]


def render_samples(out_dir: Path, specs: list[str] | None, text: str = DEFAULT_TEXT) -> list[Path]:
    """Write one MP3 per voice spec (all voices but eSpeak's when ``specs`` is None) into ``out_dir``.

    Every spec is checked before any audio is made, so a typo fails fast with a did-you-mean.
    Returns the files written, in the order of ``specs``.
    """
    voices: list[Voice] = []
    problems: list[str] = []
    for spec in specs if specs is not None else default_specs():
        try:
            voice = voice_from_spec(spec)
            check_voice(voice)
            voices.append(voice)
        except EngineError as error:
            problems.append(str(error))
    if problems:
        raise EngineError("cannot audition: " + "; ".join(problems))
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for n, voice in enumerate(voices, 1):
        path = out_dir / sample_name(voice.spec)
        speak_to_file(text, voice, path, ChapterTags(title=voice.spec, album="voice auditions", artist=voice.spec,
                                                     track=n, tracks=len(voices)))
        written.append(path)
    return written


def speak_to_file(text: str, voice: Voice, path: Path, tags: ChapterTags | None = None) -> float:
    """Speak ``text`` (normalised for speech here) with ``voice`` into an MP3 (or ``.wav``) at
    ``path``, levelled like a chapter's clips; returns its length in seconds."""
    import numpy as np

    from ..assemble.chapter import RATE, prepare_clip, write_mp3
    from ..speech.lexicon import spoken_text

    clip = get_engine(voice.engine).synthesize(spoken_text(text), voice)
    pcm = (np.clip(prepare_clip(clip.samples, clip.sample_rate), -1, 1) * 32767).astype(np.int16)
    if path.suffix.lower() == ".wav":
        import soundfile as sf

        sf.write(str(path), pcm, RATE)
    else:
        write_mp3(pcm, path, tags or ChapterTags(title=text[:60], album="audition", artist=voice.spec, track=1,
                                                 tracks=1))
    return len(pcm) / RATE
