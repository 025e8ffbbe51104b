"""Scale benchmark: one render on 1 and N worker processes and on a local Ray cluster, and a
paper model of a 100-book catalogue on 1, 10 and 100 nodes from the measured costs.

    python bench/bench_scale.py [--book seed|alice|both] [--alice-chapters 2] [--workers 1,2] [--no-ray]
                                [--catalogue-hours 10] [--node-cores 16]

Each run renders into a fresh folder with a fresh clip store (everything synthesised) and
prints wall time, real-time factor (audio seconds per wall second), the synthesis phase and
what came after it (assembly, subtitles, manifest). The seed renders with its own cast (Piper
narrator, Kokoro characters); Alice with a Piper narrator and eSpeak characters, cut to its
first ``--alice-chapters`` chapters (the whole book is about three hours of audio).

The catalogue model takes the single-worker run's costs per second of audio (synthesis, and
assembly per chapter), the measured parallel efficiency of ``--workers``, and the driver's cost
of storing one clip (what caps a Ray driver that receives every clip), and prints hours of wall
time for 100 books of ``--catalogue-hours`` each on 1, 10 and 100 nodes of ``--node-cores``.
Measures; asserts nothing. Timings on a shared machine are noisy: run it more than once.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.produce import prepare, render_production  # noqa: E402
from pipeline.render.workers import ProcessRunner, SerialRunner, default_workers  # noqa: E402

ALICE = ROOT.parent / "shared" / "corpus" / "AlicesAdventuresInWonderland.txt"
ALICE_CAST = """narrator: {voice: "piper:en_US-joe-medium"}
voice_pool:
  female: ["espeak:en-us+f3", "espeak:en-gb+f2", "espeak:en-us+f4"]
  male: ["espeak:en-us+m3", "espeak:en-gb+m2", "espeak:en-us+m4"]
  unknown: ["espeak:en-us+m7", "espeak:en-gb+m5"]
"""


@dataclass(frozen=True)
class Run:
    """One measured render."""

    mode: str
    wall: float
    audio: float
    synth_phase: float
    worker_seconds: float
    clips: int
    chapters: int
    startup: float = 0.0

    @property
    def rtf(self) -> float:
        return self.audio / self.wall if self.wall else 0.0


def books(which: str, alice_chapters: int, tmp: Path) -> list[tuple[str, Path, Path]]:
    out = []
    if which in ("seed", "both"):
        out.append(("seed", ROOT / "seeds" / "redemption.txt", ROOT / "voices" / "redemption.yaml"))
    if which in ("alice", "both"):
        text = ALICE.read_text(encoding="utf-8")
        marks = [i for i in range(len(text)) if text.startswith("CHAPTER ", i) and (i == 0 or text[i - 1] == "\n")]
        cut = text[: marks[alice_chapters]] if alice_chapters < len(marks) else text
        story = tmp / f"alice-{alice_chapters}ch.txt"
        story.write_text(cut, encoding="utf-8")
        cast = tmp / "alice.yaml"
        cast.write_text(ALICE_CAST)
        out.append((f"alice ({alice_chapters} ch)", story, cast))
    return out


def measure(mode: str, story: Path, cast: Path, out: Path, runner: object, startup: float = 0.0) -> Run:
    t0 = time.perf_counter()
    report = render_production(prepare(story, cast), out, runner=runner)  # type: ignore[arg-type]
    wall = time.perf_counter() - t0
    s = report.summary()
    assert not report.failed, report.failed
    return Run(mode, wall, s["duration_seconds"], report.synth.seconds, s["synth_seconds"], s["synthesized"],
               s["chapters"], startup)


def put_cost(tmp: Path) -> float:
    """Seconds the driver spends storing one 5-second clip (FLAC encode + fsync + rename)."""
    import numpy as np

    from pipeline.engines import Clip
    from pipeline.render.cache import ClipStore

    store = ClipStore(tmp / "putbench")
    rng = np.random.default_rng(0)
    clips = [Clip((0.1 * rng.standard_normal(5 * 22050)).astype(np.float32), 22050) for _ in range(20)]
    t0 = time.perf_counter()
    for i, clip in enumerate(clips):
        store.put(f"{i:064x}", clip)
    return (time.perf_counter() - t0) / len(clips)


def catalogue(serial: Run, parallel: Run | None, cores_here: int, put: float, hours: float, node_cores: int) -> None:
    audio = 100 * hours * 3600
    synth_per_audio = serial.worker_seconds / serial.audio
    assembly_per_audio = (serial.wall - serial.synth_phase) / serial.audio
    clip_seconds = serial.audio / max(1, serial.clips)  # seconds of audio per clip
    efficiency = 1.0
    if parallel is not None and parallel.wall > 0:
        n = int(parallel.mode.split()[-1]) if parallel.mode.startswith("workers") else cores_here
        efficiency = min(1.0, (serial.wall / parallel.wall) / n)
    print(f"\ncatalogue model: 100 books x {hours:g} h = {audio / 3600:,.0f} h of audio; nodes of {node_cores} cores")
    print(f"  measured: synthesis {synth_per_audio:.3f} s and assembly {assembly_per_audio:.3f} s per second of audio "
          f"(one worker); {clip_seconds:.1f} s of audio per clip; parallel efficiency {efficiency:.2f}; "
          f"driver stores a clip in {put * 1000:.1f} ms")
    work = audio * (synth_per_audio + assembly_per_audio)
    clips = audio / clip_seconds
    print(f"  {'nodes':>5}  {'cores':>6}  {'compute h':>10}  {'driver h (clips back)':>22}  {'wall h':>7}")
    for nodes in (1, 10, 100):
        cores = nodes * node_cores
        compute = work / (cores * efficiency) / 3600
        driver = clips * put / 3600  # every clip stored by one driver, unless --store (actors write directly)
        print(f"  {nodes:>5}  {cores:>6}  {compute:>10.1f}  {driver:>22.1f}  {max(compute, driver):>7.1f}")
    print("  (wall = the larger of the two: with clips sent back the driver's store is the ceiling; with --store on a "
          "shared filesystem the compute column holds, as long as the filesystem keeps up)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--book", choices=["seed", "alice", "both"], default="both")
    parser.add_argument("--alice-chapters", type=int, default=2)
    parser.add_argument("--workers", default=f"1,{default_workers()}", help="comma-separated worker counts")
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--catalogue-hours", type=float, default=10.0)
    parser.add_argument("--node-cores", type=int, default=16)
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    cores = default_workers()
    print(f"machine: {cores} cores, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        put = put_cost(tmp)
        for label, story, cast in books(args.book, args.alice_chapters, tmp):
            runs: list[Run] = []
            for n in counts:
                runner = SerialRunner() if n == 1 else ProcessRunner(n)
                try:
                    runs.append(measure(f"workers {n}", story, cast, tmp / f"{label}-{n}", runner))
                finally:
                    if isinstance(runner, ProcessRunner):
                        runner.close()
            if not args.no_ray:
                import ray

                from pipeline.render.ray_cluster import RayRunner

                t0 = time.perf_counter()
                ray.init(num_cpus=cores, include_dashboard=False, log_to_driver=False, logging_level="warning")
                startup = time.perf_counter() - t0
                try:
                    runs.append(measure("ray local", story, cast, tmp / f"{label}-ray", RayRunner(), startup))
                finally:
                    ray.shutdown()
            print(f"\n{label}: {runs[0].audio / 60:.1f} min of audio, {runs[0].clips} clips, "
                  f"{runs[0].chapters} chapters"
                  f"  (load average now {os.getloadavg()[0]:.1f})")
            print(f"  {'mode':<10} {'wall s':>8} {'x real time':>12} {'synthesis s':>12} {'after s':>8} "
                  f"{'worker-s':>9} {'speed-up':>9}")
            for run in runs:
                extra = f"  (+{run.startup:.1f} s ray.init)" if run.startup else ""
                print(f"  {run.mode:<10} {run.wall:>8.1f} {run.rtf:>12.1f} {run.synth_phase:>12.1f} "
                      f"{run.wall - run.synth_phase:>8.1f} {run.worker_seconds:>9.1f} {runs[0].wall / run.wall:>8.2f}x"
                      + extra)
            best = max(runs[1:], key=lambda r: r.rtf, default=None)
            catalogue(runs[0], next((r for r in runs if r.mode.startswith("workers") and r is not runs[0]), best),
                      cores, put, args.catalogue_hours, args.node_cores)


if __name__ == "__main__":
    main()
