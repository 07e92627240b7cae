"""What a match run found, as plain values the report, `--write` and the tests read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cohortkit.data.model import Role
from cohortkit.matching.quiet import QuietMentor


@dataclass(frozen=True, slots=True)
class Proposal:
    program: str
    role: Role
    login: str
    cohort: str
    cohort_file: str
    fit: int
    terms: dict[str, int]  # points of each term
    details: dict[str, str]  # what each term saw ("r", "video", "100% of meeting time")
    why: str  # why this cohort and not their next best
    need: str = ""  # for a mentor: why the cohort is short of one (no mentor, away, gone quiet since ...)


@dataclass(frozen=True, slots=True)
class Unplaced:
    program: str
    role: Role
    login: str
    reason: str


@dataclass(frozen=True, slots=True)
class Gap:
    """Demand no cohort has room for, with the mentors who could lead a new cohort for it."""

    program: str
    role: Role
    text: str
    people: tuple[str, ...]
    mentors: tuple[str, ...]  # "login (why they fit)"


@dataclass(frozen=True, slots=True)
class MarketFigures:
    program: str
    role: Role
    seekers: int
    places: int
    seats: int
    placed: int  # people placed
    placements: int
    fit: int
    greedy_placed: int
    greedy_fit: int
    rounds: int  # flows solved until the optimum was proved


@dataclass
class MatchResult:
    today: date
    quiet: tuple[QuietMentor, ...] = ()  # the mentors the check-ins showed quiet, counted as unavailable
    proposals: list[Proposal] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    markets: list[MarketFigures] = field(default_factory=list)

    @property
    def fit(self) -> int:
        return sum(m.fit for m in self.markets)

    @property
    def greedy_fit(self) -> int:
        return sum(m.greedy_fit for m in self.markets)
