"""A language folder laid over the English library, entry by entry (by id), field by field.

A translation gives the words of an entry and nothing else: doses, sides, muscles worked,
tags, figures and links stay the English entry's, so a translation can never change what
was prescribed. Every word field the English entry fills must be translated; a list of
steps keeps its length, so no step is lost or split in translation.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from handouts.content.yamlsrc import Source, read_yaml
from handouts.errors import Problem

# Fields that are facts, not words: they come from the English entry only.
FIXED = frozenset({
    "id", "kind", "targets", "secondary", "sides", "dose", "tags", "figure", "image",
    "video_url", "level", "stretches", "version", "language", "doses", "region", "regions",
    "figure_side", "default", "safety",
})
# Translatable sections of a language folder, and the library's own `library:` block.
META = "library"
SAME_LENGTH = frozenset({"steps"})
# Folders of a language folder that hold packet specs and examples, not translations.
SKIP_DIRS = {"packets", "examples"}


@dataclass
class Overlay:
    """What the language folders say, by collection and id, and where each entry was."""

    entries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    where: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Each entry's file and place in it, for the line of one of its fields.
    sources: dict[tuple[str, str], tuple[Source, tuple[str | int, ...]]] = field(default_factory=dict)
    # The content folder each entry's translation came from (its index in the folders read).
    folder: dict[tuple[str, str], int] = field(default_factory=dict)

    def drop_stale(self, english_folder: Mapping[tuple[str, str], int],
                   removed: Collection[tuple[str, str]]) -> None:
        """Forget translations of English entries a later folder replaced or `removed`: they
        translate other words (a clinic's own cat-cow is not ours). `english_folder` gives
        the index of the folder each English entry now comes from."""
        for key, index in list(self.folder.items()):
            replaced = key in english_folder and index < english_folder[key]
            if replaced or (key not in english_folder and key in removed):
                del self.entries[key[0]][key[1]], self.where[key], self.sources[key]
                del self.folder[key]

    def line_of(self, collection: str, ident: str, *sub: str | int) -> tuple[str, int] | None:
        """File and line of a translated field (`sub` as in Origin.where), None if not here."""
        if (collection, ident) not in self.sources:
            return None
        src, loc = self.sources[(collection, ident)]
        return str(src.path), src.line_of((*loc, *sub))


def read_overlay(folders: list[Path], code: str, collections: Mapping[str, type[BaseModel]]) -> Overlay:
    """Read ``<folder>/<code>/*.yaml`` of every content folder (later folders win by id)."""
    out = Overlay()
    for index, folder in enumerate(folders):
        lang = folder / code
        if not lang.is_dir():
            continue
        files = [p for p in lang.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                 and not SKIP_DIRS.intersection(p.relative_to(lang).parts[:-1])]
        for path in sorted(files):
            source, problems = read_yaml(path)
            out.problems += problems
            if source is not None and source.data is not None:
                _read_source(source, collections, out, index)
    return out


def _read_source(src: Source, collections: Mapping[str, type[BaseModel]], out: Overlay,
                 index: int = 0) -> None:
    if not isinstance(src.data, dict):
        out.problems.append(Problem(str(src.path), 1, "", "a translation file must be a mapping of sections"))
        return
    for key, value in src.data.items():
        line = src.line_of((key,))
        if key == META and isinstance(value, dict):
            out.meta.update({k: v for k, v in value.items() if k not in FIXED})
            continue
        if key not in collections:
            out.problems.append(Problem(str(src.path), line, str(key), "not a section a translation has"))
            continue
        if not isinstance(value, list):
            out.problems.append(Problem(str(src.path), line, str(key), "must be a list of entries"))
            continue
        for i, entry in enumerate(value):
            ident = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(ident, str):
                out.problems.append(Problem(str(src.path), src.line_of((key, i)), f"{key}[{i}]",
                                            "each translated entry needs the id of an English one"))
                continue
            for name in entry:
                if name in FIXED and name != "id":
                    out.problems.append(Problem(
                        str(src.path), src.line_of((key, i, name)), f"{key}[{ident}].{name}",
                        "comes from the English entry; a translation gives only words"))
            words = {k: v for k, v in entry.items() if k not in FIXED}
            out.entries.setdefault(str(key), {})[ident] = words
            out.where[(str(key), ident)] = (str(src.path), src.line_of((key, i)))
            out.sources[(str(key), ident)] = (src, (key, i))
            out.folder[(str(key), ident)] = index


def _figure(item: BaseModel, words: dict[str, Any] | None, code: str, where: tuple[str, int],
            twhere: tuple[str, int] | None) -> tuple[BaseModel, str | None]:
    """A figure's words are its pose labels ("Cat", "Cow"), translated as `labels:` in order."""
    data = item.model_dump()
    poses = data.get("poses") or []
    english = [p.get("label") for p in poses]
    if not any(english):
        return item, None
    labels = (words or {}).get("labels")
    if not isinstance(labels, list) or len(labels) != len(poses):
        return item, (f"give 'labels:' with {len(poses)} pose labels in '{code}' "
                      f"(English at {where[0]}:{where[1]}: {english})")
    for pose, label in zip(poses, labels, strict=True):
        pose["label"] = label
    return type(item).model_validate(data), None


def _side_marks(item: BaseModel, words: dict[str, Any], where: tuple[str, int],
                english_at: tuple[str, int]) -> list[Problem]:
    """A translated text marks the same sides as the English one ({side}, {other}), so a
    clinician's choice of side turns the Spanish exactly as it turns the English."""
    from handouts.content.marks import MARK

    def marks(text: Any) -> set[str]:
        return {m.group(1).lower() for m in MARK.finditer(text)} if isinstance(text, str) else set()

    out: list[Problem] = []
    english = item.model_dump()
    for name, value in words.items():
        en, tr = english.get(name), value
        pairs = (list(zip(en, tr, strict=False)) if isinstance(en, list) and isinstance(tr, list)
                 else [(en, tr)])
        for i, (a, b) in enumerate(pairs):
            if marks(a) != marks(b):
                field = name if len(pairs) == 1 and not isinstance(en, list) else f"{name}.{i}"
                out.append(Problem(where[0], where[1], f"stretches[{english['id']}].{field}",
                                   f"side marks {sorted(marks(b))} differ from the English "
                                   f"{sorted(marks(a))} (at {english_at[0]}:{english_at[1]})"))
    return out


def _filled(value: Any) -> bool:
    return value not in (None, [], "")


def layer(
    english: Mapping[str, Mapping[str, BaseModel]],
    english_where: Mapping[tuple[str, str], tuple[str, int]],
    overlay: Overlay,
    code: str,
    allow_fallback: bool,
) -> tuple[dict[str, dict[str, BaseModel]], list[Problem], list[str]]:
    """Translate every entry; return the entries, problems, and the warnings of a fallback.

    Without `allow_fallback`, an entry or field with no translation is a problem naming the
    id and the English file; with it, the English is kept and a warning says so.
    """
    problems = list(overlay.problems)
    warnings: list[str] = []
    out: dict[str, dict[str, BaseModel]] = {}
    for coll, entries in english.items():
        given = overlay.entries.get(coll, {})
        out[coll] = {}
        for ident, item in entries.items():
            path, line = english_where[(coll, ident)]
            words = given.get(ident)
            if coll == "figures":
                fig, bad = _figure(item, words, code, (path, line), overlay.where.get((coll, ident)))
                out[coll][ident] = fig
                if bad and allow_fallback:
                    warnings.append(f"{bad}; printing the English")
                elif bad:
                    problems.append(Problem(path, line, f"figures[{ident}].labels", bad))
                continue
            english_words = {k: v for k, v in item.model_dump().items() if k not in FIXED and _filled(v)}
            if words is None:
                missing = f"{coll}[{ident}]: no '{code}' translation (English at {path}:{line})"
                if not allow_fallback:
                    problems.append(Problem(path, line, f"{coll}[{ident}]", f"no '{code}' translation"))
                else:
                    warnings.append(missing + "; printing the English")
                out[coll][ident] = item
                continue
            tpath, tline = overlay.where[(coll, ident)]
            gaps = [k for k in english_words if not _filled(words.get(k))]
            for k in gaps:
                text = f"{coll}[{ident}].{k}: not translated (English at {path}:{line})"
                if allow_fallback:
                    warnings.append(f"{tpath}:{tline}: {text}; printing the English")
                else:
                    problems.append(Problem(tpath, tline, f"{coll}[{ident}].{k}",
                                            f"not translated (English at {path}:{line})"))
            for k in SAME_LENGTH & set(english_words):
                n_en, n_tr = len(english_words[k]), len(words.get(k) or [])
                if n_tr and n_tr != n_en:
                    problems.append(Problem(tpath, tline, f"{coll}[{ident}].{k}",
                                            f"{n_tr} items, but the English has {n_en} (at {path}:{line})"))
            if coll == "stretches":
                problems += _side_marks(item, words, (tpath, tline), (path, line))
            try:
                out[coll][ident] = type(item).model_validate({**item.model_dump(), **words})
            except ValidationError as e:
                for err in e.errors():
                    field = ".".join([f"{coll}[{ident}]", *map(str, err["loc"])])
                    problems.append(Problem(tpath, tline, field, err["msg"]))
                out[coll][ident] = item
    for coll, given in overlay.entries.items():
        for ident in given:
            if ident not in english.get(coll, {}):
                tpath, tline = overlay.where[(coll, ident)]
                problems.append(Problem(tpath, tline, f"{coll}[{ident}]",
                                        f"no English entry '{ident}' to translate"))
    return out, problems, warnings


def translation_gaps(english: Any, code: str, collections: Mapping[str, type[BaseModel]]
                     ) -> tuple[list[str], list[str]]:
    """Ids the language's folders lack, and ids they have that the English library does not.

    `english` is the English Library, `collections` its models by section (library's
    COLLECTIONS); each line names the entry and the file it is in.
    """
    overlay = read_overlay(list(english.folders), code, collections)
    index = {folder: i for i, folder in enumerate(english.folders)}
    overlay.drop_stale({key: index.get(o.folder, 0) for key, o in english.origins.items()},
                       english.removed)
    missing, extra = [], []
    for (coll, ident), origin in english.origins.items():
        if coll == "figures" and not any(p.label for p in getattr(english.figures[ident], "poses", [])):
            continue
        if ident not in overlay.entries.get(coll, {}):
            path, line = origin.where()
            missing.append(f"{coll}[{ident}] (English at {path}:{line})")
    for coll, given in overlay.entries.items():
        for ident in given:
            if (coll, ident) not in english.origins:
                path, line = overlay.where[(coll, ident)]
                extra.append(f"{coll}[{ident}] ({path}:{line})")
    return missing, extra
