"""Shared fixtures: paths to the seed and corpus, a registered fake engine, a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

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


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Run ``python -m pipeline ARGS`` as a user would, capturing output."""
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=timeout)
