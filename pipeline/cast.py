"""The cast file: load and validate it (every problem at once), and give each speaker a voice.

Schema (see README): ``narrator``, ``characters`` (gender, aliases, voice, voice settings),
``pronunciations``, ``voice_pool`` per gender, plus optional ``title``, ``author`` and
``narrator_character`` (the cast entry a first-person narrator's "I said" belongs to).
Characters not cast by hand get distinct voices from the pools, deterministically; a pool run dry
is shared by the people heard together least (``conversation_pairs``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .engines import Voice, check_voice, engine_names, get_engine, voice_from_spec
from .engines.base import parse_voice_spec, setting_problems
from .errors import CastError, EngineError, did_you_mean
from .model import GENDERS, Character, Gender

TOP_KEYS = ("title", "author", "cover", "voice_dirs", "narrator", "narrator_character", "characters",
            "pronunciations", "voice_pool")
MODEL_SUFFIXES = (".onnx", ".npy", ".pt", ".pth")
CHARACTER_KEYS = ("gender", "aliases")  # besides 'voice' and the settings its engine declares
CAST_ONLY_SETTINGS = ("take",)  # engine settings a cast file does not set (`render --take` does)
DEFAULT_NARRATOR = "piper:en_US-joe-medium"
DEFAULT_POOLS: dict[str, tuple[str, ...]] = {
    "female": ("kokoro:jf_alpha", "kokoro:jf_nezumi", "kokoro:jf_gongitsune", "kokoro:jf_tebukuro",
               "espeak:en-us+f3", "espeak:en-gb+f4"),
    "male": ("kokoro:jm_kumo", "espeak:en-us+m3", "espeak:en-gb+m1", "espeak:en-gb-scotland+m2"),
    "unknown": ("espeak:en-us+m7", "espeak:en-us+f2", "espeak:en-gb-x-rp"),
}


@dataclass(frozen=True)
class Cast:
    """A validated cast: who speaks with which voice, and how words are pronounced."""

    path: Path | None
    narrator: Voice
    characters: tuple[Character, ...] = ()
    voices: tuple[tuple[str, Voice], ...] = ()  # hand-cast characters only
    pronunciations: tuple[tuple[str, str], ...] = ()
    pools: tuple[tuple[str, tuple[Voice, ...]], ...] = field(default=())
    narrator_character: str | None = None
    title: str | None = None
    author: str | None = None
    cover: Path | None = None  # JPEG/PNG embedded in the chapter files and the M4B

    def pool(self, gender: str) -> tuple[Voice, ...]:
        return dict(self.pools).get(gender, ())


def default_cast(language: str | None = None) -> Cast:
    """The cast used without a cast file: Piper narrator, everybody else from the default pools; for a
    book in another language, voices that speak it (see ``speech.language.voices_for_language``)."""
    from .speech.language import voices_for_language

    narrator, specs, settings = voices_for_language(language) or (DEFAULT_NARRATOR, DEFAULT_POOLS, {})

    def make(spec: str) -> Voice:
        voice = voice_from_spec(spec)
        return voice.with_settings(settings) if settings else voice

    pools = tuple((g, tuple(make(s) for s in specs[g])) for g in DEFAULT_POOLS)
    return Cast(path=None, narrator=make(narrator), pools=pools)


def _yaml_error(path: Path, error: yaml.YAMLError) -> CastError:
    mark = getattr(error, "problem_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
    problem = getattr(error, "problem", None) or str(error)
    return CastError(str(path), [f"YAML syntax error at {where}: {problem}"])


class _Checker:
    """Collects every problem in a cast file instead of stopping at the first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.base = path.parent  # paths in a cast file are relative to it
        self.problems: list[str] = []
        self.sources: dict[str, tuple[str, ...]] = {}  # voice_dirs per engine, given to its voices

    def resolve(self, value: str) -> str:
        """A path written in the cast file, made absolute from the cast file's folder."""
        p = Path(value).expanduser()
        return str(p if p.is_absolute() else (self.base / p).resolve())

    def spec(self, spec: str) -> str:
        """``engine:voice`` with a voice given by path (a model file or folder) resolved from the cast."""
        engine, sep, voice_id = spec.partition(":")
        if sep and not any(ch in voice_id for ch in "*+") and (
                voice_id.lower().endswith(MODEL_SUFFIXES) or (self.base / voice_id).exists()):
            return f"{engine}:{self.resolve(voice_id)}"
        return spec

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def keys(self, where: str, data: Mapping[str, Any], allowed: Sequence[str]) -> None:
        for key in data:
            if key not in allowed:
                self.add(where, f"unknown key {key!r}{did_you_mean(str(key), allowed)}; "
                                f"valid keys: {', '.join(allowed)}")

    def voice(self, where: str, data: Mapping[str, Any], required: bool, other_keys: Sequence[str] = ()
              ) -> Voice | None:
        """The voice an entry names (``voice`` plus the settings its engine declares), checked;
        ``other_keys`` are the entry's keys that are not about its voice."""
        spec = data.get("voice")
        if spec is None:
            self.keys(where, data, (*other_keys, "voice"))
            if required:
                self.add(where, "missing 'voice' (e.g. voice: \"piper:en_US-joe-medium\")")
            return None
        if not isinstance(spec, str):
            self.add(f"{where}.voice", f"must be a string 'engine:voice', got {spec!r}")
            return None
        try:
            engine_name, _ = parse_voice_spec(spec)
            engine = get_engine(engine_name)
        except EngineError as error:
            self.keys(where, data, (*other_keys, "voice"))
            self.add(f"{where}.voice", str(error))
            return None
        declared = [s for s in engine.settings if s.name not in CAST_ONLY_SETTINGS]
        before = len(self.problems)
        self.keys(where, data, (*other_keys, "voice", *(s.name for s in declared)))
        known = {s.name: s for s in declared}
        settings = {k: v for k, v in data.items() if k in known}
        for name, message in setting_problems(settings, declared):
            self.add(f"{where}.{name}", message)
        if len(self.problems) > before:
            return None
        for name, value in settings.items():
            if known[name].kind == "path":
                settings[name] = self.resolve(value)
        try:
            voice = replace(voice_from_spec(self.spec(spec), settings), sources=self.sources.get(engine_name, ()))
            check_voice(voice)
        except EngineError as error:
            self.add(f"{where}.voice", str(error))
            return None
        return voice

    def string_list(self, where: str, value: Any) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(where, f"must be a list of names, got {value!r}")
            return []
        return list(value)


def load_cast(path: Path | str) -> Cast:
    """Load and validate a cast file; raise CastError listing every problem found."""
    p = Path(path)
    if not p.exists():
        raise CastError(str(p), ["no such cast file"])
    if p.is_dir():
        raise CastError(str(p), ["is a directory; give a cast file (.yaml)"])
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise _yaml_error(p, error) from None
    except UnicodeDecodeError as error:
        raise CastError(str(p), [f"not UTF-8 text (byte offset {error.start})"]) from None
    return cast_from_data(data if data is not None else {}, p)


def cast_from_data(data: Any, path: Path) -> Cast:
    """Validate parsed YAML as a cast; every problem is collected before raising."""
    check = _Checker(path)
    if not isinstance(data, dict):
        raise CastError(str(path), [f"the top level must be a mapping of keys ({', '.join(TOP_KEYS)}), "
                                    f"got {type(data).__name__}"])
    check.keys("top level", data, TOP_KEYS)
    check.sources = _voice_dirs(check, data.get("voice_dirs"))

    narrator_data = data.get("narrator", {"voice": DEFAULT_NARRATOR})
    narrator: Voice | None = None
    if isinstance(narrator_data, str):
        narrator_data = {"voice": narrator_data}
    if not isinstance(narrator_data, dict):
        check.add("narrator", f"must be a mapping like {{voice: \"{DEFAULT_NARRATOR}\"}}, got {narrator_data!r}")
    else:
        narrator = check.voice("narrator", narrator_data, required=True)

    characters: list[Character] = []
    voices: list[tuple[str, Voice]] = []
    owners: dict[str, str] = {}
    raw_chars = data.get("characters") or {}
    if not isinstance(raw_chars, dict):
        check.add("characters", f"must be a mapping of character names, got {type(raw_chars).__name__}")
        raw_chars = {}
    for name, entry in raw_chars.items():
        where = f"characters.{name}"
        entry = {} if entry is None else entry
        if isinstance(entry, str):
            entry = {"voice": entry}
        if not isinstance(entry, dict):
            check.add(where, f"must be a mapping (gender, aliases, voice), got {entry!r}")
            continue
        gender = entry.get("gender", "unknown")
        if gender not in GENDERS:
            check.add(f"{where}.gender", f"{gender!r} is not valid{did_you_mean(str(gender), GENDERS)}; "
                                         f"valid: {', '.join(GENDERS)}")
            gender = "unknown"
        aliases = check.string_list(f"{where}.aliases", entry.get("aliases"))
        for label in (str(name), *aliases):
            key = label.casefold()
            if key in owners and owners[key] != str(name):
                check.add(f"{where}.aliases",
                          f"{label!r} is already a name of {owners[key]!r}; a name can belong to one character")
            owners.setdefault(key, str(name))
        g: Gender = gender
        characters.append(Character(name=str(name), gender=g, aliases=tuple(aliases)))
        voice = check.voice(where, entry, required=False, other_keys=CHARACTER_KEYS)
        if voice is not None:
            voices.append((str(name), voice))

    pronunciations = data.get("pronunciations") or {}
    if not isinstance(pronunciations, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in pronunciations.items()
    ):
        check.add("pronunciations", "must map words to how they are spoken, e.g. {Sasuke: \"Sahskeh\"}")
        pronunciations = {}

    pools: list[tuple[str, tuple[Voice, ...]]] = []
    raw_pools = data.get("voice_pool") or {}
    if not isinstance(raw_pools, dict):
        check.add("voice_pool", "must map genders (female, male, unknown) to lists of voices")
        raw_pools = {}
    check.keys("voice_pool", raw_pools, GENDERS)
    for gender in GENDERS:
        specs = raw_pools.get(gender, list(DEFAULT_POOLS[gender]))
        pool = []
        for i, spec in enumerate(check.string_list(f"voice_pool.{gender}", specs)):
            voice = check.voice(f"voice_pool.{gender}[{i}]", {"voice": spec}, required=True)
            if voice is not None:
                pool.append(voice)
        pools.append((gender, tuple(pool)))

    narrator_character = data.get("narrator_character")
    if narrator_character is not None and str(narrator_character) not in {c.name for c in characters}:
        check.add("narrator_character", f"{narrator_character!r} is not a character in this file"
                  f"{did_you_mean(str(narrator_character), [c.name for c in characters])}")
    for key in ("title", "author"):
        if key in data and not isinstance(data[key], str):
            check.add(key, f"must be text, got {data[key]!r}")

    cover: Path | None = None
    if "cover" in data:
        raw_cover = data["cover"]
        if not isinstance(raw_cover, str):
            check.add("cover", f"must be a path to a .jpg or .png image, got {raw_cover!r}")
        else:
            cover = (path.parent / raw_cover).resolve()
            if cover.suffix.lower() not in (".jpg", ".jpeg", ".png"):
                check.add("cover", f"{raw_cover!r} is not a .jpg or .png image")
            elif not cover.is_file():
                check.add("cover", f"{raw_cover!r} does not exist (paths are relative to the cast file)")

    if check.problems or narrator is None:
        raise CastError(str(path), check.problems or ["narrator: no usable voice"])
    return Cast(
        path=path,
        narrator=narrator,
        characters=tuple(characters),
        voices=tuple(voices),
        pronunciations=tuple(pronunciations.items()),
        pools=tuple(pools),
        narrator_character=str(narrator_character) if narrator_character else None,
        title=data.get("title"),
        author=data.get("author"),
        cover=cover,
    )


def _voice_dirs(check: _Checker, value: Any) -> dict[str, tuple[str, ...]]:
    """``voice_dirs: {piper: [folders], kokoro: [voices files]}``, checked by their engines (those
    with ``voices_in``) and resolved from the cast file: engine name -> the folders/files that
    become ``Voice.sources`` of that engine's voices in this cast. No engine is changed."""
    if value is None:
        return {}
    engines = [name for name in engine_names() if callable(getattr(get_engine(name), "voices_in", None))]
    if not isinstance(value, dict):
        check.add("voice_dirs", f"must map an engine ({', '.join(engines)}) to a list of voice folders or files")
        return {}
    check.keys("voice_dirs", value, engines)
    found: dict[str, tuple[str, ...]] = {}
    for engine_name, paths in value.items():
        if engine_name not in engines:
            continue
        voices_in = get_engine(str(engine_name)).voices_in  # type: ignore[attr-defined]
        sources = []
        for path in check.string_list(f"voice_dirs.{engine_name}", paths):
            try:
                voices_in(check.resolve(path))
                sources.append(check.resolve(path))
            except EngineError as error:
                check.add(f"voice_dirs.{engine_name}", str(error))
        found[str(engine_name)] = tuple(sources)
    return found


_ESPEAK_VARIANT_RE = re.compile(r"\+([fm])\d*$")


def voice_gender(spec: str) -> str:
    """The gender a voice's name says, without loading its engine: a Kokoro voice by the engine's own
    rule ('jf_alpha' female), an eSpeak variant by its name ('en-us+m3' male); else 'unknown' (a Piper
    or Coqui voice, a plain eSpeak language)."""
    from .engines.kokoro import voice_gender as kokoro_gender

    engine, voice_id = parse_voice_spec(spec)
    if engine == "kokoro":
        return kokoro_gender(voice_id)
    m = _ESPEAK_VARIANT_RE.search(voice_id) if engine == "espeak" else None
    if m is None:
        return "unknown"
    return "female" if m.group(1) == "f" else "male"


TURN_WEIGHT = 5  # one answering the other counts as much as five chapters both speak in


def assign_voices(
    cast: Cast, speakers: Sequence[tuple[str, str, int]], together: Mapping[frozenset[str], int] | None = None,
) -> dict[str, Voice]:
    """A voice for every speaker ``(name, gender, line count)``: hand-cast first, then the pools.

    Pool voices go to the speakers with most lines first, each a voice not yet used by the
    narrator or anybody else while the pool lasts. When the pool runs dry a voice must be shared:
    the speaker gets the pool voice whose holders it talks with least (``together``: how often two
    speakers take turns in one conversation, see ``conversation_pairs``), so two people of one scene
    do not sound alike; then the voice with fewest holders, in pool order. The result depends only on
    the cast, the speakers and ``together``, never on dictionary order.
    """
    together = together or {}
    lines = {name: n for name, _gender, n in speakers}
    chosen = dict(cast.voices)
    used = {v.spec for v in chosen.values()} | {cast.narrator.spec}
    every = [v for _, pool in cast.pools for v in pool]
    for name, gender, _lines in sorted(speakers, key=lambda s: (-s[2], s[0])):
        if name in chosen:
            continue
        pool = list(cast.pool(gender)) or list(cast.pool("unknown")) or every
        if not pool:
            chosen[name] = cast.narrator
            continue
        # a voice nobody has: from the gender's pool, else any pool's but never one of the other
        # gender (a woman is not given 'espeak:en-us+m7'); else a voice of the gender's pool shared
        other = {"female": "male", "male": "female"}.get(gender)
        fresh = [v for v in pool if v.spec not in used] or [
            v for v in every if v.spec not in used and voice_gender(v.spec) != other
        ]
        pick = fresh[0] if fresh else _least_shared(name, pool, chosen, cast.narrator, together, lines)
        chosen[name] = pick
        used.add(pick.spec)
    return chosen


def _least_shared(
    name: str, pool: Sequence[Voice], chosen: Mapping[str, Voice], narrator: Voice,
    together: Mapping[frozenset[str], int], lines: Mapping[str, int],
) -> Voice:
    """The voice of ``pool`` to share: the one whose holders ``name`` talks with least, then the one
    whose busiest holder speaks fewest lines (a lead keeps a voice of their own), then the one fewest
    hold, then the first in the pool; the narrator's voice only when nothing else is left."""
    holders: dict[str, list[str]] = {v.spec: [] for v in pool}
    for who, voice in chosen.items():
        if voice.spec in holders and who != name:
            holders[voice.spec].append(who)

    def cost(i: int) -> tuple[bool, int, int, int, int]:
        spec = pool[i].spec
        talks = sum(together.get(frozenset((name, who)), 0) for who in holders[spec])
        lead = max((lines.get(who, 0) for who in holders[spec]), default=0)
        return spec == narrator.spec, talks, lead, len(holders[spec]), i

    return pool[min(range(len(pool)), key=cost)]


def conversation_pairs(segments: Iterable[Any]) -> Counter[frozenset[str]]:
    """How much each two speakers are heard together: ``TURN_WEIGHT`` for every turn one takes
    right after the other (dialogue lines in a row of one chapter, narration between allowed), and 1
    for every chapter both speak in. Segments need ``kind``, ``speaker`` and ``chapter``
    (``model.Segment``)."""
    pairs: Counter[frozenset[str]] = Counter()
    last: tuple[int, str] | None = None
    chapters: dict[int, set[str]] = {}
    for seg in segments:
        if seg.kind != "dialogue" or not seg.speaker:
            continue
        chapters.setdefault(seg.chapter, set()).add(seg.speaker)
        if last is not None and last[0] == seg.chapter and last[1] != seg.speaker:
            pairs[frozenset((last[1], seg.speaker))] += TURN_WEIGHT
        last = (seg.chapter, seg.speaker)
    for names in chapters.values():
        for one in names:
            for two in names:
                if one < two:
                    pairs[frozenset((one, two))] += 1
    return pairs


def starter_cast_yaml(
    detected: Sequence[Any], base: Cast, title: str, together: Mapping[frozenset[str], int] | None = None,
) -> str:
    """A cast file for a book: each detected character (name, gender, aliases, line count as a
    comment) with a distinct voice from the pools (shared, when they run dry, by people who talk
    together least: ``together``, see ``assign_voices``), ready for a person to adjust."""
    speakers = [(d.name, d.gender, d.lines) for d in detected]
    voices = assign_voices(base, speakers, together)
    out = [f"# Starter cast for {title}: detected characters, most lines first. Adjust genders,",
           "# aliases and voices (`audiobook voices` lists them), then render with --cast this file.",
           yaml.safe_dump({"title": title}, allow_unicode=True, sort_keys=False).strip(),
           "narrator:", f"  voice: {json_str(base.narrator.spec)}", "characters:"]
    for d in detected:
        entry = {"gender": d.gender, "aliases": list(d.aliases), "voice": voices[d.name].spec}
        body = yaml.safe_dump({d.name: entry}, allow_unicode=True, sort_keys=False, default_flow_style=None,
                              width=1000).strip()
        lines = body.splitlines()
        out.append(f"  {lines[0]}  # {d.lines} line(s)")
        out += [f"  {ln}" for ln in lines[1:]]
    if not detected:
        out[-1] = "characters: {}"
    out.append("voice_pool:")
    for gender, pool in base.pools:
        out.append(f"  {gender}: [{', '.join(json_str(v.spec) for v in pool)}]")
    return "\n".join(out) + "\n"


def json_str(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
