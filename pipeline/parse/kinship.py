"""Kin: the words for relatives ('her sister', 'papa', 'my dear brother'), whom they mean in a book's cast
(by surname, by the relatives the narration names), and the calls a kin word makes in a line."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..model import Gender
from ..speech.spoken_numbers import words
from .characters import TITLES, inside, strip_title, title_of
from .context import UNKNOWN, Attribution, Context
from .person_nouns import noun_sex
from .quotes import QuoteSpan
from .tags import NAME_PATTERN

# '(Mr. Jaggers) is (made) your guardian', 'your guardian(, Mr. Jaggers)'
_NAME_IS_BEFORE_RE = re.compile(rf"(?P<name>{NAME_PATTERN})\s+(?:is|was)\s+(?:made\s+)?$")
_NAME_AFTER_RE = re.compile(rf",\s*(?P<name>{NAME_PATTERN})")


# rank titles before a first name ('Lady Catherine', 'Sir William'): the name after one is no surname
_FIRST_NAME_TITLES = frozenset(("Lady", "Sir", "Dame"))


# relatives who share a surname with the one they are related to (an uncle or a cousin may not)
_SURNAME_KIN = frozenset(words(
    "wife husband mother father sister brother daughter son mamma mama papa bride widow widower lady "
    "step-son step-daughter step-mother step-father stepson stepdaughter stepmother stepfather"
))
_BORN_KIN = frozenset(words("sister daughter brother son"))  # who bear the surname they were born with
SPOUSE = {"wife": "Mrs.", "lady": "Mrs.", "husband": "Mr.", "mother": "Mrs.", "father": "Mr."}
# the titles of a married woman, and of a grown man: a mother or an aunt goes by the first, a father by the second
MARRIED_TITLES: dict[Gender, tuple[str, ...]] = {
    "female": ("Mrs.", "Mrs", "Lady"), "male": ("Mr.", "Mr", "Sir", "Lord"),
}
# the kin a married woman does not share her (married) surname with: 'her mother' of Mrs. Dashwood
_KIN_OF_BIRTH = frozenset(words("mother father sister brother mamma mama papa"))
MOTHER_WORDS = frozenset(words("mother mamma mama mammy ma mum mummy mom mommy"))
FATHER_WORDS = frozenset(words("father papa pa dad daddy pop"))
PARENT_WORDS = MOTHER_WORDS | FATHER_WORDS
SISTER_WORDS = frozenset(words("sister sis"))
BROTHER_WORDS = frozenset(words("brother"))
# relatives who may bear another surname than the speaker: found only by a name the cast gives them
OTHER_KIN_GROUPS = (
    frozenset(words("grandmother grandma grandmama granny")),
    frozenset(words("grandfather grandpa grandpapa")),
    frozenset(words("uncle nunky nuncle")),
    frozenset(words("aunt auntie aunty")),
)
KIN_GROUPS = (MOTHER_WORDS, FATHER_WORDS, *OTHER_KIN_GROUPS, SISTER_WORDS, BROTHER_WORDS)
# the relation each group of words names, for the speaker's relative by surname ('sister' said by Henry
# Crawford: Mary Crawford)
_KIN_RELATION: dict[frozenset[str], tuple[str, Gender]] = {
    MOTHER_WORDS: ("mother", "female"), FATHER_WORDS: ("father", "male"),
    SISTER_WORDS: ("sister", "female"), BROTHER_WORDS: ("brother", "male"),
}
# words of address that say only the sex of the one spoken to ('Yes, sir.', 'What do you play, boy?')
POLITE: dict[str, Gender] = {
    "sir": "male", "madam": "female", "ma'am": "female", "ma\u2019am": "female", "miss": "female",
    "boy": "male", "lad": "male", "girl": "female", "lass": "female",
}


def _by_first_letter(forms: Iterable[str]) -> str:
    """A regex alternation of lowercase ``forms``, capitalised or not, grouped by first letter
    ('[Mm](?:amma|a)|[Pp](?:apa|a)'): one scan of a book runs several times faster than with a
    case-insensitive alternation of the whole words."""
    rests: dict[str, list[str]] = defaultdict(list)
    for form in forms:
        rests[form[0]].append(form[1:])
    return "|".join(
        f"[{c.upper()}{c}](?:{'|'.join(re.escape(r) for r in sorted(rs, key=lambda r: (-len(r), r)))})"
        for c, rs in sorted(rests.items())
    )


# a kinship word ('mamma', 'Papa') or 'sir'/'madam' said to someone: after a comma, an opening quote
# mark or an interjection, before a comma or the sentence's end (one scan of the book finds them all)
_ADDRESS_WORD_RE = re.compile(rf"\b(?:{_by_first_letter([*(k for g in KIN_GROUPS for k in g), *POLITE])})\b")
_ADDRESS_END_RE = re.compile(r"(?![\w'])(?=\s*[,!?.;\u2014\"'\u201d\u2019]|\s*$)")
_ADDRESS_BEFORE_RE = re.compile(r"(?:[,;!?\u2014]\s*|[\"'\u201c\u2018]|\b(?:dear|oh)\s+)$", re.IGNORECASE)


@lru_cache(maxsize=2)
def address_hits(text: str) -> tuple[list[int], list[str]]:
    """Every kinship word or 'sir'/'madam' in ``text`` said to someone, lowercased, with its offset."""
    starts: list[int] = []
    found: list[str] = []
    for m in _ADDRESS_WORD_RE.finditer(text):
        if _ADDRESS_END_RE.match(text, m.end()) and _ADDRESS_BEFORE_RE.search(text, max(0, m.start() - 8), m.start()):
            starts.append(m.start())
            found.append(m.group(0).lower())
    return starts, found


def address_words(text: str, a: int, b: int, polite: bool = False) -> list[str]:
    """The kinship words (``polite``: 'sir', 'madam', 'boy') said to someone inside the quote ``text[a:b]``
    ('But isn't it strange, mamma?', 'Oh, Papa!', 'Can he be a sensible man, sir?'), lowercased."""
    starts, found = address_hits(text)
    words = found[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, b)]
    return [w for w in words if (w in POLITE) == polite]


# the reason's end when 'papa' in the line decides: the one parent by surname of a speaker (not a cast
# name 'the mother', whom every speaker may call so)
CHILD_BY_SURNAME = ", of the conversation, is the child by surname"


def singular_noun(noun: str) -> str:
    """'jurymen' -> 'juryman', 'ladies' -> 'lady', 'dames' -> 'dame' (a speaker of a group's kind)."""
    if noun.endswith("men"):
        return noun[:-3] + "man"
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith("sses"):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")):
        return noun[:-1]
    return noun


_CHILDS_WORDS = frozenset(("papa", "mamma", "mama"))  # what only a child calls a parent


class Kinship(Context):
    """Whom kin words mean: 'her sister', 'papa', the relative a line calls."""

    def _narrator_kin(self, phrase: str) -> str | None:
        """The character the narration names in apposition to 'my <phrase>' ('My sister, Mrs. Joe
        Gargery, was ...', 'my guardian,--Mr. Jaggers'), outside quotes (where 'my' is the speaker's)
        and of a gender the noun allows; None when no one or several are so named."""
        if phrase in self._kin_of_narrator:
            return self._kin_of_narrator[phrase]
        head = phrase.split()[-1]
        noun_gender = noun_sex(head)
        words_rx = r"\s+".join(map(re.escape, phrase.split()))
        rx = re.compile(rf"\b[Mm]y\s+{words_rx}(?:,\s*(?:--|\u2014)?|\s*(?:--|\u2014))\s*")
        votes: Counter[str] = Counter()
        for m in rx.finditer(self.text):
            if inside(self.quote_spans, m.start()):
                continue
            found = self.index.mentions(self.text, m.end(), m.end() + 40)
            if not found or found[0][0] != m.end():
                continue
            who = found[0][1]
            if noun_gender is None or self.index.gender(who) in (noun_gender, "unknown"):
                votes[who] += 1
        # said to the narrator: 'your guardian, Mr. Jaggers, told you ...', 'Mr. Jaggers is your guardian, I
        # understand?' (the narrator is the one most lines are said to)
        # (found from 'your': a pattern opening with a name would be tried at every offset of the book)
        for m in re.finditer(rf"\b[Yy]our\s+{words_rx}\b", self.text) if self.first_person else ():
            said = _NAME_IS_BEFORE_RE.search(self.text, max(0, m.start() - 80), m.start())
            said = said or _NAME_AFTER_RE.match(self.text, m.end())
            if said is None or not inside(self.quote_spans, min(said.start(), m.start())):
                continue
            kin = self.index.resolve(said.group("name"))
            if kin is not None and (noun_gender is None or self.index.gender(kin) in (noun_gender, "unknown")):
                votes[kin] += 1
        top = votes.most_common(2)
        one = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) and top[0][0] != self.narrator else None
        self._kin_of_narrator[phrase] = one
        return one

    def _kin_by_surname(self, surname: str, gender: Gender) -> str | None:
        """The one grown-up of ``gender`` the cast calls by a married title and ``surname`` ('aunt Bertram':
        Lady Bertram; 'uncle Phillips': Mr. Phillips), or None."""
        titles = MARRIED_TITLES["female" if gender == "female" else "male"]
        found = [
            c.name for c in self.index.characters.values()
            if self.index.gender(c.name) == gender
            and any(f.split()[0] in titles and f.split()[-1] == surname for f in c.names if f.split())
        ]
        return found[0] if len(found) == 1 else None

    def _recent_but(
        self, owner: str | None, words: str, gender: Gender, pos: int, exclude: frozenset[str], noun: str = ""
    ) -> tuple[str | None, str]:
        """A relative not found by name ('his step-son', 'my brother's wife'): the most recent person
        of the noun's gender other than the owner (of any gender when no one of it is near); for a
        parent, the most recent one with a married title ('her mother returned' after talk of her
        daughters: Mrs. Dashwood)."""
        cands = self.salience.recent(pos, gender, self.index, exclude | ({owner} if owner else set()))
        cands = [c for c in cands if self.index.gender(c) == gender] or cands
        kin = self._relatives_of(owner, noun, gender) if owner and noun in SISTER_WORDS | BROTHER_WORDS else ()
        if len(kin) > 1:
            # ('said her sister' of Elinor Dashwood: of her sisters by surname, the one named last; not
            # Mrs. Jennings, who spoke last)
            cands = [c for c in cands if c in kin] or cands
        if noun in PARENT_WORDS:
            titled = MARRIED_TITLES["female" if gender == "female" else "male"]
            cands = [c for c in cands[:3] if title_of(c) in titled] + cands
        if not cands:
            return None, ""
        but = f" but {owner}" if owner else ""
        return cands[0], f'descriptor "{words}" -> {cands[0]} (most recent {gender}{but})'

    def _relative(self, owner: str, noun: str, gender: Gender) -> str | None:
        """'his wife' of Mr. Bennet -> Mrs. Bennet: same surname, the title the relation implies."""
        found = self._relatives_of(owner, noun, gender)
        return found[0] if len(found) == 1 else None

    def _relatives_of(self, owner: str, noun: str, gender: Gender) -> tuple[str, ...]:
        """Everyone who may be ``owner``'s relative of that name by surname ('her sister' of Elinor
        Dashwood: Marianne and Margaret), cached."""
        key = (owner, noun, gender, len(self.index.characters))
        if key not in self._relatives:
            self._relatives[key] = self._find_relatives(owner, noun, gender)
        return self._relatives[key]

    def _find_relatives(self, owner: str, noun: str, gender: Gender) -> tuple[str, ...]:
        if singular_noun(noun) not in _SURNAME_KIN:
            return ()  # ('her uncle' may be her mother's brother: Mr. Gardiner, not Mr. Bennet)
        # the owner's surnames: the last word of a full name ('Lady Catherine de Bourgh' -> 'Bourgh');
        # 'Lady Catherine' alone says her first name, no surname
        full = [strip_title(f).split() for f in self.index.characters[owner].names if f.strip()] \
            if owner in self.index.characters else []
        surnames = {w[-1] for w in full if len(w) >= 2}
        if not surnames and title_of(owner) not in _FIRST_NAME_TITLES:
            surnames = {strip_title(owner).split()[-1]}
        forms = self.index.characters[owner].names if owner in self.index.characters else (owner,)
        if noun in _KIN_OF_BIRTH and any(f.split()[:1] in (["Mrs."], ["Mrs"]) for f in forms):
            return ()  # a wife's mother or sister was born to another name ('her mother' of Mrs. Dashwood)
        married = [strip_title(f).split() for f in forms if f.split()[:1] and f.split()[0] in MARRIED_TITLES["female"]]
        if noun == "husband":
            # her husband bears her married name ('Mrs. Elton': Mr. Elton, though the cast's first name
            # for her is Augusta Hawkins); a woman with none has no husband by surname (not Emma's
            # father, Mr. Woodhouse)
            if not married:
                return ()
            surnames |= {w[-1] for w in married if w}
        want = SPOUSE.get(noun)
        wants: tuple[str, ...] = (want, want.rstrip(".")) if want else ()
        if noun in ("wife", "lady", "husband") and owner in self.index.characters:
            # 'his wife' of Sir Thomas Bertram is Lady Bertram; 'her husband' of a Lady is a Sir or a Lord
            ranks = {f.split()[0] for f in self.index.characters[owner].names if f.strip()}
            if noun != "husband" and ranks & {"Sir", "Lord"}:
                wants = ("Lady",)
            elif noun == "husband" and "Lady" in ranks:
                wants = ("Sir", "Lord")
        found = []
        for char in self.index.characters.values():
            if char.name == owner or self.index.gender(char.name) != gender:
                continue
            forms = char.names
            # a surname form: a full name or a title and one name ('Miss Lucas'); a first name alone
            # ('Catherine', an alias of Kitty Bennet) is none
            # ('Mrs. Bennet' is his wife; Lydia Bennet, alias 'Mrs. Wickham', is not: the title the
            # relation implies goes with the surname, in one name)
            # ('Mrs. Wickham', Lydia's married name, makes her his wife, not his sister)
            if not any(
                (w := strip_title(f).split())[-1:] and w[-1] in surnames and (len(w) >= 2 or title_of(f))
                and (not wants or f.split()[0] in wants)
                and not (noun in _BORN_KIN and f.split()[0] in ("Mrs.", "Mrs"))
                for f in forms if f.strip()
            ):
                continue
            found.append(char.name)
        if len(found) > 1 and noun in SPOUSE:
            # two Mrs. Dashwoods: 'his wife' is the one with his first name (Mrs. John Dashwood), 'her
            # mother' the one with the surname alone (the elder: Mrs. Dashwood)
            first = strip_title(owner).split()[:1] if noun in ("wife", "lady") else []
            # ('her husband' of Mrs. John Knightley: Mr. John Knightley, the first name her married name has)
            firsts = [w[:-1] for w in married] if noun == "husband" else [first]
            plain = [
                c for c in found
                if any(strip_title(f).split()[:-1] in firsts and (title_of(f) or noun == "husband")
                       for f in self.index.characters[c].names)
            ]
            if len(plain) == 1:
                return (plain[0],)
        return tuple(found)

    def _parent_of_recent(self, word: str, pos: int) -> str | None:
        """Whom 'Mama' ('Papa') calls when the cast names no one so: the one parent, by surname, of the
        conversation's recent speakers and the people the narration just named ('Nay, Mama' among the
        Dashwood sisters: Mrs. Dashwood)."""
        near = dict.fromkeys([*self.turns[-6:], *self.salience.recent(pos, None, self.index, limit=4)])
        parents = {self._kin_of(c, word) for c in near if self._may_be_child(c)} - {None}
        return parents.pop() if len(parents) == 1 else None

    def _may_be_child(self, name: str) -> bool:
        """Whether ``name`` may call someone of their surname 'Papa': not one the cast calls by a grown
        person's title ('Mr.', 'Colonel'; 'Miss' and 'Master' are a child's): Mr. Knightley's 'papa' by
        surname is no one (Mr. John Knightley is his brother), nor Colonel Brandon's."""
        char = self.index.characters.get(name)
        forms = char.names if char else (name,)
        return not any(f.split()[0] in TITLES and f.split()[0] not in ("Miss", "Master") for f in forms if f.split())

    def _kin_of(self, speaker: str, word: str) -> str | None:
        """Whom ``speaker`` calls 'mamma', 'papa' or 'sister': the one character so named, else the
        speaker's mother, father, sister or brother by surname ('Lydia Bennet' -> 'Mrs. Bennet';
        'Henry Crawford' -> 'Mary Crawford')."""
        named = self._kin_named(word)
        if named is not None or speaker == UNKNOWN or speaker not in self.index.characters:
            return named
        group = next(g for g in KIN_GROUPS if word in g)
        relation = _KIN_RELATION.get(group)
        return self._relative(speaker, *relation) if relation is not None else None

    def _child_calling(self, q: QuoteSpan, vocs: set[str]) -> Attribution | None:
        """'I promise you to make none for myself, papa': of the conversation's recent speakers, the one
        whose father (mother) by surname the quote's 'papa' ('mamma') is, a speaker too, when exactly one is."""
        words = [w for w in address_words(self.text, q.start, q.end) if w in PARENT_WORDS]
        if not words:
            return None
        word = words[0]
        addressed = self.last_addressee
        # of the speakers and the one addressed; else of the people the narration just named ('Emma knew that
        # she had, but would not own it' before 'But, my dear papa, ...'; not for 'Mum', a servant's 'ma'am' too)
        pool = [t for t in dict.fromkeys([*reversed(self.turns[-6:]), addressed]) if t is not None and t not in vocs]
        children = self._children_in(pool, word)
        if not children and word in _CHILDS_WORDS:
            near = self.salience.recent(q.open_mark, None, self.index, frozenset(vocs), limit=4)
            children = self._children_in(near, word)
        # ('In a few months, my dear Marianne. ...' / 'Oh! Mama, how shall we do without her?': of her
        # daughters, the one her mother spoke to)
        children = [cp for cp in children if cp[0] == addressed] or children
        if len(children) != 1:
            return None
        who, parent = children[0]
        how = CHILD_BY_SURNAME if self._kin_named(word) is None else ", of the conversation, is the child"
        return Attribution(who, 0.7, f'calls {parent} "{word}": {who}{how}')

    def _children_in(self, pool: Sequence[str], word: str) -> list[tuple[str, str]]:
        """(child, parent) for those of ``pool`` whose 'papa' ('mamma': ``word``) takes part in the conversation."""
        out = []
        for c in pool:
            parent = self._kin_of(c, word) if self._may_be_child(c) else None
            if parent is not None and parent != c and parent in self.turns[-6:]:
                out.append((c, parent))
        return out

    def _kin_called(self, q: QuoteSpan) -> set[str]:
        """Whom the quote's 'brother', 'papa', 'sister' may call: the relative of that name of one of the
        last speakers ('"My dear brother, I will not believe this of you."' after Mary Crawford spoke:
        Henry, her brother, is spoken to, not speaking)."""
        found = address_words(self.text, q.start, q.end)
        if not found:
            return set()
        recent = self.turns[-3:]
        # (not one who may call a recent speaker so: 'Well, sister,' may be either of two sisters)
        return {
            k for w in found for d in recent
            if (k := self._kin_of(d, w)) is not None and self._kin_of(k, w) not in recent
        }

    def _kin_named(self, word: str) -> str | None:
        """The one character known by a kinship name of ``word``'s group ('mamma': 'my mother',
        'the mother', 'Mamma'; beyond parents, a name it starts too: 'uncle' -> 'Uncle John'), or None
        (cached while the characters stay the same)."""
        key = (word, len(self.index.characters))
        if key not in self._kin_names:
            self._kin_names[key] = self._find_kin_named(word)
        return self._kin_names[key]

    def _find_kin_named(self, word: str) -> str | None:
        group = next(g for g in KIN_GROUPS if word in g)
        found = {
            who for kin in group for det in ("", "my ", "the ", "our ")
            if (who := self.index.named(f"{det}{kin}")) is not None
        }
        if group not in (MOTHER_WORDS, FATHER_WORDS):  # ('Father Butler' is a priest, not the speaker's father)
            found |= {
                c.name for c in self.index.characters.values()
                if any(form.split(" ", 1)[0].lower() in group and " " in form for form in c.names)
            }
        return next(iter(found)) if len(found) == 1 else None
