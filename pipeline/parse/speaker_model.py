"""The scored choice among candidate speakers: feature names, fitted weights, calibrated confidence.

Attribution (``attribution.Attributor``) proposes, for every quote, a few candidate speakers (the
hand rules' pick, tag subjects, the people who spoke last, the one just addressed, the salient
people, the narrator) and describes each by the features in ``FEATURES``. ``Weights`` scores each
candidate with a logistic model (``w . x + b``), turns the scores of one quote's candidates into
probabilities (softmax), and maps the winner's probability through a calibration curve fitted on
held-out works, so the confidence is the share of such lines that are right. The weights are fitted
leave-one-work-out on LitBank by ``bench/fit_attribution.py`` (scikit-learn, dev only) and ship
as ``speaker_weights.npz`` beside this module; reading them needs numpy only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS_FILE = Path(__file__).resolve().parent / "speaker_weights.npz"

# The rule that made the hand rules' pick (from its reason), crossed with "is the rules' pick".
RULES = (
    "explicit", "pronoun", "relation", "descriptor", "first_person", "vocative", "answer", "respond", "beat", "lead_in",
    "addressee", "alternate", "other_party", "salient", "continues", "verse", "same_para", "own_tag", "none",
    "self_named", "fixed",
)
FEATURES = (
    *(f"rule_{r}" for r in RULES),
    "tag_named",  # a speech tag names this candidate outright ('said Elizabeth')
    "tag_resolved",  # a tag's pronoun or descriptor resolves to this candidate
    "tag_second",  # the tag's pronoun/descriptor fits this candidate second best
    "tag_gender_match",  # the tag says he/she and the candidate has that gender
    "tag_gender_clash",  # the tag says he/she and the candidate has the other gender
    "tag_gender_party",  # the tag says he/she and the candidate is the one of that gender among the last turns
    "prev1",  # spoke the previous turn
    "prev2",  # spoke the turn before that
    "prev3",
    "addressed",  # named by a vocative in the previous turn
    "vocative",  # named by a vocative inside this quote (rarely the speaker)
    "sal1",  # the most recently mentioned person before the quote
    "sal2",
    "sal3",
    "participant",  # spoke earlier in this conversation (before the last three turns)
    "near_mention",  # mentioned in this paragraph's narration
    "beat_subject",  # subject of the narration right before/after the quote
    "narrator",  # the first-person narrator of a first-person book
    "question_prev1",  # previous turn ended with '?' and this candidate asked it
    "same_para",  # spoke the previous quote of this paragraph
    "continued",  # this quote continues a speech from the last paragraph, and this candidate spoke it
    "log_distance",  # log(1 + characters since the candidate was last mentioned or spoke) / 10
    "unmentioned",  # never mentioned before this quote
    "new_conversation",  # no turns yet in this conversation
    "descriptor_name",  # the candidate is a descriptor ('the landlord')
    "self_descriptor",  # a tag's descriptor ('said the landlord') names this candidate as a speaker of its own
    "untagged_prev1",  # the quote has no tag and no action beat, and ... (turn-taking matters most there)
    "untagged_prev2",
    "untagged_addressed",
    "untagged_sal1",
    "untagged_near",
    "two_party_prev2",  # spoke the turn before last in a conversation of exactly two people so far
    "named_in_quote",  # named inside the quote, not as a vocative ('Mr. Bingley likes it'): talked about
    "before_subject",  # subject of the paragraph's narration just before the quote
    # lookahead (second pass only): what the first pass decided for the turns after this paragraph
    "next1",  # speaks the next turn (first pass)
    "next2",  # speaks the turn after that
    "next1_certain",  # speaks the next turn, by a certain rule (a tag naming them)
    "next2_certain",
    "next_addresses",  # named by a vocative in the next turn (the one answered is often this speaker)
    "first_pick",  # the first pass chose this candidate
    # the same for every candidate of a quote (no effect on the ranking; the confidence model uses them)
    "unresolved_tag",  # a speech tag whose subject names no one known: the speaker may be missing
    "has_tag",  # the quote has a speech tag
    "since_certain",  # turns since one a certain rule decided, /5 (errors compound through untagged runs)
    "until_certain",  # turns until the next such one (second pass), /5
)
INDEX = {name: i for i, name in enumerate(FEATURES)}
_RULE_FEATURES = tuple(INDEX[f"rule_{r}"] for r in RULES)  # where the rule indicators stand


_RELATION_RE = re.compile(r'^(?:same paragraph: )?descriptor "[^"]*" -> .* \(\w+ of ')


@lru_cache(maxsize=4096)
def rule_of(reason: str) -> str:
    """Which hand rule a reason string comes from (one of ``RULES``); cached: a book's reasons repeat."""
    r = reason.removeprefix("multi-paragraph speech: ")
    checks = (
        ("fixed by hand", "fixed"), ("same paragraph", "same_para"), ("names themself", "self_named"),
        ("continues the speech", "continues"), ("verse", "verse"),
        ("explicit tag", "explicit"), ("first person", "first_person"), ("responds (", "respond"),
        ("listens (", "respond"), ("is spoken to (", "respond"),
        ("pronoun", "pronoun"),
        ("descriptor", "descriptor"), ("vocative", "vocative"), ("answers", "answer"), ("responds", "respond"),
        ("action beat", "beat"), ("narration goes on", "beat"),
        ("narration before", "lead_in"), ("stays silent", "lead_in"),
        ("addressed", "addressee"), ("alternates", "alternate"), ("other party", "other_party"),
        ("most salient", "salient"),
    )
    if _RELATION_RE.search(r):
        return "relation"
    for key, rule in checks:
        if key in r:
            return rule
    return "none"


@dataclass(frozen=True)
class Candidate:
    """One possible speaker of a quote with its feature vector and, once scored, its probability."""

    name: str
    features: tuple[float, ...]
    probability: float = 0.0


CONFIDENCE_EXTRA = ("top_logit", "margin", "agrees_with_rules", "certain_rule", "candidates")


def confidence_features(ranked: Sequence[Candidate], pick: int, certain: bool) -> np.ndarray:
    """What the confidence model sees for a decided quote: the chosen candidate's features, its
    probability (as a logit), its margin over the best other one, whether the hand rules chose
    it too, whether a certain hand rule decided, and how many candidates there were."""
    top = ranked[pick]
    p = min(max(top.probability, 1e-4), 1 - 1e-4)
    other = max((c.probability for i, c in enumerate(ranked) if i != pick), default=0.0)
    agrees = any(top.features[i] for i in _RULE_FEATURES)
    extra = [float(np.log(p / (1 - p))) / 5, p - other, float(agrees), float(certain), min(len(ranked), 10) / 10]
    return np.array([*top.features, *extra], dtype=float)


@dataclass(frozen=True)
class Weights:
    """A fitted model: one weight per feature and a bias to rank candidates, and a second logistic
    model (``conf_w``, ``conf_b``) over ``confidence_features`` that gives the chance the pick is right.

    ``ahead``: the model of a second, lookahead pass. With it, attribution walks the book twice:
    the first pass decides with these weights, the second re-decides every quote with ``ahead``,
    whose features also say who the first pass made speak the next two turns (conversation-level
    decoding: an explicit tag a few lines on fixes the alternation before it)."""

    w: np.ndarray
    b: float
    conf_w: np.ndarray
    conf_b: float
    ahead: Weights | None = None

    @staticmethod
    def from_arrays(data: Mapping[str, np.ndarray], prefix: str = "") -> Weights:
        """Read the arrays ``[prefix/]names, w, b, conf_w, conf_b``; features are matched by name."""
        key = f"{prefix}/" if prefix else ""
        names = [str(n) for n in data[f"{key}names"]]
        w = np.zeros(len(FEATURES))
        conf_w = np.zeros(len(FEATURES) + len(CONFIDENCE_EXTRA))
        for i, (name, value) in enumerate(zip(names, data[f"{key}w"], strict=True)):
            if name in INDEX:
                w[INDEX[name]] = float(value)
                conf_w[INDEX[name]] = float(data[f"{key}conf_w"][i])
        conf_w[len(FEATURES):] = data[f"{key}conf_w"][len(names):]
        ahead = Weights.from_arrays(data, f"{key}ahead") if f"{key}ahead/names" in data else None
        return Weights(w, float(data[f"{key}b"]), conf_w, float(data[f"{key}conf_b"]), ahead)

    def to_arrays(self, prefix: str = "") -> dict[str, np.ndarray]:
        """The arrays ``from_arrays`` reads (the lookahead model's under ``[prefix/]ahead/``)."""
        key = f"{prefix}/" if prefix else ""
        out = {f"{key}names": np.array(FEATURES), f"{key}w": self.w, f"{key}b": np.array(self.b),
               f"{key}conf_w": self.conf_w, f"{key}conf_b": np.array(self.conf_b)}
        if self.ahead is not None:
            out.update(self.ahead.to_arrays(f"{key}ahead"))
        return out

    def rank(self, candidates: Sequence[Candidate]) -> list[Candidate]:
        """The candidates with their probabilities (softmax of the scores), most likely first."""
        if not candidates:
            return []
        x = np.array([c.features for c in candidates], dtype=float)
        s = x @ self.w + self.b
        p = np.exp(s - s.max())
        p /= p.sum()
        order = sorted(range(len(candidates)), key=lambda i: (-p[i], i))
        return [Candidate(candidates[i].name, candidates[i].features, float(p[i])) for i in order]

    def confidence(self, ranked: Sequence[Candidate], pick: int, certain: bool) -> float:
        """The chance that ``ranked[pick]`` is the speaker (fitted on works held out from the ranker)."""
        z = confidence_features(ranked, pick, certain) @ self.conf_w + self.conf_b
        return float(1 / (1 + np.exp(-z)))


@lru_cache(maxsize=1)
def shipped_weights() -> Weights | None:
    """The weights that ship with the package (None if the file is missing: hand rules only)."""
    if not WEIGHTS_FILE.exists():
        return None
    with np.load(WEIGHTS_FILE) as data:
        return Weights.from_arrays(data)
