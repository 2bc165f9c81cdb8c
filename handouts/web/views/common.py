"""What every view shares: the app's context object, rendering, the checked form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse

from handouts.web.guard import checked_form

if TYPE_CHECKING:
    from handouts.web.app import WebApp


def web(request: Request) -> WebApp:
    """The app's context object."""
    app: WebApp = request.app.state.web
    return app


def html(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A rendered page or fragment; fragments for htmx, whole pages otherwise."""
    text = web(request).render(template, htmx=is_htmx(request), **context)
    return HTMLResponse(text, status_code=status)


def is_htmx(request: Request) -> bool:
    """True when htmx sent the request (it then wants a fragment, not a page)."""
    return request.headers.get("hx-request") == "true"


async def form(request: Request) -> FormData:
    """The POSTed form, CSRF-checked."""
    return await checked_form(request, web(request).token)


def text_fields(data: FormData) -> dict[str, str]:
    """Only the text fields of a form (files dropped)."""
    return {k: v for k, v in data.multi_items() if isinstance(v, str)}
