"""Verify benchmark: how fast speech recognition hears a rendered book, how well each voice is
heard, and how many flagged lines new takes fix.

    python bench/bench_verify.py BOOK_DIR [BOOK_DIR ...] [--mode isolated|pack] [--beam N]
                                 [--threads N] [--retake N] [--threshold X]

BOOK_DIR is a rendered book's output folder (render it first, e.g. ``audiobook render
seeds/redemption.txt --cast voices/redemption.yaml -o /tmp/seed``; run this from the folder you
rendered in). Every clip is transcribed afresh (the book's stored results are neither read nor
written) and the bench prints: seconds of wall and CPU time per minute of audio, the real-time
factor, the CPU-bound real-time factor on two idle cores (audio / (CPU seconds / 2)) since this
machine is shared, the load average, the word error rate per voice (median, mean, 90th
percentile, max, lines flagged), the worst lines, and with --retake N how many flagged lines one
of N new takes fixes (new takes are cached in the book's clip store; takes.json is not touched).
Measures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.produce import plan_book, read_takes  # noqa: E402
from pipeline.render.cache import ClipStore  # noqa: E402
from pipeline.render.synth import plan_lines, synthesize_lines  # noqa: E402
from pipeline.verify.book import is_flagged, production_for, references  # noqa: E402
from pipeline.verify.listen import Listener  # noqa: E402
from pipeline.verify.model import find_model  # noqa: E402
from pipeline.verify.score import score  # noqa: E402


def cpu() -> float:
    t = os.times()
    return t.user + t.system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("books", nargs="+", type=Path)
    parser.add_argument("--mode", choices=["isolated", "pack"], default="isolated")
    parser.add_argument("--beam", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0: as verify picks)")
    parser.add_argument("--retake", type=int, default=0, help="try up to N new takes of each flagged line")
    parser.add_argument("--threshold", type=float, default=0.3)
    parser.add_argument("--worst", type=int, default=8)
    args = parser.parse_args()

    t0, c0 = time.perf_counter(), cpu()
    listener = Listener(find_model(), threads=args.threads or None, beam_size=args.beam, pack=args.mode == "pack")
    print(f"model loaded in {time.perf_counter() - t0:.1f} s wall, {cpu() - c0:.1f} s CPU; mode {args.mode}, "
          f"beam {args.beam}, threads {args.threads or 'auto'}")
    for out_dir in args.books:
        prod = production_for(out_dir)
        store = ClipStore(out_dir / "cache" / "clips")
        lines = [ln for ln in plan_book(prod, read_takes(out_dir)) if ln.key and store.has(ln.key)]
        clips = [store.get(ln.key) for ln in lines if ln.key]
        audio = sum(c.duration for c in clips if c is not None)
        load0 = os.getloadavg()[0]
        t0, c0 = time.perf_counter(), cpu()
        heard = listener.transcribe([c for c in clips if c is not None])
        wall, used = time.perf_counter() - t0, cpu() - c0
        minutes = audio / 60
        print(f"\n== {out_dir} ({prod.book.title}): {len(lines)} clips, {minutes:.1f} min of audio")
        print(f"  wall {wall:.1f} s ({wall / minutes:.1f} s per audio minute, {audio / wall:.1f}x real time); "
              f"CPU {used:.1f} s ({used / minutes:.1f} CPU-s per audio minute; on 2 idle cores about "
              f"{audio / (used / 2):.1f}x real time); load average {load0:.1f} -> {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores")
        rows = []
        by_voice: dict[str, list[float]] = defaultdict(list)
        for line, text in zip(lines, heard, strict=True):
            s = score(references(line), text)
            rows.append((line, s, is_flagged(s.wer, s.words, args.threshold)))
            by_voice[line.voice.spec].append(s.wer)
        print(f"  word error rate per voice (flag: over {args.threshold}, or nothing right in a line under 3 words):")
        print(f"    {'voice':<28} {'lines':>5} {'median':>7} {'mean':>6} {'p90':>6} {'max':>6} {'flagged':>7}")
        for voice, wers in sorted(by_voice.items()):
            flagged = sum(f for ln, _, f in rows if ln.voice.spec == voice)
            p90 = statistics.quantiles(wers, n=10)[-1] if len(wers) > 1 else wers[0]
            print(f"    {voice:<28} {len(wers):>5} {statistics.median(wers):>7.3f} {statistics.mean(wers):>6.3f} "
                  f"{p90:>6.3f} {max(wers):>6.3f} {flagged:>7}")
        every = [s.wer for _, s, _ in rows]
        print(f"    {'all':<28} {len(every):>5} {statistics.median(every):>7.3f} {statistics.mean(every):>6.3f}"
              f"{'':>14} {sum(f for *_, f in rows):>7}")
        print("  worst lines:")
        for line, s, flagged in sorted(rows, key=lambda r: -r[1].wer)[:args.worst]:
            print(f"    {'!' if flagged else ' '} {line.segment.id} {s.wer:.2f} {line.voice.spec}: {s.reference!r}")
            print(f"      heard {s.heard!r}")
        if args.retake:
            retake(prod, store, listener, [r for r in rows if r[2]], args.retake, args.threshold)


def retake(prod: Any, store: ClipStore, listener: Listener, flagged: list[Any], n: int, threshold: float) -> None:
    """Try up to n new takes of each flagged line; count the lines one of them fixes."""
    fixed = better = 0
    t0 = time.perf_counter()
    for line, s, _ in flagged:
        best = s.wer
        current = int(line.voice.setting("take", 0) or 0)
        for take in [t for t in range(n + 1) if t != current][:n]:
            new = plan_lines([line.segment], prod.cast, prod.voices, {line.segment.id: take})[0]
            if new.key is None or (not store.has(new.key) and synthesize_lines([new], store).failed):
                continue
            clip = store.get(new.key)
            if clip is None:
                continue
            t = score(references(new), listener.hear(clip))
            best = min(best, t.wer)
            if not is_flagged(t.wer, t.words, threshold):
                break
        fixed += not is_flagged(best, s.words, threshold)
        better += best < s.wer
        print(f"    retake {line.segment.id}: {s.wer:.2f} -> best {best:.2f}")
    print(f"  retakes: {fixed} of {len(flagged)} flagged line(s) fixed, {better} improved, with up to {n} new take(s) "
          f"each ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
