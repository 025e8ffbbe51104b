"""Person nouns: the words for relatives and people ('her sister', 'the landlord', 'her mother-in-law'), and the
sex each says. Plain word sets, imported by the tag finder and by the kinship module."""

from __future__ import annotations

from ..model import Gender
from ..speech.spoken_numbers import words


def kin_words(nouns: str, extra: str) -> frozenset[str]:
    """Relatives by marriage and step-relatives ('his step-son', 'her mother-in-law') and ``extra``."""
    base = words(nouns)
    return frozenset((*(f"{p}{n}" for n in base for p in ("step-", "step")), *(f"{n}-in-law" for n in base),
                      *words(extra)))


FEMALE_NOUNS = frozenset(words(
    "wife lady mother sister daughter aunt girl woman lass niece queen duchess mistress grandmother widow "
    "bride maid maiden madam hostess mama mamma governess cousin-she "
    "princess empress countess baroness nun abbess landlady actress waitress dame damsel wench spinster"
)) | kin_words("wife mother sister daughter", "half-sister granddaughter grandma grandmama granny")
MALE_NOUNS = frozenset(words(
    "husband father brother son uncle boy man gentleman lad nephew king duke master grandfather fellow "
    "sir host lord papa "
    "youth prince emperor count earl baron knight squire monk abbot bishop butler footman groom landlord "
    "widower bachelor clergyman parson vicar policeman"
)) | kin_words("husband father brother son", "half-brother grandson grandpa grandpapa")
# kinship nouns: 'the mother' in narration is someone's mother, a character the book has named
RELATIVE_NOUNS = frozenset(words(
    "wife husband mother father sister brother daughter son aunt uncle niece nephew cousin grandmother "
    "grandfather mamma mama papa bride widow widower"
)) | kin_words("wife husband mother father sister brother daughter son", "")


def noun_sex(noun: str) -> Gender | None:
    """The sex a person noun says ('sister': female, 'landlord': male), or None ('curate', 'voice')."""
    return "female" if noun in FEMALE_NOUNS else "male" if noun in MALE_NOUNS else None
