"""Studio edits as changes to ``script.txt`` text: the file stays the source of truth.

Each function takes the script file's text and returns new text in the same format; the next
render applies it through the same merge as a person's hand edits (:func:`pipeline.script.merge_edits`).
"""

from __future__ import annotations

from ..errors import ScriptError
from ..script import NARRATOR, ScriptLine, one_line, read_script


def _find(lines: list[ScriptLine], line_id: str) -> int:
    for i, line in enumerate(lines):
        if line.id == line_id:
            return i
    from ..errors import did_you_mean

    raise ScriptError(f"script.txt: no line {line_id!r}{did_you_mean(line_id, [ln.id for ln in lines])}")


def check_speaker(speaker: str) -> str:
    """A speaker name as it can stand between the script's bars."""
    name = " ".join(speaker.split())
    if not name or any(ch in name for ch in "|#="):
        raise ScriptError(f"speaker {speaker!r}: must be a name without '|', '#' or '=' (or 'narrator')")
    return name


def check_text(text: str) -> str:
    """Line text as one line; empty text is refused (merge the line into its neighbour instead)."""
    flat = one_line(text)
    if not flat:
        raise ScriptError("a line's text cannot be empty; merge it with the next line instead")
    return flat


def _render(line_id: str, speaker: str | None, text: str) -> str:
    return f"{line_id} | {speaker or NARRATOR} | {text}"


def _replace(text: str, number: int, new: list[str]) -> str:
    rows = text.splitlines()
    rows[number - 1:number] = new
    return "\n".join(rows) + "\n"


def edit_line(script: str, line_id: str, text: str | None = None, speaker: str | None = None) -> str:
    """Change one line's text and/or speaker (``narrator`` makes it narration)."""
    lines = read_script(script)
    line = lines[_find(lines, line_id)]
    new_text = check_text(text) if text is not None else line.text
    new_speaker = line.speaker if speaker is None else check_speaker(speaker)
    if new_speaker == NARRATOR:
        new_speaker = None
    return _replace(script, line.number, [_render(line.id, new_speaker, new_text)])


def split_line(script: str, line_id: str, at: int) -> tuple[str, str]:
    """Split a line at character ``at`` of its text; the second half gets a new id after it
    (``01-0004-00b``), the same speaker. Returns the new text and the new id."""
    lines = read_script(script)
    line = lines[_find(lines, line_id)]
    head, tail = line.text[:at].strip(), line.text[at:].strip()
    if not head or not tail:
        raise ScriptError(f"{line_id}: split point {at} leaves one half empty (the text has {len(line.text)} "
                          "characters)")
    taken = {ln.id for ln in lines}
    new_id = next(f"{line.id}{s}" for s in "bcdefghijklmnopqrstuvwxyz" + "0123456789" if f"{line.id}{s}" not in taken)
    return _replace(script, line.number, [_render(line.id, line.speaker, head),
                                          _render(new_id, line.speaker, tail)]), new_id


def merge_lines(script: str, line_id: str) -> tuple[str, str]:
    """Join a line with the next one (the first line's speaker reads both); returns the new text
    and the id of the line merged away."""
    lines = read_script(script)
    i = _find(lines, line_id)
    if i + 1 >= len(lines):
        raise ScriptError(f"{line_id}: is the last line; nothing to merge it with")
    first, second = lines[i], lines[i + 1]
    rows = script.splitlines()
    if any(r.strip().startswith("=") for r in rows[first.number:second.number - 1]):
        raise ScriptError(f"{line_id}: the next line ({second.id}) is in another chapter")
    rows[second.number - 1:second.number] = []
    rows[first.number - 1] = _render(first.id, first.speaker, f"{first.text} {second.text}")
    return "\n".join(rows) + "\n", second.id
