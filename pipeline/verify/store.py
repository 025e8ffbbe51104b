"""What was heard in each clip, kept per clip cache key in ``cache/verify.json`` beside the clips.

A clip's key changes whenever its audio could (text, voice, settings, take), so a result stored
under a key stays true for as long as the clip does: a second verify transcribes nothing, and a
re-rendered line (new key) is heard again. Results from another model are not reused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..fsutil import write_text_atomic

SCHEMA = 1
FILE = Path("cache") / "verify.json"


@dataclass(frozen=True)
class Heard:
    """One clip's transcript and the score it got when it was last checked."""

    heard: str
    model: str
    id: str  # the line it was rendered for
    text: str  # that line's text as written in the book (or script)
    spoken: str  # the text the engine was given
    voice: str
    seconds: float  # length of the clip
    wer: float
    words: int
    at: float  # time.time() when transcribed


class VerifyStore:
    """Transcripts keyed by clip key, read once and written atomically."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / FILE
        self.threshold: float | None = None
        self._clips: dict[str, Heard] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return
        self.threshold = data.get("threshold")
        for key, entry in (data.get("clips") or {}).items():
            try:
                self._clips[key] = Heard(**entry)
            except TypeError:
                continue

    def get(self, key: str, model: str | None = None) -> Heard | None:
        """The result for a clip key (only one made by ``model``, when given)."""
        entry = self._clips.get(key)
        return entry if entry is not None and (model is None or entry.model == model) else None

    def put(self, key: str, entry: Heard) -> None:
        self._clips[key] = entry

    def items(self) -> Iterator[tuple[str, Heard]]:
        return iter(self._clips.items())

    def __len__(self) -> int:
        return len(self._clips)

    def save(self) -> None:
        data: dict[str, Any] = {"schema": SCHEMA, "threshold": self.threshold,
                                "clips": {k: asdict(v) for k, v in sorted(self._clips.items())}}
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=0))
