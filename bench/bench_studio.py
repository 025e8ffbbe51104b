"""Studio benchmark: how long the page's state takes, and a one-line fix in the studio (warm
engines, in-process) against the same fix by hand + `audiobook render` (a fresh process).

    python bench/bench_studio.py [--book RENDERED_DIR] [STORY] [--cast FILE]

With ``--book`` a copy of that rendered folder is used; otherwise STORY (default: the seed) is
rendered into a temporary folder first (not timed). Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import bench_cast  # noqa: E402
from pipeline.produce import prepare, render_production  # noqa: E402
from pipeline.studio import Studio, locate  # noqa: E402
from pipeline.studio.edits import edit_line  # noqa: E402


def narration_ids(out: Path) -> list[str]:
    segments = json.loads((out / "manifest.json").read_text())["segments"]
    return [s["id"] for s in segments if s["kind"] == "narration" and s["key"] and len(s["text"]) > 60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("story", nargs="?", default=str(ROOT / "seeds" / "redemption.txt"))
    parser.add_argument("--cast", default=None)
    parser.add_argument("--book", default=None, help="a rendered book folder to copy instead of rendering")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "book"
        story = Path(args.story).resolve()
        cast = bench_cast(story, args.cast, None, Path(tmp))
        if args.book:
            shutil.copytree(args.book, out)
        else:
            render_production(prepare(story, cast, out), out)
        cast_copy = Path(tmp) / "cast.yaml"
        if cast:
            shutil.copy(cast, cast_copy)
        studio = Studio(locate(out, cast_copy if cast else None))
        t0 = time.perf_counter()
        studio.state()
        first_state = time.perf_counter() - t0
        t0 = time.perf_counter()
        studio.state()
        warm_state = time.perf_counter() - t0
        ids = narration_ids(out)
        timings = []
        for n, line_id in enumerate(ids[:3]):
            t0 = time.perf_counter()
            job = studio.wait(studio.edit(line_id, f"Edited line number {n}, read in place.").id)
            timings.append(time.perf_counter() - t0)
            assert job.state == "done", job.error
            summary = job.result["summary"]
            print(f"studio edit {line_id}: {timings[-1]:.2f} s (synthesized {summary['synthesized']}, "
                  f"chapters rebuilt {summary['chapters_rebuilt']})")
        studio.close()
        script = out / "script.txt"
        script.write_text(edit_line(script.read_text(), ids[3], "Edited by hand, rendered by the command."))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "pipeline", "render", str(story), "-o", str(out)]
        if cast:
            command += ["--cast", str(cast_copy)]
        t0 = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        cli = time.perf_counter() - t0
        print(f"state: first {first_state:.2f} s (parse + plan), again {warm_state * 1000:.0f} ms")
        print(f"one-line fix in the studio: first {timings[0]:.2f} s (engine load), then "
              f"{min(timings[1:]):.2f}-{max(timings[1:]):.2f} s")
        print(f"same fix by hand + `audiobook render`: {cli:.2f} s "
              f"({next((ln for ln in result.stdout.splitlines() if ln.startswith('synthesized')), result.stderr)})")


if __name__ == "__main__":
    main()
