"""Letters quoted in a story: read in the writer's voice, or by the narrator when no writer is named."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest import parse_text
from pipeline.model import Character, Script
from pipeline.parse import parse_book

CAST = [Character("Jane", "female"), Character("Elizabeth", "female"), Character("Mrs. Bennet", "female"),
        Character("Miss Bingley", "female", ("Caroline Bingley", "Caroline")), Character("Mr. Darcy", "male"),
        Character("Colonel Fitzwilliam", "male"), Character("Mr. Collins", "male")]


def parse(text: str, cast: list[Character] = CAST) -> Script:
    return parse_book(parse_text(text, Path("t.txt")), cast)


def lines(script: Script) -> list[tuple[str, str | None]]:
    return [(s.text, s.speaker) for s in script.segments if s.kind == "dialogue"]


def test_a_signed_letter_is_read_in_its_writers_voice() -> None:
    text = ('"It is from Miss Bingley," said Jane, and then read it aloud.\n\n'
            '     "My dear Friend,\n\n'
            '     "If you are not so compassionate as to dine to-day with Louisa and me, we shall be in\n'
            '     danger of hating each other for the rest of our lives.\n\n'
            '     "CAROLINE BINGLEY."\n\n'
            '"Dining out," said Mrs. Bennet, "that is very unlucky."')
    got = lines(parse(text))
    assert [who for _, who in got] == ["Jane", "Miss Bingley", "Miss Bingley", "Miss Bingley", "Mrs. Bennet",
                                       "Mrs. Bennet"]
    script = parse(text)
    letter = [s for s in script.segments if s.speaker == "Miss Bingley"]
    assert all(s.reason == 'a letter signed "CAROLINE BINGLEY"' for s in letter)


def test_a_signature_is_matched_by_surname_not_by_its_first_word() -> None:
    # 'FITZWILLIAM DARCY' is Mr. Darcy, not Colonel Fitzwilliam; the signature may stand unindented
    text = ('Elizabeth opened the letter. It was dated from Rosings, and was as follows:--\n\n'
            '     "Be not alarmed, Madam, on receiving this letter.\n\n'
            '     "Two offences of a very different nature you last night laid to my charge.\n\n'
            '"FITZWILLIAM DARCY."\n\n'
            'Elizabeth read it twice.')
    assert {who for _, who in lines(parse(text))} == {"Mr. Darcy"}


def test_a_letter_from_someone_named_before_it() -> None:
    text = ('A letter arrived for their father from Mr. Collins, which Jane read:\n\n'
            '     "MY DEAR SIR,\n\n'
            '     "I feel myself called upon, by our relationship, to condole with you.\n\n'
            '     "I am, dear Sir, &c. &c."')
    assert {who for _, who in lines(parse(text))} == {"Mr. Collins"}


def test_a_letter_that_names_no_writer_is_read_by_the_narrator() -> None:
    text = ('"Is there a letter?" asked Elizabeth.\n\n'
            'A servant brought the following note for Elizabeth:\n\n'
            '     "My dearest Lizzy,\n\n'
            '     "I find myself very unwell this morning.\n\n'
            '     "Yours, &c."\n\n'
            '"Well, my dear," said Mrs. Bennet, "if your daughter should die."')
    script = parse(text)
    assert lines(script) == [("Is there a letter?", "Elizabeth"), ("Well, my dear,", "Mrs. Bennet"),
                             ("if your daughter should die.", "Mrs. Bennet")]
    narration = " ".join(s.text for s in script.segments if s.kind == "narration")
    assert "I find myself very unwell this morning." in narration and "Yours, &c." in narration


def test_an_indented_quote_without_a_letters_marks_stays_speech() -> None:
    # a recited verse: no cue before it, no salutation, no signature
    text = ('"Repeat it," said Mrs. Bennet.\n\n'
            '     "You are old, Father William, the young man said,\n'
            '     And your hair has become very white."\n\n'
            '"That is not said right," said Mrs. Bennet.')
    got = lines(parse(text))
    assert len(got) == 3 and got[1][0].startswith("You are old") and got[1][1] != "Narrator"


def test_a_heading_standing_apart_and_a_cue_inside_a_speech_still_make_a_letter() -> None:
    # 'Read it aloud," said their father, "...about."' hands it over; the place, date and salutation
    # stand as indented lines of their own before the body; no single writer signs it, so the narrator reads
    gardiners = [Character("Mr. Gardiner", "male"), Character("Mrs. Gardiner", "female"), *CAST]
    text = ('"Read it aloud," said their father, "for I hardly know myself what it is about."\n\n'
            '     "Gracechurch-street, Monday,\n\n'
            '     August 2.\n\n'
            '     MY DEAR BROTHER,"\n\n'
            '     "At last I am able to send you some tidings of my niece, and such as, upon the whole,\n'
            '     I hope will give you satisfaction.\n\n'
            '     "GARDINER."\n\n'
            '"Is it possible!" cried Elizabeth.')
    script = parse(text, gardiners)
    kinds = {s.text.strip('" '): s.kind for s in script.segments}
    assert kinds["At last I am able to send you some tidings of my niece, and such as, upon the whole,\n"
                 "     I hope will give you satisfaction."] == "narration"
    assert kinds["GARDINER."] == "narration"  # Mr. or Mrs. Gardiner: the narrator reads it
    assert lines(script)[-1] == ("Is it possible!", "Elizabeth")


def test_a_letter_no_indentation_sets_off_runs_from_its_cue_to_its_closing() -> None:
    # one paragraph a line, nothing indented (an EPUB's text): the cue, the salutation, whole quoted
    # paragraphs and the closing are Mr. Collins's letter; a talk after a cue that ends in a reply
    # ('Yes.'), not a closing or a known writer's signature, stays talk
    letter = ('A letter arrived for their father, from Mr. Collins. It was as follows:\n\n'
              '"MY DEAR SIR,"\n\n'
              '"I feel myself called upon, by our relationship, to condole with you.\n\n'
              '"The death of your daughter would have been a blessing in comparison of this."\n\n'
              '"I am, dear Sir, &c. &c."\n\n'
              '"What a letter!" cried Elizabeth.')
    got = lines(parse(letter))
    assert [who for _, who in got] == ["Mr. Collins"] * 4 + ["Elizabeth"]
    talk = ('Jane came in with a letter. She read it as follows:\n\n'
            '"Dear me, what can he mean by it?"\n\n'
            '"Is it from Mr. Darcy?"\n\n'
            '"Yes."\n\n'
            '"Then burn it," said Elizabeth.')
    assert not any(s.reason.startswith("a letter") for s in parse(talk).segments)


def test_a_signature_after_the_closing_on_one_line() -> None:
    # 'Yours, ESTELLA.' signs the note (before, the closing hid the name and the note went to the
    # one the narration was about)
    text = ('One day I received a note by the post. It ran thus:\n\n'
            '     "I am to come to London the day after to-morrow by the midday coach. Miss Havisham\n'
            '     has that impression, and I write in obedience to it.\n\n'
            '     "Yours, ESTELLA."\n\n'
            'If there had been time, I should have ordered several suits of clothes.')
    script = parse(text, [Character("Estella", "female"), Character("Pip", "male")])
    assert [(s.speaker, s.reason) for s in script.segments if s.kind == "dialogue"] == [
        ("Estella", 'a letter signed "ESTELLA"')] * 2


def test_a_document_read_out_is_the_narrators_to_read() -> None:
    # The War of the Worlds ch. 15: 'my brother read that catastrophic dispatch of the Commander-in-Chief:'
    # and one quoted paragraph: the dispatch, read in the narration's voice, not a line of the brother's
    text = ('The man was selling papers as he ran. And from this paper my brother read that catastrophic dispatch '
            'of the Commander-in-Chief:\n\n"The Martians are able to discharge enormous clouds of a black and '
            'poisonous vapour. There is no safety from the Black Smoke but in instant flight."\n\n'
            'That was all, but it was enough.\n\n"Black Smoke!" cried my brother.')
    script = parse(text, [Character("my brother", "male")])
    assert [s.text[:9] for s in script.segments if s.kind == "dialogue"] == ["Black Smo"]
    assert any(s.kind == "narration" and s.text.startswith('"The Martians') for s in script.segments)


def test_a_letter_handed_over_to_this_purpose() -> None:
    # Northanger Abbey ch. 26: '"'Tis only from James, however," ... She opened it; it was from Oxford; and to
    # this purpose:' and 'Dear Catherine,': James's letter, not Henry's lines (he handed it over)
    cast = [Character("Catherine Morland", "female", ("Catherine",)), Character("Henry Tilney", "male", ("Henry",)),
            Character("James Morland", "male", ("James",))]
    text = ('Her first object was a letter, held out by Henry\'s hand. She thanked him. "\'Tis only from James, '
            'however," as she looked at the direction. She opened it; it was from Oxford; and to this purpose:\n\n'
            '"Dear Catherine,\n\n"Though, God knows, with little inclination for writing, I think it my duty to tell '
            'you that everything is at an end.\n\n"Believe me,"\n\n"Yours,"')
    got = lines(parse(text, cast))
    assert [who for _, who in got][1:] == ["James Morland"] * 4
