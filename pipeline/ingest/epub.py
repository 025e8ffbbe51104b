"""Read an EPUB into a ``Book``: chapters from the spine, titles from the table of contents.

For an EPUB, ``Book.text`` is the plain text this module extracts, not the archive's bytes: each
front-matter document (or front-matter section of a document) as one unspoken block, then each
chapter as a heading line followed by its paragraphs and then its footnotes/endnotes (``Book.notes``,
unspoken unless ``ReadOptions.read_notes``), every block separated by a blank line. All offsets
(chapters, paragraphs, the ``parse`` contract's segment ``start``/``end``) index that text.

Documents are read from the archive's own bytes (ebooklib's ``get_content()`` rebuilds a page and
drops ``<body>``'s attributes), so a TOC entry pointing at ``<body id>`` or at an id inside a file
splits the chapter there. Problems that lose no text (a spine entry missing from the manifest, a
listed file missing from the archive) become ``Book.warnings``; what is left out (MathML, SVG text,
undefined entities) is counted in ``Book.skipped``.

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
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote
from xml.etree import ElementTree

from ..errors import InputError, did_you_mean
from ..model import Book, Chapter, Paragraph, ReadOptions
from ..speech.language import detect_language, normalize_tag
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
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "svg", "math", "object", "template", "rp"})
_SKIP_TYPES = frozenset({"noteref", "pagebreak", "backlink", "biblioref", "glossref"})
_NOTE_TYPES = frozenset({"footnote", "endnote", "rearnote", "note", "footnotes", "endnotes", "rearnotes"})
_FRONT_CLASSES = frozenset({"copyright", "copyright-page", "copyrightpage", "titlepage", "title-page", "halftitle",
                            "halftitlepage", "dedication", "imprint", "colophon", "imprimatur"})
_FRONT_TITLE_RE = re.compile(
    r"^\s*(?:(?:copyright(?:\s+page)?|title\s*page|colophon|imprint|imprimatur)\s*[.:]?|(?:copyright\s*)?\u00a9.*)\s*$",
    re.IGNORECASE,
)
_VOID_TAGS = frozenset({"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "image"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPACES_RE = re.compile(r"[^\S\n]+")
# a note marker's text: "1", "[12]", "*", "†"; a link's may be a letter ("a"), a superscript's not ("M<sup>r</sup>")
_MARKER_RE = re.compile(r"^[\[(]?(?:\d{1,4}|[*\u2020\u2021\u00a7\u00b6#]{1,3})[\])]?$")
_LINK_MARKER_RE = re.compile(r"^[\[(]?(?:\d{1,4}|[*\u2020\u2021\u00a7\u00b6#]{1,3}|[a-z])[\])]?$")
_UNDEFINED_ENTITY_RE = re.compile(r"&([A-Za-z][A-Za-z0-9]{0,31});")
BlockKind = Literal["heading", "paragraph", "note"]


@dataclass(frozen=True)
class Block:
    """A run of text from a document: a heading, a paragraph or a note, with the element ids that open in
    it, whether it belongs to front matter (a title page or copyright section inside a chapter file), and
    the note ids its markers point at (``file#id`` hrefs as written)."""

    kind: BlockKind
    text: str
    anchors: tuple[str, ...] = ()
    front: bool = False
    refs: tuple[str, ...] = ()


@dataclass
class Skipped:
    """What a document held that is not read, counted for the parse summary."""

    counts: dict[str, int] = field(default_factory=dict)
    svg_text: list[str] = field(default_factory=list)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


@dataclass
class _Open:
    """An open element: its tag and what it started (a skipped region, front matter, a note, ruby)."""

    tag: str
    skipped: bool = False
    front: bool = False
    note: bool = False
    marker_at: int = -1  # buffer length where a possible note marker (<a href="#..">, <sup>) began
    href: str = ""


class _BlockParser(HTMLParser):
    """Collects the blocks of one XHTML document and the epub:type values on its body."""

    def __init__(self, ruby: str = "base") -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.types: set[str] = set()
        self.title = ""
        self.skipped = Skipped()
        self.ruby = ruby
        self._buffer: list[str] = []
        self._anchors: list[str] = []
        self._refs: list[str] = []
        self._skip_depth = 0
        self._stack: list[_Open] = []
        self._heading_depth = 0
        self._front_depth = 0
        self._note_depth = 0
        self._breaks = 0
        self._in_title = False
        self._svg_depth = 0
        self._ruby_depth = 0
        self._rt_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        role = (values.get("role") or "").replace("doc-", "")
        kinds = set((values.get("epub:type") or "").split()) | set(role.split())
        classes = set((values.get("class") or "").lower().split())
        if tag == "body":
            self.types |= kinds
        if tag == "title":
            self._in_title = True
        if tag in _VOID_TAGS:
            if tag == "br":
                self._line_break()
            elif tag == "hr":
                self._flush()
            return
        if tag == "svg":
            self._svg_depth += 1
        if tag == "math" and not self._skip_depth:
            self.skipped.add("MathML formula")
        skip = self._skip_depth > 0 or tag in _SKIP_TAGS or bool(kinds & _SKIP_TYPES)
        if tag == "rt" and self._ruby_depth and self.ruby == "base":
            skip = True
        if skip:
            self._skip_depth += 1
            self._stack.append(_Open(tag, skipped=True))
            return
        front = bool(kinds & _FRONT_TYPES) or bool(classes & _FRONT_CLASSES)
        note = bool(kinds & _NOTE_TYPES) or tag == "aside"
        if tag in _BLOCK_TAGS or front or note:
            self._flush()
        if tag in _HEADINGS:
            self._heading_depth += 1
        if tag == "ruby":
            self._ruby_depth += 1
        if tag == "rt":
            self._rt_depth += 1
        self._front_depth += front
        self._note_depth += note
        opened = _Open(tag, front=front, note=note)
        href = values.get("href") or ""
        if (tag == "a" and "#" in href) or tag == "sup":
            opened.marker_at, opened.href = len(self._buffer), href
        self._stack.append(opened)
        if values.get("id"):
            self._anchors.append(str(values["id"]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _VOID_TAGS:
            return
        # pop to the matching open tag (tolerates sloppy markup)
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth].tag == tag:
                for opened in reversed(self._stack[depth:]):
                    self._close(opened)
                del self._stack[depth:]
                return

    def _close(self, opened: _Open) -> None:
        if opened.tag == "svg":
            self._svg_depth -= 1
        if opened.skipped:
            self._skip_depth -= 1
            return
        if opened.marker_at >= 0:
            marker = "".join(self._buffer[opened.marker_at:]).strip()
            pattern = _LINK_MARKER_RE if opened.href else _MARKER_RE
            if pattern.match(marker) or (opened.href and not marker):
                # a note marker ("procession.*", "word<sup>3</sup>"): never read
                del self._buffer[opened.marker_at:]
                if opened.href:
                    self._refs.append(opened.href)
        if opened.tag in _BLOCK_TAGS or opened.front or opened.note:
            self._flush()
            if opened.tag in _HEADINGS:
                self._heading_depth -= 1
        if opened.tag == "ruby":
            self._ruby_depth -= 1
        if opened.tag == "rt":
            self._rt_depth -= 1
        self._front_depth -= opened.front
        self._note_depth -= opened.note

    def handle_data(self, data: str) -> None:
        if "&" in data:  # known entities are converted already; what is left is undefined
            data = _UNDEFINED_ENTITY_RE.sub(self._undefined, data)
        if self._in_title:
            self.title += data
        if self._svg_depth and data.strip():
            self.skipped.svg_text.append(" ".join(data.split()))
        if self._skip_depth:
            return
        if self._ruby_depth and self.ruby == "reading" and not self._rt_depth:
            return  # the base text of ruby: its reading (<rt>) is read instead
        if data.strip():
            self._breaks = 0
        self._buffer.append(data.replace("\n", " ").replace("\r", " "))

    def _undefined(self, match: re.Match[str]) -> str:
        if not self._skip_depth:
            self.skipped.add(f"undefined entity &{match.group(1)};")
        return ""

    def _line_break(self) -> None:
        if self._skip_depth:
            return
        self._breaks += 1
        if self._breaks >= 2:  # <br/><br/> separates paragraphs in badly converted books
            self._flush()
        else:
            self._buffer.append("\n")

    def _flush(self) -> None:
        self._breaks = 0
        raw = "".join(self._buffer)
        self._buffer = []
        for opened in self._stack:  # an open marker's text has just been flushed
            opened.marker_at = -1
        lines = [_SPACES_RE.sub(" ", line).strip() for line in raw.split("\n")]
        text = "\n".join(line for line in lines if line)
        if not text:
            return
        kind: BlockKind = "heading" if self._heading_depth else "note" if self._note_depth else "paragraph"
        front = self._front_depth > 0 or (kind == "heading" and self._note_depth > 0)  # "Notes": not read
        self.blocks.append(Block(kind, text, tuple(self._anchors), front, tuple(self._refs)))
        self._anchors = []
        self._refs = []

    def close(self) -> None:
        super().close()
        self._flush()


def _front_by_title(blocks: list[Block], title: str) -> list[Block]:
    """A document titled "Copyright" is front matter; so is a heading "Copyright" and what follows it up to
    the next heading."""
    if _FRONT_TITLE_RE.match(title):
        return [replace(b, front=True) for b in blocks]
    out = []
    front = False
    for block in blocks:
        if block.kind == "heading":
            front = bool(_FRONT_TITLE_RE.match(block.text))
        out.append(replace(block, front=True) if front and not block.front else block)
    return out


@dataclass(frozen=True)
class Document:
    """One XHTML document read into blocks: its epub:type values, its <title> and what was left out."""

    blocks: list[Block]
    types: set[str]
    title: str
    skipped: Skipped


def read_document(markup: str, ruby: str = "base") -> Document:
    """Blocks, body types, title and skipped things (MathML, SVG text, undefined entities) of one document."""
    parser = _BlockParser(ruby)
    parser.feed(markup)
    parser.close()
    title = " ".join(parser.title.split())
    return Document(_front_by_title(parser.blocks, title), parser.types, title, parser.skipped)


def html_blocks(markup: str) -> tuple[list[Block], set[str]]:
    """The headings and paragraphs of an (X)HTML document in reading order, and its epub:type values.

    Paragraphs come from ``<p>``/``<div>``/list items and the like; ``<br>`` is a line break inside a
    paragraph (two in a row end it); images, scripts, note markers and page-break markers are left out;
    footnotes and endnotes are ``note`` blocks; front-matter sections are flagged ``front``.
    """
    document = read_document(markup)
    return document.blocks, document.types


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


_OPF_NS = "{http://www.idpf.org/2007/opf}"
_TEXT_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/x-dtbook+xml"})


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def check_package(data: bytes, path: Path) -> list[str]:
    """Check the container and package document before ebooklib reads them, so a broken book gets a
    message naming the file and the problem. Fatal problems (no package document, one that is not
    well-formed XML or lacks its manifest or spine) raise InputError; problems where the rest of the
    book can still be read (a spine entry naming no manifest item, a listed file missing from the
    archive) are returned as warnings."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        try:
            container = ElementTree.fromstring(archive.read("META-INF/container.xml"))
        except ElementTree.ParseError as error:
            raise InputError(f"{path}: META-INF/container.xml is not well-formed XML ({error})") from None
        roots = [el.get("full-path") for el in container.iter() if _local(el.tag) == "rootfile" and el.get("full-path")]
        if not roots:
            raise InputError(f"{path}: META-INF/container.xml names no package document (no <rootfile full-path=...>)")
        opf = _normpath(unquote(str(roots[0])))
        if opf not in names:
            raise InputError(f"{path}: the package document {opf!r} named in META-INF/container.xml is not in the "
                             f"archive{did_you_mean(opf, sorted(n for n in names if n.endswith('.opf')))}")
        try:
            package = ElementTree.fromstring(archive.read(opf))
        except ElementTree.ParseError as error:
            raise InputError(f"{path}: {opf}: the package document is not well-formed XML ({error}); "
                             "the file may be cut short") from None
    parts = {_local(el.tag): el for el in package}
    for needed in ("metadata", "manifest", "spine"):
        if needed not in parts:
            raise InputError(f"{path}: {opf}: the package document has no <{needed}>; the file may be cut short")
    base = opf.rpartition("/")[0]
    manifest = {}
    for item in parts["manifest"]:
        if _local(item.tag) == "item" and item.get("id") and item.get("href"):
            href = _normpath(f"{base}/{unquote(str(item.get('href')))}" if base else unquote(str(item.get("href"))))
            manifest[str(item.get("id"))] = (href, str(item.get("media-type") or "?"))
    problems = []
    spine_ids = []
    for ref in parts["spine"]:
        idref = str(ref.get("idref") or "")
        spine_ids.append(idref)
        if idref not in manifest:
            problems.append(f"{path}: {opf}: the spine lists idref {idref!r}, which is not in the manifest"
                            f"{did_you_mean(idref, list(manifest))}; that part of the reading order is skipped")
    missing_media = []
    for item_id, (href, media_type) in manifest.items():
        if href in names:
            continue
        if media_type in _TEXT_TYPES and item_id in spine_ids:
            problems.append(f"{path}: {href} (in the reading order) is listed in {opf} but missing from the archive; "
                            "its text is skipped")
        else:
            missing_media.append(f"{href} ({media_type})")
    if missing_media:
        shown = ", ".join(missing_media[:5]) + (f" and {len(missing_media) - 5} more" if len(missing_media) > 5 else "")
        problems.append(f"{path}: {len(missing_media)} file(s) listed in {opf} are missing from the archive: {shown}; "
                        "skipped (no text is lost)")
    return problems


def _reader_class() -> Any:
    """ebooklib's reader, made to carry on past a listed file missing from the archive (read as empty;
    ``check_package`` has already said which) and past an unreadable NCX (titles then come from headings)."""
    from ebooklib import epub

    class TolerantReader(epub.EpubReader):
        problems: list[str]

        def read_file(self, name: str) -> bytes:
            try:
                return bytes(super().read_file(name))
            except KeyError:
                return b""

        def _parse_ncx(self, data: bytes) -> None:
            try:
                super()._parse_ncx(data)
            except Exception as error:  # lxml raises its own errors for an empty or broken NCX
                self.problems.append(f"the NCX table of contents is unreadable ({type(error).__name__}); "
                                     "chapter titles come from headings")

    return TolerantReader


def _read_package(data: bytes, path: Path) -> tuple[Any, list[str]]:
    """The ebooklib book for the archive bytes and any problems met, or an InputError for a broken package."""
    problems = check_package(data, path)
    reader = _reader_class()(io.BytesIO(data), {"ignore_ncx": False})
    reader.problems = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = reader.load()
    except Exception as error:  # ebooklib raises KeyError, IndexError, lxml errors... for broken books
        detail = getattr(error, "msg", None) or str(error) or type(error).__name__
        raise InputError(f"{path}: not a readable EPUB ({detail})") from None
    return book, problems + [f"{path}: {problem}" for problem in reader.problems]


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
    """A chapter being assembled: its TOC title (if any), its blocks (front-matter blocks among them stay
    unspoken) and its notes, which go after its last paragraph."""

    title: str | None
    blocks: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)


def _split_document(blocks: Sequence[Block], entries: Sequence[TocEntry]) -> list[tuple[str | None, list[Block]]]:
    """One document cut where its TOC entries point (by fragment, ``<body id>`` included): ``(title, blocks)``
    in order; blocks before the first target get title ``None``."""
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
    while lead < len(blocks) and lead < 3 and blocks[lead].kind == "heading" and not blocks[lead].front:
        lead += 1
    if lead:
        texts = [" ".join(b.text.split()) for b in blocks[:lead]]
        joined = ": ".join(t.rstrip(".:") if i < lead - 1 else t for i, t in enumerate(texts))
        return joined, blocks[lead:]
    return title, list(blocks)


def _target(doc: str, href: str) -> str:
    """A link's target as 'document#id' relative to the package ('#n1' in chap.xhtml -> 'chap.xhtml#n1')."""
    target, _, fragment = unquote(href).partition("#")
    base = doc.rpartition("/")[0]
    if target:
        target = _normpath(f"{base}/{target}" if base else target)
    return f"{target or doc}#{fragment}"


@dataclass
class _Reading:
    """The state of reading the spine: chapters being built, front matter, notes waiting for their chapter."""

    sequence: list[_Part | str] = field(default_factory=list)  # chapters and front-matter text, in order
    parts: list[_Part] = field(default_factory=list)
    owners: dict[str, _Part] = field(default_factory=dict)  # 'doc#id' a marker points at -> its chapter
    notes: list[tuple[str, Block, _Part | None]] = field(default_factory=list)  # (doc, note, chapter it sits in)
    skipped: dict[str, int] = field(default_factory=dict)
    svg_text: list[str] = field(default_factory=list)

    def front(self, blocks: Sequence[Block]) -> None:
        if blocks:
            self.sequence.append("\n\n".join(b.text for b in blocks))

    def add_document(self, name: str, blocks: list[Block], entries: Sequence[TocEntry]) -> None:
        body = [b for b in blocks if b.kind != "note"]
        notes = [b for b in blocks if b.kind == "note"]
        if notes and all(b.kind == "heading" or b.front for b in body):  # a notes document (endnotes.xhtml)
            self.front(body)
            self.notes += [(name, note, self.parts[-1] if self.parts else None) for note in notes]
            return
        for title, chunk in _split_document(blocks, entries):
            lead = 0
            while lead < len(chunk) and chunk[lead].front:
                lead += 1
            self.front(chunk[:lead])
            chunk = chunk[lead:]
            text = [b for b in chunk if b.kind != "note"]
            if not text:
                self.notes += [(name, b, self.parts[-1] if self.parts else None) for b in chunk]
                continue
            if title is not None or text[0].kind == "heading" or not self.parts:
                self.parts.append(_Part(title))
                self.sequence.append(self.parts[-1])
            part = self.parts[-1]
            for block in chunk:
                if block.kind == "note":
                    self.notes.append((name, block, part))
                    continue
                part.blocks.append(block)
                for ref in block.refs:
                    self.owners.setdefault(_target(name, ref), part)

    def place_notes(self) -> list[Block]:
        """Give every note to the chapter whose marker points at it (else the chapter it sits in); notes that
        belong to no chapter are returned (they are kept as front matter)."""
        orphans = []
        owner: _Part | None = None
        for name, note, fallback in self.notes:
            here = fallback or (self.parts[-1] if self.parts else None)
            if note.anchors:  # a note starts; its later paragraphs (without an id) follow it
                keys = [f"{name}#{anchor}" for anchor in note.anchors]
                owner = next((self.owners[k] for k in keys if k in self.owners), None) or here
            else:
                owner = owner or here
            if owner is None:
                orphans.append(note)
            else:
                owner.notes.append(note)
        return orphans


def load_epub(path: Path, limits: EpubLimits = DEFAULT_LIMITS, options: ReadOptions | None = None) -> Book:
    """Read a DRM-free EPUB (2 or 3) into a Book whose text is the extracted plain text (see module doc)."""
    from ebooklib import epub

    options = options or ReadOptions()
    data = read_story_bytes(path, limits.max_file_bytes)
    check_archive(data, path, limits)
    package, problems = _read_package(data, path)
    toc = package.toc or []
    entries = list(_toc_entries(toc if isinstance(toc, list | tuple) else [toc]))
    by_doc: dict[str, list[TocEntry]] = {}
    for entry in entries:
        by_doc.setdefault(entry.href, []).append(entry)
    landmarks = _landmark_hrefs(package)

    reading = _Reading()
    for idref, linear in package.spine:
        item = package.get_item_with_id(idref)
        if item is None or not isinstance(item, epub.EpubHtml):
            continue
        name = _normpath(item.file_name)
        # the archive's own bytes: ebooklib's get_content() rebuilds the page and drops <body>'s attributes
        document = read_document(_decode_markup(item.content or b""), options.ruby)
        for what, n in document.skipped.counts.items():
            reading.skipped[what] = reading.skipped.get(what, 0) + n
        reading.svg_text += document.skipped.svg_text
        if not document.blocks:
            continue
        if str(linear).lower() == "no" or _is_front_matter(name, document.types, landmarks,
                                                           isinstance(item, epub.EpubNav)):
            reading.front(document.blocks)
            continue
        reading.add_document(name, document.blocks, by_doc.get(name, []))
    if reading.svg_text:
        reading.skipped["SVG text"] = len(reading.svg_text)
    reading.front(reading.place_notes())

    builder = _TextBuilder()
    unspoken: list[tuple[int, int]] = []
    notes: list[tuple[int, int]] = []
    chapters: list[Chapter] = []
    counter = 0
    book_title = _metadata(package, "title") or path.stem
    for part in reading.sequence:
        if isinstance(part, str):
            unspoken.append(builder.add(part))
            continue
        line, body = _heading_line(part.blocks, part.title)
        if line is None and not any(not b.front for b in body):
            unspoken += [builder.add(b.text) for b in body]
            notes += [builder.add(n.text) for n in part.notes]
            continue
        number = len(chapters) + 1
        heading = builder.add(line) if line else None
        paragraphs = []
        for block in body:
            if block.front:
                unspoken.append(builder.add(block.text))
                continue
            start, end = builder.add(block.text)
            paragraphs.append(Paragraph(index=counter, start=start, end=end, text=block.text))
            counter += 1
        notes += [builder.add(note.text) for note in part.notes]
        begin = heading[0] if heading else paragraphs[0].start
        title = part.title or line or (book_title if number == 1 else f"Chapter {number}")
        chapters.append(Chapter(number=number, title=title, start=begin, end=builder.length, heading=heading,
                                paragraphs=tuple(paragraphs)))
    if not chapters:
        raise InputError(_no_text_reason(path, reading, package))
    text = builder.text()
    authors = _metadata_all(package, "creator")
    declared = _metadata(package, "language")
    language = options.language or (normalize_tag(declared) if declared else None)
    if declared and language is None:
        problems.append(f"{path}: dc:language {declared!r} is not a language tag (e.g. en, fr, pt-BR); "
                        "the language is detected from the text")
    language = language or detect_language(text)
    return Book(path=path, title=book_title, slug=slugify(path.stem), text=text, chapters=tuple(chapters),
                author=", ".join(authors) or None, unspoken=tuple(unspoken), language=language,
                notes=tuple(notes), read_notes=options.read_notes, skipped=tuple(sorted(reading.skipped.items())),
                warnings=tuple(problems))


def _no_text_reason(path: Path, reading: _Reading, package: Any) -> str:
    """Why an EPUB has nothing to read: its text is in SVG, its pages are images, or it is empty."""
    if reading.svg_text:
        sample = " ".join(reading.svg_text)[:60]
        return (f"{path}: the EPUB's text is inside SVG images ({len(reading.svg_text)} SVG text element(s), "
                f"e.g. {sample!r}); text drawn in SVG is not read, so there is no chapter text to read")
    from ebooklib import ITEM_IMAGE

    images = len(list(package.get_items_of_type(ITEM_IMAGE)))
    if images:
        return f"{path}: the EPUB holds no chapter text to read: its pages are images ({images} image(s))"
    return f"{path}: the EPUB holds no chapter text to read"


def table_of_contents(path: Path) -> list[TocEntry]:
    """The EPUB's table of contents, flattened in reading order (to compare with the chapters found)."""
    package, _problems = _read_package(path.read_bytes(), path)
    toc = package.toc or []
    return list(_toc_entries(toc if isinstance(toc, list | tuple) else [toc]))


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
