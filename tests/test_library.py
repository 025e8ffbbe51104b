"""`audiobook library render`: every book in a folder with its own cast, one shared clip store,
one report; a broken book is reported and the others still render (real Piper voice)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.render.cache import ClipStore
from tests.conftest import run_cli

SHARED = "The rain went on all night."
CAST = """narrator: {voice: "piper:en_US-joe-medium"}
characters:
  Anna: {gender: female, voice: "piper:en_US-joe-medium", speed: 1.2}
"""


def test_library_renders_every_book_with_one_store_and_one_report(tmp_path: Path) -> None:
    books = tmp_path / "books"
    books.mkdir()
    (books / "alpha.txt").write_text(f'"Come in," said Anna.\n\n{SHARED}\n', encoding="utf-8")
    (books / "alpha.yaml").write_text(CAST)
    (books / "beta.md").write_text(f"{SHARED}\n\nMorning came.\n", encoding="utf-8")  # no cast: default voices
    (books / "gamma.txt").write_text("Nothing here is read.\n", encoding="utf-8")
    (books / "gamma.yaml").write_text('narrator: {voice: "piper:en_US-jo-medium"}\n')  # a typo in the voice
    out = tmp_path / "out"
    result = run_cli("library", "render", str(books), "-o", str(out), "--workers", "1")
    assert result.returncode == 1, result.stderr
    assert "1 book(s) did not render completely" in result.stderr
    assert "gamma" in result.stdout and "FAILED" in result.stdout and "en_US-joe-medium" in result.stdout
    report = json.loads((out / "library.json").read_text())
    assert (report["books"], report["rendered"], report["failed_books"]) == (3, 2, 1)
    per_book = {Path(b["out"]).name: b for b in report["per_book"]}
    assert per_book["alpha"]["cast"].endswith("alpha.yaml") and per_book["beta"]["cast"] is None
    assert (out / "alpha" / "01-alpha.mp3").is_file() and (out / "beta" / "01-beta.mp3").is_file()
    # one store for every book: the line both books speak with the same voice is made once
    store = ClipStore(out / "clips")
    keys = {s["key"] for name in ("alpha", "beta")
            for s in json.loads((out / name / "manifest.json").read_text())["segments"] if s["key"]}
    assert keys == store.keys() and not (out / "alpha" / "cache" / "clips").exists()
    assert per_book["beta"]["cached"] == 1 and report["synthesized"] == len(keys)
    assert report["hours"] > 0
    # the whole library again: nothing to synthesise
    again = run_cli("library", "render", str(books), "-o", str(out), "--workers", "2")
    assert json.loads((out / "library.json").read_text())["synthesized"] == 0, again.stderr
