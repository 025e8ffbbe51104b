"""Choosing how a render's synthesis runs: a pool of worker processes on this machine
(``workers.py``) or Ray actors across a cluster (``ray_cluster.py``, imported only when asked)."""

from __future__ import annotations

from typing import Any

from .workers import ProcessRunner


def make_runner(workers: int | None = None, ray_address: str | None = None, *, use_ray: bool = False,
                direct: bool = False) -> ProcessRunner | Any:
    """The runner a render asked for: Ray (``use_ray``; ``ray_address`` None starts a local one)
    or a process pool of ``workers`` (default: every core). Use it as a context manager."""
    if use_ray:
        from .ray_cluster import RayRunner

        return RayRunner(ray_address, direct=direct)
    return ProcessRunner(workers)
