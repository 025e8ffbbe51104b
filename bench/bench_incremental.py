"""Incremental re-render benchmark: a one-line fix against a full render.

    python bench/bench_incremental.py [STORY] [--cast FILE] [--all-voices SPEC]

Renders STORY into a fresh temporary folder (timed), then edits one dialogue line in the middle
of script.txt and renders again (timed), then renders once more with no change (timed).
``--all-voices espeak:en-us`` casts every voice on one fast engine, for long books.
Prints the figures; asserts nothing.
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


def timed_render(story: Path, cast: Path | None, out: Path) -> tuple[float, dict[str, object]]:
    t0 = time.perf_counter()
    report = render_production(prepare(story, cast, out), out)
    return time.perf_counter() - t0, report.summary()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("story", nargs="?", default=str(ROOT / "seeds" / "redemption.txt"))
    parser.add_argument("--cast", default=None)
    parser.add_argument("--all-voices", default=None, metavar="SPEC")
    args = parser.parse_args()
    story = Path(args.story)
    with tempfile.TemporaryDirectory() as tmp:
        cast = bench_cast(story, args.cast, args.all_voices, Path(tmp))
        out = Path(tmp) / "book"
        full, summary = timed_render(story, cast, out)
        print(f"story: {story.name}  cast: {args.all_voices or cast}")
        print(f"full render: {full:.1f} s for {float(str(summary['duration_seconds'])) / 60:.1f} min of audio, "
              f"{summary['synthesized']} clips, {summary['chapters']} chapters")

        prod = prepare(story, cast, out)
        dialogue = [s for s in prod.script.segments if s.kind == "dialogue"]
        target = dialogue[len(dialogue) // 2]
        script = out / "script.txt"
        lines = script.read_text(encoding="utf-8").splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith(target.id + " |"):
                head, _, rest = line.partition(" | ")
                speaker, _, text = rest.partition(" | ")
                lines[i] = f"{head} | {speaker} | Indeed. {text}"
        script.write_text("".join(lines), encoding="utf-8")
        one, summary = timed_render(story, cast, out)
        print(f"one-line fix ({target.id}): {one:.2f} s  (synthesized {summary['synthesized']}, "
              f"chapters rebuilt {summary['chapters_rebuilt']})  = {100 * one / full:.1f}% of the full render")

        unchanged, summary = timed_render(story, cast, out)
        print(f"unchanged re-render: {unchanged:.2f} s (synthesized {summary['synthesized']}, "
              f"chapters rebuilt {summary['chapters_rebuilt']})")
        print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
