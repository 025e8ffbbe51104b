"""Render benchmark: real-time factor per engine and the pipeline's own overhead.

    python bench/bench_render.py [STORY] [--cast FILE] [--all-voices SPEC] [--m4b]

Renders STORY (default: the seed with its cast) into a fresh temporary folder with the real
engines, then renders again unchanged, and prints: audio length, wall time, real-time factor
per engine, the share of wall time spent outside synthesis, clips per second, peak memory, and
the time of the no-change re-render. Measures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import bench_cast  # noqa: E402
from pipeline.produce import prepare, render_production  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("story", nargs="?", default=str(ROOT / "seeds" / "redemption.txt"))
    parser.add_argument("--cast", default=None)
    parser.add_argument("--all-voices", default=None, metavar="SPEC", help="one voice for everyone (long books)")
    parser.add_argument("--m4b", action="store_true", help="also time the M4B of the whole book")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cast = bench_cast(Path(args.story), args.cast, args.all_voices, Path(tmp))
        t0 = time.perf_counter()
        prod = prepare(Path(args.story), cast)
        t_prepare = time.perf_counter() - t0
        report = render_production(prod, Path(tmp) / "book", m4b=args.m4b)
        wall = time.perf_counter() - t0
        summary = report.summary()
        synth = summary["synth_seconds"]
        audio = summary["duration_seconds"]
        print(f"story: {args.story}  cast: {cast}")
        print(f"segments: {len(prod.script.segments)}  clips synthesised: {summary['synthesized']}  "
              f"chapters: {summary['chapters']}")
        print(f"audio: {audio / 60:.2f} min   wall: {wall:.1f} s   overall: {audio / wall:.1f}x real time")
        for name, e in summary["engines"].items():
            print(f"  engine {name:<7} {e['clips']:>5} clips  {e['audio_seconds']:>8.1f} s audio  "
                  f"{e['synth_seconds']:>7.1f} s  -> {e['rtf']:.1f}x real time")
        overhead = wall - synth
        print(f"parse+cast: {t_prepare:.2f} s; outside synthesis: {overhead:.1f} s = {100 * overhead / wall:.1f}% "
              f"of wall time")
        print(f"clips per second (synthesis): {summary['synthesized'] / synth if synth else 0:.2f}")
        t1 = time.perf_counter()
        again = render_production(prepare(Path(args.story), cast), Path(tmp) / "book")
        print(f"unchanged re-render: {time.perf_counter() - t1:.2f} s "
              f"(synthesized {again.synth.synthesized}, chapters rebuilt {again.chapters_rebuilt})")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
