"""The CLI as a user meets it: outputs, contracts and exit codes (0 ok, 1 user error, 2 usage).

Run in-process through click's CliRunner (``invoke``); one smoke test runs the real command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from pipeline.assemble.chapter import decode_audio
from tests.conftest import SEED, SEED_CAST, invoke, run_cli
from tests.fakes import FakeEngine


def test_parse_json_follows_the_contract() -> None:
    result = invoke("parse", str(SEED), "--cast", str(SEED_CAST), "--format", "json")
    assert result.exit_code == 0, result.stderr
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
    result = invoke("parse", str(SEED), "--format", "json", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == "" and "error" not in result.stderr
    assert json.loads(out.read_text())["segments"]


def test_voices_lists_every_embedded_voice_with_gender() -> None:
    result = invoke("voices")
    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()}
    assert rows["piper:en_US-joe-medium"] == "male"
    for voice in ("jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro"):
        assert rows[f"kokoro:{voice}"] == "female"
    assert rows["kokoro:jm_kumo"] == "male"
    assert rows["espeak:en-us+f3"] == "female"


def test_say_writes_a_decodable_mp3(tmp_path: Path) -> None:
    out = tmp_path / "hello.mp3"
    result = invoke("say", "Hello there, this is an audition.", "--voice", "kokoro:jf_nezumi", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out} (") and result.stdout.rstrip().endswith("s, kokoro:jf_nezumi)")
    pcm, rate = decode_audio(out)
    assert 1.0 < len(pcm) / rate < 5.0 and np.abs(pcm).max() > 3000


def test_the_real_command_exits_0_1_and_2() -> None:
    """Smoke test in a separate process: the exit codes a shell sees, and no traceback."""
    ok = run_cli("--version")
    assert ok.returncode == 0 and "version" in ok.stdout and ok.stderr == ""
    missing = run_cli("parse", "nope.txt")
    assert missing.returncode == 1 and "no such file" in missing.stderr and "Traceback" not in missing.stderr
    assert missing.stdout == ""
    usage = run_cli("frobnicate")
    assert usage.returncode == 2 and "No such command 'frobnicate'" in usage.stderr and usage.stdout == ""


def test_user_errors_exit_1_with_a_message_on_stderr_and_no_traceback(tmp_path: Path) -> None:
    missing = invoke("parse", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 1 and "no such file" in missing.stderr and "Traceback" not in missing.stderr
    assert missing.stderr.startswith("error: ") and missing.stdout == ""
    bad_cast = tmp_path / "cast.yaml"
    bad_cast.write_text('narrator: {voice: "kokoro:jf_alfa"}\n')
    result = invoke("render", str(SEED), "--cast", str(bad_cast), "-o", str(tmp_path / "o"))
    assert result.exit_code == 1 and "did you mean 'jf_alpha'" in result.stderr and "Traceback" not in result.stderr
    assert "did you mean" not in result.stdout
    voice = invoke("say", "hi", "--voice", "nope:x", "-o", str(tmp_path / "x.mp3"))
    assert voice.exit_code == 1 and "unknown engine 'nope'" in voice.stderr and voice.stdout == ""


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    for args in (["render"], ["parse", str(SEED), "--format", "xml"], ["frobnicate"],
                 ["render", str(SEED), "-o", str(tmp_path / "o"), "--take", "1"]):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.exit_code, result.stdout, result.stderr)
        assert "Usage: " in result.stderr and result.stdout == "", args


def test_cast_command_writes_a_loadable_starter_cast(tmp_path: Path) -> None:
    from pipeline.cast import load_cast

    out = tmp_path / "voices" / "redemption.yaml"
    result = invoke("cast", str(SEED), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {out}\n"
    cast = load_cast(out)
    names = {c.name: c for c in cast.characters}
    assert names["Sakura"].gender == "female" and names["Sasuke"].gender == "male"
    voices = dict(cast.voices)
    assert voices["Sakura"].spec != voices["Sasuke"].spec
    assert "line(s)" in out.read_text()


def test_voices_sample_writes_one_audition_per_voice(tmp_path: Path) -> None:
    result = invoke("voices", "--sample", str(tmp_path), "--voice", "kokoro:jf_alpha*0.6+jm_kumo*0.4",
                    "--voice", "espeak:en-gb-scotland", "--text", "Good morning to you.")
    assert result.exit_code == 0, result.stderr
    files = sorted(tmp_path.glob("*.mp3"))
    assert len(files) == 2
    assert sorted(result.stdout.splitlines()) == [f"wrote {path}" for path in files]
    for path in files:
        pcm, rate = decode_audio(path)
        assert 0.5 < len(pcm) / rate < 4.0 and np.abs(pcm).max() > 3000
    typo = invoke("voices", "--sample", str(tmp_path / "x"), "--voice", "kokoro:jf_alfa")
    assert typo.exit_code == 1 and "did you mean 'jf_alpha'" in typo.stderr


FAKE_STORY = '"Come here," said Anna.\n\n"No," said Boris.\n\nThe rain went on.\n'
FAKE_CAST = """narrator: {voice: "fake:mid"}
characters:
  Anna: {gender: female, voice: "fake:high"}
  Boris: {gender: male, voice: "fake:low"}
"""


def test_render_reports_on_stdout_and_failed_lines_on_stderr(tmp_path: Path, fake_engine: FakeEngine) -> None:
    """CLI behaviour only, so the in-process fake engine speaks: the summary, a re-run, a failing line."""
    story, cast, out = tmp_path / "story.txt", tmp_path / "cast.yaml", tmp_path / "out"
    story.write_text(FAKE_STORY)
    cast.write_text(FAKE_CAST)
    args = ("render", str(story), "--cast", str(cast), "-o", str(out))
    plan = invoke(*args, "--dry-run")
    assert plan.exit_code == 0 and plan.stderr == "" and not out.joinpath("01-story.mp3").exists()
    voices = {line.split()[0]: line.split()[1] for line in plan.stdout.splitlines()}
    assert (voices["01-0000-00"], voices["01-0001-00"], voices["01-0002-00"]) == ("fake:high", "fake:low", "fake:mid")
    first = invoke(*args)
    assert first.exit_code == 0 and first.stderr == "", first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith(f"synthesized {len(fake_engine.calls)}, cached 0, chapters rebuilt 1 of 1; ")
    assert lines[1].startswith(f"  fake: {len(fake_engine.calls)} clips, ")
    assert lines[2] == f"wrote {out}/ (01-story.mp3, script.txt, manifest.json)" and len(lines) == 3
    assert invoke(*args).stdout.startswith(f"synthesized 0, cached {len(fake_engine.calls)}, chapters rebuilt 0 of 1")
    fake_engine.fail_on.add("rain")
    failed = invoke(*args, "--line", "01-0002-00")
    assert failed.exit_code == 1 and failed.stdout.startswith("synthesized 0, cached ")
    assert failed.stderr.splitlines() == ["failed 01-0002-00: fake: refuses 'The rain went on.'",
                                          "error: 1 line(s) failed; fix them and run render again "
                                          "(finished lines are kept)"]


def test_render_follow_fixes_lists_the_lines_it_decided_again(tmp_path: Path, fake_engine: FakeEngine) -> None:
    from tests.test_incremental import RUN_CAST, RUN_STORY

    story, cast, out = tmp_path / "story.txt", tmp_path / "cast.yaml", tmp_path / "out"
    story.write_text(RUN_STORY)
    cast.write_text(RUN_CAST)
    args = ("render", str(story), "--cast", str(cast), "-o", str(out))
    assert invoke(*args).exit_code == 0
    script = out / "script.txt"
    script.write_text(script.read_text().replace("| Ann | Out.", "| Mary | Out.", 1))
    plain = invoke(*args, "--dry-run")
    assert plain.exit_code == 0 and "following your speaker fixes" not in plain.stdout
    followed = invoke(*args, "--dry-run", "--follow-fixes")
    assert followed.exit_code == 0, followed.stderr
    lines = followed.stdout.splitlines()
    assert lines[1] == "following your speaker fixes, 2 more line(s) changed speaker:"
    assert [ln.split()[1:] for ln in lines[2:4]] == [["Ann", "->", "Mary"], ["Ann", "->", "Mary"]]
    assert lines[0].startswith("script.txt: 1 edited, 0 added, 0 deleted")
