"""Shared fixtures: paths to the seed and corpus, a registered fake engine, and two ways to run the
CLI: ``invoke`` in this process through click's CliRunner (fast; stdout and stderr apart; the fake
engine is visible), ``run_cli`` as a separate process (for the few smoke tests that need one)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import main
from pipeline.engines import register_engine, unregister_engine
from tests.fakes import FakeEngine

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "redemption.txt"
SEED_CAST = ROOT / "voices" / "redemption.yaml"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def fake_engine() -> Iterator[FakeEngine]:
    engine = FakeEngine()
    register_engine("fake", engine)
    yield engine
    unregister_engine("fake")


@pytest.fixture(scope="session")
def seed_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seed rendered once per test session with its cast and the real engines (via the CLI)."""
    out = tmp_path_factory.mktemp("seed") / "book"
    result = run_cli("render", str(SEED), "--cast", str(SEED_CAST), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Run ``python -m pipeline ARGS`` as a user would, capturing output."""
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run ``audiobook ARGS`` in this process through click's CliRunner.

    ``result.exit_code``, ``result.stdout`` and ``result.stderr`` are what a user would see (stdout and
    stderr kept apart). An exception the CLI does not turn into an exit code is not caught: it fails
    the test with its traceback, as a traceback in front of a user would.
    """
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
