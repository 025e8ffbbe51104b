"""How much attribution depends on a book's quoting convention: parse a novel as it is and rewritten in
the other conventions, and count the dialogue lines that keep their speaker.

Usage: python bench/bench_quote_styles.py [TEXT CAST ...]
       (default: Pride and Prejudice and Alice from ../shared/corpus with the tests' whole-book casts)

The same words in straight double quotes, curly double quotes (“ ”), and British single quotes,
straight (' ', where every apostrophe is the same mark) and curly (‘ ’, where the closing mark is the
apostrophe), with the quotes nested in a speech turned to double ones as British printing has them.
Every rewrite keeps the text's length, so a line is the same line at the same offset. A line found in
the original and not in a rewrite, or given another speaker there, is a difference the convention made.
Measures only.
"""

from __future__ import annotations

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


def _british(text: str, nested_open: str, nested_close: str, quote_open: str, quote_close: str,
             apostrophe: str) -> str:
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
    return _british(text, '"', '"', "'", "'", "'")


def single_curly(text: str) -> str:
    return _british(text, "\u201c", "\u201d", "\u2018", "\u2019", "\u2019")


STYLES: dict[str, Callable[[str], str]] = {
    "curly double": curly_double,
    "single, straight": single_straight,
    "single, curly": single_curly,
}


def speakers(text: str, cast_path: Path) -> dict[int, str | None]:
    """Each dialogue line's start offset -> its speaker."""
    cast = load_cast(cast_path)
    path = Path(tempfile.mkdtemp()) / "book.txt"
    path.write_text(text, encoding="utf-8")
    script = parse_book(load_book(path), cast.characters, cast.narrator_character)
    return {s.start: s.speaker for s in script.segments if s.kind == "dialogue"}


def main(argv: Sequence[str]) -> None:
    pairs = [(Path(a), Path(b)) for a, b in zip(argv[::2], argv[1::2], strict=True)] if argv else DEFAULT
    for text_path, cast_path in pairs:
        text = text_path.read_text(encoding="utf-8")
        base = speakers(text, cast_path)
        print(f"{text_path.name}: {len(base)} dialogue lines as printed (straight double quotes)")
        for name, rewrite in STYLES.items():
            new = rewrite(text)
            assert len(new) == len(text)
            got = speakers(new, cast_path)
            same = sum(1 for start, who in base.items() if start in got and got[start] == who)
            lost = sum(1 for start in base if start not in got)
            print(f"  {name:17s} {len(got):5d} lines; same speaker {same}/{len(base)} = {same / len(base):.3f}; "
                  f"{lost} not found")


if __name__ == "__main__":
    main(sys.argv[1:])
