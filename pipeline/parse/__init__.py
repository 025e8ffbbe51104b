"""Turn a ``Book`` into a ``Script``: narration and dialogue segments in reading order, with speakers.

Segment rules (the ``parse --format json`` contract): one segment per narration span and per quoted
span; offsets index ``book.text`` and ``text == book.text[start:end]`` trimmed of space; dialogue
excludes its quote marks; every non-space character lies in exactly one segment except quote
marks; a chapter heading is its own narration segment (``heading=True``, ``paragraph=-1``).
IDs are ``CC-PPPP-NN`` (chapter, paragraph index in the book, segment within the paragraph) and
``CC-PPPP`` for a heading, where PPPP is the index of the chapter's first paragraph (or, for a
chapter without paragraphs, the index the next paragraph would have): so all IDs sort in reading
order as plain strings, a heading just before its chapter's first segment.

First-person dialogue ("I said") goes to ``narrator_name`` when given, else to the name the book
gives its narrator ("Call me Ishmael", the name others address the narrator by; see ``narrator``),
else to the speaker name ``"Narrator"``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..model import Book, Character, Gender, Script, Segment, segment_id
from ..spans import strip_span
from .attribution import addressed_names, attribute, tag_names, tag_subjects
from .characters import CharacterIndex, candidate_names, shared_first_names
from .context import Attribution, QuotedParagraph, is_group
from .letters import find_letters
from .lineends import fixed_in_view, lf_view, quoted_in_source
from .narrator import narrator_names as find_narrator_names
from .nonspeech import is_speech
from .person_nouns import RELATIVE_NOUNS, noun_sex
from .quotes import QUOTE_CHARS, detect_style, find_quotes
from .speaker_model import Weights, shipped_weights
from .tags import forget as forget_tag_lookups
from .vocatives import quote_vocatives

DEFAULT_NARRATOR = "Narrator"
_FIRST_PERSON_RE = re.compile(r"\bI\b")
# 'said I' in this many speech tags, and this share of them, makes a book first-person whatever the rest
# of its narration says (an authorial 'I' in a third-person book tags no speech)
_FIRST_PERSON_TAGS = 5
_FIRST_PERSON_TAG_SHARE = 0.05
_EXTRACT_PARAGRAPHS = 8  # paragraphs after a quote where a cited extract's source may stand
_TOLD_OF_NARRATION = 1000  # characters of narration a chapter needs before one 'I' in it counts for none


def find_all_quotes(book: Book) -> list[QuotedParagraph]:
    """Every paragraph of the book (in order) with the quoted spans found in it."""
    style = detect_style(book.text)
    out: list[QuotedParagraph] = []
    for chapter in book.chapters:
        carry = False
        paras = chapter.paragraphs
        for i, para in enumerate(paras):
            spans, carry = find_quotes(book.text, para.start, para.end, style, carry)
            # (not titles, words, cited extracts: an extract may run on over the next paragraphs)
            following = [(p.start, p.end) for p in paras[i + 1 : i + 1 + _EXTRACT_PARAGRAPHS]] if spans else []
            spans = [q for q in spans if is_speech(book.text, q, para.start, para.end, following)]
            out.append(QuotedParagraph(chapter.number, para, tuple(spans)))
    return out


def _first_person(
    book: Book, paragraphs: Sequence[QuotedParagraph], subjects: Sequence[str]
) -> tuple[bool, frozenset[int]]:
    """Whether the book is a first-person story, and the chapters of one that are told as of others.

    First-person: the narration (outside quotes) says 'I' often enough, or the speech tags often say
    'said I' (``subjects``: the tags' subjects): a book whose narrator also tells of other people at
    length (Moby-Dick) says 'I' less often than most, but still speaks. A chapter whose narration says
    'I' once at most (Moby-Dick's 'The Quarter-Deck', The War of the Worlds' chapters of the narrator's
    brother) is told as of others: its narrator speaks no line of it."""
    said_i = sum(1 for s in subjects if s == "I")
    by_tags = said_i >= _FIRST_PERSON_TAGS and said_i >= _FIRST_PERSON_TAG_SHARE * len(subjects)
    text = book.text
    count: Counter[int] = Counter()
    chars: Counter[int] = Counter()
    for qp in paragraphs:
        cursor = qp.paragraph.start
        n = m = 0
        for q in qp.quotes:
            n += len(_FIRST_PERSON_RE.findall(text, cursor, max(cursor, q.open_mark)))
            m += max(0, q.open_mark - cursor)
            cursor = max(cursor, q.close_mark)
        n += len(_FIRST_PERSON_RE.findall(text, cursor, qp.paragraph.end))
        m += max(0, qp.paragraph.end - cursor)
        count[qp.chapter] += n
        chars[qp.chapter] += m
    total = sum(chars.values())
    first = by_tags or (total > 0 and sum(count.values()) * 1000 / total > 1.5)
    if not first:
        return False, frozenset()
    chapters = {qp.chapter for qp in paragraphs if qp.quotes}
    # (one 'I' in a chapter of little narration may be its one 'said I')
    return True, frozenset(c for c in chapters if count[c] == 0 or (count[c] == 1 and chars[c] >= _TOLD_OF_NARRATION))


def _narration(book: Book, chapter: int, para: int, a: int, b: int, n: int) -> Segment | None:
    a, b = strip_span(book.text, a, b)
    if a >= b or all(ch in QUOTE_CHARS or ch.isspace() for ch in book.text[a:b]):
        return None
    return Segment(
        id=segment_id(chapter, para, n), chapter=chapter, kind="narration", speaker=None,
        text=book.text[a:b], start=a, end=b, confidence=1.0, reason="", paragraph=para,
    )


def _paragraph_segments(book: Book, qp: QuotedParagraph, atts: Sequence[Attribution]) -> list[Segment]:
    """Narration and dialogue segments of one paragraph, numbered from 0."""
    out: list[Segment] = []
    para = qp.paragraph
    cursor = para.start

    def add_narration(a: int, b: int) -> None:
        seg = _narration(book, qp.chapter, para.index, a, b, len(out))
        if seg is not None:
            out.append(seg)

    for q, att in zip(qp.quotes, atts, strict=True):
        add_narration(cursor, max(cursor, q.open_mark))
        if q.end > q.start:
            out.append(
                Segment(
                    id=segment_id(qp.chapter, para.index, len(out)), chapter=qp.chapter,
                    kind="dialogue", speaker=att.speaker, text=book.text[q.start : q.end], start=q.start,
                    end=q.end, confidence=max(0.0, min(1.0, att.confidence)), reason=att.reason,
                    paragraph=para.index, runner_up=att.runner_up,
                )
            )
        cursor = max(cursor, q.close_mark, q.end)
    add_narration(cursor, para.end)
    return out


def _heading(book: Book, chapter_number: int, span: tuple[int, int], para: int) -> Segment | None:
    a, b = strip_span(book.text, *span)
    if a >= b:
        return None
    return Segment(
        id=segment_id(chapter_number, para), chapter=chapter_number, kind="narration", speaker=None,
        text=book.text[a:b], start=a, end=b, confidence=1.0, reason="", paragraph=-1, heading=True,
    )


def _unify_speeches(quoted: Sequence[QuotedParagraph], atts: list[list[Attribution]]) -> None:
    """Give every paragraph of a multi-paragraph speech the speaker of its best-attributed part."""
    k = 0
    while k < len(quoted):
        group = [k]
        j = k + 1
        while j < len(quoted) and quoted[j].quotes and quoted[j].quotes[0].continued and atts[j - 1]:
            group.append(j)
            j += 1
        if len(group) > 1 and atts[k]:
            members = [(k, len(atts[k]) - 1)] + [(g, 0) for g in group[1:]]
            best = max((atts[p][i] for p, i in members), key=lambda a: a.confidence)
            for p, i in members:
                if atts[p][i].speaker != best.speaker:
                    reason = f"multi-paragraph speech: {best.reason}"
                    atts[p][i] = replace(atts[p][i], speaker=best.speaker, confidence=best.confidence, reason=reason)
        k = j


_SHIPPED = "shipped"
_TALKS_BEFORE_NAMING = 6  # lines back from one where a speaker names themself to the description they spoke as


def _chapter_lines(
    quoted: Sequence[QuotedParagraph], atts: Sequence[Sequence[Attribution]]
) -> list[list[tuple[int, int]]]:
    """Each chapter's lines, in order, as (paragraph, quote) indices."""
    chapters: dict[int, list[tuple[int, int]]] = {}
    for p, qp in enumerate(quoted):
        chapters.setdefault(qp.chapter, []).extend((p, i) for i in range(len(atts[p])))
    return list(chapters.values())


def _name_descriptions(
    quoted: Sequence[QuotedParagraph], atts: list[list[Attribution]], given: Mapping[str, Gender], fixed: set[int]
) -> None:
    """One a description spoke for, who then names themself ('"You have an apprentice, commonly known
    as Pip?" pursued the stranger.' ... '"My name," he said, "is Jaggers"'), or whom a tag then names
    in its turn ('"This is a fine place of my son's, sir," cried the old man' ... Wemmick answers ... '"He's
    fired! I heerd him!" cried the Aged'): the description's lines in that chapter are the named one's, in
    place (a described speaker the chapter never hears again, and a name it had not heard speak before; not
    one the cast names, nor lines a person attributed; for a tag, one the description may be: ``_may_be``)."""
    for same in _chapter_lines(quoted, atts):
        for n, (p, i) in enumerate(same):
            named = atts[p][i]
            tagged = named.reason.startswith("explicit tag") and named.speaker in given
            if not named.reason.startswith("names themself") and not tagged:
                continue
            before = [atts[pp][ii].speaker for pp, ii in same[:n]]
            recent = before[-_TALKS_BEFORE_NAMING:]
            found = [s for s in dict.fromkeys(reversed(recent)) if s.startswith("the ") and s not in given]
            if tagged:
                # ('cried the old man', then 'cried the Aged': a man's description, a man of the cast)
                found = [s for s in found if _may_be(s, given[named.speaker])]
            if not found or named.speaker in before:
                continue
            # ('"..., commonly known as Pip?" pursued the stranger.' / 'I am here!' / '"I wish to have a private
            # conference with you two," said the gentleman' / 'My name is Jaggers': every description of his in
            # the last lines, unless two of them talk to each other)
            talking = any(x in found and y in found and x != y for x, y in itertools.pairwise(recent))
            # (the next line of another than the one named: who answers them)
            later = (atts[pp][ii].speaker for pp, ii in same[n + 1 :])
            after = next((who for who in later if who != named.speaker), None)
            for described in found[:1] if talking else found:
                if any(atts[pp][ii].speaker == described for pp, ii in same[n:]):
                    continue  # (the description speaks again: someone else)
                if tagged and not _takes_the_turn(recent, described, named.speaker, after):
                    continue  # ('"..." observed the lady. / "..." said Fanny': one answering her, not she)
                how = "names themself later" if not tagged else "is named later"
                why = f"{described} {how}: {named.reason.split(': ', 1)[-1]}"
                _rename(quoted, atts, same, described, named.speaker, why, fixed)


def _call_descriptions(
    text: str, quoted: Sequence[QuotedParagraph], atts: list[list[Attribution]], given: Mapping[str, Gender],
    index: CharacterIndex, fixed: set[int],
) -> None:
    """One a description spoke for, whom the answer then calls by a cast name ('"Look here; are you talking
    about prying open any of my doors?"' ... said the landlady / '"Mrs. Hussey, ..."'): that description's
    lines in the chapter are the one called, when the chapter does not hear them speak as themself, the
    description is of their sex and is no relative, and the answer calls no one else."""
    for same in _chapter_lines(quoted, atts):
        for n in range(1, len(same)):
            (p0, i0), (p1, i1) = same[n - 1], same[n]
            described, answer = atts[p0][i0].speaker, atts[p1][i1].speaker
            if not described.startswith("the ") or described in given or answer == described:
                continue
            q = quoted[p1].quotes[i1]
            called = {
                c for form in quote_vocatives(text, q.start, q.end)
                if (c := index.resolve(form)) is not None and c in given
            }
            if len(called) != 1:
                continue
            who = next(iter(called))
            if who == answer or not _may_be(described, given[who]):
                continue
            if any(atts[pp][ii].speaker == who for pp, ii in same):
                continue  # (one who speaks in the chapter as themself is someone else)
            _rename(quoted, atts, same, described, who, f"{described} is called {who} by {answer}", fixed)


def _takes_the_turn(recent: Sequence[str], described: str, named: str, after: str | None) -> bool:
    """Whether the line of ``named`` after ``recent`` takes the turn of ``described`` in a talk of two: the
    lines since the description's last are all one other speaker's, who also spoke before it ('"Is it your
    own, Mr. Wemmick?"' / '"O yes," said Wemmick' / ... / '"He's fired! I heerd him!" cried the Aged'), not
    the description's partner answering it; or none are, and the description's one partner answers
    ``named`` next (``after``: '"Pip?" / "Mr. Pumblechook's boy, ma'am." / "Come nearer; let me look at you."
    said the lady' ... '"Look at me," said Miss Havisham' / 'No.' from Pip)."""
    last = max(k for k, who in enumerate(recent) if who == described)
    since = set(recent[last + 1 :])
    if not since:
        partners = set(recent[recent.index(described) : last]) - {described}
        return len(partners) == 1 and after in partners and named not in partners
    return len(since) == 1 and next(iter(since)) in recent[:last]


def _may_be(description: str, sex: Gender) -> bool:
    """Whether a description may be a cast member of ``sex``: one its person noun says is of that sex
    ('the lady at the table': a woman), not several people, and no relative ('the elder sister', whom the
    kinship rules place)."""
    words_ = description.lower().split()
    said = next((s for w in words_[1:] if (s := noun_sex(w)) is not None), None)
    return said == sex and not is_group(description) and not any(w in RELATIVE_NOUNS for w in words_)


def _rename(
    quoted: Sequence[QuotedParagraph], atts: list[list[Attribution]], lines: Sequence[tuple[int, int]],
    described: str, who: str, why: str, fixed: set[int],
) -> None:
    """The description's ``lines`` become ``who``'s, with ``why`` (not those a person attributed)."""
    for p, i in lines:
        a = atts[p][i]
        if a.speaker == described and quoted[p].quotes[i].start not in fixed:
            atts[p][i] = replace(a, speaker=who, reason=why)


def parse_book(
    book: Book, characters: Sequence[Character] = (), narrator_name: str | None = None,
    weights: Weights | str | None = _SHIPPED, fixed: Mapping[int, str] | None = None,
) -> Script:
    """Segments in reading order + the characters (given ones plus discovered ones).

    ``weights``: the fitted attribution model (default: the one that ships; None: hand rules only).
    ``fixed``: speakers a person gave some lines (a dialogue segment's start offset -> speaker); they
    are kept, and the lines around them decided knowing them (turn-taking runs through them).
    """
    quoted, atts, all_chars = attribute_book(book, characters, narrator_name, weights, fixed)
    return _script(book, quoted, atts, all_chars)


def attribute_book(
    book: Book, characters: Sequence[Character] = (), narrator_name: str | None = None,
    weights: Weights | str | None = _SHIPPED, fixed: Mapping[int, str] | None = None,
) -> tuple[list[QuotedParagraph], list[list[Attribution]], list[Character]]:
    """The quoted paragraphs, each quote's attribution (with its candidates) and every character
    (``fixed``: see ``parse_book``)."""
    view = lf_view(book)  # (a book saved with '\r\n' line ends is decided as with '\n' ones)
    if view is not None:
        quoted, atts, chars = attribute_book(view.book, characters, narrator_name, weights, fixed_in_view(view, fixed))
        return quoted_in_source(view, book, quoted), atts, chars
    model = shipped_weights() if isinstance(weights, str) else weights
    forget_tag_lookups()
    quoted = find_all_quotes(book)
    given = CharacterIndex(shared_first_names(book.text, characters))
    spans = sorted((q.open_mark, q.close_mark) for qp in quoted for q in qp.quotes)
    subjects = tag_subjects(book.text, quoted)
    discovered = candidate_names(book, tag_names(subjects), given, addressed_names(book.text, quoted), spans)
    all_chars = list(given.characters.values()) + discovered
    index = CharacterIndex(all_chars)
    first_person, told_of = _first_person(book, quoted, subjects)
    names = _named_narrator(book.text, quoted, index) if first_person and not narrator_name else ()
    named = names[0] if names else None
    others = [n for n in names[1:] if n not in given.characters]
    if named is not None and others:
        # ('Handel', what Herbert calls Pip): the narrator's other names, one voice with theirs
        all_chars = _merged(all_chars, named, others)
        index = CharacterIndex(all_chars)
    narrator = narrator_name or named or DEFAULT_NARRATOR
    # a letter is its writer's; one whose writer the book does not name is the narrator's to read
    letters = find_letters(book.text, quoted, index)
    unsigned = {i for letter in letters if letter.writer is None for i in range(letter.first, letter.last + 1)}
    quoted = [replace(qp, quotes=()) if i in unsigned else qp for i, qp in enumerate(quoted)]
    by_quote = _fixed_quotes(quoted, fixed or {})
    atts = attribute(book.text, quoted, index, narrator, first_person, model, letters, by_quote, told_of)
    _unify_speeches(quoted, atts)
    genders = {c.name: c.gender for c in given.characters.values()}
    _name_descriptions(quoted, atts, genders, set(by_quote))
    _call_descriptions(book.text, quoted, atts, genders, index, set(by_quote))
    known = {c.name for c in all_chars}
    speaking = {a.speaker for para in atts for a in para}
    # descriptor speakers ('the landlord'); a description only narrated ('The old man stood ...') is none
    all_chars += [c for name, c in index.characters.items() if name not in known and name in speaking]
    return quoted, atts, all_chars


def _fixed_quotes(quoted: Sequence[QuotedParagraph], fixed: Mapping[int, str]) -> dict[int, str]:
    """``fixed`` keyed by the start of the quote each offset lies in (a segment starts past its quote
    mark and any space)."""
    if not fixed:
        return {}
    offsets = sorted(fixed)
    out = {}
    for qp in quoted:
        for q in qp.quotes:
            k = bisect.bisect_left(offsets, q.start)
            if k < len(offsets) and offsets[k] < q.end:
                out[q.start] = fixed[offsets[k]]
    return out


def _merged(characters: Sequence[Character], name: str, others: Sequence[str]) -> list[Character]:
    """``characters`` with those named ``others`` folded into ``name``'s character as aliases."""
    folded = [c for c in characters if c.name in others]
    extra = tuple(form for c in folded for form in c.names)
    return [
        replace(c, aliases=(*c.aliases, *extra)) if c.name == name else c
        for c in characters if c.name not in others
    ]


def _named_narrator(text: str, quoted: Sequence[QuotedParagraph], index: CharacterIndex) -> tuple[str, ...]:
    """The first-person narrator's name where the book gives it ('Call me Ishmael'; the name others
    address the narrator by), so the narrator's lines and that character share one voice, and the
    other names others call the narrator by."""
    vocs = [
        [name for q in qp.quotes for form in quote_vocatives(text, q.start, q.end) if (name := index.resolve(form))]
        for qp in quoted
    ]
    paras = [(qp.paragraph.start, qp.paragraph.end, qp.quotes) for qp in quoted]
    return find_narrator_names(text, paras, index, vocs)


def _script(
    book: Book, quoted: Sequence[QuotedParagraph], atts: Sequence[Sequence[Attribution]], all_chars: list[Character]
) -> Script:
    """The script: headings, narration and dialogue segments in reading order."""
    segments: list[Segment] = []
    by_chapter: dict[int, list[int]] = {}
    for i, qp in enumerate(quoted):
        by_chapter.setdefault(qp.chapter, []).append(i)
    next_para = 0
    for chapter in book.chapters:
        if chapter.paragraphs:
            next_para = chapter.paragraphs[0].index
        if chapter.heading is not None:
            head = _heading(book, chapter.number, chapter.heading, next_para)
            if head is not None:
                segments.append(head)
        if chapter.paragraphs:
            next_para = chapter.paragraphs[-1].index + 1
        for i in by_chapter.get(chapter.number, []):
            segments.extend(_paragraph_segments(book, quoted[i], atts[i]))
    return Script(book=book, segments=tuple(_with_unspoken(book, segments)), characters=tuple(all_chars))


def _with_unspoken(book: Book, segments: list[Segment]) -> list[Segment]:
    """Add the text that is kept but not read (licence header/footer, EPUB front matter) as
    unspoken narration: front matter before the first chapter as chapter 0, anything after the
    last chapter under one past it, anything between chapters under the chapter before it, so
    every character of the source still lies in a segment. Footnotes and endnotes (``book.notes``,
    inside their chapter after its paragraphs) join their chapter, read only with ``book.read_notes``."""
    if not book.unspoken and not book.notes:
        return segments
    first = book.chapters[0].start if book.chapters else len(book.text)
    last = book.chapters[-1].number + 1 if book.chapters else 1
    notes = set(book.notes)
    extra = []
    for n, (start, end) in enumerate(sorted((*book.unspoken, *book.notes))):
        a, b = strip_span(book.text, start, end)
        if a >= b:
            continue
        before = [c.number for c in book.chapters if c.start <= a]
        chapter = 0 if a < first else before[-1] if before and a < book.chapters[-1].end else last
        is_note = (start, end) in notes
        extra.append(Segment(id=segment_id(chapter, "0000" if chapter == 0 else "9999", n), chapter=chapter,
                             kind="narration", speaker=None, text=book.text[a:b], start=a, end=b, paragraph=-1,
                             reason="note" if is_note else "", spoken=is_note and book.read_notes))
    return sorted([*segments, *extra], key=lambda seg: seg.start)
