"""Vocatives: whom a quote calls by name ('Nonsense, Fergus!'), and the names in it that are not calls ('my
cousin, Mr. Collins, who ...', 'I am Pip.', an echo of the last line, a title the holder of which is elsewhere)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ..speech.spoken_numbers import words
from .characters import (
    ADJECTIVE_ENDINGS,
    NOT_NAMES,
    ROLE_TITLES,
    TITLE_ALT,
    TITLES,
    WORD_BEFORE_RE,
    inside,
    strip_title,
    title_gender,
)
from .context import ABSENT_AFTER, POSSESSIVE_RE, QUIET_LIMIT
from .kinship import PARENT_WORDS, POLITE, Kinship, address_hits, address_words
from .person_nouns import RELATIVE_NOUNS
from .quotes import QuoteSpan
from .tags import PREPOSITIONS, first_sentence, last_sentence_start

_APPOSITION_NOUNS = RELATIVE_NOUNS | frozenset(words(
    "relation relations kinsman kinswoman neighbour neighbor acquaintance companion partner guest servant "
    "master mistress patron patroness landlord landlady colleague client employer steward "
    "name"  # ('call me by my Christian name, Herbert?': the name itself)
))
_PREP_STOP = frozenset(words(
    "as to with of for than and or by from like about at in on is was be saw see tell ask met love know "
    "knew that the a an but not nor if told call called named poor dear my little own good sweet "
    # ('sailed round Cape Horn.', 'off Cape Horn.': a place)
    "round around off into onto upon over under near past toward towards through across behind beyond "
    "along among between within without till until"
))
# verbs whose object a name closing a statement is ('better than I do Bingley.', 'to marry Wickham.',
# 'he will not have Lizzy.'); closing a question or a cry the name is more often called ('What do
# you want Sasuke?')
_OBJECT_VERBS = frozenset(words(
    "do did does marry married liked hate hated visit visited thank thanked trust trusted believe believed "
    "admire admired pity pitied loved meet seen heard have has had get got give gave take took bring brought "
    "leave left want wanted find found help helped follow followed join joined mean meant means"
))


def _object_verb(word: str) -> bool:
    """Whether a lowercase word before a name closing a statement makes the name its object ('to marry
    Wickham.', 'but I meant Estella.'): a verb of the list, or any in '-ed'."""
    return word in _OBJECT_VERBS or (word.endswith("ed") and len(word) > 3)


# a quotation inside a quote: "'Let sister Susan have my knife, mama,'"
_INNER_OPEN_RE = re.compile(r"(?<!\w)['\u2018](?=\w)")
_INNER_CLOSE_RE = re.compile(r"(?<=[\w.,!?])['\u2019](?!\w)")


def told_words(text: str, a: int, b: int) -> list[str]:
    """``address_words`` of the quote ``text[a:b]`` but those inside a quotation within it (''Let sister
    Susan have my knife, mama,' she said': the dead child's words, not the speaker's)."""
    starts, found = address_hits(text)
    out = []
    for i in range(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)):
        inner = len(_INNER_OPEN_RE.findall(text, a, starts[i])) - len(_INNER_CLOSE_RE.findall(text, a, starts[i]))
        if inner <= 0 and found[i] not in POLITE:
            out.append(found[i])
    return out


# 'Mrs. Dixon, I understand, has no remarkable degree of personal beauty': an aside, then the verb the
# name is the subject of (one addressed would be followed by 'you')
_SUBJECT_AFTER_ASIDE_RE = re.compile(
    r",\s+I\s+(?:[a-z]+\s+){0,2}?[a-z]+,\s+(?:has|have|is|was|had|will|would|can|could|must|may|might|should|"
    r"does|did|seems|looks)\b"
)
# 'asked all the three teachers, Miss Nash, and Miss Prince, and Miss Richardson': a list, not an address
_LIST_AFTER_RE = re.compile(r",\s+(?:and|or|nor)\s+(?:(?:the|my|his|her|poor|dear)\s+)?[A-Z]")
# ('Old Allen, the man you are with.' / 'Oh! Mr. Allen, you mean.': the name the other meant, not one called)
_YOU_MEAN_RE = re.compile(r",?\s+(?:you|do\s+you)\s+mean\b")
# ', who was ...' (a relative clause: talked about), not ', who this gentleman is?' (a question asked)
_RELATIVE_AFTER_RE = re.compile(
    r",\s+(?:(?:whom|whose|which)\b|who\b(?!\s+(?:this|that|these|those|the|a|an|he|she|it|they|I|you|we|"
    r"his|her|their|my|your|our)\b))"
)
_VOC_LEAD = frozenset(words("dear o oh my ah well now come why yes no"))
# ('My dearest Catherine, I quite envy you': said to her; not 'Dearest Jane! who could have done less?')
_ENDEARMENTS = frozenset(words("dearest sweetest darling"))
_TITLE_CALLED_BEFORE_RE = re.compile(r"(?:[,!]\s*|\b(?:[Oo]h|[Yy]es|[Nn]o),?\s+)$")
# '"Rushworth, sir."': a name said to someone else
_POLITE_AFTER_RE = re.compile(r",\s*(?:sir|madam|ma['\u2019]am|miss|my\s+lady|my\s+lord)\b[.!?]")
# 'A neighbour of ours, Dr. Skinner, was here': a name in apposition, the clause going on
_OF_OURS_RE = re.compile(r"\bof\s+(?:ours|mine|yours|his|hers|theirs),$")
_VERB_AFTER_RE = re.compile(r",\s+(?!(?:I|you|we|he|she|they|it)\b)[a-z]")  # (not '..., Isabella, I am sure')
# 'Mr. Darcy and his relation, Colonel Fitzwilliam, ...': a name in apposition to a relative or
# acquaintance of someone is talked about ('my dear, Lizzy' addresses; so does 'the farm, Mr. Bennet')
_APPOSITION_RE = re.compile(r"\b(?:[Mm]y|his|her|your|our|their)\s+(?:[A-Za-z]+\s+)?([a-z]+),$")
_REPEATED_RE = re.compile(r"\b(?:repeat|echo)")
_FULL_NAME_RE = re.compile(r"[A-Z][a-z]+\s+[A-Z][a-z]+")  # a first name and a surname, no title
_LOWER_AFTER_RE = re.compile(r"\s+[a-z]")
# titles of rank a cast name may start with, said alone to the one holding it ('Ah, Commander!')
_RANKS = ROLE_TITLES | frozenset(words("Commander Lieutenant Admiral Sergeant Corporal Ensign Governor Inspector"))
# the tag after a quote and the opening of the next part ('," pursued Joe, "'), and the first person
# that part speaks of or to
_NEXT_PART_RE = re.compile("[\"'\u201d\u2019]?[^\"\u201c\u201d\n]{1,80}?[\"\u201c]")
_PERSON_PRONOUN_RE = re.compile(r"\b(?:[Yy]ou|[Yy]our|[Hh]e|[Hh]im|[Hh]is|[Ss]he|[Hh]er|[Hh]ers)\b|[\"\u201d]")
# '"Lady Catherine de Bourgh," she replied, "has very lately given him a living': the name is the subject
# of the sentence the quote goes on with after its tag
_SUBJECT_OF_NEXT_PART_RE = re.compile(
    "[\"'\u201d\u2019]?[^\"\u201c\u201d]{1,80}?[\"\u201c]\\s*(?:has|have|is|was|were|had|will|would|can|could|"
    "must|may|might|should|does|did|says|said)\\b"
)


def _echoes(words_: str, last: str) -> bool:
    """Whether a line's words repeat words of the last line."""
    return bool(words_) and f" {words_} " in f" {last} "


def _words_of(text: str) -> str:
    """A line's words, lower case, without punctuation ('Miss Elizabeth Bennet!' -> 'miss elizabeth bennet')."""
    return " ".join(re.findall(r"[\w']+", text.lower()))


# 'I am Mary Lennox', 'My name is Pip', 'Call me Ishmael': in a quote, the name after it is the speaker's
_SELF_NAME_BEFORE_RE = re.compile(
    r"\b(?:[Mm]y\s+name(?:['\u2019]s|\s+is|\s+was|\s+to\s+be)|I\s+am|I['\u2019]m|[Tt]hey\s+call\s+me|[Cc]all\s+me"
    r"|[Mm]y\s+(?:[Cc]hristian\s+|first\s+|[Cc]hurch\s+)?name,"  # ('call me by my Christian name, Herbert?')
    # ('It is I, Pip. Mr. Jaggers gave me your note yesterday')
    r"|(?:[Ii]t\s+is|[Ii]t['\u2019]s|['\u2019][Tt]is)\s+(?:only\s+)?(?:I|me)\s*(?:,|--|\u2014))\s+$"
)
# '"My name," he said, "is Jaggers"': a name said across a tag
_NAME_CUT_RE = re.compile(r"\b[Mm]y\s+name\W*$")
_NAME_GOES_ON_RE = re.compile(r"\s*(?:is|was|['\u2019]s)\s+")
_SELF_NAME_CUE_RE = re.compile(r"\b(?:name|am|I['\u2019]m|call\s+me|is\s+I|is\s+me|['\u2019]s\s+me)\b", re.IGNORECASE)
# what comes after the name in such an answer: its end, or a comma ('"Pip, sir."'), not a verb
_ANSWER_CLOSING_RE = re.compile(r"\s*(?:[,.!?;:\u2014\"'\u201d\u2019-]|$)")
# what may come before the name in such an answer ('"It's Pip."', '"Why, Jeems."')
_ANSWER_OPENING_RE = re.compile(
    r"[\W_]*(?:(?:it\s+is|it['\u2019]s|i\s+am|i['\u2019]m|why|oh|please|sir)[\W_]+)*$", re.IGNORECASE
)
_TITLED_APART_USES = 20  # uses of 'Mr. John Knightley' that make 'Mr. Knightley' never him
_PRESENT_WITHIN = 1500  # characters within which a character the narration names is taken to be there


def _asked_of_you(text: str, a: int, pos: int, b: int) -> bool:
    """Whether the name at ``pos`` sits in a question put to 'you' ('Can you guess, Lizzy, who is
    meant?'): the sentence asks and says 'you' before the name (quote ``text[a:b]``)."""
    start = last_sentence_start(text, a, pos)
    end = first_sentence(text, pos, b)
    return text[end - 1 : end] == "?" and _YOU_RE.search(text, start, pos) is not None


_YOU_RE = re.compile(r"\b[Yy]ou(?:r)?\b")
_VOC_NAME = rf"(?:(?:{TITLE_ALT})\s+)?[A-Z][a-z]+(?:-[A-Za-z]+)?(?:\s+[A-Z][a-z]+(?:-[A-Za-z]+)?)?"
_VOC_AFTER = r"(?=\s*(?:[,!?\u2026;]|\.\.\.|\u2014|--|$))"
_VOC_START_RE = re.compile(
    rf"(?:(?:[Mm]y|[Oo]h?|[Aa]h)\s+)?(?:(?:[Dd]ear(?:est)?|[Pp]oor)\s+)?(?P<name>{_VOC_NAME}){_VOC_AFTER}"
)
# ('"And Joe, how smart you are!"', '"But dear Biddy, how smart you are!"': a name after an opening 'and' / 'but',
# set off by a comma, in a sentence that says 'you'; not a subject: 'And Joe, who was there, ...')
_VOC_AND_START_RE = re.compile(
    rf"(?:[Aa]nd|[Bb]ut|[Ss]o|[Nn]ow|[Ww]ell|[Yy]es|[Nn]o),?\s+(?:(?:my|oh)\s+)?(?:(?:dear(?:est)?|poor)\s+)?"
    rf"(?P<name>{_VOC_NAME}),\s+(?!(?:who|which|whom|whose|that)\b)(?=[^.!?;]*\byou)"
)
_VOC_MID_RE = re.compile(
    rf"(?:[,;!?\u2026\u2014]|--)\s*(?:(?:my|oh|o|ah)\s+)?(?:(?:dear(?:est)?|poor)\s+)?(?P<name>{_VOC_NAME})"
    r"(?=\s*(?:[,!?\u2026;]|\.(?:\s|$)|\u2014|--|$))"
)
_VOC_BARE_RE = re.compile(
    rf"(?<![\w'\u2019])(?P<prev>[a-z]+)\s+(?P<name>{_VOC_NAME})(?=\s*(?:[!?\u2026]|\.(?:\s|$)|$))"
)
_VOC_DET = frozenset(words("your his her their our its this that these those which whose every some any no"))
_STATEMENT_END_RE = re.compile(r"\s*\.(?!\.)")
# determiners that open a noun phrase ('my' is not one of them: 'my darling Sasuke!' is called)
_PHRASE_DETS = _VOC_DET | frozenset(("a", "an", "the"))
_ORDINALS = frozenset(words("first second third fourth fifth last next other same new old"))


def _described(text: str, a: int, m: re.Match[str]) -> bool:
    """Whether a name closing a sentence after a word (``_VOC_BARE_RE``) is a noun phrase's head: a
    determiner, then an adjective ('sink this cursed Nautilus.', 'a second Nautilus?'), not a name
    called ('that look Sasuke!')."""
    prev = m.group("prev")
    if not (prev.endswith(ADJECTIVE_ENDINGS) or prev in _ORDINALS):
        return False
    det = WORD_BEFORE_RE.search(text, max(a, m.start("prev") - 12), m.start("prev"))
    return det is not None and det.group(1).lower() in _PHRASE_DETS


_NESTED_OPEN_RE = re.compile(r"(?:(?<=[\s(\[\u2014\u2013-])|^)['\u2018](?=[A-Z])")
_NESTED_CLOSE_RE = re.compile(r"(?<=[,.!?;:\u2014-])['\u2019](?=[\s,;.!?\u2014-]|$)")
_NESTED_DOUBLE_RE = re.compile('["\u201c\u201d]')


def nested_quotes(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Spans of the quotes nested in the quote ``text[a:b]`` (a speech it reports: '... last term: 'Ah!
    Thorpe,' said he, 'do you happen to want ...'': what was said to Thorpe then, not now)."""
    if "'" not in text[a:b] and "\u2018" not in text[a:b] and '"' not in text[a:b] and "\u201c" not in text[a:b]:
        return []  # (the cheap test first: most quotes nest none)
    out: list[tuple[int, int]] = []
    marks = "\"'\u201c\u201d\u2018\u2019"
    if text[a : a + 1] in marks:  # (the quote's own marks, when the span has them, nest nothing)
        a += 1
    if b > a and text[b - 1] in marks:
        b -= 1
    doubles = [m.start() for m in _NESTED_DOUBLE_RE.finditer(text, a, b)]
    out.extend(zip(doubles[::2], doubles[1::2], strict=False))
    at = a
    while (m := _NESTED_OPEN_RE.search(text, at, b)) is not None:
        c = _NESTED_CLOSE_RE.search(text, m.end(), b)
        end = c.start() if c is not None else b
        out.append((m.start(), end))
        at = end + 1
    return out


def quote_vocatives(text: str, a: int, b: int) -> list[str]:
    """Capitalised names addressed in the quote ``text[a:b]``, found by form alone (no cast needed).

    A name opening the quote and set off by a comma, '!', '?' or '…' ("Lizzy, come"), one set off
    by punctuation inside it ("you best, Sakura…"), or one ending a sentence after an ordinary
    word ("that look Sasuke!"). Callers still filter out ordinary capitalised words.
    """
    found: list[tuple[int, str]] = []
    m = _VOC_AND_START_RE.match(text, a, b) or _VOC_START_RE.match(text, a, b)
    if m:
        found.append((m.start("name"), m.group("name")))
    for m in _VOC_MID_RE.finditer(text, a, b):
        found.append((m.start("name"), m.group("name")))
    for m in _VOC_BARE_RE.finditer(text, a, b):
        if m.group("prev") in _PREP_STOP or m.group("prev") in _VOC_DET or _described(text, a, m):
            continue
        if _STATEMENT_END_RE.match(text, m.end("name")) and _object_verb(m.group("prev")):
            continue  # ('but I meant Estella.': her, talked of)
        found.append((m.start("name"), m.group("name")))
    out: list[str] = []
    seen: set[int] = set()
    nested = nested_quotes(text, a, b) if found else []
    for pos, name in sorted(found):
        if pos in seen or any(i < pos < j for i, j in nested):
            continue
        seen.add(pos)
        words = name.split()
        if words[0] in TITLES and len(words) == 1:
            continue
        if any(w in NOT_NAMES and w not in TITLES for w in words):
            continue
        out.append(name)
    return out


class Vocatives(Kinship):
    """Who a quote calls by name, and which of its names are no calls."""

    def _told_of_next(self, name: str, b: int) -> bool:
        """Whether the quote after a tag (the quote before ended at ``b`` with a name) speaks of that
        name's owner as 'he' or 'she' before any 'you': '"Biddy," pursued Joe, "when I got home and asked
        her ..."' tells of Biddy, it does not call her."""
        m = _NEXT_PART_RE.match(self.text, b)
        if m is None:
            return False
        p = _PERSON_PRONOUN_RE.search(self.text, m.end(), m.end() + 120)
        if p is None:
            return False
        word = p.group(0).lower()
        g = self.index.gender(name)
        return (g == "female" and word in ("she", "her", "hers", "herself")) or (
            g == "male" and word in ("he", "him", "his", "himself")
        )

    # -- evidence -------------------------------------------------------------------------
    def vocatives(self, a: int, b: int, strict: bool = False) -> set[str]:
        """Characters addressed by name inside the quote ``text[a:b]``; ``strict``: only names set
        off by punctuation or an interjection ('Nonsense, Fergus!', not 'a real Turtle.')."""
        out: set[str] = set()
        text = self.text
        nested: list[tuple[int, int]] | None = None
        for pos, name in self.index.mentions(text, a, b):
            nested = nested_quotes(text, a, b) if nested is None else nested
            if any(i < pos < j for i, j in nested):
                continue  # (called in a speech the quote reports)
            m = self.index.regex.match(text, pos) if self.index.regex else None
            end = m.end() if m else pos
            after = text[end : end + 2]
            dear = text[end : end + 5] == " dear"
            follow = after[:1] == "" or end >= b or after[:1] in ",!?.\u2026;:\u2014-" or dear
            if self._title_of_absent(name, text[pos:end], pos):
                continue  # ('Ah, Commander! your Nautilus ...': not Commander Farragut, chapters away)
            if not follow or (_RELATIVE_AFTER_RE.match(text, end) and not _asked_of_you(text, a, pos, b)):
                continue  # 'my cousin, Mr. Collins, who ...': talked about, not addressed
            if any(r.match(text, end) for r in (_SUBJECT_AFTER_ASIDE_RE, _LIST_AFTER_RE, _YOU_MEAN_RE)):
                continue
            if self._names_self(a, pos, end):
                continue  # 'I am Pip.', '"Pip, sir." (asked his name)': the speaker, not one addressed
            before = text[a:pos].rstrip()
            last = text[self.last_line[0] : self.last_line[1]] if not before else ""
            if not before and (
                # ('"Fanny," said Edmund, "I am sure ...": a name and a comma calls her, though the last
                # line talked of her, unless the tag says the words are repeated)
                (_echoes(_words_of(text[a:b]), _words_of(last))
                 and (after[:1] != "," or _REPEATED_RE.search(text, b, b + 30) is not None
                      or _SUBJECT_OF_NEXT_PART_RE.match(text, b) is not None))
                # ('What do you say to Mrs. Dixon?' / 'Mrs. Dixon! very true indeed.': the name talked of
                # in the last line, exclaimed)
                or (after[:1] in "!?" and re.search(rf"\b[a-z]+\s+{re.escape(text[pos:end])}\b", last) is not None)
            ):
                # '"Miss Elizabeth Bennet." / "Miss Elizabeth Bennet!" repeated Miss Bingley', '"... for Mr.
                # Darcy might have done as well." / "Mr. Darcy!" repeated Elizabeth': an echo
                continue
            if not before:
                # ('"Amory."': a quote that is only a name calls that person, unless it answers a question)
                alone = (
                    not text[end:b].strip(" .\n\"'\u201d\u2019") and not (self.last_question or (None, False))[1]
                    and not text[text.rfind("\n", 0, a) + 1 : a].strip(" \"'\u201c\u2018")  # (opens its paragraph)
                )
                if _POLITE_AFTER_RE.match(text, end):
                    continue  # ('"Rushworth, sir."' answering her father: a name said to him)
                if ((end < b and after[:1] in ",!?\u2026\u2014-") or dear or alone) and not self._told_of_next(name, b):
                    out.add(self._present_namesake(name, text[pos:end], pos))
                continue
            if (ap := _APPOSITION_RE.search(before[-40:])) is not None and ap.group(1) in _APPOSITION_NOUNS:
                continue
            if _OF_OURS_RE.search(before[-24:]) is not None and _VERB_AFTER_RE.match(text, end):
                continue  # 'A neighbour of ours, Dr. Skinner, was here': talked about
            if before.endswith(",") and self._named_just_before(name, a, pos):
                continue  # 'The name of Willoughby, John Willoughby, frequently repeated': the name said again
            words = re.findall(r"[\w']+", before[-30:])
            raw = words[-1] if words else ""
            prev = raw.lower()
            if prev.capitalize() in TITLES:
                continue
            # 'my Lord Warwick,' is addressed, 'by my Lord Warwick,' is not
            # ('I was thinking of my dear Wickham': talked of)
            led = prev in _VOC_LEAD and not (len(words) > 1 and words[-2].lower() in PREPOSITIONS) and not (
                prev in ("dear", "dearest") and len(words) > 2 and words[-2].lower() == "my"
                and words[-3].lower() in PREPOSITIONS
            )
            led = led or (prev in _ENDEARMENTS and after[:1] == ",")
            if not led and len(words) <= 3 and after[:1] == ",":
                # ('"And Joe, how smart you are!"': a name after the quote's opening 'and', said to 'you')
                opening = _VOC_AND_START_RE.match(text, a, b)
                led = opening is not None and opening.start("name") == pos
            marked = before.endswith((",", "!", "\u2026", "?", ".", "-")) or led
            # 'that look Sasuke!': a name ending a sentence right after an ordinary lowercase word
            bare = (
                after[:1] in "!?.\u2026" and prev and prev not in _PREP_STOP and raw[:1].islower()
                # ('to marry Miss De Bourgh.', 'than I do Bingley.': a titled name, or one after a verb,
                # closing a statement is talked about)
                and not (after[:1] == "." and (text[pos:end].split()[0] in TITLES or _object_verb(prev)))
                and not (len(words) > 1 and words[-2].lower() in ("the", "a", "an"))  # 'the present Mr. Darcy.'
                # ('Have I offended the general?': a cast name that is a description is talked of)
                and not text[pos:end].lower().startswith("the ")
                # ('Oh! that abominable Mr. Darcy!': exclaimed at, not called)
                and not (
                    len(words) > 1 and words[-2].lower().strip("_") in ("that", "this")
                    and text[pos:end].split()[0] in TITLES
                )
            )
            # ('... am in no hurry for the rest. Fanny Price! wonderful, quite wonderful!': a full name
            # exclaimed and the sentence going on is wondered at, not called)
            wondered = after[:1] == "!" and _FULL_NAME_RE.fullmatch(text, pos, end) is not None \
                and text[pos:end].split()[0] not in TITLES and not led \
                and _LOWER_AFTER_RE.match(text, end + 1) is not None
            if (marked or (bare and not strict)) and not wondered:
                out.add(self._present_namesake(name, text[pos:end], pos))
        for word in address_words(text, a, b):
            # "But isn't it strange, mamma?": the character the cast calls 'my mother' is addressed
            who = self._kin_named(word)
            if who is None and word in PARENT_WORDS and word in told_words(text, a, b):
                who = self._parent_of_recent(word, a)
            if who is not None:
                out.add(who)
        for m in self.role_called.finditer(text, a, b) if self.role_called is not None else ():
            # ('How old are you, cook?' with the cast's Fleece, alias 'the cook')
            out.add(self.role_names[m.group("w").lower()])
        called = self.title_called
        for m in called.finditer(text, a, b) if called is not None else ():
            # ('An incident, Captain?' with Captain Nemo cast: the captain of the scene is called)
            if _TITLE_CALLED_BEFORE_RE.search(text, max(a, m.start() - 6), m.start()) is None:
                continue
            who = self._titled_holder([m.group(1).lower()], m.start(1))
            if who is not None:
                out.add(who)
        return out

    def _title_of_absent(self, name: str, form: str, pos: int) -> bool:
        """Whether ``form`` is a bare title ('Commander', 'Captain') that the cast gives ``name``, whom nothing
        has named for pages before ``pos``: said to someone else of that rank, the one present."""
        word = form.strip()
        if " " in word or (word not in TITLES and word not in _RANKS):
            return False
        return not self._near(name, pos)

    def _talked_of(self, q: QuoteSpan) -> set[str]:
        """Who the quote speaks of by name as the subject of a verb after an aside ('Marianne, I dare say,
        will not leave her room again'): not its speaker, who would say 'I'."""
        out: set[str] = set()
        for pos, name in self.index.mentions(self.text, q.start, q.end):
            end = self._mention_end(pos)
            if _SUBJECT_AFTER_ASIDE_RE.match(self.text, end):
                out.add(name)
        return out

    def _named_just_before(self, name: str, a: int, pos: int) -> bool:
        """Whether the words right before the comma ending at ``pos`` (in the quote from ``a``) name
        ``name`` too: the name said again, in apposition, not someone called."""
        comma = self.text.rfind(",", a, pos)
        return any(
            n == name and self._mention_end(p) == comma
            for p, n in self.index.mentions(self.text, max(a, comma - 40), comma)
        )

    def _names_self(self, a: int, pos: int, end: int) -> bool:
        """Whether the name at ``pos..end`` in the quote starting at ``a`` is the speaker naming
        themself: after 'I am' / 'my name is' (not 'I am Mr. Darcy's friend'), or opening the answer
        to a question asking for a name."""
        if POSSESSIVE_RE.match(self.text, end):
            return False
        if _SELF_NAME_BEFORE_RE.search(self.text, max(a, pos - 24), pos):
            return True
        # (the name is the answer, not a clause's subject: 'Who's there?' / 'Captain Ahab mistakes; it is I.')
        return self.name_asked and _ANSWER_OPENING_RE.fullmatch(self.text, a, pos) is not None \
            and _ANSWER_CLOSING_RE.match(self.text, end) is not None

    def _self_named(self, q: QuoteSpan, nxt: QuoteSpan | None = None) -> tuple[str, str] | None:
        """The character a quote says is speaking ('I am Mary Lennox'; 'Pip, sir.' after 'Tell us your
        name!'; '"My name," he said, "is Jaggers"' with the next quote ``nxt``) and the words that say it."""
        if not self.name_asked and _SELF_NAME_CUE_RE.search(self.text, q.start, q.end) is None:
            return None  # (the cheap test first: most lines name no one as their speaker)
        for pos, name in self.index.mentions(self.text, q.start, q.end):
            end = self._mention_end(pos)
            if self._names_self(q.start, pos, end):
                start = max(q.start, pos - 12)
                return name, " ".join(self.text[start:end].split())
        if nxt is not None and _NAME_CUT_RE.search(self.text, q.start, q.end):
            m = _NAME_GOES_ON_RE.match(self.text, nxt.start, nxt.end)
            found = self.index.mentions(self.text, m.end(), nxt.end) if m else []
            if m and found and found[0][0] == m.end():
                end = self._mention_end(m.end())
                if not POSSESSIVE_RE.match(self.text, end):
                    return found[0][1], f"my name ... {' '.join(self.text[m.start():end].split())}"
        return None

    def _present_namesake(self, name: str, form: str, pos: int) -> str:
        """Whom a title and surname said at ``pos`` means: 'Miss Bennet' is the cast's Jane, but said to
        Elizabeth while Jane takes no part, it is Elizabeth: the one person of that surname and the
        title's gender among the last two speakers, or, while the one named is nowhere near (not
        mentioned in the last pages), among those the narration has just named."""
        parts = form.split()
        # the two sides of the exchange just before (not one a chapter or pages of narration ended)
        recent = self.turns[-2:] if pos - self.last_turn_end <= QUIET_LIMIT else []
        if len(parts) != 2 or parts[0] not in TITLES or name in recent:
            return name
        gender = title_gender(parts[0])

        def mates(pool: Iterable[str]) -> set[str]:
            return {
                t for t in pool
                if t != name and strip_title(t).split()[-1:] == parts[1:]
                and self.index.gender(t) in (gender, "unknown") and self._may_be_titled(t, parts[0], parts[1])
                and not self._titled_apart(t, parts[0])
            }

        found = mates(recent)
        if not found:
            seen = self._last_seen(pos)
            if not self._seen_lately(name, pos):
                found = mates(n for n, p in seen.items() if pos - p <= _PRESENT_WITHIN)
        return found.pop() if len(found) == 1 else name

    def _titled_apart(self, name: str, title: str) -> bool:
        """Whether the book calls ``name`` by ``title`` with a first name, and often ('Mr. John Knightley',
        30 times in Emma): then the title with the surname alone is another's ('Mr. Knightley' is his
        brother, wherever John is), unlike 'Miss Elizabeth Bennet', five times in Pride and Prejudice."""
        char = self.index.characters.get(name)
        if char is None:
            return False
        forms = [f for f in char.names if len(f.split()) > 2 and f.split()[0] == title]
        if not forms:
            return False
        key = (name, title)
        if key not in self._apart:
            uses = sum(len(re.findall(r"\s+".join(map(re.escape, f.split())) + r"\b", self.text)) for f in forms)
            self._apart[key] = uses >= _TITLED_APART_USES
        return self._apart[key]

    def _seen_lately(self, name: str, pos: int) -> bool:
        """Whether ``name`` spoke or the narration named them in the last pages before ``pos``; being
        called in a quote does not count ('Do go and see for her, Mr. Morland', of James, is no sign that
        his father, the cast's Mr. Morland, is there)."""
        sal = self.salience
        for i in range(bisect.bisect_left(sal.positions, pos) - 1, -1, -1):
            at = sal.positions[i]
            if pos - at > ABSENT_AFTER:
                return False
            if sal.names[i] == name and (sal.subjects[i] or not inside(self.quote_spans, at)):
                return True
        return False

    def _may_be_titled(self, name: str, title: str, surname: str = "") -> bool:
        """Whether ``name`` may be called by ``title``: a title among their names, or for one the cast
        gives none, 'Miss' or 'Mr.' ('Mrs. Bennet' is never Elizabeth, whom the cast calls 'Miss Eliza');
        'Mrs.' with ``surname`` only by a married name of that surname (Lydia Bennet, alias 'Mrs.
        Wickham', is no 'Mrs. Bennet')."""
        char = self.index.characters.get(name)
        forms = [f.split() for f in (char.names if char else (name,)) if f.split()]
        if surname and title in ("Mrs.", "Mrs"):
            return any(f[0] in ("Mrs.", "Mrs") and f[-1] == surname for f in forms)
        held = {f[0] for f in forms if f[0] in TITLES}
        return title in held if held else title in ("Miss", "Mr.", "Mr")
