"""The review studio's API through Starlette's TestClient, on the seed rendered with the real
engines: edits go through script.txt and re-render one clip, recasts re-render only that
character, pronunciations only the lines they change; the safety checks refuse what they must."""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pipeline.engines import get_engine
from pipeline.produce import prepare
from pipeline.produce.lock import book_lock
from pipeline.produce.manifest import read_manifest
from pipeline.studio import Studio, locate, session
from pipeline.studio.app import create_app
from pipeline.studio.edits import edit_line, merge_lines, split_line
from tests.conftest import SEED, SEED_CAST, run_cli

TOKEN = "test-token"
BASE = "http://127.0.0.1:8765"


class Book:
    """A copy of the rendered seed with its own cast file, and a studio client on it."""

    def __init__(self, out: Path, cast: Path, studio: Studio, client: TestClient) -> None:
        self.out, self.cast, self.studio, self.client = out, cast, studio, client

    def manifest(self) -> dict[str, Any]:
        return json.loads((self.out / "manifest.json").read_text())

    def script(self) -> str:
        return (self.out / "script.txt").read_text()

    def run(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST a job and wait for it; returns its result (fails the test if the job failed)."""
        response = self.client.post(path, json=body or {})
        assert response.status_code == 202, response.text
        job = self.studio.wait(response.json()["job"])
        assert job.state == "done", job.error
        return job.result

    def keys(self, predicate: Any) -> int:
        return len({s["key"] for s in self.manifest()["segments"] if s["key"] and predicate(s)})


@pytest.fixture
def book(seed_book: tuple[Path, str], tmp_path: Path) -> Iterator[Book]:
    out = tmp_path / "book"
    shutil.copytree(seed_book[0], out)
    cast = tmp_path / "cast.yaml"
    shutil.copy(SEED_CAST, cast)
    studio = Studio(locate(out, cast))
    with TestClient(create_app(studio, TOKEN), base_url=BASE, headers={"X-Studio-Token": TOKEN}) as client:
        yield Book(out, cast, studio, client)


def narration_line(book: Book, word: str = "") -> dict[str, Any]:
    return next(s for s in book.manifest()["segments"]
                if s["kind"] == "narration" and word in s["text"] and len(s["text"]) > 40 and s["key"])


def test_state_shows_chapters_lines_cast_and_review_queue(book: Book) -> None:
    state = book.client.get("/api/state").json()
    manifest = book.manifest()
    assert [c["file"] for c in state["chapters"]] == [c["file"] for c in manifest["chapters"]]
    times = {s["id"]: (s["start"], s["end"]) for s in manifest["segments"]}
    for line in state["lines"]:
        if line["spoken"]:
            assert (line["start"], line["end"]) == times[line["id"]]
    cast = {c["name"]: c for c in state["cast"]}
    assert cast["Sakura"]["voice"] == "kokoro:jf_alpha"
    assert cast["Sakura"]["lines"] == sum(1 for s in manifest["segments"] if s["speaker"] == "Sakura")
    assert cast["narrator"]["voice"] == "piper:en_US-joe-medium"
    assert len({c["colour"] for c in state["cast"]}) == len({c["voice"] for c in state["cast"]})
    confidences = [next(ln for ln in state["lines"] if ln["id"] == i)["confidence"] for i in state["queue"]]
    assert confidences == sorted(confidences) and len(confidences) > 5
    assert state["busy"] == {"busy": False}


def test_verify_field_of_the_manifest_is_shown_and_flagged_lines_lead_the_queue(
        book: Book, monkeypatch: pytest.MonkeyPatch) -> None:
    # manifest segments carry `verify` where `audiobook verify` wrote it
    target = narration_line(book)
    heard = {"wer": 0.6, "heard": "something else", "flagged": True}
    manifest = read_manifest(book.out)
    assert manifest is not None
    records = tuple(replace(s, verify=heard if s.id == target["id"] else {"wer": 0.0, "heard": s.text,
                                                                           "flagged": False})
                    for s in manifest.segments)
    monkeypatch.setattr(session, "read_manifest", lambda out: replace(manifest, segments=records))
    state = book.client.get("/api/state").json()
    assert state["queue"][0] == target["id"]
    row = next(ln for ln in state["lines"] if ln["id"] == target["id"])
    assert row["flagged"] is True and row["verify"]["heard"] == "something else"
    assert sum(1 for ln in state["lines"] if ln.get("flagged")) == 1


def test_editing_a_line_writes_script_txt_and_rerenders_one_clip(book: Book) -> None:
    line = narration_line(book, "concrete")
    before = {c["file"]: (book.out / c["file"]).stat().st_mtime_ns for c in book.manifest()["chapters"]}
    text = line["text"].replace("concrete", "brick")
    result = book.run(f"/api/lines/{line['id']}", {"text": text})
    assert result["summary"]["synthesized"] == 1 and result["summary"]["chapters_rebuilt"] == 1
    events = book.studio.events_since(0)  # what the page is pushed over /api/events
    assert [e["type"] for e in events if e["type"] != "progress"] == ["queued", "started", "script", "done"]
    assert [(e["done"], e["total"], e["line"]) for e in events if e["type"] == "progress"] == [(1, 1, line["id"])]
    assert f"{line['id']} | narrator | {' '.join(text.split())}" in book.script().splitlines()
    seg = next(s for s in book.manifest()["segments"] if s["id"] == line["id"])
    assert seg["text"] == " ".join(text.split()) and seg["key"] != line["key"]
    assert any((book.out / f).stat().st_mtime_ns != t for f, t in before.items())
    # the CLI sees the same edit: it is in script.txt, merged like a hand edit
    prod = prepare(SEED, book.cast, book.out)
    assert prod.merge is not None and line["id"] in prod.merge.edited
    clip = book.client.get(f"/clip/{line['id']}")
    assert clip.status_code == 200 and clip.headers["content-type"] == "audio/flac" and clip.content[:4] == b"fLaC"


def test_changing_a_speaker_goes_through_the_script(book: Book) -> None:
    line = next(s for s in book.manifest()["segments"] if s["speaker"] == "Sakura")
    result = book.run(f"/api/lines/{line['id']}", {"speaker": "Sasuke"})
    assert result["summary"]["synthesized"] == 1
    assert any(row.startswith(f"{line['id']} | Sasuke | ") for row in book.script().splitlines())
    seg = next(s for s in book.manifest()["segments"] if s["id"] == line["id"])
    assert (seg["speaker"], seg["voice"]) == ("Sasuke", "kokoro:jm_kumo")


def test_a_hand_edit_of_script_txt_shows_in_the_studio(book: Book) -> None:
    line = narration_line(book)
    script = edit_line(book.script(), line["id"], "A line edited by hand.")
    (book.out / "script.txt").write_text(script)
    row = next(ln for ln in book.client.get("/api/state").json()["lines"] if ln["id"] == line["id"])
    assert row["text"] == "A line edited by hand." and row["stale"] is True


def test_split_and_merge_lines(book: Book) -> None:
    line = narration_line(book, ". ")
    at = line["text"].index(". ") + 1
    result = book.run(f"/api/lines/{line['id']}/split", {"at": at})
    new_id = result["new_id"]
    assert result["summary"]["synthesized"] == 2
    segments = {s["id"]: s for s in book.manifest()["segments"]}
    assert segments[line["id"]]["text"] == line["text"][:at].strip()
    assert segments[new_id]["text"] == " ".join(line["text"][at:].split())
    assert segments[new_id]["start"] >= segments[line["id"]]["end"]
    result = book.run(f"/api/lines/{line['id']}/merge")
    assert result["merged"] == new_id and new_id not in {s["id"] for s in book.manifest()["segments"]}
    assert result["summary"]["synthesized"] == 0  # the merged text is the original line: its clip is cached


def test_another_take_for_ab_then_keep(book: Book) -> None:
    line = narration_line(book)
    result = book.run(f"/api/lines/{line['id']}/take")
    assert (result["a"], result["b"], result["synthesized"]) == (0, 1, 1)
    a = book.client.get(f"/clip/{line['id']}?take=0")
    b = book.client.get(f"/clip/{line['id']}?take=1")
    assert a.status_code == b.status_code == 200 and a.content != b.content
    assert next(s for s in book.manifest()["segments"] if s["id"] == line["id"])["key"] == line["key"]
    result = book.run(f"/api/lines/{line['id']}/keep", {"take": 1})
    assert result["summary"]["synthesized"] == 0 and result["summary"]["chapters_rebuilt"] == 1
    assert json.loads((book.out / "takes.json").read_text()) == {line["id"]: 1}
    assert book.client.get(f"/clip/{line['id']}").content == b.content


def test_recast_writes_the_cast_file_and_rerenders_only_that_character(book: Book) -> None:
    audition = book.run("/api/cast/Sasuke/audition", {"voice": "espeak:en-us+m3"})
    heard = book.client.get(audition["url"])
    assert heard.status_code == 200 and heard.content[:3] in (b"ID3", b"\xff\xfb")
    result = book.run("/api/cast/Sasuke", {"voice": "espeak:en-us+m3"})
    assert result["summary"]["synthesized"] == book.keys(lambda s: s["speaker"] == "Sasuke") > 5
    assert result["summary"]["cached"] == book.keys(lambda s: s["speaker"] != "Sasuke")
    assert book.manifest()["voices"]["Sasuke"] == "espeak:en-us+m3"
    text = book.cast.read_text()
    assert text.startswith("# Cast for seeds/redemption.txt")  # the person's comments are kept
    assert 'voice: "kokoro:jf_alpha"' in text and 'voice: "espeak:en-us+m3"' in text


def test_pronunciation_lists_affected_lines_and_rerenders_just_those(book: Book) -> None:
    preview = book.client.post("/api/pronunciations/preview", json={"word": "concrete", "say": "kon kreet"}).json()
    ids = {row["id"] for row in preview["lines"]}
    assert ids == {s["id"] for s in book.manifest()["segments"] if "concrete" in s["text"]} and ids
    result = book.run("/api/pronunciations", {"word": "concrete", "say": "kon kreet"})
    assert result["summary"]["synthesized"] == len(ids)
    assert 'concrete: "kon kreet"' in book.cast.read_text()


def test_bad_requests_are_clear_errors(book: Book) -> None:
    response = book.client.post("/api/lines/01-9999-00", json={"text": "x"})
    assert response.status_code == 400 and "no line '01-9999-00'" in response.json()["error"]
    response = book.client.post("/api/cast/Sasuke", json={"voice": "kokoro:jm_kumoo"})
    assert response.status_code == 202
    job = book.studio.wait(response.json()["job"])
    assert job.state == "failed" and "did you mean 'jm_kumo'" in (job.error or "")
    assert 'voice: "kokoro:jm_kumo"' in book.cast.read_text()  # a bad recast leaves the file alone


def test_safety_token_host_origin_and_paths(book: Book, tmp_path: Path) -> None:
    bare = TestClient(book.client.app, base_url=BASE)
    assert bare.get("/api/state").status_code == 403
    assert bare.get("/").status_code == 403
    opened = bare.get(f"/?token={TOKEN}", follow_redirects=False)
    assert opened.status_code == 303 and "samesite=strict" in opened.headers["set-cookie"].lower()
    assert "studio_token_8765=" in opened.headers["set-cookie"]  # one cookie per port: studios side by side
    bare.cookies.set("studio_token_8765", TOKEN)
    assert bare.get("/api/state").status_code == 200
    assert bare.get("/static/app.js").status_code == 200  # the page's code needs no token, holds no data
    foreign = TestClient(book.client.app, base_url="http://evil.example", headers={"X-Studio-Token": TOKEN})
    assert foreign.get("/api/state").status_code == 400
    cross = book.client.post("/api/render", headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403
    assert book.client.get("/api/state", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the browser")
    os.symlink(secret, book.out / "link.txt")
    chapter = book.manifest()["chapters"][0]["file"]
    assert book.client.get(f"/book/{chapter}").status_code == 200
    for path in ("/book/..%2Fsecret.txt", "/book/%2E%2E/secret.txt", "/book/link.txt", "/book/%2Fetc%2Fpasswd",
                 "/book/..%2F..%2F..%2F..%2Fetc%2Fpasswd"):
        response = book.client.get(path)
        assert response.status_code == 404 and b"not for the browser" not in response.content, path


def test_the_same_lock_as_the_cli(book: Book, monkeypatch: pytest.MonkeyPatch) -> None:
    # a CLI render holds the book: the studio shows it busy and its render is refused
    with book_lock(book.out):
        assert book.client.get("/api/state").json()["busy"]["by"] == "other"
        job = book.studio.wait(book.client.post(f"/api/lines/{narration_line(book)['id']}",
                                                json={"text": "Changed."}).json()["job"])
        assert job.state == "failed" and "another render of this book is running" in (job.error or "")
    # the studio renders: a CLI render of the same book is refused, never interleaved
    piper = get_engine("piper")
    gate, entered = threading.Event(), threading.Event()
    synthesize = piper.synthesize

    def held(text: str, voice: Any) -> Any:
        entered.set()
        gate.wait(120)
        return synthesize(text, voice)

    monkeypatch.setattr(piper, "synthesize", held)
    response = book.client.post(f"/api/lines/{narration_line(book)['id']}", json={"text": "Changed again."})
    assert entered.wait(120)
    try:
        assert book.client.get("/api/state").json()["busy"]["by"] == "studio"
        cli = run_cli("render", str(SEED), "--cast", str(book.cast), "-o", str(book.out))
        assert cli.returncode == 1 and "another render of this book is running" in cli.stderr
    finally:
        gate.set()
    assert book.studio.wait(response.json()["job"]).state == "done"


def test_edit_helpers_keep_the_script_format() -> None:
    script = "= Chapter 1: X\n01-0000-00 | Sakura | Hello there.  # 0.85 tag\n01-0000-01 | narrator | A. B.\n"
    assert "01-0000-00 | narrator | Hi" in edit_line(script, "01-0000-00", "Hi", "narrator")
    text, new_id = split_line(script, "01-0000-01", 2)
    assert new_id == "01-0000-01b" and text.endswith("01-0000-01 | narrator | A.\n01-0000-01b | narrator | B.\n")
    text, gone = merge_lines(script, "01-0000-00")
    assert gone == "01-0000-01" and "01-0000-00 | Sakura | Hello there. A. B." in text
    with pytest.raises(Exception, match="did you mean"):
        edit_line(script, "01-0000-0x", "x")


def test_follow_my_fixes_turns_the_run_around_a_speaker_fix(tmp_path: Path, fake_engine: Any) -> None:
    """One fixed line in the studio, then 'Follow my fixes': the rest of the alternating run takes
    the fixed speaker's turns, the job says which lines changed, and script.txt keeps them."""
    from pipeline.produce import render_production
    from tests.test_incremental import RUN_CAST, RUN_STORY

    story, cast, out = tmp_path / "story.txt", tmp_path / "cast.yaml", tmp_path / "book"
    story.write_text(RUN_STORY)
    cast.write_text(RUN_CAST)
    render_production(prepare(story, cast, out), out)
    studio = Studio(locate(out, cast))
    with TestClient(create_app(studio, TOKEN), base_url=BASE, headers={"X-Studio-Token": TOKEN}) as client:
        book = Book(out, cast, studio, client)
        first = next(s for s in book.manifest()["segments"] if s["text"] == "Out.")
        book.run(f"/api/lines/{first['id']}", {"speaker": "Mary"})
        speakers = [s["speaker"] for s in book.manifest()["segments"] if s["kind"] == "dialogue"]
        assert speakers == ["Tom", "Mary", "Tom", "Ann", "Tom", "Ann"]  # the fix alone
        result = book.run("/api/follow")
        assert [row[1:] for row in result["followed"]] == [["Ann", "Mary"], ["Ann", "Mary"]]
        assert result["summary"]["synthesized"] == 2
        speakers = [s["speaker"] for s in book.manifest()["segments"] if s["kind"] == "dialogue"]
        assert speakers == ["Tom", "Mary", "Tom", "Mary", "Tom", "Mary"]
        assert "| Mary | Nobody." in book.script()
