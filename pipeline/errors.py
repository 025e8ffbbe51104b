"""Errors the pipeline raises for a person to read: what is wrong, where, and what would be valid.

Only ``cli.py`` turns these into exit codes (1 for a user error). Messages name the file, the
field, the bad value and the valid choices, and ``did_you_mean`` offers the closest names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


class PipelineError(Exception):
    """A problem with the user's input or environment that a person can fix."""


class InputError(PipelineError):
    """A story file that cannot be read: missing, a directory, binary, undecodable, empty."""


class CastError(PipelineError):
    """A cast file with one or more problems; ``problems`` lists every one of them."""

    def __init__(self, path: str, problems: Sequence[str]) -> None:
        self.path = path
        self.problems = tuple(problems)
        lines = [f"{path}: {len(self.problems)} problem(s) in the cast file:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class EngineError(PipelineError):
    """An unknown engine or voice, a model file that cannot be loaded, or a failed synthesis."""


class ScriptError(PipelineError):
    """A script.txt whose hand edits cannot be applied (their source text changed)."""


class RenderError(PipelineError):
    """A render that finished with failed segments, or that cannot start (lock held, bad output)."""


class VerifyError(PipelineError):
    """Speech recognition checks that cannot run: a missing package or model, a book not rendered yet."""


class FfmpegError(RenderError):
    """ffmpeg could not write an output file; the message carries ffmpeg's own words."""

    def __init__(self, target: str, code: int, stderr: str) -> None:
        said = stderr.strip()[-500:] or "(no message)"
        super().__init__(f"ffmpeg could not write {target} (exit {code}): {said}")


def did_you_mean(value: str, choices: Iterable[str], n: int = 3) -> str:
    """Return ' (did you mean X?)' for the closest choices to ``value``, or ''."""
    options = list(choices)
    close = difflib.get_close_matches(value, options, n=n, cutoff=0.5)
    if not close:
        lowered = {c.lower(): c for c in options}
        close = [lowered[c] for c in difflib.get_close_matches(value.lower(), list(lowered), n=n, cutoff=0.5)]
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"
