"""Changes the studio makes to a cast file: a character's voice, a pronunciation.

The file is edited round-trip with ruamel.yaml, so a person's comments, order and layout stay;
the result is validated as a cast (every problem reported) before it replaces the file.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..cast import Cast, cast_from_data
from ..errors import CastError
from ..fsutil import write_text_atomic


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def _load(path: Path) -> Any:
    from ruamel.yaml.comments import CommentedMap

    if not path.is_file():
        return CommentedMap()
    data = _yaml().load(path.read_text(encoding="utf-8"))
    if data is None:
        return CommentedMap()
    if not isinstance(data, dict):
        raise CastError(str(path), ["the top level must be a mapping of keys"])
    return data


def _quoted(text: str) -> Any:
    """A value written in double quotes, like the voices in the project's cast files."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def _save(path: Path, data: Any) -> Cast:
    """Validate ``data`` as a cast, then write it (atomically) and return the loaded cast."""
    import yaml

    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    text = buffer.getvalue()
    cast = cast_from_data(yaml.safe_load(text) or {}, path)  # raises CastError, file untouched
    write_text_atomic(path, text)
    return cast


def set_voice(path: Path, character: str, spec: str, gender: str | None = None) -> Cast:
    """Give ``character`` (``narrator`` for the narrator) the voice ``spec`` in the cast file at
    ``path`` (created if missing); other settings of that character are kept."""
    from ruamel.yaml.comments import CommentedMap

    data = _load(path)
    if character == "narrator":
        entry = data.get("narrator")
        if not isinstance(entry, dict):
            entry = data["narrator"] = CommentedMap()
        entry["voice"] = _quoted(spec)
        return _save(path, data)
    chars = data.get("characters")
    if not isinstance(chars, dict):
        chars = data["characters"] = CommentedMap()
    entry = chars.get(character)
    if isinstance(entry, str) or entry is None:
        entry = chars[character] = CommentedMap()
        if gender and gender != "unknown":
            entry["gender"] = gender
    entry["voice"] = _quoted(spec)
    return _save(path, data)


def set_pronunciation(path: Path, word: str, spoken: str) -> Cast:
    """Add (or change) ``word: spoken`` under ``pronunciations`` in the cast file at ``path``."""
    from ruamel.yaml.comments import CommentedMap

    word, spoken = word.strip(), spoken.strip()
    if not word or not spoken:
        raise CastError(str(path), ["pronunciations: give a word and how to say it"])
    data = _load(path)
    prons = data.get("pronunciations")
    if not isinstance(prons, dict):
        prons = data["pronunciations"] = CommentedMap()
    prons[word] = _quoted(spoken)
    return _save(path, data)
