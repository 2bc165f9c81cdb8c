"""Message catalogs compiled once and kept on disk: a run in Spanish reads a .mo, not the .po.

Parsing a .po with Babel (and importing Babel's catalog reader) is most of what a language
costs a fresh process. The compiled catalog is kept in the template cache's folder
(cache.root), named by a hash of the .po's bytes, its language and Babel's version, so
an edited catalog is compiled again and a stale one is never read. Only a catalog that
compiled without problems is kept; a bad one is parsed, and reported, on every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _folder() -> Path | None:
    from handouts.wording import cache

    root = cache.root()
    return None if root is None else root / "catalogs"


def _key(source: Path, *parts: str) -> str:
    from babel import __version__ as babel_version

    digest = hashlib.sha256(source.read_bytes())
    digest.update("\0".join((babel_version, *parts)).encode())
    return digest.hexdigest()[:24]


def _write(path: Path, data: bytes) -> None:
    """Atomically (a temporary file renamed); silently nothing where the folder is not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        return


def compiled(po: Path, code: str, compile_po: Callable[[], tuple[bytes | None, Any, set[str]]]
             ) -> tuple[bytes | None, Any, set[str]]:
    """(.mo bytes, problems, msgids translated) of `po`: from the cache, else `compile_po()`,
    kept when it gave a catalog and no problems."""
    folder = _folder()
    if folder is None:
        return compile_po()
    try:
        key = _key(po, "mo", code)
        mo, done = folder / f"{key}.mo", folder / f"{key}.json"
        if mo.is_file() and done.is_file():
            return mo.read_bytes(), [], set(json.loads(done.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return compile_po()
    data, problems, ids = compile_po()
    if data is not None and not problems:
        _write(done, json.dumps(sorted(ids), ensure_ascii=False).encode())
        _write(mo, data)  # last: the .mo's presence says both are whole
    return data, problems, ids


def msgids(pot: Path, read: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The msgids of a .pot and where each is first used: from the cache, else `read()`."""
    folder = _folder()
    if folder is None:
        return read()
    try:
        path = folder / f"{_key(pot, 'pot')}.json"
        if path.is_file():
            found = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(found, dict):
                return {str(k): str(v) for k, v in found.items()}
    except (OSError, ValueError):
        return read()
    ids = read()
    _write(path, json.dumps(ids, ensure_ascii=False).encode())
    return ids
