"""Generate a synthetic but valid cohortkit data tree, for benchmarks and tests.

`write_program_tree(root, people, cohorts, programs, seed)` writes
programs/*.yaml, cohorts/<term>/*.yaml and people/*.yaml under `root`, and
copies the repository's schemas/ folder to root/schemas/. The same arguments
always produce the same bytes.

The data is shaped to pass every schema and cross-file rule of
`cohortkit validate`:

- ten quarterly terms (2024-q1 to 2026-q2) relative to a fixed "today"
  (2026-02-16): past terms hold completed or cancelled cohorts, 2026-q1 is
  running (active), 2026-q2 is forming;
- cohorts run 8 to 12 whole weeks inside their 13-week term, the goal is due
  before the end, pauses lie inside the cohort;
- people are split into a mentor pool (every fifth person: taught workshops,
  certified, signed the mentor agreement, mentor_capacity >= 1) and a mentee
  pool (at most one workshop taught), which meets every program's eligibility
  rules;
- active members of running cohorts are handed out so that nobody exceeds a
  program's mentee_active_cohorts, mentor_active_cohorts or their own
  mentor_capacity; sizes respect mentees_per_cohort, mentors_per_cohort and
  mentees_per_mentor; completed and cancelled cohorts have no active member.

Files are written by a small block-style YAML emitter (much faster than
yaml.safe_dump): plain scalars where YAML reads them back as the same text,
JSON-style double quotes otherwise (dates, "15:00", "#channel", "no").
Roughly one bio in ten uses Markdown emphasis (**...**), as real ones do.

Run as a script: python benchmarks/synthetic.py --out DIR [--people N ...].
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = REPO_ROOT / "schemas"
TODAY = date(2026, 2, 16)
TERM_WEEKS = 13
ENROLLMENT_DAYS = 56

_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN = re.compile(r"[\w][\w .,;:!?()'/+*&`\"=%-]*")
_CLOCK = re.compile(r"[0-9]+:[0-9]+")  # times are quoted, as the schema's x-fix asks
_RESOLVER = yaml.resolver.Resolver()

Doc = dict[str, Any]

# --------------------------------------------------------------------------- emitter


@cache
def _scalar_text(value: str) -> str:
    if (
        _PLAIN.fullmatch(value)
        and ": " not in value
        and not _CLOCK.fullmatch(value)
        and not value.endswith((" ", ":"))
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG  # type: ignore[no-untyped-call]
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return f'"{value.isoformat()}"'
    if isinstance(value, str):
        return _scalar_text(value)
    raise TypeError(f"cannot emit {type(value).__name__}")


def _emit_mapping(doc: Doc, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in doc.items():
        if isinstance(value, dict):
            if value:
                out.append(f"{pad}{key}:")
                _emit_mapping(value, indent + 2, out)
            else:
                out.append(f"{pad}{key}: {{}}")
        elif isinstance(value, list):
            if value:
                out.append(f"{pad}{key}:")
                _emit_sequence(value, indent + 2, out)
            else:
                out.append(f"{pad}{key}: []")
        else:
            out.append(f"{pad}{key}: {_scalar(value)}")


def _emit_sequence(items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            first = len(out)
            _emit_mapping(item, indent + 2, out)
            out[first] = f"{pad}- {out[first][indent + 2 :]}"
        elif isinstance(item, list | dict):
            raise TypeError("nested empty or sequence items are not used by the generator")
        else:
            out.append(f"{pad}- {_scalar(item)}")


def to_yaml(doc: Doc, header: str) -> str:
    """Block-style YAML for `doc`, after a first (comment) line."""
    out = [header]
    _emit_mapping(doc, 0, out)
    out.append("")
    return "\n".join(out)


def modeline(kind: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json"


# --------------------------------------------------------------------------- word lists

FIRST_NAMES = (
    "Ana", "Bo", "Chen", "Dee", "Eli", "Fatima", "Gus", "Hana", "Ines", "Jamal", "Kofi", "Lena",
    "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vikram", "Wanjiru",
    "Xavier", "Yuki", "Zanele", "José", "Zoë", "Björn", "Aiyana", "Mei", "Thandiwe",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Quintero", "Duarte", "Nakamura", "Schmidt", "Haddad", "Kowalski", "Mensah", "Singh",
    "Ivanova", "Rossi", "Nguyen", "Silva", "Otieno", "Larsen", "Moreau", "Tanaka", "Núñez", "Ali",
    "Fischer", "Abebe", "Kim", "Walker", "Horvat", "Lindqvist", "Ochieng", "Petrov", "Reyes",
)  # fmt: skip
PLACES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Europe/Berlin", "Europe", ("de", "en")),
    ("Europe/Lisbon", "Europe", ("pt", "en")),
    ("Europe/Paris", "Europe", ("fr", "en")),
    ("Europe/Oslo", "Europe", ("nb", "en")),
    ("Africa/Lagos", "Africa", ("en", "yo")),
    ("Africa/Nairobi", "Africa", ("en", "sw")),
    ("Africa/Johannesburg", "Africa", ("en", "zu")),
    ("America/Bogota", "South America", ("es", "en")),
    ("America/Sao_Paulo", "South America", ("pt-BR", "en")),
    ("America/New_York", "North America", ("en",)),
    ("America/Mexico_City", "North America", ("es", "en")),
    ("America/Vancouver", "North America", ("en", "fr")),
    ("Asia/Kolkata", "Asia", ("en", "hi")),
    ("Asia/Tokyo", "Asia", ("ja", "en")),
    ("Asia/Singapore", "Asia", ("en", "zh")),
    ("Australia/Sydney", "Oceania", ("en",)),
    ("Pacific/Auckland", "Oceania", ("en", "mi")),
)
PRONOUNS = ("she/her", "he/him", "they/them", "she/they", "he/they")
JOBS = (
    "Data librarian", "Research software engineer", "PhD student in ecology", "Bioinformatician",
    "High-school teacher", "Open-source maintainer", "Postdoc in climate science", "Data analyst",
    "Lab technician", "Statistics lecturer", "Volunteer translator", "Frontend developer",
)  # fmt: skip
HOBBIES = (
    "I bake sourdough on weekends", "I run a local Python meetup", "I love hiking with my dog",
    "I sing in a community choir", "I collect old maps", "I am learning the cello",
    "I organise a monthly hack night", "I write a small newsletter about open science",
)  # fmt: skip
TOPICS: tuple[tuple[str, str], ...] = (
    ("git", "Version control with Git"),
    ("shell", "The Unix shell"),
    ("python", "Programming with Python"),
    ("r", "Programming with R"),
    ("sql", "Databases and SQL"),
    ("packaging", "Python packaging"),
    ("docs", "Writing documentation"),
    ("testing", "Automated testing"),
    ("ci", "Continuous integration"),
    ("spreadsheets", "Data organisation in spreadsheets"),
    ("openrefine", "Data cleaning with OpenRefine"),
    ("hpc", "High-performance computing"),
)
TRACKS: tuple[tuple[str, str, str], ...] = (
    ("teaching", "Teaching Workshops", "Prepare to teach a lesson at a real workshop."),
    ("maintenance", "Lesson Maintenance", "Work through a lesson's open issues and pull requests."),
    ("first-patch", "First Contribution", "Land a first merged change in a project."),
    ("community", "Community Building", "Start or grow a local community of practice."),
)
WEEK_TITLES = (
    "Introductions", "Community culture and channels", "Choosing a goal", "Reading the lesson",
    "Setting up the tools", "First pull request", "Mock workshop", "Giving feedback",
    "Reviewing contributions", "Writing challenge questions", "Live coding practice",
    "Second mock workshop", "Teaching for real", "Preparing the showcase", "Wrap-up",
)  # fmt: skip
AGENDA = (
    "Round of introductions", "Review last week's action items", "Pair up and practise",
    "Share one thing that went well", "Plan the next step", "Walk through an open issue",
    "Tag-team teach one episode", "Give each other feedback", "Agree on action items",
)  # fmt: skip
PROGRAM_NAMES = (
    ("instructor-groups", "Instructor Mentoring Groups"),
    ("lesson-maintainers", "Lesson Maintainer Mentoring"),
    ("first-contributions", "First Contributions Program"),
    ("community-leads", "Community Leaders Circle"),
    ("research-software", "Research Software Mentorship"),
    ("data-stewards", "Data Stewardship Cohorts"),
    ("docs-sprint", "Documentation Mentoring"),
    ("packaging-guild", "Packaging Guild"),
    ("hpc-starters", "HPC Starters"),
    ("open-science", "Open Science Mentoring"),
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
CADENCES = ("weekly", "biweekly", "monthly")


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class TermSpec:
    id: str
    name: str
    opens: date
    closes: date
    start: date
    end: date
    showcase: date
    status: str  # what its cohorts are: past, running or forming


def _terms() -> list[TermSpec]:
    seasons = {1: "Winter", 2: "Spring", 3: "Summer", 4: "Autumn"}
    terms: list[TermSpec] = []
    for year in (2024, 2025, 2026):
        for quarter in (1, 2, 3, 4):
            if year == 2026 and quarter > 2:
                break
            first = date(year, 3 * quarter - 2, 5)
            start = first + timedelta(days=(7 - first.weekday()) % 7)  # a Monday
            end = start + timedelta(days=7 * TERM_WEEKS - 1)
            if end < TODAY:
                status = "past"
            elif start <= TODAY:
                status = "running"
            else:
                status = "forming"
            terms.append(
                TermSpec(
                    id=f"{year}-q{quarter}",
                    name=f"{seasons[quarter]} {year}",
                    opens=start - timedelta(days=ENROLLMENT_DAYS),
                    closes=start - timedelta(days=3),
                    start=start,
                    end=end,
                    showcase=end - timedelta(days=2),
                    status=status,
                )
            )
    return terms


# --------------------------------------------------------------------------- programs


@dataclass
class ProgramSpec:
    id: str
    name: str
    topics: list[tuple[str, str]]
    tracks: list[str]
    cadences: list[str]
    mentees_per_mentor: int
    mentees_max: int
    mentors_max: int
    mentee_active: int
    mentor_active: int
    agreement_required: bool
    certified_mentors: bool
    doc: Doc = field(default_factory=dict)


def _program_id(index: int) -> tuple[str, str]:
    base_id, base_name = PROGRAM_NAMES[index % len(PROGRAM_NAMES)]
    if index < len(PROGRAM_NAMES):
        return base_id, base_name
    round_ = index // len(PROGRAM_NAMES) + 1
    return f"{base_id}-{round_}", f"{base_name} {round_}"


def _outline(rng: random.Random, weeks: int) -> list[Doc]:
    titles = rng.sample(WEEK_TITLES, weeks)
    titles[0], titles[-1] = "Introductions", "Wrap-up"
    outline: list[Doc] = []
    for number, title in enumerate(titles, start=1):
        week: Doc = {"week": number, "title": title}
        if rng.random() < 0.7:
            week["agenda"] = rng.sample(AGENDA, rng.randint(2, 4))
        outline.append(week)
    return outline


def _make_program(
    rng: random.Random, index: int, terms: list[TermSpec], coordinators: list[str]
) -> ProgramSpec:
    program_id, name = _program_id(index)
    topics = rng.sample(TOPICS, rng.randint(4, 7))
    track_specs = rng.sample(TRACKS, rng.randint(2, 3))
    spec = ProgramSpec(
        id=program_id,
        name=name,
        topics=topics,
        tracks=[t[0] for t in track_specs],
        cadences=sorted(rng.sample(CADENCES, rng.randint(1, 3)), key=CADENCES.index),
        mentees_per_mentor=rng.choice((3, 4, 5)),
        mentees_max=8,
        mentors_max=3,
        mentee_active=rng.choice((1, 2)),
        mentor_active=rng.choice((2, 3)),
        agreement_required=index % 2 == 0,
        certified_mentors=index % 3 == 0,
    )
    mentor_rules: list[Doc] = [
        {"attribute": "workshops_taught", "min": 2, "text": "Have taught at least two workshops"}
    ]
    if spec.certified_mentors:
        mentor_rules.append(
            {"attribute": "instructor_certified", "equals": True, "text": "Be a certified instructor"}
        )
    mentee_role: Doc = {
        "title": "Mentee",
        "summary": "Mentees work with their group toward the cohort's goal.",
        "responsibilities": [
            "Attend scheduled meetings or tell your mentor you cannot",
            "Communicate your goals and needs",
            "Fill in the program's surveys",
        ],
        "time_commitment": "About 2 hours a week for 8 to 12 weeks",
    }
    if index % 2 == 1:
        mentee_role["eligibility"] = [
            {"attribute": "workshops_taught", "max": 1, "text": "Have taught fewer than two workshops"}
        ]
    spec.doc = {
        "id": program_id,
        "name": name,
        "summary": f"Small groups working toward one goal over 8 to 12 weeks ({name}).",
        "description": (
            f"The {name} program brings together a few mentors and a few mentees for one term. "
            "Each cohort agrees on **one** goal, meets on a regular cadence and presents what it "
            "did at the showcase.\n\nCoordinators watch the health of every cohort and help "
            "when a mentor steps back."
        ),
        "coordinators": coordinators,
        "code_of_conduct": "https://example.org/code-of-conduct",
        "mentor_agreement": {
            "required": spec.agreement_required,
            "text": "I agree to follow the Code of Conduct and to provide a welcoming environment.",
        },
        "roles": {
            "mentor": {
                "title": "Mentor",
                "summary": "Mentors guide a small group toward one goal.",
                "responsibilities": [
                    "Decide on a meeting schedule with your mentees",
                    "Follow up with mentees who miss meetings",
                    "Report the cohort's progress at the mid-way touch base",
                ],
                "time_commitment": "About 4 hours a month for 3 months",
                "eligibility": mentor_rules,
            },
            "mentee": mentee_role,
        },
        "sizes": {
            "mentees_per_mentor": spec.mentees_per_mentor,
            "mentees_per_cohort": {"min": 2, "max": spec.mentees_max},
            "mentors_per_cohort": {"min": 1, "max": spec.mentors_max},
        },
        "duration_weeks": {"min": 8, "max": 12},
        "cadences": spec.cadences,
        "limits": {
            "mentee_active_cohorts": spec.mentee_active,
            "mentor_active_cohorts": spec.mentor_active,
            "checkin_grace_days": 3,
        },
        "terms": [
            {
                "id": t.id,
                "name": t.name,
                "enrollment_opens": t.opens,
                "enrollment_closes": t.closes,
                "start": t.start,
                "end": t.end,
                "showcase": t.showcase,
            }
            for t in terms
        ],
        "topics": [{"id": tid, "name": tname} for tid, tname in topics],
        "tracks": [
            {"id": tid, "name": tname, "summary": tsummary, "outline": _outline(rng, 8)}
            for tid, tname, tsummary in track_specs
        ],
        "events": [
            {
                "id": "kickoff",
                "kind": "meeting",
                "name": "Program kick-off",
                "at": "start",
                "for": ["mentor", "mentee"],
            },
            {
                "id": "midway-touch-base",
                "kind": "touch-base",
                "name": "Mid-way touch base",
                "at": "midpoint",
                "for": ["representative"],
            },
            {
                "id": "mid-survey",
                "kind": "survey",
                "name": "Mid-way survey",
                "week": 5,
                "for": ["mentor", "mentee"],
                "link": f"https://example.org/{program_id}/mid-survey",
                "text": "Fill in the short mid-way survey.",
            },
            {
                "id": "showcase",
                "kind": "showcase",
                "name": "Showcase",
                "at": "last-week",
                "for": ["mentor", "mentee"],
            },
        ],
        "certificates": {
            "mentee": [
                {"text": "Attend at least four meetings", "metric": "meetings_attended", "min": 4},
                {"text": "Complete the post-program survey", "metric": "surveys_done", "min": 1},
            ],
            "mentor": [
                {"text": "Sign the mentor agreement", "metric": "mentor_agreement", "min": 1},
                {"text": "Attend the showcase", "metric": "showcase_attended", "min": 1},
            ],
        },
        "links": [
            {"title": "Handbook", "url": f"https://example.org/{program_id}/handbook"},
            {"title": "Mailing list", "url": f"https://lists.example.org/{program_id}"},
        ],
        # Judged on the metrics pages (each program has about 100 cohorts over ten terms).
        "targets": {
            "mentees_a_year": 150,
            "new_mentors_a_year": 10,
            "max_withdrawn_or_did_not_complete_percent": 10,
        },
    }
    return spec


# --------------------------------------------------------------------------- people


@dataclass
class PersonSpec:
    login: str
    mentor: bool
    capacity: int | None
    doc: Doc


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _make_person(rng: random.Random, index: int, program_ids: list[str]) -> PersonSpec:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    ascii_first = first.encode("ascii", "ignore").decode() or "user"
    ascii_last = last.encode("ascii", "ignore").decode() or "dev"
    login = f"{ascii_first}-{ascii_last}{index}"
    if rng.random() < 0.8:
        login = login.lower()
    mentor = index % 5 == 0
    zone, region, languages = rng.choice(PLACES)
    job = rng.choice(JOBS)
    topics = rng.sample(TOPICS, rng.randint(2, 4))
    topic_ids = [t[0] for t in topics]
    skill = _lower_first(topics[0][1])
    if rng.random() < 0.1:
        skill = f"**{skill}**"
    sentences = [
        f"{job} based in {zone.split('/')[-1].replace('_', ' ')}.",
        f"I use {skill} every day and want to get better at {_lower_first(topics[1][1])}.",
        rng.choice(HOBBIES) + ".",
    ]
    if mentor:
        sentences.append("I have taught several workshops and enjoy helping people find their footing.")
    else:
        sentences.append("I am looking for a friendly group to learn with and to keep me accountable.")
    doc: Doc = {"login": login, "name": f"{first} {last}"}
    if rng.random() < 0.6:
        doc["pronouns"] = rng.choice(PRONOUNS)
    doc["timezone"] = zone
    if rng.random() < 0.8:
        doc["region"] = region
    doc["languages"] = list(languages)
    doc["bio"] = " ".join(sentences)
    if rng.random() < 0.7:
        doc["links"] = [{"title": "Blog", "url": f"https://example.org/{login.lower()}"}]
        if rng.random() < 0.4:
            doc["links"].append({"title": "GitHub", "url": f"https://github.com/{login}"})
    doc["interests"] = topic_ids
    doc["seeks"] = {
        "roles": ["mentor"] if mentor else ["mentee"],
        "programs": rng.sample(program_ids, min(len(program_ids), rng.randint(1, 2))),
        "tracks": [],  # filled in once the programs' tracks are known
        "help": rng.choice(("technical", "career", "both")),
        "interaction": rng.sample(("async", "video", "in-person"), rng.randint(1, 2)),
    }
    capacity: int | None = None
    if mentor:
        capacity = rng.randint(1, 3)
        doc["mentor_capacity"] = capacity
        doc["attributes"] = {
            "workshops_taught": rng.randint(2, 25),
            "instructor_certified": True,
            "years_contributing": rng.randint(1, 15),
        }
    else:
        doc["attributes"] = {"workshops_taught": rng.randint(0, 1), "instructor_certified": False}
    doc["onboarded"] = date(2023, 9, 1) + timedelta(days=rng.randint(0, 700))
    if mentor:
        doc["mentor_agreement"] = date(2023, 9, 1) + timedelta(days=rng.randint(0, 700))
        if rng.random() < 0.05:
            doc["away_until"] = TODAY + timedelta(days=rng.randint(5, 60))
    if rng.random() < 0.05:
        doc["listed"] = False
    return PersonSpec(login, mentor, capacity, doc)


# --------------------------------------------------------------------------- cohorts


class _Pool:
    """Hands out people round-robin, skipping those at a program's running limit."""

    def __init__(self, people: list[PersonSpec]) -> None:
        self.people = people
        self.cursor = 0
        self.running: defaultdict[tuple[str, str], int] = defaultdict(int)

    def take_running(
        self, program: ProgramSpec, count: int, limit_of: Callable[[ProgramSpec, PersonSpec], int]
    ) -> list[PersonSpec]:
        taken: list[PersonSpec] = []
        for _ in range(len(self.people)):
            if len(taken) == count:
                break
            person = self.people[self.cursor % len(self.people)]
            self.cursor += 1
            key = (program.id, person.login)
            if self.running[key] < limit_of(program, person) and person not in taken:
                taken.append(person)
        for person in taken:
            self.running[(program.id, person.login)] += 1
        return taken

    def sample(self, rng: random.Random, count: int, avoid: list[PersonSpec]) -> list[PersonSpec]:
        chosen: list[PersonSpec] = []
        for _ in range(count * 4):
            if len(chosen) == count:
                break
            person = self.people[rng.randrange(len(self.people))]
            if person not in chosen and person not in avoid:
                chosen.append(person)
        return chosen


def _mentor_limit(program: ProgramSpec, person: PersonSpec) -> int:
    return min(program.mentor_active, person.capacity if person.capacity is not None else 99)


def _mentee_limit(program: ProgramSpec, _person: PersonSpec) -> int:
    return program.mentee_active


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _ended(
    rng: random.Random, person: PersonSpec, joined: date, start: date, end: date, cancelled: bool
) -> Doc:
    """A membership that is over: completed, withdrawn or did-not-complete."""
    weeks = math.ceil(((end - start).days + 1) / 7)
    if cancelled:
        left = _day(rng, max(joined, start), min(end, start + timedelta(days=21)))
        return {
            "person": person.login,
            "joined": joined,
            "left": left,
            "outcome": "withdrawn",
            "note": "The cohort was cancelled",
        }
    roll = rng.random()
    entry: Doc = {"person": person.login, "joined": joined}
    if roll < 0.8:
        entry |= {
            "left": end,
            "outcome": "completed",
            "meetings_attended": rng.randint(weeks // 2, weeks),
            "surveys_done": rng.randint(1, 2),
            "showcase_attended": rng.random() < 0.8,
        }
    elif roll < 0.92:
        left = _day(rng, max(joined, start), end)
        entry |= {
            "left": left,
            "outcome": "withdrawn",
            "meetings_attended": rng.randint(0, 3),
            "note": rng.choice(("Moved to another cohort", "Too busy at work this term", "Family reasons")),
        }
    else:
        entry |= {
            "left": end,
            "outcome": "did-not-complete",
            "meetings_attended": rng.randint(0, weeks // 2),
            "surveys_done": rng.randint(0, 1),
        }
    return entry


def _make_cohort(
    rng: random.Random,
    index: int,
    program: ProgramSpec,
    term: TermSpec,
    mentors: _Pool,
    mentees: _Pool,
    mentorless: bool = False,
) -> tuple[Doc, str]:
    topic_id, topic_name = rng.choice(program.topics)
    weeks = rng.randint(8, 12)
    start = term.start + timedelta(days=rng.randint(0, (TERM_WEEKS - weeks) * 7))
    end = start + timedelta(days=7 * weeks - 1)
    cohort_id = f"{term.id}-{topic_id}-{index:04d}"

    mentee_count = rng.randint(3, 8)
    active_mentees = mentee_count - (1 if rng.random() < 0.2 else 0)
    mentor_count = max(
        rng.randint(1, program.mentors_max), math.ceil(active_mentees / program.mentees_per_mentor)
    )
    mentor_count = min(mentor_count, program.mentors_max)

    if term.status == "past":
        status = "cancelled" if rng.random() < 0.08 else "completed"
    elif term.status == "running":
        status = "cancelled" if rng.random() < 0.05 else "active"
    else:
        status = "cancelled" if rng.random() < 0.05 else "forming"

    mentor_entries: list[Doc] = []
    mentee_entries: list[Doc] = []
    last_join = start if status != "forming" else min(start, TODAY)
    if status in ("active", "forming"):
        chosen_mentors = [] if mentorless else mentors.take_running(program, mentor_count, _mentor_limit)
        capacity = program.mentees_max if mentorless else len(chosen_mentors) * program.mentees_per_mentor
        chosen_mentees = mentees.take_running(program, min(active_mentees, capacity), _mentee_limit)
        if (not chosen_mentors and not mentorless) or len(chosen_mentees) < 2:
            status = "cancelled"  # Not enough free people left: only in tiny trees.
            mentors.running.update(
                {(program.id, p.login): mentors.running[(program.id, p.login)] - 1 for p in chosen_mentors}
            )
            mentees.running.update(
                {(program.id, p.login): mentees.running[(program.id, p.login)] - 1 for p in chosen_mentees}
            )
        else:
            active_mentees = len(chosen_mentees)
            for person in chosen_mentors:
                mentor_entries.append(
                    {
                        "person": person.login,
                        "joined": _day(rng, term.opens, last_join),
                        "outcome": "active",
                        "meetings_attended": 0 if status == "forming" else rng.randint(1, 5),
                    }
                )
            for person in chosen_mentees:
                entry: Doc = {
                    "person": person.login,
                    "joined": _day(rng, term.opens, last_join),
                    "outcome": "active",
                }
                if status == "active":
                    entry |= {"meetings_attended": rng.randint(0, 5), "surveys_done": rng.randint(0, 1)}
                mentee_entries.append(entry)
            if mentee_count > active_mentees:
                for person in mentees.sample(rng, 1, chosen_mentees):
                    joined = _day(rng, term.opens, start)
                    left = (
                        _day(rng, joined, min(end, TODAY))
                        if status == "active"
                        else _day(rng, joined, last_join)
                    )
                    mentee_entries.append(
                        {
                            "person": person.login,
                            "joined": joined,
                            "left": left,
                            "outcome": "withdrawn",
                            "note": "Changed to a cohort at a better time",
                        }
                    )
    if status in ("completed", "cancelled"):
        cancelled = status == "cancelled"
        for person in mentors.sample(rng, mentor_count, []):
            mentor_entries.append(_ended(rng, person, _day(rng, term.opens, start), start, end, cancelled))
        for person in mentees.sample(rng, mentee_count, []):
            mentee_entries.append(_ended(rng, person, _day(rng, term.opens, start), start, end, cancelled))
        active_mentees = 0

    track = rng.choice(program.tracks) if rng.random() < 0.5 else None
    doc: Doc = {
        "id": cohort_id,
        "program": program.id,
        "term": term.id,
        "title": f"{topic_name}: {rng.choice(('getting started', 'teaching it', 'maintaining the lesson', 'first contributions', 'going further'))}",
        "summary": (
            f"A small group working on {_lower_first(topic_name)} during {term.name}. "
            "We meet regularly, share what we learned and help each other get unstuck."
        ),
        "goal": {
            "task": f"Each mentee completes one {_lower_first(topic_name)} contribution",
            "specific": f"Pick an open issue about {_lower_first(topic_name)} and resolve it",
            "measurable": "A merged pull request or a taught workshop per mentee",
            "achievable": "Issues are pre-triaged by the mentors and sized for a few weeks",
            "relevant": "A first contribution is the step to becoming a regular contributor",
            "due": end - timedelta(days=rng.randint(3, 10)),
        },
        "topic": topic_id,
    }
    if track:
        doc["track"] = track
    else:
        doc["outline"] = _outline(rng, rng.randint(8, weeks))
    doc |= {
        "status": status,
        "start": start,
        "end": end,
        "meeting": {
            "cadence": rng.choice(program.cadences),
            "weekday": rng.choice(WEEKDAYS),
            "time": f"{rng.choice((8, 9, 12, 14, 15, 17, 18)):02d}:{rng.choice((0, 30)):02d}",
            "timezone": rng.choice(PLACES)[0],
            "minutes": rng.choice((45, 60, 60, 90)),
        },
    }
    if rng.random() < 0.3:
        pause_start = start + timedelta(days=rng.randint(21, 35))
        doc["pauses"] = [{"from": pause_start, "to": pause_start + timedelta(days=6), "reason": "Holidays"}]
    doc["channel"] = {
        "name": f"#cohort-{cohort_id}",
        "url": f"https://chat.example.org/channel/cohort-{cohort_id}",
    }
    meeting_format = rng.choice(("online", "online", "online", "hybrid", "in-person"))
    doc["format"] = meeting_format
    if meeting_format != "online":
        doc["location"] = rng.choice(
            ("Nairobi, at the university library", "Berlin, co-working space", "Online and in Bogotá")
        )
    seats = rng.randint(max(active_mentees, 2), program.mentees_max)
    doc["accepting_mentees"] = (
        status in ("forming", "active") and seats > active_mentees and rng.random() < 0.7
    )
    doc["mentee_seats"] = seats
    if doc["accepting_mentees"]:
        doc["needs"] = (
            f"Some experience with {_lower_first(topic_name)}; curiosity matters more than expertise."
        )
    doc["mentors"] = mentor_entries
    doc["mentees"] = mentee_entries
    members = mentor_entries + mentee_entries
    if status in ("forming", "active"):
        # A running cohort's representative must be a current member.
        members = [m for m in members if m["outcome"] == "active"]
    if members:
        doc["representative"] = rng.choice(members)["person"]
    if status == "completed" and rng.random() < 0.6:
        doc["showcase"] = {
            "title": f"What we learned about {_lower_first(topic_name)}",
            "summary": "Three mock sessions, two real ones, and a handful of merged changes.",
            "slide": {
                "url": f"https://example.org/slides/{cohort_id}",
                "alt": "A slide with the cohort's results",
            },
            "links": [{"title": "Pull request", "url": f"https://example.org/pr/{index}"}],
        }
    return doc, cohort_id


# --------------------------------------------------------------------------- tree


def write_program_tree(
    root: Path, people: int, cohorts: int, programs: int, seed: int = 0, enrolling: bool = False
) -> None:
    """Write a valid data tree with the given counts under `root` (created if missing).

    `enrolling` (for benchmarks/match.py) puts every cohort in the forming term, whose enrollment
    is open on TODAY, and leaves about one in ten without a mentor, so that every cohort has
    seats or a mentor to fill; the default trees, which the other benchmarks measure, are unchanged.
    """
    if programs < 1 or people < 10 or cohorts < 0:
        raise ValueError("need at least 1 program and 10 people")
    rng = random.Random(seed)
    terms = _terms()

    # People first (without programs to seek), so coordinators and capacities are known.
    program_ids = [_program_id(i)[0] for i in range(programs)]
    person_specs = [_make_person(random.Random(f"{seed}-person-{i}"), i, program_ids) for i in range(people)]
    mentor_specs = [p for p in person_specs if p.mentor]
    mentee_specs = [p for p in person_specs if not p.mentor]
    program_specs = [
        _make_program(rng, i, terms, [p.login for p in rng.sample(mentor_specs, min(2, len(mentor_specs)))])
        for i in range(programs)
    ]
    by_id = {p.id: p for p in program_specs}
    # Now that tracks are known, point each person's seeks at real tracks.
    for person in person_specs:
        seeks = person.doc["seeks"]
        seeks["tracks"] = [by_id[seeks["programs"][0]].tracks[0]]

    mentor_pool = _Pool(rng.sample(mentor_specs, len(mentor_specs)))
    mentee_pool = _Pool(rng.sample(mentee_specs, len(mentee_specs)))
    # Newest terms first, so that even a tiny tree has forming and active cohorts.
    newest_first = list(reversed(terms))
    cohort_files: list[tuple[str, str, Doc]] = []
    for index in range(cohorts):
        program = program_specs[index % programs]
        term = newest_first[0] if enrolling else newest_first[(index // programs) % len(newest_first)]
        mentorless = enrolling and index % 10 == 9
        doc, cohort_id = _make_cohort(rng, index, program, term, mentor_pool, mentee_pool, mentorless)
        cohort_files.append((term.id, cohort_id, doc))

    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SCHEMAS, root / "schemas", dirs_exist_ok=True)
    for folder in ("programs", "cohorts", "people"):
        (root / folder).mkdir(exist_ok=True)
    program_header = modeline("program", 1)
    for spec in program_specs:
        (root / "programs" / f"{spec.id}.yaml").write_text(
            to_yaml(spec.doc, program_header), encoding="utf-8"
        )
    person_header = modeline("person", 1)
    for person in person_specs:
        (root / "people" / f"{person.login}.yaml").write_text(
            to_yaml(person.doc, person_header), encoding="utf-8"
        )
    cohort_header = modeline("cohort", 2)
    for term in terms:
        (root / "cohorts" / term.id).mkdir(exist_ok=True)
    for term_id, cohort_id, doc in cohort_files:
        (root / "cohorts" / term_id / f"{cohort_id}.yaml").write_text(
            to_yaml(doc, cohort_header), encoding="utf-8"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--cohorts", type=int, default=1_000)
    parser.add_argument("--programs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="folder to write the tree into")
    args = parser.parse_args(argv)
    write_program_tree(args.out, args.people, args.cohorts, args.programs, args.seed)
    print(f"wrote {args.programs} programs, {args.cohorts} cohorts, {args.people} people to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
