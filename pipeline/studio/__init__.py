"""The review studio: a local web app to listen to any line, fix it, recast and re-render in place.

``audiobook studio BOOK`` calls :func:`serve`; :mod:`.session` is the book model and its jobs,
:mod:`.app` the Starlette app with its safety checks, ``static/`` the page (plain HTML, CSS and
JavaScript, no build step, nothing fetched from the network).
"""

from __future__ import annotations

import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from ..errors import RenderError
from .session import BookPaths, Studio, locate

__all__ = ["BookPaths", "Studio", "locate", "serve"]


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise RenderError(f"cannot listen on {host}:{port} ({error.strerror}); choose another --port "
                          "(0 picks a free one)") from None
    sock.listen(64)
    return sock


def serve(target: Path, cast: Path | None = None, port: int = 8765, open_browser: bool = True,
          say: Callable[[str], None] = print, host: str = "127.0.0.1") -> None:
    """Run the studio for a book (story file or rendered book folder) until Ctrl-C."""
    import uvicorn

    from .app import create_app

    studio = Studio(locate(target, cast))
    studio.production()  # a story or cast problem is reported now, before the server starts
    token = secrets.token_urlsafe(24)
    sock = _bind(host, port)
    url = f"http://{host}:{sock.getsockname()[1]}/?token={token}"
    server: uvicorn.Server | None = None
    app = create_app(studio, token, stopping=lambda: server is not None and server.should_exit)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5, lifespan="on"))
    say(f"studio for {studio.out_dir} at {url}")
    say("press Ctrl-C to stop")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        studio.close()
