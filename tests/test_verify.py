"""Verify: speech recognition (the real bundled Whisper base model) hears rendered clips, flags the
ones that say something else, keeps a retake that fixes a line, and never hears a clip twice."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.produce import prepare, read_manifest, read_takes, render_production
from pipeline.render.cache import ClipStore
from pipeline.script import read_script, with_flags
from pipeline.verify import LineCheck, annotate, score, verify_production, words
from pipeline.verify.book import misheard_words
from pipeline.verify.model import INSTALL

STORY = """Chapter 1

The old lighthouse keeper climbed the stairs every evening at sunset.

"Bring the lantern up to the top," said Martha.

He carried the heavy lantern and lit the great lamp for the ships.
"""
CAST = """narrator: {voice: "piper:en_US-joe-medium"}
characters:
  Martha: {gender: female, voice: "piper:en_US-joe-medium", length_scale: 0.95}
"""
OTHER_WORDS = "Seven green frogs were singing loudly in the muddy pond near the barn."


# --- fast unit tests: normalisation, scoring, the script flag ---------------------------------------

def test_both_sides_are_normalised_alike() -> None:
    assert words("Mr. Smith paid £5 for 42 well-known books.") == \
        words("Mister Smith paid five pounds for forty two well known books")
    assert words("They're here, aren't they?") == words("they are here are not they")


def test_score_aligns_misheard_words() -> None:
    s = score(["So many damn times Sasuke!"], "So many downtime sassuk.")
    assert s.wer == pytest.approx(0.6)
    assert [w for w, _ in s.misheard] == ["damn", "times", "sasuke"]
    assert score(["I am 42."], "I am forty-two").wer == 0.0
    # a respelling from the cast counts as said right too
    assert score(["Hello Sasuke.", "Hello Sahskeh."], "Hello Sasuke").wer == 0.0


def test_flag_comment_keeps_the_script_readable() -> None:
    text = ("= Chapter 1: One\n01-0000-00 | Sakura | Hi there you.  # 0.85 tag\n"
            "01-0000-01 | narrator | She left the room.\n")
    flagged = with_flags(text, {"01-0000-01": '"she lift the broom" (word error 0.50)'})
    assert '01-0000-01 | narrator | She left the room.  # ! heard "she lift the broom"' in flagged
    assert read_script(flagged) == read_script(text)
    assert with_flags(flagged, {}) == text


def _check(seg_id: str, reference: str, heard: str) -> LineCheck:
    s = score([reference], heard)
    return LineCheck(seg_id, 1, "narrator", "piper:x", seg_id, 0, reference, s, s.wer > 0.3, True)


def test_words_the_voices_get_wrong_are_listed_with_their_lines() -> None:
    checks = [_check("a", "Then Sasuke left the room.", "then sassuk left the room"),
              _check("b", "Sasuke ran to the door.", "so cute ran to the door"),
              _check("c", "Where is Sasuke now?", "where is sasuke now"),
              _check("d", "The door was open and the room was dark.", "the door was open and room was dark")]
    prod = SimpleNamespace(cast=SimpleNamespace(pronunciations=()))
    (word,) = misheard_words(prod, checks)  # "the" was dropped once in 6: not a candidate
    assert (word.word, word.misheard, word.seen, word.lines) == ("Sasuke", 2, 3, ("a", "b"))
    assert set(word.heard_as) == {"sassuk", "so cute"} and not word.has_pronunciation


# --- the real model on a real render ----------------------------------------------------------------

@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("verify")
    story, cast = root / "lighthouse.txt", root / "cast.yaml"
    story.write_text(STORY, encoding="utf-8")
    cast.write_text(CAST, encoding="utf-8")
    out = root / "out"
    render_production(prepare(story, cast, out), out)
    return story, cast, out


def _line(out: Path, text_start: str) -> dict:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return next(s for s in manifest["segments"] if s["text"].startswith(text_start))


@pytest.mark.slow
def test_verify_flags_wrong_words_retakes_them_and_never_hears_a_clip_twice(book, monkeypatch) -> None:
    story, cast, out = book
    # a clip of other words (same voice) stored under one line's key, as a glitching engine might leave it
    line = _line(out, "He carried")
    from pipeline.engines import get_engine, voice_from_spec

    other = get_engine("piper").synthesize(OTHER_WORDS, voice_from_spec("piper:en_US-joe-medium"))
    ClipStore(out / "cache" / "clips").put(line["key"], other)

    report = verify_production(prepare(story, cast, out), out)
    assert report.transcribed == len(report.checks) >= 4
    good = [c for c in report.checks if c.id != line["id"]]
    assert good and max(c.wer for c in good) <= 0.2, [(c.id, c.score.heard) for c in good]  # correct clips pass
    assert [c.id for c in report.flagged] == [line["id"]]  # the wrong one is flagged
    assert report.flagged[0].wer > 0.5 and "frogs" in report.flagged[0].score.heard
    script = (out / "script.txt").read_text(encoding="utf-8")
    assert f'{line["id"]} | narrator | He carried the heavy lantern and lit the great lamp for the ships.  # ! heard' \
        in script
    assert [ln.text for ln in read_script(script) if ln.id == line["id"]] == [line["text"]]
    manifest = read_manifest(out)
    assert manifest is not None and manifest.extra["verify"]["flagged_ids"] == [line["id"]]

    # a retake that fixes it is kept: takes.json, the manifest's key, the chapter rebuilt, the flag gone
    report = verify_production(prepare(story, cast, out), out, retake=2)
    (retake,) = report.retakes
    assert retake.id == line["id"] and retake.fixed and retake.new_take == 1 and retake.new_wer <= 0.2
    assert report.chapters_rebuilt == 1 and not report.flagged
    assert read_takes(out) == {line["id"]: 1}
    assert _line(out, "He carried")["key"] != line["key"]
    assert _line(out, "He carried")["verify"]["flagged"] is False
    assert "# ! heard" not in (out / "script.txt").read_text(encoding="utf-8")

    # a second verify transcribes nothing: the model is not even loaded
    import pipeline.verify.listen as listen

    def no_model(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model was loaded although every clip was heard before")

    monkeypatch.setattr(listen.Listener, "__init__", no_model)
    again = verify_production(prepare(story, cast, out), out)
    assert again.transcribed == 0 and len(again.checks) == len(report.checks) and not again.flagged

    # a plain render keeps the verify marks in the manifest it rewrites
    render_production(prepare(story, cast, out), out)
    assert _line(out, "He carried")["verify"]["flagged"] is False


@pytest.mark.slow
def test_verify_shows_whether_a_pronunciation_helped(book) -> None:
    story, cast, out = book
    verify_production(prepare(story, cast, out), out)  # the line heard before the entry
    with_entry = cast.parent / "cast-pron.yaml"
    with_entry.write_text(CAST + 'pronunciations: {lighthouse: "light house"}\n', encoding="utf-8")
    render_production(prepare(story, with_entry, out), out)  # rewrites the manifest to name the new cast
    result = CliRunner().invoke(main, ["verify", str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(r"checked \d+ line\(s\) \(1 transcribed", result.output)  # only the respelled line is new
    assert re.search(r"pronunciation lighthouse -> 'light house': heard right in [01] of 1 line\(s\) now; "
                     r"[01] of 1 before the entry", result.output), result.output


@pytest.mark.slow
def test_render_with_verify_prints_the_table(book) -> None:
    story, cast, out = book
    result = CliRunner().invoke(main, ["render", str(story), "--cast", str(cast), "-o", str(out), "--verify"])
    assert result.exit_code == 0, result.output
    assert re.search(r"checked \d+ line\(s\) .* with whisper-base:", result.output), result.output
    assert "flagged" in result.output and (out / "cache" / "verify.json").is_file()


def test_verify_without_the_package_says_what_to_install(book, monkeypatch) -> None:
    _story, _cast, out = book
    monkeypatch.setitem(sys.modules, "faster_whisper", None)  # as if it were not installed
    result = CliRunner().invoke(main, ["verify", str(out)])
    assert result.exit_code == 1
    assert "faster-whisper" in result.output and INSTALL in result.output


def test_verify_names_what_is_wrong_with_a_folder_or_model(tmp_path: Path, book) -> None:
    result = CliRunner().invoke(main, ["verify", str(tmp_path)])
    assert result.exit_code == 1 and "no manifest.json; render the book first" in result.output
    _story, _cast, out = book
    result = CliRunner().invoke(main, ["verify", str(out), "--model", str(tmp_path)])
    assert result.exit_code == 1 and "model.bin, config.json, vocabulary.txt missing" in result.output


def test_annotate_leaves_a_book_never_verified_alone(tmp_path: Path) -> None:
    annotate(tmp_path)  # no manifest, no results: nothing written
    assert not list(tmp_path.iterdir())


def test_pack_groups_consecutive_clips_into_windows() -> None:
    from pipeline.verify.listen import _windows

    assert _windows([5.0, 5.0, 5.0, 20.0, 40.0, 1.0]) == [[0, 1, 2], [3], [4], [5]]
    assert _windows([]) == []


def test_bundled_model_is_joined_once_and_checksummed(tmp_path: Path, monkeypatch) -> None:
    from pipeline.errors import VerifyError
    from pipeline.verify import model

    files = model.bundled_model(tmp_path)
    assert (files.path / "model.bin").stat().st_size == 145_217_532
    assert {p.name for p in files.path.iterdir()} == {"model.bin", "model.sha256", *model.SIDE_FILES}
    stamp = (files.path / "model.bin").stat().st_mtime_ns
    assert model.bundled_model(tmp_path) == files and (files.path / "model.bin").stat().st_mtime_ns == stamp
    monkeypatch.setattr(model, "MODEL_SHA256", "0" * 64)  # parts that do not join into the known model
    with pytest.raises(VerifyError, match=r"do not join into the expected model.*reinstall"):
        model.bundled_model(tmp_path / "other")
    assert not [p for p in (tmp_path / "other").iterdir() if p.name.startswith(".")]  # no half-written folder
