"""Clips to chapter audio: common format, matched loudness, pauses from context, tagged files.

Clips are brought to one rate (44.1 kHz mono, soxr), trimmed, levelled and faded, laid out with
pauses, and streamed to the ffmpeg that ``imageio-ffmpeg`` ships (MP3 192 kbps CBR, FLAC or
WAV), so memory does not grow with a chapter's length. Files are written under a temporary name
and renamed, so a killed export never leaves a truncated file under the real name.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import subprocess
import tempfile
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..engines.base import file_sha256
from ..errors import FfmpegError
from ..fsutil import atomic_path
from ..render.cache import ClipStore
from ..render.synth import Line

RATE = 44100
BITRATE = "192k"
HEAD_SECONDS = 0.75
TAIL_SECONDS = 2.0
TARGET_RMS_DB = -17.0  # each clip's voiced RMS, so voices from different engines match
CLIP_PEAK_DB = -4.0  # each clip's peaks are limited to this before the chapter gain
MAX_CLIP_GAIN_DB = 30.0  # never boost a near-silent clip into noise
CHAPTER_RMS_DB = -20.0  # each chapter file's RMS (ACX: -23 to -18 dB)
PEAK_DB = -3.5  # sample peak ceiling (ACX: -3 dB)
ASSEMBLY_VERSION = 3
PAUSES = {"sentence": 0.25, "speaker": 0.45, "paragraph": 0.8, "heading": 1.4, "scene": 1.0}


class MissingClips(Exception):
    """Clips that were expected in the store but are missing or corrupted."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = tuple(keys)
        super().__init__(f"{len(self.keys)} clip(s) missing or corrupted")


@dataclass(frozen=True)
class Timing:
    """Where a segment sits in its chapter's audio, in seconds."""

    segment_id: str
    start: float
    end: float


@dataclass(frozen=True)
class ChapterTags:
    """ID3 tags for one chapter file."""

    title: str
    album: str
    artist: str
    track: int
    tracks: int
    comment: str = ""
    cover: Path | None = None


def pause_before(prev: Line | None, line: Line) -> float:
    """Silence between two segments: sentence < speaker change < paragraph < after the title."""
    if prev is None:
        return 0.0
    if prev.segment.heading:
        return PAUSES["heading"]
    if prev.segment.paragraph != line.segment.paragraph:
        return PAUSES["paragraph"]
    if prev.voice != line.voice:
        return PAUSES["speaker"]
    return PAUSES["sentence"]


def chapter_fingerprint(lines: Sequence[Line], tags: ChapterTags, formats: Sequence[str] = ("mp3",)) -> str:
    """Changes exactly when the chapter's audio, tags or file formats would change."""
    plan = [(ln.key, round(pause_before(p, ln), 3)) for p, ln in zip([None, *lines[:-1]], lines, strict=True)]
    cover = file_sha256(tags.cover) if tags.cover and tags.cover.is_file() else None
    payload = json.dumps({"v": ASSEMBLY_VERSION, "rate": RATE, "bitrate": BITRATE, "plan": plan,
                          "tags": {**tags.__dict__, "cover": cover}, "formats": sorted(formats)}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _resample(samples: NDArray[np.float32], rate: int) -> NDArray[np.float32]:
    if rate == RATE:
        return samples
    import soxr

    return np.asarray(soxr.resample(samples, rate, RATE, quality="HQ"), dtype=np.float32)


_WORK = RATE * 20  # samples per block in the per-clip loops, so a 15-minute letter costs no more memory


def _blocks(n: int) -> range:
    return range(0, n, _WORK)


def _trim(samples: NDArray[np.float32], threshold: float = 10 ** (-48 / 20), pad: int = int(0.02 * RATE)
          ) -> NDArray[np.float32]:
    """Cut leading and trailing silence (below -48 dBFS), keeping 20 ms around the speech."""
    first = last = None
    for start in _blocks(len(samples)):
        loud = np.flatnonzero(np.abs(samples[start:start + _WORK]) > threshold)
        if len(loud):
            first = start + int(loud[0])
            break
    if first is None:
        return samples[:0]
    for start in reversed(_blocks(len(samples))):
        loud = np.flatnonzero(np.abs(samples[start:start + _WORK]) > threshold)
        if len(loud):
            last = start + int(loud[-1])
            break
    assert last is not None
    return samples[max(0, first - pad): last + pad]


def running_min(x: NDArray[np.float32], width: int) -> NDArray[np.float32]:
    """``min(x[i:i + width])`` for every full window, in O(n) (van Herk / Gil-Werman): prefix and
    suffix minima inside blocks of ``width``, so the limiter's cost does not grow with its window."""
    n = len(x) - width + 1
    if n <= 0:
        return x[:0]
    blocks = -(-len(x) // width)
    padded = np.full(blocks * width, np.inf, dtype=np.float32)
    padded[: len(x)] = x
    grid = padded.reshape(blocks, width)
    prefix = np.minimum.accumulate(grid, axis=1).reshape(-1)
    suffix = np.minimum.accumulate(grid[:, ::-1], axis=1)[:, ::-1].reshape(-1)
    return np.minimum(suffix[:n], prefix[width - 1:width - 1 + n])


def _peak(samples: NDArray[np.float32]) -> float:
    return max((float(np.abs(samples[i:i + _WORK]).max()) for i in _blocks(len(samples))), default=0.0)


def limit(samples: NDArray[np.float32], ceiling: float) -> NDArray[np.float32]:
    """A look-ahead peak limiter, in place: smooth gain reduction (about 2 ms attack, 4 ms
    release) so no sample exceeds ``ceiling``, without the distortion of clipping. Block by block."""
    if not len(samples) or _peak(samples) <= ceiling:
        return samples
    pending: list[tuple[int, NDArray[np.float32]]] = []
    hold = int(0.004 * RATE)
    smooth = int(0.002 * RATE)
    margin = hold + smooth
    for start in _blocks(len(samples)):
        lo, hi = max(0, start - margin), min(len(samples), start + _WORK + margin)
        if float(np.abs(samples[lo:hi]).max()) <= ceiling:
            continue  # nothing near this block needs limiting (a later block reads these samples unchanged)
        need = np.minimum(1.0, ceiling / np.maximum(np.abs(samples[lo:hi]), 1e-9)).astype(np.float32)
        held = running_min(np.pad(need, (hold, hold), mode="edge"), 2 * hold + 1)
        padded = np.pad(held, (smooth // 2, smooth - smooth // 2 - 1), mode="edge").astype(np.float64)
        sums = np.concatenate(([0.0], np.cumsum(padded)))
        gain = ((sums[smooth:] - sums[:-smooth]) / smooth).astype(np.float32)  # moving average, O(n)
        core = np.minimum(gain, held)[start - lo:start - lo + min(_WORK, len(samples) - start)]
        pending.append((start, core))
        while len(pending) > 1:  # apply a block's gain once the next block has read its samples
            first, gains = pending.pop(0)
            samples[first:first + len(gains)] *= gains
    for first, gains in pending:
        samples[first:first + len(gains)] *= gains
    return np.clip(samples, -ceiling, ceiling, out=samples)


def _voiced_rms(samples: NDArray[np.float32]) -> float:
    """RMS over the frames that carry speech (20 ms frames above a tenth of the loudest)."""
    frame = int(0.02 * RATE)
    n = len(samples) // frame
    if not n:
        return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if len(samples) else 0.0
    energy = np.concatenate([
        np.sqrt(np.mean(samples[i * frame:min(n, i + _WORK // frame) * frame].reshape(-1, frame) ** 2, axis=1))
        for i in range(0, n, _WORK // frame)
    ])
    voiced = energy[energy > energy.max() * 0.1]
    return float(np.sqrt(np.mean(voiced.astype(np.float64) ** 2))) if len(voiced) else 0.0


def level(samples: NDArray[np.float32]) -> NDArray[np.float32]:
    """Bring a clip to the target speech RMS (measured over its voiced part) and limit its peaks,
    so voices from different engines sit at one loudness."""
    rms = _voiced_rms(samples)
    if rms <= 1e-6:
        return samples.copy()
    gain = min(10 ** (TARGET_RMS_DB / 20) / rms, 10 ** (MAX_CLIP_GAIN_DB / 20))
    return limit(samples * np.float32(gain), 10 ** (CLIP_PEAK_DB / 20))


def _fade(samples: NDArray[np.float32], seconds: float = 0.006) -> NDArray[np.float32]:
    """6 ms fade in and out, in place, so joins never click."""
    n = min(int(seconds * RATE), len(samples) // 2)
    if n <= 0:
        return samples
    ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
    samples[:n] *= ramp
    samples[-n:] *= ramp[::-1]
    return samples


def prepare_clip(samples: NDArray[np.float32], rate: int) -> NDArray[np.float32]:
    """One stored clip as it goes into a chapter: 44.1 kHz, trimmed, levelled, faded."""
    return _fade(level(_trim(_resample(samples, rate))))


@dataclass(frozen=True)
class ChapterAudio:
    """A written chapter: its length, each segment's place in it, and its measured levels."""

    duration: float
    timings: tuple[Timing, ...]
    rms_db: float
    peak_db: float
    gain_db: float


@dataclass(frozen=True)
class ChapterResult:
    """One chapter file after a render: where it is, how long, its segment timings and levels.

    ``rebuilt`` says whether this render wrote the file; it is not stored in the manifest."""

    number: int
    title: str
    file: str
    duration: float
    fingerprint: str
    rebuilt: bool
    timings: tuple[Timing, ...]
    rms_db: float | None = None
    peak_db: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title, "file": self.file, "duration": round(self.duration, 3),
                "fingerprint": self.fingerprint, "rms_db": self.rms_db, "peak_db": self.peak_db,
                "timings": [{"id": t.segment_id, "start": round(t.start, 3), "end": round(t.end, 3)}
                            for t in self.timings]}

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> ChapterResult:
        timings = tuple(Timing(str(t["id"]), float(t["start"]), float(t["end"])) for t in data.get("timings", []))
        return ChapterResult(int(data["number"]), str(data.get("title", "")), str(data.get("file", "")),
                             float(data.get("duration", 0.0)), str(data.get("fingerprint", "")), False, timings,
                             _optional_float(data.get("rms_db")), _optional_float(data.get("peak_db")))


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


FORMATS = ("mp3", "flac", "wav")
AAC_BITRATE = "96k"
_CODECS = {
    "mp3": ["-c:a", "libmp3lame", "-b:a", BITRATE, "-abr", "0"],
    "flac": ["-c:a", "flac"],
    "wav": ["-c:a", "pcm_s16le"],
    "aac": ["-c:a", "aac", "-b:a", AAC_BITRATE],  # a chapter's part of the M4B, joined later by stream copy
}
_MUXERS = {"aac": "mp4"}
_BLOCK = RATE * 30


def db(value: float) -> float:
    """An amplitude ratio in decibels (-inf for silence)."""
    return 20 * float(np.log10(value)) if value > 0 else float("-inf")


def assemble_chapter(lines: Sequence[Line], store: ClipStore, outputs: Mapping[str, Path], tags: ChapterTags
                     ) -> ChapterAudio:
    """Write one chapter to each requested format (``{"mp3": path, ...}``), streaming.

    Pass one prepares every clip (44.1 kHz, trimmed, levelled, faded), lays out pauses and spools
    the samples to an anonymous temporary file while measuring them; pass two applies the
    chapter gain that brings it to the target RMS under the peak ceiling and pipes the samples
    to ffmpeg. Memory holds one clip and one block, whatever the chapter's length.
    Raises MissingClips (before writing anything) when a clip is missing or corrupted.
    """
    timings: list[Timing] = []
    missing: list[str] = []
    sumsq = 0.0
    peak = 0.0
    position = 0
    with tempfile.TemporaryFile(dir=next(iter(outputs.values())).parent) as spool:

        def emit(samples: NDArray[np.float32]) -> None:
            nonlocal sumsq, peak, position
            if len(samples):
                sumsq += float(np.dot(samples, samples))
                peak = max(peak, float(np.abs(samples).max()))
                spool.write(samples.astype(np.float32).tobytes())
                position += len(samples)

        emit(np.zeros(int(HEAD_SECONDS * RATE), dtype=np.float32))
        prev: Line | None = None
        last_spoken = max((i for i, ln in enumerate(lines) if ln.key is not None), default=-1)
        for i, line in enumerate(lines):
            if line.key is None and (i > last_spoken or (prev is not None and prev.key is None)):
                # a scene break ("* * *") is one pause however many rows it has, and none at the end
                timings.append(Timing(line.segment.id, position / RATE, position / RATE))
                continue
            emit(np.zeros(int(pause_before(prev, line) * RATE), dtype=np.float32))
            if line.key is None:
                audio = np.zeros(int(PAUSES["scene"] * RATE), dtype=np.float32)
            else:
                clip = store.get(line.key)
                if clip is None:
                    missing.append(line.key)
                    continue
                audio = prepare_clip(clip.samples, clip.sample_rate)
            timings.append(Timing(line.segment.id, position / RATE, (position + len(audio)) / RATE))
            emit(audio)
            prev = line
        emit(np.zeros(int(TAIL_SECONDS * RATE), dtype=np.float32))
        if missing:
            raise MissingClips(missing)
        rms = (sumsq / position) ** 0.5 if position else 0.0
        gain = 1.0
        if rms > 0 and peak > 0:
            gain = min(10 ** (CHAPTER_RMS_DB / 20) / rms, 10 ** (PEAK_DB / 20) / peak)
        spool.seek(0)
        blocks = iter(lambda: spool.read(_BLOCK * 4), b"")
        encode(((np.frombuffer(b, dtype=np.float32) * gain) for b in blocks), outputs, tags)
    return ChapterAudio(position / RATE, tuple(timings), db(rms * gain), db(peak * gain), db(gain))


def encode(blocks: Iterable[NDArray[np.float32]], outputs: Mapping[str, Path], tags: ChapterTags) -> None:
    """Pipe 44.1 kHz mono float blocks to one ffmpeg writing every requested format, then tag
    each file and move it into place atomically."""
    with contextlib.ExitStack() as stack:
        tmps = {fmt: stack.enter_context(atomic_path(path)) for fmt, path in outputs.items()}
        cmd = [ffmpeg_exe(), "-v", "error", "-y", "-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "pipe:0"]
        for fmt, tmp in tmps.items():
            cmd += [*_CODECS[fmt], "-ar", str(RATE), "-ac", "1", "-f", _MUXERS.get(fmt, fmt), str(tmp)]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdin is not None
        try:
            for block in blocks:
                pcm = (np.clip(block, -1.0, 1.0) * 32767.0).round().astype("<i2")
                proc.stdin.write(pcm.tobytes())
            proc.stdin.close()
        except BrokenPipeError:
            pass
        finally:
            error = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            code = proc.wait()
        if code != 0:
            raise FfmpegError(", ".join(p.name for p in outputs.values()), code, error)
        for fmt, tmp in tmps.items():
            write_tags(tmp, fmt, tags)


def _pydub() -> Any:
    """pydub's AudioSegment, pointed at imageio-ffmpeg's ffmpeg (pydub warns at import without one)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment
    AudioSegment.converter = ffmpeg_exe()
    AudioSegment.ffmpeg = ffmpeg_exe()
    return AudioSegment


def write_mp3(pcm: NDArray[np.int16], path: Path, tags: ChapterTags) -> None:
    """Encode a short in-memory clip (an audition) to a tagged MP3 with pydub, atomically."""
    segment = _pydub()(data=pcm.astype("<i2").tobytes(), sample_width=2, frame_rate=RATE, channels=1)
    with atomic_path(path) as tmp:
        segment.export(str(tmp), format="mp3", bitrate=BITRATE)
        write_tags(tmp, "mp3", tags)


@cache
def ffmpeg_exe() -> str:
    """The ffmpeg binary from imageio-ffmpeg (a fresh machine has no system ffmpeg)."""
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def _duration(path: Path, fmt: str) -> float:
    if fmt == "mp3":
        from mutagen.mp3 import MP3

        info: Any = MP3(str(path)).info
        return float(info.length)
    import soundfile as sf

    return float(sf.info(str(path)).duration)


def write_tags(path: Path, fmt: str, tags: ChapterTags) -> None:
    """Tags for a chapter file: ID3v2.4 (title, album, artist, track n/N, genre, voices comment,
    cover, one CHAP frame spanning the chapter under a CTOC) for MP3; Vorbis comments for FLAC."""
    if fmt == "flac":
        from mutagen.flac import FLAC, Picture

        flac = FLAC(str(path))
        flac.update({"TITLE": tags.title, "ALBUM": tags.album, "ARTIST": tags.artist, "GENRE": "Audiobook",
                     "TRACKNUMBER": str(tags.track), "TRACKTOTAL": str(tags.tracks), "COMMENT": tags.comment})
        if tags.cover:
            picture = Picture()
            picture.type, picture.mime, picture.data = 3, _mime(tags.cover), tags.cover.read_bytes()
            flac.add_picture(picture)
        flac.save()
        return
    if fmt != "mp3":
        return
    from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TIT2, TPE1, TRCK, CTOCFlags, ID3NoHeaderError

    try:
        id3 = ID3(str(path))
    except ID3NoHeaderError:
        id3 = ID3()
    id3.delall("TXXX")
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TRCK(encoding=3, text=f"{tags.track}/{tags.tracks}"))
    id3.add(TCON(encoding=3, text="Audiobook"))
    if tags.comment:
        id3.add(COMM(encoding=3, lang="eng", desc="voices", text=tags.comment))
    if tags.cover:
        id3.add(APIC(encoding=3, mime=_mime(tags.cover), type=3, desc="Cover", data=tags.cover.read_bytes()))
    end_ms = round(_duration(path, fmt) * 1000)
    id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=["ch1"],
                 sub_frames=[TIT2(encoding=3, text=tags.album)]))
    id3.add(CHAP(element_id="ch1", start_time=0, end_time=end_ms, sub_frames=[TIT2(encoding=3, text=tags.title)]))
    id3.save(str(path), v2_version=4)


def _mime(path: Path) -> str:
    return "image/png" if path.suffix.lower() == ".png" else "image/jpeg"


def decode_audio(path: Path) -> tuple[NDArray[np.int16], int]:
    """Decode an audio file to mono int16 samples at 44.1 kHz with pydub (used by checks and tests).

    The codec is named so pydub does not need ffprobe, which imageio-ffmpeg does not ship.
    """
    codec = {".mp3": "mp3", ".flac": "flac", ".wav": "pcm_s16le", ".m4b": "aac", ".m4a": "aac"}.get(
        path.suffix.lower(), "mp3")
    fmt = {".m4b": "mp4", ".m4a": "mp4"}.get(path.suffix.lower(), path.suffix.lower().lstrip(".") or "mp3")
    segment = _pydub().from_file(str(path), format=fmt, codec=codec).set_channels(1)
    if segment.frame_rate != RATE:
        segment = segment.set_frame_rate(RATE)
    if segment.sample_width != 2:
        segment = segment.set_sample_width(2)
    return np.array(segment.get_array_of_samples(), dtype=np.int16), RATE
