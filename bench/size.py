"""What a PDF's bytes are made of: its objects grouped by kind, with their sizes.

    python bench/size.py packet.pdf [more.pdf ...]

Streams count their bytes as written (compressed). Dictionaries in object streams have no
size of their own once compressed, so each kind's are written out and compressed together
(zlib 6, as qpdf does): an estimate that adds up to a little less than the object streams,
which also hold a header of numbers (object number and offset) for every object.
"""

from __future__ import annotations

import sys
import zlib
from collections import defaultdict
from pathlib import Path

import pikepdf


def _kind(obj: pikepdf.Object, contents: set[tuple[int, int]], looks: set[tuple[int, int]]) -> str:
    if isinstance(obj, pikepdf.Stream):
        if obj.objgen in contents:
            return "page content stream"
        if obj.objgen in looks:
            return "widget appearance stream"
        kind = obj.get("/Subtype") or obj.get("/Type")
        if kind == "/Form":
            return "form XObject (figure, stamp, name)"
        if "/Length1" in obj:
            return "font file"
        if kind in ("/ObjStm", "/XRef"):
            return f"{kind} stream"
        return "other stream (ToUnicode map, ...)"
    if not isinstance(obj, pikepdf.Dictionary):
        return "array"
    if obj.get("/Subtype") == "/Widget":
        return f"widget {obj.get('/FT')}"
    if "/S" in obj and "/P" in obj:
        return "structure element /Form" if obj.S == "/Form" else "structure element, other"
    if "/Nums" in obj:
        return "structure parent tree"
    if "/Fields" in obj:
        return "AcroForm (/Fields)"
    return f"dictionary {obj.get('/Type', '')}".strip()


def breakdown(path: Path) -> list[tuple[str, int, int, int]]:
    """(kind, objects, bytes as written for streams, estimated compressed bytes of the
    dictionaries), largest first."""
    with pikepdf.open(path) as pdf:
        contents: set[tuple[int, int]] = set()
        looks: set[tuple[int, int]] = set()
        for page in pdf.pages:
            c = page.obj.get("/Contents")
            contents |= {x.objgen for x in (c if isinstance(c, pikepdf.Array) else [c]) if x is not None}
            for annot in page.obj.get("/Annots", ()):
                for states in annot.get("/AP", {}).values():
                    looks |= {states.objgen} if isinstance(states, pikepdf.Stream) else \
                        {s.objgen for s in states.values()}
        count: dict[str, int] = defaultdict(int)
        raw: dict[str, int] = defaultdict(int)
        text: dict[str, list[bytes]] = defaultdict(list)
        for obj in pdf.objects:
            if obj is None or not obj.is_indirect:
                continue
            kind = _kind(obj, contents, looks)
            count[kind] += 1
            if isinstance(obj, pikepdf.Stream):
                raw[kind] += len(obj.read_raw_bytes())
                if kind not in ("/ObjStm stream", "/XRef stream"):
                    text[kind].append(pikepdf.Dictionary(dict(obj.items())).unparse())
            else:
                text[kind].append(obj.unparse(resolved=True))
    rows = [(k, count[k], raw[k], len(zlib.compress(b"\n".join(text[k]), 6)) if text[k] else 0)
            for k in count]
    return sorted(rows, key=lambda r: -(r[2] + r[3]) if "ObjStm" not in r[0] else 0)


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        rows = breakdown(path)
        print(f"{path}: {path.stat().st_size:,} bytes, {sum(r[1] for r in rows):,} objects")
        print(f"  {'kind':36} {'objects':>8} {'streams':>9} {'dicts~':>8}")
        for kind, n, streams, dicts in rows:
            print(f"  {kind:36} {n:8,} {streams:9,} {dicts:8,}")


if __name__ == "__main__":
    main(sys.argv[1:])
