"""A match run as text for a terminal, Markdown for a pull request's body, or JSON for tools."""

from __future__ import annotations

import json
from dataclasses import asdict

from cohortkit.matching.result import MatchResult, Proposal
from cohortkit.matching.weights import TERMS


def _terms(proposal: Proposal) -> str:
    return ", ".join(
        f"{t} +{proposal.terms[t]} ({proposal.details[t]})"
        if proposal.terms[t]
        else f"{t} +0 ({proposal.details[t]})"
        for t in TERMS
    )


def _ratio(result: MatchResult) -> str:
    if not result.greedy_fit:
        return "greedy placed nobody"
    return f"{result.fit / result.greedy_fit:.3f}x the greedy baseline's total fit ({result.greedy_fit})"


def as_json(result: MatchResult) -> str:
    data = {
        "today": result.today.isoformat(),
        "proposals": [asdict(p) for p in result.proposals],
        "unplaced": [asdict(u) for u in result.unplaced],
        "gaps": [asdict(g) for g in result.gaps],
        "markets": [asdict(m) for m in result.markets],
        "quiet": [
            {
                "login": q.login,
                "cohort": q.cohort,
                "since": q.since.isoformat(),
                "checkins": q.checkins,
                "checkins_read": q.as_of.isoformat() if q.as_of else None,
            }
            for q in result.quiet
        ],
        "total_fit": result.fit,
        "greedy_total_fit": result.greedy_fit,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_text(result: MatchResult) -> str:
    lines = [f"Matching as of {result.today.isoformat()}", *_quiet(result), ""]
    for proposal in result.proposals:
        lines.append(f"propose {proposal.login} as {proposal.role} of {proposal.cohort} (fit {proposal.fit})")
        if proposal.need:
            lines.append(f"    needed: {proposal.need}")
        lines.append(f"    {_terms(proposal)}")
        lines.append(f"    why: {proposal.why}")
    if not result.proposals:
        lines.append("no proposals")
    lines.append("")
    for item in result.unplaced:
        lines.append(f"waiting: {item.login} ({item.role} of {item.program}): {item.reason}")
    if result.gaps:
        lines.append("")
    for gap in result.gaps:
        mentors = ", ".join(gap.mentors) or "none with free capacity who fit"
        lines.append(f"demand: {gap.text} ({', '.join(gap.people)}); mentors who could lead it: {mentors}")
    lines += ["", _summary(result)]
    return "\n".join(lines) + "\n"


def _quiet(result: MatchResult) -> list[str]:
    """Whose silence the run counted, so a coordinator knows the check-ins were read, and when."""
    if not result.quiet:
        return []
    read = sorted({q.as_of.isoformat() for q in result.quiet if q.as_of})
    when = f" (check-ins read on {', '.join(read)})" if read else ""
    who = ", ".join(f"{q.login} in {q.cohort}" for q in result.quiet)
    return [f"Mentors quiet by the check-ins{when}, counted as unavailable: {who}."]


def _summary(result: MatchResult) -> str:
    placed = sum(m.placed for m in result.markets)
    seekers = sum(m.seekers for m in result.markets)
    return (
        f"{len(result.proposals)} proposal(s) for {placed} of {seekers} seeker(s); total fit {result.fit}, "
        f"{_ratio(result)}"
    )


def _why(proposal: Proposal) -> str:
    return f"Needed: {proposal.need}. {proposal.why}" if proposal.need else proposal.why


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(result: MatchResult) -> str:
    lines = [
        f"Proposed by `cohortkit match` as of {result.today.isoformat()}. Each placement's fit is the sum "
        "of the terms shown (weights from the program's `matching:` or the defaults); the assignment is the "
        "exact optimum: as many people placed as the limits allow, then the highest total fit.",
        *(f"\n{line}" for line in _quiet(result)),
        "",
        "## Proposed memberships",
        "",
    ]
    if result.proposals:
        lines += ["| person | role | cohort | fit | terms | why this cohort |", "|---|---|---|---:|---|---|"]
        lines += [
            f"| {p.login} | {p.role} | `{p.cohort}` | {p.fit} | {_cell(_terms(p))} | {_cell(_why(p))} |"
            for p in result.proposals
        ]
    else:
        lines.append("None.")
    lines += ["", "## Still waiting", ""]
    if result.unplaced:
        lines += ["| person | role | program | why |", "|---|---|---|---|"]
        lines += [f"| {u.login} | {u.role} | {u.program} | {_cell(u.reason)} |" for u in result.unplaced]
    else:
        lines.append("Nobody.")
    if result.gaps:
        lines += ["", "## Where demand exceeds seats", ""]
        for gap in result.gaps:
            mentors = ", ".join(gap.mentors) or "no mentor with free capacity fits"
            lines.append(
                f"- {_cell(gap.text)}: {', '.join(gap.people)}. Mentors who could lead a new cohort: {mentors}."
            )
    lines += ["", _summary(result), ""]
    return "\n".join(lines)
