"""Reading level of every patient-facing text in the library (Flesch-Kincaid grade)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handouts.content.library import Library

# Texts shorter than this many words give meaningless grades (a name, a title).
MIN_WORDS = 8


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


def grade(text: str) -> float:
    """Flesch-Kincaid grade of a text (textstat, offline)."""
    import textstat

    return float(textstat.flesch_kincaid_grade(text))


def score_library(lib: Library) -> tuple[list[Score], float]:
    """Grade each text, and the library as a whole."""
    scores = []
    whole = []
    for label, text in patient_texts(lib):
        whole.append(text)
        words = len(text.split())
        if words >= MIN_WORDS:
            scores.append(Score(label, words, round(grade(text), 1)))
    overall = round(grade(" ".join(whole)), 1) if whole else 0.0
    return scores, overall
