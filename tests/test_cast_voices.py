"""Cast files that bring their own voices: voice_dirs and model paths relative to the cast file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cast import load_cast
from pipeline.engines import get_engine
from pipeline.errors import CastError
from tests.test_user_voices import build_kokoro_voices, build_piper_voice


def test_voice_dirs_and_relative_model_paths_resolve_from_the_cast_file(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    build_piper_voice(project / "voices" / "piper" / "en" / "en_GB", "en_GB-castdir-low")
    build_kokoro_voices(project / "voices" / "extra.npz", ["af_castdir"])
    build_piper_voice(project / "models", "solo-voice")
    cast = project / "casts" / "book.yaml"
    cast.parent.mkdir(parents=True)
    cast.write_text(
        "voice_dirs: {piper: [../voices/piper], kokoro: [../voices/extra.npz]}\n"
        'narrator: {voice: "piper:en_GB-castdir-low"}\n'
        "characters:\n"
        '  Ann: {gender: female, voice: "kokoro:af_castdir*0.5+jf_alpha*0.5"}\n'
        '  Bob: {gender: male, voice: "piper:../models/solo-voice.onnx"}\n'
    )
    monkeypatch.chdir(tmp_path)  # relative paths must not depend on where the command runs
    loaded = load_cast(cast)
    voices = dict(loaded.voices)
    assert loaded.narrator.spec == "piper:en_GB-castdir-low"
    assert voices["Bob"].id == str((project / "models" / "solo-voice.onnx").resolve())
    clip = get_engine("piper").synthesize("Hello there.", voices["Bob"])
    assert clip.duration > 0.1
    assert get_engine("kokoro").cache_token(voices["Ann"])


def test_bad_voice_dirs_are_reported_with_the_rest(tmp_path: Path) -> None:
    cast = tmp_path / "cast.yaml"
    cast.write_text("voice_dirs: {piper: [nowhere], kokro: [x.npz]}\n"
                    'narrator: {voice: "piper:not-there"}\n')
    with pytest.raises(CastError) as info:
        load_cast(cast)
    problems = info.value.problems
    assert any(p.startswith("voice_dirs.piper") and "nowhere" in p for p in problems)
    assert any("unknown key 'kokro'" in p and "did you mean 'kokoro'" in p for p in problems)
    assert any(p.startswith("narrator.voice") and "not-there" in p for p in problems)
