"""The studio's web server: a Starlette app over a :class:`~pipeline.studio.session.Studio`.

Safety: it is meant for 127.0.0.1 only. Every request must carry this launch's token (a
SameSite=Strict cookie set when the page is opened with ``/?token=…``, or an ``X-Studio-Token``
header); a foreign ``Host`` header (DNS rebinding) and any cross-origin request are refused;
files are served only from inside the book folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import PipelineError
from .session import Job, Studio, voice_list

COOKIE = "studio_token"  # + the port: cookies are shared across ports, two studios may run at once
HEADER = "x-studio-token"
LOCAL_HOSTS = ("127.0.0.1", "localhost")


class GuardMiddleware:
    """Refuse cross-origin requests and requests without this launch's token.

    Runs after TrustedHostMiddleware (which refuses foreign Host headers). A request from the
    page itself has no Origin (GET) or the studio's own origin (POST, EventSource); anything
    else — another site's form, fetch or WebSocket — gets 403.
    """

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        problem = self.problem(request)
        if problem:
            await PlainTextResponse(problem, status_code=403)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def problem(self, request: Request) -> str | None:
        host = request.headers.get("host", "")
        origin = request.headers.get("origin")
        if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
            return f"cross-origin request refused (Origin {origin})"
        if request.headers.get("sec-fetch-site") == "cross-site":
            return "cross-site request refused"
        path = request.url.path
        if path.startswith("/static/"):
            return None  # the page's own script and style sheet: nothing of the book
        given = request.cookies.get(cookie_name(request)) or request.headers.get(HEADER) or ""
        if path == "/" and "token" in request.query_params:
            given = request.query_params["token"]
        if not secrets.compare_digest(given.encode(), self.token.encode()):
            return "this studio needs the token of its launch: open the address `audiobook studio` printed"
        return None


def create_app(studio: Studio, token: str, allowed_hosts: Sequence[str] = LOCAL_HOSTS,
               stopping: Callable[[], bool] = lambda: False) -> Starlette:
    """The ASGI app for one studio launch (``token`` guards every request). ``stopping`` says
    the server is shutting down, so open event streams end instead of holding it up."""

    def index(request: Request) -> Response:
        if "token" in request.query_params:  # first visit: keep the token in a cookie, drop it from the URL
            response: Response = RedirectResponse("/", status_code=303)
            response.set_cookie(cookie_name(request), token, httponly=True, samesite="strict")
            return response
        from importlib.resources import files

        html = files("pipeline.studio").joinpath("static/index.html").read_text(encoding="utf-8")
        return Response(html, media_type="text/html", headers={"Cache-Control": "no-store"})

    def state(request: Request) -> Response:
        return JSONResponse(studio.state())

    def voices(request: Request) -> Response:
        return JSONResponse(voice_list())

    def job(request: Request) -> Response:
        return _job(studio.job(int(request.path_params["job"])))

    async def body(request: Request) -> dict[str, Any]:
        try:
            data = await request.json() if await request.body() else {}
        except ValueError:
            raise PipelineError("request body is not JSON") from None
        if not isinstance(data, dict):
            raise PipelineError("request body must be a JSON object")
        return data

    async def edit_line(request: Request) -> Response:
        data = await body(request)
        text, speaker = data.get("text"), data.get("speaker")
        return _job(studio.edit(request.path_params["id"], None if text is None else str(text),
                                None if speaker is None else str(speaker)))

    async def split_line(request: Request) -> Response:
        data = await body(request)
        return _job(studio.split(request.path_params["id"], _int(data, "at")))

    async def merge_line(request: Request) -> Response:
        return _job(studio.merge(request.path_params["id"]))

    async def take_line(request: Request) -> Response:
        data = await body(request)
        return _job(studio.take(request.path_params["id"], _int(data, "take") if "take" in data else None))

    async def keep_take(request: Request) -> Response:
        data = await body(request)
        return _job(studio.keep(request.path_params["id"], _int(data, "take")))

    async def audition(request: Request) -> Response:
        data = await body(request)
        return _job(studio.audition(request.path_params["name"], _str(data, "voice")))

    async def recast(request: Request) -> Response:
        data = await body(request)
        return _job(studio.recast(request.path_params["name"], _str(data, "voice")))

    async def preview(request: Request) -> Response:
        data = await body(request)
        return JSONResponse({"lines": studio.pronunciation_preview(_str(data, "word"), _str(data, "say"))})

    async def pronounce(request: Request) -> Response:
        data = await body(request)
        return _job(studio.pronounce(_str(data, "word"), _str(data, "say")))

    async def render(request: Request) -> Response:
        return _job(studio.render())

    async def follow(request: Request) -> Response:
        return _job(studio.follow())

    def clip(request: Request) -> Response:
        take = request.query_params.get("take")
        path = studio.clip_path(request.path_params["id"], int(take) if take and take.isdigit() else None)
        return FileResponse(path, media_type="audio/flac", headers={"Cache-Control": "no-cache"})

    def book_file(request: Request) -> Response:
        try:
            path = studio.book_file(request.path_params["path"])
        except FileNotFoundError:
            return PlainTextResponse("not a file of this book", status_code=404)
        return FileResponse(path, headers={"Cache-Control": "no-cache"})

    async def events(request: Request) -> Response:
        after = request.query_params.get("after")
        start = int(after) if after and after.isdigit() else studio.last_event

        async def stream() -> Any:
            seen, idle = start, 0.0
            yield "retry: 1000\n\n"
            while not stopping() and not await request.is_disconnected():
                fresh = studio.events_since(seen)
                for event in fresh:
                    seen = event["seq"]
                    yield f"id: {seen}\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"
                idle = 0.0 if fresh else idle + 0.2
                if idle >= 15:
                    idle = 0.0
                    yield ": keep-alive\n\n"
                await asyncio.sleep(0.2)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    async def user_error(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": str(exc)}, status_code=400)

    routes = [
        Route("/", index),
        Route("/api/state", state),
        Route("/api/voices", voices),
        Route("/api/events", events),
        Route("/api/jobs/{job:int}", job),
        Route("/api/lines/{id}", edit_line, methods=["POST"]),
        Route("/api/lines/{id}/split", split_line, methods=["POST"]),
        Route("/api/lines/{id}/merge", merge_line, methods=["POST"]),
        Route("/api/lines/{id}/take", take_line, methods=["POST"]),
        Route("/api/lines/{id}/keep", keep_take, methods=["POST"]),
        Route("/api/cast/{name}/audition", audition, methods=["POST"]),
        Route("/api/cast/{name}", recast, methods=["POST"]),
        Route("/api/pronunciations/preview", preview, methods=["POST"]),
        Route("/api/pronunciations", pronounce, methods=["POST"]),
        Route("/api/render", render, methods=["POST"]),
        Route("/api/follow", follow, methods=["POST"]),
        Route("/clip/{id}", clip),
        Route("/book/{path:path}", book_file),
        Mount("/static", StaticFiles(packages=[("pipeline.studio", "static")]), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)),
                  Middleware(GuardMiddleware, token=token)]
    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {PipelineError: user_error}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        studio.close()

    return Starlette(routes=routes, middleware=middleware, exception_handlers=handlers, lifespan=lifespan)


def cookie_name(request: Request) -> str:
    """The token's cookie for this studio: one per port."""
    return f"{COOKIE}_{request.url.port or 80}"


def _job(job: Job) -> Response:
    return JSONResponse({"job": job.id, "label": job.label, "state": job.state, "result": job.result,
                         "error": job.error}, status_code=202 if job.state in ("queued", "running") else 200)


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PipelineError(f"{key!r}: expected a whole number, got {value!r}")
    return value


def _str(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PipelineError(f"{key!r}: expected text, got {value!r}")
    return value.strip()
