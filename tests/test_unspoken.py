"""Licence boilerplate stays in the parse (every character covered) but is never read aloud."""

from __future__ import annotations

from pathlib import Path

from pipeline.produce import prepare, render_production
from tests.fakes import FakeEngine

GUTENBERG = """The Project Gutenberg eBook of Tiny Tale

Title: Tiny Tale

Author: Some One

*** START OF THE PROJECT GUTENBERG EBOOK TINY TALE ***

CHAPTER I.

"Hello," said Anna.

The end.

*** END OF THE PROJECT GUTENBERG EBOOK TINY TALE ***

Section 1. General Terms of Use and Redistributing Project Gutenberg electronic works.
"""


def test_boilerplate_is_covered_by_unspoken_segments_and_skipped_by_render(tmp_path: Path,
                                                                           fake_engine: FakeEngine) -> None:
    story = tmp_path / "tiny.txt"
    story.write_text(GUTENBERG, encoding="utf-8")
    cast = tmp_path / "cast.yaml"
    cast.write_text('narrator: {voice: "fake:mid"}\ncharacters: {Anna: {gender: female, voice: "fake:high"}}\n')
    prod = prepare(story, cast)
    segments = prod.script.segments
    covered = [0] * len(GUTENBERG)
    for seg in segments:
        for i in range(seg.start, seg.end):
            covered[i] += 1
    assert all(covered[i] == 1 for i, ch in enumerate(GUTENBERG) if not ch.isspace() and ch != '"')
    unspoken = [s for s in segments if not s.spoken]
    assert [s.chapter for s in unspoken] == [0, 2]
    assert "START OF THE PROJECT GUTENBERG" in unspoken[0].text and "General Terms" in unspoken[1].text
    assert prod.book.title == "Tiny Tale" and prod.book.author == "Some One"
    render_production(prod, tmp_path / "out")
    spoken = " ".join(text for text, _ in fake_engine.calls)
    assert "Gutenberg" not in spoken and "Hello" in spoken and "The end." in spoken
    assert sorted(p.name for p in (tmp_path / "out").glob("*.mp3")) == ["01-chapter-i.mp3"]


def test_editing_an_unspoken_line_keeps_it_unspoken(tmp_path: Path, fake_engine: FakeEngine) -> None:
    """A person fixing a typo in the licence text must not make the licence read aloud."""
    story = tmp_path / "tiny.txt"
    story.write_text(GUTENBERG, encoding="utf-8")
    cast = tmp_path / "cast.yaml"
    cast.write_text('narrator: {voice: "fake:mid"}\ncharacters: {Anna: {gender: female, voice: "fake:high"}}\n')
    out = tmp_path / "out"
    render_production(prepare(story, cast), out)
    script = out / "script.txt"
    text = script.read_text(encoding="utf-8")
    assert "General Terms of Use" in text
    script.write_text(text.replace("General Terms of Use", "General Terms of Usage"), encoding="utf-8")
    prod = prepare(story, cast, out)
    assert prod.merge is not None and len(prod.merge.edited) == 1
    edited = next(s for s in prod.script.segments if "Terms of Usage" in s.text)
    assert edited.spoken is False
    fake_engine.calls.clear()
    render_production(prod, out)
    assert not any("Usage" in text for text, _ in fake_engine.calls)
