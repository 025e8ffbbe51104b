"""LitBank quotations as a development corpus for speaker attribution (dev-only, used by the benches).

``load_work`` reads one work from ``bench/data/litbank`` (CC BY 4.0, see its README): aligns the
tokenised excerpt to the original text (real character offsets), turns every annotated quote into
a ``GoldQuote`` (character span with its quote marks, speaker entity, kind), and builds the cast a
user would write from the coreference layer: every person with a proper-name mention (main name =
most frequent proper form, aliases = the other proper forms), plus every speaker known only by a
description ('the nurse'), gender from the pronouns that refer to them, and ``narrator_character``
for a first-person work.

Kind of a quote (our rule): look at the sentences the quote spans (LitBank's sentence split keeps
``" Wake up , " she said .`` together), outside every quote: a proper-name or noun mention of the
speaker there makes the quote *explicit*, a pronoun mention *anaphoric*, none *implicit*.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from pipeline.model import Character, Gender

DATA = Path(__file__).resolve().parent / "data" / "litbank"
_EQUIV = {'"': "[\"\u201c\u201d]", "\u201c": "[\"\u201c\u201d]", "\u201d": "[\"\u201c\u201d]",
          "'": "['\u2018\u2019]", "\u2018": "['\u2018\u2019]", "\u2019": "['\u2018\u2019]",
          "\u2014": "(?:\u2014|--)"}
_MALE = frozenset(("he", "him", "his", "himself"))
_FEMALE = frozenset(("she", "her", "hers", "herself"))
_FIRST = frozenset(("i", "me", "my", "myself", "mine"))
_DETS = ("the ", "a ", "an ", "this ", "that ", "his ", "her ", "my ", "our ", "their ", "your ", "its ", "another ",
         "one ", "some ", "these ", "those ")
NARRATOR = "Narrator"


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


def most_overlapping(spans: Sequence[S], starts: Sequence[int], start: int, end: int, window: int = 8) -> S | None:
    """Of ``spans`` (sorted by start; ``starts`` their starts), the one overlapping ``[start, end)``
    most, looking at the ``window`` spans that start just before ``end``; None if none overlaps."""
    k = bisect.bisect_left(starts, end)
    best, overlap = None, 0
    for span in spans[max(0, k - window):k]:
        ov = min(span.end, end) - max(span.start, start)
        if ov > overlap:
            best, overlap = span, ov
    return best


def works() -> list[str]:
    """Every work name (``1400_great_expectations``), sorted."""
    return sorted(p.stem for p in (DATA / "original").glob("*.txt"))


def held_out() -> frozenset[str]:
    """The 15 works never looked at while designing rules: fixed by the sha256 of the name."""
    return frozenset(sorted(works(), key=lambda w: hashlib.sha256(w.encode()).hexdigest())[:15])


@dataclass(frozen=True)
class GoldQuote:
    """One annotated quote: [start, end) in the original text (quote marks included), its speaker."""

    qid: str
    start: int
    end: int
    entity: str  # coreference id
    label: str  # readable entity name, e.g. 'Mrs__Carey'
    kind: str  # explicit | anaphoric | implicit


@dataclass(frozen=True)
class Work:
    """One LitBank work ready to parse and score."""

    name: str
    path: Path
    text: str
    quotes: tuple[GoldQuote, ...]
    cast: tuple[Character, ...]
    narrator_character: str | None
    entity_of: dict[str, str] = field(default_factory=dict)  # cast name (and 'Narrator') -> entity
    forms: dict[str, Counter[str]] = field(default_factory=dict)  # entity -> lower-cased mention forms
    aligned: float = 1.0  # share of tokens aligned to the original


def _token_regex(tok: str) -> str:
    return "".join(_EQUIV.get(c, re.escape(c)) for c in tok)


def align(text: str, sentences: list[list[str]]) -> tuple[list[list[tuple[int, int]]], float]:
    """Character span of every token in ``text`` (tokens appear in order; whitespace differs)."""
    flat = [t for s in sentences for t in s]
    pos = 0
    if flat:  # the excerpt may start after some front matter: find its first few tokens
        head = r"\s*".join(_token_regex(t) for t in flat[:4])
        m = re.search(head, text)
        pos = m.start() if m else 0
    spans: list[list[tuple[int, int]]] = []
    ok = 0
    for sent in sentences:
        row = []
        for tok in sent:
            start = pos
            while start < len(text) and text[start].isspace():
                start += 1
            if text.startswith(tok, start):  # the common case, no regex
                row.append((start, start + len(tok)))
                pos = start + len(tok)
                ok += 1
                continue
            rx = re.compile(_token_regex(tok))
            m = rx.match(text, start) or rx.search(text, pos, pos + 200)
            if m is not None:
                row.append((m.start(), m.end()))
                pos = m.end()
                ok += 1
            else:
                row.append((pos, pos))
        spans.append(row)
    return spans, ok / max(1, len(flat))


def _rows(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _entity_id(label: str) -> str:
    return label.rsplit("-", 1)[-1]


def _strip_det(form: str) -> str:
    low = form.lower()
    for d in _DETS:
        if low.startswith(d):
            return form[len(d):]
    return form


def _proper(form: str) -> str:
    """A proper-name mention as a user would write it in a cast: 'this Hester Prynne' -> 'Hester
    Prynne', "Tom's" -> 'Tom', 'MARGARET' -> 'Margaret'."""
    words = form.removesuffix("'s").removesuffix("\u2019s").split()
    while len(words) > 1 and words[0][:1].islower():
        words = words[1:]
    out = " ".join(words)
    return out.title() if out.isupper() and len(out) > 2 else out


def load_work(name: str) -> Work:
    """Read, align and convert one work (see the module docstring)."""
    text = (DATA / "original" / f"{name}.txt").read_text(encoding="utf-8-sig")
    sentences = [line.rstrip("\n").split(" ") for line in
                 (DATA / "quotations" / f"{name}.txt").read_text(encoding="utf-8").split("\n")]
    spans, aligned = align(text, sentences)

    def span(s0: int, t0: int, s1: int, t1: int) -> tuple[int, int]:
        return spans[s0][t0][0], spans[s1][t1][1]

    def surface(s0: int, t0: int, s1: int, t1: int) -> str:
        a, b = span(s0, t0, s1, t1)
        return " ".join(text[a:b].split())

    # coreference: mentions per entity
    mentions: dict[str, tuple[int, int, int, int, str, str, str]] = {}
    entity_of_t: dict[str, str] = {}
    label_of: dict[str, str] = {}
    for row in _rows(DATA / "coref" / f"{name}.ann"):
        if row[0] == "MENTION":
            s0, t0, s1, t1 = map(int, row[2:6])
            mentions[row[1]] = (s0, t0, s1, t1, row[6], row[7], row[8])
        elif row[0] == "COREF":
            entity_of_t[row[1]] = _entity_id(row[2])
            label_of.setdefault(_entity_id(row[2]), row[2].rsplit("-", 1)[0])
    by_entity: dict[str, list[tuple[int, int, int, int, str, str, str]]] = defaultdict(list)
    for tid, m in mentions.items():
        if tid in entity_of_t:
            by_entity[entity_of_t[tid]].append(m)

    # quotes
    qrows = _rows(DATA / "quotations" / f"{name}.ann")
    qspans = {r[1]: tuple(map(int, r[2:6])) for r in qrows if r[0] == "QUOTE"}
    speaker = {r[1]: r[2] for r in qrows if r[0] == "ATTRIB"}
    in_quote: set[tuple[int, int]] = set()
    for s0, t0, s1, t1 in qspans.values():
        for s in range(s0, s1 + 1):
            lo = t0 if s == s0 else 0
            hi = t1 if s == s1 else len(sentences[s]) - 1
            in_quote.update((s, t) for t in range(lo, hi + 1))

    first_person: Counter[str] = Counter()
    genders: dict[str, Counter[str]] = defaultdict(Counter)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for ent, ms in by_entity.items():
        for s0, t0, s1, t1, _words, cat, kind in ms:
            if cat != "PER":
                continue
            form = surface(s0, t0, s1, t1)
            forms[ent][_strip_det(form).lower()] += 1
            low = form.lower()
            if kind == "PRON":
                if low in _MALE:
                    genders[ent]["male"] += 1
                elif low in _FEMALE:
                    genders[ent]["female"] += 1
                elif low in _FIRST and (s0, t0) not in in_quote:
                    first_person[ent] += 1

    quotes = []
    speakers = set()
    for qid, (s0, t0, s1, t1) in qspans.items():
        if qid not in speaker:
            continue
        ent = _entity_id(speaker[qid])
        speakers.add(ent)
        kind = "implicit"
        for ms0, mt0, _ms1, _mt1, _w, _cat, mkind in by_entity.get(ent, []):
            if s0 <= ms0 <= s1 and (ms0, mt0) not in in_quote:
                if mkind in ("PROP", "NOM"):
                    kind = "explicit"
                    break
                kind = "anaphoric"
        a, b = span(s0, t0, s1, t1)
        quotes.append(GoldQuote(qid, a, b, ent, speaker[qid].rsplit("-", 1)[0], kind))
    quotes.sort(key=lambda q: q.start)

    narrator_ent = None
    if first_person:
        ent, n = first_person.most_common(1)[0]
        if n >= 8:
            narrator_ent = ent

    def gender(ent: str) -> Gender:
        g = genders.get(ent, Counter())
        if g["male"] > 2 * g["female"]:
            return "male"
        if g["female"] > 2 * g["male"]:
            return "female"
        return "unknown"

    cast: list[Character] = []
    entity_of: dict[str, str] = {}
    taken: set[str] = set()
    for ent in sorted(by_entity, key=lambda e: -len(by_entity[e])):
        props: Counter[str] = Counter()
        noms: Counter[str] = Counter()
        for s0, t0, s1, t1, _w, cat, kind in by_entity[ent]:
            if cat != "PER":
                continue
            form = surface(s0, t0, s1, t1)
            if kind == "PROP" and form.lower() not in _FIRST:
                props[_proper(form)] += 1
            elif kind == "NOM" and len(form.split()) <= 3 and form.lower() not in ("another", "one", "other", "others"):
                noms["the " + _strip_det(form).lower()] += 1
        if props:
            names = [f for f, _n in props.most_common() if f.lower() not in taken]
        elif ent in speakers and ent != narrator_ent and noms:
            names = [f for f, _n in noms.most_common(2) if f.lower() not in taken]
        else:
            continue
        if not names:
            continue
        taken.update(n.lower() for n in names)
        cast.append(Character(names[0], gender(ent), tuple(names[1:])))
        entity_of[names[0]] = ent
    narrator_character = None
    if narrator_ent is not None:
        named = [c for c, e in entity_of.items() if e == narrator_ent]
        narrator_character = named[0] if named else None
        entity_of[NARRATOR] = narrator_ent
    return Work(name, DATA / "original" / f"{name}.txt", text, tuple(quotes), tuple(cast), narrator_character,
                entity_of, dict(forms), aligned)


def speaker_entity(work: Work, speaker: str | None) -> str | None:
    """The coreference entity a predicted speaker name stands for: a cast name, the narrator, or
    (for a discovered name or descriptor) the entity whose mentions most often take that form."""
    if speaker is None:
        return None
    if speaker in work.entity_of:
        return work.entity_of[speaker]
    key = _strip_det(" ".join(speaker.split())).lower()
    best = max(work.forms.items(), key=lambda kv: kv[1].get(key, 0), default=None)
    if best is not None and best[1].get(key, 0) > 0:
        return best[0]
    # LitBank's nominal mentions are whole noun phrases ('a hard-featured dame of fifty', 'the day
    # clerk, who had ...'); a descriptor named by its head ('the hard-featured dame') is that mention
    head = key + " "

    def starts(kv: tuple[str, Counter[str]]) -> int:
        return sum(n for form, n in kv[1].items() if form.startswith(head))

    best = max(work.forms.items(), key=starts, default=None)
    if best is not None and starts(best) > 0:
        return best[0]
    return None
