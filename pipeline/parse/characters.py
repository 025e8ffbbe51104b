"""Who can speak: the cast's characters, names found in the text, and a matcher from names to characters.

``CharacterIndex`` turns every name and alias (plus safe derived short forms: a unique first name,
``Mr. Surname`` for a unique man) into one compiled regex, so a mention in the text resolves to a
character's main name in one pass. ``discover_characters`` finds speakers the cast lacks: subjects
of speech verbs ('said Elizabeth', 'said the Queen'), titled names (Mr./Mrs./Miss/Lady/Sir/Dr. ...)
and names addressed inside quotes at least twice ('…you best, Sakura…'); it drops ordinary words,
interjections, places ('in London'), plurals and possessives, merges variants (Darcy / Mr. Darcy /
Fitzwilliam Darcy; Miss Lydia / Lydia; never Mr. / Mrs. Bennet; Lizzy / Elizabeth and Miss Lucas /
Charlotte by ``nicknames.merge_linked``), and guesses gender from titles,
from how a name is addressed (a 'she' line addressing it in a he-and-she conversation: male) and
from the pronouns that follow it in narration.
"""

from __future__ import annotations

import bisect
import copy
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from ..model import Book, Character, Gender, Script
from ..speech.spoken_numbers import words
from .nicknames import merge_linked

MALE_TITLES = frozenset(words(
    "Mr Mr. Sir Lord Duke King Prince Count Baron Uncle Father Brother Colonel Captain Major General "
    "Monsieur M. Herr Signor Don Master Reverend Rev."  # ('M. Aronnax': Monsieur)
))
FEMALE_TITLES = frozenset(words(
    "Mrs Mrs. Miss Ms Ms. Lady Madam Madame Mme Mme. Mlle Duchess Queen Princess Countess Baroness Aunt "
    "Mother Sister Mistress Dame Frau Signora Donna"
))
NEUTRAL_TITLES = frozenset(("Dr", "Dr.", "Doctor", "Professor"))
# Titles that name one person on their own, as in 'said the Queen', 'cried the Colonel'.
ROLE_TITLES = frozenset(words(
    "King Queen Duke Duchess Prince Princess Count Countess Baron Baroness Colonel Captain Major General "
    "Doctor Professor"
))
TITLES = MALE_TITLES | FEMALE_TITLES | NEUTRAL_TITLES
# Titles said before a surname, never before a first name alone: 'Colonel Fitzwilliam' is not the cast's
# 'Fitzwilliam Darcy', nor 'Mr. Thomas' its 'Thomas Palmer' ('Miss Elizabeth', 'Sir William' take first names)
SURNAME_TITLES = frozenset(words(
    "Mr Mr. Mrs Mrs. Ms Ms. Colonel Captain Major General Monsieur M. Herr Signor Signora Madame Mme Mme. "
    "Frau Dr Dr. Doctor Professor Reverend Rev."
))
# Titles of rank: 'Lady Catherine' and 'Sir William' are not whoever else goes by Catherine or William
RANK_TITLES = frozenset(words(
    "Lady Sir Lord Dame King Queen Prince Princess Duke Duchess Count Countess Baron Baroness"
))
# A title that is also the noun narration calls its holder by: 'Dr. Archie' is 'the doctor',
# 'Captain Smollett' 'the captain' (when one character in the cast holds it).
_ROLE_NOUNS = {t: t.lower() for t in ROLE_TITLES} | {"Dr.": "doctor", "Dr": "doctor"}
# Nouns narration and tags use for one role ('the parson' is later 'the clergyman')
ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    noun: group
    for group in (frozenset(words(g)) for g in (
        "clergyman parson vicar rector priest curate chaplain pastor minister",
        "doctor physician surgeon",
        "lawyer attorney solicitor",
        "policeman constable",
        "landlord innkeeper",
    ))
    for noun in group
}
TITLE_ALT = "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True))
_CAP = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?"
_SAINT = r"(?:Ste?\.\s?)?"  # 'Madame St. Aubert': the saint's abbreviation is part of the name
TITLED_NAME_RE = re.compile(
    rf"(?<![\w.])(?:{TITLE_ALT})\s+{_SAINT}{_CAP}(?:\s+(?!(?:and|or)\b){_SAINT}{_CAP})?(?!\w)"
)
_WORD_RE = re.compile(r"[A-Za-z]+")
MALE_PRONOUN_RE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
NEUTER_PRONOUN_RE = re.compile(r"\b(?:its|itself)\b", re.IGNORECASE)
FEMALE_PRONOUN_RE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)

# Capitalised words that start sentences or address people but are not names.
NOT_NAMES = frozenset(words(
    "The A An And But Or So Then Now Well Yes No Oh Ah O Why What Who How When Where Which This That "
    "These Those There Here It He She They We You I Me My Your His Her Its Our Their Him Them Us Not Nor "
    "If Indeed Do Does Did Is Was Were Be Been Am Are Has Have Had Will Would Shall Should Can Could May "
    "Might Must Let Pray Dear Sir Madam Lady Lord God Heaven Heavens Alas Hush Come Go Good Poor Nay Aye Ay "
    "Very Only Just Still Yet As At By For From In Into Of On To Up With Without After Before Again All "
    "Some Any Every Each Both Such One Two Three First Last Nobody Somebody Everybody Nothing Something "
    "Chapter Mama Papa Mamma Father Mother Ma Pa Miss Mrs Mr Mister Master Mistress Captain Doctor "
    # forms of address and interjections that look like names when addressed
    "Majesty Highness Honour Honor Lordship Ladyship Excellency Worship Reverence Sire Ma'am Maam "
    "Ugh Wow La Lor Law Lawk Lawks Pooh Pshaw Psha Pish Bah Hurrah Hurray Huzzah Oho Aha Alack Ahem Eh Hm Hmm "
    "Humph Ha Hey Ho Lo Fie Tut Gosh Golly Goodness Gracious Bravo Amen Ouch Oops Farewell Goodbye Adieu "
    "Hello Hallo Hullo Halloa Hum Gawd Gad Egad Zounds Whoa Gee Thanks Sorry Please Bye Howdy Welcome Hail "
    "Thankee Thankye Thanky Io "
    # nationalities and other capitalised adjectives
    "English French German Dutch Irish Scotch Scottish Welsh British American "
    "Spanish Italian Russian Chinese Japanese Indian Yankee Radical Tory Whig Liberal Catholic "
    "Protestant Jewish "
    # days, months and feasts ('till Easter,', 'before Michaelmas'; April, June, August and March, as in
    # Jo March, are names too)
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February July September "
    "October November December Christmas Easter Michaelmas Whitsuntide Whitsun Lammas Candlemas Midsummer "
    "Lent Advent Sabbath"
))
# Abbreviations that are no name alone but start or end one ('St. John', 'John Jr.').
NOT_NAMES_ALONE = frozenset(words("Mt Ft Co Esq Jr Sr Rd Ave"))
# Words of address that are a name only when a tag makes one speak ('said Granny'): addressed alone
# ('Son, come here', 'Howdy, pardner') they name no one new ('Uncle Joe' is a name all the same).
ADDRESS_WORDS = frozenset(words(
    "Son Sonny Daughter Brother Sister Cousin Uncle Aunt Auntie Granny Grandma Grandpa Grandmother "
    "Grandfather Boy Boys Girl Girls Child Children Baby Friend Friends Pardner Partner Mate Comrade Stranger "
    "Gentlemen Ladies Missus Missis Mum Mummy Daddy Dad"
))
# Endings of the adjectives whose adverbs start sentences ('Awfully', 'Naturally', 'Doubtless').
ADJECTIVE_ENDINGS = ("ful", "ous", "ive", "ent", "ant", "ble", "less", "ish", "ed", "ing", "al", "ic")
# Words before a name that make it a place, not a person ('in London', 'from Brighton').
_PLACE_BEFORE_RE = re.compile(
    r"\b(?:in|at|from|into|near|through|towards?|within|reach(?:ed)?|visit(?:ed)?"
    # a journey's end ('the train for Chicago', 'a visit to Chicago', 'went back to Boston')
    r"|(?:train|boat|ship|coach|visit|journey|trip|way|road|voyage|back|home|sailed|bound|started|left|set out)"
    r" (?:to|for))\s+$"
)


_DOT_OPTIONAL_RE = re.compile(r"^(Mr|Mrs|Ms|Dr|Mme)\\\.")
_DOTTED = {"Mr": "Mr.", "Mrs": "Mrs.", "Ms": "Ms.", "Dr": "Dr.", "Mme": "Mme."}


def _form_regex(form: str) -> str:
    """The regex for one name form: any space run between words, 'Mr' with or without its dot,
    a leading 'the' in either case ('the landlord' / 'The landlord')."""
    rx = _DOT_OPTIONAL_RE.sub(r"\1\\.?", re.escape(form)).replace("\\ ", r"\s+")
    return "[Tt]he" + rx[3:] if rx.startswith("the\\s+") else rx


def normalize_name(form: str) -> str:
    """One spelling per name: single spaces, 'Mrs Bennet' -> 'Mrs. Bennet', no trailing dashes."""
    parts = form.replace("_", " ").split()
    if parts and parts[0] in _DOTTED:
        parts[0] = _DOTTED[parts[0]]
    return " ".join(parts).strip("-\u2014,;:!?")


_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE_END_RE = re.compile("['\u2019]s?$")


def loose_key(form: str) -> str:
    """A name form as text writes it loosely: lower case, no leading article, no possessive, hyphens
    as spaces ('The Duchess' / 'the duchess' / "Duchess's" -> 'duchess'; 'Sakura-chan' -> 'sakura chan')."""
    words = " ".join(form.replace("_", " ").split())
    words = _ARTICLE_RE.sub("", words)
    words = _POSSESSIVE_END_RE.sub("", words)
    return " ".join(words.replace("-", " ").lower().split())


def title_of(name: str) -> str:
    """The leading title of a name, normalised ('Mrs' -> 'Mrs.'), or ''."""
    first = normalize_name(name).split()[:1]
    return first[0] if first and first[0] in TITLES else ""


# titles that are also adjectives ('the general pause', 'the major part'), and the words after them that
# make them a person still ('the general had', 'the general came', 'the general, who ...')
_ADJECTIVE_TITLES = frozenset(("general", "major"))
_AFTER_A_PERSON = frozenset(words(
    "had has was were is would could should must might may will shall did does not never himself herself who "
    "came went said made found took gave saw sat stood rose ran spoke began left got felt held knew thought "
    "told kept brought heard met led let put sent set wrote"
))
_FUNCTION_WORDS = frozenset(words("in on at by to for of with from into upon and or but as than that then"))


def adjective_title(title: str, after: str) -> bool:
    """Whether ``title`` before ``after`` is an adjective ('the general pause'), not the holder ('the general
    smiled'): a noun-like lowercase word after it, not a verb, a pronoun or a word of the clause going on."""
    word = after.strip(",.;:!?\"'\u201c\u201d\u2018\u2019")
    if title.lower() not in _ADJECTIVE_TITLES or not word.isalpha() or not word.islower():
        return False
    verbish = word.endswith(("ed", "ing")) or (word.endswith("s") and not word.endswith("ss"))
    return not verbish and word not in _AFTER_A_PERSON and word not in _FUNCTION_WORDS


def title_gender(name: str) -> Gender:
    """Gender implied by a leading title ('Mrs. Bennet' -> female), else 'unknown'."""
    first = name.split()[0] if name.split() else ""
    if first in MALE_TITLES:
        return "male"
    if first in FEMALE_TITLES:
        return "female"
    return "unknown"


def strip_title(name: str) -> str:
    """'Mr. Fitzwilliam Darcy' -> 'Fitzwilliam Darcy'; a name without a title is returned as is."""
    parts = name.split()
    while len(parts) > 1 and parts[0] in TITLES:
        parts = parts[1:]
    return " ".join(parts)


@dataclass(frozen=True)
class DetectedCharacter:
    """A speaker found in the text: main name, gender guess, other names, dialogue lines attributed."""

    name: str
    gender: Gender
    aliases: tuple[str, ...]
    lines: int

    def to_character(self) -> Character:
        return Character(self.name, self.gender, self.aliases)


class CharacterIndex:
    """Maps names in the text to characters' main names; one compiled regex over all name forms."""

    def __init__(self, characters: Iterable[Character]) -> None:
        self.characters: dict[str, Character] = {}
        self._genders: dict[str, Gender] = {}
        # see mentions: the text scanned, and its mentions' starts, ends and (start, owner) pairs
        self._scanned: tuple[str, list[int], list[int], list[tuple[int, str]]] | None = None
        self.lookup: dict[str, str] = {}
        self._holders: dict[str, tuple[str, ...]] = {}
        self.described: set[str] = set()  # speakers known by a description, added while attributing
        for char in characters:
            if char.name in self.characters:
                continue
            self.characters[char.name] = char
            for form in char.names:
                if form.strip():
                    self.lookup.setdefault(normalize_name(form), char.name)
        for form, owner in self._derived_forms().items():
            self.lookup.setdefault(form, owner)
        # loose forms (case, article, possessive, hyphen): only those that name one character
        loose: dict[str, set[str]] = defaultdict(set)
        for form, owner in self.lookup.items():
            loose[loose_key(form)].add(owner)
        self.loose = {k: next(iter(v)) for k, v in loose.items() if len(v) == 1 and k}
        forms = sorted(self.lookup, key=len, reverse=True)
        if forms:
            alt = "|".join(_form_regex(f) for f in forms)
            self.regex: re.Pattern[str] | None = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-]*\w)")
        else:
            self.regex = None

    def _derived_forms(self) -> dict[str, str]:
        """Short forms that name exactly one character: first names, surnames, 'Mr. Surname', and for a
        name with an article its bare form and head ('The King Of Hearts' -> 'King Of Hearts', 'King')."""
        votes: dict[str, set[str]] = defaultdict(set)
        surnames: dict[str, set[str]] = defaultdict(set)  # 'Colonel Fitzwilliam' -> 'Fitzwilliam'
        lasts: dict[str, set[str]] = defaultdict(set)  # the last word of any name, titled or full
        roles: set[str] = set()
        for char in self.characters.values():
            gender = char.gender if char.gender != "unknown" else title_gender(char.name)
            for form in char.names:
                plain = _ARTICLE_RE.sub("", form)
                if plain != form and plain[:1].isupper():
                    votes[plain].add(char.name)
                    votes[plain.split()[0]].add(char.name)
                    roles.update((plain, plain.split()[0]))
                noun = _ROLE_NOUNS.get(form.split()[0]) if len(form.split()) > 1 else None
                if noun is not None:
                    votes[f"the {noun}"].add(char.name)
                    votes[f"the {noun.capitalize()}"].add(char.name)
                bare = strip_title(plain).split()
                if len(plain.split()) >= 2:
                    lasts[plain.split()[-1]].add(char.name)
                if len(bare) == 1 and bare[0] != plain and bare[0][:1].isupper():
                    votes[bare[0]].add(char.name)  # 'Father Arnall', 'Mr. Darcy': the surname alone
                    if plain.split()[0] not in RANK_TITLES:  # ('Lady Catherine': a first name)
                        surnames[bare[0]].add(char.name)
                if len(bare) >= 2 and (not bare[0][:1].isupper() or _POSSESSIVE_WORD_RE.search(bare[0])):
                    # a description: its head noun ('the child's nurse': not 'child's'; 'the man at the
                    # wheel': 'man', not 'wheel'), unless any man or woman is one ('the slender woman' is not
                    # every 'woman': 'said a woman beside me'), or the one of a named person ("Trabb's boy")
                    head = _description_head(bare)
                    noun = head.lower()
                    if noun not in _ANY_PERSON_NOUNS and not (bare[0][:1].isupper() and noun in _KIN_AND_PERSON_NOUNS):
                        votes[head].add(char.name)
                elif len(bare) >= 2:
                    votes[bare[0]].add(char.name)
                    votes[bare[-1]].add(char.name)
                    if gender == "male":
                        votes[f"Mr. {bare[-1]}"].add(char.name)
                    elif gender == "female" and title_gender(form) != "female":
                        votes[f"Miss {bare[0]}"].add(char.name)
        # a word that is one character's surname after a title and another's first name in a full
        # name ('Colonel Fitzwilliam', 'Fitzwilliam Darcy') is the surname: narration names men so
        # (a surname several bear, 'Miss Lucas', 'Sir William Lucas', names none of them)
        for form, owners in surnames.items():
            if len(owners) == 1 and lasts[form] <= owners:
                votes[form] = owners
        return {
            form: next(iter(owners))
            for form, owners in votes.items()
            if len(owners) == 1 and (form in roles or (form not in NOT_NAMES and form not in TITLES))
            and form not in ("Mr.", "Mrs.", "Miss", "Ms.", "Dr.", "Sir", "Lady")
        }

    def holders(self, title: str) -> tuple[str, ...]:
        """The characters whose names carry ``title`` ('Captain': Captain Nemo, and Commander Farragut
        for his alias 'Captain Farragut')."""
        if title not in self._holders:
            self._holders[title] = tuple(
                c.name for c in self.characters.values() if any(f.split()[:1] == [title] for f in c.names)
            )
        return self._holders[title]

    def add_descriptor(self, name: str, gender: Gender) -> None:
        """A speaker known by a description ('the landlord'), found while attributing: resolvable
        from now on (not matched in narration, which would need the regex rebuilt)."""
        if name not in self.characters:
            self._holders.clear()
            self.described.add(name)
            self.characters[name] = Character(name, gender)
            self.lookup.setdefault(name, name)
            self.loose.setdefault(loose_key(name), name)

    def fork(self) -> CharacterIndex:
        """A copy whose descriptor speakers (``add_descriptor``) stay its own: a first attribution
        pass must not leave the speakers it found later in the book to the pass after it."""
        twin = copy.copy(self)
        twin.characters = dict(self.characters)
        twin._genders = dict(self._genders)
        twin.lookup = dict(self.lookup)
        twin.loose = dict(self.loose)
        twin.described = set(self.described)
        return twin

    def of_gender(self, gender: Gender) -> list[str]:
        """Every character of that gender, in the order they were given (most prominent first)."""
        return [name for name in self.characters if self.gender(name) == gender]

    def learn_gender(self, name: str, gender: Gender) -> None:
        """A description of no known sex a tag calls 'he' or 'she' ('But the curate was lethargic. "We are
        safe here," he repeated'): that sex from now on (not a cast's or a discovered name's)."""
        if gender != "unknown" and name in self.described and self.gender(name) == "unknown":
            self._genders[name] = gender

    def gender(self, name: str) -> Gender:
        """A character's gender (given, else from its title); 'unknown' for a name not known."""
        g = self._genders.get(name)
        if g is None:
            char = self.characters.get(name)
            if char is None:
                return "unknown"
            g = self._genders[name] = char.gender if char.gender != "unknown" else title_gender(char.name)
        return g

    def resolve(self, form: str) -> str | None:
        """The main name a name form refers to, or None if no character goes by it.

        Tries the form itself, then without its title (if the gender fits), then its leading words
        ('Miss Eliza Bennet' -> 'Miss Eliza').
        """
        form = normalize_name(form)
        if form in self.lookup:
            return self.lookup[form]
        bare = strip_title(form)
        tg = title_gender(form)
        if bare != form and bare in self.lookup:
            owner = self.lookup[bare]
            if (tg == "unknown" or self.gender(owner) in (tg, "unknown")) and self._may_bear(owner, form) \
                    and not self._first_name_only(owner, form, bare):
                return owner
        parts = form.split()
        for k in range(len(parts) - 1, 0, -1):
            head = " ".join(parts[:k])
            if head in self.lookup and head not in TITLES:
                owner = self.lookup[head]
                if tg == "unknown" or self.gender(owner) in (tg, "unknown"):
                    return owner
        found = self.loose.get(loose_key(form))
        return found if found is not None else self._by_role(parts)

    def _first_name_only(self, owner: str, form: str, bare: str) -> bool:
        """Whether ``form`` puts a surname title before ``bare``, which is only ``owner``'s first name
        ('Colonel Fitzwilliam' for the cast's 'Fitzwilliam Darcy'): someone else of that surname."""
        if form.split()[0] not in SURNAME_TITLES or " " in bare:
            return False
        names = [strip_title(_ARTICLE_RE.sub("", f)).split() for f in self.characters[owner].names if f.strip()]
        return not any(n[-1:] == [bare] for n in names)

    def _may_bear(self, owner: str, form: str) -> bool:
        """Whether ``owner`` may be called by ``form``'s rank title: 'Lady Catherine' is not the cast's
        'Kitty Bennet' (aliases: Catherine) unless one of her names says 'Lady'; 'Mr.', 'Miss', 'Dr.'
        and the like go with any name."""
        title = form.split()[0]
        if title not in RANK_TITLES:
            return True
        return any(f.split()[:1] == [title] for f in self.characters[owner].names if f.strip())

    def _by_role(self, parts: Sequence[str]) -> str | None:
        """'the physician' for the one character known as 'the doctor' (or 'Dr. Archie'): a role
        noun's synonyms name whoever alone goes by one of them."""
        if len(parts) != 2 or parts[0].lower() != "the":
            return None
        noun = parts[1].lower()
        owners = set()
        for other in ROLE_SYNONYMS.get(noun, ()):
            form = f"the {other}"
            owner = self.named(form)
            if owner is not None and other != noun:
                owners.add(owner)
        return next(iter(owners)) if len(owners) == 1 else None

    def named(self, form: str) -> str | None:
        """The main name ``form`` is, as written or loosely ('the duchess'), or None; unlike
        ``resolve``, never by its leading words or without its title."""
        return self.lookup.get(form) or self.lookup.get(normalize_name(form)) or self.loose.get(loose_key(form))

    def mentions(self, text: str, lo: int, hi: int) -> list[tuple[int, str]]:
        """(offset, main name) of every character name in ``text[lo:hi]``.

        The regex runs once over the whole text (parsing asks about many small stretches of it,
        twice); a name that runs past ``hi`` is not in the stretch."""
        if self.regex is None:
            return []
        if self._scanned is None or self._scanned[0] is not text:
            # (a form the regex finds is a key of ``lookup``, which only ever grows: its owner is fixed)
            found = []
            for m in self.regex.finditer(text):
                owner = self.named(m.group(0))
                if owner is not None and not self._titled_otherwise(text, m.start(), owner, m.group(0)) \
                        and not self._adjective_use(text, m.group(0), m.end()):
                    found.append((m.start(), m.end(), owner))
            # (finditer's matches do not overlap: their ends are in order as their starts are)
            self._scanned = (text, [f[0] for f in found], [f[1] for f in found], [(f[0], f[2]) for f in found])
        _, starts, ends, pairs = self._scanned
        return pairs[bisect.bisect_left(starts, lo):bisect.bisect_right(ends, hi)]

    @staticmethod
    def _adjective_use(text: str, form: str, end: int) -> bool:
        """Whether a form ending in a title that is also an adjective is one here ('The general pause',
        for the cast's alias 'the General')."""
        last = form.split()[-1]
        if last.lower() not in _ADJECTIVE_TITLES:
            return False
        m = _NEXT_WORD_RE.match(text, end)
        return m is not None and adjective_title(last, m.group(1))

    def _titled_otherwise(self, text: str, start: int, owner: str, form: str) -> bool:
        """Whether a rank title the owner does not bear stands before the name at ``start`` ('lady
        Catherine' is not the cast's Kitty, alias Catherine)."""
        m = _TITLE_BEFORE_RE.search(text, max(0, start - 12), start)
        if m is None:
            return False
        title = m.group(1).capitalize()
        if not m.group(2) and title in RANK_TITLES and not form.startswith(title) \
                and not self._may_bear(owner, f"{title} {form}"):
            return True
        # ('Colonel Fitzwilliam' is not the cast's 'Fitzwilliam Darcy')
        said = m.group(1) + (m.group(2) or "")
        return said in SURNAME_TITLES and " " not in form and self._first_name_only(owner, f"{said} {form}", form)


_POSSESSIVE_WORD_RE = re.compile("['\u2019]s?$")
def _description_head(words_: Sequence[str]) -> str:
    """The head noun of a description's words: the last before a preposition ('woman in white')."""
    for k, w in enumerate(words_[1:], 1):
        if w.lower() in _HEAD_ENDS:
            return words_[k - 1]
    return words_[-1]


# words after a description's head ('the woman in white', 'the man who ...')
_HEAD_ENDS = frozenset(words("in at on of with over under by from near beside behind who that"))
# nouns any man or woman is: the head of a cast's description ('the slender woman') that names no one alone
_ANY_PERSON_NOUNS = frozenset(words("man woman lady gentleman person fellow boy girl"))
# Nouns for anyone of a sex, age or kinship: the head of a description ("Trabb's boy", "Alice's
# sister") that names no one alone
_KIN_AND_PERSON_NOUNS = frozenset(words(
    "boy girl man woman lady gentleman child baby lad lass fellow person friend son daughter sister "
    "brother mother father wife husband cousin aunt uncle nephew niece"
))
# the word just before an offset (search up to it): a title before a name, a determiner before a word
WORD_BEFORE_RE = re.compile(r"\b([A-Za-z]+)\s+$")
_NEXT_WORD_RE = re.compile(r"\s+(\S+)")
_TITLE_BEFORE_RE = re.compile(r"\b([A-Za-z]+)(\.?)\s+$")  # the same, with a title's full stop ('Mr. ')


def _cluster(names: Counter[str], gender_of: Callable[[str], Gender] | None = None) -> list[tuple[str, list[str]]]:
    """Merge name variants: titled forms and full names by surname/first name, titles kept apart.

    'Darcy', 'Mr. Darcy', 'Fitzwilliam Darcy' merge; 'Mr. Bennet' and 'Mrs. Bennet' stay apart; a
    titled first name ('Miss Lydia') joins the plain name ('Lydia') when ``gender_of`` the plain
    name matches the title; a bare title ('the Colonel') joins the one group with that title.
    """
    groups: dict[str, list[str]] = {}
    keys_of: dict[str, list[str]] = defaultdict(list)
    for name, _ in names.most_common():
        bare = strip_title(name).split()
        tg = title_gender(name)
        if not bare:
            continue
        if len(name.split()) == 1 and name in TITLES:
            same = [k for k in groups if title_of(k) == name]
            if len(same) == 1:
                groups[same[0]].append(name)
            else:
                groups[name] = [name]
            continue
        candidates = [k for k in (keys_of.get(bare[-1], []) + keys_of.get(bare[0], [])) if k in groups]
        title = title_of(name)
        if title:
            candidates = [k for k in candidates if title_of(k) in (title, "")]
        elif len(bare) == 1:
            # 'Catherine' alone is not 'Lady Catherine' (in P&P she is Kitty): a rank title keeps apart
            candidates = [k for k in candidates if title_of(k) not in RANK_TITLES]
        if len(bare) == 1 and tg == "unknown" and len(candidates) > 1:
            candidates = candidates[:1]
        if len(bare) > 1:
            # 'Miss Lydia Bennet' is not 'Miss Elizabeth Bennet': full names with other first names
            candidates = [k for k in candidates if len(parts := strip_title(k).split()) < 2 or parts[0] == bare[0]]
        if len(bare) > 1 and len(set(candidates)) > 1:
            # 'Miss Lydia Bennet': the one group her first name names, not the Bennets by surname
            firsts = {k for k in keys_of.get(bare[0], []) if k in groups and (not title or title_of(k) in (title, ""))}
            if len(firsts) == 1:
                candidates = list(firsts)
        fits = tg == "unknown" or len(bare) > 1 or (bool(candidates) and title_gender(candidates[0]) == tg)
        if not fits and candidates and len(set(candidates)) == 1 and not title_of(candidates[0]) and gender_of:
            fits = gender_of(candidates[0]) == tg
        if len(set(candidates)) == 1 and fits:
            groups[candidates[0]].append(name)
        else:
            groups[name] = [name]
            for token in {bare[0], bare[-1]}:
                keys_of[token].append(name)
    return [(main, variants) for main, variants in groups.items()]


def _occurrences(text: str, name: str) -> list[int]:
    """Offsets of ``name`` as a whole word in ``text`` (str.find: much faster than a look-behind regex)."""
    out = []
    at = text.find(name)
    n = len(name)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + n] if at + n < len(text) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            out.append(at)
        at = text.find(name, at + 1)
    return out


_LOWER_BEFORE_RE = re.compile(r"\b[a-z]+,? $")


def _mid_sentence(text: str, name: str) -> bool:
    """True when the capitalised word also appears mid-sentence after a lowercase word ('the Mouse')."""
    hits = sum(1 for at in _occurrences(text, name) if _LOWER_BEFORE_RE.search(text, max(0, at - 20), at))
    return hits >= 2


def _is_adverb(name: str, lower_words: Counter[str]) -> bool:
    """'Surely', 'Awfully', 'Happily': one word ending in -ly whose adjective the book uses in lower
    case or that ends like an adjective ('awful'), not a name like 'Emily', 'Molly' or 'Sally'."""
    if " " in name or not name.endswith("ly") or len(name) < 6:
        return False
    stem = name[:-2].lower()
    forms = (stem, stem + "e", stem[:-1] + "y" if stem.endswith("i") else stem)
    return any(lower_words[f] for f in forms) or (len(stem) >= 4 and stem.endswith(ADJECTIVE_ENDINGS))


def _is_place(text: str, name: str) -> bool:
    """True when the name mostly follows 'in', 'at', 'from' ... : a place ('in London')."""
    total = places = 0
    for at in _occurrences(text, name):
        total += 1
        if _PLACE_BEFORE_RE.search(text, max(0, at - 20), at):
            places += 1
    return places >= 2 and places * 4 >= total


def inside(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the sorted, non-overlapping ``spans`` (start, end)."""
    k = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def next_mark(spans: Sequence[tuple[int, int]], a: int, b: int) -> int | None:
    """The first quote mark (a span's start or end) in ``[a, b)`` of the sorted, non-overlapping
    ``spans`` (open mark, close mark), or None: a quote's bounds in any quoting convention, where
    looking for the characters would miss single quotes or take an apostrophe for one."""
    k = bisect.bisect_right(spans, (a, 1 << 62)) - 1
    for start, end in spans[max(k, 0) : max(k, 0) + 3]:
        for mark in (start, end):
            if a <= mark < b:
                return mark
    return None


def _guess_gender(
    book: Book, forms: Sequence[str], votes: Counter[Gender] | None = None, quotes: Sequence[tuple[int, int]] = ()
) -> Gender:
    """Title; else how the name is addressed (``votes``, see ``addressed_names``) together with the
    pronoun that most often follows the name in narration within a short window."""
    for form in forms:
        tg = title_gender(form)
        if tg != "unknown":
            return tg
    male = 2 * votes["male"] if votes else 0
    female = 2 * votes["female"] if votes else 0
    neuter = 0  # the Caterpillar took the hookah out of its mouth
    hits = sorted({(at, at + len(f)) for f in forms for at in _occurrences(book.text, f)})
    for start, end in hits:
        if inside(quotes, start):
            continue  # 'Sasuke!" She shrieked': a name inside a quote is followed by its speaker's pronoun
        window = book.text[end : end + 80]
        found = [
            (m.start(), g)
            for g, m in (
                ("male", MALE_PRONOUN_RE.search(window)),
                ("female", FEMALE_PRONOUN_RE.search(window)),
                ("neuter", NEUTER_PRONOUN_RE.search(window)),
            )
            if m is not None
        ]
        if found:
            first = min(found)[1]
            male += first == "male"
            female += first == "female"
            neuter += first == "neuter"
    if male > 1.5 * (female + neuter) and male >= 2:
        return "male"
    if female > 1.5 * (male + neuter) and female >= 2:
        return "female"
    return "unknown"


# words before a first name that address a known character familiarly, not a new one
_FAMILIAR = frozenset(words("Friend Master Mister Old Little Young Poor Dear Good Honest Brother Cousin Uncle Aunt"))


def _shared_surnames(known: CharacterIndex) -> frozenset[str]:
    """Surnames that two or more given characters bear ('Bertram': Sir Thomas, Lady, Edmund, Tom...)."""
    tally: Counter[str] = Counter()
    for char in known.characters.values():
        names = {strip_title(f).split()[-1] for f in char.names if len(f.split()) >= 2 and strip_title(f).split()}
        tally.update(names)
    return frozenset(n for n, k in tally.items() if k >= 2)


_WIFE_TITLES = frozenset(("Mrs.", "Mrs", "Madame", "Mme.", "Mme"))  # said before a husband's names


def shared_first_names(text: str, characters: Sequence[Character]) -> list[Character]:
    """``characters``, where a first name several of them bear ('John': John Dashwood, John Willoughby, Sir
    John Middleton) is made an alias of the one the book calls by that first name and surname far more
    often than the others (John Dashwood, 35 times to Willoughby's once: he is the 'John' of 'said John');
    one whose first name follows a rank title ('Sir John') is called so, never by it alone."""
    bearers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # first -> owner -> full forms
    taken = {normalize_name(f) for c in characters for f in c.names if f.strip()}
    for char in characters:
        for form in char.names:
            parts = form.split()
            if len(parts) < 2 or parts[0] in RANK_TITLES or parts[0] in _WIFE_TITLES:
                continue  # ('Sir John' is never 'John' alone; 'Mrs. John Dashwood' is his wife's name)
            bare = strip_title(form).split()
            if len(bare) >= 2 and bare[0][:1].isupper() and bare[0] not in TITLES:
                bearers[bare[0]][char.name].add(" ".join(bare))
    extra: dict[str, str] = {}
    for first, owners in bearers.items():
        if len(owners) < 2 or first in taken:
            continue
        counts = {o: sum(len(re.findall(rf"\b{re.escape(f)}\b", text)) for f in forms) for o, forms in owners.items()}
        best = max(counts, key=lambda o: counts[o])
        rest = sum(counts.values()) - counts[best]
        if counts[best] >= 5 and counts[best] >= 5 * max(rest, 1):
            extra[best] = first
    return [replace(c, aliases=(*c.aliases, extra[c.name])) if c.name in extra else c for c in characters]


def candidate_names(
    book: Book,
    tag_subjects: Iterable[str],
    known: CharacterIndex,
    vocatives: Iterable[tuple[str, Gender | None]] = (),
    quotes: Sequence[tuple[int, int]] = (),
) -> list[Character]:
    """New characters from titled names, subjects of speech tags and names addressed in quotes.

    ``vocatives`` are (name, gender suggested) for each name addressed in a quote; a name only ever
    addressed must be addressed at least twice. ``quotes`` are the sorted (start, end) spans of the
    quotes, so gender guesses ignore names inside them. Names a known character already goes by
    are skipped; variants are merged into one character.
    """
    counts: Counter[str] = Counter()
    for chapter in book.chapters:  # (not the licence around them: 'the General Terms of Use')
        for m in TITLED_NAME_RE.finditer(book.text, chapter.start, chapter.end):
            counts[normalize_name(m.group(0))] += 1
    tagged: set[str] = set()
    for name in tag_subjects:
        counts[normalize_name(name)] += 2
        tagged.add(normalize_name(name))
    votes: dict[str, Counter[Gender]] = defaultdict(Counter)
    addressed: Counter[str] = Counter()
    for name, vote in vocatives:
        name = normalize_name(name)
        addressed[name] += 1
        if vote is not None:
            votes[name][vote] += 1
    for name, n in addressed.items():
        if n >= 2 or counts[name] >= 2:
            counts[name] += n
    fresh: Counter[str] = Counter()
    lower_words = Counter(w for w in _WORD_RE.findall(book.text) if w.islower())
    shared = _shared_surnames(known)
    for name, n in counts.items():
        role = name in ROLE_TITLES and name in tagged  # 'said the Queen'
        if role and known.holders(name):
            continue  # 'said the Captain' with Captain Nemo cast: one of them (attribution says which)
        if " " not in name and not role and lower_words[name.lower()] * 2 >= n and not _mid_sentence(book.text, name):
            continue  # 'Presently', 'Soon': ordinary words that start sentences
        words = strip_title(name).replace("-", " ").split()
        if not words or known.resolve(name) is not None:
            continue
        if len(name.split()) == 2 and name.split()[0] in _FAMILIAR and known.resolve(name.split()[1]) is not None:
            continue  # 'Friend Ned', 'Master Conseil': a known character addressed familiarly
        if len(name.split()) == 2 and title_of(name) and len(words) == 1 and lower_words[words[0].lower()] * 2 >= n \
                and n < 5:
            continue  # 'Sir Naturalist': a title before a common noun, a way of addressing someone
        if not role and (
            any(w in NOT_NAMES for w in words) or name in NOT_NAMES or name in TITLES or name in NOT_NAMES_ALONE
        ):
            continue  # ('Good-bye', 'Good-evening': a greeting, hyphenated)
        if name in ADDRESS_WORDS and name not in tagged:
            continue
        if name in shared:
            continue  # 'Bertram,' said to Edmund: a family name the cast gives several people, not a new one
        if _is_adverb(name, lower_words):
            continue
        if name[-1:] == "s" and title_of(name) and any(
            stem in counts or known.resolve(stem) is not None
            for stem in (name[:-1], name[:-2] if name.endswith("es") else "") if stem
        ):
            continue  # 'the Miss Bennets', 'the Miss Lucases': a plural
        if name.endswith(("'s", "\u2019s", "'", "\u2019")):
            continue  # 'the Rabbit's voice': a possessive, the owner is the name
        if not title_of(name) and _is_place(book.text, name):
            continue
        if n >= 2:
            fresh[name] = n
    def gender_of(name: str) -> Gender:
        return _guess_gender(book, [name], votes.get(name), quotes)

    def group_gender(group: Sequence[str]) -> Gender:
        tally: Counter[Gender] = Counter()
        for v in group:
            tally.update(votes.get(v, Counter()))
        return _guess_gender(book, group, tally, quotes)

    groups = merge_linked([v for _m, v in _cluster(fresh, gender_of)], book.text, group_gender, title_of, strip_title)
    ranked = []
    for variants in groups:
        best = max(variants, key=lambda v: (fresh[v], len(v)))
        aliases = tuple(v for v in variants if v != best)
        tally: Counter[Gender] = Counter()
        for v in variants:
            tally.update(votes.get(v, Counter()))
        total = sum(fresh[v] for v in variants)
        ranked.append((total, Character(best, _guess_gender(book, variants, tally, quotes), aliases)))
    ranked.sort(key=lambda tc: -tc[0])  # most prominent first: pronouns fall back to them in this order
    return [c for _n, c in ranked]


def discover_characters(script: Script) -> list[DetectedCharacter]:
    """Speakers of an already parsed book, known and new, with the dialogue lines attributed to each.

    Takes the parse (so ``audiobook cast`` parses once, and this module never imports the parser):
    known characters keep their cast name, gender and aliases; new ones are those the parse
    discovered (speech-tag subjects, titled names, descriptors), aliases merged, gender guessed.
    Only characters with at least one attributed line are returned, sorted by line count
    (descending), then name.
    """
    lines: Counter[str] = Counter(
        s.speaker for s in script.segments if s.kind == "dialogue" and s.speaker is not None
    )
    by_name = {c.name: c for c in script.characters}
    out = []
    for name, n in lines.items():
        char = by_name.get(name, Character(name))
        out.append(DetectedCharacter(char.name, char.gender, char.aliases, n))
    out.sort(key=lambda d: (-d.lines, d.name))
    return out
