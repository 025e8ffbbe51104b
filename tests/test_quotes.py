"""Quote finding: one small passage per convention, asserting the exact spans found."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest import parse_text
from pipeline.parse import parse_book
from pipeline.parse.quotes import detect_style, find_quotes


def quoted(text: str, style: str = "double") -> list[str]:
    spans, _ = find_quotes(text, 0, len(text), style)  # type: ignore[arg-type]
    return [text[s.start : s.end] for s in spans if s.end > s.start]


def dialogue(text: str) -> list[str]:
    script = parse_book(parse_text(text, Path("t.txt")))
    return [s.text for s in script.segments if s.kind == "dialogue"]


def test_straight_double_quotes() -> None:
    assert quoted('"Hello," said Tom, "how are you?"') == ["Hello,", "how are you?"]


def test_curly_double_quotes() -> None:
    assert quoted("\u201cHello,\u201d said Tom. \u201cBye.\u201d") == ["Hello,", "Bye."]


def test_single_quote_dialogue_tells_apostrophes_apart() -> None:
    text = ("'I don't want 'em,' said Bill, 'not at five o'clock. We were dancin' all night.' "
            "The girls' hats fell.")
    assert detect_style("\n\n".join([text] * 4)) == "single"
    assert quoted(text, "single") == ["I don't want 'em,", "not at five o'clock. We were dancin' all night."]


def test_single_quote_book_quoting_a_letter_full_of_double_quotes() -> None:
    # the speeches open paragraphs with single quotes; a quoted letter nests more double quotes
    # than the book has single ones, and the paragraphs still decide the convention
    letter = ("'\"Oh, of course!\" I can hear you sneer. \"Just another of Biddy's interests.\" "
              "But \"WHEN I WAS A KING\" is the idea. \"You know, dear,\" Molly said, \"he's not of OUR "
              "class.\" She calls him \"nice\" and \"suitable\" and \"safe\".'")
    speeches = ["'Morning, Mrs Gildea ... a heavy mail for you!'", "'From Biddy at last!' she exclaimed.",
                "'Business first.'", "'H'm!' said Mrs Gildea.", "'Good-bye,' said the postman."]
    text = "\n\n".join([*speeches, letter])
    assert detect_style(text) == "single"
    assert dialogue(text)[:3] == ["Morning, Mrs Gildea ... a heavy mail for you!", "From Biddy at last!",
                                  "Business first."]
    # a double-quote book whose paragraphs open with double quotes stays double
    assert detect_style(text.replace("'", '"').replace("H\"m", "H'm")) == "double"


def test_curly_single_quotes_with_elision() -> None:
    text = "\u2018Fetch \u2019em now,\u2019 she said. \u2018It\u2019s late.\u2019"
    assert quoted(text, "single") == ["Fetch \u2019em now,", "It\u2019s late."]


def test_single_quote_opening_on_emphasis_a_dash_or_an_elision() -> None:
    # (Gutenberg's _italics_, a speech taken up after a dash, ''Tis'): each opens its speech, in
    # straight and in curly marks; before, the opener was taken for a closer and the speech was lost
    text = (
        "'_You_ are dancing with the only handsome girl,' said Mr. Darcy. '--yes, that's about the right "
        "distance,' said Alice. ''Tis an etiquette I despise,' said he. 'Till I have a letter,' said she."
    )
    want = ["_You_ are dancing with the only handsome girl,", "--yes, that's about the right distance,",
            "'Tis an etiquette I despise,", "Till I have a letter,"]
    assert quoted(text, "single") == want
    curly = text.replace("'", "\u2019").replace(" \u2019", " \u2018").replace("\u2019\u2019Tis", "\u2018\u2019Tis")
    curly = "\u2018" + curly[1:]
    assert quoted(curly, "single") == [w.replace("'", "\u2019") for w in want]


def test_nested_quote_stays_inside_outer_dialogue() -> None:
    text = "\"Your looks screamed 'You're still annoying!'. Me?\" She slammed the door."
    assert dialogue(text) == ["Your looks screamed 'You're still annoying!'. Me?"]


def test_double_style_ignores_apostrophes() -> None:
    assert dialogue("He fell like a child needing its' mother. \"Yes!\" she said.") == ["Yes!"]


def test_multi_paragraph_speech() -> None:
    text = '"First part of the speech.\n\n"Second part.\n\n"Last part," he said.'
    script = parse_book(parse_text(text, Path("t.txt")))
    lines = [s for s in script.segments if s.kind == "dialogue"]
    assert [s.text for s in lines] == ["First part of the speech.", "Second part.", "Last part,"]
    assert len({s.speaker for s in lines}) == 1


def test_unbalanced_quote_recovered_at_paragraph_end() -> None:
    text = '"I never closed this one, he said.\n\nThe rain fell all night.\n\n"Next," she said.'
    script = parse_book(parse_text(text, Path("t.txt")))
    kinds = [(s.kind, s.text) for s in script.segments]
    assert ("narration", "The rain fell all night.") in kinds
    assert ("dialogue", "Next,") in kinds


def test_opener_inside_open_quote_closes_the_previous() -> None:
    assert quoted('"Wait, he said. "Stop!" she cried.') == ["Wait, he said.", "Stop!"]


def test_a_quote_of_the_same_kind_nested_in_a_speech_stays_inside_it() -> None:
    # Alice: '"Well, I've tried to say "How doth the little busy bee," but it all came different!"
    # Alice replied': the speech goes on after the nested quote (its tail was read by the narrator)
    text = ('"Well, I\'ve tried to say "How doth the little busy bee," but it all\ncame different!" '
            'Alice replied in a very melancholy voice.')
    assert quoted(text) == ["Well, I've tried to say \"How doth the little busy bee,\" but it all\ncame different!"]
    # The Tenant of Wildfell Hall (single quotes in single quotes): two nested, the speech goes on
    rose = ("\u2018She was better pleased to say \u2018good-by,\u2019 than \u2018how do you do.\u2019 But Eliza "
            "says her father will call.\u2019")
    assert quoted(rose, "single") == [rose[1:-1]]
    # an opener with no closer left for it still starts a new quote (the one before was never closed)
    assert quoted('"Wait, he said. "Stop!"') == ["Wait, he said.", "Stop!"]


def test_hard_wrapped_paragraph() -> None:
    text = '"This line is\nwrapped by Gutenberg," said Alice, "and so\nis this one."\n\nNext paragraph.'
    assert dialogue(text) == ["This line is\nwrapped by Gutenberg,", "and so\nis this one."]


def test_emphasis_is_just_text() -> None:
    assert dialogue('"_You_ want to tell me," he said.') == ["_You_ want to tell me,"]


def test_interrupted_quote_gives_three_segments() -> None:
    text = '"Your eyes\u2026" He coughed harshly, "Your eyes have\u2026"'
    script = parse_book(parse_text(text, Path("t.txt")))
    assert [s.kind for s in script.segments] == ["dialogue", "narration", "dialogue"]
    assert script.segments[1].text == "He coughed harshly,"


def test_dash_dialogue_speech_up_to_the_tag_and_after_it() -> None:
    """Joyce's convention: a paragraph opening with a dash is speech, except its speech tag."""
    from pipeline.ingest import parse_text
    from pipeline.model import Character
    from pipeline.parse import parse_book

    text = "\n\n".join([
        "Buck Mulligan came up the stairs.",
        "\u2014Back to barracks! he said sternly.",
        "\u2014Thanks, old chap, Stephen said. That will do nicely.",
        "\u2014Yes, my love?",
        "Stephen sat down.",
        "\u2014Tell me, Mulligan, Stephen said quietly.",
        "\u2014Why?",
    ])
    book = parse_text(text, Path("t.txt"))
    assert detect_style(book.text) == "dash"
    script = parse_book(book, [Character("Buck Mulligan", "male"), Character("Stephen", "male")])
    lines = [(s.text, s.speaker) for s in script.segments if s.kind == "dialogue"]
    assert [t for t, _ in lines] == ["\u2014Back to barracks!", "\u2014Thanks, old chap,", "That will do nicely.",
                                     "\u2014Yes, my love?", "\u2014Tell me, Mulligan,", "\u2014Why?"]
    assert [w for _, w in lines][:3] == ["Buck Mulligan", "Stephen", "Stephen"]
    assert lines[4][1] == "Stephen"
    narration = [s.text for s in script.segments if s.kind == "narration"]
    assert "he said sternly." in narration and "Stephen said quietly." in narration


def test_a_single_quote_broken_off_by_a_dash_closes_at_the_paragraphs_end() -> None:
    # 'calling her—’' ends the speech (Tenant of Wildfell Hall): no apostrophe, so the next
    # paragraph is a new speech, not this one carried on
    text = "\u2018Oh, nothing!\u2014I shouldn\u2019t mind calling her\u2014\u2019"
    spans, left_open = find_quotes(text, 0, len(text), "single")
    assert [text[s.start : s.end] for s in spans] == ["Oh, nothing!\u2014I shouldn\u2019t mind calling her\u2014"]
    assert spans[0].closed and not left_open
    nxt = "\u2018Hush, hush, my dear!\u2019 whispered my mother."
    spans, _ = find_quotes(nxt, 0, len(nxt), "single", left_open)
    assert not spans[0].continued
