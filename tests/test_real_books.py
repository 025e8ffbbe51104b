"""Books as they come (issue #14): EPUB structures, notes, broken packages, skipped markup, languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cast import default_cast, load_cast
from pipeline.errors import InputError
from pipeline.ingest import load_book
from pipeline.model import ReadOptions
from pipeline.parse import parse_book
from pipeline.produce import prepare, render_production
from pipeline.speech.language import detect_language, espeak_language, voice_language
from tests.conftest import run_cli
from tests.epub_builder import FRENCH, RawEpub, notes_book, one_file_book, page
from tests.fakes import FakeEngine


def test_front_matter_is_judged_per_section_and_chapters_split_at_toc_targets(tmp_path: Path) -> None:
    book = load_book(one_file_book(tmp_path))
    assert [c.title for c in book.chapters] == ["One", "Two", "Three"]
    assert [[p.text for p in c.paragraphs] for c in book.chapters] == [
        ["They came at dawn.", "It was cold."], ["Rain fell all day."], ["The sun came out."]]
    front = [book.text[a:b] for a, b in book.unspoken]
    assert any("The Raw Book" in t and "by Ann Raw" in t for t in front)
    assert any("All rights reserved" in t for t in front)
    script = parse_book(book)
    unspoken = {s.text for s in script.segments if not s.spoken}
    assert not any("rights" in s.text for s in script.segments if s.spoken)
    assert any("All rights reserved" in t for t in unspoken)


def test_copyright_page_by_title_and_heading_is_not_read(tmp_path: Path) -> None:
    docs = [("p1.xhtml", page("<p>Published by Nobody, 2024.</p>", "Copyright")),
            ("p2.xhtml", page("<h1>Chapter 1</h1><p>Story text.</p><h2>Copyright</h2><p>Rights reserved.</p>",
                              "Chapter 1"))]
    book = load_book(RawEpub(docs, [("p2.xhtml", "Chapter 1")]).write(tmp_path / "c.epub"))
    spoken = [s.text for s in parse_book(book).segments if s.spoken]
    assert spoken == ["Chapter 1", "Story text."]
    assert {book.text[a:b] for a, b in book.unspoken} >= {"Published by Nobody, 2024.", "Copyright",
                                                          "Rights reserved."}


def test_notes_are_unspoken_lines_of_their_chapter_and_markers_are_never_read(tmp_path: Path) -> None:
    book = load_book(notes_book(tmp_path))
    assert [c.title for c in book.chapters] == ["One", "Two"]
    assert [[p.text for p in c.paragraphs] for c in book.chapters] == [
        ["The procession passed.", "Then silence."], ["He read the letter twice."]]
    segments = parse_book(book).segments
    notes = [(s.chapter, s.text, s.spoken) for s in segments if s.reason == "note"]
    assert notes == [(1, "A footnote about the procession.", False), (2, "An endnote about the letter.", False)]
    # each note is the last line of its chapter; ids still sort in reading order
    for chapter in (1, 2):
        assert [s for s in segments if s.chapter == chapter][-1].reason == "note"
    assert [s.id for s in segments] == sorted(s.id for s in segments)
    assert "\u21a9" not in book.text and "*" not in book.text


def test_read_notes_reads_them_at_the_end_of_their_chapter(tmp_path: Path, fake_engine: FakeEngine) -> None:
    story = notes_book(tmp_path)
    cast = tmp_path / "cast.yaml"
    cast.write_text('narrator: {voice: "fake:mid"}\n')
    out = tmp_path / "out"
    render_production(prepare(story, cast, out), out)
    assert not any("footnote" in text or "endnote" in text for text, _ in fake_engine.calls)
    fake_engine.calls.clear()
    report = render_production(prepare(story, cast, out, options=ReadOptions(read_notes=True)), out)
    # the same output folder: only the notes are new, read after their chapter's last paragraph
    assert [text for text, _ in fake_engine.calls] == ["A footnote about the procession.",
                                                       "An endnote about the letter."]
    assert report.synth.synthesized == 2 and report.chapters_rebuilt == 2
    manifest = json.loads((out / "manifest.json").read_text())
    chapter_one = [s["text"] for s in manifest["segments"] if s["chapter"] == 1 and s.get("key")]
    assert chapter_one[-2:] == ["Then silence.", "A footnote about the procession."]


def test_broken_packages_are_read_as_far_as_they_go_with_warnings_naming_the_file(tmp_path: Path) -> None:
    docs = [("a.xhtml", page("<h1>A</h1><p>Alpha.</p>")), ("b.xhtml", page("<h1>B</h1><p>Beta.</p>"))]
    raw = RawEpub(docs, [("a.xhtml", "A"), ("b.xhtml", "B")],
                  extra_manifest=[("vid", "media/film.mp4", "video/mp4"), ("gone", "c.xhtml", "application/xhtml+xml")],
                  extra_spine=["chap9", "gone"])
    book = load_book(raw.write(tmp_path / "broken.epub"))
    assert [c.title for c in book.chapters] == ["A", "B"]
    warnings = "\n".join(book.warnings)
    assert "broken.epub: OEBPS/content.opf: the spine lists idref 'chap9', which is not in the manifest" in warnings
    assert "OEBPS/c.xhtml (in the reading order) is listed in OEBPS/content.opf but missing" in warnings
    assert "OEBPS/media/film.mp4 (video/mp4)" in warnings and "no text is lost" in warnings


def test_a_cut_short_or_missing_package_document_is_named(tmp_path: Path) -> None:
    docs = [("a.xhtml", page("<h1>A</h1><p>Alpha.</p>"))]
    raw = RawEpub(docs, [("a.xhtml", "A")])
    cut = RawEpub(docs, [("a.xhtml", "A")], cut_opf_at=len(raw.opf()) // 2)
    with pytest.raises(InputError, match=r"cut\.epub: OEBPS/content\.opf: the package document is not well-formed "
                                         r"XML \(.*\); the file may be cut short"):
        load_book(cut.write(tmp_path / "cut.epub"))
    path = raw.write(tmp_path / "no-opf.epub")
    import zipfile

    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp_path / "no-opf2.epub", "w") as dst:
        for info in src.infolist():
            if info.filename != "OEBPS/content.opf":
                dst.writestr(info, src.read(info))
    with pytest.raises(InputError, match=r"no-opf2\.epub: the package document 'OEBPS/content\.opf' named in "
                                         r"META-INF/container\.xml is not in the archive"):
        load_book(tmp_path / "no-opf2.epub")


def test_undefined_entities_mathml_and_svg_text_are_skipped_and_counted(tmp_path: Path) -> None:
    body = ("<h1>One</h1><p>A &bogus; word &amp; &eacute;t&#233; &#x263A;.</p>"
            '<p>The sum <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math> is known.</p>'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>Drawn words</text></svg><p>End.</p>')
    book = load_book(RawEpub([("a.xhtml", page(body))], [("a.xhtml", "One")]).write(tmp_path / "s.epub"))
    assert [p.text for p in book.chapters[0].paragraphs] == ["A word & été \u263a.", "The sum is known.", "End."]
    assert dict(book.skipped) == {"undefined entity &bogus;": 1, "MathML formula": 1, "SVG text": 1}
    result = run_cli("parse", str(tmp_path / "s.epub"), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["segments"]
    assert "skipped: 1 MathML formula, 1 SVG text, 1 undefined entity &bogus;" in result.stderr


def test_a_book_whose_text_is_all_svg_says_why_it_has_nothing_to_read(tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="20">Il était une fois</text></svg>'
    path = RawEpub([("a.xhtml", page(svg))], [("a.xhtml", "Un")], language="fr").write(tmp_path / "svg.epub")
    with pytest.raises(InputError, match=r"svg\.epub: the EPUB's text is inside SVG images \(1 SVG text element"
                                         r"\(s\), e\.g\. 'Il était une fois'\); text drawn in SVG is not read"):
        load_book(path)


def test_ruby_reads_the_base_text_or_the_reading_never_both(tmp_path: Path) -> None:
    body = "<h1>一</h1><p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rt>じ</rt></ruby>を読む。</p>"
    path = RawEpub([("a.xhtml", page(body, lang="ja"))], [("a.xhtml", "一")], language="ja").write(
        tmp_path / "ruby.epub")
    assert load_book(path).chapters[0].paragraphs[0].text == "漢字を読む。"
    assert load_book(path, ReadOptions(ruby="reading")).chapters[0].paragraphs[0].text == "かんじを読む。"


def test_book_language_picks_the_default_narrator(tmp_path: Path) -> None:
    docs = [("a.xhtml", page(f"<h1>Un</h1><p>{FRENCH}</p>", lang="fr"))]
    book = load_book(RawEpub(docs, [("a.xhtml", "Un")], language="fr").write(tmp_path / "fr.epub"))
    assert book.language == "fr"
    named = load_book(RawEpub(docs, [("a.xhtml", "Un")], language="French").write(tmp_path / "fr2.epub"))
    assert named.language == "fr" and "dc:language 'French' is not a language tag" in named.warnings[0]
    assert default_cast("fr").narrator.spec == "espeak:fr-fr"
    assert {v.spec for v in default_cast("fr").pool("female")} == {"espeak:fr-fr+f3", "espeak:fr-fr+f4",
                                                                   "espeak:fr-fr+f2"}
    assert default_cast("he").narrator.spec == "espeak:he"
    japanese = default_cast("ja")
    assert japanese.narrator.spec == "kokoro:jf_alpha" and japanese.narrator.setting("lang") == "ja"
    assert voice_language(japanese.narrator) == "ja"
    assert default_cast("en-GB") == default_cast(None) == default_cast("xx")  # English defaults
    assert espeak_language("pt-BR") == "pt-br" and espeak_language("zh") == "cmn"


def test_plain_text_language_is_detected_or_given(tmp_path: Path) -> None:
    story = tmp_path / "conte.txt"
    story.write_text(FRENCH + "\n", encoding="utf-8")
    assert load_book(story).language == "fr"
    assert load_book(story, ReadOptions(language="de")).language == "de"
    assert detect_language("Too short to tell.") is None
    assert detect_language(" ".join([FRENCH.replace("Il était", "It was")] * 0) + "The cat sat. " * 30) == "en"


def test_a_cast_that_does_not_speak_the_book_language_is_warned_once(tmp_path: Path) -> None:
    story = tmp_path / "conte.txt"
    story.write_text(f"{FRENCH}\n\n\u00ab Bonjour \u00bb, dit Marie.\n", encoding="utf-8")
    cast = tmp_path / "cast.yaml"
    cast.write_text('narrator: {voice: "piper:en_US-joe-medium"}\n'
                    'characters: {Marie: {gender: female, voice: "espeak:en-us+f3"}}\n')
    prod = prepare(story, cast)
    assert load_cast(cast).narrator.spec == "piper:en_US-joe-medium"
    assert len(prod.warnings) == 1
    assert prod.warnings[0].startswith("the book is in fr but 2 voice(s) speak another language: "
                                       "espeak:en-us+f3 (en), piper:en_US-joe-medium (en)")
    assert "espeak:fr-fr" in prod.warnings[0]
    assert prepare(story, None).warnings == ()  # the default cast speaks French


@pytest.mark.slow
def test_a_french_epub_renders_with_a_french_voice_without_a_cast(tmp_path: Path) -> None:
    docs = [("a.xhtml", page("<h1>Un</h1><p>Bonjour, dit-elle.</p>", lang="fr"))]
    path = RawEpub(docs, [("a.xhtml", "Un")], language="fr").write(tmp_path / "fr.epub")
    result = run_cli("render", str(path), "-o", str(tmp_path / "out"), timeout=300)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert {s["voice"].split(" ")[0] for s in manifest["segments"] if s.get("voice")} == {"espeak:fr-fr"}
    assert (tmp_path / "out" / "01-un.mp3").stat().st_size > 1000


def test_cli_lang_option_overrides_and_rejects_bad_tags(tmp_path: Path) -> None:
    story = tmp_path / "s.txt"
    story.write_text("The cat sat on the mat. " * 20 + "\n", encoding="utf-8")
    result = run_cli("render", str(story), "--lang", "ja", "--dry-run", "-o", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert "kokoro:jf_alpha (lang=ja)" in result.stdout
    bad = run_cli("parse", str(story), "--lang", "not a tag!")
    assert bad.returncode == 2 and "--lang" in bad.stderr


def test_markers_entities_and_copyright_titles_are_told_apart_from_prose() -> None:
    from pipeline.ingest.epub import read_document

    doc = read_document('<body><h1>Copyright Infringement</h1><p>M<sup>r</sup> Smith met AT&amp;T and AT&T '
                        'on the 1<sup>st</sup>; see<sup>12</sup> and<a href="#n2"><sup>2</sup></a> this.</p>'
                        "<h2>Copyright \u00a9 2024</h2><p>Rights.</p></body>")
    assert [(b.kind, b.text, b.front) for b in doc.blocks] == [
        ("heading", "Copyright Infringement", False),
        ("paragraph", "Mr Smith met AT&T and AT&T on the 1st; see and this.", False),
        ("heading", "Copyright \u00a9 2024", True), ("paragraph", "Rights.", True)]
    assert doc.blocks[1].refs == ("#n2",)
    assert doc.skipped.counts == {}


@pytest.mark.slow
def test_a_japanese_epub_renders_with_kokoro_speaking_japanese(tmp_path: Path) -> None:
    body = "<h1>一</h1><p><ruby>猫<rt>ねこ</rt></ruby>です。</p>"
    path = RawEpub([("a.xhtml", page(body, lang="ja"))], [("a.xhtml", "一")], language="ja").write(
        tmp_path / "ja.epub")
    prod = prepare(path, None)
    assert prod.cast.narrator.spec == "kokoro:jf_alpha" and prod.warnings == ()
    report = render_production(prod, tmp_path / "out")
    assert report.failed == () and report.synth.synthesized == 2  # the heading and the line, ruby read once
    assert report.chapters[0].duration > 1.0
