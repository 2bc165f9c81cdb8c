"""`handouts serve`: every route and its errors through Starlette's TestClient, in-process.

Builds run in the app's real worker processes, so a PDF downloaded here is what the page
gives a clinician; each is opened and read.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import DAY
from pypdf import PdfReader
from typer.testing import CliRunner

from handouts.cli import app as cli_app
from handouts.web.app import Settings, WebApp

with warnings.catch_warnings():  # Starlette 1.x would rather have httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient
EXAMPLES = Path(__file__).parents[1] / "content" / "examples"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> WebApp:
    return WebApp(Settings(data=tmp_path_factory.mktemp("programs"), batch_workers=1))


@pytest.fixture(scope="module")
def client(web: WebApp):
    with TestClient(web.asgi()) as c:
        c.headers["X-CSRF-Token"] = web.token
        yield c


def words(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def program_form(**extra: str) -> dict[str, str]:
    """Two stretches as the Program page posts them: figure-four changed, cat-cow as it is."""
    form = {
        "patient": "Zelda Quist", "clinician": "Sam Lee, PT", "date": DAY.isoformat(),
        "s-0-id": "figure-four", "s-0-hold_seconds": "20", "s-0-sets": "2", "s-0-times_per_day": "1",
        "s-0-days_per_week": "7", "s-0-side": "left", "s-0-note": "Left side only for now.",
        "s-1-id": "cat-cow", "s-1-reps": "10", "s-1-sets": "2", "s-1-times_per_day": "1",
        "s-1-days_per_week": "7",
        "precautions": "No deep bending for two weeks.", "language": "en",
        "print_size": "normal", "page_size": "letter", "weeks": "2", "start": DAY.isoformat(),
    }
    form.update(extra)
    return form


def ids_in(html: str) -> list[str]:
    return re.findall(r'data-stretch="([a-z0-9-]+)"', html)


# -- Library ----------------------------------------------------------------------------------

def test_library_lists_every_stretch_as_a_card(client, web):
    r = client.get("/library")
    assert r.status_code == 200
    assert sorted(ids_in(r.text)) == sorted(web.lib.stretches)
    assert "Hold 30 seconds" in r.text  # a default dose on a card
    assert "/figures/figure-four.svg" in r.text


@pytest.mark.parametrize(("query", "expected"), [
    ("muscle=hamstrings", ["knee-to-chest", "supine-hamstring"]),  # one as secondary
    ("position=kneeling", ["cat-cow", "kneeling-hip-flexor"]),
    ("tag=hands-and-knees", ["cat-cow"]),
    ("q=back+of+the+thigh", ["knee-to-chest", "supine-hamstring"]),
    ("q=lying&muscle=glutes", ["figure-four", "knee-to-chest"]),
])
def test_library_filters(client, query, expected):
    assert sorted(ids_in(client.get(f"/library?{query}").text)) == expected


def test_library_filter_with_no_match_says_so(client):
    r = client.get("/library?q=trampoline")
    assert ids_in(r.text) == [] and "No stretch matches" in r.text


def test_figure_is_svg_and_unknown_is_404(client):
    r = client.get("/figures/cat-cow.svg")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in r.text and "<path" in r.text
    assert client.get("/figures/nothing.svg").status_code == 404
    assert client.get("/figures/..%2Fetc.svg").status_code == 404


# -- Program ----------------------------------------------------------------------------------

def test_program_page_starts_from_the_default_routine_with_a_preview(client, web):
    r = client.get("/program")
    assert r.status_code == 200
    assert ids_in(r.text)[:6] == list(web.lib.routines["lower-back-hip"].stretches)
    assert 'src="data:image/jpeg;base64,' in r.text and "Fits on one page" in r.text


def test_a_library_card_starts_a_program_with_its_stretch(client):
    r = client.get("/program?add=cat-cow")
    assert ids_in(r.text.split('id="preview"')[0]) == ["cat-cow"]
    assert "Cat-cow" in r.text and 'src="data:image/jpeg;base64,' in r.text


def test_preview_shows_the_image_and_the_fit(client):
    r = client.post("/program/preview", data=program_form())
    assert r.status_code == 200
    assert 'src="data:image/jpeg;base64,' in r.text
    assert re.search(r"Fits on one page · \d+(\.5)? pt", r.text)


def test_preview_large_print_counts_pages(client):
    r = client.post("/program/preview", data=program_form(print_size="large"))
    assert re.search(r"\d pages · large print", r.text) or "Fits on one page · large print" in r.text


def test_preview_reports_a_bad_dose_and_an_empty_program(client):
    r = client.post("/program/preview", data=program_form(**{"s-0-hold_seconds": "601"}))
    assert "cannot be made yet" in r.text
    assert "Figure-four stretch, hold (seconds): a hold in seconds must be 5 to 600" in r.text
    r = client.post("/program/preview", data={"patient": "x"})
    assert "Choose at least one stretch" in r.text
    r = client.post("/program/preview", data=program_form(**{"s-0-sets": "two"}))
    assert "Figure-four stretch, sets:" in r.text


@pytest.mark.parametrize(("action", "extra", "expected"), [
    ("up:1", {}, ["cat-cow", "figure-four"]),
    ("down:0", {}, ["cat-cow", "figure-four"]),
    ("up:0", {}, ["figure-four", "cat-cow"]),
    ("remove:0", {}, ["cat-cow"]),
    ("add", {"add_id": "supine-hamstring"}, ["figure-four", "cat-cow", "supine-hamstring"]),
    ("add", {"add_id": "cat-cow"}, ["figure-four", "cat-cow"]),  # already there
    ("routine", {"routine_id": "lower-back-hip"}, None),
])
def test_edit_actions(client, web, action, extra, expected):
    r = client.post("/program/edit", data=program_form(action=action, **extra))
    assert r.status_code == 200
    chosen = [i for i in ids_in(r.text.split('id="preview"')[0])]
    want = expected or list(web.lib.routines["lower-back-hip"].stretches)
    assert chosen == want


def test_edit_keeps_the_changed_dose_when_moving(client):
    r = client.post("/program/edit", data=program_form(action="up:1"))
    assert 'name="s-1-hold_seconds" value="20"' in r.text  # figure-four moved to place 1
    assert '<option value="left" selected>' in r.text


def test_download_handout_has_the_prescription(client):
    r = client.post("/program/download/handout", data=program_form())
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert 'filename="zelda-quist-handout.pdf"' in r.headers["content-disposition"]
    text = words(r.content)
    assert "Zelda Quist" in text and "Figure-four" in text and "Cat-cow" in text
    # The dose in clinical's sentences (issue 10); the form's sets are the dose's sets.
    assert re.search(r"Hold 20 seconds\. Do 2 sets of \d holds? on your left side only\.", text)
    assert "Left side only for now." in text and "No deep bending for two weeks." in text


def test_download_tracker_and_packet(client):
    tracker = client.post("/program/download/tracker", data=program_form())
    reader = PdfReader(io.BytesIO(tracker.content))
    assert len(reader.pages) == 2 and "Zelda Quist" in words(tracker.content)
    packet = client.post("/program/download/packet", data=program_form())
    text = words(packet.content)
    assert "Zelda Quist" in text and "Hold 20 seconds" in text
    assert len(PdfReader(io.BytesIO(packet.content)).pages) >= 4


def test_a_preview_after_a_download_stays_a_preview(client):
    """htmx sends the form's next change to the last clicked submit button's formaction when
    the click did not focus it (Safari and Firefox on macOS): the download route then answers
    the preview panel, not PDF bytes pasted into the page as text."""
    r = client.post("/program/download/handout", data=program_form(),
                    headers={"HX-Request": "true", "HX-Target": "preview"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'id="preview"' in r.text and "%PDF" not in r.text


def test_download_with_a_problem_shows_the_page_again(client):
    r = client.post("/program/download/handout", data=program_form(date="31/12/2026"))
    assert r.status_code == 400 and "is not a date like" in r.text and "<form" in r.text
    assert client.post("/program/download/nothing", data=program_form()).status_code == 404


def test_save_writes_a_program_the_command_line_opens(client, web, tmp_path):
    r = client.post("/program/save", data=program_form(save_as="Zelda Q. (knee)"))
    assert r.status_code == 200 and "Saved as zelda-q-knee.yaml" in r.text
    path = web.settings.data / "zelda-q-knee.yaml"
    data = yaml.safe_load(path.read_text())
    assert data["stretches"] == ["figure-four", "cat-cow"]
    # Only what differs from the library: cat-cow is at its default (10 rounds, 2 sets).
    assert data["changes"] == {"figure-four": {"hold_seconds": 20, "sets": 2, "side": "left",
                                               "note": "Left side only for now."}}
    assert data["patient"] == "Zelda Quist" and data["date"] == DAY
    assert data["precautions"] == ["No deep bending for two weeks."]
    out = tmp_path / "cli.pdf"
    result = CliRunner().invoke(cli_app, ["handout", "--program", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(r"Hold 20 seconds\. Do 2 sets of \d holds? on your left side only\.",
                     words(out.read_bytes()))


def test_saved_program_opens_again_with_its_values(client):
    client.post("/program/save", data=program_form(save_as="reopen-me"))
    r = client.get("/program?open=reopen-me")
    assert r.status_code == 200 and "Opened reopen-me.yaml" in r.text
    assert ids_in(r.text.split('id="preview"')[0]) == ["figure-four", "cat-cow"]
    assert 'name="s-0-hold_seconds" value="20"' in r.text and 'value="Zelda Quist"' in r.text
    assert "No deep bending for two weeks." in r.text
    # Saving again updates the file it came from (not a second file named after the patient),
    # also after the form has been changed.
    assert 'name="save_as" form="program-form" value="reopen-me"' in r.text
    r = client.post("/program/edit", data=program_form(action="down:0", save_as="reopen-me"))
    assert 'name="save_as" form="program-form" value="reopen-me"' in r.text


def test_a_program_file_keeps_its_hold_in_breaths_rest_and_dose_as_written(client, web):
    """A program written by hand (or for the command line) may set a hold in breaths, rest
    between sets or the clinician's own dose line: opened on the page they are shown, print
    as the file says and are saved again, never swapped for the library's dose."""
    (web.settings.data / "rosa-vidal.yaml").write_text(
        "patient: Rosa Vidal\nstretches: [knee-to-chest, kneeling-hip-flexor, supine-hamstring]\n"
        "changes:\n  knee-to-chest: {hold: 5 breaths}\n"
        "  kneeling-hip-flexor: {sets: 2, rest_seconds: 60}\n"
        "  supine-hamstring: {dose_text: 'Hold 1 minute with a strap, 3 times on each side.'}\n")
    r = client.get("/program?open=rosa-vidal")
    assert r.status_code == 200
    assert 'name="s-0-hold" value="5 breaths"' in r.text and "s-0-hold_seconds" not in r.text
    assert 'name="s-1-rest_seconds" value="60"' in r.text
    posted = dict(re.findall(r'name="(s-\d-[a-z_]+|patient)" value="([^"]*)"', r.text))
    text = words(client.post("/program/download/handout", data=posted).content)
    assert "Hold for 5 slow breaths." in text and "Rest 60 seconds between sets." in text
    assert "Hold 1 minute with a strap, 3 times on each side." in text
    assert client.post("/program/save", data={**posted, "save_as": "rosa-again"}).status_code == 200
    saved = yaml.safe_load((web.settings.data / "rosa-again.yaml").read_text())
    assert saved["changes"] == {"knee-to-chest": {"hold": "5 breaths"},
                                "kneeling-hip-flexor": {"sets": 2, "rest_seconds": 60},
                                "supine-hamstring": {"dose_text": "Hold 1 minute with a strap, "
                                                                  "3 times on each side."}}


def test_save_needs_a_patient_and_a_usable_name(client, web):
    r = client.post("/program/save", data=program_form(patient=""))
    assert r.status_code == 400 and "patient" in r.text
    r = client.post("/program/save", data=program_form(save_as="../../", patient="..."))
    assert r.status_code == 400 and "Give the program a name" in r.text


def test_no_typed_name_reaches_the_file_system(client, web):
    r = client.post("/program/save", data=program_form(save_as="../../etc/passwd"))
    assert r.status_code == 200
    assert (web.settings.data / "etc-passwd.yaml").is_file()
    for bad in ("../etc-passwd", "/etc/passwd", "ETC", "a/b", "..%2Fx"):
        assert client.get("/program", params={"open": bad}).status_code == 404


def test_opening_a_broken_program_names_its_problems(client, web):
    (web.settings.data / "broken.yaml").write_text("patient: A\nstretches: [no-such]\n")
    r = client.get("/program?open=broken")
    assert r.status_code == 400 and "unknown stretch" in r.text


# -- Safety -----------------------------------------------------------------------------------

def test_post_without_the_token_is_refused(web):
    with TestClient(web.asgi()) as bare:
        assert bare.post("/program/preview", data=program_form()).status_code == 403
        assert bare.post("/program/preview", data={**program_form(), "csrf": "guess"}).status_code == 403
        ok = bare.post("/program/preview", data={**program_form(), "csrf": web.token})
        assert ok.status_code == 200


def test_pages_load_nothing_from_elsewhere(client):
    r = client.get("/library")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert not re.search(r'(src|href)="(https?:)?//', r.text)
    assert client.get("/static/htmx.min.js").status_code == 200


def test_an_error_is_logged_without_its_message():
    from handouts.web.guard import NoDetails

    try:
        raise ValueError("Zelda Quist")
    except ValueError:
        import sys as _sys

        record = logging.LogRecord("uvicorn.error", logging.ERROR, "", 0, "Exception in ASGI app",
                                   (), _sys.exc_info())
    NoDetails().filter(record)
    text = logging.Formatter().format(record)
    assert "ValueError" in text and "Zelda" not in text


def test_only_local_host_names_are_answered(client):
    assert client.get("/library", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/library", headers={"host": "127.0.0.1:8765"}).status_code == 200


def test_upload_over_the_limit_is_refused(client):
    big = b"patient\n" + b"x" * (9 * 1024 * 1024)
    r = client.post("/batch/check", files={"csv": ("big.csv", big, "text/csv")})
    assert r.status_code == 413


def test_patient_names_never_reach_the_log(client, caplog):
    caplog.set_level(logging.INFO, logger="handouts.web")
    client.post("/program/preview", data=program_form())
    client.post("/program/save", data=program_form(save_as="zelda-quist"))
    client.get("/program?open=zelda-quist")
    client.post("/batch/check", files={"csv": ("zelda.csv", b"patient\nZelda Quist\n", "text/csv")})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "POST /program/preview 200" in logged and "GET /program 200" in logged
    assert "zelda" not in logged.lower() and "quist" not in logged.lower()


def test_serve_refuses_a_taken_port_and_warns_about_other_addresses(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        runner = CliRunner()
        local = runner.invoke(cli_app, ["serve", "--no-browser", "--port", port, "--data", str(tmp_path)])
        assert local.exit_code == 2 and "cannot listen on 127.0.0.1:" in local.output
        assert "warning" not in local.output
        wide = runner.invoke(cli_app, ["serve", "--no-browser", "--port", port, "--host", "0.0.0.0"])
        assert "warning: listening on 0.0.0.0: other computers" in wide.output
        assert wide.exit_code == 2


def test_help_stays_free_of_the_web_stack():
    code = ("import sys; from typer.testing import CliRunner; from handouts.cli import app; "
            "CliRunner().invoke(app, ['--help']); "
            "print([m for m in ('starlette', 'uvicorn', 'reportlab') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- Batch ------------------------------------------------------------------------------------

def _wait_built(client, html: str) -> str:
    bid = re.search(r"/batch/([0-9a-f]+)/build", html).group(1)
    r = client.post(f"/batch/{bid}/build")
    for _ in range(300):
        if "packets.zip" in r.text:
            return bid
        time.sleep(0.2)
        r = client.get(f"/batch/{bid}/progress")
        assert r.status_code == 200 and "<progress" in r.text
    raise AssertionError("the batch did not finish")


def test_batch_checks_rows_builds_and_zips(client):
    csv_text = (EXAMPLES / "patients.csv").read_text() + "Dora Bad,,2026-13-01,,,,,,,,,\n"
    r = client.post("/batch/check", files={"csv": ("patients.csv", csv_text.encode(), "text/csv")})
    assert r.status_code == 200
    assert "4 rows:</strong> 3 ready to build" in r.text and "1 with problems" in r.text
    assert "Ana Ruiz" in r.text and "date:" in r.text and "Build 3 packets" in r.text
    bid = _wait_built(client, r.text)
    z = zipfile.ZipFile(io.BytesIO(client.get(f"/batch/{bid}/packets.zip").content))
    assert sorted(z.namelist()) == ["ana-ruiz-row2.pdf", "ben-okafor-row3.pdf", "carmen-diaz-row4.pdf"]
    assert "Ben Okafor" in words(z.read("ben-okafor-row3.pdf"))


def test_pages_answer_while_a_batch_builds(client, web):
    rows = "".join(f"Patient {i},,2026-03-02,lower-back-hip,,2,,no,,,,\n" for i in range(24))
    csv_text = (EXAMPLES / "patients.csv").read_text().splitlines()[0] + "\n" + rows
    r = client.post("/batch/check", files={"csv": ("many.csv", csv_text.encode(), "text/csv")})
    bid = re.search(r"/batch/([0-9a-f]+)/build", r.text).group(1)
    client.post(f"/batch/{bid}/build")
    began = time.perf_counter()
    assert client.get("/library").status_code == 200
    assert 'src="data:image/jpeg' in client.post("/program/preview", data=program_form()).text
    run = web.batches[bid]
    assert run.done < run.total, "the batch finished before the pages were asked for"
    assert time.perf_counter() - began < 30
    run.task.cancel()


def test_batch_errors(client):
    r = client.post("/batch/check", files={"csv": ("p.csv", b"person\nAna\n", "text/csv")})
    assert r.status_code == 400 and "patient: no such column" in r.text
    assert client.post("/batch/check", data={"x": "1"}).status_code == 400
    assert client.get("/batch/0000/progress").status_code == 404
    assert client.get("/batch/0000/packets.zip").status_code == 404


# -- Report -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def filled_tracker(lib) -> bytes:
    from test_report import FF, fill, ticks, tracker

    from handouts.layout.trackform import text_field_name

    week1 = {**ticks("t1", 1, FF, range(1, 6), (1, 2, 3)),
             text_field_name("t1", "pain", 1, 1): "3", text_field_name("t1", "pain", 1, 2): "6/10"}
    return fill(tracker(lib, weeks=1), {0: week1})


def test_report_reads_adherence_and_pain(client, filled_tracker):
    r = client.post("/report/read", files={"tracker": ("ana.pdf", filled_tracker, "application/pdf")})
    assert r.status_code == 200
    assert re.search(r"Figure-four[^<]*</th><td>15 of 21</td>", r.text)
    assert re.search(r"Cat-cow[^<]*</th><td>0 of 14</td>", r.text)
    assert re.search(r"Mon 2 Mar</th><td>3 of 5</td>", r.text)  # 3 of 3 and 0 of 2
    assert "15 of the 35 planned sets were ticked" in r.text
    assert "<svg" in r.text and "<polyline" in r.text and r.text.count("<circle") == 2


def test_report_counts_only_days_due_and_shows_the_questions(client, lib):
    """A tracker brought back early: days after today are not missed (as `handouts report`
    counts them), and the patient's questions for the next visit are on the page."""
    import datetime as dt

    from test_report import CC, FF, fill, ticks

    from handouts.content.select import select
    from handouts.layout.tracker import TrackerSpec, build_tracker
    from handouts.layout.trackform import questions_field_name

    sheet = build_tracker(lib, TrackerSpec(select(lib, None, [FF, CC]), dt.date(2099, 1, 5), 2,
                                           field_prefix="t1"))
    week1 = {**ticks("t1", 1, FF, (1, 2), (1, 2, 3)), **ticks("t1", 1, CC, (1, 2), (1, 2)),
             questions_field_name("t1", 1): "Can I do the twist at work?"}
    r = client.post("/report/read", files={"tracker": ("early.pdf", fill(sheet, {0: week1}),
                                                       "application/pdf")})
    assert r.status_code == 200
    assert "100% of sets done" in r.text and "10 of the 10 planned sets were ticked" in r.text
    assert re.search(r"Mon 5 Jan</th><td>5 of 5</td>", r.text)
    assert re.search(r"Wed 7 Jan</th><td>not due yet</td>", r.text)
    assert "Can I do the twist at work?" in r.text


def test_report_errors(client):
    r = client.post("/report/read", files={"tracker": ("x.pdf", b"not a pdf", "application/pdf")})
    assert r.status_code == 400 and "cannot be read" in r.text
    assert client.post("/report/read", data={}).status_code == 400


# -- The form's model and the program folder, without a server ---------------------------------

def test_a_program_file_becomes_a_draft_with_whole_doses(lib):
    from handouts.web.draft import from_program

    data = yaml.safe_load((EXAMPLES / "program-ana.yaml").read_text())
    draft = from_program(data, lib.stretches, lib.routines)
    assert "cat-cow" not in draft.ids  # excluded
    assert draft.ids == [s for s in lib.routines["lower-back-hip"].stretches if s != "cat-cow"]
    four = next(i for i in draft.items if i.id == "figure-four")
    assert four.dose["hold_seconds"] == "20" and four.dose["sets"] == "2" and four.side == "left"
    hamstring = next(i for i in draft.items if i.id == "supine-hamstring")
    assert hamstring.dose["times_per_day"] == "2" and hamstring.dose["hold_seconds"] == "30"


def test_dose_fields_read_either_shape_of_the_core_dose():
    from types import SimpleNamespace as NS

    from handouts.web.draft import dose_fields

    flat = NS(hold_seconds=30, reps=None, sets=3, times_per_day=1, days_per_week=7)
    assert dose_fields(flat) == {"hold_seconds": "30", "sets": "3", "times_per_day": "1",
                                 "days_per_week": "7"}
    paired = NS(hold=NS(low=2, high=3, unit="minutes"), reps=(4, 4), sets=(2, 3),
                times_per_day=(1, 1), days_per_week=(5, 5))
    assert dose_fields(paired) == {"hold": "2-3 minutes", "reps": "4", "sets": "2-3",
                                   "times_per_day": "1", "days_per_week": "5"}


def test_slugs_and_the_program_folder(tmp_path):
    from handouts.web.store import ProgramStore, slugify

    assert slugify("Ana Ruiz (knee)") == "ana-ruiz-knee"
    assert slugify("José Núñez") == "jose-nunez"
    assert slugify("../../") == "" and slugify("a" * 100) == "a" * 60
    store = ProgramStore(tmp_path / "programs")
    assert store.names() == []
    for bad in ("..", "a/b", "A", "a--b", "-a", "", "a.yaml"):
        assert store.path(bad) is None
    store.save("ana", {"patient": "Ana", "stretches": ["cat-cow"]})
    assert store.names() == ["ana"]
    assert "handouts handout --program ana.yaml" in (tmp_path / "programs" / "ana.yaml").read_text()
    with pytest.raises(ValueError):
        store.save("../ana", {})


def test_every_language_of_the_library_is_offered_and_builds_in_it(tmp_path):
    """English, the built-in Spanish and a clinic's French folder are offered by their own
    names; a Spanish preview and downloads are Spanish throughout (issue 13)."""
    from test_language import _english_template_words

    french = Path(__file__).parent / "fixtures" / "language-fr"
    app = WebApp(Settings(data=tmp_path, content=(french,), batch_workers=1))
    assert app.languages == ("en", "es", "fr")
    with TestClient(app.asgi()) as c:
        c.headers["X-CSRF-Token"] = app.token
        page = c.get("/program").text
        select = re.search(r'<select name="language">(.*?)</select>', page, re.S)
        assert select is not None
        assert re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', select.group(1)) == [
            ("en", "English"), ("es", "Español"), ("fr", "Français")]
        form = program_form(language="es", **{"s-0-note": "Solo el lado izquierdo por ahora.",
                                              "precautions": "No se agache mucho por dos semanas."})
        preview = c.post("/program/preview", data=form)
        assert preview.status_code == 200 and "Fits on one page" in preview.text
        english = _english_template_words()
        for kind, phrase in (("handout", "Mantenga 20 segundos. Haga 2 series de 3 repeticiones "
                                         "solo del lado izquierdo."),
                             ("tracker", "Semana 1 de 2"), ("packet", "Qué hay en este cuadernillo")):
            r = c.post(f"/program/download/{kind}", data=form)
            assert r.status_code == 200, r.text
            text = words(r.content)
            assert phrase in text and "Zelda Quist" in text, text
            source = re.sub(r"«[^»]*»|\([^)]*\)", " ", text)  # the English source's title, cited
            found = {w.lower() for w in re.findall(r"[^\W\d_]+", source)} & english
            assert not found, f"English on the Spanish {kind}: {sorted(found)}"
            assert PdfReader(io.BytesIO(r.content)).trailer["/Root"]["/Lang"] == "es"
        title = PdfReader(io.BytesIO(r.content)).metadata.title
        assert title == "Su programa de estiramientos en casa"
