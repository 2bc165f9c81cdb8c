"""Program page: choose and order stretches, set each dose, preview the handout, download, save."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import replace
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from handouts.content.select import default_routine
from handouts.web import draft as drafts
from handouts.web import work
from handouts.web.draft import Draft
from handouts.web.store import slugify
from handouts.web.views.common import form, html, text_fields, web


def _start_draft(request: Request) -> Draft:
    """A new program: the clinic's routine (or one stretch from the Library), its settings."""
    app = web(request)
    lib, cfg = app.lib, app.settings.config
    first = Draft(date=dt.date.today().isoformat(), page_size=cfg.page_size or "letter",
                  weeks=cfg.tracker_weeks or 4,
                  print_size="large" if cfg.large_print else "normal",
                  language=cfg.language or app.languages[0])
    add = request.query_params.get("add", "")
    if add in lib.stretches:
        return replace(first, items=(drafts.default_item(lib.stretches[add]),))
    return drafts.apply_action(first, "routine", {"routine_id": cfg.routine or default_routine(lib).id},
                               lib.stretches, lib.routines)


def _context(request: Request, draft: Draft, **extra: Any) -> dict[str, Any]:
    app = web(request)
    lib = app.lib
    return {
        "page": "program", "draft": draft, "stretches": lib.stretches, "routines": lib.routines,
        "languages": app.languages, "language_names": app.language_names, "saved": app.store.names(),
        "page_sizes": drafts.PAGE_SIZES, "sides": drafts.SIDES, "label": drafts.label,
        "addable": [s for s in lib.stretches.values() if s.id not in draft.ids],
        "problems": [], "message": "", "save_message": "", "save_problems": [],
        "preview": None, "failed": None,
        "slug": slugify(draft.patient), **extra,
    }


async def _preview(request: Request, draft: Draft) -> dict[str, Any]:
    result = await web(request).run(work.preview, draft)
    if isinstance(result, work.Failed):
        return {"preview": None, "failed": result.lines}
    image = "data:image/jpeg;base64," + base64.b64encode(result.image).decode()
    shown = {"src": image, "pages": result.pages, "fit": result.fit, "width": result.width,
             "height": result.height, "ms": round(result.ms), "cpu_ms": round(result.cpu_ms)}
    return {"preview": shown, "failed": None}


async def _posted(request: Request) -> tuple[Draft, list[str], dict[str, str]]:
    app = web(request)
    fields = text_fields(await form(request))
    draft, problems = drafts.from_form(fields, app.lib.stretches, app.languages)
    return draft, problems, fields


async def program(request: Request) -> HTMLResponse:
    app = web(request)
    draft, message = _start_draft(request), ""
    slug = request.query_params.get("open", "")
    if slug:
        path = app.store.path(slug)
        if path is None or not path.is_file():
            return html(request, "program.html", 404, **_context(
                request, draft, message="That saved program is not in the folder."))
        data = await app.run(work.read_program, path)
        if isinstance(data, work.Failed):
            return html(request, "program.html", 400, **_context(
                request, draft, problems=list(data.lines)))
        draft = drafts.from_program(data, app.lib.stretches, app.lib.routines)
        message = f"Opened {slug}.yaml"
    # An opened program is saved back to its own file unless another name is typed.
    ctx = _context(request, draft, message=message, **({"slug": slug} if slug else {}))
    ctx.update(await _preview(request, draft))
    return html(request, "program.html", **ctx)


async def edit(request: Request) -> HTMLResponse:
    """Add, remove, move or start from a routine; answers with the editor and a new preview."""
    app = web(request)
    draft, problems, fields = await _posted(request)
    draft = drafts.apply_action(draft, fields.get("action", ""), fields,
                                app.lib.stretches, app.lib.routines)
    ctx = _context(request, draft, problems=problems,
                   slug=slugify(fields.get("save_as", "")) or slugify(draft.patient))
    ctx.update(await _preview(request, draft))
    return html(request, "program_editor.html", **ctx)


async def preview(request: Request) -> HTMLResponse:
    """The preview panel alone, after any change to the form."""
    draft, problems, _ = await _posted(request)
    ctx = _context(request, draft, problems=problems)
    ctx.update(await _preview(request, draft))
    return html(request, "program_preview.html", **ctx)


async def download(request: Request) -> Response:
    if request.headers.get("HX-Request") == "true":
        # htmx posts the form's next change to the last clicked download button's formaction
        # when the click left no focus to lose (Safari, Firefox on macOS): still a preview.
        return await preview(request)
    kind = request.path_params["kind"]
    draft, problems, _ = await _posted(request)
    if kind not in work.KINDS:
        return html(request, "program.html", 404, **_context(request, draft, problems=["No such document."]))
    data = await web(request).run(work.document, draft, kind)
    if isinstance(data, work.Failed):
        ctx = _context(request, draft, problems=[*problems, *data.lines])
        return html(request, "program.html", 400, **ctx)
    name = f"{slugify(draft.patient) or 'patient'}-{kind}.pdf"
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def save(request: Request) -> HTMLResponse:
    """Save the program as program YAML in the data folder, under a slug of the name given."""
    app = web(request)
    draft, problems, fields = await _posted(request)
    slug = slugify(fields.get("save_as", "") or draft.patient)
    result = await app.run(work.check_program, draft)
    if isinstance(result, work.Failed) or not slug:
        lines = list(result.lines) if isinstance(result, work.Failed) else ["Give the program a name."]
        return html(request, "program_saved.html", 400, saved=app.store.names(),
                    save_message="", save_problems=lines)
    app.store.save(slug, result)
    return html(request, "program_saved.html", saved=app.store.names(),
                save_message=f"Saved as {slug}.yaml in {app.store.folder}", save_problems=[])


def routes() -> list[BaseRoute]:
    return [
        Route("/program", program, name="program"),
        Route("/program/edit", edit, methods=["POST"], name="program_edit"),
        Route("/program/preview", preview, methods=["POST"], name="program_preview"),
        Route("/program/download/{kind}", download, methods=["POST"], name="program_download"),
        Route("/program/save", save, methods=["POST"], name="program_save"),
    ]
