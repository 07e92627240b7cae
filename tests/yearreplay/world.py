"""The program a year replay runs: its data tree on the first day, and who will do what.

Built on the synthetic generator (benchmarks/synthetic.py): its program, people and
YAML emitter, with four quarterly terms of one year instead of its ten past ones.
Everything a person will do (sign up on which day and for what, attend which meeting,
withdraw, go quiet) is drawn here, once, from a seed: that is the replay's ground
truth, which the final audit compares with what cohortkit computed from GitHub.

Mentors are in the tree from the start (the coordinators recruited them; a few sign up
through the mentor form during the year); each term's cohorts are created with one
mentor each when its enrollment opens. Mentees sign up through the mentee form over
the enrollment window; about one in five names the cohort it wants, the others wait
for matching.
"""

from __future__ import annotations

import math
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cohortkit.starter.answers import Answers
from cohortkit.starter.scaffold import render

_BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
if str(_BENCHMARKS.parent) not in sys.path:
    sys.path.insert(0, str(_BENCHMARKS.parent))

from benchmarks import synthetic  # noqa: E402

Doc = dict[str, Any]

COHORT_WEEKS = 10
MEETING_DAY = "wednesday"
# Places whose waking hours all hold a 15:00 UTC meeting (matching counts the overlap).
PLACES = (
    ("Europe/Berlin", "Europe", ["en", "de"]),
    ("Europe/Lisbon", "Europe", ["en", "pt"]),
    ("Africa/Lagos", "Africa", ["en"]),
    ("Africa/Nairobi", "Africa", ["en", "sw"]),
    ("America/New_York", "North America", ["en"]),
    ("America/Sao_Paulo", "South America", ["pt", "en"]),
)


@dataclass(frozen=True)
class YearSize:
    """How big a year: the benchmark's defaults are the issue's; the test's are small."""

    mentees: int = 1000
    mentors: int = 150
    intakes: int = 4
    seed: int = 2027
    mentees_per_cohort: int = 5  # seats per cohort; one mentor each (mentees_per_mentor too)
    spare_cohorts: float = 0.1  # seats beyond the sign-ups, as coordinators plan them
    mentor_signups: float = 0.15  # share of mentors who arrive through the form during the year
    enrollment_days: int = synthetic.ENROLLMENT_DAYS  # each term's window opens this long before it starts
    quiet_mentors: float = (
        0.05  # share of a term's cohorts whose mentor goes quiet after two or three check-ins
    )


@dataclass
class Mentee:
    login: str
    doc: Doc  # what the form will say
    term: str
    signs_up: date
    wants_cohort: bool  # names a cohort in the form instead of waiting for matching
    attends: float  # the chance of ticking each held meeting
    withdraws_after: int | None  # the check-in number after which they withdraw, if they do


@dataclass
class Mentor:
    login: str
    doc: Doc
    signs_up: date | None  # None: in the tree from the start
    closes: float  # the chance of closing each check-in (the others are missed)
    quiet_after: dict[str, int] = field(default_factory=dict)  # term: check-ins after which they stop


@dataclass(frozen=True)
class Term:
    spec: synthetic.TermSpec

    @property
    def id(self) -> str:
        return self.spec.id

    def cohort_start(self) -> date:
        """The first meeting day of the term's cohorts (a Wednesday in its first week)."""
        return self.spec.start + timedelta(days=2)

    def cohort_end(self) -> date:
        return self.spec.start + timedelta(days=7 * COHORT_WEEKS - 1)


@dataclass
class World:
    size: YearSize
    program: Doc
    coordinators: list[str]
    terms: list[Term]
    mentors: list[Mentor]
    mentees: list[Mentee]
    cohorts: dict[str, list[str]]  # term id: the ids of its cohorts, created when enrollment opens
    cohort_mentor: dict[str, str]  # cohort id: the mentor it is created with
    first_day: date
    last_day: date

    @property
    def program_id(self) -> str:
        return str(self.program["id"])

    def term(self, term_id: str) -> Term:
        return next(t for t in self.terms if t.id == term_id)

    def cohort_doc(self, cohort_id: str, term: Term, index: int) -> Doc:
        rng = random.Random(f"{self.size.seed}-cohort-{cohort_id}")
        topic_id, topic_name = self.program["topics"][index % len(self.program["topics"])].values()
        start, end = term.cohort_start(), term.cohort_end()
        mentor = self.cohort_mentor[cohort_id]
        return {
            "id": cohort_id,
            "program": self.program_id,
            "term": term.id,
            "title": f"{topic_name}, group {index + 1}",
            "summary": f"A small group working on {topic_name.lower()} during {term.spec.name}.",
            "goal": {
                "task": f"Each mentee lands one {topic_name.lower()} contribution",
                "specific": "Pick a triaged issue and resolve it",
                "measurable": "A merged pull request per mentee",
                "achievable": "Issues are sized for a few weeks",
                "relevant": "A first contribution leads to regular ones",
                "due": end - timedelta(days=3),
            },
            "topic": topic_id,
            "track": self.program["tracks"][index % len(self.program["tracks"])]["id"],
            "status": "forming",
            "start": start,
            "end": end,
            "meeting": {
                "cadence": "weekly",
                "weekday": MEETING_DAY,
                "time": "15:00",
                "timezone": "UTC",
                "minutes": 60,
            },
            "channel": {"name": f"#{cohort_id}", "url": f"https://chat.example.org/channel/{cohort_id}"},
            "format": "online",
            "accepting_mentees": True,
            "mentee_seats": self.size.mentees_per_cohort,
            "needs": f"Curiosity about {topic_name.lower()}; {rng.choice(('no', 'little'))} experience needed.",
            "mentors": [{"person": mentor, "joined": term.spec.opens, "outcome": "active"}],
            "mentees": [],
            "representative": mentor,
        }


def _terms(intakes: int, enrollment_days: int) -> list[Term]:
    seasons = ("Winter", "Spring", "Summer", "Autumn")
    terms = []
    for quarter in range(1, intakes + 1):
        first = date(2027, 3 * quarter - 2, 1)
        start = first + timedelta(days=(7 - first.weekday()) % 7)  # a Monday
        terms.append(
            Term(
                synthetic.TermSpec(
                    id=f"2027-q{quarter}",
                    name=f"{seasons[quarter - 1]} 2027",
                    opens=start - timedelta(days=enrollment_days),
                    closes=start - timedelta(days=3),
                    start=start,
                    end=start + timedelta(days=7 * synthetic.TERM_WEEKS - 1),
                    showcase=start + timedelta(days=7 * COHORT_WEEKS - 3),
                    status="forming",
                )
            )
        )
    return terms


def _program(rng: random.Random, terms: list[Term], coordinators: list[str]) -> Doc:
    doc = synthetic._make_program(rng, 1, [t.spec for t in terms], coordinators).doc
    doc["cadences"] = ["weekly"]
    doc["sizes"] = {
        "mentees_per_mentor": 5,
        "mentees_per_cohort": {"min": 2, "max": 6},
        "mentors_per_cohort": {"min": 1, "max": 2},
    }
    doc["limits"] = {"mentee_active_cohorts": 1, "mentor_active_cohorts": 2, "checkin_grace_days": 3}
    doc["duration_weeks"] = {"min": 8, "max": 12}
    # Criteria the check-ins measure: attendance ticks, and the mentor agreement on file.
    doc["certificates"] = {
        "mentee": [{"text": "Attend at least six meetings", "metric": "meetings_attended", "min": 6}],
        "mentor": [{"text": "Sign the mentor agreement", "metric": "mentor_agreement", "min": 1}],
    }
    doc["mentor_agreement"] = {"required": True, "text": "I agree to the Code of Conduct."}
    doc["events"] = [e for e in doc["events"] if e["id"] in ("kickoff", "showcase")]
    for track in doc["tracks"]:
        track["outline"] = track["outline"][:COHORT_WEEKS]
        while len(track["outline"]) < COHORT_WEEKS:
            track["outline"].append({"week": len(track["outline"]) + 1, "title": "Working session"})
        track["outline"][-1]["title"] = "Wrap-up"
    doc["targets"] = {
        "mentees_a_year": 900,
        "new_mentors_a_year": 10,
        "max_withdrawn_or_did_not_complete_percent": 15,
    }
    return doc


def _person(rng: random.Random, index: int, mentor: bool, program: Doc) -> Doc:
    # synthetic's people: every fifth index is a mentor; a place that holds the meeting.
    doc = synthetic._make_person(rng, index * 5 if mentor else index * 5 + 1, [program["id"]]).doc
    zone, region, languages = PLACES[index % len(PLACES)]
    doc["timezone"], doc["region"], doc["languages"] = zone, region, list(languages)
    doc["seeks"]["programs"] = [program["id"]]
    doc["seeks"]["tracks"] = [program["tracks"][index % len(program["tracks"])]["id"]]
    doc["interests"] = [t["id"] for t in program["topics"][:3]]
    doc.pop("away_until", None)
    doc.pop("listed", None)
    if mentor:
        doc["mentor_capacity"] = 2
        doc["mentor_agreement"] = date(2026, 9, 1)
        doc["attributes"] = {"workshops_taught": 5, "instructor_certified": True}
    else:
        doc.pop("mentor_capacity", None)
        doc["attributes"] = {"workshops_taught": 0, "instructor_certified": False}
    return doc


def make_world(size: YearSize) -> World:
    rng = random.Random(size.seed)
    terms = _terms(size.intakes, size.enrollment_days)
    coordinators = ["coord-ada", "coord-bo"]
    program = _program(rng, terms, coordinators)
    mentors: list[Mentor] = []
    for index in range(size.mentors):
        doc = _person(random.Random(f"{size.seed}-mentor-{index}"), index, True, program)
        late = index >= size.mentors * (1 - size.mentor_signups)
        joins = terms[min(len(terms) - 1, index % len(terms))] if late else None
        signs_up = joins.spec.opens + timedelta(days=rng.randint(0, 10)) if joins else None
        mentors.append(Mentor(doc["login"], doc, signs_up, closes=rng.choice((0.97, 0.95, 0.9, 0.8))))
    mentees: list[Mentee] = []
    per_term = math.ceil(size.mentees / len(terms))
    for index in range(size.mentees):
        term = terms[min(index // per_term, len(terms) - 1)]
        doc = _person(random.Random(f"{size.seed}-mentee-{index}"), index, False, program)
        window = (term.spec.closes - term.spec.opens).days * 3 // 4  # the last sign-ups well before it closes
        attends = rng.choice((0.95, 0.95, 0.9, 0.85, 0.6, 0.3))
        withdraws = rng.randint(2, COHORT_WEEKS - 2) if rng.random() < 0.06 else None
        mentees.append(
            Mentee(
                doc["login"],
                doc,
                term.id,
                term.spec.opens + timedelta(days=1 + index % max(1, window)),
                wants_cohort=rng.random() < 0.2,
                attends=attends,
                withdraws_after=withdraws,
            )
        )
    cohorts: dict[str, list[str]] = {}
    cohort_mentor: dict[str, str] = {}
    for term in terms:
        signing = sum(1 for m in mentees if m.term == term.id)
        count = max(1, math.ceil(signing * (1 + size.spare_cohorts) / size.mentees_per_cohort))
        # The coordinators' recruits lead the new cohorts; mentors who sign up by the form wait for matching.
        available = [m for m in mentors if m.signs_up is None]
        ids = [f"{term.id}-g{index + 1:03d}" for index in range(count)]
        for index, cohort_id in enumerate(ids):
            mentor = available[(index + len(cohort_mentor)) % len(available)]
            cohort_mentor[cohort_id] = mentor.login
        cohorts[term.id] = ids
    # Some mentors go quiet in a term (one in twenty by default), after two or three check-ins.
    for term in terms:
        for cohort_id in cohorts[term.id]:
            if rng.random() < size.quiet_mentors:
                quiet = next(m for m in mentors if m.login == cohort_mentor[cohort_id])
                quiet.quiet_after[term.id] = rng.randint(2, 3)
    return World(
        size=size,
        program=program,
        coordinators=coordinators,
        terms=terms,
        mentors=mentors,
        mentees=mentees,
        cohorts=cohorts,
        cohort_mentor=cohort_mentor,
        first_day=terms[0].spec.opens - timedelta(days=1),
        last_day=terms[-1].cohort_end() + timedelta(days=14),
    )


def coordinator_doc(login: str, program: Doc) -> Doc:
    return {
        "login": login,
        "name": login.replace("coord-", "").title() + " Coordinator",
        "timezone": "UTC",
        "languages": ["en"],
        "bio": "Coordinates the program.",
        "interests": [program["topics"][0]["id"]],
        "onboarded": date(2025, 1, 6),
    }


def write_first_tree(world: World, root: Path) -> None:
    """The repository on the replay's first day: the program, coordinators and mentors."""
    for folder in ("programs", "people", "cohorts"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "programs" / f"{world.program_id}.yaml").write_text(
        synthetic.to_yaml(world.program, synthetic.modeline("program", 1)), encoding="utf-8"
    )
    header = synthetic.modeline("person", 1)
    for login in world.coordinators:
        (root / "people" / f"{login}.yaml").write_text(
            synthetic.to_yaml(coordinator_doc(login, world.program), header), encoding="utf-8"
        )
    for mentor in world.mentors:
        if mentor.signs_up is None:
            (root / "people" / f"{mentor.login}.yaml").write_text(
                synthetic.to_yaml(mentor.doc, header), encoding="utf-8"
            )
    (root / "cohorts" / ".gitkeep").write_text("", encoding="utf-8")
    # The site's configuration as `cohortkit init` writes it (its address, which badges and
    # certificates need, its name, colours, logo and favicon), so the year ends in a real build.
    started = render(
        Answers(
            "Replay Mentoring",
            tuple(world.coordinators),
            "replay/mentoring",
            "https://mentoring.example.org/",
        ),
        world.first_day,
    )
    for path, text in started.items():
        if path == "mkdocs.yml" or path.startswith("docs/"):
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text, encoding="utf-8")


def cohort_text(world: World, cohort_id: str, term: Term, index: int) -> str:
    return synthetic.to_yaml(world.cohort_doc(cohort_id, term, index), synthetic.modeline("cohort", 2))
