"""Every route of the web page, from the four views and the static files."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from handouts.web.views import batch, library, program, report


async def home(request: Request) -> RedirectResponse:
    return RedirectResponse(request.url_for("library"), status_code=303)


def routes(static: Path) -> list[BaseRoute]:
    """The pages' routes, then /static from the package's folder."""
    return [
        Route("/", home, name="home"),
        *library.routes(), *program.routes(), *batch.routes(), *report.routes(),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]
