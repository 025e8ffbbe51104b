"""Names the text links: diminutives of one first name, and 'Miss Lucas' with 'Charlotte Lucas'.

Discovery clusters variants by shared words (``characters._cluster``); a diminutive shares none
with its full name ('Lizzy' / 'Elizabeth') and a titled surname none with a first name ('Miss
Lucas' / 'Charlotte'). ``merge_linked`` joins such groups only on evidence in the book: both
forms were discovered, their genders agree, and for a surname the full name ('Charlotte Lucas')
occurs in the text and points to one first name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Gender

# Common English diminutives -> the formal first name (only used when both forms occur in a book).
DIMINUTIVES: dict[str, str] = {
    "Lizzy": "Elizabeth", "Lizzie": "Elizabeth", "Eliza": "Elizabeth", "Liz": "Elizabeth",
    "Lisa": "Elizabeth", "Beth": "Elizabeth", "Betsy": "Elizabeth", "Betty": "Elizabeth",
    "Bess": "Elizabeth", "Libby": "Elizabeth", "Jenny": "Jane", "Jennie": "Jane",
    "Kitty": "Catherine", "Kate": "Catherine", "Katy": "Catherine", "Cathy": "Catherine",
    "Bill": "William", "Billy": "William", "Will": "William", "Willie": "William",
    "Bob": "Robert", "Bobby": "Robert", "Rob": "Robert", "Dick": "Richard", "Dickie": "Richard",
    "Tom": "Thomas", "Tommy": "Thomas", "Jim": "James", "Jimmy": "James", "Jem": "James",
    "Jack": "John", "Johnny": "John", "Ned": "Edward", "Ted": "Edward", "Teddy": "Edward",
    "Harry": "Henry", "Hal": "Henry", "Charlie": "Charles", "Fred": "Frederick",
    "Freddy": "Frederick", "Sam": "Samuel", "Sammy": "Samuel", "Joe": "Joseph",
    "Ben": "Benjamin", "Nick": "Nicholas", "Tony": "Anthony", "Meg": "Margaret",
    "Maggie": "Margaret", "Peggy": "Margaret", "Polly": "Mary", "Molly": "Mary",
    "Annie": "Anne", "Nan": "Anne", "Nancy": "Anne", "Sally": "Sarah", "Sukey": "Susan",
    "Sue": "Susan", "Susie": "Susan", "Nell": "Eleanor", "Nelly": "Eleanor", "Fanny": "Frances",
    "Dolly": "Dorothy", "Dora": "Dorothy", "Patty": "Martha", "Matty": "Martha",
    "Jo": "Josephine", "Amy": "Amelia", "Emmy": "Emily", "Georgie": "Georgiana",
}

# Titles that keep a group apart from a plain first name ('Lady Catherine' is not 'Kitty').
_PLAIN_TITLES = ("", "Miss", "Master")
_SURNAME_TITLES = ("Miss", "Mr.", "Master")
# 'Charlotte Lucas' must occur this often ('Mary King' twice in P&P is another Mary than the Bennet).
_MIN_FULL_NAMES = 3


def formal(first: str) -> str:
    """The formal form of a first name ('Lizzy' -> 'Elizabeth'); other names unchanged."""
    return DIMINUTIVES.get(first, first)


def _agree(a: Gender, b: Gender) -> bool:
    return a == b or "unknown" in (a, b)


def merge_linked(
    groups: Sequence[Sequence[str]],
    text: str,
    gender_of: Callable[[Sequence[str]], Gender],
    title_of: Callable[[str], str],
    strip_title: Callable[[str], str],
) -> list[list[str]]:
    """Join groups of name variants that are one person: diminutives, then 'Miss SURNAME'.

    ``groups`` are discovered variant groups (most prominent variant first); ``gender_of`` guesses
    a group's gender; ``title_of``/``strip_title`` are the discovery's title helpers. A group of
    plain first names ('Lizzy', 'Miss Lizzy') joins the one group holding the formal name
    ('Elizabeth'), and a 'Miss/Mr. SURNAME' group joins the first-name group whose 'FIRST SURNAME'
    occurs at least three times and twice as often as any other's; a first name also used with the title
    ('Miss Elizabeth') is a younger sibling's, never the 'Miss SURNAME'.
    """
    out = [list(g) for g in groups]

    def firsts(group: list[str]) -> set[str]:
        """The group's formal first names, when every variant is a plain or 'Miss' first name."""
        if any(title_of(v) not in _PLAIN_TITLES for v in group):
            return set()
        names = {strip_title(v) for v in group}
        singles = {n for n in names if " " not in n}
        # a full name counts when it starts with one of the group's first names ('Miss Elizabeth
        # Bennet' beside 'Elizabeth'); otherwise the group is no first name's
        if not singles or any(n.split()[0] not in singles for n in names - singles):
            return set()
        return {formal(n) for n in singles}

    # 1. diminutives: 'Lizzy' and 'Eliza' join 'Elizabeth'
    changed = True
    while changed:
        changed = False
        for i, group in enumerate(out):
            mine = firsts(group)
            if not mine or all(DIMINUTIVES.get(strip_title(v)) is None for v in group):
                continue
            targets = [j for j, other in enumerate(out) if j != i and firsts(other) & mine
                       and _agree(gender_of(group), gender_of(other))]
            full = [j for j in targets if any(strip_title(v) in mine for v in out[j])]
            targets = full or targets  # 'Eliza' and 'Lizzy' both join 'Elizabeth', not each other
            if len(targets) == 1:
                out[targets[0]].extend(group)
                del out[i]
                changed = True
                break

    # 2. 'Miss Lucas' joins 'Charlotte' when 'Charlotte Lucas' is the one full name in the book
    for group in list(out):
        if not group:
            continue
        main = group[0]
        bare = strip_title(main).split()
        if len(bare) != 1 or title_of(main) not in _SURNAME_TITLES:
            continue
        surname, title = bare[0], title_of(main)
        tally: list[tuple[int, int]] = []
        for j, other in enumerate(out):
            if other is group or not firsts(other):
                continue
            if title == "Miss" and any(title_of(v) == "Miss" for v in other):
                continue  # 'Miss Elizabeth': not the eldest, who is 'Miss Bennet'
            if not _agree(gender_of(group), gender_of(other)):
                continue
            plain = {strip_title(v) for v in other}
            n = sum(text.count(f"{p} {surname}") for p in plain)
            if n:
                tally.append((n, j))
        tally.sort(reverse=True)
        if tally and tally[0][0] >= _MIN_FULL_NAMES and (len(tally) == 1 or tally[0][0] >= 2 * tally[1][0]):
            out[tally[0][1]].extend(group)
            group.clear()
    return [g for g in out if g]
