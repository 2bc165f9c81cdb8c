"""Reading level of every patient-facing text in the library, by a formula made for its language.

English: Flesch-Kincaid grade, 6 or below (plain-language guidance for patient material).
Spanish: Szigriszt-Pazos perspicuity on the INFLESZ scale (Barrio-Cantalejo et al. 2008):
below 40 very hard, 40-55 somewhat hard, 55-65 normal, 65-80 fairly easy ("bastante fácil"),
80 and above very easy. The target is 65 or above; --strict fails a text below 55.
Both formulas come from textstat 0.7.8, which works offline (syllables from pyphen).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handouts.content.library import Library

# Texts shorter than this many words give meaningless grades (a name, a title).
MIN_WORDS = 8


@dataclass(frozen=True)
class Scale:
    """A readability formula for one language, and where its target and its hard limit lie."""

    name: str  # the column heading in `handouts check`
    formula: str  # the textstat function
    textstat_lang: str
    easier_is_higher: bool
    target: float
    strict: float

    def score(self, text: str) -> float:
        import textstat

        textstat.set_lang(self.textstat_lang)
        try:
            return float(getattr(textstat, self.formula)(text))
        finally:
            textstat.set_lang("en_US")

    def misses(self, value: float, limit: float) -> bool:
        """Whether `value` is harder to read than `limit` allows."""
        return value < limit if self.easier_is_higher else value > limit


SCALES = {
    "en": Scale("grade", "flesch_kincaid_grade", "en_US", False, 6.0, 8.0),
    "es": Scale("INFLESZ", "szigriszt_pazos", "es", True, 65.0, 55.0),
}


def scale_for(language: str) -> Scale | None:
    """The formula for a language (by its first part: 'es-MX' uses Spanish), or None."""
    return SCALES.get(language.split("-")[0])


@dataclass(frozen=True)
class Score:
    """The grade of one text, labelled by the entry and field it came from."""

    label: str
    words: int
    grade: float


def _sentences(items: list[str]) -> str:
    # Steps and bullets often lack a final full stop; treat each as a sentence.
    return " ".join(s if s.rstrip().endswith((".", "!", "?")) else s + "." for s in items)


def patient_texts(lib: Library) -> Iterator[tuple[str, str]]:
    """Yield (label, text) for each block of text a patient reads."""
    for m in lib.muscles.values():
        yield f"muscle {m.id}", _sentences([m.where, m.does, m.when_tight])
    for s in lib.stretches.values():
        yield f"stretch {s.id} steps", _sentences([s.position, *s.steps])
        yield f"stretch {s.id} tips", _sentences([*s.tips, *s.avoid])
    for p in lib.precautions.values():
        yield f"precaution {p.id}", _sentences([p.text])
    for r in lib.principles.values():
        yield f"principle {r.id}", _sentences([r.text])
    for sec in lib.sections.values():
        yield f"section {sec.id}", _sentences([*sec.paragraphs, *sec.bullets])
    for f in lib.faqs.values():
        yield f"faq {f.id}", _sentences([f.answer])


def grade(text: str, language: str = "en") -> float:
    """The reading score of a text in its language's formula (English when it has none)."""
    return (scale_for(language) or SCALES["en"]).score(text)


def score_library(lib: Library) -> tuple[list[Score], float]:
    """Grade each text, and the library as a whole, in the library's language."""
    scale = scale_for(lib.meta.language) or SCALES["en"]
    scores = []
    whole = []
    for label, text in patient_texts(lib):
        whole.append(text)
        words = len(text.split())
        if words >= MIN_WORDS:
            scores.append(Score(label, words, round(scale.score(text), 1)))
    overall = round(scale.score(" ".join(whole)), 1) if whole else 0.0
    return scores, overall
