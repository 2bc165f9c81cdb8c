"""The `serve` command's options; starlette and uvicorn are imported only when it runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts import cli_options as o


def serve(
    tctx: typer.Context,
    port: Annotated[int, o.opt("--port", metavar="N", min=1, max=65535,
                               help="Port to listen on.")] = 8765,
    host: Annotated[str, o.opt("--host", metavar="ADDR", help=(
        "Address to listen on: 127.0.0.1 is this computer only. Any other lets "
        "other computers in, and prints a warning."))] = "127.0.0.1",
    data: Annotated[Path, o.opt("--data", metavar="DIR", help=(
        "Folder where programs are saved as program YAML."))] = Path("programs"),
    content: o.Content = None,
    no_browser: Annotated[bool, o.opt("--no-browser", help="Do not open a browser.")] = False,
) -> None:
    """Open the local web page: library, programs, batches and reports in a browser.

    Nothing leaves this computer. Saved programs open with `handouts handout --program`.

    Example: handouts serve --data clinic-programs
    """
    from handouts.config import find_config, load_config
    from handouts.web.app import Settings
    from handouts.web.serve import is_local
    from handouts.web.serve import serve as run

    if not is_local(host):
        typer.echo(f"warning: listening on {host}: other computers on the network can open "
                   "this page and the patient details in it", err=True)
    cfg = load_config(find_config(tctx.obj))
    try:
        run(Settings(data=data, content=tuple(content or ()), config=cfg, host=host, port=port),
            open_browser=not no_browser, say=typer.echo)
    except OSError as e:
        typer.echo(f"error: cannot listen on {host}:{port}: {e.strerror or e}", err=True)
        raise typer.Exit(2) from None
