"""Discovery without a cast: names from speech tags, titles and vocatives; alias merging; gender guesses."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import parse_text
from pipeline.model import Character
from pipeline.parse import parse_book
from pipeline.parse.characters import discover_characters
from pipeline.parse.vocatives import quote_vocatives


def found(text: str) -> dict[str, tuple[str, tuple[str, ...], int]]:
    script = parse_book(parse_text(text, Path("t.txt")))
    return {d.name: (d.gender, d.aliases, d.lines) for d in discover_characters(script)}


def test_vocative_forms() -> None:
    def voc(s: str) -> list[str]:
        return quote_vocatives(s, 0, len(s))

    assert voc("Sakura\u2026 I never told you") == ["Sakura"]
    assert voc("that suits you best, Sakura\u2026 You are") == ["Sakura"]
    assert voc("Don't you give me that look Sasuke!") == ["Sasuke"]
    assert voc("My dear Mr. Bennet, have you heard") == ["Mr. Bennet"]
    assert voc("Oh, Jane, come here") == ["Jane"]
    assert voc("I went to London. Yes! Why?") == []  # after 'to', NOT_NAMES
    assert voc("Please your Majesty, I did not") == []
    assert voc("until Naruto did when I couldn't move") == []


def test_addressed_names_become_speakers_with_gender_from_pronoun_tags() -> None:
    text = (
        '"Stop it, Kenji!" she cried.\n\n"I can\'t, Mika." He looked away.\n\n'
        '"Look at me Kenji!" She grabbed his arm.\n\n"Let go, Mika," he said.\n\n'
        'Far away, Hiro slept.\n\n"Hiro would laugh," she said.'
    )
    got = found(text)
    assert got["Kenji"][0] == "male" and got["Mika"][0] == "female"
    assert got["Kenji"][2] == 2 and got["Mika"][2] == 3
    assert "Hiro" not in got  # named, never addressed, never speaks


def test_a_name_addressed_once_is_not_enough() -> None:
    assert set(found('"Kami! Not again," she said.\n\n"Sorry," he said.')) == {"unknown"}
    # twice in one breath is still once ('"Eternity! Eternity!"' bawled by a preacher in The War of the Worlds):
    # no one called 'Eternity' speaks the crowd's '"Clear the way!"'
    text = ('In one cart stood a blind man, bawling, "Eternity! Eternity!"\n\nThe carts pressed on.\n\n'
            '"Clear the way!" cried the voices.\n\n"Sorry," he said.')
    assert "Eternity" not in found(text)
    assert "Kami" in found('"Kami! Not again," she said.\n\n"Sorry," he said.\n\n"Kami, listen," she said.')


def test_alias_merging_by_surname_title_and_full_name() -> None:
    text = (
        '"Yes," said Mr. Darcy.\n\n"No," said Darcy.\n\n"Indeed," said Mr. Darcy.\n\n'
        'Fitzwilliam Darcy was proud. Mr. Darcy bowed to Mr. Bennet.\n\n'
        '"Sir," said Mr. Bennet.\n\n"Oh!" said Mrs. Bennet. Mrs. Bennet sat down.'
    )
    got = found(text)
    assert got["Mr. Darcy"][0] == "male" and "Darcy" in got["Mr. Darcy"][1] and got["Mr. Darcy"][2] == 3
    assert got["Mr. Bennet"][0] == "male" and got["Mrs. Bennet"][0] == "female"  # titles keep them apart
    assert "Mrs. Bennet" not in got["Mr. Bennet"][1]


def test_titled_first_name_joins_plain_name_of_same_gender() -> None:
    text = (
        '"Hush," said Lydia. She laughed.\n\n"Come," said Lydia. She ran.\n\n'
        '"Now," said Miss Lydia. Miss Lydia smiled.\n\n"Bingley!" said Miss Bingley.\n\n'
        '"Sister," said Mr. Bingley. He bowed. Mr. Bingley left.'
    )
    got = found(text)
    lydia = got.get("Lydia") or got["Miss Lydia"]
    assert set(lydia[1]) <= {"Lydia", "Miss Lydia"} and lydia[2] == 3
    assert got["Miss Bingley"][0] == "female" and got["Mr. Bingley"][0] == "male"


def test_no_plurals_places_possessives_or_interjections() -> None:
    text = (
        '"We go to London," said Tom. He went to London, lived in London, came from London.\n\n'
        '"Ugh!" said Tom.\n\n"Ugh!" said Ann. She sighed.\n\n"London, London!" said Ann.\n\n'
        'The Miss Lucases came. The Miss Lucases sat. Miss Lucas spoke.\n\n"Hi," said Miss Lucas.\n\n'
        '"Oh!" the Rabbit\'s voice said. "Oh!" said the Rabbit\'s voice.'
    )
    names = set(found(text))
    assert {"Tom", "Ann", "Miss Lucas"} <= names
    assert not names & {"London", "Ugh", "Miss Lucases", "Rabbit's"}


def test_role_titles_with_the_are_characters() -> None:
    text = '"Off with her head!" said the Queen.\n\n"Consider, my dear," said the King.\n\n"No," said the Queen.'
    got = found(text)
    assert got["Queen"][:1] == ("female",) and got["Queen"][2] == 2
    assert got["King"][:1] == ("male",)


def test_possessive_relation_owned_by_the_one_just_addressed() -> None:
    # no cast: 'his lady' is the wife of the man addressed in the quote, not of another Mr. X
    text = (
        'Mrs. Bennet came in. Mr. Bennet read. Mrs. Bennet sat. '
        'Mr. Collins was a clergyman. Mr. Collins bowed. Mrs. Collins smiled. Mrs. Collins sat. Mr. Collins sat.\n\n'
        '"My dear Mr. Bennet," said his lady to him, "have you heard?"\n\n"No," said Mr. Bennet.'
    )
    script = parse_book(parse_text(text, Path("t.txt")))
    assert [s.speaker for s in script.segments if s.kind == "dialogue"][:2] == ["Mrs. Bennet", "Mrs. Bennet"]


def test_discovery_never_parses_and_cast_parses_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """characters.py does not import the parser (no parse -> attribution -> characters -> parse
    cycle), and `audiobook cast` parses the book exactly once."""
    import ast

    from click.testing import CliRunner

    import pipeline.parse.characters as characters
    import pipeline.produce as produce
    from pipeline.cli import main

    tree = ast.parse(Path(characters.__file__).read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in imports
                if (n.module or "").endswith("parse") or any(a.name == "parse_book" for a in n.names)]
    calls = []
    real = produce.parse_book

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(produce, "parse_book", counting)
    story = tmp_path / "s.txt"
    story.write_text('"Hello," said Tom.\n\n"Hi," said Ann. She smiled.\n\n"Bye," said Tom.\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["cast", str(story)])
    assert result.exit_code == 0, result.output
    assert "Tom" in result.output and "Ann" in result.output
    assert len(calls) == 1



def test_no_greetings_nationalities_abbreviations_or_journey_ends() -> None:
    from pipeline.parse.characters import CharacterIndex, candidate_names

    book = parse_text(
        "Tom took the train for Chicago with Ann. It was her first visit to Chicago. Tom said so. Ann said no.",
        Path("t.txt"),
    )
    addressed = ["Hallo", "Hello", "Hum", "Gawd", "Ay", "English", "Radical", "Mt", "Chicago", "Tom", "Ann"]
    names = {c.name for c in candidate_names(book, [], CharacterIndex([]), [(n, None) for n in addressed * 2])}
    assert {"Tom", "Ann"} <= names
    assert not names & {"Hallo", "Hello", "Hum", "Gawd", "Ay", "English", "Radical", "Mt", "Chicago"}


def test_no_days_months_or_feasts_but_names_that_are_months_too() -> None:
    # Mansfield Park: 'till after Easter,' made a character 'Easter' who spoke a letter's lines
    from pipeline.parse.characters import CharacterIndex, candidate_names

    book = parse_text("Jo March came at Easter with June. Jo March said so. June said no.", Path("t.txt"))
    addressed = ["Easter", "Monday", "Michaelmas", "December", "June", "Jo March"]
    names = {c.name for c in candidate_names(book, [], CharacterIndex([]), [(n, None) for n in addressed * 2])}
    assert {"Jo March", "June"} <= names
    assert not names & {"Easter", "Monday", "Michaelmas", "December"}


def test_a_surname_the_cast_gives_several_people_is_no_new_character() -> None:
    # Mansfield Park: Crawford calls Edmund 'Bertram'; the cast has Sir Thomas, Lady, Tom and Edmund Bertram,
    # so a lone 'Bertram' is one of them, not a new character with a voice of its own ('Crawford' alone,
    # one cast member's surname, is left to the cast's aliases)
    from pipeline.parse.characters import CharacterIndex, candidate_names

    cast = [Character("Edmund Bertram", "male"), Character("Tom Bertram", "male", ("Mr. Bertram",)),
            Character("Lady Bertram", "female"), Character("Henry Crawford", "male")]
    book = parse_text('"Bertram," said Crawford. "Yes, Bertram," said Crawford. "Well, Bertram," said he.',
                      Path("t.txt"))
    names = {c.name for c in candidate_names(book, ["Crawford", "Crawford"], CharacterIndex(cast),
                                             [("Bertram", None)] * 3)}
    assert "Bertram" not in names


def test_diminutives_and_titled_surnames_join_the_full_name() -> None:
    """'Lizzy'/'Eliza' are 'Elizabeth'; 'Miss Lucas' is 'Charlotte' when 'Charlotte Lucas' is in the book;
    'Miss Bennet' stays apart when the first names used with the surname are 'Miss Lydia's."""
    text = (
        '"Come," said Elizabeth. She smiled.\n\n"Go," said Elizabeth. She laughed.\n\n'
        '"Lizzy!" said Lydia. She ran.\n\n"Hush," said Lizzy. She sat.\n\n"Well," said Lizzy. She rose.\n\n'
        '"Eliza," said Miss Bingley. She sneered.\n\n"Yes," said Eliza. She frowned.\n\n"No," said Eliza.\n\n'
        'Charlotte Lucas came. Charlotte Lucas sat. Charlotte Lucas smiled. Maria Lucas stayed.\n\n'
        '"Oh," said Charlotte. She nodded.\n\n"Ah," said Charlotte. She sighed.\n\n'
        '"True," said Miss Lucas. She smiled.\n\n"Quite," said Miss Lucas.\n\n'
        'Lydia Bennet laughed. Lydia Bennet ran. Lydia Bennet hid. "Sit," said Miss Lydia.\n\n'
        '"Hm," said Miss Bennet. She read.\n\n"So," said Miss Bennet.'
    )
    got = found(text)
    elizabeth = [k for k, v in got.items() if "Elizabeth" in (k, *v[1])]
    assert len(elizabeth) == 1 and {"Lizzy", "Eliza"} <= set(got[elizabeth[0]][1]) | set(elizabeth)
    assert got[elizabeth[0]][0] == "female" and got[elizabeth[0]][2] == 6  # one person, one voice
    charlotte = [k for k, v in got.items() if "Charlotte" in (k, *v[1])]
    assert len(charlotte) == 1 and "Miss Lucas" in (charlotte[0], *got[charlotte[0]][1])
    assert got[charlotte[0]][2] == 4
    assert got["Miss Bennet"][2] == 2  # 'Miss Lydia' is a younger sister: 'Lydia Bennet' is no evidence


def test_a_titled_full_name_joins_its_first_name_not_the_family() -> None:
    """'Miss Lydia Bennet' is Lydia (her first name names one group), not one of the Bennets by
    surname; with it 'Lizzy' still joins 'Elizabeth' ('Miss Elizabeth Bennet' among her names)."""
    text = (
        '"Hush," said Lydia. She laughed.\n\n"Come," said Lydia. She ran.\n\n'
        '"Yes," said Mr. Bennet. He sat.\n\n"No," said Mr. Bennet.\n\n'
        '"Oh!" said Mrs. Bennet. She cried.\n\n"Ah!" said Mrs. Bennet.\n\n'
        '"Now," said Miss Lydia Bennet. She smiled.\n\n"Then," said Miss Lydia Bennet.\n\n'
        '"Come," said Elizabeth. She smiled.\n\n"Go," said Elizabeth.\n\n'
        '"Well," said Miss Elizabeth Bennet.\n\n"So," said Miss Elizabeth Bennet.\n\n'
        '"Hush," said Lizzy. She sat.\n\n"Well," said Lizzy. She rose.'
    )
    got = found(text)
    lydia = [k for k, v in got.items() if "Lydia" in (k, *v[1])]
    assert len(lydia) == 1 and "Miss Lydia Bennet" in (lydia[0], *got[lydia[0]][1]) and got[lydia[0]][2] == 4
    elizabeth = [k for k, v in got.items() if "Elizabeth" in (k, *v[1])]
    assert len(elizabeth) == 1 and {"Lizzy", "Miss Elizabeth Bennet"} <= {elizabeth[0], *got[elizabeth[0]][1]}


def test_a_first_name_alone_is_not_the_one_with_a_rank_title() -> None:
    """'Catherine' alone joins Kitty (a diminutive of it), not 'Lady Catherine'."""
    text = (
        '"Your park is small," said Lady Catherine. She frowned.\n\n"It is," said Lady Catherine.\n\n'
        '"La!" said Kitty. She laughed.\n\n"Oh," said Kitty. She coughed.\n\n'
        '"Hush," said Catherine. She sat.\n\n"Well," said Catherine. She rose.'
    )
    got = found(text)
    assert set(got["Lady Catherine"][1]) == set() and got["Lady Catherine"][2] == 2
    kitty = [k for k, v in got.items() if "Kitty" in (k, *v[1])]
    assert len(kitty) == 1 and "Catherine" in (kitty[0], *got[kitty[0]][1]) and got[kitty[0]][2] == 4


def test_a_surname_title_before_a_cast_first_name_is_someone_else() -> None:
    """Pride and Prejudice with a cast that has 'Mr. Darcy' (alias 'Fitzwilliam Darcy') but no Colonel
    Fitzwilliam: 'said Colonel Fitzwilliam' is a man of his own, not Darcy (31 lines of ch. 31 and 33 had
    gone to Darcy); 'Mr. Thomas' is not the cast's 'Thomas Palmer'; 'Miss Elizabeth' and 'Lady Catherine'
    (titles said before first names) still name their bearers."""
    from pipeline.parse.characters import CharacterIndex

    cast = [Character("Mr. Darcy", "male", ("Darcy", "Fitzwilliam Darcy")), Character("Elizabeth Bennet", "female",
            ("Elizabeth",)), Character("Mr. Palmer", "male", ("Thomas Palmer",)),
            Character("Lady Catherine", "female", ("Lady Catherine de Bourgh",))]
    index = CharacterIndex(cast)
    assert index.resolve("Colonel Fitzwilliam") is None and index.resolve("Mr. Thomas") is None
    assert index.resolve("Fitzwilliam") == "Mr. Darcy" and index.resolve("Mr. Darcy") == "Mr. Darcy"
    assert index.resolve("Miss Elizabeth") == "Elizabeth Bennet" and index.resolve("Lady Catherine") == "Lady Catherine"
    text = "Colonel Fitzwilliam came in. Mr. Thomas bowed. Fitzwilliam Darcy sat."
    assert [n for _, n in index.mentions(text, 0, len(text))] == ["Mr. Darcy"]
    story = ('Colonel Fitzwilliam and Mr. Darcy came in.\n\n"I am joined with him in the guardianship of Miss '
             'Darcy," said Colonel Fitzwilliam.\n\n"Are you, indeed?" said Elizabeth.')
    script = parse_book(parse_text(story, Path("t.txt")), cast)
    assert [s.speaker for s in script.segments if s.kind == "dialogue"] == ["Colonel Fitzwilliam", "Elizabeth Bennet"]


def test_a_shared_first_name_is_the_one_the_book_calls_by_it_with_his_surname() -> None:
    """Sense and Sensibility's cast has John Dashwood, John Willoughby and Sir John Middleton: 'said John' is
    John Dashwood, whom the book names 'John Dashwood' far more often than Willoughby 'John Willoughby' (Sir
    John, after his rank title, and 'Mrs. John Dashwood', his wife's name, do not count); it had gone to a
    'John' of the parser's own, another voice. Without such a count, the first name names no one."""
    from pipeline.parse.characters import shared_first_names

    cast = [Character("John Dashwood", "male", ("Mr. Dashwood",)), Character("John Willoughby", "male",
            ("Willoughby",)), Character("Sir John Middleton", "male", ("Sir John",)),
            Character("Fanny Dashwood", "female", ("Mrs. John Dashwood",)), Character("Elinor Dashwood", "female",
            ("Elinor",))]
    story = "John Dashwood came. " * 6 + 'John Willoughby bowed. Sir John laughed.\n\n"Ah! Elinor," said John.'
    script = parse_book(parse_text(story, Path("t.txt")), cast)
    assert [s.speaker for s in script.segments if s.kind == "dialogue"] == ["John Dashwood"]
    assert dict((c.name, c.aliases) for c in shared_first_names(story, cast))["John Dashwood"][-1] == "John"
    even = "John Dashwood came. John Willoughby bowed. " * 3
    assert shared_first_names(even, cast) == cast


def test_no_adverbs_hyphenated_greetings_or_bare_words_of_address() -> None:
    """'Surely, uncle, ...', 'Awfully!', 'Good-bye, Carrie', 'Son, come here' name no one; 'Emily',
    'Sally' and 'Madame St. Aubert' (the saint's abbreviation inside the name) do."""
    from pipeline.parse.characters import CharacterIndex, candidate_names

    book = parse_text(
        "Emily came in. Sally followed. Madame St. Aubert sat down; Madame St. Aubert was tired. "
        "He was sure of it. She was awful.",
        Path("t.txt"),
    )
    addressed = ["Surely", "Awfully", "Good-bye", "Good-evening", "Son", "Pardner", "Emily", "Sally"]
    names = {c.name for c in candidate_names(book, [], CharacterIndex([]), [(n, None) for n in addressed * 2])}
    assert {"Emily", "Sally", "Madame St. Aubert"} <= names
    assert not names & {"Surely", "Awfully", "Good-bye", "Good-evening", "Son", "Pardner", "Madame St"}
    # a word of address a tag makes speak is a character ('said Granny')
    tagged = {c.name for c in candidate_names(book, ["Granny", "Granny"], CharacterIndex([]))}
    assert "Granny" in tagged


def test_a_cast_name_that_is_a_possessive_description_lends_no_first_word() -> None:
    # a cast entry "Alice's sister" (as a user writes one) is a description: "Alice's elbow" in the text
    # is Alice, not her sister (it was, and her sister then took Alice's lines)
    from pipeline.model import Character
    from pipeline.parse.characters import CharacterIndex

    index = CharacterIndex([Character("Alice", "female"), Character("Alice's sister", "female", ("her sister",))])
    text = "Alice's elbow was pressed hard against it."
    assert [name for _, name in index.mentions(text, 0, len(text))] == ["Alice"]
    assert index.resolve("Alice's sister") == "Alice's sister"


def test_a_ship_after_this_and_an_adjective_is_not_called_and_monsieur_is_a_title() -> None:
    # Twenty Thousand Leagues: '... sink this cursed Nautilus.', '... a second Nautilus?' made the ship
    # the name others call the narrator by; he is 'M. Aronnax' ('Progress is slow, M. Aronnax.')
    from pipeline.parse.characters import CharacterIndex, candidate_names

    def voc(s: str) -> list[str]:
        return quote_vocatives(s, 0, len(s))

    assert voc("May it reach us; and, if necessary, sink this cursed Nautilus.") == []
    assert voc("Who knows if we may not see a second Nautilus?") == []
    assert voc("Good night, my darling Sasuke!") == ["Sasuke"]
    assert voc("Progress is slow, M. Aronnax.") == ["M. Aronnax"]
    text = "M. Aronnax bowed. Captain Nemo looked at M. Aronnax, and he smiled."
    book = parse_text(text, Path("t.txt"))
    found = {c.name: c.gender for c in candidate_names(book, [], CharacterIndex([]))}
    assert found.get("M. Aronnax") == "male"


def test_thankee_and_io_are_no_one() -> None:
    # Great Expectations: '"Thankee, Sir," said Joe.' twice made 'Thankee' a character who took lines;
    # Moby-Dick's extracts: '"Io! Paean! Io! sing."' made 'Io' one with 17
    book = parse_text('"Thankee, Sir," said Joe.\n\n"Tea?"\n\n"Thankee, Sir, I will," said Joe.', Path("t.txt"))
    from pipeline.parse.characters import CharacterIndex, candidate_names

    # (Northanger Abbey: '"Psha! My dear creature," she replied' made 'Psha' Catherine's voice for 7 lines)
    called = [("Thankee", None)] * 2 + [("Io", None)] * 2 + [("Psha", None)] * 2
    names = {c.name for c in candidate_names(book, ["Joe"], CharacterIndex([]), called)}
    assert "Thankee" not in names and "Io" not in names and "Psha" not in names and "Joe" in names


def test_no_character_is_found_in_the_gutenberg_licence() -> None:
    # Moby-Dick: 'Section 1. General Terms of Use ...' in the licence after the book made 'General Terms' a
    # man, who then took ten lines as the most recent man no one had named
    story = ('*** START OF THIS PROJECT GUTENBERG EBOOK TEST ***\n\nCHAPTER 1\n\n'
             '"Ahoy!" said Captain Peleg.\n\n"Aye," said Captain Peleg.\n\n'
             '*** END OF THIS PROJECT GUTENBERG EBOOK TEST ***\n\n'
             'Section 1. General Terms of Use and Redistributing Project Gutenberg-tm electronic works\n\n'
             'set forth in the General Terms of Use part of this license, apply to copying.\n')
    from pipeline.parse.characters import CharacterIndex, candidate_names

    book = parse_text(story, Path("t.txt"))
    names = {c.name for c in candidate_names(book, ["Captain Peleg"], CharacterIndex([]))}
    assert "General Terms" not in names and "Captain Peleg" in names


def test_a_known_name_said_familiarly_or_a_title_before_a_common_noun_is_no_new_character() -> None:
    # Twenty Thousand Leagues: Conseil's 'Friend Ned' and Ned's 'Sir Naturalist' (to Aronnax) were characters
    # with voices of their own
    from pipeline.parse.characters import CharacterIndex, candidate_names

    text = ("The naturalist looked at the sea. A naturalist must be patient, and this naturalist was.\n\n"
            '"Friend Ned, look," said Conseil.\n\n"Well, Sir Naturalist?" said Ned.\n\n'
            '"Friend Ned, wait," said Conseil.\n\n"Well, Sir Naturalist!" said Ned.')
    book = parse_text(text, Path("t.txt"))
    known = CharacterIndex([Character("Ned Land", "male", ("Ned",)), Character("Conseil", "male")])
    called = [("Friend Ned", None)] * 2 + [("Sir Naturalist", None)] * 2
    names = {c.name for c in candidate_names(book, ["Conseil", "Ned"], known, called)}
    assert "Friend Ned" not in names and "Sir Naturalist" not in names
