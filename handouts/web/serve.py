"""Start the web page: build the app's context, run uvicorn, open the browser."""

from __future__ import annotations

import logging
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from handouts.web.app import Settings, WebApp

LOCAL = ("127.0.0.1", "localhost", "::1")


def is_local(host: str) -> bool:
    """True for addresses only this computer can reach."""
    return host in LOCAL


def log_config() -> dict[str, object]:
    """Logging for uvicorn and the app: uvicorn's own access log is off (it prints raw paths
    with query strings); the app's AccessLog writes route patterns only, and an error is
    logged by its type alone (its message could hold a patient's name)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(message)s", "datefmt": "%H:%M:%S"}},
        "filters": {"no_details": {"()": "handouts.web.guard.NoDetails"}},
        "handlers": {"err": {"class": "logging.StreamHandler", "formatter": "plain",
                             "stream": "ext://sys.stderr", "filters": ["no_details"]}},
        "loggers": {
            "uvicorn.error": {"handlers": ["err"], "level": "INFO", "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "handouts.web": {"handlers": ["err"], "level": "INFO", "propagate": False},
        },
    }


def serve(settings: Settings, open_browser: bool, say: Callable[[str], None]) -> None:
    """Run the web page until Ctrl+C. Raises OSError when the address cannot be listened on."""
    import socket

    import uvicorn

    # Listen first, so a port already taken is a clean error before anything is loaded.
    sock = socket.create_server((settings.host, settings.port))

    if not is_local(settings.host):
        # Asked for on purpose: other computers reach it by whatever name they use.
        settings = replace(settings, allowed_hosts=("*",))
    web = WebApp(settings)
    url = f"http://{'127.0.0.1' if settings.host in ('0.0.0.0', '::') else settings.host}:{settings.port}/"
    config = uvicorn.Config(web.asgi(), host=settings.host, port=settings.port,
                            access_log=False, log_config=log_config(), lifespan="on",
                            server_header=False, date_header=False)
    server = uvicorn.Server(config)
    say(f"Handouts is open at {url}  (programs are saved in {Path(settings.data).resolve()})")
    say("Press Ctrl+C to stop.")
    if open_browser:
        def opener() -> None:
            for _ in range(100):  # wait for the server to start, at most ~10 s
                if server.started:
                    webbrowser.open(url)
                    return
                threading.Event().wait(0.1)

        threading.Thread(target=opener, daemon=True).start()
    logging.getLogger("handouts.web").debug("serving")
    server.run(sockets=[sock])
