"""Incremental production on a fake engine: script edits, takes, status, find, re-parse merges."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from pipeline.cli import Position
from pipeline.errors import RenderError, ScriptError
from pipeline.produce import prepare, render_production
from pipeline.produce.status import find_line, status
from pipeline.speech.lexicon import spoken_text
from tests.fakes import FakeEngine

STORY = """Chapter 1

"Come here," said Anna. "Right now."

"No," said Boris.

Chapter 2

The rain went on all night over Anna's house.

"Still raining," said Anna.
"""

CAST = """narrator: {voice: "fake:mid"}
characters:
  Anna: {gender: female, voice: "fake:high"}
  Boris: {gender: male, voice: "fake:low"}
voice_pool: {female: ["fake:alt"], male: ["fake:deep"], unknown: ["fake:mid"]}
"""


@pytest.fixture
def book(tmp_path: Path, fake_engine: FakeEngine) -> tuple[Path, Path, Path]:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    cast = tmp_path / "cast.yaml"
    cast.write_text(CAST, encoding="utf-8")
    out = tmp_path / "out"
    render_production(prepare(story, cast, out), out)
    fake_engine.calls.clear()
    return story, cast, out


def rerender(story: Path, cast: Path, out: Path, **kw):  # type: ignore[no-untyped-def]
    return render_production(prepare(story, cast, out, kw.pop("force_edits", False)), out, **kw)


def edit_script(out: Path, old: str, new: str) -> None:
    path = out / "script.txt"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def mtimes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp3")}


def test_editing_a_lines_text_resynthesises_that_line_and_rebuilds_its_chapter_only(book, fake_engine) -> None:
    story, cast, out = book
    before = mtimes(out)
    edit_script(out, "| Anna | Still raining,", "| Anna | Still pouring,")
    stale, chapters = status(prepare(story, cast, out), out)
    assert [(s.reason) for s in stale] == ["text changed"] and chapters == [2]
    report = rerender(story, cast, out)
    assert fake_engine.calls == [("Still pouring,", "fake:high")]
    assert report.synth.synthesized == 1 and report.chapters_rebuilt == 1
    after = mtimes(out)
    assert after["01-chapter-1.mp3"] == before["01-chapter-1.mp3"]
    assert after["02-chapter-2.mp3"] != before["02-chapter-2.mp3"]
    # the edit survives: the next render keeps it and synthesises nothing
    fake_engine.calls.clear()
    again = rerender(story, cast, out)
    assert again.synth.synthesized == 0 and fake_engine.calls == []
    assert "| Anna | Still pouring," in (out / "script.txt").read_text()


def test_changing_a_speaker_tag_uses_that_characters_voice(book, fake_engine) -> None:
    story, cast, out = book
    edit_script(out, "| Anna | Right now.", "| Boris | Right now.")
    report = rerender(story, cast, out)
    assert fake_engine.calls == [("Right now.", "fake:low")]
    seg = next(s for s in json.loads((out / "manifest.json").read_text())["segments"] if s["text"] == "Right now.")
    assert seg["speaker"] == "Boris" and seg["voice"] == "fake:low"
    assert report.chapters_rebuilt == 1


def test_giving_narration_to_a_character_and_back(book, fake_engine) -> None:
    story, cast, out = book
    edit_script(out, "| narrator | The rain went on", "| Anna | The rain went on")
    rerender(story, cast, out)
    assert fake_engine.calls == [("The rain went on all night over Anna's house.", "fake:high")]
    segments = json.loads((out / "manifest.json").read_text())["segments"]
    seg = next(s for s in segments if s["text"].startswith("The rain"))
    assert seg["kind"] == "dialogue" and seg["speaker"] == "Anna"


def test_deleting_a_line_drops_it_without_synthesis(book, fake_engine) -> None:
    story, cast, out = book
    script = (out / "script.txt").read_text()
    line = next(ln for ln in script.splitlines() if "| Right now." in ln)
    (out / "script.txt").write_text(script.replace(line + "\n", ""))
    report = rerender(story, cast, out)
    assert fake_engine.calls == [] and report.chapters_rebuilt == 1
    texts = [s["text"] for s in json.loads((out / "manifest.json").read_text())["segments"]]
    assert "Right now." not in texts and "Come here," in texts


def test_splitting_a_line_in_two(book, fake_engine) -> None:
    story, cast, out = book
    script = (out / "script.txt").read_text()
    line = next(ln for ln in script.splitlines() if "| The rain went on" in ln)
    seg_id = line.split(" | ")[0]
    split = f"{seg_id} | narrator | The rain went on all night.\n{seg_id}b | narrator | It fell over Anna's house."
    (out / "script.txt").write_text(script.replace(line, split))
    rerender(story, cast, out)
    assert sorted(fake_engine.calls) == [("It fell over Anna's house.", "fake:mid"),
                                         ("The rain went on all night.", "fake:mid")]
    ids = [s["id"] for s in json.loads((out / "manifest.json").read_text())["segments"]]
    assert ids.index(seg_id + "b") == ids.index(seg_id) + 1


def test_reparse_keeps_edits_where_the_source_is_unchanged_and_refuses_conflicts(book, fake_engine) -> None:
    story, cast, out = book
    edit_script(out, "| Boris | No,", "| Boris | No way,")
    edit_script(out, "| Anna | Still raining,", "| Anna | Still pouring,")
    # the author changes chapter 2's quoted line in the story: that hand edit no longer applies
    story.write_text(STORY.replace('"Still raining," said Anna.', '"It is still raining," said Anna.'))
    with pytest.raises(ScriptError, match=r"no longer match the story text.*--force"):
        prepare(story, cast, out)
    prod = prepare(story, cast, out, force=True)
    texts = [s.text for s in prod.script.segments]
    assert "No way," in texts and "It is still raining," in texts and "Still pouring," not in texts
    assert prod.merge is not None and len(prod.merge.dropped) == 1


def test_a_take_is_kept_per_line_until_reset(book, fake_engine) -> None:
    story, cast, out = book
    seg_id = next(s.id for s in prepare(story, cast, out).script.segments if s.text == "No,")
    first = rerender(story, cast, out, force=frozenset({seg_id}), takes={seg_id: 2})
    assert first.synth.synthesized == 1
    assert json.loads((out / "takes.json").read_text()) == {seg_id: 2}
    fake_engine.calls.clear()
    assert rerender(story, cast, out).synth.synthesized == 0  # take 2 is remembered and cached
    rerender(story, cast, out, takes={seg_id: 0})
    assert fake_engine.calls == []  # take 0 is the original, still cached
    assert json.loads((out / "takes.json").read_text()) == {}


def test_recast_narrator_resynthesises_only_narration(book, fake_engine) -> None:
    story, cast, out = book
    cast.write_text(CAST.replace('narrator: {voice: "fake:mid"}', 'narrator: {voice: "fake:deep"}'))
    rerender(story, cast, out)
    narration = {spoken_text(s.text) for s in prepare(story, cast, out).script.segments if s.kind == "narration"}
    assert {text for text, _ in fake_engine.calls} == narration
    assert {voice for _, voice in fake_engine.calls} == {"fake:deep"}


def test_pronunciation_resynthesises_only_lines_with_the_word(book, fake_engine) -> None:
    story, cast, out = book
    cast.write_text(CAST + 'pronunciations: {Anna: "Ahna"}\n')
    rerender(story, cast, out)
    with_word = [s.text for s in prepare(story, cast, out).script.segments if "Anna" in s.text]
    assert len(fake_engine.calls) == len(set(with_word)) > 0
    assert all("Ahna" in text for text, _ in fake_engine.calls)


def test_find_the_line_playing_at_a_time(book) -> None:
    out = book[2]
    manifest = json.loads((out / "manifest.json").read_text())
    target = next(s for s in manifest["segments"] if s["text"] == "Still raining,")
    middle = (target["start"] + target["end"]) / 2
    chapter, seconds = Position().convert(f"2:0:{middle:.2f}", None, None)
    assert (chapter, seconds) == (2, pytest.approx(middle, abs=0.01))
    assert find_line(out, chapter, seconds).id == target["id"]
    with pytest.raises(RenderError, match="chapter 7 is not in"):
        find_line(out, 7, 1.0)
    with pytest.raises(click.BadParameter, match="expected CHAPTER:MM:SS"):
        Position().convert("soon", None, None)


RUN_STORY = """Chapter 1

Tom, Mary and Ann sat at the table.

"Where were you?" said Tom.

"Out."

"Out where?"

"Just out."

"With whom?"

"Nobody."
"""

RUN_CAST = """narrator: {voice: "fake:mid"}
characters:
  Tom: {gender: male, voice: "fake:low"}
  Mary: {gender: female, voice: "fake:high"}
  Ann: {gender: female, voice: "fake:alt"}
"""


def speakers_of(out: Path) -> list[str]:
    return [s["speaker"] for s in json.loads((out / "manifest.json").read_text())["segments"]
            if s["kind"] == "dialogue"]


def test_follow_fixes_turns_the_run_around_one_speaker_fix_and_the_result_stays(tmp_path, fake_engine) -> None:
    """The parse gives Tom's untagged partner as Ann; fixing one of her lines to Mary and rendering
    with follow_fixes makes Mary the partner of the whole run (only those lines re-rendered); without
    it only the fixed line changes; and a later plain render keeps what following decided."""
    story = tmp_path / "story.txt"
    story.write_text(RUN_STORY, encoding="utf-8")
    cast = tmp_path / "cast.yaml"
    cast.write_text(RUN_CAST, encoding="utf-8")
    plain, follow = tmp_path / "plain", tmp_path / "follow"
    for out in (plain, follow):
        render_production(prepare(story, cast, out), out)
        assert speakers_of(out) == ["Tom", "Ann", "Tom", "Ann", "Tom", "Ann"]
        edit_script(out, "| Ann | Out.", "| Mary | Out.")
    fake_engine.calls.clear()
    render_production(prepare(story, cast, plain), plain)
    assert speakers_of(plain) == ["Tom", "Mary", "Tom", "Ann", "Tom", "Ann"]
    fake_engine.calls.clear()
    prod = prepare(story, cast, follow, follow_fixes=True)
    assert [(before, after) for _id, before, after in prod.followed] == [("Ann", "Mary"), ("Ann", "Mary")]
    report = render_production(prod, follow)
    assert speakers_of(follow) == ["Tom", "Mary", "Tom", "Mary", "Tom", "Mary"]
    assert sorted(fake_engine.calls) == [("Just out.", "fake:high"), ("Nobody.", "fake:high"), ("Out.", "fake:high")]
    assert report.synth.synthesized == 3
    fake_engine.calls.clear()
    again = render_production(prepare(story, cast, follow), follow)
    assert again.synth.synthesized == 0 and speakers_of(follow) == ["Tom", "Mary", "Tom", "Mary", "Tom", "Mary"]
