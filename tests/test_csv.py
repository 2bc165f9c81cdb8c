"""Patients CSVs as clinics export them: encodings, delimiters, headers, dates, names, rows."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from pdfread import page_texts, words

from handouts.cli import app
from handouts.jobs.columns import parse_day, patient_name
from handouts.jobs.csvfile import read_table, sniff_delimiter


def batch(runner, csv: Path, out: Path, *extra: str):
    return runner.invoke(app, ["batch", str(csv), "-o", str(out), "--jobs", "1",
                               "--date", "2026-03-02", *extra])


def text_of(pdf: Path) -> str:
    return words(" ".join(page_texts(pdf)))


def test_clinic_export_semicolons_1252_extra_columns_us_dates(runner, fixtures, tmp_path):
    csv = fixtures / "csv-clinic-export" / "patients.csv"
    r = batch(runner, csv, tmp_path / "out")
    assert r.exit_code == 1, r.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "ana-ruiz-row2.pdf", "ben-okafor-row3.pdf", "ben-okafor-row4.pdf"]
    err = r.stderr
    assert f"warning: {csv}: not UTF-8 text; read as Windows-1252" in err
    assert f"warning: {csv}:row 1: ignoring unknown columns 'mrn', 'dob', 'phone'" in err
    assert err.count("ignoring unknown columns") == 1
    assert f"warning: {csv}:row 4: the same as row 3" in err
    assert (f"error: {csv}:row 5: date: '13/25/2026' is not a date; write it as MM/DD/YYYY "
            "or YYYY-MM-DD") in err
    assert "Traceback" not in r.output
    ana = text_of(tmp_path / "out" / "ana-ruiz-row2.pdf")
    assert "Name: Ana Ruiz" in ana and "Sam Lee, PT" in ana and "2 March 2026" in ana
    ben = text_of(tmp_path / "out" / "ben-okafor-row3.pdf")
    assert "Ben Okafor" in ben and "Note: Go slowly in the morning." in ben
    assert "Okafor, Ben" not in ben


def test_utf8_bom_commas_and_header_case(runner, tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_bytes("\ufeffPATIENT , Date,Routine\nZoë Díaz,2026-03-02,lower-back-hip\n"
                    .encode("utf-8"))
    r = batch(runner, csv, tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    assert "Zoë Díaz" in text_of(tmp_path / "out" / "zoe-diaz-row2.pdf")


def test_records_system_headers_read_as_ours(runner, tmp_path):
    """'Patient Name', 'Provider', 'Visit Date' are read as patient, clinician and date, each
    with a warning; an alias of a column the header has already stays an unknown column."""
    csv = tmp_path / "p.csv"
    csv.write_text("Patient Name;Provider;Visit Date;Name\nRuiz, Ana;Sam Lee PT;03/09/2026;x\n",
                   encoding="utf-8")
    r = batch(runner, csv, tmp_path / "out")
    assert r.exit_code == 0, r.output
    for header, base in (("Patient Name", "patient"), ("Provider", "clinician"),
                         ("Visit Date", "date")):
        assert f"column '{header}' read as '{base}'" in r.stderr
    assert "ignoring unknown columns 'name'" in r.stderr
    text = text_of(tmp_path / "out" / "ana-ruiz-row2.pdf")
    assert "Name: Ana Ruiz" in text and "Sam Lee PT" in text and "9 March 2026" in text


def test_batch_example_without_a_file_name(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["batch", "--example"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "patients.csv").read_text(encoding="utf-8").startswith("patient")
    r = runner.invoke(app, ["batch"])
    assert r.exit_code == 2 and "--example" in r.output


def test_day_first_dates_when_configured(runner, tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("patient,date,start\nAna Ruiz,02/03/2026,09/03/2026\n", encoding="utf-8")
    r = batch(runner, csv, tmp_path / "out", "--date-format", "DD/MM/YYYY")
    assert r.exit_code == 0, r.output
    text = text_of(tmp_path / "out" / "ana-ruiz-row2.pdf")
    assert "2 March 2026" in text and "Week of 9 March 2026" in text


@pytest.mark.parametrize(("header", "message"), [
    ("patient,date,Patient", "row 1: patient: named twice (columns 1 and 3)"),
    ("pateint,date", "row 1: pateint: unknown column; did you mean 'patient'?"),
    ("patient,figure-four.hold_secs", "row 1: figure-four.hold_secs: unknown change 'hold_secs' for "
                                      "stretch 'figure-four'; did you mean 'figure-four.hold_seconds'?"),
    ("date,routine", "row 1: patient: no such column"),
])
def test_header_problems_refuse_the_file(runner, tmp_path, header, message):
    csv = tmp_path / "p.csv"
    csv.write_text(f"{header}\nAna Ruiz,2026-03-02,x\n", encoding="utf-8")
    r = batch(runner, csv, tmp_path / "out")
    assert r.exit_code == 2
    assert f"{csv}:{message}" in r.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_extra_cells_reported_by_row_and_good_rows_built(runner, fixtures, tmp_path):
    csv = fixtures / "csv-extra-cells" / "patients.csv"
    r = batch(runner, csv, tmp_path / "out")
    assert r.exit_code == 1
    assert (f"error: {csv}:row 2: cells: 2 more than the 12 columns of the header "
            "('EXTRA', 'MORE')") in r.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["ben-okafor-row3.pdf"]
    assert "built 1 of 2 packets" in r.stdout and "; 1 row failed" in r.stdout
    assert "Traceback" not in r.output


def test_a_quote_never_closed_refuses_the_file_naming_its_row(runner, tmp_path):
    """A stray opening quote would swallow every later line into one cell: Carl's row would
    vanish and a packet be built for a 'patient' made of three rows. Refused, by row."""
    csv = tmp_path / "p.csv"
    csv.write_text('patient,date,routine\nAna Ruiz,2026-03-02,lower-back-hip\n'
                   '"Okafor, Ben,2026-03-02,lower-back-hip\n'
                   'Carl Diaz,2026-03-02,lower-back-hip\n', encoding="utf-8")
    r = batch(runner, csv, tmp_path / "out")
    assert r.exit_code == 2, r.output
    assert f"error: {csv}:row 3: a quote (\") opens a cell and is never closed" in r.stderr
    assert not (tmp_path / "out").exists()
    assert "Traceback" not in r.output
    quoted = tmp_path / "q.csv"  # a closed quote holding a line break at the end is fine
    quoted.write_text('patient,date\n"Ruiz,\nAna",2026-03-02', encoding="utf-8")
    assert [row.values["patient"] for row in read_table(quoted).rows] == ["Ruiz, Ana"]


def test_unprintable_and_overlong_names_name_row_and_column(runner, tmp_path):
    csv = tmp_path / "p.csv"
    long = "A" * 500
    csv.write_text(f"patient,clinician\n李伟 Li,Sam Lee\n{long},Sam Lee\n"
                   "Ana Ruiz,Dr \u202eevil\n", encoding="utf-8")
    r = batch(runner, csv, tmp_path / "out")
    assert r.exit_code == 1
    assert f"error: {csv}:row 2: patient: '李' (U+674E), '伟' (U+4F1F) cannot be printed" in r.stderr
    assert (f"error: {csv}:row 3: patient: is 500 characters long; a name may have at most 120"
            in r.stderr)
    assert f"error: {csv}:row 4: clinician: U+202E cannot be printed" in r.stderr
    assert "fewer stretches" not in r.stderr
    assert not list((tmp_path / "out").iterdir())


def test_names_the_fallback_font_prints_are_built(runner, tmp_path):
    """Vietnamese, Greek and Cyrillic letters print in Noto Sans (see the README's Fonts):
    a batch row with such a name was refused, though `handout --patient` printed it."""
    csv = tmp_path / "p.csv"
    csv.write_text("patient,clinician,note,stretches\n"
                   "Nguyễn Thị Hương,Σοφία Παππά,Đi chậm thôi.,cat-cow\n"
                   "Иван Петров,Sam Lee,,cat-cow\n", encoding="utf-8")
    out = tmp_path / "out"
    r = batch(runner, csv, out)
    assert r.exit_code == 0, r.output
    assert "Nguyễn Thị Hương" in text_of(out / "nguyen-thi-huong-row2.pdf")
    assert "Σοφία Παππά" in text_of(out / "nguyen-thi-huong-row2.pdf")
    assert "Иван Петров" in text_of(out / "patient-row3.pdf")


def test_unwritable_output_folder_is_one_error(runner, fixtures, tmp_path):
    out = tmp_path / "out"
    if os.geteuid() == 0:  # root writes into read-only folders; /sys refuses even root
        out = Path("/sys/handouts-test-out")
    else:
        out.mkdir()
        out.chmod(0o500)
    try:
        r = batch(runner, fixtures / "csv-clinic-export" / "patients.csv", out)
    finally:
        if out.parent == tmp_path:
            out.chmod(0o700)
    assert r.exit_code == 2
    assert r.stderr.count("error:") == 1 and "cannot write packets here" in r.stderr


def test_output_that_is_a_file_is_one_error(runner, fixtures, tmp_path):
    out = tmp_path / "out"
    out.write_text("not a folder")
    r = batch(runner, fixtures / "csv-clinic-export" / "patients.csv", out)
    assert r.exit_code == 2
    assert r.stderr.count("error:") == 1 and "is a file" in r.stderr


def test_output_that_is_a_device_is_not_called_a_file(runner, fixtures):
    r = batch(runner, fixtures / "csv-clinic-export" / "patients.csv", Path("/dev/null"))
    assert r.exit_code == 2
    assert "error: /dev/null: is not a folder; give a folder for the packets" in r.stderr


def test_utf16_and_tabs(tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_bytes("patient\tdate\nAna Ruiz\t2026-03-02\n".encode("utf-16"))
    table = read_table(csv)
    assert table.encoding == "UTF-16" and table.delimiter == "\t"
    assert table.rows[0].values == {"patient": "Ana Ruiz", "date": "2026-03-02"}


def test_rows_keep_spreadsheet_numbers_across_line_breaks(tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text('patient,note\n"Ana\nRuiz","a\r\nb"\n\nBen Ode,c\n', encoding="utf-8")
    rows = read_table(csv).rows
    assert [(r.row, r.values["patient"], r.values["note"]) for r in rows] == [
        (2, "Ana Ruiz", "a b"), (4, "Ben Ode", "c")]


def test_cell_values():
    assert parse_day("03/02/2026") == dt.date(2026, 3, 2)
    assert parse_day("2026-03-02", "DD/MM/YYYY") == dt.date(2026, 3, 2)
    assert parse_day("02.03.2026", "DD.MM.YYYY") == dt.date(2026, 3, 2)
    with pytest.raises(ValueError, match="write it as MM/DD/YYYY"):
        parse_day("2026-02-30")
    with pytest.raises(ValueError, match="'03/02/26' is not a date"):
        parse_day("03/02/26")
    assert patient_name("Ruiz, Ana") == "Ana Ruiz"
    assert patient_name("Ana Ruiz, Jr.") == "Ana Ruiz, Jr."
    assert patient_name("Ruiz, Ana, Jr") == "Ruiz, Ana, Jr"
    assert patient_name("Smith, John Jr") == "John Smith Jr"  # not "John Jr Smith"
    assert patient_name("Smith, John Paul III") == "John Paul Smith III"
    assert patient_name("Smith Jr., John") == "John Smith Jr."
    assert patient_name("Nguyen, Van Do") == "Van Do Nguyen"
    assert sniff_delimiter('"a,b";c;d') == ";"
    assert sniff_delimiter("patient") == ","


def test_dates_with_a_time_of_day_read_as_the_day():
    """Scheduling exports write the appointment's time after its day; the day is what prints."""
    for text in ("2026-03-02 09:30:00", "2026-03-02T09:30", "03/02/2026 9:30 AM",
                 "03/02/2026 14:05", "2026-03-02 00:00:00.000"):
        assert parse_day(text) == dt.date(2026, 3, 2), text
    assert parse_day("02/03/2026 9:30 pm", "DD/MM/YYYY") == dt.date(2026, 3, 2)
    with pytest.raises(ValueError, match="'2026-03-02 25:99' is not a date"):
        parse_day("2026-03-02 25:99")
    with pytest.raises(ValueError, match="'2026-03-02 soon' is not a date"):
        parse_day("2026-03-02 soon")


def test_ids_and_sides_in_any_case_and_l_r(runner, tmp_path):
    """Records systems write 'Left', 'R' and 'Figure-Four'; each row was refused."""
    csv = tmp_path / "p.csv"
    csv.write_text("patient,stretches,routine,side\nAna Ruiz,Figure-Four,,Left\n"
                   "Ben Okafor,figure-four;Cat-Cow,,R\nCam Lee,,Lower-Back-Hip,LEFT\n"
                   "Dee Ray,figure-four,,sideways\nEd Fox,cat-cow,lower-back-hip,\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    r = batch(runner, csv, out)
    assert r.exit_code == 1, r.output
    assert "row 5: figure-four.side: 'sideways' is not allowed" in r.stderr
    assert "row 6: stretches: give a routine or stretches, not both: empty one" in r.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "ana-ruiz-row2.pdf", "ben-okafor-row3.pdf", "cam-lee-row4.pdf"]
    assert "Do 3 holds on your left side only." in text_of(out / "ana-ruiz-row2.pdf")
    ben = text_of(out / "ben-okafor-row3.pdf")
    assert "Do 3 holds on your right side only." in ben and "Cat-cow stretch" in ben
    cam = text_of(out / "cam-lee-row4.pdf")
    assert "Lower back and hip stretches" in cam and "on your left side only" in cam


def test_excel_sep_line_names_the_delimiter(tmp_path):
    """Excel's 'sep=;' first line is a setting, not the header; Excel does not show it, so
    the header is still row 1."""
    csv = tmp_path / "p.csv"
    csv.write_text("sep=;\r\nPatient;Date\r\nRuiz, Ana;2026-03-02\r\n", encoding="utf-8")
    table = read_table(csv)
    assert table.delimiter == ";" and table.columns == ["patient", "date"]
    assert [(row.row, row.values["patient"]) for row in table.rows] == [(2, "Ruiz, Ana")]


def test_a_note_on_every_stretch_that_overflows_says_so(runner, tmp_path):
    """A row's `note` goes under each of its six stretches; the advice named a built-in
    stretch's file, which the nurse cannot shorten, and not the note she wrote."""
    csv = tmp_path / "p.csv"
    csv.write_text("patient,routine,note\nAna Ruiz,lower-back-hip,"
                   "Go slowly. Stop if it hurts and call us.\n", encoding="utf-8")
    r = batch(runner, csv, tmp_path / "out")
    assert r.exit_code == 1, r.output
    assert "shorten or leave out the notes (6 stretches have one)" in r.stderr
    assert "seated-spinal-twist.yaml" not in r.stderr


def test_interrupted_batch_counts_what_is_on_disk(runner, tmp_path, monkeypatch):
    """Workers finish packets the parent has not heard of yet: the count is what is on disk."""
    import handouts.jobs.batch as batch_mod
    from handouts.pdf.write import write_atomic

    def stopped(lib, spec, jobs, *args, **kwargs):
        for job in jobs[:3]:  # three packets written by workers...
            write_atomic(job.output, b"%PDF-1.4\n%%EOF\n")
        yield batch_mod.Outcome(jobs[0])  # ...but only one reported before Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(batch_mod, "run_batch", stopped)
    csv = tmp_path / "p.csv"
    csv.write_text("patient\nAna Ruiz\nBen Ode\nCal Fry\nDee Hall\n", encoding="utf-8")
    r = batch(runner, csv, tmp_path / "out")
    assert r.exit_code == 130
    assert f"interrupted: 3 of 4 packets are in {tmp_path / 'out'}" in r.stderr


def test_no_stray_library_log_lines(runner, tmp_path, fixtures):
    """pypdf's repairs and pdfium's XFA notice stay off the terminal: only our lines remain."""
    data = (fixtures / "bad-pdf" / "tracker-garbage-fields.pdf").read_bytes()
    at = data.rfind(b"startxref")
    broken = tmp_path / "xref.pdf"
    broken.write_bytes(data[:at] + b"startxref\n12345\n%%EOF\n")
    for args in (["report", str(broken)],
                 ["preview", str(fixtures / "bad-pdf" / "active-content.pdf"), "-o", str(tmp_path)]):
        r = runner.invoke(app, args)
        assert r.exit_code == 0, r.output
        assert r.stderr == "", r.stderr


def test_every_problem_of_a_row_in_one_run(runner, tmp_path):
    """An unknown routine, a side that is no side and a hold that is no number: all named at
    once, so the row is fixed in one go (the hold was hidden behind the other two)."""
    csv = tmp_path / "bad.csv"
    csv.write_text("patient,date,routine,figure-four.hold_seconds,figure-four.side\n"
                   "Dan X,2026-03-02,nope,abc,middle\n"
                   "Ed Y,2026-03-02,lower-back-hip,abc,middle\n", encoding="utf-8")
    r = batch(runner, csv, tmp_path / "out")
    assert r.exit_code == 1
    for row in (2, 3):
        assert f"{csv}:row {row}: figure-four.side: 'middle' is not allowed" in r.stderr
        assert f"{csv}:row {row}: figure-four: 'abc' is not a number" in r.stderr
    assert f"{csv}:row 2: routine: unknown routine 'nope'" in r.stderr
    assert "Traceback" not in r.output
