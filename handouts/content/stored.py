"""The English library (and each packet spec) kept on disk between runs, so a fresh process
neither parses the YAML (nor imports PyYAML) nor validates it again.

A kept library is named by a hash of everything it is made from: the bytes of every file in
every content folder (in order, with its path), the folders as given, the size and
modification time of every source file of this package, its version, the Python and the
pydantic that pickled it. An edited, added or removed content file, or edited code, names
another file, so a stale library is never read. Only a library that loaded without
problems is kept: a folder with mistakes is read, and reported, on every run. The cache
folder is cache.root()/library ($HANDOUTS_CACHE, ...; `off` turns it off); at most KEEP
libraries are kept, the oldest removed first. Of the output, only a packet's education
pages are kept (cache.root()/education, see jobs/packet.py): the same for every patient,
they hold nothing of one. Nothing with a patient's, clinician's or clinic's details is kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

T = TypeVar("T")
KEEP = 8
_FORMAT = "library-1"
_PACKAGE = Path(__file__).resolve().parent.parent


def _proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


class _Pickler(pickle.Pickler):
    """A pickler that keeps read-only mappings (the library's) as read-only mappings."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is MappingProxyType:
            return _proxy, (dict(obj),)
        return NotImplemented


def _files(folder: str) -> list[str]:
    """Every file under `folder`, sorted, as paths joined to it (a file: itself)."""
    if os.path.isfile(folder):
        return [folder]
    found: list[str] = []
    for here, dirs, names in os.walk(folder):
        dirs.sort()
        found += (os.path.join(here, n) for n in sorted(names))
    return found


def key(folders: Sequence[Path], *parts: str) -> str:
    """The name of what is loaded from `folders` (content folders, or files) with `parts`
    (what it is: its language, ...)."""
    from pydantic import VERSION

    from handouts import __version__

    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr((_FORMAT, __version__, sys.version, VERSION, parts,
                        [str(f) for f in folders])).encode())
    for path in _files(str(_PACKAGE)):
        if path.endswith(".py"):
            stat = os.stat(path)
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for folder in folders:
        for path in _files(str(folder)):
            digest.update(f"{os.path.relpath(path, folder)}\0".encode())
            with open(path, "rb") as fh:
                data = fh.read()
            digest.update(f"{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def _folder(shelf: str = "library") -> Path | None:
    from handouts.wording import cache

    root = cache.root()
    return None if root is None else root / shelf


def kept(folders: Sequence[Path], parts: tuple[str, ...], load: Callable[[], T],
         kind: type[T], shelf: str = "library") -> T:
    """What `load()` returns for `folders`: from the cache when a `kind` made from the same
    files is kept there, else `load()`, kept for the next run. Errors `load()` raises
    (ContentError) pass through and nothing is kept. `shelf` names the cache's subfolder,
    each with its own KEEP newest (what else is kept there never pushes a library out)."""
    folder = _folder(shelf)
    if folder is None:
        return load()
    try:
        path = folder / f"{key(folders, *parts)}.pickle"
    except OSError:  # a file that cannot be read: the loader says which
        return load()
    try:
        with open(path, "rb") as fh:
            found = pickle.load(fh)
        if isinstance(found, kind):
            return found
    except Exception:  # noqa: BLE001 - none kept, or a damaged or foreign file: made again
        pass
    value = load()
    _keep(path, value)
    return value


def _keep(path: Path, value: object) -> None:
    """Write `value` to `path` atomically; then drop all but the KEEP newest. Silently
    nothing where the folder is not writable."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(buffer.getvalue())
        os.replace(part, path)
        others = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in others[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):  # a file where the folder should be, ...
            part.unlink(missing_ok=True)
