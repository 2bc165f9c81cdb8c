"""The Program page's state: a patient's program as the form holds it, to and from program YAML.

A draft is what the clinician sees: every chosen stretch with its whole dose written out.
Saved, it becomes the same program YAML the command line reads (`--program FILE`), with
only the changes from each stretch's default dose, so a file opens in either door.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

# The dose as the form shows it, each field as text: "30", or a range "20-30" where the
# core allows one; `hold` (e.g. "2 minutes", "5 breaths") only for holds not in seconds.
DOSE_FIELDS = ("hold_seconds", "hold", "reps", "sets", "rest_seconds", "times_per_day",
               "days_per_week", "dose_text")
# Shown only when a program sets them (the library's doses have none): kept, never dropped.
EXTRA_FIELDS = ("rest_seconds", "dose_text")
HOLDS = ("hold_seconds", "hold")  # one or the other: a hold in breaths replaces the seconds
MAX_FIELD = 20
MAX_DOSE_TEXT = 200
SIDES = ("both", "left", "right")
PAGE_SIZES = ("letter", "a4")
PRINT_SIZES = ("normal", "large")
MAX_STRETCHES = 12
MAX_PRECAUTIONS = 5


@dataclass(frozen=True)
class Item:
    """One chosen stretch: its id, the dose as shown (whole), side and note."""

    id: str
    dose: Mapping[str, str] = field(default_factory=dict)  # the stretch's dose fields, as text
    side: str = "both"
    note: str = ""


@dataclass(frozen=True)
class Draft:
    """Everything the Program page edits; sizes and weeks travel with it, not into the YAML."""

    items: tuple[Item, ...] = ()
    patient: str = ""
    clinician: str = ""
    date: str = ""  # as typed, YYYY-MM-DD or blank
    precautions: tuple[str, ...] = ()
    language: str = "en"
    print_size: str = "normal"
    page_size: str = "letter"
    weeks: int = 4
    start: str = ""  # first tracker day, YYYY-MM-DD or blank for the coming Monday

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.items]


def _text(value: Any) -> str:
    """A count as the form shows it: 3 -> '3', (2, 3) -> '2-3', (3, 3) -> '3'."""
    if isinstance(value, tuple) and len(value) == 2:
        return str(value[0]) if value[0] == value[1] else f"{value[0]}-{value[1]}"
    return str(value)


def dose_fields(dose: Any) -> dict[str, str]:
    """The fields a stretch's library dose sets, as text; the others are not shown.

    Reads either shape of the core's dose: whole numbers (`hold_seconds`), or pairs with a
    `hold` that has a unit.
    """
    out: dict[str, str] = {}
    seconds, hold = getattr(dose, "hold_seconds", None), getattr(dose, "hold", None)
    if seconds is not None:
        out["hold_seconds"] = _text(seconds)
    elif hold is not None:
        pair = (hold.low, hold.high)
        if hold.unit == "seconds":
            out["hold_seconds"] = _text(pair)
        else:
            out["hold"] = f"{_text(pair)} {hold.unit}"
    for f in ("reps", "sets", "times_per_day", "days_per_week"):
        value = getattr(dose, f, None)
        if value is not None:
            out[f] = _text(value)
    return out


def default_item(stretch: Any) -> Item:
    """A stretch as first added: its library dose, both sides, no note."""
    return Item(stretch.id, dose_fields(stretch.dose))


LABELS = {"hold_seconds": "Hold (seconds)", "hold": "Hold", "reps": "Rounds", "sets": "Sets",
          "rest_seconds": "Rest between sets (seconds)", "times_per_day": "Times a day",
          "days_per_week": "Days a week", "dose_text": "Dose, as written"}


def merged(base: Mapping[str, str], given: Mapping[str, Any]) -> dict[str, str]:
    """The library's dose fields with the `given` ones (a form's or a program's) over them,
    in the form's order. A hold in the other shape (`hold: 5 breaths` on a stretch held in
    seconds) takes the place of the library's; rest between sets and a dose as written are
    added when given. Empty values leave the library's."""
    dose = dict(base)
    for f in DOSE_FIELDS:
        value = given.get(f)
        if value is None or (f not in base and f not in EXTRA_FIELDS and f not in HOLDS):
            continue
        text = " ".join(str(value).split())[:MAX_DOSE_TEXT if f == "dose_text" else MAX_FIELD]
        if text:
            if f in HOLDS:
                for h in HOLDS:
                    dose.pop(h, None)
            dose[f] = text
    return {f: dose[f] for f in DOSE_FIELDS if f in dose}


def label(field_name: str, dose: Mapping[str, str]) -> str:
    """The form's label for a dose field; repetitions of a hold are 'Holds a set'."""
    if field_name == "reps" and ("hold_seconds" in dose or "hold" in dose):
        return "Holds a set"
    return LABELS[field_name]


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.lstrip("-").isdigit() and len(text) < 6 else None


def _value(text: str) -> int | str:
    """What goes into the program file: a whole number as a number, anything else as typed."""
    return int(text) if text.isdigit() and len(text) < 6 else text


def _choice(value: str, choices: tuple[str, ...], default: str) -> str:
    return value if value in choices else default


def from_form(form: Mapping[str, str], stretches: Mapping[str, Any],
              languages: tuple[str, ...]) -> tuple[Draft, list[str]]:
    """Read the Program form (fields s-N-id, s-N-<dose field>, s-N-side, s-N-note...).

    Unknown or repeated stretch ids are dropped, an emptied dose field goes back to the
    library's value; the core checks every value when the sheet is built. The problems
    returned are sentences for the page (none today; kept for checks of the form's own).
    """
    problems: list[str] = []
    items: list[Item] = []
    n = 0
    while f"s-{n}-id" in form and n < 100:
        sid = form[f"s-{n}-id"]
        if sid in stretches and sid not in {i.id for i in items}:
            base = default_item(stretches[sid])
            dose = merged(base.dose, {f: form[f"s-{n}-{f}"] for f in DOSE_FIELDS if f"s-{n}-{f}" in form})
            side = _choice(form.get(f"s-{n}-side", "both"), SIDES, "both")
            items.append(Item(sid, dose, side, form.get(f"s-{n}-note", "").strip()[:200]))
        n += 1
    precautions = tuple(p.strip()[:300] for p in form.get("precautions", "").splitlines()
                        if p.strip())[:MAX_PRECAUTIONS]
    weeks = _int(form.get("weeks", "")) or 4
    draft = Draft(
        items=tuple(items[:MAX_STRETCHES]),
        patient=form.get("patient", "").strip()[:120],
        clinician=form.get("clinician", "").strip()[:120],
        date=form.get("date", "").strip()[:10],
        precautions=precautions,
        language=_choice(form.get("language", ""), languages, languages[0]),
        print_size=_choice(form.get("print_size", ""), PRINT_SIZES, "normal"),
        page_size=_choice(form.get("page_size", ""), PAGE_SIZES, "letter"),
        weeks=min(max(weeks, 1), 12),
        start=form.get("start", "").strip()[:10],
    )
    return draft, problems


def apply_action(draft: Draft, action: str, form: Mapping[str, str],
                 stretches: Mapping[str, Any], routines: Mapping[str, Any]) -> Draft:
    """Add, remove or move a stretch, or start from a routine; anything else leaves it."""
    verb, _, arg = action.partition(":")
    items = list(draft.items)
    index = _int(arg)
    if verb == "add":
        sid = form.get("add_id", "")
        if sid in stretches and sid not in draft.ids and len(items) < MAX_STRETCHES:
            items.append(default_item(stretches[sid]))
    elif verb == "routine":
        rid = form.get("routine_id", "")
        if rid in routines:
            items = [default_item(stretches[s]) for s in routines[rid].stretches if s in stretches]
    elif index is not None and 0 <= index < len(items):
        if verb == "remove":
            del items[index]
        elif verb == "up" and index > 0:
            items[index - 1], items[index] = items[index], items[index - 1]
        elif verb == "down" and index < len(items) - 1:
            items[index + 1], items[index] = items[index], items[index + 1]
    return replace(draft, items=tuple(items))


def changes(draft: Draft, stretches: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Per stretch, what differs from the library: dose fields, a side, a note."""
    out: dict[str, dict[str, Any]] = {}
    for item in draft.items:
        base = default_item(stretches[item.id])
        change: dict[str, Any] = {f: v if f == "dose_text" else _value(v)
                                  for f, v in item.dose.items() if v != base.dose.get(f)}
        if item.side != "both":
            change["side"] = item.side
        if item.note:
            change["note"] = item.note
        if change:
            out[item.id] = change
    return out


def to_program(draft: Draft, stretches: Mapping[str, Any], check_date: bool = True) -> dict[str, Any]:
    """The program file's mapping (see `handouts handout --program`), in the file's key order.

    The date goes in only with `check_date` (raising ValueError when it is not YYYY-MM-DD);
    a build passes it as an option instead, where the API names a bad one.
    """
    data: dict[str, Any] = {"patient": draft.patient}
    if draft.clinician:
        data["clinician"] = draft.clinician
    if draft.date and check_date:
        try:
            data["date"] = dt.date.fromisoformat(draft.date)
        except ValueError:
            raise ValueError(f"Date: '{draft.date}' is not a date like 2026-03-31") from None
    if draft.language != "en":
        data["language"] = draft.language
    data["stretches"] = draft.ids
    found = changes(draft, stretches)
    if found:
        data["changes"] = found
    if draft.precautions:
        data["precautions"] = list(draft.precautions)
    return data


def from_program(data: Mapping[str, Any], stretches: Mapping[str, Any],
                 routines: Mapping[str, Any]) -> Draft:
    """A draft from a program file's mapping (already checked by the core's program loader)."""
    ids = list(data.get("stretches") or [])
    if not ids and data.get("routine") in routines:
        ids = list(routines[data["routine"]].stretches)
    excluded = set(data.get("exclude") or [])
    chosen = data.get("changes") or {}
    items = []
    for sid in ids:
        if sid in excluded or sid not in stretches:
            continue
        base = default_item(stretches[sid])
        change = chosen.get(sid) or {}
        dose = merged(base.dose, change)
        items.append(Item(sid, dose, str(change.get("side") or "both"), str(change.get("note") or "")))
    when = data.get("date")
    return Draft(
        items=tuple(items),
        patient=str(data.get("patient") or ""),
        clinician=str(data.get("clinician") or ""),
        date=when.isoformat() if isinstance(when, dt.date) else str(when or ""),
        precautions=tuple(str(p) for p in data.get("precautions") or ()),
        language=str(data.get("language") or "en"),
    )
