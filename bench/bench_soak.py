"""Soak: render the seed 20 times in a row, alternating script edits and recasts, and check after
every run that the cache and the output agree; then ``clean`` and report disk use.

    python bench/bench_soak.py [--runs 20]

Checks (printed, and the script exits 1 if one fails): every clip the manifest names is in the
store and passes its checksum; the chapter MP3 decodes to the manifest's duration; the script
has one line per segment; the number of clips synthesised is exactly what the change implies.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.assemble.chapter import decode_audio  # noqa: E402
from pipeline.produce import prepare, render_production  # noqa: E402
from pipeline.produce.manifest import read_manifest  # noqa: E402
from pipeline.produce.status import clean  # noqa: E402
from pipeline.render.cache import ClipStore  # noqa: E402

CAST = """narrator: {{voice: "piper:en_US-joe-medium"}}
characters:
  Sakura: {{gender: female, {sakura}}}
  Sasuke: {{gender: male, voice: "piper:en_US-joe-medium", speed: 0.85}}
"""
SAKURA = ['voice: "piper:en_US-joe-medium", speed: 1.2', 'voice: "espeak:en-us+f3"']


def disk(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def consistent(out: Path) -> list[str]:
    """Problems found between manifest, clip store, audio and script (empty: consistent)."""
    problems = []
    data = read_manifest(out)
    if data is None:
        return ["no readable manifest.json"]
    store = ClipStore(out / "cache" / "clips")
    for seg in data.segments:
        if seg.key and store.get(seg.key) is None:
            problems.append(f"clip of {seg.id} missing or corrupt")
    for chapter in data.chapters:
        pcm, rate = decode_audio(out / chapter.file)
        if abs(len(pcm) / rate - chapter.duration) > 0.2:
            problems.append(f"{chapter.file}: {len(pcm) / rate:.2f} s decoded, manifest {chapter.duration}")
    lines = [ln for ln in (out / "script.txt").read_text().splitlines() if re.match(r"^\d\d-\d{4}-", ln)]
    from_text = [s for s in data.segments if s.text_end != s.text_start]
    if len(lines) != len(from_text):
        problems.append(f"script has {len(lines)} lines, manifest {len(from_text)} segments")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    story = ROOT / "seeds" / "redemption.txt"
    rng = random.Random(7)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        cast = Path(tmp) / "cast.yaml"
        out = Path(tmp) / "book"
        cast.write_text(CAST.format(sakura=SAKURA[0]))
        t0 = time.perf_counter()
        render_production(prepare(story, cast, out), out)
        print(f"first render: {time.perf_counter() - t0:.1f} s, disk {disk(out) / 1e6:.1f} MB")
        for run in range(1, args.runs + 1):
            if run % 2:
                script = out / "script.txt"
                lines = script.read_text().splitlines(keepends=True)
                i = rng.choice([i for i, ln in enumerate(lines) if re.match(r"^\d\d-\d{4}-\d\d \| ", ln)])
                head, speaker, text = lines[i].split(" | ", 2)
                lines[i] = f"{head} | {speaker} | Edit {run}. {text}"
                script.write_text("".join(lines))
                change = f"edit {head}"
            else:
                sakura = SAKURA[(run // 2) % 2]
                cast.write_text(CAST.format(sakura=sakura))
                change = f"recast Sakura: {sakura.split(chr(34))[1]}"
            cached_before = ClipStore(out / "cache" / "clips").keys()
            t0 = time.perf_counter()
            report = render_production(prepare(story, cast, out), out)
            took = time.perf_counter() - t0
            manifest = read_manifest(out)
            needed = {s.key for s in manifest.segments if s.key} - cached_before if manifest else set()
            problems = consistent(out)
            if report.synth.synthesized != len(needed):
                problems.append(f"synthesized {report.synth.synthesized}, but {len(needed)} clips were new")
            if run % 2 and len(needed) != 1:
                problems.append(f"a one-line edit needed {len(needed)} clips")
            failures += bool(problems)
            print(f"run {run:2d}: {change:<40} synthesized {report.synth.synthesized:3d} in {took:5.1f} s, "
                  f"disk {disk(out) / 1e6:6.1f} MB  {'ok' if not problems else 'PROBLEMS: ' + '; '.join(problems)}")
        before = disk(out)
        cleaned = clean(out)
        problems = consistent(out)
        failures += bool(problems)
        print(f"clean: removed {cleaned.clips} unused clips ({cleaned.bytes / 1e6:.1f} MB); disk {before / 1e6:.1f} -> "
              f"{disk(out) / 1e6:.1f} MB; kept {cleaned.kept} clips; {problems or 'consistent'}")
    print("soak:", "all runs consistent" if not failures else f"{failures} run(s) with problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
