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


def test_two_casts_with_the_same_voice_name_keep_their_own_voices(tmp_path: Path) -> None:
    """voice_dirs belong to their cast: loading a cast changes no engine, and two books whose
    folders hold a voice of the same name each get their own model (one process, e.g. a library)."""
    casts = []
    for book, rate in (("a", 16000), ("b", 22050)):
        build_piper_voice(tmp_path / book / "voices", "en_GB-twin-low", rate=rate)
        cast = tmp_path / book / "cast.yaml"
        cast.write_text('voice_dirs: {piper: [voices]}\nnarrator: {voice: "piper:en_GB-twin-low"}\n')
        casts.append(load_cast(cast))
    engine = get_engine("piper")
    assert "en_GB-twin-low" not in engine.models()  # loading the casts added nothing to the engine
    a, b = (c.narrator for c in casts)
    assert a.spec == b.spec == "piper:en_GB-twin-low" and a.sources != b.sources
    assert engine.cache_token(a) != engine.cache_token(b)
    assert engine.synthesize("Hello.", a).sample_rate == 16000
    assert engine.synthesize("Hello.", b).sample_rate == 22050
