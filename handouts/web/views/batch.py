"""Batch page: upload a patients CSV, see every row checked, build with a progress bar, get a zip."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import shutil
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse
from starlette.routing import BaseRoute, Route

from handouts.web import work
from handouts.web.views.common import form, html, web
from handouts.web.work_jobs import Checked, build_job, check_csv

MAX_BATCHES = 8  # uploads kept at once, with their packets


@dataclass
class BatchRun:
    """One uploaded CSV: its checked rows, then the packets built from it."""

    id: str
    folder: Path
    checked: Checked
    done: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)
    task: asyncio.Task[None] | None = None
    zip_path: Path | None = None

    @property
    def total(self) -> int:
        return len(self.checked.jobs)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def finished(self) -> bool:
        return self.zip_path is not None


def _run(request: Request) -> BatchRun:
    run: BatchRun | None = web(request).batches.get(request.path_params["batch"])
    if run is None:
        raise HTTPException(404, "This batch is no longer here. Upload the CSV again.")
    return run


async def page(request: Request) -> HTMLResponse:
    web(request).start_pool("batch")  # its processes start while the clinician picks a file
    return html(request, "batch.html", page="batch", run=None, failed=None)


async def check(request: Request) -> HTMLResponse:
    """Keep the upload in the app's temporary folder and check every row."""
    app = web(request)
    upload = (await form(request)).get("csv")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return html(request, "batch_rows.html", 400, run=None, failed=["Choose a CSV file first."])
    data = await upload.read()
    if data.count(b"\n") > app.settings.max_rows + 1:
        return html(request, "batch_rows.html", 400, run=None,
                    failed=[f"This file has more than {app.settings.max_rows} rows; split it."])
    while len(app.batches) >= MAX_BATCHES:  # the oldest upload and its packets go
        _, old = app.batches.popitem(last=False)
        shutil.rmtree(old.folder, ignore_errors=True)
    bid = secrets.token_hex(8)
    folder = app.tmp / f"batch-{bid}"
    folder.mkdir()
    csv_path = folder / "patients.csv"  # our name, never the uploaded file's
    csv_path.write_bytes(data)
    checked = await app.run(check_csv, csv_path, folder / "packets")
    if isinstance(checked, work.Failed):
        return html(request, "batch_rows.html", 400, run=None, failed=list(checked.lines))
    run = BatchRun(bid, folder, checked)
    app.remember(app.batches, bid, run, limit=MAX_BATCHES)
    return html(request, "batch_rows.html", run=run, failed=None)


async def _build_all(run: BatchRun, app: Any) -> None:
    run.folder / "packets"
    plan = run.checked.plan
    pending = [asyncio.ensure_future(app.run(build_job, replace(plan, jobs=(job,)), pool="batch"))
               for job in plan.jobs]
    for future in asyncio.as_completed(pending):
        row, error = await future
        if error:
            run.failures.append((row, error))
        run.done += 1
    zip_path = run.folder / "packets.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_STORED) as z:
        for job in plan.jobs:  # our own file names, made from the row: never a typed path
            if job.output.is_file():
                z.write(job.output, job.output.name)
    run.zip_path = zip_path


async def build(request: Request) -> HTMLResponse:
    await form(request)
    run = _run(request)
    if run.task is None and run.total:
        run.task = asyncio.create_task(_build_all(run, web(request)))
    return html(request, "batch_progress.html", run=run)


async def progress(request: Request) -> HTMLResponse:
    run = _run(request)
    if run.task is not None and run.task.done() and run.task.exception() is not None:
        return html(request, "batch_progress.html", 500, run=run)
    return html(request, "batch_progress.html", run=run)


async def download(request: Request) -> FileResponse:
    run = _run(request)
    if run.zip_path is None:
        raise HTTPException(409, "The packets are still being built.")
    stamp = dt.date.today().isoformat()
    return FileResponse(run.zip_path, media_type="application/zip",
                        filename=f"packets-{stamp}.zip")


def routes() -> list[BaseRoute]:
    return [
        Route("/batch", page, name="batch"),
        Route("/batch/check", check, methods=["POST"], name="batch_check"),
        Route("/batch/{batch}/build", build, methods=["POST"], name="batch_build"),
        Route("/batch/{batch}/progress", progress, name="batch_progress"),
        Route("/batch/{batch}/packets.zip", download, name="batch_zip"),
    ]
