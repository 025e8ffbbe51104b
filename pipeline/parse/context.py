"""What attribution knows while it walks a book: its decisions, the people mentioned so far (salience),
the conversation's turns, and the small helpers every part of it asks (who was named last, who is near)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Character, Gender, Paragraph
from ..speech.spoken_numbers import words
from .characters import ROLE_TITLES, CharacterIndex
from .quotes import QuoteSpan
from .speaker_model import Candidate, Weights, rule_of

UNKNOWN = "unknown"


@lru_cache(maxsize=16)
def _title_called_re(titles: frozenset[str]) -> re.Pattern[str] | None:
    """A title said on its own in a quote ('An incident, Captain?'), for the titles the cast gives."""
    return re.compile(rf"\b({'|'.join(sorted(titles))})(?=\s*[,!?.;\u2014-])") if titles else None


def role_called(characters: Iterable[Character]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """For a cast that names someone by a role alone ('Fleece', alias 'the cook'): a pattern finding that
    role word said to someone in a quote ('How old are you, cook?'), and whose each word is."""
    roles: dict[str, str | None] = {}
    for c in characters:
        for form in c.names:
            toks = form.split()
            if len(toks) == 2 and toks[0].lower() == "the" and toks[1].isalpha() and toks[1].islower():
                roles[toks[1]] = c.name if roles.get(toks[1], c.name) == c.name else None
    found = {w: n for w, n in roles.items() if n is not None}
    if not found:
        return None, {}
    alt = "|".join(sorted(found, key=len, reverse=True))
    pattern = re.compile(
        rf"(?:(?<=[\"\u201c\u2018])|[,;!?\u2014]\s*|\b(?:dear|oh|my)\s+)(?P<w>{alt})(?![\w'])(?=\s*[,!?.;\u2014\"'\u201d\u2019]|\s*$)",
        re.IGNORECASE,
    )
    return pattern, found


@dataclass(frozen=True)
class Attribution:
    """Who speaks a quote, how sure we are (0..1), and a short human-readable reason."""

    speaker: str
    confidence: float
    reason: str
    candidates: tuple[Candidate, ...] = ()  # every speaker considered, best first (probabilities once scored)
    runner_up: tuple[str, float] | None = None  # the second most likely speaker and its chance


@dataclass(frozen=True)
class QuotedParagraph:
    """A paragraph with the quoted spans found in it, in order."""

    chapter: int
    paragraph: Paragraph
    quotes: tuple[QuoteSpan, ...]


@dataclass
class Salience:
    """Characters mentioned so far (narration names, speakers), by offset, for pronoun resolution."""

    positions: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    subjects: list[bool] = field(default_factory=list)
    latest: dict[str, int] = field(default_factory=dict)  # each name's latest mention

    def add(self, pos: int, name: str, subject: bool = True) -> None:
        k = bisect.bisect_right(self.positions, pos)
        self.positions.insert(k, pos)
        self.names.insert(k, name)
        self.subjects.insert(k, subject)
        if pos > self.latest.get(name, -1):
            self.latest[name] = pos

    def last_before(self, name: str, pos: int) -> int:
        """Offset of ``name``'s latest mention before ``pos``, or -1 (a paragraph's narration is noted
        before its quotes are decided, so ``latest`` may lie after the quote being decided)."""
        at = self.latest.get(name, -1)
        if at < pos:
            return at
        names = self.names
        for i in range(bisect.bisect_left(self.positions, pos) - 1, -1, -1):
            if names[i] == name:
                return self.positions[i]
        return -1

    def recent(
        self, pos: int, gender: Gender | None, index: CharacterIndex, exclude: frozenset[str] = frozenset(),
        limit: int = 0,
    ) -> list[str]:
        """Distinct characters before ``pos``, most recent first, compatible with ``gender``; ``limit``
        (of any gender only): the first that many."""
        k = bisect.bisect_left(self.positions, pos)
        seen: list[str] = []
        loose: list[str] = []
        at: list[int] = []
        done: set[str] = set(exclude)
        names, gender_of = self.names, index.gender  # (the hottest loop of attribution)
        for i in range(k - 1, max(-1, k - 80), -1):
            name = names[i]
            if name in done:
                continue
            done.add(name)
            if gender is not None and is_group(name):
                continue  # 'he'/'she' is one person, never 'the soldiers'
            g = gender_of(name)
            if gender is None or g == gender:
                at.append(i)
                seen.append(name)
                if gender is None and len(seen) == limit:
                    break
            elif g == "unknown":
                loose.append(name)
        near = len(at) >= 2 and self.positions[at[0]] - self.positions[at[1]] < 300
        if near and not self.subjects[at[0]] and self.subjects[at[1]] and not any(
            self.subjects[j] and self.names[j] == seen[0] for j in range(at[1] + 1, at[0])
        ):
            seen[0], seen[1] = seen[1], seen[0]  # the nearby subject beats a later object mention
        if (
            gender is not None and loose and k > 0 and self.names[k - 1] == loose[0]
            and (self.subjects[k - 1] or (k > 1 and self.names[k - 2] == loose[0] and self.subjects[k - 2]))
            and pos - self.positions[k - 1] < 150
        ):
            # ('"None, sir," answered the Unknown. / Then, in a gentler tone, he continued': the speaker just
            # tagged, named again by the tag itself)
            # 'The Dormouse slowly opened his eyes. "I wasn't asleep," he said': the subject just named
            # (its gender unknown) beats an older mention of the right gender
            return [loose[0], *seen, *loose[1:]]
        if len(seen) < 2 and gender is not None:
            # characters never mentioned in narration (named only inside quotes) still count
            for name in index.of_gender(gender):
                if name not in exclude and name not in seen:
                    seen.append(name)
        return seen + loose


_GROUP_HEADS = frozenset(words("men women children people folk crowd company party family couple"))


@lru_cache(maxsize=4096)
def is_group(name: str) -> bool:
    """A speaker that is several people: a descriptor with a plural head ('the soldiers', 'the other
    men') or a family ('The Wolfes'); a singular pronoun never refers to one."""
    low = name.lower().split()
    if low == ["everyone"]:
        return True  # ('said almost every body')
    if len(low) < 2 or low[0] not in ("the", "my", "our"):
        return False
    head = low[-1]
    return head in _GROUP_HEADS or (head.endswith("s") and not head.endswith(("ss", "us", "is", "'s")))


POSSESSIVE_RE = re.compile("['\u2019]s\\b")
# Hand rules whose decision stands (the fitted model only scores it and gives the confidence): a
# tag naming the speaker, a relation resolved through a surname ('said his wife' -> Mrs. Bennet),
# 'I said', a speaker naming themself ('I am Mary Lennox', '"Pip, sir." after 'Tell us your name!'), an
# action beat right by the quote ('Her nails dug ...'), a nod in answer to a question or
# a listener's beat ('Mary heard': the other party speaks), a speech carried over from the last
# paragraph, verse, and a later quote of a paragraph without a tag of its own (it keeps the speaker
# chosen for the quote before it), and a person's fix of a line's speaker (``fixed``).
CERTAIN_RULES = frozenset(
    ("explicit", "relation", "first_person", "respond", "continues", "verse", "beat", "same_para", "self_named",
     "fixed")
)
QUIET_LIMIT = 800  # characters of narration that end a conversation
ABSENT_AFTER = 3000  # characters without a mention after which a character is taken to be elsewhere
HORIZON = 5  # turns counted back to / on to the nearest certain line (HORIZON: none that near)


def is_certain(att: Attribution) -> bool:
    """Whether a certain hand rule (``CERTAIN_RULES``) decided this attribution."""
    return att.speaker != UNKNOWN and rule_of(att.reason) in CERTAIN_RULES


@dataclass(frozen=True)
class LeadIn:
    """Who the narration just before a line is about: its subject (``who``), whether it says they stay
    silent ('Mr. Darcy bowed.', 'made no answer'), and the words when it says they go on talking
    ('Mrs. Bennet ... continued her triumph.': then they speak next)."""

    who: str
    silent: bool
    goes_on: str = ""


@dataclass(frozen=True)
class Ahead:
    """What a first attribution pass decided for the turns after a paragraph, for the second pass:
    who speaks the next two turns of the conversation (and whether a certain rule said so) and whom
    the next turn addresses by name."""

    next1: str | None = None
    next1_certain: bool = False
    next2: str | None = None
    next2_certain: bool = False
    next_vocs: frozenset[str] = frozenset()
    picks: tuple[str, ...] = ()  # the first pass's speaker of each quote of this paragraph
    until_certain: int = HORIZON  # turns until the next one a certain rule decided


@dataclass
class BookScans:
    """What reading the whole book once for a pattern found, shared by every walk over it (attribution
    walks the book twice): each is filled the first time a walk asks for it."""

    appositions: dict[str, list[str]] | None = None  # role word -> the names set beside it, in order
    introduced: list[re.Match[str]] | None = None  # 'a soldier came', 'A boy came running', in order
    introduced_at: list[int] = field(default_factory=list)  # ... and where each starts


class Context:
    """The state of attribution at one point of the book (``Attributor`` adds the decisions)."""

    def __init__(
        self, text: str, index: CharacterIndex, narrator: str, first_person: bool, weights: Weights | None = None,
        scans: BookScans | None = None,
    ) -> None:
        self.text = text
        self.weights = weights
        self.scans = scans if scans is not None else BookScans()
        self._relatives: dict[tuple[str, str, str, int], tuple[str, ...]] = {}
        self._kin_names: dict[tuple[str, int], str | None] = {}
        self._apposed_to: dict[str, str | None] = {}  # 'harpooner' -> the one the book calls 'the harpooner'
        self._companions: dict[int, frozenset[str]] = {}  # a tag pronoun's offset -> who stands beside it
        self._kin_of_narrator: dict[str, str | None] = {}  # 'sister' -> the one the narration calls 'my sister'
        self.quote_spans: list[tuple[int, int]] = []  # every quote's (open mark, close mark), in order
        self.paragraph_starts: list[int] = []  # where each paragraph starts, in order
        self.chapter_firsts: frozenset[int] = frozenset()  # the starts of each chapter's first paragraph
        self.tag_addressed: set[str] = set()  # people a tag says the quote is spoken to
        self.tag_owners: set[str] = set()  # whose relative a tag's speaker is ('said her mother'): not the speaker
        self.greeting: re.Match[str] | None = None  # 'was greeted with,' before the paragraph's first quote
        self.greeted: str | None = None  # the one the narration says the paragraph's quotes greet
        self._apart: dict[tuple[str, str], bool] = {}  # (name, title): the book calls them so with a first name
        self._owner: str | None = None  # the owner found by the last possessive descriptor resolved
        self._owner_addressed = False  # ... and the line is said to them ('her partner ... said')
        self.index = index
        self.narrator = narrator
        self.first_person = first_person
        self.salience = Salience()
        # the titles the cast gives someone, said on their own in a quote ('An incident, Captain?')
        self.title_called = _title_called_re(frozenset(t for t in ROLE_TITLES if self.index.holders(t)))
        # the roles the cast names someone by alone, said to them in a quote ('How old are you, cook?')
        self.role_called, self.role_names = role_called(self.index.characters.values())
        self.turns: list[str] = []
        self.last_question: tuple[str, bool] | None = None  # (speaker, their last line was a question)
        self.last_addressee: str | None = None
        self.current_vocs: set[str] = set()  # names addressed in the paragraph being decided
        self.not_speaking: str | None = None  # the quote being decided names them: not its speaker
        self.named_at: dict[str, int] = {}  # where each character was last named (not a pronoun's guess)
        self.gone: dict[str, int] = {}  # who the narration said left ('he was just then borne off') -> where
        self.absent: str | None = None  # a first-person narrator in a chapter told of others
        self.tag_he_she = False  # the quote being decided has a speech tag saying 'he' or 'she'
        self.reported_asked: str | None = None  # whom the narration just said was asked a question
        # the one 'sir' or 'miss' in the last line called (the only one of that sex near), and that sex
        self.sex_addressed: tuple[str, Gender] | None = None
        self.prev_verse = False  # the previous paragraph was a quoted stanza of verse
        self.quiet_chars = 0
        self.prev_para_speaker: str | None = None
        self.prev_named = False  # whether a tag named the last quoted paragraph's speaker
        # narration before the next line: (teller, or None for whoever speaks it; the one told)
        self.told: tuple[str | None, str] | None = None
        self.intro: tuple[int, int] | None = None  # a narration paragraph ending in ',' or ':'
        self.lead_in: LeadIn | None = None  # who a short narration paragraph before the next line is about
        self.ahead: Ahead | None = None  # the first pass's view of the turns after this paragraph
        self.since_certain = HORIZON  # turns since the last one a certain rule decided
        self.last_turn_end = 0  # where the conversation's last line ended
        # descriptors the narration said a named character is ('the young man': Frank Churchill)
        self.predicated: dict[tuple[str, ...], str] = {}
        self.last_line = (0, 0)  # the last line's span ('Miss Elizabeth Bennet'), to know an echo of it
        self.name_asked = False  # the last turn asked someone's name ('Who are you?')
        self.fixed: Mapping[int, str] = {}  # quote start -> the speaker a person gave it (certain)

    def _titled_holder(self, phrase: Sequence[str], pos: int) -> str | None:
        """Whom 'the captain' names when the cast gives the title to several (Captain Nemo, Commander
        Farragut alias 'Captain Farragut'): the one of them named last before ``pos``; the one, if only
        one holds it; with none named lately, the one whose own name has the title (Captain Nemo)."""
        title = phrase[0].capitalize() if len(phrase) == 1 else ""
        holders = self.index.holders(title) if title in ROLE_TITLES else ()
        if len(holders) <= 1:
            return holders[0] if holders else None
        seen = {h: at for h in holders if (at := self.salience.last_before(h, pos)) >= 0}
        if seen:
            return max(seen, key=lambda n: seen[n])
        own = [h for h in holders if h.split()[:1] == [title]]  # (not Commander Farragut, a captain by an alias)
        return own[0] if len(own) == 1 else None

    def _paragraph_starts(self, pos: int) -> tuple[int, int]:
        """Where the paragraph holding ``pos`` starts, and the one before it in its chapter (-1: none);
        from the book's paragraphs, so a book of one paragraph a line reads as one of blank lines."""
        starts = self.paragraph_starts
        k = bisect.bisect_right(starts, pos) - 1
        if k < 0:
            return 0, -1
        return starts[k], starts[k - 1] if k > 0 and starts[k] not in self.chapter_firsts else -1

    def _mention_end(self, pos: int) -> int:
        m = self.index.regex.match(self.text, pos) if self.index.regex else None
        return m.end() if m else pos

    def _near(self, name: str, pos: int) -> bool:
        """Whether ``name`` was named (or spoke) in the last pages before ``pos``: not elsewhere."""
        at = self.salience.last_before(name, pos)
        return at >= 0 and pos - at <= ABSENT_AFTER

    def _last_seen(self, pos: int, only: frozenset[str] | None = None) -> dict[str, int]:
        """Offset of each character's latest mention (or line) before ``pos`` (recent ones only);
        ``only``: just these characters (the scan stops once all are found)."""
        k = bisect.bisect_left(self.salience.positions, pos)
        out: dict[str, int] = {}
        names, positions = self.salience.names, self.salience.positions
        for i in range(k - 1, max(-1, k - 120), -1):
            name = names[i]
            if name not in out and (only is None or name in only):
                out[name] = positions[i]
                if only is not None and len(out) == len(only):
                    break
        return out
