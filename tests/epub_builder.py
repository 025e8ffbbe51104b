"""Build small EPUB 3 files byte by byte, so a test controls every attribute (``<body id>``, epub:type,
classes) and can break the package on purpose (missing files, a cut-short OPF, a spine id not in the
manifest). ebooklib's writer rebuilds each page and drops ``<body>``'s attributes, so it cannot."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)


def page(body: str, title: str = "", body_attrs: str = "", lang: str = "en") -> str:
    """An XHTML document with this body markup."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}">'
        f"<head><title>{title}</title></head><body{' ' + body_attrs if body_attrs else ''}>{body}</body></html>"
    )


@dataclass
class RawEpub:
    """Documents (name -> XHTML) in spine order, TOC links (href, title), metadata, and ways to break it."""

    docs: list[tuple[str, str]]
    toc: list[tuple[str, str]]
    title: str = "Raw Book"
    language: str = "en"
    extra_manifest: list[tuple[str, str, str]] = field(default_factory=list)  # (id, href, media type), not written
    extra_spine: Sequence[str] = ()  # idrefs added to the spine (may name nothing)
    cut_opf_at: int | None = None  # keep only this many characters of the OPF

    def opf(self) -> str:
        items = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>']
        items += [f'<item id="d{i}" href="{name}" media-type="application/xhtml+xml"/>'
                  for i, (name, _) in enumerate(self.docs)]
        items += [f'<item id="{i}" href="{h}" media-type="{m}"/>' for i, h, m in self.extra_manifest]
        spine = [f'<itemref idref="d{i}"/>' for i in range(len(self.docs))]
        spine += [f'<itemref idref="{idref}"/>' for idref in self.extra_spine]
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
            'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:identifier id="id">raw-1</dc:identifier><dc:title>{self.title}</dc:title>'
            f"<dc:language>{self.language}</dc:language><dc:creator>Ann Raw</dc:creator></metadata>"
            f"<manifest>{''.join(items)}</manifest><spine>{''.join(spine)}</spine></package>"
        )

    def nav(self) -> str:
        links = "".join(f'<li><a href="{href}">{title}</a></li>' for href, title in self.toc)
        return page(f'<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>{links}</ol></nav>', "Contents")

    def write(self, path: Path) -> Path:
        opf = self.opf()
        if self.cut_opf_at is not None:
            opf = opf[: self.cut_opf_at]
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
            archive.writestr("META-INF/container.xml", CONTAINER)
            archive.writestr("OEBPS/content.opf", opf)
            archive.writestr("OEBPS/nav.xhtml", self.nav())
            for name, markup in self.docs:
                archive.writestr(f"OEBPS/{name}", markup)
        return path


FRENCH = (
    "Il était une fois une petite fille qui vivait dans un village au bord de la forêt. Sa mère "
    "l'aimait beaucoup et sa grand-mère plus encore. Un jour, sa mère lui dit : va voir ta grand-mère, "
    "on m'a dit qu'elle était malade, et porte-lui une galette et ce petit pot de beurre."
)


def one_file_book(tmp_path: Path) -> Path:
    """One XHTML file: a title page and a copyright section (by class), then two chapters the TOC finds by
    id, the second opening at a <body id> in its own file."""
    body = (
        '<section epub:type="titlepage"><h1>The Raw Book</h1><p>by Ann Raw</p></section>'
        '<section class="copyright"><p>All rights reserved, 2024.</p></section>'
        '<section id="c1"><h2>One</h2><p>They came at dawn.</p><p>It was cold.</p></section>'
        '<section id="c2"><h2>Two</h2><p>Rain fell all day.</p></section>'
    )
    docs = [("all.xhtml", page(body, "The Raw Book")),
            ("three.xhtml", page("<h2>Three</h2><p>The sun came out.</p>", "Three", 'id="c3"'))]
    toc = [("all.xhtml#c1", "One"), ("all.xhtml#c2", "Two"), ("three.xhtml#c3", "Three")]
    return RawEpub(docs, toc).write(tmp_path / "one-file.epub")


def notes_book(tmp_path: Path) -> Path:
    one = page('<h1>One</h1><p>The procession<a epub:type="noteref" href="#fn1">*</a> passed.</p>'
               '<aside epub:type="footnote" id="fn1"><p>A footnote about the procession.</p></aside>'
               "<p>Then silence.</p>", "One")
    two = page('<h1>Two</h1><p>He read the letter<sup><a href="notes.xhtml#en1">1</a></sup> twice.</p>', "Two")
    notes = page('<section epub:type="endnotes"><h2>Notes</h2><ol>'
                 '<li id="en1" epub:type="endnote"><p>An endnote about the letter. '
                 '<a epub:type="backlink" href="two.xhtml">\u21a9</a></p></li></ol></section>', "Notes")
    docs = [("one.xhtml", one), ("two.xhtml", two), ("notes.xhtml", notes)]
    return RawEpub(docs, [("one.xhtml", "One"), ("two.xhtml", "Two")]).write(tmp_path / "notes.epub")


def sample_books(folder: Path) -> list[Path]:
    """Every structure the tests build, written to ``folder`` (for bench/bench_books.py)."""
    from tests.test_epub import make_epub

    folder.mkdir(parents=True, exist_ok=True)
    broken = RawEpub([("a.xhtml", page("<h1>A</h1><p>Alpha.</p>")), ("b.xhtml", page("<h1>B</h1><p>Beta.</p>"))],
                     [("a.xhtml", "A"), ("b.xhtml", "B")], extra_manifest=[("vid", "media/film.mp4", "video/mp4")],
                     extra_spine=["chap9"])
    skipped = RawEpub([("a.xhtml", page("<h1>One</h1><p>A &bogus; word.</p><p>The sum <math><mi>x</mi></math>."
                                        '</p><svg><text>Drawn words</text></svg>'))], [("a.xhtml", "One")])
    french = RawEpub([("a.xhtml", page(f"<h1>Un</h1><p>{FRENCH}</p>", lang="fr"))], [("a.xhtml", "Un")],
                     language="fr")
    ruby_page = page("<h1>一</h1><p><ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>を読む。</p>", lang="ja")
    ruby = RawEpub([("a.xhtml", ruby_page)], [("a.xhtml", "一")], language="ja")
    return [make_epub(folder / "small.epub"), one_file_book(folder), notes_book(folder),
            broken.write(folder / "broken.epub"), skipped.write(folder / "skipped.epub"),
            french.write(folder / "french.epub"), ruby.write(folder / "ruby.epub")]
