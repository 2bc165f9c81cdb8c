"""The page as a 70-year-old reads it, checked from the PDF: sizes, columns, bands, pages, words.

Characters, their boxes and sizes come from pdfium; form fields from pypdf. Each check
could fail: a step that drops under its picture, a band of white, a page holding only the
credit line, a web address broken mid-word, type or boxes too small to read. The sheets are
checked in English and in Spanish (longer words, the same page).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import DAY, FIXTURES
from pdfread import text_box as find

from handouts.content.clinic import load_clinic
from handouts.content.library import Library, content_folders, load_library
from handouts.content.paths import builtin_packet
from handouts.content.select import select
from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
from handouts.layout import styles
from handouts.layout.handout import HandoutSpec, build_handout
from handouts.layout.sheet import SheetHeader
from handouts.layout.tracker import TrackerSpec, build_tracker

ROOT = Path(__file__).parent.parent
INCH = 72.0
MAX_BAND = 0.75 * INCH
ALL = ("kneeling-hip-flexor", "figure-four", "cat-cow", "knee-to-chest", "seated-spinal-twist",
       "supine-hamstring")
LANGUAGES = ("en", "es")
FOOTER = {"en": "Library version", "es": "Versión del contenido"}
# What a stretch's picture column holds besides the picture: the tick row and pose labels.
PICTURE_WORDS = re.compile(r"(Done:|Cat|Cow|Hecho:|Gato|Vaca)*")


@cache
def library(lang: str = "en") -> Library:
    return load_library(content_folders(), lang)


@cache
def handout(*ids: str, large: bool = False, logo: bool = False, lang: str = "en",
            size: str = "letter") -> bytes:
    lib = library(lang)
    clinic = load_clinic(FIXTURES / "clinic" / "clinic-with-logo.yaml") if logo else None
    sel = select(lib, None, ids) if ids else select(lib, "lower-back-hip")
    return build_handout(lib, HandoutSpec(sel, SheetHeader(date=DAY, clinic=clinic), page_size=size,
                                          large_print=large))


@cache
def tracker(large: bool, lang: str = "en") -> bytes:
    lib = library(lang)
    look = styles.large_print() if large else styles.Look()
    return build_tracker(lib, TrackerSpec(select(lib, "lower-back-hip"), DAY, 1, look=look))


@cache
def packet(lang: str = "en") -> bytes:
    spec = load_packet_spec(builtin_packet("lower-back-hip", lang))
    return build_packet(library(lang), spec, PacketOptions(date=DAY, start=DAY))


Char = tuple[str, float, float, float, float, float]  # text, left, bottom, right, top, size


def chars(data: bytes, index: int) -> list[Char]:
    """Every drawn (not generated) character on a page, with its box and font size in pt."""
    pdf = pdfium.PdfDocument(data)
    try:
        tp = pdf[index].get_textpage()
        text = tp.get_text_range()
        out = []
        for i in range(tp.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(tp.raw, i) or not text[i].strip():
                continue
            left, bottom, right, top = tp.get_charbox(i)
            out.append((text[i], left, bottom, right, top, pdfium_c.FPDFText_GetFontSize(tp.raw, i)))
        return out
    finally:
        pdf.close()


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(_io(data)).pages)


def _io(data: bytes):  # type: ignore[no-untyped-def]
    from io import BytesIO

    return BytesIO(data)


def text_of(data: bytes, index: int) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return str(pdf[index].get_textpage().get_text_range())
    finally:
        pdf.close()


def heading(data: bytes, index: int, name: str) -> tuple[float, float, float, float]:
    """Where a stretch's name is drawn as its heading: the largest of its places on the page
    (the safety box may name it too, "Gato y vaca: si su dolor...")."""
    pdf = pdfium.PdfDocument(data)
    try:
        tp = pdf[index].get_textpage()
        search = tp.search(name, match_case=True)
        places = []
        while (found := search.get_next()) is not None:
            start, count = found
            size = pdfium_c.FPDFText_GetFontSize(tp.raw, start)
            boxes = [tp.get_charbox(i) for i in range(start, start + count)]
            places.append((size, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                  max(b[2] for b in boxes), max(b[3] for b in boxes))))
        assert places, f"{name!r} not on page {index + 1}"
        return max(places, key=lambda p: p[0])[1]
    finally:
        pdf.close()


def largest_band(data: bytes, index: int) -> float:
    """The tallest horizontal strip (pt) between the margins with nothing drawn in it."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        _, height = page.get_size()
        spans = sorted(((o.get_bounds()[1], o.get_bounds()[3]) for o in page.get_objects(max_depth=0)),
                       key=lambda s: -s[1])
    finally:
        pdf.close()
    top, band = height - styles.MARGIN, 0.0
    for bottom, upper in spans:
        band = max(band, top - upper)
        top = min(top, bottom)
    return max(band, top - styles.MARGIN)


# --- Space used --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("ids", [ALL[1:3], ALL[:3], ALL[:4], ALL[:5], ()], ids=lambda i: f"{len(i) or 6}")
def test_no_empty_band_over_three_quarters_of_an_inch(ids: tuple[str, ...], lang: str) -> None:
    data = handout(*ids, lang=lang)
    assert page_count(data) == 1
    assert largest_band(data, 0) <= MAX_BAND


def test_room_grows_the_pictures_then_the_type() -> None:
    # Three stretches: pictures wider than the old 1.2 in, the text column starts after them.
    start = find(handout(*ALL[:3]), 0, "Start:")[0]
    assert start - styles.MARGIN > 2.0 * INCH
    # Two stretches: the pictures are at their largest, so the type grows past 12 pt.
    steps = [c for c in chars(handout(*ALL[1:3]), 0) if c[0] == "C"]
    assert max(c[5] for c in steps) >= 13.0
    # Six stretches still fit one page at 10 pt or more, in Spanish too.
    for lang in LANGUAGES:
        assert page_count(handout(lang=lang)) == 1
        assert min(c[5] for c in chars(handout(lang=lang), 0)) >= 10.0


# --- Columns -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("ids", [(), ALL[:3], ("cat-cow", "seated-spinal-twist")], ids=["6", "3", "2"])
def test_a_stretch_keeps_its_text_in_one_column(ids: tuple[str, ...], lang: str) -> None:
    data = handout(*ids, lang=lang)
    lib = library(lang)
    stretches = [lib.stretches[i] for i in (ids or ALL)]
    page = chars(data, 0)
    tops = [heading(data, 0, s.name)[3] for s in stretches]
    footer = find(data, 0, FOOTER[lang])[3]
    for s, top, below in zip(stretches, tops, [*tops[1:], footer], strict=True):
        column = heading(data, 0, s.name)[0]
        band = [c for c in page if below + 1 < c[4] <= top + 1]
        outside = "".join(c[0] for c in band if c[1] < column - 1)
        assert PICTURE_WORDS.fullmatch(outside), (s.id, outside)
        # The last step and the dose sit in the column too (cat-cow step 4, twist step 4).
        assert find(data, 0, s.steps[-1][:20])[0] >= column - 1, s.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dose_and_avoid_lines_are_whole(lang: str) -> None:
    from handouts.wording.dose import dose_words
    from handouts.wording.text import Wording

    lib = library(lang)
    words = Wording((), lib.language)
    avoid = words.render("handout/label_avoid.j2")
    text = text_of(handout(lang=lang), 0).replace("\u00a0", " ")
    for sid in ALL:
        s = lib.stretches[sid]
        line = dose_words(words, s)
        # A dose line may break between phrases, never between a number and the words
        # either side of it ("Hold 30 seconds", "Do 3 holds", "Mantenga 30 segundos").
        for phrase in re.findall(r"\S+ \d+ \S+", line):
            assert phrase in text, (sid, phrase)
        # What to avoid starts on a line of its own or follows the whole dose on its line.
        avoid_line = next(t for t in text.splitlines() if avoid in t and s.avoid[0][:12] in t)
        assert avoid_line.split(avoid)[1].strip().startswith(s.avoid[0][:12])


# --- Sizes -------------------------------------------------------------------------------

def _smallest(data: bytes) -> float:
    return min(c[5] for i in range(page_count(data)) for c in chars(data, i))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_character_a_patient_reads_is_10pt_or_more(lang: str) -> None:
    for data in (handout(lang=lang), handout(*ALL[:3], logo=True, lang=lang), tracker(False, lang)):
        assert _smallest(data) >= 10.0
    labels = [c for c in chars(handout(lang=lang), 0) if c[0] in "CatCowGatoVaca"]
    assert labels and min(c[5] for c in labels) >= 10.0
    for i in range(page_count(packet(lang))):
        sizes = [c[5] for c in chars(packet(lang), i)]
        assert min(sizes) >= 10.0, i + 1


def test_bilingual_handout_is_10pt_or_more() -> None:
    from handouts.layout.bilingual import build_bilingual

    es, en = library("es"), library("en")
    data = build_bilingual(es, en, HandoutSpec(select(es, None, ALL[:3]), SheetHeader(date=DAY)))
    assert page_count(data) == 1 and _smallest(data) >= 10.0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_large_print_is_18pt_everywhere(lang: str) -> None:
    for data in (handout(*ALL[:3], large=True, logo=True, lang=lang),
                 handout("cat-cow", large=True, lang=lang), tracker(True, lang)):
        assert _smallest(data) >= 17.99


def test_logo_is_tall_enough_to_read() -> None:
    pdf = pdfium.PdfDocument(handout(*ALL[:3], logo=True))
    try:
        images = [o.get_bounds() for o in pdf[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
    finally:
        pdf.close()
    assert images and max(top - bottom for _, bottom, _, top in images) >= 0.5 * INCH


def _widgets(data: bytes) -> list[tuple[str, str, float, float]]:
    """(field type, name, width, height) of every widget on every page."""
    out = []
    for page in pypdf.PdfReader(_io(data)).pages:
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            if a.get("/Subtype") != "/Widget":
                continue
            parent = a.get("/Parent")
            kind = a.get("/FT") or (parent.get_object().get("/FT") if parent else None)
            name = a.get("/T") or (parent.get_object().get("/T") if parent else "")
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            out.append((str(kind), str(name), abs(x1 - x0), abs(y1 - y0)))
    return out


def test_large_print_tracker_boxes_and_writing_room_grow_with_the_type() -> None:
    normal, large = _widgets(tracker(False)), _widgets(tracker(True))

    def ticks(ws: list[tuple[str, str, float, float]]) -> float:
        return min(min(w, h) for kind, _, w, h in ws if kind == "/Btn")

    def notes(ws: list[tuple[str, str, float, float]]) -> float:
        return min(h for kind, name, _, h in ws if kind == "/Tx" and "notes" in name)

    assert ticks(large) >= 18.0 and ticks(large) >= ticks(normal) * 1.2
    assert notes(large) >= 2.5 * 18.0 and notes(large) > notes(normal)


# --- Pages -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_holds_only_the_credit_line_or_a_page_number(lang: str) -> None:
    footer = library(lang).meta.source
    # A4 is narrower than Letter: the Spanish credit line takes a third line there.
    for data in (handout(*ALL[:3], large=True, logo=True, lang=lang), handout(large=True, lang=lang),
                 handout(large=True, lang=lang, size="a4"), packet(lang)):
        for i in range(page_count(data)):
            rest = " ".join(text_of(data, i).split())
            rest = re.sub(r"(Page|Página) \d+ (of|de) \d+", "", rest)
            rest = rest.replace(" ".join(footer.split()), "")
            assert len(re.findall(r"[^\W\d_]{3,}", rest)) > 12, (i + 1, rest)


def test_a_packet_stamp_keeps_clear_of_the_footer() -> None:
    """The packet's 'Page N of M' sits right of a sheet's footer, never over its words."""
    for lang in LANGUAGES:
        data = packet(lang)
        for i in range(page_count(data)):
            label = "Page {} of {}" if lang == "en" else "Página {} de {}"
            stamp = find(data, i, label.format(i + 1, page_count(data)))
            near = [c for c in chars(data, i) if c[4] < stamp[3] + 20]
            others = [c for c in near if not (stamp[0] - 0.5 <= c[1] and c[3] <= stamp[2] + 0.5
                                              and stamp[1] - 0.5 <= c[2])]
            assert all(c[3] < stamp[0] - 2 or c[2] > stamp[3] for c in others), (lang, i + 1)


def test_one_stretch_in_large_print_is_its_detail_sheet() -> None:
    text = " ".join(text_of(handout("cat-cow", large=True), 0).split())
    assert "What it stretches" in text and "How to do it" not in text.split("What it stretches")[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_week_over_several_pages_says_which_page(lang: str) -> None:
    data = tracker(True, lang)
    pages = page_count(data)
    assert pages > 1
    said = "Week 1 of 1, page {} of {}" if lang == "en" else "Semana 1 de 1, página {} de {}"
    for i in range(pages):
        assert said.format(i + 1, pages) in " ".join(text_of(data, i).split())


# --- Words -------------------------------------------------------------------------------

@cache
def vocabulary() -> frozenset[str]:
    """Every word the sheets are made from: content and catalogs in both languages,
    templates, the code's own labels, and the month and day names dates print with."""
    from babel.dates import get_day_names, get_month_names

    files = [*ROOT.glob("content/**/*.yaml"), *ROOT.glob("content/**/*.po"),
             *ROOT.glob("templates/**/*.j2"), *ROOT.glob("handouts/**/*.py"),
             *FIXTURES.glob("clinic/*.yaml")]
    texts = [f.read_text(encoding="utf-8") for f in files]
    for locale in LANGUAGES:
        for width in ("wide", "abbreviated"):
            texts += [*get_month_names(width, locale=locale).values(),
                      *get_day_names(width, locale=locale).values()]
    return frozenset(w.lower() for t in texts for w in re.findall(r"[^\W\d_]+", t))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_word_is_broken_across_lines(lang: str) -> None:
    known = vocabulary()
    for data in (handout(lang=lang), handout(*ALL[:3], logo=True, lang=lang),
                 handout(*ALL[:3], large=True, logo=True, lang=lang),
                 handout("cat-cow", large=True, lang=lang), tracker(True, lang), packet(lang)):
        for i in range(page_count(data)):
            found = {w for w in re.findall(r"[^\W\d_]+", text_of(data, i)) if w.lower() not in known}
            assert not found, (lang, i + 1, found)


def test_web_address_stays_whole_in_large_print() -> None:
    text = text_of(handout(*ALL[:3], large=True, logo=True), 0)
    assert "riverside-pt.example" in text


# --- The packet and PEMAT-P --------------------------------------------------------------

@pytest.mark.parametrize(("lang", "date", "others"), [
    ("en", "2 March 2026", ("2026-03-02", "03/02", "2 Mar 2026")),
    ("es", "2 de marzo de 2026", ("2026-03-02", "02/03", "2 mar 2026")),
])
def test_a_packet_prints_its_date_one_way(lang: str, date: str, others: tuple[str, ...]) -> None:
    data = packet(lang)
    text = " ".join(" ".join(text_of(data, i).split()) for i in range(page_count(data)))
    assert date in text
    assert not [o for o in others if o in text]


def test_config_date_format_is_used_everywhere() -> None:
    from handouts.wording.dates import long_date
    from handouts.wording.text import Wording

    assert long_date(DAY, Wording()) == "2 March 2026"
    assert long_date(DAY, Wording((), library("es").language)) == "2 de marzo de 2026"
    assert long_date(DAY, Wording(), "%m/%d/%Y") == "03/02/2026"
    lib = library()
    header = SheetHeader(date=DAY, date_format="%m/%d/%Y")
    data = build_handout(lib, HandoutSpec(select(lib, "lower-back-hip"), header))
    assert "03/02/2026" in text_of(data, 0)
    sheet = build_tracker(lib, TrackerSpec(select(lib, "lower-back-hip"), DAY, 1, header))
    assert "Week of 03/02/2026 to 03/08/2026" in " ".join(text_of(sheet, 0).split())


@pytest.mark.parametrize(("lang", "summary", "how", "done"), [
    ("en", "In short: do these 6 stretches", "Tick a box under it for each hold or set.", "Done:"),
    ("es", "En resumen: haga estos 6 estiramientos",
     "Marque una casilla debajo por cada repetición o serie.", "Hecho:"),
])
def test_handout_has_a_summary_a_how_to_and_a_checklist_per_stretch(
        lang: str, summary: str, how: str, done: str) -> None:
    text = " ".join(text_of(handout(lang=lang), 0).split())
    assert text.startswith(library(lang).routines["lower-back-hip"].name)
    assert summary in text and how in text
    assert text.count(done) == 6


def _tick_boxes(data: bytes) -> int:
    """How many tick boxes page 1 draws: the most common size of square path, as tall as
    10 pt type or more."""
    pdf = pdfium.PdfDocument(data)
    try:
        boxes = [o.get_bounds() for o in pdf[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])]
    finally:
        pdf.close()
    sides = [round(b[2] - b[0], 1) for b in boxes
             if abs((b[2] - b[0]) - (b[3] - b[1])) < 0.2 and 10.0 <= b[2] - b[0] <= 25.0]
    return max(sides.count(w) for w in set(sides))


def test_handout_tick_boxes_follow_the_dose() -> None:
    """A box per hold (or set of a moving stretch) of the day, as on the tracker; none when
    the clinician writes the dose in by hand."""
    from handouts.content.dose import boxes_per_day
    from handouts.content.model import Dose
    from handouts.layout.sheet import Override

    lib = library()
    sel = select(lib, None, ["figure-four", "cat-cow"])
    dose = Dose.model_validate({"hold_seconds": 30, "reps": 4, "sets": 1, "times_per_day": 2})
    data = build_handout(lib, HandoutSpec(sel, overrides={"figure-four": Override(dose=dose)}))
    expected = boxes_per_day(dose) + boxes_per_day(lib.stretches["cat-cow"].dose)
    assert expected == 8 + 2 and _tick_boxes(data) == expected
    blank = build_handout(lib, HandoutSpec(sel, blank_dose=True))
    assert "Done:" not in text_of(blank, 0) and "Done:" in text_of(data, 0)


def test_detail_sheet_has_the_days_tick_boxes_under_its_dose() -> None:
    """The one-stretch sheet is a checklist too: 'Done:' and a box per hold of the day, in
    body type, right under the dose line (3 holds on each side: 3 boxes, as on the handout)."""
    from handouts.content.dose import boxes_per_day

    lib = library()
    sel = select(lib, None, ["figure-four"])
    data = build_handout(lib, HandoutSpec(sel))
    lines = [" ".join(line.split()) for line in text_of(data, 0).splitlines() if line.strip()]
    dose_at = next(i for i, line in enumerate(lines) if line.startswith("Hold 30 seconds."))
    assert lines[dose_at + 1] == "Done:" or lines[dose_at + 2] == "Done:"
    expected = boxes_per_day(lib.stretches["figure-four"].dose)
    assert expected == 3 and _tick_boxes(data) == expected
    assert "Done:" not in text_of(build_handout(lib, HandoutSpec(sel, blank_dose=True)), 0)


def test_detail_sheet_puts_its_tick_boxes_beside_the_picture_before_it_shrinks() -> None:
    """4 holds on each side 3 times a day is 12 boxes in three rows: under the dose the sheet
    would fit only at 11 pt, so at 12 pt they go beside the picture, under what it stretches."""
    from handouts.content.model import Dose
    from handouts.layout.handout import lay_out_handout
    from handouts.layout.sheet import Override

    lib = library()
    sel = select(lib, None, ["supine-hamstring"])
    dose = Dose.model_validate({"hold_seconds": 30, "reps": 4, "sets": 1, "times_per_day": 3})
    laid = lay_out_handout(lib, HandoutSpec(sel, overrides={"supine-hamstring": Override(dose=dose)}))
    assert laid.fit.startswith("12 pt") and not laid.warnings
    assert _tick_boxes(laid.data) == 12
    text = text_of(laid.data, 0)
    assert text.index("What it stretches") < text.index("Done:") < text.index("How to do it")


def test_detail_sheet_keeps_its_type_size_before_its_tick_boxes_and_says_so() -> None:
    """2 sets of 20 holds 3 times a day is 120 boxes: they fit neither under the dose nor
    beside the picture at 12 pt, so the sheet keeps 12 pt, leaves them out and warns."""
    from handouts.content.model import Dose
    from handouts.layout.handout import lay_out_handout
    from handouts.layout.sheet import Override

    lib = library()
    sel = select(lib, None, ["supine-hamstring"])
    dose = Dose.model_validate({"hold_seconds": 30, "reps": 20, "sets": 2, "times_per_day": 3})
    laid = lay_out_handout(lib, HandoutSpec(sel, overrides={"supine-hamstring": Override(dose=dose)}))
    assert laid.fit.startswith("12 pt")
    assert laid.warnings == ("the detail sheet leaves out its 'Done:' tick boxes to keep 12 pt "
                             "type on one page; the tracker has them",)
    assert "Done:" not in text_of(laid.data, 0)
    assert "Do 2 sets of 20 holds on each side" in text_of(laid.data, 0)


def test_every_built_in_detail_sheet_has_its_tick_boxes() -> None:
    lib = library()
    for sid in lib.stretches:
        from handouts.layout.handout import lay_out_handout

        laid = lay_out_handout(lib, HandoutSpec(select(lib, None, [sid])))
        assert "Done:" in text_of(laid.data, 0) and not laid.warnings, sid


def test_many_tick_boxes_stay_in_the_picture_column() -> None:
    """12 boxes a sitting, 3 sittings a day (hold 20 s, 3 holds, 4 sets, 3 times a day): the
    boxes wrap under the picture, each sitting on rows of its own, and never run into the
    dose line beside it; the picture keeps most of its height."""
    from handouts.content.model import Dose
    from handouts.layout.sheet import Override

    lib = library()
    sel = select(lib, None, ["knee-to-chest", "cat-cow", "figure-four"])
    dose = Dose.model_validate({"hold_seconds": 20, "reps": 3, "sets": 4, "times_per_day": 3})
    data = build_handout(lib, HandoutSpec(sel, overrides={
        "knee-to-chest": Override(dose=dose, side="right")}))
    text_left = find(data, 0, "Hold 20 seconds")[0]
    pdf = pdfium.PdfDocument(data)
    try:
        paths = [o.get_bounds() for o in pdf[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])]
    finally:
        pdf.close()
    squares = [b for b in paths if abs((b[2] - b[0]) - (b[3] - b[1])) < 0.2 and 10 <= b[2] - b[0] <= 25]
    sides = [round(b[2] - b[0], 1) for b in squares]
    side = max(set(sides), key=sides.count)  # the tick box: the most common square
    boxes = [b for b in squares if round(b[2] - b[0], 1) == side]
    top = max(b[3] for b in boxes)
    ours = [b for b in boxes if b[3] > top - 200]  # knee-to-chest's rows, at the top
    assert len(ours) == 36
    assert max(b[2] for b in ours) < text_left - 4
    rows = sorted({round(b[1]) for b in ours}, reverse=True)
    per_row = [sum(1 for b in ours if round(b[1]) == y) for y in rows]
    assert sum(per_row) == 36 and len(per_row) >= 6 and len(per_row) % 3 == 0
    # Each sitting starts a row: the rows come in three equal runs of 12 boxes.
    run = len(per_row) // 3
    assert [sum(per_row[i * run:(i + 1) * run]) for i in range(3)] == [12, 12, 12]
    assert max(per_row) - min(per_row) <= 1  # even rows (6 and 6), not 11 and 1
    # A little more space between sittings than between the rows of one sitting.
    steps = [a - b for a, b in zip(rows, rows[1:], strict=False)]
    within = [steps[i] for i in range(len(steps)) if (i + 1) % run]
    between = [steps[i] for i in range(len(steps)) if not (i + 1) % run]
    assert min(between) > max(within) + 2


def test_education_muscles_sit_beside_a_figure_and_drop_latin_part_names() -> None:
    data = packet()
    text = " ".join(" ".join(text_of(data, i).split()) for i in range(page_count(data)))
    assert "In red: front of the hip." in text
    page = next(i for i in range(page_count(data)) if "In red: front of the hip." in text_of(data, i))
    # Beside the text: the caption starts right of the muscle's lines, level with them.
    caption, where = find(data, page, "In red: front"), find(data, page, "These muscles run from")
    assert caption[0] > where[0] + 3 * INCH and caption[3] > where[1] - 2 * INCH
    assert not re.search(r"psoas|iliacus|femoris|gluteus", text, re.I)
    spanish = " ".join(text_of(packet("es"), i) for i in range(page_count(packet("es"))))
    assert "En rojo:" in spanish and not re.search(r"psoas|ilíaco|femoral", spanish, re.I)
