"""Content-addressed clip store: one lossless FLAC per clip, named by the hash of its inputs.

The key is sha256 over canonical JSON of (schema, spoken text, engine cache token). Each file
is written to a temporary name and renamed into place, so a crash never leaves a half clip
under a real key; the sha256 of the samples is stored in the FLAC comment and checked on every
read, so a corrupted clip is detected, removed and synthesised again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from ..engines import Clip
from ..fsutil import atomic_path

SCHEMA = 1


def clip_key(spoken: str, engine_token: str) -> str:
    """The cache key of a clip: changes exactly when the audio for it could change."""
    payload = json.dumps({"schema": SCHEMA, "text": spoken, "engine": engine_token},
                         sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _pcm(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype(np.int16)


class ClipStore:
    """Clips on disk under ``root/ab/<key>.flac``; safe against crashes and silent corruption."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.corrupted: list[str] = []

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.flac"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def put(self, key: str, clip: Clip) -> Path:
        """Store a clip atomically (temp file, fsync, rename) and return its path."""
        import soundfile as sf

        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        pcm = _pcm(clip.samples)
        checksum = hashlib.sha256(pcm.tobytes()).hexdigest()
        with atomic_path(target) as tmp, sf.SoundFile(tmp, "w", samplerate=clip.sample_rate, channels=1,
                                                      format="FLAC", subtype="PCM_16") as f:
            f.comment = f"sha256={checksum}"
            if len(pcm):
                f.write(pcm)
        return target

    def get(self, key: str) -> Clip | None:
        """The stored clip, or None if missing or corrupted (a corrupted file is removed)."""
        import soundfile as sf

        path = self.path(key)
        if not path.is_file():
            return None
        try:
            with sf.SoundFile(path) as f:
                comment = f.comment or ""
                pcm = f.read(dtype="int16")
                rate = f.samplerate
        except (RuntimeError, sf.LibsndfileError, OSError):
            self._discard(key, path)
            return None
        if comment != f"sha256={hashlib.sha256(pcm.tobytes()).hexdigest()}":
            self._discard(key, path)
            return None
        return Clip(pcm.astype(np.float32) / 32767.0, int(rate))

    def _discard(self, key: str, path: Path) -> None:
        self.corrupted.append(key)
        path.unlink(missing_ok=True)

    def keys(self) -> set[str]:
        return {p.stem for p in self.root.glob("*/*.flac")} if self.root.is_dir() else set()
