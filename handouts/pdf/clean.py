"""Make an outside PDF safe to put in a packet: no active content, and every page renders.

A clinic's intake form may carry JavaScript (document-level, page-open /AA, field
calculations), launch actions that start programs, links, attached files and XFA forms.
None of that belongs in a patient's packet: `clean_external` removes every action, script,
attachment, multimedia annotation and XFA, keeps the pages and their AcroForm fields
(values and appearances), and says what it removed. `check_renders` then decodes every
stream each page uses and draws the page with pdfium, so a damaged font or image is found
before the packet is built, not by the patient's printer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from types import MappingProxyType
from typing import Any

from handouts.errors import InputFileError

# Annotations that play, launch or carry something: removed whole.
_ACTIVE_ANNOTS = frozenset({"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"})
_KINDS = MappingProxyType({"/JavaScript": "JavaScript action", "/Launch": "launch action",
          "/URI": "web link action", "/SubmitForm": "form-sending action",
          "/ImportData": "data-import action", "/GoToR": "link to another file",
          "/GoToE": "link into an attached file", "/Rendition": "media action",
          "/Sound": "sound action", "/Movie": "movie action", "/Hide": "hide action",
          "/Named": "menu action", "/ResetForm": "form-reset action", "/GoTo": "page link action",
          "/SetOCGState": "layer action", "/Trans": "transition action",
          "/GoTo3DView": "3D action", "/RichMediaExecute": "media action"})


@dataclass(frozen=True)
class Cleaned:
    """The PDF without active content, and what was removed, in words ('2 JavaScript actions')."""

    data: bytes
    removed: tuple[str, ...]


def _action_kinds(action: Any, found: Counter[str]) -> None:
    """Count an action and the actions chained after it (/Next)."""
    import pikepdf

    seen = 0
    todo = [action]
    while todo and seen < 100:  # /Next chains are short; a loop in a damaged file must end
        a = todo.pop()
        seen += 1
        if not isinstance(a, pikepdf.Dictionary):
            continue
        found[_KINDS.get(str(a.get("/S", "")), "action")] += 1
        nxt = a.get("/Next")
        if isinstance(nxt, pikepdf.Array):
            todo += list(nxt)
        elif nxt is not None:
            todo.append(nxt)


def _strip_actions(obj: Any, found: Counter[str]) -> None:
    """Remove /A, /AA and /OpenAction from one dictionary, counting what they held."""
    import pikepdf

    if "/A" in obj:
        _action_kinds(obj.A, found)
        del obj["/A"]
    if "/AA" in obj:
        aa = obj.AA
        if isinstance(aa, pikepdf.Dictionary):
            for key in list(aa.keys()):  # noqa: SIM118
                _action_kinds(aa[key], found)
        del obj["/AA"]


def _fields(node: Any, found: Counter[str], depth: int = 0) -> None:
    """Strip actions from a field and its kids (calculations and keystroke scripts live here)."""
    if depth > 32:
        return
    _strip_actions(node, found)
    for kid in node.get("/Kids", ()):
        _fields(kid, found, depth + 1)


def _plural(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def clean_external(data: bytes, source: str) -> Cleaned:
    """The PDF with every action, script, attachment and XFA form removed; fields kept."""
    import pikepdf

    found: Counter[str] = Counter()
    try:
        pdf = pikepdf.open(BytesIO(data))
    except pikepdf.PdfError as e:
        raise InputFileError(source, f"the PDF is damaged and cannot be read ({e})") from e
    with pdf:
        root = pdf.Root
        if "/OpenAction" in root:
            action = root.OpenAction
            if isinstance(action, pikepdf.Dictionary):
                _action_kinds(action, found)
            else:
                found["open action"] += 1  # a destination to open at: harmless, still dropped
            del root["/OpenAction"]
        _strip_actions(root, found)
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            if "/JavaScript" in names:
                tree = names.JavaScript
                count = len(pikepdf.NameTree(tree)) if isinstance(tree, pikepdf.Dictionary) else 1
                found["document script"] += max(count, 1)
                del names["/JavaScript"]
            if "/EmbeddedFiles" in names:
                tree = names.EmbeddedFiles
                count = len(pikepdf.NameTree(tree)) if isinstance(tree, pikepdf.Dictionary) else 1
                found["attached file"] += max(count, 1)
                del names["/EmbeddedFiles"]
        for key, what in (("/Collection", "file collection"), ("/AF", "attached file")):
            if key in root:
                found[what] += 1
                del root[key]
        form = root.get("/AcroForm")
        if isinstance(form, pikepdf.Dictionary):
            if "/XFA" in form:
                found["XFA form (its AcroForm fields are kept)"] += 1
                del form["/XFA"]
            for field in form.get("/Fields", ()):
                _fields(field, found)
        for page in pdf.pages:
            _strip_actions(page.obj, found)
            annots = page.obj.get("/Annots")
            if not isinstance(annots, pikepdf.Array):
                continue
            kept = pikepdf.Array()
            for annot in annots:
                if not isinstance(annot, pikepdf.Dictionary):
                    continue
                if annot.get("/Subtype") in _ACTIVE_ANNOTS:
                    found[f"{str(annot.Subtype)[1:]} annotation"] += 1
                    continue
                _strip_actions(annot, found)
                kept.append(annot)
            page.obj.Annots = kept
        out = BytesIO()
        pdf.save(out, deterministic_id=True)
    removed = tuple(_plural(n, kind) for kind, n in sorted(found.items()) if n)
    return Cleaned(out.getvalue() if removed else data, removed)


def _streams(obj: Any, seen: set[tuple[int, int]], key: str = "", depth: int = 0) -> Any:
    """(key, stream) for every stream reachable from a page (not back up through /Parent or /P)."""
    import pikepdf

    if depth > 40 or not isinstance(obj, pikepdf.Object):
        return
    if obj.is_indirect:
        if obj.objgen in seen:
            return
        seen.add(obj.objgen)
    if isinstance(obj, pikepdf.Stream):
        yield key, obj
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for k in obj.keys():  # noqa: SIM118 - a Stream iterates its data, not its keys
            if k not in ("/Parent", "/P"):
                yield from _streams(obj[k], seen, k, depth + 1)
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            yield from _streams(item, seen, key, depth + 1)


def _kind(key: str, stream: Any) -> str:
    if key.startswith("/FontFile") or key == "/ToUnicode":
        return "font"
    if key == "/Contents":
        return "page content"
    return str(stream.get("/Subtype", "") or "").lstrip("/").lower() or "data"


def check_renders(data: bytes, source: str) -> None:
    """Decode every stream each page uses and draw each page; InputFileError naming the page."""
    import pikepdf
    import pypdfium2 as pdfium

    with pikepdf.open(BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            for key, stream in _streams(page.obj, set()):
                try:
                    stream.read_bytes()
                except pikepdf.DataDecodingError as e:
                    raise InputFileError(source, f"page {n} does not render: a {_kind(key, stream)} "
                                                 f"stream is damaged ({str(e).split(': ')[-1]}); "
                                                 "open the file and save a fresh copy") from e
                except pikepdf.PdfError:
                    continue  # images (JPEG and others) are decoded by the viewer, not here
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise InputFileError(source, f"the PDF does not open for drawing ({e})") from e
    try:
        for n in range(len(doc)):
            try:
                doc[n].render(scale=0.1).close()
            except pdfium.PdfiumError as e:
                raise InputFileError(source, f"page {n + 1} does not render ({e})") from e
    finally:
        doc.close()
