"""Library page: every stretch as a card with its figure, filtered by muscle, tag, position, words."""

from __future__ import annotations

import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from handouts.web import work
from handouts.web.views.common import html, web


def _words(stretch: Any, lib: Any) -> str:
    """Everything a search may match: names, muscles in both wordings, tags and position."""
    muscles = [lib.muscles[m] for m in (*stretch.targets, *stretch.secondary) if m in lib.muscles]
    parts = [stretch.name, stretch.also_called or "", stretch.position, *stretch.tags,
             *(m.name for m in muscles), *(m.plain_name for m in muscles)]
    return " ".join(parts).lower()


def matching(lib: Any, muscle: str, tag: str, position: str, query: str) -> list[Any]:
    """Stretches that work the muscle, carry the tag and position, and contain every word."""
    words = re.findall(r"\w+", query.lower())[:8]
    out = []
    for s in lib.stretches.values():
        if muscle and muscle not in (*s.targets, *s.secondary):
            continue
        if (tag and tag not in s.tags) or (position and position not in s.tags):
            continue
        text = _words(s, lib)
        if all(w in text for w in words):
            out.append(s)
    return out


def card(lib: Any, s: Any) -> dict[str, Any]:
    """What a card shows for one stretch (its dose worded by the library's language)."""
    from handouts.wording.dose import dose_words
    from handouts.wording.text import Wording

    return {
        "id": s.id, "name": s.name, "also_called": s.also_called,
        "targets": [lib.muscles[m] for m in s.targets if m in lib.muscles],
        "dose": dose_words(Wording((), lib.language), s), "tags": s.tags, "position": s.position,
    }


async def library(request: Request) -> HTMLResponse:
    app = web(request)
    q = request.query_params
    chosen = {k: q.get(k, "")[:60] for k in ("muscle", "tag", "position", "q")}
    found = matching(app.lib, chosen["muscle"], chosen["tag"], chosen["position"], chosen["q"])
    return html(request, "library.html", page="library", chosen=chosen,
                cards=[card(app.lib, s) for s in found], positions=app.positions(),
                tags=app.other_tags(), total=len(app.lib.stretches))


async def figure(request: Request) -> Response:
    app = web(request)
    sid = request.path_params["stretch"]
    if sid not in app.lib.stretches:
        raise HTTPException(404, "No such stretch.")
    if sid not in app.figures:
        app.remember(app.figures, sid, await app.run(work.figure_svg, sid))
    return Response(app.figures[sid], media_type="image/svg+xml",
                    headers={"Cache-Control": "max-age=3600"})


def routes() -> list[BaseRoute]:
    return [
        Route("/library", library, name="library"),
        Route("/figures/{stretch}.svg", figure, name="figure"),
    ]
