"""The build context: the library, the settings and every cache, owned by whoever builds.

The command line makes one per run, the web page one per worker process, a batch one per
pool worker (inherited on fork). Nothing else in the package keeps state between builds,
and every cache here is bounded: a long-lived web process holds at most a few MB besides
the paragraph memo and the drawn figures (at most about 8 and 5 MB, see PARAGRAPHS, DRAWN).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from handouts.config import Config

if TYPE_CHECKING:
    from handouts.content.library import Library
    from handouts.pdf.join import Piece

K = TypeVar("K", bound=Hashable)
# Entries of Caches.paragraphs: a paragraph's parse or one wrap of it, about 4 KB each,
# so at most about 8 MB. A batch process of worst-case rows (every row its own plan) fills it
# by its 50th packet, so its memory stays flat after; 4,096 entries took 250 packets to
# fill and cost 10 MB more a process, for 0.5% of a packet's CPU time.
PARAGRAPHS = 2048
# Entries of Caches.drawn, some 41 KB each: a worst-case batch process meets about 90
# figure sizes by its 50th packet and 167 by its 400th; 128 keep it at 5 MB.
DRAWN = 128
V = TypeVar("V")


class Bounded(Generic[K, V]):
    """A least-recently-used map that keeps at most `size` entries."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The value for `key`, made with `make()` (and kept) the first time it is asked for."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = make()
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def clear(self) -> None:
        self._items.clear()


class Caches:
    """What is worth keeping between documents built from one library.

    figures: posed drawings by (figure id, labels, width, height, mirrored, label size) - a
    Drawing can be placed on any number of pages. images: decoded pictures by file path.
    heights: the measured height of each part of a handout (header and safety box, each
    stretch with its change) by fit level. paragraphs: the parse and line breaks of each
    paragraph by text, style and width (layout.paragraph). education: laid-out education
    pages by (sections, page size, look, templates). sheets: a plan's handout or tracker
    laid out with placeholders (about 230 KB each), by spec. opened: the last parts joined
    into a packet, parsed (pdf/join.py), by the id of their bytes. drawn: the PDF operators
    of each figure drawn (layout/figures/replay.py, about 31 KB each), by content, size,
    side and fonts. poses: posed outlines (about 70 KB each) by the pose's content.
    """

    def __init__(self) -> None:
        self.figures: Bounded[tuple[str, tuple[str, ...], float, float, bool, float], Any] = Bounded(256)
        self.images: Bounded[Path, tuple[Any, float, float]] = Bounded(64)
        self.heights: Bounded[tuple[Any, ...], float] = Bounded(4096)
        self.paragraphs: Bounded[Hashable, Any] = Bounded(PARAGRAPHS)
        self.education: Bounded[tuple[Any, ...], tuple[bytes, list[tuple[str, int]]]] = Bounded(8)
        self.sheets: Bounded[str, Piece] = Bounded(16)
        self.opened: Bounded[int, tuple[bytes, Any]] = Bounded(6)
        self.drawn: Bounded[Hashable, Any] = Bounded(DRAWN)
        self.poses: Bounded[str, Any] = Bounded(32)

    def clear(self) -> None:
        for cache in (self.figures, self.images, self.heights, self.paragraphs, self.education,
                      self.sheets, self.opened, self.drawn, self.poses):
            cache.clear()


class BuildContext:
    """One library, the clinic's settings and the caches of everything built from them.

    `today` is the clock the API reads for 'today' and for defaults; tests pass a fixed one.
    """

    def __init__(self, library: Library, config: Config | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.library = library
        self.config = config or Config()
        self.today = today
        self.caches = Caches()
        self._languages: dict[tuple[str, bool], BuildContext] = {}

    def in_language(self, code: str, allow_fallback: bool = False) -> BuildContext:
        """A context over the same content folders in another language, loaded once and kept
        (its own caches: a Spanish figure says "Gato" where the English says "Cat").

        Raises ContentError naming every untranslated entry and message, unless
        `allow_fallback`, when they print in English and the library lists them as warnings.
        """
        if code == self.library.meta.language:
            return self
        key = (code, allow_fallback)
        if key not in self._languages:
            from handouts.content.library import load_library

            lib = load_library(self.library.folders, code, allow_fallback)
            self._languages[key] = BuildContext(lib, self.config, self.today)
        return self._languages[key]

    @classmethod
    def load(cls, content: Sequence[Path] = (), config: Config | None = None,
             today: Callable[[], dt.date] = dt.date.today) -> BuildContext:
        """Load the built-in content, then the config's folders, then `content`, later winning.

        Raises ContentError listing every problem in every folder.
        """
        from handouts.content.library import content_folders, load_library

        cfg = config or Config()
        return cls(load_library(content_folders([*cfg.content, *content])), cfg, today)
