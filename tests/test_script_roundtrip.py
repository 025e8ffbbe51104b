"""The script file round-trips: written and read back it gives the same segments, for any text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import parse_text
from pipeline.model import Character
from pipeline.parse import parse_book
from pipeline.script import format_script, merge_edits, one_line, read_script

PIECES = st.sampled_from(['"', "\u201c", "\u201d", "'", "\u2019", " said Anna.", " she cried", "Anna", "Boris",
                          "\n\n", "\n", "Chapter 2\n\n", " # 0.5 note", " | ", "\u200b", "\u202e", "\U0001f642",
                          "e\u0301", "***", "...", "\u2014", " ", "word", "Why?", "\x00", "\t"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), min_size=1, max_size=60).map("".join)
CHARACTERS = (Character("Anna", "female"), Character("Boris", "male"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_script_written_and_read_back_gives_the_same_segments(text: str) -> None:
    if not text.strip():
        return
    script = parse_book(parse_text(text, Path("story.txt")), CHARACTERS)
    lines = read_script(format_script(script))
    assert [ln.id for ln in lines] == [s.id for s in script.segments]
    for line, seg in zip(lines, script.segments, strict=True):
        assert line.text == one_line(seg.text)
        expected = None if seg.kind == "narration" else (seg.speaker or "unknown")
        assert line.speaker == expected
    merged = merge_edits(script.segments, script.segments, lines)
    assert merged.segments == script.segments and not (merged.edited or merged.added or merged.deleted)
