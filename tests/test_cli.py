"""The CLI as a user meets it: outputs, contracts and exit codes (0 ok, 1 user error, 2 usage)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from pipeline.assemble.chapter import decode_audio
from tests.conftest import SEED, SEED_CAST, run_cli


def test_parse_json_follows_the_contract() -> None:
    result = run_cli("parse", str(SEED), "--cast", str(SEED_CAST), "--format", "json")
    assert result.returncode == 0, result.stderr
    segments = json.loads(result.stdout)["segments"]
    text = SEED.read_text(encoding="utf-8")
    covered = [0] * len(text)
    for s in segments:
        assert set(s) >= {"id", "chapter", "kind", "speaker", "text", "start", "end", "confidence"}
        assert s["kind"] in ("narration", "dialogue")
        assert (s["speaker"] is None) == (s["kind"] == "narration")
        assert isinstance(s["chapter"], int) and 0.0 <= s["confidence"] <= 1.0
        assert text[s["start"]:s["end"]] == s["text"]
        for i in range(s["start"], s["end"]):
            covered[i] += 1
    for i, ch in enumerate(text):
        if not ch.isspace() and ch not in "\"'\u201c\u201d\u2018\u2019":
            assert covered[i] == 1, (i, text[max(0, i - 20):i + 20])
    assert len({s["id"] for s in segments}) == len(segments)


def test_parse_output_file(tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    result = run_cli("parse", str(SEED), "--format", "json", "-o", str(out))
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(out.read_text())["segments"]


def test_voices_lists_every_embedded_voice_with_gender() -> None:
    result = run_cli("voices")
    assert result.returncode == 0
    rows = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()}
    assert rows["piper:en_US-joe-medium"] == "male"
    for voice in ("jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro"):
        assert rows[f"kokoro:{voice}"] == "female"
    assert rows["kokoro:jm_kumo"] == "male"
    assert rows["espeak:en-us+f3"] == "female"


def test_say_writes_a_decodable_mp3(tmp_path: Path) -> None:
    out = tmp_path / "hello.mp3"
    result = run_cli("say", "Hello there, this is an audition.", "--voice", "kokoro:jf_nezumi", "-o", str(out))
    assert result.returncode == 0, result.stderr
    pcm, rate = decode_audio(out)
    assert 1.0 < len(pcm) / rate < 5.0 and np.abs(pcm).max() > 3000


def test_user_errors_exit_1_with_a_message_and_no_traceback(tmp_path: Path) -> None:
    missing = run_cli("parse", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "no such file" in missing.stderr and "Traceback" not in missing.stderr
    bad_cast = tmp_path / "cast.yaml"
    bad_cast.write_text('narrator: {voice: "kokoro:jf_alfa"}\n')
    result = run_cli("render", str(SEED), "--cast", str(bad_cast), "-o", str(tmp_path / "o"))
    assert result.returncode == 1 and "did you mean 'jf_alpha'" in result.stderr and "Traceback" not in result.stderr
    voice = run_cli("say", "hi", "--voice", "nope:x", "-o", str(tmp_path / "x.mp3"))
    assert voice.returncode == 1 and "unknown engine 'nope'" in voice.stderr


def test_usage_errors_exit_2() -> None:
    assert run_cli("render").returncode == 2
    assert run_cli("parse", str(SEED), "--format", "xml").returncode == 2
    assert run_cli("frobnicate").returncode == 2


def test_cast_command_writes_a_loadable_starter_cast(tmp_path: Path) -> None:
    from pipeline.cast import load_cast

    out = tmp_path / "voices" / "redemption.yaml"
    result = run_cli("cast", str(SEED), "-o", str(out))
    assert result.returncode == 0, result.stderr
    cast = load_cast(out)
    names = {c.name: c for c in cast.characters}
    assert names["Sakura"].gender == "female" and names["Sasuke"].gender == "male"
    voices = dict(cast.voices)
    assert voices["Sakura"].spec != voices["Sasuke"].spec
    assert "line(s)" in out.read_text()


def test_voices_sample_writes_one_audition_per_voice(tmp_path: Path) -> None:
    result = run_cli("voices", "--sample", str(tmp_path), "--voice", "kokoro:jf_alpha*0.6+jm_kumo*0.4",
                     "--voice", "espeak:en-gb-scotland", "--text", "Good morning to you.")
    assert result.returncode == 0, result.stderr
    files = sorted(tmp_path.glob("*.mp3"))
    assert len(files) == 2
    for path in files:
        pcm, rate = decode_audio(path)
        assert 0.5 < len(pcm) / rate < 4.0 and np.abs(pcm).max() > 3000
    typo = run_cli("voices", "--sample", str(tmp_path / "x"), "--voice", "kokoro:jf_alfa")
    assert typo.returncode == 1 and "did you mean 'jf_alpha'" in typo.stderr
