"""Speech tags and action beats in the narration around a quote, read without knowing who anyone is.

``tag_after`` ('said Elizabeth', 'returned she', 'She growled out') and ``tag_before`` ('Mrs. Bennet
said only,', 'accosted by Miss Bingley,') find a tag's subject words, verb and offset; ``beat_subject``
the subject of an action beat ('Her nails dug ...'); ``descriptor_phrase`` the noun phrase of a
described speaker ('old man with the basket' -> old man); ``first_sentence`` and
``last_sentence_start`` bound the sentences they look in. Resolving the words to a character is the
``Attributor``'s job (``attribution``); this module only parses. The upper-case patterns and word
lists are shared with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..speech.spoken_numbers import words
from .characters import NOT_NAMES, TITLE_ALT, TITLES
from .person_nouns import RELATIVE_NOUNS

WEAK = words(
    "sighed coughed sobbed laughed smiled choked gasped groaned moaned breathed grinned chuckled giggled "
    "sniffed sniffled snorted panted wept trembled"
)
STRONG = words(
    "said says asked asks replied replies returned answered answers cried cries exclaimed exclaims added "
    "adds continued continues remarked observed whispered whispers shouted muttered murmured growled "
    "shrieked screamed echoed called repeated interrupted rejoined resumed retorted declared inquired "
    "enquired demanded protested urged pleaded begged stammered stuttered snapped hissed yelled bellowed "
    "roared grumbled wailed insisted suggested explained agreed admitted confessed persisted concluded "
    "ventured faltered sneered scoffed teased mused wondered recited ordered commanded warned announced "
    "promised pursued proceeded spoke thought responded cautioned corrected mumbled whimpered blurted "
    "drawled sang chimed grunted croaked squeaked piped went\\s+on began begins told addressed "
    "cooed purred barked bawled howled screeched squealed stormed thundered lamented reasoned argued objected "
    "twittered chirped chirruped chattered warbled trilled quacked hooted bleated squawked "
    "affirmed assented consented conceded acknowledged reflected counted read called\\s+out spoke\\s+up "
    "advised counselled counseled queried questioned commented remonstrated expostulated prompted hazarded "
    "jeered mocked admonished reproached soothed quavered snarled rasped interposed interjected volunteered "
    "assured reminded complained whined joked ejaculated uttered stated entreated implored besought "
    "put\\s+in broke\\s+in struck\\s+in chimed\\s+in cut\\s+in burst\\s+out wound\\s+up summed\\s+up"
)
PARTICIPLES = words(
    "say ask cry reply exclaim whisper shout mutter answer saying crying asking muttering whispering "
    "exclaiming adding replying calling shouting murmuring "
    "continuing thinking answering repeating screaming sobbing sighing laughing going\\s+on"
)
WEAK_VERBS = frozenset(WEAK)
STRONG_VERBS = frozenset(STRONG)
_VERB_ALT = "|".join(sorted(STRONG + WEAK, key=len, reverse=True))
INTRO_VERB_ALT = "|".join(sorted(STRONG + WEAK + PARTICIPLES, key=len, reverse=True))
_CAPWORD = r"[A-Z][\w'\u2019]*(?:-[\w'\u2019]+)*"  # ('replied Emma--quite confirmed': no dash)
NAME_PATTERN = rf"(?:(?:{TITLE_ALT})\s+)?{_CAPWORD}(?:\s+(?:{TITLE_ALT}|{_CAPWORD})){{0,2}}"
_PRON = r"(?:[Hh]e|[Ss]he|I|[Tt]hey|[Ii]t|[Ww]e)"
_DET = (
    r"(?:[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Tt]he|[Aa]n?|[Aa]nother|[Oo]ur|[Ii]ts|[Yy]our|[Pp]oor|[Ll]ittle|[Oo]ld|[Yy]oung"
    r"|(?:[Oo]ne|[Aa]nother)\s+of\s+(?:the|his|her|their|our|those))"  # 'said one of the jurymen': one of a group
)
_NOT_PRON = r"(?!(?:he|she|I|they|we|it)\b)"  # 'ladling out my stirabout he said': the pronoun speaks
# 'said that gentleman', 'drawled this newcomer': a person pointed back (or on) to; 'said another,'
DEMO_NOUNS = (
    "gentleman|lady|man|woman|fellow|person|individual|worthy|personage|youth|girl|boy|lad|lass|child|"
    "newcomer|new-comer|stranger|visitor|intruder|speaker|officer|soldier|sailor|traveller|traveler"
)
_DEMO = rf"(?:[Tt]his|[Tt]hat)\s+(?:(?:old|young|good|poor|little|worthy|excellent|same)\s+)?(?:{DEMO_NOUNS})\b"
_ANOTHER = r"(?:[Aa]nother|[Aa]\s+third|[Aa]\s+fourth)(?=\s*(?:[,.;:!?\u2014]|--|$))"
_SOMEONE = r"(?:[Ss]ome\s+one|[Ss]omeone|[Ss]omebody)\b"  # ('"He's fallen in the pit!" cried some one.')
# ('"Can you, ma'am?" said almost every body.', 'cried they all'): several at once (not 'they both cried': one
# of the two, as the pronoun finds)
GROUP_SUBJECT = (
    r"(?:(?:[Aa]lmost|[Nn]early)\s+)?(?:[Ee]very\s*body|[Ee]very\s+one|[Ee]veryone|[Tt]hey\s+all|[Aa]ll\s+of\s+them)\b"
)
# 'cracked his fingers and Father Arnall ... said': not one phrase; 'said the stranger to Mr. Wopsle':
# the one spoken to is not part of the speaker's description
_NOT_AND = r"(?!(?:and|or|but|nor|to|at|with|when|while|as)\b)"
# ('In a doleful voice Mrs. Bennet thus began': a title starts a name, it ends no description)
_NOT_TITLE = rf"(?!(?:{TITLE_ALT})(?![\w'\u2019-]))"
# ('but he prevented her by saying,': an object pronoun before a preposition is no description's determiner)
_NOT_PREP = r"(?!(?:by|at|with|from|for|in|into|upon|on|as|than)(?![\w'\u2019-]))"
_DESC = rf"{_DET}\s+{_NOT_PRON}{_NOT_PREP}[\w'\u2019-]+(?:\s+{_NOT_PRON}{_NOT_AND}{_NOT_TITLE}[\w'\u2019-]+){{0,2}}"
# 'said Mr. Pett's son', 'exclaimed my brother's wife': a relative named through another person
_POSS = (
    rf"(?:{NAME_PATTERN}|{_DET}\s+[a-z][\w-]*)['\u2019]s\s+(?:(?:new|old|young|little|elder|younger)\s+)?[a-z][\w-]+"
)
ADVERB_PATTERN = r"(?:\w+ly|again|then|now|only|still|thus|at\s+once|at\s+last|aloud|too|presently|once\s+more|also)"
_PARTICLE = r"(?:\s+(?:out|up|back|again|aloud|forth|on|\w+ly))?"
# capitalised words that open a sentence before its subject ('Finally Tom said:'), never a name's first word
_OPENERS = (
    "But|And|Then|So|Yet|Now|Still|Soon|Again|Here|There|Thereupon|Whereupon|Meanwhile|Afterwards|Indeed|"
    "Perhaps|Finally|Presently|Suddenly|Immediately|Instantly|Accordingly|Eventually|Lastly|Slowly|Quickly|"
    "Gently|Quietly|Softly|Simply|Naturally|Certainly|Evidently|Unfortunately|Fortunately|Gravely|Calmly"
)
_LEAD = r"[\s,;:\u2014\u2013_*()-]*"
# ('Catherine found Mrs. Allen just returned from all the busy idleness of the morning': she came back)
_MOTION_AFTER = r"(?!(?<=returned)\s+(?:from|home|into|back|to\s+(?:the|town|Bath|London))\b)"
VERB_FIRST_RE = re.compile(
    rf"{_LEAD}(?:{ADVERB_PATTERN}\s+)?(?P<verb>{_VERB_ALT}){_PARTICLE}\s+(?P<subj>{GROUP_SUBJECT}|{_PRON}\b|{_DEMO}|{_ANOTHER}|{_SOMEONE}|{_POSS}|{NAME_PATTERN}|{_DESC})"
)
# ('I answered that it was May' after a quote reports another speech: no tag of the quote)
SUBJ_FIRST_RE = re.compile(
    rf"{_LEAD}(?:(?:[Aa]nd|[Bb]ut|[Tt]hen|[Ss]o|{_OPENERS}),?\s+)?(?P<subj>{GROUP_SUBJECT}|{_PRON}|{_SOMEONE}|{_POSS}|{NAME_PATTERN}|{_DESC}?)"
    rf"\s+(?:{ADVERB_PATTERN}\s+){{0,2}}(?P<verb>{_VERB_ALT})\b{_MOTION_AFTER}(?!\s+that\s+(?:it|he|she|I|they|we|you|there|the|a|an|his|her|my|[A-Z])\b)"
    # ('Charlotte assured her friend of her satisfaction', 'told him that ...': reported, no tag)
    r"(?!\s+(?:him|her|them|me|us|(?:his|her|their|my|our)\s+\w+)\s+(?:of|that|about|whether)\b)"
    # ('"It has been your own doing entirely?" Catherine said nothing.': she did not say it)
    r"(?!\s+(?:nothing|not\s+a\s+word|no\s+more|never\s+a\s+word)\b)"
)
# ('Next morning Stubb accosted Flask.', 'The next day, Elinor ...', 'At length Mrs. Bennet ...': when, then who)
_WHEN_OPENER = (
    r"(?:(?:[Tt]he\s+)?(?:[Nn]ext|[Ff]ollowing|[Ss]ame)|[Tt]hat|[Tt]his|[Ii]n\s+the|[Oo]ne|[Ee]arly\s+(?:the\s+)?next)"
    r"\s+(?:morning|day|evening|night|afternoon)|[Aa]t\s+(?:length|last|dinner|breakfast|tea)"
)
BEAT_RE = re.compile(
    rf"{_LEAD}(?:(?:[Aa]nd|[Bb]ut|[Tt]hen|[Ss]o|[Nn]ow|{_OPENERS}|{_WHEN_OPENER}),?\s+)?(?P<subj>{_PRON}|[Hh]is|[Hh]er|[Mm]y|{NAME_PATTERN})\s+"
    rf"(?P<rest>[a-z][\w\s'-]{{0,40}})"
)
_PASSIVE_RE = re.compile(
    r"\b(?P<verb>addressed|accosted|interrupted|asked|answered|questioned|hailed|greeted|saluted|told|called)"
    rf"\s+(?:\w+\s+)?by\s+(?P<subj>{NAME_PATTERN}|{_DESC})[\s,:;\u2014-]*$"
)
# 'by Mrs. Grant's saying,', 'by his turning to her the next moment, and saying,', 'upon hearing her say,':
# a possessive before a gerund, or the one heard, says the quote
_SAYING_OF_RE = re.compile(
    # ('by Captain Nemo reciting these lines from Virgil:': a name without its 's too)
    rf"\b(?:(?:by|upon|on|with|at)\s+(?P<poss>{NAME_PATTERN}(?:['\u2019]s)?|[Hh]is|[Hh]er)\s+"
    r"(?:[a-z]+ing\b[^.!?;\"\u201c]{0,80}?,?\s+and\s+)?(?P<gerund>saying|asking|adding|exclaiming|crying|replying"
    r"|reciting|repeating|whispering|observing|remarking)(?:\s+(?:these|the\s+following)\s+(?:lines|words)"
    r"(?:\s+from\s+[A-Z]\w+)?)?"
    # ('and Emma heard her saying in the same half-whisper to Jane,': the one heard speaks)
    r"|\b(?:hearing|heard|hear)\s+(?P<heard>him|her|" + NAME_PATTERN + r")\s+"
    r"(?P<inf>(?:say|exclaim|cry|ask|add|reply|whisper)(?:ing)?|adding|replying|crying))"
    # ('saying, as she stepped from the carriage,', 'saying with authority,', 'in the same half-whisper to Jane')
    r"(?:\s+\w+ly|\s+(?:with|in)\s+(?:a\s+|an\s+|the\s+(?:same\s+)?)?[a-z-]+(?:\s+[a-z-]+)?)?"
    r"(?:\s+to\s+(?:him|her|me|" + NAME_PATTERN + r"))?"
    # ('heard Elinor say, and with a voice which shewed her to feel what she said,')
    r"(?:,\s+(?:as|while|when|and\s+(?:with|in))\s+[^.!?;\"\u201c]{1,80}?)?"
    r"[\s,:;\u2014-]*$"
)
# 'In vain was her "..."' (not 'he thought her "less thin"': an object)
_OWNED_QUOTE_RE = re.compile(rf"\b(?:was|were|came)\s+(?P<subj>his|her|{NAME_PATTERN}['\u2019]s)\s*$")
_SAYING_WORD_RE = re.compile(r"ing\b|\bhear")  # (the cheap test first: a gerund or 'hear' in reach)
_SAYING_REACH = 320  # characters before a quote that a possessive and its 'saying' can take
_OBJECT_PRONOUNS = {"him": "he", "her": "she", "his": "he", "their": "they", "Him": "he", "Her": "she", "His": "he"}


def subject_words(word: str) -> str:
    """The words for ``resolve_subject`` of an object or possessive found around a quote ('her' -> 'she',
    'his' -> 'he', "Mrs. Grant's" -> 'Mrs. Grant')."""
    return _OBJECT_PRONOUNS.get(word) or word.removesuffix("'s").removesuffix("\u2019s")


# a sentence that ends with its speech verb introduces the quote after it ('he thus explained.')
_STRONG_ALT = "|".join(sorted(STRONG, key=len, reverse=True))
_ENDS_SPEAKING_RE = re.compile(rf"(?<!\bto )\b(?:{_STRONG_ALT})(?:\s+(?:thus|as\s+follows|\w+ly))?\s*\.\s*$")
_FROM_RE = re.compile(rf"{_LEAD}from\s+(?P<subj>(?:the\s+)?{NAME_PATTERN})")
_ANSWER_NOUN_RE = re.compile(
    # ('was her ladyship's contented answer')
    # ('in a tone of the greatest amazement, was his only reply')
    rf"{_LEAD}(?:[a-z][^.!?;\"\u201c\u201d]{{0,60}}?,\s*)?(?:was|came)\s+(?:all\s+)?"
    rf"(?P<subj>(?:his|her)\s+(?:ladyship|lordship)['\u2019]s|his|her|their|{NAME_PATTERN}['\u2019]s)"
    # ('"... than write," was his next observation')
    r"\s+(?:[a-z]+\s+)?(?:answer|reply|response|rejoinder|retort|observation|remark|exclamation|question|"
    # ('"We shall do better another evening I hope," was Mr. Allen's consolation.')
    r"consolation|comfort|advice|greeting|salutation|apology|excuse|compliment|explanation|comment|assurance|"
    r"reproach|entreaty|cry)\b"
)
# ('"How well your brother dances!" was an artless exclamation of Catherine's')
_NOUN_OF_RE = re.compile(
    rf"{_LEAD}(?:was|came)\s+(?:an?|the)\s+(?:[a-z]+\s+)?(?:answer|reply|response|rejoinder|retort|exclamation|"
    rf"observation|remark|question|speech)\s+of\s+(?P<subj>{NAME_PATTERN})['\u2019]s\b"
)
# ('"There she blows!" was now the mast-head cry': the mast-head's; '"Envy Mrs. Rushworth!" was all that
# Fanny attempted to say')
_CRY_OF_RE = re.compile(
    rf"{_LEAD}(?:was|came)\s+(?:now\s+|then\s+|again\s+)?(?:the\s+(?!(?:general|common|universal|same|usual|only|"
    r"first|last|next|great|loud|whole|old|new|war|battle|one)\b)(?P<desc>[a-z][\w-]*(?<!ing))\s+(?:cry|shout|hail|call)\b"
    rf"|all\s+(?:that\s+)?(?P<subj>{NAME_PATTERN}|he|she)\s+(?:\w+\s+){{0,2}}(?:to\s+)?(?:say|said|answer|reply)\b)"
)
_RELATIVE_CLAUSE_RE = re.compile(r",\s*(?:who|whom|whose|which)\b[^,;:.!?]*,")
INTRO_VERB_RE = re.compile(rf"\b(?P<verb>{INTRO_VERB_ALT})\b{_MOTION_AFTER}")
_INTRO_SUBJ_RE = re.compile(
    # (not 'But Elizabeth'; not 'Her' of 'Her partner now drew near, and said,': a determiner)
    rf"(?P<subj>\b{_PRON}\b|{_POSS}|(?!(?:{_OPENERS}),?\s)(?!(?:Her|His|Their)\s+[a-z]){NAME_PATTERN}|\b{_DESC})"
)
SENT_END_RE = re.compile(r"[.!?;](?=[\s\"'\u201d\u2019)_]|--|\u2014|$)")
_ABBREV_RE = re.compile(rf"\b(?:{TITLE_ALT})\.?$")
PREPOSITIONS = frozenset(words(
    "on in at to from with by of into upon under over near behind beside toward towards about through across "
    "along past against among between for after before without within around beneath below above than like"
))


# Parsing asks about the same stretch of a book many times (a tag's rule, the model's candidates, the
# narration cues): the pure lookups below remember their answers ((text, a, b) as the key; a str's hash is
# computed once, and the same text object compares by identity)
_MEMO = 8192


def forget() -> None:
    """Clear the remembered lookups: each parse starts afresh (and a benchmark's repeated parses of one
    book time the work, not the memory of the last run)."""
    for memo in (last_sentence_start, tag_after, tag_before, beat_subject):
        memo.cache_clear()


@dataclass(frozen=True)
class Tag:
    """A speech tag or beat found next to a quote: the subject words and the verb, where they sit."""

    subject: str
    verb: str
    pos: int  # offset of the subject in the book text
    strong: bool  # a real speech verb (not a beat, not a weak verb like 'sighed')
    intro: bool = False  # found before the quote ('Mrs. Bennet said only,') rather than after it


def title_dot(text: str, a: int, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends a title ('Mr.', 'Mrs.'), not a sentence (``a``: how far back
    to look)."""
    return _ABBREV_RE.search(text, max(a, dot - 12), dot + 1) is not None


def first_sentence(text: str, a: int, b: int) -> int:
    """End offset of the first sentence in ``text[a:b]`` (titles like 'Mr.' do not end one)."""
    for m in SENT_END_RE.finditer(text, a, b):
        if m.group(0) == "." and title_dot(text, a, m.start()):
            continue
        return m.start() + 1
    return b


@lru_cache(maxsize=_MEMO)
def last_sentence_start(text: str, a: int, b: int, semicolons: bool = True) -> int:
    """Start offset of the last sentence in ``text[a:b]`` (ignoring a final terminator); ``semicolons=False``:
    the whole sentence, not its last clause after a ';' ('Mrs. Norris was often observing ...; and at length she
    could not but own it ...')."""
    end = b
    while end > a and (text[end - 1].isspace() or text[end - 1] in ",:;\u2014-"):
        end -= 1
    start = a
    for m in SENT_END_RE.finditer(text, a, end):
        if m.start() + 1 >= end:
            break
        if (m.group(0) == "." and title_dot(text, a, m.start())) or (m.group(0) == ";" and not semicolons):
            continue
        start = m.start() + 1
    while start < end and (text[start].isspace() or text[start] in "-\u2014"):
        start += 1  # the sentence starts at its first word (a subject there is at a clause start)
    return start


_WHO_CLAUSE_RE = re.compile(
    rf"(?:\b(?:{_OPENERS}),?\s+)?(?P<subj>(?!(?:{_OPENERS}),?\s){NAME_PATTERN})"
    # ('She opened the door, and met Maria in the landing place, who, breathless with agitation, cried out,':
    # a place between the name and 'who' is no one's)
    r"(?:\s+(?:in|on|at|by|near)\s+the\s+[a-z]+(?:\s+[a-z]+)?)?,\s+who\b"
)
# a new clause after a relative one: a conjunction and, a few words on, a subject of its own ('..., and on
# perceiving whom, she said', 'when she instantly drew back, and said'); none, and the verb is the relative
# clause's subject's ('Julia, who, hot and out of breath, and with a look of disappointment, cried'; 'the
# Lory, who at last turned sulky, and would only say')
_JOIN_WORD_RE = re.compile(r"\b(?:and|but|then|while|when)\b|[;:]")  # (the cheap test first)
# ('She met Lydia, who was crying, and said,': a verb right after ', and' goes with the main clause)
_AND_VERB_RE = re.compile(r",\s+and\s+$")
_CLAUSE_JOIN_RE = re.compile(
    # (a name followed by its verb: 'eyeing Dr. Grant and Edmund, now observed' joins two objects)
    rf"(?:{_JOIN_WORD_RE.pattern})[^.!?;:]{{0,40}}?(?:\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)\b|{NAME_PATTERN}(?=\s+[a-z]))"
)
# '; and then added,', '; and then rising up, said to Elizabeth,'
_COORDINATED_RE = re.compile(
    rf"(?:and|but)\s+(?:(?:then|{ADVERB_PATTERN})\s+)?(?:\w+ing\b[^,;.!?]{{0,30}},\s*)?(?:{INTRO_VERB_ALT})\b"
)


_REPLIED_BY_RE = re.compile(r"\s+by\s+\w+ing\b")
# ('"... Miss Tilney may still call." Mrs. Allen agreed to it.', '"Nobody's, that I know of." Thorpe then said
# something in the loud, incoherent way ...': one who answers a finished line, not its speaker (a beat too)
ANSWERS_LINE = r"(?:(?:agreed|assented|consented)\s+(?:to|with)|said\s+something)\b"
_ANSWERS_LINE_RE = re.compile(ANSWERS_LINE)


@lru_cache(maxsize=_MEMO)
def tag_after(text: str, a: int, b: int) -> Tag | None:
    """A speech tag right after a quote: 'said Elizabeth', 'returned she', 'She growled out'."""
    end = first_sentence(text, a, b)
    chunk = text[a:end]
    for regex in (VERB_FIRST_RE, SUBJ_FIRST_RE):
        m = regex.match(chunk)
        if m and m.group("subj"):
            if regex is SUBJ_FIRST_RE and (
                _REPLIED_BY_RE.match(chunk, m.end("verb")) or _ANSWERS_LINE_RE.match(chunk, m.start("verb"))
            ) and text[max(0, a - 3) : a].rstrip("\"'\u201d\u2019 \n")[-1:] in (".", "!", "?"):
                # ('"... who saw your face." He replied by asking her to make room for him': his answer
                # is the asking; the line before, ended, is the other's)
                return None
            verb = " ".join(m.group("verb").split())
            return Tag(m.group("subj"), verb, a + m.start("subj"), verb not in WEAK_VERBS)
    m = _FROM_RE.match(chunk)  # '"Hjckrrh!" from the Gryphon'
    if m:
        return Tag(m.group("subj"), "from", a + m.start("subj"), True)
    m = _ANSWER_NOUN_RE.match(chunk) or _NOUN_OF_RE.match(chunk)  # '"Not at all," was her answer'
    if m:
        return Tag(subject_words(m.group("subj")), "answered", a + m.start("subj"), True)
    m = _CRY_OF_RE.match(chunk)
    if m:
        group = "desc" if m.group("desc") else "subj"
        subject = f"the {m.group('desc')}" if group == "desc" else m.group("subj")
        return Tag(subject, "cried" if group == "desc" else "said", a + m.start(group), True)
    return None


@lru_cache(maxsize=_MEMO)
def tag_before(text: str, a: int, b: int) -> Tag | None:
    """A speech tag introducing a quote: 'Mrs. Bennet said only,', 'So she began:', 'accosted by Miss Bingley,'."""
    start = last_sentence_start(text, a, b)
    cm = _COORDINATED_RE.match(text, start, b) if text[a:start].rstrip().endswith(";") else None
    # (its verb the last: not '; and urged by a strong impulse ..., she moved ..., said in a low voice,')
    coordinated = cm is not None and INTRO_VERB_RE.search(text, cm.end(), b) is None
    if coordinated:
        # 'Mrs. Bennet assured her that they never sat there after dinner; and then added,': the
        # verb after ';' shares the subject of the clause before (its first, main one)
        start = last_sentence_start(text, a, text.rindex(";", a, start))
    chunk = text[start:b]
    if chunk.rstrip()[-1:] in (".", "!", "?") and _ENDS_SPEAKING_RE.search(chunk) is None:
        # 'my mother ... began to cry.': a sentence of its own, not the quote's tag (but 'he thus
        # explained.' is one)
        return None
    tail = max(0, len(chunk) - _SAYING_REACH)  # (both patterns end the chunk: search its tail only)
    end = chunk[-48:]
    owned = _OWNED_QUOTE_RE.search(chunk, tail) if ("was " in end or "were " in end or "came " in end) else None
    if owned:
        # 'In vain was her "Pray, sir, don't"': the words are hers
        return Tag(subject_words(owned.group("subj")), "said", start + owned.start("subj"), True, intro=True)
    said_by = _SAYING_OF_RE.search(chunk, tail) if _SAYING_WORD_RE.search(chunk, tail) else None
    if said_by:
        # 'the matter was settled by Mrs. Grant's saying,', 'upon hearing her say,': the one whose
        # saying it is speaks, not the clause's subject
        group = "poss" if said_by.group("poss") else "heard"
        v = said_by.group("gerund") or said_by.group("inf")
        sayer = subject_words(said_by.group(group))
        return Tag(sayer, v, start + said_by.start(group), v not in WEAK_VERBS, intro=True)
    passive = _PASSIVE_RE.search(chunk)
    if passive:
        return Tag(passive.group("subj"), passive.group("verb"), start + passive.start("subj"), True, intro=True)
    verbs = list(INTRO_VERB_RE.finditer(chunk))
    if not verbs:
        return None
    verb = verbs[-1]
    clauses = list(_WHO_CLAUSE_RE.finditer(chunk, 0, verb.start())) if "who" in chunk else []
    if clauses and (
        _JOIN_WORD_RE.search(chunk, clauses[-1].end(), verb.start()) is None
        or (_CLAUSE_JOIN_RE.search(chunk, clauses[-1].end(), verb.start()) is None
            and _AND_VERB_RE.search(chunk, clauses[-1].end(), verb.start()) is None
            # ('Jane, who was not so light ..., soon lagged behind, while her sister, panting for breath, came
            # up with him, and eagerly cried out,': a clause of its own, a person its subject)
            and _RELATIVE_SUBJECT_RE.search(chunk, clauses[-1].end(), verb.start()) is None)
    ):
        # 'She was met in the vestibule by Lydia, who, flying to her, cried in a half whisper,': the
        # verb is the relative clause's, and its subject the one it is about
        who = clauses[-1]
        said = next((v for v in verbs if v.start() > who.end()), verb)
        v = " ".join(said.group("verb").split())
        return Tag(who.group("subj"), v, start + who.start("subj"), v not in WEAK_VERBS, intro=True)
    # ('But Elizabeth, who had not the least inclination to remain, laughingly answered': nothing in a
    # relative clause is the verb's subject)
    inside = [(r.start(), r.end()) for r in _RELATIVE_CLAUSE_RE.finditer(chunk, 0, verb.start())]
    found = list(_INTRO_SUBJ_RE.finditer(chunk, 0, verb.start()))
    subjects = [m for m in found if _intro_subject(chunk, m) and not any(i < m.start() < j for i, j in inside)]
    near = [m for m in found if _is_subject(m.group("subj"))][-1:] if " for " in chunk else []
    if near and chunk[: near[0].start()].rstrip().endswith(" for") \
            and _ADJACENT_RE.fullmatch(chunk, near[0].end(), verb.start()):
        # 'but she stopped hastily, for the White Rabbit cried out,': 'for' joins a clause, its subject speaks
        subjects = [*[m for m in subjects if m.start() < near[0].start()], near[0]]
    if not subjects:
        return None
    placed = [m for m in subjects if is_subject_position(text, start, start + m.start())]
    # 'and when she ceased speaking, replied thus,': a subordinate clause's subject is not the verb's
    main = [m for m in placed if not _in_subordinate_clause(chunk, m, verb.start())]
    # no subject at a clause start: a pronoun one ('at last it unfolded its arms, took the hookah out of
    # its mouth, and said'), not a thing after a verb
    pronouns = [m for m in subjects if m.group("subj").lower() in ("he", "she", "it")]
    # ('the White Rabbit blew three blasts on the trumpet, and then unrolled the parchment scroll, and read
    # as follows': a phrase right after a past verb is its object)
    unmoved = [m for m in subjects if _AFTER_PAST_VERB_RE.search(chunk, max(0, m.start() - 24), m.start()) is None]
    subj = (main or placed or pronouns or unmoved or subjects)[0 if coordinated else -1]
    if not coordinated and _infinitive_subject(chunk, subjects[-1]):
        subj = subjects[-1]  # ('that it was impossible for Darcy to leave her, or to refrain from saying')
    last = subjects[-1]
    if not coordinated and last is not subj and _ADJACENT_RE.fullmatch(chunk, last.end(), verb.start()):
        subj = last  # 'Alice heard the King say': the name right before the verb speaks
    v = " ".join(verb.group("verb").split())
    return Tag(subj.group("subj"), v, start + subj.start("subj"), v not in WEAK_VERBS, intro=True)


_AFTER_PAST_VERB_RE = re.compile(r"\b[a-z]+ed\s+$")
_THAT_RE = re.compile(r"\bthat\s+$")
_AND_THEN_VERB_RE = re.compile(r",\s*(?:and|but)\s+(?:[a-z]+ly\s+|again\s+|then\s+|only\s+)*$")


# a clause joined on whose subject is someone's relative ('while her sister, panting for breath,')
_RELATIVES = "|".join(sorted(RELATIVE_NOUNS, key=lambda n: (-len(n), n)))
_RELATIVE_SUBJECT_RE = re.compile(rf"\b(?:and|but|while|when)\s+(?:his|her|their)\s+(?:{_RELATIVES})\b(?=,|\s+[a-z])")


def _in_subordinate_clause(chunk: str, m: re.Match[str], verb: int) -> bool:
    """Whether the subject ``m`` belongs to a subordinate clause that closes with a comma before the
    introducing verb at ``verb`` ('when she ceased speaking, replied'; 'while his wife spoke, answered')."""
    between = chunk[m.end() : verb]
    if _THAT_RE.search(chunk, max(0, m.start() - 6), m.start()) and _AND_THEN_VERB_RE.search(chunk, 0, verb):
        # ('She seemed a little surprised that I should know it, but again replied,': the verb joined on after a
        # 'that' clause is the main clause's)
        return True
    return (
        SUBORDINATOR_RE.search(chunk, max(0, m.start() - 12), m.start()) is not None
        and "," in between
        # the verb comes right after the clause's comma ('when she instantly drew back, and said':
        # still hers)
        and (
            re.fullmatch(r"\s*(?:\w+ly\s+)?", between[between.rindex(",") + 1 :]) is not None
            # ('he might constrain himself, while the ladies were ... clearing the nicer things, to say:'
            # the clause right before the infinitive, not his)
            or (between.count(",") == 1 and re.fullmatch(r"\s*to\s+", between[between.rindex(",") + 1 :]) is not None)
        )
    )


def _intro_subject(chunk: str, m: re.Match[str]) -> bool:
    """Whether a phrase before an introducing verb may be its subject: a person, and (but for a
    pronoun) not the object of a preposition ('on the beach at Newport')."""
    subj = m.group("subj")
    if not _is_subject(subj):
        return False
    if _OBJECT_CLAUSE_RE.search(chunk, max(0, m.start() - 12), m.start()) and not _CALLED_RE.match(chunk, m.end()):
        return False
    return (
        subj.lower() in SUBJECT_PRONOUNS or not PREP_BEFORE_RE.search(chunk, max(0, m.start() - 12), m.start())
        or _infinitive_subject(chunk, m)
    )


def _infinitive_subject(chunk: str, m: re.Match[str]) -> bool:
    """Whether ``m`` is the subject of an infinitive ('it was impossible for Darcy to leave her, or to
    refrain from saying,': Darcy says it)."""
    before = chunk[max(0, m.start() - 4) : m.start()].rstrip()
    return before.endswith("for") and re.match(r"\s+to\b", chunk[m.end() :]) is not None


def _is_subject(words: str) -> bool:
    first = words.split()[0]
    if first.lower() in SUBJECT_PRONOUNS:
        return True
    if first[0].isupper():
        return first not in NOT_NAMES or first in TITLES or first in ("The", "His", "Her", "My", "Poor")
    # ('one of the girls moved closer to her, and said': one of a group)
    return first.lower() in ("his", "her", "the", "my", "their", "poor", "little", "old", "young") or (
        first.lower() in ("one", "another") and words.split()[1:2] == ["of"]
    )


@lru_cache(maxsize=_MEMO)
def beat_subject(text: str, a: int, b: int) -> tuple[str, int, str] | None:
    """Subject of the first clause of narration (an action beat): ('Her', pos, 'once neatly ...')."""
    m = BEAT_RE.match(text, a, first_sentence(text, a, b))
    if not m:
        return None
    return m.group("subj"), m.start("subj"), m.group("rest")


# (a subordinate clause has its subject right after its conjunction: 'Though Elizabeth would not ...,
# she could not but say'; 'to inquire if Mr. Wickham were returned. He joined them')
_CLAUSE_START_RE = re.compile(
    r"(?:^|[.!?;:]\s*|\b(?:and|but|then|when|while|whilst|as|that|so|though|although|if|because|since|after|before|until)\s+"
    r"|,\s*(?:for\s+)?)$",
    re.IGNORECASE,
)
# ('The Dormouse', 'My neighbour was of opinion': the noun phrase starts at its determiner)
_DET_BEFORE_RE = re.compile(r"\b(?:[Tt]he|[Pp]oor|[Ll]ittle|[Oo]ld|[Yy]oung|[Mm]y|[Oo]ur)\s+$")
SUBORDINATORS = "when|whenever|while|whilst|as|after|before|since|until|till|if|though|although|because|once"
SUBORDINATOR_RE = re.compile(rf"\b(?:{SUBORDINATORS})\s+$", re.IGNORECASE)
# 'defying governesses on the beach at Newport': a noun after a preposition is no subject
PREP_BEFORE_RE = re.compile(rf"\b(?:{'|'.join(sorted(PREPOSITIONS))})\s+$")
# '--he cried, after hearing what she said--': the subject of a clause that is the object of another
# verb says nothing; the quote is not hers (but 'what Mrs. Joe called "Pompeyed,"' is her word)
_OBJECT_CLAUSE_RE = re.compile(r"\b(?:what|whatever|all|everything|anything|nothing)\s+$")
_CALLED_RE = re.compile(r"\s+(?:had\s+)?(?:call|term|name)(?:s|ed)?\b")
SUBJECT_PRONOUNS = frozenset(("he", "she", "i", "they", "we", "it"))
_ADJACENT_RE = re.compile(rf"\s+(?:{ADVERB_PATTERN}\s+)?(?:(?:had|has|have|would|will|could|should|did|was|then)\s+)*")
_PHRASE_STOP = frozenset(words(
    "with without in of at out off up down into onto over under who that which and from on by to as whose whom "
    "but or "
    "near beside behind was is had has "
    "he she it they we i you him them his its my our their "  # 'the door he': the noun is not the subject
    "the a an her less more"  # 'the former continued the': a noun phrase ends before the next one
))
# words that end a speaking descriptor's noun phrase ('while the ladies were comfortably ... to say', 'the
# gentlemen perhaps thought'); narration keeps them, so 'The woman did not answer' names no new person
_TAG_PHRASE_STOP = frozenset(words(
    "were are be been being would could should will shall may might must can did does do "
    "perhaps also then now too not never still thus even very"
))
NOT_PEOPLE = frozenset(words(
    "voice voices door letter note paper words word answer reply question sign card message book result "
    "other others rest first last same latter former whole thing one two three "
    "room board reflection house window wall table floor bed fire light face eyes head hand heart mind air "
    "wind sound noise cry shout laugh silence street road sky sea water "
    "doubt fear hope thought idea feeling look smile expression tone glance manner "
    # ('she heard nothing but the instant reply of, "Beg her to walk up"')
    "instant moment minute hour time day night morning evening "
    "rain snow storm weather plot plots scheme news report rumour rumor "
    # ('the winds howled', 'the sparks were my spurting blood,--and finally said', 'The glee began.')
    "spark flame thunder wave waves bell clock music song glee echo"
))
# abstract nouns ('the doubt', 'the expression', 'the excitement') name no speaker
_ABSTRACT_ENDINGS = ("ness", "ity", "tion", "sion", "ment", "ance", "ence", "ism")
_EPITHETS = frozenset(words(
    "poor dear unhappy unfortunate wretched bewildered astonished frightened delighted indignant puzzled "
    "good kind anxious"
))


def descriptor_phrase(words: Sequence[str], tag: bool = False) -> list[str]:
    """The noun phrase of a descriptor after its article ('old man with the basket' -> old man);
    empty when it names no person ('the voice', 'the other'); ``tag``: a speech tag's subject."""
    out: list[str] = []
    for w in words:
        dash = "--" in w or "\u2014" in w
        w = w.replace("\u2014", "--").split("--")[0]  # ('cried the mother--and "I should ...": the mother')
        w = w.strip(",.;:!?\"'\u201c\u201d\u2018\u2019()_")
        if not w or w in _PHRASE_STOP or w.endswith("ly") or not w.replace("-", "").isalpha() or (
            tag and w in _TAG_PHRASE_STOP
        ):
            break
        if out and (w in STRONG_VERBS or w in WEAK_VERBS):
            break  # 'the former continued': the verb ends the noun phrase
        out.append(w)
        if len(out) == 3 or dash:
            break
    if (not out or out[-1] in NOT_PEOPLE or out[-1].endswith(_ABSTRACT_ENDINGS) or out[-1] in STRONG_VERBS
            or out[-1] in WEAK_VERBS or (out[-1].endswith("s") and out[-1][:-1] in NOT_PEOPLE)):
        return []
    if out[0] in _EPITHETS:
        return []  # 'thought the poor child': a known person described, not a new one
    return out


def is_subject_position(text: str, lo: int, pos: int) -> bool:
    """Whether a mention at ``pos`` starts a clause (so it is likely the subject)."""
    det = _DET_BEFORE_RE.search(text, max(lo, pos - 8), pos)
    if det is not None:  # 'The Dormouse slowly opened his eyes'
        pos = det.start()
    return _CLAUSE_START_RE.search(text, max(lo, pos - 12), pos) is not None or pos == lo
