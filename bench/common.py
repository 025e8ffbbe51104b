"""Helpers shared by the benchmarks: pick the cast, write a one-voice cast for long books."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bench_cast(story: Path, cast: str | None, all_voices: str | None, tmp: Path) -> Path | None:
    """The cast to render with: ``--all-voices SPEC`` (one fast voice for everyone), the given
    file, the seed's own cast for the seed, or none (auto-cast)."""
    if all_voices:
        path = tmp / "cast.yaml"
        pool = f'["{all_voices}"]'
        path.write_text(f'narrator: {{voice: "{all_voices}"}}\n'
                        f"voice_pool: {{female: {pool}, male: {pool}, unknown: {pool}}}\n")
        return path
    if cast:
        return Path(cast)
    if story.name == "redemption.txt":
        return ROOT / "voices" / "redemption.yaml"
    return None
