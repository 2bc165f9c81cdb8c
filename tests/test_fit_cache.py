"""The handout's fit search keeps paragraphs' lines and parts' heights between sheets
(Caches.paragraphs, Caches.heights): a sheet is the same byte for byte whether it is built
with every cache empty, after other plans, or in another order, in one process."""

from __future__ import annotations

from conftest import DAY
from pdfread import reader

from handouts.content.library import Library, content_folders, load_library
from handouts.content.model import Dose
from handouts.content.select import select
from handouts.context import PARAGRAPHS, Bounded, Caches
from handouts.layout import styles
from handouts.layout.handout import HandoutSpec, lay_out_handout
from handouts.layout.paragraph import CachedParagraph, style_key
from handouts.layout.sheet import Override, SheetHeader

NOTE = "Go slowly in the morning, and stop before it hurts."


def _plans(lib: Library) -> list[HandoutSpec]:
    """Plans that share stretches but differ in doses, sides, notes, order, size and print."""
    who = SheetHeader(patient="Ana Ruiz", clinician="Sam Lee PT", date=DAY)
    later = SheetHeader(placeholders=True)
    mixes = [
        (["figure-four", "cat-cow", "supine-hamstring"], {}),
        (["cat-cow", "figure-four", "supine-hamstring"],
         {"figure-four": Override(Dose(hold_seconds=45, sets=2), side="left")}),
        (["knee-to-chest", "seated-spinal-twist", "kneeling-hip-flexor", "cat-cow"],
         {"cat-cow": Override(Dose(reps=12, sets=3), note=NOTE),
          "knee-to-chest": Override(Dose(hold_seconds=20, sets=1, times_per_day=(2, 2)))}),
        (list(lib.stretches), {s: Override(Dose(hold_seconds=60, sets=2), side="right")
                               for s in lib.stretches if s != "cat-cow"}),
        (list(lib.stretches)[:1], {}),
        (["supine-hamstring", "knee-to-chest"], {"supine-hamstring": Override(note=NOTE * 3)}),
    ]
    out = []
    for i, (mix, changes) in enumerate(mixes):
        sel = select(lib, None, mix)
        out.append(HandoutSpec(sel, who if i % 2 else later, "a4" if i == 2 else "letter",
                               overrides=changes))
    out.append(HandoutSpec(select(lib, None, mixes[1][0]), who, overrides=mixes[1][1],
                           large_print=True, page_numbers=False))
    out.append(HandoutSpec(select(lib, None, mixes[2][0]), who, overrides=mixes[2][1],
                           blank_dose=True))
    return out


def _same_in_any_order(lib: Library) -> None:
    plans = _plans(lib)
    cold = [lay_out_handout(lib, spec, Caches()) for spec in plans]
    shared = Caches()
    warm = [lay_out_handout(lib, spec, shared) for spec in plans]
    again = [lay_out_handout(lib, spec, shared) for spec in plans]
    other = Caches()
    backwards = [lay_out_handout(lib, spec, other) for spec in reversed(plans)][::-1]
    for c, w, a, b in zip(cold, warm, again, backwards, strict=True):
        assert c.data == w.data == a.data == b.data
        assert c.fit == w.fit == a.fit == b.fit
    assert len(shared.paragraphs) > 0 and len(reader(cold[3].data).pages) == 1


def test_handouts_are_the_same_cold_warm_and_in_any_order(lib):
    _same_in_any_order(lib)


def test_spanish_handouts_are_the_same_cold_warm_and_in_any_order():
    _same_in_any_order(load_library(content_folders(), "es"))


def test_styles_made_afresh_find_the_same_lines(lib):
    """A cold build makes the paragraph styles again; the memo finds their lines by what the
    styles say, not by which object holds them, and the page is the same."""
    spec = _plans(lib)[2]
    caches = Caches()
    first = lay_out_handout(lib, spec, caches).data
    before = styles.styles(styles.Look())["body"]
    styles.styles.cache_clear()
    after = styles.styles(styles.Look())["body"]
    assert after is not before and style_key(after) == style_key(before)
    assert style_key(styles.styles(styles.Look(body=11.0))["body"]) != style_key(after)
    assert lay_out_handout(lib, spec, caches).data == first


def test_a_memo_paragraph_breaks_as_a_fresh_one():
    st = styles.styles(styles.Look())
    memo: Bounded[object, object] = Bounded(PARAGRAPHS)
    text = "<bullet>2.</bullet>Pull your knee <b>gently</b> toward your chest until you feel a stretch."
    for width in (120.0, 200.0, 120.0, 90.0):
        plain, kept, again = (CachedParagraph(text, st["numbered"]),
                              CachedParagraph(text, st["numbered"], memo=memo),
                              CachedParagraph(text, st["numbered"], memo=memo))
        for p in (plain, kept, again):
            p.wrap(200.0, 1e6)
            p.wrap(width, 1e6)
        lines = [[(w.text if hasattr(w, "text") else w) for w in getattr(line, "words", [])]
                 for line in plain.blPara.lines]
        for p in (kept, again):
            assert p.height == plain.height and p.width == plain.width
            assert [[(w.text if hasattr(w, "text") else w) for w in getattr(line, "words", [])]
                    for line in p.blPara.lines] == lines
    assert again.blPara is kept.blPara  # the second was not broken again


def test_line_spacing_shares_the_breaks_but_not_the_height():
    """Fit levels that differ only in line spacing share a paragraph's parse and line breaks
    through the memo; each gets the height of its own leading, as a fresh paragraph has."""
    memo: Bounded[object, object] = Bounded(PARAGRAPHS)
    text = "Keep your back flat on the floor and breathe out slowly as you pull your knee in."
    spaced = [styles.styles(styles.Look(body=10.0, spacing=s))["body"] for s in (1.2, 1.15, 1.1)]
    assert len({st.leading for st in spaced}) == 3 and len({style_key(st) for st in spaced}) == 1
    for st in spaced:
        plain, kept = CachedParagraph(text, st), CachedParagraph(text, st, memo=memo)
        assert kept.wrap(150.0, 1e6) == plain.wrap(150.0, 1e6)
        assert kept.height == len(plain.blPara.lines) * st.leading and len(plain.blPara.lines) > 2
    assert len(memo) == 2  # one parse, one wrap, for the three spacings


def test_the_paragraph_memo_is_bounded():
    st = styles.styles(styles.Look())
    memo: Bounded[object, object] = Bounded(50)
    for i in range(200):
        CachedParagraph(f"Step {i}: breathe out slowly.", st["body"], memo=memo).wrap(150, 1e6)
    assert len(memo) == 50
    assert Caches().paragraphs.size == PARAGRAPHS <= 10_000


def test_the_search_ends_on_the_first_level_that_fits(lib):
    """However the search guesses its way along the ladder, the handout is set at the first
    fit level whose page fits: the one a level-by-level walk from the top finds. Random
    plans of 2 to 6 stretches with their own doses, in English and Spanish."""
    import random

    from handouts.layout.handout import FIT_LEVELS, HandoutBuilder

    rng = random.Random(7)
    for language in ("en", "es"):
        library = lib if language == "en" else load_library(content_folders(), "es")
        ids = list(library.stretches)
        for _ in range(6):
            mix = rng.sample(ids, rng.randint(2, len(ids)))
            changes = {s: Override(Dose(hold_seconds=rng.choice((15, 30, 60)), sets=rng.randint(1, 3)))
                       for s in mix if s != "cat-cow" and rng.random() < 0.5}
            spec = HandoutSpec(select(library, None, mix), SheetHeader(date=DAY), overrides=changes)
            b = HandoutBuilder(library, spec, Caches())
            first = next(i for i in range(len(FIT_LEVELS)) if b.overrun(i) <= 0)
            laid = lay_out_handout(library, spec, Caches())
            assert laid.fit == styles.describe(FIT_LEVELS[first]), (mix, laid.fit)


def test_the_first_guess_saves_layouts(lib):
    """The search starts where a rough line count of the page says it fits, so a new plan
    lays out fewer levels than from a fixed start at 12 pt: counted on random plans, and the
    level it ends on is the one a walk from the top finds (the test above)."""
    import random

    from handouts.layout import handout
    from handouts.layout.handout import FIT_LEVELS, HandoutBuilder

    rng = random.Random(5)
    ids = list(lib.stretches)
    counts = {"guess": 0, "fixed": 0}
    for _ in range(12):
        mix = rng.sample(ids, rng.randint(2, len(ids)))
        spec = HandoutSpec(select(lib, None, mix), SheetHeader(date=DAY))
        for how in counts:
            b = HandoutBuilder(lib, spec, Caches())
            seen: set[int] = set()
            measure = b.overrun
            b.overrun = lambda i, measure=measure, seen=seen: seen.add(i) or measure(i)  # type: ignore[method-assign]
            start = handout._first_guess(b) if how == "guess" else 9
            found = handout._search(b, start, b.overrun(start))
            fresh = HandoutBuilder(lib, spec, Caches())
            assert found == next(i for i in range(len(FIT_LEVELS)) if fresh.overrun(i) <= 0)
            counts[how] += len(seen)
    assert FIT_LEVELS[9] == styles.FitLevel(12.0, False, styles.PICTURE_BIG)
    assert counts["guess"] < counts["fixed"] * 0.8, counts


def test_the_collector_is_held_off_while_a_handout_is_laid_out_and_on_again_after(lib, monkeypatch):
    """The fit search and drawing run with the cycle collector off (as a tracker does); it is
    on again after, also when the page does not fit, and stays off if it was off before."""
    import gc

    import pytest

    from handouts.errors import LayoutError
    from handouts.layout import handout as handout_mod

    seen: list[bool] = []
    render = handout_mod.render
    monkeypatch.setattr(handout_mod, "render",
                        lambda *a, **k: seen.append(gc.isenabled()) or render(*a, **k))
    spec = _plans(lib)[0]
    assert gc.isenabled()
    lay_out_handout(lib, spec, Caches())
    assert seen and not any(seen) and gc.isenabled()
    long_note = Override(note=NOTE * 60)
    too_long = HandoutSpec(spec.selection, spec.header,
                           overrides={s.id: long_note for s in spec.selection.stretches})
    with pytest.raises(LayoutError):
        lay_out_handout(lib, too_long, Caches())
    assert gc.isenabled()
    gc.disable()
    try:
        lay_out_handout(lib, spec, Caches())
        assert not gc.isenabled()
    finally:
        gc.enable()
