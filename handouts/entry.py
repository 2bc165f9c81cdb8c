"""The `handouts` console entry point.

A help page (`handouts --help`, `handouts batch -h`) is the same text every time until the
commands, the Python or the terminal change, yet making it costs the import of Typer
(about 100 ms, most of a `--help`). So the page is kept in the cache folder (`wording/cache.py`:
$HANDOUTS_CACHE, else $XDG_CACHE_HOME/handouts, else ~/.cache/handouts; `off` turns it off),
named by a hash of everything it is made from, and printed from there the next time. Any
other command goes straight to the Typer app in `cli.py`.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing is not imported: a help page from the cache stays quick
if TYPE_CHECKING:
    import contextlib

# What the help pages are made from: the commands and their options.
_SOURCES = ("__init__.py", "entry.py", "cli.py", "cli_options.py", "web/command.py")
# What changes how Click lays a page out, or that it is printing a page at all.
_ENV = ("COLUMNS", "LINES", "TERM", "NO_COLOR", "FORCE_COLOR", "PYTHONIOENCODING", "LANG",
        "LC_ALL", "LC_CTYPE")


def help_key(argv: list[str], env: dict[str, str] | os._Environ[str],
             sources: list[str]) -> str | None:
    """What names the help page `argv` asks for, or None when `argv` asks for
    something else: a help page is command names followed by `-h` or `--help`, nothing
    else, and not while the shell's completion is asking. `sources` are the files the
    pages are made from; their size and modification time (ns) are part of the name, as are
    the Python, the terminal's size and the variables in `_ENV`."""
    if not argv or argv[-1] not in ("-h", "--help"):
        return None
    if not all(word.isalpha() and word.islower() for word in argv[:-1]):
        return None
    if any(name.startswith("_HANDOUTS_COMPLETE") or name.startswith("_TYPER") for name in env):
        return None
    try:
        size = f"{os.get_terminal_size(sys.__stdout__.fileno())}"  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        size = "no terminal"
    parts = [sys.version, sys.executable, " ".join(argv), size, str(sys.stdout.isatty()),
             *(f"{name}={env.get(name, '')}" for name in _ENV)]
    try:
        for path in sources:
            stat = os.stat(path)
            parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    except OSError:
        return None
    return " | ".join(parts).replace("\n", " ")


def _typer_sources() -> list[str]:
    """Typer's own files that lay out a page (an upgrade rewrites them), found on sys.path
    as the import would find them, without importlib's machinery."""
    for entry in sys.path:
        folder = os.path.join(entry or os.getcwd(), "typer")
        if os.path.isfile(os.path.join(folder, "__init__.py")):
            return [os.path.join(folder, name) for name in ("__init__.py", "main.py", "core.py")]
    return []


def _run_and_keep(page: str | None, key: str = "") -> None:
    """Run the Typer app; when it printed a help page and exited cleanly, keep the page."""
    import contextlib
    import io

    from handouts.cli import main as typer_main

    if page is None:
        typer_main()
        return
    out = io.StringIO()
    code: object = 0
    with contextlib.redirect_stdout(out):
        try:
            typer_main()
        except SystemExit as stop:
            code = stop.code
    text = out.getvalue()
    sys.stdout.write(text)
    sys.stdout.flush()
    if code in (0, None) and text.strip():
        with contextlib.suppress(OSError):
            os.makedirs(os.path.dirname(page), exist_ok=True)
            part = f"{page}.{os.getpid()}.part"
            with open(part, "w", encoding="utf-8") as fh:
                fh.write(f"{key}\n{text}")
            os.replace(part, page)
    raise SystemExit(code)


def main() -> None:
    """Console entry point: a help page from the cache, else the Typer app. Output that
    cannot be printed (a full disk, a closed pipe) is one line on stderr and exit 1.

    The cycle collector is off for the rest of the process: a one-shot command makes
    little cyclic garbage (a `build` peaks 3 MB higher), and the collector's passes over
    every object the imports made cost it about 0.1 s of CPU (turned on again as the
    command returns, it runs as many passes while Python shuts down). `batch` and `serve`,
    which run long, turn it back on (cli_options.collecting)."""
    import errno
    import gc

    gc.disable()
    try:
        _main()
    except OSError as e:
        if e.errno not in (errno.EPIPE, errno.ENOSPC, errno.EIO):
            raise
        if e.errno != errno.EPIPE:  # a reader that stopped (`| head`) needs no message
            with _quiet():
                sys.stderr.write(f"error: cannot print the output: {e.strerror}\n")
        # Python would fail again flushing stdout on its way out.
        with _quiet():
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None


def _quiet() -> contextlib.suppress:
    import contextlib

    return contextlib.suppress(OSError, ValueError)


def _main() -> None:
    from handouts.wording.cache import root_name

    folder = root_name()
    key = None
    if folder is not None:
        here = os.path.dirname(__file__)
        key = help_key(sys.argv[1:], os.environ,
                       [os.path.join(here, name) for name in _SOURCES] + _typer_sources())
    if folder is None or key is None:
        _run_and_keep(None)
        return
    import zlib

    page = os.path.join(folder, "help", f"{zlib.crc32(key.encode()):08x}.txt")
    try:
        with open(page, encoding="utf-8") as fh:
            kept, _, text = fh.read().partition("\n")
    except (OSError, UnicodeDecodeError):
        kept, text = "", ""
    if kept != key or not text:
        _run_and_keep(page, key)
        return
    sys.stdout.write(text)
    sys.stdout.flush()
