"""The ``audiobook`` command: parse, cast, render, status, find, check, clean, voices, say.

The only module that knows about click, printing and exit codes: 0 ok, 1 a user error (bad
story, cast, voice, output folder, failed lines), 2 a usage error (click's own).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .errors import PipelineError


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except PipelineError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("interrupted: every finished clip is kept; run the same command again to resume", err=True)
        sys.exit(130)


def _progress(label: str) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[line]}"),
                    TimeRemainingColumn(), console=console, transient=True, disable=not console.is_terminal)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="audiobook-pipeline")
def main() -> None:
    """Prose fiction in, a finished multi-voice audiobook out."""


story_arg = click.argument("story", type=click.Path(path_type=Path))


def parallel_opts(command: Any) -> Any:
    """``--workers N`` and ``--ray [ADDRESS]``: how synthesis runs (``render``, ``library render``)."""
    command = click.option("--ray", "ray_address", is_flag=False, flag_value="local", default=None,
                           metavar="[ADDRESS]", help="Render on a Ray cluster (extra [ray]): a running cluster's "
                           "ADDRESS, or none for a local one.")(command)
    return click.option("--workers", type=click.IntRange(1), default=None,
                        help="Processes synthesising and assembling in parallel (default: every core).")(command)
cast_opt = click.option("--cast", "cast_path", type=click.Path(path_type=Path),
                        help="Cast file (YAML): narrator, characters, pronunciations, voice pools.")


def read_opts(command: Any) -> Any:
    """--lang, --read-notes and --ruby: how the book is read in (see ReadOptions)."""
    command = click.option("--ruby", type=click.Choice(["base", "reading"]), default="base", show_default=True,
                           help="Japanese ruby (furigana): read the base text or its reading.")(command)
    command = click.option("--read-notes", is_flag=True,
                           help="Read footnotes and endnotes aloud at the end of their chapter.")(command)
    return click.option("--lang", "lang", metavar="TAG", default=None,
                        help="The book's language (BCP 47, e.g. fr, ja, pt-BR); default: the EPUB's "
                             "dc:language, or detected from the text.")(command)


def _read_options(lang: str | None, read_notes: bool, ruby: str) -> Any:
    from .model import ReadOptions
    from .speech.language import normalize_tag

    tag = normalize_tag(lang) if lang else None
    if lang and tag is None:
        raise click.BadParameter(f"{lang!r} is not a language tag (e.g. en, fr, ja, pt-BR)", param_hint="--lang")
    return ReadOptions(language=tag, read_notes=read_notes, ruby="reading" if ruby == "reading" else "base")


def _report_reading(prod: Any) -> None:
    """Warnings met reading the book, and what was left out, on stderr (stdout stays the parse output)."""
    for warning in prod.warnings:
        click.echo(f"warning: {warning}", err=True)
    book = prod.book
    segments = prod.script.segments
    spoken = sum(1 for s in segments if s.spoken)
    notes = sum(1 for s in segments if s.reason == "note" and s.kind == "narration")
    line = (f"{len(book.chapters)} chapter(s), {spoken} spoken and {len(segments) - spoken} unspoken segment(s)"
            f"{f', {notes} note(s)' if notes else ''}; language {book.language or 'unknown'}")
    if book.skipped:
        line += "; skipped: " + ", ".join(f"{n} {what}" for what, n in book.skipped)
    click.echo(line, err=True)


@main.command()
@story_arg
@cast_opt
@click.option("--format", "fmt", type=click.Choice(["json", "script", "text"]), default="text", show_default=True,
              help="json: the segments contract; script: the editable script; text: a readable listing.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
@click.option("--review", "review", is_flag=True, help="List the least certain lines first, with context.")
@click.option("--limit", default=20, show_default=True, help="With --review: how many lines.")
@click.option("--force", is_flag=True, help="Overwrite a script file that has hand edits.")
@click.option("--follow-fixes", is_flag=True,
              help="With -o OUT/script.txt: decide the lines you did not edit again around your speaker fixes.")
@read_opts
def parse(story: Path, cast_path: Path | None, fmt: str, output: Path | None, review: bool, limit: int,
          force: bool, follow_fixes: bool, lang: str | None, read_notes: bool, ruby: str) -> None:
    """Split STORY into narration and dialogue and attribute every quoted line.

    Writing the script (--format script -o OUT/script.txt) over a rendered book's script keeps
    its hand edits where the story text is unchanged; a script with edits that cannot be kept
    is not overwritten without --force.
    """
    from .script import format_script

    with _user_errors():
        from .produce import prepare

        script_dir = output.parent if output is not None and fmt == "script" and output.exists() else None
        prod = prepare(story, cast_path, script_dir, force, _read_options(lang, read_notes, ruby), follow_fixes)
        _report_reading(prod)
        _print_followed(prod)
        if review:
            click.echo(_review(prod, limit), nl=False)
            return
        if fmt == "json":
            text = json.dumps({"segments": [s.to_json() for s in prod.script.segments]}, indent=1,
                              ensure_ascii=False) + "\n"
        elif fmt == "script":
            text = format_script(prod.script)
        else:
            rows = []
            for s in prod.script.segments:
                who = s.speaker if s.kind == "dialogue" else ("narrator" if s.spoken else "(not read)")
                note = f"  [{s.confidence:.2f} {s.reason}]" if s.kind == "dialogue" else ""
                rows.append(f"{s.id}  {who:>12}: {' '.join(s.text.split())}{note}")
            text = "\n".join(rows) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)


def _review(prod: Any, limit: int) -> str:
    """The least certain dialogue lines, each with the text around it, for a person to check."""
    segments = list(prod.script.segments)
    index = {s.id: i for i, s in enumerate(segments)}
    dialogue = sorted((s for s in segments if s.kind == "dialogue"), key=lambda s: (s.confidence, s.id))
    out = [f"{len(dialogue)} dialogue line(s); the {min(limit, len(dialogue))} least certain first. "
           "Fix a speaker in script.txt (ID | SPEAKER | TEXT) and render again "
           "(with --follow-fixes the untagged lines after it follow the fix)."]
    for seg in dialogue[:limit]:
        i = index[seg.id]
        before = " ".join(segments[i - 1].text.split())[-100:] if i > 0 else ""
        after = " ".join(segments[i + 1].text.split())[:100] if i + 1 < len(segments) else ""
        runner = f" (runner-up {seg.runner_up[0]} {seg.runner_up[1]:.2f})" if seg.runner_up else ""
        out += ["", f"{seg.id}  {seg.speaker}  confidence {seg.confidence:.2f}{runner}: {seg.reason}",
                f"  before: …{before}" if before else "  before: (chapter start)",
                f"  line:   {' '.join(seg.text.split())}",
                f"  after:  {after}…" if after else "  after:  (chapter end)"]
    return "\n".join(out) + "\n"


@main.command()
@story_arg
@cast_opt
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path),
              help="Output folder (default: output/<book-slug>/).")
@click.option("--line", "lines", multiple=True, metavar="ID", help="Synthesise this line again (repeatable).")
@click.option("--take", type=click.IntRange(0, 999), default=None,
              help="With --line: use take N of those lines from now on (each take is cached; 0 = the first).")
@click.option("--force", is_flag=True, help="Drop script.txt edits whose story text has changed.")
@click.option("--follow-fixes", is_flag=True,
              help="Decide the script.txt lines you did not edit again around your speaker fixes (one fix "
                   "turns a whole alternating run).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["mp3", "flac", "wav"]),
              help="Chapter file format(s) (repeatable; default mp3).")
@click.option("--m4b", is_flag=True, help="Also write one M4B of the whole book with chapter markers.")
@click.option("--dry-run", is_flag=True,
              help="Print each line's voice and the text as it will be spoken; render nothing.")
@read_opts
@click.option("--verify", "verify", is_flag=True,
              help="Then hear every clip with speech recognition and flag lines heard wrong (as `verify`).")
@parallel_opts
@click.option("--store", type=click.Path(path_type=Path), default=None,
              help="Clip store folder (default OUT/cache/clips); with --ray, one every node can write to.")
def render(story: Path, cast_path: Path | None, out_dir: Path | None, lines: tuple[str, ...],
           take: int | None, force: bool, follow_fixes: bool, formats: tuple[str, ...], m4b: bool, dry_run: bool,
           lang: str | None, read_notes: bool, ruby: str, verify: bool, workers: int | None,
           ray_address: str | None, store: Path | None) -> None:
    """Render STORY to chapter MP3s, script.txt and manifest.json.

    Only lines whose clip is not cached are synthesised and only chapters whose audio changed
    are rebuilt. Edits to OUT/script.txt (a line's text or speaker, deleted or added lines) are
    picked up.
    """
    from .errors import RenderError
    from .produce import default_out_dir, prepare, render_production

    if workers is not None and ray_address is not None:
        raise click.UsageError("--workers and --ray cannot be combined (Ray uses every CPU of its cluster)")
    with _user_errors():
        if verify:
            from .verify import require

            require()  # before rendering: say what to install now, not after the render
        target = out_dir or default_out_dir(story)
        prod = prepare(story, cast_path, target, force, _read_options(lang, read_notes, ruby), follow_fixes)
        for warning in prod.warnings:
            click.echo(f"warning: {warning}", err=True)
        _print_merge(prod)
        _print_followed(prod)
        known = {s.id for s in prod.script.segments}
        unknown = [i for i in lines if i not in known]
        if unknown:
            from .errors import did_you_mean

            raise RenderError(f"unknown line id {unknown[0]!r}{did_you_mean(unknown[0], known)}")
        if take is not None and not lines:
            raise click.UsageError("--take needs --line ID")
        if dry_run:
            from .produce import plan_book

            for line in plan_book(prod):
                said = line.spoken if line.key else "(pause)"
                click.echo(f"{line.segment.id:<12} {line.voice.describe():<28} {said}")
            return
        from .render.runners import make_runner

        with make_runner(workers, None if ray_address == "local" else ray_address, use_ray=ray_address is not None,
                         direct=store is not None) as runner, _progress("synthesising") as bar:
            task = bar.add_task("synth", total=None, line="")

            def tick(done: int, total: int, line: Any) -> None:
                bar.update(task, completed=done, total=total, line=line.segment.id)

            report = render_production(prod, target, force=frozenset(lines),
                                       takes={i: take for i in lines} if take is not None else None, progress=tick,
                                       formats=tuple(dict.fromkeys(formats or ("mp3",))), m4b=m4b, runner=runner,
                                       store=store)
        s = report.summary()
        click.echo(f"synthesized {s['synthesized']}, cached {s['cached']}, chapters rebuilt {s['chapters_rebuilt']}"
                   f" of {s['chapters']}; {s['duration_seconds'] / 60:.1f} min of audio in {s['wall_seconds']:.1f} s")
        for name, e in s["engines"].items():
            click.echo(f"  {name}: {e['clips']} clips, {e['audio_seconds']:.1f} s audio, {e['rtf']:.1f}x real time")
        click.echo(f"wrote {report.out_dir}/ ({', '.join(c.file for c in report.chapters[:3])}"
                   f"{', ...' if len(report.chapters) > 3 else ''}, script.txt, manifest.json)")
        if report.failed:
            for seg_id, error in report.failed:
                click.echo(f"failed {seg_id}: {error}", err=True)
            raise RenderError(f"{len(report.failed)} line(s) failed; fix them and run render again "
                              "(finished lines are kept)")
        if verify:
            _verify(prod, target, None, 0.3, 0, False, 10)


def _verify(prod: Any, out_dir: Path, model_dir: Path | None, threshold: float, retake: int, pack: bool,
            limit: int) -> None:
    """Run a verify and print its table: lines checked, flagged, the worst lines, retakes, words."""
    from .verify import require, verify_production

    require(model_dir)
    with _progress("listening") as bar:
        task = bar.add_task("listen", total=None, line="")

        def tick(done: int, total: int, seg_id: str) -> None:
            bar.update(task, completed=done, total=total, line=seg_id)

        report = verify_production(prod, out_dir, model_dir=model_dir, threshold=threshold, retake=retake,
                                   pack=pack, progress=tick)
    click.echo(_verify_table(report, limit), nl=False)


def _verify_table(report: Any, limit: int) -> str:
    checks = report.checks
    speed = (f"; {report.audio_seconds / 60:.1f} min of audio in {report.listen_seconds:.0f} s, "
             f"{report.audio_seconds / report.listen_seconds:.1f}x real time" if report.listen_seconds else "")
    out = [f"checked {len(checks)} line(s) ({report.transcribed} transcribed, {sum(not c.fresh for c in checks)} "
           f"heard before{speed}) with {report.model}",
           f"flagged {len(report.flagged)} line(s) with word error rate over {report.threshold:.2f}"
           + (f"; {len(report.not_rendered)} line(s) not rendered yet" if report.not_rendered else "")]
    worst = [c for c in report.worst(limit) if c.wer > 0]
    if worst:
        out += ["", "worst lines:", f"  {'id':<12} {'error':>5}  {'who':<10} {'voice':<24} said / heard"]
        for c in worst:
            mark = "!" if c.flagged else " "
            out.append(f"{mark} {c.id:<12} {c.wer:>5.2f}  {c.who[:10]:<10} {c.voice[:24]:<24} {c.score.reference}")
            out.append(f"  {'':<12} {'':>5}  {'':<10} {'':<24} {c.score.heard or '(nothing)'}")
    if report.retakes:
        fixed = sum(r.fixed for r in report.retakes)
        out += ["", f"retakes: {fixed} of {len(report.retakes)} flagged line(s) fixed; "
                    f"{report.chapters_rebuilt} chapter(s) rebuilt"]
        for r in report.retakes:
            verdict = "fixed" if r.fixed else ("better" if r.new_wer < r.old_wer else "no better take")
            out.append(f"  {r.id:<12} take {r.old_take} ({r.old_wer:.2f}) -> take {r.new_take} ({r.new_wer:.2f}) "
                       f"after {r.tried} new take(s): {verdict}")
    if report.words:
        out += ["", "words the voices get wrong (candidates for the cast's pronunciations):"]
        for w in report.words:
            note = "  (has a pronunciation)" if w.has_pronunciation else ""
            out.append(f"  {w.word:<16} misheard {w.misheard} of {w.seen} time(s), heard as "
                       f"{', '.join(repr(h) for h in w.heard_as)}; lines {', '.join(w.lines[:6])}"
                       f"{', ...' if len(w.lines) > 6 else ''}{note}")
        fresh = [w for w in report.words if not w.has_pronunciation]
        if fresh:
            out.append(f"  e.g. pronunciations: {{{fresh[0].word}: \"<respelling>\"}} in the cast file, then render")
    for p in report.pronunciations:
        before = (f"; {p.right_before} of {p.compared} before the entry" if p.compared else "")
        out.append(f"pronunciation {p.word} -> {p.said!r}: heard right in {p.right_now} of {p.lines} line(s) now"
                   f"{before}")
    return "\n".join(out) + "\n"


@main.command("verify")
@click.argument("book", type=click.Path(path_type=Path))
@click.option("--retake", type=click.IntRange(0, 50), default=0, show_default=True,
              help="Re-synthesise each flagged line with up to N new takes and keep the best one.")
@click.option("--threshold", type=click.FloatRange(0.0, 10.0), default=0.3, show_default=True,
              help="Flag lines whose word error rate is over this.")
@click.option("--model", "model_dir", type=click.Path(path_type=Path),
              help="A CTranslate2 Whisper model folder to use instead of the bundled Whisper base.")
@click.option("--pack", is_flag=True,
              help="Faster: hear short clips together in shared 30 s windows (neighbours' words give context).")
@click.option("--limit", default=10, show_default=True, help="How many of the worst lines to list.")
def verify_cmd(book: Path, retake: int, threshold: float, model_dir: Path | None, pack: bool, limit: int) -> None:
    """Hear every clip of a rendered BOOK (its output folder) with offline speech recognition,
    compare it with its line and flag the lines heard wrong; --retake N tries new takes of them.

    Results are kept per clip: verifying again transcribes only clips rendered since.
    """
    from .verify import production_for, require

    with _user_errors():
        require(model_dir)
        prod = production_for(book)
        _verify(prod, book, model_dir, threshold, retake, pack, limit)


def _print_merge(prod: Any) -> None:
    merge = prod.merge
    if merge and (merge.edited or merge.added or merge.deleted or merge.dropped):
        click.echo(f"script.txt: {len(merge.edited)} edited, {len(merge.added)} added, {len(merge.deleted)} deleted "
                   f"line(s) kept" + (f"; dropped edits to {', '.join(merge.dropped)} (--force)" if merge.dropped
                                      else ""))


def _print_followed(prod: Any) -> None:
    """The lines --follow-fixes decided again around a person's speaker fixes."""
    if not prod.followed:
        return
    click.echo(f"following your speaker fixes, {len(prod.followed)} more line(s) changed speaker:")
    for seg_id, before, after in prod.followed[:20]:
        click.echo(f"  {seg_id}  {before} -> {after}")
    if len(prod.followed) > 20:
        click.echo(f"  ... and {len(prod.followed) - 20} more (script.txt has them all)")


@main.group()
def library() -> None:
    """Work on a folder of books at once."""


@library.command("render")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_root", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Each book goes to OUT/<book-slug>/; library.json (the report) to OUT/.")
@parallel_opts
@click.option("--store", type=click.Path(path_type=Path), default=None,
              help="The clip store all books share (default OUT/clips); with --ray, one every node can write to.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["mp3", "flac", "wav"]),
              help="Chapter file format(s) (repeatable; default mp3).")
@click.option("--m4b", is_flag=True, help="Also write one M4B per book.")
def library_render(folder: Path, out_root: Path, workers: int | None, ray_address: str | None, store: Path | None,
                   formats: tuple[str, ...], m4b: bool) -> None:
    """Render every book in FOLDER (X.txt/.md/.epub, each with its cast X.yaml beside it, if any)
    with one shared clip store, and print one report."""
    from .errors import RenderError
    from .produce.library import render_library
    from .render.runners import make_runner

    with _user_errors():
        if workers is not None and ray_address is not None:
            raise click.UsageError("--workers and --ray cannot be combined (Ray uses every CPU of its cluster)")
        with make_runner(workers, None if ray_address == "local" else ray_address, use_ray=ray_address is not None,
                         direct=store is not None) as runner, _progress("rendering") as bar:

            def progress(book: Any) -> Any:
                task = bar.add_task(book.slug, total=None, line=book.slug)

                def tick(done: int, total: int, line: Any) -> None:
                    bar.update(task, completed=done, total=total, line=f"{book.slug} {line.segment.id}")

                return tick

            report = render_library(folder, out_root, runner, store=store,
                                    formats=tuple(dict.fromkeys(formats or ("mp3",))), m4b=m4b, progress=progress)
        s = report.summary()
        width = max(4, *(len(Path(b["out"]).name) for b in s["per_book"]))
        click.echo(f"{'book':<{width}}  {'hours':>7}  {'synth':>6}  {'cached':>6}  result")
        for b in s["per_book"]:
            name = Path(b["out"]).name
            if b["error"]:
                click.echo(f"{name:<{width}}  {'':>7}  {'':>6}  {'':>6}  FAILED")
                click.echo("\n".join(f"    {row}" for row in b["error"].splitlines()))
                continue
            verdict = f"{len(b['failed'])} line(s) failed" if b["failed"] else "ok"
            click.echo(f"{name:<{width}}  {b['hours']:>7.2f}  {b['synthesized']:>6}  {b['cached']:>6}  {verdict}")
        click.echo(f"{s['rendered']} of {s['books']} book(s) rendered, {s['hours']:.2f} h of audio; synthesized "
                   f"{s['synthesized']}, cached {s['cached']} in {s['wall_seconds']:.1f} s; report: "
                   f"{out_root / 'library.json'}")
        if report.failures:
            raise RenderError(f"{report.failures} book(s) did not render completely; fix them and run again "
                              "(finished clips are kept)")


@main.command("status")
@story_arg
@cast_opt
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path),
              help="Output folder (default: output/<book-slug>/).")
@read_opts
def status_cmd(story: Path, cast_path: Path | None, out_dir: Path | None, lang: str | None, read_notes: bool,
               ruby: str) -> None:
    """Show what a render would redo, and why, without rendering anything."""
    from .produce import default_out_dir, prepare
    from .produce.status import status

    with _user_errors():
        target = out_dir or default_out_dir(story)
        prod = prepare(story, cast_path, target, options=_read_options(lang, read_notes, ruby))
        _print_merge(prod)
        stale, chapters = status(prod, target)
        for item in stale:
            click.echo(f"stale {item.id}  (chapter {item.chapter}): {item.reason}")
        click.echo(f"{len(stale)} line(s) to synthesise, {len(chapters)} of {len(prod.book.chapters)} chapter(s) "
                   f"to rebuild" + (f": {', '.join(map(str, chapters))}" if chapters else "") + f" in {target}")


class Position(click.ParamType):
    """A moment in a rendered book, ``CHAPTER:MM:SS`` (also ``CH:H:MM:SS`` and ``CH:SS.s``),
    converted to ``(chapter, seconds)``."""

    name = "CH:MM:SS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[int, float]:
        if isinstance(value, tuple):
            return value
        parts = str(value).strip().split(":")
        try:
            chapter = int(parts[0])
            seconds = 0.0
            for part in parts[1:]:
                seconds = seconds * 60 + float(part)
        except ValueError:
            chapter = 0
            parts = []
        if len(parts) < 2:
            self.fail(f"{value!r}: expected CHAPTER:MM:SS, e.g. 3:12:34", param, ctx)
        return chapter, seconds


@main.command("find")
@click.argument("book", type=click.Path(path_type=Path))
@click.option("--at", "at", required=True, type=Position(), help="Chapter and time, e.g. 3:12:34.")
def find_cmd(book: Path, at: tuple[int, float]) -> None:
    """Print the line playing at a moment of a rendered BOOK (its output folder or its story file)."""
    from .produce import default_out_dir
    from .produce.status import find_line

    with _user_errors():
        out_dir = book if book.is_dir() else default_out_dir(book)
        seg = find_line(out_dir, *at)
        who = seg.speaker if seg.kind == "dialogue" else "narrator"
        click.echo(f"{seg.id}  {_clock(seg.start or 0.0)}-{_clock(seg.end or 0.0)}  {who}  {seg.voice}")
        click.echo(f"  {' '.join(seg.text.split())}")


def _clock(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours}:{minutes:02d}:{secs:04.1f}" if hours else f"{minutes}:{secs:04.1f}"


@main.command("clean")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only say what would be removed.")
def clean_cmd(folder: Path, dry_run: bool) -> None:
    """Remove cached clips a rendered book no longer uses (old takes, old voices, edited lines)."""
    from .produce.status import clean

    with _user_errors():
        report = clean(folder, dry_run)
        verb = "would remove" if dry_run else "removed"
        click.echo(f"{verb} {report.clips} unused clip(s), {report.bytes / 1e6:.1f} MB; kept {report.kept}")


@main.command("check")
@click.argument("folder", type=click.Path(path_type=Path))
def check_cmd(folder: Path) -> None:
    """Measure a rendered book's MP3s against ACX's standard (RMS, peak, noise floor, room tone,
    bitrate, rate); exit 1 if any figure fails."""
    from .assemble.check import check_folder
    from .errors import RenderError

    with _user_errors():
        if not folder.is_dir():
            raise RenderError(f"{folder}: not a folder of rendered chapters")
        results = check_folder(folder)
        if not results:
            raise RenderError(f"{folder}: no .mp3 files to check")
        names = [m.name for m in results[0][1]]
        width = max(len(p.name) for p, _ in results)
        click.echo(f"{'file':<{width}}  " + "  ".join(f"{n:>14}" for n in names) + "  result")
        click.echo(f"{'limit':<{width}}  " + "  ".join(f"{m.limit:>14}" for m in results[0][1]))
        failures = 0
        for path, measures in results:
            cells = [f"{m.value!s:>12} {'ok' if m.ok else '!!'}"[-14:].rjust(14) for m in measures]
            bad = [m.name for m in measures if not m.ok]
            failures += bool(bad)
            verdict = f"  FAIL ({', '.join(bad)})" if bad else "  PASS"
            click.echo(f"{path.name:<{width}}  " + "  ".join(cells) + verdict)
        click.echo(f"{len(results) - failures} of {len(results)} file(s) pass every ACX figure")
        if failures:
            sys.exit(1)


@main.command()
@click.option("--engine", "engine_name", help="Only this engine's voices.")
@click.option("--sample", "sample_dir", type=click.Path(path_type=Path),
              help="Write one short MP3 per voice into this folder, to listen before casting.")
@click.option("--voice", "specs", multiple=True, metavar="SPEC", help="With --sample: only these voices.")
@click.option("--text", default=None, help="With --sample: the sentence to speak.")
def voices(engine_name: str | None, sample_dir: Path | None, specs: tuple[str, ...], text: str | None) -> None:
    """List every voice as engine:voice with gender, language and sample rate."""
    from .engines import engine_names, get_engine

    with _user_errors():
        names = [engine_name] if engine_name else engine_names()
        listed = [v for name in names for v in get_engine(name).voices()]
        if sample_dir is None:
            for v in listed:
                click.echo(f"{v.spec:<32} {v.gender:<8} {v.language:<10} {v.sample_rate} Hz")
            return
        from .render.audition import DEFAULT_TEXT, SKIPPED_BY_DEFAULT, render_samples

        chosen = list(specs) or [v.spec for v in listed if engine_name or v.engine not in SKIPPED_BY_DEFAULT]
        for path in render_samples(sample_dir, chosen, text or DEFAULT_TEXT):
            click.echo(f"wrote {path}")


@main.command()
@click.argument("text")
@click.option("--voice", "spec", default="piper:en_US-joe-medium", show_default=True, help="engine:voice")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="MP3 (or .wav) to write.")
@click.option("--speed", type=float, default=None, help="Speaking speed multiplier.")
def say(text: str, spec: str, output: Path, speed: float | None) -> None:
    """Speak TEXT with one voice, to audition it."""
    from .engines import voice_from_spec
    from .render.audition import speak_to_file

    with _user_errors():
        voice = voice_from_spec(spec, {"speed": speed} if speed else None)
        seconds = speak_to_file(text, voice, output)
        click.echo(f"wrote {output} ({seconds:.1f} s, {voice.spec})")


@main.command("cast")
@story_arg
@cast_opt
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the starter cast here.")
def cast_cmd(story: Path, cast_path: Path | None, output: Path | None) -> None:
    """Write a starter cast file: detected characters, line counts, genders, voices from the pools."""
    with _user_errors():
        from .cast import conversation_pairs, starter_cast_yaml
        from .parse.characters import discover_characters
        from .produce import prepare

        prod = prepare(story, cast_path)
        detected = [d for d in discover_characters(prod.parsed)
                    if d.name not in ("unknown", "Narrator")]
        text = starter_cast_yaml(detected, prod.cast, prod.book.title, conversation_pairs(prod.parsed.segments))
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
            click.echo(f"wrote {output}")
        else:
            click.echo(text, nl=False)


@main.command()
@click.argument("book", type=click.Path(path_type=Path))
@cast_opt
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser; just print the address.")
def studio(book: Path, cast_path: Path | None, port: int, no_browser: bool) -> None:
    """Review BOOK (a story file or a rendered book folder) in the browser: listen, fix, recast,
    re-render in place."""
    from .studio import serve

    with _user_errors():
        serve(book, cast_path, port, not no_browser, say=lambda text: click.echo(text))


if __name__ == "__main__":
    main()
