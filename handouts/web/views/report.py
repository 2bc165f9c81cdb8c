"""Report page: upload a filled-in tracker; adherence per stretch and per day, and a pain chart."""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Route

from handouts.web import work
from handouts.web.charts import summarise
from handouts.web.views.common import form, html, web
from handouts.web.work_jobs import read_tracker


async def page(request: Request) -> HTMLResponse:
    return html(request, "report.html", page="report", summaries=None, failed=None)


async def read(request: Request) -> HTMLResponse:
    """Read the upload from the app's temporary folder, then remove it."""
    app = web(request)
    upload = (await form(request)).get("tracker")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return html(request, "report_result.html", 400, summaries=None,
                    failed=["Choose the filled-in tracker (a PDF file) first."])
    path = app.tmp / f"tracker-{secrets.token_hex(8)}.pdf"  # our name, never the upload's
    path.write_bytes(await upload.read())
    try:
        result = await app.run(read_tracker, path)
    finally:
        path.unlink(missing_ok=True)
    if isinstance(result, work.Failed):
        return html(request, "report_result.html", 400, summaries=None, failed=list(result.lines))
    return html(request, "report_result.html", summaries=[summarise(t) for t in result.trackers],
                failed=None)


def routes() -> list[BaseRoute]:
    return [
        Route("/report", page, name="report"),
        Route("/report/read", read, methods=["POST"], name="report_read"),
    ]
