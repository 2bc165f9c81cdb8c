"""Load content folders into one validated, immutable Library, reporting every problem at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from handouts.content.imagepath import resolve_image
from handouts.content.messages import plain
from handouts.content.model import Faq, Meta, Muscle, Precaution, Principle, Routine, Section, Stretch
from handouts.content.paths import builtin_content
from handouts.content.source import Loc, Source
from handouts.errors import ContentError, Problem
from handouts.layout.figures import FigureSpec
from handouts.wording.language import Language, is_language_folder, load_language

COLLECTIONS: dict[str, type[BaseModel]] = {
    "muscles": Muscle,
    "stretches": Stretch,
    "precautions": Precaution,
    "principles": Principle,
    "sections": Section,
    "faqs": Faq,
    "routines": Routine,
    "figures": FigureSpec,
}
# Folders inside a content folder that hold other kinds of YAML (packet specs, examples).
SKIP_DIRS = {"packets", "examples"}


@dataclass(frozen=True)
class Origin:
    """Where an entry was defined: its file and the lines of its fields."""

    source: Source
    loc: Loc
    folder: Path

    def where(self, *sub: str | int) -> tuple[str, int]:
        return str(self.source.path), self.source.line_of(self.loc + sub)


@dataclass(frozen=True)
class Library:
    """Every entry of every content folder, merged by id (later folders win) and cross-checked."""

    meta: Meta
    muscles: Mapping[str, Muscle]
    stretches: Mapping[str, Stretch]
    precautions: Mapping[str, Precaution]
    principles: Mapping[str, Principle]
    sections: Mapping[str, Section]
    faqs: Mapping[str, Faq]
    routines: Mapping[str, Routine]
    figures: Mapping[str, FigureSpec]
    origins: Mapping[tuple[str, str], Origin]
    folders: tuple[Path, ...]
    sources: Mapping[Path, str] = field(default_factory=dict)  # each folder's own credit line
    # The language every word above is in (its catalogs word the templates), and what fell
    # back to English when that was allowed.
    language: Language = field(default_factory=Language)
    warnings: tuple[str, ...] = ()
    removed: frozenset[tuple[str, str]] = frozenset()  # (collection, id) a `remove:` dropped

    def folder_of(self, collection: str, entry_id: str) -> Path:
        """The content folder an entry came from (pictures resolve against it)."""
        return self.origins[(collection, entry_id)].folder

    def source_of(self, collection: str, entry_id: str) -> str | None:
        """The credit line of the folder an entry came from; None when that folder gives none."""
        return self.sources.get(self.folder_of(collection, entry_id))


def content_folders(extra: Sequence[Path] = ()) -> list[Path]:
    """The built-in content first, then each clinic folder in the order given."""
    return [builtin_content(), *extra]


def _yaml_files(folder: Path) -> list[Path]:
    files = [
        p
        for p in folder.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and p.is_file()
        and not SKIP_DIRS.intersection(p.relative_to(folder).parts[:-1])
        # A folder named by a language code (es/) translates the English: see translate.py.
        and not (len(p.relative_to(folder).parts) > 1
                 and is_language_folder(p.relative_to(folder).parts[0]))
    ]
    return sorted(files)


def _field_name(collection: str, entry: Any, loc: Sequence[str | int]) -> str:
    ident = entry.get("id") if isinstance(entry, dict) else None
    head = f"{collection}[{ident}]" if isinstance(ident, str) else collection
    return ".".join([head, *(str(p) for p in loc)])


class _Loader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.entries: dict[str, dict[str, BaseModel]] = {c: {} for c in COLLECTIONS}
        self.origins: dict[tuple[str, str], Origin] = {}
        self.meta: Meta | None = None
        self.sources: dict[Path, str] = {}
        self.removals: list[tuple[Source, int, str, str]] = []
        # Removed on purpose: lists that name them (a routine's stretches or safety) skip them.
        self.removed: set[tuple[str, str]] = set()
        self.folder = Path()

    def problem(self, where: tuple[str, int], field: str, message: str) -> None:
        self.problems.append(Problem(where[0], where[1], field, message))

    def load_folder(self, folder: Path) -> None:
        if not folder.is_dir():
            self.problem((str(folder), 0), "", "content folder not found")
            return
        seen_here: dict[tuple[str, str], Origin] = {}
        self.folder = folder
        from handouts.content.yamlsrc import read_yaml

        for path in _yaml_files(folder):
            source, problems = read_yaml(path)
            self.problems.extend(problems)
            if source is not None and source.data is not None:
                self.load_source(source, seen_here)

    def load_source(self, src: Source, seen_here: dict[tuple[str, str], Origin]) -> None:
        if not isinstance(src.data, dict):
            self.problem((str(src.path), 1), "", "a content file must be a mapping of sections")
            return
        for key, value in src.data.items():
            if key == "library":
                self.load_meta(src, value)
            elif key == "remove":
                self.load_removals(src, value)
            elif key in COLLECTIONS:
                self.load_collection(src, str(key), value, seen_here)
            else:
                known = ", ".join(["library", *COLLECTIONS, "remove"])
                self.problem((str(src.path), src.line_of((key,))), str(key),
                             f"unknown section (expected one of: {known})")

    def load_meta(self, src: Source, value: Any) -> None:
        try:
            self.meta = Meta.model_validate(value)
            self.sources[self.folder] = self.meta.source
        except ValidationError as e:
            self.problems += src.problems(e, ("library",), Meta)

    def load_removals(self, src: Source, value: Any) -> None:
        """`remove: {precautions: [ask-first], faqs: [why-stretch]}`: drop entries of earlier folders."""
        if not isinstance(value, dict) or not value:
            self.problem((str(src.path), src.line_of(("remove",))), "remove",
                         "must map a kind of entry to a list of ids to remove")
            return
        for coll, ids in value.items():
            where = (str(src.path), src.line_of(("remove", coll)))
            if coll not in COLLECTIONS:
                self.problem(where, f"remove.{coll}", f"unknown kind (expected one of: "
                             f"{', '.join(COLLECTIONS)})")
                continue
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                self.problem(where, f"remove.{coll}", "must be a list of ids")
                continue
            for i, ident in enumerate(ids):
                self.removals.append((src, i, str(coll), ident))

    def apply_removals(self) -> None:
        for src, i, coll, ident in self.removals:
            if ident not in self.entries[coll]:
                self.problem((str(src.path), src.line_of(("remove", coll, i))),
                             f"remove.{coll}.{i}", f"no {coll} entry '{ident}' to remove")
                continue
            del self.entries[coll][ident]
            del self.origins[(coll, ident)]
            self.removed.add((coll, ident))

    def load_collection(self, src: Source, collection: str, value: Any,
                        seen_here: dict[tuple[str, str], Origin]) -> None:
        where = (str(src.path), src.line_of((collection,)))
        if not isinstance(value, list) or not value:
            self.problem(where, collection, "must be a non-empty list of entries")
            return
        model = COLLECTIONS[collection]
        for i, entry in enumerate(value):
            loc: Loc = (collection, i)
            try:
                item = model.model_validate(entry)
            except ValidationError as e:
                for err in e.errors():
                    full = loc + tuple(err["loc"])
                    self.problem((str(src.path), src.line_of(full)),
                                 _field_name(collection, entry, err["loc"]), plain(err, model))
                continue
            ident = str(getattr(item, "id"))  # noqa: B009 - every collection model has an id
            origin = Origin(src, loc, self.folder)
            earlier = seen_here.get((collection, ident))
            if earlier is not None:
                path, line = earlier.where()
                self.problem(origin.where("id"), f"{collection}[{ident}].id",
                             f"duplicate id '{ident}' (first defined at {path}:{line})")
                continue
            seen_here[(collection, ident)] = origin
            self.entries[collection][ident] = item
            self.origins[(collection, ident)] = origin

    def check_references(self) -> None:
        def need(coll: str, ident: str, field: str, target: str, refs: Sequence[str]) -> None:
            origin = self.origins[(coll, ident)]
            for j, ref in enumerate(refs):
                if ref not in self.entries[target] and (target, ref) not in self.removed:
                    sub: tuple[str | int, ...] = (field, j) if field != "figure" else (field,)
                    self.problem(origin.where(*sub), f"{coll}[{ident}].{field}",
                                 f"unknown {target[:-1] if target != 'stretches' else 'stretch'}"
                                 f" '{ref}'")

        for sid, s in self.entries["stretches"].items():
            assert isinstance(s, Stretch)
            need("stretches", sid, "targets", "muscles", s.targets)
            need("stretches", sid, "secondary", "muscles", s.secondary)
            if s.figure:
                need("stretches", sid, "figure", "figures", [s.figure])
            if s.image:
                origin = self.origins[("stretches", sid)]
                try:
                    resolve_image(origin.folder, s.image.path)
                except ValueError as e:
                    self.problem(origin.where("image", "path"), f"stretches[{sid}].image.path",
                                 str(e))
        for rid, r in self.entries["routines"].items():
            assert isinstance(r, Routine)
            need("routines", rid, "stretches", "stretches", r.stretches)
            need("routines", rid, "safety", "precautions", r.safety)
            if r.education is not None:
                origin = self.origins[("routines", rid)]
                for j, m in enumerate(r.education.muscles):
                    if m not in self.entries["muscles"]:
                        self.problem(origin.where("education", "muscles", j),
                                     f"routines[{rid}].education.muscles", f"unknown muscle '{m}'")
                for key, sec in r.education.sections.items():
                    if sec not in self.entries["sections"] and ("sections", sec) not in self.removed:
                        self.problem(origin.where("education", "sections", key),
                                     f"routines[{rid}].education.sections.{key}",
                                     f"unknown section '{sec}'")
                for j, faq in enumerate(r.education.faqs):
                    if faq not in self.entries["faqs"] and ("faqs", faq) not in self.removed:
                        self.problem(origin.where("education", "faqs", j),
                                     f"routines[{rid}].education.faqs", f"unknown faq '{faq}'")
        for pid, p in self.entries["precautions"].items():
            assert isinstance(p, Precaution)
            need("precautions", pid, "stretches", "stretches", p.stretches)


def load_library(folders: Sequence[Path], language: str = "en", allow_fallback: bool = False) -> Library:
    """Load and merge the given content folders; raise ContentError listing every problem.

    With a `language` other than English, each folder's ``<language>/`` folder is laid
    over the English by id and its catalog words the templates; an untranslated entry,
    field or template message is a problem, or with `allow_fallback` a warning. The
    English library is kept on disk between runs (stored.py), named by its files' bytes.
    """
    if language != "en":
        return _load_library(folders, language, allow_fallback)
    from handouts.content.stored import kept

    return kept(folders, (language,), lambda: _load_library(folders, language, allow_fallback),
                Library)


def _load_library(folders: Sequence[Path], language: str, allow_fallback: bool) -> Library:
    loader = _Loader()
    for folder in folders:
        loader.load_folder(folder)
    loader.apply_removals()
    loader.check_references()
    if loader.meta is None and not loader.problems:
        loader.problem((str(folders[0]) if folders else "content", 0), "library",
                       "no 'library:' section with name, version and source was found")
    if loader.problems:
        raise ContentError(loader.problems)
    assert loader.meta is not None
    meta, entries = loader.meta, loader.entries
    lang, warnings = Language(), list[str]()
    if language != "en":
        meta, entries, lang, warnings = _translated(loader, list(folders), language, allow_fallback)
    frozen = {c: MappingProxyType(dict(v)) for c, v in entries.items()}
    # A folder whose credit line the language translated prints it in that language.
    sources = {f: meta.source if src == loader.meta.source else src for f, src in loader.sources.items()}
    return Library(
        meta=meta,
        origins=MappingProxyType(dict(loader.origins)),
        folders=tuple(folders),
        sources=MappingProxyType(sources),
        language=lang,
        warnings=tuple(warnings),
        removed=frozenset(loader.removed),
        **frozen,  # type: ignore[arg-type]
    )


def _translated(loader: _Loader, folders: list[Path], code: str, allow_fallback: bool
                ) -> tuple[Meta, dict[str, dict[str, BaseModel]], Language, list[str]]:
    from handouts.content.translate import layer, read_overlay

    assert loader.meta is not None
    lang, problems, warnings = load_language(code, folders, allow_fallback)
    overlay = read_overlay(folders, code, COLLECTIONS)
    index = {folder: i for i, folder in enumerate(folders)}
    overlay.drop_stale({key: index.get(o.folder, 0) for key, o in loader.origins.items()},
                       loader.removed)
    if not lang.catalogs and not overlay.entries and not overlay.problems:
        raise ContentError(problems)  # no such language here: one line says where it looked
    where = {key: o.where() for key, o in loader.origins.items()}
    entries, more, notes = layer(loader.entries, where, overlay, code, allow_fallback)
    problems += more
    try:
        meta = Meta.model_validate({**loader.meta.model_dump(), **overlay.meta, "language": code})
    except ValidationError as e:
        problems += [Problem(str(folders[0] / code), 0, "library", err["msg"]) for err in e.errors()]
        meta = loader.meta
    if problems:
        raise ContentError(problems)
    return meta, entries, lang, warnings + notes
