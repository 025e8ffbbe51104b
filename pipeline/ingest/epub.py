"""Read an EPUB into a ``Book``: chapters from the spine, titles from the table of contents.

For an EPUB, ``Book.text`` is the plain text this module extracts, not the archive's bytes: each
front-matter document as one unspoken block, then each chapter as a heading line followed by its
paragraphs, every block separated by a blank line. All offsets (chapters, paragraphs, the ``parse``
contract's segment ``start``/``end``) index that text.

The archive is read in memory and never extracted: its declared sizes are checked first (total size
and compression ratio, so a zip bomb is refused before anything is inflated; Python's zipfile never
inflates past a member's declared size), and DRM-encrypted books are refused with a message.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote
from xml.etree import ElementTree

from ..errors import InputError
from ..model import Book, Chapter, Paragraph
from ..speech.spoken_numbers import words
from .files import read_story_bytes, slugify


@dataclass(frozen=True)
class EpubLimits:
    """What an EPUB may hold before it is refused as unsafe to open."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_total_bytes: int = 200 * 1024 * 1024  # all members, uncompressed
    max_members: int = 10_000
    max_ratio: float = 100.0  # uncompressed / compressed, for members over ratio_floor_bytes
    ratio_floor_bytes: int = 1024 * 1024


DEFAULT_LIMITS = EpubLimits()
_FONT_OBFUSCATION = frozenset({"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"})
_DRM_FILES = ("META-INF/rights.xml", "META-INF/sinf.xml")
_FRONT_TYPES = frozenset({
    "cover", "titlepage", "title-page", "halftitlepage", "copyright-page", "copyright", "toc", "dedication",
    "imprint", "colophon", "landmarks", "loi", "lot", "index", "other.ms-coverimage-standard",
    "other.ms-titlepage", "other.ms-copyright-page",
})
_FRONT_NAME_RE = re.compile(
    r"(?:^|[\W_])(?:cover|titlepage|title[-_]page|halftitle|toc|contents|copyright|dedication|imprint|colophon|"
    r"nav|frontmatter|front[-_]matter)(?:$|[\W_\d])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Block:
    """A run of text from a document: a heading or a paragraph, with the element ids that open in it."""

    kind: Literal["heading", "paragraph"]
    text: str
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class TocEntry:
    """One table-of-contents link: the document (relative to the package), an optional fragment, a title."""

    href: str
    fragment: str
    title: str


# --- HTML to blocks -----------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(words(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote pre section article header footer aside figure figcaption "
    "table tr td th dt dd dl hr body nav main address center"
))
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "svg", "math", "object", "template"})
_SKIP_TYPES = frozenset({"noteref", "pagebreak", "footnote", "endnote", "rearnote", "note"})
_VOID_TAGS = frozenset({"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "image"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPACES_RE = re.compile(r"[^\S\n]+")


class _BlockParser(HTMLParser):
    """Collects the blocks of one XHTML document and the epub:type values on its body and sections."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.types: set[str] = set()
        self._buffer: list[str] = []
        self._anchors: list[str] = []
        self._skip_depth = 0
        self._stack: list[tuple[str, bool]] = []  # (tag, starts a skipped region)
        self._heading_depth = 0
        self._breaks = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        role = (values.get("role") or "").replace("doc-", "")
        kinds = set((values.get("epub:type") or "").split()) | set(role.split())
        if tag in ("body", "section", "nav", "div") and not self._blocks_seen():
            self.types |= kinds
        if tag in _VOID_TAGS:
            if tag == "br":
                self._line_break()
            elif tag == "hr":
                self._flush()
            return
        skip = self._skip_depth > 0 or tag in _SKIP_TAGS or bool(kinds & _SKIP_TYPES)
        if skip:
            self._skip_depth += 1
            self._stack.append((tag, True))
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in _HEADINGS:
            self._heading_depth += 1
        self._stack.append((tag, False))
        if values.get("id"):
            self._anchors.append(str(values["id"]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        # pop to the matching open tag (tolerates sloppy markup)
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                for open_tag, skipped in self._stack[depth:]:
                    if skipped:
                        self._skip_depth -= 1
                    elif open_tag in _BLOCK_TAGS:
                        self._flush()
                        if open_tag in _HEADINGS:
                            self._heading_depth -= 1
                del self._stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if data.strip():
            self._breaks = 0
        self._buffer.append(data.replace("\n", " ").replace("\r", " "))

    def _line_break(self) -> None:
        if self._skip_depth:
            return
        self._breaks += 1
        if self._breaks >= 2:  # <br/><br/> separates paragraphs in badly converted books
            self._flush()
        else:
            self._buffer.append("\n")

    def _blocks_seen(self) -> bool:
        return bool(self.blocks) or bool("".join(self._buffer).strip())

    def _flush(self) -> None:
        self._breaks = 0
        raw = "".join(self._buffer)
        self._buffer = []
        lines = [_SPACES_RE.sub(" ", line).strip() for line in raw.split("\n")]
        text = "\n".join(line for line in lines if line)
        if not text:
            return
        kind: Literal["heading", "paragraph"] = "heading" if self._heading_depth else "paragraph"
        self.blocks.append(Block(kind, text, tuple(self._anchors)))
        self._anchors = []

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(markup: str) -> tuple[list[Block], set[str]]:
    """The headings and paragraphs of an (X)HTML document in reading order, and its epub:type values.

    Paragraphs come from ``<p>``/``<div>``/list items and the like; ``<br>`` is a line break inside a
    paragraph (two in a row end it); images, scripts, footnote references and page-break markers are
    left out.
    """
    parser = _BlockParser()
    parser.feed(markup)
    parser.close()
    return parser.blocks, parser.types


def _decode_markup(data: bytes) -> str:
    declared = re.match(rb"<\?xml[^>]*encoding=[\"']([\w.-]+)[\"']", data)
    for encoding in ("utf-8", declared.group(1).decode("ascii") if declared else "", "cp1252"):
        if not encoding:
            continue
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


# --- the archive --------------------------------------------------------------------------------


def check_archive(data: bytes, path: Path, limits: EpubLimits = DEFAULT_LIMITS) -> None:
    """Refuse what is not an EPUB or is unsafe to open: not a zip, too big, a zip bomb, DRM."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise InputError(f"{path}: not a readable EPUB (an EPUB is a zip archive; {error})") from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise InputError(f"{path}: refused: the EPUB holds {len(members)} files (limit {limits.max_members})")
        total = sum(m.file_size for m in members)
        if total > limits.max_total_bytes:
            raise InputError(
                f"{path}: refused: the EPUB unpacks to {total / 2**20:.0f} MB "
                f"(limit {limits.max_total_bytes / 2**20:.0f} MB); it may be a zip bomb"
            )
        for m in members:
            if m.file_size > limits.ratio_floor_bytes and m.file_size > limits.max_ratio * max(1, m.compress_size):
                raise InputError(
                    f"{path}: refused: {m.filename!r} inflates {m.file_size / max(1, m.compress_size):.0f}-fold "
                    f"(limit {limits.max_ratio:.0f}); it looks like a zip bomb"
                )
        names = {m.filename for m in members}
        if "META-INF/container.xml" not in names:
            raise InputError(f"{path}: not an EPUB: the archive has no META-INF/container.xml")
        drm = [name for name in _DRM_FILES if name in names]
        if drm or ("META-INF/encryption.xml" in names and _encrypts_content(archive.read("META-INF/encryption.xml"))):
            raise InputError(
                f"{path}: this EPUB is DRM-protected (encrypted content{', ' + drm[0] if drm else ''}); "
                "only DRM-free books can be read"
            )


def _encrypts_content(encryption_xml: bytes) -> bool:
    """True when META-INF/encryption.xml encrypts more than fonts (font obfuscation is harmless)."""
    try:
        root = ElementTree.fromstring(encryption_xml)
    except ElementTree.ParseError:
        return True
    methods = [el.get("Algorithm", "") for el in root.iter() if el.tag.endswith("EncryptionMethod")]
    return any(method not in _FONT_OBFUSCATION for method in methods)


def _read_package(data: bytes, path: Path) -> Any:
    """The ebooklib book for the archive bytes, or an InputError for a broken package."""
    from ebooklib import epub

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return epub.read_epub(io.BytesIO(data), {"ignore_ncx": False})
    except Exception as error:  # ebooklib raises KeyError, IndexError, lxml errors... for broken books
        detail = getattr(error, "msg", None) or str(error) or type(error).__name__
        raise InputError(f"{path}: not a readable EPUB ({detail})") from None


# --- package structure: table of contents, front matter ------------------------------------------


def _toc_entries(toc: Iterable[Any]) -> Iterator[TocEntry]:
    """ebooklib's nested TOC (Links, Sections, (Section, children) tuples) flattened in reading order."""
    for node in toc:
        if isinstance(node, tuple | list):
            if isinstance(node, tuple) and len(node) == 2 and isinstance(node[1], list | tuple):
                yield from _toc_entries([node[0]])
                yield from _toc_entries(node[1])
            else:
                yield from _toc_entries(node)
            continue
        href = getattr(node, "href", None) or getattr(node, "file_name", None)
        title = (getattr(node, "title", None) or "").strip()
        if href:
            doc, _, fragment = unquote(str(href)).partition("#")
            yield TocEntry(_normpath(doc), fragment, _SPACES_RE.sub(" ", title).strip())


def _normpath(href: str) -> str:
    parts: list[str] = []
    for part in href.replace("\\", "/").split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _landmark_hrefs(book: Any) -> set[str]:
    """Documents the guide (EPUB 2) or the nav's landmarks (EPUB 3) mark as front matter."""
    out = set()
    for ref in getattr(book, "guide", None) or []:
        if str(ref.get("type", "")).lower() in _FRONT_TYPES and ref.get("href"):
            out.add(_normpath(unquote(str(ref["href"])).partition("#")[0]))
    from ebooklib import epub

    for item in book.get_items():
        if isinstance(item, epub.EpubNav):
            base = item.file_name.rpartition("/")[0]
            for kind, href in _landmarks(_decode_markup(item.get_content())):
                if kind in _FRONT_TYPES:
                    out.add(_normpath(f"{base}/{href}" if base else href))
    return out


class _LandmarkParser(HTMLParser):
    """Collects (epub:type, href) of the links inside ``<nav epub:type="landmarks">``."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav" and "landmarks" in (values.get("epub:type") or ""):
            self._depth = 1
        elif tag == "nav" and self._depth:
            self._depth += 1
        elif tag == "a" and self._depth and values.get("href"):
            kind = (values.get("epub:type") or "").split()
            href = unquote(str(values["href"])).partition("#")[0]
            self.links.append((kind[0] if kind else "", href))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._depth:
            self._depth -= 1


def _landmarks(markup: str) -> list[tuple[str, str]]:
    parser = _LandmarkParser()
    parser.feed(markup)
    parser.close()
    return parser.links


def _is_front_matter(name: str, types: set[str], landmarks: set[str], is_nav: bool) -> bool:
    stem = name.rpartition("/")[2].rpartition(".")[0] or name
    return is_nav or name in landmarks or bool(types & _FRONT_TYPES) or bool(_FRONT_NAME_RE.search(stem))


# --- building the Book --------------------------------------------------------------------------


@dataclass
class _Part:
    """A chapter being assembled: its TOC title (if any) and its blocks."""

    title: str | None
    blocks: list[Block] = field(default_factory=list)


def _split_document(blocks: Sequence[Block], entries: Sequence[TocEntry]) -> list[tuple[str | None, list[Block]]]:
    """One document cut where its TOC entries point (by fragment): ``(title, blocks)`` in order; blocks before
    the first target get title ``None``."""
    cuts: dict[int, str] = {}
    for entry in entries:
        if not entry.fragment:
            cuts.setdefault(0, entry.title)
            continue
        for i, block in enumerate(blocks):
            if entry.fragment in block.anchors:
                cuts.setdefault(i, entry.title)
                break
    if not cuts:
        return [(None, list(blocks))]
    points = sorted(cuts)
    out: list[tuple[str | None, list[Block]]] = []
    if points[0] > 0:
        out.append((None, list(blocks[: points[0]])))
    for k, start in enumerate(points):
        end = points[k + 1] if k + 1 < len(points) else len(blocks)
        out.append((cuts[start], list(blocks[start:end])))
    return out


class _TextBuilder:
    """Appends blocks to ``Book.text`` (blank line between blocks) and reports their offsets."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        if self._parts:
            self._parts.append("\n\n")
            self.length += 2
        start = self.length
        self._parts.append(text)
        self.length += len(text)
        return start, self.length

    def text(self) -> str:
        return "".join(self._parts)


def _heading_line(blocks: list[Block], title: str | None) -> tuple[str | None, list[Block]]:
    """The chapter's heading line (its leading heading blocks joined, else the TOC title) and the rest."""
    lead = 0
    while lead < len(blocks) and lead < 3 and blocks[lead].kind == "heading":
        lead += 1
    if lead:
        texts = [" ".join(b.text.split()) for b in blocks[:lead]]
        joined = ": ".join(t.rstrip(".:") if i < lead - 1 else t for i, t in enumerate(texts))
        return joined, blocks[lead:]
    return title, list(blocks)


def load_epub(path: Path, limits: EpubLimits = DEFAULT_LIMITS) -> Book:
    """Read a DRM-free EPUB (2 or 3) into a Book whose text is the extracted plain text (see module doc)."""
    from ebooklib import epub

    data = read_story_bytes(path, limits.max_file_bytes)
    check_archive(data, path, limits)
    package = _read_package(data, path)
    toc = package.toc or []
    entries = list(_toc_entries(toc if isinstance(toc, list | tuple) else [toc]))
    by_doc: dict[str, list[TocEntry]] = {}
    for entry in entries:
        by_doc.setdefault(entry.href, []).append(entry)
    landmarks = _landmark_hrefs(package)

    sequence: list[_Part | str] = []  # chapters being built, and front matter text, in spine order
    parts: list[_Part] = []
    for idref, linear in package.spine:
        item = package.get_item_with_id(idref)
        if item is None or not isinstance(item, epub.EpubHtml):
            continue
        name = _normpath(item.file_name)
        blocks, types = html_blocks(_decode_markup(item.get_content()))
        if not blocks:
            continue
        if str(linear).lower() == "no" or _is_front_matter(name, types, landmarks, isinstance(item, epub.EpubNav)):
            sequence.append("\n\n".join(b.text for b in blocks))
            continue
        for title, chunk in _split_document(blocks, by_doc.get(name, [])):
            if title is not None or (bool(chunk) and chunk[0].kind == "heading") or not parts:
                parts.append(_Part(title))
                sequence.append(parts[-1])
            parts[-1].blocks.extend(chunk)

    builder = _TextBuilder()
    unspoken: list[tuple[int, int]] = []
    chapters: list[Chapter] = []
    counter = 0
    book_title = _metadata(package, "title") or path.stem
    for part in sequence:
        if isinstance(part, str):
            unspoken.append(builder.add(part))
            continue
        line, body = _heading_line(part.blocks, part.title)
        number = len(chapters) + 1
        heading = builder.add(line) if line else None
        paragraphs = []
        for block in body:
            start, end = builder.add(block.text)
            paragraphs.append(Paragraph(index=counter, start=start, end=end, text=block.text))
            counter += 1
        if heading is None and not paragraphs:
            continue
        begin = heading[0] if heading else paragraphs[0].start
        title = part.title or line or (book_title if number == 1 else f"Chapter {number}")
        chapters.append(Chapter(number=number, title=title, start=begin, end=builder.length, heading=heading,
                                paragraphs=tuple(paragraphs)))
    if not chapters:
        raise InputError(f"{path}: the EPUB holds no chapter text to read")
    authors = _metadata_all(package, "creator")
    return Book(path=path, title=book_title, slug=slugify(path.stem), text=builder.text(), chapters=tuple(chapters),
                author=", ".join(authors) or None, unspoken=tuple(unspoken))


def _metadata_all(package: Any, name: str) -> list[str]:
    values = []
    for value, _attrs in package.get_metadata("DC", name) or []:
        text = " ".join(str(value or "").split())
        if text and text not in values:
            values.append(text)
    return values


def _metadata(package: Any, name: str) -> str | None:
    values = _metadata_all(package, name)
    return values[0] if values else None
