"""Cues: what the narration between quoted lines says about the conversation ('Fanny left the room', 'she
turned to Frank Churchill.', 'he begged her to go on', 'Elizabeth asked whether ...', '* * *'), and the
people it mentions, noted as they come for pronouns to mean."""

from __future__ import annotations

import bisect
import re

from ..model import Paragraph
from .characters import ROLE_TITLES, TITLES, adjective_title
from .context import HORIZON, POSSESSIVE_RE, LeadIn
from .kinship import SPOUSE
from .person_nouns import RELATIVE_NOUNS, noun_sex
from .resolution import QUIET_LIMIT, Resolver, group_sex
from .tags import (
    ADVERB_PATTERN,
    INTRO_VERB_ALT,
    NAME_PATTERN,
    PARTICIPLES,
    PREP_BEFORE_RE,
    STRONG,
    WEAK,
    beat_subject,
    descriptor_phrase,
    first_sentence,
    is_subject_position,
    last_sentence_start,
    subject_words,
)

# a person's face or voice after their possessive name: they act ('Marianne's eyes expressed ...')
_BODY_AFTER_RE = re.compile(
    r"['\u2019]s\s+(?:eyes|face|countenance|lips|cheeks|voice|looks|colour|color|heart|spirits"
    # ('Marianne's feelings did not stop here. ... she moved ... to her sister's chair': her state, her)
    r"|security|composure|self-command|courage|feelings|astonishment|agitation|indignation|surprise|curiosity"
    r"|patience|temper|resolution|embarrassment|confusion|distress|vexation)\b"
)
_ENDS_WITH_VERB_RE = re.compile(rf"\b(?:{INTRO_VERB_ALT})\s*$")  # '... and shouting' + a quote
_LONGEST_VERB = max(map(len, STRONG + WEAK + PARTICIPLES))  # (so only a paragraph's tail is searched)
_ASKED_VERB_RE = re.compile(r"\b(?:ask(?:ed|ing)|enquir(?:ed|ing)|inquir(?:ed|ing)|begged|told)\b")
_ASKING_RE = re.compile(
    rf"(?:(?:[Aa]nd|[Bb]ut|[Tt]hen|[Ss]o),?\s+)?(?P<subj>[Hh]e|[Ss]he|{NAME_PATTERN})\b[^.!?;\"\u201c]{{0,120}}?"
    r"\b(?:asked|asking|enquired|enquiring|inquired|inquiring)\s+(?:\w+\s+){0,2}?(?:whether|if|after)\b"
)
_ASKED_RE = re.compile(
    rf"\b(?P<subj>[Hh]e|[Ss]he|{NAME_PATTERN})\s+(?:\w+ly\s+)?(?:asked|enquired\s+of|inquired\s+of|begged|told)\s+"
    rf"(?P<obj>{NAME_PATTERN})\b[^.!?;]{{0,80}}?\b(?:whether|if|what|how|why|where|when|who|to)\b"
    # ('she could not help asking him whether he intended to accept Mr. Bingley's invitation': him, whom the
    # narration names before)
    rf"|\b(?P<psubj>[Hh]e|[Ss]he|{NAME_PATTERN})\s+(?:[a-z]+\s+){{0,3}}?(?:asked|asking|enquired\s+of|inquired\s+of)\s+"
    r"(?P<pobj>him|her)\s+(?=(?:whether|if)\b)"
)
# 'she was joined by Bingley': the agent of a passive said of a person acts
_PASSIVE_BY_RE = re.compile(
    # (a person the passive is said of: 'she was met on the stairs by Jane'; not 'as it had been pointed out to
    # her by Miss Tilney the evening before')
    r"\b(?!(?:it|It|which|that|had|has|have)\b)[A-Za-z]+\s+(?:had\s+|has\s+|have\s+)?(?:was|were|been|being)\s+(?:[a-z]+\s+)?"
    r"(?:[a-z]+(?:ed|en)|met|led|held|caught|brought|sent|taught)\b[^.;!?]{0,40}\bby\s+$"
)
_NAME_WAS_RE = re.compile(r"\b(his|her)\s+name\s+(?:was|is)\s+([A-Z][a-z]+)\b")  # 'his name was Tilney'
_NARR_DESC_RE = re.compile(
    r"\b(?:his|her)\s+(?:" + "|".join(sorted(SPOUSE))
    + r"|sister|brother|daughter|son|aunt|uncle|father|mother)\b"
)
# a narration sentence saying someone goes on talking ('Mrs. Bennet, who fancied ..., continued her
# triumph.', 'She went on:'): they speak next
_GOES_ON_RE = re.compile(
    # ('A short pause followed this speech, and Mrs. Hurst began again.': at the end of a sentence too)
    # ('_She_ first spoke again.', 'Elinor broke the silence': the one who speaks first after a silence)
    rf"(?:[^.!?;]*?,\s+(?=and\s))?(?:(?:[Aa]nd|[Bb]ut|[Tt]hen|[Ss]o),?\s+)?_?(?P<subj>{NAME_PATTERN}|[Hh]e|[Ss]he)_?"
    rf"(?:,[^,;.!?]{{1,80}},)?\s+(?:{ADVERB_PATTERN}\s+)?(?:continued|went\s+on|resumed|pursued|proceeded|began\s+again"
    r"|(?:first\s+)?spoke\s+(?:again|first)|was\s+the\s+first\s+to\s+speak|broke\s+(?:the|their|a)\s+(?:\w+\s+)?silence"
    # ('Elinor would not speak. He repeated the inquiry with yet greater eagerness.': the next line is it)
    r"|(?:repeated|renewed)\s+(?:the|his|her|their)\s+(?:inquiry|enquiry|question|request|entreaty|demand)\b[^.!?;]*"
    # ('Mrs. Norris began scolding.', 'she began to talk of going away'; the space it takes lets the
    # speaking verb past the check below for doing something else)
    # ('... his thoughts took a cheerfuller turn, and he began to congratulate Elinor on having such a friend')
    r"|(?:began|begun)\s+(?=(?:to\s+)?(?:scold|speak|talk|complain|lament|argue|reproach|question|tease|chatter"
    r"|congratulat|thank|prais|inquir|enquir|entreat|rally|rallie)))\b"
    # ('continued to console herself', 'went on reading': doing something else)
    r"(?!\s+(?:(?:to|with|in|on|her\s+way|his\s+way)\s+(?!say|speak|talk)|(?!speaking|talking)\w+ing\b))"
)
# ('Mr. Darcy changed colour; but ... he listened without attempting to interrupt her while she continued.':
# a clause ending the sentence says who goes on)
_GOES_ON_END_RE = re.compile(
    rf"\b(?:while|as|and|till|until)\s+(?P<subj>{NAME_PATTERN}|[Hh]e|[Ss]he)\s+(?:continued|went\s+on)[.:;,]?\s*$"
)
# a narration clause's subject: a name or 'he' / 'she'
_NAME_OR_PRONOUN = rf"(?P<subj>{NAME_PATTERN}|\b[Hh]e|\b[Ss]he)"
# 'and begged him to proceed', 'Elizabeth asked her to explain': the one asked goes on
_GO_ON_WORDS = (" to proceed", " to go on", " to continue", " to resume", " to explain", " to tell")
_BID_GO_ON_RE = re.compile(
    rf"(?:{_NAME_OR_PRONOUN}\b[^.!?;]{{0,80}}?)?\b(?P<verb>begged|asked|urged|entreated|besought|pressed|bade|desired)\s+"
    rf"(?P<obj>him|her|{NAME_PATTERN})\s+to\s+(?:proceed|go\s+on|continue|resume|explain|tell)\b"
)
# 'she told him her distress', 'Fanny told Edmund': the one told (the next line is said to them)
_TOLD_RE = re.compile(rf"{_NAME_OR_PRONOUN}\s+(?:{ADVERB_PATTERN}\s+)?told\s+(?P<obj>him|her|{NAME_PATTERN})\b")
# a character within a sentence: no end of one, but the dot of 'Mr.', 'Mrs.', 'Dr.', 'St.'
_IN_SENTENCE = r"(?:[^.!?;]|(?<=\bMrs)\.|(?<=\bM[rs])\.|(?<=\bDr)\.|(?<=\bSt)\.)"
# '... turned to Frank Churchill.', 'she began speaking again to Mr. John Knightley.': the narration ends
# with someone turning to speak to another (the next line is said to them, who answers it); the one
# turning is the subject opening the clause, if any ('and finding that ..., turned to': whoever speaks)
_TURNED_TO_RE = re.compile(
    rf"(?:{_NAME_OR_PRONOUN}(?!['\u2019]s)\b)?{_IN_SENTENCE}{{0,120}}?\b(?:turned|turning|began\s+(?:speaking|talking)|spoke|"
    # ('At this moment the Captain entered the saloon. I went up to him.')
    r"addressed\s+(?:herself|himself)|(?:went|walked|stepped|came)\s+up)\s+(?:again\s+|round\s+|back\s+|now\s+)?to\s+"
    rf"(?P<obj>him|her|{NAME_PATTERN})[^.!?;:,\w]*[.!?:,]?\s*$"
)
# the cheap tests before the patterns below (whitespace, not a space: a line may break between the words)
_TO_WORD_RE = re.compile(r"\sto\s")
# how far back (characters, some ten pages) the book must have named someone for a 'she' in the narration to
# keep them salient ('The Rachel drew near ... She was weeping for her children': a ship, not the one woman of
# the cast, last named a hundred chapters back)
PRONOUN_REACH = 40000
_NAME_WORD_RE = re.compile(r"\sname\s")
_TO_INQUIRE_RE = re.compile(r"\bto\s+(?:inquire|enquire|ask)")
_JOINS_CUE_RE = re.compile(r"alone|join|themselves")
_FORMER_CUE_RE = re.compile(r"he\s+(?:former|latter)")
_SILENT_SUBJECT_RE = re.compile(
    rf"{_NAME_OR_PRONOUN}\s+(?:{ADVERB_PATTERN}\s+)?(?:said\s+nothing|made\s+no\s+(?:answer|reply)"
    r"|(?:was|remained|kept)\s+silent|did\s+not\s+(?:answer|reply|speak))\b"
)
# 'He heard Henrietta Watkin's voice.', 'she heard her say': the voice speaks the next line
_VOICE_HEARD_RE = re.compile(
    rf"\bheard\s+(?:(?P<subj>{NAME_PATTERN})['\u2019]s\s+voice|(?P<obj>{NAME_PATTERN}|him|her)\s+(?:say|speak|call|cry|exclaim)\b)"
    r"[^.!?;]*[.!?:]?\s*$"
)
# 'when next alone with Eleanor', 'she went away to join Marianne': a new conversation, with her in it
_BY_THEMSELVES_RE = re.compile(
    r"\b(?:were|was|being|be|found\s+themselves|left)\b[^.;:!?\"\u201c]{0,40}?\s(?:alone|by\s+themselves|to\s+themselves)\b"
)
_ALONE_WITH_RE = re.compile(
    rf"\b(?:(?:next|once|again|now|first)\s+alone\s+with|went\s+(?:away\s+|up\s+|out\s+)?to\s+join)\s+"
    rf"(?P<name>{NAME_PATTERN})"
)
# one of the conversation leaves: 'Fanny left the room', 'he quitted the house', 'she walked away', 'he took his
# leave', 'he was just then borne off'
_LEFT_VERB_RE = re.compile(
    r"\b(?:(?:left|quitted|went|walked|hurried|ran)\s+(?:the\s|out\s|away\b|off\b)|took\s+(?:his|her)\s+leave"
    r"|(?:borne|carried|called|hurried|swept)\s+(?:off|away))"
)
_LEFT_RE = re.compile(
    rf"{_NAME_OR_PRONOUN}\s+(?:{ADVERB_PATTERN}\s+)?(?:(?:left|quitted)\s+the\s+(?:room|house|parlour|apartment)"
    r"|(?:went|walked|hurried|ran)\s+(?:out\s+of\s+the\s+(?:room|house)|away\b|off\b)|took\s+(?:his|her)\s+leave"
    r"|(?:was|were)\s+(?:[a-z]+\s+){0,2}?(?:borne|carried|called|hurried|swept)\s+(?:off|away)\b)"
)
# people the narration says are away ('while Mrs. Collins and Maria were gone on business into the village',
# 'Henry Crawford was gone'): no one's speaker till the narration brings them back
_GONE_RE = re.compile(
    rf"(?P<names>{NAME_PATTERN}(?:\s+and\s+{NAME_PATTERN})?)\s+(?:(?:was|were|being)\s+(?:\w+ly\s+)?gone\b"
    # ('about a week after Colonel Brandon left the country, his heart seemed more than usually open')
    r"|(?:had\s+)?left\s+the\s+(?:country|kingdom|neighbourhood|neighborhood)\b)"
)
# people the narration leaves alone ('Elizabeth was sitting by herself', 'Jane and Elizabeth were alone'): everyone
# else is away till the narration brings them back
_ALONE_RE = re.compile(
    rf"(?P<names>{NAME_PATTERN}(?:\s+and\s+{NAME_PATTERN})?)\s+(?:was|were|remained|being|sat|found\s+(?:herself|"
    r"himself|themselves))\s+(?:\w+\s+)?(?:alone|by\s+(?:herself|himself))\b(?!\s+with\b)"
)
_SILENT_RE = re.compile(
    r"\b(?:made\s+no|no\s+(?:answer|reply)|said\s+nothing|(?:was|remained|kept)\s+silent"
    r"|did\s+not\s+(?:answer|reply|speak))\b",
    re.IGNORECASE,
)
# A short paragraph that only bows or nods ('Mr. Darcy bowed.') answers without words.
# 'Mr. Bennet replied that he had not.': reported speech, a turn of the conversation without quotes
_REPORTING = (
    r"(?:\w+ly\s+)?(?:(?:replied|answered|returned|said|observed|remarked|declared|protested|assured\s+\w+|"
    r"told\s+\w+|cried|exclaimed|agreed|admitted|explained|stammered|faltered|murmured|confessed|added)"
    r"(?:\s+\w+ly)?,?\s+"
    # ('said it was not very bad', 'replied he would': a that-less clause reported; 'I stammered yes',
    # 'replied in the negative')
    r"(?:that\b|(?:yes|no)\b|in\s+the\s+(?:negative|affirmative)\b"
    r"|(?:it|he|she|they|there|we|you|I)\s+(?:was|were|is|are|had|has|would|could|should|did|"
    r"might|must|will|meant|thought|knew|believed|hoped|wished)\b)"
    # ('she assured him with some confusion, of her attachment to Mr. Darcy')
    r"|(?:assured|told|informed|reminded)\s+(?:him|her|them|\w+)(?:\s+\w+ly|\s+(?:with|in)\s+(?:\w+\s+){0,2}?\w+)?,?"
    r"\s+of\b"
    # ('Elinor confirmed it.', 'Colonel Brandon again repeated his sorrow ...', 'Elinor told him the number of the
    # house.': what was said, told without its words)
    r"|(?:again\s+)?(?:confirmed|denied|acknowledged|repeated)\s+(?:it|this|the|his|her|their)\b"
    r"|told\s+(?:him|her|them)\s+(?:the|his|her|their|all|everything|what|how|where|when)\b)"
)
# '...; but they were now necessary, and she assured him with some confusion, of her attachment': a later
# clause of the narration's last sentence reports its subject's speech
_CLAUSE_REPORTS_RE = re.compile(
    rf"[,;]\s*(?:and\s+|but\s+|then\s+)?(?P<subj>{NAME_PATTERN}|\b[Hh]e|\b[Ss]he)\s+" + _REPORTING
)
_REPORTED_RE = re.compile(
    # ('He smiled, and assured her that ...': a gesture first)
    r"(?:(?:bowed|nodded|smiled|laughed|coloured|colored|blushed|paused|hesitated|sighed)(?:\s+\w+ly)?,?\s+and\s+)?"
    + _REPORTING
)
# 'Elizabeth could hardly help smiling, as she assured her that it had not': the subject reports it
# in a clause of the same sentence
# ('She could not deny it, but said it was not very bad': a clause of the same subject)
_REPORTED_AS_RE = re.compile(
    # ('He looked rather distressed as he added, that he had been staying ...')
    r"(?:[^.!?;\n]|\n(?!\s*\n))*?(?:,\s+(?:(?:as|while|and)\s+(?:he|she)|but|and)|\s+as\s+(?:he|she))\s+" + _REPORTING
)
# 'Harriet was very ready to speak of ...', 'she talked of nothing else', 'led Harriet to talk more of ...'
_TALK_WORD_RE = re.compile(
    r"\b(?:talk|talked|speak|spoke)\s+(?:more\s+|much\s+|freely\s+|a\s+great\s+deal\s+)?(?:of|about)\b"
)
_TALKS_OF_RE = re.compile(
    rf"(?:(?P<subj>{NAME_PATTERN}|\b[Hh]e|\b[Ss]he)\s+(?:was\s+(?:very\s+|quite\s+)?ready\s+to\s+|began\s+to\s+"
    r"|went\s+on\s+to\s+|could\s+|would\s+)?(?:talk(?:ed)?|speak|spoke)"
    rf"|\b(?:led|got|set|encouraged|drew)\s+(?P<obj>{NAME_PATTERN}|him|her)\s+(?:on\s+)?to\s+(?:talk|speak))"
    r"\s+(?:more\s+|much\s+|freely\s+|a\s+great\s+deal\s+)?(?:of|about)\b"
)
_INQUIRES_RE = re.compile(
    rf"(?P<subj>{NAME_PATTERN}|[Hh]e|[Ss]he)\b[^.!?;\"\u201c]{{0,160}}?\b(?:began|proceeded|went\s+on|continued)\s+to\s+"
    r"(?:inquire|enquire|ask)\b(?!\s+(?:himself|herself|myself))"
)


def reports_speech(text: str, subj_end: int, b: int) -> bool:
    """Whether the narration after a subject ending at ``subj_end`` (up to ``b``) reports speech ('...
    replied that he had not', 'smiled, and assured her that ...'): a turn without quotes."""
    rest = text[subj_end:b].lstrip()
    return _REPORTED_RE.match(rest) is not None or _REPORTED_AS_RE.match(rest) is not None


_GESTURE_RE = re.compile(r"\b(?:bowed|nodded|shrugged|smiled|curtsied|shook\s+(?:his|her|my)\s+head)\b")
_NARR_PRON_RE = re.compile(r"\b(?:He|She|he|she)\b")
# 'The clergyman explained ...': a definite description as the subject of a narration sentence
_ORDINAL_BEFORE_RE = re.compile(r"\b(?:eldest|elder|youngest|younger|second|third)\s+$")  # 'the eldest Miss Bennet'
# 'I watched the Captain.' (not 'the Captain Nemo')
_NARR_ROLE_RE = re.compile(r"\b[Tt]he\s+([A-Z][a-z]+)\b(?!\s+[A-Z])")
_FORMER_RE = re.compile(r"\b[Tt]he\s+(former|latter)\b")
_THERE_WORD_RE = re.compile(r"\b[Tt]here\s")
_THERE_BEFORE_RE = re.compile(
    r"\b[Tt]here\s+(?:was|were|came|flew|lived|stood|sat|walked|appeared|arrived|rode|ran)\b[^.;:!?\"\u201c]{0,40}?"
    r"\s(?:an?|the)\s+(?:(?!(?:in|of|on|at|with|for|to|from|by)\b)[a-z][a-z-]*\s+){0,2}$"
)
_ARRIVED = "(?:came|appeared|stood|sat|ran|walked|entered|climbed|rode|drove|stepped|crawled|approached|arrived)"
# 'when a soldier came into my garden', 'A boy came running towards me': someone new, the next 'he'
_NARR_A_RE = re.compile(
    rf"\b(?:[Aa]n?\s+(?P<a>(?:[a-z][a-z-]+\s+){{0,2}}[a-z][a-z-]+)|[Oo]ne\s+of\s+the\s+(?P<group>[a-z]+))(?=\s+{_ARRIVED}\b)"
)
_NARR_THE_RE = re.compile(r"\b[Tt]he\s+((?:[a-z][a-z-]+\s+){0,2}[a-z][a-z-]+)")
_SCENE_BREAK_RE = re.compile(r"\s*(?:(?:[*#~\u2042\u2022\u00b7]|-{1,3}|\u2014)\s*){1,12}")


def is_scene_break(text: str) -> bool:
    """Whether a paragraph is a scene break: a line of asterisks, dashes or the like ('* * *', '#')."""
    return _SCENE_BREAK_RE.fullmatch(text) is not None


# 'she mentioned Colonel Fitzwilliam's and Mr. Darcy's having ...', 'inquired after Jane': a name the narration
# says was talked of (not one talked to: 'mentioned it to Darcy')
_TALKED_OF_RE = re.compile(
    r"\b(?:mentioned|mentioning|spoke\s+of|speaking\s+of|talked\s+of|talking\s+of|(?:en|in)quired\s+(?:after|about|for)"
    r"|asked\s+(?:after|about)|alluded\s+to|thought\s+of|thinking\s+of|heard\s+of|hearing\s+of)\s+"
    r"(?:(?:(?!\b(?:to|with|before|by)\b)[^.!?;:,\"\u201c\u201d]){0,40}?\s+)?$"
)


class NarrationCues(Resolver):
    """What the narration between lines says: who left, who was told or asked, who goes on; who it names."""

    def _introductions(self, a: int, b: int) -> list[re.Match[str]]:
        """The 'a soldier came', 'A boy came running' in ``text[a:b]`` (the book read for them once)."""
        scans = self.scans
        if scans.introduced is None:
            scans.introduced = list(_NARR_A_RE.finditer(self.text))
            scans.introduced_at = [m.start() for m in scans.introduced]
        at = scans.introduced_at
        return [m for m in scans.introduced[bisect.bisect_left(at, a) : bisect.bisect_left(at, b)] if m.end() <= b]

    def _new_person(self, name: str, head: str) -> str | None:
        """Someone the narration describes and no one has named yet ('The visitor sat down', 'a soldier came'):
        ``name``, a speaker of their own of the sex ``head`` says; none for no person noun or a relative
        ('the mother' is someone's mother, a character the book has named)."""
        sex = noun_sex(head)
        if sex is None or head in RELATIVE_NOUNS:
            return None
        self.index.add_descriptor(name, sex)
        return name

    def _note_narration(self, a: int, b: int) -> None:
        if b <= a:
            return
        text = self.text
        there = _THERE_WORD_RE.search(text, a, b) is not None  # (the cheap test first, once a stretch)
        for pos, name in self.index.mentions(text, a, b):
            end = self._mention_end(pos)
            if _TALKED_OF_RE.search(text, max(a, pos - 60), pos):
                # ('she mentioned Colonel Fitzwilliam's and Mr. Darcy's having both spent three weeks at
                # Rosings ... He looked surprised': one talked of is not there, and no 'he' after means them)
                continue
            possessive = POSSESSIVE_RE.match(text, end) is not None  # 'On Miss Lucas's ...'
            # ('At these words, Marianne's eyes expressed the astonishment which her lips could not
            # utter. After a pause of wonder, she exclaimed--': her eyes, her face are her, a subject)
            possessive = possessive and _BODY_AFTER_RE.match(text, end) is None
            if text[pos:end].split()[0] in TITLES and not _ORDINAL_BEFORE_RE.search(text, max(a, pos - 10), pos):
                # ('Lady Catherine observed that Miss Bennet seemed out of spirits' at Rosings: Elizabeth,
                # while the cast's Miss Bennet, Jane, is pages away)
                name = self._present_namesake(name, text[pos:end], pos)
            # ('she was met on the stairs by Jane herself, ...--She came forward': the agent of a passive
            # is who acts)
            agent = text[pos - 3 : pos] == "by " and _PASSIVE_BY_RE.search(text, max(a, pos - 60), pos) is not None
            # ('One night there flew over the city a little Swallow. His friends had gone ...': the one 'there'
            # brings in is the subject)
            brought = there and _THERE_BEFORE_RE.search(text, max(a, pos - 60), pos) is not None
            subject = (is_subject_position(text, a, pos) and not possessive) or agent or brought
            self.salience.add(pos, name, subject)
            self.named_at[name] = pos
            if subject and pos > self.gone.get(name, pos):
                del self.gone[name]  # ('Thorpe came back'): here again
        for m in _NAME_WAS_RE.finditer(text, a, b) if _NAME_WORD_RE.search(text, a, b) else ():
            # ('introduced to her a very gentlemanlike young man as a partner; his name was Tilney. He
            # seemed ...': the one named so is the 'he' who follows, not the master of the ceremonies; a
            # surname several share is the one the cast calls 'Mr.' ('Miss') by it)
            title = "Mr." if m.group(1) == "his" else "Miss"
            who = self.index.resolve(m.group(2)) or self.index.resolve(f"{title} {m.group(2)}")
            if who is not None:
                self.salience.add(m.start(2), who, True)
        for m in _NARR_DESC_RE.finditer(text, a, b):
            who, how = self._descriptor(m.group(0), m.start(), frozenset())
            if " of " not in how:
                # 'her son', 'her father': only a relative the cast names (by surname); a guess (the
                # most recent man but her) is no mention, and a wrong one misleads every pronoun after it
                continue
            if who is not None:
                self.salience.add(m.start(), who, is_subject_position(text, a, m.start()))
        for key in [k for k in self.predicated if self._introduces(k, a, b)]:
            del self.predicated[key]  # 'A young man came in': another one now
        for m in _NARR_THE_RE.finditer(text, a, b):
            if is_subject_position(text, a, m.start()):
                toks = m.group(1).lower().split()
                who = self._definite(m.group(1).split())
                if who is None and not (len(toks) > 1 and adjective_title(toks[0], toks[1])):
                    who = self._titled_holder(toks[:1], m.start())
                if who is None:
                    # 'The visitor sat down. He ...': a person the narration describes but no one has named
                    # yet is someone 'he' can mean, and a speaker of its own (never 'the mother', a relative)
                    phrase = descriptor_phrase(m.group(1).split())
                    who = self._new_person(f"the {' '.join(phrase)}", phrase[-1] if phrase else "")
                if who is not None:
                    self.salience.add(m.start(), who, True)
        for m in self._introductions(a, b):
            # ('when a soldier came into my garden. ... "Who's there?" he said'): someone new the next 'he' can
            # mean, and a speaker of their own ('the soldier', or the cast's entry of that name)
            if not is_subject_position(text, a, m.start()):
                continue
            group = m.group("group")
            if group is not None:
                # ('One of the men came running to my brother. "Where is there any water?" he said.')
                name = f"one of the {group}"
                sex = group_sex(group)
                who = self.index.resolve(name)
                if who is None and sex != "unknown":
                    self.index.add_descriptor(name, sex)
                    who = name
                if who is not None:
                    self.salience.add(m.start(), who, True)
                continue
            phrase = descriptor_phrase(m.group("a").split())
            head = phrase[-1] if phrase else ""
            who = self.index.named(f"the {' '.join(phrase)}") or self.index.named(f"the {head}") if head else None
            who = who or self._new_person(f"the {head}", head)
            if who is not None:
                self.salience.add(m.start(), who, True)
        for m in _NARR_ROLE_RE.finditer(text, a, b):
            # ('I watched the Captain. His countenance had resumed its habitual imperturbability. "Gentlemen," he
            # said': the one the cast gives that title, named last, is the 'he' after; not 'went towards the
            # Captain', one approached)
            if m.group(1) in ROLE_TITLES and not PREP_BEFORE_RE.search(text, max(a, m.start() - 12), m.start()):
                who = self.index.resolve(m.group(0)) or self._titled_holder([m.group(1).lower()], m.start())
                if who is not None:
                    self.salience.add(m.start(), who, is_subject_position(text, a, m.start()))
        for m in _FORMER_RE.finditer(text, a, b) if _FORMER_CUE_RE.search(text, a, b) else ():
            who = self._former_latter(m.group(1).lower(), m.start())
            if who is not None:
                self.salience.add(m.start(), who, is_subject_position(text, a, m.start()))
        for m in _NARR_PRON_RE.finditer(text, a, b):
            if is_subject_position(text, a, m.start()):
                who, _ = self.resolve_subject(m.group(0), m.start())
                if who is not None and who != self.narrator \
                        and m.start() - self.named_at.get(who, m.start()) < PRONOUN_REACH:  # (never named: any)
                    self.salience.add(m.start(), who, True)
        if self.first_person:
            for m in re.finditer(r"\bI\b", self.text[a:b]):
                self.salience.add(a + m.start(), self.narrator)
        self.quiet_chars += b - a

    def _lead_in_from(self, a: int, b: int) -> None:
        """Narration ``text[a:b]`` before the next line: reported speech is a turn ('Mr. Bennet replied
        that he had not.'); an action's subject leads into the next line (``lead_in``), or stays
        silent ('Mr. Darcy bowed.', 'made no answer')."""
        beat = beat_subject(self.text, a, b)
        if beat is None:
            self._clause_reports(a, b)
            return
        subj, pos, rest = beat
        mine = self.first_person and subj.lower() in ("i", "my")  # 'I shook my head.'
        known = subj.lower() in ("he", "she", "his", "her") or mine or self.index.resolve(subj)
        # ('"I am sure you have the headache." / She could not deny it, but said it was not very bad.':
        # a pronoun reporting speech after a line is the one that line spoke to, answering)
        answering = _REPORTED_RE.match(rest) is not None or reports_speech(self.text, pos + len(subj), b)
        who = self.resolve_subject(subj, pos, new_turn=answering)[0] if known else None
        if who is None:
            who, subj, rest = self._beat_description(subj, rest)
        # ('rest' for a description subject, 'The girl', whose words the text may space otherwise)
        reported = _REPORTED_RE.match(rest) or reports_speech(self.text, pos + len(subj), b)
        if who is not None and reported and self.turns[-1:] != [who]:
            self._reported_turn(who)
        elif who is not None:
            gesture = b - a < 80 and _GESTURE_RE.search(self.text, a, b) is not None
            self.lead_in = LeadIn(who, gesture or _SILENT_RE.search(self.text, a, b) is not None)
        if not reported:
            self._clause_reports(a, b)

    def _clause_reports(self, a: int, b: int) -> None:
        """A later clause of the narration's last sentence that reports its subject's speech ('How
        earnestly did she then wish ...! ...; but they were now necessary, and she assured him with some
        confusion, of her attachment to Mr. Darcy.'): a turn of theirs, the next line answers it."""
        if not self.turns:
            return
        m = _CLAUSE_REPORTS_RE.search(self.text, last_sentence_start(self.text, a, b), b)
        if m is None:
            return
        who = self.resolve_subject(m.group("subj"), m.start("subj"), new_turn=True)[0]
        if who is not None and who != self.turns[-1] and (who in self.turns[-3:] or who == self.last_addressee):
            self._reported_turn(who)
            self.lead_in = None

    def _reported_turn(self, who: str) -> None:
        """Speech the narration reports is ``who``'s turn: the next line answers them (they are prev1, not
        silent), and one who was addressed has answered ('"It is your turn, Mr. Darcy." He smiled, and
        assured her that ...')."""
        self.turns.append(who)
        if self.last_addressee == who:
            self.last_addressee = self.turns[-2] if len(self.turns) > 1 else None

    def narration_paragraph(self, para: Paragraph) -> None:
        """A paragraph without quotes: a long stretch of narration ends the conversation."""
        self.prev_verse = False
        self.reported_asked = None
        tail = para.text.rstrip()
        # 'and said sternly:' or ':--' (a dash of hyphens) introduces the next paragraph's quote
        ends_open = tail[-1:] in (",", ":", "\u2014") or tail.endswith(("--", ":-")) \
            or _ENDS_WITH_VERB_RE.search(tail, max(0, len(tail) - _LONGEST_VERB - 1)) is not None
        self.intro = (para.start, para.end) if ends_open else None
        self.lead_in = None
        self._gone_away(para.start, para.end)
        if len(para.text) < 400:
            self._lead_in_from(para.start, para.end)
        self._goes_on(para.start, para.end)  # (its last sentence, however long the paragraph)
        self._voice_heard(para.start, para.end)
        self._inquires(para.start, para.end)
        self._bid_go_on(para.start, para.end)
        self._told_to(para.start, para.end)
        if self.lead_in is None and len(para.text) < 400:
            self._stays_silent(para.start, para.end)
        self.prev_para_speaker = None
        self.last_question = None
        if is_scene_break(para.text) or self._party_left(para.start, para.end):
            self.quiet_chars = QUIET_LIMIT + 1  # '* * *', 'Fanny left the room': a new scene, a new conversation
        if self.quiet_chars > QUIET_LIMIT:
            self._new_conversation()
        self._talks_of(para.start, para.end)  # (after: a long paragraph of reported talk starts a conversation)
        self._joins(para.start, para.end)
        if len(para.text) < 600:
            self._reported_question(para.start, para.end)

    def _party_left(self, a: int, b: int, record: bool = False) -> bool:
        """Whether the narration ``text[a:b]`` says one of the last two speakers left ('Fanny left the
        room with a very sorrowful heart'): the conversation is over (whom she meets next is another).
        ``record``: narration before a line in its own paragraph, where the scene stays; whoever left is
        ``gone`` from it ('he was just then borne off by ... passing ladies. Her partner now drew near')."""
        if not self.turns or _LEFT_VERB_RE.search(self.text, a, b) is None:
            return False  # (the cheap test first: most narration says no one left)
        over = False
        for m in _LEFT_RE.finditer(self.text, a, b):
            who, _ = self.resolve_subject(m.group("subj"), m.start("subj"))
            if record and who is not None and who != self.narrator:
                self.gone[who] = m.end()  # (no one's speaker till the narration brings them back)
            over = over or (who is not None and who in self.turns[-2:])
        return over

    def _gone_away(self, a: int, b: int) -> None:
        """Record as ``gone`` the people the narration ``text[a:b]`` says are away ('while Mrs. Collins and
        Maria were gone on business into the village'), or leaves out of a scene it says one or two are alone
        in ('Elizabeth was sitting by herself'; not those it brings in after: 'Mr. Darcy ... entered the room')."""
        text, sal = self.text, self.salience
        if text.find("alone", a, b) >= 0 or text.find(" by h", a, b) >= 0:
            left: dict[str, int] = {}
            for m in _ALONE_RE.finditer(text, a, b):
                alone = frozenset(name for _pos, name in self.index.mentions(text, m.start("names"), m.end("names")))
                if alone:
                    left.update((name, m.end()) for name in sal.recent(m.start(), None, self.index, alone, limit=8))
            # (this paragraph's names were noted before: a subject after the sentence is one who came in)
            for i in range(bisect.bisect_left(sal.positions, a), bisect.bisect_left(sal.positions, b)):
                if sal.subjects[i] and sal.positions[i] > left.get(sal.names[i], b):
                    del left[sal.names[i]]
            self.gone.update((name, at) for name, at in left.items() if name != self.narrator)
        if text.find(" gone", a, b) >= 0 or text.find(" left", a, b) >= 0:
            for m in _GONE_RE.finditer(text, a, b):
                for _pos, name in self.index.mentions(text, m.start("names"), m.end("names")):
                    if name != self.narrator:
                        self.gone[name] = m.end()

    def _last_sentence_says(self, pattern: re.Pattern[str], a: int, b: int) -> tuple[str, int] | None:
        """Who the last sentence of narration ``text[a:b]`` is about when ``pattern`` matches at its
        start (its ``subj`` group resolved), and where that subject stands; else None."""
        m = pattern.match(self.text, last_sentence_start(self.text, a, b), b)
        who = self.resolve_subject(m.group("subj"), m.start("subj"))[0] if m is not None else None
        return (who, m.start("subj")) if who is not None and m is not None else None

    def _goes_on(self, a: int, b: int) -> None:
        """'... turned silently away. Mrs. Bennet, who fancied she had gained a complete victory over
        him, continued her triumph.': the one the narration's last sentence says goes on speaks next."""
        found = self._last_sentence_says(_GOES_ON_RE, a, b)
        if found is None and any(w in self.text[max(a, b - 16) : b] for w in ("continued", "went on")):
            m = _GOES_ON_END_RE.search(self.text, last_sentence_start(self.text, a, b), b)
            who = self.resolve_subject(m.group("subj"), m.start("subj"))[0] if m is not None else None
            found = (who, m.start("subj")) if who is not None and m is not None else None
        if found is not None:
            who, at = found
            self.lead_in = LeadIn(who, False, " ".join(self.text[at:b].split())[:60])

    def _stays_silent(self, a: int, b: int) -> None:
        """'In spite of herself, she could not help half a smile, but she said nothing.': the one the
        last sentence says kept silent does not speak next (a clause past the sentence's opening)."""
        if not any(self.text.find(w, a, b) >= 0 for w in ("nothing", "silent", "made no", "not ")):
            return  # (the cheap test first)
        start = last_sentence_start(self.text, a, b)
        m = _SILENT_SUBJECT_RE.search(self.text, start, b)
        if m is not None:
            who, _ = self.resolve_subject(m.group("subj"), m.start("subj"))
            if who is not None:
                self.lead_in = LeadIn(who, True)

    def _told_to(self, a: int, b: int) -> None:
        """'As soon as she met with Edmund she told him her distress.', 'she began speaking again to Mr.
        John Knightley.': who tells (turns to) whom, so that the one told is the one her next line
        addresses (and who answers it)."""
        self.told = None
        told, to = self.text.find("told", a, b) >= 0, _TO_WORD_RE.search(self.text, max(a, b - 120), b) is not None
        if not (told or to):
            return  # (the cheap test first)
        start = last_sentence_start(self.text, a, b)
        m = _TOLD_RE.search(self.text, start, b) if told else None
        if m is None and to:
            # ('Miss Woodhouse made the proper acquiescence; and ..., turned to Frank Churchill.': whoever
            # speaks next, when no subject says who turned)
            m = _TURNED_TO_RE.match(self.text, start, b)  # (a subject only at the clause's start)
        if m is None:
            return
        teller = self.resolve_subject(m.group("subj"), m.start("subj"))[0] if m.group("subj") else None
        if teller is None and m.re is _TOLD_RE:
            return
        listener, _ = self.resolve_subject(
            subject_words(m.group("obj")), m.start("obj"), frozenset([teller] if teller else [])
        )
        if listener is not None and listener != teller:
            self.told = (teller, listener)

    def _bid_go_on(self, a: int, b: int) -> None:
        """'I thanked Wemmick again and again, and begged him to proceed.': the one the narration's last
        sentence asks to go on (explain, tell) speaks next."""
        if not any(self.text.find(w, a, b) >= 0 for w in _GO_ON_WORDS):
            return  # (the cheap test first)
        start = last_sentence_start(self.text, a, b)
        m = _BID_GO_ON_RE.search(self.text, start, b)
        if m is None:
            return
        asker, _ = self.resolve_subject(m.group("subj"), m.start("subj")) if m.group("subj") else (None, "")
        mine = frozenset([self.narrator]) if self.first_person else frozenset()
        who, _ = self.resolve_subject(
            subject_words(m.group("obj")), m.start("obj"), frozenset([asker]) if asker else mine
        )
        if who is not None and who != asker:
            self.lead_in = LeadIn(who, False, " ".join(self.text[m.start("verb") : b].split())[:60])

    def _voice_heard(self, a: int, b: int) -> None:
        """'He went out of the room. ... He heard Henrietta Watkin's voice.': the one whose voice the
        narration's last sentence hears speaks next."""
        if self.text.find("heard", a, b) < 0:
            return  # (the cheap test first)
        start = last_sentence_start(self.text, a, b)
        m = _VOICE_HEARD_RE.search(self.text, start, b)
        if m is None:
            return
        group = "subj" if m.group("subj") else "obj"
        who, _ = self.resolve_subject(subject_words(m.group(group)), m.start(group))
        if who is not None:
            self.lead_in = LeadIn(who, False, " ".join(self.text[m.start():b].split())[:60])

    def _reported_question(self, a: int, b: int) -> None:
        """'he asked Elizabeth in a low voice whether ...': a question reported in the narration before
        a line is a turn of the one asking, and the one asked answers next."""
        if _ASKED_VERB_RE.search(self.text, a, b) is None:
            return  # (the cheap test first: most narration reports no question)
        found = list(_ASKED_RE.finditer(self.text, a, b))
        if not found:
            # 'Elizabeth, as she embraced her, lost not a moment in asking whether any thing had been
            # heard': the one asking the sentence opens with takes a turn (whoever is asked answers)
            asking = self._last_sentence_says(_ASKING_RE, a, b)
            if asking is not None:
                self._narrated_turn(asking[0])
            return
        m = found[-1]  # the last one reported leads into the line
        if m.group("pobj"):
            asker, _ = self.resolve_subject(m.group("psubj"), m.start("psubj"))
            him = "he" if m.group("pobj") == "him" else "she"
            asked = self.resolve_subject(him, m.start("pobj"), frozenset([asker]) if asker else frozenset())[0]
        else:
            asker, _ = self.resolve_subject(m.group("subj"), m.start("subj"))
            asked = next((name for _pos, name in self.index.mentions(self.text, m.start("obj"), m.end("obj"))), None)
        if asker is None or asked is None or asker == asked:
            return
        self._narrated_turn(asker)
        self.last_addressee = asked
        self.reported_asked = asked

    def _inquires(self, a: int, b: int) -> None:
        """'Miss Tilney, at Catherine's invitation, now read the letter likewise, and, having expressed
        also her concern and surprise, began to inquire into Miss Thorpe's connections': her questions are
        a turn (the answer after them is the other's, and her next question hers)."""
        if _TO_INQUIRE_RE.search(self.text, a, b) is None:
            return  # (the cheap test first)
        m = _INQUIRES_RE.match(self.text, last_sentence_start(self.text, a, b), b)
        if m is None:
            return
        who, _ = self.resolve_subject(m.group("subj"), m.start("subj"))
        if who is not None:
            self._narrated_turn(who)

    def _talks_of(self, a: int, b: int) -> None:
        """'she particularly led Harriet to talk more of Mr. Martin ... Harriet was very ready to speak of the
        share he had had in their moonlight walks': the one the narration says talked is a turn of the
        conversation (after Emma's '"Well done, Mrs. Martin!" thought Emma', the line is Harriet's, not Mrs.
        Martin's), and the line right after is likely theirs still."""
        if _TALK_WORD_RE.search(self.text, a, b) is None:
            return  # (the cheap test first)
        found = list(_TALKS_OF_RE.finditer(self.text, a, b))
        if not found:
            return
        m = found[-1]  # (the last the paragraph reports)
        words_ = m.group("subj") or m.group("obj")
        who, _ = self.resolve_subject(words_, m.start("subj") if m.group("subj") else m.start("obj"))
        if who is not None and who != self.narrator:
            self._narrated_turn(who)
            if self.lead_in is None:
                # ('He talked of sales of clothing, his travels, Chicago ... / "If you are going there, ..."':
                # the talk goes on in quotes as often as it is answered)
                self.lead_in = LeadIn(who, False)

    def _narrated_turn(self, who: str) -> None:
        """A turn the narration reports, not quotes ('began to inquire into', 'lost not a moment in
        asking whether'): ``who`` spoke (once, if they spoke last too), to no one known."""
        if self.turns[-1:] != [who]:
            self.turns.append(who)
            self.last_addressee = None

    def _joins(self, a: int, b: int) -> None:
        """Narration saying the scene is now with someone ('when next alone with Eleanor', 'she went away
        to join Marianne'): a new conversation, with them in it."""
        text = self.text
        if _JOINS_CUE_RE.search(text, a, b) is None:  # (the cheap test first)
            return
        m = _ALONE_WITH_RE.search(text, a, b)
        if m is not None:
            self._new_conversation()
            who = self.index.resolve(m.group("name"))
            if who is not None:
                self.turns = [who]
        for m in _BY_THEMSELVES_RE.finditer(text, a, b):
            # ('In the afternoon, the two elder Miss Bennets were able to be for half an hour by themselves; and
            # Elizabeth ... which Jane was equally eager to satisfy.': the talk that follows is theirs, the
            # two its sentence names, not the one before with Mary)
            start, end = last_sentence_start(text, a, m.start()), first_sentence(text, m.end(), b)
            while end < b and text[end - 1] == ";":  # (the whole sentence: '...by themselves; and Elizabeth ...')
                end = first_sentence(text, end, b)
            named = list(dict.fromkeys(who for _, who in self.index.mentions(text, start, end)))
            # (not 'Henry and Eleanor were by themselves in the breakfast-room; ... Catherine took her place')
            if len(named) == 2 and all(who in named for _, who in self.index.mentions(text, end, b)):
                self._new_conversation()
                self.turns = named[::-1]

    def _new_conversation(self) -> None:
        """Forget the conversation so far: who spoke, who was addressed."""
        self.turns = []
        self.last_addressee = None
        self.name_asked = False
        self.since_certain = HORIZON

    def new_chapter(self) -> None:
        self._new_conversation()
        self.gone = {}
        self.last_question = None
        self.prev_para_speaker = None
        self.quiet_chars = 0
        self.intro = None
        self.lead_in = None
