"""One render of a book folder at a time: the output folder check and its exclusive lock.

The CLI and the studio take the same lock, so two renders of one book never interleave."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import RenderError


def check_out_dir(out_dir: Path) -> None:
    """The output folder must be a writable folder (created if missing)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise RenderError(f"{out_dir}: output path is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RenderError(f"{out_dir}: cannot create the output folder ({error.strerror})") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise RenderError(f"{out_dir}: output folder is not writable")


@contextlib.contextmanager
def book_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder; a second render refuses with a clear message."""
    path = out_dir / ".lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                handle.seek(0)
                holder = handle.read().strip() or "?"
                raise RenderError(f"{out_dir}: another render of this book is running (pid {holder}); "
                                  "wait for it to finish") from None
            raise
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            # (Ctrl-C stops the workers at once: one stopped while writing a clip leaves its temporary file,
            # which nobody else can be writing while we hold the lock)
            remove_orphans(out_dir)
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_orphans(out_dir: Path) -> None:
    """Delete temporary files a killed render left behind (we hold the lock: nobody is writing)."""
    for tmp in (*out_dir.glob(".*.tmp"), *out_dir.glob("cache/clips/*/.*.tmp"), *out_dir.glob("cache/aac/.*.tmp")):
        tmp.unlink(missing_ok=True)
