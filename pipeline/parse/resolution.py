"""Resolution: whom the subject words of a tag or a beat mean ('she', 'her mother', 'the landlord', 'that
gentleman', 'the former', 'said Morland'), and the other party of a conversation ('her companion')."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Sequence

from ..model import Gender
from ..speech.spoken_numbers import words
from .characters import ROLE_SYNONYMS, TITLES, adjective_title, inside, next_mark, strip_title, title_of
from .context import QUIET_LIMIT
from .kinship import MARRIED_TITLES, OTHER_KIN_GROUPS, singular_noun
from .person_nouns import FEMALE_NOUNS, MALE_NOUNS, noun_sex
from .tags import (
    DEMO_NOUNS,
    GROUP_SUBJECT,
    NAME_PATTERN,
    NOT_PEOPLE,
    PREP_BEFORE_RE,
    SUBJECT_PRONOUNS,
    SUBORDINATOR_RE,
    SUBORDINATORS,
    beat_subject,
    descriptor_phrase,
    first_sentence,
    is_subject_position,
    last_sentence_start,
    title_dot,
)
from .vocatives import Vocatives

# 'said her Ladyship': the titles of the one meant
LADY_TITLES = frozenset(("Lady", "Countess", "Duchess", "Baroness", "Marchioness", "Viscountess", "Dame"))
LORD_TITLES = frozenset(("Lord", "Earl", "Duke", "Baron", "Marquis", "Marquess", "Viscount", "Count"))
_HONORIFICS = {
    "her ladyship": LADY_TITLES, "his lordship": LORD_TITLES,
    "her grace": frozenset(("Duchess",)), "his grace": frozenset(("Duke", "Archbishop")),
    "her majesty": frozenset(("Queen",)), "his majesty": frozenset(("King",)),
    "her highness": frozenset(("Princess",)), "his highness": frozenset(("Prince",)),
}
_DEMO_RE = re.compile(rf"(?:[Tt]his|[Tt]hat)\s+(?:\w+\s+)?(?P<noun>{DEMO_NOUNS})")
_NEW_PERSON_NOUNS = frozenset(("newcomer", "new-comer", "stranger", "visitor", "intruder"))
_VOICE_NOUNS = frozenset(("voice", "tones", "tone", "lips", "tongue", "words"))
_LISTENING_RE = re.compile(r"\b(?:listening|listened|was\s+all\s+attention)\b")
_PERCEIVE_BEFORE_RE = re.compile(r"\b(?:heard|overheard|saw|watched|felt|let|made|bade|bid)\s+$")
_PARTNERS = frozenset(words("companion interlocutor partner"))
# the reason a line gets when the one of two who spoke last goes on, the other being called
GOES_ON_CALLING = "turn-taking: {} goes on, calling"
# someone coming into a scene: 'Miss Bingley came towards her', 'Mrs. Elton then joined them'
_ARRIVES_RE = re.compile(
    r",?\s+(?:\w+ly\s+|then\s+|now\s+|at\s+last\s+|soon\s+)?(?:came|comes|entered|approached|joined|appeared|"
    r"arrived|walked|stepped|advanced|accosted|addressed|drew\s+near|interposed|broke\s+in|turned\s+to|"
    r"called\s+out|hurried|ran\s+up|rose|made\s+(?:his|her|their)\s+appearance)\b"
)
# where a clause a subject pronoun governs ends: a coordinate or subordinate clause, a colon, a dash
_CLAUSE_BREAK_RE = re.compile(
    rf"[;:]|--|\u2014|\b(?:and|but|or|yet|nor|{SUBORDINATORS}|unless|whereas|where|who|whom|whose|which)\b",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s)")
_COORDINATE_SUBJECT_RE = re.compile(
    rf"(?:[;:]|--|\u2014|,\s*(?:but|and|yet)\b)\s*(?:(?:but|and|yet)\s+)?(?P<name>{NAME_PATTERN})"
)
# 'master Ned Land, the harpooner', 'the Canadian harpooner, Ned Land': a name and a role set side by side
_APPOSITION_RE = re.compile(
    rf"(?P<a>{NAME_PATTERN}),\s+the\s+(?P<wa>[a-z-]+(?:\s+[a-z-]+){{0,2}})(?![\w-])"
    rf"|\bthe\s+(?P<wb>[a-z-]+(?:\s+[a-z-]+){{0,2}}),\s+(?P<b>{NAME_PATTERN})"
)
NAMED_LATELY = 10000  # characters back: one named within them is about (some two or three pages)
_OPENING_WORD_RE = re.compile(r"^(?:When|As|While|Whilst|After|Before|Though|Although|Since)\s+")
_BEAT_PRONOUNS = SUBJECT_PRONOUNS | frozenset(("his", "her", "my"))  # what a beat's subject may be ('Her nails')
# ('said the stranger to Mr. Wopsle': a preposition ends the epithet, the name after it is another's)
_EPITHET_BEFORE_RE = re.compile(r"[Tt]he(?:\s+(?!(?:to|at|with|of|from|for|by|on|in|upon|into)\b)[a-z][\w-]*){1,2}\s+")
_POSS_SPLIT_RE = re.compile(
    r"(?P<owner>.+?)['\u2019]s\s+(?:(?:new|old|young|little|elder|younger)\s+)?(?P<noun>[A-Za-z][\w-]*)\W*$"
)
# words before a name that pick another person out ('the other Bennet', 'the younger Miss Lucas')
_NOT_EPITHETS = frozenset(words("other another younger youngest elder eldest second third two three both"))
_OPENING_CLAUSE_RE = re.compile(
    rf"(?:(?:[Bb]ut|[Aa]nd|[Tt]hen|[Ss]o)\s+)?(?:[a-z]+\s+[a-z]+,?\s+)?(?:[Aa]s|[Ww]hile|[Ww]hen|[Tt]hough|[Aa]lthough)"
    rf"\s+(?P<subj>{NAME_PATTERN})\s+(?:was|were|had|stood|sat|walked|came|went)\b"
)
_VERB_NEXT_RE = re.compile(r"\s+(?!(?:and|or|nor|but|with|in|at|on|of|to)\b|[a-z]+ing\b)[a-z]")
_ACTS_NEXT_RE = re.compile(rf"{_VERB_NEXT_RE.pattern}|,")  # a verb or an aside after a subject
SOMEONE = "someone"  # the speaker of 'cried some one', 'said a voice'
EVERYONE = "everyone"  # the speakers of 'said almost every body', 'cried they all': several voices at once
_GROUP_SUBJECT_RE = re.compile(GROUP_SUBJECT)
# the narration after 'said a voice' sees who spoke: 'she saw, across the lobby ..., Edmund', 'and saw the Captain'
_SEES_RE = re.compile(
    r"\b(?:saw|beheld|perceived|recogni[sz]ed|it\s+was)\b[^.!?\"\u201c]{0,70}?(?=\b[A-Z]|\bthe\s+[A-Z])"
)
_SEEN_WITHIN = 200  # characters after the tag the narration may see the speaker in
_PARENT_NEAR = 1500  # characters back: a mother or father named within them is the one a tag calls so
_THE_ROLE_RE = re.compile(r"the\s+([A-Z][a-z]+)\b")
_THAT_BEFORE_RE = re.compile(r"\b(?:that|whether|if)\s+(?:(?:the|poor|little|old|young)\s+)?$")


def _appositions(text: str) -> dict[str, list[str]]:
    """Role word -> the names the book sets beside it, in order: one pass over the book for every head
    ('NAME, the w1 w2 w3' sets NAME beside each of the words, 'the w1 w2 w3, NAME' beside the last)."""
    out: dict[str, list[str]] = {}
    for m in _APPOSITION_RE.finditer(text):
        heads = m.group("wa").split() if m.group("a") else m.group("wb").split()[-1:]
        for h in heads:
            out.setdefault(h, []).append(m.group("a") or m.group("b"))
    return out


def group_sex(group: str) -> Gender:
    """The sex a group noun says of one of it ('one of the women': female, 'jurymen': male)."""
    return "female" if group.endswith("women") else "male" if group.endswith("men") else "unknown"


def _plural(word: str) -> bool:
    """Whether a noun looks plural ('councillors', 'jurymen', 'children')."""
    return word.endswith(("s", "men", "ren")) and not word.endswith(("ss", "us"))


# ('When alone with Elizabeth afterwards, she spoke', 'Turning to Jane, he said'): a phrase, a comma, the subject
_OPENING_PHRASE_RE = re.compile(r"[^.!?;:\"\u201c\u201d]{3,120}?,\s*(?P<pro>[Ss]he|[Hh]e)\b")
_OWN_SUBJECT_RE = re.compile(r"\b(?:I|[Hh]e|[Ss]he|[Ww]e|[Tt]hey|[Yy]ou|[Ii]t|[Tt]his|[Tt]hat|[Tt]here)\b")
# ('made known to him and Eleanor'): a name the object of a preposition, alone or after a pronoun
_OBJECT_BEFORE_RE = re.compile(
    r"\b(?:with|to|towards|toward|at|from|upon|beside)\s+(?:(?:him|her|them|me|us)\s+and\s+)?$"
)
_HE_SHE_RE = {"he": re.compile(r"\b[Hh]e\b"), "she": re.compile(r"\b[Ss]he\b")}
_BESIDE_RE = re.compile(r"\b(?:with|to|towards|toward|at|from|in|on|upon|beside|behind|near|by)\s+$")


class Resolver(Vocatives):
    """Whom a tag's or a beat's subject words mean, and who the other party of a conversation is."""

    # -- resolving words to characters ------------------------------------------------------
    def resolve_subject(
        self, words: str, pos: int, exclude: frozenset[str] = frozenset(), new_turn: bool = False,
        tag: bool = False, turn_taker: bool = False,
    ) -> tuple[str | None, str]:
        """The character a tag's subject words mean, and how it was found ('' if explicit); ``tag``:
        the words are a speech tag's subject (a pronoun there prefers one of the conversation);
        ``new_turn``: they say who takes a new turn (the one just asked, or not who spoke last);
        ``turn_taker``: only the latter."""
        words = " ".join(words.replace("_", " ").split())
        low = words.lower()
        first = low.split()[0] if low else ""
        toks = low.split()
        if first == "the" and len(toks) > 2 and adjective_title(toks[1], toks[2]):
            return None, ""  # ('The general pause which succeeded ...': no General Tilney)
        if first == "i" and len(low.split()) == 1:
            # ('said I' in a third-person book is words quoted inside a speech or a letter)
            return (self.narrator, "first person") if self.first_person else (None, "")
        if _GROUP_SUBJECT_RE.fullmatch(words):
            # ('"Can you, ma'am?" said almost every body.'): all of them at once, a voice of its own
            return self._own_voice(EVERYONE), f'"{words}": several speak at once'
        if first in ("he", "she", "it", "they", "we", "his", "her", "my") and len(low.split()) == 1:
            if first == "my":
                return self.narrator, "first person"
            gender: Gender | None = (
                "male" if first in ("he", "his") else "female" if first in ("she", "her") else None
            )
            if self.first_person and first != "we":
                exclude = exclude | {self.narrator}  # 'he said' in a first-person book is never 'I'
            exclude = exclude | self._bound_after(pos) | self._perceiver(pos) | self._listener(pos)
            exclude = exclude | self._companion(pos, first)
            cands = self.salience.recent(pos, gender, self.index, exclude)
            if gender is None and first == "it":
                # 'it said': a creature of no gender, if one is among the last two mentioned (not one
                # from pages back over the one just named)
                cands = sorted(cands, key=lambda c: c not in cands[:2] or self.index.gender(c) != "unknown")
            if not cands:
                return None, ""
            pick = cands[0]
            topic = self._topic(pos, gender) if tag and gender is not None else None
            if topic is not None and topic != pick and topic in cands[:3]:
                # 'Alice did not much like keeping so close to her: first, because the Duchess was very
                # ugly; ... However, she did not like to be rude. / "...," she said': the one the last
                # paragraph is about, not a woman it only mentioned
                return topic, f'pronoun "{words}" -> {topic} (whom the narration before is about)'
            subject = self._sentence_subject(pos, gender) if tag and gender is not None else None
            if subject is not None and subject != pick and subject in cands:
                return subject, f'pronoun "{words}" -> {subject} (the subject of its sentence)'
            asked = self.last_addressee
            fits = asked is not None and (gender is None or self.index.gender(asked) == gender)
            # (a plain 'said he' too, when the narration just said someone asked them a question)
            questioned = tag and self.reported_asked == asked
            if (new_turn or questioned) and fits and asked in cands[:3] and asked != pick:
                # 'he asked Elizabeth whether ...' / '"..., Lizzy?"' then 'she replied': the one asked
                return asked, f'pronoun "{words}" -> {asked} (the one just addressed)'
            # ('he replied' after his own line: another man of the conversation, not one only talked of)
            if (new_turn or turn_taker) and pick == self.prev_para_speaker and len(cands) > 1 \
                    and cands[1] in self.turns[-6:]:
                g = self.index.gender(cands[1])
                if gender is None or g == gender:
                    return cands[1], f'pronoun "{words}" -> {cands[1]} (next recent {gender or "any"})'
            party = self.turns[-4:] if tag and pos - self.last_turn_end <= QUIET_LIMIT else []
            if (
                party and gender is not None and pick not in party and pick != asked
                and pick not in self.current_vocs and self._after_preposition(pick, pos)
            ):
                # '... his eyes were directed towards Bingley and Jane. Recovering himself, he turned to
                # his partner, and said': one of the conversation, not a man it only looked at
                for c in cands[1:3]:
                    if c in party and self.index.gender(c) == gender:
                        return c, f'pronoun "{words}" -> {c} (of the conversation, not {pick})'
            return pick, f'pronoun "{words}" -> {pick} (most recent {gender or "compatible"})'
        # ('said her ladyship soon afterwards': the words after the rank are the tag's, not the subject's)
        rank = low if low in _HONORIFICS else " ".join(low.split()[:2])
        honorific = _HONORIFICS.get(rank)
        if honorific is not None:
            return self._honorific(" ".join(words.split()[:2]), honorific, pos)
        demo = _DEMO_RE.fullmatch(words)
        if demo is not None:
            return self._demonstrative(words, demo.group("noun").lower(), pos, exclude)
        if low == "another":
            return self._another(words)
        if low.split()[:2] in (["the", "former"], ["the", "latter"]):  # ('the former continued the')
            who = self._former_latter(low.split()[1], pos)
            return (who, f'descriptor "{words}" -> {who} (of the two named last)') if who else (None, "")
        if low in ("the other", "the other one") and self.turns:
            # '"You may depend on it," replied the other': the other party to the one who spoke last
            who, why = self.other_than(self.turns[-1], pos, set())
            return (who, f'descriptor "{words}" -> {who} ({why})') if who is not None else (None, "")
        poss = _POSS_SPLIT_RE.match(words)
        if poss is not None:
            return self._relation_of(poss.group("owner"), poss.group("noun").lower(), words, pos, exclude)
        if first == "the" and (phrase := descriptor_phrase(low.split()[1:], tag=True)):
            said = self._predicated(phrase, pos)
            if said is not None:
                return said, f'descriptor "{words}" -> {said} (the narration said {said} was one)'
        if first == "the" and not self.text.startswith(("'s", "\u2019s"), pos + len(words)):  # ('the child's nurse')
            # ('said the woman over the gate': a cast name that runs on past the words a tag's subject stops at,
            # not a shorter one the words begin with, 'the woman')
            for at, name in self.index.mentions(self.text, pos, pos + len(words) + 40):
                if at == pos and self._mention_end(at) > pos + len(words):
                    return name, ""
                break
        named = self._name_in(words)
        if named is not None:
            return named, ""
        bare = self._bare_surname(words, pos, exclude)
        if bare is not None:
            return bare, f'surname "{words}" -> {bare} (the man of that name present)'
        if first == "the":
            # 'said the gallant Mr. Elton', 'cried the good-hearted Mrs. John Knightley': the name after
            # the epithet speaks (the subject's words stop at the title)
            for at, name in self.index.mentions(self.text, pos, pos + len(words) + 40):
                if _EPITHET_BEFORE_RE.fullmatch(self.text, pos, at) and not any(
                    w in _NOT_EPITHETS for w in self.text[pos:at].lower().split()
                ):  # ('the other Snake' is somebody else)
                    return name, ""
                break
        return self._descriptor(words, pos, exclude)

    def _bare_surname(self, words: str, pos: int, exclude: frozenset[str]) -> str | None:
        """'"Yes," said Morland, who overheard this': a surname alone that several of the cast bear is a
        man's ('Morland' is James, never Catherine, whom the narration calls by her first name): the man
        of that surname seen last, while he is near (named in the last pages)."""
        if " " in words or not words[:1].isupper() or words in TITLES:
            return None
        men = [
            c.name for c in self.index.characters.values()
            if c.name not in exclude and self.index.gender(c.name) == "male"
            and any(strip_title(f).split()[-1:] == [words] for f in c.names if f.strip())
        ]
        near = [m for m in men if self._near(m, pos)]
        if near:
            return max(near, key=lambda m: self.salience.last_before(m, pos))
        # none named lately ('"You have lost an hour," said Morland' of James, whom the pages before call
        # 'James' and 'her brother'): the one man of the name the book gives a first name, not the one it
        # calls only 'Mr. Morland' (the narration calls that one so, not by his surname alone)
        given = [m for m in men if any(
            f.split()[0] not in TITLES and len(f.split()) > 1 and f.split()[-1] == words
            for f in self.index.characters[m].names
        )]
        return given[0] if len(given) == 1 else None

    def _predicated(self, phrase: Sequence[str], pos: int) -> str | None:
        """The named character the narration just before ``pos`` said was a ``phrase`` ('he was a very
        good looking young man' of Frank Churchill, then 'said the young man': him, not a stranger)."""
        if phrase[-1] not in FEMALE_NOUNS and phrase[-1] not in MALE_NOUNS:
            return None
        key = tuple(phrase)
        if key in self.predicated:
            return self.predicated[key]  # ('said the young man' again: him, till the narration brings in another)
        noun = r"\s+".join(map(re.escape, phrase))
        pattern = re.compile(
            rf"(?P<subj>\b(?:[Hh]e|[Ss]he)|{NAME_PATTERN})\s+(?:was|is|seemed|looked)\s+(?:a|an)\s+(?:[\w_-]+\s+){{0,3}}?{noun}\b"
        )
        found = list(pattern.finditer(self.text, max(0, pos - 1500), pos))
        if not found:
            return None
        m = found[-1]
        if self._introduces(key, m.end(), pos):
            return None
        who, _ = self.resolve_subject(m.group("subj"), m.start("subj"))
        if who is None or self.index.gender(who) != ("female" if phrase[-1] in FEMALE_NOUNS else "male"):
            return None
        if self.index.resolve(who) is None or who.startswith(("the ", "a ")):
            return None
        self.predicated[key] = who
        return who

    def _introduces(self, phrase: Sequence[str], a: int, b: int) -> bool:
        """Whether narration ``text[a:b]`` brings in someone new as ``a <phrase>``: as a clause's subject
        ('A young man came in') or after 'there was' ('like a young man', 'he was a young man' do not)."""
        noun = r"\s+".join(map(re.escape, phrase))
        for m in re.compile(rf"\b[Aa]n?\s+(?:[\w_-]+\s+){{0,3}}?{noun}\b").finditer(self.text, a, b):
            at = m.start()
            if is_subject_position(self.text, a, at) or re.search(
                r"\bthere\s+(?:was|were|came|stood|sat)\s+$", self.text[max(a, at - 20) : at]
            ):
                return True
        return False

    def _former_latter(self, word: str, pos: int) -> str | None:
        """'When Jane and Elizabeth were alone, the former ...': of the two people named last (within a
        few sentences), the first or the second."""
        names = self.salience.names
        k = bisect.bisect_left(self.salience.positions, pos)
        two: list[str] = []
        for i in range(k - 1, max(-1, k - 12), -1):
            if pos - self.salience.positions[i] > 400:
                break
            if names[i] not in two:
                two.append(names[i])
            if len(two) == 2:
                return two[1] if word == "former" else two[0]
        return None

    def _sentence_subject(self, pos: int, gender: Gender) -> str | None:
        """The named subject of the sentence a tag's pronoun at ``pos`` ends, when of its ``gender``:
        'Perhaps Fanny thought for a moment that her mother had been quite rude enough,--for, colouring
        a little, she immediately said,': Fanny, not the mother her thought was of."""
        start = self._paragraph_starts(pos)[0]
        sentence = last_sentence_start(self.text, start, pos)
        beat = beat_subject(self.text, sentence, pos)
        if beat is None:
            # ('but after tea, as Miss Crawford was standing at an open window ..., she suddenly revived
            # it': the subject of a clause opening the sentence)
            m = _OPENING_CLAUSE_RE.match(self.text, sentence, pos)
            beat = (m.group("subj"), m.start("subj"), "") if m is not None else None
        if beat is None or beat[1] >= pos or not beat[0][:1].isupper() or beat[0].lower() in _BEAT_PRONOUNS:
            return None
        who = self.index.resolve(beat[0])
        if who is None or self.index.gender(who) != gender:
            return None
        # ('Fanny was silent, and Miss Crawford relapsed into thoughtfulness, till ... she exclaimed':
        # another of her gender the subject of a clause after hers is the one; not one a 'that' clause
        # reports: 'Lady Catherine observed that Miss Bennet seemed out of spirits, and ... she added')
        after = beat[1] + len(beat[0])
        if any(n != who and self.index.gender(n) in (gender, "unknown")
               and is_subject_position(self.text, after, at) and not _THAT_BEFORE_RE.search(self.text, after, at)
               and _VERB_NEXT_RE.match(self.text, self._mention_end(at)) is not None  # (not 'with Edmund and Fanny,')
               for at, n in self.index.mentions(self.text, after, pos)):
            return None
        return who

    def _topic(self, pos: int, gender: Gender) -> str | None:
        """Whom the narration paragraph before the one at ``pos`` is about, when a pronoun of
        ``gender`` there can only mean them: its first sentence's subject names them, every later
        sentence's subject is that name or a pronoun of that gender, and the paragraph at ``pos``
        names no one of that gender before ``pos``."""
        text = self.text
        start, prev = self._paragraph_starts(pos)
        if prev < 0 or any(self.index.gender(n) == gender for _, n in self.index.mentions(text, start, pos)):
            return None
        if next_mark(self.quote_spans, prev, start) is not None:
            return None
        topic: str | None = None
        at = prev
        # (a sentence's end, not a title's dot: 'When Mrs. Jennings came home')
        ends = (m for m in _SENTENCE_END_RE.finditer(text[prev:start]) if not title_dot(text, prev, prev + m.start()))
        for m in itertools.chain(ends, [None]):
            end = prev + m.end() if m is not None else start
            beat = beat_subject(text, at, end)
            if topic is not None and any(
                who != topic and self.index.gender(who) == gender and is_subject_position(text, at, p)
                # (not 'turning towards the Canadian and Conseil:')
                and _ACTS_NEXT_RE.match(text, self._mention_end(p)) is not None
                for p, who in self.index.mentions(text, at, end)
            ):
                # ('Like half the rest of the world, ..., Marianne, with excellent abilities ..., was neither
                # reasonable nor candid.': a later sentence about another of that gender)
                return None
            at = end
            while at < start and text[at].isspace():
                at += 1
            if beat is None:
                if topic is None:
                    return None  # (the first sentence's subject is no simple name)
                continue
            subj = beat[0]
            if topic is None:
                # ('When Mrs. Jennings came home, though she returned ..., her mind was so much more occupied
                # ... that she reverted to it again as soon as Elinor appeared.': the opening clause's subject)
                subj = _OPENING_WORD_RE.sub("", subj)
                who = self.index.resolve(subj) if subj[:1].isupper() and subj.lower() not in _BEAT_PRONOUNS else None
                if who is None or self.index.gender(who) != gender:
                    return None
                topic = who
                continue
            low = subj.lower()
            if low in _BEAT_PRONOUNS:
                continue  # ('she', 'her' go on about her; 'it', 'they' are someone else, as may be 'he')
            who = self.index.resolve(subj)
            if who is not None and who != topic and self.index.gender(who) in (gender, "unknown"):
                return None
        for m in _COORDINATE_SUBJECT_RE.finditer(text, prev, start) if topic is not None else ():
            # ('Mr. Woodhouse at last was off; but Mr. Knightley, instead of being immediately off likewise, sat
            # down again': a coordinate clause about another of that gender)
            who = self.index.resolve(m.group("name"))
            if who is not None and who != topic and self.index.gender(who) in (gender, "unknown"):
                return None
        return topic

    def _name_in(self, words: str) -> str | None:
        parts = [w if w in TITLES else w.strip(",.;:!?'\u2019") for w in words.split()]
        while parts and parts[0].lower() in ("the", "poor", "little", "old", "young", "a", "an"):
            parts = parts[1:]
        # 'said the burly Moze': epithets before a name ('the other Bennet girl' is not one)
        lead = 0
        while lead < min(2, len(parts) - 1) and parts[lead].isalpha() and parts[lead].islower() \
                and parts[lead] not in _NOT_EPITHETS:
            lead += 1
        if lead and parts[lead][:1].isupper():
            parts = parts[lead:]
        caps: list[str] = []
        for w in parts:
            if w and (w[0].isupper() or w in TITLES):
                caps.append(w)
            else:
                break
        for k in range(len(caps), 0, -1):
            form = " ".join(caps[:k])
            found = self.index.resolve(form)
            if found is None and k == len(caps) and len(parts) > k:
                found = self.index.resolve(" ".join(parts[:k]))
            if found:
                return found
        return None

    def _own_voice(self, name: str) -> str:
        """The speaker of a voice the story gives no one (``SOMEONE``, ``EVERYONE``): the cast's entry of that
        name, else that name, registered as a description of no known sex."""
        known = self.index.resolve(name)
        if known is None:
            self.index.add_descriptor(name, "unknown")
        return known or name

    def _parent_near(self, phrase: Sequence[str], pos: int) -> str | None:
        """'the mother' / 'the father' in a tag, where the last page named a married woman (man) of the cast or
        the book's names, by a married title ('Mrs. Thorpe'): the one named last; else None (a mother of her
        own)."""
        if list(phrase) not in (["mother"], ["father"]):
            return None
        sex: Gender = "female" if phrase[0] == "mother" else "male"
        near = [
            c for c in self.salience.recent(pos, sex, self.index)[:4]
            if self.index.gender(c) == sex and title_of(c) in MARRIED_TITLES[sex]
            and pos - self.salience.last_before(c, pos) < _PARENT_NEAR
        ]
        if len(near) > 1:
            # ('cried Mrs. Thorpe to Mrs. Allen ... The Miss Thorpes were introduced ... cried the mother': the
            # one whose children's surname the page names, beyond her own mentions)
            start = max(0, pos - _PARENT_NEAR)
            own = Counter(n for _, n in self.index.mentions(self.text, start, pos))
            kin = [c for c in near if self.text.count(c.split()[-1], start, pos) > own[c]]
            near = kin or near
        return near[0] if near else None

    def _descriptor(self, words: str, pos: int, exclude: frozenset[str]) -> tuple[str | None, str]:
        toks = words.lower().split()
        if toks in (["some", "one"], ["someone"], ["somebody"]) or (
            len(toks) >= 2 and toks[0] in ("a", "another", "the") and toks[1] == "voice"
            and toks[2:3] not in (["in"], ["within"])  # (not 'a voice in her', her conscience)
        ):
            # ('"Fanny," said a voice at that moment near her. Starting and looking up, she saw, across the lobby
            # ..., Edmund himself'; 'said someone near me. I turned, and saw the Captain.'): the one the
            # narration then sees; else ('cried some one') someone the story does not say, a voice of its
            # own (all such lines share it), never the one the narration was about
            sees = _SEES_RE.search(self.text, pos, min(len(self.text), pos + _SEEN_WITHIN))
            if sees is not None:
                for _at, name in self.index.mentions(self.text, sees.end(), sees.end() + 80):
                    return name, f'descriptor "{words}" -> {name} (the narration then sees {name})'
                the = _THE_ROLE_RE.match(self.text, sees.end())
                holder = self._titled_holder([the.group(1).lower()], pos) if the is not None else None
                if holder is not None:
                    return holder, f'descriptor "{words}" -> {holder} (the narration then sees {holder})'
            return self._own_voice(SOMEONE), f'descriptor "{words}" speaks for itself'
        if len(toks) >= 4 and toks[0] in ("one", "another") and toks[1] == "of":
            # 'said one of the jurymen': a speaker of its own, whose voice all such lines share;
            # 'asked another of the jurymen' is a second one
            group = [w.strip(",.;:!?\"'\u201c\u201d\u2018\u2019()_") for w in toks[3:5]]
            group = [w for w in group if w.isalpha()][:2]
            if len(group) == 2 and not _plural(group[0]) and _plural(group[1]):
                group = [f"{group[0]} {group[1]}"]  # ('remarked one of the Town Councillors who ...': a compound)
            group = group[:1]
            if not group or group[0] in NOT_PEOPLE:
                return None, ""
            name = f"{toks[0]} of the {group[0]}"
            known = self.index.resolve(name)
            if known is not None:
                return known, ""
            sex = group_sex(group[0])
            self.index.add_descriptor(name, sex)
            return name, f'descriptor "{words}" speaks for itself'
        noun = next((t for t in toks[1:] if t in FEMALE_NOUNS or t in MALE_NOUNS), None)
        if toks and toks[0] in ("the", "a", "an", "my", "another"):
            phrase = descriptor_phrase(toks[1:], tag=True)
            if phrase:
                # 'said the landlord': a speaker of its own (a cast entry 'the landlord', or new);
                # 'said my father' in a first-person book likewise ('my father' as a cast alias);
                # 'said another private' is not the private who spoke before
                det = toks[0] if toks[0] in ("my", "another") else "the"
                name = f"{det} {' '.join(phrase)}"
                known = self.index.resolve(name)
                if known is None and det == "my":
                    # 'cried my mother': the narrator's mother, whom a cast calls 'the mother'
                    known = self.index.named(f"the {' '.join(phrase)}")
                if known is None and det == "my":
                    # 'said my sister' where the narration says 'My sister, Mrs. Joe Gargery, was ...'
                    known = self._narrator_kin(" ".join(phrase))
                parent = self._parent_near(phrase, pos) if det == "the" and (
                    known is None or known in self.index.described
                ) else None
                if parent is not None:
                    # ('the tallest is Isabella, my eldest ... / "The very picture of him indeed!" cried the
                    # mother': Mrs. Thorpe, the one mother just named, not a mother of her own)
                    return parent, f'descriptor "{words}" -> {parent} (the {phrase[-1]} just named)'
                if known is not None:
                    return known, ""
                holder = self._titled_holder(phrase, pos) if det == "the" else None
                if holder is not None:
                    return holder, f'descriptor "{words}" -> {holder} (the {phrase[0]} named last)'
                role = self._apposed(phrase[-1]) if det == "the" else None
                lately = role is not None and pos - self.named_at.get(role, -NAMED_LATELY) < NAMED_LATELY
                if role is not None and role not in exclude and lately:
                    # ('"Hum!" said the harpooner': Ned Land, whom the book calls so, and who is about)
                    return role, f'descriptor "{words}" -> {role} (the book calls {role} the {phrase[-1]})'
                head = phrase[-1]
                g: Gender = noun_sex(head) or "unknown"
                asked = self.last_addressee
                questioned = self.last_question is not None and self.last_question[1]
                if (
                    det == "the" and questioned and asked is not None and asked not in self.index.described
                    and asked not in exclude and asked != self.prev_para_speaker
                    and not (self.first_person and asked == self.narrator)
                    and g in ("unknown", self.index.gender(asked))
                ):
                    # ('"How old are you, cook?" / "What dat do wid de 'teak," said the old black': the one
                    # just called answers, and the narration describes him)
                    return asked, f'descriptor "{words}" -> {asked} (the one just addressed)'
                self.index.add_descriptor(name, g)
                return name, f'descriptor "{words}" speaks for itself'
        if noun is None and len(toks) >= 2 and toks[0] in ("his", "her") and toks[1] in _PARTNERS:
            # 'After a short pause, her companion added,': the other one of her conversation
            og: Gender = "male" if toks[0] == "his" else "female"
            one = next((c for c in self.salience.recent(pos, og, self.index) if self.index.gender(c) == og), None)
            if one is not None and self.turns:
                who, _why = self.other_than(one, pos, set())
                if who is not None:
                    return who, f'descriptor "{words}" -> {who} (the one {one} talks with)'
            elif one is not None and self.gone:
                # ('he was just then borne off ... Her partner now drew near': the one she was with before
                # the one who left came up)
                near = self.salience.recent(pos, None, self.index, frozenset([one, *self.gone]))
                if near:
                    self._owner, self._owner_addressed = one, True
                    return near[0], f'descriptor "{words}" -> {near[0]} (with {one} before {", ".join(self.gone)} left)'
        if noun is None:
            return None, ""
        gender: Gender = "female" if noun in FEMALE_NOUNS else "male"
        possessive = toks[0] in ("his", "her")
        owner: str | None = None
        if possessive:
            pg: Gender = "male" if toks[0] == "his" else "female"
            # ('I asked Herbert whether his father ...': his, never mine)
            mine = frozenset([self.narrator]) if self.first_person else frozenset()
            owners = self.salience.recent(pos, pg, self.index, mine)
            owners = [o for o in owners if self.index.gender(o) == pg]
            # '"My dear Mr. Bennet," said his lady': the one addressed just now owns the relation
            near = [v for v in (*sorted(self.current_vocs), self.last_addressee) if v is not None]
            owners = [v for v in near if self.index.gender(v) == pg] + [o for o in owners if o not in near]
            owner = owners[0] if owners else None
            self._owner = owner
            last = self.turns[-1] if self.turns else None
            asked = self.last_addressee
            if last is not None and asked is not None and asked not in exclude and self.index.gender(last) == pg \
                    and asked in self._relatives_of(last, noun, gender):
                # ('Her mother impatiently met her ..., to ask why Lady Catherine would not come in again ... /
                # "She did not choose it," said her daughter': the daughter the mother spoke to, not another
                # woman's named since)
                self._owner = last
                return asked, f'descriptor "{words}" -> {asked} ({noun} of {last}, who spoke to her)'
            seen = self._last_seen(pos)
            for cand in owners[:3]:
                if cand not in seen and cand not in near:
                    continue  # ('her' is someone the story has named: not any woman of the cast)
                rel = self._relative(cand, noun, gender)
                if rel is not None:
                    self._owner = cand
                    return rel, f'descriptor "{words}" -> {rel} ({noun} of {cand})'
            if any(noun in g for g in OTHER_KIN_GROUPS):
                # 'her kinder aunt Bertram observed': the aunt of that surname (Lady Bertram), not the one
                # the cast calls 'Aunt Norris'
                orig = words.split()
                at = toks.index(noun)
                after = orig[at + 1].strip(",.;:!?") if at + 1 < len(orig) else ""
                kin = self._kin_by_surname(after, gender) if after[:1].isupper() else None
                if kin is not None and kin not in exclude:
                    return kin, f'descriptor "{words}" -> {kin} (the {noun} {after})'
                # 'cried his aunt soon afterwards' when the cast calls one character 'Aunt Norris' (or 'my
                # aunt'): her, not the woman named last
                kin = self._kin_named(noun)
                if kin is not None and kin != owner and kin not in exclude:
                    return kin, f'descriptor "{words}" -> {kin} (the cast\'s {noun})'
        return self._recent_but(owner, words, gender, pos, exclude, noun)

    def _apposed(self, head: str) -> str | None:
        """The one character the book sets beside 'the <head>' ('master Ned Land, the harpooner'; 'the Canadian
        harpooner, Ned Land'), if only one ever is (not 'the mate': Starbuck, the chief mate; Stubb, the second)."""
        if head in self._apposed_to:
            return self._apposed_to[head]
        if self.scans.appositions is None:
            self.scans.appositions = _appositions(self.text)
        sex = noun_sex(head)
        votes: Counter[str] = Counter()
        for name in self.scans.appositions.get(head, ()):
            who = self.index.resolve(name)
            if who is not None and (sex is None or self.index.gender(who) in (sex, "unknown")):
                votes[who] += 1
        top = votes.most_common(2)
        one = top[0][0] if len(top) == 1 else None  # (Stubb, the second mate; Starbuck, the chief mate: none)
        self._apposed_to[head] = one
        return one

    def _after_preposition(self, name: str, pos: int) -> bool:
        """Whether ``name``'s latest mention before ``pos`` is the object of a preposition ('his eyes
        were directed towards Bingley'): someone looked at or talked of, not one who acts or is asked."""
        at = self._last_seen(pos).get(name)
        return at is not None and PREP_BEFORE_RE.search(self.text, max(0, at - 12), at) is not None

    def _honorific(self, words: str, titles: frozenset[str], pos: int) -> tuple[str | None, str]:
        """'said her Ladyship': the character of such a rank ('Lady Catherine') last named, or the one
        the cast has."""
        holders = [
            name for name, char in self.index.characters.items()
            if any(f.split()[:1] and f.split()[0] in titles for f in char.names if f.strip())
        ]
        if not holders:
            return None, ""
        seen = self._last_seen(pos)
        near = sorted((h for h in holders if h in seen), key=lambda h: -seen[h])
        if near or len(holders) == 1:
            who = (near or holders)[0]
            return who, f'descriptor "{words}" -> {who} (of that rank)'
        return None, ""

    def _demonstrative(self, words: str, noun: str, pos: int, exclude: frozenset[str]) -> tuple[str | None, str]:
        """'said that gentleman': the one of that sort just addressed or named (not the last speaker);
        'drawled this newcomer': a new speaker of its own."""
        if noun in _NEW_PERSON_NOUNS:
            return self._descriptor(f"the {noun}", pos, exclude)
        gender: Gender | None = noun_sex(noun)
        last = frozenset(self.turns[-1:]) | (frozenset([self.narrator]) if self.first_person else frozenset())
        asked = self.last_addressee
        if asked is not None and asked not in last and (gender is None or self.index.gender(asked) == gender):
            return asked, f'descriptor "{words}" -> {asked} (the one just addressed)'
        cands = self.salience.recent(pos, gender, self.index, exclude | last)
        if not cands:
            return None, ""
        return cands[0], f'descriptor "{words}" -> {cands[0]} (the one just named)'

    def _another(self, words: str) -> tuple[str | None, str]:
        """'said another': a new speaker, 'another dame' after 'the hard-featured dame' spoke."""
        prev = self.turns[-1] if self.turns else ""
        noun = singular_noun(prev.split()[-1]) if prev[:4] == "the " or prev[:8] == "one of t" else "voice"
        name = f"another {noun}"
        gender: Gender = noun_sex(noun) or "unknown"
        known = self.index.named(name)
        if known is None:
            self.index.add_descriptor(name, gender)
        return known or name, f'descriptor "{words}": a new speaker'

    def _perceiver(self, pos: int) -> frozenset[str]:
        """Whoever is named as the one who hears or sees the pronoun at ``pos`` speak ('Alice heard it
        say to itself': 'it' is not Alice)."""
        text = self.text
        verb = _PERCEIVE_BEFORE_RE.search(text, max(0, pos - 14), pos)
        if verb is None:
            return frozenset()
        start = last_sentence_start(text, max(0, pos - 300), verb.start())
        return frozenset(name for _, name in self.index.mentions(text, start, verb.start()))

    def _companion(self, pos: int, pronoun: str) -> frozenset[str]:
        """Whoever the narration before the paragraph's first quote (or before ``pos``) puts beside the
        pronoun subject that the pronoun at ``pos`` is, or goes on from: the names an opening phrase has
        after a preposition ('When alone with Elizabeth afterwards, she spoke more on the subject. "...,"
        said she': not Elizabeth; 'Turning to Jane, she said,'; not 'On Jane's return, she'), and the
        objects of a sentence that pronoun is the subject of ('she made known to him and Eleanor')."""
        known = self._companions.get(pos)
        if known is None:
            known = self._companions[pos] = self._beside(pos, pronoun)
        return known

    def _beside(self, pos: int, pronoun: str) -> frozenset[str]:
        """``_companion``, uncached."""
        if pronoun not in _HE_SHE_RE:
            return frozenset()
        start = self._paragraph_starts(pos)[0]
        mark = next_mark(self.quote_spans, start, pos)
        end = pos + len(pronoun) if mark is None else mark
        return self._opening_companions(start, end, pronoun) | self._objects_of(start, end, pronoun)

    def _opening_companions(self, start: int, end: int, pronoun: str) -> frozenset[str]:
        """The names an opening phrase puts beside the pronoun subject of the last sentence of
        ``text[start:end]`` ('Turning to Jane, she')."""
        text = self.text
        if text.find(f", {pronoun}", start, end) < 0 and text.find(f",\n{pronoun}", start, end) < 0:
            return frozenset()  # (the cheap test first: most pronouns follow no phrase and comma)
        sentence = last_sentence_start(text, max(start, end - 300), end)  # (a phrase is shorter than that)
        m = _OPENING_PHRASE_RE.match(text, sentence, end)
        if m is None or m.group("pro").lower() != pronoun or _OWN_SUBJECT_RE.search(text, sentence, m.start("pro")):
            return frozenset()  # ('One day, when I was suggesting this theory to Captain Nemo, he replied': his)
        beside = set()
        for at, name in self.index.mentions(text, sentence, m.start("pro")):
            if _BESIDE_RE.search(text, max(0, at - 12), at) is None \
                    or text.startswith(("'s", "\u2019s"), self._mention_end(at)):
                return frozenset()  # ('As for Mary, she was', 'On Jane's return, she': hers)
            beside.add(name)
        return frozenset(beside)

    def _objects_of(self, start: int, end: int, pronoun: str) -> frozenset[str]:
        """The names the narration ``text[start:end]`` makes the object of a sentence whose subject is
        ``pronoun`` ('On Henry's arrival from Woodston, she made known to him and Eleanor their brother's
        safety, ... "So much for Isabella," she cried': not Eleanor)."""
        text = self.text
        out: set[str] = set()
        for p, name in self.index.mentions(text, start, end):
            if _OBJECT_BEFORE_RE.search(text, max(0, p - 24), p) is None:
                continue
            sentence = last_sentence_start(text, max(start, p - 250), p)
            if any(
                is_subject_position(text, start, m.start())
                and not SUBORDINATOR_RE.search(text, max(0, m.start() - 12), m.start())
                for m in _HE_SHE_RE[pronoun].finditer(text, sentence, p)
            ):
                out.add(name)
        return frozenset(out)

    def _listener(self, pos: int) -> frozenset[str]:
        """Whoever the sentence of the pronoun at ``pos`` says is listening ('Just then she noticed that
        the Queen was close behind her, listening: so she went on,': 'she' is not the Queen)."""
        text = self.text
        window = text[max(0, pos - 300) : pos]
        if "listen" not in window and "attention" not in window:
            return frozenset()  # (the cheap test first: few sentences say so)
        start = last_sentence_start(text, max(0, pos - 300), pos)
        found = _LISTENING_RE.search(text, start, pos)
        if found is None:
            return frozenset()
        near = [name for at, name in self.index.mentions(text, max(start, found.start() - 60), found.start())]
        return frozenset(near[-1:])

    def _bound_after(self, pos: int) -> frozenset[str]:
        """People named later in the sentence a main-clause subject pronoun at ``pos`` starts ('He
        beckoned Kronborg into the room and said': 'he' is not Kronborg), up to the next quote mark."""
        text = self.text
        near = self.index.mentions(text, pos, min(len(text), pos + 240))
        if not near or SUBORDINATOR_RE.search(text, max(0, pos - 12), pos) is not None:
            return frozenset()  # (none named; 'When he came in, John said': he may be John)
        end = first_sentence(text, pos, near[-1][0] + 1)
        mark = next_mark(self.quote_spans, pos, end)
        end = end if mark is None else mark
        cut = _CLAUSE_BREAK_RE.search(text, pos + 2, end)  # 'She sighed, and when Mary came in':
        if cut is not None:  # a name in the next clause may be her
            end = cut.start()
        return frozenset(name for at, name in near if at < end)

    def _relation_of(
        self, owner_words: str, noun: str, words: str, pos: int, exclude: frozenset[str]
    ) -> tuple[str | None, str]:
        """'my brother's wife', 'Mr. Pett's son': the owner's relative of that name (same surname),
        else the most recent person of the noun's gender other than the owner."""
        gender: Gender | None = noun_sex(noun)
        owner, _ = self.resolve_subject(owner_words, pos, exclude)
        if noun in _VOICE_NOUNS:  # 'interrupted his mother's voice': she speaks
            return (owner, f'descriptor "{words}" -> {owner} (the voice of {owner})') if owner else (None, "")
        self._owner = owner  # ('said Cameron's companion': Cameron is not the one speaking)
        if owner is not None and gender is not None:
            rel = self._relative(owner, noun, gender)
            if rel is not None:
                return rel, f'descriptor "{words}" -> {rel} ({noun} of {owner})'
        if gender is None:
            return None, ""
        return self._recent_but(owner, words, gender, pos, exclude, noun)

    def _names_someone(self, subj: str) -> bool:
        """Whether an action beat's subject can name a speaker: a personal pronoun or possessive, or a
        known name ('Her nails dug ...', 'Mr. Darcy bowed'; not 'The carriage stopped'). 'I', 'My' only
        in a first-person book: elsewhere they are a letter's or a speech's words ('My mind however is
        now made up'), not the narrator's."""
        low = subj.lower()
        if low in ("i", "my"):
            return self.first_person
        return low in ("he", "she", "his", "her") or self.index.resolve(subj) is not None

    def _definite(self, toks: Sequence[str]) -> str | None:
        """The character a narration description names ('the old landlord', 'the clergyman' for the
        one parson), or None: only a description the cast or an earlier tag already gave a speaker."""
        return self._definite_span(toks)[0]

    def _definite_span(self, toks: Sequence[str]) -> tuple[str | None, int]:
        """``_definite`` and how many of ``toks`` the description takes (0 when it names no one)."""
        for k in range(min(3, len(toks)), 0, -1) if self.predicated else ():
            if tuple(toks[:k]) in self.predicated:  # ('the young man' the narration said Frank Churchill was)
                return self.predicated[tuple(toks[:k])], k
        for k in range(min(3, len(toks)), 0, -1):  # 'the clergyman explained': the longest that names one
            who = self.index.resolve("the " + " ".join(toks[:k]))
            if who is not None:  # resolve takes leading words: 'the girl flushed' is 'the girl'
                while k > 1 and self.index.resolve("the " + " ".join(toks[: k - 1])) == who:
                    k -= 1
                if k == 1 and len(toks) > 1 and adjective_title(toks[0], toks[1]):
                    return None, 0  # 'The general pause which succeeded ...': no General Tilney
                return who, k
        for k, head in enumerate(toks[:3], 1):  # 'the old clergyman': the role noun past its adjectives
            if head in ROLE_SYNONYMS:
                who = self.index.resolve("the " + head)
                return (who, k) if who is not None else (None, 0)
        return None, 0

    def _beat_description(self, subj: str, rest: str) -> tuple[str | None, str, str]:
        """A beat whose subject is a known description ('The girl flushed.'): who it names, the
        description and the rest of the clause ('The girl', 'flushed'); (None, subj, rest) otherwise."""
        if subj not in ("The", "the"):
            return None, subj, rest
        toks = rest.split()
        who, k = self._definite_span(toks)
        if who is None or k >= len(toks):
            return None, subj, rest
        return who, " ".join([subj, *toks[:k]]), " ".join(toks[k:])

    def other_than(self, who: str | None, pos: int, vocs: set[str]) -> tuple[str | None, str]:
        """The other party of the conversation: the last addressee, earlier speaker, or salient one."""
        excl = frozenset(v for v in vocs) | frozenset([who] if who else []) | frozenset(self.gone)
        if self.last_addressee and self.last_addressee not in excl:
            return self.last_addressee, f"turn-taking: answers {who}, who addressed {self.last_addressee}"
        for t in reversed(self.turns):
            if t not in excl:
                return t, f"turn-taking: alternates with {who}"
        cands = self.salience.recent(pos, None, self.index, excl)
        called = sorted(v for v in vocs if v in self.turns[-4:])
        if who is not None and who not in vocs and called and len(set(self.turns[-4:])) <= 2 and not (
            cands and self._brought_in(cands[0], pos)
        ):
            # ('"No I am not," said Joe. / ... / "Pip, dear old chap, life is made of ever so many
            # partings"': the other of the two is called, so the one who spoke last goes on, unless
            # the narration since brought someone in: 'Miss Bingley came towards her')
            return who, f"{GOES_ON_CALLING.format(who)} {called[0]}"
        if cands:
            return cands[0], f"turn-taking: {cands[0]} is the other party present"
        return None, ""

    def _brought_in(self, name: str, pos: int) -> bool:
        """Whether the narration since the conversation's last line brought ``name`` in ('Miss Bingley
        came towards her'), not only named them ('sure that Provis had not been there')."""
        sal = self.salience
        k = bisect.bisect_left(sal.positions, pos)
        for i in range(k - 1, -1, -1):
            at = sal.positions[i]
            if at <= self.last_turn_end:
                return False
            if sal.names[i] == name and not inside(self.quote_spans, at) and _ARRIVES_RE.match(
                self.text, self._mention_end(at)
            ):
                return True
        return False
