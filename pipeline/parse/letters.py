"""Letters quoted in the story: who wrote them, so they are read in the writer's voice.

A letter is a run of quoted paragraphs that a character reads or receives (``read as follows:``,
``brought the following note``), set off as a block (indented in plain text), opening with a
salutation (``My dear Friend,``) or closing with a signature (``CAROLINE BINGLEY.``). Its lines are
not turns of the conversation around it: the writer named by the signature (or by ``a letter from
Jane`` before it) speaks them, or the narrator when the book names no writer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .characters import TITLES, CharacterIndex

if TYPE_CHECKING:
    from .context import QuotedParagraph

# narration that hands over a letter, at the end of the paragraph before it
_CUE_RE = re.compile(
    r"\b(?:letter|note|epistle|billet|as\s+follows|the\s+following|to\s+this\s+(?:effect|purpose)|in\s+these\s+words|(?:these|its)\s+(?:were\s+the\s+)?contents"
    r"|ran\s+thus|thus\s+ran|read\s+(?:it\s+)?aloud|read\s+thus|wrote)\b[^.!?]{0,120}[:.!\u2014-]*[\"'\u201d\u2019]?\s*$",
    re.IGNORECASE,
)
_SALUTATION_RE = re.compile(
    r"^(?:my\s+(?:very\s+)?(?:dear(?:est)?|good|honou?red)\b|dear(?:est)?\b|sir\b|madam\b|gentlemen\b)[^.!?]{0,40}"
    r"(?:,|:|:--|:\u2014)$",  # ('MY DEAR MR PIP:--')
    re.IGNORECASE,
)
_SIGNATURE_RE = re.compile(r"^(?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w'\u2019-]*\.?$")
_CLOSING_RE = re.compile(r"^(?:yours|your's|your\s+\w+|ever\s+yours|believe\s+me)\b", re.IGNORECASE)
_SIGNING_OFF_RE = re.compile(r"^I\s+(?:am|remain),|&c\.$")  # ('I am, dear Sir, &c. &c.')
_SIGNED_AFTER_CLOSING_RE = re.compile(
    r"^(?:yours|your's|ever\s+yours|your\s+\w+(?:\s+\w+)?)[^,]{0,20},\s*", re.IGNORECASE
)
_POSTSCRIPT_RE = re.compile(r"P\.\s?S\.")
_READ_DOCUMENT_RE = re.compile(
    r"\bread\b[^.!?\"\u201c\u201d]{0,80}\b(?:dispatch|despatch|telegram|notice|placard|proclamation|handbill|bill"
    r"|inscription|headline|advertisement|announcement|bulletin)s?\b[^.!?\"\u201c\u201d]{0,60}:[\s\u2014-]*$",
    re.IGNORECASE,
)
_UNINDENTED_PARAGRAPHS = 15  # quoted paragraphs a letter no indentation sets off may run to its closing
_FROM_RE = re.compile(r"\bfrom\s+((?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w'\u2019-]*)")


@dataclass(frozen=True)
class Letter:
    """A letter found in the story: its paragraphs (indices into the paragraph list) and writer."""

    first: int
    last: int
    writer: str | None  # a cast or discovered name; None: the book names none, the narrator reads it
    why: str  # how the writer was found, for the line's reason


def find_letters(text: str, paragraphs: Sequence[QuotedParagraph], index: CharacterIndex) -> list[Letter]:
    """Every letter quoted in the story, in order."""
    out: list[Letter] = []
    i = 1
    while i < len(paragraphs):
        letter = _letter_at(text, paragraphs, i, index)
        if letter is None:
            i += 1
            continue
        out.append(letter)
        i = letter.last + 1
    return out


def _opens_with_quote(qp: QuotedParagraph) -> bool:
    return bool(qp.quotes) and qp.quotes[0].open_mark <= qp.paragraph.start + 1


def _indented(text: str, qp: QuotedParagraph) -> bool:
    line = text.rfind("\n", 0, qp.paragraph.start) + 1
    lead = text[line : qp.paragraph.start]
    return len(lead) >= 2 and not lead.strip()


def _only_quote(text: str, qp: QuotedParagraph) -> str:
    """The paragraph's words when it is one quote and nothing else; '' otherwise."""
    if len(qp.quotes) != 1 or not _opens_with_quote(qp):
        return ""
    q = qp.quotes[0]
    rest = text[q.close_mark : qp.paragraph.end].strip(" \t\n\"'\u201d\u2019")
    return "" if rest else " ".join(text[q.start : q.end].split())


def _letter_at(text: str, paragraphs: Sequence[QuotedParagraph], i: int, index: CharacterIndex) -> Letter | None:
    """The letter that starts at paragraph ``i``, if one does."""
    qp = paragraphs[i]
    if not _opens_with_quote(qp):
        return None
    # a letter opening a chapter ('"MY DEAR MR PIP:--" ... "BIDDY."') has no narration handing it over
    opens_chapter = paragraphs[i - 1].chapter != qp.chapter
    indented = _indented(text, qp)
    opening = _only_quote(text, qp)
    salutation = _SALUTATION_RE.match(opening.strip("_*")) is not None
    head = i  # the letter's heading (place, date, salutation) may stand apart as indented narration
    while indented and head > 1 and i - head < 3 and not salutation:
        prev = paragraphs[head - 1]
        words = prev.paragraph.text.strip(" \t\n\"'\u201c\u201d\u2018\u2019_*")
        if prev.quotes or prev.chapter != qp.chapter or not _indented(text, prev) or len(words) > 60:
            break
        head -= 1
        salutation = _SALUTATION_RE.match(words) is not None  # '     MY DEAR BROTHER,"'
    if not salutation:
        head = i
    before = "" if opens_chapter else paragraphs[head - 1].paragraph.text[-300:]
    cue = _CUE_RE.search(before) is not None
    # (one opening a chapter with a salutation is a letter if a known writer signs it)
    signed_only = opens_chapter and salutation and not indented
    # (a book that indents nothing, an EPUB's: whole quoted paragraphs after the cue, to a closing)
    closing = None if indented else _closing_after(text, paragraphs, i, index)
    # ('my brother read that catastrophic dispatch of the Commander-in-Chief:' before one quoted paragraph)
    document = _READ_DOCUMENT_RE.search(before) is not None and bool(_only_quote(text, qp))
    if not (indented and (cue or salutation)) and not (cue and salutation) and not signed_only and not (
        cue and closing is not None
    ) and not document:
        return None
    last = i
    while last + 1 < len(paragraphs):
        nxt = paragraphs[last + 1]
        if nxt.chapter != qp.chapter or not _opens_with_quote(nxt):
            break
        if not (_indented(text, nxt) if indented else nxt.quotes[0].continued):
            break
        last += 1
    if last == i and closing is not None:
        last = closing
    # the closing and signature may stand apart from the indented block ('"Your friend,' / '"DRACULA."')
    while last + 1 < len(paragraphs) and paragraphs[last + 1].chapter == qp.chapter:
        words = _only_quote(text, paragraphs[last + 1]).strip("_*")
        if not words or len(words.split()) > 5 or not (_CLOSING_RE.match(words) or _SIGNATURE_RE.match(words)):
            break
        last += 1
    # ('"P.S. He wishes me most particular to write what larks."' after the signature)
    while last + 1 < len(paragraphs) and paragraphs[last + 1].chapter == qp.chapter and _POSTSCRIPT_RE.match(
        _only_quote(text, paragraphs[last + 1])
    ):
        last += 1
    if last == i and not salutation and not indented and not document:
        return None
    writer, why = _signature(text, paragraphs, i, last, index)
    m = _FROM_RE.search(before) if writer is None else None
    named = _named_from(m.group(1), index) if m is not None else None
    if named is not None:
        writer, why = named[0], f'a letter from {named[0]} ("from {named[1]}")'
    if signed_only and writer is None:
        return None
    return Letter(i, last, writer, why)


def _named_from(words: str, index: CharacterIndex) -> tuple[str, str] | None:
    """The character the capitalised words after 'from' name, by the longest run of them that names
    one ('from Mr. Collins. It was as follows': Mr. Collins, not 'Mr. Collins. It'), and that run."""
    parts = words.split()
    for k in range(len(parts), 0, -1):
        if parts[k - 1] in TITLES:
            continue
        phrase = " ".join(parts[:k])
        found = index.resolve(phrase if k == len(parts) else phrase.rstrip("."))
        if found is not None:
            return found, phrase if k == len(parts) else phrase.rstrip(".")
    return None


def _closing_after(text: str, paragraphs: Sequence[QuotedParagraph], i: int, index: CharacterIndex) -> int | None:
    """The paragraph that closes a letter starting at ``i`` that no indentation sets off: the first
    of the whole quoted paragraphs after it (a few at most) that is a closing ('Your affectionate
    friend,') or a known writer's signature ('FITZWILLIAM DARCY.'; not 'Yes.', a reply)."""
    run = i
    chapter = paragraphs[i].chapter
    while run + 1 < len(paragraphs) and run - i < _UNINDENTED_PARAGRAPHS and paragraphs[run + 1].chapter == chapter:
        words = _only_quote(text, paragraphs[run + 1]).strip("_*")
        if not words:
            return None
        run += 1
        n = len(words.split())
        if (n <= 8 and (_CLOSING_RE.match(words) or _SIGNING_OFF_RE.search(words))) or (
            n <= 4 and _SIGNATURE_RE.match(words) and _signer(words.rstrip("."), index) is not None
        ):
            return run
    return None


def _signature(
    text: str, paragraphs: Sequence[QuotedParagraph], first: int, last: int, index: CharacterIndex
) -> tuple[str | None, str]:
    """The writer a letter's last lines sign with ('FITZWILLIAM DARCY.'), if one is known."""
    for k in range(last, max(first, last - 2) - 1, -1):
        line = _only_quote(text, paragraphs[k]).strip("_*")
        words = _SIGNED_AFTER_CLOSING_RE.sub("", line.rstrip("."))  # ('Yours, ESTELLA.')
        if not words or words.endswith(",") or not _SIGNATURE_RE.match(words) or len(words.split()) > 4:
            continue  # 'MY DEAR LIZZY,' and 'Yours,' are no signatures
        found = _signer(words, index)
        if found is not None:
            return found, f'a letter signed "{words}"'
    return None, ""


def _signer(words: str, index: CharacterIndex) -> str | None:
    """The known character a signature's words name ('FITZWILLIAM DARCY'): the whole name, else the one
    character with that surname; not a character that only starts the same (not Colonel Fitzwilliam)."""
    name = words.title() if words.isupper() else words
    return index.named(name) or _by_last_name(name, index)


def _by_last_name(name: str, index: CharacterIndex) -> str | None:
    """The one character whose name ends in the signature's words ('Dracula' for 'Count Dracula'),
    else in its last word ('Fitzwilliam Darcy' for 'Mr. Darcy')."""
    words = name.lower().split()
    for tail in (words, words[-1:]):
        owners = {
            char.name for char in index.characters.values() for form in char.names
            if form.lower().split()[-len(tail):] == tail
        }
        if owners:
            return owners.pop() if len(owners) == 1 else None
    return None
