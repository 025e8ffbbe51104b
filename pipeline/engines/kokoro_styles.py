"""Kokoro style vectors: voices files, single-voice ``.npy``/``.pt`` files, and weighted blends.

A Kokoro voice is a style array shaped (510, 1, 256): one 256-wide style per phoneme count. A
voices file (``voices-v1.0.bin`` layout) is an ``.npz`` of name to such an array. A blend,
``jf_alpha*0.7+jm_kumo*0.3``, is the weighted mean of its parts' arrays (weights normalised to
sum to 1; a part without ``*w`` weighs 1); a part is a voice name or a vector file path.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EngineError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

STYLE_SHAPE = (510, 1, 256)
VECTOR_SUFFIXES = (".npy", ".pt", ".pth")


@dataclass(frozen=True)
class BlendPart:
    """One voice of a blend and its weight, already normalised so a blend's weights sum to 1."""

    source: str  # a voice name or a path to a vector file
    weight: float


def checked_style(array: object, where: str) -> NDArray[np.float32]:
    """``array`` as a float32 (510, 1, 256) style; (510, 256) is accepted and reshaped."""
    import numpy as np

    style = np.asarray(array, dtype=np.float32)
    if style.shape == (STYLE_SHAPE[0], STYLE_SHAPE[2]):
        style = style.reshape(STYLE_SHAPE)
    if style.shape != STYLE_SHAPE:
        raise EngineError(f"kokoro: {where} has shape {tuple(style.shape)}; a Kokoro style vector is "
                          f"{STYLE_SHAPE} (or {(STYLE_SHAPE[0], STYLE_SHAPE[2])})")
    if not np.isfinite(style).all():
        raise EngineError(f"kokoro: {where} contains NaN or infinite values")
    return style


def load_voices_file(path: Path) -> dict[str, NDArray[np.float32]]:
    """Every voice in a voices file (an ``.npz`` of name to (510, 1, 256) float32 arrays)."""
    import numpy as np

    if not path.is_file():
        raise EngineError(f"kokoro: voices file {path} does not exist")
    try:
        with np.load(path) as data:
            if not hasattr(data, "files"):
                raise ValueError("a single array, not a name-to-array archive")
            return {name: checked_style(data[name], f"voice {name!r} in {path}") for name in data.files}
    except (OSError, ValueError, EOFError) as error:
        raise EngineError(f"kokoro: {path} is not a Kokoro voices file like voices-v1.0.bin "
                          f"(an .npz of name -> (510, 1, 256) arrays): {error}") from None


def load_vector_file(path: Path) -> NDArray[np.float32]:
    """One voice's style from a ``.npy`` file, or a ``.pt`` file when torch is importable."""
    import numpy as np

    if not path.is_file():
        raise EngineError(f"kokoro: voice file {path} does not exist")
    if path.suffix == ".npy":
        try:
            return checked_style(np.load(path, allow_pickle=False), str(path))
        except (OSError, ValueError, EOFError) as error:
            raise EngineError(f"kokoro: {path} is not a .npy style vector ({error})") from None
    try:
        import torch
    except ImportError:
        raise EngineError(f"kokoro: {path} is a PyTorch file and reading it needs torch; "
                          f"pip install torch, or convert it to .npy: "
                          f"numpy.save('voice.npy', torch.load('{path.name}').numpy())") from None
    try:
        tensor = torch.load(str(path), map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises pickle/runtime errors of its own types
        raise EngineError(f"kokoro: {path} is not a PyTorch style vector ({type(error).__name__}: {error})") from None
    if not hasattr(tensor, "numpy"):
        raise EngineError(f"kokoro: {path} holds a {type(tensor).__name__}, not a tensor")
    return checked_style(tensor.float().numpy(), str(path))


def is_blend(voice_id: str) -> bool:
    """True for ``a*0.7+b*0.3`` style ids."""
    return "+" in voice_id or "*" in voice_id


def is_vector_path(voice_id: str) -> bool:
    """True when a voice id names a vector file rather than a voice in a voices file."""
    return voice_id.lower().endswith(VECTOR_SUFFIXES) or "/" in voice_id or os.sep in voice_id


def parse_blend(voice_id: str) -> list[BlendPart]:
    """The parts of ``name*w+name*w`` with weights normalised to sum to 1."""
    raw: list[tuple[str, float]] = []
    for chunk in voice_id.split("+"):
        source, star, weight_text = chunk.strip().partition("*")
        source = source.strip()
        if not source:
            raise EngineError(f"kokoro: blend {voice_id!r} has an empty part; write e.g. "
                              f"'jf_alpha*0.7+jm_kumo*0.3'")
        weight = 1.0
        if star:
            try:
                weight = float(weight_text)
            except ValueError:
                raise EngineError(f"kokoro: bad weight {weight_text.strip()!r} for {source!r} in blend "
                                  f"{voice_id!r}; weights are positive numbers, e.g. "
                                  f"'jf_alpha*0.7+jm_kumo*0.3'") from None
        if not math.isfinite(weight) or weight <= 0:
            raise EngineError(f"kokoro: bad weight {weight_text.strip()!r} for {source!r} in blend {voice_id!r}; "
                              f"weights must be positive numbers")
        raw.append((source, weight))
    total = sum(w for _, w in raw)
    return [BlendPart(source, weight / total) for source, weight in raw]


def default_lang(voice_id: str) -> str:
    """The eSpeak language a voice speaks English in when ``lang`` is unset: ``b…`` voices en-gb, others en-us.

    Kokoro voice names start with a language letter (``a`` US, ``b`` UK, ``j`` Japanese, …).
    The book is English, so non-English voices (the bundled Japanese ones) read en-us phonemes
    with their own accent; set ``lang`` to hear their native phonemes. A blend takes the
    language of its heaviest part, a file path that of its file name.
    """
    source = max(parse_blend(voice_id), key=lambda p: p.weight).source if is_blend(voice_id) else voice_id
    name = Path(source).name if is_vector_path(source) else source
    return "en-gb" if name[:1].lower() == "b" else "en-us"
