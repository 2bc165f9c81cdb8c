"""The web page's context object: it owns every piece of state (pools, token, caches, uploads).

Datasette's habit: one object, built by the command from its options, hands out the ASGI
app; views reach everything through `request.app.state.web`. Nothing lives in module globals.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import secrets
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from handouts.config import Config
from handouts.web import work
from handouts.web.store import ProgramStore

PACKAGE = Path(__file__).parent
T = TypeVar("T")
POSITION_TAGS = ("lying", "seated", "sitting", "kneeling", "standing", "hands-and-knees")


@dataclass(frozen=True)
class Settings:
    """What `handouts serve` was asked for."""

    data: Path
    content: tuple[Path, ...] = ()
    config: Config = field(default_factory=Config)  # the clinic's handouts.toml, already read
    host: str = "127.0.0.1"
    port: int = 8765
    max_upload: int = 8 * 1024 * 1024  # bytes in one request
    max_rows: int = 500  # rows in one batch CSV
    batch_workers: int = 0  # 0: one fewer than the cores, at least one
    allowed_hosts: tuple[str, ...] = field(default=("127.0.0.1", "localhost", "testserver"))


class WebApp:
    """All state of one running web page: library, pools, CSRF token, uploads, batches."""

    def __init__(self, settings: Settings) -> None:
        from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

        from handouts.content.library import content_folders
        from handouts.context import BuildContext
        from handouts.wording.language import language_name, languages_in

        self.settings = settings
        self.token = secrets.token_urlsafe(32)
        self.lib = BuildContext.load(settings.content, settings.config).library
        # Every language the library speaks: English, the built-in es/ and a clinic's own.
        self.languages: tuple[str, ...] = languages_in(content_folders(list(settings.content)))
        self.language_names = {code: language_name(code) for code in self.languages}
        self.store = ProgramStore(settings.data)
        self.env = Environment(loader=FileSystemLoader(PACKAGE / "templates"),
                               autoescape=select_autoescape(default=True),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self._tmp: Path | None = None
        self._pools: dict[str, ProcessPoolExecutor] = {}
        self.figures: OrderedDict[str, str] = OrderedDict()  # stretch id -> SVG, bounded
        self.batches: OrderedDict[str, Any] = OrderedDict()  # batch id -> BatchRun, bounded
        self._background: set[asyncio.Future[Any]] = set()

    # -- resources -------------------------------------------------------------------------

    @property
    def tmp(self) -> Path:
        """This app's private folder for uploads and built batches, removed at shutdown."""
        if self._tmp is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="handouts-web-"))
        return self._tmp

    def pool(self, name: str = "page") -> ProcessPoolExecutor:
        """'page': one worker for previews and downloads; 'batch': the rest of the cores."""
        if name not in self._pools:
            import os

            if name == "page":
                workers = 1
            else:
                workers = self.settings.batch_workers or max(1, (os.cpu_count() or 2) - 1)
            self._pools[name] = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=work.start, initargs=(self.settings.content, self.settings.config))
        return self._pools[name]

    def start_pool(self, name: str) -> None:
        """Start a pool's processes in the background, if they are not running yet."""
        if name not in self._pools:
            task = asyncio.ensure_future(self.run(work.ready, pool=name))
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def run(self, fn: Callable[..., T], *args: Any, pool: str = "page") -> T:
        """Run a core function in a worker process; the event loop stays free meanwhile."""
        return await asyncio.get_running_loop().run_in_executor(self.pool(pool), fn, *args)

    async def warm(self) -> None:
        """Start the page worker and draw every figure once, so the first visit is quick."""
        for sid in list(self.lib.stretches):
            if sid not in self.figures:
                self.remember(self.figures, sid, await self.run(work.figure_svg, sid))

    def close(self) -> None:
        """Stop the workers and remove the temporary folder."""
        for p in self._pools.values():
            p.shutdown(wait=True, cancel_futures=True)
        self._pools.clear()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def remember(self, cache: OrderedDict[str, Any], key: str, value: Any, limit: int = 64) -> None:
        """Keep a value in one of the app's bounded caches, dropping the oldest."""
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > limit:
            cache.popitem(last=False)

    # -- pages -----------------------------------------------------------------------------

    def render(self, template: str, **context: Any) -> str:
        """A page or fragment from the package's templates, with the app's common values."""
        return self.env.get_template(template).render(csrf=self.token, lib=self.lib, **context)

    def positions(self) -> list[str]:
        """Position tags used in the library, in a fixed order."""
        used = {t for s in self.lib.stretches.values() for t in s.tags}
        return [t for t in POSITION_TAGS if t in used]

    def other_tags(self) -> list[str]:
        """Tags that are not positions, sorted."""
        used = {t for s in self.lib.stretches.values() for t in s.tags}
        return sorted(used - set(POSITION_TAGS))

    def asgi(self) -> Any:
        """The Starlette application serving this web page."""
        from starlette.applications import Starlette
        from starlette.middleware import Middleware
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        from handouts.web.guard import AccessLog, BodyLimit
        from handouts.web.routes import routes

        @contextlib.asynccontextmanager
        async def lifespan(_: Any) -> AsyncIterator[None]:
            warm = asyncio.create_task(self.warm())
            try:
                yield
            finally:
                warm.cancel()
                self.close()

        app = Starlette(
            routes=routes(PACKAGE / "static"),
            middleware=[
                Middleware(AccessLog),
                Middleware(TrustedHostMiddleware, allowed_hosts=list(self.settings.allowed_hosts)),
                Middleware(BodyLimit, limit=self.settings.max_upload),
            ],
            lifespan=lifespan,
        )
        app.state.web = self
        return app
