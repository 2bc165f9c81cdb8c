"""Safety of the web page: CSRF token on every POST, a request size limit, a log without names.

The access log names the route and status only, never a query string or form field, so a
patient's name (in a form, a saved program's id or a file name) is never written to it.
"""

from __future__ import annotations

import hmac
import logging
import time
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("handouts.web")
MAX_FIELDS = 400
MAX_FILES = 1
MAX_FIELD = 64 * 1024  # bytes in one text field; files are held to the request limit


class TooLarge(Exception):
    """The request body went over the app's limit."""


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413, whether or not they say their length."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            await _refuse(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except TooLarge:
            if not started:
                await _refuse(send)


async def _refuse(send: Send) -> None:
    body = b"This file is too large for the page. The limit is 8 MB."
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# Everything the page loads comes from itself; the preview image is a data: address.
HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self' "
                                 b"'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class AccessLog:
    """One line per request: method, route name (not the raw path), status, milliseconds.

    It also adds the page's security headers to every response.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = 500

        async def watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), *HEADERS]}
            await send(message)

        try:
            await self.app(scope, receive, watched)
        finally:
            log.info("%s %s %d %.0f ms", scope["method"], _route(scope), status,
                     (time.perf_counter() - began) * 1000)


class NoDetails(logging.Filter):
    """Keep an error's type and drop its message and traceback, which may hold what was typed."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            record.msg = f"{record.getMessage()} ({record.exc_info[0].__name__})"
            record.args, record.exc_info, record.exc_text = (), None, None
        return True


def _route(scope: Scope) -> str:
    """The matched route's path pattern ('/programs/{slug}'), else only the first path part."""
    route = scope.get("route")
    pattern = getattr(route, "path", None)
    if isinstance(pattern, str):
        return pattern
    first = str(scope.get("path", "/")).split("/")[1:2]
    return "/" + (first[0] if first and first[0] in ("static", "") else "?")


async def checked_form(request: Request, token: str) -> FormData:
    """The POSTed form, after its CSRF token (header X-CSRF-Token or field `csrf`) is checked.

    Raises HTTPException 403 for a missing or wrong token, 400 for a malformed form.
    """
    try:
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=MAX_FIELD)
    except HTTPException:
        raise
    except Exception as e:  # the multipart parser raises several kinds for bad input
        raise HTTPException(400, "The form could not be read.") from e
    sent: Any = request.headers.get("x-csrf-token") or form.get("csrf") or ""
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), token.encode()):
        raise HTTPException(403, "This page has expired. Reload it and try again.")
    return form
