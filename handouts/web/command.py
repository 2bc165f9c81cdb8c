"""The `serve` command's options; starlette and uvicorn are imported only when it runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def serve(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option(
        help="Address to listen on. Anything but 127.0.0.1 lets other computers in.")] = "127.0.0.1",
    data: Annotated[Path, typer.Option(
        help="Folder where saved programs go (program YAML files).")] = Path("programs"),
    content: Annotated[list[Path] | None, typer.Option(
        "--content", help="Extra content folder (repeatable); later folders win by id.")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", help="Clinic settings (default: handouts.toml here, if any).")] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser.")] = False,
) -> None:
    """Open the local web page: library, programs, batches and reports in a browser.

    Only this computer can reach it unless --host says otherwise; nothing leaves it.

    Example: handouts serve --data ~/clinic-programs
    """
    from handouts.config import find_config, load_config
    from handouts.web.app import Settings
    from handouts.web.serve import is_local
    from handouts.web.serve import serve as run

    if not is_local(host):
        typer.echo(f"warning: listening on {host}: other computers on the network can open "
                   "this page and the patient details in it", err=True)
    try:
        cfg = load_config(find_config(config))
        run(Settings(data=data, content=tuple(content or ()), config=cfg, host=host, port=port),
            open_browser=not no_browser, say=typer.echo)
    except OSError as e:
        typer.echo(f"error: cannot listen on {host}:{port}: {e.strerror or e}", err=True)
        raise typer.Exit(2) from None
