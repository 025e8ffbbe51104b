"""EPUB input: chapters from the spine, titles from the TOC, front matter unspoken, unsafe archives refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from ebooklib import epub

from pipeline.errors import InputError
from pipeline.ingest import load_book
from pipeline.ingest.epub import EpubLimits, html_blocks, load_epub
from pipeline.parse import parse_book

# a 1x1 transparent PNG
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63600000"
    "02000154a24f5d0000000049454e44ae426082"
)


def _page(book: epub.EpubBook, name: str, body: str) -> epub.EpubHtml:
    page = epub.EpubHtml(title=name, file_name=name, lang="en")
    page.content = f"<html><head><title>{name}</title></head><body>{body}</body></html>"
    book.add_item(page)
    return page


def make_epub(path: Path) -> Path:
    """A small EPUB 3: cover, nav, copyright and dedication pages, three chapters (one split over two
    files, one holding two TOC entries by fragment), an image."""
    book = epub.EpubBook()
    book.set_identifier("test-book-1")
    book.set_title("A Small Test")
    book.set_language("en")
    book.add_author("Ann Example")
    book.set_cover("cover.png", PNG)
    copyright_page = _page(book, "copyright.xhtml", "<p>Copyright 2024 Nobody. All rights reserved.</p>")
    dedication = _page(book, "page_3.xhtml", '<section epub:type="dedication"><p>For my cat.</p></section>')
    one = _page(book, "chap_01.xhtml", "<h1>Chapter One</h1><p>They came at dawn.</p>"
                "<p>It was cold<br/>and   grey.</p><p><img src=\"pic.png\" alt=\"a picture\"/></p>")
    two = _page(book, "chap_02.xhtml", '<p>\u201cRain,\u201d said Tom.</p><div>Nobody slept.</div>')
    two_more = _page(book, "chap_02b.xhtml", "<p>Still raining.</p>")
    three = _page(book, "chap_03.xhtml", '<h2 id="a">Part A</h2><p>First half.</p>'
                  '<h2 id="b">Part B</h2><p>Second half.</p>')
    book.add_item(epub.EpubItem(uid="pic", file_name="pic.png", media_type="image/png", content=PNG))
    book.toc = [epub.Link("chap_01.xhtml", "The Arrival", "c1"), epub.Link("chap_02.xhtml", "The Storm", "c2"),
                epub.Link("chap_03.xhtml#a", "Alpha", "c3a"), epub.Link("chap_03.xhtml#b", "Beta", "c3b")]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["cover", "nav", copyright_page, dedication, one, two, two_more, three]
    epub.write_epub(str(path), book)
    return path


@pytest.fixture
def small_epub(tmp_path: Path) -> Path:
    return make_epub(tmp_path / "small.epub")


def test_chapters_titles_and_paragraphs_come_from_spine_and_toc(small_epub: Path) -> None:
    book = load_book(small_epub)
    assert book.title == "A Small Test" and book.author == "Ann Example"
    assert [c.title for c in book.chapters] == ["The Arrival", "The Storm", "Alpha", "Beta"]
    headings = [book.text[c.heading[0]:c.heading[1]] for c in book.chapters if c.heading]
    # the document's own heading is read; a chapter without one gets its TOC title as heading line
    assert headings == ["Chapter One", "The Storm", "Part A", "Part B"]
    paragraphs = [[p.text for p in c.paragraphs] for c in book.chapters]
    assert paragraphs == [
        ["They came at dawn.", "It was cold\nand grey."],
        ["\u201cRain,\u201d said Tom.", "Nobody slept.", "Still raining."],  # chap_02b continues chapter 2
        ["First half."],
        ["Second half."],
    ]
    assert [p.index for c in book.chapters for p in c.paragraphs] == list(range(7))
    for chapter in book.chapters:
        for para in chapter.paragraphs:
            assert book.text[para.start:para.end] == para.text


def test_front_matter_is_unspoken_and_in_no_chapter(small_epub: Path) -> None:
    book = load_book(small_epub)
    front = [book.text[s:e] for s, e in book.unspoken]
    assert "Copyright 2024 Nobody. All rights reserved." in front
    assert "For my cat." in front
    assert any(text.startswith("A Small Test") and "The Storm" in text for text in front)  # the nav's TOC
    inside = [(c.start, c.end) for c in book.chapters]
    for s, e in book.unspoken:
        assert not any(a < e and s < b for a, b in inside)
    assert "picture" not in book.text  # images (and their alt text) are not read


def test_epub_book_parses_into_segments_on_its_own_text(small_epub: Path) -> None:
    book = load_book(small_epub)
    script = parse_book(book)
    tom = [s for s in script.segments if s.kind == "dialogue"]
    assert [(s.text, s.speaker) for s in tom] == [("Rain,", "Tom")]
    for seg in script.segments:
        assert book.text[seg.start:seg.end] == seg.text


def test_html_blocks_paragraphs_breaks_and_skipped_markup() -> None:
    blocks, types = html_blocks(
        '<body epub:type="bodymatter"><h1>Title</h1><p>One<br/>two</p><p>A<br/><br/>B</p>'
        '<div>Outer <p>inner</p> tail</div><script>x()</script>'
        '<p>Note<a epub:type="noteref" href="#n1">1</a>.</p></body>'
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Title"), ("paragraph", "One\ntwo"), ("paragraph", "A"), ("paragraph", "B"),
        ("paragraph", "Outer"), ("paragraph", "inner"), ("paragraph", "tail"), ("paragraph", "Note."),
    ]
    assert "bodymatter" in types


def _add_member(path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)


def test_zip_bomb_member_is_refused(small_epub: Path) -> None:
    _add_member(small_epub, "EPUB/padding.bin", b"\0" * (20 * 1024 * 1024))  # ~1000-fold compression
    with pytest.raises(InputError, match=r"small\.epub: refused: .*padding\.bin.*zip bomb"):
        load_book(small_epub)


def test_total_uncompressed_size_is_limited(small_epub: Path) -> None:
    with pytest.raises(InputError, match=r"small\.epub: refused: the EPUB unpacks to .* zip bomb"):
        load_epub(small_epub, EpubLimits(max_total_bytes=1000))


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"this is not a zip file at all", "not a readable EPUB"), (b"", "not a readable EPUB")],
)
def test_non_epub_bytes_get_clear_errors(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.epub"
    path.write_bytes(data)
    with pytest.raises(InputError, match=rf"bad\.epub: {message}"):
        load_book(path)


def test_truncated_epub_is_refused(small_epub: Path) -> None:
    small_epub.write_bytes(small_epub.read_bytes()[: small_epub.stat().st_size // 2])
    with pytest.raises(InputError, match=r"small\.epub: not a readable EPUB"):
        load_book(small_epub)


def test_zip_without_epub_package_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.epub"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"plain\.epub: not an EPUB: .*container\.xml"):
        load_book(path)


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_broken_package_document_is_refused(small_epub: Path) -> None:
    _add_member(small_epub, "META-INF/container.xml",  # a second entry of the same name wins when read
                b'<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                b'version="1.0"><rootfiles><rootfile full-path="EPUB/missing.opf" '
                b'media-type="application/oebps-package+xml"/></rootfiles></container>')
    with pytest.raises(InputError, match=r"small\.epub: the package document 'EPUB/missing\.opf' named in "
                       r"META-INF/container\.xml is not in the archive \(did you mean 'EPUB/content\.opf'\?\)"):
        load_book(small_epub)


ENCRYPTION = (
    '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
    'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
    '<enc:EncryptionMethod Algorithm="{}"/><enc:CipherData><enc:CipherReference URI="EPUB/chap_01.xhtml"/>'
    "</enc:CipherData></enc:EncryptedData></encryption>"
)


def test_drm_encrypted_epub_is_refused(small_epub: Path) -> None:
    _add_member(small_epub, "META-INF/encryption.xml",
                ENCRYPTION.format("http://www.w3.org/2001/04/xmlenc#aes128-cbc").encode())
    with pytest.raises(InputError, match=r"small\.epub: this EPUB is DRM-protected"):
        load_book(small_epub)


def test_font_obfuscation_is_not_drm(small_epub: Path) -> None:
    _add_member(small_epub, "META-INF/encryption.xml",
                ENCRYPTION.format("http://www.idpf.org/2008/embedding").encode())
    assert len(load_book(small_epub).chapters) == 4


def test_epub_without_toc_takes_titles_from_headings(tmp_path: Path) -> None:
    book = epub.EpubBook()
    book.set_identifier("t2")
    book.set_title("No Contents")
    one = _page(book, "a.xhtml", "<h1>The First</h1><p>Alpha.</p>")
    two = _page(book, "b.xhtml", "<p>Beta.</p>")
    three = _page(book, "c.xhtml", "<h1>The Second</h1><p>Gamma.</p>")
    book.add_item(epub.EpubNcx())
    book.spine = [one, two, three]
    epub.write_epub(str(tmp_path / "n.epub"), book)
    loaded = load_book(tmp_path / "n.epub")
    assert [(c.title, [p.text for p in c.paragraphs]) for c in loaded.chapters] == [
        ("The First", ["Alpha.", "Beta."]), ("The Second", ["Gamma."])]
    assert loaded.author is None and loaded.unspoken == ()
