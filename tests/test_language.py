"""Spanish, and any language as a folder: catalogs, content by id, dates, reading level, fonts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from pdfread import fonts_of, page_texts, render_page, words

from handouts.content.clinic import Clinic
from handouts.content.library import COLLECTIONS, Library, content_folders, load_library
from handouts.content.paths import builtin_content, builtin_packet, builtin_templates
from handouts.content.readability import SCALES, score_library
from handouts.content.select import select
from handouts.content.translate import translation_gaps
from handouts.errors import ContentError, LayoutError
from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
from handouts.layout.handout import HandoutSpec, build_handout
from handouts.layout.sheet import Override, SheetHeader
from handouts.layout.tracker import TrackerSpec, build_tracker
from handouts.wording.extract import extract_catalog

DAY = dt.date(2026, 12, 7)  # a Monday
CLINIC = Clinic(name="Clínica Sol", phone="555-0100")


@pytest.fixture(scope="module")
def es() -> Library:
    return load_library(content_folders(), "es")


def _msgids(pot: Path) -> set[str]:
    with pot.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def _english_template_words() -> set[str]:
    """Every word of the English catalog that Spanish never uses (placeholders left out)."""
    en: set[str] = set()
    with (builtin_templates() / "messages.pot").open("rb") as fh:
        for m in read_po(fh):
            for text in (m.id if isinstance(m.id, tuple) else (m.id,)):
                text = re.sub(r"%\(\w+\)s", " ", text)
                en |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}
    es: set[str] = set()
    with (builtin_content() / "es" / "messages.po").open("rb") as fh:
        for m in read_po(fh):
            for text in (m.string if isinstance(m.string, tuple) else (m.string,)):
                text = re.sub(r"%\(\w+\)s", " ", text or "")
                es |= {w.lower() for w in re.findall(r"\w+", text)}
    # Date patterns (EEE, MMM) are codes, not words.
    return {w for w in en - es if not re.fullmatch(r"[EMdy]+", w, re.IGNORECASE)}


def _pdf_words(data: bytes, lib: Library) -> set[str]:
    # The footer cites the English source by its title and publisher: names, not wording.
    text = words(" ".join(page_texts(data))).replace(lib.meta.source, " ")
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


def _sheets(lib: Library) -> dict[str, bytes]:
    sel = select(lib, "lower-back-hip")
    header = SheetHeader("Ana Ruiz", "Dra. Pérez", DAY, CLINIC)
    spec = load_packet_spec(builtin_packet("lower-back-hip", lib.meta.language))
    return {
        "handout": build_handout(lib, HandoutSpec(sel, header)),
        "tracker": build_tracker(lib, TrackerSpec(sel, DAY, 2, header)),
        "packet": build_packet(lib, spec, PacketOptions(DAY, DAY, "Ana Ruiz", "Dra. Pérez", CLINIC)),
    }


def test_catalog_template_is_current_and_spanish_translates_all_of_it():
    pot = builtin_templates() / "messages.pot"
    found = {m.id if isinstance(m.id, str) else m.id[0] for m in extract_catalog(builtin_templates()) if m.id}
    assert found == _msgids(pot), "run scripts/extract-messages.py after changing a template"
    assert _msgids(builtin_content() / "es" / "messages.po") == found


def test_spanish_sheets_have_no_english_template_words(es):
    english = _english_template_words()
    assert {"hold", "seconds", "stretch", "week", "tick", "page", "name", "once"} <= english
    for kind, data in _sheets(es).items():
        left = _pdf_words(data, es) & english
        assert not left, f"English words on the Spanish {kind}: {sorted(left)}"


def test_spanish_dates_dose_and_labels(es):
    sheets = _sheets(es)
    handout = words(page_texts(sheets["handout"])[0])
    assert "Nombre: Ana Ruiz" in handout and "Fecha: 7 de diciembre de 2026" in handout
    assert ("Mantenga 30 segundos. Haga 3 repeticiones por lado, primero el derecho. "
            "Una vez al día.") in handout
    tracker = words(page_texts(sheets["tracker"])[1])
    # The week's dates in the one form of the packet's other sheets.
    assert ("Semana del 14 de diciembre de 2026 al 20 de diciembre de 2026" in tracker
            and "Semana 2 de 2" in tracker)
    for day in ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"):
        assert day in tracker.split()
    cover = words(page_texts(sheets["packet"])[0])
    assert "Su programa de espalda baja y cadera" in cover
    assert "Fecha: 7 de diciembre de 2026" in cover and "Página 1 de" in cover


def test_spanish_side_marks_turn_with_the_prescribed_side(es):
    sel = select(es, None, ["figure-four", "cat-cow"])
    ov = {"figure-four": Override(side="left")}
    text = words(page_texts(build_handout(es, HandoutSpec(sel, overrides=ov)))[0])
    assert "Cruce el tobillo izquierdo sobre la rodilla del lado derecho" in text
    assert "solo del lado izquierdo" in text


def test_spanish_library_reads_fairly_easy_or_easier(es):
    scale = SCALES["es"]
    scores, overall = score_library(es)
    assert len(scores) > 30
    hard = [(s.label, s.grade) for s in scores if scale.misses(s.grade, scale.target)]
    assert not hard, f"below INFLESZ {scale.target:g} ('bastante fácil'): {hard}"
    assert overall >= scale.target


def test_translation_gaps_name_missing_and_extra_ids(tmp_path, lib):
    clinic = tmp_path / "clinic"
    (clinic / "es").mkdir(parents=True)
    (clinic / "stretches.yaml").write_text((builtin_content() / "stretches" / "cat-cow.yaml")
                                           .read_text().replace("id: cat-cow", "id: cat-cow-2"))
    (clinic / "es" / "extra.yaml").write_text(
        "faqs:\n  - id: no-such-faq\n    question: ¿Qué?\n    answer: Nada.\n")
    english = load_library(content_folders([clinic]))
    missing, extra = translation_gaps(english, "es", COLLECTIONS)
    assert missing == [f"stretches[cat-cow-2] (English at {clinic / 'stretches.yaml'}:2)"]
    assert extra == [f"faqs[no-such-faq] ({clinic / 'es' / 'extra.yaml'}:2)"]
    with pytest.raises(ContentError) as err:
        load_library(content_folders([clinic]), "es")
    text = "\n".join(err.value.lines())
    assert f"{clinic / 'stretches.yaml'}:2: stretches[cat-cow-2]: no 'es' translation" in text
    assert "faqs[no-such-faq]: no English entry 'no-such-faq' to translate" in text


def test_allow_fallback_prints_english_for_the_missing_entry_with_a_warning(tmp_path):
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    (clinic / "stretches.yaml").write_text((builtin_content() / "stretches" / "cat-cow.yaml")
                                           .read_text().replace("id: cat-cow", "id: cat-cow-2"))
    lib = load_library(content_folders([clinic]), "es", allow_fallback=True)
    assert any("stretches[cat-cow-2]: no 'es' translation" in w for w in lib.warnings)
    assert lib.stretches["cat-cow-2"].name == "Cat-cow stretch"
    assert lib.stretches["cat-cow"].name == "Gato y vaca"


def test_a_translation_cannot_change_a_dose_or_drop_a_side_mark(tmp_path):
    clinic = tmp_path / "clinic"
    (clinic / "es").mkdir(parents=True)
    (clinic / "es" / "fix.yaml").write_text(
        "stretches:\n"
        "  - id: figure-four\n"
        "    dose: {hold: 60 seconds}\n"
        "    steps:\n"
        "      - Cruce el tobillo derecho sobre la rodilla del lado {other}.\n"
        "      - Tome el muslo {other}.\n"
        "      - Tire del muslo hacia el pecho, lado {side}.\n")
    with pytest.raises(ContentError) as err:
        load_library(content_folders([clinic]), "es")
    text = "\n".join(err.value.lines())
    assert "stretches[figure-four].dose: comes from the English entry" in text
    assert "stretches[figure-four].steps.0: side marks ['other'] differ" in text


def _catalog_for(code: str, path: Path, words_for: dict[str, str]) -> None:
    """A complete catalog for `code`: the given words, and every other message marked."""
    with (builtin_templates() / "messages.pot").open("rb") as fh:
        catalog = read_po(fh, locale=code)
    for m in catalog:
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            m.string = tuple(words_for.get(m.id[0], m.id[i]) for i in range(2))
        else:
            m.string = words_for.get(m.id, m.id)
    catalog.fuzzy = False
    with path.open("wb") as fh:
        write_po(fh, catalog)


def test_a_clinic_adds_a_language_as_a_folder_with_one_catalog(tmp_path):
    clinic = tmp_path / "clinic"
    (clinic / "vi").mkdir(parents=True)
    _catalog_for("vi", clinic / "vi" / "messages.po",
                 {"Name:": "Tên:", "Your home stretches": "Bài giãn cơ tại nhà"})
    (clinic / "vi" / "stretches.yaml").write_text(
        "stretches:\n  - id: cat-cow\n    name: Tư thế mèo và bò\n", encoding="utf-8")
    lib = load_library(content_folders([clinic]), "vi", allow_fallback=True)
    assert lib.language.catalogs == (clinic / "vi" / "messages.po",)
    assert any("stretches[figure-four]" in w for w in lib.warnings)
    data = build_handout(lib, HandoutSpec(select(lib, None, ["cat-cow", "figure-four"]),
                                          SheetHeader("Ana", date=DAY)))
    text = words(page_texts(data)[0])
    assert "Tên: Ana" in text and "Bài giãn cơ tại nhà" in text
    assert "NotoSans" in " ".join(fonts_of(data))  # ơ, ư and ạ are not in Atkinson Hyperlegible
    with pytest.raises(ContentError, match=r"stretches\[figure-four\]: no 'vi' translation"):
        load_library(content_folders([clinic]), "vi")


def test_a_missing_catalog_message_names_the_msgid_and_file(tmp_path):
    clinic = tmp_path / "clinic"
    (clinic / "vi").mkdir(parents=True)
    po = clinic / "vi" / "messages.po"
    _catalog_for("vi", po, {"Name:": ""})
    with pytest.raises(ContentError) as err:
        load_library(content_folders([clinic]), "vi", allow_fallback=False)
    assert f"{po}: msgid: no 'vi' translation of template wording 'Name:'" in "\n".join(
        err.value.lines())
    lib = load_library(content_folders([clinic]), "vi", allow_fallback=True)
    assert any("'Name:'" in w and "printing the English" in w for w in lib.warnings)


def test_vietnamese_name_prints_in_the_fallback_font_and_one_copy_of_each_font(lib):
    name = "Nguyễn Thị Hương"
    sel = select(lib, "lower-back-hip")
    data = build_handout(lib, HandoutSpec(sel, SheetHeader(name, date=DAY)))
    assert name in page_texts(data)[0]
    assert {f.split("+")[-1] for f in fonts_of(data)} >= {"NotoSans-Regular",
                                                           "AtkinsonHyperlegible-Regular"}
    from PIL import ImageChops

    blank = build_handout(lib, HandoutSpec(sel, SheetHeader(date=DAY)))
    named, unnamed = (render_page(d, 0, scale=2.0).convert("L") for d in (data, blank))
    box = ImageChops.difference(named, unnamed).getbbox()
    # The name is drawn, in dark ink, on the people line under the title and nowhere else.
    assert box is not None and box[3] < named.height * 0.2
    assert named.crop(box).getextrema()[0] < 80
    spec = load_packet_spec(builtin_packet("patient"))
    packet = build_packet(lib, spec, PacketOptions(DAY, DAY, name, "Dra. Pérez"))
    import pikepdf

    with pikepdf.open(__import__("io").BytesIO(packet)) as pdf:
        files = [str(o.FontName).split("+")[-1] for o in pdf.objects
                 if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"
                 and "/FontFile2" in o]
        streams = {o.FontFile2.objgen for o in pdf.objects
                   if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"
                   and "/FontFile2" in o}
    assert len(streams) == len(set(files)) == 3, files


def test_a_character_no_font_has_is_a_clear_error(lib):
    sel = select(lib, None, ["cat-cow"])
    with pytest.raises(LayoutError, match=r"no glyph in Atkinson Hyperlegible or the fallback Noto Sans "
                                         r"for: '中' \(U\+4E2D\)"):
        build_handout(lib, HandoutSpec(sel, SheetHeader("王中")))


def test_bilingual_handout_fits_three_stretches_on_one_page_in_both_languages(es, lib):
    from handouts.layout.bilingual import build_bilingual

    sel = select(es, None, ["kneeling-hip-flexor", "figure-four", "cat-cow"])
    data = build_bilingual(es, lib, HandoutSpec(sel, SheetHeader("Ana Ruiz", date=DAY, clinic=CLINIC)))
    pages = page_texts(data)
    assert len(pages) == 1
    text = words(pages[0])
    for phrase in ("Sus estiramientos en casa", "Your home stretches", "Para su seguridad",
                   "Stay safe", "Gato y vaca", "Cat-cow stretch",
                   "Haga 3 repeticiones por lado", "Do 3 holds on each side"):
        assert phrase in text
    from pdfread import font_sizes

    sizes = font_sizes(data, skip=("Gato", "Vaca", "Cat", "Cow"))
    assert min(s for s in sizes if s != 9.0) >= 10.0  # only the footer is smaller


def test_bilingual_handout_too_long_says_how_far_over_and_how_many_fit(es, lib):
    from handouts.layout.bilingual import build_bilingual

    with pytest.raises(LayoutError, match=r"longer than one page even at 10 pt without tips; "
                                          r"\d of its 6 stretches fit"):
        build_bilingual(es, lib, HandoutSpec(select(es, "lower-back-hip")))


@pytest.mark.parametrize("row", range(24))
def test_printed_dose_reads_as_the_dose_table_in_english_and_has_spanish_for_each_row(lib, es, row):
    """The sheets print the dose through the catalog: in English it is word for word the
    dose model's own line (tests/test_dose.py); in Spanish every case has its words."""
    from test_dose import TABLE

    from handouts.content.model import Dose
    from handouts.wording.dose import blank_dose_words, dose_words
    from handouts.wording.text import Wording

    if row >= len(TABLE):
        pytest.skip("fewer rows in the dose table")
    fields, sided, side, line, _ = TABLE[row]
    sid = "figure-four" if sided else "cat-cow"
    dose = Dose.model_validate(fields)
    assert dose_words(Wording(), lib.stretches[sid], dose, side) == line
    spanish = dose_words(Wording((), es.language), es.stretches[sid], dose, side)
    english_only = {"hold", "holds", "seconds", "minutes", "once", "twice", "times", "side"}
    ours = spanish.replace(fields.get("text", ""), "")  # a clinician's own line is theirs
    assert not english_only & set(re.findall(r"\w+", ours.lower())), spanish
    if "text" not in fields:
        assert spanish.endswith(("al día.", "a la semana."))
    assert blank_dose_words(Wording(), lib.stretches[sid]).startswith("Hold ________.")


FRENCH = Path(__file__).parent / "fixtures" / "language-fr"


def test_a_french_clinic_folder_prints_french_without_touching_the_package(runner, tmp_path):
    """tests/fixtures/language-fr: one catalog (handout, dose and side words) and two
    stretches; everything else prints in English with a warning, or is an error without
    --allow-fallback. Its side words are its own: `check` flags a bare "droite"."""
    from handouts.cli import app

    out = tmp_path / "fr.pdf"
    args = ["handout", "--content", str(FRENCH), "--language", "fr", "--stretch", "cat-cow",
            "--stretch", "figure-four", "--patient", "Ana Ruiz", "-o", str(out)]
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and "no 'fr' translation" in r.stderr and not out.exists()
    r = runner.invoke(app, [*args, "--allow-fallback"])
    assert r.exit_code == 0, r.output
    assert "muscles[hamstrings]: no 'fr' translation" in r.stderr
    text = words(page_texts(out.read_bytes())[0])
    for phrase in ("Vos étirements à la maison", "Nom : Ana Ruiz", "Le chat et la vache",
                   "Croisez la cheville du côté droit sur le genou gauche.",
                   "Tenez 30 secondes. Répétez 3 fois de chaque côté, d'abord le côté droit, "
                   "puis changez. Une fois par jour.",
                   "Répétez 2 séries de 10 mouvements lents. Une fois par jour."):
        assert phrase in text
    from pypdf import PdfReader

    assert PdfReader(out).trailer["/Root"]["/Lang"] == "fr"
    bad = tmp_path / "clinic"
    (bad / "fr").mkdir(parents=True)
    (bad / "fr" / "messages.po").write_bytes((FRENCH / "fr" / "messages.po").read_bytes())
    (bad / "fr" / "stretches.yaml").write_text(
        (FRENCH / "fr" / "stretches.yaml").read_text(encoding="utf-8").replace(
            "Gardez la tête", "Gardez le dos droit et la jambe droite, la tête"), encoding="utf-8")
    r = runner.invoke(app, ["check", "--content", str(bad), "--language", "fr"])
    assert r.exit_code == 2 and "missing from 'fr': stretches[knee-to-chest]" in r.stderr
    flagged = [line for line in r.stderr.splitlines() if "is not marked" in line]
    assert flagged == [f"warning: {bad / 'fr' / 'stretches.yaml'}:30: stretches[figure-four]."
                       "tips.0: 'droite' is not marked; write {side} or {other} so it follows "
                       "the prescribed side"], r.stderr


CAT_COW = """stretches:
  - id: cat-cow
    name: Cat-cow (our way)
    kind: dynamic
    targets: [erector-spinae]
    position: Kneel on all fours.
    steps: [Round your back up., Let your belly sink., Go back and forth., Breathe slowly.]
    avoid: [Forcing it.]
    sides: false
    dose: {reps: 5}
    figure: cat-cow
"""


def test_a_clinic_replacing_or_removing_an_entry_drops_our_translation_of_it(tmp_path):
    """Our Spanish translates our cat-cow: printed for a clinic's own cat-cow, a Spanish
    reader got other steps than the English. And a removed entry's translation stopped
    every Spanish document ('no English entry to translate')."""
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    (clinic / "ours.yaml").write_text(CAT_COW + "remove:\n  precautions: [build-strength]\n",
                                      encoding="utf-8")
    folders = content_folders([clinic])
    with pytest.raises(ContentError) as err:
        load_library(folders, "es")
    lines = "\n".join(err.value.lines())
    assert f"{clinic / 'ours.yaml'}:2: stretches[cat-cow]: no 'es' translation" in lines
    assert "build-strength" not in lines
    lib = load_library(folders, "es", allow_fallback=True)
    assert lib.stretches["cat-cow"].steps[0] == "Round your back up."
    assert "build-strength" not in lib.precautions
    # The clinic's own Spanish of its cat-cow is used.
    (clinic / "es").mkdir()
    (clinic / "es" / "cat-cow.yaml").write_text(
        "stretches:\n  - id: cat-cow\n    name: Gato y vaca (a nuestro modo)\n"
        "    position: A cuatro patas.\n    steps: [Arquee la espalda., Baje la barriga., "
        "Vaya y vuelva., Respire despacio.]\n    avoid: [Forzarlo.]\n", encoding="utf-8")
    lib = load_library(folders, "es", allow_fallback=True)
    assert lib.stretches["cat-cow"].steps[0] == "Arquee la espalda."
    assert lib.stretches["figure-four"].name != load_library(content_folders()).stretches[
        "figure-four"].name  # the rest of our Spanish still applies
    # `check --language es` lists the clinic's cat-cow as missing, nothing as extra.
    (clinic / "es" / "cat-cow.yaml").unlink()
    missing, extra = translation_gaps(load_library(folders), "es", COLLECTIONS)
    assert [m for m in missing if "cat-cow" in m] == [
        f"stretches[cat-cow] (English at {clinic / 'ours.yaml'}:2)"] and extra == []
