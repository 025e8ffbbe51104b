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
