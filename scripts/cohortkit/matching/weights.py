"""The terms a placement's fit is the sum of, their default weights, and a program's own.

Each term is worth from 0 to its weight in whole points: a yes/no term is
worth all or nothing, `hours` is worth its weight times the share of the
cohort's meeting time that falls inside the person's waking hours. Points are
whole numbers so that the solver works on integers and two runs agree to the
point. A program changes any weight under `matching: weights:` in its file.
"""

from __future__ import annotations

from collections.abc import Mapping

from cohortkit.data.model import Program

# In the order explanations list them.
TERMS: tuple[str, ...] = ("topic", "track", "help", "interaction", "language", "hours")

DEFAULT_WEIGHTS: Mapping[str, int] = {
    "topic": 20,
    "track": 20,
    "help": 10,
    "interaction": 10,
    "language": 15,
    "hours": 25,
}

# What each term rewards, in the words of an explanation ("+20 topic: ...").
MEANING: Mapping[str, str] = {
    "topic": "the cohort's topic is one of their interests",
    "track": "the cohort's track is one they seek",
    "help": "its mentors offer the kind of help they ask for",
    "interaction": "it meets the way they like",
    "language": "they share a language with the other side",
    "hours": "its meetings fall inside their waking hours",
}


def weights_of(program: Program) -> dict[str, int]:
    """The program's weights: its own where it set them, the defaults for the rest."""
    return {term: int(program.matching_weights.get(term, DEFAULT_WEIGHTS[term])) for term in TERMS}
