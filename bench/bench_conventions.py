"""How much attribution depends on how a book is written down: parse a novel as it is and rewritten
in other conventions, and count the dialogue lines that keep their speaker.

Usage: python bench/bench_conventions.py [TEXT CAST ...]
       (default: Pride and Prejudice and Alice from ../shared/corpus with the tests' whole-book casts)

Quote marks: the same words in curly double quotes (“ ”), and in British single quotes, straight
(' ', where every apostrophe is the same mark) and curly (‘ ’, where the closing mark is the
apostrophe), with the quotes nested in a speech turned to double ones as British printing has them.
Line ends and layout: Windows '\\r\\n' line ends; one paragraph a line with no indentation (as an
EPUB's text reads), with and without a blank line between paragraphs. A line found in the original
and not in a rewrite, or given another speaker there, is a difference the convention made (lines
are matched by their words, in order). Measures only.
"""

from __future__ import annotations

import difflib
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.cast import load_cast  # noqa: E402
from pipeline.ingest import load_book  # noqa: E402
from pipeline.parse import find_all_quotes, parse_book  # noqa: E402
from pipeline.parse.vocatives import nested_quotes  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT = [
    (CORPUS / "PrideAndPrejudice.txt", ROOT / "tests" / "data" / "PrideAndPrejudice_full_characters.yaml"),
    (CORPUS / "AlicesAdventuresInWonderland.txt",
     ROOT / "tests" / "data" / "AlicesAdventuresInWonderland_full_characters.yaml"),
]


def _opens(text: str, i: int) -> bool:
    """Whether the straight double quote at ``text[i]`` opens (after a space, a bracket or a dash)."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([-\u2014_") and not after.isspace()


def curly_double(text: str) -> str:
    return "".join(("\u201c" if _opens(text, i) else "\u201d") if ch == '"' else ch for i, ch in enumerate(text))


def _retyped(text: str, nested_open: str, nested_close: str, quote_open: str, quote_close: str,
             apostrophe: str) -> str:
    """``text`` (straight double quotes, straight single ones nested in them) with other marks: the
    nested quotes' (found as the parser finds them), the outer quotes' and the apostrophes'."""
    chars = list(text)
    path = Path(tempfile.mkdtemp()) / "book.txt"
    path.write_text(text, encoding="utf-8")
    for qp in find_all_quotes(load_book(path)):
        for q in qp.quotes:
            for a, b in nested_quotes(text, q.start, q.end):
                if chars[a] in "'\u2018":
                    chars[a] = nested_open
                if b < len(chars) and chars[b] in "'\u2019":
                    chars[b] = nested_close
    for i, ch in enumerate(chars):
        if ch == "'":
            chars[i] = apostrophe
        elif ch == '"':
            chars[i] = quote_open if _opens(text, i) else quote_close
    return "".join(chars)


def single_straight(text: str) -> str:
    return _retyped(text, '"', '"', "'", "'", "'")


def single_curly(text: str) -> str:
    return _retyped(text, "\u201c", "\u201d", "\u2018", "\u2019", "\u2019")


def curly_all(text: str) -> str:
    """Curly double quotes, curly single ones nested in them, curly apostrophes (\u2019): as most books
    are typeset now."""
    return _retyped(text, "\u2018", "\u2019", "\u201c", "\u201d", "\u2019")


STYLES: dict[str, Callable[[str], str]] = {
    "curly double": curly_double,
    "... and \u2019": curly_all,
    "single, straight": single_straight,
    "single, curly": single_curly,
}


def _paragraph_a_line(separator: str) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
        return separator.join(p for p in paragraphs if p)
    return rewrite


LAYOUTS: dict[str, Callable[[str], str]] = {
    "CRLF line ends": lambda text: text.replace("\n", "\r\n"),
    "paragraph a line": _paragraph_a_line("\n"),
    "... blank between": _paragraph_a_line("\n\n"),
}


def dialogue(text: str, cast_path: Path) -> list[tuple[int, str, str | None]]:
    """Each dialogue line's start offset, words and speaker, in order."""
    cast = load_cast(cast_path)
    path = Path(tempfile.mkdtemp()) / "book.txt"
    path.write_bytes(text.encode("utf-8"))
    script = parse_book(load_book(path), cast.characters, cast.narrator_character)
    return [(s.start, " ".join(s.text.split()), s.speaker) for s in script.segments if s.kind == "dialogue"]


def _report(name: str, got: int, same: int, lost: int, total: int) -> None:
    print(f"  {name:18s} {got:5d} lines; same speaker {same}/{total} = {same / total:.3f}; {lost} not found")


def main(argv: Sequence[str]) -> None:
    pairs = [(Path(a), Path(b)) for a, b in zip(argv[::2], argv[1::2], strict=True)] if argv else DEFAULT
    for text_path, cast_path in pairs:
        text = text_path.read_text(encoding="utf-8")
        base = dialogue(text, cast_path)
        print(f"{text_path.name}: {len(base)} dialogue lines as printed")
        for name, rewrite in STYLES.items():  # (the same length: a line is the one at the same offset)
            got = {start: who for start, _, who in dialogue(rewrite(text), cast_path)}
            same = sum(1 for start, _, who in base if start in got and got[start] == who)
            _report(name, len(got), same, sum(1 for start, _, _ in base if start not in got), len(base))
        for name, rewrite in LAYOUTS.items():  # (offsets move: a line is the one with the same words, in order)
            lines = [(words, who) for _, words, who in dialogue(rewrite(text), cast_path)]
            want = [(words, who) for _, words, who in base]
            same = sum(b.size for b in difflib.SequenceMatcher(a=want, b=lines, autojunk=False).get_matching_blocks())
            found = sum(b.size for b in difflib.SequenceMatcher(
                a=[w for w, _ in want], b=[w for w, _ in lines], autojunk=False).get_matching_blocks())
            _report(name, len(lines), same, len(base) - found, len(base))


if __name__ == "__main__":
    main(sys.argv[1:])
