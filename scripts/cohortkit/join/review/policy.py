"""Who may make a change: a verdict for each change in meaning, and whose approval it needs.

The rules, in the words contributors read on their pull request:

- allowed for the author alone: creating or editing their own person file; joining
  as a mentee a cohort that accepts mentees, has a free seat and whose eligibility
  they meet; ending their own membership as withdrawn with a date;
- needs review: anything touching another person's membership, becoming a mentor,
  editing a cohort (its mentors or the program's coordinators approve), editing a
  program (its coordinators);
- rejected: deleting a person or membership that has history, renaming someone
  else's file, editing another person's file, files outside the data folders mixed
  into a data change, anything the validator rejects.

Every fact a verdict rests on (seats, mentors, coordinators, history) is read from
the base, which is trusted; the head only says what the author wants.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cohortkit.data.model import Cohort, Membership, Model, Person
from cohortkit.join.review.changes import Change
from cohortkit.join.review.history import history_fields, membership_has_history
from cohortkit.join.review.verdicts import Judgement, allowed, rejected
from cohortkit.program.calendar import CohortCalendar
from cohortkit.program.eligibility import unmet_rules


class Policy:
    """Judges the changes of one pull request by one author against the base model."""

    def __init__(
        self, base: Model, head: Model, author: str, changes: Sequence[Change], today: date | None = None
    ) -> None:
        self.base, self.head = base, head
        self.today = today or date.today()
        self.author = author.lower()
        self.changes = changes
        self._renames = _rename_pairs(changes)

    def judge(self, change: Change) -> Judgement:
        handler = getattr(self, "_" + change.kind.replace("-", "_"))
        judgement: Judgement = handler(change)
        # Nobody approves their own change.
        reviewers = tuple(r for r in judgement.reviewers if r.lower() != self.author)
        if judgement.verdict == "needs-review" and judgement.reviewers and not reviewers:
            judgement = Judgement(change, judgement.verdict, judgement.reason, (), judgement.mention)
        else:
            judgement = Judgement(change, judgement.verdict, judgement.reason, reviewers, judgement.mention)
        return judgement

    # People

    def _person_added(self, change: Change) -> Judgement:
        if change.subject.lower() in self._renames:
            old = self._renames[change.subject.lower()]
            return rejected(
                change,
                f"renames {old}'s person file to {change.file}: a person file belongs to the login it is named "
                "after; a new login needs a new file, opened by that person",
            )
        if self._is_author(change.subject):
            return allowed(change, f"adds their own person file {change.file}")
        return Judgement(
            change,
            "needs-review",
            f"adds a person file for {change.subject}, who is not the author of this pull request: "
            f"{change.subject} should confirm, and a coordinator approves",
            self._coordinators_for_person(change.subject),
            mention=(change.subject,),
        )

    def _person_changed(self, change: Change) -> Judgement:
        if "file" in change.fields:
            return Judgement(
                change,
                "needs-review",
                f"renames {change.before.file} to {change.after.file}: links and history point at the old "
                "name, so a maintainer reviews a rename",
                self._coordinators_for_person(change.subject),
            )
        if self._is_author(change.subject):
            return allowed(change, f"edits their own person file ({_fields(change)})")
        return rejected(
            change,
            f"edits {change.subject}'s person file ({_fields(change)}): only {change.subject} may change it, "
            "in a pull request of their own",
        )

    def _person_removed(self, change: Change) -> Judgement:
        login = change.subject
        if any(old.lower() == login.lower() for old in self._renames.values()):
            return rejected(change, f"removes {change.file} as part of a rename, which is not allowed")
        history = self._history_of(login)
        if history:
            return rejected(
                change,
                f"deletes {login}, who has history in {', '.join(history)}; "
                "to leave the directory, set `listed: false` in the file instead",
            )
        if not self._is_author(login):
            return rejected(change, f"deletes {login}'s person file: only {login} may remove it")
        return allowed(change, f"removes their own person file {change.file}, which has no history")

    # Memberships

    def _membership_added(self, change: Change) -> Judgement:
        login, cohort_id = change.subject, change.cohort or ""
        added: Membership = change.after
        cohort = self.base.cohorts.get(cohort_id)
        if cohort is None:
            return Judgement(
                change,
                "needs-review",
                f"adds {login} as a {change.role} of the new cohort {cohort_id}",
                self._coordinators(self._program_id(cohort_id)),
            )
        if change.role == "mentor":
            return Judgement(
                change,
                "needs-review",
                f"makes {login} a mentor of {cohort_id}: the program's coordinators approve mentors",
                self._coordinators(cohort.program),
                mention=() if self._is_author(login) else (login,),
            )
        if not added.active:
            return Judgement(
                change,
                "needs-review",
                f"adds a past membership ({added.outcome}) of {login} to {cohort_id}: "
                "the cohort's mentors confirm what happened",
                self._cohort_approvers(cohort),
            )
        if not self._is_author(login):
            return Judgement(
                change,
                "needs-review",
                f"adds {login} as a mentee of {cohort_id}: a change to another person's membership "
                f"needs the cohort's mentors, and {login} should confirm",
                self._cohort_approvers(cohort),
                mention=(login,),
            )
        history = history_fields(added)
        if history:
            return Judgement(
                change,
                "needs-review",
                f"joins {cohort_id} as a mentee with history already filled in ({', '.join(history)}): "
                "a newcomer's entry starts empty, and the cohort's mentors record what happens",
                self._cohort_approvers(cohort),
            )
        obstacles = self._join_obstacles(cohort, login)
        closed = self._enrollment_closed(cohort)
        if closed:
            # Outside the term's window a seat is the program's to give, not the cohort's.
            return Judgement(
                change,
                "needs-review",
                f"joins {cohort_id} as a mentee, but {'; '.join([*obstacles, closed])}: "
                "the program's coordinators decide on a join outside enrollment",
                self._coordinators(cohort.program),
            )
        if obstacles:
            return Judgement(
                change,
                "needs-review",
                f"joins {cohort_id} as a mentee, but {'; '.join(obstacles)}: the cohort's mentors decide",
                self._cohort_approvers(cohort),
            )
        seats = cohort.open_seats
        return allowed(
            change,
            f"joins {cohort_id} as a mentee: it accepts mentees, has {seats} free seat{'s' * (seats != 1)}, "
            "its enrollment is open, and they meet its eligibility",
        )

    def _membership_ended(self, change: Change) -> Judgement:
        now: Membership = change.after
        cohort = self._base_cohort(change)
        if (
            self._is_author(change.subject)
            and now.outcome == "withdrawn"
            and now.left is not None
            and set(change.fields) <= {"outcome", "left", "note"}
        ):
            return allowed(change, f"ends their own membership of {change.cohort} (withdrawn on {now.left})")
        whose = "their own" if self._is_author(change.subject) else f"{change.subject}'s"
        return Judgement(
            change,
            "needs-review",
            f"records {whose} {change.role} membership of {change.cohort} as {now.outcome}: "
            "the cohort's mentors confirm outcomes",
            self._cohort_approvers(cohort),
            mention=() if self._is_author(change.subject) else (change.subject,),
        )

    def _membership_changed(self, change: Change) -> Judgement:
        was: Membership = change.before
        cohort = self._base_cohort(change)
        historic = not was.active or (cohort is not None and cohort.status in ("completed", "cancelled"))
        # A coordinator (of the base's program, so a pull request cannot appoint one) corrects
        # history too, as when the attendance the check-ins show reaches a member who left;
        # another coordinator then approves, since nobody approves their own change.
        corrector = self._is_author(change.subject) or self.author in {
            c.lower() for c in self._coordinators(cohort.program if cohort else None)
        }
        if historic and not corrector:
            return rejected(
                change,
                f"rewrites {change.subject}'s history in {change.cohort} ({_fields(change)}); "
                "past memberships are only corrected by the person or a coordinator",
            )
        reviewers = (
            self._coordinators(cohort.program if cohort else None)
            if historic
            else self._cohort_approvers(cohort)
        )
        whose = "their own" if self._is_author(change.subject) else f"{change.subject}'s"
        return Judgement(
            change,
            "needs-review",
            f"changes {whose} {change.role} membership of {change.cohort} ({_fields(change)})",
            reviewers,
            mention=() if self._is_author(change.subject) else (change.subject,),
        )

    def _membership_removed(self, change: Change) -> Judgement:
        was: Membership = change.before
        cohort = self._base_cohort(change)
        if membership_has_history(was, cohort):
            return rejected(
                change,
                f"deletes {change.subject}'s {change.role} membership of {change.cohort}, which has history: "
                "record it with `outcome: withdrawn` and a `left` date instead",
            )
        whose = "their own" if self._is_author(change.subject) else f"{change.subject}'s"
        return Judgement(
            change,
            "needs-review",
            f"deletes {whose} {change.role} membership of {change.cohort}; memberships are normally ended "
            "with `outcome: withdrawn` and a `left` date",
            self._cohort_approvers(cohort),
            mention=() if self._is_author(change.subject) else (change.subject,),
        )

    # Cohorts and programs

    def _cohort_added(self, change: Change) -> Judgement:
        program_id = change.after.program
        return Judgement(
            change,
            "needs-review",
            f"creates the cohort {change.subject} in {program_id}: the program's coordinators approve",
            self._coordinators(program_id),
        )

    def _cohort_changed(self, change: Change) -> Judgement:
        cohort: Cohort = change.before
        return Judgement(
            change,
            "needs-review",
            f"edits the cohort {change.subject} ({_fields(change)}): its mentors or the program's "
            "coordinators approve",
            self._cohort_approvers(cohort),
        )

    def _cohort_removed(self, change: Change) -> Judgement:
        cohort: Cohort = change.before
        if cohort.status != "forming" or cohort.memberships:
            return rejected(
                change,
                f"deletes the cohort {change.subject}, which has members or has run: set its status to "
                "`cancelled` or `completed` instead",
            )
        return Judgement(
            change,
            "needs-review",
            f"deletes the empty forming cohort {change.subject}",
            self._coordinators(cohort.program),
        )

    def _program_added(self, change: Change) -> Judgement:
        return Judgement(
            change, "needs-review", f"creates the program {change.subject}: a maintainer approves"
        )

    def _program_changed(self, change: Change) -> Judgement:
        return Judgement(
            change,
            "needs-review",
            f"edits the program {change.subject} ({_fields(change)}): its coordinators approve",
            self._coordinators(change.subject),
        )

    def _program_removed(self, change: Change) -> Judgement:
        return rejected(
            change,
            f"deletes the program {change.subject}; a program's history stays: end its terms instead",
        )

    # Facts from the base

    def _is_author(self, login: str) -> bool:
        return login.lower() == self.author

    def _base_cohort(self, change: Change) -> Cohort | None:
        return self.base.cohorts.get(change.cohort or "")

    def _program_id(self, cohort_id: str) -> str | None:
        cohort = self.head.cohorts.get(cohort_id)
        return cohort.program if cohort else None

    def _coordinators(self, program_id: str | None) -> tuple[str, ...]:
        program = self.base.programs.get(program_id or "")
        return program.coordinators if program else ()

    def _cohort_approvers(self, cohort: Cohort | None) -> tuple[str, ...]:
        if cohort is None:
            return ()
        mentors = tuple(m.person for m in cohort.active_mentors)
        return _unique((*mentors, *self._coordinators(cohort.program)))

    def _coordinators_for_person(self, login: str) -> tuple[str, ...]:
        joined = [
            c.cohort
            for c in self.changes
            if c.kind == "membership-added" and c.subject.lower() == login.lower() and c.cohort
        ]
        programs = [self._program_id(cohort_id) for cohort_id in joined] or sorted(self.base.programs)
        return _unique(tuple(login for p in programs for login in self._coordinators(p)))

    def _history_of(self, login: str) -> list[str]:
        return sorted(
            cohort.id
            for cohort in self.base.cohorts.values()
            if any(
                m.person.lower() == login.lower() and membership_has_history(m, cohort)
                for m in cohort.memberships
            )
        )

    def _enrollment_closed(self, cohort: Cohort) -> str:
        """Why the term's enrollment window (the one calendar's) keeps out a join today; empty if open."""
        if not cohort.running:
            return ""  # a cohort that is over or cancelled is an obstacle for its mentors to judge
        return CohortCalendar(cohort, self.base.programs.get(cohort.program)).enrollment_reason(self.today)

    def _join_obstacles(self, cohort: Cohort, login: str) -> list[str]:
        obstacles = []
        if cohort.status not in ("forming", "active"):
            obstacles.append(f"the cohort is {cohort.status}")
        if not cohort.accepting_mentees:
            obstacles.append("the cohort does not accept mentees")
        elif cohort.open_seats <= 0:
            obstacles.append(f"all {cohort.mentee_seats} seats are taken")
        person: Person | None = self.head.person(login)
        program = self.base.programs.get(cohort.program)
        if person is not None and program is not None:
            obstacles.extend(f"not eligible: {rule.text}" for rule in unmet_rules(person, program, "mentee"))
        return obstacles


def _rename_pairs(changes: Sequence[Change]) -> dict[str, str]:
    """New login -> old login, for person files removed and added with the same name in one change."""
    removed = {c.before.name.casefold(): c.subject for c in changes if c.kind == "person-removed"}
    return {
        c.subject.lower(): removed[c.after.name.casefold()]
        for c in changes
        if c.kind == "person-added" and c.after.name.casefold() in removed
    }


def _unique(logins: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for login in logins:
        seen.setdefault(login.lower(), login)
    return tuple(seen.values())


def _fields(change: Change) -> str:
    return ", ".join(change.fields) or "no field"
