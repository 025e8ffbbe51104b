"""Cast files: the seed cast loads; every problem in a bad one is reported at once, clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cast import assign_voices, default_cast, load_cast
from pipeline.errors import CastError
from tests.conftest import SEED_CAST


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cast.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_cast_loads_with_three_distinct_voices() -> None:
    cast = load_cast(SEED_CAST)
    voices = dict(cast.voices)
    assert cast.narrator.spec == "piper:en_US-joe-medium"
    assert voices["Sakura"].spec == "kokoro:jf_alpha"
    assert voices["Sasuke"].spec == "kokoro:jm_kumo"
    sakura = next(c for c in cast.characters if c.name == "Sakura")
    assert sakura.gender == "female" and "Haruno" in sakura.aliases


def test_characters_only_cast_is_valid_and_gets_pool_voices(tmp_path: Path) -> None:
    cast = load_cast(write(tmp_path, "characters:\n  Elizabeth: {gender: female}\n  Darcy: {gender: male}\n"))
    voices = assign_voices(cast, [("Elizabeth", "female", 40), ("Darcy", "male", 30)])
    assert voices["Elizabeth"].spec == "kokoro:jf_alpha"
    assert voices["Darcy"].spec == "kokoro:jm_kumo"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, """
narator: {voice: "piper:en_US-joe-medium"}
characters:
  Sakura:
    gender: femle
    aliases: [Haruno]
    voice: "kokoro:jf_alfa"
  Ino:
    gender: female
    aliases: [Haruno]
    voice: "kokro:jf_nezumi"
  Sasuke: {gender: male, voice: "espeak:en-us", speed: fast}
pronunciations: [Sasuke]
""")
    with pytest.raises(CastError) as info:
        load_cast(path)
    message = str(info.value)
    assert str(path) in message
    problems = info.value.problems
    assert any("unknown key 'narator'" in p and "did you mean 'narrator'" in p for p in problems)
    assert any("characters.Sakura.gender" in p and "'femle'" in p and "female, male, unknown" in p for p in problems)
    assert any("characters.Sakura.voice" in p and "did you mean 'jf_alpha'" in p for p in problems)
    assert any("characters.Ino.aliases" in p and "'Haruno' is already a name of 'Sakura'" in p for p in problems)
    assert any("characters.Ino.voice" in p and "unknown engine 'kokro'" in p and "did you mean 'kokoro'" in p
               for p in problems)
    assert any("characters.Sasuke.speed" in p and "must be a number" in p for p in problems)
    assert any(p.startswith("pronunciations") for p in problems)
    assert len(problems) == 7


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "narrator:\n  voice: [unclosed\ncharacters: {}\n")
    with pytest.raises(CastError, match=r"cast.yaml:\d+:\d+"):
        load_cast(path)


def test_missing_cast_file(tmp_path: Path) -> None:
    with pytest.raises(CastError, match="no such cast file"):
        load_cast(tmp_path / "none.yaml")


def test_voice_spec_without_engine(tmp_path: Path) -> None:
    with pytest.raises(CastError, match="not of the form 'engine:voice'"):
        load_cast(write(tmp_path, "narrator: {voice: joe}\n"))


def test_narrator_character_must_be_a_character(tmp_path: Path) -> None:
    with pytest.raises(CastError, match=r"narrator_character.*'Pip' is not a character"):
        load_cast(write(tmp_path, "narrator_character: Pip\ncharacters: {Joe: {gender: male}}\n"))


def test_pool_assignment_is_distinct_and_deterministic() -> None:
    cast = default_cast()
    speakers = [("A", "female", 5), ("B", "female", 9), ("C", "male", 2), ("D", "female", 1)]
    first = assign_voices(cast, speakers)
    again = assign_voices(cast, list(reversed(speakers)))
    assert first == again
    specs = [v.spec for v in first.values()]
    assert len(set(specs)) == len(specs)
    assert cast.narrator.spec not in specs
    assert first["B"].spec == "kokoro:jf_alpha"  # most lines gets the first pool voice


def test_hand_cast_voices_are_not_reused_by_the_pool(tmp_path: Path) -> None:
    cast = load_cast(write(tmp_path, 'characters:\n  A: {gender: female, voice: "kokoro:jf_alpha"}\n'))
    voices = assign_voices(cast, [("A", "female", 1), ("B", "female", 50)])
    assert voices["A"].spec == "kokoro:jf_alpha"
    assert voices["B"].spec != "kokoro:jf_alpha"


def test_settings_are_checked_against_the_voice_s_own_engine(tmp_path: Path) -> None:
    """Each engine declares its settings: a Kokoro voice takes no 'pitch', eSpeak's pitch has a range,
    and a setting without a voice is an unknown key; all reported at once."""
    path = write(tmp_path, """
narrator: {voice: "piper:en_US-joe-medium", noise_w: 0.5}
characters:
  Sakura: {gender: female, voice: "kokoro:jf_alpha", pitch: 60}
  Sasuke: {gender: male, voice: "espeak:en-us", pitch: 140}
  Kakashi: {gender: male, speed: 1.1}
""")
    with pytest.raises(CastError) as info:
        load_cast(path)
    problems = info.value.problems
    assert any(p.startswith("characters.Sakura:") and "unknown key 'pitch'" in p
               and "valid keys: gender, aliases, voice, speed, lang" in p for p in problems), problems
    assert any(p.startswith("characters.Sasuke.pitch:") and "140 is outside 0..100" in p for p in problems)
    assert any(p.startswith("characters.Kakashi:") and "unknown key 'speed'" in p for p in problems)
    assert len(problems) == 3


def test_a_pool_run_dry_never_gives_a_character_a_voice_of_the_other_gender() -> None:
    # eleven women and five men: once the female pool is used up, a woman gets a voice nobody has
    # that is not a man's ('espeak:en-gb-x-rp', '+f2'), then the female pool again; never '+m7'
    from pipeline.cast import voice_gender

    cast = default_cast()
    speakers = [(f"W{i}", "female", 100 - i) for i in range(11)] + [(f"M{i}", "male", 50 - i) for i in range(6)]
    voices = assign_voices(cast, speakers)
    for name, gender, _ in speakers:
        assert voice_gender(voices[name].spec) in (gender, "unknown"), (name, voices[name].spec)
    women = [voices[f"W{i}"].spec for i in range(8)]
    assert len(set(women)) == 8  # distinct while voices that fit last
    assert voice_gender("kokoro:jm_kumo") == "male" and voice_gender("espeak:en-us+f3") == "female"
    assert voice_gender("piper:en_US-joe-medium") == "unknown"


def test_a_shared_pool_voice_goes_to_people_who_do_not_talk_together(tmp_path: Path) -> None:
    """Two female pool voices, three women: the third must share. Without conversations she shares
    with the one of fewer lines (a lead keeps her voice); when she answers that one all the time,
    she shares the lead's voice instead."""
    pools = '{female: ["kokoro:jf_alpha", "kokoro:jf_nezumi"], male: ["kokoro:jm_kumo"], unknown: ["kokoro:jm_kumo"]}'
    cast = load_cast(write(tmp_path, f"voice_pool: {pools}\n"))
    speakers = [("Ann", "female", 50), ("Bea", "female", 40), ("Cat", "female", 30)]
    alone = assign_voices(cast, speakers)
    assert alone["Ann"].spec == "kokoro:jf_alpha" and alone["Bea"].spec == "kokoro:jf_nezumi"
    assert alone["Cat"] == alone["Bea"]
    talking = assign_voices(cast, speakers, {frozenset(("Bea", "Cat")): 12, frozenset(("Ann", "Cat")): 1})
    assert talking["Cat"] == talking["Ann"] != talking["Bea"]


def test_conversation_pairs_weigh_turns_and_shared_chapters() -> None:
    from pipeline.cast import TURN_WEIGHT, conversation_pairs
    from pipeline.model import Segment

    def line(i: int, chapter: int, speaker: str | None, kind: str = "dialogue") -> Segment:
        return Segment(f"{chapter}-{i}", chapter, kind, speaker, "x", i, i + 1)  # type: ignore[arg-type]

    segs = [line(0, 1, "A"), line(1, 1, None, "narration"), line(2, 1, "B"), line(3, 1, "A"),
            line(4, 1, "A"), line(5, 2, "C"), line(6, 2, "A")]
    pairs = conversation_pairs(segs)
    assert pairs[frozenset(("A", "B"))] == 2 * TURN_WEIGHT + 1  # A-B, B-A (narration between), one chapter
    assert pairs[frozenset(("A", "C"))] == TURN_WEIGHT + 1  # C-A in chapter 2 (not B-C across chapters)
    assert frozenset(("B", "C")) not in pairs


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[1] / "bench" / "data" / "casts").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_the_unseen_novel_casts_are_valid_cast_files(path: Path) -> None:
    # the casts the README's whole-novel readings used are cast files a user can pass to 'audiobook'
    cast = load_cast(path)
    assert len(cast.characters) >= 5
    if path.stem == "greatexpectations":
        assert cast.narrator_character == "Pip"
