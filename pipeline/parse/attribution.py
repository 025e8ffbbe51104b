"""Who speaks each quote, with a confidence and a short reason for every decision.

Evidence, strongest first: an explicit speech tag naming the speaker (``said Elizabeth``,
``Mrs. Bennet said only,``); a tag with a pronoun or descriptor (``returned she``, ``cried his
wife``) resolved to the most recent compatible character; an answer to the previous line's
question; an action beat whose subject is a character (``Her nails dug ...``); the alternation of
two speakers through untagged lines; finally the most salient character. A name addressed inside
the quote (a vocative) is never the speaker unless a tag names it outright. Quotes after the first
in a paragraph keep its speaker unless they carry their own tag; a multi-paragraph speech keeps
one speaker throughout. ``addressed_names`` and ``tag_names`` feed character discovery. The tags
and beats themselves are parsed by ``tags``; this module decides who their words mean. ``Attributor``
is built in layers, a module each: ``context`` (the state of the walk: salience, turns, decisions),
``kinship`` (whom 'her sister' or 'papa' means), ``vocatives`` (whom a quote calls by name),
``resolution`` (whom a tag's or beat's subject words mean: 'she', 'the landlord', 'her companion'),
``cues`` (what the narration between lines says: who left, who was asked, who goes on), and this one
(the decision for each quote, turn-taking, the scored choice, and the walk over the book).

The hand rules then become one vote among several: every quote gets candidates (the rules' pick,
tag subjects, descriptors such as 'the landlord' as speakers of their own, the last speakers, the
person just addressed, the salient people, the narrator) with features, and the fitted model in
``speaker_model`` picks one and gives the confidence. Certain rules (``CERTAIN_RULES``) keep their
speaker; the person addressed (in the quote or in its tag) is never the pick unless named outright.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from ..model import Gender
from ..speech.spoken_numbers import words
from .characters import NOT_NAMES, ROLE_TITLES, TITLES, CharacterIndex, title_gender
from .context import (
    HORIZON,
    POSSESSIVE_RE,
    UNKNOWN,
    Ahead,
    Attribution,
    BookScans,
    LeadIn,
    QuotedParagraph,
    is_certain,
)
from .cues import NarrationCues, is_scene_break, reports_speech
from .kinship import CHILD_BY_SURNAME, POLITE, address_words
from .letters import Letter
from .person_nouns import FEMALE_NOUNS, MALE_NOUNS, RELATIVE_NOUNS, noun_sex
from .quotes import QuoteSpan
from .resolution import EVERYONE, GOES_ON_CALLING, LADY_TITLES, LORD_TITLES, QUIET_LIMIT, SOMEONE
from .speaker_model import FEATURES, INDEX, Candidate, Weights, rule_of
from .tags import (
    ANSWERS_LINE,
    SENT_END_RE,
    Tag,
    beat_subject,
    first_sentence,
    last_sentence_start,
    tag_after,
    tag_before,
)
from .vocatives import nested_quotes, quote_vocatives

_TO_OR_AT_RE = re.compile(r"\s(?:to|at)\s")  # ('said she to\nCharlotte': a line may break after it)
_REPLY_VERBS = frozenset(words("replied replies returned answered answers rejoined retorted responded"))
# 'Mary heard' / 'he listened': the subject of the beat is the one spoken to, not the speaker
_LISTEN_RE = re.compile(r"^\s*(?:\w+ly\s+)?(?:heard|overheard|listened|was\s+listening)\b")
_ONLY_GESTURE_RE = re.compile(
    r"^\s*(?:(?:only|merely|simply)\s+(?:shook\s+(?:his|her|my|their)\s+head|nodded|smiled|bowed|shrugged|laughed)"
    # ('"But I really had been engaged the whole day to Mr. Thorpe." Miss Tilney could only bow.')
    r"|(?:could|would|did|can)\s+(?:only|but)\s+(?:shake\s+(?:his|her|my|their)\s+head|nod|smile|bow|shrug|laugh"
    r"|curtsey|curtsy|sigh)\b"
    # ('"... who saw your face." He replied by asking her to make room for him': his answer is the asking)
    r"|(?:replied|answered|responded|returned)\s+by\s+\w+ing\b"
    # ('"... Miss Tilney may still call." Mrs. Allen agreed to it.': she answers the one who spoke)
    rf"|(?:then\s+)?{ANSWERS_LINE}"
    # ('"... he is not the person." Isabella was silent. "My dear friend, ...": the other goes on)
    r"|(?:was|remained|kept)\s+silent\s*(?:[.;]|$)|said\s+nothing\s*(?:[.;]|$)|made\s+no\s+(?:answer|reply)\s*(?:[.;]|$))"
)
_GREETED_RE = re.compile(
    r"\b(?:was|were)\s+(?:\w+ly\s+)?(?:greeted|accosted|addressed|hailed|saluted|met|received|welcomed)"
    r"\s+(?:with|thus|in\s+these\s+words)[\s,:;\u2014-]*$"
)
_RESPONSE_RE = re.compile(
    r"^\s*(?:nodded|shook\s+(?:his|her|my|their)\s+head|shrugged|made\s+no\s+(?:answer|reply)|"
    r"did\s+not\s+(?:answer|reply)|was\s+silent|said\s+nothing|simply\s+nodded|only\s+nodded)\b",
    re.IGNORECASE,
)


_YOUR_RANK_RE = re.compile(r"\b[Yy]our\s+(ladyship|lordship)\b")
_ANSWER_RE = re.compile(
    r"[\W_]*(?:yes|no|yeah|yep|nope|aye|nay|certainly|of\s+course|indeed|not\s+at\s+all|never|sure)\b",
    re.IGNORECASE,
)
_QUESTION_END_RE = re.compile(r"\?[\W_]*$")





































def _after_text(text: str, q: QuoteSpan, nxt: QuoteSpan | None, hi: int) -> tuple[int, int]:
    return q.close_mark, (nxt.open_mark if nxt else hi)


def _possessed_person(subj: str, _pos: int, rest: str) -> bool:
    """Whether an action beat's subject is someone's relative or companion ("Strether's new
    acquaintance", 'his wife'): then the one named acts not."""
    if not subj.endswith(("'s", "\u2019s")) and subj.lower() not in ("his", "her", "my"):
        return False
    words_ = rest.split()[:2]
    if words_ and words_[0] in ("new", "old", "young", "little", "elder", "younger"):
        words_ = words_[1:]
    return bool(words_) and (words_[0] in FEMALE_NOUNS or words_[0] in MALE_NOUNS or words_[0] in _COMPANIONS)


_COMPANIONS = frozenset(words(
    "acquaintance friend companion companions visitor guest partner neighbour neighbor servant comrade "
    "interlocutor informant questioner"
))


# '"Not at all," and resumed.': the tag's speaker goes on in the next paragraph
_AND_GOES_ON_RE = re.compile(
    r"[\s,;\u2014-]*(?:and|then)\s+(?:\w+ly\s+)?(?:resumed|continued|went\s+on|proceeded|pursued)[\s.:;,]*$"
)










# 'Tell us your name!', 'Who are you?', 'Who's there?': the answer opens with the speaker's own name
_NAME_ASKED_RE = re.compile(
    r"\b(?:your\s+name|who\s+(?:are|be)\s+you|who\s+art\s+thou|who['\u2019]s\s+there|who\s+is\s+(?:it|there)"
    r"|who\s+goes\s+there)\b",
    re.IGNORECASE,
)
# a tag saying the words were thought, not said ('" thought Emma.', '" she thought;', '" said he to himself')
_THOUGHT_TAG_RE = re.compile(
    r"""[\"'\u201d\u2019]?,?\s*(?:thought\s+(?:he|she|[A-Z][\w.]*)|(?:he|she|[A-Z][\w.]*(?:\s+[A-Z]\w*)?)\s+thought\b"""
    r"|said\s+(?:he|she|[A-Z][\w.]*(?:\s+[A-Z]\w*)?)\s+to\s+(?:him|her)self)"
)
# '..., and the Gryphon answered': a coordinate clause with a subject of its own (not 'that Alice said')
_NEW_CLAUSE_RE = re.compile(r"(?:[,;]\s*(?:and|but|then|for)|[.!?;])\s+(?:the\s+)?$")




_REFLEXIVE_RE = re.compile(r"\b(?:herself|himself|myself)\b")
_TO_RE = re.compile(r"\b(?:to|at)\s+$")
_LAST_QUESTION_REACH = 150  # characters from a speech's end: a question within them is put to the one it calls
_ANSWERED_BEFORE = "(answered the line before)"  # (a reason's ending: the rules stand against the model)
_STAYS_SILENT = "stays silent in the narration before"  # (a reason's words: '<who> stays silent in ...; <why>')
# a name after a preposition deep in a speech is talked about ('... or of Harriet, in such a manner')
_OF_NAME_RE = re.compile(r"\b(?:of|to|for|about|from|with)\s+$")
_TO_ME_RE = re.compile(
    r"\b(?:came|come|went|turned|ran|walked|stepped|said|spoke|called|cried|whispered|added|replied|answered)"
    r"\s+(?:up\s+|over\s+|back\s+|round\s+)?to\s+me\b"
    r"|\b(?:looked|looking|glanced|glancing|stared|staring|turned|turning|made\s+a\s+dive)\s+(?:\w+\s+)?at\s+me\b"
)
_TO_THE_RE = re.compile(r"\bto\s+the\s+([a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})")
# ('said Mr. Bennet to his wife': the tag's speaker's relative is spoken to)
_TO_KIN_RE = re.compile(r"\bto\s+(his|her)\s+([a-z]+(?:-in-law)?)\b")


def _is_verse(text: str, q: QuoteSpan) -> bool:
    """A quote laid out as verse: several short lines."""
    lines = text[q.start : q.end].split("\n")
    return len(lines) >= 3 and all(len(line) <= 60 for line in lines)










class Attributor(NarrationCues):
    """Walks a book's quoted paragraphs in order and decides each quote's speaker."""

















































    def decide(self, qp: QuotedParagraph) -> list[Attribution]:
        """Speakers for one paragraph's quotes, updating the conversation state."""
        text, para = self.text, qp.paragraph
        quotes = [q for q in qp.quotes]
        lo, hi = para.start, para.end
        # narration mentions first (offsets keep the order right)
        cursor = lo
        for q in quotes:
            self._note_narration(cursor, q.open_mark)
            cursor = max(cursor, q.close_mark)
        self._note_narration(cursor, hi)
        if not quotes:
            return []
        if quotes[0].open_mark > lo:
            # ('She ventured, when next alone with Eleanor, ... "It remains as it was, I suppose?" said she.'
            # / '"Yes, entirely."': a new conversation, with Eleanor in it, not the general talked of)
            self._joins(lo, quotes[0].open_mark)
            if self._party_left(lo, quotes[0].open_mark, record=True):
                # ('This was the last sentence by which he could weary Catherine's attention, for he was just
                # then borne off by ... passing ladies. Her partner now drew near, and said, "That gentleman
                # ..."': the talk with him is over, and he speaks none of the lines till he is back)
                self._new_conversation()
        vocs: set[str] = set()
        first_vocs: set[str] = set()  # the names the first quote's speaker may be addressing
        another = False
        for k, q in enumerate(quotes):
            v = self.vocatives(q.start, q.end)
            vocs |= v
            another = another or (k > 0 and self._another_speech(quotes, k, hi))
            if not another:
                first_vocs |= v
        a, b = _after_text(text, quotes[0], quotes[1] if len(quotes) > 1 else None, hi)
        if first_vocs and _REFLEXIVE_RE.search(text, a, min(b, a + 50)):
            first_vocs = set()  # '"Oh, you foolish Alice!" she answered herself': she may name herself
        self.current_vocs = vocs
        out: list[Attribution] = []
        q0 = quotes[0]
        nxt = quotes[1] if len(quotes) > 1 else None
        before = (lo, q0.open_mark) if q0.open_mark > lo else self.intro
        self._greet(before)
        verse = q0.open_mark <= lo + 1 and _is_verse(text, q0)
        if verse and self.prev_verse and self.turns:
            # the next stanza of a recited poem: same speaker
            first = Attribution(self.turns[-1], 0.8, f"verse continues: {self.turns[-1]}")
        else:
            first = self._first_quote(q0, before, _after_text(text, q0, nxt, hi), first_vocs, nxt)
        self.prev_verse = verse
        first = self._hand_fixed(q0, self._rescore(quotes, 0, first, first_vocs, lo, hi, None))
        out.append(first)
        self._note_speaker(q0, first)
        for k, q in enumerate(quotes[1:], start=1):
            nq = quotes[k + 1] if k + 1 < len(quotes) else None
            qv = self.vocatives(q.start, q.end)
            prev = out[-1]
            own = self._own_tag(q, quotes[k - 1], nq, hi, qv, prev.speaker)
            self.not_speaking = None
            if own is not None and own.reason.startswith("explicit tag") and prev.speaker != own.speaker \
                    and self._named_later(out, own.speaker) and own.speaker not in self.tag_addressed | vocs \
                    and first_sentence(text, q.close_mark, hi) - q.close_mark < 40:  # (a tag, not narration)
                # '"Oh yes," he replied, "my very well-known friend. ... Do you know him?" Strether wound
                # up.': one speech, its pronoun tag meant the man the paragraph names at its end
                out[:] = [replace(a, speaker=own.speaker, reason=f"{a.reason.split(' -> ')[0]} -> {own.speaker} "
                                  f"(named later in the paragraph)") for a in out]
                out.append(own)
            elif own is not None:
                out.append(own)
            elif prev.speaker in qv and prev.speaker in self.vocatives(q.start, q.end, strict=True):
                # '"... a witch," observed Fergus. "Nonsense, Fergus! ..."': a later quote that names the
                # speaker before it is someone else answering, though no tag of its own says so
                self.not_speaking = prev.speaker
                who, why = self.other_than(prev.speaker, q.start, qv)
                why = f"vocative {prev.speaker} in the quote: another speaker; {why}"
                out.append(Attribution(who or UNKNOWN, 0.5, why))
            else:
                base = prev.reason.removeprefix("same paragraph: ")
                out.append(Attribution(prev.speaker, prev.confidence, f"same paragraph: {base}"))
            out[-1] = self._hand_fixed(q, self._rescore(quotes, k, out[-1], vocs, lo, hi, out[-2]))
            self.not_speaking = None
            if own is None and out[-1].speaker == out[-2].speaker and q.start not in self.fixed:
                # bound to the quote before: right or wrong together
                out[-1] = replace(out[-1], confidence=min(out[-1].confidence, out[-2].confidence))
            self._note_speaker(q, out[-1])
        thought = self._thought(quotes)
        for q in quotes:
            for pos, name in self.index.mentions(text, q.start, q.end):
                if name in vocs and not thought:  # (one called in a thought is not there)
                    self.salience.add(pos, name, False)
        self._update_state(quotes, out, vocs, hi, thought)
        return out


    def _first_quote(
        self, q: QuoteSpan, before: tuple[int, int] | None, after: tuple[int, int], vocs: set[str],
        nxt: QuoteSpan | None = None,
    ) -> Attribution:
        text = self.text
        new_turn = not q.continued
        if q.continued and self.turns:
            # a speech carried over from the previous paragraph keeps its speaker, unless it names its
            # speaker ('I know'd my name to be Magwitch': the whole speech is his, ``_unify_speeches``)
            me = self._self_named(q, nxt)
            if me is not None and me[0] != self.turns[-1]:
                return Attribution(me[0], 0.95, f'names themself: "{me[1]}"')
            return Attribution(self.turns[-1], 0.9, f"continues the speech of {self.turns[-1]}")
        tags = []
        t = tag_after(text, *after)
        if t:
            tags.append(t)
        if before:
            tb = tag_before(text, *before)
            if tb:
                tags.insert(0, tb)
        me = self._self_named(q, nxt)
        for t in tags:
            replying = new_turn and self._replying(t)
            who, how, passed = self._tag_speaker(t, q, vocs, replying)
            if who is None:
                continue
            if passed is not None:
                how = f"{how}; {passed} is talked about"
            if not how and not (t.intro and who in vocs):  # named outright
                return Attribution(who, 0.95, f'explicit tag "{t.verb} {t.subject}"')
            if me is not None and me[0] != who:
                # '"My name," he said, "is Jaggers"': the name says who 'he' is
                return Attribution(me[0], 0.9, f'names themself: "{me[1]}"')
            if who in vocs:
                if t.strong:
                    alt, how2 = self.resolve_subject(t.subject, t.pos, frozenset(vocs))
                    if alt is not None and alt not in vocs:
                        return Attribution(alt, 0.7, f'{how2}; vocative excludes {who}')
                alt, why = self.other_than(who, q.start, vocs)
                if alt:
                    return Attribution(alt, 0.7, f'vocative "{who}" excludes {who}; {why}')
                continue
            conf = 0.85 if t.strong else 0.75
            return Attribution(who, conf, how)
        if me is not None:
            return Attribution(me[0], 0.9, f'names themself: "{me[1]}"')
        # an answer to the previous line's question comes from the other party
        if self.last_question and self.last_question[1] and _ANSWER_RE.match(text, q.start, q.end):
            asker = self.last_question[0]
            alt, why = self.other_than(asker, q.start, vocs)
            if alt:
                return Attribution(alt, 0.7, f"answers {asker}'s question; {why}")
        beat = beat_subject(text, *after)
        greeted: re.Match[str] | None = None  # ('was immediately greeted with,': the subject is spoken to)
        # ('"Too quiet for you." / "I should have thought so," and her eyes brightened': a pronoun in the
        # beat after a quote opening its paragraph is the one taking the turn, not who spoke last)
        answering = beat is not None and new_turn and not before
        if beat is None and before:
            s = last_sentence_start(text, *before)
            beat = beat_subject(text, s, before[1])
            greeted = self.greeting
        if beat is not None and _possessed_person(*beat):
            beat = None  # "Strether's new acquaintance pursued": someone else acts
        if beat is not None:
            subj, pos, rest = beat
            who, how = (
                self.resolve_subject(subj, pos, turn_taker=answering) if self._names_someone(subj) else (None, "")
            )
            if who is None:
                who, subj, rest = self._beat_description(subj, rest)
            if who is not None:
                asked = _QUESTION_END_RE.search(text, q.start, q.end) is not None
                listens = greeted is not None or _LISTEN_RE.match(rest) is not None  # 'Mary heard': never the speaker
                # ('"... an ill-tempered man." Wickham only shook his head.': he answers without words)
                if listens or (asked and _RESPONSE_RE.match(rest)) or _ONLY_GESTURE_RE.match(rest):
                    alt, why = self.other_than(who, q.start, vocs)
                    if alt:
                        if greeted is not None:
                            # the one greeting is the other one the sentence names ('found Mrs. Allen')
                            said = " ".join(greeted.group(0).strip(" ,:;-").split())
                            named = [n for _, n in self.index.mentions(text, pos, greeted.start()) if n != who]
                            if named:
                                alt, why = named[-1], f"{named[-1]} is named with {who}"
                            return Attribution(alt, 0.65, f'{who} is spoken to ("{said}"); {why}')
                        how = "listens" if listens else "responds"
                        lead = self._led_by(before, who) if before is not None and pos > q.start else None
                        if lead is not None:
                            # ('Mrs. Norris was often observing ... "What if they were among them ...?" Lady
                            # Bertram agreed with her instantly.': the one the narration before has talking)
                            alt, why = lead, f"the narration before is about {lead}"
                        return Attribution(alt, 0.65, f'{who} {how} ("{subj} {rest.split()[0]}"); {why}')
                if listens:
                    pass
                elif who in vocs:
                    alt, why = self.other_than(who, q.start, vocs)
                    if alt:
                        return Attribution(alt, 0.65, f'vocative "{who}" excludes {who}; {why}')
                else:
                    return Attribution(who, 0.7, f'action beat: "{subj} {rest.split()[0]}" -> {who}')
        child = self._child_calling(q, vocs) if new_turn else None
        if child is not None:
            return child
        if self.lead_in is not None and new_turn:
            who, silent, goes_on = self.lead_in.who, self.lead_in.silent, self.lead_in.goes_on
            if goes_on and who not in vocs:
                return Attribution(who, 0.85, f'narration goes on: "{goes_on}" -> {who}')
            if silent:
                alt, why = self.other_than(who, q.start, vocs)
                if alt:
                    return Attribution(alt, 0.55, f"{who} {_STAYS_SILENT}; {why}")
            elif who not in vocs:
                return Attribution(who, 0.55, f"narration before is about {who}")
        # turn-taking through untagged lines: the one just addressed answers, else alternate
        if self.last_addressee and self.last_addressee not in vocs and self.turns:
            return Attribution(
                self.last_addressee, 0.6, f"turn-taking: {self.turns[-1]} addressed {self.last_addressee}"
            )
        if len(self.turns) >= 2 and self.turns[-2] not in vocs:
            return Attribution(self.turns[-2], 0.6, f"turn-taking: alternates with {self.turns[-1]}")
        if self.turns:
            alt, why = self.other_than(self.turns[-1], q.start, vocs)
            if alt:
                return Attribution(alt, 0.5, why)
        cands = [c for c in self.salience.recent(q.open_mark, None, self.index, frozenset(vocs))]
        if cands:
            return Attribution(cands[0], 0.4, f"most salient character: {cands[0]}")
        return Attribution(UNKNOWN, 0.1, "no evidence")

    def _led_by(self, before: tuple[int, int], other: str) -> str | None:
        """The person the last sentence of the narration ``before`` a quote is about (its subject, named or
        a pronoun), when it is not ``other``: whose words the quote is when ``other`` answers it."""
        a, end = before
        while end > a and self.text[end - 1] in " \n\"'\u201c\u2018.!?":
            end -= 1  # (the sentence that ends at the quote, not the nothing after its full stop)
        beat = beat_subject(self.text, last_sentence_start(self.text, a, end, semicolons=False), end)
        if beat is None or not self._names_someone(beat[0]):
            return None
        who = self.resolve_subject(beat[0], beat[1])[0]
        return who if who is not None and who != other else None

    def _tag_speaker(
        self, t: Tag, q: QuoteSpan, vocs: set[str], replying: bool
    ) -> tuple[str | None, str, str | None]:
        """Whom a tag's subject names and how (``resolve_subject``); a pronoun or description that lands
        on someone the quote's opening words talk about ('"To Jane herself," she exclaimed') is
        resolved again without them, and the third value is the one passed over."""
        # ('was his only reply to Mr. Rushworth': the one a tag says the line was spoken to is not its speaker)
        told = frozenset(self._spoken_to(t.pos, t.pos + 80, 0)) if _pronoun_gender(t.subject) is not None and (
            _TO_OR_AT_RE.search(self.text, t.pos, t.pos + 80) is not None
        ) else frozenset()
        who, how = self.resolve_subject(t.subject, t.pos, told, replying, tag=True)
        said = _pronoun_gender(t.subject)
        if who is not None and said in ("male", "female") and how.startswith("pronoun"):
            self.index.learn_gender(who, said)  # ('"We are safe here," he repeated' of the curate: a man)
        if how and who is not None and who not in vocs:
            talked = self._talked_about(q, vocs)
            if who in talked:
                alt, how2 = self.resolve_subject(t.subject, t.pos, frozenset(talked), replying, tag=True)
                if alt is not None:
                    return alt, how2, who
        return who, how, None

    def _spoken_to(self, a: int, b: int, lo: int, me: bool = False) -> list[str]:
        """The names in a tag's stretch ``text[a:b]`` right after 'to' / 'at' ('said she to Charlotte',
        'was his only reply to Mr. Rushworth'): the one the line is said to (``lo``: where to look back to);
        ``me``: a first-person narrator too, when the stretch says 'came up to me', 'looked at me' (of a
        tag whose subject is another)."""
        text = self.text
        out = [name for pos, name in self.index.mentions(text, a, b) if _TO_RE.search(text, max(lo, pos - 6), pos)]
        if me and self.first_person and _TO_ME_RE.search(text, a, b) is not None:
            out.append(self.narrator)  # ('said Ned Land, who came up to me': the narrator is spoken to)
        return out

    def _talked_about(self, q: QuoteSpan, vocs: set[str]) -> set[str]:
        """The characters a quote's opening words name but do not address ('To Jane herself, ...'), and those
        it names after a preposition deeper in ('any message to Miss Smith', 'or of Harriet'); not any other name
        deep in a long speech, which may quote someone addressing the speaker."""
        text = self.text
        named = {name for _pos, name in self.index.mentions(text, q.start, min(q.end, q.start + 80))}
        if q.end > q.start + 80:
            nested = nested_quotes(text, q.start, q.end)
            for pos, name in self.index.mentions(text, q.start + 80, q.end):
                # ('... or of Harriet, in such a manner', 'any message to Miss Smith': later, after a preposition)
                if _OF_NAME_RE.search(text, pos - 6, pos) and not any(i < pos < j for i, j in nested):
                    named.add(name)
        return named - vocs - self.current_vocs  # (one addressed, maybe by herself, is not talked about)

    def _replying(self, t: Tag) -> bool:
        """Whether a tag's verb replies to someone ('she replied'; not 'she answered herself')."""
        return t.verb in _REPLY_VERBS and _REFLEXIVE_RE.search(self.text, t.pos, t.pos + 40) is None

    def _named_later(self, out: Sequence[Attribution], who: str) -> bool:
        """Whether the paragraph's quotes so far (``out``) are one speech whose speaker a pronoun tag of
        ``who``'s gender chose (no certain rule), so a later tag naming ``who`` tells whom it meant
        (unless the speech was said to them: '"That's a handsome maid," he said to Oak. "But she has her
        faults," said Gabriel.')."""
        first = out[0]
        m = re.match(r'(?:same paragraph: )?pronoun "(\w+)"', first.reason)
        return (
            m is not None and _pronoun_gender(m.group(1)) == self.index.gender(who)
            and all(a.speaker == first.speaker for a in out) and first.speaker not in self.fixed.values()
        )

    def _own_tag(
        self, q: QuoteSpan, prev: QuoteSpan, nxt: QuoteSpan | None, hi: int, vocs: set[str], speaking: str,
    ) -> Attribution | None:
        """A later quote in a paragraph changes speaker only with its own explicit tag; a pronoun of the
        gender of the one speaking goes on with them ('"Which do you mean?" and turning round, he looked
        for a moment at Elizabeth, ... and coldly said,': Darcy still)."""
        text = self.text
        tags = []
        a, b = _after_text(text, q, nxt, hi)
        t = tag_after(text, a, b)
        gap_a, gap_b = prev.close_mark, q.open_mark
        if gap_b > gap_a:
            # the gap may hold the previous quote's own tag; a tag with another subject introduces this one
            ta = tag_after(text, gap_a, gap_b)
            tb = tag_before(text, gap_a, gap_b)
            if tb and tb.strong and (
                ta is None
                or last_sentence_start(text, gap_a, gap_b) > gap_a + 1
                or (ta.pos != tb.pos and _NEW_CLAUSE_RE.search(text, max(gap_a, tb.pos - 16), tb.pos) is not None)
            ):
                tags.append(tb)  # named before the quote: checked before a tag after it
        if t and t.strong:
            tags.append(t)
        for t in tags:
            if (g := _pronoun_gender(t.subject)) is not None and self.index.gender(speaking) == g:
                beat = beat_subject(text, gap_a, gap_b) if gap_b > gap_a else None
                who = self.index.resolve(beat[0]) if beat is not None and beat[0][:1].isupper() else None
                if beat is not None and who is not None and who != speaking and self.index.gender(who) == g \
                        and _ONLY_GESTURE_RE.match(beat[2]) is not None:
                    # ('"What if ...?" Lady Bertram agreed with her instantly. "I think we cannot do better,"
                    # said she': the one who answered without words goes on to speak)
                    return Attribution(who, 0.85, f'pronoun "{t.subject}" -> {who} {_ANSWERED_BEFORE}')
                return None
            who, how = self.resolve_subject(t.subject, t.pos)
            if who is None or ((how or t.intro) and who in vocs):
                continue
            return Attribution(who, 0.95 if not how else 0.85, how or f'explicit tag "{t.verb} {t.subject}"')
        return None

    # -- the scored choice among candidates -------------------------------------------------
    def _candidates(
        self, quotes: Sequence[QuoteSpan], k: int, rule: Attribution, vocs: set[str], lo: int, hi: int,
        prev: Attribution | None,
    ) -> list[Candidate]:
        """Every plausible speaker of ``quotes[k]`` with its features (see ``speaker_model.FEATURES``)."""
        text = self.text
        q = quotes[k]
        feats: dict[str, dict[str, float]] = {}

        def add(name: str | None, key: str, value: float = 1.0) -> None:
            if name is None or name == UNKNOWN:
                return
            d = feats.setdefault(name, {})
            d[key] = max(d.get(key, 0.0), value)

        add(rule.speaker, f"rule_{rule_of(rule.reason)}")
        nxt = quotes[k + 1] if k + 1 < len(quotes) else None
        after = _after_text(text, q, nxt, hi)
        if k > 0:
            before: tuple[int, int] | None = (quotes[k - 1].close_mark, q.open_mark)
        else:
            before = (lo, q.open_mark) if q.open_mark > lo else self.intro
        self.tag_addressed = set()
        self.tag_owners = set()
        tags = [tag_after(text, *after)]
        ends = [after[1]]  # where each tag's stretch stops: the next quote ('asked Mrs. Ford.--"Yes, to ...')
        if before is not None and before[1] > before[0]:
            tags.append(tag_before(text, *before))
            ends.append(before[1])
            if k > 0:  # '"What," said she to Charlotte, "does he mean?"': the tag between serves both parts
                tags.append(tag_after(text, *before))
                ends.append(before[1])
        if self.greeted is not None:  # (``decide``; the paragraph's later quotes are spoken to them too)
            self.tag_addressed.add(self.greeted)
        tag_gender: Gender | None = None
        unresolved = False
        self.tag_he_she = False
        for t, end in zip(tags, ends, strict=True):
            if t is None:
                continue
            g = _pronoun_gender(t.subject) or _noun_gender(t.subject)
            self.tag_he_she = self.tag_he_she or (t.strong and _pronoun_gender(t.subject) is not None)
            tag_gender = tag_gender or g
            stretch = min(hi, end, t.pos + 80)
            not_mine = t.subject.lower() not in ("i", "me", "my")
            # ('said she to Charlotte'; an intro tag may stand in the paragraph before: 'heard her saying ... to Jane,')
            self.tag_addressed.update(self._spoken_to(t.pos, stretch, min(lo, t.pos), not_mine))
            m = _TO_THE_RE.search(text, t.pos, stretch)
            if m is not None:  # 'she whispered to the nurse': a description a tag already gave a speaker
                who = self._definite(m.group(1).lower().split())
                if who is not None:
                    self.tag_addressed.add(who)
            self._owner = None
            self._owner_addressed = False
            replying = k == 0 and not q.continued and self._replying(t)  # as the rules resolve it
            who, how, _passed = self._tag_speaker(t, q, vocs, replying)
            if _pronoun_gender(t.subject) is not None:
                # ('Emma heard her saying': not Emma; 'When alone with Elizabeth afterwards, she': not Elizabeth)
                self.tag_owners |= self._perceiver(t.pos) | self._companion(t.pos, t.subject.lower())
            if self._owner is not None and self._owner != who:
                self.tag_owners.add(self._owner)  # 'said her mother': the daughter is not speaking
                if self._owner_addressed:
                    self.tag_addressed.add(self._owner)  # 'her partner ... said': to her
            if who is None:
                unresolved = True
                continue
            kin = _TO_KIN_RE.search(text, t.pos, stretch)
            if kin is not None and kin.group(2) in RELATIVE_NOUNS \
                    and self.index.gender(who) == ("male" if kin.group(1) == "his" else "female"):
                sex = noun_sex(kin.group(2))
                relative = self._relative(who, kin.group(2), sex) if sex is not None else None
                if relative is not None:
                    self.tag_addressed.add(relative)
            add(who, "tag_resolved" if how else "tag_named")
            if how.endswith("speaks for itself"):
                add(who, "self_descriptor")
                g = self.index.gender(who) if self.index.gender(who) != "unknown" else None
            if how and g is not None:
                others = self.salience.recent(t.pos, g, self.index, frozenset([who, *self.tag_owners]))
                if others and others[0] in self.gone:
                    # (not one the narration says is away, 'while Mrs. Collins and Maria were gone ...', but
                    # the next one the pages before name)
                    others = [o for o in others if o not in self.gone and self._near(o, t.pos)]
                if others:
                    add(others[0], "tag_second")
        if tag_gender is not None:
            # 'she said' in a conversation where one woman has been speaking: her
            party = [t for t in dict.fromkeys(reversed(self.turns[-4:])) if self.index.gender(t) == tag_gender]
            if len(party) == 1:
                add(party[0], "tag_gender_party")
        for i, name in enumerate(reversed(self.turns[-3:])):
            add(name, f"prev{i + 1}")
        add(self.last_addressee, "addressed")
        for v in sorted(vocs):
            add(v, "vocative")
        for i, name in enumerate(self.salience.recent(q.open_mark, None, self.index, limit=3)):
            add(name, f"sal{i + 1}")
        for name in self.turns[:-3]:
            add(name, "participant")
        cursor = lo
        for qq in quotes:
            for _pos, name in self.index.mentions(text, cursor, max(cursor, qq.open_mark)):
                add(name, "near_mention")
            cursor = max(cursor, qq.close_mark)
        for _pos, name in self.index.mentions(text, cursor, hi):
            add(name, "near_mention")
        beat = beat_subject(text, *after)
        if beat is not None:
            subj = beat[0]
            if not _LISTEN_RE.match(beat[2]) and self._names_someone(subj):
                add(self.resolve_subject(subj, beat[1])[0], "beat_subject")
        if before is not None and before[1] > before[0] and k == 0:
            bb = beat_subject(text, last_sentence_start(text, *before), before[1])
            if bb is not None and self._names_someone(bb[0]):
                add(self.resolve_subject(bb[0], bb[1])[0], "before_subject")
        for _pos, name in self.index.mentions(text, q.start, q.end):
            if name not in vocs:
                add(name, "named_in_quote")
        if not any(tags) and not any(d.get("beat_subject") or d.get("before_subject") for d in feats.values()):
            for key in ("prev1", "prev2", "addressed", "sal1", "near_mention"):
                for d in feats.values():
                    if d.get(key):
                        d["untagged_" + key.removesuffix("_mention")] = 1.0
        if len(self.turns) >= 2 and len(set(self.turns[-4:])) == 2:
            add(self.turns[-2], "two_party_prev2")
        if self.first_person:
            add(self.narrator, "narrator")
        if self.last_question and self.last_question[1]:
            add(self.last_question[0], "question_prev1")
        if prev is not None:
            add(prev.speaker, "same_para")
        if q.continued and self.turns:
            add(self.turns[-1], "continued")
        if self.ahead is not None:
            ah = self.ahead
            add(ah.next1, "next1")
            add(ah.next2, "next2")
            if ah.next1_certain:
                add(ah.next1, "next1_certain")
            if ah.next2_certain:
                add(ah.next2, "next2_certain")
            for v in sorted(ah.next_vocs):
                add(v, "next_addresses")
            if k < len(ah.picks):
                add(ah.picks[k], "first_pick")

        last_seen = self._last_seen(q.open_mark, frozenset(feats))
        out = []
        for name, d in feats.items():
            if unresolved:
                d["unresolved_tag"] = 1.0
            if any(tags):
                d["has_tag"] = 1.0
            d["since_certain"] = min(self.since_certain, HORIZON) / HORIZON
            d["until_certain"] = self.ahead.until_certain / HORIZON if self.ahead is not None else 1.0
            g = self.index.gender(name)
            if tag_gender is not None and g != "unknown":
                d["tag_gender_match" if g == tag_gender else "tag_gender_clash"] = 1.0
            at = last_seen.get(name)
            if at is None:
                d["unmentioned"] = 1.0
                d["log_distance"] = 1.0
            else:
                d["log_distance"] = min(1.0, math.log1p(q.open_mark - at) / 10)
            if not self.turns:
                d["new_conversation"] = 1.0
            if name[:4].lower() == "the " or name.islower():
                d["descriptor_name"] = 1.0
            vec = [0.0] * len(FEATURES)
            for key, value in d.items():
                vec[INDEX[key]] = value
            out.append(Candidate(name, tuple(vec)))
        return out


    def _rescore(
        self, quotes: Sequence[QuoteSpan], k: int, rule: Attribution, vocs: set[str], lo: int, hi: int,
        prev: Attribution | None,
    ) -> Attribution:
        """The rules' decision, re-decided by the fitted model when there are weights."""
        cands = self._candidates(quotes, k, rule, vocs, lo, hi, prev)
        # a certain hand rule: the person addressed inside the quote (or in its tag: 'said she to
        # Charlotte') is not its speaker, unless a tag names them outright
        named = INDEX["tag_named"]
        spoken_to = vocs | self.tag_addressed | self.tag_owners | self._talked_of(quotes[k])
        spoken_to |= self._kin_called(quotes[k])
        # ... nor does a tag's owner ('said his father': not him) unseat the speaker of a certain rule
        # (the second part of a speech that tag interrupts: '"In my youth," said his father, "I ...')
        # (one who names themself keeps the line, whatever else of their name it says: 'I know'd my name to
        # be Magwitch, chrisen'd Abel.')
        self_named = rule_of(rule.reason) == "self_named"
        keep = rule.speaker if is_certain(rule) and (
            self_named or rule.speaker not in vocs | self.tag_addressed
        ) else None
        allowed = [
            c for c in cands
            if (c.name not in spoken_to or c.features[named] or c.name == keep)
            and c.name != self.not_speaking and c.name != self.absent
            and (c.name not in self.gone or c.features[named])  # (one who left speaks only when a tag names them)
        ]
        if self.tag_he_she and self.first_person and self.narrator != keep:
            # '"With pleasure," said he': never 'I' in a first-person book (while someone the tag may
            # mean is left: not a man for 'she cried')
            clash = INDEX["tag_gender_clash"]
            others = [c for c in allowed if c.name != self.narrator]
            if any(not c.features[clash] for c in others):
                allowed = others
        cands = allowed or cands
        if self.weights is None or not cands:
            return replace(rule, candidates=tuple(cands))
        ranked = self.weights.rank(cands)
        certain = is_certain(rule)
        if certain or (ranked[0].name != rule.speaker and self._rules_stand(quotes, k, rule, ranked[0].name, lo, hi)):
            # a certain hand rule keeps its speaker, as does one the model has no feature to overrule;
            # the model gives the confidence and the runner-up
            ranked = sorted(ranked, key=lambda c: c.name != rule.speaker)
        top = ranked[0]
        conf = self.weights.confidence(ranked, 0, certain)
        # the runner-up on the same scale as the pick: the confidence model's chance that it is right,
        # at most what the pick leaves (a certain rule may keep a speaker the model ranks second)
        runner = None
        if len(ranked) > 1:
            runner = (ranked[1].name, min(self.weights.confidence(ranked, 1, False), 1.0 - conf))
        if top.name == rule.speaker:
            return Attribution(top.name, conf, rule.reason, tuple(ranked), runner)
        contrib = sorted(
            ((self.weights.w[i] * v, FEATURES[i]) for i, v in enumerate(top.features) if v),
            reverse=True,
        )
        why = ", ".join(name for c, name in contrib[:3] if c > 0) or "best score"
        return Attribution(top.name, conf, f"scored: {why} (rules said {rule.speaker})", tuple(ranked), runner)

    def _rules_stand(
        self, quotes: Sequence[QuoteSpan], k: int, rule: Attribution, pick: str, lo: int, hi: int
    ) -> bool:
        """Whether the rules' speaker for ``quotes[k]`` stands against the model's ``pick``, in the cases
        the model has no feature for."""
        bare = k == 0 and _bare_quote(self.text, quotes, lo, hi)
        silent = self.lead_in.who if self.lead_in is not None and self.lead_in.silent else None
        if k == 0 and silent is not None and silent in self.current_vocs and self.turns[-1:] == [rule.speaker] \
                and rule.reason.startswith(f"{silent} {_STAYS_SILENT}") and self.last_addressee == silent:
            # ('"It has been a very agreeable day," said Miss Bennet to Elizabeth. ... / Elizabeth smiled. / "Lizzy,
            # you must not do so."': the one she spoke to answers without words, and she goes on, calling her)
            return True
        if (
            bare and pick == self.prev_para_speaker and self.prev_named
            # (not for one the line names as an owner: 'I am Mr. Pett's cousin' is not Mr. Pett's)
            and not self._owner_named(rule.speaker, quotes[0])
        ):
            # a bare line right after one a tag named its speaker for ('"If it were admissible to contradict a
            # lady," said the gallant Mr. Elton-- / "I have perhaps given her ..."'): the model would have him
            # answer himself; the turn goes to the other party as the rules say
            return True
        if rule.reason.startswith(GOES_ON_CALLING.format(rule.speaker)) and (
            self.lead_in is None or self.lead_in.who != pick
        ):
            # (the other of a conversation of two is called: the model would give the line to someone the
            # conversation only talked of; not to one the narration just brought in: 'Miss Bingley came
            # towards her, and ... thus accosted her,')
            return True
        if rule.reason.endswith(_ANSWERED_BEFORE):
            # ('"What if ...?" Lady Bertram agreed with her instantly. "I think we cannot do better," said she':
            # the model would keep the speaker of the quote before, of the same sex)
            return True
        if rule.reason.endswith(CHILD_BY_SURNAME):
            # ('"Only one more, papa; ..."' to Mr. Woodhouse: his daughter of the conversation, not Mr.
            # Knightley, whom the turns would give it to: he calls no one 'papa')
            return True
        if (
            k == 0 and rule.reason.startswith("answers ") and self.last_question is not None
            and self.last_question[1] and pick == self.last_question[0] == self.prev_para_speaker
        ):
            # ('"Are they a wealthy family?" / "No, not very. ..."': the one who asked does not answer her
            # own question, whoever speaks after)
            return True
        sexed = self.sex_addressed
        # '"What do you play, boy?" asked Estella. / "Nothing but beggar my neighbor, miss."': the boy
        # answers, not the woman the model would have take her turn
        return (
            bare and sexed is not None and rule.speaker == sexed[0] == self.last_addressee
            and self.index.gender(pick) == _OPPOSITE[sexed[1]]
        )

    def _greet(self, before: tuple[int, int] | None) -> None:
        """Whether the sentence before a paragraph's first quote (``before``) says its subject was greeted
        ('Catherine found Mrs. Allen just returned ..., and was immediately greeted with,'): the words that
        say so (``greeting``) and the one spoken to (``greeted``: Catherine), else None."""
        self.greeting = self.greeted = None
        if before is None or before[1] <= before[0]:
            return
        start = last_sentence_start(self.text, *before)
        self.greeting = _GREETED_RE.search(self.text, start, before[1])
        if self.greeting is None:
            return
        beat = beat_subject(self.text, start, before[1])
        if beat is not None and self._names_someone(beat[0]):
            self.greeted = self.resolve_subject(beat[0], beat[1])[0]

    def _owner_named(self, who: str, q: QuoteSpan) -> bool:
        """Whether the quote names ``who`` as an owner ('Mr. Pett's cousin')."""
        return any(
            name == who and POSSESSIVE_RE.match(self.text, self._mention_end(at))
            for at, name in self.index.mentions(self.text, q.start, q.end)
        )

    def _hand_fixed(self, q: QuoteSpan, att: Attribution) -> Attribution:
        """The speaker a person gave this quote (a certain line the conversation turns around), else ``att``."""
        who = self.fixed.get(q.start)
        if who is None:
            return att
        return Attribution(who, 1.0, "fixed by hand", att.candidates)

    def _another_speech(self, quotes: Sequence[QuoteSpan], k: int, hi: int) -> bool:
        """Whether ``quotes[k]`` is another speech of the paragraph, not the first one going on: a
        sentence break before it and a tag naming someone ('"Come here," said Mary. "Yes, Mary,"
        said John.'). Its vocatives then address the first speaker instead of excluding them."""
        text = self.text
        a, b = quotes[k - 1].close_mark, quotes[k].open_mark
        if SENT_END_RE.search(text, a, b) is None:
            return False
        nq = quotes[k + 1] if k + 1 < len(quotes) else None
        for t in (tag_before(text, a, b), tag_after(text, *_after_text(text, quotes[k], nq, hi))):
            if t is not None and self._name_in(t.subject) is not None:
                return True
        return False

    def _note_speaker(self, q: QuoteSpan, att: Attribution) -> None:
        """A decided speaker becomes salient at once: a later tag in the paragraph may refer to them."""
        if att.speaker not in (UNKNOWN, SOMEONE, EVERYONE):  # (someone the story does not say is no one to refer to)
            self.salience.add(max(q.start, q.end - 1), att.speaker)
            if rule_of(att.reason.removeprefix("same paragraph: ")) == "explicit":
                self.named_at[att.speaker] = q.start

    def _thought(self, quotes: Sequence[QuoteSpan]) -> bool:
        """Whether a tag says a paragraph's words were thought ('"Well done, Mrs. Martin!" thought Emma'):
        they call no one, who is then neither present nor answering."""
        return any(_THOUGHT_TAG_RE.match(self.text, q.close_mark) for q in quotes)

    def _update_state(
        self, quotes: list[QuoteSpan], out: list[Attribution], vocs: set[str], para_end: int, thought: bool
    ) -> None:
        """What a decided paragraph leaves for the next: its turns, whom it spoke to (no one, for a thought),
        the question it asked, and what the narration after its last quote says."""
        for att in out:
            if att.speaker != UNKNOWN and (not self.turns or self.turns[-1] != att.speaker):
                self.turns.append(att.speaker)
        self.since_certain = 0 if is_certain(out[0]) else self.since_certain + 1
        self.last_turn_end = quotes[-1].end
        self.last_line = (quotes[-1].start, quotes[-1].end)
        last = out[-1].speaker
        speaking = {a.speaker for a in out}
        # in the order they are addressed (a set's order would change from run to run)
        named = [name for q in quotes for _pos, name in self.index.mentions(self.text, q.start, q.end)]
        named += [v for v in sorted(vocs) if v not in named]  # ('Miss Bennet' said to Elizabeth)
        addressed = [v for v in dict.fromkeys(named) if v in vocs and v not in speaking]
        if len(addressed) > 1:
            # '... Mrs. Collins, did I tell you of Lady Metcalfe's calling? ... Are any of your younger
            # sisters out, Miss Bennet?': the one the closing sentence calls answers
            lq = quotes[-1]
            end = lq.end
            while end > lq.start and self.text[end - 1] in "\"'\u201d\u2019 ":
                end -= 1
            closing = self.vocatives(last_sentence_start(self.text, lq.start, end), lq.end)
            ask = self.text.rfind("?", max(lq.start, end - _LAST_QUESTION_REACH), end)
            # (not one she answers herself: 'How do you do, Miss Smith?--Very well I thank you.--And I begged ...')
            if not closing & set(addressed) and ask > lq.start and not self.text.startswith(("--", "\u2014"), ask + 1):
                # else the one its last question calls ('You, Miss Dashwood, would give ... Should not you,
                # Marianne?  Forgive me, if I am very saucy.': Marianne answers)
                closing = self.vocatives(last_sentence_start(self.text, lq.start, ask), ask + 1)
            addressed = [v for v in addressed if v in closing] + [v for v in addressed if v not in closing]
        # 'she whispered to the nurse': the one a tag says the last line was spoken to answers next
        addressed += [v for v in sorted(self.tag_addressed) if v not in speaking and v not in addressed]
        if self.told is not None and self.told[0] in (None, out[0].speaker) \
                and self.told[1] not in speaking | set(addressed):
            addressed.append(self.told[1])  # ('she told him her distress. / "Cousin," said she': him)
        self.told = None
        self.reported_asked = None
        # 'What a pity it is, mamma!' said by Lydia Bennet: her mother, Mrs. Bennet, is addressed
        lq = quotes[-1]
        close = last_sentence_start(self.text, lq.start, lq.end)
        for q, att in zip(quotes, out, strict=True):
            for word in address_words(self.text, q.start, q.end):
                kin = self._kin_of(att.speaker, word)
                if kin is None or kin in speaking or kin in addressed:
                    continue
                if q is lq and word in address_words(self.text, close, lq.end) \
                        and not self.vocatives(close, lq.end) & set(addressed):
                    # ('My dearest Catherine, I quite envy you; but I am afraid, brother, you will not have
                    # room for a third.': the brother the closing sentence calls answers)
                    addressed.insert(0, kin)
                else:
                    addressed.append(kin)
        for q, nq in itertools.pairwise(quotes):
            # '"... Is it true?" Elizabeth replied that it was. "Very well--and this offer you have
            # refused?"': one who answers between a speaker's quotes is the one they talk to
            start = last_sentence_start(self.text, q.close_mark, nq.open_mark)
            beat = beat_subject(self.text, start, nq.open_mark)
            if beat is not None and reports_speech(self.text, beat[1] + len(beat[0]), nq.open_mark):
                who = self.resolve_subject(beat[0], beat[1])[0] if self._names_someone(beat[0]) else None
                if who is not None and who not in speaking and who not in addressed:
                    addressed.insert(0, who)
        if not addressed and self.text.find("ship", quotes[-1].start, quotes[-1].end) >= 0 \
                and (rank := _YOUR_RANK_RE.search(self.text, quotes[-1].start, quotes[-1].end)):
            # 'I hope your ladyship is pleased with the game.': the Lady of the company answers
            titles = LADY_TITLES if rank.group(1) == "ladyship" else LORD_TITLES
            who = self._honorific(rank.group(0), titles, quotes[-1].start)[0]
            if who is not None and who not in speaking:
                addressed.append(who)
        self.sex_addressed = None
        if not addressed:
            # 'Can he be a sensible man, sir?': the one man among the conversation's last speakers (or
            # the narrator of a first-person book: 'What do you play, boy?' said to Pip)
            polite = address_words(self.text, quotes[-1].start, quotes[-1].end, polite=True)
            if polite:
                gender = POLITE[polite[-1]]
                present = [*reversed(self.turns[-4:]), *([self.narrator] if self.first_person else [])]
                party = [
                    t for t in dict.fromkeys(present) if t not in speaking and (
                        self.index.gender(t) == gender
                        # (a narrator of no known sex may be the one)
                        or (t == self.narrator and self.first_person and self.index.gender(t) == "unknown")
                    )
                ]
                if len(party) == 1:
                    addressed.append(party[0])
                    self.sex_addressed = (party[0], gender)
        if thought:
            addressed = []
        self.last_addressee = addressed[0] if addressed else None
        lq = quotes[-1]
        self.last_question = (last, _QUESTION_END_RE.search(self.text, lq.start, lq.end) is not None)
        self.name_asked = any(_asks_a_name(self.text[q.start : q.end]) for q in quotes)
        self.prev_para_speaker = last
        self.prev_named = rule_of(out[-1].reason.removeprefix("same paragraph: ")) in ("explicit", "pronoun")
        self.quiet_chars = 0
        self.intro = None
        self.lead_in = None
        tail = (lq.close_mark, para_end)
        if tail[1] > tail[0] and self.text[tail[0] : tail[1]].rstrip()[-1:] in (":", ",", "-", "\u2014"):
            self.intro = tail
        elif tail[1] > tail[0]:
            # narration closing the paragraph, a sentence of its own after the tag ('... said Ogden
            # simply. Ogden celebrated his victory.'): its subject leads into the next line
            start = last_sentence_start(self.text, *tail)
            if start > tail[0] + 1:
                self._lead_in_from(start, para_end)
            elif (beat := beat_subject(self.text, *tail)) is not None and reports_speech(
                self.text, beat[1] + len(beat[0]), para_end
            ):
                # ('"I am very happy to see you again, sir." He thanked her for her fears, and said that he
                # had quitted it for a week.': his answer, reported, is a turn; the next line is hers)
                self._lead_in_from(tail[0], para_end)
            # ('"... by the exercise."--A short pause followed this speech, and Mrs. Hurst began again.')
            self._goes_on(tail[0], para_end)
            # ('"... upon that table;" and I asked Herbert whether his father was so inveterate')
            self._reported_question(tail[0], para_end)
            # ('"... with or without Colonel Brandon." And then rising, she went away to join Marianne')
            self._joins(tail[0], para_end)
            if _AND_GOES_ON_RE.match(self.text, *tail):
                # ('He said, "Not at all," and resumed.': the next paragraph is his still)
                self.lead_in = LeadIn(last, False, " ".join(self.text[tail[0] : para_end].split())[:60])

















def attribute(
    text: str, paragraphs: Sequence[QuotedParagraph], index: CharacterIndex, narrator: str, first_person: bool,
    weights: Weights | None = None, letters: Sequence[Letter] = (), fixed: Mapping[int, str] | None = None,
    told_of: frozenset[int] = frozenset(),
) -> list[list[Attribution]]:
    """Attributions for every quote of every paragraph, in order (one list per paragraph); with
    ``weights`` each quote's speaker is the fitted model's choice among its candidates, and with a
    lookahead model (``weights.ahead``) a second pass re-decides every quote knowing who the first
    pass made speak the turns after it. The paragraphs of ``letters`` are their writers'. ``fixed``
    (quote start -> speaker): lines a person attributed, certain lines the others are decided around.
    ``told_of``: chapters of a first-person book told as of others (the narrator speaks no line there)."""
    by_para = {i: letter for letter in letters for i in range(letter.first, letter.last + 1)}
    fixed = fixed or {}
    person = (first_person, told_of)
    scans = BookScans()  # (the book read once for a pattern, for both walks)
    if weights is None or weights.ahead is None:
        return _walk(text, paragraphs, index, narrator, person, weights, None, by_para, fixed, scans)[0]
    first, vocs = _walk(text, paragraphs, index.fork(), narrator, person, weights, None, by_para, fixed, scans)
    ahead = lookahead(paragraphs, first, vocs)
    return _walk(text, paragraphs, index, narrator, person, weights.ahead, ahead, by_para, fixed, scans)[0]


def _walk(
    text: str, paragraphs: Sequence[QuotedParagraph], index: CharacterIndex, narrator: str,
    person: tuple[bool, frozenset[int]], weights: Weights | None, ahead: Sequence[Ahead | None] | None,
    letters: Mapping[int, Letter], fixed: Mapping[int, str], scans: BookScans,
) -> tuple[list[list[Attribution]], list[frozenset[str]]]:
    """One pass over the book: every paragraph's attributions and the names its quotes address.
    A signed letter's paragraphs are its writer's and no turns of the conversation (an unsigned one
    comes as narration: ``attribute_book``). ``person``: whether the book is first-person, and its
    chapters told as of others."""
    first_person, told_of = person
    spans: dict[int, tuple[int, int]] = {}  # each chapter's (start, end)
    for qp in paragraphs:
        start = spans.get(qp.chapter, (qp.paragraph.start, 0))[0]
        spans[qp.chapter] = (start, qp.paragraph.end)
    att = Attributor(text, index, narrator, first_person, weights, scans)
    att.fixed = fixed
    att.quote_spans = [(q.open_mark, q.close_mark) for qp in paragraphs for q in qp.quotes]
    att.paragraph_starts = [qp.paragraph.start for qp in paragraphs]
    att.chapter_firsts = frozenset(
        qp.paragraph.start for k, qp in enumerate(paragraphs) if k == 0 or paragraphs[k - 1].chapter != qp.chapter
    )
    chapter = None
    out: list[list[Attribution]] = []
    vocs: list[frozenset[str]] = []
    for i, qp in enumerate(paragraphs):
        if qp.chapter != chapter:
            chapter = qp.chapter
            att.new_chapter()
            att.first_person = first_person and chapter not in told_of
            # (one the chapter names is a character of it: the narrator a cast gives a third-person book)
            att.absent = narrator if first_person and chapter in told_of and not any(
                name == narrator for _, name in index.mentions(text, *spans[chapter])
            ) else None
        letter = letters.get(i)
        if letter is not None and letter.writer is not None:
            out.append([Attribution(letter.writer, 0.9, letter.why) for _ in qp.quotes])
            vocs.append(frozenset())
            continue
        att.ahead = ahead[i] if ahead is not None else None
        res = att.decide(qp)
        vocs.append(frozenset(att.current_vocs) if qp.quotes else frozenset())
        if not qp.quotes:
            att.narration_paragraph(qp.paragraph)
        out.append(res)
    return out, vocs


def _bare_quote(text: str, quotes: Sequence[QuoteSpan], lo: int, hi: int) -> bool:
    """Whether a paragraph is one quote and nothing else (no tag, no narration)."""
    q = quotes[0]
    return len(quotes) == 1 and not text[lo : q.open_mark].strip() and not text[q.close_mark : hi].strip()










def _asks_a_name(quote: str) -> bool:
    """Whether a quote asks someone's name ('Tell us your name!', 'Who are you?')."""
    if "name" not in quote and "who" not in quote and "Who" not in quote and "WHO" not in quote:
        return False  # (the cheap test first: most lines ask no name)
    return _NAME_ASKED_RE.search(quote) is not None




def conversation_walk(
    paragraphs: Sequence[QuotedParagraph], quiet_limit: int
) -> Iterator[tuple[int, QuotedParagraph, bool]]:
    """Each quoted paragraph with its index, and whether a new conversation starts at it: the first
    of a chapter, or the first after more than ``quiet_limit`` characters of narration."""
    chapter = None
    quiet = 0
    new = False
    for i, qp in enumerate(paragraphs):
        if qp.chapter != chapter or quiet > quiet_limit:
            new = True
            chapter = qp.chapter
            quiet = 0
        if not qp.quotes:
            quiet += qp.paragraph.end - qp.paragraph.start
            if is_scene_break(qp.paragraph.text):
                quiet = quiet_limit + 1
            continue
        yield i, qp, new
        new = False
        quiet = 0


def lookahead(
    paragraphs: Sequence[QuotedParagraph], atts: Sequence[Sequence[Attribution]], vocs: Sequence[frozenset[str]]
) -> list[Ahead | None]:
    """For every quoted paragraph, the next two turns of its conversation as a first pass decided
    them (a turn: a quoted paragraph that does not continue the speech before it; a conversation
    ends at a chapter or after ``QUIET_LIMIT`` characters of narration)."""
    out: list[Ahead | None] = [None] * len(paragraphs)
    turns: list[int] = []  # the current conversation's turns, by paragraph index
    pending: list[int] = []  # quoted paragraphs waiting for the turns after them

    def first_of(i: int) -> tuple[str | None, bool]:
        a = atts[i][0]
        return (a.speaker if a.speaker != UNKNOWN else None), is_certain(a)

    def settle() -> None:
        for i in pending:
            later = turns[bisect.bisect_right(turns, i):]  # turns are in paragraph order
            n1 = first_of(later[0]) if later else (None, False)
            n2 = first_of(later[1]) if len(later) > 1 else (None, False)
            until = next((n for n, t in enumerate(later[:HORIZON]) if first_of(t)[1]), HORIZON)
            picks = tuple(a.speaker for a in atts[i])
            # whom the next turn addresses, when it is another speaker's turn (one speaking on
            # over two paragraphs addresses the same listener in both)
            answered = vocs[later[0]] if later and n1[0] != atts[i][-1].speaker else frozenset()
            out[i] = Ahead(n1[0], n1[1], n2[0], n2[1], answered, picks, until)
        pending.clear()
        turns.clear()

    for i, qp, new in conversation_walk(paragraphs, QUIET_LIMIT):
        if new:
            settle()
        if not qp.quotes[0].continued or not turns:
            turns.append(i)
        pending.append(i)
    settle()
    return out


def tag_subjects(text: str, paragraphs: Sequence[QuotedParagraph]) -> list[str]:
    """The subject of every explicit speech tag after a quote, as written ('said Elizabeth' ->
    'Elizabeth', 'said the old man' -> 'the old man', 'said I' -> 'I')."""
    out = []
    for qp in paragraphs:
        hi = qp.paragraph.end
        for k, q in enumerate(qp.quotes):
            nxt = qp.quotes[k + 1] if k + 1 < len(qp.quotes) else None
            t = tag_after(text, *_after_text(text, q, nxt, hi))
            if t and t.strong:
                out.append(t.subject)
    return out


def tag_names(subjects: Iterable[str]) -> list[str]:
    """The capitalised names among tag subjects ('Elizabeth', 'the Hatter' -> 'Hatter'), for discovery."""
    out = []
    for subject in subjects:
        words = subject.split()
        while words and words[0].lower() in ("the", "poor", "little", "old", "young"):
            words = words[1:]
        caps = []
        for w in words:
            if w[:1].isupper():
                caps.append(w.strip(",.;:!?"))
            else:
                break
        plain = caps and caps[0] not in NOT_NAMES and title_gender(caps[0]) == "unknown"
        role = len(caps) == 1 and caps[0] in ROLE_TITLES and subject.split()[0].lower() == "the"
        if plain or role or (caps and caps[0] in TITLES and len(caps) > 1):
            out.append(" ".join(caps))
    return out


_OPPOSITE: dict[str, Gender] = {"male": "female", "female": "male"}






def _pronoun_gender(words: str) -> Gender | None:
    low = words.strip().lower()
    return "male" if low == "he" else "female" if low == "she" else None


def _noun_gender(words: str) -> Gender | None:
    """Gender of a descriptor's person noun ('his wife' -> female), if it has one."""
    for w in words.lower().split()[1:4]:
        if w in FEMALE_NOUNS:
            return "female"
        if w in MALE_NOUNS:
            return "male"
    return None


def _speaker_pronoun(text: str, qp: QuotedParagraph) -> Gender | None:
    """Gender of a bare 'he'/'she' tag or action beat of the paragraph's first quote, if any."""
    q = qp.quotes[0]
    nxt = qp.quotes[1] if len(qp.quotes) > 1 else None
    a, b = _after_text(text, q, nxt, qp.paragraph.end)
    t = tag_after(text, a, b)
    if t is not None:
        return _pronoun_gender(t.subject)
    if q.open_mark > qp.paragraph.start:
        tb = tag_before(text, qp.paragraph.start, q.open_mark)
        if tb is not None:
            return _pronoun_gender(tb.subject)
    beat = beat_subject(text, a, b)
    return _pronoun_gender(beat[0]) if beat is not None else None


def addressed_names(text: str, paragraphs: Sequence[QuotedParagraph]) -> list[tuple[str, Gender | None]]:
    """Every name addressed in a quote (a vocative), with the gender that use suggests for it.

    Within one conversation (quoted paragraphs not parted by a long stretch of narration) where
    both a 'he' and a 'she' speak by pronoun tags, a line spoken by 'she' addresses someone male
    and one spoken by 'he' someone female; elsewhere the use suggests no gender (None).
    """
    out: list[tuple[str, Gender | None]] = []
    conversation: list[tuple[list[str], Gender | None]] = []

    def flush() -> None:
        genders = {g for _names, g in conversation if g is not None}
        for names, g in conversation:
            vote = _OPPOSITE[g] if g is not None and len(genders) == 2 else None
            out.extend((name, vote) for name in names)
        conversation.clear()

    for _i, qp, new in conversation_walk(paragraphs, 600):
        if new:
            flush()
        # (once a paragraph: '"Eternity! Eternity!"' bawled by a street preacher is no one called twice)
        names = list(dict.fromkeys(n for q in qp.quotes for n in quote_vocatives(text, q.start, q.end)))
        conversation.append((names, _speaker_pronoun(text, qp)))
    flush()
    return out
