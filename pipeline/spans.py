"""Offsets into the source text: the one helper every stage that cuts spans shares."""

from __future__ import annotations


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` narrowed to its first and last non-space characters (empty if all space)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
