"""Attribution: one small passage per rule, plus the seed story and the hand-annotated gold samples."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.ingest import load_book, parse_text
from pipeline.model import Character
from pipeline.parse import parse_book
from pipeline.parse.characters import discover_characters

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DATA = Path(__file__).parent / "data"
sys.path.insert(0, str(ROOT / "bench"))
from bench_parse import load_cast, load_gold, map_to_cast, score  # noqa: E402

SAKURA = Character("Sakura", "female", ("Haruno", "Sakura-chan"))
SASUKE = Character("Sasuke", "male", ("Uchiha", "Sasuke-kun"))
BENNETS = [Character("Mr. Bennet", "male"), Character("Mrs. Bennet", "female"),
           Character("Elizabeth Bennet", "female", ("Elizabeth", "Lizzy"))]


def speakers(text: str, cast: list[Character], narrator: str | None = None) -> list[str | None]:
    script = parse_book(parse_text(text, Path("t.txt")), cast, narrator)
    return [s.speaker for s in script.segments if s.kind == "dialogue"]


def reasons(text: str, cast: list[Character]) -> list[str]:
    script = parse_book(parse_text(text, Path("t.txt")), cast)
    return [s.reason for s in script.segments if s.kind == "dialogue"]


def test_explicit_tag_verb_first_and_subject_first() -> None:
    text = '"Hello," said Elizabeth.\n\n"Good day," Mr. Bennet said.\n\n"Well!" cried Mrs. Bennet.'
    assert speakers(text, BENNETS) == ["Elizabeth Bennet", "Mr. Bennet", "Mrs. Bennet"]
    assert reasons(text, BENNETS)[0] == 'explicit tag "said Elizabeth"'


def test_alias_resolves_to_main_name() -> None:
    assert speakers('"Come," said Lizzy.', BENNETS) == ["Elizabeth Bennet"]


def test_pronoun_tag_most_recent_compatible_gender() -> None:
    text = 'Sasuke looked at Sakura.\n\n"Go away," she said.\n\n"No," he growled.'
    assert speakers(text, [SAKURA, SASUKE]) == ["Sakura", "Sasuke"]


def test_descriptor_tag_uses_relation() -> None:
    text = 'Mr. Bennet sat down.\n\n"My dear," said his wife, "listen."'
    assert speakers(text, BENNETS) == ["Mrs. Bennet", "Mrs. Bennet"]


def test_action_beat_possessive() -> None:
    text = '"I\'m done." Her nails dug into his neck.'
    assert speakers(text, [SAKURA, SASUKE]) == ["Sakura"]


def test_vocative_excludes_addressee() -> None:
    text = '"Stop it." She glared at him.\n\n"This is the last time Sasuke." He sighed out the best he could.'
    assert speakers(text, [SAKURA, SASUKE]) == ["Sakura", "Sakura"]
    assert "vocative" in reasons(text, [SAKURA, SASUKE])[1]


def test_turn_taking_alternates_untagged_lines() -> None:
    text = ('"Is he married?" asked Mr. Bennet.\n\n"Single," said Mrs. Bennet.\n\n"How so?"\n\n'
            '"Oh, very."\n\nThis was enough.\n\n"Then go."')
    assert speakers(text, BENNETS) == ["Mr. Bennet", "Mrs. Bennet", "Mr. Bennet", "Mrs. Bennet", "Mr. Bennet"]


def test_answer_to_question_and_nod() -> None:
    text = ('"Go," she said to Sasuke.\n\n"You feel bad?" He nodded furiously.\n\n'
            '"Yes! Yes!" She stumbled back.')
    assert speakers(text, [SAKURA, SASUKE]) == ["Sakura", "Sakura", "Sasuke"]


def test_first_person_narrator() -> None:
    text = '"Where is it?" I said.\n\n"Here," said Tom.'
    assert speakers(text, [], narrator="Nick") == ["Nick", "Tom"]
    assert speakers(text, [])[0] == "Narrator"


def test_later_quote_in_paragraph_with_own_tag() -> None:
    text = '"Hi," said Elizabeth. "Hello," said Mr. Bennet.'
    assert speakers(text, BENNETS) == ["Elizabeth Bennet", "Mr. Bennet"]


def test_unknown_only_without_any_evidence() -> None:
    assert speakers('"Hello."', []) == ["unknown"]


def test_discover_characters_merges_aliases_and_guesses_gender() -> None:
    text = ('"Yes," said Mr. Darcy. He bowed.\n\n"No," said Darcy. He left.\n\n'
            '"Why?" said Elizabeth. She frowned.\n\n"Because," said Elizabeth. She smiled.\n\n'
            'Fitzwilliam Darcy was proud. Mr. Darcy was tall.')
    found = {d.name: d for d in discover_characters(parse_book(parse_text(text, Path("t.txt"))))}
    assert found["Mr. Darcy"].lines == 2 and found["Mr. Darcy"].gender == "male"
    assert "Darcy" in found["Mr. Darcy"].aliases
    assert found["Elizabeth"].lines == 2 and found["Elizabeth"].gender == "female"


def test_seed_story_30_of_30() -> None:
    # quote by quote: K = Sakura, S = Sasuke (quotes 5 and 6 are the interrupted quote)
    gold = [{"K": "Sakura", "S": "Sasuke"}[c] for c in "KKKSSSSSSKKSSKSKKKKKKSKKKKSSKS"]
    script = parse_book(load_book(ROOT / "seeds" / "redemption.txt"), [SAKURA, SASUKE])
    got = [s.speaker for s in script.segments if s.kind == "dialogue"]
    assert got == gold
    assert all(0.0 <= s.confidence <= 1.0 and s.reason for s in script.segments if s.kind == "dialogue")


def test_seed_story_without_cast_discovers_addressed_speakers() -> None:
    # Sakura and Sasuke are never named in a speech tag: only addressed inside quotes
    gold = [{"K": "Sakura", "S": "Sasuke"}[c] for c in "KKKSSSSSSKKSSKSKKKKKKSKKKKSSKS"]
    book = load_book(ROOT / "seeds" / "redemption.txt")
    script = parse_book(book)
    chars = {c.name: c.gender for c in script.characters}
    assert chars.get("Sakura") == "female" and chars.get("Sasuke") == "male"
    got = [s.speaker for s in script.segments if s.kind == "dialogue"]
    assert sum(g == w for g, w in zip(got, gold, strict=True)) >= 29
    found = {d.name: d for d in discover_characters(parse_book(book))}
    assert set(found) == {"Sakura", "Sasuke"}  # Naruto, mentioned once, never speaks
    assert (found["Sakura"].gender, found["Sasuke"].gender) == ("female", "male")
    assert found["Sakura"].lines + found["Sasuke"].lines == 30


# measured (chapters 1-2, 7, 9 of Alice; 1-2, 6, 19 of P&P), with the cast in tests/data, with the
# two-pass fitted speaker model (hand rules alone before it: Alice 0.986, P&P 0.956 / no cast 0.978, 0.942):
#   Alice 363/363 found, 0.978 overall (explicit 294/296, anaphoric 56/61, implicit 5/6);
#   Pride and Prejudice 137/137 found, 0.912 overall (explicit 35/35, anaphoric 34/40, implicit 56/62).
# without any cast (discovered names mapped to the cast's): Alice 0.972 (explicit 294/296, anaphoric
# 54/61, implicit 5/6), Pride and Prejudice 0.898 (explicit 35/35, anaphoric 34/40, implicit 54/62).
# The one-pass model before it scored P&P 0.934 / 0.905 (anaphoric 38/40): the floors below were
# lowered for the two-pass model on purpose, since it gains 1.6 points on LitBank (leave-one-work-
# out), the measure; the lost P&P lines are 'she' between Elizabeth and Charlotte in chapter 6.
# These chapters are no longer the measure (bench/bench_litbank.py is); they guard against regressions.
THRESHOLDS = {"found": 0.98, "all": 0.9, "explicit": 0.97, "anaphoric": 0.84, "implicit": 0.8}
NO_CAST_THRESHOLDS = {"found": 0.98, "all": 0.89, "explicit": 0.97, "anaphoric": 0.84, "implicit": 0.83}


@pytest.mark.parametrize("book", ["PrideAndPrejudice", "AlicesAdventuresInWonderland"])
def test_gold_sample_accuracy(book: str) -> None:
    path = CORPUS / f"{book}.txt"
    if not path.exists():
        pytest.skip(f"corpus not found at {path}")
    script = parse_book(load_book(path), load_cast(DATA / f"{book}_characters.yaml"))
    result = score(script, load_gold(DATA / f"{book}_gold.tsv"))
    for key, floor in THRESHOLDS.items():
        ok, n = result[key]
        if key == "implicit" and n < 5:
            continue  # too few implicit lines in this sample to judge
        assert ok / n >= floor, f"{book} {key}: {ok}/{n}"


@pytest.mark.parametrize("book", ["PrideAndPrejudice", "AlicesAdventuresInWonderland"])
def test_gold_sample_accuracy_without_cast(book: str) -> None:
    path = CORPUS / f"{book}.txt"
    if not path.exists():
        pytest.skip(f"corpus not found at {path}")
    cast = load_cast(DATA / f"{book}_characters.yaml")
    script = map_to_cast(parse_book(load_book(path)), cast)  # discovered 'Lizzy' counts as 'Elizabeth Bennet'
    result = score(script, load_gold(DATA / f"{book}_gold.tsv"))
    for key, floor in NO_CAST_THRESHOLDS.items():
        ok, n = result[key]
        if key == "implicit" and n < 5:
            continue
        assert ok / n >= floor, f"{book} {key}: {ok}/{n}"


def test_cast_names_match_the_text_loosely() -> None:
    """'The Duchess' / 'The King Of Hearts' in the cast are 'the Duchess' / 'the King' in the text: no
    second character is invented for them."""
    cast = [Character("The Duchess", "female"), Character("The King Of Hearts", "male"), Character("Alice", "female")]
    text = ('"Hold your tongue!" said the Duchess.\n\n"Off with her head!" said the King.\n\n'
            '"Nonsense," said Alice. "The Duchess\'s cook is out."')
    script = parse_book(parse_text(text, Path("t.txt")), cast)
    assert [s.speaker for s in script.segments if s.kind == "dialogue"] == [
        "The Duchess", "The King Of Hearts", "Alice", "Alice"]
    assert {c.name for c in script.characters} == {"The Duchess", "The King Of Hearts", "Alice"}


def test_descriptor_is_a_speaker_of_its_own() -> None:
    text = ('Tom came into the inn.\n\n"Any rooms?" asked Tom.\n\n"One left, sir," said the landlord.\n\n'
            '"I\'ll take it," said Tom.')
    script = parse_book(parse_text(text, Path("t.txt")), [Character("Tom", "male")])
    assert [s.speaker for s in script.segments if s.kind == "dialogue"] == ["Tom", "the landlord", "Tom"]
    assert "the landlord" in {c.name for c in script.characters}


def test_script_comment_shows_the_runner_up() -> None:
    from pipeline.script import format_segment

    script = parse_book(load_book(ROOT / "seeds" / "redemption.txt"), [SAKURA, SASUKE])
    lines = [format_segment(s) for s in script.segments if s.kind == "dialogue"]
    with_runner = [line for line in lines if "? (" in line]
    assert with_runner, lines[:3]
    seg = next(s for s in script.segments if s.kind == "dialogue" and s.runner_up)
    assert seg.runner_up is not None
    assert f"# {seg.confidence:.2f} {seg.speaker}? ({seg.runner_up[0]} {seg.runner_up[1]:.2f})" in format_segment(seg)
    # the two chances are of exclusive events: the runner-up's never exceeds what the pick leaves
    for s in script.segments:
        if s.runner_up is not None:
            assert 0.0 <= s.runner_up[1] <= 1.0 - s.confidence + 1e-9, (s.id, s.confidence, s.runner_up)


def test_relation_tag_is_not_spoken_by_its_owner() -> None:
    # 'said her mother' after a line to Lizzy: the mother speaks, not Lizzy (whose mother she is)
    cast = [Character("Mr. Bennet", "male"), Character("Mrs. Bennet", "female"), Character("Lizzy", "female")]
    text = ('Mrs. Bennet sat by the fire.\n\n'
            'Mr. Bennet watched his second daughter trimming a hat.\n\n'
            '"I hope Mr. Bingley will like it, Lizzy," said Mr. Bennet.\n\n'
            '"We are not in a way to know what Mr. Bingley likes," said her mother resentfully.')
    assert speakers(text, cast)[1] == "Mrs. Bennet"


def test_first_person_narrator_named_by_the_book() -> None:
    # no narrator_character: the narrator's name comes from the book, and it is one voice, not two
    story = ('Some years ago I went to sea. I walked into the inn and I sat down by the fire.\n\n'
             '"Who is there?" I said.\n\n"Only me, Ishmael," said Queequeg.\n\n'
             '"Then come in," I answered. I looked at him.\n\n"Ishmael, you are cold," said Queequeg.\n\n'
             'I did not answer him. I was tired and I slept.')
    for text in ("Call me Ishmael. " + story, story):
        script = parse_book(parse_text(text, Path("t.txt")))
        assert [s.speaker for s in script.segments if s.kind == "dialogue"] == [
            "Ishmael", "Queequeg", "Ishmael", "Queequeg"]
        assert "Narrator" not in {c.name for c in script.characters}
    # someone the narrator addresses is not the narrator
    text = story.replace('"Who is there?" I said.', '"Who is there, Queequeg?" I said.')
    assert speakers(text, [])[0] != "Queequeg"


def test_quoted_words_inside_narration_are_not_speech() -> None:
    # a title, a word talked about and scare quotes stay narration; real lines (even one word) speak
    text = ('Tom had never read a novel called "Evelina" before, and the word "honour" meant little to '
            'his "friends" at the inn.\n\n"Where is it?" said Tom.\n\n"Here," said Ann. She said "no" twice.')
    script = parse_book(parse_text(text, Path("t.txt")))
    assert [s.text for s in script.segments if s.kind == "dialogue"] == ["Where is it?", "Here,", "no"]
    assert any("Evelina" in s.text and "honour" in s.text for s in script.segments if s.kind == "narration")
    # words named as words or a label keep the typesetter's comma: still no speech
    text = ('On the table was a bottle with the words "DRINK ME," beautifully printed on it. He mouthed '
            'the words "apology," "Hunsford," and "Lady Catherine de Bourgh." Then she read aloud.\n\n'
            '"Drink me," said Alice.')
    script = parse_book(parse_text(text, Path("t.txt")))
    assert [s.text for s in script.segments if s.kind == "dialogue"] == ["Drink me,"]
    # a volume's title page: a book's title after 'the Author of' (P&P's 'By the Author of "Sense and
    # Sensibility."' was a line in Elizabeth's voice)
    text = 'PRIDE AND PREJUDICE:\n\nBy the Author of "Sense and Sensibility."\n\n"Oh!" said Lydia.'
    script = parse_book(parse_text(text, Path("t.txt")))
    assert [s.text for s in script.segments if s.kind == "dialogue"] == ["Oh!"]


def test_descriptors_that_are_no_person_do_not_speak_and_a_crowd_speaks_as_one() -> None:
    # a crowd ('shouted the other men', Alice's 'the soldiers shouted in reply') is a speaker of its own,
    # not the last person to speak before it
    text = ('Tom and Ann sat down.\n\n"Where is it?" said Tom, going to the door he had shut.\n\n'
            '"Here," said Ann, going into my room and out.\n\n"Go!" shouted the other men.\n\n'
            '"Now?" said the board.\n\n"Yes," said Tom.')
    script = parse_book(parse_text(text, Path("t.txt")))
    said = [s.speaker for s in script.segments if s.kind == "dialogue"]
    names = {c.name for c in script.characters}
    for thing in ("the door he", "the door", "my room", "the board"):
        assert thing not in set(said) | names
    assert said[2] == "the other men"


def test_he_in_a_first_person_book_is_never_the_narrator() -> None:
    # 'I' is the last male mentioned before the tag, but 'he' cannot be the one telling the story
    pip, tom = Character("Pip", "male"), Character("Tom", "male")
    text = ('Tom came into the room. I stood up, and I nodded to him, and I waited.\n\n'
            '"Good morning," he said.\n\n"Good morning," I said.')
    assert speakers(text, [pip, tom], "Pip") == ["Tom", "Pip"]


def test_a_group_is_never_he_or_she() -> None:
    from pipeline.parse.context import is_group

    assert is_group("the soldiers") and is_group("the other men") and is_group("The Wolfes")
    assert not is_group("the landlord") and not is_group("the mistress") and not is_group("Soldiers")
    from pipeline.parse.characters import CharacterIndex
    from pipeline.parse.context import Salience

    index = CharacterIndex(BENNETS)
    index.add_descriptor("the soldiers", "male")
    seen = Salience()
    seen.add(10, "Mr. Bennet")
    seen.add(50, "the soldiers")
    assert seen.recent(60, "male", index)[0] == "Mr. Bennet"  # 'he' after 'the soldiers' is still one man
    assert seen.recent(60, None, index)[0] == "the soldiers"  # 'they' may be them


def test_the_tag_between_two_parts_serves_both_and_its_listener_does_not_speak() -> None:
    charlotte = Character("Charlotte Lucas", "female", ("Charlotte", "Miss Lucas"))
    text = ('Elizabeth watched Miss Lucas across the room.\n\n'
            '"What does Mr. Darcy mean," said she to Charlotte, "by listening to me?"')
    assert speakers(text, [*BENNETS, charlotte, Character("Mr. Darcy", "male")]) == ["Elizabeth Bennet"] * 2


def test_lookahead_sees_the_next_two_turns_of_the_conversation() -> None:
    from pipeline.parse import attribute_book
    from pipeline.parse.attribution import lookahead

    text = ('"Where were you?" said Elizabeth.\n\n"Out," said Mr. Bennet.\n\n"Out where?"\n\n'
            '"In the garden, Lizzy," said Mr. Bennet.\n\nA long silence fell. ' + "It rained. " * 120
            + '\n\n"Tea?" said Mrs. Bennet.')
    quoted, atts, _chars = attribute_book(parse_text(text, Path("t.txt")), BENNETS)
    vocs = [frozenset({"Elizabeth Bennet"}) if any("Lizzy" in text[q.start:q.end] for q in qp.quotes)
            else frozenset() for qp in quoted]
    ahead = lookahead(quoted, atts, vocs)
    firsts = [i for i, qp in enumerate(quoted) if qp.quotes]
    a0 = ahead[firsts[0]]
    assert a0 is not None and (a0.next1, a0.next1_certain, a0.next2) == ("Mr. Bennet", True, atts[firsts[2]][0].speaker)
    a2 = ahead[firsts[2]]  # 'Out where?': the next turn names its speaker and addresses Elizabeth
    assert a2 is not None and a2.next1 == "Mr. Bennet" and a2.next_vocs == {"Elizabeth Bennet"}
    assert a2.until_certain == 0
    last = ahead[firsts[3]]  # the long narration ends the conversation: nothing after it counts
    assert last is not None and last.next1 is None and last.until_certain == 5
    # and the shipped two-pass parse gives the untagged line to the one the tags surround
    assert atts[firsts[2]][0].speaker == "Elizabeth Bennet"


def test_step_and_in_law_relatives_are_descriptors_of_a_gender() -> None:
    # 'said his step-son': a man other than the one whose step-son he is (not the most recent male)
    pett, ogden = Character("Mr. Pett", "male"), Character("Ogden", "male")
    text = ('Ogden sprawled in a chair. Mr. Pett stood in the doorway and looked at Ogden.\n\n'
            '"Got a grouch, haven\'t you, pop?" said Ogden.\n\n"I will not be spoken to like that!" said Mr. Pett.\n\n'
            '"I thought you had," said his step-son complacently.')
    assert speakers(text, [pett, ogden])[-1] == "Ogden"
    from pipeline.parse.person_nouns import FEMALE_NOUNS, MALE_NOUNS

    assert {"step-son", "stepson", "son-in-law", "half-brother"} <= MALE_NOUNS
    assert {"step-mother", "mother-in-law", "granddaughter"} <= FEMALE_NOUNS
    assert "half-wife" not in FEMALE_NOUNS


def test_a_relative_the_narration_only_guesses_at_is_no_mention() -> None:
    # North and South: 'while her aunt adjusted the shawl' -- the cast names no aunt of Margaret's (by
    # surname); the most recent woman but Margaret (Edith) is a guess, and as a mention it made the
    # next 'said she' Edith's
    cast = [Character("Margaret", "female"), Character("Edith", "female"), Character("Mrs. Shaw", "female")]
    text = ('"Edith is asleep," said Margaret.\n\n'
            "Margaret stood under the chandelier, quite silent and passive, while her aunt adjusted the shawl.\n\n"
            '"How pretty it is," said she.\n\n')
    assert speakers(text, cast) == ["Margaret", "Margaret"]


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_possessive_tag_names_a_relative_through_its_owner(apostrophe: str) -> None:
    # 'exclaimed my brother's wife' is not 'my brother'; 'said Mr. Bennet's wife' is not Mr. Bennet
    from pipeline.parse.tags import tag_after

    text = f'"Rudolf!" exclaimed my brother{apostrophe}s wife, blushing.'
    tag = tag_after(text, text.index("!") + 2, len(text))
    assert tag is not None and tag.subject == f"my brother{apostrophe}s wife"
    text = (f'Mr. Bennet and Elizabeth came in.\n\n"Sit down," said Mr. Bennet.\n\n'
            f'"Not yet," said Mr. Bennet{apostrophe}s wife.')
    assert speakers(text, BENNETS) == ["Mr. Bennet", "Mrs. Bennet"]
    robert, rose = Character("Robert", "male", ("my brother",)), Character("Rose", "female")
    text = ('Robert and Rose sat at breakfast with me, and Rose poured the tea.\n\n'
            f'"Rudolf!" exclaimed my brother{apostrophe}s wife.')
    assert speakers(text, [Character("Rudolf", "male"), robert, rose], "Rudolf") == ["Rose"]


def test_reported_speech_is_a_turn() -> None:
    # 'Mr. Bennet replied that he had not.': he has answered, so 'returned she' is his wife again
    text = ('"My dear Mr. Bennet," said his lady to him one day, "have you heard the news?"\n\n'
            'Mr. Bennet replied that he had not.\n\n'
            '"But it is," returned she; "for Mrs. Long has just been here."')
    assert speakers(text, BENNETS) == ["Mrs. Bennet"] * 4


def test_a_later_quote_bound_to_the_one_before_is_no_surer_than_it() -> None:
    text = ('Elizabeth and Jane sat with Mr. Bennet.\n\n"Well?"\n\n'
            '"I cannot say," she said. "Perhaps. I do not know what to think of it."')
    script = parse_book(parse_text(text, Path("t.txt")), BENNETS)
    lines = [s for s in script.segments if s.kind == "dialogue"]
    assert lines[2].speaker == lines[1].speaker and lines[2].reason.startswith("same paragraph")
    assert lines[2].confidence <= lines[1].confidence


def test_the_one_doctor_of_the_cast_is_the_doctor() -> None:
    # 'Dr. Archie' is 'the doctor' in narration and tags; with two captains, 'the captain' is neither
    from pipeline.parse.characters import CharacterIndex

    archie, kronborg = Character("Dr. Archie", "male"), Character("Kronborg", "male")
    index = CharacterIndex([archie, kronborg, Character("Captain Flint", "male"), Character("Captain Hook", "male")])
    assert index.resolve("the doctor") == index.resolve("the Doctor") == "Dr. Archie"
    assert index.resolve("the captain") is None
    text = ('Kronborg sat with his wife. The doctor beckoned Kronborg into the room.\n\n'
            '"You have a very sick child," said the doctor.\n\n"Is it bad?" asked Kronborg.\n\n'
            'The doctor looked at him and he said: "It is pneumonia."')
    assert speakers(text, [archie, kronborg]) == ["Dr. Archie", "Kronborg", "Dr. Archie"]


def test_a_tag_subject_is_a_person_not_the_words_before_it() -> None:
    from pipeline.parse.tags import descriptor_phrase, tag_before

    text = "While my aunt was ladling out my stirabout he said, as if returning to a remark of his:"
    tag = tag_before(text, 0, len(text))
    assert tag is not None and tag.subject == "he"
    text = "She saw, I suppose, the doubt in my face, for she put the rosary round my neck, and said, "
    tag = tag_before(text, 0, len(text))
    assert tag is not None and tag.subject == "she"
    for thing in ("doubt", "excitement", "expression", "darkness"):
        assert descriptor_phrase([thing]) == []
    assert descriptor_phrase(["landlord"]) == ["landlord"]


def test_a_listener_in_the_beat_is_not_the_speaker() -> None:
    # 'Sakura listened': the one listening is spoken to; the line is the other party's
    text = ('Sakura and Sasuke stood on the platform.\n\n'
            '"The train is late again." Sakura listened without a word.')
    assert speakers(text, [SAKURA, SASUKE]) == ["Sasuke"]
    assert reasons(text, [SAKURA, SASUKE])[0].startswith('Sakura listens ("Sakura listened")')


def test_a_description_in_narration_is_the_cast_member_it_names() -> None:
    # 'The clergyman explained ...' is the parson of the cast, so the 'he' after it is the parson,
    # not the man who spoke last
    parson, john = Character("Parson Tringham", "male"), Character("Durbeyfield", "male")
    text = ('"Good night," said the parson.\n\n'
            '"And how long has this been known, Parson Tringham?" said Durbeyfield.\n\n'
            'The clergyman explained that it had quite died out of knowledge.\n\n'
            '"At first I resolved not to disturb you," said he.')
    assert speakers(text, [parson, john]) == ["Parson Tringham", "Durbeyfield", "Parson Tringham"]
    # an unknown description names nobody: for the rules 'he' stays the last man who spoke (the
    # ranker may still weigh the parson, whom that man asked)
    text = text.replace("The clergyman", "The stranger")
    why = reasons(text, [parson, john])[-1]
    assert why == 'pronoun "he" -> Durbeyfield (most recent male)' or why.endswith("(rules said Durbeyfield)")


def test_another_descriptor_is_a_new_speaker() -> None:
    henry = Character("Henry", "male")
    text = ('Henry sat by the fire.\n\n"We are going to move," said the tall soldier.\n\n'
            '"It\'s a lie!" said another soldier loudly.')
    assert speakers(text, [henry]) == ["the tall soldier", "another soldier"]


def test_a_sentence_before_the_quote_is_not_its_tag() -> None:
    from pipeline.parse.tags import tag_before

    # 'began to cry.' ends a sentence of narration: the tag after the quote names the speaker
    betsey, mother = Character("Miss Betsey", "female"), Character("my mother", "female")
    text = ("Miss Betsey said nothing, and my mother, after vainly trying to restrain herself, began to cry. "
            '"Oh tut, tut, tut!" said Miss Betsey, in a hurry.')
    assert speakers(text, [betsey, mother]) == ["Miss Betsey"]
    # the subject right before its verb, past an auxiliary, speaks ('Nasty Roche had asked:')
    text = "And when Stephen had not been able to answer Nasty Roche had asked:"
    tag = tag_before(text, 0, len(text))
    assert tag is not None and tag.subject == "Nasty Roche"
    # a noun after a preposition is no subject ('on the beach at Newport, ... read to from')
    text = "while little rich boys were defying governesses on the beach at Newport, or being read to from "
    tag = tag_before(text, 0, len(text))
    assert tag is None or "beach" not in tag.subject
    # ... nor one after 'through', 'across' and the like ('through his eyeglass and murmured,')
    text = "Sir Henry beamed at me mysteriously through his eyeglass and murmured, "
    tag = tag_before(text, 0, len(text))
    assert tag is not None and tag.subject == "Sir Henry"
    # no subject at a clause start: the personal pronoun, not a thing after a verb
    text = "but at last it unfolded its arms, took the hookah out of its mouth again, and said, "
    tag = tag_before(text, 0, len(text))
    assert tag is not None and tag.subject == "it"
    from pipeline.parse.tags import descriptor_phrase as phrase

    assert phrase(["hookah", "out", "of"]) == ["hookah"]
    # a subordinate clause's subject is not the verb's ('and when she ceased speaking, replied thus,'),
    # unless the verb belongs to that clause ('when she instantly drew back, and said')
    for text, subject in (
        ("Mr. Collins listened to her with the determined air of following his own inclination, and when "
         "she ceased speaking, replied thus,", "Mr. Collins"),
        ("Elizabeth, when he had finished, said coldly,", "Elizabeth"),
        ("He would have given it to Mr. Darcy, when she instantly drew back, and said with some "
         "discomposure to Sir William,", "she"),
    ):
        tag = tag_before(text, 0, len(text))
        assert tag is not None and tag.subject == subject



def test_more_speech_verbs_and_the_subject_after_a_sentence_break() -> None:
    from pipeline.parse.tags import tag_before

    amy, jo, beth = Character("Amy", "female"), Character("Jo", "female"), Character("Beth", "female")
    text = ('"I don\'t believe any of you suffer as I do," cried Amy.\n\n'
            '"If you mean libel, I\'d say so," advised Jo, laughing.\n\n'
            '"Don\'t quarrel," put in Beth.')
    assert speakers(text, [amy, jo, beth]) == ["Amy", "Jo", "Beth"]
    # two spaces after the full stop: 'He' still starts the sentence, so he is the subject
    text = ("old Pontifex was scolding his boy.  He had got the lad--a pudding-headed fellow--by the ear "
            "and was saying, ")
    tag = tag_before(text, 0, len(text))
    assert tag is not None and tag.subject == "He"


def test_the_one_a_tag_says_a_line_is_spoken_to_answers_it() -> None:
    # 'said Elizabeth to Jane': Jane answers, not Lydia who spoke before Elizabeth
    lydia, eliza, jane = Character("Lydia", "female"), Character("Elizabeth", "female"), Character("Jane", "female")
    text = ('"We go tomorrow," said Lydia.\n\n"Are you coming with us?" said Elizabeth to Jane.\n\n"Directly."')
    assert speakers(text, [lydia, eliza, jane]) == ["Lydia", "Elizabeth", "Jane"]
    # a description an earlier tag made a speaker is spoken to the same way ('whispered to the nurse')
    emma, carey = Character("Emma", "female"), Character("Mrs. Carey", "female")
    text = ('"Hush," said the nurse.\n\n"We go tomorrow," said Emma.\n\n'
            '"Was it a girl or a boy?" Mrs. Carey whispered to the nurse.\n\n"Another boy."')
    assert speakers(text, [emma, carey]) == ["the nurse", "Emma", "Mrs. Carey", "the nurse"]


def test_a_known_description_leads_into_the_next_line() -> None:
    # 'The girl flushed.' before an untagged line: the girl speaks (not Tuppence, by alternation)
    tuppence = Character("Tuppence", "female")
    text = ('"Hush," said the girl.\n\n"Yes," said Tuppence.\n\n"You are an American?" said the stranger.\n\n'
            'The girl flushed.\n\n"Of course I am!"')
    assert speakers(text, [tuppence]) == ["the girl", "Tuppence", "the stranger", "the girl"]
    assert reasons(text, [tuppence])[-1] == "narration before is about the girl"
    # a description nobody has spoken as names no one
    text = text.replace("The girl flushed.", "The train stopped.")
    assert reasons(text, [tuppence])[-1] != "narration before is about the train"


def test_an_epithet_before_a_name_in_a_tag() -> None:
    moze, snake = Character("Moze", "male"), Character("Snake", "male")
    text = ('"Wal, Beasley ain\'t here yet," said Snake.\n\n'
            '"Fire feels good," said the burly Moze, who appeared as broad as he was black-visaged.')
    assert reasons(text, [moze, snake])[1] == 'explicit tag "said the burly Moze"'
    # 'the other Snake' is somebody else
    text = text.replace("the burly Moze", "the other Snake")
    assert speakers(text, [moze, snake])[1] != "Snake"


def test_a_narration_paragraph_ending_in_colon_and_hyphens_tags_the_next_line() -> None:
    # ':--' (a dash typed as two hyphens) introduces the quote of the next paragraph as ':' does
    cast = [Character("Dr. Archie", "male"), Character("Kronborg", "male"), Character("Thea", "female")]
    text = ('"Is she asleep?" asked Kronborg.\n\n"Yes," said Thea.\n\n'
            'Dr. Archie took off his coat, and said sternly:--\n\n"You have a very sick child in there."')
    assert reasons(text, cast)[-1] == 'explicit tag "said Dr. Archie"'


def test_a_role_synonym_in_a_tag_names_the_one_holder_of_the_role() -> None:
    # 'said the physician' is the cast's one doctor; with two doctors it is neither of them
    archie, thea = Character("Dr. Archie", "male"), Character("Thea", "female")
    text = '"Is it bad?" asked Thea.\n\n"It is pneumonia," said the physician.'
    assert speakers(text, [archie, thea]) == ["Thea", "Dr. Archie"]
    assert speakers(text, [archie, Character("Dr. Howard", "male"), thea])[1] == "the physician"


def test_mentions_of_a_stretch_are_the_names_inside_it() -> None:
    from pipeline.parse.characters import CharacterIndex

    index = CharacterIndex(BENNETS)
    text = 'Mr. Bennet looked up. "Lizzy," said Mrs. Bennet, "fetch Elizabeth Bennet\'s book."'
    whole = index.mentions(text, 0, len(text))
    assert [(text[p : p + 10], n) for p, n in whole] == [
        ("Mr. Bennet", "Mr. Bennet"), ("Lizzy,\" sa", "Elizabeth Bennet"), ("Mrs. Benne", "Mrs. Bennet"),
        ("Elizabeth ", "Elizabeth Bennet")]
    quote = text.index("Lizzy")
    assert index.mentions(text, quote, quote + 5) == [(quote, "Elizabeth Bennet")]
    # a stretch that ends inside a name does not hold it; asked again, the answer is the same
    cut = text.index("Mrs. Bennet") + 6
    assert index.mentions(text, quote, cut) == [(quote, "Elizabeth Bennet")]
    assert index.mentions(text, 0, len(text)) == whole
    # another text is scanned afresh
    assert index.mentions("Lizzy laughed.", 0, 14) == [(0, "Elizabeth Bennet")]


def test_it_said_is_the_creature_just_named_even_with_a_gender() -> None:
    # 'it' prefers a speaker of no gender only among the last two mentioned, not 'the youth' of
    # several lines back over the Caterpillar just named
    cast = [Character("Alice", "female"), Character("Caterpillar", "male")]
    text = ('"You are old," said the youth.\n\n"Not quite right," said Alice.\n\n'
            '"It is wrong," said the Caterpillar.\n\nThe Caterpillar was the first to speak.\n\n'
            '"What size do you want to be?" it asked.')
    assert speakers(text, cast)[-1] == "Caterpillar"
    # with a creature of no gender just named, 'it' is that one
    cast[1] = Character("Caterpillar", "unknown")
    text = text.replace("The Caterpillar was the first to speak.", "Alice looked at the Caterpillar.")
    assert speakers(text, cast)[-1] == "Caterpillar"


def test_a_later_speech_in_the_paragraph_does_not_exclude_whom_it_addresses() -> None:
    # '"Alice!"' read out by the Rabbit after a sentence break addresses Alice; it does not stop
    # 'she said to herself' before it from being Alice
    cast = [Character("Alice", "female"), Character("Queen", "female"), Character("White Rabbit", "male")]
    text = ('"Off with her head!" said the Queen.\n\n'
            'Alice watched the White Rabbit, "--for they haven\'t got much evidence _yet_," she said to herself. '
            'Imagine her surprise, when the White Rabbit read out, at the top of his shrill little voice, '
            'the name "Alice!"')
    assert speakers(text, cast) == ["Queen", "Alice", "White Rabbit"]
    # within one speech, a name addressed later still excludes ('"Jane," said she, "come here, Lydia."')
    text = '"Come in," said Jane.\n\n"Mind the step," she said, "and sit down, Jane."'
    assert speakers(text, [Character("Jane", "female"), Character("Lydia", "female")])[1] == "Lydia"


def test_a_relation_tag_interrupting_a_speech_keeps_one_speaker() -> None:
    # 'said his father' between two parts: once the father has spoken he is salient, and the tag
    # must not make his own father (someone else) the speaker of the second part
    cast = [Character("Father William", "male")]
    text = ('"You are old," said the youth, "and your hair has become very white."\n\n'
            '"In my youth," said his father, "I took to the law, and argued each case with my wife."')
    assert speakers(text, cast) == ["the youth", "the youth", "Father William", "Father William"]


def test_one_of_a_group_is_a_speaker_of_its_own() -> None:
    # 'said one of the jurymen' is neither the King nor the Rabbit; 'another of the jurymen' is a second
    king, rabbit = Character("King", "male"), Character("White Rabbit", "male")
    text = ('"It isn\'t directed at all," said the White Rabbit.\n\n"Read them," said the King.\n\n'
            '"Who is it directed to?" said one of the jurymen.\n\n'
            '"Are they in the prisoner\'s handwriting?" asked another of the jurymen.\n\n'
            '"No, they\'re not," said the White Rabbit.')
    assert speakers(text, [king, rabbit]) == ["White Rabbit", "King", "one of the jurymen",
                                              "another of the jurymen", "White Rabbit"]


def test_a_speaker_may_name_herself() -> None:
    # '"Oh, you foolish Alice!" she answered herself': the name addressed is the speaker's own
    alice, mary = Character("Alice", "female"), Character("Mary Ann", "female")
    text = ('"Mary Ann! Fetch me my gloves," said a voice.\n\n'
            'Alice sat down. "I shall never grow up," she thought.\n\n'
            '"Oh, you foolish Alice!" she answered herself.')
    assert speakers(text, [alice, mary])[-1] == "Alice"


def test_a_descriptor_ends_at_a_verb_or_the_next_article() -> None:
    from pipeline.parse.tags import descriptor_phrase

    assert descriptor_phrase(["former", "continued", "the"]) == []  # 'the former continued the ...': no one new
    assert descriptor_phrase(["old", "man", "continued"]) == ["old", "man"]
    assert descriptor_phrase(["landlord", "the", "next"]) == ["landlord"]


def test_narration_closing_a_paragraph_leads_into_the_next_line() -> None:
    # after Ogden's tagged line the paragraph goes on about Ogden: for the rules the next untagged
    # line is his, not the alternation's Mr. Pett (the ranker weighs that against the alternation)
    ogden, pett = Character("Ogden", "male"), Character("Mr. Pett", "male")
    text = ('"I wish you would not eat candy all day," said Mr. Pett.\n\n'
            '"Mother gave it to me," said Ogden simply. Mr. Pett grunted. '
            'Ogden celebrated his victory by putting another piece of candy in his mouth.\n\n'
            '"Got a grouch this morning, haven\'t you?"')
    why = reasons(text, [ogden, pett])[-1]
    assert why == "narration before is about Ogden" or why.endswith("(rules said Ogden)")


def test_a_later_quote_naming_the_speaker_before_is_someone_else() -> None:
    # '"... a witch," observed Fergus. "Nonsense, Fergus! ..."': no tag of its own, but it answers him
    rose, fergus = Character("Rose", "female"), Character("Fergus", "male")
    text = ('"Impossible!" cried Rose.\n\n'
            '"I\'d hoped she was a witch," observed Fergus, carving his bread. "Nonsense, Fergus! '
            'But isn\'t it strange?"')
    assert speakers(text, [rose, fergus]) == ["Rose", "Fergus", "Rose"]
    # a name that is not set off as an address ('I was a real Turtle.') changes no one
    turtle = Character("Mock Turtle", "male")
    text = '"Once," said the Mock Turtle at last, with a deep sigh, "I was a real Turtle."'
    assert speakers(text, [turtle, Character("Alice", "female")]) == ["Mock Turtle", "Mock Turtle"]


def test_kinship_words_address_the_character_the_cast_names_so() -> None:
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [Character("the mother", "female", ("the mamma",)), Character("Rose", "female"),
            Character("Fergus", "male")]
    text = '"But isn\'t it strange, mamma?" "Yes, Papa." "He is my father." "Oh, Mother!"'
    att = Attributor(text, CharacterIndex(cast), "Narrator", False)
    assert att.vocatives(0, text.index(" \"Yes")) == {"the mother"}
    assert att.vocatives(text.index("\"He"), text.index(" \"Oh")) == set()  # not said to him
    assert att.vocatives(text.index("\"Oh"), len(text)) == {"the mother"}
    # no one in the cast is a father: 'Papa' addresses no one
    assert att.vocatives(text.index("\"Yes"), text.index(" \"He")) == set()


def test_my_mother_in_a_first_person_book_is_the_cast_s_mother() -> None:
    cast = [Character("Gilbert", "male"), Character("the mother", "female"), Character("Fergus", "male")]
    text = 'I came home late.\n\n"Where have you been?" cried my mother.\n\n"Out," said Fergus.'
    assert speakers(text, cast, "Gilbert") == ["the mother", "Fergus"]


def test_a_titled_name_s_surname_alone_is_that_character() -> None:
    # a cast that says 'Mr. Darcy' and 'Father Arnall' without aliases: 'Darcy', 'Arnall' are them;
    # 'Bennet' is Mr. or Mrs. Bennet, so it names neither
    cast = [Character("Mr. Darcy", "male"), Character("Father Arnall", "male"), *BENNETS[:2]]
    text = ('"No," said Darcy.\n\nArnall looked at his copybook and said:\n\n"Right. Bravo Lancaster!"\n\n'
            '"Well," said Bennet.')
    got = speakers(text, cast)
    assert got[:2] == ["Mr. Darcy", "Father Arnall"]
    assert got[2] not in ("Mr. Bennet", "Mrs. Bennet")


def test_a_sentence_after_a_dash_introduces_the_quote() -> None:
    # '.--Mr. Collins ... and when she ceased speaking, replied thus,': a sentence starts after '.--',
    # and its main clause's subject speaks, not the subordinate clause's 'she'
    cast = [Character("Mr. Collins", "male"), Character("Elizabeth", "female"), Character("Mr. Darcy", "male")]
    text = ('Elizabeth tried hard to dissuade him; it must belong to Mr. Darcy, the superior in consequence, '
            'to begin the acquaintance.--Mr. Collins listened to her with the determined air of following his '
            'own inclination, and when she ceased speaking, replied thus,\n\n'
            '"My dear Miss Elizabeth, I have the highest opinion of your judgment."')
    assert speakers(text, cast) == ["Mr. Collins"]


def test_a_sentence_ending_in_its_speech_verb_introduces_the_quote_and_appositives_are_not_addressed() -> None:
    # 'he thus explained.' ends a sentence but introduces the quote; 'my cousin, Mr. Collins, who ...'
    # talks about Mr. Collins, so 'his wife' is Mr. Bennet's, not Mrs. Collins
    cast = [*BENNETS[:2], Character("Mr. Collins", "male"), Character("Mrs. Collins", "female"),
            Character("Jane", "female")]
    text = ('"It is not Mr. Bingley," said Mr. Bennet.\n\n'
            '"Then who is it?" asked Jane.\n\n'
            'After amusing himself some time with their curiosity, he thus explained. "About a month ago I '
            'received this letter. It is from my cousin, Mr. Collins, who may turn you all out."\n\n'
            '"Oh! my dear," cried his wife, "I cannot bear it."')
    assert speakers(text, cast) == ["Mr. Bennet", "Jane", "Mr. Bennet", "Mrs. Bennet", "Mrs. Bennet"]


def test_my_in_a_third_person_book_is_no_beat_of_the_narrator() -> None:
    # 'My mind however is now made up' is a letter's words read aloud, not a narrator who speaks
    text = ('"Listen to his letter," said Mr. Bennet to his wife.\n\n'
            '"There, Mrs. Bennet." My mind however is now made up on the subject.')
    got = speakers(text, BENNETS)
    assert got[0] == "Mr. Bennet" and "Narrator" not in got


def test_mamma_said_by_a_daughter_addresses_her_mother() -> None:
    # Lydia Bennet says 'mamma': Mrs. Bennet (her surname, the mother's title) is addressed and answers
    cast = [Character("Lydia Bennet", "female", ("Lydia",)), Character("Mrs. Bennet", "female"),
            Character("Elizabeth", "female"), Character("Mr. Bennet", "male")]
    text = ('Mrs. Bennet sat by the fire with her daughters.\n\n"I shall go to Brighton," said Elizabeth.\n\n'
            '"Oh! I wish we could all go," said Lydia. "What a pity it is, mamma, we did not all go."\n\n'
            '"Very true; and if I had my will, we should."')
    # the hand rules give the line to her (the fitted model weighs that against the alternation)
    script = parse_book(parse_text(text, Path("t.txt")), cast, weights=None)
    last = [s for s in script.segments if s.kind == "dialogue"][-1]
    assert last.speaker == "Mrs. Bennet" and last.reason == "turn-taking: Lydia Bennet addressed Mrs. Bennet"


def test_sister_said_by_a_brother_addresses_his_sister_by_surname() -> None:
    # Mansfield Park ch. 5: Henry Crawford's 'sister' is Mary Crawford (his surname, a woman), who answers
    # though Julia, whom the narration named last, is talked about; and the conversation alternates on
    cast = [Character("Henry Crawford", "male", ("Henry", "Mr. Crawford")),
            Character("Mary Crawford", "female", ("Miss Crawford", "Mary")),
            Character("Julia Bertram", "female", ("Julia",))]
    text = ('Miss Crawford had dined with the Bertrams. Julia was in high spirits.\n\n'
            '"I like your Miss Bertrams exceedingly, sister," said he, as he returned from the carriage.\n\n'
            '"So they are indeed. But you like Julia best."\n\n"Oh yes! I like Julia best."\n\n'
            '"But do you really?"')
    got = speakers(text, cast)
    assert got == ["Henry Crawford", "Mary Crawford", "Henry Crawford", "Mary Crawford"]


def test_a_name_and_comma_calls_her_and_her_reported_answer_is_a_turn() -> None:
    # Mansfield Park ch. 7: '"Fanny," said Edmund, "I am sure ..."' calls Fanny though Julia's line talked
    # of her; 'She could not deny it, but said it was not very bad' is Fanny answering (a that-less
    # clause reported); so after his next question the line is hers, not Julia's
    cast = [Character("Fanny Price", "female", ("Fanny",)), Character("Edmund Bertram", "male", ("Edmund",)),
            Character("Julia Bertram", "female", ("Julia",))]
    text = ('"I must say, ma\'am, that Fanny is as little upon the sofa as anybody," said Julia.\n\n'
            '"Fanny," said Edmund, after looking at her attentively, "I am sure you have the headache."\n\n'
            'She could not deny it, but said it was not very bad.\n\n'
            '"I can hardly believe you," he replied; "How long have you had it?"\n\n'
            '"Since a little before dinner. It is nothing but the heat."')
    got = speakers(text, cast)
    assert got[-1] == "Fanny Price"


def test_a_name_the_quote_goes_on_about_after_its_tag_is_no_call() -> None:
    # P&P ch. 16: '"Lady Catherine de Bourgh," she replied, "has very lately given him a living."' repeats
    # the name the last line talked of as the subject of her sentence: no one is called, so the man who
    # asked answers her
    cast = [Character("Elizabeth", "female"), Character("Mr. Wickham", "male", ("Wickham",)),
            Character("Lady Catherine de Bourgh", "female", ("Lady Catherine",)), Character("Mr. Collins", "male")]
    text = ('"Thanks to Lady Catherine de Bourgh, I am removed far beyond such matters," said Mr. Collins.\n\n'
            'Mr. Wickham\'s attention was caught; and he asked Elizabeth in a low voice whether her relation '
            'knew the family well.\n\n'
            '"Lady Catherine de Bourgh," she replied, "has very lately given him a living."\n\n'
            '"You know of course that Lady Catherine de Bourgh and Lady Anne Darcy were sisters."')
    book = parse_text(text, Path("t.txt"))
    got = [s.speaker for s in parse_book(book, cast, weights=None).segments if s.kind == "dialogue"]
    assert got[-1] == "Mr. Wickham"


def test_narration_saying_someone_began_scolding_gives_her_the_next_line() -> None:
    # Mansfield Park ch. 7: '... she was on the sofa. Mrs. Norris began scolding.' then the scolding
    cast = [Character("Fanny Price", "female", ("Fanny",)), Character("Edmund Bertram", "male", ("Edmund",)),
            Character("Mrs. Norris", "female")]
    text = ('"But where is Fanny?" said Edmund.\n\n"No, not that I know of," replied Mrs. Norris.\n\n'
            'Her own gentle voice told them that she was on the sofa. Mrs. Norris began scolding.\n\n'
            '"That is a very foolish trick, Fanny, to be idling away all the evening upon a sofa."')
    got = [s for s in parse_book(parse_text(text, Path("t.txt")), cast).segments if s.kind == "dialogue"]
    assert got[-1].speaker == "Mrs. Norris" and "began scolding" in got[-1].reason


def test_the_one_whose_saying_leads_in_the_quote_speaks() -> None:
    # Mansfield Park ch. 8 and 20, Emma ch. 44: a possessive before 'saying', or the one heard to say,
    # speaks; the clause's subject ('the matter', 'the sensations') is no speaker of its own
    cast = [Character("Mrs. Grant", "female"), Character("Lady Bertram", "female"),
            Character("Julia", "female"), Character("Sir Thomas", "male")]
    text = ('Julia and Sir Thomas waited. While each of them was meditating, the matter was settled by Mrs. Grant\'s '
            'saying, as she stepped from the carriage, "As there are five of you, one should sit with Henry."\n\n'
            'In the elation of her spirits Lady Bertram became talkative, and what were the sensations of her '
            'children upon hearing her say, "How do you think the young people have been amusing themselves?"')
    got = speakers(text, cast)
    assert got == ["Mrs. Grant", "Lady Bertram"]
    # (Twenty Thousand Leagues ch. 30: 'by Captain Nemo reciting these lines from Virgil:', a name without
    # its 's)
    crew = [Character("Captain Nemo", "male", ("Nemo",)), Character("Ned Land", "male", ("Ned",))]
    text = ('"We shall see," replied Ned Land.\n\nThus I only knew we were near the Island of Carpathos, one of '
            'the Sporades, by Captain Nemo reciting these lines from Virgil:\n\n"Est Carpathio Neptuni gurgite '
            'vates, Caeruleus Proteus,"')
    assert speakers(text, crew) == ["Ned Land", "Captain Nemo"]


def test_a_pronoun_beat_after_a_quote_opening_its_paragraph_is_the_other_party() -> None:
    # Mansfield Park ch. 22: Fanny says '"Too quiet for you, I believe."'; the next paragraph's '"...,"
    # and her eyes brightened as she spoke' is Mary Crawford taking her turn, not Fanny again
    cast = [Character("Fanny Price", "female", ("Fanny",)), Character("Mary Crawford", "female", ("Miss Crawford",))]
    text = ('"To say the truth," replied Miss Crawford, "I see no wonder in this shrubbery."\n\n'
            '"_Too_ quiet for you, I believe," said Fanny.\n\n'
            '"I should have thought so myself, but," and her eyes brightened as she spoke, "I never spent so '
            'happy a summer."')
    got = speakers(text, cast)
    assert got[-1] == "Mary Crawford"


def test_one_of_the_conversation_leaving_ends_it() -> None:
    # Mansfield Park ch. 3: after 'Fanny left the room', her talk with Edmund is a new conversation:
    # Mrs. Norris, who spoke with her before, takes no part in it
    cast = [Character("Fanny Price", "female", ("Fanny",)), Character("Edmund Bertram", "male", ("Edmund",)),
            Character("Mrs. Norris", "female")]
    text = ('"So, Fanny, you are going to leave us," said Mrs. Norris.\n\n"And am I never to live here again?" '
            'said Fanny.\n\n"Never, my dear."\n\nFanny left the room with a very sorrowful heart. As soon as she '
            'met with Edmund she told him her distress.\n\n"Cousin," said she, "something is going to happen."'
            '\n\n"Indeed!"\n\n"Yes; my aunt has just told me so."\n\n"Well, Fanny, I should call it an excellent '
            'plan."')
    got = speakers(text, cast)
    assert "Mrs. Norris" not in got[3:] and got[-1] == "Edmund Bertram"


def test_the_voice_the_narration_hears_speaks_next() -> None:
    # Of Human Bondage ch. 1: 'He went out of the room. ... He heard Henrietta Watkin's voice.'
    cast = [Character("Philip", "male"), Character("Miss Watkin", "female", ("Henrietta Watkin", "Henrietta")),
            Character("Emma", "female")]
    text = ('"My poor child," said Miss Watkin.\n\n"I\'ve got to go home," said Philip.\n\nHe went out of the '
            'room. Emma had gone downstairs, and he waited for her on the landing. He heard Henrietta Watkin\'s '
            'voice.\n\n"His mother was my greatest friend."')
    got = [s for s in parse_book(parse_text(text, Path("t.txt")), cast).segments if s.kind == "dialogue"]
    assert got[-1].speaker == "Miss Watkin" and "voice" in got[-1].reason


def test_the_wife_of_a_sir_is_a_lady() -> None:
    # Mansfield Park ch. 3: 'he mentioned its probability to his wife; ... she calmly observed to her':
    # Sir Thomas Bertram's wife is Lady Bertram (a Sir's wife is no 'Mrs.'), not Mrs. Grant named before
    cast = [Character("Sir Thomas Bertram", "male", ("Sir Thomas",)), Character("Lady Bertram", "female"),
            Character("Fanny Price", "female", ("Fanny",)), Character("Mrs. Grant", "female")]
    text = ('Mrs. Grant was a good woman.\n\nThe time was now come when Sir Thomas expected his sister-in-law to '
            'claim her share in their niece, the change in her situation seeming not merely to do away any former '
            'objection to their living together, but even to give it the most decided eligibility; and as his own '
            'circumstances were rendered less fair than heretofore, it became not undesirable to himself to be '
            'relieved from the expense of her support. In the fullness of his belief that such a thing must be, he '
            'mentioned its probability to his wife; and the first time of the subject occurring to her again '
            'happening to be when Fanny was present, she calmly observed to her, "So, Fanny, you are going to '
            'leave us."')
    got = speakers(text, cast)
    assert got == ["Lady Bertram"]


def test_a_full_name_exclaimed_mid_quote_is_wondered_at_not_called() -> None:
    # Mansfield Park ch. 30: Mary Crawford to her brother, of the girl he means to marry, who is not there:
    # 'Fanny Price! wonderful, quite wonderful! ... Does she know her own happiness?' / 'No.' (Henry);
    # 'my dear Miss Dashwood! have you heard' still calls her
    cast = [Character("Henry Crawford", "male", ("Henry",)), Character("Mary Crawford", "female", ("Mary",)),
            Character("Fanny Price", "female", ("Fanny",))]
    text = ('"I am quite determined, Mary," said Henry.\n\n"Well, well, I am satisfied. I am in no hurry for the '
            'rest. Fanny Price! wonderful, quite wonderful! Does she know her own happiness?"\n\n"No."')
    got = speakers(text, cast)
    assert got == ["Henry Crawford", "Mary Crawford", "Henry Crawford"]


def test_your_ladyship_addresses_the_lady_and_her_ladyships_answer_is_hers() -> None:
    # Mansfield Park ch. 25: '"Very well," was her ladyship's contented answer', '"I hope your ladyship is
    # pleased with the game." / "Oh dear, yes! ..."' (Lady Bertram answers), 'stopped by Sir Thomas's
    # saying with authority,'
    cast = [Character("Sir Thomas Bertram", "male", ("Sir Thomas",)), Character("Lady Bertram", "female"),
            Character("Mrs. Grant", "female"), Character("Mrs. Norris", "female"), Character("William", "male")]
    text = ('"What shall I do, Sir Thomas?" said Lady Bertram. "Whist or speculation?"\n\nSir Thomas, after a '
            'moment\'s thought, recommended speculation.\n\n"Very well," was her ladyship\'s contented answer; '
            '"then speculation, if you please, Mrs. Grant."\n\n"I hope your ladyship is pleased with the game," '
            'said Mrs. Grant.\n\n"Oh dear, yes! very entertaining indeed."\n\nMrs. Norris was beginning an '
            'eager assurance, when she was stopped by Sir Thomas\'s saying with authority, "I do not advise your '
            'going to Brighton, William."')
    got = speakers(text, cast)
    assert got == ["Lady Bertram", "Lady Bertram", "Lady Bertram", "Lady Bertram", "Mrs. Grant", "Lady Bertram",
                   "Sir Thomas Bertram"]


def test_her_ladyship_with_words_after_her_quote_in_vain_and_a_silent_clause() -> None:
    # Mansfield Park ch. 34: 'said her ladyship soon afterwards' (words after the rank), 'In vain was her
    # "Pray, sir, don't"' (the words are hers), 'In spite of herself, she could not help half a smile, but she
    # said nothing.' (she stays silent: he speaks)
    cast = [Character("Henry Crawford", "male", ("Mr. Crawford", "Crawford")), Character("Lady Bertram", "female"),
            Character("Fanny Price", "female", ("Fanny",)), Character("Edmund Bertram", "male", ("Edmund",))]
    text = ('"It was really like being at a play," said Lady Bertram to Edmund.\n\n"You have a great turn for '
            'acting, Mr. Crawford," said her ladyship soon afterwards.\n\n"Do you, ma\'am?" cried he.\n\n'
            'Edmund went to the fire. Fanny tried to work, and Crawford went on talking.\n\n'
            'In vain was her "Pray, sir, don\'t," repeated twice over.\n\n"Do I astonish you?" said he.\n\n'
            'In spite of herself, she could not help half a smile, but she said nothing.\n\n'
            '"You shook your head at my acknowledging it."')
    # (the hand rules' decisions: the fitted model weighs the silence against the short scene's alternation)
    script = parse_book(parse_text(text, Path("t.txt")), cast, weights=None)
    got = [s.speaker for s in script.segments if s.kind == "dialogue"]
    assert got == ["Lady Bertram", "Lady Bertram", "Henry Crawford", "Fanny Price", "Henry Crawford",
                   "Henry Crawford"]


def test_a_reply_to_someone_is_not_theirs() -> None:
    # Mansfield Park ch. 15: '"Lovers' Vows!" in a tone of the greatest amazement, was his only reply to Mr.
    # Rushworth': 'his' is Edmund, not the man the tag says the reply was made to (named last)
    cast = [Character("Edmund Bertram", "male", ("Edmund",)), Character("Mr. Rushworth", "male"),
            Character("Fanny Price", "female", ("Fanny",))]
    text = ('Edmund came in. "We have got a play," said Mr. Rushworth. "It is to be Lovers\' Vows."\n\n'
            'Fanny\'s eyes followed Edmund.\n\n"Lovers\' Vows!" in a tone of the greatest amazement, was his only '
            'reply to Mr. Rushworth.')
    got = speakers(text, cast)
    assert got[-1] == "Edmund Bertram"


def test_a_relative_clause_then_its_subjects_speech_verb() -> None:
    # 'X, who ..., and ..., cried': the verb after the relative clause is X's unless a new clause brings its
    # own subject ('..., and on perceiving whom, she said'; 'when she instantly drew back, and said'); a name
    # that is an object ('eyeing Dr. Grant and Edmund, now observed') is none
    from pipeline.parse.tags import tag_before

    cases = {
        "it was Julia, who, hot and out of breath, and with a look of disappointment, cried out on seeing her, ":
            "Julia",
        "she had a long argument with the Lory, who at last turned sulky, and would only say, ": "Lory",
        "Miss Crawford, who had been repeatedly eyeing Dr. Grant and Edmund, now observed, ": "Miss Crawford",
        "they were joined by Mr. Collins, who entered, and on perceiving whom, she said to the girls, ": "she",
        "he gave it to Mr. Darcy, who was not unwilling to receive it, when she instantly drew back, and said, ":
            "she",
    }
    for chunk, subject in cases.items():
        tag = tag_before(chunk, 0, len(chunk))
        assert tag is not None and tag.subject == subject, chunk


def test_a_bare_line_after_a_named_speaker_is_the_other_partys() -> None:
    # Emma ch. 6 (the text as printed): a line a tag names the speaker of ('said the gallant Mr. Elton--'),
    # then a bare quote: the fitted model made him answer himself (the tag made him the most salient); the
    # turn goes to the other party, as the rules say (after 'said he' too: Emma ch. 1, Mr. Woodhouse and
    # Emma)
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Mr. Elton", "male"),
            Character("Harriet Smith", "female", ("Harriet", "Miss Smith"))]
    text = (
        "Emma could not feel a doubt of having given Harriet's fancy a proper\n"
        'direction and raised the gratitude of her young vanity to a very good\n'
        'purpose, for she found her decidedly more sensible than before of Mr.\n'
        "Elton's being a remarkably handsome man, with most agreeable manners;\n"
        'and as she had no hesitation in following up the assurance of his\n'
        'admiration by agreeable hints, she was soon pretty confident of creating\n'
        "as much liking on Harriet's side, as there could be any occasion for.\n"
        "She was quite convinced of Mr. Elton's being in the fairest way of\n"
        'falling in love, if not in love already. She had no scruple with regard\n'
        'to him. He talked of Harriet, and praised her so warmly, that she could\n'
        'not suppose any thing wanting which a little time would not add. His\n'
        "perception of the striking improvement of Harriet's manner, since her\n"
        'introduction at Hartfield, was not one of the least agreeable proofs of\n'
        'his growing attachment.\n'
        '\n'
        '"You have given Miss Smith all that she required," said he; "you have\n'
        'made her graceful and easy. She was a beautiful creature when she\n'
        'came to you, but, in my opinion, the attractions you have added are\n'
        'infinitely superior to what she received from nature."\n'
        '\n'
        '"I am glad you think I have been useful to her; but Harriet only wanted\n'
        'drawing out, and receiving a few, very few hints. She had all the\n'
        'natural grace of sweetness of temper and artlessness in herself. I have\n'
        'done very little."\n'
        '\n'
        '"If it were admissible to contradict a lady," said the gallant Mr.\n'
        'Elton--\n'
        '\n'
        '"I have perhaps given her a little more decision of character, have\n'
        'taught her to think on points which had not fallen in her way before."\n'
        '\n'
        '"Exactly so; that is what principally strikes me. So much superadded\n'
        'decision of character! Skilful has been the hand!"\n'
        '\n'
        '"Great has been the pleasure, I am sure. I never met with a disposition\n'
        'more truly amiable."\n'
    )
    got = [s for s in parse_book(parse_text(text, Path("t.txt")), cast).segments if s.kind == "dialogue"]
    gallant = next(k for k, s in enumerate(got) if s.text.startswith("If it were admissible"))
    assert [s.speaker for s in got[gallant : gallant + 2]] == ["Mr. Elton", "Emma Woodhouse"]


def test_the_one_the_narration_says_she_told_answers_her() -> None:
    # Mansfield Park ch. 3: after Fanny left the room, 'As soon as she met with Edmund she told him her
    # distress.' / '"Cousin," said she, "..."' / '"Indeed!"': him, Edmund, answers
    cast = [Character("Fanny Price", "female", ("Fanny",)), Character("Edmund Bertram", "male", ("Edmund",)),
            Character("Lady Bertram", "female")]
    text = ('"So, Fanny, you are going to leave us," said Lady Bertram.\n\n"Going to leave you?" said Fanny.\n\n'
            '"Yes, my dear."\n\nFanny left the room with a very sorrowful heart. As soon as she met with Edmund '
            'she told him her distress.\n\n"Cousin," said she, "something is going to happen which I do not '
            'like at all."\n\n"Indeed!"')
    got = [s.speaker for s in parse_book(parse_text(text, Path("t.txt")), cast, weights=None).segments
           if s.kind == "dialogue"]
    assert got[-1] == "Edmund Bertram"


def test_a_bare_line_after_a_pronoun_tag_is_the_other_partys_too() -> None:
    # Emma ch. 1 (the text as printed): 'it was impossible for him not to say exactly as he had said at
    # dinner, "Poor Miss Taylor! ..."' then a bare '"I cannot agree with you, papa ..."': Emma, not her
    # father again
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Mr. Woodhouse", "male"),
            Character("Mrs. Weston", "female", ("Miss Taylor",)), Character("Mr. Weston", "male")]
    text = (
        'It was a melancholy change; and Emma could not but sigh over\n'
        'it, and wish for impossible things, till her father awoke, and made it\n'
        'necessary to be cheerful. His spirits required support. He was a nervous\n'
        'man, easily depressed; fond of every body that he was used to, and\n'
        'hating to part with them; hating change of every kind. Matrimony, as the\n'
        'origin of change, was always disagreeable; and he was by no means yet\n'
        "reconciled to his own daughter's marrying, nor could ever speak of her\n"
        'but with compassion, though it had been entirely a match of affection,\n'
        'when he was now obliged to part with Miss Taylor too; and from his\n'
        'habits of gentle selfishness, and of being never able to suppose that\n'
        'other people could feel differently from himself, he was very much\n'
        'disposed to think Miss Taylor had done as sad a thing for herself as for\n'
        'them, and would have been a great deal happier if she had spent all the\n'
        'rest of her life at Hartfield. Emma smiled and chatted as cheerfully\n'
        'as she could, to keep him from such thoughts; but when tea came, it was\n'
        'impossible for him not to say exactly as he had said at dinner,\n'
        '\n'
        '"Poor Miss Taylor!--I wish she were here again. What a pity it is that\n'
        'Mr. Weston ever thought of her!"\n'
        '\n'
        '"I cannot agree with you, papa; you know I cannot. Mr. Weston is such\n'
        'a good-humoured, pleasant, excellent man, that he thoroughly deserves\n'
        'a good wife;--and you would not have had Miss Taylor live with us for\n'
        'ever, and bear all my odd humours, when she might have a house of her\n'
        'own?"\n'
        '\n'
    )
    got = [s for s in parse_book(parse_text(text, Path("t.txt")), cast).segments if s.kind == "dialogue"]
    papa = next(k for k, s in enumerate(got) if s.text.startswith("I cannot agree"))
    assert got[papa - 1].speaker == "Mr. Woodhouse" and got[papa].speaker == "Emma Woodhouse"


def test_papa_said_to_a_father_taking_part_is_his_childs_line() -> None:
    # Emma ch. 1: Mr. Knightley, Emma and her father talk; '"I promise you to make none for myself, papa"'
    # is the one of the conversation whose father (by surname) is a speaker in it: Emma, not the one
    # turn-taking would pick (Mr. Knightley's 'father' by surname, his brother John, takes no part)
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Mr. Woodhouse", "male"),
            Character("Mr. Knightley", "male"), Character("Mr. John Knightley", "male")]
    text = ('"And you have forgotten one matter of joy to me," said Emma.\n\n'
            '"Ah! my dear, pray do not make any more matches," said Mr. Woodhouse.\n\n'
            '"She will make matches all the same," said Mr. Knightley.\n\n'
            '"I promise you to make none for myself, papa; but I must, indeed, for other people."')
    got = [s.speaker for s in parse_book(parse_text(text, Path("t.txt")), cast, weights=None).segments
           if s.kind == "dialogue"]
    assert got[-1] == "Emma Woodhouse"


def test_papa_decides_against_the_fitted_model() -> None:
    # Emma ch. 1 (as printed): after Mr. Knightley, Emma and her father, '"Only one more, papa; ..."' is
    # Emma's (her father's by surname); the fitted model gave it to Mr. Knightley, who spoke two lines before
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Mr. Woodhouse", "male"),
            Character("Mr. Knightley", "male"), Character("Mr. John Knightley", "male"),
            Character("Mr. Elton", "male"), Character("Mr. Weston", "male")]
    text = (
        '"I made the match, you know, myself," said Emma.\n\n'
        '"I do not understand what you mean by \'success,\'" said Mr. Knightley.\n'
        '"Success supposes endeavour. You made a lucky guess; and _that_ is all that can be said."\n\n'
        '"And have you never known the pleasure and triumph of a lucky guess?--I\n'
        'pity you.--I thought you cleverer--for, depend upon it a lucky guess is\n'
        'never merely luck. There is always some talent in it."\n\n'
        '"A straightforward, open-hearted man like Weston, and a rational,\n'
        'unaffected woman like Miss Taylor, may be safely left to manage their\n'
        'own concerns. You are more likely to have done harm to yourself, than\n'
        'good to them, by interference."\n\n'
        '"Emma never thinks of herself, if she can do good to others," rejoined\n'
        'Mr. Woodhouse, understanding but in part. "But, my dear, pray do not\n'
        'make any more matches; they are silly things, and break up one\'s family\n'
        'circle grievously."\n\n'
        '"Only one more, papa; only for Mr. Elton. Poor Mr. Elton! You like Mr.\n'
        'Elton, papa,--I must look about for a wife for him. There is nobody in\n'
        'Highbury who deserves him."\n'
    )
    got = [s for s in parse_book(parse_text(text, Path("t.txt")), cast).segments if s.kind == "dialogue"]
    assert got[-1].text.startswith("Only one more")
    assert got[-1].speaker == "Emma Woodhouse", [(s.speaker, s.reason) for s in got]


def test_mama_after_her_mother_spoke_to_her_is_the_daughter_spoken_to() -> None:
    # Sense and Sensibility ch. 4: 'In a few months, my dear Marianne,' said she (her mother), and then
    # '"Oh! Mama, how shall we do without her?"': Marianne, spoken to, not Elinor, who spoke before
    cast = [Character("Elinor Dashwood", "female", ("Elinor",)),
            Character("Marianne Dashwood", "female", ("Marianne",)), Character("Mrs. Dashwood", "female")]
    text = ('"You may esteem him," said Elinor.\n\n"I have never yet known what it was to separate esteem and '
            'love," said Mrs. Dashwood.\n\nMrs. Dashwood now took pains to get acquainted with him.\n\n'
            '"In a few months, my dear Marianne," said she, "Elinor will, in all probability be settled for '
            'life."\n\n"Oh! Mama, how shall we do without her?"')
    for weights in (None, "shipped"):
        got = [s.speaker for s in parse_book(parse_text(text, Path("t.txt")), cast, weights=weights).segments
               if s.kind == "dialogue"]
        assert got[-1] == "Marianne Dashwood", weights


def test_what_she_said_inside_a_tag_is_no_tag_of_hers() -> None:
    # Sense and Sensibility ch. 41: '"It is truly astonishing!"--he cried, after hearing what she
    # said--"what could be the Colonel's motive?"': both parts are his ('she said' is the object of
    # 'hearing'), and Elinor answers; but 'what Mrs. Joe called "Pompeyed,"' is still her word
    cast = [Character("Elinor Dashwood", "female", ("Elinor",)), Character("John Dashwood", "male", ("Mr. Dashwood",))]
    text = ('"Colonel Brandon has given Edward the living," said Elinor.\n\n'
            'Elinor contradicted it, however, very positively, and obliged him to submit to her authority.\n\n'
            '"It is truly astonishing!"--he cried, after hearing what she\nsaid--"what could be the Colonel\'s '
            'motive?"\n\n"A very simple one--to be of use to Mr. Ferrars."')
    for weights in (None, "shipped"):
        got = [s.speaker for s in parse_book(parse_text(text, Path("t.txt")), cast, weights=weights).segments
               if s.kind == "dialogue"]
        assert got[1:] == ["John Dashwood", "John Dashwood", "Elinor Dashwood"], weights
    pip = [Character("Pip", "male"), Character("Mrs. Joe", "female"), Character("Joe Gargery", "male", ("Joe",))]
    text = ('"You\'re a bad boy," said Mrs. Joe.\n\nUntil I could assume that dignity I was not to be what Mrs. Joe '
            'called "Pompeyed," or (as I render it) pampered.')
    got = [s.speaker for s in parse_book(parse_text(text, Path("t.txt")), pip, "Pip").segments if s.kind == "dialogue"]
    assert got == ["Mrs. Joe", "Mrs. Joe"]


def test_the_one_narration_says_she_turned_to_answers_her() -> None:
    # Emma ch. 26: 'Miss Woodhouse made the proper acquiescence; and finding that nothing more was to be
    # entrapped from any communication of Mrs. Cole's, turned to Frank Churchill.' / '"Why do you smile?"
    # said she.' / '"Nay, why do you?"': Frank answers, not Mrs. Cole, who spoke before; so with 'she
    # began speaking again to Mr. John Knightley'
    cast = [Character("Emma Woodhouse", "female", ("Emma", "Miss Woodhouse")),
            Character("Frank Churchill", "male", ("Frank",)), Character("Mrs. Cole", "female"),
            Character("Jane Fairfax", "female", ("Jane",)), Character("Mrs. Elton", "female"),
            Character("Mr. John Knightley", "male")]
    text = ('"We are in great hopes that Miss Woodhouse may be prevailed with to try it this evening," said Mrs. '
            'Cole.\n\nMiss Woodhouse made the proper acquiescence; and finding that nothing\nmore was to be '
            'entrapped from any communication of Mrs. Cole\'s, turned\nto Frank Churchill.\n\n"Why do you '
            'smile?" said she.\n\n"Nay, why do you?"\n\n'
            '"Me!--I suppose I smile for pleasure at Colonel Campbell\'s being so rich and so liberal."\n\n"Very."')
    for weights in (None, "shipped"):
        got = [s.speaker for s in parse_book(parse_text(text, Path("t.txt")), cast, weights=weights).segments
               if s.kind == "dialogue"]
        assert got[1:] == ["Emma Woodhouse", "Frank Churchill", "Emma Woodhouse", "Frank Churchill"], weights
    text = ('"I cannot by any means consent to such an arrangement," said Jane earnestly.\n\n'
            '"Oh! my dear; but so much as Patty has to do!" cried Mrs. Elton.\n\n'
            'Jane looked as if she did not mean to be conquered; but instead of\n'
            'answering, she began speaking again to Mr. John Knightley.\n\n'
            '"The post-office is a wonderful establishment!" said she.\n\n"It is certainly very well regulated."')
    got = speakers(text, cast)
    assert got == ["Jane Fairfax", "Mrs. Elton", "Jane Fairfax", "Mr. John Knightley"]


def test_her_sister_is_one_of_her_sisters_by_surname_when_she_has_several() -> None:
    # Sense and Sensibility: 'said her sister' of Marianne, who has two (Elinor and Margaret): the one of
    # them named last, not Mrs. Jennings, the woman named last
    cast = [Character("Elinor Dashwood", "female", ("Elinor",)),
            Character("Marianne Dashwood", "female", ("Marianne",)),
            Character("Margaret Dashwood", "female", ("Margaret",)), Character("Mrs. Jennings", "female")]
    text = ('Margaret had gone out; Elinor and Marianne sat in the drawing-room.\n\n'
            '"You will be very merry in town, my dears," said Mrs. Jennings.\n\n'
            'Marianne made no answer, and turned away from Mrs. Jennings to the window.\n\n'
            '"She means it kindly," said her sister.')
    got = speakers(text, cast)
    assert got == ["Mrs. Jennings", "Elinor Dashwood"]


def test_an_object_pronoun_before_by_saying_is_not_the_speaker() -> None:
    # Northanger Abbey ch. 7: 'Catherine, humbled and ashamed, was going to apologize for her question,
    # but he prevented her by saying, "Novels are all so full of nonsense and stuff; ..."': his ('her
    # by' is no description of a speaker); her answer follows
    cast = [Character("Catherine Morland", "female", ("Catherine",)),
            Character("John Thorpe", "male", ("Thorpe", "Mr. Thorpe")), Character("Isabella Thorpe", "female")]
    text = ('"Have you ever read Udolpho, Mr. Thorpe?" said Catherine.\n\n'
            '"Udolpho! Oh, Lord! Not I; I never read novels; I have something else to do."\n\n'
            'Catherine, humbled and ashamed, was going to apologize for her question, but he prevented her by '
            'saying, "Novels are all so full of nonsense and stuff."\n\n'
            '"I think you must like Udolpho, if you were to read it; it is so very interesting."')
    got = speakers(text, cast)
    assert got == ["Catherine Morland", "John Thorpe", "John Thorpe", "Catherine Morland"]


def test_my_dearest_calls_and_the_closing_sentences_brother_answers() -> None:
    # Northanger Abbey ch. 7-11: 'My dearest Catherine, you cannot form an idea of the dirt' calls
    # Catherine, who answers; in '"My dearest Catherine, I quite envy you; but I am afraid, brother, you
    # will not have room for a third."' the brother the closing sentence calls answers ('"A third
    # indeed!"'); 'Dearest Jane! who could have done less for her?' (P&P) calls no one
    cast = [Character("Catherine Morland", "female", ("Catherine",)),
            Character("John Thorpe", "male", ("Thorpe", "Mr. Thorpe")), Character("Isabella Thorpe", "female",
                                                                             ("Isabella",))]
    text = ('"It has not been so dirty the whole winter; it is ankle-deep everywhere," said Thorpe.\n\n'
            '"Did you indeed?" said Catherine.\n\n"And well they might, for I never saw so much dirt in my life."\n\n'
            'Isabella corroborated it: "My dearest Catherine, you cannot form an idea of the dirt; come, you must '
            'go."\n\n"I should like to see the castle; but may we go all over it?"')
    got = speakers(text, cast)
    assert got[3:] == ["Isabella Thorpe", "Catherine Morland"]
    text = ('"Well, I will drive you up Lansdown tomorrow," said Thorpe to Catherine.\n\n'
            '"How delightful that will be!" cried Isabella, turning round. "My dearest Catherine, I quite envy you; '
            'but I am afraid, brother, you will not have room for a third."\n\n'
            '"A third indeed! No, no; I did not come to Bath to drive my sisters about."')
    got = speakers(text, cast)
    assert got[-1] == "John Thorpe"
    bennets = [Character("Elizabeth Bennet", "female", ("Elizabeth",)), Character("Jane Bennet", "female", ("Jane",)),
               Character("Mr. Darcy", "male", ("Darcy",))]
    text = ('"For the liveliness of your mind, I did," said Darcy.\n\n"You may as well call it impertinence," '
            'said Elizabeth.\n\n"Was there no good in your affectionate behaviour to Jane, while she was ill?"\n\n'
            '"Dearest Jane! who could have done less for her?"\n\n"Because you were grave and silent."')
    got = [s.speaker for s in parse_book(parse_text(text, Path("t.txt")), bennets).segments if s.kind == "dialogue"]
    assert got[2:] == ["Mr. Darcy", "Elizabeth Bennet", "Mr. Darcy"]


def test_speech_reported_with_as_he_added_is_a_turn() -> None:
    # Sense and Sensibility ch. 16: 'He looked rather distressed as he added, that he had been staying
    # with some friends near Plymouth.' / '"Have you been lately in Sussex?" said Elinor.' / '"I was at
    # Norland about a month ago."': Edward answers her (his reported words were a turn), not Marianne
    cast = [Character("Elinor Dashwood", "female", ("Elinor",)),
            Character("Marianne Dashwood", "female", ("Marianne",)), Character("Edward Ferrars", "male", ("Edward",))]
    text = ('Marianne asked Edward if he came directly from London. No, he had been in Devonshire a fortnight.\n\n'
            '"A fortnight!" she repeated, surprised.\n\nHe looked rather distressed as he added, that he had been '
            'staying with some friends near Plymouth.\n\n"Have you been lately in Sussex?" said Elinor.\n\n'
            '"I was at Norland about a month ago."')
    got = speakers(text, cast)
    assert got == ["Marianne Dashwood", "Elinor Dashwood", "Edward Ferrars"]


def test_the_one_who_first_spoke_again_speaks() -> None:
    # Mansfield Park ch. 36: 'After this speech the two girls sat many minutes silent, each thoughtful:
    # Fanny meditating on ..., Mary on something of less philosophic tendency. _She_ first spoke again.'
    cast = [Character("Fanny Price", "female", ("Fanny",)), Character("Mary Crawford", "female", ("Mary",))]
    text = ('"But you are only going from one set of friends to another," said Fanny.\n\n'
            '"Yes, very true," said Mary. "I can think only of the friends I am leaving."\n\n'
            'After this speech the two girls sat many minutes silent, each thoughtful: Fanny meditating on the '
            'different sorts of friendship in the world, Mary on something of less philosophic tendency. _She_ '
            'first spoke again.\n\n"How perfectly I remember my resolving to look for you upstairs!"')
    got = speakers(text, cast)
    assert got == ["Fanny Price", "Mary Crawford", "Mary Crawford", "Mary Crawford"]


def test_the_brother_a_line_calls_is_not_its_speaker() -> None:
    # Mansfield Park ch. 4: after Mary Crawford's speech, '"My dear brother, I will not believe this of
    # you."' is Mrs. Grant's, said to Henry, the brother of the one who just spoke; but of two sisters
    # either may say 'Well, sister' (Vanity Fair: Miss Jemima to Miss Pinkerton)
    cast = [Character("Henry Crawford", "male", ("Henry",)), Character("Mary Crawford", "female", ("Mary",)),
            Character("Mrs. Grant", "female")]
    text = (
        '"And now," added Mrs. Grant, "I have thought of something to make it\n'
        'complete. I should dearly love to settle you both in this country; and\n'
        'therefore, Henry, you shall marry the youngest Miss Bertram, a nice,\n'
        'handsome, good-humoured, accomplished girl, who will make you very\n'
        'happy."\n'
        '\n'
        'Henry bowed and thanked her.\n'
        '\n'
        '"My dear sister," said Mary, "if you can persuade him into anything\n'
        'of the sort, it will be a fresh matter of delight to me to find myself\n'
        'allied to anybody so clever, and I shall only regret that you have\n'
        'not half a dozen daughters to dispose of. If you can persuade Henry\n'
        'to marry, you must have the address of a Frenchwoman. All that English\n'
        'abilities can do has been tried already. I have three very particular\n'
        'friends who have been all dying for him in their turn; and the pains\n'
        'which they, their mothers (very clever women), as well as my dear aunt\n'
        'and myself, have taken to reason, coax, or trick him into marrying, is\n'
        'inconceivable! He is the most horrible flirt that can be imagined. If\n'
        'your Miss Bertrams do not like to have their hearts broke, let them\n'
        'avoid Henry."\n'
        '\n'
        '"My dear brother, I will not believe this of you."'
    )
    got = speakers(text, cast)
    assert got[-1] == "Mrs. Grant"
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex
    from pipeline.parse.quotes import QuoteSpan

    sisters = [Character("Miss Pinkerton", "female"), Character("Miss Jemima", "female", ("Jemima Pinkerton",)),
               Character("Mr. Pinkerton", "male")]
    text = '"Well, sister, it\'s only two-and-ninepence." "Well, brother, it is."'
    att = Attributor(text, CharacterIndex(sisters), "Narrator", False)
    att.turns = ["Miss Jemima", "Miss Pinkerton"]
    first = QuoteSpan(1, text.index('."') + 1, 0, text.index('."') + 2, True, False)
    assert att._kin_called(first) == set()  # either sister may say it to the other
    second = QuoteSpan(text.index('"Well, b') + 1, len(text) - 1, text.index('"Well, b'), len(text), True, False)
    assert att._kin_called(second) == {"Mr. Pinkerton"}  # their brother is called, not speaking


def test_one_who_could_only_bow_or_replied_by_asking_did_not_say_the_line() -> None:
    # Northanger Abbey ch. 10: '"... But I really had been engaged the whole day to Mr. Thorpe." Miss
    # Tilney could only bow.' and ch. 12: '"Well, nobody would have thought you had no right who saw your
    # face." He replied by asking her to make room for him': Catherine's lines, not theirs
    cast = [Character("Catherine Morland", "female", ("Catherine",)), Character("Henry Tilney", "male", ("Henry",)),
            Character("Eleanor Tilney", "female", ("Miss Tilney", "Eleanor"))]
    text = ('"How well your brother dances!" said Catherine.\n\n"Henry!" she replied with a smile. "Yes, he '
            'does dance very well."\n\n"He must have thought it very odd to hear me say I was engaged the other '
            'evening. But I really had been engaged the whole day to Mr. Thorpe." Miss Tilney could only bow.')
    got = speakers(text, cast)
    assert got[-1] == "Catherine Morland"
    text = ('"Nay, I am sure by your look, when you came into the box, you were angry," said Catherine.\n\n'
            '"I angry! I could have no right," said Henry.\n\n"Well, nobody would have thought you had no right '
            'who saw your face." He\nreplied by asking her to make room for him, and talking of the play.')
    got = speakers(text, cast)
    assert got == ["Catherine Morland", "Henry Tilney", "Catherine Morland"]


def test_a_described_speaker_who_names_themself_is_that_character_all_along() -> None:
    # Moby-Dick ch. 19: 'the stranger' talks with Ishmael and Queequeg, and asked his name says
    # '"Elijah."': his lines in the chapter are Elijah's, one voice, and no character 'the stranger'
    cast = [Character("Tom", "male"), Character("Elijah", "male")]
    text = ('"Have ye shipped in that ship?" said the stranger to Tom.\n\n"What ship?" said Tom.\n\n'
            '"Morning to ye, shipmates, morning," said the stranger.\n\n"Stop, tell me your name, will you?" '
            'said Tom.\n\n"Elijah."')
    script = parse_book(parse_text(text, Path("t.txt")), cast)
    got = [s for s in script.segments if s.kind == "dialogue"]
    assert [s.speaker for s in got] == ["Elijah", "Tom", "Elijah", "Tom", "Elijah"]
    assert got[0].reason == 'the stranger names themself later: "Elijah"'
    assert [c.name for c in script.characters] == ["Tom", "Elijah"]
    # a description that speaks again after the naming is someone else
    text += '\n\n"Elijah, is it?" said the stranger.'
    got = [s for s in parse_book(parse_text(text, Path("t.txt")), cast).segments if s.kind == "dialogue"]
    assert got[0].speaker == "the stranger"
    # every description of his in the lines before, unless they talk to each other (Great Expectations ch.
    # 18: 'pursued the stranger', then 'said the gentleman', then 'My name is Jaggers')
    pip = [Character("Pip", "male"), Character("Mr. Jaggers", "male", ("Jaggers",))]
    text = ('"You have an apprentice, commonly known as Pip? Is he here?" pursued the stranger.\n\n'
            '"I am here!" I cried.\n\n"I wish to have a private conference with you," said the gentleman.\n\n'
            '"My name," he said, "is Jaggers, and I am a lawyer in London."')
    got = [s.speaker for s in parse_book(parse_text(text, Path("t.txt")), pip, "Pip").segments if s.kind == "dialogue"]
    assert got == ["Mr. Jaggers", "Pip"] + ["Mr. Jaggers"] * 3
    text = ('"Who are you?" said the stranger.\n\n"Who asks?" said the gentleman.\n\n'
            '"My name," he said, "is Jaggers, and I am a lawyer in London."')
    got = [s.speaker for s in parse_book(parse_text(text, Path("t.txt")), pip, "Pip").segments if s.kind == "dialogue"]
    assert got[0] == "the stranger"


def test_her_before_a_noun_is_a_determiner_not_the_subject() -> None:
    # Mansfield Park ch. 24: 'Her brother gave only a smile to this accusation, and soon afterwards said,
    # "I do not quite know what to make of Miss Fanny."': her brother, Henry, not 'Her' (Mary)
    cast = [Character("Henry Crawford", "male", ("Henry",)), Character("Mary Crawford", "female", ("Mary",)),
            Character("Fanny Price", "female", ("Fanny", "Miss Fanny"))]
    text = ('"You never will persuade me that it is in compliment to her beauty," said Mary.\n\n'
            'Her brother gave only a smile to this accusation, and soon afterwards said, "I do not quite know '
            'what to make of Miss Fanny."\n\n"Foolish fellow! And so this is her attraction after all!"')
    got = speakers(text, cast)
    assert got == ["Mary Crawford", "Henry Crawford", "Mary Crawford"]


def test_her_eyes_make_her_the_subject_a_pronoun_means() -> None:
    # Sense and Sensibility ch. 37: 'At these words, Marianne's eyes expressed the astonishment which her
    # lips could not utter. After a pause of wonder, she exclaimed--': Marianne, not Elinor, who spoke last
    cast = [Character("Elinor Dashwood", "female", ("Elinor",)),
            Character("Marianne Dashwood", "female", ("Marianne",))]
    text = (
        '\n'
        'Her first communication had reached no farther than to state the fact\n'
        "of the engagement, and the length of time it had existed.--Marianne's\n"
        'feelings had then broken in, and put an end to all regularity of\n'
        'detail; and for some time all that could be done was to soothe her\n'
        'distress, lessen her alarms, and combat her resentment.  The first\n'
        'question on her side, which led to farther particulars, was,--\n'
        '\n'
        '"How long has this been known to you, Elinor? has he written to you?"\n'
        '\n'
        '"I have known it these four months.  When Lucy first came to Barton\n'
        'Park last November, she told me in confidence of her engagement."\n'
        '\n'
        "At these words, Marianne's eyes expressed the astonishment which her\n"
        'lips could not utter.  After a pause of wonder, she exclaimed--\n'
        '\n'
        '"Four months!--Have you known of this four months?"'
    )
    assert speakers(text, cast)[-1] == "Marianne Dashwood"


def test_a_bare_title_does_not_call_its_holder_chapters_away() -> None:
    # Twenty Thousand Leagues ch. 13: '"Ah, Commander! your Nautilus is certainly a marvellous boat."' is said
    # to Captain Nemo; Commander Farragut, the one the cast calls so, was last named pages before, so Nemo
    # answers; the same 'Commander!' with Farragut just named calls him
    cast = [Character("Professor Aronnax", "male", ("Aronnax",)), Character("Captain Nemo", "male", ("Nemo",)),
            Character("Commander Farragut", "male", ("Farragut",))]
    away = "Commander Farragut ordered the frigate about. " + "The sea was calm and the night was long. " * 90
    text = (f"{away}\n\nCaptain Nemo showed Aronnax the engine.\n\n\"How do you light it?\" asked Aronnax.\n\n"
            "\"By electricity,\" said Captain Nemo.\n\n\"Ah, Commander! your Nautilus is certainly a marvellous "
            "boat,\" said Aronnax.\n\n\"Yes, Professor; and I love it as if it were part of myself.\"")
    got = speakers(text, cast)
    assert got[-2:] == ["Professor Aronnax", "Captain Nemo"]
    near = text.replace(away, "Commander Farragut ordered the frigate about.")
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    att = Attributor(near, CharacterIndex(cast), "Narrator", False)
    att.salience.add(0, "Commander Farragut")
    a = near.index("Ah, Commander")
    assert att.vocatives(a, a + 40) == {"Commander Farragut"}


def test_the_captain_is_the_holder_named_last_before_the_line_not_after() -> None:
    # Twenty Thousand Leagues ch. 14: '"And now, sir, I leave you to your studies," added the Captain; ...
    # Captain Nemo bowed': Nemo, named before the line; his mention after it in the same paragraph must not
    # hide the earlier ones and leave Captain Farragut (named chapters before) as the captain named last
    cast = [Character("Professor Aronnax", "male", ("Aronnax",)), Character("Captain Nemo", "male", ("Nemo",)),
            Character("Commander Farragut", "male", ("Farragut", "Captain Farragut"))]
    text = ("Captain Farragut ordered the frigate about.\n\nThe Nautilus rose. Captain Nemo took the altitude "
            "of the sun.\n\nI went down to the saloon.\n\n\"And now, sir, I leave you to your studies,\" added "
            "the Captain; \"the saloon is at your disposal.\" Captain Nemo bowed, and I remained alone.")
    assert speakers(text, cast, "Professor Aronnax") == ["Captain Nemo", "Captain Nemo"]


def test_a_tag_says_whom_it_speaks_to_only_before_the_next_quote() -> None:
    # Emma ch. 27: '"Should I send it to Mrs. Goddard's, ma'am?" asked Mrs. Ford.--"Yes--no--yes, to Mrs.
    # Goddard's. ..."': the 'to Mrs. Goddard's' is inside the next quote, not the tag's 'said to her', so
    # Mrs. Goddard (at home) is not the one the paragraph speaks to, and does not answer it
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Harriet Smith", "female", ("Harriet",)),
            Character("Mrs. Ford", "female"), Character("Mrs. Goddard", "female")]
    text = ('Emma joined Harriet at the counter.\n\n"Should I send it to Mrs. Goddard\'s, ma\'am?" asked Mrs. '
            'Ford.--"Yes--no--yes, to Mrs. Goddard\'s. You could make it into two parcels, Mrs. Ford, could not '
            'you?"\n\n"It is not worth while, Harriet, to give Mrs. Ford the trouble of two parcels."')
    script = parse_book(parse_text(text, Path("t.txt")), cast)
    last = [s for s in script.segments if s.kind == "dialogue"][-1]
    assert last.speaker != "Mrs. Goddard" and "Goddard" not in last.reason


def test_one_called_in_a_thought_does_not_answer() -> None:
    # Emma ch. 4: '"Well done, Mrs. Martin!" thought Emma.': Mrs. Martin is not there, and the next untagged
    # line is Harriet's, who was talking, not Mrs. Martin's (a run of ten lines had gone to her)
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Harriet Smith", "female", ("Harriet",)),
            Character("Mrs. Martin", "female")]
    text = ('"They have eight cows," said Harriet, "and Mrs. Martin gave me a goose."\n\n"Well done, Mrs. '
            'Martin!" thought Emma. "You know what you are about."\n\n"And when I had come away, she sent Mrs. '
            'Goddard a beautiful goose."\n\n"Does he read?" asked Emma.')
    assert speakers(text, cast) == ["Harriet Smith"] * 2 + ["Emma Woodhouse"] * 2 + ["Harriet Smith", "Emma Woodhouse"]


def test_a_title_that_is_an_adjective_names_no_one_and_uttered_introduces() -> None:
    # Northanger Abbey ch. 14: 'The general pause which succeeded his short disquisition ... was put an end to
    # by Catherine, who, in rather a solemn tone of voice, uttered these words, "I have heard that something
    # very shocking ..."': Catherine's (three lines had gone to General Tilney, the cast's 'the General')
    from pipeline.parse.characters import CharacterIndex

    cast = [Character("Catherine Morland", "female", ("Catherine",)), Character("Henry Tilney", "male", ("Henry",)),
            Character("Eleanor Tilney", "female", ("Miss Tilney",)),
            Character("General Tilney", "male", ("the General",))]
    index = CharacterIndex(cast)
    text = "The general pause was long. The general smiled. The general opinion held. The general, who sat."
    assert [p for p, _ in index.mentions(text, 0, len(text))] == [text.index("The general smiled"),
                                                                  text.index("The general, who")]
    story = ('Henry talked of foregrounds and distances.\n\nThe general pause which succeeded his short '
             'disquisition on the state of the nation was put an end to by Catherine, who, in rather a solemn '
             'tone of voice, uttered these words, "I have heard that something very shocking indeed will soon '
             'come out in London."\n\nMiss Tilney, to whom this was chiefly addressed, was startled, and hastily '
             'replied, "Indeed! And of what nature?"\n\n"That I do not know, nor who is the author."')
    assert speakers(story, cast) == ["Catherine Morland", "Eleanor Tilney", "Catherine Morland"]


def test_papa_from_one_the_narration_just_named() -> None:
    # Emma ch. 6: '"It is very pretty," said Mr. Woodhouse. ...' / '"But, my dear papa, it is supposed to be
    # summer ..."': Emma, who has not spoken for a while but whom the narration just named, is the child of
    # the father who spoke (not Mr. Elton, the speaker before him)
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Mr. Woodhouse", "male"),
            Character("Mr. Elton", "male", ("Elton",)), Character("Mr. Knightley", "male")]
    text = ('"You have made her too tall, Emma," said Mr. Knightley.\n\nEmma knew that she had, but would not own '
            'it; and Mr. Elton warmly added,\n\n"Oh no! certainly not too tall."\n\n"It is very pretty," said Mr. '
            'Woodhouse. "The only thing I do not like is, that she seems to be sitting out of doors."\n\n"But, my '
            'dear papa, it is supposed to be summer; a warm day in summer. Look at the tree."')
    assert speakers(text, cast)[-1] == "Emma Woodhouse"


def test_one_the_narration_says_talked_takes_a_turn() -> None:
    # Emma ch. 4: 'she particularly led Harriet to talk more of Mr. Martin ... Harriet was very ready to speak
    # of the share he had had in their moonlight walks ... Mrs. Martin had told her ...' / '"Well done, Mrs.
    # Martin!" thought Emma.' / '"And when she had come away, Mrs. Martin was so very kind ..."': Harriet's,
    # and the lines after by turns (they had all gone to Mrs. Martin, talked of in Harriet's report)
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Harriet Smith", "female", ("Harriet",)),
            Character("Mrs. Martin", "female"), Character("Robert Martin", "male", ("Mr. Martin",))]
    text = ('Emma was amused. With this inspiriting notion, her questions increased in number; and she '
            'particularly led Harriet to talk more of Mr. Martin. Harriet was very ready to speak of the share he '
            'had had in their moonlight walks. Mrs. Martin had told her one day that it was impossible for any '
            'body to be a better son. She was in no hurry at all.\n\n"Well done, Mrs. Martin!" thought Emma. "You '
            'know what you are about."\n\n"And when she had come away, Mrs. Martin was so very kind as to send '
            'Mrs. Goddard a beautiful goose."\n\n"Mr. Martin, I suppose, is not a man of information beyond the '
            'line of his own business? He does not read?"\n\n"Oh yes!--that is, no--I do not know."')
    assert speakers(text, cast)[2:] == ["Harriet Smith", "Emma Woodhouse", "Harriet Smith"]


def test_a_bare_surname_in_a_tag_is_the_man_of_that_name_present() -> None:
    # Northanger Abbey ch. 7: '"Yes," said Morland, who overheard this; "but you forget that your horse was
    # included."': James Morland, with Thorpe and Catherine; not Catherine, nor their father at home
    cast = [Character("Catherine Morland", "female", ("Catherine", "Miss Morland")),
            Character("James Morland", "male", ("James",)), Character("Mr. Morland", "male"),
            Character("John Thorpe", "male", ("Thorpe",))]
    text = ('James Morland and John Thorpe came up to Catherine.\n\n"Only three and twenty!" cried Thorpe. "Five '
            'and twenty if it is an inch."\n\n"Yes," said Morland, who overheard this; "but you forget that your '
            'horse was included."')
    assert speakers(text, cast)[-2:] == ["James Morland", "James Morland"]


def test_his_aunt_is_the_one_the_cast_calls_aunt() -> None:
    # Mansfield Park ch. 12: '"My dear Tom," cried his aunt soon afterwards': the cast's 'Aunt Norris'
    # (an aunt is no relative by surname), not Fanny, the woman named last
    cast = [Character("Tom Bertram", "male", ("Tom",)), Character("Fanny Price", "female", ("Fanny",)),
            Character("Mrs. Norris", "female", ("Aunt Norris",))]
    text = ('"If you want to dance, Fanny, I will stand up with you," said Tom. Fanny declined.\n\n'
            '"My dear Tom," cried his aunt soon afterwards, "as you are not dancing, join us in a rubber."')
    got = speakers(text, cast)
    assert got[-1] == "Mrs. Norris"


def test_a_plural_family_name_is_no_character() -> None:
    from pipeline.parse.characters import CharacterIndex, candidate_names

    text = ("Miss Lucas came. The Miss Lucases were there, and Miss Lucas spoke. The Miss Lucases laughed. "
            "Mr. Robinson and the Miss Lucases left; Mr. Robinson stayed.")
    found = candidate_names(parse_text(text, Path("t.txt")), [], CharacterIndex([]))
    assert "Miss Lucases" not in [c.name for c in found] and "Miss Lucas" in [c.name for c in found]


def test_sir_addresses_the_one_man_of_the_conversation() -> None:
    # 'Can he be a sensible man, sir?' among Jane, Elizabeth and their father: he answers
    cast = [*BENNETS, Character("Jane", "female")]
    text = ('"He must be an oddity, I think," said Elizabeth.\n\n'
            '"It is from Mr. Collins," said Mr. Bennet.\n\n'
            '"Though it is difficult," said Jane, "the wish is to his credit."\n\n'
            '"Can he be a sensible man, sir?" asked Elizabeth.\n\n'
            '"No, my dear; I think not."')
    script = parse_book(parse_text(text, Path("t.txt")), cast, weights=None)
    last = [s for s in script.segments if s.kind == "dialogue"][-1]
    assert last.speaker == "Mr. Bennet"


def test_she_replied_is_the_one_just_asked() -> None:
    # a question reported in narration ('he asked Elizabeth ... whether'), or one that names whom it
    # asks, is answered by that person when the reply's pronoun fits her
    cast = [Character("Elizabeth", "female"), Character("Miss De Bourgh", "female", ("de Bourgh",)),
            Character("Mr. Wickham", "male", ("Wickham",))]
    text = ('"I have heard of her," said Elizabeth.\n\n'
            'Mr. Wickham was silent; and after a few moments, he asked Elizabeth in a low voice whether she '
            'knew the family of de Bourgh.\n\n'
            '"Lady Catherine," she replied, "has very lately given him a living."')
    assert speakers(text, cast)[-2:] == ["Elizabeth", "Elizabeth"]
    assert "(the one just addressed)" in reasons(text, cast)[-1]


def test_a_title_after_a_preposition_is_not_addressed() -> None:
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    text = '"Warranted honest by my Lord Warwick," I muttered. "Yes, my Lord Warwick," he said.'
    att = Attributor(text, CharacterIndex([Character("Lord Warwick", "male")]), "Ralph", True)
    first = text.index('" I')
    assert att.vocatives(0, first) == set()
    assert att.vocatives(text.index('"Yes'), len(text)) == {"Lord Warwick"}


def test_said_i_in_a_third_person_book_is_no_narrator_line() -> None:
    # the King reads verses aloud: '--said I could not swim--' is the poem's, not the narrator speaking
    king, knave = Character("King", "male"), Character("Knave", "male")
    text = (
        "The Knave stood before them. " + "The King looked at the jury, and the jury looked at the Knave. " * 12
        + "\n\n"
        '"And yet I do not know," he went on, spreading out the verses on his knee; "I seem to see some '
        'meaning in them, after all.\n"--_said I could not swim_--" you can not swim, can you?" he added, '
        "turning to the Knave."
    )
    got = speakers(text, [king, knave])
    assert "Narrator" not in got


def test_she_is_not_the_one_her_words_talk_about() -> None:
    # '"I cannot see why Mrs. Forster should not ask me as well as Lydia," said she': Lydia, the most
    # recent woman, is talked about, so 'she' is the other one
    cast = [Character("Kitty", "female"), Character("Lydia", "female"), Character("Mrs. Forster", "female")]
    text = ('Kitty fretted all the evening. Lydia had been invited to Brighton.\n\n'
            '"I cannot see why Mrs. Forster should not ask me as well as Lydia," said she, "though I am not '
            'her particular friend."')
    assert speakers(text, cast) == ["Kitty", "Kitty"]
    assert reasons(text, cast)[0].endswith("Lydia is talked about")


def test_a_rank_title_does_not_borrow_an_untitled_alias() -> None:
    # the cast knows Kitty Bennet as 'Catherine' and has no Lady Catherine: 'returned Lady Catherine'
    # is a new speaker, not Kitty; 'Mr. Darcy' still finds the cast's 'Darcy'
    cast = [Character("Kitty Bennet", "female", ("Kitty", "Catherine")), Character("Darcy", "male"),
            Character("Mrs. Bennet", "female")]
    text = ('"You have a very small park here," returned Lady Catherine.\n\n'
            '"It is nothing in comparison of Rosings," said Mrs. Bennet.\n\n'
            '"Indeed," said Mr. Darcy. "And you, Catherine?" "Yes," said Catherine.')
    assert speakers(text, cast) == ["Lady Catherine", "Mrs. Bennet", "Darcy", "Darcy", "Kitty Bennet"]


def test_a_subject_pronoun_is_not_the_person_its_own_sentence_names() -> None:
    # 'He beckoned Kronborg into the room and said': he is not Kronborg, though Kronborg is the most
    # recent man
    cast = [Character("Dr. Archie", "male"), Character("Kronborg", "male")]
    text = ('Dr. Archie came out of the bedroom. Kronborg was sitting in the hall.\n\n'
            'He beckoned Kronborg into the living-room and said sternly:\n\n"You have a very sick child."')
    assert speakers(text, cast) == ["Dr. Archie"]


def test_a_description_in_the_cast_is_found_by_its_head_noun_only() -> None:
    # a cast entry 'the child's nurse' is 'the nurse', not every 'child's' or 'woman' in the book
    from pipeline.parse.characters import CharacterIndex

    index = CharacterIndex([Character("the child's nurse", "female", ("the woman servant",)),
                            Character("Philip", "male")])
    text = "She went to the child's bed. The nurse came in with a woman. The servant left. Philip woke."
    found = [(text[p : p + 7], n) for p, n in index.mentions(text, 0, len(text))]
    assert found == [("nurse c", "the child's nurse"), ("servant", "the child's nurse"), ("Philip ", "Philip")]


def test_a_scene_break_ends_the_conversation() -> None:
    # after '* * *' the untagged answer is not the last scene's other speaker: alternation starts anew
    cast = [Character("Jane", "female"), Character("Lydia", "female"), Character("Mr. Bennet", "male")]
    scene = ('"Where is Lydia?" asked Jane.\n\n"Gone out," said Lydia.\n\n* * *\n\n'
             'Mr. Bennet met Jane in the hall.\n\n"Come in," said he.\n\n"What is it?"')
    rules = parse_book(parse_text(scene, Path("t.txt")), cast, weights=None)
    assert [s.speaker for s in rules.segments if s.kind == "dialogue"] == ["Jane", "Lydia", "Mr. Bennet", "Jane"]
    assert speakers(scene, cast)[3] != "Lydia"  # the fitted model, too, leaves the last scene behind
    from pipeline.parse.cues import is_scene_break

    assert is_scene_break("* * * * *") and is_scene_break("#") and is_scene_break("\u2042")
    assert not is_scene_break("* Note") and not is_scene_break("A. B.")


def test_her_father_in_the_narration_is_the_parent_the_cast_names() -> None:
    # 'she was met by her\nfather' (wrapped) is Mr. Bennet: 'said he' then means him, not the man
    # named before him
    cast = [Character("Mr. Bennet", "male"), Character("Elizabeth Bennet", "female", ("Lizzy",)),
            Character("Mr. Bingley", "male")]
    text = ('Elizabeth had seen Mr. Bingley in the morning.\n\n'
            'The next morning Elizabeth went down stairs, and she was met by her\nfather at the door.\n\n'
            '"Lizzy," said he, "come into my room."')
    assert speakers(text, cast) == ["Mr. Bennet", "Mr. Bennet"]


def test_a_name_before_a_question_word_is_still_addressed() -> None:
    # 'Have you any idea, Lizzy, who this gentleman is?' addresses Lizzy (not her line); 'my cousin,
    # Mr. Collins, who ...' talks about him
    cast = [Character("Mr. Bennet", "male"), Character("Elizabeth Bennet", "female", ("Lizzy",)),
            Character("Mr. Collins", "male")]
    text = ('"What is that?" asked Elizabeth.\n\n"It is a letter," said Mr. Bennet.\n\n'
            '"Have you any idea, Lizzy, who this gentleman is?"\n\n'
            '"From my cousin, Mr. Collins, who, when I am dead, may turn you all out."')
    got = speakers(text, cast)
    assert got[2] == "Mr. Bennet"
    assert got[3] != "Mr. Collins"


def test_a_rank_title_in_lower_case_still_keeps_the_name_apart() -> None:
    # 'lady Catherine' (as the narration writes it) is not the cast's Kitty, alias Catherine
    from pipeline.parse.characters import CharacterIndex

    index = CharacterIndex([Character("Kitty Bennet", "female", ("Kitty", "Catherine"))])
    text = "It might be from lady Catherine. Catherine laughed. Kitty did not."
    assert [text[p : p + 5] for p, _ in index.mentions(text, 0, len(text))] == ["Cathe", "Kitty"]
    assert index.mentions(text, 0, 20) == []


def test_title_and_surname_said_to_a_namesake_in_the_conversation_mean_her() -> None:
    # the cast's 'Miss Bennet' is Jane; said by Lady Catherine to Elizabeth while Jane takes no part,
    # it is Elizabeth who is addressed, so Elizabeth answers; 'Mrs. Bennet' never means Elizabeth
    cast = [Character("Jane Bennet", "female", ("Jane", "Miss Bennet")),
            Character("Elizabeth Bennet", "female", ("Elizabeth", "Miss Eliza")),
            Character("Mrs. Bennet", "female"), Character("Lady Catherine", "female")]
    text = ('"You can be at no loss to understand my journey," said Lady Catherine.\n\n'
            '"Indeed, you are mistaken, Madam," said Elizabeth.\n\n'
            '"Miss Bennet, do you know who I am?"\n\n'
            '"But you are not entitled to know mine."\n\n'
            '"Is not it so, Mrs. Bennet?"\n\n"Yes, or I will never see her again."')
    got = speakers(text, cast)
    assert got[2:4] == ["Lady Catherine", "Elizabeth Bennet"]
    assert got[5] == "Mrs. Bennet"


def test_intro_tag_subject_before_a_relative_clause_and_answer_nouns() -> None:
    from pipeline.parse.tags import tag_after, tag_before

    # 'But Elizabeth, who had not the least inclination ..., laughingly answered,': Elizabeth
    chunk = "But Elizabeth, who had not the least inclination to remain with them, laughingly answered,"
    tag = tag_before(chunk + "\n\n", 0, len(chunk))
    assert tag is not None and tag.subject == "Elizabeth"
    # 'Jack cracked his fingers and Father Arnall looked at his copybook and said:': Father Arnall
    chunk = "Then Jack Lawton cracked his fingers and Father Arnall looked at his copybook and said:"
    tag = tag_before(chunk + "\n\n", 0, len(chunk))
    assert tag is not None and tag.subject == "Father Arnall"
    # '"Not at all," was her answer;' is a tag: 'she'
    after = ' was her answer; "but depend upon it."'
    tag = tag_after(after, 0, len(after))
    assert tag is not None and (tag.subject, tag.verb) == ("she", "answered")
    after = " was Elizabeth's ready reply."
    tag = tag_after(after, 0, len(after))
    assert tag is not None and tag.subject == "Elizabeth"


def test_replied_the_other_is_the_other_party() -> None:
    cast = [Character("Mrs. Bennet", "female"), Character("Mrs. Philips", "female")]
    text = ('Mrs. Bennet was sitting with her sister.\n\n'
            '"So Mr. Bingley is coming down, sister," said Mrs. Philips.\n\n'
            '"You may depend on it," replied the other, "for I saw Mrs. Nicholls."')
    assert speakers(text, cast) == ["Mrs. Philips", "Mrs. Bennet", "Mrs. Bennet"]
    assert reasons(text, cast)[1].startswith('descriptor "the other" -> Mrs. Bennet')


def test_the_one_who_hears_a_pronoun_speak_is_not_it() -> None:
    # 'Alice heard it say to itself': 'it' is someone other than Alice, though she is the most recent
    cast = [Character("Alice", "female"), Character("White Rabbit", "male", ("Rabbit",))]
    text = ('Presently the Rabbit came up to the door, and tried to open it; but the door opened inwards, and '
            'the attempt failed. Alice heard it say to itself "Then I\'ll go round and get in at the window."')
    assert speakers(text, cast) == ["White Rabbit"]


def test_demonstrative_and_another_speakers() -> None:
    # 'said that gentleman': the man just addressed, not the last speaker nor the first-person narrator;
    # 'drawled this newcomer': a new speaker; 'said another': a new voice, not the woman talked about
    cast = [Character("Sir Henry", "male"), Character("Good", "male"), Character("Quatermain", "male")]
    text = ('Sir Henry came in with Good.\n\n"You don\'t say so!" I said.\n\n'
            '"Yes I do, though," said Sir Henry, "and so does Good; don\'t you, Good?"\n\n'
            '"Rather," said that gentleman.')
    assert speakers(text, cast, "Quatermain") == ["Quatermain", "Sir Henry", "Sir Henry", "Good"]
    cast = [Character("Snake", "male"), Character("Dale", "male")]
    text = ('"Shut up," said Dale.\n\nAnother footstep entered the cabin.\n\n'
            '"Snake, it\'d been sense to fetch a pack along," drawled this newcomer.')
    assert speakers(text, cast) == ["Dale", "the newcomer"]
    cast = [Character("Hester Prynne", "female")]
    text = ('"Goodwives," said a hard-featured dame of fifty, "I\'ll tell ye my mind about Hester Prynne."\n\n'
            '"People say," said another, "that the minister takes it to heart."')
    assert speakers(text, cast) == ["the hard-featured dame"] * 2 + ["another dame"] * 2
    from pipeline.parse.kinship import singular_noun

    assert [singular_noun(w) for w in ("jurymen", "ladies", "dames", "witnesses", "private")] == [
        "juryman", "lady", "dame", "witness", "private"]


def test_a_tag_pronoun_prefers_one_of_the_conversation_to_a_man_only_looked_at() -> None:
    # Darcy and Elizabeth talk; 'his eyes were directed towards Bingley and Jane ... he turned to his
    # partner, and said': he is Darcy (of the conversation), not Bingley, the man last named
    cast = [Character("Mr. Darcy", "male", ("Darcy",)), Character("Elizabeth Bennet", "female", ("Elizabeth",)),
            Character("Mr. Bingley", "male", ("Bingley",)), Character("Jane Bennet", "female", ("Jane",))]
    text = ('"I cannot pretend to say," said Darcy.\n\n"Nor I," replied Elizabeth.\n\n'
            'The latter part of this was scarcely heard by Darcy, and his eyes were directed with a very '
            'serious expression towards Bingley and Jane, who were dancing together. Recovering himself, '
            'however, he turned to his partner, and said,\n\n"We have forgotten what we were talking of."')
    assert speakers(text, cast) == ["Mr. Darcy", "Elizabeth Bennet", "Mr. Darcy"]


def test_miss_surname_said_while_the_cast_one_is_far_away_means_the_namesake_present() -> None:
    # Jane (the cast's 'Miss Bennet') is nowhere in the scene: Lady Catherine's 'Miss Bennet' is
    # Elizabeth, whom the narration has just named, so Elizabeth answers; 'said her Ladyship' is
    # Lady Catherine
    cast = [Character("Jane Bennet", "female", ("Jane", "Miss Bennet")),
            Character("Elizabeth Bennet", "female", ("Elizabeth",)),
            Character("Lady Catherine", "female"), Character("Charlotte Lucas", "female", ("Charlotte",))]
    text = ("Jane was in town with her aunt. " + "Days passed quietly in Kent. " * 120 + "\n\n"
            "After dinner Lady Catherine addressed a variety of questions to Charlotte and Elizabeth.\n\n"
            '"It is a fine evening," observed Lady Catherine. "Do you play and sing, Miss Bennet?"\n\n'
            '"A little."\n\n'
            '"Upon my word," said her Ladyship, "you give your opinion very decidedly."')
    assert speakers(text, cast) == ["Lady Catherine"] * 2 + ["Elizabeth Bennet"] + ["Lady Catherine"] * 2


def test_a_quote_that_is_only_a_name_calls_that_person() -> None:
    # '"Amory."' opening a paragraph calls Amory (his mother speaks); '"Yes," I said, "Jonathan Harker."'
    # gives the speaker's own name, and so does a name answering a question
    cast = [Character("Amory", "male"), Character("Beatrice", "female")]
    text = ('"We must leave this place to-morrow," said Beatrice.\n\nAmory looked out at his mother.\n\n'
            '"Amory."\n\n"Oh, yes."')
    assert speakers(text, cast) == ["Beatrice", "Beatrice", "Amory"]
    cast = [Character("Jonathan Harker", "male"), Character("the old lady", "female")]
    text = ('"The Herr Englishman?" said the old lady.\n\n"Yes," I said, "Jonathan Harker."')
    assert speakers(text, cast, "Jonathan Harker")[1:] == ["Jonathan Harker", "Jonathan Harker"]


def test_a_sentence_adverb_before_the_subject_is_not_part_of_the_name() -> None:
    from pipeline.parse.tags import tag_before

    for chunk, subject in (("Neither boy spoke. Finally Tom said:", "Tom"),
                           ("Presently, Mr. Darcy observed:", "Mr. Darcy"), ("Emily Brown said:", "Emily Brown")):
        tag = tag_before(chunk + "\n\n", 0, len(chunk))
        assert tag is not None and tag.subject == subject
    from pipeline.parse.tags import beat_subject, tag_after

    after = " Finally Tom said."
    assert (tag := tag_after(after, 0, len(after))) is not None and tag.subject == "Tom"
    beat = "Presently Tom looked up."
    assert (found := beat_subject(beat, 0, len(beat))) is not None and found[0] == "Tom"
    cast = [Character("Tom", "male"), Character("the stranger", "male")]
    text = ('The stranger was before him. Neither boy spoke. Finally Tom said:\n\n"I can lick you!"\n\n'
            '"I\'d like to see you try it."\n\n"Well, I can do it."')
    assert speakers(text, cast) == ["Tom", "the stranger", "Tom"]


def test_someones_voice_speaks_for_them_and_someones_companion_is_not_them() -> None:
    cast = [Character("Jock", "male"), Character("Emma McChesney", "female", ("Emma",)),
            Character("Cameron", "male"), Character("the man", "male")]
    text = ('Jock went into his room. His mother laughed.\n\n'
            '"Well, you asked my advice," interrupted his mother\'s voice, "and I gave it."')
    assert speakers(text, cast) == ["Emma McChesney", "Emma McChesney"]
    from pipeline.parse.tags import tag_after

    after = " interrupted his mother's voice, \"and"
    assert (tag := tag_after(after, 0, len(after))) is not None and tag.subject == "his mother's voice"


def test_someones_new_acquaintance_is_a_relation_not_them() -> None:
    from pipeline.parse.tags import tag_after

    after = " Strether's new acquaintance pursued; \"but"
    assert (tag := tag_after(after, 0, len(after))) is not None and tag.subject == "Strether's new acquaintance"
    cast = [Character("Strether", "male"), Character("the lady", "female")]
    text = ('Strether met the lady in the hall.\n\n"Do you know him?" asked Strether.\n\n'
            '"I have met him at Milrose," Strether\'s new acquaintance pursued, "but he would not know me."')
    assert speakers(text, cast)[1] != "Strether"


def test_a_person_the_narration_describes_is_someone_he_can_mean() -> None:
    # 'The old man came in ... He ...': 'he said' is the old man (a speaker of his own), not Tom,
    # the man named before; 'the mother' is never such a person (someone's relative)
    cast = [Character("Tom", "male"), Character("Mary", "female")]
    text = ('Tom went out of the room and Mary sat alone.\n\n'
            'The old man, grave and silent, stood by the window. He looked at no one.\n\n'
            '"Some one has died," he said.')
    assert speakers(text, cast) == ["the old man"]
    text = 'Tom went out. The mother came in and sat down.\n\n"It is late," she said.'
    assert speakers(text, [*cast, Character("Mrs. Smith", "female")])[0] != "the mother"


def test_a_description_only_narrated_is_no_character_of_the_script() -> None:
    text = 'The old man, grave and silent, stood by the window.\n\n"Hello," said Tom.\n\n"Hi," said the landlord.'
    script = parse_book(parse_text(text, Path("t.txt")), [Character("Tom", "male")])
    assert [c.name for c in script.characters] == ["Tom", "the landlord"]


def test_a_speaker_who_names_themself_is_that_speaker_not_one_addressed() -> None:
    # 'Pip, sir.' answers 'Tell us your name!': Pip speaks (his name is no vocative excluding him);
    # 'I am Tom Canty' in an untagged line is Tom's; 'I am Mr. Pett's son' is not Mr. Pett's
    cast = [Character("Pip", "male"), Character("the man", "male"), Character("Joe", "male")]
    text = ('Joe and Pip stood by the gate when the man came up.\n\n'
            '"Tell us your name!" said the man. "Quick!"\n\n"Pip, sir."\n\n"Once more," said the man.')
    assert speakers(text, cast)[2] == "Pip"
    assert reasons(text, cast)[2].startswith('names themself: "')
    cast = [Character("Tom Canty", "male", ("Tom",)), Character("Mr. Pett", "male"), Character("Ann", "female")]
    text = ('Ann and Mr. Pett sat by the fire, and a boy came in.\n\n"Who is it?" asked Ann.\n\n'
            '"Why, I am Tom Canty, and I want bread."\n\n"Come in, then," said Mr. Pett.')
    assert speakers(text, cast)[1] == "Tom Canty"
    text = ('Ann and Tom sat by the fire, and Mr. Pett came in.\n\n"Good evening," said Ann.\n\n'
            '"Good evening. I am Mr. Pett\'s cousin, from Boston."')
    assert speakers(text, cast)[1] != "Mr. Pett"


def test_a_name_asked_for_is_answered_in_the_same_conversation_only() -> None:
    # after pages of narration (a new conversation), a name opening a line calls that person again
    cast = [Character("Pip", "male"), Character("Joe", "male"), Character("Biddy", "female")]
    quiet = "The marshes lay dark and flat under the sky, and the wind came over them. " * 14
    text = (f'Joe and Pip stood by the gate.\n\n"What is your name?" said Joe.\n\n{quiet}\n\n'
            'Biddy came out of the house.\n\n"Pip, come in to supper!"\n\n"Coming," said Joe.')
    assert speakers(text, cast)[1] != "Pip"


def test_uncle_addresses_the_character_named_uncle_and_he_answers() -> None:
    # Adrift in New York: 'Surely, uncle, you cannot mean----' is said to the cast's John Linden
    # (alias 'Uncle John'), who answers; 'Surely' is no one
    cast = [Character("Florence", "female", ("Florence Linden",)),
            Character("John Linden", "male", ("Uncle John", "Mr. Linden")), Character("Curtis", "male")]
    text = ('Florence sat by the bed of her uncle.\n\n"I am not well, Florence," said Mr. Linden.\n\n'
            '"Surely, uncle, you cannot mean----"\n\n"Yes, my child, I am nearing the end."')
    assert speakers(text, cast)[1:] == ["Florence", "John Linden"]
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    att = Attributor(text, CharacterIndex(cast), "Narrator", False)
    a = text.index('"Surely')
    assert att.vocatives(a, text.index("----") + 5) == {"John Linden"}
    # two uncles: 'uncle' names neither
    two = [*cast, Character("Uncle Peter", "male")]
    assert Attributor(text, CharacterIndex(two), "Narrator", False).vocatives(a, text.index("----") + 5) == set()


def test_a_verb_after_a_semicolon_shares_the_subject_of_the_clause_before() -> None:
    # P&P ch. 56: 'Mrs. Bennet assured her that they never sat there after dinner; and then added,'
    # introduces Mrs. Bennet's question (not 'they', a subordinate clause's subject), and the answer
    # is Lady Catherine's
    from pipeline.parse.tags import tag_before

    intro = "Mrs. Bennet assured her that they never sat there after dinner; and then added,"
    tag = tag_before(intro, 0, len(intro))
    assert tag is not None and (tag.subject, tag.verb) == ("Mrs. Bennet", "added")
    rising = "but Lady Catherine very resolutely declined eating any thing; and then rising up, said to Elizabeth,"
    tag = tag_before(rising, 0, len(rising))
    assert tag is not None and tag.subject == "Lady Catherine"
    # a sentence of its own after ';' keeps its own subject
    own = "Mrs. Bennet assured her of it; Kitty then said,"
    tag = tag_before(own, 0, len(own))
    assert tag is not None and tag.subject == "Kitty"
    # (Sense and Sensibility ch. 34: '; and urged by a strong impulse ..., she moved ..., said in a low,
    # but eager, voice,': 'urged' is no coordinated speech verb; the last verb's subject, she, speaks)
    urged = ("The cold insolence of Mrs. Ferrars seemed to foretell such difficulties; and urged by a strong "
             "impulse of affectionate sensibility, she moved to her sister's chair, and putting one arm round "
             "her neck, said in a low, but eager, voice,")
    tag = tag_before(urged, 0, len(urged))
    assert tag is not None and (tag.subject, tag.verb) == ("she", "said")
    # (Twenty Thousand Leagues ch. 6: 'I looked and looked till I was nearly blind, whilst Conseil kept
    # repeating in a calm voice:': Conseil, the subject of the clause the verb is in)
    whilst = "I looked and looked till I was nearly blind, whilst Conseil\nkept repeating in a calm voice:"
    tag = tag_before(whilst, 0, len(whilst))
    assert tag is not None and (tag.subject, tag.verb) == ("Conseil", "repeating")
    cast = [Character("Lady Catherine", "female", ("Lady Catherine de Bourgh",)), *BENNETS]
    text = ('"You have a very small park here," returned Lady Catherine.\n\n'
            '"It is nothing in comparison of Rosings, my lady," said Mrs. Bennet.\n\n'
            f"{intro}\n\n"
            '"May I take the liberty of asking your ladyship whether you left Mr. and Mrs. Collins well."\n\n'
            '"Yes, very well. I saw them the night before last."')
    assert speakers(text, cast)[2:] == ["Mrs. Bennet", "Lady Catherine"]


def test_a_first_name_after_a_rank_title_is_no_surname_of_relatives() -> None:
    # 'Lady Catherine' names her by first name: Kitty Bennet (alias 'Catherine') is not her daughter;
    # her daughter is the one who shares her full name's surname ('Lady Catherine de Bourgh')
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    kitty = Character("Kitty Bennet", "female", ("Kitty", "Catherine"))
    lady = Character("Lady Catherine", "female")
    att = Attributor("", CharacterIndex([lady, kitty]), "Narrator", False)
    assert att._relative("Lady Catherine", "daughter", "female") is None
    anne = Character("Miss De Bourgh", "female")
    att = Attributor("", CharacterIndex([replace(lady, aliases=("Lady Catherine de Bourgh",)), kitty, anne]),
                     "Narrator", False)
    assert att._relative("Lady Catherine", "daughter", "female") == "Miss De Bourgh"
    # a surname owner still finds a relative by a titled surname form ('Mr. Morel' -> 'Mrs. Morel')
    att = Attributor("", CharacterIndex([Character("Mr. Morel", "male"), Character("Mrs. Morel", "female")]),
                     "Narrator", False)
    assert att._relative("Mr. Morel", "wife", "female") == "Mrs. Morel"


def test_the_one_the_narration_says_goes_on_speaks_next() -> None:
    # P&P ch. 9: 'Mrs. Bennet, who fancied she had gained a complete victory over him, continued her
    # triumph.' -- the next line is hers, not Darcy's (who 'turned silently away'); 'continued to
    # console herself' says nothing of speaking
    cast = [*BENNETS, Character("Mr. Darcy", "male", ("Darcy",)), Character("Mr. Bingley", "male", ("Bingley",))]
    text = ('"The country," said Darcy, "can in general supply but few subjects for such a study."\n\n'
            '"Yes, indeed," cried Mrs. Bennet, offended by his manner. "There is quite as much of _that_ '
            'going on in the country as in town."\n\n'
            'Every body was surprised; and Darcy, after looking at her for a moment, turned silently away. '
            'Mrs. Bennet, who fancied she had gained a complete victory over him, continued her triumph.\n\n'
            '"I cannot see that London has any great advantage over the country, for my part."')
    assert speakers(text, cast)[-1] == "Mrs. Bennet"
    from pipeline.parse.cues import _GOES_ON_RE

    assert _GOES_ON_RE.match("Mary, however, continued to console herself with moral extractions.") is None
    assert _GOES_ON_RE.match("She went on to say that it was late.") is not None


def test_reported_speech_after_a_gesture_is_a_turn_that_answers_the_one_addressed() -> None:
    # P&P ch. 18: 'He smiled, and assured her that ...' is Darcy's turn (he answers the 'Mr. Darcy'
    # she addressed), so the next line is hers and the alternation runs on from there
    cast = [*BENNETS, Character("Mr. Darcy", "male", ("Darcy",)), Character("Charlotte Lucas", "female")]
    text = ('"I dare say you will find him very agreeable," said Charlotte Lucas.\n\n'
            'When the dancing recommenced, Darcy approached to claim her hand.\n\n'
            '"It is _your_ turn to say something now, Mr. Darcy," said Elizabeth. "_I_ talked about the dance."\n\n'
            'He smiled, and assured her that whatever she wished him to say should be said.\n\n'
            '"Very well. That reply will do for the present."\n\n'
            '"Do you talk by rule then, while you are dancing?"\n\n'
            '"Sometimes. One must speak a little, you know."')
    assert speakers(text, cast)[3:] == ["Elizabeth Bennet", "Mr. Darcy", "Elizabeth Bennet"]


def test_a_question_the_narration_reports_without_naming_whom_is_the_asker_s_turn() -> None:
    # P&P ch. 47: 'Elizabeth, as she affectionately embraced her, ... lost not a moment in asking
    # whether any thing had been heard' -- Jane's tagged answer follows, so the next untagged line is
    # Elizabeth's and the two alternate from there
    cast = [*BENNETS, Character("Jane Bennet", "female", ("Jane",))]
    text = ('Elizabeth jumped out, and hurried into the vestibule, where Jane immediately met her.\n\n'
            'Elizabeth, as she affectionately embraced her, whilst tears filled the eyes of both, lost not a '
            'moment in asking whether any thing had been heard of the fugitives.\n\n'
            '"Not yet," replied Jane. "But now that my dear uncle is come, I hope every thing will be well."\n\n'
            '"Is my father in town?"\n\n'
            '"Yes, he went on Tuesday as I wrote you word."\n\n'
            '"And have you heard from him often?"')
    assert speakers(text, cast)[2:] == ["Elizabeth Bennet", "Jane Bennet", "Elizabeth Bennet"]


def test_an_uncle_is_not_found_by_the_surname() -> None:
    # 'said her uncle' of Elizabeth Bennet: her mother's brother Mr. Gardiner may be meant, and Mr.
    # Bennet (her father, the one of her surname) is not her uncle
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [*BENNETS, Character("Mr. Gardiner", "male")]
    att = Attributor("", CharacterIndex(cast), "Narrator", False)
    assert att._relative("Elizabeth Bennet", "uncle", "male") is None
    assert att._relative("Mrs. Bennet", "husband", "male") == "Mr. Bennet"
    text = ('Mr. Gardiner and Elizabeth drove from the town.\n\n'
            '"I have been thinking it over again, Elizabeth," said her uncle. "I am more inclined to judge '
            'as your eldest sister does."')
    assert speakers(text, cast)[0] == "Mr. Gardiner"


def test_a_name_closing_a_statement_after_a_verb_or_a_title_is_talked_about() -> None:
    # 'I love him better than I do Bingley.', '... wished him to marry Miss De Bourgh.': the one named
    # is talked about, not addressed (so not the next speaker); 'This is the last time Sasuke.' calls him
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [Character("Mr. Bingley", "male", ("Bingley",)), Character("Miss De Bourgh", "female"),
            Character("Sasuke", "male")]
    for quote, addressed in (
        ('"I must confess that I love him better than I do Bingley."', set()),
        ('"His mother wished him to marry Miss De Bourgh."', set()),
        ('"This is the last time Sasuke."', {"Sasuke"}),
    ):
        att = Attributor(quote, CharacterIndex(cast), "Narrator", False)
        assert att.vocatives(0, len(quote)) == addressed, quote


def test_a_pronoun_tag_means_the_man_a_tag_later_in_the_same_speech_names() -> None:
    # The Ambassadors: '"Oh yes," he replied, "my very well-known friend. ... Do you know him?" Strether
    # wound up.' is one speech, Strether's, not the most recent man's; a speech said *to* the one named
    # later ('he said to Oak. "But ...," said Gabriel.') and a narration sentence after the quote
    # ('Charlotte assured her friend of her satisfaction in being useful, ...') change nothing
    cast = [Character("Strether", "male"), Character("Waymarsh", "male"), Character("Maria Gostrey", "female")]
    text = ('Strether and Maria Gostrey had met at the hotel. Waymarsh was expected.\n\n'
            '"Mr. Waymarsh?" she asked.\n\n'
            '"Oh yes," he replied, "my very well-known friend. He\'s to meet me here. Do you know him?" '
            'Strether wound up.')
    assert speakers(text, cast)[1:] == ["Strether", "Strether"]
    gabriel = [Character("Gabriel Oak", "male", ("Gabriel", "Oak")), Character("the gatekeeper", "male")]
    text = ('The gatekeeper surveyed the retreating vehicle.\n\n'
            '"That\'s a handsome maid," he said to Oak. "But she has her faults," said Gabriel.')
    assert speakers(text, gabriel) == ["the gatekeeper", "Gabriel Oak"]


def test_a_speech_verb_with_an_object_and_of_or_that_after_a_quote_is_reported_speech_not_its_tag() -> None:
    # P&P ch. 22: '"It keeps him in good humour," said she, "and I am more obliged to you than I can
    # express." Charlotte assured her friend of her satisfaction in being useful' -- both parts are
    # Elizabeth's; '"...," she assured him.' is still a tag
    from pipeline.parse.tags import tag_after

    cast = [*BENNETS, Character("Charlotte Lucas", "female", ("Charlotte", "Miss Lucas"))]
    text = ('The Bennets dined with the Lucases, and Miss Lucas listened to Mr. Bennet.\n\n'
            'Elizabeth took an opportunity of thanking her. "It keeps him in good humour," said she, "and I am '
            'more obliged to you than I can express." Charlotte assured her friend of her satisfaction in '
            'being useful, and that it amply repaid her.')
    assert speakers(text, cast) == ["Elizabeth Bennet", "Elizabeth Bennet"]
    after = " Charlotte assured her friend of her satisfaction."
    assert tag_after(after, 0, len(after)) is None
    after = " she assured him."
    tag = tag_after(after, 0, len(after))
    assert tag is not None and tag.subject == "she"


def test_intro_tags_a_title_a_relative_clause_and_an_answer_between_quotes() -> None:
    # P&P ch. 20: 'In a doleful voice Mrs. Bennet thus began' (a description stops before a title:
    # it was 'a doleful voice Mrs' and 'Bennet', Mr. Bennet); 'by Lydia, who, flying to her, cried'
    # (the relative clause's verb, and she its subject); 'Elizabeth replied that it was.' between
    # Mr. Bennet's quotes makes her the one he talks to, so she answers next
    from pipeline.parse.tags import tag_before

    for intro, subject, verb in (
        ("In a doleful voice Mrs. Bennet thus began the projected conversation.--", "Mrs. Bennet", "began"),
        ("She was met in the vestibule by Lydia, who, flying to her, cried in a half whisper,", "Lydia", "cried"),
        ("But Elizabeth, who had not the least inclination to remain, laughingly answered,", "Elizabeth", "answered"),
        ("She met Lydia, who was crying, and said,", "She", "said"),
    ):
        tag = tag_before(intro, 0, len(intro))
        assert tag is not None and (tag.subject, tag.verb) == (subject, verb), intro
    text = ('"Speak to Lizzy about it yourself," said Mrs. Bennet.\n\n'
            '"Let her be called down," said Mr. Bennet.\n\n'
            'Mrs. Bennet rang the bell, and Miss Elizabeth was summoned to the library.\n\n'
            '"Come here, child," cried her father as she appeared. "Mr. Collins has made you an offer of '
            'marriage. Is it true?" Elizabeth replied that it was. "Very well--and this offer of marriage you '
            'have refused?"\n\n'
            '"I have, Sir."')
    assert speakers(text, BENNETS)[-1] == "Elizabeth Bennet"


def test_a_relative_clause_after_a_place_and_a_clause_of_a_relative_joined_on() -> None:
    # P&P ch. 28: 'met Maria in the landing place, who, ... cried out' is Maria's line, not the one the
    # sentence began with; ch. 49: 'Jane, who ..., soon lagged behind, while her sister, ..., cried out'
    # is her sister's, not Jane's
    from pipeline.parse.tags import tag_before

    for intro, subject in (
        ("She opened the door, and met Maria in the landing place, who, breathless with agitation, cried out,",
         "Maria"),
        ("Jane, who was not so light, nor so much in the habit of running as Elizabeth, soon lagged behind, while "
         "her sister, panting for breath, came up with him, and eagerly cried out,", "her sister"),
    ):
        tag = tag_before(intro, 0, len(intro))
        assert tag is not None and (tag.subject, tag.verb) == (subject, "cried"), intro
    cast = [Character("Charlotte Lucas", "female", ("Charlotte",)), Character("Maria Lucas", "female", ("Maria",)),
            Character("Elizabeth Bennet", "female", ("Elizabeth", "Eliza"))]
    text = ('"She is the sort of woman one must respect," said Charlotte.\n\n'
            'About the middle of the next day, as she was in her room, she heard somebody running up stairs. She '
            'opened the door, and met Maria in the landing place, who, breathless with agitation, cried out,\n\n'
            '"Oh, my dear Eliza! pray make haste and come into the dining-room!"')
    assert speakers(text, cast)[-1] == "Maria Lucas"


def test_a_name_after_a_verb_closing_a_question_is_still_called() -> None:
    # 'Mr. Collins begins to say that he will not have Lizzy.' talks about her; 'What do you want
    # Sasuke?' (a question) calls him
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [*BENNETS, Character("Sasuke", "male")]
    for quote, addressed in (
        ('"Mr. Collins begins to say that he will not have Lizzy."', set()),
        ('"What do you want Sasuke?"', {"Sasuke"}),
    ):
        att = Attributor(quote, CharacterIndex(cast), "Narrator", False)
        assert att.vocatives(0, len(quote)) == addressed, quote


def test_a_relative_s_title_goes_with_the_owner_s_surname_in_one_name() -> None:
    # P&P with a full cast: Lydia Bennet (alias 'Mrs. Wickham') is a Bennet and a 'Mrs.', but not in one
    # name, so she is nobody's mother or wife; 'said her mother' of Elizabeth stays Mrs. Bennet
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    lydia = Character("Lydia Bennet", "female", ("Lydia", "Mrs. Wickham"))
    cast = [lydia, *BENNETS]
    att = Attributor("", CharacterIndex(cast), "Narrator", False)
    assert att._relative("Mrs. Bennet", "mother", "female") is None
    assert att._relative("Elizabeth Bennet", "mother", "female") == "Mrs. Bennet"
    text = ('Elizabeth sat by the fire, and Lydia and Mrs. Bennet talked of the regiment.\n\n'
            '"Well, Lizzy," said Mrs. Bennet, "what do you think of it?"\n\n'
            'Elizabeth made no answer. Mrs. Bennet looked at Lydia.\n\n'
            '"Well, Lydia," continued her mother soon afterwards, "and so you are to go?"')
    assert speakers(text, cast)[-1] == "Mrs. Bennet"


def test_a_word_one_bears_as_a_surname_and_another_as_a_first_name_is_the_surname() -> None:
    # P&P with a full cast: 'said Fitzwilliam' is Colonel Fitzwilliam, not Mr. Darcy (alias 'Fitzwilliam
    # Darcy'), and no third character 'Fitzwilliam'; a surname several bear names none of them
    from pipeline.parse.characters import CharacterIndex

    darcy = Character("Mr. Darcy", "male", ("Darcy", "Fitzwilliam Darcy"))
    colonel = Character("Colonel Fitzwilliam", "male")
    index = CharacterIndex([darcy, colonel])
    assert index.resolve("Fitzwilliam") == "Colonel Fitzwilliam"
    lucases = [Character("Sir William Lucas", "male"), Character("Charlotte Lucas", "female", ("Miss Lucas",))]
    assert CharacterIndex(lucases).resolve("Lucas") is None
    text = ('Colonel Fitzwilliam and Darcy walked in.\n\n'
            '"I can answer your question," said Fitzwilliam, "without applying to him."')
    assert speakers(text, [darcy, colonel])[0] == "Colonel Fitzwilliam"


def test_a_name_in_apposition_to_someone_s_relation_is_talked_about() -> None:
    # P&P ch. 47: 'Mr. Darcy and his relation, Colonel Fitzwilliam, I was ignorant' does not address the
    # Colonel (who is in Kent): the next line is her aunt's; 'the farm, Mr. Bennet,' still addresses him
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [*BENNETS, Character("Mrs. Gardiner", "female"), Character("Colonel Fitzwilliam", "male")]
    text = ('"Till I was in Kent, and saw so much both of Mr. Darcy and his relation, Colonel Fitzwilliam, '
            'I was ignorant of the truth." "They are wanted in the farm, Mr. Bennet, are not they?"')
    att = Attributor(text, CharacterIndex(cast), "Narrator", False)
    first, second = text.index('" "'), text.rindex('"')
    assert att.vocatives(1, first) == set()
    assert att.vocatives(first + 3, second) == {"Mr. Bennet"}


def test_speech_reported_in_a_clause_of_the_subject_s_sentence_is_a_turn() -> None:
    # P&P ch. 29: 'Elizabeth could hardly help smiling, as she assured her that had not been the case.'
    # is Elizabeth's answer, so the next untagged line is Lady Catherine's again
    cast = [*BENNETS, Character("Lady Catherine", "female")]
    text = ('"Has your governess left you?" said Lady Catherine.\n\n'
            '"We never had any governess," said Elizabeth.\n\n'
            '"No governess! Your mother must have been quite a slave to your education."\n\n'
            'Elizabeth could hardly help smiling, as she assured her that had not been the case.\n\n'
            '"Then, who taught you? who attended to you?"\n\n'
            '"Compared with some families, I believe we were."')
    assert speakers(text, cast)[3:] == ["Lady Catherine", "Elizabeth Bennet"]


def test_of_several_people_a_speech_calls_the_one_its_closing_sentence_calls_answers() -> None:
    # P&P ch. 29: Lady Catherine tells Mrs. Collins some news, then asks 'Are any of your younger
    # sisters out, Miss Bennet?': Elizabeth answers, not Mrs. Collins
    cast = [*BENNETS, Character("Lady Catherine", "female"), Character("Charlotte Lucas", "female", ("Mrs. Collins",))]
    text = ('Lady Catherine turned to her guests.\n\n'
            '"Aye, no doubt," said Lady Catherine. "Mrs. Collins, did I tell you of Lady Metcalfe\'s calling '
            'yesterday to thank me? Are any of your younger sisters out, Miss Elizabeth?"\n\n'
            '"Yes, Ma\'am, all."\n\n'
            '"All!--What, all five out at once? Very odd!"')
    assert speakers(text, cast)[2:] == ["Elizabeth Bennet", "Lady Catherine"]


def test_a_name_that_echoes_the_last_line_calls_no_one() -> None:
    # P&P ch. 6 with a full cast (alias 'Miss Elizabeth Bennet'): '"Miss Elizabeth Bennet!" repeated Miss
    # Bingley' repeats Darcy's answer, it does not call Elizabeth; Darcy answers the question
    eliza = Character("Elizabeth Bennet", "female", ("Elizabeth", "Miss Elizabeth Bennet"))
    cast = [eliza, Character("Mr. Darcy", "male", ("Darcy",)), Character("Miss Bingley", "female")]
    text = ('Miss Bingley desired he would tell her what lady had the credit of inspiring such reflections. '
            'Mr. Darcy replied with great intrepidity,\n\n'
            '"Miss Elizabeth Bennet."\n\n'
            '"Miss Elizabeth Bennet!" repeated Miss Bingley. "How long has she been such a favourite?"\n\n'
            '"That is exactly the question which I expected you to ask."')
    assert speakers(text, cast)[-1] == "Mr. Darcy"


def test_a_pronoun_tag_means_whom_the_narration_paragraph_before_is_about() -> None:
    # P&P ch. 40: the paragraph is about Jane ('Miss Bennet's astonishment ... She was sorry that Mr.
    # Darcy ...; but still more was she grieved for ... the refusal'), so 'said she' is Jane,
    # though Elizabeth spoke last; a paragraph whose first subject is no simple name decides nothing
    cast = [*BENNETS, Character("Jane Bennet", "female", ("Jane", "Miss Bennet")), Character("Mr. Darcy", "male")]
    text = ('"He made me an offer," said Elizabeth to her sister.\n\n'
            "Miss Bennet's astonishment was soon lessened by the strong sisterly partiality which made any "
            'admiration of Elizabeth appear perfectly natural. She was sorry that Mr. Darcy should have '
            "delivered his sentiments so; but still more was she grieved for the unhappiness which the "
            "refusal must have given him.\n\n"
            '"His being so sure of succeeding, was wrong," said she.')
    assert speakers(text, cast)[-1] == "Jane Bennet"
    other = text.replace("Miss Bennet's astonishment was", "Then, with Miss Bennet's astonishment,")
    assert speakers(other, cast)[-1] == "Elizabeth Bennet"


def test_the_subject_of_an_infinitive_speech_verb_speaks() -> None:
    # P&P ch. 46: '... so miserably ill, that it was impossible for Darcy to leave her, or to refrain from
    # saying, in a tone of gentleness,' -- Darcy speaks (it was 'it' -> Elizabeth, and then a 'she
    # replied' went to the next woman back, Lydia, who is in Brighton, for six lines)
    cast = [*BENNETS, Character("Mr. Darcy", "male", ("Darcy",)), Character("Lydia Bennet", "female", ("Lydia",))]
    text = ('"Lydia has gone off," said Elizabeth.\n\n'
            'On his quitting the room, she sat down, unable to support herself, and looking so miserably ill, '
            'that it was impossible for Darcy to leave her, or to refrain from saying, in a tone of '
            'gentleness and commiseration, "Let me call your maid. Is there nothing you could take?"\n\n'
            '"No, I thank you," she replied, endeavouring to recover herself.')
    assert speakers(text, cast)[1:] == ["Mr. Darcy", "Elizabeth Bennet"]


def test_a_reply_pronoun_skips_the_last_speaker_only_for_one_of_the_conversation() -> None:
    # 'he replied' right after a man's own line means another man only if that one takes part in the
    # conversation: Darcy, only talked of, does not answer Wickham (P&P ch. 52)
    cast = [*BENNETS, Character("Mr. Darcy", "male", ("Darcy",)), Character("Mr. Wickham", "male", ("Wickham",))]
    text = ('Darcy had gone into the house. Mr. Wickham came up to Elizabeth in the garden.\n\n'
            '"And you saw the old housekeeper, I suppose?" said Wickham.\n\n'
            '"Certainly," he replied, biting his lips.')
    assert speakers(text, cast)[-1] == "Mr. Wickham"


def test_one_the_sentence_says_is_listening_is_not_the_pronoun_that_speaks() -> None:
    # Alice ch. 8: 'Just then she noticed that the Queen was close behind her, listening: so she went
    # on,' -- Alice goes on, not the Queen (the most recent woman)
    cast = [Character("Alice", "female"), Character("Queen of Hearts", "female", ("Queen",)),
            Character("Cheshire Cat", "unknown", ("Cat",))]
    text = ('"I don\'t think they play at all fairly," Alice began, in rather a complaining tone.\n\n'
            '"How do you like the Queen?" said the Cat in a low voice.\n\n'
            '"Not at all," said Alice: "she\'s so extremely--" Just then she noticed that the Queen was close '
            'behind her, listening: so she went on, "--likely to win, that it\'s hardly worth while finishing '
            'the game."')
    assert speakers(text, cast)[-1] == "Alice"


def test_a_clause_joined_by_for_names_who_speaks_next() -> None:
    # Alice ch. 11: '"Stupid things!" Alice began in a loud, indignant voice, but she stopped hastily,
    # for the White Rabbit cried out, "Silence in the court!"' -- the Rabbit, not Alice, calls it
    from pipeline.parse.tags import tag_before

    cast = [Character("Alice", "female"), Character("White Rabbit", "male", ("Rabbit",))]
    text = ('"Stupid things!" Alice began in a loud, indignant voice, but she stopped hastily, for the White '
            'Rabbit cried out, "Silence in the court!"')
    assert speakers(text, cast) == ["Alice", "White Rabbit"]
    chunk = "It was impossible, for the way was long, and he said"
    assert tag_before(chunk, 0, len(chunk)).subject == "he"


def test_a_name_echoed_from_the_last_line_or_after_of_my_dear_calls_no_one() -> None:
    # P&P ch. 51: Lydia's '... for Mr. Darcy might have done as well.' / '"Mr. Darcy!" repeated Elizabeth'
    # does not call Darcy (who is not there): Lydia answers; 'I was thinking of my dear Wickham' does not
    # call Wickham
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [*BENNETS, Character("Lydia Bennet", "female", ("Lydia",)), Character("Mr. Darcy", "male", ("Darcy",)),
            Character("Mr. Wickham", "male", ("Wickham",))]
    text = ('"We were married, you know," said Lydia, "and the wedding need not be put off, for Mr. Darcy might '
            'have done as well."\n\n'
            '"Mr. Darcy!" repeated Elizabeth, in utter amazement.\n\n'
            '"Oh, yes!--he was to come there with Wickham, you know."')
    assert speakers(text, cast)[-1] == "Lydia Bennet"
    line = '"I was thinking, you may suppose, of my dear Wickham."'
    assert Attributor(line, CharacterIndex(cast), "Narrator", False).vocatives(1, len(line) - 1) == set()


def test_a_married_name_makes_a_wife_not_a_sister() -> None:
    # P&P with a full cast: Lydia (alias 'Mrs. Wickham') is Wickham's wife, not his 'dear sister'; his
    # 'my dear sister' had made her the one addressed, and Elizabeth's answer then hers
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    lydia = Character("Lydia Bennet", "female", ("Lydia", "Mrs. Wickham"))
    wickham = Character("Mr. Wickham", "male", ("Wickham",))
    att = Attributor("", CharacterIndex([*BENNETS, lydia, wickham]), "Narrator", False)
    assert att._relative("Mr. Wickham", "sister", "female") is None
    assert att._relative("Mr. Wickham", "wife", "female") == "Lydia Bennet"


def test_one_of_a_group_introducing_a_quote_speaks() -> None:
    # P&P ch. 54: 'one of the girls moved closer to her than ever, and said, in a whisper,' -- one of the
    # girls speaks (it had been the last woman named, Elizabeth)
    cast = [*BENNETS, Character("Jane Bennet", "female", ("Jane",))]
    text = ('Elizabeth sat by the tea-table, where Jane was making tea.\n\n'
            '"I shall stay here," said Elizabeth.\n\n'
            "And on the gentlemen's approaching, one of the girls moved closer to her than ever, and said, in "
            'a whisper, "The men shan\'t come and part us, I am determined."')
    assert speakers(text, cast)[-1] == "one of the girls"


def test_her_companion_is_the_other_one_of_her_conversation() -> None:
    # P&P ch. 58: 'Elizabeth was too much embarrassed to say a word. After a short pause, her companion
    # added,' -- Darcy, with whom she talks (it went to the last woman named, Kitty, who had left them)
    cast = [*BENNETS, Character("Mr. Darcy", "male", ("Darcy",)), Character("Kitty Bennet", "female", ("Kitty",))]
    text = ('When Kitty left them, Elizabeth went boldly on with Darcy alone.\n\n'
            '"I can no longer help thanking you," said Elizabeth.\n\n'
            '"If you _will_ thank me," he replied, "let it be for yourself alone."\n\n'
            'Elizabeth was too much embarrassed to say a word. After a short pause, her companion added, '
            '"You are too generous to trifle with me."')
    assert speakers(text, cast)[-1] == "Mr. Darcy"


def test_a_pronoun_of_the_speaker_s_gender_later_in_the_paragraph_goes_on_with_them() -> None:
    # P&P ch. 3: '"Which do you mean?" and turning round, he looked for a moment at Elizabeth, till
    # catching her eye, he withdrew his own and coldly said, "She is tolerable ..."' -- Darcy still, not
    # Bingley (the man named last)
    cast = [*BENNETS, Character("Mr. Darcy", "male", ("Darcy",)), Character("Mr. Bingley", "male", ("Bingley",))]
    text = ('"Come, Darcy," said Bingley, "I must have you dance."\n\n'
            '"I certainly shall not," said Darcy.\n\n'
            '"Oh! she is the most beautiful creature," said Bingley. "But there is one of her sisters."\n\n'
            '"Which do you mean?" and turning round, he looked for a moment at Elizabeth, till catching her eye, '
            'he withdrew his own and coldly said, "She is tolerable; but not handsome enough to tempt _me_."')
    assert speakers(text, cast)[-2:] == ["Mr. Darcy", "Mr. Darcy"]


def test_the_former_and_the_latter_are_the_two_named_last() -> None:
    # P&P ch. 4: 'When Jane and Elizabeth were alone, the former, who had been cautious in her praise of
    # Mr. Bingley before, expressed to her sister how very much she admired him.' -- then 'said she' is
    # Jane; ch. 47: '... which Elizabeth considered as all but certain, and Miss Bennet could not assert
    # to be wholly impossible; the former continued the subject, by saying,' is Elizabeth
    cast = [*BENNETS, Character("Jane Bennet", "female", ("Jane", "Miss Bennet")), Character("Mr. Bingley", "male")]
    text = ('When Jane and Elizabeth were alone, the former, who had been cautious in her praise of Mr. Bingley '
            'before, expressed to her sister how very much she admired him.\n\n'
            '"He is just what a young man ought to be," said she.')
    assert speakers(text, cast) == ["Jane Bennet"]
    text = ('After joining in general lamentations, which Elizabeth considered as all but certain, and Miss '
            'Bennet could not assert to be wholly impossible; the former continued the subject, by saying, '
            '"But tell me all and every thing about it."')
    assert speakers(text, cast) == ["Elizabeth Bennet"]


def test_one_who_only_shakes_his_head_after_a_quote_answers_it() -> None:
    # P&P ch. 16: '"I should take him ... to be an ill-tempered man." Wickham only shook his head.' -- the
    # line is Elizabeth's; Wickham answers it without words
    cast = [*BENNETS, Character("Mr. Wickham", "male", ("Wickham",))]
    text = ('"He is a man of very large property in Derbyshire, I understand," said Elizabeth.\n\n'
            '"I have known him too long and too well to be a fair judge," said Wickham.\n\n'
            '"I should take him, even on _my_ slight acquaintance, to be an ill-tempered man." Wickham only '
            'shook his head.')
    assert speakers(text, cast)[-1] == "Elizabeth Bennet"


def test_one_the_closing_narration_says_begins_again_speaks_next() -> None:
    # P&P ch. 8: '"Not at all," he replied; "they were brightened by the exercise."--A short pause followed
    # this speech, and Mrs. Hurst began again.' -- the next line is Mrs. Hurst's, not Miss Bingley's by
    # turn-taking
    cast = [*BENNETS, Character("Mr. Darcy", "male", ("Darcy",)), Character("Miss Bingley", "female"),
            Character("Mrs. Hurst", "female")]
    text = ('"I am afraid, Mr. Darcy," observed Miss Bingley, "that this adventure has rather affected your '
            'admiration of her fine eyes."\n\n'
            '"Not at all," he replied; "they were brightened by the exercise."--A short pause followed this '
            'speech, and Mrs. Hurst began again.\n\n'
            '"I have an excessive regard for Jane Bennet, she is really a very sweet girl."')
    assert speakers(text, cast)[-1] == "Mrs. Hurst"
    from pipeline.parse.cues import _GOES_ON_RE

    assert _GOES_ON_RE.match("It rained, and she continued to read.") is None


def test_a_titled_name_exclaimed_at_after_that_is_not_called() -> None:
    # P&P ch. 26: '... I will try again. ... Oh! _that_ abominable Mr. Darcy!--My father's opinion of me does
    # me the greatest honour' does not call Darcy (who is not there): her aunt answers
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [*BENNETS, Character("Mr. Darcy", "male", ("Darcy",))]
    line = '"I will try again. Oh! _that_ abominable Mr. Darcy!--My father\'s opinion of me does me honour."'
    assert Attributor(line, CharacterIndex(cast), "Narrator", False).vocatives(1, len(line) - 1) == set()
    line = '"Oh! that look Sasuke!"'
    cast = [Character("Sasuke", "male")]
    assert Attributor(line, CharacterIndex(cast), "Narrator", False).vocatives(1, len(line) - 1) == {"Sasuke"}


def test_a_titled_surname_in_narration_is_the_namesake_present_and_mrs_is_a_married_name() -> None:
    # P&P ch. 37 with a full cast: at Rosings, 'Lady Catherine observed, after dinner, that Miss Bennet
    # seemed out of spirits, and ... she added,' -- 'Miss Bennet' there is Elizabeth (Jane, the cast's
    # Miss Bennet, is in London and unnamed for pages), so 'she' is Lady Catherine, the one left; and
    # 'Mrs. Bennet' is never Lydia, whose 'Mrs.' goes with another surname
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    jane = Character("Jane Bennet", "female", ("Jane", "Miss Bennet"))
    lydia = Character("Lydia Bennet", "female", ("Lydia", "Mrs. Wickham"))
    lady = Character("Lady Catherine", "female")
    att = Attributor("", CharacterIndex([*BENNETS, jane, lydia, lady]), "Narrator", False)
    assert not att._may_be_titled("Lydia Bennet", "Mrs.", "Bennet")
    assert att._may_be_titled("Mrs. Bennet", "Mrs.", "Bennet")
    text = ("Jane stayed in London. " + "The days passed quietly at Hunsford. " * 100
            + "Elizabeth dined with Lady Catherine. Lady Catherine observed that Miss Bennet seemed out of "
            "spirits. The eldest Miss Bennet was in town.")
    att = Attributor(text, CharacterIndex([*BENNETS, jane, lydia, lady]), "Narrator", False)
    att._note_narration(0, len(text))
    assert att.salience.names[-2:] == ["Elizabeth Bennet", "Jane Bennet"]


def test_an_epithet_before_a_titled_name_and_a_dash_after_a_name_leave_the_name_speaking() -> None:
    # Emma: '"If it were admissible to contradict a lady," said the gallant Mr. Elton', 'cried the
    # good-hearted Mrs. John Knightley', '--replied Emma--quite confirmed by ...': the named person, never a
    # new character 'the gallant' or 'Emma--quite'
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Mr. Elton", "male"),
            Character("Isabella Knightley", "female", ("Mrs. John Knightley",))]
    text = ('"If it were admissible to contradict a lady," said the gallant Mr. Elton.\n\n'
            '"How very pleasing and proper of him!" cried the good-hearted Mrs. John Knightley.\n\n'
            '"No," replied Emma--quite confirmed by the manner in which he spoke.')
    assert speakers(text, cast) == ["Mr. Elton", "Isabella Knightley", "Emma Woodhouse"]


def test_a_speaking_description_stops_at_an_auxiliary_or_adverb() -> None:
    # Emma: 'and the gentlemen perhaps thought each to himself,' is the gentlemen, not a character 'the
    # gentlemen perhaps'; narration keeps the old phrase ('The woman did not answer' names no new woman)
    from pipeline.parse.tags import descriptor_phrase

    assert descriptor_phrase(["gentlemen", "perhaps", "thought", "each"], tag=True) == ["gentlemen"]
    assert descriptor_phrase(["ladies", "were", "comfortably", "clearing"], tag=True) == ["ladies"]
    assert descriptor_phrase(["very", "first", "leisure", "of"], tag=True) == []
    assert descriptor_phrase(["woman", "did", "not", "answer"]) == ["woman", "did", "not"]


def test_an_infinitive_after_a_subordinate_clause_belongs_to_the_main_subject() -> None:
    # Emma ch. 3: 'though he might constrain himself, while the ladies were comfortably clearing the nicer
    # things, to say:' -- Mr. Woodhouse speaks, not the ladies
    cast = [Character("Mr. Woodhouse", "male"), Character("Mrs. Bates", "female")]
    text = ("Mr. Woodhouse loved to have the cloth laid. He could recommend nothing but his gruel; though he "
            "might constrain himself, while the ladies were comfortably clearing the nicer things, to say:\n\n"
            '"Mrs. Bates, let me propose your venturing on one of these eggs."')
    assert speakers(text, cast) == ["Mr. Woodhouse"]


def test_a_name_before_an_aside_and_its_verb_or_in_a_list_is_not_addressed() -> None:
    # Emma: 'Mrs. Dixon, I understand, has no remarkable degree of personal beauty', 'Lady Catherine, I
    # believe, did a great deal to it' (P&P), 'the three teachers, Miss Nash, and Miss Prince': talked about
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = CharacterIndex([Character("Mrs. Dixon", "female"), Character("Miss Nash", "female"),
                           Character("Miss Prince", "female"), Character("Harriet", "female")])
    for line in ('"But Mrs. Dixon must be disappointed. Mrs. Dixon, I understand, has no beauty."',
                 '"She asked all the three teachers, Miss Nash, and Miss Prince, to sup with her."'):
        assert Attributor(line, cast, "Narrator", False).vocatives(1, len(line) - 1) == set()
    line = '"Mrs. Dixon, I understand, you are not well."'
    assert Attributor(line, cast, "Narrator", False).vocatives(1, len(line) - 1) == {"Mrs. Dixon"}


def test_a_name_exclaimed_after_the_last_line_talked_of_it_is_an_echo() -> None:
    # Emma ch. 27: '"What do you say to Mrs. Dixon?"' / '"Mrs. Dixon! very true indeed. I had not thought of
    # Mrs. Dixon."': Mrs. Cole echoes the name; Mrs. Dixon (in Ireland) never speaks
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Mrs. Cole", "female"),
            Character("Mrs. Dixon", "female")]
    text = ('Emma turned to Mrs. Cole.\n\n"What do you say to Mrs. Dixon?" said Emma.\n\n'
            '"Mrs. Dixon! very true indeed. I had not thought of Mrs. Dixon."\n\n'
            '"If so, you must extend your suspicions."')
    assert speakers(text, cast) == ["Emma Woodhouse", "Mrs. Cole", "Emma Woodhouse"]


def test_a_description_the_narration_gave_a_named_character_is_that_character() -> None:
    # Emma ch. 23: 'The Frank Churchill so long talked of ... he was a _very_ good looking young man' then
    # '"It is a great pleasure," said the young man': Frank, here and whenever the narration says 'the young
    # man' after, until it brings in another ('A young man came in')
    cast = [Character("Frank Churchill", "male", ("Frank",)), Character("Mr. Weston", "male"),
            Character("Emma Woodhouse", "female", ("Emma",))]
    text = ("The Frank Churchill so long talked of was actually before her; he was a _very_ good looking young "
            'man.\n\n"I told you he would be here," cried Mr. Weston.\n\n'
            '"It is a great pleasure where one can indulge in it," said the young man.\n\n'
            "Emma smiled. Later the young man was able to look happy.\n\n"
            '"This is a pleasure," said he.\n\nA young man came in from the street.\n\n'
            '"Good day," said the young man.')
    assert speakers(text, cast) == ["Mr. Weston", "Frank Churchill", "Frank Churchill", "the young man"]


def test_a_book_whose_tags_say_said_i_is_first_person_though_its_narration_says_i_seldom() -> None:
    # Moby-Dick: chapters of whales and ships with no 'I' in them put the book under the narration's
    # share of 'I', but its tags say 'says I' fifty-nine times: 'I' speaks, and the landlord answers
    lines = "".join(f'"Landlord, is it {k}?" said I.\n\n"It is {k}," said the landlord.\n\n' for k in range(5))
    essay = "The whale is the largest of the creatures of the sea, and the sperm whale the noblest of them. " * 40
    text = f"Call me Ishmael.\n\n{essay}\n\n{lines}"
    got = speakers(text, [])
    assert got[:4] == ["Ishmael", "the landlord", "Ishmael", "the landlord"]
    assert set(got[::2]) == {"Ishmael"}
    # a third-person book whose narration once quotes 'said I' stays one: no narrator speaks
    third = (f"{essay}\n\n" + '"Where?" said I, he wrote later.\n\n'
             + "".join(f'"Is it {k}?" said Tom.\n\n"It is," said Ann.\n\n' for k in range(5)))
    assert "Narrator" not in speakers(third, [])


def test_a_place_after_a_preposition_closing_a_quote_is_no_one_called() -> None:
    # Moby-Dick: '"... the largest ship that ever sailed round Cape Horn."' and '"... in a gale off Cape
    # Horn."' made 'Cape Horn' a character (named twice as if called), who then took 'he said' lines
    from pipeline.parse.vocatives import quote_vocatives

    for line in ('"I would afore now have sunk the largest ship that ever sailed round Cape Horn."',
                 '"I have lowered for whales from a leaking ship in a gale off Cape Horn."'):
        assert quote_vocatives(line, 1, len(line) - 1) == []
    line = '"Come here, Tashtego."'
    assert quote_vocatives(line, 1, len(line) - 1) == ["Tashtego"]


def test_my_sister_in_a_first_person_book_is_whom_the_narration_names_so() -> None:
    # Great Expectations: 'My sister, Mrs. Joe Gargery, was more than twenty years older than I' then
    # 'repeated my sister', 'exclaimed my sister': Mrs. Joe, not a second woman with a voice of her own
    cast = [Character("Pip", "male"), Character("Joe Gargery", "male", ("Joe",)), Character("Mrs. Joe", "female")]
    text = ("My sister, Mrs. Joe Gargery, was more than twenty years older than I. Joe was a fair man.\n\n"
            '"Where have you been?" said Mrs. Joe.\n\n"To the churchyard," said I.\n\n'
            '"Churchyard!" repeated my sister. "Who brought you up by hand?"\n\n"You did," said I.\n\n'
            '"My sister, Pip, is a fine figure of a woman," said Joe.\n\n"She is," said I.\n\n'
            '"And my brother?" said my brother.')
    assert speakers(text, cast, "Pip") == [
        "Mrs. Joe", "Pip", "Mrs. Joe", "Mrs. Joe", "Pip", "Joe Gargery", "Pip", "my brother"]
    # 'my sister' inside a quote is the speaker's sister: Joe's words name no sister of the narrator's
    quoted = text.replace("My sister, Mrs. Joe Gargery, was", "Joe said, \"My sister, Mrs. Joe Gargery,\" and was")
    assert speakers(quoted, cast, "Pip")[3] == "my sister"


def test_a_named_owner_s_boy_is_not_every_boy() -> None:
    # Great Expectations: a cast entry "Trabb's boy" made every 'boy' the book says him ('"... now,
    # boy."' said to Pip), and Pip's answers went to Trabb's boy, who was miles away
    from pipeline.parse.characters import CharacterIndex

    index = CharacterIndex([Character("Pip", "male"), Character("Trabb's boy", "male"),
                            Character("the child's nurse", "female")])
    text = "Come, boy, said she. Trabb's boy grinned. The nurse came in."
    assert [n for _, n in index.mentions(text, 0, len(text))] == ["Trabb's boy", "the child's nurse"]
    cast = [Character("Pip", "male"), Character("Estella", "female"), Character("Trabb's boy", "male")]
    text = ('I followed her across the yard, and I looked at the brewery.\n\n'
            '"Better not try to brew beer there now, boy," said Estella.\n\n"It looks like it, miss."\n\n'
            '"One of its names, boy."\n\n"It has more than one, then, miss?"')
    assert speakers(text, cast, "Pip") == ["Estella", "Pip", "Estella", "Pip"]


def test_my_name_said_across_a_tag_names_the_speaker() -> None:
    # Great Expectations: '"My name," he said, "is Jaggers, and I am a lawyer in London."': Jaggers, not the
    # man named last
    cast = [Character("Joe Gargery", "male", ("Joe",)), Character("Mr. Jaggers", "male", ("Jaggers",))]
    text = ('"Here is the man," said Joe.\n\nThe stranger sat down at the table.\n\n'
            '"My name," he said, "is Jaggers, and I am a lawyer in London."')
    assert speakers(text, cast, "Pip") == ["Joe Gargery", "Mr. Jaggers", "Mr. Jaggers"]
    # a name that is the owner of something is not the speaker's ('my name is Jaggers's to give')
    owned = text.replace('"is Jaggers, and I', '"is on Jaggers\'s list, and I')
    assert speakers(owned, cast, "Pip")[1] == "Joe Gargery"


def test_a_tag_s_description_stops_before_the_one_spoken_to() -> None:
    # Great Expectations: '"Well!" said the stranger to Mr. Wopsle, when the reading was done': the
    # stranger's words, not Mr. Wopsle's (the tag's subject ran on to 'the stranger to Mr. Wopsle')
    from pipeline.parse.tags import tag_after

    for tail, subject in ((" said the stranger to Mr. Wopsle, when it was done.", "the stranger"),
                          (" said the old man at the door.", "the old man"),
                          (" cried the Queen of Hearts.", "the Queen of Hearts")):
        tag = tag_after(tail, 0, len(tail))
        assert tag is not None and tag.subject == subject
    cast = [Character("Mr. Wopsle", "male", ("Wopsle",))]
    text = ('Mr. Wopsle read the paper aloud.\n\n'
            '"Well!" said the stranger to Mr. Wopsle, when the reading was done, "you are satisfied?"\n\n'
            '"Sir," returned Mr. Wopsle, "I am."')
    assert speakers(text, cast, "Pip") == ["the stranger", "the stranger", "Mr. Wopsle", "Mr. Wopsle"]


def test_a_yes_or_no_reported_is_a_turn() -> None:
    # Great Expectations: '"Am I answered that you are ready?" / I stammered yes, that was it. / "Good.
    # Now, your inclinations ..."': Jaggers goes on, Pip's answer was reported; P&P ch. 52: 'She replied
    # in the affirmative.' between Wickham's lines
    cast = [Character("Pip", "male"), Character("Mr. Jaggers", "male", ("Jaggers",))]
    for reported in ("I stammered yes, that was it.", "I replied in the negative."):
        text = ('"Have you heard of a tutor?" said Mr. Jaggers.\n\n"No, sir," said I.\n\n'
                f'"Then are you ready to go to London?" said Jaggers.\n\n{reported}\n\n"Good. Go on Monday."')
        assert speakers(text, cast, "Pip")[-1] == "Mr. Jaggers"


def test_a_chapter_of_a_first_person_book_told_of_others_gives_the_narrator_no_line() -> None:
    # The War of the Worlds ch. 15-17 follow the narrator's brother, Moby-Dick's 'The Quarter-Deck' Ahab
    # and his crew: their narration never says 'I', and an untagged line there is not the narrator's
    mine = ("I went down to the river, and I stood there a long time. I saw the ship; I hailed it and I "
            "waited till it came in. ") * 6
    theirs = ("The captain paced the deck all morning, and the mate watched him from the rail. The crew "
              "kept their distance; the wind rose and the sails filled. ") * 8
    text = (f"Chapter 1\n\n{mine}\n\n\"Who goes there?\" said I.\n\n\"A friend,\" said the captain.\n\n"
            f"Chapter 2\n\n{theirs}\n\n\"Mr. Starbuck!\"\n\n\"Aye, sir.\"\n\n\"The wind?\"\n\n\"Rising, sir.\"")
    got = speakers(text, [], "Ishmael")
    assert got[:2] == ["Ishmael", "the captain"]
    assert "Ishmael" not in got[2:]
    # the same chapter with the narrator looking on ('I kept my distance') is the narrator's again
    seen = text.replace("The crew kept their distance;", "I kept my distance;").replace(
        '"Aye, sir."', '"Aye, sir," said I.')
    assert speakers(seen, [], "Ishmael")[3] == "Ishmael"


def test_boy_or_miss_said_to_someone_makes_the_one_of_that_sex_answer() -> None:
    # Great Expectations ch. 8: '"What do you play, boy?" asked Estella' with Miss Havisham by: the boy,
    # Pip (the narrator), answers '"Nothing but beggar my neighbor, miss."', not Miss Havisham
    cast = [Character("Pip", "male"), Character("Miss Havisham", "female"), Character("Estella", "female")]
    text = ('I stood and looked at them, and I waited.\n\n"Play," said Miss Havisham.\n\n'
            '"I am very sorry, but I can\'t play just now," said I.\n\n'
            '"Let me see you play cards with this boy," said Miss Havisham.\n\n'
            '"With this boy? Why, he is a common laboring boy!" said Estella.\n\n'
            '"Well? You can break his heart," said Miss Havisham.\n\n'
            '"What do you play, boy?" asked Estella.\n\n"Nothing but beggar my neighbor, miss."')
    assert speakers(text, cast, "Pip")[-1] == "Pip"
    # a narrator of no known sex may be the boy too: 'boy' then picks no one of two
    got = speakers(text.replace('"What do you play, boy?"', '"What do you play, miss?"'), cast, "Pip")
    assert got[-1] == "Miss Havisham"


HERBERT = [Character("Pip", "male"), Character("Herbert Pocket", "male", ("Herbert",)),
           Character("Matthew Pocket", "male", ("Mr. Pocket",)), Character("Estella", "female"),
           Character("Miss Havisham", "female")]
_BARNARDS = "I sat down with Herbert in Barnard's Inn, and I looked at him across the table.\n\n"


def test_a_name_a_statement_ends_on_after_a_verb_is_talked_of() -> None:
    # Great Expectations ch. 22: Herbert's '"... but I meant Estella."' made Estella the one addressed, and
    # Pip's next questions hers
    text = (_BARNARDS + '"She\'s a Tartar," said Herbert.\n\n"Is she?" said I.\n\n'
            '"I don\'t say no to that, but I meant Estella."\n\n"What relation is she to Miss Havisham?"')
    assert speakers(text, HERBERT, "Pip")[2:] == ["Herbert Pocket", "Pip"]


def test_he_said_in_a_first_person_book_is_never_the_narrator_for_the_model_either() -> None:
    # Great Expectations ch. 22: 'He said, "Not at all," and resumed.' and '"With pleasure," said he':
    # the fitted model gave both to Pip, a man as the tag says, but 'he' is never 'I'
    text = (_BARNARDS + '"Let me tell you about Miss Havisham," said Herbert.\n\n'
            "I had been trying to pack my napkin into my tumbler. I thanked him, and apologized. He said,"
            ' "Not at all," and resumed.\n\n"Miss Havisham was now an heiress."')
    assert speakers(text, HERBERT, "Pip") == ["Herbert Pocket", "Herbert Pocket", "Herbert Pocket"]


def test_his_in_a_first_person_book_is_never_the_narrator_s() -> None:
    # Great Expectations ch. 22: 'I asked Herbert whether his father was so inveterate against her?' /
    # '"It's not that," said he': his father is Herbert's (not Pip's, whom the cast gives no father), and
    # the one asked answers
    text = (_BARNARDS + '"Her father was a country gentleman," said Herbert.\n\n'
            "I thought of her, and I asked Herbert whether his father was so inveterate against her?\n\n"
            '"It\'s not that," said he.')
    assert speakers(text, HERBERT, "Pip")[-1] == "Herbert Pocket"
    # the same question in the paragraph of a line before it
    text = (_BARNARDS + '"Her father was a country gentleman," said Herbert.\n\n'
            '"A gentleman," said I; and I asked Herbert whether his father was so inveterate against her?\n\n'
            '"It\'s not that," said he.')
    assert speakers(text, HERBERT, "Pip")[-1] == "Herbert Pocket"


def test_my_christian_name_comma_a_name_is_the_name_not_the_one_called() -> None:
    # Great Expectations ch. 22: '"... call me by my Christian name, Herbert?"': Herbert names himself
    text = (_BARNARDS + '"Will you begin at once to call me by my Christian name, Herbert?" said he.')
    assert speakers(text, HERBERT, "Pip") == ["Herbert Pocket"]


def test_the_names_others_call_a_first_person_narrator_by_are_one_voice() -> None:
    # Great Expectations without a cast: Joe calls the narrator 'Pip', Herbert 'Handel'; 'Handel' was a
    # character of its own with 26 lines (the narrator's) and a voice of its own
    lines = []
    for k in range(3):
        lines += [f'"Pip, old chap, is it {k}?" said Joe.', f'"It is {k}," said I.', '"Yes, Pip."',
                  f'"Handel, my dear fellow, is it {k}?" said Herbert.', f'"It is {k}, Herbert," said I.']
    text = "I went home, and I sat with them by the fire.\n\n" + "\n\n".join(lines)
    script = parse_book(parse_text(text, Path("t.txt")))
    names = {c.name: c for c in script.characters}
    assert "Handel" not in names and "Handel" in names["Pip"].aliases
    got = [s.speaker for s in script.segments if s.kind == "dialogue"]
    assert set(got[1::5]) == set(got[4::5]) == {"Pip"} and "Handel" not in got
    # a cast's own character is never folded into the narrator
    cast = [Character("Joe", "male"), Character("Handel", "male"), Character("Herbert", "male")]
    script = parse_book(parse_text(text, Path("t.txt")), cast)
    assert "Handel" in {c.name for c in script.characters}


JOE = [Character("Pip", "male"), Character("Joe Gargery", "male", ("Joe",)), Character("Biddy", "female"),
       Character("Miss Havisham", "female")]
_LONDON = "I waited for Joe in my rooms, and I sat by the fire. Miss Havisham had sent him to me.\n\n"


def test_a_name_opening_a_split_quote_told_of_as_she_is_not_called() -> None:
    # Great Expectations ch. 27: '"Biddy," pursued Joe, "when I got home and asked her fur to write the
    # message to you, a little hung back."': Joe tells of Biddy, who is not there to answer
    text = (_LONDON + '"Well, Joe?" said I.\n\n'
            '"Biddy," pursued Joe, "when I got home and asked her fur to write the message to you, '
            'a little hung back."\n\n"But you are not going now, Joe?"\n\n"Yes I am," said Joe.')
    assert speakers(text, JOE, "Pip")[3:] == ["Pip", "Joe Gargery"]
    # '"Biddy," said Joe, "you ..."' calls her
    called = text.replace("when I got home and asked her fur", "you got home and I asked you fur")
    assert speakers(called, JOE, "Pip")[3] != "Pip"


def test_the_one_of_two_who_spoke_last_goes_on_when_the_other_is_called() -> None:
    # Great Expectations ch. 27: '"No I am not," said Joe. / Our eyes met ... / "Pip, dear old chap, life is
    # made of ever so many partings"': Joe, not Miss Havisham, whom they only talked of
    text = (_LONDON + '"But you are coming back to dinner, Joe?" said I.\n\n"No I am not," said Joe.\n\n'
            "Our eyes met, and all the ceremony melted out of that manly heart.\n\n"
            '"Pip, dear old chap, life is made of ever so many partings welded together."')
    assert speakers(text, JOE, "Pip")[-1] == "Joe Gargery"
    rules = parse_book(parse_text(text, Path("t.txt")), JOE, "Pip", weights=None)
    assert [s.speaker for s in rules.segments if s.kind == "dialogue"][-1] == "Joe Gargery"


def test_a_letter_opening_a_chapter_is_its_signer_s_with_its_postscript() -> None:
    # Great Expectations ch. 27 opens with Biddy's letter ('"MY DEAR MR PIP:--" ... '"BIDDY."' '"P.S. He
    # wishes me most particular to write what larks."'): no narration hands it over, it is hers
    text = ('Chapter 1\n\nI went to London, and I lived with Herbert there.\n\n"Come, Pip," said Joe.\n\n'
            'Chapter 2\n\n"MY DEAR MR PIP:--\n\n"I write this by request of Mr. Gargery, for to let you know '
            'that he is going to London.\n\n"BIDDY."\n\n"P.S. He wishes me most particular to write what larks."'
            "\n\nI received this letter by the post on Monday morning.")
    assert speakers(text, JOE, "Pip")[1:] == ["Biddy"] * 4
    # a salutation at a chapter's opening that no known name signs is no letter
    unsigned = text.replace('"BIDDY."', '"Yes, sir."')
    assert speakers(unsigned, JOE, "Pip")[1:] != ["Biddy"] * 4


def test_the_one_the_narration_begs_to_go_on_speaks_next() -> None:
    # Great Expectations ch. 46: 'Much comforted by these considerations, I thanked Wemmick again and again,
    # and begged him to proceed.' / '"Well, sir! Mr. Herbert threw himself into the business ..."': Wemmick
    cast = [Character("Pip", "male"), Character("Wemmick", "male"), Character("Herbert Pocket", "male", ("Herbert",))]
    text = ('I sat with Wemmick at breakfast, and I listened.\n\n"The house is by the river-side," said Wemmick.\n\n'
            "Much comforted by these considerations, I thanked Wemmick again and again, and begged him to "
            'proceed.\n\n"Well, sir! Mr. Herbert threw himself into the business with a will."')
    assert speakers(text, cast, "Pip")[-1] == "Wemmick"


DASHWOODS = [Character("Mrs. Dashwood", "female"), Character("Elinor Dashwood", "female", ("Elinor", "Miss Dashwood")),
             Character("Marianne Dashwood", "female", ("Marianne",)),
             Character("John Dashwood", "male", ("Mr. Dashwood", "Mr. John Dashwood")),
             Character("Fanny Dashwood", "female", ("Fanny", "Mrs. John Dashwood"))]


def test_two_mrs_dashwoods_a_mother_and_a_wife() -> None:
    # Sense and Sensibility with the cast a user writes: 'said her mother' was Fanny (Mrs. John Dashwood),
    # as the mother of Mrs. Dashwood by surname; a married woman's mother was born to another name, the
    # daughters' mother is the Mrs. Dashwood of the surname alone, and John's wife the one with his name
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    att = Attributor("", CharacterIndex(DASHWOODS), "Narrator", False)
    assert att._relative("Mrs. Dashwood", "mother", "female") is None
    assert att._relative("Elinor Dashwood", "mother", "female") == "Mrs. Dashwood"
    assert att._relative("John Dashwood", "wife", "female") == "Fanny Dashwood"
    text = ('Mrs. Dashwood and Elinor sat together.\n\n"Did not you hear him complain of the rheumatism?" said '
            'Elinor.\n\n"My dearest child," said her mother, laughing, "at this rate you must be in terror of '
            'MY decay."')
    assert speakers(text, DASHWOODS)[-2:] == ["Mrs. Dashwood", "Mrs. Dashwood"]


def test_the_one_called_mama_is_the_daughters_mother_not_the_speaker() -> None:
    # Sense and Sensibility ch. 9: 'Mama, you are not doing me justice' is a daughter's, though the cast
    # names no one 'my mother' (it was Mrs. Dashwood's, by turns): Mama is the mother, by surname, of the
    # daughters speaking
    text = ('Marianne and Elinor sat with Mrs. Dashwood.\n\n"He is old," said Marianne.\n\n"Do you call him '
            'infirm?" said Elinor.\n\n"He complained of the rheumatism," said Mrs. Dashwood.\n\n"That is '
            'nothing," said Elinor.\n\n"Mama, you are not doing me justice."')
    assert speakers(text, DASHWOODS)[-1] == "Marianne Dashwood"
    # ... at a chapter's opening too, where no one has spoken yet: the one the narration names is called
    opening = ('Marianne laughed. Mrs. Dashwood, who thought Colonel Brandon young, ventured to clear '
               'Mrs. Jennings.\n\n'
               '"But at least, Mama, you cannot deny the absurdity of it. Marianne will say so."')
    assert speakers(opening, DASHWOODS)[-1] != "Mrs. Dashwood"
    # ... but not a 'mama' the speaker quotes ("'Let sister Susan have my knife, mama,' she said")
    from pipeline.parse.vocatives import told_words

    line = "\"Now, she said so prettily, 'Let sister Susan have my knife, mama, when I am dead.' Poor dear!\""
    assert told_words(line, 0, len(line)) == []
    assert told_words(line.replace("'Let", "Let").replace("dead.'", "dead."), 0, len(line) - 2) == ["mama"]


def test_a_mother_not_found_by_name_is_the_married_woman_near() -> None:
    # Mansfield Park ch. 38: 'the anxious mother' greeting Fanny and William was Betsey, the last woman
    # named; a mother the surnames do not find is the nearest woman with a married title
    cast = [Character("Mrs. Price", "female"), Character("Fanny Price", "female", ("Fanny",)),
            Character("Betsey Price", "female", ("Betsey",))]
    text = ('Mrs. Price came in with Betsey, and Fanny rose.\n\nBetsey ran to the door. Then the anxious mother '
            'spoke.\n\n"Dear me!" said the anxious mother, "what a sad fire we have got."')
    assert speakers(text, cast)[0] == "Mrs. Price"


def test_his_name_was_makes_the_he_who_follows() -> None:
    # Northanger Abbey ch. 3: 'The master of the ceremonies introduced to her a very gentlemanlike young man
    # as a partner; his name was Tilney. He seemed ...': twenty lines of Henry's went to 'the master'; a
    # surname the cast's Tilneys share is the one it calls 'Mr.' by it
    cast = [Character("Catherine Morland", "female", ("Catherine",)),
            Character("Henry Tilney", "male", ("Henry", "Mr. Tilney")), Character("General Tilney", "male"),
            Character("Eleanor Tilney", "female", ("Eleanor", "Miss Tilney"))]
    text = ("Catherine went to the Lower Rooms. The master of the ceremonies introduced to her a very gentlemanlike "
            "young man as a partner; his name was Tilney. He talked with fluency and spirit, and he suddenly "
            'addressed her with--"I have been very remiss, madam."\n\n"You need not give yourself that trouble, '
            'sir," said Catherine.\n\n"No trouble, I assure you, madam."')
    assert speakers(text, cast) == ["Henry Tilney", "Catherine Morland", "Henry Tilney"]


def test_a_name_said_again_in_apposition_is_not_called() -> None:
    # Sense and Sensibility ch. 30: Brandon's 'The name of Willoughby, John Willoughby, frequently repeated,
    # first caught my attention' called Willoughby, who then answered in Elinor's place three times
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [Character("John Willoughby", "male", ("Willoughby",)), Character("Colonel Brandon", "male")]
    line = '"The name of Willoughby, John Willoughby, frequently repeated, first caught my attention."'
    assert Attributor(line, CharacterIndex(cast), "Narrator", False).vocatives(1, len(line) - 1) == set()
    called = '"Didn\'t us, Willoughby? We went out, and you, Willoughby, came."'
    assert Attributor(called, CharacterIndex(cast), "Narrator", False).vocatives(1, len(called) - 1) == {
        "John Willoughby"}


NORTHANGER = [Character("Catherine Morland", "female", ("Catherine",)), Character("Mrs. Allen", "female"),
              Character("Henry Tilney", "male", ("Henry", "Mr. Tilney")),
              Character("Isabella Thorpe", "female", ("Isabella",))]


def test_an_answer_reported_after_a_line_is_a_turn_across_a_wrapped_line() -> None:
    # Northanger Abbey ch. 8: '"I am very happy to see you again, sir, indeed." He thanked her\nfor her fears,
    # and said that he had quitted it for a week.' -- his reported answer is a turn (the text wraps its
    # lines), so Mrs. Allen's 'Well, sir' is hers, and the lines after it alternate from there
    text = ('Catherine saw Mr. Tilney, and he spoke both to her and Mrs. Allen, by whom he was very civilly '
            'acknowledged. "I am very happy to see you again, sir, indeed." He thanked her\nfor her fears, and '
            'said that he had quitted it for a week.\n\n"Well, sir, and I dare say you are not sorry to be back '
            'again."\n\n"And I hope, madam, that Mr. Allen will like the place."\n\n"Thank you, sir. A neighbour '
            'of ours, Dr. Skinner, was here for his health last winter."\n\n"That circumstance must give great '
            'encouragement."')
    assert speakers(text, NORTHANGER)[1:] == ["Mrs. Allen", "Henry Tilney", "Mrs. Allen", "Henry Tilney"]


def test_a_name_after_of_ours_is_talked_about_unless_a_clause_follows() -> None:
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [*NORTHANGER, Character("Dr. Skinner", "male")]
    told = '"A neighbour of ours, Dr. Skinner, was here for his health."'
    assert Attributor(told, CharacterIndex(cast), "Narrator", False).vocatives(1, len(told) - 1) == set()
    called = '"I would not speak ill of a brother of yours, Isabella, I am sure."'
    assert Attributor(called, CharacterIndex(cast), "Narrator", False).vocatives(1, len(called) - 1) == {
        "Isabella Thorpe"}


def test_the_one_the_narration_says_is_silent_between_two_parts_does_not_speak() -> None:
    # Northanger Abbey ch. 18: '"... he is not the person." Isabella was silent. "My dear friend, you must not
    # be angry with me."': Catherine goes on
    text = ('Isabella looked at Catherine.\n\n"I am pretty sure that you and John were alone," said Isabella.\n\n'
            '"Well, I cannot recollect it. He is not the person." Isabella was silent. "My dear friend, you '
            'must not be angry with me."')
    assert speakers(text, NORTHANGER)[1:] == ["Catherine Morland"] * 2


def test_a_cast_name_that_is_a_description_closing_a_question_is_talked_of() -> None:
    # Northanger Abbey ch. 28: '"Have I offended the general?" said Catherine' called the general (the cast's
    # alias 'the General'), and Eleanor's answer went to him
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [*NORTHANGER, Character("General Tilney", "male", ("the General",))]
    line = '"Have I offended the general?"'
    assert Attributor(line, CharacterIndex(cast), "Narrator", False).vocatives(1, len(line) - 1) == set()


def test_alone_with_someone_starts_a_conversation_with_them() -> None:
    # Northanger Abbey ch. 23: 'She ventured, when next alone with Eleanor, ... "It remains as it was, I
    # suppose?" said she' / '"Yes, entirely."': Eleanor answers, not the general the narration talked of
    cast = [*NORTHANGER, Character("Eleanor Tilney", "female", ("Eleanor",)),
            Character("General Tilney", "male", ("the General",))]
    text = ('"I was going to take you into my mother\'s room," said the General.\n\nCatherine was silent.\n\n'
            'She ventured, when next alone with Eleanor, to express her wish of seeing it. Catherine understood '
            'her: the general must be watched from home. "It remains as it was, I suppose?" said she.\n\n'
            '"Yes, entirely."')
    assert speakers(text, cast)[-2:] == ["Catherine Morland", "Eleanor Tilney"]


def test_two_the_narration_says_are_by_themselves_hold_the_talk_that_follows() -> None:
    # Pride and Prejudice ch. 47: Mary moralises; 'In the afternoon, the two elder Miss Bennets were able to
    # be for half an hour by themselves; and Elizabeth ... which Jane was equally eager to satisfy.': the
    # talk that follows is Elizabeth's and Jane's (Jane's answers went to Mary, the last to speak before);
    # not when another is named before the talk ('Catherine took her place at the table')
    cast = [Character("Elizabeth Bennet", "female", ("Elizabeth",)), Character("Jane Bennet", "female", ("Jane",)),
            Character("Mary Bennet", "female", ("Mary",))]
    talk = ('"We must stem the tide of malice," said Mary.\n\nElizabeth lifted up her eyes in amazement. Mary '
            'continued to console herself with moral extractions.\n\n'
            'In the afternoon, the two elder sisters were able to be for half an hour by themselves; and Elizabeth '
            'made many enquiries, which Jane was equally eager to satisfy. "But tell me all," said Elizabeth.\n\n'
            '"Colonel Forster did own that he had often suspected some partiality."\n\n'
            '"And was Denny convinced?"\n\n"Yes; but he denied knowing any thing of their plan."')
    assert speakers(talk, cast) == ["Mary Bennet", "Elizabeth Bennet", "Jane Bennet", "Elizabeth Bennet", "Jane Bennet"]
    three = talk.replace("which Jane was equally eager to satisfy.", "which Jane was equally eager to satisfy. "
                         "Mary took her place at the table.")
    assert speakers(three, cast)[2] == "Mary Bennet"


def test_a_cast_description_is_named_by_its_whole_words_not_by_any_woman() -> None:
    # The War of the Worlds with a user's cast: 'the slender woman' (Miss Elphinstone) made every 'woman'
    # a mention of her ('said a woman beside me' at Shepperton, pages before she is met), 'the woman in
    # white' made 'white' one of Mrs. Elphinstone; 'said the woman over the gate' is that cast entry,
    # though a tag's subject stops at 'the woman'
    cast = [Character("the narrator", "male"), Character("Miss Elphinstone", "female", ("the slender woman",)),
            Character("Mrs. Elphinstone", "female", ("the woman in white",)),
            Character("the woman over the gate", "female")]
    text = ('"People seem fair silly about the common," said the woman over the gate.\n\n'
            'A woman screamed. "The sojers\'ll stop \'em," said a woman beside me, doubtfully.\n\n'
            'The sky was white with smoke.\n\n"Take this!" said the slender woman.')
    assert speakers(text, cast, "the narrator") == ["the woman over the gate", "the woman", "Miss Elphinstone"]
    # (and so it is when a woman spoke as 'the woman' before: a shorter name the words begin with)
    earlier = '"Run!" said the woman.\n\nThe crowd went by.\n\n' + text
    assert speakers(earlier, cast, "the narrator")[:2] == ["the woman", "the woman over the gate"]


def test_someone_or_a_voice_speaks_for_itself_unless_the_narration_then_sees_who() -> None:
    # The War of the Worlds: '"He's fallen in the pit!" cried some one.' went to the narrator the
    # narration was about; Mansfield Park: '"Fanny," said a voice at that moment near her. Starting and
    # looking up, she saw, across the lobby ..., Edmund himself' is Edmund's
    pit = [Character("the narrator", "male"), Character("Stent", "male")]
    text = ('I went on to the crowd, elbowing my way.\n\n"He\'s fallen in the pit!" cried some one.\n\n'
            '"Keep back!" said Stent.')
    assert speakers(text, pit, "the narrator") == ["someone", "Stent"]
    lobby = [Character("Fanny Price", "female", ("Fanny",)), Character("Edmund Bertram", "male", ("Edmund",)),
             Character("Mary Crawford", "female", ("Miss Crawford",))]
    text = ('Miss Crawford had gone. Fanny walked on alone.\n\n"Fanny," said a voice at that moment near her. '
            'Starting and looking up, she saw, across the lobby she had just reached, Edmund himself.\n\n'
            '"I am glad to see you," said she.')
    assert speakers(text, lobby) == ["Edmund Bertram", "Fanny Price"]


def test_someone_the_narration_brings_in_with_a_is_the_next_he() -> None:
    # The War of the Worlds ch. 12: '... when a soldier came into my garden. ... "Who's there?" he said': the
    # soldier (the cast's artilleryman), not the landlord the narration named last; 'A boy came running
    # towards me.' is a boy of his own
    cast = [Character("the narrator", "male"), Character("the landlord", "male"),
            Character("the artilleryman", "male", ("the soldier",))]
    text = ('"I must have a pound," said the landlord.\n\nI drove home in the dark.\n\n'
            'The sky was clear, when a soldier came into my garden.\n\n"Hist!" said I.\n\n'
            'He stopped astride of the fence.\n\n"Who\'s there?" he said.\n\nA boy came running towards me.\n\n'
            '"It\'s a-movin\'," he said to me as he passed.')
    assert speakers(text, cast, "the narrator") == ["the landlord", "the narrator", "the artilleryman", "the boy"]
    # ('One of the men came running to my brother. "Where is there any water?" he said.': one of them)
    text = ('"There may be a tap," said the landlord.\n\nOne of the men came running to the landlord.\n\n'
            '"Where is there any water?" he said.')
    assert speakers(text, cast, "the narrator") == ["the landlord", "one of the men"]


def test_my_neighbour_opening_a_sentence_is_its_subject() -> None:
    # The War of the Worlds ch. 10 (a cast's 'the neighbour', alias 'my neighbour'): 'My neighbour was of
    # opinion that ...' is about him (the mention started after 'My': an object), so 'he said' was the
    # milkman of the paragraph before
    cast = [Character("the narrator", "male"), Character("the milkman", "male"),
            Character("the neighbour", "male", ("my neighbour",))]
    text = ('"They aren\'t to be killed," said the milkman, "if that can possibly be avoided."\n\n'
            'I saw my neighbour gardening, and then strolled in to breakfast. My neighbour was of opinion that the '
            'troops would be able to capture the Martians.\n\n"It\'s a pity they make themselves so '
            'unapproachable," he said.')
    assert speakers(text, cast, "the narrator") == ["the milkman", "the milkman", "the neighbour"]


def test_one_there_brings_in_is_the_subject() -> None:
    # The Happy Prince (the issue's example: 17 of its first 22 lines wrong): 'One night there flew over the
    # city a little Swallow. His friends had gone away ..., for he was in love with the most beautiful
    # Reed.': the Swallow is the 'he' of the next eight paragraphs, not the Mathematical Master the
    # paragraph before was about
    cast = [Character("the Happy Prince", "male", ("the Prince", "the statue")),
            Character("the Swallow", "male", ("Swallow", "little Swallow")), Character("the Reed", "female"),
            Character("the Mathematical Master", "male")]
    text = ('"How do you know?" said the Mathematical Master, "you have never seen one."\n\n'
            '"Ah! but we have, in our dreams," answered the children; and the Mathematical Master frowned and looked '
            'very severe.\n\nOne night there flew over the city a little Swallow. His friends had gone away to Egypt '
            'six weeks before, but he had stayed behind, for he was in love with the most beautiful Reed.\n\n'
            '"It is a ridiculous attachment," twittered the other Swallows. Then they all flew away.\n\n'
            'After they had gone he felt lonely. "She has no conversation," he said.\n\n'
            '"Will you come away with me?" he said finally to her; but the Reed shook her head.')
    assert speakers(text, cast)[-3:] == ["the other swallows", "the Swallow", "the Swallow"]  # (birds twitter)


def test_one_of_a_group_named_by_a_compound_keeps_its_head() -> None:
    # The Happy Prince: 'remarked one of the Town Councillors who wished ...' was 'one of the town'
    text = ('"He is as beautiful as a weathercock," remarked one of the Town Councillors who wished to gain a '
            'reputation; "only not quite so useful," he added.\n\n"Ah! but we have," answered one of the jurymen.')
    assert speakers(text, []) == ["one of the town councillors"] * 2 + ["one of the jurymen"]


def test_the_speaker_a_tag_just_named_is_the_he_that_goes_on() -> None:
    # Alice ch. 3: '"Of course," the Dodo replied very gravely. "What else have you got in your pocket?" he
    # went on, turning to Alice.': the Dodo (no sex in the cast), not the White Rabbit named pages before
    cast = [Character("Alice", "female"), Character("White Rabbit", "male", ("the Rabbit",)), Character("Dodo")]
    text = ('The White Rabbit ran off, and he was gone.\n\nThe Dodo solemnly presented the thimble.\n\n'
            '"Of course," the Dodo replied very gravely. "What else have you got in your pocket?" he went on, '
            'turning to Alice.')
    assert speakers(text, cast)[-2:] == ["Dodo", "Dodo"]


def test_a_description_of_no_known_sex_takes_the_he_that_tags_it() -> None:
    # The War of the Worlds, the curate left out of the cast: 'the curate' (no sex in its noun) is 'he' once a
    # tag's 'he' means him ('But the curate was lethargic. "We are safe here," he repeated'); his later lines
    # ('the insanity of the curate ... On the eighth day he began to talk aloud. "It is just, O God!" he would
    # say') went to Ogilvy, the last man by name
    text = ('"The chances are a million to one," said Ogilvy.\n\nI went home.\n\n'
            '"Are you better?" asked the curate in a whisper.\n\nAt last I answered him.\n\n'
            'But the curate was lethargic, unreasonable.\n\n"We are safe here," he repeated.\n\n'
            'I had strange dreams of Mr. Henderson, who was dead. The weakness and insanity of the curate kept me '
            'a sane man.\n\n'
            'On the eighth day he began to talk aloud.\n\n"It is just, O God!" he would say.')
    assert speakers(text, [Character("Ogilvy", "male")], "Narrator")[-2:] == ["the curate", "the curate"]


def test_the_captain_is_the_cast_s_captain_named_last() -> None:
    # Twenty Thousand Leagues with the cast a user writes (Captain Nemo; Commander Farragut, alias 'Captain
    # Farragut'): 'said the captain' made a character 'Captain' with a voice of its own, who took 200 of
    # Farragut's and Nemo's lines; it is the one of them the story named last, and 'An incident, Captain?'
    # calls him
    cast = [Character("Professor Aronnax", "male", ("M. Aronnax",)), Character("Ned Land", "male", ("Ned",)),
            Character("Captain Nemo", "male", ("Nemo",)),
            Character("Commander Farragut", "male", ("Farragut", "Captain Farragut"))]
    text = ("Chapter 1\n\nCommander Farragut was a good seaman. Ned Land stood by him.\n\n"
            '"Silence!" cried the captain.\n\n"Well, Mr. Land," said the captain, "do you advise me to wait?"\n\n'
            "Chapter 2\n\nI met Captain Nemo in the saloon. The Captain showed me a sketch.\n\n"
            '"Here, M. Aronnax, are the dimensions of the boat," said the Captain.\n\n'
            '"An incident, Captain?" I asked.\n\n"No, sir; an accident this time."')
    got = speakers(text, cast, "Professor Aronnax")
    assert got == ["Commander Farragut", "Commander Farragut", "Commander Farragut", "Captain Nemo",
                   "Professor Aronnax", "Captain Nemo"]
    script = parse_book(parse_text(text, Path("t.txt")), cast, "Professor Aronnax")
    assert "Captain" not in {c.name for c in script.characters}


def test_a_name_the_quote_talks_of_after_an_aside_is_not_its_speaker() -> None:
    # Sense and Sensibility ch. 30: 'Dear ma'am, this kindness is quite unnecessary. Marianne, I dare say, will
    # not leave her room again this evening.' is Elinor's; it went to Marianne, and Elinor's next three
    # answers to Mrs. Jennings with it
    cast = [*DASHWOODS, Character("Mrs. Jennings", "female")]
    text = ('Elinor sat with Mrs. Jennings.\n\n"Your poor sister is gone to her own room, I suppose," said Mrs. '
            'Jennings. "Is there nothing one can get to comfort her?"\n\nMarianne was in her room.\n\n"Dear '
            'ma\'am, this kindness is quite unnecessary. Marianne, I dare say, will not leave her room again."')
    assert speakers(text, cast)[-1] != "Marianne Dashwood"


def test_an_exclamation_of_someone_s_is_theirs() -> None:
    # Northanger Abbey ch. 10: '"How well your brother dances!" was an artless exclamation of Catherine's'
    from pipeline.parse.tags import tag_after

    text = '"How well your brother dances!" was an artless exclamation of\nCatherine\'s towards the close.'
    tag = tag_after(text, text.index("was"), len(text))
    assert tag is not None and tag.subject == "Catherine" and tag.strong


def test_a_name_said_to_sir_is_not_called() -> None:
    # Mansfield Park ch. 40: '"What's the name of your great cousins in town, Fan?" / ... "Rushworth, sir."' --
    # the name answers her father, it does not call Mr. Rushworth (who then spoke her father's next lines)
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [Character("Fanny Price", "female", ("Fanny", "Fan")), Character("Mr. Rushworth", "male", ("Rushworth",))]
    line = '"Rushworth, sir."'
    assert Attributor(line, CharacterIndex(cast), "Narrator", False).vocatives(1, len(line) - 1) == set()
    called = '"Rushworth, come here."'
    assert Attributor(called, CharacterIndex(cast), "Narrator", False).vocatives(1, len(called) - 1) == {
        "Mr. Rushworth"}


def test_his_next_observation_is_his() -> None:
    # Mansfield Park ch. 17: '"I rather wonder Julia is not in love with Henry," was her observation to Mary.'
    from pipeline.parse.tags import tag_after

    text = '"I rather wonder Julia is not in love with Henry," was her observation to Mary.'
    tag = tag_after(text, text.index("was"), len(text))
    assert tag is not None and tag.subject == "she"


def test_her_husband_bears_her_married_name() -> None:
    # Emma with the cast a user writes: 'her husband' of Mrs. Elton (alias 'Augusta Hawkins') was no one, so
    # 'he murmured, in reply' at Box Hill went to Mr. Woodhouse; an unmarried Emma's 'husband' by surname was
    # her father; Isabella's, 'Mrs. John Knightley', is Mr. John Knightley, not his brother
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex

    cast = [Character("Emma Woodhouse", "female", ("Emma", "Miss Woodhouse")), Character("Mr. Woodhouse", "male"),
            Character("Mrs. Elton", "female", ("Augusta Hawkins", "Miss Hawkins")), Character("Mr. Elton", "male"),
            Character("Mr. Knightley", "male", ("Knightley",)), Character("Mr. John Knightley", "male"),
            Character("Isabella Knightley", "female", ("Isabella", "Mrs. John Knightley"))]
    att = Attributor("", CharacterIndex(cast), "Narrator", False)
    assert att._relative("Mrs. Elton", "husband", "male") == "Mr. Elton"
    assert att._relative("Emma Woodhouse", "husband", "male") is None
    assert att._relative("Isabella Knightley", "husband", "male") == "Mr. John Knightley"


def test_an_aunt_with_a_surname_is_that_aunt() -> None:
    # Mansfield Park ch. 18: 'her kinder aunt Bertram observed on her behalf--' was Mrs. Norris, the one the cast
    # calls 'Aunt Norris'
    cast = [Character("Fanny Price", "female", ("Fanny",)), Character("Mrs. Norris", "female", ("Aunt Norris",)),
            Character("Lady Bertram", "female")]
    text = ('"It is all very well for you, Fanny," said Mrs. Norris.\n\nFanny took the work very quietly; but '
            'her kinder aunt Bertram observed on her behalf--\n\n"One cannot wonder, sister, that Fanny should be '
            'delighted."')
    assert speakers(text, cast)[-1] == "Lady Bertram"


def test_the_agent_of_a_passive_is_the_one_who_acts() -> None:
    # Emma ch. 52: 'a moment afterwards she was met on the stairs by Jane herself, coming eagerly forward ... She
    # came forward with an offered hand; and said,' -- Jane, not Miss Bates, named just before; P&P ch. 55:
    # 'In a few minutes she was joined by Bingley ... "Where is your sister?" said he' -- Bingley, not Mr. Bennet
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Miss Bates", "female"),
            Character("Jane Fairfax", "female", ("Jane",))]
    text = ('Emma waited in the passage; but no such bustle succeeded as poor Miss Bates had before made. A moment '
            'afterwards she was met on the stairs by Jane herself, coming eagerly forward. She came forward with '
            'an offered hand; and said,\n\n"This is most kind, indeed!"')
    assert speakers(text, cast) == ["Jane Fairfax"]
    # ... not a passive said of a thing ('as it had been pointed out to her by Miss Bates')
    thing = text.replace("she was met on the stairs by Jane herself", "it had been pointed out to her by Jane")
    assert speakers(thing, cast) != ["Jane Fairfax"]


def test_a_moment_is_no_one() -> None:
    # Emma ch. 52: 'she heard nothing but the instant reply of, "Beg her to walk up;"' made 'the instant' a speaker
    from pipeline.parse.tags import descriptor_phrase

    assert descriptor_phrase(["instant"], tag=True) == []
    assert descriptor_phrase(["old", "landlord"], tag=True) == ["old", "landlord"]


def test_a_descriptor_ends_at_a_dash_and_at_without() -> None:
    # Northanger Abbey: '"The very picture of him indeed!" cried the mother--and "I should ..."' made a speaker
    # 'the mother--and'; 'continued the other without at all listening' one 'the other without'
    from pipeline.parse.tags import descriptor_phrase

    assert descriptor_phrase(["mother--and", '"I'], tag=True) == ["mother"]
    assert descriptor_phrase(["aged\u2014who"], tag=True) == ["aged"]
    assert descriptor_phrase(["other", "without", "at"], tag=True) == []
    assert descriptor_phrase(["rain"], tag=True) == []


def test_the_narration_saying_someone_began_to_inquire_is_her_turn() -> None:
    # Northanger Abbey ch. 25: 'Miss Tilney, at Catherine's invitation, now read the letter likewise, and,
    # having expressed also her concern and surprise, began to inquire into Miss Thorpe's connections and
    # fortune.' / '"Her mother is a very good sort of woman," was Catherine's answer.' / '"What was her
    # father?"' -- Eleanor asks, not Henry, who spoke last before her; and the asker of '"Are they a
    # wealthy family?"' does not answer '"No, not very."' herself
    cast = [Character("Catherine Morland", "female", ("Catherine",)), Character("Henry Tilney", "male", ("Henry",)),
            Character("Eleanor Tilney", "female", ("Eleanor", "Miss Tilney"))]
    text = ('"I do not envy his situation," said Henry, returning the letter.\n\n'
            "Miss Tilney, at Catherine's invitation, now read the letter likewise, and, having expressed also her "
            "concern and surprise, began to inquire into Miss Thorpe's connections and fortune.\n\n"
            '"Her mother is a very good sort of woman," was Catherine\'s answer.\n\n"What was her father?"\n\n'
            '"A lawyer, I believe. They live at Putney."\n\n"Are they a wealthy family?"\n\n'
            '"No, not very. I do not believe Isabella has any fortune at all."\n\nThe brother and sister looked at '
            'each other.\n\n"But," said Eleanor, after a short pause, "would it be to promote his happiness?"')
    assert speakers(text, cast)[1:6] == ["Catherine Morland", "Eleanor Tilney", "Catherine Morland",
                                         "Eleanor Tilney", "Catherine Morland"]


def test_the_model_does_not_make_the_asker_answer_her_own_question() -> None:
    # Northanger Abbey ch. 25: '"Are they a wealthy family?"' (Eleanor) / '"No, not very. ..."': the rules
    # say Catherine answers; the lookahead model, seeing Eleanor speak two lines on, gave it to her
    from pipeline.parse.attribution import Attributor
    from pipeline.parse.characters import CharacterIndex
    from pipeline.parse.context import Attribution
    from pipeline.parse.quotes import find_quotes

    cast = [Character("Catherine Morland", "female"), Character("Eleanor Tilney", "female", ("Eleanor",))]
    text = '"No, not very," she said at last, "I do not believe so."'
    att = Attributor(text, CharacterIndex(cast), "Narrator", False)
    att.last_question = ("Eleanor Tilney", True)
    att.prev_para_speaker = "Eleanor Tilney"
    quotes, _open = find_quotes(text, 0, len(text))
    rule = Attribution("Catherine Morland", 0.7, "answers Eleanor Tilney's question; turn-taking: alternates")
    assert att._rules_stand(quotes, 0, rule, "Eleanor Tilney", 0, len(text))
    assert not att._rules_stand(quotes, 0, rule, "Henry Tilney", 0, len(text))


def test_one_who_said_nothing_did_not_say_the_line() -> None:
    """'"It has been your own doing entirely?" Catherine said nothing.': a negated 'said' is no tag; the
    question is the other's (Northanger Abbey, ch. 25)."""
    cast = [Character("Henry Tilney", "male", ("Henry",)), Character("Catherine Morland", "female", ("Catherine",))]
    text = ('Henry walked with Catherine up the gallery.\n\n"Have you had any letter from Bath?" asked Henry.\n\n'
            '"No," said Catherine.\n\n"It has been your own doing entirely?" Catherine said nothing. After a short '
            'silence he added, "There is nothing in the room."')
    assert speakers(text, cast) == ["Henry Tilney", "Catherine Morland", "Henry Tilney", "Henry Tilney"]


def test_a_tag_pronoun_is_the_subject_of_its_sentence() -> None:
    """'Perhaps Fanny thought ... that her mother had been quite rude enough,--for, colouring a little,
    she immediately said,': Fanny, the sentence's subject, not the mother her thought was of; but not when
    another woman is the subject of a later clause ('Fanny was silent, and Miss Crawford relapsed ...,
    till ... she exclaimed'). (Sense and Sensibility ch. 35; Mansfield Park ch. 22.)"""
    cast = [Character("Fanny Dashwood", "female", ("Fanny",)), Character("Mrs. Ferrars", "female"),
            Character("Mrs. Dashwood", "female"), Character("Elinor Dashwood", "female", ("Elinor",)),
            Character("Mary Crawford", "female", ("Miss Crawford",)), Character("Fanny Price", "female")]
    text = ('Elinor sat by Mrs. Dashwood.\n\n"Hum--very pretty," said Mrs. Ferrars, and returned them to her '
            'daughter.\n\nPerhaps Fanny thought for a moment that her mother had been quite rude enough,--for, '
            'colouring a little, she immediately said,\n\n"They are very pretty, ma\'am--an\'t they?"')
    assert speakers(text, cast)[-1] == "Fanny Dashwood"
    text = ('Fanny Price was silent, and Miss Crawford relapsed into thoughtfulness, till suddenly looking up, '
            'she exclaimed, "Ah! here he is."')
    assert speakers(text, cast) == ["Mary Crawford"]
    # (one named after 'and' is the subject of a clause only with a verb after her: 'with Edmund and Fanny,')
    text = ('Miss Crawford was standing at an open window with Fanny Price and Fanny Dashwood, and she suddenly '
            'said, "How happy Mr. Rushworth looks!"')
    assert speakers(text, cast) == ["Mary Crawford"]
    # (the subject of a clause opening the sentence; 'Fanny looking out' is no clause of hers)
    text = ('The subject was dropt; but after tea, as Miss Crawford was standing at an open window with Fanny Price '
            'and Fanny Dashwood looking out, she suddenly revived it by saying, "How happy he looks!"')
    assert speakers(text, cast) == ["Mary Crawford"]


def test_one_greeted_is_spoken_to_and_returned_from_is_no_tag() -> None:
    """'Catherine found Mrs. Allen just returned from all the busy idleness of the morning, and was
    immediately greeted with, "Well, my dear, here you are,"': Mrs. Allen speaks ('returned from' is no
    speech verb; the one greeted is spoken to), and Catherine answers her (Northanger Abbey ch. 10)."""
    cast = [Character("Catherine Morland", "female", ("Catherine",)), Character("Mrs. Allen", "female"),
            Character("Isabella Thorpe", "female", ("Isabella",))]
    text = ('"Past three o\'clock!" cried Isabella, and she bade her friend adieu and went on.\n\n'
            'Catherine found Mrs. Allen just returned from all the busy idleness of the morning, and was '
            'immediately greeted with, "Well, my dear, here you are," a truth which she had no greater '
            'inclination than power to dispute; "and I hope you have had a pleasant airing?"\n\n'
            '"Yes, ma\'am, I thank you; we could not have had a nicer day."\n\n'
            '"So Mrs. Thorpe said; she was vastly pleased at your all going."')
    assert speakers(text, cast) == ["Isabella Thorpe", "Mrs. Allen", "Mrs. Allen", "Catherine Morland", "Mrs. Allen"]
    assert "is spoken to" in reasons(text, cast)[1]


def test_a_name_called_in_a_reported_speech_is_not_called_now() -> None:
    """'... I chanced to meet him on Magdalen Bridge: 'Ah! Thorpe,' said he, 'do you happen to want such a
    little thing as this?' ... And how much do you think he did, Miss Morland?"': Thorpe tells it, he is
    not spoken to (Northanger Abbey ch. 7); and 'said Morland' of a book whose cast has James Morland and
    Mr. Morland, neither named lately, is James, the one the book gives a first name."""
    cast = [Character("Catherine Morland", "female", ("Catherine", "Miss Morland")),
            Character("John Thorpe", "male", ("Thorpe", "John")), Character("James Morland", "male", ("James",)),
            Character("Mr. Morland", "male")]
    text = ('"Three and twenty!" cried Thorpe. "Five and twenty if it is an inch."\n\n'
            '"You have lost an hour," said Morland; "it was only ten o\'clock when we came from Tetbury."\n\n'
            '"Ten o\'clock! It was eleven, upon my soul! Do but look at my horse, Miss Morland."\n\n'
            '"He does look very hot, to be sure."\n\n'
            '"Hot! He had not turned a hair. I chanced to meet him on Magdalen Bridge: \'Ah! Thorpe,\' said he, '
            '\'do you happen to want such a little thing as this?\' And how much do you think he did, Miss Morland?"')
    assert speakers(text, cast) == ["John Thorpe"] * 2 + ["James Morland"] * 2 + [
        "John Thorpe", "Catherine Morland", "John Thorpe"]


def test_the_title_and_surname_stay_with_the_holder_when_the_book_titles_his_brother_by_first_name() -> None:
    """Emma ch. 12: John Knightley spoke last, and his brother has not been named for pages; still, 'Mr.
    Knightley was to dine with them' is George: the book calls the younger brother 'Mr. John Knightley'
    (here, often enough), so the title and surname alone are never his."""
    cast = [Character("Mr. Knightley", "male", ("Knightley", "George Knightley")),
            Character("Mr. John Knightley", "male", ("John Knightley",)),
            Character("Emma Woodhouse", "female", ("Emma",))]
    talk = " ".join(["Mr. John Knightley nodded."] * 20)
    text = (f'{talk}\n\n"Nobody ever did think well of the Churchills, I fancy," observed Mr. John Knightley '
            'coolly.\n\nChapter 2\n\nMr. Knightley was to dine with them. Emma hoped they might now become '
            'friends again, and she could not help saying, as he was admiring the baby,\n\n'
            '"What a comfort it is, that we think alike about our nephews and nieces."\n\n'
            '"If you were as much guided by nature in your estimate of men and women, we might always think alike."')
    assert speakers(text, cast)[-2:] == ["Emma Woodhouse", "Mr. Knightley"]


def test_one_who_made_his_appearance_is_brought_in() -> None:
    """'... when John Knightley made his appearance, and "How d'ye do, George?"': the newcomer speaks,
    not the one who spoke last going on (Emma ch. 12)."""
    cast = [Character("Mr. Knightley", "male", ("Knightley", "George")),
            Character("Mr. John Knightley", "male", ("John Knightley", "John")),
            Character("Emma Woodhouse", "female", ("Emma",))]
    text = ('"A man cannot be more so," said Mr. Knightley.\n\n"Ah! Indeed I am very sorry, Mr. Knightley. Come, '
            'shake hands with me," said Emma.\n\nThis had just taken place, when John Knightley made his '
            'appearance, and "How d\'ye do, George?" succeeded in the true English style.')
    assert speakers(text, cast) == ["Mr. Knightley", "Emma Woodhouse", "Mr. John Knightley"]


def test_one_who_came_up_to_me_speaks_to_the_narrator() -> None:
    """'"Well, sir?" said Ned Land, who came up to me after the departure of the Captain.': the narrator
    answers him, not the Captain who just went below (Twenty Thousand Leagues ch. 20); but a narrator's own
    tag that looks at him ('"Do so," I said to Herbert. So, Herbert, looking at me ...') stays his."""
    cast = [Character("Professor Aronnax", "male", ("Aronnax", "Professor")), Character("Ned Land", "male", ("Ned",)),
            Character("Captain Nemo", "male", ("Nemo",)), Character("Captain Anderson", "male"),
            Character("Herbert", "male")]
    text = ('"However, Captain Nemo," I replied, without noticing the ironical turn of his phrase, "the Nautilus '
            'ran aground in open sea."\n\n"The tides are not strong in the Pacific: you are right there, '
            'Professor; but in five days the moon will be full."\n\nHaving said this, Captain Nemo, followed by '
            'his lieutenant, redescended to the interior of the Nautilus. As to the vessel, it moved not.\n\n'
            '"Well, sir?" said Ned Land, who came up to me after the departure of the Captain.\n\n'
            '"Well, friend Ned, we will wait patiently for the tide."\n\n'
            '"Do so, as he wishes it," I said to Herbert. So, Herbert, looking at me with a friendly uneasiness, '
            'complied.')
    assert speakers(text, cast, "Professor Aronnax")[-3:] == ["Ned Land", "Professor Aronnax", "Professor Aronnax"]


def test_an_extract_whose_source_a_dash_cites_is_read_as_narration() -> None:
    """Moby-Dick's Extracts, and epigraphs anywhere: '"And God created great whales." --GENESIS.', the
    source on the line, on a paragraph of its own after an extract of several paragraphs, a title quoted in
    it; never a speech with a dash inside it ('dancing--Miss Smith." "Miss Smith!--oh!'), nor a line whose
    narration goes on after a dash ('--Elizabeth paused')."""
    text = ('"And God created great whales." --GENESIS.\n\n'
            '"This came towards us, open-mouthed." --TOOKE\'S LUCIAN. "THE TRUE HISTORY."\n\n'
            '"The quantity of line withdrawn from the boats amounted to six miles....\n\n'
            '"Sometimes the whale shakes its tremendous tail in the air."\n\n--SCORESBY.\n\n'
            '"There is a young lady disengaged--Miss Smith." "Miss Smith!--oh!--I had not observed," said '
            'Mr. Elton.\n\n"I will not," --Elizabeth paused.')
    script = parse_book(parse_text(text, Path("t.txt")))
    lines = [s.text for s in script.segments if s.kind == "dialogue"]
    assert lines == ["There is a young lady disengaged--Miss Smith.", "Miss Smith!--oh!--I had not observed,",
                     "I will not,"]
    narration = " ".join(s.text for s in script.segments if s.kind == "narration")
    assert all(w in narration for w in ("created great whales", "THE TRUE HISTORY", "tremendous tail"))


def test_a_role_the_cast_names_someone_by_is_called_in_a_quote() -> None:
    """'How old are you, cook?': with the cast's Fleece, alias 'the cook', the word said to someone calls
    him, and he answers (Moby-Dick ch. 64), not the one the narration named last."""
    cast = [Character("Stubb", "male"), Character("Fleece", "male", ("the cook",)), Character("Flask", "male")]
    text = ('Stubb sat at his supper, and Flask was asleep below.\n\n"How old are you, cook?" said Stubb, '
            'looking over at Flask.\n\n"\'Bout ninety, dey say."\n\n"And you have lived in this world hard upon '
            'one hundred years?"')
    assert speakers(text, cast) == ["Stubb", "Fleece", "Stubb"]


def test_a_description_answering_a_question_is_the_one_asked() -> None:
    """'"How old are you, cook?" / "'Bout ninety," said the old black': the one just asked answers, and
    the narration describes him (Moby-Dick ch. 64); not in a first-person book's narrator ('said the
    turnkey' after a question to me is the turnkey)."""
    cast = [Character("Stubb", "male"), Character("Fleece", "male", ("the cook",))]
    text = ('"Now, how old are you, cook?" said Stubb.\n\n"What dat do wid de \'teak," said the old black, '
            'testily.\n\n"Silence! How old are you, cook?"')
    assert speakers(text, cast) == ["Stubb", "Fleece", "Stubb"]
    pip = [Character("Pip", "male"), Character("Wemmick", "male")]
    text = ('"Well, Mr. Wemmick?" said I.\n\n"How is it with you, Mr. Pip?" said Wemmick.\n\n'
            '"Well, and what is he going to do?" said the turnkey.')
    assert speakers(text, pip, "Pip")[-1] == "the turnkey"


def test_a_cry_or_all_one_said_names_its_speaker() -> None:
    """'"There she blows!" was now the mast-head cry.' (the mast-head's), '"The sea is open!!" was all he
    said.' (his); not 'was the general cry' (everyone's, no General Tilney's)."""
    cast = [Character("Stubb", "male"), Character("Captain Nemo", "male", ("Nemo",)),
            Character("General Tilney", "male", ("the General",))]
    text = ('"By salt and hemp!" cried Stubb.\n\n"There she blows--right ahead!" was now the mast-head cry.\n\n'
            'Captain Nemo appeared.\n\n"The sea is open!!" was all he said.')
    assert speakers(text, cast) == ["Stubb", "the mast-head", "Captain Nemo"]
    text = '"You must persuade her to go," was the general cry.'
    assert speakers(text, cast) != ["General Tilney"]


def test_a_speech_that_names_its_speaker_in_a_later_paragraph_is_theirs() -> None:
    """Magwitch's story (Great Expectations ch. 42): a speech of several paragraphs, the third saying 'I
    know'd my name to be Magwitch, chrisen'd Abel.': the whole speech is his, though it says 'Abel' too."""
    cast = [Character("Pip", "male"), Character("Herbert Pocket", "male", ("Herbert",)),
            Character("Abel Magwitch", "male", ("Magwitch", "Provis"))]
    text = ('"Well, Herbert," said I, "what do you think of it?"\n\n"Dear boy and Pip\'s comrade. I am not a going '
            'fur to tell you my life like a song.\n\n"I\'ve been done everything to, pretty well--except hanged.\n\n'
            '"I know\'d my name to be Magwitch, chrisen\'d Abel. How did I know it?"')
    assert speakers(text, cast, "Pip") == ["Pip", "Pip", "Abel Magwitch", "Abel Magwitch", "Abel Magwitch"]


def test_one_borne_off_is_gone_and_her_partner_is_the_one_she_was_with() -> None:
    """Northanger Abbey ch. 10: Thorpe talks at Catherine while she dances with Henry; then 'he was just then
    borne off by ... passing ladies. Her partner now drew near, and said,': her partner is Henry (she was with
    him before Thorpe came), he speaks to her, and Thorpe, gone, speaks none of the lines after."""
    cast = [Character("Catherine Morland", "female", ("Catherine",)), Character("John Thorpe", "male", ("Thorpe",)),
            Character("Henry Tilney", "male", ("Mr. Tilney", "Tilney"))]
    text = ('Catherine stood up with Mr. Tilney for the dance. Her attention was soon claimed by John Thorpe, who '
            'stood behind her.\n\n"Heyday, Miss Morland!" said he. "I thought we were to dance together."\n\n'
            '"I wonder you should think so, for you never asked me," said Catherine.\n\n"What chap have you '
            'there?" said Thorpe. "Hum--I do not know him."\n\nThis was the last sentence by which he could weary '
            'Catherine\'s attention, for he was just then borne off by the resistless pressure of a long string of '
            'passing ladies. Her partner now drew near, and said, "That gentleman would have put me out of '
            'patience."\n\n"But they are such very different things!"\n\n"--That you think they cannot be compared '
            'together."\n\n"To be sure not."')
    got = speakers(text, cast)
    assert got[:5] == ["John Thorpe", "John Thorpe", "Catherine Morland", "John Thorpe", "John Thorpe"]
    assert got[5:] == ["Henry Tilney", "Catherine Morland", "Henry Tilney", "Catherine Morland"]


def test_a_later_clause_of_the_narration_reporting_speech_is_a_turn() -> None:
    """Pride and Prejudice ch. 59: '... but they were now necessary, and she assured him with some confusion,
    of her attachment to Mr. Darcy.' Elizabeth has answered in the narration's last clause; the next line
    is her father's, not hers to the one who called her."""
    cast = [Character("Mr. Bennet", "male"), Character("Elizabeth Bennet", "female", ("Elizabeth", "Lizzy"))]
    text = ('Her father was walking about the room. "Lizzy," said he, "what are you doing? Have not you always '
            'hated him?"\n\nHow earnestly did she then wish that her former opinions had been more reasonable! It '
            'would have spared her from explanations which it was awkward to give; but they were now necessary, and '
            'she assured him with some confusion, of her attachment to Mr. Darcy.\n\n"Or in other words, you are '
            'determined to have him."')
    assert speakers(text, cast)[-1] == "Mr. Bennet"


def test_a_thing_after_a_past_verb_is_its_object_not_the_tag_subject() -> None:
    """Alice ch. 11: 'On this the White Rabbit blew three blasts on the trumpet, and then unrolled the
    parchment scroll, and read as follows:--' the Rabbit reads, not 'the parchment scroll'."""
    cast = [Character("White Rabbit", "male", ("the White Rabbit", "the Rabbit")),
            Character("King", "male", ("the King",))]
    text = ('"Herald, read the accusation!" said the King.\n\nOn this the White Rabbit blew three blasts on the '
            'trumpet, and then unrolled the parchment scroll, and read as follows:--\n\n"The Queen of Hearts, she '
            'made some tarts, All on a summer day."')
    assert speakers(text, cast) == ["King", "White Rabbit"]


def test_a_name_opening_an_answer_to_who_is_there_is_no_self_naming_when_a_verb_follows() -> None:
    """Moby-Dick ch. 109: '"Who's there?" / "Captain Ahab mistakes; it is I."' is Starbuck speaking of
    Ahab in the third person, not Ahab naming himself (while '"Who's there?" / "Pip, sir."' is Pip)."""
    cast = [Character("Captain Ahab", "male", ("Ahab",)), Character("Starbuck", "male"), Character("Pip", "male")]
    text = ('Starbuck went down into the cabin, and found Ahab with a chart spread before him.\n\n"Who\'s there?" '
            'said Ahab, not turning round.\n\n"Captain Ahab mistakes; it is I. The oil in the hold is leaking, sir."')
    assert speakers(text, cast)[-1] != "Captain Ahab"
    text = '"Who\'s there?" said Ahab, not turning round.\n\n"Pip, sir."'
    assert speakers(text, cast)[-1] == "Pip"


def test_one_the_narration_says_was_talked_of_is_no_pronoun_s_referent() -> None:
    """Pride and Prejudice ch. 41: Wickham dines at Longbourn; 'she mentioned Colonel Fitzwilliam's and Mr.
    Darcy's having both spent three weeks at Rosings ... He looked surprised ... he soon afterwards added,':
    'he' is Wickham, whom she talks with, not Darcy, whom she talks of."""
    cast = [Character("Elizabeth Bennet", "female", ("Elizabeth",)), Character("Mr. Wickham", "male", ("Wickham",)),
            Character("Mr. Darcy", "male", ("Darcy",)), Character("Colonel Fitzwilliam", "male")]
    text = ('Elizabeth was now to see Mr. Wickham for the last time.\n\nOn the very last day, he dined at Longbourn; '
            'and on his making some enquiry as to the manner in which her time had passed at Hunsford, she mentioned '
            'Colonel Fitzwilliam\'s and Mr. Darcy\'s having both spent three weeks at Rosings, and asked him, if he '
            'was acquainted with the former.\n\nHe looked surprised; but with a returning smile, replied, that he had '
            'formerly seen him often. With an air of indifference he soon afterwards added, "How long did you say '
            'that he was at Rosings?"\n\n"Nearly three weeks."\n\n"And you saw him frequently?"')
    assert speakers(text, cast) == ["Mr. Wickham", "Elizabeth Bennet", "Mr. Wickham"]


def test_her_sister_answering_is_the_sister_the_last_speaker_called() -> None:
    """Pride and Prejudice ch. 47: '"Oh, Jane, had we been less secret ...!" / "Perhaps it would have been
    better;" replied her sister.': the sister Elizabeth spoke to answers, Jane (not the sister the turn-taking
    or the names before would give)."""
    cast = [Character("Elizabeth Bennet", "female", ("Elizabeth", "Lizzy")),
            Character("Jane Bennet", "female", ("Jane", "Miss Bennet")), Character("Mary Bennet", "female", ("Mary",)),
            Character("Colonel Forster", "male")]
    text = ('Elizabeth and Jane sat alone; Mary had gone up stairs.\n\n"And did Colonel Forster think ill of him?" '
            'said Elizabeth.\n\n"He did not speak so well of him as he formerly did."\n\n"Oh, Jane, had we been less '
            'secret, this could not have happened!"\n\n"Perhaps it would have been better;" replied her sister.')
    assert speakers(text, cast)[-2:] == ["Elizabeth Bennet", "Jane Bennet"]


def test_the_captain_entering_and_watched_is_the_one_captain_named_by_that_title() -> None:
    """Twenty Thousand Leagues, end of ch. 39 and start of ch. 40 (Commander Farragut is a captain only by an
    alias): 'At this moment the Captain entered the saloon. I went up to him.' (the narrator speaks to him, and
    he answers), and 'I watched the Captain. His countenance ... "Gentlemen," he said': Nemo, not Conseil."""
    cast = [Character("Professor Aronnax", "male", ("Aronnax", "Professor")), Character("Conseil", "male"),
            Character("Captain Nemo", "male", ("Nemo",)), Character("Ned Land", "male", ("Ned", "the Canadian")),
            Character("Commander Farragut", "male", ("Farragut", "Captain Farragut"))]
    text = ('"We are going backwards?" said Conseil.\n\n"Yes," I replied. "This end of the tunnel can have no '
            'egress."\n\nAt twenty-five minutes past eight a second shock took place, this time from behind. I turned '
            'pale. My companions were close by my side. I seized Conseil\'s hand. Our looks expressed our feelings '
            'better than words. At this moment the Captain entered the saloon. I went up to\nhim.\n\n"Our course is '
            'barred southward?" I asked.\n\n"Yes, sir. The iceberg has shifted and closed every outlet."\n\n"We are '
            'blocked up then?"\n\n"Yes."\n\nCHAPTER XVI\n\nThus around the Nautilus, above and below, was an '
            'impenetrable wall of ice. We were prisoners to the iceberg. I watched the Captain. His countenance had '
            'resumed its habitual imperturbability.\n\n"Gentlemen," he said calmly, "there are two ways of dying."')
    assert speakers(text, cast, "Professor Aronnax")[3:] == [
        "Professor Aronnax", "Captain Nemo", "Professor Aronnax", "Captain Nemo", "Captain Nemo", "Captain Nemo"]


def test_a_line_break_between_the_words_of_a_cue_changes_nothing() -> None:
    """Plain-text books break lines anywhere: 'Call\\nme Ishmael' names the narrator as 'Call me Ishmael' does
    (and the cues of departure, silence, the former/latter, the Captain likewise match across a line break)."""
    text = ('Call me Ishmael. Some years ago I went to sea.\n\n"Landlord," said I, "what sort of a chap is he?"\n\n'
            '"He is a harpooneer," said the landlord.')
    expected = ["Ishmael", "Ishmael", "the landlord"]
    assert speakers(text, []) == expected
    assert speakers(text.replace("Call me", "Call\nme"), []) == expected


def test_the_one_a_narration_paragraph_is_about_despite_a_title_s_dot() -> None:
    """Sense and Sensibility ch. 40: 'When Mrs. Jennings came home, though she returned from seeing people ...,
    her mind was so much more occupied ... that she reverted to it again as soon as Elinor appeared.' The
    paragraph is about Mrs. Jennings (its sentences are not cut at 'Mrs.'), so '"Well, my dear," she cried' is
    hers, not Elinor's, who only appears; and the answer is Elinor's."""
    cast = [Character("Mrs. Jennings", "female"), Character("Elinor Dashwood", "female", ("Elinor",)),
            Character("Edward Ferrars", "male", ("Edward",))]
    text = ('Elinor sat down to reconsider the past, and to reflect on her own feelings.\n\nWhen Mrs. Jennings came '
            'home, though she returned from seeing people whom she had never seen before, her mind was so much more '
            'occupied by the important secret in her possession, than by anything else, that she reverted to it '
            'again as soon as Elinor appeared.\n\n"Well, my dear," she cried, "I sent you up the young man. Did not I '
            'do right?"\n\n"No, ma\'am; THAT was not very likely."')
    assert speakers(text, cast) == ["Mrs. Jennings", "Mrs. Jennings", "Elinor Dashwood"]


def test_a_she_in_the_narration_is_no_woman_named_only_long_before() -> None:
    """Moby-Dick ch. 128-129: Mrs. Hussey was named a hundred chapters back; 'The Rachel drew near ... She was
    weeping for her children.' is a ship, and lines after it are not Mrs. Hussey's (a pronoun keeps no one
    salient whom the book has not named within the last pages)."""
    cast = [Character("Mrs. Hussey", "female"), Character("Captain Ahab", "male", ("Ahab",)), Character("Pip", "male")]
    filler = "\n\n".join(["The sea rolled on under the ship, and the watch was changed at every bell."] * 560)
    text = ('"Clam or cod?" said Mrs. Hussey.\n\n' + filler + '\n\nAhab stood on the deck with Pip. The Rachel drew '
            'near, and passed. She was weeping for her children. She yawed hither and thither at every dark spot.'
            '\n\n"Lad, lad, thou must not follow me now."\n\n"No, no, no! ye have not a whole body, sir."')
    got = speakers(text, cast)
    assert got[0] == "Mrs. Hussey" and "Mrs. Hussey" not in got[1:]


def test_my_guardian_is_the_one_others_call_your_guardian() -> None:
    """Great Expectations: the narration says 'said my guardian' for Mr. Jaggers, whom it never puts in
    apposition to 'my guardian'; others tell Pip so ('Mr. Jaggers is your guardian, I understand?', 'your
    guardian, Mr. Jaggers, told you'): the guardian's lines are Jaggers's, not a speaker of their own."""
    cast = [Character("Pip", "male"), Character("Mr. Jaggers", "male", ("Jaggers",)),
            Character("Herbert Pocket", "male", ("Herbert",))]
    text = ('"Mr. Jaggers is your guardian, I understand?" said Herbert.\n\n"Yes," said I.\n\n"Didn\'t you tell me '
            'that your guardian, Mr. Jaggers, told you in the beginning?" he went on.\n\nNext day I went to the '
            'office in Little Britain.\n\n"You will find your credit good, Mr. Pip," said my guardian.')
    assert speakers(text, cast, "Pip")[-1] == "Mr. Jaggers"


def test_a_role_the_book_gives_one_character_is_that_character() -> None:
    """Twenty Thousand Leagues: '... and master Ned Land, the harpooner.' then '"Hum!" said the harpooner': Ned
    Land, whom the book (and no one else) calls so; 'said the mate' stays a speaker of its own when the book sets
    two men beside that role (Starbuck, the chief mate; Stubb, the second mate)."""
    cast = [Character("Professor Aronnax", "male", ("Aronnax",)), Character("Ned Land", "male", ("Ned",)),
            Character("Conseil", "male")]
    text = ('On board were Professor Aronnax, his servant Conseil, and master Ned Land, the harpooner.\n\n"I believe '
            'in the narwhal," said I.\n\n"Hum!" said the harpooner.')
    assert speakers(text, cast, "Professor Aronnax")[-1] == "Ned Land"
    mates = [Character("Starbuck", "male"), Character("Stubb", "male"), Character("Captain Ahab", "male", ("Ahab",))]
    text = ('Starbuck, the chief mate, stood by. Stubb, the second mate, smoked.\n\n"Send everybody aft," said '
            'Ahab.\n\n"Sir!" said the mate.')
    assert speakers(text, mates)[-1] not in ("Starbuck", "Stubb")


def test_one_a_long_speech_talks_of_after_a_preposition_is_not_its_speaker() -> None:
    """Emma ch. 15 as printed: after narration that last named Harriet ('Mr. Elton, the lover of Harriet, was
    professing himself _her_ lover'), Emma 'replied, / "I am very much astonished, Mr. Elton. ... any message to
    Miss Smith I shall be happy to deliver ..."': the 'she' is not Harriet, whom the speech talks of deep inside it
    ('to Miss Smith', 'of Harriet'), not only in its opening words."""
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Harriet Smith", "female", ("Harriet",
            "Miss Smith")), Character("Mr. Elton", "male", ("Elton",)), Character("Isabella Knightley", "female",
            ("Isabella",))]
    text = (
        'Isabella stept in after her father; John Knightley, forgetting that he did not belong to their '
        'party, stept in after his wife very naturally; so that Emma found, on being escorted and followed '
        'into the second carriage by Mr. Elton, that the door was to be lawfully shut on them, and that they '
        'were to have a tete-a-tete drive. It would not have been the awkwardness of a moment, it would have '
        'been rather a pleasure, previous to the suspicions of this very day; she could have talked to him of'
        ' Harriet, and the three-quarters of a mile would have seemed but one. But now, she would rather it '
        "had not happened. She believed he had been drinking too much of Mr. Weston's good wine, and felt "
        'sure that he would want to be talking nonsense.\n\n'
        'To restrain him as much as might be, by her own manners, she was immediately preparing to speak with'
        ' exquisite calmness and gravity of the weather and the night; but scarcely had she begun, scarcely '
        'had they passed the sweep-gate and joined the other carriage, than she found her subject cut up--her'
        ' hand seized--her attention demanded, and Mr. Elton actually making violent love to her: availing '
        'himself of the precious opportunity, declaring sentiments which must be already well known, hoping--'
        'fearing--adoring--ready to die if she refused him; but flattering himself that his ardent attachment'
        ' and unequalled love and unexampled passion could not fail of having some effect, and in short, very'
        ' much resolved on being seriously accepted as soon as possible. It really was so. Without scruple--'
        'without apology--without much apparent diffidence, Mr. Elton, the lover of Harriet, was professing '
        'himself _her_ lover. She tried to stop him; but vainly; he would go on, and say it all. Angry as she'
        ' was, the thought of the moment made her resolve to restrain herself when she did speak. She felt '
        'that half this folly must be drunkenness, and therefore could hope that it might belong only to the '
        'passing hour. Accordingly, with a mixture of the serious and the playful, which she hoped would best'
        ' suit his half and half state, she replied,\n\n'
        '"I am very much astonished, Mr. Elton. This to _me_! you forget yourself--you take me for my friend'
        '--any message to Miss Smith I shall be happy to deliver; but no more of this to _me_, if you '
        'please."\n\n'
        '"Miss Smith!--message to Miss Smith!--What could she possibly mean!"--And he repeated her words with'
        ' such assurance of accent, such boastful pretence of amazement, that she could not help replying '
        'with quickness,\n\n'
        '"Mr. Elton, this is the most extraordinary conduct! and I can account for it only in one way; you '
        'are not yourself, or you could not speak either to me, or of Harriet, in such a manner."')
    assert speakers(text, cast) == ["Emma Woodhouse", "Mr. Elton", "Emma Woodhouse"]


def test_the_one_heard_saying_speaks_not_the_one_who_hears() -> None:
    """Emma ch. 36: 'her vanity had then a change of object, and Emma heard her saying in the same half-whisper
    to Jane, "Here comes this dear old beau of mine, I protest!"': Mrs. Elton's words, not Emma's."""
    cast = [Character("Emma Woodhouse", "female", ("Emma",)), Character("Mrs. Elton", "female"),
            Character("Jane Fairfax", "female", ("Jane",))]
    text = ('"And I am quite serious too, I assure you," replied Mrs. Elton gaily.\n\nIn this style she ran on; '
            'never thoroughly stopped by any thing till Mr. Woodhouse came into the room; her vanity had then a '
            'change of object, and Emma heard her saying in the same half-whisper to Jane,\n\n"Here comes this dear '
            'old beau of mine, I protest!"')
    assert speakers(text, cast)[-1] == "Mrs. Elton"


def test_one_who_agrees_to_a_finished_line_did_not_speak_it() -> None:
    """Northanger Abbey ch. 11: '"Isabella, my brother, and Mr. Thorpe, I declare! ... for you know Miss Tilney
    may still call." Mrs. Allen agreed to it.' (Catherine's words: Mrs. Allen answers them); '"Nobody's, that I
    know of." Thorpe then said something in the loud, incoherent way ...' (Catherine answers him; what he said
    next is only told). Mansfield Park ch. 1: the one who agreed goes on with 'said she', and the proposal she
    agreed with is the one the narration before has talking: 'Mrs. Norris was often observing ... "What if ...?"
    Lady Bertram agreed with her instantly. "I think we cannot do better," said she'."""
    cast = [Character("Catherine Morland", "female", ("Catherine",)), Character("Mrs. Allen", "female"),
            Character("John Thorpe", "male", ("Thorpe",))]
    text = ('Catherine watched the street with Mrs. Allen, when her notice was claimed by the approach of two open '
            'carriages.\n\n"Isabella, my brother, and Mr. Thorpe, I declare! They are coming for me perhaps--but I '
            'shall not go--for you know Miss Tilney may still call." Mrs. Allen agreed to it.')
    assert speakers(text, cast) == ["Catherine Morland"]
    text = ('"And why cannot he afford it?" said Thorpe.\n\n"Because he has not money enough," said Catherine.\n\n'
            '"And whose fault is that?"\n\n"Nobody\'s, that I know of." Thorpe then said something in the loud, '
            'incoherent way to which he had often recourse.')
    assert speakers(text, cast)[-1] == "Catherine Morland"
    cast = [Character("Mrs. Norris", "female"), Character("Lady Bertram", "female"), Character("Mrs. Price", "female"),
            Character("Sir Thomas Bertram", "male", ("Sir Thomas",))]
    text = ('Sir Thomas sent friendly advice, Lady Bertram dispatched money, and Mrs. Norris wrote the letters.\n\n'
            'Mrs. Norris was often observing to the others that she could not get her poor sister out of her head; '
            'and at length she could not but own it to be her wish that poor Mrs. Price should be relieved of one '
            'child. "What if they were among them to undertake the care of her eldest daughter?" Lady Bertram '
            'agreed with her instantly. "I think we cannot do better," said she; "let us send for the child."')
    assert speakers(text, cast) == ["Mrs. Norris", "Lady Bertram", "Lady Bertram"]


def test_a_reported_answer_is_a_turn_of_the_talk() -> None:
    """Sense and Sensibility ch. 37 and 40: 'Elinor confirmed it.' and 'Elinor told him the number of the house.'
    answer the line before without its words: the next bare line is the other's (Marianne's, Edward's), as with
    'replied that ...'."""
    cast = [Character("Elinor Dashwood", "female", ("Elinor",)), Character("Marianne Dashwood", "female",
            ("Marianne",)), Character("Edward Ferrars", "male", ("Edward",))]
    text = ('"I have known it these four months," said Elinor.\n\n"Four months!--Have you known of this four '
            'months?" cried Marianne.\n\nElinor confirmed it.\n\n"What!--while attending me in all my misery, has '
            'this been on your heart?"')
    assert speakers(text, cast)[-1] == "Marianne Dashwood"
    text = ('"Colonel Brandon, I think, lodges in St. James Street," said Edward.\n\nElinor told him the number of '
            'the house.\n\n"I must hurry away then, to give him those thanks which you will not allow me to give '
            'YOU."')
    assert speakers(text, cast)[-1] == "Edward Ferrars"


def test_howled_is_a_speech_verb() -> None:
    """Moby-Dick ch. 61: '"Kee-hee! Kee-hee!" yelled Daggoo ... / "Ka-la! Koo-loo!" howled Queequeg': Queequeg's cry,
    by its tag, not the turn after Daggoo's."""
    cast = [Character("Daggoo", "male"), Character("Queequeg", "male"), Character("Tashtego", "male"),
            Character("Stubb", "male")]
    text = ('"Woo-hoo! Wa-hee!" screamed Tashtego.\n\n"Kee-hee! Kee-hee!" yelled Daggoo, straining forwards and '
            'backwards on his seat.\n\n"Ka-la! Koo-loo!" howled Queequeg, as if smacking his lips over a mouthful of '
            'Grenadier\'s steak.')
    assert speakers(text, cast) == ["Tashtego", "Daggoo", "Queequeg"]
    assert reasons(text, cast)[-1] == 'explicit tag "howled Queequeg"'  # (not a guess that happens to land)


def test_winds_sparks_and_songs_are_no_speakers() -> None:
    """Moby-Dick ch. 22: 'the winds howled' before Bildad's hymn; Great Expectations ch. 15: '... as if it were I,
    I thought, and the sparks were my spurting blood,--and finally said,'; Mansfield Park ch. 11: '"Yes; I do not
    know how it has happened." The glee began.' A thing (plural or not) that howls, is or begins is never a
    speaker of its own ('the winds', 'the sparks', 'the glee')."""
    cast = [Character("Fanny Price", "female", ("Fanny",)), Character("Edmund Bertram", "male", ("Edmund",))]
    text = ('"We must go out on the lawn for that. Should you be afraid?" said Edmund.\n\n"Not in the least," said '
            'Fanny.\n\n"Yes; I do not know how it has happened." The glee began. "We will stay till this is finished, '
            'Fanny," said he.')
    got = speakers(text, cast)
    assert "the glee" not in got and got[-1] == "Edmund Bertram"
    cast = [Character("Orlick", "male"), Character("Joe Gargery", "male", ("Joe",)), Character("Pip", "male")]
    text = ('Orlick plunged at the furnace, drew out a red-hot bar, made at me with it, whisked it round my head, laid '
            'it on the anvil, hammered it out,--as if it were I, I thought, and the sparks were my spurting blood,--'
            'and finally said, when he had hammered himself hot and the iron cold,--\n\n"Now, master!"\n\n"Are you '
            'all right now?" demanded Joe.')
    assert "the sparks" not in speakers(text, cast, "Pip")
    cast = [Character("Captain Bildad", "male", ("Bildad",)), Character("Captain Peleg", "male", ("Peleg",))]
    text = ('It was a short, cold Christmas; and as the short northern day merged into night, the winds howled and '
            'Bildad sang:\n\n"Sweet fields beyond the swelling flood, Stand dressed in living green."')
    assert "the winds" not in speakers(text, cast)


def test_a_name_the_other_meant_is_not_called() -> None:
    """Northanger Abbey ch. 9: '"Old Allen, the man you are with." / "Oh! Mr. Allen, you mean. Yes, I believe, he is
    very rich."': Catherine names the man Thorpe meant, she does not call him; Mr. Allen is not there, and the
    questions that follow are Thorpe's."""
    cast = [Character("Catherine Morland", "female", ("Catherine",)), Character("John Thorpe", "male", ("Thorpe",)),
            Character("Mr. Allen", "male")]
    text = ('Catherine sat beside Thorpe in the gig.\n\n"Old Allen, the man you are with," said Thorpe, as they drove '
            'along.\n\n"Oh! Mr. Allen, you mean. Yes, I '
            'believe, he is very rich."\n\n"And no children at all?"\n\n"No--not any."\n\n"A famous thing for his '
            'next heirs. He is your godfather, is not he?"')
    assert speakers(text, cast) == ["John Thorpe", "Catherine Morland", "John Thorpe", "Catherine Morland",
                                    "John Thorpe"]


def test_the_mother_is_the_married_woman_just_named() -> None:
    """Northanger Abbey ch. 4: Mrs. Thorpe introduces her daughters, and '"The very picture of him indeed!" cried the
    mother': Mrs. Thorpe, not a mother of her own, whom no one can cast."""
    cast = [Character("Catherine Morland", "female", ("Catherine",)), Character("Mrs. Thorpe", "female"),
            Character("Mrs. Allen", "female"), Character("Isabella Thorpe", "female", ("Isabella",))]
    text = ('"Here come my dear girls," cried Mrs. Thorpe to Mrs. Allen, pointing at three smart-looking females.\n\n'
            'The Miss Thorpes were introduced; and the eldest young lady observed aloud to the rest, "How excessively '
            'like her brother Miss Morland is!"\n\n"The very picture of him indeed!" cried the mother.')
    assert speakers(text, cast)[-1] == "Mrs. Thorpe"


def test_the_one_a_closing_question_calls_answers() -> None:
    """Sense and Sensibility ch. 17: Edward's speech calls 'You, Miss Dashwood' early and ends 'Should not you,
    Marianne?  Forgive me, if I am very saucy. ...': Marianne answers. Emma ch. 27: Miss Bates's 'How do you do,
    Miss Smith?--Very well I thank you.' is a question she answers herself, so Emma, called first, speaks next."""
    cast = [Character("Elinor Dashwood", "female", ("Elinor", "Miss Dashwood")),
            Character("Marianne Dashwood", "female", ("Marianne",)), Character("Edward Ferrars", "male", ("Edward",))]
    text = ('"What magnificent orders would travel from this family to London," said Edward, "in such an event! You, '
            'Miss Dashwood, would give a general commission for every new print of merit to be sent you--and as for '
            'Marianne, there would not be music enough in London to content her. Should not you, Marianne?  Forgive '
            'me, if I am very saucy."\n\n"I love to be reminded of the past, Edward--whether it be melancholy or '
            'gay."')
    assert speakers(text, cast)[-1] == "Marianne Dashwood"
    cast = [Character("Emma Woodhouse", "female", ("Emma", "Miss Woodhouse")),
            Character("Harriet Smith", "female", ("Harriet", "Miss Smith")), Character("Miss Bates", "female")]
    text = ('"My dear Miss Woodhouse," said Miss Bates, "I am just run across to entreat the favour of you to come '
            'and give us your opinion of our new instrument; you and Miss Smith. How do you do, Miss Smith?--Very well '
            'I thank you.--And I begged Mrs. Weston to come with me."\n\n"I hope Mrs. Bates and Miss Fairfax are--"')
    assert speakers(text, cast)[-1] == "Emma Woodhouse"


def test_the_one_the_narration_says_began_to_congratulate_speaks() -> None:
    """Sense and Sensibility ch. 33: a long narration paragraph ends '..., and he began to congratulate Elinor on
    having such a friend as Mrs. Jennings.': the next bare line is John Dashwood's congratulation."""
    cast = [Character("Elinor Dashwood", "female", ("Elinor",)), Character("John Dashwood", "male"),
            Character("Mrs. Jennings", "female")]
    text = ('"And where is the green-house to be?" said Elinor.\n\n"The old walnut trees are all come down to make '
            'room for it," said John Dashwood.\n\nElinor kept her concern and her censure to herself.\n\n'
            'Having now said enough to make his '
            'poverty clear, and to do away the necessity of buying a pair of ear-rings for each of his sisters, in '
            'his next visit at Gray\'s his thoughts took a cheerfuller turn, and he began to congratulate Elinor on '
            'having such a friend as Mrs. Jennings.\n\n"She seems a most valuable woman indeed--Her house, her style '
            'of living, all bespeak an exceeding good income."')
    assert speakers(text, cast)[-1] == "John Dashwood"


def test_a_sentence_about_her_feelings_is_about_her() -> None:
    """Sense and Sensibility ch. 34: 'Marianne's feelings did not stop here. The cold insolence of Mrs. Ferrars's
    general behaviour to her sister, seemed, to her, to foretell such difficulties ...; and ... she moved after a
    moment, to her sister's chair, ... said in a low, but eager, voice, / "Dear, dear Elinor, don't mind them."':
    Marianne's (her feelings, like her eyes, make her the one the sentence is about), not Mrs. Ferrars's."""
    cast = [Character("Elinor Dashwood", "female", ("Elinor",)), Character("Marianne Dashwood", "female",
            ("Marianne",)), Character("Mrs. Ferrars", "female"), Character("Fanny Dashwood", "female", ("Fanny",))]
    text = ('"Miss Morton is Lord Morton\'s daughter," said Mrs. Ferrars.\n\nMarianne\'s feelings did not stop here.  '
            'The cold insolence of Mrs. Ferrars\'s general behaviour to her sister, seemed, to her, to foretell such '
            'difficulties and distresses to Elinor, as her own wounded heart taught her to think of with horror; and '
            'urged by a strong impulse of affectionate sensibility, she moved after a moment, to her sister\'s '
            'chair, and putting one arm round her neck, and one cheek close to hers, said in a low, but eager, '
            'voice,\n\n"Dear, dear Elinor, don\'t mind them.  Don\'t let them make YOU unhappy."')
    assert speakers(text, cast)[-1] == "Marianne Dashwood"


def test_several_at_once_are_a_voice_of_their_own() -> None:
    """Sense and Sensibility ch. 13: '"I can guess what his business is, however," said Mrs. Jennings exultingly. /
    "Can you, ma'am?" said almost every body. / "Yes; it is about Miss Williams, I am sure."': the company asks
    (a voice of its own, `everyone`, never a 'she' after it), and Mrs. Jennings answers; likewise 'cried they all'
    (not the one person the narration named last)."""
    cast = [Character("Mrs. Jennings", "female"), Character("Sir John Middleton", "male", ("Sir John",)),
            Character("Elinor Dashwood", "female", ("Elinor",))]
    for tag in ("said almost every body", "cried they all", "they all cried"):
        text = ('"I can guess what his business is, however," said Mrs. Jennings exultingly.\n\n"Can you, ma\'am?" '
                f'{tag}.\n\n"Yes; it is about Miss Williams, I am sure."\n\n"Indeed!" said she.')
        assert speakers(text, cast) == ["Mrs. Jennings", "everyone", "Mrs. Jennings", "Mrs. Jennings"], tag


def test_the_one_heard_saying_speaks_through_a_clause_after() -> None:
    """Sense and Sensibility ch. 40: '... Mrs. Jennings very plainly heard Elinor say, and with a voice which shewed
    her to feel what she said, / "I shall always think myself very much obliged to you."': Elinor's words."""
    cast = [Character("Mrs. Jennings", "female"), Character("Elinor Dashwood", "female", ("Elinor",)),
            Character("Colonel Brandon", "male", ("the Colonel",))]
    text = ('"This is very strange!--sure he need not wait to be older," thought Mrs. Jennings.\n\nOn their breaking '
            'up the conference soon afterwards, and moving different ways, Mrs. Jennings very plainly heard Elinor '
            'say, and with a voice which shewed her to feel what she said,\n\n"I shall always think myself very '
            'much obliged to you."')
    assert speakers(text, cast)[-1] == "Elinor Dashwood"


def test_she_is_not_the_one_an_opening_phrase_puts_beside_her() -> None:
    """Pride and Prejudice ch. 25: 'Mrs. Gardiner, ... in the course of Jane and Elizabeth's correspondence with
    her, made her sister a slight answer ... / When alone with Elizabeth afterwards, she spoke more on the subject.
    "It seems likely to have been a desirable match for Jane," said she.': Mrs. Gardiner, not Elizabeth; and the
    exchange after it is the aunt's and Elizabeth's. A phrase with a subject of its own ('when I was suggesting this
    theory to Captain Nemo, he replied') or a topic ('As for Mary, she') excludes no one."""
    cast = [Character("Mrs. Gardiner", "female"), Character("Elizabeth Bennet", "female", ("Elizabeth", "Lizzy")),
            Character("Mrs. Bennet", "female"), Character("Jane Bennet", "female", ("Jane",))]
    text = ('"I do not blame Jane," said Mrs. Bennet, "for Jane would have got Mr. Bingley, if she could."\n\n'
            "Mrs. Gardiner, to whom the chief of this news had been given before, in the course of Jane and "
            "Elizabeth's correspondence with her, made her sister a slight answer, and turned the conversation.\n\n"
            'When alone with Elizabeth afterwards, she spoke more on the subject. "It seems likely to have been a '
            'desirable match for Jane," said she. "I am sorry it went off."\n\n"An excellent consolation in its '
            'way," said Elizabeth, "but it will not do for us."\n\n"But that expression is so hackneyed."\n\n'
            '"I never saw a more promising inclination."')
    assert speakers(text, cast)[2:] == ["Mrs. Gardiner", "Mrs. Gardiner", "Elizabeth Bennet", "Elizabeth Bennet",
                                        "Mrs. Gardiner", "Elizabeth Bennet"]
    intro = ('Mrs. Gardiner and Jane sat down by the fire.\n\nTurning to Jane, she said, "You look tired."')
    assert speakers(intro, cast) == ["Mrs. Gardiner"]
    mary = [Character("Mary Bennet", "female", ("Mary",)), Character("Kitty Bennet", "female", ("Kitty",)),
            Character("Elizabeth Bennet", "female", ("Elizabeth",))]
    text = ("They were soon joined by Mary and Kitty. Nothing had changed in the accents of Kitty. As for Mary, she "
            'was mistress enough of herself to whisper to Elizabeth,\n\n"This is a most unfortunate affair."\n\n'
            'Then, perceiving in Elizabeth no inclination of replying, she added, "We may draw from it this useful '
            'lesson."')
    assert speakers(text, mary) == ["Mary Bennet", "Mary Bennet"]
    nemo = [Character("Captain Nemo", "male", ("Nemo",)), Character("Ned Land", "male", ("Ned",)),
            Character("Professor Aronnax", "male")]
    text = ('The harpoon of Ned Land hung on the wall.\n\nOne day, when I was suggesting this theory to Captain '
            'Nemo, he replied coldly:\n\n"The earth does not want new continents, but new men."')
    assert speakers(text, nemo, "Professor Aronnax") == ["Captain Nemo"]


def test_she_is_not_the_one_her_own_sentence_makes_its_object() -> None:
    """Northanger Abbey ch. 27: 'On Henry's arrival from Woodston, she made known to him and Eleanor their brother's
    safety, ... When she had finished it--"So much for Isabella," she cried': Catherine, whom the paragraph before
    is about, not Eleanor, the one she told; and the exchange with Henry after it is Catherine's."""
    cast = [Character("Catherine Morland", "female", ("Catherine",)), Character("Henry Tilney", "male", ("Henry",)),
            Character("Eleanor Tilney", "female", ("Eleanor", "Miss Tilney"))]
    text = ("Such a strain of shallow artifice could not impose even upon Catherine. She was ashamed of Isabella.\n\n"
            "On Henry's arrival from Woodston, she made known to him and Eleanor their brother's safety, "
            "congratulating them with sincerity on it, and reading aloud the most material passages of her letter "
            'with strong indignation. When she had finished it--"So much for Isabella," she cried, "and for all '
            'our intimacy!"\n\n"It will soon be as if you never had," said Henry.\n\n"There is but one thing that '
            'I cannot understand."')
    assert speakers(text, cast) == ["Catherine Morland", "Catherine Morland", "Henry Tilney", "Catherine Morland"]


def test_a_description_is_the_one_a_tag_then_names_in_its_turn() -> None:
    """Great Expectations ch. 25: '"This is a fine place of my son's, sir," cried the old man' ... Wemmick answers
    him ... '"He's fired! I heerd him!" cried the Aged': the old man's lines are the Aged's (a cast entry), who
    takes the old man's turn with Wemmick. One answering a description is not it ('"..." cried the old man. /
    "Nonsense," said Mr. Wemmick' when the cast's Wemmick had not spoken yet), nor is a relative ('the elder
    sister') one a tag then names."""
    cast = [Character("Pip", "male"), Character("Wemmick", "male", ("Mr. Wemmick",)),
            Character("The Aged", "male", ("the Aged", "Aged P."))]
    text = ('We went into the Castle, where we found a very old man in a flannel coat.\n\n'
            '"Well, aged parent," said Wemmick, "how am you?"\n\n'
            '"All right, John; all right!" replied the old man.\n\n'
            '"This is a fine place of my son\'s, sir," cried the old man, while I nodded as hard as I possibly '
            'could.\n\n"Is it your own, Mr. Wemmick?"\n\n"O yes," said Wemmick, "I have got hold of it, a bit at a '
            'time."\n\n"Is it indeed? I hope Mr. Jaggers admires it?"\n\n"Never seen it," said Wemmick.\n\n'
            'We sat there drinking until it was almost nine o\'clock.\n\n"Getting near gun-fire," said Wemmick.\n\n'
            '"He\'s fired! I heerd him!" cried the Aged.')
    got = speakers(text, cast, "Pip")
    assert got[2:5] == ["The Aged", "The Aged", "The Aged"] and got[7] == "The Aged" and got[-1] == "The Aged"
    answered = ('We found a very old man in a flannel coat.\n\n"This is a fine place of my son\'s, sir," cried the '
                'old man.\n\n"Nonsense," said Mr. Wemmick.')
    assert speakers(answered, cast, "Pip") == ["the old man", "Wemmick"]
    sisters = [Character("Elinor Dashwood", "female", ("Elinor",)), Character("Lucy Steele", "female", ("Lucy",))]
    text = ('"What a sweet woman Lady Middleton is!" said Lucy Steele.\n\n"And Sir John too," cried the elder '
            'sister, "what a charming man he is!"\n\n"And what a charming little family they have!"\n\n"I should '
            'guess so," said Elinor, with a smile.')
    assert speakers(text, sisters)[1] == "the elder sister"


def test_a_description_is_the_one_a_tag_then_names_going_on_in_its_talk_of_two() -> None:
    """Great Expectations ch. 8: 'said the lady at the table' talks with Pip; after a narration paragraph, '"Look at
    me," said Miss Havisham', whom Pip answers: the lady's lines are Miss Havisham's. Not when the lady's partner
    does not answer the named one next (a third person, who may be answering her)."""
    cast = [Character("Pip", "male"), Character("Miss Havisham", "female"), Character("Estella", "female")]
    text = ('I entered, and found myself in a pretty large room, well lighted with wax candles. In an arm-chair sat '
            'the strangest lady I have ever seen.\n\n"Who is it?" said the lady at the table.\n\n"Pip, ma\'am."'
            '\n\n"Pip?"\n\n"Mr. Pumblechook\'s boy, ma\'am. Come--to play."\n\n"Come nearer; let me look at you. '
            'Come close."\n\nIt was when I stood before her, avoiding her eyes, that I saw her watch had stopped.'
            '\n\n"Look at me," said Miss Havisham. "You are not afraid of a woman who has never seen the sun?"\n\n'
            'I regret to state that I answered, "No."')
    got = speakers(text, cast, "Pip")
    assert got[:5] == ["Miss Havisham", "Pip", "Miss Havisham", "Pip", "Miss Havisham"], got
    third = text.replace('I regret to state that I answered, "No."', '"She is not," said Estella.')
    assert speakers(third, cast, "Pip")[0] == "the lady"


def test_a_description_the_answer_calls_by_a_cast_name_is_that_character() -> None:
    """Moby-Dick ch. 17: '"He hain't been a sittin' so all day, has he?" said the landlady. / "Mrs. Hussey," said I,
    ...': the landlady's lines in the chapter are Mrs. Hussey's (a cast entry with no alias 'the landlady'); not
    when the chapter hears Mrs. Hussey speak as herself too (the landlady is someone else then)."""
    cast = [Character("Ishmael", "male"), Character("Queequeg", "male"), Character("Mrs. Hussey", "female")]
    text = ('"Look here," said the landlady, "are you talking about prying open any of my doors?"\n\nI told her the '
            'whole case.\n\n"He hain\'t been a sittin\' so all day, has he?" said the landlady.\n\n"Mrs. Hussey," '
            'said I, "he\'s alive, I tell you."')
    assert speakers(text, cast, "Ishmael") == ["Mrs. Hussey", "Mrs. Hussey", "Mrs. Hussey", "Ishmael", "Ishmael"]
    both = '"Supper is ready," said Mrs. Hussey.\n\nShe went out.\n\n' + text
    assert speakers(both, cast, "Ishmael")[1:4] == ["the landlady", "the landlady", "the landlady"]


def test_a_line_that_was_someones_consolation_is_theirs() -> None:
    """Northanger Abbey ch. 2: '"We shall do better another evening I hope," was Mr. Allen's consolation.': his,
    as '"Not at all," was her answer' is hers."""
    cast = [Character("Catherine Morland", "female", ("Catherine",)), Character("Mr. Allen", "male"),
            Character("Mrs. Allen", "female")]
    text = ('"How uncomfortable it is," whispered Catherine, "not to have a single acquaintance here!"\n\n"Yes, my '
            'dear," replied Mrs. Allen, with perfect serenity, "it is very uncomfortable indeed."\n\nThey saw nothing '
            'of the dancing.\n\n"We shall do better another evening I hope," was Mr. Allen\'s consolation.')
    assert speakers(text, cast)[-1] == "Mr. Allen"


def test_one_who_repeats_the_question_speaks_it() -> None:
    """Sense and Sensibility ch. 44: 'Elinor would not speak. He repeated the inquiry with yet greater eagerness. /
    "For God's sake tell me, is she out of danger, or is she not?" / "We hope she is."': his question, her answer
    (not hers for the sentence that opened the paragraph on her)."""
    cast = [Character("Elinor Dashwood", "female", ("Elinor",)), Character("John Willoughby", "male", ("Willoughby",))]
    text = ('"Your sister," said he, with abruptness, "is out of danger. But is it true? is it really true?"\n\n'
            "Elinor would not speak. He repeated the inquiry with yet greater eagerness.\n\n\"For God's sake tell me, "
            'is she out of danger, or is she not?"\n\n"We hope she is."')
    assert speakers(text, cast) == ["John Willoughby", "John Willoughby", "John Willoughby", "Elinor Dashwood"]


def test_one_the_sentence_ends_on_going_on_speaks_next() -> None:
    """Pride and Prejudice ch. 34: '... and he listened without attempting to interrupt her while she continued.'
    The next line is hers, not the turn he would take after her line."""
    cast = [Character("Elizabeth Bennet", "female", ("Elizabeth",)), Character("Mr. Darcy", "male", ("Darcy",))]
    text = ('"And this is all the reply which I am to have the honour of expecting!" said Mr. Darcy.\n\n'
            '"I might as well enquire," replied she, "why you chose to tell me that you liked me against your will?"'
            '\n\nAs she pronounced these words, Mr. Darcy changed colour; but the emotion was short, and he listened '
            'without attempting to interrupt her while she continued.\n\n'
            '"I have every reason in the world to think ill of you."')
    assert speakers(text, cast)[-1] == "Elizabeth Bennet"


def test_a_tag_said_to_the_speakers_relative_makes_them_answer() -> None:
    """Pride and Prejudice ch. 13: '"I hope, my dear," said Mr. Bennet to his wife, ...': the next line is his
    wife's answer (Mrs. Bennet by surname), not the turn of someone named in the narration before."""
    cast = [*BENNETS, Character("Colonel Forster", "male")]
    text = ('Catherine and Lydia had information for them of a different sort. Colonel Forster was going to be '
            'married.\n\nCHAPTER XIII.\n\n'
            '"I hope, my dear," said Mr. Bennet to his wife, as they were at breakfast the next morning, "that you '
            'have ordered a good dinner to-day, because I have reason to expect an addition to our family party."'
            '\n\n"Who do you mean, my dear? I know of nobody that is coming, I am sure."')
    assert speakers(text, cast)[-1] == "Mrs. Bennet"


def test_a_beat_after_an_opening_of_time_names_its_subject() -> None:
    """'Next morning Stubb accosted Flask.', 'At length she spoke again.': the subject after an opening that says
    when (Pride and Prejudice ch. 46: Elizabeth's letter from Jane, not Darcy's, who only observed her)."""
    from pipeline.parse.tags import beat_subject

    for sentence, subject in (("Next morning Stubb accosted Flask.", "Stubb"), ("At length she spoke again.", "she"),
                              ("The next day, Elinor went out.", "Elinor")):
        beat = beat_subject(sentence, 0, len(sentence))
        assert beat is not None and beat[0] == subject, sentence
    cast = [Character("Elizabeth Bennet", "female", ("Elizabeth",)), Character("Mr. Darcy", "male", ("Darcy",))]
    text = ('"Let me call your maid. You are very ill," said Darcy.\n\n'
            '"No, I thank you," she replied. "I am only distressed by some dreadful news."\n\n'
            'She burst into tears as she alluded to it, and for a few minutes could not speak another word. Darcy, in '
            'wretched suspense, could only say something indistinctly of his concern, and observe her in compassionate '
            'silence. At length she spoke again. "I have just had a letter from Jane, with such dreadful news."')
    assert speakers(text, cast)[-1] == "Elizabeth Bennet"


def test_one_the_narration_says_is_gone_speaks_only_when_named() -> None:
    """Great Expectations ch. 29 and 49: 'Estella was gone out of it for ever': the 'she' of the lines after is
    Miss Havisham, not Estella, named last, till the narration brings Estella back."""
    cast = [Character("Pip", "male"), Character("Miss Havisham", "female"), Character("Estella", "female")]
    text = ('I went to Satis House. Miss Havisham sat before the fire, in a ragged chair. Estella was gone out of it '
            'for ever, and her room stood empty.\n\n"Is it real?" she said in a low voice.')
    assert speakers(text, cast, "Pip") == ["Miss Havisham"]
    back = text + '\n\nEstella came in at the door. "You here?" she said.'
    assert speakers(back, cast, "Pip")[-1] == "Estella"


def test_it_is_i_and_a_name_names_the_speaker() -> None:
    """Great Expectations ch. 49: '"Is it real?" / "It is I, Pip. Mr. Jaggers gave me your note yesterday"': the
    name after 'It is I,' is the speaker's own, not one called."""
    cast = [Character("Pip", "male"), Character("Miss Havisham", "female")]
    text = ('Miss Havisham sat before the fire. Her eyes rested on me. She stared, and said in a low voice, "Is it '
            'real?"\n\n"It is I, Pip. Mr. Jaggers gave me your note yesterday, and I have lost no time."\n\n'
            '"Thank you. Thank you."')
    assert speakers(text, cast) == ["Miss Havisham", "Pip", "Miss Havisham"]


def test_those_a_scene_leaves_one_alone_without_are_away() -> None:
    """Pride and Prejudice ch. 32: 'Elizabeth was sitting by herself ..., while Mrs. Collins and Maria were gone on
    business into the village, ... she thought it not unlikely to be Lady Catherine ... Mr. Darcy ... entered the
    room. ... she observed:': Elizabeth's line, not one of the women the scene left out; Darcy, who came in, is
    there to answer."""
    cast = [Character("Elizabeth Bennet", "female", ("Elizabeth",)), Character("Mr. Darcy", "male", ("Darcy",)),
            Character("Charlotte Lucas", "female", ("Charlotte", "Mrs. Collins")),
            Character("Maria Lucas", "female", ("Maria",)), Character("Lady Catherine", "female")]
    text = ('"You must come to Rosings again," said Lady Catherine to Maria.\n\n"I shall be very glad," said Maria.'
            '\n\nCHAPTER IX.\n\nElizabeth was sitting by herself the next morning, and writing to Jane, while Mrs. '
            'Collins and Maria were gone on business into the village, when she was startled by a ring at the door. '
            'As she had heard no carriage, she thought it not unlikely to be Lady Catherine, when the door opened, '
            'and, to her very great surprise, Mr. Darcy, and Mr. Darcy only, entered the room.\n\n'
            'They then sat down, and, feeling curious to know what he would say on the subject, she observed:\n\n'
            '"How very suddenly you all quitted Netherfield last November, Mr. Darcy!"\n\n'
            '"Perfectly so--I thank you."')
    assert speakers(text, cast)[-2:] == ["Elizabeth Bennet", "Mr. Darcy"]


def test_one_who_left_the_country_is_not_the_he_of_the_lines_after() -> None:
    """Sense and Sensibility ch. 14: 'about a week after Colonel Brandon left the country, his heart seemed more than
    usually open ...; and on Mrs. Dashwood's happening to mention her design of improving the cottage, he warmly
    opposed ...': Willoughby's lines, not those of Brandon, who is away."""
    cast = [Character("Colonel Brandon", "male", ("Brandon",)), Character("John Willoughby", "male", ("Willoughby",)),
            Character("Mrs. Dashwood", "female")]
    text = ('Nothing could be more expressive of attachment to them all, than Willoughby\'s behaviour.\n\n'
            'One evening in particular, about a week after Colonel Brandon left the country, his heart seemed more '
            'than usually open to every feeling of attachment; and on Mrs. Dashwood\'s happening to mention her '
            'design of improving the cottage in the spring, he warmly opposed every alteration.\n\n'
            '"What!" he exclaimed. "Improve this dear cottage! No. THAT I will never consent to."')
    assert speakers(text, cast) == ["John Willoughby", "John Willoughby"]


def test_a_name_after_an_opening_and_said_to_you_is_called() -> None:
    """Great Expectations ch. 58: '"But dear Biddy, how smart you are!" / "Yes, dear Pip." / "And Joe, how smart you
    are!" / "Yes, dear old Pip, old chap."': Joe, called after the opening 'And', answers; not a subject ('And Joe,
    who was there, said nothing')."""
    from pipeline.parse.vocatives import quote_vocatives

    for quote, called in (("And Joe, how smart you are!", ["Joe"]), ("But dear Biddy, how smart you are!", ["Biddy"]),
                          ("And Joe, who was there, said nothing.", []), ("But Jane, I think, is right.", [])):
        assert quote_vocatives(quote, 0, len(quote)) == called, quote
    cast = [Character("Pip", "male"), Character("Joe Gargery", "male", ("Joe",)), Character("Biddy", "female")]
    text = ('I went into the kitchen, and there were Joe and Biddy standing arm in arm.\n\n"But dear Biddy, how smart '
            'you are!" said I.\n\n"Yes, dear Pip."\n\n"And Joe, how smart you are!"\n\n"Yes, dear old Pip, old chap."')
    assert speakers(text, cast, "Pip")[-2:] == ["Pip", "Joe Gargery"]


def test_the_one_a_narrated_question_asks_as_him_answers_it() -> None:
    """Pride and Prejudice ch. 17: '... though she did not often speak unnecessarily to Mr. Collins, she could not
    help asking him whether he intended to accept Mr. Bingley's invitation, ... / "I am by no means of opinion, I
    assure you," said he': Mr. Collins, the one asked, not Mr. Bingley, whose invitation it was."""
    cast = [Character("Elizabeth Bennet", "female", ("Elizabeth",)), Character("Mr. Collins", "male", ("Collins",)),
            Character("Mr. Bingley", "male", ("Bingley",)), Character("Mary Bennet", "female", ("Mary",))]
    text = ('"While I can have my mornings to myself," said Mary, "it is enough."\n\n'
            "Elizabeth's spirits were so high on the occasion, that though she did not often speak unnecessarily to "
            "Mr. Collins, she could not help asking him whether he intended to accept Mr. Bingley's invitation, and if "
            "he did, whether he would think it proper to join in the evening's amusement; and she was rather surprised "
            "to find that he entertained no scruple whatever on that head, and was very far from dreading a rebuke "
            "either from the Archbishop, or Lady Catherine de Bourgh, by venturing to dance.\n\n"
            '"I am by no means of opinion, I assure you," said he, "that a ball of this kind can have any evil '
            'tendency."')
    assert speakers(text, cast)[-2:] == ["Mr. Collins", "Mr. Collins"]


def test_one_who_answers_without_words_is_called_by_the_one_going_on() -> None:
    """Pride and Prejudice ch. 54: '"It has been a very agreeable day," said Miss Bennet to Elizabeth. ... / Elizabeth
    smiled. / "Lizzy, you must not do so. ..."': Jane goes on, calling the sister who answered with a smile (the rules
    stand against the model, which would not have her answer herself and picks a third woman of the book)."""
    cast = [*BENNETS, Character("Jane Bennet", "female", ("Jane", "Miss Bennet"))]
    text = ('"Well, girls," said Mrs. Bennet, "I think every thing has passed off uncommonly well."\n\n'
            'Mrs. Bennet, in short, was in very great spirits; and she was quite disappointed at not seeing him there '
            'again the next day.\n\n'
            '"It has been a very agreeable day," said Miss Bennet to Elizabeth. "I hope we may often meet again."\n\n'
            'Elizabeth smiled.\n\n'
            '"Lizzy, you must not do so. You must not suspect me. It mortifies me."\n\n'
            '"You are very cruel," said her sister, "you will not let me smile."')
    assert speakers(text, cast)[-4:] == ["Jane Bennet", "Jane Bennet", "Elizabeth Bennet", "Elizabeth Bennet"]


def test_a_verb_joined_on_after_a_that_clause_is_the_main_clauses() -> None:
    """Great Expectations ch. 44: 'She seemed a little surprised that I should know it, but again replied, "Quite
    true."': Estella's words, not those of the 'I' of the 'that' clause (the next lines are Pip's again)."""
    from pipeline.parse.tags import tag_before

    for intro, subject in (("She seemed a little surprised that I should know it, but again replied,", "She"),
                           ("Elizabeth felt that Jane was right, but only said,", "Elizabeth"),
                           ("He said that she was right, and she added,", "she")):
        tag = tag_before(intro, 0, len(intro))
        assert tag is not None and tag.subject == subject, intro
    cast = [Character("Pip", "male"), Character("Estella", "female"), Character("Bentley Drummle", "male",
                                                                               ("Drummle",))]
    text = ('"Is it true that Bentley Drummle is in town here, and pursuing you?" said I.\n\n'
            '"It is quite true," she replied.\n\n"That you encourage him, and ride out with him?"\n\n'
            'She seemed a little surprised that I should know it, but again replied, "Quite true."\n\n'
            '"You cannot love him, Estella!"')
    assert speakers(text, cast, "Pip")[-2:] == ["Estella", "Pip"]
