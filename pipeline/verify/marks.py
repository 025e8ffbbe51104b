"""Verify's marks on a rendered book: which lines are flagged, written into manifest.json and as
comments in script.txt. Needs no speech model; a render calls ``annotate`` so its fresh manifest
and script keep the marks of clips already heard (results are per clip key, so a re-rendered line
loses its mark until it is heard again)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from ..fsutil import write_text_atomic
from ..produce.manifest import read_manifest, write_manifest
from ..script import with_flags
from .store import VerifyStore

DEFAULT_THRESHOLD = 0.3
MIN_WORDS = 3  # shorter lines are checked and shown, but flagged only when nothing in them was heard right


def is_flagged(wer: float, n_words: int, threshold: float) -> bool:
    """A line is flagged when its word error rate is over the threshold; a line of fewer than
    MIN_WORDS words only when nothing in it was heard right (one slip there is already 0.5)."""
    return wer > threshold if n_words >= MIN_WORDS else wer >= 1.0 and n_words > 0


def annotate(out_dir: Path) -> None:
    """Write stored verify results into manifest.json (a ``verify`` entry per checked segment and a
    ``verify`` summary) and flag the lines over the threshold in script.txt. Cheap, needs no model; a
    book never verified is left as it is. Call it holding the book's lock."""
    results = VerifyStore(out_dir)
    manifest = read_manifest(out_dir)
    if not len(results) or manifest is None:
        return
    threshold = results.threshold if results.threshold is not None else DEFAULT_THRESHOLD
    flags: dict[str, str] = {}
    models: Counter[str] = Counter()
    segments = []
    for seg in manifest.segments:
        entry = results.get(seg.key) if seg.key else None
        if entry is None:
            segments.append(replace(seg, verify=None))
            continue
        flagged = is_flagged(entry.wer, entry.words, threshold)
        segments.append(replace(seg, verify={"wer": entry.wer, "heard": entry.heard, "flagged": flagged}))
        models[entry.model] += 1
        if flagged:
            flags[seg.id] = f'"{entry.heard}" (word error {entry.wer:.2f})'
    summary = {"checked": sum(models.values()), "flagged": len(flags), "threshold": threshold,
               "model": models.most_common(1)[0][0] if models else None, "flagged_ids": sorted(flags)}
    write_manifest(out_dir, replace(manifest, segments=tuple(segments), extra={**manifest.extra, "verify": summary}))
    script = out_dir / "script.txt"
    if script.is_file():
        text = script.read_text(encoding="utf-8")
        flagged_text = with_flags(text, flags)
        if flagged_text != text:
            write_text_atomic(script, flagged_text)
