"""Rendering logic on a fake engine: cache hits, untouched chapters, failures, pauses, manifest."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from pipeline.assemble.chapter import PAUSES, decode_audio, pause_before
from pipeline.engines import Voice
from pipeline.model import Segment
from pipeline.produce import prepare, render_production
from pipeline.render.synth import Line
from tests.fakes import FakeEngine

STORY = """Chapter 1

"Come here," said Anna.

"No," said Boris. He folded his arms.

Chapter 2

The rain went on all night.

"Still raining," said Anna.
"""

CAST = """narrator: {voice: "fake:mid"}
characters:
  Anna: {gender: female, voice: "fake:high"}
  Boris: {gender: male, voice: "fake:low"}
pronunciations: {}
voice_pool: {female: ["fake:alt"], male: ["fake:deep"], unknown: ["fake:mid"]}
"""


@pytest.fixture
def book(tmp_path: Path, fake_engine: FakeEngine) -> tuple[Path, Path, Path]:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    cast = tmp_path / "cast.yaml"
    cast.write_text(CAST, encoding="utf-8")
    return story, cast, tmp_path / "out"


def render(story: Path, cast: Path, out: Path, **kw: object):  # type: ignore[no-untyped-def]
    return render_production(prepare(story, cast), out, **kw)  # type: ignore[arg-type]


def test_first_render_synthesises_each_line_once_second_render_nothing(book, fake_engine) -> None:
    story, cast, out = book
    first = render(story, cast, out)
    segments = prepare(story, cast).script.segments
    assert first.synth.synthesized == len({s.text for s in segments}) == len(fake_engine.calls)
    assert first.chapters_rebuilt == 2
    mp3s = sorted(p.name for p in out.glob("*.mp3"))
    assert mp3s == ["01-chapter-1.mp3", "02-chapter-2.mp3"]
    stamps = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.glob("*.mp3")}
    fake_engine.calls.clear()
    second = render(story, cast, out)
    assert second.synth.synthesized == 0 and fake_engine.calls == []
    assert second.synth.cached == first.synth.synthesized
    assert second.chapters_rebuilt == 0
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.glob("*.mp3")} == stamps


def test_recasting_one_character_resynthesises_only_their_lines(book, fake_engine) -> None:
    story, cast, out = book
    render(story, cast, out)
    before = (out / "02-chapter-2.mp3").stat().st_mtime_ns
    cast.write_text(CAST.replace('voice: "fake:low"', 'voice: "fake:deep"'))
    fake_engine.calls.clear()
    report = render(story, cast, out)
    assert fake_engine.calls == [("No,", "fake:deep")]
    assert report.synth.synthesized == 1
    assert report.chapters_rebuilt == 1
    assert (out / "02-chapter-2.mp3").stat().st_mtime_ns == before


def test_manifest_lists_every_segment_with_voice_key_and_times(book) -> None:
    story, cast, out = book
    render(story, cast, out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["summary"]["synthesized"] > 0 and manifest["summary"]["cached"] == 0
    segs = manifest["segments"]
    assert [s["id"] for s in segs] == [s.id for s in prepare(story, cast).script.segments]
    anna = [s for s in segs if s["speaker"] == "Anna"]
    assert {s["voice"] for s in anna} == {"fake:high"}
    for s in segs:
        assert s["key"] and s["end"] > s["start"] >= 0 and s["file"].endswith(".mp3")
    ch2 = [s for s in segs if s["chapter"] == 2]
    assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(ch2))
    samples, rate = decode_audio(out / ch2[0]["file"])
    assert abs(len(samples) / rate - manifest["chapters"][1]["duration"]) < 0.1
    script = (out / "script.txt").read_text()
    assert "| Anna | Come here," in script and "| narrator | said Anna." in script


def test_pauses_grow_from_sentence_to_speaker_to_paragraph(book) -> None:
    story, cast, out = book
    render(story, cast, out)
    segs = json.loads((out / "manifest.json").read_text())["segments"]
    by_text = {s["text"]: s for s in segs if s["chapter"] == 1}
    gap_speaker = by_text["said Anna."]["start"] - by_text["Come here,"]["end"]
    gap_paragraph = by_text["No,"]["start"] - by_text["said Anna."]["end"]
    mid = Voice("fake", "mid")
    same_voice = [Line(Segment("a", 1, "narration", None, "One.", 0, 4, paragraph=3), mid, "One.", "k1"),
                  Line(Segment("b", 1, "dialogue", None, "Two.", 6, 10, paragraph=3), mid, "Two.", "k2")]
    assert pause_before(same_voice[0], same_voice[1]) == PAUSES["sentence"]
    assert gap_speaker == pytest.approx(PAUSES["speaker"], abs=0.01)
    assert gap_paragraph == pytest.approx(PAUSES["paragraph"], abs=0.01)
    assert PAUSES["sentence"] < PAUSES["speaker"] < PAUSES["paragraph"] < PAUSES["heading"]


def test_a_failing_line_is_reported_others_are_kept_and_retried_alone(book, fake_engine) -> None:
    story, cast, out = book
    fake_engine.fail_on = {"Still raining"}
    report = render(story, cast, out)
    assert [seg_id for seg_id, _ in report.failed] == [
        s.id for s in prepare(story, cast).script.segments if s.text == "Still raining,"]
    assert (out / "01-chapter-1.mp3").exists() and not (out / "02-chapter-2.mp3").exists()
    fake_engine.fail_on = set()
    fake_engine.calls.clear()
    again = render(story, cast, out)
    assert fake_engine.calls == [("Still raining,", "fake:high")]
    assert again.failed == () and (out / "02-chapter-2.mp3").exists()


def test_empty_audio_from_an_engine_is_a_failure_not_a_silent_line(book, fake_engine) -> None:
    story, cast, out = book
    fake_engine.empty_on = {"Come here"}
    report = render(story, cast, out)
    assert len(report.failed) == 1 and "no audio" in report.failed[0][1]


def test_corrupted_clip_is_resynthesised_when_its_chapter_is_rebuilt(book, fake_engine) -> None:
    story, cast, out = book
    render(story, cast, out)
    clips = sorted((out / "cache" / "clips").rglob("*.flac"))
    for clip in clips:
        clip.write_bytes(clip.read_bytes()[:100])
    (out / "01-chapter-1.mp3").unlink()
    fake_engine.calls.clear()
    report = render(story, cast, out)
    assert report.chapters_rebuilt == 1
    assert report.synth.corrupted >= 1
    assert 0 < len(fake_engine.calls) < len(clips)


def test_second_render_of_the_same_book_refuses_while_the_first_holds_the_lock(book) -> None:
    import fcntl

    from pipeline.errors import RenderError

    story, cast, out = book
    out.mkdir()
    with open(out / ".lock", "a+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(RenderError, match="another render of this book is running"):
            render(story, cast, out)


def test_output_path_that_is_a_file_is_a_clear_error(book) -> None:
    from pipeline.errors import RenderError

    story, cast, out = book
    out.write_text("not a folder")
    with pytest.raises(RenderError, match="is a file"):
        render(story, cast, out)


def test_first_person_narrator_lines_go_to_the_named_cast_entry(tmp_path: Path, fake_engine: FakeEngine) -> None:
    story = tmp_path / "me.txt"
    story.write_text('I walked to the forge.\n\n"Is it done?" I said.\n\n"Nearly," said Joe.\n', encoding="utf-8")
    cast = tmp_path / "cast.yaml"
    cast.write_text('narrator: {voice: "fake:mid"}\nnarrator_character: Pip\ncharacters:\n'
                    '  Pip: {gender: male, voice: "fake:low"}\n  Joe: {gender: male, voice: "fake:deep"}\n')
    prod = prepare(story, cast)
    said = {s.text: s.speaker for s in prod.script.segments if s.kind == "dialogue"}
    assert said == {"Is it done?": "Pip", "Nearly,": "Joe"}
    render_production(prod, tmp_path / "out")
    assert ("Is it done?", "fake:low") in fake_engine.calls


def test_scene_breaks_are_one_pause_and_none_at_the_chapter_end(tmp_path: Path, fake_engine: FakeEngine) -> None:
    from pipeline.assemble.chapter import TAIL_SECONDS

    story = tmp_path / "breaks.txt"
    story.write_text("Chapter 1\n\nFirst part.\n\n* * *\n\n* * *\n\nSecond part.\n\n*     *     *\n", encoding="utf-8")
    cast = tmp_path / "cast.yaml"
    cast.write_text('narrator: {voice: "fake:mid"}\n')
    render_production(prepare(story, cast), tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    seg = {s["text"]: s for s in manifest["segments"]}
    gap = seg["Second part."]["start"] - seg["First part."]["end"]
    assert gap == pytest.approx(2 * PAUSES["paragraph"] + PAUSES["scene"], abs=0.01)
    tail = manifest["chapters"][0]["duration"] - seg["Second part."]["end"]
    assert tail == pytest.approx(TAIL_SECONDS, abs=0.01)


def test_flac_only_render_names_its_files_and_keeps_them_on_the_next_run(book, fake_engine) -> None:
    """A FLAC-only render reports the FLAC files, rebuilds nothing the second time, and builds the M4B."""
    story, cast, out = book
    first = render(story, cast, out, formats=("flac",), m4b=True)
    assert [c.file for c in first.chapters] == ["01-chapter-1.flac", "02-chapter-2.flac"]
    assert not list(out.glob("*.mp3"))
    assert (out / "story.m4b").is_file()
    pcm, rate = decode_audio(out / "01-chapter-1.flac")
    assert rate == 44100 and len(pcm) / rate == pytest.approx(first.chapters[0].duration, abs=0.05)
    again = render(story, cast, out, formats=("flac",), m4b=True)
    assert again.chapters_rebuilt == 0 and again.synth.synthesized == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert [c["file"] for c in manifest["chapters"]] == ["01-chapter-1.flac", "02-chapter-2.flac"]


def test_an_ffmpeg_failure_is_a_user_error_with_ffmpeg_s_words(book, fake_engine, tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    import pipeline.assemble.chapter as chapter
    from pipeline.cli import main

    story, cast, out = book
    broken = tmp_path / "ffmpeg"
    broken.write_text("#!/bin/sh\necho 'Encoder libmp3lame not found' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(chapter, "ffmpeg_exe", lambda: str(broken))  # in this process: no worker processes
    result = CliRunner().invoke(main, ["render", str(story), "--cast", str(cast), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "ffmpeg could not write 01-chapter-1.mp3 (exit 3): Encoder libmp3lame not found" in result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)


def test_the_manifest_keeps_how_the_book_was_read_and_where_its_files_are(book, fake_engine, monkeypatch) -> None:
    """verify and the studio rebuild a rendered book from its manifest: the same read options
    (--lang, --read-notes, --ruby) and absolute story/cast paths, wherever they are run from."""
    from pipeline.model import ReadOptions
    from pipeline.produce.manifest import read_manifest
    from pipeline.studio.session import locate
    from pipeline.verify.book import production_for

    story, cast, out = book
    options = ReadOptions(language="en", read_notes=True, ruby="reading")
    render_production(prepare(story, cast, options=options), out)
    manifest = read_manifest(out)
    assert manifest is not None and manifest.book.read == options
    assert manifest.book.source == str(story.resolve()) and manifest.book.cast == str(cast.resolve())
    monkeypatch.chdir(out.parent.parent)  # somewhere else
    assert production_for(out).options == options
    assert locate(out).options == options
